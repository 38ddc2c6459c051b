//! View and input types of decision records and change requests, shared with the UI through
//! ts-rs. Instants are RFC 3339 in UTC; the `…_local` strings are the same instants in the
//! reader's own zone.

use super::content_model::PersonRef;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What proposing a decision asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionInput {
    pub title: String,
    /// Markdown.
    pub context: String,
    /// At least two; empty means the proposal choices agree, abstain, disagree, block.
    pub options: Vec<String>,
    /// @handles who vote; empty means everyone on the team.
    pub voters: Vec<String>,
    /// "2026-12-01 17:00" in my zone, or an RFC 3339 instant.
    pub closes: String,
    /// Results stay hidden from each voter until they voted, and from everyone else until
    /// it closes.
    pub hide_results: bool,
    /// The id of an earlier decision this one replaces.
    pub supersedes: Option<String>,
}

/// What recording an outcome asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutcomeInput {
    pub statement: String,
    /// "accepted" (the default) or "rejected".
    pub status: Option<String>,
    /// The option chosen, if one was.
    pub chosen: Option<String>,
    /// A day ("2027-03-01") or a local time when the owner reviews the decision.
    pub review: Option<String>,
}

/// A link to another decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionLink {
    pub id: String,
    pub title: String,
}

/// A decision as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionSummary {
    pub id: String,
    pub title: String,
    pub author: Option<PersonRef>,
    /// proposed, accepted, rejected or superseded.
    pub status: String,
    /// Still taking votes.
    pub open: bool,
    pub closes_at: String,
    /// The closing time in my zone: "Tue 1 Dec 17:00 (Europe/Berlin)".
    pub closes_local: String,
    pub voted: bool,
    pub votes: u32,
    pub voters: u32,
    pub outcome: Option<String>,
    pub created_at: String,
}

/// One vote, current or replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VoteView {
    pub id: String,
    pub voter: Option<PersonRef>,
    pub choice: String,
    pub reason: Option<String>,
    pub voted_at: String,
    /// The voter's latest vote; earlier ones are their history.
    pub current: bool,
}

/// How many chose an option, and who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OptionTally {
    pub option: String,
    pub count: u32,
    pub people: Vec<PersonRef>,
}

/// A decision with its context, votes and outcome, as I may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionDetail {
    pub summary: DecisionSummary,
    pub context: String,
    pub context_html: String,
    pub options: Vec<String>,
    pub voters: Vec<PersonRef>,
    pub hide_results: bool,
    /// False while the results are hidden from me; tally and votes are then empty.
    pub results_visible: bool,
    pub tally: Vec<OptionTally>,
    /// Every vote, oldest first, replaced ones included (when results are visible).
    pub votes: Vec<VoteView>,
    pub my_vote: Option<VoteView>,
    pub can_vote: bool,
    /// Voters who have not voted yet.
    pub waiting_on: Vec<PersonRef>,
    pub closed_at: Option<String>,
    pub chosen: Option<String>,
    pub review_at: Option<String>,
    pub review_local: Option<String>,
    pub supersedes: Option<DecisionLink>,
    pub superseded_by: Option<DecisionLink>,
}

/// What filing a change request asks for: the questions a CAB meeting used to ask.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeInput {
    pub title: String,
    /// standard, normal or emergency.
    pub kind: String,
    pub what: String,
    pub why: String,
    pub systems: Vec<String>,
    pub tested: bool,
    /// Required when tested.
    pub results_url: Option<String>,
    /// What happens if this is not released now.
    pub consequence: String,
    pub rollback: String,
    /// The planned window, local "2026-12-01 17:00" or RFC 3339.
    pub window_start: Option<String>,
    pub window_end: Option<String>,
    /// Why it cannot wait (emergency changes).
    pub justification: Option<String>,
    /// The pre-approved template of a standard change, by name or id.
    pub template: Option<String>,
}

/// One approver as the picker shows them: their local time, status and whether an urgent
/// request reaches them now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApproverView {
    pub person: PersonRef,
    /// "14:05 Tue" in their zone.
    pub local_time: String,
    pub time_zone: String,
    /// "Available", "Off until Mon 09:00", …
    pub status: String,
    /// In working hours right now.
    pub working: bool,
    /// On time off today: an emergency never pages them out of hours.
    pub time_off: bool,
    /// An emergency reaches them urgently: they are working now, or nobody in one of their
    /// groups is and they are paged out of hours.
    pub urgent: bool,
    /// What they answered on this change, if anything: approved or declined.
    pub response: Option<String>,
}

/// An approver group of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApproverGroupView {
    pub name: String,
    pub system: String,
    /// Approvals this group needs (one per group for an emergency).
    pub required: u32,
    pub approvals: u32,
    pub approvers: Vec<ApproverView>,
}

/// Who must approve and who is awake, before or after filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeRouting {
    pub kind: String,
    pub groups: Vec<ApproverGroupView>,
    /// Approvers an emergency reaches urgently now: those working now, and for a group with
    /// nobody working now, its approvers who are not on time off.
    pub urgent: Vec<PersonRef>,
    /// Those of `urgent` paged outside their working hours, because nobody in one of their
    /// groups is working now: an emergency does not wait for a whole group to wake up.
    pub out_of_hours: Vec<PersonRef>,
    /// Approvers who get it in their inbox and next batch.
    pub later: Vec<PersonRef>,
}

/// One line of a change's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineEntry {
    pub at: String,
    /// In my zone: "Tue 14:05".
    pub at_local: String,
    pub text: String,
}

/// A change request as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeSummary {
    pub id: String,
    pub title: String,
    pub kind: String,
    /// pending, approved, declined or withdrawn.
    pub status: String,
    pub requester: Option<PersonRef>,
    pub systems: Vec<String>,
    pub filed_at: String,
    pub approved_at: Option<String>,
    /// "approved in 27 min".
    pub time_to_approval: Option<String>,
    /// I am an approver who has not answered a pending change.
    pub waiting_on_me: bool,
}

/// A change request with its form, approver groups and timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeDetail {
    pub summary: ChangeSummary,
    pub what: String,
    pub why: String,
    pub tested: bool,
    pub results_url: Option<String>,
    pub consequence: String,
    pub rollback: String,
    pub window_start: Option<String>,
    pub window_end: Option<String>,
    /// The window in my zone.
    pub window_local: Option<String>,
    pub justification: Option<String>,
    pub template: Option<String>,
    pub groups: Vec<ApproverGroupView>,
    pub timeline: Vec<TimelineEntry>,
    /// Emergency changes: when the post-hoc review is due (two working days of the
    /// requester after approval), in my zone.
    pub review_due_local: Option<String>,
    pub reviewed: bool,
    pub review_note: Option<String>,
    pub can_approve: bool,
    pub can_withdraw: bool,
}

/// A system's approver group rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeRule {
    pub id: String,
    pub system: String,
    pub group: String,
    pub approvers: Vec<PersonRef>,
    pub required: u32,
}

/// What a rule asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeRuleInput {
    pub system: String,
    pub group: String,
    /// @handles.
    pub approvers: Vec<String>,
    pub required: u32,
}

/// A pre-approved standard change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeTemplate {
    pub id: String,
    pub name: String,
    pub system: String,
    pub what: String,
    pub why: String,
    pub rollback: String,
    pub results_url: Option<String>,
}
