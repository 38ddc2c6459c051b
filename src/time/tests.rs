//! Unit tests of the time-zone maths.

use super::*;
use crate::base::model::{TimeRange, WeeklyHours};
use chrono::{DateTime, NaiveDate, Utc};

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
