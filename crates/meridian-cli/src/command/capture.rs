//! `meridian capture TEXT`: save a thought to your private capture list without opening the
//! app; `capture list` and `capture triage` turn them into tasks, threads or docs.

use crate::output::print_json;
use clap::{Args, Subcommand};
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CaptureArgs {
    #[command(subcommand)]
    action: Option<CaptureAction>,
    /// The thought, as one or more words.
    text: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CaptureAction {
    /// Your captures not yet triaged, newest first (--all for every one).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Turn a capture into a task, a thread (in --channel) or a doc.
    Triage {
        id: String,
        /// task, thread or doc.
        #[arg(long)]
        into: String,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, args: CaptureArgs) -> Result<(), Error> {
    match args.action {
        None => {
            let capture = meridian.capture(&args.text.join(" "))?;
            if args.json {
                return print_json(&capture);
            }
            println!("Captured ({})", capture.id);
        }
        Some(CaptureAction::List { all, json }) => {
            let captures = meridian.captures(all)?;
            if json {
                return print_json(&captures);
            }
            if captures.is_empty() {
                println!("Nothing captured. `meridian capture TEXT` saves a thought here.");
            }
            for capture in &captures {
                let state = match (&capture.triaged_kind, &capture.triaged_id) {
                    (Some(kind), Some(id)) => format!(" → {kind} {id}"),
                    _ => String::new(),
                };
                println!(
                    "{} · {} · {}{state}",
                    capture.created_at,
                    capture.text.lines().next().unwrap_or_default(),
                    capture.id
                );
            }
        }
        Some(CaptureAction::Triage {
            id,
            into,
            channel,
            json,
        }) => {
            let capture = meridian.triage_capture(&id, &into, channel.as_deref())?;
            if json {
                return print_json(&capture);
            }
            println!(
                "Made a {} of it: {}",
                capture.triaged_kind.as_deref().unwrap_or(&into),
                capture.triaged_id.as_deref().unwrap_or_default()
            );
        }
    }
    Ok(())
}
