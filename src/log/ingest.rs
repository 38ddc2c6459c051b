//! Ingesting ops made elsewhere (sync): each op gets a verdict, and an op that cannot be
//! applied yet is set aside instead of aborting the batch. A device's series stays
//! contiguous (idx 1, 2, 3, … with no holes), a foreign stamp moves the local clock by at most
//! a bound, and a fork of this device's own series (a restored backup, a copied profile)
//! makes it take a new device id and re-append its ops there, so nothing is lost.

use super::hlc::Hlc;
use super::ops::{Op, OpPayload};
use super::projection;
use super::store::{
    head_of, insert_op, local_meta, op_values, read_ops_where, rebuild_in, set_local_meta,
    OP_COLUMNS,
};
use crate::base::Result;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;

/// How far ahead of this device's clock a foreign stamp may pull the local clock. An op
/// stamped further ahead is still applied (the server already refused anything more than this
/// ahead of its own clock, so it is a teammate's skew, not a wrong year), but local stamps
/// ignore it: one device with a fast clock can never drag every later local edit into the
/// future and make a teammate's honest edit lose last-writer-wins.
pub const MAX_CLOCK_AHEAD_MS: i64 = 10 * 60 * 1000;

/// What ingest did with one op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    /// Stored and projected.
    Applied,
    /// Already in the log, identical.
    Duplicate,
    /// A different op already sits at this device and index: set aside, ours kept.
    Fork,
    /// Ops before it in its device's series are missing: set aside until they arrive.
    Gap { expected_idx: i64 },
    /// Applied, but stamped more than [`MAX_CLOCK_AHEAD_MS`] ahead of this clock: it does
    /// not move the local clock.
    ClockAhead,
    /// Another copy of this profile wrote at this device's own index: this device took a new
    /// id, re-appended its own ops there, and applied the incoming one.
    OwnFork { new_device_id: String },
}

/// The verdict for every op of a batch, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    pub verdicts: Vec<(String, Verdict)>,
    /// Ops set aside earlier (a gap, a stamp ahead) that this batch made applicable.
    pub released: usize,
}

impl IngestReport {
    /// How many ops were stored and projected, released ones included.
    pub fn applied(&self) -> usize {
        self.released
            + self
                .verdicts
                .iter()
                .filter(|(_, verdict)| {
                    matches!(
                        verdict,
                        Verdict::Applied | Verdict::ClockAhead | Verdict::OwnFork { .. }
                    )
                })
                .count()
    }

    /// How many ops were set aside by this batch (forks, gaps).
    pub fn set_aside(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|(_, verdict)| matches!(verdict, Verdict::Fork | Verdict::Gap { .. }))
            .count()
    }
}

/// Ingests `ops` in one transaction; `device_id` is this device's id and is updated when its
/// series forked. Never fails because of what an op says, only because of storage errors.
pub(crate) fn ingest(
    tx: &Transaction<'_>,
    device_id: &mut String,
    ops: &[Op],
    now: DateTime<Utc>,
) -> Result<IngestReport> {
    let mut order: Vec<usize> = (0..ops.len()).collect();
    // A device's ops in index order, so a batch that arrives shuffled still applies whole.
    order.sort_by(|&a, &b| (&ops[a].device_id, ops[a].idx).cmp(&(&ops[b].device_id, ops[b].idx)));
    let mut verdicts: Vec<Option<Verdict>> = vec![None; ops.len()];
    let mut needs_rebuild = false;
    for at in order {
        let op = &ops[at];
        let verdict = judge(tx, device_id, op, now)?;
        let verdict = match verdict {
            Judged::Apply => {
                needs_rebuild |= apply(tx, op)?;
                Verdict::Applied
            }
            Judged::ApplyAhead => {
                needs_rebuild |= apply(tx, op)?;
                Verdict::ClockAhead
            }
            Judged::Duplicate => Verdict::Duplicate,
            Judged::SetAside(reason, verdict) => {
                set_aside(tx, op, reason, now)?;
                verdict
            }
            Judged::OwnFork => {
                let new_device_id = take_new_device_id(tx, device_id, op.idx, now)?;
                apply(tx, op)?;
                needs_rebuild = true;
                Verdict::OwnFork { new_device_id }
            }
        };
        verdicts[at] = Some(verdict);
    }
    let released = release_set_aside(tx, device_id, now, &mut needs_rebuild)?;
    if needs_rebuild {
        // A new link can make earlier ops of that device count, and a fork moved ops: replay.
        rebuild_in(tx)?;
    }
    Ok(IngestReport {
        verdicts: ops
            .iter()
            .zip(verdicts)
            .map(|(op, verdict)| (op.id.clone(), verdict.unwrap_or(Verdict::Duplicate)))
            .collect(),
        released,
    })
}

