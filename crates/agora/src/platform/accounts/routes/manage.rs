//! "My account": name and language, password, sessions, personal API tokens, deletion.
//!
//! Pages can be read with a session or an API token; the changes need a browser session
//! (a leaked API token must not let anyone mint tokens, end sessions or delete the account).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::COOKIE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{
    DoneQuery, FormErrors, format_time, iso_time, limit, notice, per_account, with_cookie,
};
use crate::app::AppState;
use crate::db::Db;
use crate::i18n::Locale;
use crate::platform::accounts::{self, User, nicknames, validate};
use crate::platform::notifications::email::{self, Setting};
use crate::platform::sessions;
use crate::web::{AppError, Ctx, Form, render, see_other};

/// The signed-in person of a browser session (not an API token).
fn session_user(ctx: &Ctx) -> Result<(User, i64), AppError> {
    let user = ctx.require_user()?.clone();
    let session_id = ctx
        .signed_in
        .as_ref()
        .and_then(|s| s.session_id)
        .ok_or(AppError::Forbidden)?;
    Ok((user, session_id))
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountView {
    ctx: Ctx,
    user: User,
    notice: Option<&'static str>,
    profile_errors: FormErrors,
    password_errors: FormErrors,
    delete_errors: FormErrors,
    name: String,
    /// The chosen language's tag, or "" for "automatic".
    locale: String,
    /// The nickname people @mention (as typed, when refused).
    nickname: String,
    /// How notifications come by e-mail.
    email_setting: Setting,
    email_errors: FormErrors,
}

impl AccountView {
    async fn new(db: &Db, ctx: Ctx, user: User) -> Result<AccountView, AppError> {
        Ok(AccountView {
            name: user.name.clone(),
            locale: user.locale.clone().unwrap_or_default(),
            nickname: nicknames::of(db, user.id).await?.unwrap_or_default(),
            email_setting: email::setting(db, user.id).await?,
            ctx,
            user,
            notice: None,
            profile_errors: FormErrors::default(),
            password_errors: FormErrors::default(),
            delete_errors: FormErrors::default(),
            email_errors: FormErrors::default(),
        })
    }

    fn email_settings(&self) -> [Setting; 3] {
        Setting::ALL
    }

    fn refused(self) -> Result<Response, AppError> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&self)?).into_response())
    }
}

pub async fn account(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?.clone();
    let mut view = AccountView::new(&state.db, ctx, user).await?;
    view.notice = notice(
        q.done.as_deref(),
        &[
            ("confirmed", "accounts-notice-confirmed"),
            ("profile", "accounts-notice-profile-saved"),
            ("password", "accounts-notice-password-changed"),
            ("email", "accounts-notice-email-setting-saved"),
        ],
    );
    render(&view)
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    locale: String,
    /// Absent from older forms (and API-less clients): the nickname stays as it is.
    nickname: Option<String>,
}

#[derive(Deserialize)]
pub struct EmailSettingForm {
    #[serde(default)]
    email_notifications: String,
}

/// Chooses how notifications come by e-mail: instant, daily digest, or off.
pub async fn update_email_setting(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<EmailSettingForm>,
) -> Result<Response, AppError> {
    let (user, _) = session_user(&ctx)?;
    let Some(setting) = Setting::parse(&form.email_notifications) else {
        let mut view = AccountView::new(&state.db, ctx, user).await?;
        view.email_errors.add(
            "email_notifications",
            view.ctx.i18n.t("accounts-error-email-setting"),
        );
        return view.refused();
    };
    email::set_setting(&state.db, user.id, setting, "email-setting-changed").await?;
    Ok(see_other("/account?done=email"))
}

