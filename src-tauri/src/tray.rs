//! The tray icon and its menu: open the window, start or stop focus, quit.

use crate::{show_main_window, Core};
use meridian::Meridian;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
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
        eprintln!("tray action {id} failed: {}", err.message);
        show_main_window(app);
    }
}

/// Updates the tray tooltip and icon to show whether focus is on.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let Some(core) = app.try_state::<Core>() else {
        return;
    };
    let tooltip = core
        .with(|meridian| Ok(tooltip(meridian)))
        .unwrap_or_else(|err| err.message);
    apply(&tray, &tooltip);
}

fn apply<R: Runtime>(tray: &TrayIcon<R>, tooltip: &str) {
    let focusing = tooltip.contains("Focusing until");
    let _ = tray.set_tooltip(Some(tooltip));
    if let Ok(icon) = Image::from_bytes(if focusing { ICON_FOCUS } else { ICON_IDLE }) {
        let _ = tray.set_icon(Some(icon));
    }
}

fn tooltip(meridian: &Meridian) -> String {
    match meridian.snapshot() {
        Ok(snapshot) => format!("Meridian · {}", meridian::app::focus_line(&snapshot)),
        Err(_) => "Meridian".into(),
    }
}
