//! Public pages: an organisation's home with the spaces the visitor may see, a space's page,
//! and `/o/{org}/spaces/{slug}` as a readable address of a space.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::{excerpt, kind_key, organization_of, phase_dates, role_key, visibility_key};
use crate::app::AppState;
use crate::components::store;
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::{Action, Actor, Visibility, permits};
use crate::platform::spaces::{self, Space, SpaceKind};
use crate::platform::{access, markdown};
use crate::web::{AppError, Ctx, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}", get(organization_home))
        .route("/o/{slug}/spaces/{space_slug}", get(space_by_slug))
        .route("/spaces/{id}", get(show_space))
}

/// A space in the organisation's list.
struct SpaceCard {
    id: i64,
    title: String,
    excerpt: String,
    /// Shown for every visibility but public.
    visibility_label: Option<String>,
    published: bool,
    /// The active phase's title and dates.
    active_phase: Option<(String, Option<String>)>,
}

#[derive(Template)]
#[template(path = "spaces/organization.html")]
struct OrganizationView {
    ctx: Ctx,
    org: Organization,
    description_html: String,
    processes: Vec<SpaceCard>,
    assemblies: Vec<SpaceCard>,
    can_create: bool,
}

async fn organization_home(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let org = organizations::find_by_slug(db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    let base = access::actor(db, ctx.user(), org.id, None).await?;
    let roles = match ctx.user() {
        Some(user) => spaces::roles_in_organization(db, org.id, user.id).await?,
        None => Default::default(),
    };
    let mut phases = spaces::active_phases(db, org.id).await?;
    let (mut processes, mut assemblies) = (Vec::new(), Vec::new());
    for space in spaces::list_for_organization(db, org.id).await? {
        let actor = Actor {
            space_role: roles.get(&space.id).copied(),
            ..base
        };
        if !permits(&actor, Action::ListSpace, Some(&space.facts())) {
            continue;
        }
        let card = SpaceCard {
            id: space.id,
            excerpt: excerpt(&space.description, 220),
            visibility_label: (space.visibility != Visibility::Public)
                .then(|| ctx.i18n.t(visibility_key(space.visibility))),
            published: space.published,
            active_phase: phases
                .remove(&space.id)
                .map(|p| (p.title.clone(), phase_dates(&ctx.i18n, &p))),
            title: space.title,
        };
        match space.kind {
            SpaceKind::Process => processes.push(card),
            SpaceKind::Assembly => assemblies.push(card),
        }
    }
    render(&OrganizationView {
        description_html: markdown::to_safe_html(&org.description),
        can_create: permits(&base, Action::AdminOrganization, None),
        ctx,
        org,
        processes,
        assemblies,
    })
}

/// `/o/{org}/spaces/{slug}` → `/spaces/{id}`, only for those who may see the space.
async fn space_by_slug(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, space_slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let org = organizations::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let space = spaces::find_by_slug(&state.db, org.id, &space_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    access::require_space(&state.db, ctx.user(), &space, Action::ViewSpace).await?;
    Ok(see_other(&format!("/spaces/{}", space.id)))
}

/// A phase as the space page shows it.
struct PhaseView {
    title: String,
    dates: Option<String>,
    description_html: String,
    active: bool,
}

/// A published component, linked from its space's page.
struct ComponentLink {
    title: String,
    url: String,
    kind_name: String,
}

/// A member of an assembly as its page shows them.
struct MemberView {
    name: String,
    role: String,
}

#[derive(Template)]
#[template(path = "spaces/show.html")]
struct SpaceView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    kind_label: String,
    visibility_label: String,
    description_html: String,
    phases: Vec<PhaseView>,
    components: Vec<ComponentLink>,
    members: Vec<MemberView>,
    can_admin: bool,
}

async fn show_space(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let space = spaces::find(db, id).await?.ok_or(AppError::NotFound)?;
    let actor = access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    let org = organization_of(db, &space).await?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    let phases = spaces::phases(db, space.id)
        .await?
        .into_iter()
        .map(|p| PhaseView {
            dates: phase_dates(&ctx.i18n, &p),
            description_html: markdown::to_safe_html(&p.description),
            active: space.active_phase_id == Some(p.id),
            title: p.title,
        })
        .collect();
    let components = store::list_published(db, space.id)
        .await?
        .into_iter()
        .filter_map(|c| {
            let manifest = c.manifest()?;
            Some(ComponentLink {
                url: format!("/{}/{}", manifest.path, c.id),
                kind_name: ctx.i18n.t(manifest.name_key),
                title: c.title,
            })
        })
        .collect();
    let members = match space.kind {
        SpaceKind::Assembly => spaces::members(db, space.id)
            .await?
            .into_iter()
            .map(|m| MemberView {
                role: ctx.i18n.t(role_key(m.role)),
                name: m.name,
            })
            .collect(),
        SpaceKind::Process => Vec::new(),
    };
    render(&SpaceView {
        kind_label: ctx.i18n.t(kind_key(space.kind)),
        visibility_label: ctx.i18n.t(visibility_key(space.visibility)),
        description_html: markdown::to_safe_html(&space.description),
        can_admin: permits(&actor, Action::AdminSpace, Some(&space.facts())),
        ctx,
        org,
        space,
        phases,
        components,
        members,
    })
}
