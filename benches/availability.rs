//! Availability and delivery figures: the team board for 500 members, overlap for 50 members
//! over 30 days, and one digest over 100k queued notifications, each against a plain SQLite
//! baseline measured in the same run. Run with `cargo bench --bench availability`.
//! Targets: board and overlap ≤ 5 ms median; digest built and delivered ≤ 100 ms.

use chrono::{TimeZone, Utc};
use meridian::log::ops::{format_instant, OpPayload};
use meridian::model::{TimeRange, WeeklyHours};
use meridian::notify::{Notifier, SystemNotification};
use meridian::{ManualClock, Meridian, NoEvents};
use std::sync::Arc;
use std::time::Instant;

#[path = "common/team.rs"]
mod team;
use team::team;

fn median_ms(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn time_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let samples = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median_ms(samples)
}

struct Silent;

impl Notifier for Silent {
    fn show(&self, _notification: &SystemNotification) -> meridian::Result<()> {
        Ok(())
    }
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("availability bench: run with `cargo bench --bench availability`");
        return;
    }

    let (_dir, meridian) = team(500);
    let members = meridian.members().expect("members").len();
    let board = time_ms(30, || {
        let board = meridian.team_board().expect("board");
        assert_eq!(board.members.len(), members);
    });
    let raw_members = time_ms(30, || {
        let mut statement = meridian
            .store()
            .conn()
            .prepare_cached("SELECT * FROM members")
            .expect("prepare");
        let rows = statement.query_map([], |_| Ok(())).expect("query").count();
        assert_eq!(rows, members);
    });
    println!("team board, {members} members: median {board:.2} ms (target <= 5 ms); raw SELECT of the member rows {raw_members:.3} ms; ratio {:.0}x", board / raw_members);

    let handles: Vec<String> = (0..50).map(|n| format!("m{n}")).collect();
    let overlap = time_ms(30, || {
        meridian
            .overlap(&handles, "2026-11-23", 30, Some(2))
            .expect("overlap");
    });
    let raw_rules = time_ms(30, || {
        let mut statement = meridian
            .store()
            .conn()
            .prepare_cached("SELECT working_hours FROM members WHERE handle GLOB 'm[0-9]' OR handle GLOB 'm[0-4][0-9]'")
            .expect("prepare");
        let rows = statement.query_map([], |_| Ok(())).expect("query").count();
        assert_eq!(rows, handles.len());
    });
    println!("overlap, 50 members over 30 days: median {overlap:.2} ms (target <= 5 ms); raw SELECT of their hours {raw_rules:.3} ms; ratio {:.0}x", overlap / raw_rules);

    let mut digest_samples = Vec::new();
    let mut raw_samples = Vec::new();
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
                .single()
                .expect("instant"),
        ));
        let mut meridian = Meridian::open(dir.path(), clock, Arc::new(NoEvents)).expect("open");
        meridian.seed_demo("Europe/London").expect("demo");
        let me = meridian.me().expect("me").expect("profile");
        let now = meridian.now();
        // What the demo itself queued for Ada, beside the 100,000 below.
        let queued_by_demo: i64 = meridian
            .store()
            .conn()
            .query_row(
                "SELECT count(*) FROM notifications WHERE recipient_id = ?1",
                [&me.id],
                |row| row.get(0),
            )
            .expect("count");
        let kinds = ["mention", "reply", "update", "task"];
        let payloads: Vec<OpPayload> = (0..100_000)
            .map(|n| OpPayload::NotificationQueued {
                notification_id: format!("bench-note-{n}"),
                recipient_id: me.id.clone(),
                sender_id: None,
                kind: kinds[n % kinds.len()].into(),
                title: format!("Item {n}"),
                body: None,
                urgent: false,
                created_at: format_instant(now),
            })
            .collect();
        for batch in payloads.chunks(5_000) {
            meridian
                .store_mut()
                .append(now, batch.to_vec())
                .expect("queue");
        }
        // Seeded at 09:00 UTC; make sure delivery is not held by hours: as they come, all day.
        let all_day = WeeklyHours {
            days: vec![
                vec![TimeRange {
                    start: "00:00".into(),
                    end: "24:00".into()
                }];
                7
            ],
        };
        let mut profile = meridian.snapshot().expect("snapshot");
        let me = profile.me.take().expect("me");
        meridian
            .update_profile(meridian::model::ProfileInput {
                display_name: me.display_name,
                handle: me.handle,
                time_zone: me.time_zone,
                working_hours: all_day,
                team_name: profile.team.expect("team").name,
            })
            .expect("hours");
        let raw = Instant::now();
        let count: i64 = meridian
            .store()
            .conn()
            .query_row(
                "SELECT count(*) FROM notifications WHERE recipient_id = ?1",
                [&me.id],
                |row| row.get(0),
            )
            .expect("count");
        raw_samples.push(raw.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(count, queued_by_demo + 100_000);
        let started = Instant::now();
        let pass = meridian.deliver_due(&Silent).expect("deliver");
        digest_samples.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(pass.shown, 1);
        assert_eq!(meridian.notify_outlook().expect("outlook").pending, 0);
    }
    let (digest, raw) = (median_ms(digest_samples), median_ms(raw_samples));
    println!("digest over 100000 queued notifications: median {digest:.1} ms (target <= 100 ms); raw count(*) of them {raw:.1} ms; ratio {:.1}x", digest / raw);
}
