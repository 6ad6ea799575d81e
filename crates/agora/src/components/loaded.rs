//! What every component page starts from: the component, its space and organisation, who is
//! asking (in the organisation's languages) and the settings in force in the active phase —
//! loaded once, with access checked the same way for every component.

use serde_json::{Map, Value};

use super::Manifest;
use super::store::{self, Component};
use crate::db::Db;
use crate::platform::access;
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::{Action, Actor, permits};
use crate::platform::spaces::{self, Space};
use crate::web::{AppError, Ctx};

/// A component with everything its pages need, once access was checked. `S` is the
/// component's own typed view of its settings.
pub struct Loaded<S> {
    pub component: Component,
    pub space: Space,
    pub org: Organization,
    pub ctx: Ctx,
    pub actor: Actor,
    pub settings: S,
}

impl<S> Loaded<S> {
    /// The permission function, for this space.
    pub fn can(&self, action: Action) -> bool {
        permits(&self.actor, action, Some(&self.space.facts()))
    }
}

/// Whether someone who may see `space` may see its `component`: an unpublished component is for
/// the space's admins only. The pages (through [`load`]) and the API ask the same question.
pub fn shown_to(actor: &Actor, space: &Space, component: &Component) -> bool {
    component.published || permits(actor, Action::AdminSpace, Some(&space.facts()))
}

/// Loads component `id` of `manifest`'s kind: 404 when the person may not see its space, or
/// when it is unpublished and they do not administer the space (an unpublished component does
/// not reveal it exists).
pub async fn load<S>(
    db: &Db,
    ctx: Ctx,
    id: i64,
    manifest: &Manifest,
    settings: fn(&Map<String, Value>) -> S,
) -> Result<Loaded<S>, AppError> {
    load_for(db, ctx, id, manifest, settings, None).await
}

/// [`load`] for the page of one item (`kind` `thread` or `poll`, and its id): a guest invited
/// to that item gets in (see `access::item_actor`). The caller still checks that the item
/// belongs to this component.
pub async fn load_item<S>(
    db: &Db,
    ctx: Ctx,
    id: i64,
    manifest: &Manifest,
    settings: fn(&Map<String, Value>) -> S,
    item: (&str, i64),
) -> Result<Loaded<S>, AppError> {
    load_for(db, ctx, id, manifest, settings, Some(item)).await
}

async fn load_for<S>(
    db: &Db,
    ctx: Ctx,
    id: i64,
    manifest: &Manifest,
    settings: fn(&Map<String, Value>) -> S,
    item: Option<(&str, i64)>,
) -> Result<Loaded<S>, AppError> {
    let component = store::find(db, id)
        .await?
        .filter(|c| c.kind == manifest.kind)
        .ok_or(AppError::NotFound)?;
    let space = spaces::find(db, component.space_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = match item {
        Some((kind, item_id)) => {
            access::require_item(db, ctx.user(), &space, kind, item_id, Action::ViewSpace).await?
        }
        None => access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?,
    };
    if !shown_to(&actor, &space, &component) {
        return Err(AppError::NotFound);
    }
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let settings =
        settings(&store::effective_settings(db, &component, space.active_phase_id).await?);
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok(Loaded {
        component,
        space,
        org,
        ctx,
        actor,
        settings,
    })
}
