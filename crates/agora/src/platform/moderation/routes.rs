//! Moderation pages: reporting, the moderators' queue of a space, decisions, blocking, and the
//! public moderation log.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::{
    BlockRefusal, Decision, LogEntry, QueueItem, Reason, TEXT_MAX, decide, queue, reportable,
    role_label,
};
use crate::app::AppState;
use crate::db::Db;
use crate::platform::accounts::routes::{format_time, iso_time};
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::{Action, Actor, permits};
use crate::platform::spaces::{self, Space};
use crate::platform::{access, comments};
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", post(report))
        .route("/reports/new", get(report_form))
        .route("/spaces/{id}/moderation", get(queue_page))
        .route("/spaces/{id}/moderation/log", get(log_page))
        .route("/spaces/{id}/moderation/block", post(block))
        .route("/spaces/{id}/moderation/blocked", get(blocked_page))
        .route("/spaces/{id}/moderation/unblock", post(unblock))
        .route("/spaces/{id}/moderation/threshold", post(set_threshold))
        .route("/moderation/content/{kind}/{id}", get(content))
        .route(
            "/spaces/{id}/moderation/{moderation_id}/{decision}",
            post(decision),
        )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReportForm {
    resource_kind: String,
    resource_id: String,
    reason: String,
    details: String,
}

#[derive(Template)]
#[template(path = "moderation/report.html")]
struct ReportView {
    ctx: Ctx,
    resource_kind: String,
    resource_id: i64,
    reason: String,
    details: String,
    error: Option<String>,
    back: String,
    reasons: [Reason; 4],
    text_max: usize,
}

/// The report form for one piece of content, on its own page: lists of comments carry a link
/// here rather than a form under every comment.
async fn report_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(form): Query<ReportForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let kind = reportable(&form.resource_kind).ok_or(AppError::NotFound)?;
    let id: i64 = form.resource_id.parse().map_err(|_| AppError::NotFound)?;
    let target = (kind.resolve)(db, ctx.user(), id).await?;
    if ctx.user().is_none() {
        return Err(AppError::SignInRequired(format!(
            "/reports/new?resource_kind={}&resource_id={id}",
            kind.kind
        )));
    }
    let space = spaces::find(db, target.space_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, ctx) = localized(db, ctx, &space).await?;
    render(&ReportView {
        error: None,
        resource_kind: kind.kind.into(),
        resource_id: id,
        reason: String::new(),
        details: String::new(),
        back: target.link.clone(),
        reasons: Reason::ALL,
        text_max: TEXT_MAX,
        ctx,
    })
}

async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let kind = reportable(&form.resource_kind).ok_or(AppError::NotFound)?;
    let id: i64 = form.resource_id.parse().map_err(|_| AppError::NotFound)?;
    let target = (kind.resolve)(db, ctx.user(), id).await?;
    let user = ctx
        .user()
        .ok_or_else(|| AppError::SignInRequired(target.link.clone()))?
        .clone();
    let reason = Reason::parse(form.reason.trim())
        .ok_or_else(|| AppError::BadRequest("unknown reason".into()))?;
    let details = form.details.trim();
    if details.chars().count() > TEXT_MAX {
        let space = spaces::find(db, target.space_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (_, ctx) = localized(db, ctx, &space).await?;
        let mut response = render(&ReportView {
            error: Some(ctx.i18n.t1("report-error-long", "max", TEXT_MAX)),
            resource_kind: kind.kind.into(),
            resource_id: id,
            reason: reason.as_str().into(),
            details: form.details,
            back: target.link.clone(),
            reasons: Reason::ALL,
            text_max: TEXT_MAX,
            ctx,
        })?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    super::report(db, kind.kind, id, &target, user.id, reason, details).await?;
    Ok(see_other(&target.link))
}

/// The organisation of a space and the context in its language.
async fn localized(db: &Db, ctx: Ctx, space: &Space) -> Result<(Organization, Ctx), AppError> {
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok((org, ctx))
}

/// The space of a moderation page and the moderator: 404 when they may not see the space,
/// 403 when they may see it but not moderate it.
async fn moderated_space(db: &Db, ctx: &Ctx, id: &str) -> Result<(Space, Actor), AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let space = spaces::find(db, id).await?.ok_or(AppError::NotFound)?;
    let actor = access::require_space(db, ctx.user(), &space, Action::Moderate)
        .await
        .map_err(|e| match e {
            AppError::SignInRequired(_) => AppError::SignInRequired(ctx.path.clone()),
            other => other,
        })?;
    Ok((space, actor))
}

/// One queue item with what the moderator sees of its resource.
struct QueueRow {
    item: QueueItem,
    /// Its text, when it still exists.
    excerpt: Option<String>,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "moderation/queue.html")]
struct QueueView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    rows: Vec<QueueRow>,
    can_block: bool,
    error: Option<String>,
    done: bool,
    text_max: usize,
    /// Space admins set the reports threshold here.
    can_set_threshold: bool,
    /// The threshold field as shown (the stored value, or what was typed when refused).
    threshold: String,
    threshold_error: Option<String>,
    threshold_max: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DoneQuery {
    done: Option<String>,
}

