//! `meridian timeoff add|list`: record and list days off.

use crate::output::print_json;
use clap::Subcommand;
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum TimeoffAction {
    /// Days off for someone, dates inclusive.
    Add {
        handle: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Time off of one person or everyone.
    List {
        handle: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, action: TimeoffAction) -> Result<(), Error> {
    match action {
        TimeoffAction::Add {
            handle,
            from,
            to,
            note,
            json,
        } => {
            let entry = meridian.add_time_off(&handle, &from, &to, note.as_deref())?;
            if json {
                return print_json(&entry);
            }
            println!(
                "Time off for @{}: {} to {}",
                handle.trim_start_matches('@'),
                entry.first_day,
                entry.last_day
            );
        }
        TimeoffAction::List { handle, json } => {
            let entries = meridian.time_off(handle.as_deref())?;
            if json {
                return print_json(&entries);
            }
            for entry in entries {
                let member = meridian.member_handle(&entry.member_id);
                println!(
                    "@{member}  {} → {}  {}",
                    entry.first_day,
                    entry.last_day,
                    entry.note.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
