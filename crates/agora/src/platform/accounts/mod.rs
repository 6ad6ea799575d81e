//! Accounts: people who sign up, confirm their address, sign in, and may delete their account.
//!
//! This module holds the model and its queries; the web flows live in [`routes`].

pub mod routes;

use sqlx::Row;
use sqlx::any::AnyRow;

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

fn user_from_row(row: &AnyRow) -> Result<User, sqlx::Error> {
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
    let now = db::now();
    let hash = secrets::hash_password(new.password);
    let result = sqlx::query(concat!(
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
    .fetch_one(&db.pool)
    .await;
    match result {
        Ok(row) => Ok(user_from_row(&row)?),
        Err(e) if db::is_unique_violation(&e) => Err(CreateUserError::EmailTaken),
        Err(e) => Err(e.into()),
    }
}

/// Finds an account by e-mail (deleted accounts have had their address removed).
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users WHERE email = $1"
    ))
    .bind(normalize_email(email))
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Finds an account by id.
pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users WHERE id = $1 AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
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
    let row = sqlx::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users WHERE email = $1 AND deleted_at IS NULL"
    ))
    .bind(normalize_email(email))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        secrets::verify_password(password, secrets::dummy_hash());
        return Ok(Err(SignInRefusal::WrongCredentials));
    };
    let stored: Option<String> = row.try_get("password_hash")?;
    let user = user_from_row(&row)?;
    let ok = stored.is_some_and(|h| secrets::verify_password(password, &h));
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
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(secrets::hash_password(password))
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
