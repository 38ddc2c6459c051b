//! PostgreSQL storage, for running several stateless replicas on one database. Each push
//! locks its team's row, so a team's sequence numbers are handed out gaplessly and become
//! visible in order; the same transaction sends a NOTIFY, which PostgreSQL delivers at commit
//! to every replica's LISTEN connection, and each replica feeds it to its live-event clients.

use super::{
    plan_push, stored_indexes_needed, DeviceAuth, InviteRefusal, PullPage, PushOutcome, Removal,
    SecretHash, Store, StoreError, StoreResult, TeamEvent, TeamStatus, TokenOwner,
};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use futures_util::StreamExt;
use meridian_protocol::{OpEnvelope, SequencedOp, Stamp};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_postgres::{AsyncMessage, IsolationLevel, NoTls, Row};
use uuid::Uuid;

/// PostgreSQL connection settings, parsed from a `postgres://` URL or `key=value` pairs.
pub use tokio_postgres::Config;

/// The channel every replica listens on; payloads are `<team uuid>:<seq>`.
const CHANNEL: &str = "meridian_ops";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS teams (
    id UUID PRIMARY KEY,
    created_ms BIGINT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS devices (
    id UUID PRIMARY KEY,
    team_id UUID NOT NULL REFERENCES teams(id),
    token_hash BYTEA NOT NULL UNIQUE,
    head BIGINT NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL
);
-- Set when a teammate removes the device: its token then opens nothing.
ALTER TABLE devices ADD COLUMN IF NOT EXISTS removed_ms BIGINT;
CREATE INDEX IF NOT EXISTS devices_team ON devices(team_id);
CREATE TABLE IF NOT EXISTS invites (
    code_hash BYTEA PRIMARY KEY,
    team_id UUID NOT NULL REFERENCES teams(id),
    created_by UUID NOT NULL,
    expires_ms BIGINT NOT NULL,
    spent_by UUID,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE IF NOT EXISTS ops (
    team_id UUID NOT NULL REFERENCES teams(id),
    seq BIGINT NOT NULL,
    device_id UUID NOT NULL,
    idx BIGINT NOT NULL,
    op_id UUID NOT NULL,
    wall_ms BIGINT NOT NULL,
    counter BIGINT NOT NULL,
    kind TEXT NOT NULL,
    version BIGINT NOT NULL,
    -- Bytes, not TEXT: the payload is opaque (ciphertext soon) and TEXT refuses NUL.
    payload BYTEA NOT NULL,
    PRIMARY KEY (team_id, seq),
    UNIQUE (team_id, device_id, idx)
);
";

const OP_COLUMNS: &str = "seq, device_id, idx, op_id, wall_ms, counter, kind, version, payload";

/// PostgreSQL-backed storage: a connection pool plus one LISTEN connection.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: Pool,
    events: broadcast::Sender<TeamEvent>,
}

impl PostgresStore {
    /// Connects, creates the schema if missing and starts listening for other replicas'
    /// pushes; returns once the listener is in place, so no push after this is missed.
    pub async fn connect(config: tokio_postgres::Config) -> StoreResult<Self> {
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .build()
            .map_err(|e| StoreError::Task(format!("building the connection pool: {e}")))?;
        {
            let mut client = pool.get().await?;
            let tx = client.transaction().await?;
            // Replicas starting together would race on CREATE TABLE IF NOT EXISTS; a
            // transaction-scoped advisory lock makes them take turns.
            tx.execute("SELECT pg_advisory_xact_lock(4702201)", &[])
                .await?;
            tx.batch_execute(SCHEMA).await?;
            tx.commit().await?;
        }
        let (events, _) = broadcast::channel(1024);
        let first = listen(&config, events.clone()).await?;
        tokio::spawn(keep_listening(config, events.clone(), first));
        Ok(Self { pool, events })
    }
}

/// A running LISTEN connection: finishes when the connection drops.
type Listener = tokio::task::JoinHandle<()>;

/// Opens a connection, subscribes it to the channel and forwards its notifications.
async fn listen(
    config: &tokio_postgres::Config,
    events: broadcast::Sender<TeamEvent>,
) -> StoreResult<Listener> {
    let (client, mut connection) = config.connect(NoTls).await?;
    // The connection only makes progress while polled, so its driver runs from the start,
    // LISTEN included; notifications arrive through the same poll.
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(note)) => match parse_notification(note.payload()) {
                    Some(event) => {
                        let _ = events.send(event);
                    }
                    None => tracing::warn!(payload = note.payload(), "unreadable notification"),
                },
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "the LISTEN connection failed");
                    break;
                }
            }
        }
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    Ok(tokio::spawn(async move {
        // Dropping the client would close the connection: keep it until the driver ends.
        let _client = client;
        let _ = driver.await;
    }))
}

