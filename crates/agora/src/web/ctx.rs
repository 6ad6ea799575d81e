//! [`Ctx`]: what every page handler knows about the request — who is asking and in
//! which language to answer.

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, COOKIE, USER_AGENT};
use axum::http::request::Parts;

use crate::app::AppState;
use crate::i18n::{I18n, Locale};
use crate::platform::accounts::User;
use crate::platform::sessions::{self, SignedIn};
use crate::web::AppError;

/// The cookie holding a visitor's chosen language.
pub const LOCALE_COOKIE: &str = "agora_locale";

/// The request context handed to every page.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The signed-in person, if any (through the session cookie or a bearer token).
    pub signed_in: Option<SignedIn>,
    /// The session token of this browser, when signed in through a cookie.
    pub session_token: Option<String>,
    /// The translator for the chosen language.
    pub i18n: I18n,
    /// The language the person chose (account or cookie), which beats everything else.
    chosen: Option<Locale>,
    /// The browser's preferred supported language.
    accepted: Option<Locale>,
    /// The path of this request (for "back to" links and the language switcher).
    pub path: String,
    /// The browser's User-Agent, for the sessions list.
    pub user_agent: Option<String>,
    /// The client address (from the connection), for rate limits and the sessions list.
    pub ip: Option<String>,
    /// True for htmx requests, which get a fragment instead of a page.
    pub htmx: bool,
}

impl Ctx {
    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&User> {
        self.signed_in.as_ref().map(|s| &s.user)
    }

    /// The signed-in person's unread notifications (0 for anonymous visitors).
    pub fn unread_notifications(&self) -> i64 {
        self.signed_in
            .as_ref()
            .map_or(0, |s| s.unread_notifications)
    }

    /// The signed-in user, or a redirect to the sign-in page.
    pub fn require_user(&self) -> Result<&User, AppError> {
        self.user()
            .ok_or_else(|| AppError::SignInRequired(self.path.clone()))
    }

    /// Answers in the organisation's default language when the person expressed no preference
    /// the organisation offers.
    pub fn for_organization(mut self, default: Locale, available: &[Locale]) -> Ctx {
        let pick = self
            .chosen
            .or(self
                .accepted
                .filter(|l| available.is_empty() || available.contains(l)))
            .unwrap_or(default);
        self.i18n = I18n::new(pick);
        self
    }

    /// Builds the context from the raw parts; also used by the error-page middleware.
    pub async fn from_parts(parts: &Parts, state: &AppState) -> Result<Ctx, AppError> {
        let cookie = |name: &str| cookie_value(parts, name);
        let mut session_token = None;
        let mut signed_in = None;
        if let Some(bearer) = header(parts, AUTHORIZATION.as_str())
            .and_then(|h| h.strip_prefix("Bearer ").map(str::trim).map(String::from))
        {
            signed_in = sessions::resolve_api_token(&state.db, &state.touches, &bearer).await?;
        } else if let Some(token) = cookie(sessions::COOKIE) {
            signed_in = sessions::resolve(&state.db, &state.touches, &token).await?;
            if signed_in.is_some() {
                session_token = Some(token);
            }
        }
        let chosen = signed_in
            .as_ref()
            .and_then(|s| s.user.locale.as_deref())
            .and_then(Locale::parse)
            .or_else(|| cookie(LOCALE_COOKIE).as_deref().and_then(Locale::parse));
        let accepted =
            header(parts, ACCEPT_LANGUAGE.as_str()).and_then(Locale::from_accept_language);
        let locale = chosen.or(accepted).unwrap_or(state.config.default_locale);
        Ok(Ctx {
            signed_in,
            session_token,
            i18n: I18n::new(locale),
            chosen,
            accepted,
            path: parts.uri.path().to_string(),
            user_agent: header(parts, USER_AGENT.as_str()).map(String::from),
            ip: client_ip(parts),
            htmx: header(parts, "hx-request").is_some(),
        })
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ctx, AppError> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let ctx = Ctx::from_parts(parts, state).await?;
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The value of one cookie of the request.
pub fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The peer address of the connection. Behind a reverse proxy, operators set
/// `AGORA_TRUST_PROXY` and the proxy's `X-Forwarded-For` is used instead (see the admin guide).
fn client_ip(parts: &Parts) -> Option<String> {
    if std::env::var_os("AGORA_TRUST_PROXY").is_some()
        && let Some(forwarded) = header(parts, "x-forwarded-for")
    {
        return forwarded.split(',').next().map(|s| s.trim().to_string());
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}
