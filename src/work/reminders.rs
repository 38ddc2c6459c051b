//! Due reminders: the owner of an open task with a due time hears about it once, in their
//! inbox (and so through their notification policy), at the start of their last working
//! stretch before it is due — the morning of the due day, or the working day before. Never at
//! night: when that moment has passed, the reminder waits for their next working minute.

use crate::base::events::CoreEvent;
use crate::base::model::TaskStatus;
use crate::base::Result;
use crate::log::ops::{format_instant, parse_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use crate::time::MemberRules;
use chrono::{DateTime, Duration, Utc};

/// How far before the due time a working stretch may start and still carry the reminder.
const LOOK_BEFORE_DAYS: i64 = 7;
/// Tasks overdue by more than this get no reminder: they are history, or already known.
const LATE_DAYS: i64 = 7;

/// When the owner with `rules` should be reminded of something due at `due`, seen at `now`:
/// the start of their last working stretch before `due`; if that has passed, `now` when they
/// are working, else their next working minute. `None` when they have no working hours
/// around it at all.
pub fn reminder_at(
    rules: &MemberRules,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let planned = rules
        .working_between(due - Duration::days(LOOK_BEFORE_DAYS), due)
        .last()
        .map(|work| work.start);
    if let Some(planned) = planned.filter(|planned| *planned > now) {
        return Some(planned);
    }
    rules
        .working_between(now, now + Duration::days(crate::notify::LOOKAHEAD_DAYS))
        .first()
        .map(|work| work.start.max(now))
}

/// Queues the reminders of my tasks that are due now; says when the next one is.
pub(crate) fn remind_due(cx: &mut Ctx) -> Result<Option<DateTime<Utc>>> {
    let Some(me) = people::me(cx)? else {
        return Ok(None);
    };
    let now = cx.now();
    let since = format_instant(now - Duration::days(LATE_DAYS));
    let rows: Vec<(String, String, String, String)> = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT t.id, t.title, t.due_at, t.status FROM tasks t
             WHERE t.owner_id = ?1 AND t.due_at IS NOT NULL AND t.due_at >= ?2
               AND t.created_lww != ''
               AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = 'due ' || t.id || ' ' || t.due_at)",
        )?
        .query_map(rusqlite::params![me.id, since], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|(.., status)| TaskStatus::parse(status).is_some_and(TaskStatus::is_open))
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let rules = crate::team::rules_for(cx, &me)?;
    let zone: chrono_tz::Tz = me.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let mut payloads = Vec::new();
    let mut next: Option<DateTime<Utc>> = None;
    for (task_id, title, due_at, _) in rows {
        let due = parse_instant(&due_at)?;
        let Some(at) = reminder_at(&rules, due, now) else {
            continue;
        };
        if at > now {
            next = Some(next.map_or(at, |known| known.min(at)));
            continue;
        }
        let local = due.with_timezone(&zone);
        let when = if local.date_naive() == now.with_timezone(&zone).date_naive() {
            format!("today at {}", local.format("%H:%M"))
        } else {
            local.format("%A %-d %b at %H:%M").to_string()
        };
        let verb = if due <= now { "was due" } else { "is due" };
        payloads.push(OpPayload::NotificationQueued {
            // One reminder per task and due time, whichever of my devices notices first; a new
            // due time earns a new reminder.
            notification_id: format!("due {task_id} {due_at}"),
            recipient_id: me.id.clone(),
            sender_id: None,
            kind: "task".into(),
            title: crate::content::clip(&format!("“{title}” {verb} {when}"), 200),
            body: None,
            urgent: false,
            created_at: format_instant(now),
        });
    }
    if !payloads.is_empty() {
        cx.store.append(now, payloads)?;
        cx.emit(CoreEvent::InboxChanged);
    }
    Ok(next)
}
