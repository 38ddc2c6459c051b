//! The search index in the app: opened beside the profile's database and shared by the core
//! (which answers queries, indexing a small backlog first) and a background indexer thread
//! with its own connection, which keeps the index up to the log — every post, the team's
//! synced ones included, within a second — and rebuilds it with progress while the app
//! stays usable.

use crate::{Core, CHANGED_EVENT};
use meridian::{CoreEvent, Meridian, NoEvents, SystemClock};
use meridian_search::{TantivyIndex, WriterBudget};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// How often the indexer looks at the log when nobody asked: well inside the one second in
/// which a new post must be searchable, and a cheap look (two small reads).
const LOOK_EVERY: Duration = Duration::from_millis(300);

/// Wakes the indexer at once, managed as Tauri state; a rebuild asked for runs on the
/// indexer's thread, so the window never waits for it.
#[derive(Debug, Default)]
pub struct Indexer {
    asked: Mutex<bool>,
    wake: Condvar,
    rebuild: AtomicBool,
}

impl Indexer {
    /// Asks for the index to be built again from the whole log.
    pub fn rebuild(&self) {
        self.rebuild.store(true, Ordering::SeqCst);
        *self.asked.lock().unwrap_or_else(|err| err.into_inner()) = true;
        self.wake.notify_one();
    }

    fn wait(&self) {
        let guard = self.asked.lock().unwrap_or_else(|err| err.into_inner());
        let (mut asked, _) = self
            .wake
            .wait_timeout_while(guard, LOOK_EVERY, |asked| !*asked)
            .unwrap_or_else(|err| err.into_inner());
        *asked = false;
    }
}

/// Opens the index in `data_dir`, attaches it to the core and starts the indexer. Without an
/// index (a folder that cannot be written), the app runs and search says why it is missing.
pub fn spawn<R: Runtime>(app: &AppHandle<R>, data_dir: PathBuf) {
    let index = match TantivyIndex::open_in(&data_dir, WriterBudget::SMALL) {
        Ok(index) => Arc::new(index),
        Err(err) => {
            tracing::error!(error = %err.for_log(), "search is unavailable");
            return;
        }
    };
    let _ = app.state::<Core>().with(|meridian| {
        meridian.attach_search(index.clone());
        Ok(())
    });
    let app = app.clone();
    std::thread::spawn(move || {
        // Its own connection: a rebuild reads the whole log without holding the core's lock,
        // so every screen (search included) keeps answering meanwhile.
        let mut own = match Meridian::open(&data_dir, Arc::new(SystemClock), Arc::new(NoEvents)) {
            Ok(own) => own,
            Err(err) => {
                tracing::error!(error = %err.for_log(), "search indexer could not open the profile");
                return;
            }
        };
        own.attach_search(index);
        let indexer = app.state::<Indexer>();
        loop {
            let rebuild = indexer.rebuild.swap(false, Ordering::SeqCst);
            if rebuild || matches!(own.index_lag(), Ok(Some(_))) {
                let mut tell = |_| {
                    let _ = app.emit(CHANGED_EVENT, CoreEvent::SearchIndexChanged);
                };
                let result = if rebuild {
                    own.reindex(&mut tell)
                } else {
                    own.index_catch_up(&mut tell)
                };
                if let Err(err) = result {
                    tracing::error!(error = %err.for_log(), "search indexing failed");
                }
                let _ = app.emit(CHANGED_EVENT, CoreEvent::SearchIndexChanged);
            }
            indexer.wait();
        }
    });
}
