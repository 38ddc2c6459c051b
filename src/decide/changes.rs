//! Change requests, as seed teams run their change board without a meeting: the form asks
//! what a CAB asked; rules per system add approver groups that each need N approvals; the
//! requester never approves their own; one decline declines. A normal change reaches its
//! approvers' inboxes at once (and their next batch); an emergency goes out urgently to the
//! approvers who are working right now, proceeds on one approval per group and asks for a
//! post-hoc review within two working days. Every change has a timeline and a time to
//! approval.

use super::{
    duration_words, given, local_label, member_ids, optional_note, parse_when, person_or_id,
    zone_of, NOTE_MAX,
};
use crate::base::events::CoreEvent;
use crate::base::model::{
    ApproverGroupView, ApproverView, ChangeDetail, ChangeInput, ChangeRouting, ChangeRule,
    ChangeRuleInput, ChangeSummary, ChangeTemplate, Member, TimelineEntry, WeeklyHours,
};
use crate::base::{Error, Result};
use crate::content::{self, checked_title, new_id, People};
use crate::log::ops::{format_instant, parse_instant, ApproverGroupV1, OpPayload};
use crate::log::Ctx;
use crate::time::MemberRules;
use crate::{people, team, time};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::OptionalExtension;
use std::collections::{HashMap, HashSet};

/// The kinds of change.
pub const KINDS: [&str; 3] = ["standard", "normal", "emergency"];
/// The longest text answer of the form, in characters.
const ANSWER_MAX: usize = 5_000;
/// Working days the requester has for the post-hoc review of an emergency change.
const REVIEW_WORKING_DAYS: usize = 2;

fn system_name(raw: &str) -> String {
    raw.trim().to_lowercase()
}

fn group_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(Error::invalid(
            "group",
            "Name the approver group in 1 to 60 characters, such as “DB owners”.",
        ));
    }
    Ok(name.to_owned())
}

// ---------------------------------------------------------------- rules and templates

/// A rule row: (id, system, group, approver ids, required).
type RuleRow = (String, String, String, Vec<String>, u32);

fn rule_rows(cx: &Ctx) -> Result<Vec<RuleRow>> {
    let mut statement = cx.store.conn().prepare_cached(
        "SELECT id, system, group_name, approvers, required FROM change_rules
         WHERE rule_lww != '' AND archived = 0 ORDER BY system, group_name, id",
    )?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, u32>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, system, group, approvers, required)| {
            Ok((
                id,
                system,
                group,
                serde_json::from_str(&approvers)?,
                required,
            ))
        })
        .collect()
}

/// Approver group rules, by system.
pub(crate) fn change_rules(cx: &Ctx) -> Result<Vec<ChangeRule>> {
    let people = People::load(cx)?;
    Ok(rule_rows(cx)?
        .into_iter()
        .map(|(id, system, group, approvers, required)| ChangeRule {
            id,
            system,
            group,
            approvers: approvers
                .iter()
                .map(|id| person_or_id(&people, id))
                .collect(),
            required,
        })
        .collect())
}

/// Adds a system's approver group, or replaces the group of that name.
pub(crate) fn set_change_rule(cx: &mut Ctx, input: &ChangeRuleInput) -> Result<ChangeRule> {
    people::require_me(cx)?;
    let people = People::load(cx)?;
    let system = system_name(&input.system);
    if system.is_empty() {
        return Err(Error::invalid(
            "system",
            "Name the system this rule covers, such as “payments”.",
        ));
    }
    let group = group_name(&input.group)?;
    let approvers = member_ids(&people, "approvers", &input.approvers)?;
    if approvers.is_empty() {
        return Err(Error::invalid(
            "approvers",
            "An approver group needs at least one approver: list their @handles.",
        ));
    }
    let required = input.required.max(1);
    if required as usize > approvers.len() {
        return Err(Error::invalid(
            "required",
            format!(
                "The group needs {required} approvals but has {} approvers; lower the number or add approvers.",
                approvers.len()
            ),
        ));
    }
    let existing = rule_rows(cx)?
        .into_iter()
        .find(|(_, s, g, _, _)| *s == system && g.eq_ignore_ascii_case(&group));
    if let Some((_, _, _, known, known_required)) = &existing {
        if *known == approvers && *known_required == required {
            return Err(Error::Conflict(
                "That rule is in place already; nothing changed.".into(),
            ));
        }
    }
    let rule_id = existing.map_or_else(new_id, |(id, ..)| id);
    cx.store.append(
        cx.now(),
        vec![OpPayload::ChangeRuleSet {
            rule_id: rule_id.clone(),
            system,
            group_name: group,
            approvers,
            required,
            archived: false,
        }],
    )?;
    cx.emit(CoreEvent::DecisionsChanged);
    change_rules(cx)?
        .into_iter()
        .find(|rule| rule.id == rule_id)
        .ok_or_else(|| Error::Storage("the rule just written is missing".into()))
}

/// Removes a system's approver group: changes filed from now on no longer need it. The rule
/// is archived, not deleted, and changes already filed keep the groups they were filed with.
pub(crate) fn remove_change_rule(cx: &mut Ctx, system: &str, group: &str) -> Result<ChangeRule> {
    people::require_me(cx)?;
    let system = system_name(system);
    let group = group.trim();
    let Some((rule_id, system, group_name, approvers, required)) = rule_rows(cx)?
        .into_iter()
        .find(|(_, s, g, _, _)| *s == system && g.eq_ignore_ascii_case(group))
    else {
        return Err(Error::NotFound(format!(
            "No rule gives {system:?} the approver group {group:?}; `meridian cr rule` lists the rules."
        )));
    };
    let removed = change_rules(cx)?
        .into_iter()
        .find(|rule| rule.id == rule_id)
        .ok_or_else(|| Error::Storage("the rule just read is missing".into()))?;
    cx.store.append(
        cx.now(),
        vec![OpPayload::ChangeRuleSet {
            rule_id,
            system,
            group_name,
            approvers,
            required,
            archived: true,
        }],
    )?;
    cx.emit(CoreEvent::DecisionsChanged);
    Ok(removed)
}

