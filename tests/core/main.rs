//! Integration tests of the Meridian core, as one test binary with small shared helpers.

mod bindings;
mod checkin_dst;
mod checkins;
mod content;
mod decide;
mod delivery;
mod dst;
mod focus;
mod oplog;
mod profile;
mod search;
mod storage;
mod team;
mod work;
mod xss;

use chrono::{DateTime, Utc};
use meridian::events::RecordedEvents;
use meridian::model::{OnboardingInput, WeeklyHours};
use meridian::{ManualClock, Meridian};
use std::sync::Arc;

/// A profile in a temporary directory, with a clock the test moves by hand.
#[derive(Debug)]
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub clock: Arc<ManualClock>,
    pub events: Arc<RecordedEvents>,
    pub meridian: Meridian,
}

pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test instant")
        .with_timezone(&Utc)
}

impl Fixture {
    /// A fresh profile; the clock starts on Monday 2026-11-23 10:00 in Berlin (09:00Z).
    #[allow(clippy::new_without_default)]
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(ManualClock::new(utc("2026-11-23T09:00:00Z")));
        let events = Arc::new(RecordedEvents::default());
        let meridian = Meridian::open(dir.path(), clock.clone(), events.clone()).expect("open");
        Fixture {
            dir,
            clock,
            events,
            meridian,
        }
    }

    /// A fresh profile that has been through onboarding as @ada in Berlin.
    pub fn onboarded() -> Fixture {
        let mut fixture = Fixture::new();
        fixture
            .meridian
            .complete_onboarding(ada())
            .expect("onboarding");
        fixture
    }

    pub fn reopen(&mut self) {
        self.meridian = Meridian::open(self.dir.path(), self.clock.clone(), self.events.clone())
            .expect("reopen");
    }

    pub fn op_count(&self) -> i64 {
        self.meridian.store().op_count().expect("op count")
    }
}

pub fn ada() -> OnboardingInput {
    OnboardingInput {
        display_name: "Ada Lovelace".into(),
        handle: "@ada".into(),
        time_zone: "Europe/Berlin".into(),
        working_hours: WeeklyHours::standard(),
        team_name: "Analytical Engines".into(),
    }
}
