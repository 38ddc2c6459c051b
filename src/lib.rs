//! Meridian's core: local-first storage (an op-log in SQLite with table projections),
//! time-zone maths, focus mode and the façade that front ends call. No desktop dependency.

pub mod app;
pub mod availability;
pub mod clock;
pub mod demo;
pub mod error;
pub mod events;
pub mod hlc;
pub mod model;
pub mod notify;
pub mod ops;
pub mod projection;
pub mod scheduler;
pub mod store;
pub mod team;
pub mod validate;

pub use app::Meridian;
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, ErrorKind, ErrorPayload, Result};
pub use events::{CoreEvent, EventSink, NoEvents};
