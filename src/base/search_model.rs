//! View types of search, shared with the UI through ts-rs. Snippets are plain text split into
//! matched and unmatched parts, so the UI renders them as text and never as HTML.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A piece of a snippet; `hit` marks the words the query matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// Where opening a result goes: the thread (scrolled to a comment), the doc (at a comment),
/// the channel, or the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum SearchTarget {
    Thread {
        channel_id: String,
        thread_id: String,
        comment_id: Option<String>,
    },
    Doc {
        doc_id: String,
        comment_id: Option<String>,
    },
    Channel {
        channel_id: String,
    },
    Member {
        handle: String,
    },
    Task {
        task_id: String,
    },
    Goal {
        goal_id: String,
    },
    /// One of my captures (nobody else's are indexed).
    Capture {
        capture_id: String,
    },
    Decision {
        decision_id: String,
    },
    Change {
        cr_id: String,
    },
    /// A check-in answer: its schedule's occurrence on that date.
    Checkin {
        schedule_id: String,
        date: String,
    },
}

/// One result: what it is, where it lives, when, and the matched words in context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    /// The item's id (a thread, comment, doc, doc comment, channel, member, task, goal, capture,
    /// decision or change request).
    pub id: String,
    /// `thread`, `comment`, `doc`, `doc_comment`, `channel`, `member`, `task`, `goal`, `capture`,
    /// `decision` or `change`.
    pub kind: String,
    /// The item's title (a comment's is its thread's), with the matched words marked.
    pub title: Vec<SnippetPart>,
    /// A passage of the text around the matched words.
    pub snippet: Vec<SnippetPart>,
    /// Where it lives, such as "#general › Launch plan" or "Docs".
    pub location: String,
    /// When it was written (a doc: its current version), RFC 3339 UTC.
    pub at: Option<String>,
    /// The author's @handle, when the item has one.
    pub author: Option<String>,
    pub archived: bool,
    pub target: SearchTarget,
    pub score: f32,
}

/// How far the index has come: `done` of `total` (ops of the log read into it, or while it
/// is built from empty, rows of the tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IndexProgress {
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub total: i64,
}

/// A page of results, and whether the index is still catching up with the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// Set while the index is behind the log (being built); results may be incomplete.
    pub indexing: Option<IndexProgress>,
}
