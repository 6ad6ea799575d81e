//! The members of an organisation: listing them, adding an existing account, changing a
//! role, removing someone.
//!
//! An organisation always keeps at least one administrator. Demoting or removing an
//! administrator happens in a transaction that first locks the organisation's row (a
//! no-op UPDATE, which every backend serialises) and then writes with a condition that
//! re-counts the administrators, so two administrators demoting each other at the same
//! moment cannot both succeed.

use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::permissions::OrgRole;

/// A member as shown on the members page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: OrgRole,
    /// When they became a member (Unix seconds).
    pub since: i64,
}

impl Member {
    pub fn is_admin(&self) -> bool {
        self.role == OrgRole::Admin
    }
}

fn from_row(row: &db::Row) -> Result<Member, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(Member {
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        role: OrgRole::parse(&role).unwrap_or(OrgRole::Member),
        since: row.try_get("created_at")?,
    })
}

/// How many members a page of the list shows.
pub const PAGE_SIZE: i64 = 100;

/// One page of members (administrators first, then by name), optionally only those whose
/// name or e-mail contains `search`; and how many match in all.
pub async fn list(
    db: &Db,
    organization_id: i64,
    search: &str,
    page: i64,
) -> Result<(Vec<Member>, i64), sqlx::Error> {
    let pattern = like_pattern(search);
    let rows = db::query(
        "SELECT m.user_id, u.name, u.email, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = $1
           AND (LOWER(u.name) LIKE $2 ESCAPE '\\' OR LOWER(u.email) LIKE $2 ESCAPE '\\')
         ORDER BY CASE WHEN m.role = 'admin' THEN 0 ELSE 1 END, LOWER(u.name), u.id
         LIMIT $3 OFFSET $4",
    )
    .bind(organization_id)
    .bind(&pattern)
    .bind(PAGE_SIZE)
    .bind(page.max(0) * PAGE_SIZE)
    .fetch_all(db)
    .await?;
    let total: i64 = db::query(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = $1
           AND (LOWER(u.name) LIKE $2 ESCAPE '\\' OR LOWER(u.email) LIKE $2 ESCAPE '\\')",
    )
    .bind(organization_id)
    .bind(&pattern)
    .fetch_one(db)
    .await?
    .try_get(0)?;
    Ok((rows.iter().map(from_row).collect::<Result<_, _>>()?, total))
}

/// `%text%` for LIKE, with LIKE's own wildcards escaped and case folded.
fn like_pattern(search: &str) -> String {
    let mut pattern = String::from("%");
    for c in search.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// One member of the organisation (`None` when this person is not a member of *this* one).
pub async fn find(
    db: &Db,
    organization_id: i64,
    user_id: i64,
) -> Result<Option<Member>, sqlx::Error> {
    let row = db::query(
        "SELECT m.user_id, u.name, u.email, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = $1 AND m.user_id = $2",
    )
    .bind(organization_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Makes an existing account a member. Returns false, changing nothing, when they already
/// are one (their role is changed from the list instead, where the last-administrator
/// rule applies).
pub async fn add(
    db: &Db,
    organization_id: i64,
    user_id: i64,
    role: OrgRole,
) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, user_id) DO NOTHING",
    )
    .bind(organization_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What became of a role change or a removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Done,
    /// The person is not a member of this organisation: nothing changed.
    NotAMember,
    /// They are its only administrator: nothing changed.
    LastAdmin,
}

/// Serialises administrator changes of one organisation (see the module documentation).
async fn lock_organization(
    tx: &mut crate::db::WriteTx,
    organization_id: i64,
) -> Result<(), sqlx::Error> {
    db::query("UPDATE organizations SET name = name WHERE id = $1")
        .bind(organization_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The organisations `user_id` is the only administrator of, locked for the rest of `tx` so that
/// no other administrator can leave meanwhile. Deleting such an account would orphan them.
pub async fn lock_organizations_solely_administered_by(
    tx: &mut crate::db::WriteTx,
    user_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let administered = db::query(
        "SELECT organization_id FROM memberships WHERE user_id = $1 AND role = 'admin' ORDER BY organization_id",
    )
    .bind(user_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut sole = Vec::new();
    for row in administered {
        let organization_id: i64 = row.try_get("organization_id")?;
        lock_organization(tx, organization_id).await?;
        let other = db::query(
            "SELECT o.name, (SELECT COUNT(*) FROM memberships m WHERE m.organization_id = o.id
                                AND m.role = 'admin' AND m.user_id <> $2) AS others
             FROM organizations o WHERE o.id = $1",
        )
        .bind(organization_id)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        if other.try_get::<i64, _>("others")? == 0 {
            sole.push(other.try_get::<String, _>("name")?);
        }
    }
    Ok(sole)
}

/// After a refused conditional write: was it because the person is not a member?
async fn explain_refusal(
    tx: &mut crate::db::WriteTx,
    organization_id: i64,
    user_id: i64,
) -> Result<Change, sqlx::Error> {
    let row = db::query("SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2")
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(if row.is_some() {
        Change::LastAdmin
    } else {
        Change::NotAMember
    })
}

/// Changes a member's role, unless that would leave the organisation without administrator.
pub async fn change_role(
    db: &Db,
    organization_id: i64,
    user_id: i64,
    role: OrgRole,
    by: Option<i64>,
) -> Result<Change, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_organization(&mut tx, organization_id).await?;
    let done = db::query(
        "UPDATE memberships SET role = $1
         WHERE organization_id = $2 AND user_id = $3
           AND ($1 = 'admin' OR role <> 'admin'
                OR (SELECT COUNT(*) FROM memberships
                    WHERE organization_id = $2 AND role = 'admin') > 1)
         RETURNING id",
    )
    .bind(role.as_str())
    .bind(organization_id)
    .bind(user_id)
    .fetch_optional(&mut tx)
    .await?;
    let outcome = if let Some(done) = done {
        action_log::append(
            &mut tx,
            by,
            "role-changed",
            Subject::of("membership", done.try_get(0)?),
            Visibility::Admins,
        )
        .await?;
        Change::Done
    } else {
        explain_refusal(&mut tx, organization_id, user_id).await?
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Removes a member, and their roles in this organisation's spaces, unless they are its
/// last administrator.
pub async fn remove(
    db: &Db,
    organization_id: i64,
    user_id: i64,
    by: Option<i64>,
) -> Result<Change, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_organization(&mut tx, organization_id).await?;
    let done = db::query(
        "DELETE FROM memberships
         WHERE organization_id = $1 AND user_id = $2
           AND (role <> 'admin'
                OR (SELECT COUNT(*) FROM memberships
                    WHERE organization_id = $1 AND role = 'admin') > 1)
         RETURNING id",
    )
    .bind(organization_id)
    .bind(user_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(done) = done else {
        let outcome = explain_refusal(&mut tx, organization_id, user_id).await?;
        tx.rollback().await?;
        return Ok(outcome);
    };
    let membership_id: i64 = done.try_get(0)?;
    db::query(
        "DELETE FROM space_members
         WHERE user_id = $1 AND space_id IN (SELECT id FROM spaces WHERE organization_id = $2)",
    )
    .bind(user_id)
    .bind(organization_id)
    .execute(&mut tx)
    .await?;
    action_log::append(
        &mut tx,
        by,
        "member-removed",
        Subject::removed("membership", membership_id, "organization", organization_id),
        Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_patterns_escape_wildcards() {
        assert_eq!(like_pattern(""), "%%");
        assert_eq!(like_pattern(" Ana "), "%ana%");
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
