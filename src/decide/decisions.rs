//! Decision records, after Loomio's proposals: a title, Markdown context, options, voters, a
//! closing time stored as an instant and shown in each reader's zone, votes with reasons
//! (required to disagree or block) whose changes keep their history, results that can stay
//! hidden until you voted, a close at the deadline, an outcome, "supersedes" and a review
//! date that lands in the owner's inbox.

use super::{
    derived_id, future_when, given, local_label, member_ids, notification_exists, optional_note,
    person_or_id, zone_of, NOTE_MAX,
};
use crate::base::events::CoreEvent;
use crate::base::model::{
    DecisionDetail, DecisionInput, DecisionLink, DecisionSummary, Member, OptionTally,
    OutcomeInput, VoteView,
};
use crate::base::{Error, Result};
use crate::content::{self, checked_body, checked_title, new_id, People, BODY_MAX};
use crate::log::ops::{format_instant, parse_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// The choices of a proposal when the author names none.
pub const PROPOSAL_CHOICES: [&str; 4] = ["agree", "abstain", "disagree", "block"];
/// The longest option, in characters.
pub const OPTION_MAX: usize = 80;
/// The purpose mixed into the id of a decision's review reminder.
const REVIEW_PURPOSE: u128 = 0x5245_5649_4557;
/// The purpose mixed into the id of the "closed at its deadline" notice.
const CLOSED_PURPOSE: u128 = 0x434c_4f53_4544;

/// A decision row as stored.
#[derive(Debug, Clone)]
pub(crate) struct DecisionRow {
    id: String,
    author_id: String,
    title: String,
    context: String,
    options: Vec<String>,
    voters: Vec<String>,
    closes_at: DateTime<Utc>,
    hide_results: bool,
    supersedes: Option<String>,
    created_at: String,
    closed_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    status: Option<String>,
    chosen: Option<String>,
    review_at: Option<String>,
    superseded_by: Option<String>,
}

impl DecisionRow {
    /// When it stopped taking votes: closed by hand, or at its deadline even before anyone's
    /// device recorded that.
    fn closed(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.closed_at {
            Some(at) => Some(at.min(self.closes_at)),
            None => (self.closes_at <= now).then_some(self.closes_at),
        }
    }

    fn status(&self) -> String {
        if self.superseded_by.is_some() {
            "superseded".to_owned()
        } else {
            self.status.clone().unwrap_or_else(|| "proposed".to_owned())
        }
    }

    fn may_vote(&self, member_id: &str) -> bool {
        self.voters.is_empty() || self.voters.iter().any(|voter| voter == member_id)
    }
}

const COLUMNS: &str = "id, author_id, title, context, options, voters, closes_at, hide_results,
     supersedes, created_at, closed_at, outcome, status, chosen, review_at, superseded_by";

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<[Option<String>; 16]> {
    let mut out: [Option<String>; 16] = Default::default();
    for (index, slot) in out.iter_mut().enumerate() {
        *slot = match row.get_ref(index)? {
            rusqlite::types::ValueRef::Integer(value) => Some(value.to_string()),
            rusqlite::types::ValueRef::Null => None,
            _ => row.get(index)?,
        };
    }
    Ok(out)
}

fn decode(raw: [Option<String>; 16]) -> Result<DecisionRow> {
    let [id, author_id, title, context, options, voters, closes_at, hide_results, supersedes, created_at, closed_at, outcome, status, chosen, review_at, superseded_by] =
        raw;
    let text = |value: Option<String>| value.unwrap_or_default();
    Ok(DecisionRow {
        id: text(id),
        author_id: text(author_id),
        title: text(title),
        context: text(context),
        options: serde_json::from_str(&options.unwrap_or_else(|| "[]".into()))?,
        voters: serde_json::from_str(&voters.unwrap_or_else(|| "[]".into()))?,
        closes_at: parse_instant(&text(closes_at))?,
        hide_results: hide_results.as_deref() == Some("1"),
        supersedes,
        created_at: text(created_at),
        closed_at: closed_at.as_deref().map(parse_instant).transpose()?,
        outcome,
        status,
        chosen,
        review_at,
        superseded_by,
    })
}

/// The decision with this id, or an error saying how to find one.
pub(crate) fn decision_row(cx: &Ctx, id: &str) -> Result<DecisionRow> {
    let raw = cx
        .store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM decisions WHERE id = ?1 AND created_lww != ''"),
            [id.trim()],
            read_row,
        )
        .optional()?;
    match raw {
        Some(raw) => decode(raw),
        None => Err(Error::NotFound(format!(
            "There is no decision {id}; `meridian decision list` shows their ids."
        ))),
    }
}

