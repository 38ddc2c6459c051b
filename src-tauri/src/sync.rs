//! Background sync with the team server: a pass at start, ~1 s after local changes, every
//! 60 s, and as soon as the server's live events (SSE) announce a newer team sequence.
//! Offline, passes back off exponentially (1 s → 60 s). After every pass the UI is told, so
//! the sync line and a teammate's changes show at once.
//!
//! A pass runs `meridian_sync::sync` under the core's lock (it needs `&mut Meridian`), always
//! on this module's own threads or a blocking pool thread, never on the main thread.

use crate::Core;
use meridian::model::SyncReport;
use meridian::{ErrorKind, ErrorPayload};
use std::cell::Cell;
use std::io::{BufRead, BufReader};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, Runtime};

/// Local changes within this window go up in one pass.
const DEBOUNCE: Duration = Duration::from_secs(1);
/// A pass this often even when nothing announced anything.
const PERIOD: Duration = Duration::from_secs(60);
/// Retry delays while the server cannot be reached: doubling from the first to the cap.
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_CAP: Duration = Duration::from_secs(60);
/// The server sends a keep-alive comment every 15 s; silence this long means a dead stream.
const STREAM_SILENCE: Duration = Duration::from_secs(45);

thread_local! {
    /// Set while this thread runs a sync pass: the core events a pass fires are the team's
    /// changes coming down, not local ones to push (which would start another pass, forever).
    static IN_PASS: Cell<bool> = const { Cell::new(false) };
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

/// The background sync's handle, managed as Tauri state.
#[derive(Debug, Default)]
pub struct Background {
    plan: Mutex<Plan>,
    wake: Condvar,
}

impl Background {
    fn plan(&self) -> std::sync::MutexGuard<'_, Plan> {
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

    /// The profile created or joined a team: sync now and open the event stream.
    fn joined(&self) {
        self.plan().team_generation += 1;
        self.request_now();
    }
}

/// Called for every core event: a change made here goes up about a second later.
pub fn local_change<R: Runtime>(app: &AppHandle<R>) {
    if IN_PASS.with(Cell::get) {
        return;
    }
    if let Some(sync) = app.try_state::<Background>() {
        sync.request(DEBOUNCE);
    }
}

/// Runs `action` on the core as a sync pass: its events are not local changes to push.
pub fn pass<R: Runtime, T>(
    app: &AppHandle<R>,
    action: impl FnOnce(&mut meridian::Meridian) -> meridian::Result<T>,
) -> Result<T, ErrorPayload> {
    // The core tells the UI itself, through the shell's event sink: `sync_changed` after every
    // pass (only the sync line refreshes), `external_change` when team data came down (every
    // screen does), and each of those kicks delivery and refreshes the tray there.
    let core = app.state::<Core>();
    IN_PASS.with(|flag| flag.set(true));
    let result = core.with(action);
    IN_PASS.with(|flag| flag.set(false));
    result
}

/// One pass now (the "Sync now" button and the background thread).
pub fn sync_now<R: Runtime>(app: &AppHandle<R>) -> Result<SyncReport, ErrorPayload> {
    pass(app, meridian_sync::sync)
}

/// After creating or joining a team: start syncing in the background.
pub fn joined<R: Runtime>(app: &AppHandle<R>) {
    if let Some(sync) = app.try_state::<Background>() {
        sync.joined();
    }
}

/// Whether this profile syncs with a team server, and with which settings.
fn config<R: Runtime>(app: &AppHandle<R>) -> Option<meridian::sync::SyncConfig> {
    app.state::<Core>()
        .with(|meridian| meridian.sync_config())
        .ok()
        .flatten()
}

/// The next retry delay after `previous` (none yet: the first).
fn next_backoff(previous: Option<Duration>) -> Duration {
    previous.map_or(BACKOFF_FIRST, |delay| (delay * 2).min(BACKOFF_CAP))
}

/// Starts the background sync: the pass loop and the server's event stream.
pub fn spawn<R: Runtime>(app: &AppHandle<R>) {
    app.manage(Background::default());
    // A pass at start (when in a team; otherwise the loop only waits).
    app.state::<Background>().request(Duration::ZERO);
    let passes = app.clone();
    std::thread::Builder::new()
        .name("meridian-sync".into())
        .spawn(move || pass_loop(&passes))
        .expect("spawn the sync thread");
    let stream = app.clone();
    std::thread::Builder::new()
        .name("meridian-sync-events".into())
        .spawn(move || event_loop(&stream))
        .expect("spawn the sync events thread");
}

/// Runs passes when asked, every [`PERIOD`], and, after a failure, when the backoff allows.
fn pass_loop<R: Runtime>(app: &AppHandle<R>) {
    let sync = app.state::<Background>();
    let mut next_periodic = Instant::now() + PERIOD;
    let mut backoff: Option<Duration> = None;
    let mut retry_at: Option<Instant> = None;
    loop {
        {
            let mut plan = sync.plan();
            loop {
                if std::mem::take(&mut plan.server_back) {
                    retry_at = None;
                }
                let now = Instant::now();
                // While backing off, a request waits for the retry time (no spinning offline).
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
                plan = sync
                    .wake
                    .wait_timeout(plan, next - now)
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .0;
            }
            plan.due = None;
        }
        next_periodic = Instant::now() + PERIOD;
        if config(app).is_none() {
            retry_at = None;
            backoff = None;
            continue;
        }
        match sync_now(app) {
            Ok(_) => {
                backoff = None;
                retry_at = None;
            }
            Err(err) => {
                let delay = next_backoff(backoff);
                backoff = Some(delay);
                retry_at = Some(Instant::now() + delay);
                if !matches!(err.kind, ErrorKind::Offline | ErrorKind::Sync) {
                    eprintln!("Meridian sync: {}", err.message);
                }
            }
        }
    }
}

/// Follows `GET {server}/v1/events`; every announced sequence newer than the last asks for
/// a pass at once. Reconnects with `Last-Event-ID`, backing off while the server is away.
fn event_loop<R: Runtime>(app: &AppHandle<R>) {
    let sync = app.state::<Background>();
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(STREAM_SILENCE)
        .build();
    let Ok(client) = client else {
        eprintln!("Meridian sync: no HTTP client for live events; syncing every minute");
        return;
    };
    let mut last_id: Option<u64> = None;
    let mut backoff: Option<Duration> = None;
    loop {
        let generation = sync.plan().team_generation;
        let Some(config) = config(app) else {
            // Not in a team: wait until the profile joins one.
            let plan = sync.plan();
            drop(
                sync.wake
                    .wait_while(plan, |plan| plan.team_generation == generation),
            );
            continue;
        };
        let last = last_id.or_else(|| {
            app.state::<Core>()
                .with(|meridian| meridian.sync_state())
                .ok()
                .and_then(|state| u64::try_from(state.pulled_seq).ok())
        });
        let mut request = client
            .get(format!("{}/v1/events", config.server.trim_end_matches('/')))
            .bearer_auth(&config.device_token)
            .header("Accept", "text/event-stream");
        if let Some(last) = last {
            request = request.header("Last-Event-ID", last.to_string());
        }
        match request.send() {
            Ok(response) if response.status().is_success() => {
                backoff = None;
                // (Re)connected: whatever waited while the server was away goes now.
                sync.request_now();
                follow(response, &mut last_id, &sync);
            }
            _ => {}
        }
        let delay = next_backoff(backoff);
        backoff = Some(delay);
        std::thread::sleep(delay);
    }
}

/// Reads server-sent events until the stream ends; `id:` lines carry the team sequence.
fn follow(response: reqwest::blocking::Response, last_id: &mut Option<u64>, sync: &Background) {
    let mut pending: Option<u64> = None;
    for line in BufReader::new(response).lines() {
        let Ok(line) = line else { return };
        if let Some(id) = line.strip_prefix("id:") {
            pending = id.trim().parse().ok();
        } else if line.is_empty() {
            if let Some(seq) = pending.take() {
                if last_id.is_none_or(|last| seq > last) {
                    *last_id = Some(seq);
                    sync.request_now();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let sync = Background::default();
        sync.request(DEBOUNCE);
        let first = sync.plan().due.expect("due");
        sync.request(DEBOUNCE);
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
    }
}
