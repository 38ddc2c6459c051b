//! How check-in ops become rows: templates and schedules are last-writer-wins as a whole; an
//! answer is last-writer-wins per occurrence with every revision kept as a row of its own.

use super::{text, RowWrite};
use crate::base::Result;
use crate::log::ops::OpPayload;
use rusqlite::types::Value;

fn json<T: serde::Serialize>(value: &T) -> Result<Value> {
    Ok(Value::Text(serde_json::to_string(value)?))
}

/// The id of one person's answer to one occurrence: "schedule/member/date", one word, so it
/// can be typed on a command line.
pub(crate) fn answer_key(schedule_id: &str, member_id: &str, date: &str) -> String {
    format!("{schedule_id}/{member_id}/{date}")
}

/// The rows `payload` writes, stamped with `key`.
pub(super) fn row_writes(key: &str, payload: &OpPayload) -> Result<Vec<RowWrite>> {
    let writes = match payload {
        OpPayload::CheckinTemplateSet {
            template_id,
            author_id,
            name,
            questions,
            created_at,
        } => vec![RowWrite::new(
            "checkin_templates",
            template_id,
            key,
            vec![
                ("created_at", "created_lww", text(created_at)),
                ("author_id", "body_lww", text(author_id)),
                ("name", "body_lww", text(name)),
                ("questions", "body_lww", json(questions)?),
            ],
        )],
        OpPayload::CheckinScheduleSet {
            schedule_id,
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
        } => vec![RowWrite::new(
            "checkin_schedules",
            schedule_id,
            key,
            vec![
                ("created_at", "created_lww", text(created_at)),
                ("author_id", "settings_lww", text(author_id)),
                ("template_id", "settings_lww", text(template_id)),
                ("name", "settings_lww", text(name)),
                ("channel_id", "settings_lww", text(channel_id)),
                ("participants", "settings_lww", json(participants)?),
                ("weekdays", "settings_lww", json(weekdays)?),
                ("ask_time", "settings_lww", text(time)),
                (
                    "window_hours",
                    "settings_lww",
                    Value::Integer(i64::from(*window_hours)),
                ),
                ("active", "settings_lww", Value::Integer(i64::from(*active))),
            ],
        )],
        OpPayload::CheckinAnswered {
            schedule_id,
            member_id,
            date,
            revision_id,
            answers,
            mentions,
            answered_at,
        } => {
            let answer_id = answer_key(schedule_id, member_id, date);
            vec![
                RowWrite::new(
                    "checkin_answers",
                    &answer_id,
                    key,
                    vec![
                        ("schedule_id", "answer_lww", text(schedule_id)),
                        ("member_id", "answer_lww", text(member_id)),
                        ("date", "answer_lww", text(date)),
                        ("answers", "answer_lww", json(answers)?),
                        ("mentions", "answer_lww", json(mentions)?),
                        ("answered_at", "answer_lww", text(answered_at)),
                    ],
                ),
                RowWrite::new(
                    "checkin_answer_revisions",
                    revision_id,
                    key,
                    vec![
                        ("answer_id", "created_lww", text(&answer_id)),
                        ("answers", "created_lww", json(answers)?),
                        ("answered_at", "created_lww", text(answered_at)),
                    ],
                ),
            ]
        }
        OpPayload::CheckinBlockerCleared {
            answer_id,
            member_id,
            cleared,
        } => vec![RowWrite::new(
            "checkin_answers",
            answer_id,
            key,
            vec![
                (
                    "blocker_cleared",
                    "cleared_lww",
                    Value::Integer(i64::from(*cleared)),
                ),
                ("cleared_by", "cleared_lww", text(member_id)),
            ],
        )],
        OpPayload::CheckinDigestPosted {
            schedule_id,
            date,
            thread_id,
            posted_at,
        } => vec![RowWrite::new(
            "checkin_digests",
            &format!("{schedule_id} {date}"),
            key,
            vec![
                ("schedule_id", "posted_lww", text(schedule_id)),
                ("date", "posted_lww", text(date)),
                ("thread_id", "posted_lww", text(thread_id)),
                ("posted_at", "posted_lww", text(posted_at)),
            ],
        )],
        _ => Vec::new(),
    };
    Ok(writes.into_iter().flatten().collect())
}
