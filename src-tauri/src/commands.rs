//! IPC commands: thin wrappers that call the core and return its one error type.

use crate::Core;
use meridian::model::{OnboardingInput, ProfileInput, Snapshot};
use meridian::ErrorPayload;
use tauri::{AppHandle, Runtime, State};

type CommandResult<T> = Result<T, ErrorPayload>;

#[tauri::command]
pub fn snapshot(core: State<'_, Core>) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.snapshot())
}

#[tauri::command]
pub fn complete_onboarding(
    core: State<'_, Core>,
    input: OnboardingInput,
) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.complete_onboarding(input))
}

#[tauri::command]
pub fn update_profile(core: State<'_, Core>, input: ProfileInput) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.update_profile(input))
}

#[tauri::command]
pub fn start_focus(
    core: State<'_, Core>,
    minutes: u32,
    label: Option<String>,
) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.start_focus(minutes, label.as_deref()))
}

#[tauri::command]
pub fn stop_focus(core: State<'_, Core>) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.stop_focus())
}

#[tauri::command]
pub fn time_zones() -> Vec<String> {
    meridian::app::time_zone_names()
}

#[tauri::command]
pub fn system_time_zone() -> String {
    meridian::app::system_time_zone()
}

#[tauri::command]
pub fn quit_app<R: Runtime>(app: AppHandle<R>) {
    app.exit(0);
}
