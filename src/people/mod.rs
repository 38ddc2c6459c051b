//! People: my profile on this device and the team's members (@handles, names, zones, hours).
//! Builds on `base` and `log` only.

mod members;
mod profile;

pub(crate) use members::*;
pub(crate) use profile::*;
