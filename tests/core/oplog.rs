//! The op-log: gapless series, monotonic clocks, rebuild, and order-independent projections.

use crate::{utc, Fixture};
use meridian::log::hlc::Hlc;
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
    let before = fixture.meridian.store().dump_projections().unwrap();
    fixture.meridian.store_mut().rebuild().unwrap();
    assert_eq!(fixture.meridian.store().dump_projections().unwrap(), before);
    assert!(
        before.iter().all(|(_, rows)| !rows.is_empty()),
        "every table has rows"
    );
}

#[test]
fn ingesting_the_same_ops_twice_changes_nothing() {
    let mut source = Fixture::onboarded();
    source.meridian.start_focus(25, None).unwrap();
    let ops = source.meridian.store().ops().unwrap();
    let target = Fixture::new();
    let mut store = target.meridian;
    assert_eq!(store.store_mut().ingest(&ops).unwrap(), ops.len());
    let once = store.store().dump_projections().unwrap();
    assert_eq!(store.store_mut().ingest(&ops).unwrap(), 0);
    assert_eq!(store.store().dump_projections().unwrap(), once);
}

#[test]
fn concurrent_edits_of_one_field_resolve_by_stamp_then_device() {
    let member = "member-1".to_owned();
    let created = op("dev-a", 1, 1_000, 0, member_created(&member, "ada", "Ada"));
    let rename_a = op("dev-a", 2, 2_000, 0, rename(&member, "Ada A"));
    let rename_b = op("dev-b", 1, 2_000, 0, rename(&member, "Ada B"));
    let stale = op("dev-c", 1, 1_500, 0, rename(&member, "Stale"));
    let orders = [
        vec![
            created.clone(),
            rename_a.clone(),
            rename_b.clone(),
            stale.clone(),
        ],
        vec![
            stale.clone(),
            rename_b.clone(),
            rename_a.clone(),
            created.clone(),
        ],
        vec![
            rename_b.clone(),
            created.clone(),
            stale.clone(),
            rename_a.clone(),
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
        store.ingest(std::slice::from_ref(op)).unwrap();
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
