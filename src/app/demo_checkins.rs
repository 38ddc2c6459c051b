//! The demo team's week of check-ins: a daily stand-up asked at 09:00 in each person's own
//! zone, answered (some late, some edited, one blocker naming a teammate) on the days each
//! was asked, with the digests of the days whose last window has closed. My own latest one is
//! left for me to answer.

use super::Meridian;
use crate::base::model::{CheckinQuestionInput, CheckinScheduleInput, CheckinTemplateInput};
use crate::base::Result;
use crate::checkins::{self, plan::Ask};
use crate::log::ops::{format_instant, CheckinAnswerV1, MentionV1, OpPayload};
use crate::log::projection::answer_key;
use crate::{content, people, team};
use chrono::Duration;
use std::collections::HashMap;

const DONE: &[&str] = &[
    "Reviewed the sync screen and left notes on the offline banner.",
    "Finished the migration dry run on the big tenant (4 minutes).",
    "Paired on the release notes; two sections left.",
    "Fixed the flaky overlap test; it was a DST edge in Auckland.",
    "Wrote the onboarding copy for the hours step.",
    "Triaged the inbox batching bug reports.",
    "Recorded the Friday demo video.",
];

const NEXT: &[&str] = &[
    "Sign off the sync screen.",
    "Release notes, then the changelog.",
    "Load test the new digest query.",
    "Review Mateo's onboarding mock-ups.",
    "Start on the translations for the banner.",
];

