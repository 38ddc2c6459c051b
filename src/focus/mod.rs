//! Focus mode: manual sessions (start, stop, extend) and recurring deep-work blocks, and the
//! one session running now. Builds on `base`, `log`, `time`, `people` and `team`.

mod blocks;
mod sessions;

pub(crate) use blocks::*;
pub(crate) use sessions::*;