async fn render_queue(
    db: &Db,
    ctx: Ctx,
    space: Space,
    actor: &Actor,
    error: Option<String>,
    done: bool,
) -> Result<Response, AppError> {
    render_queue_with(db, ctx, space, actor, error, done, None).await
}

/// The queue page; `threshold` is the refused threshold input and its error, if any.
async fn render_queue_with(
    db: &Db,
    ctx: Ctx,
    space: Space,
    actor: &Actor,
    error: Option<String>,
    done: bool,
    threshold: Option<(String, String)>,
) -> Result<Response, AppError> {
    let mut rows = Vec::new();
    for item in queue(db, space.id).await? {
        let found = match reportable(&item.resource_kind) {
            Some(kind) => (kind.resolve)(db, ctx.user(), item.resource_id).await.ok(),
            None => None,
        };
        rows.push(QueueRow {
            excerpt: found.as_ref().map(|f| f.excerpt.clone()),
            link: found.map(|f| f.link),
            item,
        });
    }
    let (org, ctx) = localized(db, ctx, &space).await?;
    let failed = error.is_some() || threshold.is_some();
    let (threshold, threshold_error) = match threshold {
        Some((typed, error)) => (typed, Some(error)),
        None => (super::threshold(db, space.id).await?.to_string(), None),
    };
    let mut response = render(&QueueView {
        ctx,
        org,
        can_block: permits(actor, Action::AdminOrganization, None),
        can_set_threshold: permits(actor, Action::AdminSpace, Some(&space.facts())),
        space,
        rows,
        error,
        done,
        text_max: TEXT_MAX,
        threshold,
        threshold_error,
        threshold_max: super::THRESHOLD_MAX,
    })?;
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

async fn queue_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let (space, actor) = moderated_space(&state.db, &ctx, &id).await?;
    render_queue(&state.db, ctx, space, &actor, None, query.done.is_some()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DecisionForm {
    reason: String,
}

async fn decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, moderation_id, decision)): Path<(String, String, String)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, actor) = moderated_space(db, &ctx, &id).await?;
    let decision = match Decision::parse(&decision) {
        Some(d @ (Decision::Hide | Decision::Unhide | Decision::Dismiss)) => d,
        _ => return Err(AppError::NotFound),
    };
    let moderation_id: i64 = moderation_id.parse().map_err(|_| AppError::NotFound)?;
    let reason = form.reason.trim();
    if reason.chars().count() > TEXT_MAX {
        let (_, lctx) = localized(db, ctx.clone(), &space).await?;
        let error = lctx.i18n.t1("moderation-error-long", "max", TEXT_MAX);
        return render_queue(db, ctx, space, &actor, Some(error), false).await;
    }
    if !decide(
        db,
        space.id,
        moderation_id,
        decision,
        role_label(&actor),
        reason,
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/spaces/{}/moderation?done", space.id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BlockForm {
    user_id: String,
    justification: String,
}

async fn block(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<BlockForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, actor) = moderated_space(db, &ctx, &id).await?;
    if !permits(&actor, Action::AdminOrganization, None) {
        return Err(AppError::Forbidden);
    }
    let me = ctx.require_user()?.id;
    let user_id: i64 = form.user_id.parse().map_err(|_| AppError::NotFound)?;
    let justification = form.justification.trim();
    let problem = if justification.is_empty() {
        Some("moderation-error-justification")
    } else if justification.chars().count() > TEXT_MAX {
        Some("moderation-error-long")
    } else {
        None
    };
    if let Some(key) = problem {
        let (_, lctx) = localized(db, ctx.clone(), &space).await?;
        let error = lctx.i18n.t1(key, "max", TEXT_MAX);
        return render_queue(db, ctx, space, &actor, Some(error), false).await;
    }
    match super::block(db, space.id, user_id, me, justification, role_label(&actor)).await? {
        Ok(()) => Ok(see_other(&format!("/spaces/{}/moderation?done", space.id))),
        Err(BlockRefusal::NotFound) => Err(AppError::NotFound),
        Err(BlockRefusal::NotBlockable) => Err(AppError::Forbidden),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ThresholdForm {
    threshold: String,
}

/// Sets the number of reports that hides content (space admins): a whole number from 1 to
/// [`super::THRESHOLD_MAX`], or the queue page again with the error and nothing changed.
async fn set_threshold(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<ThresholdForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, actor) = moderated_space(db, &ctx, &id).await?;
    if !permits(&actor, Action::AdminSpace, Some(&space.facts())) {
        return Err(AppError::Forbidden);
    }
    let typed = form.threshold.trim();
    match typed.parse::<i64>() {
        Ok(n) if (1..=super::THRESHOLD_MAX).contains(&n) => {
            super::set_threshold(db, space.id, n).await?;
            Ok(see_other(&format!("/spaces/{}/moderation?done", space.id)))
        }
        _ => {
            let (_, lctx) = localized(db, ctx.clone(), &space).await?;
            let error = lctx
                .i18n
                .t1("moderation-threshold-error", "max", super::THRESHOLD_MAX);
            render_queue_with(
                db,
                ctx,
                space,
                &actor,
                None,
                false,
                Some((typed.chars().take(20).collect(), error)),
            )
            .await
        }
    }
}

