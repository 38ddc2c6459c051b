//! The `meridian` binary, run as a user would, against a temporary MERIDIAN_HOME.

mod common;

use common::{create_and_join, json, meridian, stderr, stdout, Server};
use std::process::Command;

#[test]
fn init_profile_focus_and_doctor_work_end_to_end() {
    let home = tempfile::tempdir().unwrap();
    let init = meridian(
        home.path(),
        &[
            "init",
            "--name",
            "Ada Lovelace",
            "--handle",
            "@ada",
            "--tz",
            "Asia/Kolkata",
            "--team",
            "Engines",
            "--hours",
            "mon-fri 09:00-12:00,13:00-17:00",
            "--hours",
            "sat 10:00-12:00",
        ],
    );
    assert!(init.status.success(), "{}", stderr(&init));
    assert!(stdout(&init).contains("Ada Lovelace (@ada)"));
    assert!(stdout(&init).contains("Sat  10:00–12:00"));

    let profile = meridian(home.path(), &["profile", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&profile.stdout).unwrap();
    assert_eq!(json["me"]["handle"], "ada");
    assert_eq!(json["me"]["time_zone"], "Asia/Kolkata");
    assert_eq!(json["me"]["working_hours"]["days"][0][1]["start"], "13:00");
    assert_eq!(json["team"]["name"], "Engines");

    let start = meridian(
        home.path(),
        &["focus", "start", "1h30m", "--label", "Deep work"],
    );
    assert!(start.status.success(), "{}", stderr(&start));
    assert!(stdout(&start).starts_with("Focusing until "));
    let status = meridian(home.path(), &["focus", "status", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["focusing"], true);
    assert_eq!(json["session"]["label"], "Deep work");
    let remaining = json["remaining_seconds"].as_i64().unwrap();
    assert!((5300..=5400).contains(&remaining), "{remaining}");

    let stop = meridian(home.path(), &["focus", "stop"]);
    assert_eq!(stdout(&stop).trim(), "Not focusing");

    let doctor = meridian(home.path(), &["doctor", "--json"]);
    assert!(doctor.status.success(), "{}", stderr(&doctor));
    let json: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
    assert_eq!(json["integrity"], "ok");
    assert_eq!(json["rebuild_matches"], true);
    // Device, member, this device linked to the member, team, focus started, focus stopped.
    assert_eq!(json["op_count"], 6);
}

#[test]
fn bad_input_fails_with_a_helpful_message_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["init", "--name", "Ada", "--handle", "a b", "--team", "T"],
            "contains a space",
        ),
        (
            &[
                "init",
                "--name",
                "Ada",
                "--handle",
                "ada",
                "--tz",
                "Mars/Base",
                "--team",
                "T",
            ],
            "not a known time zone",
        ),
        (
            &[
                "init",
                "--name",
                "Ada",
                "--handle",
                "ada",
                "--team",
                "T",
                "--hours",
                "mon-fri 9-5",
            ],
            "not a time of day",
        ),
        (
            &[
                "init",
                "--name",
                "Ada",
                "--handle",
                "ada",
                "--team",
                "T",
                "--hours",
                "mon 13:00-09:00",
            ],
            "ends before it starts",
        ),
        (
            &[
                "init",
                "--name",
                "Ada",
                "--handle",
                "ada",
                "--team",
                "T",
                "--hours",
                "funday 09:00-17:00",
            ],
            "not a weekday",
        ),
    ];
    for (args, expected) in cases {
        let output = meridian(home.path(), args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let profile = meridian(home.path(), &["profile"]);
    assert!(stdout(&profile).contains("Not set up yet"));

    init_ada(home.path(), "UTC", &[]);
    let output = meridian(home.path(), &["focus", "start", "90x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("\"90x\" is not a duration. Use minutes like 25"),
        "{}",
        stderr(&output)
    );
    let status = meridian(home.path(), &["focus", "status"]);
    assert_eq!(stdout(&status).trim(), "Not focusing");
}

#[test]
fn a_corrupt_database_is_reported_not_replaced() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(meridian::log::store::DATABASE_FILE);
    std::fs::write(&path, b"definitely not sqlite").unwrap();
    let output = meridian(home.path(), &["profile"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not a readable Meridian database"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"definitely not sqlite");
}

/// Sets up Ada's profile on team "T" in `zone`, with `extra` arguments to `init`.
fn init_ada(home: &std::path::Path, zone: &str, extra: &[&str]) {
    let mut args = vec![
        "init", "--name", "Ada", "--handle", "ada", "--team", "T", "--tz", zone,
    ];
    args.extend_from_slice(extra);
    let output = meridian(home, &args);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn team_commands_answer_in_json() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    init_ada(home, "Europe/Berlin", &[]);
    let grace = json(
        home,
        &[
            "member",
            "add",
            "--name",
            "Grace Hopper",
            "--handle",
            "grace",
            "--tz",
            "America/New_York",
            "--json",
        ],
    );
    assert_eq!(grace["time_zone"], "America/New_York");
    assert_eq!(
        json(home, &["member", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let off = json(
        home,
        &[
            "timeoff",
            "add",
            "@grace",
            "--from",
            "2026-12-24",
            "--to",
            "2026-12-31",
            "--json",
        ],
    );
    assert_eq!(off["last_day"], "2026-12-31");
    assert_eq!(
        json(home, &["timeoff", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let block = json(
        home,
        &[
            "focus", "block", "add", "--days", "mon-fri", "--start", "09:00", "--end", "11:00",
            "--json",
        ],
    );
    assert_eq!(block["weekdays"], serde_json::json!([0, 1, 2, 3, 4]));
    let overlapping = meridian(
        home,
        &[
            "focus", "block", "add", "--days", "wed", "--start", "10:00", "--end", "12:00",
        ],
    );
    assert_eq!(overlapping.status.code(), Some(1));
    assert!(
        stderr(&overlapping).contains("overlaps the focus block 09:00–11:00"),
        "{}",
        stderr(&overlapping)
    );
    let board = json(home, &["team", "--json"]);
    assert_eq!(board["members"].as_array().unwrap().len(), 2);
    let overlap = json(
        home,
        &[
            "overlap",
            "@ada",
            "@grace",
            "--from",
            "2026-11-23",
            "--days",
            "5",
            "--json",
        ],
    );
    // Berlin 09–17 and New York 09–17 share 15:00–17:00 Berlin on each weekday.
    assert_eq!(overlap["windows"].as_array().unwrap().len(), 5);
    assert_eq!(overlap["best"]["minutes"], 120);
    let rota = json(
        home,
        &[
            "oncall",
            "set",
            "@ada",
            "@grace",
            "--tz",
            "Europe/London",
            // A rotation that started long ago has someone on call at any hour the test
            // runs; one starting today at 09:00 London would not, before 09:00.
            "--from",
            "2020-01-06",
            "--json",
        ],
    );
    assert_eq!(rota["rota"]["shift_hours"], 168);
    assert!(json(home, &["oncall", "show", "--json"])["current"].is_string());
    let item = json(
        home,
        &[
            "notify", "send", "--to", "@ada", "--from", "@grace", "--title", "Hello", "--json",
        ],
    );
    assert_eq!(item["sender_handle"], "grace");
    let pending = json(home, &["notify", "pending", "--json"]);
    assert_eq!(pending["items"].as_array().unwrap().len(), 1);
    let schedule = json(
        home,
        &[
            "notify",
            "schedule",
            "set",
            "09:30,13:00",
            "--days",
            "mon-fri",
            "--json",
        ],
    );
    assert_eq!(schedule["times"][0], serde_json::json!(["09:30", "13:00"]));
    assert_eq!(schedule["times"][6], serde_json::json!([]));

    for (args, expected) in [
        (&["overlap", "--days", "3"][..], "at least one @handle"),
        (&["overlap", "@ada", "--days", "400"][..], "1 to 366 days"),
        (
            &["overlap", "@ada", "@nobody"][..],
            "No teammate has the handle @nobody",
        ),
        (
            &[
                "member",
                "add",
                "--name",
                "X",
                "--handle",
                "xx",
                "--tz",
                "Mars/Base",
            ][..],
            "not a known time zone",
        ),
        (
            &[
                "member",
                "add",
                "--name",
                "X",
                "--handle",
                "xx",
                "--tz",
                "UTC",
                "--hours",
                "mon 25:00-26:00",
            ][..],
            "not a time of day",
        ),
        (
            &[
                "member", "add", "--name", "X", "--handle", "xx", "--tz", "UTC", "--hours",
                "mon 9-5",
            ][..],
            "not a time of day",
        ),
        (
            &["notify", "schedule", "set", "25:00"][..],
            "not a delivery time",
        ),
    ] {
        let output = meridian(home, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

/// The op count of the profile in `home`, as `meridian doctor --json` reports it.
fn op_count(home: &std::path::Path) -> i64 {
    json(home, &["doctor", "--json"])["op_count"]
        .as_i64()
        .expect("doctor reports op_count")
}

/// Every writing command, given bad input, exits non-zero with a message that says what is
/// allowed, and writes nothing: the op count is unchanged. One row per refusal.
#[test]
fn every_writing_command_refuses_bad_input_without_writing() {
    let home = tempfile::tempdir().unwrap();
    init_ada(home.path(), "Europe/Berlin", &[]);
    assert!(meridian(home.path(), &["demo"]).status.success());
    // Two tasks where the second waits on the first, for the board's refusals.
    let first = json(home.path(), &["task", "new", "--title", "First", "--json"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = json(home.path(), &["task", "new", "--title", "Second", "--json"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        meridian(home.path(), &["task", "block", &second, "--by", &first])
            .status
            .success()
    );
    // (arguments, words the error must contain)
    let table: &[(&[&str], &str)] = &[
        (
            &["task", "block", &first, "--by", &first],
            "cannot wait on itself",
        ),
        (
            &["task", "block", &first, "--by", &second],
            "would make “First” wait on “Second” wait on “First”",
        ),
        (&["task", "block", &first, "--by", "nope"], "task list"),
        (&["task", "new", "--title", ""], "title is empty"),
        (
            &["task", "new", "--title", "T", "--status", "someday"],
            "in_progress",
        ),
        (&["task", "move", &first, "nearly"], "backlog, todo"),
        (
            &["task", "new", "--title", "T", "--due", "soonish"],
            "2026-12-01 17:00",
        ),
        (
            &["task", "new", "--title", "T", "--due", "2020-01-01 09:00"],
            "has passed",
        ),
        (
            &[
                "task",
                "new",
                "--title",
                "T",
                "--due",
                "2030-01-01 09:00",
                "--zone",
                "Mars/Base",
            ],
            "time zone",
        ),
        (
            &["task", "new", "--title", "T", "--owner", "@nobody"],
            "@nobody",
        ),
        (
            &["task", "new", "--title", "T", "--goal", "nope"],
            "goal list",
        ),
        (
            &["goal", "new", "--title", "G", "--target", "next year"],
            "2026-12-31",
        ),
        (
            &["goal", "update", "nope", "--health", "at_risk"],
            "goal list",
        ),
        (&["capture", ""], "empty"),
        (
            &["capture", "triage", "nope", "--into", "task"],
            "capture list",
        ),
        (
            &["init", "--name", "Bob", "--handle", "bob", "--team", "T"],
            "already set up",
        ),
        (
            &["profile", "set", "--tz", "Mars/Base"],
            "not a known time zone",
        ),
        (&["profile", "set", "--handle", "a b"], "contains a space"),
        (&["profile", "set", "--handle", "grace"], "already taken"),
        (
            &["profile", "set", "--hours", "mon 13:00-09:00"],
            "ends before it starts",
        ),
        (&["focus", "start", "0"], "minutes"),
        (&["focus", "start", "90x"], "not a duration"),
        (&["focus", "stop"], "not focusing"),
        (&["focus", "extend", "15m"], "not focusing"),
        (
            &[
                "focus", "block", "add", "--days", "mon-fri", "--start", "25:00", "--end", "26:00",
            ],
            "HH:MM",
        ),
        (
            &[
                "focus", "block", "add", "--days", "funday", "--start", "09:00", "--end", "10:00",
            ],
            "not a weekday",
        ),
        (&["focus", "block", "remove", "no-such-block"], "block"),
        (
            &[
                "member", "add", "--name", "Tim", "--handle", "grace", "--tz", "UTC",
            ],
            "already taken",
        ),
        (
            &[
                "member",
                "add",
                "--name",
                "Tim",
                "--handle",
                "timbl",
                "--tz",
                "Nowhere/City",
            ],
            "not a known time zone",
        ),
        (
            &[
                "member",
                "edit",
                "@grace",
                "--moving-on",
                "2026-13-01",
                "--to-tz",
                "UTC",
            ],
            "YYYY-MM-DD",
        ),
        (
            &[
                "member",
                "edit",
                "@grace",
                "--name",
                "Grace B. Hopper",
                "--moving-on",
                "2026-13-01",
                "--to-tz",
                "UTC",
            ],
            "YYYY-MM-DD",
        ),
        (
            &[
                "member",
                "edit",
                "@grace",
                "--name",
                "Grace B. Hopper",
                "--moving-on",
                "2026-12-01",
                "--to-tz",
                "Mars/Base",
            ],
            "not a known time zone",
        ),
        (&["member", "edit", "@nobody", "--name", "X"], "@nobody"),
        (
            &[
                "timeoff",
                "add",
                "@grace",
                "--from",
                "2026-12-31",
                "--to",
                "2026-12-24",
            ],
            "before",
        ),
        (
            &[
                "timeoff",
                "add",
                "@grace",
                "--from",
                "2026-02-30",
                "--to",
                "2026-03-01",
            ],
            "YYYY-MM-DD",
        ),
        (
            &[
                "timeoff",
                "add",
                "@nobody",
                "--from",
                "2026-12-24",
                "--to",
                "2026-12-31",
            ],
            "@nobody",
        ),
        (
            &["status", "set", "@ada", "away", "--for", "45x"],
            "not a duration",
        ),
        (&["status", "set", "@ada", "sleeping"], "sleeping"),
        (
            &[
                "oncall",
                "set",
                "@ada",
                "@nobody",
                "--shift-hours",
                "168",
                "--handoff",
                "09:00",
                "--tz",
                "Europe/London",
            ],
            "@nobody",
        ),
        (
            &[
                "oncall",
                "set",
                "@ada",
                "@grace",
                "--shift-hours",
                "168",
                "--handoff",
                "9am",
                "--tz",
                "Europe/London",
            ],
            "HH:MM",
        ),
        (
            &["notify", "schedule", "set", "9am", "--days", "mon-fri"],
            "HH:MM",
        ),
        (
            &["notify", "schedule", "set", "09:30", "--days", "funday"],
            "not a weekday",
        ),
        (&["notify", "prefs", "--allow", "@nobody"], "@nobody"),
        (
            &["notify", "send", "--to", "@nobody", "--title", "Hi"],
            "@nobody",
        ),
        (
            &["notify", "send", "--to", "@grace", "--title", ""],
            "title",
        ),
        (
            &["overlap", "@grace", "--from", "2026-13-01", "--days", "7"],
            "YYYY-MM-DD",
        ),
        (
            &["overlap", "@grace", "--from", "2026-11-23", "--days", "400"],
            "366",
        ),
        (&["search", "\"unclosed"], "not closed"),
        (&["search", "colour:red"], "not an operator"),
        (&["search", "after:2026-02-30"], "YYYY-MM-DD"),
        (&["search", "is:spreadsheet"], "is:thread"),
        (&["search", "from:@nobody"], "@nobody"),
        (&["search", "launch", "--limit", "0"], "1 to 500"),
        (&["search"], "what to search for"),
        (
            &["checkin", "template", "new", "--name", "Retro"],
            "at least one question",
        ),
        (
            &[
                "checkin",
                "template",
                "new",
                "--name",
                "Retro",
                "--question",
                "essay: Why?",
            ],
            "use text, yes_no, blocker or mood",
        ),
        (
            &[
                "checkin",
                "template",
                "new",
                "--name",
                "Retro",
                "--question",
                "Why?",
            ],
            "KIND: PROMPT",
        ),
        (
            &[
                "checkin",
                "template",
                "new",
                "--name",
                "",
                "--question",
                "text: Why?",
            ],
            "no name",
        ),
        (
            &[
                "checkin",
                "schedule",
                "new",
                "--name",
                "S",
                "--template",
                "nope",
                "--channel",
                "general",
                "--days",
                "mon-fri",
                "--at",
                "09:00",
            ],
            "no check-in template",
        ),
        (
            &["checkin", "answer", "nope", "--answer", "1=x"],
            "no check-in schedule",
        ),
        (
            &["checkin", "answer", "nope", "--answer", "x"],
            "NUMBER=VALUE",
        ),
        (&["checkin", "clear", "nope"], "no check-in answer"),
    ];
    // Refusals that need the demo's stand-up and its template.
    let schedules = json(home.path(), &["checkin", "schedule", "list", "--json"]);
    let schedule = schedules[0]["id"].as_str().unwrap().to_owned();
    let template = schedules[0]["template_id"].as_str().unwrap().to_owned();
    let new_schedule = |change: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "checkin",
            "schedule",
            "new",
            "--name",
            "S",
            "--template",
            &template,
            "--channel",
            "general",
            "--days",
            "mon-fri",
            "--at",
            "09:00",
        ]
        .iter()
        .map(|arg| (*arg).to_owned())
        .collect();
        for pair in change.chunks(2) {
            match args.iter().position(|arg| arg == pair[0]) {
                Some(at) => args[at + 1] = pair[1].to_owned(),
                None => args.extend(pair.iter().map(|arg| (*arg).to_owned())),
            }
        }
        args
    };
    let dynamic: Vec<(Vec<String>, &str)> = vec![
        (new_schedule(&["--days", ""]), "not a weekday"),
        (new_schedule(&["--at", "9am"]), "HH:MM"),
        (new_schedule(&["--at", "24:30"]), "HH:MM"),
        (new_schedule(&["--window", "0"]), "1 to 48"),
        (
            new_schedule(&["--participants", "@nobody"]),
            "not a teammate",
        ),
        (new_schedule(&["--channel", "nowhere"]), "no channel"),
        (
            vec![
                "checkin".into(),
                "answer".into(),
                schedule.clone(),
                "--answer".into(),
                "4=11".into(),
            ],
            "from 1 (low) to 5",
        ),
        (
            vec![
                "checkin".into(),
                "answer".into(),
                schedule.clone(),
                "--answer".into(),
                "9=x".into(),
            ],
            "questions 1 to 5",
        ),
        (
            vec![
                "checkin".into(),
                "answer".into(),
                schedule.clone(),
                "--date".into(),
                "2099-01-05".into(),
                "--answer".into(),
                "1=x".into(),
            ],
            "answer it then",
        ),
    ];
    let table: Vec<(Vec<&str>, &str)> = table
        .iter()
        .map(|(args, expected)| (args.to_vec(), *expected))
        .chain(
            dynamic
                .iter()
                .map(|(args, expected)| (args.iter().map(String::as_str).collect(), *expected)),
        )
        .collect();
    let mut failures = Vec::new();
    for (args, expected) in &table {
        let before = op_count(home.path());
        let output = meridian(home.path(), args);
        let after = op_count(home.path());
        let message = stderr(&output);
        if output.status.success() {
            failures.push(format!("{args:?}: accepted"));
        } else if !message.to_lowercase().contains(&expected.to_lowercase()) {
            failures.push(format!(
                "{args:?}: {message:?} does not mention {expected:?}"
            ));
        }
        if after != before {
            failures.push(format!(
                "{args:?}: wrote {} ops while refusing",
                after - before
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} refusals wrong:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

/// `member edit` with the values a teammate already has appends nothing.
#[test]
fn an_edit_that_changes_nothing_appends_nothing() {
    let home = tempfile::tempdir().unwrap();
    meridian(
        home.path(),
        &["init", "--name", "Ada", "--handle", "ada", "--team", "T"],
    );
    assert!(meridian(home.path(), &["demo"]).status.success());
    let before = op_count(home.path());
    let grace = json(home.path(), &["member", "list", "--json"]);
    let name = grace
        .as_array()
        .and_then(|members| members.iter().find(|member| member["handle"] == "grace"))
        .and_then(|member| member["display_name"].as_str())
        .expect("grace in the demo team")
        .to_owned();
    let output = meridian(home.path(), &["member", "edit", "@grace", "--name", &name]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(op_count(home.path()), before);
}

/// Two profiles (two MERIDIAN_HOMEs) join one team through a running `meridian-server`:
/// each sees the other on the board, a note from one reaches the other's inbox, and `sync
/// status` tells the truth.
#[test]
fn two_profiles_join_one_team_through_a_running_server() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::start(&root.path().join("server"));
    two_profiles_join_one_team(root.path(), &server);
}

/// The same team, with the server on PostgreSQL (the cluster `make test` starts).
#[test]
fn postgres_two_profiles_join_one_team_through_a_running_server() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::start_on_postgres();
    two_profiles_join_one_team(root.path(), &server);
}

fn two_profiles_join_one_team(root: &std::path::Path, server: &Server) {
    let (ada, grace) = (root.join("ada"), root.join("grace"));
    for (home, name, handle, zone) in [
        (&ada, "Ada Lovelace", "ada", "Europe/London"),
        (&grace, "Grace Hopper", "grace", "America/New_York"),
    ] {
        let init = meridian(
            home,
            &[
                "init", "--name", name, "--handle", handle, "--team", "Engines", "--tz", zone,
            ],
        );
        assert!(init.status.success(), "{}", stderr(&init));
    }
    let code = create_and_join(&ada, &grace, server);
    // The invite was single use.
    let again = meridian(&root.join("third"), &["team", "join", &code]);
    assert!(!again.status.success());

    let note = meridian(
        &grace,
        &[
            "notify",
            "send",
            "--to",
            "@ada",
            "--from",
            "@grace",
            "--title",
            "Review the RFC",
        ],
    );
    assert!(note.status.success(), "{}", stderr(&note));
    assert!(meridian(&grace, &["sync"]).status.success());
    let synced = json(&ada, &["sync", "--json"]);
    assert!(synced["pulled"].as_i64().unwrap() > 0);

    let board = json(&ada, &["team", "--json"]);
    let handles: Vec<&str> = board["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["member"]["handle"].as_str().unwrap())
        .collect();
    assert!(handles.contains(&"grace"), "{handles:?}");
    let inbox = json(&ada, &["notify", "inbox", "--json"]);
    assert!(
        inbox.to_string().contains("Review the RFC"),
        "ada's inbox: {inbox}"
    );
    let status = json(&ada, &["sync", "status", "--json"]);
    assert_eq!(status["state"], "up_to_date", "{status}");
    assert_eq!(status["pending"], 0);
    assert_eq!(status["pulled_seq"], status["server_seq"]);
    // `doctor` compares every device's series here with the server's: all the same now.
    let doctor = stdout(&meridian(&ada, &["doctor"]));
    assert!(doctor.contains("team server:"), "{doctor}");
    assert_eq!(doctor.matches("— same").count(), 2, "{doctor}");

    // A local change is waiting until the next sync, and `sync status` says so.
    assert!(meridian(&ada, &["focus", "start", "25"]).status.success());
    let status = json(&ada, &["sync", "status", "--json"]);
    assert_eq!(status["state"], "waiting", "{status}");
    assert_eq!(status["pending"], 1);
}

/// An unused invite can be revoked and a teammate's device removed, through a running server:
/// the revoked code admits nobody, the removed device can no longer sync, and each refusal
/// says why.
#[test]
fn revoked_invites_and_removed_devices_lose_access() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::start(&root.path().join("server"));
    let homes: Vec<_> = ["ada", "grace", "third"]
        .iter()
        .map(|name| root.path().join(name))
        .collect();
    for (home, handle) in homes.iter().zip(["ada", "grace", "third"]) {
        let init = meridian(
            home,
            &[
                "init", "--name", handle, "--handle", handle, "--team", "T", "--tz", "UTC",
            ],
        );
        assert!(init.status.success(), "{}", stderr(&init));
    }
    let (ada, grace, third) = (&homes[0], &homes[1], &homes[2]);
    let created = json(ada, &["team", "create", "--server", &server.url, "--json"]);
    let code = created["invite_code"].as_str().unwrap().to_owned();
    assert!(meridian(grace, &["team", "join", &code]).status.success());

    // A second invite, revoked before anyone uses it.
    let spare = json(ada, &["team", "invite", "--json"])["invite_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let revoked = json(ada, &["team", "invite", "--revoke", &spare, "--json"]);
    assert_eq!(revoked["revoked"], true);
    let refused = meridian(third, &["team", "join", &spare]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("revoked"), "{}", stderr(&refused));
    // The first code was used by Grace: nothing left to revoke.
    let again = meridian(ada, &["team", "invite", "--revoke", &code]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("no unspent invite"),
        "{}",
        stderr(&again)
    );
    let garbage = meridian(ada, &["team", "invite", "--revoke", "mdi_abc"]);
    assert!(!garbage.status.success());
    assert!(
        stderr(&garbage).contains("copy the whole code"),
        "{}",
        stderr(&garbage)
    );
    let outside = meridian(third, &["team", "invite", "--revoke", &spare]);
    assert!(
        stderr(&outside).contains("not in a team"),
        "{}",
        stderr(&outside)
    );

    // Grace's device is removed: her next sync is refused with the server's sentence.
    let grace_device = json(grace, &["doctor", "--json"])["device_id"]
        .as_str()
        .expect("device id")
        .to_owned();
    let removed = json(ada, &["team", "remove-device", &grace_device, "--json"]);
    assert_eq!(removed["removed_device"], grace_device.as_str());
    let sync = meridian(grace, &["sync"]);
    assert!(!sync.status.success());
    assert!(
        stderr(&sync).contains("removed from its team"),
        "{}",
        stderr(&sync)
    );
    // Ada still syncs, and what Grace pushed before is still with the team.
    let synced = json(ada, &["sync", "--json"]);
    assert!(synced["state"].is_object(), "{synced}");
    let board = json(ada, &["team", "--json"]);
    assert!(board.to_string().contains("\"grace\""), "{board}");

    for (args, expected) in [
        (
            vec!["team", "remove-device", &grace_device],
            "already removed",
        ),
        (vec!["team", "remove-device", "not-a-uuid"], "is a UUID"),
        (
            vec![
                "team",
                "remove-device",
                "0190c3a4-7b1e-7c00-8000-000000000000",
            ],
            "no device with this id",
        ),
    ] {
        let output = meridian(ada, &args);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let me = json(ada, &["doctor", "--json"])["device_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let itself = meridian(ada, &["team", "remove-device", &me]);
    assert!(
        stderr(&itself).contains("this device"),
        "{}",
        stderr(&itself)
    );
}

#[test]
fn conversations_and_docs_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    assert!(meridian(home, &["demo"]).status.success());
    let channel = json(
        home,
        &["channel", "create", "releases", "--expect", "4h", "--json"],
    );
    assert_eq!(channel["expectation"], "Replies within 4 working hours");
    let thread = json(
        home,
        &[
            "thread",
            "new",
            "--channel",
            "releases",
            "--title",
            "Ship 2.5",
            "--body",
            "cc @aroha <script>x</script>",
            "--json",
        ],
    );
    let thread_id = thread["id"].as_str().unwrap().to_owned();
    let mut parent: Option<String> = None;
    for level in 0..3 {
        let body = format!("level {level}");
        let mut args = vec![
            "comment",
            thread_id.as_str(),
            "--body",
            body.as_str(),
            "--json",
        ];
        if let Some(parent) = &parent {
            args.extend(["--parent", parent.as_str()]);
        }
        parent = Some(json(home, &args)["id"].as_str().unwrap().to_owned());
    }
    let react = meridian(home, &["react", parent.as_deref().unwrap(), "tada"]);
    assert_eq!(stdout(&react).trim(), "Reacted 🎉");
    let thank = meridian(home, &["thank", "@aroha", "@grace", "--note", "Thanks!"]);
    assert!(thank.status.success(), "{}", stderr(&thank));
    let shown = json(home, &["thread", "show", &thread_id, "--json"]);
    assert!(shown["body_html"]
        .as_str()
        .unwrap()
        .contains("&lt;script&gt;"));
    let depths: Vec<i64> = shown["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|comment| comment["depth"].as_i64().unwrap())
        .collect();
    assert_eq!(depths, vec![0, 1, 2]);
    assert_eq!(shown["comments"][2]["reactions"][0]["emoji"], "🎉");
    let listed = json(home, &["thread", "list", "--channel", "releases", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let doc = json(
        home,
        &[
            "doc",
            "new",
            "--title",
            "Runbook",
            "--body",
            "Restart the server.",
            "--json",
        ],
    );
    let doc_id = doc["summary"]["id"].as_str().unwrap().to_owned();
    let edit = meridian(
        home,
        &[
            "doc",
            "edit",
            &doc_id,
            "--body",
            "Restart the server, then check the logs.",
            "--summary",
            "Logs",
        ],
    );
    assert!(edit.status.success(), "{}", stderr(&edit));
    let diff = meridian(home, &["doc", "diff", &doc_id]);
    assert!(
        stdout(&diff).contains("check the logs.+}"),
        "{}",
        stdout(&diff)
    );
    let restore = meridian(home, &["doc", "restore", &doc_id, "1"]);
    assert!(restore.status.success(), "{}", stderr(&restore));
    let history = meridian(home, &["doc", "history", &doc_id]);
    assert_eq!(stdout(&history).lines().count(), 3, "{}", stdout(&history));

    // Refusals write nothing and say how to fix it.
    let before = op_count(home);
    for (args, hint) in [
        (
            vec!["channel", "create", "secret", "--private"],
            "says why it is private",
        ),
        (
            vec!["channel", "create", "pager", "--expect", "15m"],
            "always on",
        ),
        (
            vec!["thread", "new", "--channel", "releases", "--title", ""],
            "title is empty",
        ),
        (vec!["react", thread_id.as_str(), "🦄"], "not a reaction"),
        (
            vec!["thread", "new", "--channel", "nowhere", "--title", "x"],
            "no channel",
        ),
    ] {
        let output = meridian(home, &args);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            stderr(&output).contains(hint),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(op_count(home), before);
    let archive = meridian(home, &["thread", "archive", &thread_id]);
    assert!(archive.status.success());
    let reply = meridian(home, &["comment", &thread_id, "--body", "late"]);
    assert!(
        stderr(&reply).contains("restore it before replying"),
        "{}",
        stderr(&reply)
    );
    assert!(meridian(home, &["thread", "restore", &thread_id])
        .status
        .success());
}

#[test]
fn search_finds_nested_comments_and_docs_and_reindexes() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    assert!(meridian(home, &["demo"]).status.success());
    let thread = json(
        home,
        &[
            "thread",
            "new",
            "--channel",
            "general",
            "--title",
            "Kestrel rollout",
            "--body",
            "Staged by region.",
            "--json",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let top = json(
        home,
        &["comment", &thread, "--body", "Start small.", "--json"],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let nested = json(
        home,
        &[
            "comment",
            &thread,
            "--parent",
            &top,
            "--body",
            "Watch the osprey metrics.",
            "--json",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let found = json(home, &["search", "osprey", "--json"]);
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{found}");
    assert_eq!(hits[0]["id"], nested.as_str());
    assert_eq!(hits[0]["kind"], "comment");
    assert_eq!(hits[0]["target"]["thread_id"], thread.as_str());
    assert_eq!(hits[0]["location"], "#general › Kestrel rollout");

    let text = meridian(home, &["search", "kestrel", "in:#general"]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(
        stdout(&text).contains("thread [Kestrel] rollout"),
        "{}",
        stdout(&text)
    );
    assert!(stdout(&text).contains(&thread), "{}", stdout(&text));

    let reindex = meridian(home, &["search", "reindex", "--json"]);
    assert!(reindex.status.success(), "{}", stderr(&reindex));
    assert!(
        json(home, &["search", "reindex", "--json"])["indexed"]
            .as_i64()
            .unwrap()
            > 10
    );
    // The same answer from the rebuilt index (scores may differ in the last digits: the old
    // index still counted replaced documents in its word statistics).
    let without_score = |mut hits: serde_json::Value| {
        for hit in hits.as_array_mut().unwrap() {
            hit.as_object_mut().unwrap().remove("score");
        }
        hits
    };
    assert_eq!(
        without_score(json(home, &["search", "osprey", "--json"])["hits"].clone()),
        without_score(found["hits"].clone())
    );
}

/// The log position the index's last commit covers, read from its metadata file.
/// The index's commit payload, as `meta.json` holds it.
fn index_payload(home: &std::path::Path) -> Option<serde_json::Value> {
    let meta = std::fs::read_to_string(home.join("search").join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).ok()?;
    serde_json::from_str(meta["payload"].as_str()?).ok()
}

fn index_position(home: &std::path::Path) -> Option<i64> {
    index_payload(home)?["position"].as_i64()
}

/// The cursor of a build under way: the rows it has read, of how many.
fn index_build_progress(home: &std::path::Path) -> Option<(i64, i64)> {
    let cursor = index_payload(home)?["build"].as_str()?.to_owned();
    let cursor: serde_json::Value = serde_json::from_str(&cursor).ok()?;
    Some((cursor["done"].as_i64()?, cursor["total"].as_i64()?))
}

/// `meridian search reindex` killed with SIGKILL between two commits leaves an index that
/// opens, answers, and carries on from its last commit to the whole log.
#[test]
fn an_index_killed_while_building_is_usable_and_catches_up() {
    use meridian::log::ops::{format_instant, OpPayload};
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let posts = 150_000;
    let head = {
        let mut core = meridian::Meridian::open(
            home,
            std::sync::Arc::new(meridian::SystemClock),
            std::sync::Arc::new(meridian::NoEvents),
        )
        .unwrap();
        core.seed_demo("Europe/London").unwrap();
        let channel = core.channel("general").unwrap().id;
        let me = core.me().unwrap().unwrap().id;
        let now = core.now();
        for batch in 0..posts / 10_000 {
            let payloads = (0..10_000)
                .map(|n| {
                    let n = batch * 10_000 + n;
                    OpPayload::ThreadCreated {
                        thread_id: uuid::Uuid::now_v7().to_string(),
                        channel_id: channel.clone(),
                        author_id: me.clone(),
                        title: format!("Post {n}"),
                        body: if n % 1_000 == 0 {
                            "The kestrel report".into()
                        } else {
                            "An ordinary day of work".into()
                        },
                        mentions: vec![],
                        created_at: format_instant(now),
                    }
                })
                .collect();
            core.store_mut().append(now, payloads).unwrap();
        }
        core.store()
            .conn()
            .query_row("SELECT max(rowid) FROM ops", [], |row| row.get::<_, i64>(0))
            .unwrap()
    };

    let mut child = Command::new(env!("CARGO_BIN_EXE_meridian"))
        .args(["search", "reindex", "--json"])
        .env("MERIDIAN_HOME", home)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for its first commit (a build commits a share of the tables at a time), then kill it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while index_build_progress(home).is_none() {
        assert!(child.try_wait().unwrap().is_none(), "reindex ended early");
        assert!(
            std::time::Instant::now() < deadline,
            "no commit within 2 minutes"
        );
        std::thread::yield_now();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (done, total) = index_build_progress(home).expect("a committed build cursor survives");
    assert!(done > 0 && done < total, "killed at {done} of {total}");
    assert_eq!(
        index_position(home),
        None,
        "a build covers no position until it is done"
    );

    let found = json(home, &["search", "kestrel", "--json", "--limit", "500"]);
    assert_eq!(
        found["hits"].as_array().unwrap().len(),
        posts / 1_000,
        "{found}"
    );
    assert_eq!(found["indexing"], serde_json::Value::Null);
    assert_eq!(index_position(home), Some(head));
}

/// Decisions and change requests as a person runs them from a terminal, every answer with
/// `--json` carrying the item's id; and their refusals, each writing nothing.
#[test]
fn decisions_and_change_requests_from_the_cli() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    init_ada(h, "Europe/Berlin", &[]);
    assert!(meridian(h, &["demo"]).status.success());

    let proposed = json(
        h,
        &[
            "decision",
            "new",
            "--title",
            "Ship on Thursdays",
            "--option",
            "Yes",
            "--option",
            "No",
            "--voters",
            "@grace,@linus",
            "--closes",
            "2099-12-01 17:00",
            "--body",
            "Fewer Friday fires.",
            "--json",
        ],
    );
    let decision = proposed["summary"]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        proposed["summary"]["closes_local"],
        "Tue 1 Dec 2099 17:00 (Europe/Berlin)"
    );
    let listed = json(h, &["decision", "list", "--json"]);
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == decision.as_str()));
    let closed = json(
        h,
        &[
            "decision",
            "close",
            &decision,
            "--outcome",
            "Thursdays it is.",
            "--chosen",
            "yes",
            "--json",
        ],
    );
    assert_eq!(closed["summary"]["status"], "accepted");
    assert_eq!(closed["chosen"], "Yes");
    let shown = meridian(h, &["decision", "show", &decision]);
    assert!(
        stdout(&shown).contains("outcome: Thursdays it is."),
        "{}",
        stdout(&shown)
    );

    let who = json(
        h,
        &[
            "cr",
            "who",
            "--type",
            "emergency",
            "--system",
            "payments",
            "--json",
        ],
    );
    assert_eq!(who["groups"].as_array().unwrap().len(), 2);
    let filed = json(
        h,
        &[
            "cr",
            "new",
            "--title",
            "Hotfix the card timeout",
            "--type",
            "emergency",
            "--system",
            "payments",
            "--justification",
            "Checkout is failing",
            "--tested",
            "--results",
            "https://ci.example.com/1",
            "--rollback",
            "Revert",
            "--json",
        ],
    );
    let change = filed["summary"]["id"].as_str().expect("id").to_owned();
    assert_eq!(filed["summary"]["status"], "pending");
    let pending = json(h, &["cr", "list", "--pending", "--json"]);
    let waiting = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["waiting_on_me"] == true)
        .expect("the demo's change waits on me");
    let demo_change = waiting["id"].as_str().unwrap().to_owned();
    let approved = json(h, &["cr", "approve", &demo_change, "--json"]);
    assert_eq!(approved["summary"]["id"], demo_change.as_str());
    let text = stdout(&meridian(h, &["cr", "show", &change]));
    assert!(
        text.contains("timeline:") && text.contains("@ada filed an emergency change"),
        "{text}"
    );
    let withdrawn = json(h, &["cr", "withdraw", &change, "--json"]);
    assert_eq!(withdrawn["summary"]["status"], "withdrawn");

    let table: &[(&[&str], &str)] = &[
        (
            &[
                "decision",
                "new",
                "--title",
                "T",
                "--closes",
                "2020-01-01 10:00",
            ],
            "in the past",
        ),
        (&["decision", "vote", &decision, "yes"], "sealed"),
        (
            &[
                "cr", "new", "--title", "T", "--system", "payments", "--tested",
            ],
            "link the test results",
        ),
        (
            &[
                "cr",
                "new",
                "--title",
                "T",
                "--type",
                "emergency",
                "--system",
                "payments",
            ],
            "justification",
        ),
        (
            &[
                "cr",
                "rule",
                "--system",
                "ledger",
                "--group",
                "Solo",
                "--approvers",
                "@ada",
            ],
            "",
        ),
        (
            &["cr", "new", "--title", "T", "--system", "ledger"],
            "no approver besides you",
        ),
        (
            &[
                "cr",
                "rule-remove",
                "--system",
                "ledger",
                "--group",
                "Nobody",
            ],
            "`meridian cr rule` lists the rules",
        ),
        (
            &["cr", "rule-remove", "--system", "ledger", "--group", "solo"],
            "",
        ),
        (&["cr", "approve", &change], "withdrawn"),
        (&["cr", "decline", &change, "--reason", "no"], "withdrawn"),
    ];
    let mut failures = Vec::new();
    for (args, expected) in table {
        let before = op_count(h);
        let output = meridian(h, args);
        if expected.is_empty() {
            // A setup row: it must succeed.
            assert!(output.status.success(), "{}", stderr(&output));
            continue;
        }
        let message = stderr(&output);
        if output.status.success() {
            failures.push(format!("{args:?}: accepted"));
        } else if !message.to_lowercase().contains(&expected.to_lowercase()) {
            failures.push(format!(
                "{args:?}: {message:?} does not mention {expected:?}"
            ));
        }
        if op_count(h) != before {
            failures.push(format!("{args:?}: wrote while refusing"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The work board and quick capture, as a person uses them from a terminal.
#[test]
fn board_goals_and_captures_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    init_ada(home, "Europe/Berlin", &[]);
    let goal = json(
        home,
        &[
            "goal",
            "new",
            "--title",
            "Ship 2.0",
            "--outcome",
            "Live",
            "--json",
        ],
    );
    let goal_id = goal["id"].as_str().unwrap();
    assert_eq!(goal["health"], "on_track");
    let task = json(
        home,
        &[
            "task",
            "new",
            "--title",
            "Write notes",
            "--owner",
            "@ada",
            "--due",
            "2030-12-01 17:00",
            "--goal",
            goal_id,
            "--json",
        ],
    );
    let task_id = task["id"].as_str().unwrap();
    assert_eq!(task["due_at"], "2030-12-01T16:00:00.000Z");
    assert_eq!(task["due_zone"], "Europe/Berlin");
    assert_eq!(task["goal_title"], "Ship 2.0");
    let review = json(home, &["task", "new", "--title", "Review", "--json"]);
    let review_id = review["id"].as_str().unwrap();
    let blocked = json(
        home,
        &["task", "block", task_id, "--by", review_id, "--json"],
    );
    assert_eq!(blocked["blocked_by"][0]["id"], review_id);
    let moved = json(home, &["task", "move", review_id, "done", "--json"]);
    assert_eq!(moved["status"], "done");
    let mine = json(home, &["task", "list", "--mine", "--json"]);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], task_id);
    assert!(mine[0]["blocked_by"].as_array().unwrap().is_empty());
    let text = stdout(&meridian(home, &["task", "list"]));
    assert!(
        text.contains("To do (1)") && text.contains("Done (1)"),
        "{text}"
    );
    let reviewed = json(
        home,
        &[
            "goal", "update", goal_id, "--health", "at risk", "--note", "slipping", "--json",
        ],
    );
    assert_eq!(reviewed["health"], "at_risk");
    assert_eq!(json(home, &["goal", "list", "--json"])[0]["id"], goal_id);

    let captured = json(home, &["capture", "Call", "the", "printer", "--json"]);
    assert_eq!(captured["text"], "Call the printer");
    let listed = json(home, &["capture", "list", "--json"]);
    assert_eq!(listed[0]["id"], captured["id"]);
    let triaged = json(
        home,
        &[
            "capture",
            "triage",
            captured["id"].as_str().unwrap(),
            "--into",
            "task",
            "--json",
        ],
    );
    assert_eq!(triaged["triaged_kind"], "task");
    let made = json(
        home,
        &[
            "task",
            "show",
            triaged["triaged_id"].as_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(made["title"], "Call the printer");
    assert!(json(home, &["capture", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    // Search finds tasks (has:blocker: the ones an open blocker holds up), goals and my captures.
    json(
        home,
        &["capture", "Renew the domain before it lapses", "--json"],
    );
    let blocked = json(
        home,
        &["task", "new", "--title", "Ship the installer", "--json"],
    );
    let installer = blocked["id"].as_str().unwrap();
    json(
        home,
        &["task", "block", installer, "--by", task_id, "--json"],
    );
    let kinds = |query: &str| -> Vec<(String, String)> {
        json(home, &["search", query, "--json"])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| {
                (
                    hit["kind"].as_str().unwrap().to_owned(),
                    hit["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        kinds("installer"),
        vec![("task".to_owned(), installer.to_owned())]
    );
    assert_eq!(
        kinds("has:blocker is:task"),
        vec![("task".to_owned(), installer.to_owned())]
    );
    assert_eq!(kinds("is:goal ship")[0].1, goal_id);
    assert_eq!(kinds("domain")[0].0, "capture");
}

#[test]
fn checkins_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    init_ada(
        home,
        "Pacific/Auckland",
        &["--hours", "mon-sun 00:00-24:00"],
    );
    assert!(meridian(home, &["demo"]).status.success());
    let template = json(
        home,
        &[
            "checkin",
            "template",
            "new",
            "--name",
            "Retro",
            "--question",
            "text: What went well?",
            "--question",
            "yes_no: Ship it?",
            "--question",
            "blocker: Anything blocking you?",
            "--question",
            "mood: How are you?",
            "--json",
        ],
    );
    let template_id = template["id"].as_str().unwrap().to_owned();
    assert_eq!(template["questions"][1]["kind"], "yes_no");
    assert!(template["questions"][0]["id"].as_str().is_some());
    let schedule = json(
        home,
        &[
            "checkin",
            "schedule",
            "new",
            "--name",
            "Daily retro",
            "--template",
            &template_id,
            "--channel",
            "general",
            "--days",
            "mon-sun",
            "--at",
            "00:00",
            "--participants",
            "@ada,@grace",
            "--window",
            "24",
            "--json",
        ],
    );
    let schedule_id = schedule["id"].as_str().unwrap().to_owned();
    assert_eq!(
        schedule["summary"],
        "Every day at 00:00, each in their own time zone"
    );
    assert_eq!(schedule["participants"].as_array().unwrap().len(), 2);
    let listed = json(home, &["checkin", "schedule", "list", "--json"]);
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == schedule["id"]));

    // Midnight today in Auckland has passed, with a 24-hour window: asked and open.
    let answer = json(
        home,
        &[
            "checkin",
            "answer",
            &schedule_id,
            "--answer",
            "1=Shipped it",
            "--answer",
            "2=yes",
            "--answer",
            "3=Need @grace to review",
            "--answer",
            "4=4",
            "--json",
        ],
    );
    assert!(answer["id"].as_str().unwrap().starts_with(&schedule_id));
    assert_eq!(answer["blocker"], "Need @grace to review");
    assert_eq!(answer["late"], false);
    let edited = json(
        home,
        &[
            "checkin",
            "answer",
            &schedule_id,
            "--answer",
            "1=Shipped it twice",
            "--answer",
            "3=Need @grace to review",
            "--json",
        ],
    );
    assert_eq!(edited["edited"], true);
    let occurrence = json(home, &["checkin", "show", &schedule_id, "--json"]);
    let participants = occurrence["participants"].as_array().unwrap();
    let me = participants
        .iter()
        .find(|p| {
            p["person"]["handle"]
                .as_str()
                .unwrap()
                .trim_start_matches('@')
                == "ada"
        })
        .unwrap();
    assert_eq!(me["state"], "answered");
    assert!(me["asked_local"]
        .as_str()
        .unwrap()
        .contains("00:00 (Pacific/Auckland)"));
    let blockers = json(home, &["checkin", "blockers", "--json"]);
    assert!(blockers
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["answer_id"].as_str().is_some()));
    let overview = json(home, &["checkin", "show", "--json"]);
    assert!(overview["mine"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["schedule_id"] == schedule["id"]));
    let run = json(home, &["checkin", "run", "--json"]);
    assert!(run.get("next_check").is_some());
    let text = stdout(&meridian(home, &["checkin", "show", &schedule_id]));
    assert!(text.contains("Daily retro"), "{text}");

    // Search finds what check-in answers say; has:blocker finds the open blockers.
    let found = json(home, &["search", "twice", "--json"]);
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{found}");
    assert_eq!(hits[0]["kind"], "checkin");
    assert_eq!(hits[0]["id"], answer["id"]);
    assert_eq!(hits[0]["target"]["view"], "checkin");
    assert_eq!(hits[0]["target"]["schedule_id"], schedule_id.as_str());
    assert_eq!(hits[0]["location"], "Check-ins");
    let blocked = json(home, &["search", "is:checkin has:blocker", "--json"]);
    let blocked_ids: Vec<&str> = blocked["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap())
        .collect();
    assert!(
        blocked_ids.contains(&answer["id"].as_str().unwrap()),
        "{blocked}"
    );
    let answer_id = answer["id"].as_str().unwrap().to_owned();
    assert!(meridian(home, &["checkin", "clear", &answer_id])
        .status
        .success());
    let blocked = json(home, &["search", "is:checkin has:blocker", "--json"]);
    assert!(
        !blocked["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|hit| hit["id"] == answer["id"]),
        "a cleared blocker is no longer found: {blocked}"
    );
}
