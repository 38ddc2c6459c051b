//! Projections: how one op changes the tables the UI reads. Pure last-writer-wins per field,
//! so applying the same set of ops in any order yields the same rows.

use crate::base::Result;
mod authority;
mod checkins;
mod content;
mod decide;

pub(crate) use authority::{revives_refused, target_member};
pub(crate) use checkins::answer_key;
mod focus;
mod notify;
mod people;
mod team;
mod work;

use crate::log::ops::{Op, OpPayload};
use rusqlite::types::Value;
use rusqlite::Transaction;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The projection tables, in the order `rebuild` clears and compares them.
pub const PROJECTED_TABLES: &[&str] = &[
    "devices",
    "members",
    "teams",
    "focus_sessions",
    "time_off",
    "zone_changes",
    "statuses",
    "focus_blocks",
    "rotas",
    "notifications",
    "notify_prefs",
    "member_creators",
    "device_members",
    "device_successors",
    "unauthorized_ops",
    "channels",
    "channel_members",
    "threads",
    "comments",
    "item_revisions",
    "thread_states",
    "reactions",
    "thanks",
    "docs",
    "doc_revisions",
    "doc_revision_parents",
    "doc_comments",
    "tasks",
    "task_blockers",
    "goals",
    "captures",
    "checkin_templates",
    "checkin_schedules",
    "checkin_answers",
    "checkin_answer_revisions",
    "checkin_digests",
    "decisions",
    "decision_votes",
    "change_rules",
    "change_templates",
    "change_requests",
    "change_responses",
];

/// One column write: the column, the stamp column guarding it, and the value.
pub(super) type Field = (&'static str, &'static str, Value);

/// Applies one op to the projection tables inside the caller's transaction.
pub fn apply(tx: &Transaction<'_>, op: &Op) -> Result<()> {
    apply_all(tx, std::slice::from_ref(op))
}

