//! Who may see what through the API: the pages' rules (`platform::access`,
//! `components::loaded::shown_to`), answered as problem documents.

use super::auth::Caller;
use super::problem::Problem;
use crate::components::loaded::{Placed, find_visible};
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

/// Component `id` of `kind` where it is placed, once the caller may see it: the pages' rule
/// (`loaded::find_visible`; `item`: a thread or poll whose guests may see it too), with
/// `not_found()` for private and unpublished things, exactly as for missing ones.
pub(super) async fn visible_component(
    db: &Db,
    caller: &Caller,
    id: i64,
    kind: &str,
    item: Option<(&str, i64)>,
    not_found: impl Fn() -> Problem,
) -> Result<Placed, Problem> {
    seen(
        find_visible(db, id, kind, caller.user.as_ref(), item).await,
        not_found,
    )
}

fn seen<T>(checked: Result<T, AppError>, not_found: impl Fn() -> Problem) -> Result<T, Problem> {
    match checked {
        Ok(actor) => Ok(actor),
        Err(AppError::NotFound) => Err(not_found()),
        Err(other) => Err(other.into()),
    }
}
