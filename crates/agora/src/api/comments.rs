//! `GET`/`POST /api/v1/proposals/{id}/comments`: a proposal's comment threads through the
//! API, on top of the comment service the pages use (`platform::comments`): the same pages of
//! threads, the same rules for writing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::auth::Caller;
use super::problem::{Problem, json_body};
use super::proposals::find;
use crate::app::AppState;
use crate::components::proposals::KIND;
use crate::platform::comments::{
    self, AuthorShown, BODY_MAX, BodyProblem, CommentItem, Refusal, ResourceRef,
};
use crate::platform::markdown;

/// Most threads per page.
pub(super) const PER_PAGE_MAX: i64 = 100;
/// Threads per page unless asked otherwise.
pub(super) const PER_PAGE_DEFAULT: i64 = 20;

/// A comment's text in both forms.
#[derive(Serialize)]
pub struct BodyDoc {
    /// What the author wrote (Markdown).
    pub markdown: String,
    /// How the page shows it: sanitised HTML.
    pub html: String,
}

/// A comment as the API shows it. Deleted and hidden comments keep their place in the thread
/// with `body: null`.
#[derive(Serialize)]
pub struct CommentDoc {
    pub id: i64,
    /// The comment it answers (`null` for a top-level comment).
    pub parent_id: Option<i64>,
    /// 0 for a top-level comment, at most 3.
    pub depth: i64,
    /// `visible`, `deleted` (by its author) or `hidden` (by moderation).
    pub status: &'static str,
    pub body: Option<BodyDoc>,
    /// `in_favour`, `neutral` or `against`.
    pub alignment: &'static str,
    /// The author's name; `null` when the account was deleted or blocked.
    pub author: Option<String>,
    pub created_at: i64,
    pub edited: bool,
    pub up_votes: i64,
    pub down_votes: i64,
    /// On the replies of a discussion thread: each emoji someone chose, in a fixed order, with
    /// how many chose it and whether the caller did. Absent on a proposal's comments (they
    /// take no reactions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reactions: Option<Vec<ReactionDoc>>,
}

/// One emoji under a reply.
#[derive(Serialize)]
pub struct ReactionDoc {
    /// Its code: `thumbs_up`, `heart`, `smile`, `party`, `thinking` or `eyes`.
    pub emoji: &'static str,
    /// The emoji itself.
    pub symbol: &'static str,
    pub count: i64,
    /// The caller reacted with it.
    pub mine: bool,
}

fn alignment_name(alignment: i64) -> &'static str {
    match alignment {
        1 => "in_favour",
        -1 => "against",
        _ => "neutral",
    }
}

pub(super) fn comment_doc(item: CommentItem) -> CommentDoc {
    let status = if item.deleted {
        "deleted"
    } else if item.hidden {
        "hidden"
    } else {
        "visible"
    };
    CommentDoc {
        id: item.id,
        parent_id: item.parent_id,
        depth: item.depth,
        status,
        body: (status == "visible").then_some(BodyDoc {
            markdown: item.body,
            html: item.body_html,
        }),
        alignment: alignment_name(item.alignment),
        author: match item.author {
            AuthorShown::Name(name) => Some(name),
            AuthorShown::Blocked | AuthorShown::Deleted => None,
        },
        created_at: item.created_at,
        edited: item.edited,
        up_votes: item.up_votes,
        down_votes: item.down_votes,
        reactions: None,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
}

#[derive(Serialize)]
pub struct CommentList {
    pub proposal_id: i64,
    pub page: i64,
    /// Threads (top-level comments, each followed by all its replies) per page.
    pub per_page: i64,
    /// How many pages of threads there are.
    pub pages: i64,
    /// Every comment of the proposal, replies and deleted ones included.
    pub total: i64,
    /// The page's comments in thread order: each top-level comment, then its replies.
    pub comments: Vec<CommentDoc>,
}

pub(super) fn number(
    name: &str,
    text: Option<&str>,
    default: i64,
    max: i64,
) -> Result<i64, Problem> {
    match text {
        None => Ok(default),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(Problem::bad_request(format!(
                "`{name}` must be a whole number from 1 to {max}, not {text:?}."
            ))),
        },
    }
}

