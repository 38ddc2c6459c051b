//! Check-ins: templates of questions (text, yes/no, blocker, mood 1–5) asked on a schedule of
//! weekdays at a local time in each participant's own zone, skipped on time off and days they
//! do not work, with at most two reminders in working hours, editable and late answers, a
//! digest thread once the last zone's window closes, and blockers that ping the person named.

mod answers;
mod digest;
mod pass;
pub mod plan;

pub(crate) use answers::*;
pub(crate) use digest::post_digest;
pub(crate) use pass::run_due;

use crate::base::events::CoreEvent;
use crate::base::model::{
    CheckinQuestion, CheckinSchedule, CheckinScheduleInput, CheckinTemplate, CheckinTemplateInput,
    PersonRef,
};
use crate::base::{validate, Error, Result};
use crate::content::{self, People};
use crate::log::ops::{format_instant, parse_instant, CheckinQuestionV1, OpPayload};
use crate::log::Ctx;
use crate::people;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// The question kinds, as stored and typed.
pub const KINDS: [&str; 4] = ["text", "yes_no", "blocker", "mood"];
/// The most questions a template holds.
pub const MAX_QUESTIONS: usize = 20;
/// The longest question prompt, in characters.
pub const PROMPT_MAX: usize = 300;
/// The longest template or schedule name, in characters.
pub const NAME_MAX: usize = 100;
/// The widest answer window, in hours.
pub const MAX_WINDOW_HOURS: u32 = 48;

/// A schedule as stored.
#[derive(Debug, Clone)]
pub(crate) struct ScheduleRow {
    pub(crate) id: String,
    pub(crate) author_id: String,
    pub(crate) template_id: String,
    pub(crate) name: String,
    pub(crate) channel_id: String,
    pub(crate) participants: Vec<String>,
    pub(crate) weekdays: Vec<u8>,
    pub(crate) time: String,
    pub(crate) minute: u32,
    pub(crate) window_hours: u32,
    pub(crate) active: bool,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) created_at_text: String,
}

fn checked_name(field: &'static str, what: &str, raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            field,
            format!("The {what} has no name: give it one, such as \"Daily stand-up\"."),
        ));
    }
    let length = name.chars().count();
    if length > NAME_MAX {
        return Err(Error::invalid(
            field,
            format!("The {what} name has {length} characters; keep it to {NAME_MAX}."),
        ));
    }
    Ok(name.to_owned())
}

/// The questions of a template, checked: at least one, known kinds, short prompts, at most
/// one blocker question. Existing ids are kept so answers stay attached.
fn checked_questions(input: &CheckinTemplateInput) -> Result<Vec<CheckinQuestionV1>> {
    if input.questions.is_empty() {
        return Err(Error::invalid(
            "questions",
            "A check-in needs at least one question: add one such as \"text: What are you working on?\".",
        ));
    }
    if input.questions.len() > MAX_QUESTIONS {
        return Err(Error::invalid(
            "questions",
            format!(
                "A check-in has {} questions; keep it to {MAX_QUESTIONS} so people answer them all.",
                input.questions.len()
            ),
        ));
    }
    let mut out = Vec::with_capacity(input.questions.len());
    for (index, question) in input.questions.iter().enumerate() {
        let number = index + 1;
        let kind = question.kind.trim().to_lowercase().replace(['-', ' '], "_");
        let kind = match kind.as_str() {
            "yesno" => "yes_no".to_owned(),
            _ => kind,
        };
        if !KINDS.contains(&kind.as_str()) {
            return Err(Error::invalid(
                "questions",
                format!(
                    "Question {number} has kind {:?}; use text, yes_no, blocker or mood.",
                    question.kind
                ),
            ));
        }
        let prompt = question.prompt.trim();
        if prompt.is_empty() {
            return Err(Error::invalid(
                "questions",
                format!("Question {number} has no text: write what it asks."),
            ));
        }
        if prompt.chars().count() > PROMPT_MAX {
            return Err(Error::invalid(
                "questions",
                format!("Question {number} is longer than {PROMPT_MAX} characters; shorten it."),
            ));
        }
        if kind == "blocker" && out.iter().any(|q: &CheckinQuestionV1| q.kind == "blocker") {
            return Err(Error::invalid(
                "questions",
                format!(
                    "Question {number} is a second blocker question; one per check-in is enough."
                ),
            ));
        }
        out.push(CheckinQuestionV1 {
            id: question
                .id
                .clone()
                .filter(|id| !id.trim().is_empty())
                .unwrap_or_else(content::new_id),
            kind,
            prompt: prompt.to_owned(),
        });
    }
    Ok(out)
}

