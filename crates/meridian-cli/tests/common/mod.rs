//! What the CLI's integration tests share: running the `meridian` binary on a profile, reading
//! its output, and a real `meridian-server` to sync through.
#![allow(dead_code)] // each test binary uses its own part of this

use std::process::{Command, Output};

pub fn meridian(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meridian"))
        .args(args)
        .env("MERIDIAN_HOME", home)
        .output()
        .expect("run meridian")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(home: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let output = meridian(home, args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("{args:?}: {err}: {}", stdout(&output)))
}

/// A running `meridian-server` (the real binary) on an ephemeral loopback port; killed on drop.
pub struct Server {
    child: std::process::Child,
    pub url: String,
}

impl Server {
    pub fn start(data_dir: &std::path::Path) -> Server {
        let mut args = vec!["--data-dir".to_owned()];
        args.push(data_dir.display().to_string());
        Server::start_with(&args)
    }

    /// The server on the throw-away PostgreSQL cluster `pg_virtualenv` describes in the PG*
    /// variables (or `MERIDIAN_TEST_POSTGRES`); fails, rather than passing, without one.
    pub fn start_on_postgres() -> Server {
        let database = std::env::var("MERIDIAN_TEST_POSTGRES").unwrap_or_else(|_| {
            let var = |name: &str| std::env::var(name).ok();
            let host = var("PGHOST").expect(
                "no PostgreSQL to test against: run the tests under pg_virtualenv, as `make test` does (it starts a \
                 throw-away cluster with pg_virtualenv), or set MERIDIAN_TEST_POSTGRES",
            );
            // The key=value form takes a socket directory as host as readily as a name.
            let mut parts = vec![format!("host={host}")];
            for (key, name) in [
                ("port", "PGPORT"),
                ("user", "PGUSER"),
                ("password", "PGPASSWORD"),
                ("dbname", "PGDATABASE"),
            ] {
                if let Some(value) = var(name) {
                    parts.push(format!("{key}={value}"));
                }
            }
            parts.join(" ")
        });
        Server::start_with(&["--database".to_owned(), database])
    }

    pub fn start_with(storage: &[String]) -> Server {
        use std::io::BufRead as _;
        let binary = std::path::Path::new(env!("CARGO_BIN_EXE_meridian"))
            .with_file_name(format!("meridian-server{}", std::env::consts::EXE_SUFFIX));
        assert!(
            binary.exists(),
            "{} is missing: build it first (`cargo build -p meridian-server`; `cargo test \
             --workspace` does)",
            binary.display()
        );
        let mut child = Command::new(&binary)
            .args(["--listen", "127.0.0.1:0"])
            .args(storage)
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start meridian-server");
        // The server logs the address it bound; wait for that line (bounded by its output).
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = std::io::BufReader::new(stderr).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("meridian-server exited before it listened")
                .expect("read server log");
            if let Some(address) = line.split("address=").nth(1) {
                break format!("http://{}", address.split_whitespace().next().unwrap());
            }
        };
        // Keep draining its log so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Makes `creator`'s team sync through `server` and has `joiner` join it with the invite;
/// returns the invite code (now spent).
pub fn create_and_join(
    creator: &std::path::Path,
    joiner: &std::path::Path,
    server: &Server,
) -> String {
    let created = json(
        creator,
        &["team", "create", "--server", &server.url, "--json"],
    );
    let code = created["invite_code"]
        .as_str()
        .expect("invite code")
        .to_owned();
    let joined = meridian(joiner, &["team", "join", &code]);
    assert!(joined.status.success(), "{}", stderr(&joined));
    assert!(stdout(&joined).contains("Joined."), "{}", stdout(&joined));
    code
}
