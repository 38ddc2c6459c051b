//! On-call rotations whose shifts hand off at the same local time across DST.

use super::*;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

/// The on-call shift containing `now` for a rotation, as (index into members, shift), plus the
/// next shift. Shifts of whole days hand off at the same local time every time, across DST.
pub fn on_call_at(
    member_count: usize,
    shift_hours: u32,
    handoff_zone: Tz,
    first_day: NaiveDate,
    handoff_minutes: u32,
    now: DateTime<Utc>,
) -> Option<((usize, Interval), (usize, Interval))> {
    if member_count == 0 || shift_hours == 0 {
        return None;
    }
    let start_of = |shift: i64| -> DateTime<Utc> {
        if shift_hours.is_multiple_of(24) {
            let days = shift * i64::from(shift_hours / 24);
            let local = (first_day + Duration::days(days)).and_time(NaiveTime::MIN)
                + Duration::minutes(i64::from(handoff_minutes));
            resolve_local(handoff_zone, local)
        } else {
            let first = resolve_local(
                handoff_zone,
                first_day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(handoff_minutes)),
            );
            first + Duration::hours(shift * i64::from(shift_hours))
        }
    };
    let first = start_of(0);
    if now < first {
        let next = Interval {
            start: first,
            end: start_of(1),
        };
        return Some((
            (
                usize::MAX,
                Interval {
                    start: now,
                    end: first,
                },
            ),
            (0, next),
        ));
    }
    let mut shift = (now - first).num_hours() / i64::from(shift_hours);
    // DST can put the estimate one shift off either way.
    while shift > 0 && start_of(shift) > now {
        shift -= 1;
    }
    while start_of(shift + 1) <= now {
        shift += 1;
    }
    let current = Interval {
        start: start_of(shift),
        end: start_of(shift + 1),
    };
    let next = Interval {
        start: current.end,
        end: start_of(shift + 2),
    };
    let count = member_count as i64;
    Some((
        ((shift % count) as usize, current),
        (((shift + 1) % count) as usize, next),
    ))
}
