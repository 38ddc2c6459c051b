//! Convergence under faults: 3–8 replicas of the real core sync through a real server (in
//! process, real HTTP, real SQLite) while a seeded schedule drops requests and answers,
//! duplicates pushes, shuffles pulled pages, partitions replicas, crashes and reopens them,
//! and skews their clocks by up to ±10 minutes. After healing, every replica must hold the
//! same ops and the same tables, equal to a rebuild of that log, with every op each replica
//! made present everywhere — and sync must really have exchanged ops.
//!
//! `MERIDIAN_SIM_SEEDS` sets how many seeds run (200 by default; `make soak` runs 10,000).

mod common;

use common::Server;
use meridian::model::{MemberInput, OnboardingInput, StatusKind, WeeklyHours};
use meridian::sync::SyncTransport;
use meridian::{Error, ManualClock, Meridian, NoEvents, Result};
use meridian_protocol::{OpEnvelope, PullResponse, PushResponse, SyncStatus};
use meridian_server::ServerConfig;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A small deterministic generator (SplitMix64): the schedule is a pure function of the seed.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The real HTTP transport with faults injected around it, decided by the shared generator.
struct Faulty<'a> {
    inner: &'a dyn SyncTransport,
    rng: &'a RefCell<Rng>,
    partitioned: bool,
}

impl Faulty<'_> {
    fn lost(&self) -> Error {
        Error::Offline("simulated: the network lost it".into())
    }
    fn roll(&self, percent: u64) -> bool {
        self.rng.borrow_mut().chance(percent)
    }
}

impl SyncTransport for Faulty<'_> {
    fn status(&self) -> Result<SyncStatus> {
        if self.partitioned || self.roll(5) {
            return Err(self.lost());
        }
        self.inner.status()
    }

    fn push(&self, ops: &[OpEnvelope]) -> Result<PushResponse> {
        if self.partitioned || self.roll(10) {
            return Err(self.lost()); // the request never arrived
        }
        let answer = self.inner.push(ops)?;
        if self.roll(10) {
            // Arrived twice (a retry that crossed the first): the second is all duplicates.
            let again = self.inner.push(ops)?;
            assert!(
                again.rejected.is_empty(),
                "a re-sent push was refused: {again:?}"
            );
        }
        if self.roll(10) {
            return Err(self.lost()); // stored, but the answer was lost
        }
        Ok(answer)
    }

    fn pull(&self, after_seq: u64, limit: u32) -> Result<PullResponse> {
        if self.partitioned || self.roll(8) {
            return Err(self.lost());
        }
        // Small pages, so a pass spans several and an interruption can fall between them.
        let mut page = self.inner.pull(after_seq, limit.min(7))?;
        if self.roll(30) {
            // Shuffle within the page: ingest must not depend on arrival order. The cursor is
            // the page's last sequence, so keep the highest one last.
            let last = page.ops.pop();
            let len = page.ops.len();
            for i in (1..len).rev() {
                let j = self.rng.borrow_mut().below(i as u64 + 1) as usize;
                page.ops.swap(i, j);
            }
            page.ops.extend(last);
        }
        Ok(page)
    }
}

struct Replica {
    home: PathBuf,
    clock: Arc<ManualClock>,
    meridian: Meridian,
    handle: String,
    partitioned_for: u32,
}

impl Replica {
    fn reopen(&mut self) {
        self.meridian =
            Meridian::open(&self.home, self.clock.clone(), Arc::new(NoEvents)).expect("reopen");
    }

    fn sync(&mut self, rng: &RefCell<Rng>) -> Result<()> {
        let config = self.meridian.sync_config()?.expect("in a team");
        let http = meridian_sync::HttpTransport::new(&config)?;
        let faulty = Faulty {
            inner: &http,
            rng,
            partitioned: self.partitioned_for > 0,
        };
        self.meridian.sync_once(&faulty).map(drop)
    }
}

