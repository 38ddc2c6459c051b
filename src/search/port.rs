//! The `SearchIndex` port: what the core needs from a full-text engine, in the core's own
//! types. Implementations synchronise internally (`&self`), so the app's reader and its
//! background indexer can share one.

use crate::base::model::SnippetPart;
use crate::base::Result;

/// One item's searchable document, as extracted from the projected tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDoc {
    /// The item's id; a document with the same id replaces the old one.
    pub id: String,
    /// `thread`, `comment`, `doc`, `doc_comment`, `channel`, `member`, …
    pub kind: &'static str,
    pub title: String,
    /// Plain text (Markdown reduced to its words).
    pub body: String,
    pub author_id: Option<String>,
    /// The channel whose readers may see it (`None`: everyone on the team).
    pub channel_id: Option<String>,
    /// When it was written (a doc: its current version), milliseconds since the epoch.
    pub at_ms: i64,
    /// Archived itself, or inside something archived.
    pub archived: bool,
    /// Still open: an unresolved thread (or a comment in one).
    pub open: bool,
    pub blocker: bool,
}

/// A query with names resolved to ids; every field narrows the results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexQuery {
    /// Each must appear in the title or the text.
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    /// Matches any word beginning with it.
    pub prefix: Option<String>,
    /// Words or phrases that must not appear.
    pub excluded: Vec<String>,
    /// Any of these kinds (empty: all).
    pub kinds: Vec<String>,
    /// Any of these authors (empty: all).
    pub authors: Vec<String>,
    /// Any of these channels (empty: all).
    pub channels: Vec<String>,
    /// Channels the reader may not see: never in the results.
    pub hidden_channels: Vec<String>,
    /// `true`: archived items only; `false`: no archived items.
    pub archived: bool,
    pub open: bool,
    pub blocker: bool,
    pub after_ms: Option<i64>,
    pub before_ms: Option<i64>,
    /// Now, for the recency boost.
    pub now_ms: i64,
}

/// A match, best first, with the matched words marked in its title and text.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexHit {
    pub id: String,
    pub kind: String,
    pub score: f32,
    pub title: Vec<SnippetPart>,
    pub snippet: Vec<SnippetPart>,
}

/// A full-text index of the log's items.
pub trait SearchIndex: Send + Sync {
    /// The op-log position (the `ops` rowid) everything up to which is in the index; `None`
    /// for an index that holds nothing yet (new, or found unreadable and started again).
    fn position(&self) -> Result<Option<i64>>;
    /// Stages `docs`, each replacing the document with the same id; `new` says none of them
    /// is in the index yet (a build from empty), so there is nothing to replace. Nothing is
    /// visible (or durable) until the next `commit`, so the engine may index them while more
    /// are read.
    fn add(&self, docs: Vec<IndexDoc>, new: bool) -> Result<()>;
    /// Makes everything staged visible and durable, with `position` as the log position it
    /// covers, in one commit: after a crash the index holds either all of it or none.
    fn commit(&self, position: i64) -> Result<()>;
    /// Commits a build from empty that is not finished: what is staged becomes durable with
    /// `cursor` (the core's own note of where the build is) in place of a position, which
    /// stays `None` until the build commits with [`SearchIndex::commit`].
    fn commit_building(&self, cursor: &str) -> Result<()>;
    /// The cursor of the last [`SearchIndex::commit_building`], while that build is unfinished.
    fn build_cursor(&self) -> Result<Option<String>>;
    /// The best `limit` matches.
    fn search(&self, query: &IndexQuery, limit: usize) -> Result<Vec<IndexHit>>;
    /// Empties the index, so the next catch-up rebuilds it from the whole log.
    fn clear(&self) -> Result<()>;
}
