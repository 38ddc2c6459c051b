//! Wall-clock maths in one zone: resolving local times across DST, offsets, working state, names of days.

use super::*;
use crate::base::model::WeeklyHours;
use crate::base::validate;
use crate::base::Result;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// Resolves a local wall time in `zone` to an instant (gap → first valid instant after it;
/// fold → first occurrence).
pub fn resolve_local(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => instant.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => first.min(second).with_timezone(&Utc),
        LocalResult::None => {
            // Gaps are whole minutes long in every zone today (30 min at Lord Howe up to a
            // day for date-line moves), so stepping by minutes finds the first valid instant.
            // Start from the whole minute: a gap ends on a minute boundary, so stepping from
            // 02:30:30 must land on 03:00:00, not 03:00:30.
            let mut probe = local
                .with_second(0)
                .and_then(|time| time.with_nanosecond(0))
                .unwrap_or(local);
            for _ in 0..(48 * 60) {
                probe += Duration::minutes(1);
                if let Some(instant) = zone.from_local_datetime(&probe).earliest() {
                    return instant.with_timezone(&Utc);
                }
            }
            // Unreachable with real zone data; fall back to reading the time as UTC.
            Utc.from_utc_datetime(&local)
        }
    }
}

/// Whether `now` is inside working hours, and the next instant that changes it
/// (`None` when no working hours exist in the coming week).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingState {
    pub working: bool,
    pub next_change: Option<DateTime<Utc>>,
}

/// Working state for plain weekly hours in one zone (no time off, no moves). Fails on a range
/// that is not `HH:MM`; [`MemberRules::working_state`] is the general form.
pub fn working_state(now: DateTime<Utc>, zone: Tz, hours: &WeeklyHours) -> Result<WorkingState> {
    for range in hours.days.iter().flatten() {
        validate::clock_time(&range.start, false)?;
        validate::clock_time(&range.end, true)?;
    }
    Ok(MemberRules::plain(zone, hours.clone()).working_state(now))
}

/// `"+05:30"`-style UTC offset of `zone` at `now`.
pub fn utc_offset(now: DateTime<Utc>, zone: Tz) -> String {
    use chrono::Offset;
    let seconds = now.with_timezone(&zone).offset().fix().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `"HH:MM"` of a local time; hand-rolled because chrono's `format` parses its pattern on every
/// call, which shows up when a board formats thousands of times.
pub fn hhmm<T: Timelike>(time: &T) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// Short weekday names, Monday first — the index used everywhere for weekdays.
pub const WEEKDAYS_SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `"Mon"` … `"Sun"`.
pub fn weekday_short<T: Datelike>(date: &T) -> &'static str {
    WEEKDAYS_SHORT[date.weekday().num_days_from_monday() as usize]
}

/// 0 (Monday) … 6 (Sunday) for a weekday name or its first three letters, any case.
pub fn weekday_index(name: &str) -> Option<u8> {
    let short = name.trim().get(..3)?;
    WEEKDAYS_SHORT
        .iter()
        .position(|day| day.eq_ignore_ascii_case(short))
        .map(|day| day as u8)
}

/// `"Jan"` … `"Dec"`.
pub fn month_short<T: Datelike>(date: &T) -> &'static str {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][date.month0() as usize]
}

/// All IANA time zone names, sorted.
pub fn time_zone_names() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name().to_owned())
        .collect();
    names.sort();
    names
}
