//! @mentions: resolving a draft's handles to members when it is sent, and telling the writer,
//! for each person mentioned, their local time and when they will actually see it.

use super::{bare, markdown, person_ref, People};
use crate::base::model::{DraftCheck, MentionPreview};
use crate::base::Result;
use crate::log::ops::{format_instant, MentionV1};
use crate::log::Ctx;
use crate::notify;
use chrono::{DateTime, Utc};

/// The members a body's @handles name, and the handles that match nobody (kept as text).
pub(crate) fn resolve_mentions(people: &People, body: &str) -> (Vec<MentionV1>, Vec<String>) {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for handle in markdown::mentioned_handles(body) {
        match people.by_handle(&handle) {
            Some(member) if !found.iter().any(|m: &MentionV1| m.member_id == member.id) => {
                found.push(MentionV1 {
                    member_id: member.id.clone(),
                    handle: handle.clone(),
                });
            }
            Some(_) => {}
            None => unknown.push(handle),
        }
    }
    (found, unknown)
}

/// The warnings a writer sees for handles that match nobody.
pub(crate) fn unknown_warnings(unknown: &[String]) -> Vec<String> {
    unknown
        .iter()
        .map(|handle| {
            format!(
                "@{handle} is not a teammate, so nobody was notified; the text stays as written."
            )
        })
        .collect()
}

/// What the composer shows while writing in `channel_id` (if any): each mentioned person's
/// local time and when they will see it, the unknown handles, and the rendered preview.
pub(crate) fn check_draft(cx: &Ctx, channel_id: Option<&str>, body: &str) -> Result<DraftCheck> {
    let people = People::load(cx)?;
    let (mentions, unknown) = resolve_mentions(&people, body);
    let now = cx.now();
    let mut previews = Vec::new();
    for mention in &mentions {
        let Some(member) = people.member(&mention.member_id) else {
            continue;
        };
        if member.is_me {
            continue;
        }
        let can_see = match channel_id {
            Some(channel) => super::may_read_channel(cx, channel, &member.id)?,
            None => true,
        };
        previews.push(preview(cx, member, now, can_see)?);
    }
    Ok(DraftCheck {
        mentions: previews,
        unknown,
        body_html: people.render_with(body, &mentions),
    })
}

fn preview(
    cx: &Ctx,
    member: &crate::base::model::Member,
    now: DateTime<Utc>,
    can_see: bool,
) -> Result<MentionPreview> {
    let context = notify::policy_context(cx, &member.id)?;
    let zone = context.rules.zone_at(now);
    let local_now = now.with_timezone(&zone);
    let local_time = crate::time::hhmm(&local_now);
    let available_now = context.available_now(now);
    let sees_at = if available_now && context.as_they_come() {
        None
    } else {
        context.next_batch_time(now).filter(|at| *at > now)
    };
    let name = first_name(&member.display_name, &member.handle);
    let sentence = match sees_at {
        None => format!("{local_time} for {name} — they're working and will see it now"),
        Some(at) => {
            let local_at = at.with_timezone(&context.rules.zone_at(at));
            let day = if local_at.date_naive() == local_now.date_naive() {
                String::new()
            } else if local_at.date_naive() == local_now.date_naive().succ_opt().unwrap_or_default()
            {
                " tomorrow".to_owned()
            } else {
                format!(" on {}", local_at.format("%A"))
            };
            format!(
                "{local_time} for {name} — they'll see it at {}{day} their time",
                crate::time::hhmm(&local_at)
            )
        }
    };
    Ok(MentionPreview {
        person: person_ref(member),
        time_zone: zone.name().to_owned(),
        local_time,
        available_now: sees_at.is_none(),
        sees_at: sees_at.map(format_instant),
        sentence,
        can_see,
    })
}

fn first_name<'a>(display_name: &'a str, handle: &'a str) -> &'a str {
    display_name
        .split_whitespace()
        .next()
        .unwrap_or_else(|| bare(handle))
}