/// A blocked participant as the page shows them.
struct BlockedRow {
    blocked: super::Blocked,
    at: String,
    at_iso: String,
}

#[derive(Template)]
#[template(path = "moderation/blocked.html")]
struct BlockedView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    rows: Vec<BlockedRow>,
    can_unblock: bool,
    error: Option<String>,
    /// The participant whose unblock form was refused, and what was typed.
    failed_user: i64,
    typed: String,
    done: bool,
    text_max: usize,
}

async fn render_blocked(
    db: &Db,
    ctx: Ctx,
    space: Space,
    actor: &Actor,
    refused: Option<(i64, String, String)>,
    done: bool,
) -> Result<Response, AppError> {
    let rows = super::blocked(db, space.id)
        .await?
        .into_iter()
        .map(|b| BlockedRow {
            at: format_time(b.blocked_at),
            at_iso: iso_time(b.blocked_at),
            blocked: b,
        })
        .collect();
    let (org, ctx) = localized(db, ctx, &space).await?;
    let failed = refused.is_some();
    let (failed_user, typed, error) = match refused {
        Some((user, typed, error)) => (user, typed, Some(error)),
        None => (0, String::new(), None),
    };
    let mut response = render(&BlockedView {
        ctx,
        org,
        space,
        rows,
        can_unblock: permits(actor, Action::AdminOrganization, None),
        error,
        failed_user,
        typed,
        done,
        text_max: TEXT_MAX,
    })?;
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The blocked participants whose content was moderated in this space (moderators), with
/// who blocked them, when and why; organisation admins may unblock them.
async fn blocked_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let (space, actor) = moderated_space(&state.db, &ctx, &id).await?;
    render_blocked(&state.db, ctx, space, &actor, None, query.done.is_some()).await
}

async fn unblock(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<BlockForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, actor) = moderated_space(db, &ctx, &id).await?;
    // Who may block may unblock: organisation admins.
    if !permits(&actor, Action::AdminOrganization, None) {
        return Err(AppError::Forbidden);
    }
    let me = ctx.require_user()?.id;
    let user_id: i64 = form.user_id.parse().map_err(|_| AppError::NotFound)?;
    let justification = form.justification.trim();
    let problem = if justification.is_empty() {
        Some("moderation-error-unblock-justification")
    } else if justification.chars().count() > TEXT_MAX {
        Some("moderation-error-long")
    } else {
        None
    };
    if let Some(key) = problem {
        let (_, lctx) = localized(db, ctx.clone(), &space).await?;
        let error = lctx.i18n.t1(key, "max", TEXT_MAX);
        let refused = Some((user_id, form.justification, error));
        return render_blocked(db, ctx, space, &actor, refused, false).await;
    }
    if !super::unblock(db, space.id, user_id, me, justification, role_label(&actor)).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!(
        "/spaces/{}/moderation/blocked?done",
        space.id
    )))
}

/// Where moderated content is shown (its placeholder once hidden): the public log links here.
/// 404 for content the visitor may not see, as everywhere.
async fn content(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let kind = reportable(&kind).ok_or(AppError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let found = (kind.resolve)(&state.db, ctx.user(), id).await?;
    Ok(see_other(&found.link))
}

/// A log entry as the public page shows it.
struct LogRow {
    action_key: String,
    role_key: String,
    reason: String,
    at: String,
    at_iso: String,
    link: Option<String>,
    kind_key: Option<String>,
}

impl LogRow {
    fn from(entry: LogEntry) -> LogRow {
        let link = match (entry.resource_kind.as_deref(), entry.resource_id) {
            (Some(comments::KIND), Some(id)) => Some(format!("/comments/{id}")),
            (Some(kind), Some(id)) if reportable(kind).is_some() => {
                Some(format!("/moderation/content/{kind}/{id}"))
            }
            _ => None,
        };
        LogRow {
            action_key: format!("moderation-log-action-{}", entry.decision.as_str()),
            role_key: format!("moderation-log-role-{}", entry.role),
            reason: entry.reason,
            at: format_time(entry.at),
            at_iso: iso_time(entry.at),
            kind_key: entry.resource_kind.map(|k| format!("moderation-kind-{k}")),
            link,
        }
    }
}

#[derive(Template)]
#[template(path = "moderation/log.html")]
struct LogView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    rows: Vec<LogRow>,
    can_moderate: bool,
}

async fn log_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let space = spaces::find(db, id).await?.ok_or(AppError::NotFound)?;
    let actor = access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    let can_moderate = permits(&actor, Action::Moderate, Some(&space.facts()));
    let rows = super::log_entries(db, space.id, 200)
        .await?
        .into_iter()
        .map(LogRow::from)
        .collect();
    let (org, ctx) = localized(db, ctx, &space).await?;
    render(&LogView {
        ctx,
        org,
        space,
        rows,
        can_moderate,
    })
}
