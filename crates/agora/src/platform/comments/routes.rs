//! The comment routes: create, permalink, edit, history, delete, vote. Every form comes back
//! to the host page at the comment's anchor (post/redirect/get), so no JavaScript is needed.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::{
    BODY_MAX, BodyProblem, Comment, Refusal, Resolved, ResourceRef, check_body, find, link_to,
    parse_alignment, resolve,
};
use crate::app::AppState;
use crate::db::Db;
use crate::platform::accounts::routes::format_time;
use crate::platform::{markdown, moderation, organizations};
use crate::web::{AppError, Ctx, Form, render, see_other};

/// The comment routes (merged into the application router).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/comments", post(create))
        .route("/comments/{id}", get(permalink))
        .route("/comments/{id}/reply", get(reply_form))
        .route("/comments/{id}/edit", get(edit_form).post(edit))
        .route("/comments/{id}/history", get(history))
        .route("/comments/{id}/delete", post(delete))
        .route("/comments/{id}/vote", post(vote))
}

/// Answers in the organisation's language.
async fn localized(db: &Db, ctx: Ctx, resolved: &Resolved) -> Result<Ctx, AppError> {
    let org = organizations::find(db, resolved.space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ctx.for_organization(org.default_locale, &org.available_locales))
}

/// A comment and its resource, when the person may see them (404 otherwise).
async fn load(db: &Db, ctx: &Ctx, id: &str) -> Result<(Comment, Resolved), AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let comment = find(db, id).await?.ok_or(AppError::NotFound)?;
    let resource = comment.resource().ok_or(AppError::NotFound)?;
    let resolved = resolve(db, ctx.user(), resource).await?;
    Ok((comment, resolved))
}

async fn back_to(db: &Db, comment: &Comment, resolved: &Resolved) -> Result<Response, AppError> {
    Ok(see_other(&link_to(db, &resolved.host.url, comment).await?))
}

/// The comment form, shown again with its error (or to edit a comment).
#[derive(Template)]
#[template(path = "comments/form.html")]
struct FormView {
    ctx: Ctx,
    title_key: &'static str,
    action: String,
    resource_kind: String,
    resource_id: i64,
    parent_id: String,
    alignment: String,
    body: String,
    error: Option<String>,
    back: String,
    body_max: usize,
    /// The comment replied to, quoted above the form: (author, body as safe HTML).
    quote: Option<(String, String)>,
}

fn problem_text(ctx: &Ctx, problem: BodyProblem) -> String {
    match problem {
        BodyProblem::Empty => ctx.i18n.t("comments-error-empty"),
        BodyProblem::TooLong => ctx.i18n.t1("comments-error-long", "max", BODY_MAX),
    }
}

