//! The work board and quick capture through the façade: tasks, blockers (cycles refused),
//! goals turning at risk on their own, due reminders in the owner's working hours across DST
//! changes, captures triaged in one step — and bad input refused with nothing written.

use crate::{utc, Fixture};
use meridian::log::ops::{format_instant, OpPayload};
use meridian::model::{
    ChannelInput, GoalHealth, GoalInput, MemberInput, TaskInput, TaskStatus, WeeklyHours,
};
use meridian::time::MemberRules;
use meridian::work::{reminder_at, TaskFilter};
use meridian::{ErrorKind, Meridian};

fn team() -> Fixture {
    let mut fixture = Fixture::onboarded();
    fixture
        .meridian
        .add_member(MemberInput {
            display_name: "Aroha Ngata".into(),
            handle: "aroha".into(),
            time_zone: "Pacific/Auckland".into(),
            working_hours: WeeklyHours::standard(),
        })
        .unwrap();
    fixture
}

fn task(meridian: &mut Meridian, title: &str) -> String {
    meridian
        .create_task(&TaskInput {
            title: title.into(),
            ..TaskInput::default()
        })
        .unwrap()
        .card
        .id
}

fn inbox_titles(meridian: &Meridian) -> Vec<String> {
    meridian
        .inbox(50)
        .unwrap()
        .into_iter()
        .map(|item| item.title)
        .collect()
}

#[test]
fn a_task_carries_owner_due_time_in_its_zone_and_goal_and_moves_across_the_board() {
    let mut fixture = team();
    let goal = fixture
        .meridian
        .create_goal(&GoalInput {
            title: "Ship 2.0".into(),
            outcome: "Customers run 2.0 in production".into(),
            target_day: Some("2026-12-18".into()),
            ..GoalInput::default()
        })
        .unwrap();
    let created = fixture
        .meridian
        .create_task(&TaskInput {
            title: "Release notes".into(),
            body: "Draft **them**".into(),
            owner: Some("@aroha".into()),
            due: Some("2026-12-01 17:00".into()),
            due_zone: Some("Pacific/Auckland".into()),
            goal: Some(goal.id.clone()),
            status: None,
        })
        .unwrap();
    assert_eq!(created.card.status, TaskStatus::Todo);
    assert_eq!(created.card.owner.as_ref().unwrap().handle, "aroha");
    // 17:00 in Auckland (NZDT, +13) is 04:00Z; Ada reads it in Berlin time.
    assert_eq!(created.due_at.as_deref(), Some("2026-12-01T04:00:00.000Z"));
    assert_eq!(created.due_zone.as_deref(), Some("Pacific/Auckland"));
    assert_eq!(created.card.due_local.as_deref(), Some("Tue 1 Dec 05:00"));
    assert_eq!(created.card.goal_title.as_deref(), Some("Ship 2.0"));
    assert!(created.body_html.contains("<strong>them</strong>"));
    assert_eq!(
        inbox_titles(&fixture.meridian),
        Vec::<String>::new(),
        "the assignment is Aroha's, not mine"
    );

    let ops = fixture.op_count();
    let moved = fixture
        .meridian
        .move_task(&created.card.id, "in progress")
        .unwrap();
    assert_eq!(moved.card.status, TaskStatus::InProgress);
    assert_eq!(fixture.op_count(), ops + 1);
    fixture
        .meridian
        .move_task(&created.card.id, "in_progress")
        .unwrap();
    assert_eq!(
        fixture.op_count(),
        ops + 1,
        "a move to where it is writes nothing"
    );

    let mine = task(&mut fixture.meridian, "Mine, no owner yet");
    fixture
        .meridian
        .edit_task(
            &mine,
            &TaskInput {
                title: "Mine".into(),
                owner: Some("ada".into()),
                ..TaskInput::default()
            },
        )
        .unwrap();
    let my_work = fixture
        .meridian
        .board(&TaskFilter {
            mine: true,
            ..TaskFilter::default()
        })
        .unwrap();
    assert_eq!(
        my_work
            .tasks
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        vec!["Mine"]
    );
    let board = fixture.meridian.board(&TaskFilter::default()).unwrap();
    assert_eq!(board.tasks.len(), 2);
    assert_eq!(board.goals[0].open_tasks, 1);

    fixture.meridian.move_task(&mine, "canceled").unwrap();
    let board = fixture.meridian.board(&TaskFilter::default()).unwrap();
    assert_eq!(board.tasks.len(), 1, "canceled tasks leave the board");
    let all = fixture
        .meridian
        .board(&TaskFilter {
            include_canceled: true,
            ..TaskFilter::default()
        })
        .unwrap();
    assert_eq!(all.tasks.len(), 2, "but are never deleted");
}

