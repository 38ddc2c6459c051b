//! The op-log: gapless series, monotonic clocks, rebuild, and order-independent projections.

use crate::{utc, Fixture};
use meridian::log::hlc::Hlc;
use meridian::log::ingest::Verdict;
use meridian::log::ops::{Op, OpPayload};
use meridian::log::store::Store;
use meridian::model::{TimeRange, WeeklyHours};
use proptest::prelude::*;

#[test]
fn each_device_series_is_gapless_and_stamps_only_grow() {
    let mut fixture = Fixture::onboarded();
    for minutes in [25, 50, 90] {
        fixture
            .meridian
            .start_focus(minutes, Some("deep work"))
            .unwrap();
        // The wall clock jumping backwards must not make stamps go backwards.
        fixture.clock.advance(chrono::Duration::minutes(-30));
    }
    let ops = fixture.meridian.store().ops().unwrap();
    let indexes: Vec<i64> = ops.iter().map(|op| op.idx).collect();
    assert_eq!(indexes, (1..=ops.len() as i64).collect::<Vec<_>>());
    assert!(ops.windows(2).all(|pair| pair[0].hlc < pair[1].hlc));
}

#[test]
fn rebuild_replays_the_log_into_identical_tables() {
    let mut fixture = Fixture::onboarded();
    fixture
        .meridian
        .start_focus(25, Some("write spec"))
        .unwrap();
    fixture.clock.advance(chrono::Duration::minutes(10));
    fixture.meridian.stop_focus().unwrap();
    let mut profile = fixture.meridian.snapshot().unwrap();
    let me = profile.me.take().unwrap();
    fixture
        .meridian
        .update_profile(meridian::model::ProfileInput {
            display_name: "Ada King".into(),
            handle: me.handle,
            time_zone: "Asia/Tokyo".into(),
            working_hours: me.working_hours,
            team_name: "Engines".into(),
        })
        .unwrap();
    let meridian = &mut fixture.meridian;
    meridian
        .add_time_off("ada", "2026-12-24", "2026-12-31", Some("Holidays"))
        .unwrap();
    meridian
        .plan_zone_change("ada", "2027-01-04", "Europe/Lisbon")
        .unwrap();
    meridian
        .set_status(
            "ada",
            Some(meridian::model::StatusKind::Away),
            Some("Errand"),
            Some(45),
        )
        .unwrap();
    let block = meridian
        .add_focus_block("ada", &[0, 1], "09:00", "11:00", Some("Deep"))
        .unwrap();
    meridian
        .add_focus_block("ada", &[2], "14:00", "16:00", None)
        .unwrap();
    meridian.remove_focus_block(&block.id).unwrap();
    meridian
        .set_rota(
            &["ada".to_owned()],
            168,
            "09:00",
            "Europe/Berlin",
            "2026-11-23",
        )
        .unwrap();
    meridian
        .queue_notification("ada", None, "mention", "Look at this", Some("body"), false)
        .unwrap();
    meridian
        .set_notify_schedule(&vec![vec!["09:30".to_owned()]; 7])
        .unwrap();
    meridian
        .set_notify_prefs(true, &["ada".to_owned()])
        .unwrap();
    // A device that is not Ada's tries to rename her: logged, refused by the projection.
    let ada = meridian.me().unwrap().unwrap().id;
    meridian
        .ingest(&[op("stranger", 1, 1_000, 0, rename(&ada, "Mallory"))])
        .unwrap();
    // And a device carries on for it after a fork: it inherits no more than the stranger had.
    meridian
        .ingest(&[op(
            "stranger-2",
            1,
            1_000,
            0,
            OpPayload::DeviceSucceeded {
                old_device_id: "stranger".into(),
            },
        )])
        .unwrap();
    // Conversations and docs: every content table gets rows.
    meridian
        .add_member(meridian::model::MemberInput {
            display_name: "Aroha Ngata".into(),
            handle: "aroha".into(),
            time_zone: "Pacific/Auckland".into(),
            working_hours: meridian::model::WeeklyHours::standard(),
        })
        .unwrap();
    let channel = meridian
        .create_channel(&meridian::model::ChannelInput {
            name: "hiring".into(),
            private: true,
            reason: Some("Candidates' details".into()),
            expect: Some("1d".into()),
            members: vec!["aroha".into()],
        })
        .unwrap();
    let thread = meridian
        .create_thread(&channel.id, "Interview loop", "Can @aroha take Friday?")
        .unwrap();
    meridian
        .edit_thread(&thread.id, "Interview loop", "Can @aroha take Thursday?")
        .unwrap();
    let comment = meridian.comment(&thread.id, None, "Yes").unwrap();
    meridian
        .comment(&thread.id, Some(&comment.id), "Thanks")
        .unwrap();
    meridian.react(&comment.id, "tada").unwrap();
    meridian
        .thank(
            &["aroha".to_owned()],
            Some("For covering"),
            Some(&thread.id),
        )
        .unwrap();
    meridian.set_archived(&comment.id, true).unwrap();
    let doc = meridian
        .create_doc("Handbook", "We write things down.", None)
        .unwrap();
    meridian
        .edit_doc(
            &doc.id,
            None,
            "We write most things down.",
            Some("Softer"),
            None,
        )
        .unwrap();
    meridian
        .comment_on_doc(&doc.id, "things down", "Which things?")
        .unwrap();
    let goal = meridian
        .create_goal(&meridian::model::GoalInput {
            title: "Handbook done".into(),
            ..Default::default()
        })
        .unwrap();
    let task = |meridian: &mut meridian::Meridian, title: &str| {
        meridian
            .create_task(&meridian::model::TaskInput {
                title: title.into(),
                goal: Some(goal.id.clone()),
                ..Default::default()
            })
            .unwrap()
            .card
            .id
    };
    let (write, review) = (task(meridian, "Write it"), task(meridian, "Review it"));
    meridian.set_task_blocker(&review, &write, true).unwrap();
    let capture = meridian.capture("Add a glossary").unwrap();
    meridian.triage_capture(&capture.id, "task", None).unwrap();
    // A check-in asked at 18:00 in Tokyo (it is 18:10 there), answered with a blocker that is
    // cleared and edited, and its digest once the one-hour window closes.
    let template = meridian
        .create_checkin_template(&meridian::model::CheckinTemplateInput {
            name: "Stand-up".into(),
            questions: vec![
                meridian::model::CheckinQuestionInput {
                    id: None,
                    kind: "text".into(),
                    prompt: "Done?".into(),
                },
                meridian::model::CheckinQuestionInput {
                    id: None,
                    kind: "blocker".into(),
                    prompt: "Blocked?".into(),
                },
            ],
        })
        .unwrap();
    let schedule = meridian
        .create_checkin_schedule(&meridian::model::CheckinScheduleInput {
            name: "Stand-up".into(),
            template: template.id,
            channel: channel.id.clone(),
            participants: vec!["ada".into()],
            weekdays: vec![0],
            time: "18:00".into(),
            window_hours: Some(1),
            active: true,
        })
        .unwrap();
    let answer = |values: &[(&str, &str)]| meridian::model::CheckinAnswerInput {
        schedule_id: schedule.id.clone(),
        date: None,
        answers: values
            .iter()
            .map(|(question, value)| meridian::model::CheckinAnswerValue {
                question_id: (*question).into(),
                value: (*value).into(),
            })
            .collect(),
    };
    let answered = meridian
        .answer_checkin(&answer(&[("1", "Yes"), ("2", "Waiting on @aroha")]))
        .unwrap();
    meridian
        .set_checkin_blocker_cleared(&answered.id, true)
        .unwrap();
    meridian
        .answer_checkin(&answer(&[
            ("1", "Yes, all of it"),
            ("2", "Waiting on @aroha"),
        ]))
        .unwrap();
    fixture.clock.advance(chrono::Duration::hours(1));
    fixture.meridian.run_checkins().unwrap();
    // Decisions and change requests: a vote, an outcome, "supersedes", a rule, a template,
    // a change and an approval from Aroha's device.
    {
        use meridian::model::{
            ChangeInput, ChangeRuleInput, ChangeTemplate, DecisionInput, OutcomeInput,
        };
        let meridian = &mut fixture.meridian;
        let old = meridian
            .propose_decision(&DecisionInput {
                title: "Pick a day".into(),
                closes: "2026-11-30 17:00".into(),
                ..DecisionInput::default()
            })
            .unwrap()
            .summary
            .id;
        meridian.vote(&old, "agree", None).unwrap();
        meridian
            .close_decision(
                &old,
                &OutcomeInput {
                    statement: "Fridays.".into(),
                    review: Some("2027-01-04".into()),
                    ..OutcomeInput::default()
                },
            )
            .unwrap();
        meridian
            .propose_decision(&DecisionInput {
                title: "Pick another day".into(),
                closes: "2026-11-30 17:00".into(),
                supersedes: Some(old),
                ..DecisionInput::default()
            })
            .unwrap();
        meridian
            .set_change_rule(&ChangeRuleInput {
                system: "payments".into(),
                group: "Owners".into(),
                approvers: vec!["aroha".into()],
                required: 1,
            })
            .unwrap();
        meridian
            .save_change_template(&ChangeTemplate {
                name: "Rotate keys".into(),
                system: "payments".into(),
                what: "Rotate the keys".into(),
                ..ChangeTemplate::default()
            })
            .unwrap();
        let change = meridian
            .file_change(&ChangeInput {
                title: "Hotfix".into(),
                kind: "emergency".into(),
                systems: vec!["payments".into()],
                justification: Some("Checkout is down".into()),
                ..ChangeInput::default()
            })
            .unwrap()
            .summary
            .id;
        let aroha = meridian.member_by_handle("aroha").unwrap().id;
        meridian
            .ingest(&[op(
                "aroha-laptop",
                1,
                2_000,
                0,
                OpPayload::ChangeResponded {
                    response_id: "response-1".into(),
                    cr_id: change,
                    member_id: aroha,
                    approve: true,
                    reason: None,
                    at: "2026-11-23T09:05:00.000Z".into(),
                },
            )])
            .unwrap();
    }
    let before = fixture.meridian.store().dump_projections().unwrap();
    fixture.meridian.store_mut().rebuild().unwrap();
    assert_eq!(fixture.meridian.store().dump_projections().unwrap(), before);
    assert!(
        before.iter().all(|(_, rows)| !rows.is_empty()),
        "every table has rows"
    );
}

