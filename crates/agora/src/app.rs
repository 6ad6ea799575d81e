//! Builds the application: shared state, the router with its middleware, and the server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;

use crate::config::Config;
use crate::db::Db;
use crate::{api, components, metrics, platform, web};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Public pages served to anonymous visitors for up to `config.page_cache_ms`.
    pub page_cache: Arc<web::cache::PageCache>,
    /// The last results count of each budget (components/budgets/results.rs).
    pub budget_previews: Arc<components::budgets::results::PreviewCache>,
    /// Sessions and API tokens used since the last write of their "last used" time.
    pub touches: Arc<platform::sessions::Touches>,
}

/// Request bodies above this are refused with 413 (file imports take more: web/limits.rs).
pub use crate::web::limits::BODY_LIMIT;

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(platform::home::router())
        .merge(platform::accounts::routes::router())
        .merge(platform::organizations::routes::router())
        .merge(platform::spaces::routes::router())
        .merge(platform::groups::routes::router())
        .merge(platform::comments::routes::router())
        .merge(platform::moderation::routes::router())
        .merge(platform::notifications::routes::router())
        .merge(platform::action_log::routes::router())
        .merge(platform::verifications::routes::router())
        .merge(platform::open_data::routes::router())
        .merge(components::router())
        .nest("/api", api::router())
        .route("/static/{file}", get(web::assets::serve))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::render))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::cache::micro_cache,
        ))
        // Inside the error pages, so that a 413 gets the page in the visitor's language.
        .layer(middleware::from_fn(web::limits::body_limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::error::error_pages,
        ))
        .layer(middleware::from_fn(web::security::csrf))
        .layer(middleware::from_fn(metrics::count))
        .layer(middleware::from_fn(web::security::headers))
        // The limit is web::limits::body_limit's, which depends on the path.
        .layer(DefaultBodyLimit::disable())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(middleware::from_fn(api::problem::outer_problems))
        .with_state(state)
}

async fn not_found() -> web::AppError {
    web::AppError::NotFound
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.is_alive().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// A bound, ready-to-run server (tests bind port 0 and read the port back).
pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
}

impl Application {
    /// Connects to a migrated database and binds the listener.
    pub async fn build(config: Config, db: Db) -> std::io::Result<Application> {
        let listener = TcpListener::bind(&config.bind).await?;
        db.counts
            .set_ttl(std::time::Duration::from_millis(config.page_cache_ms));
        let state = AppState {
            db,
            config: Arc::new(config),
            page_cache: Arc::default(),
            budget_previews: Arc::default(),
            touches: Arc::default(),
        };
        Ok(Application {
            listener,
            router: router(state.clone()),
            state,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Starts the background mail sender, the notification jobs (poll reminders, daily
    /// digests) and the action log's settler, and serves until Ctrl-C / SIGTERM.
    pub async fn run(self) -> std::io::Result<()> {
        platform::mail::spawn_sender(
            self.state.db.clone(),
            platform::mail::transport(&self.state.config),
        );
        platform::notifications::email::spawn_jobs(
            self.state.db.clone(),
            self.state.config.clone(),
        );
        platform::sessions::spawn_touch_writer(self.state.db.clone(), self.state.touches.clone());
        platform::action_log::spawn_settler(self.state.db.clone());
        crate::db::warn_without_autovacuum(&self.state.db).await;
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
