//! Sync throughput: a cold device joins a team whose server holds 200k ops from 8 devices and
//! pulls them all through the real server (in process, real HTTP on loopback, real SQLite
//! file, every payload sealed), end to end. Beside it, in the same run, the baseline: the same
//! ops ingested straight into a fresh store with no network and no sealing.
//! Run with `cargo bench -p meridian-sync --bench sync`. Targets: the cold pull in ≤ 6 s and
//! ingest ≥ 50k ops/s.

#[path = "../tests/common/mod.rs"]
mod common;

use chrono::Duration;
use common::Server;
use meridian::log::ops::{format_instant, OpPayload};
use meridian::model::{OnboardingInput, WeeklyHours};
use meridian::{Clock, Meridian, NoEvents, SystemClock};
use meridian_server::ServerConfig;
use std::sync::Arc;
use std::time::Instant;

const DEVICES: usize = 8;
const OPS_PER_DEVICE: usize = 25_000;

fn profile(dir: &std::path::Path, index: usize) -> Meridian {
    let mut meridian =
        Meridian::open(dir, Arc::new(SystemClock), Arc::new(NoEvents)).expect("open");
    meridian
        .complete_onboarding(OnboardingInput {
            display_name: format!("Member {index}"),
            handle: format!("m{index}"),
            time_zone: "Europe/Berlin".into(),
            working_hours: WeeklyHours::standard(),
            team_name: "Bench".into(),
        })
        .expect("onboarding");
    meridian
}

/// A member's own focus sessions, started and stopped: realistic, and all authorised.
fn seed(meridian: &mut Meridian) {
    let me = meridian.me().unwrap().unwrap().id;
    let start = SystemClock.now() - Duration::days(400);
    let payloads: Vec<OpPayload> = (0..OPS_PER_DEVICE)
        .map(|n| {
            let at = start + Duration::minutes(n as i64);
            let session_id = format!("{me}-{}", n / 2);
            if n % 2 == 0 {
                OpPayload::FocusStarted {
                    session_id,
                    member_id: me.clone(),
                    started_at: format_instant(at),
                    ends_at: format_instant(at + Duration::minutes(50)),
                    label: Some("Deep work".into()),
                }
            } else {
                OpPayload::FocusStopped {
                    session_id,
                    stopped_at: format_instant(at),
                }
            }
        })
        .collect();
    let now = SystemClock.now();
    for batch in payloads.chunks(1_000) {
        meridian
            .store_mut()
            .append(now, batch.to_vec())
            .expect("seed");
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = ServerConfig {
        rate_per_second: 1_000_000,
        rate_burst: 1_000_000,
        ..ServerConfig::default()
    };
    let server = Server::start_with(dir.path(), None, config);
    let mut devices: Vec<Meridian> = (0..DEVICES)
        .map(|index| profile(&dir.path().join(format!("device-{index}")), index))
        .collect();
    let created = meridian_sync::create_team(&mut devices[0], &server.url()).expect("create");
    let _ = created;
    for index in 1..DEVICES {
        let code = meridian_sync::invite(&devices[0]).expect("invite");
        meridian_sync::join_team(&mut devices[index], &code).expect("join");
    }
    let setup = Instant::now();
    for device in &mut devices {
        seed(device);
        meridian_sync::sync(device).expect("push");
    }
    eprintln!(
        "setup: {} ops from {DEVICES} devices pushed in {:.1} s",
        DEVICES * OPS_PER_DEVICE,
        setup.elapsed().as_secs_f64()
    );

    // The cold device: a fresh profile joins and pulls everything, end to end.
    let code = meridian_sync::invite(&devices[0]).expect("invite");
    let mut cold = profile(&dir.path().join("cold"), 99);
    let started = Instant::now();
    let report = meridian_sync::join_team(&mut cold, &code).expect("cold join");
    let cold_seconds = started.elapsed().as_secs_f64();
    assert!(
        report.pulled as usize >= DEVICES * OPS_PER_DEVICE,
        "{report:?}"
    );

    // Baseline: the same ops straight into a fresh store, in the same page size.
    let foreign: Vec<_> = cold
        .ops()
        .unwrap()
        .into_iter()
        .filter(|op| op.device_id != cold.device_id())
        .collect();
    let mut fresh = profile(&dir.path().join("baseline"), 98);
    let started = Instant::now();
    for page in foreign.chunks(meridian::sync::PAGE as usize) {
        fresh.ingest(page).expect("ingest");
    }
    let ingest_seconds = started.elapsed().as_secs_f64();
    assert_eq!(
        fresh.store().dump_projections().unwrap().len(),
        cold.store().dump_projections().unwrap().len()
    );

    let ops = foreign.len() as f64;
    println!("sync bench: {} ops from {DEVICES} devices", foreign.len());
    println!(
        "  cold device, join + pull end to end: {cold_seconds:.2} s ({:.0} ops/s)   target ≤ 6 s",
        ops / cold_seconds
    );
    println!(
        "  ingest alone (no network, no sealing): {ingest_seconds:.2} s ({:.0} ops/s)   target ≥ 50k ops/s",
        ops / ingest_seconds
    );
    println!(
        "  end to end / ingest alone: {:.2}×",
        cold_seconds / ingest_seconds
    );
}
