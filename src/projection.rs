//! Projections: how one op changes the tables the UI reads. Pure last-writer-wins per field,
//! so applying the same set of ops in any order yields the same rows.

use crate::ops::{Op, OpPayload};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::Transaction;

/// The projection tables, in the order `rebuild` clears and compares them.
pub const PROJECTED_TABLES: &[&str] = &["devices", "members", "teams", "focus_sessions"];

/// Applies one op to the projection tables inside the caller's transaction.
pub fn apply(tx: &Transaction<'_>, op: &Op) -> Result<()> {
    let key = op.hlc.lww_key(&op.device_id, op.idx);
    match &op.payload {
        OpPayload::DeviceRegistered {
            device_id,
            name,
            platform,
        } => upsert(
            tx,
            "devices",
            device_id,
            &key,
            &[("name", text(name)), ("platform", text(platform))],
        ),
        OpPayload::MemberCreated {
            member_id,
            handle,
            display_name,
            time_zone,
            working_hours,
        } => upsert(
            tx,
            "members",
            member_id,
            &key,
            &[
                ("handle", text(handle)),
                ("display_name", text(display_name)),
                ("time_zone", text(time_zone)),
                (
                    "working_hours",
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
                fields.push(("handle", text(handle)));
            }
            if let Some(display_name) = display_name {
                fields.push(("display_name", text(display_name)));
            }
            if let Some(time_zone) = time_zone {
                fields.push(("time_zone", text(time_zone)));
            }
            if let Some(hours) = working_hours {
                fields.push(("working_hours", Value::Text(serde_json::to_string(hours)?)));
            }
            upsert(tx, "members", member_id, &key, &fields)
        }
        OpPayload::TeamCreated { team_id, name } | OpPayload::TeamRenamed { team_id, name } => {
            upsert(tx, "teams", team_id, &key, &[("name", text(name))])
        }
        OpPayload::FocusStarted {
            session_id,
            member_id,
            started_at,
            ends_at,
            label,
        } => upsert(
            tx,
            "focus_sessions",
            session_id,
            &key,
            &[
                ("member_id", text(member_id)),
                ("started_at", text(started_at)),
                ("ends_at", text(ends_at)),
                ("label", label.as_deref().map(text).unwrap_or(Value::Null)),
            ],
        ),
        OpPayload::FocusStopped {
            session_id,
            stopped_at,
        } => upsert(
            tx,
            "focus_sessions",
            session_id,
            &key,
            &[("stopped_at", text(stopped_at))],
        ),
    }
}

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

/// Inserts the row if missing, then sets each field whose stored write is older than `key`.
/// SQLite evaluates every SET expression against the row as it was before the update, so the
/// CASE and the max() below compare with the old stamp, as intended.
fn upsert(
    tx: &Transaction<'_>,
    table: &str,
    id: &str,
    key: &str,
    fields: &[(&str, Value)],
) -> Result<()> {
    if fields.is_empty() {
        return Ok(());
    }
    let mut columns = vec!["id".to_owned()];
    let mut updates = Vec::new();
    for (column, _) in fields {
        columns.push((*column).to_owned());
        columns.push(format!("{column}_lww"));
        updates.push(format!(
            "{column} = CASE WHEN excluded.{column}_lww > {table}.{column}_lww \
             THEN excluded.{column} ELSE {table}.{column} END, \
             {column}_lww = max({table}.{column}_lww, excluded.{column}_lww)"
        ));
    }
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("?{n}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
        columns.join(", "),
        placeholders.join(", "),
        updates.join(", ")
    );
    let mut params: Vec<Value> = vec![text(id)];
    for (_, value) in fields {
        params.push(value.clone());
        params.push(text(key));
    }
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(params))?;
    Ok(())
}