/// A replica's clock: the real time (the server checks stamps against its own clock) off by
/// up to ±10 minutes, the most the server accepts ahead.
// The server runs on the wall clock, so the replicas' must start from it (the only reading here).
#[allow(clippy::disallowed_methods)]
fn skewed_now(rng: &mut Rng) -> chrono::DateTime<chrono::Utc> {
    let skew = rng.below(20 * 60 + 1) as i64 - 10 * 60;
    chrono::Utc::now() + chrono::Duration::seconds(skew)
}

fn make_replica(dir: &Path, index: usize, rng: &mut Rng) -> Replica {
    let home = dir.join(format!("replica-{index}"));
    let clock = Arc::new(ManualClock::new(skewed_now(rng)));
    let mut meridian = Meridian::open(&home, clock.clone(), Arc::new(NoEvents)).expect("open");
    let handle = format!("r{index}");
    meridian
        .complete_onboarding(OnboardingInput {
            display_name: format!("Replica {index}"),
            handle: handle.clone(),
            time_zone: ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"][index % 4].into(),
            working_hours: WeeklyHours::standard(),
            team_name: "Simulated".into(),
        })
        .expect("onboarding");
    Replica {
        home,
        clock,
        meridian,
        handle,
        partitioned_for: 0,
    }
}

/// One local change, chosen by the generator; refusals (say, stopping focus when not
/// focusing) are fine: they write nothing.
fn local_change(replica: &mut Replica, rng: &mut Rng, step: u32) {
    let meridian = &mut replica.meridian;
    let handle = replica.handle.clone();
    let _ = match rng.below(7) {
        0 => meridian
            .start_focus(25 + rng.below(60) as u32, Some("sim"))
            .map(drop),
        1 => meridian.stop_focus().map(drop),
        2 => meridian
            .set_status(&handle, Some(StatusKind::Away), Some("errand"), Some(30))
            .map(drop),
        3 => meridian
            .queue_notification(
                &handle,
                None,
                "update",
                &format!("note {step}"),
                None,
                false,
            )
            .map(drop),
        4 => meridian
            .add_member(MemberInput {
                display_name: format!("Guest {step}"),
                handle: format!("g{}x{step}", handle),
                time_zone: "Europe/Lisbon".into(),
                working_hours: WeeklyHours::standard(),
            })
            .map(drop),
        5 => meridian
            .add_time_off(&handle, "2026-12-24", "2026-12-31", Some("holidays"))
            .map(drop),
        _ => {
            let mut me = meridian.me().unwrap().unwrap();
            me.display_name = format!("Replica {handle} v{step}");
            meridian
                .update_profile(meridian::model::ProfileInput {
                    display_name: me.display_name,
                    handle: me.handle,
                    time_zone: me.time_zone,
                    working_hours: me.working_hours,
                    team_name: "Simulated".into(),
                })
                .map(drop)
        }
    };
}

