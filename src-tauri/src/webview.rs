//! Meridian's web views: WebKit settings (a small local page, which WebKit's GPU compositing
//! does not make faster but does make bigger), where a window may navigate (only its own
//! pages: links people wrote open in the system browser), whether the main window shows at
//! start (not when launched at login with `--hidden`), and the plugins the UI reaches besides
//! Meridian's own commands.

use std::ffi::OsStr;
use tauri::plugin::{Builder as PluginBuilder, TauriPlugin};
use tauri::{AppHandle, Context, Manager, Runtime, Url};

/// The argument the login entry launches the app with: it starts in the tray, window hidden.
pub const HIDDEN_ARG: &str = "--hidden";

/// Adds the plugins the UI calls (the system opener, start at login) and the navigation guard.
pub fn with_plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        // The UI's own click handler (ui/src/shared/links.ts) decides which links open; the
        // plugin's script, which would also open `target=_blank` and `tel:` links, stays out.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .arg(HIDDEN_ARG)
                .build(),
        )
        .plugin(navigation_guard())
}

/// Refuses every navigation of a web view away from Meridian's own pages, so that a link the
/// UI's handler missed (or a page trick) cannot take a window away from the app.
fn navigation_guard<R: Runtime>() -> TauriPlugin<R> {
    PluginBuilder::new("navigation-guard")
        .on_navigation(|_webview, url| is_own_page(url))
        .build()
}

/// Whether `url` is one of the app's own pages: the bundled UI served by Tauri's custom
/// protocol (`tauri://localhost` on Linux and macOS, `http(s)://tauri.localhost` on Windows).
pub fn is_own_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        // Only where Tauri serves the UI from that origin; elsewhere it is a name a page
        // could point at whatever listens on the machine's port 80.
        "http" | "https" if cfg!(any(windows, target_os = "android")) => {
            url.host_str() == Some("tauri.localhost") && url.port().is_none()
        }
        _ => false,
    }
}

/// Whether the command line (without the program name) asks to start hidden in the tray.
pub fn starts_hidden<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> bool {
    args.into_iter().any(|arg| arg.as_ref() == HIDDEN_ARG)
}

/// Creates the main window hidden when the app was launched with `--hidden`. The window is
/// made from the configuration as before, so a normal launch shows it exactly as early.
pub fn honour_hidden_flag<R: Runtime>(context: Context<R>) -> Context<R> {
    hide_main_window_if(context, starts_hidden(std::env::args_os().skip(1)))
}

fn hide_main_window_if<R: Runtime>(mut context: Context<R>, hidden: bool) -> Context<R> {
    if hidden {
        for window in &mut context.config_mut().app.windows {
            if window.label == "main" {
                window.visible = false;
            }
        }
    }
    context
}

/// Tunes the main window's web view; call once the window exists (in setup). Linux only:
/// the other platforms' system web views have no such settings.
pub fn tune<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(target_os = "linux")]
    if let Some(window) = app.get_webview_window("main") {
        // Fails only if the window is already gone, and then there is nothing to tune.
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                // Paint on the CPU: no GL context, compositor or layer textures in the web
                // process, which a sidebar and a few cards never needed.
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(test)]
mod tests;
