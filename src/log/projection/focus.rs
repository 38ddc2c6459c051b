//! How the ops of focus sessions and recurring focus blocks become projection rows.

use super::{optional, text, RowWrite};
use crate::base::Result;
use crate::log::ops::OpPayload;
use rusqlite::types::Value;

/// The row `payload` writes, stamped with `key`; `None` for ops of other domains (the
/// dispatcher in `mod.rs` never sends them here).
pub(super) fn row_write(key: &str, payload: &OpPayload) -> Result<Option<RowWrite>> {
    Ok(match payload {
        OpPayload::FocusStarted {
            session_id,
            member_id,
            started_at,
            ends_at,
            label,
        } => RowWrite::new(
            "focus_sessions",
            session_id,
            key,
            vec![
                ("member_id", "created_lww", text(member_id)),
                ("started_at", "created_lww", text(started_at)),
                (
                    "label",
                    "created_lww",
                    label.as_deref().map(text).unwrap_or(Value::Null),
                ),
                ("ends_at", "ends_at_lww", text(ends_at)),
            ],
        ),
        OpPayload::FocusStopped {
            session_id,
            stopped_at,
        } => RowWrite::new(
            "focus_sessions",
            session_id,
            key,
            vec![("stopped_at", "stopped_at_lww", text(stopped_at))],
        ),
        OpPayload::FocusExtended {
            session_id,
            ends_at,
        } => RowWrite::new(
            "focus_sessions",
            session_id,
            key,
            vec![("ends_at", "ends_at_lww", text(ends_at))],
        ),
        OpPayload::FocusBlockAdded {
            block_id,
            member_id,
            weekdays,
            start,
            end,
            label,
        } => RowWrite::new(
            "focus_blocks",
            block_id,
            key,
            vec![
                ("member_id", "created_lww", text(member_id)),
                (
                    "weekdays",
                    "created_lww",
                    Value::Text(serde_json::to_string(weekdays)?),
                ),
                ("start_time", "created_lww", text(start)),
                ("end_time", "created_lww", text(end)),
                ("label", "created_lww", optional(label)),
            ],
        ),
        OpPayload::FocusBlockArchived { block_id } => RowWrite::new(
            "focus_blocks",
            block_id,
            key,
            vec![("archived", "archived_lww", Value::Integer(1))],
        ),
        _ => None,
    })
}
