//! Sync in the background, for the desktop app and `meridian daemon` alike: a pass at start,
//! ~1 s after local changes, every 60 s, and as soon as the server's live events (SSE)
//! announce a newer team sequence. Offline, passes back off exponentially (1 s → 60 s).
//!
//! Everything here runs on its own plain threads (the HTTP client is blocking), and a pass
//! takes the host's core only for the short steps between network calls.

use crate::sync_shared;
use meridian::app::Lend;
use meridian::model::SyncReport;
use meridian::sync::SyncConfig;
use meridian::{Error, Result};
use std::io::{BufRead, BufReader};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Local changes within this window go up in one pass.
pub const DEBOUNCE: Duration = Duration::from_secs(1);
/// A pass this often even when nothing announced anything.
const PERIOD: Duration = Duration::from_secs(60);
/// Retry delays while the server cannot be reached: doubling from the first to the cap.
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_CAP: Duration = Duration::from_secs(60);
/// The server sends a keep-alive comment every 15 s; silence this long means a dead stream.
const STREAM_SILENCE: Duration = Duration::from_secs(45);

/// What the background sync runs on: the profile's core, lent a step at a time.
pub trait Host: Lend + Send + Sync + 'static {
    /// After every background pass, with its outcome (the daemon kicks delivery when a
    /// teammate's changes came down; the desktop's core events already told its window).
    fn after_pass(&self, _outcome: &Result<SyncReport>) {}
}

/// When the next pass is due, shared by whoever asks for one and the sync thread.
#[derive(Debug, Default)]
struct Plan {
    /// A pass asked for (local change, SSE, joining): run it at this instant.
    due: Option<Instant>,
    /// The server was just heard from: skip what is left of an offline backoff.
    server_back: bool,
    /// Bumped whenever the profile may have joined a team, to wake the event stream.
    team_generation: u64,
}

/// The background sync of one profile.
pub struct Background {
    host: Arc<dyn Host>,
    plan: Mutex<Plan>,
    wake: Condvar,
    /// One pass at a time: the button and the background never interleave their cursors.
    passing: Mutex<()>,
}

impl std::fmt::Debug for Background {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Background")
            .field("plan", &*self.plan())
            .finish_non_exhaustive()
    }
}

impl Background {
    /// Starts the pass loop and the event stream on their own threads.
    pub fn start(host: Arc<dyn Host>) -> Arc<Background> {
        let background = Arc::new(Background::new(host));
        // A pass at start (when in a team; otherwise the loop only waits).
        background.request(Duration::ZERO);
        let passes = background.clone();
        std::thread::Builder::new()
            .name("meridian-sync".into())
            .spawn(move || passes.pass_loop())
            .expect("spawn the sync thread");
        let stream = background.clone();
        std::thread::Builder::new()
            .name("meridian-sync-events".into())
            .spawn(move || stream.event_loop())
            .expect("spawn the sync events thread");
        background
    }

    fn new(host: Arc<dyn Host>) -> Background {
        Background {
            host,
            plan: Mutex::default(),
            wake: Condvar::new(),
            passing: Mutex::new(()),
        }
    }

    fn plan(&self) -> MutexGuard<'_, Plan> {
        self.plan
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Asks for a pass within `delay`; an earlier request stands (changes coalesce).
    fn request(&self, delay: Duration) {
        let at = Instant::now() + delay;
        let mut plan = self.plan();
        if plan.due.is_none_or(|due| due > at) {
            plan.due = Some(at);
        }
        self.wake.notify_all();
    }

    /// The server spoke (an announcement, a reconnect): a pass now, backoff or not.
    fn request_now(&self) {
        self.plan().server_back = true;
        self.request(Duration::ZERO);
    }

    /// Something changed on this device: it goes up about a second later.
    pub fn local_change(&self) {
        self.request(DEBOUNCE);
    }

    /// The profile created or joined a team: sync now and open the event stream.
    pub fn joined(&self) {
        self.plan().team_generation += 1;
        self.request_now();
    }

    /// One pass now, after any pass already running (the "Sync now" button).
    pub fn sync_now(&self) -> Result<SyncReport> {
        let _one_at_a_time = self
            .passing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        sync_shared(&*self.host)
    }

    /// The team server settings, if the profile is in a team.
    fn config(&self) -> Option<SyncConfig> {
        let mut config = None;
        self.host
            .lend(&mut |meridian| {
                config = meridian.sync_config()?;
                Ok(())
            })
            .ok()?;
        config
    }

