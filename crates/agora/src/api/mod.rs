//! The JSON API under `/api/v1/`, described by `/api/v1/openapi.json`.

use axum::Router;

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
