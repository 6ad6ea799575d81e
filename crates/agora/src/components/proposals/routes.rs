//! The pages of the proposals component.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::diff::{self, Line};
use super::model::{self, Order, Proposal, SupportOutcome, TextProblem};
use super::{KIND, MANIFEST, Settings, Supports};
use super::{Proposed, propose};
use crate::app::AppState;
use crate::components::store::Component;
use crate::db::{self, Db};
use crate::i18n::I18n;
use crate::platform::comments::{self, CommentSection, ResourceRef};
use crate::platform::markdown;
use crate::platform::moderation;
use crate::platform::organizations::Organization;
use crate::platform::permissions::Action;
use crate::platform::spaces::Space;
use crate::web::{AppError, Ctx, Form, render, see_other};
use std::collections::HashMap;

/// The cookie holding a visitor's random-order seed.
pub const SEED_COOKIE: &str = "agora_seed";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{cid}", get(list))
        .route("/proposals/{cid}/new", get(new_form).post(create))
        .route("/proposals/{cid}/{pid}", get(show))
        .route("/proposals/{cid}/{pid}/edit", get(edit_form).post(update))
        .route("/proposals/{cid}/{pid}/withdraw", post(withdraw))
        .route("/proposals/{cid}/{pid}/support", post(support))
        .route("/proposals/{cid}/{pid}/unsupport", post(unsupport))
        .route(
            "/proposals/{cid}/{pid}/answer",
            get(answer_form).post(answer),
        )
        .route("/proposals/{cid}/{pid}/versions", get(versions))
        .merge(super::social_routes::router())
}

/// A proposals component with everything its pages need, once access was checked.
pub type Loaded = crate::components::loaded::Loaded<Settings>;

impl Loaded {
    pub(super) fn base(&self) -> String {
        format!("/proposals/{}", self.component.id)
    }
}

/// Loads a proposals component: 404 when the person may not see its space, or when it is
/// unpublished and they do not administer the space.
pub async fn load(db: &Db, ctx: Ctx, id: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load(db, ctx, id, &MANIFEST, Settings::from_map).await
}

pub(super) async fn load_proposal(
    db: &Db,
    loaded: &Loaded,
    pid: i64,
) -> Result<Proposal, AppError> {
    model::find(db, loaded.component.id, pid)
        .await?
        .ok_or(AppError::NotFound)
}

/// A date as people read it (`21 novembre 2026`), in the organisation's time zone.
pub fn format_date(i18n: &I18n, timestamp: i64, time_zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(ts) = jiff::Timestamp::from_second(timestamp) else {
        return String::new();
    };
    let date = ts.to_zoned(tz).date();
    let month = i18n.t(&format!("org-month-{}", date.month()));
    let month_year = i18n.t2("org-month-year", "month", month, "year", date.year());
    i18n.t2("org-date", "day", date.day(), "month_year", month_year)
}

pub(super) fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

// ----- list -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListQuery {
    state: Option<String>,
    mine: Option<String>,
    successful: Option<String>,
    q: Option<String>,
    order: Option<String>,
    seed: Option<String>,
    page: Option<String>,
}

/// One proposal as a list shows it.
struct Card {
    proposal: Proposal,
    successful: bool,
    supported: bool,
    date: String,
}

#[derive(Template)]
#[template(path = "components/proposals/list.html")]
struct ListView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    cards: Vec<Card>,
    total: i64,
    page: i64,
    pages: i64,
    state: String,
    mine: bool,
    successful: bool,
    q: String,
    order: String,
    orders: Vec<&'static str>,
    seed: i64,
    show_supports: bool,
    can_create: bool,
    limit_note: Option<String>,
    /// The query string of this list without `page` (for pagination links).
    query_base: String,
}

impl ListView {
    fn is_state(&self, s: &str) -> bool {
        self.state == s
    }
    fn is_order(&self, o: &str) -> bool {
        self.order == o
    }
    fn answer_label(&self, p: &Proposal) -> Option<String> {
        answer_label(&self.ctx.i18n, p)
    }
}

