//! Time-zone maths for working hours: pure functions of (instant, zone, weekly rules).
//!
//! Local wall times are resolved to instants with two rules: a time that falls in a DST gap
//! means the first valid instant after the gap; a time in a fold (it happens twice) means
//! its first occurrence.

use crate::model::WeeklyHours;
use crate::validate;
use crate::Result;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A half-open interval of instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Resolves a local wall time in `zone` to an instant (gap → first valid instant after it;
/// fold → first occurrence).
pub fn resolve_local(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => instant.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => first.min(second).with_timezone(&Utc),
        LocalResult::None => {
            // Gaps are whole minutes long in every zone today (30 min at Lord Howe up to a
            // day for date-line moves), so stepping by minutes finds the first valid instant.
            let mut probe = local;
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

/// The working intervals of one local date, as instants, merged where they touch.
pub fn working_intervals_on(
    zone: Tz,
    hours: &WeeklyHours,
    date: NaiveDate,
) -> Result<Vec<Interval>> {
    let weekday = date.weekday().num_days_from_monday() as usize;
    let mut intervals = Vec::new();
    for range in hours.days.get(weekday).map(Vec::as_slice).unwrap_or(&[]) {
        let start = validate::clock_time(&range.start, false)?;
        let end = validate::clock_time(&range.end, true)?;
        let at = |minutes: u32| {
            let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
            resolve_local(zone, midnight + Duration::minutes(i64::from(minutes)))
        };
        let interval = Interval {
            start: at(start),
            end: at(end),
        };
        // A range that lies wholly inside a DST gap resolves to an empty interval: skip it.
        if interval.end > interval.start {
            intervals.push(interval);
        }
    }
    Ok(intervals)
}

/// Working intervals covering local dates from `first` for `days` days, sorted and merged.
pub fn working_intervals(
    zone: Tz,
    hours: &WeeklyHours,
    first: NaiveDate,
    days: u32,
) -> Result<Vec<Interval>> {
    let mut all = Vec::new();
    for offset in 0..days {
        let date = first + Duration::days(i64::from(offset));
        all.extend(working_intervals_on(zone, hours, date)?);
    }
    all.sort_by_key(|interval| interval.start);
    let mut merged: Vec<Interval> = Vec::with_capacity(all.len());
    for interval in all {
        match merged.last_mut() {
            Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
            _ => merged.push(interval),
        }
    }
    Ok(merged)
}

/// Whether `now` is inside working hours, and the next instant that changes it
/// (`None` when no working hours exist in the coming week).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingState {
    pub working: bool,
    pub next_change: Option<DateTime<Utc>>,
}

pub fn working_state(now: DateTime<Utc>, zone: Tz, hours: &WeeklyHours) -> Result<WorkingState> {
    let today = now.with_timezone(&zone).date_naive();
    let intervals = working_intervals(zone, hours, today - Duration::days(1), 10)?;
    if let Some(current) = intervals
        .iter()
        .find(|interval| interval.start <= now && now < interval.end)
    {
        return Ok(WorkingState {
            working: true,
            next_change: Some(current.end),
        });
    }
    Ok(WorkingState {
        working: false,
        next_change: intervals
            .iter()
            .find(|interval| interval.start > now)
            .map(|interval| interval.start),
    })
}

/// `"+05:30"`-style UTC offset of `zone` at `now`.
pub fn utc_offset(now: DateTime<Utc>, zone: Tz) -> String {
    now.with_timezone(&zone).format("%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimeRange;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn every_day(start: &str, end: &str) -> WeeklyHours {
        WeeklyHours {
            days: vec![
                vec![TimeRange {
                    start: start.into(),
                    end: end.into()
                }];
                7
            ],
        }
    }

    #[test]
    fn gap_means_first_valid_instant_after_it() {
        // Berlin springs forward 2026-03-29 02:00 → 03:00 (+01 → +02).
        let local = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            resolve_local(chrono_tz::Europe::Berlin, local),
            utc("2026-03-29T01:00:00Z")
        );
    }

    #[test]
    fn fold_means_first_occurrence() {
        // Berlin falls back 2026-10-25 03:00 → 02:00; 02:30 happens at 00:30Z and 01:30Z.
        let local = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            resolve_local(chrono_tz::Europe::Berlin, local),
            utc("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn standard_week_in_new_york() {
        let zone = chrono_tz::America::New_York;
        let hours = WeeklyHours::standard();
        // Monday 2026-11-23 10:00 EST = 15:00Z.
        let state = working_state(utc("2026-11-23T15:00:00Z"), zone, &hours).unwrap();
        assert_eq!(
            state,
            WorkingState {
                working: true,
                next_change: Some(utc("2026-11-23T22:00:00Z"))
            }
        );
        // Saturday: next change is Monday 09:00 EST.
        let state = working_state(utc("2026-11-21T15:00:00Z"), zone, &hours).unwrap();
        assert_eq!(
            state,
            WorkingState {
                working: false,
                next_change: Some(utc("2026-11-23T14:00:00Z"))
            }
        );
    }

    #[test]
    fn ranges_touching_across_midnight_merge() {
        let zone = chrono_tz::Asia::Kolkata;
        let hours = every_day("00:00", "24:00");
        let state = working_state(utc("2026-06-01T12:00:00Z"), zone, &hours).unwrap();
        assert!(state.working);
        assert!(state.next_change.unwrap() > utc("2026-06-08T00:00:00Z"));
    }

    #[test]
    fn offsets_render_with_minutes() {
        assert_eq!(
            utc_offset(utc("2026-01-01T00:00:00Z"), chrono_tz::Asia::Kathmandu),
            "+05:45"
        );
        assert_eq!(
            utc_offset(utc("2026-01-01T00:00:00Z"), chrono_tz::America::St_Johns),
            "-03:30"
        );
    }
}
