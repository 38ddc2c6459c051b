//! The SQLite store: opening a profile's database safely, migrations, and the op-log append
//! path that keeps projections in step with the log.

use super::hlc::Hlc;
use super::ingest::{self, IngestReport, MAX_CLOCK_AHEAD_MS};
use super::migrate::{self, applied_version, SCHEMA_VERSION};
use super::ops::{Op, OpPayload};
use super::projection::{self, PROJECTED_TABLES};
use crate::base::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// File name of a profile's database inside its data directory.
pub const DATABASE_FILE: &str = "meridian.sqlite3";

/// The directory holding this profile's data: `$MERIDIAN_HOME` if set, otherwise the
/// operating system's per-user data directory for Meridian.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("MERIDIAN_HOME").filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("app", "Meridian", "Meridian")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::Storage(
                "could not find a home directory for Meridian's data; set MERIDIAN_HOME to a \
                 writable directory"
                    .into(),
            )
        })
}

/// One table's rows, for comparing projections.
pub type TableDump = (String, Vec<Vec<Value>>);

/// An open profile database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    device_id: String,
}

impl Store {
    /// Opens (creating if needed) the database in `dir`.
    pub fn open_in(dir: &Path, now: DateTime<Utc>) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            context: format!(
                "could not create the data directory {}; check its permissions or set \
                 MERIDIAN_HOME",
                dir.display()
            ),
            source,
        })?;
        Store::open(&dir.join(DATABASE_FILE), now)
    }

    /// Opens the database file at `path`, creating it if it does not exist.
    ///
    /// Refuses, without writing a byte, a file that is not a readable SQLite database or that
    /// was written by a newer Meridian: the user's data is never recreated over.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // The first read is where SQLite notices a file that is not a database. Nothing has
        // been written yet, so the file is exactly as we found it.
        let applied = applied_version(&conn).map_err(|err| corrupt(path, err))?;
        if applied > SCHEMA_VERSION {
            return Err(Error::Storage(format!(
                "{} was written by a newer Meridian (schema version {applied}; this build knows \
                 up to {SCHEMA_VERSION}). It was left untouched: update Meridian to open it.",
                path.display()
            )));
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|err| corrupt(path, err))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // FULL: a commit is on disk before it returns. With NORMAL a power loss could roll back
        // ops that sync already pushed, and the next ops would reuse their indexes (a fork).
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 16 MiB of page cache instead of SQLite's 2 MiB: a board of ten thousand tasks is
        // read from memory, not again from the file on every refresh.
        conn.pragma_update(None, "cache_size", -16_384)?;
        // Reads go through a memory map of the file (up to 4 GiB of it) rather than a system
        // call per page: a search describes its hits from rows scattered over a large file,
        // and the copies and calls were most of its time. Writes are unchanged (WAL).
        conn.pragma_update(None, "mmap_size", 4_i64 << 30)?;
        let mut conn = conn;
        migrate::migrate(&mut conn, now)?;
        let device_id = ensure_device(&mut conn, now)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            device_id,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<i64> {
        applied_version(&self.conn)
    }

    /// Changes whenever another connection commits to this database; cheap to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    pub fn op_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM ops", [], |row| row.get(0))?)
    }

    /// Runs `decide` inside one immediate transaction; the ops it returns are appended to this
    /// device's series and projected before the commit. If `decide` fails, nothing is written.
    pub fn transact<T>(
        &mut self,
        now: DateTime<Utc>,
        decide: impl FnOnce(&Transaction<'_>) -> Result<(Vec<OpPayload>, T)>,
    ) -> Result<(Vec<Op>, T)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (payloads, value) = decide(&tx)?;
        let ops = append_in(&tx, &self.device_id, now, payloads)?;
        tx.commit()?;
        Ok((ops, value))
    }

    /// Appends ops to this device's series in one transaction.
    pub fn append(&mut self, now: DateTime<Utc>, payloads: Vec<OpPayload>) -> Result<Vec<Op>> {
        Ok(self.transact(now, |_| Ok((payloads, ())))?.0)
    }

    /// Adds ops that were made elsewhere (another device, via sync), each with a verdict:
    /// applied, duplicate, or set aside (a fork, a gap, a stamp too far ahead) without
    /// aborting the rest. Ingesting the same batch twice changes nothing.
    pub fn ingest(&mut self, ops: &[Op], now: DateTime<Utc>) -> Result<IngestReport> {
        self.ingest_with_meta(ops, now, &[])
    }

    /// [`Store::ingest`], and sets these local facts in the same transaction: a sync cursor
    /// is committed with exactly the ops it covers, so an interrupted sync resumes right.
    pub fn ingest_with_meta(
        &mut self,
        ops: &[Op],
        now: DateTime<Utc>,
        meta: &[(&str, String)],
    ) -> Result<IngestReport> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut device_id = self.device_id.clone();
        let report = ingest::ingest(&tx, &mut device_id, ops, now)?;
        for (key, value) in meta {
            set_local_meta(&tx, key, value)?;
        }
        tx.commit()?;
        self.device_id = device_id;
        Ok(report)
    }

    /// All ops, in replay order: by HLC, then device, then index.
    pub fn ops(&self) -> Result<Vec<Op>> {
        read_ops(&self.conn)
    }

    /// Empties the projections and replays the whole log into them.
    pub fn rebuild(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        rebuild_in(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Rebuilds inside a transaction that is rolled back, and says whether the replayed
    /// projections equal the stored ones. Read-only in effect.
    pub fn rebuild_matches(&mut self) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = dump_in(&tx)?;
        rebuild_in(&tx)?;
        let after = dump_in(&tx)?;
        tx.rollback()?;
        Ok(before == after)
    }

    /// Every projection row, ordered by id, for comparisons.
    pub fn dump_projections(&self) -> Result<Vec<TableDump>> {
        dump_in(&self.conn)
    }

    /// SQLite's own consistency check: `"ok"` or the problems found.
    pub fn integrity_check(&self) -> Result<String> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines.join("; "))
    }

    pub fn local_meta(&self, key: &str) -> Result<Option<String>> {
        local_meta(&self.conn, key)
    }
}

