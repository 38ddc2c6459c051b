//! How the ops of time off, zone moves, statuses and the rota become projection rows.

use super::{optional, text, RowWrite};
use crate::base::Result;
use crate::log::ops::OpPayload;
use rusqlite::types::Value;

/// The row `payload` writes, stamped with `key`; `None` for ops of other domains (the
/// dispatcher in `mod.rs` never sends them here).
pub(super) fn row_write(key: &str, payload: &OpPayload) -> Result<Option<RowWrite>> {
    Ok(match payload {
        OpPayload::TimeOffAdded {
            time_off_id,
            member_id,
            first_day,
            last_day,
            note,
        } => RowWrite::new(
            "time_off",
            time_off_id,
            key,
            vec![
                ("member_id", "created_lww", text(member_id)),
                ("first_day", "created_lww", text(first_day)),
                ("last_day", "created_lww", text(last_day)),
                ("note", "created_lww", optional(note)),
            ],
        ),
        OpPayload::TimeOffArchived { time_off_id } => RowWrite::new(
            "time_off",
            time_off_id,
            key,
            vec![("archived", "archived_lww", Value::Integer(1))],
        ),
        OpPayload::ZoneChangePlanned {
            change_id,
            member_id,
            from_day,
            time_zone,
        } => RowWrite::new(
            "zone_changes",
            change_id,
            key,
            vec![
                ("member_id", "created_lww", text(member_id)),
                ("from_day", "created_lww", text(from_day)),
                ("time_zone", "created_lww", text(time_zone)),
            ],
        ),
        OpPayload::StatusSet {
            member_id,
            kind,
            message,
            expires_at,
        } => RowWrite::new(
            "statuses",
            member_id,
            key,
            vec![
                ("kind", "status_lww", optional(kind)),
                ("message", "status_lww", optional(message)),
                ("expires_at", "status_lww", optional(expires_at)),
            ],
        ),
        OpPayload::RotaSet {
            rota_id,
            members,
            shift_hours,
            handoff_time,
            handoff_zone,
            first_day,
        } => RowWrite::new(
            "rotas",
            rota_id,
            key,
            vec![
                (
                    "members",
                    "rota_lww",
                    Value::Text(serde_json::to_string(members)?),
                ),
                (
                    "shift_hours",
                    "rota_lww",
                    Value::Integer(i64::from(*shift_hours)),
                ),
                ("handoff_time", "rota_lww", text(handoff_time)),
                ("handoff_zone", "rota_lww", text(handoff_zone)),
                ("first_day", "rota_lww", text(first_day)),
            ],
        ),
        _ => None,
    })
}
