//! Crash reports in the window: the next launch after a panic offers the newest unread report
//! (copy it, show its file, dismiss it). Reports stay in the profile; nothing is sent anywhere.

use meridian::{ErrorKind, ErrorPayload};
use meridian_os::logs;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A crash report as the window shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CrashReportView {
    /// Where the report is; also its identity for dismissing it.
    pub path: String,
    pub text: String,
}

fn data_dir() -> Result<PathBuf, ErrorPayload> {
    meridian::log::store::data_dir().map_err(|err| err.payload())
}

/// The reports not dismissed yet, newest first.
pub fn unseen() -> Result<Vec<CrashReportView>, ErrorPayload> {
    Ok(logs::unseen_crash_reports(&data_dir()?)
        .into_iter()
        .map(|report| CrashReportView {
            path: report.path.display().to_string(),
            text: report.text,
        })
        .collect())
}

/// Shows the report's file in the system's file manager; only this profile's reports can be.
pub fn reveal(path: &str) -> Result<(), ErrorPayload> {
    let path = Path::new(path);
    if !logs::is_crash_report(&data_dir()?, path) {
        return Err(ErrorPayload {
            kind: ErrorKind::NotFound,
            message: "That crash report is no longer there.".into(),
            field: None,
        });
    }
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|err| ErrorPayload {
        kind: ErrorKind::Storage,
        message: format!(
            "No file manager could show it ({err}). The report is at {}.",
            path.display()
        ),
        field: None,
    })
}

/// Marks the report at `path` as read; only this profile's reports can be.
pub fn dismiss(path: &str) -> Result<(), ErrorPayload> {
    logs::dismiss_crash_report(&data_dir()?, Path::new(path)).map_err(|err| ErrorPayload {
        kind: ErrorKind::NotFound,
        message: format!("That crash report is no longer there ({err})."),
        field: None,
    })
}