/// Pre-approved standard changes by name.
pub(crate) fn change_templates(cx: &Ctx) -> Result<Vec<ChangeTemplate>> {
    let mut statement = cx.store.conn().prepare_cached(
        "SELECT id, name, system, what, why, rollback, results_url FROM change_templates
         WHERE template_lww != '' ORDER BY name, id",
    )?;
    let rows = statement
        .query_map([], |row| {
            Ok(ChangeTemplate {
                id: row.get(0)?,
                name: row.get(1)?,
                system: row.get(2)?,
                what: row.get(3)?,
                why: row.get(4)?,
                rollback: row.get(5)?,
                results_url: row.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn checked_url(field: &'static str, raw: Option<&str>) -> Result<Option<String>> {
    let Some(url) = raw.map(str::trim).filter(|url| !url.is_empty()) else {
        return Ok(None);
    };
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(Error::invalid(
            field,
            format!(
                "“{url}” is not a link; give the test results' address, starting with https://."
            ),
        ));
    }
    Ok(Some(url.to_owned()))
}

fn answer(field: &'static str, raw: &str) -> Result<String> {
    Ok(optional_note(field, Some(raw), ANSWER_MAX)?.unwrap_or_default())
}

/// Saves a pre-approved standard change (a template of the same name is replaced).
pub(crate) fn save_change_template(cx: &mut Ctx, input: &ChangeTemplate) -> Result<ChangeTemplate> {
    people::require_me(cx)?;
    let name = checked_title("name", &input.name)?;
    let system = system_name(&input.system);
    if system.is_empty() {
        return Err(Error::invalid(
            "system",
            "Name the system the standard change is for, such as “payments”.",
        ));
    }
    let what = answer("what", &input.what)?;
    if what.is_empty() {
        return Err(Error::invalid(
            "what",
            "Say what the standard change does, so approvers can pre-approve exactly that.",
        ));
    }
    let template_id = change_templates(cx)?
        .into_iter()
        .find(|t| t.name.eq_ignore_ascii_case(&name))
        .map_or_else(new_id, |t| t.id);
    cx.store.append(
        cx.now(),
        vec![OpPayload::ChangeTemplateSaved {
            template_id: template_id.clone(),
            name,
            system,
            what,
            why: answer("why", &input.why)?,
            rollback: answer("rollback", &input.rollback)?,
            results_url: checked_url("results_url", input.results_url.as_deref())?,
        }],
    )?;
    cx.emit(CoreEvent::DecisionsChanged);
    change_templates(cx)?
        .into_iter()
        .find(|t| t.id == template_id)
        .ok_or_else(|| Error::Storage("the template just written is missing".into()))
}

// ---------------------------------------------------------------- routing

/// The approver groups the rules give these systems, without the requester. A system with
/// no rule, or a group with nobody besides the requester, is refused: nobody could approve.
fn groups_for(
    cx: &Ctx,
    people: &People,
    kind: &str,
    systems: &[String],
    requester_id: &str,
) -> Result<Vec<ApproverGroupV1>> {
    let rules = rule_rows(cx)?;
    let mut groups = Vec::new();
    for system in systems {
        let mut any = false;
        for (_, rule_system, group, approvers, required) in &rules {
            if rule_system != system {
                continue;
            }
            any = true;
            let eligible: Vec<String> = approvers
                .iter()
                .filter(|id| *id != requester_id && people.member(id).is_some())
                .cloned()
                .collect();
            let required = if kind == "emergency" { 1 } else { *required };
            if eligible.is_empty() {
                return Err(Error::invalid(
                    "systems",
                    format!(
                        "The group “{group}” of {system} has no approver besides you, and a requester never approves their own change; add an approver with `meridian cr rule --system {system} --group \"{group}\" --approvers @someone`."
                    ),
                ));
            }
            if eligible.len() < required as usize {
                return Err(Error::invalid(
                    "systems",
                    format!(
                        "The group “{group}” of {system} needs {required} approvals but has only {} approvers besides you; add approvers or lower what it needs.",
                        eligible.len()
                    ),
                ));
            }
            groups.push(ApproverGroupV1 {
                name: group.clone(),
                system: system.clone(),
                approvers: eligible,
                required,
            });
        }
        if !any {
            return Err(Error::invalid(
                "systems",
                format!(
                    "No rule names approvers for “{system}”; add one with `meridian cr rule --system {system} --group NAME --approvers @a,@b`."
                ),
            ));
        }
    }
    Ok(groups)
}

/// Each approver's availability now: the picker's local time, status and "working".
fn approver_views(
    cx: &Ctx,
    people: &People,
    groups: &[ApproverGroupV1],
    now: DateTime<Utc>,
) -> Result<HashMap<String, ApproverView>> {
    let mut ids: Vec<&String> = groups.iter().flat_map(|group| &group.approvers).collect();
    ids.sort();
    ids.dedup();
    let members: Vec<Member> = ids
        .iter()
        .filter_map(|id| people.member(id).cloned())
        .collect();
    let rules: HashMap<String, MemberRules> = team::all_rules(cx, &members)?;
    let mut views = HashMap::with_capacity(members.len());
    // Someone with only a zone and weekly hours (no zone move, time off, focus or status of
    // their own) is as available as anyone else with the same zone and hours: a large team
    // has a few dozen such pairs, so each pair's zone maths is done once, not per approver.
    let mut plain: Vec<((Tz, &WeeklyHours), ApproverView)> = Vec::new();
    for member in &members {
        let Some(rules) = rules.get(&member.id) else {
            continue;
        };
        let is_plain = rules.zone_changes.is_empty()
            && rules.time_off.is_empty()
            && rules.focus_blocks.is_empty()
            && rules.focus_sessions.is_empty()
            && rules.manual.is_none();
        let known = is_plain
            .then(|| {
                plain
                    .iter()
                    .find(|((zone, hours), _)| *zone == rules.zone && **hours == rules.hours)
            })
            .flatten();
        let view = match known {
            Some((_, view)) => ApproverView {
                person: content::person_ref(member),
                ..view.clone()
            },
            None => {
                let view = availability_view(member, rules, now);
                if is_plain {
                    plain.push(((rules.zone, &rules.hours), view.clone()));
                }
                view
            }
        };
        views.insert(member.id.clone(), view);
    }
    Ok(views)
}

/// One approver's local time, status and "working" now, from their rules.
fn availability_view(member: &Member, rules: &MemberRules, now: DateTime<Utc>) -> ApproverView {
    let zone = rules.zone_at(now);
    // One timeline serves both the status and "in working hours now".
    let (status, timeline) = rules.status_and_timeline(now, None);
    let working = timeline
        .working
        .iter()
        .any(|interval| interval.start <= now && now < interval.end);
    let local = now.with_timezone(&zone);
    let today = local.date_naive();
    let time_off = rules
        .time_off
        .iter()
        .any(|&(first, last)| first <= today && today <= last);
    ApproverView {
        person: content::person_ref(member),
        local_time: format!("{} {}", time::hhmm(&local), time::weekday_short(&local)),
        time_zone: zone.name().to_owned(),
        status: team::status_text(status.kind, status.until, zone, now),
        working,
        time_off,
        urgent: false,
        response: None,
    }
}

/// Whom an emergency reaches, each approver once, in group order.
#[derive(Debug, Default)]
struct Reach {
    /// Urgently now: the approvers working now, and those paged out of hours.
    urgent: Vec<String>,
    /// Of `urgent`, those outside their working hours: nobody in one of their groups is
    /// working now, and they are not on time off.
    out_of_hours: Vec<String>,
    /// In their inbox and next batch.
    later: Vec<String>,
}

/// Who gets an emergency urgently and who later. A group with nobody working now would hold
/// the change until someone in it wakes up, so its approvers who are not on time off are paged
/// out of hours; a group whose approvers are all on time off can only be reached later.
fn reach(groups: &[ApproverGroupV1], views: &HashMap<String, ApproverView>) -> Reach {
    let working = |id: &String| views.get(id).is_some_and(|view| view.working);
    let mut paged: HashSet<&str> = HashSet::new();
    for group in groups {
        if !group.approvers.iter().any(working) {
            paged.extend(
                group
                    .approvers
                    .iter()
                    .filter(|id| views.get(*id).is_some_and(|view| !view.time_off))
                    .map(String::as_str),
            );
        }
    }
    let mut reach = Reach::default();
    // A set, not a search of the lists: an approver in several groups is listed once, and
    // with hundreds of approvers the searches were quadratic.
    let mut seen: HashSet<&str> = HashSet::with_capacity(views.len());
    for id in groups.iter().flat_map(|group| &group.approvers) {
        if !seen.insert(id.as_str()) {
            continue;
        }
        if working(id) {
            reach.urgent.push(id.clone());
        } else if paged.contains(id.as_str()) {
            reach.urgent.push(id.clone());
            reach.out_of_hours.push(id.clone());
        } else {
            reach.later.push(id.clone());
        }
    }
    reach
}

fn group_views(
    groups: &[ApproverGroupV1],
    views: &HashMap<String, ApproverView>,
    people: &People,
    responses: &[ResponseRow],
    urgent: &[String],
) -> Vec<ApproverGroupView> {
    groups
        .iter()
        .map(|group| {
            let approvers: Vec<ApproverView> = group
                .approvers
                .iter()
                .map(|id| {
                    let mut view = views.get(id).cloned().unwrap_or_else(|| ApproverView {
                        person: person_or_id(people, id),
                        local_time: String::new(),
                        time_zone: String::new(),
                        status: "Unknown".to_owned(),
                        working: false,
                        time_off: false,
                        urgent: false,
                        response: None,
                    });
                    view.urgent = urgent.contains(id);
                    view.response = responses
                        .iter()
                        .find(|response| response.member_id == *id)
                        .map(|response| {
                            if response.approve {
                                "approved"
                            } else {
                                "declined"
                            }
                            .to_owned()
                        });
                    view
                })
                .collect();
            ApproverGroupView {
                name: group.name.clone(),
                system: group.system.clone(),
                required: group.required,
                approvals: approvers
                    .iter()
                    .filter(|view| view.response.as_deref() == Some("approved"))
                    .count() as u32,
                approvers,
            }
        })
        .collect()
}

fn checked_kind(raw: &str) -> Result<&'static str> {
    let raw = raw.trim().to_lowercase();
    KINDS
        .iter()
        .find(|kind| **kind == raw)
        .copied()
        .ok_or_else(|| {
            Error::invalid(
                "kind",
                format!("“{raw}” is not a kind of change; use standard, normal or emergency."),
            )
        })
}

fn checked_systems(systems: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for system in systems
        .iter()
        .flat_map(|list| list.split(','))
        .map(system_name)
    {
        if !system.is_empty() && !out.contains(&system) {
            out.push(system);
        }
    }
    if out.is_empty() {
        return Err(Error::invalid(
            "systems",
            "Name the systems the change affects, such as payments; the rules of each add its approvers.",
        ));
    }
    Ok(out)
}

/// Who must approve a change to these systems, and who of them is working now: what the
/// form's picker shows before filing.
pub(crate) fn change_routing(cx: &Ctx, kind: &str, systems: &[String]) -> Result<ChangeRouting> {
    let me = people::require_me(cx)?;
    let people = People::load(cx)?;
    let kind = checked_kind(kind)?;
    let systems = checked_systems(systems)?;
    if kind == "standard" {
        return Ok(ChangeRouting {
            kind: kind.to_owned(),
            groups: Vec::new(),
            urgent: Vec::new(),
            out_of_hours: Vec::new(),
            later: Vec::new(),
        });
    }
    let groups = groups_for(cx, &people, kind, &systems, &me.id)?;
    routing_of(cx, &people, kind, &groups, cx.now())
}

fn routing_of(
    cx: &Ctx,
    people: &People,
    kind: &str,
    groups: &[ApproverGroupV1],
    now: DateTime<Utc>,
) -> Result<ChangeRouting> {
    let views = approver_views(cx, people, groups, now)?;
    let mut reach = reach(groups, &views);
    if kind != "emergency" {
        // Everyone gets it in their inbox; nobody is paged.
        reach = Reach {
            later: [reach.urgent, reach.later].concat(),
            ..Reach::default()
        };
    }
    let refs = |ids: &[String]| ids.iter().map(|id| person_or_id(people, id)).collect();
    Ok(ChangeRouting {
        kind: kind.to_owned(),
        groups: group_views(groups, &views, people, &[], &reach.urgent),
        urgent: refs(&reach.urgent),
        out_of_hours: refs(&reach.out_of_hours),
        later: refs(&reach.later),
    })
}

// ---------------------------------------------------------------- filing and answering

/// Files a change request: validates the whole form, adds the approver groups its systems'
/// rules name, and notifies the approvers (urgently, for an emergency, those working now).
pub(crate) fn file_change(cx: &mut Ctx, input: &ChangeInput) -> Result<ChangeDetail> {
    let me = people::require_me(cx)?;
    let people = People::load(cx)?;
    let now = cx.now();
    let zone = zone_of(&me);
    let kind = checked_kind(&input.kind)?;
    let title = checked_title("title", &input.title)?;
    let template = match (kind, given(&input.template)) {
        ("standard", None) => {
            return Err(Error::invalid(
                "template",
                "A standard change comes from a pre-approved template: name it; `meridian cr templates` lists them.",
            ))
        }
        ("standard", Some(name)) => Some(
            change_templates(cx)?
                .into_iter()
                .find(|t| t.id == name || t.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    Error::invalid(
                        "template",
                        format!("There is no standard-change template “{name}”; `meridian cr templates` lists them."),
                    )
                })?,
        ),
        (_, Some(_)) => {
            return Err(Error::invalid(
                "template",
                "Only a standard change comes from a template; drop --template or use --type standard.",
            ))
        }
        (_, None) => None,
    };
    let pick = |given: &str, from_template: Option<&String>| {
        if given.trim().is_empty() {
            from_template.cloned().unwrap_or_default()
        } else {
            given.to_owned()
        }
    };
    let what = answer(
        "what",
        &pick(&input.what, template.as_ref().map(|t| &t.what)),
    )?;
    let why = answer("why", &pick(&input.why, template.as_ref().map(|t| &t.why)))?;
    let rollback = answer(
        "rollback",
        &pick(&input.rollback, template.as_ref().map(|t| &t.rollback)),
    )?;
    let consequence = answer("consequence", &input.consequence)?;
    let systems = match (&template, input.systems.is_empty()) {
        (Some(template), true) => vec![template.system.clone()],
        _ => checked_systems(&input.systems)?,
    };
    let results_given = input
        .results_url
        .clone()
        .or_else(|| template.as_ref().and_then(|t| t.results_url.clone()));
    let results_url = checked_url("results_url", results_given.as_deref())?;
    if input.tested && results_url.is_none() {
        return Err(Error::invalid(
            "results_url",
            "You said it was tested: link the test results, or leave “tested” off.",
        ));
    }
    let justification = optional_note("justification", input.justification.as_deref(), NOTE_MAX)?;
    if kind == "emergency" && justification.is_none() {
        return Err(Error::invalid(
            "justification",
            "An emergency change needs a justification: say why it cannot wait for the normal approvals.",
        ));
    }
    let window = |field: &'static str, raw: &Option<String>| -> Result<Option<DateTime<Utc>>> {
        raw.as_deref()
            .map(str::trim)
            .filter(|raw| !raw.is_empty())
            .map(|raw| parse_when(field, raw, zone, NaiveTime::MIN))
            .transpose()
    };
    let window_start = window("window_start", &input.window_start)?;
    let window_end = window("window_end", &input.window_end)?;
    if let (Some(start), Some(end)) = (window_start, window_end) {
        if end <= start {
            return Err(Error::invalid(
                "window_end",
                "The window ends before it starts; give an end after the start.",
            ));
        }
    }
    let groups = if kind == "standard" {
        Vec::new()
    } else {
        groups_for(cx, &people, kind, &systems, &me.id)?
    };
    let views = approver_views(cx, &people, &groups, now)?;
    let reach = reach(&groups, &views);
    let urgent_to = if kind == "emergency" {
        reach.urgent.clone()
    } else {
        Vec::new()
    };
    let stamp = format_instant(now);
    let cr_id = new_id();
    let mut payloads = vec![OpPayload::ChangeRequested {
        cr_id: cr_id.clone(),
        requester_id: me.id.clone(),
        kind: kind.to_owned(),
        title: title.clone(),
        what: what.clone(),
        why,
        systems: systems.clone(),
        tested: input.tested,
        results_url,
        consequence,
        rollback,
        window_start: window_start.map(format_instant),
        window_end: window_end.map(format_instant),
        justification: justification.clone(),
        template_id: template.as_ref().map(|t| t.id.clone()),
        groups: groups.clone(),
        urgent_to: urgent_to.clone(),
        filed_at: stamp.clone(),
    }];
    let body = justification.clone().unwrap_or_else(|| what.clone());
    for id in reach.urgent.iter().chain(&reach.later) {
        let urgent = urgent_to.contains(id);
        let group_names: Vec<&str> = groups
            .iter()
            .filter(|group| group.approvers.contains(id))
            .map(|group| group.name.as_str())
            .collect();
        let title = if reach.out_of_hours.contains(id) {
            format!(
                "Urgent, out of hours (no one in one of your approver groups is working): an emergency change needs approval: “{title}” ({})",
                group_names.join(", ")
            )
        } else if urgent {
            format!(
                "Urgent approval for an emergency change: “{title}” ({})",
                group_names.join(", ")
            )
        } else {
            format!("Approval requested: “{title}” ({})", group_names.join(", "))
        };
        let mut payload = content::notification(id, &me, "approval_request", title, &body, &stamp);
        if let OpPayload::NotificationQueued { urgent: flag, .. } = &mut payload {
            *flag = urgent;
        }
        payloads.push(payload);
    }
    cx.store.append(now, payloads)?;
    cx.emit(CoreEvent::DecisionsChanged);
    cx.emit(CoreEvent::InboxChanged);
    change_detail(cx, &cr_id)
}

/// A change row as stored.
struct ChangeRow {
    id: String,
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
    filed_at: DateTime<Utc>,
    withdrawn_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    review_note: Option<String>,
    reviewed_at: Option<String>,
}

#[derive(Debug, Clone)]
struct ResponseRow {
    member_id: String,
    approve: bool,
    reason: Option<String>,
    at: DateTime<Utc>,
}

const CHANGE_COLUMNS: &str = "id, requester_id, kind, title, what, why, systems, tested,
    results_url, consequence, rollback, window_start, window_end, justification, template_id,
    groups, urgent_to, filed_at, withdrawn_at, reviewed_by, review_note, reviewed_at";

/// A stored value that cannot be decoded, as rusqlite reports it.
fn undecodable(
    index: usize,
    err: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err))
}

