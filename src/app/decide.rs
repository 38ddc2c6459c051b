//! The façade's decision records and change requests, each handed to the `decide` domain.

use super::Meridian;
use crate::base::model::*;
use crate::base::Result;
use crate::decide;

impl Meridian {
    /// Decisions newest first; `open_only` leaves out closed ones.
    pub fn decisions(&self, open_only: bool) -> Result<Vec<DecisionSummary>> {
        decide::decisions(&self.cx, open_only)
    }

    pub fn decision(&self, id: &str) -> Result<DecisionDetail> {
        decide::decision_detail(&self.cx, id)
    }

    /// Proposes a decision; its voters are asked in their inbox.
    pub fn propose_decision(&mut self, input: &DecisionInput) -> Result<DecisionDetail> {
        decide::propose_decision(&mut self.cx, input)
    }

    /// Casts or changes my vote (a reason is required to disagree or block).
    pub fn vote(&mut self, id: &str, choice: &str, reason: Option<&str>) -> Result<DecisionDetail> {
        decide::vote(&mut self.cx, id, choice, reason)
    }

    /// Closes my decision (if open) and records its outcome.
    pub fn close_decision(&mut self, id: &str, outcome: &OutcomeInput) -> Result<DecisionDetail> {
        decide::close_decision(&mut self.cx, id, outcome)
    }

    /// Change requests newest first; `pending_only` keeps those awaiting approval.
    pub fn changes(&self, pending_only: bool) -> Result<Vec<ChangeSummary>> {
        decide::changes(&self.cx, pending_only)
    }

    pub fn change(&self, id: &str) -> Result<ChangeDetail> {
        decide::change_detail(&self.cx, id)
    }

    /// Who must approve a change of this kind to these systems, and who is working now.
    pub fn change_routing(&self, kind: &str, systems: &[String]) -> Result<ChangeRouting> {
        decide::change_routing(&self.cx, kind, systems)
    }

    /// [`Meridian::change_routing`] for a change already filed, at the clock's now.
    pub fn change_routing_of(&self, id: &str) -> Result<ChangeRouting> {
        decide::change_routing_of(&self.cx, id)
    }

    /// Files a change request and notifies its approvers.
    pub fn file_change(&mut self, input: &ChangeInput) -> Result<ChangeDetail> {
        decide::file_change(&mut self.cx, input)
    }

    pub fn approve_change(&mut self, id: &str) -> Result<ChangeDetail> {
        decide::respond_to_change(&mut self.cx, id, true, None)
    }

    /// Declines a change; one decline declines it, so a reason is required.
    pub fn decline_change(&mut self, id: &str, reason: &str) -> Result<ChangeDetail> {
        decide::respond_to_change(&mut self.cx, id, false, Some(reason))
    }

    pub fn withdraw_change(&mut self, id: &str) -> Result<ChangeDetail> {
        decide::withdraw_change(&mut self.cx, id)
    }

    /// Records the post-hoc review of an approved emergency change.
    pub fn review_change(&mut self, id: &str, note: &str) -> Result<ChangeDetail> {
        decide::review_change(&mut self.cx, id, note)
    }

    pub fn change_rules(&self) -> Result<Vec<ChangeRule>> {
        decide::change_rules(&self.cx)
    }

    /// Adds a system's approver group (or replaces the group of that name).
    pub fn set_change_rule(&mut self, input: &ChangeRuleInput) -> Result<ChangeRule> {
        decide::set_change_rule(&mut self.cx, input)
    }

    /// Removes a system's approver group from the rules (archived; changes already filed keep
    /// their groups).
    pub fn remove_change_rule(&mut self, system: &str, group: &str) -> Result<ChangeRule> {
        decide::remove_change_rule(&mut self.cx, system, group)
    }

    pub fn change_templates(&self) -> Result<Vec<ChangeTemplate>> {
        decide::change_templates(&self.cx)
    }

    /// Saves a pre-approved standard change.
    pub fn save_change_template(&mut self, input: &ChangeTemplate) -> Result<ChangeTemplate> {
        decide::save_change_template(&mut self.cx, input)
    }
}

