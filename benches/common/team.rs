//! The team the availability and decision benchmarks share: a profile with many members
//! across 12 zones, some with split days, focus blocks and time off, as a real team would have.

use chrono::{TimeZone, Utc};
use meridian::log::ops::OpPayload;
use meridian::model::{TimeRange, WeeklyHours};
use meridian::{ManualClock, Meridian, NoEvents};
use std::sync::Arc;

pub const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Africa/Lagos",
];

/// Ada's demo profile plus `count` teammates (`bench-member-N`, handle `mN`), on a clock at
/// Monday 23 November 2026, 09:00 UTC.
pub fn team(count: usize) -> (tempfile::TempDir, Meridian) {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("instant"),
    ));
    let mut meridian = Meridian::open(dir.path(), clock, Arc::new(NoEvents)).expect("open");
    meridian.seed_demo("Europe/London").expect("demo");
    let now = meridian.now();
    let mut payloads = Vec::new();
    for n in 0..count {
        let split = n % 3 == 0;
        let day = if split {
            vec![
                TimeRange {
                    start: "08:00".into(),
                    end: "12:00".into(),
                },
                TimeRange {
                    start: "13:00".into(),
                    end: "17:00".into(),
                },
            ]
        } else {
            vec![TimeRange {
                start: "09:00".into(),
                end: "17:30".into(),
            }]
        };
        let mut days = vec![day; 5];
        days.extend([Vec::new(), Vec::new()]);
        let member_id = format!("bench-member-{n}");
        payloads.push(OpPayload::MemberCreated {
            member_id: member_id.clone(),
            handle: format!("m{n}"),
            display_name: format!("Member {n}"),
            time_zone: ZONES[n % ZONES.len()].into(),
            working_hours: WeeklyHours { days }.into(),
        });
        if n % 4 == 0 {
            payloads.push(OpPayload::FocusBlockAdded {
                block_id: format!("bench-block-{n}"),
                member_id: member_id.clone(),
                weekdays: vec![0, 1, 2, 3, 4],
                start: "10:00".into(),
                end: "11:30".into(),
                label: Some("Deep work".into()),
            });
        }
        if n % 10 == 0 {
            payloads.push(OpPayload::TimeOffAdded {
                time_off_id: format!("bench-off-{n}"),
                member_id,
                first_day: "2026-11-25".into(),
                last_day: "2026-11-27".into(),
                note: None,
            });
        }
    }
    meridian.store_mut().append(now, payloads).expect("seed");
    (dir, meridian)
}
