//! Threads and their comments: titled posts in a channel, comments nested to any depth (shown
//! three levels deep), every edit kept as a revision, resolve as a state, and each person's
//! following, read mark and done flag. Writing notifies the people it concerns.

use super::{
    checked_body, checked_title, excerpt, new_id, resolve_mentions, unknown_warnings, People,
    BODY_MAX,
};
use crate::base::events::CoreEvent;
use crate::base::model::{
    CommentView, ItemRevision, Member, Posted, ReactionGroup, ThreadDetail, ThreadSummary,
};
use crate::base::{Error, Result};
use crate::log::ops::{format_instant, MentionV1, OpPayload};
use crate::log::Ctx;
use crate::people;
use rusqlite::OptionalExtension;
use std::collections::{HashMap, HashSet};

/// Comments deeper than this are shown at this depth, "replying to @x".
pub const SHOWN_DEPTH: u32 = 2;

/// How a thread list is narrowed.
#[derive(Debug, Clone, Default)]
pub struct ThreadFilter {
    pub channel_id: Option<String>,
    pub include_archived: bool,
    /// Only threads I follow that are not done.
    pub following_only: bool,
    /// Keyset paging: threads created before this (created_at, id).
    pub before: Option<(String, String)>,
    pub limit: usize,
}

/// Starts a thread in a channel; the author follows it, mentioned people are notified.
pub(crate) fn create_thread(
    cx: &mut Ctx,
    channel_id: &str,
    title: &str,
    body: &str,
    in_their_hours: bool,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let channel = super::channel(cx, channel_id)?;
    if channel.archived {
        return Err(Error::Conflict(format!(
            "#{} is archived; restore it before starting threads in it.",
            channel.name
        )));
    }
    if !channel.can_see {
        return Err(Error::Conflict(format!(
            "#{} is private and you are not a member; ask a member to add you.",
            channel.name
        )));
    }
    let title = checked_title("title", title)?;
    let body = checked_body("body", body, BODY_MAX, false)?;
    let people = People::load(cx)?;
    let (mentions, unknown) = resolve_mentions(&people, &body);
    let now = format_instant(cx.now());
    let thread_id = new_id();
    let mut payloads = vec![
        OpPayload::ThreadCreated {
            thread_id: thread_id.clone(),
            channel_id: channel.id.clone(),
            author_id: me.id.clone(),
            title: title.clone(),
            body: body.clone(),
            mentions: mentions.clone(),
            created_at: now.clone(),
        },
        state(&thread_id, &me.id, Some(true), Some(now.clone()), None),
    ];
    let mut notified = HashSet::from([me.id.clone()]);
    payloads.extend(mention_payloads(
        &thread_id,
        &me,
        &title,
        &body,
        &now,
        &mentions,
        &mut notified,
    ));
    let held = send(cx, payloads, in_their_hours)?;
    Ok(Posted {
        id: thread_id,
        warnings: unknown_warnings(&unknown),
        held,
    })
}

