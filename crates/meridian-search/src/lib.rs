//! Meridian's search index: the core's `SearchIndex` port implemented with tantivy, in a folder
//! of the profile's data directory. The index is a projection of the log: each commit records
//! the log position it covers, and a folder that is missing, unreadable or from another
//! schema is started again empty (the core then rebuilds it from the log), so deleting it
//! loses nothing.

mod highlight;
mod schema;

use meridian::search::{IndexDoc, IndexHit, IndexQuery, SearchIndex};
use meridian::{Error, Result};
use schema::Fields;
use std::collections::BinaryHeap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tantivy::indexer::UserOperation;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Term};

pub use schema::SCHEMA_VERSION;

/// How long a position read from disk stands for commits by another process; this one's own
/// commits update it at once.
const POSITION_FRESH: Duration = Duration::from_millis(200);

/// Text handed to the engine's threads at a time (see `add`).
const GROUP_BYTES: usize = 512 * 1024;

/// The folder of the index inside a profile's data directory.
pub const INDEX_DIR: &str = "search";

/// How the index writes: threads and memory. The app keeps to the least; a rebuild from the
/// CLI or a benchmark may give it more.
#[derive(Debug, Clone, Copy)]
pub struct WriterBudget {
    pub threads: usize,
    pub heap_bytes: usize,
}

impl WriterBudget {
    /// One thread and tantivy's smallest arena: what the desktop app uses.
    pub const SMALL: WriterBudget = WriterBudget {
        threads: 1,
        heap_bytes: 15_000_000,
    };
    /// For rebuilding a large log.
    pub const LARGE: WriterBudget = WriterBudget {
        threads: 2,
        heap_bytes: 200_000_000,
    };
}

/// A tantivy index implementing the core's search port.
pub struct TantivyIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    budget: WriterBudget,
    /// The covered position as last read or committed, and when: reading it means reading
    /// the index's metadata file, so a search looks at most every `POSITION_FRESH`.
    known: Mutex<Option<(Instant, Option<i64>)>>,
    /// Taken on the first write and kept: tantivy allows one writer per folder, so while
    /// another process holds it, writes here are refused and that process keeps the index.
    writer: Mutex<Option<IndexWriter>>,
}

impl std::fmt::Debug for TantivyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TantivyIndex")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn storage(context: &str, err: impl std::fmt::Display) -> Error {
    Error::Storage(format!("search index: {context}: {err}"))
}

impl TantivyIndex {
    /// Opens the index in `data_dir/search`, starting it again empty if it is missing,
    /// unreadable or from another schema.
    pub fn open_in(data_dir: &Path, budget: WriterBudget) -> Result<TantivyIndex> {
        TantivyIndex::open(&data_dir.join(INDEX_DIR), budget)
    }

