//! Shell tests on Tauri's mock runtime: the real context, capabilities and IPC commands,
//! without a desktop.

use super::*;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{test::MockRuntime, WebviewWindow, WebviewWindowBuilder};

struct Shell {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn shell() -> Shell {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = with_commands(mock_builder())
        .build(tauri::generate_context!())
        .expect("build mock app");
    let core = open_core_in(app.handle(), dir.path());
    app.manage(core);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    Shell {
        _dir: dir,
        _app: app,
        window,
    }
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json response"))
}

fn onboarding_input(handle: &str) -> Value {
    let day = json!([{ "start": "09:00", "end": "17:00" }]);
    json!({
        "input": {
            "display_name": "Ada Lovelace",
            "handle": handle,
            "time_zone": "Europe/Berlin",
            "working_hours": { "days": [day, day, day, day, day, [], []] },
            "team_name": "Analytical Engines"
        }
    })
}

#[test]
fn onboarding_then_focus_through_ipc() {
    let shell = shell();
    let snapshot = invoke(&shell.window, "snapshot", json!({})).expect("snapshot");
    assert_eq!(snapshot["me"], Value::Null);

    let snapshot = invoke(
        &shell.window,
        "complete_onboarding",
        onboarding_input("@ada"),
    )
    .expect("onboarding");
    assert_eq!(snapshot["me"]["handle"], "ada");
    assert_eq!(snapshot["team"]["name"], "Analytical Engines");

    let snapshot = invoke(
        &shell.window,
        "start_focus",
        json!({ "minutes": 25, "label": "Spec" }),
    )
    .expect("focus");
    assert_eq!(snapshot["focus"]["label"], "Spec");
    let snapshot = invoke(&shell.window, "stop_focus", json!({})).expect("stop");
    assert_eq!(snapshot["focus"], Value::Null);
}

#[test]
fn errors_cross_ipc_as_one_typed_payload() {
    let shell = shell();
    let err = invoke(
        &shell.window,
        "complete_onboarding",
        onboarding_input("a b"),
    )
    .expect_err("bad handle");
    assert_eq!(err["kind"], "invalid");
    assert_eq!(err["field"], "handle");
    assert!(err["message"]
        .as_str()
        .expect("message")
        .contains("contains a space"));
    let err = invoke(&shell.window, "stop_focus", json!({})).expect_err("not set up");
    assert_eq!(err["kind"], "conflict");
}

#[test]
fn time_zone_commands_answer() {
    let shell = shell();
    let zones = invoke(&shell.window, "time_zones", json!({})).expect("zones");
    let zones = zones.as_array().expect("array");
    assert!(zones.len() > 400);
    assert!(zones.contains(&json!("Australia/Lord_Howe")));
    let system = invoke(&shell.window, "system_time_zone", json!({})).expect("system zone");
    assert!(meridian::validate::time_zone(system.as_str().expect("string")).is_ok());
}

#[test]
fn capabilities_allow_only_meridians_commands() {
    let shell = shell();
    // A core command that exists but that the capability does not grant.
    let denied = invoke(
        &shell.window,
        "plugin:window|close",
        json!({ "label": "main" }),
    );
    assert!(
        denied.is_err(),
        "window close must not be allowed: {denied:?}"
    );
    // A command that is not Meridian's at all.
    assert!(invoke(&shell.window, "no_such_command", json!({})).is_err());
}

#[test]
fn windows_outside_the_capability_cannot_call_the_core() {
    let shell = shell();
    let stranger = WebviewWindowBuilder::new(&shell.window, "stranger", Default::default())
        .build()
        .expect("second window");
    assert!(invoke(&shell.window, "snapshot", json!({})).is_ok());
    let denied = invoke(&stranger, "snapshot", json!({}));
    assert!(
        denied.is_err(),
        "only the main window is granted: {denied:?}"
    );
}

/// A command is declared once in commands.rs; build.rs derives the handler and permissions and
/// checks the capability file. This checks the other end: the UI's `api.ts` calls exactly
/// the declared commands, no more and no fewer.
#[test]
fn the_ui_api_calls_exactly_the_declared_commands() {
    let declared: std::collections::BTreeSet<&str> = COMMANDS.lines().collect();
    let api_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/app/api.ts");
    let api = std::fs::read_to_string(&api_path).expect("read ui/src/app/api.ts");
    let called: std::collections::BTreeSet<&str> = api
        .split("invoke")
        .skip(1)
        // `invoke<T>("name", …)` or `invoke("name")`; skips the import and prose.
        .filter(|call| call.starts_with('<') || call.starts_with('('))
        .filter_map(|call| call.split_once("(\"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let not_called: Vec<_> = declared.difference(&called).collect();
    let unknown: Vec<_> = called.difference(&declared).collect();
    assert!(
        not_called.is_empty() && unknown.is_empty(),
        "api.ts and commands.rs disagree: declared but never called from api.ts: {not_called:?}; \
         called from api.ts but not declared in commands.rs: {unknown:?}"
    );
    assert!(
        declared.len() >= 20,
        "expected Meridian's commands, found {declared:?}"
    );
}
