//! Authorship: personal data (a member's profile, hours, zone moves, status, focus and
//! notification settings) changes only through ops from that member's own devices — the
//! device that created the member, or a device linked to them. Decided here, in the
//! projection, from the log alone, so every replica agrees on which ops count.

use crate::base::Result;
use crate::log::ops::{Op, OpPayload};
use rusqlite::{OptionalExtension, Transaction};
use std::collections::{HashMap, HashSet};

/// Who may act for whom, as far as the tables and the batch being applied tell.
#[derive(Debug, Default)]
pub(super) struct Authority {
    /// member → devices that created them, from this batch.
    creators: HashMap<String, HashSet<String>>,
    /// (device, member) links from this batch that an authorised device appended.
    links: HashSet<(String, String)>,
    /// new device → the device it carries on for, from this batch.
    successors: HashMap<String, String>,
    /// Sessions and blocks started or added in this batch → (write's LWW key, member): the
    /// same winner the table's last-writer-wins would keep.
    session_members: HashMap<String, (String, String)>,
    block_members: HashMap<String, (String, String)>,
    /// Answers already looked up in the tables during this batch.
    cache: HashMap<(String, String), bool>,
}

impl Authority {
    /// Reads what the batch itself establishes. Links are settled to a fixpoint: a link is
    /// valid when its appender may act for the member, which may itself rest on another link
    /// in the same batch (a rebuild applies the whole log as one batch).
    pub(super) fn for_batch(tx: &Transaction<'_>, ops: &[Op]) -> Result<Authority> {
        let mut authority = Authority::default();
        let mut pending_links = Vec::new();
        for op in ops {
            match &op.payload {
                OpPayload::MemberCreated { member_id, .. } => {
                    authority
                        .creators
                        .entry(member_id.clone())
                        .or_default()
                        .insert(op.device_id.clone());
                }
                OpPayload::DeviceLinked {
                    device_id,
                    member_id,
                } => {
                    pending_links.push((op.device_id.clone(), device_id.clone(), member_id.clone()))
                }
                OpPayload::DeviceSucceeded { old_device_id } if op.idx == 1 => {
                    authority
                        .successors
                        .insert(op.device_id.clone(), old_device_id.clone());
                }
                OpPayload::FocusStarted {
                    session_id,
                    member_id,
                    ..
                } => keep_winner(&mut authority.session_members, session_id, op, member_id),
                OpPayload::FocusBlockAdded {
                    block_id,
                    member_id,
                    ..
                } => keep_winner(&mut authority.block_members, block_id, op, member_id),
                _ => {}
            }
        }
        loop {
            let before = pending_links.len();
            let mut still_pending = Vec::new();
            for (appender, device, member) in pending_links {
                if authority.may_act_for(tx, &appender, &member)? {
                    authority.links.insert((device, member));
                } else {
                    still_pending.push((appender, device, member));
                }
            }
            pending_links = still_pending;
            if pending_links.len() == before {
                break;
            }
        }
        Ok(authority)
    }

