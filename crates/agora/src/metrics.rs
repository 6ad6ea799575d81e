//! Prometheus metrics at `/metrics`: request counts by status class and latency sums.
//! Kept in process (each app server reports its own, as Prometheus expects).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;

static REQUESTS: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];
static MICROS: AtomicU64 = AtomicU64::new(0);
static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Counts each request by status class (1xx..5xx) and adds up time spent.
pub async fn count(request: Request, next: Next) -> Response {
    STARTED.get_or_init(Instant::now);
    let start = Instant::now();
    let response = next.run(request).await;
    let class = (response.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    REQUESTS[class].fetch_add(1, Ordering::Relaxed);
    MICROS.fetch_add(start.elapsed().as_micros() as u64, Ordering::Relaxed);
    response
}

/// The Prometheus text exposition.
pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let mut out = String::new();
    out.push_str("# HELP agora_http_requests_total HTTP requests answered, by status class.\n");
    out.push_str("# TYPE agora_http_requests_total counter\n");
    for (i, counter) in REQUESTS.iter().enumerate() {
        out.push_str(&format!(
            "agora_http_requests_total{{class=\"{}xx\"}} {}\n",
            i + 1,
            counter.load(Ordering::Relaxed)
        ));
    }
    out.push_str("# HELP agora_http_request_seconds_sum Time spent answering requests.\n");
    out.push_str("# TYPE agora_http_request_seconds_sum counter\n");
    out.push_str(&format!(
        "agora_http_request_seconds_sum {}\n",
        MICROS.load(Ordering::Relaxed) as f64 / 1e6
    ));
    out.push_str("# HELP agora_database_up Whether the database answers.\n");
    out.push_str("# TYPE agora_database_up gauge\n");
    out.push_str(&format!(
        "agora_database_up {}\n",
        u8::from(state.db.is_alive().await)
    ));
    out.push_str("# HELP agora_uptime_seconds Seconds since the first request.\n");
    out.push_str("# TYPE agora_uptime_seconds gauge\n");
    out.push_str(&format!(
        "agora_uptime_seconds {}\n",
        STARTED.get().map(|s| s.elapsed().as_secs()).unwrap_or(0)
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out)
}
