//! Conversations and documents: channels, titled threads with nested comments, reactions,
//! thanks, @mentions and docs with a revision graph. Every change is an op; archived items
//! leave default lists but nothing is ever deleted.

pub mod diff;
pub mod markdown;

mod channels;
mod docs;
mod expectations;
mod mentions;
mod outbox;
mod reactions;
mod threads;

pub(crate) use channels::*;
pub use channels::{describe_expectation, parse_expectation, WORKING_DAY_HOURS};
pub use docs::anchor;
pub(crate) use docs::*;
pub(crate) use expectations::*;
pub(crate) use mentions::*;
pub(crate) use outbox::*;
pub(crate) use reactions::*;
pub use reactions::{parse_emoji, EMOJI};
pub(crate) use threads::*;
pub use threads::{ThreadFilter, SHOWN_DEPTH};

use crate::base::model::{Member, PersonRef};
use crate::base::{Error, Result};
use crate::log::ops::MentionV1;
use crate::log::Ctx;
use crate::people;
use std::collections::HashMap;

/// The longest thread title, in characters.
pub const TITLE_MAX: usize = 200;
/// The longest thread or comment body, in characters.
pub const BODY_MAX: usize = 20_000;
/// The longest doc body, in characters.
pub const DOC_BODY_MAX: usize = 200_000;

/// Everyone on the team by id, to name authors without a query per row.
pub(crate) struct People(HashMap<String, Member>);

impl People {
    pub(crate) fn load(cx: &Ctx) -> Result<People> {
        Ok(People(
            people::members(cx)?
                .into_iter()
                .map(|member| (member.id.clone(), member))
                .collect(),
        ))
    }

    pub(crate) fn person(&self, id: &str) -> Option<PersonRef> {
        self.0.get(id).map(person_ref)
    }

    pub(crate) fn member(&self, id: &str) -> Option<&Member> {
        self.0.get(id)
    }

    pub(crate) fn by_handle(&self, handle: &str) -> Option<&Member> {
        let handle = handle.trim_start_matches('@').to_lowercase();
        self.0
            .values()
            .find(|member| member.handle.trim_start_matches('@').to_lowercase() == handle)
    }

    /// The body rendered to sanitised HTML, its mentions shown under today's handles.
    pub(crate) fn render(&self, body: &str, mentions_json: &str) -> Result<String> {
        let mentions: Vec<MentionV1> = serde_json::from_str(mentions_json)?;
        Ok(self.render_with(body, &mentions))
    }

    pub(crate) fn render_with(&self, body: &str, mentions: &[MentionV1]) -> String {
        let current: Vec<(String, String, String)> = mentions
            .iter()
            .map(|mention| {
                let handle = self
                    .0
                    .get(&mention.member_id)
                    .map(|member| bare(&member.handle).to_owned())
                    .unwrap_or_else(|| mention.handle.clone());
                (
                    mention.handle.to_lowercase(),
                    mention.member_id.clone(),
                    handle,
                )
            })
            .collect();
        let refs: Vec<markdown::MentionRef<'_>> = current
            .iter()
            .map(|(written, member_id, handle)| markdown::MentionRef {
                written,
                member_id,
                handle,
            })
            .collect();
        markdown::render(
            body,
            &markdown::RenderOptions {
                remote_images: false,
                mentions: &refs,
            },
        )
    }
}

pub(crate) fn person_ref(member: &Member) -> PersonRef {
    PersonRef {
        id: member.id.clone(),
        handle: member.handle.clone(),
        display_name: member.display_name.clone(),
    }
}

/// A handle without its leading '@'.
pub(crate) fn bare(handle: &str) -> &str {
    handle.trim_start_matches('@')
}

/// A new id for an item or revision.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A title: trimmed, 1 to [`TITLE_MAX`] characters.
pub(crate) fn checked_title(field: &'static str, title: &str) -> Result<String> {
    let title = title.trim();
    let length = title.chars().count();
    if length == 0 {
        return Err(Error::invalid(
            field,
            "The title is empty: give it a few words that say what this is about.",
        ));
    }
    if length > TITLE_MAX {
        return Err(Error::invalid(
            field,
            format!("The title has {length} characters; keep it to {TITLE_MAX} and put the rest in the body."),
        ));
    }
    Ok(title.to_owned())
}

/// A Markdown body: at most `max` characters; `required` refuses an empty one.
pub(crate) fn checked_body(
    field: &'static str,
    body: &str,
    max: usize,
    required: bool,
) -> Result<String> {
    let body = body.trim_end();
    let length = body.chars().count();
    if required && body.trim().is_empty() {
        return Err(Error::invalid(
            field,
            "The text is empty: write something first.",
        ));
    }
    if length > max {
        return Err(Error::invalid(
            field,
            format!("The text has {length} characters, over the limit of {max}; shorten it or split it up."),
        ));
    }
    Ok(body.to_owned())
}

/// A short plain-text excerpt of a Markdown body for lists and notifications.
pub(crate) fn excerpt(body: &str, max: usize) -> String {
    let flat: String = body
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !matches!(c, '#' | '*' | '`' | '>' | '_'))
        .collect();
    let flat = flat.trim();
    if flat.chars().count() <= max {
        flat.to_owned()
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}
