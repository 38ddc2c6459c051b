//! `meridian focus …`: focus sessions now, and recurring deep-work blocks (`focus block …`).

use crate::output::print_json;
use crate::parse;
use clap::Subcommand;
use meridian::app::focus_line;
use meridian::{time, validate, Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum FocusAction {
    /// Start focusing: DURATION like 25, 25m, 1h or 1h30m.
    Start {
        duration: String,
        #[arg(long)]
        label: Option<String>,
    },
    /// Stop focusing now.
    Stop,
    /// Give the running session more time: 15, 15m, 1h.
    Extend { duration: String },
    /// Are you focusing, and until when?
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Recurring deep-work blocks.
    Block {
        #[command(subcommand)]
        action: BlockAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum BlockAction {
    /// Add a block: --days mon-fri --start 09:00 --end 11:00.
    Add {
        /// Whose block [default: yours].
        #[arg(long = "for")]
        handle: Option<String>,
        #[arg(long, default_value = "mon-fri")]
        days: String,
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        #[arg(long)]
        label: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List blocks (yours, or everyone's with --all).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Remove a block by id (it is archived, not deleted).
    Remove { id: String },
}

pub fn run(meridian: &mut Meridian, action: FocusAction) -> Result<(), Error> {
    match action {
        FocusAction::Start { duration, label } => {
            let minutes = validate::focus_duration(&duration)?;
            let snapshot = meridian.start_focus(minutes, label.as_deref())?;
            println!("{}", focus_line(&snapshot));
        }
        FocusAction::Stop => {
            let snapshot = meridian.stop_focus()?;
            println!("{}", focus_line(&snapshot));
        }
        FocusAction::Extend { duration } => {
            let minutes = validate::focus_duration(&duration)?;
            let snapshot = meridian.extend_focus(minutes)?;
            println!("{}", focus_line(&snapshot));
        }
        FocusAction::Status { json } => {
            let snapshot = meridian.snapshot()?;
            if !json {
                println!("{}", focus_line(&snapshot));
                return Ok(());
            }
            // Scripts want a countdown, not an instant they would have to parse and subtract.
            let remaining = snapshot.focus.as_ref().and_then(|focus| {
                let ends = meridian::log::ops::parse_instant(&focus.ends_at).ok()?;
                Some((ends - meridian.now()).num_seconds().max(0))
            });
            print_json(&serde_json::json!({
                "focusing": snapshot.focus.is_some(),
                "session": snapshot.focus,
                "remaining_seconds": remaining,
            }))?;
        }
        FocusAction::Block { action } => run_block(meridian, action)?,
    }
    Ok(())
}

fn run_block(meridian: &mut Meridian, action: BlockAction) -> Result<(), Error> {
    match action {
        BlockAction::Add {
            handle,
            days,
            start,
            end,
            label,
            json,
        } => {
            let handle = match handle {
                Some(handle) => handle,
                None => meridian
                    .me()?
                    .map(|me| me.handle)
                    .ok_or_else(super::not_set_up)?,
            };
            let weekdays = parse::days(&days)?;
            let block =
                meridian.add_focus_block(&handle, &weekdays, &start, &end, label.as_deref())?;
            if json {
                return print_json(&block);
            }
            println!(
                "Focus block {} added: {}–{} ({})",
                block.id, block.start, block.end, days
            );
        }
        BlockAction::List { all, json } => {
            let handle = if all {
                None
            } else {
                meridian.me()?.map(|me| me.handle)
            };
            let blocks = meridian.focus_blocks(handle.as_deref())?;
            if json {
                return print_json(&blocks);
            }
            for block in blocks {
                let days: Vec<&str> = block
                    .weekdays
                    .iter()
                    .filter_map(|day| time::WEEKDAYS_SHORT.get(usize::from(*day)).copied())
                    .collect();
                println!(
                    "{}  {}–{}  {}  {}",
                    block.id,
                    block.start,
                    block.end,
                    days.join(","),
                    block.label.unwrap_or_default()
                );
            }
        }
        BlockAction::Remove { id } => {
            meridian.remove_focus_block(&id)?;
            println!("Focus block {id} removed.");
        }
    }
    Ok(())
}
