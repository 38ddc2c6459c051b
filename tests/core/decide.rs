//! Decision records and change requests through the façade: votes with history and hidden
//! results, the close at the deadline and the review reminder on paused time, "supersedes"
//! on both records, approver groups, emergency routing to the approvers working now, a
//! second device approving, the timeline — and bad input refused with nothing written.

use crate::{utc, Fixture};
use chrono::{DateTime, Utc};
use meridian::model::{
    ChangeInput, ChangeRuleInput, ChangeTemplate, DecisionInput, MemberInput, OutcomeInput,
    WeeklyHours,
};
use meridian::notify::scheduler::run_delivery_loop_with;
use meridian::notify::RecordingNotifier;
use meridian::{Clock, ErrorKind, Meridian, NoEvents};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// Ada (Berlin) and four approvers. On Monday 2026-11-23 09:00Z it is 04:00 for Grace in New
/// York and 22:00 for Aroha in Auckland (both off), 11:00 for Linus in Helsinki and 14:30 for
/// Priya in Kolkata (both working).
fn team(meridian: &mut Meridian) {
    for (name, handle, zone) in [
        ("Grace Hopper", "grace", "America/New_York"),
        ("Linus Virtanen", "linus", "Europe/Helsinki"),
        ("Priya Raman", "priya", "Asia/Kolkata"),
        ("Aroha Ngata", "aroha", "Pacific/Auckland"),
    ] {
        meridian
            .add_member(MemberInput {
                display_name: name.into(),
                handle: handle.into(),
                time_zone: zone.into(),
                working_hours: WeeklyHours::standard(),
            })
            .unwrap();
    }
}

fn rules(meridian: &mut Meridian, required: u32) {
    for (group, approvers) in [
        ("DB owners", ["grace", "linus"]),
        ("Release", ["priya", "aroha"]),
    ] {
        meridian
            .set_change_rule(&ChangeRuleInput {
                system: "payments".into(),
                group: group.into(),
                approvers: approvers.iter().map(|h| (*h).to_owned()).collect(),
                required,
            })
            .unwrap();
    }
}

fn proposal(closes: &str) -> DecisionInput {
    DecisionInput {
        title: "Written check-ins instead of the Monday call".into(),
        context: "The call is at **21:00** for Aroha.".into(),
        options: vec![],
        voters: vec![],
        closes: closes.into(),
        hide_results: false,
        supersedes: None,
    }
}

fn emergency() -> ChangeInput {
    ChangeInput {
        title: "Hotfix: card payments time out".into(),
        kind: "emergency".into(),
        what: "Raise the gateway timeout to 30 s".into(),
        why: "Checkout fails for 2% of cards".into(),
        systems: vec!["Payments".into()],
        tested: true,
        results_url: Some("https://ci.example.com/4812".into()),
        consequence: "Lost sales every hour".into(),
        rollback: "Set it back to 10 s".into(),
        window_start: None,
        window_end: None,
        justification: Some("Checkout is failing right now".into()),
        template: None,
    }
}

