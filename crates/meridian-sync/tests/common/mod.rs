//! What the sync client's integration tests share: a real `meridian-server` in process (real
//! HTTP on loopback, a real SQLite file), stoppable and restartable on the same address.

// Each test binary includes this module and uses a part of it.
#![allow(dead_code)]

use meridian_server::store::sqlite::SqliteStore;
use meridian_server::ServerConfig;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A server on a fixed loopback port, stoppable and restartable on the same address.
pub struct Server {
    pub address: SocketAddr,
    pub database: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(dir: &Path, address: Option<SocketAddr>) -> Server {
        Server::start_with(dir, address, ServerConfig::default())
    }

    pub fn start_with(dir: &Path, address: Option<SocketAddr>, config: ServerConfig) -> Server {
        let database = dir.join("server.sqlite3");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, bound) = std::sync::mpsc::channel();
        let path = database.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(
                    address.unwrap_or_else(|| "127.0.0.1:0".parse().unwrap()),
                )
                .await
                .unwrap();
                ready.send(listener.local_addr().unwrap()).unwrap();
                let store = SqliteStore::open(&path).unwrap();
                meridian_server::serve(listener, store, config, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        let address = bound.recv().unwrap();
        Server {
            address,
            database,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
