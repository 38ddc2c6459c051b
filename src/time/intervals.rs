//! Half-open UTC intervals and the set operations on them, and the overlap sweep.

use super::*;
use chrono::{DateTime, Utc};

/// A half-open interval of instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
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
