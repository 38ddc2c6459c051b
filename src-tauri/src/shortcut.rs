//! The global focus shortcut: Ctrl+Alt+F starts a 25-minute focus session, or stops the
//! running one, from anywhere on the desktop.

use crate::Core;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_global_shortcut::{Code, GlobalShortcutExt, Modifiers, Shortcut, ShortcutState};

/// Registers the shortcut. Another program may own the combination already; Meridian then
/// runs without it rather than failing to start.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    let toggle = Shortcut::new(Some(Modifiers::CONTROL | Modifiers::ALT), Code::KeyF);
    let plugin = tauri_plugin_global_shortcut::Builder::new()
        .with_handler(move |app, shortcut, event| {
            if *shortcut == toggle && event.state() == ShortcutState::Pressed {
                toggle_focus(app);
            }
        })
        .build();
    if let Err(err) = app.plugin(plugin) {
        eprintln!("meridian: global shortcut unavailable: {err}");
        return;
    }
    if let Err(err) = app.global_shortcut().register(toggle) {
        eprintln!("meridian: could not register Ctrl+Alt+F: {err}");
    }
}

fn toggle_focus<R: Runtime>(app: &AppHandle<R>) {
    let result = app.state::<Core>().with(|meridian| {
        if meridian.active_focus()?.is_some() {
            meridian.stop_focus()
        } else {
            meridian.start_focus(25, None)
        }
    });
    if let Err(err) = result {
        eprintln!("meridian: focus shortcut: {}", err.message);
    }
}
