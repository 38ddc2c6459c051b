//! When check-ins are asked and reminded across the DST changes of 2026–2027 in twelve zones,
//! table-tested against expectations made outside Rust by Python's `zoneinfo`.
//!
//! The cases live in `tests/fixtures/checkin_cases.json`; regenerate them with
//! `python3 tests/fixtures/generate_checkin_fixtures.py` (its header states the rules). The test
//! compares every case and fails once, listing all mismatches.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use meridian::checkins::plan::{ask_on, Ask};
use meridian::model::{TimeRange, WeeklyHours};
use meridian::time::MemberRules;
use meridian::validate::clock_time;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

#[derive(Debug, Deserialize)]
struct Fixture {
    tzdata_version: String,
    window_hours: u32,
    schedules: HashMap<String, Vec<Vec<[String; 2]>>>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    zone: String,
    date: String,
    schedule: String,
    time: String,
    time_off: Vec<[String; 2]>,
    skipped: Option<String>,
    at: Option<String>,
    reminders: Option<Vec<String>>,
    closes_at: Option<String>,
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("local date")
}

fn show(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn hours(days: &[Vec<[String; 2]>]) -> WeeklyHours {
    WeeklyHours {
        days: days
            .iter()
            .map(|ranges| {
                ranges
                    .iter()
                    .map(|[start, end]| TimeRange {
                        start: start.clone(),
                        end: end.clone(),
                    })
                    .collect()
            })
            .collect(),
    }
}

/// What `ask_on` says, written the way the fixture writes it.
fn actual(fixture: &Fixture, case: &Case) -> String {
    let zone: Tz = case.zone.parse().expect("zone");
    let mut rules = MemberRules::plain(zone, hours(&fixture.schedules[&case.schedule]));
    rules.time_off = case
        .time_off
        .iter()
        .map(|[first, last]| (date(first), date(last)))
        .collect();
    let minute = clock_time(&case.time, false).expect("time");
    match ask_on(
        &rules,
        &[0, 1, 2, 3, 4, 5, 6],
        minute,
        fixture.window_hours,
        date(&case.date),
    ) {
        None => "not scheduled".into(),
        Some(Ask::Skipped(reason)) => format!("skipped: {}", reason.text()),
        Some(Ask::Asked {
            at,
            reminders,
            closes_at,
        }) => format!(
            "at {} reminders [{}] closes {}",
            show(at),
            reminders
                .into_iter()
                .map(show)
                .collect::<Vec<_>>()
                .join(", "),
            show(closes_at)
        ),
    }
}

fn expected(case: &Case) -> String {
    match &case.skipped {
        Some(reason) => format!("skipped: {reason}"),
        None => format!(
            "at {} reminders [{}] closes {}",
            case.at.as_deref().unwrap_or("?"),
            case.reminders.clone().unwrap_or_default().join(", "),
            case.closes_at.as_deref().unwrap_or("?")
        ),
    }
}

#[test]
fn checkin_asks_and_reminders_match_zoneinfo_across_dst() {
    let fixture: Fixture = serde_json::from_str(include_str!("../fixtures/checkin_cases.json"))
        .expect("tests/fixtures/checkin_cases.json parses");
    assert_eq!(
        fixture.tzdata_version,
        chrono_tz::IANA_TZDB_VERSION,
        "the fixture was generated from another tz release than chrono-tz carries"
    );
    let zones: BTreeSet<&str> = fixture.cases.iter().map(|c| c.zone.as_str()).collect();
    assert!(zones.len() >= 10, "only {} zones", zones.len());
    let reminded = fixture
        .cases
        .iter()
        .filter(|c| c.reminders.as_ref().is_some_and(|r| r.len() == 2))
        .count();
    assert!(
        reminded > 100,
        "too few cases with two reminders: {reminded}"
    );
    let mut failures = String::new();
    let mut failed = 0;
    for case in &fixture.cases {
        let (want, got) = (expected(case), actual(&fixture, case));
        if want != got {
            failed += 1;
            let _ = writeln!(
                failures,
                "{} {} {} at {} (time off {:?}):\n  expected {want}\n  actual   {got}",
                case.zone, case.date, case.schedule, case.time, case.time_off
            );
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} check-in cases differ from zoneinfo:\n{failures}",
        fixture.cases.len()
    );
}
