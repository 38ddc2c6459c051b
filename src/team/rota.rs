//! The on-call rotation: who is on call now and next, DST-correct shifts.

use super::rules::retarget;
#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::{OnCallNow, Rota};
use crate::base::{validate, Error, Result};
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::time::Interval;
use crate::{people, time};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// The member id on call now and their shift.
pub(crate) type CurrentShift = (String, Interval);

/// Sets the team's on-call rotation.
pub(crate) fn set_rota(
    cx: &mut Ctx,
    handles: &[String],
    shift_hours: u32,
    handoff_time: &str,
    handoff_zone: &str,
    first_day: &str,
) -> Result<Rota> {
    if handles.is_empty() {
        return Err(Error::invalid(
            "members",
            "A rotation needs at least one @handle.",
        ));
    }
    let mut member_ids = Vec::new();
    for handle in handles {
        member_ids.push(people::member_by_handle(cx, handle)?.id);
    }
    if !(1..=24 * 28).contains(&shift_hours) {
        return Err(Error::invalid(
            "shift_hours",
            "A shift lasts from 1 hour to 4 weeks (672 hours); use 24 for daily, 168 for weekly.",
        ));
    }
    let handoff =
        validate::clock_time(handoff_time, false).map_err(|err| retarget(err, "handoff_time"))?;
    let zone = validate::time_zone(handoff_zone)?;
    let first = parse_day("first_day", first_day)?;
    let team_id = crate::log::store::local_meta(cx.store.conn(), people::TEAM_KEY)?
        .unwrap_or_else(|| "team".into());
    let rota = Rota {
        member_ids,
        shift_hours,
        handoff_time: validate::format_minutes(handoff),
        handoff_zone: zone.name().to_owned(),
        first_day: first.to_string(),
    };
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::RotaSet {
            rota_id: team_id,
            members: rota.member_ids.clone(),
            shift_hours,
            handoff_time: rota.handoff_time.clone(),
            handoff_zone: rota.handoff_zone.clone(),
            first_day: rota.first_day.clone(),
        }],
    )?;
    cx.emit(CoreEvent::TeamChanged);
    Ok(rota)
}

/// The team's rotation, if one is set.
pub(crate) fn rota(cx: &Ctx) -> Result<Option<Rota>> {
    let row = cx
        .store
        .conn()
        .query_row(
            "SELECT members, shift_hours, handoff_time, handoff_zone, first_day FROM rotas
             WHERE members IS NOT NULL ORDER BY rota_lww DESC LIMIT 1",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        )
        .optional()?;
    row.map(
        |(members, shift_hours, handoff_time, handoff_zone, first_day)| {
            Ok(Rota {
                member_ids: serde_json::from_str(&members)?,
                shift_hours,
                handoff_time,
                handoff_zone,
                first_day,
            })
        },
    )
    .transpose()
}

/// Who is on call now and next, as member ids with instants, plus the current shift.
pub(crate) fn on_call_shifts(
    cx: &Ctx,
    now: DateTime<Utc>,
) -> Result<Option<(OnCallNow, Option<CurrentShift>)>> {
    let Some(rota) = rota(cx)? else {
        return Ok(None);
    };
    let zone = validate::time_zone(&rota.handoff_zone)?;
    let first = parse_day("first_day", &rota.first_day)?;
    let handoff = validate::clock_time(&rota.handoff_time, false)?;
    let Some(((current, shift), (next, next_shift))) = time::on_call_at(
        rota.member_ids.len(),
        rota.shift_hours,
        zone,
        first,
        handoff,
        now,
    ) else {
        return Ok(None);
    };
    let current_id = rota.member_ids.get(current).cloned();
    Ok(Some((
        OnCallNow {
            current: current_id.clone(),
            current_until: current_id.as_ref().map(|_| format_instant(shift.end)),
            next: rota.member_ids.get(next).cloned(),
            next_from: Some(format_instant(next_shift.start)),
        },
        current_id.map(|id| (id, shift)),
    )))
}

/// Who is on call now and next (member ids replaced by handles).
pub(crate) fn on_call_now(cx: &Ctx) -> Result<Option<OnCallNow>> {
    let Some((mut on_call, _)) = on_call_shifts(cx, cx.clock.now())? else {
        return Ok(None);
    };
    on_call.current = on_call.current.map(|id| handle_of(cx, &id)).transpose()?;
    on_call.next = on_call.next.map(|id| handle_of(cx, &id)).transpose()?;
    Ok(Some(on_call))
}

pub(crate) fn handle_of(cx: &Ctx, member_id: &str) -> Result<String> {
    Ok(people::member_by_id(cx.store.conn(), member_id)?
        .map(|member| member.handle)
        .unwrap_or_else(|| member_id.to_owned()))
}
