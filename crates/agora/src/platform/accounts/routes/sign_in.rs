//! Sign in and sign out.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{FormErrors, limit, notice, per_account, per_ip, with_cookie};
use crate::app::AppState;
use crate::platform::accounts::{self, SignInRefusal, validate};
use crate::platform::sessions;
use crate::web::{AppError, Ctx, Form, render, see_other};

#[derive(Template)]
#[template(path = "accounts/sign_in.html")]
struct SignInView {
    ctx: Ctx,
    errors: FormErrors,
    email: String,
    next: String,
    /// The account exists and the password was right, but the address is not confirmed yet:
    /// offer to send the link again.
    unconfirmed: bool,
    notice: Option<&'static str>,
}

impl SignInView {
    /// `next` as a query string for links to the other account pages.
    fn next_query(&self) -> String {
        super::sign_up::next_query(&self.next)
    }
}

#[derive(Deserialize)]
pub struct SignInQuery {
    next: Option<String>,
    done: Option<String>,
}

pub async fn form(ctx: Ctx, Query(q): Query<SignInQuery>) -> Result<Response, AppError> {
    let next = q
        .next
        .as_deref()
        .and_then(validate::local_path)
        .unwrap_or("")
        .to_string();
    let notice = notice(
        q.done.as_deref(),
        &[
            ("reset", "accounts-notice-password-reset"),
            ("signed-out", "accounts-notice-signed-out"),
        ],
    );
    render(&SignInView {
        ctx,
        errors: FormErrors::default(),
        email: String::new(),
        next,
        unconfirmed: false,
        notice,
    })
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let next = validate::local_path(&form.next).unwrap_or("").to_string();
    let mut errors = FormErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", ctx.i18n.t("accounts-error-email-empty"));
    }
    if form.password.is_empty() {
        errors.add("password", ctx.i18n.t("accounts-error-password-empty"));
    }
    let mut unconfirmed = false;
    if errors.is_empty() {
        let email = accounts::normalize_email(&form.email);
        if let Some(limited) = limit(
            &state,
            &[
                per_ip(&state, "sign-in-ip", ctx.ip.as_deref()),
                per_account(&state, "sign-in-email", &email),
            ],
        )
        .await?
        {
            return Ok(limited);
        }
        match accounts::authenticate(&state.db, &email, &form.password).await? {
            Ok(user) => {
                // A new session (and token) at every sign-in; the browser's old one ends.
                if let Some(old) = &ctx.session_token {
                    sessions::end(&state.db, old).await?;
                }
                let token = sessions::create(
                    &state.db,
                    user.id,
                    ctx.user_agent.as_deref(),
                    ctx.ip.as_deref(),
                )
                .await?;
                let to = if next.is_empty() { "/" } else { next.as_str() };
                return with_cookie(
                    see_other(to),
                    &sessions::cookie(&token, state.config.secure_cookies()),
                );
            }
            Err(SignInRefusal::WrongCredentials) => {
                errors.add("email", ctx.i18n.t("accounts-error-sign-in-failed"));
            }
            Err(SignInRefusal::NotConfirmed) => {
                unconfirmed = true;
                errors.add("email", ctx.i18n.t("accounts-error-not-confirmed"));
            }
            Err(SignInRefusal::Blocked) => {
                errors.add("email", ctx.i18n.t("accounts-error-blocked"));
            }
        }
    }
    let view = SignInView {
        ctx,
        errors,
        email: form.email,
        next,
        unconfirmed,
        notice: None,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response())
}

/// Ends this browser's session and forgets its cookie.
pub async fn sign_out(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if let Some(token) = &ctx.session_token {
        sessions::end(&state.db, token).await?;
    }
    with_cookie(
        see_other("/sign-in?done=signed-out"),
        &sessions::clear_cookie(state.config.secure_cookies()),
    )
}
