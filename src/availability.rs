//! Time-zone maths for working hours: pure functions of (instant, zone, weekly rules).
//!
//! Local wall times are resolved to instants with two rules: a time that falls in a DST gap
//! means the first valid instant after the gap; a time in a fold (it happens twice) means
//! its first occurrence.

use crate::model::{StatusKind, WeeklyHours};
use crate::validate;
use crate::Result;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

/// A half-open interval of instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Resolves a local wall time in `zone` to an instant (gap → first valid instant after it;
/// fold → first occurrence).
pub fn resolve_local(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => instant.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => first.min(second).with_timezone(&Utc),
        LocalResult::None => {
            // Gaps are whole minutes long in every zone today (30 min at Lord Howe up to a
            // day for date-line moves), so stepping by minutes finds the first valid instant.
            // Start from the whole minute: a gap ends on a minute boundary, so stepping from
            // 02:30:30 must land on 03:00:00, not 03:00:30.
            let mut probe = local
                .with_second(0)
                .and_then(|time| time.with_nanosecond(0))
                .unwrap_or(local);
            for _ in 0..(48 * 60) {
                probe += Duration::minutes(1);
                if let Some(instant) = zone.from_local_datetime(&probe).earliest() {
                    return instant.with_timezone(&Utc);
                }
            }
            // Unreachable with real zone data; fall back to reading the time as UTC.
            Utc.from_utc_datetime(&local)
        }
    }
}

/// Whether `now` is inside working hours, and the next instant that changes it
/// (`None` when no working hours exist in the coming week).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingState {
    pub working: bool,
    pub next_change: Option<DateTime<Utc>>,
}

/// Working state for plain weekly hours in one zone (no time off, no moves). Fails on a range
/// that is not `HH:MM`; [`MemberRules::working_state`] is the general form.
pub fn working_state(now: DateTime<Utc>, zone: Tz, hours: &WeeklyHours) -> Result<WorkingState> {
    for range in hours.days.iter().flatten() {
        validate::clock_time(&range.start, false)?;
        validate::clock_time(&range.end, true)?;
    }
    Ok(MemberRules::plain(zone, hours.clone()).working_state(now))
}

