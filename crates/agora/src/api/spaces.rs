//! `GET /api/v1/organizations/{slug}/spaces` and `GET /api/v1/spaces/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

use super::auth::Caller;
use super::organizations::{self, organization_url};
use super::problem::Problem;
use crate::app::AppState;
use crate::components::store as component_store;
use crate::platform::access;
use crate::platform::organizations as orgs;
use crate::platform::permissions::{Action, Actor, Visibility, permits};
use crate::platform::spaces::{self, Phase, Space, SpaceKind};
use crate::web::AppError;

/// A space as listed.
#[derive(Serialize)]
pub struct SpaceSummary {
    pub id: i64,
    pub kind: SpaceKind,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub visibility: Visibility,
    pub published: bool,
    /// The slug of the organisation it belongs to.
    pub organization: String,
    pub links: SpaceLinks,
}

#[derive(Serialize)]
pub struct SpaceLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub organization: String,
    /// The space's page.
    pub html: String,
}

/// A space with its phases and components.
#[derive(Serialize)]
pub struct SpaceDoc {
    #[serde(flatten)]
    pub summary: SpaceSummary,
    pub phases: Vec<PhaseDoc>,
    pub components: Vec<ComponentDoc>,
}

#[derive(Serialize)]
pub struct PhaseDoc {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub description: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// True for the space's one active phase.
    pub active: bool,
}

#[derive(Serialize)]
pub struct ComponentDoc {
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// Always true for participants: unpublished components are shown to the space's admins only.
    pub published: bool,
    pub links: ComponentLinks,
}

#[derive(Serialize)]
pub struct ComponentLinks {
    /// The component's page, when its kind has one.
    pub html: Option<String>,
}

#[derive(Serialize)]
pub struct SpaceList {
    pub spaces: Vec<SpaceSummary>,
}

fn summary(space: Space, organization_slug: &str) -> SpaceSummary {
    SpaceSummary {
        links: SpaceLinks {
            this: format!("/api/v1/spaces/{}", space.id),
            organization: organization_url(organization_slug),
            html: format!("/spaces/{}", space.id),
        },
        id: space.id,
        kind: space.kind,
        slug: space.slug,
        title: space.title,
        description: space.description,
        visibility: space.visibility,
        published: space.published,
        organization: organization_slug.to_string(),
    }
}

fn phase_doc(phase: Phase, active_phase_id: Option<i64>) -> PhaseDoc {
    PhaseDoc {
        active: Some(phase.id) == active_phase_id,
        id: phase.id,
        position: phase.position,
        title: phase.title,
        description: phase.description,
        starts_on: phase.starts_on,
        ends_on: phase.ends_on,
    }
}

/// The spaces of an organisation the caller may see listed (secret spaces only to those
/// invited, private ones only to members, drafts only to their staff).
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<SpaceList>, Problem> {
    let db = &state.db;
    let org = organizations::find_visible(db, &caller, &slug).await?;
    let user = caller.user.as_ref();
    let base = access::actor(db, user, org.id, None).await?;
    let space_roles = match user {
        Some(user) => spaces::roles_in_organization(db, org.id, user.id).await?,
        None => Default::default(),
    };
    let spaces = spaces::list_for_organization(db, org.id)
        .await?
        .into_iter()
        .filter(|space| {
            let actor = Actor {
                space_role: space_roles.get(&space.id).copied(),
                ..base
            };
            permits(&actor, Action::ListSpace, Some(&space.facts()))
        })
        .map(|space| summary(space, &org.slug))
        .collect();
    Ok(Json(SpaceList { spaces }))
}

/// One space, if the caller may see it; otherwise 404, whether it exists or not.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SpaceDoc>, Problem> {
    let db = &state.db;
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A space id is a whole number, not {id:?}.")))?;
    let not_found =
        || Problem::not_found(format!("There is no space {id}, or you may not see it."));
    let space = spaces::find(db, id).await?.ok_or_else(not_found)?;
    let user = caller.user.as_ref();
    let actor = match access::require_space(db, user, &space, Action::ViewSpace).await {
        Ok(actor) => actor,
        Err(AppError::NotFound) => return Err(not_found()),
        Err(other) => return Err(other.into()),
    };
    let org = match orgs::find(db, space.organization_id).await? {
        Some(org) if organizations::may_see(db, &caller, &org).await? => org,
        _ => return Err(not_found()),
    };
    let administers = permits(&actor, Action::AdminSpace, Some(&space.facts()));
    let phases = spaces::phases(db, space.id)
        .await?
        .into_iter()
        .map(|p| phase_doc(p, space.active_phase_id))
        .collect();
    let placed = if administers {
        component_store::list_for_space(db, space.id).await?
    } else {
        component_store::list_published(db, space.id).await?
    };
    let components = placed
        .into_iter()
        .map(|c| ComponentDoc {
            links: ComponentLinks { html: c.url() },
            id: c.id,
            kind: c.kind,
            title: c.title,
            published: c.published,
        })
        .collect();
    Ok(Json(SpaceDoc {
        summary: summary(space, &org.slug),
        phases,
        components,
    }))
}
