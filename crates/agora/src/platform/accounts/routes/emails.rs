//! The account e-mails, written in the recipient's language (their account's, else the one of
//! the request that caused the message). Links stand alone on their line so that every mail
//! program makes them clickable.

use crate::app::AppState;
use crate::i18n::{I18n, Locale};
use crate::platform::accounts::{self, EmailPurpose, User};
use crate::platform::mail;

use super::sign_up::next_query;

/// The language to write to `user` in.
pub fn locale_for(user: &User, request: Locale) -> Locale {
    user.locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(request)
}

fn compose(i18n: &I18n, name: &str, paragraphs: &[String]) -> String {
    let mut body = i18n.t1("accounts-mail-greeting", "name", name);
    for p in paragraphs {
        body.push_str("\n\n");
        body.push_str(p);
    }
    body.push_str("\n\n");
    body.push_str(&i18n.t("accounts-mail-signature"));
    body.push('\n');
    body
}

/// Sends a new confirmation link to an unconfirmed account.
/// `next` (a local path, or empty) is where the link leads once the address is confirmed.
pub async fn send_confirmation(
    state: &AppState,
    user: &User,
    request: Locale,
    next: &str,
) -> Result<(), sqlx::Error> {
    let token = accounts::create_email_token(&state.db, user.id, EmailPurpose::Confirm).await?;
    let i18n = I18n::new(locale_for(user, request));
    let link = format!(
        "{}/confirm/{token}{}",
        state.config.base_url,
        next_query(next)
    );
    let body = compose(
        &i18n,
        &user.name,
        &[
            i18n.t("accounts-mail-confirm-intro"),
            link,
            i18n.t("accounts-mail-confirm-expiry"),
            i18n.t("accounts-mail-not-you"),
        ],
    );
    mail::enqueue(
        &state.db,
        &user.email,
        &i18n.t("accounts-mail-confirm-subject"),
        &body,
    )
    .await
}

/// Tells the owner of an address that someone tried to sign up with it again.
pub async fn send_already_registered(
    state: &AppState,
    user: &User,
    request: Locale,
    next: &str,
) -> Result<(), sqlx::Error> {
    let i18n = I18n::new(locale_for(user, request));
    let base = &state.config.base_url;
    let body = compose(
        &i18n,
        &user.name,
        &[
            i18n.t("accounts-mail-exists-intro"),
            i18n.t("accounts-mail-exists-sign-in"),
            format!("{base}/sign-in{}", next_query(next)),
            i18n.t("accounts-mail-exists-forgot"),
            format!("{base}/password/forgot"),
            i18n.t("accounts-mail-not-you"),
        ],
    );
    mail::enqueue(
        &state.db,
        &user.email,
        &i18n.t("accounts-mail-exists-subject"),
        &body,
    )
    .await
}

/// Sends a password-reset link.
pub async fn send_reset(state: &AppState, user: &User, request: Locale) -> Result<(), sqlx::Error> {
    let token = accounts::create_email_token(&state.db, user.id, EmailPurpose::Reset).await?;
    let i18n = I18n::new(locale_for(user, request));
    let link = format!("{}/password/reset/{token}", state.config.base_url);
    let body = compose(
        &i18n,
        &user.name,
        &[
            i18n.t("accounts-mail-reset-intro"),
            link,
            i18n.t("accounts-mail-reset-expiry"),
            i18n.t("accounts-mail-reset-not-you"),
        ],
    );
    mail::enqueue(
        &state.db,
        &user.email,
        &i18n.t("accounts-mail-reset-subject"),
        &body,
    )
    .await
}
