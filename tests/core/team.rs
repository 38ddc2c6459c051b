//! Teammates, the availability board, overlaps, focus blocks and the on-call rotation.

use crate::{utc, Fixture};
use meridian::model::{MemberInput, StatusKind, TimeRange, WeeklyHours};
use meridian::ErrorKind;

fn hours(start: &str, end: &str) -> WeeklyHours {
    let day = vec![TimeRange {
        start: start.into(),
        end: end.into(),
    }];
    WeeklyHours {
        days: vec![
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            Vec::new(),
            Vec::new(),
        ],
    }
}

fn teammate(name: &str, handle: &str, zone: &str, start: &str, end: &str) -> MemberInput {
    MemberInput {
        display_name: name.into(),
        handle: handle.into(),
        time_zone: zone.into(),
        working_hours: hours(start, end),
    }
}

/// Ada in Berlin (09–17) plus Grace in New York (09–17) and Priya in Kolkata (10–18).
fn team() -> Fixture {
    let mut fixture = Fixture::onboarded();
    fixture
        .meridian
        .add_member(teammate(
            "Grace Hopper",
            "grace",
            "America/New_York",
            "09:00",
            "17:00",
        ))
        .unwrap();
    fixture
        .meridian
        .add_member(teammate(
            "Priya Raman",
            "priya",
            "Asia/Kolkata",
            "10:00",
            "18:00",
        ))
        .unwrap();
    fixture
}

#[test]
fn the_board_shows_local_time_offset_and_status() {
    let fixture = team();
    // Monday 2026-11-23 09:00Z: Berlin 10:00 (working), New York 04:00 (off), Kolkata 14:30.
    let board = fixture.meridian.team_board().unwrap();
    assert_eq!(board.viewer_zone, "Europe/Berlin");
    assert_eq!(board.day_start, "2026-11-22T23:00:00.000Z");
    let row = |handle: &str| {
        board
            .members
            .iter()
            .find(|row| row.member.handle == handle)
            .unwrap()
            .clone()
    };
    let grace = row("grace");
    assert_eq!(grace.local_time, "04:00");
    assert_eq!(grace.offset_from_me_minutes, -6 * 60);
    assert_eq!(grace.status, StatusKind::Off);
    assert_eq!(grace.status_text, "Off until 09:00");
    assert_eq!(
        grace.next_available.as_deref(),
        Some("2026-11-23T14:00:00.000Z")
    );
    let priya = row("priya");
    assert_eq!(priya.offset_from_me_minutes, 4 * 60 + 30);
    assert_eq!(priya.status, StatusKind::Available);
    // Available people sort first.
    assert_ne!(board.members.last().unwrap().member.handle, "priya");
    assert_eq!(board.members.last().unwrap().member.handle, "grace");
    // Grace's strip on my day: her 09:00–17:00 New York is 15:00–23:00 Berlin.
    assert_eq!(grace.strip.len(), 1);
    assert_eq!(
        (grace.strip[0].start.as_str(), grace.strip[0].end.as_str()),
        ("2026-11-23T14:00:00.000Z", "2026-11-23T22:00:00.000Z")
    );
}

#[test]
fn a_leave_longer_than_the_look_ahead_says_when_it_ends_with_its_date() {
    let mut fixture = team();
    // Six weeks off from today: further than the three weeks the status looks ahead.
    fixture
        .meridian
        .add_time_off("priya", "2026-11-23", "2027-01-03", Some("Parental leave"))
        .unwrap();
    let board = fixture.meridian.team_board().unwrap();
    let priya = board
        .members
        .iter()
        .find(|row| row.member.handle == "priya")
        .unwrap();
    assert_eq!(priya.status, StatusKind::Off);
    // The leave ends at midnight in Kolkata after its last day, not where the look stopped,
    // and a weekday alone would read as this week's.
    assert_eq!(priya.status_text, "Off until Mon 4 Jan 00:00");
}

