//! The delivery scheduler loop and the per-profile delivery lock.
//!
//! The loop waits for whichever comes first: the next delivery time, being told that something
//! changed (a new item, a new schedule, a zone change), or shutdown. It never sleeps longer than
//! [`MAX_WAIT`]: tokio timers stop while the machine is suspended but the wall clock does not,
//! so a delivery time missed during sleep is noticed within that bound after waking and fires
//! once.

use super::DeliveryPass;
use crate::base::clock::Clock;
use crate::base::{Error, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// Longest sleep between two looks at the wall clock.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// Runs delivery passes until `shutdown` turns true. `pass` does one pass (see
/// [`crate::Meridian::deliver_due`]) and reports when to look again.
pub async fn run_delivery_loop(
    clock: Arc<dyn Clock>,
    pass: impl FnMut() -> Result<DeliveryPass>,
    kick: Arc<Notify>,
    shutdown: watch::Receiver<bool>,
) {
    run_delivery_loop_with(clock, pass, kick, shutdown, MAX_WAIT).await;
}

/// [`run_delivery_loop`] with a chosen longest sleep; simulations whose clock is tokio's own
/// time do not need the wall-clock re-check and use a long one.
pub async fn run_delivery_loop_with(
    clock: Arc<dyn Clock>,
    mut pass: impl FnMut() -> Result<DeliveryPass>,
    kick: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
    max_wait: Duration,
) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        let next = match pass() {
            Ok(pass) => pass.next_check,
            Err(err) => {
                tracing::error!(error = %err.for_log(), "delivery pass failed");
                None
            }
        };
        let now = clock.now();
        let wait = next
            .map(|at| (at - now).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(max_wait)
            .min(max_wait);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = kick.notified() => {}
            changed = shutdown.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

/// Proof that this process is the one that delivers for a profile. The operating system
/// releases the lock when the process ends, however it ends.
#[derive(Debug)]
pub struct DeliveryLock {
    _file: File,
}

impl DeliveryLock {
    /// Takes the profile's delivery lock if nobody holds it; `Ok(None)` if another process
    /// (the app or `meridian daemon`) already delivers.
    pub fn try_acquire(data_dir: &Path) -> Result<Option<DeliveryLock>> {
        let path = data_dir.join("delivery.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io {
                context: format!("could not open {}", path.display()),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Some(DeliveryLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Io {
                context: format!("could not lock {}", path.display()),
                source,
            }),
        }
    }
}
