//! Meridian's sync server: it keeps each team's op-log (opaque envelopes, in a gapless team
//! sequence) and relays it between the team's devices over a small JSON API with live events.
//! Storage is SQLite by default or PostgreSQL for several replicas; see `store`.

pub mod api;
pub mod rate;
pub mod secret;
pub mod store;

pub use api::{router, router_closing, ServerConfig};

use std::future::Future;
use std::sync::Arc;
use store::Store;
use tokio::net::TcpListener;

/// Serves the API on `listener` until `shutdown` completes; then live event streams end and
/// requests in flight finish.
pub async fn serve<S: Store>(
    listener: TcpListener,
    store: S,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = Arc::new(tokio::sync::watch::Sender::new(false));
    let app = router_closing(Arc::new(store), config, closing.clone());
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            closing.send_replace(true);
        })
        .await
}
