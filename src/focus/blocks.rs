//! Recurring deep-work blocks: adding, listing and archiving them.

#[allow(unused_imports)]
use super::*;
use crate::base::events::CoreEvent;
use crate::base::model::FocusBlock;
use crate::base::{validate, Error, Result};
use crate::log::ops::OpPayload;
use crate::log::Ctx;
use crate::{people, team};

/// Adds a recurring focus block. Refuses one that overlaps another on a shared weekday.
pub(crate) fn add_focus_block(
    cx: &mut Ctx,
    handle: &str,
    weekdays: &[u8],
    start: &str,
    end: &str,
    label: Option<&str>,
) -> Result<FocusBlock> {
    let member = people::member_by_handle(cx, handle)?;
    let mut days: Vec<u8> = weekdays.to_vec();
    days.sort_unstable();
    days.dedup();
    if days.is_empty() || days.iter().any(|day| *day > 6) {
        return Err(Error::invalid(
            "weekdays",
            "Pick at least one weekday, Monday (mon) to Sunday (sun).",
        ));
    }
    let start_minutes =
        validate::clock_time(start, false).map_err(|err| team::retarget(err, "start"))?;
    let end_minutes = validate::clock_time(end, true).map_err(|err| team::retarget(err, "end"))?;
    if end_minutes <= start_minutes {
        return Err(Error::invalid("end", format!("The focus block {start}–{end} ends before it starts; the end must be later on the same day.")));
    }
    let label = validate::focus_label(label)?;
    for existing in focus_blocks(cx, Some(&member.handle))? {
        let shared = existing.weekdays.iter().any(|day| days.contains(day));
        let (other_start, other_end) = (
            validate::clock_time(&existing.start, false)?,
            validate::clock_time(&existing.end, true)?,
        );
        if shared && start_minutes < other_end && other_start < end_minutes {
            return Err(Error::invalid(
                "start",
                format!(
                    "{start}–{end} overlaps the focus block {}–{}{} on a shared day. Change the times, or remove that block first.",
                    existing.start,
                    existing.end,
                    existing.label.as_deref().map(|label| format!(" ({label})")).unwrap_or_default()
                ),
            ));
        }
    }
    let block = FocusBlock {
        id: uuid::Uuid::now_v7().to_string(),
        member_id: member.id.clone(),
        weekdays: days,
        start: validate::format_minutes(start_minutes),
        end: validate::format_minutes(end_minutes),
        label,
    };
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::FocusBlockAdded {
            block_id: block.id.clone(),
            member_id: block.member_id.clone(),
            weekdays: block.weekdays.clone(),
            start: block.start.clone(),
            end: block.end.clone(),
            label: block.label.clone(),
        }],
    )?;
    cx.emit(CoreEvent::FocusChanged);
    Ok(block)
}

/// Recurring focus blocks of one member (or everyone's), by start time.
pub(crate) fn focus_blocks(cx: &Ctx, handle: Option<&str>) -> Result<Vec<FocusBlock>> {
    let member_id = handle
        .map(|handle| people::member_by_handle(cx, handle))
        .transpose()?
        .map(|member| member.id);
    team::focus_blocks_of(cx, member_id.as_deref())
}

/// Archives a focus block (it stays in the log; it no longer recurs).
pub(crate) fn remove_focus_block(cx: &mut Ctx, block_id: &str) -> Result<()> {
    let exists: bool = cx.store.conn().query_row(
        "SELECT EXISTS(SELECT 1 FROM focus_blocks WHERE id = ?1 AND archived = 0)",
        [block_id],
        |row| row.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound(format!(
            "No focus block with id {block_id}. `meridian focus block list` shows the ids."
        )));
    }
    cx.store.append(
        cx.clock.now(),
        vec![OpPayload::FocusBlockArchived {
            block_id: block_id.to_owned(),
        }],
    )?;
    cx.emit(CoreEvent::FocusChanged);
    Ok(())
}
