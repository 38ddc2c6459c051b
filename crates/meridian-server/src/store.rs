//! The storage seam: one async trait, implemented by SQLite (the default, one file) and
//! PostgreSQL (several stateless replicas on one database). The rules that decide what a push
//! does live here, once, as a pure function both stores call inside their transaction, so the
//! two can only differ in how they read and write rows.

pub mod postgres;
pub mod sqlite;

use meridian_protocol::{OpEnvelope, Rejection, RejectionCode, SequencedOp};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use tokio::sync::broadcast;
use uuid::Uuid;

/// How far ahead of the server's clock a stamp may be: beyond that, a device's clock is wrong
/// and its hybrid clock would drag every peer's forward.
pub const MAX_CLOCK_AHEAD_MS: i64 = 10 * 60 * 1000;

/// The longest op kind accepted: kinds are short tags such as `member_created`.
pub const MAX_KIND_LEN: usize = 128;

/// A SHA-256 digest of a bearer token or invite code: the only form in which they are stored,
/// so a leaked database grants no access.
pub type SecretHash = [u8; 32];

/// A device known to the server, as its token resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceAuth {
    pub device_id: Uuid,
    pub team_id: Uuid,
}

/// Whom a token belongs to, and whether that device was removed from its team (its token
/// then opens nothing, though its series stays stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenOwner {
    pub auth: DeviceAuth,
    pub removed: bool,
}

/// What asking to remove a device did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// The device was active and is now removed; its token stops working at once.
    Removed,
    /// The device had been removed before.
    AlreadyRemoved,
    /// The team has no device with this id.
    Unknown,
}

/// A new op-log position reached by a team: what the live event stream announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamEvent {
    pub team_id: Uuid,
    pub seq: u64,
}

/// Why an invite code did not admit a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteRefusal {
    Unknown,
    Spent,
    Revoked,
    Expired,
}

/// The state of a team's log: each device's head and the latest sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamStatus {
    pub heads: BTreeMap<Uuid, u64>,
    pub latest_seq: u64,
}

/// What a push did, op by op.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushOutcome {
    pub accepted: u32,
    pub duplicates: u32,
    pub rejected: Vec<Rejection>,
    /// The sequence numbers given to the accepted ops, in order (empty when none).
    pub first_seq: Option<u64>,
    pub latest_seq: u64,
}

/// A page of a team's ops after a sequence number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullPage {
    pub ops: Vec<SequencedOp>,
    pub up_to_date: bool,
    pub latest_seq: u64,
}

