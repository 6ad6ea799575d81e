//! The pages and buttons of follows, endorsements and amendments (rules in `social`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::diff::{self, Line};
use super::model::Proposal;
use super::routes::{
    FieldError, Loaded, ProposalForm, check_proposal, load, load_proposal, show_view, with_status,
};
use super::social::{self, Decision, Endorsed};
use super::{KIND, routes::format_date};
use crate::app::AppState;
use crate::components::store::Component;
use crate::db::Db;
use crate::platform::notifications::follows;
use crate::platform::organizations::Organization;
use crate::platform::permissions::Action;
use crate::platform::spaces::Space;
use crate::platform::{comments, moderation};
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{cid}/{pid}/follow", post(follow))
        .route("/proposals/{cid}/{pid}/unfollow", post(unfollow))
        .route("/proposals/{cid}/{pid}/endorse", post(endorse))
        .route("/proposals/{cid}/{pid}/unendorse", post(unendorse))
        .route("/proposals/{cid}/{pid}/amend", get(amend_form).post(amend))
        .route(
            "/proposals/{cid}/{pid}/amendments/{aid}/accept",
            post(accept),
        )
        .route(
            "/proposals/{cid}/{pid}/amendments/{aid}/reject",
            post(reject),
        )
        .route(
            "/proposals/{cid}/{pid}/amendments/{aid}/withdraw",
            post(withdraw_amendment),
        )
}

/// One amendment as the proposal page shows it.
pub struct AmendmentView {
    pub id: i64,
    pub author_name: String,
    pub date: String,
    pub state_label: String,
    pub pending: bool,
    /// The current text against the amended one (pending amendments only).
    pub lines: Vec<Line>,
    /// The person is the proposal's author and the amendment is pending.
    pub can_decide: bool,
    /// The person is the amender and the amendment is pending.
    pub can_withdraw: bool,
    /// Hidden by moderation: a placeholder instead of its text.
    pub hidden: bool,
    /// The person may report it (signed in, not its author, not hidden).
    pub can_report: bool,
}

/// What the proposal page shows of follows, endorsements and amendments.
pub struct Social {
    pub signed_in: bool,
    pub following: bool,
    pub followers: i64,
    pub endorsements_enabled: bool,
    pub endorsed: bool,
    pub can_endorse: bool,
    /// Endorsers' names, oldest first (at most `social::ENDORSERS_SHOWN`).
    pub endorsers: Vec<String>,
    /// Endorsers not named.
    pub more_endorsers: i64,
    pub can_amend: bool,
    pub amendments: Vec<AmendmentView>,
}

/// The text a diff compares: the title as a heading, then the body.
fn text(title: &str, body: &str) -> String {
    format!("# {title}\n\n{body}")
}

pub async fn social(
    db: &Db,
    loaded: &Loaded,
    proposal: &Proposal,
    hidden: bool,
) -> Result<Social, AppError> {
    let i18n = &loaded.ctx.i18n;
    let user_id = loaded.ctx.user().map(|u| u.id);
    let settings = loaded.settings;
    let participates = user_id.is_none() || loaded.can(Action::Participate);
    let open = !hidden && !proposal.withdrawn();
    let following = match user_id {
        Some(uid) => follows::is_following(db, KIND, proposal.id, uid).await?,
        None => false,
    };
    let endorsed = match user_id {
        Some(uid) => social::endorsed_by(db, proposal.id, uid).await?,
        None => false,
    };
    // A hidden proposal shows a placeholder: nothing about it but the follow button.
    let (endorsers, amendments) = if hidden {
        (Vec::new(), Vec::new())
    } else {
        (
            social::endorsers(db, proposal.id).await?,
            social::amendments(db, proposal.id).await?,
        )
    };
    let current = text(&proposal.title, &proposal.body);
    let is_author = user_id == Some(proposal.author_id);
    let amendments = amendments
        .into_iter()
        .rev()
        .map(|a| AmendmentView {
            id: a.id,
            author_name: a.author_name.clone(),
            date: format_date(i18n, a.created_at, &loaded.org.time_zone),
            state_label: i18n.t(&format!("proposals-amendment-state-{}", a.state)),
            pending: a.pending(),
            lines: if a.pending() && !a.hidden {
                diff::lines(&current, &text(&a.title, &a.body))
            } else {
                Vec::new()
            },
            can_decide: a.pending() && is_author && open && !a.hidden,
            can_withdraw: a.pending() && user_id == Some(a.author_id),
            can_report: user_id.is_some() && user_id != Some(a.author_id) && !a.hidden,
            hidden: a.hidden,
        })
        .collect();
    let shown = i64::try_from(endorsers.len()).unwrap_or(0);
    Ok(Social {
        signed_in: user_id.is_some(),
        following,
        followers: follows::count(db, KIND, proposal.id).await?,
        endorsements_enabled: settings.endorsements_enabled,
        endorsed,
        can_endorse: settings.endorsements_enabled && open && participates,
        more_endorsers: (proposal.endorsements_count - shown).max(0),
        endorsers: endorsers
            .into_iter()
            .map(|name| name.unwrap_or_else(|| i18n.t("comments-author-blocked")))
            .collect(),
        can_amend: settings.amendments_enabled && open && participates && !is_author,
        amendments,
    })
}