#[test]
fn the_blocked_badge_follows_open_blockers_and_cycles_are_refused_with_their_chain() {
    let mut fixture = team();
    let a = task(&mut fixture.meridian, "Deploy");
    let b = task(&mut fixture.meridian, "Review");
    let c = task(&mut fixture.meridian, "Write tests");
    let shown = fixture.meridian.set_task_blocker(&a, &b, true).unwrap();
    assert_eq!(
        shown
            .card
            .blocked_by
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        vec!["Review"]
    );
    fixture.meridian.set_task_blocker(&b, &c, true).unwrap();
    assert_eq!(
        fixture.meridian.task(&c).unwrap().blocking[0].title,
        "Review"
    );
    // The board shows the same badges, cards in the order they were made, and one shared
    // reference for a blocker however many cards name it.
    let d = task(&mut fixture.meridian, "Announce");
    fixture.meridian.set_task_blocker(&d, &b, true).unwrap();
    let board = fixture.meridian.board(&TaskFilter::default()).unwrap();
    let cards: Vec<(&str, Vec<&str>)> = board
        .tasks
        .iter()
        .map(|card| {
            let blockers = card.blocked_by.iter().map(|t| t.title.as_str()).collect();
            (card.title.as_str(), blockers)
        })
        .collect();
    assert_eq!(
        cards,
        vec![
            ("Deploy", vec!["Review"]),
            ("Review", vec!["Write tests"]),
            ("Write tests", vec![]),
            ("Announce", vec!["Review"]),
        ]
    );
    assert!(std::sync::Arc::ptr_eq(
        &board.tasks[0].blocked_by[0],
        &board.tasks[3].blocked_by[0]
    ));
    fixture.meridian.set_task_blocker(&d, &b, false).unwrap();

    let ops = fixture.op_count();
    let err = fixture.meridian.set_task_blocker(&c, &a, true).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(
        err.to_string().starts_with(
            "This would make “Write tests” wait on “Deploy” wait on “Review” wait on “Write tests”"
        ),
        "{err}"
    );
    let err = fixture.meridian.set_task_blocker(&a, &a, true).unwrap_err();
    assert!(err.to_string().contains("cannot wait on itself"), "{err}");
    assert_eq!(fixture.op_count(), ops, "nothing written");
    fixture.meridian.set_task_blocker(&a, &b, true).unwrap();
    assert_eq!(
        fixture.op_count(),
        ops,
        "an existing relation writes nothing"
    );

    // Review is done: Deploy no longer shows blocked, though it still lists what it waited on.
    fixture.meridian.move_task(&b, "done").unwrap();
    let deploy = fixture.meridian.task(&a).unwrap();
    assert!(deploy.card.blocked_by.is_empty());
    assert_eq!(deploy.waits_on.len(), 1);
    // Reopened, it blocks again; removing the relation clears it for good.
    fixture.meridian.move_task(&b, "todo").unwrap();
    assert_eq!(fixture.meridian.task(&a).unwrap().card.blocked_by.len(), 1);
    fixture.meridian.set_task_blocker(&a, &b, false).unwrap();
    assert!(fixture.meridian.task(&a).unwrap().waits_on.is_empty());
    // With a → b gone, c may now wait on a.
    fixture.meridian.set_task_blocker(&c, &a, true).unwrap();
}

