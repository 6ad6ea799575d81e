//! A discussion thread's replies through the API, with their reactions, and the caller's own
//! reactions: `GET /api/v1/threads/{id}/comments`, `PUT`/`DELETE
//! /api/v1/comments/{id}/reactions/{emoji}`. On top of the comment service and the threads'
//! reactions (`components::threads::reactions`), with the rules of the thread page: whoever
//! takes part in the space — or is a guest of this one thread — reacts while it is open.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;

use super::auth::Caller;
use super::comments::{
    CommentDoc, ListQuery, PER_PAGE_DEFAULT, PER_PAGE_MAX, ReactionDoc, comment_doc, number,
};
use super::problem::Problem;
use crate::app::AppState;
use crate::components::threads::{KIND, reactions};
use crate::db::Db;
use crate::platform::comments::{self, ResourceRef};
use crate::platform::moderation;
use crate::platform::permissions::{Action, permits};

/// One page of a thread's replies.
#[derive(Serialize)]
pub struct ReplyList {
    pub thread_id: i64,
    pub page: i64,
    /// Conversations (top-level replies, each followed by all its replies) per page.
    pub per_page: i64,
    pub pages: i64,
    /// Every reply of the thread, deleted ones included.
    pub total: i64,
    /// The page's replies in conversation order, each with its reactions.
    pub comments: Vec<CommentDoc>,
}

fn reaction_docs(tallies: Vec<reactions::Tally>) -> Vec<ReactionDoc> {
    tallies
        .into_iter()
        .map(|t| ReactionDoc {
            emoji: t.code,
            symbol: t.emoji,
            count: t.count,
            mine: t.mine,
        })
        .collect()
}

fn thread_id(id: &str) -> Result<i64, Problem> {
    id.parse()
        .map_err(|_| Problem::not_found(format!("No thread {id:?}.")))
}

/// One page of a thread's replies, with their reactions (one query for the page's reactions).
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<ReplyList>, Problem> {
    let db = &state.db;
    let page = number("page", query.page.as_deref(), 1, 1_000_000)?;
    let per_page = number(
        "per_page",
        query.per_page.as_deref(),
        PER_PAGE_DEFAULT,
        PER_PAGE_MAX,
    )?;
    let resource = ResourceRef::new(KIND, thread_id(&id)?).ok_or_else(Problem::internal)?;
    // The comment service answers 404 to whoever may not see the thread (its guests see it).
    let section = comments::threads(db, caller.user.as_ref(), resource, page, per_page).await?;
    let items = if section.page == page {
        section.items
    } else {
        Vec::new()
    };
    let ids: Vec<i64> = items
        .iter()
        .filter(|c| c.readable())
        .map(|c| c.id)
        .collect();
    let mut tallies = reactions::of(db, &ids, caller.user.as_ref().map(|u| u.id)).await?;
    let comments = items
        .into_iter()
        .map(|item| {
            let readable = item.readable();
            let id = item.id;
            let mut doc = comment_doc(item);
            doc.reactions = Some(if readable {
                reaction_docs(tallies.remove(&id).unwrap_or_default())
            } else {
                Vec::new()
            });
            doc
        })
        .collect();
    Ok(Json(ReplyList {
        thread_id: resource.id,
        page,
        per_page,
        pages: section.pages,
        total: section.total,
        comments,
    }))
}

/// A reply's reactions after a change.
#[derive(Serialize)]
pub struct Reactions {
    pub comment_id: i64,
    pub reactions: Vec<ReactionDoc>,
}

/// Adds the caller's reaction (nothing changes if it is there).
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, emoji)): Path<(String, String)>,
) -> Result<Json<Reactions>, Problem> {
    react(&state.db, &caller, &id, &emoji, true).await
}

/// Takes the caller's reaction back (nothing changes if it was not there).
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, emoji)): Path<(String, String)>,
) -> Result<Json<Reactions>, Problem> {
    react(&state.db, &caller, &id, &emoji, false).await
}

async fn react(
    db: &Db,
    caller: &Caller,
    id: &str,
    emoji: &str,
    on: bool,
) -> Result<Json<Reactions>, Problem> {
    let user = caller.require_user()?;
    let missing =
        || Problem::not_found("No such reply of a discussion thread, or you may not see it.");
    let comment_id: i64 = id.parse().map_err(|_| missing())?;
    let comment = comments::find(db, comment_id).await?.ok_or_else(missing)?;
    // Only the replies of threads take reactions; a comment elsewhere is "not found" here.
    if comment.resource_kind != KIND {
        return Err(missing());
    }
    let resource = ResourceRef::new(KIND, comment.resource_id).ok_or_else(Problem::internal)?;
    let resolved = match comments::resolve(db, Some(user), resource).await {
        Ok(resolved) => resolved,
        Err(crate::web::AppError::NotFound) => return Err(missing()),
        Err(other) => return Err(other.into()),
    };
    let Some(code) = reactions::parse(emoji) else {
        let codes: Vec<&str> = reactions::EMOJI.iter().map(|(c, _)| *c).collect();
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{emoji:?} is not one of the reactions: {}.",
                codes.join(", ")
            ),
        ));
    };
    if comment.deleted || moderation::is_hidden(db, comments::KIND, comment.id).await? {
        return Err(Problem::new(
            StatusCode::GONE,
            "This reply was deleted by its author or hidden by moderation: it takes no reactions.",
        ));
    }
    if !permits(
        &resolved.actor,
        Action::Participate,
        Some(&resolved.space.facts()),
    ) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "Only the participants of this space (and the guests of this thread) react.",
        ));
    }
    if !resolved.host.open {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "The thread is closed: it takes no new reactions.",
        ));
    }
    if reactions::set(db, comment.resource_id, comment.id, user.id, code, on)
        .await?
        .is_none()
    {
        return Err(Problem::new(
            StatusCode::GONE,
            "This reply was deleted by its author: it takes no reactions.",
        ));
    }
    let mut tallies = reactions::of(db, &[comment.id], Some(user.id)).await?;
    Ok(Json(Reactions {
        comment_id: comment.id,
        reactions: reaction_docs(tallies.remove(&comment.id).unwrap_or_default()),
    }))
}
