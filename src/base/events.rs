//! The `EventSink` port: how the core tells a front end that something changed.

use serde::Serialize;
use ts_rs::TS;

/// What changed in the core. Each screen refreshes only what the change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CoreEvent {
    /// My profile: name, @handle, zone, working hours, or the team's name.
    ProfileChanged,
    /// Teammates, their time off, statuses, zone moves, or the on-call rotation.
    TeamChanged,
    /// My focus: a session started, stopped, extended or ran out, or my recurring blocks.
    FocusChanged,
    /// Notification items arrived or were delivered.
    InboxChanged,
    /// My delivery times, urgent handling or allowlist.
    NotifySettingsChanged,
    /// Where this profile stands with its team server (a sync pass ran, or a team was joined).
    /// The team's data that came down, if any, is announced as `ExternalChange`.
    SyncChanged,
    /// Channels, threads, comments, reactions, thanks or docs.
    ContentChanged,
    /// Tasks, their blockers, goals, or my captures.
    BoardChanged,
    /// Check-in templates, schedules, answers, blockers or digests.
    CheckinsChanged,
    /// Decision records or change requests.
    DecisionsChanged,
    /// Another process (the CLI, another window) wrote to the database.
    ExternalChange,
    /// The search index moved on (a batch of posts indexed, or a rebuild's progress).
    SearchIndexChanged,
}

/// Receives core events. The desktop shell forwards them to the UI; the CLI ignores them.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: CoreEvent);
}

/// An event sink that drops everything, for the CLI.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&self, _event: CoreEvent) {}
}

/// An event sink that records events, for tests.
#[derive(Debug, Default)]
pub struct RecordedEvents(pub std::sync::Mutex<Vec<CoreEvent>>);

impl EventSink for RecordedEvents {
    fn emit(&self, event: CoreEvent) {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(event);
    }
}
