//! How the ops of devices, members and teams become projection rows.

use super::{text, RowWrite};
use crate::base::Result;
use crate::log::ops::OpPayload;
use rusqlite::types::Value;

/// The row `payload` writes, stamped with `key`; `None` for ops of other domains (the
/// dispatcher in `mod.rs` never sends them here).
pub(super) fn row_write(key: &str, payload: &OpPayload) -> Result<Option<RowWrite>> {
    Ok(match payload {
        OpPayload::DeviceRegistered {
            device_id,
            name,
            platform,
        } => RowWrite::new(
            "devices",
            device_id,
            key,
            vec![
                ("name", "name_lww", text(name)),
                ("platform", "platform_lww", text(platform)),
            ],
        ),
        OpPayload::MemberCreated {
            member_id,
            handle,
            display_name,
            time_zone,
            working_hours,
        } => RowWrite::new(
            "members",
            member_id,
            key,
            vec![
                ("handle", "handle_lww", text(handle)),
                ("display_name", "display_name_lww", text(display_name)),
                ("time_zone", "time_zone_lww", text(time_zone)),
                (
                    "working_hours",
                    "working_hours_lww",
                    Value::Text(serde_json::to_string(working_hours)?),
                ),
            ],
        ),
        OpPayload::MemberUpdated {
            member_id,
            handle,
            display_name,
            time_zone,
            working_hours,
        } => {
            let mut fields = Vec::new();
            if let Some(handle) = handle {
                fields.push(("handle", "handle_lww", text(handle)));
            }
            if let Some(display_name) = display_name {
                fields.push(("display_name", "display_name_lww", text(display_name)));
            }
            if let Some(time_zone) = time_zone {
                fields.push(("time_zone", "time_zone_lww", text(time_zone)));
            }
            if let Some(hours) = working_hours {
                fields.push((
                    "working_hours",
                    "working_hours_lww",
                    Value::Text(serde_json::to_string(hours)?),
                ));
            }
            RowWrite::new("members", member_id, key, fields)
        }
        OpPayload::TeamCreated { team_id, name } | OpPayload::TeamRenamed { team_id, name } => {
            RowWrite::new(
                "teams",
                team_id,
                key,
                vec![("name", "name_lww", text(name))],
            )
        }
        _ => None,
    })
}
