//! Runs the core's notification scheduler inside the app, with system notifications through
//! notify-rust, as long as this process holds the profile's delivery lock.

use crate::Core;
use meridian::notify::scheduler::{run_delivery_loop, DeliveryLock};
use meridian::SystemClock;
use meridian_os::DesktopNotifier;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::{watch, Notify};

/// Wakes the scheduler when something changed that may move a delivery time.
#[derive(Debug, Default)]
pub struct Kick(pub Arc<Notify>);

/// Starts the scheduler task. If `meridian daemon` (or another app window on the same
/// profile) already delivers, this one stands by and takes over when that one exits.
pub fn spawn<R: Runtime>(app: AppHandle<R>, data_dir: PathBuf) {
    tauri::async_runtime::spawn(async move {
        let lock = loop {
            match DeliveryLock::try_acquire(&data_dir) {
                Ok(Some(lock)) => break lock,
                Ok(None) => tokio::time::sleep(Duration::from_secs(5)).await,
                Err(err) => {
                    tracing::error!(error = %err.for_log(), "notifications are off: no delivery lock");
                    return;
                }
            }
        };
        let kick = app.state::<Kick>().0.clone();
        // The app never asks the loop to stop: it ends with the process, which frees the lock.
        let (_keep_open, shutdown) = watch::channel(false);
        let pass_app = app.clone();
        run_delivery_loop(
            Arc::new(SystemClock),
            move || {
                pass_app
                    .state::<Core>()
                    .with(|meridian| meridian.deliver_due(&DesktopNotifier))
                    .map_err(|err| meridian::Error::Storage(err.message))
            },
            kick,
            shutdown,
        )
        .await;
        drop(lock);
    });
}
