//! `GET /o/{slug}/open-data.zip` (the cached archive, streamed from its file) and the Atom
//! feeds: `/o/{slug}/activity.atom`, `/spaces/{id}/results.atom`, `/proposals/{cid}/feed.atom`.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::Row;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::feeds::{Entry, Feed, excerpt};
use crate::app::AppState;
use crate::components::store;
use crate::db::{self, Db};
use crate::platform::organizations;
use crate::platform::permissions::{Action, permits};
use crate::platform::spaces;
use crate::platform::{access, action_log};
use crate::web::{AppError, Ctx};

/// Entries per feed.
const ENTRIES: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/open-data.zip", get(download))
        .route("/o/{slug}/activity.atom", get(activity_feed))
        .route("/spaces/{id}/results.atom", get(results_feed))
        .route("/proposals/{cid}/feed.atom", get(proposals_feed))
}

async fn download(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = organizations::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let path = super::cache::fresh(
        &state.db,
        &state.config.open_data_dir,
        state.config.open_data_refresh,
        &org,
    )
    .await
    .map_err(|e| AppError::internal(format!("open data of {slug}: {e}")))?;
    // Streamed from the file (ranges and conditional requests included).
    let mut response = ServeFile::new(path)
        .oneshot(Request::new(Body::empty()))
        .await
        .map_err(|e| AppError::internal(format!("open data file: {e}")))?
        .map(Body::new)
        .into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}-open-data.zip\"",
        org.slug
    )) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}

fn atom(xml: String) -> Response {
    ([(CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response()
}

fn parse_id(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn proposals_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<String>,
) -> Result<Response, AppError> {
    let cid = parse_id(&cid)?;
    use crate::components::proposals;
    let loaded = crate::components::loaded::load(
        &state.db,
        ctx,
        cid,
        &proposals::MANIFEST,
        proposals::Settings::from_map,
    )
    .await?;
    let base = &state.config.base_url;
    // Published, not hidden: a withdrawn or hidden proposal never shows in the feed.
    let rows = sqlx::query(
        "SELECT p.id, p.title, p.body, p.created_at,
                CASE WHEN u.deleted_at IS NULL THEN u.name ELSE '' END AS author_name
         FROM proposals p LEFT JOIN users u ON u.id = p.author_id
         WHERE p.component_id = $1 AND p.state = 'published'
           AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                AND m.resource_id = p.id AND m.hidden_at IS NOT NULL)
         ORDER BY p.id DESC LIMIT $2",
    )
    .bind(cid)
    .bind(ENTRIES)
    .fetch_all(&state.db.pool)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let link = format!("{base}/proposals/{cid}/{id}");
        entries.push(Entry {
            id: link.clone(),
            link,
            title: r.try_get("title")?,
            summary: excerpt(&r.try_get::<String, _>("body")?, 500),
            author: r.try_get("author_name")?,
            updated: r.try_get("created_at")?,
        });
    }
    let feed = Feed {
        self_url: format!("{base}/proposals/{cid}/feed.atom"),
        page_url: format!("{base}/proposals/{cid}"),
        title: format!(
            "{} · {} · {}",
            loaded.component.title, loaded.space.title, loaded.org.name
        ),
        author: loaded.org.name.clone(),
        lang: loaded.ctx.i18n.lang().to_string(),
        entries,
    };
    Ok(atom(feed.to_xml(db::now())))
}

async fn results_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let id = parse_id(&id)?;
    let space = spaces::find(db, id).await?.ok_or(AppError::NotFound)?;
    access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    let base = &state.config.base_url;
    let now = db::now();
    let components = store::list_published(db, space.id).await?;
    let ids = |kind: &str| -> String {
        let ids: Vec<String> = components
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.id.to_string())
            .collect();
        if ids.is_empty() {
            "NULL".into()
        } else {
            ids.join(", ")
        }
    };
    let mut entries = Vec::new();
    // Closed polls: closed by hand, or their closing date passed.
    let polls = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, component_id, title, outcome_text, outcome_at,
                COALESCE(closed_at, closes_at) AS ended_at
         FROM polls
         WHERE component_id IN ({}) AND opened_at IS NOT NULL
           AND (closed_at IS NOT NULL OR closes_at <= $1)
         ORDER BY COALESCE(closed_at, closes_at) DESC LIMIT $2",
        ids("polls")
    )))
    .bind(now)
    .bind(ENTRIES)
    .fetch_all(&db.pool)
    .await?;
    for r in &polls {
        let id: i64 = r.try_get("id")?;
        let cid: i64 = r.try_get("component_id")?;
        let link = format!("{base}/polls/{cid}/{id}");
        let outcome: Option<String> = r.try_get("outcome_text")?;
        let ended: i64 = r.try_get("ended_at")?;
        let outcome_at: Option<i64> = r.try_get("outcome_at")?;
        entries.push(Entry {
            id: format!("{link}#closed"),
            link,
            title: ctx.i18n.t1(
                "opendata-feed-poll-closed",
                "title",
                r.try_get::<String, _>("title")?,
            ),
            summary: outcome.map(|o| excerpt(&o, 1000)).unwrap_or_default(),
            author: None,
            updated: outcome_at.unwrap_or(ended).max(ended),
        });
    }
    let budgets = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT b.id, b.component_id, b.title, r.published_at
         FROM budgets b JOIN budget_results r ON r.budget_id = b.id
         WHERE b.component_id IN ({}) AND b.id > $1
         ORDER BY r.published_at DESC LIMIT $2",
        ids("budgets")
    )))
    .bind(0i64)
    .bind(ENTRIES)
    .fetch_all(&db.pool)
    .await?;
    for r in &budgets {
        let id: i64 = r.try_get("id")?;
        let cid: i64 = r.try_get("component_id")?;
        let link = format!("{base}/budgets/{cid}/{id}/results");
        entries.push(Entry {
            id: link.clone(),
            link,
            title: ctx.i18n.t1(
                "opendata-feed-budget-results",
                "title",
                r.try_get::<String, _>("title")?,
            ),
            summary: String::new(),
            author: None,
            updated: r.try_get("published_at")?,
        });
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
    entries.truncate(ENTRIES as usize);
    let feed = Feed {
        self_url: format!("{base}/spaces/{}/results.atom", space.id),
        page_url: format!("{base}/spaces/{}", space.id),
        title: ctx
            .i18n
            .t1("opendata-feed-results-title", "space", &space.title),
        author: org.name.clone(),
        lang: ctx.i18n.lang().to_string(),
        entries,
    };
    Ok(atom(feed.to_xml(now)))
}