/// A storage failure: the request cannot be answered and is worth retrying later.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("storage task failed: {0}")]
    Task(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// The device was removed from its team (between authentication and this write).
    #[error("the device was removed from its team")]
    DeviceRemoved,
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the HTTP layer asks of storage. Every team-scoped call takes the team of the
/// authenticated device, so no query can reach another team's rows.
pub trait Store: Send + Sync + 'static {
    /// Creates a team with its first device.
    fn create_team(
        &self,
        team_id: Uuid,
        device_id: Uuid,
        token_hash: SecretHash,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Stores an invite to `team_id`, usable once until `expires_ms`.
    fn create_invite(
        &self,
        team_id: Uuid,
        code_hash: SecretHash,
        created_by: Uuid,
        expires_ms: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Revokes an unspent invite of `team_id`; false when the team has no such invite.
    fn revoke_invite(
        &self,
        team_id: Uuid,
        code_hash: SecretHash,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    /// Spends an invite and registers a device in its team, atomically: of two devices
    /// racing for one code, exactly one gets in.
    fn join(
        &self,
        code_hash: SecretHash,
        device_id: Uuid,
        token_hash: SecretHash,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<Result<Uuid, InviteRefusal>>> + Send;

    /// The device a token hash belongs to, removed or not.
    fn device_by_token(
        &self,
        token_hash: SecretHash,
    ) -> impl Future<Output = StoreResult<Option<TokenOwner>>> + Send;

    /// Marks a device of `team_id` removed, so its token opens nothing from now on; its ops
    /// stay stored. Serialised with pushes: none of its pushes commits after this returns.
    fn remove_device(
        &self,
        team_id: Uuid,
        device_id: Uuid,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<Removal>> + Send;

    /// Each device's head (0 before its first op) and the latest sequence.
    fn status(&self, team_id: Uuid) -> impl Future<Output = StoreResult<TeamStatus>> + Send;

    /// Stores the ops `plan_push` accepts, with the next sequence numbers, in one transaction;
    /// `StoreError::DeviceRemoved` when the device was removed meanwhile.
    fn push(
        &self,
        auth: DeviceAuth,
        ops: Vec<OpEnvelope>,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<PushOutcome>> + Send;

    /// Up to `limit` ops with a sequence above `after`, in order.
    fn pull(
        &self,
        team_id: Uuid,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = StoreResult<PullPage>> + Send;

    /// The team's latest sequence (0 before its first op).
    fn latest_seq(&self, team_id: Uuid) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Every team's new sequences as they are committed, by any replica sharing this storage.
    fn subscribe(&self) -> broadcast::Receiver<TeamEvent>;
}

/// What a push should do, decided from the device's head and the ops stored at the pushed
/// indexes (all read inside the store's transaction).
#[derive(Debug, Default)]
pub struct PushPlan {
    /// To insert, in order, at the device's head + 1, + 2, …
    pub accept: Vec<OpEnvelope>,
    pub duplicates: u32,
    pub rejected: Vec<Rejection>,
}

/// The indexes at or below `head` a push touches: the stored ops a store must load for
/// `plan_push` to tell a duplicate from a fork.
pub fn stored_indexes_needed(ops: &[OpEnvelope], device_id: Uuid, head: u64) -> Vec<u64> {
    let mut idxs: Vec<u64> = ops
        .iter()
        .filter(|op| op.device_id == device_id && op.idx >= 1 && op.idx <= head)
        .map(|op| op.idx)
        .collect();
    idxs.sort_unstable();
    idxs.dedup();
    idxs
}

/// Decides each op in order. Ops are taken one by one so a batch may mix re-sends and new ops;
/// a refused op does not move the head, so the ops after a gap are gaps too.
pub fn plan_push(
    ops: Vec<OpEnvelope>,
    device_id: Uuid,
    head: u64,
    stored: HashMap<u64, OpEnvelope>,
    now_ms: i64,
) -> PushPlan {
    let mut plan = PushPlan::default();
    let mut head = head;
    let mut known = stored;
    for op in ops {
        let refuse = |code: RejectionCode, reason: String| Rejection {
            id: op.id,
            reason,
            code: Some(code),
        };
        if op.device_id != device_id {
            plan.rejected.push(refuse(
                RejectionCode::WrongDevice,
                format!(
                    "op {} belongs to device {}, but this token is device {device_id}: a device pushes only its own ops",
                    op.id, op.device_id
                ),
            ));
        } else if op.idx == 0
            || op.kind.is_empty()
            || op.kind.len() > MAX_KIND_LEN
            || op.kind.contains('\0')
        {
            plan.rejected.push(refuse(
                RejectionCode::Invalid,
                format!(
                    "op {} is malformed: indexes start at 1, and the kind is 1 to {MAX_KIND_LEN} bytes without NUL",
                    op.id
                ),
            ));
        } else if op.stamp.wall_ms > now_ms.saturating_add(MAX_CLOCK_AHEAD_MS) {
            plan.rejected.push(refuse(
                RejectionCode::ClockAhead,
                format!(
                    "op {} is stamped {} ms ahead of the server's clock (at most {MAX_CLOCK_AHEAD_MS} allowed): correct the device clock",
                    op.id,
                    op.stamp.wall_ms - now_ms
                ),
            ));
        } else if op.idx <= head {
            match known.get(&op.idx) {
                Some(existing) if *existing == op => plan.duplicates += 1,
                Some(existing) => plan.rejected.push(refuse(
                    RejectionCode::Fork,
                    format!(
                        "index {} of device {device_id} already holds a different op ({}): the device's series has forked and must be rebuilt from the server's copy",
                        op.idx, existing.id
                    ),
                )),
                None => plan.rejected.push(refuse(
                    RejectionCode::Fork,
                    format!("index {} of device {device_id} is stored but could not be compared; pull and retry", op.idx),
                )),
            }
        } else if op.idx > head + 1 {
            plan.rejected.push(refuse(
                RejectionCode::Gap,
                format!(
                    "op {} has index {}, but the server holds device {device_id} up to {head}: push from index {} first",
                    op.id,
                    op.idx,
                    head + 1
                ),
            ));
        } else {
            head = op.idx;
            known.insert(op.idx, op.clone());
            plan.accept.push(op);
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use meridian_protocol::Stamp;

    fn op(device: u128, idx: u64, payload: &str) -> OpEnvelope {
        OpEnvelope {
            id: Uuid::from_u128(idx as u128 * 1000 + payload.len() as u128),
            device_id: Uuid::from_u128(device),
            idx,
            stamp: Stamp {
                wall_ms: 1_000,
                counter: 0,
            },
            kind: "k".into(),
            version: 1,
            payload: payload.into(),
        }
    }

    #[test]
    fn a_batch_repeating_an_index_it_just_accepted_is_a_duplicate_or_a_fork() {
        let d = Uuid::from_u128(1);
        let plan = plan_push(
            vec![op(1, 1, "a"), op(1, 1, "a"), op(1, 1, "bb"), op(1, 3, "c")],
            d,
            0,
            HashMap::new(),
            1_000,
        );
        assert_eq!(plan.accept.len(), 1);
        assert_eq!(plan.duplicates, 1);
        let codes: Vec<_> = plan.rejected.iter().map(|r| r.code.unwrap()).collect();
        assert_eq!(codes, [RejectionCode::Fork, RejectionCode::Gap]);
    }
}