#[test]
fn personal_data_changes_only_from_the_members_own_devices() {
    let mut fixture = Fixture::onboarded();
    let ada = fixture.meridian.me().unwrap().unwrap().id;
    let name = |fixture: &Fixture| fixture.meridian.me().unwrap().unwrap().display_name;
    // Another device renames Ada: the op is kept in the log but changes nothing.
    let report = fixture
        .meridian
        .ingest(&[op(
            "laptop",
            1,
            fixture.meridian.now().timestamp_millis() + 60_000,
            0,
            rename(&ada, "Not Ada"),
        )])
        .unwrap();
    assert_eq!(report.applied(), 1);
    assert_eq!(name(&fixture), "Ada Lovelace");
    // Once one of Ada's devices links that laptop, the same op counts, without re-sending it.
    let phone = fixture.meridian.device_id().to_owned();
    let link_op = Op {
        id: "link-laptop".into(),
        device_id: "desk".into(),
        idx: 1,
        hlc: Hlc {
            wall_ms: 1_000,
            counter: 0,
        },
        payload: link("laptop", &ada),
    };
    // A link from a device that is not Ada's grants nothing either.
    fixture.meridian.ingest(&[link_op]).unwrap();
    assert_eq!(name(&fixture), "Ada Lovelace");
    let rules = fixture.meridian.store().ops().unwrap();
    let my_link = rules
        .iter()
        .find(|op| matches!(op.payload, OpPayload::DeviceLinked { .. }) && op.device_id == phone)
        .expect("onboarding links this device to Ada");
    assert!(
        matches!(&my_link.payload, OpPayload::DeviceLinked { member_id, .. } if *member_id == ada)
    );
    fixture.meridian.link_device("laptop").unwrap();
    assert_eq!(name(&fixture), "Not Ada");
    let before = fixture.meridian.store().dump_projections().unwrap();
    fixture.meridian.store_mut().rebuild().unwrap();
    assert_eq!(fixture.meridian.store().dump_projections().unwrap(), before);
}

