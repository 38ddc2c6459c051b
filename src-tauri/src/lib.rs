//! Meridian's desktop shell: the only crate that knows Tauri. It owns the window, the tray,
//! single-instance behaviour and the IPC commands, and forwards core events to the UI.

mod commands;
mod delivery;
mod shortcut;
mod tray;

use meridian::{Clock, CoreEvent, EventSink, Meridian, SystemClock};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime, WindowEvent};

/// Name of the event the UI listens to; its payload is a [`CoreEvent`].
pub const CHANGED_EVENT: &str = "meridian://changed";

/// How often the shell looks for writes by other processes and for focus sessions that ran
/// out. Well under the 2 s within which a CLI change must show in the open app.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The core, shared by IPC commands, the tray and the poller. A `Mutex` because a SQLite
/// connection is used by one thread at a time; every critical section is a few queries.
pub struct Core {
    meridian: Mutex<Result<Meridian, meridian::ErrorPayload>>,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core").finish_non_exhaustive()
    }
}

impl Core {
    pub fn new(opened: meridian::Result<Meridian>) -> Self {
        Core {
            meridian: Mutex::new(opened.map_err(|err| err.payload())),
        }
    }

    /// Runs `action` on the open core, or returns why it could not be opened.
    pub fn with<T>(
        &self,
        action: impl FnOnce(&mut Meridian) -> meridian::Result<T>,
    ) -> Result<T, meridian::ErrorPayload> {
        let mut guard: MutexGuard<'_, _> = self
            .meridian
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Ok(meridian) => action(meridian).map_err(|err| err.payload()),
            Err(open_error) => Err(open_error.clone()),
        }
    }
}

/// Forwards core events to every window of the app.
struct UiEvents<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> EventSink for UiEvents<R> {
    fn emit(&self, event: CoreEvent) {
        // Every change may move a delivery time (new item, schedule, focus, zone).
        if let Some(kick) = self.app.try_state::<delivery::Kick>() {
            kick.0.notify_one();
        }
        // A window that is gone cannot listen; nothing else to do about a failed emit.
        let _ = self.app.emit(CHANGED_EVENT, event);
        // Core events fire while the core's lock is held (often on the main thread, inside a
        // command), and refreshing the tray reads the core: do it from another thread, which
        // waits for the lock to be released. `run_on_main_thread` would run it right here.
        let app = self.app.clone();
        std::thread::spawn(move || tray::refresh(&app));
    }
}

/// Registers the IPC commands on a builder; shared by the real app and the shell tests.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::snapshot,
        commands::complete_onboarding,
        commands::update_profile,
        commands::start_focus,
        commands::stop_focus,
        commands::time_zones,
        commands::system_time_zone,
        commands::quit_app,
        commands::team_board,
        commands::overlap,
        commands::add_member,
        commands::seed_demo,
        commands::focus_blocks,
        commands::add_focus_block,
        commands::remove_focus_block,
        commands::focus_history,
        commands::extend_focus,
        commands::inbox,
        commands::notify_settings,
        commands::set_notify_schedule,
        commands::set_notify_prefs,
        commands::notify_outlook,
        commands::deliveries,
        commands::queue_notification,
    ])
}

/// Opens the core for `app`, with events forwarded to its windows.
pub fn open_core<R: Runtime>(app: &AppHandle<R>) -> Core {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let events = Arc::new(UiEvents { app: app.clone() });
    Core::new(Meridian::open_default(clock, events))
}

/// Opens the core stored in `dir` for `app`; used by the shell tests.
pub fn open_core_in<R: Runtime>(app: &AppHandle<R>, dir: &std::path::Path) -> Core {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let events = Arc::new(UiEvents { app: app.clone() });
    Core::new(Meridian::open(dir, clock, events))
}

/// Starts the desktop app. Start-up order: single-instance guard first (a second launch only
/// focuses the first), then the core, then the tray, then the background poller.
pub fn run() {
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main_window(app);
        }))
        .setup(|app| {
            let core = open_core(app.handle());
            let data_dir = core
                .with(|meridian| Ok(meridian.data_dir().to_path_buf()))
                .ok();
            app.manage(core);
            app.manage(delivery::Kick::default());
            tray::install(app.handle())?;
            shortcut::install(app.handle());
            spawn_poller(app.handle().clone());
            if let Some(data_dir) = data_dir {
                delivery::spawn(app.handle().clone(), data_dir);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps Meridian running in the tray, like a chat app would;
            // Quit lives in the tray menu, in Settings and on Ctrl+Q.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == "main" {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        });
    with_commands(builder)
        .run(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("Meridian could not start: {err}");
            std::process::exit(1);
        });
}

/// Shows, unminimises and focuses the main window.
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Watches for writes by other processes (the CLI) and for focus sessions that ran out on
/// their own, and tells the UI. A plain thread: the work is a couple of tiny queries.
fn spawn_poller<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || {
        let mut last_focus: Option<String> = None;
        loop {
            std::thread::sleep(POLL_INTERVAL);
            let core = app.state::<Core>();
            let focus = core.with(|meridian| {
                meridian.poll_external_change()?;
                Ok(meridian.active_focus()?.map(|session| session.id))
            });
            if let Ok(focus) = focus {
                if focus != last_focus {
                    if let Some(kick) = app.try_state::<delivery::Kick>() {
                        kick.0.notify_one();
                    }
                    last_focus = focus;
                    let _ = app.emit(CHANGED_EVENT, CoreEvent::FocusChanged);
                    tray::refresh(&app);
                }
            }
        }
    });
}

#[cfg(test)]
mod tests;
