//! "Deliver in their working hours": notifications held in this device's outbox until the
//! recipient's next working minute, then appended to the log like any other.

use crate::base::Result;
use crate::log::ops::{format_instant, parse_instant, OpPayload};
use crate::log::Ctx;
use crate::notify;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Transaction;

/// The recipient's next working minute: now when they are working.
fn next_working_minute(cx: &Ctx, member_id: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let context = notify::policy_context(cx, member_id)?;
    Ok(context
        .rules
        .working_between(now, now + Duration::days(notify::LOOKAHEAD_DAYS))
        .first()
        .map(|work| work.start.max(now))
        .unwrap_or(now))
}

/// A notification waiting in the outbox, with when it is due (RFC 3339).
pub(crate) type Held = (String, OpPayload);

/// Splits `payloads` into what goes into the log now and the notifications to hold, each with
/// when it is due.
pub(crate) fn hold_for_their_hours(
    cx: &Ctx,
    payloads: Vec<OpPayload>,
) -> Result<(Vec<OpPayload>, Vec<Held>)> {
    let now = cx.now();
    let mut now_ops = Vec::with_capacity(payloads.len());
    let mut held = Vec::new();
    for payload in payloads {
        if let OpPayload::NotificationQueued { recipient_id, .. } = &payload {
            let due = next_working_minute(cx, recipient_id, now)?;
            if due > now {
                held.push((format_instant(due), payload));
                continue;
            }
        }
        now_ops.push(payload);
    }
    Ok((now_ops, held))
}

/// Appends `payloads` and stores `held` in the outbox, in one transaction.
pub(crate) fn append_with_held(
    cx: &mut Ctx,
    payloads: Vec<OpPayload>,
    held: Vec<Held>,
) -> Result<()> {
    let now = cx.now();
    cx.store.transact(now, |tx| {
        for (due, payload) in &held {
            tx.execute(
                "INSERT INTO scheduled_notifications (id, due_at, payload) VALUES (?1, ?2, ?3)",
                rusqlite::params![super::new_id(), due, serde_json::to_string(payload)?],
            )?;
        }
        Ok((payloads, ()))
    })?;
    Ok(())
}

/// Appends every held notification that is due, with a fresh `created_at`, and says when the
/// next one is due.
pub(crate) fn send_due(cx: &mut Ctx) -> Result<Option<DateTime<Utc>>> {
    let now = cx.now();
    let stamp = format_instant(now);
    let (_, next) = cx.store.transact(now, |tx: &Transaction<'_>| {
        let due: Vec<(String, String)> = tx
            .prepare_cached(
                "SELECT id, payload FROM scheduled_notifications WHERE sent = 0 AND due_at <= ?1 ORDER BY due_at, id",
            )?
            .query_map([&stamp], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut payloads = Vec::with_capacity(due.len());
        for (id, payload) in due {
            let mut payload: OpPayload = serde_json::from_str(&payload)?;
            if let OpPayload::NotificationQueued { created_at, .. } = &mut payload {
                // The inbox orders by arrival: the item arrives now, in their working hours.
                *created_at = stamp.clone();
            }
            payloads.push(payload);
            tx.execute("UPDATE scheduled_notifications SET sent = 1 WHERE id = ?1", [&id])?;
        }
        let next: Option<String> = tx.query_row(
            "SELECT min(due_at) FROM scheduled_notifications WHERE sent = 0",
            [],
            |row| row.get(0),
        )?;
        Ok((payloads, next))
    })?;
    next.map(|at| parse_instant(&at)).transpose()
}
