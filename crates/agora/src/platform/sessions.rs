//! Sessions live in the database, so any number of app servers can serve one person.
//!
//! The browser holds a random token in an `HttpOnly; SameSite=Lax` cookie; the table holds
//! its SHA-256. Signing in always creates a new token (the id rotates at sign-in).

use crate::db::{self, Db};
use crate::platform::accounts::{self, User};
use crate::platform::secrets;

/// The cookie's name.
pub const COOKIE: &str = "agora_session";
/// How long a session lasts without use.
pub const IDLE_LIFETIME_SECS: i64 = 30 * 24 * 3600;

/// The `Set-Cookie` value that hands a session token to the browser.
pub fn cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
}

/// A personal API token, as listed to its owner (the token itself is never shown again).
#[derive(Clone, Debug)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// One of a person's signed-in browsers, for the "my sessions" page.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    pub id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// The signed-in person behind a request, and which session it came through.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: User,
    pub session_id: Option<i64>,
    /// Unread notifications, for the header (read with the session; 0 through API tokens).
    pub unread_notifications: i64,
}

/// Opens a session and returns the token to put in the cookie.
pub async fn create(
    db: &Db,
    user_id: i64,
    user_agent: Option<&str>,
    ip: Option<&str>,
) -> Result<String, sqlx::Error> {
    let token = secrets::new_token();
    let now = db::now();
    db::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(secrets::token_hash(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + IDLE_LIFETIME_SECS)
    .bind(user_agent.map(|ua| ua.chars().take(200).collect::<String>()))
    .bind(ip.map(|ip| ip.chars().take(64).collect::<String>()))
    .execute(db)
    .await?;
    Ok(token)
}

/// The person a session token belongs to, if the session is live and the account usable.
pub async fn resolve(
    db: &Db,
    touches: &Touches,
    token: &str,
) -> Result<Option<SignedIn>, sqlx::Error> {
    let now = db::now();
    let row = db::query(concat!(
        // The account and the header's unread count ride on this query: no extra round trip
        // per page, and the partial index `notifications_unread` keeps the count cheap.
        "SELECT s.id AS session_id, s.last_seen_at,
                (SELECT COUNT(*) FROM notifications n
                 WHERE n.user_id = s.user_id AND n.read_at IS NULL) AS unread, ",
        crate::joined_user_columns!(),
        " FROM sessions s JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL
         WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(secrets::token_hash(token))
    .bind(now)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let session_id: i64 = row.try_get("session_id")?;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let unread: i64 = row.try_get("unread")?;
    let user = accounts::user_from_row(&row)?;
    if user.blocked {
        return Ok(None);
    }
    // Touch at most once a minute, and never as a write of the request (see `Touches`).
    if now - last_seen > 60 {
        touches.session(session_id);
    }
    Ok(Some(SignedIn {
        user,
        session_id: Some(session_id),
        unread_notifications: unread,
    }))
}

/// The person an API token belongs to.
pub async fn resolve_api_token(
    db: &Db,
    touches: &Touches,
    token: &str,
) -> Result<Option<SignedIn>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT t.id AS token_id, t.last_used_at, ",
        crate::joined_user_columns!(),
        " FROM api_tokens t JOIN users u ON u.id = t.user_id AND u.deleted_at IS NULL
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
    ))
    .bind(secrets::token_hash(token))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user = accounts::user_from_row(&row)?;
    if user.blocked {
        return Ok(None);
    }
    // At most one touch a minute per token, as for sessions.
    let last_used: Option<i64> = row.try_get("last_used_at")?;
    if last_used.is_none_or(|at| at < db::now() - 60) {
        touches.token(row.try_get("token_id")?);
    }
    Ok(Some(SignedIn {
        user,
        session_id: None,
        unread_notifications: 0,
    }))
}

/// Creates a personal API token and returns it (shown once; only its hash is kept).
pub async fn create_api_token(db: &Db, user_id: i64, name: &str) -> Result<String, sqlx::Error> {
    let token = format!("agora_{}", secrets::new_token());
    db::query(
        "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(secrets::token_hash(&token))
    .bind(user_id)
    .bind(name)
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(token)
}

/// A person's API tokens that still work, newest first.
pub async fn list_api_tokens(db: &Db, user_id: i64) -> Result<Vec<ApiTokenInfo>, sqlx::Error> {
    let rows = db::query(
        "SELECT id, name, created_at, last_used_at FROM api_tokens
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApiTokenInfo {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
            })
        })
        .collect()
}

