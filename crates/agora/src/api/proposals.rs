//! `GET`/`POST /api/v1/spaces/{id}/proposals`, `GET /api/v1/proposals/{id}` and
//! `POST`/`DELETE /api/v1/proposals/{id}/support`: the proposals component through the API,
//! with the same access checks and support rules as its pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::access::{visible, visible_component};
use super::auth::Caller;
use super::problem::{Problem, json_body};
use crate::app::AppState;
use crate::components::proposals::model::{self, Order, Proposal, SupportOutcome, TextProblem};
use crate::components::proposals::{MANIFEST, Proposed, Settings, Supports, propose};
use crate::components::store::{self, Component};
use crate::db::Db;
use crate::platform::access;
use crate::platform::permissions::{Action, Actor, permits};
use crate::platform::spaces::{self, Space};
use crate::web::AppError;

/// Most proposals per page.
const PER_PAGE_MAX: i64 = 100;

/// A proposal as the API shows it.
#[derive(Serialize)]
pub struct ProposalDoc {
    pub id: i64,
    /// The proposals component it belongs to.
    pub component_id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub address: Option<String>,
    /// `published` or `withdrawn`.
    pub state: String,
    /// The official answer's state once public: `evaluating`, `accepted`, `rejected` or `custom`.
    pub answer_state: Option<String>,
    pub answer_custom_state: Option<String>,
    pub answer: Option<String>,
    pub answer_cost: Option<i64>,
    /// `null` when the component hides supports in this phase.
    pub supports_count: Option<i64>,
    pub comments_count: i64,
    /// The author's name.
    pub author: String,
    /// Unix seconds.
    pub created_at: i64,
    pub links: ProposalLinks,
}

#[derive(Serialize)]
pub struct ProposalLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub html: String,
}

fn doc(p: Proposal, settings: &Settings) -> ProposalDoc {
    let public = p.answer_published_at.is_some();
    ProposalDoc {
        links: ProposalLinks {
            this: format!("/api/v1/proposals/{}", p.id),
            html: format!("/proposals/{}/{}", p.component_id, p.id),
        },
        id: p.id,
        component_id: p.component_id,
        title: p.title,
        body: p.body,
        address: p.address,
        state: p.state,
        answer_state: p.answer_state.filter(|_| public),
        answer_custom_state: p.answer_custom_state.filter(|_| public),
        answer: p.answer_text.filter(|_| public),
        answer_cost: p.answer_cost.filter(|_| public),
        supports_count: (settings.supports != Supports::Hidden).then_some(p.supports_count),
        comments_count: p.comments_count,
        author: p.author_name,
        created_at: p.created_at,
    }
}

async fn settings_of(db: &Db, component: &Component, space: &Space) -> Result<Settings, Problem> {
    Ok(Settings::from_map(
        &store::effective_settings(db, component, space.active_phase_id).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    component: Option<String>,
    order: Option<String>,
    seed: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    q: Option<String>,
}

/// Longest search text, in characters.
const SEARCH_MAX: usize = 200;

#[derive(Serialize)]
pub struct ProposalList {
    pub component_id: i64,
    pub order: &'static str,
    /// The seed of the random order: send it back to keep the same order across pages.
    pub seed: i64,
    pub page: i64,
    pub per_page: i64,
    /// How many proposals (not withdrawn) the component holds, or match `q`.
    pub total: i64,
    pub proposals: Vec<ProposalDoc>,
}

fn number(name: &str, text: Option<&str>, default: i64, range: (i64, i64)) -> Result<i64, Problem> {
    match text {
        None => Ok(default),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if (range.0..=range.1).contains(&n) => Ok(n),
            _ => Err(Problem::bad_request(format!(
                "`{name}` must be a whole number from {} to {}, not {text:?}.",
                range.0, range.1
            ))),
        },
    }
}

/// The published proposals component of a space the caller may see: the one given as
/// `component` (0: the space's first).
async fn space_component(
    db: &Db,
    caller: &Caller,
    id: &str,
    wanted: i64,
) -> Result<(Space, Component), Problem> {
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A space id is a whole number, not {id:?}.")))?;
    let not_found =
        || Problem::not_found(format!("There is no space {id}, or you may not see it."));
    let space = spaces::find(db, id).await?.ok_or_else(not_found)?;
    visible(db, caller, &space, not_found).await?;
    let component = store::list_published(db, space.id)
        .await?
        .into_iter()
        .find(|c| c.kind == MANIFEST.kind && (wanted == 0 || c.id == wanted))
        .ok_or_else(|| {
            Problem::not_found(format!(
                "Space {id} has no published proposals component{}.",
                if wanted == 0 {
                    String::new()
                } else {
                    format!(" {wanted}")
                }
            ))
        })?;
    Ok((space, component))
}

/// What a client sends to create a proposal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProposalDoc {
    title: String,
    /// Markdown.
    body: String,
    #[serde(default)]
    address: Option<String>,
    /// The proposals component (default: the space's first).
    #[serde(default)]
    component_id: Option<i64>,
}

