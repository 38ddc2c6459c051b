//! `meridian daemon`: the notification scheduler without a window, one deliverer per profile,
//! and, when the profile is in a team, sync with the team server in the background.

use meridian::notify::scheduler::{self, DeliveryLock};
use meridian::{Error, Meridian, SystemClock};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Runs the delivery scheduler until interrupted. Only one process per profile delivers:
/// while another holds the lock, the daemon stands by and checks again every few seconds.
pub fn run(meridian: Meridian) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|source| Error::Io {
            context: "could not start the scheduler".into(),
            source,
        })?;
    let data_dir = meridian.data_dir().to_path_buf();
    let meridian = Arc::new(Mutex::new(meridian));
    runtime.block_on(async move {
        let lock = loop {
            match DeliveryLock::try_acquire(&data_dir)? {
                Some(lock) => break lock,
                None => {
                    eprintln!("Another Meridian delivers for this profile; standing by.");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        };
        println!(
            "Meridian daemon delivering notifications for {}",
            data_dir.display()
        );
        let kick = Arc::new(tokio::sync::Notify::new());
        let (_shutdown_tx, shutdown) = tokio::sync::watch::channel(false);
        // Writes by other processes (the CLI queuing an item) wake the loop at once.
        let watcher = {
            let meridian = meridian.clone();
            let kick = kick.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    let changed = meridian
                        .lock()
                        .map(|mut meridian| meridian.poll_external_change().unwrap_or(false))
                        .unwrap_or(false);
                    if changed {
                        kick.notify_one();
                    }
                }
            })
        };
        let syncer = spawn_sync(meridian.clone(), kick.clone());
        let pass_meridian = meridian.clone();
        scheduler::run_delivery_loop(
            Arc::new(SystemClock),
            move || {
                let mut meridian = pass_meridian
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                meridian.deliver_due(&meridian_os::DesktopNotifier)
            },
            kick,
            shutdown,
        )
        .await;
        watcher.abort();
        drop(syncer);
        drop(lock);
        Ok(())
    })
}

/// How often the daemon syncs when nothing else prompts it.
const SYNC_EVERY: Duration = Duration::from_secs(30);

/// Syncs with the team server every [`SYNC_EVERY`] on a plain thread (the sync client's HTTP is
/// blocking and must stay off the scheduler's runtime); a pass that pulled something kicks the
/// delivery loop, since teammates' notifications may have arrived. A failed pass is recorded
/// in the sync state by the core and retried on the next tick.
fn spawn_sync(
    meridian: Arc<Mutex<Meridian>>,
    kick: Arc<tokio::sync::Notify>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || loop {
        {
            let mut meridian = meridian
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if matches!(meridian.sync_config(), Ok(Some(_))) {
                match meridian_sync::sync(&mut meridian) {
                    Ok(report) if report.applied > 0 => kick.notify_one(),
                    Ok(_) => {}
                    Err(err) => eprintln!("meridian daemon: sync: {err}"),
                }
            }
        }
        std::thread::sleep(SYNC_EVERY);
    })
}
