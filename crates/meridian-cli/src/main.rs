//! The `meridian` command line: onboarding, profile, focus and health checks on the same
//! database the desktop app uses.

use clap::{Args, Parser, Subcommand};
use meridian::model::{
    MemberInput, OnCallNow, OnboardingInput, ProfileInput, Snapshot, StatusKind, TeamBoard,
    TimeRange, WeeklyHours,
};
use meridian::{availability, validate, Error, Meridian, NoEvents, SystemClock};
use std::process::ExitCode;

/// `println!` that ends quietly when stdout is closed (`meridian team | head -1`) instead of
/// panicking on the broken pipe.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}
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
    /// The team availability board: local time, status, next available, on call.
    Team {
        #[arg(long)]
        json: bool,
    },
    /// When do these people's working hours overlap?
    Overlap {
        /// Two or more @handles.
        handles: Vec<String>,
        /// First day to search, YYYY-MM-DD, in your time zone [default: today].
        #[arg(long)]
        from: Option<String>,
        /// How many days to search (1–366).
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// Windows where at least this many are working [default: all of them].
        #[arg(long)]
        min_members: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Add, edit or list teammates.
    Member {
        #[command(subcommand)]
        action: MemberAction,
    },
    /// Record or list time off.
    Timeoff {
        #[command(subcommand)]
        action: TimeoffAction,
    },
    /// Set or show the on-call rotation.
    Oncall {
        #[command(subcommand)]
        action: OncallAction,
    },
    /// Set or clear a manual status that expires on its own.
    Status {
        #[command(subcommand)]
        action: StatusAction,
    },
    /// Seed a demo team across seven time zones.
    Demo,
    /// Queue notifications, set delivery times, see what is held.
    Notify {
        #[command(subcommand)]
        action: NotifyAction,
    },
    /// Run the notification scheduler without a window (one deliverer per profile).
    Daemon,
}

