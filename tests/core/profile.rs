//! Onboarding and profile edits: what is accepted, what is refused, and that refusals write nothing.

use crate::{ada, Fixture};
use meridian::log::hlc::Hlc;
use meridian::log::ops::{Op, OpPayload};
use meridian::model::{ProfileInput, TimeRange, WeeklyHours};
use meridian::{CoreEvent, ErrorKind};

#[test]
fn onboarding_creates_me_and_my_team() {
    let fixture = Fixture::onboarded();
    let snapshot = fixture.meridian.snapshot().unwrap();
    let me = snapshot.me.unwrap();
    assert_eq!(
        (
            me.handle.as_str(),
            me.display_name.as_str(),
            me.time_zone.as_str()
        ),
        ("ada", "Ada Lovelace", "Europe/Berlin")
    );
    assert_eq!(snapshot.team.unwrap().name, "Analytical Engines");
    // Monday 2026-11-23 09:00Z is 10:00 in Berlin: inside 09:00–17:00.
    assert_eq!(snapshot.local_time.as_deref(), Some("10:00"));
    assert_eq!(snapshot.local_date.as_deref(), Some("Monday 23 November"));
    assert_eq!(snapshot.utc_offset.as_deref(), Some("+01:00"));
    assert!(snapshot.in_working_hours);
    assert_eq!(
        snapshot.next_change.as_deref(),
        Some("Working hours end at 17:00")
    );
    assert_eq!(
        *fixture.events.0.lock().unwrap(),
        vec![CoreEvent::ProfileChanged]
    );
}

#[test]
fn outside_hours_the_snapshot_says_when_work_starts() {
    let fixture = Fixture::onboarded();
    fixture.clock.set(crate::utc("2026-11-21T12:00:00Z")); // Saturday
    let snapshot = fixture.meridian.snapshot().unwrap();
    assert!(!snapshot.in_working_hours);
    assert_eq!(
        snapshot.next_change.as_deref(),
        Some("Working hours start Monday at 09:00")
    );
}

/// A field name, a way to spoil good input, and words the error must contain.
type SpoilCase = (
    &'static str,
    Box<dyn Fn(&mut meridian::model::OnboardingInput)>,
    &'static str,
);

#[test]
fn bad_onboarding_input_is_refused_and_nothing_is_written() {
    let mut fixture = Fixture::new();
    let before = fixture.op_count();
    let long_handle = "a".repeat(33);
    let cases: Vec<SpoilCase> = vec![
        (
            "handle",
            Box::new(|input| input.handle = "".into()),
            "empty",
        ),
        (
            "handle",
            Box::new(|input| input.handle = "ada lovelace".into()),
            "contains a space",
        ),
        (
            "handle",
            Box::new(move |input| input.handle = long_handle.clone()),
            "too many",
        ),
        (
            "time_zone",
            Box::new(|input| input.time_zone = "Europe/Atlantis".into()),
            "not a known time zone",
        ),
        (
            "display_name",
            Box::new(|input| input.display_name = "   ".into()),
            "empty",
        ),
        (
            "team_name",
            Box::new(|input| input.team_name = "x".repeat(81)),
            "the most is 80",
        ),
        (
            "working_hours",
            Box::new(|input| input.working_hours.days[0] = vec![range("17:00", "09:00")]),
            "ends before it starts",
        ),
        (
            "working_hours",
            Box::new(|input| {
                input.working_hours.days[2] = vec![range("09:00", "13:00"), range("12:00", "17:00")]
            }),
            "overlaps",
        ),
        (
            "working_hours",
            Box::new(|input| input.working_hours.days[4] = vec![range("25:00", "26:00")]),
            "not a time of day",
        ),
    ];
    for (field, spoil, expected) in cases {
        let mut input = ada();
        spoil(&mut input);
        let err = fixture.meridian.complete_onboarding(input).unwrap_err();
        let payload = err.payload();
        assert_eq!(payload.kind, ErrorKind::Invalid);
        assert_eq!(payload.field.as_deref(), Some(field), "{}", payload.message);
        assert!(
            payload.message.contains(expected),
            "{field}: {}",
            payload.message
        );
        assert_eq!(fixture.op_count(), before, "nothing written for {field}");
    }
    assert!(fixture.meridian.me().unwrap().is_none());
}

