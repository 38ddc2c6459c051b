//! Keeping the index in step with the log (`catch_up`, resumable from any commit) and
//! answering a query: parse, resolve names and permissions, ask the index, then describe each
//! hit from the tables (where it lives, when, by whom, where opening it goes).

use super::extract::{extract_many, id_list, scan_page, touched, ItemKey, KINDS};
use super::port::{IndexHit, IndexQuery, SearchIndex};
use super::query::parse;
use crate::base::model::{IndexProgress, SearchHit, SearchResults, SearchTarget, SnippetPart};
use crate::base::Result;
use crate::content;
use crate::log::ops::OpPayload;
use crate::log::Ctx;
use crate::people;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Condvar, Mutex};

/// Ops read at a time, and per index commit when catching up: large enough that commits do
/// not dominate, small enough that a crash loses little work; progress moves after each.
const CHUNK_OPS: i64 = 20_000;
/// Building from empty, rows read between progress reports, and before the first commit.
const BUILD_CHUNK_ROWS: i64 = 20_000;
/// Building from empty, each commit covers as many rows as all before it, up to this many: a
/// build of a million items commits eight times instead of fifty (every commit writes and
/// syncs the segments and sets merges going), and a crash still loses at most half the work.
const BUILD_COMMIT_ROWS_MAX: i64 = 320_000;
/// Documents handed to the index at a time, so the engine's threads index them while the
/// next ones are read from the tables.
const STAGE_DOCS: usize = 1_000;

/// The log's newest position (the largest `ops` rowid; rowids only grow, and SQLite has one
/// writer, so every op at or below it is committed).
pub(crate) fn log_head(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(rowid), 0) FROM ops", [], |row| {
            row.get(0)
        })?,
    )
}

/// How far the index is: `None` when it covers the whole log.
pub(crate) fn lag(cx: &Ctx, index: &dyn SearchIndex) -> Result<Option<IndexProgress>> {
    let head = log_head(cx.store.conn())?;
    match index.position()? {
        Some(done) => Ok((done < head).then_some(IndexProgress { done, total: head })),
        // Being built: how far the build has come, in rows of the tables.
        None => Ok(match build_cursor(index)? {
            Some(cursor) => Some(cursor.progress()),
            None => (head > 0).then_some(IndexProgress {
                done: 0,
                total: head,
            }),
        }),
    }
}

/// One catch-up at a time per index in this process (the app's indexer and a search catching
/// up a small backlog share one): two at once would both take an empty index for a build
/// from scratch and add its documents twice. Other processes are kept out by the index's own
/// lock. Indexes are told apart by address.
static BUSY: Mutex<Vec<usize>> = Mutex::new(Vec::new());
static FREED: Condvar = Condvar::new();

/// This index's turn to catch up, given back when dropped.
struct Turn(usize);

impl Turn {
    fn key(index: &dyn SearchIndex) -> usize {
        index as *const dyn SearchIndex as *const () as usize
    }