/// (title, urgent) of every notification to `handle`, in arrival order.
fn inbox(meridian: &Meridian, handle: &str) -> Vec<(String, bool)> {
    let id = meridian.member_by_handle(handle).unwrap().id;
    let conn = meridian.store().conn();
    let mut statement = conn
        .prepare(
            "SELECT n.title, n.urgent FROM notifications n JOIN inbox_order o ON o.notification_id = n.id
             WHERE n.recipient_id = ?1 ORDER BY o.seq",
        )
        .unwrap();
    statement
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Another device of the same team, used by `handle`: it has every op of `from`.
fn device_of(from: &Meridian, handle: &str) -> Fixture {
    let mut other = Fixture::new();
    other.meridian.ingest(&from.ops().unwrap()).unwrap();
    let id = other.meridian.member_by_handle(handle).unwrap().id;
    meridian::log::store::set_local_meta(other.meridian.store().conn(), "me_member_id", &id)
        .unwrap();
    other
}

#[test]
fn votes_keep_their_history_and_hidden_results_show_once_i_voted() {
    let mut fixture = Fixture::onboarded();
    team(&mut fixture.meridian);
    let mut input = proposal("2026-11-25 17:00");
    input.hide_results = true;
    input.voters = vec!["@ada".into(), "grace".into()];
    let detail = fixture.meridian.propose_decision(&input).unwrap();
    let id = detail.summary.id.clone();
    assert_eq!(detail.options, ["agree", "abstain", "disagree", "block"]);
    assert_eq!(detail.summary.closes_at, "2026-11-25T16:00:00.000Z");
    assert_eq!(
        detail.summary.closes_local,
        "Wed 25 Nov 17:00 (Europe/Berlin)"
    );
    // Grace is asked, in her own zone.
    assert_eq!(
        inbox(&fixture.meridian, "grace"),
        [(
            "@ada asks for your vote: “Written check-ins instead of the Monday call” — closes Wed 25 Nov 11:00 your time".to_owned(),
            false
        )]
    );
    let mut grace = device_of(&fixture.meridian, "grace");
    grace.clock.set(utc("2026-11-23T14:00:00Z"));
    grace.meridian.vote(&id, "agree", None).unwrap();
    fixture
        .meridian
        .ingest(&grace.meridian.ops().unwrap())
        .unwrap();
    let before = fixture.meridian.decision(&id).unwrap();
    assert!(!before.results_visible, "hidden until I vote");
    assert!(before.tally.is_empty() && before.votes.is_empty());
    assert_eq!(before.summary.votes, 1);

    fixture.clock.set(utc("2026-11-23T15:00:00Z"));
    fixture.meridian.vote(&id, "agree", None).unwrap();
    fixture.clock.set(utc("2026-11-23T16:00:00Z"));
    let after = fixture
        .meridian
        .vote(&id, "Disagree", Some("Mondays need a call"))
        .unwrap();
    assert!(after.results_visible);
    let counts: Vec<(String, u32)> = after
        .tally
        .iter()
        .map(|t| (t.option.clone(), t.count))
        .collect();
    assert_eq!(counts[0], ("agree".into(), 1));
    assert_eq!(counts[2], ("disagree".into(), 1));
    let history: Vec<(String, bool)> = after
        .votes
        .iter()
        .map(|v| (v.choice.clone(), v.current))
        .collect();
    assert_eq!(
        history,
        [
            ("agree".into(), true),
            ("agree".into(), false),
            ("disagree".into(), true)
        ],
        "my first vote stays in the history, replaced"
    );
    assert_eq!(
        after.my_vote.unwrap().reason.as_deref(),
        Some("Mondays need a call")
    );
}

#[test]
fn supersedes_updates_both_records_in_one_op() {
    let mut fixture = Fixture::onboarded();
    let old = fixture
        .meridian
        .propose_decision(&proposal("2026-11-24 17:00"))
        .unwrap();
    fixture
        .meridian
        .close_decision(
            &old.summary.id,
            &OutcomeInput {
                statement: "We keep the call for now.".into(),
                status: Some("rejected".into()),
                chosen: None,
                review: None,
            },
        )
        .unwrap();
    let before = fixture.op_count();
    let mut input = proposal("2026-11-30 17:00");
    input.supersedes = Some(old.summary.id.clone());
    let new = fixture.meridian.propose_decision(&input).unwrap();
    assert_eq!(fixture.op_count(), before + 1, "one op, both records");
    assert_eq!(new.supersedes.unwrap().id, old.summary.id);
    let old = fixture.meridian.decision(&old.summary.id).unwrap();
    assert_eq!(old.summary.status, "superseded");
    assert_eq!(old.superseded_by.unwrap().id, new.summary.id);
    // A replica that receives only the new decision's op still shows both ends.
    let ops = fixture.meridian.ops().unwrap();
    let mut replica = Fixture::new();
    replica.meridian.ingest(&ops).unwrap();
    let row: String = replica
        .meridian
        .store()
        .conn()
        .query_row(
            "SELECT superseded_by FROM decisions WHERE id = ?1",
            [&old.summary.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(row, new.summary.id);
}

/// A clock that reads tokio's (paused) time.
#[derive(Debug)]
struct TokioClock {
    base: DateTime<Utc>,
    start: tokio::time::Instant,
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        self.base + chrono::Duration::from_std(self.start.elapsed()).expect("elapsed fits")
    }
}

/// Yields to the scheduler task until `condition` holds (paused time does not move while
/// waiting: only the task runs), failing after many rounds.
async fn until(mut condition: impl FnMut() -> bool) {
    for _ in 0..10_000 {
        if condition() {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!("condition never held");
}

#[tokio::test(start_paused = true)]
async fn the_scheduler_closes_a_decision_at_its_deadline_and_files_the_review_in_my_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(TokioClock {
        base: utc("2026-11-23T09:00:00Z"),
        start: tokio::time::Instant::now(),
    });
    let mut meridian = Meridian::open(dir.path(), clock.clone(), Arc::new(NoEvents)).unwrap();
    meridian.complete_onboarding(crate::ada()).unwrap();
    let id = meridian
        .propose_decision(&proposal("2026-11-23 12:00"))
        .unwrap()
        .summary
        .id;
    meridian.vote(&id, "agree", None).unwrap();
    let meridian = Arc::new(Mutex::new(meridian));
    let notifier = Arc::new(RecordingNotifier::new(clock.clone()));
    let (stop, stop_rx) = watch::channel(false);
    let task = {
        let meridian = meridian.clone();
        let notifier = notifier.clone();
        tokio::spawn(run_delivery_loop_with(
            clock.clone(),
            move || meridian.lock().unwrap().deliver_due(notifier.as_ref()),
            Arc::new(Notify::new()),
            stop_rx,
            Duration::from_secs(6 * 3600),
        ))
    };
    let closed_op = |m: &Meridian| -> Option<(String, Option<String>)> {
        m.store()
            .conn()
            .query_row(
                "SELECT closed_at, closed_by FROM decisions WHERE id = ?1",
                [&id],
                |r| {
                    Ok(r.get::<_, Option<String>>(0)?
                        .map(|at| (at, r.get(1).unwrap())))
                },
            )
            .unwrap()
    };
    // One minute before the deadline nothing has closed.
    tokio::time::sleep(Duration::from_secs(2 * 3600 - 60)).await;
    until(|| clock.now() >= utc("2026-11-23T10:59:00Z")).await;
    assert!(closed_op(&meridian.lock().unwrap()).is_none());
    assert!(meridian.lock().unwrap().decision(&id).unwrap().summary.open);
    // At the deadline the scheduler closes it, at the deadline's instant, by nobody.
    tokio::time::sleep(Duration::from_secs(61)).await;
    until(|| closed_op(&meridian.lock().unwrap()).is_some()).await;
    assert_eq!(
        closed_op(&meridian.lock().unwrap()),
        Some(("2026-11-23T11:00:00.000Z".into(), None))
    );
    {
        let mut m = meridian.lock().unwrap();
        assert_eq!(
            inbox(&m, "ada"),
            [("Voting closed on “Written check-ins instead of the Monday call”: record the outcome".to_owned(), false)]
        );
        let refused = m.vote(&id, "block", Some("too late")).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::Conflict);
        assert!(refused.to_string().contains("sealed"), "{refused}");
        let detail = m
            .close_decision(
                &id,
                &OutcomeInput {
                    statement: "Check-ins from December.".into(),
                    status: None,
                    chosen: Some("agree".into()),
                    review: Some("2026-11-24 10:00".into()),
                },
            )
            .unwrap();
        assert_eq!(detail.summary.status, "accepted");
        assert_eq!(
            detail.review_local.as_deref(),
            Some("Tue 24 Nov 10:00 (Europe/Berlin)")
        );
    }
    // The review date (10:00 Berlin = 09:00Z next day) lands in my inbox once.
    tokio::time::sleep(Duration::from_secs(22 * 3600 + 60)).await;
    until(|| inbox(&meridian.lock().unwrap(), "ada").len() == 2).await;
    tokio::time::sleep(Duration::from_secs(3 * 3600)).await;
    let titles = inbox(&meridian.lock().unwrap(), "ada");
    assert_eq!(titles.len(), 2, "once: {titles:?}");
    assert_eq!(
        titles[1].0,
        "Review due: “Written check-ins instead of the Monday call”"
    );
    stop.send(true).unwrap();
    task.await.unwrap();
}

#[test]
fn an_emergency_goes_urgent_only_to_approvers_working_now_and_proceeds_on_one_per_group() {
    let mut fixture = Fixture::onboarded();
    team(&mut fixture.meridian);
    rules(&mut fixture.meridian, 2);
    let routing = fixture
        .meridian
        .change_routing("emergency", &["payments".into()])
        .unwrap();
    let handles = |people: &[meridian::model::PersonRef]| -> Vec<String> {
        people.iter().map(|p| p.handle.clone()).collect()
    };
    assert_eq!(handles(&routing.urgent), ["linus", "priya"]);
    assert_eq!(handles(&routing.later), ["grace", "aroha"]);
    let grace = &routing.groups[0].approvers[0];
    assert_eq!(
        (grace.local_time.as_str(), grace.working),
        ("04:00 Mon", false)
    );
    assert_eq!(grace.status, "Off until 09:00");
    assert!(
        routing.groups.iter().all(|group| group.required == 1),
        "one per group"
    );

    let filed = fixture.meridian.file_change(&emergency()).unwrap();
    let id = filed.summary.id.clone();
    assert_eq!(filed.summary.status, "pending");
    assert!(
        inbox(&fixture.meridian, "linus")[0].1,
        "urgent to Linus, working"
    );
    assert!(
        inbox(&fixture.meridian, "priya")[0].1,
        "urgent to Priya, working"
    );
    assert!(
        !inbox(&fixture.meridian, "grace")[0].1,
        "Grace is asleep: inbox only"
    );
    assert!(
        !inbox(&fixture.meridian, "aroha")[0].1,
        "Aroha is off: inbox only"
    );
    assert_eq!(
        filed.timeline[1].text,
        "Urgent to @linus, @priya (working now); @grace, @aroha get it in their inbox"
    );
    // The requester never approves their own.
    let own = fixture.meridian.approve_change(&id).unwrap_err();
    assert!(
        own.to_string().contains("never approves their own"),
        "{own}"
    );

    // Linus approves 12 minutes later on his device, Priya 27 minutes after filing on hers.
    let mut linus = device_of(&fixture.meridian, "linus");
    linus.clock.set(utc("2026-11-23T09:12:00Z"));
    let halfway = linus.meridian.approve_change(&id).unwrap();
    assert_eq!(
        halfway.summary.status, "pending",
        "the Release group has not approved yet"
    );
    let mut priya = device_of(&linus.meridian, "priya");
    priya.clock.set(utc("2026-11-23T09:27:00Z"));
    let done = priya.meridian.approve_change(&id).unwrap();
    assert_eq!(done.summary.status, "approved");
    assert_eq!(
        done.summary.time_to_approval.as_deref(),
        Some("approved in 27 min")
    );
    // Back on Ada's device, whatever order the approvals arrive in.
    fixture
        .meridian
        .ingest(&priya.meridian.ops().unwrap())
        .unwrap();
    fixture.clock.set(utc("2026-11-23T09:30:00Z"));
    let seen = fixture.meridian.change(&id).unwrap();
    let texts: Vec<&str> = seen.timeline.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "@ada filed an emergency change",
            "Urgent to @linus, @priya (working now); @grace, @aroha get it in their inbox",
            "@linus approved (DB owners)",
            "@priya approved (Release)",
            "Approved in 27 min",
            "Post-hoc review due by Wed 25 Nov 17:00",
        ]
    );
    assert_eq!(
        seen.review_due_local.as_deref(),
        Some("Wed 25 Nov 17:00 (Europe/Berlin)")
    );
    assert!(inbox(&fixture.meridian, "ada")
        .iter()
        .any(|(title, _)| title.starts_with("“Hotfix: card payments time out” approved in 27 min; post-hoc review due by Wed 25 Nov 17:00")));
    let reviewed = fixture
        .meridian
        .review_change(&id, "Timeout alarms now page the on-call.")
        .unwrap();
    assert!(reviewed.reviewed);
}

