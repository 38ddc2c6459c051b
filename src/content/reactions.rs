//! Reactions and thanks. A reaction is toggled per person, item and emoji; it never pings:
//! the author gets it in their next batch. Thanks go to one or several people with a note.

use super::{new_id, People};
use crate::base::events::CoreEvent;
use crate::base::model::{Posted, ThanksView};
use crate::base::{Error, Result};
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use rusqlite::OptionalExtension;

/// The emoji a reaction may use, with the short names the CLI and the composer accept.
pub const EMOJI: &[(&str, &[&str])] = &[
    ("👍", &["+1", "thumbsup", "yes"]),
    ("👎", &["-1", "thumbsdown"]),
    ("❤️", &["heart", "love"]),
    ("🎉", &["tada", "party"]),
    ("🙏", &["pray", "thanks"]),
    ("😄", &["smile"]),
    ("😂", &["joy", "laugh"]),
    ("😮", &["wow", "open_mouth"]),
    ("😢", &["cry", "sad"]),
    ("🤔", &["thinking"]),
    ("👀", &["eyes", "looking"]),
    ("🚀", &["rocket", "ship"]),
    ("✅", &["white_check_mark", "check", "done"]),
    ("🔥", &["fire"]),
    ("💯", &["100"]),
    ("➕", &["plus", "heavy_plus_sign"]),
];

/// The emoji for `input`: the emoji itself or one of its short names (":tada:" or "tada").
pub fn parse_emoji(input: &str) -> Result<&'static str> {
    let trimmed = input.trim();
    let name = trimmed.trim_matches(':').to_lowercase();
    // Emoji typed with or without the variation selector count as the same one.
    let bare = trimmed.trim_end_matches('\u{fe0f}');
    EMOJI
        .iter()
        .find(|(emoji, names)| {
            emoji.trim_end_matches('\u{fe0f}') == bare || names.contains(&name.as_str())
        })
        .map(|(emoji, _)| *emoji)
        .ok_or_else(|| {
            Error::invalid(
                "emoji",
                format!(
                    "{trimmed:?} is not a reaction Meridian knows; use one of {} (or a name such as :tada:).",
                    EMOJI.iter().map(|(emoji, _)| *emoji).collect::<Vec<_>>().join(" ")
                ),
            )
        })
}

/// Where a reaction lands: the item's author and the thread it belongs to.
fn reaction_target(cx: &Ctx, item_id: &str) -> Result<(String, String, String)> {
    cx.store
        .conn()
        .query_row(
            "SELECT author_id, id, title FROM threads WHERE id = ?1 AND title IS NOT NULL
             UNION ALL
             SELECT m.author_id, m.thread_id, t.title FROM comments m JOIN threads t ON t.id = m.thread_id
             WHERE m.id = ?1 AND m.created_lww != ''",
            [item_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "There is no thread or comment {item_id} to react to; `meridian thread show ID` lists comment ids."
            ))
        })
}

/// Turns my reaction with `emoji` on `item_id` on, or off when it was on. Returns whether it
/// is now on.
pub(crate) fn toggle_reaction(cx: &mut Ctx, item_id: &str, emoji: &str) -> Result<bool> {
    let me = people::require_me(cx)?;
    let emoji = parse_emoji(emoji)?;
    let (author, thread_id, title) = reaction_target(cx, item_id)?;
    let on_now: bool = cx
        .store
        .conn()
        .query_row(
            "SELECT is_on FROM reactions WHERE id = ?1",
            [format!("{item_id} {} {emoji}", me.id)],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or(false);
    let on = !on_now;
    let now = format_instant(cx.now());
    let mut payloads = vec![OpPayload::ReactionSet {
        item_id: item_id.to_owned(),
        member_id: me.id.clone(),
        emoji: emoji.to_owned(),
        on,
    }];
    if on {
        payloads.push(super::state(&thread_id, &me.id, Some(true), None, None));
        if author != me.id {
            // Not urgent: it waits for the author's next batch, never pings on its own.
            payloads.push(super::notification(
                &author,
                &me,
                "update",
                format!("@{} reacted {emoji} in “{title}”", me.handle),
                "",
                &now,
            ));
        }
    }
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::ContentChanged);
    if on && author != me.id {
        cx.emit(CoreEvent::InboxChanged);
    }
    Ok(on)
}

