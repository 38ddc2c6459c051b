//! View and input types of check-ins, shared with the UI through ts-rs. Instants are RFC 3339
//! in UTC; dates are the participant's local date of an occurrence; HTML is the core's
//! sanitised rendering.

use super::content_model::PersonRef;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One question of a template. `kind`: "text", "yes_no", "blocker" or "mood" (1–5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinQuestion {
    pub id: String,
    pub kind: String,
    pub prompt: String,
}

/// A question as a new or edited template gives it (`id` keeps an existing question's id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinQuestionInput {
    pub id: Option<String>,
    pub kind: String,
    pub prompt: String,
}

/// What creating or changing a template asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinTemplateInput {
    pub name: String,
    pub questions: Vec<CheckinQuestionInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinTemplate {
    pub id: String,
    pub name: String,
    pub questions: Vec<CheckinQuestion>,
    pub author: Option<PersonRef>,
    pub created_at: String,
}

/// What creating or changing a schedule asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinScheduleInput {
    pub name: String,
    /// Template id.
    pub template: String,
    /// Channel id or name; the digest thread is posted there.
    pub channel: String,
    /// @handles; empty means everyone on the team.
    pub participants: Vec<String>,
    /// 0 (Monday) … 6 (Sunday).
    pub weekdays: Vec<u8>,
    /// "HH:MM", asked at this time in each participant's own zone.
    pub time: String,
    /// Answers are expected within this many hours of being asked (default 8).
    pub window_hours: Option<u32>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinSchedule {
    pub id: String,
    pub name: String,
    pub template_id: String,
    pub template_name: String,
    pub channel_id: String,
    pub channel_name: String,
    pub participants: Vec<PersonRef>,
    pub weekdays: Vec<u8>,
    /// Such as "Mon–Fri at 09:00, each in their own time zone".
    pub summary: String,
    pub time: String,
    pub window_hours: u32,
    pub active: bool,
    pub author: Option<PersonRef>,
    pub created_at: String,
}

/// One answered question, with its prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinAnswerItem {
    pub question_id: String,
    pub kind: String,
    pub prompt: String,
    pub value: String,
    /// The value rendered (Markdown for text and blockers, with mentions).
    pub value_html: String,
}

/// One person's answers to one occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinAnswer {
    /// "schedule/member/date".
    pub id: String,
    pub schedule_id: String,
    pub person: PersonRef,
    pub date: String,
    pub items: Vec<CheckinAnswerItem>,
    pub first_answered_at: String,
    pub answered_at: String,
    pub edited: bool,
    /// Answered after the person's window closed.
    pub late: bool,
    /// The blocker text, when the blocker question was answered with one.
    pub blocker: Option<String>,
    pub blocker_cleared: bool,
}

/// Where one participant stands in one occurrence. `state`: "upcoming", "asked",
/// "answered", "late" (answered after the window), "missed" (window closed, no answer) or
/// "skipped".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinParticipant {
    pub person: PersonRef,
    pub time_zone: String,
    pub state: String,
    /// Why they were not asked: "time off" or "not a working day".
    pub skip_reason: Option<String>,
    pub asked_at: Option<String>,
    /// The ask in their own wall time, such as "Mon 09:00 (Pacific/Auckland)".
    pub asked_local: Option<String>,
    /// When reminders go (or went) out, at most two, inside their working hours.
    pub reminders: Vec<String>,
    pub closes_at: Option<String>,
    pub answer: Option<CheckinAnswer>,
}

/// One occurrence of a schedule: everyone's local `date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinOccurrence {
    pub schedule_id: String,
    pub schedule_name: String,
    pub date: String,
    pub questions: Vec<CheckinQuestion>,
    pub participants: Vec<CheckinParticipant>,
    /// When the last zone's window closes: the digest is posted then.
    pub digest_due_at: Option<String>,
    pub digest_thread_id: Option<String>,
}

/// An open blocker someone reported in a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinBlocker {
    pub answer_id: String,
    pub schedule_id: String,
    pub schedule_name: String,
    pub date: String,
    pub person: PersonRef,
    pub text: String,
    pub text_html: String,
    /// The people the blocker names (they were pinged).
    pub named: Vec<PersonRef>,
    pub answered_at: String,
}

/// A check-in I was asked (or will be asked), for the answer form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MyCheckin {
    pub schedule_id: String,
    pub schedule_name: String,
    pub date: String,
    pub asked_at: String,
    pub closes_at: String,
    pub questions: Vec<CheckinQuestion>,
    pub answer: Option<CheckinAnswer>,
    /// The window has closed (answers are still accepted, marked late).
    pub closed: bool,
}

/// What the check-ins screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinOverview {
    pub templates: Vec<CheckinTemplate>,
    pub schedules: Vec<CheckinSchedule>,
    /// My recent and open check-ins, newest first.
    pub mine: Vec<MyCheckin>,
    pub blockers: Vec<CheckinBlocker>,
}

/// One answer to one question, as the answer form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinAnswerValue {
    pub question_id: String,
    pub value: String,
}

/// My answers to a check-in; `date` defaults to the latest occurrence I was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinAnswerInput {
    pub schedule_id: String,
    pub date: Option<String>,
    pub answers: Vec<CheckinAnswerValue>,
}
