//! Comments: a platform service any component embeds in its resource pages.
//!
//! A comment belongs to a resource `(resource_kind, resource_id)` whose host (see [`hosts`])
//! tells which space's permissions apply. Comments have a Markdown body (≤ 5,000 characters),
//! nested replies (depth 0 = top level, at most [`MAX_DEPTH`]; a reply to a comment at the
//! maximum depth attaches next to it, under the same parent), an optional alignment, up/down
//! votes (one per person), edits with history, and soft deletion (a placeholder keeps the
//! thread readable). Hidden comments (see `moderation`) show a placeholder too.
//!
//! # Embedding a comment section in a resource page
//!
//! ```ignore
//! // In the handler, after the page's own access checks:
//! let comments = comments::section(&db, &ctx, ResourceRef::new("proposal", id).unwrap(),
//!                                  comments::page_param(&query)).await?;
//! // The view struct has `ctx: Ctx` and `comments: CommentSection` fields; its template says
//! // {% include "comments/section.html" %}
//! ```
//!
//! The section renders the page of threads (50 top-level comments, each with its first
//! [`REPLIES_SHOWN`] replies), its pagination (`?comments_page=N`), and the forms, which post
//! to the routes of [`routes::router`] and come back to the host page at `#comment-{id}`.
//! A thread with more replies links to itself shown alone, its replies paginated
//! (`?comments_thread=ROOT&replies_page=N`, see [`Position`]): a discussion of 10,000 comments
//! costs one page of rows, never the whole thread. Host pages read the position with
//! [`position_param`] and call [`section_at`].

pub mod hosts;
pub mod routes;

use std::collections::HashMap;
use std::sync::Mutex;

use crate::db::{self, Db};
use crate::i18n::I18n;
use crate::platform::accounts::User;
use crate::platform::accounts::routes::{format_time, iso_time};
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::permissions::{Action, Actor, permits};
use crate::platform::spaces::{self, Space};
use crate::platform::{access, markdown};
use crate::web::{AppError, Ctx};

pub use hosts::HostInfo;

/// Longest comment, in characters.
pub const BODY_MAX: usize = 5_000;
/// Top-level comments per page.
pub const PER_PAGE: i64 = 50;
/// Replies shown under each thread on a page of threads (the rest: one link away).
pub const REPLIES_SHOWN: i64 = 5;
/// Replies per page of a thread shown alone.
pub const REPLIES_PER_PAGE: i64 = 50;
/// Deepest reply (top-level comments are at depth 0).
pub const MAX_DEPTH: i64 = 3;
/// The kind under which comments are themselves reported and moderated.
pub const KIND: &str = "comment";

/// A commentable resource: a registered host kind and the resource's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceRef {
    pub kind: &'static str,
    pub id: i64,
}

impl ResourceRef {
    /// The resource, when `kind` is a registered host.
    pub fn new(kind: &str, id: i64) -> Option<ResourceRef> {
        hosts::host(kind).map(|h| ResourceRef { kind: h.kind, id })
    }
}

/// A resource found, its space, and what the person may do there.
pub struct Resolved {
    pub resource: ResourceRef,
    pub host: HostInfo,
    pub space: Space,
    pub actor: Actor,
    pub can_participate: bool,
    pub can_moderate: bool,
    /// May edit other people's comments (a group's flag, its admins and moderators).
    pub can_edit_others: bool,
}

/// Finds a resource and checks that `user` may see it: 404 otherwise (unknown kind, missing
/// resource, a space they may not see, or an unpublished resource they do not administer).
pub async fn resolve(
    db: &Db,
    user: Option<&User>,
    resource: ResourceRef,
) -> Result<Resolved, AppError> {
    let host = hosts::host(resource.kind).ok_or(AppError::NotFound)?;
    let info = (host.resolve)(db, resource.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let space = spaces::find(db, info.space_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Guests of a thread or poll take part in its comments (see `groups::guests`).
    let actor = access::item_actor(db, user, &space, resource.kind, resource.id).await?;
    checked(resource, info, space, actor)
}

/// [`resolve`] for a page that has already found the resource's space and worked out the
/// person's actor for this resource (`access::item_actor`): only the host is read again.
pub async fn resolve_in(
    db: &Db,
    resource: ResourceRef,
    space: Space,
    actor: Actor,
) -> Result<Resolved, AppError> {
    let host = hosts::host(resource.kind).ok_or(AppError::NotFound)?;
    let info = (host.resolve)(db, resource.id)
        .await?
        .filter(|info| info.space_id == space.id)
        .ok_or(AppError::NotFound)?;
    checked(resource, info, space, actor)
}

/// [`resolve_in`] for a page that has also read the resource and its component itself: what
/// the host would answer is `info` (e.g. `threads::host_info`), and nothing is read again.
pub fn resolve_known(
    resource: ResourceRef,
    info: HostInfo,
    space: Space,
    actor: Actor,
) -> Result<Resolved, AppError> {
    if info.space_id != space.id {
        return Err(AppError::NotFound);
    }
    checked(resource, info, space, actor)
}

fn checked(
    resource: ResourceRef,
    info: HostInfo,
    space: Space,
    actor: Actor,
) -> Result<Resolved, AppError> {
    let facts = space.facts();
    if !permits(&actor, Action::ViewSpace, Some(&facts))
        || (!info.published && !permits(&actor, Action::AdminSpace, Some(&facts)))
    {
        return Err(AppError::NotFound);
    }
    Ok(Resolved {
        resource,
        can_participate: info.open && permits(&actor, Action::Participate, Some(&facts)),
        can_moderate: permits(&actor, Action::Moderate, Some(&facts)),
        can_edit_others: permits(&actor, Action::EditOthersComments, Some(&facts)),
        host: info,
        space,
        actor,
    })
}

/// A position a comment takes on its resource.
pub fn parse_alignment(text: &str) -> Option<i64> {
    match text {
        "in_favour" => Some(1),
        "" | "neutral" => Some(0),
        "against" => Some(-1),
        _ => None,
    }
}

/// One stored comment.
#[derive(Clone, Debug)]
pub struct Comment {
    pub id: i64,
    pub resource_kind: String,
    pub resource_id: i64,
    pub space_id: i64,
    pub parent_id: Option<i64>,
    pub root_id: Option<i64>,
    pub depth: i64,
    pub author_id: Option<i64>,
    pub body: String,
    pub deleted: bool,
}

impl Comment {
    /// Its resource, when its kind is still registered.
    pub fn resource(&self) -> Option<ResourceRef> {
        ResourceRef::new(&self.resource_kind, self.resource_id)
    }
}

/// Finds a comment by id.
pub async fn find(db: &Db, id: i64) -> Result<Option<Comment>, sqlx::Error> {
    let row = db::query(
        "SELECT id, resource_kind, resource_id, space_id, parent_id, root_id, depth, author_id,
                body, deleted_at FROM comments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(Comment {
            id: r.try_get("id")?,
            resource_kind: r.try_get("resource_kind")?,
            resource_id: r.try_get("resource_id")?,
            space_id: r.try_get("space_id")?,
            parent_id: r.try_get("parent_id")?,
            root_id: r.try_get("root_id")?,
            depth: r.try_get("depth")?,
            author_id: r.try_get("author_id")?,
            body: r.try_get("body")?,
            deleted: r.try_get::<Option<i64>, _>("deleted_at")?.is_some(),
        })
    })
    .transpose()
}

/// Why a comment text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyProblem {
    Empty,
    TooLong,
}

