//! Domain types shared by the core, the CLI, the desktop shell and (through ts-rs) the UI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A wall-clock range within one local day, `"HH:MM"` to `"HH:MM"`, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimeRange {
    pub start: String,
    pub end: String,
}

/// Working hours for a week: `days[0]` is Monday … `days[6]` is Sunday, each with zero or
/// more non-overlapping ranges in the member's own time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WeeklyHours {
    pub days: Vec<Vec<TimeRange>>,
}

/// A person on the team. `is_me` marks the profile of whoever uses this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Member {
    pub id: String,
    pub handle: String,
    pub display_name: String,
    pub time_zone: String,
    pub working_hours: WeeklyHours,
    pub is_me: bool,
}

/// The team this profile belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Team {
    pub id: String,
    pub name: String,
}

/// One stretch of deep work. Instants are RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FocusSession {
    pub id: String,
    pub member_id: String,
    pub started_at: String,
    pub ends_at: String,
    pub stopped_at: Option<String>,
    pub label: Option<String>,
}

/// Everything the home view needs, computed at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Snapshot {
    /// `None` until onboarding is complete.
    pub me: Option<Member>,
    pub team: Option<Team>,
    /// The running focus session, if any.
    pub focus: Option<FocusSession>,
    /// The instant this snapshot describes (RFC 3339, UTC).
    pub now: String,
    /// Wall time in my zone, `"HH:MM"`, and a readable date such as `"Saturday 21 November"`.
    pub local_time: Option<String>,
    pub local_date: Option<String>,
    /// UTC offset of my zone right now, such as `"+01:00"`.
    pub utc_offset: Option<String>,
    pub in_working_hours: bool,
    /// A sentence about the next boundary, such as `"Working hours end at 17:00"`.
    pub next_change: Option<String>,
}

/// What onboarding asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OnboardingInput {
    pub display_name: String,
    pub handle: String,
    pub time_zone: String,
    pub working_hours: WeeklyHours,
    pub team_name: String,
}

/// Profile fields editable in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProfileInput {
    pub display_name: String,
    pub handle: String,
    pub time_zone: String,
    pub working_hours: WeeklyHours,
    pub team_name: String,
}

/// Health report of a profile's database, shown by `meridian doctor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DoctorReport {
    pub data_dir: String,
    pub database: String,
    pub schema_version: i64,
    pub device_id: String,
    pub op_count: i64,
    pub integrity: String,
    pub rebuild_matches: bool,
}

impl WeeklyHours {
    /// Monday to Friday, 09:00–17:00.
    pub fn standard() -> Self {
        let day = || {
            vec![TimeRange {
                start: "09:00".into(),
                end: "17:00".into(),
            }]
        };
        WeeklyHours {
            days: vec![day(), day(), day(), day(), day(), Vec::new(), Vec::new()],
        }
    }
}
