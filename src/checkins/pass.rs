//! One scheduler pass, run with every delivery pass: asks me and reminds me of the check-ins
//! that are due in my own zone, and posts the digests of schedules I set once the last zone's
//! window has closed. Notification ids are derived from the occurrence, so a pass that runs
//! twice (or on two of my devices) asks once.

use super::answers::{answer_row, ask_for, ask_if};
use super::plan::{self, Ask};
use super::{participant_ids, schedule_rows};
use crate::base::events::CoreEvent;
use crate::base::Result;
use crate::log::ops::{format_instant, OpPayload};
use crate::log::projection::answer_key;
use crate::log::Ctx;
use crate::{people, team};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Digests are posted for occurrences up to this many days old; older ones, missed while no
/// device of the schedule's owner ran, stay unposted rather than arriving as a flood.
const DIGEST_LOOKBACK_DAYS: i64 = 3;

fn notified(cx: &Ctx, id: &str) -> Result<bool> {
    Ok(cx.store.conn().query_row(
        "SELECT EXISTS(SELECT 1 FROM notifications WHERE id = ?1)",
        [id],
        |row| row.get(0),
    )?)
}

fn earliest(next: &mut Option<DateTime<Utc>>, at: DateTime<Utc>) {
    *next = Some(next.map_or(at, |known| known.min(at)));
}

/// Does what is due at `cx.now()` and says when the next check-in event falls due.
pub(crate) fn run_due(cx: &mut Ctx) -> Result<Option<DateTime<Utc>>> {
    let Some(me) = people::me(cx)? else {
        return Ok(None);
    };
    let now = cx.now();
    let schedules: Vec<_> = schedule_rows(cx)?
        .into_iter()
        .filter(|row| row.active)
        .collect();
    if schedules.is_empty() {
        return Ok(None);
    }
    let members = people::members(cx)?;
    let rules = team::all_rules(cx, &members)?;
    let mut next = None;
    let mut payloads = Vec::new();
    let stamp = format_instant(now);
    for row in &schedules {
        let participants = participant_ids(cx, row)?;
        if let (true, Some(my_rules)) = (participants.contains(&me.id), rules.get(&me.id)) {
            for date in plan::dates_around(now, 2, 2) {
                let Some(Ask::Asked {
                    at,
                    reminders,
                    closes_at,
                }) = ask_for(row, my_rules, date)
                else {
                    continue;
                };
                if at > now {
                    earliest(&mut next, at);
                    continue;
                }
                if now >= closes_at {
                    continue;
                }
                let key = answer_key(&row.id, &me.id, &date.to_string());
                if answer_row(cx, &key)?.is_some() {
                    continue;
                }
                let zone = my_rules.zone_on(date);
                let by = crate::time::hhmm(&closes_at.with_timezone(&zone));
                let ask_id = format!("checkin-ask {key}");
                if !notified(cx, &ask_id)? {
                    payloads.push(OpPayload::NotificationQueued {
                        notification_id: ask_id,
                        recipient_id: me.id.clone(),
                        sender_id: None,
                        kind: "checkin".into(),
                        title: crate::content::clip(&format!("Check-in: {}", row.name), 200),
                        body: Some(format!(
                            "Asked at {} your time; the team reads the answers after {by}.",
                            crate::time::hhmm(&at.with_timezone(&zone))
                        )),
                        urgent: false,
                        created_at: stamp.clone(),
                    });
                }
                // Only the latest due reminder goes out: after a suspend, one, not two at once.
                let due = reminders.iter().rposition(|when| *when <= now);
                if let Some(index) = due {
                    let id = format!("checkin-remind {} {key}", index + 1);
                    let later_sent = (index + 1..reminders.len()).any(|later| {
                        notified(cx, &format!("checkin-remind {} {key}", later + 1))
                            .unwrap_or(false)
                    });
                    if !later_sent && !notified(cx, &id)? {
                        payloads.push(OpPayload::NotificationQueued {
                            notification_id: id,
                            recipient_id: me.id.clone(),
                            sender_id: None,
                            kind: "checkin".into(),
                            title: crate::content::clip(
                                &format!("Reminder: “{}” waits for your answer", row.name),
                                200,
                            ),
                            body: Some(format!(
                                "Reminder {} of {}; answers are read after {by} your time, and late ones still count.",
                                index + 1,
                                reminders.len()
                            )),
                            urgent: false,
                            created_at: stamp.clone(),
                        });
                    }
                }
                if let Some(upcoming) = reminders.iter().find(|when| **when > now) {
                    earliest(&mut next, *upcoming);
                }
            }
        }
        if row.author_id == me.id {
            let mut rules_of: HashMap<String, _> = HashMap::new();
            for id in &participants {
                if let Some(found) = rules.get(id) {
                    rules_of.insert(id.clone(), found.clone());
                }
            }
            for date in plan::dates_around(now, DIGEST_LOOKBACK_DAYS, 1) {
                if super::digest_thread(cx, &row.id, &date.to_string())?.is_some() {
                    continue;
                }
                let mut closes = None;
                for id in &participants {
                    let Some(rules) = rules_of.get(id) else {
                        continue;
                    };
                    let answered =
                        answer_row(cx, &answer_key(&row.id, id, &date.to_string()))?.is_some();
                    if let Some(Ask::Asked { closes_at, .. }) = ask_if(row, rules, date, answered) {
                        closes = closes.max(Some(closes_at));
                    }
                }
                let Some(closes) = closes else { continue };
                if closes > now {
                    earliest(&mut next, closes);
                    continue;
                }
                super::digest::post_digest(cx, row, &participants, &rules_of, date, now)?;
            }
        }
    }
    if !payloads.is_empty() {
        cx.store.append(now, payloads)?;
        cx.emit(CoreEvent::InboxChanged);
        cx.emit(CoreEvent::CheckinsChanged);
    }
    Ok(next)
}
