//! Sign up, the "check your e-mail" page, and the confirmation link.
//!
//! An address that already has an account gets the same answer on the page as a new one
//! ("check your e-mail"); the e-mail then tells its owner they already have an account (or
//! brings a new confirmation link if it was never confirmed). So the page never tells a
//! stranger which addresses have an account here.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{FormErrors, emails, limit, per_account, per_ip, with_cookie};
use crate::app::AppState;
use crate::platform::accounts::{self, CreateUserError, NewUser, validate};
use crate::platform::{rate_limit, sessions};
use crate::web::error::urlencode;
use crate::web::{AppError, Ctx, Form, render, see_other};

#[derive(Template)]
#[template(path = "accounts/sign_up.html")]
struct SignUpView {
    ctx: Ctx,
    errors: FormErrors,
    name: String,
    email: String,
    accepted: bool,
    /// Where to go once the address is confirmed (a local path, or empty).
    next: String,
}

impl SignUpView {
    /// `next` as a query string for links to the other account pages.
    fn next_query(&self) -> String {
        next_query(&self.next)
    }
}

/// `?next=...` for a local path, or nothing.
pub(super) fn next_query(next: &str) -> String {
    if next.is_empty() {
        String::new()
    } else {
        format!("?next={}", urlencode(next))
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

impl NextQuery {
    pub(super) fn local(&self) -> String {
        self.next
            .as_deref()
            .and_then(validate::local_path)
            .unwrap_or("")
            .to_string()
    }
}

pub async fn form(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    render(&SignUpView {
        ctx,
        errors: FormErrors::default(),
        name: String::new(),
        email: String::new(),
        accepted: false,
        next: q.local(),
    })
}

#[derive(Deserialize)]
pub struct SignUpForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    accept_terms: Option<String>,
    #[serde(default)]
    next: String,
}

/// The value the terms checkbox sends.
const ACCEPTED: &str = "yes";

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SignUpForm>,
) -> Result<Response, AppError> {
    let next = validate::local_path(&form.next).unwrap_or("").to_string();
    let i18n = &ctx.i18n;
    let mut errors = FormErrors::default();
    errors.check(i18n, "name", validate::name(&form.name));
    errors.check(i18n, "email", validate::email(&form.email));
    errors.check(
        i18n,
        "password",
        validate::new_password(&form.password, &form.email),
    );
    let accepted = form.accept_terms.as_deref() == Some(ACCEPTED);
    if !accepted {
        errors.add("accept_terms", i18n.t("accounts-error-terms"));
    }
    if !errors.is_empty() {
        let view = SignUpView {
            errors,
            name: form.name,
            email: form.email,
            accepted,
            next,
            ctx,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
    }
    if let Some(limited) = limit(&state, &[per_ip(&state, "sign-up-ip", ctx.ip.as_deref())]).await?
    {
        return Ok(limited);
    }
    let created = accounts::create_user(
        &state.db,
        NewUser {
            email: &form.email,
            name: &form.name,
            password: &form.password,
            instance_admin: false,
            confirmed: false,
            locale: None,
        },
    )
    .await;
    match created {
        Ok(user) => emails::send_confirmation(&state, &user, ctx.i18n.locale, &next).await?,
        Err(CreateUserError::EmailTaken) => {
            if let Some(existing) = accounts::find_by_email(&state.db, &form.email).await?
                && mail_allowed(&state, &existing.email).await?
            {
                if existing.confirmed {
                    emails::send_already_registered(&state, &existing, ctx.i18n.locale, &next)
                        .await?;
                } else {
                    emails::send_confirmation(&state, &existing, ctx.i18n.locale, &next).await?;
                }
            }
        }
        Err(CreateUserError::Db(e)) => return Err(e.into()),
    }
    Ok(see_other("/check-email?why=sign-up"))
}

/// Bounds the e-mails a stranger can make us send to one address (sign-up with a taken
/// address, resent confirmations): over the limit, nothing is sent, and the page says the same.
async fn mail_allowed(state: &AppState, email: &str) -> Result<bool, AppError> {
    let (bucket, allowed) = per_account(state, "mail-to", &accounts::normalize_email(email));
    Ok(rate_limit::hit(&state.db, &bucket, allowed).await?.is_ok())
}

#[derive(Template)]
#[template(path = "accounts/check_email.html")]
struct CheckEmailView {
    ctx: Ctx,
    text_key: &'static str,
}

#[derive(Deserialize)]
pub struct CheckEmailQuery {
    why: Option<String>,
}

/// "We sent you an e-mail": the same page whether or not an account exists.
pub async fn check_email(ctx: Ctx, Query(q): Query<CheckEmailQuery>) -> Result<Response, AppError> {
    let text_key = match q.why.as_deref() {
        Some("reset") => "accounts-check-email-reset",
        Some("confirm") => "accounts-check-email-confirm",
        _ => "accounts-check-email-sign-up",
    };
    render(&CheckEmailView { ctx, text_key })
}

#[derive(Deserialize)]
pub struct ResendForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    next: String,
}

/// Sends a new confirmation link (from the sign-in page of an unconfirmed account).
pub async fn resend_confirmation(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ResendForm>,
) -> Result<Response, AppError> {
    if validate::email(&form.email).is_err() {
        return Err(AppError::BadRequest("not an e-mail address".into()));
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
        && !user.confirmed
        && !user.blocked
    {
        let next = validate::local_path(&form.next).unwrap_or("");
        emails::send_confirmation(&state, &user, ctx.i18n.locale, next).await?;
    }
    Ok(see_other("/check-email?why=confirm"))
}

#[derive(Template)]
#[template(path = "accounts/link_invalid.html")]
pub(super) struct LinkInvalidView {
    pub ctx: Ctx,
    /// `confirm` or `reset`: what to offer instead.
    pub kind: &'static str,
}

/// The page for a link that is unknown, used or expired: 410, and nothing changed.
pub(super) fn link_invalid(ctx: Ctx, kind: &'static str) -> Result<Response, AppError> {
    Ok((StatusCode::GONE, render(&LinkInvalidView { ctx, kind })?).into_response())
}

/// Follows a confirmation link: confirms the address and signs the person in. A link works
/// once; a used or expired one shows a page that says so and changes nothing.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let Some(user) = accounts::confirm_email(&state.db, &token).await? else {
        return link_invalid(ctx, "confirm");
    };
    if user.blocked {
        return Ok(see_other("/sign-in"));
    }
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
    let next = q.local();
    let to = if next.is_empty() {
        "/account?done=confirmed"
    } else {
        next.as_str()
    };
    with_cookie(
        see_other(to),
        &sessions::cookie(&token, state.config.secure_cookies()),
    )
}
