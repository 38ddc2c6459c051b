//! `meridian thread …`, `meridian comment`, `meridian react` and `meridian thank`: threads
//! and the conversation in them.

use crate::output::print_json;
use clap::{Args, Subcommand};
use meridian::content::ThreadFilter;
use meridian::model::{Posted, ThreadDetail};
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum ThreadAction {
    /// Start a thread in a channel.
    New {
        #[arg(long)]
        channel: String,
        #[arg(long)]
        title: String,
        /// Markdown; @handles notify teammates.
        #[arg(long, default_value = "")]
        body: String,
        /// Hold each notification until the person's next working minute.
        #[arg(long)]
        in_their_hours: bool,
        #[arg(long)]
        json: bool,
    },
    /// List threads, newest first (in one channel with --channel).
    List {
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        archived: bool,
        /// Only threads you follow and have not marked done.
        #[arg(long)]
        following: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show a thread with its comments, nested.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Edit your thread's title or body (every version is kept).
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        body: Option<String>,
    },
    /// Every version of a thread or comment.
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Archive a thread (or a comment): out of lists, still linkable, never deleted.
    Archive {
        id: String,
    },
    /// Restore an archived thread or comment.
    Restore {
        id: String,
    },
    /// Mark a thread resolved (its title stays as it is).
    Resolve {
        id: String,
    },
    /// Reopen a resolved thread.
    Reopen {
        id: String,
    },
    /// Follow a thread: its activity reaches your inbox.
    Follow {
        id: String,
    },
    Unfollow {
        id: String,
    },
    /// Mark a thread done for you (undo with `thread undone`).
    Done {
        id: String,
    },
    Undone {
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct CommentArgs {
    thread_id: String,
    #[arg(long)]
    body: String,
    /// The comment this replies to (same thread).
    #[arg(long)]
    parent: Option<String>,
    /// Hold each notification until the person's next working minute.
    #[arg(long)]
    in_their_hours: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ReactArgs {
    /// A thread or comment id.
    item_id: String,
    /// An emoji or its name: 👍, +1, tada, :rocket:.
    emoji: String,
}

#[derive(Debug, Args)]
pub struct ThankArgs {
    /// One or more @handles.
    #[arg(required = true)]
    people: Vec<String>,
    #[arg(long)]
    note: Option<String>,
    /// What the thanks is for: a thread or comment id.
    #[arg(long = "for")]
    item: Option<String>,
    #[arg(long)]
    json: bool,
}

fn print_posted(what: &str, posted: &Posted, json: bool) -> Result<(), Error> {
    if json {
        return print_json(posted);
    }
    println!("{what} {}", posted.id);
    for warning in &posted.warnings {
        eprintln!("warning: {warning}");
    }
    for held in &posted.held {
        println!("{held}");
    }
    Ok(())
}

fn print_thread(thread: &ThreadDetail) {
    let summary = &thread.summary;
    let mut flags = Vec::new();
    if summary.resolved {
        flags.push("resolved");
    }
    if summary.archived {
        flags.push("archived");
    }
    if summary.done {
        flags.push("done");
    }
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", flags.join(", "))
    };
    println!("{}{flags}", summary.title);
    println!(
        "#{} · @{} · {}{}",
        summary.channel_name,
        summary
            .author
            .as_ref()
            .map(|a| a.handle.as_str())
            .unwrap_or("?"),
        summary.created_at,
        thread
            .edited_at
            .as_ref()
            .map(|at| format!(" · edited {at}"))
            .unwrap_or_default()
    );
    if !thread.body.is_empty() {
        println!();
        for line in thread.body.lines() {
            println!("  {line}");
        }
    }
    for reaction in &thread.reactions {
        println!("  {} {}", reaction.emoji, reaction.people.len());
    }
    for comment in &thread.comments {
        let indent = "  ".repeat(comment.depth as usize + 1);
        let author = comment
            .author
            .as_ref()
            .map(|a| a.handle.as_str())
            .unwrap_or("?");
        let replying = comment
            .replying_to
            .as_ref()
            .map(|handle| format!(" replying to @{handle}"))
            .unwrap_or_default();
        println!();
        println!(
            "{indent}@{author}{replying} · {} · {}",
            comment.created_at, comment.id
        );
        if comment.archived {
            println!("{indent}  (archived)");
            continue;
        }
        for line in comment.body.lines() {
            println!("{indent}  {line}");
        }
        for reaction in &comment.reactions {
            println!("{indent}  {} {}", reaction.emoji, reaction.people.len());
        }
    }
}

pub fn run(meridian: &mut Meridian, action: ThreadAction) -> Result<(), Error> {
    match action {
        ThreadAction::New {
            channel,
            title,
            body,
            in_their_hours,
            json,
        } => {
            let posted = meridian.create_thread_with(&channel, &title, &body, in_their_hours)?;
            print_posted("Started thread", &posted, json)?;
        }
        ThreadAction::List {
            channel,
            archived,
            following,
            limit,
            json,
        } => {
            let threads = meridian.threads(&ThreadFilter {
                channel_id: channel,
                include_archived: archived,
                following_only: following,
                before: None,
                limit,
            })?;
            if json {
                return print_json(&threads);
            }
            if threads.is_empty() {
                println!("No threads yet. Start one with `meridian thread new --channel NAME --title T`.");
            }
            for thread in &threads {
                println!(
                    "{} #{} {}{}{} · {} comment{} · {}",
                    if thread.unread { "●" } else { " " },
                    thread.channel_name,
                    thread.title,
                    if thread.resolved { " ✓" } else { "" },
                    if thread.archived { " [archived]" } else { "" },
                    thread.comment_count,
                    if thread.comment_count == 1 { "" } else { "s" },
                    thread.id
                );
            }
        }
        ThreadAction::Show { id, json } => {
            let thread = meridian.thread(&id)?;
            if json {
                return print_json(&thread);
            }
            print_thread(&thread);
        }
        ThreadAction::Edit { id, title, body } => {
            let current = meridian.thread(&id)?;
            if title.is_none() && body.is_none() {
                return Err(Error::invalid(
                    "body",
                    "Give --title or --body (or both) to edit.",
                ));
            }
            let posted = meridian.edit_thread(
                &id,
                title.as_deref().unwrap_or(&current.summary.title),
                body.as_deref().unwrap_or(&current.body),
            )?;
            print_posted("Edited thread", &posted, false)?;
        }
        ThreadAction::History { id, json } => {
            let revisions = meridian.history(&id)?;
            if json {
                return print_json(&revisions);
            }
            for (number, revision) in revisions.iter().enumerate() {
                println!(
                    "{} · {} · @{}",
                    number + 1,
                    revision.created_at,
                    revision
                        .author
                        .as_ref()
                        .map(|a| a.handle.as_str())
                        .unwrap_or("?")
                );
                if let Some(title) = &revision.title {
                    println!("  {title}");
                }
                for line in revision.body.lines() {
                    println!("  {line}");
                }
            }
        }
        ThreadAction::Archive { id } => {
            meridian.set_archived(&id, true)?;
            println!("Archived {id}; `meridian thread restore {id}` brings it back.");
        }
        ThreadAction::Restore { id } => {
            meridian.set_archived(&id, false)?;
            println!("Restored {id}");
        }
        ThreadAction::Resolve { id } => {
            meridian.set_thread_resolved(&id, true)?;
            println!("Resolved {id}");
        }
        ThreadAction::Reopen { id } => {
            meridian.set_thread_resolved(&id, false)?;
            println!("Reopened {id}");
        }
        ThreadAction::Follow { id } => {
            meridian.set_following(&id, true)?;
            println!("Following {id}");
        }
        ThreadAction::Unfollow { id } => {
            meridian.set_following(&id, false)?;
            println!("No longer following {id}");
        }
        ThreadAction::Done { id } => {
            meridian.set_done(&id, true)?;
            println!("Marked {id} done");
        }
        ThreadAction::Undone { id } => {
            meridian.set_done(&id, false)?;
            println!("Marked {id} not done");
        }
    }
    Ok(())
}

pub fn comment(meridian: &mut Meridian, args: CommentArgs) -> Result<(), Error> {
    let posted = meridian.comment_with(
        &args.thread_id,
        args.parent.as_deref(),
        &args.body,
        args.in_their_hours,
    )?;
    print_posted("Commented", &posted, args.json)
}

pub fn react(meridian: &mut Meridian, args: ReactArgs) -> Result<(), Error> {
    let on = meridian.react(&args.item_id, &args.emoji)?;
    let emoji = meridian::content::parse_emoji(&args.emoji)?;
    println!("{} {emoji}", if on { "Reacted" } else { "Took back" });
    Ok(())
}

pub fn thank(meridian: &mut Meridian, args: ThankArgs) -> Result<(), Error> {
    let posted = meridian.thank(&args.people, args.note.as_deref(), args.item.as_deref())?;
    if args.json {
        return print_json(&posted);
    }
    println!("Thanked {}", args.people.join(", "));
    Ok(())
}