#[test]
fn ingest_gives_every_op_a_verdict_and_never_aborts_the_batch() {
    let mut fixture = Fixture::onboarded();
    let now_ms = fixture.meridian.now().timestamp_millis();
    let member = "grace".to_owned();
    let created = op(
        "other",
        1,
        now_ms,
        0,
        member_created(&member, "grace", "Grace"),
    );
    let renamed = op("other", 2, now_ms, 1, rename(&member, "Grace Hopper"));
    let far_ahead = op(
        "skewed",
        1,
        now_ms + 3_600_000,
        0,
        member_created("kenji", "kenji", "Kenji"),
    );
    let gap = op("other", 4, now_ms, 3, rename(&member, "Too early"));
    let report = fixture
        .meridian
        .ingest(&[
            gap.clone(),
            renamed.clone(),
            created.clone(),
            far_ahead.clone(),
        ])
        .unwrap();
    let verdict = |id: &str| {
        report
            .verdicts
            .iter()
            .find(|(op, _)| op == id)
            .map(|(_, verdict)| verdict.clone())
            .unwrap()
    };
    assert_eq!(verdict(&created.id), Verdict::Applied);
    assert_eq!(verdict(&renamed.id), Verdict::Applied);
    assert_eq!(verdict(&gap.id), Verdict::Gap { expected_idx: 3 });
    assert_eq!(verdict(&far_ahead.id), Verdict::ClockAhead);
    // A stamp an hour ahead is applied (the server bounds stamps by its own clock), but it
    // does not pull this device's clock with it.
    assert!(fixture.meridian.member_by_handle("kenji").is_ok());
    assert_eq!(report.set_aside(), 1);
    // A different op at a stored index is a fork: set aside, ours kept.
    let fork = op("other", 2, now_ms, 9, rename(&member, "Forked"));
    let report = fixture
        .meridian
        .ingest(std::slice::from_ref(&fork))
        .unwrap();
    assert_eq!(report.verdicts[0].1, Verdict::Fork);
    let grace = fixture.meridian.member_by_handle("grace").unwrap();
    assert_eq!(grace.display_name, "Grace Hopper");
    // The gap fills: the op that waited is applied then, without being sent again.
    let third = op("other", 3, now_ms, 2, rename(&member, "Grace B. Hopper"));
    let report = fixture.meridian.ingest(&[third]).unwrap();
    assert_eq!(report.released, 1);
    let grace = fixture.meridian.member_by_handle("grace").unwrap();
    assert_eq!(grace.display_name, "Too early");
}

