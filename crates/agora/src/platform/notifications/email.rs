//! Notifications by e-mail, through the outbox ([`crate::platform::mail`]).
//!
//! Each person chooses how they hear about notifications by e-mail (`users.email_notifications`):
//! - `instant` (the default): one e-mail per notification, queued with it;
//! - `digest`: the notification waits in `mail_digest_items`, and [`send_digests`] (run by the
//!   background loop, [`spawn_jobs`]) sends one e-mail per person per day with everything that
//!   waited since before that day (UTC). `mail_digests` has one row per person and day under a
//!   unique index, taken first in the sending transaction: two runs that race send one e-mail;
//! - `off`: nothing.
//!
//! Every notification e-mail carries an unsubscribe link that works without signing in: the
//! person's id and an HMAC of it under the server secret (kept outside the database, see
//! [`crate::platform::secrets`]), so nobody can forge one for someone else. The same address
//! is in the `List-Unsubscribe` header with `List-Unsubscribe-Post` (RFC 8058 one-click).
//! Only confirmed, active accounts get notification e-mails.

use std::time::Duration;

use crate::config::Config;
use crate::db::{self, Db};
use crate::i18n::{I18n, Locale};
use crate::platform::mail;
use crate::platform::secrets::ServerSecret;

/// How a person hears about notifications by e-mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Instant,
    Digest,
    Off,
}

impl Setting {
    pub const ALL: [Setting; 3] = [Setting::Instant, Setting::Digest, Setting::Off];

    pub fn parse(text: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Setting::Instant => "instant",
            Setting::Digest => "digest",
            Setting::Off => "off",
        }
    }

    /// The Fluent key of its label on the account page.
    pub fn label_key(self) -> &'static str {
        match self {
            Setting::Instant => "accounts-email-setting-instant",
            Setting::Digest => "accounts-email-setting-digest",
            Setting::Off => "accounts-email-setting-off",
        }
    }
}

