//! The shared layer every domain builds on: the `Clock` and `EventSink` ports, the one error
//! type, typed ids, the serialisable view and input types, and input validation. Imports no
//! other module of the crate.

pub mod checkin_model;
pub mod clock;
pub mod content_model;
pub mod decide_model;
pub mod error;
pub mod events;
pub mod ids;
pub mod model;
pub mod search_model;
pub mod validate;
pub mod work_model;

pub use error::{Error, ErrorKind, ErrorPayload, Result};
