//! `meridian decision …`: propose a decision, vote with a reason, close it with an outcome,
//! show one or list them.

use crate::output::print_json;
use clap::Subcommand;
use meridian::model::{DecisionDetail, DecisionInput, OutcomeInput};
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum DecisionAction {
    /// Propose a decision; its voters are asked in their inbox.
    New {
        #[arg(long)]
        title: String,
        /// An option to vote for (give two or more; none means agree/abstain/disagree/block).
        #[arg(long = "option")]
        options: Vec<String>,
        /// Who votes: @handles, comma separated (everyone when left out).
        #[arg(long)]
        voters: Option<String>,
        /// When voting closes: "2026-12-01 17:00" in your zone, or an RFC 3339 instant.
        #[arg(long)]
        closes: String,
        /// The context, in Markdown.
        #[arg(long, default_value = "")]
        body: String,
        /// Hide the results from each voter until they voted (and from others until closed).
        #[arg(long)]
        hide_results: bool,
        /// The id of an earlier decision this one supersedes.
        #[arg(long)]
        supersedes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Vote, or change your vote (the earlier one stays in the history).
    Vote {
        id: String,
        option: String,
        /// Why; required to disagree or block.
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Close your decision (if still open) and record what was decided.
    Close {
        id: String,
        #[arg(long)]
        outcome: String,
        /// accepted (default) or rejected.
        #[arg(long)]
        status: Option<String>,
        /// The option chosen.
        #[arg(long)]
        chosen: Option<String>,
        /// When to review it ("2027-03-01" or "2027-03-01 10:00"); it lands in your inbox.
        #[arg(long)]
        review: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a decision: context, votes (when you may see them), outcome.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List decisions, newest first.
    List {
        /// Only those still taking votes.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
}

fn print_decision(detail: &DecisionDetail) {
    let summary = &detail.summary;
    println!("{} [{}] {}", summary.id, summary.status, summary.title);
    let author = summary
        .author
        .as_ref()
        .map(|a| format!("@{}", a.handle))
        .unwrap_or_default();
    if summary.open {
        println!("by {author} · closes {}", summary.closes_local);
    } else {
        println!("by {author} · closed (deadline {})", summary.closes_local);
    }
    if let Some(link) = &detail.supersedes {
        println!("supersedes {} “{}”", link.id, link.title);
    }
    if let Some(link) = &detail.superseded_by {
        println!("superseded by {} “{}”", link.id, link.title);
    }
    if !detail.context.is_empty() {
        println!();
        for line in detail.context.lines() {
            println!("  {line}");
        }
    }
    println!();
    println!("options: {}", detail.options.join(" · "));
    if detail.results_visible {
        for tally in &detail.tally {
            let names: Vec<String> = tally
                .people
                .iter()
                .map(|p| format!("@{}", p.handle))
                .collect();
            println!("  {:<12} {} {}", tally.option, tally.count, names.join(" "));
        }
        for vote in &detail.votes {
            let who = vote
                .voter
                .as_ref()
                .map(|v| v.handle.as_str())
                .unwrap_or("?");
            let replaced = if vote.current { "" } else { " (changed since)" };
            let reason = vote
                .reason
                .as_deref()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default();
            println!(
                "  @{who} voted {}{reason}{replaced} · {}",
                vote.choice, vote.voted_at
            );
        }
    } else {
        println!(
            "  results hidden until you vote or it closes ({} of {} voted)",
            summary.votes, summary.voters
        );
    }
    if !detail.waiting_on.is_empty() && summary.open {
        let names: Vec<String> = detail
            .waiting_on
            .iter()
            .map(|p| format!("@{}", p.handle))
            .collect();
        println!("waiting on {}", names.join(", "));
    }
    if let Some(outcome) = &summary.outcome {
        println!();
        println!("outcome: {outcome}");
        if let Some(chosen) = &detail.chosen {
            println!("chosen:  {chosen}");
        }
        if let Some(review) = &detail.review_local {
            println!("review:  {review}");
        }
    }
}

pub fn run(meridian: &mut Meridian, action: DecisionAction) -> Result<(), Error> {
    let detail = match action {
        DecisionAction::New {
            title,
            options,
            voters,
            closes,
            body,
            hide_results,
            supersedes,
            json,
        } => (
            meridian.propose_decision(&DecisionInput {
                title,
                context: body,
                options,
                voters: voters
                    .map(|list| crate::parse::comma_list(&list))
                    .unwrap_or_default(),
                closes,
                hide_results,
                supersedes,
            })?,
            json,
        ),
        DecisionAction::Vote {
            id,
            option,
            reason,
            json,
        } => (meridian.vote(&id, &option, reason.as_deref())?, json),
        DecisionAction::Close {
            id,
            outcome,
            status,
            chosen,
            review,
            json,
        } => (
            meridian.close_decision(
                &id,
                &OutcomeInput {
                    statement: outcome,
                    status,
                    chosen,
                    review,
                },
            )?,
            json,
        ),
        DecisionAction::Show { id, json } => (meridian.decision(&id)?, json),
        DecisionAction::List { open, json } => {
            let list = meridian.decisions(open)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("No decisions yet. Propose one with `meridian decision new --title T --closes \"YYYY-MM-DD HH:MM\"`.");
            }
            for decision in list {
                let state = if decision.open {
                    format!("closes {}", decision.closes_local)
                } else {
                    "closed".to_owned()
                };
                println!(
                    "{}  [{}] {} · {}/{} voted · {state}",
                    decision.id, decision.status, decision.title, decision.votes, decision.voters
                );
            }
            return Ok(());
        }
    };
    let (detail, json) = detail;
    if json {
        return print_json(&detail);
    }
    print_decision(&detail);
    Ok(())
}
