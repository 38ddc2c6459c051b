//! The op-log's vocabulary: every change a user makes is one of these, appended to the log.
//!
//! Wire format rule: a variant's tag and fields never change once shipped. A new shape of
//! an existing change gets a new variant (`…V2`) and both stay readable forever, because
//! the log is replayed from the beginning on `rebuild` and carried by sync.

use crate::base::model::{TimeRange, WeeklyHours};
use crate::base::{Error, Result};
use crate::log::hlc::Hlc;
use meridian_protocol::{OpEnvelope, Stamp};
use serde::{Deserialize, Serialize};

/// One entry of the op-log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    /// UUIDv7, so ids sort roughly by creation time.
    pub id: String,
    /// The device whose series this op belongs to.
    pub device_id: String,
    /// Gapless position in that device's series, starting at 1.
    pub idx: i64,
    pub hlc: Hlc,
    pub payload: OpPayload,
}

/// Working hours as the log stores them: the log's own shape, so a change to the UI's view
/// type can never change what old ops mean. `days[0]` is Monday.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursV1 {
    pub days: Vec<Vec<RangeV1>>,
}

/// A local wall-clock range, `"HH:MM"` to `"HH:MM"`, end exclusive.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeV1 {
    pub start: String,
    pub end: String,
}

impl From<WeeklyHours> for HoursV1 {
    fn from(hours: WeeklyHours) -> HoursV1 {
        HoursV1 {
            days: hours
                .days
                .into_iter()
                .map(|day| {
                    day.into_iter()
                        .map(|range| RangeV1 {
                            start: range.start,
                            end: range.end,
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

impl From<HoursV1> for WeeklyHours {
    fn from(hours: HoursV1) -> WeeklyHours {
        WeeklyHours {
            days: hours
                .days
                .into_iter()
                .map(|day| {
                    day.into_iter()
                        .map(|range| TimeRange {
                            start: range.start,
                            end: range.end,
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// A mention as the log stores it: the @handle as written and the member it resolved to when
/// the text was sent, so a later rename still points at the same person.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionV1 {
    pub member_id: String,
    pub handle: String,
}

/// What changed. Tagged by `type`; `version()` tells the shape's version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpPayload {
    // do not modify: wire format v1
    DeviceRegistered {
        device_id: String,
        name: String,
        platform: String,
    },
    // do not modify: wire format v1
    MemberCreated {
        member_id: String,
        handle: String,
        display_name: String,
        time_zone: String,
        working_hours: HoursV1,
    },
    // do not modify: wire format v1. Only the fields that are `Some` change.
    MemberUpdated {
        member_id: String,
        handle: Option<String>,
        display_name: Option<String>,
        time_zone: Option<String>,
        working_hours: Option<HoursV1>,
    },
    // do not modify: wire format v1
    TeamCreated {
        team_id: String,
        name: String,
    },
    // do not modify: wire format v1
    TeamRenamed {
        team_id: String,
        name: String,
    },
    // do not modify: wire format v1. Instants are RFC 3339 UTC with milliseconds.
    FocusStarted {
        session_id: String,
        member_id: String,
        started_at: String,
        ends_at: String,
        label: Option<String>,
    },
    // do not modify: wire format v1
    FocusStopped {
        session_id: String,
        stopped_at: String,
    },
    // do not modify: wire format v1. Moves the end of a running session.
    FocusExtended {
        session_id: String,
        ends_at: String,
    },
    // do not modify: wire format v1. Days are local dates, both inclusive.
    TimeOffAdded {
        time_off_id: String,
        member_id: String,
        first_day: String,
        last_day: String,
        note: Option<String>,
    },
    // do not modify: wire format v1
    TimeOffArchived {
        time_off_id: String,
    },
    // do not modify: wire format v1
    ZoneChangePlanned {
        change_id: String,
        member_id: String,
        from_day: String,
        time_zone: String,
    },
    // do not modify: wire format v1. `kind: None` clears the manual status.
    StatusSet {
        member_id: String,
        kind: Option<String>,
        message: Option<String>,
        expires_at: Option<String>,
    },
    // do not modify: wire format v1. Weekdays 0 (Monday) … 6 (Sunday).
    FocusBlockAdded {
        block_id: String,
        member_id: String,
        weekdays: Vec<u8>,
        start: String,
        end: String,
        label: Option<String>,
    },
    // do not modify: wire format v1
    FocusBlockArchived {
        block_id: String,
    },
    // do not modify: wire format v1
    RotaSet {
        rota_id: String,
        members: Vec<String>,
        shift_hours: u32,
        handoff_time: String,
        handoff_zone: String,
        first_day: String,
    },
    // do not modify: wire format v1
    NotificationQueued {
        notification_id: String,
        recipient_id: String,
        sender_id: Option<String>,
        kind: String,
        title: String,
        body: Option<String>,
        urgent: bool,
        created_at: String,
    },
    // do not modify: wire format v1. Seven lists of local "HH:MM", Monday first; all empty
    // means "as they come".
    NotifyScheduleSet {
        member_id: String,
        times: Vec<Vec<String>>,
    },
    // do not modify: wire format v1
    NotifyPrefsSet {
        member_id: String,
        urgent_outside_hours: bool,
        allowlist: Vec<String>,
    },
    // do not modify: wire format v1. The device that appends it is used by this member: its
    // ops may change the member's profile, hours, status, focus and notification settings.
    DeviceLinked {
        device_id: String,
        member_id: String,
    },
    // do not modify: wire format v1. The appending device carries on for `old_device_id`,
    // whose series forked (a restored backup, a copied profile): it may act for whoever the old
    // device could. Valid only as the first op of the appending device's series.
    DeviceSucceeded {
        old_device_id: String,
    },
    // do not modify: wire format v1. `expect_hours`: replies expected within that many of the
    // recipient's working hours.
    ChannelCreated {
        channel_id: String,
        author_id: String,
        name: String,
        private: bool,
        reason: Option<String>,
        expect_hours: Option<u32>,
        created_at: String,
    },
    // do not modify: wire format v1. Replaces all of the channel's settings at once.
    ChannelSettingsSet {
        channel_id: String,
        name: String,
        private: bool,
        reason: Option<String>,
        expect_hours: Option<u32>,
    },
    // do not modify: wire format v1. Membership of a private channel.
    ChannelMemberSet {
        channel_id: String,
        member_id: String,
        is_member: bool,
    },
    // do not modify: wire format v1. `item` is channel, thread, comment, doc or doc_comment.
    ArchiveSet {
        item_id: String,
        item: String,
        archived: bool,
    },
    // do not modify: wire format v1
    ThreadCreated {
        thread_id: String,
        channel_id: String,
        author_id: String,
        title: String,
        body: String,
        mentions: Vec<MentionV1>,
        created_at: String,
    },
    // do not modify: wire format v1. A new revision of the title and body.
    ThreadEdited {
        thread_id: String,
        revision_id: String,
        author_id: String,
        title: String,
        body: String,
        mentions: Vec<MentionV1>,
        edited_at: String,
    },
    // do not modify: wire format v1. Resolving is a state: the title never changes.
    ThreadResolved {
        thread_id: String,
        member_id: String,
        resolved: bool,
    },
    // do not modify: wire format v1. `parent_id` is a comment of the same thread.
    CommentAdded {
        comment_id: String,
        thread_id: String,
        parent_id: Option<String>,
        author_id: String,
        body: String,
        mentions: Vec<MentionV1>,
        created_at: String,
    },
    // do not modify: wire format v1
    CommentEdited {
        comment_id: String,
        revision_id: String,
        author_id: String,
        body: String,
        mentions: Vec<MentionV1>,
        edited_at: String,
    },
    // do not modify: wire format v1. One person's following, read mark and done flag of a
    // thread; only the fields that are `Some` change.
    ThreadStateSet {
        thread_id: String,
        member_id: String,
        following: Option<bool>,
        read_at: Option<String>,
        done: Option<bool>,
    },
    // do not modify: wire format v1. A reaction toggled on or off.
    ReactionSet {
        item_id: String,
        member_id: String,
        emoji: String,
        on: bool,
    },
    // do not modify: wire format v1
    ThanksGiven {
        thanks_id: String,
        from_id: String,
        to_ids: Vec<String>,
        note: Option<String>,
        item_id: Option<String>,
        created_at: String,
    },
    // do not modify: wire format v1. Its first revision follows as `DocRevised`.
    DocCreated {
        doc_id: String,
        author_id: String,
        created_at: String,
    },
    // do not modify: wire format v1. An immutable revision; `parents` are the revisions it
    // follows (none for the first, two or more for a merge).
    DocRevised {
        doc_id: String,
        revision_id: String,
        parents: Vec<String>,
        author_id: String,
        title: String,
        body: String,
        summary: Option<String>,
        created_at: String,
    },
    // do not modify: wire format v1. Anchored to `quote` as it read in `revision_id`, with a
    // little text either side to find it again after edits.
    DocCommentAdded {
        comment_id: String,
        doc_id: String,
        revision_id: String,
        quote: String,
        prefix: String,
        suffix: String,
        author_id: String,
        body: String,
        mentions: Vec<MentionV1>,
        created_at: String,
    },

    // ---- The work board and quick capture ----
    // do not modify: wire format v1. `due_at` is an instant, `due_zone` the zone it was given
    // in; `status` is backlog, todo, in_progress, done or canceled.
    TaskCreated {
        task_id: String,
        author_id: String,
        title: String,
        body: String,
        owner_id: Option<String>,
        status: String,
        due_at: Option<String>,
        due_zone: Option<String>,
        goal_id: Option<String>,
        created_at: String,
    },
    // do not modify: wire format v1. Replaces title, body, owner, due and goal at once.
    TaskEdited {
        task_id: String,
        author_id: String,
        title: String,
        body: String,
        owner_id: Option<String>,
        due_at: Option<String>,
        due_zone: Option<String>,
        goal_id: Option<String>,
        edited_at: String,
    },
    // do not modify: wire format v1
    TaskMoved {
        task_id: String,
        member_id: String,
        status: String,
        moved_at: String,
    },
    // do not modify: wire format v1. `task_id` waits on `blocker_id` while `active`.
    TaskBlockerSet {
        task_id: String,
        blocker_id: String,
        member_id: String,
        active: bool,
    },
    // do not modify: wire format v1. `target_day` is a local date, YYYY-MM-DD.
    GoalCreated {
        goal_id: String,
        author_id: String,
        title: String,
        outcome: String,
        target_day: Option<String>,
        created_at: String,
    },
    // do not modify: wire format v1. A review: every field at once, health on_track, at_risk
    // or off_track.
    GoalUpdated {
        goal_id: String,
        author_id: String,
        title: String,
        outcome: String,
        target_day: Option<String>,
        health: String,
        note: Option<String>,
        updated_at: String,
    },
    // do not modify: wire format v1. Private to `member_id`.
    CaptureAdded {
        capture_id: String,
        member_id: String,
        text: String,
        created_at: String,
    },
    // do not modify: wire format v1. `kind` is task, thread or doc; `item_id` what it became.
    CaptureTriaged {
        capture_id: String,
        member_id: String,
        kind: String,
        item_id: String,
        triaged_at: String,
    },
    // ── Check-ins ──────────────────────────────────────────────────────────────────────
    // do not modify: wire format v1. Replaces the template's name and questions at once.
    CheckinTemplateSet {
        template_id: String,
        author_id: String,
        name: String,
        questions: Vec<CheckinQuestionV1>,
        created_at: String,
    },
    // do not modify: wire format v1. Replaces all of a schedule's settings at once. Weekdays
    // 0 (Monday) … 6 (Sunday); `time` is "HH:MM" in each participant's own zone.
    CheckinScheduleSet {
        schedule_id: String,
        author_id: String,
        template_id: String,
        name: String,
        channel_id: String,
        participants: Vec<String>,
        weekdays: Vec<u8>,
        time: String,
        window_hours: u32,
        active: bool,
        created_at: String,
    },
    // do not modify: wire format v1. One person's answers to one occurrence (`date`: their
    // local date of the ask); a later one for the same occurrence is an edit.
    CheckinAnswered {
        schedule_id: String,
        member_id: String,
        date: String,
        revision_id: String,
        answers: Vec<CheckinAnswerV1>,
        mentions: Vec<MentionV1>,
        answered_at: String,
    },
    // do not modify: wire format v1. A blocker answer marked cleared (or open again).
    CheckinBlockerCleared {
        answer_id: String,
        member_id: String,
        cleared: bool,
    },
    // do not modify: wire format v1. The digest thread of an occurrence, appended with it.
    CheckinDigestPosted {
        schedule_id: String,
        date: String,
        thread_id: String,
        posted_at: String,
    },
    // ---- Decision records and change requests ----
    // do not modify: wire format v1. `voters` are member ids (empty: everyone on the team);
    // `supersedes` names an earlier decision: this one op updates both records.
    DecisionProposed {
        decision_id: String,
        author_id: String,
        title: String,
        context: String,
        options: Vec<String>,
        voters: Vec<String>,
        closes_at: String,
        hide_results: bool,
        supersedes: Option<String>,
        created_at: String,
    },
    // do not modify: wire format v1. Every vote is a row of its own: a changed vote keeps
    // the earlier one, the latest per member counts.
    DecisionVoted {
        vote_id: String,
        decision_id: String,
        member_id: String,
        choice: String,
        reason: Option<String>,
        voted_at: String,
    },
    // do not modify: wire format v1. `member_id: None` is the close at the deadline.
    DecisionClosed {
        decision_id: String,
        member_id: Option<String>,
        closed_at: String,
    },
    // do not modify: wire format v1. `status` is accepted or rejected; `review_at` an instant.
    DecisionOutcomeSet {
        decision_id: String,
        member_id: String,
        statement: String,
        status: String,
        chosen: Option<String>,
        review_at: Option<String>,
        set_at: String,
    },
    // do not modify: wire format v1. A system's approver group; the same rule id replaces it.
    ChangeRuleSet {
        rule_id: String,
        system: String,
        group_name: String,
        approvers: Vec<String>,
        required: u32,
        archived: bool,
    },
    // do not modify: wire format v1. A pre-approved standard change.
    ChangeTemplateSaved {
        template_id: String,
        name: String,
        system: String,
        what: String,
        why: String,
        rollback: String,
        results_url: Option<String>,
    },
    // do not modify: wire format v1. `kind` is standard, normal or emergency; `groups` are
    // the approver groups the rules gave when it was filed; `urgent_to` the approvers an
    // emergency reached urgently: working, or paged for a group with nobody working.
    ChangeRequested {
        cr_id: String,
        requester_id: String,
        kind: String,
        title: String,
        what: String,
        why: String,
        systems: Vec<String>,
        tested: bool,
        results_url: Option<String>,
        consequence: String,
        rollback: String,
        window_start: Option<String>,
        window_end: Option<String>,
        justification: Option<String>,
        template_id: Option<String>,
        groups: Vec<ApproverGroupV1>,
        urgent_to: Vec<String>,
        filed_at: String,
    },
    // do not modify: wire format v1. An approval, or a decline with its reason.
    ChangeResponded {
        response_id: String,
        cr_id: String,
        member_id: String,
        approve: bool,
        reason: Option<String>,
        at: String,
    },
    // do not modify: wire format v1
    ChangeWithdrawn {
        cr_id: String,
        member_id: String,
        at: String,
    },
    // do not modify: wire format v1. The post-hoc review of an emergency change.
    ChangeReviewed {
        cr_id: String,
        member_id: String,
        note: String,
        at: String,
    },
}

/// An approver group as a change request stores it when filed.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproverGroupV1 {
    pub name: String,
    pub system: String,
    pub approvers: Vec<String>,
    pub required: u32,
}

/// A check-in question as the log stores it; `kind` is text, yes_no, blocker or mood.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinQuestionV1 {
    pub id: String,
    pub kind: String,
    pub prompt: String,
}

/// One answer as the log stores it: "yes"/"no", "1"…"5", or Markdown text.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinAnswerV1 {
    pub question_id: String,
    pub value: String,
}

impl OpPayload {
    /// The stable tag stored beside the payload, for queries and diagnostics.
    pub fn kind(&self) -> &'static str {
        match self {
            OpPayload::DeviceRegistered { .. } => "device_registered",
            OpPayload::MemberCreated { .. } => "member_created",
            OpPayload::MemberUpdated { .. } => "member_updated",
            OpPayload::TeamCreated { .. } => "team_created",
            OpPayload::TeamRenamed { .. } => "team_renamed",
            OpPayload::FocusStarted { .. } => "focus_started",
            OpPayload::FocusStopped { .. } => "focus_stopped",
            OpPayload::FocusExtended { .. } => "focus_extended",
            OpPayload::TimeOffAdded { .. } => "time_off_added",
            OpPayload::TimeOffArchived { .. } => "time_off_archived",
            OpPayload::ZoneChangePlanned { .. } => "zone_change_planned",
            OpPayload::StatusSet { .. } => "status_set",
            OpPayload::FocusBlockAdded { .. } => "focus_block_added",
            OpPayload::FocusBlockArchived { .. } => "focus_block_archived",
            OpPayload::RotaSet { .. } => "rota_set",
            OpPayload::NotificationQueued { .. } => "notification_queued",
            OpPayload::NotifyScheduleSet { .. } => "notify_schedule_set",
            OpPayload::NotifyPrefsSet { .. } => "notify_prefs_set",
            OpPayload::DeviceLinked { .. } => "device_linked",
            OpPayload::DeviceSucceeded { .. } => "device_succeeded",
            OpPayload::ChannelCreated { .. } => "channel_created",
            OpPayload::ChannelSettingsSet { .. } => "channel_settings_set",
            OpPayload::ChannelMemberSet { .. } => "channel_member_set",
            OpPayload::ArchiveSet { .. } => "archive_set",
            OpPayload::ThreadCreated { .. } => "thread_created",
            OpPayload::ThreadEdited { .. } => "thread_edited",
            OpPayload::ThreadResolved { .. } => "thread_resolved",
            OpPayload::CommentAdded { .. } => "comment_added",
            OpPayload::CommentEdited { .. } => "comment_edited",
            OpPayload::ThreadStateSet { .. } => "thread_state_set",
            OpPayload::ReactionSet { .. } => "reaction_set",
            OpPayload::ThanksGiven { .. } => "thanks_given",
            OpPayload::DocCreated { .. } => "doc_created",
            OpPayload::DocRevised { .. } => "doc_revised",
            OpPayload::DocCommentAdded { .. } => "doc_comment_added",
            OpPayload::TaskCreated { .. } => "task_created",
            OpPayload::TaskEdited { .. } => "task_edited",
            OpPayload::TaskMoved { .. } => "task_moved",
            OpPayload::TaskBlockerSet { .. } => "task_blocker_set",
            OpPayload::GoalCreated { .. } => "goal_created",
            OpPayload::GoalUpdated { .. } => "goal_updated",
            OpPayload::CaptureAdded { .. } => "capture_added",
            OpPayload::CaptureTriaged { .. } => "capture_triaged",
            OpPayload::CheckinTemplateSet { .. } => "checkin_template_set",
            OpPayload::CheckinScheduleSet { .. } => "checkin_schedule_set",
            OpPayload::CheckinAnswered { .. } => "checkin_answered",
            OpPayload::CheckinBlockerCleared { .. } => "checkin_blocker_cleared",
            OpPayload::CheckinDigestPosted { .. } => "checkin_digest_posted",
            OpPayload::DecisionProposed { .. } => "decision_proposed",
            OpPayload::DecisionVoted { .. } => "decision_voted",
            OpPayload::DecisionClosed { .. } => "decision_closed",
            OpPayload::DecisionOutcomeSet { .. } => "decision_outcome_set",
            OpPayload::ChangeRuleSet { .. } => "change_rule_set",
            OpPayload::ChangeTemplateSaved { .. } => "change_template_saved",
            OpPayload::ChangeRequested { .. } => "change_requested",
            OpPayload::ChangeResponded { .. } => "change_responded",
            OpPayload::ChangeWithdrawn { .. } => "change_withdrawn",
            OpPayload::ChangeReviewed { .. } => "change_reviewed",
        }
    }

    /// Version of this variant's shape.
    pub fn version(&self) -> u32 {
        1
    }
}

impl Op {
    /// The op as it travels to the sync server.
    pub fn to_envelope(&self) -> Result<OpEnvelope> {
        Ok(OpEnvelope {
            id: parse_uuid("op id", &self.id)?,
            device_id: parse_uuid("device id", &self.device_id)?,
            idx: u64::try_from(self.idx)
                .map_err(|_| Error::Storage(format!("op {} has a negative index", self.id)))?,
            stamp: Stamp {
                wall_ms: self.hlc.wall_ms,
                counter: self.hlc.counter,
            },
            kind: self.payload.kind().to_owned(),
            version: self.payload.version(),
            payload: serde_json::to_string(&self.payload)?,
        })
    }

    /// An op received from the sync server; refuses one whose payload does not match its tag.
    pub fn from_envelope(envelope: &OpEnvelope) -> Result<Op> {
        let payload: OpPayload = serde_json::from_str(&envelope.payload)?;
        if payload.kind() != envelope.kind {
            return Err(Error::Storage(format!(
                "op {} says it is {:?} but carries {:?}",
                envelope.id,
                envelope.kind,
                payload.kind()
            )));
        }
        Ok(Op {
            id: envelope.id.to_string(),
            device_id: envelope.device_id.to_string(),
            idx: i64::try_from(envelope.idx).map_err(|_| {
                Error::Storage(format!("op {} has an index out of range", envelope.id))
            })?,
            hlc: Hlc {
                wall_ms: envelope.stamp.wall_ms,
                counter: envelope.stamp.counter,
            },
            payload,
        })
    }
}

fn parse_uuid(what: &str, text: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(text)
        .map_err(|err| Error::Storage(format!("{what} {text:?} is not a UUID: {err}")))
}

/// Formats an instant the one way the log and projections store it, so that string order is
/// time order.
pub fn format_instant(instant: chrono::DateTime<chrono::Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Parses an instant written by [`format_instant`] (or any RFC 3339 text).
pub fn parse_instant(text: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|instant| instant.with_timezone(&chrono::Utc))
        .map_err(|err| Error::Storage(format!("stored instant {text:?} is unreadable: {err}")))
}