#[test]
fn a_stamp_from_the_future_does_not_drag_local_edits() {
    let mut fixture = Fixture::onboarded();
    let now_ms = fixture.meridian.now().timestamp_millis();
    let ten_years = 10 * 365 * 24 * 3_600_000_i64;
    fixture
        .meridian
        .ingest(&[op(
            "broken-clock",
            1,
            now_ms + ten_years,
            0,
            member_created("x", "x", "X"),
        )])
        .unwrap();
    fixture.meridian.start_focus(25, None).unwrap();
    let newest = fixture.meridian.store().ops().unwrap();
    let mine = newest
        .iter()
        .filter(|op| op.device_id == fixture.meridian.device_id())
        .map(|op| op.hlc.wall_ms)
        .max()
        .unwrap();
    assert!(
        mine < now_ms + 60_000,
        "local stamps stay near the local clock"
    );
}

#[test]
fn a_fork_of_this_devices_own_series_moves_it_to_a_new_id_and_loses_nothing() {
    let mut fixture = Fixture::onboarded();
    fixture.meridian.start_focus(25, Some("mine")).unwrap();
    let device = fixture.meridian.device_id().to_owned();
    let ops_before = fixture.meridian.op_count().unwrap();
    let last_idx = fixture
        .meridian
        .store()
        .ops()
        .unwrap()
        .iter()
        .filter(|op| op.device_id == device)
        .map(|op| op.idx)
        .max()
        .unwrap();
    // A restored copy of this profile published a different op at our last index.
    let theirs = op(
        &device,
        last_idx,
        1_000,
        0,
        OpPayload::TeamRenamed {
            team_id: "t".into(),
            name: "From the copy".into(),
        },
    );
    let report = fixture.meridian.ingest(&[theirs]).unwrap();
    let Verdict::OwnFork { new_device_id } = &report.verdicts[0].1 else {
        panic!("expected an own fork, got {:?}", report.verdicts);
    };
    assert_ne!(new_device_id, &device);
    assert_eq!(fixture.meridian.device_id(), new_device_id);
    // Our focus session survived under the new id, and the copy's op is in the log too.
    let focus = fixture
        .meridian
        .snapshot()
        .unwrap()
        .focus
        .expect("still focusing");
    assert_eq!(focus.label.as_deref(), Some("mine"));
    assert!(fixture.meridian.op_count().unwrap() > ops_before);
}

