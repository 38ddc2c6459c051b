//! Docs: long-form Markdown where every save is an immutable revision. Revisions form a graph
//! (each names its parents), so two devices editing offline never lose text: the doc shows the
//! latest head and how many versions wait to be merged. Comments anchor to a quoted passage.

use super::{
    checked_body, checked_title, new_id, resolve_mentions, unknown_warnings, People, DOC_BODY_MAX,
};
use crate::base::events::CoreEvent;
use crate::base::model::{
    DocCommentView, DocDetail, DocDiff, DocHead, DocRevisionInfo, DocSummary, Posted,
};
use crate::base::{Error, Result};
use crate::log::ops::{format_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use rusqlite::OptionalExtension;

/// Characters of context kept either side of a comment's quote.
const ANCHOR_CONTEXT: usize = 32;

fn checked_summary(summary: Option<&str>) -> Result<Option<String>> {
    let summary = summary.map(str::trim).filter(|summary| !summary.is_empty());
    if summary.is_some_and(|summary| summary.chars().count() > 200) {
        return Err(Error::invalid(
            "summary",
            "A revision summary has at most 200 characters.",
        ));
    }
    Ok(summary.map(str::to_owned))
}

/// Creates a doc with its first revision.
pub(crate) fn create_doc(
    cx: &mut Ctx,
    title: &str,
    body: &str,
    summary: Option<&str>,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let title = checked_title("title", title)?;
    let body = checked_body("body", body, DOC_BODY_MAX, false)?;
    let summary = checked_summary(summary)?.or_else(|| Some("First version".to_owned()));
    let people = People::load(cx)?;
    let (_, unknown) = resolve_mentions(&people, &body);
    let now = format_instant(cx.now());
    let doc_id = new_id();
    cx.store.append(
        cx.now(),
        vec![
            OpPayload::DocCreated {
                doc_id: doc_id.clone(),
                author_id: me.id.clone(),
                created_at: now.clone(),
            },
            OpPayload::DocRevised {
                doc_id: doc_id.clone(),
                revision_id: new_id(),
                parents: Vec::new(),
                author_id: me.id,
                title,
                body,
                summary,
                created_at: now,
            },
        ],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(Posted {
        id: doc_id,
        warnings: unknown_warnings(&unknown),
        held: Vec::new(),
    })
}

/// Saves a new revision on top of `base` (a revision id or number; the latest head when
/// `None`). Editing from an older revision makes a second head rather than overwrite.
pub(crate) fn edit_doc(
    cx: &mut Ctx,
    doc_id: &str,
    title: Option<&str>,
    body: &str,
    summary: Option<&str>,
    base: Option<&str>,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let doc = doc_facts(cx, doc_id)?;
    if doc.archived {
        return Err(Error::Conflict(
            "This doc is archived; restore it before editing.".into(),
        ));
    }
    let revisions = revision_rows(cx, &doc.id)?;
    let base = match base {
        Some(base) => find_revision(&revisions, base)?,
        None => latest_head(&revisions)?,
    };
    let title = match title {
        Some(title) => checked_title("title", title)?,
        None => base.title.clone(),
    };
    let body = checked_body("body", body, DOC_BODY_MAX, false)?;
    if title == base.title && body == base.body {
        return Err(Error::Conflict(
            "Nothing changed since that revision: edit the text or the title first.".into(),
        ));
    }
    let summary = checked_summary(summary)?;
    let parents = vec![base.id.clone()];
    save_revision(cx, &doc.id, &me.id, parents, title, body.clone(), summary)?;
    let people = People::load(cx)?;
    let (_, unknown) = resolve_mentions(&people, &body);
    Ok(Posted {
        id: doc.id,
        warnings: unknown_warnings(&unknown),
        held: Vec::new(),
    })
}

/// Merges every head into one revision with `body`, so the doc has one version again.
pub(crate) fn merge_doc(
    cx: &mut Ctx,
    doc_id: &str,
    title: Option<&str>,
    body: &str,
    summary: Option<&str>,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let doc = doc_facts(cx, doc_id)?;
    let revisions = revision_rows(cx, &doc.id)?;
    let heads: Vec<&RevisionRow> = revisions.iter().filter(|rev| rev.is_head).collect();
    if heads.len() < 2 {
        return Err(Error::Conflict(
            "This doc has one version; there is nothing to merge. Edit it instead.".into(),
        ));
    }
    let latest = latest_head(&revisions)?;
    let title = match title {
        Some(title) => checked_title("title", title)?,
        None => latest.title.clone(),
    };
    let body = checked_body("body", body, DOC_BODY_MAX, false)?;
    let summary =
        checked_summary(summary)?.or_else(|| Some(format!("Merged {} versions", heads.len())));
    let parents = heads.iter().map(|head| head.id.clone()).collect();
    save_revision(cx, &doc.id, &me.id, parents, title, body, summary)?;
    Ok(Posted {
        id: doc.id,
        warnings: Vec::new(),
        held: Vec::new(),
    })
}

/// Restores an older revision as a new one on top of the latest head; history is kept.
pub(crate) fn restore_doc(cx: &mut Ctx, doc_id: &str, revision: &str) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let doc = doc_facts(cx, doc_id)?;
    if doc.archived {
        return Err(Error::Conflict(
            "This doc is archived; restore the doc itself first.".into(),
        ));
    }
    let revisions = revision_rows(cx, &doc.id)?;
    let old = find_revision(&revisions, revision)?;
    let latest = latest_head(&revisions)?;
    if old.id == latest.id {
        return Err(Error::Conflict(
            "That revision is the current one already.".into(),
        ));
    }
    let number = revisions
        .iter()
        .position(|rev| rev.id == old.id)
        .unwrap_or(0)
        + 1;
    let summary = Some(format!(
        "Restored revision {number} of {}",
        short_date(&old.created_at)
    ));
    save_revision(
        cx,
        &doc.id,
        &me.id,
        vec![latest.id.clone()],
        old.title.clone(),
        old.body.clone(),
        summary,
    )?;
    Ok(Posted {
        id: doc.id,
        warnings: Vec::new(),
        held: Vec::new(),
    })
}

fn short_date(instant: &str) -> String {
    instant.get(..16).unwrap_or(instant).replace('T', " ")
}

fn save_revision(
    cx: &mut Ctx,
    doc_id: &str,
    author_id: &str,
    parents: Vec<String>,
    title: String,
    body: String,
    summary: Option<String>,
) -> Result<()> {
    let now = format_instant(cx.now());
    cx.store.append(
        cx.now(),
        vec![OpPayload::DocRevised {
            doc_id: doc_id.to_owned(),
            revision_id: new_id(),
            parents,
            author_id: author_id.to_owned(),
            title,
            body,
            summary,
            created_at: now,
        }],
    )?;
    cx.emit(CoreEvent::ContentChanged);
    Ok(())
}

/// Comments on a passage of the doc's latest head; the passage must be in it.
pub(crate) fn add_doc_comment(
    cx: &mut Ctx,
    doc_id: &str,
    quote: &str,
    body: &str,
) -> Result<Posted> {
    let me = people::require_me(cx)?;
    let doc = doc_facts(cx, doc_id)?;
    if doc.archived {
        return Err(Error::Conflict(
            "This doc is archived; restore it before commenting.".into(),
        ));
    }
    let revisions = revision_rows(cx, &doc.id)?;
    let head = latest_head(&revisions)?;
    let quote = quote.trim();
    if quote.is_empty() {
        return Err(Error::invalid(
            "quote",
            "Select the passage the comment is about.",
        ));
    }
    if quote.chars().count() > 1000 {
        return Err(Error::invalid(
            "quote",
            "Quote at most 1000 characters; a comment is about a passage, not the whole doc.",
        ));
    }
    let Some(at) = head.body.find(quote) else {
        return Err(Error::invalid(
            "quote",
            "That passage is not in the current version of the doc; copy it from the text as it reads now.",
        ));
    };
    let body = checked_body("body", body, super::BODY_MAX, true)?;
    let prefix: String = tail_chars(&head.body[..at], ANCHOR_CONTEXT);
    let suffix: String = head.body[at + quote.len()..]
        .chars()
        .take(ANCHOR_CONTEXT)
        .collect();
    let people = People::load(cx)?;
    let (mentions, unknown) = resolve_mentions(&people, &body);
    let now = format_instant(cx.now());
    let comment_id = new_id();
    let title = head.title.clone();
    let mut payloads = vec![OpPayload::DocCommentAdded {
        comment_id: comment_id.clone(),
        doc_id: doc.id.clone(),
        revision_id: head.id.clone(),
        quote: quote.to_owned(),
        prefix,
        suffix,
        author_id: me.id.clone(),
        body: body.clone(),
        mentions: mentions.clone(),
        created_at: now.clone(),
    }];
    let mut notified = vec![me.id.clone()];
    for mention in &mentions {
        if !notified.contains(&mention.member_id) {
            notified.push(mention.member_id.clone());
            payloads.push(super::notification(
                &mention.member_id,
                &me,
                "mention",
                format!("@{} mentioned you on the doc “{title}”", me.handle),
                &body,
                &now,
            ));
        }
    }
    if !notified.contains(&doc.author_id) {
        payloads.push(super::notification(
            &doc.author_id,
            &me,
            "reply",
            format!("@{} commented on your doc “{title}”", me.handle),
            &body,
            &now,
        ));
    }
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::ContentChanged);
    cx.emit(CoreEvent::InboxChanged);
    Ok(Posted {
        id: comment_id,
        warnings: unknown_warnings(&unknown),
        held: Vec::new(),
    })
}

