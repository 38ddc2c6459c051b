//! Operating-system adapters the CLI and the desktop share: system notifications through the
//! desktop's notification service (notify-rust: D-Bus on Linux), the system time zone, and the
//! log files and crash reports (`logs`).
//! Kept out of the core so that nothing built on it (a server, say) compiles D-Bus.

pub mod logs;

use chrono_tz::Tz;
use meridian::notify::{Notifier, SystemNotification};
use meridian::{Error, Result};

/// Shows notifications through the desktop's notification service (D-Bus on Linux).
#[derive(Debug, Default, Clone, Copy)]
pub struct DesktopNotifier;

impl Notifier for DesktopNotifier {
    fn show(&self, notification: &SystemNotification) -> Result<()> {
        let mut builder = notify_rust::Notification::new();
        builder
            .appname("Meridian")
            .summary(&notification.title)
            .body(&notification.body);
        if notification.urgent {
            #[cfg(all(unix, not(target_os = "macos")))]
            builder.urgency(notify_rust::Urgency::Critical);
        }
        builder
            .show()
            .map(drop)
            .map_err(|err| Error::Storage(format!("could not show a system notification: {err}")))
    }
}

/// The operating system's time zone as an IANA name, or `UTC` when it cannot be told.
pub fn system_time_zone() -> String {
    iana_time_zone::get_timezone()
        .ok()
        .filter(|name| name.parse::<Tz>().is_ok())
        .unwrap_or_else(|| "UTC".to_owned())
}
