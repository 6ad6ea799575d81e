//! The notifications page: a person's newest notifications, marked read one by one or all;
//! and the unsubscribe link of notification e-mails (no sign-in: the link is signed).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::{Notification, list, mark_read};
use crate::app::AppState;
use crate::web::{AppError, Ctx, render, see_other};

use super::email::{self, Setting};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(page))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
        .route(
            "/unsubscribe/{user_id}/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
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

#[derive(Template)]
#[template(path = "notifications/unsubscribe.html")]
struct UnsubscribeView {
    ctx: Ctx,
    /// The form's address (the link itself).
    action: String,
    /// False: the link was forged, altered or cut.
    valid: bool,
    /// True once e-mails are off.
    done: bool,
}

/// The person a link is for, when its token is theirs.
fn signed_person(state: &AppState, user_id: &str, token: &str) -> Option<i64> {
    let id: i64 = user_id.parse().ok()?;
    email::unsubscribe_token_valid(&state.config.secret, id, token).then_some(id)
}

fn unsubscribe_view(ctx: Ctx, user_id: &str, token: &str, valid: bool, done: bool) -> Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let view = UnsubscribeView {
        ctx,
        action: format!("/unsubscribe/{user_id}/{token}"),
        valid,
        done,
    };
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    match render(&view) {
        Ok(page) => (status, page).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The page a click on the link opens: a button, because link checkers and mail scanners
/// open links too, and must not unsubscribe anyone.
async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((user_id, token)): Path<(String, String)>,
) -> Response {
    let valid = signed_person(&state, &user_id, &token).is_some();
    unsubscribe_view(ctx, &user_id, &token, valid, false)
}

/// Turns the person's notification e-mails off: the page's button, or a mail program's
/// one-click POST (RFC 8058, `List-Unsubscribe=One-Click`). A forged link changes nothing.
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((user_id, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let Some(id) = signed_person(&state, &user_id, &token) else {
        return Ok(unsubscribe_view(ctx, &user_id, &token, false, false));
    };
    email::set_setting(&state.db, id, Setting::Off, "email-unsubscribed").await?;
    Ok(unsubscribe_view(ctx, &user_id, &token, true, true))
}
