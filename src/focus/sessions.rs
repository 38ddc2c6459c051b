//! Focus sessions: start, stop, extend, the one running now (a session or a block occurrence), and history.

#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::FocusSession;
use crate::base::{validate, Error, Result};
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::time::MemberRules;
use crate::{people, team};
use chrono::{DateTime, Duration, Utc};
use rusqlite::OptionalExtension;

pub(crate) fn focus_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<FocusSession> {
    Ok(FocusSession {
        id: row.get(0)?,
        member_id: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
        started_at: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
        ends_at: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
        stopped_at: row.get(4)?,
        label: row.get(5)?,
    })
}

/// A recurring deep-work block running now counts as focus, on its own schedule.
pub(crate) fn block_focus(
    member_id: &str,
    rules: &MemberRules,
    now: DateTime<Utc>,
) -> Option<FocusSession> {
    rules
        .active_block(now)
        .map(|(block, day, interval)| FocusSession {
            id: team::block_session_id(&block.id, day),
            member_id: member_id.to_owned(),
            started_at: format_instant(interval.start),
            ends_at: format_instant(interval.end),
            stopped_at: None,
            label: block.label.clone(),
        })
}

/// Starts focusing for `minutes`. A running session is stopped first, so starting again
/// replaces it rather than stacking two.
pub(crate) fn start_focus(cx: &mut Ctx, minutes: u32, label: Option<&str>) -> Result<()> {
    let minutes = validate::validate_focus_minutes(minutes)?;
    let label = validate::focus_label(label)?;
    let me = people::require_me(cx)?;
    let now = cx.clock.now();
    let running = active_focus_of(cx, &me.id, now)?;
    let take_over = match &running {
        Some(running) => take_over(cx, running)?,
        None => Vec::new(),
    };
    let session_id = uuid::Uuid::now_v7().to_string();
    cx.store.transact(now, |_| {
        let mut payloads = take_over;
        if let Some(running) = running {
            payloads.push(OpPayload::FocusStopped {
                session_id: running.id,
                stopped_at: format_instant(now),
            });
        }
        payloads.push(OpPayload::FocusStarted {
            session_id,
            member_id: me.id.clone(),
            started_at: format_instant(now),
            ends_at: format_instant(now + Duration::minutes(i64::from(minutes))),
            label,
        });
        Ok((payloads, ()))
    })?;
    cx.emit(CoreEvent::FocusChanged);
    Ok(())
}

/// Stops the running focus session early.
pub(crate) fn stop_focus(cx: &mut Ctx) -> Result<()> {
    let me = people::require_me(cx)?;
    let now = cx.clock.now();
    let Some(running) = active_focus_of(cx, &me.id, now)? else {
        return Err(Error::Conflict(
            "You are not focusing, so there is nothing to stop.".into(),
        ));
    };
    let mut payloads = take_over(cx, &running)?;
    payloads.push(OpPayload::FocusStopped {
        session_id: running.id,
        stopped_at: format_instant(now),
    });
    cx.store.append(now, payloads)?;
    cx.emit(CoreEvent::FocusChanged);
    Ok(())
}

/// Gives the running focus session `minutes` more (up to 12 hours in all from now).
pub(crate) fn extend_focus(cx: &mut Ctx, minutes: u32) -> Result<()> {
    let minutes = validate::validate_focus_minutes(minutes)?;
    let me = people::require_me(cx)?;
    let now = cx.clock.now();
    let Some(running) = active_focus_of(cx, &me.id, now)? else {
        return Err(Error::Conflict(
            "You are not focusing, so there is nothing to extend. Start focus instead.".into(),
        ));
    };
    let ends =
        crate::log::ops::parse_instant(&running.ends_at)? + Duration::minutes(i64::from(minutes));
    if ends - now > Duration::minutes(i64::from(validate::FOCUS_MAX_MINUTES)) {
        return Err(Error::invalid(
            "duration",
            "A focus session can run at most 12 hours from now; extend by less.",
        ));
    }
    let mut payloads = take_over(cx, &running)?;
    payloads.push(OpPayload::FocusExtended {
        session_id: running.id,
        ends_at: format_instant(ends),
    });
    cx.store.append(now, payloads)?;
    cx.emit(CoreEvent::FocusChanged);
    Ok(())
}

/// My running focus session, if any.
pub(crate) fn active_focus(cx: &Ctx) -> Result<Option<FocusSession>> {
    match people::me(cx)? {
        Some(me) => active_focus_of(cx, &me.id, cx.clock.now()),
        None => Ok(None),
    }
}

/// All my focus sessions, newest first.
pub(crate) fn focus_history(cx: &Ctx) -> Result<Vec<FocusSession>> {
    let Some(me) = people::me(cx)? else {
        return Ok(Vec::new());
    };
    let mut statement = cx.store.conn().prepare(
        "SELECT id, member_id, started_at, ends_at, stopped_at, label FROM focus_sessions
         WHERE member_id = ?1 ORDER BY started_at DESC",
    )?;
    let sessions = statement
        .query_map([&me.id], focus_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(sessions)
}

pub(crate) fn active_focus_of(
    cx: &Ctx,
    member_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<FocusSession>> {
    if let Some(session) = stored_focus(cx, member_id, now)? {
        return Ok(Some(session));
    }
    let Some(member) = people::member_by_id(cx.store.conn(), member_id)? else {
        return Ok(None);
    };
    Ok(block_focus(member_id, &team::rules_for(cx, &member)?, now))
}

/// The focus running now for a member whose rules are already loaded: a session from the log,
/// else an occurrence of one of their recurring blocks.
pub(crate) fn focus_now(
    cx: &Ctx,
    member_id: &str,
    rules: &MemberRules,
    now: DateTime<Utc>,
) -> Result<Option<FocusSession>> {
    Ok(match stored_focus(cx, member_id, now)? {
        Some(session) => Some(session),
        None => block_focus(member_id, rules, now),
    })
}

/// A session from the log (started by hand, or a block occurrence taken over) running now.
pub(crate) fn stored_focus(
    cx: &Ctx,
    member_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<FocusSession>> {
    let instant = format_instant(now);
    Ok(cx
        .store
        .conn()
        .query_row(
            "SELECT id, member_id, started_at, ends_at, stopped_at, label FROM focus_sessions
             WHERE member_id = ?1 AND started_at <= ?2 AND ends_at > ?2
               AND (stopped_at IS NULL OR stopped_at > ?2)
             ORDER BY started_at DESC LIMIT 1",
            [member_id, &instant],
            focus_row,
        )
        .optional()?)
}

/// Ops that turn a running block occurrence into a real session, so that stopping or
/// extending it changes this occurrence only. Empty for a session already in the log.
pub(crate) fn take_over(cx: &Ctx, running: &FocusSession) -> Result<Vec<OpPayload>> {
    if !running.id.starts_with("block:") {
        return Ok(Vec::new());
    }
    let stored: bool = cx.store.conn().query_row(
        "SELECT EXISTS(SELECT 1 FROM focus_sessions WHERE id = ?1)",
        [&running.id],
        |row| row.get(0),
    )?;
    if stored {
        return Ok(Vec::new());
    }
    Ok(vec![OpPayload::FocusStarted {
        session_id: running.id.clone(),
        member_id: running.member_id.clone(),
        started_at: running.started_at.clone(),
        ends_at: running.ends_at.clone(),
        label: running.label.clone(),
    }])
}