/// Re-opens the LISTEN connection whenever it drops, backing off up to five seconds.
async fn keep_listening(
    config: tokio_postgres::Config,
    events: broadcast::Sender<TeamEvent>,
    first: Listener,
) {
    let _ = first.await;
    let mut backoff = Duration::from_millis(100);
    loop {
        tokio::time::sleep(backoff).await;
        match listen(&config, events.clone()).await {
            Ok(listener) => {
                tracing::info!("LISTEN connection re-established");
                backoff = Duration::from_millis(100);
                let _ = listener.await;
            }
            Err(error) => {
                tracing::warn!(%error, "could not re-open the LISTEN connection");
                backoff = (backoff * 2).min(Duration::from_secs(5));
            }
        }
    }
}

fn parse_notification(payload: &str) -> Option<TeamEvent> {
    let (team, seq) = payload.split_once(':')?;
    Some(TeamEvent {
        team_id: team.parse().ok()?,
        seq: seq.parse().ok()?,
    })
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn read_op(row: &Row) -> StoreResult<SequencedOp> {
    let narrow = |n: i64, what: &str| {
        u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{what} {n} is out of range")))
    };
    Ok(SequencedOp {
        seq: to_u64(row.try_get(0)?),
        op: OpEnvelope {
            device_id: row.try_get(1)?,
            idx: to_u64(row.try_get(2)?),
            id: row.try_get(3)?,
            stamp: Stamp {
                wall_ms: row.try_get(4)?,
                counter: narrow(row.try_get(5)?, "counter")?,
            },
            kind: row.try_get(6)?,
            version: narrow(row.try_get(7)?, "version")?,
            payload: String::from_utf8(row.try_get(8)?)
                .map_err(|_| StoreError::Corrupt("a stored payload is not UTF-8".into()))?,
        },
    })
}

async fn latest(client: &impl tokio_postgres::GenericClient, team_id: Uuid) -> StoreResult<u64> {
    let row = client
        .query_opt("SELECT last_seq FROM teams WHERE id = $1", &[&team_id])
        .await?;
    Ok(match row {
        Some(row) => to_u64(row.try_get(0)?),
        None => 0,
    })
}

/// A read-only transaction on one snapshot, so what a reply combines (heads, latest sequence,
/// a page of ops) agrees with itself.
async fn snapshot(
    client: &mut deadpool_postgres::Object,
) -> StoreResult<deadpool_postgres::Transaction<'_>> {
    Ok(client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?)
}

async fn insert_device(
    tx: &deadpool_postgres::Transaction<'_>,
    device_id: Uuid,
    team_id: Uuid,
    token_hash: SecretHash,
    now_ms: i64,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO devices (id, team_id, token_hash, created_ms) VALUES ($1, $2, $3, $4)",
        &[&device_id, &team_id, &&token_hash[..], &now_ms],
    )
    .await?;
    Ok(())
}

