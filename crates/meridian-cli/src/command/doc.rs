//! `meridian doc …`: long-form docs where every save is a revision; history, diff, restore.

use crate::output::print_json;
use clap::Subcommand;
use meridian::model::{DiffTag, DocDetail};
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum DocAction {
    /// Write a new doc from --body or --file.
    New {
        #[arg(long)]
        title: String,
        #[arg(long, conflicts_with = "file")]
        body: Option<String>,
        #[arg(long)]
        file: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Save a new revision from --body or --file.
    Edit {
        id: String,
        #[arg(long, conflicts_with = "file")]
        body: Option<String>,
        #[arg(long)]
        file: Option<std::path::PathBuf>,
        #[arg(long)]
        title: Option<String>,
        /// What changed, in a few words.
        #[arg(long)]
        summary: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List docs (archived ones too with --archived).
    List {
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show a doc (at --rev N or id; the latest by default).
    Show {
        id: String,
        #[arg(long)]
        rev: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every revision, oldest first, numbered.
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Word-level diff of two revisions (default: the last two).
    Diff {
        id: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Restore an older revision (as a new revision; nothing is lost).
    Restore { id: String, rev: String },
    /// Merge the versions of a doc edited on two devices, with the merged text.
    Merge {
        id: String,
        #[arg(long, conflicts_with = "file")]
        body: Option<String>,
        #[arg(long)]
        file: Option<std::path::PathBuf>,
        #[arg(long)]
        summary: Option<String>,
    },
    /// Comment on a passage of the doc.
    Comment {
        id: String,
        #[arg(long)]
        quote: String,
        #[arg(long)]
        body: String,
    },
    /// Archive a doc: out of lists, still linkable, never deleted.
    Archive { id: String },
    /// Bring an archived doc back (`doc restore` restores a revision).
    Unarchive { id: String },
}

fn text_from(body: Option<String>, file: Option<std::path::PathBuf>) -> Result<String, Error> {
    match (body, file) {
        (Some(body), _) => Ok(body),
        (None, Some(path)) => std::fs::read_to_string(&path).map_err(|source| Error::Io {
            context: format!(
                "could not read {} (give a readable text file)",
                path.display()
            ),
            source,
        }),
        (None, None) => Err(Error::invalid(
            "body",
            "Give the text with --body TEXT or --file PATH.",
        )),
    }
}

fn print_doc(doc: &DocDetail) {
    println!("{}", doc.summary.title);
    println!(
        "revision {} of {} · {}{}",
        doc.revisions.len()
            - doc
                .revisions
                .iter()
                .position(|rev| rev.id == doc.revision.id)
                .unwrap_or(0),
        doc.summary.revision_count,
        doc.revision.created_at,
        if doc.summary.head_count > 1 {
            format!(
                " · {} versions: merge them with `meridian doc merge`",
                doc.summary.head_count
            )
        } else {
            String::new()
        }
    );
    println!();
    println!("{}", doc.body);
    for comment in &doc.comments {
        let state = if comment.anchored {
            ""
        } else {
            " (the quoted text changed)"
        };
        println!();
        println!("> {}{state}", comment.quote);
        println!(
            "  @{}: {}",
            comment
                .author
                .as_ref()
                .map(|a| a.handle.as_str())
                .unwrap_or("?"),
            comment.body
        );
    }
}

pub fn run(meridian: &mut Meridian, action: DocAction) -> Result<(), Error> {
    match action {
        DocAction::New {
            title,
            body,
            file,
            json,
        } => {
            let body = text_from(body, file)?;
            let posted = meridian.create_doc(&title, &body, None)?;
            if json {
                return print_json(&meridian.doc(&posted.id, None)?);
            }
            println!("Created doc {}", posted.id);
        }
        DocAction::Edit {
            id,
            body,
            file,
            title,
            summary,
            json,
        } => {
            let body = text_from(body, file)?;
            meridian.edit_doc(&id, title.as_deref(), &body, summary.as_deref(), None)?;
            let doc = meridian.doc(&id, None)?;
            if json {
                return print_json(&doc);
            }
            println!(
                "Saved revision {} of {}",
                doc.summary.revision_count, doc.summary.title
            );
        }
        DocAction::List { archived, json } => {
            let docs = meridian.docs(archived)?;
            if json {
                return print_json(&docs);
            }
            if docs.is_empty() {
                println!("No docs yet. Write one with `meridian doc new --title T --file F`.");
            }
            for doc in &docs {
                println!(
                    "{}{}{} · {} revision{} · {}",
                    doc.title,
                    if doc.head_count > 1 {
                        format!(" ({} versions)", doc.head_count)
                    } else {
                        String::new()
                    },
                    if doc.archived { " [archived]" } else { "" },
                    doc.revision_count,
                    if doc.revision_count == 1 { "" } else { "s" },
                    doc.id
                );
            }
        }
        DocAction::Show { id, rev, json } => {
            let doc = meridian.doc(&id, rev.as_deref())?;
            if json {
                return print_json(&doc);
            }
            print_doc(&doc);
        }
        DocAction::History { id, json } => {
            let doc = meridian.doc(&id, None)?;
            if json {
                return print_json(&doc.revisions);
            }
            let heads = doc.summary.head_count;
            for (at, revision) in doc.revisions.iter().rev().enumerate() {
                println!(
                    "{:>3} · {} · @{} · {}{}",
                    at + 1,
                    revision.created_at,
                    revision
                        .author
                        .as_ref()
                        .map(|a| a.handle.as_str())
                        .unwrap_or("?"),
                    revision.summary.as_deref().unwrap_or("(no summary)"),
                    if revision.is_head && heads > 1 {
                        " · head"
                    } else {
                        ""
                    }
                );
            }
        }
        DocAction::Diff { id, from, to, json } => {
            let diff = meridian.doc_diff(&id, from.as_deref(), to.as_deref())?;
            if json {
                return print_json(&diff);
            }
            let mut out = String::new();
            for chunk in &diff.chunks {
                match chunk.tag {
                    DiffTag::Equal => out.push_str(&chunk.text),
                    DiffTag::Insert => out.push_str(&format!("{{+{}+}}", chunk.text)),
                    DiffTag::Delete => out.push_str(&format!("[-{}-]", chunk.text)),
                }
            }
            println!("{out}");
        }
        DocAction::Restore { id, rev } => {
            meridian.restore_doc(&id, &rev)?;
            let doc = meridian.doc(&id, None)?;
            println!(
                "Restored revision {rev} as revision {}",
                doc.summary.revision_count
            );
        }
        DocAction::Merge {
            id,
            body,
            file,
            summary,
        } => {
            let body = text_from(body, file)?;
            meridian.merge_doc(&id, None, &body, summary.as_deref())?;
            println!("Merged the versions of {id}");
        }
        DocAction::Comment { id, quote, body } => {
            let posted = meridian.comment_on_doc(&id, &quote, &body)?;
            println!("Commented {}", posted.id);
            for warning in &posted.warnings {
                eprintln!("warning: {warning}");
            }
        }
        DocAction::Archive { id } => {
            meridian.set_archived(&id, true)?;
            println!("Archived doc {id}; `meridian doc unarchive {id}` brings it back.");
        }
        DocAction::Unarchive { id } => {
            meridian.set_archived(&id, false)?;
            println!("Restored doc {id}");
        }
    }
    Ok(())
}