#[test]
fn focus_blocks_time_off_and_manual_status_change_the_status() {
    let mut fixture = team();
    fixture
        .meridian
        .add_focus_block(
            "priya",
            &[0, 1, 2, 3, 4],
            "14:00",
            "16:00",
            Some("Deep work"),
        )
        .unwrap();
    let priya = |fixture: &Fixture| {
        fixture
            .meridian
            .team_board()
            .unwrap()
            .members
            .into_iter()
            .find(|row| row.member.handle == "priya")
            .unwrap()
    };
    // 09:00Z is 14:30 in Kolkata: inside her block.
    let row = priya(&fixture);
    assert_eq!(row.status, StatusKind::Focusing);
    assert_eq!(row.status_text, "Focusing until 16:00");
    assert!(row.strip.iter().any(|segment| segment.kind == "focus"));

    fixture
        .meridian
        .set_status("priya", Some(StatusKind::Away), Some("Lunch"), Some(30))
        .unwrap();
    let row = priya(&fixture);
    assert_eq!(
        (row.status, row.status_message.as_deref()),
        (StatusKind::Away, Some("Lunch"))
    );
    fixture.clock.advance(chrono::Duration::minutes(31));
    assert_eq!(
        priya(&fixture).status,
        StatusKind::Focusing,
        "the manual status expired by itself"
    );

    fixture
        .meridian
        .add_time_off("priya", "2026-11-23", "2026-11-24", Some("Diwali trip"))
        .unwrap();
    let row = priya(&fixture);
    assert_eq!(row.status, StatusKind::Off);
    // Back at work on Wednesday 10:00 Kolkata.
    assert_eq!(row.until.as_deref(), Some("2026-11-25T04:30:00.000Z"));
}

#[test]
fn planned_zone_changes_apply_from_their_date() {
    let mut fixture = team();
    fixture
        .meridian
        .plan_zone_change("grace", "2026-11-25", "Asia/Tokyo")
        .unwrap();
    let grace = |fixture: &Fixture| {
        fixture
            .meridian
            .team_board()
            .unwrap()
            .members
            .into_iter()
            .find(|row| row.member.handle == "grace")
            .unwrap()
    };
    assert_eq!(grace(&fixture).time_zone, "America/New_York");
    fixture.clock.set(utc("2026-11-25T01:00:00Z")); // 10:00 in Tokyo on the 25th
    let row = grace(&fixture);
    assert_eq!(row.time_zone, "Asia/Tokyo");
    assert_eq!(row.status, StatusKind::Available);
}

#[test]
fn overlap_finds_shared_hours_in_everyones_time() {
    let fixture = team();
    let handles = ["ada".to_owned(), "priya".to_owned()];
    let result = fixture
        .meridian
        .overlap(&handles, "2026-11-23", 1, None)
        .unwrap();
    // Ada 09–17 Berlin = 08–16Z; Priya 10–18 Kolkata = 04:30–12:30Z → 08:00–12:30Z.
    assert_eq!(result.windows.len(), 1);
    let window = &result.windows[0];
    assert_eq!(
        (window.start.as_str(), window.end.as_str(), window.minutes),
        ("2026-11-23T08:00:00.000Z", "2026-11-23T12:30:00.000Z", 270)
    );
    let texts: Vec<&str> = window.local.iter().map(|span| span.text.as_str()).collect();
    assert_eq!(texts, vec!["Mon 09:00–13:30", "Mon 13:30–18:00"]);
    assert_eq!(result.best.as_ref(), Some(window));
    // Nobody overlaps all three; two of three do, in two windows.
    let all = ["ada".to_owned(), "grace".to_owned(), "priya".to_owned()];
    assert!(fixture
        .meridian
        .overlap(&all, "2026-11-23", 1, None)
        .unwrap()
        .windows
        .is_empty());
    let two = fixture
        .meridian
        .overlap(&all, "2026-11-23", 1, Some(2))
        .unwrap();
    assert_eq!(
        two.windows
            .iter()
            .map(|window| window.handles.len())
            .collect::<Vec<_>>(),
        vec![2, 2]
    );
    assert_eq!(two.best.unwrap().handles, vec!["ada", "priya"]);
}

