//! Test fixtures: stores on a fresh SQLite file or a fresh PostgreSQL database, servers on
//! ephemeral loopback ports, envelopes, and waiting for a condition under a deadline.

use meridian_protocol::{OpEnvelope, Stamp};
use meridian_server::store::postgres::{Config, PostgresStore};
use meridian_server::store::sqlite::SqliteStore;
use meridian_server::store::Store;
use meridian_server::ServerConfig;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tempfile::TempDir;
use uuid::Uuid;

/// The server's wall clock, as a client stamping ops for it must read it: the server refuses
/// stamps far ahead of its own time.
#[allow(clippy::disallowed_methods)]
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// An op of `device` at `idx`, stamped now, carrying `payload`.
pub fn op(device: Uuid, idx: u64, payload: &str) -> OpEnvelope {
    OpEnvelope {
        id: Uuid::now_v7(),
        device_id: device,
        idx,
        stamp: Stamp {
            wall_ms: now_ms(),
            counter: 0,
        },
        kind: "note_added".into(),
        version: 1,
        payload: payload.into(),
    }
}

/// A SQLite store in its own temporary directory (removed when the guard drops).
pub struct SqliteFixture {
    pub store: SqliteStore,
    _dir: TempDir,
}

pub async fn sqlite_store() -> SqliteFixture {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("server.sqlite3")).unwrap();
    SqliteFixture { store, _dir: dir }
}

/// The throw-away cluster to test against: `MERIDIAN_TEST_POSTGRES`, else the PG* variables
/// `pg_virtualenv` sets. Without either, a PostgreSQL test fails here rather than passing
/// without having run.
fn postgres_base() -> Config {
    if let Ok(url) = std::env::var("MERIDIAN_TEST_POSTGRES") {
        return url
            .parse()
            .expect("MERIDIAN_TEST_POSTGRES is not a PostgreSQL connection string");
    }
    let var = |name: &str| std::env::var(name).ok();
    let Some(host) = var("PGHOST") else {
        panic!(
            "no PostgreSQL to test against: run the tests under pg_virtualenv, as `make test` does (it starts a \
             throw-away cluster with pg_virtualenv), or set MERIDIAN_TEST_POSTGRES=postgres://…"
        );
    };
    let mut config = Config::new();
    config.host(&host);
    if let Some(port) = var("PGPORT") {
        config.port(port.parse().expect("PGPORT is not a port number"));
    }
    if let Some(user) = var("PGUSER") {
        config.user(&user);
    }
    if let Some(password) = var("PGPASSWORD") {
        config.password(password);
    }
    config.dbname(var("PGDATABASE").as_deref().unwrap_or("postgres"));
    config
}

/// A fresh, empty database on the test cluster, so tests never see each other's rows.
pub async fn postgres_database() -> Config {
    let base = postgres_base();
    let (client, connection) = base
        .connect(tokio_postgres::NoTls)
        .await
        .expect("cannot connect to the test PostgreSQL");
    let driver = tokio::spawn(connection);
    let name = format!("meridian_test_{}", Uuid::now_v7().simple());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    drop(client);
    let _ = driver.await;
    let mut config = base;
    config.dbname(&name);
    config
}

/// A fresh database as a `key=value` connection string, for `meridian-server --database`.
pub async fn postgres_database_string() -> String {
    let config = postgres_database().await;
    let quote = |value: &str| format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"));
    let mut parts = Vec::new();
    for host in config.get_hosts() {
        match host {
            tokio_postgres::config::Host::Tcp(name) => parts.push(format!("host={}", quote(name))),
            tokio_postgres::config::Host::Unix(path) => {
                parts.push(format!("host={}", quote(&path.to_string_lossy())))
            }
        }
    }
    if let Some(port) = config.get_ports().first() {
        parts.push(format!("port={port}"));
    }
    if let Some(user) = config.get_user() {
        parts.push(format!("user={}", quote(user)));
    }
    if let Some(password) = config.get_password() {
        parts.push(format!(
            "password={}",
            quote(&String::from_utf8_lossy(password))
        ));
    }
    if let Some(name) = config.get_dbname() {
        parts.push(format!("dbname={}", quote(name)));
    }
    parts.join(" ")
}

pub async fn postgres_store() -> PostgresStore {
    PostgresStore::connect(postgres_database().await)
        .await
        .unwrap()
}

/// Polls `check` every 20 ms until it yields a value or `deadline` passes.
pub async fn wait_for<T, F, Fut>(what: &str, deadline: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = tokio::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < deadline,
            "timed out after {deadline:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A server on an ephemeral loopback port, stopped when dropped.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn start<S: Store>(store: S, config: ServerConfig) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = meridian_server::router(Arc::new(store), config);
    tokio::spawn(async move {
        // Not a graceful shutdown: open event streams would hold it forever.
        tokio::select! {
            _ = axum_serve(listener, app) => {}
            _ = stopped => {}
        }
    });
    Server {
        addr,
        stop: Some(stop),
    }
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    axum::serve(listener, app).await.unwrap();
}
