//! Answering a check-in (editable, accepted late), reading where everyone stands in an
//! occurrence, my own check-ins, and the open blockers people reported.

use super::plan::{self, Ask};
use super::{participant_ids, schedule_row, template_questions, ScheduleRow};
use crate::base::events::CoreEvent;
use crate::base::model::{
    CheckinAnswer, CheckinAnswerInput, CheckinAnswerItem, CheckinBlocker, CheckinOccurrence,
    CheckinOverview, CheckinParticipant, Member, MyCheckin,
};
use crate::base::{Error, Result};
use crate::content::{self, People};
use crate::log::ops::{
    format_instant, parse_instant, CheckinAnswerV1, CheckinQuestionV1, MentionV1, OpPayload,
};
use crate::log::projection::answer_key;
use crate::log::Ctx;
use crate::time::MemberRules;
use crate::{people, team};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// How far back "my check-ins" and open blockers look, in days.
pub const RECENT_DAYS: i64 = 7;
/// The longest answer, in characters.
pub const ANSWER_MAX: usize = 4_000;

/// An answer as stored.
#[derive(Debug, Clone)]
pub(crate) struct AnswerRow {
    pub(crate) id: String,
    pub(crate) schedule_id: String,
    pub(crate) member_id: String,
    pub(crate) date: String,
    pub(crate) answers: Vec<CheckinAnswerV1>,
    pub(crate) mentions: Vec<MentionV1>,
    pub(crate) answered_at: String,
    pub(crate) first_answered_at: String,
    pub(crate) blocker_cleared: bool,
}

const ANSWER_SELECT: &str =
    "SELECT a.id, a.schedule_id, a.member_id, a.date, a.answers, a.mentions, a.answered_at,
        (SELECT min(r.answered_at) FROM checkin_answer_revisions r WHERE r.answer_id = a.id),
        a.blocker_cleared
     FROM checkin_answers a";

fn answer_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(AnswerRow, String, String)> {
    let answered_at: String = row.get(6)?;
    Ok((
        AnswerRow {
            id: row.get(0)?,
            schedule_id: row.get(1)?,
            member_id: row.get(2)?,
            date: row.get(3)?,
            answers: Vec::new(),
            mentions: Vec::new(),
            first_answered_at: row
                .get::<_, Option<String>>(7)?
                .unwrap_or_else(|| answered_at.clone()),
            answered_at,
            blocker_cleared: row.get(8)?,
        },
        row.get(4)?,
        row.get(5)?,
    ))
}