fn text_problem_detail(problem: TextProblem) -> String {
    match problem {
        TextProblem::TitleEmpty => "`title` must not be empty.".into(),
        TextProblem::TitleTooLong => {
            format!("`title` is at most {} characters.", model::TITLE_MAX)
        }
        TextProblem::BodyEmpty => "`body` must not be empty.".into(),
        TextProblem::BodyTooLong => format!("`body` is at most {} characters.", model::BODY_MAX),
        TextProblem::AddressTooLong => {
            format!("`address` is at most {} characters.", model::ADDRESS_MAX)
        }
    }
}

/// Creates a proposal with the rules of the page's form: the caller takes part in the space,
/// creation is open in the active phase, the text is valid, the per-person limit holds.
/// 201 with `Location` and the proposal.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let db = &state.db;
    let user = caller.require_user()?;
    let (space, component) = space_component(db, &caller, &id, 0).await?;
    access::require_space(db, Some(user), &space, Action::Participate)
        .await
        .map_err(|e| match e {
            AppError::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "You may not take part in this space (only its members may).",
            ),
            other => other.into(),
        })?;
    let new: NewProposalDoc = json_body(&headers, &body)?;
    let component = match new.component_id {
        Some(wanted) if wanted != component.id => {
            space_component(db, &caller, &id, wanted.max(1)).await?.1
        }
        _ => component,
    };
    let settings = settings_of(db, &component, &space).await?;
    let proposed = propose(
        db,
        &settings,
        component.id,
        user.id,
        &new.title,
        &new.body,
        new.address.as_deref().unwrap_or_default(),
    )
    .await?;
    let pid = match proposed {
        Proposed::Created(pid) => pid,
        Proposed::CreationClosed => {
            return Err(Problem::new(
                StatusCode::FORBIDDEN,
                "New proposals are not open in the current phase.",
            ));
        }
        Proposed::Invalid(problems) => {
            let details: Vec<String> = problems.into_iter().map(text_problem_detail).collect();
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                details.join(" "),
            ));
        }
        Proposed::LimitReached => {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                format!(
                    "You have published the {} proposals a person may publish here; \
                     withdraw one first.",
                    settings.proposal_limit
                ),
            ));
        }
    };
    let proposal = model::find_any(db, pid)
        .await?
        .ok_or_else(Problem::internal)?;
    let location = format!("/api/v1/proposals/{pid}");
    Ok((
        StatusCode::CREATED,
        [(LOCATION, location)],
        Json(doc(proposal, &settings)),
    )
        .into_response())
}

/// The proposals (not withdrawn) of a space's proposals component: the one given as
/// `component`, or the space's first.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<ProposalList>, Problem> {
    let db = &state.db;
    let wanted = number("component", query.component.as_deref(), 0, (0, i64::MAX))?;
    let (space, component) = space_component(db, &caller, &id, wanted).await?;
    let settings = settings_of(db, &component, &space).await?;
    let order = match query.order.as_deref() {
        None => settings.default_order,
        Some(text) => Order::parse(text).ok_or_else(|| {
            Problem::bad_request(format!(
                "`order` is one of random, most_supported, most_commented, recent; not {text:?}."
            ))
        })?,
    };
    if order == Order::MostSupported && settings.supports == Supports::Hidden {
        return Err(Problem::bad_request(
            "Supports are hidden in this phase: proposals cannot be ordered by them.",
        ));
    }
    let seed = match query.seed.as_deref() {
        Some(_) => number(
            "seed",
            query.seed.as_deref(),
            1,
            (1, model::SEED_MODULUS - 1),
        )?,
        None => 1 + (crate::db::now() % (model::SEED_MODULUS - 1)),
    };
    let page = number("page", query.page.as_deref(), 1, (1, 1_000_000))?;
    let per_page = number(
        "per_page",
        query.per_page.as_deref(),
        model::PER_PAGE,
        (1, PER_PAGE_MAX),
    )?;
    let search = query.q.unwrap_or_default();
    if search.chars().count() > SEARCH_MAX {
        return Err(Problem::bad_request(format!(
            "`q` is at most {SEARCH_MAX} characters."
        )));
    }
    let filter = model::Filter {
        state: "published".into(),
        author_id: None,
        min_supports: None,
        search,
    };
    let (proposals, total) =
        model::list(db, component.id, &filter, order, seed, page, per_page).await?;
    Ok(Json(ProposalList {
        component_id: component.id,
        order: order.as_str(),
        seed,
        page,
        per_page,
        total,
        proposals: proposals.into_iter().map(|p| doc(p, &settings)).collect(),
    }))
}