/// Revokes one of `user_id`'s own API tokens. Returns false when no such working token of
/// theirs exists: someone else's token id changes nothing.
pub async fn revoke_api_token(db: &Db, user_id: i64, token_id: i64) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(db::now())
    .bind(token_id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The live sessions of a person, most recent first.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<SessionInfo>, sqlx::Error> {
    let rows = db::query(
        "SELECT id, created_at, last_seen_at, user_agent, ip FROM sessions
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, id DESC",
    )
    .bind(user_id)
    .bind(db::now())
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SessionInfo {
                id: r.try_get("id")?,
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
                user_agent: r.try_get("user_agent")?,
                ip: r.try_get("ip")?,
            })
        })
        .collect()
}

/// Ends one of `user_id`'s own sessions. Returns false when no such session of theirs
/// exists: someone else's session id changes nothing.
pub async fn revoke(db: &Db, user_id: i64, session_id: i64) -> Result<bool, sqlx::Error> {
    let done = db::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
        .bind(session_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends the session a token opened (sign-out).
pub async fn end(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    db::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(secrets::token_hash(token))
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of a person (after a password change or reset), except `keep`.
pub async fn end_all(db: &Db, user_id: i64, keep: Option<i64>) -> Result<(), sqlx::Error> {
    db::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(-1))
        .execute(db)
        .await?;
    Ok(())
}

/// When sessions and API tokens were last used, written in batches every [`TOUCH_EVERY`] by a
/// background task rather than by the requests: a request that only reads stays a read (on
/// SQLite every write waits for the one writer), and an API client's first call of the minute —
/// a voter's only call — does not cost a transaction of its own. "Last seen" shows to the
/// minute and a session's idle lifetime is days, so a few seconds' delay changes nothing; the
/// touches pending when the process stops are lost.
#[derive(Debug, Default)]
pub struct Touches {
    pending: std::sync::Mutex<Pending>,
}

#[derive(Debug, Default)]
struct Pending {
    sessions: std::collections::HashSet<i64>,
    tokens: std::collections::HashSet<i64>,
}

/// How often [`Touches`] are written.
pub const TOUCH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Ids per `UPDATE` when touches are written.
const TOUCH_CHUNK: usize = 500;

impl Touches {
    fn with<T>(&self, f: impl FnOnce(&mut Pending) -> T) -> T {
        f(&mut self.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn session(&self, id: i64) {
        self.with(|p| p.sessions.insert(id));
    }

    fn token(&self, id: i64) {
        self.with(|p| p.tokens.insert(id));
    }

    /// Writes the pending touches, as used now, in one transaction.
    pub async fn flush(&self, db: &Db) -> Result<(), sqlx::Error> {
        let Pending { sessions, tokens } = self.with(std::mem::take);
        if sessions.is_empty() && tokens.is_empty() {
            return Ok(());
        }
        let now = db::now();
        let mut tx = db.begin().await?;
        for chunk in in_lists(sessions) {
            let sql = format!(
                "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id IN ({chunk})"
            );
            db::query_built(sql)
                .bind(now)
                .bind(now + IDLE_LIFETIME_SECS)
                .execute(&mut tx)
                .await?;
        }
        for chunk in in_lists(tokens) {
            let sql = format!("UPDATE api_tokens SET last_used_at = $1 WHERE id IN ({chunk})");
            db::query_built(sql).bind(now).execute(&mut tx).await?;
        }
        tx.commit().await
    }
}

/// Ids as SQL lists of at most [`TOUCH_CHUNK`] (whole numbers only: written into statements).
fn in_lists(ids: std::collections::HashSet<i64>) -> Vec<String> {
    let ids: Vec<i64> = ids.into_iter().collect();
    ids.chunks(TOUCH_CHUNK)
        .map(|chunk| {
            chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

/// Writes [`Touches`] every [`TOUCH_EVERY`] until the process stops.
pub fn spawn_touch_writer(db: Db, touches: std::sync::Arc<Touches>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(TOUCH_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = touches.flush(&db).await {
                tracing::warn!(error = %e, "could not write the sessions' last use");
            }
        }
    });
}