fn read_change(row: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeRow> {
    let text = |index: usize| -> rusqlite::Result<String> {
        Ok(row.get::<_, Option<String>>(index)?.unwrap_or_default())
    };
    let json = |index: usize| -> rusqlite::Result<String> { row.get(index) };
    let instant = |index: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        row.get::<_, Option<String>>(index)?
            .map(|at| parse_instant(&at).map_err(|err| undecodable(index, err)))
            .transpose()
    };
    Ok(ChangeRow {
        id: row.get(0)?,
        requester_id: row.get(1)?,
        kind: row.get(2)?,
        title: row.get(3)?,
        what: text(4)?,
        why: text(5)?,
        systems: serde_json::from_str(&json(6)?).map_err(|err| undecodable(6, err))?,
        tested: row.get(7)?,
        results_url: row.get(8)?,
        consequence: text(9)?,
        rollback: text(10)?,
        window_start: row.get(11)?,
        window_end: row.get(12)?,
        justification: row.get(13)?,
        template_id: row.get(14)?,
        groups: serde_json::from_str(&json(15)?).map_err(|err| undecodable(15, err))?,
        urgent_to: serde_json::from_str(&json(16)?).map_err(|err| undecodable(16, err))?,
        filed_at: instant(17)?.ok_or(rusqlite::Error::InvalidColumnType(
            17,
            "filed_at".into(),
            rusqlite::types::Type::Null,
        ))?,
        withdrawn_at: instant(18)?,
        reviewed_by: row.get(19)?,
        review_note: row.get(20)?,
        reviewed_at: row.get(21)?,
    })
}

