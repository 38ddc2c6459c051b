//! The search query language, parsed by a pure function: words, "exact phrases", a prefix on
//! the last word as you type, `-word` to exclude, and the operators `from:@handle`,
//! `in:#channel`, `is:…`, `has:blocker`, `before:` / `after:` (dates in the reader's zone).
//! Bad syntax is an `Error::Invalid` whose message says how to write it instead.

use crate::base::{Error, Result};
use crate::time::resolve_local;
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

/// What `is:` accepts, and the item kinds each value selects. Adding a searchable kind adds a
/// row here (and its extraction function in `extract.rs`).
pub const IS_KINDS: &[(&str, &[&str])] = &[
    ("thread", &["thread", "comment"]),
    ("comment", &["comment"]),
    ("doc", &["doc", "doc_comment"]),
    ("channel", &["channel"]),
    ("member", &["member"]),
    ("task", &["task"]),
    ("goal", &["goal"]),
    ("capture", &["capture"]),
    ("decision", &["decision"]),
    ("change", &["change"]),
    ("checkin", &["checkin"]),
];

/// The operators, for hints.
const OPERATORS: &str = "from:@handle, in:#channel, \
     is:thread|doc|channel|member|task|goal|capture|decision|change|checkin|open|archived, \
     has:blocker, before:YYYY-MM-DD, after:YYYY-MM-DD";

/// A parsed query, before handles and channel names are resolved to ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Words every result contains (in its title or text).
    pub words: Vec<String>,
    /// Exact phrases every result contains.
    pub phrases: Vec<String>,
    /// The last word while it is being typed: matches any word it begins.
    pub prefix: Option<String>,
    /// Words and phrases no result contains.
    pub excluded: Vec<String>,
    /// `from:` handles, without the `@`.
    pub from: Vec<String>,
    /// `in:` channel names, without the `#`.
    pub channels: Vec<String>,
    /// Item kinds selected by `is:` (empty: every kind).
    pub kinds: Vec<String>,
    pub open: bool,
    pub archived: bool,
    pub blocker: bool,
    /// Items from this instant on (the start of the reader's local day).
    pub after: Option<DateTime<Utc>>,
    /// Items before this instant (the start of the reader's local day).
    pub before: Option<DateTime<Utc>>,
}

impl ParsedQuery {
    /// Whether the query says nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == ParsedQuery::default()
    }
}

fn invalid(message: String) -> Error {
    Error::Invalid {
        field: "query",
        message,
    }
}

/// Splits the text into tokens; quotes group words (and may follow a `-` or an operator).
fn tokens(text: &str) -> Result<Vec<String>> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                current.push(ch);
            }
            ch if ch.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            ch => current.push(ch),
        }
    }
    if quoted {
        return Err(invalid(format!(
            "The quote in {} is not closed: add a closing \" to search for the exact \
             phrase, or remove the quote.",
            current.trim_end()
        )));
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    Ok(tokens)
}

/// The text of a quoted token without its quotes, or `None` when it is not quoted.
fn unquote(token: &str) -> Option<&str> {
    token
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
}

/// Parses `text` as the reader types it. `zone` is the reader's time zone (dates are their
/// local days); `today` resolves `today` and `yesterday`.
pub fn parse(text: &str, zone: Tz, now: DateTime<Utc>) -> Result<ParsedQuery> {
    let mut query = ParsedQuery::default();
    let tokens = tokens(text)?;
    let typing_last = !text.ends_with(char::is_whitespace);
    let count = tokens.len();
    for (position, token) in tokens.into_iter().enumerate() {
        if let Some(phrase) = unquote(&token) {
            push_phrase(&mut query.phrases, &mut query.words, phrase);
            continue;
        }
        if let Some(rest) = token.strip_prefix('-') {
            let excluded = unquote(rest).unwrap_or(rest).trim().to_owned();
            if !excluded.is_empty() {
                query.excluded.push(excluded);
            }
            continue;
        }
        if let Some((name, value)) = operator(&token) {
            apply_operator(&mut query, name, value, zone, now)?;
            continue;
        }
        if token.contains('"') {
            return Err(invalid(format!(
                "{token} mixes a word and a quote: put the quotes around the whole phrase, \
                 like \"release notes\"."
            )));
        }
        if position + 1 == count && typing_last {
            query.prefix = Some(token);
        } else {
            query.words.push(token);
        }
    }
    Ok(query)
}