async fn activity_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let db: &Db = &state.db;
    let org = organizations::find_by_slug(db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    // The spaces this visitor may see, as on the activity page.
    let actor = access::actor(db, ctx.user(), org.id, None).await?;
    let visible: Vec<String> = spaces::list_for_organization(db, org.id)
        .await?
        .into_iter()
        .filter(|s| permits(&actor, Action::ViewSpace, Some(&s.facts())))
        .map(|s| s.id.to_string())
        .collect();
    action_log::settle(db).await?;
    let list = if visible.is_empty() {
        "NULL".to_string()
    } else {
        visible.join(", ")
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT l.seq, l.action, l.link, l.created_at, l.actor_id,
                CASE WHEN u.deleted_at IS NULL THEN u.name ELSE '' END AS actor_name
         FROM action_log l LEFT JOIN users u ON u.id = l.actor_id
         WHERE l.organization_id = $1 AND l.visibility = 'public'
           AND (l.space_id IS NULL OR l.space_id IN ({list}))
         ORDER BY l.seq DESC LIMIT $2"
    )))
    .bind(org.id)
    .bind(ENTRIES)
    .fetch_all(&db.pool)
    .await?;
    let base = &state.config.base_url;
    let mut entries = Vec::with_capacity(rows.len());
    for r in &rows {
        let seq: i64 = r.try_get("seq")?;
        let action: String = r.try_get("action")?;
        let link: String = r.try_get("link")?;
        let who: Option<String> = r.try_get("actor_name")?;
        let what = ctx.i18n.t(&format!("activity-{action}"));
        let title = match who.as_deref().filter(|w| !w.is_empty()) {
            Some(who) => format!("{who} — {what}"),
            None => what,
        };
        entries.push(Entry {
            id: format!("{base}/o/{}/activity#seq-{seq}", org.slug),
            link: if link.is_empty() {
                format!("{base}/o/{}/activity", org.slug)
            } else {
                format!("{base}{link}")
            },
            title,
            summary: String::new(),
            author: who,
            updated: r.try_get("created_at")?,
        });
    }
    let feed = Feed {
        self_url: format!("{base}/o/{}/activity.atom", org.slug),
        page_url: format!("{base}/o/{}/activity", org.slug),
        title: format!("{} · {}", ctx.i18n.t("activity-title"), org.name),
        author: org.name.clone(),
        lang: ctx.i18n.lang().to_string(),
        entries,
    };
    Ok(atom(feed.to_xml(db::now())))
}
