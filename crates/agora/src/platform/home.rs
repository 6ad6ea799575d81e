//! The instance's home page (the organisations) and the language switcher.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::i18n::Locale;
use crate::platform::organizations::{self, Organization};
use crate::web::ctx::LOCALE_COOKIE;
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/locale", post(set_locale))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeView {
    ctx: Ctx,
    organizations: Vec<Organization>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let organizations = organizations::list(&state.db).await?;
    render(&HomeView { ctx, organizations })
}

#[derive(Deserialize)]
struct LocaleForm {
    locale: String,
    #[serde(default)]
    back: String,
}

/// Remembers the chosen language (in a cookie, and on the account when signed in) and
/// returns to the page the person was on.
async fn set_locale(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LocaleForm>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(&form.locale)
        .ok_or_else(|| AppError::BadRequest("unknown language".into()))?;
    if let Some(user) = ctx.user() {
        sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(locale.tag())
            .bind(user.id)
            .execute(&state.db.pool)
            .await?;
    }
    // Only local paths: never redirect to another site.
    let back = if form.back.starts_with('/') && !form.back.starts_with("//") {
        form.back.as_str()
    } else {
        "/"
    };
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        locale.tag()
    );
    let mut response = see_other(back);
    response.headers_mut().insert(
        SET_COOKIE,
        cookie
            .parse()
            .map_err(|_| AppError::internal("cookie header"))?,
    );
    Ok(response.into_response())
}
