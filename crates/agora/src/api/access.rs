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
    let actor =
        match access::require_space(db, caller.user.as_ref(), space, Action::ViewSpace).await {
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