    /// Waits for the index to be free.
    fn take(index: &dyn SearchIndex) -> Turn {
        let key = Turn::key(index);
        let mut busy = BUSY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while busy.contains(&key) {
            busy = FREED
                .wait(busy)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        busy.push(key);
        Turn(key)
    }

    /// The index's turn if nobody has it.
    fn try_take(index: &dyn SearchIndex) -> Option<Turn> {
        let key = Turn::key(index);
        let mut busy = BUSY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if busy.contains(&key) {
            return None;
        }
        busy.push(key);
        Some(Turn(key))
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut busy = BUSY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        busy.retain(|key| *key != self.0);
        FREED.notify_all();
    }
}

/// [`catch_up`], unless another is running on this index: then `None` at once, and that one
/// brings the index up to date.
pub(crate) fn try_catch_up(cx: &Ctx, index: &dyn SearchIndex) -> Result<Option<usize>> {
    let Some(_turn) = Turn::try_take(index) else {
        return Ok(None);
    };
    catch_up_now(cx, index, &mut |_| {}).map(Some)
}

/// Brings the index up to the log's head, a commit per chunk of ops (fewer when building from
/// empty), telling `progress` after each chunk read. Interrupted anywhere (even killed), the
/// index keeps its last commit and the next call carries on from there. Returns how many documents were written.
pub(crate) fn catch_up(
    cx: &Ctx,
    index: &dyn SearchIndex,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<usize> {
    let _turn = Turn::take(index);
    catch_up_now(cx, index, progress)
}

/// Empties the index and builds it again from the whole log, with no catch-up in between.
pub(crate) fn rebuild(
    cx: &Ctx,
    index: &dyn SearchIndex,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<usize> {
    let _turn = Turn::take(index);
    index.clear()?;
    catch_up_now(cx, index, progress)
}

fn catch_up_now(
    cx: &Ctx,
    index: &dyn SearchIndex,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<usize> {
    let conn = cx.store.conn();
    let (mut position, mut written) = match index.position()? {
        Some(position) => (position, 0),
        None => build(conn, index, progress)?,
    };
    let head = log_head(conn)?;
    while position < head {
        let (keys, last) = touched_after(conn, position, (position + CHUNK_OPS).min(head))?;
        // The keys come sorted by kind: each kind's documents are read a batch at a time.
        let keys: Vec<ItemKey> = keys.into_iter().collect();
        for same_kind in keys.chunk_by(|a, b| a.kind == b.kind) {
            for batch in same_kind.chunks(STAGE_DOCS) {
                let ids: Vec<&str> = batch.iter().map(|key| key.id.as_str()).collect();
                let docs = extract_many(conn, batch[0].kind, &ids)?;
                written += docs.len();
                index.add(docs, false)?;
            }
        }
        position = last;
        index.commit(position)?;
        progress(IndexProgress {
            done: position,
            total: head,
        });
    }
    Ok(written)
}

/// Where a build from empty is: the log position it will cover once done, the kind it is
/// reading (an index into `KINDS`) and the last id read of it, and rows read of all there were.
#[derive(Debug, Serialize, Deserialize)]
struct BuildCursor {
    head: i64,
    kind: usize,
    after: String,
    done: i64,
    total: i64,
}

impl BuildCursor {
    fn start(conn: &Connection) -> Result<BuildCursor> {
        let mut total = 0;
        for (_, table) in KINDS {
            total += conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get::<_, i64>(0)
            })?;
        }
        Ok(BuildCursor {
            head: log_head(conn)?,
            kind: 0,
            after: String::new(),
            done: 0,
            total,
        })
    }

    fn progress(&self) -> IndexProgress {
        IndexProgress {
            done: self.done,
            total: self.total.max(self.done),
        }
    }
}

/// The cursor of the build under way in `index`, if there is one it can read.
fn build_cursor(index: &dyn SearchIndex) -> Result<Option<BuildCursor>> {
    Ok(index
        .build_cursor()?
        .and_then(|text| serde_json::from_str(&text).ok()))
}

/// Builds an empty index from the tables, which hold every item as of the log's head: each
/// item once, in id order kind by kind, with nothing to replace, and no op read or parsed.
/// Commits on the way record a cursor instead of a position, so a build that is interrupted
/// (even killed) carries on from its last commit. Items that change while it runs are
/// changed by ops after the head it started at, which the catch-up after it replays.
/// Returns the position the index then covers, and how many documents were written.
fn build(
    conn: &Connection,
    index: &dyn SearchIndex,
    progress: &mut dyn FnMut(IndexProgress),
) -> Result<(i64, usize)> {
    let mut cursor = match build_cursor(index)? {
        Some(cursor) => cursor,
        None => BuildCursor::start(conn)?,
    };
    let (mut written, mut since_commit, mut since_progress) = (0, 0, 0);
    let mut commit_every = BUILD_CHUNK_ROWS;
    while let Some((kind, _)) = KINDS.get(cursor.kind) {
        let page = scan_page(conn, kind, &cursor.after, STAGE_DOCS)?;
        let Some(last) = page.last else {
            cursor.kind += 1;
            cursor.after.clear();
            continue;
        };
        // Rows read, as the total counted them.
        let rows = i64::try_from(page.read).unwrap_or(i64::MAX);
        cursor.after = last;
        written += page.docs.len();
        index.add(page.docs, true)?;
        cursor.done += rows;
        since_commit += rows;
        since_progress += rows;
        if since_commit >= commit_every {
            index.commit_building(&serde_json::to_string(&cursor)?)?;
            commit_every = cursor.done.min(BUILD_COMMIT_ROWS_MAX);
            since_commit = 0;
        }
        if since_progress >= BUILD_CHUNK_ROWS {
            progress(cursor.progress());
            since_progress = 0;
        }
    }
    index.commit(cursor.head)?;
    // Rows written during the build may have outgrown the total counted at its start.
    let all = cursor.total.max(cursor.done);
    progress(IndexProgress {
        done: all,
        total: all,
    });
    Ok((cursor.head, written))
}

/// The items touched by the ops with rowids in `(after, until]`, each once.
fn touched_after(conn: &Connection, after: i64, until: i64) -> Result<(BTreeSet<ItemKey>, i64)> {
    let mut statement = conn.prepare_cached(
        "SELECT rowid, payload FROM ops WHERE rowid > ?1 AND rowid <= ?2 ORDER BY rowid",
    )?;
    let rows = statement.query_map([after, until], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut keys = BTreeSet::new();
    for row in rows {
        let (_, payload) = row?;
        // An op this build cannot read (from a newer Meridian) touches nothing it could index.
        let Ok(payload) = serde_json::from_str::<OpPayload>(&payload) else {
            continue;
        };
        keys.extend(touched(conn, &payload)?);
    }
    Ok((keys, until))
}

/// Answers `text` for me: at most `limit` hits, best first. Bad syntax is an
/// `Error::Invalid` whose message says how to write it; an empty query finds nothing.
/// `indexing` is how far behind the index was found, which the answer passes on.
pub(crate) fn search(
    cx: &Ctx,
    index: &dyn SearchIndex,
    text: &str,
    limit: usize,
    indexing: Option<IndexProgress>,
) -> Result<SearchResults> {
    let query = resolve(cx, text)?;
    let Some(query) = query else {
        return Ok(SearchResults {
            query: text.to_owned(),
            hits: Vec::new(),
            indexing,
        });
    };
    let hits = index.search(&query, limit)?;
    let described = describe(cx.store.conn(), hits)?;
    Ok(SearchResults {
        query: text.to_owned(),
        hits: described,
        indexing,
    })
}

/// The query `text` asks the index for me: parsed in my zone, handles and channel names
/// resolved to ids, the channels I may not read hidden. `None` for a query that says nothing.
pub(crate) fn resolve(cx: &Ctx, text: &str) -> Result<Option<IndexQuery>> {
    let now = cx.now();
    let me = people::me(cx)?;
    let zone = me
        .as_ref()
        .and_then(|me| me.time_zone.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let parsed = parse(text, zone, now)?;
    if parsed.is_empty() {
        return Ok(None);
    }
    let mut query = IndexQuery {
        words: parsed.words,
        phrases: parsed.phrases,
        prefix: parsed.prefix,
        excluded: parsed.excluded,
        kinds: parsed.kinds,
        archived: parsed.archived,
        open: parsed.open,
        blocker: parsed.blocker,
        after_ms: parsed.after.map(|at| at.timestamp_millis()),
        before_ms: parsed.before.map(|at| at.timestamp_millis()),
        now_ms: now.timestamp_millis(),
        ..IndexQuery::default()
    };
    for handle in &parsed.from {
        query
            .authors
            .push(people::member_by_handle(cx, handle)?.id.clone());
    }
    for name in &parsed.channels {
        query.channels.push(content::resolve_channel(cx, name)?);
    }
    query.hidden_channels = hidden_channels(cx.store.conn(), me.as_ref().map(|me| &*me.id))?;
    Ok(Some(query))
}

/// Private channels `me` is not a member of (all of them before onboarding).
fn hidden_channels(conn: &Connection, me: Option<&str>) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM channels WHERE private = 1 AND NOT EXISTS (
                 SELECT 1 FROM channel_members
                 WHERE id = channels.id || ' ' || ?1 AND is_member = 1)",
        )?
        .query_map([me.unwrap_or("")], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// What the tables say about a hit's item, for showing it.
struct Facts {
    title: String,
    location: String,
    at: Option<String>,
    author_id: Option<String>,
    archived: bool,
    target: SearchTarget,
}

/// The hits the tables still hold, described, in the index's order: one query per kind of
/// item on the page and one for their authors' handles, not one per hit.
fn describe(conn: &Connection, hits: Vec<IndexHit>) -> Result<Vec<SearchHit>> {
    let mut by_kind: HashMap<&str, Vec<&str>> = HashMap::new();
    for hit in &hits {
        by_kind.entry(&hit.kind).or_default().push(&hit.id);
    }
    let mut facts: HashMap<(String, String), Facts> = HashMap::new();
    for (kind, ids) in by_kind {
        for (id, item) in facts_of(conn, kind, &ids)? {
            facts.insert((kind.to_owned(), id), item);
        }
    }
    let authors: BTreeSet<&str> = facts
        .values()
        .filter_map(|item| item.author_id.as_deref())
        .collect();
    // Only the handles: a member's hours and zone are not needed to name them.
    let handles: HashMap<String, String> = conn
        .prepare_cached(
            "SELECT id, '@' || handle FROM members
             WHERE id IN (SELECT value FROM json_each(?1)) AND handle IS NOT NULL",
        )?
        .query_map([id_list(authors)], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut described = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(facts) = facts.remove(&(hit.kind.clone(), hit.id.clone())) else {
            continue;
        };
        let author = facts
            .author_id
            .as_ref()
            .and_then(|id| handles.get(id).cloned());
        let title = if hit.title.iter().any(|part| part.hit) {
            hit.title
        } else {
            vec![SnippetPart {
                text: facts.title,
                hit: false,
            }]
        };
        described.push(SearchHit {
            id: hit.id,
            kind: hit.kind,
            title,
            snippet: hit.snippet,
            location: facts.location,
            at: facts.at,
            author,
            archived: facts.archived,
            target: facts.target,
            score: hit.score,
        });
    }
    Ok(described)
}

type FactsRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    Option<String>,
    Option<String>,
);

/// Title, place, time, author, archived and the parent id of the items of `kind` among `ids`,
/// by id; items the tables do not hold are left out.
fn facts_of(conn: &Connection, kind: &str, ids: &[&str]) -> Result<Vec<(String, Facts)>> {
    // Each statement selects the item's id, then the facts; `?1` is a JSON array of ids.
    let sql = match kind {
        "thread" => {
            "SELECT t.id, t.title, '#' || c.name, t.created_at, t.author_id,
                    t.archived OR coalesce(c.archived, 0), t.id, t.channel_id
             FROM threads t LEFT JOIN channels c ON c.id = t.channel_id
             WHERE t.id IN (SELECT value FROM json_each(?1))"
        }
        "comment" => {
            "SELECT m.id, t.title, '#' || c.name || ' › ' || t.title, m.created_at, m.author_id,
                    m.archived OR t.archived OR coalesce(c.archived, 0), t.id, t.channel_id
             FROM comments m JOIN threads t ON t.id = m.thread_id
             LEFT JOIN channels c ON c.id = t.channel_id
             WHERE m.id IN (SELECT value FROM json_each(?1))"
        }
        "doc" => {
            "SELECT d.id, (SELECT title FROM doc_revisions r WHERE r.doc_id = d.id
                     ORDER BY created_at DESC, id DESC LIMIT 1), 'Docs',
                    (SELECT max(created_at) FROM doc_revisions r WHERE r.doc_id = d.id),
                    d.author_id, d.archived, d.id, NULL
             FROM docs d WHERE d.id IN (SELECT value FROM json_each(?1))"
        }
        "doc_comment" => {
            "SELECT m.id, (SELECT title FROM doc_revisions r WHERE r.doc_id = m.doc_id
                     ORDER BY created_at DESC, id DESC LIMIT 1),
                    'Docs › ' || (SELECT title FROM doc_revisions r WHERE r.doc_id = m.doc_id
                                  ORDER BY created_at DESC, id DESC LIMIT 1),
                    m.created_at, m.author_id, m.archived OR d.archived, m.doc_id, NULL
             FROM doc_comments m JOIN docs d ON d.id = m.doc_id
             WHERE m.id IN (SELECT value FROM json_each(?1))"
        }
        "channel" => {
            "SELECT id, '#' || name, 'Channels', created_at, author_id, archived, id, id
             FROM channels WHERE id IN (SELECT value FROM json_each(?1))"
        }
        "member" => {
            "SELECT id, display_name, 'People', NULL, NULL, 0, handle, NULL FROM members
             WHERE id IN (SELECT value FROM json_each(?1))"
        }
        "task" => {
            "SELECT t.id, t.title, 'Board' || coalesce(' › ' || g.title, ''), t.created_at,
                    t.author_id, t.status = 'canceled', t.id, NULL
             FROM tasks t LEFT JOIN goals g ON g.id = t.goal_id
             WHERE t.id IN (SELECT value FROM json_each(?1))"
        }
        "goal" => {
            "SELECT id, title, 'Goals', updated_at, author_id, 0, id, NULL FROM goals
             WHERE id IN (SELECT value FROM json_each(?1))"
        }
        // Only my own captures: the index holds no one else's, and neither does this answer.
        "capture" => {
            "SELECT id, substr(text, 1, 200), 'Captured', created_at, member_id, 0, id, NULL
             FROM captures WHERE id IN (SELECT value FROM json_each(?1))
               AND member_id = (SELECT value FROM local_meta WHERE key = 'me_member_id')"
        }
        "decision" => {
            "SELECT id, title, 'Decisions', created_at, author_id, 0, id, NULL
             FROM decisions WHERE id IN (SELECT value FROM json_each(?1))"
        }
        "change" => {
            "SELECT id, title, 'Change requests', filed_at, requester_id, 0, id, NULL
             FROM change_requests WHERE id IN (SELECT value FROM json_each(?1))"
        }
        // The schedule and the occurrence's date, in the last two columns.
        "checkin" => {
            "SELECT a.id, s.name || ' — ' || a.date, 'Check-ins', a.answered_at, a.member_id, 0,
                    a.schedule_id, a.date
             FROM checkin_answers a JOIN checkin_schedules s ON s.id = a.schedule_id
             WHERE a.id IN (SELECT value FROM json_each(?1))"
        }
        _ => return Ok(Vec::new()),
    };
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map([id_list(ids.iter().copied())], |row| {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            row.get(6)?,
            row.get(7)?,
        ))
    })?;
    let mut found = Vec::with_capacity(ids.len());
    for row in rows {
        found.push(facts_from(kind, row?));
    }
    Ok(found)
}

