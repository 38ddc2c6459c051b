//! The overlap finder: when enough of the people named are working, in everyone's local time.

#[allow(unused_imports)]
use super::*;
use crate::base::model::Member;
use crate::base::model::{LocalSpan, OverlapResult, OverlapWindow};
use crate::base::{Error, Result};
use crate::log::ops::format_instant;
use crate::log::Ctx;
use crate::time::MemberRules;
use crate::{people, time};
use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;

/// Longest overlap search, in days.
pub const OVERLAP_MAX_DAYS: u32 = 366;

/// When at least `min_members` of these people are all working, over `days` days from
/// `from` (a date in my zone), with each window in everyone's local time.
pub(crate) fn overlap(
    cx: &Ctx,
    handles: &[String],
    from: &str,
    days: u32,
    min_members: Option<usize>,
) -> Result<OverlapResult> {
    if handles.is_empty() {
        return Err(Error::invalid(
            "members",
            "Name at least one @handle to find overlap for (e.g. @ada @grace).",
        ));
    }
    if days == 0 || days > OVERLAP_MAX_DAYS {
        return Err(Error::invalid(
            "days",
            format!("Search 1 to {OVERLAP_MAX_DAYS} days; {days} is out of range."),
        ));
    }
    // One query for exactly the people named, not one per handle nor the whole team.
    let bare: Vec<String> = handles
        .iter()
        .map(|handle| handle.trim().trim_start_matches('@').to_lowercase())
        .collect();
    let found = people::read_members(
        cx.store.conn(),
        "handle IN (SELECT value FROM json_each(?1))",
        [serde_json::to_string(&bare)?],
    )?;
    let mut named: Vec<Member> = Vec::new();
    for handle in &bare {
        let member = found
            .iter()
            .find(|member| member.handle == *handle)
            .ok_or_else(|| people::unknown_handle(handle))?;
        if !named.iter().any(|known| known.id == member.id) {
            named.push(member.clone());
        }
    }
    let mut rules = all_rules(cx, &named)?;
    let members: Vec<(Member, MemberRules)> = named
        .into_iter()
        .filter_map(|member| rules.remove(&member.id).map(|rules| (member, rules)))
        .collect();
    let min_members = min_members.unwrap_or(members.len());
    if min_members == 0 || min_members > members.len() {
        return Err(Error::invalid(
            "min_members",
            format!(
                "--min-members must be between 1 and the {} people named; got {min_members}.",
                members.len()
            ),
        ));
    }
    let first_day = parse_day("from", from)?;
    let viewer_zone = match people::me(cx)? {
        Some(me) => rules_for(cx, &me)?.zone_on(first_day),
        None => chrono_tz::UTC,
    };
    let start = time::resolve_local(viewer_zone, first_day.and_time(NaiveTime::MIN));
    let end = time::resolve_local(
        viewer_zone,
        (first_day + Duration::days(i64::from(days))).and_time(NaiveTime::MIN),
    );
    let rules: Vec<&MemberRules> = members.iter().map(|(_, rules)| rules).collect();
    let windows: Vec<OverlapWindow> = time::overlap(&rules, start, end, min_members)
        .into_iter()
        .map(|(interval, who)| OverlapWindow {
            start: format_instant(interval.start),
            end: format_instant(interval.end),
            minutes: (interval.end - interval.start).num_minutes(),
            handles: who
                .iter()
                .map(|index| members[*index].0.handle.clone())
                .collect(),
            local: {
                // Teammates share zones: format each zone's wall times once per window.
                let mut texts: Vec<(Tz, String)> = Vec::new();
                who.iter()
                    .map(|index| {
                        let (member, rules) = &members[*index];
                        let zone = if rules.zone_changes.is_empty() {
                            rules.zone
                        } else {
                            rules.zone_at(interval.start)
                        };
                        let text = match texts.iter().find(|(known, _)| *known == zone) {
                            Some((_, text)) => text.clone(),
                            None => {
                                let text = local_span(interval, zone);
                                texts.push((zone, text.clone()));
                                text
                            }
                        };
                        LocalSpan {
                            handle: member.handle.clone(),
                            time_zone: zone.name().to_owned(),
                            text,
                        }
                    })
                    .collect()
            },
        })
        .collect();
    let best = windows
        .iter()
        .max_by(|a, b| {
            (a.handles.len(), a.minutes)
                .cmp(&(b.handles.len(), b.minutes))
                // Prefer the earlier window on a tie: max_by keeps the last maximum.
                .then(b.start.cmp(&a.start))
        })
        .cloned();
    Ok(OverlapResult { windows, best })
}
