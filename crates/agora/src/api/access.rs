//! Who may see what through the API: the pages' rules (`platform::access`,
//! `components::loaded::shown_to`), answered as problem documents.

use super::auth::Caller;
use super::problem::Problem;
use crate::components::loaded::{Placed, find_placed, shown_to};
use crate::db::Db;
use crate::platform::access;
use crate::platform::permissions::{Action, Actor};
use crate::platform::spaces::Space;
use crate::web::AppError;

/// The caller as an actor in `space`, once they may see it; otherwise `not_found()` — private
/// things answer exactly like missing ones.
pub(super) async fn visible(
    db: &Db,
    caller: &Caller,
    space: &Space,
    not_found: impl Fn() -> Problem,
) -> Result<Actor, Problem> {
    let user = caller.user.as_ref();
    let actor = access::actor(db, user, space.organization_id, Some(space.id)).await?;
    seen(
        access::check(actor, user, space, Action::ViewSpace),
        not_found,
    )
}

/// Component `id` of `kind` where it is placed, once the caller may see its space and it (an
/// unpublished one only its space's admins), with `placed.actor` the caller's, checked; `item`:
/// the thread or poll asked about, whose invited guests may see it too. Otherwise
/// `not_found()`: private and unpublished things answer exactly like missing ones.
pub(super) async fn visible_component(
    db: &Db,
    caller: &Caller,
    id: i64,
    kind: &str,
    item: Option<(&str, i64)>,
    not_found: impl Fn() -> Problem,
) -> Result<Placed, Problem> {
    let user = caller.user.as_ref();
    let mut placed = find_placed(db, id, user)
        .await?
        .filter(|p| p.component.kind == kind)
        .ok_or_else(&not_found)?;
    if let Some((kind, item_id)) = item {
        placed.actor =
            access::with_guest(db, placed.actor, user, &placed.space, kind, item_id).await?;
    }
    placed.actor = seen(
        access::check(placed.actor, user, &placed.space, Action::ViewSpace),
        &not_found,
    )?;
    if !shown_to(&placed.actor, &placed.space, &placed.component) {
        return Err(not_found());
    }
    Ok(placed)
}

fn seen(
    checked: Result<Actor, AppError>,
    not_found: impl Fn() -> Problem,
) -> Result<Actor, Problem> {
    match checked {
        Ok(actor) => Ok(actor),
        Err(AppError::NotFound) => Err(not_found()),
        Err(other) => Err(other.into()),
    }
}
