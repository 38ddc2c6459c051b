//! Check-ins through the façade on injected time: who is asked when (each at their own 09:00),
//! reminded (at most twice, in working hours), skipped (time off, days they do not work), when
//! the digest thread is posted (when the last zone's window closes), late and edited answers,
//! blockers that ping the person named — and bad input refused with nothing written.

use crate::{utc, Fixture};
use meridian::content::ThreadFilter;
use meridian::model::{
    ChannelInput, CheckinAnswerInput, CheckinAnswerValue, CheckinQuestionInput,
    CheckinScheduleInput, CheckinTemplateInput, MemberInput, TimeRange, WeeklyHours,
};
use meridian::work::TaskFilter;
use meridian::{ErrorKind, Meridian};

fn hours(start: &str, end: &str, days: usize) -> WeeklyHours {
    let mut week: Vec<Vec<TimeRange>> = (0..days)
        .map(|_| {
            vec![TimeRange {
                start: start.into(),
                end: end.into(),
            }]
        })
        .collect();
    week.resize(7, Vec::new());
    WeeklyHours { days: week }
}

/// Ada in Berlin (me), Aroha in Auckland, Grace in New York working afternoons only, and Kai
/// in Honolulu, who does not work Fridays; a #general channel. The clock is Sunday noon UTC.
fn team() -> Fixture {
    let mut fixture = Fixture::onboarded();
    fixture.clock.set(utc("2026-11-22T12:00:00Z"));
    for (name, handle, zone, week) in [
        (
            "Aroha Ngata",
            "aroha",
            "Pacific/Auckland",
            WeeklyHours::standard(),
        ),
        (
            "Grace Hopper",
            "grace",
            "America/New_York",
            hours("13:00", "17:00", 5),
        ),
        (
            "Kai Akana",
            "kai",
            "Pacific/Honolulu",
            hours("09:00", "17:00", 4),
        ),
    ] {
        fixture
            .meridian
            .add_member(MemberInput {
                display_name: name.into(),
                handle: handle.into(),
                time_zone: zone.into(),
                working_hours: week,
            })
            .unwrap();
    }
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
    fixture
}

fn question(kind: &str, prompt: &str) -> CheckinQuestionInput {
    CheckinQuestionInput {
        id: None,
        kind: kind.into(),
        prompt: prompt.into(),
    }
}

fn template_input() -> CheckinTemplateInput {
    CheckinTemplateInput {
        name: "Daily stand-up".into(),
        questions: vec![
            question("text", "What did you get done?"),
            question("yes_no", "On track for Friday?"),
            question("blocker", "Is anything blocking you?"),
            question("mood", "How are you feeling?"),
        ],
    }
}

fn schedule_input(template: &str) -> CheckinScheduleInput {
    CheckinScheduleInput {
        name: "Daily stand-up".into(),
        template: template.into(),
        channel: "general".into(),
        participants: vec![],
        weekdays: vec![0, 1, 2, 3, 4],
        time: "09:00".into(),
        window_hours: Some(8),
        active: true,
    }
}

/// The team with a Mon–Fri 09:00 stand-up, created on Sunday; returns the schedule id.
fn standup(fixture: &mut Fixture) -> String {
    let template = fixture
        .meridian
        .create_checkin_template(&template_input())
        .unwrap();
    fixture
        .meridian
        .create_checkin_schedule(&schedule_input(&template.id))
        .unwrap()
        .id
}

fn answer(schedule: &str, date: Option<&str>, values: &[(&str, &str)]) -> CheckinAnswerInput {
    CheckinAnswerInput {
        schedule_id: schedule.into(),
        date: date.map(str::to_owned),
        answers: values
            .iter()
            .map(|(question, value)| CheckinAnswerValue {
                question_id: (*question).into(),
                value: (*value).into(),
            })
            .collect(),
    }
}

/// Titles of check-in items in my inbox, oldest first.
fn my_checkin_items(meridian: &Meridian) -> Vec<String> {
    let mut items: Vec<_> = meridian
        .inbox(100)
        .unwrap()
        .into_iter()
        .filter(|item| item.kind == "checkin")
        .map(|item| item.title)
        .collect();
    items.reverse();
    items
}