    /// Runs passes when asked, every [`PERIOD`], and, after a failure, when the backoff
    /// allows.
    fn pass_loop(&self) {
        let mut next_periodic = Instant::now() + PERIOD;
        let mut backoff: Option<Duration> = None;
        let mut retry_at: Option<Instant> = None;
        loop {
            {
                let mut plan = self.plan();
                loop {
                    if std::mem::take(&mut plan.server_back) {
                        retry_at = None;
                    }
                    let now = Instant::now();
                    // While backing off, a request waits for the retry time (no spinning
                    // offline).
                    let asked = plan
                        .due
                        .map(|due| retry_at.map_or(due, |retry| due.max(retry)));
                    let next = [Some(next_periodic), asked, retry_at]
                        .into_iter()
                        .flatten()
                        .min()
                        .unwrap_or(next_periodic);
                    if next <= now {
                        break;
                    }
                    plan = self
                        .wake
                        .wait_timeout(plan, next - now)
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .0;
                }
                plan.due = None;
            }
            next_periodic = Instant::now() + PERIOD;
            if self.config().is_none() {
                retry_at = None;
                backoff = None;
                continue;
            }
            let outcome = self.sync_now();
            match &outcome {
                Ok(_) => {
                    backoff = None;
                    retry_at = None;
                }
                Err(err) => {
                    let delay = next_backoff(backoff);
                    backoff = Some(delay);
                    retry_at = Some(Instant::now() + delay);
                    // Offline and refusals are in the sync state for the person to read.
                    if matches!(err, Error::Offline(_) | Error::Sync(_)) {
                        tracing::warn!(error = %err.for_log(), retry_in_s = delay.as_secs(), "sync pass failed");
                    } else {
                        tracing::error!(error = %err.for_log(), retry_in_s = delay.as_secs(), "sync pass failed");
                    }
                }
            }
            self.host.after_pass(&outcome);
        }
    }

    /// Follows `GET {server}/v1/events`; every announced sequence newer than the last asks
    /// for a pass at once. Reconnects with `Last-Event-ID`, backing off while the server is
    /// away.
    fn event_loop(&self) {
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(STREAM_SILENCE)
            .build();
        let Ok(client) = client else {
            tracing::warn!("no HTTP client for live events; syncing every minute");
            return;
        };
        let mut last_id: Option<u64> = None;
        let mut backoff: Option<Duration> = None;
        loop {
            let generation = self.plan().team_generation;
            let Some(config) = self.config() else {
                // Not in a team: wait until the profile joins one.
                let plan = self.plan();
                drop(
                    self.wake
                        .wait_while(plan, |plan| plan.team_generation == generation),
                );
                continue;
            };
            let last = last_id.or_else(|| self.pulled_seq());
            let mut request = client
                .get(format!("{}/v1/events", config.server.trim_end_matches('/')))
                .bearer_auth(&config.device_token)
                .header("Accept", "text/event-stream");
            if let Some(last) = last {
                request = request.header("Last-Event-ID", last.to_string());
            }
            if let Ok(response) = request.send() {
                if response.status().is_success() {
                    backoff = None;
                    // (Re)connected: whatever waited while the server was away goes now.
                    self.request_now();
                    self.follow(response, &mut last_id);
                }
            }
            let delay = next_backoff(backoff);
            backoff = Some(delay);
            std::thread::sleep(delay);
        }
    }

    /// How far this device has pulled, where a new event stream resumes.
    fn pulled_seq(&self) -> Option<u64> {
        let mut pulled = None;
        self.host
            .lend(&mut |meridian| {
                pulled = u64::try_from(meridian.sync_state()?.pulled_seq).ok();
                Ok(())
            })
            .ok()?;
        pulled
    }

    /// Reads server-sent events until the stream ends; `id:` lines carry the team sequence.
    fn follow(&self, response: reqwest::blocking::Response, last_id: &mut Option<u64>) {
        let mut pending: Option<u64> = None;
        for line in BufReader::new(response).lines() {
            let Ok(line) = line else { return };
            if let Some(id) = line.strip_prefix("id:") {
                pending = id.trim().parse().ok();
            } else if line.is_empty() {
                if let Some(seq) = pending.take() {
                    if last_id.is_none_or(|last| seq > last) {
                        *last_id = Some(seq);
                        self.request_now();
                    }
                }
            }
        }
    }
}

/// The next retry delay after `previous` (none yet: the first).
fn next_backoff(previous: Option<Duration>) -> Duration {
    previous.map_or(BACKOFF_FIRST, |delay| (delay * 2).min(BACKOFF_CAP))
}

#[cfg(test)]
mod tests {
    use super::*;
    use meridian::Meridian;

    /// A host with no profile behind it: enough to exercise the plan.
    struct NoProfile;

    impl Lend for NoProfile {
        fn lend(&self, _step: &mut dyn FnMut(&mut Meridian) -> Result<()>) -> Result<()> {
            Err(Error::Storage("no profile".into()))
        }
    }

    impl Host for NoProfile {}

    #[test]
    fn backoff_doubles_up_to_a_minute() {
        let mut delay = None;
        let mut seen = Vec::new();
        for _ in 0..9 {
            let next = next_backoff(delay);
            seen.push(next.as_secs());
            delay = Some(next);
        }
        assert_eq!(seen, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn requests_coalesce_to_the_earliest() {
        let sync = Background::new(Arc::new(NoProfile));
        sync.local_change();
        let first = sync.plan().due.expect("due");
        sync.local_change();
        assert_eq!(
            sync.plan().due,
            Some(first),
            "a later change does not push it back"
        );
        sync.request(Duration::ZERO);
        assert!(
            sync.plan().due.expect("due") < first,
            "an announcement runs at once"
        );
        sync.joined();
        assert_eq!(sync.plan().team_generation, 1);
        assert!(sync.config().is_none(), "no profile, no team");
    }
}
