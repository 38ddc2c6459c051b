//! Channels: open by default; private ones name their members and say why. A channel may
//! state a response expectation counted in the recipient's working hours.

use super::{new_id, People};
use crate::base::events::CoreEvent;
use crate::base::model::{Channel, ChannelInput};
use crate::base::{Error, Result};
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use rusqlite::OptionalExtension;

/// Working hours in a "working day" of a response expectation.
pub const WORKING_DAY_HOURS: u32 = 8;

/// Parses a response expectation: "4h" or "1d" (a working day is 8 working hours). Less than
/// one working hour is refused: that is asking for always-on.
pub fn parse_expectation(text: &str) -> Result<Option<u32>> {
    let text = text.trim().to_lowercase();
    if text.is_empty() || text == "none" {
        return Ok(None);
    }
    let refuse = || {
        Error::invalid(
            "expect",
            format!("{text:?} is not a response expectation; write working hours or days, such as 4h or 1d."),
        )
    };
    let (number, unit) = text.split_at(text.len() - 1);
    let hours = match unit {
        "h" => number.trim().parse::<u32>().map_err(|_| refuse())?,
        "d" => number
            .trim()
            .parse::<u32>()
            .map_err(|_| refuse())?
            .saturating_mul(WORKING_DAY_HOURS),
        "m" => {
            return Err(Error::invalid(
                "expect",
                "Expecting replies within minutes asks people to be always on; the shortest expectation is 1h of their working hours.",
            ))
        }
        _ => return Err(refuse()),
    };
    if hours == 0 {
        return Err(Error::invalid(
            "expect",
            "Expecting replies within less than one working hour asks people to be always on; the shortest is 1h.",
        ));
    }
    if hours > 10 * WORKING_DAY_HOURS {
        return Err(Error::invalid(
            "expect",
            "The longest response expectation is 10 working days (10d).",
        ));
    }
    Ok(Some(hours))
}

/// "Replies within 1 working day" / "Replies within 4 working hours".
pub fn describe_expectation(hours: u32) -> String {
    if hours.is_multiple_of(WORKING_DAY_HOURS) {
        let days = hours / WORKING_DAY_HOURS;
        format!(
            "Replies within {days} working day{}",
            if days == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "Replies within {hours} working hour{}",
            if hours == 1 { "" } else { "s" }
        )
    }
}

fn checked_name(name: &str) -> Result<String> {
    let name = name.trim().trim_start_matches('#').to_lowercase();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "Give the channel a name, such as design or releases.",
        ));
    }
    if name.chars().count() > 60 {
        return Err(Error::invalid(
            "name",
            "A channel name has at most 60 characters.",
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(Error::invalid(
            "name",
            format!("#{name} has characters a channel name cannot use; use lowercase letters, digits, - and _ (for example release-notes)."),
        ));
    }
    Ok(name)
}

/// The reason a private channel must state.
fn checked_reason(private: bool, reason: Option<&str>) -> Result<Option<String>> {
    let reason = reason.map(str::trim).filter(|reason| !reason.is_empty());
    match (private, reason) {
        (true, None) => Err(Error::invalid(
            "reason",
            "A private channel says why it is private (for example \"Salary reviews\"); the team defaults to open access.",
        )),
        (true, Some(reason)) if reason.chars().count() > 200 => Err(Error::invalid(
            "reason",
            "Keep the reason to 200 characters.",
        )),
        (true, Some(reason)) => Ok(Some(reason.to_owned())),
        (false, _) => Ok(None),
    }
}

/// Creates a channel; a private one includes me and the members named.
pub(crate) fn create_channel(cx: &mut Ctx, input: &ChannelInput) -> Result<Channel> {
    let me = people::require_me(cx)?;
    let name = checked_name(&input.name)?;
    if channel_id_by_name(cx, &name)?.is_some() {
        return Err(Error::invalid(
            "name",
            format!("There is already a channel #{name} (perhaps archived); pick another name or restore that one."),
        ));
    }
    let reason = checked_reason(input.private, input.reason.as_deref())?;
    let expect_hours = parse_expectation(input.expect.as_deref().unwrap_or(""))?;
    let mut member_ids = Vec::new();
    if input.private {
        for handle in &input.members {
            let member = people::member_by_handle(cx, handle)?;
            if member.id != me.id && !member_ids.contains(&member.id) {
                member_ids.push(member.id);
            }
        }
        member_ids.insert(0, me.id.clone());
    }
    let channel_id = new_id();
    let mut payloads = vec![OpPayload::ChannelCreated {
        channel_id: channel_id.clone(),
        author_id: me.id.clone(),
        name,
        private: input.private,
        reason,
        expect_hours,
        created_at: format_instant(cx.now()),
    }];
    payloads.extend(
        member_ids
            .into_iter()
            .map(|member_id| OpPayload::ChannelMemberSet {
                channel_id: channel_id.clone(),
                member_id,
                is_member: true,
            }),
    );
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::ContentChanged);
    channel(cx, &channel_id)
}

