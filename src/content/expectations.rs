//! Response expectations: a channel may say "replies within 1 working day". An item that
//! mentions me and has waited that many of *my* working hours without a reply from me goes
//! into my inbox (and so into my next batch) once — never as a ping.

use crate::base::Result;
use crate::log::ops::{format_instant, parse_instant, OpPayload};
use crate::log::Ctx;
use crate::{notify, people};
use chrono::{DateTime, Duration, Utc};

/// How far back items are considered; older ones have had their reminder or are history.
const LOOKBACK_DAYS: i64 = 14;

/// When `expect_hours` of working time have passed since `from`, by `rules`.
fn due_after(
    rules: &crate::time::MemberRules,
    from: DateTime<Utc>,
    expect_hours: i64,
) -> Option<DateTime<Utc>> {
    let mut left = Duration::hours(expect_hours);
    for work in rules.working_between(from, from + Duration::days(notify::LOOKAHEAD_DAYS * 2)) {
        let length = work.end - work.start;
        if length >= left {
            return Some(work.start + left);
        }
        left -= length;
    }
    None
}

/// Queues a reminder for every overdue item that mentions me; says when the next one falls due.
pub(crate) fn remind_overdue(cx: &mut Ctx) -> Result<Option<DateTime<Utc>>> {
    let Some(me) = people::me(cx)? else {
        return Ok(None);
    };
    let now = cx.now();
    let since = format_instant(now - Duration::days(LOOKBACK_DAYS));
    let mention = format!("%\"member_id\":\"{}\"%", me.id);
    let rows: Vec<(String, String, String, String, i64)> = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT item_id, thread_id, title, created_at, expect_hours FROM (
                 SELECT t.id AS item_id, t.id AS thread_id, t.title, t.created_at, c.expect_hours,
                        t.mentions, t.author_id
                 FROM channels c JOIN threads t ON t.channel_id = c.id AND t.created_at >= ?1
                 WHERE c.expect_hours IS NOT NULL AND c.archived = 0 AND t.archived = 0 AND t.resolved = 0
                 UNION ALL
                 SELECT m.id, t.id, t.title, m.created_at, c.expect_hours, m.mentions, m.author_id
                 FROM channels c JOIN threads t ON t.channel_id = c.id AND t.created_at >= ?1
                 JOIN comments m ON m.thread_id = t.id AND m.archived = 0
                 WHERE c.expect_hours IS NOT NULL AND c.archived = 0 AND t.archived = 0 AND t.resolved = 0
             ) AS item
             WHERE item.mentions LIKE ?2 AND item.author_id != ?3
               AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.thread_id = item.thread_id
                               AND r.author_id = ?3 AND r.created_at > item.created_at)
               AND NOT EXISTS (SELECT 1 FROM thread_states s WHERE s.id = item.thread_id || ' ' || ?3
                               AND s.done = 1)
               AND NOT EXISTS (SELECT 1 FROM notifications n
                               WHERE n.id = 'overdue ' || item.item_id || ' ' || ?3)",
        )?
        .query_map(rusqlite::params![since, mention, me.id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if rows.is_empty() {
        return Ok(None);
    }
    let rules = crate::team::rules_for(cx, &me)?;
    let mut payloads = Vec::new();
    let mut next: Option<DateTime<Utc>> = None;
    for (item_id, _thread_id, title, created_at, expect_hours) in rows {
        let Some(due) = due_after(&rules, parse_instant(&created_at)?, expect_hours) else {
            continue;
        };
        if due > now {
            next = Some(next.map_or(due, |known| known.min(due)));
            continue;
        }
        let expectation = super::describe_expectation(expect_hours as u32).to_lowercase();
        payloads.push(OpPayload::NotificationQueued {
            // One reminder per item and person, whichever device notices first.
            notification_id: format!("overdue {item_id} {}", me.id),
            recipient_id: me.id.clone(),
            sender_id: None,
            kind: "update".into(),
            title: super::clip(&format!("A reply is expected: “{title}”"), 200),
            body: Some(format!("This channel expects {expectation}.")),
            urgent: false,
            created_at: format_instant(now),
        });
    }
    if !payloads.is_empty() {
        cx.store.append(now, payloads)?;
        cx.emit(crate::base::events::CoreEvent::InboxChanged);
    }
    Ok(next)
}
