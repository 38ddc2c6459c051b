//! Members of the team: the one reader that turns a members row into a `Member`, @handle look-ups and uniqueness, adding and editing teammates.

use super::profile::ME_KEY;
#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::{Member, MemberInput, WeeklyHours};
use crate::base::{validate, Error, Result};
use crate::log::ops::OpPayload;
use crate::log::store;
use crate::log::Ctx;
use rusqlite::{Connection, OptionalExtension};

pub(crate) fn member_by_id(conn: &Connection, id: &str) -> Result<Option<Member>> {
    Ok(read_members(conn, "id = ?1", [id])?.into_iter().next())
}

/// Members matching `condition` (SQL after WHERE, may end with ORDER BY), in one query; the
/// one place a members row becomes a [`Member`].
pub(crate) fn read_members(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Member>> {
    let me = store::local_meta(conn, ME_KEY)?;
    let mut statement = conn.prepare_cached(&format!(
        "SELECT id, handle, display_name, time_zone, working_hours FROM members WHERE {condition}"
    ))?;
    let rows = statement
        .query_map(params, |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut members = Vec::with_capacity(rows.len());
    for (id, handle, display_name, time_zone, hours) in rows {
        let working_hours: WeeklyHours = match hours {
            Some(json) => serde_json::from_str(&json)?,
            None => WeeklyHours {
                days: vec![Vec::new(); 7],
            },
        };
        members.push(Member {
            is_me: me.as_deref() == Some(id.as_str()),
            id,
            handle: handle.unwrap_or_default(),
            display_name: display_name.unwrap_or_default(),
            time_zone: time_zone.unwrap_or_else(|| "UTC".into()),
            working_hours,
        });
    }
    Ok(members)
}

/// Refuses a @handle another member already has.
pub(crate) fn ensure_handle_free(
    conn: &Connection,
    handle: &str,
    except_member: Option<&str>,
) -> Result<()> {
    let holder: Option<String> = conn
        .query_row(
            "SELECT display_name FROM members WHERE handle = ?1 AND id IS NOT ?2 LIMIT 1",
            rusqlite::params![handle, except_member],
            |row| row.get(0),
        )
        .optional()?;
    match holder {
        Some(name) => Err(Error::invalid(
            "handle",
            format!("@{handle} is already taken by {name}; choose another @handle."),
        )),
        None => Ok(()),
    }
}

pub(crate) fn unknown_handle(handle: &str) -> Error {
    Error::NotFound(format!(
        "No teammate has the handle @{handle}. `meridian member list` shows who is on the team."
    ))
}

/// Everyone on the team, me first, then by name.
pub(crate) fn members(cx: &Ctx) -> Result<Vec<Member>> {
    let mut members = read_members(
        cx.store.conn(),
        "handle IS NOT NULL ORDER BY display_name COLLATE NOCASE, id",
        [],
    )?;
    members.sort_by_key(|member| !member.is_me);
    Ok(members)
}

/// The member with this @handle (with or without the `@`).
pub(crate) fn member_by_handle(cx: &Ctx, handle: &str) -> Result<Member> {
    let bare = handle.trim().trim_start_matches('@').to_lowercase();
    read_members(cx.store.conn(), "handle = ?1", [&bare])?
        .into_iter()
        .next()
        .ok_or_else(|| unknown_handle(&bare))
}

/// Adds a teammate (until sync exists, teammates are entered by hand).
pub(crate) fn add_member(cx: &mut Ctx, input: MemberInput) -> Result<Member> {
    let display_name = validate::display_name(&input.display_name)?;
    let handle = validate::handle(&input.handle)?;
    let time_zone = validate::time_zone(&input.time_zone)?.name().to_owned();
    let working_hours = validate::weekly_hours(&input.working_hours)?;
    let member_id = uuid::Uuid::now_v7().to_string();
    cx.store.transact(cx.clock.now(), |tx| {
        ensure_handle_free(tx, &handle, None)?;
        Ok((
            vec![OpPayload::MemberCreated {
                member_id: member_id.clone(),
                handle: handle.clone(),
                display_name,
                time_zone,
                working_hours: working_hours.into(),
            }],
            (),
        ))
    })?;
    cx.emit(CoreEvent::TeamChanged);
    member_by_handle(cx, &handle)
}

/// Edits a teammate; only changed fields become ops.
pub(crate) fn edit_member(cx: &mut Ctx, handle: &str, input: MemberInput) -> Result<Member> {
    let member = member_by_handle(cx, handle)?;
    let display_name = validate::display_name(&input.display_name)?;
    let new_handle = validate::handle(&input.handle)?;
    let time_zone = validate::time_zone(&input.time_zone)?.name().to_owned();
    let working_hours = validate::weekly_hours(&input.working_hours)?;
    let Some(update) = member_update(
        &member,
        new_handle.clone(),
        display_name,
        time_zone,
        working_hours,
    ) else {
        // Nothing changed: nothing to record, nobody to tell.
        return Ok(member);
    };
    cx.store.transact(cx.clock.now(), |tx| {
        ensure_handle_free(tx, &new_handle, Some(&member.id))?;
        Ok((vec![update], ()))
    })?;
    cx.emit(CoreEvent::TeamChanged);
    member_by_handle(cx, &new_handle)
}

/// The op that takes `member` to the given (validated) fields, naming only those that differ,
/// or `None` when nothing would change, so an edit that changes nothing appends nothing.
pub(crate) fn member_update(
    member: &Member,
    handle: String,
    display_name: String,
    time_zone: String,
    working_hours: WeeklyHours,
) -> Option<OpPayload> {
    let changed = |old: &str, new: String| (old != new).then_some(new);
    let handle = changed(&member.handle, handle);
    let display_name = changed(&member.display_name, display_name);
    let time_zone = changed(&member.time_zone, time_zone);
    let working_hours = (member.working_hours != working_hours).then(|| working_hours.into());
    let unchanged = handle.is_none()
        && display_name.is_none()
        && time_zone.is_none()
        && working_hours.is_none();
    (!unchanged).then(|| OpPayload::MemberUpdated {
        member_id: member.id.clone(),
        handle,
        display_name,
        time_zone,
        working_hours,
    })
}
