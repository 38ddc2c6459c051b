//! Which items an op touched, and each item kind's searchable document, read from the
//! projected tables. A new searchable kind is one arm in `touched`, one extraction function,
//! one row in [`KINDS`] and one in `query::IS_KINDS`.

use super::port::IndexDoc;
use crate::base::Result;
use crate::log::ops::{parse_instant, OpPayload};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// One searchable item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub kind: &'static str,
    pub id: String,
}

impl ItemKey {
    fn new(kind: &'static str, id: &str) -> ItemKey {
        ItemKey {
            kind,
            id: id.to_owned(),
        }
    }
}

/// The items whose documents `op` may have changed. Archiving or resolving a container
/// reaches the items inside it, because their `archived` and `open` follow it.
pub fn touched(conn: &Connection, op: &OpPayload) -> Result<Vec<ItemKey>> {
    let one = |kind, id: &str| Ok(vec![ItemKey::new(kind, id)]);
    match op {
        OpPayload::MemberCreated { member_id, .. } | OpPayload::MemberUpdated { member_id, .. } => {
            one("member", member_id)
        }
        OpPayload::ChannelCreated { channel_id, .. }
        | OpPayload::ChannelSettingsSet { channel_id, .. } => one("channel", channel_id),
        OpPayload::ThreadEdited { thread_id, .. } => one("thread", thread_id),
        // A comment synced before its thread waits for it; resolving reaches every comment.
        OpPayload::ThreadCreated { thread_id, .. }
        | OpPayload::ThreadResolved { thread_id, .. } => thread_and_comments(conn, thread_id),
        OpPayload::CommentAdded { comment_id, .. }
        | OpPayload::CommentEdited { comment_id, .. } => one("comment", comment_id),
        OpPayload::DocCreated { doc_id, .. } | OpPayload::DocRevised { doc_id, .. } => {
            one("doc", doc_id)
        }
        OpPayload::DocCommentAdded { comment_id, .. } => one("doc_comment", comment_id),
        OpPayload::DecisionProposed {
            decision_id,
            supersedes,
            ..
        } => Ok(std::iter::once(decision_id)
            .chain(supersedes)
            .map(|id| ItemKey::new("decision", id))
            .collect()),
        OpPayload::DecisionClosed { decision_id, .. }
        | OpPayload::DecisionOutcomeSet { decision_id, .. } => one("decision", decision_id),
        OpPayload::ChangeRequested { cr_id, .. }
        | OpPayload::ChangeResponded { cr_id, .. }
        | OpPayload::ChangeWithdrawn { cr_id, .. }
        | OpPayload::ChangeReviewed { cr_id, .. } => one("change", cr_id),
        OpPayload::ArchiveSet { item_id, item, .. } => match item.as_str() {
            "thread" => thread_and_comments(conn, item_id),
            "comment" => one("comment", item_id),
            "doc" => {
                let mut keys = vec![ItemKey::new("doc", item_id)];
                keys.extend(
                    ids(
                        conn,
                        "SELECT id FROM doc_comments WHERE doc_id = ?1",
                        item_id,
                    )?
                    .iter()
                    .map(|id| ItemKey::new("doc_comment", id)),
                );
                Ok(keys)
            }
            "doc_comment" => one("doc_comment", item_id),
            "channel" => {
                let mut keys = vec![ItemKey::new("channel", item_id)];
                for thread in ids(
                    conn,
                    "SELECT id FROM threads WHERE channel_id = ?1",
                    item_id,
                )? {
                    keys.extend(thread_and_comments(conn, &thread)?);
                }
                Ok(keys)
            }
            _ => Ok(Vec::new()),
        },
        OpPayload::TaskCreated { task_id, .. }
        | OpPayload::TaskEdited { task_id, .. }
        | OpPayload::TaskBlockerSet { task_id, .. } => one("task", task_id),
        // A task that closes or reopens changes the blocked state of the tasks waiting on it.
        OpPayload::TaskMoved { task_id, .. } => {
            let mut keys = vec![ItemKey::new("task", task_id)];
            keys.extend(
                ids(
                    conn,
                    "SELECT task_id FROM task_blockers WHERE blocker_id = ?1",
                    task_id,
                )?
                .iter()
                .map(|id| ItemKey::new("task", id)),
            );
            Ok(keys)
        }
        OpPayload::GoalCreated { goal_id, .. } | OpPayload::GoalUpdated { goal_id, .. } => {
            one("goal", goal_id)
        }
        OpPayload::CaptureAdded { capture_id, .. }
        | OpPayload::CaptureTriaged { capture_id, .. } => one("capture", capture_id),
        OpPayload::CheckinAnswered {
            schedule_id,
            member_id,
            date,
            ..
        } => one(
            "checkin",
            &crate::log::projection::answer_key(schedule_id, member_id, date),
        ),
        OpPayload::CheckinBlockerCleared { answer_id, .. } => one("checkin", answer_id),
        _ => Ok(Vec::new()),
    }
}

