//! `meridian init`: the app's first-run onboarding, from a terminal.

use crate::{output, parse};
use clap::Args;
use meridian::model::{OnboardingInput, WeeklyHours};
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Your display name.
    #[arg(long)]
    name: String,
    /// Your @handle (2–32 of a-z 0-9 - _, starting with a letter).
    #[arg(long)]
    handle: String,
    /// IANA time zone such as Europe/Berlin [default: the system's].
    #[arg(long = "tz")]
    time_zone: Option<String>,
    /// Working hours, repeatable: "mon-fri 09:00-17:00", "sat 10:00-12:00,13:00-15:00".
    /// [default: mon-fri 09:00-17:00]
    #[arg(long = "hours")]
    hours: Vec<String>,
    /// Your team's name.
    #[arg(long)]
    team: String,
}

pub fn run(meridian: &mut Meridian, args: InitArgs) -> Result<(), Error> {
    let working_hours = parse::hours_or(&args.hours, WeeklyHours::standard)?;
    let snapshot = meridian.complete_onboarding(OnboardingInput {
        display_name: args.name,
        handle: args.handle,
        time_zone: args.time_zone.unwrap_or_else(meridian_os::system_time_zone),
        working_hours,
        team_name: args.team,
    })?;
    output::print_profile(&snapshot);
    Ok(())
}
