//! WebKit settings for Meridian's window. It shows one small local page, which WebKit's
//! GPU compositing does not make faster but does make bigger.

use tauri::{AppHandle, Manager, Runtime};

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