/// The public answer state of a proposal, as participants read it.
pub fn answer_label(i18n: &I18n, p: &Proposal) -> Option<String> {
    match p.public_answer_state()? {
        "custom" => p.answer_custom_state.clone(),
        state => Some(i18n.t(&format!("proposals-answer-{state}"))),
    }
}

fn seed_from_cookie(headers: &HeaderMap) -> Option<i64> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SEED_COOKIE)
        .and_then(|(_, v)| v.parse::<i64>().ok())
}

fn new_seed() -> i64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap_or_default();
    model::normalize_seed(i64::from_le_bytes(bytes))
}

fn encode(text: &str) -> String {
    crate::web::error::urlencode(text)
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(cid): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let settings = loaded.settings;
    let show_supports = settings.supports != Supports::Hidden;
    let user_id = loaded.ctx.user().map(|u| u.id);
    let state_filter = query
        .state
        .as_deref()
        .filter(|s| model::STATE_FILTERS.contains(s))
        .unwrap_or("published")
        .to_string();
    let mine = query.mine.is_some() && user_id.is_some();
    let successful = query.successful.is_some() && settings.success_threshold > 0 && show_supports;
    let q: String = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(100)
        .collect();
    let orders: Vec<&'static str> = Order::ALL
        .into_iter()
        .filter(|o| show_supports || *o != Order::MostSupported)
        .map(Order::as_str)
        .collect();
    let default_order = if !show_supports && settings.default_order == Order::MostSupported {
        Order::Random
    } else {
        settings.default_order
    };
    let order = query
        .order
        .as_deref()
        .filter(|o| orders.contains(o))
        .and_then(Order::parse)
        .unwrap_or(default_order);
    // The seed: the one in the address (shared links), else this browser's, else a new one.
    let from_query = query.seed.as_deref().and_then(|s| s.parse::<i64>().ok());
    let from_cookie = seed_from_cookie(&headers);
    let seed = model::normalize_seed(from_query.or(from_cookie).unwrap_or_else(new_seed));
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let filter = model::Filter {
        state: state_filter.clone(),
        author_id: if mine { user_id } else { None },
        min_supports: successful.then_some(settings.success_threshold),
        search: q.clone(),
    };
    let (proposals, total) = model::list(
        &state.db,
        loaded.component.id,
        &filter,
        order,
        seed,
        page,
        model::PER_PAGE,
    )
    .await?;
    let supported = match user_id {
        Some(uid) => {
            let ids: Vec<i64> = proposals.iter().map(|p| p.id).collect();
            model::supported_among(&state.db, uid, &ids).await?
        }
        None => Vec::new(),
    };
    let limit_note = match user_id {
        Some(uid) if settings.support_limit > 0 && settings.supports.open() => {
            let given = model::supports_given(&state.db, loaded.component.id, uid).await?;
            Some(loaded.ctx.i18n.t2(
                "proposals-supports-left",
                "left",
                (settings.support_limit - given).max(0),
                "limit",
                settings.support_limit,
            ))
        }
        _ => None,
    };
    let cards = proposals
        .into_iter()
        .map(|p| Card {
            successful: show_supports && settings.successful(p.supports_count),
            supported: supported.contains(&p.id),
            date: format_date(&loaded.ctx.i18n, p.created_at, &loaded.org.time_zone),
            proposal: p,
        })
        .collect();
    let mut query_base = format!(
        "order={}&seed={seed}&state={}",
        order.as_str(),
        encode(&state_filter)
    );
    if mine {
        query_base.push_str("&mine=1");
    }
    if successful {
        query_base.push_str("&successful=1");
    }
    if !q.is_empty() {
        query_base.push_str(&format!("&q={}", encode(&q)));
    }
    let can_create = settings.creation_enabled
        && (loaded.ctx.user().is_none() || loaded.can(Action::Participate));
    let view = ListView {
        cards,
        total,
        page,
        pages: ((total + model::PER_PAGE - 1) / model::PER_PAGE).max(1),
        state: state_filter,
        mine,
        successful,
        q,
        order: order.as_str().to_string(),
        orders,
        seed,
        show_supports,
        can_create,
        limit_note,
        query_base,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    };
    let mut response = render(&view)?;
    if from_cookie != Some(seed) && from_query.is_none() {
        let cookie =
            format!("{SEED_COOKIE}={seed}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    Ok(response)
}

// ----- new proposal -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ProposalForm {
    pub(super) title: String,
    pub(super) body: String,
    pub(super) address: String,
    /// `preview` (check similar proposals first) or `publish`.
    pub(super) step: String,
}

/// A problem with one field of a form.
pub(super) struct FieldError {
    pub(super) field: &'static str,
    pub(super) message: String,
}

pub(super) fn check_proposal(i18n: &I18n, form: &ProposalForm) -> Vec<FieldError> {
    problem_errors(
        i18n,
        &model::check_text(&form.title, &form.body, &form.address),
    )
}

/// The form errors saying what is wrong with a proposal's text.
fn problem_errors(i18n: &I18n, problems: &[TextProblem]) -> Vec<FieldError> {
    problems
        .iter()
        .map(|p| FieldError {
            field: p.field(),
            message: match p {
                TextProblem::TitleEmpty => i18n.t("proposals-error-title-empty"),
                TextProblem::TitleTooLong => {
                    i18n.t1("proposals-error-title-long", "max", model::TITLE_MAX)
                }
                TextProblem::BodyEmpty => i18n.t("proposals-error-body-empty"),
                TextProblem::BodyTooLong => {
                    i18n.t1("proposals-error-body-long", "max", model::BODY_MAX)
                }
                TextProblem::AddressTooLong => {
                    i18n.t1("proposals-error-address-long", "max", model::ADDRESS_MAX)
                }
            },
        })
        .collect()
}

#[derive(Template)]
#[template(path = "components/proposals/form.html")]
struct FormView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    /// `None` for a new proposal.
    proposal_id: Option<i64>,
    title: String,
    body: String,
    address: String,
    errors: Vec<FieldError>,
    /// Similar proposals, once the participant asked to continue (new proposals only).
    similar: Option<Vec<Proposal>>,
}

