//! The notification queue: queueing items (as ops), the inbox, and the queries delivery reads.

#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::{DeliveryRecord, InboxItem};
use crate::base::{Error, Result};
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use chrono::{DateTime, Utc};
use rusqlite::Transaction;

/// A queued item as the policy sees it.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub(crate) id: String,
    pub(crate) sender_id: Option<String>,
    pub(crate) title: String,
    pub(crate) body: Option<String>,
    pub(crate) urgent: bool,
}

/// Items not yet covered by any system notification, as SQL over the local inbox table:
/// `?1` is the recipient, `?2` the digest watermark.
/// The unary `+` keeps SQLite on the `seq` range (the table's rowid order) rather than an index
/// on the recipient, so "newest first, limit 3" stops early and scans stay sequential.
macro_rules! pending_where {
    () => {
        "o.seq > ?2 AND +o.recipient_id = ?1 AND +o.delivered = 0"
    };
}
pub(crate) const PENDING_WHERE: &str = pending_where!();

pub(crate) const PENDING: &str = concat!("FROM inbox_order o WHERE ", pending_where!());

/// More immediate items than this at once are folded into one notification.
pub(crate) const MAX_SEPARATE: usize = 3;

/// The highest arrival number a digest has covered for this recipient.
pub(crate) fn digest_watermark(conn: &rusqlite::Connection, recipient_id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(up_to_seq), 0) FROM deliveries WHERE recipient_id = ?1",
        [recipient_id],
        |row| row.get(0),
    )?)
}

pub(crate) fn pending_count(conn: &rusqlite::Connection, recipient_id: &str) -> Result<i64> {
    let watermark = digest_watermark(conn, recipient_id)?;
    Ok(conn.query_row(
        &format!("SELECT count(*) {PENDING}"),
        rusqlite::params![recipient_id, watermark],
        |row| row.get(0),
    )?)
}