enum Judged {
    Apply,
    ApplyAhead,
    Duplicate,
    SetAside(&'static str, Verdict),
    OwnFork,
}

fn judge(tx: &Transaction<'_>, device_id: &str, op: &Op, now: DateTime<Utc>) -> Result<Judged> {
    let stored: Option<(String, String, i64, u32)> = tx
        .prepare_cached(
            "SELECT id, payload, hlc_wall, hlc_counter FROM ops WHERE device_id = ?1 AND idx = ?2",
        )?
        .query_row(rusqlite::params![op.device_id, op.idx], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    if let Some((id, payload, wall, counter)) = stored {
        let same = id == op.id
            && payload == serde_json::to_string(&op.payload)?
            && Hlc {
                wall_ms: wall,
                counter,
            } == op.hlc;
        return Ok(if same {
            Judged::Duplicate
        } else if op.device_id == device_id {
            Judged::OwnFork
        } else {
            Judged::SetAside("fork", Verdict::Fork)
        });
    }
    let head = head_of(tx, &op.device_id)?;
    if op.idx != head + 1 {
        return Ok(Judged::SetAside(
            "gap",
            Verdict::Gap {
                expected_idx: head + 1,
            },
        ));
    }
    if op.hlc.wall_ms > now.timestamp_millis() + MAX_CLOCK_AHEAD_MS {
        return Ok(Judged::ApplyAhead);
    }
    Ok(Judged::Apply)
}

/// Stores and projects `op`; says whether the log must be replayed because of it: a new
/// device link can make earlier ops of that device count, and a session or block that ops
/// were waiting for lets the authorship rule decide about them.
fn apply(tx: &Transaction<'_>, op: &Op) -> Result<bool> {
    // Whose session or block this was before the op: if it names another member, or ops were
    // waiting to know, the authorship verdicts on the ops that refer to it change: replay.
    let target = projection::target_member(&op.payload);
    let before: Option<String> = match target {
        Some((id, _)) => tx
            .prepare_cached("SELECT member_id FROM op_targets WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?,
        None => None,
    };
    insert_op(tx, op)?;
    projection::apply(tx, op)?;
    if projection::revives_refused(tx, op)? {
        return Ok(true);
    }
    let Some((id, _)) = target else {
        return Ok(false);
    };
    let after: Option<String> = tx
        .prepare_cached("SELECT member_id FROM op_targets WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    let waited = tx
        .prepare_cached("DELETE FROM unresolved_targets WHERE id = ?1")?
        .execute([id])?;
    Ok(waited > 0 || (before.is_some() && before != after))
}

fn set_aside(tx: &Transaction<'_>, op: &Op, reason: &str, now: DateTime<Utc>) -> Result<()> {
    let mut values = op_values(op)?;
    values.push(Value::Text(reason.to_owned()));
    values.push(Value::Text(super::ops::format_instant(now)));
    tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO ops_set_aside ({OP_COLUMNS}, reason, set_aside_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Applies set-aside ops that now fit (their gap filled), until none does.
fn release_set_aside(
    tx: &Transaction<'_>,
    device_id: &str,
    now: DateTime<Utc>,
    needs_rebuild: &mut bool,
) -> Result<usize> {
    let mut released = 0;
    loop {
        let waiting = read_ops_where(
            tx,
            "ops_set_aside",
            "resolved = 0 AND reason = 'gap' ORDER BY device_id, idx",
            [],
        )?;
        let mut progress = false;
        for op in waiting {
            match judge(tx, device_id, &op, now)? {
                Judged::Apply | Judged::ApplyAhead => {
                    *needs_rebuild |= apply(tx, &op)?;
                    released += 1;
                }
                Judged::Duplicate => {}
                // Still a gap (or now a fork): it stays aside.
                Judged::SetAside(..) | Judged::OwnFork => continue,
            }
            tx.prepare_cached(
                "UPDATE ops_set_aside SET resolved = 1 WHERE id = ?1 AND reason = 'gap'",
            )?
            .execute([&op.id])?;
            progress = true;
        }
        if !progress {
            return Ok(released);
        }
    }
}

/// This device's series forked at `from_idx`: another copy of this profile (a restored
/// backup, a copied folder) already published different ops there. Our ops from that index
/// on move aside (kept, never lost), this device takes a new id, and their payloads are
/// appended again under it, newest stamps, so they still win where they should.
fn take_new_device_id(
    tx: &Transaction<'_>,
    device_id: &mut String,
    from_idx: i64,
    now: DateTime<Utc>,
) -> Result<String> {
    let ours = read_ops_where(
        tx,
        "ops",
        "device_id = ?1 AND idx >= ?2 ORDER BY idx",
        rusqlite::params![device_id.as_str(), from_idx],
    )?;
    for op in &ours {
        set_aside(tx, op, "forked_local", now)?;
    }
    tx.prepare_cached("DELETE FROM ops WHERE device_id = ?1 AND idx >= ?2")?
        .execute(rusqlite::params![device_id.as_str(), from_idx])?;
    let new_id = uuid::Uuid::now_v7().to_string();
    set_local_meta(tx, "device_id", &new_id)?;
    let previous = local_meta(tx, "device_id_history")?.unwrap_or_default();
    set_local_meta(
        tx,
        "device_id_history",
        &format!(
            "{previous}{}{device_id}",
            if previous.is_empty() { "" } else { "," }
        ),
    )?;
    let mut payloads = vec![
        // First, so the new series inherits the old device's rights (see the projection).
        OpPayload::DeviceSucceeded {
            old_device_id: device_id.clone(),
        },
        OpPayload::DeviceRegistered {
            device_id: new_id.clone(),
            name: "This device (after a fork)".to_owned(),
            platform: std::env::consts::OS.to_owned(),
        },
    ];
    payloads.extend(ours.into_iter().map(|op| op.payload));
    super::store::append_in(tx, &new_id, now, payloads)?;
    *device_id = new_id.clone();
    Ok(new_id)
}
