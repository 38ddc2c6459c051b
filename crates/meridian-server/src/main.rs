//! `meridian-server`: the sync server binary. SQLite in the data directory unless
//! `--database postgres://…` names a PostgreSQL database shared by several replicas.

use clap::Parser;
use meridian_server::store::postgres::PostgresStore;
use meridian_server::store::sqlite::SqliteStore;
use meridian_server::{serve, ServerConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tokio::net::TcpListener;

/// Meridian's self-hostable sync server.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8470")]
    listen: SocketAddr,
    /// Directory of the SQLite database (created if missing); unused with --database.
    #[arg(long, default_value = "meridian-server-data")]
    data_dir: PathBuf,
    /// A PostgreSQL connection string (postgres://user:pass@host/db) to use instead of SQLite.
    #[arg(long)]
    database: Option<String>,
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

async fn run(args: Args) -> Result<(), String> {
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    // The bound address, not the requested one: with port 0 the OS picks it.
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    tracing::info!(%address, "listening");
    let config = ServerConfig::default();
    // Live event streams never end on their own, so graceful shutdown gets a few seconds
    // and then the process exits regardless.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        shutdown_signal().await;
        let _ = stop_tx.send(());
    };
    let deadline = async move {
        let _ = stop_rx.await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    };
    let served = async {
        match args.database {
            Some(url) => {
                let pg: meridian_server::store::postgres::Config = url.parse().map_err(|e| {
                    format!("--database is not a PostgreSQL connection string: {e}")
                })?;
                let store = PostgresStore::connect(pg)
                    .await
                    .map_err(|e| format!("cannot use the PostgreSQL database: {e}"))?;
                tracing::info!("storage: PostgreSQL");
                serve(listener, store, config, shutdown).await
            }
            None => {
                std::fs::create_dir_all(&args.data_dir).map_err(|e| {
                    format!(
                        "cannot create the data directory {}: {e}",
                        args.data_dir.display()
                    )
                })?;
                let path = args.data_dir.join("meridian-server.sqlite3");
                let store = SqliteStore::open(&path)
                    .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                tracing::info!(path = %path.display(), "storage: SQLite");
                serve(listener, store, config, shutdown).await
            }
        }
        .map_err(|e| format!("the server stopped: {e}"))
    };
    tokio::select! {
        result = served => result,
        () = deadline => Ok(()),
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in a service's log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