/// Adds a comment to a thread, under `parent_id` (a comment of the same thread) if given.
pub(crate) fn add_comment(
    cx: &mut Ctx,
    thread_id: &str,
    parent_id: Option<&str>,
    body: &str,
    in_their_hours: bool,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let thread = thread_row(cx, thread_id)?;
    if thread.archived {
        return Err(Error::Conflict(format!(
            "“{}” is archived; restore it before replying.",
            thread.title
        )));
    }
    let body = checked_body("body", body, BODY_MAX, true)?;
    let parent_author = match parent_id {
        Some(parent_id) => {
            let parent: Option<(String, String)> = cx
                .store
                .conn()
                .query_row(
                    "SELECT thread_id, author_id FROM comments WHERE id = ?1 AND created_lww != ''",
                    [parent_id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            match parent {
                None => {
                    return Err(Error::invalid(
                        "parent",
                        format!("There is no comment {parent_id}; reply to a comment of this thread, or leave the parent out."),
                    ))
                }
                Some((parent_thread, _)) if parent_thread != thread.id => {
                    return Err(Error::invalid(
                        "parent",
                        format!("Comment {parent_id} belongs to another thread; a reply's parent must be in the same thread."),
                    ))
                }
                Some((_, author)) => Some(author),
            }
        }
        None => None,
    };
    let people = People::load(cx)?;
    let (mentions, unknown) = resolve_mentions(&people, &body);
    let now = format_instant(cx.now());
    let comment_id = new_id();
    let mut payloads = vec![
        OpPayload::CommentAdded {
            comment_id: comment_id.clone(),
            thread_id: thread.id.clone(),
            parent_id: parent_id.map(str::to_owned),
            author_id: me.id.clone(),
            body: body.clone(),
            mentions: mentions.clone(),
            created_at: now.clone(),
        },
        state(&thread.id, &me.id, Some(true), Some(now.clone()), None),
    ];
    let title = &thread.title;
    let mut notified = HashSet::from([me.id.clone()]);
    payloads.extend(mention_payloads(
        &thread.id,
        &me,
        title,
        &body,
        &now,
        &mentions,
        &mut notified,
    ));
    for replied_to in parent_author
        .iter()
        .chain(std::iter::once(&thread.author_id))
    {
        if notified.insert(replied_to.clone()) {
            payloads.push(notification(
                replied_to,
                &me,
                "reply",
                format!("@{} replied in “{title}”", me.handle),
                &body,
                &now,
            ));
        }
    }
    for follower in followers(cx, &thread.id)? {
        if notified.insert(follower.clone()) {
            payloads.push(notification(
                &follower,
                &me,
                "update",
                format!("@{} commented in “{title}”", me.handle),
                &body,
                &now,
            ));
        }
    }
    let held = send(cx, payloads, in_their_hours)?;
    Ok(Posted {
        id: comment_id,
        warnings: unknown_warnings(&unknown),
        held,
    })
}

/// Appends what was written; with `in_their_hours`, notifications for people outside their
/// working hours wait in the outbox for their next working minute. Says who was held, until
/// when.
fn send(cx: &mut Ctx, payloads: Vec<OpPayload>, in_their_hours: bool) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    if in_their_hours {
        let (now_ops, held) = super::hold_for_their_hours(cx, payloads)?;
        for (due, payload) in &held {
            if let OpPayload::NotificationQueued { recipient_id, .. } = payload {
                if let Some(member) = people::member_by_id(cx.store.conn(), recipient_id)? {
                    let zone: chrono_tz::Tz = member.time_zone.parse().unwrap_or(chrono_tz::UTC);
                    let local = crate::log::ops::parse_instant(due)?.with_timezone(&zone);
                    notes.push(format!(
                        "@{} gets it at {} their time ({})",
                        member.handle,
                        crate::time::hhmm(&local),
                        local.format("%A")
                    ));
                }
            }
        }
        super::append_with_held(cx, now_ops, held)?;
    } else {
        cx.store.append(cx.now(), payloads)?;
    }
    cx.emit(CoreEvent::ContentChanged);
    cx.emit(CoreEvent::InboxChanged);
    Ok(notes)
}

/// A new revision of a thread's title and body, by its author. Only mentions the edit adds
/// are notified.
pub(crate) fn edit_thread(
    cx: &mut Ctx,
    thread_id: &str,
    title: &str,
    body: &str,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let thread = thread_row(cx, thread_id)?;
    if thread.author_id != me.id {
        return Err(Error::Conflict(
            "Only the author edits a thread; reply with a comment instead.".into(),
        ));
    }
    if thread.archived {
        return Err(Error::Conflict(format!(
            "“{}” is archived; restore it before editing.",
            thread.title
        )));
    }
    let title = checked_title("title", title)?;
    let body = checked_body("body", body, BODY_MAX, false)?;
    if title == thread.title && body == thread.body {
        return Err(Error::Conflict(
            "Nothing changed: the title and body are as they were.".into(),
        ));
    }
    let people = People::load(cx)?;
    let (mentions, unknown) = resolve_mentions(&people, &body);
    let before: Vec<MentionV1> = serde_json::from_str(&thread.mentions)?;
    let now = format_instant(cx.now());
    let mut payloads = vec![OpPayload::ThreadEdited {
        thread_id: thread.id.clone(),
        revision_id: new_id(),
        author_id: me.id.clone(),
        title: title.clone(),
        body: body.clone(),
        mentions: mentions.clone(),
        edited_at: now.clone(),
    }];
    let mut notified: HashSet<String> = before.into_iter().map(|old| old.member_id).collect();
    notified.insert(me.id.clone());
    payloads.extend(mention_payloads(
        &thread.id,
        &me,
        &title,
        &body,
        &now,
        &mentions,
        &mut notified,
    ));
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(Posted {
        id: thread.id,
        warnings: unknown_warnings(&unknown),
        held: Vec::new(),
    })
}

/// A new revision of a comment, by its author.
pub(crate) fn edit_comment(cx: &mut Ctx, comment_id: &str, body: &str) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let (thread_id, author_id, old_body, old_mentions, archived): (String, String, String, String, bool) = cx
        .store
        .conn()
        .query_row(
            "SELECT thread_id, author_id, body, mentions, archived FROM comments WHERE id = ?1 AND created_lww != ''",
            [comment_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("There is no comment {comment_id}.")))?;
    if author_id != me.id {
        return Err(Error::Conflict(
            "Only the author edits a comment; reply to it instead.".into(),
        ));
    }
    if archived {
        return Err(Error::Conflict(
            "This comment is archived; restore it before editing.".into(),
        ));
    }
    let body = checked_body("body", body, BODY_MAX, true)?;
    if body == old_body {
        return Err(Error::Conflict(
            "Nothing changed: the comment reads as it did.".into(),
        ));
    }
    let thread = thread_row(cx, &thread_id)?;
    let people = People::load(cx)?;
    let (mentions, unknown) = resolve_mentions(&people, &body);
    let before: Vec<MentionV1> = serde_json::from_str(&old_mentions)?;
    let now = format_instant(cx.now());
    let mut payloads = vec![OpPayload::CommentEdited {
        comment_id: comment_id.to_owned(),
        revision_id: new_id(),
        author_id: me.id.clone(),
        body: body.clone(),
        mentions: mentions.clone(),
        edited_at: now.clone(),
    }];
    let mut notified: HashSet<String> = before.into_iter().map(|old| old.member_id).collect();
    notified.insert(me.id.clone());
    payloads.extend(mention_payloads(
        &thread.id,
        &me,
        &thread.title,
        &body,
        &now,
        &mentions,
        &mut notified,
    ));
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(Posted {
        id: comment_id.to_owned(),
        warnings: unknown_warnings(&unknown),
        held: Vec::new(),
    })
}