    /// Whether `op` may be applied: always for team data, and for personal data only when it
    /// comes from one of the member's devices. An op whose member cannot be told yet (a stop of
    /// a session this replica has not seen start) is applied: there is nothing to protect.
    pub(super) fn allows(&mut self, tx: &Transaction<'_>, op: &Op) -> Result<bool> {
        let member = match &op.payload {
            OpPayload::MemberUpdated { member_id, .. }
            | OpPayload::ZoneChangePlanned { member_id, .. }
            | OpPayload::StatusSet { member_id, .. }
            | OpPayload::FocusStarted { member_id, .. }
            | OpPayload::FocusBlockAdded { member_id, .. }
            | OpPayload::NotifyScheduleSet { member_id, .. }
            | OpPayload::NotifyPrefsSet { member_id, .. }
            | OpPayload::DeviceLinked { member_id, .. }
            | OpPayload::ThreadResolved { member_id, .. }
            | OpPayload::ThreadStateSet { member_id, .. }
            | OpPayload::ReactionSet { member_id, .. }
            | OpPayload::CheckinAnswered { member_id, .. }
            | OpPayload::CheckinBlockerCleared { member_id, .. } => Some(member_id.clone()),
            // Content is written in someone's name: only their devices may write it.
            OpPayload::ChannelCreated { author_id, .. }
            | OpPayload::ThreadCreated { author_id, .. }
            | OpPayload::ThreadEdited { author_id, .. }
            | OpPayload::CommentAdded { author_id, .. }
            | OpPayload::CommentEdited { author_id, .. }
            | OpPayload::DocCreated { author_id, .. }
            | OpPayload::DocRevised { author_id, .. }
            | OpPayload::DocCommentAdded { author_id, .. }
            | OpPayload::CheckinTemplateSet { author_id, .. }
            | OpPayload::CheckinScheduleSet { author_id, .. } => Some(author_id.clone()),
            OpPayload::ThanksGiven { from_id, .. } => Some(from_id.clone()),
            // Board changes are made in someone's name; captures are private to their writer.
            OpPayload::TaskCreated { author_id, .. }
            | OpPayload::TaskEdited { author_id, .. }
            | OpPayload::GoalCreated { author_id, .. }
            | OpPayload::GoalUpdated { author_id, .. } => Some(author_id.clone()),
            OpPayload::TaskMoved { member_id, .. }
            | OpPayload::TaskBlockerSet { member_id, .. }
            | OpPayload::CaptureAdded { member_id, .. }
            | OpPayload::CaptureTriaged { member_id, .. } => Some(member_id.clone()),
            OpPayload::FocusStopped { session_id, .. }
            | OpPayload::FocusExtended { session_id, .. } => self.session_member(tx, session_id)?,
            OpPayload::FocusBlockArchived { block_id } => self.block_member(tx, block_id)?,
            _ => return Ok(true),
        };
        match member {
            Some(member) => {
                let allowed = self.may_act_for(tx, &op.device_id, &member)?;
                if !allowed {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO unauthorized_ops (id, device_id, member_id)
                         VALUES (?1, ?2, ?3)",
                    )?
                    .execute([&op.id, &op.device_id, &member])?;
                }
                Ok(allowed)
            }
            None => {
                // Remember it: when the session or block arrives, ingest replays the log.
                if let Some(target) = target_of(&op.payload) {
                    tx.prepare_cached("INSERT OR IGNORE INTO unresolved_targets (id) VALUES (?1)")?
                        .execute([target])?;
                }
                Ok(true)
            }
        }
    }

    fn may_act_for(&mut self, tx: &Transaction<'_>, device: &str, member: &str) -> Result<bool> {
        // A device that carries on for a forked one inherits its rights (a chain, if it forked
        // again); bounded, since a chain cannot be longer than the devices there are.
        let mut current = device.to_owned();
        for _ in 0..64 {
            if self.may_act_directly(tx, &current, member)? {
                return Ok(true);
            }
            match self.predecessor(tx, &current)? {
                Some(old) if old != current => current = old,
                _ => return Ok(false),
            }
        }
        Ok(false)
    }

    fn predecessor(&self, tx: &Transaction<'_>, device: &str) -> Result<Option<String>> {
        if let Some(old) = self.successors.get(device) {
            return Ok(Some(old.clone()));
        }
        Ok(tx
            .prepare_cached("SELECT old_device_id FROM device_successors WHERE new_device_id = ?1")?
            .query_row([device], |row| row.get(0))
            .optional()?)
    }

    fn may_act_directly(
        &mut self,
        tx: &Transaction<'_>,
        device: &str,
        member: &str,
    ) -> Result<bool> {
        if self
            .creators
            .get(member)
            .is_some_and(|devices| devices.contains(device))
            || self.links.contains(&(device.to_owned(), member.to_owned()))
        {
            return Ok(true);
        }
        let key = (device.to_owned(), member.to_owned());
        if let Some(&known) = self.cache.get(&key) {
            return Ok(known);
        }
        let allowed: bool = tx
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM member_creators WHERE member_id = ?2 AND device_id = ?1)
                     OR EXISTS(SELECT 1 FROM device_members WHERE device_id = ?1 AND member_id = ?2)",
            )?
            .query_row([device, member], |row| row.get(0))?;
        self.cache.insert(key, allowed);
        Ok(allowed)
    }

    fn session_member(&self, tx: &Transaction<'_>, session_id: &str) -> Result<Option<String>> {
        if let Some((_, member)) = self.session_members.get(session_id) {
            return Ok(Some(member.clone()));
        }
        Ok(tx
            .prepare_cached("SELECT member_id FROM op_targets WHERE id = ?1")?
            .query_row([session_id], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    fn block_member(&self, tx: &Transaction<'_>, block_id: &str) -> Result<Option<String>> {
        if let Some((_, member)) = self.block_members.get(block_id) {
            return Ok(Some(member.clone()));
        }
        Ok(tx
            .prepare_cached("SELECT member_id FROM op_targets WHERE id = ?1")?
            .query_row([block_id], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }
}

/// The session or block an op refers to without naming its member.
fn target_of(payload: &OpPayload) -> Option<&str> {
    match payload {
        OpPayload::FocusStopped { session_id, .. }
        | OpPayload::FocusExtended { session_id, .. } => Some(session_id),
        OpPayload::FocusBlockArchived { block_id } => Some(block_id),
        _ => None,
    }
}

/// The session or block an op starts and whose it is, which earlier ops may have been
/// waiting for.
pub(crate) fn target_member(payload: &OpPayload) -> Option<(&str, &str)> {
    match payload {
        OpPayload::FocusStarted {
            session_id,
            member_id,
            ..
        } => Some((session_id, member_id)),
        OpPayload::FocusBlockAdded {
            block_id,
            member_id,
            ..
        } => Some((block_id, member_id)),
        _ => None,
    }
}

/// Records `member` for `target` unless a write with a larger LWW key already named one.
fn keep_winner(
    targets: &mut HashMap<String, (String, String)>,
    target: &str,
    op: &Op,
    member: &str,
) {
    let key = op.hlc.lww_key(&op.device_id, op.idx);
    match targets.get(target) {
        Some((known, _)) if *known >= key => {}
        _ => {
            targets.insert(target.to_owned(), (key, member.to_owned()));
        }
    }
}

/// Adds what an applied op grants to the grow-only sets: a member's creating device, a device
/// linked to a member.
pub(super) fn record_grants(tx: &Transaction<'_>, op: &Op) -> Result<()> {
    if let OpPayload::DeviceSucceeded { old_device_id } = &op.payload {
        if op.idx == 1 {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO device_successors (id, new_device_id, old_device_id)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute([
                format!("{} {old_device_id}", op.device_id).as_str(),
                &op.device_id,
                old_device_id,
            ])?;
        }
        return Ok(());
    }
    let (table, member, device) = match &op.payload {
        OpPayload::MemberCreated { member_id, .. } => ("member_creators", member_id, &op.device_id),
        OpPayload::DeviceLinked {
            device_id,
            member_id,
        } => ("device_members", member_id, device_id),
        _ => return Ok(()),
    };
    tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {table} (id, member_id, device_id) VALUES (?1, ?2, ?3)"
    ))?
    .execute([format!("{member} {device}").as_str(), member, device])?;
    Ok(())
}

/// Whether applying `op` may make ops refused earlier count — a member's creation or a device
/// link whose device has refused ops for that member, or a device carrying on for a forked one —
/// so the log must be replayed for every replica to agree.
pub(crate) fn revives_refused(tx: &Transaction<'_>, op: &Op) -> Result<bool> {
    let (device, member) = match &op.payload {
        OpPayload::DeviceSucceeded { .. } => return Ok(true),
        OpPayload::MemberCreated { member_id, .. } => (op.device_id.as_str(), member_id),
        OpPayload::DeviceLinked {
            device_id,
            member_id,
        } => (device_id.as_str(), member_id),
        _ => return Ok(false),
    };
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM unauthorized_ops WHERE device_id = ?1 AND member_id = ?2)",
        )?
        .query_row([device, member.as_str()], |row| row.get(0))?)
}
