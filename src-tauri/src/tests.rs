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

/// Calls IPC command `cmd` from `window` as its page would; shared with the web views' tests.
pub(crate) fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: Value,
) -> Result<Value, Value> {
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

/// The op count of the shell's profile, read through the core.
fn op_count(shell: &Shell) -> i64 {
    shell
        .window
        .state::<Core>()
        .with(|meridian| meridian.op_count())
        .expect("op count")
}

/// Every writing command, given bad input, answers with a message that says what is allowed,
/// and writes nothing: the op count is unchanged. One row per refusal.
#[test]
fn every_app_command_refuses_bad_input_without_writing() {
    let day = json!([{ "start": "09:00", "end": "17:00" }]);
    let hours = json!({ "days": [day, day, day, day, day, [], []] });
    let profile = |field: &str, value: Value| {
        let mut input = json!({
            "display_name": "Ada Lovelace",
            "handle": "ada",
            "time_zone": "Europe/Berlin",
            "working_hours": hours,
            "team_name": "Analytical Engines"
        });
        input[field] = value;
        json!({ "input": input })
    };
    let member = |field: &str, value: Value| {
        let mut input = json!({
            "display_name": "Tim Berners-Lee",
            "handle": "timbl",
            "time_zone": "Europe/London",
            "working_hours": hours
        });
        input[field] = value;
        json!({ "input": input })
    };
    let block = |start: &str, end: &str, weekdays: Value| json!({ "weekdays": weekdays, "start": start, "end": end, "label": null });
    let note = |to: &str, title: &str, kind: &str| json!({ "to": to, "title": title, "body": null, "urgent": false, "kind": kind });
    // (command, arguments, words the message must contain)
    let table: Vec<(&str, Value, &str)> = vec![
        (
            "complete_onboarding",
            profile("handle", json!("bob")),
            "already set up",
        ),
        (
            "update_profile",
            profile("handle", json!("ada lovelace")),
            "@handle",
        ),
        ("update_profile", profile("handle", json!("")), "@handle"),
        (
            "update_profile",
            profile("display_name", json!("  ")),
            "name",
        ),
        (
            "update_profile",
            profile("time_zone", json!("Mars/Olympus")),
            "time zone",
        ),
        (
            "update_profile",
            profile(
                "working_hours",
                json!({ "days": [[{ "start": "17:00", "end": "09:00" }], [], [], [], [], [], []] }),
            ),
            "end",
        ),
        (
            "update_profile",
            profile(
                "working_hours",
                json!({ "days": [[{ "start": "25:00", "end": "26:00" }], [], [], [], [], [], []] }),
            ),
            "HH:MM",
        ),
        (
            "update_profile",
            profile("handle", json!("grace")),
            "already taken",
        ),
        (
            "start_focus",
            json!({ "minutes": 0, "label": null }),
            "minutes",
        ),
        (
            "start_focus",
            json!({ "minutes": 721, "label": null }),
            "minutes",
        ),
        ("stop_focus", json!({}), "not focusing"),
        ("extend_focus", json!({ "minutes": 15 }), "not focusing"),
        ("add_member", member("handle", json!("tim b")), "@handle"),
        (
            "add_member",
            member("handle", json!("grace")),
            "already taken",
        ),
        (
            "add_member",
            member("time_zone", json!("Europe/Atlantis")),
            "time zone",
        ),
        (
            "add_focus_block",
            block("25:00", "26:00", json!([0])),
            "HH:MM",
        ),
        (
            "add_focus_block",
            block("11:00", "10:00", json!([0])),
            "end",
        ),
        ("add_focus_block", block("09:00", "10:00", json!([])), "day"),
        (
            "remove_focus_block",
            json!({ "id": "no-such-block" }),
            "block",
        ),
        (
            "set_notify_schedule",
            json!({ "times": [["9am"], [], [], [], [], [], []] }),
            "HH:MM",
        ),
        (
            "set_notify_prefs",
            json!({ "urgentOutsideHours": false, "allowlist": ["@nobody"] }),
            "@nobody",
        ),
        (
            "queue_notification",
            note("@nobody", "Hello", "update"),
            "@nobody",
        ),
        ("queue_notification", note("@grace", "", "update"), "title"),
        (
            "queue_notification",
            note("@grace", "Hello", "gossip"),
            "kind",
        ),
        (
            "overlap",
            json!({ "handles": ["@nobody"], "from": "2026-11-23", "days": 7, "minMembers": null }),
            "@nobody",
        ),
        (
            "overlap",
            json!({ "handles": ["@grace"], "from": "2026-13-01", "days": 7, "minMembers": null }),
            "YYYY-MM-DD",
        ),
        (
            "overlap",
            json!({ "handles": ["@grace"], "from": "2026-11-23", "days": 400, "minMembers": null }),
            "366",
        ),
    ];
    let shell = shell();
    invoke(
        &shell.window,
        "complete_onboarding",
        onboarding_input("ada"),
    )
    .expect("onboarding");
    invoke(&shell.window, "seed_demo", json!({})).expect("demo team");
    // Check-in refusals name the demo's stand-up and its template.
    let overview = invoke(&shell.window, "checkin_overview", json!({})).expect("check-ins");
    let schedule = overview["schedules"][0]["id"].as_str().unwrap().to_owned();
    let template = overview["schedules"][0]["template_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let question = |kind: &str, prompt: &str| json!({ "id": null, "kind": kind, "prompt": prompt });
    let schedule_with = |field: &str, value: Value| {
        let mut input = json!({
            "name": "Weekly", "template": template, "channel": "general", "participants": [],
            "weekdays": [0], "time": "09:00", "window_hours": 8, "active": true
        });
        input[field] = value;
        json!({ "input": input })
    };
    let answer_with = |date: Value, answers: Value| json!({ "input": { "schedule_id": schedule, "date": date, "answers": answers } });
    let mut table = table.to_vec();
    table.extend([
        (
            "create_checkin_template",
            json!({ "input": { "name": "Retro", "questions": [] } }),
            "at least one question",
        ),
        (
            "create_checkin_template",
            json!({ "input": { "name": "Retro", "questions": [question("essay", "Why?")] } }),
            "use text, yes_no, blocker or mood",
        ),
        (
            "create_checkin_template",
            json!({ "input": { "name": "", "questions": [question("text", "Why?")] } }),
            "no name",
        ),
        (
            "create_checkin_schedule",
            schedule_with("weekdays", json!([])),
            "at least one weekday",
        ),
        (
            "create_checkin_schedule",
            schedule_with("time", json!("9am")),
            "HH:MM",
        ),
        (
            "create_checkin_schedule",
            schedule_with("window_hours", json!(0)),
            "1 to 48",
        ),
        (
            "create_checkin_schedule",
            schedule_with("participants", json!(["@nobody"])),
            "not a teammate",
        ),
        (
            "create_checkin_schedule",
            schedule_with("template", json!("nope")),
            "no check-in template",
        ),
        (
            "answer_checkin",
            answer_with(Value::Null, json!([{ "question_id": "4", "value": "11" }])),
            "from 1 (low) to 5",
        ),
        (
            "answer_checkin",
            answer_with(Value::Null, json!([])),
            "answer at least one question",
        ),
        (
            "answer_checkin",
            answer_with(
                json!("2099-01-05"),
                json!([{ "question_id": "1", "value": "x" }]),
            ),
            "answer it then",
        ),
        (
            "set_checkin_blocker_cleared",
            json!({ "answerId": "nope", "cleared": true }),
            "no check-in answer",
        ),
    ]);
    let failures = refusal_failures(&shell, &table);
    assert!(
        failures.is_empty(),
        "{} of {} refusals wrong:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

/// Saving the profile unchanged appends nothing.
#[test]
fn saving_an_unchanged_profile_writes_nothing() {
    let shell = shell();
    invoke(
        &shell.window,
        "complete_onboarding",
        onboarding_input("ada"),
    )
    .expect("onboarding");
    let before = op_count(&shell);
    invoke(&shell.window, "update_profile", onboarding_input("ada")).expect("save unchanged");
    assert_eq!(op_count(&shell), before);
}

#[test]
fn sync_commands_outside_a_team() {
    let shell = shell();
    invoke(
        &shell.window,
        "complete_onboarding",
        onboarding_input("ada"),
    )
    .expect("onboarding");
    let state = invoke(&shell.window, "sync_state", json!({})).expect("sync_state");
    assert_eq!(state["state"], "off");
    let err = invoke(&shell.window, "sync_now", json!({})).expect_err("not in a team");
    assert_eq!(err["kind"], "conflict");
    let err = invoke(&shell.window, "team_invite", json!({})).expect_err("not in a team");
    assert_eq!(err["kind"], "conflict");
    let err =
        invoke(&shell.window, "join_team", json!({ "code": "nonsense" })).expect_err("bad code");
    assert_eq!(err["field"], "invite");
    let err = invoke(
        &shell.window,
        "create_team",
        json!({ "server": "example.org" }),
    )
    .expect_err("no scheme");
    assert_eq!(err["field"], "server");
}

/// A shell with a profile and the demo team, ready for conversations.
fn onboarded_shell() -> Shell {
    let shell = shell();
    invoke(
        &shell.window,
        "complete_onboarding",
        onboarding_input("ada"),
    )
    .expect("onboarding");
    invoke(&shell.window, "seed_demo", json!({})).expect("demo team");
    shell
}

fn id_of(value: &Value) -> String {
    value["id"].as_str().expect("id").to_owned()
}

#[test]
fn conversations_through_ipc() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let channel = invoke(
        w,
        "create_channel",
        json!({ "input": { "name": "research", "private": false, "reason": null, "expect": "1d", "members": [] } }),
    )
    .expect("create channel");
    assert_eq!(channel["expectation"], "Replies within 1 working day");
    let channel_id = id_of(&channel);

    let posted = invoke(
        w,
        "create_thread",
        json!({ "channel": channel_id, "title": "Launch plan", "body": "Ready, @grace? And @nobody" }),
    )
    .expect("thread");
    assert_eq!(posted["warnings"].as_array().expect("warnings").len(), 1);
    let thread_id = id_of(&posted);

    // Three levels of replies, the last shown at depth 2.
    let mut parent = Value::Null;
    for n in 0..4 {
        let reply = invoke(
            w,
            "comment",
            json!({ "threadId": thread_id, "parentId": parent, "body": format!("Reply {n}"), "inTheirHours": n == 0 }),
        )
        .expect("comment");
        parent = json!(id_of(&reply));
    }
    assert_eq!(
        invoke(w, "react", json!({ "id": thread_id, "emoji": "🎉" })).expect("react"),
        json!(true)
    );
    invoke(
        w,
        "thank",
        json!({ "handles": ["grace"], "note": "Great plan", "itemId": thread_id }),
    )
    .expect("thank");

    let detail = invoke(w, "thread", json!({ "id": thread_id })).expect("thread detail");
    let depths: Vec<i64> = detail["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["depth"].as_i64().expect("depth"))
        .collect();
    assert_eq!(depths, vec![0, 1, 2, 2]);
    assert_eq!(detail["comments"][3]["replying_to"], "ada");
    assert_eq!(detail["reactions"][0]["emoji"], "🎉");
    assert_eq!(detail["thanks"][0]["note"], "Great plan");
    assert!(detail["body_html"]
        .as_str()
        .expect("html")
        .contains("class=\"mention\""));

    let listed = invoke(
        w,
        "threads",
        json!({ "channelId": channel_id, "includeArchived": false, "followingOnly": false, "beforeCreatedAt": null, "beforeId": null, "limit": null }),
    )
    .expect("threads");
    assert_eq!(listed.as_array().expect("list").len(), 1);
    invoke(
        w,
        "set_archived",
        json!({ "id": thread_id, "archived": true }),
    )
    .expect("archive");
    let listed = invoke(
        w,
        "threads",
        json!({ "channelId": channel_id, "includeArchived": false, "followingOnly": false, "beforeCreatedAt": null, "beforeId": null, "limit": null }),
    )
    .expect("threads");
    assert!(listed.as_array().expect("list").is_empty());
    invoke(
        w,
        "set_archived",
        json!({ "id": thread_id, "archived": false }),
    )
    .expect("restore");

    let draft = invoke(
        w,
        "check_draft",
        json!({ "channel": channel_id, "body": "Hi @grace and @zed" }),
    )
    .expect("check draft");
    assert_eq!(draft["mentions"][0]["person"]["handle"], "grace");
    assert_eq!(draft["unknown"], json!(["zed"]));
    let emoji = invoke(w, "reaction_emoji", json!({})).expect("emoji");
    assert!(emoji.as_array().expect("emoji").contains(&json!("👍")));

    // Opening a private channel asks for confirmation first.
    let private = invoke(
        w,
        "create_channel",
        json!({ "input": { "name": "salaries", "private": true, "reason": "Salary reviews", "expect": null, "members": ["grace"] } }),
    )
    .expect("private channel");
    let open = json!({ "name": "salaries", "private": false, "reason": null, "expect": null, "members": [] });
    let err = invoke(
        w,
        "update_channel",
        json!({ "id": id_of(&private), "input": open, "confirmPublic": false }),
    )
    .expect_err("needs confirmation");
    assert_eq!(err["kind"], "conflict");
    let updated = invoke(
        w,
        "update_channel",
        json!({ "id": id_of(&private), "input": open, "confirmPublic": true }),
    )
    .expect("confirmed");
    assert_eq!(updated["private"], false);
}

#[test]
fn docs_through_ipc() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let doc_id = id_of(
        &invoke(
            w,
            "create_doc",
            json!({ "title": "Runbook", "body": "Restart the server.", "summary": null }),
        )
        .expect("create doc"),
    );
    let first = invoke(w, "doc", json!({ "id": doc_id, "revision": null })).expect("doc");
    let base = first["revision"]["id"].clone();
    invoke(
        w,
        "edit_doc",
        json!({ "id": doc_id, "title": null, "body": "Restart the server twice.", "summary": "Twice", "base": base }),
    )
    .expect("edit doc");
    let diff = invoke(
        w,
        "doc_diff",
        json!({ "id": doc_id, "from": null, "to": null }),
    )
    .expect("diff");
    assert!(diff["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .any(|c| c["tag"] == "insert" && c["text"].as_str().unwrap_or("").contains("twice")));
    // Editing the first revision again makes a second version; merging joins them.
    invoke(
        w,
        "edit_doc",
        json!({ "id": doc_id, "title": null, "body": "Reboot the server.", "summary": null, "base": base }),
    )
    .expect("second head");
    let heads = invoke(w, "doc_heads", json!({ "id": doc_id })).expect("heads");
    assert_eq!(heads.as_array().expect("heads").len(), 2);
    invoke(
        w,
        "merge_doc",
        json!({ "id": doc_id, "title": null, "body": "Reboot the server twice.", "summary": null }),
    )
    .expect("merge");
    invoke(w, "restore_doc", json!({ "id": doc_id, "revision": "1" })).expect("restore");
    invoke(
        w,
        "comment_on_doc",
        json!({ "id": doc_id, "quote": "the server", "body": "Which one?" }),
    )
    .expect("doc comment");
    let docs = invoke(w, "docs", json!({ "includeArchived": false })).expect("docs");
    assert_eq!(docs[0]["head_count"], 1);
    let detail = invoke(w, "doc", json!({ "id": doc_id, "revision": null })).expect("doc");
    assert_eq!(detail["revisions"].as_array().expect("revisions").len(), 5);
    assert_eq!(detail["comments"][0]["anchored"], true);
}

/// Runs a refusal table: each call must fail with a message containing its words and leave
/// the op count unchanged; answers the rows that did not.
fn refusal_failures(shell: &Shell, table: &[(&str, Value, &str)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (command, args, expected) in table {
        let before = op_count(shell);
        let outcome = invoke(&shell.window, command, args.clone());
        let after = op_count(shell);
        match outcome {
            Ok(answer) => failures.push(format!("{command} {args}: accepted, answered {answer}")),
            Err(error) => {
                let message = error["message"].as_str().unwrap_or_default();
                if !message.to_lowercase().contains(&expected.to_lowercase()) {
                    failures.push(format!(
                        "{command} {args}: message {message:?} does not mention {expected:?}"
                    ));
                }
            }
        }
        if after != before {
            failures.push(format!(
                "{command} {args}: wrote {} ops while refusing",
                after - before
            ));
        }
    }
    failures
}

/// Conversation and doc commands refuse bad input with a message and write nothing.
#[test]
fn content_commands_refuse_bad_input_without_writing() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let channel = id_of(
        &invoke(
            w,
            "create_channel",
            json!({ "input": { "name": "ops", "private": false, "reason": null, "expect": null, "members": [] } }),
        )
        .expect("channel"),
    );
    let thread = id_of(
        &invoke(
            w,
            "create_thread",
            json!({ "channel": channel, "title": "Pager", "body": "" }),
        )
        .expect("thread"),
    );
    let doc = id_of(
        &invoke(
            w,
            "create_doc",
            json!({ "title": "Runbook", "body": "Restart it.", "summary": null }),
        )
        .expect("doc"),
    );
    let channel_input = |name: &str, private: bool, reason: Value, expect: &str| json!({ "input": { "name": name, "private": private, "reason": reason, "expect": expect, "members": [] } });
    let table: Vec<(&str, Value, &str)> = vec![
        (
            "create_channel",
            channel_input("Bad Name", false, Value::Null, ""),
            "channel name",
        ),
        (
            "create_channel",
            channel_input("secret", true, Value::Null, ""),
            "why it is private",
        ),
        (
            "create_channel",
            channel_input("quick", false, Value::Null, "10m"),
            "always on",
        ),
        (
            "create_channel",
            channel_input("ops", false, Value::Null, ""),
            "already a channel",
        ),
        (
            "create_thread",
            json!({ "channel": channel, "title": "  ", "body": "x" }),
            "title is empty",
        ),
        (
            "create_thread",
            json!({ "channel": "no-such-channel", "title": "Hi", "body": "x" }),
            "no channel",
        ),
        (
            "comment",
            json!({ "threadId": thread, "parentId": null, "body": "  " }),
            "empty",
        ),
        (
            "comment",
            json!({ "threadId": thread, "parentId": "nope", "body": "Hi" }),
            "no comment",
        ),
        (
            "react",
            json!({ "id": thread, "emoji": "🦖" }),
            "not a reaction",
        ),
        (
            "thank",
            json!({ "handles": ["nobody"], "note": null, "itemId": null }),
            "@nobody",
        ),
        (
            "edit_thread",
            json!({ "id": thread, "title": "Pager", "body": "" }),
            "nothing changed",
        ),
        (
            "set_thread_resolved",
            json!({ "id": thread, "resolved": false }),
            "open already",
        ),
        (
            "edit_doc",
            json!({ "id": doc, "title": null, "body": "Restart it.", "summary": null, "base": null }),
            "nothing changed",
        ),
        (
            "merge_doc",
            json!({ "id": doc, "title": null, "body": "x", "summary": null }),
            "nothing to merge",
        ),
        (
            "restore_doc",
            json!({ "id": doc, "revision": "1" }),
            "current one",
        ),
        (
            "comment_on_doc",
            json!({ "id": doc, "quote": "not in the text", "body": "Hm" }),
            "not in the current version",
        ),
        (
            "set_archived",
            json!({ "id": "no-such-item", "archived": true }),
            "no thread",
        ),
    ];
    let failures = refusal_failures(&shell, &table);
    assert!(
        failures.is_empty(),
        "{} of {} refusals wrong:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

#[test]
fn board_goals_and_captures_through_ipc() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let goal = invoke(
        w,
        "create_goal",
        json!({ "input": { "title": "Ship 2.0", "outcome": "Live", "target_day": null, "health": null, "note": null } }),
    )
    .expect("goal");
    let task_input = |title: &str| json!({ "input": { "title": title, "body": "", "owner": "ada", "due": "2030-12-01 17:00", "due_zone": null, "goal": goal["id"], "status": null } });
    let notes = invoke(w, "create_task", task_input("Write notes")).expect("task");
    let review = invoke(w, "create_task", task_input("Review")).expect("task");
    let waiting = invoke(
        w,
        "set_task_blocker",
        json!({ "taskId": notes["id"], "blockerId": review["id"], "active": true }),
    )
    .expect("blocker");
    assert_eq!(waiting["blocked_by"][0]["title"], "Review");
    invoke(
        w,
        "move_task",
        json!({ "id": review["id"], "status": "done" }),
    )
    .expect("move");
    let mine = invoke(
        w,
        "board",
        json!({ "mine": true, "includeCanceled": false, "goalId": null }),
    )
    .expect("board");
    let tasks = mine["tasks"].as_array().expect("tasks");
    let shown = tasks
        .iter()
        .find(|task| task["id"] == notes["id"])
        .expect("notes on my board");
    assert!(shown["blocked_by"].as_array().unwrap().is_empty());
    let ours = mine["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .find(|shown| shown["id"] == goal["id"])
        .expect("our goal");
    assert_eq!(ours["open_tasks"], 1);

    let captured =
        invoke(w, "add_capture", json!({ "text": "Call the printer" })).expect("capture");
    let listed = invoke(w, "captures", json!({ "includeTriaged": false })).expect("captures");
    assert_eq!(listed[0]["id"], captured["id"]);
    let triaged = invoke(
        w,
        "triage_capture",
        json!({ "id": captured["id"], "kind": "doc", "channel": null }),
    )
    .expect("triage");
    assert_eq!(triaged["triaged_kind"], "doc");
}

/// Board and capture commands refuse bad input with a message and write nothing.
#[test]
fn board_commands_refuse_bad_input_without_writing() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let task = |title: &str| {
        id_of(
            &invoke(
                w,
                "create_task",
                json!({ "input": { "title": title, "body": "", "owner": null, "due": null, "due_zone": null, "goal": null, "status": null } }),
            )
            .expect("task"),
        )
    };
    let (first, second) = (task("First"), task("Second"));
    invoke(
        w,
        "set_task_blocker",
        json!({ "taskId": second, "blockerId": first, "active": true }),
    )
    .expect("blocker");
    let new_task = |field: &str, value: &str| {
        let mut input = json!({ "title": "T", "body": "", "owner": null, "due": null, "due_zone": null, "goal": null, "status": null });
        input[field] = json!(value);
        json!({ "input": input })
    };
    let table: Vec<(&str, Value, &str)> = vec![
        (
            "set_task_blocker",
            json!({ "taskId": first, "blockerId": first, "active": true }),
            "cannot wait on itself",
        ),
        (
            "set_task_blocker",
            json!({ "taskId": first, "blockerId": second, "active": true }),
            "would make “First” wait on “Second” wait on “First”",
        ),
        ("create_task", new_task("title", " "), "title is empty"),
        ("create_task", new_task("status", "someday"), "in_progress"),
        (
            "create_task",
            new_task("due", "tomorrowish"),
            "2026-12-01 17:00",
        ),
        (
            "create_task",
            new_task("due", "2020-01-01 09:00"),
            "has passed",
        ),
        ("create_task", new_task("owner", "@nobody"), "@nobody"),
        ("create_task", new_task("goal", "nope"), "goal list"),
        (
            "move_task",
            json!({ "id": first, "status": "nearly" }),
            "backlog, todo",
        ),
        (
            "create_goal",
            json!({ "input": { "title": "G", "outcome": "", "target_day": "soon", "health": null, "note": null } }),
            "2026-12-31",
        ),
        ("add_capture", json!({ "text": "   " }), "empty"),
        (
            "triage_capture",
            json!({ "id": "nope", "kind": "task", "channel": null }),
            "capture list",
        ),
        (
            "set_capture_shortcut",
            json!({ "accelerator": "Ctrl+Banana" }),
            "not a shortcut",
        ),
        (
            "set_capture_shortcut",
            json!({ "accelerator": "Q" }),
            "no modifier",
        ),
        (
            "set_capture_shortcut",
            json!({ "accelerator": "Ctrl+Alt+F" }),
            "already starts focus",
        ),
    ];
    let shortcut_before = invoke(w, "capture_shortcut", json!({})).expect("shortcut");
    let failures = refusal_failures(&shell, &table);
    assert_eq!(
        invoke(w, "capture_shortcut", json!({})).expect("shortcut"),
        shortcut_before,
        "a refused shortcut leaves the stored one"
    );
    assert!(
        failures.is_empty(),
        "{} of {} refusals wrong:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

/// Search through the real commands: a post is found at once with its matched word marked,
/// bad syntax is refused with a hint, and a rebuild asked for from the app leaves search working.
#[test]
fn search_commands_find_posts_and_refuse_bad_syntax() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let index = meridian_search::TantivyIndex::open_in(
        shell._dir.path(),
        meridian_search::WriterBudget::SMALL,
    )
    .expect("index");
    shell
        ._app
        .state::<Core>()
        .with(|meridian| {
            meridian.attach_search(Arc::new(index));
            Ok(())
        })
        .expect("attach");
    let channel =
        id_of(&invoke(w, "channels", json!({ "includeArchived": false })).expect("channels")[0]);
    let thread = id_of(
        &invoke(
            w,
            "create_thread",
            json!({ "channel": channel, "title": "Capybara census", "body": "Counting them all" }),
        )
        .expect("thread"),
    );
    let results = invoke(w, "search", json!({ "query": "capyb", "limit": 10 })).expect("search");
    let hits = results["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1, "{results}");
    assert_eq!(hits[0]["id"], thread.as_str());
    assert_eq!(hits[0]["target"]["channel_id"], channel.as_str());
    assert_eq!(
        hits[0]["title"][0],
        json!({ "text": "Capybara", "hit": true })
    );
    assert_eq!(
        invoke(w, "search_status", json!({})).expect("status"),
        Value::Null
    );

    for (query, hint) in [
        ("\"capybara", "not closed"),
        ("shape:round", "not an operator"),
        ("before:someday", "YYYY-MM-DD"),
        ("from:@nobody", "@nobody"),
    ] {
        let err = invoke(w, "search", json!({ "query": query, "limit": 10 }))
            .expect_err("bad syntax refused");
        assert!(
            err["message"].as_str().unwrap_or("").contains(hint),
            "{query}: {err}"
        );
    }

    invoke(w, "rebuild_search_index", json!({})).expect("rebuild");
    let again = invoke(w, "search", json!({ "query": "census ", "limit": 10 })).expect("search");
    assert_eq!(again["hits"][0]["id"], thread.as_str());
}

/// Decision and change-request commands through IPC: the demo's open decision and pending
/// change, a vote, an approval and a timeline.
#[test]
fn decisions_and_changes_through_ipc() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let open = invoke(w, "decisions", json!({ "openOnly": true })).expect("decisions");
    let decision = open[0]["id"].as_str().expect("an open decision").to_owned();
    let voted = invoke(
        w,
        "vote",
        json!({ "id": decision, "choice": "agree", "reason": null }),
    )
    .expect("vote");
    assert_eq!(voted["my_vote"]["choice"], "agree");
    let pending = invoke(w, "changes", json!({ "pendingOnly": true })).expect("changes");
    assert_eq!(pending[0]["waiting_on_me"], true);
    let change = pending[0]["id"]
        .as_str()
        .expect("a pending change")
        .to_owned();
    let approved = invoke(w, "approve_change", json!({ "id": change })).expect("approve");
    let timeline = approved["timeline"].as_array().expect("timeline");
    assert!(timeline
        .iter()
        .any(|entry| entry["text"].as_str() == Some("@ada approved (Release managers)")));
    let routing = invoke(
        w,
        "change_routing",
        json!({ "kind": "emergency", "systems": ["payments"] }),
    )
    .expect("routing");
    assert_eq!(routing["groups"].as_array().map(Vec::len), Some(2));
}

/// Decision and change-request commands refuse bad input with a message and write nothing.
#[test]
fn decision_and_change_commands_refuse_bad_input_without_writing() {
    let shell = onboarded_shell();
    let w = &shell.window;
    let all = invoke(w, "decisions", json!({ "openOnly": false })).expect("decisions");
    let closed = all
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["open"] == false)
        .map(id_of)
        .expect("a closed decision");
    let open = all
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["open"] == true)
        .map(id_of)
        .expect("an open decision");
    let change = |kind: &str,
                  tested: bool,
                  results: Value,
                  justification: Value,
                  systems: Value| {
        json!({ "input": {
            "title": "Hotfix", "kind": kind, "what": "", "why": "", "systems": systems,
            "tested": tested, "results_url": results, "consequence": "", "rollback": "",
            "window_start": null, "window_end": null, "justification": justification, "template": null
        } })
    };
    let filed = invoke(
        w,
        "file_change",
        change(
            "normal",
            false,
            Value::Null,
            Value::Null,
            json!(["payments"]),
        ),
    )
    .expect("file");
    let withdrawn = filed["summary"]["id"].as_str().expect("id").to_owned();
    invoke(w, "withdraw_change", json!({ "id": withdrawn })).expect("withdraw");
    let decision = |closes: &str| {
        json!({ "input": {
            "title": "Pick a day", "context": "", "options": [], "voters": [],
            "closes": closes, "hide_results": false, "supersedes": null
        } })
    };
    let table: Vec<(&str, Value, &str)> = vec![
        (
            "propose_decision",
            decision("2020-01-01 10:00"),
            "in the past",
        ),
        ("propose_decision", decision("soon"), "not a time"),
        (
            "vote",
            json!({ "id": closed, "choice": "agree", "reason": null }),
            "sealed",
        ),
        (
            "vote",
            json!({ "id": open, "choice": "block", "reason": null }),
            "give a reason",
        ),
        (
            "file_change",
            change(
                "normal",
                true,
                Value::Null,
                Value::Null,
                json!(["payments"]),
            ),
            "link the test results",
        ),
        (
            "file_change",
            change(
                "emergency",
                false,
                Value::Null,
                Value::Null,
                json!(["payments"]),
            ),
            "justification",
        ),
        (
            "file_change",
            change(
                "normal",
                false,
                Value::Null,
                Value::Null,
                json!(["mainframe"]),
            ),
            "no rule names approvers",
        ),
        ("approve_change", json!({ "id": withdrawn }), "withdrawn"),
        (
            "decline_change",
            json!({ "id": withdrawn, "reason": "no" }),
            "withdrawn",
        ),
    ];
    let failures = refusal_failures(&shell, &table);
    assert!(
        failures.is_empty(),
        "{} of {} refusals wrong:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}
