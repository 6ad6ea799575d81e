//! Invitations to join an organisation, sent by e-mail.
//!
//! The link carries a random token; only its SHA-256 is stored. An invitation is valid for
//! [`LIFETIME_SECS`], is used once (a conditional UPDATE claims it, so simultaneous clicks
//! make one membership), and is accepted only by the account with the invited e-mail
//! address: the administrator chose a person, not whoever holds the link.

use crate::db::{self, Db};
use crate::platform::accounts::normalize_email;
use crate::platform::permissions::OrgRole;
use crate::platform::secrets;

/// How long an invitation link works: 14 days.
pub const LIFETIME_SECS: i64 = 14 * 24 * 3600;
/// The same, in days, for messages.
pub const LIFETIME_DAYS: i64 = LIFETIME_SECS / (24 * 3600);

/// An invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub id: i64,
    pub organization_id: i64,
    /// Normalised (see [`normalize_email`]).
    pub email: String,
    pub role: OrgRole,
    pub invited_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Pending,
    Accepted,
    Expired,
}

impl Invitation {
    pub fn state(&self, now: i64) -> State {
        if self.accepted_at.is_some() {
            State::Accepted
        } else if self.expires_at <= now {
            State::Expired
        } else {
            State::Pending
        }
    }

    /// True when `email` is the invited address.
    pub fn is_for(&self, email: &str) -> bool {
        normalize_email(email) == self.email
    }
}

macro_rules! invitation_columns {
    () => {
        "i.id, i.organization_id, i.email, i.role, i.created_at, i.expires_at, i.accepted_at, \
         u.name AS invited_by_name"
    };
}

fn from_row(row: &db::Row) -> Result<Invitation, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(Invitation {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        email: row.try_get("email")?,
        role: OrgRole::parse(&role).unwrap_or(OrgRole::Member),
        invited_by: row.try_get("invited_by_name")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        accepted_at: row.try_get("accepted_at")?,
    })
}

/// Creates an invitation and returns the token for the link (shown once, never stored).
/// An earlier invitation of the same address that was not accepted is replaced, so that
/// "invite again" is how an administrator re-sends a lost or expired link.
pub async fn create(
    db: &Db,
    organization_id: i64,
    email: &str,
    role: OrgRole,
    invited_by: Option<i64>,
) -> Result<String, sqlx::Error> {
    let token = secrets::new_token();
    let now = db::now();
    let email = normalize_email(email);
    let mut tx = db.begin().await?;
    db::query(
        "DELETE FROM invitations WHERE organization_id = $1 AND email = $2 AND accepted_at IS NULL",
    )
    .bind(organization_id)
    .bind(&email)
    .execute(&mut tx)
    .await?;
    db::query(
        "INSERT INTO invitations (organization_id, email, role, token_hash, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(organization_id)
    .bind(&email)
    .bind(role.as_str())
    .bind(secrets::token_hash(&token))
    .bind(invited_by)
    .bind(now)
    .bind(now + LIFETIME_SECS)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The invitations of an organisation not accepted yet (pending and expired), newest first.
pub async fn open(db: &Db, organization_id: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    let rows = db::query(concat!(
        "SELECT ",
        invitation_columns!(),
        " FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
         WHERE i.organization_id = $1 AND i.accepted_at IS NULL
         ORDER BY i.created_at DESC, i.id DESC LIMIT 500"
    ))
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Cancels an invitation of this organisation that was not accepted: its link stops
/// working. Returns false when there is no such invitation (another organisation's id,
/// an accepted one).
pub async fn cancel(db: &Db, organization_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "DELETE FROM invitations WHERE id = $1 AND organization_id = $2 AND accepted_at IS NULL",
    )
    .bind(id)
    .bind(organization_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The invitation a link's token belongs to (cancelled ones no longer exist).
pub async fn find_by_token(db: &Db, token: &str) -> Result<Option<Invitation>, sqlx::Error> {
    // Tokens are 64 hex characters: anything else cannot match, so no need to ask.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let row = db::query(concat!(
        "SELECT ",
        invitation_columns!(),
        " FROM invitations i LEFT JOIN users u ON u.id = i.invited_by WHERE i.token_hash = $1"
    ))
    .bind(secrets::token_hash(token))
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Accepts an invitation for `user_id`, whose e-mail address must be the invited one.
/// Claiming the invitation and creating the membership happen in one transaction, and the
/// claim is a single conditional UPDATE: of simultaneous attempts exactly one succeeds.
/// Returns false, changing nothing, when the invitation was already used, has expired,
/// was cancelled, or is for another address.
///
/// Joining never lowers a role: an administrator who accepts a member invitation stays an
/// administrator (so the organisation cannot lose its last one this way).
pub async fn accept(
    db: &Db,
    token: &str,
    user_id: i64,
    user_email: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let claimed = db::query(
        "UPDATE invitations SET accepted_at = $1
         WHERE token_hash = $2 AND accepted_at IS NULL AND expires_at > $1 AND email = $3
         RETURNING organization_id, role",
    )
    .bind(db::now())
    .bind(secrets::token_hash(token))
    .bind(normalize_email(user_email))
    .fetch_optional(&mut tx)
    .await?;
    let Some(claimed) = claimed else {
        tx.rollback().await?;
        return Ok(false);
    };
    let organization_id: i64 = claimed.try_get("organization_id")?;
    let role: String = claimed.try_get("role")?;
    let role = OrgRole::parse(&role).unwrap_or(OrgRole::Member);
    // The same statement as `organizations::set_member`, except that it only ever raises a role.
    db::query(
        "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
         WHERE excluded.role = 'admin'",
    )
    .bind(organization_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(db::now())
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation() -> Invitation {
        Invitation {
            id: 1,
            organization_id: 1,
            email: "ana@example.org".into(),
            role: OrgRole::Member,
            invited_by: None,
            created_at: 100,
            expires_at: 100 + LIFETIME_SECS,
            accepted_at: None,
        }
    }

    #[test]
    fn state_follows_time_and_acceptance() {
        let mut i = invitation();
        assert_eq!(i.state(100), State::Pending);
        assert_eq!(i.state(100 + LIFETIME_SECS), State::Expired);
        i.accepted_at = Some(200);
        assert_eq!(i.state(100 + LIFETIME_SECS), State::Accepted);
        assert_eq!(LIFETIME_DAYS, 14);
    }

    #[test]
    fn address_comparison_ignores_case_and_spaces() {
        assert!(invitation().is_for(" Ana@Example.org"));
        assert!(!invitation().is_for("ana@example.com"));
    }
}