#[test]
fn on_call_rotates_and_the_board_shows_it() {
    let mut fixture = team();
    let rota = ["grace".to_owned(), "ada".to_owned()];
    fixture
        .meridian
        .set_rota(&rota, 24, "09:00", "Europe/London", "2026-11-22")
        .unwrap();
    // 2026-11-23 09:00Z is exactly the second handoff: Ada's shift.
    let on_call = fixture.meridian.on_call_now().unwrap().unwrap();
    assert_eq!(on_call.current.as_deref(), Some("ada"));
    assert_eq!(
        on_call.current_until.as_deref(),
        Some("2026-11-24T09:00:00.000Z")
    );
    assert_eq!(on_call.next.as_deref(), Some("grace"));
    let board = fixture.meridian.team_board().unwrap();
    assert!(board
        .members
        .iter()
        .any(|row| row.member.handle == "ada" && row.on_call));
}

#[test]
fn bad_team_input_is_refused_and_nothing_is_written() {
    let mut fixture = team();
    let before = fixture.op_count();
    let checks: Vec<(meridian::Error, &str)> = vec![
        (
            fixture
                .meridian
                .add_member(teammate("X", "xena", "Mars/Base", "09:00", "17:00"))
                .unwrap_err(),
            "not a known time zone",
        ),
        (
            fixture
                .meridian
                .add_member(teammate("X", "xena", "UTC", "25:00", "26:00"))
                .unwrap_err(),
            "not a time of day",
        ),
        (
            fixture
                .meridian
                .add_member(teammate("X", "xena", "UTC", "9-5", "17:00"))
                .unwrap_err(),
            "not a time of day",
        ),
        (
            fixture
                .meridian
                .add_member(teammate("X", "grace", "UTC", "09:00", "17:00"))
                .unwrap_err(),
            "already taken",
        ),
        (
            fixture
                .meridian
                .overlap(&[], "2026-11-23", 7, None)
                .unwrap_err(),
            "at least one @handle",
        ),
        (
            fixture
                .meridian
                .overlap(&["ada".to_owned()], "2026-11-23", 367, None)
                .unwrap_err(),
            "1 to 366 days",
        ),
        (
            fixture
                .meridian
                .overlap(
                    &["ada".to_owned(), "nobody".to_owned()],
                    "2026-11-23",
                    7,
                    None,
                )
                .unwrap_err(),
            "No teammate has the handle @nobody",
        ),
        (
            fixture
                .meridian
                .overlap(&["ada".to_owned()], "23/11/2026", 7, None)
                .unwrap_err(),
            "YYYY-MM-DD",
        ),
        (
            fixture
                .meridian
                .add_time_off("grace", "2026-12-10", "2026-12-01", None)
                .unwrap_err(),
            "before it starts",
        ),
    ];
    for (err, expected) in checks {
        assert!(err.to_string().contains(expected), "{expected}: {err}");
    }
    fixture
        .meridian
        .add_focus_block("ada", &[0, 2], "09:00", "11:00", None)
        .unwrap();
    let after_block = fixture.op_count();
    let err = fixture
        .meridian
        .add_focus_block("ada", &[2, 4], "10:30", "12:00", None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(
        err.to_string()
            .contains("overlaps the focus block 09:00–11:00"),
        "{err}"
    );
    // Same times on a day the first block does not use are fine.
    fixture
        .meridian
        .add_focus_block("ada", &[4], "10:30", "12:00", None)
        .unwrap();
    assert_eq!(fixture.op_count(), after_block + 1);
    assert_eq!(after_block, before + 1);
}

#[test]
fn the_demo_team_spans_many_zones_and_seeds_once() {
    let mut fixture = Fixture::new();
    assert_eq!(fixture.meridian.seed_demo("Europe/London").unwrap(), 7);
    let board = fixture.meridian.team_board().unwrap();
    let zones: std::collections::BTreeSet<&str> = board
        .members
        .iter()
        .map(|row| row.time_zone.as_str())
        .collect();
    assert!(zones.len() >= 6, "{zones:?}");
    assert!(board.on_call.is_some());
    assert!(!fixture.meridian.time_off(None).unwrap().is_empty());
    let ops = fixture.op_count();
    assert_eq!(fixture.meridian.seed_demo("Europe/London").unwrap(), 0);
    assert_eq!(fixture.op_count(), ops);
}
