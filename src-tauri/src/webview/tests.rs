//! The web views' rules on Tauri's mock runtime: only Meridian's own pages load in a window,
//! the opener's scope lets through web and mail links only, `--hidden` keeps the main window
//! from showing, and turning on start at login writes an XDG autostart entry that launches
//! the app hidden.

use super::*;
use crate::tests::invoke;
use serde_json::json;
use tauri::test::{mock_builder, MockRuntime};
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn url(text: &str) -> Url {
    text.parse().expect("url")
}

/// The real context (configuration, capabilities, assets), expanded once for these tests.
fn context() -> Context<MockRuntime> {
    tauri::generate_context!()
}

fn app_with_plugins() -> tauri::App<MockRuntime> {
    with_plugins(mock_builder())
        .build(context())
        .expect("build mock app")
}

fn window(app: &tauri::App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .expect("window")
}

#[test]
fn only_the_apps_own_pages_load_in_a_window() {
    for own in ["tauri://localhost", "tauri://localhost/index.html#capture"] {
        assert!(is_own_page(&url(own)), "{own} is the app's own page");
    }
    // Tauri serves the UI from http(s)://tauri.localhost on Windows and Android only; on
    // the other systems that name is just a host a page could point the window at.
    let served_over_http = cfg!(any(windows, target_os = "android"));
    for origin in [
        "http://tauri.localhost/",
        "https://tauri.localhost/index.html",
    ] {
        assert_eq!(is_own_page(&url(origin)), served_over_http, "{origin}");
    }
    for away in [
        "https://example.invalid/page",
        "http://example.com/",
        "mailto:ada@example.invalid",
        "http://localhost:1420/",
        "http://tauri.localhost:8080/",
        "tauri://evil.example/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "about:blank",
    ] {
        assert!(!is_own_page(&url(away)), "{away} must not load in a window");
    }
}

#[test]
fn the_opener_refuses_everything_but_web_and_mail_links() {
    let app = app_with_plugins();
    let main = window(&app, "main");
    // Allowed URLs would start a browser here, so only refusals are exercised; the end-to-end
    // test (tests/e2e/xss.mjs) opens an https link through a stand-in xdg-open.
    for refused in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "tel:+4930123456",
        "ftp://example.invalid/file",
        "smb://server/share",
        "data:text/html,hi",
    ] {
        let answer = invoke(&main, "plugin:opener|open_url", json!({ "url": refused }));
        assert!(answer.is_err(), "{refused} must be refused: {answer:?}");
    }
    // Nor may the page pick the program that opens a link.
    let answer = invoke(
        &main,
        "plugin:opener|open_url",
        json!({ "url": "https://example.invalid/", "with": "sh" }),
    );
    assert!(
        answer.is_err(),
        "a chosen program must be refused: {answer:?}"
    );
    // Paths and revealing files were never granted.
    let answer = invoke(
        &main,
        "plugin:opener|open_path",
        json!({ "path": "/etc/passwd" }),
    );
    assert!(answer.is_err(), "open_path must be refused: {answer:?}");
}

#[test]
fn the_hidden_flag_is_read_from_the_command_line() {
    assert!(starts_hidden(["--hidden"]));
    assert!(starts_hidden(["--verbose", "--hidden"]));
    assert!(!starts_hidden(Vec::<String>::new()));
    assert!(!starts_hidden(["--hidden=no", "hidden"]));
}

#[test]
fn only_a_hidden_launch_creates_the_main_window_hidden() {
    let visible = |context: &Context<MockRuntime>| {
        context
            .config()
            .app
            .windows
            .iter()
            .find(|window| window.label == "main")
            .map(|window| window.visible)
    };
    let normal = hide_main_window_if(context(), false);
    assert_eq!(visible(&normal), Some(true), "a normal launch shows it");
    let hidden = hide_main_window_if(context(), true);
    assert_eq!(
        visible(&hidden),
        Some(false),
        "--hidden keeps it in the tray"
    );
}

/// Set in the child process the autostart test runs in, to the temporary HOME it was given.
const AUTOSTART_CHILD: &str = "MERIDIAN_TEST_AUTOSTART_CHILD";

/// The autostart plugin writes `$HOME/.config/autostart/<app>.desktop`; HOME is the
/// process's, so the test runs itself again in a child process with HOME in a temporary
/// directory, and the real one is never touched.
#[test]
fn start_at_login_writes_an_autostart_entry_that_starts_hidden() {
    if std::env::var_os(AUTOSTART_CHILD).is_some() {
        autostart_in_child();
        return;
    }
    let home = tempfile::tempdir().expect("temp HOME");
    let output = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "webview::tests::start_at_login_writes_an_autostart_entry_that_starts_hidden",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env(AUTOSTART_CHILD, "1")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("autostart child: done"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The child turned it off again: nothing is left behind.
    assert!(!home
        .path()
        .join(".config/autostart")
        .read_dir()
        .is_ok_and(|mut entries| entries.next().is_some()));
}

fn autostart_in_child() {
    let home = std::path::PathBuf::from(std::env::var_os("HOME").expect("HOME"));
    let app = app_with_plugins();
    let main = window(&app, "main");
    let entry = home
        .join(".config/autostart")
        .join(format!("{}.desktop", app.package_info().name));

    assert_eq!(
        invoke(&main, "plugin:autostart|is_enabled", json!({})),
        Ok(json!(false))
    );
    invoke(&main, "plugin:autostart|enable", json!({})).expect("enable");
    assert_eq!(
        invoke(&main, "plugin:autostart|is_enabled", json!({})),
        Ok(json!(true))
    );
    let written = std::fs::read_to_string(&entry).expect("the autostart entry");
    let exe = std::env::current_exe().expect("exe");
    assert!(
        written.contains(&format!("Exec={} --hidden", exe.display())),
        "the entry launches this executable hidden: {written}"
    );
    assert!(written.contains("Type=Application"), "{written}");

    // Only the main window's Settings may change it; the quick-capture window may not.
    let capture = window(&app, "capture");
    assert!(invoke(&capture, "plugin:autostart|disable", json!({})).is_err());
    assert!(entry.exists());

    invoke(&main, "plugin:autostart|disable", json!({})).expect("disable");
    assert!(!entry.exists(), "turning it off removes the entry");
    assert_eq!(
        invoke(&main, "plugin:autostart|is_enabled", json!({})),
        Ok(json!(false))
    );
    println!("autostart child: done");
}
