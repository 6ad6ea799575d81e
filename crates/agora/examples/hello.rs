//! The ceiling for the HTTP benchmarks (`bench/http/run.sh`): a bare axum "hello" handler on
//! the same runtime as `agora` (`#[tokio::main]`: multi-threaded, one worker per core), the
//! same axum features and the same release profile, without middleware, templates or database.
//!
//! `cargo run --release -p agora --example hello -- 127.0.0.1:8090`

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("HELLO_BIND").ok())
        .unwrap_or_else(|| "127.0.0.1:8090".to_string());
    let app = Router::new()
        .route("/", get(|| async { "Hello, world!" }))
        .route("/healthz", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    eprintln!("hello listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
