//! Focus mode: start, stop, replace, run out, survive a restart.

use crate::{utc, Fixture};
use chrono::Duration;
use meridian::{CoreEvent, ErrorKind};

#[test]
fn focus_runs_for_its_duration_then_ends_by_itself() {
    let mut fixture = Fixture::onboarded();
    let snapshot = fixture
        .meridian
        .start_focus(25, Some("  Write the spec "))
        .unwrap();
    let focus = snapshot.focus.unwrap();
    assert_eq!(focus.started_at, "2026-11-23T09:00:00.000Z");
    assert_eq!(focus.ends_at, "2026-11-23T09:25:00.000Z");
    assert_eq!(focus.label.as_deref(), Some("Write the spec"));
    fixture.clock.advance(Duration::minutes(24));
    assert!(fixture.meridian.active_focus().unwrap().is_some());
    fixture.clock.advance(Duration::minutes(1));
    assert!(fixture.meridian.active_focus().unwrap().is_none());
    assert!(fixture
        .events
        .0
        .lock()
        .unwrap()
        .contains(&CoreEvent::FocusChanged));
}

#[test]
fn stopping_early_records_when() {
    let mut fixture = Fixture::onboarded();
    fixture.meridian.start_focus(50, None).unwrap();
    fixture.clock.advance(Duration::minutes(10));
    let snapshot = fixture.meridian.stop_focus().unwrap();
    assert!(snapshot.focus.is_none());
    let history = fixture.meridian.focus_history().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].stopped_at.as_deref(),
        Some("2026-11-23T09:10:00.000Z")
    );
    let err = fixture.meridian.stop_focus().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

#[test]
fn starting_again_replaces_the_running_session() {
    let mut fixture = Fixture::onboarded();
    fixture.meridian.start_focus(25, None).unwrap();
    fixture.clock.advance(Duration::minutes(5));
    let snapshot = fixture.meridian.start_focus(90, None).unwrap();
    assert_eq!(snapshot.focus.unwrap().ends_at, "2026-11-23T10:35:00.000Z");
    let history = fixture.meridian.focus_history().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[1].stopped_at.as_deref(),
        Some("2026-11-23T09:05:00.000Z")
    );
}

#[test]
fn focus_survives_a_restart() {
    let mut fixture = Fixture::onboarded();
    fixture.meridian.start_focus(90, Some("deep work")).unwrap();
    fixture.reopen();
    fixture.clock.set(utc("2026-11-23T10:00:00Z"));
    let focus = fixture.meridian.active_focus().unwrap().unwrap();
    assert_eq!(focus.label.as_deref(), Some("deep work"));
}

#[test]
fn bad_focus_requests_are_refused_without_writing() {
    let mut fixture = Fixture::new();
    let err = fixture.meridian.start_focus(25, None).unwrap_err();
    assert!(err.to_string().contains("meridian init"), "{err}");
    let mut fixture = Fixture::onboarded();
    let before = fixture.op_count();
    for minutes in [0, 721] {
        let err = fixture
            .meridian
            .start_focus(minutes, None)
            .unwrap_err()
            .payload();
        assert_eq!(err.field.as_deref(), Some("duration"));
    }
    let long = "x".repeat(121);
    let err = fixture
        .meridian
        .start_focus(25, Some(&long))
        .unwrap_err()
        .payload();
    assert_eq!(err.field.as_deref(), Some("label"));
    assert_eq!(fixture.op_count(), before);
}

#[test]
fn a_write_from_another_process_is_noticed() {
    let mut app = Fixture::onboarded();
    assert!(!app.meridian.poll_external_change().unwrap());
    // A second connection to the same profile, as the CLI would open.
    let mut cli = meridian::Meridian::open(
        app.dir.path(),
        app.clock.clone(),
        std::sync::Arc::new(meridian::NoEvents),
    )
    .unwrap();
    cli.start_focus(25, None).unwrap();
    assert!(app.meridian.poll_external_change().unwrap());
    assert!(app.meridian.active_focus().unwrap().is_some());
    assert!(app
        .events
        .0
        .lock()
        .unwrap()
        .contains(&CoreEvent::ExternalChange));
    assert!(!app.meridian.poll_external_change().unwrap());
}

#[test]
fn a_recurring_block_starts_and_ends_on_its_own_and_can_be_stopped_once() {
    let mut fixture = Fixture::onboarded();
    // Mondays and Tuesdays 10:30–12:00 in Berlin (09:30–11:00Z in winter).
    fixture
        .meridian
        .add_focus_block("ada", &[0, 1], "10:30", "12:00", Some("Deep work"))
        .unwrap();
    assert!(
        fixture.meridian.snapshot().unwrap().focus.is_none(),
        "09:00Z is before the block"
    );
    fixture.clock.set(utc("2026-11-23T09:45:00Z"));
    let focus = fixture
        .meridian
        .snapshot()
        .unwrap()
        .focus
        .expect("the block runs");
    assert_eq!(
        (focus.ends_at.as_str(), focus.label.as_deref()),
        ("2026-11-23T11:00:00.000Z", Some("Deep work"))
    );

    // Stopping ends today's occurrence only.
    fixture.meridian.stop_focus().unwrap();
    assert!(fixture.meridian.snapshot().unwrap().focus.is_none());
    let board = fixture.meridian.team_board().unwrap();
    assert_eq!(
        board.members[0].status,
        meridian::model::StatusKind::Available
    );
    fixture.clock.set(utc("2026-11-24T09:45:00Z"));
    assert!(
        fixture.meridian.snapshot().unwrap().focus.is_some(),
        "Tuesday's occurrence still runs"
    );

    // Extending takes the occurrence over with a later end.
    let snapshot = fixture.meridian.extend_focus(30).unwrap();
    assert_eq!(snapshot.focus.unwrap().ends_at, "2026-11-24T11:30:00.000Z");
    fixture.clock.set(utc("2026-11-24T11:15:00Z"));
    assert!(fixture.meridian.active_focus().unwrap().is_some());
    fixture.clock.set(utc("2026-11-24T11:30:00Z"));
    assert!(fixture.meridian.active_focus().unwrap().is_none());
    // Both occurrences are in the history as real sessions.
    assert_eq!(fixture.meridian.focus_history().unwrap().len(), 2);
}
