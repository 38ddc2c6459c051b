//! Meridian's core: local-first storage (an op-log in SQLite with table projections),
//! time-zone maths, people, the team's availability, focus mode, notifications,
//! conversations and docs, check-ins, the work board and quick capture, decision records and
//! change requests, and the façade front ends call. No desktop, CLI, OS-notification, HTTP or
//! search dependency.
//!
//! Layers, each importing only those above it in this list: `base` → `log` → `time` →
//! `people` → `team` → `focus` → `notify` → `content` → `checkins` → `work` → `decide` →
//! `search` → `sync` → `app`.

pub mod base;
pub mod log;
pub mod time;

pub mod checkins;
pub mod content;
pub mod decide;
pub mod focus;
pub mod notify;
pub mod people;
pub mod search;
pub mod sync;
pub mod team;
pub mod work;

pub mod app;

pub use app::Meridian;
pub use base::clock::{Clock, ManualClock, SystemClock};
pub use base::events::{CoreEvent, EventSink, NoEvents};
pub use base::{clock, error, events, model, validate};
pub use base::{Error, ErrorKind, ErrorPayload, Result};