fn run_seed(seed: u64, server: &Server, dir: &Path) {
    let mut rng = Rng(seed);
    let count = 3 + rng.below(6) as usize;
    let mut replicas: Vec<Replica> = (0..count).map(|i| make_replica(dir, i, &mut rng)).collect();
    // Replica 0 creates the team; the others join with invites of their own.
    meridian_sync::create_team(&mut replicas[0].meridian, &server.url()).expect("create");
    for index in 1..count {
        let code = meridian_sync::invite(&replicas[0].meridian).expect("invite");
        meridian_sync::join_team(&mut replicas[index].meridian, &code).expect("join");
    }
    let rng = RefCell::new(rng);
    let steps = 12 + rng.borrow_mut().below(12) as u32;
    for step in 0..steps {
        let who = rng.borrow_mut().below(count as u64) as usize;
        let action = rng.borrow_mut().below(10);
        let replica = &mut replicas[who];
        match action {
            0..=3 => local_change(replica, &mut rng.borrow_mut(), step),
            4..=6 => {
                let _ = replica.sync(&rng); // a failed pass is fine: the next one resumes
            }
            7 => replica.reopen(), // a crash: only what was committed survives
            8 => replica.partitioned_for = 1 + rng.borrow_mut().below(4) as u32,
            // The clock jumps, forwards or backwards, within the skew the server accepts.
            _ => replica.clock.set(skewed_now(&mut rng.borrow_mut())),
        }
        for replica in &mut replicas {
            replica.partitioned_for = replica.partitioned_for.saturating_sub(1);
        }
    }
    // Heal: no partitions, then sync everyone (with faults still on) until nothing changes.
    for replica in &mut replicas {
        replica.partitioned_for = 0;
    }
    for _round in 0..40 {
        for replica in &mut replicas {
            for _attempt in 0..20 {
                if replica.sync(&rng).is_ok() {
                    break;
                }
            }
        }
        let counts: BTreeSet<i64> = replicas
            .iter()
            .map(|replica| replica.meridian.op_count().unwrap())
            .collect();
        let settled = replicas
            .iter()
            .all(|replica| replica.meridian.sync_state().unwrap().state == "up_to_date");
        if counts.len() == 1 && settled {
            break;
        }
    }
    check_converged(seed, &mut replicas);
}

fn check_converged(seed: u64, replicas: &mut [Replica]) {
    let logs: Vec<BTreeSet<String>> = replicas
        .iter()
        .map(|replica| {
            replica
                .meridian
                .ops()
                .unwrap()
                .into_iter()
                .map(|op| op.id)
                .collect()
        })
        .collect();
    for (index, log) in logs.iter().enumerate() {
        assert_eq!(
            log, &logs[0],
            "seed {seed}: replica {index} holds different ops"
        );
    }
    // Every replica's own ops reached everyone, and sync exchanged ops for real.
    for replica in replicas.iter() {
        let own = replica
            .meridian
            .ops()
            .unwrap()
            .into_iter()
            .filter(|op| op.device_id == replica.meridian.device_id())
            .count();
        assert!(own > 0, "seed {seed}: a replica made no ops");
        let state = replica.meridian.sync_state().unwrap();
        assert_eq!(state.state, "up_to_date", "seed {seed}: {state:?}");
        assert_eq!(state.pending, 0, "seed {seed}");
    }
    let foreign = replicas[0]
        .meridian
        .ops()
        .unwrap()
        .iter()
        .filter(|op| op.device_id != replicas[0].meridian.device_id())
        .count();
    assert!(foreign > 0, "seed {seed}: sync exchanged nothing");
    let first = replicas[0].meridian.store().dump_projections().unwrap();
    for (index, replica) in replicas.iter_mut().enumerate() {
        let tables = replica.meridian.store().dump_projections().unwrap();
        assert!(
            tables == first,
            "seed {seed}: replica {index}'s tables differ"
        );
        replica.meridian.store_mut().rebuild().unwrap();
        let rebuilt = replica.meridian.store().dump_projections().unwrap();
        assert!(
            rebuilt == tables,
            "seed {seed}: replica {index} differs from a rebuild"
        );
    }
}

#[test]
fn replicas_converge_under_drops_duplicates_reordering_partitions_crashes_and_skew() {
    let seeds: u64 = std::env::var("MERIDIAN_SIM_SEEDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    // Generous rate limits: the schedule, not the limiter, decides what fails here.
    let config = ServerConfig {
        rate_per_second: 1_000_000,
        rate_burst: 1_000_000,
        ..ServerConfig::default()
    };
    let server = Server::start_with(dir.path(), None, config);
    for seed in 0..seeds {
        let seed_dir = dir.path().join(format!("seed-{seed}"));
        run_seed(seed, &server, &seed_dir);
        // Keep the disk small over thousands of seeds.
        let _ = std::fs::remove_dir_all(&seed_dir);
    }
    eprintln!("simulation: {seeds} seeds converged");
}