impl Meridian {
    /// Seeds the stand-up template and schedule and a week of answers; schedule and template
    /// are mine, so this device posts the digests.
    pub(super) fn seed_demo_checkins(&mut self) -> Result<()> {
        let template = self.create_checkin_template(&CheckinTemplateInput {
            name: "Daily stand-up".into(),
            questions: [
                ("text", "What did you get done since the last check-in?"),
                ("text", "What's next for you?"),
                (
                    "blocker",
                    "Is anything blocking you? (@name who can unblock it)",
                ),
                ("mood", "How are you feeling today?"),
                ("yes_no", "Will your demo recording be in by Friday?"),
            ]
            .into_iter()
            .map(|(kind, prompt)| CheckinQuestionInput {
                id: None,
                kind: kind.into(),
                prompt: prompt.into(),
            })
            .collect(),
        })?;
        let schedule = self.create_checkin_schedule(&CheckinScheduleInput {
            name: "Daily stand-up".into(),
            template: template.id.clone(),
            channel: "general".into(),
            participants: Vec::new(),
            weekdays: vec![0, 1, 2, 3, 4],
            time: "09:00".into(),
            window_hours: Some(8),
            active: true,
        })?;
        let now = self.now();
        // The schedule has run for a week: its start is what its occurrences count from.
        let started = now - Duration::days(8);
        let mut row = checkins::schedule_row(&self.cx, &schedule.id)?;
        self.cx.store.append(
            now,
            vec![OpPayload::CheckinScheduleSet {
                schedule_id: row.id.clone(),
                author_id: row.author_id.clone(),
                template_id: row.template_id.clone(),
                name: row.name.clone(),
                channel_id: row.channel_id.clone(),
                participants: row.participants.clone(),
                weekdays: row.weekdays.clone(),
                time: row.time.clone(),
                window_hours: row.window_hours,
                active: true,
                created_at: format_instant(started),
            }],
        )?;
        row = checkins::schedule_row(&self.cx, &schedule.id)?;
        let me = people::require_me(&self.cx)?;
        let members = people::members(&self.cx)?;
        let rules = team::all_rules(&self.cx, &members)?;
        let questions = &template.questions;
        let grace = self.member_by_handle("grace")?;
        let mut ops = Vec::new();
        let mut latest_date_for_me = None;
        let dates = checkins::plan::dates_around(now, 8, 0);
        for (person_index, member) in members.iter().enumerate() {
            let Some(member_rules) = rules.get(&member.id) else {
                continue;
            };
            let mut answered_days = 0usize;
            for (day_index, date) in dates.iter().enumerate() {
                let Some(Ask::Asked { at, closes_at, .. }) =
                    checkins::ask_for(&row, member_rules, *date)
                else {
                    continue;
                };
                if member.id == me.id && at <= now {
                    latest_date_for_me = Some(*date);
                }
                let seed = person_index * 3 + day_index;
                // Some days someone forgets; Sam answers one day late, after the window.
                let skip = seed % 6 == 5;
                let late = member.handle == "sam" && day_index % 4 == 1;
                let answered_at = if late {
                    closes_at + Duration::minutes(40)
                } else {
                    at + Duration::minutes(20 + (seed as i64 * 13) % 90)
                };
                if skip || answered_at > now {
                    continue;
                }
                answered_days += 1;
                let blocker = if member.handle == "priya" && answered_days >= 2 {
                    "Waiting on @grace for the staging database credentials.".to_owned()
                } else {
                    "none".to_owned()
                };
                let mentions = if blocker.contains("@grace") {
                    vec![MentionV1 {
                        member_id: grace.id.clone(),
                        handle: "grace".into(),
                    }]
                } else {
                    Vec::new()
                };
                let values = [
                    DONE[seed % DONE.len()].to_owned(),
                    NEXT[(seed + 2) % NEXT.len()].to_owned(),
                    blocker,
                    (2 + (seed * 3) % 4).to_string(),
                    if seed % 3 == 0 { "no" } else { "yes" }.to_owned(),
                ];
                let answers: Vec<CheckinAnswerV1> = questions
                    .iter()
                    .zip(values)
                    .map(|(question, value)| CheckinAnswerV1 {
                        question_id: question.id.clone(),
                        value,
                    })
                    .collect();
                ops.push(OpPayload::CheckinAnswered {
                    schedule_id: row.id.clone(),
                    member_id: member.id.clone(),
                    date: date.to_string(),
                    revision_id: content::new_id(),
                    answers: answers.clone(),
                    mentions: mentions.clone(),
                    answered_at: format_instant(answered_at),
                });
                // Linus corrects his first answer an hour later: the edit keeps both.
                if member.handle == "linus" && answered_days == 1 {
                    let mut edited = answers;
                    edited[1].value = "Release notes, then the changelog for 2.4.".into();
                    ops.push(OpPayload::CheckinAnswered {
                        schedule_id: row.id.clone(),
                        member_id: member.id.clone(),
                        date: date.to_string(),
                        revision_id: content::new_id(),
                        answers: edited,
                        mentions,
                        answered_at: format_instant(answered_at + Duration::hours(1)),
                    });
                }
            }
        }
        // My latest check-in stays open, for me to answer.
        if let Some(date) = latest_date_for_me {
            let key = answer_key(&row.id, &me.id, &date.to_string());
            ops.retain(|op| match op {
                OpPayload::CheckinAnswered {
                    schedule_id,
                    member_id,
                    date,
                    ..
                } => answer_key(schedule_id, member_id, date) != key,
                _ => true,
            });
        }
        self.cx.store.append(now, ops)?;
        // Digests of the days whose last window has closed, each posted when it closed.
        let participants = checkins::participant_ids(&self.cx, &row)?;
        let rules_of: HashMap<_, _> = rules.into_iter().collect();
        for date in dates {
            let closes = participants
                .iter()
                .filter_map(
                    |id| match checkins::ask_for(&row, rules_of.get(id)?, date)? {
                        Ask::Asked { closes_at, .. } => Some(closes_at),
                        Ask::Skipped(_) => None,
                    },
                )
                .max();
            if let Some(closes) = closes.filter(|closes| *closes <= now) {
                checkins::post_digest(&mut self.cx, &row, &participants, &rules_of, date, closes)?;
            }
        }
        Ok(())
    }
}
