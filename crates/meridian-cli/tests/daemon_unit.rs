//! `meridian daemon --install-unit`, run as a user would: the systemd user unit it writes
//! (where, what it runs, that systemd accepts it), and its refusal to replace a unit that
//! differs without `--force`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch HOME with its own XDG directories, so nothing of the real user's is touched.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn unit(&self) -> PathBuf {
        self.config().join("systemd/user/meridian-daemon.service")
    }

    /// Runs `meridian daemon ARGS` with XDG_CONFIG_HOME in the sandbox; `profile` is the
    /// MERIDIAN_HOME to run with, if any.
    fn daemon(&self, args: &[&str], profile: Option<&Path>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_meridian"));
        command
            .arg("daemon")
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("MERIDIAN_HOME");
        if let Some(profile) = profile {
            command.env("MERIDIAN_HOME", profile);
        }
        command.output().expect("run meridian")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The binary's path as the unit must hold it (the test runs it by this very path).
fn meridian_exe() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_BIN_EXE_meridian")).expect("meridian binary")
}

#[test]
fn install_unit_writes_a_user_unit_that_runs_this_daemon() {
    let sandbox = Sandbox::new();
    let out = sandbox.daemon(&["--install-unit"], None);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("systemctl --user enable --now meridian-daemon"),
        "says how to turn it on: {stdout}"
    );
    assert!(
        stdout.contains(&sandbox.unit().display().to_string()),
        "{stdout}"
    );

    let unit = std::fs::read_to_string(sandbox.unit()).expect("the unit, under XDG_CONFIG_HOME");
    let exec = format!("ExecStart=\"{}\" daemon\n", meridian_exe().display());
    assert!(unit.contains(&exec), "runs this executable: {unit}");
    assert!(unit.contains("\nRestart=on-failure\n"), "{unit}");
    assert!(
        unit.contains("\n[Install]\nWantedBy=default.target\n"),
        "{unit}"
    );
    assert!(
        !unit.contains("MERIDIAN_HOME"),
        "the default profile needs no setting: {unit}"
    );
    assert!(
        !sandbox
            .dir
            .path()
            .join("data/meridian/meridian.sqlite3")
            .exists(),
        "writing the unit opens no profile"
    );
    verify_with_systemd(&sandbox.unit());

    // Running it again with nothing changed is fine, and says so.
    let again = sandbox.daemon(&["--install-unit"], None);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("already installed"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn a_chosen_profile_goes_into_the_unit() {
    let sandbox = Sandbox::new();
    let profile = sandbox.dir.path().join("work profile");
    let out = sandbox.daemon(&["--install-unit"], Some(&profile));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let unit = std::fs::read_to_string(sandbox.unit()).expect("unit");
    let setting = format!("Environment=\"MERIDIAN_HOME={}\"\n", profile.display());
    assert!(unit.contains(&setting), "{unit}");
    verify_with_systemd(&sandbox.unit());
}

#[test]
fn a_different_unit_is_replaced_only_with_force() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.unit().parent().expect("dir")).expect("mkdir");
    let edited = "[Service]\nExecStart=/usr/local/bin/meridian daemon\nNice=10\n";
    std::fs::write(sandbox.unit(), edited).expect("someone's own unit");

    let refused = sandbox.daemon(&["--install-unit"], None);
    let stderr = text(&refused.stderr);
    assert!(
        !refused.status.success(),
        "must refuse: {}",
        text(&refused.stdout)
    );
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "says why and what to do: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(sandbox.unit()).expect("unit"),
        edited,
        "left as it was"
    );

    let forced = sandbox.daemon(&["--install-unit", "--force"], None);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let unit = std::fs::read_to_string(sandbox.unit()).expect("unit");
    assert!(unit.contains("\nRestart=on-failure\n"), "{unit}");

    // --force means nothing without --install-unit.
    let stray = sandbox.daemon(&["--force"], None);
    assert!(!stray.status.success());
}

/// `systemd-analyze verify` reads the unit as systemd would, when the tool is installed. It
/// only warns (exit 0) about a setting it cannot parse, so any output fails the test too. A
/// user manager needs a runtime directory, which a test machine may not have: a scratch one.
fn verify_with_systemd(unit: &Path) {
    let runtime = tempfile::tempdir().expect("runtime dir");
    let Ok(out) = Command::new("systemd-analyze")
        .args(["--user", "verify"])
        .arg(unit)
        .env("XDG_RUNTIME_DIR", runtime.path())
        .output()
    else {
        println!("note: systemd-analyze is not installed; the unit was not verified by systemd");
        return;
    };
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "systemd-analyze verify found fault with {}:\n{}{}",
        unit.display(),
        text(&out.stdout),
        text(&out.stderr)
    );
}