impl Store for PostgresStore {
    async fn create_team(
        &self,
        team_id: Uuid,
        device_id: Uuid,
        token_hash: SecretHash,
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO teams (id, created_ms) VALUES ($1, $2)",
            &[&team_id, &now_ms],
        )
        .await?;
        insert_device(&tx, device_id, team_id, token_hash, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_invite(
        &self,
        team_id: Uuid,
        code_hash: SecretHash,
        created_by: Uuid,
        expires_ms: i64,
    ) -> StoreResult<()> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO invites (code_hash, team_id, created_by, expires_ms) VALUES ($1, $2, $3, $4)",
                &[&&code_hash[..], &team_id, &created_by, &expires_ms],
            )
            .await?;
        Ok(())
    }

    async fn revoke_invite(&self, team_id: Uuid, code_hash: SecretHash) -> StoreResult<bool> {
        let client = self.pool.get().await?;
        let changed = client
            .execute(
                "UPDATE invites SET revoked = TRUE WHERE code_hash = $1 AND team_id = $2 AND spent_by IS NULL",
                &[&&code_hash[..], &team_id],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn join(
        &self,
        code_hash: SecretHash,
        device_id: Uuid,
        token_hash: SecretHash,
        now_ms: i64,
    ) -> StoreResult<Result<Uuid, InviteRefusal>> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // FOR UPDATE: of two joins racing for one code, the second waits and then sees it spent.
        let row = tx
            .query_opt(
                "SELECT team_id, expires_ms, spent_by, revoked FROM invites WHERE code_hash = $1 FOR UPDATE",
                &[&&code_hash[..]],
            )
            .await?;
        let Some(row) = row else {
            return Ok(Err(InviteRefusal::Unknown));
        };
        let team_id: Uuid = row.try_get(0)?;
        let expires_ms: i64 = row.try_get(1)?;
        let spent_by: Option<Uuid> = row.try_get(2)?;
        let revoked: bool = row.try_get(3)?;
        if spent_by.is_some() {
            return Ok(Err(InviteRefusal::Spent));
        }
        if revoked {
            return Ok(Err(InviteRefusal::Revoked));
        }
        if expires_ms <= now_ms {
            return Ok(Err(InviteRefusal::Expired));
        }
        tx.execute(
            "UPDATE invites SET spent_by = $1 WHERE code_hash = $2",
            &[&device_id, &&code_hash[..]],
        )
        .await?;
        insert_device(&tx, device_id, team_id, token_hash, now_ms).await?;
        tx.commit().await?;
        Ok(Ok(team_id))
    }

    async fn device_by_token(&self, token_hash: SecretHash) -> StoreResult<Option<TokenOwner>> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT id, team_id, removed_ms IS NOT NULL FROM devices WHERE token_hash = $1",
                &[&&token_hash[..]],
            )
            .await?;
        row.map(|row| {
            Ok(TokenOwner {
                auth: DeviceAuth {
                    device_id: row.try_get(0)?,
                    team_id: row.try_get(1)?,
                },
                removed: row.try_get(2)?,
            })
        })
        .transpose()
    }

    async fn remove_device(
        &self,
        team_id: Uuid,
        device_id: Uuid,
        now_ms: i64,
    ) -> StoreResult<Removal> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // The team row lock that pushes take: a push in flight commits first, and every later
        // push of this device sees it removed.
        tx.execute("SELECT 1 FROM teams WHERE id = $1 FOR UPDATE", &[&team_id])
            .await?;
        let row = tx
            .query_opt(
                "SELECT removed_ms IS NOT NULL FROM devices WHERE id = $1 AND team_id = $2",
                &[&device_id, &team_id],
            )
            .await?;
        let removal = match row.map(|row| row.try_get::<_, bool>(0)).transpose()? {
            None => Removal::Unknown,
            Some(true) => Removal::AlreadyRemoved,
            Some(false) => {
                tx.execute(
                    "UPDATE devices SET removed_ms = $1 WHERE id = $2",
                    &[&now_ms, &device_id],
                )
                .await?;
                Removal::Removed
            }
        };
        tx.commit().await?;
        Ok(removal)
    }

    async fn status(&self, team_id: Uuid) -> StoreResult<TeamStatus> {
        let mut client = self.pool.get().await?;
        let tx = snapshot(&mut client).await?;
        let mut status = TeamStatus {
            latest_seq: latest(&*tx, team_id).await?,
            ..TeamStatus::default()
        };
        for row in tx
            .query(
                "SELECT id, head FROM devices WHERE team_id = $1",
                &[&team_id],
            )
            .await?
        {
            status
                .heads
                .insert(row.try_get(0)?, to_u64(row.try_get(1)?));
        }
        tx.commit().await?;
        Ok(status)
    }

    async fn push(
        &self,
        auth: DeviceAuth,
        ops: Vec<OpEnvelope>,
        now_ms: i64,
    ) -> StoreResult<PushOutcome> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Locking the team row first serialises the team's pushes across replicas: sequence
        // numbers are taken in commit order, so a puller never sees seq n+1 before seq n.
        let team = tx
            .query_one(
                "SELECT last_seq FROM teams WHERE id = $1 FOR UPDATE",
                &[&auth.team_id],
            )
            .await?;
        let last_seq = to_u64(team.try_get(0)?);
        let device = tx
            .query_one(
                "SELECT head, removed_ms IS NOT NULL FROM devices WHERE id = $1 AND team_id = $2",
                &[&auth.device_id, &auth.team_id],
            )
            .await?;
        if device.try_get::<_, bool>(1)? {
            return Err(StoreError::DeviceRemoved);
        }
        let head = to_u64(device.try_get(0)?);
        let needed: Vec<i64> = stored_indexes_needed(&ops, auth.device_id, head)
            .into_iter()
            .map(to_i64)
            .collect();
        let mut stored = HashMap::new();
        if !needed.is_empty() {
            let rows = tx
                .query(
                    &format!("SELECT {OP_COLUMNS} FROM ops WHERE team_id = $1 AND device_id = $2 AND idx = ANY($3)"),
                    &[&auth.team_id, &auth.device_id, &needed],
                )
                .await?;
            for row in rows {
                let found = read_op(&row)?;
                stored.insert(found.op.idx, found.op);
            }
        }
        let plan = plan_push(ops, auth.device_id, head, stored, now_ms);
        let mut seq = last_seq;
        let first_seq = (!plan.accept.is_empty()).then_some(seq + 1);
        if let Some(last) = plan.accept.last() {
            // One statement for the whole batch (arrays unnested into rows): a round trip per
            // op made a 500-op push wait on 500 answers while it held the team's row lock.
            let count = plan.accept.len();
            let mut seqs = Vec::with_capacity(count);
            let (mut devices, mut idxs, mut op_ids) = (
                Vec::with_capacity(count),
                Vec::with_capacity(count),
                Vec::with_capacity(count),
            );
            let (mut walls, mut counters, mut kinds, mut versions, mut payloads) = (
                Vec::with_capacity(count),
                Vec::with_capacity(count),
                Vec::with_capacity(count),
                Vec::with_capacity(count),
                Vec::with_capacity(count),
            );
            for op in &plan.accept {
                seq += 1;
                seqs.push(to_i64(seq));
                devices.push(op.device_id);
                idxs.push(to_i64(op.idx));
                op_ids.push(op.id);
                walls.push(op.stamp.wall_ms);
                counters.push(i64::from(op.stamp.counter));
                kinds.push(op.kind.as_str());
                versions.push(i64::from(op.version));
                payloads.push(op.payload.as_bytes());
            }
            tx.execute(
                "INSERT INTO ops (team_id, seq, device_id, idx, op_id, wall_ms, counter, kind, version, payload)
                 SELECT $1, seq, device_id, idx, op_id, wall_ms, counter, kind, version, payload
                 FROM UNNEST($2::int8[], $3::uuid[], $4::int8[], $5::uuid[], $6::int8[], $7::int8[],
                             $8::text[], $9::int8[], $10::bytea[])
                      AS batch(seq, device_id, idx, op_id, wall_ms, counter, kind, version, payload)",
                &[
                    &auth.team_id,
                    &seqs,
                    &devices,
                    &idxs,
                    &op_ids,
                    &walls,
                    &counters,
                    &kinds,
                    &versions,
                    &payloads,
                ],
            )
            .await?;
            tx.execute(
                "UPDATE devices SET head = $1 WHERE id = $2",
                &[&to_i64(last.idx), &auth.device_id],
            )
            .await?;
            tx.execute(
                "UPDATE teams SET last_seq = $1 WHERE id = $2",
                &[&to_i64(seq), &auth.team_id],
            )
            .await?;
            // Delivered to every listening replica (this one included) when the commit lands.
            tx.execute(
                "SELECT pg_notify($1, $2)",
                &[&CHANNEL, &format!("{}:{seq}", auth.team_id)],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(PushOutcome {
            accepted: plan.accept.len() as u32,
            duplicates: plan.duplicates,
            rejected: plan.rejected,
            first_seq,
            latest_seq: seq,
        })
    }

    async fn pull(&self, team_id: Uuid, after: u64, limit: u32) -> StoreResult<PullPage> {
        let mut client = self.pool.get().await?;
        let tx = snapshot(&mut client).await?;
        let latest_seq = latest(&*tx, team_id).await?;
        let rows = tx
            .query(
                &format!(
                    "SELECT {OP_COLUMNS} FROM ops WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
                ),
                &[&team_id, &to_i64(after), &i64::from(limit)],
            )
            .await?;
        tx.commit().await?;
        let ops = rows.iter().map(read_op).collect::<StoreResult<Vec<_>>>()?;
        let reached = ops.last().map_or(after, |op| op.seq);
        Ok(PullPage {
            up_to_date: reached >= latest_seq,
            ops,
            latest_seq,
        })
    }

    async fn latest_seq(&self, team_id: Uuid) -> StoreResult<u64> {
        let client = self.pool.get().await?;
        latest(&**client, team_id).await
    }

    fn subscribe(&self) -> broadcast::Receiver<TeamEvent> {
        self.events.subscribe()
    }
}
