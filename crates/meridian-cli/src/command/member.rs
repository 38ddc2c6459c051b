//! `meridian member add|edit|list`: teammates entered by hand, and their planned moves.

use crate::output::print_json;
use crate::parse;
use clap::{ArgGroup, Subcommand};
use meridian::model::{MemberInput, WeeklyHours};
use meridian::{team, validate, Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum MemberAction {
    /// Add a teammate.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        handle: String,
        #[arg(long = "tz")]
        time_zone: String,
        /// Working hours, repeatable [default: mon-fri 09:00-17:00].
        #[arg(long = "hours")]
        hours: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change a teammate; fields left out stay as they are.
    // A move needs both halves: alone, --to-tz would let the edit be saved while the move asked
    // for is silently dropped. (A group rather than a second `requires`, which would reorder
    // the usage line clap prints for a lone --moving-on.)
    #[command(group = ArgGroup::new("zone_move").arg("moving_to").requires("moving_on"))]
    Edit {
        handle: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "new-handle")]
        new_handle: Option<String>,
        #[arg(long = "tz")]
        time_zone: Option<String>,
        #[arg(long = "hours")]
        hours: Vec<String>,
        /// Plan a move: from this date (YYYY-MM-DD) they work from --to-tz.
        #[arg(long = "moving-on", requires = "moving_to")]
        moving_on: Option<String>,
        #[arg(long = "to-tz")]
        moving_to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Everyone on the team.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, action: MemberAction) -> Result<(), Error> {
    match action {
        MemberAction::Add {
            name,
            handle,
            time_zone,
            hours,
            json,
        } => {
            let working_hours = parse::hours_or(&hours, WeeklyHours::standard)?;
            let member = meridian.add_member(MemberInput {
                display_name: name,
                handle,
                time_zone,
                working_hours,
            })?;
            if json {
                return print_json(&member);
            }
            println!(
                "Added {} (@{}) in {}",
                member.display_name, member.handle, member.time_zone
            );
        }
        MemberAction::Edit {
            handle,
            name,
            new_handle,
            time_zone,
            hours,
            moving_on,
            moving_to,
            json,
        } => {
            let member = meridian.member_by_handle(&handle)?;
            let working_hours = parse::hours_or(&hours, || member.working_hours)?;
            // The edit and the planned move are two writes. The move's date and zone are
            // checked (by the core's own rules) before the edit is saved, so a bad one
            // refuses the whole command instead of leaving the edit without the move.
            let moving = match (moving_on, moving_to) {
                (Some(day), Some(zone)) => {
                    team::parse_day("from_day", &day)?;
                    validate::time_zone(&zone)?;
                    Some((day, zone))
                }
                _ => None,
            };
            let member = meridian.edit_member(
                &handle,
                MemberInput {
                    display_name: name.unwrap_or(member.display_name),
                    handle: new_handle.unwrap_or(member.handle),
                    time_zone: time_zone.unwrap_or(member.time_zone),
                    working_hours,
                },
            )?;
            if let Some((day, zone)) = moving {
                meridian.plan_zone_change(&member.handle, &day, &zone)?;
            }
            if json {
                return print_json(&member);
            }
            println!("Saved {} (@{})", member.display_name, member.handle);
        }
        MemberAction::List { json } => {
            let members = meridian.members()?;
            if json {
                return print_json(&members);
            }
            for member in members {
                println!(
                    "@{:<16} {:<24} {}{}",
                    member.handle,
                    member.display_name,
                    member.time_zone,
                    if member.is_me { "  (you)" } else { "" }
                );
            }
        }
    }
    Ok(())
}
