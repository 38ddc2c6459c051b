//! How the ops of decision records and change requests become rows. A record's parts are
//! last-writer-wins per group of columns; votes and approvals are rows of their own, so a
//! changed vote keeps the earlier one and every response stays on the timeline.

use super::{optional, text, Field, RowWrite};
use crate::base::Result;
use crate::log::ops::OpPayload;
use rusqlite::types::Value;

fn flag(value: bool) -> Value {
    Value::Integer(i64::from(value))
}

fn json<T: serde::Serialize>(value: &T) -> Result<Value> {
    Ok(Value::Text(serde_json::to_string(value)?))
}

fn row(table: &'static str, id: &str, key: &str, fields: Vec<Field>) -> Option<RowWrite> {
    RowWrite::new(table, id, key, fields)
}

/// The rows `payload` writes, stamped with `key`.
pub(super) fn row_writes(key: &str, payload: &OpPayload) -> Result<Vec<RowWrite>> {
    let writes = match payload {
        OpPayload::DecisionProposed {
            decision_id,
            author_id,
            title,
            context,
            options,
            voters,
            closes_at,
            hide_results,
            supersedes,
            created_at,
        } => {
            let mut writes = vec![row(
                "decisions",
                decision_id,
                key,
                vec![
                    ("author_id", "created_lww", text(author_id)),
                    ("title", "created_lww", text(title)),
                    ("context", "created_lww", text(context)),
                    ("options", "created_lww", json(options)?),
                    ("voters", "created_lww", json(voters)?),
                    ("closes_at", "created_lww", text(closes_at)),
                    ("hide_results", "created_lww", flag(*hide_results)),
                    ("supersedes", "created_lww", optional(supersedes)),
                    ("created_at", "created_lww", text(created_at)),
                ],
            )];
            // Both ends of "supersedes" in the same op, so neither record can miss its link.
            if let Some(old) = supersedes {
                writes.push(row(
                    "decisions",
                    old,
                    key,
                    vec![("superseded_by", "superseded_lww", text(decision_id))],
                ));
            }
            writes
        }
        OpPayload::DecisionVoted {
            vote_id,
            decision_id,
            member_id,
            choice,
            reason,
            voted_at,
        } => vec![row(
            "decision_votes",
            vote_id,
            key,
            vec![
                ("decision_id", "created_lww", text(decision_id)),
                ("member_id", "created_lww", text(member_id)),
                ("choice", "created_lww", text(choice)),
                ("reason", "created_lww", optional(reason)),
                ("voted_at", "created_lww", text(voted_at)),
            ],
        )],
        OpPayload::DecisionClosed {
            decision_id,
            member_id,
            closed_at,
        } => vec![row(
            "decisions",
            decision_id,
            key,
            vec![
                ("closed_at", "closed_lww", text(closed_at)),
                ("closed_by", "closed_lww", optional(member_id)),
            ],
        )],
        OpPayload::DecisionOutcomeSet {
            decision_id,
            member_id,
            statement,
            status,
            chosen,
            review_at,
            set_at,
        } => vec![row(
            "decisions",
            decision_id,
            key,
            vec![
                ("outcome", "outcome_lww", text(statement)),
                ("status", "outcome_lww", text(status)),
                ("chosen", "outcome_lww", optional(chosen)),
                ("review_at", "outcome_lww", optional(review_at)),
                ("outcome_by", "outcome_lww", text(member_id)),
                ("outcome_at", "outcome_lww", text(set_at)),
            ],
        )],
        OpPayload::ChangeRuleSet {
            rule_id,
            system,
            group_name,
            approvers,
            required,
            archived,
        } => vec![row(
            "change_rules",
            rule_id,
            key,
            vec![
                ("system", "rule_lww", text(system)),
                ("group_name", "rule_lww", text(group_name)),
                ("approvers", "rule_lww", json(approvers)?),
                ("required", "rule_lww", Value::Integer(i64::from(*required))),
                ("archived", "rule_lww", flag(*archived)),
            ],
        )],
        OpPayload::ChangeTemplateSaved {
            template_id,
            name,
            system,
            what,
            why,
            rollback,
            results_url,
        } => vec![row(
            "change_templates",
            template_id,
            key,
            vec![
                ("name", "template_lww", text(name)),
                ("system", "template_lww", text(system)),
                ("what", "template_lww", text(what)),
                ("why", "template_lww", text(why)),
                ("rollback", "template_lww", text(rollback)),
                ("results_url", "template_lww", optional(results_url)),
            ],
        )],
        OpPayload::ChangeRequested {
            cr_id,
            requester_id,
            kind,
            title,
            what,
            why,
            systems,
            tested,
            results_url,
            consequence,
            rollback,
            window_start,
            window_end,
            justification,
            template_id,
            groups,
            urgent_to,
            filed_at,
        } => vec![row(
            "change_requests",
            cr_id,
            key,
            vec![
                ("requester_id", "created_lww", text(requester_id)),
                ("kind", "created_lww", text(kind)),
                ("title", "created_lww", text(title)),
                ("what", "created_lww", text(what)),
                ("why", "created_lww", text(why)),
                ("systems", "created_lww", json(systems)?),
                ("tested", "created_lww", flag(*tested)),
                ("results_url", "created_lww", optional(results_url)),
                ("consequence", "created_lww", text(consequence)),
                ("rollback", "created_lww", text(rollback)),
                ("window_start", "created_lww", optional(window_start)),
                ("window_end", "created_lww", optional(window_end)),
                ("justification", "created_lww", optional(justification)),
                ("template_id", "created_lww", optional(template_id)),
                ("groups", "created_lww", json(groups)?),
                ("urgent_to", "created_lww", json(urgent_to)?),
                ("filed_at", "created_lww", text(filed_at)),
            ],
        )],
        OpPayload::ChangeResponded {
            response_id,
            cr_id,
            member_id,
            approve,
            reason,
            at,
        } => vec![row(
            "change_responses",
            response_id,
            key,
            vec![
                ("cr_id", "created_lww", text(cr_id)),
                ("member_id", "created_lww", text(member_id)),
                ("approve", "created_lww", flag(*approve)),
                ("reason", "created_lww", optional(reason)),
                ("at", "created_lww", text(at)),
            ],
        )],
        OpPayload::ChangeWithdrawn { cr_id, at, .. } => vec![row(
            "change_requests",
            cr_id,
            key,
            vec![("withdrawn_at", "withdrawn_lww", text(at))],
        )],
        OpPayload::ChangeReviewed {
            cr_id,
            member_id,
            note,
            at,
        } => vec![row(
            "change_requests",
            cr_id,
            key,
            vec![
                ("reviewed_by", "review_lww", text(member_id)),
                ("review_note", "review_lww", text(note)),
                ("reviewed_at", "review_lww", text(at)),
            ],
        )],
        _ => Vec::new(),
    };
    Ok(writes.into_iter().flatten().collect())
}
