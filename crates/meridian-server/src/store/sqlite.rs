//! The default store: one SQLite file in the data directory, in WAL mode with
//! `synchronous=FULL` so an acknowledged push survives a power cut. One connection behind a
//! mutex serialises writers, which is also what makes team sequences gapless; the blocking
//! calls run on tokio's blocking pool so they never stall the HTTP workers.

use super::{
    plan_push, stored_indexes_needed, DeviceAuth, InviteRefusal, PullPage, PushOutcome, Removal,
    SecretHash, Store, StoreError, StoreResult, TeamEvent, TeamStatus, TokenOwner,
};
use meridian_protocol::{OpEnvelope, SequencedOp, Stamp};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;
use uuid::Uuid;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS teams (
    id BLOB PRIMARY KEY,
    created_ms INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS devices (
    id BLOB PRIMARY KEY,
    team_id BLOB NOT NULL REFERENCES teams(id),
    token_hash BLOB NOT NULL UNIQUE,
    head INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL,
    removed_ms INTEGER
);
CREATE INDEX IF NOT EXISTS devices_team ON devices(team_id);
CREATE TABLE IF NOT EXISTS invites (
    code_hash BLOB PRIMARY KEY,
    team_id BLOB NOT NULL REFERENCES teams(id),
    created_by BLOB NOT NULL,
    expires_ms INTEGER NOT NULL,
    spent_by BLOB,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ops (
    team_id BLOB NOT NULL REFERENCES teams(id),
    seq INTEGER NOT NULL,
    device_id BLOB NOT NULL,
    idx INTEGER NOT NULL,
    op_id BLOB NOT NULL,
    wall_ms INTEGER NOT NULL,
    counter INTEGER NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (team_id, seq),
    UNIQUE (team_id, device_id, idx)
) WITHOUT ROWID;
";

/// SQLite-backed storage; cheap to clone (the connection is shared).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    events: broadcast::Sender<TeamEvent>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`.
    pub fn open(path: &Path) -> StoreResult<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        // Files made before devices could be removed lack the column.
        let has_removed: bool = conn.query_row(
            "SELECT COUNT(*) > 0 FROM pragma_table_info('devices') WHERE name = 'removed_ms'",
            [],
            |row| row.get(0),
        )?;
        if !has_removed {
            conn.execute_batch("ALTER TABLE devices ADD COLUMN removed_ms INTEGER")?;
        }
        let (events, _) = broadcast::channel(1024);
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            events,
        })
    }

    /// Runs `f` on the connection on the blocking pool.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock poisons it; the connection itself is still
            // usable because every write runs in a transaction that rolled back.
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn read_op(row: &rusqlite::Row<'_>) -> rusqlite::Result<SequencedOp> {
    Ok(SequencedOp {
        seq: to_u64(row.get(0)?),
        op: OpEnvelope {
            device_id: row.get(1)?,
            idx: to_u64(row.get(2)?),
            id: row.get(3)?,
            stamp: Stamp {
                wall_ms: row.get(4)?,
                counter: row.get(5)?,
            },
            kind: row.get(6)?,
            version: row.get(7)?,
            payload: row.get(8)?,
        },
    })
}

const OP_COLUMNS: &str = "seq, device_id, idx, op_id, wall_ms, counter, kind, version, payload";

