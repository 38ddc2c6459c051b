//! Conversation and doc figures: a page of 50 threads from a channel of 1,000,000, beside a
//! raw SQL query of the same rows; opening a doc with 1,000 revisions, beside reading its
//! revision rows alone. Run with `cargo bench --bench conversations`.
//! Targets: a page p95 ≤ 5 ms; opening the doc ≤ 20 ms.

use chrono::{Duration, TimeZone, Utc};
use meridian::content::ThreadFilter;
use meridian::log::ops::{format_instant, OpPayload};
use meridian::{ManualClock, Meridian, NoEvents};
use std::sync::Arc;
use std::time::Instant;

const POSTS: usize = 1_000_000;
const REVISIONS: usize = 1_000;
const RUNS: usize = 200;

fn percentile(samples: &mut [f64], at: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() as f64 - 1.0) * at).round() as usize]
}

fn report(name: &str, mut samples: Vec<f64>) -> (f64, f64) {
    let (p50, p95) = (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.95),
    );
    println!("{name:<52} p50 {p50:>8.3} ms   p95 {p95:>8.3} ms");
    (p50, p95)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("instant");
    let clock = Arc::new(ManualClock::new(start));
    let mut meridian = Meridian::open(dir.path(), clock, Arc::new(NoEvents)).expect("open");
    meridian.seed_demo("Europe/London").expect("demo");
    let channel = meridian.channel("general").expect("demo channel").id;
    let me = meridian.me().expect("me").expect("onboarded").id;

    let seeding = Instant::now();
    let mut batch = Vec::with_capacity(10_000);
    for n in 0..POSTS {
        batch.push(OpPayload::ThreadCreated {
            thread_id: uuid::Uuid::now_v7().to_string(),
            channel_id: channel.clone(),
            author_id: me.clone(),
            title: format!("Post number {n}: a title of ordinary length"),
            body: "A short body with **bold**, a [link](https://example.com) and a list:\n\n- one\n- two".into(),
            mentions: Vec::new(),
            created_at: format_instant(start + Duration::seconds(n as i64 * 30)),
        });
        if batch.len() == batch.capacity() {
            meridian
                .store_mut()
                .append(start, std::mem::take(&mut batch))
                .expect("seed");
            batch.reserve(10_000);
        }
    }
    if !batch.is_empty() {
        meridian.store_mut().append(start, batch).expect("seed");
    }
    println!(
        "seeded {POSTS} threads in one channel in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    // Cursors spread through the channel, so pages come from its start, middle and end.
    let cursors: Vec<(String, String)> = {
        let conn = meridian.store().conn();
        let mut statement = conn
            .prepare(
                "SELECT created_at, id FROM threads WHERE channel_id = ?1 AND title IS NOT NULL
                 ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?2",
            )
            .expect("cursor query");
        (0..RUNS)
            .map(|run| {
                let offset = (run * (POSTS - 100) / RUNS) as i64;
                statement
                    .query_row(rusqlite::params![channel, offset], |row| {
                        Ok((row.get(0)?, row.get(1)?))
                    })
                    .expect("cursor")
            })
            .collect()
    };

    let mut raw = Vec::with_capacity(RUNS);
    {
        let conn = meridian.store().conn();
        let mut statement = conn
            .prepare(
                "SELECT id, title, body, author_id, created_at FROM threads
                 WHERE channel_id = ?1 AND (created_at, id) < (?2, ?3)
                 ORDER BY created_at DESC, id DESC LIMIT 50",
            )
            .expect("raw query");
        for (at, id) in &cursors {
            let started = Instant::now();
            let rows = statement
                .query_map(rusqlite::params![channel, at, id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                })
                .expect("rows")
                .count();
            raw.push(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(rows, 50);
        }
    }
    let mut page = Vec::with_capacity(RUNS);
    for cursor in &cursors {
        let started = Instant::now();
        let threads = meridian
            .threads(&ThreadFilter {
                channel_id: Some(channel.clone()),
                before: Some(cursor.clone()),
                limit: 50,
                ..ThreadFilter::default()
            })
            .expect("page");
        page.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(threads.len(), 50);
    }
    let (_, raw_p95) = report("raw SQL: 50 rows by keyset from 1M", raw);
    let (_, page_p95) = report("Meridian::threads: a page of 50 from 1M", page);
    println!(
        "page p95 is {:.1}× the raw query (target ≤ 5 ms: {})",
        page_p95 / raw_p95,
        if page_p95 <= 5.0 { "met" } else { "MISSED" }
    );

    // A doc revised 1,000 times, each revision a few paragraphs long.
    let doc = meridian
        .create_doc("Handbook", "Start.", None)
        .expect("doc")
        .id;
    let paragraph = "We write decisions down so that people in other time zones can follow them. ";
    for n in 1..REVISIONS {
        let body = format!("{}\n\nRevision {n}.", paragraph.repeat(20));
        meridian
            .edit_doc(&doc, None, &body, Some(&format!("Edit {n}")), None)
            .expect("revise");
    }
    let mut raw_doc = Vec::with_capacity(RUNS);
    {
        let conn = meridian.store().conn();
        let mut statement = conn
            .prepare("SELECT id, parents, title, body, summary, author_id, created_at FROM doc_revisions WHERE doc_id = ?1 ORDER BY created_at, id")
            .expect("raw doc query");
        for _ in 0..RUNS {
            let started = Instant::now();
            let rows = statement
                .query_map([&doc], |row| row.get::<_, String>(3))
                .expect("rows")
                .count();
            raw_doc.push(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(rows, REVISIONS);
        }
    }
    let mut open = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let detail = meridian.doc(&doc, None).expect("open doc");
        open.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(detail.revisions.len(), REVISIONS);
    }
    let (raw_doc_p50, _) = report("raw SQL: the 1,000 revision rows of a doc", raw_doc);
    let (open_p50, open_p95) = report("Meridian::doc: open a doc with 1,000 revisions", open);
    println!(
        "opening is {:.1}× reading its rows (target ≤ 20 ms: {})",
        open_p50 / raw_doc_p50,
        if open_p95 <= 20.0 { "met" } else { "MISSED" }
    );
}
