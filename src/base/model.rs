//! Domain types shared by the core, the CLI, the desktop shell and (through ts-rs) the UI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::checkin_model::*;
pub use super::content_model::*;
pub use super::decide_model::*;
pub use super::search_model::*;
pub use super::work_model::*;

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
    #[ts(type = "number")]
    pub schema_version: i64,
    pub device_id: String,
    #[ts(type = "number")]
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

/// What a member is doing right now, as the team sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Available,
    Focusing,
    Away,
    /// Outside working hours or on time off.
    Off,
    OnCall,
}

impl StatusKind {
    /// The stored and serialised name (`"on_call"`, …), the same as serde writes.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::Available => "available",
            StatusKind::Focusing => "focusing",
            StatusKind::Away => "away",
            StatusKind::Off => "off",
            StatusKind::OnCall => "on_call",
        }
    }
}

impl std::str::FromStr for StatusKind {
    type Err = crate::Error;

    /// Reads a status name; `focus` is accepted for `focusing`.
    fn from_str(text: &str) -> crate::Result<StatusKind> {
        Ok(match text.trim().to_lowercase().as_str() {
            "available" => StatusKind::Available,
            "focusing" | "focus" => StatusKind::Focusing,
            "away" => StatusKind::Away,
            "off" => StatusKind::Off,
            "on_call" | "on-call" => StatusKind::OnCall,
            other => {
                return Err(crate::Error::invalid(
                    "kind",
                    format!(
                        "{other:?} is not a status; use available, away, focusing, off or on_call."
                    ),
                ))
            }
        })
    }
}

/// A manual status that expires on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusOverride {
    pub kind: StatusKind,
    pub message: Option<String>,
    /// RFC 3339 UTC; `None` means until cleared.
    pub expires_at: Option<String>,
}

/// A stretch of days off, local dates inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimeOff {
    pub id: String,
    pub member_id: String,
    pub first_day: String,
    pub last_day: String,
    pub note: Option<String>,
}

/// "From this local date I work from this zone."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ZoneChange {
    pub id: String,
    pub member_id: String,
    pub from_day: String,
    pub time_zone: String,
}

/// A recurring deep-work block in the member's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FocusBlock {
    pub id: String,
    pub member_id: String,
    /// 0 = Monday … 6 = Sunday.
    pub weekdays: Vec<u8>,
    pub start: String,
    pub end: String,
    pub label: Option<String>,
}

/// An on-call rotation: members take turns of `shift_hours`, handing off at `handoff_time`
/// in `handoff_zone`, starting on `first_day`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rota {
    pub member_ids: Vec<String>,
    pub shift_hours: u32,
    pub handoff_time: String,
    pub handoff_zone: String,
    pub first_day: String,
}

/// Who is on call now and next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OnCallNow {
    pub current: Option<String>,
    pub current_until: Option<String>,
    pub next: Option<String>,
    pub next_from: Option<String>,
}

/// A coloured stretch on a member's 24-hour strip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StripSegment {
    /// `"work"`, `"focus"` or `"off"` (time off).
    pub kind: String,
    pub start: String,
    pub end: String,
}

/// One row of the team availability board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberNow {
    pub member: Member,
    /// The zone in effect now (planned zone changes applied).
    pub time_zone: String,
    pub local_time: String,
    pub local_date: String,
    pub utc_offset: String,
    /// Their UTC offset minus mine, in minutes.
    pub offset_from_me_minutes: i32,
    pub status: StatusKind,
    pub status_message: Option<String>,
    /// When the current status ends (RFC 3339 UTC).
    pub until: Option<String>,
    /// "Focusing until 11:30" in their local time.
    pub status_text: String,
    /// When they are next available, if not now.
    pub next_available: Option<String>,
    pub on_call: bool,
    pub strip: Vec<StripSegment>,
}

/// The team availability board at one instant, aligned to the viewer's local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamBoard {
    pub now: String,
    pub viewer_zone: String,
    pub day_start: String,
    pub day_end: String,
    pub members: Vec<MemberNow>,
    pub on_call: Option<OnCallNow>,
    /// Open blockers reported in check-ins; each card shows its member's.
    pub blockers: Vec<CheckinBlocker>,
}

/// A member's local wall times for an overlap window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocalSpan {
    pub handle: String,
    pub time_zone: String,
    /// Such as `"Mon 09:00–11:30"`.
    pub text: String,
}

/// An interval when at least the requested number of members are working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OverlapWindow {
    pub start: String,
    pub end: String,
    #[ts(type = "number")]
    pub minutes: i64,
    /// Handles of everyone working throughout the window.
    pub handles: Vec<String>,
    pub local: Vec<LocalSpan>,
}

/// Overlap windows plus the suggested best slot (most people, then longest, then earliest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OverlapResult {
    pub windows: Vec<OverlapWindow>,
    pub best: Option<OverlapWindow>,
}

/// Input for adding or editing a teammate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberInput {
    pub display_name: String,
    pub handle: String,
    pub time_zone: String,
    pub working_hours: WeeklyHours,
}

/// One item in the in-app inbox. It shows at once; only the system notification waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InboxItem {
    pub id: String,
    pub sender_handle: Option<String>,
    pub sender_name: Option<String>,
    /// `"mention"`, `"reply"`, `"update"`, …
    pub kind: String,
    pub title: String,
    pub body: Option<String>,
    pub urgent: bool,
    pub created_at: String,
    /// Whether a system notification has covered it yet.
    pub delivered: bool,
}

/// When and how someone wants system notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NotifySettings {
    /// Seven lists of local `"HH:MM"` delivery times, Monday first. All empty: as they come.
    pub times: Vec<Vec<String>>,
    /// May urgent items reach me outside working hours and on time off?
    pub urgent_outside_hours: bool,
    /// @handles whose items always get through at once.
    pub allowlist: Vec<String>,
}

/// What the delivery schedule will do next, for the UI and `notify pending`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NotifyOutlook {
    #[ts(type = "number")]
    pub pending: i64,
    /// When the held items will go out (RFC 3339 UTC), if known.
    pub next_delivery: Option<String>,
    /// Why items are held right now, such as "Focusing until 11:30".
    pub held_because: Option<String>,
}

/// A system notification that was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeliveryRecord {
    pub id: String,
    pub delivered_at: String,
    #[ts(type = "number")]
    pub item_count: i64,
    pub title: String,
    pub body: String,
}

/// Where this profile stands with the team's sync server, in words a person can trust:
/// "Up to date" only when nothing is waiting to go up and this device has pulled everything
/// the server last announced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncState {
    /// `off` (no team server), `up_to_date`, `waiting` (changes not yet up or down),
    /// `offline` (the server could not be reached) or `error` (it refused).
    pub state: String,
    /// One sentence: "Up to date · 14:02", "3 changes waiting — offline since 13:40", …
    pub summary: String,
    pub server: Option<String>,
    pub team_id: Option<String>,
    /// This device's ops the server does not have yet.
    #[ts(type = "number")]
    pub pending: i64,
    /// The team sequence this device has pulled through, and the latest the server announced.
    #[ts(type = "number")]
    pub pulled_seq: i64,
    #[ts(type = "number")]
    pub server_seq: i64,
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    #[ts(type = "number")]
    pub pushed: i64,
    #[ts(type = "number")]
    pub pulled: i64,
    #[ts(type = "number")]
    pub applied: i64,
    /// Pulled ops set aside (a gap, a stamp ahead, a fork): kept, retried, never lost.
    #[ts(type = "number")]
    pub set_aside: i64,
    pub state: SyncState,
}
