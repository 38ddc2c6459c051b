//! View and input types of conversations and documents, shared with the UI through ts-rs.
//! Instants are RFC 3339 in UTC; `body_html` is always the core's sanitised rendering.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who wrote or did something, as a list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonRef {
    pub id: String,
    pub handle: String,
    pub display_name: String,
}

/// A channel, with my view of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Channel {
    pub id: String,
    pub name: String,
    pub private: bool,
    /// Why a private channel is private; shown in its header.
    pub reason: Option<String>,
    /// Replies expected within this many of the recipient's working hours.
    pub expect_hours: Option<u32>,
    /// The expectation in words, such as "Replies within 1 working day".
    pub expectation: Option<String>,
    pub archived: bool,
    pub created_at: String,
    pub author: Option<PersonRef>,
    /// Members of a private channel (empty for an open one: everyone may read it).
    pub members: Vec<PersonRef>,
    /// Whether I may read it.
    pub can_see: bool,
    #[ts(type = "number")]
    pub thread_count: i64,
    #[ts(type = "number")]
    pub unread_count: i64,
}

/// What creating or changing a channel asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChannelInput {
    pub name: String,
    pub private: bool,
    pub reason: Option<String>,
    /// A response expectation such as "1d" (working days of 8 working hours) or "4h"; empty
    /// for none.
    pub expect: Option<String>,
    /// @handles of a private channel's members besides me.
    pub members: Vec<String>,
}

/// One emoji on one item, with who chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReactionGroup {
    pub emoji: String,
    pub people: Vec<PersonRef>,
    pub mine: bool,
}

/// A thread as lists show it, with my state of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThreadSummary {
    pub id: String,
    pub channel_id: String,
    pub channel_name: String,
    pub title: String,
    pub excerpt: String,
    pub author: Option<PersonRef>,
    pub created_at: String,
    pub last_activity_at: String,
    #[ts(type = "number")]
    pub comment_count: i64,
    pub resolved: bool,
    pub archived: bool,
    pub following: bool,
    pub unread: bool,
    pub done: bool,
}

/// A comment in a thread, placed for display: `depth` is 0, 1 or 2; a deeper reply is shown
/// at depth 2 with `replying_to` naming whom it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommentView {
    pub id: String,
    pub parent_id: Option<String>,
    pub author: Option<PersonRef>,
    pub body: String,
    pub body_html: String,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub archived: bool,
    pub depth: u32,
    pub replying_to: Option<String>,
    pub revision_count: u32,
    pub reactions: Vec<ReactionGroup>,
}

/// Thanks given to one or more people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThanksView {
    pub id: String,
    pub from: Option<PersonRef>,
    pub to: Vec<PersonRef>,
    pub note: Option<String>,
    pub item_id: Option<String>,
    pub created_at: String,
}

/// A thread with its body and every comment, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThreadDetail {
    pub summary: ThreadSummary,
    pub body: String,
    pub body_html: String,
    pub edited_at: Option<String>,
    pub revision_count: u32,
    pub reactions: Vec<ReactionGroup>,
    pub comments: Vec<CommentView>,
    pub thanks: Vec<ThanksView>,
    /// The channel's header facts: private and why, and its response expectation.
    pub channel: Channel,
}

/// One version of a thread or comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemRevision {
    pub id: String,
    pub title: Option<String>,
    pub body: String,
    pub author: Option<PersonRef>,
    pub created_at: String,
}

/// What was written, and what the writer should know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Posted {
    pub id: String,
    /// Such as "@zed is not a teammate; the text stays as written".
    pub warnings: Vec<String>,
    /// Notifications held for the recipient's working hours, such as "@aroha gets it at 09:00
    /// their time (Tuesday)".
    pub held: Vec<String>,
}

/// For each person a draft mentions: their local time and when they will see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MentionPreview {
    pub person: PersonRef,
    pub time_zone: String,
    /// Their wall time now, "HH:MM".
    pub local_time: String,
    /// Whether a notification would reach them now.
    pub available_now: bool,
    /// When they will see it (RFC 3339 UTC), when not now.
    pub sees_at: Option<String>,
    /// "23:10 for Aroha — they'll see it at 09:00 their time (Mon)".
    pub sentence: String,
    /// False when the channel is private and they are not in it.
    pub can_see: bool,
}

/// A draft's mentions: who they resolve to, and the handles that match nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftCheck {
    pub mentions: Vec<MentionPreview>,
    pub unknown: Vec<String>,
    pub body_html: String,
}

/// A doc as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocSummary {
    pub id: String,
    pub title: String,
    pub author: Option<PersonRef>,
    pub created_at: String,
    pub updated_at: String,
    pub archived: bool,
    /// More than one when devices edited offline and nobody has merged the versions yet.
    pub head_count: u32,
    pub revision_count: u32,
}

/// One immutable revision of a doc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocRevisionInfo {
    pub id: String,
    pub parents: Vec<String>,
    pub title: String,
    pub summary: Option<String>,
    pub author: Option<PersonRef>,
    pub created_at: String,
    pub is_head: bool,
}

/// A comment anchored to a passage of a doc. `anchored` is false when the quoted text is no
/// longer in the shown revision ("the quoted text changed").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocCommentView {
    pub id: String,
    pub quote: String,
    pub anchored: bool,
    /// Where the quote starts in the shown body, in characters.
    pub start: Option<u32>,
    pub body: String,
    pub body_html: String,
    pub author: Option<PersonRef>,
    pub created_at: String,
    pub archived: bool,
}

/// A doc at one revision (the latest head unless asked otherwise), with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocDetail {
    pub summary: DocSummary,
    pub revision: DocRevisionInfo,
    pub body: String,
    pub body_html: String,
    /// The revisions nobody has built on yet, newest first; two or more need a merge.
    pub heads: Vec<DocRevisionInfo>,
    /// Every revision, newest first.
    pub revisions: Vec<DocRevisionInfo>,
    pub comments: Vec<DocCommentView>,
}

/// One version of a doc waiting to be merged, with its text, for the side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocHead {
    pub revision: DocRevisionInfo,
    pub body: String,
}

/// A word-level comparison of two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocDiff {
    pub from: DocRevisionInfo,
    pub to: DocRevisionInfo,
    pub chunks: Vec<DiffChunk>,
}

/// Whether a stretch of text is in both versions, only the new one, or only the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffTag {
    Equal,
    Insert,
    Delete,
}

/// A stretch of a word-level diff; whitespace is kept, so the chunks rebuild both texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffChunk {
    pub tag: DiffTag,
    pub text: String,
}
