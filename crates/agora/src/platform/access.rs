//! Builds the [`Actor`] the permission function needs from the database, and answers
//! "may the person behind this request do this?" for handlers.

use crate::db::Db;
use crate::platform::accounts::User;
use crate::platform::permissions::{Action, Actor, permits};
use crate::platform::spaces::Space;
use crate::platform::{organizations, spaces};
use crate::web::AppError;

/// The actor for `user` in an organisation, and in one of its spaces when given.
pub async fn actor(
    db: &Db,
    user: Option<&User>,
    organization_id: i64,
    space_id: Option<i64>,
) -> Result<Actor, sqlx::Error> {
    let Some(user) = user else {
        return Ok(Actor::ANONYMOUS);
    };
    let org_role = organizations::role_of(db, organization_id, user.id).await?;
    let space_role = match space_id {
        Some(id) => spaces::role_of(db, id, user.id).await?,
        None => None,
    };
    Ok(Actor {
        signed_in: true,
        instance_admin: user.is_instance_admin,
        blocked: user.blocked,
        org_role,
        space_role,
    })
}

/// Checks `action` on `space` for `user`. Someone who may not even see the space gets
/// "not found", so private and secret spaces do not reveal that they exist.
pub async fn require_space(
    db: &Db,
    user: Option<&User>,
    space: &Space,
    action: Action,
) -> Result<Actor, AppError> {
    let actor = actor(db, user, space.organization_id, Some(space.id)).await?;
    let facts = space.facts();
    if !permits(&actor, Action::ViewSpace, Some(&facts)) {
        return Err(AppError::NotFound);
    }
    if !permits(&actor, action, Some(&facts)) {
        return Err(if user.is_none() {
            AppError::SignInRequired(String::new())
        } else {
            AppError::Forbidden
        });
    }
    Ok(actor)
}

/// Checks that `user` administers the organisation.
pub async fn require_org_admin(
    db: &Db,
    user: Option<&User>,
    organization_id: i64,
) -> Result<Actor, AppError> {
    let actor = actor(db, user, organization_id, None).await?;
    if permits(&actor, Action::AdminOrganization, None) {
        Ok(actor)
    } else if user.is_none() {
        Err(AppError::SignInRequired(String::new()))
    } else {
        Err(AppError::Forbidden)
    }
}