fn latest(conn: &Connection, team_id: Uuid) -> rusqlite::Result<u64> {
    let seq: Option<i64> = conn
        .query_row(
            "SELECT last_seq FROM teams WHERE id = ?1",
            [team_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(seq.map_or(0, to_u64))
}

fn insert_device(
    conn: &Connection,
    device_id: Uuid,
    team_id: Uuid,
    token_hash: SecretHash,
    now_ms: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO devices (id, team_id, token_hash, created_ms) VALUES (?1, ?2, ?3, ?4)",
        params![device_id, team_id, token_hash, now_ms],
    )?;
    Ok(())
}

impl Store for SqliteStore {
    async fn create_team(
        &self,
        team_id: Uuid,
        device_id: Uuid,
        token_hash: SecretHash,
        now_ms: i64,
    ) -> StoreResult<()> {
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO teams (id, created_ms) VALUES (?1, ?2)",
                params![team_id, now_ms],
            )?;
            insert_device(&tx, device_id, team_id, token_hash, now_ms)?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn create_invite(
        &self,
        team_id: Uuid,
        code_hash: SecretHash,
        created_by: Uuid,
        expires_ms: i64,
    ) -> StoreResult<()> {
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO invites (code_hash, team_id, created_by, expires_ms) VALUES (?1, ?2, ?3, ?4)",
                params![code_hash, team_id, created_by, expires_ms],
            )?;
            Ok(())
        })
        .await
    }

    async fn revoke_invite(&self, team_id: Uuid, code_hash: SecretHash) -> StoreResult<bool> {
        self.with(move |conn| {
            let changed = conn.execute(
                "UPDATE invites SET revoked = 1 WHERE code_hash = ?1 AND team_id = ?2 AND spent_by IS NULL",
                params![code_hash, team_id],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    async fn join(
        &self,
        code_hash: SecretHash,
        device_id: Uuid,
        token_hash: SecretHash,
        now_ms: i64,
    ) -> StoreResult<Result<Uuid, InviteRefusal>> {
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let invite: Option<(Uuid, i64, Option<Uuid>, bool)> = tx
                .query_row(
                    "SELECT team_id, expires_ms, spent_by, revoked FROM invites WHERE code_hash = ?1",
                    [code_hash],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )
                .optional()?;
            let team_id = match invite {
                None => return Ok(Err(InviteRefusal::Unknown)),
                Some((_, _, Some(_), _)) => return Ok(Err(InviteRefusal::Spent)),
                Some((_, _, _, true)) => return Ok(Err(InviteRefusal::Revoked)),
                Some((_, expires, _, _)) if expires <= now_ms => {
                    return Ok(Err(InviteRefusal::Expired))
                }
                Some((team_id, ..)) => team_id,
            };
            tx.execute(
                "UPDATE invites SET spent_by = ?1 WHERE code_hash = ?2",
                params![device_id, code_hash],
            )?;
            insert_device(&tx, device_id, team_id, token_hash, now_ms)?;
            tx.commit()?;
            Ok(Ok(team_id))
        })
        .await
    }

    async fn device_by_token(&self, token_hash: SecretHash) -> StoreResult<Option<TokenOwner>> {
        self.with(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT id, team_id, removed_ms IS NOT NULL FROM devices WHERE token_hash = ?1",
                    [token_hash],
                    |row| {
                        Ok(TokenOwner {
                            auth: DeviceAuth {
                                device_id: row.get(0)?,
                                team_id: row.get(1)?,
                            },
                            removed: row.get(2)?,
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    async fn remove_device(
        &self,
        team_id: Uuid,
        device_id: Uuid,
        now_ms: i64,
    ) -> StoreResult<Removal> {
        // The one connection serialises this with every push: none lands after it.
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let removed: Option<bool> = tx
                .query_row(
                    "SELECT removed_ms IS NOT NULL FROM devices WHERE id = ?1 AND team_id = ?2",
                    params![device_id, team_id],
                    |row| row.get(0),
                )
                .optional()?;
            let removal = match removed {
                None => Removal::Unknown,
                Some(true) => Removal::AlreadyRemoved,
                Some(false) => {
                    tx.execute(
                        "UPDATE devices SET removed_ms = ?1 WHERE id = ?2",
                        params![now_ms, device_id],
                    )?;
                    Removal::Removed
                }
            };
            tx.commit()?;
            Ok(removal)
        })
        .await
    }

    async fn status(&self, team_id: Uuid) -> StoreResult<TeamStatus> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let mut status = TeamStatus {
                latest_seq: latest(&tx, team_id)?,
                ..TeamStatus::default()
            };
            {
                let mut stmt = tx.prepare("SELECT id, head FROM devices WHERE team_id = ?1")?;
                let rows = stmt.query_map([team_id], |row| {
                    Ok((row.get::<_, Uuid>(0)?, row.get::<_, i64>(1)?))
                })?;
                for row in rows {
                    let (device, head) = row?;
                    status.heads.insert(device, to_u64(head));
                }
            }
            tx.commit()?;
            Ok(status)
        })
        .await
    }

    async fn push(
        &self,
        auth: DeviceAuth,
        ops: Vec<OpEnvelope>,
        now_ms: i64,
    ) -> StoreResult<PushOutcome> {
        let outcome = self
            .with(move |conn| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let (head, last_seq, removed): (i64, i64, bool) = tx.query_row(
                    "SELECT d.head, t.last_seq, d.removed_ms IS NOT NULL FROM devices d
                     JOIN teams t ON t.id = d.team_id WHERE d.id = ?1 AND d.team_id = ?2",
                    params![auth.device_id, auth.team_id],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )?;
                if removed {
                    return Err(StoreError::DeviceRemoved);
                }
                let head = to_u64(head);
                let mut stored = HashMap::new();
                {
                    let mut stmt = tx.prepare(&format!(
                        "SELECT {OP_COLUMNS} FROM ops WHERE team_id = ?1 AND device_id = ?2 AND idx = ?3"
                    ))?;
                    for idx in stored_indexes_needed(&ops, auth.device_id, head) {
                        let found = stmt
                            .query_row(params![auth.team_id, auth.device_id, to_i64(idx)], read_op)
                            .optional()?;
                        if let Some(found) = found {
                            stored.insert(idx, found.op);
                        }
                    }
                }
                let plan = plan_push(ops, auth.device_id, head, stored, now_ms);
                let mut seq = to_u64(last_seq);
                let first_seq = (!plan.accept.is_empty()).then_some(seq + 1);
                {
                    let mut insert = tx.prepare(
                        "INSERT INTO ops (team_id, seq, device_id, idx, op_id, wall_ms, counter, kind, version, payload)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    )?;
                    for op in &plan.accept {
                        seq += 1;
                        insert.execute(params![
                            auth.team_id,
                            to_i64(seq),
                            op.device_id,
                            to_i64(op.idx),
                            op.id,
                            op.stamp.wall_ms,
                            op.stamp.counter,
                            op.kind,
                            op.version,
                            op.payload
                        ])?;
                    }
                }
                if let Some(last) = plan.accept.last() {
                    tx.execute(
                        "UPDATE devices SET head = ?1 WHERE id = ?2",
                        params![to_i64(last.idx), auth.device_id],
                    )?;
                    tx.execute(
                        "UPDATE teams SET last_seq = ?1 WHERE id = ?2",
                        params![to_i64(seq), auth.team_id],
                    )?;
                }
                tx.commit()?;
                Ok(PushOutcome {
                    accepted: plan.accept.len() as u32,
                    duplicates: plan.duplicates,
                    rejected: plan.rejected,
                    first_seq,
                    latest_seq: seq,
                })
            })
            .await?;
        if outcome.first_seq.is_some() {
            // Nobody listening is not an error: the next subscriber reads the latest sequence.
            let _ = self.events.send(TeamEvent {
                team_id: auth.team_id,
                seq: outcome.latest_seq,
            });
        }
        Ok(outcome)
    }

    async fn pull(&self, team_id: Uuid, after: u64, limit: u32) -> StoreResult<PullPage> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let latest_seq = latest(&tx, team_id)?;
            let mut ops = Vec::new();
            {
                let mut stmt = tx.prepare(&format!(
                    "SELECT {OP_COLUMNS} FROM ops WHERE team_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
                ))?;
                let rows = stmt.query_map(params![team_id, to_i64(after), limit], read_op)?;
                for row in rows {
                    ops.push(row?);
                }
            }
            tx.commit()?;
            let reached = ops.last().map_or(after, |op| op.seq);
            Ok(PullPage {
                up_to_date: reached >= latest_seq,
                ops,
                latest_seq,
            })
        })
        .await
    }

    async fn latest_seq(&self, team_id: Uuid) -> StoreResult<u64> {
        self.with(move |conn| Ok(latest(conn, team_id)?)).await
    }

    fn subscribe(&self) -> broadcast::Receiver<TeamEvent> {
        self.events.subscribe()
    }
}
