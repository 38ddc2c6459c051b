//! Lending the core to long work that waits on the network: a sync pass borrows the profile
//! only for each short step between network calls, so a window sharing the core stays
//! responsive while a slow server answers.

use super::Meridian;
use crate::base::model::SyncReport;
use crate::base::Result;
use std::cell::RefCell;
use std::sync::Mutex;

/// Something that can run a step on an open [`Meridian`]: a front end's shared core (taking
/// its lock for the step only) or a profile held exclusively.
pub trait Lend {
    fn lend(&self, step: &mut dyn FnMut(&mut Meridian) -> Result<()>) -> Result<()>;
}

/// A profile one caller holds on its own (the CLI, tests): every step runs on it directly.
#[derive(Debug)]
pub struct Exclusive<'a>(RefCell<&'a mut Meridian>);

impl<'a> Exclusive<'a> {
    pub fn new(meridian: &'a mut Meridian) -> Self {
        Exclusive(RefCell::new(meridian))
    }
}

impl Lend for Exclusive<'_> {
    fn lend(&self, step: &mut dyn FnMut(&mut Meridian) -> Result<()>) -> Result<()> {
        step(&mut self.0.borrow_mut())
    }
}

impl Lend for Mutex<Meridian> {
    fn lend(&self, step: &mut dyn FnMut(&mut Meridian) -> Result<()>) -> Result<()> {
        // A step that panicked left the store consistent (each step is a transaction).
        let mut meridian = self.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        step(&mut meridian)
    }
}

impl Meridian {
    /// One sync pass through `transport` on a core that others may share: the core is taken
    /// for each step between network calls and released while the server answers.
    pub fn sync_shared(
        core: &dyn Lend,
        transport: &dyn crate::sync::SyncTransport,
    ) -> Result<SyncReport> {
        crate::sync::sync_in_steps(
            &mut |step| core.lend(&mut |meridian| step(&mut meridian.cx)),
            transport,
        )
    }

    /// One sync pass through `transport`: pull what we lack, push what the server lacks.
    pub fn sync_once(&mut self, transport: &dyn crate::sync::SyncTransport) -> Result<SyncReport> {
        Meridian::sync_shared(&Exclusive::new(self), transport)
    }
}