    /// Opens the index in `dir` (see [`TantivyIndex::open_in`]).
    pub fn open(dir: &Path, budget: WriterBudget) -> Result<TantivyIndex> {
        let (schema, fields) = schema::build();
        let index = match Index::open_in_dir(dir) {
            Ok(index) if schema::compatible(&index, &schema) => index,
            _ => {
                // Nothing here is the only copy of anything: the log rebuilds it.
                if dir.exists() {
                    std::fs::remove_dir_all(dir).map_err(|err| storage("starting again", err))?;
                }
                std::fs::create_dir_all(dir).map_err(|err| storage("creating its folder", err))?;
                Index::create_in_dir(dir, schema).map_err(|err| storage("creating", err))?
            }
        };
        schema::register_tokenizer(&index);
        let reader = index
            .reader_builder()
            // Commits by another process (the app while the CLI reads) show up by themselves;
            // our own are made visible at once by `write`.
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|err| storage("opening a reader", err))?;
        Ok(TantivyIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            budget,
            known: Mutex::new(None),
            writer: Mutex::new(None),
        })
    }

    /// The folder the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The raw tantivy index, for benchmarks that compare against it.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Builds the tantivy query the core's query means, for benchmarks that run the same
    /// queries on raw tantivy.
    pub fn tantivy_query(&self, query: &IndexQuery) -> Box<dyn Query> {
        self.build_query(query)
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>> {
        let mut guard = self.writer.lock().unwrap_or_else(|err| err.into_inner());
        if guard.is_none() {
            let writer = self
                .index
                .writer_with_num_threads(self.budget.threads, self.budget.heap_bytes)
                .map_err(|err| match err {
                    tantivy::TantivyError::LockFailure(..) => Error::Conflict(
                        "Another Meridian window or command is updating the search index; it \
                         keeps it up to date."
                            .into(),
                    ),
                    err => storage("opening for writing", err),
                })?;
            *guard = Some(writer);
        }
        Ok(guard)
    }

    fn commit_at(
        &self,
        writer: &mut IndexWriter,
        position: Option<i64>,
        building: Option<&str>,
    ) -> Result<()> {
        let mut prepared = writer
            .prepare_commit()
            .map_err(|err| storage("preparing a commit", err))?;
        prepared.set_payload(&schema::payload(position, building));
        prepared
            .commit()
            .map_err(|err| storage("committing", err))?;
        *self.known.lock().unwrap_or_else(|err| err.into_inner()) =
            Some((Instant::now(), position));
        self.reader
            .reload()
            .map_err(|err| storage("reloading", err))
    }

    /// The analysed tokens of `text`, as the title and body were indexed.
    fn tokens(&self, text: &str) -> Vec<String> {
        schema::analyze(&self.index, self.fields.body, text)
    }

    /// `text` in the title (weighted double) or the body; as a word, a phrase or a prefix.
    fn text_clause(&self, text: &str, prefix: bool) -> Option<Box<dyn Query>> {
        let tokens = self.tokens(text);
        if tokens.is_empty() {
            return None;
        }
        let per_field = |field| -> Box<dyn Query> {
            let terms: Vec<Term> = tokens
                .iter()
                .map(|token| Term::from_field_text(field, token))
                .collect();
            if prefix {
                Box::new(PhrasePrefixQuery::new(terms))
            } else if terms.len() == 1 {
                Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(terms))
            }
        };
        Some(Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(per_field(self.fields.title), 2.0)),
            ),
            (Occur::Should, per_field(self.fields.body)),
        ])))
    }

    fn build_query(&self, query: &IndexQuery) -> Box<dyn Query> {
        let fields = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let texts = query.words.iter().chain(&query.phrases);
        for text in texts {
            if let Some(clause) = self.text_clause(text, false) {
                clauses.push((Occur::Must, clause));
            }
        }
        if let Some(clause) = query
            .prefix
            .as_deref()
            .and_then(|prefix| self.text_clause(prefix, true))
        {
            clauses.push((Occur::Must, clause));
        }
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for text in &query.excluded {
            if let Some(clause) = self.text_clause(text, false) {
                clauses.push((Occur::MustNot, clause));
            }
        }
        // Filters match or not; they add nothing to the score.
        let mut filter = |query: Box<dyn Query>| {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0))));
        };
        let any_text = |field, values: &[String]| -> Box<dyn Query> {
            Box::new(BooleanQuery::new_multiterms_query(
                values
                    .iter()
                    .map(|value| Term::from_field_text(field, value))
                    .collect(),
            ))
        };
        let flag = |field, on: bool| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_u64(field, u64::from(on)),
                IndexRecordOption::Basic,
            ))
        };
        if !query.kinds.is_empty() {
            filter(any_text(fields.kind, &query.kinds));
        }
        if !query.authors.is_empty() {
            filter(any_text(fields.author, &query.authors));
        }
        if !query.channels.is_empty() {
            filter(any_text(fields.channel, &query.channels));
        }
        filter(flag(fields.archived, query.archived));
        if query.open {
            filter(flag(fields.open, true));
        }
        if query.blocker {
            filter(flag(fields.blocker, true));
        }
        if query.after_ms.is_some() || query.before_ms.is_some() {
            let bound = |at: Option<i64>, inclusive: bool| match at {
                Some(at) if inclusive => Bound::Included(Term::from_field_i64(fields.at, at)),
                Some(at) => Bound::Excluded(Term::from_field_i64(fields.at, at)),
                None => Bound::Unbounded,
            };
            filter(Box::new(RangeQuery::new(
                bound(query.after_ms, true),
                bound(query.before_ms, false),
            )));
        }
        for channel in &query.hidden_channels {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.channel, channel),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The most [`recency`] multiplies a score by.
const MAX_RECENCY_BOOST: Score = 1.5;

/// A gentle recency boost: up to +50% for today, half that at a month, fading with age.
fn recency(score: Score, at_ms: i64, now_ms: i64) -> Score {
    let age_days = ((now_ms - at_ms).max(0) as f32) / 86_400_000.0;
    score * (1.0 + (MAX_RECENCY_BOOST - 1.0) / (1.0 + age_days / 30.0))
}

/// A kept hit, ordered so that the heap's top is the one to drop first: the lowest score,
/// and of equal scores the later document.
#[derive(Clone, Copy)]
struct Kept {
    score: Score,
    segment: u32,
    doc: DocId,
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then((self.segment, self.doc).cmp(&(other.segment, other.doc)))
    }
}

