//! `Ctx`: an open profile's store with its clock and event sink — what every domain function
//! receives, so domains never reach for the time or a global themselves.

use super::store::Store;
use crate::base::clock::Clock;
use crate::base::events::{CoreEvent, EventSink};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The open store, the injected clock and where change events go.
pub struct Ctx {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
    events: Arc<dyn EventSink>,
}

impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl Ctx {
    pub(crate) fn new(store: Store, clock: Arc<dyn Clock>, events: Arc<dyn EventSink>) -> Ctx {
        Ctx {
            store,
            clock,
            events,
        }
    }

    /// Now, as the injected clock tells it.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Tells the front end what changed.
    pub(crate) fn emit(&self, event: CoreEvent) {
        self.events.emit(event);
    }
}
