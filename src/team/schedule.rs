//! What takes a teammate away or elsewhere: time off, planned time-zone moves and manual statuses.

use super::rules::parse_day;
#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::{StatusKind, TimeOff};
use crate::base::{validate, Error, Result};
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use chrono::Duration;

/// Records days off for a member (local dates, inclusive).
pub(crate) fn add_time_off(
    cx: &mut Ctx,
    handle: &str,
    first_day: &str,
    last_day: &str,
    note: Option<&str>,
) -> Result<TimeOff> {
    let member = people::member_by_handle(cx, handle)?;
    let first = parse_day("first_day", first_day)?;
    let last = parse_day("last_day", last_day)?;
    if last < first {
        return Err(Error::invalid(
            "last_day",
            format!("Time off ends on {last}, before it starts on {first}; the last day must be on or after the first."),
        ));
    }
    if (last - first).num_days() > 365 {
        return Err(Error::invalid(
            "last_day",
            "Time off can cover at most a year at a time; add longer leave in parts.",
        ));
    }
    let note = validate::optional_text("note", "The note", note)?;
    let time_off = TimeOff {
        id: uuid::Uuid::now_v7().to_string(),
        member_id: member.id.clone(),
        first_day: first.to_string(),
        last_day: last.to_string(),
        note,
    };
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::TimeOffAdded {
            time_off_id: time_off.id.clone(),
            member_id: time_off.member_id.clone(),
            first_day: time_off.first_day.clone(),
            last_day: time_off.last_day.clone(),
            note: time_off.note.clone(),
        }],
    )?;
    cx.emit(CoreEvent::TeamChanged);
    Ok(time_off)
}

/// Time off of one member, or everyone's, earliest first (archived entries left out).
pub(crate) fn time_off(cx: &Ctx, handle: Option<&str>) -> Result<Vec<TimeOff>> {
    let member_id = handle
        .map(|handle| people::member_by_handle(cx, handle))
        .transpose()?
        .map(|member| member.id);
    time_off_of(cx, member_id.as_deref())
}

/// Plans a move: from `from_day` (local date) the member works from `time_zone`.
pub(crate) fn plan_zone_change(
    cx: &mut Ctx,
    handle: &str,
    from_day: &str,
    time_zone: &str,
) -> Result<()> {
    let member = people::member_by_handle(cx, handle)?;
    let from = parse_day("from_day", from_day)?;
    let zone = validate::time_zone(time_zone)?;
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::ZoneChangePlanned {
            change_id: uuid::Uuid::now_v7().to_string(),
            member_id: member.id,
            from_day: from.to_string(),
            time_zone: zone.name().to_owned(),
        }],
    )?;
    cx.emit(CoreEvent::TeamChanged);
    Ok(())
}

/// Sets a manual status for a member that ends by itself after `minutes` (or when cleared,
/// if `None`). `kind: None` clears it.
pub(crate) fn set_status(
    cx: &mut Ctx,
    handle: &str,
    kind: Option<StatusKind>,
    message: Option<&str>,
    minutes: Option<u32>,
) -> Result<()> {
    let member = people::member_by_handle(cx, handle)?;
    let message = validate::optional_text("message", "The status message", message)?;
    let now = cx.clock.now();
    let expires_at = minutes
        .map(|minutes| {
            if minutes == 0 || minutes > 60 * 24 * 31 {
                return Err(Error::invalid(
                    "duration",
                    "A status lasts from 1 minute to 31 days.",
                ));
            }
            Ok(format_instant(now + Duration::minutes(i64::from(minutes))))
        })
        .transpose()?;
    cx.store.append(
        now,
        vec![OpPayload::StatusSet {
            member_id: member.id,
            kind: kind.map(|kind| kind.as_str().to_owned()),
            message,
            expires_at,
        }],
    )?;
    cx.emit(CoreEvent::TeamChanged);
    Ok(())
}
