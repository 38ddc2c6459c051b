//! `MemberRules`: everything that decides one person's availability, and the timeline, status and next change it gives.

use super::*;
use crate::base::model::{StatusKind, WeeklyHours};
use crate::base::validate;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

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
            // Back after the longest look: until the leave ends as recorded, not where the
            // look stopped.
            let back = back.unwrap_or_else(|| {
                self.time_off_between(now, DateTime::<Utc>::MAX_UTC)
                    .first()
                    .map_or(off.end, |whole| whole.end)
            });
            return status(StatusKind::Off, Some(back));
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
