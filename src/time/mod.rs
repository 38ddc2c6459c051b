//! Time-zone maths for working hours: pure functions of (instant, zone, weekly rules). Never
//! reads the clock or the database.
//!
//! Local wall times are resolved to instants with two rules: a time that falls in a DST gap
//! means the first valid instant after the gap; a time in a fold (it happens twice) means
//! its first occurrence.

mod intervals;
mod local;
mod oncall;
mod rules;

pub use intervals::*;
pub use local::*;
pub use oncall::*;
pub use rules::*;

#[cfg(test)]
mod tests;