/// One page of a proposal's comment threads.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<CommentList>, Problem> {
    let db = &state.db;
    let page = number("page", query.page.as_deref(), 1, 1_000_000)?;
    let per_page = number(
        "per_page",
        query.per_page.as_deref(),
        PER_PAGE_DEFAULT,
        PER_PAGE_MAX,
    )?;
    let found = find(db, &caller, &id).await?;
    let resource = ResourceRef::new(KIND, found.proposal.id).ok_or_else(Problem::internal)?;
    let section = comments::threads(db, caller.user.as_ref(), resource, page, per_page).await?;
    // The service shows the nearest page when asked for one past the end; a client walking
    // the pages must see the end instead.
    let comments = if section.page == page {
        section.items.into_iter().map(comment_doc).collect()
    } else {
        Vec::new()
    };
    Ok(Json(CommentList {
        proposal_id: found.proposal.id,
        page,
        per_page,
        pages: section.pages,
        total: section.total,
        comments,
    }))
}

/// What a client sends to comment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCommentDoc {
    /// Markdown.
    body: String,
    #[serde(default)]
    parent_id: Option<i64>,
    /// `in_favour`, `neutral` (default) or `against`; top-level comments only.
    #[serde(default)]
    alignment: Option<String>,
}

/// Comments a proposal (or answers one of its comments) with the rules of the page's form.
/// 201 with `Location` (the comment's permalink) and the comment.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let db = &state.db;
    let user = caller.require_user()?;
    let found = find(db, &caller, &id).await?;
    let resource = ResourceRef::new(KIND, found.proposal.id).ok_or_else(Problem::internal)?;
    let resolved = comments::resolve(db, Some(user), resource).await?;
    let new: NewCommentDoc = json_body(&headers, &body)?;
    let alignment = match new.alignment.as_deref() {
        None => 0,
        Some(text) => comments::parse_alignment(text).ok_or_else(|| {
            Problem::bad_request(format!(
                "`alignment` is one of in_favour, neutral, against; not {text:?}."
            ))
        })?,
    };
    let refusal = match comments::create(
        db,
        &resolved,
        user.id,
        new.parent_id,
        &new.body,
        alignment,
    )
    .await?
    {
        Ok(comment_id) => {
            crate::platform::notifications::mentions::after_comment(
                db,
                &state.config,
                comment_id,
                None,
            )
            .await;
            return created(db, comment_id).await;
        }
        Err(refusal) => refusal,
    };
    Err(match refusal {
        Refusal::NotAllowed => Problem::new(
            StatusCode::FORBIDDEN,
            "You may not comment here: only participants of this space may, and only while the \
             proposal takes comments (not withdrawn nor hidden).",
        ),
        Refusal::Blocked => Problem::new(StatusCode::FORBIDDEN, "Your account is blocked."),
        Refusal::Body(BodyProblem::Empty) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`body` must not be empty.",
        ),
        Refusal::Body(BodyProblem::TooLong) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("`body` is at most {BODY_MAX} characters."),
        ),
        Refusal::NoParent => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`parent_id` is not a comment of this proposal.",
        ),
    })
}

async fn created(db: &crate::db::Db, id: i64) -> Result<Response, Problem> {
    let row = sqlx::query(
        "SELECT c.parent_id, c.depth, c.body, c.alignment, c.created_at, u.name
         FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    let body: String = row.try_get("body")?;
    let doc = CommentDoc {
        id,
        parent_id: row.try_get("parent_id")?,
        depth: row.try_get("depth")?,
        status: "visible",
        body: Some(BodyDoc {
            html: markdown::to_safe_html(&body),
            markdown: body,
        }),
        alignment: alignment_name(row.try_get("alignment")?),
        author: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        edited: false,
        up_votes: 0,
        down_votes: 0,
        reactions: None,
    };
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/comments/{id}"))],
        Json(doc),
    )
        .into_response())
}