pub async fn update_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ProfileForm>,
) -> Result<Response, AppError> {
    let (user, _) = session_user(&ctx)?;
    let mut errors = FormErrors::default();
    errors.check(&ctx.i18n, "name", validate::name(&form.name));
    let locale = if form.locale.is_empty() {
        None
    } else {
        match Locale::ALL.into_iter().find(|l| l.tag() == form.locale) {
            Some(l) => Some(l.tag()),
            None => {
                errors.add("locale", ctx.i18n.t("accounts-error-locale"));
                None
            }
        }
    };
    let nickname = form.nickname.as_deref().map(nicknames::normalize);
    if let Some(nickname) = &nickname {
        errors.check(&ctx.i18n, "nickname", nicknames::validate(nickname));
    }
    if errors.is_empty()
        && let Some(nickname) = &nickname
        && let Err(refusal) = nicknames::change(&state.db, user.id, nickname).await?
    {
        let key = match refusal {
            nicknames::ChangeRefusal::Invalid(key) => key,
            nicknames::ChangeRefusal::Taken => "accounts-error-nickname-taken",
        };
        errors.add("nickname", ctx.i18n.t(key));
    }
    if !errors.is_empty() {
        let mut view = AccountView::new(&state.db, ctx, user).await?;
        view.profile_errors = errors;
        view.name = form.name;
        view.locale = form.locale;
        if let Some(typed) = form.nickname {
            view.nickname = typed;
        }
        return view.refused();
    }
    accounts::update_profile(&state.db, user.id, &form.name, locale).await?;
    Ok(see_other("/account?done=profile"))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// Changes the password (the current one is required) and ends the other sessions.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let (user, session_id) = session_user(&ctx)?;
    let mut errors = FormErrors::default();
    if form.current_password.is_empty() {
        errors.add(
            "current_password",
            ctx.i18n.t("accounts-error-password-empty"),
        );
    }
    errors.check(
        &ctx.i18n,
        "new_password",
        validate::new_password(&form.new_password, &user.email),
    );
    if errors.is_empty() {
        if let Some(limited) = password_check_limit(&state, &user).await? {
            return Ok(limited);
        }
        if !accounts::check_password(&state.db, user.id, &form.current_password).await? {
            errors.add(
                "current_password",
                ctx.i18n.t("accounts-error-current-password"),
            );
        }
    }
    if !errors.is_empty() {
        let mut view = AccountView::new(&state.db, ctx, user).await?;
        view.password_errors = errors;
        return view.refused();
    }
    accounts::set_password(&state.db, user.id, &form.new_password).await?;
    sessions::end_all(&state.db, user.id, Some(session_id)).await?;
    Ok(see_other("/account?done=password"))
}

/// Guessing the password through the account forms is limited like signing in.
async fn password_check_limit(state: &AppState, user: &User) -> Result<Option<Response>, AppError> {
    limit(
        state,
        &[per_account(state, "password-check", &user.id.to_string())],
    )
    .await
}

/// Downloads everything agora holds about the signed-in person (a ZIP: JSON and CSV). A POST
/// from a browser session only (not an API token: the archive lists sessions and tokens),
/// limited like password checks, and logged privately.
pub async fn download_my_data(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    use crate::platform::action_log::{self, Subject, Visibility};
    let (user, _) = session_user(&ctx)?;
    if let Some(limited) = limit(
        &state,
        &[per_account(&state, "my-data", &user.id.to_string())],
    )
    .await?
    {
        return Ok(limited);
    }
    let mut tx = state.db.begin().await?;
    action_log::append(
        &mut tx,
        Some(user.id),
        "personal-data-exported",
        Subject::of("user", user.id),
        Visibility::Private,
    )
    .await?;
    tx.commit().await?;
    let bytes = accounts::my_data::archive(&state.db, user.id)
        .await
        .map_err(|e| match e {
            accounts::my_data::MyDataError::Db(e) => AppError::from(e),
            accounts::my_data::MyDataError::Archive => AppError::internal("my data: ZIP writer"),
        })?;
    let date = iso_time(crate::db::now());
    let filename = format!("agora-my-data-{}.zip", date.get(..10).unwrap_or("export"));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        "application/zip".parse().expect("static"),
    );
    headers.insert(
        axum::http::header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{filename}\"")
            .parse()
            .map_err(|_| AppError::internal("content-disposition"))?,
    );
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        "no-store".parse().expect("static"),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
}

/// Deletes the account after the password is confirmed.
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<DeleteForm>,
) -> Result<Response, AppError> {
    let (user, _) = session_user(&ctx)?;
    let mut errors = FormErrors::default();
    if form.password.is_empty() {
        errors.add(
            "delete_password",
            ctx.i18n.t("accounts-error-password-empty"),
        );
    } else {
        if let Some(limited) = password_check_limit(&state, &user).await? {
            return Ok(limited);
        }
        if !accounts::check_password(&state.db, user.id, &form.password).await? {
            errors.add(
                "delete_password",
                ctx.i18n.t("accounts-error-current-password"),
            );
        }
    }
    if !errors.is_empty() {
        let mut view = AccountView::new(&state.db, ctx, user).await?;
        view.delete_errors = errors;
        return view.refused();
    }
    if let Err(organizations) = accounts::delete_account(&state.db, user.id).await? {
        errors.add(
            "delete_password",
            ctx.i18n.t1(
                "accounts-error-last-admin",
                "organizations",
                organizations.join(", "),
            ),
        );
        let mut view = AccountView::new(&state.db, ctx, user).await?;
        view.delete_errors = errors;
        return view.refused();
    }
    tracing::info!(user_id = user.id, "account deleted by its owner");
    with_cookie(
        see_other("/account/deleted"),
        &sessions::clear_cookie(state.config.secure_cookies()),
    )
}

