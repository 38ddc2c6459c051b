//! The `Notifier` port: how the core shows a system notification, and a recording one for tests.

#[allow(unused_imports)]
use super::*;
use crate::base::Result;
use chrono::{DateTime, Utc};

/// A notification as the operating system shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemNotification {
    pub title: String,
    pub body: String,
    pub urgent: bool,
}

/// The `Notifier` port: shows a system notification. Implemented with notify-rust for the
/// desktop and the daemon, and by recorders in tests.
pub trait Notifier: Send + Sync {
    fn show(&self, notification: &SystemNotification) -> Result<()>;
}

/// A notifier that records what it was asked to show and when, for tests.
#[derive(Debug)]
pub struct RecordingNotifier {
    clock: std::sync::Arc<dyn crate::base::clock::Clock>,
    shown: std::sync::Mutex<Vec<(DateTime<Utc>, SystemNotification)>>,
}

impl RecordingNotifier {
    pub fn new(clock: std::sync::Arc<dyn crate::base::clock::Clock>) -> Self {
        RecordingNotifier {
            clock,
            shown: Default::default(),
        }
    }

    /// Everything shown so far, with the instant it was shown.
    pub fn shown(&self) -> Vec<(DateTime<Utc>, SystemNotification)> {
        self.shown
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl Notifier for RecordingNotifier {
    fn show(&self, notification: &SystemNotification) -> Result<()> {
        let at = self.clock.now();
        self.shown
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((at, notification.clone()));
        Ok(())
    }
}
