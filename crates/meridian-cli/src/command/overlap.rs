//! `meridian overlap @a @b …`: when these people's working hours overlap.

use crate::output::print_json;
use clap::Args;
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
pub struct OverlapArgs {
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
}

pub fn run(meridian: &Meridian, args: OverlapArgs) -> Result<(), Error> {
    let OverlapArgs {
        handles,
        from,
        days,
        min_members,
        json,
    } = args;
    let from = super::day_or_today(from, meridian);
    let result = meridian.overlap(&handles, &from, days, min_members)?;
    if json {
        return print_json(&result);
    }
    if result.windows.is_empty() {
        println!(
            "No overlap in {days} days from {from}. Try fewer people, --min-members, or more days."
        );
        return Ok(());
    }
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
    Ok(())
}
