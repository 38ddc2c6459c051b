//! Decisions without meetings: decision records (proposals with options, votes with reasons,
//! a deadline, an outcome and a review date) and change requests (the questions a change
//! advisory board asked, approver groups per system, emergency routing to approvers who are
//! working now, a timeline with the time to approval). Builds on `content` (people, Markdown,
//! notification items) and `team` (who is working); notifies through the queue like every
//! other domain, urgently only for an emergency change.

mod changes;
mod decisions;

pub(crate) use changes::*;
pub(crate) use decisions::*;

use crate::base::model::{Member, PersonRef};
use crate::base::{Error, Result};
use crate::content::People;
use crate::log::Ctx;
use crate::time;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::OptionalExtension;

/// The longest reason, note or outcome statement, in characters.
pub const NOTE_MAX: usize = 2_000;

/// A member's zone, UTC when it cannot be read.
pub(crate) fn zone_of(member: &Member) -> Tz {
    member.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// "Tue 1 Dec 17:00" in `zone` ("Tue 1 Dec 2027 17:00" outside the year of `now`).
pub(crate) fn local_label(instant: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    use chrono::Datelike;
    let local = instant.with_timezone(&zone);
    let year = if local.year() == now.with_timezone(&zone).year() {
        String::new()
    } else {
        format!(" {}", local.year())
    };
    format!(
        "{} {} {}{year} {}",
        time::weekday_short(&local),
        local.format("%-d"),
        time::month_short(&local),
        time::hhmm(&local)
    )
}

/// A time typed by a person: RFC 3339, or "YYYY-MM-DD HH:MM" (also with a `T`) in `zone`, or
/// a bare day, which means `default_time` that day.
pub(crate) fn parse_when(
    field: &'static str,
    raw: &str,
    zone: Tz,
    default_time: NaiveTime,
) -> Result<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(raw) {
        return Ok(instant.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(raw, format) {
            return Ok(time::resolve_local(zone, local));
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Ok(time::resolve_local(zone, day.and_time(default_time)));
    }
    Err(Error::invalid(
        field,
        format!(
            "“{raw}” is not a time: write it as 2026-12-01 17:00 (your local time, {zone}) or as an instant such as 2026-12-01T16:00:00Z."
        ),
    ))
}

/// [`parse_when`] for a time that must lie ahead; `what` names it in the refusal ("The
/// closing time …").
pub(crate) fn future_when(
    field: &'static str,
    what: &str,
    raw: &str,
    zone: Tz,
    default_hour: u32,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let default_time = NaiveTime::from_hms_opt(default_hour, 0, 0).unwrap_or_default();
    let at = parse_when(field, raw, zone, default_time)?;
    if at <= now {
        return Err(Error::invalid(
            field,
            format!(
                "{what} {} is in the past (it is {} now); pick a time in the future.",
                local_label(at, zone, now),
                local_label(now, zone, now)
            ),
        ));
    }
    Ok(at)
}

/// "under 1 min", "27 min", "3 h 5 min", "2 d 4 h".
pub fn duration_words(duration: Duration) -> String {
    let minutes = duration.num_minutes().max(0);
    if minutes < 1 {
        "under 1 min".to_owned()
    } else if minutes < 60 {
        format!("{minutes} min")
    } else if minutes < 24 * 60 {
        match minutes % 60 {
            0 => format!("{} h", minutes / 60),
            rest => format!("{} h {rest} min", minutes / 60),
        }
    } else {
        match (minutes / 60) % 24 {
            0 => format!("{} d", minutes / (24 * 60)),
            hours => format!("{} d {hours} h", minutes / (24 * 60)),
        }
    }
}

/// Member ids for @handles; an unknown handle is refused naming it.
pub(crate) fn member_ids(
    people: &People,
    field: &'static str,
    handles: &[String],
) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::with_capacity(handles.len());
    for handle in handles
        .iter()
        .flat_map(|list| list.split([',', ' ']))
        .map(str::trim)
        .filter(|handle| !handle.is_empty())
    {
        let member = people.by_handle(handle).ok_or_else(|| {
            Error::invalid(
                field,
                format!(
                    "Nobody on the team is @{}; check the spelling or add them with `meridian member add`.",
                    crate::content::bare(handle)
                ),
            )
        })?;
        if !ids.contains(&member.id) {
            ids.push(member.id.clone());
        }
    }
    Ok(ids)
}

/// The person for an id, or a placeholder naming the id when they are not known here yet
/// (their profile may not have synced).
pub(crate) fn person_or_id(people: &People, id: &str) -> PersonRef {
    people.person(id).unwrap_or_else(|| PersonRef {
        id: id.to_owned(),
        handle: id.chars().take(8).collect(),
        display_name: "someone not synced yet".to_owned(),
    })
}

/// An optional field as typed, trimmed; `None` when absent or blank.
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// Optional text: trimmed, `None` when empty, at most `max` characters.
pub(crate) fn optional_note(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    let Some(text) = raw.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    let length = text.chars().count();
    if length > max {
        return Err(Error::invalid(
            field,
            format!("This has {length} characters, over the limit of {max}; shorten it."),
        ));
    }
    Ok(Some(text.to_owned()))
}

/// Whether a notification id is already in the log (a reminder appended once, by any device
/// of its recipient).
pub(crate) fn notification_exists(cx: &Ctx, id: &str) -> Result<bool> {
    Ok(cx
        .store
        .conn()
        .query_row(
            "SELECT 1 FROM notifications WHERE id = ?1",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// A notification id derived from an item's id and a purpose, the same on every device, so
/// two devices of one person that both notice a due reminder append the same item, which
/// the inbox shows once.
pub(crate) fn derived_id(item_id: &str, purpose: u128) -> String {
    let base = uuid::Uuid::parse_str(item_id)
        .map(|id| id.as_u128())
        .unwrap_or_default();
    uuid::Uuid::from_u128(base ^ purpose).to_string()
}