fn change_row(cx: &Ctx, id: &str) -> Result<ChangeRow> {
    change_row_in(cx.store.conn(), id)
}

fn change_row_in(conn: &rusqlite::Connection, id: &str) -> Result<ChangeRow> {
    let raw = conn
        .query_row(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM change_requests WHERE id = ?1 AND created_lww != ''"
            ),
            [id.trim()],
            read_change,
        )
        .optional()?;
    match raw {
        Some(change) => Ok(change),
        None => Err(Error::NotFound(format!(
            "There is no change request {id}; `meridian cr list` shows their ids."
        ))),
    }
}

fn responses(cx: &Ctx, cr_id: &str) -> Result<Vec<ResponseRow>> {
    responses_in(cx.store.conn(), cr_id)
}

fn responses_in(conn: &rusqlite::Connection, cr_id: &str) -> Result<Vec<ResponseRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT member_id, approve, reason, at FROM change_responses
         WHERE cr_id = ?1 AND created_lww != '' ORDER BY at, id",
    )?;
    let rows = statement
        .query_map([cr_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, bool>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(member_id, approve, reason, at)| {
            Ok(ResponseRow {
                member_id,
                approve,
                reason,
                at: parse_instant(&at)?,
            })
        })
        .collect()
}

/// Where a change stands, decided from its responses in time order (so every replica agrees
/// whatever order they arrived in): the first decline declines; approvals count for every
/// group the approver is in; once each group has what it needs, it is approved.
#[derive(Debug, Clone, PartialEq)]
enum State {
    Pending,
    Approved(DateTime<Utc>),
    Declined(DateTime<Utc>),
    Withdrawn(DateTime<Utc>),
}

