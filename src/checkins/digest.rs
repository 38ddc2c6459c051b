//! The digest: once the last zone's window of an occurrence closes, one thread in the
//! schedule's channel says who answered what, who was away and who did not answer. It is an
//! ordinary thread (the content module's), so it can be read, followed and replied to.

use super::answers::occurrence_on;
use super::ScheduleRow;
use crate::base::events::CoreEvent;
use crate::base::model::{CheckinOccurrence, CheckinParticipant};
use crate::base::Result;
use crate::content;
use crate::log::ops::{format_instant, CheckinAnswerV1, CheckinQuestionV1, OpPayload};
use crate::log::Ctx;
use crate::people;
use crate::time::MemberRules;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::fmt::Write as _;

/// One answer line: the prompt in bold, the answer after it.
fn line(prompt: &str, kind: &str, value: &str) -> String {
    let value = match kind {
        "mood" => format!("{value} / 5"),
        _ => value.replace('\n', " "),
    };
    format!("- **{prompt}** {value}\n")
}

/// The comment a late first answer adds to a digest already posted.
pub(crate) fn late_answer_body(
    questions: &[CheckinQuestionV1],
    answers: &[CheckinAnswerV1],
) -> String {
    let mut body = String::from("Late answer:\n\n");
    for question in questions {
        if let Some(answer) = answers.iter().find(|a| a.question_id == question.id) {
            body.push_str(&line(&question.prompt, &question.kind, &answer.value));
        }
    }
    body
}

fn name(participant: &CheckinParticipant) -> String {
    format!(
        "{} (@{})",
        participant.person.display_name,
        content::bare(&participant.person.handle)
    )
}

/// The digest's Markdown. Answers are quoted as written; the thread carries no mentions, so
/// an @handle in an answer pings nobody a second time.
pub(crate) fn digest_body(occurrence: &CheckinOccurrence) -> String {
    let by_state = |states: &[&str]| -> Vec<&CheckinParticipant> {
        occurrence
            .participants
            .iter()
            .filter(|p| states.contains(&p.state.as_str()))
            .collect()
    };
    let answered = by_state(&["answered", "late"]);
    let asked = occurrence
        .participants
        .iter()
        .filter(|p| p.state != "skipped")
        .count();
    let blockers = answered
        .iter()
        .filter(|p| p.answer.as_ref().is_some_and(|a| a.blocker.is_some()))
        .count();
    let mut body = format!(
        "{} of {asked} answered{}.\n",
        answered.len(),
        match blockers {
            0 => String::new(),
            1 => " · 1 blocker".to_owned(),
            n => format!(" · {n} blockers"),
        }
    );
    for participant in &answered {
        let _ = write!(body, "\n### {}\n", name(participant));
        let mut notes = Vec::new();
        if let Some(local) = &participant.asked_local {
            notes.push(format!("asked {local}"));
        }
        if participant.state == "late" {
            notes.push("answered late".into());
        }
        if participant.answer.as_ref().is_some_and(|a| a.edited) {
            notes.push("edited".into());
        }
        let _ = writeln!(body, "_{}_\n", notes.join(" · "));
        if let Some(answer) = &participant.answer {
            for item in &answer.items {
                // "No blocker" answers would only make the blockers harder to spot.
                if item.kind == "blocker" && super::answers::is_no_blocker(&item.value) {
                    continue;
                }
                body.push_str(&line(&item.prompt, &item.kind, &item.value));
            }
        }
    }
    let missed = by_state(&["missed", "asked", "upcoming"]);
    if !missed.is_empty() {
        body.push_str("\n### No answer yet\n");
        for participant in missed {
            let _ = writeln!(body, "- {}", name(participant));
        }
    }
    let skipped = by_state(&["skipped"]);
    if !skipped.is_empty() {
        body.push_str("\n### Not asked\n");
        for participant in skipped {
            let _ = writeln!(
                body,
                "- {} — {}",
                name(participant),
                participant.skip_reason.as_deref().unwrap_or("away")
            );
        }
    }
    body
}

/// Posts the digest of `row`'s occurrence on `date` as me, with the record that links it,
/// in one append, stamped `posted_at`. Says the thread's id, or `None` when nobody was asked
/// that day.
pub(crate) fn post_digest(
    cx: &mut Ctx,
    row: &ScheduleRow,
    participants: &[String],
    rules: &HashMap<String, MemberRules>,
    date: NaiveDate,
    posted_at: DateTime<Utc>,
) -> Result<Option<String>> {
    let me = people::require_me(cx)?;
    let occurrence = occurrence_on(cx, row, participants, rules, date)?;
    if occurrence.participants.iter().all(|p| p.state == "skipped") {
        return Ok(None);
    }
    let title = content::clip(
        &format!(
            "Check-in digest: {} — {}",
            row.name,
            date.format("%a %-d %b")
        ),
        content::TITLE_MAX,
    );
    let body = digest_body(&occurrence);
    let now = format_instant(posted_at);
    let thread_id = content::new_id();
    cx.store.append(
        cx.now(),
        vec![
            OpPayload::ThreadCreated {
                thread_id: thread_id.clone(),
                channel_id: row.channel_id.clone(),
                author_id: me.id.clone(),
                title,
                body,
                mentions: Vec::new(),
                created_at: now.clone(),
            },
            content::state(&thread_id, &me.id, Some(true), Some(now.clone()), None),
            OpPayload::CheckinDigestPosted {
                schedule_id: row.id.clone(),
                date: date.to_string(),
                thread_id: thread_id.clone(),
                posted_at: now,
            },
        ],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    cx.emit(CoreEvent::CheckinsChanged);
    Ok(Some(thread_id))
}