/// Reads a local (never synced) fact.
pub fn local_meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM local_meta WHERE key = ?1",
            [key],
            |row| row.get(0),
        )
        .optional()?)
}

/// Writes a local (never synced) fact.
pub fn set_local_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO local_meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn corrupt(path: &Path, err: impl std::fmt::Display) -> Error {
    Error::Storage(format!(
        "{} is not a readable Meridian database ({err}). It was left exactly as it is. Move it \
         aside or restore it from a backup, then start Meridian again.",
        path.display()
    ))
}

/// Returns this database's device id, registering the device on first open.
fn ensure_device(conn: &mut Connection, now: DateTime<Utc>) -> Result<String> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(id) = local_meta(&tx, "device_id")? {
        return Ok(id);
    }
    let device_id = uuid::Uuid::now_v7().to_string();
    set_local_meta(&tx, "device_id", &device_id)?;
    let name = std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "This device".to_owned());
    append_in(
        &tx,
        &device_id,
        now,
        vec![OpPayload::DeviceRegistered {
            device_id: device_id.clone(),
            name,
            platform: std::env::consts::OS.to_owned(),
        }],
    )?;
    tx.commit()?;
    Ok(device_id)
}

/// Appends to `device_id`'s series inside `tx`: next gapless index, next HLC stamp after
/// everything in the log, then the projection.
pub(crate) fn append_in(
    tx: &Transaction<'_>,
    device_id: &str,
    now: DateTime<Utc>,
    payloads: Vec<OpPayload>,
) -> Result<Vec<Op>> {
    if payloads.is_empty() {
        return Ok(Vec::new());
    }
    let (mut idx, mut last): (i64, Option<Hlc>) = tx.query_row(
        // The newest stamp of our own series or, from other devices, within reach of our
        // clock: a foreign op stamped further ahead must not drag local edits with it, while
        // our own stamps never go backwards, even if the wall clock does.
        "SELECT (SELECT coalesce(max(idx), 0) FROM ops WHERE device_id = ?1),
                (SELECT hlc_wall FROM ops WHERE device_id = ?1 OR hlc_wall <= ?2
                 ORDER BY hlc_wall DESC, hlc_counter DESC LIMIT 1),
                (SELECT hlc_counter FROM ops WHERE device_id = ?1 OR hlc_wall <= ?2
                 ORDER BY hlc_wall DESC, hlc_counter DESC LIMIT 1)",
        rusqlite::params![device_id, now.timestamp_millis() + MAX_CLOCK_AHEAD_MS],
        |row| {
            let wall: Option<i64> = row.get(1)?;
            let counter: Option<u32> = row.get(2)?;
            Ok((
                row.get(0)?,
                wall.zip(counter)
                    .map(|(wall_ms, counter)| Hlc { wall_ms, counter }),
            ))
        },
    )?;
    let mut ops = Vec::with_capacity(payloads.len());
    for payload in payloads {
        idx += 1;
        let hlc = Hlc::tick(last, now.timestamp_millis());
        last = Some(hlc);
        let op = Op {
            id: uuid::Uuid::now_v7().to_string(),
            device_id: device_id.to_owned(),
            idx,
            hlc,
            payload,
        };
        insert_op(tx, &op)?;
        ops.push(op);
    }
    projection::apply_all(tx, &ops)?;
    // A local grant (linking another device of mine) can make that device's refused ops
    // count: replay, exactly as ingest does for a grant that arrives from elsewhere.
    for op in &ops {
        if projection::revives_refused(tx, op)? {
            rebuild_in(tx)?;
            break;
        }
    }
    Ok(ops)
}