#[derive(Template)]
#[template(path = "accounts/deleted.html")]
struct DeletedView {
    ctx: Ctx,
}

pub async fn deleted(ctx: Ctx) -> Result<Response, AppError> {
    render(&DeletedView { ctx })
}

/// One row of the sessions page.
struct SessionRow {
    id: i64,
    created: String,
    created_iso: String,
    last_seen: String,
    last_seen_iso: String,
    user_agent: String,
    ip: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "accounts/sessions.html")]
struct SessionsView {
    ctx: Ctx,
    sessions: Vec<SessionRow>,
    notice: Option<&'static str>,
}

pub async fn sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let user = ctx.require_user()?;
    let current = ctx.signed_in.as_ref().and_then(|s| s.session_id);
    let rows = sessions::list(&state.db, user.id)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.id,
            created: format_time(s.created_at),
            created_iso: iso_time(s.created_at),
            last_seen: format_time(s.last_seen_at),
            last_seen_iso: iso_time(s.last_seen_at),
            user_agent: s.user_agent.unwrap_or_default(),
            ip: s.ip.unwrap_or_default(),
            current: Some(s.id) == current,
        })
        .collect();
    let notice = notice(
        q.done.as_deref(),
        &[("revoked", "accounts-notice-session-revoked")],
    );
    render(&SessionsView {
        ctx,
        sessions: rows,
        notice,
    })
}

/// Ends one of the person's own sessions; another person's session id is a 404.
pub async fn revoke_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (user, current) = session_user(&ctx)?;
    if !sessions::revoke(&state.db, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    if id == current {
        return with_cookie(
            see_other("/sign-in?done=signed-out"),
            &sessions::clear_cookie(state.config.secure_cookies()),
        );
    }
    Ok(see_other("/account/sessions?done=revoked"))
}

/// The cookie that carries a new API token from the POST to the page that shows it once.
const NEW_TOKEN_COOKIE: &str = "agora_new_token";
const TOKENS_PATH: &str = "/account/tokens";

struct TokenRow {
    id: i64,
    name: String,
    created: String,
    created_iso: String,
    last_used: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensView {
    ctx: Ctx,
    tokens: Vec<TokenRow>,
    /// A token just created: shown this once.
    new_token: Option<String>,
    errors: FormErrors,
    name: String,
    notice: Option<&'static str>,
}

async fn tokens_view(state: &AppState, ctx: Ctx) -> Result<TokensView, AppError> {
    let user = ctx.require_user()?;
    let tokens = sessions::list_api_tokens(&state.db, user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: format_time(t.created_at),
            created_iso: iso_time(t.created_at),
            last_used: t.last_used_at.map(format_time),
        })
        .collect();
    Ok(TokensView {
        ctx,
        tokens,
        new_token: None,
        errors: FormErrors::default(),
        name: String::new(),
        notice: None,
    })
}

pub async fn tokens(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DoneQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut view = tokens_view(&state, ctx).await?;
    view.notice = notice(
        q.done.as_deref(),
        &[("revoked", "accounts-notice-token-revoked")],
    );
    view.new_token = cookie_in(&headers, NEW_TOKEN_COOKIE).filter(|t| {
        t.starts_with("agora_") && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    let shown = view.new_token.is_some();
    let mut response = render(&view)?;
    if shown {
        response = with_cookie(response, &new_token_cookie("", 0, &state))?;
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            "no-store".parse().expect("static"),
        );
    }
    Ok(response)
}

fn cookie_in(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_string())
}

fn new_token_cookie(value: &str, max_age: i64, state: &AppState) -> String {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{NEW_TOKEN_COOKIE}={value}; Path={TOKENS_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    )
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Creates a token, then shows it once on the tokens page (post/redirect/get: the token
/// travels in a short-lived cookie limited to that page).
pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let (user, _) = session_user(&ctx)?;
    let mut errors = FormErrors::default();
    errors.check(&ctx.i18n, "token_name", validate::token_name(&form.name));
    if !errors.is_empty() {
        let mut view = tokens_view(&state, ctx).await?;
        view.errors = errors;
        view.name = form.name;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
    }
    let token = sessions::create_api_token(&state.db, user.id, form.name.trim()).await?;
    with_cookie(
        see_other(TOKENS_PATH),
        &new_token_cookie(&token, 300, &state),
    )
}

/// Revokes one of the person's own tokens; another person's token id is a 404.
pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (user, _) = session_user(&ctx)?;
    if !sessions::revoke_api_token(&state.db, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/account/tokens?done=revoked"))
}