/// Changes a channel's name, privacy, reason or expectation. Opening a private channel shows
/// its whole history to the team, so it needs `confirm_public`.
pub(crate) fn update_channel(
    cx: &mut Ctx,
    channel_id: &str,
    input: &ChannelInput,
    confirm_public: bool,
) -> Result<Channel> {
    people::require_me(cx)?;
    let current = channel(cx, channel_id)?;
    let name = checked_name(&input.name)?;
    if let Some(other) = channel_id_by_name(cx, &name)? {
        if other != current.id {
            return Err(Error::invalid(
                "name",
                format!("There is already a channel #{name}; pick another name."),
            ));
        }
    }
    let reason = checked_reason(input.private, input.reason.as_deref())?;
    let expect_hours = parse_expectation(input.expect.as_deref().unwrap_or(""))?;
    if current.private && !input.private && !confirm_public {
        return Err(Error::Conflict(format!(
            "Making #{} public shows its whole history ({} thread{}) to everyone on the team. Confirm to go ahead.",
            current.name,
            current.thread_count,
            if current.thread_count == 1 { "" } else { "s" }
        )));
    }
    let mut payloads = vec![OpPayload::ChannelSettingsSet {
        channel_id: current.id.clone(),
        name,
        private: input.private,
        reason,
        expect_hours,
    }];
    if input.private {
        let known: Vec<String> = current.members.iter().map(|m| m.id.clone()).collect();
        for handle in &input.members {
            let member = people::member_by_handle(cx, handle)?;
            if !known.contains(&member.id) {
                payloads.push(OpPayload::ChannelMemberSet {
                    channel_id: current.id.clone(),
                    member_id: member.id,
                    is_member: true,
                });
            }
        }
        if known.is_empty() {
            let me = people::require_me(cx)?;
            payloads.push(OpPayload::ChannelMemberSet {
                channel_id: current.id.clone(),
                member_id: me.id,
                is_member: true,
            });
        }
    }
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::ContentChanged);
    channel(cx, channel_id)
}