#[test]
fn an_emergency_pages_a_group_with_nobody_working_out_of_hours_but_never_anyone_on_time_off() {
    let mut fixture = Fixture::onboarded();
    team(&mut fixture.meridian);
    // Grace (04:00 in New York) and Aroha (22:00 in Auckland) are both off: nobody in the night
    // desk is working, and the change must not wait for one of them to wake up.
    for (group, approvers) in [
        ("DB owners", ["linus", "priya"]),
        ("Night desk", ["grace", "aroha"]),
    ] {
        fixture
            .meridian
            .set_change_rule(&ChangeRuleInput {
                system: "payments".into(),
                group: group.into(),
                approvers: approvers.iter().map(|h| (*h).to_owned()).collect(),
                required: 1,
            })
            .unwrap();
    }
    let handles = |people: &[meridian::model::PersonRef]| -> Vec<String> {
        people.iter().map(|p| p.handle.clone()).collect()
    };
    let routing = fixture
        .meridian
        .change_routing("emergency", &["payments".into()])
        .unwrap();
    assert_eq!(
        handles(&routing.urgent),
        ["linus", "priya", "grace", "aroha"]
    );
    assert_eq!(handles(&routing.out_of_hours), ["grace", "aroha"]);
    assert!(routing.later.is_empty());
    let normal = fixture
        .meridian
        .change_routing("normal", &["payments".into()])
        .unwrap();
    assert!(
        normal.urgent.is_empty() && normal.out_of_hours.is_empty(),
        "a normal change pages nobody"
    );

    // Aroha is off sick today: she is never paged, Grace still is.
    fixture
        .meridian
        .add_time_off("aroha", "2026-11-23", "2026-11-23", Some("Sick"))
        .unwrap();
    let routing = fixture
        .meridian
        .change_routing("emergency", &["payments".into()])
        .unwrap();
    assert_eq!(handles(&routing.out_of_hours), ["grace"]);
    assert_eq!(handles(&routing.later), ["aroha"]);
    let aroha = &routing.groups[1].approvers[1];
    assert!(aroha.time_off && !aroha.urgent);

    let filed = fixture.meridian.file_change(&emergency()).unwrap();
    let grace = inbox(&fixture.meridian, "grace");
    assert!(grace[0].1, "Grace is paged urgently");
    assert!(
        grace[0].0.starts_with("Urgent, out of hours"),
        "{}",
        grace[0].0
    );
    assert!(!inbox(&fixture.meridian, "aroha")[0].1, "Aroha: inbox only");
    assert_eq!(
        filed.timeline[1].text,
        "Urgent to @linus, @priya (working now); paged @grace out of hours (nobody in their \
         group was working); @aroha get it in their inbox"
    );
}

