//! One module per `meridian` command: its clap arguments beside the `run` that calls the core.

pub mod capture;
pub mod channel;
pub mod checkin;
pub mod cr;
pub mod daemon;
pub mod decision;
pub mod demo;
pub mod doc;
pub mod doctor;
pub mod focus;
pub mod init;
pub mod member;
pub mod notify;
pub mod oncall;
pub mod overlap;
pub mod profile;
pub mod search;
pub mod status;
pub mod sync;
pub mod task;
pub mod team;
pub mod thread;
pub mod timeoff;

use meridian::{Error, Meridian};

/// The refusal of commands that act as "me" before `meridian init` has run.
fn not_set_up() -> Error {
    Error::Conflict("Not set up yet. Run `meridian init` first.".into())
}

/// A `--from` date, or today in my time zone (UTC before onboarding), as `YYYY-MM-DD`.
fn day_or_today(day: Option<String>, meridian: &Meridian) -> String {
    day.unwrap_or_else(|| {
        meridian
            .snapshot()
            .ok()
            .and_then(|snapshot| {
                let zone: chrono_tz::Tz = snapshot.me?.time_zone.parse().ok()?;
                Some(meridian.now().with_timezone(&zone).date_naive().to_string())
            })
            .unwrap_or_else(|| meridian.now().date_naive().to_string())
    })
}
