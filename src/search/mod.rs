//! Search over everything the team wrote. The index is a projection of the log kept behind
//! the `SearchIndex` port (the `meridian-search` crate implements it with tantivy; the core
//! never sees the engine): `catch_up` reads the ops after the position the index covers,
//! works out which items they touched, extracts each item's searchable document from the
//! projected tables and hands them over with the new position. An empty index is built
//! from the tables themselves, kind by kind, with a cursor in its commits until it is done. Queries are parsed here
//! (`query.rs`), resolved against the tables (handles, channel names, who may read what) and
//! the hits are described from the tables again, so the index stores only what it matches on.

mod extract;
mod port;
pub mod query;
mod run;

pub use extract::{extract, touched, ItemKey};
pub use port::{IndexDoc, IndexHit, IndexQuery, SearchIndex};
pub use query::{parse, ParsedQuery, IS_KINDS};
pub(crate) use run::*;
