//! The floor `make perf` measures Meridian against: a bare Tauri app with one window showing
//! a static page. Its only command lets the page report when it painted, the same way
//! Meridian's UI does, so both figures come from the same kind of clock and the same path.

// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Prints `perf <stage> <page epoch ms>` for the harness, as Meridian does with
/// `MERIDIAN_PERF_LOG` set; the page clock is the web view's `timeOrigin + now()`.
#[tauri::command]
fn report_ready(stage: String, at_ms: f64) {
    println!("perf {stage} {at_ms:.3}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![report_ready])
        .run(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("perf floor could not start: {err}");
            std::process::exit(1);
        });
}
