//! The work board and quick capture: tasks with owners, due times in a zone and blocked-by
//! relations (cycles refused), goals whose health turns "at risk" on its own when they go
//! stale, due reminders in the owner's working hours, and a private list of captures triaged
//! into a task, a thread or a doc. Every change is an op; nothing is deleted.

mod captures;
mod goals;
pub mod graph;
mod reminders;
mod tasks;

pub(crate) use captures::*;
pub(crate) use goals::*;
pub use reminders::reminder_at;
pub(crate) use reminders::*;
pub use tasks::TaskFilter;
pub(crate) use tasks::*;

/// A goal not reviewed for this many days shows "at risk" on its own.
pub const GOAL_STALE_DAYS: i64 = 14;
/// The longest capture, in characters.
pub const CAPTURE_MAX: usize = 2_000;