/// The id and facts of one row of [`facts_of`], with where opening the item goes.
fn facts_from(kind: &str, row: FactsRow) -> (String, Facts) {
    let (id, title, location, at, author_id, archived, parent, channel) = row;
    let parent = parent.unwrap_or_default();
    let channel_id = channel.unwrap_or_default();
    let target = match kind {
        "thread" => SearchTarget::Thread {
            channel_id,
            thread_id: parent,
            comment_id: None,
        },
        "comment" => SearchTarget::Thread {
            channel_id,
            thread_id: parent,
            comment_id: Some(id.clone()),
        },
        "doc" => SearchTarget::Doc {
            doc_id: parent,
            comment_id: None,
        },
        "doc_comment" => SearchTarget::Doc {
            doc_id: parent,
            comment_id: Some(id.clone()),
        },
        "channel" => SearchTarget::Channel { channel_id: parent },
        "task" => SearchTarget::Task { task_id: parent },
        "goal" => SearchTarget::Goal { goal_id: parent },
        "capture" => SearchTarget::Capture { capture_id: parent },
        "decision" => SearchTarget::Decision {
            decision_id: parent,
        },
        "change" => SearchTarget::Change { cr_id: parent },
        "checkin" => SearchTarget::Checkin {
            schedule_id: parent,
            date: channel_id,
        },
        _ => SearchTarget::Member { handle: parent },
    };
    let facts = Facts {
        title: title.unwrap_or_default(),
        location: location.unwrap_or_default(),
        at,
        author_id,
        archived,
        target,
    };
    (id, facts)
}