#[derive(Debug, Subcommand)]
enum NotifyAction {
    /// Queue a notification for someone.
    Send {
        #[arg(long)]
        to: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        body: Option<String>,
        /// Bypass batching and focus (and, if they allow it, working hours).
        #[arg(long)]
        urgent: bool,
        #[arg(long)]
        from: Option<String>,
        /// mention, reply, update, decision, checkin or task.
        #[arg(long, default_value = "update")]
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// Delivery times.
    Schedule {
        #[command(subcommand)]
        action: ScheduleAction,
    },
    /// Urgent outside working hours, and who always gets through.
    Prefs {
        /// Let urgent items reach you outside working hours and on time off.
        #[arg(long)]
        urgent_outside_hours: Option<bool>,
        /// @handles that always get through at once (comma-separated; empty to clear).
        #[arg(long)]
        allow: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Items waiting for a system notification, and when they go out.
    Pending {
        #[arg(long)]
        json: bool,
    },
    /// Your inbox: every item at once, newest first.
    Inbox {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Deliver whatever is due now, once, and exit.
    Deliver,
}

#[derive(Debug, Subcommand)]
enum ScheduleAction {
    /// Delivery times like 09:30,13:00,16:30 on the given days (others unchanged).
    Set {
        times: String,
        #[arg(long, default_value = "mon-sun")]
        days: String,
        #[arg(long)]
        json: bool,
    },
    /// No delivery times: notifications come as they come (still held by focus and hours).
    Clear,
    /// Show the delivery times.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum MemberAction {
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

#[derive(Debug, Subcommand)]
enum TimeoffAction {
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

#[derive(Debug, Subcommand)]
enum OncallAction {
    /// Rotate these @handles in order.
    Set {
        handles: Vec<String>,
        /// Shift length in hours (24 daily, 168 weekly).
        #[arg(long, default_value_t = 168)]
        shift_hours: u32,
        /// Handoff time, HH:MM in --tz.
        #[arg(long, default_value = "09:00")]
        handoff: String,
        #[arg(long = "tz")]
        time_zone: String,
        /// First shift's date, YYYY-MM-DD [default: today].
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Who is on call now and next.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum StatusAction {
    /// Set a status: available, away, focusing or off.
    Set {
        handle: String,
        kind: String,
        #[arg(long)]
        message: Option<String>,
        /// How long, like 30m or 2h [default: until cleared].
        #[arg(long = "for")]
        duration: Option<String>,
    },
    /// Back to the automatic status.
    Clear { handle: String },
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
enum BlockAction {
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
            println!("{}", meridian::app::focus_line(&snapshot));
        }
        Command::Focus {
            action: FocusAction::Stop,
        } => {
            let snapshot = meridian.stop_focus()?;
            println!("{}", meridian::app::focus_line(&snapshot));
        }
        Command::Focus {
            action: FocusAction::Extend { duration },
        } => {
            let minutes = validate::focus_duration(&duration)?;
            let snapshot = meridian.extend_focus(minutes)?;
            println!("{}", meridian::app::focus_line(&snapshot));
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
                println!("{}", meridian::app::focus_line(&snapshot));
            }
        }
        Command::Focus {
            action: FocusAction::Block { action },
        } => run_block(&mut meridian, action)?,
        Command::Team { json } => {
            let board = meridian.team_board()?;
            if json {
                print_json(&board)?;
            } else {
                print_board(&board);
            }
        }
        Command::Overlap {
            handles,
            from,
            days,
            min_members,
            json,
        } => {
            let from = from.unwrap_or_else(|| today(&meridian));
            let result = meridian.overlap(&handles, &from, days, min_members)?;
            if json {
                print_json(&result)?;
            } else if result.windows.is_empty() {
                println!("No overlap in {days} days from {from}. Try fewer people, --min-members, or more days.");
            } else {
                for window in &result.windows {
                    let spans: Vec<String> = window
                        .local
                        .iter()
                        .map(|span| format!("@{} {}", span.handle, span.text))
                        .collect();
                    println!(
                        "{} → {} ({} min): {}",
                        window.start,
                        window.end,
                        window.minutes,
                        spans.join(" · ")
                    );
                }
                if let Some(best) = &result.best {
                    println!(
                        "Best: {} ({} min, {} people)",
                        best.start,
                        best.minutes,
                        best.handles.len()
                    );
                }
            }
        }
        Command::Member { action } => run_member(&mut meridian, action)?,
        Command::Timeoff {
            action:
                TimeoffAction::Add {
                    handle,
                    from,
                    to,
                    note,
                    json,
                },
        } => {
            let entry = meridian.add_time_off(&handle, &from, &to, note.as_deref())?;
            if json {
                print_json(&entry)?;
                return Ok(());
            }
            println!(
                "Time off for @{}: {} to {}",
                handle.trim_start_matches('@'),
                entry.first_day,
                entry.last_day
            );
        }
        Command::Timeoff {
            action: TimeoffAction::List { handle, json },
        } => {
            let entries = meridian.time_off(handle.as_deref())?;
            if json {
                print_json(&entries)?;
            } else {
                for entry in entries {
                    let member = meridian::app::member_handle(&meridian, &entry.member_id);
                    println!(
                        "@{member}  {} → {}  {}",
                        entry.first_day,
                        entry.last_day,
                        entry.note.unwrap_or_default()
                    );
                }
            }
        }
        Command::Oncall {
            action:
                OncallAction::Set {
                    handles,
                    shift_hours,
                    handoff,
                    time_zone,
                    from,
                    json,
                },
        } => {
            let from = from.unwrap_or_else(|| today(&meridian));
            let rota = meridian.set_rota(&handles, shift_hours, &handoff, &time_zone, &from)?;
            if json {
                print_json(
                    &serde_json::json!({ "rota": rota, "on_call": meridian.on_call_now()? }),
                )?;
            } else {
                print_on_call(&meridian.on_call_now()?);
            }
        }
        Command::Oncall {
            action: OncallAction::Show { json },
        } => {
            let on_call = meridian.on_call_now()?;
            if json {
                print_json(&on_call)?;
            } else {
                print_on_call(&on_call);
            }
        }
        Command::Status {
            action:
                StatusAction::Set {
                    handle,
                    kind,
                    message,
                    duration,
                },
        } => {
            let kind: StatusKind = kind.parse()?;
            let minutes = duration
                .as_deref()
                .map(validate::status_duration)
                .transpose()?;
            meridian.set_status(&handle, Some(kind), message.as_deref(), minutes)?;
            println!("Status set.");
        }
        Command::Status {
            action: StatusAction::Clear { handle },
        } => {
            meridian.set_status(&handle, None, None, None)?;
            println!("Status cleared.");
        }
        Command::Demo => {
            let added = meridian.seed_demo()?;
            println!("Added {added} teammates. Try `meridian team`.");
        }
        Command::Notify { action } => run_notify(&mut meridian, action)?,
        Command::Daemon => run_daemon(meridian)?,
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
    for (day, ranges) in availability::WEEKDAYS_SHORT
        .iter()
        .zip(&me.working_hours.days)
    {
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
    println!("{}", meridian::app::focus_line(snapshot));
}

/// Parses `--hours` specs such as `mon-fri 09:00-17:00` or `sat,sun 10:00-12:00,13:00-15:00`
/// into a week; days not named are days off.
fn parse_hours(specs: &[String]) -> Result<WeeklyHours, Error> {
    let usage = |spec: &str, what: &str| {
        Error::invalid(
            "working_hours",
            format!(
                "--hours {spec:?}: {what}. Write days then ranges, e.g. \"mon-fri 09:00-17:00\" or \
                 \"sat 10:00-12:00,13:00-15:00\"."
            ),
        )
    };
    let mut days = vec![Vec::new(); 7];
    for spec in specs {
        let (day_part, range_part) = spec
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| usage(spec, "missing the time ranges"))?;
        let chosen = weekdays(day_part).map_err(|what| usage(spec, &what))?;
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
            days[usize::from(day)].extend(ranges.iter().cloned());
        }
    }
    validate::weekly_hours(&WeeklyHours { days })
}

fn today(meridian: &Meridian) -> String {
    meridian
        .snapshot()
        .ok()
        .and_then(|snapshot| {
            let zone: chrono_tz::Tz = snapshot.me?.time_zone.parse().ok()?;
            Some(meridian.now().with_timezone(&zone).date_naive().to_string())
        })
        .unwrap_or_else(|| meridian.now().date_naive().to_string())
}

fn run_member(meridian: &mut Meridian, action: MemberAction) -> Result<(), Error> {
    match action {
        MemberAction::Add {
            name,
            handle,
            time_zone,
            hours,
            json,
        } => {
            let working_hours = if hours.is_empty() {
                WeeklyHours::standard()
            } else {
                parse_hours(&hours)?
            };
            let member = meridian.add_member(MemberInput {
                display_name: name,
                handle,
                time_zone,
                working_hours,
            })?;
            if json {
                print_json(&member)?;
            } else {
                println!(
                    "Added {} (@{}) in {}",
                    member.display_name, member.handle, member.time_zone
                );
            }
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
            let member = meridian.edit_member(
                &handle,
                MemberInput {
                    display_name: name.unwrap_or(member.display_name),
                    handle: new_handle.unwrap_or(member.handle),
                    time_zone: time_zone.unwrap_or(member.time_zone),
                    working_hours: if hours.is_empty() {
                        member.working_hours
                    } else {
                        parse_hours(&hours)?
                    },
                },
            )?;
            if let (Some(day), Some(zone)) = (moving_on, moving_to) {
                meridian.plan_zone_change(&member.handle, &day, &zone)?;
            }
            if json {
                print_json(&member)?;
            } else {
                println!("Saved {} (@{})", member.display_name, member.handle);
            }
        }
        MemberAction::List { json } => {
            let members = meridian.members()?;
            if json {
                print_json(&members)?;
            } else {
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
                None => meridian.me()?.map(|me| me.handle).ok_or_else(|| {
                    Error::Conflict("Not set up yet. Run `meridian init` first.".into())
                })?,
            };
            let weekdays = parse_days(&days)?;
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
                print_json(&blocks)?;
            } else {
                for block in blocks {
                    let days: Vec<&str> = block
                        .weekdays
                        .iter()
                        .filter_map(|day| {
                            availability::WEEKDAYS_SHORT.get(usize::from(*day)).copied()
                        })
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
        }
        BlockAction::Remove { id } => {
            meridian.remove_focus_block(&id)?;
            println!("Focus block {id} removed.");
        }
    }
    Ok(())
}

fn print_board(board: &TeamBoard) {
    for row in &board.members {
        let offset = row.offset_from_me_minutes;
        let relative = if offset == 0 {
            "same time".to_owned()
        } else {
            let sign = if offset > 0 { '+' } else { '-' };
            let minutes = offset.abs();
            if minutes % 60 == 0 {
                format!("{sign}{}h", minutes / 60)
            } else {
                format!("{sign}{}h{:02}", minutes / 60, minutes % 60)
            }
        };
        println!(
            "{:<22} @{:<10} {} {:<10} {:<28}{}{}",
            row.member.display_name,
            row.member.handle,
            row.local_time,
            relative,
            row.status_text,
            row.status_message
                .as_deref()
                .map(|message| format!(" “{message}”"))
                .unwrap_or_default(),
            if row.on_call { "  [on call]" } else { "" }
        );
    }
}

fn print_on_call(on_call: &Option<OnCallNow>) {
    match on_call {
        None => println!(
            "No on-call rotation. Set one with `meridian oncall set @a @b --tz Europe/London`."
        ),
        Some(on_call) => {
            match (&on_call.current, &on_call.current_until) {
                (Some(current), Some(until)) => println!("On call now: @{current} until {until}"),
                _ => println!("The rotation has not started yet."),
            }
            if let (Some(next), Some(from)) = (&on_call.next, &on_call.next_from) {
                println!("Next: @{next} from {from}");
            }
        }
    }
}

/// `mon-fri`, `mon,wed,fri`, `sat` → weekday numbers (0 = Monday).
fn parse_days(spec: &str) -> Result<Vec<u8>, Error> {
    weekdays(spec).map_err(|what| {
        Error::invalid(
            "weekdays",
            format!("{what}. Use mon … sun, ranges like mon-fri, or lists like mon,wed."),
        )
    })
}

/// The weekday spec shared by `--days` and `--hours`: `mon-fri`, `mon,wed,fri`, `sat`; on
/// failure, what is wrong with it.
fn weekdays(spec: &str) -> Result<Vec<u8>, String> {
    let index = |name: &str| {
        availability::weekday_index(name)
            .ok_or_else(|| format!("{name:?} is not a weekday (mon … sun)"))
    };
    let mut days = Vec::new();
    for group in spec.split(',') {
        match group.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (index(from)?, index(to)?);
                if to < from {
                    return Err("day ranges go from Monday towards Sunday, like mon-fri".to_owned());
                }
                days.extend(from..=to);
            }
            None => days.push(index(group)?),
        }
    }
    Ok(days)
}

fn run_notify(meridian: &mut Meridian, action: NotifyAction) -> Result<(), Error> {
    match action {
        NotifyAction::Send {
            to,
            title,
            body,
            urgent,
            from,
            kind,
            json,
        } => {
            let item = meridian.queue_notification(
                &to,
                from.as_deref(),
                &kind,
                &title,
                body.as_deref(),
                urgent,
            )?;
            if json {
                print_json(&item)?;
            } else {
                println!(
                    "Queued for @{}{}",
                    to.trim_start_matches('@'),
                    if urgent { " (urgent)" } else { "" }
                );
            }
        }
        NotifyAction::Schedule {
            action: ScheduleAction::Set { times, days, json },
        } => {
            let chosen = parse_days(&days)?;
            let mut week = meridian.notify_settings()?.times;
            let list: Vec<String> = times
                .split(',')
                .map(|time| time.trim().to_owned())
                .filter(|time| !time.is_empty())
                .collect();
            for day in chosen {
                week[usize::from(day)] = list.clone();
            }
            let settings = meridian.set_notify_schedule(&week)?;
            if json {
                print_json(&settings)?;
            } else {
                print_schedule(&settings.times);
            }
        }
        NotifyAction::Schedule {
            action: ScheduleAction::Clear,
        } => {
            meridian.set_notify_schedule(&vec![Vec::new(); 7])?;
            println!("No delivery times: notifications come as they come (held during focus and outside hours).");
        }
        NotifyAction::Schedule {
            action: ScheduleAction::Show { json },
        } => {
            let settings = meridian.notify_settings()?;
            if json {
                print_json(&settings)?;
            } else {
                print_schedule(&settings.times);
            }
        }
        NotifyAction::Prefs {
            urgent_outside_hours,
            allow,
            json,
        } => {
            let current = meridian.notify_settings()?;
            let allowlist: Vec<String> = match allow {
                Some(list) => list
                    .split(',')
                    .map(|handle| handle.trim().to_owned())
                    .filter(|handle| !handle.is_empty())
                    .collect(),
                None => current.allowlist,
            };
            let settings = meridian.set_notify_prefs(
                urgent_outside_hours.unwrap_or(current.urgent_outside_hours),
                &allowlist,
            )?;
            if json {
                print_json(&settings)?;
            } else {
                println!(
                    "Urgent outside working hours: {}. Always get through: {}",
                    if settings.urgent_outside_hours {
                        "yes"
                    } else {
                        "no"
                    },
                    if settings.allowlist.is_empty() {
                        "nobody".to_owned()
                    } else {
                        settings
                            .allowlist
                            .iter()
                            .map(|handle| format!("@{handle}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                );
            }
        }
        NotifyAction::Pending { json } => {
            let outlook = meridian.notify_outlook()?;
            if json {
                let pending: Vec<_> = meridian
                    .inbox(10_000)?
                    .into_iter()
                    .filter(|item| !item.delivered)
                    .collect();
                print_json(&serde_json::json!({ "outlook": outlook, "items": pending }))?;
            } else {
                println!(
                    "{} waiting{}{}",
                    outlook.pending,
                    outlook
                        .held_because
                        .map(|why| format!(" · {why}"))
                        .unwrap_or_default(),
                    outlook
                        .next_delivery
                        .map(|at| format!(" · next delivery {at}"))
                        .unwrap_or_default()
                );
            }
        }
        NotifyAction::Inbox { limit, json } => {
            let items = meridian.inbox(limit)?;
            if json {
                print_json(&items)?;
            } else {
                for item in items {
                    println!(
                        "{} {}{}{} {}",
                        if item.delivered { " " } else { "•" },
                        if item.urgent { "[urgent] " } else { "" },
                        item.sender_handle
                            .map(|handle| format!("@{handle}: "))
                            .unwrap_or_default(),
                        item.title,
                        item.created_at
                    );
                }
            }
        }
        NotifyAction::Deliver => {
            let Some(_lock) = meridian::scheduler::DeliveryLock::try_acquire(meridian.data_dir())?
            else {
                return Err(Error::Conflict("Another Meridian (the app or `meridian daemon`) delivers for this profile; it will deliver on time.".into()));
            };
            let pass = meridian.deliver_due(&meridian::notify::DesktopNotifier)?;
            println!("Shown {} notification(s).", pass.shown);
        }
    }
    Ok(())
}

fn print_schedule(times: &[Vec<String>]) {
    if times.iter().all(Vec::is_empty) {
        println!("As they come (held during focus and outside working hours).");
        return;
    }
    for (day, list) in availability::WEEKDAYS_SHORT.iter().zip(times) {
        println!(
            "  {day}  {}",
            if list.is_empty() {
                "—".to_owned()
            } else {
                list.join(", ")
            }
        );
    }
}

/// Runs the delivery scheduler until interrupted. Only one process per profile delivers:
/// while another holds the lock, the daemon stands by and checks again every few seconds.
fn run_daemon(meridian: Meridian) -> Result<(), Error> {
    use std::sync::{Arc, Mutex};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|source| Error::Io {
            context: "could not start the scheduler".into(),
            source,
        })?;
    let data_dir = meridian.data_dir().to_path_buf();
    let meridian = Arc::new(Mutex::new(meridian));
    runtime.block_on(async move {
        let lock = loop {
            match meridian::scheduler::DeliveryLock::try_acquire(&data_dir)? {
                Some(lock) => break lock,
                None => {
                    eprintln!("Another Meridian delivers for this profile; standing by.");
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                }
            }
        };
        println!(
            "Meridian daemon delivering notifications for {}",
            data_dir.display()
        );
        let kick = Arc::new(tokio::sync::Notify::new());
        let (_shutdown_tx, shutdown) = tokio::sync::watch::channel(false);
        // Writes by other processes (the CLI queuing an item) wake the loop at once.
        let watcher = {
            let meridian = meridian.clone();
            let kick = kick.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    let changed = meridian
                        .lock()
                        .map(|mut meridian| meridian.poll_external_change().unwrap_or(false))
                        .unwrap_or(false);
                    if changed {
                        kick.notify_one();
                    }
                }
            })
        };
        let pass_meridian = meridian.clone();
        meridian::scheduler::run_delivery_loop(
            Arc::new(SystemClock),
            move || {
                let mut meridian = pass_meridian
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                meridian.deliver_due(&meridian::notify::DesktopNotifier)
            },
            kick,
            shutdown,
        )
        .await;
        watcher.abort();
        drop(lock);
        Ok(())
    })
}