#[test]
fn a_removed_approver_group_is_no_longer_asked_but_filed_changes_keep_theirs() {
    let mut fixture = Fixture::onboarded();
    team(&mut fixture.meridian);
    rules(&mut fixture.meridian, 1);
    let before = fixture.meridian.file_change(&emergency()).unwrap();
    let ops = fixture.op_count();
    let err = fixture
        .meridian
        .remove_change_rule("payments", "Night desk")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(
        err.to_string().contains("`meridian cr rule` lists"),
        "{err}"
    );
    assert_eq!(fixture.op_count(), ops, "nothing written");

    let removed = fixture
        .meridian
        .remove_change_rule(" Payments ", "db OWNERS")
        .unwrap();
    assert_eq!(removed.group, "DB owners");
    let groups: Vec<String> = fixture
        .meridian
        .change_rules()
        .unwrap()
        .into_iter()
        .map(|rule| rule.group)
        .collect();
    assert_eq!(groups, ["Release"]);
    let after = fixture.meridian.file_change(&emergency()).unwrap();
    let names = |detail: &meridian::model::ChangeDetail| -> Vec<String> {
        detail.groups.iter().map(|g| g.name.clone()).collect()
    };
    assert_eq!(names(&after), ["Release"]);
    let filed_before = fixture.meridian.change(&before.summary.id).unwrap();
    assert_eq!(names(&filed_before), ["DB owners", "Release"]);
    // Archived, not deleted: the rule can be set again under its old id.
    let again = fixture
        .meridian
        .set_change_rule(&ChangeRuleInput {
            system: "payments".into(),
            group: "DB owners".into(),
            approvers: vec!["grace".into()],
            required: 1,
        })
        .unwrap();
    assert_ne!(
        again.id, removed.id,
        "a new rule, the old one stays archived"
    );
}