#[test]
fn onboarding_twice_is_refused() {
    let mut fixture = Fixture::onboarded();
    let err = fixture.meridian.complete_onboarding(ada()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().contains("Settings"));
}

#[test]
fn a_taken_handle_is_refused() {
    let mut fixture = Fixture::onboarded();
    // Grace arrived from another device (as sync will deliver her).
    fixture
        .meridian
        .ingest(&[Op {
            id: "grace-op".into(),
            device_id: "other-device".into(),
            idx: 1,
            hlc: Hlc {
                wall_ms: 1,
                counter: 0,
            },
            payload: OpPayload::MemberCreated {
                member_id: "grace".into(),
                handle: "grace".into(),
                display_name: "Grace Hopper".into(),
                time_zone: "America/New_York".into(),
                working_hours: WeeklyHours::standard().into(),
            },
        }])
        .unwrap();
    let before = fixture.op_count();
    let mut input = profile_input(&fixture);
    input.handle = "@Grace".into();
    let err = fixture
        .meridian
        .update_profile(input)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("@grace is already taken by Grace Hopper"),
        "{err}"
    );
    assert_eq!(fixture.op_count(), before);
}

#[test]
fn profile_edits_write_only_what_changed() {
    let mut fixture = Fixture::onboarded();
    let before = fixture.op_count();
    // Saving an unchanged form writes nothing.
    fixture
        .meridian
        .update_profile(profile_input(&fixture))
        .unwrap();
    assert_eq!(fixture.op_count(), before);
    let mut input = profile_input(&fixture);
    input.time_zone = "Asia/Kolkata".into();
    input.working_hours.days[5] = vec![range("10:00", "12:00")];
    let snapshot = fixture.meridian.update_profile(input).unwrap();
    assert_eq!(fixture.op_count(), before + 1);
    let me = snapshot.me.unwrap();
    assert_eq!(me.time_zone, "Asia/Kolkata");
    assert_eq!(me.working_hours.days[5], vec![range("10:00", "12:00")]);
    assert_eq!(snapshot.utc_offset.as_deref(), Some("+05:30"));
    let mut input = profile_input(&fixture);
    input.team_name = "Difference Engines".into();
    let snapshot = fixture.meridian.update_profile(input).unwrap();
    assert_eq!(snapshot.team.unwrap().name, "Difference Engines");
    assert_eq!(fixture.op_count(), before + 2);
}

pub fn range(start: &str, end: &str) -> TimeRange {
    TimeRange {
        start: start.into(),
        end: end.into(),
    }
}

fn profile_input(fixture: &Fixture) -> ProfileInput {
    let snapshot = fixture.meridian.snapshot().unwrap();
    let me = snapshot.me.unwrap();
    ProfileInput {
        display_name: me.display_name,
        handle: me.handle,
        time_zone: me.time_zone,
        working_hours: me.working_hours,
        team_name: snapshot.team.unwrap().name,
    }
}

#[test]
fn home_agrees_with_the_board_about_time_off_and_moves() {
    let mut fixture = Fixture::onboarded();
    // Monday 10:00 Berlin is working time …
    assert!(fixture.meridian.snapshot().unwrap().in_working_hours);
    // … but not on a day off, and home says when work starts again.
    fixture
        .meridian
        .add_time_off("ada", "2026-11-23", "2026-11-23", Some("Dentist"))
        .unwrap();
    let snapshot = fixture.meridian.snapshot().unwrap();
    assert!(!snapshot.in_working_hours);
    assert_eq!(
        snapshot.next_change.as_deref(),
        Some("Working hours start tomorrow at 09:00")
    );
    // A planned move changes the local time home shows from its first day.
    fixture
        .meridian
        .plan_zone_change("ada", "2026-11-24", "Asia/Tokyo")
        .unwrap();
    fixture.clock.set(crate::utc("2026-11-24T01:00:00Z"));
    let snapshot = fixture.meridian.snapshot().unwrap();
    assert_eq!(
        (
            snapshot.local_time.as_deref(),
            snapshot.utc_offset.as_deref()
        ),
        (Some("10:00"), Some("+09:00"))
    );
    assert!(snapshot.in_working_hours);
}