fn question_view(question: CheckinQuestionV1) -> CheckinQuestion {
    CheckinQuestion {
        id: question.id,
        kind: question.kind,
        prompt: question.prompt,
    }
}

/// Creates a template (or, with `template_id`, replaces one's name and questions).
pub(crate) fn set_template(
    cx: &mut Ctx,
    template_id: Option<&str>,
    input: &CheckinTemplateInput,
) -> Result<CheckinTemplate> {
    let me = people::require_me(cx)?;
    let existing = template_id.map(|id| template_row(cx, id)).transpose()?;
    let name = checked_name("name", "template", &input.name)?;
    let questions = checked_questions(input)?;
    let now = format_instant(cx.now());
    let (id, created_at) = match &existing {
        Some((id, _, old_name, old_questions, created_at)) => {
            if *old_name == name && *old_questions == questions {
                return Err(Error::Conflict(
                    "Nothing changed: the template reads as it did.".into(),
                ));
            }
            (id.clone(), created_at.clone())
        }
        None => (content::new_id(), now.clone()),
    };
    cx.store.append(
        cx.now(),
        vec![OpPayload::CheckinTemplateSet {
            template_id: id.clone(),
            author_id: me.id,
            name,
            questions,
            created_at,
        }],
    )?;
    cx.emit(CoreEvent::CheckinsChanged);
    template(cx, &id)
}

type TemplateRow = (String, String, String, Vec<CheckinQuestionV1>, String);

fn template_row(cx: &Ctx, id: &str) -> Result<TemplateRow> {
    let row: Option<(String, String, String, String, String)> = cx
        .store
        .conn()
        .query_row(
            "SELECT id, author_id, name, questions, created_at FROM checkin_templates
             WHERE id = ?1 AND body_lww != ''",
            [id],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        )
        .optional()?;
    let (id, author, name, questions, created_at) = row.ok_or_else(|| {
        Error::NotFound(format!(
            "There is no check-in template {id}; `meridian checkin template list` shows them."
        ))
    })?;
    Ok((
        id,
        author,
        name,
        serde_json::from_str(&questions)?,
        created_at,
    ))
}

/// The questions of a template, as stored.
pub(crate) fn template_questions(cx: &Ctx, id: &str) -> Result<Vec<CheckinQuestionV1>> {
    Ok(template_row(cx, id)?.3)
}

pub(crate) fn template(cx: &Ctx, id: &str) -> Result<CheckinTemplate> {
    let people = People::load(cx)?;
    let (id, author, name, questions, created_at) = template_row(cx, id)?;
    Ok(CheckinTemplate {
        id,
        name,
        questions: questions.into_iter().map(question_view).collect(),
        author: people.person(&author),
        created_at,
    })
}

/// Every template, by name.
pub(crate) fn templates(cx: &Ctx) -> Result<Vec<CheckinTemplate>> {
    let ids: Vec<String> = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT id FROM checkin_templates WHERE body_lww != '' ORDER BY name COLLATE NOCASE, id",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| template(cx, id)).collect()
}

