//! Global shortcuts: Ctrl+Alt+F starts a 25-minute focus session (or stops the running one),
//! and the quick-capture shortcut (Ctrl+Alt+Space unless this device chose another) opens the
//! small always-on-top capture window, from anywhere on the desktop. A shortcut that cannot be
//! registered (another program owns it, or a Wayland session, where global shortcuts do not
//! reach applications) never stops Meridian: the capture state says why and what to use
//! instead, and Settings shows it.

use crate::Core;
use meridian::model::CaptureShortcut;
use meridian::{Error, ErrorPayload};
use std::str::FromStr;
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_global_shortcut::{Code, GlobalShortcutExt, Modifiers, Shortcut, ShortcutState};

/// The label of the quick-capture window.
pub const CAPTURE_WINDOW: &str = "capture";

/// What to use when the shortcut is not there.
const FALLBACK: &str =
    "use Quick capture in the tray menu, or `meridian capture TEXT` in a terminal";

/// Where this device's capture shortcut stands; managed state, read by Settings.
#[derive(Debug)]
pub struct CaptureState(pub Mutex<CaptureShortcut>);

fn focus_toggle() -> Shortcut {
    Shortcut::new(Some(Modifiers::CONTROL | Modifiers::ALT), Code::KeyF)
}

/// Parses an accelerator such as "Ctrl+Alt+Space", refusing one without a modifier (it would
/// swallow a key everywhere on the desktop).
pub fn parse_accelerator(text: &str) -> Result<Shortcut, Error> {
    let text = text.trim();
    let shortcut = Shortcut::from_str(text).map_err(|err| {
        Error::invalid(
            "shortcut",
            format!("“{text}” is not a shortcut ({err}); write it like Ctrl+Alt+Space or Super+Shift+C."),
        )
    })?;
    if shortcut.mods.is_empty() {
        return Err(Error::invalid(
            "shortcut",
            format!("“{text}” has no modifier and would take that key from every program; add Ctrl, Alt, Shift or Super."),
        ));
    }
    if shortcut == focus_toggle() {
        return Err(Error::invalid(
            "shortcut",
            "Ctrl+Alt+F already starts focus; pick another combination.",
        ));
    }
    Ok(shortcut)
}

/// Why global shortcuts cannot work in this session, if they cannot.
fn session_problem() -> Option<String> {
    let wayland = std::env::var("XDG_SESSION_TYPE").is_ok_and(|kind| kind == "wayland")
        || std::env::var_os("WAYLAND_DISPLAY").is_some();
    wayland.then(|| format!("Global shortcuts do not reach apps in a Wayland session; {FALLBACK}."))
}

/// Registers both shortcuts. Another program may own a combination already; Meridian then
/// runs without it rather than failing to start.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    let accelerator = app
        .state::<Core>()
        .with(|meridian| meridian.capture_shortcut())
        .unwrap_or_else(|_| meridian::app::DEFAULT_CAPTURE_SHORTCUT.to_owned());
    app.manage(CaptureState(Mutex::new(CaptureShortcut {
        accelerator: accelerator.clone(),
        registered: false,
        problem: None,
    })));
    let plugin = tauri_plugin_global_shortcut::Builder::new()
        .with_handler(move |app, shortcut, event| {
            if event.state() != ShortcutState::Pressed {
                return;
            }
            if *shortcut == focus_toggle() {
                toggle_focus(app);
            } else {
                open_capture(app);
            }
        })
        .build();
    if let Err(err) = app.plugin(plugin) {
        tracing::warn!(error = %err, "global shortcuts unavailable");
        set_state(
            app,
            &accelerator,
            Err(format!(
                "Global shortcuts are unavailable ({err}); {FALLBACK}."
            )),
        );
        return;
    }
    if let Err(err) = app.global_shortcut().register(focus_toggle()) {
        tracing::warn!(error = %err, "could not register Ctrl+Alt+F");
    }
    let outcome = register_capture(app, &accelerator);
    if let Err(problem) = &outcome {
        tracing::warn!(problem = %problem, "quick capture shortcut unavailable");
    }
    set_state(app, &accelerator, outcome);
}

