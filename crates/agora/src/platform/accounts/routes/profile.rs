//! A person's public page, where @mentions link to: their name and nickname, nothing more
//! (both are already shown beside what they write).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use sqlx::Row;

use crate::app::AppState;
use crate::platform::accounts::nicknames;
use crate::web::{AppError, Ctx, render};

#[derive(Template)]
#[template(path = "accounts/profile.html")]
struct ProfileView {
    ctx: Ctx,
    name: String,
    nickname: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(nickname): Path<String>,
) -> Result<Response, AppError> {
    let nickname = nicknames::normalize(&nickname);
    let row =
        sqlx::query("SELECT name, nickname FROM users WHERE nickname = $1 AND deleted_at IS NULL")
            .bind(&nickname)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    render(&ProfileView {
        ctx,
        name: row.try_get("name")?,
        nickname: row.try_get("nickname")?,
    })
}
