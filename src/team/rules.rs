//! Loads the availability rules of one member or many (zone moves, time off, focus blocks and sessions, manual statuses) in a handful of queries.

#[allow(unused_imports)]
use super::*;
use crate::base::model::{FocusBlock, Member, TimeOff};
use crate::base::{validate, Error, Result};
use crate::log::ops::{format_instant, parse_instant};
use crate::log::Ctx;
use crate::time::{BlockRule, Interval, ManualStatus, MemberRules};
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// The session id that takes over one occurrence of a recurring block.
pub fn block_session_id(block_id: &str, day: NaiveDate) -> String {
    format!("block:{block_id}:{day}")
}

/// Marks the block occurrence a session took over, if the session id says it did.
pub(crate) fn mark_overridden(blocks: &mut [BlockRule], session_id: &str) {
    let Some(rest) = session_id.strip_prefix("block:") else {
        return;
    };
    let Some((block_id, day)) = rest.rsplit_once(':') else {
        return;
    };
    let Ok(day) = NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
        return;
    };
    if let Some(block) = blocks.iter_mut().find(|block| block.id == block_id) {
        block.overridden.push(day);
    }
}

pub(crate) fn block_rule(block: FocusBlock) -> Result<BlockRule> {
    Ok(BlockRule {
        start: validate::clock_time(&block.start, false)?,
        end: validate::clock_time(&block.end, true)?,
        id: block.id,
        label: block.label,
        weekdays: block.weekdays,
        overridden: Vec::new(),
    })
}

/// Re-labels a validation error to the input field it came from.
pub(crate) fn retarget(err: Error, field: &'static str) -> Error {
    match err {
        Error::Invalid { message, .. } => Error::Invalid { field, message },
        other => other,
    }
}

/// A date written `YYYY-MM-DD`.
pub fn parse_day(field: &'static str, raw: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!("{raw:?} is not a date. Write it as YYYY-MM-DD, e.g. 2026-12-01."),
        )
    })
}

/// Availability rules of these members (a handful of queries, whatever the team size),
/// keyed by member id.
pub(crate) fn all_rules(cx: &Ctx, members: &[Member]) -> Result<HashMap<String, MemberRules>> {
    load_rules(cx, members, None)
}

/// Everything that decides a member's availability, loaded from the projections.
pub(crate) fn rules_for(cx: &Ctx, member: &Member) -> Result<MemberRules> {
    load_rules(cx, std::slice::from_ref(member), Some(&member.id))?
        .remove(&member.id)
        .ok_or_else(|| Error::NotFound(format!("no rules for @{}", member.handle)))
}

/// The one loader behind [`Self::all_rules`] and [`Self::rules_for`]; `only` narrows every
/// query to one member.
pub(crate) fn load_rules(
    cx: &Ctx,
    members: &[Member],
    only: Option<&str>,
) -> Result<HashMap<String, MemberRules>> {
    let conn = cx.store.conn();
    let mut rules = HashMap::with_capacity(members.len());
    for member in members {
        rules.insert(
            member.id.clone(),
            MemberRules::plain(
                validate::time_zone(&member.time_zone)?,
                member.working_hours.clone(),
            ),
        );
    }
    let mut statement = conn.prepare_cached(
        "SELECT member_id, from_day, time_zone FROM zone_changes
         WHERE member_id IS NOT NULL AND (?1 IS NULL OR member_id = ?1) ORDER BY from_day",
    )?;
    for row in statement.query_map([only], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })? {
        let (member, day, zone) = row?;
        if let Some(entry) = rules.get_mut(&member) {
            entry
                .zone_changes
                .push((parse_day("from_day", &day)?, validate::time_zone(&zone)?));
        }
    }
    for entry in time_off_of(cx, only)? {
        if let Some(rules) = rules.get_mut(&entry.member_id) {
            rules.time_off.push((
                parse_day("first_day", &entry.first_day)?,
                parse_day("last_day", &entry.last_day)?,
            ));
        }
    }
    for block in focus_blocks_of(cx, only)? {
        if let Some(entry) = rules.get_mut(&block.member_id) {
            entry.focus_blocks.push(block_rule(block)?);
        }
    }
    let since = format_instant(cx.clock.now() - Duration::days(2));
    let mut statement = conn.prepare_cached(
        "SELECT member_id, started_at, ends_at, stopped_at, id FROM focus_sessions
         WHERE member_id IS NOT NULL AND (?2 IS NULL OR member_id = ?2) AND ends_at > ?1",
    )?;
    for row in statement.query_map(rusqlite::params![since, only], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, Option<String>>(3)?,
            row.get::<_, String>(4)?,
        ))
    })? {
        let (member, started, ends, stopped, id) = row?;
        if let Some(entry) = rules.get_mut(&member) {
            let mut end = parse_instant(&ends)?;
            if let Some(stopped) = stopped {
                end = end.min(parse_instant(&stopped)?);
            }
            entry.focus_sessions.push(Interval {
                start: parse_instant(&started)?,
                end,
            });
            mark_overridden(&mut entry.focus_blocks, &id);
        }
    }
    let mut statement = conn.prepare_cached(
        "SELECT id, kind, message, expires_at FROM statuses WHERE kind IS NOT NULL AND (?1 IS NULL OR id = ?1)",
    )?;
    for row in statement.query_map([only], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<String>>(2)?,
            row.get::<_, Option<String>>(3)?,
        ))
    })? {
        let (member, kind, message, expires) = row?;
        if let Some(entry) = rules.get_mut(&member) {
            entry.manual = Some(ManualStatus {
                kind: kind.parse()?,
                message,
                expires_at: expires.as_deref().map(parse_instant).transpose()?,
            });
        }
    }
    Ok(rules)
}

pub(crate) fn time_off_of(cx: &Ctx, member_id: Option<&str>) -> Result<Vec<TimeOff>> {
    let mut statement = cx.store.conn().prepare_cached(
        "SELECT id, member_id, first_day, last_day, note FROM time_off
         WHERE archived = 0 AND member_id IS NOT NULL AND (?1 IS NULL OR member_id = ?1)
         ORDER BY first_day",
    )?;
    let rows = statement
        .query_map([member_id], |row| {
            Ok(TimeOff {
                id: row.get(0)?,
                member_id: row.get(1)?,
                first_day: row.get(2)?,
                last_day: row.get(3)?,
                note: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn focus_blocks_of(cx: &Ctx, member_id: Option<&str>) -> Result<Vec<FocusBlock>> {
    let mut statement = cx.store.conn().prepare_cached(
        "SELECT id, member_id, weekdays, start_time, end_time, label FROM focus_blocks
         WHERE archived = 0 AND member_id IS NOT NULL AND (?1 IS NULL OR member_id = ?1)
         ORDER BY start_time",
    )?;
    let rows = statement
        .query_map([member_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, member_id, weekdays, start, end, label)| {
            Ok(FocusBlock {
                id,
                member_id,
                weekdays: serde_json::from_str(&weekdays)?,
                start,
                end,
                label,
            })
        })
        .collect()
}