fn all_rows(cx: &Ctx) -> Result<Vec<DecisionRow>> {
    let mut statement = cx.store.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM decisions WHERE created_lww != '' ORDER BY created_at DESC, id DESC"
    ))?;
    let raws = statement
        .query_map([], read_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(decode).collect()
}

/// A vote as stored.
#[derive(Debug, Clone)]
struct VoteRow {
    id: String,
    member_id: String,
    choice: String,
    reason: Option<String>,
    voted_at: String,
}

/// Every vote on a decision cast before it closed, oldest first.
fn votes(cx: &Ctx, decision: &DecisionRow, now: DateTime<Utc>) -> Result<Vec<VoteRow>> {
    let closed = decision.closed(now).map(format_instant);
    let mut statement = cx.store.conn().prepare_cached(
        "SELECT id, member_id, choice, reason, voted_at FROM decision_votes
         WHERE decision_id = ?1 AND created_lww != '' AND (?2 IS NULL OR voted_at <= ?2)
         ORDER BY voted_at, id",
    )?;
    let rows = statement
        .query_map(rusqlite::params![decision.id, closed], |row| {
            Ok(VoteRow {
                id: row.get(0)?,
                member_id: row.get(1)?,
                choice: row.get(2)?,
                reason: row.get(3)?,
                voted_at: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Each member's latest vote (the last in time order).
fn current_votes(votes: &[VoteRow]) -> Vec<&VoteRow> {
    let mut latest: Vec<&VoteRow> = Vec::new();
    for vote in votes {
        match latest
            .iter_mut()
            .find(|seen| seen.member_id == vote.member_id)
        {
            Some(seen) => *seen = vote,
            None => latest.push(vote),
        }
    }
    latest
}

fn me_and_people(cx: &Ctx) -> Result<(Member, People)> {
    Ok((people::require_me(cx)?, People::load(cx)?))
}

/// The options as typed: trimmed, distinct (ignoring case), 2 or more; none means the
/// proposal choices.
fn checked_options(options: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for option in options.iter().map(|option| option.trim()) {
        if option.is_empty() {
            continue;
        }
        if option.chars().count() > OPTION_MAX {
            return Err(Error::invalid(
                "options",
                format!("The option “{option}” is over {OPTION_MAX} characters; name it in a few words and explain it in the context."),
            ));
        }
        if out.iter().any(|seen| seen.eq_ignore_ascii_case(option)) {
            return Err(Error::invalid(
                "options",
                format!("The option “{option}” is listed twice; give each option once."),
            ));
        }
        out.push(option.to_owned());
    }
    match out.len() {
        0 => Ok(PROPOSAL_CHOICES.iter().map(|c| (*c).to_owned()).collect()),
        1 => Err(Error::invalid(
            "options",
            "A decision needs at least two options; add another, or give none for agree / abstain / disagree / block.",
        )),
        _ => Ok(out),
    }
}

/// Proposes a decision; voters are asked for their vote in their inbox.
pub(crate) fn propose_decision(cx: &mut Ctx, input: &DecisionInput) -> Result<DecisionDetail> {
    let (me, people) = me_and_people(cx)?;
    let now = cx.now();
    let title = checked_title("title", &input.title)?;
    let context = checked_body("context", &input.context, BODY_MAX, false)?;
    let options = checked_options(&input.options)?;
    let voters = member_ids(&people, "voters", &input.voters)?;
    let zone = zone_of(&me);
    if input.closes.trim().is_empty() {
        return Err(Error::invalid(
            "closes",
            "Say when voting closes, such as 2026-12-01 17:00 (your local time).",
        ));
    }
    let closes_at = future_when("closes", "The closing time", &input.closes, zone, 17, now)?;
    let supersedes = match given(&input.supersedes) {
        None => None,
        Some(old) => {
            let old = decision_row(cx, old).map_err(|_| {
                Error::invalid(
                    "supersedes",
                    format!("There is no decision {old} to supersede; `meridian decision list` shows their ids."),
                )
            })?;
            if let Some(newer) = &old.superseded_by {
                return Err(Error::invalid(
                    "supersedes",
                    format!(
                        "“{}” is already superseded by {newer}; supersede that one instead.",
                        old.title
                    ),
                ));
            }
            Some(old.id)
        }
    };
    let decision_id = new_id();
    let stamp = format_instant(now);
    let mut payloads = vec![OpPayload::DecisionProposed {
        decision_id: decision_id.clone(),
        author_id: me.id.clone(),
        title: title.clone(),
        context: context.clone(),
        options,
        voters: voters.clone(),
        closes_at: format_instant(closes_at),
        hide_results: input.hide_results,
        supersedes,
        created_at: stamp.clone(),
    }];
    let asked: Vec<String> = if voters.is_empty() {
        people::members(cx)?
            .into_iter()
            .map(|member| member.id)
            .collect()
    } else {
        voters
    };
    for voter in asked.iter().filter(|id| **id != me.id) {
        let their_zone = people.member(voter).map_or(chrono_tz::UTC, zone_of);
        payloads.push(content::notification(
            voter,
            &me,
            "vote_request",
            format!(
                "@{} asks for your vote: “{title}” — closes {} your time",
                me.handle,
                local_label(closes_at, their_zone, now)
            ),
            &context,
            &stamp,
        ));
    }
    cx.store.append(now, payloads)?;
    cx.emit(CoreEvent::DecisionsChanged);
    cx.emit(CoreEvent::InboxChanged);
    decision_detail(cx, &decision_id)
}

/// Casts or changes my vote; the earlier one stays in the history.
pub(crate) fn vote(
    cx: &mut Ctx,
    decision_id: &str,
    choice: &str,
    reason: Option<&str>,
) -> Result<DecisionDetail> {
    let (me, _) = me_and_people(cx)?;
    let decision = decision_row(cx, decision_id)?;
    let now = cx.now();
    if let Some(closed) = decision.closed(now) {
        return Err(Error::Conflict(format!(
            "“{}” closed at {}; its votes are sealed. Propose a new decision that supersedes it to reopen the question.",
            decision.title,
            local_label(closed, zone_of(&me), now)
        )));
    }
    if !decision.may_vote(&me.id) {
        return Err(Error::Conflict(format!(
            "You are not one of the voters of “{}”; ask its author to add you in a new proposal, or comment instead.",
            decision.title
        )));
    }
    let choice = decision
        .options
        .iter()
        .find(|option| option.eq_ignore_ascii_case(choice.trim()))
        .cloned()
        .ok_or_else(|| {
            Error::invalid(
                "choice",
                format!(
                    "“{}” is not an option of this decision; choose one of: {}.",
                    choice.trim(),
                    decision.options.join(", ")
                ),
            )
        })?;
    let reason = optional_note("reason", reason, NOTE_MAX)?;
    let lower = choice.to_lowercase();
    if reason.is_none() && (lower == "disagree" || lower == "block") {
        return Err(Error::invalid(
            "reason",
            format!(
                "To {lower}, give a reason: it is what the author needs to change the proposal."
            ),
        ));
    }
    let previous = votes(cx, &decision, now)?
        .into_iter()
        .rfind(|vote| vote.member_id == me.id);
    if let Some(previous) = previous {
        if previous.choice == choice && previous.reason == reason {
            return Err(Error::Conflict(format!(
                "You already voted “{choice}” with that reason; nothing changed."
            )));
        }
    }
    cx.store.append(
        now,
        vec![OpPayload::DecisionVoted {
            vote_id: new_id(),
            decision_id: decision.id.clone(),
            member_id: me.id.clone(),
            choice,
            reason,
            voted_at: format_instant(now),
        }],
    )?;
    cx.emit(CoreEvent::DecisionsChanged);
    decision_detail(cx, &decision.id)
}

/// Closes a decision (if still open) and records its outcome; the outcome of a closed one
/// may be written or corrected later, nothing else. Only its author does this.
pub(crate) fn close_decision(
    cx: &mut Ctx,
    decision_id: &str,
    input: &OutcomeInput,
) -> Result<DecisionDetail> {
    let (me, people) = me_and_people(cx)?;
    let decision = decision_row(cx, decision_id)?;
    let now = cx.now();
    if decision.author_id != me.id {
        return Err(Error::Conflict(format!(
            "Only @{}, who proposed “{}”, records its outcome; vote or comment instead.",
            person_or_id(&people, &decision.author_id).handle,
            decision.title
        )));
    }
    let statement =
        optional_note("outcome", Some(&input.statement), NOTE_MAX)?.ok_or_else(|| {
            Error::invalid(
                "outcome",
                "Write the outcome: one or two sentences saying what was decided.",
            )
        })?;
    let status = match input.status.as_deref().map(str::trim).unwrap_or("accepted") {
        "" | "accepted" => "accepted",
        "rejected" => "rejected",
        other => {
            return Err(Error::invalid(
                "status",
                format!("“{other}” is not an outcome status; use accepted or rejected."),
            ))
        }
    };
    let chosen = match given(&input.chosen) {
        None => None,
        Some(chosen) => Some(
            decision
                .options
                .iter()
                .find(|option| option.eq_ignore_ascii_case(chosen))
                .cloned()
                .ok_or_else(|| {
                    Error::invalid(
                        "chosen",
                        format!(
                            "“{chosen}” is not an option of this decision; choose one of: {}.",
                            decision.options.join(", ")
                        ),
                    )
                })?,
        ),
    };
    let zone = zone_of(&me);
    let review_at = match given(&input.review) {
        None => None,
        Some(raw) => {
            let at = future_when("review", "The review date", raw, zone, 9, now)?;
            Some(format_instant(at))
        }
    };
    if decision.outcome.as_deref() == Some(statement.as_str())
        && decision.status.as_deref() == Some(status)
        && decision.chosen == chosen
        && decision.review_at == review_at
    {
        return Err(Error::Conflict(
            "That outcome is recorded already; nothing changed.".into(),
        ));
    }
    let stamp = format_instant(now);
    let mut payloads = Vec::new();
    if decision.closed(now).is_none() {
        payloads.push(OpPayload::DecisionClosed {
            decision_id: decision.id.clone(),
            member_id: Some(me.id.clone()),
            closed_at: stamp.clone(),
        });
    }
    payloads.push(OpPayload::DecisionOutcomeSet {
        decision_id: decision.id.clone(),
        member_id: me.id.clone(),
        statement: statement.clone(),
        status: status.to_owned(),
        chosen,
        review_at,
        set_at: stamp.clone(),
    });
    let voters: Vec<String> = if decision.voters.is_empty() {
        people::members(cx)?
            .into_iter()
            .map(|member| member.id)
            .collect()
    } else {
        decision.voters.clone()
    };
    for voter in voters.iter().filter(|id| **id != me.id) {
        payloads.push(content::notification(
            voter,
            &me,
            "decision",
            format!("Decided ({status}): “{}”", decision.title),
            &statement,
            &stamp,
        ));
    }
    cx.store.append(now, payloads)?;
    cx.emit(CoreEvent::DecisionsChanged);
    cx.emit(CoreEvent::InboxChanged);
    decision_detail(cx, &decision.id)
}

/// The scheduler's part: closes my decisions whose deadline passed (telling me to record the
/// outcome) and puts due reviews of my decisions into my inbox. Says when to look again.
pub(crate) fn decisions_due(cx: &mut Ctx) -> Result<Option<DateTime<Utc>>> {
    let Some(me) = people::me(cx)? else {
        return Ok(None);
    };
    let now = cx.now();
    let stamp = format_instant(now);
    let mut payloads = Vec::new();
    let mut next: Option<DateTime<Utc>> = None;
    let mut later = |at: DateTime<Utc>| next = Some(next.map_or(at, |next| next.min(at)));
    for decision in all_rows(cx)?.into_iter().filter(|d| d.author_id == me.id) {
        if decision.closed_at.is_none() {
            if decision.closes_at <= now {
                payloads.push(OpPayload::DecisionClosed {
                    decision_id: decision.id.clone(),
                    member_id: None,
                    closed_at: format_instant(decision.closes_at),
                });
                let notice = derived_id(&decision.id, CLOSED_PURPOSE);
                if !notification_exists(cx, &notice)? {
                    payloads.push(notice_to_owner(
                        notice,
                        &me,
                        "decision",
                        format!("Voting closed on “{}”: record the outcome", decision.title),
                        &stamp,
                    ));
                }
            } else {
                later(decision.closes_at);
            }
        }
        if let Some(review_at) = decision.review_at.as_deref() {
            let review_at = parse_instant(review_at)?;
            let id = derived_id(&decision.id, REVIEW_PURPOSE ^ review_at.timestamp() as u128);
            if review_at <= now {
                if !notification_exists(cx, &id)? {
                    payloads.push(notice_to_owner(
                        id,
                        &me,
                        "review_due",
                        format!("Review due: “{}”", decision.title),
                        &stamp,
                    ));
                }
            } else {
                later(review_at);
            }
        }
    }
    if !payloads.is_empty() {
        cx.store.append(now, payloads)?;
        cx.emit(CoreEvent::DecisionsChanged);
        cx.emit(CoreEvent::InboxChanged);
    }
    Ok(next)
}

fn notice_to_owner(id: String, me: &Member, kind: &str, title: String, stamp: &str) -> OpPayload {
    OpPayload::NotificationQueued {
        notification_id: id,
        recipient_id: me.id.clone(),
        sender_id: None,
        kind: kind.to_owned(),
        title,
        body: None,
        urgent: false,
        created_at: stamp.to_owned(),
    }
}

fn summary(
    decision: &DecisionRow,
    people: &People,
    me: &Member,
    current: &[&VoteRow],
    voter_count: usize,
    now: DateTime<Utc>,
) -> DecisionSummary {
    let zone = zone_of(me);
    DecisionSummary {
        id: decision.id.clone(),
        title: decision.title.clone(),
        author: people.person(&decision.author_id),
        status: decision.status(),
        open: decision.closed(now).is_none(),
        closes_at: format_instant(decision.closes_at),
        closes_local: format!("{} ({zone})", local_label(decision.closes_at, zone, now)),
        voted: current.iter().any(|vote| vote.member_id == me.id),
        votes: current.len() as u32,
        voters: voter_count as u32,
        outcome: decision.outcome.clone(),
        created_at: decision.created_at.clone(),
    }
}

/// Decisions newest first; `open_only` leaves out closed ones.
pub(crate) fn decisions(cx: &Ctx, open_only: bool) -> Result<Vec<DecisionSummary>> {
    let (me, people) = me_and_people(cx)?;
    let team_size = people::members(cx)?.len();
    let now = cx.now();
    let mut out = Vec::new();
    for decision in all_rows(cx)? {
        if open_only && decision.closed(now).is_some() {
            continue;
        }
        let all = votes(cx, &decision, now)?;
        let current = current_votes(&all);
        let voter_count = if decision.voters.is_empty() {
            team_size
        } else {
            decision.voters.len()
        };
        out.push(summary(&decision, &people, &me, &current, voter_count, now));
    }
    Ok(out)
}

fn link(cx: &Ctx, id: &Option<String>) -> Result<Option<DecisionLink>> {
    let Some(id) = id else { return Ok(None) };
    Ok(Some(match decision_row(cx, id) {
        Ok(row) => DecisionLink {
            id: row.id,
            title: row.title,
        },
        Err(_) => DecisionLink {
            id: id.clone(),
            title: "(not synced yet)".to_owned(),
        },
    }))
}

/// A decision as I may see it: results only once I voted or it closed, when its author chose
/// to hide them.
pub(crate) fn decision_detail(cx: &Ctx, decision_id: &str) -> Result<DecisionDetail> {
    let (me, people) = me_and_people(cx)?;
    let decision = decision_row(cx, decision_id)?;
    let now = cx.now();
    let zone = zone_of(&me);
    let all = votes(cx, &decision, now)?;
    let current = current_votes(&all);
    let voter_ids: Vec<String> = if decision.voters.is_empty() {
        people::members(cx)?
            .into_iter()
            .map(|member| member.id)
            .collect()
    } else {
        decision.voters.clone()
    };
    let closed = decision.closed(now);
    let voted = current.iter().any(|vote| vote.member_id == me.id);
    let results_visible = !decision.hide_results || closed.is_some() || voted;
    let view = |vote: &VoteRow| VoteView {
        id: vote.id.clone(),
        voter: Some(person_or_id(&people, &vote.member_id)),
        choice: vote.choice.clone(),
        reason: vote.reason.clone(),
        voted_at: vote.voted_at.clone(),
        current: current.iter().any(|latest| latest.id == vote.id),
    };
    let tally = if results_visible {
        decision
            .options
            .iter()
            .map(|option| {
                let people: Vec<_> = current
                    .iter()
                    .filter(|vote| vote.choice == *option)
                    .map(|vote| person_or_id(&people, &vote.member_id))
                    .collect();
                OptionTally {
                    option: option.clone(),
                    count: people.len() as u32,
                    people,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let waiting_on = voter_ids
        .iter()
        .filter(|id| !current.iter().any(|vote| vote.member_id == **id))
        .map(|id| person_or_id(&people, id))
        .collect();
    let review_local = decision
        .review_at
        .as_deref()
        .map(parse_instant)
        .transpose()?
        .map(|at| format!("{} ({zone})", local_label(at, zone, now)));
    Ok(DecisionDetail {
        summary: summary(&decision, &people, &me, &current, voter_ids.len(), now),
        context_html: people.render_with(&decision.context, &[]),
        context: decision.context.clone(),
        options: decision.options.clone(),
        voters: voter_ids
            .iter()
            .map(|id| person_or_id(&people, id))
            .collect(),
        hide_results: decision.hide_results,
        results_visible,
        tally,
        votes: if results_visible {
            all.iter().map(view).collect()
        } else {
            Vec::new()
        },
        my_vote: current
            .iter()
            .find(|vote| vote.member_id == me.id)
            .map(|vote| view(vote)),
        can_vote: closed.is_none() && decision.may_vote(&me.id),
        waiting_on,
        closed_at: closed.map(format_instant),
        chosen: decision.chosen.clone(),
        review_at: decision.review_at.clone(),
        review_local,
        supersedes: link(cx, &decision.supersedes)?,
        superseded_by: link(cx, &decision.superseded_by)?,
    })
}
