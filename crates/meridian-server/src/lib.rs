//! Meridian's sync server: it keeps each team's op-log (opaque envelopes, in a gapless team
//! sequence) and relays it between the team's devices over a small JSON API with live events.
//! Storage is SQLite by default or PostgreSQL for several replicas; see `store`.

pub mod api;
pub mod rate;
pub mod secret;
pub mod store;

pub use api::{router, ServerConfig};

use std::future::Future;
use std::sync::Arc;
use store::Store;
use tokio::net::TcpListener;

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve<S: Store>(
    listener: TcpListener,
    store: S,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(Arc::new(store), config);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
