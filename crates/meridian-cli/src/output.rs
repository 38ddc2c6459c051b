//! Printing to stdout: quiet on a closed pipe, pretty JSON, and printers several commands share.

use meridian::model::Snapshot;
use meridian::{time, Error};

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

/// Every `--json` answer: pretty, so it reads in a terminal and parses in a script.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Error> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// The profile as `init`, `profile` and `profile set` show it: who, team, zone, week, now.
pub fn print_profile(snapshot: &Snapshot) {
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
    for (day, ranges) in time::WEEKDAYS_SHORT.iter().zip(&me.working_hours.days) {
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

/// `profile --json`: my member row and the team, the same shape before and after `set`.
pub fn print_profile_json(snapshot: &Snapshot) -> Result<(), Error> {
    print_json(&serde_json::json!({ "me": snapshot.me, "team": snapshot.team }))
}
