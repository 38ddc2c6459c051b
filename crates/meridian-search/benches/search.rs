//! Search figures on a generated corpus of posts of realistic length (threads and comments
//! over two years, by eight people in four channels), all measured in one run:
//!
//! - indexing the whole log end to end (ops → items → documents → tantivy, in commits) beside
//!   a raw tantivy `IndexWriter` loop over the same documents held in memory;
//! - a mix of queries (common, mid and rare words, two words, phrases, a prefix being typed,
//!   `from:`, `in:`, `is:`, `after:`, `-word`) through `Meridian::search` end to end (parse,
//!   resolve, tantivy, snippets, described from the tables) beside the same tantivy queries run
//!   raw (top 20 by BM25 and their stored documents), and beside SQLite FTS5 over the same
//!   corpus with the same words and filters;
//! - the index's size on disk, per million posts.
//!
//! Run with `cargo bench -p meridian-search --bench search`. The corpus is 1,000,000 posts;
//! `MERIDIAN_BENCH_POSTS` sets another size while iterating.
//! Targets: query p95 ≤ 50 ms and ≤ 1.5× raw tantivy; indexing ≥ 0.67× the raw loop.

use chrono::{Duration, TimeZone, Utc};
use meridian::log::ops::{format_instant, OpPayload};
use meridian::model::ChannelInput;
use meridian::{ManualClock, Meridian, NoEvents};
use meridian_search::{TantivyIndex, WriterBudget};
use std::sync::Arc;
use std::time::Instant;
use tantivy::collector::TopDocs;
use tantivy::doc;

const DEFAULT_POSTS: usize = 1_000_000;
const QUERIES: usize = 200;
const CHANNELS: [&str; 4] = ["general", "design", "engineering", "support"];

/// xorshift64*: a fixed seed gives the same corpus every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Common English words first, then made-up project vocabulary: drawn with a skew, so a few
/// words are everywhere and most are rare, as in real writing.
fn vocabulary() -> Vec<String> {
    let common = "the of and to a in is it you that he was for on are with as i his they be at \
        one have this from or had by not word but what some we can out other were all there when \
        up use your how said an each she which do their time if will way about many then them \
        write would like so these her long make thing see him two has look more day could go \
        come did number sound no most people my over know water than call first who may down \
        side been now find any new work part take get place made live where after back little \
        only round man year came show every good me give our under name very through just form \
        sentence great think say help low line differ turn cause much mean before move right boy \
        old too same tell does set three want air well also play small end put home read hand \
        port large spell add even land here must big high such follow act why ask men change \
        went light kind off need house picture try us again animal point mother world near build \
        self earth father head stand own page should country found answer school grow study \
        still learn plant cover food sun four between state keep eye never last let thought city \
        tree cross farm hard start might story saw far sea draw left late run while press close \
        night real life few north release deploy review draft migration staging customer ticket \
        incident dashboard latency budget roadmap hiring onboarding design sprint backlog api";
    let mut words: Vec<String> = common.split_whitespace().map(str::to_owned).collect();
    let syllables = [
        "ka", "lo", "mi", "ren", "to", "sa", "vi", "dor", "pel", "qua", "zin", "bre", "tal", "nor",
        "gus", "fey", "wim", "ox", "ul", "jar",
    ];
    let mut rng = Rng(7);
    while words.len() < 6_000 {
        let parts = 2 + rng.below(2);
        let word: String = (0..parts)
            .map(|_| syllables[rng.below(syllables.len())])
            .collect();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

fn sentence(rng: &mut Rng, words: &[String], length: usize) -> String {
    let mut text = String::with_capacity(length * 7);
    for n in 0..length {
        // Cubing a uniform number skews the draw towards the front of the list.
        let at = ((rng.unit().powi(3)) * words.len() as f64) as usize;
        if n > 0 {
            text.push(if rng.below(12) == 0 { '.' } else { ' ' });
            if text.ends_with('.') {
                text.push(' ');
            }
        }
        text.push_str(&words[at.min(words.len() - 1)]);
    }
    text.push('.');
    text
}

fn percentile(samples: &mut [f64], at: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() as f64 - 1.0) * at).round() as usize]
}

