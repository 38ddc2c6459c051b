//! When one participant is asked, reminded and skipped: a pure function of their rules, the
//! schedule and a local date, DST-correct through `time::resolve_local` and the same working
//! timeline the availability board uses.

use crate::time::{resolve_local, MemberRules};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

/// Reminders go this long after the ask (elapsed minutes), each moved into working hours.
pub const REMINDER_AFTER_MINUTES: [i64; 2] = [120, 300];
/// A moved reminder still comes at least this long after the one before it.
pub const REMINDER_GAP_MINUTES: i64 = 60;
/// The default window an answer is expected in, in hours after the ask.
pub const DEFAULT_WINDOW_HOURS: u32 = 8;
/// How far ahead the next working minute is looked for.
const WORK_LOOKAHEAD_DAYS: i64 = 8;

/// Why a participant is not asked on a scheduled day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    TimeOff,
    NotWorkingDay,
}

impl SkipReason {
    pub fn text(self) -> &'static str {
        match self {
            SkipReason::TimeOff => "time off",
            SkipReason::NotWorkingDay => "not a working day",
        }
    }
}

/// One participant's part in one occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Asked {
        at: DateTime<Utc>,
        /// At most two, each inside working hours and before the window closes.
        reminders: Vec<DateTime<Utc>>,
        closes_at: DateTime<Utc>,
    },
    Skipped(SkipReason),
}

/// The first working minute at or after `at`, if any in the next week.
pub fn next_working_minute(rules: &MemberRules, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    rules
        .working_between(at, at + Duration::days(WORK_LOOKAHEAD_DAYS))
        .first()
        .map(|work| work.start.max(at))
}

/// How `rules`' owner takes part in the occurrence on their local `date` of a schedule that
/// runs on `weekdays` (0 = Monday) at `minute` after local midnight with a window of
/// `window_hours`; `None` when the schedule does not run on that weekday.
pub fn ask_on(
    rules: &MemberRules,
    weekdays: &[u8],
    minute: u32,
    window_hours: u32,
    date: NaiveDate,
) -> Option<Ask> {
    let weekday = date.weekday().num_days_from_monday();
    if !weekdays.contains(&(weekday as u8)) {
        return None;
    }
    if rules
        .time_off
        .iter()
        .any(|(first, last)| *first <= date && date <= *last)
    {
        return Some(Ask::Skipped(SkipReason::TimeOff));
    }
    let works_that_day = rules
        .hours
        .days
        .get(weekday as usize)
        .is_some_and(|ranges| !ranges.is_empty());
    if !works_that_day {
        return Some(Ask::Skipped(SkipReason::NotWorkingDay));
    }
    let zone = rules.zone_on(date);
    let at = resolve_local(
        zone,
        date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute)),
    );
    let closes_at = at + Duration::hours(i64::from(window_hours));
    let mut reminders: Vec<DateTime<Utc>> = Vec::with_capacity(2);
    for after in REMINDER_AFTER_MINUTES {
        let mut earliest = at + Duration::minutes(after);
        if let Some(previous) = reminders.last() {
            earliest = earliest.max(*previous + Duration::minutes(REMINDER_GAP_MINUTES));
        }
        match next_working_minute(rules, earliest) {
            Some(when) if when < closes_at => reminders.push(when),
            _ => break,
        }
    }
    Some(Ask::Asked {
        at,
        reminders,
        closes_at,
    })
}

/// Local dates whose ask can fall within a few days of `now` in any zone.
pub fn dates_around(now: DateTime<Utc>, back_days: i64, ahead_days: i64) -> Vec<NaiveDate> {
    let first = (now - Duration::days(back_days)).date_naive();
    let last = (now + Duration::days(ahead_days)).date_naive();
    first.iter_days().take_while(|day| *day <= last).collect()
}
