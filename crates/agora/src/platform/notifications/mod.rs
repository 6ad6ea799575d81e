//! In-app notifications, a service for every part of agora: a notification is a Fluent key
//! with JSON arguments and a link, stored per person and translated when the page is shown
//! (so each person reads it in their own language). Callers pass the transaction that made
//! the change, so a notification exists exactly when the change does.
//!
//! [`notify`] never notifies the person who acted. Who receives a notification is a
//! [`Recipients`]: some people, the followers of a resource (see [`follows`]), or a space's
//! moderators. The header shows the unread count, read with the session in one query
//! (`sessions::resolve`, through the `notifications_unread` partial index).

pub mod audience;
pub mod email;
pub mod follows;
pub mod mentions;
pub mod routes;

use serde_json::Value;

use crate::db::{self, Db};
use crate::platform::accounts::routes::{format_time, iso_time};
use crate::platform::permissions::{
    Action, Actor, OrgRole, SpaceFacts, SpaceRole, Visibility, permits,
};
use crate::web::Ctx;

/// How many notifications the page shows.
const SHOWN: i64 = 100;

/// Who receives a notification (the actor is always left out).
#[derive(Clone, Copy, Debug)]
pub enum Recipients<'a> {
    /// These people.
    Users(&'a [i64]),
    /// The followers of a resource, and these people too.
    Followers {
        kind: &'a str,
        id: i64,
        also: &'a [i64],
    },
    /// The moderators and administrators of a space and the administrators of its organisation.
    SpaceModerators(i64),
}

