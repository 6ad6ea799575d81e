//! Builds the [`Actor`] the permission function needs from the database, and answers
//! "may the person behind this request do this?" for handlers.

use crate::db::{self, Db};
use crate::platform::accounts::User;
use crate::platform::groups::guests;
use crate::platform::permissions::{Action, Actor, OrgRole, SpaceRole, permits};
use crate::platform::spaces::Space;
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
    // Both roles in one round trip: this runs on every signed-in page.
    let row = db::query(
        "SELECT (SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $3) AS org_role,
                (SELECT role FROM space_members WHERE space_id = $2 AND user_id = $3) AS space_role",
    )
    .bind(organization_id)
    .bind(space_id.unwrap_or(-1))
    .bind(user.id)
    .fetch_one(db)
    .await?;
    actor_from_row(Some(user), &row)
}

/// The actor for `user` from a row with their roles as `org_role` and `space_role` (NULL: none),
/// for queries that read the roles with what they load (`components::loaded::find_placed`).
pub fn actor_from_row(user: Option<&User>, row: &db::Row) -> Result<Actor, sqlx::Error> {
    let Some(user) = user else {
        return Ok(Actor::ANONYMOUS);
    };
    let org_role = row
        .try_get::<Option<String>, _>("org_role")?
        .and_then(|r| OrgRole::parse(&r));
    let space_role = row
        .try_get::<Option<String>, _>("space_role")?
        .and_then(|r| SpaceRole::parse(&r));
    Ok(Actor {
        signed_in: true,
        instance_admin: user.is_instance_admin,
        blocked: user.blocked,
        org_role,
        space_role,
        guest: false,
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
    check(actor, user, space, action)
}

/// The actor for `user` on one thread or poll (`kind` is `thread` or `poll`, as in
/// `groups::guests`): a guest invited to that item, who could not otherwise take part, gets
/// `guest` — they see and take part in that one item, nothing else.
pub async fn item_actor(
    db: &Db,
    user: Option<&User>,
    space: &Space,
    kind: &str,
    item_id: i64,
) -> Result<Actor, sqlx::Error> {
    let actor = actor(db, user, space.organization_id, Some(space.id)).await?;
    with_guest(db, actor, user, space, kind, item_id).await
}

/// `actor` (the space's), made a guest of one thread or poll when they were invited to it and
/// could not otherwise take part (see [`item_actor`]).
pub async fn with_guest(
    db: &Db,
    mut actor: Actor,
    user: Option<&User>,
    space: &Space,
    kind: &str,
    item_id: i64,
) -> Result<Actor, sqlx::Error> {
    if let Some(user) = user
        && !permits(&actor, Action::Participate, Some(&space.facts()))
        && guests::is_guest(db, kind, item_id, user.id).await?
    {
        actor.guest = true;
    }
    Ok(actor)
}

/// [`require_space`] for an actor already known (read with what the handler loaded).
pub fn check(
    actor: Actor,
    user: Option<&User>,
    space: &Space,
    action: Action,
) -> Result<Actor, AppError> {
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
