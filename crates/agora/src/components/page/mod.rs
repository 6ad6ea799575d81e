//! The "page" component: a static text (Markdown) shown in a space. The smallest possible
//! component, proving the registry: a manifest, a route, a view.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use sqlx::Row;

use super::{Manifest, Setting, SettingKind};
use crate::app::AppState;
use crate::platform::permissions::Action;
use crate::platform::spaces::{self, Space};
use crate::platform::{access, markdown};
use crate::web::{AppError, Ctx, render};

pub const MANIFEST: Manifest = Manifest {
    kind: "page",
    path: "pages",
    name_key: "component-page",
    settings: &[Setting {
        key: "show_title",
        kind: SettingKind::Bool { default: true },
        label_key: "component-page-show-title",
    }],
    phase_settings: &[],
    actions: &[],
    router,
};

fn router() -> Router<AppState> {
    Router::new().route("/pages/{id}", get(show))
}

#[derive(Template)]
#[template(path = "components/page/show.html")]
struct PageView {
    ctx: Ctx,
    space: Space,
    title: String,
    body_html: String,
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let row = sqlx::query(
        "SELECT c.space_id, c.title, c.published_at, p.body FROM components c
         LEFT JOIN pages p ON p.component_id = c.id WHERE c.id = $1 AND c.kind = 'page'",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let space = spaces::find(&state.db, row.try_get("space_id")?)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = access::require_space(&state.db, ctx.user(), &space, Action::ViewSpace).await?;
    let published = row.try_get::<Option<i64>, _>("published_at")?.is_some();
    if !published
        && !crate::platform::permissions::permits(&actor, Action::AdminSpace, Some(&space.facts()))
    {
        return Err(AppError::NotFound);
    }
    let body: Option<String> = row.try_get("body")?;
    render(&PageView {
        ctx,
        space,
        title: row.try_get("title")?,
        body_html: markdown::to_safe_html(body.as_deref().unwrap_or("")),
    })
}

/// Creates a page component in a space with its text (used by admins and the demo).
pub async fn create(
    db: &crate::db::Db,
    space_id: i64,
    title: &str,
    body: &str,
) -> Result<i64, sqlx::Error> {
    let now = crate::db::now();
    let row = sqlx::query(
        "INSERT INTO components (space_id, kind, title, position, settings, published_at, created_at)
         VALUES ($1, 'page', $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM components WHERE space_id = $1),
                 '{}', $3, $3) RETURNING id",
    )
    .bind(space_id)
    .bind(title)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    let id: i64 = row.try_get("id")?;
    sqlx::query("INSERT INTO pages (component_id, body, updated_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(body)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(id)
}