impl FormView {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    fn action(&self) -> String {
        match self.proposal_id {
            Some(pid) => format!("/proposals/{}/{pid}/edit", self.component.id),
            None => format!("/proposals/{}/new", self.component.id),
        }
    }
}

fn form_view(loaded: Loaded, proposal_id: Option<i64>, form: ProposalForm) -> FormView {
    FormView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        proposal_id,
        title: form.title,
        body: form.body,
        address: form.address,
        errors: Vec::new(),
        similar: None,
    }
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let back = format!("{}/new", loaded.base());
    loaded.require(Action::Participate, &back)?;
    if !loaded.settings.creation_enabled {
        return Err(AppError::Forbidden);
    }
    render(&form_view(loaded, None, ProposalForm::default()))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Form(form): Form<ProposalForm>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let back = format!("{}/new", loaded.base());
    loaded.require(Action::Participate, &back)?;
    let user_id = loaded.ctx.require_user()?.id;
    if !loaded.settings.creation_enabled {
        return Err(AppError::Forbidden);
    }
    let errors = check_proposal(&loaded.ctx.i18n, &form);
    let limit = loaded.settings.proposal_limit;
    let component_id = loaded.component.id;
    if !errors.is_empty() {
        let mut view = form_view(loaded, None, form);
        view.errors = errors;
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    if form.step != "publish" {
        let similar =
            model::similar(&state.db, component_id, form.title.trim(), form.body.trim()).await?;
        let mut view = form_view(loaded, None, form);
        view.similar = Some(similar);
        return render(&view);
    }
    let created = propose(
        &state.db,
        &loaded.settings,
        component_id,
        user_id,
        &form.title,
        &form.body,
        &form.address,
    )
    .await?;
    match created {
        Proposed::Created(id) => Ok(see_other(&format!("/proposals/{component_id}/{id}"))),
        Proposed::CreationClosed => Err(AppError::Forbidden),
        Proposed::Invalid(problems) => {
            let errors = problem_errors(&loaded.ctx.i18n, &problems);
            let mut view = form_view(loaded, None, form);
            view.errors = errors;
            Ok(with_status(
                render(&view)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Proposed::LimitReached => {
            let message = loaded
                .ctx
                .i18n
                .t1("proposals-error-proposal-limit", "limit", limit);
            let mut view = form_view(loaded, None, form);
            view.errors.push(FieldError {
                field: "title",
                message,
            });
            Ok(with_status(render(&view)?, StatusCode::CONFLICT))
        }
    }
}

// ----- show -----

#[derive(Template)]
#[template(path = "components/proposals/show.html")]
pub(super) struct ShowView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    proposal: Proposal,
    body_html: String,
    answer_html: String,
    date: String,
    show_supports: bool,
    successful: bool,
    supported: bool,
    /// Supports are open and the person may take part (or may sign in to).
    can_support: bool,
    signed_in: bool,
    can_edit: bool,
    can_withdraw: bool,
    can_evaluate: bool,
    support_error: Option<String>,
    limit_note: Option<String>,
    /// The person's supports do not count yet (minimum not reached).
    pending_note: Option<String>,
    versions: usize,
    /// Moderation hid the proposal: a placeholder replaces its title and text.
    hidden: bool,
    /// The person may report the proposal (signed in, not its author, not reported yet).
    can_report: bool,
    reported: bool,
    comments: CommentSection,
    /// Follows, endorsements and amendments.
    social: super::social_routes::Social,
    /// Results of the accountability component that came from it ("see what happened").
    follow_up: Vec<crate::components::accountability::model::Linked>,
}

impl ShowView {
    fn answer_label(&self, p: &Proposal) -> Option<String> {
        answer_label(&self.ctx.i18n, p)
    }
}

pub(super) async fn show_view(
    db: &Db,
    loaded: Loaded,
    proposal: Proposal,
    support_error: Option<String>,
    comments_at: comments::Position,
) -> Result<ShowView, AppError> {
    let hidden = moderation::is_hidden(db, KIND, proposal.id).await?;
    let resource = ResourceRef::new(KIND, proposal.id).ok_or(AppError::NotFound)?;
    let comments = comments::section_at(db, &loaded.ctx, resource, comments_at).await?;
    let settings = loaded.settings;
    let user_id = loaded.ctx.user().map(|u| u.id);
    let supported = match user_id {
        Some(uid) => !model::supported_among(db, uid, &[proposal.id])
            .await?
            .is_empty(),
        None => false,
    };
    let participates = loaded.can(Action::Participate);
    let can_evaluate = loaded.can(Action::Evaluate);
    let is_author = user_id == Some(proposal.author_id);
    let reported = match user_id {
        Some(uid) if !is_author => model::reported_by(db, proposal.id, uid).await?,
        _ => false,
    };
    let editable = is_author
        && !proposal.withdrawn()
        && participates
        && db::now() - proposal.created_at < settings.edit_window_minutes * 60;
    let given = match user_id {
        Some(uid) if settings.supports.open() => {
            Some(model::supports_given(db, loaded.component.id, uid).await?)
        }
        _ => None,
    };
    let limit_note = given.filter(|_| settings.support_limit > 0).map(|given| {
        loaded.ctx.i18n.t2(
            "proposals-supports-left",
            "left",
            (settings.support_limit - given).max(0),
            "limit",
            settings.support_limit,
        )
    });
    let minimum = settings.minimum_supports_per_user;
    let pending_note = given
        .filter(|given| minimum > 1 && *given < minimum && *given > 0)
        .map(|given| {
            loaded.ctx.i18n.t2(
                "proposals-supports-pending",
                "missing",
                minimum - given,
                "minimum",
                minimum,
            )
        });
    let answer_html = match (&proposal.answer_text, proposal.answer_published_at) {
        (Some(text), Some(_)) => markdown::to_safe_html(text),
        (Some(text), None) if can_evaluate => markdown::to_safe_html(text),
        _ => String::new(),
    };
    let versions = model::versions(db, proposal.id).await?.len();
    let social = super::social_routes::social(db, &loaded, &proposal, hidden).await?;
    let follow_up = crate::components::accountability::model::results_from_proposal(
        db,
        loaded.ctx.user(),
        loaded.org.id,
        proposal.id,
    )
    .await?;
    Ok(ShowView {
        social,
        follow_up,
        body_html: markdown::to_safe_html(&proposal.body),
        answer_html,
        date: format_date(&loaded.ctx.i18n, proposal.created_at, &loaded.org.time_zone),
        show_supports: settings.supports != Supports::Hidden,
        successful: settings.supports != Supports::Hidden
            && settings.successful(proposal.supports_count),
        supported,
        can_support: settings.supports.open()
            && !hidden
            && !proposal.withdrawn()
            && (user_id.is_none() || participates),
        signed_in: user_id.is_some(),
        can_edit: editable,
        can_withdraw: is_author && !proposal.withdrawn(),
        can_evaluate,
        support_error,
        limit_note,
        pending_note,
        versions,
        hidden,
        can_report: user_id.is_some() && !is_author && !reported && !hidden,
        reported,
        comments,
        proposal,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let proposal = load_proposal(&state.db, &loaded, pid).await?;
    let at = comments::position_param(&query);
    render(&show_view(&state.db, loaded, proposal, None, at).await?)
}

// ----- edit, withdraw -----

async fn load_editable(
    db: &Db,
    ctx: Ctx,
    cid: i64,
    pid: i64,
) -> Result<(Loaded, Proposal), AppError> {
    let loaded = load(db, ctx, cid).await?;
    let back = format!("{}/{pid}/edit", loaded.base());
    loaded.require(Action::Participate, &back)?;
    let user_id = loaded.ctx.require_user()?.id;
    let proposal = load_proposal(db, &loaded, pid).await?;
    if proposal.author_id != user_id || proposal.withdrawn() {
        return Err(AppError::Forbidden);
    }
    if db::now() - proposal.created_at >= loaded.settings.edit_window_minutes * 60 {
        return Err(AppError::Forbidden);
    }
    Ok((loaded, proposal))
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, proposal) = load_editable(&state.db, ctx, cid, pid).await?;
    let form = ProposalForm {
        title: proposal.title,
        body: proposal.body,
        address: proposal.address.unwrap_or_default(),
        step: String::new(),
    };
    render(&form_view(loaded, Some(pid), form))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<ProposalForm>,
) -> Result<Response, AppError> {
    let (loaded, proposal) = load_editable(&state.db, ctx, cid, pid).await?;
    let errors = check_proposal(&loaded.ctx.i18n, &form);
    if !errors.is_empty() {
        let mut view = form_view(loaded, Some(pid), form);
        view.errors = errors;
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let address = form.address.trim();
    let since = db::now() - loaded.settings.edit_window_minutes * 60 + 1;
    let saved = model::update(
        &state.db,
        &proposal,
        proposal.author_id,
        form.title.trim(),
        form.body.trim(),
        (!address.is_empty()).then_some(address),
        since,
    )
    .await?;
    if !saved {
        return Err(AppError::Forbidden);
    }
    Ok(see_other(&format!("/proposals/{cid}/{pid}")))
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let back = format!("{}/{pid}", loaded.base());
    let user_id = loaded
        .ctx
        .user()
        .map(|u| u.id)
        .ok_or_else(|| AppError::SignInRequired(back.clone()))?;
    let proposal = load_proposal(&state.db, &loaded, pid).await?;
    if proposal.author_id != user_id {
        return Err(AppError::Forbidden);
    }
    model::withdraw(&state.db, pid, user_id).await?;
    Ok(see_other(&back))
}

// ----- supports -----

/// Why a support was refused, as a Fluent key.
pub fn refusal_key(outcome: SupportOutcome) -> Option<&'static str> {
    match outcome {
        SupportOutcome::Supported(_) => None,
        SupportOutcome::AlreadySupported => Some("proposals-support-already"),
        SupportOutcome::LimitReached => Some("proposals-support-limit"),
        SupportOutcome::CapReached => Some("proposals-support-cap"),
        SupportOutcome::NotFound => Some("proposals-support-not-found"),
    }
}

async fn support(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let back = format!("{}/{pid}", loaded.base());
    loaded.require(Action::Participate, &back)?;
    let user_id = loaded.ctx.require_user()?.id;
    let proposal = load_proposal(&state.db, &loaded, pid).await?;
    if !loaded.settings.supports.open() {
        let message = loaded.ctx.i18n.t("proposals-support-closed");
        let view = show_view(
            &state.db,
            loaded,
            proposal,
            Some(message),
            comments::Position::FIRST,
        )
        .await?;
        return Ok(with_status(render(&view)?, StatusCode::FORBIDDEN));
    }
    let rules = loaded.settings.support_rules();
    let outcome = model::support(&state.db, cid, pid, user_id, rules).await?;
    match refusal_key(outcome) {
        None => Ok(see_other(&format!("{back}#support"))),
        Some(key) => {
            let message = loaded
                .ctx
                .i18n
                .t1(key, "limit", loaded.settings.support_limit);
            let view = show_view(
                &state.db,
                loaded,
                proposal,
                Some(message),
                comments::Position::FIRST,
            )
            .await?;
            Ok(with_status(render(&view)?, StatusCode::CONFLICT))
        }
    }
}

async fn unsupport(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let back = format!("{}/{pid}", loaded.base());
    loaded.require(Action::Participate, &back)?;
    let user_id = loaded.ctx.require_user()?.id;
    let proposal = load_proposal(&state.db, &loaded, pid).await?;
    if !loaded.settings.supports.open() {
        let message = loaded.ctx.i18n.t("proposals-support-closed");
        let view = show_view(
            &state.db,
            loaded,
            proposal,
            Some(message),
            comments::Position::FIRST,
        )
        .await?;
        return Ok(with_status(render(&view)?, StatusCode::FORBIDDEN));
    }
    let minimum = loaded.settings.minimum_supports_per_user;
    model::unsupport(&state.db, cid, pid, user_id, minimum).await?;
    Ok(see_other(&format!("{back}#support")))
}

// ----- official answer -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AnswerForm {
    answer_state: String,
    custom_state: String,
    text: String,
    cost: String,
    publish: Option<String>,
}

/// The answer states an evaluator chooses from.
pub const ANSWER_STATES: &[&str] = &["evaluating", "accepted", "rejected", "custom"];

#[derive(Template)]
#[template(path = "components/proposals/answer.html")]
struct AnswerView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    proposal: Proposal,
    form: AnswerForm,
    errors: Vec<FieldError>,
    states: &'static [&'static str],
}