fn unprocessable(view: &FormView) -> Result<Response, AppError> {
    let mut response = render(view)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CreateForm {
    resource_kind: String,
    resource_id: String,
    parent_id: String,
    body: String,
    alignment: String,
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CreateForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let resource_id: i64 = form.resource_id.parse().map_err(|_| AppError::NotFound)?;
    let resource = ResourceRef::new(&form.resource_kind, resource_id).ok_or(AppError::NotFound)?;
    let resolved = resolve(db, ctx.user(), resource).await?;
    // After signing in, the person comes back to the page they were reading.
    let user = ctx
        .user()
        .ok_or_else(|| AppError::SignInRequired(resolved.host.url.clone()))?
        .clone();
    let parent_id = match form.parent_id.trim() {
        "" => None,
        p => Some(p.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let alignment = parse_alignment(form.alignment.trim())
        .ok_or_else(|| AppError::BadRequest("unknown alignment".into()))?;
    let refusal = match super::create(db, &resolved, user.id, parent_id, &form.body, alignment)
        .await?
    {
        Ok(id) => {
            crate::platform::notifications::mentions::after_comment(db, &state.config, id, None)
                .await;
            let comment = find(db, id).await?.ok_or(AppError::NotFound)?;
            return back_to(db, &comment, &resolved).await;
        }
        Err(refusal) => refusal,
    };
    let problem = match refusal {
        Refusal::NotAllowed | Refusal::Blocked => return Err(AppError::Forbidden),
        Refusal::NoParent => return Err(AppError::NotFound),
        Refusal::Body(problem) => problem,
    };
    let ctx = localized(db, ctx, &resolved).await?;
    unprocessable(&FormView {
        error: Some(problem_text(&ctx, problem)),
        title_key: if parent_id.is_some() {
            "comments-reply-title"
        } else {
            "comments-new-title"
        },
        action: "/comments".into(),
        resource_kind: resource.kind.into(),
        resource_id,
        parent_id: form.parent_id.trim().into(),
        alignment: form.alignment.trim().into(),
        body: form.body,
        back: format!("{}#comments", resolved.host.url),
        body_max: BODY_MAX,
        quote: None,
        ctx,
    })
}

async fn permalink(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (comment, resolved) = load(&state.db, &ctx, &id).await?;
    back_to(&state.db, &comment, &resolved).await
}

/// The reply form of one comment, on its own page: lists of comments carry a link here rather
/// than a form under every comment (a page of 150 replies weighed 700 KB with them).
async fn reply_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (comment, resolved) = load(db, &ctx, &id).await?;
    let permalink = format!("/comments/{}", comment.id);
    if ctx.user().is_none() {
        return Err(AppError::SignInRequired(format!("{permalink}/reply")));
    }
    if !resolved.can_participate {
        return Err(AppError::Forbidden);
    }
    if comment.deleted || moderation::is_hidden(db, super::KIND, comment.id).await? {
        return Err(AppError::NotFound);
    }
    let author = match comment.author_id {
        Some(author) => crate::platform::accounts::find_by_id(db, author)
            .await?
            // A blocked author's name is not shown, as in the lists.
            .filter(|u| !u.blocked)
            .map(|u| u.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let ctx = localized(db, ctx, &resolved).await?;
    render(&FormView {
        title_key: "comments-reply-title",
        action: "/comments".into(),
        resource_kind: comment.resource_kind.clone(),
        resource_id: comment.resource_id,
        parent_id: comment.id.to_string(),
        alignment: String::new(),
        body: String::new(),
        error: None,
        back: permalink,
        body_max: BODY_MAX,
        quote: Some((author, markdown::to_safe_html(&comment.body))),
        ctx,
    })
}

/// The comment of the signed-in author, not deleted (404 for anyone else: they have no edit page).
async fn own(db: &Db, ctx: &Ctx, id: &str) -> Result<(Comment, Resolved), AppError> {
    let user = ctx.require_user()?;
    let (comment, resolved) = load(db, ctx, id).await?;
    if comment.author_id != Some(user.id) || comment.deleted {
        return Err(AppError::NotFound);
    }
    Ok((comment, resolved))
}

/// A comment the signed-in person may edit, not deleted, and whether it is someone else's.
/// Its author always may; in a group, its admins and moderators, and its members when the
/// group allows it (`Action::EditOthersComments`). A member the flag refuses gets 403;
/// anyone else 404 (outside groups only the author has an edit page).
async fn editable(db: &Db, ctx: &Ctx, id: &str) -> Result<(Comment, Resolved, bool), AppError> {
    let user = ctx.require_user()?;
    let (comment, resolved) = load(db, ctx, id).await?;
    if comment.deleted {
        return Err(AppError::NotFound);
    }
    if comment.author_id == Some(user.id) {
        return Ok((comment, resolved, false));
    }
    if resolved.can_edit_others {
        return Ok((comment, resolved, true));
    }
    Err(
        if resolved.space.group.is_some()
            && crate::platform::permissions::permits(
                &resolved.actor,
                crate::platform::permissions::Action::Participate,
                Some(&resolved.space.facts()),
            )
        {
            AppError::Forbidden
        } else {
            AppError::NotFound
        },
    )
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (comment, resolved, _) = editable(&state.db, &ctx, &id).await?;
    let ctx = localized(&state.db, ctx, &resolved).await?;
    render(&FormView {
        title_key: "comments-edit-title",
        action: format!("/comments/{}/edit", comment.id),
        resource_kind: comment.resource_kind.clone(),
        resource_id: comment.resource_id,
        parent_id: String::new(),
        alignment: String::new(),
        body: comment.body.clone(),
        error: None,
        back: format!("/comments/{}", comment.id),
        body_max: BODY_MAX,
        quote: None,
        ctx,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EditForm {
    body: String,
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (comment, resolved, others) = editable(db, &ctx, &id).await?;
    let user_id = ctx.require_user()?.id;
    match check_body(&form.body) {
        Ok(body) => {
            if !super::edit(db, comment.id, user_id, others, body).await? {
                return Err(AppError::NotFound);
            }
            crate::platform::notifications::mentions::after_edit(
                db,
                &state.config,
                comment.id,
                &comment.body,
                user_id,
            )
            .await;
            back_to(db, &comment, &resolved).await
        }
        Err(problem) => {
            let ctx = localized(db, ctx, &resolved).await?;
            unprocessable(&FormView {
                error: Some(problem_text(&ctx, problem)),
                title_key: "comments-edit-title",
                action: format!("/comments/{}/edit", comment.id),
                resource_kind: comment.resource_kind.clone(),
                resource_id: comment.resource_id,
                parent_id: String::new(),
                alignment: String::new(),
                body: form.body,
                back: format!("/comments/{}", comment.id),
                body_max: BODY_MAX,
                quote: None,
                ctx,
            })
        }
    }
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (comment, resolved) = own(&state.db, &ctx, &id).await?;
    let user_id = ctx.require_user()?.id;
    super::delete(&state.db, comment.id, user_id).await?;
    back_to(&state.db, &comment, &resolved).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VoteForm {
    value: String,
}

async fn vote(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<VoteForm>,
) -> Result<Response, AppError> {
    let (comment, resolved) = load(&state.db, &ctx, &id).await?;
    let user_id = ctx
        .user()
        .ok_or_else(|| AppError::SignInRequired(format!("/comments/{}", comment.id)))?
        .id;
    if !resolved.can_participate {
        return Err(AppError::Forbidden);
    }
    let value = match form.value.as_str() {
        "up" => 1,
        "down" => -1,
        "none" => 0,
        _ => return Err(AppError::BadRequest("unknown vote".into())),
    };
    if comment.deleted || !super::vote(&state.db, comment.id, user_id, value).await? {
        return Err(AppError::NotFound);
    }
    back_to(&state.db, &comment, &resolved).await
}

/// One earlier text of a comment.
struct Version {
    body_html: String,
    replaced: String,
}

#[derive(Template)]
#[template(path = "comments/history.html")]
struct HistoryView {
    ctx: Ctx,
    comment_id: i64,
    current_html: String,
    versions: Vec<Version>,
    back: String,
}

async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (comment, resolved) = load(db, &ctx, &id).await?;
    let hidden = moderation::is_hidden(db, super::KIND, comment.id).await?;
    if comment.deleted || (hidden && !resolved.can_moderate) {
        return Err(AppError::NotFound);
    }
    let versions = super::versions(db, comment.id)
        .await?
        .into_iter()
        .rev()
        .map(|(body, at)| Version {
            body_html: markdown::to_safe_html(&body),
            replaced: format_time(at),
        })
        .collect();
    let ctx = localized(db, ctx, &resolved).await?;
    render(&HistoryView {
        ctx,
        comment_id: comment.id,
        current_html: markdown::to_safe_html(&comment.body),
        versions,
        back: format!("/comments/{}", comment.id),
    })
}