fn titles_for(meridian: &Meridian, handle: &str) -> Vec<String> {
    let id = meridian.member_by_handle(handle).unwrap().id;
    let conn = meridian.store().conn();
    let mut statement = conn
        .prepare("SELECT title FROM notifications WHERE recipient_id = ?1 ORDER BY created_at, id")
        .unwrap();
    statement
        .query_map([id], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn digests(meridian: &Meridian) -> Vec<String> {
    meridian
        .threads(&ThreadFilter {
            channel_id: Some("general".into()),
            limit: 50,
            ..ThreadFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|thread| thread.title)
        .filter(|title| title.starts_with("Check-in digest"))
        .collect()
}

#[test]
fn each_person_is_asked_at_their_own_nine_and_reminded_twice_in_working_hours() {
    let mut fixture = team();
    let schedule = standup(&mut fixture);
    let m = &mut fixture.meridian;

    // Monday 08:59 in Berlin: not yet. The next event is my 09:00.
    fixture.clock.set(utc("2026-11-23T07:59:00Z"));
    let next = m.run_checkins().unwrap();
    assert!(my_checkin_items(m).is_empty());
    assert_eq!(next, Some(utc("2026-11-23T08:00:00Z")));

    // 09:00 Berlin: asked, once however often the pass runs.
    fixture.clock.set(utc("2026-11-23T08:00:00Z"));
    let next = m.run_checkins().unwrap();
    m.run_checkins().unwrap();
    assert_eq!(my_checkin_items(m), ["Check-in: Daily stand-up"]);
    assert_eq!(
        next,
        Some(utc("2026-11-23T10:00:00Z")),
        "first reminder at 11:00 Berlin"
    );

    fixture.clock.set(utc("2026-11-23T09:59:00Z"));
    m.run_checkins().unwrap();
    assert_eq!(my_checkin_items(m).len(), 1);
    fixture.clock.set(utc("2026-11-23T10:00:00Z"));
    m.run_checkins().unwrap();
    fixture.clock.set(utc("2026-11-23T13:00:00Z"));
    m.run_checkins().unwrap();
    fixture.clock.set(utc("2026-11-23T15:59:00Z"));
    m.run_checkins().unwrap();
    assert_eq!(
        my_checkin_items(m),
        [
            "Check-in: Daily stand-up",
            "Reminder: “Daily stand-up” waits for your answer",
            "Reminder: “Daily stand-up” waits for your answer",
        ],
        "two reminders, then no more"
    );

    // Where everyone stands: each asked at 09:00 their own time; Grace, who starts at 13:00,
    // is reminded only once her hours begin.
    let occurrence = m.checkin_occurrence(&schedule, Some("2026-11-23")).unwrap();
    let asked: Vec<(String, Option<String>, Vec<String>)> = occurrence
        .participants
        .iter()
        .map(|p| {
            (
                p.person.handle.clone(),
                p.asked_at.clone(),
                p.reminders.clone(),
            )
        })
        .collect();
    let find = |handle: &str| {
        asked
            .iter()
            .find(|(h, _, _)| h.trim_start_matches('@') == handle)
            .cloned()
            .unwrap()
    };
    assert_eq!(find("aroha").1.as_deref(), Some("2026-11-22T20:00:00.000Z"));
    assert_eq!(find("ada").1.as_deref(), Some("2026-11-23T08:00:00.000Z"));
    assert_eq!(find("grace").1.as_deref(), Some("2026-11-23T14:00:00.000Z"));
    assert_eq!(
        find("grace").2,
        ["2026-11-23T18:00:00.000Z", "2026-11-23T19:00:00.000Z"],
        "13:00 and 14:00 New York: her working hours"
    );
    assert_eq!(find("kai").1.as_deref(), Some("2026-11-23T19:00:00.000Z"));
    assert_eq!(
        occurrence.digest_due_at.as_deref(),
        Some("2026-11-24T03:00:00.000Z"),
        "Honolulu's window closes last"
    );

    // Tuesday: answering before the first reminder stops the reminders.
    fixture.clock.set(utc("2026-11-24T08:05:00Z"));
    m.run_checkins().unwrap();
    m.answer_checkin(&answer(
        &schedule,
        None,
        &[("1", "Reviewed the banner"), ("4", "4")],
    ))
    .unwrap();
    fixture.clock.set(utc("2026-11-24T14:00:00Z"));
    m.run_checkins().unwrap();
    assert_eq!(my_checkin_items(m).len(), 4, "Tuesday's ask, no reminders");
    assert!(m.doctor().unwrap().rebuild_matches);
}

#[test]
fn time_off_and_days_off_are_skipped() {
    let mut fixture = team();
    let schedule = standup(&mut fixture);
    fixture
        .meridian
        .add_time_off("ada", "2026-11-26", "2026-11-26", Some("Dentist"))
        .unwrap();
    let m = &mut fixture.meridian;
    fixture.clock.set(utc("2026-11-26T12:00:00Z"));
    m.run_checkins().unwrap();
    assert!(my_checkin_items(m).is_empty(), "not asked on time off");
    let thursday = m.checkin_occurrence(&schedule, Some("2026-11-26")).unwrap();
    let me = thursday
        .participants
        .iter()
        .find(|p| p.person.handle.trim_start_matches('@') == "ada")
        .unwrap();
    assert_eq!(me.state, "skipped");
    assert_eq!(me.skip_reason.as_deref(), Some("time off"));
    let friday = m.checkin_occurrence(&schedule, Some("2026-11-27")).unwrap();
    let kai = friday
        .participants
        .iter()
        .find(|p| p.person.handle.trim_start_matches('@') == "kai")
        .unwrap();
    assert_eq!(kai.skip_reason.as_deref(), Some("not a working day"));
    // Friday's digest waits for the last zone that was asked, New York, not Honolulu.
    assert_eq!(
        friday.digest_due_at.as_deref(),
        Some("2026-11-27T22:00:00.000Z")
    );
    let refused = m
        .answer_checkin(&answer(&schedule, Some("2026-11-26"), &[("1", "x")]))
        .unwrap_err();
    assert!(refused.to_string().contains("time off"), "{refused}");
}

#[test]
fn the_digest_is_posted_when_the_last_window_closes_and_late_answers_join_it() {
    let mut fixture = team();
    let schedule = standup(&mut fixture);
    let m = &mut fixture.meridian;
    fixture.clock.set(utc("2026-11-23T09:00:00Z"));
    m.answer_checkin(&answer(
        &schedule,
        None,
        &[
            ("1", "Shipped **the banner**"),
            ("2", "yes"),
            ("3", "none"),
            ("4", "5"),
        ],
    ))
    .unwrap();

    fixture.clock.set(utc("2026-11-24T02:59:00Z"));
    let next = m.run_checkins().unwrap();
    assert!(digests(m).is_empty(), "Honolulu's window is still open");
    assert!(next.unwrap() <= utc("2026-11-24T03:00:00Z"));
    fixture.clock.set(utc("2026-11-24T03:00:00Z"));
    m.run_checkins().unwrap();
    m.run_checkins().unwrap();
    assert_eq!(digests(m), ["Check-in digest: Daily stand-up — Mon 23 Nov"]);
    let occurrence = m.checkin_occurrence(&schedule, Some("2026-11-23")).unwrap();
    let thread = m
        .thread(occurrence.digest_thread_id.as_deref().unwrap())
        .unwrap();
    assert!(
        thread.body_html.contains("1 of 4 answered"),
        "{}",
        thread.body_html
    );
    assert!(
        thread
            .body_html
            .contains("Shipped <strong>the banner</strong>"),
        "{}",
        thread.body_html
    );
    assert!(thread.body_html.contains("No answer yet"));

    // Wednesday I forget; after its digest I answer late: accepted, marked, and added.
    fixture.clock.set(utc("2026-11-26T03:00:00Z"));
    m.run_checkins().unwrap();
    let wednesday = m.checkin_occurrence(&schedule, Some("2026-11-25")).unwrap();
    let digest = wednesday
        .digest_thread_id
        .clone()
        .expect("Wednesday's digest");
    let late = m
        .answer_checkin(&answer(
            &schedule,
            Some("2026-11-25"),
            &[("1", "Late but here")],
        ))
        .unwrap();
    assert!(late.late);
    let thread = m.thread(&digest).unwrap();
    assert_eq!(thread.comments.len(), 1);
    assert!(thread.comments[0].body_html.contains("Late answer"));
    assert!(thread.comments[0].body_html.contains("Late but here"));

    // Editing keeps the first answer time; the edit does not add another comment.
    fixture.clock.set(utc("2026-11-26T04:00:00Z"));
    let edited = m
        .answer_checkin(&answer(
            &schedule,
            Some("2026-11-25"),
            &[("1", "Late, and edited")],
        ))
        .unwrap();
    assert!(edited.edited && edited.late);
    assert_eq!(edited.first_answered_at, late.answered_at);
    assert_eq!(m.thread(&digest).unwrap().comments.len(), 1);
    let unchanged = m
        .answer_checkin(&answer(
            &schedule,
            Some("2026-11-25"),
            &[("1", "Late, and edited")],
        ))
        .unwrap_err();
    assert_eq!(unchanged.kind(), ErrorKind::Conflict);
    assert!(m.doctor().unwrap().rebuild_matches);
}

#[test]
fn a_blocker_pings_the_person_named_and_shows_on_the_board_until_cleared() {
    let mut fixture = team();
    let schedule = standup(&mut fixture);
    let m = &mut fixture.meridian;
    fixture.clock.set(utc("2026-11-23T09:00:00Z"));
    let first = m
        .answer_checkin(&answer(
            &schedule,
            None,
            &[("3", "Waiting on @grace for the staging keys")],
        ))
        .unwrap();
    assert_eq!(
        first.blocker.as_deref(),
        Some("Waiting on @grace for the staging keys")
    );
    let pings = |m: &Meridian| {
        titles_for(m, "grace")
            .into_iter()
            .filter(|t| t.contains("is blocked and named you"))
            .count()
    };
    assert_eq!(pings(m), 1);
    // An edit that still names Grace does not ping her again.
    m.answer_checkin(&answer(
        &schedule,
        None,
        &[("3", "Still waiting on @grace for the staging keys")],
    ))
    .unwrap();
    assert_eq!(pings(m), 1);

    // On the work board too: everyone's, and in "my work" for me and for the person named.
    let work = m.board(&TaskFilter::default()).unwrap();
    assert_eq!(work.checkin_blockers.len(), 1);
    let mine = m
        .board(&TaskFilter {
            mine: true,
            ..TaskFilter::default()
        })
        .unwrap();
    assert_eq!(mine.checkin_blockers.len(), 1);
    let board = m.team_board().unwrap();
    assert_eq!(board.blockers.len(), 1);
    assert_eq!(
        board.blockers[0].person.handle.trim_start_matches('@'),
        "ada"
    );
    assert_eq!(
        board.blockers[0].named[0].handle.trim_start_matches('@'),
        "grace"
    );

    m.set_checkin_blocker_cleared(&first.id, true).unwrap();
    assert!(m.checkin_blockers().unwrap().is_empty());
    assert!(
        m.set_checkin_blocker_cleared(&first.id, true).is_err(),
        "cleared already"
    );
    m.set_checkin_blocker_cleared(&first.id, false).unwrap();
    assert_eq!(m.checkin_blockers().unwrap().len(), 1);

    // The next day's answer without a blocker closes it.
    fixture.clock.set(utc("2026-11-24T09:00:00Z"));
    m.answer_checkin(&answer(
        &schedule,
        None,
        &[("3", "none"), ("1", "Unblocked")],
    ))
    .unwrap();
    assert!(m.team_board().unwrap().blockers.is_empty());
    assert!(m.doctor().unwrap().rebuild_matches);
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let mut fixture = team();
    let schedule = standup(&mut fixture);
    let template = fixture.meridian.checkin_templates().unwrap()[0].id.clone();
    fixture.clock.set(utc("2026-11-23T09:00:00Z"));
    let before = fixture.op_count();
    let m = &mut fixture.meridian;

    let mut no_questions = template_input();
    no_questions.questions.clear();
    let mut bad_kind = template_input();
    bad_kind.questions[0].kind = "essay".into();
    let mut empty_prompt = template_input();
    empty_prompt.questions[1].prompt = "  ".into();
    let mut two_blockers = template_input();
    two_blockers
        .questions
        .push(question("blocker", "Anything else?"));
    let mut unnamed = template_input();
    unnamed.name = " ".into();
    for (input, field, says) in [
        (no_questions, "questions", "at least one question"),
        (bad_kind, "questions", "use text, yes_no, blocker or mood"),
        (empty_prompt, "questions", "Question 2 has no text"),
        (two_blockers, "questions", "second blocker"),
        (unnamed, "name", "no name"),
    ] {
        let err = m.create_checkin_template(&input).unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some(field), "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }

    let with = |change: &dyn Fn(&mut CheckinScheduleInput)| {
        let mut input = schedule_input(&template);
        change(&mut input);
        input
    };
    for (input, field, says) in [
        (
            with(&|i| i.weekdays.clear()),
            "weekdays",
            "at least one weekday",
        ),
        (
            with(&|i| i.weekdays = vec![7]),
            "weekdays",
            "0 (Monday) to 6 (Sunday)",
        ),
        (with(&|i| i.time = "9am".into()), "time", "HH:MM"),
        (with(&|i| i.time = "25:00".into()), "time", "HH:MM"),
        (
            with(&|i| i.window_hours = Some(0)),
            "window_hours",
            "1 to 48",
        ),
        (
            with(&|i| i.window_hours = Some(72)),
            "window_hours",
            "1 to 48",
        ),
        (
            with(&|i| i.participants = vec!["@nobody".into()]),
            "participants",
            "not a teammate",
        ),
        (
            with(&|i| i.channel = "nowhere".into()),
            "channel",
            "no channel",
        ),
    ] {
        let err = m.create_checkin_schedule(&input).unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some(field), "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
    let err = m
        .create_checkin_schedule(&with(&|i| i.template = "no-such-template".into()))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    for (input, says) in [
        (answer(&schedule, None, &[("4", "9")]), "from 1 (low) to 5"),
        (
            answer(&schedule, None, &[("2", "maybe")]),
            "answer yes or no",
        ),
        (answer(&schedule, None, &[("7", "x")]), "questions 1 to 4"),
        (
            answer(&schedule, None, &[("1", "  ")]),
            "answer at least one question",
        ),
        (
            answer(&schedule, None, &[("1", "a"), ("1", "b")]),
            "answered twice",
        ),
        (
            answer(&schedule, Some("2026-11-24"), &[("1", "x")]),
            "answer it then",
        ),
        (
            answer(&schedule, Some("2026-11-22"), &[("1", "x")]),
            "did not ask you on Sunday",
        ),
        (answer(&schedule, Some("23/11/2026"), &[("1", "x")]), "date"),
    ] {
        let err = m.answer_checkin(&input).unwrap_err();
        assert!(err.to_string().contains(says), "{says}: {err}");
    }
    let unknown = m
        .answer_checkin(&answer("no-such-schedule", None, &[("1", "x")]))
        .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
    assert_eq!(fixture.op_count(), before, "nothing was written");
}

#[test]
fn someone_not_asked_cannot_answer_and_a_schedule_asks_at_once_while_a_window_is_open() {
    let mut fixture = team();
    let template = fixture
        .meridian
        .create_checkin_template(&template_input())
        .unwrap();
    // Created Monday 10:00 Berlin: my 09:00 window is open, so I am asked at once.
    fixture.clock.set(utc("2026-11-23T09:00:00Z"));
    let mut input = schedule_input(&template.id);
    input.participants = vec!["@ada".into(), "@grace".into()];
    let only_some = fixture.meridian.create_checkin_schedule(&input).unwrap();
    fixture.meridian.run_checkins().unwrap();
    assert_eq!(
        my_checkin_items(&fixture.meridian),
        ["Check-in: Daily stand-up"]
    );
    let mut others = schedule_input(&template.id);
    others.participants = vec!["@grace".into()];
    others.name = "Grace's".into();
    let not_mine = fixture.meridian.create_checkin_schedule(&others).unwrap();
    let err = fixture
        .meridian
        .answer_checkin(&answer(&not_mine.id, None, &[("1", "x")]))
        .unwrap_err();
    assert!(err.to_string().contains("You are not asked"), "{err}");
    assert_eq!(only_some.participants.len(), 2);
}
