//! Push latency under load: 50 devices of one team each push 20 batches of 50 ops at once,
//! over real HTTP on loopback, to a server on SQLite (always) and on PostgreSQL (when
//! `MERIDIAN_TEST_POSTGRES` or the PG* variables name a cluster). Beside each, in the same
//! run and at the same concurrency, the baseline: `GET /health`, which touches no storage.
//! Prints p50/p95/p99 per backend.
//!
//! `cargo bench -p meridian-server --bench push` (SQLite only; `make bench` runs it).
//! With PostgreSQL on a throw-away cluster: `pg_virtualenv cargo bench -p meridian-server
//! --bench push` (leave out `-o fsync=off` so PostgreSQL syncs commits as SQLite does).

#[allow(dead_code)]
#[path = "../tests/server/common.rs"]
mod common;

use meridian_protocol::{CreateTeamResponse, JoinRequest, JoinResponse, PushRequest};
use meridian_protocol::{InviteResponse, PushResponse};
use meridian_server::store::Store;
use meridian_server::ServerConfig;
use reqwest::Client;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

const DEVICES: usize = 50;
const BATCHES: u64 = 20;
const OPS_PER_BATCH: u64 = 50;

/// One row of the table: a backend, what was timed, and its latencies.
struct Row {
    backend: &'static str,
    what: &'static str,
    latencies: Vec<Duration>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

async fn reply<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    let response = request.send().await.expect("server unreachable");
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.expect("unreadable answer")
}

/// A team of `DEVICES` devices on `store`; each device pushes, then each asks for health.
async fn run<S: Store>(backend: &'static str, store: S) -> Vec<Row> {
    let server = common::start(store, ServerConfig::default()).await;
    let client = Client::new();
    let team: CreateTeamResponse = reply(client.post(server.url("/v1/teams"))).await;
    let mut devices = vec![(team.device_id, team.device_token.clone())];
    let mut invite = team.invite.code.clone();
    while devices.len() < DEVICES {
        let join = JoinRequest {
            invite: invite.clone(),
            device_id: None,
        };
        let joined: JoinResponse = reply(client.post(server.url("/v1/join")).json(&join)).await;
        devices.push((joined.device_id, joined.device_token));
        let issued = client
            .post(server.url("/v1/invites"))
            .bearer_auth(&team.device_token);
        invite = reply::<InviteResponse>(issued).await.code;
    }

    let barrier = Arc::new(Barrier::new(DEVICES));
    let tasks: Vec<_> = devices
        .into_iter()
        .map(|(device_id, token)| {
            let (client, barrier) = (client.clone(), barrier.clone());
            let (push_url, health_url) = (server.url("/v1/push"), server.url("/health"));
            tokio::spawn(async move {
                let mut pushes = Vec::new();
                barrier.wait().await;
                for batch in 0..BATCHES {
                    let first = batch * OPS_PER_BATCH + 1;
                    let ops = (first..first + OPS_PER_BATCH)
                        .map(|idx| common::op(device_id, idx, &"x".repeat(200)))
                        .collect();
                    let request = client
                        .post(&push_url)
                        .bearer_auth(&token)
                        .json(&PushRequest { ops });
                    let started = Instant::now();
                    let pushed: PushResponse = reply(request).await;
                    pushes.push(started.elapsed());
                    assert_eq!(u64::from(pushed.accepted), OPS_PER_BATCH);
                }
                let mut health = Vec::new();
                barrier.wait().await;
                for _ in 0..BATCHES {
                    let started = Instant::now();
                    let _: serde_json::Value = reply(client.get(&health_url)).await;
                    health.push(started.elapsed());
                }
                (pushes, health)
            })
        })
        .collect();
    let (mut pushes, mut health) = (Vec::new(), Vec::new());
    for task in tasks {
        let (p, h) = task.await.expect("a device failed");
        pushes.extend(p);
        health.extend(h);
    }
    vec![
        Row {
            backend,
            what: "POST /v1/push (50 ops)",
            latencies: pushes,
        },
        Row {
            backend,
            what: "GET /health (baseline)",
            latencies: health,
        },
    ]
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut rows = runtime.block_on(async {
        let sqlite = common::sqlite_store().await;
        run("SQLite", sqlite.store.clone()).await
    });
    let postgres = std::env::var_os("MERIDIAN_TEST_POSTGRES").is_some()
        || std::env::var_os("PGHOST").is_some();
    if postgres {
        rows.extend(
            runtime.block_on(async { run("PostgreSQL", common::postgres_store().await).await }),
        );
    } else {
        eprintln!(
            "PostgreSQL skipped: set MERIDIAN_TEST_POSTGRES or run under pg_virtualenv to include it"
        );
    }
    println!(
        "{DEVICES} devices × {BATCHES} pushes of {OPS_PER_BATCH} ops, concurrently over loopback"
    );
    println!(
        "{:<11} {:<24} {:>5} {:>9} {:>9} {:>9}",
        "backend", "request", "n", "p50 ms", "p95 ms", "p99 ms"
    );
    for mut row in rows {
        row.latencies.sort_unstable();
        let ms = |p| percentile(&row.latencies, p).as_secs_f64() * 1000.0;
        println!(
            "{:<11} {:<24} {:>5} {:>9.2} {:>9.2} {:>9.2}",
            row.backend,
            row.what,
            row.latencies.len(),
            ms(0.50),
            ms(0.95),
            ms(0.99)
        );
    }
}