/// Archives or restores a channel; its threads stay linkable.
pub(crate) fn set_channel_archived(
    cx: &mut Ctx,
    channel_id: &str,
    archived: bool,
) -> Result<Channel> {
    people::require_me(cx)?;
    let current = channel(cx, channel_id)?;
    if current.archived == archived {
        return Err(Error::Conflict(format!(
            "#{} is {} already.",
            current.name,
            if archived { "archived" } else { "not archived" }
        )));
    }
    cx.store.append(
        cx.now(),
        vec![OpPayload::ArchiveSet {
            item_id: current.id.clone(),
            item: "channel".into(),
            archived,
        }],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    channel(cx, channel_id)
}

fn channel_id_by_name(cx: &Ctx, name: &str) -> Result<Option<String>> {
    Ok(cx
        .store
        .conn()
        .query_row(
            "SELECT id FROM channels WHERE name = ?1 AND created_lww != '' LIMIT 1",
            [name],
            |row| row.get(0),
        )
        .optional()?)
}

/// A channel by id, or by name (with or without '#').
pub(crate) fn resolve_channel(cx: &Ctx, id_or_name: &str) -> Result<String> {
    let exists: bool = cx.store.conn().query_row(
        "SELECT EXISTS(SELECT 1 FROM channels WHERE id = ?1 AND created_lww != '')",
        [id_or_name],
        |row| row.get(0),
    )?;
    if exists {
        return Ok(id_or_name.to_owned());
    }
    let name = id_or_name.trim().trim_start_matches('#').to_lowercase();
    channel_id_by_name(cx, &name)?.ok_or_else(|| {
        Error::NotFound(format!(
            "There is no channel {id_or_name:?}; `meridian channel list` shows them."
        ))
    })
}

/// Whether `member_id` may read the channel: an open one, or a private one they belong to.
pub(crate) fn may_read_channel(cx: &Ctx, channel_id: &str, member_id: &str) -> Result<bool> {
    Ok(cx.store.conn().query_row(
        "SELECT coalesce((SELECT private FROM channels WHERE id = ?1), 0) = 0
             OR EXISTS(SELECT 1 FROM channel_members WHERE id = ?1 || ' ' || ?2 AND is_member = 1)",
        [channel_id, member_id],
        |row| row.get(0),
    )?)
}

/// Channels as the sidebar lists them: by name; archived ones only when asked.
pub(crate) fn channels(cx: &Ctx, include_archived: bool) -> Result<Vec<Channel>> {
    read_channels(
        cx,
        if include_archived {
            "1 = 1"
        } else {
            "c.archived = 0"
        },
        &[],
    )
}

pub(crate) fn channel(cx: &Ctx, channel_id: &str) -> Result<Channel> {
    read_channels(cx, "c.id = ?1", &[&channel_id])?
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::NotFound(format!(
                "There is no channel with id {channel_id}; `meridian channel list` shows them."
            ))
        })
}

fn read_channels(
    cx: &Ctx,
    condition: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Channel>> {
    let people = People::load(cx)?;
    let me = people::me(cx)?.map(|me| me.id).unwrap_or_default();
    let conn = cx.store.conn();
    let mut statement = conn.prepare_cached(&format!(
        "SELECT c.id, c.name, c.private, c.reason, c.expect_hours, c.archived, c.created_at, c.author_id
         FROM channels c WHERE c.created_lww != '' AND {condition} ORDER BY c.name"
    ))?;
    let rows = statement
        .query_map(params, |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, bool>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<u32>>(4)?,
                row.get::<_, bool>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<String>>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut channels = Vec::with_capacity(rows.len());
    for (id, name, private, reason, expect_hours, archived, created_at, author_id) in rows {
        let members: Vec<String> = conn
            .prepare_cached(
                "SELECT member_id FROM channel_members WHERE channel_id = ?1 AND is_member = 1 ORDER BY member_id",
            )?
            .query_map([&id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let (thread_count, unread_count): (i64, i64) = conn
            .prepare_cached(
                "SELECT count(*),
                        coalesce(sum(t.last_activity_at > coalesce(s.read_at, '')), 0)
                 FROM threads t LEFT JOIN thread_states s ON s.id = t.id || ' ' || ?2
                 WHERE t.channel_id = ?1 AND t.title IS NOT NULL AND t.archived = 0",
            )?
            .query_row([&id, &me], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let can_see = !private || members.contains(&me);
        channels.push(Channel {
            name: name.unwrap_or_default(),
            private,
            reason: if private { reason } else { None },
            expectation: expect_hours.map(describe_expectation),
            expect_hours,
            archived,
            created_at: created_at.unwrap_or_default(),
            author: author_id.and_then(|author| people.person(&author)),
            members: members
                .iter()
                .filter_map(|member| people.person(member))
                .collect(),
            can_see,
            thread_count,
            unread_count: if can_see { unread_count } else { 0 },
            id,
        });
    }
    Ok(channels)
}
