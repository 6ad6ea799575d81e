//! The "page" component: a static text (Markdown) shown in a space. The smallest possible
//! component, proving the registry: a manifest with a setting and a per-phase setting, a
//! public page, and a content editor for the space's admins.

use askama::Template;
use axum::Router;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use serde_json::Value;
use sqlx::Row;

use super::store::{self, Component};
use super::{Manifest, Setting, SettingKind};
use crate::app::AppState;
use crate::db::{self, Db};
use crate::platform::comments::{self, CommentSection, ResourceRef};
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::{Action, permits};
use crate::platform::spaces::{self, Space};
use crate::platform::{access, markdown};
use crate::web::{AppError, Ctx, Form, render, see_other};

pub const MANIFEST: Manifest = Manifest {
    kind: "page",
    path: "pages",
    name_key: "component-page",
    settings: &[Setting {
        key: "show_title",
        kind: SettingKind::Bool { default: true },
        label_key: "component-page-show-title",
    }],
    phase_settings: &[Setting {
        key: "announcement",
        kind: SettingKind::Text {
            default: "",
            max_len: ANNOUNCEMENT_MAX,
        },
        label_key: "component-page-announcement",
    }],
    actions: &[],
    content_editor: true,
    router,
};

/// Longest announcement shown above a page during a phase, in characters.
const ANNOUNCEMENT_MAX: usize = 500;
/// Longest text of a page, in characters.
pub const BODY_MAX: usize = 50_000;

fn router() -> Router<AppState> {
    Router::new()
        .route("/pages/{id}", get(show))
        .route("/pages/{id}/edit", get(edit).post(update))
}

/// A page component with everything its pages need, once access was checked.
struct Loaded {
    component: Component,
    space: Space,
    org: Organization,
    ctx: Ctx,
    can_admin: bool,
}

/// Loads a page component for `action`: 404 when the person may not see its space, or when
/// it is unpublished and they do not administer the space.
async fn load(db: &Db, ctx: Ctx, id: i64, action: Action) -> Result<Loaded, AppError> {
    let component = store::find(db, id)
        .await?
        .filter(|c| c.kind == MANIFEST.kind)
        .ok_or(AppError::NotFound)?;
    let space = spaces::find(db, component.space_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    let can_admin = permits(&actor, Action::AdminSpace, Some(&space.facts()));
    if !component.published && !can_admin {
        return Err(AppError::NotFound);
    }
    if action != Action::ViewSpace {
        access::require_space(db, ctx.user(), &space, action)
            .await
            .map_err(|e| match e {
                AppError::SignInRequired(_) => AppError::SignInRequired(ctx.path.clone()),
                other => other,
            })?;
    }
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok(Loaded {
        component,
        space,
        org,
        ctx,
        can_admin,
    })
}

async fn body_of(db: &Db, component_id: i64) -> Result<String, sqlx::Error> {
    Ok(
        sqlx::query("SELECT body FROM pages WHERE component_id = $1")
            .bind(component_id)
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get::<String, _>("body"))
            .transpose()?
            .unwrap_or_default(),
    )
}

#[derive(Template)]
#[template(path = "components/page/show.html")]
struct PageView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    show_title: bool,
    announcement: String,
    body_html: String,
    can_admin: bool,
    comments: CommentSection,
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let page = load(&state.db, ctx, id, Action::ViewSpace).await?;
    let resource = ResourceRef::new(MANIFEST.kind, page.component.id).ok_or(AppError::NotFound)?;
    let comments = comments::section_at(
        &state.db,
        &page.ctx,
        resource,
        comments::position_param(&query),
    )
    .await?;
    let settings =
        store::effective_settings(&state.db, &page.component, page.space.active_phase_id).await?;
    let body = body_of(&state.db, page.component.id).await?;
    render(&PageView {
        show_title: settings.get("show_title") != Some(&Value::Bool(false)),
        announcement: settings
            .get("announcement")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        body_html: markdown::to_safe_html(&body),
        ctx: page.ctx,
        org: page.org,
        space: page.space,
        component: page.component,
        can_admin: page.can_admin,
        comments,
    })
}

#[derive(Template)]
#[template(path = "components/page/edit.html")]
struct EditView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    body: String,
    error: Option<String>,
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = load(&state.db, ctx, id, Action::AdminSpace).await?;
    let body = body_of(&state.db, page.component.id).await?;
    render(&EditView {
        ctx: page.ctx,
        org: page.org,
        space: page.space,
        component: page.component,
        body,
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BodyForm {
    body: String,
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<BodyForm>,
) -> Result<Response, AppError> {
    let page = load(&state.db, ctx, id, Action::AdminSpace).await?;
    if form.body.chars().count() > BODY_MAX {
        let error = page
            .ctx
            .i18n
            .t1("component-page-error-long", "max", BODY_MAX);
        let mut response = render(&EditView {
            ctx: page.ctx,
            org: page.org,
            space: page.space,
            component: page.component,
            body: form.body,
            error: Some(error),
        })?;
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    save_body(&state.db, page.component.id, &form.body).await?;
    Ok(see_other(&format!(
        "/spaces/{}/admin/components/{}?saved",
        page.space.id, page.component.id
    )))
}

/// Writes a page's text (one statement: creates the row the first time).
pub async fn save_body(db: &Db, component_id: i64, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO pages (component_id, body, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (component_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(component_id)
    .bind(body)
    .bind(db::now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Creates a published page component in a space with its text (used by the demo).
pub async fn create(db: &Db, space_id: i64, title: &str, body: &str) -> Result<i64, sqlx::Error> {
    let defaults = super::validate(MANIFEST.settings, &Default::default()).unwrap_or_default();
    let component = store::create(db, space_id, MANIFEST.kind, title, &defaults).await?;
    store::set_published(db, space_id, component.id, true).await?;
    save_body(db, component.id, body).await?;
    Ok(component.id)
}