/// The state and the responses that counted (one per approver, before the change settled).
fn state_of(change: &ChangeRow, all: &[ResponseRow]) -> (State, Vec<ResponseRow>) {
    if change.kind == "standard" {
        return (State::Approved(change.filed_at), Vec::new());
    }
    let mut counted: Vec<ResponseRow> = Vec::new();
    let mut approvals = vec![0u32; change.groups.len()];
    for response in all {
        if change.withdrawn_at.is_some_and(|at| at <= response.at) {
            break;
        }
        let eligible = response.member_id != change.requester_id
            && change
                .groups
                .iter()
                .any(|group| group.approvers.contains(&response.member_id));
        if !eligible
            || counted
                .iter()
                .any(|seen| seen.member_id == response.member_id)
        {
            continue;
        }
        counted.push(response.clone());
        if !response.approve {
            return (State::Declined(response.at), counted);
        }
        for (index, group) in change.groups.iter().enumerate() {
            if group.approvers.contains(&response.member_id) {
                approvals[index] += 1;
            }
        }
        if change
            .groups
            .iter()
            .zip(&approvals)
            .all(|(group, count)| *count >= group.required)
        {
            return (State::Approved(response.at), counted);
        }
    }
    match change.withdrawn_at {
        Some(at) => (State::Withdrawn(at), counted),
        None => (State::Pending, counted),
    }
}

