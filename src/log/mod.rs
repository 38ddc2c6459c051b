//! The op-log: the store (one SQLite file per profile), embedded migrations, the op
//! vocabulary, hybrid logical clock stamps, and the projections that turn ops into rows.
//! Tables are views of the log; `rebuild` replays it.

mod context;
pub mod hlc;
pub mod ingest;
pub(crate) mod migrate;
pub mod ops;
pub mod projection;
pub mod store;

pub use context::Ctx;
pub use migrate::SCHEMA_VERSION;
