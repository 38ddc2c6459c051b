//! How the ops of the work board and quick capture become projection rows. A task's fields
//! and its status are separate last-writer-wins groups, so moving a card never undoes a
//! concurrent edit of its title; a blocker relation is a row of its own.

use super::{optional, text, RowWrite};
use crate::base::Result;
use crate::log::ops::OpPayload;
use rusqlite::types::Value;

/// A task's editable fields, written together under one stamp.
fn task_fields(
    title: &str,
    body: &str,
    owner_id: &Option<String>,
    due_at: &Option<String>,
    due_zone: &Option<String>,
    goal_id: &Option<String>,
) -> Vec<super::Field> {
    vec![
        ("title", "fields_lww", text(title)),
        ("body", "fields_lww", text(body)),
        ("owner_id", "fields_lww", optional(owner_id)),
        ("due_at", "fields_lww", optional(due_at)),
        ("due_zone", "fields_lww", optional(due_zone)),
        ("goal_id", "fields_lww", optional(goal_id)),
    ]
}

/// The rows `payload` writes, stamped with `key`.
pub(super) fn row_writes(key: &str, payload: &OpPayload) -> Result<Vec<RowWrite>> {
    let writes = match payload {
        OpPayload::TaskCreated {
            task_id,
            author_id,
            title,
            body,
            owner_id,
            status,
            due_at,
            due_zone,
            goal_id,
            created_at,
        } => vec![RowWrite::new(
            "tasks",
            task_id,
            key,
            [
                vec![
                    ("author_id", "created_lww", text(author_id)),
                    ("created_at", "created_lww", text(created_at)),
                    ("status", "status_lww", text(status)),
                    ("moved_at", "status_lww", text(created_at)),
                ],
                task_fields(title, body, owner_id, due_at, due_zone, goal_id),
            ]
            .concat(),
        )],
        OpPayload::TaskEdited {
            task_id,
            title,
            body,
            owner_id,
            due_at,
            due_zone,
            goal_id,
            edited_at,
            ..
        } => vec![RowWrite::new(
            "tasks",
            task_id,
            key,
            [
                task_fields(title, body, owner_id, due_at, due_zone, goal_id),
                vec![("edited_at", "fields_lww", text(edited_at))],
            ]
            .concat(),
        )],
        OpPayload::TaskMoved {
            task_id,
            status,
            moved_at,
            ..
        } => vec![RowWrite::new(
            "tasks",
            task_id,
            key,
            vec![
                ("status", "status_lww", text(status)),
                ("moved_at", "status_lww", text(moved_at)),
            ],
        )],
        OpPayload::TaskBlockerSet {
            task_id,
            blocker_id,
            member_id,
            active,
        } => vec![RowWrite::new(
            "task_blockers",
            &format!("{task_id} {blocker_id}"),
            key,
            vec![
                ("task_id", "active_lww", text(task_id)),
                ("blocker_id", "active_lww", text(blocker_id)),
                ("set_by", "active_lww", text(member_id)),
                ("active", "active_lww", Value::Integer(i64::from(*active))),
            ],
        )],
        OpPayload::GoalCreated {
            goal_id,
            author_id,
            title,
            outcome,
            target_day,
            created_at,
        } => vec![RowWrite::new(
            "goals",
            goal_id,
            key,
            vec![
                ("author_id", "created_lww", text(author_id)),
                ("created_at", "created_lww", text(created_at)),
                ("title", "fields_lww", text(title)),
                ("outcome", "fields_lww", text(outcome)),
                ("target_day", "fields_lww", optional(target_day)),
                ("health", "fields_lww", text("on_track")),
                ("note", "fields_lww", Value::Null),
                ("updated_at", "fields_lww", text(created_at)),
                ("updated_by", "fields_lww", text(author_id)),
            ],
        )],
        OpPayload::GoalUpdated {
            goal_id,
            author_id,
            title,
            outcome,
            target_day,
            health,
            note,
            updated_at,
        } => vec![RowWrite::new(
            "goals",
            goal_id,
            key,
            vec![
                ("title", "fields_lww", text(title)),
                ("outcome", "fields_lww", text(outcome)),
                ("target_day", "fields_lww", optional(target_day)),
                ("health", "fields_lww", text(health)),
                ("note", "fields_lww", optional(note)),
                ("updated_at", "fields_lww", text(updated_at)),
                ("updated_by", "fields_lww", text(author_id)),
            ],
        )],
        OpPayload::CaptureAdded {
            capture_id,
            member_id,
            text: body,
            created_at,
        } => vec![RowWrite::new(
            "captures",
            capture_id,
            key,
            vec![
                ("member_id", "created_lww", text(member_id)),
                ("text", "created_lww", text(body)),
                ("created_at", "created_lww", text(created_at)),
            ],
        )],
        OpPayload::CaptureTriaged {
            capture_id,
            kind,
            item_id,
            triaged_at,
            ..
        } => vec![RowWrite::new(
            "captures",
            capture_id,
            key,
            vec![
                ("triaged_kind", "triage_lww", text(kind)),
                ("triaged_id", "triage_lww", text(item_id)),
                ("triaged_at", "triage_lww", text(triaged_at)),
            ],
        )],
        _ => Vec::new(),
    };
    Ok(writes.into_iter().flatten().collect())
}
