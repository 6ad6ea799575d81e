//! Forgotten password: ask for a link, then choose a new password with it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::sign_up::link_invalid;
use super::{FormErrors, emails, limit, per_account, per_ip, with_cookie};
use crate::app::AppState;
use crate::platform::accounts::{self, EmailPurpose, validate};
use crate::platform::sessions;
use crate::web::{AppError, Ctx, Form, render, see_other};

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotView {
    ctx: Ctx,
    errors: FormErrors,
    email: String,
}

pub async fn forgot_form(ctx: Ctx) -> Result<Response, AppError> {
    render(&ForgotView {
        ctx,
        errors: FormErrors::default(),
        email: String::new(),
    })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// Always answers "if an account exists, we sent a link", so nobody learns which addresses
/// have an account.
pub async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ForgotForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::default();
    errors.check(&ctx.i18n, "email", validate::email(&form.email));
    if !errors.is_empty() {
        let view = ForgotView {
            ctx,
            errors,
            email: form.email,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
    }
    let email = accounts::normalize_email(&form.email);
    if let Some(limited) = limit(
        &state,
        &[
            per_ip(&state, "email-link-ip", ctx.ip.as_deref()),
            per_account(&state, "email-link-email", &email),
        ],
    )
    .await?
    {
        return Ok(limited);
    }
    if let Some(user) = accounts::find_by_email(&state.db, &email).await?
        && !user.blocked
    {
        emails::send_reset(&state, &user, ctx.i18n.locale).await?;
    }
    Ok(see_other("/check-email?why=reset"))
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetView {
    ctx: Ctx,
    errors: FormErrors,
    token: String,
    email: String,
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let Some(user) = accounts::peek_email_token(&state.db, &token, EmailPurpose::Reset).await?
    else {
        return link_invalid(ctx, "reset");
    };
    render(&ResetView {
        ctx,
        errors: FormErrors::default(),
        token,
        email: user.email,
    })
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

/// Sets the new password, uses up the link and ends every session of the account.
pub async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    let Some(user) = accounts::peek_email_token(&state.db, &token, EmailPurpose::Reset).await?
    else {
        return link_invalid(ctx, "reset");
    };
    let mut errors = FormErrors::default();
    errors.check(
        &ctx.i18n,
        "password",
        validate::new_password(&form.password, &user.email),
    );
    if !errors.is_empty() {
        let view = ResetView {
            ctx,
            errors,
            token,
            email: user.email,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
    }
    if accounts::reset_password(&state.db, &token, &form.password)
        .await?
        .is_none()
    {
        return link_invalid(ctx, "reset");
    }
    // This browser's session (if any) ended with all the others.
    with_cookie(
        see_other("/sign-in?done=reset"),
        &sessions::clear_cookie(state.config.secure_cookies()),
    )
}
