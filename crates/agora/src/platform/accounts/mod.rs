//! Accounts: people who sign up, confirm their address, sign in, and may delete their account.
//!
//! This module holds the model and its queries; the web flows live in [`routes`].

pub mod my_data;
pub mod nicknames;
pub mod routes;
pub mod validate;

use crate::db::{self, Db};
use crate::platform::secrets;

/// A person with an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub locale: Option<String>,
    pub is_instance_admin: bool,
    pub confirmed: bool,
    pub blocked: bool,
}

/// The columns [`user_from_row`] reads (a macro so queries stay `&'static str`).
macro_rules! user_columns {
    () => {
        "id, email, name, locale, is_instance_admin, confirmed_at, blocked_at, password_hash"
    };
}

/// [`user_columns!`] of the table aliased `u`, for queries that join the account to what names
/// it (a session, an API token): one round trip per request instead of two.
#[macro_export]
macro_rules! joined_user_columns {
    () => {
        "u.id, u.email, u.name, u.locale, u.is_instance_admin, u.confirmed_at, u.blocked_at, u.password_hash"
    };
}

pub(crate) fn user_from_row(row: &db::Row) -> Result<User, sqlx::Error> {
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        locale: row.try_get("locale")?,
        is_instance_admin: row.try_get::<i64, _>("is_instance_admin")? == 1,
        confirmed: row.try_get::<Option<i64>, _>("confirmed_at")?.is_some(),
        blocked: row.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
    })
}

/// E-mail addresses are compared without case and surrounding spaces.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// What a new account needs.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    pub instance_admin: bool,
    /// Operators' accounts (CLI, demo) are confirmed at once; sign-ups confirm by e-mail.
    pub confirmed: bool,
    pub locale: Option<&'a str>,
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates an account. The e-mail's uniqueness is enforced by the database, so two
/// simultaneous sign-ups with one address create one account.
pub async fn create_user(db: &Db, new: NewUser<'_>) -> Result<User, CreateUserError> {
    let hash = secrets::hash_password_blocking(new.password).await;
    let now = db::now();
    let result = db::query(concat!(
        "INSERT INTO users (email, name, password_hash, locale, is_instance_admin, confirmed_at,
                            accepted_terms_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ",
        user_columns!(),
        ""
    ))
    .bind(normalize_email(new.email))
    .bind(new.name.trim())
    .bind(hash)
    .bind(new.locale)
    .bind(i64::from(new.instance_admin))
    .bind(new.confirmed.then_some(now))
    .bind(now)
    .fetch_one(db)
    .await;
    match result {
        Ok(row) => {
            let user = user_from_row(&row)?;
            nicknames::assign(db, user.id, &user.name).await?;
            Ok(user)
        }
        Err(e) if db::is_unique_violation(&e) => Err(CreateUserError::EmailTaken),
        Err(e) => Err(e.into()),
    }
}

/// Finds an account by e-mail (deleted accounts have had their address removed).
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<User>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users WHERE email = $1"
    ))
    .bind(normalize_email(email))
    .fetch_optional(db)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Finds an account by id.
pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<User>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users WHERE id = $1 AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Why a sign-in was refused. The page shows one message for the first two, so that
/// nobody learns which addresses have accounts.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInRefusal {
    WrongCredentials,
    NotConfirmed,
    Blocked,
}

/// Checks an e-mail and password. Always runs one argon2 verification, found or not.
pub async fn authenticate(
    db: &Db,
    email: &str,
    password: &str,
) -> Result<Result<User, SignInRefusal>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users WHERE email = $1 AND deleted_at IS NULL"
    ))
    .bind(normalize_email(email))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        secrets::verify_password_blocking(password, secrets::dummy_hash()).await;
        return Ok(Err(SignInRefusal::WrongCredentials));
    };
    let stored: Option<String> = row.try_get("password_hash")?;
    let user = user_from_row(&row)?;
    let ok = match stored {
        Some(hash) => secrets::verify_password_blocking(password, &hash).await,
        None => {
            secrets::verify_password_blocking(password, secrets::dummy_hash()).await;
            false
        }
    };
    Ok(if !ok {
        Err(SignInRefusal::WrongCredentials)
    } else if user.blocked {
        Err(SignInRefusal::Blocked)
    } else if !user.confirmed {
        Err(SignInRefusal::NotConfirmed)
    } else {
        Ok(user)
    })
}

