//! The façade's search: the front end attaches an index (the `SearchIndex` port), and the
//! core keeps it in step with the log and answers queries against it.

use super::Meridian;
use crate::base::model::{IndexProgress, SearchResults};
use crate::base::{Error, Result};
use crate::search::{self, SearchIndex};
use std::sync::Arc;

/// A backlog this small is indexed before answering, so what was just written is found;
/// a larger one (a rebuild) is left to the background indexer and the answer says so.
const INLINE_CATCH_UP_OPS: i64 = 5_000;

impl Meridian {
    /// Uses `index` for search from now on.
    pub fn attach_search(&mut self, index: Arc<dyn SearchIndex>) {
        self.search = Some(index);
    }

    fn search_index(&self) -> Result<&dyn SearchIndex> {
        self.search.as_deref().ok_or_else(|| {
            Error::Conflict("Search is not available here: no search index is open.".into())
        })
    }

    /// Finds at most `limit` items for `query` (see `search::query` for the language).
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults> {
        let index = self.search_index()?;
        let mut lag = search::lag(&self.cx, index)?;
        if let Some(behind) = lag {
            if behind.total - behind.done <= INLINE_CATCH_UP_OPS {
                match search::try_catch_up(&self.cx, index) {
                    Ok(Some(_)) => lag = None,
                    // Another thread or process is bringing the index up: we read meanwhile.
                    Ok(None) | Err(Error::Conflict(_)) => {}
                    Err(err) => return Err(err),
                }
            }
        }
        search::search(&self.cx, index, query, limit, lag)
    }

    /// Brings the index up to the log, reporting progress after each commit. Returns how
    /// many documents were written.
    pub fn index_catch_up(&self, progress: &mut dyn FnMut(IndexProgress)) -> Result<usize> {
        search::catch_up(&self.cx, self.search_index()?, progress)
    }

    /// The query `text` asks the index, with names resolved and permissions applied; for
    /// benchmarks that run the same queries on the raw engine. `None` for an empty query.
    pub fn resolved_search_query(&self, text: &str) -> Result<Option<search::IndexQuery>> {
        search::resolve(&self.cx, text)
    }

    /// Throws the index away and builds it again from the whole log.
    pub fn reindex(&self, progress: &mut dyn FnMut(IndexProgress)) -> Result<usize> {
        search::rebuild(&self.cx, self.search_index()?, progress)
    }

    /// How far the index is behind the log, or `None` when it is up to date.
    pub fn index_lag(&self) -> Result<Option<IndexProgress>> {
        search::lag(&self.cx, self.search_index()?)
    }
}