/// Weekdays checked, sorted and without repeats.
fn checked_weekdays(weekdays: &[u8]) -> Result<Vec<u8>> {
    if weekdays.is_empty() {
        return Err(Error::invalid(
            "weekdays",
            "A check-in needs at least one weekday: choose the days it is asked, such as mon-fri.",
        ));
    }
    if let Some(bad) = weekdays.iter().find(|day| **day > 6) {
        return Err(Error::invalid(
            "weekdays",
            format!("Weekday {bad} does not exist; use 0 (Monday) to 6 (Sunday)."),
        ));
    }
    let mut days = weekdays.to_vec();
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

/// Creates a schedule (or, with `schedule_id`, replaces one's settings).
pub(crate) fn set_schedule(
    cx: &mut Ctx,
    schedule_id: Option<&str>,
    input: &CheckinScheduleInput,
) -> Result<CheckinSchedule> {
    let me = people::require_me(cx)?;
    let existing = schedule_id.map(|id| schedule_row(cx, id)).transpose()?;
    let name = checked_name("name", "check-in", &input.name)?;
    template_row(cx, input.template.trim())?;
    let channel_id = content::resolve_channel(cx, &input.channel).map_err(|err| match err {
        Error::NotFound(message) => Error::invalid("channel", message),
        other => other,
    })?;
    let channel = content::channel(cx, &channel_id)?;
    if channel.archived {
        return Err(Error::invalid(
            "channel",
            format!(
                "#{} is archived; choose another channel for the digest or restore it.",
                channel.name
            ),
        ));
    }
    let mut participants = Vec::new();
    for handle in &input.participants {
        let member = people::member_by_handle(cx, handle).map_err(|_| {
            Error::invalid(
                "participants",
                format!(
                    "@{} is not a teammate; `meridian member list` shows who is.",
                    content::bare(handle.trim())
                ),
            )
        })?;
        if !participants.contains(&member.id) {
            participants.push(member.id);
        }
    }
    let weekdays = checked_weekdays(&input.weekdays)?;
    validate::clock_time(input.time.trim(), false).map_err(|_| {
        Error::invalid(
            "time",
            format!(
                "{:?} is not a time of day; write it as HH:MM on a 24-hour clock, such as 09:00.",
                input.time
            ),
        )
    })?;
    let time = input.time.trim().to_owned();
    let window_hours = input.window_hours.unwrap_or(plan::DEFAULT_WINDOW_HOURS);
    if window_hours == 0 || window_hours > MAX_WINDOW_HOURS {
        return Err(Error::invalid(
            "window_hours",
            format!("The answer window is {window_hours} hours; choose 1 to {MAX_WINDOW_HOURS}."),
        ));
    }
    let now = format_instant(cx.now());
    let (id, created_at) = match &existing {
        Some(row) => {
            let unchanged = row.name == name
                && row.template_id == input.template.trim()
                && row.channel_id == channel_id
                && row.participants == participants
                && row.weekdays == weekdays
                && row.time == time
                && row.window_hours == window_hours
                && row.active == input.active;
            if unchanged {
                return Err(Error::Conflict(
                    "Nothing changed: the schedule is as it was.".into(),
                ));
            }
            (row.id.clone(), row.created_at_text.clone())
        }
        None => (content::new_id(), now),
    };
    cx.store.append(
        cx.now(),
        vec![OpPayload::CheckinScheduleSet {
            schedule_id: id.clone(),
            author_id: me.id,
            template_id: input.template.trim().to_owned(),
            name,
            channel_id,
            participants,
            weekdays,
            time,
            window_hours,
            active: input.active,
            created_at,
        }],
    )?;
    cx.emit(CoreEvent::CheckinsChanged);
    schedule(cx, &id)
}

const SCHEDULE_COLUMNS: &str = "id, author_id, template_id, name, channel_id, participants, weekdays, ask_time, window_hours, active, created_at";

fn schedule_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(ScheduleRowText,)> {
    Ok(((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(10)?,
    ),))
}

type ScheduleRowText = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    u32,
    bool,
    String,
);

