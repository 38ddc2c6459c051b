//! Time-zone maths across the DST changes of 2026–2027, table-tested against expectations made outside Rust by Python's `zoneinfo`.
//!
//! The cases live in `tests/fixtures/dst_cases.json`; regenerate them with
//! `python3 tests/fixtures/generate_dst_fixtures.py` (see its header for the rules it
//! implements). Each test compares every case of one function and fails once, listing all
//! mismatches with zone, case, expected and actual values.

use crate::utc;
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use meridian::model::{TimeRange, WeeklyHours};
use meridian::time::{on_call_at, resolve_local, utc_offset, working_state, Interval, MemberRules};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct Cases {
    tzdata_version: String,
    rota_members: usize,
    /// Weekly hours by name: seven days (Monday first) of `[start, end]` "HH:MM" ranges.
    schedules: HashMap<String, Vec<Vec<[String; 2]>>>,
    transitions: Vec<Transition>,
    resolve_local: Vec<ResolveCase>,
    /// Wall times with seconds (working hours only ever use whole minutes).
    resolve_local_seconds: Vec<ResolveCase>,
    utc_offset: Vec<OffsetCase>,
    working_state: Vec<StateCase>,
    working_between: Vec<WeekCase>,
    on_call_at: Vec<RotaCase>,
}

#[derive(Debug, Deserialize)]
struct Transition {
    zone: String,
    at: String,
    offset_before: String,
    offset_after: String,
}

#[derive(Debug, Deserialize)]
struct ResolveCase {
    zone: String,
    local: String,
    expected: String,
    note: String,
}

#[derive(Debug, Deserialize)]
struct OffsetCase {
    zone: String,
    at: String,
    expected: String,
    note: String,
}

#[derive(Debug, Deserialize)]
struct StateCase {
    zone: String,
    schedule: String,
    now: String,
    working: bool,
    next_change: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WeekCase {
    zone: String,
    schedule: String,
    time_off: Vec<[String; 2]>,
    from: String,
    to: String,
    expected: Vec<[String; 2]>,
}

/// `[member index or null before the rota starts, shift start, shift end]`.
type Shift = (Option<usize>, String, String);

#[derive(Debug, Deserialize)]
struct RotaCase {
    zone: String,
    shift_hours: u32,
    first_day: String,
    handoff_minutes: u32,
    now: String,
    current: Shift,
    next: Shift,
}

fn cases() -> &'static Cases {
    static CASES: OnceLock<Cases> = OnceLock::new();
    CASES.get_or_init(|| {
        serde_json::from_str(include_str!("../fixtures/dst_cases.json"))
            .expect("tests/fixtures/dst_cases.json parses")
    })
}

fn zone(name: &str) -> Tz {
    name.parse()
        .unwrap_or_else(|_| panic!("chrono-tz has no zone {name:?}"))
}

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").expect("local wall time")
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("local date")
}