/// A proposal with its component and space, once the caller may see it.
pub(super) struct Found {
    pub proposal: Proposal,
    pub component: Component,
    pub space: Space,
    pub settings: Settings,
    /// The caller, as the permission function sees them in this space.
    pub actor: Actor,
}

pub(super) async fn find(db: &Db, caller: &Caller, id: &str) -> Result<Found, Problem> {
    let id: i64 = id.parse().map_err(|_| {
        Problem::bad_request(format!("A proposal id is a whole number, not {id:?}."))
    })?;
    let not_found =
        || Problem::not_found(format!("There is no proposal {id}, or you may not see it."));
    let proposal = model::find_any(db, id).await?.ok_or_else(not_found)?;
    let placed = visible_component(
        db,
        caller,
        proposal.component_id,
        MANIFEST.kind,
        None,
        not_found,
    )
    .await?;
    Ok(Found {
        proposal,
        settings: Settings::from_map(&placed.settings),
        component: placed.component,
        space: placed.space,
        actor: placed.actor,
    })
}

/// One proposal.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ProposalDoc>, Problem> {
    let found = find(&state.db, &caller, &id).await?;
    // Hidden content is hidden everywhere: the page shows a placeholder, the API says why.
    if crate::platform::moderation::is_hidden(&state.db, "proposal", found.proposal.id).await? {
        return Err(Problem::new(
            StatusCode::GONE,
            "This proposal was hidden by moderation (see the space's public moderation log).",
        ));
    }
    Ok(Json(doc(found.proposal, &found.settings)))
}

/// The caller's support of a proposal after a change.
#[derive(Serialize)]
pub struct SupportDoc {
    pub proposal_id: i64,
    pub supported: bool,
    /// `null` when supports are hidden.
    pub supports_count: Option<i64>,
}

/// Checks that the caller may support in this space now.
fn may_support(caller: &Caller, found: &Found) -> Result<i64, Problem> {
    let user = caller.require_user()?;
    // `find` built the caller's actor for this space already: no second round trip.
    if !permits(
        &found.actor,
        Action::Participate,
        Some(&found.space.facts()),
    ) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "You may not take part in this space (only its members may).",
        ));
    }
    if !found.settings.supports.open() {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "Supports are not open in the current phase.",
        ));
    }
    Ok(user.id)
}

/// The answer to a support or its withdrawal, with the proposal's count when `count` is
/// unknown (read again) or known (`Some`: what the support itself made it).
async fn answer(
    db: &Db,
    found: &Found,
    supported: bool,
    count: Option<i64>,
) -> Result<Json<SupportDoc>, Problem> {
    let count = match count {
        Some(count) => count,
        None => model::find_any(db, found.proposal.id)
            .await?
            .map(|p| p.supports_count)
            .unwrap_or(0),
    };
    Ok(Json(SupportDoc {
        proposal_id: found.proposal.id,
        supported,
        supports_count: (found.settings.supports != Supports::Hidden).then_some(count),
    }))
}

/// Supports a proposal. Refusals are 409 problem documents saying why.
pub async fn support(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SupportDoc>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id).await?;
    let user_id = may_support(&caller, &found)?;
    let rules = found.settings.support_rules();
    let outcome = model::support(db, found.component.id, found.proposal.id, user_id, rules).await?;
    let refusal = match outcome {
        SupportOutcome::Supported(count) => return answer(db, &found, true, count).await,
        SupportOutcome::AlreadySupported => "You already support this proposal.".to_string(),
        SupportOutcome::LimitReached => format!(
            "You have used all your {} supports in this component; withdraw one first.",
            rules.limit
        ),
        SupportOutcome::CapReached => {
            "This proposal has received all the supports it may receive.".to_string()
        }
        SupportOutcome::NotFound => "This proposal is withdrawn and cannot be supported.".into(),
    };
    Err(Problem::new(StatusCode::CONFLICT, refusal))
}

/// Withdraws the caller's support of a proposal.
pub async fn unsupport(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SupportDoc>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id).await?;
    let user_id = may_support(&caller, &found)?;
    let minimum = found.settings.minimum_supports_per_user;
    if !model::unsupport(db, found.component.id, found.proposal.id, user_id, minimum).await? {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "You do not support this proposal.",
        ));
    }
    answer(db, &found, false, None).await
}