#[test]
fn a_normal_change_needs_n_per_group_reaches_every_inbox_and_one_decline_declines() {
    let mut fixture = Fixture::onboarded();
    team(&mut fixture.meridian);
    rules(&mut fixture.meridian, 2);
    let mut input = emergency();
    input.kind = "normal".into();
    input.justification = None;
    let filed = fixture.meridian.file_change(&input).unwrap();
    for handle in ["grace", "linus", "priya", "aroha"] {
        let items = inbox(&fixture.meridian, handle);
        assert_eq!(items.len(), 1, "{handle}");
        assert!(!items[0].1, "a normal change is never urgent");
    }
    assert_eq!(filed.groups[0].required, 2);
    let mut grace = device_of(&fixture.meridian, "grace");
    assert!(
        grace
            .meridian
            .approve_change(&filed.summary.id)
            .unwrap()
            .summary
            .status
            == "pending"
    );
    let mut aroha = device_of(&grace.meridian, "aroha");
    let refused = aroha
        .meridian
        .decline_change(&filed.summary.id, " ")
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    let declined = aroha
        .meridian
        .decline_change(&filed.summary.id, "Needs a load test first")
        .unwrap();
    assert_eq!(declined.summary.status, "declined");
    let mut linus = device_of(&aroha.meridian, "linus");
    let late = linus
        .meridian
        .approve_change(&filed.summary.id)
        .unwrap_err();
    assert!(late.to_string().contains("declined"), "{late}");
}