fn show(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn show_intervals(intervals: &[Interval]) -> String {
    let shown: Vec<String> = intervals
        .iter()
        .map(|interval| format!("{}..{}", show(interval.start), show(interval.end)))
        .collect();
    format!("[{}]", shown.join(", "))
}

fn hours(name: &str) -> WeeklyHours {
    let days = cases()
        .schedules
        .get(name)
        .unwrap_or_else(|| panic!("no schedule {name:?} in the fixture"));
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

/// Fails once with every mismatch of one function, or passes.
fn report(function: &str, total: usize, mismatches: &[String]) {
    assert!(total > 0, "{function}: the fixture has no cases");
    assert!(
        mismatches.is_empty(),
        "{function}: {} of {total} cases differ from Python zoneinfo \
         (fixture tzdata {}, chrono-tz tzdata {}):\n{}",
        mismatches.len(),
        cases().tzdata_version,
        chrono_tz::IANA_TZDB_VERSION,
        mismatches.join("\n")
    );
}

#[test]
fn fixture_covers_at_least_ten_zones_and_both_years() {
    let cases = cases();
    let zones: BTreeSet<&str> = cases
        .utc_offset
        .iter()
        .map(|case| case.zone.as_str())
        .collect();
    assert!(zones.len() >= 10, "only {} zones: {zones:?}", zones.len());
    let with_dst: BTreeSet<&str> = cases.transitions.iter().map(|t| t.zone.as_str()).collect();
    for zone in &with_dst {
        for year in ["2026-", "2027-"] {
            let count = cases
                .transitions
                .iter()
                .filter(|t| t.zone == *zone && t.at.starts_with(year))
                .count();
            assert!(count >= 2, "{zone} has {count} transitions in {year}");
        }
    }
    assert!(with_dst.len() >= 5, "zones with DST: {with_dst:?}");
}

#[test]
fn transitions_happen_at_the_same_instants() {
    let mut mismatches = Vec::new();
    for transition in &cases().transitions {
        let at = utc(&transition.at);
        let tz = zone(&transition.zone);
        let before = utc_offset(at - chrono::Duration::seconds(1), tz);
        let after = utc_offset(at, tz);
        if before != transition.offset_before || after != transition.offset_after {
            mismatches.push(format!(
                "{} at {}: expected {} -> {}, got {before} -> {after}",
                transition.zone, transition.at, transition.offset_before, transition.offset_after
            ));
        }
    }
    report("transitions", cases().transitions.len(), &mismatches);
}

fn check_resolve(function: &str, table: &[ResolveCase]) {
    let mut mismatches = Vec::new();
    for case in table {
        let actual = resolve_local(zone(&case.zone), local(&case.local));
        if actual != utc(&case.expected) {
            mismatches.push(format!(
                "{} {} ({}): expected {}, got {}",
                case.zone,
                case.local,
                case.note,
                case.expected,
                show(actual)
            ));
        }
    }
    report(function, table.len(), &mismatches);
}

#[test]
fn resolve_local_matches_zoneinfo() {
    check_resolve("resolve_local", &cases().resolve_local);
}

#[test]
fn resolve_local_matches_zoneinfo_to_the_second() {
    check_resolve(
        "resolve_local (wall times with seconds)",
        &cases().resolve_local_seconds,
    );
}

#[test]
fn utc_offset_matches_zoneinfo() {
    let mut mismatches = Vec::new();
    for case in &cases().utc_offset {
        let actual = utc_offset(utc(&case.at), zone(&case.zone));
        if actual != case.expected {
            mismatches.push(format!(
                "{} at {} ({}): expected {}, got {actual}",
                case.zone, case.at, case.note, case.expected
            ));
        }
    }
    report("utc_offset", cases().utc_offset.len(), &mismatches);
}

#[test]
fn working_state_matches_zoneinfo() {
    let mut mismatches = Vec::new();
    let mut schedules: HashMap<&str, WeeklyHours> = HashMap::new();
    for case in &cases().working_state {
        let hours = schedules
            .entry(case.schedule.as_str())
            .or_insert_with(|| hours(&case.schedule));
        let expected = format!(
            "working {}, next change {}",
            case.working,
            case.next_change.as_deref().unwrap_or("none")
        );
        let actual = match working_state(utc(&case.now), zone(&case.zone), hours) {
            Ok(state) => format!(
                "working {}, next change {}",
                state.working,
                state.next_change.map_or("none".to_string(), show)
            ),
            Err(error) => format!("error {error}"),
        };
        if actual != expected {
            mismatches.push(format!(
                "{} [{}] at {}: expected {expected}, got {actual}",
                case.zone, case.schedule, case.now
            ));
        }
    }
    report("working_state", cases().working_state.len(), &mismatches);
}

#[test]
fn working_between_matches_zoneinfo_for_whole_dst_weeks() {
    let mut mismatches = Vec::new();
    for case in &cases().working_between {
        let tz = zone(&case.zone);
        let rules = MemberRules {
            zone: tz,
            hours: hours(&case.schedule),
            zone_changes: Vec::new(),
            time_off: case
                .time_off
                .iter()
                .map(|[first, last]| (date(first), date(last)))
                .collect(),
            focus_blocks: Vec::new(),
            focus_sessions: Vec::new(),
            manual: None,
        };
        let expected: Vec<Interval> = case
            .expected
            .iter()
            .map(|[start, end]| Interval {
                start: utc(start),
                end: utc(end),
            })
            .collect();
        let actual = rules.working_between(utc(&case.from), utc(&case.to));
        if actual != expected {
            let mut line = format!(
                "{} [{}] time off {:?}, {}..{}:",
                case.zone, case.schedule, case.time_off, case.from, case.to
            );
            let _ = write!(
                line,
                "\n    expected {}\n    got      {}",
                show_intervals(&expected),
                show_intervals(&actual)
            );
            mismatches.push(line);
        }
    }
    report(
        "MemberRules::working_between",
        cases().working_between.len(),
        &mismatches,
    );
}

#[test]
fn on_call_at_matches_zoneinfo() {
    let members = cases().rota_members;
    let mut mismatches = Vec::new();
    let shown = |member: usize, interval: Interval| {
        let member = if member == usize::MAX {
            "nobody".to_string()
        } else {
            member.to_string()
        };
        format!("{member} {}..{}", show(interval.start), show(interval.end))
    };
    for case in &cases().on_call_at {
        let from_fixture = |(member, start, end): &Shift| {
            shown(
                member.unwrap_or(usize::MAX),
                Interval {
                    start: utc(start),
                    end: utc(end),
                },
            )
        };
        let expected = format!(
            "current {}, next {}",
            from_fixture(&case.current),
            from_fixture(&case.next)
        );
        let actual = match on_call_at(
            members,
            case.shift_hours,
            zone(&case.zone),
            date(&case.first_day),
            case.handoff_minutes,
            utc(&case.now),
        ) {
            Some(((member, current), (next_member, next))) => format!(
                "current {}, next {}",
                shown(member, current),
                shown(next_member, next)
            ),
            None => "none".to_string(),
        };
        if actual != expected {
            mismatches.push(format!(
                "{} {}h rota from {} handing off at {:02}:{:02}, at {}:\n    expected {expected}\n    got      {actual}",
                case.zone,
                case.shift_hours,
                case.first_day,
                case.handoff_minutes / 60,
                case.handoff_minutes % 60,
                case.now
            ));
        }
    }
    report("on_call_at", cases().on_call_at.len(), &mismatches);
}
