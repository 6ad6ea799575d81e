//! The account pages: sign up, confirm, sign in and out, forgotten password, and "my account"
//! (profile, password, sessions, API tokens, deletion).
//!
//! Every form is a GET page and a POST handler; a successful post redirects (post/redirect/get,
//! with a `done=` notice), a refused one re-renders the form with 422, its messages and what
//! was typed (never passwords).

mod emails;
mod manage;
mod password;
mod profile;
mod sign_in;
mod sign_up;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::i18n::I18n;
use crate::platform::rate_limit;
use crate::web::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-up", get(sign_up::form).post(sign_up::submit))
        .route("/check-email", get(sign_up::check_email))
        .route("/confirm/resend", post(sign_up::resend_confirmation))
        .route("/confirm/{token}", get(sign_up::confirm))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route(
            "/password/forgot",
            get(password::forgot_form).post(password::forgot_submit),
        )
        .route(
            "/password/reset/{token}",
            get(password::reset_form).post(password::reset_submit),
        )
        .route("/account", get(manage::account))
        .route("/account/profile", post(manage::update_profile))
        .route("/account/password", post(manage::change_password))
        .route("/account/email", post(manage::update_email_setting))
        .route("/u/{nickname}", get(profile::show))
        .route("/account/my-data", post(manage::download_my_data))
        .route("/account/delete", post(manage::delete))
        .route("/account/deleted", get(manage::deleted))
        .route("/account/sessions", get(manage::sessions))
        .route(
            "/account/sessions/{id}/revoke",
            post(manage::revoke_session),
        )
        .route(
            "/account/tokens",
            get(manage::tokens).post(manage::create_token),
        )
        .route("/account/tokens/{id}/revoke", post(manage::revoke_token))
}

/// The messages of a refused form: one per field, shown at the top (linked to the field) and
/// next to the field.
#[derive(Debug, Default)]
pub struct FormErrors {
    items: Vec<(&'static str, String)>,
}

impl FormErrors {
    /// Adds a message for the input whose id is `field`.
    pub fn add(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.items.push((field, message));
        }
    }

    /// Adds the message of a failed check (a Fluent key), if it failed.
    pub fn check(&mut self, i18n: &I18n, field: &'static str, result: Result<(), &'static str>) {
        if let Err(key) = result {
            self.add(field, i18n.t(key));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The message for one field.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Every (field, message), in form order.
    pub fn all(&self) -> &[(&'static str, String)] {
        &self.items
    }
}

/// Adds a `Set-Cookie` header.
pub(crate) fn with_cookie(mut response: Response, cookie: &str) -> Result<Response, AppError> {
    let value = HeaderValue::from_str(cookie).map_err(|_| AppError::internal("cookie header"))?;
    response.headers_mut().append(SET_COOKIE, value);
    Ok(response)
}

/// A time for people: `2026-11-21 14:30 UTC`.
pub fn format_time(unix_seconds: i64) -> String {
    utc_time(unix_seconds, false)
}

/// A time for machines (`<time datetime>`).
pub fn iso_time(unix_seconds: i64) -> String {
    utc_time(unix_seconds, true)
}

/// `%Y-%m-%d %H:%M UTC` or `%Y-%m-%dT%H:%M:%SZ`, written digit by digit: a page of comments
/// formats two times per comment, and jiff's `strftime` parses its format string each time.
/// Years outside 0–9999 (which no stored time has) go through `strftime`.
fn utc_time(unix_seconds: i64, iso: bool) -> String {
    use std::fmt::Write;
    let Ok(ts) = jiff::Timestamp::from_second(unix_seconds) else {
        return String::new();
    };
    let t = jiff::tz::Offset::UTC.to_datetime(ts);
    if !(0..=9999).contains(&t.year()) {
        let format = if iso {
            "%Y-%m-%dT%H:%M:%SZ"
        } else {
            "%Y-%m-%d %H:%M UTC"
        };
        return ts.strftime(format).to_string();
    }
    let mut out = String::with_capacity(20);
    let (y, mo, d, h, mi) = (t.year(), t.month(), t.day(), t.hour(), t.minute());
    let _ = if iso {
        write!(
            out,
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{:02}Z",
            t.second()
        )
    } else {
        write!(out, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
    };
    out
}

/// An attempt counted against a client address, with the per-address allowance.
pub(crate) fn per_ip(state: &AppState, kind: &str, ip: Option<&str>) -> (String, i64) {
    (
        rate_limit::ip_bucket(kind, ip),
        state.config.auth_attempts_per_ip_window,
    )
}

/// An attempt counted against one account or e-mail address.
pub(crate) fn per_account(state: &AppState, kind: &str, key: &str) -> (String, i64) {
    (
        rate_limit::bucket(kind, key),
        state.config.auth_attempts_per_window,
    )
}

/// Counts an attempt in each bucket; over a limit, the 429 response to send.
pub(crate) async fn limit(
    state: &AppState,
    buckets: &[(String, i64)],
) -> Result<Option<Response>, AppError> {
    use axum::response::IntoResponse;
    let outcome = rate_limit::hit_all(&state.db, buckets).await?;
    Ok(outcome.err().map(|limited| {
        tracing::warn!(buckets = ?buckets.iter().map(|(b, _)| b.split(':').next().unwrap_or("")).collect::<Vec<_>>(), "rate limit reached");
        limited.into_response()
    }))
}

/// The `done=` notices a page may show after a redirect: only known keys, never free text.
pub(crate) fn notice(done: Option<&str>, known: &[(&str, &'static str)]) -> Option<&'static str> {
    let done = done?;
    known.iter().find(|(k, _)| *k == done).map(|(_, key)| *key)
}

/// The query of pages that show a notice after a redirect.
#[derive(serde::Deserialize, Default)]
pub(crate) struct DoneQuery {
    pub done: Option<String>,
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Catalog, Locale};

    /// The hand-written formats match jiff's `strftime` on every kind of time.
    #[test]
    fn times_read_as_strftime_writes_them() {
        for t in [
            0,
            1,
            59,
            951_782_400,
            1_700_000_000,
            1_795_000_123,
            -1,
            -62_135_596_800,
            253_402_300_799,
            253_402_300_800,
            i64::MAX,
        ] {
            let expected = |f: &str| {
                jiff::Timestamp::from_second(t)
                    .map(|ts| ts.strftime(f).to_string())
                    .unwrap_or_default()
            };
            assert_eq!(super::format_time(t), expected("%Y-%m-%d %H:%M UTC"), "{t}");
            assert_eq!(super::iso_time(t), expected("%Y-%m-%dT%H:%M:%SZ"), "{t}");
        }
    }

    /// Account pages are participant pages: every language has every account string.
    #[test]
    fn every_language_has_every_account_string() {
        let en: Vec<String> = Catalog::keys(Locale::En)
            .into_iter()
            .filter(|k| k.starts_with("accounts-"))
            .collect();
        assert!(en.len() > 50);
        for locale in [Locale::Fr, Locale::Es, Locale::Ca] {
            let keys = Catalog::keys(locale);
            let missing: Vec<_> = en.iter().filter(|k| !keys.contains(k)).collect();
            assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        }
    }
}