/// The last index of `device_id`'s series in the log (0 for a device with none). Series are
/// contiguous, so it is also how many ops of that device are here.
pub(crate) fn head_of(conn: &Connection, device_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(idx), 0) FROM ops WHERE device_id = ?1")?
        .query_row([device_id], |row| row.get(0))?)
}

/// The columns an op is stored in, in the log and among the set-aside ops alike.
pub(crate) const OP_COLUMNS: &str =
    "id, device_id, idx, hlc_wall, hlc_counter, kind, version, payload";

/// The values of [`OP_COLUMNS`] for `op`.
pub(crate) fn op_values(op: &Op) -> Result<Vec<Value>> {
    Ok(vec![
        Value::Text(op.id.clone()),
        Value::Text(op.device_id.clone()),
        Value::Integer(op.idx),
        Value::Integer(op.hlc.wall_ms),
        Value::Integer(i64::from(op.hlc.counter)),
        Value::Text(op.payload.kind().to_owned()),
        Value::Integer(i64::from(op.payload.version())),
        Value::Text(serde_json::to_string(&op.payload)?),
    ])
}

pub(crate) fn insert_op(tx: &Transaction<'_>, op: &Op) -> Result<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO ops ({OP_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?
    .execute(rusqlite::params_from_iter(op_values(op)?))?;
    if let Some((target, member)) = projection::target_member(&op.payload) {
        tx.prepare_cached(
            "INSERT INTO op_targets (id, member_id, member_lww) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET
                 member_id = CASE WHEN excluded.member_lww > member_lww
                                  THEN excluded.member_id ELSE member_id END,
                 member_lww = max(member_lww, excluded.member_lww)",
        )?
        .execute([target, member, &op.hlc.lww_key(&op.device_id, op.idx)])?;
    }
    Ok(())
}

fn read_ops(conn: &Connection) -> Result<Vec<Op>> {
    read_ops_where(
        conn,
        "ops",
        "1 ORDER BY hlc_wall, hlc_counter, device_id, idx",
        [],
    )
}

/// Ops stored in `table` (the log, or the set-aside ops) matching `condition` (SQL after
/// WHERE, may end with ORDER BY) with its `params`.
pub(crate) fn read_ops_where(
    conn: &Connection,
    table: &str,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Op>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT id, device_id, idx, hlc_wall, hlc_counter, payload FROM {table} WHERE {condition}"
    ))?;
    let rows = statement.query_map(params, |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, i64>(3)?,
            row.get::<_, u32>(4)?,
            row.get::<_, String>(5)?,
        ))
    })?;
    let mut ops = Vec::new();
    for row in rows {
        let (id, device_id, idx, wall_ms, counter, payload) = row?;
        ops.push(Op {
            id,
            device_id,
            idx,
            hlc: Hlc { wall_ms, counter },
            payload: serde_json::from_str(&payload)?,
        });
    }
    Ok(ops)
}

pub(crate) fn rebuild_in(tx: &Transaction<'_>) -> Result<()> {
    for table in PROJECTED_TABLES {
        tx.execute(&format!("DELETE FROM {table}"), [])?;
    }
    projection::apply_all(tx, &read_ops(tx)?)?;
    Ok(())
}

fn dump_in(conn: &Connection) -> Result<Vec<TableDump>> {
    let mut dump = Vec::new();
    for table in PROJECTED_TABLES {
        let mut statement = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
        let width = statement.column_count();
        let rows = statement
            .query_map([], |row| {
                (0..width)
                    .map(|column| row.get::<_, Value>(column))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        dump.push(((*table).to_owned(), rows));
    }
    Ok(dump)
}