/// Applies many ops. Writes to the same row are merged in memory first (last writer wins per
/// stamp group, exactly as SQL would decide), so a batch costs one statement per touched row.
pub fn apply_all(tx: &Transaction<'_>, ops: &[Op]) -> Result<()> {
    let mut rows: Vec<RowWrite> = Vec::new();
    let mut index: HashMap<(&'static str, String), usize> = HashMap::new();
    let mut authority = authority::Authority::for_batch(tx, ops)?;
    for op in ops {
        // An op the author had no right to make stays in the log but changes no row.
        if !authority.allows(tx, op)? {
            continue;
        }
        authority::record_grants(tx, op)?;
        for write in row_writes(op)? {
            match index.get(&(write.table, write.id.clone())) {
                Some(&at) => rows[at].merge(write),
                None => {
                    index.insert((write.table, write.id.clone()), rows.len());
                    rows.push(write);
                }
            }
        }
    }
    for row in rows {
        row.execute(tx)?;
    }
    // This device's arrival order of notifications: a local fact that rebuilds keep.
    for op in ops {
        if let OpPayload::NotificationQueued {
            notification_id,
            recipient_id,
            sender_id,
            kind,
            urgent,
            ..
        } = &op.payload
        {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO inbox_order (notification_id, recipient_id, sender_id, kind, urgent)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(rusqlite::params![notification_id, recipient_id, sender_id, kind, urgent])?;
        }
    }
    Ok(())
}

/// Everything one op writes to one projection row.
#[derive(Debug)]
pub(super) struct RowWrite {
    table: &'static str,
    id: String,
    /// Per stamp column: the write's key and the columns it guards.
    groups: Vec<StampGroup>,
}

#[derive(Debug)]
struct StampGroup {
    stamp: &'static str,
    key: String,
    fields: Vec<(&'static str, Value)>,
}

impl RowWrite {
    pub(super) fn new(
        table: &'static str,
        id: &str,
        key: &str,
        fields: Vec<Field>,
    ) -> Option<RowWrite> {
        let mut groups: Vec<StampGroup> = Vec::new();
        for (column, stamp, value) in fields {
            match groups.iter_mut().find(|group| group.stamp == stamp) {
                Some(group) => group.fields.push((column, value)),
                None => groups.push(StampGroup {
                    stamp,
                    key: key.to_owned(),
                    fields: vec![(column, value)],
                }),
            }
        }
        (!groups.is_empty()).then(|| RowWrite {
            table,
            id: id.to_owned(),
            groups,
        })
    }

    /// Folds a later-applied write of the same row into this one: per stamp group, the larger
    /// key wins, whatever the order they arrive in.
    fn merge(&mut self, other: RowWrite) {
        for group in other.groups {
            match self
                .groups
                .iter_mut()
                .find(|mine| mine.stamp == group.stamp)
            {
                Some(mine) if group.key > mine.key => *mine = group,
                Some(_) => {}
                None => self.groups.push(group),
            }
        }
    }

    fn execute(self, tx: &Transaction<'_>) -> Result<()> {
        let shape: Vec<(&'static str, Vec<&'static str>)> = self
            .groups
            .iter()
            .map(|group| {
                (
                    group.stamp,
                    group.fields.iter().map(|(column, _)| *column).collect(),
                )
            })
            .collect();
        let sql = upsert_sql(self.table, shape);
        let mut params: Vec<Value> = Vec::with_capacity(8);
        params.push(Value::Text(self.id));
        for group in self.groups {
            params.push(Value::Text(group.key));
            params.extend(group.fields.into_iter().map(|(_, value)| value));
        }
        tx.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(params))?;
        Ok(())
    }
}

/// What `op` writes. Each domain's ops are projected in its own file; this match is
/// exhaustive, so a new variant must be routed before the crate compiles.
fn row_writes(op: &Op) -> Result<Vec<RowWrite>> {
    use OpPayload::*;
    let key = op.hlc.lww_key(&op.device_id, op.idx);
    let single = match &op.payload {
        DeviceRegistered { .. }
        | MemberCreated { .. }
        | MemberUpdated { .. }
        | TeamCreated { .. }
        | TeamRenamed { .. }
        | DeviceLinked { .. }
        | DeviceSucceeded { .. } => people::row_write(&key, &op.payload),
        FocusStarted { .. }
        | FocusStopped { .. }
        | FocusExtended { .. }
        | FocusBlockAdded { .. }
        | FocusBlockArchived { .. } => focus::row_write(&key, &op.payload),
        TimeOffAdded { .. }
        | TimeOffArchived { .. }
        | ZoneChangePlanned { .. }
        | StatusSet { .. }
        | RotaSet { .. } => team::row_write(&key, &op.payload),
        NotificationQueued { .. } | NotifyScheduleSet { .. } | NotifyPrefsSet { .. } => {
            notify::row_write(&key, &op.payload)
        }
        ChannelCreated { .. }
        | ChannelSettingsSet { .. }
        | ChannelMemberSet { .. }
        | ArchiveSet { .. }
        | ThreadCreated { .. }
        | ThreadEdited { .. }
        | ThreadResolved { .. }
        | CommentAdded { .. }
        | CommentEdited { .. }
        | ThreadStateSet { .. }
        | ReactionSet { .. }
        | ThanksGiven { .. }
        | DocCreated { .. }
        | DocRevised { .. }
        | DocCommentAdded { .. } => return content::row_writes(&key, &op.payload),
        TaskCreated { .. }
        | TaskEdited { .. }
        | TaskMoved { .. }
        | TaskBlockerSet { .. }
        | GoalCreated { .. }
        | GoalUpdated { .. }
        | CaptureAdded { .. }
        | CaptureTriaged { .. } => return work::row_writes(&key, &op.payload),
        CheckinTemplateSet { .. }
        | CheckinScheduleSet { .. }
        | CheckinAnswered { .. }
        | CheckinBlockerCleared { .. }
        | CheckinDigestPosted { .. } => return checkins::row_writes(&key, &op.payload),
        DecisionProposed { .. }
        | DecisionVoted { .. }
        | DecisionClosed { .. }
        | DecisionOutcomeSet { .. }
        | ChangeRuleSet { .. }
        | ChangeTemplateSaved { .. }
        | ChangeRequested { .. }
        | ChangeResponded { .. }
        | ChangeWithdrawn { .. }
        | ChangeReviewed { .. } => return decide::row_writes(&key, &op.payload),
    };
    Ok(single?.into_iter().collect())
}

pub(super) fn optional(value: &Option<String>) -> Value {
    value.as_deref().map(text).unwrap_or(Value::Null)
}

pub(super) fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

/// The upsert statement for `table` and this shape (stamp column → columns it guards), built
/// once per shape. Parameters: `?1` is the id, then for each group its key and its values.
///
/// SQLite evaluates every SET expression against the row as it was before the update, so
/// each CASE compares with the old stamp even though the stamp is updated in the same SET.
fn upsert_sql(table: &'static str, shape: Vec<(&'static str, Vec<&'static str>)>) -> Arc<str> {
    type Cache = HashMap<(&'static str, Vec<(&'static str, Vec<&'static str>)>), Arc<str>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let cache_key = (table, shape);
    if let Some(sql) = cache.get(&cache_key) {
        return sql.clone();
    }
    let mut names = vec!["id".to_owned()];
    let mut values = vec!["?1".to_owned()];
    let mut updates = Vec::new();
    let mut next = 2;
    for (stamp, columns) in &cache_key.1 {
        let key = format!("?{next}");
        next += 1;
        names.push((*stamp).to_owned());
        values.push(key.clone());
        updates.push(format!("{stamp} = max({table}.{stamp}, {key})"));
        for column in columns {
            names.push((*column).to_owned());
            values.push(format!("?{next}"));
            next += 1;
            updates.push(format!(
                "{column} = CASE WHEN {key} > {table}.{stamp} THEN excluded.{column} ELSE {table}.{column} END"
            ));
        }
    }
    // The stamp updates must not run before the CASEs read the old stamp; SQLite reads the
    // pre-update row for every expression, so their order in SET does not matter.
    let sql: Arc<str> = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
        names.join(", "),
        values.join(", "),
        updates.join(", ")
    )
    .into();
    cache.insert(cache_key.clone(), sql.clone());
    sql
}
