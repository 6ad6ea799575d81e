//! Follows: people who want to hear about a resource (`resource_kind`, `resource_id`). One
//! table for every component; the unique index makes following idempotent under concurrency.
//!
//! # Making a resource followable
//!
//! Add one line to [`FOLLOWABLES`] (its kind and how to read its title). Commenting on it then
//! makes the commenter a follower and notifies its other followers; the component notifies
//! followers of its own events with [`super::notify`] and [`super::Recipients::Followers`].

use serde_json::json;

use super::{Recipients, notify};
use crate::db::{self, Db};

/// A kind of resource people can follow.
pub struct Followable {
    /// Stored in `follows.resource_kind` (the same word as for comments and reports).
    pub kind: &'static str,
    /// One statement that reads the resource's title (`$1`: its id), for notification texts.
    pub title_sql: &'static str,
    /// One statement that reads the id of the space the resource is in (`$1`: its id): only
    /// followers who may still see that space are notified (someone removed from a private
    /// space keeps their follows, but hears nothing more from it).
    pub space_sql: &'static str,
}

/// Every followable kind.
pub const FOLLOWABLES: &[Followable] = &[
    crate::components::proposals::FOLLOWABLE,
    crate::components::threads::FOLLOWABLE,
];

pub(super) fn followable(kind: &str) -> Option<&'static Followable> {
    FOLLOWABLES.iter().find(|f| f.kind == kind)
}

/// Makes `user_id` follow the resource (nothing changes if they already do). True when a
/// follow was added.
pub async fn follow(
    conn: impl Into<crate::db::Conn<'_>>,
    kind: &str,
    id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let mut conn = conn.into();
    Ok(db::query(
        "INSERT INTO follows (resource_kind, resource_id, user_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (resource_kind, resource_id, user_id) DO NOTHING",
    )
    .bind(kind)
    .bind(id)
    .bind(user_id)
    .bind(db::now())
    .execute(&mut conn)
    .await?
    .rows_affected()
        == 1)
}

/// Stops following. True when there was a follow.
pub async fn unfollow(db: &Db, kind: &str, id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "DELETE FROM follows WHERE resource_kind = $1 AND resource_id = $2 AND user_id = $3",
    )
    .bind(kind)
    .bind(id)
    .bind(user_id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// True when `user_id` follows the resource.
pub async fn is_following(db: &Db, kind: &str, id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "SELECT 1 FROM follows WHERE resource_kind = $1 AND resource_id = $2 AND user_id = $3",
    )
    .bind(kind)
    .bind(id)
    .bind(user_id)
    .fetch_optional(db)
    .await?
    .is_some())
}

/// How many people follow the resource.
pub async fn count(db: &Db, kind: &str, id: i64) -> Result<i64, sqlx::Error> {
    db::query("SELECT COUNT(*) FROM follows WHERE resource_kind = $1 AND resource_id = $2")
        .bind(kind)
        .bind(id)
        .fetch_one(db)
        .await?
        .try_get(0)
}

/// Called by the comments service in the transaction that writes a comment: on a followable
/// resource, the commenter follows it (as in Decidim) and its other followers are notified.
pub async fn commented(
    conn: &mut crate::db::WriteTx,
    kind: &str,
    id: i64,
    author_id: i64,
    link: &str,
) -> Result<(), sqlx::Error> {
    let Some(followable) = followable(kind) else {
        return Ok(());
    };
    follow(&mut *conn, kind, id, author_id).await?;
    let title: String = match db::query(followable.title_sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    {
        Some(row) => row.try_get(0)?,
        None => return Ok(()),
    };
    notify(
        conn,
        Recipients::Followers {
            kind,
            id,
            also: &[],
        },
        Some(author_id),
        "notification-new-comment",
        &json!({ "title": title }),
        link,
    )
    .await?;
    Ok(())
}