fn thread_and_comments(conn: &Connection, thread_id: &str) -> Result<Vec<ItemKey>> {
    let mut keys = vec![ItemKey::new("thread", thread_id)];
    keys.extend(
        ids(
            conn,
            "SELECT id FROM comments WHERE thread_id = ?1",
            thread_id,
        )?
        .iter()
        .map(|id| ItemKey::new("comment", id)),
    );
    Ok(keys)
}

fn ids(conn: &Connection, sql: &str, parent: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map([parent], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The item's document as the tables hold it now; `None` when it is not (yet) there, such as
/// a comment whose thread has not arrived.
pub fn extract(conn: &Connection, key: &ItemKey) -> Result<Option<IndexDoc>> {
    match key.kind {
        "thread" => thread(conn, &key.id),
        "comment" => comment(conn, &key.id),
        "doc" => doc(conn, &key.id),
        "doc_comment" => doc_comment(conn, &key.id),
        "channel" => channel(conn, &key.id),
        "member" => member(conn, &key.id),
        "task" => task(conn, &key.id),
        "goal" => goal(conn, &key.id),
        "capture" => capture(conn, &key.id),
        "decision" => decision(conn, &key.id),
        "change" => change(conn, &key.id),
        "checkin" => checkin(conn, &key.id),
        _ => Ok(None),
    }
}

/// The columns every extraction selects, in this order, after title and body.
struct Row {
    title: Option<String>,
    body: Option<String>,
    author_id: Option<String>,
    channel_id: Option<String>,
    at: Option<String>,
    archived: bool,
    open: bool,
}

fn row(conn: &Connection, sql: &str, id: &str) -> Result<Option<Row>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |row| {
            Ok(Row {
                title: row.get(0)?,
                body: row.get(1)?,
                author_id: row.get(2)?,
                channel_id: row.get(3)?,
                at: row.get(4)?,
                archived: row.get(5)?,
                open: row.get(6)?,
            })
        })
        .optional()?)
}

fn document(kind: &'static str, id: &str, row: Row, markdown: bool) -> IndexDoc {
    let body = row.body.unwrap_or_default();
    IndexDoc {
        id: id.to_owned(),
        kind,
        title: row.title.unwrap_or_default(),
        body: if markdown { plain_text(&body) } else { body },
        author_id: row.author_id,
        channel_id: row.channel_id,
        at_ms: row
            .at
            .and_then(|at| parse_instant(&at).ok())
            .map_or(0, |at| at.timestamp_millis()),
        archived: row.archived,
        open: row.open,
        blocker: false,
    }
}

/// Every searchable kind and the table that holds its items (keyed by `id`), in the order a
/// build from empty reads them.
pub const KINDS: &[(&str, &str)] = &[
    ("thread", "threads"),
    ("comment", "comments"),
    ("doc", "docs"),
    ("doc_comment", "doc_comments"),
    ("channel", "channels"),
    ("member", "members"),
    ("task", "tasks"),
    ("goal", "goals"),
    ("capture", "captures"),
    ("decision", "decisions"),
    ("change", "change_requests"),
    ("checkin", "checkin_answers"),
];

/// The documents of the items of `kind` among `ids`, in the order of `ids`, leaving out those
/// the tables do not hold. Threads and comments, most of any log, are read in one query for
/// all of `ids`; the other kinds one at a time.
pub fn extract_many(conn: &Connection, kind: &'static str, ids: &[&str]) -> Result<Vec<IndexDoc>> {
    let sql = match kind {
        "thread" => THREADS_BY_ID,
        "comment" => COMMENTS_BY_ID,
        _ => {
            let mut docs = Vec::with_capacity(ids.len());
            for id in ids {
                docs.extend(extract(conn, &ItemKey::new(kind, id))?);
            }
            return Ok(docs);
        }
    };
    let mut statement = conn.prepare_cached(sql)?;
    let mut found: HashMap<String, Row> = statement
        .query_map([id_list(ids.iter().copied())], |row| {
            Ok((row.get(0)?, indexable_row(row)?))
        })?
        .filter_map(|row| row.map(|(id, row)| row.map(|row| (id, row))).transpose())
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            let row = found.remove(*id)?;
            Some(document(kind, id, row, true))
        })
        .collect())
}

/// A page of a build from empty: the items of `kind` with ids after a cursor, in id order.
pub struct Page {
    /// Their documents. Rows the tables hold only in part (a comment whose thread has not
    /// arrived) are passed over; the op that completes them indexes them.
    pub docs: Vec<IndexDoc>,
    /// Rows read, documents or not.
    pub read: usize,
    /// The last id read; `None` when there was none (the kind is done).
    pub last: Option<String>,
}