#[test]
fn a_standard_change_is_pre_approved_from_its_template() {
    let mut fixture = Fixture::onboarded();
    fixture
        .meridian
        .save_change_template(&ChangeTemplate {
            id: String::new(),
            name: "Rotate TLS certificates".into(),
            system: "website".into(),
            what: "Replace the certificates".into(),
            why: "They expire".into(),
            rollback: "Re-deploy the old ones".into(),
            results_url: None,
        })
        .unwrap();
    let filed = fixture
        .meridian
        .file_change(&ChangeInput {
            title: "November rotation".into(),
            kind: "standard".into(),
            template: Some("rotate tls certificates".into()),
            ..ChangeInput::default()
        })
        .unwrap();
    assert_eq!(filed.summary.status, "approved");
    assert_eq!(filed.summary.systems, ["website"]);
    assert_eq!(filed.what, "Replace the certificates");
    assert_eq!(filed.template.as_deref(), Some("Rotate TLS certificates"));
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let mut fixture = Fixture::onboarded();
    team(&mut fixture.meridian);
    rules(&mut fixture.meridian, 1);
    fixture
        .meridian
        .set_change_rule(&ChangeRuleInput {
            system: "billing".into(),
            group: "Only me".into(),
            approvers: vec!["ada".into()],
            required: 1,
        })
        .unwrap();
    let open = fixture
        .meridian
        .propose_decision(&proposal("2026-11-30 17:00"))
        .unwrap()
        .summary
        .id;
    let closed = fixture
        .meridian
        .propose_decision(&proposal("2026-11-24 17:00"))
        .unwrap()
        .summary
        .id;
    fixture
        .meridian
        .close_decision(
            &closed,
            &OutcomeInput {
                statement: "Done.".into(),
                ..OutcomeInput::default()
            },
        )
        .unwrap();
    let mut normal = emergency();
    normal.kind = "normal".into();
    normal.justification = None;
    let withdrawn = fixture.meridian.file_change(&normal).unwrap().summary.id;
    fixture.meridian.withdraw_change(&withdrawn).unwrap();
    let linus = device_of(&fixture.meridian, "linus");
    let mut linus = linus.meridian;

    type Case<'a> = (
        &'a str,
        Box<dyn Fn(&mut Meridian) -> meridian::Result<()> + 'a>,
    );
    let past = |m: &mut Meridian| m.propose_decision(&proposal("2026-11-20 17:00")).map(drop);
    let cases: Vec<Case> = vec![
        ("in the past", Box::new(past)),
        (
            "not a time",
            Box::new(|m| m.propose_decision(&proposal("next tuesday")).map(drop)),
        ),
        (
            "at least two options",
            Box::new(|m| {
                let mut input = proposal("2026-11-30 17:00");
                input.options = vec!["Only".into()];
                m.propose_decision(&input).map(drop)
            }),
        ),
        (
            "@nobody",
            Box::new(|m| {
                let mut input = proposal("2026-11-30 17:00");
                input.voters = vec!["@nobody".into()];
                m.propose_decision(&input).map(drop)
            }),
        ),
        (
            "sealed",
            Box::new(|m| m.vote(&closed, "agree", None).map(drop)),
        ),
        (
            "give a reason",
            Box::new(|m| m.vote(&open, "block", None).map(drop)),
        ),
        (
            "not an option",
            Box::new(|m| m.vote(&open, "maybe", None).map(drop)),
        ),
        (
            "results",
            Box::new(|m| {
                let mut input = emergency();
                input.results_url = None;
                m.file_change(&input).map(drop)
            }),
        ),
        (
            "justification",
            Box::new(|m| {
                let mut input = emergency();
                input.justification = Some("  ".into());
                m.file_change(&input).map(drop)
            }),
        ),
        (
            "no approver besides you",
            Box::new(|m| {
                let mut input = emergency();
                input.systems = vec!["billing".into()];
                m.file_change(&input).map(drop)
            }),
        ),
        (
            "No rule names",
            Box::new(|m| {
                let mut input = emergency();
                input.systems = vec!["mainframe".into()];
                m.file_change(&input).map(drop)
            }),
        ),
        (
            "template",
            Box::new(|m| {
                let mut input = emergency();
                input.kind = "standard".into();
                m.file_change(&input).map(drop)
            }),
        ),
        (
            "needs 3 approvals",
            Box::new(|m| {
                m.set_change_rule(&ChangeRuleInput {
                    system: "payments".into(),
                    group: "DB owners".into(),
                    approvers: vec!["grace".into(), "linus".into()],
                    required: 3,
                })
                .map(drop)
            }),
        ),
    ];
    for (expected, case) in &cases {
        let before = fixture.op_count();
        let err = case(&mut fixture.meridian).expect_err(expected);
        assert!(
            err.to_string().contains(expected),
            "{expected:?} not in {err}"
        );
        assert_eq!(
            fixture.op_count(),
            before,
            "{expected}: wrote while refusing"
        );
    }
    let before = linus.op_count().unwrap();
    let err = linus.approve_change(&withdrawn).unwrap_err();
    assert!(err.to_string().contains("withdrawn"), "{err}");
    assert_eq!(linus.op_count().unwrap(), before);
}