/// Registers `accelerator` for quick capture; the error is a sentence for the person.
fn register_capture<R: Runtime>(app: &AppHandle<R>, accelerator: &str) -> Result<(), String> {
    if let Some(problem) = session_problem() {
        return Err(problem);
    }
    let shortcut = parse_accelerator(accelerator).map_err(|err| format!("{err} {FALLBACK}."))?;
    app.global_shortcut().register(shortcut).map_err(|err| {
        format!("{accelerator} could not be registered ({err}): another program may use it. Pick another in Settings, or {FALLBACK}.")
    })
}

fn set_state<R: Runtime>(app: &AppHandle<R>, accelerator: &str, outcome: Result<(), String>) {
    if let Some(state) = app.try_state::<CaptureState>() {
        let mut state = state.0.lock().unwrap_or_else(|p| p.into_inner());
        *state = CaptureShortcut {
            accelerator: accelerator.to_owned(),
            registered: outcome.is_ok(),
            problem: outcome.err(),
        };
    }
}

/// Where the capture shortcut stands.
pub fn status<R: Runtime>(app: &AppHandle<R>) -> CaptureShortcut {
    app.try_state::<CaptureState>()
        .map(|state| state.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
        .unwrap_or_else(|| CaptureShortcut {
            accelerator: meridian::app::DEFAULT_CAPTURE_SHORTCUT.to_owned(),
            registered: false,
            problem: Some(format!(
                "Global shortcuts are not set up in this window; {FALLBACK}."
            )),
        })
}

/// Changes the capture shortcut: a combination that does not parse is refused and nothing is
/// stored; one that parses but cannot be registered is refused too, and the old one stays.
pub fn change<R: Runtime>(
    app: &AppHandle<R>,
    accelerator: &str,
) -> Result<CaptureShortcut, ErrorPayload> {
    let shortcut = parse_accelerator(accelerator).map_err(|err| err.payload())?;
    let accelerator = accelerator.trim().to_owned();
    let previous = status(app);
    if let Some(problem) = session_problem() {
        return Err(Error::Conflict(problem).payload());
    }
    let manager = app.global_shortcut();
    if previous.registered {
        if let Ok(old) = parse_accelerator(&previous.accelerator) {
            let _ = manager.unregister(old);
        }
    }
    if let Err(err) = manager.register(shortcut) {
        if previous.registered {
            if let Ok(old) = parse_accelerator(&previous.accelerator) {
                let _ = manager.register(old);
            }
        }
        return Err(Error::Conflict(format!(
            "{accelerator} could not be registered ({err}): another program may use it. Pick another combination; {} still works.",
            previous.accelerator
        ))
        .payload());
    }
    app.state::<Core>()
        .with(|meridian| meridian.store_capture_shortcut(&accelerator))?;
    set_state(app, &accelerator, Ok(()));
    Ok(status(app))
}

/// Shows the quick-capture window, creating it the first time. It is small, always on top and
/// separate from the main window, which keeps whatever it was showing (and stays hidden if it
/// was hidden).
pub fn open_capture<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(CAPTURE_WINDOW) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
        // The UI clears the field and focuses it each time it is shown.
        let _ = tauri::Emitter::emit_to(app, CAPTURE_WINDOW, "meridian://capture-shown", ());
        return;
    }
    let built = WebviewWindowBuilder::new(
        app,
        CAPTURE_WINDOW,
        WebviewUrl::App("index.html#capture".into()),
    )
    .title("Quick capture · Meridian")
    .inner_size(520.0, 168.0)
    .resizable(false)
    .always_on_top(true)
    .skip_taskbar(true)
    .center()
    .focused(true)
    .build();
    if let Err(err) = built {
        tracing::error!(error = %err, "could not open the capture window");
    }
}

/// Hides the capture window (kept for the next capture: opening it again is instant).
pub fn close_capture<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(CAPTURE_WINDOW) {
        let _ = window.hide();
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
        tracing::warn!(kind = ?err.kind, "focus shortcut failed");
    }
}