/// A phrase of one word is a word.
fn push_phrase(phrases: &mut Vec<String>, words: &mut Vec<String>, phrase: &str) {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return;
    }
    if phrase.split_whitespace().count() == 1 {
        words.push(phrase.to_owned());
    } else {
        phrases.push(phrase.to_owned());
    }
}

/// `name:value` when `name` is all letters; "12:30" and "https://…" stay words.
fn operator(token: &str) -> Option<(&str, &str)> {
    let (name, value) = token.split_once(':')?;
    if name.is_empty() || !name.chars().all(|ch| ch.is_ascii_alphabetic()) {
        return None;
    }
    if value.starts_with("//") {
        return None;
    }
    Some((name, value))
}

fn apply_operator(
    query: &mut ParsedQuery,
    name: &str,
    value: &str,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<()> {
    let lower = name.to_ascii_lowercase();
    let value = unquote(value).unwrap_or(value);
    if value.is_empty() {
        return Err(invalid(format!(
            "{name}: needs a value right after the colon, such as {}.",
            example(&lower)
        )));
    }
    match lower.as_str() {
        "from" => query
            .from
            .push(value.trim_start_matches('@').to_ascii_lowercase()),
        "in" => query
            .channels
            .push(value.trim_start_matches('#').to_owned()),
        "is" => match value.to_ascii_lowercase().as_str() {
            "open" => query.open = true,
            "archived" => query.archived = true,
            kind => {
                let Some((_, kinds)) = IS_KINDS.iter().find(|(name, _)| *name == kind) else {
                    let known: Vec<&str> = IS_KINDS.iter().map(|(name, _)| *name).collect();
                    return Err(invalid(format!(
                        "is:{value} is not something Meridian searches for. Use is:{}, is:open \
                         or is:archived.",
                        known.join(", is:")
                    )));
                };
                for kind in *kinds {
                    if !query.kinds.iter().any(|known| known == kind) {
                        query.kinds.push((*kind).to_owned());
                    }
                }
            }
        },
        "has" => match value.to_ascii_lowercase().as_str() {
            "blocker" => query.blocker = true,
            _ => {
                return Err(invalid(format!(
                    "has:{value} is not a filter; has:blocker finds items with a blocker."
                )))
            }
        },
        "before" => query.before = Some(start_of_day(value, name, zone, now)?),
        "after" => query.after = Some(start_of_day(value, name, zone, now)?),
        _ => {
            return Err(invalid(format!(
                "{name}: is not an operator. Use {OPERATORS}, or put \"{name}:{value}\" in \
                 quotes to search for the text."
            )))
        }
    }
    Ok(())
}

fn example(operator: &str) -> &'static str {
    match operator {
        "from" => "from:@priya",
        "in" => "in:#general",
        "is" => "is:thread",
        "has" => "has:blocker",
        "before" => "before:2026-03-01",
        "after" => "after:2026-03-01",
        _ => "from:@priya",
    }
}

/// The first instant of a local day (`YYYY-MM-DD`, `today` or `yesterday`) in `zone`; a
/// midnight skipped by a DST change means the first instant after it.
fn start_of_day(value: &str, name: &str, zone: Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let today = now.with_timezone(&zone).date_naive();
    let day = match value.to_ascii_lowercase().as_str() {
        "today" => today,
        "yesterday" => today.checked_sub_days(Days::new(1)).unwrap_or(today),
        _ => NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
            invalid(format!(
                "{name}:{value} is not a date. Write the day as YYYY-MM-DD (for example \
                 {name}:2026-03-01), or {name}:today or {name}:yesterday."
            ))
        })?,
    };
    Ok(resolve_local(zone, day.and_time(chrono::NaiveTime::MIN)))
}
