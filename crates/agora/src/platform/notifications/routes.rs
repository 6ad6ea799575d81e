//! The notifications page: a person's newest notifications, marked read one by one or all.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::{Notification, list, mark_read};
use crate::app::AppState;
use crate::web::{AppError, Ctx, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(page))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
}

#[derive(Template)]
#[template(path = "notifications/list.html")]
struct NotificationsView {
    ctx: Ctx,
    notifications: Vec<Notification>,
}

async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user_id = ctx.require_user()?.id;
    let notifications = list(&state.db, &ctx, user_id).await?;
    render(&NotificationsView { ctx, notifications })
}

async fn read_all(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user_id = ctx.require_user()?.id;
    mark_read(&state.db, user_id, None).await?;
    Ok(see_other("/notifications"))
}

async fn read_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user_id = ctx.require_user()?.id;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    mark_read(&state.db, user_id, Some(id)).await?;
    Ok(see_other("/notifications"))
}