#[test]
fn ingesting_the_same_ops_twice_changes_nothing() {
    let mut source = Fixture::onboarded();
    source.meridian.start_focus(25, None).unwrap();
    let ops = source.meridian.store().ops().unwrap();
    let target = Fixture::new();
    let mut store = target.meridian;
    assert_eq!(store.ingest(&ops).unwrap().applied(), ops.len());
    let once = store.store().dump_projections().unwrap();
    let again = store.ingest(&ops).unwrap();
    assert_eq!(again.applied(), 0);
    assert!(again
        .verdicts
        .iter()
        .all(|(_, verdict)| *verdict == Verdict::Duplicate));
    assert_eq!(store.store().dump_projections().unwrap(), once);
}

#[test]
fn concurrent_edits_of_one_field_resolve_by_stamp_then_device() {
    let member = "member-1".to_owned();
    let created = op("dev-a", 1, 1_000, 0, member_created(&member, "ada", "Ada"));
    // Ada uses three devices; the first one links the other two.
    let link_b = op("dev-a", 2, 1_100, 0, link("dev-b", &member));
    let link_c = op("dev-a", 3, 1_200, 0, link("dev-c", &member));
    let rename_a = op("dev-a", 4, 2_000, 0, rename(&member, "Ada A"));
    let rename_b = op("dev-b", 1, 2_000, 0, rename(&member, "Ada B"));
    let stale = op("dev-c", 1, 1_500, 0, rename(&member, "Stale"));
    let orders = [
        vec![
            created.clone(),
            link_b.clone(),
            link_c.clone(),
            rename_a.clone(),
            rename_b.clone(),
            stale.clone(),
        ],
        vec![
            stale.clone(),
            rename_b.clone(),
            rename_a.clone(),
            link_c.clone(),
            link_b.clone(),
            created.clone(),
        ],
        vec![
            rename_b.clone(),
            link_b.clone(),
            created.clone(),
            stale.clone(),
            rename_a.clone(),
            link_c.clone(),
        ],
    ];
    for order in orders {
        let (_dir, store) = ingest_all(&order);
        let name: String = store
            .conn()
            .query_row(
                "SELECT display_name FROM members WHERE id = 'member-1'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        // Same stamp: the larger device id ("dev-b") wins.
        assert_eq!(name, "Ada B");
    }
}

fn ingest_all(ops: &[Op]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path(), utc("2026-11-23T09:00:00Z")).unwrap();
    for op in ops {
        store
            .ingest(std::slice::from_ref(op), utc("2026-11-23T09:00:00Z"))
            .unwrap();
    }
    (dir, store)
}

