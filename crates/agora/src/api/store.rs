//! The few queries only the API needs (the models' own queries live with the models).

use std::collections::HashMap;

use sqlx::Row;

use crate::db::Db;
use crate::platform::permissions::{OrgRole, SpaceRole};

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

/// A person's roles in the spaces of one organisation, by space id: one query for a whole
/// list of spaces instead of one per space.
pub async fn space_roles(
    db: &Db,
    user_id: i64,
    organization_id: i64,
) -> Result<HashMap<i64, SpaceRole>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sm.space_id, sm.role FROM space_members sm
         JOIN spaces s ON s.id = sm.space_id
         WHERE sm.user_id = $1 AND s.organization_id = $2",
    )
    .bind(user_id)
    .bind(organization_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in &rows {
        if let Some(role) = SpaceRole::parse(&row.try_get::<String, _>("role")?) {
            out.insert(row.try_get::<i64, _>("space_id")?, role);
        }
    }
    Ok(out)
}

/// A component placed in a space.
pub struct PlacedComponent {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub published: bool,
}

/// The components of a space, in their display order.
pub async fn components(db: &Db, space_id: i64) -> Result<Vec<PlacedComponent>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, title, published_at FROM components
         WHERE space_id = $1 ORDER BY position, id",
    )
    .bind(space_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PlacedComponent {
                id: row.try_get("id")?,
                kind: row.try_get("kind")?,
                title: row.try_get("title")?,
                published: row.try_get::<Option<i64>, _>("published_at")?.is_some(),
            })
        })
        .collect()
}
