//! Who may see what through the API: the pages' rules (`platform::access`,
//! `components::loaded::shown_to`), answered as problem documents.

use super::auth::Caller;
use super::problem::Problem;
use crate::components::loaded::shown_to;
use crate::components::store::Component;
use crate::db::Db;
use crate::platform::access;
use crate::platform::permissions::{Action, Actor};
use crate::platform::spaces::Space;
use crate::web::AppError;

/// The caller as an actor in `space`, once they may see it and `component` (if any);
/// otherwise `not_found()` — private and unpublished things answer exactly like missing ones.
pub(super) async fn visible(
    db: &Db,
    caller: &Caller,
    space: &Space,
    component: Option<&Component>,
    not_found: impl Fn() -> Problem,
) -> Result<Actor, Problem> {
    visible_as(db, caller, space, component, None, not_found).await
}

/// [`visible`] for one thread or poll (`kind`, id): its guests may see it too.
pub(super) async fn visible_item(
    db: &Db,
    caller: &Caller,
    space: &Space,
    component: Option<&Component>,
    item: (&str, i64),
    not_found: impl Fn() -> Problem,
) -> Result<Actor, Problem> {
    visible_as(db, caller, space, component, Some(item), not_found).await
}

async fn visible_as(
    db: &Db,
    caller: &Caller,
    space: &Space,
    component: Option<&Component>,
    item: Option<(&str, i64)>,
    not_found: impl Fn() -> Problem,
) -> Result<Actor, Problem> {
    let user = caller.user.as_ref();
    let checked = match item {
        Some((kind, id)) => {
            access::require_item(db, user, space, kind, id, Action::ViewSpace).await
        }
        None => access::require_space(db, user, space, Action::ViewSpace).await,
    };
    let actor = match checked {
        Ok(actor) => actor,
        Err(AppError::NotFound) => return Err(not_found()),
        Err(other) => return Err(other.into()),
    };
    if let Some(component) = component
        && !shown_to(&actor, space, component)
    {
        return Err(not_found());
    }
    Ok(actor)
}
