//! View and input types of the work board (tasks, blockers, goals) and quick capture, shared
//! with the UI through ts-rs. Instants are RFC 3339 in UTC; `due_local` is shown in the
//! reader's zone.

use super::checkin_model::CheckinBlocker;
use super::content_model::PersonRef;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// Where a task stands (Linear's categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Backlog,
    Todo,
    InProgress,
    Done,
    Canceled,
}

impl TaskStatus {
    /// Every status, in board order.
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::Backlog,
        TaskStatus::Todo,
        TaskStatus::InProgress,
        TaskStatus::Done,
        TaskStatus::Canceled,
    ];

    /// The stored and typed name: backlog, todo, in_progress, done, canceled.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Backlog => "backlog",
            TaskStatus::Todo => "todo",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
            TaskStatus::Canceled => "canceled",
        }
    }

    /// How a person reads it: "In progress".
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Backlog => "Backlog",
            TaskStatus::Todo => "To do",
            TaskStatus::InProgress => "In progress",
            TaskStatus::Done => "Done",
            TaskStatus::Canceled => "Canceled",
        }
    }

    /// Done and canceled tasks block nobody.
    pub fn is_open(self) -> bool {
        !matches!(self, TaskStatus::Done | TaskStatus::Canceled)
    }

    /// Reads a stored or typed status; "to do", "todo", "in progress", "in-progress" all work.
    pub fn parse(text: &str) -> Option<TaskStatus> {
        // As stored (every row of a board): no copy needed to read it.
        if let Some(stored) = TaskStatus::ALL.into_iter().find(|s| s.as_str() == text) {
            return Some(stored);
        }
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        Some(match key.as_str() {
            "backlog" => TaskStatus::Backlog,
            "todo" => TaskStatus::Todo,
            "inprogress" | "doing" => TaskStatus::InProgress,
            "done" => TaskStatus::Done,
            "canceled" | "cancelled" => TaskStatus::Canceled,
            _ => return None,
        })
    }
}

/// Goal health as its owner reports it, or as the core infers it when the goal goes stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GoalHealth {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl GoalHealth {
    pub fn as_str(self) -> &'static str {
        match self {
            GoalHealth::OnTrack => "on_track",
            GoalHealth::AtRisk => "at_risk",
            GoalHealth::OffTrack => "off_track",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GoalHealth::OnTrack => "On track",
            GoalHealth::AtRisk => "At risk",
            GoalHealth::OffTrack => "Off track",
        }
    }

    /// "on track", "on-track", "at_risk", "off track" …
    pub fn parse(text: &str) -> Option<GoalHealth> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        Some(match key.as_str() {
            "ontrack" => GoalHealth::OnTrack,
            "atrisk" => GoalHealth::AtRisk,
            "offtrack" => GoalHealth::OffTrack,
            _ => return None,
        })
    }
}

/// A task that another one waits on, as a card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskRef {
    pub id: String,
    pub title: String,
    pub status: TaskStatus,
}

/// One card of the board: what a card shows and what the board's filters and moves need. A
/// board holds thousands, so a card is kept small: what many cards repeat (a person, a goal, a
/// related task) is one shared value, and the rest of a task comes with `TaskView`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskCard {
    pub id: String,
    pub title: String,
    pub status: TaskStatus,
    pub owner: Option<Arc<PersonRef>>,
    /// The due time in the reader's zone, such as "Tue 1 Dec 17:00".
    pub due_local: Option<String>,
    /// Due time has passed and the task is still open.
    pub overdue: bool,
    pub goal_id: Option<Arc<str>>,
    pub goal_title: Option<Arc<str>>,
    /// Open tasks this one waits on: the blocked badge shows while this is not empty.
    pub blocked_by: Vec<Arc<TaskRef>>,
}

/// One task opened beside the board: its card, and its notes, due time and relations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskView {
    #[serde(flatten)]
    pub card: TaskCard,
    /// The Markdown as written.
    pub body: String,
    /// The core's sanitised rendering of `body`.
    pub body_html: String,
    pub author: Option<Arc<PersonRef>>,
    /// The due instant (UTC) and the zone it was set in.
    pub due_at: Option<String>,
    pub due_zone: Option<String>,
    /// Every task it waits on, open or not, for editing the relations.
    pub waits_on: Vec<Arc<TaskRef>>,
    /// Open tasks waiting on this one.
    pub blocking: Vec<Arc<TaskRef>>,
    pub created_at: String,
    pub moved_at: Option<String>,
}

/// What creating or editing a task asks for. `due` is local "YYYY-MM-DD HH:MM" (or a date)
/// in `due_zone`, or my zone when that is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskInput {
    pub title: String,
    pub body: String,
    /// An @handle; empty for nobody.
    pub owner: Option<String>,
    pub due: Option<String>,
    pub due_zone: Option<String>,
    /// A goal id.
    pub goal: Option<String>,
    /// Only when creating; to do when empty.
    pub status: Option<String>,
}

/// The board: every task (canceled ones only when asked), with the goals they serve and the
/// blockers people raised in check-ins that nobody has cleared yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Board {
    pub tasks: Vec<TaskCard>,
    pub goals: Vec<GoalView>,
    /// Open check-in blockers, newest first (with "My work", only mine or naming me).
    pub checkin_blockers: Vec<CheckinBlocker>,
}

/// A goal with its health, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GoalView {
    pub id: String,
    pub title: String,
    pub outcome: String,
    pub target_day: Option<String>,
    /// Health as shown: the reported one, or at risk when the goal went stale or overdue.
    pub health: GoalHealth,
    /// What its owner last reported.
    pub reported_health: GoalHealth,
    /// Why it is shown at risk on its own, such as "Not updated for 15 days".
    pub health_reason: Option<String>,
    pub note: Option<String>,
    pub author: Option<PersonRef>,
    pub updated_at: String,
    pub updated_by: Option<PersonRef>,
    #[ts(type = "number")]
    pub open_tasks: i64,
    #[ts(type = "number")]
    pub done_tasks: i64,
}

/// What creating or reviewing a goal asks for; `health` only when reviewing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GoalInput {
    pub title: String,
    pub outcome: String,
    /// YYYY-MM-DD, or empty for none.
    pub target_day: Option<String>,
    pub health: Option<String>,
    pub note: Option<String>,
}

/// One private capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaptureView {
    pub id: String,
    pub text: String,
    pub created_at: String,
    /// task, thread or doc once triaged.
    pub triaged_kind: Option<String>,
    pub triaged_id: Option<String>,
}

/// Where quick capture's global shortcut stands on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaptureShortcut {
    /// Such as "Ctrl+Alt+Space".
    pub accelerator: String,
    pub registered: bool,
    /// Why it could not be registered, and what to use instead.
    pub problem: Option<String>,
}
