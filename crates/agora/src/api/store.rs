//! The one query only the API needs (the models' own queries live with the models).

use sqlx::Row;

use crate::db::Db;
use crate::platform::permissions::OrgRole;

/// One organisation a person belongs to.
pub struct Membership {
    pub slug: String,
    pub name: String,
    pub role: OrgRole,
}

/// The organisations a person is a member of, by name.
pub async fn memberships(db: &Db, user_id: i64) -> Result<Vec<Membership>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.slug, o.name, m.role FROM memberships m
         JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id = $1 ORDER BY o.name, o.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        // A role the code does not know is left out rather than guessed.
        if let Some(role) = OrgRole::parse(&row.try_get::<String, _>("role")?) {
            out.push(Membership {
                slug: row.try_get("slug")?,
                name: row.try_get("name")?,
                role,
            });
        }
    }
    Ok(out)
}
