//! Work-board figures: the whole board of 10,000 tasks with 10,000 blocked-by relations (the
//! blocked badge computed from open blockers for every card, goals with their health), beside
//! reading the same task and relation rows alone with raw SQL in the same run; and the blocked
//! badges alone, computed from rows already in memory. Run with `cargo bench --bench work`.
//! Target: the board ≤ 10 ms.

use chrono::{Duration, TimeZone, Utc};
use meridian::log::ops::{format_instant, OpPayload};
use meridian::work::TaskFilter;
use meridian::{ManualClock, Meridian, NoEvents};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

const TASKS: usize = 10_000;
const GOALS: usize = 20;
const RUNS: usize = 60;
const STATUSES: [&str; 5] = ["backlog", "todo", "in_progress", "done", "canceled"];

fn percentile(samples: &mut [f64], at: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() as f64 - 1.0) * at).round() as usize]
}

fn report(name: &str, mut samples: Vec<f64>) -> (f64, f64) {
    let (p50, p95) = (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.95),
    );
    println!("{name:<60} p50 {p50:>8.3} ms   p95 {p95:>8.3} ms");
    (p50, p95)
}

fn time(runs: usize, mut run: impl FnMut()) -> Vec<f64> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Utc
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .expect("instant");
    let clock = Arc::new(ManualClock::new(start));
    let mut meridian = Meridian::open(dir.path(), clock, Arc::new(NoEvents)).expect("open");
    meridian.seed_demo("Europe/London").expect("demo");
    let me = meridian.me().expect("me").expect("onboarded").id;
    let owners: Vec<String> = meridian
        .task_owners()
        .expect("owners")
        .into_iter()
        .map(|person| person.id)
        .collect();

    let seeding = Instant::now();
    let goals: Vec<String> = (0..GOALS)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let mut ops: Vec<OpPayload> = goals
        .iter()
        .enumerate()
        .map(|(n, goal_id)| OpPayload::GoalCreated {
            goal_id: goal_id.clone(),
            author_id: me.clone(),
            title: format!("Goal {n}"),
            outcome: "An outcome worth a sentence".into(),
            target_day: Some("2027-06-30".into()),
            created_at: format_instant(start),
        })
        .collect();
    let ids: Vec<String> = (0..TASKS)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    // Each task after the first waits on a scattered earlier one, so the graph has no cycle.
    let blocker_of = |n: usize| ((n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 17) as usize % n;
    for (n, task_id) in ids.iter().enumerate() {
        ops.push(OpPayload::TaskCreated {
            task_id: task_id.clone(),
            author_id: me.clone(),
            title: format!("Task {n}: a title of ordinary length"),
            body: "Notes with **bold** and a [link](https://example.com).".into(),
            owner_id: Some(owners[n % owners.len()].clone()),
            status: STATUSES[n % STATUSES.len()].into(),
            due_at: (n % 3 == 0).then(|| format_instant(start + Duration::hours(n as i64))),
            due_zone: (n % 3 == 0).then(|| "Europe/Berlin".to_owned()),
            goal_id: Some(goals[n % GOALS].clone()),
            created_at: format_instant(start - Duration::seconds((TASKS - n) as i64)),
        });
        if n > 0 {
            ops.push(OpPayload::TaskBlockerSet {
                task_id: task_id.clone(),
                blocker_id: ids[blocker_of(n)].clone(),
                member_id: me.clone(),
                active: true,
            });
        }
    }
    for chunk in ops.chunks(10_000) {
        meridian
            .store_mut()
            .append(start, chunk.to_vec())
            .expect("seed");
    }
    println!(
        "seeded {TASKS} tasks, {} blocked-by relations and {GOALS} goals in {:.1} s",
        TASKS - 1,
        seeding.elapsed().as_secs_f64()
    );

    // Baseline: the same rows, read and held, with no badge, no names and no goal health.
    let raw = {
        let conn = meridian.store().conn();
        let mut tasks = conn
            .prepare(
                "SELECT id, title, body, owner_id, author_id, status, due_at, due_zone, goal_id,
                        created_at, moved_at FROM tasks WHERE created_lww != ''",
            )
            .expect("task query");
        let mut relations = conn
            .prepare("SELECT task_id, blocker_id FROM task_blockers WHERE active = 1")
            .expect("relation query");
        time(RUNS, || {
            let rows: Vec<(String, String, String, Option<String>, String)> = tasks
                .query_map([], |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(5)?,
                    ))
                })
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("rows");
            let edges: Vec<(String, String)> = relations
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .expect("edges")
                .collect::<Result<_, _>>()
                .expect("edges");
            assert_eq!((rows.len(), edges.len()), (TASKS + 8, TASKS - 1 + 4));
        })
    };

    let mut blocked = 0;
    let board = time(RUNS, || {
        let board = meridian.board(&TaskFilter {
            include_canceled: true,
            ..TaskFilter::default()
        });
        let board = board.expect("board");
        blocked = board
            .tasks
            .iter()
            .filter(|task| !task.blocked_by.is_empty())
            .count();
        assert_eq!(board.tasks.len(), TASKS + 8);
    });

    // The badges alone, from rows in memory: what a card's "Blocked" costs.
    let statuses: HashMap<String, &str> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| (id.clone(), STATUSES[n % STATUSES.len()]))
        .collect();
    let edges: Vec<(String, String)> = (1..TASKS)
        .map(|n| (ids[n].clone(), ids[blocker_of(n)].clone()))
        .collect();
    let badges = time(RUNS, || {
        let mut waits: HashMap<&str, Vec<&str>> = HashMap::with_capacity(TASKS);
        for (task, blocker) in &edges {
            waits
                .entry(task.as_str())
                .or_default()
                .push(blocker.as_str());
        }
        let count = waits
            .values()
            .filter(|blockers| {
                blockers
                    .iter()
                    .any(|b| !matches!(statuses[*b], "done" | "canceled"))
            })
            .count();
        assert!(count > 0);
    });

    let (_, raw_p95) = report("raw SQL: 10,000 task rows and 10,000 relations", raw);
    let (_, board_p95) = report("Meridian::board: 10,000 cards with blocked badges", board);
    report("blocked badges alone, from rows in memory", badges);
    println!("{blocked} of {} tasks show Blocked", TASKS + 8);
    println!(
        "board p95 is {:.1}× the raw read of its rows (target ≤ 10 ms: {})",
        board_p95 / raw_p95,
        if board_p95 <= 10.0 { "met" } else { "MISSED" }
    );
}
