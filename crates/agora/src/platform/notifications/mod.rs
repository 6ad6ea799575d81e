//! In-app notifications, a service for every part of agora: a notification is a Fluent key
//! with JSON arguments and a link, stored per person and translated when the page is shown
//! (so each person reads it in their own language). Callers pass the transaction that made
//! the change, so a notification exists exactly when the change does.
//!
//! [`notify`] never notifies the person who acted. Who receives a notification is a
//! [`Recipients`]: some people, the followers of a resource (see [`follows`]), or a space's
//! moderators. The header shows the unread count, read with the session in one query
//! (`sessions::resolve`, through the `notifications_unread` partial index).

pub mod follows;
pub mod routes;

use serde_json::Value;
use sqlx::{AnyConnection, Row};

use crate::db::{self, Db};
use crate::platform::accounts::routes::{format_time, iso_time};
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

/// Notifies `recipients` — each person once, never `actor` — in one statement on `conn` (a
/// transaction: `&mut *tx`, or a pooled connection). The stored kind is the key without its
/// `notification-` prefix. Returns how many people were notified.
pub async fn notify(
    conn: &mut AnyConnection,
    recipients: Recipients<'_>,
    actor: Option<i64>,
    key: &str,
    args: &Value,
    link: &str,
) -> Result<u64, sqlx::Error> {
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
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
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
    Ok(query.execute(conn).await?.rows_affected())
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
    sqlx::query(
        "SELECT id, text_key, args, link, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(SHOWN)
    .fetch_all(&db.pool)
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
    sqlx::query(
        "UPDATE notifications SET read_at = $1
         WHERE user_id = $2 AND read_at IS NULL AND ($3 < 0 OR id = $3)",
    )
    .bind(db::now())
    .bind(user_id)
    .bind(id.unwrap_or(-1))
    .execute(&db.pool)
    .await?;
    Ok(())
}
