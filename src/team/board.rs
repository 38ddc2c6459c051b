//! The team availability board: a row per member with local time, status, on-call and a 24-hour strip.

#[allow(unused_imports)]
use super::*;
use crate::base::model::{MemberNow, OnCallNow, StatusKind, StripSegment, TeamBoard};
use crate::base::Result;
use crate::log::ops::format_instant;
use crate::log::Ctx;
use crate::time::Interval;
use crate::{people, time};
use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

pub(crate) fn offset_minutes(now: DateTime<Utc>, zone: Tz) -> i32 {
    use chrono::Offset;
    now.with_timezone(&zone).offset().fix().local_minus_utc() / 60
}

/// "Focusing until 11:30", "Off until Mon 09:00", in the member's local time.
pub(crate) fn status_text(
    kind: StatusKind,
    until: Option<DateTime<Utc>>,
    zone: Tz,
    now: DateTime<Utc>,
) -> String {
    let word = match kind {
        StatusKind::Available => "Available",
        StatusKind::Focusing => "Focusing",
        StatusKind::Away => "Away",
        StatusKind::Off => "Off",
        StatusKind::OnCall => "On call",
    };
    match until {
        None => word.to_owned(),
        Some(until) => {
            let local = until.with_timezone(&zone);
            let today = now.with_timezone(&zone).date_naive();
            if local.date_naive() == today {
                format!("{word} until {}", time::hhmm(&local))
            } else if local.date_naive() >= today + chrono::Duration::days(6) {
                // A weekday alone would read as this week's.
                format!("{word} until {}", local.format("%a %-d %b %H:%M"))
            } else {
                format!(
                    "{word} until {} {}",
                    time::weekday_short(&local),
                    time::hhmm(&local)
                )
            }
        }
    }
}

/// "Mon 09:00–11:30" (or "Mon 22:00–Tue 01:00") in `zone`.
pub(crate) fn local_span(interval: Interval, zone: Tz) -> String {
    use time::{hhmm, weekday_short};
    let start = interval.start.with_timezone(&zone);
    let end = interval.end.with_timezone(&zone);
    if start.date_naive() == end.date_naive() {
        format!("{} {}–{}", weekday_short(&start), hhmm(&start), hhmm(&end))
    } else {
        format!(
            "{} {}–{} {}",
            weekday_short(&start),
            hhmm(&start),
            weekday_short(&end),
            hhmm(&end)
        )
    }
}

/// The team availability board, aligned to my local day; available people first.
pub(crate) fn team_board(cx: &Ctx) -> Result<TeamBoard> {
    let now = cx.clock.now();
    let members = people::members(cx)?;
    let mut all_rules = all_rules(cx, &members)?;
    let viewer_zone: Tz = members
        .iter()
        .find(|member| member.is_me)
        .and_then(|me| all_rules.get(&me.id))
        .map_or(chrono_tz::UTC, |rules| rules.zone_at(now));
    // Handles by id, for the on-call summary, from the rows already loaded.
    let handles: HashMap<String, String> = members
        .iter()
        .map(|member| (member.id.clone(), member.handle.clone()))
        .collect();
    let local_midnight = now
        .with_timezone(&viewer_zone)
        .date_naive()
        .and_time(NaiveTime::MIN);
    let day_start = time::resolve_local(viewer_zone, local_midnight);
    let day_end = time::resolve_local(viewer_zone, local_midnight + Duration::days(1));
    let my_offset = offset_minutes(now, viewer_zone);
    let shifts = on_call_shifts(cx, now)?;
    let current_shift = shifts.as_ref().and_then(|(_, shift)| shift.clone());
    let mut rows = Vec::with_capacity(members.len());
    for member in members {
        let Some(rules) = all_rules.remove(&member.id) else {
            continue;
        };
        let zone = rules.zone_at(now);
        let shift = current_shift
            .as_ref()
            .filter(|(id, _)| *id == member.id)
            .map(|(_, shift)| *shift);
        let (status, timeline) = rules.status_and_timeline(now, shift);
        let local = now.with_timezone(&zone);
        let mut strip = Vec::new();
        for (kind, intervals) in [
            ("work", &timeline.working),
            ("focus", &timeline.focus),
            ("off", &timeline.time_off),
        ] {
            strip.extend(
                time::clip(intervals.clone(), day_start, day_end)
                    .into_iter()
                    .map(|interval| StripSegment {
                        kind: kind.to_owned(),
                        start: format_instant(interval.start),
                        end: format_instant(interval.end),
                    }),
            );
        }
        let status_message = rules
            .manual
            .as_ref()
            .filter(|manual| manual.expires_at.is_none_or(|at| at > now))
            .and_then(|manual| manual.message.clone());
        rows.push(MemberNow {
            time_zone: zone.name().to_owned(),
            local_time: time::hhmm(&local),
            local_date: format!(
                "{} {} {}",
                time::weekday_short(&local),
                local.day(),
                time::month_short(&local)
            ),
            utc_offset: time::utc_offset(now, zone),
            offset_from_me_minutes: offset_minutes(now, zone) - my_offset,
            status: status.kind,
            status_text: status_text(status.kind, status.until, zone, now),
            status_message,
            until: status.until.map(format_instant),
            next_available: status.next_available.map(format_instant),
            on_call: shift.is_some(),
            strip,
            member,
        });
    }
    // Reachable first (available, then on call), then by when they are next available.
    rows.sort_by_key(|row| {
        let rank = match row.status {
            StatusKind::Available => 0,
            StatusKind::OnCall => 1,
            StatusKind::Focusing => 2,
            StatusKind::Away => 3,
            StatusKind::Off => 4,
        };
        (
            rank,
            row.next_available.clone().unwrap_or_default(),
            row.member.display_name.to_lowercase(),
        )
    });
    let handle = |id: String| handles.get(&id).cloned().unwrap_or(id);
    let on_call = shifts.map(|(on_call, _)| OnCallNow {
        current: on_call.current.map(handle),
        next: on_call.next.map(handle),
        ..on_call
    });
    Ok(TeamBoard {
        now: format_instant(now),
        viewer_zone: viewer_zone.name().to_owned(),
        day_start: format_instant(day_start),
        day_end: format_instant(day_end),
        members: rows,
        on_call,
        blockers: Vec::new(),
    })
}