/// The proposal page again, with a message saying why the action was refused.
async fn refused(
    db: &Db,
    loaded: Loaded,
    proposal: Proposal,
    key: &str,
    status: StatusCode,
) -> Result<Response, AppError> {
    let message = loaded.ctx.i18n.t(key);
    let view = show_view(
        db,
        loaded,
        proposal,
        Some(message),
        comments::Position::FIRST,
    )
    .await?;
    Ok(with_status(render(&view)?, status))
}

/// The loaded component, the signed-in person and the proposal, for a button on its page.
async fn for_button(
    db: &Db,
    ctx: Ctx,
    cid: i64,
    pid: i64,
    action: Action,
) -> Result<(Loaded, i64, Proposal), AppError> {
    let loaded = load(db, ctx, cid).await?;
    let back = format!("{}/{pid}", loaded.base());
    loaded.require(action, &back)?;
    let user_id = loaded
        .ctx
        .user()
        .map(|u| u.id)
        .ok_or(AppError::SignInRequired(back))?;
    let proposal = load_proposal(db, &loaded, pid).await?;
    Ok((loaded, user_id, proposal))
}

// ----- follows -----

async fn follow(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, user_id, proposal) =
        for_button(&state.db, ctx, cid, pid, Action::ViewSpace).await?;
    if moderation::is_hidden(&state.db, KIND, pid).await? {
        return refused(
            &state.db,
            loaded,
            proposal,
            "proposals-follow-refused",
            StatusCode::CONFLICT,
        )
        .await;
    }
    social::follow(&state.db, pid, user_id).await?;
    Ok(see_other(&format!("/proposals/{cid}/{pid}#follow")))
}

async fn unfollow(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (_, user_id, _) = for_button(&state.db, ctx, cid, pid, Action::ViewSpace).await?;
    social::unfollow(&state.db, pid, user_id).await?;
    Ok(see_other(&format!("/proposals/{cid}/{pid}#follow")))
}

// ----- endorsements -----

async fn endorse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, user_id, proposal) =
        for_button(&state.db, ctx, cid, pid, Action::Participate).await?;
    if !loaded.settings.endorsements_enabled {
        let key = "proposals-endorse-closed";
        return refused(&state.db, loaded, proposal, key, StatusCode::FORBIDDEN).await;
    }
    match social::endorse(&state.db, cid, pid, user_id).await? {
        Endorsed::Endorsed | Endorsed::AlreadyEndorsed => {
            Ok(see_other(&format!("/proposals/{cid}/{pid}#endorsements")))
        }
        Endorsed::Refused => {
            let key = "proposals-endorse-refused";
            refused(&state.db, loaded, proposal, key, StatusCode::CONFLICT).await
        }
    }
}

async fn unendorse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, user_id, proposal) =
        for_button(&state.db, ctx, cid, pid, Action::Participate).await?;
    if !loaded.settings.endorsements_enabled {
        let key = "proposals-endorse-closed";
        return refused(&state.db, loaded, proposal, key, StatusCode::FORBIDDEN).await;
    }
    social::unendorse(&state.db, cid, pid, user_id).await?;
    Ok(see_other(&format!("/proposals/{cid}/{pid}#endorsements")))
}

// ----- amendments -----

#[derive(Template)]
#[template(path = "components/proposals/amend.html")]
struct AmendView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    proposal: Proposal,
    title: String,
    body: String,
    errors: Vec<FieldError>,
}