/// At most `limit` rows of `kind` with ids after `after`, as a [`Page`].
pub fn scan_page(conn: &Connection, kind: &'static str, after: &str, limit: usize) -> Result<Page> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let sql = match kind {
        "thread" => THREADS_AFTER,
        "comment" => COMMENTS_AFTER,
        _ => {
            let Some((_, table)) = KINDS.iter().find(|(name, _)| *name == kind) else {
                return Ok(Page {
                    docs: Vec::new(),
                    read: 0,
                    last: None,
                });
            };
            let mut ids: Vec<String> = conn
                .prepare_cached(&format!(
                    "SELECT id FROM {table} WHERE id > ?1 ORDER BY id LIMIT ?2"
                ))?
                .query_map(rusqlite::params![after, limit], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            return Ok(Page {
                docs: extract_many(conn, kind, &refs)?,
                read: ids.len(),
                last: ids.pop(),
            });
        }
    };
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(rusqlite::params![after, limit])?;
    let mut page = Page {
        docs: Vec::new(),
        read: 0,
        last: None,
    };
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if let Some(found) = indexable_row(row)? {
            page.docs.push(document(kind, &id, found, true));
        }
        page.read += 1;
        page.last = Some(id);
    }
    Ok(page)
}

/// Columns 1 to 7 of a thread or comment query as a [`Row`], or `None` when column 8 says the
/// tables hold the item only in part.
fn indexable_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Row>> {
    if !row.get::<_, bool>(8)? {
        return Ok(None);
    }
    Ok(Some(Row {
        title: row.get(1)?,
        body: row.get(2)?,
        author_id: row.get(3)?,
        channel_id: row.get(4)?,
        at: row.get(5)?,
        archived: row.get(6)?,
        open: row.get(7)?,
    }))
}

/// Ids as the JSON array `json_each` reads, so one cached statement serves any number.
pub(crate) fn id_list<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    serde_json::Value::from(ids.into_iter().collect::<Vec<_>>()).to_string()
}

/// Threads: the id, the columns of [`Row`], then whether the thread is whole.
macro_rules! threads {
    () => {
        "SELECT t.id, t.title, t.body, t.author_id, t.channel_id, t.created_at,
                t.archived OR coalesce(c.archived, 0), NOT t.resolved, t.created_lww != ''
         FROM threads t LEFT JOIN channels c ON c.id = t.channel_id"
    };
}

/// Comments, as [`threads`]; whole when their thread is. A comment's title stays empty: its
/// thread's title words would make every comment of the thread match them. The hit shows
/// the thread's title as where it lives.
macro_rules! comments {
    () => {
        "SELECT m.id, NULL, m.body, m.author_id, t.channel_id, m.created_at,
                m.archived OR coalesce(t.archived, 0) OR coalesce(c.archived, 0),
                NOT coalesce(t.resolved, 0),
                m.created_lww != '' AND coalesce(t.created_lww, '') != ''
         FROM comments m LEFT JOIN threads t ON t.id = m.thread_id
         LEFT JOIN channels c ON c.id = t.channel_id"
    };
}

/// Threads by id (a JSON array in `?1`).
const THREADS_BY_ID: &str = concat!(
    threads!(),
    " WHERE t.id IN (SELECT value FROM json_each(?1))"
);
/// Comments by id (a JSON array in `?1`).
const COMMENTS_BY_ID: &str = concat!(
    comments!(),
    " WHERE m.id IN (SELECT value FROM json_each(?1))"
);
/// At most `?2` threads with ids after `?1`, in id order.
const THREADS_AFTER: &str = concat!(threads!(), " WHERE t.id > ?1 ORDER BY t.id LIMIT ?2");
/// At most `?2` comments with ids after `?1`, in id order.
const COMMENTS_AFTER: &str = concat!(comments!(), " WHERE m.id > ?1 ORDER BY m.id LIMIT ?2");

fn thread(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    Ok(extract_many(conn, "thread", &[id])?.pop())
}

fn comment(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    Ok(extract_many(conn, "comment", &[id])?.pop())
}

fn doc(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    // The current text is the latest head of the revision graph, as the doc view shows it.
    let row = row(
        conn,
        "SELECT r.title, r.body, d.author_id, NULL, r.created_at, d.archived, 0
         FROM docs d JOIN doc_revisions r ON r.doc_id = d.id AND r.created_lww != ''
         WHERE d.id = ?1 AND d.created_lww != ''
           AND NOT EXISTS (SELECT 1 FROM doc_revision_parents p
                           WHERE p.doc_id = d.id AND p.parent_id = r.id)
         ORDER BY r.created_at DESC, r.id DESC LIMIT 1",
        id,
    )?;
    Ok(row.map(|row| document("doc", id, row, true)))
}

