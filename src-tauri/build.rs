//! Build script: generates Tauri's context and the permissions for Meridian's own commands.

/// Every IPC command the UI may call; capabilities/default.json grants exactly these.
const COMMANDS: &[&str] = &[
    "snapshot",
    "complete_onboarding",
    "update_profile",
    "start_focus",
    "stop_focus",
    "time_zones",
    "system_time_zone",
    "quit_app",
    "team_board",
    "overlap",
    "add_member",
    "seed_demo",
    "focus_blocks",
    "add_focus_block",
    "remove_focus_block",
    "focus_history",
    "extend_focus",
    "inbox",
    "notify_settings",
    "set_notify_schedule",
    "set_notify_prefs",
    "notify_outlook",
    "deliveries",
    "queue_notification",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step failed: check tauri.conf.json and capabilities/");
}