impl Meridian {
    /// The demo team's decisions and change board: approver rules for two systems, a
    /// pre-approved standard change, an open decision with a few votes, an accepted one with
    /// a review date, and a pending change that waits on me. Written in the teammates' names
    /// (this device created them, so it may).
    pub(super) fn seed_demo_decisions(&mut self) -> Result<()> {
        use crate::log::ops::{format_instant, ApproverGroupV1, OpPayload};
        use chrono::Duration;
        let me = crate::people::require_me(&self.cx)?;
        let id = |handle: &str| -> Result<String> { Ok(self.member_by_handle(handle)?.id) };
        let (grace, priya, linus, mateo, sam) = (
            id("grace")?,
            id("priya")?,
            id("linus")?,
            id("mateo")?,
            id("sam")?,
        );
        let now = self.now();
        let at = |hours: i64| format_instant(now + Duration::hours(hours));
        let new = || uuid::Uuid::now_v7().to_string();
        let rule = |system: &str, group: &str, approvers: Vec<String>| OpPayload::ChangeRuleSet {
            rule_id: new(),
            system: system.into(),
            group_name: group.into(),
            approvers,
            required: 1,
            archived: false,
        };
        let open = new();
        let settled = new();
        let cr = new();
        let mut ops = vec![
            rule("payments", "DB owners", vec![grace.clone(), linus.clone()]),
            rule("payments", "Release managers", vec![me.id.clone(), priya.clone()]),
            rule("website", "Web", vec![mateo.clone(), sam.clone()]),
            OpPayload::ChangeTemplateSaved {
                template_id: new(),
                name: "Rotate TLS certificates".into(),
                system: "website".into(),
                what: "Replace the website's TLS certificates with the renewed ones.".into(),
                why: "They expire within 30 days.".into(),
                rollback: "Re-deploy the previous certificates from the vault.".into(),
                results_url: None,
            },
            OpPayload::DecisionProposed {
                decision_id: settled.clone(),
                author_id: me.id.clone(),
                title: "Timestamps in UTC in every log".into(),
                context: "Seven zones read the same logs; local timestamps keep causing off-by-hours mistakes.".into(),
                options: vec!["agree".into(), "abstain".into(), "disagree".into(), "block".into()],
                voters: Vec::new(),
                closes_at: at(-30),
                hide_results: false,
                supersedes: None,
                created_at: at(-80),
            },
            OpPayload::DecisionVoted {
                vote_id: new(),
                decision_id: settled.clone(),
                member_id: linus.clone(),
                choice: "agree".into(),
                reason: None,
                voted_at: at(-60),
            },
            OpPayload::DecisionClosed {
                decision_id: settled.clone(),
                member_id: None,
                closed_at: at(-30),
            },
            OpPayload::DecisionOutcomeSet {
                decision_id: settled,
                member_id: me.id.clone(),
                statement: "Logs use UTC with an explicit Z; dashboards convert to the reader's zone.".into(),
                status: "accepted".into(),
                chosen: Some("agree".into()),
                review_at: Some(at(24 * 90)),
                set_at: at(-28),
            },
            OpPayload::DecisionProposed {
                decision_id: open.clone(),
                author_id: priya.clone(),
                title: "Replace the weekly sync call with written check-ins".into(),
                context: "The Monday call is at 21:00 for Aroha and 06:00 for Sam. Proposal: a written check-in, **answered in your own morning**, and a call only when a thread asks for one.".into(),
                options: vec!["agree".into(), "abstain".into(), "disagree".into(), "block".into()],
                voters: Vec::new(),
                closes_at: at(72),
                hide_results: false,
                supersedes: None,
                created_at: at(-20),
            },
            OpPayload::DecisionVoted {
                vote_id: new(),
                decision_id: open.clone(),
                member_id: grace.clone(),
                choice: "agree".into(),
                reason: Some("My evenings back.".into()),
                voted_at: at(-18),
            },
            OpPayload::DecisionVoted {
                vote_id: new(),
                decision_id: open.clone(),
                member_id: linus.clone(),
                choice: "disagree".into(),
                reason: Some("Some weeks need a real conversation.".into()),
                voted_at: at(-12),
            },
            OpPayload::DecisionVoted {
                vote_id: new(),
                decision_id: open,
                member_id: linus.clone(),
                choice: "abstain".into(),
                reason: Some("Fine if a call stays one click away.".into()),
                voted_at: at(-6),
            },
            OpPayload::ChangeRequested {
                cr_id: cr,
                requester_id: grace.clone(),
                kind: "normal".into(),
                title: "Raise the card-payment timeout to 30 s".into(),
                what: "Gateway client timeout from 10 s to 30 s.".into(),
                why: "Issuer 3-D Secure pages take up to 25 s at peak.".into(),
                systems: vec!["payments".into()],
                tested: true,
                results_url: Some("https://ci.example.com/payments/4812".into()),
                consequence: "About 2% of card payments keep failing at peak.".into(),
                rollback: "Set PAYMENT_TIMEOUT back to 10 s and redeploy (5 min).".into(),
                window_start: Some(at(26)),
                window_end: Some(at(27)),
                justification: None,
                template_id: None,
                groups: vec![
                    ApproverGroupV1 {
                        name: "DB owners".into(),
                        system: "payments".into(),
                        approvers: vec![linus],
                        required: 1,
                    },
                    ApproverGroupV1 {
                        name: "Release managers".into(),
                        system: "payments".into(),
                        approvers: vec![me.id.clone(), priya],
                        required: 1,
                    },
                ],
                urgent_to: Vec::new(),
                filed_at: at(-3),
            },
        ];
        ops.push(OpPayload::NotificationQueued {
            notification_id: new(),
            recipient_id: me.id.clone(),
            sender_id: Some(grace),
            kind: "approval_request".into(),
            title:
                "Approval requested: “Raise the card-payment timeout to 30 s” (Release managers)"
                    .into(),
            body: Some("Gateway client timeout from 10 s to 30 s.".into()),
            urgent: false,
            created_at: at(-3),
        });
        self.cx.store.append(now, ops)?;
        self.cx
            .emit(crate::base::events::CoreEvent::DecisionsChanged);
        Ok(())
    }
}
