//! Op-log append throughput: 100k ops through `Store::append` (log + projections, batched
//! transactions) against a raw rusqlite prepared-insert loop of the same rows, same run.
//! Run with `cargo bench --bench oplog`. Targets: ≥ 100k ops/s and ≥ 0.5× the raw loop.

use chrono::{Duration, TimeZone, Utc};
use meridian::log::ops::{format_instant, OpPayload};
use meridian::log::store::Store;
use meridian::model::WeeklyHours;
use meridian::{Clock, SystemClock};
use std::time::Instant;

const OPS: usize = 100_000;
const MEMBERS: usize = 7;
const BATCH: usize = 1_000;
const RUNS: usize = 5;

/// A realistic mix: focus sessions started and stopped by a handful of members, created first
/// on this device (a device may only change the focus of members it created or is linked to).
fn payloads() -> Vec<OpPayload> {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .expect("valid instant");
    let members = (0..MEMBERS).map(|n| OpPayload::MemberCreated {
        member_id: format!("member-{n}"),
        handle: format!("m{n}"),
        display_name: format!("Member {n}"),
        time_zone: "Europe/Berlin".into(),
        working_hours: WeeklyHours::standard().into(),
    });
    let focus = (0..OPS - MEMBERS).map(|n| {
        let at = start + Duration::minutes(n as i64);
        if n % 2 == 0 {
            OpPayload::FocusStarted {
                session_id: format!("session-{}", n / 2),
                member_id: format!("member-{}", n % MEMBERS),
                started_at: format_instant(at),
                ends_at: format_instant(at + Duration::minutes(50)),
                label: Some("Deep work".into()),
            }
        } else {
            OpPayload::FocusStopped {
                session_id: format!("session-{}", n / 2),
                stopped_at: format_instant(at),
            }
        }
    });
    members.chain(focus).collect()
}

fn meridian_append(payloads: &[OpPayload]) -> (f64, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let now = SystemClock.now();
    let mut store = Store::open_in(dir.path(), now).expect("open store");
    // Built before the clock starts, as the raw loop's rows are.
    let batches: Vec<Vec<OpPayload>> = payloads.chunks(BATCH).map(<[OpPayload]>::to_vec).collect();
    let started = Instant::now();
    for batch in batches {
        store.append(now, batch).expect("append");
    }
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(store.op_count().expect("count"), OPS as i64 + 1);
    (elapsed, dir)
}

/// Every row `Store::append` wrote (the ops and the projection rows), copied out of a store
/// and inserted again with plain prepared inserts in the same batch sizes: the cost of the
/// same writes without Meridian's logic (serialising, stamping, last-writer-wins merging).
fn raw_same_rows(source: &std::path::Path) -> f64 {
    let source = Store::open_in(source, SystemClock.now()).expect("reopen source");
    let read = |sql: &str| -> Vec<Vec<rusqlite::types::Value>> {
        let mut statement = source.conn().prepare(sql).expect("prepare read");
        let width = statement.column_count();
        statement
            .query_map([], |row| (0..width).map(|column| row.get(column)).collect())
            .expect("read rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    };
    let ops = read("SELECT * FROM ops WHERE kind <> 'device_registered' ORDER BY device_id, idx");
    let sessions = read("SELECT * FROM focus_sessions ORDER BY started_at");
    let dir = tempfile::tempdir().expect("temp dir");
    let target = Store::open_in(dir.path(), SystemClock.now()).expect("open target");
    let conn = target.conn();
    let placeholders = |width: usize| {
        (1..=width)
            .map(|n| format!("?{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let insert_op = format!("INSERT INTO ops VALUES ({})", placeholders(ops[0].len()));
    let insert_session = format!(
        "INSERT INTO focus_sessions VALUES ({})",
        placeholders(sessions[0].len())
    );
    let sessions_per_batch = sessions.len().div_ceil(ops.len().div_ceil(BATCH));
    let started = Instant::now();
    for (op_batch, session_batch) in ops.chunks(BATCH).zip(sessions.chunks(sessions_per_batch)) {
        let tx = conn.unchecked_transaction().expect("tx");
        {
            let mut statement = tx.prepare_cached(&insert_op).expect("prepare op insert");
            for row in op_batch {
                statement
                    .execute(rusqlite::params_from_iter(row))
                    .expect("insert op");
            }
            let mut statement = tx
                .prepare_cached(&insert_session)
                .expect("prepare session insert");
            for row in session_batch {
                statement
                    .execute(rusqlite::params_from_iter(row))
                    .expect("insert session");
            }
        }
        tx.commit().expect("commit");
    }
    started.elapsed().as_secs_f64()
}

/// The same op rows, pre-serialised, inserted with one prepared statement per batch
/// transaction straight into the `ops` table of a fresh store (same schema, same pragmas),
/// with no projection.
fn raw_insert(payloads: &[OpPayload]) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path(), SystemClock.now()).expect("open store");
    let conn = store.conn();
    let rows: Vec<(String, String)> = payloads
        .iter()
        .map(|payload| {
            (
                uuid::Uuid::now_v7().to_string(),
                serde_json::to_string(payload).expect("json"),
            )
        })
        .collect();
    let started = Instant::now();
    let wall = SystemClock.now().timestamp_millis();
    for (batch_number, batch) in rows.chunks(BATCH).enumerate() {
        let tx = conn.unchecked_transaction().expect("tx");
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO ops (id, device_id, idx, hlc_wall, hlc_counter, kind, version, payload)
                     VALUES (?1, 'raw-device', ?2, ?3, ?4, 'focus_started', 1, ?5)",
                )
                .expect("prepare");
            for (offset, (id, payload)) in batch.iter().enumerate() {
                let idx = (batch_number * BATCH + offset) as i64 + 1;
                insert
                    .execute(rusqlite::params![id, idx, wall, idx, payload])
                    .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    started.elapsed().as_secs_f64()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo test --benches` runs bench binaries with no arguments besides the harness flags;
    // only `cargo bench` (which passes --bench) does the full measurement.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("oplog bench: run with `cargo bench --bench oplog`");
        return;
    }
    let payloads = payloads();
    let mut ours = Vec::new();
    let mut raw_log = Vec::new();
    let mut raw_rows = Vec::new();
    for _ in 0..RUNS {
        raw_log.push(raw_insert(&payloads));
        let (elapsed, written) = meridian_append(&payloads);
        ours.push(elapsed);
        raw_rows.push(raw_same_rows(written.path()));
    }
    let rate = |seconds: f64| OPS as f64 / seconds;
    let (ours, raw_log, raw_rows) = (median(ours), median(raw_log), median(raw_rows));
    println!("append {OPS} ops in batches of {BATCH}, median of {RUNS} runs");
    println!(
        "  meridian Store::append (log + projections): {ours:.3} s = {:>7.0} ops/s",
        rate(ours)
    );
    println!(
        "  raw prepared inserts of the same rows:      {raw_rows:.3} s = {:>7.0} ops/s",
        rate(raw_rows)
    );
    println!(
        "  raw prepared inserts of the log rows only:  {raw_log:.3} s = {:>7.0} ops/s",
        rate(raw_log)
    );
    println!(
        "  ratio vs same rows: {:.2}x (target >= 0.50x)",
        raw_rows / ours
    );
    println!("  ratio vs log rows only: {:.2}x", raw_log / ours);
    println!(
        "  throughput target >= 100000 ops/s: {}",
        if rate(ours) >= 100_000.0 {
            "met"
        } else {
            "MISSED"
        }
    );
}
