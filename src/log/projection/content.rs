//! How the ops of conversations and documents become projection rows. Bodies and titles are
//! last-writer-wins per item; revisions, reactions, thanks and doc revisions are rows of
//! their own, so nothing an edit replaces is lost.

use super::{optional, text, RowWrite};
use crate::base::Result;
use crate::log::ops::{MentionV1, OpPayload};
use rusqlite::types::Value;

fn flag(value: bool) -> Value {
    Value::Integer(i64::from(value))
}

fn mentions_json(mentions: &[MentionV1]) -> Result<Value> {
    Ok(Value::Text(serde_json::to_string(mentions)?))
}

/// A channel's settings, written together under one stamp by its creation and every change.
fn settings(
    name: &str,
    private: bool,
    reason: &Option<String>,
    expect_hours: Option<u32>,
) -> Vec<super::Field> {
    vec![
        ("name", "settings_lww", text(name)),
        ("private", "settings_lww", flag(private)),
        ("reason", "settings_lww", optional(reason)),
        (
            "expect_hours",
            "settings_lww",
            expect_hours.map_or(Value::Null, |hours| Value::Integer(i64::from(hours))),
        ),
    ]
}

/// The rows `payload` writes, stamped with `key`.
pub(super) fn row_writes(key: &str, payload: &OpPayload) -> Result<Vec<RowWrite>> {
    let writes = match payload {
        OpPayload::ChannelCreated {
            channel_id,
            author_id,
            name,
            private,
            reason,
            expect_hours,
            created_at,
        } => vec![RowWrite::new(
            "channels",
            channel_id,
            key,
            [
                vec![
                    ("author_id", "created_lww", text(author_id)),
                    ("created_at", "created_lww", text(created_at)),
                ],
                settings(name, *private, reason, *expect_hours),
            ]
            .concat(),
        )],
        OpPayload::ChannelSettingsSet {
            channel_id,
            name,
            private,
            reason,
            expect_hours,
        } => vec![RowWrite::new(
            "channels",
            channel_id,
            key,
            settings(name, *private, reason, *expect_hours),
        )],
        OpPayload::ChannelMemberSet {
            channel_id,
            member_id,
            is_member,
        } => vec![RowWrite::new(
            "channel_members",
            &format!("{channel_id} {member_id}"),
            key,
            vec![
                ("channel_id", "member_lww", text(channel_id)),
                ("member_id", "member_lww", text(member_id)),
                ("is_member", "member_lww", flag(*is_member)),
            ],
        )],
        OpPayload::ArchiveSet {
            item_id,
            item,
            archived,
        } => {
            let table = match item.as_str() {
                "channel" => "channels",
                "thread" => "threads",
                "comment" => "comments",
                "doc" => "docs",
                "doc_comment" => "doc_comments",
                // A kind this version does not know: the op stays in the log for a later one.
                _ => return Ok(Vec::new()),
            };
            vec![RowWrite::new(
                table,
                item_id,
                key,
                vec![("archived", "archived_lww", flag(*archived))],
            )]
        }
        OpPayload::ThreadCreated {
            thread_id,
            channel_id,
            author_id,
            title,
            body,
            mentions,
            created_at,
        } => vec![
            RowWrite::new(
                "threads",
                thread_id,
                key,
                vec![
                    ("channel_id", "created_lww", text(channel_id)),
                    ("author_id", "created_lww", text(author_id)),
                    ("created_at", "created_lww", text(created_at)),
                    ("title", "body_lww", text(title)),
                    ("body", "body_lww", text(body)),
                    ("mentions", "body_lww", mentions_json(mentions)?),
                    ("last_activity_at", "activity_lww", text(created_at)),
                ],
            ),
            revision(
                key,
                thread_id,
                thread_id,
                Some(title),
                body,
                author_id,
                created_at,
            ),
        ],
        OpPayload::ThreadEdited {
            thread_id,
            revision_id,
            author_id,
            title,
            body,
            mentions,
            edited_at,
        } => vec![
            RowWrite::new(
                "threads",
                thread_id,
                key,
                vec![
                    ("title", "body_lww", text(title)),
                    ("body", "body_lww", text(body)),
                    ("mentions", "body_lww", mentions_json(mentions)?),
                    ("edited_at", "body_lww", text(edited_at)),
                ],
            ),
            revision(
                key,
                revision_id,
                thread_id,
                Some(title),
                body,
                author_id,
                edited_at,
            ),
        ],
        OpPayload::ThreadResolved {
            thread_id,
            resolved,
            ..
        } => vec![RowWrite::new(
            "threads",
            thread_id,
            key,
            vec![("resolved", "resolved_lww", flag(*resolved))],
        )],
        OpPayload::CommentAdded {
            comment_id,
            thread_id,
            parent_id,
            author_id,
            body,
            mentions,
            created_at,
        } => vec![
            RowWrite::new(
                "comments",
                comment_id,
                key,
                vec![
                    ("thread_id", "created_lww", text(thread_id)),
                    ("parent_id", "created_lww", optional(parent_id)),
                    ("author_id", "created_lww", text(author_id)),
                    ("created_at", "created_lww", text(created_at)),
                    ("body", "body_lww", text(body)),
                    ("mentions", "body_lww", mentions_json(mentions)?),
                ],
            ),
            RowWrite::new(
                "threads",
                thread_id,
                key,
                vec![("last_activity_at", "activity_lww", text(created_at))],
            ),
            revision(
                key, comment_id, comment_id, None, body, author_id, created_at,
            ),
        ],
        OpPayload::CommentEdited {
            comment_id,
            revision_id,
            author_id,
            body,
            mentions,
            edited_at,
        } => vec![
            RowWrite::new(
                "comments",
                comment_id,
                key,
                vec![
                    ("body", "body_lww", text(body)),
                    ("mentions", "body_lww", mentions_json(mentions)?),
                    ("edited_at", "body_lww", text(edited_at)),
                ],
            ),
            revision(
                key,
                revision_id,
                comment_id,
                None,
                body,
                author_id,
                edited_at,
            ),
        ],
        OpPayload::ThreadStateSet {
            thread_id,
            member_id,
            following,
            read_at,
            done,
        } => {
            let mut fields = vec![
                ("thread_id", "key_lww", text(thread_id)),
                ("member_id", "key_lww", text(member_id)),
            ];
            if let Some(following) = following {
                fields.push(("following", "following_lww", flag(*following)));
            }
            if let Some(read_at) = read_at {
                fields.push(("read_at", "read_lww", text(read_at)));
            }
            if let Some(done) = done {
                fields.push(("done", "done_lww", flag(*done)));
            }
            vec![RowWrite::new(
                "thread_states",
                &format!("{thread_id} {member_id}"),
                key,
                fields,
            )]
        }
        OpPayload::ReactionSet {
            item_id,
            member_id,
            emoji,
            on,
        } => vec![RowWrite::new(
            "reactions",
            &format!("{item_id} {member_id} {emoji}"),
            key,
            vec![
                ("item_id", "key_lww", text(item_id)),
                ("member_id", "key_lww", text(member_id)),
                ("emoji", "key_lww", text(emoji)),
                ("is_on", "on_lww", flag(*on)),
            ],
        )],
        OpPayload::ThanksGiven {
            thanks_id,
            from_id,
            to_ids,
            note,
            item_id,
            created_at,
        } => vec![RowWrite::new(
            "thanks",
            thanks_id,
            key,
            vec![
                ("from_id", "created_lww", text(from_id)),
                (
                    "to_ids",
                    "created_lww",
                    Value::Text(serde_json::to_string(to_ids)?),
                ),
                ("note", "created_lww", optional(note)),
                ("item_id", "created_lww", optional(item_id)),
                ("created_at", "created_lww", text(created_at)),
            ],
        )],
        OpPayload::DocCreated {
            doc_id,
            author_id,
            created_at,
        } => vec![RowWrite::new(
            "docs",
            doc_id,
            key,
            vec![
                ("author_id", "created_lww", text(author_id)),
                ("created_at", "created_lww", text(created_at)),
            ],
        )],
        OpPayload::DocRevised {
            doc_id,
            revision_id,
            parents,
            author_id,
            title,
            body,
            summary,
            created_at,
        } => {
            let mut writes = vec![RowWrite::new(
                "doc_revisions",
                revision_id,
                key,
                vec![
                    ("doc_id", "created_lww", text(doc_id)),
                    (
                        "parents",
                        "created_lww",
                        Value::Text(serde_json::to_string(parents)?),
                    ),
                    ("title", "created_lww", text(title)),
                    ("body", "created_lww", text(body)),
                    ("summary", "created_lww", optional(summary)),
                    ("author_id", "created_lww", text(author_id)),
                    ("created_at", "created_lww", text(created_at)),
                ],
            )];
            for parent in parents {
                writes.push(RowWrite::new(
                    "doc_revision_parents",
                    &format!("{revision_id} {parent}"),
                    key,
                    vec![
                        ("doc_id", "created_lww", text(doc_id)),
                        ("child_id", "created_lww", text(revision_id)),
                        ("parent_id", "created_lww", text(parent)),
                    ],
                ));
            }
            writes
        }
        OpPayload::DocCommentAdded {
            comment_id,
            doc_id,
            revision_id,
            quote,
            prefix,
            suffix,
            author_id,
            body,
            mentions,
            created_at,
        } => vec![RowWrite::new(
            "doc_comments",
            comment_id,
            key,
            vec![
                ("doc_id", "created_lww", text(doc_id)),
                ("revision_id", "created_lww", text(revision_id)),
                ("quote", "created_lww", text(quote)),
                ("prefix", "created_lww", text(prefix)),
                ("suffix", "created_lww", text(suffix)),
                ("body", "created_lww", text(body)),
                ("mentions", "created_lww", mentions_json(mentions)?),
                ("author_id", "created_lww", text(author_id)),
                ("created_at", "created_lww", text(created_at)),
            ],
        )],
        _ => Vec::new(),
    };
    Ok(writes.into_iter().flatten().collect())
}

/// One version of a thread or comment, kept for its history.
fn revision(
    key: &str,
    revision_id: &str,
    item_id: &str,
    title: Option<&String>,
    body: &str,
    author_id: &str,
    at: &str,
) -> Option<RowWrite> {
    RowWrite::new(
        "item_revisions",
        revision_id,
        key,
        vec![
            ("item_id", "created_lww", text(item_id)),
            (
                "title",
                "created_lww",
                title.map_or(Value::Null, |title| text(title)),
            ),
            ("body", "created_lww", text(body)),
            ("author_id", "created_lww", text(author_id)),
            ("created_at", "created_lww", text(at)),
        ],
    )
}