fn tail_chars(text: &str, count: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(count)..].iter().collect()
}

struct DocFacts {
    id: String,
    author_id: String,
    created_at: String,
    archived: bool,
}

fn doc_facts(cx: &Ctx, doc_id: &str) -> Result<DocFacts> {
    cx.store
        .conn()
        .query_row(
            "SELECT id, author_id, created_at, archived FROM docs WHERE id = ?1 AND created_lww != ''",
            [doc_id],
            |row| {
                Ok(DocFacts {
                    id: row.get(0)?,
                    author_id: row.get(1)?,
                    created_at: row.get(2)?,
                    archived: row.get(3)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("There is no doc {doc_id}; `meridian doc list` shows them.")))
}

struct RevisionRow {
    id: String,
    parents: Vec<String>,
    title: String,
    body: String,
    summary: Option<String>,
    author_id: String,
    created_at: String,
    is_head: bool,
}

/// Every revision of a doc, oldest first, with whether anything builds on it.
fn revision_rows(cx: &Ctx, doc_id: &str) -> Result<Vec<RevisionRow>> {
    let rows = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT r.id, r.parents, r.title, r.body, r.summary, r.author_id, r.created_at,
                    NOT EXISTS(SELECT 1 FROM doc_revision_parents p WHERE p.doc_id = ?1 AND p.parent_id = r.id)
             FROM doc_revisions r WHERE r.doc_id = ?1 AND r.created_lww != ''
             ORDER BY r.created_at, r.id",
        )?
        .query_map([doc_id], |row| {
            let parents: String = row.get(1)?;
            Ok(RevisionRow {
                id: row.get(0)?,
                parents: serde_json::from_str(&parents).unwrap_or_default(),
                title: row.get(2)?,
                body: row.get(3)?,
                summary: row.get(4)?,
                author_id: row.get(5)?,
                created_at: row.get(6)?,
                is_head: row.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn latest_head(revisions: &[RevisionRow]) -> Result<&RevisionRow> {
    revisions
        .iter()
        .rev()
        .find(|rev| rev.is_head)
        .ok_or_else(|| {
            Error::NotFound(
                "This doc has no revisions on this device yet; sync to fetch them.".into(),
            )
        })
}

/// A revision by id or by its number in the history (1 is the first).
fn find_revision<'a>(revisions: &'a [RevisionRow], wanted: &str) -> Result<&'a RevisionRow> {
    let wanted = wanted.trim().trim_start_matches('#');
    if let Ok(number) = wanted.parse::<usize>() {
        if number >= 1 && number <= revisions.len() {
            return Ok(&revisions[number - 1]);
        }
        return Err(Error::invalid(
            "revision",
            format!(
                "This doc has revisions 1 to {}; `meridian doc history ID` lists them.",
                revisions.len()
            ),
        ));
    }
    revisions.iter().find(|rev| rev.id == wanted).ok_or_else(|| {
        Error::invalid(
            "revision",
            format!("{wanted:?} is not a revision of this doc; `meridian doc history ID` lists them."),
        )
    })
}

fn info(people: &People, rev: &RevisionRow) -> DocRevisionInfo {
    DocRevisionInfo {
        id: rev.id.clone(),
        parents: rev.parents.clone(),
        title: rev.title.clone(),
        summary: rev.summary.clone(),
        author: people.person(&rev.author_id),
        created_at: rev.created_at.clone(),
        is_head: rev.is_head,
    }
}

fn summary_of(people: &People, doc: &DocFacts, revisions: &[RevisionRow]) -> Result<DocSummary> {
    let latest = latest_head(revisions)?;
    Ok(DocSummary {
        id: doc.id.clone(),
        title: latest.title.clone(),
        author: people.person(&doc.author_id),
        created_at: doc.created_at.clone(),
        updated_at: revisions
            .last()
            .map(|rev| rev.created_at.clone())
            .unwrap_or_default(),
        archived: doc.archived,
        head_count: revisions.iter().filter(|rev| rev.is_head).count() as u32,
        revision_count: revisions.len() as u32,
    })
}

/// Docs, most recently revised first; archived ones only when asked.
pub(crate) fn docs(cx: &Ctx, include_archived: bool) -> Result<Vec<DocSummary>> {
    let people = People::load(cx)?;
    let ids: Vec<String> = cx
        .store
        .conn()
        .prepare_cached("SELECT id FROM docs WHERE created_lww != '' AND (?1 OR archived = 0)")?
        .query_map([include_archived], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut summaries = Vec::with_capacity(ids.len());
    for id in ids {
        let doc = doc_facts(cx, &id)?;
        let revisions = revision_rows(cx, &id)?;
        if revisions.is_empty() {
            continue;
        }
        summaries.push(summary_of(&people, &doc, &revisions)?);
    }
    summaries.sort_by(|a, b| {
        b.updated_at
            .cmp(&a.updated_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(summaries)
}

/// A doc at `revision` (the latest head when `None`), with its history and comments.
pub(crate) fn doc_detail(cx: &Ctx, doc_id: &str, revision: Option<&str>) -> Result<DocDetail> {
    let people = People::load(cx)?;
    let doc = doc_facts(cx, doc_id)?;
    let revisions = revision_rows(cx, &doc.id)?;
    let shown = match revision {
        Some(revision) => find_revision(&revisions, revision)?,
        None => latest_head(&revisions)?,
    };
    let mentions = serde_json::to_string(&resolve_mentions(&people, &shown.body).0)?;
    let comments = doc_comments(cx, &people, &doc.id, &shown.body)?;
    Ok(DocDetail {
        summary: summary_of(&people, &doc, &revisions)?,
        revision: info(&people, shown),
        body: shown.body.clone(),
        body_html: people.render(&shown.body, &mentions)?,
        heads: revisions
            .iter()
            .rev()
            .filter(|rev| rev.is_head)
            .map(|rev| info(&people, rev))
            .collect(),
        revisions: revisions
            .iter()
            .rev()
            .map(|rev| info(&people, rev))
            .collect(),
        comments,
    })
}

/// The bodies of every head, newest first, for a side-by-side merge.
pub(crate) fn doc_heads(cx: &Ctx, doc_id: &str) -> Result<Vec<DocHead>> {
    let people = People::load(cx)?;
    let doc = doc_facts(cx, doc_id)?;
    Ok(revision_rows(cx, &doc.id)?
        .iter()
        .rev()
        .filter(|rev| rev.is_head)
        .map(|rev| DocHead {
            revision: info(&people, rev),
            body: rev.body.clone(),
        })
        .collect())
}

/// Word-level diff of two revisions; by default the latest head against its first parent.
pub(crate) fn doc_diff(
    cx: &Ctx,
    doc_id: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<DocDiff> {
    let people = People::load(cx)?;
    let doc = doc_facts(cx, doc_id)?;
    let revisions = revision_rows(cx, &doc.id)?;
    let to = match to {
        Some(to) => find_revision(&revisions, to)?,
        None => latest_head(&revisions)?,
    };
    let from = match from {
        Some(from) => find_revision(&revisions, from)?,
        None => {
            let parent = to.parents.first().ok_or_else(|| {
                Error::Conflict(
                    "This doc has only its first revision; there is nothing to compare yet.".into(),
                )
            })?;
            find_revision(&revisions, parent)?
        }
    };
    let mut chunks = Vec::new();
    if from.title != to.title {
        chunks.extend(super::diff::word_diff(
            &format!("# {}\n\n", from.title),
            &format!("# {}\n\n", to.title),
        ));
    }
    chunks.extend(super::diff::word_diff(&from.body, &to.body));
    Ok(DocDiff {
        from: info(&people, from),
        to: info(&people, to),
        chunks,
    })
}

fn doc_comments(
    cx: &Ctx,
    people: &People,
    doc_id: &str,
    body: &str,
) -> Result<Vec<DocCommentView>> {
    let rows = cx
        .store
        .conn()
        .prepare_cached(
            "SELECT id, quote, prefix, suffix, body, mentions, author_id, created_at, archived
             FROM doc_comments WHERE doc_id = ?1 AND created_lww != '' ORDER BY created_at, id",
        )?
        .query_map([doc_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, bool>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut views = Vec::with_capacity(rows.len());
    for (id, quote, prefix, suffix, text, mentions, author, created_at, archived) in rows {
        let start = anchor(body, &quote, &prefix, &suffix);
        views.push(DocCommentView {
            id,
            anchored: start.is_some(),
            start: start.map(|at| body[..at].chars().count() as u32),
            quote,
            body_html: people.render(&text, &mentions)?,
            body: text,
            author: people.person(&author),
            created_at,
            archived,
        });
    }
    Ok(views)
}

/// Where `quote` is in `body` now: of its occurrences, the one whose surroundings best match
/// the text it was quoted with. `None` when the quoted text changed.
pub fn anchor(body: &str, quote: &str, prefix: &str, suffix: &str) -> Option<usize> {
    if quote.is_empty() {
        return None;
    }
    body.match_indices(quote)
        .map(|(at, _)| {
            let before = common_suffix(&body[..at], prefix);
            let after = common_prefix(&body[at + quote.len()..], suffix);
            (before + after, at)
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, at)| at)
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}
