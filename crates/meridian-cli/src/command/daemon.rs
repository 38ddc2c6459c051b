//! `meridian daemon`: the notification scheduler without a window, one deliverer per profile,
//! and, when the profile is in a team, sync with the team server in the background (live, as
//! the app does). `--install-unit` writes a systemd user unit that runs it at login instead.

pub mod unit;

use meridian::app::Lend;
use meridian::model::SyncReport;
use meridian::notify::scheduler::{self, DeliveryLock};
use meridian::{Error, Meridian, SystemClock};
use meridian_sync::background::{Background, Host};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// `meridian daemon`'s options; without them it runs until interrupted.
#[derive(Debug, clap::Args)]
pub struct DaemonArgs {
    /// Write a systemd user unit that runs this daemon at login (meridian-daemon.service in
    /// $XDG_CONFIG_HOME/systemd/user or ~/.config/systemd/user) instead of running it now.
    #[arg(long)]
    pub install_unit: bool,
    /// With --install-unit: replace an existing unit that differs from the one it writes.
    #[arg(long, requires = "install_unit")]
    pub force: bool,
}

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
        let mut said = false;
        let lock = loop {
            match DeliveryLock::try_acquire(&data_dir)? {
                Some(lock) => break lock,
                None => {
                    if !said {
                        tracing::info!("another process delivers for this profile; standing by");
                        eprintln!("Another Meridian delivers for this profile; standing by.");
                        said = true;
                    }
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        };
        tracing::info!("delivering notifications");
        println!(
            "Meridian daemon delivering notifications for {}",
            data_dir.display()
        );
        let kick = Arc::new(tokio::sync::Notify::new());
        let (_shutdown_tx, shutdown) = tokio::sync::watch::channel(false);
        // Sync like the app: live events from the server, local changes a second later,
        // a pass every minute, backing off while offline.
        let syncer = Background::start(Arc::new(DaemonHost {
            meridian: meridian.clone(),
            kick: kick.clone(),
        }));
        // Writes by other processes (the CLI queuing an item) wake the loop at once, and go
        // up to the team server.
        let watcher = {
            let meridian = meridian.clone();
            let kick = kick.clone();
            let background = syncer.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    let changed = meridian
                        .lock()
                        .map(|mut meridian| meridian.poll_external_change().unwrap_or(false))
                        .unwrap_or(false);
                    if changed {
                        kick.notify_one();
                        background.local_change();
                    }
                }
            })
        };
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

/// The daemon's profile, lent to the background sync a step at a time; a pass that brought
/// teammates' changes down kicks the delivery loop, since their notifications may have
/// arrived.
struct DaemonHost {
    meridian: Arc<Mutex<Meridian>>,
    kick: Arc<tokio::sync::Notify>,
}

impl Lend for DaemonHost {
    fn lend(
        &self,
        step: &mut dyn FnMut(&mut Meridian) -> meridian::Result<()>,
    ) -> meridian::Result<()> {
        self.meridian.lend(step)
    }
}

impl Host for DaemonHost {
    fn after_pass(&self, outcome: &meridian::Result<SyncReport>) {
        if outcome.as_ref().is_ok_and(|report| report.applied > 0) {
            self.kick.notify_one();
        }
    }
}
