//! The `EventSink` port: how the core tells a front end that something changed.

use serde::Serialize;
use ts_rs::TS;

/// What changed. Front ends re-read the snapshot; the kind lets them be selective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CoreEvent {
    ProfileChanged,
    TeamChanged,
    FocusChanged,
    NotificationsChanged,
    /// Another process (the CLI, another window) wrote to the database.
    ExternalChange,
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