fn answers_where(
    cx: &Ctx,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<AnswerRow>> {
    let rows: Vec<(AnswerRow, String, String)> = cx
        .store
        .conn()
        .prepare_cached(&format!(
            "{ANSWER_SELECT} WHERE a.answer_lww != '' AND {filter} ORDER BY a.date, a.id"
        ))?
        .query_map(params, answer_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(mut row, answers, mentions)| {
            row.answers = serde_json::from_str(&answers)?;
            row.mentions = serde_json::from_str(&mentions)?;
            Ok(row)
        })
        .collect()
}

pub(crate) fn answer_row(cx: &Ctx, id: &str) -> Result<Option<AnswerRow>> {
    Ok(answers_where(cx, "a.id = ?1", &[&id])?.into_iter().next())
}

/// The blocker text of an answer, if its blocker question says something.
fn blocker_of(questions: &[CheckinQuestionV1], answers: &[CheckinAnswerV1]) -> Option<String> {
    let question = questions.iter().find(|q| q.kind == "blocker")?;
    answers
        .iter()
        .find(|answer| answer.question_id == question.id)
        .map(|answer| answer.value.trim().to_owned())
        .filter(|text| !is_no_blocker(text))
}

/// "none", "no", "-" and an empty answer all mean "nothing blocks me".
pub(crate) fn is_no_blocker(text: &str) -> bool {
    let lower = text.trim().trim_end_matches('.').to_lowercase();
    matches!(
        lower.as_str(),
        "" | "-" | "no" | "none" | "nothing" | "n/a" | "no blockers" | "nope"
    )
}

fn answer_view(
    people: &People,
    questions: &[CheckinQuestionV1],
    row: &AnswerRow,
    closes_at: Option<DateTime<Utc>>,
) -> Result<CheckinAnswer> {
    let items = questions
        .iter()
        .filter_map(|question| {
            let answer = row.answers.iter().find(|a| a.question_id == question.id)?;
            let value_html = match question.kind.as_str() {
                "text" | "blocker" => people.render_with(&answer.value, &row.mentions),
                "mood" => format!("{} / 5", answer.value),
                _ => answer.value.clone(),
            };
            Some(CheckinAnswerItem {
                question_id: question.id.clone(),
                kind: question.kind.clone(),
                prompt: question.prompt.clone(),
                value: answer.value.clone(),
                value_html,
            })
        })
        .collect();
    let late = match closes_at {
        Some(closes) => parse_instant(&row.first_answered_at)? > closes,
        None => false,
    };
    Ok(CheckinAnswer {
        id: row.id.clone(),
        schedule_id: row.schedule_id.clone(),
        person: people
            .person(&row.member_id)
            .unwrap_or_else(|| unknown_person(&row.member_id)),
        date: row.date.clone(),
        items,
        edited: row.first_answered_at != row.answered_at,
        first_answered_at: row.first_answered_at.clone(),
        answered_at: row.answered_at.clone(),
        late,
        blocker: blocker_of(questions, &row.answers),
        blocker_cleared: row.blocker_cleared,
    })
}

fn unknown_person(id: &str) -> crate::base::model::PersonRef {
    crate::base::model::PersonRef {
        id: id.to_owned(),
        handle: "unknown".into(),
        display_name: "Someone who left".into(),
    }
}

/// One participant's ask in an occurrence, or `None` when the schedule did not ask them: it
/// does not run that weekday, or their window had closed before the schedule existed. A
/// schedule created while someone's window is open asks them at once.
pub(crate) fn ask_for(row: &ScheduleRow, rules: &MemberRules, date: NaiveDate) -> Option<Ask> {
    ask_if(row, rules, date, false)
}

/// [`ask_for`], counting an occurrence someone `answered` whatever the schedule's settings now
/// say (a window shortened afterwards must not make an answered day vanish).
pub(crate) fn ask_if(
    row: &ScheduleRow,
    rules: &MemberRules,
    date: NaiveDate,
    answered: bool,
) -> Option<Ask> {
    let ask = plan::ask_on(rules, &row.weekdays, row.minute, row.window_hours, date)?;
    match &ask {
        Ask::Asked { closes_at, .. } if *closes_at <= row.created_at && !answered => None,
        Ask::Skipped(_) if date < row.created_at.date_naive() => None,
        _ => Some(ask),
    }
}

fn parse_date(raw: &str) -> Result<NaiveDate> {
    team::parse_day("date", raw.trim())
}

/// Everyone's rules, by member id.
fn rules_by_id(cx: &Ctx) -> Result<(Vec<Member>, HashMap<String, MemberRules>)> {
    let members = people::members(cx)?;
    let rules = team::all_rules(cx, &members)?;
    Ok((members, rules))
}

/// Where everyone stands in the occurrence of `schedule_id` on `date` (default: the latest
/// date anyone was asked).
pub(crate) fn occurrence(
    cx: &Ctx,
    schedule_id: &str,
    date: Option<&str>,
) -> Result<CheckinOccurrence> {
    let row = schedule_row(cx, schedule_id)?;
    let now = cx.now();
    let (_, rules) = rules_by_id(cx)?;
    let participants = participant_ids(cx, &row)?;
    let date = match date {
        Some(raw) => parse_date(raw)?,
        None => latest_asked_date(cx, &row, &participants, &rules, now)?.ok_or_else(|| {
            Error::NotFound(format!(
                "“{}” has not asked anyone yet; it asks {}.",
                row.name,
                super::describe_days(&row.weekdays, &row.time)
            ))
        })?,
    };
    occurrence_on(cx, &row, &participants, &rules, date)
}

/// The latest local date on which one of `participants` was asked (or answered).
fn latest_asked_date(
    cx: &Ctx,
    row: &ScheduleRow,
    participants: &[String],
    rules: &HashMap<String, MemberRules>,
    now: DateTime<Utc>,
) -> Result<Option<NaiveDate>> {
    for date in plan::dates_around(now, RECENT_DAYS, 1).into_iter().rev() {
        for id in participants {
            let Some(rules) = rules.get(id) else { continue };
            let answered = answer_row(cx, &answer_key(&row.id, id, &date.to_string()))?.is_some();
            if matches!(ask_if(row, rules, date, answered), Some(Ask::Asked { at, .. }) if at <= now)
            {
                return Ok(Some(date));
            }
        }
    }
    Ok(None)
}

pub(crate) fn occurrence_on(
    cx: &Ctx,
    row: &ScheduleRow,
    participants: &[String],
    rules: &HashMap<String, MemberRules>,
    date: NaiveDate,
) -> Result<CheckinOccurrence> {
    if !row
        .weekdays
        .contains(&(chrono::Datelike::weekday(&date).num_days_from_monday() as u8))
    {
        return Err(Error::invalid(
            "date",
            format!(
                "“{}” is not asked on {}; it asks {}.",
                row.name,
                date.format("%A %-d %B"),
                super::describe_days(&row.weekdays, &row.time)
            ),
        ));
    }
    let now = cx.now();
    let people = People::load(cx)?;
    let questions = template_questions(cx, &row.template_id)?;
    let date_text = date.to_string();
    let answers: HashMap<String, AnswerRow> = answers_where(
        cx,
        "a.schedule_id = ?1 AND a.date = ?2",
        &[&row.id, &date_text],
    )?
    .into_iter()
    .map(|answer| (answer.member_id.clone(), answer))
    .collect();
    let mut out = Vec::new();
    let mut digest_due: Option<DateTime<Utc>> = None;
    for id in participants {
        let (Some(person), Some(rules)) = (people.person(id), rules.get(id)) else {
            continue;
        };
        let answer = answers.get(id);
        let Some(ask) = ask_if(row, rules, date, answer.is_some()) else {
            continue;
        };
        let zone = rules.zone_on(date);
        let participant = match ask {
            Ask::Skipped(reason) => CheckinParticipant {
                person,
                time_zone: zone.name().to_owned(),
                state: "skipped".into(),
                skip_reason: Some(reason.text().into()),
                asked_at: None,
                asked_local: None,
                reminders: Vec::new(),
                closes_at: None,
                answer: answer
                    .map(|answer| answer_view(&people, &questions, answer, None))
                    .transpose()?,
            },
            Ask::Asked {
                at,
                reminders,
                closes_at,
            } => {
                digest_due = Some(digest_due.map_or(closes_at, |due| due.max(closes_at)));
                let answer = answer
                    .map(|answer| answer_view(&people, &questions, answer, Some(closes_at)))
                    .transpose()?;
                let state = match &answer {
                    Some(answer) if answer.late => "late",
                    Some(_) => "answered",
                    None if at > now => "upcoming",
                    None if now < closes_at => "asked",
                    None => "missed",
                };
                let local = at.with_timezone(&zone);
                CheckinParticipant {
                    person,
                    time_zone: zone.name().to_owned(),
                    state: state.into(),
                    skip_reason: None,
                    asked_at: Some(format_instant(at)),
                    asked_local: Some(format!(
                        "{} {} ({})",
                        crate::time::weekday_short(&local),
                        crate::time::hhmm(&local),
                        zone.name()
                    )),
                    reminders: reminders.into_iter().map(format_instant).collect(),
                    closes_at: Some(format_instant(closes_at)),
                    answer,
                }
            }
        };
        out.push(participant);
    }
    let digest_thread_id: Option<String> = cx
        .store
        .conn()
        .query_row(
            "SELECT thread_id FROM checkin_digests WHERE id = ?1 AND posted_lww != ''",
            [format!("{} {date_text}", row.id)],
            |row| row.get(0),
        )
        .optional()?;
    Ok(CheckinOccurrence {
        schedule_id: row.id.clone(),
        schedule_name: row.name.clone(),
        date: date_text,
        questions: questions.into_iter().map(super::question_view).collect(),
        participants: out,
        digest_due_at: digest_due.map(format_instant),
        digest_thread_id,
    })
}

/// The check-ins I was asked in the last week, newest first.
pub(crate) fn my_checkins(cx: &Ctx) -> Result<Vec<MyCheckin>> {
    let Some(me) = people::me(cx)? else {
        return Ok(Vec::new());
    };
    let now = cx.now();
    let rules = team::rules_for(cx, &me)?;
    let people = People::load(cx)?;
    let mut out = Vec::new();
    for row in super::schedule_rows(cx)? {
        if !row.active || !participant_ids(cx, &row)?.contains(&me.id) {
            continue;
        }
        let questions = template_questions(cx, &row.template_id)?;
        for date in plan::dates_around(now, RECENT_DAYS, 1) {
            let answer = answer_row(cx, &answer_key(&row.id, &me.id, &date.to_string()))?;
            let Some(Ask::Asked { at, closes_at, .. }) =
                ask_if(&row, &rules, date, answer.is_some())
            else {
                continue;
            };
            if at > now {
                continue;
            }
            let answer = answer
                .map(|answer| answer_view(&people, &questions, &answer, Some(closes_at)))
                .transpose()?;
            out.push(MyCheckin {
                schedule_id: row.id.clone(),
                schedule_name: row.name.clone(),
                date: date.to_string(),
                asked_at: format_instant(at),
                closes_at: format_instant(closes_at),
                questions: questions
                    .iter()
                    .cloned()
                    .map(super::question_view)
                    .collect(),
                answer,
                closed: now >= closes_at,
            });
        }
    }
    out.sort_by(|a, b| b.asked_at.cmp(&a.asked_at));
    Ok(out)
}

/// Checks each answer against its question; refuses unknown questions, repeats, bad values
/// and an answer that says nothing.
fn checked_answers(
    questions: &[CheckinQuestionV1],
    input: &CheckinAnswerInput,
) -> Result<Vec<CheckinAnswerV1>> {
    let mut out: Vec<CheckinAnswerV1> = Vec::new();
    for answer in &input.answers {
        let key = answer.question_id.trim();
        // A question by id, or by its number as the form and the CLI show it.
        let question = questions.iter().find(|q| q.id == key).or_else(|| {
            key.parse::<usize>()
                .ok()
                .and_then(|number| number.checked_sub(1))
                .and_then(|index| questions.get(index))
        });
        let Some(question) = question else {
            return Err(Error::invalid(
                "answers",
                format!(
                    "Question {key:?} is not in this check-in; it has questions 1 to {}.",
                    questions.len()
                ),
            ));
        };
        if out.iter().any(|known| known.question_id == question.id) {
            return Err(Error::invalid(
                "answers",
                format!(
                    "“{}” is answered twice; give one answer per question.",
                    question.prompt
                ),
            ));
        }
        let raw = answer.value.trim();
        let value = match question.kind.as_str() {
            "yes_no" => match raw.to_lowercase().as_str() {
                "" => continue,
                "yes" | "y" | "true" => "yes".to_owned(),
                "no" | "n" | "false" => "no".to_owned(),
                _ => {
                    return Err(Error::invalid(
                        "answers",
                        format!(
                            "“{}” is a yes/no question; answer yes or no, not {raw:?}.",
                            question.prompt
                        ),
                    ))
                }
            },
            "mood" => match raw.parse::<u8>() {
                Ok(mood @ 1..=5) => mood.to_string(),
                _ if raw.is_empty() => continue,
                _ => {
                    return Err(Error::invalid(
                        "answers",
                        format!(
                            "“{}” takes a mood from 1 (low) to 5 (great), not {raw:?}.",
                            question.prompt
                        ),
                    ))
                }
            },
            _ => {
                let length = raw.chars().count();
                if length > ANSWER_MAX {
                    return Err(Error::invalid(
                        "answers",
                        format!(
                            "The answer to “{}” has {length} characters; keep it to {ANSWER_MAX}.",
                            question.prompt
                        ),
                    ));
                }
                if raw.is_empty() {
                    continue;
                }
                raw.to_owned()
            }
        };
        out.push(CheckinAnswerV1 {
            question_id: question.id.clone(),
            value,
        });
    }
    if out.is_empty() {
        return Err(Error::invalid(
            "answers",
            "The answer is empty: answer at least one question.",
        ));
    }
    // Stored in the template's order, so an edit that only reorders changes nothing.
    out.sort_by_key(|answer| questions.iter().position(|q| q.id == answer.question_id));
    Ok(out)
}

/// Answers (or edits my answer to) a check-in I was asked. Late answers are accepted; a late
/// first answer after the digest went out is added to the digest thread. A blocker that
/// names someone notifies them.
pub(crate) fn answer(cx: &mut Ctx, input: &CheckinAnswerInput) -> Result<CheckinAnswer> {
    let me = people::require_me(cx)?;
    let row = schedule_row(cx, &input.schedule_id)?;
    if !participant_ids(cx, &row)?.contains(&me.id) {
        return Err(Error::Conflict(format!(
            "You are not asked “{}”; ask whoever runs it to add you.",
            row.name
        )));
    }
    let rules = team::rules_for(cx, &me)?;
    let now = cx.now();
    let date = match input.date.as_deref().filter(|raw| !raw.trim().is_empty()) {
        Some(raw) => parse_date(raw)?,
        None => {
            let participants = [me.id.clone()];
            let rules = HashMap::from([(me.id.clone(), rules.clone())]);
            latest_asked_date(cx, &row, &participants, &rules, now)?.ok_or_else(|| {
                Error::Conflict(format!(
                    "“{}” has not asked you yet; it asks {}.",
                    row.name,
                    super::describe_days(&row.weekdays, &row.time)
                ))
            })?
        }
    };
    let closes_at = match ask_for(&row, &rules, date) {
        None => {
            return Err(Error::invalid(
                "date",
                format!(
                    "“{}” did not ask you on {}; it asks {}.",
                    row.name,
                    date.format("%A %-d %B"),
                    super::describe_days(&row.weekdays, &row.time)
                ),
            ))
        }
        Some(Ask::Skipped(reason)) => {
            return Err(Error::invalid(
                "date",
                format!(
                    "You were not asked on {}: it was {} for you.",
                    date.format("%A %-d %B"),
                    reason.text()
                ),
            ))
        }
        Some(Ask::Asked { at, closes_at, .. }) => {
            if at > now {
                let local = at.with_timezone(&rules.zone_on(date));
                return Err(Error::invalid(
                    "date",
                    format!(
                        "“{}” is asked at {} your time on {}; answer it then.",
                        row.name,
                        crate::time::hhmm(&local),
                        local.format("%A %-d %B")
                    ),
                ));
            }
            closes_at
        }
    };
    let questions = template_questions(cx, &row.template_id)?;
    let answers = checked_answers(&questions, input)?;
    let date_text = date.to_string();
    let key = answer_key(&row.id, &me.id, &date_text);
    let previous = answer_row(cx, &key)?;
    if let Some(previous) = &previous {
        if previous.answers == answers {
            return Err(Error::Conflict(
                "Nothing changed: your answers are as they were.".into(),
            ));
        }
    }
    let people = People::load(cx)?;
    let blocker = blocker_of(&questions, &answers);
    let mentions = match &blocker {
        Some(text) => content::resolve_mentions(&people, text).0,
        None => Vec::new(),
    };
    let stamp = format_instant(now);
    let mut payloads = vec![OpPayload::CheckinAnswered {
        schedule_id: row.id.clone(),
        member_id: me.id.clone(),
        date: date_text.clone(),
        revision_id: content::new_id(),
        answers: answers.clone(),
        mentions: mentions.clone(),
        answered_at: stamp.clone(),
    }];
    // Only people the blocker newly names are pinged; an edit does not ping twice.
    let already: Vec<String> = previous
        .as_ref()
        .map(|previous| {
            previous
                .mentions
                .iter()
                .map(|m| m.member_id.clone())
                .collect()
        })
        .unwrap_or_default();
    if let Some(text) = &blocker {
        for mention in &mentions {
            if mention.member_id == me.id || already.contains(&mention.member_id) {
                continue;
            }
            payloads.push(content::notification(
                &mention.member_id,
                &me,
                "mention",
                format!("@{} is blocked and named you in “{}”", me.handle, row.name),
                text,
                &stamp,
            ));
        }
    }
    if previous.is_none() && now >= closes_at {
        if let Some(thread_id) = digest_thread(cx, &row.id, &date_text)? {
            payloads.push(OpPayload::CommentAdded {
                comment_id: content::new_id(),
                thread_id,
                parent_id: None,
                author_id: me.id.clone(),
                body: super::digest::late_answer_body(&questions, &answers),
                mentions: Vec::new(),
                created_at: stamp.clone(),
            });
        }
    }
    cx.store.append(now, payloads)?;
    cx.emit(CoreEvent::CheckinsChanged);
    cx.emit(CoreEvent::InboxChanged);
    cx.emit(CoreEvent::ContentChanged);
    let stored = answer_row(cx, &key)?
        .ok_or_else(|| Error::Storage("the answer just written is missing".into()))?;
    answer_view(&people, &questions, &stored, Some(closes_at))
}

pub(crate) fn digest_thread(cx: &Ctx, schedule_id: &str, date: &str) -> Result<Option<String>> {
    Ok(cx
        .store
        .conn()
        .query_row(
            "SELECT thread_id FROM checkin_digests WHERE id = ?1 AND posted_lww != ''",
            [format!("{schedule_id} {date}")],
            |row| row.get(0),
        )
        .optional()?)
}

/// Marks a reported blocker cleared (or open again).
pub(crate) fn set_blocker_cleared(cx: &mut Ctx, answer_id: &str, cleared: bool) -> Result<()> {
    let me = people::require_me(cx)?;
    let row = answer_row(cx, answer_id)?.ok_or_else(|| {
        Error::NotFound(format!(
            "There is no check-in answer {answer_id}; `meridian checkin blockers` lists open ones."
        ))
    })?;
    let schedule = schedule_row(cx, &row.schedule_id)?;
    let questions = template_questions(cx, &schedule.template_id)?;
    if blocker_of(&questions, &row.answers).is_none() {
        return Err(Error::Conflict(
            "That answer reports no blocker, so there is nothing to clear.".into(),
        ));
    }
    if row.blocker_cleared == cleared {
        return Err(Error::Conflict(format!(
            "That blocker is {} already.",
            if cleared { "cleared" } else { "open" }
        )));
    }
    cx.store.append(
        cx.now(),
        vec![OpPayload::CheckinBlockerCleared {
            answer_id: row.id,
            member_id: me.id,
            cleared,
        }],
    )?;
    cx.emit(CoreEvent::CheckinsChanged);
    cx.emit(CoreEvent::TeamChanged);
    Ok(())
}

/// Open blockers: each person's latest answer per schedule in the last week, when it reports
/// a blocker nobody cleared. A later answer without one closes it.
pub(crate) fn open_blockers(cx: &Ctx) -> Result<Vec<CheckinBlocker>> {
    let since = (cx.now() - Duration::days(RECENT_DAYS))
        .date_naive()
        .to_string();
    let rows = answers_where(cx, "a.date >= ?1", &[&since])?;
    let mut latest: HashMap<(String, String), AnswerRow> = HashMap::new();
    for row in rows {
        let key = (row.schedule_id.clone(), row.member_id.clone());
        match latest.get(&key) {
            Some(known) if known.date >= row.date => {}
            _ => {
                latest.insert(key, row);
            }
        }
    }
    let people = People::load(cx)?;
    let mut schedules: HashMap<String, Option<(String, Vec<CheckinQuestionV1>)>> = HashMap::new();
    let mut out = Vec::new();
    for row in latest.into_values() {
        if row.blocker_cleared {
            continue;
        }
        let entry = match schedules.get(&row.schedule_id) {
            Some(entry) => entry.clone(),
            None => {
                let entry = schedule_row(cx, &row.schedule_id)
                    .ok()
                    .and_then(|schedule| {
                        template_questions(cx, &schedule.template_id)
                            .ok()
                            .map(|questions| (schedule.name, questions))
                    });
                schedules.insert(row.schedule_id.clone(), entry.clone());
                entry
            }
        };
        let Some((schedule_name, questions)) = entry else {
            continue;
        };
        let Some(text) = blocker_of(&questions, &row.answers) else {
            continue;
        };
        let Some(person) = people.person(&row.member_id) else {
            continue;
        };
        out.push(CheckinBlocker {
            answer_id: row.id.clone(),
            schedule_id: row.schedule_id.clone(),
            schedule_name,
            date: row.date.clone(),
            person,
            text_html: people.render_with(&text, &row.mentions),
            text,
            named: row
                .mentions
                .iter()
                .filter_map(|mention| people.person(&mention.member_id))
                .collect(),
            answered_at: row.answered_at.clone(),
        });
    }
    out.sort_by(|a, b| {
        b.answered_at
            .cmp(&a.answered_at)
            .then(a.answer_id.cmp(&b.answer_id))
    });
    Ok(out)
}

/// Everything the check-ins screen shows.
pub(crate) fn overview(cx: &Ctx) -> Result<CheckinOverview> {
    Ok(CheckinOverview {
        templates: super::templates(cx)?,
        schedules: super::schedules(cx)?,
        mine: my_checkins(cx)?,
        blockers: open_blockers(cx)?,
    })
}

/// An answer as search indexes it: its schedule's name, what it says (text and blocker
/// answers; yes/no, moods and "none" say nothing worth finding), who, when, and whether it
/// reports a blocker nobody cleared.
#[derive(Debug, Clone)]
pub(crate) struct SearchableAnswer {
    pub(crate) title: String,
    pub(crate) text: String,
    pub(crate) member_id: String,
    pub(crate) answered_at: String,
    pub(crate) open_blocker: bool,
}

pub(crate) fn searchable_answer(
    conn: &rusqlite::Connection,
    answer_id: &str,
) -> Result<Option<SearchableAnswer>> {
    type Stored = (String, String, String, bool, String, Option<String>);
    let row: Option<Stored> = conn
        .prepare_cached(
            "SELECT a.answers, a.member_id, a.answered_at, a.blocker_cleared, s.name, t.questions
             FROM checkin_answers a
             JOIN checkin_schedules s ON s.id = a.schedule_id AND s.settings_lww != ''
             LEFT JOIN checkin_templates t ON t.id = s.template_id
             WHERE a.id = ?1 AND a.answer_lww != ''",
        )?
        .query_row([answer_id], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })
        .optional()?;
    let Some((answers, member_id, answered_at, cleared, name, questions)) = row else {
        return Ok(None);
    };
    let answers: Vec<CheckinAnswerV1> = serde_json::from_str(&answers)?;
    let questions: Vec<CheckinQuestionV1> =
        serde_json::from_str(questions.as_deref().unwrap_or("[]"))?;
    let text = questions
        .iter()
        .filter(|q| matches!(q.kind.as_str(), "text" | "blocker"))
        .filter_map(|q| answers.iter().find(|a| a.question_id == q.id))
        .map(|a| a.value.trim())
        .filter(|value| !is_no_blocker(value))
        .collect::<Vec<_>>()
        .join("\n\n");
    Ok(Some(SearchableAnswer {
        title: name,
        text,
        member_id,
        answered_at,
        open_blocker: !cleared && blocker_of(&questions, &answers).is_some(),
    }))
}