/// The best `limit` documents for `query` by BM25 times [`recency`], best first.
///
/// The engine skips documents whose BM25 cannot beat a threshold. A document can enter the
/// top only if its boosted score beats the lowest kept, and the boost is at most
/// [`MAX_RECENCY_BOOST`], so that lowest divided by the boost is a threshold that loses
/// nothing: the answer is that of boosting every match, without reading the time of most.
fn top_boosted(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    limit: usize,
    now_ms: i64,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut kept: BinaryHeap<Kept> = BinaryHeap::with_capacity(limit + 1);
    // Slightly under the exact bound, so rounding never skips a document that belongs.
    let bound = |kept: &BinaryHeap<Kept>| match kept.peek() {
        Some(lowest) if kept.len() >= limit => lowest.score / (MAX_RECENCY_BOOST * 1.001),
        _ => Score::MIN,
    };
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let ord = ord as u32;
        let at = segment.fast_fields().i64("at").ok();
        let alive = segment.alive_bitset();
        let mut threshold = bound(&kept);
        weight.for_each_pruning(threshold, segment, &mut |doc, score| {
            if alive.is_some_and(|alive| alive.is_deleted(doc)) {
                return threshold;
            }
            let at_ms = at.as_ref().and_then(|at| at.first(doc)).unwrap_or(0);
            let hit = Kept {
                score: recency(score, at_ms, now_ms),
                segment: ord,
                doc,
            };
            if kept.len() < limit {
                kept.push(hit);
            } else if kept.peek().is_some_and(|lowest| hit < *lowest) {
                kept.pop();
                kept.push(hit);
            }
            threshold = bound(&kept);
            threshold
        })?;
    }
    Ok(kept
        .into_sorted_vec()
        .into_iter()
        .map(|hit| (hit.score, DocAddress::new(hit.segment, hit.doc)))
        .collect())
}

impl SearchIndex for TantivyIndex {
    fn position(&self) -> Result<Option<i64>> {
        let mut known = self.known.lock().unwrap_or_else(|err| err.into_inner());
        if let Some((at, position)) = *known {
            if at.elapsed() < POSITION_FRESH {
                return Ok(position);
            }
        }
        let metas = self
            .index
            .load_metas()
            .map_err(|err| storage("reading its position", err))?;
        let position = schema::position(metas.payload.as_deref());
        *known = Some((Instant::now(), position));
        Ok(position)
    }

    fn add(&self, docs: Vec<IndexDoc>, new: bool) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer opened above");
        // Handed over in groups rather than one by one: each hand-over to the engine's
        // threads wakes one, and a wake per document costs more than reading it. A group stays
        // small next to the writer's memory budget, which is only checked between groups.
        let mut group: Vec<UserOperation> = Vec::new();
        let mut group_bytes = 0;
        let mut docs = docs.into_iter().peekable();
        while let Some(doc) = docs.next() {
            group_bytes += doc.title.len() + doc.body.len();
            if !new {
                group.push(UserOperation::Delete(Term::from_field_text(
                    self.fields.id,
                    &doc.id,
                )));
            }
            group.push(UserOperation::Add(self.fields.document(doc)));
            if group_bytes >= GROUP_BYTES || docs.peek().is_none() {
                writer
                    .run(std::mem::take(&mut group))
                    .map_err(|err| storage("adding documents", err))?;
                group_bytes = 0;
            }
        }
        Ok(())
    }

    fn commit(&self, position: i64) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer opened above");
        self.commit_at(writer, Some(position), None)
    }

    fn commit_building(&self, cursor: &str) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer opened above");
        self.commit_at(writer, None, Some(cursor))
    }

    fn build_cursor(&self) -> Result<Option<String>> {
        let metas = self
            .index
            .load_metas()
            .map_err(|err| storage("reading its build cursor", err))?;
        Ok(schema::build_cursor(metas.payload.as_deref()))
    }

    fn search(&self, query: &IndexQuery, limit: usize) -> Result<Vec<IndexHit>> {
        let searcher = self.reader.searcher();
        let tantivy_query = self.build_query(query);
        let top = top_boosted(&searcher, &*tantivy_query, limit.max(1), query.now_ms)
            .map_err(|err| storage("searching", err))?;
        let mut words: Vec<String> = Vec::new();
        for text in query.words.iter().chain(&query.phrases) {
            words.extend(self.tokens(text));
        }
        let prefix = query
            .prefix
            .as_deref()
            .map(|prefix| self.tokens(prefix))
            .unwrap_or_default();
        let marker = highlight::Marker::new(words, prefix);
        // One analyzer for every title and passage of the page.
        let mut analyzer = schema::analyzer_for(&self.index, self.fields.body);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: tantivy::TantivyDocument = searcher
                .doc(address)
                .map_err(|err| storage("reading a document", err))?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let title = text(self.fields.title);
            let body = text(self.fields.body);
            let title_spans = marker.spans(&mut analyzer, &title);
            let body_spans = marker.spans(&mut analyzer, &body);
            hits.push(IndexHit {
                id: text(self.fields.id),
                kind: text(self.fields.kind),
                score,
                title: marker.mark_all(&title, &title_spans),
                snippet: marker.snippet(&body, &body_spans, 180),
            });
        }
        Ok(hits)
    }

    fn clear(&self) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer opened above");
        writer
            .delete_all_documents()
            .map_err(|err| storage("emptying", err))?;
        self.commit_at(writer, None, None)
    }
}
