//! The team's availability: the rules loader, time off, zone moves, statuses, the on-call
//! rotation, the board and the overlap finder. Builds on `base`, `log`, `time` and `people`;
//! the time-zone maths itself lives in `time`.

mod board;
mod overlap;
mod rota;
mod rules;
mod schedule;

pub(crate) use board::*;
pub(crate) use overlap::*;
pub(crate) use rota::*;
pub(crate) use rules::*;
pub(crate) use schedule::*;

pub use overlap::OVERLAP_MAX_DAYS;
pub use rules::{block_session_id, parse_day};