/// Sets a new password.
pub async fn set_password(db: &Db, user_id: i64, password: &str) -> Result<(), sqlx::Error> {
    let hash = secrets::hash_password_blocking(password).await;
    db::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(hash)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// True when `password` is this (live) account's password.
pub async fn check_password(db: &Db, user_id: i64, password: &str) -> Result<bool, sqlx::Error> {
    let stored = db::query("SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL")
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    let stored: Option<String> = stored.map(|r| r.try_get(0)).transpose()?.flatten();
    Ok(match stored {
        Some(hash) => secrets::verify_password_blocking(password, &hash).await,
        None => false,
    })
}

/// Changes the name and the chosen language (`None`: follow the browser and the organisation).
pub async fn update_profile(
    db: &Db,
    user_id: i64,
    name: &str,
    locale: Option<&str>,
) -> Result<(), sqlx::Error> {
    db::query("UPDATE users SET name = $1, locale = $2 WHERE id = $3 AND deleted_at IS NULL")
        .bind(name.trim())
        .bind(locale)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// What a link sent by e-mail is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailPurpose {
    /// Confirms the address of a new account (valid 48 hours).
    Confirm,
    /// Lets a person choose a new password (valid one hour).
    Reset,
}

impl EmailPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            EmailPurpose::Confirm => "confirm",
            EmailPurpose::Reset => "reset",
        }
    }

    /// How long a link stays valid.
    pub fn lifetime_secs(self) -> i64 {
        match self {
            EmailPurpose::Confirm => 48 * 3600,
            EmailPurpose::Reset => 3600,
        }
    }
}

/// Creates a single-use link token for `user_id`; returns the token (only its hash is kept).
pub async fn create_email_token(
    db: &Db,
    user_id: i64,
    purpose: EmailPurpose,
) -> Result<String, sqlx::Error> {
    let token = secrets::new_token();
    let now = db::now();
    db::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(secrets::token_hash(&token))
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now + purpose.lifetime_secs())
    .execute(db)
    .await?;
    Ok(token)
}

/// The account a link token belongs to, if the link is still usable (does not use it).
pub async fn peek_email_token(
    db: &Db,
    token: &str,
    purpose: EmailPurpose,
) -> Result<Option<User>, sqlx::Error> {
    let user_id: Option<i64> = db::query(
        "SELECT user_id FROM email_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(secrets::token_hash(token))
    .bind(purpose.as_str())
    .bind(db::now())
    .fetch_optional(db)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    match user_id {
        Some(id) => find_by_id(db, id).await,
        None => Ok(None),
    }
}

/// Uses a link token: one conditional update, so that a link works once even when followed
/// twice at the same instant. Returns its account's id.
async fn use_email_token(
    tx: &mut db::WriteTx,
    token: &str,
    purpose: EmailPurpose,
) -> Result<Option<i64>, sqlx::Error> {
    db::query(
        "UPDATE email_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id",
    )
    .bind(db::now())
    .bind(secrets::token_hash(token))
    .bind(purpose.as_str())
    .fetch_optional(tx)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}

/// Follows a confirmation link: marks the address confirmed. `None` when the link is unknown,
/// used or expired (and then nothing changes).
pub async fn confirm_email(db: &Db, token: &str) -> Result<Option<User>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(user_id) = use_email_token(&mut tx, token, EmailPurpose::Confirm).await? else {
        return Ok(None);
    };
    let updated = db::query(
        "UPDATE users SET confirmed_at = COALESCE(confirmed_at, $1)
         WHERE id = $2 AND deleted_at IS NULL",
    )
    .bind(db::now())
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(None);
    }
    tx.commit().await?;
    find_by_id(db, user_id).await
}

/// Follows a password-reset link: sets the new password, uses up every reset link of the
/// account, confirms its address (the link proves it) and ends all its sessions. `None` when
/// the link is unknown, used or expired (and then nothing changes).
pub async fn reset_password(
    db: &Db,
    token: &str,
    new_password: &str,
) -> Result<Option<User>, sqlx::Error> {
    let hash = secrets::hash_password_blocking(new_password).await;
    let now = db::now();
    let mut tx = db.begin().await?;
    let Some(user_id) = use_email_token(&mut tx, token, EmailPurpose::Reset).await? else {
        return Ok(None);
    };
    let updated = db::query(
        "UPDATE users SET password_hash = $1, confirmed_at = COALESCE(confirmed_at, $2)
         WHERE id = $3 AND deleted_at IS NULL",
    )
    .bind(hash)
    .bind(now)
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(None);
    }
    db::query(
        "UPDATE email_tokens SET used_at = $1
         WHERE user_id = $2 AND purpose = 'reset' AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    db::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    find_by_id(db, user_id).await
}

/// The rate-limit counters keyed by a person's e-mail address (`kind:address`).
const RATE_LIMITS_BY_EMAIL: &[&str] = &["sign-in-email", "email-link-email", "mail-to"];
/// The rate-limit counters keyed by a person's account id (`kind:id`).
const RATE_LIMITS_BY_ACCOUNT: &[&str] = &["password-check", "my-data"];

/// What replaces a deleted person's name in mails already queued or sent to others.
const NAME_IN_MAILS: &str = "—";

