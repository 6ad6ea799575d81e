//! Commentable hosts: the resources comments can be attached to.
//!
//! A host answers one question for the comments service: "which space does resource `id` of
//! my kind belong to, where is it shown, and is it visible beyond the space's admins?". The
//! service then applies the permission function on that space (see [`super::resolve`]).
//!
//! # Making a resource commentable
//!
//! 1. Write a resolver `fn my_host(db: &Db, id: i64) -> HostFuture<'_>` returning the
//!    resource's [`HostInfo`] (or `None` when it does not exist).
//! 2. Add one line to [`HOSTS`]: `Host { kind: "proposal", resolve: proposals::comment_host }`.
//! 3. In the resource's page handler call [`super::section`] and include
//!    `comments/section.html` in its template (see the module documentation of `comments`).

use std::future::Future;
use std::pin::Pin;

use crate::components::{proposals, store, threads};
use crate::db::Db;

/// What a host tells the comments service about one of its resources.
#[derive(Clone, Debug)]
pub struct HostInfo {
    /// The space whose permissions apply.
    pub space_id: i64,
    /// The page that shows the resource and its comment section (no query, no anchor).
    pub url: String,
    /// False while only the space's admins may see the resource (e.g. an unpublished component).
    pub published: bool,
    /// True when comments take a position (in favour / neutral / against).
    pub alignment: bool,
    /// False when the resource no longer accepts new comments (existing ones stay visible).
    pub open: bool,
}

/// The future a resolver returns.
pub type HostFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<HostInfo>, sqlx::Error>> + Send + 'a>>;

/// A commentable kind of resource.
pub struct Host {
    /// Stored in `comments.resource_kind`.
    pub kind: &'static str,
    /// Finds a resource of this kind.
    pub resolve: for<'a> fn(&'a Db, i64) -> HostFuture<'a>,
    /// A counter the host keeps of its comments that are not deleted: one SQL statement run in
    /// the transaction that creates (`$1` = 1) or deletes (`$1` = -1) a comment of resource `$2`.
    pub counter: Option<&'static str>,
}

/// Every commentable kind.
pub const HOSTS: &[Host] = &[
    Host {
        kind: "page",
        resolve: page_host,
        counter: None,
    },
    Host {
        kind: "proposal",
        resolve: proposals::comment_host,
        counter: Some("UPDATE proposals SET comments_count = comments_count + $1 WHERE id = $2"),
    },
    Host {
        kind: "thread",
        resolve: threads::comment_host,
        counter: Some("UPDATE threads SET comments_count = comments_count + $1 WHERE id = $2"),
    },
];

/// The host of a kind.
pub fn host(kind: &str) -> Option<&'static Host> {
    HOSTS.iter().find(|h| h.kind == kind)
}

/// The "page" component: resource id = component id. Comments on a page take a position.
fn page_host(db: &Db, id: i64) -> HostFuture<'_> {
    Box::pin(async move {
        Ok(store::find(db, id)
            .await?
            .filter(|c| c.kind == "page")
            .map(|component| HostInfo {
                space_id: component.space_id,
                url: format!("/pages/{id}"),
                published: component.published,
                alignment: true,
                open: true,
            }))
    })
}
