//! The delivery policy: batch times, holds for focus, hours and time off, and the urgent, allowlist and on-call bypasses.

#[allow(unused_imports)]
use super::*;
use crate::base::model::{NotifyOutlook, StatusKind};
use crate::base::{validate, Error, Result};
use crate::log::ops::format_instant;
use crate::log::Ctx;
use crate::time::MemberRules;
use crate::{people, team};
use chrono::{DateTime, Duration, NaiveTime, Utc};

/// How far ahead to look for the next delivery time.
pub(crate) const LOOKAHEAD_DAYS: i64 = 14;

/// Everything the delivery policy needs, as plain values.
#[derive(Debug, Clone)]
pub struct PolicyContext {
    pub rules: MemberRules,
    /// Minutes after local midnight, per weekday (Monday first).
    pub times: Vec<Vec<u32>>,
    pub urgent_outside_hours: bool,
    pub allowlist: Vec<String>,
    pub on_call: bool,
}

impl PolicyContext {
    pub fn as_they_come(&self) -> bool {
        self.times.iter().all(Vec::is_empty)
    }

    /// Not held: working, not on time off, not focusing, no manual status saying otherwise.
    pub fn available_now(&self, now: DateTime<Utc>) -> bool {
        self.rules
            .available_between(now, now + Duration::minutes(1))
            .first()
            .is_some_and(|first| first.start <= now)
    }

    pub fn working_now(&self, now: DateTime<Utc>) -> bool {
        self.rules
            .working_between(now, now + Duration::minutes(1))
            .first()
            .is_some_and(|first| first.start <= now)
    }

    /// Delivery times as instants in `(after, until]`, each in the zone in effect that day.
    pub(crate) fn slots_between(
        &self,
        after: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Vec<DateTime<Utc>> {
        let mut slots = Vec::new();
        let first = after.date_naive() - Duration::days(2);
        let last = until.date_naive() + Duration::days(2);
        for date in first.iter_days().take_while(|date| *date <= last) {
            let zone = self.rules.zone_on(date);
            let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
            for minutes in self.times.get(weekday).map(Vec::as_slice).unwrap_or(&[]) {
                let local = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(*minutes));
                let instant = crate::time::resolve_local(zone, local);
                if instant > after && instant <= until {
                    slots.push(instant);
                }
            }
        }
        slots.sort();
        slots
    }

    /// When a delivery time actually fires: at once if available then; at the end of focus (or
    /// of a manual hold) if that comes before working hours end; never outside working hours.
    pub(crate) fn effective(&self, slot: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let work = self
            .rules
            .working_between(slot - Duration::days(1), slot + Duration::days(1))
            .into_iter()
            .find(|work| work.start <= slot && slot < work.end)?;
        let available = self.rules.available_between(slot, work.end);
        available.first().map(|first| first.start)
    }

    /// Whether a delivery time fired in `(after, now]`.
    pub(crate) fn slot_due(&self, after: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        // A slot shortly before `after` may fire later (when focus ends), so look back a day.
        self.slots_between(after - Duration::days(1), now)
            .into_iter()
            .filter_map(|slot| self.effective(slot))
            .any(|fires| fires > after && fires <= now)
    }

    /// The next instant after `now` at which a delivery time fires.
    pub(crate) fn next_slot_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.as_they_come() {
            return None;
        }
        self.slots_between(
            now - Duration::days(1),
            now + Duration::days(LOOKAHEAD_DAYS),
        )
        .into_iter()
        .filter_map(|slot| self.effective(slot))
        .filter(|fires| *fires > now)
        .min()
    }

    /// When held items would go out.
    pub(crate) fn next_batch_time(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.as_they_come() {
            if self.available_now(now) {
                return Some(now);
            }
            self.rules
                .available_between(now, now + Duration::days(LOOKAHEAD_DAYS))
                .first()
                .map(|first| first.start)
        } else {
            self.next_slot_after(now)
        }
    }

    /// When the hold state next changes (focus ends, hours start), so urgent-outside-hours and
    /// as-they-come items are re-checked then.
    pub(crate) fn next_hold_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let horizon = now + Duration::days(LOOKAHEAD_DAYS);
        let available = self.rules.available_between(now, horizon);
        let working = self.rules.working_between(now, horizon);
        available
            .iter()
            .chain(working.iter())
            .flat_map(|interval| [interval.start, interval.end])
            .filter(|at| *at > now)
            .min()
    }
}

/// How many items wait for a system notification, until when, and why.
pub(crate) fn notify_outlook(cx: &Ctx) -> Result<NotifyOutlook> {
    let Some(me) = people::me(cx)? else {
        return Ok(NotifyOutlook {
            pending: 0,
            next_delivery: None,
            held_because: None,
        });
    };
    let now = cx.clock.now();
    let pending = pending_count(cx.store.conn(), &me.id)?;
    let context = policy_context(cx, &me.id)?;
    let next = if pending == 0 {
        None
    } else {
        context.next_batch_time(now)
    };
    let held_because = if pending == 0 || context.available_now(now) {
        None
    } else {
        Some(match context.rules.status_at(now, None).kind {
            StatusKind::Focusing => "You are focusing".to_owned(),
            StatusKind::Off => "Outside your working hours".to_owned(),
            _ => "Your status holds notifications".to_owned(),
        })
    };
    Ok(NotifyOutlook {
        pending,
        next_delivery: next.map(format_instant),
        held_because,
    })
}

pub(crate) fn policy_context(cx: &Ctx, member_id: &str) -> Result<PolicyContext> {
    let me = people::member_by_id(cx.store.conn(), member_id)?
        .ok_or_else(|| Error::NotFound("profile not found".into()))?;
    let rules = team::rules_for(cx, &me)?;
    let (times, urgent_outside_hours, allowlist) = load_prefs(cx.store.conn(), member_id)?;
    let minutes = times
        .iter()
        .map(|day| {
            day.iter()
                .filter_map(|time| validate::clock_time(time, false).ok())
                .collect()
        })
        .collect();
    let on_call = team::on_call_shifts(cx, cx.clock.now())?
        .and_then(|(_, shift)| shift)
        .is_some_and(|(member_id, _)| member_id == me.id);
    Ok(PolicyContext {
        rules,
        times: minutes,
        urgent_outside_hours,
        allowlist,
        on_call,
    })
}
