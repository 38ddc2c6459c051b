//! `meridian cr …`: change requests — file one with the questions a change board asks,
//! approve or decline it, see its approvers' local time and status, read its timeline.

use crate::output::print_json;
use clap::Subcommand;
use meridian::model::{ChangeDetail, ChangeInput, ChangeRouting, ChangeRuleInput, ChangeTemplate};
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum CrAction {
    /// File a change request; approver groups come from the rules of its systems.
    New {
        #[arg(long)]
        title: String,
        /// standard (from a pre-approved template), normal or emergency.
        #[arg(long = "type", default_value = "normal")]
        kind: String,
        /// A system the change affects (repeat or comma-separate for several).
        #[arg(long = "system")]
        systems: Vec<String>,
        /// What changes.
        #[arg(long, default_value = "")]
        what: String,
        #[arg(long, default_value = "")]
        why: String,
        /// It was tested; --results is then required.
        #[arg(long)]
        tested: bool,
        /// Link to the test results.
        #[arg(long)]
        results: Option<String>,
        /// What happens if this is not released now.
        #[arg(long, default_value = "")]
        consequence: String,
        #[arg(long, default_value = "")]
        rollback: String,
        /// Planned window start ("2026-12-01 17:00" in your zone).
        #[arg(long)]
        window_start: Option<String>,
        #[arg(long)]
        window_end: Option<String>,
        /// Why an emergency cannot wait (required for emergencies).
        #[arg(long)]
        justification: Option<String>,
        /// The pre-approved template of a standard change.
        #[arg(long)]
        template: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Approve a change you are an approver of.
    Approve {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Decline a change; one decline declines it.
    Decline {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Withdraw your pending change.
    Withdraw {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the post-hoc review of an approved emergency change.
    Review {
        id: String,
        #[arg(long)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Show a change: the form, approver groups (local time and status) and timeline.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List changes, newest first.
    List {
        /// Only pending ones.
        #[arg(long)]
        pending: bool,
        #[arg(long)]
        json: bool,
    },
    /// Who must approve a change to these systems, and who of them is working now.
    Who {
        #[arg(long = "type", default_value = "normal")]
        kind: String,
        #[arg(long = "system", required = true)]
        systems: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a system's approver group (or replace the group of that name); without
    /// arguments, list the rules.
    Rule {
        #[arg(long, requires = "group")]
        system: Option<String>,
        #[arg(long, requires = "approvers")]
        group: Option<String>,
        /// @handles, comma separated.
        #[arg(long)]
        approvers: Option<String>,
        /// Approvals the group needs.
        #[arg(long, default_value_t = 1)]
        required: u32,
        #[arg(long)]
        json: bool,
    },
    /// Remove a system's approver group: changes filed from now on no longer need it.
    RuleRemove {
        #[arg(long)]
        system: String,
        #[arg(long)]
        group: String,
        #[arg(long)]
        json: bool,
    },
    /// Save a pre-approved standard change; without --name, list them.
    Template {
        #[arg(long, requires = "system")]
        name: Option<String>,
        #[arg(long)]
        system: Option<String>,
        #[arg(long, default_value = "")]
        what: String,
        #[arg(long, default_value = "")]
        why: String,
        #[arg(long, default_value = "")]
        rollback: String,
        #[arg(long)]
        results: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn print_routing(routing: &ChangeRouting) {
    for group in &routing.groups {
        println!(
            "{} · {} ({} of {} approvals)",
            group.system, group.name, group.approvals, group.required
        );
        for approver in &group.approvers {
            let mark = match approver.response.as_deref() {
                Some(answer) => format!(" — {answer}"),
                None => String::new(),
            };
            println!(
                "  @{:<12} {} {:<20} {}{}{mark}",
                approver.person.handle,
                approver.local_time,
                approver.time_zone,
                approver.status,
                if approver.working {
                    " · working now"
                } else {
                    ""
                }
            );
        }
    }
}

fn print_change(detail: &ChangeDetail) {
    let summary = &detail.summary;
    println!(
        "{} [{} · {}] {}",
        summary.id, summary.kind, summary.status, summary.title
    );
    if let Some(requester) = &summary.requester {
        println!(
            "requested by @{} · systems: {}",
            requester.handle,
            summary.systems.join(", ")
        );
    }
    if let Some(time) = &summary.time_to_approval {
        println!("{time}");
    }
    let field = |label: &str, value: &str| {
        if !value.is_empty() {
            println!("{label:<13}{value}");
        }
    };
    println!();
    field("what:", &detail.what);
    field("why:", &detail.why);
    field(
        "tested:",
        &match (&detail.tested, &detail.results_url) {
            (true, Some(url)) => format!("yes — {url}"),
            _ => "no".to_owned(),
        },
    );
    field("if not now:", &detail.consequence);
    field("rollback:", &detail.rollback);
    field("window:", detail.window_local.as_deref().unwrap_or(""));
    field("emergency:", detail.justification.as_deref().unwrap_or(""));
    field("template:", detail.template.as_deref().unwrap_or(""));
    if !detail.groups.is_empty() {
        println!();
        print_routing(&ChangeRouting {
            kind: summary.kind.clone(),
            groups: detail.groups.clone(),
            urgent: Vec::new(),
            out_of_hours: Vec::new(),
            later: Vec::new(),
        });
    }
    println!();
    println!("timeline:");
    for entry in &detail.timeline {
        println!("  {}  {}", entry.at_local, entry.text);
    }
}

fn handles(list: Option<String>) -> Vec<String> {
    list.map(|list| crate::parse::comma_list(&list))
        .unwrap_or_default()
}

pub fn run(meridian: &mut Meridian, action: CrAction) -> Result<(), Error> {
    let (detail, json) = match action {
        CrAction::New {
            title,
            kind,
            systems,
            what,
            why,
            tested,
            results,
            consequence,
            rollback,
            window_start,
            window_end,
            justification,
            template,
            json,
        } => (
            meridian.file_change(&ChangeInput {
                title,
                kind,
                what,
                why,
                systems,
                tested,
                results_url: results,
                consequence,
                rollback,
                window_start,
                window_end,
                justification,
                template,
            })?,
            json,
        ),
        CrAction::Approve { id, json } => (meridian.approve_change(&id)?, json),
        CrAction::Decline { id, reason, json } => (meridian.decline_change(&id, &reason)?, json),
        CrAction::Withdraw { id, json } => (meridian.withdraw_change(&id)?, json),
        CrAction::Review { id, note, json } => (meridian.review_change(&id, &note)?, json),
        CrAction::Show { id, json } => (meridian.change(&id)?, json),
        CrAction::List { pending, json } => {
            let list = meridian.changes(pending)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!(
                    "No change requests. File one with `meridian cr new --title T --system NAME`."
                );
            }
            for change in list {
                let mine = if change.waiting_on_me {
                    " · waiting on you"
                } else {
                    ""
                };
                println!(
                    "{}  [{} · {}] {}{}{mine}",
                    change.id,
                    change.kind,
                    change.status,
                    change.title,
                    change
                        .time_to_approval
                        .map(|time| format!(" · {time}"))
                        .unwrap_or_default()
                );
            }
            return Ok(());
        }
        CrAction::Who {
            kind,
            systems,
            json,
        } => {
            let routing = meridian.change_routing(&kind, &systems)?;
            if json {
                return print_json(&routing);
            }
            print_routing(&routing);
            if routing.kind == "emergency" {
                let names = |people: &[meridian::model::PersonRef]| {
                    people
                        .iter()
                        .map(|p| format!("@{}", p.handle))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                println!("urgent now: {}", names(&routing.urgent));
                if !routing.out_of_hours.is_empty() {
                    println!(
                        "of them paged out of hours (nobody in their group is working): {}",
                        names(&routing.out_of_hours)
                    );
                }
                println!("later:      {}", names(&routing.later));
            }
            return Ok(());
        }
        CrAction::Rule {
            system,
            group,
            approvers,
            required,
            json,
        } => {
            let (Some(system), Some(group)) = (system, group) else {
                let rules = meridian.change_rules()?;
                if json {
                    return print_json(&rules);
                }
                if rules.is_empty() {
                    println!("No rules. Add one with `meridian cr rule --system NAME --group NAME --approvers @a,@b`.");
                }
                for rule in rules {
                    let names: Vec<String> = rule
                        .approvers
                        .iter()
                        .map(|p| format!("@{}", p.handle))
                        .collect();
                    println!(
                        "{}  {} · {} needs {} of {}",
                        rule.id,
                        rule.system,
                        rule.group,
                        rule.required,
                        names.join(", ")
                    );
                }
                return Ok(());
            };
            let rule = meridian.set_change_rule(&ChangeRuleInput {
                system,
                group,
                approvers: handles(approvers),
                required,
            })?;
            if json {
                return print_json(&rule);
            }
            println!(
                "Rule {} · {} · {} needs {}",
                rule.id, rule.system, rule.group, rule.required
            );
            return Ok(());
        }
        CrAction::RuleRemove {
            system,
            group,
            json,
        } => {
            let rule = meridian.remove_change_rule(&system, &group)?;
            if json {
                return print_json(&rule);
            }
            println!(
                "Removed {} · {}: changes filed from now on no longer need it.",
                rule.system, rule.group
            );
            return Ok(());
        }
        CrAction::Template {
            name,
            system,
            what,
            why,
            rollback,
            results,
            json,
        } => {
            let Some(name) = name else {
                let templates = meridian.change_templates()?;
                if json {
                    return print_json(&templates);
                }
                for template in templates {
                    println!(
                        "{}  {} · {} — {}",
                        template.id, template.name, template.system, template.what
                    );
                }
                return Ok(());
            };
            let template = meridian.save_change_template(&ChangeTemplate {
                id: String::new(),
                name,
                system: system.unwrap_or_default(),
                what,
                why,
                rollback,
                results_url: results,
            })?;
            if json {
                return print_json(&template);
            }
            println!("Template {} · {}", template.id, template.name);
            return Ok(());
        }
    };
    if json {
        return print_json(&detail);
    }
    print_change(&detail);
    Ok(())
}