/// The end of the requester's second working day after approval: when the post-hoc review
/// of an emergency change is due.
fn review_due(rules: &MemberRules, approved_at: DateTime<Utc>) -> DateTime<Utc> {
    let zone = rules.zone_at(approved_at);
    let today = approved_at.with_timezone(&zone).date_naive();
    let mut days: Vec<(chrono::NaiveDate, DateTime<Utc>)> = Vec::new();
    for interval in rules.working_between(approved_at, approved_at + Duration::days(21)) {
        let day = interval.start.with_timezone(&zone).date_naive();
        if day == today {
            continue;
        }
        match days.iter_mut().find(|(known, _)| *known == day) {
            Some((_, end)) => *end = (*end).max(interval.end),
            None => days.push((day, interval.end)),
        }
    }
    days.get(REVIEW_WORKING_DAYS - 1)
        .map(|(_, end)| *end)
        .unwrap_or(approved_at + Duration::days(REVIEW_WORKING_DAYS as i64))
}

fn status_word(state: &State) -> &'static str {
    match state {
        State::Pending => "pending",
        State::Approved(_) => "approved",
        State::Declined(_) => "declined",
        State::Withdrawn(_) => "withdrawn",
    }
}

fn summary_of(
    change: &ChangeRow,
    state: &State,
    counted: &[ResponseRow],
    people: &People,
    me: &Member,
) -> ChangeSummary {
    let approved_at = match state {
        State::Approved(at) => Some(*at),
        _ => None,
    };
    ChangeSummary {
        id: change.id.clone(),
        title: change.title.clone(),
        kind: change.kind.clone(),
        status: status_word(state).to_owned(),
        requester: Some(person_or_id(people, &change.requester_id)),
        systems: change.systems.clone(),
        filed_at: format_instant(change.filed_at),
        approved_at: approved_at.map(format_instant),
        time_to_approval: approved_at
            .map(|at| format!("approved in {}", duration_words(at - change.filed_at))),
        waiting_on_me: *state == State::Pending
            && change
                .groups
                .iter()
                .any(|group| group.approvers.contains(&me.id))
            && !counted.iter().any(|response| response.member_id == me.id),
    }
}

/// Changes newest first; `pending_only` keeps those still waiting for approval.
pub(crate) fn changes(cx: &Ctx, pending_only: bool) -> Result<Vec<ChangeSummary>> {
    let me = people::require_me(cx)?;
    let people = People::load(cx)?;
    let mut statement = cx.store.conn().prepare_cached(&format!(
        "SELECT {CHANGE_COLUMNS} FROM change_requests WHERE created_lww != '' ORDER BY filed_at DESC, id DESC"
    ))?;
    let raws = statement
        .query_map([], read_change)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for change in raws {
        let (state, counted) = state_of(&change, &responses(cx, &change.id)?);
        if pending_only && state != State::Pending {
            continue;
        }
        out.push(summary_of(&change, &state, &counted, &people, &me));
    }
    Ok(out)
}