/// Deletes an account the way a participant expects (see docs/guides/accounts.md): everything
/// personal is erased — name, address, password, sessions, tokens, e-mail links, mails to them,
/// invitations to their address (to organisations, and as a guest), requests to join groups, rate-limit counters, memberships and roles, follows,
/// notifications, reading positions, the private history of named votes, unfinished budget
/// baskets. Contributions stay, shown as by a "deleted participant" (the account row stays,
/// empty, so that they keep their author and counts never change); supports, named votes,
/// cast budget ballots, reports and the action log stay too, and anonymous ballots are not
/// touched (they never pointed to anyone). The address becomes free for a new account.
/// `my_data::PERSONAL_COLUMNS` lists what happens to each column; a test checks it against the
/// schema and checks after a deletion that no table holds the name, address or password hash.
/// Refused (and nothing changed) when the person is the only administrator of organisations,
/// named in the error: they must hand the role over first.
pub async fn delete_account(db: &Db, user_id: i64) -> Result<Result<(), Vec<String>>, sqlx::Error> {
    use crate::platform::action_log::{self, Subject, Visibility};
    let mut tx = db.begin().await?;
    // A write first: on SQLite it takes the write lock now (waiting for another writer) instead
    // of failing to upgrade a read later; on PostgreSQL it locks the person's row.
    db::query("UPDATE users SET deleted_at = deleted_at WHERE id = $1")
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    let sole = crate::platform::organizations::members::lock_organizations_solely_administered_by(
        &mut tx, user_id,
    )
    .await?;
    if !sole.is_empty() {
        tx.rollback().await?;
        return Ok(Err(sole));
    }
    let Some(person) =
        db::query("SELECT email, name FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(&mut tx)
            .await?
    else {
        tx.rollback().await?;
        return Ok(Ok(()));
    };
    let email: String = person.try_get("email")?;
    let name: String = person.try_get("name")?;
    db::query(
        "UPDATE users SET email = $1, name = '', nickname = NULL, password_hash = NULL, locale = NULL,
                is_instance_admin = 0, deleted_at = $2
         WHERE id = $3 AND deleted_at IS NULL",
    )
    .bind(format!("deleted-{user_id}@invalid"))
    .bind(db::now())
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    for statement in [
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM api_tokens WHERE user_id = $1",
        "DELETE FROM email_tokens WHERE user_id = $1",
        "DELETE FROM follows WHERE user_id = $1",
        "DELETE FROM notifications WHERE user_id = $1",
        "DELETE FROM mail_digest_items WHERE user_id = $1",
        "DELETE FROM mail_digests WHERE user_id = $1",
        "DELETE FROM thread_reads WHERE user_id = $1",
        "DELETE FROM comment_reactions WHERE user_id = $1",
        "DELETE FROM poll_vote_history WHERE user_id = $1",
        "DELETE FROM poll_turnout_non_voters WHERE user_id = $1",
        "DELETE FROM group_join_requests WHERE user_id = $1",
        "DELETE FROM group_guests WHERE user_id = $1",
        "DELETE FROM budget_ballot_lines WHERE ballot_id IN
             (SELECT id FROM budget_ballots WHERE user_id = $1 AND checked_out_at IS NULL)",
        "DELETE FROM budget_ballots WHERE user_id = $1 AND checked_out_at IS NULL",
    ] {
        db::query(statement).bind(user_id).execute(&mut tx).await?;
    }
    for statement in [
        "DELETE FROM invitations WHERE email = $1",
        "DELETE FROM group_guests WHERE email = $1",
        "DELETE FROM outbox WHERE to_address = $1",
    ] {
        db::query(statement).bind(&email).execute(&mut tx).await?;
    }
    // Mails to others that name them (an invitation they sent).
    if !name.trim().is_empty() {
        db::query(
            "UPDATE outbox SET subject = REPLACE(subject, $1, $2), body = REPLACE(body, $1, $2)
             WHERE REPLACE(body, $1, '') <> body OR REPLACE(subject, $1, '') <> subject",
        )
        .bind(&name)
        .bind(NAME_IN_MAILS)
        .execute(&mut tx)
        .await?;
    }
    let buckets = RATE_LIMITS_BY_EMAIL
        .iter()
        .map(|k| crate::platform::rate_limit::bucket(k, &email))
        .chain(
            RATE_LIMITS_BY_ACCOUNT
                .iter()
                .map(|k| crate::platform::rate_limit::bucket(k, &user_id.to_string())),
        );
    for bucket in buckets {
        db::query("DELETE FROM rate_limits WHERE bucket = $1")
            .bind(bucket)
            .execute(&mut tx)
            .await?;
    }
    // Memberships and roles end as when an administrator removes a member: logged.
    let memberships =
        db::query("DELETE FROM memberships WHERE user_id = $1 RETURNING id, organization_id")
            .bind(user_id)
            .fetch_all(&mut tx)
            .await?;
    let roles = db::query("DELETE FROM space_members WHERE user_id = $1 RETURNING id, space_id")
        .bind(user_id)
        .fetch_all(&mut tx)
        .await?;
    for row in &memberships {
        let subject = Subject::removed(
            "membership",
            row.try_get(0)?,
            "organization",
            row.try_get(1)?,
        );
        action_log::append(
            &mut tx,
            Some(user_id),
            "member-left",
            subject,
            Visibility::Admins,
        )
        .await?;
    }
    for row in &roles {
        let subject = Subject::removed("space_member", row.try_get(0)?, "space", row.try_get(1)?);
        action_log::append(
            &mut tx,
            Some(user_id),
            "space-member-left",
            subject,
            Visibility::Admins,
        )
        .await?;
    }
    action_log::append(
        &mut tx,
        Some(user_id),
        "account-deleted",
        Subject::of("user", user_id),
        Visibility::Private,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