impl AnswerView {
    fn is_state(&self, s: &str) -> bool {
        self.form.answer_state == s
    }
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

async fn load_for_answer(
    db: &Db,
    ctx: Ctx,
    cid: i64,
    pid: i64,
) -> Result<(Loaded, Proposal), AppError> {
    let loaded = load(db, ctx, cid).await?;
    let back = format!("{}/{pid}/answer", loaded.base());
    loaded.require(Action::Evaluate, &back)?;
    let proposal = load_proposal(db, &loaded, pid).await?;
    Ok((loaded, proposal))
}

async fn answer_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, proposal) = load_for_answer(&state.db, ctx, cid, pid).await?;
    let form = AnswerForm {
        answer_state: proposal
            .answer_state
            .clone()
            .unwrap_or_else(|| "evaluating".into()),
        custom_state: proposal.answer_custom_state.clone().unwrap_or_default(),
        text: proposal.answer_text.clone().unwrap_or_default(),
        cost: proposal
            .answer_cost
            .map(|c| c.to_string())
            .unwrap_or_default(),
        publish: proposal.answer_published_at.map(|_| "on".into()),
    };
    render(&AnswerView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        proposal,
        form,
        errors: Vec::new(),
        states: ANSWER_STATES,
    })
}

async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, AppError> {
    let (loaded, proposal) = load_for_answer(&state.db, ctx, cid, pid).await?;
    let i18n = &loaded.ctx.i18n;
    let mut errors = Vec::new();
    if !ANSWER_STATES.contains(&form.answer_state.as_str()) {
        errors.push(FieldError {
            field: "answer_state",
            message: i18n.t("proposals-error-answer-state"),
        });
    }
    let custom = form.custom_state.trim();
    if form.answer_state == "custom" && custom.is_empty() {
        errors.push(FieldError {
            field: "custom_state",
            message: i18n.t("proposals-error-custom-state-empty"),
        });
    } else if char_len(custom) > model::CUSTOM_STATE_MAX {
        errors.push(FieldError {
            field: "custom_state",
            message: i18n.t1(
                "proposals-error-custom-state-long",
                "max",
                model::CUSTOM_STATE_MAX,
            ),
        });
    }
    if char_len(form.text.trim()) > model::ANSWER_MAX {
        errors.push(FieldError {
            field: "text",
            message: i18n.t1("proposals-error-answer-long", "max", model::ANSWER_MAX),
        });
    }
    let cost = match form.cost.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (0..=1_000_000_000_000).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError {
                    field: "cost",
                    message: i18n.t("proposals-error-cost"),
                });
                None
            }
        },
    };
    if !errors.is_empty() {
        let view = AnswerView {
            ctx: loaded.ctx,
            org: loaded.org,
            space: loaded.space,
            component: loaded.component,
            proposal,
            form,
            errors,
            states: ANSWER_STATES,
        };
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    model::answer(
        &state.db,
        cid,
        pid,
        &model::Answer {
            state: &form.answer_state,
            custom_state: (form.answer_state == "custom").then_some(custom),
            text: form.text.trim(),
            cost,
            publish: form.publish.is_some(),
        },
        loaded.ctx.user().map(|u| u.id),
    )
    .await?;
    Ok(see_other(&format!("/proposals/{cid}/{pid}")))
}

// ----- versions -----

struct VersionView {
    number: usize,
    author_name: String,
    date: String,
    lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "components/proposals/versions.html")]
struct VersionsView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    proposal: Proposal,
    versions: Vec<VersionView>,
}

async fn versions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let proposal = load_proposal(&state.db, &loaded, pid).await?;
    let all = model::versions(&state.db, pid).await?;
    let text = |v: &model::Version| format!("# {}\n\n{}", v.title, v.body);
    let mut views = Vec::with_capacity(all.len());
    for (i, version) in all.iter().enumerate() {
        let before = if i == 0 {
            String::new()
        } else {
            text(&all[i - 1])
        };
        views.push(VersionView {
            number: i + 1,
            author_name: version.author_name.clone(),
            date: format_date(&loaded.ctx.i18n, version.created_at, &loaded.org.time_zone),
            lines: diff::lines(&before, &text(version)),
        });
    }
    views.reverse();
    render(&VersionsView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        proposal,
        versions: views,
    })
}