fn report(name: &str, mut samples: Vec<f64>) -> f64 {
    let (p50, p95) = (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.95),
    );
    println!("{name:<58} p50 {p50:>8.3} ms   p95 {p95:>8.3} ms");
    p95
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| {
                    let meta = entry.metadata().expect("metadata");
                    if meta.is_dir() {
                        dir_size(&entry.path())
                    } else {
                        meta.len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// One generated post, as the raw loop and FTS5 index it.
struct Post {
    id: String,
    kind: &'static str,
    title: String,
    body: String,
    author: String,
    channel: String,
    at_ms: i64,
}

fn main() {
    let posts: usize = std::env::var("MERIDIAN_BENCH_POSTS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(DEFAULT_POSTS);
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Utc
        .with_ymd_and_hms(2024, 11, 1, 0, 0, 0)
        .single()
        .expect("instant");
    let now = start + Duration::days(730);
    let clock = Arc::new(ManualClock::new(now));
    let mut meridian = Meridian::open(dir.path(), clock, Arc::new(NoEvents)).expect("open");
    meridian.seed_demo("Europe/London").expect("demo");
    for name in &CHANNELS[2..] {
        meridian
            .create_channel(&ChannelInput {
                name: (*name).into(),
                private: false,
                reason: None,
                expect: None,
                members: vec![],
            })
            .expect("channel");
    }
    let channels: Vec<String> = CHANNELS
        .iter()
        .map(|name| meridian.channel(name).expect("channel").id)
        .collect();
    let members: Vec<(String, String)> = meridian
        .members()
        .expect("members")
        .into_iter()
        .map(|member| (member.id, member.handle))
        .collect();

    // --- The corpus: a fifth threads, the rest comments on recent threads ---------------
    let seeding = Instant::now();
    let words = vocabulary();
    let mut rng = Rng(42);
    let mut corpus: Vec<Post> = Vec::with_capacity(posts);
    let mut threads: Vec<(String, String)> = Vec::new();
    let mut batch = Vec::with_capacity(10_000);
    let span_ms = (now - start).num_milliseconds();
    for n in 0..posts {
        let at_ms = start.timestamp_millis() + (span_ms / posts as i64) * n as i64;
        let created_at = format_instant(Utc.timestamp_millis_opt(at_ms).single().expect("at"));
        let (author, _) = &members[rng.below(members.len())];
        let id = uuid::Uuid::now_v7().to_string();
        if n % 5 == 0 || threads.is_empty() {
            let channel = channels[rng.below(channels.len())].clone();
            let length = 4 + rng.below(6);
            let title = sentence(&mut rng, &words, length);
            let title = title.trim_end_matches('.').to_owned();
            let length = 15 + rng.below(100);
            let body = sentence(&mut rng, &words, length);
            batch.push(OpPayload::ThreadCreated {
                thread_id: id.clone(),
                channel_id: channel.clone(),
                author_id: author.clone(),
                title: title.clone(),
                body: body.clone(),
                mentions: vec![],
                created_at,
            });
            threads.push((id.clone(), channel.clone()));
            corpus.push(Post {
                id,
                kind: "thread",
                title,
                body,
                author: author.clone(),
                channel,
                at_ms,
            });
        } else {
            let recent = threads.len().min(1_000);
            let (thread, channel) = threads[threads.len() - 1 - rng.below(recent)].clone();
            let length = 8 + rng.below(70);
            let body = sentence(&mut rng, &words, length);
            batch.push(OpPayload::CommentAdded {
                comment_id: id.clone(),
                thread_id: thread,
                parent_id: None,
                author_id: author.clone(),
                body: body.clone(),
                mentions: vec![],
                created_at,
            });
            corpus.push(Post {
                id,
                kind: "comment",
                title: String::new(),
                body,
                author: author.clone(),
                channel,
                at_ms,
            });
        }
        if batch.len() == batch.capacity() {
            meridian
                .store_mut()
                .append(now, std::mem::take(&mut batch))
                .expect("seed");
        }
    }
    if !batch.is_empty() {
        meridian.store_mut().append(now, batch).expect("seed");
    }
    let text_bytes: usize = corpus
        .iter()
        .map(|post| post.title.len() + post.body.len())
        .sum();
    println!(
        "seeded {posts} posts ({} threads, average {} characters) in {:.1} s",
        threads.len(),
        text_bytes / posts,
        seeding.elapsed().as_secs_f64()
    );

    // --- Indexing: end to end beside a raw IndexWriter loop ------------------------------
    let index_dir = dir.path().join("search");
    let index = Arc::new(TantivyIndex::open(&index_dir, WriterBudget::LARGE).expect("index"));
    meridian.attach_search(index.clone());
    let started = Instant::now();
    let written = meridian.index_catch_up(&mut |_| {}).expect("index");
    let end_to_end = started.elapsed().as_secs_f64();
    let raw_dir = tempfile::tempdir().expect("raw dir");
    let raw_index = TantivyIndex::open(raw_dir.path(), WriterBudget::LARGE).expect("raw index");
    let started = Instant::now();
    {
        let fields = raw_index.tantivy().schema();
        let field = |name: &str| fields.get_field(name).expect("field");
        let (id, kind, title, body, author, channel, at, archived, open, blocker) = (
            field("id"),
            field("kind"),
            field("title"),
            field("body"),
            field("author"),
            field("channel"),
            field("at"),
            field("archived"),
            field("open"),
            field("blocker"),
        );
        let mut writer: tantivy::IndexWriter = raw_index
            .tantivy()
            .writer_with_num_threads(WriterBudget::LARGE.threads, WriterBudget::LARGE.heap_bytes)
            .expect("raw writer");
        for post in &corpus {
            writer
                .add_document(doc!(
                    id => post.id.as_str(),
                    kind => post.kind,
                    title => post.title.as_str(),
                    body => post.body.as_str(),
                    author => post.author.as_str(),
                    channel => post.channel.as_str(),
                    at => post.at_ms,
                    archived => 0u64,
                    open => 1u64,
                    blocker => 0u64,
                ))
                .expect("add");
        }
        writer.commit().expect("commit");
    }
    let raw = started.elapsed().as_secs_f64();
    let size = dir_size(&index_dir);
    println!(
        "index end to end: {written} documents in {end_to_end:.1} s ({:.0} docs/s)",
        written as f64 / end_to_end
    );
    println!(
        "raw IndexWriter loop: {posts} documents in {raw:.1} s ({:.0} docs/s)",
        posts as f64 / raw
    );
    let indexing_ratio = raw / end_to_end;
    println!(
        "indexing throughput is {indexing_ratio:.2}× the raw loop (target ≥ 0.67: {})",
        if indexing_ratio >= 0.67 {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "index size: {:.1} MB for {posts} posts, {:.1} MB per 1M posts",
        size as f64 / 1e6,
        size as f64 / 1e6 * 1_000_000.0 / posts as f64
    );

    // --- Queries: a fixed mix -----------------------------------------------------------
    let handles: Vec<&str> = members.iter().map(|(_, handle)| handle.as_str()).collect();
    let mut rng = Rng(99);
    let mut queries: Vec<String> = Vec::with_capacity(QUERIES);
    for n in 0..QUERIES {
        let word =
            |rng: &mut Rng, from: usize, to: usize| words[from + rng.below(to - from)].clone();
        let query = match n % 10 {
            0 => format!("{} ", word(&mut rng, 300, 400)),
            1 => format!("{} ", word(&mut rng, 400, 1_500)),
            2 => format!("{} ", word(&mut rng, 1_500, 6_000)),
            3 => format!(
                "{} {} ",
                word(&mut rng, 300, 2_000),
                word(&mut rng, 300, 2_000)
            ),
            4 => {
                // Two neighbouring words of a real post, as a phrase.
                let post = &corpus[rng.below(corpus.len())];
                let split: Vec<&str> = post
                    .body
                    .split([' ', '.'])
                    .filter(|w| !w.is_empty())
                    .collect();
                let at = rng.below(split.len().saturating_sub(1).max(1));
                format!(
                    "\"{} {}\" ",
                    split[at],
                    split.get(at + 1).unwrap_or(&split[at])
                )
            }
            5 => {
                let typed = word(&mut rng, 300, 2_000);
                typed.chars().take(4).collect::<String>()
            }
            6 => format!(
                "{} from:@{} ",
                word(&mut rng, 300, 2_000),
                handles[rng.below(handles.len())]
            ),
            7 => format!(
                "{} in:#{} ",
                word(&mut rng, 300, 2_000),
                CHANNELS[rng.below(CHANNELS.len())]
            ),
            8 => format!("{} is:thread after:2025-06-01 ", word(&mut rng, 300, 2_000)),
            _ => format!(
                "{} -{} ",
                word(&mut rng, 300, 1_000),
                word(&mut rng, 300, 1_000)
            ),
        };
        queries.push(query);
    }

    // --- SQLite FTS5 over the same corpus, the same words and filters --------------------
    let fts = rusqlite::Connection::open(dir.path().join("fts.sqlite3")).expect("fts db");
    fts.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;
         CREATE VIRTUAL TABLE posts USING fts5(
             title, body, kind UNINDEXED, author UNINDEXED, channel UNINDEXED, at UNINDEXED,
             tokenize = 'unicode61 remove_diacritics 2');",
    )
    .expect("fts table");
    let started = Instant::now();
    {
        let tx = fts.unchecked_transaction().expect("tx");
        let mut insert = tx
            .prepare("INSERT INTO posts (title, body, kind, author, channel, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .expect("insert");
        for post in &corpus {
            insert
                .execute(rusqlite::params![
                    post.title,
                    post.body,
                    post.kind,
                    post.author,
                    post.channel,
                    post.at_ms
                ])
                .expect("fts insert");
        }
        drop(insert);
        tx.commit().expect("fts commit");
    }
    println!(
        "FTS5 build: {posts} rows in {:.1} s, {:.1} MB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(dir.path().join("fts.sqlite3")).map_or(0, |m| m.len()) as f64 / 1e6
    );
    // Each query through the three paths one after the other, three rounds, so all three
    // meet the same moments of a busy machine. The first round warms the caches. Whichever
    // path runs a query first brings its postings into the processor's caches for the next,
    // so Meridian and raw tantivy take turns going first, round by round.
    let resolved: Vec<_> = queries
        .iter()
        .map(|query| {
            meridian
                .resolved_search_query(query)
                .expect("resolve")
                .expect("a query")
        })
        .collect();
    let reader = index.tantivy().reader().expect("reader");
    let (mut e2e, mut raw_times, mut fts_times) = (Vec::new(), Vec::new(), Vec::new());
    let (mut resolving, mut index_only) = (Vec::new(), Vec::new());
    let mut hits = 0;
    let end_to_end = |query: &str| {
        let started = Instant::now();
        let results = meridian.search(query, 20).expect("search");
        (started.elapsed().as_secs_f64() * 1000.0, results.hits.len())
    };
    let raw_tantivy = |resolved: &meridian::search::IndexQuery| {
        let started = Instant::now();
        let searcher = reader.searcher();
        let tantivy_query = index.tantivy_query(resolved);
        let top = searcher
            .search(&*tantivy_query, &TopDocs::with_limit(20).order_by_score())
            .expect("raw search");
        for (_, address) in &top {
            let _: tantivy::TantivyDocument = searcher.doc(*address).expect("doc");
        }
        started.elapsed().as_secs_f64() * 1000.0
    };
    for round in 0..4 {
        for (query, resolved) in queries.iter().zip(&resolved) {
            let ((e2e_ms, found), raw_ms) = if round % 2 == 0 {
                let e2e = end_to_end(query);
                (e2e, raw_tantivy(resolved))
            } else {
                let raw = raw_tantivy(resolved);
                (end_to_end(query), raw)
            };

            // Its parts: resolving the query against the tables; the index's answer with
            // the recency boost and snippets (the rest is describing the hits from the tables).
            let started = Instant::now();
            let _ = meridian.resolved_search_query(query).expect("resolve");
            let resolve_ms = started.elapsed().as_secs_f64() * 1000.0;
            let started = Instant::now();
            let _ = meridian::search::SearchIndex::search(&*index, resolved, 20).expect("index");
            let index_ms = started.elapsed().as_secs_f64() * 1000.0;

            let (sql, params) = fts_query(resolved);
            let started = Instant::now();
            let mut statement = fts.prepare_cached(&sql).expect("fts query");
            let rows = statement
                .query_map(rusqlite::params_from_iter(params.iter()), |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                })
                .expect("fts rows")
                .count();
            let fts_ms = started.elapsed().as_secs_f64() * 1000.0;
            if round > 0 {
                e2e.push(e2e_ms);
                raw_times.push(raw_ms);
                fts_times.push(fts_ms);
                resolving.push(resolve_ms);
                index_only.push(index_ms);
                hits += found;
                let _ = rows;
            }
        }
    }

    println!("{QUERIES} mixed queries × 3 rounds, top 20 ({hits} hits in all):");
    let raw_p95 = report("raw tantivy: same queries, top 20 + stored docs", raw_times);
    let e2e_p95 = report("Meridian::search end to end (snippets, described)", e2e);
    report(
        "SQLite FTS5: same words and filters, top 20 by bm25",
        fts_times,
    );
    report(
        "  of which: resolving the query (names, permissions)",
        resolving,
    );
    report(
        "  of which: the index's answer (boost, snippets)",
        index_only,
    );
    println!(
        "query p95 is {:.2}× raw tantivy (target ≤ 1.5×: {}); {:.1} ms (target ≤ 50 ms: {})",
        e2e_p95 / raw_p95,
        if e2e_p95 <= raw_p95 * 1.5 {
            "met"
        } else {
            "MISSED"
        },
        e2e_p95,
        if e2e_p95 <= 50.0 { "met" } else { "MISSED" }
    );
}

/// The FTS5 statement for a resolved query: the words, phrases, prefix and exclusions as a
/// MATCH expression, the filters as conditions on the unindexed columns.
fn fts_query(query: &meridian::search::IndexQuery) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let quote = |text: &str| format!("\"{}\"", text.replace('"', ""));
    let mut terms: Vec<String> = query
        .words
        .iter()
        .chain(&query.phrases)
        .map(|text| quote(text))
        .collect();
    if let Some(prefix) = &query.prefix {
        terms.push(format!("{}*", quote(prefix)));
    }
    let mut expression = terms.join(" AND ");
    for excluded in &query.excluded {
        expression = format!("{expression} NOT {}", quote(excluded));
    }
    let mut sql = String::from(
        "SELECT rowid, title, snippet(posts, 1, '[', ']', '…', 12) FROM posts WHERE posts MATCH ?1",
    );
    let mut params = vec![Value::Text(expression)];
    let any = |column: &str, values: &[String], params: &mut Vec<Value>, sql: &mut String| {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values
            .iter()
            .map(|value| {
                params.push(Value::Text(value.clone()));
                format!("?{}", params.len())
            })
            .collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    };
    any("kind", &query.kinds, &mut params, &mut sql);
    any("author", &query.authors, &mut params, &mut sql);
    any("channel", &query.channels, &mut params, &mut sql);
    if let Some(after) = query.after_ms {
        params.push(Value::Integer(after));
        sql.push_str(&format!(" AND at >= ?{}", params.len()));
    }
    sql.push_str(" ORDER BY bm25(posts, 2.0, 1.0) LIMIT 20");
    (sql, params)
}
