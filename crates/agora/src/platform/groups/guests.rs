//! Guests: an e-mail address invited to one thread or one poll. The invitation goes through the
//! mail outbox with a link carrying a random token (only its SHA-256 is stored); the person who
//! opens it signed in becomes the guest of that one item. [`is_guest`] is the one question the
//! threads and polls components (and the comment service) ask.

use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject};
use crate::platform::secrets;

/// How long an invitation link works: 14 days.
pub const VALID_SECS: i64 = 14 * 24 * 3600;

/// What a guest may be invited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Thread,
    Poll,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Thread => "thread",
            ItemKind::Poll => "poll",
        }
    }
    pub fn parse(text: &str) -> Option<ItemKind> {
        match text {
            "thread" => Some(ItemKind::Thread),
            "poll" => Some(ItemKind::Poll),
            _ => None,
        }
    }
    fn table(self) -> &'static str {
        match self {
            ItemKind::Thread => "threads",
            ItemKind::Poll => "polls",
        }
    }
    fn path(self) -> &'static str {
        match self {
            ItemKind::Thread => "threads",
            ItemKind::Poll => "polls",
        }
    }
}

/// An item a guest may be invited to: its space and its page.
pub struct Item {
    pub space_id: i64,
    pub title: String,
    pub link: String,
}

/// Finds a thread or poll by id, with its space (any component of that kind).
pub async fn item(db: &Db, kind: ItemKind, id: i64) -> Result<Option<Item>, sqlx::Error> {
    // The table name comes from the enum, never from input.
    let sql = format!(
        "SELECT c.space_id, x.title, x.component_id FROM {} x JOIN components c ON c.id = x.component_id
         WHERE x.id = $1",
        kind.table()
    );
    let row = db::query_built(sql).bind(id).fetch_optional(db).await?;
    row.map(|r| {
        Ok(Item {
            space_id: r.try_get("space_id")?,
            title: r.try_get("title")?,
            link: format!(
                "/{}/{}/{id}",
                kind.path(),
                r.try_get::<i64, _>("component_id")?
            ),
        })
    })
    .transpose()
}

/// Is `user_id` a guest of this thread or poll (an invitation they accepted)? `kind` is the
/// comment host kind (`thread`, `poll`); other kinds never have guests.
pub async fn is_guest(db: &Db, kind: &str, id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    if ItemKind::parse(kind).is_none() {
        return Ok(false);
    }
    Ok(db::query(
        "SELECT 1 FROM group_guests WHERE item_kind = $1 AND item_id = $2 AND user_id = $3
         AND accepted_at IS NOT NULL LIMIT 1",
    )
    .bind(kind)
    .bind(id)
    .bind(user_id)
    .fetch_optional(db)
    .await?
    .is_some())
}

/// Records an invitation and returns the token for the link (shown once in the e-mail).
pub async fn invite(
    db: &Db,
    space_id: i64,
    kind: ItemKind,
    item_id: i64,
    email: &str,
    by: i64,
) -> Result<String, sqlx::Error> {
    let token = secrets::new_token();
    let now = db::now();
    let mut tx = db.begin().await?;
    let row = db::query(
        "INSERT INTO group_guests (space_id, item_kind, item_id, email, token_hash, invited_by,
                                   created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(space_id)
    .bind(kind.as_str())
    .bind(item_id)
    .bind(email)
    .bind(secrets::token_hash(&token))
    .bind(by)
    .bind(now)
    .bind(now + VALID_SECS)
    .fetch_one(&mut tx)
    .await?;
    action_log::append(
        &mut tx,
        Some(by),
        "group-guest-invited",
        Subject::of("group_guest", row.try_get(0)?),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Accepts an invitation for `user_id`: the link of the item, or `None` when the token is
/// unknown, expired, or already taken by another account (a link works for one person).
pub async fn accept(db: &Db, token: &str, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let row = db::query(
        "UPDATE group_guests SET user_id = $1, accepted_at = COALESCE(accepted_at, $2)
         WHERE token_hash = $3 AND expires_at > $2 AND (user_id IS NULL OR user_id = $1)
         RETURNING id, item_kind, item_id",
    )
    .bind(user_id)
    .bind(now)
    .bind(secrets::token_hash(token))
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let kind = ItemKind::parse(&row.try_get::<String, _>("item_kind")?);
    let item_id: i64 = row.try_get("item_id")?;
    action_log::append(
        &mut tx,
        Some(user_id),
        "group-guest-accepted",
        Subject::of("group_guest", row.try_get("id")?),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    let Some(kind) = kind else { return Ok(None) };
    Ok(item(db, kind, item_id).await?.map(|i| i.link))
}

/// A guest invitation, as the group's admins see it.
pub struct Invitation {
    pub id: i64,
    pub email: String,
    pub item_kind: String,
    pub item_title: String,
    pub accepted: bool,
}

/// The guest invitations of a group, newest first.
pub async fn list(db: &Db, space_id: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    db::query(
        "SELECT g.id, g.email, g.item_kind, g.accepted_at,
                COALESCE(t.title, p.title, '') AS title
         FROM group_guests g
         LEFT JOIN threads t ON g.item_kind = 'thread' AND t.id = g.item_id
         LEFT JOIN polls p ON g.item_kind = 'poll' AND p.id = g.item_id
         WHERE g.space_id = $1 ORDER BY g.id DESC",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(Invitation {
            id: r.try_get("id")?,
            email: r.try_get("email")?,
            item_kind: r.try_get("item_kind")?,
            item_title: r.try_get("title")?,
            accepted: r.try_get::<Option<i64>, _>("accepted_at")?.is_some(),
        })
    })
    .collect()
}

/// Revokes a guest invitation of this group (accepted or not): the guest loses the item at
/// once. False when there is no such invitation in this group.
pub async fn revoke(db: &Db, space_id: i64, id: i64, by: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Logged first, while the row still gives the entry its space.
    let exists = db::query("SELECT 1 FROM group_guests WHERE id = $1 AND space_id = $2")
        .bind(id)
        .bind(space_id)
        .fetch_optional(&mut tx)
        .await?
        .is_some();
    if !exists {
        return Ok(false);
    }
    action_log::append(
        &mut tx,
        Some(by),
        "group-guest-revoked",
        Subject::removed("group_guest", id, "space", space_id),
        action_log::Visibility::Admins,
    )
    .await?;
    db::query("DELETE FROM group_guests WHERE id = $1")
        .bind(id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
