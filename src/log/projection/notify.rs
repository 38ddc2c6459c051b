//! How the ops of notifications and each person's delivery settings become projection rows.

use super::{optional, text, RowWrite};
use crate::base::Result;
use crate::log::ops::OpPayload;
use rusqlite::types::Value;

/// The row `payload` writes, stamped with `key`; `None` for ops of other domains (the
/// dispatcher in `mod.rs` never sends them here).
pub(super) fn row_write(key: &str, payload: &OpPayload) -> Result<Option<RowWrite>> {
    Ok(match payload {
        OpPayload::NotificationQueued {
            notification_id,
            recipient_id,
            sender_id,
            kind,
            title,
            body,
            urgent,
            created_at,
        } => RowWrite::new(
            "notifications",
            notification_id,
            key,
            vec![
                ("recipient_id", "created_lww", text(recipient_id)),
                ("sender_id", "created_lww", optional(sender_id)),
                ("kind", "created_lww", text(kind)),
                ("title", "created_lww", text(title)),
                ("body", "created_lww", optional(body)),
                ("urgent", "created_lww", Value::Integer(i64::from(*urgent))),
                ("created_at", "created_lww", text(created_at)),
            ],
        ),
        OpPayload::NotifyScheduleSet { member_id, times } => RowWrite::new(
            "notify_prefs",
            member_id,
            key,
            vec![(
                "schedule",
                "schedule_lww",
                Value::Text(serde_json::to_string(times)?),
            )],
        ),
        OpPayload::NotifyPrefsSet {
            member_id,
            urgent_outside_hours,
            allowlist,
        } => RowWrite::new(
            "notify_prefs",
            member_id,
            key,
            vec![
                (
                    "urgent_outside_hours",
                    "urgent_outside_hours_lww",
                    Value::Integer(i64::from(*urgent_outside_hours)),
                ),
                (
                    "allowlist",
                    "allowlist_lww",
                    Value::Text(serde_json::to_string(allowlist)?),
                ),
            ],
        ),
        _ => None,
    })
}
