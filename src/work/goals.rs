//! Goals: a desired outcome with a health its owner reports (on track, at risk, off track). A
//! goal that is past its target day or has not been reviewed for [`super::GOAL_STALE_DAYS`]
//! shows "at risk" on its own: computed from the clock when read, so every reader agrees
//! without anyone writing anything.

use crate::base::events::CoreEvent;
use crate::base::model::{GoalHealth, GoalInput, GoalView, Member};
use crate::base::{Error, Result};
use crate::content::{self, People};
use crate::log::ops::{format_instant, parse_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use std::collections::HashMap;
use std::sync::Arc;

/// The longest outcome statement, in characters.
pub const OUTCOME_MAX: usize = 2_000;

#[derive(Debug, Clone)]
pub(crate) struct GoalRow {
    pub id: String,
    pub title: String,
    pub outcome: String,
    pub target_day: Option<String>,
    pub health: GoalHealth,
    pub note: Option<String>,
    pub author_id: Option<String>,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

const GOAL_COLUMNS: &str =
    "id, title, outcome, target_day, health, note, author_id, updated_at, updated_by";

fn goal_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<GoalRow> {
    let health: String = row.get(4)?;
    Ok(GoalRow {
        id: row.get(0)?,
        title: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
        outcome: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
        target_day: row.get(3)?,
        health: GoalHealth::parse(&health).unwrap_or(GoalHealth::OnTrack),
        note: row.get(5)?,
        author_id: row.get(6)?,
        updated_at: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
        updated_by: row.get(8)?,
    })
}

pub(crate) fn goal_row(cx: &Ctx, goal_id: &str) -> Result<GoalRow> {
    let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = ?1 AND created_lww != ''");
    cx.store
        .conn()
        .prepare_cached(&sql)?
        .query_row([goal_id.trim()], goal_from)
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "No goal has the id {:?}; `meridian goal list` shows every goal with its id.",
                goal_id.trim()
            ))
        })
}

/// The health a reader sees at `now` and why it differs from the reported one, if it does.
/// Off track stays off track; on track turns at risk when overdue or stale.
pub fn shown_health(
    reported: GoalHealth,
    target_day: Option<NaiveDate>,
    updated_at: DateTime<Utc>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> (GoalHealth, Option<String>) {
    if reported != GoalHealth::OnTrack {
        return (reported, None);
    }
    if let Some(target) = target_day.filter(|target| *target < today) {
        return (
            GoalHealth::AtRisk,
            Some(format!(
                "Past its target day ({})",
                target.format("%-d %b %Y")
            )),
        );
    }
    let idle = (now - updated_at).num_days();
    if idle >= super::GOAL_STALE_DAYS {
        return (
            GoalHealth::AtRisk,
            Some(format!("Not updated for {idle} days")),
        );
    }
    (reported, None)
}

fn parse_target(raw: Option<&str>) -> Result<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(|day| Some(day.format("%Y-%m-%d").to_string()))
            .map_err(|_| {
                Error::invalid(
                    "target",
                    format!("“{text}” is not a day; write the target day as 2026-12-31."),
                )
            }),
    }
}

fn parse_health(raw: &str) -> Result<GoalHealth> {
    GoalHealth::parse(raw).ok_or_else(|| {
        Error::invalid(
            "health",
            format!(
                "“{}” is not a health; use on_track, at_risk or off_track.",
                raw.trim()
            ),
        )
    })
}

fn checked_outcome(outcome: &str) -> Result<String> {
    content::checked_body("outcome", outcome, OUTCOME_MAX, false)
}

/// Creates a goal, on track.
pub(crate) fn create_goal(cx: &mut Ctx, input: &GoalInput) -> Result<GoalView> {
    let me = people::require_me(cx)?;
    let title = content::checked_title("title", &input.title)?;
    let outcome = checked_outcome(&input.outcome)?;
    let target_day = parse_target(input.target_day.as_deref())?;
    if let Some(health) = input.health.as_deref().filter(|h| !h.trim().is_empty()) {
        parse_health(health)?;
    }
    let goal_id = content::new_id();
    let now = format_instant(cx.now());
    let mut payloads = vec![OpPayload::GoalCreated {
        goal_id: goal_id.clone(),
        author_id: me.id.clone(),
        title: title.clone(),
        outcome: outcome.clone(),
        target_day: target_day.clone(),
        created_at: now.clone(),
    }];
    // A goal that starts at risk says so in one more op, a review by its author.
    if let Some(health) = input.health.as_deref().filter(|h| !h.trim().is_empty()) {
        let health = parse_health(health)?;
        if health != GoalHealth::OnTrack || input.note.is_some() {
            payloads.push(OpPayload::GoalUpdated {
                goal_id: goal_id.clone(),
                author_id: me.id,
                title,
                outcome,
                target_day,
                health: health.as_str().into(),
                note: input.note.clone().filter(|note| !note.trim().is_empty()),
                updated_at: now,
            });
        }
    }
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::BoardChanged);
    goal(cx, &goal_id)
}

