//! My profile and my team: onboarding, profile edits, and who "me" is on this device.

use super::members::{ensure_handle_free, member_by_id, member_update};
#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::{Member, OnboardingInput, ProfileInput, Team, WeeklyHours};
use crate::base::{validate, Error, Result};
use crate::log::ops::OpPayload;
use crate::log::store;
use crate::log::Ctx;
use rusqlite::OptionalExtension;

/// Local-meta key naming the member who uses this device.
pub(crate) const ME_KEY: &str = "me_member_id";

/// Local-meta key naming this profile's team.
pub(crate) const TEAM_KEY: &str = "team_id";

/// The member who uses this device, once onboarding is done.
pub(crate) fn me(cx: &Ctx) -> Result<Option<Member>> {
    match store::local_meta(cx.store.conn(), ME_KEY)? {
        Some(id) => member_by_id(cx.store.conn(), &id),
        None => Ok(None),
    }
}

pub(crate) fn team(cx: &Ctx) -> Result<Option<Team>> {
    let Some(id) = store::local_meta(cx.store.conn(), TEAM_KEY)? else {
        return Ok(None);
    };
    Ok(cx
        .store
        .conn()
        .query_row("SELECT id, name FROM teams WHERE id = ?1", [&id], |row| {
            Ok(Team {
                id: row.get(0)?,
                name: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
            })
        })
        .optional()?)
}

/// Creates my profile and team. Refuses if onboarding was already done.
pub(crate) fn complete_onboarding(cx: &mut Ctx, input: OnboardingInput) -> Result<()> {
    onboard(cx, input, None)
}

/// Creates my profile as a member of a team someone else created (`team_id`, from their
/// invite): no team of my own, and the team's name is theirs. Refuses what
/// [`check_onboarding`] refuses.
pub(crate) fn complete_onboarding_joining(
    cx: &mut Ctx,
    input: OnboardingInput,
    team_id: &str,
) -> Result<()> {
    onboard(cx, input, Some(team_id))
}

/// Everything onboarding would refuse, checked without writing: joining a team spends a
/// single-use invite, so bad input must be caught before the server is asked.
pub(crate) fn check_onboarding(cx: &Ctx, input: &OnboardingInput, joining: bool) -> Result<()> {
    validated(cx, input, joining).map(drop)
}

/// The checked fields of an onboarding form (the team name only when creating a team).
struct Onboarding {
    display_name: String,
    handle: String,
    time_zone: String,
    working_hours: WeeklyHours,
    team_name: Option<String>,
}

fn validated(cx: &Ctx, input: &OnboardingInput, joining: bool) -> Result<Onboarding> {
    if me(cx)?.is_some() {
        return Err(Error::Conflict(
            "This profile is already set up. Change it in Settings (or `meridian profile set`)."
                .into(),
        ));
    }
    let checked = Onboarding {
        display_name: validate::display_name(&input.display_name)?,
        handle: validate::handle(&input.handle)?,
        time_zone: validate::time_zone(&input.time_zone)?.name().to_owned(),
        working_hours: validate::weekly_hours(&input.working_hours)?,
        team_name: if joining {
            None
        } else {
            Some(validate::team_name(&input.team_name)?)
        },
    };
    ensure_handle_free(cx.store.conn(), &checked.handle, None)?;
    Ok(checked)
}

fn onboard(cx: &mut Ctx, input: OnboardingInput, joining: Option<&str>) -> Result<()> {
    let checked = validated(cx, &input, joining.is_some())?;
    let member_id = uuid::Uuid::now_v7().to_string();
    let team_id = joining.map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    let device_id = cx.store.device_id().to_owned();
    cx.store.transact(cx.clock.now(), |tx| {
        ensure_handle_free(tx, &checked.handle, None)?;
        store::set_local_meta(tx, ME_KEY, &member_id)?;
        store::set_local_meta(tx, TEAM_KEY, &team_id)?;
        let mut ops = vec![
            OpPayload::MemberCreated {
                member_id: member_id.clone(),
                handle: checked.handle.clone(),
                display_name: checked.display_name.clone(),
                time_zone: checked.time_zone.clone(),
                working_hours: checked.working_hours.clone().into(),
            },
            // This device is mine: its ops may change my profile, focus and settings.
            OpPayload::DeviceLinked {
                device_id,
                member_id: member_id.clone(),
            },
        ];
        if let Some(name) = checked.team_name.clone() {
            ops.push(OpPayload::TeamCreated {
                team_id: team_id.clone(),
                name,
            });
        }
        Ok((ops, ()))
    })?;
    cx.emit(CoreEvent::ProfileChanged);
    Ok(())
}

/// After joining a team with an invite: this profile's team is the inviter's from now on
/// (a team it created on its own stays in the log, unseen).
pub(crate) fn adopt_team(cx: &mut Ctx, team_id: &str) -> Result<()> {
    store::set_local_meta(cx.store.conn(), TEAM_KEY, team_id)?;
    cx.emit(CoreEvent::ProfileChanged);
    Ok(())
}

/// Edits my profile and the team name; only changed fields become ops.
pub(crate) fn update_profile(cx: &mut Ctx, input: ProfileInput) -> Result<()> {
    let me = require_me(cx)?;
    let team = team(cx)?;
    let display_name = validate::display_name(&input.display_name)?;
    let handle = validate::handle(&input.handle)?;
    let time_zone = validate::time_zone(&input.time_zone)?.name().to_owned();
    let working_hours = validate::weekly_hours(&input.working_hours)?;
    let team_name = validate::team_name(&input.team_name)?;
    let update = member_update(&me, handle.clone(), display_name, time_zone, working_hours);
    let team_rename = match team {
        Some(team) if team.name != team_name => Some(OpPayload::TeamRenamed {
            team_id: team.id,
            name: team_name,
        }),
        _ => None,
    };
    let (member_changed, team_changed) = (update.is_some(), team_rename.is_some());
    cx.store.transact(cx.clock.now(), |tx| {
        ensure_handle_free(tx, &handle, Some(&me.id))?;
        Ok((update.into_iter().chain(team_rename).collect(), ()))
    })?;
    if member_changed {
        cx.emit(CoreEvent::ProfileChanged);
    }
    if team_changed {
        cx.emit(CoreEvent::TeamChanged);
    }
    Ok(())
}

pub(crate) fn require_me(cx: &Ctx) -> Result<Member> {
    me(cx)?.ok_or_else(|| {
        Error::Conflict(
            "Meridian is not set up yet. Finish onboarding in the app, or run `meridian init`."
                .into(),
        )
    })
}

/// Links another device to me: its ops may then change my profile, focus and settings (a
/// second computer of mine). Ops it sent before count from now on too.
pub(crate) fn link_device(cx: &mut Ctx, device_id: &str) -> Result<()> {
    let me = require_me(cx)?;
    let device_id = device_id.trim();
    if device_id.is_empty() || device_id.contains(char::is_whitespace) {
        return Err(Error::invalid(
            "device",
            "Give the device's id as `meridian doctor` shows it on that device (no spaces).",
        ));
    }
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::DeviceLinked {
            device_id: device_id.to_owned(),
            member_id: me.id,
        }],
    )?;
    cx.emit(CoreEvent::ProfileChanged);
    Ok(())
}
