//! The tray icon and its menu: open the window, start or stop focus, quick capture, quit; its
//! tooltip and icon follow focus, updated by one thread.

use crate::{show_main_window, Core};
use meridian::Meridian;
use std::sync::{mpsc, Mutex};
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

const TRAY_ID: &str = "meridian";
const ICON_IDLE: &[u8] = include_bytes!("../../icons/tray.png");
const ICON_FOCUS: &[u8] = include_bytes!("../../icons/tray-focus.png");

/// Builds the tray icon with its menu. Menu ids are the actions they trigger.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, "open", "Open Meridian", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "focus-25", "Start focus · 25 min", true, None::<&str>)?,
            &MenuItem::with_id(app, "focus-50", "Start focus · 50 min", true, None::<&str>)?,
            &MenuItem::with_id(app, "focus-90", "Start focus · 90 min", true, None::<&str>)?,
            &MenuItem::with_id(app, "focus-stop", "Stop focus", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "capture", "Quick capture…", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "quit", "Quit Meridian", true, None::<&str>)?,
        ],
    )?;
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(ICON_IDLE)?)
        .tooltip("Meridian")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| handle_menu(app, event.id().as_ref()))
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main_window(tray.app_handle());
            }
        })
        .build(app)?;
    start_refresher(app);
    refresh(app);
    Ok(())
}

/// Runs a tray menu action against the core.
pub fn handle_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let core = app.state::<Core>();
    let result = match id {
        "open" => {
            show_main_window(app);
            return;
        }
        "capture" => {
            crate::shortcut::open_capture(app);
            return;
        }
        "quit" => {
            app.exit(0);
            return;
        }
        "focus-25" => core
            .with(|meridian| meridian.start_focus(25, None))
            .map(drop),
        "focus-50" => core
            .with(|meridian| meridian.start_focus(50, None))
            .map(drop),
        "focus-90" => core
            .with(|meridian| meridian.start_focus(90, None))
            .map(drop),
        "focus-stop" => core.with(|meridian| meridian.stop_focus()).map(drop),
        _ => return,
    };
    if let Err(err) = result {
        // The tray has no room for an error; open the window, where the UI shows state.
        tracing::warn!(action = %id, kind = ?err.kind, "tray action failed");
        show_main_window(app);
    }
}

/// Asks for the tray's tooltip and icon to be brought up to date. Never blocks: the one
/// refresher thread (see [`start_refresher`]) does the work.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    if let Some(refresher) = app.try_state::<Refresher>() {
        let wake = refresher
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A closed channel means the app is shutting down; nothing to refresh then.
        let _ = wake.send(());
    }
}

/// Wakes the refresher thread.
struct Refresher(Mutex<mpsc::Sender<()>>);

/// Starts the thread that applies tray updates, one at a time and only when they change
/// something. tray-icon's Linux backend panics ("RefCell already borrowed") when a second
/// update reaches the main loop while one is being applied, which a thread per core event
/// made likely once a post fired several events at once. Requests that pile up while an
/// update runs collapse into one.
fn start_refresher<R: Runtime>(app: &AppHandle<R>) {
    let (wake, woken) = mpsc::channel::<()>();
    app.manage(Refresher(Mutex::new(wake)));
    let app = app.clone();
    std::thread::Builder::new()
        .name("meridian-tray".into())
        .spawn(move || {
            let mut shown: Option<(String, bool)> = None;
            while woken.recv().is_ok() {
                while woken.try_recv().is_ok() {}
                let (Some(tray), Some(core)) = (app.tray_by_id(TRAY_ID), app.try_state::<Core>())
                else {
                    continue;
                };
                // Reading the core waits for its lock, which core events are fired under.
                let tooltip = core
                    .with(|meridian| Ok(tooltip(meridian)))
                    .unwrap_or_else(|err| err.message);
                let focusing = tooltip.contains("Focusing until");
                if shown.as_ref().is_some_and(|(text, _)| *text == tooltip) {
                    continue;
                }
                let _ = tray.set_tooltip(Some(&tooltip));
                if shown.as_ref().is_none_or(|(_, icon)| *icon != focusing) {
                    if let Ok(icon) =
                        Image::from_bytes(if focusing { ICON_FOCUS } else { ICON_IDLE })
                    {
                        let _ = tray.set_icon(Some(icon));
                    }
                }
                shown = Some((tooltip, focusing));
            }
        })
        .expect("spawn the tray thread");
}

fn tooltip(meridian: &Meridian) -> String {
    match meridian.snapshot() {
        Ok(snapshot) => format!("Meridian · {}", meridian::app::focus_line(&snapshot)),
        Err(_) => "Meridian".into(),
    }
}