fn op(device: &str, idx: i64, wall_ms: i64, counter: u32, payload: OpPayload) -> Op {
    Op {
        id: format!("{device}-{idx}"),
        device_id: device.into(),
        idx,
        hlc: Hlc { wall_ms, counter },
        payload,
    }
}

fn link(device: &str, member: &str) -> OpPayload {
    OpPayload::DeviceLinked {
        device_id: device.into(),
        member_id: member.into(),
    }
}

fn member_created(id: &str, handle: &str, name: &str) -> OpPayload {
    OpPayload::MemberCreated {
        member_id: id.into(),
        handle: handle.into(),
        display_name: name.into(),
        time_zone: "Europe/Berlin".into(),
        working_hours: WeeklyHours::standard().into(),
    }
}

fn rename(id: &str, name: &str) -> OpPayload {
    OpPayload::MemberUpdated {
        member_id: id.into(),
        handle: None,
        display_name: Some(name.into()),
        time_zone: None,
        working_hours: None,
    }
}

/// A random op touching one of a few members, teams or focus sessions, so that writes collide.
fn any_payload() -> impl Strategy<Value = OpPayload> {
    let id = || (0..3u8).prop_map(|n| format!("id-{n}"));
    let word = || "[a-z]{1,6}";
    prop_oneof![
        (id(), word(), word()).prop_map(|(id, handle, name)| member_created(&id, &handle, &name)),
        (
            id(),
            proptest::option::of(word()),
            proptest::option::of(word()),
            any::<bool>()
        )
            .prop_map(|(id, handle, name, tokyo)| OpPayload::MemberUpdated {
                member_id: id,
                handle,
                display_name: name,
                time_zone: tokyo.then(|| "Asia/Tokyo".to_owned()),
                working_hours: tokyo.then(|| WeeklyHours {
                    days: vec![
                        vec![TimeRange {
                            start: "10:00".into(),
                            end: "18:00".into()
                        }];
                        7
                    ],
                }
                .into()),
            }),
        (id(), word()).prop_map(|(team_id, name)| OpPayload::TeamRenamed { team_id, name }),
        (id(), id(), 0..100i64, proptest::option::of(word())).prop_map(
            |(session_id, member_id, minute, label)| {
                OpPayload::FocusStarted {
                    session_id,
                    member_id,
                    started_at: format!("2026-11-23T09:{:02}:00.000Z", minute % 60),
                    ends_at: "2026-11-23T11:00:00.000Z".into(),
                    label,
                }
            }
        ),
        (id(), 0..60i64).prop_map(|(session_id, minute)| OpPayload::FocusStopped {
            session_id,
            stopped_at: format!("2026-11-23T10:{minute:02}:00.000Z"),
        }),
    ]
}

fn any_log() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec((0..3usize, 0..4i64, 0..3u32, any_payload()), 1..40).prop_map(
        |entries| {
            let mut next_idx = [0i64; 3];
            entries
                .into_iter()
                .map(|(device, wall, counter, payload)| {
                    next_idx[device] += 1;
                    // Few distinct stamps, so ties between devices are common.
                    op(
                        &format!("dev-{device}"),
                        next_idx[device],
                        1_000 + wall,
                        counter,
                        payload,
                    )
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_order_of_the_same_ops_gives_the_same_tables(log in any_log(), seed in any::<u64>()) {
        let (_dir_a, in_order) = ingest_all(&log);
        let mut shuffled = log.clone();
        // Deterministic shuffle from the seed (Fisher–Yates with a tiny LCG).
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let (_dir_b, out_of_order) = ingest_all(&shuffled);
        let strip_devices = |dump: Vec<meridian::log::store::TableDump>| {
            // The devices table also holds each store's own registration; compare the rest.
            dump.into_iter().filter(|(table, _)| table != "devices").collect::<Vec<_>>()
        };
        prop_assert_eq!(
            strip_devices(in_order.dump_projections().unwrap()),
            strip_devices(out_of_order.dump_projections().unwrap())
        );
    }
}