/// A person's setting (`instant` for an unknown person: it only labels a form).
pub async fn setting(db: &Db, user_id: i64) -> Result<Setting, sqlx::Error> {
    Ok(
        db::query("SELECT email_notifications FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?
            .and_then(|r| r.try_get::<String, _>(0).ok())
            .and_then(|s| Setting::parse(&s))
            .unwrap_or(Setting::Instant),
    )
}

/// Changes a person's setting, logged privately (`action`: `email-setting-changed`, or
/// `email-unsubscribed` from an e-mail's link). False when it already was `setting`.
pub async fn set_setting(
    db: &Db,
    user_id: i64,
    setting: Setting,
    action: &str,
) -> Result<bool, sqlx::Error> {
    use crate::platform::action_log::{self, Subject, Visibility};
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE users SET email_notifications = $1
         WHERE id = $2 AND deleted_at IS NULL AND email_notifications <> $1",
    )
    .bind(setting.as_str())
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    action_log::append(
        &mut tx,
        Some(user_id),
        action,
        Subject::of("user", user_id),
        Visibility::Private,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The token of a person's unsubscribe link.
pub fn unsubscribe_token(secret: &ServerSecret, user_id: i64) -> String {
    secret.mac(&format!("agora unsubscribe {user_id}"))
}

/// True when `token` is the unsubscribe token of `user_id` (compared in constant time).
pub fn unsubscribe_token_valid(secret: &ServerSecret, user_id: i64, token: &str) -> bool {
    let expected = unsubscribe_token(secret, user_id);
    expected.len() == token.len()
        && expected
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The unsubscribe address of a person (absolute: it leaves in e-mails).
pub fn unsubscribe_url(config: &Config, user_id: i64) -> String {
    format!(
        "{}/unsubscribe/{user_id}/{}",
        config.base_url,
        unsubscribe_token(&config.secret, user_id)
    )
}

/// A person who gets notification e-mails.
#[derive(Clone, Debug)]
pub struct Recipient {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub locale: Locale,
    pub setting: Setting,
}

impl Recipient {
    pub fn i18n(&self) -> I18n {
        I18n::new(self.locale)
    }
}

/// The people among `ids` who get notification e-mails: confirmed, not deleted nor blocked,
/// and not `off`. Their language is their account's, else `fallback`.
pub async fn recipients(
    db: &Db,
    ids: &[i64],
    fallback: Locale,
) -> Result<Vec<Recipient>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let list = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT id, email, name, locale, email_notifications FROM users
             WHERE id IN ({list}) AND confirmed_at IS NOT NULL AND deleted_at IS NULL
               AND blocked_at IS NULL AND email_notifications <> 'off' ORDER BY id"
        );
        let mut query = db::query_built(sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(db).await? {
            out.push(Recipient {
                id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                locale: row
                    .try_get::<Option<String>, _>("locale")?
                    .as_deref()
                    .and_then(Locale::parse)
                    .unwrap_or(fallback),
                setting: Setting::parse(&row.try_get::<String, _>("email_notifications")?)
                    .unwrap_or(Setting::Instant),
            });
        }
    }
    Ok(out)
}

/// The language of an organisation: the one its e-mails use for people who chose none.
pub async fn organization_locale(db: &Db, organization_id: i64) -> Result<Locale, sqlx::Error> {
    Ok(
        db::query("SELECT default_locale FROM organizations WHERE id = $1")
            .bind(organization_id)
            .fetch_optional(db)
            .await?
            .and_then(|r| r.try_get::<String, _>(0).ok())
            .as_deref()
            .and_then(Locale::parse)
            .unwrap_or(Locale::En),
    )
}

/// One notification e-mail, written in its recipient's language.
pub struct Mail {
    /// The subject; also the digest's line.
    pub subject: String,
    /// The paragraphs between the greeting and the link.
    pub paragraphs: Vec<String>,
    /// Where to read more: a path of this site.
    pub path: String,
}

/// Sends `mail` to `recipient` the way they chose: queued at once, or kept for their digest.
pub async fn deliver(
    db: &Db,
    config: &Config,
    recipient: &Recipient,
    mail: Mail,
) -> Result<(), sqlx::Error> {
    let link = format!("{}{}", config.base_url, mail.path);
    match recipient.setting {
        Setting::Off => Ok(()),
        Setting::Digest => {
            db::query(
                "INSERT INTO mail_digest_items (user_id, text, link, created_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(recipient.id)
            .bind(&mail.subject)
            .bind(&link)
            .bind(db::now())
            .execute(db)
            .await?;
            Ok(())
        }
        Setting::Instant => {
            let i18n = recipient.i18n();
            let mut paragraphs = mail.paragraphs;
            paragraphs.push(link);
            let unsubscribe = unsubscribe_url(config, recipient.id);
            let body = compose(&i18n, config, &recipient.name, &paragraphs, &unsubscribe);
            mail::enqueue_on(
                db,
                &recipient.email,
                &mail.subject,
                &body,
                Some(&unsubscribe),
            )
            .await
        }
    }
}

/// Greeting, paragraphs (links alone on their line, so every mail program makes them
/// clickable), signature, and the footer that says why the e-mail came and how to stop it.
fn compose(
    i18n: &I18n,
    config: &Config,
    name: &str,
    paragraphs: &[String],
    unsubscribe: &str,
) -> String {
    let mut body = i18n.t1("accounts-mail-greeting", "name", name);
    for p in paragraphs {
        body.push_str("\n\n");
        body.push_str(p);
    }
    body.push_str("\n\n");
    body.push_str(&i18n.t("accounts-mail-signature"));
    body.push_str("\n\n-- \n");
    body.push_str(&i18n.t("notify-mail-footer-settings"));
    body.push('\n');
    body.push_str(&format!("{}/account#email-heading", config.base_url));
    body.push('\n');
    body.push_str(&i18n.t("notify-mail-footer-unsubscribe"));
    body.push('\n');
    body.push_str(unsubscribe);
    body.push('\n');
    body
}

/// The UTC day number of a time.
fn day_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(86_400)
}

/// Sends the digests due at `now`: for each person with items from before `now`'s day (UTC),
/// one e-mail with all of them — unless they already had their digest that day. Returns how
/// many digests were sent.
pub async fn send_digests(db: &Db, config: &Config, now: i64) -> Result<usize, sqlx::Error> {
    let day = day_of(now);
    let people: Vec<i64> = db::query(
        "SELECT DISTINCT user_id FROM mail_digest_items
         WHERE digest_id IS NULL AND created_at < $1 ORDER BY user_id",
    )
    .bind(day * 86_400)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut sent = 0;
    for user_id in people {
        if send_digest(db, config, user_id, day).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// One person's digest for `day`, in one transaction: the day's row first (a second run
/// finds it and stops), then the items are taken and the e-mail queued.
async fn send_digest(
    db: &Db,
    config: &Config,
    user_id: i64,
    day: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let digest: Option<i64> = db::query(
        "INSERT INTO mail_digests (user_id, day, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, day) DO NOTHING RETURNING id",
    )
    .bind(user_id)
    .bind(day)
    .bind(db::now())
    .fetch_optional(&mut tx)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    let Some(digest) = digest else {
        tx.rollback().await?;
        return Ok(false);
    };
    let items = db::query(
        "UPDATE mail_digest_items SET digest_id = $1
         WHERE user_id = $2 AND digest_id IS NULL AND created_at < $3
         RETURNING id, text, link",
    )
    .bind(digest)
    .bind(user_id)
    .bind(day * 86_400)
    .fetch_all(&mut tx)
    .await?;
    if items.is_empty() {
        // Another run took them: this day stays free for what comes next.
        tx.rollback().await?;
        return Ok(false);
    }
    let mut items: Vec<(i64, String, String)> = items
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    items.sort_by_key(|(id, _, _)| *id);
    let person = db::query(
        "SELECT email, name, locale FROM users
         WHERE id = $1 AND confirmed_at IS NOT NULL AND deleted_at IS NULL
           AND blocked_at IS NULL AND email_notifications <> 'off'",
    )
    .bind(user_id)
    .fetch_optional(&mut tx)
    .await?;
    // Someone who turned e-mails off since: the items are spent, nothing is sent.
    if let Some(person) = person {
        let locale = person
            .try_get::<Option<String>, _>("locale")?
            .as_deref()
            .and_then(Locale::parse)
            .unwrap_or(Locale::En);
        let i18n = I18n::new(locale);
        let name: String = person.try_get("name")?;
        let email: String = person.try_get("email")?;
        let mut paragraphs = vec![i18n.t1("notify-digest-intro", "count", items.len())];
        for (_, text, link) in &items {
            paragraphs.push(format!("• {text}\n  {link}"));
        }
        let unsubscribe = unsubscribe_url(config, user_id);
        let body = compose(&i18n, config, &name, &paragraphs, &unsubscribe);
        mail::enqueue_on(
            &mut tx,
            &email,
            &i18n.t1("notify-digest-subject", "count", items.len()),
            &body,
            Some(&unsubscribe),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The periodic notification jobs: poll reminders and the daily digests, every few minutes
/// (the first run a minute after start, so a restart loop does not hammer the database).
pub fn spawn_jobs(db: Db, config: std::sync::Arc<Config>) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            if let Err(e) = crate::components::polls::mail::remind_closing(&db, &config).await {
                tracing::warn!(error = %e, "poll reminders");
            }
            if let Err(e) = send_digests(&db, &config, db::now()).await {
                tracing::warn!(error = %e, "e-mail digests");
            }
            tokio::time::sleep(Duration::from_secs(240)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsubscribe_tokens_are_bound_to_the_person_and_the_secret() {
        let secret = ServerSecret::random();
        let token = unsubscribe_token(&secret, 7);
        assert!(unsubscribe_token_valid(&secret, 7, &token));
        assert!(!unsubscribe_token_valid(&secret, 8, &token));
        assert!(!unsubscribe_token_valid(&ServerSecret::random(), 7, &token));
        assert!(!unsubscribe_token_valid(&secret, 7, &token[..63]));
        assert!(!unsubscribe_token_valid(&secret, 7, ""));
    }

    #[test]
    fn days_are_utc() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(86_399), 0);
        assert_eq!(day_of(86_400), 1);
    }
}