fn doc_comment(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    let row = row(
        conn,
        "SELECT NULL, m.body, m.author_id, NULL, m.created_at, m.archived OR d.archived, 0
         FROM doc_comments m JOIN docs d ON d.id = m.doc_id
         WHERE m.id = ?1 AND m.created_lww != ''",
        id,
    )?;
    Ok(row.map(|row| document("doc_comment", id, row, true)))
}

fn channel(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    let row = row(
        conn,
        "SELECT name, reason, author_id, id, created_at, archived, 0
         FROM channels WHERE id = ?1 AND created_lww != ''",
        id,
    )?;
    Ok(row.map(|row| document("channel", id, row, false)))
}

fn member(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    let row = row(
        conn,
        "SELECT display_name, '@' || handle, NULL, NULL, NULL, 0, 0
         FROM members WHERE id = ?1 AND handle IS NOT NULL",
        id,
    )?;
    Ok(row.map(|row| document("member", id, row, false)))
}

fn task(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    // `has:blocker` finds the tasks an open blocker holds up.
    let blocked: bool = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM task_blockers r JOIN tasks b ON b.id = r.blocker_id
                           WHERE r.task_id = ?1 AND r.active = 1
                             AND b.status NOT IN ('done', 'canceled'))",
        )?
        .query_row([id], |row| row.get(0))?;
    let row = row(
        conn,
        "SELECT title, body, author_id, NULL, created_at, status = 'canceled',
                status NOT IN ('done', 'canceled')
         FROM tasks WHERE id = ?1 AND created_lww != ''",
        id,
    )?;
    Ok(row.map(|row| IndexDoc {
        blocker: blocked,
        ..document("task", id, row, true)
    }))
}

fn goal(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    let row = row(
        conn,
        "SELECT title, coalesce(outcome, '') || ' ' || coalesce(note, ''), author_id, NULL,
                created_at, 0, 1
         FROM goals WHERE id = ?1 AND created_lww != ''",
        id,
    )?;
    Ok(row.map(|row| document("goal", id, row, false)))
}

/// A capture is private: only the device of the person who wrote it indexes it (this
/// device's "me" is a local fact, so every device decides alone and the same way each time).
fn capture(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    let row = row(
        conn,
        "SELECT NULL, text, member_id, NULL, created_at, 0, triaged_kind IS NULL
         FROM captures WHERE id = ?1 AND created_lww != ''
           AND member_id = (SELECT value FROM local_meta WHERE key = 'me_member_id')",
        id,
    )?;
    Ok(row.map(|row| document("capture", id, row, false)))
}

fn decision(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    // Context and outcome are what people search a decision by; its options are in the
    // context's words or in the title more often than not.
    let row = row(
        conn,
        "SELECT title, context || char(10) || coalesce(outcome, ''), author_id, NULL, created_at,
                0, closed_at IS NULL AND superseded_by IS NULL
         FROM decisions WHERE id = ?1 AND created_lww != ''",
        id,
    )?;
    Ok(row.map(|row| document("decision", id, row, true)))
}

fn change(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    let row = row(
        conn,
        "SELECT title,
                what || char(10) || why || char(10) || consequence || char(10) || rollback
                  || char(10) || coalesce(justification, '') || char(10)
                  || replace(replace(replace(systems, '[', ''), ']', ''), '\"', ''),
                requester_id, NULL, filed_at, 0, 0
         FROM change_requests WHERE id = ?1 AND created_lww != ''",
        id,
    )?;
    let Some(row) = row else { return Ok(None) };
    let open = crate::decide::change_pending(conn, id)?.unwrap_or(false);
    Ok(Some(document("change", id, Row { open, ..row }, false)))
}

/// A check-in answer: what it says, under its schedule's name; `has:blocker` and `is:open`
/// find the ones reporting a blocker nobody cleared.
fn checkin(conn: &Connection, id: &str) -> Result<Option<IndexDoc>> {
    let Some(answer) = crate::checkins::searchable_answer(conn, id)? else {
        return Ok(None);
    };
    let row = Row {
        title: Some(answer.title),
        body: Some(answer.text),
        author_id: Some(answer.member_id),
        channel_id: None,
        at: Some(answer.answered_at),
        archived: false,
        open: answer.open_blocker,
    };
    Ok(Some(IndexDoc {
        blocker: answer.open_blocker,
        ..document("checkin", id, row, true)
    }))
}

/// The words of a Markdown text, without its markup, one block per line.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(part) | Event::Code(part) | Event::InlineHtml(part) | Event::Html(part) => {
                text.push_str(&part)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_owned()
}
