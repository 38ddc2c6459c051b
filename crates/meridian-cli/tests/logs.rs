//! The logs keep no content and no secrets: two profiles write titles, bodies, names, a team
//! name, an invite code, device tokens and the team key (each a planted canary, or read back
//! from the profile), sync through a real server, hit errors that quote input, and then no log
//! file or crash report holds any of them — while the logs do record what ran.

mod common;

use common::{create_and_join, meridian, stderr, stdout, Server};
use meridian::{Meridian, NoEvents, SystemClock};
use std::path::Path;
use std::sync::Arc;

/// Every file in the profile's log folder, with its text.
fn log_files(home: &Path) -> Vec<(String, String)> {
    let dir = home.join("logs");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("no log folder {}: {err}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            (path.display().to_string(), text)
        })
        .collect()
}

#[test]
fn logs_record_what_ran_and_hold_no_content_or_secret() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::start(&root.path().join("server"));
    let (ada, grace) = (root.path().join("ada"), root.path().join("grace"));
    let mut canaries = vec![
        "Canaryname7q".to_owned(),
        "Canaryteam7q".to_owned(),
        "canarychan7q".to_owned(),
        "Canarytitle7q".to_owned(),
        "Canarybody7q".to_owned(),
        "Canarydoc7q".to_owned(),
        "Canarynote7q".to_owned(),
        "canarymissing7q".to_owned(),
    ];
    for (home, name, handle) in [
        (&ada, "Ada Canaryname7q", "ada"),
        (&grace, "Grace Hopper", "grace"),
    ] {
        let init = meridian(
            home,
            &[
                "init",
                "--name",
                name,
                "--handle",
                handle,
                "--team",
                "Canaryteam7q",
                "--tz",
                "UTC",
            ],
        );
        assert!(init.status.success(), "{}", stderr(&init));
    }
    let code = create_and_join(&ada, &grace, &server);
    canaries.push(code);

    for args in [
        vec!["channel", "create", "canarychan7q"],
        vec![
            "thread",
            "new",
            "--channel",
            "canarychan7q",
            "--title",
            "Canarytitle7q",
            "--body",
            "Canarybody7q",
        ],
        vec![
            "doc",
            "new",
            "--title",
            "Canarydoc7q",
            "--body",
            "Canarydoc7q body",
        ],
        vec!["capture", "Canarynote7q"],
        vec!["sync"],
    ] {
        let output = meridian(&ada, &args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    assert!(meridian(&grace, &["sync"]).status.success());
    // Refusals that quote what was typed.
    let missing = meridian(
        &ada,
        &[
            "thread",
            "new",
            "--channel",
            "canarymissing7q",
            "--title",
            "Canarytitle7q",
        ],
    );
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("canarymissing7q"),
        "the person is told: {}",
        stderr(&missing)
    );
    let third = root.path().join("third");
    let bad_join = meridian(&third, &["team", "join", "mdi_Canaryinvite7q"]);
    assert!(!bad_join.status.success());
    canaries.push("Canaryinvite7q".to_owned());
    let missing_file = meridian(
        &ada,
        &[
            "doc",
            "new",
            "--title",
            "x",
            "--file",
            "/nonexistent/Canarypath7q.md",
        ],
    );
    assert!(!missing_file.status.success());
    canaries.push("Canarypath7q".to_owned());

    // The secrets each profile keeps.
    for home in [&ada, &grace] {
        let profile = Meridian::open(home, Arc::new(SystemClock), Arc::new(NoEvents)).unwrap();
        let config = profile.sync_config().unwrap().expect("in a team");
        canaries.push(config.device_token);
        canaries.push(config.team_key);
    }
    // With the server gone: revoking an unspent invite (its code goes in the URL), a sync.
    let spare = common::json(&ada, &["team", "invite", "--json"])["invite_code"]
        .as_str()
        .unwrap()
        .to_owned();
    canaries.push(spare.clone());
    drop(server);
    assert!(!meridian(&ada, &["team", "invite", "--revoke", &spare])
        .status
        .success());
    assert!(!meridian(&ada, &["sync"]).status.success());

    for home in [&ada, &grace, &third] {
        let files = log_files(home);
        let cli_log = files
            .iter()
            .find(|(path, _)| path.ends_with("cli.log"))
            .unwrap_or_else(|| {
                panic!(
                    "no cli.log among {:?}",
                    files.iter().map(|f| &f.0).collect::<Vec<_>>()
                )
            });
        assert!(cli_log.1.contains("command=team"), "{}", cli_log.1);
        for (path, text) in &files {
            for canary in &canaries {
                assert!(
                    !text.contains(canary.as_str()),
                    "{path} holds {canary}:\n{text}"
                );
            }
        }
    }
    let ada_log = &log_files(&ada)
        .into_iter()
        .find(|(p, _)| p.ends_with("cli.log"))
        .unwrap()
        .1;
    assert!(
        ada_log.contains(" WARN ") && ada_log.contains("command=thread"),
        "{ada_log}"
    );
    assert!(ada_log.contains("command=sync"), "{ada_log}");
    assert!(
        ada_log.contains("offline"),
        "the failed sync is on record: {ada_log}"
    );
    assert!(
        ada_log.contains("file: NotFound"),
        "the missing file is on record: {ada_log}"
    );

    // `doctor` says where the logs are and shows the last error lines.
    let doctor = meridian(&ada, &["doctor"]);
    assert!(
        stdout(&doctor).contains(&format!("logs:            {}", ada.join("logs").display())),
        "{}",
        stdout(&doctor)
    );
    assert!(
        stdout(&doctor).contains("last errors:\n") && stdout(&doctor).contains("file: NotFound"),
        "{}",
        stdout(&doctor)
    );
    assert!(
        stdout(&doctor).contains("crash reports:   none unread"),
        "{}",
        stdout(&doctor)
    );
}
