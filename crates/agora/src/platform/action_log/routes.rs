//! The activity pages: an organisation's and a space's last public activity, and the
//! organisation's admin log. Each page is one query on an index ending in `seq`, paginated by
//! keyset (`?before=SEQ`), so page 1000 costs what page 1 does.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use sqlx::Row;

use super::Head;
use crate::app::AppState;
use crate::db::Db;
use crate::platform::accounts::routes::{format_time, iso_time};
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::{Action, permits};
use crate::platform::{access, spaces};
use crate::web::{AppError, Ctx, render};

/// Entries per page.
const PER_PAGE: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/activity", get(organization_activity))
        .route("/o/{slug}/admin/log", get(admin_log))
        .route("/spaces/{id}/activity", get(space_activity))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PageQuery {
    before: Option<String>,
}

impl PageQuery {
    /// The keyset cursor: entries strictly before this position.
    fn before(&self) -> Result<i64, AppError> {
        match self.before.as_deref() {
            None | Some("") => Ok(i64::MAX),
            Some(text) => text.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                AppError::BadRequest("before must be a positive entry number".into())
            }),
        }
    }
}

/// One entry as the pages show it.
struct Row_ {
    seq: i64,
    at: String,
    at_iso: String,
    who: Option<String>,
    action_key: String,
    link: String,
}

#[derive(Template)]
#[template(path = "action_log/list.html")]
struct ActivityView {
    ctx: Ctx,
    org: Organization,
    /// The space, for a space's page.
    space: Option<(i64, String)>,
    title_key: &'static str,
    intro_key: &'static str,
    rows: Vec<Row_>,
    older: Option<String>,
    head: Head,
}

const COLUMNS: &str =
    "SELECT l.seq, l.action, l.link, l.created_at, l.actor_id, u.name, u.deleted_at
    FROM action_log l LEFT JOIN users u ON u.id = l.actor_id";

async fn rows(
    db: &Db,
    sql: String,
    scope: i64,
    spaces: &[i64],
    before: i64,
) -> Result<Vec<Row_>, sqlx::Error> {
    super::settle(db).await?;
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope)
        .bind(before)
        .bind(PER_PAGE + 1);
    for id in spaces {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            let at: i64 = r.try_get("created_at")?;
            let action: String = r.try_get("action")?;
            let deleted = r.try_get::<Option<i64>, _>("deleted_at")?.is_some();
            let who = match (r.try_get::<Option<i64>, _>("actor_id")?, deleted) {
                (None, _) => None,
                (Some(_), true) => Some(String::new()),
                (Some(_), false) => r.try_get::<Option<String>, _>("name")?,
            };
            Ok(Row_ {
                seq: r.try_get("seq")?,
                at: format_time(at),
                at_iso: iso_time(at),
                who,
                action_key: format!("activity-{action}"),
                link: r.try_get("link")?,
            })
        })
        .collect()
}

fn older_link(path: &str, rows: &mut Vec<Row_>) -> Option<String> {
    if rows.len() as i64 > PER_PAGE {
        rows.truncate(PER_PAGE as usize);
        rows.last().map(|r| format!("{path}?before={}", r.seq))
    } else {
        None
    }
}

async fn organization_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let before = query.before()?;
    let org = organizations::find_by_slug(db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    // Only the spaces this visitor may see: a private space's activity never shows here.
    let actor = access::actor(db, ctx.user(), org.id, None).await?;
    let visible: Vec<i64> = spaces::list_for_organization(db, org.id)
        .await?
        .into_iter()
        .filter(|s| permits(&actor, Action::ViewSpace, Some(&s.facts())))
        .map(|s| s.id)
        .collect();
    let list = if visible.is_empty() {
        "NULL".to_string()
    } else {
        (4..4 + visible.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "{COLUMNS} WHERE l.organization_id = $1 AND l.visibility = 'public' AND l.seq < $2
           AND (l.space_id IS NULL OR l.space_id IN ({list}))
         ORDER BY l.seq DESC LIMIT $3"
    );
    let mut rows = rows(db, sql, org.id, &visible, before).await?;
    let older = older_link(&format!("/o/{}/activity", org.slug), &mut rows);
    render(&ActivityView {
        ctx,
        space: None,
        title_key: "activity-title",
        intro_key: "activity-intro",
        rows,
        older,
        head: super::head(db).await?,
        org,
    })
}

async fn space_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let before = query.before()?;
    let space = spaces::find(db, id).await?.ok_or(AppError::NotFound)?;
    access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    let sql = format!(
        "{COLUMNS} WHERE l.space_id = $1 AND l.visibility = 'public' AND l.seq < $2
         ORDER BY l.seq DESC LIMIT $3"
    );
    let mut rows = rows(db, sql, space.id, &[], before).await?;
    let older = older_link(&format!("/spaces/{}/activity", space.id), &mut rows);
    render(&ActivityView {
        ctx,
        space: Some((space.id, space.title)),
        title_key: "activity-title",
        intro_key: "activity-space-intro",
        rows,
        older,
        head: super::head(db).await?,
        org,
    })
}

async fn admin_log(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let before = query.before()?;
    let org = organizations::find_by_slug(db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    access::require_org_admin(db, ctx.user(), org.id)
        .await
        .map_err(|e| match e {
            AppError::SignInRequired(_) => AppError::SignInRequired(ctx.path.clone()),
            other => other,
        })?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    // Everything but the private entries (who supported what stays out of every page).
    let sql = format!(
        "{COLUMNS} WHERE l.organization_id = $1 AND l.visibility <> 'private' AND l.seq < $2
         ORDER BY l.seq DESC LIMIT $3"
    );
    let mut rows = rows(db, sql, org.id, &[], before).await?;
    let older = older_link(&format!("/o/{}/admin/log", org.slug), &mut rows);
    render(&ActivityView {
        ctx,
        space: None,
        title_key: "activity-admin-title",
        intro_key: "activity-admin-intro",
        rows,
        older,
        head: super::head(db).await?,
        org,
    })
}