fn parse_schedule(text: ScheduleRowText) -> Result<ScheduleRow> {
    let (
        id,
        author_id,
        template_id,
        name,
        channel_id,
        participants,
        weekdays,
        time,
        window_hours,
        active,
        created_at,
    ) = text;
    Ok(ScheduleRow {
        minute: validate::clock_time(&time, false)?,
        id,
        author_id,
        template_id,
        name,
        channel_id,
        participants: serde_json::from_str(&participants)?,
        weekdays: serde_json::from_str(&weekdays)?,
        time,
        window_hours,
        active,
        created_at: parse_instant(&created_at)?,
        created_at_text: created_at,
    })
}

pub(crate) fn schedule_row(cx: &Ctx, id: &str) -> Result<ScheduleRow> {
    let row = cx
        .store
        .conn()
        .query_row(
            &format!("SELECT {SCHEDULE_COLUMNS} FROM checkin_schedules WHERE id = ?1 AND settings_lww != ''"),
            [id.trim()],
            schedule_from_row,
        )
        .optional()?;
    match row {
        Some((text,)) => parse_schedule(text),
        None => Err(Error::NotFound(format!(
            "There is no check-in schedule {id}; `meridian checkin schedule list` shows them."
        ))),
    }
}

/// Every schedule, by name.
pub(crate) fn schedule_rows(cx: &Ctx) -> Result<Vec<ScheduleRow>> {
    let rows: Vec<(ScheduleRowText,)> = cx
        .store
        .conn()
        .prepare_cached(&format!(
            "SELECT {SCHEDULE_COLUMNS} FROM checkin_schedules WHERE settings_lww != ''
             ORDER BY name COLLATE NOCASE, id"
        ))?
        .query_map([], schedule_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(text,)| parse_schedule(text))
        .collect()
}

/// The members a schedule asks: its participants, or everyone when it names none.
pub(crate) fn participant_ids(cx: &Ctx, row: &ScheduleRow) -> Result<Vec<String>> {
    if !row.participants.is_empty() {
        return Ok(row.participants.clone());
    }
    Ok(people::members(cx)?
        .into_iter()
        .map(|member| member.id)
        .collect())
}

/// "Mon–Fri at 09:00, each in their own time zone".
pub fn describe_days(weekdays: &[u8], time: &str) -> String {
    let names = crate::time::WEEKDAYS_SHORT;
    let days = if weekdays == [0, 1, 2, 3, 4] {
        "Mon–Fri".to_owned()
    } else if weekdays.len() == 7 {
        "Every day".to_owned()
    } else {
        weekdays
            .iter()
            .filter_map(|day| names.get(usize::from(*day)))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{days} at {time}, each in their own time zone")
}

fn schedule_view(cx: &Ctx, people: &People, row: ScheduleRow) -> Result<CheckinSchedule> {
    let template_name = template_row(cx, &row.template_id)
        .map(|(_, _, name, _, _)| name)
        .unwrap_or_default();
    let channel_name = content::channel(cx, &row.channel_id)
        .map(|channel| channel.name)
        .unwrap_or_default();
    let participants: Vec<PersonRef> = participant_ids(cx, &row)?
        .iter()
        .filter_map(|id| people.person(id))
        .collect();
    Ok(CheckinSchedule {
        summary: describe_days(&row.weekdays, &row.time),
        id: row.id,
        name: row.name,
        template_id: row.template_id,
        template_name,
        channel_id: row.channel_id,
        channel_name,
        participants,
        weekdays: row.weekdays,
        time: row.time,
        window_hours: row.window_hours,
        active: row.active,
        author: people.person(&row.author_id),
        created_at: row.created_at_text,
    })
}

pub(crate) fn schedule(cx: &Ctx, id: &str) -> Result<CheckinSchedule> {
    let people = People::load(cx)?;
    let row = schedule_row(cx, id)?;
    schedule_view(cx, &people, row)
}

pub(crate) fn schedules(cx: &Ctx) -> Result<Vec<CheckinSchedule>> {
    let people = People::load(cx)?;
    schedule_rows(cx)?
        .into_iter()
        .map(|row| schedule_view(cx, &people, row))
        .collect()
}