fn handles(people: &People, ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("@{}", person_or_id(people, id).handle))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A change with its form, groups and timeline.
pub(crate) fn change_detail(cx: &Ctx, cr_id: &str) -> Result<ChangeDetail> {
    let me = people::require_me(cx)?;
    let people = People::load(cx)?;
    let change = change_row(cx, cr_id)?;
    let all = responses(cx, &change.id)?;
    let (state, counted) = state_of(&change, &all);
    let now = cx.now();
    let zone = zone_of(&me);
    let at = |instant: DateTime<Utc>, text: String| TimelineEntry {
        at: format_instant(instant),
        at_local: local_label(instant, zone, now),
        text,
    };
    let requester = person_or_id(&people, &change.requester_id);
    let template = match &change.template_id {
        Some(id) => change_templates(cx)?
            .into_iter()
            .find(|t| t.id == *id)
            .map(|t| t.name),
        None => None,
    };
    let mut timeline = vec![at(
        change.filed_at,
        format!(
            "@{} filed {} change",
            requester.handle,
            article(&change.kind)
        ),
    )];
    let everyone: Vec<String> = {
        let mut ids: Vec<String> = Vec::new();
        for id in change.groups.iter().flat_map(|group| &group.approvers) {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    };
    match change.kind.as_str() {
        "standard" => timeline.push(at(
            change.filed_at,
            format!(
                "Pre-approved: a standard change from the template “{}”",
                template.clone().unwrap_or_else(|| "?".into())
            ),
        )),
        "emergency" => {
            let later: Vec<String> = everyone
                .iter()
                .filter(|id| !change.urgent_to.contains(id))
                .cloned()
                .collect();
            // Who was paged out of hours is read from their hours at filing, as routing did.
            let then = approver_views(cx, &people, &change.groups, change.filed_at)?;
            let (working, paged): (Vec<String>, Vec<String>) = change
                .urgent_to
                .iter()
                .cloned()
                .partition(|id| then.get(id).is_some_and(|view| view.working));
            let urgent_text = format!("Urgent to {} (working now)", handles(&people, &working));
            let paged_text = |verb: &str| {
                format!(
                    "{verb} {} out of hours (nobody in their group was working)",
                    handles(&people, &paged)
                )
            };
            let mut text = match (working.is_empty(), paged.is_empty()) {
                (true, true) => {
                    "Nobody who approves could be reached now; sent to every approver's inbox"
                        .to_owned()
                }
                (true, false) => paged_text("Paged"),
                (false, true) => urgent_text,
                (false, false) => format!("{urgent_text}; {}", paged_text("paged")),
            };
            if !later.is_empty() && !change.urgent_to.is_empty() {
                text.push_str(&format!(
                    "; {} get it in their inbox",
                    handles(&people, &later)
                ));
            }
            timeline.push(at(change.filed_at, text));
        }
        _ => timeline.push(at(
            change.filed_at,
            format!("Sent to the inboxes of {}", handles(&people, &everyone)),
        )),
    }
    for response in &counted {
        let who = person_or_id(&people, &response.member_id);
        let groups: Vec<&str> = change
            .groups
            .iter()
            .filter(|group| group.approvers.contains(&response.member_id))
            .map(|group| group.name.as_str())
            .collect();
        let text = if response.approve {
            format!("@{} approved ({})", who.handle, groups.join(", "))
        } else {
            format!(
                "@{} declined: {}",
                who.handle,
                response.reason.clone().unwrap_or_default()
            )
        };
        timeline.push(at(response.at, text));
    }
    let mut review_due_local = None;
    match state {
        State::Approved(when) if change.kind != "standard" => {
            timeline.push(at(
                when,
                format!("Approved in {}", duration_words(when - change.filed_at)),
            ));
            if change.kind == "emergency" {
                if let Some(requester_member) = people.member(&change.requester_id) {
                    let rules = team::rules_for(cx, requester_member)?;
                    let due = review_due(&rules, when);
                    review_due_local = Some(format!("{} ({zone})", local_label(due, zone, now)));
                    timeline.push(at(
                        when,
                        format!("Post-hoc review due by {}", local_label(due, zone, now)),
                    ));
                }
            }
        }
        State::Declined(when) => timeline.push(at(when, "Declined".to_owned())),
        State::Withdrawn(when) => {
            timeline.push(at(when, format!("Withdrawn by @{}", requester.handle)))
        }
        _ => {}
    }
    if let (Some(by), Some(reviewed_at)) = (&change.reviewed_by, &change.reviewed_at) {
        timeline.push(at(
            parse_instant(reviewed_at)?,
            format!(
                "@{} reviewed it afterwards: {}",
                person_or_id(&people, by).handle,
                change.review_note.clone().unwrap_or_default()
            ),
        ));
    }
    let views = approver_views(cx, &people, &change.groups, now)?;
    let window_local = match (&change.window_start, &change.window_end) {
        (Some(start), end) => Some(format!(
            "{}{}",
            local_label(parse_instant(start)?, zone, now),
            match end {
                Some(end) => format!(" – {}", local_label(parse_instant(end)?, zone, now)),
                None => String::new(),
            }
        )),
        _ => None,
    };
    let summary = summary_of(&change, &state, &counted, &people, &me);
    Ok(ChangeDetail {
        can_approve: summary.waiting_on_me && change.requester_id != me.id,
        can_withdraw: state == State::Pending && change.requester_id == me.id,
        summary,
        what: change.what,
        why: change.why,
        tested: change.tested,
        results_url: change.results_url,
        consequence: change.consequence,
        rollback: change.rollback,
        window_start: change.window_start,
        window_end: change.window_end,
        window_local,
        justification: change.justification,
        template,
        groups: group_views(&change.groups, &views, &people, &counted, &change.urgent_to),
        timeline,
        review_due_local,
        reviewed: change.reviewed_at.is_some(),
        review_note: change.review_note,
    })
}

/// Approves or declines (with a reason) a pending change I am an approver of.
pub(crate) fn respond_to_change(
    cx: &mut Ctx,
    cr_id: &str,
    approve: bool,
    reason: Option<&str>,
) -> Result<ChangeDetail> {
    let me = people::require_me(cx)?;
    let people = People::load(cx)?;
    let change = change_row(cx, cr_id)?;
    let all = responses(cx, &change.id)?;
    let (state, counted) = state_of(&change, &all);
    let zone = zone_of(&me);
    let now = cx.now();
    let verb = if approve { "approve" } else { "decline" };
    match state {
        State::Withdrawn(at) => {
            return Err(Error::Conflict(format!(
                "“{}” was withdrawn at {}; there is nothing to {verb}. Ask for a new change request if it is still needed.",
                change.title,
                local_label(at, zone, now)
            )))
        }
        State::Approved(at) => {
            return Err(Error::Conflict(format!(
                "“{}” was already approved at {}; nothing to {verb}.",
                change.title,
                local_label(at, zone, now)
            )))
        }
        State::Declined(at) => {
            return Err(Error::Conflict(format!(
                "“{}” was declined at {}; the requester files a new one after addressing it.",
                change.title,
                local_label(at, zone, now)
            )))
        }
        State::Pending => {}
    }
    if change.requester_id == me.id {
        return Err(Error::Conflict(
            "You filed this change, and a requester never approves their own; an approver from each group decides.".into(),
        ));
    }
    if !change
        .groups
        .iter()
        .any(|group| group.approvers.contains(&me.id))
    {
        return Err(Error::Conflict(format!(
            "You are not an approver of “{}”; its groups are {}.",
            change.title,
            change
                .groups
                .iter()
                .map(|group| format!("{} ({})", group.name, handles(&people, &group.approvers)))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    if let Some(previous) = counted.iter().find(|response| response.member_id == me.id) {
        return Err(Error::Conflict(format!(
            "You already {} this change at {}.",
            if previous.approve {
                "approved"
            } else {
                "declined"
            },
            local_label(previous.at, zone, now)
        )));
    }
    let reason = optional_note("reason", reason, NOTE_MAX)?;
    if !approve && reason.is_none() {
        return Err(Error::invalid(
            "reason",
            "Say why you decline: one decline declines the change, and the requester needs to know what to fix.",
        ));
    }
    let stamp = format_instant(now);
    let response = ResponseRow {
        member_id: me.id.clone(),
        approve,
        reason: reason.clone(),
        at: now,
    };
    let mut payloads = vec![OpPayload::ChangeResponded {
        response_id: new_id(),
        cr_id: change.id.clone(),
        member_id: me.id.clone(),
        approve,
        reason: reason.clone(),
        at: stamp.clone(),
    }];
    let (after, _) = state_of(&change, &[all, vec![response]].concat());
    match after {
        State::Approved(at) => {
            let mut text = format!("approved in {}", duration_words(at - change.filed_at));
            if change.kind == "emergency" {
                if let Some(requester) = people.member(&change.requester_id) {
                    let due = review_due(&team::rules_for(cx, requester)?, at);
                    text.push_str(&format!(
                        "; post-hoc review due by {} your time",
                        local_label(due, zone_of(requester), now)
                    ));
                }
            }
            payloads.push(content::notification(
                &change.requester_id,
                &me,
                "approval",
                format!("“{}” {text}", change.title),
                "",
                &stamp,
            ));
        }
        State::Declined(_) => payloads.push(content::notification(
            &change.requester_id,
            &me,
            "approval",
            format!("@{} declined “{}”", me.handle, change.title),
            reason.as_deref().unwrap_or_default(),
            &stamp,
        )),
        _ => {}
    }
    cx.store.append(now, payloads)?;
    cx.emit(CoreEvent::DecisionsChanged);
    cx.emit(CoreEvent::InboxChanged);
    change_detail(cx, &change.id)
}

/// The requester takes back a pending change.
pub(crate) fn withdraw_change(cx: &mut Ctx, cr_id: &str) -> Result<ChangeDetail> {
    let me = people::require_me(cx)?;
    let change = change_row(cx, cr_id)?;
    let (state, _) = state_of(&change, &responses(cx, &change.id)?);
    if change.requester_id != me.id {
        return Err(Error::Conflict(
            "Only the requester withdraws a change; decline it with a reason instead.".into(),
        ));
    }
    if state != State::Pending {
        return Err(Error::Conflict(format!(
            "“{}” is {} already; only a pending change can be withdrawn.",
            change.title,
            status_word(&state)
        )));
    }
    let now = cx.now();
    cx.store.append(
        now,
        vec![OpPayload::ChangeWithdrawn {
            cr_id: change.id.clone(),
            member_id: me.id,
            at: format_instant(now),
        }],
    )?;
    cx.emit(CoreEvent::DecisionsChanged);
    change_detail(cx, &change.id)
}

/// Records the post-hoc review of an approved emergency change.
pub(crate) fn review_change(cx: &mut Ctx, cr_id: &str, note: &str) -> Result<ChangeDetail> {
    let me = people::require_me(cx)?;
    let change = change_row(cx, cr_id)?;
    let (state, _) = state_of(&change, &responses(cx, &change.id)?);
    if change.kind != "emergency" || !matches!(state, State::Approved(_)) {
        return Err(Error::Conflict(format!(
            "Only an approved emergency change gets a post-hoc review; “{}” is a {} change, {}.",
            change.title,
            change.kind,
            status_word(&state)
        )));
    }
    if change.reviewed_at.is_some() {
        return Err(Error::Conflict(
            "Its post-hoc review is recorded already.".into(),
        ));
    }
    let note = optional_note("note", Some(note), NOTE_MAX)?.ok_or_else(|| {
        Error::invalid(
            "note",
            "Write what the review found: what went well, what to change.",
        )
    })?;
    let now = cx.now();
    cx.store.append(
        now,
        vec![OpPayload::ChangeReviewed {
            cr_id: change.id.clone(),
            member_id: me.id,
            note,
            at: format_instant(now),
        }],
    )?;
    cx.emit(CoreEvent::DecisionsChanged);
    change_detail(cx, &change.id)
}

/// Used by benches and tests through the façade: who must approve and who is awake for a
/// change already filed.
pub(crate) fn change_routing_of(cx: &Ctx, cr_id: &str) -> Result<ChangeRouting> {
    let people = People::load(cx)?;
    let change = change_row(cx, cr_id)?;
    routing_of(cx, &people, &change.kind, &change.groups, cx.now())
}

/// "a normal" / "an emergency".
fn article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

/// Whether a change still waits for approval, for search's `is:open`; `None` when it is not
/// here (yet).
pub(crate) fn change_pending(conn: &rusqlite::Connection, cr_id: &str) -> Result<Option<bool>> {
    let change = match change_row_in(conn, cr_id) {
        Ok(change) => change,
        Err(Error::NotFound(_)) => return Ok(None),
        Err(err) => return Err(err),
    };
    let (state, _) = state_of(&change, &responses_in(conn, cr_id)?);
    Ok(Some(state == State::Pending))
}