#[test]
fn a_card_whose_goal_or_blocker_has_not_arrived_shows_what_is_known() {
    let mut fixture = team();
    let me = fixture.meridian.me().unwrap().unwrap().id;
    let waiting = "019a0000-0000-7000-8000-00000000000a";
    let at = utc("2026-11-23T09:00:00Z");
    // As a sync can deliver them: a task naming a goal, and a relation naming a task, whose
    // own creations have not arrived yet.
    fixture
        .meridian
        .store_mut()
        .append(
            at,
            vec![
                OpPayload::TaskCreated {
                    task_id: waiting.into(),
                    author_id: me.clone(),
                    title: "Waits on the unknown".into(),
                    body: String::new(),
                    owner_id: None,
                    status: "todo".into(),
                    due_at: None,
                    due_zone: None,
                    goal_id: Some("goal that has not arrived".into()),
                    created_at: format_instant(at),
                },
                OpPayload::TaskBlockerSet {
                    task_id: waiting.into(),
                    blocker_id: "task that has not arrived".into(),
                    member_id: me,
                    active: true,
                },
            ],
        )
        .unwrap();
    let board = fixture.meridian.board(&TaskFilter::default()).unwrap();
    let card = &board.tasks[0];
    assert_eq!(card.title, "Waits on the unknown");
    assert_eq!(card.goal_id.as_deref(), Some("goal that has not arrived"));
    assert_eq!(card.goal_title, None);
    assert!(
        card.blocked_by.is_empty(),
        "an unknown task blocks nothing yet"
    );
    let opened = fixture.meridian.task(waiting).unwrap();
    assert_eq!(opened.card, *card);
    assert!(opened.waits_on.is_empty());
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let mut fixture = team();
    let existing = task(&mut fixture.meridian, "Exists");
    let goal = fixture
        .meridian
        .create_goal(&GoalInput {
            title: "Goal".into(),
            ..GoalInput::default()
        })
        .unwrap();
    let ops = fixture.op_count();
    let new = |patch: fn(&mut TaskInput)| {
        let mut input = TaskInput {
            title: "A task".into(),
            ..TaskInput::default()
        };
        patch(&mut input);
        input
    };
    let cases: Vec<(&str, TaskInput, &str)> = vec![
        ("empty title", new(|i| i.title = "  ".into()), "title"),
        (
            "unknown owner",
            new(|i| i.owner = Some("@nobody".into())),
            "owner",
        ),
        (
            "garbage due",
            new(|i| i.due = Some("next tuesdayish".into())),
            "due",
        ),
        (
            "past due",
            new(|i| i.due = Some("2026-11-20 17:00".into())),
            "due",
        ),
        (
            "bad zone",
            new(|i| {
                i.due = Some("2026-12-01 17:00".into());
                i.due_zone = Some("Mars/Olympus".into());
            }),
            "due_zone",
        ),
        (
            "unknown goal",
            new(|i| i.goal = Some("no-such-goal".into())),
            "goal",
        ),
        (
            "bad status",
            new(|i| i.status = Some("someday".into())),
            "status",
        ),
    ];
    for (name, input, field) in cases {
        let err = fixture.meridian.create_task(&input).unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some(field), "{name}: {err}");
    }
    let err = fixture
        .meridian
        .move_task(&existing, "nearly done")
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("backlog, todo, in_progress, done or canceled"),
        "{err}"
    );
    assert_eq!(
        fixture
            .meridian
            .move_task("missing", "done")
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    let err = fixture
        .meridian
        .update_goal(
            &goal.id,
            &GoalInput {
                health: Some("fine-ish".into()),
                ..GoalInput::default()
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("on_track, at_risk or off_track"),
        "{err}"
    );
    let err = fixture
        .meridian
        .create_goal(&GoalInput {
            title: "G".into(),
            target_day: Some("31/12/2026".into()),
            ..GoalInput::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("2026-12-31"), "{err}");
    assert_eq!(
        fixture.meridian.capture("   ").unwrap_err().kind(),
        ErrorKind::Invalid
    );
    let capture = fixture.meridian.capture("an idea").unwrap();
    let ops_with_capture = fixture.op_count();
    let err = fixture
        .meridian
        .triage_capture(&capture.id, "poem", None)
        .unwrap_err();
    assert!(
        err.to_string().contains("a task, a thread or a doc"),
        "{err}"
    );
    let err = fixture
        .meridian
        .triage_capture(&capture.id, "thread", None)
        .unwrap_err();
    assert!(err.to_string().contains("needs a channel"), "{err}");
    assert_eq!(fixture.op_count(), ops_with_capture);
    assert_eq!(ops + 1, ops_with_capture, "only the capture was written");
}

#[test]
fn a_goal_turns_at_risk_on_its_own_when_stale_or_past_its_target_and_a_review_resets_it() {
    let mut fixture = team();
    let goal = fixture
        .meridian
        .create_goal(&GoalInput {
            title: "Onboard five teams".into(),
            outcome: "Five teams use the board daily".into(),
            target_day: Some("2027-03-31".into()),
            ..GoalInput::default()
        })
        .unwrap();
    assert_eq!(goal.health, GoalHealth::OnTrack);
    fixture.clock.set(utc("2026-12-06T09:00:00Z"));
    let shown = fixture.meridian.goal(&goal.id).unwrap();
    assert_eq!(
        shown.health,
        GoalHealth::OnTrack,
        "13 days is not stale yet"
    );
    fixture.clock.set(utc("2026-12-07T09:00:00Z"));
    let shown = fixture.meridian.goal(&goal.id).unwrap();
    assert_eq!(shown.health, GoalHealth::AtRisk);
    assert_eq!(shown.reported_health, GoalHealth::OnTrack);
    assert_eq!(
        shown.health_reason.as_deref(),
        Some("Not updated for 14 days")
    );

    let reviewed = fixture
        .meridian
        .update_goal(
            &goal.id,
            &GoalInput {
                note: Some("Two teams in".into()),
                ..GoalInput::default()
            },
        )
        .unwrap();
    assert_eq!(
        reviewed.health,
        GoalHealth::OnTrack,
        "a review resets staleness"
    );
    assert_eq!(
        reviewed.outcome, "Five teams use the board daily",
        "empty fields keep their value"
    );

    fixture.clock.set(utc("2027-04-01T09:00:00Z"));
    let late = fixture.meridian.goal(&goal.id).unwrap();
    assert_eq!(late.health, GoalHealth::AtRisk);
    assert_eq!(
        late.health_reason.as_deref(),
        Some("Past its target day (31 Mar 2027)")
    );
    let off = fixture
        .meridian
        .update_goal(
            &goal.id,
            &GoalInput {
                health: Some("off track".into()),
                ..GoalInput::default()
            },
        )
        .unwrap();
    assert_eq!(
        off.health,
        GoalHealth::OffTrack,
        "a reported off track stays off track"
    );
}

/// Reminder times across DST changes in 13 zones, with standard hours (09:00–17:00, Monday
/// to Friday). Expected instants were computed with Python's zoneinfo.
#[test]
fn due_reminders_land_at_the_start_of_the_owners_last_working_stretch_across_dst() {
    let cases = [
        // zone, due (UTC), seen at, reminded at (UTC)
        (
            "Europe/Berlin",
            "2026-03-30T08:00:00Z",
            "2026-03-27T12:00:00Z",
            "2026-03-30T07:00:00Z",
        ), // due Mon 10:00 after spring forward → Mon 09:00 CEST
        (
            "Europe/Berlin",
            "2026-03-30T06:00:00Z",
            "2026-03-26T12:00:00Z",
            "2026-03-27T08:00:00Z",
        ), // due Mon 08:00 → Fri 09:00 CET
        (
            "America/New_York",
            "2026-03-09T16:00:00Z",
            "2026-03-05T12:00:00Z",
            "2026-03-09T13:00:00Z",
        ), // due Mon 12:00 after DST began
        (
            "America/New_York",
            "2026-11-02T13:30:00Z",
            "2026-10-29T12:00:00Z",
            "2026-10-30T13:00:00Z",
        ), // due Mon 08:30 after DST ended → Fri 09:00 EDT
        (
            "America/Los_Angeles",
            "2026-11-03T00:00:00Z",
            "2026-10-30T12:00:00Z",
            "2026-11-02T17:00:00Z",
        ), // due Mon 16:00 PST
        (
            "Europe/London",
            "2026-10-26T09:30:00Z",
            "2026-10-22T12:00:00Z",
            "2026-10-26T09:00:00Z",
        ), // due Mon 09:30 GMT
        (
            "Australia/Sydney",
            "2026-04-06T01:00:00Z",
            "2026-04-02T00:00:00Z",
            "2026-04-05T23:00:00Z",
        ), // due Mon 11:00 after DST ended
        (
            "Pacific/Auckland",
            "2026-09-27T18:00:00Z",
            "2026-09-23T00:00:00Z",
            "2026-09-24T21:00:00Z",
        ), // due Mon 07:00 NZDT → Fri 09:00 NZST
        (
            "Pacific/Chatham",
            "2026-04-05T23:15:00Z",
            "2026-04-01T00:00:00Z",
            "2026-04-05T20:15:00Z",
        ), // +12:45 after DST ended
        (
            "America/Santiago",
            "2026-04-06T19:00:00Z",
            "2026-04-01T12:00:00Z",
            "2026-04-06T13:00:00Z",
        ), // due Mon 15:00 after DST ended
        (
            "Africa/Cairo",
            "2026-04-27T07:00:00Z",
            "2026-04-22T12:00:00Z",
            "2026-04-27T06:00:00Z",
        ), // due Mon 10:00 after DST began
        (
            "Asia/Kolkata",
            "2026-12-01T11:30:00Z",
            "2026-11-27T12:00:00Z",
            "2026-12-01T03:30:00Z",
        ), // +05:30, no DST
        (
            "America/Sao_Paulo",
            "2026-11-03T12:00:00Z",
            "2026-10-29T12:00:00Z",
            "2026-11-02T12:00:00Z",
        ), // due at 09:00 sharp → the day before
        // Seen at 22:00 in Berlin, due at 08:00 tomorrow: never at night, so 09:00 tomorrow.
        (
            "Europe/Berlin",
            "2026-11-24T07:00:00Z",
            "2026-11-23T21:00:00Z",
            "2026-11-24T08:00:00Z",
        ),
        // Seen at 11:00 in Berlin, due at 15:00 today: its working stretch began, so now.
        (
            "Europe/Berlin",
            "2026-11-23T14:00:00Z",
            "2026-11-23T10:00:00Z",
            "2026-11-23T10:00:00Z",
        ),
    ];
    for (zone, due, now, expected) in cases {
        let rules = MemberRules::plain(zone.parse().unwrap(), WeeklyHours::standard());
        assert_eq!(
            reminder_at(&rules, utc(due), utc(now)),
            Some(utc(expected)),
            "{zone}: due {due}, seen at {now}"
        );
    }
}

#[test]
fn a_due_reminder_reaches_the_owner_once_in_working_hours_and_never_at_night() {
    let mut fixture = team();
    let notifier = meridian::notify::RecordingNotifier::new(fixture.clock.clone());
    // Monday 10:00 in Berlin. Due Tuesday 17:00 Berlin: reminded Tuesday 09:00 (08:00Z).
    fixture
        .meridian
        .create_task(&TaskInput {
            title: "Quarterly report".into(),
            owner: Some("ada".into()),
            due: Some("2026-11-24 17:00".into()),
            ..TaskInput::default()
        })
        .unwrap();
    // Aroha's task is for Aroha's devices to remind; Ada's device queues nothing for it.
    fixture
        .meridian
        .create_task(&TaskInput {
            title: "Not mine".into(),
            owner: Some("aroha".into()),
            due: Some("2026-11-24 17:00".into()),
            ..TaskInput::default()
        })
        .unwrap();
    let pass = fixture.meridian.deliver_due(&notifier).unwrap();
    assert!(pass.next_check.unwrap() <= utc("2026-11-24T08:00:00Z"));
    let reminders = |meridian: &Meridian| {
        inbox_titles(meridian)
            .into_iter()
            .filter(|title| title.contains(" due "))
            .collect::<Vec<_>>()
    };
    fixture.clock.set(utc("2026-11-24T07:59:00Z"));
    fixture.meridian.deliver_due(&notifier).unwrap();
    assert!(reminders(&fixture.meridian).is_empty());
    fixture.clock.set(utc("2026-11-24T08:00:00Z"));
    fixture.meridian.deliver_due(&notifier).unwrap();
    fixture.meridian.deliver_due(&notifier).unwrap();
    assert_eq!(
        reminders(&fixture.meridian),
        vec!["“Quarterly report” is due today at 17:00".to_owned()],
        "once, at the start of her working day"
    );

    // Created at 22:00 Berlin, due 08:00 tomorrow: nothing at night, reminded at 09:00.
    fixture.clock.set(utc("2026-11-24T21:00:00Z"));
    fixture
        .meridian
        .create_task(&TaskInput {
            title: "Early call prep".into(),
            owner: Some("ada".into()),
            due: Some("2026-11-25 08:00".into()),
            ..TaskInput::default()
        })
        .unwrap();
    for at in [
        "2026-11-24T21:00:00Z",
        "2026-11-25T02:00:00Z",
        "2026-11-25T07:59:00Z",
    ] {
        fixture.clock.set(utc(at));
        fixture.meridian.deliver_due(&notifier).unwrap();
        assert_eq!(reminders(&fixture.meridian).len(), 1, "nothing at {at}");
    }
    fixture.clock.set(utc("2026-11-25T08:00:00Z"));
    fixture.meridian.deliver_due(&notifier).unwrap();
    assert_eq!(
        reminders(&fixture.meridian)[0],
        "“Early call prep” was due today at 08:00"
    );
    // Every system notification that showed did so in Ada's working hours.
    for (shown_at, _) in notifier.shown() {
        let local = shown_at.with_timezone(&chrono_tz::Europe::Berlin);
        assert!(
            (9..17).contains(&chrono::Timelike::hour(&local)),
            "shown at {local}"
        );
    }
}

#[test]
fn captures_are_private_and_become_a_task_a_thread_or_a_doc_in_one_step() {
    let mut fixture = team();
    fixture
        .meridian
        .create_channel(&ChannelInput {
            name: "general".into(),
            private: false,
            reason: None,
            expect: None,
            members: vec![],
        })
        .unwrap();
    let first = fixture
        .meridian
        .capture("Call the printer\nabout the invoices")
        .unwrap();
    let second = fixture
        .meridian
        .capture("Idea: a board for the rota")
        .unwrap();
    let third = fixture.meridian.capture("Notes on onboarding").unwrap();
    assert_eq!(fixture.meridian.captures(false).unwrap().len(), 3);

    let done = fixture
        .meridian
        .triage_capture(&first.id, "task", None)
        .unwrap();
    assert_eq!(done.triaged_kind.as_deref(), Some("task"));
    let made = fixture
        .meridian
        .task(done.triaged_id.as_deref().unwrap())
        .unwrap();
    assert_eq!(made.card.title, "Call the printer");
    assert_eq!(made.body, "about the invoices");
    assert_eq!(made.card.owner.unwrap().handle, "ada");

    let thread = fixture
        .meridian
        .triage_capture(&second.id, "thread", Some("general"))
        .unwrap();
    let thread = fixture
        .meridian
        .thread(thread.triaged_id.as_deref().unwrap())
        .unwrap();
    assert_eq!(thread.summary.title, "Idea: a board for the rota");
    let doc = fixture
        .meridian
        .triage_capture(&third.id, "doc", None)
        .unwrap();
    assert_eq!(doc.triaged_kind.as_deref(), Some("doc"));

    assert!(fixture.meridian.captures(false).unwrap().is_empty());
    assert_eq!(fixture.meridian.captures(true).unwrap().len(), 3);
    let err = fixture
        .meridian
        .triage_capture(&first.id, "doc", None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);

    // Another person's device sees the capture ops but lists none of them.
    let ops = fixture.meridian.store().ops().unwrap();
    let mut other = Fixture::new();
    other.meridian.ingest(&ops).unwrap();
    assert!(other.meridian.captures(true).unwrap().is_empty());
}

#[test]
fn replicas_ingesting_the_board_at_once_or_op_by_op_show_the_same_rows() {
    let mut fixture = team();
    let a = task(&mut fixture.meridian, "A");
    let b = task(&mut fixture.meridian, "B");
    fixture.meridian.set_task_blocker(&a, &b, true).unwrap();
    fixture.meridian.move_task(&b, "done").unwrap();
    fixture.meridian.capture("thought").unwrap();
    assert!(fixture.meridian.store_mut().rebuild_matches().unwrap());
    let ops = fixture.meridian.store().ops().unwrap();
    let mut whole = Fixture::new();
    whole.meridian.ingest(&ops).unwrap();
    let mut one_by_one = Fixture::new();
    for op in ops.iter() {
        one_by_one
            .meridian
            .ingest(std::slice::from_ref(op))
            .unwrap();
    }
    // Each fixture is its own device; the board's tables must match row for row.
    let board_rows = |fixture: &Fixture| {
        let mut dump = fixture.meridian.store().dump_projections().unwrap();
        dump.retain(|(table, _)| {
            ["tasks", "task_blockers", "goals", "captures"].contains(&table.as_str())
        });
        dump
    };
    assert_eq!(board_rows(&whole), board_rows(&one_by_one));
    assert_eq!(board_rows(&whole)[0].1.len(), 2);
}

#[test]
fn blockers_raised_in_check_ins_show_on_the_board_until_cleared() {
    let mut fixture = Fixture::onboarded();
    fixture.meridian.seed_demo("Europe/Berlin").unwrap();
    let raised = fixture.meridian.checkin_blockers().unwrap();
    assert!(
        !raised.is_empty(),
        "the demo's stand-up has an open blocker"
    );
    let board = fixture.meridian.board(&TaskFilter::default()).unwrap();
    assert_eq!(board.checkin_blockers, raised);
    // "My work" keeps only blockers I raised or that name me; Priya's names Grace.
    let mine = fixture
        .meridian
        .board(&TaskFilter {
            mine: true,
            ..TaskFilter::default()
        })
        .unwrap();
    assert!(mine.checkin_blockers.is_empty());
    for blocker in &raised {
        fixture
            .meridian
            .set_checkin_blocker_cleared(&blocker.answer_id, true)
            .unwrap();
    }
    let board = fixture.meridian.board(&TaskFilter::default()).unwrap();
    assert!(board.checkin_blockers.is_empty());
}
