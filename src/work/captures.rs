//! Quick capture: a private list of one-line thoughts, written from anywhere (the global
//! shortcut's small window, the tray, `meridian capture`), later triaged in one step into a
//! task, a thread or a doc. Only the person who wrote a capture sees it.

use crate::base::events::CoreEvent;
use crate::base::model::{CaptureView, TaskInput};
use crate::base::{Error, Result};
use crate::content;
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use rusqlite::OptionalExtension;

/// Saves a capture to my private list.
pub(crate) fn add_capture(cx: &mut Ctx, text: &str) -> Result<CaptureView> {
    let me = people::require_me(cx)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(
            "text",
            "The capture is empty: type the thought first.",
        ));
    }
    let length = text.chars().count();
    if length > super::CAPTURE_MAX {
        return Err(Error::invalid(
            "text",
            format!(
                "The capture has {length} characters; keep it under {} and write a doc for more.",
                super::CAPTURE_MAX
            ),
        ));
    }
    let capture_id = content::new_id();
    cx.store.append(
        cx.now(),
        vec![OpPayload::CaptureAdded {
            capture_id: capture_id.clone(),
            member_id: me.id,
            text: text.to_owned(),
            created_at: format_instant(cx.now()),
        }],
    )?;
    cx.emit(CoreEvent::BoardChanged);
    capture(cx, &capture_id)
}

const CAPTURE_COLUMNS: &str = "id, text, created_at, triaged_kind, triaged_id";

fn capture_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<CaptureView> {
    Ok(CaptureView {
        id: row.get(0)?,
        text: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
        created_at: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
        triaged_kind: row.get(3)?,
        triaged_id: row.get(4)?,
    })
}

/// My captures, newest first; triaged ones only when asked.
pub(crate) fn captures(cx: &Ctx, include_triaged: bool) -> Result<Vec<CaptureView>> {
    let Some(me) = people::me(cx)? else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT {CAPTURE_COLUMNS} FROM captures
         WHERE member_id = ?1 AND created_lww != '' AND (?2 OR triaged_kind IS NULL)
         ORDER BY created_at DESC, id DESC"
    );
    let rows = cx
        .store
        .conn()
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![me.id, include_triaged], capture_from)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One of my captures.
pub(crate) fn capture(cx: &Ctx, capture_id: &str) -> Result<CaptureView> {
    let me = people::require_me(cx)?;
    let sql = format!(
        "SELECT {CAPTURE_COLUMNS} FROM captures WHERE id = ?1 AND member_id = ?2 AND created_lww != ''"
    );
    cx.store
        .conn()
        .prepare_cached(&sql)?
        .query_row(rusqlite::params![capture_id.trim(), me.id], capture_from)
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "You have no capture with the id {:?}; `meridian capture list` shows yours.",
                capture_id.trim()
            ))
        })
}

/// What a capture becomes: its first line is the title, the rest the body.
fn title_and_body(text: &str) -> (String, String) {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().trim();
    let title = content::clip(first, content::TITLE_MAX);
    let rest: Vec<&str> = lines.collect();
    let mut body = rest.join("\n").trim().to_owned();
    if first.chars().count() > content::TITLE_MAX {
        // Nothing is lost: the whole first line goes into the body when the title is cut.
        body = format!("{first}\n\n{body}").trim().to_owned();
    }
    (title, body)
}

/// Turns a capture into a task, a thread (in `channel`) or a doc, in one step. Says what it
/// became; a capture is triaged once.
pub(crate) fn triage_capture(
    cx: &mut Ctx,
    capture_id: &str,
    kind: &str,
    channel: Option<&str>,
) -> Result<CaptureView> {
    let me = people::require_me(cx)?;
    let capture = capture(cx, capture_id)?;
    if let (Some(kind), Some(_)) = (&capture.triaged_kind, &capture.triaged_id) {
        return Err(Error::Conflict(format!(
            "This capture already became a {kind}; open that instead."
        )));
    }
    let (title, body) = title_and_body(&capture.text);
    let kind = kind.trim().to_lowercase();
    // Everything is checked before the first write.
    let item_id = match kind.as_str() {
        "task" => {
            let input = TaskInput {
                title,
                body,
                owner: Some(me.handle.clone()),
                ..TaskInput::default()
            };
            super::create_task(cx, &input)?.card.id
        }
        "thread" => {
            let channel = channel
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .ok_or_else(|| {
                    Error::invalid(
                        "channel",
                        "A thread needs a channel: name one, such as general.",
                    )
                })?;
            let channel_id = content::resolve_channel(cx, channel)?;
            content::create_thread(cx, &channel_id, &title, &body, false)?.id
        }
        "doc" => content::create_doc(cx, &title, &capture.text, None)?.id,
        other => {
            return Err(Error::invalid(
                "kind",
                format!("A capture becomes a task, a thread or a doc, not “{other}”."),
            ))
        }
    };
    cx.store.append(
        cx.now(),
        vec![OpPayload::CaptureTriaged {
            capture_id: capture.id.clone(),
            member_id: me.id,
            kind: kind.clone(),
            item_id,
            triaged_at: format_instant(cx.now()),
        }],
    )?;
    cx.emit(CoreEvent::BoardChanged);
    self::capture(cx, &capture.id)
}