impl AmendView {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// Loads what an amendment form needs; 403 when the person may not amend this proposal (their
/// own, withdrawn, hidden, or amendments closed in the active phase).
async fn load_amendable(
    db: &Db,
    ctx: Ctx,
    cid: i64,
    pid: i64,
) -> Result<(Loaded, i64, Proposal), AppError> {
    let loaded = load(db, ctx, cid).await?;
    let back = format!("{}/{pid}/amend", loaded.base());
    loaded.require(Action::Participate, &back)?;
    let user_id = loaded.ctx.require_user()?.id;
    let proposal = load_proposal(db, &loaded, pid).await?;
    if !loaded.settings.amendments_enabled
        || proposal.author_id == user_id
        || proposal.withdrawn()
        || moderation::is_hidden(db, KIND, pid).await?
    {
        return Err(AppError::Forbidden);
    }
    Ok((loaded, user_id, proposal))
}

fn amend_view(loaded: Loaded, proposal: Proposal, title: String, body: String) -> AmendView {
    AmendView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        proposal,
        title,
        body,
        errors: Vec::new(),
    }
}

async fn amend_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, _, proposal) = load_amendable(&state.db, ctx, cid, pid).await?;
    let (title, body) = (proposal.title.clone(), proposal.body.clone());
    render(&amend_view(loaded, proposal, title, body))
}

async fn amend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<ProposalForm>,
) -> Result<Response, AppError> {
    let (loaded, user_id, proposal) = load_amendable(&state.db, ctx, cid, pid).await?;
    let mut errors = check_proposal(&loaded.ctx.i18n, &form);
    let (title, body) = (form.title.trim(), form.body.trim());
    if errors.is_empty() && title == proposal.title && body == proposal.body {
        errors.push(FieldError {
            field: "body",
            message: loaded.ctx.i18n.t("proposals-amend-unchanged"),
        });
    }
    if !errors.is_empty() {
        let mut view = amend_view(loaded, proposal, form.title, form.body);
        view.errors = errors;
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    match social::amend(&state.db, &proposal, user_id, title, body).await? {
        Some(id) => Ok(see_other(&format!("/proposals/{cid}/{pid}#amendment-{id}"))),
        None => {
            let key = "proposals-amend-refused";
            refused(&state.db, loaded, proposal, key, StatusCode::CONFLICT).await
        }
    }
}

/// The proposal's author accepts or rejects: 404 for an amendment of another proposal, 403 for
/// anyone but the author, 409 when it is no longer pending (or the proposal is hidden or
/// withdrawn).
async fn decide(
    db: &Db,
    ctx: Ctx,
    cid: i64,
    pid: i64,
    aid: i64,
    decision: Decision,
) -> Result<Response, AppError> {
    let (loaded, user_id, proposal) = for_button(db, ctx, cid, pid, Action::Participate).await?;
    social::find_amendment(db, pid, aid)
        .await?
        .ok_or(AppError::NotFound)?;
    if proposal.author_id != user_id {
        return Err(AppError::Forbidden);
    }
    if social::decide(db, &proposal, aid, user_id, decision).await? {
        Ok(see_other(&format!(
            "/proposals/{cid}/{pid}#amendment-{aid}"
        )))
    } else {
        let key = "proposals-amendment-not-pending";
        refused(db, loaded, proposal, key, StatusCode::CONFLICT).await
    }
}

async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid, aid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    decide(&state.db, ctx, cid, pid, aid, Decision::Accept).await
}

async fn reject(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid, aid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    decide(&state.db, ctx, cid, pid, aid, Decision::Reject).await
}

async fn withdraw_amendment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid, aid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, user_id, proposal) =
        for_button(&state.db, ctx, cid, pid, Action::ViewSpace).await?;
    let amendment = social::find_amendment(&state.db, pid, aid)
        .await?
        .ok_or(AppError::NotFound)?;
    if amendment.author_id != user_id {
        return Err(AppError::Forbidden);
    }
    if social::withdraw_amendment(&state.db, pid, aid, user_id).await? {
        Ok(see_other(&format!(
            "/proposals/{cid}/{pid}#amendment-{aid}"
        )))
    } else {
        let key = "proposals-amendment-not-pending";
        refused(&state.db, loaded, proposal, key, StatusCode::CONFLICT).await
    }
}
