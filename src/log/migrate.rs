//! Embedded schema migrations: applied in order on open, each with its bookkeeping row in the
//! same transaction. A shipped migration is never edited; a new one is appended.

use crate::base::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

/// Embedded migrations, applied in order on open. Never edit a shipped one: append.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_availability",
        include_str!("../../migrations/0002_availability.sql"),
    ),
    (
        "0003_notifications",
        include_str!("../../migrations/0003_notifications.sql"),
    ),
    (
        "0004_sync_ready",
        include_str!("../../migrations/0004_sync_ready.sql"),
    ),
    (
        "0005_content",
        include_str!("../../migrations/0005_content.sql"),
    ),
    ("0006_work", include_str!("../../migrations/0006_work.sql")),
    (
        "0007_checkins",
        include_str!("../../migrations/0007_checkins.sql"),
    ),
    (
        "0008_decisions",
        include_str!("../../migrations/0008_decisions.sql"),
    ),
];

/// The newest schema this build understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The newest applied migration, 0 for a new file.
pub(crate) fn applied_version(conn: &Connection) -> Result<i64> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        return Ok(0);
    }
    Ok(conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?)
}

/// Applies pending migrations, each with its bookkeeping row in the same transaction. The
/// version is re-read inside the immediate transaction so two processes opening a new
/// database at once cannot both apply a migration.
pub(crate) fn migrate(conn: &mut Connection, now: DateTime<Utc>) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if applied_version(&tx)? >= version {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, crate::log::ops::format_instant(now)],
        )?;
        tx.commit()?;
    }
    Ok(())
}
