//! What every component page starts from: the component, its space and organisation, who is
//! asking (in the organisation's languages) and the settings in force in the active phase —
//! loaded once, with access checked the same way for every component.

use serde_json::{Map, Value};

use super::Manifest;
use super::store::{self, Component};
use crate::db::{self, Db};
use crate::platform::access;
use crate::platform::accounts::User;
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

    /// Checks `action` on the actor read with the component (no second read of the roles);
    /// anonymous visitors sign in and come back to `back`. After [`load_item`] the actor may
    /// be that item's guest, who takes part in that item only: check component-wide actions
    /// (creating a thread, ...) on a [`load`]ed component.
    pub fn require(&self, action: Action, back: &str) -> Result<(), AppError> {
        access::check(self.actor, self.ctx.user(), &self.space, action)
            .map(|_| ())
            .map_err(|e| match e {
                AppError::SignInRequired(_) => AppError::SignInRequired(back.to_string()),
                other => other,
            })
    }
}

/// A component where it is placed, and who is asking: what every page and API call on a
/// component starts from.
pub struct Placed {
    pub component: Component,
    pub space: Space,
    /// The asker's roles in the space and its organisation (not yet checked against anything).
    pub actor: Actor,
    /// The component's settings overridden by those of the space's active phase.
    pub settings: Map<String, Value>,
}

/// Component `id` with its space (and group), the roles of `user` there and the settings of
/// the space's active phase for it: one round trip where it took four (a component, its space,
/// the roles, the phase's settings), on every request about a component.
pub async fn find_placed(
    db: &Db,
    id: i64,
    user: Option<&User>,
) -> Result<Option<Placed>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        crate::space_group_columns!(),
        ", ",
        crate::component_columns!("c.", "component_"),
        ", (SELECT settings FROM component_phase_settings p
             WHERE p.component_id = c.id AND p.phase_id = spaces.active_phase_id) AS phase_settings,
           (SELECT role FROM memberships m
             WHERE m.organization_id = spaces.organization_id AND m.user_id = $2) AS org_role,
           (SELECT role FROM space_members sm
             WHERE sm.space_id = spaces.id AND sm.user_id = $2) AS space_role
         FROM components c JOIN spaces ON spaces.id = c.space_id
           LEFT JOIN space_groups ON space_groups.space_id = spaces.id
         WHERE c.id = $1"
    ))
    .bind(id)
    .bind(user.map_or(-1, |u| u.id))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let component = store::from_prefixed_row(&row, "component_")?;
    let phase: Option<String> = row.try_get("phase_settings")?;
    let settings = store::in_force(&component, phase.as_deref());
    Ok(Some(Placed {
        space: spaces::from_row(&row)?,
        actor: access::actor_from_row(user, &row)?,
        component,
        settings,
    }))
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
    let Placed {
        component,
        space,
        actor,
        settings: in_force,
    } = find_visible(db, id, manifest.kind, ctx.user(), item).await?;
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let settings = settings(&in_force);
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

/// Component `id` of `kind` where it is placed, once `user` may see its space and it (an
/// unpublished one only its space's admins); `item`: the thread or poll asked about, whose
/// invited guests get in too (see `access::item_actor`). `placed.actor` is then the checked
/// actor. Otherwise [`AppError::NotFound`]: private and unpublished things answer exactly like
/// missing ones. The one admission rule of the pages ([`load`]) and the API
/// (`api::access::visible_component`).
pub async fn find_visible(
    db: &Db,
    id: i64,
    kind: &str,
    user: Option<&User>,
    item: Option<(&str, i64)>,
) -> Result<Placed, AppError> {
    let mut placed = find_placed(db, id, user)
        .await?
        .filter(|p| p.component.kind == kind)
        .ok_or(AppError::NotFound)?;
    if let Some((item_kind, item_id)) = item {
        placed.actor =
            access::with_guest(db, placed.actor, user, &placed.space, item_kind, item_id).await?;
    }
    placed.actor = access::check(placed.actor, user, &placed.space, Action::ViewSpace)?;
    if !shown_to(&placed.actor, &placed.space, &placed.component) {
        return Err(AppError::NotFound);
    }
    Ok(placed)
}