fn placeholders(from: usize, count: usize) -> String {
    if count == 0 {
        // No one: a list that matches nothing (`IN ()` is not portable).
        return "NULL".into();
    }
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Notifies `recipients` — each person once, never `actor` — on `conn` (a transaction:
/// `&mut *tx`, or a pooled connection). The stored kind is the key without its
/// `notification-` prefix. Returns how many people were notified.
///
/// Followers are notified only while they may see the resource's space (or, for a group's
/// thread, are its guests): someone removed from a private space, or whose public space became
/// private, or whose guest invitation was revoked, hears nothing more from it (their follows
/// stay, and count again if they regain access). The common case, a published public
/// space, stays one statement.
pub async fn notify(
    conn: impl Into<crate::db::Conn<'_>>,
    recipients: Recipients<'_>,
    actor: Option<i64>,
    key: &str,
    args: &Value,
    link: &str,
) -> Result<u64, sqlx::Error> {
    let mut conn = conn.into();
    if let Recipients::Followers { kind, id, also } = recipients
        && let Some(allowed) = followers_who_see(&mut conn, kind, id, also).await?
    {
        let mut notified = 0;
        // Bounded statements: SQLite accepts at most 32,766 placeholders.
        for some in allowed.chunks(1000) {
            notified += insert(&mut conn, Recipients::Users(some), actor, key, args, link).await?;
        }
        return Ok(notified);
    }
    insert(&mut conn, recipients, actor, key, args, link).await
}

/// The followers of a resource (and `also`) who may see its space, when that space is not
/// seen by everyone; `None` when it is (every follower may be told).
async fn followers_who_see(
    conn: impl Into<crate::db::Conn<'_>>,
    kind: &str,
    id: i64,
    also: &[i64],
) -> Result<Option<Vec<i64>>, sqlx::Error> {
    let mut conn = conn.into();
    let Some(followable) = follows::followable(kind) else {
        return Ok(None);
    };
    let space = db::query_built(format!(
        "SELECT s.id, s.organization_id, s.visibility, s.published_at FROM spaces s
         WHERE s.id = ({})",
        followable.space_sql
    ))
    .bind(id)
    .fetch_optional(&mut conn)
    .await?;
    let Some(space) = space else {
        // The resource is gone: no one to tell.
        return Ok(Some(Vec::new()));
    };
    let facts = SpaceFacts {
        visibility: Visibility::parse(&space.try_get::<String, _>("visibility")?)
            .unwrap_or(Visibility::Secret),
        published: space.try_get::<Option<i64>, _>("published_at")?.is_some(),
        // Whether one sees a space does not depend on it being a group.
        group: None,
    };
    if facts.published && permits(&Actor::ANONYMOUS, Action::ViewSpace, Some(&facts)) {
        return Ok(None);
    }
    let sql = format!(
        "SELECT x.user_id, u.is_instance_admin, u.blocked_at,
                (SELECT role FROM memberships m WHERE m.organization_id = $3 AND m.user_id = x.user_id) AS org_role,
                (SELECT role FROM space_members sm WHERE sm.space_id = $4 AND sm.user_id = x.user_id) AS space_role,
                CASE WHEN EXISTS (SELECT 1 FROM group_guests g WHERE g.item_kind = $1
                        AND g.item_id = $2 AND g.user_id = x.user_id AND g.accepted_at IS NOT NULL)
                     THEN 1 ELSE 0 END AS guest
         FROM (SELECT user_id FROM follows WHERE resource_kind = $1 AND resource_id = $2
               UNION SELECT id FROM users WHERE id IN ({})) x
         JOIN users u ON u.id = x.user_id",
        placeholders(5, also.len())
    );
    let mut query = db::query_built(sql)
        .bind(kind.to_string())
        .bind(id)
        .bind(space.try_get::<i64, _>("organization_id")?)
        .bind(space.try_get::<i64, _>("id")?);
    for user in also {
        query = query.bind(*user);
    }
    let mut allowed = Vec::new();
    for row in query.fetch_all(&mut conn).await? {
        let actor = Actor {
            signed_in: true,
            instance_admin: row.try_get::<i64, _>("is_instance_admin")? == 1,
            blocked: row.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
            org_role: row
                .try_get::<Option<String>, _>("org_role")?
                .and_then(|r| OrgRole::parse(&r)),
            space_role: row
                .try_get::<Option<String>, _>("space_role")?
                .and_then(|r| SpaceRole::parse(&r)),
            // A guest of this very thread or poll (never of another item of the space).
            guest: row.try_get::<i64, _>("guest")? == 1,
        };
        if permits(&actor, Action::ViewSpace, Some(&facts)) {
            allowed.push(row.try_get::<i64, _>("user_id")?);
        }
    }
    Ok(Some(allowed))
}

/// Writes the notifications: one statement.
async fn insert(
    conn: impl Into<crate::db::Conn<'_>>,
    recipients: Recipients<'_>,
    actor: Option<i64>,
    key: &str,
    args: &Value,
    link: &str,
) -> Result<u64, sqlx::Error> {
    let mut conn = conn.into();
    let source = match recipients {
        Recipients::Users(ids) => {
            format!(
                "SELECT id AS user_id FROM users WHERE id IN ({})",
                placeholders(7, ids.len())
            )
        }
        Recipients::Followers { also, .. } => format!(
            "SELECT user_id FROM follows WHERE resource_kind = $7 AND resource_id = $8
             UNION SELECT id FROM users WHERE id IN ({})",
            placeholders(9, also.len())
        ),
        Recipients::SpaceModerators(_) => {
            "SELECT user_id FROM space_members WHERE space_id = $7 AND role IN ('admin', 'moderator')
             UNION
             SELECT m.user_id FROM memberships m JOIN spaces s ON s.organization_id = m.organization_id
             WHERE s.id = $7 AND m.role = 'admin'"
                .into()
        }
    };
    let sql = format!(
        "INSERT INTO notifications (user_id, kind, text_key, args, link, created_at)
         SELECT x.user_id, $1, $2, $3, $4, $5 FROM ({source}) x WHERE x.user_id <> $6"
    );
    let mut query = db::query_built(sql)
        .bind(key.strip_prefix("notification-").unwrap_or(key).to_string())
        .bind(key.to_string())
        .bind(args.to_string())
        .bind(link.to_string())
        .bind(db::now())
        .bind(actor.unwrap_or(-1));
    match recipients {
        Recipients::Users(ids) => {
            for id in ids {
                query = query.bind(*id);
            }
        }
        Recipients::Followers { kind, id, also } => {
            query = query.bind(kind.to_string()).bind(id);
            for id in also {
                query = query.bind(*id);
            }
        }
        Recipients::SpaceModerators(space_id) => query = query.bind(space_id),
    }
    Ok(query.execute(&mut conn).await?.rows_affected())
}

/// One notification as the page shows it.
pub struct Notification {
    pub id: i64,
    pub text: String,
    pub link: String,
    pub created: String,
    pub created_iso: String,
    pub read: bool,
}

/// A person's newest notifications, their text in the page's language.
pub async fn list(db: &Db, ctx: &Ctx, user_id: i64) -> Result<Vec<Notification>, sqlx::Error> {
    db::query(
        "SELECT id, text_key, args, link, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(SHOWN)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let key: String = r.try_get("text_key")?;
        let args: Vec<(String, String)> =
            serde_json::from_str::<Value>(&r.try_get::<String, _>("args")?)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.as_str().map(String::from).unwrap_or(v.to_string())))
                .collect();
        let text = match args.as_slice() {
            [] => ctx.i18n.t(&key),
            [(a, x)] => ctx.i18n.t1(&key, a, x),
            [(a, x), (b, y), ..] => ctx.i18n.t2(&key, a, x, b, y),
        };
        let created: i64 = r.try_get("created_at")?;
        Ok(Notification {
            id: r.try_get("id")?,
            text,
            link: r.try_get("link")?,
            created: format_time(created),
            created_iso: iso_time(created),
            read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
        })
    })
    .collect()
}

/// Marks one notification (or, with `None`, all) of a person read.
pub async fn mark_read(db: &Db, user_id: i64, id: Option<i64>) -> Result<(), sqlx::Error> {
    db::query(
        "UPDATE notifications SET read_at = $1
         WHERE user_id = $2 AND read_at IS NULL AND ($3 < 0 OR id = $3)",
    )
    .bind(db::now())
    .bind(user_id)
    .bind(id.unwrap_or(-1))
    .execute(db)
    .await?;
    Ok(())
}
