//! `meridian profile [set]`: show my profile, or change some of its fields.

use crate::{output, parse};
use clap::{Args, Subcommand};
use meridian::model::ProfileInput;
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    action: Option<ProfileAction>,
}

#[derive(Debug, Subcommand)]
enum ProfileAction {
    /// Change profile fields; the ones you leave out stay as they are.
    Set(SetArgs),
}

#[derive(Debug, Args)]
struct SetArgs {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    handle: Option<String>,
    #[arg(long = "tz")]
    time_zone: Option<String>,
    /// Replaces the whole week: repeat for each group of days.
    #[arg(long = "hours")]
    hours: Vec<String>,
    #[arg(long)]
    team: Option<String>,
}

pub fn run(meridian: &mut Meridian, args: ProfileArgs) -> Result<(), Error> {
    match args.action {
        None => show(meridian, args.json),
        Some(ProfileAction::Set(set_args)) => set(meridian, set_args, args.json),
    }
}

fn show(meridian: &Meridian, json: bool) -> Result<(), Error> {
    let snapshot = meridian.snapshot()?;
    if json {
        return output::print_profile_json(&snapshot);
    }
    if snapshot.me.is_none() {
        println!("Not set up yet. Run `meridian init --name NAME --handle HANDLE --team TEAM`.");
    } else {
        output::print_profile(&snapshot);
    }
    Ok(())
}

fn set(meridian: &mut Meridian, args: SetArgs, json: bool) -> Result<(), Error> {
    let snapshot = meridian.snapshot()?;
    let (Some(me), team_now) = (snapshot.me, snapshot.team) else {
        return Err(super::not_set_up());
    };
    // The core takes the whole profile, so fields left out are filled with their current value.
    let working_hours = parse::hours_or(&args.hours, || me.working_hours)?;
    let snapshot = meridian.update_profile(ProfileInput {
        display_name: args.name.unwrap_or(me.display_name),
        handle: args.handle.unwrap_or(me.handle),
        time_zone: args.time_zone.unwrap_or(me.time_zone),
        working_hours,
        team_name: args
            .team
            .or(team_now.map(|team| team.name))
            .unwrap_or_default(),
    })?;
    if json {
        output::print_profile_json(&snapshot)
    } else {
        output::print_profile(&snapshot);
        Ok(())
    }
}