/// Thanks one or several people, optionally for an item and with a note.
pub(crate) fn thank(
    cx: &mut Ctx,
    handles: &[String],
    note: Option<&str>,
    item_id: Option<&str>,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    if handles.is_empty() {
        return Err(Error::invalid(
            "to",
            "Name at least one person to thank, such as @aroha.",
        ));
    }
    let mut recipients = Vec::new();
    for handle in handles {
        let member = people::member_by_handle(cx, handle)?;
        if member.id == me.id {
            return Err(Error::invalid(
                "to",
                "Thank someone else: you cannot thank yourself.",
            ));
        }
        if !recipients
            .iter()
            .any(|known: &crate::base::model::Member| known.id == member.id)
        {
            recipients.push(member);
        }
    }
    let note = note.map(str::trim).filter(|note| !note.is_empty());
    if note.is_some_and(|note| note.chars().count() > 500) {
        return Err(Error::invalid(
            "note",
            "A thank-you note has at most 500 characters.",
        ));
    }
    let thread_title = match item_id {
        Some(item) => Some(reaction_target(cx, item)?.2),
        None => None,
    };
    let now = format_instant(cx.now());
    let thanks_id = new_id();
    let mut payloads = vec![OpPayload::ThanksGiven {
        thanks_id: thanks_id.clone(),
        from_id: me.id.clone(),
        to_ids: recipients.iter().map(|member| member.id.clone()).collect(),
        note: note.map(str::to_owned),
        item_id: item_id.map(str::to_owned),
        created_at: now.clone(),
    }];
    for recipient in &recipients {
        let title = match &thread_title {
            Some(title) => format!("@{} thanked you for “{title}”", me.handle),
            None => format!("@{} thanked you", me.handle),
        };
        payloads.push(super::notification(
            &recipient.id,
            &me,
            "update",
            title,
            note.unwrap_or(""),
            &now,
        ));
    }
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::ContentChanged);
    cx.emit(CoreEvent::InboxChanged);
    Ok(Posted {
        id: thanks_id,
        warnings: Vec::new(),
        held: Vec::new(),
    })
}

fn thanks_rows(cx: &Ctx, people: &People, condition: &str, param: &str) -> Result<Vec<ThanksView>> {
    let rows = cx
        .store
        .conn()
        .prepare_cached(&format!(
            "SELECT id, from_id, to_ids, note, item_id, created_at FROM thanks
             WHERE created_lww != '' AND {condition} ORDER BY created_at DESC, id DESC LIMIT 200"
        ))?
        .query_map([param], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut views = Vec::with_capacity(rows.len());
    for (id, from, to, note, item_id, created_at) in rows {
        let to: Vec<String> = serde_json::from_str(&to)?;
        views.push(ThanksView {
            id,
            from: people.person(&from),
            to: to
                .iter()
                .filter_map(|member| people.person(member))
                .collect(),
            note,
            item_id,
            created_at,
        });
    }
    Ok(views)
}

/// Thanks given for a thread or any of its comments.
pub(crate) fn thanks_for_thread(
    cx: &Ctx,
    people: &People,
    thread_id: &str,
) -> Result<Vec<ThanksView>> {
    thanks_rows(
        cx,
        people,
        "(item_id = ?1 OR item_id IN (SELECT id FROM comments WHERE thread_id = ?1))",
        thread_id,
    )
}

/// Recent thanks across the team, newest first.
pub(crate) fn recent_thanks(cx: &Ctx) -> Result<Vec<ThanksView>> {
    let people = People::load(cx)?;
    thanks_rows(cx, &people, "?1 = ?1", "")
}
