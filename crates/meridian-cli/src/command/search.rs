//! `meridian search QUERY`: everything the team wrote, from the local index (brought up to
//! the log first, with a progress bar when that takes a while); `meridian search reindex`
//! builds the index again from the whole log.

use crate::output::print_json;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use meridian::model::{IndexProgress, SearchHit};
use meridian::{Error, Meridian};
use meridian_search::{TantivyIndex, WriterBudget};
use std::sync::Arc;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SearchArgs {
    #[command(subcommand)]
    action: Option<SearchAction>,
    /// Words, "exact phrases", -excluded, from:@handle, in:#channel, is:thread|doc|channel|member,
    /// is:open, is:archived, has:blocker, before:YYYY-MM-DD, after:YYYY-MM-DD. To search for
    /// the word "reindex", put `--` before it.
    query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SearchAction {
    /// Build the search index again from the whole log, with a progress bar.
    Reindex {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, args: SearchArgs) -> Result<(), Error> {
    meridian.attach_search(Arc::new(TantivyIndex::open_in(
        meridian.data_dir(),
        WriterBudget::LARGE,
    )?));
    match args.action {
        Some(SearchAction::Reindex { json }) => {
            let bar = progress_bar(json);
            let written = meridian.reindex(&mut |progress| show(&bar, progress))?;
            bar.finish_and_clear();
            if json {
                print_json(&serde_json::json!({ "indexed": written }))?;
            } else {
                println!("Search index rebuilt: {written} items from the log.");
            }
            Ok(())
        }
        None => search(meridian, &args.query.join(" "), args.limit, args.json),
    }
}

fn search(meridian: &Meridian, query: &str, limit: usize, json: bool) -> Result<(), Error> {
    if limit == 0 || limit > 500 {
        return Err(Error::Invalid {
            field: "limit",
            message: "--limit takes a number from 1 to 500.".into(),
        });
    }
    if query.trim().is_empty() {
        return Err(Error::Invalid {
            field: "query",
            message: "Say what to search for, such as `meridian search launch from:@priya`.".into(),
        });
    }
    // A large backlog (a new or rebuilt index) is indexed here, visibly, before answering.
    if meridian.index_lag()?.is_some() {
        let bar = progress_bar(json);
        match meridian.index_catch_up(&mut |progress| show(&bar, progress)) {
            Ok(_) | Err(Error::Conflict(_)) => {}
            Err(err) => return Err(err),
        }
        bar.finish_and_clear();
    }
    // A trailing space: every word is whole, as typed in full (no prefix matching).
    let results = meridian.search(&format!("{query} "), limit)?;
    if json {
        return print_json(&results);
    }
    if results.hits.is_empty() {
        println!("Nothing matches {query:?}.");
    }
    for hit in &results.hits {
        print_hit(hit);
    }
    Ok(())
}

fn print_hit(hit: &SearchHit) {
    let text = |parts: &[meridian::model::SnippetPart]| {
        parts
            .iter()
            .map(|part| {
                if part.hit {
                    format!("[{}]", part.text)
                } else {
                    part.text.clone()
                }
            })
            .collect::<String>()
    };
    let when = hit.at.as_deref().map(|at| &at[..at.len().min(10)]);
    let meta: Vec<&str> = [Some(hit.location.as_str()), hit.author.as_deref(), when]
        .into_iter()
        .flatten()
        .collect();
    println!(
        "{} {}{}",
        hit.kind,
        text(&hit.title),
        if hit.archived { " (archived)" } else { "" }
    );
    println!("  {} · {}", meta.join(" · "), hit.id);
    let snippet = text(&hit.snippet);
    if !snippet.trim().is_empty() {
        println!("  {}", snippet.trim());
    }
}

fn progress_bar(hidden: bool) -> ProgressBar {
    if hidden {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("Indexing {bar:30} {percent:>3}% ({pos} of {len})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn show(bar: &ProgressBar, progress: IndexProgress) {
    bar.set_length(u64::try_from(progress.total).unwrap_or(0));
    bar.set_position(u64::try_from(progress.done).unwrap_or(0));
}