/// `"+05:30"`-style UTC offset of `zone` at `now`.
pub fn utc_offset(now: DateTime<Utc>, zone: Tz) -> String {
    use chrono::Offset;
    let seconds = now.with_timezone(&zone).offset().fix().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A recurring focus block as minutes after local midnight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockRule {
    pub id: String,
    pub label: Option<String>,
    pub weekdays: Vec<u8>,
    pub start: u32,
    pub end: u32,
    /// Local dates whose occurrence was taken over by a real session (stopped early or
    /// extended), which then counts instead.
    pub overridden: Vec<NaiveDate>,
}

/// A manual status: what, and until when (`None` = until cleared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualStatus {
    pub kind: StatusKind,
    pub message: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Everything that decides one member's availability, as plain values.
#[derive(Debug, Clone)]
pub struct MemberRules {
    pub zone: Tz,
    pub hours: WeeklyHours,
    /// Sorted by date: from that local date on, the member works from that zone.
    pub zone_changes: Vec<(NaiveDate, Tz)>,
    /// Local dates, both inclusive.
    pub time_off: Vec<(NaiveDate, NaiveDate)>,
    pub focus_blocks: Vec<BlockRule>,
    /// Manual focus sessions as effective intervals (stopped early ones already cut).
    pub focus_sessions: Vec<Interval>,
    pub manual: Option<ManualStatus>,
}

/// How far ahead "next available" and "next change" look.
const HORIZON_DAYS: i64 = 21;

impl MemberRules {
    /// Rules of someone with only a zone and weekly hours.
    pub fn plain(zone: Tz, hours: WeeklyHours) -> MemberRules {
        MemberRules {
            zone,
            hours,
            zone_changes: Vec::new(),
            time_off: Vec::new(),
            focus_blocks: Vec::new(),
            focus_sessions: Vec::new(),
            manual: None,
        }
    }

    /// Whether `now` is working time (hours minus time off), and when that next changes,
    /// looking up to ten days ahead.
    pub fn working_state(&self, now: DateTime<Utc>) -> WorkingState {
        let working = self.working_between(now - Duration::days(1), now + Duration::days(10));
        match working
            .iter()
            .find(|interval| interval.start <= now && now < interval.end)
        {
            Some(current) => WorkingState {
                working: true,
                next_change: Some(current.end),
            },
            None => WorkingState {
                working: false,
                next_change: working
                    .iter()
                    .find(|interval| interval.start > now)
                    .map(|interval| interval.start),
            },
        }
    }
    /// The zone in effect on a local date.
    pub fn zone_on(&self, date: NaiveDate) -> Tz {
        self.zone_changes
            .iter()
            .take_while(|(from, _)| *from <= date)
            .last()
            .map(|(_, zone)| *zone)
            .unwrap_or(self.zone)
    }

    /// The zone in effect at an instant: a change applies from local midnight of its date,
    /// in the new zone.
    pub fn zone_at(&self, instant: DateTime<Utc>) -> Tz {
        let mut zone = self.zone;
        for (from, next) in &self.zone_changes {
            if instant >= resolve_local(*next, from.and_time(NaiveTime::MIN)) {
                zone = *next;
            }
        }
        zone
    }

    /// Local dates that can touch `[from, to)` in any zone this member uses.
    fn dates(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> impl Iterator<Item = NaiveDate> {
        let first = from.date_naive() - Duration::days(2);
        let last = to.date_naive() + Duration::days(2);
        first.iter_days().take_while(move |date| *date <= last)
    }

    fn day_intervals(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        ranges_of: impl Fn(NaiveDate) -> Vec<(u32, u32)>,
    ) -> Vec<Interval> {
        let mut out = Vec::new();
        for date in self.dates(from, to) {
            let zone = self.zone_on(date);
            let midnight = date.and_time(NaiveTime::MIN);
            for (start, end) in ranges_of(date) {
                let interval = Interval {
                    start: resolve_local(zone, midnight + Duration::minutes(i64::from(start))),
                    end: resolve_local(zone, midnight + Duration::minutes(i64::from(end))),
                };
                out.push(interval);
            }
        }
        clip(merge(out), from, to)
    }

    /// Working hours in `[from, to)`, before time off is taken out.
    pub fn hours_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
        self.day_intervals(from, to, |date| {
            let weekday = date.weekday().num_days_from_monday() as usize;
            self.hours
                .days
                .get(weekday)
                .map(|ranges| {
                    ranges
                        .iter()
                        .filter_map(|range| {
                            Some((
                                validate::clock_time(&range.start, false).ok()?,
                                validate::clock_time(&range.end, true).ok()?,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Time off in `[from, to)`: from local midnight of the first day to local midnight after
    /// the last, each in the zone in effect that day.
    pub fn time_off_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
        let intervals = self
            .time_off
            .iter()
            .map(|(first, last)| {
                let after = *last + Duration::days(1);
                Interval {
                    start: resolve_local(self.zone_on(*first), first.and_time(NaiveTime::MIN)),
                    end: resolve_local(self.zone_on(after), after.and_time(NaiveTime::MIN)),
                }
            })
            .collect();
        clip(merge(intervals), from, to)
    }

    /// Working time in `[from, to)`: working hours minus time off.
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
        subtract(
            &self.hours_between(from, to),
            &self.time_off_between(from, to),
        )
    }

    /// Focus in `[from, to)`: recurring blocks plus manual sessions, minus time off.
    pub fn focus_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
        let blocks = self.day_intervals(from, to, |date| {
            let weekday = date.weekday().num_days_from_monday() as u8;
            self.focus_blocks
                .iter()
                .filter(|block| {
                    block.weekdays.contains(&weekday) && !block.overridden.contains(&date)
                })
                .map(|block| (block.start, block.end))
                .collect()
        });
        let mut all = blocks;
        all.extend(self.focus_sessions.iter().copied());
        subtract(
            &clip(merge(all), from, to),
            &self.time_off_between(from, to),
        )
    }

    /// When the member is available (working, not focusing, no manual status saying
    /// otherwise) in `[from, to)`.
    pub fn available_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
        let mut busy = self.focus_between(from, to);
        if let Some(manual) = &self.manual {
            if manual.kind != StatusKind::Available {
                busy.push(Interval {
                    start: from,
                    end: manual.expires_at.unwrap_or(to).max(from),
                });
            }
        }
        subtract(&self.working_between(from, to), &merge(busy))
    }

    /// The recurring block occurrence running at `now`, with its local date and interval.
    pub fn active_block(&self, now: DateTime<Utc>) -> Option<(&BlockRule, NaiveDate, Interval)> {
        let today = now.with_timezone(&self.zone_at(now)).date_naive();
        for date in [today - Duration::days(1), today] {
            let zone = self.zone_on(date);
            let weekday = date.weekday().num_days_from_monday() as u8;
            let midnight = date.and_time(NaiveTime::MIN);
            for block in &self.focus_blocks {
                if !block.weekdays.contains(&weekday) || block.overridden.contains(&date) {
                    continue;
                }
                let interval = Interval {
                    start: resolve_local(
                        zone,
                        midnight + Duration::minutes(i64::from(block.start)),
                    ),
                    end: resolve_local(zone, midnight + Duration::minutes(i64::from(block.end))),
                };
                let on_time_off = self
                    .time_off_between(interval.start, interval.end)
                    .iter()
                    .any(|off| off.start <= now && now < off.end);
                if interval.start <= now && now < interval.end && !on_time_off {
                    return Some((block, date, interval));
                }
            }
        }
        None
    }

    /// Status at `now`, when it ends, and when the member is next available.
    /// `on_call` is the member's current on-call shift, if any.
    pub fn status_at(&self, now: DateTime<Utc>, on_call: Option<Interval>) -> StatusNow {
        self.status_and_timeline(now, on_call).0
    }

    /// The status at `now` plus the member's time off, working and focus intervals from two
    /// days before `now` to four days after, for drawing (one computation serves both).
    pub fn status_and_timeline(
        &self,
        now: DateTime<Utc>,
        on_call: Option<Interval>,
    ) -> (StatusNow, Timeline) {
        // Most answers lie within a few days; look further only when they do not.
        let timeline = self.timeline(now - Duration::days(2), now + Duration::days(4));
        let status = match self.status_from(&timeline, now, on_call, false) {
            Some(status) => status,
            None => {
                let long =
                    self.timeline(now - Duration::days(2), now + Duration::days(HORIZON_DAYS));
                self.status_from(&long, now, on_call, true)
                    .unwrap_or(StatusNow {
                        kind: StatusKind::Off,
                        until: None,
                        next_available: None,
                    })
            }
        };
        (status, timeline)
    }

    /// Time off, working time and focus in `[from, to)`.
    pub fn timeline(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Timeline {
        let time_off = self.time_off_between(from, to);
        let working = subtract(&self.hours_between(from, to), &time_off);
        let focus = self.focus_between(from, to);
        Timeline {
            time_off,
            working,
            focus,
        }
    }

    /// The status at `now` from a timeline; `None` if an answer needs a longer look (unless
    /// `last_look`, which then answers with what it found).
    fn status_from(
        &self,
        timeline: &Timeline,
        now: DateTime<Utc>,
        on_call: Option<Interval>,
        last_look: bool,
    ) -> Option<StatusNow> {
        let Timeline {
            time_off,
            working,
            focus,
        } = timeline;
        let (from, horizon) = (
            now - Duration::days(2),
            working
                .last()
                .map_or(now, |last| last.end)
                .max(now + Duration::days(1)),
        );
        let mut busy = focus.clone();
        let manual = self
            .manual
            .as_ref()
            .filter(|manual| manual.expires_at.is_none_or(|expiry| expiry > now));
        if let Some(manual) = manual {
            if manual.kind != StatusKind::Available {
                busy.push(Interval {
                    start: from,
                    end: manual.expires_at.unwrap_or(horizon).max(from),
                });
            }
        }
        let available = subtract(working, &merge(busy));
        let containing = |intervals: &[Interval]| {
            intervals
                .iter()
                .copied()
                .find(|i| i.start <= now && now < i.end)
        };
        let available_now = containing(&available).is_some();
        let next_available = available
            .iter()
            .find(|interval| interval.start > now)
            .map(|interval| interval.start);
        if !available_now && next_available.is_none() && !last_look {
            return None;
        }
        let next_available = if available_now { None } else { next_available };
        let status = |kind, until| {
            Some(StatusNow {
                kind,
                until,
                next_available,
            })
        };
        if let Some(manual) = manual {
            return status(manual.kind, manual.expires_at);
        }
        if let Some(off) = containing(time_off) {
            // Off until they are back at work, not merely until the leave's last midnight.
            let back = working
                .iter()
                .find(|work| work.start >= off.end)
                .map(|work| work.start);
            if back.is_none() && !last_look {
                return None;
            }
            return status(StatusKind::Off, Some(back.unwrap_or(off.end)));
        }
        if let Some(focus) = containing(focus) {
            return status(StatusKind::Focusing, Some(focus.end));
        }
        if let Some(shift) = on_call.filter(|shift| shift.start <= now && now < shift.end) {
            return status(StatusKind::OnCall, Some(shift.end));
        }
        if let Some(work) = containing(working) {
            // Available until work ends or focus begins, whichever is first.
            let focus_start = focus
                .iter()
                .find(|focus| focus.start > now)
                .map(|focus| focus.start);
            let until = focus_start.map_or(work.end, |start| start.min(work.end));
            return Some(StatusNow {
                kind: StatusKind::Available,
                until: Some(until),
                next_available: None,
            });
        }
        let next_work = working
            .iter()
            .find(|work| work.start > now)
            .map(|work| work.start);
        if next_work.is_none() && !last_look {
            return None;
        }
        status(StatusKind::Off, next_work)
    }
}

/// A member's intervals over a stretch of time, sorted and merged.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub time_off: Vec<Interval>,
    pub working: Vec<Interval>,
    pub focus: Vec<Interval>,
}

/// A member's status at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusNow {
    pub kind: StatusKind,
    pub until: Option<DateTime<Utc>>,
    pub next_available: Option<DateTime<Utc>>,
}

/// Sorts and merges touching or overlapping intervals.
pub fn merge(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.retain(|interval| interval.end > interval.start);
    intervals.sort_by_key(|interval| interval.start);
    let mut merged: Vec<Interval> = Vec::with_capacity(intervals.len());
    for interval in intervals {
        match merged.last_mut() {
            Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
            _ => merged.push(interval),
        }
    }
    merged
}

/// Cuts sorted intervals to `[from, to)`.
pub fn clip(intervals: Vec<Interval>, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
    intervals
        .into_iter()
        .filter_map(|interval| {
            let clipped = Interval {
                start: interval.start.max(from),
                end: interval.end.min(to),
            };
            (clipped.end > clipped.start).then_some(clipped)
        })
        .collect()
}

/// `base` minus `cut`; both sorted and merged.
pub fn subtract(base: &[Interval], cut: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for interval in base {
        let mut pieces = vec![*interval];
        for hole in cut {
            pieces = pieces
                .into_iter()
                .flat_map(|piece| {
                    if hole.end <= piece.start || hole.start >= piece.end {
                        return vec![piece];
                    }
                    let mut left = Vec::new();
                    if hole.start > piece.start {
                        left.push(Interval {
                            start: piece.start,
                            end: hole.start,
                        });
                    }
                    if hole.end < piece.end {
                        left.push(Interval {
                            start: hole.end,
                            end: piece.end,
                        });
                    }
                    left
                })
                .collect();
        }
        out.extend(pieces);
    }
    out
}

/// Stretches when at least `min_members` of `members` are working, with who is working.
/// Each window is maximal with a constant set of members.
pub fn overlap(
    members: &[&MemberRules],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    min_members: usize,
) -> Vec<(Interval, Vec<usize>)> {
    let mut events: Vec<(DateTime<Utc>, i8, usize)> = Vec::new();
    for (index, rules) in members.iter().enumerate() {
        for interval in rules.working_between(from, to) {
            events.push((interval.start, 1, index));
            events.push((interval.end, -1, index));
        }
    }
    // Ends before starts at the same instant, so touching intervals do not double count.
    events.sort_by_key(|(at, delta, index)| (*at, *delta, *index));
    let mut present = vec![false; members.len()];
    let mut windows: Vec<(Interval, Vec<usize>)> = Vec::new();
    let mut position = 0;
    while position < events.len() {
        let at = events[position].0;
        while position < events.len() && events[position].0 == at {
            let (_, delta, index) = events[position];
            present[index] = delta > 0;
            position += 1;
        }
        let Some(&(next_at, _, _)) = events.get(position) else {
            break;
        };
        let who: Vec<usize> = (0..members.len()).filter(|index| present[*index]).collect();
        if who.len() >= min_members.max(1) && next_at > at {
            match windows.last_mut() {
                Some((last, last_who)) if last.end == at && *last_who == who => last.end = next_at,
                _ => windows.push((
                    Interval {
                        start: at,
                        end: next_at,
                    },
                    who,
                )),
            }
        }
    }
    windows
}

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

/// `"HH:MM"` of a local time; hand-rolled because chrono's `format` parses its pattern on every
/// call, which shows up when a board formats thousands of times.
pub fn hhmm<T: Timelike>(time: &T) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// Short weekday names, Monday first — the index used everywhere for weekdays.
pub const WEEKDAYS_SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `"Mon"` … `"Sun"`.
pub fn weekday_short<T: Datelike>(date: &T) -> &'static str {
    WEEKDAYS_SHORT[date.weekday().num_days_from_monday() as usize]
}

/// 0 (Monday) … 6 (Sunday) for a weekday name or its first three letters, any case.
pub fn weekday_index(name: &str) -> Option<u8> {
    let short = name.trim().get(..3)?;
    WEEKDAYS_SHORT
        .iter()
        .position(|day| day.eq_ignore_ascii_case(short))
        .map(|day| day as u8)
}

/// `"Jan"` … `"Dec"`.
pub fn month_short<T: Datelike>(date: &T) -> &'static str {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][date.month0() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimeRange;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn every_day(start: &str, end: &str) -> WeeklyHours {
        WeeklyHours {
            days: vec![
                vec![TimeRange {
                    start: start.into(),
                    end: end.into()
                }];
                7
            ],
        }
    }

    #[test]
    fn gap_means_first_valid_instant_after_it() {
        // Berlin springs forward 2026-03-29 02:00 → 03:00 (+01 → +02).
        let local = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            resolve_local(chrono_tz::Europe::Berlin, local),
            utc("2026-03-29T01:00:00Z")
        );
    }

    #[test]
    fn fold_means_first_occurrence() {
        // Berlin falls back 2026-10-25 03:00 → 02:00; 02:30 happens at 00:30Z and 01:30Z.
        let local = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            resolve_local(chrono_tz::Europe::Berlin, local),
            utc("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn standard_week_in_new_york() {
        let zone = chrono_tz::America::New_York;
        let hours = WeeklyHours::standard();
        // Monday 2026-11-23 10:00 EST = 15:00Z.
        let state = working_state(utc("2026-11-23T15:00:00Z"), zone, &hours).unwrap();
        assert_eq!(
            state,
            WorkingState {
                working: true,
                next_change: Some(utc("2026-11-23T22:00:00Z"))
            }
        );
        // Saturday: next change is Monday 09:00 EST.
        let state = working_state(utc("2026-11-21T15:00:00Z"), zone, &hours).unwrap();
        assert_eq!(
            state,
            WorkingState {
                working: false,
                next_change: Some(utc("2026-11-23T14:00:00Z"))
            }
        );
    }

    #[test]
    fn ranges_touching_across_midnight_merge() {
        let zone = chrono_tz::Asia::Kolkata;
        let hours = every_day("00:00", "24:00");
        let state = working_state(utc("2026-06-01T12:00:00Z"), zone, &hours).unwrap();
        assert!(state.working);
        assert!(state.next_change.unwrap() > utc("2026-06-08T00:00:00Z"));
    }

    #[test]
    fn offsets_render_with_minutes() {
        assert_eq!(
            utc_offset(utc("2026-01-01T00:00:00Z"), chrono_tz::Asia::Kathmandu),
            "+05:45"
        );
        assert_eq!(
            utc_offset(utc("2026-01-01T00:00:00Z"), chrono_tz::America::St_Johns),
            "-03:30"
        );
    }
}
