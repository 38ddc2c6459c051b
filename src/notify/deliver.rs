//! One delivery pass: decide what is due, record it in the same transaction, then show it.

use super::port::Notifier;
#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::Result;
use crate::log::ops::{format_instant, parse_instant};
use crate::log::store;
use crate::log::Ctx;
use crate::people;
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, TransactionBehavior};

/// Local-meta key: the instant up to which delivery times have been considered.
pub(crate) const CHECKED_KEY: &str = "notify_checked_at";

/// What one pass of the scheduler did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryPass {
    /// System notifications shown in this pass.
    pub shown: usize,
    /// When the scheduler should look again (a delivery time, or a hold ending).
    pub next_check: Option<DateTime<Utc>>,
}

/// One scheduler pass at `now`: shows what is due through `notifier` and says when to look
/// again. Safe to call as often as you like; nothing is shown twice.
pub(crate) fn deliver_due(cx: &mut Ctx, notifier: &dyn Notifier) -> Result<DeliveryPass> {
    let now = cx.clock.now();
    let Some(me) = people::me(cx)? else {
        return Ok(DeliveryPass {
            shown: 0,
            next_check: None,
        });
    };
    let context = policy_context(cx, &me.id)?;
    let names = sender_names(cx)?;
    // Immediate: the write lock is taken before reading what is pending, so two processes
    // can never both decide to deliver the same items.
    let tx = Transaction::new_unchecked(cx.store.conn(), TransactionBehavior::Immediate)?;
    let checked_at = store::local_meta(&tx, CHECKED_KEY)?
        .map(|text| parse_instant(&text))
        .transpose()?
        .unwrap_or(now);
    let urgent_allowed = context.urgent_outside_hours || context.working_now(now);
    let immediate = immediate_items(&tx, &me.id, urgent_allowed, &context.allowlist)?;
    let mut to_show = Vec::new();
    if immediate.len() > MAX_SEPARATE {
        // A flood of urgent items becomes one notification rather than a wall of pop-ups.
        let notification = SystemNotification {
            title: format!("{} urgent updates", immediate.len()),
            body: immediate
                .iter()
                .rev()
                .take(3)
                .map(|item| format!("• {}{}", sender_prefix(item, &names), item.title))
                .collect::<Vec<_>>()
                .join("\n"),
            urgent: true,
        };
        for item in &immediate {
            record_delivery(&tx, &me.id, None, Some(&item.id), now, 1, &notification)?;
        }
        to_show.push(notification);
    } else {
        for item in &immediate {
            let notification = single_notification(item, &names);
            record_delivery(&tx, &me.id, None, Some(&item.id), now, 1, &notification)?;
            to_show.push(notification);
        }
    }
    let batch = batch_summary(&tx, &me.id)?;
    let batch_due = batch.is_some()
        && (context.on_call
            || if context.as_they_come() {
                context.available_now(now)
            } else {
                context.slot_due(checked_at, now)
            });
    if let (true, Some(batch)) = (batch_due, batch) {
        let notification = digest_notification(&batch, &names);
        record_delivery(
            &tx,
            &me.id,
            Some(batch.up_to_seq),
            None,
            now,
            batch.count,
            &notification,
        )?;
        to_show.push(notification);
    }
    store::set_local_meta(&tx, CHECKED_KEY, &format_instant(now))?;
    tx.commit()?;
    // Shown after the commit: a crash in between loses one pop-up (the inbox still has
    // every item) rather than ever showing the same digest twice.
    for notification in &to_show {
        if let Err(err) = notifier.show(notification) {
            tracing::warn!(error = %err.for_log(), "a system notification could not be shown");
        }
    }
    if !to_show.is_empty() {
        tracing::info!(count = to_show.len(), "delivered system notifications");
        cx.emit(CoreEvent::InboxChanged);
    }
    // Held items go out at the next delivery time or, as they come, when the hold ends:
    // both are among these two, so one look covers every case.
    let next_check = [context.next_slot_after(now), context.next_hold_change(now)]
        .into_iter()
        .flatten()
        .filter(|at| *at > now)
        .min();
    Ok(DeliveryPass {
        shown: to_show.len(),
        next_check,
    })
}

pub(crate) fn sender_names(cx: &Ctx) -> Result<std::collections::HashMap<String, String>> {
    let mut statement = cx
        .store
        .conn()
        .prepare("SELECT id, display_name FROM members WHERE display_name IS NOT NULL")?;
    let rows = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