/// Checks a comment text (trimmed).
pub fn check_body(body: &str) -> Result<&str, BodyProblem> {
    let body = body.trim();
    if body.is_empty() {
        Err(BodyProblem::Empty)
    } else if body.chars().count() > BODY_MAX {
        Err(BodyProblem::TooLong)
    } else {
        Ok(body)
    }
}

/// Why a comment was not written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The person may not take part in the space, or the resource takes no more comments
    /// (withdrawn, hidden by moderation...).
    NotAllowed,
    /// The author's account is blocked.
    Blocked,
    /// The text is empty or too long.
    Body(BodyProblem),
    /// The parent is not a comment of the same resource.
    NoParent,
}

/// Writes a new comment (a reply when `parent_id` is given) with every rule of comments, for
/// the pages and the API alike: the person takes part in the space and the resource is open
/// ([`Resolved::can_participate`]), the text is valid, the parent is a comment of the same
/// resource, replies stop at [`MAX_DEPTH`], and a blocked author writes nothing (checked in
/// the inserting statement). Nothing is written when a rule refuses.
pub async fn create(
    db: &Db,
    resolved: &Resolved,
    author_id: i64,
    parent_id: Option<i64>,
    body: &str,
    alignment: i64,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    if !resolved.can_participate {
        return Ok(Err(Refusal::NotAllowed));
    }
    let body = match check_body(body) {
        Ok(body) => body,
        Err(problem) => return Ok(Err(Refusal::Body(problem))),
    };
    let resource = resolved.resource;
    let (parent, root, depth) = match parent_id {
        None => (None, None, 0),
        Some(pid) => {
            let Some(row) = db::query(
                "SELECT id, parent_id, root_id, depth FROM comments
                 WHERE id = $1 AND resource_kind = $2 AND resource_id = $3",
            )
            .bind(pid)
            .bind(resource.kind)
            .bind(resource.id)
            .fetch_optional(db)
            .await?
            else {
                return Ok(Err(Refusal::NoParent));
            };
            let id: i64 = row.try_get("id")?;
            let depth: i64 = row.try_get("depth")?;
            let root = row.try_get::<Option<i64>, _>("root_id")?.unwrap_or(id);
            if depth >= MAX_DEPTH {
                // Threads stop growing deeper: the reply goes next to the comment it answers.
                let grand: Option<i64> = row.try_get("parent_id")?;
                (grand, Some(root), MAX_DEPTH)
            } else {
                (Some(id), Some(root), depth + 1)
            }
        }
    };
    let alignment = if resolved.host.alignment && parent.is_none() {
        alignment
    } else {
        0
    };
    let mut tx = db.begin().await?;
    let row = db::query(
        "INSERT INTO comments (resource_kind, resource_id, space_id, parent_id, root_id, depth,
                               author_id, body, alignment, created_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
         WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = $7 AND blocked_at IS NOT NULL)
         RETURNING id",
    )
    .bind(resource.kind)
    .bind(resource.id)
    .bind(resolved.space.id)
    .bind(parent)
    .bind(root)
    .bind(depth)
    .bind(author_id)
    .bind(body)
    .bind(alignment)
    .bind(db::now())
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        tx.rollback().await?;
        return Ok(Err(Refusal::Blocked));
    };
    count_change(&mut tx, resource.kind, resource.id, 1).await?;
    let id: i64 = row.try_get("id")?;
    crate::platform::notifications::follows::commented(
        &mut tx,
        resource.kind,
        resource.id,
        author_id,
        &format!("/comments/{id}"),
    )
    .await?;
    action_log::append(
        &mut tx,
        Some(author_id),
        "comment-created",
        Subject::of("comment", id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    db.counts.forget(&counts_prefix(resource));
    Ok(Ok(id))
}

/// Runs the host's comment counter (see [`hosts::Host::counter`]) in the writing transaction.
async fn count_change(
    tx: &mut crate::db::WriteTx,
    kind: &str,
    id: i64,
    delta: i64,
) -> Result<(), sqlx::Error> {
    if let Some(sql) = hosts::host(kind).and_then(|h| h.counter) {
        db::query(sql)
            .bind(delta)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Replaces the text of a comment, keeping the previous text as a version. `editor` is its
/// author, or — when `others` (the handler checked [`Action::EditOthersComments`]) — someone
/// else, whom the action log records as the one who edited. False when the comment is not
/// the editor's (and `others` is false) or is deleted.
pub async fn edit(
    db: &Db,
    id: i64,
    editor: i64,
    others: bool,
    body: &str,
) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let kept = db::query(
        "INSERT INTO comment_versions (comment_id, body, created_at)
         SELECT id, body, $2 FROM comments
         WHERE id = $1 AND (author_id = $3 OR $4 = 1) AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(editor)
    .bind(i64::from(others))
    .execute(&mut tx)
    .await?;
    if kept.rows_affected() != 1 {
        return Ok(false);
    }
    db::query("UPDATE comments SET body = $1, edited_at = $2 WHERE id = $3")
        .bind(body)
        .bind(now)
        .bind(id)
        .execute(&mut tx)
        .await?;
    action_log::append(
        &mut tx,
        Some(editor),
        "comment-edited",
        Subject::of("comment", id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Deletes a comment by its author: the text and its history are erased, the place in the
/// thread stays ("deleted by the author"). False when not theirs or already deleted.
pub async fn delete(db: &Db, id: i64, author_id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE comments SET deleted_at = $1, body = '', alignment = 0
         WHERE id = $2 AND author_id = $3 AND deleted_at IS NULL
         RETURNING resource_kind, resource_id",
    )
    .bind(db::now())
    .bind(id)
    .bind(author_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(done) = done else {
        return Ok(false);
    };
    let kind: String = done.try_get("resource_kind")?;
    count_change(&mut tx, &kind, done.try_get("resource_id")?, -1).await?;
    db::query("DELETE FROM comment_versions WHERE comment_id = $1")
        .bind(id)
        .execute(&mut tx)
        .await?;
    action_log::append(
        &mut tx,
        Some(author_id),
        "comment-deleted",
        Subject::of("comment", id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Records a person's vote (1 up, -1 down, 0 withdraw). The comment row is locked first, so
/// concurrent votes on one comment run one after the other and the counters, recounted from
/// the votes, always match them. False when the comment is deleted.
pub async fn vote(db: &Db, id: i64, user_id: i64, value: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let locked =
        db::query("UPDATE comments SET up_votes = up_votes WHERE id = $1 AND deleted_at IS NULL")
            .bind(id)
            .execute(&mut tx)
            .await?;
    if locked.rows_affected() != 1 {
        return Ok(false);
    }
    if value == 0 {
        db::query("DELETE FROM comment_votes WHERE comment_id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
    } else {
        db::query(
            "INSERT INTO comment_votes (comment_id, user_id, value, created_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (comment_id, user_id) DO UPDATE SET value = excluded.value",
        )
        .bind(id)
        .bind(user_id)
        .bind(value)
        .bind(db::now())
        .execute(&mut tx)
        .await?;
    }
    db::query(
        "UPDATE comments SET
            up_votes = (SELECT COUNT(*) FROM comment_votes WHERE comment_id = $1 AND value = 1),
            down_votes = (SELECT COUNT(*) FROM comment_votes WHERE comment_id = $1 AND value = -1)
         WHERE id = $1",
    )
    .bind(id)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// How many comments a resource has (replies and deleted ones included).
pub async fn count(db: &Db, resource: ResourceRef) -> Result<i64, sqlx::Error> {
    counted(
        db,
        resource,
        "all",
        "SELECT COUNT(*) FROM comments WHERE resource_kind = $1 AND resource_id = $2",
    )
    .await
}

/// Where the counts of a resource's comments are kept (`db::counts`: 10,000 index entries
/// read once per second, not on every page); forgotten when a comment is added here.
fn counts_prefix(resource: ResourceRef) -> String {
    format!("comments:{}:{}:", resource.kind, resource.id)
}

/// Forgets the remembered counts of `resource`'s comments (after comments moved in or out).
pub fn forget_counts(db: &Db, resource: ResourceRef) {
    db.counts.forget(&counts_prefix(resource));
}

/// A count of `resource`'s comments (`sql` binds the kind and id), remembered a moment.
async fn counted(
    db: &Db,
    resource: ResourceRef,
    name: &str,
    sql: &'static str,
) -> Result<i64, sqlx::Error> {
    let key = format!("{}{name}", counts_prefix(resource));
    if let Some(count) = db.counts.get(&key) {
        return Ok(count);
    }
    let count: i64 = db::query(sql)
        .bind(resource.kind)
        .bind(resource.id)
        .fetch_one(db)
        .await?
        .try_get(0)?;
    db.counts.put(key, count);
    Ok(count)
}

/// The page of threads a comment is on, for permalinks.
pub async fn page_of(db: &Db, comment: &Comment) -> Result<i64, sqlx::Error> {
    let root = comment.root_id.unwrap_or(comment.id);
    let before: i64 = db::query(
        "SELECT COUNT(*) FROM comments
         WHERE resource_kind = $1 AND resource_id = $2 AND parent_id IS NULL AND id < $3",
    )
    .bind(&comment.resource_kind)
    .bind(comment.resource_id)
    .bind(root)
    .fetch_one(db)
    .await?
    .try_get(0)?;
    Ok(before / PER_PAGE + 1)
}

/// The link to a comment on its host page: its page of threads, or for a reply beyond the first
/// [`REPLIES_SHOWN`] of its thread, the page of that thread shown alone where it is.
pub async fn link_to(db: &Db, host_url: &str, comment: &Comment) -> Result<String, sqlx::Error> {
    if let Some(root) = comment.root_id {
        let before: i64 = db::query(
            "SELECT COUNT(*) FROM comments
             WHERE resource_kind = $1 AND resource_id = $2 AND root_id = $3 AND id < $4",
        )
        .bind(&comment.resource_kind)
        .bind(comment.resource_id)
        .bind(root)
        .bind(comment.id)
        .fetch_one(db)
        .await?
        .try_get(0)?;
        if before >= REPLIES_SHOWN {
            let replies_page = before / REPLIES_PER_PAGE + 1;
            return Ok(format!(
                "{host_url}?comments_thread={root}&replies_page={replies_page}#comment-{}",
                comment.id
            ));
        }
    }
    Ok(link(host_url, page_of(db, comment).await?, comment.id))
}

/// The link to a comment on its host page.
pub fn link(host_url: &str, page: i64, comment_id: i64) -> String {
    if page > 1 {
        format!("{host_url}?comments_page={page}#comment-{comment_id}")
    } else {
        format!("{host_url}#comment-{comment_id}")
    }
}

/// Earlier texts of a comment, oldest first, with when they were replaced.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    db::query("SELECT body, created_at FROM comment_versions WHERE comment_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("body")?, r.try_get("created_at")?)))
        .collect()
}

/// How an author is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorShown {
    Name(String),
    /// Their account was blocked by moderation.
    Blocked,
    /// Their account was deleted.
    Deleted,
}

/// A comment as a section shows it, in thread order.
#[derive(Clone, Debug)]
pub struct CommentItem {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
    pub author: AuthorShown,
    /// The author's nickname (their page is `/u/{nickname}`), when their name is shown.
    pub author_nickname: Option<String>,
    /// Empty when deleted or hidden.
    pub body_html: String,
    /// The Markdown source (empty when deleted or hidden), for the API.
    pub body: String,
    /// -1 against, 0 neutral, 1 in favour.
    pub alignment: i64,
    pub up_votes: i64,
    pub down_votes: i64,
    /// The viewer's vote: -1, 0 or 1.
    pub my_vote: i64,
    pub created: String,
    pub created_iso: String,
    /// Unix seconds.
    pub created_at: i64,
    pub edited: bool,
    pub deleted: bool,
    pub hidden: bool,
    /// Written by the viewer (who may edit and delete it).
    pub mine: bool,
    /// The viewer has reported it.
    pub reported: bool,
    /// Its replies follow (the template opens a nested list).
    pub has_children: bool,
    /// How many nested lists close after it.
    pub closes: usize,
    /// On a top-level comment: replies of its thread not shown on this page.
    pub more_replies: i64,
}

impl CommentItem {
    /// The Fluent key of its alignment badge, if it takes a position.
    pub fn alignment_key(&self) -> Option<&'static str> {
        match self.alignment {
            1 => Some("comments-alignment-in_favour"),
            -1 => Some("comments-alignment-against"),
            _ => None,
        }
    }

    /// The Fluent key that replaces the author's name (blocked or deleted account).
    pub fn author_key(&self) -> Option<&'static str> {
        match self.author {
            AuthorShown::Name(_) => None,
            AuthorShown::Blocked => Some("comments-author-blocked"),
            AuthorShown::Deleted => Some("comments-author-deleted"),
        }
    }

    /// The author's name (empty for blocked or deleted accounts).
    pub fn author_name(&self) -> &str {
        match &self.author {
            AuthorShown::Name(name) => name,
            _ => "",
        }
    }

    /// Shown with its text (neither deleted nor hidden).
    pub fn readable(&self) -> bool {
        !self.deleted && !self.hidden
    }

    /// The lists to close after it (`0..closes` for the template).
    pub fn closing(&self) -> std::ops::Range<usize> {
        0..self.closes
    }

    /// A row of `item_select!`, read by position: a window has 200 of them, and a lookup
    /// by name hashes the column name for each of their 18 values.
    fn from_row(row: &db::Row, viewer: i64) -> Result<CommentItem, sqlx::Error> {
        #[cfg(debug_assertions)]
        {
            for (i, name) in ITEM_COLUMNS.iter().enumerate() {
                debug_assert_eq!(
                    row.column_name(i).unwrap_or_default(),
                    *name,
                    "item_select! column {i}"
                );
            }
        }
        let deleted = row.try_get::<Option<i64>, _>(10)?.is_some();
        let hidden = row.try_get::<Option<i64>, _>(15)?.is_some();
        let author_id: Option<i64> = row.try_get(3)?;
        let author = if author_id.is_none() || row.try_get::<Option<i64>, _>(14)?.is_some() {
            AuthorShown::Deleted
        } else if row.try_get::<Option<i64>, _>(13)?.is_some() {
            AuthorShown::Blocked
        } else {
            AuthorShown::Name(row.try_get::<Option<String>, _>(11)?.unwrap_or_default())
        };
        let created: i64 = row.try_get(8)?;
        let body: String = row.try_get(4)?;
        Ok(CommentItem {
            id: row.try_get(0)?,
            parent_id: row.try_get(1)?,
            depth: row.try_get(2)?,
            body_html: if deleted || hidden {
                String::new()
            } else {
                markdown::to_safe_html(&body)
            },
            body: if deleted || hidden {
                String::new()
            } else {
                body
            },
            author_nickname: match author {
                AuthorShown::Name(_) => row.try_get(12)?,
                _ => None,
            },
            author,
            alignment: row.try_get(5)?,
            up_votes: row.try_get(6)?,
            down_votes: row.try_get(7)?,
            my_vote: row.try_get::<Option<i64>, _>(16)?.unwrap_or(0),
            created: format_time(created),
            created_iso: iso_time(created),
            created_at: created,
            edited: row.try_get::<Option<i64>, _>(9)?.is_some(),
            deleted,
            hidden,
            mine: author_id == Some(viewer),
            reported: row.try_get::<Option<i64>, _>(17)?.is_some(),
            has_children: false,
            closes: 0,
            more_replies: 0,
        })
    }
}

/// How many columns `item_select!()` has (an extra column's position).
#[cfg(debug_assertions)]
const ITEM_COLUMNS_COUNT: usize = 18;

/// The columns of `item_select!`, in order ([`CommentItem::from_row`] reads them by position).
#[cfg(debug_assertions)]
const ITEM_COLUMNS: [&str; ITEM_COLUMNS_COUNT] = [
    "id",
    "parent_id",
    "depth",
    "author_id",
    "body",
    "alignment",
    "up_votes",
    "down_votes",
    "created_at",
    "edited_at",
    "deleted_at",
    "author_name",
    "author_nickname",
    "author_blocked_at",
    "author_deleted_at",
    "hidden_at",
    "my_vote",
    "my_report",
];

/// The words every comment of a section repeats, translated once per page instead of once per
/// comment (a window of a long discussion shows 200 comments; translating their labels again
/// each time was most of the page's rendering, docs/PERFORMANCE.md). The labels that carry a
/// number (vote counts) are remembered by number, so each distinct count is translated once.
#[derive(Debug, Default)]
pub struct Labels {
    i18n: Option<I18n>,
    pub reply: String,
    pub edit: String,
    pub delete: String,
    pub edited: String,
    pub deleted: String,
    pub hidden: String,
    pub report_open: String,
    pub report_done: String,
    in_favour: String,
    against: String,
    author_blocked: String,
    author_deleted: String,
    /// (Fluent key, up, down) → text; a `Mutex` because a view is held across awaits (`Send`
    /// and `Sync`), never contended: one page renders on one thread.
    counted: Mutex<HashMap<(&'static str, i64, i64), String>>,
}

impl Clone for Labels {
    fn clone(&self) -> Labels {
        self.i18n.as_ref().map(Labels::new).unwrap_or_default()
    }
}

impl Labels {
    /// The labels in `i18n`'s language.
    pub fn new(i18n: &I18n) -> Labels {
        Labels {
            reply: i18n.t("comments-reply"),
            edit: i18n.t("comments-edit"),
            delete: i18n.t("comments-delete"),
            edited: i18n.t("comments-edited"),
            deleted: i18n.t("comments-deleted"),
            hidden: i18n.t("comments-hidden"),
            report_open: i18n.t("report-open"),
            report_done: i18n.t("report-done"),
            in_favour: i18n.t("comments-alignment-in_favour"),
            against: i18n.t("comments-alignment-against"),
            author_blocked: i18n.t("comments-author-blocked"),
            author_deleted: i18n.t("comments-author-deleted"),
            counted: Mutex::new(HashMap::new()),
            i18n: Some(i18n.clone()),
        }
    }

    /// The badge of a comment's alignment, if it takes a position.
    pub fn alignment(&self, c: &CommentItem) -> Option<&str> {
        c.alignment_key().map(|key| match key {
            "comments-alignment-in_favour" => self.in_favour.as_str(),
            _ => self.against.as_str(),
        })
    }

    /// What replaces the author's name (blocked or deleted account).
    pub fn author(&self, c: &CommentItem) -> Option<&str> {
        match c.author {
            AuthorShown::Name(_) => None,
            AuthorShown::Blocked => Some(&self.author_blocked),
            AuthorShown::Deleted => Some(&self.author_deleted),
        }
    }

    /// "Useful (N)".
    pub fn vote_up(&self, count: &i64) -> String {
        self.counted("comments-vote-up", *count, 0)
    }

    /// "Not useful (N)".
    pub fn vote_down(&self, count: &i64) -> String {
        self.counted("comments-vote-down", *count, 0)
    }

    /// "Useful: N · Not useful: M" (for who may not vote).
    pub fn votes(&self, up: &i64, down: &i64) -> String {
        self.counted("comments-votes", *up, *down)
    }

    fn counted(&self, key: &'static str, a: i64, b: i64) -> String {
        let Some(i18n) = &self.i18n else {
            return String::new();
        };
        let mut memo = self.counted.lock().unwrap_or_else(|e| e.into_inner());
        memo.entry((key, a, b))
            .or_insert_with(|| match key {
                "comments-votes" => i18n.t2(key, "up", a, "down", b),
                _ => i18n.t1(key, "count", a),
            })
            .clone()
    }
}

/// Everything the `comments/section.html` template needs.
#[derive(Clone, Debug)]
pub struct CommentSection {
    pub resource_kind: &'static str,
    pub resource_id: i64,
    /// The host page (for pagination links).
    pub url: String,
    /// The page's threads, in order (see [`CommentItem::has_children`] and `closes`).
    pub items: Vec<CommentItem>,
    /// Every comment of the resource, replies included.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub signed_in: bool,
    pub can_participate: bool,
    pub can_moderate: bool,
    /// May edit other people's comments (see [`Resolved::can_edit_others`]).
    pub can_edit_others: bool,
    pub alignment: bool,
    /// The space, for the moderation links.
    pub space_id: i64,
    pub body_max: usize,
    pub max_depth: i64,
    /// The thread shown alone (its top-level comment's id), if any.
    pub thread: Option<i64>,
    /// Which page of that thread's replies, and how many there are.
    pub replies_page: i64,
    pub replies_pages: i64,
    /// The comments' repeated labels, in the viewer's language (empty for the API, which
    /// renders no HTML).
    pub labels: Labels,
}

impl CommentSection {
    /// The link to another page of threads.
    pub fn page_url(&self, page: i64) -> String {
        format!("{}?comments_page={page}#comments", self.url)
    }

    /// The link to a thread shown alone, at a page of its replies.
    pub fn thread_url(&self, root: i64, replies_page: i64) -> String {
        format!(
            "{}?comments_thread={root}&replies_page={replies_page}#comment-{root}",
            self.url
        )
    }

    /// The link to a whole thread (its first page of replies).
    pub fn more_url(&self, root: &i64) -> String {
        self.thread_url(*root, 1)
    }

    /// The link to another page of replies of the thread shown alone.
    pub fn replies_url(&self, replies_page: i64) -> String {
        self.thread_url(self.thread.unwrap_or_default(), replies_page)
    }

    /// From a thread shown alone, back to its place among all the threads.
    pub fn back_url(&self) -> String {
        match self.thread {
            Some(root) => link(&self.url, self.page, root),
            None => self.page_url(self.page),
        }
    }
}

/// Where in a comment section a host page is: a page of threads, or one thread alone at a page
/// of its replies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub page: i64,
    pub thread: Option<i64>,
    pub replies_page: i64,
}

impl Position {
    /// The first page of threads.
    pub const FIRST: Position = Position {
        page: 1,
        thread: None,
        replies_page: 1,
    };
}

/// The comments page asked for in a host page's query (`comments_page`, default 1).
pub fn page_param(query: &HashMap<String, String>) -> i64 {
    query
        .get("comments_page")
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
}

/// The position asked for in a host page's query (`comments_page`, `comments_thread`,
/// `replies_page`); what does not parse is ignored.
pub fn position_param(query: &HashMap<String, String>) -> Position {
    Position {
        page: page_param(query),
        thread: query
            .get("comments_thread")
            .and_then(|p| p.parse::<i64>().ok()),
        replies_page: query
            .get("replies_page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1),
    }
}

/// The columns and joins of a shown comment; `$1` is the viewer (-1 when anonymous).
/// `item_select!(", expr AS name")` adds columns after those (`CommentItem::from_row` reads
/// the first 18 by position).
macro_rules! item_select {
    () => {
        item_select!("")
    };
    ($extra:literal) => {
        concat!(
            "SELECT c.id, c.parent_id, c.depth, c.author_id, c.body, c.alignment, c.up_votes,
                c.down_votes, c.created_at, c.edited_at, c.deleted_at,
                u.name AS author_name, u.nickname AS author_nickname, u.blocked_at AS author_blocked_at,
                u.deleted_at AS author_deleted_at, m.hidden_at, v.value AS my_vote, r.id AS my_report",
            $extra,
            "
         FROM comments c
         LEFT JOIN users u ON u.id = c.author_id
         LEFT JOIN moderations m ON m.resource_kind = 'comment' AND m.resource_id = c.id
         LEFT JOIN comment_votes v ON v.comment_id = c.id AND v.user_id = $1
         LEFT JOIN reports r ON r.moderation_id = m.id AND r.user_id = $1 "
        )
    };
}

/// The comment section of a resource, page `page` of its threads (see [`section_at`]).
pub async fn section(
    db: &Db,
    ctx: &Ctx,
    resource: ResourceRef,
    page: i64,
) -> Result<CommentSection, AppError> {
    let at = Position {
        page,
        ..Position::FIRST
    };
    section_at(db, ctx, resource, at).await
}

fn items(rows: &[db::Row], viewer: i64) -> Result<Vec<CommentItem>, sqlx::Error> {
    rows.iter()
        .map(|r| CommentItem::from_row(r, viewer))
        .collect()
}

/// The comment section of a resource at `at` (pages are 1-based; out of range → the nearest
/// page). A page of threads loads one indexed range of [`PER_PAGE`] top-level comments, each
/// with how many replies it has, and, in one more query over the replies index, the first
/// [`REPLIES_SHOWN`] replies of each. A thread alone (`at.thread`, a top-level comment of this resource; any
/// other id shows the page of threads) loads its top-level comment and one indexed range of
/// its replies. 404 when the viewer may not see the resource.
pub async fn section_at(
    db: &Db,
    ctx: &Ctx,
    resource: ResourceRef,
    at: Position,
) -> Result<CommentSection, AppError> {
    let mut section = threads_at(db, ctx.user(), resource, at, PER_PAGE).await?;
    section.labels = Labels::new(&ctx.i18n);
    Ok(section)
}

/// [`section_at`] for a resource already resolved (see [`resolve_in`]).
pub async fn section_of(
    db: &Db,
    ctx: &Ctx,
    resolved: Resolved,
    at: Position,
) -> Result<CommentSection, AppError> {
    let mut section = threads_of(db, ctx.user(), resolved, at, PER_PAGE).await?;
    section.labels = Labels::new(&ctx.i18n);
    Ok(section)
}

/// [`section`] for `user`, with `per_page` top-level comments per page (the API chooses it).
pub async fn threads(
    db: &Db,
    user: Option<&User>,
    resource: ResourceRef,
    page: i64,
    per_page: i64,
) -> Result<CommentSection, AppError> {
    let at = Position {
        page,
        ..Position::FIRST
    };
    threads_at(db, user, resource, at, per_page).await
}

/// [`section_at`] for `user`, with `per_page` top-level comments per page.
pub async fn threads_at(
    db: &Db,
    user: Option<&User>,
    resource: ResourceRef,
    at: Position,
    per_page: i64,
) -> Result<CommentSection, AppError> {
    let resolved = resolve(db, user, resource).await?;
    threads_of(db, user, resolved, at, per_page).await
}

async fn threads_of(
    db: &Db,
    user: Option<&User>,
    resolved: Resolved,
    at: Position,
    per_page: i64,
) -> Result<CommentSection, AppError> {
    let resource = resolved.resource;
    let viewer = user.map(|u| u.id).unwrap_or(-1);
    let thread_root = match at.thread {
        Some(root) => db::query(concat!(
            item_select!(),
            "WHERE c.id = $2 AND c.resource_kind = $3 AND c.resource_id = $4 AND c.parent_id IS NULL"
        ))
        .bind(viewer)
        .bind(root)
        .bind(resource.kind)
        .bind(resource.id)
        .fetch_optional(db)
        .await?
        .map(|r| CommentItem::from_row(&r, viewer))
        .transpose()?,
        None => None,
    };
    let mut section = CommentSection {
        resource_kind: resource.kind,
        resource_id: resource.id,
        url: resolved.host.url.clone(),
        items: Vec::new(),
        total: count(db, resource).await?,
        page: 1,
        pages: 1,
        signed_in: user.is_some(),
        can_participate: resolved.can_participate,
        can_moderate: resolved.can_moderate,
        can_edit_others: resolved.can_edit_others,
        alignment: resolved.host.alignment,
        space_id: resolved.space.id,
        body_max: BODY_MAX,
        max_depth: MAX_DEPTH,
        thread: None,
        replies_page: 1,
        replies_pages: 1,
        labels: Labels::default(),
    };
    if let Some(root) = thread_root {
        let replies_count = replies_count(db, resource, root.id, root.id).await?;
        let count = replies_count.first().map_or(0, |(_, n)| *n);
        section.replies_pages = ((count + REPLIES_PER_PAGE - 1) / REPLIES_PER_PAGE).max(1);
        section.replies_page = at.replies_page.clamp(1, section.replies_pages);
        let replies = db::query_built(format!(
            "{}WHERE c.resource_kind = $2 AND c.resource_id = $3 AND c.root_id = $4
             ORDER BY c.id LIMIT {REPLIES_PER_PAGE} OFFSET $5",
            item_select!()
        ))
        .bind(viewer)
        .bind(resource.kind)
        .bind(resource.id)
        .bind(root.id)
        .bind((section.replies_page - 1) * REPLIES_PER_PAGE)
        .fetch_all(db)
        .await?;
        section.page = page_of_root(db, resource, root.id).await?;
        section.thread = Some(root.id);
        section.items = thread_order(vec![root], items(&replies, viewer)?, true);
        crate::platform::notifications::mentions::link_in_comments(db, &mut section.items).await?;
        return Ok(section);
    }

    let tops_count = counted(
        db,
        resource,
        "threads",
        "SELECT COUNT(*) FROM comments WHERE resource_kind = $1 AND resource_id = $2 AND parent_id IS NULL",
    )
    .await?;
    section.pages = ((tops_count + per_page - 1) / per_page).max(1);
    section.page = at.page.clamp(1, section.pages);
    // The `LIMIT`s are written in the SQL, not bound: SQLite marks a statement whose `LIMIT`
    // is a parameter for re-preparing on every new binding (it plans with the value), which
    // parsed and planned these statements again on every page view (`perf`: a third of the
    // page's CPU). `OFFSET` does not do that. The numbers are ours, never the visitor's text.
    let tops = db::query_built(format!(
        "{}WHERE c.resource_kind = $2 AND c.resource_id = $3 AND c.parent_id IS NULL
         ORDER BY c.id LIMIT {per_page} OFFSET $4",
        item_select!()
    ))
    .bind(viewer)
    .bind(resource.kind)
    .bind(resource.id)
    .bind((section.page - 1) * per_page)
    .fetch_all(db)
    .await?;
    let mut tops = items(&tops, viewer)?;
    let ids: Vec<i64> = tops.iter().map(|t| t.id).collect();
    for (top, size) in tops.iter_mut().zip(thread_sizes(db, resource, &ids).await?) {
        top.more_replies = (size - REPLIES_SHOWN).max(0);
    }
    let replies = match tops.first() {
        Some(_) => {
            // The first replies of each thread: one short index range per thread (`LIMIT`
            // inside each part), however long the threads are; only those rows are read.
            let parts: Vec<String> = (0..ids.len())
                .map(|i| {
                    format!(
                        "SELECT id FROM (SELECT id FROM comments WHERE resource_kind = $2
                         AND resource_id = $3 AND root_id = ${} ORDER BY id
                         LIMIT {REPLIES_SHOWN}) AS t{i}",
                        4 + i
                    )
                })
                .collect();
            let sql = format!(
                "{} WHERE c.id IN ({}) ORDER BY c.id",
                item_select!(),
                parts.join(" UNION ALL ")
            );
            let mut query = db::query_built(sql)
                .bind(viewer)
                .bind(resource.kind)
                .bind(resource.id);
            for id in &ids {
                query = query.bind(*id);
            }
            let rows = query.fetch_all(db).await?;
            items(&rows, viewer)?
        }
        None => Vec::new(),
    };
    section.items = thread_order(tops, replies, false);
    crate::platform::notifications::mentions::link_in_comments(db, &mut section.items).await?;
    Ok(section)
}

/// Threads with at least this many replies have their size remembered a moment.
const THREAD_SIZE_KEPT: i64 = 200;

/// How many replies each of the threads `roots` (top-level comments of `resource`) has, in
/// order: one grouped count over the replies index. The size of a long thread is remembered a
/// moment (`db::counts`, forgotten when a comment is added to the resource, as the section's
/// other counts): the first thread of the 10,000-comment discussion has 4,000 replies, which
/// were counted again on every view of the page. Short threads cost little to count, and are
/// not kept, so that a page of threads does not fill the shared table of counts.
async fn thread_sizes(
    db: &Db,
    resource: ResourceRef,
    roots: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    let prefix = counts_prefix(resource);
    let key = |root: i64| format!("{prefix}replies:{root}");
    let mut sizes: Vec<Option<i64>> = roots.iter().map(|r| db.counts.get(&key(*r))).collect();
    let missing: Vec<i64> = roots
        .iter()
        .zip(&sizes)
        .filter(|(_, size)| size.is_none())
        .map(|(root, _)| *root)
        .collect();
    if !missing.is_empty() {
        let placeholders: Vec<String> = (0..missing.len()).map(|i| format!("${}", 3 + i)).collect();
        let mut query = db::query_built(format!(
            "SELECT root_id, COUNT(*) FROM comments
             WHERE resource_kind = $1 AND resource_id = $2 AND root_id IN ({})
             GROUP BY root_id",
            placeholders.join(", ")
        ))
        .bind(resource.kind)
        .bind(resource.id);
        for root in &missing {
            query = query.bind(*root);
        }
        let counted = query
            .fetch_all(db)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<HashMap<i64, i64>, sqlx::Error>>()?;
        for (root, size) in roots.iter().zip(sizes.iter_mut()) {
            if size.is_none() {
                let n = counted.get(root).copied().unwrap_or(0);
                if n >= THREAD_SIZE_KEPT {
                    db.counts.put(key(*root), n);
                }
                *size = Some(n);
            }
        }
    }
    Ok(sizes.into_iter().map(|size| size.unwrap_or(0)).collect())
}

/// How many replies each thread with a root in `first..=last` has.
async fn replies_count(
    db: &Db,
    resource: ResourceRef,
    first: i64,
    last: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    db::query(
        "SELECT root_id, COUNT(*) FROM comments
         WHERE resource_kind = $1 AND resource_id = $2 AND root_id BETWEEN $3 AND $4
         GROUP BY root_id",
    )
    .bind(resource.kind)
    .bind(resource.id)
    .bind(first)
    .bind(last)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// The page of threads of a top-level comment.
async fn page_of_root(db: &Db, resource: ResourceRef, root: i64) -> Result<i64, sqlx::Error> {
    let before: i64 = db::query(
        "SELECT COUNT(*) FROM comments
         WHERE resource_kind = $1 AND resource_id = $2 AND parent_id IS NULL AND id < $3",
    )
    .bind(resource.kind)
    .bind(resource.id)
    .bind(root)
    .fetch_one(db)
    .await?
    .try_get(0)?;
    Ok(before / PER_PAGE + 1)
}

/// Puts replies under their parents (pre-order), marking where nested lists open and close.
/// With `adopt` (one thread alone, a page of its replies), a reply whose parent is on an
/// earlier page goes directly under the top-level comment instead of being left out.
fn thread_order(
    tops: Vec<CommentItem>,
    replies: Vec<CommentItem>,
    adopt: bool,
) -> Vec<CommentItem> {
    let present: std::collections::HashSet<i64> =
        tops.iter().chain(&replies).map(|c| c.id).collect();
    let root = tops.first().map(|t| t.id);
    let mut children: HashMap<i64, Vec<CommentItem>> = HashMap::new();
    for reply in replies {
        let parent = match reply.parent_id {
            Some(p) if adopt && !present.contains(&p) => root,
            other => other,
        };
        if let Some(parent) = parent {
            children.entry(parent).or_default().push(reply);
        }
    }
    fn walk(
        mut item: CommentItem,
        children: &mut HashMap<i64, Vec<CommentItem>>,
        out: &mut Vec<CommentItem>,
    ) {
        let kids = children.remove(&item.id).unwrap_or_default();
        item.has_children = !kids.is_empty();
        out.push(item);
        if !kids.is_empty() {
            for kid in kids {
                walk(kid, children, out);
            }
            if let Some(last) = out.last_mut() {
                last.closes += 1;
            }
        }
    }
    let mut out = Vec::new();
    for top in tops {
        walk(top, &mut children, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, parent: Option<i64>) -> CommentItem {
        CommentItem {
            id,
            parent_id: parent,
            depth: 0,
            author: AuthorShown::Deleted,
            author_nickname: None,
            body_html: String::new(),
            body: String::new(),
            alignment: 0,
            up_votes: 0,
            down_votes: 0,
            my_vote: 0,
            created: String::new(),
            created_iso: String::new(),
            created_at: 0,
            edited: false,
            deleted: false,
            hidden: false,
            mine: false,
            reported: false,
            has_children: false,
            closes: 0,
            more_replies: 0,
        }
    }

    #[test]
    fn threads_nest_and_close_their_lists() {
        let out = thread_order(
            vec![item(1, None), item(5, None)],
            vec![item(2, Some(1)), item(3, Some(2)), item(4, Some(1))],
            false,
        );
        let shape: Vec<_> = out
            .iter()
            .map(|i| (i.id, i.has_children, i.closes))
            .collect();
        assert_eq!(
            shape,
            vec![
                (1, true, 0),
                (2, true, 0),
                (3, false, 1),
                (4, false, 1),
                (5, false, 0)
            ]
        );
    }

    #[test]
    fn a_page_of_one_thread_adopts_replies_whose_parent_is_on_an_earlier_page() {
        let shape = |adopt| -> Vec<i64> {
            thread_order(
                vec![item(1, None)],
                vec![item(7, Some(3)), item(8, Some(7)), item(9, Some(1))],
                adopt,
            )
            .iter()
            .map(|i| i.id)
            .collect()
        };
        assert_eq!(shape(true), vec![1, 7, 8, 9]);
        assert_eq!(
            shape(false),
            vec![1, 9],
            "a page of threads never has orphans"
        );
    }

    #[test]
    fn bodies_and_alignments_are_checked() {
        assert_eq!(check_body("  "), Err(BodyProblem::Empty));
        assert_eq!(check_body(&"é".repeat(5001)), Err(BodyProblem::TooLong));
        assert_eq!(check_body(" ok "), Ok("ok"));
        assert_eq!(parse_alignment("against"), Some(-1));
        assert_eq!(parse_alignment("maybe"), None);
    }
}