/// Pending items with their titles; `filter` narrows them, `tail` orders and limits.
pub(crate) fn pending_details(
    conn: &rusqlite::Connection,
    filter: &str,
    tail: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Pending>> {
    let sql = format!(
        "SELECT n.id, n.sender_id, n.title, n.body, n.urgent
         FROM inbox_order o JOIN notifications n ON n.id = o.notification_id
         WHERE {PENDING_WHERE} {filter} {tail}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement
        .query_map(params, |row| {
            Ok(Pending {
                id: row.get(0)?,
                sender_id: row.get(1)?,
                title: row.get(2)?,
                body: row.get(3)?,
                urgent: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Pending items that go out at once: urgent ones (when urgent may reach the person now) and
/// those from allowlisted senders.
pub(crate) fn immediate_items(
    conn: &rusqlite::Connection,
    recipient_id: &str,
    urgent_allowed: bool,
    allowlist: &[String],
) -> Result<Vec<Pending>> {
    let watermark = digest_watermark(conn, recipient_id)?;
    let allowlist = serde_json::to_string(allowlist)?;
    pending_details(
        conn,
        "AND ((?3 AND o.urgent = 1) OR o.sender_id IN (SELECT value FROM json_each(?4)))",
        "ORDER BY o.seq",
        &[&recipient_id, &watermark, &urgent_allowed, &allowlist],
    )
}

/// What a digest needs, computed in SQL so that a huge backlog costs one range scan.
#[derive(Debug)]
pub(crate) struct BatchSummary {
    pub(crate) count: i64,
    pub(crate) up_to_seq: i64,
    pub(crate) by_kind: Vec<(String, i64)>,
    /// The newest few items, newest first.
    pub(crate) latest: Vec<Pending>,
}

pub(crate) fn batch_summary(
    conn: &rusqlite::Connection,
    recipient_id: &str,
) -> Result<Option<BatchSummary>> {
    let watermark = digest_watermark(conn, recipient_id)?;
    let params = rusqlite::params![recipient_id, watermark];
    // Counted here in one sequential pass: cheaper than SQLite sorting the backlog to group it.
    let mut groups: Vec<(String, i64, i64)> = Vec::new();
    let mut statement = conn.prepare_cached(&format!("SELECT o.kind, o.seq {PENDING}"))?;
    let mut rows = statement.query(params)?;
    while let Some(row) = rows.next()? {
        let kind = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let seq: i64 = row.get(1)?;
        match groups.iter_mut().find(|(known, _, _)| known == kind) {
            Some((_, count, max)) => {
                *count += 1;
                *max = (*max).max(seq);
            }
            None => groups.push((kind.to_owned(), 1, seq)),
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if groups.is_empty() {
        return Ok(None);
    }
    let count = groups.iter().map(|(_, count, _)| count).sum();
    let up_to_seq = groups
        .iter()
        .map(|(_, _, seq)| *seq)
        .max()
        .unwrap_or(watermark);
    let latest = pending_details(
        conn,
        "",
        "ORDER BY o.seq DESC LIMIT 3",
        &[&recipient_id, &watermark],
    )?;
    Ok(Some(BatchSummary {
        count,
        up_to_seq,
        by_kind: groups
            .into_iter()
            .map(|(kind, count, _)| (kind, count))
            .collect(),
        latest,
    }))
}

pub(crate) fn record_delivery(
    tx: &Transaction<'_>,
    recipient_id: &str,
    up_to_seq: Option<i64>,
    notification_id: Option<&str>,
    now: DateTime<Utc>,
    count: i64,
    notification: &SystemNotification,
) -> Result<()> {
    tx.execute(
        "INSERT INTO deliveries (id, recipient_id, up_to_seq, notification_id, delivered_at, item_count, title, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            uuid::Uuid::now_v7().to_string(),
            recipient_id,
            up_to_seq,
            notification_id,
            format_instant(now),
            count,
            notification.title,
            notification.body
        ],
    )?;
    if let Some(notification_id) = notification_id {
        tx.execute(
            "UPDATE inbox_order SET delivered = 1 WHERE notification_id = ?1",
            [notification_id],
        )?;
    }
    Ok(())
}

/// Queues a notification for `to` (from `from`, if given). The inbox shows it at once.
pub(crate) fn queue_notification(
    cx: &mut Ctx,
    to: &str,
    from: Option<&str>,
    kind: &str,
    title: &str,
    body: Option<&str>,
    urgent: bool,
) -> Result<InboxItem> {
    let recipient = people::member_by_handle(cx, to)?;
    let sender = from
        .map(|handle| people::member_by_handle(cx, handle))
        .transpose()?;
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(Error::invalid(
            "title",
            "A notification title has 1 to 200 characters.",
        ));
    }
    let body = body
        .map(str::trim)
        .filter(|body| !body.is_empty())
        .map(str::to_owned);
    if body
        .as_ref()
        .is_some_and(|body| body.chars().count() > 2000)
    {
        return Err(Error::invalid(
            "body",
            "A notification body has at most 2000 characters.",
        ));
    }
    let kind = kind.trim().to_lowercase();
    if !matches!(
        kind.as_str(),
        "mention" | "reply" | "update" | "decision" | "checkin" | "task"
    ) {
        return Err(Error::invalid(
            "kind",
            format!("{kind:?} is not a notification kind; use mention, reply, update, decision, checkin or task."),
        ));
    }
    let now = cx.clock.now();
    let id = uuid::Uuid::now_v7().to_string();
    cx.store.append(
        now,
        vec![OpPayload::NotificationQueued {
            notification_id: id.clone(),
            recipient_id: recipient.id,
            sender_id: sender.as_ref().map(|sender| sender.id.clone()),
            kind: kind.clone(),
            title: title.to_owned(),
            body: body.clone(),
            urgent,
            created_at: format_instant(now),
        }],
    )?;
    cx.emit(CoreEvent::InboxChanged);
    Ok(InboxItem {
        id,
        sender_handle: sender.as_ref().map(|sender| sender.handle.clone()),
        sender_name: sender.map(|sender| sender.display_name),
        kind,
        title: title.to_owned(),
        body,
        urgent,
        created_at: format_instant(now),
        delivered: false,
    })
}

/// My inbox, newest first: every item at once, whether or not a system notification has
/// covered it yet.
pub(crate) fn inbox(cx: &Ctx, limit: usize) -> Result<Vec<InboxItem>> {
    let Some(me) = people::me(cx)? else {
        return Ok(Vec::new());
    };
    let watermark = digest_watermark(cx.store.conn(), &me.id)?;
    let mut statement = cx.store.conn().prepare(
        "SELECT n.id, n.sender_id, n.kind, n.title, n.body, n.urgent, n.created_at, o.seq,
                o.delivered
         FROM notifications n JOIN inbox_order o ON o.notification_id = n.id
         WHERE n.recipient_id = ?1 ORDER BY o.seq DESC LIMIT ?2",
    )?;
    let rows = statement
        .query_map(rusqlite::params![me.id, limit as i64], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, bool>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, i64>(7)?,
                row.get::<_, bool>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, sender_id, kind, title, body, urgent, created_at, seq, single) in rows {
        let sender = match sender_id {
            Some(sender_id) => people::member_by_id(cx.store.conn(), &sender_id)?,
            None => None,
        };
        items.push(InboxItem {
            id,
            sender_handle: sender.as_ref().map(|sender| sender.handle.clone()),
            sender_name: sender.map(|sender| sender.display_name),
            kind,
            title,
            body,
            urgent,
            created_at,
            delivered: single || seq <= watermark,
        });
    }
    Ok(items)
}

/// System notifications shown recently, newest first.
pub(crate) fn deliveries(cx: &Ctx, limit: usize) -> Result<Vec<DeliveryRecord>> {
    let mut statement = cx.store.conn().prepare(
        "SELECT id, delivered_at, item_count, title, body FROM deliveries ORDER BY delivered_at DESC, rowid DESC LIMIT ?1",
    )?;
    let rows = statement
        .query_map([limit as i64], |row| {
            Ok(DeliveryRecord {
                id: row.get(0)?,
                delivered_at: row.get(1)?,
                item_count: row.get(2)?,
                title: row.get(3)?,
                body: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
