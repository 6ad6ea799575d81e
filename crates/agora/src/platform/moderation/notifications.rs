//! In-app notifications: a Fluent key with JSON arguments and a link, per person. Moderators
//! are notified here when content is hidden automatically; follows (issue 4) can grow from it.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::Value;
use sqlx::Row;

use crate::app::AppState;
use crate::db::{self, Db};
use crate::platform::accounts::routes::{format_time, iso_time};
use crate::web::{AppError, Ctx, render, see_other};

/// How many notifications the page shows.
const SHOWN: i64 = 100;

/// Notifies the moderators and administrators of a space, and the administrators of its
/// organisation, each once (one statement).
pub async fn notify_moderators(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    space_id: i64,
    kind: &str,
    text_key: &str,
    args: &Value,
    link: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, text_key, args, link, created_at)
         SELECT x.user_id, $2, $3, $4, $5, $6 FROM (
             SELECT user_id FROM space_members WHERE space_id = $1 AND role IN ('admin', 'moderator')
             UNION
             SELECT m.user_id FROM memberships m JOIN spaces s ON s.organization_id = m.organization_id
             WHERE s.id = $1 AND m.role = 'admin'
         ) x",
    )
    .bind(space_id)
    .bind(kind)
    .bind(text_key)
    .bind(args.to_string())
    .bind(link)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
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

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(page))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
}

#[derive(Template)]
#[template(path = "moderation/notifications.html")]
struct NotificationsView {
    ctx: Ctx,
    notifications: Vec<Notification>,
}

async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user_id = ctx.require_user()?.id;
    let notifications = list(&state.db, &ctx, user_id).await?;
    render(&NotificationsView { ctx, notifications })
}

async fn read_all(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user_id = ctx.require_user()?.id;
    mark_read(&state.db, user_id, None).await?;
    Ok(see_other("/notifications"))
}

async fn read_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user_id = ctx.require_user()?.id;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    mark_read(&state.db, user_id, Some(id)).await?;
    Ok(see_other("/notifications"))
}