/// The follow and "mentioned you" notification for each mentioned person not yet in
/// `notified` (which starts with the writer, and on an edit with everyone mentioned before);
/// adds them to it.
fn mention_payloads(
    thread_id: &str,
    me: &Member,
    title: &str,
    body: &str,
    now: &str,
    mentions: &[MentionV1],
    notified: &mut HashSet<String>,
) -> Vec<OpPayload> {
    let mut payloads = Vec::new();
    for mention in mentions {
        if !notified.insert(mention.member_id.clone()) {
            continue;
        }
        payloads.push(state(thread_id, &mention.member_id, Some(true), None, None));
        payloads.push(notification(
            &mention.member_id,
            me,
            "mention",
            format!("@{} mentioned you in “{title}”", me.handle),
            body,
            now,
        ));
    }
    payloads
}

/// Resolves or reopens a thread: a state of its own, so links, follows and read marks stay.
pub(crate) fn set_resolved(cx: &mut Ctx, thread_id: &str, resolved: bool) -> Result<()> {
    let me = people::require_me(cx)?;
    let thread = thread_row(cx, thread_id)?;
    if thread.resolved == resolved {
        return Err(Error::Conflict(format!(
            "“{}” is {} already.",
            thread.title,
            if resolved { "resolved" } else { "open" }
        )));
    }
    cx.store.append(
        cx.now(),
        vec![OpPayload::ThreadResolved {
            thread_id: thread.id,
            member_id: me.id,
            resolved,
        }],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(())
}

/// Archives or restores a thread or a comment.
pub(crate) fn set_item_archived(cx: &mut Ctx, item_id: &str, archived: bool) -> Result<()> {
    people::require_me(cx)?;
    let conn = cx.store.conn();
    let found: Option<(&str, bool)> = conn
        .query_row(
            "SELECT 'thread', archived FROM threads WHERE id = ?1 AND title IS NOT NULL
             UNION ALL SELECT 'comment', archived FROM comments WHERE id = ?1 AND created_lww != ''
             UNION ALL SELECT 'doc', archived FROM docs WHERE id = ?1 AND created_lww != ''
             UNION ALL SELECT 'doc_comment', archived FROM doc_comments WHERE id = ?1 AND created_lww != ''
             UNION ALL SELECT 'channel', archived FROM channels WHERE id = ?1 AND created_lww != ''",
            [item_id],
            |row| {
                let kind: String = row.get(0)?;
                let kind = match kind.as_str() {
                    "thread" => "thread",
                    "comment" => "comment",
                    "doc" => "doc",
                    "doc_comment" => "doc_comment",
                    _ => "channel",
                };
                Ok((kind, row.get(1)?))
            },
        )
        .optional()?;
    let Some((kind, current)) = found else {
        return Err(Error::NotFound(format!(
            "There is no thread, comment, doc or channel with id {item_id}."
        )));
    };
    if current == archived {
        return Err(Error::Conflict(format!(
            "This {} is {} already.",
            kind.replace('_', " "),
            if archived { "archived" } else { "not archived" }
        )));
    }
    cx.store.append(
        cx.now(),
        vec![OpPayload::ArchiveSet {
            item_id: item_id.to_owned(),
            item: kind.to_owned(),
            archived,
        }],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(())
}

/// Follows or unfollows a thread.
pub(crate) fn set_following(cx: &mut Ctx, thread_id: &str, following: bool) -> Result<()> {
    let me = people::require_me(cx)?;
    let thread = thread_row(cx, thread_id)?;
    cx.store.append(
        cx.now(),
        vec![state(&thread.id, &me.id, Some(following), None, None)],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(())
}

/// Marks a thread done or not done for me (reversible).
pub(crate) fn set_done(cx: &mut Ctx, thread_id: &str, done: bool) -> Result<()> {
    let me = people::require_me(cx)?;
    let thread = thread_row(cx, thread_id)?;
    cx.store.append(
        cx.now(),
        vec![state(&thread.id, &me.id, None, None, Some(done))],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(())
}

/// Marks a thread read up to now; writes nothing when it was read already.
pub(crate) fn mark_read(cx: &mut Ctx, thread_id: &str) -> Result<bool> {
    let me = people::require_me(cx)?;
    let thread = thread_row(cx, thread_id)?;
    let read_at: Option<String> = cx
        .store
        .conn()
        .query_row(
            "SELECT read_at FROM thread_states WHERE id = ?1 || ' ' || ?2",
            [&thread.id, &me.id],
            |row| row.get(0),
        )
        .optional()?
        .flatten();
    if read_at.is_some_and(|read_at| read_at >= thread.last_activity_at) {
        return Ok(false);
    }
    let now = format_instant(cx.now());
    cx.store.append(
        cx.now(),
        vec![state(&thread.id, &me.id, None, Some(now), None)],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(true)
}

pub(crate) fn state(
    thread_id: &str,
    member_id: &str,
    following: Option<bool>,
    read_at: Option<String>,
    done: Option<bool>,
) -> OpPayload {
    OpPayload::ThreadStateSet {
        thread_id: thread_id.to_owned(),
        member_id: member_id.to_owned(),
        following,
        read_at,
        done,
    }
}

pub(crate) fn notification(
    recipient_id: &str,
    sender: &Member,
    kind: &str,
    title: String,
    body: &str,
    now: &str,
) -> OpPayload {
    let title = if title.chars().count() > 200 {
        format!("{}…", title.chars().take(199).collect::<String>())
    } else {
        title
    };
    OpPayload::NotificationQueued {
        notification_id: new_id(),
        recipient_id: recipient_id.to_owned(),
        sender_id: Some(sender.id.clone()),
        kind: kind.to_owned(),
        title,
        body: Some(excerpt(body, 280)).filter(|text| !text.is_empty()),
        urgent: false,
        created_at: now.to_owned(),
    }
}

fn followers(cx: &Ctx, thread_id: &str) -> Result<Vec<String>> {
    Ok(cx
        .store
        .conn()
        .prepare_cached(
            "SELECT member_id FROM thread_states WHERE thread_id = ?1 AND following = 1",
        )?
        .query_map([thread_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The stored facts of one thread.
pub(crate) struct ThreadRow {
    pub(crate) id: String,
    pub(crate) channel_id: String,
    pub(crate) author_id: String,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) mentions: String,
    pub(crate) resolved: bool,
    pub(crate) archived: bool,
    pub(crate) last_activity_at: String,
}

pub(crate) fn thread_row(cx: &Ctx, thread_id: &str) -> Result<ThreadRow> {
    cx.store
        .conn()
        .query_row(
            "SELECT id, channel_id, author_id, title, body, mentions, resolved, archived,
                    coalesce(last_activity_at, created_at)
             FROM threads WHERE id = ?1 AND title IS NOT NULL AND created_lww != ''",
            [thread_id],
            |row| {
                Ok(ThreadRow {
                    id: row.get(0)?,
                    channel_id: row.get(1)?,
                    author_id: row.get(2)?,
                    title: row.get(3)?,
                    body: row.get(4)?,
                    mentions: row.get(5)?,
                    resolved: row.get(6)?,
                    archived: row.get(7)?,
                    last_activity_at: row.get(8)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "There is no thread {thread_id}; `meridian thread list` shows them."
            ))
        })
}

const SUMMARY_COLUMNS: &str =
    "t.id, t.channel_id, c.name, t.title, t.body, t.author_id, t.created_at,
    coalesce(t.last_activity_at, t.created_at), t.resolved, t.archived,
    coalesce(s.following, 0), coalesce(s.read_at, ''), coalesce(s.done, 0),
    (SELECT count(*) FROM comments m WHERE m.thread_id = t.id AND m.archived = 0)";

fn summary_from_row(row: &rusqlite::Row<'_>, people: &People) -> rusqlite::Result<ThreadSummary> {
    let body: String = row.get(4)?;
    let author: String = row.get(5)?;
    let last_activity_at: String = row.get(7)?;
    let read_at: String = row.get(11)?;
    Ok(ThreadSummary {
        id: row.get(0)?,
        channel_id: row.get(1)?,
        channel_name: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
        title: row.get(3)?,
        excerpt: excerpt(&body, 160),
        author: people.person(&author),
        created_at: row.get(6)?,
        unread: last_activity_at > read_at,
        last_activity_at,
        resolved: row.get(8)?,
        archived: row.get(9)?,
        following: row.get(10)?,
        done: row.get(12)?,
        comment_count: row.get(13)?,
    })
}

/// Threads newest first, as a page. Private channels I am not in are left out.
pub(crate) fn threads(cx: &Ctx, filter: &ThreadFilter) -> Result<Vec<ThreadSummary>> {
    let people = People::load(cx)?;
    let me = people::me(cx)?.map(|me| me.id).unwrap_or_default();
    let mut conditions = vec!["t.title IS NOT NULL".to_owned()];
    if !filter.include_archived {
        conditions.push("t.archived = 0".into());
    }
    if filter.channel_id.is_some() {
        conditions.push("t.channel_id = ?2".into());
    }
    if filter.following_only {
        conditions.push("coalesce(s.following, 0) = 1 AND coalesce(s.done, 0) = 0".into());
    }
    if filter.before.is_some() {
        conditions.push("(t.created_at, t.id) < (?3, ?4)".into());
    }
    conditions.push(
        "(coalesce(c.private, 0) = 0 OR EXISTS(SELECT 1 FROM channel_members cm WHERE cm.id = t.channel_id || ' ' || ?1 AND cm.is_member = 1))"
            .into(),
    );
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}
         FROM threads t
         LEFT JOIN channels c ON c.id = t.channel_id
         LEFT JOIN thread_states s ON s.id = t.id || ' ' || ?1
         WHERE {}
         ORDER BY t.created_at DESC, t.id DESC LIMIT ?5",
        conditions.join(" AND ")
    );
    let (before_at, before_id) = filter.before.clone().unwrap_or_default();
    let limit = if filter.limit == 0 { 50 } else { filter.limit } as i64;
    let mut statement = cx.store.conn().prepare_cached(&sql)?;
    let rows = statement
        .query_map(
            rusqlite::params![me, filter.channel_id, before_at, before_id, limit],
            |row| summary_from_row(row, &people),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A thread with its comments in display order, reactions and thanks.
pub(crate) fn thread_detail(cx: &Ctx, thread_id: &str) -> Result<ThreadDetail> {
    let people = People::load(cx)?;
    let me = people::me(cx)?.map(|me| me.id).unwrap_or_default();
    let conn = cx.store.conn();
    let thread = thread_row(cx, thread_id)?;
    let summary = conn.query_row(
        &format!(
            "SELECT {SUMMARY_COLUMNS} FROM threads t
             LEFT JOIN channels c ON c.id = t.channel_id
             LEFT JOIN thread_states s ON s.id = t.id || ' ' || ?2
             WHERE t.id = ?1"
        ),
        [&thread.id, &me],
        |row| summary_from_row(row, &people),
    )?;
    let channel = super::channel(cx, &thread.channel_id)?;
    let (edited_at, revision_count): (Option<String>, u32) = conn.query_row(
        "SELECT (SELECT edited_at FROM threads WHERE id = ?1),
                (SELECT count(*) FROM item_revisions WHERE item_id = ?1)",
        [&thread.id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let reactions = reactions_by_item(cx, &people, &me, &thread.id)?;
    let comments = comments_of(cx, &people, &me, &thread.id)?;
    let thanks = super::thanks_for_thread(cx, &people, &thread.id)?;
    Ok(ThreadDetail {
        body_html: people.render(&thread.body, &thread.mentions)?,
        body: thread.body,
        edited_at,
        revision_count,
        reactions: reactions.get(&thread.id).cloned().unwrap_or_default(),
        comments,
        thanks,
        channel,
        summary,
    })
}

fn comments_of(cx: &Ctx, people: &People, me: &str, thread_id: &str) -> Result<Vec<CommentView>> {
    struct Row {
        id: String,
        parent_id: Option<String>,
        author_id: String,
        body: String,
        mentions: String,
        created_at: String,
        edited_at: Option<String>,
        archived: bool,
        revisions: u32,
    }
    let conn = cx.store.conn();
    let rows: Vec<Row> = conn
        .prepare_cached(
            "SELECT m.id, m.parent_id, m.author_id, m.body, m.mentions, m.created_at, m.edited_at, m.archived,
                    (SELECT count(*) FROM item_revisions r WHERE r.item_id = m.id)
             FROM comments m WHERE m.thread_id = ?1 AND m.created_lww != ''
             ORDER BY m.created_at, m.id",
        )?
        .query_map([thread_id], |row| {
            Ok(Row {
                id: row.get(0)?,
                parent_id: row.get(1)?,
                author_id: row.get(2)?,
                body: row.get(3)?,
                mentions: row.get(4)?,
                created_at: row.get(5)?,
                edited_at: row.get(6)?,
                archived: row.get(7)?,
                revisions: row.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut reactions = reactions_by_thread_comments(cx, people, me, thread_id)?;
    // Tree order: each comment after its parent, siblings oldest first. A comment whose parent
    // is unknown here (not synced yet) is shown at the top level rather than hidden.
    let known: HashSet<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let mut children: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    for (at, row) in rows.iter().enumerate() {
        let parent = row
            .parent_id
            .as_deref()
            .filter(|parent| known.contains(parent));
        children.entry(parent).or_default().push(at);
    }
    let mut ordered = Vec::with_capacity(rows.len());
    let mut stack: Vec<(usize, u32)> = children
        .get(&None)
        .map(|top| top.iter().rev().map(|at| (*at, 0)).collect())
        .unwrap_or_default();
    while let Some((at, depth)) = stack.pop() {
        ordered.push((at, depth));
        if let Some(kids) = children.get(&Some(rows[at].id.as_str())) {
            stack.extend(kids.iter().rev().map(|kid| (*kid, depth + 1)));
        }
    }
    let by_id: HashMap<&str, &Row> = rows.iter().map(|row| (row.id.as_str(), row)).collect();
    let mut views = Vec::with_capacity(ordered.len());
    for (at, depth) in ordered {
        let row = &rows[at];
        let replying_to = if depth > SHOWN_DEPTH {
            row.parent_id
                .as_deref()
                .and_then(|parent| by_id.get(parent))
                .and_then(|parent| people.person(&parent.author_id))
                .map(|person| person.handle)
        } else {
            None
        };
        views.push(CommentView {
            id: row.id.clone(),
            parent_id: row.parent_id.clone(),
            author: people.person(&row.author_id),
            body_html: people.render(&row.body, &row.mentions)?,
            body: row.body.clone(),
            created_at: row.created_at.clone(),
            edited_at: row.edited_at.clone(),
            archived: row.archived,
            depth: depth.min(SHOWN_DEPTH),
            replying_to,
            revision_count: row.revisions,
            reactions: reactions.remove(&row.id).unwrap_or_default(),
        });
    }
    Ok(views)
}

/// Every version of a thread or comment, oldest first.
pub(crate) fn item_history(cx: &Ctx, item_id: &str) -> Result<Vec<ItemRevision>> {
    let people = People::load(cx)?;
    let revisions: Vec<ItemRevision> = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT id, title, body, author_id, created_at FROM item_revisions
             WHERE item_id = ?1 ORDER BY created_at, id",
        )?
        .query_map([item_id], |row| {
            let author: String = row.get(3)?;
            Ok(ItemRevision {
                id: row.get(0)?,
                title: row.get(1)?,
                body: row.get(2)?,
                author: people.person(&author),
                created_at: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if revisions.is_empty() {
        return Err(Error::NotFound(format!(
            "There is no thread or comment {item_id}."
        )));
    }
    Ok(revisions)
}

fn group_reactions(
    people: &People,
    me: &str,
    rows: Vec<(String, String, String)>,
) -> HashMap<String, Vec<ReactionGroup>> {
    let mut by_item: HashMap<String, Vec<ReactionGroup>> = HashMap::new();
    for (item, emoji, member) in rows {
        let groups = by_item.entry(item).or_default();
        let at = match groups.iter().position(|group| group.emoji == emoji) {
            Some(at) => at,
            None => {
                groups.push(ReactionGroup {
                    emoji: emoji.clone(),
                    people: Vec::new(),
                    mine: false,
                });
                groups.len() - 1
            }
        };
        groups[at].mine |= member == me;
        if let Some(person) = people.person(&member) {
            groups[at].people.push(person);
        }
    }
    by_item
}

pub(crate) fn reactions_by_item(
    cx: &Ctx,
    people: &People,
    me: &str,
    item_id: &str,
) -> Result<HashMap<String, Vec<ReactionGroup>>> {
    let rows = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT item_id, emoji, member_id FROM reactions WHERE item_id = ?1 AND is_on = 1
             ORDER BY emoji, member_id",
        )?
        .query_map([item_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(group_reactions(people, me, rows))
}

fn reactions_by_thread_comments(
    cx: &Ctx,
    people: &People,
    me: &str,
    thread_id: &str,
) -> Result<HashMap<String, Vec<ReactionGroup>>> {
    let rows = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT r.item_id, r.emoji, r.member_id FROM comments m
             JOIN reactions r ON r.item_id = m.id AND r.is_on = 1
             WHERE m.thread_id = ?1 ORDER BY r.emoji, r.member_id",
        )?
        .query_map([thread_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(group_reactions(people, me, rows))
}
