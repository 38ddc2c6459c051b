//! Each person's notification settings: delivery times per weekday, urgent handling, the allowlist.

#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::NotifySettings;
use crate::base::{validate, Error, Result};
use crate::log::ops::OpPayload;
use crate::log::Ctx;
use crate::people;
use rusqlite::OptionalExtension;

pub(crate) fn load_prefs(
    conn: &rusqlite::Connection,
    member_id: &str,
) -> Result<(Vec<Vec<String>>, bool, Vec<String>)> {
    let row = conn
        .query_row(
            "SELECT schedule, urgent_outside_hours, allowlist FROM notify_prefs WHERE id = ?1",
            [member_id],
            |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, Option<bool>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()?;
    let (schedule, urgent, allowlist) = row.unwrap_or((None, None, None));
    let times = match schedule {
        Some(json) => serde_json::from_str(&json)?,
        None => vec![Vec::new(); 7],
    };
    let allowlist = match allowlist {
        Some(json) => serde_json::from_str(&json)?,
        None => Vec::new(),
    };
    Ok((times, urgent.unwrap_or(false), allowlist))
}

/// My delivery settings (defaults: as they come, urgent only in working hours).
pub(crate) fn notify_settings(cx: &Ctx) -> Result<NotifySettings> {
    let me = people::require_me(cx)?;
    let (times, urgent_outside_hours, allowlist) = load_prefs(cx.store.conn(), &me.id)?;
    let mut handles = Vec::new();
    for id in allowlist {
        handles.extend(people::member_by_id(cx.store.conn(), &id)?.map(|member| member.handle));
    }
    Ok(NotifySettings {
        times,
        urgent_outside_hours,
        allowlist: handles,
    })
}

/// Sets my delivery times per weekday (seven lists, Monday first; all empty = as they come).
pub(crate) fn set_notify_schedule(cx: &mut Ctx, times: &[Vec<String>]) -> Result<NotifySettings> {
    let me = people::require_me(cx)?;
    if times.len() != 7 {
        return Err(Error::invalid(
            "times",
            format!(
                "Delivery times need 7 days (Monday to Sunday); got {}.",
                times.len()
            ),
        ));
    }
    let mut normalised = Vec::with_capacity(7);
    for day in times {
        let mut minutes = Vec::new();
        for time in day {
            minutes.push(validate::clock_time(time, false).map_err(|_| {
                Error::invalid(
                    "times",
                    format!(
                        "{time:?} is not a delivery time. Use 24-hour HH:MM like 09:30 or 16:30."
                    ),
                )
            })?);
        }
        minutes.sort_unstable();
        minutes.dedup();
        if minutes.len() > 24 {
            return Err(Error::invalid("times", "At most 24 delivery times a day."));
        }
        normalised.push(
            minutes
                .into_iter()
                .map(validate::format_minutes)
                .collect::<Vec<_>>(),
        );
    }
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::NotifyScheduleSet {
            member_id: me.id,
            times: normalised,
        }],
    )?;
    cx.emit(CoreEvent::NotifySettingsChanged);
    notify_settings(cx)
}

/// Sets whether urgent items may reach me outside working hours, and who always gets through.
pub(crate) fn set_notify_prefs(
    cx: &mut Ctx,
    urgent_outside_hours: bool,
    allowlist: &[String],
) -> Result<NotifySettings> {
    let me = people::require_me(cx)?;
    let mut ids = Vec::new();
    for handle in allowlist {
        ids.push(people::member_by_handle(cx, handle)?.id);
    }
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::NotifyPrefsSet {
            member_id: me.id,
            urgent_outside_hours,
            allowlist: ids,
        }],
    )?;
    cx.emit(CoreEvent::NotifySettingsChanged);
    notify_settings(cx)
}