/// A review of a goal: fields left empty keep their value. It always appends (a review with
/// nothing changed still says "still on track" and resets staleness).
pub(crate) fn update_goal(cx: &mut Ctx, goal_id: &str, input: &GoalInput) -> Result<GoalView> {
    let me = people::require_me(cx)?;
    let current = goal_row(cx, goal_id)?;
    let title = if input.title.trim().is_empty() {
        current.title.clone()
    } else {
        content::checked_title("title", &input.title)?
    };
    let outcome = if input.outcome.trim().is_empty() {
        current.outcome.clone()
    } else {
        checked_outcome(&input.outcome)?
    };
    let target_day = match input.target_day.as_deref() {
        None => current.target_day.clone(),
        Some(raw) => parse_target(Some(raw))?,
    };
    let health = match input.health.as_deref().filter(|h| !h.trim().is_empty()) {
        None => current.health,
        Some(raw) => parse_health(raw)?,
    };
    let note = match &input.note {
        None => None,
        Some(note) => content::checked_body("note", note, OUTCOME_MAX, false)
            .map(|note| Some(note).filter(|n| !n.trim().is_empty()))?,
    };
    cx.store.append(
        cx.now(),
        vec![OpPayload::GoalUpdated {
            goal_id: current.id.clone(),
            author_id: me.id,
            title,
            outcome,
            target_day,
            health: health.as_str().into(),
            note,
            updated_at: format_instant(cx.now()),
        }],
    )?;
    cx.emit(CoreEvent::BoardChanged);
    goal(cx, &current.id)
}

/// Open and done tasks per goal id.
pub(crate) type GoalCounts = HashMap<Arc<str>, (i64, i64)>;

fn view(
    cx: &Ctx,
    people: &People,
    me: Option<&Member>,
    row: GoalRow,
    counts: &GoalCounts,
) -> Result<GoalView> {
    let now = cx.now();
    let zone: chrono_tz::Tz = me
        .and_then(|me| me.time_zone.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let today = now.with_timezone(&zone).date_naive();
    let target = row
        .target_day
        .as_deref()
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok());
    let updated = parse_instant(&row.updated_at).unwrap_or(now);
    let (health, health_reason) = shown_health(row.health, target, updated, today, now);
    let (open_tasks, done_tasks) = counts.get(row.id.as_str()).copied().unwrap_or((0, 0));
    Ok(GoalView {
        author: row.author_id.as_deref().and_then(|id| people.person(id)),
        updated_by: row.updated_by.as_deref().and_then(|id| people.person(id)),
        id: row.id,
        title: row.title,
        outcome: row.outcome,
        target_day: row.target_day,
        health,
        reported_health: row.health,
        health_reason,
        note: row.note,
        updated_at: row.updated_at,
        open_tasks,
        done_tasks,
    })
}

/// Open and done tasks of every goal, in one pass over the tasks table.
fn counts(cx: &Ctx) -> Result<GoalCounts> {
    let mut statement = cx.store.conn().prepare_cached(
        "SELECT goal_id, sum(status NOT IN ('done', 'canceled')), sum(status = 'done')
         FROM tasks WHERE goal_id IS NOT NULL AND created_lww != '' GROUP BY goal_id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            Arc::from(row.get_ref(0)?.as_str()?),
            (row.get(1)?, row.get(2)?),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every goal, by title.
pub(crate) fn goals(cx: &Ctx) -> Result<Vec<GoalView>> {
    goals_with(cx, &People::load(cx)?, &counts(cx)?)
}

/// Every goal, by title, with task counts the caller already has (the board counts its rows).
pub(crate) fn goals_with(cx: &Ctx, people: &People, counts: &GoalCounts) -> Result<Vec<GoalView>> {
    let me = people::me(cx)?;
    let sql = format!(
        "SELECT {GOAL_COLUMNS} FROM goals WHERE created_lww != '' ORDER BY title COLLATE NOCASE, id"
    );
    let rows: Vec<GoalRow> = cx
        .store
        .conn()
        .prepare_cached(&sql)?
        .query_map([], goal_from)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|row| view(cx, people, me.as_ref(), row, counts))
        .collect()
}

pub(crate) fn goal(cx: &Ctx, goal_id: &str) -> Result<GoalView> {
    let row = goal_row(cx, goal_id)?;
    let people = People::load(cx)?;
    let me = people::me(cx)?;
    view(cx, &people, me.as_ref(), row, &counts(cx)?)
}
