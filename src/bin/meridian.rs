//! The `meridian` command line: onboarding, profile, focus and health checks on the same
//! database the desktop app uses.

use clap::{Args, Parser, Subcommand};
use meridian::model::{OnboardingInput, ProfileInput, Snapshot, TimeRange, WeeklyHours};
use meridian::{validate, Error, Meridian, NoEvents, SystemClock};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "meridian",
    version,
    about = "Meridian: async teamwork, local-first"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up this profile (the same as the app's first-run onboarding).
    Init(InitArgs),
    /// Show your profile, or change it with `profile set`.
    Profile {
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<ProfileAction>,
    },
    /// Start, stop or show focus mode.
    Focus {
        #[command(subcommand)]
        action: FocusAction,
    },
    /// Check the database: location, schema, op count, integrity, rebuild.
    Doctor {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
struct InitArgs {
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

#[derive(Debug, Subcommand)]
enum ProfileAction {
    /// Change profile fields; the ones you leave out stay as they are.
    Set {
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
    },
}

#[derive(Debug, Subcommand)]
enum FocusAction {
    /// Start focusing: DURATION like 25, 25m, 1h or 1h30m.
    Start {
        duration: String,
        #[arg(long)]
        label: Option<String>,
    },
    /// Stop focusing now.
    Stop,
    /// Are you focusing, and until when?
    Status {
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let mut meridian = Meridian::open_default(Arc::new(SystemClock), Arc::new(NoEvents))?;
    match cli.command {
        Command::Init(args) => {
            let working_hours = if args.hours.is_empty() {
                WeeklyHours::standard()
            } else {
                parse_hours(&args.hours)?
            };
            let snapshot = meridian.complete_onboarding(OnboardingInput {
                display_name: args.name,
                handle: args.handle,
                time_zone: args
                    .time_zone
                    .unwrap_or_else(meridian::app::system_time_zone),
                working_hours,
                team_name: args.team,
            })?;
            print_profile(&snapshot);
        }
        Command::Profile { json, action: None } => {
            let snapshot = meridian.snapshot()?;
            if json {
                print_json(&serde_json::json!({ "me": snapshot.me, "team": snapshot.team }))?;
            } else if snapshot.me.is_none() {
                println!(
                    "Not set up yet. Run `meridian init --name NAME --handle HANDLE --team TEAM`."
                );
            } else {
                print_profile(&snapshot);
            }
        }
        Command::Profile {
            json,
            action:
                Some(ProfileAction::Set {
                    name,
                    handle,
                    time_zone,
                    hours,
                    team,
                }),
        } => {
            let snapshot = meridian.snapshot()?;
            let (Some(me), team_now) = (snapshot.me, snapshot.team) else {
                return Err(Error::Conflict(
                    "Not set up yet. Run `meridian init` first.".into(),
                ));
            };
            let snapshot = meridian.update_profile(ProfileInput {
                display_name: name.unwrap_or(me.display_name),
                handle: handle.unwrap_or(me.handle),
                time_zone: time_zone.unwrap_or(me.time_zone),
                working_hours: if hours.is_empty() {
                    me.working_hours
                } else {
                    parse_hours(&hours)?
                },
                team_name: team.or(team_now.map(|team| team.name)).unwrap_or_default(),
            })?;
            if json {
                print_json(&serde_json::json!({ "me": snapshot.me, "team": snapshot.team }))?;
            } else {
                print_profile(&snapshot);
            }
        }
        Command::Focus {
            action: FocusAction::Start { duration, label },
        } => {
            let minutes = validate::focus_duration(&duration)?;
            let snapshot = meridian.start_focus(minutes, label.as_deref())?;
            println!("{}", focus_line(&snapshot));
        }
        Command::Focus {
            action: FocusAction::Stop,
        } => {
            let snapshot = meridian.stop_focus()?;
            println!("{}", focus_line(&snapshot));
        }
        Command::Focus {
            action: FocusAction::Status { json },
        } => {
            let snapshot = meridian.snapshot()?;
            if json {
                let remaining = snapshot.focus.as_ref().and_then(|focus| {
                    let ends = meridian::ops::parse_instant(&focus.ends_at).ok()?;
                    Some((ends - meridian.now()).num_seconds().max(0))
                });
                print_json(&serde_json::json!({
                    "focusing": snapshot.focus.is_some(),
                    "session": snapshot.focus,
                    "remaining_seconds": remaining,
                }))?;
            } else {
                println!("{}", focus_line(&snapshot));
            }
        }
        Command::Doctor { json } => {
            let report = meridian.doctor()?;
            if json {
                print_json(&report)?;
            } else {
                println!("data dir:        {}", report.data_dir);
                println!("database:        {}", report.database);
                println!("schema version:  {}", report.schema_version);
                println!("device:          {}", report.device_id);
                println!("ops:             {}", report.op_count);
                println!("integrity check: {}", report.integrity);
                println!(
                    "rebuild check:   {}",
                    if report.rebuild_matches {
                        "ok (replaying the log gives the same tables)"
                    } else {
                        "MISMATCH: tables differ from the log"
                    }
                );
            }
            if report.integrity != "ok" || !report.rebuild_matches {
                return Err(Error::Storage(
                    "the database needs attention (see above)".into(),
                ));
            }
        }
    }
    Ok(())
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Error> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn print_profile(snapshot: &Snapshot) {
    let Some(me) = &snapshot.me else { return };
    println!("{} (@{})", me.display_name, me.handle);
    if let Some(team) = &snapshot.team {
        println!("team:       {}", team.name);
    }
    println!(
        "time zone:  {} (UTC{}), now {} on {}",
        me.time_zone,
        snapshot.utc_offset.as_deref().unwrap_or(""),
        snapshot.local_time.as_deref().unwrap_or(""),
        snapshot.local_date.as_deref().unwrap_or("")
    );
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    for (day, ranges) in DAYS.iter().zip(&me.working_hours.days) {
        let text = if ranges.is_empty() {
            "off".to_owned()
        } else {
            ranges
                .iter()
                .map(|range| format!("{}–{}", range.start, range.end))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!("  {day}  {text}");
    }
    println!(
        "{}{}",
        if snapshot.in_working_hours {
            "In working hours"
        } else {
            "Outside working hours"
        },
        snapshot
            .next_change
            .as_deref()
            .map(|next| format!(" · {next}"))
            .unwrap_or_default()
    );
    println!("{}", focus_line(snapshot));
}

fn focus_line(snapshot: &Snapshot) -> String {
    let (Some(focus), Some(me)) = (&snapshot.focus, &snapshot.me) else {
        return "Not focusing".to_owned();
    };
    let zone: chrono_tz::Tz = me.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let until = meridian::ops::parse_instant(&focus.ends_at)
        .map(|ends| ends.with_timezone(&zone).format("%H:%M").to_string())
        .unwrap_or_default();
    match &focus.label {
        Some(label) => format!("Focusing until {until} — {label}"),
        None => format!("Focusing until {until}"),
    }
}

/// Parses `--hours` specs such as `mon-fri 09:00-17:00` or `sat,sun 10:00-12:00,13:00-15:00`
/// into a week; days not named are days off.
fn parse_hours(specs: &[String]) -> Result<WeeklyHours, Error> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let usage = |spec: &str, what: &str| {
        Error::invalid(
            "working_hours",
            format!(
                "--hours {spec:?}: {what}. Write days then ranges, e.g. \"mon-fri 09:00-17:00\" or \
                 \"sat 10:00-12:00,13:00-15:00\"."
            ),
        )
    };
    let day_index = |spec: &str, name: &str| {
        NAMES
            .iter()
            .position(|day| {
                *day == name
                    .trim()
                    .to_lowercase()
                    .chars()
                    .take(3)
                    .collect::<String>()
            })
            .ok_or_else(|| usage(spec, &format!("{name:?} is not a weekday (mon … sun)")))
    };
    let mut days = vec![Vec::new(); 7];
    for spec in specs {
        let (day_part, range_part) = spec
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| usage(spec, "missing the time ranges"))?;
        let mut chosen = Vec::new();
        for group in day_part.split(',') {
            match group.split_once('-') {
                Some((from, to)) => {
                    let (from, to) = (day_index(spec, from)?, day_index(spec, to)?);
                    if to < from {
                        return Err(usage(spec, "day ranges go from Monday towards Sunday"));
                    }
                    chosen.extend(from..=to);
                }
                None => chosen.push(day_index(spec, group)?),
            }
        }
        let mut ranges = Vec::new();
        for range in range_part.trim().split(',') {
            let (start, end) = range.trim().split_once('-').ok_or_else(|| {
                usage(spec, &format!("{range:?} is not a range like 09:00-17:00"))
            })?;
            ranges.push(TimeRange {
                start: start.trim().to_owned(),
                end: end.trim().to_owned(),
            });
        }
        for day in chosen {
            days[day].extend(ranges.iter().cloned());
        }
    }
    validate::weekly_hours(&WeeklyHours { days })
}
