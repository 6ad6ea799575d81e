//! The pages of the budgets component: the budgets of a component, a budget with its
//! projects and the participant's ballot (the basket), a project, and the admin forms.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use sqlx::Row;

use super::model::{self, Ballot, Budget, BudgetFields, Project, ProjectFields};
use super::results::{self, Published, RULES};
use super::rules::{Change, Refusal, Rule, RuleKind};
use super::{MANIFEST, Settings, Voting, explain, money};
use crate::app::AppState;
use crate::components::store::Component;
use crate::db::Db;
use crate::i18n::I18n;
use crate::platform::markdown;
use crate::platform::organizations::Organization;
use crate::platform::permissions::Action;
use crate::platform::spaces::Space;
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/budgets/{cid}", get(list))
        .route("/budgets/{cid}/edit", get(admin).post(create_budget))
        .route("/budgets/{cid}/{bid}", get(show))
        .route(
            "/budgets/{cid}/{bid}/edit",
            get(edit_budget_form).post(update_budget),
        )
        .route("/budgets/{cid}/{bid}/ballot", post(change_ballot))
        .route("/budgets/{cid}/{bid}/checkout", post(checkout))
        .route("/budgets/{cid}/{bid}/results", get(results_page))
        .route(
            "/budgets/{cid}/{bid}/results/publish",
            post(publish_results),
        )
        .route("/budgets/{cid}/{bid}/export.pb", get(export))
        .route(
            "/budgets/{cid}/{bid}/ballots",
            get(super::ballot_list::ballots_page),
        )
        .route(
            "/budgets/{cid}/{bid}/paper",
            get(paper_form).post(save_paper),
        )
        .route(
            "/budgets/{cid}/{bid}/import",
            get(import_form).post(import_file),
        )
        .route(
            "/budgets/{cid}/{bid}/projects/new",
            get(new_project_form).post(create_project),
        )
        .route("/budgets/{cid}/{bid}/projects/{pid}", get(show_project))
        .route(
            "/budgets/{cid}/{bid}/projects/{pid}/evaluate",
            post(evaluate_project),
        )
        .route(
            "/budgets/{cid}/{bid}/projects/{pid}/edit",
            get(edit_project_form).post(update_project),
        )
        .route(
            "/budgets/{cid}/{bid}/projects/{pid}/delete",
            post(delete_project),
        )
}

/// A budgets component with everything its pages need, once access was checked.
pub type Loaded = crate::components::loaded::Loaded<Settings>;

impl Loaded {
    fn money(&self, amount: i64, currency: &str) -> String {
        money(self.ctx.i18n.locale, amount, currency)
    }
}

/// Loads a budgets component: 404 when the person may not see its space, or when it is
/// unpublished and they do not administer the space.
pub(super) async fn load(db: &Db, ctx: Ctx, id: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load(db, ctx, id, &MANIFEST, Settings::from_map).await
}

pub(super) async fn load_budget(db: &Db, loaded: &Loaded, bid: i64) -> Result<Budget, AppError> {
    model::find_budget(db, bid)
        .await?
        .filter(|b| b.component_id == loaded.component.id)
        .ok_or(AppError::NotFound)
}

fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// The rule in plain words.
pub fn rule_text(i18n: &I18n, budget: &Budget) -> String {
    let rule = &budget.rule;
    let total = money(i18n.locale, budget.total, &budget.currency);
    match rule.kind {
        RuleKind::Approval if rule.min_percent > 0 => i18n.t2(
            "budgets-rule-approval-minimum",
            "total",
            total,
            "percent",
            rule.min_percent,
        ),
        RuleKind::Approval => i18n.t1("budgets-rule-approval", "total", total),
        RuleKind::Choose if rule.max_projects > 0 => i18n.t2(
            "budgets-rule-choose",
            "min",
            rule.min_projects.max(1),
            "max",
            rule.max_projects,
        ),
        RuleKind::Choose => i18n.t1("budgets-rule-choose-min", "min", rule.min_projects.max(1)),
        RuleKind::Points => i18n.t1("budgets-rule-points", "points", rule.points),
        RuleKind::Ranking => i18n.t1("budgets-rule-ranking", "max", rule.points),
    }
}

// ----- list -----

struct BudgetCard {
    budget: Budget,
    total: String,
    rule: String,
    cast: bool,
}

#[derive(Template)]
#[template(path = "components/budgets/list.html")]
struct ListView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    cards: Vec<BudgetCard>,
    can_admin: bool,
    workflow_one: bool,
    status: &'static str,
}

impl ListView {
    fn status_key(&self) -> String {
        format!("budgets-status-{}", self.status)
    }
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let cast = match loaded.ctx.user() {
        Some(user) => model::cast_in(&state.db, cid, user.id).await?,
        None => Vec::new(),
    };
    let cards = model::budgets(&state.db, cid)
        .await?
        .into_iter()
        .map(|budget| BudgetCard {
            total: loaded.money(budget.total, &budget.currency),
            rule: rule_text(&loaded.ctx.i18n, &budget),
            cast: cast.contains(&budget.id),
            budget,
        })
        .collect();
    render(&ListView {
        cards,
        can_admin: loaded.can(Action::AdminSpace),
        workflow_one: loaded.settings.workflow == model::Workflow::One,
        status: loaded.settings.voting.status(),
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

// ----- one budget: projects and the basket -----

struct ProjectRow {
    project: Project,
    cost: String,
    on_ballot: bool,
    /// Points or rank on the ballot (0: not on it).
    value: i64,
    /// Approval: adding it would exceed what is left.
    too_expensive: bool,
}

struct BasketRow {
    id: i64,
    title: String,
    cost: String,
    value: i64,
}

#[derive(Template)]
#[template(path = "components/budgets/show.html")]
struct ShowView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budget: Budget,
    description_html: String,
    rule: String,
    total: String,
    status: &'static str,
    kind: &'static str,
    projects: Vec<ProjectRow>,
    basket: Vec<BasketRow>,
    ballot: Ballot,
    spent: String,
    remaining: String,
    /// "3 of 5 points given", "2 projects chosen" ...
    progress: String,
    /// The ballot may be built now (voting open, the person may take part, not cast).
    can_vote: bool,
    /// Voting is open but the visitor is not signed in.
    sign_in_to_vote: bool,
    /// Voting open, signed in, but the space does not let them take part.
    not_eligible: bool,
    /// The person already voted in another budget of a "vote in one" component.
    other_budget: bool,
    /// Voting asks for a census verification the person does not have yet.
    needs_verification: bool,
    error: Option<String>,
    can_admin: bool,
    /// The results are published.
    has_results: bool,
}

impl ShowView {
    fn status_key(&self) -> String {
        format!("budgets-status-{}", self.status)
    }
    fn is_kind(&self, kind: &str) -> bool {
        self.kind == kind
    }
}

/// The budget page. `just_cast` is the ballot the person has just cast, shown instead of
/// the stored one: a secret ballot's receipt and choices are not stored with their name.
async fn show_view(
    db: &Db,
    loaded: Loaded,
    budget: Budget,
    error: Option<String>,
    just_cast: Option<Ballot>,
) -> Result<ShowView, AppError> {
    let user_id = loaded.ctx.user().map(|u| u.id);
    let ballot = match (just_cast, user_id) {
        (Some(ballot), _) => ballot,
        (None, Some(uid)) => model::ballot(db, budget.id, uid).await?,
        (None, None) => Ballot::default(),
    };
    let open = loaded.settings.voting == Voting::Open;
    let participates = loaded.can(Action::Participate);
    let other_budget = match user_id {
        Some(uid)
            if loaded.settings.workflow == model::Workflow::One && ballot.lines.is_empty() =>
        {
            other_budget_started(db, &budget, uid).await?
        }
        _ => false,
    };
    let needs_verification = match user_id {
        Some(uid) if open && participates && !loaded.settings.requirement.is_none() => {
            crate::platform::verifications::find(db, loaded.space.organization_id, uid)
                .await?
                .is_none()
        }
        _ => false,
    };
    let projects = model::projects(db, budget.id).await?;
    let left = budget.total - ballot.total_cost;
    let basket = ballot
        .lines
        .iter()
        .filter_map(|line| {
            let project = projects.iter().find(|p| p.id == line.project_id)?;
            Some(BasketRow {
                id: project.id,
                title: project.title.clone(),
                cost: loaded.money(project.cost, &budget.currency),
                value: line.value,
            })
        })
        .collect::<Vec<_>>();
    let i18n = &loaded.ctx.i18n;
    let count = i64::try_from(ballot.lines.len()).unwrap_or(0);
    let progress = match budget.rule.kind {
        RuleKind::Approval => i18n.t1("budgets-progress-projects", "count", count),
        RuleKind::Choose => i18n.t1("budgets-progress-projects", "count", count),
        RuleKind::Points => i18n.t2(
            "budgets-progress-points",
            "used",
            ballot.lines.iter().map(|l| l.value).sum::<i64>(),
            "max",
            budget.rule.points,
        ),
        RuleKind::Ranking => i18n.t2(
            "budgets-progress-ranked",
            "count",
            count,
            "max",
            budget.rule.points,
        ),
    };
    let rows = projects
        .into_iter()
        .map(|project| ProjectRow {
            cost: loaded.money(project.cost, &budget.currency),
            on_ballot: ballot.has(project.id),
            value: ballot.value_of(project.id),
            too_expensive: budget.rule.kind == RuleKind::Approval && project.cost > left,
            project,
        })
        .collect();
    Ok(ShowView {
        description_html: markdown::to_safe_html(&budget.description),
        rule: rule_text(i18n, &budget),
        total: loaded.money(budget.total, &budget.currency),
        spent: loaded.money(ballot.total_cost, &budget.currency),
        remaining: loaded.money(left, &budget.currency),
        progress,
        status: loaded.settings.voting.status(),
        kind: budget.rule.kind.as_str(),
        projects: rows,
        basket,
        can_vote: open
            && participates
            && !ballot.checked_out()
            && !other_budget
            && !needs_verification,
        needs_verification,
        sign_in_to_vote: open && user_id.is_none(),
        not_eligible: open && user_id.is_some() && !participates,
        other_budget,
        ballot,
        error,
        can_admin: loaded.can(Action::AdminSpace),
        has_results: results::published(db, budget.id).await?.is_some(),
        budget,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

/// True when the person started or cast a ballot in another budget of the component.
async fn other_budget_started(db: &Db, budget: &Budget, user_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query(
        "SELECT 1 FROM budget_ballots b JOIN budgets g ON g.id = b.budget_id
         WHERE g.component_id = $1 AND g.id <> $2 AND b.user_id = $3
           AND (b.checked_out_at IS NOT NULL
                OR EXISTS (SELECT 1 FROM budget_ballot_lines l WHERE l.ballot_id = b.id))",
    )
    .bind(budget.component_id)
    .bind(budget.id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    render(&show_view(&state.db, loaded, budget, None, None).await?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BallotForm {
    /// `add`, `remove`, `points`, `up` or `down`.
    action: String,
    project: String,
    points: String,
    /// `basket` when the form is in the basket; otherwise the person returns to the project.
    back: String,
}

fn whole_number(text: &str, what: &str) -> Result<i64, AppError> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| AppError::BadRequest(format!("{what} must be a whole number, not {text:?}")))
}

/// Refuses with the budget page and the reason (409), changing nothing.
async fn refuse(
    db: &Db,
    loaded: Loaded,
    budget: Budget,
    refusal: &Refusal,
) -> Result<Response, AppError> {
    let message = explain(&loaded.ctx.i18n, refusal, &budget.currency);
    let status = match refusal {
        Refusal::Closed
        | Refusal::NotVerified
        | Refusal::TooYoung { .. }
        | Refusal::NotAssigned => StatusCode::FORBIDDEN,
        _ => StatusCode::CONFLICT,
    };
    let view = show_view(db, loaded, budget, Some(message), None).await?;
    Ok(with_status(render(&view)?, status))
}

async fn change_ballot(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Form(form): Form<BallotForm>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    let back = format!("/budgets/{cid}/{bid}");
    loaded.require(Action::Participate, &back)?;
    let user_id = loaded.ctx.require_user()?.id;
    let project = whole_number(&form.project, "project")?;
    let change = match form.action.as_str() {
        "add" => Change::Add(project),
        "remove" => Change::Remove(project),
        "points" => Change::SetPoints(project, whole_number(&form.points, "points")?),
        "up" | "down" => Change::Move {
            project_id: project,
            up: form.action == "up",
        },
        other => {
            return Err(AppError::BadRequest(format!(
                "action is add, remove, points, up or down, not {other:?}"
            )));
        }
    };
    // Whether voting is open is decided inside the ballot's transaction (a phase switch
    // must not slip between a check here and the write).
    match model::change(&state.db, &state.config.secret, &budget, user_id, &change).await? {
        // Back where the person was: the basket, or the project in the list (the summary of
        // what remains stays in view there).
        Ok(_) if form.back == "basket" => Ok(see_other(&format!("{back}#basket"))),
        Ok(_) => Ok(see_other(&format!("{back}#project-{project}"))),
        Err(refusal) => refuse(&state.db, loaded, budget, &refusal).await,
    }
}

async fn checkout(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    let back = format!("/budgets/{cid}/{bid}");
    loaded.require(Action::Participate, &back)?;
    let user_id = loaded.ctx.require_user()?.id;
    match model::checkout(&state.db, &state.config.secret, &budget, user_id).await? {
        // A secret ballot's receipt exists only in this answer: shown now, never again.
        Ok(ballot) if budget.secret_ballots => {
            render(&show_view(&state.db, loaded, budget, None, Some(ballot)).await?)
        }
        Ok(_) => Ok(see_other(&format!("{back}#basket"))),
        Err(refusal) => refuse(&state.db, loaded, budget, &refusal).await,
    }
}

// ----- one project -----

/// A proposal a project comes from, as its page links to it.
struct LinkedProposal {
    url: String,
    title: String,
}

/// The proposals among `ids` that are in the same space and not hidden by moderation.
async fn linked_proposals(
    db: &Db,
    space_id: i64,
    ids: &[i64],
) -> Result<Vec<LinkedProposal>, sqlx::Error> {
    let mut out = Vec::new();
    for id in ids {
        let row = sqlx::query(
            "SELECT p.id, p.component_id, p.title FROM proposals p
             JOIN components c ON c.id = p.component_id
             WHERE p.id = $1 AND c.space_id = $2 AND c.published_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                               AND m.resource_id = p.id AND m.hidden_at IS NOT NULL)",
        )
        .bind(id)
        .bind(space_id)
        .fetch_optional(&db.pool)
        .await?;
        if let Some(row) = row {
            out.push(LinkedProposal {
                url: format!(
                    "/proposals/{}/{}",
                    row.try_get::<i64, _>("component_id")?,
                    row.try_get::<i64, _>("id")?
                ),
                title: row.try_get("title")?,
            });
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "components/budgets/project.html")]
struct ProjectView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budget: Budget,
    project: Project,
    cost: String,
    description_html: String,
    proposals: Vec<LinkedProposal>,
    on_ballot: bool,
    can_vote: bool,
    can_admin: bool,
    can_evaluate: bool,
    /// The evaluation form as typed, and what is wrong with it.
    evaluation: EvaluationForm,
    evaluation_error: Option<String>,
    /// The field the error is about (`feasibility`, `reason`, `cost`; empty: none).
    evaluation_invalid: &'static str,
}

impl ProjectView {
    fn is_feasibility(&self, value: &str) -> bool {
        self.evaluation.feasibility == value
    }

    fn evaluation_invalid(&self, field: &str) -> bool {
        self.evaluation_error.is_some() && self.evaluation_invalid == field
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EvaluationForm {
    feasibility: String,
    reason: String,
    cost: String,
}

async fn project_view(
    state: &AppState,
    loaded: Loaded,
    budget: Budget,
    project: Project,
    evaluation: Option<(EvaluationForm, String, &'static str)>,
) -> Result<ProjectView, AppError> {
    let ballot = match loaded.ctx.user() {
        Some(user) => model::ballot(&state.db, budget.id, user.id).await?,
        None => Ballot::default(),
    };
    let proposals = linked_proposals(&state.db, loaded.space.id, &project.proposal_ids).await?;
    let (evaluation, evaluation_error, evaluation_invalid) = match evaluation {
        Some((form, error, field)) => (form, Some(error), field),
        None => (
            EvaluationForm {
                feasibility: project.feasibility.clone(),
                reason: project.feasibility_reason.clone(),
                cost: project.cost.to_string(),
            },
            None,
            "",
        ),
    };
    Ok(ProjectView {
        cost: loaded.money(project.cost, &budget.currency),
        description_html: markdown::to_safe_html(&project.description),
        proposals,
        on_ballot: ballot.has(project.id),
        can_vote: loaded.settings.voting == Voting::Open
            && loaded.can(Action::Participate)
            && !ballot.checked_out()
            && budget.rule.kind != RuleKind::Points
            && (project.votable() || ballot.has(project.id)),
        can_admin: loaded.can(Action::AdminSpace),
        can_evaluate: loaded.can(Action::Evaluate),
        evaluation,
        evaluation_error,
        evaluation_invalid,
        project,
        budget,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

/// Evaluators (and space admins) set a project's feasibility, its reason and its cost.
async fn evaluate_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid, pid)): Path<(i64, i64, i64)>,
    Form(form): Form<EvaluationForm>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    let back = format!("/budgets/{cid}/{bid}/projects/{pid}");
    loaded.require(Action::Evaluate, &back)?;
    let evaluator = loaded.ctx.require_user()?.id;
    let project = model::find_project(&state.db, bid, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    let i18n = &loaded.ctx.i18n;
    let feasibility = form.feasibility.trim();
    let reason = form.reason.trim();
    let cost = form
        .cost
        .trim()
        .replace([' ', '\u{202f}', '\u{a0}'], "")
        .parse::<i64>()
        .ok()
        .filter(|c| (0..=model::AMOUNT_MAX).contains(c));
    let error = if !["pending", "feasible", "unfeasible"].contains(&feasibility) {
        Some((
            i18n.t("budgets-evaluation-error-feasibility"),
            "feasibility",
        ))
    } else if feasibility == "unfeasible" && reason.is_empty() {
        Some((i18n.t("budgets-evaluation-error-reason"), "reason"))
    } else if reason.chars().count() > model::DESCRIPTION_MAX {
        Some((
            i18n.t1("budgets-error-long", "max", model::DESCRIPTION_MAX),
            "reason",
        ))
    } else if cost.is_none() {
        Some((
            i18n.t2("budgets-error-number", "min", 0, "max", model::AMOUNT_MAX),
            "cost",
        ))
    } else {
        None
    };
    let error = match (error, cost) {
        (None, Some(cost)) => {
            match model::evaluate_project(&state.db, bid, pid, evaluator, feasibility, reason, cost)
                .await?
            {
                Ok(()) => return Ok(see_other(&back)),
                Err(model::EvaluationRefusal::NotFound) => return Err(AppError::NotFound),
                Err(model::EvaluationRefusal::CostLocked) => {
                    (i18n.t("budgets-error-votes-cast"), "cost")
                }
            }
        }
        (Some(error), _) => error,
        (None, None) => (String::new(), ""),
    };
    let (error, field) = error;
    let view = project_view(&state, loaded, budget, project, Some((form, error, field))).await?;
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

async fn show_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid, pid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    let project = model::find_project(&state.db, bid, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&project_view(&state, loaded, budget, project, None).await?)
}

// ----- admin: budgets -----

/// A problem with one field of a form.
struct FieldError {
    field: &'static str,
    message: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BudgetForm {
    title: String,
    description: String,
    total: String,
    currency: String,
    rule: String,
    min_percent: String,
    min_projects: String,
    max_projects: String,
    points: String,
    district: String,
    /// "on" for secret ballots.
    secret: String,
}

impl BudgetForm {
    fn of(budget: &Budget) -> BudgetForm {
        BudgetForm {
            title: budget.title.clone(),
            description: budget.description.clone(),
            total: budget.total.to_string(),
            currency: budget.currency.clone(),
            rule: budget.rule.kind.as_str().into(),
            min_percent: budget.rule.min_percent.to_string(),
            min_projects: budget.rule.min_projects.to_string(),
            max_projects: budget.rule.max_projects.to_string(),
            points: budget.rule.points.to_string(),
            district: budget.district.clone(),
            secret: if budget.secret_ballots { "on" } else { "" }.into(),
        }
    }
}

/// A number field: empty is `default`; otherwise a whole number within `range`.
fn number_field(
    i18n: &I18n,
    errors: &mut Vec<FieldError>,
    field: &'static str,
    text: &str,
    default: i64,
    range: (i64, i64),
) -> i64 {
    let text = text.trim().replace([' ', '\u{202f}', '\u{a0}'], "");
    if text.is_empty() {
        return default;
    }
    match text.parse::<i64>() {
        Ok(n) if (range.0..=range.1).contains(&n) => n,
        _ => {
            errors.push(FieldError {
                field,
                message: i18n.t2("budgets-error-number", "min", range.0, "max", range.1),
            });
            default
        }
    }
}

fn text_field(
    i18n: &I18n,
    errors: &mut Vec<FieldError>,
    field: &'static str,
    text: &str,
    required: bool,
    max: usize,
) {
    let text = text.trim();
    if required && text.is_empty() {
        errors.push(FieldError {
            field,
            message: i18n.t("budgets-error-required"),
        });
    } else if text.chars().count() > max {
        errors.push(FieldError {
            field,
            message: i18n.t1("budgets-error-long", "max", max),
        });
    }
}

/// Checks a budget form: the fields it needs, and a rule whose numbers make sense.
fn check_budget(i18n: &I18n, form: &BudgetForm) -> (Vec<FieldError>, i64, Rule) {
    let mut errors = Vec::new();
    text_field(
        i18n,
        &mut errors,
        "district",
        &form.district,
        false,
        model::LABEL_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "title",
        &form.title,
        true,
        model::TITLE_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "description",
        &form.description,
        false,
        model::DESCRIPTION_MAX,
    );
    let total = number_field(
        i18n,
        &mut errors,
        "total",
        &form.total,
        0,
        (1, model::AMOUNT_MAX),
    );
    if form.total.trim().is_empty() {
        errors.push(FieldError {
            field: "total",
            message: i18n.t("budgets-error-required"),
        });
    }
    let currency = form.currency.trim();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        errors.push(FieldError {
            field: "currency",
            message: i18n.t("budgets-error-currency"),
        });
    }
    let kind = RuleKind::parse(&form.rule).unwrap_or_else(|| {
        errors.push(FieldError {
            field: "rule",
            message: i18n.t("budgets-error-rule"),
        });
        RuleKind::Approval
    });
    let rule = Rule {
        kind,
        min_percent: number_field(
            i18n,
            &mut errors,
            "min_percent",
            &form.min_percent,
            0,
            (0, 100),
        ),
        min_projects: number_field(
            i18n,
            &mut errors,
            "min_projects",
            &form.min_projects,
            0,
            (0, 1000),
        ),
        max_projects: number_field(
            i18n,
            &mut errors,
            "max_projects",
            &form.max_projects,
            0,
            (0, 1000),
        ),
        points: number_field(i18n, &mut errors, "points", &form.points, 0, (0, 10_000)),
    };
    if kind == RuleKind::Choose && rule.max_projects > 0 && rule.max_projects < rule.min_projects {
        errors.push(FieldError {
            field: "max_projects",
            message: i18n.t("budgets-error-max-below-min"),
        });
    }
    if matches!(kind, RuleKind::Points | RuleKind::Ranking) && rule.points < 1 {
        errors.push(FieldError {
            field: "points",
            message: i18n.t("budgets-error-points"),
        });
    }
    (errors, total, rule)
}

#[derive(Template)]
#[template(path = "components/budgets/admin.html")]
struct AdminView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budgets: Vec<BudgetCard>,
    /// `None` for a new budget.
    budget_id: Option<i64>,
    form: BudgetForm,
    errors: Vec<FieldError>,
    kinds: Vec<&'static str>,
}

impl AdminView {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    fn is_rule(&self, kind: &str) -> bool {
        self.form.rule == kind
    }
    fn rule_name(&self, kind: &str) -> String {
        self.ctx.i18n.t(&format!("budgets-rule-name-{kind}"))
    }
    fn action(&self) -> String {
        match self.budget_id {
            Some(bid) => format!("/budgets/{}/{bid}/edit", self.component.id),
            None => format!("/budgets/{}/edit", self.component.id),
        }
    }
}

async fn admin_view(
    db: &Db,
    loaded: Loaded,
    budget_id: Option<i64>,
    form: BudgetForm,
    errors: Vec<FieldError>,
) -> Result<AdminView, AppError> {
    let budgets = model::budgets(db, loaded.component.id)
        .await?
        .into_iter()
        .map(|budget| BudgetCard {
            total: loaded.money(budget.total, &budget.currency),
            rule: rule_text(&loaded.ctx.i18n, &budget),
            cast: false,
            budget,
        })
        .collect();
    Ok(AdminView {
        budgets,
        budget_id,
        form,
        errors,
        kinds: RuleKind::ALL.iter().map(|k| k.as_str()).collect(),
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

async fn load_admin(db: &Db, ctx: Ctx, cid: i64) -> Result<Loaded, AppError> {
    let loaded = load(db, ctx, cid).await?;
    let back = loaded.ctx.path.clone();
    loaded.require(Action::AdminSpace, &back)?;
    Ok(loaded)
}

async fn admin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let form = BudgetForm {
        currency: "EUR".into(),
        rule: "approval".into(),
        // Secret voting is what a city's vote normally is: on unless the admin says otherwise.
        secret: "on".into(),
        ..BudgetForm::default()
    };
    render(&admin_view(&state.db, loaded, None, form, Vec::new()).await?)
}

async fn create_budget(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Form(form): Form<BudgetForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let (errors, total, rule) = check_budget(&loaded.ctx.i18n, &form);
    if !errors.is_empty() {
        let view = admin_view(&state.db, loaded, None, form, errors).await?;
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let bid = model::create_budget(
        &state.db,
        cid,
        &BudgetFields {
            title: form.title.trim(),
            description: form.description.trim(),
            total,
            currency: form.currency.trim(),
            rule,
            district: form.district.trim(),
            secret_ballots: form.secret == "on",
        },
    )
    .await?;
    Ok(see_other(&format!("/budgets/{cid}/{bid}")))
}

async fn edit_budget_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    let form = BudgetForm::of(&budget);
    render(&admin_view(&state.db, loaded, Some(bid), form, Vec::new()).await?)
}

async fn update_budget(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Form(form): Form<BudgetForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    load_budget(&state.db, &loaded, bid).await?;
    let (mut errors, total, rule) = check_budget(&loaded.ctx.i18n, &form);
    if errors.is_empty() {
        let saved = model::update_budget(
            &state.db,
            cid,
            bid,
            &BudgetFields {
                title: form.title.trim(),
                description: form.description.trim(),
                total,
                currency: form.currency.trim(),
                rule,
                district: form.district.trim(),
                secret_ballots: form.secret == "on",
            },
        )
        .await?;
        if saved {
            return Ok(see_other(&format!("/budgets/{cid}/{bid}")));
        }
        errors.push(FieldError {
            field: "total",
            message: loaded.ctx.i18n.t("budgets-error-votes-cast"),
        });
    }
    let view = admin_view(&state.db, loaded, Some(bid), form, errors).await?;
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

// ----- admin: projects -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProjectForm {
    title: String,
    description: String,
    cost: String,
    category: String,
    district: String,
    /// Proposal ids, separated by commas or spaces.
    proposals: String,
}

#[derive(Template)]
#[template(path = "components/budgets/project_form.html")]
struct ProjectFormView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budget: Budget,
    /// `None` for a new project.
    project_id: Option<i64>,
    form: ProjectForm,
    errors: Vec<FieldError>,
}

impl ProjectFormView {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    fn action(&self) -> String {
        match self.project_id {
            Some(pid) => format!(
                "/budgets/{}/{}/projects/{pid}/edit",
                self.component.id, self.budget.id
            ),
            None => format!(
                "/budgets/{}/{}/projects/new",
                self.component.id, self.budget.id
            ),
        }
    }
}

/// Checks a project form; the proposal ids must be proposals of the same space.
async fn check_project(
    db: &Db,
    i18n: &I18n,
    space_id: i64,
    form: &ProjectForm,
) -> Result<(Vec<FieldError>, i64, Vec<i64>), AppError> {
    let mut errors = Vec::new();
    text_field(
        i18n,
        &mut errors,
        "title",
        &form.title,
        true,
        model::TITLE_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "description",
        &form.description,
        false,
        model::DESCRIPTION_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "category",
        &form.category,
        false,
        model::LABEL_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "district",
        &form.district,
        false,
        model::LABEL_MAX,
    );
    if form.cost.trim().is_empty() {
        errors.push(FieldError {
            field: "cost",
            message: i18n.t("budgets-error-required"),
        });
    }
    let cost = number_field(
        i18n,
        &mut errors,
        "cost",
        &form.cost,
        0,
        (0, model::AMOUNT_MAX),
    );
    let mut ids = Vec::new();
    for word in form
        .proposals
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let known = match word.trim_start_matches('#').parse::<i64>() {
            Ok(id) => sqlx::query(
                "SELECT 1 FROM proposals p JOIN components c ON c.id = p.component_id
                 WHERE p.id = $1 AND c.space_id = $2",
            )
            .bind(id)
            .bind(space_id)
            .fetch_optional(&db.pool)
            .await?
            .map(|_| id),
            Err(_) => None,
        };
        match known {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => {
                errors.push(FieldError {
                    field: "proposals",
                    message: i18n.t1("budgets-error-proposal", "id", word),
                });
                break;
            }
        }
    }
    Ok((errors, cost, ids))
}

fn optional(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

async fn load_admin_budget(
    db: &Db,
    ctx: Ctx,
    cid: i64,
    bid: i64,
) -> Result<(Loaded, Budget), AppError> {
    let loaded = load_admin(db, ctx, cid).await?;
    let budget = load_budget(db, &loaded, bid).await?;
    Ok((loaded, budget))
}

fn project_form_view(
    loaded: Loaded,
    budget: Budget,
    project_id: Option<i64>,
    form: ProjectForm,
    errors: Vec<FieldError>,
) -> ProjectFormView {
    ProjectFormView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        budget,
        project_id,
        form,
        errors,
    }
}

async fn new_project_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    render(&project_form_view(
        loaded,
        budget,
        None,
        ProjectForm::default(),
        Vec::new(),
    ))
}

async fn create_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Form(form): Form<ProjectForm>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    let (errors, cost, ids) =
        check_project(&state.db, &loaded.ctx.i18n, loaded.space.id, &form).await?;
    if !errors.is_empty() {
        let view = project_form_view(loaded, budget, None, form, errors);
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let pid = model::create_project(
        &state.db,
        bid,
        &ProjectFields {
            title: form.title.trim(),
            description: form.description.trim(),
            cost,
            category: optional(&form.category),
            district: optional(&form.district),
            proposal_ids: &ids,
        },
    )
    .await?;
    Ok(see_other(&format!("/budgets/{cid}/{bid}/projects/{pid}")))
}

async fn edit_project_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid, pid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    let project = model::find_project(&state.db, bid, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = ProjectForm {
        title: project.title,
        description: project.description,
        cost: project.cost.to_string(),
        category: project.category.unwrap_or_default(),
        district: project.district.unwrap_or_default(),
        proposals: project
            .proposal_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    };
    render(&project_form_view(
        loaded,
        budget,
        Some(pid),
        form,
        Vec::new(),
    ))
}

async fn update_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid, pid)): Path<(i64, i64, i64)>,
    Form(form): Form<ProjectForm>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    model::find_project(&state.db, bid, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    let (mut errors, cost, ids) =
        check_project(&state.db, &loaded.ctx.i18n, loaded.space.id, &form).await?;
    if errors.is_empty() {
        let saved = model::update_project(
            &state.db,
            bid,
            pid,
            &ProjectFields {
                title: form.title.trim(),
                description: form.description.trim(),
                cost,
                category: optional(&form.category),
                district: optional(&form.district),
                proposal_ids: &ids,
            },
        )
        .await?;
        if saved {
            return Ok(see_other(&format!("/budgets/{cid}/{bid}/projects/{pid}")));
        }
        errors.push(FieldError {
            field: "cost",
            message: loaded.ctx.i18n.t("budgets-error-votes-cast"),
        });
    }
    let view = project_form_view(loaded, budget, Some(pid), form, errors);
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

async fn delete_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid, pid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    let project = model::find_project(&state.db, bid, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    if model::delete_project(&state.db, bid, pid).await? {
        return Ok(see_other(&format!("/budgets/{cid}/{bid}")));
    }
    let form = ProjectForm {
        title: project.title,
        description: project.description,
        cost: project.cost.to_string(),
        category: project.category.unwrap_or_default(),
        district: project.district.unwrap_or_default(),
        proposals: String::new(),
    };
    let message = loaded.ctx.i18n.t("budgets-error-project-on-ballots");
    let view = project_form_view(
        loaded,
        budget,
        Some(pid),
        form,
        vec![FieldError {
            field: "delete",
            message,
        }],
    );
    Ok(with_status(render(&view)?, StatusCode::CONFLICT))
}

// ----- results -----

/// One rule's column in the admins' side-by-side preview.
struct RuleColumn {
    rule: &'static str,
    /// The threshold of greedy-threshold, sent again with the publish button.
    threshold: Option<i64>,
    name: String,
    winners: Vec<String>,
    used: String,
    represented: String,
}

/// A project's votes: online, paper (counts and imported ballots) and in all.
struct Votes {
    online: i64,
    paper: i64,
    total: i64,
}

impl Votes {
    fn of(counted: &results::Counted, project_id: i64) -> Votes {
        let (online, paper) = counted.supporters_of(project_id);
        Votes {
            online,
            paper,
            total: online + paper,
        }
    }
}

/// A funded project on the results page.
struct Winner {
    id: i64,
    title: String,
    cost: String,
    votes: Votes,
}

/// A project's line in the admins' table of votes.
struct ProjectVotes {
    title: String,
    votes: Votes,
}

#[derive(Template)]
#[template(path = "components/budgets/results.html")]
struct ResultsView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budget: Budget,
    /// The published rule's name, its explanation in plain words, and the winners.
    published_rule: Option<String>,
    explanation: Vec<String>,
    winners: Vec<Winner>,
    summary: String,
    /// Admins, before publication: what each rule would select.
    previews: Vec<RuleColumn>,
    /// Admins, before publication: the threshold as typed, whether it was refused, and what
    /// greedy-threshold selects with it.
    threshold_typed: String,
    threshold_invalid: bool,
    threshold_column: Option<RuleColumn>,
    /// Admins, before publication: every project's votes.
    project_votes: Vec<ProjectVotes>,
    /// Whether paper votes are counted (the online / paper columns are shown then).
    has_paper: bool,
    can_publish: bool,
    can_admin: bool,
    voting_closed: bool,
    ballots: usize,
    online_ballots: usize,
    error: Option<String>,
}

fn rule_name(i18n: &I18n, rule: &str) -> String {
    i18n.t(&format!("budgets-result-rule-{rule}"))
}

/// The threshold as typed, or the message that says why it is refused.
fn threshold_from(i18n: &I18n, typed: &str) -> Result<i64, String> {
    use results::ThresholdError;
    results::parse_threshold(typed).map_err(|e| match e {
        ThresholdError::Missing => i18n.t("budgets-threshold-missing"),
        ThresholdError::NotANumber => {
            i18n.t1("budgets-threshold-not-a-number", "text", typed.trim())
        }
        ThresholdError::Negative => i18n.t1("budgets-threshold-negative", "text", typed.trim()),
        ThresholdError::TooLarge => {
            i18n.t1("budgets-threshold-too-large", "max", results::MAX_THRESHOLD)
        }
    })
}

/// A rule's column of the admins' preview.
fn rule_column(
    loaded: &Loaded,
    budget: &Budget,
    preview: &results::Preview,
    title_of: impl Fn(i64) -> String,
) -> RuleColumn {
    let i18n = &loaded.ctx.i18n;
    RuleColumn {
        rule: preview.rule,
        threshold: preview.threshold,
        name: rule_name(i18n, preview.rule),
        winners: preview.selected.iter().map(|id| title_of(*id)).collect(),
        used: i18n.t2(
            "budgets-result-used",
            "used",
            loaded.money(preview.total_cost, &budget.currency),
            "total",
            loaded.money(budget.total, &budget.currency),
        ),
        represented: i18n.t2(
            "budgets-result-represented",
            "represented",
            preview.represented,
            "voters",
            preview.voters,
        ),
    }
}

/// The published rule's explanation in plain words, from agora-tally's structured one.
fn explain_result(i18n: &I18n, budget: &Budget, published: &Published) -> Vec<String> {
    use agora_tally::budget::{Explanation, GreedyDecision};
    let explanation: Option<Explanation> = serde_json::from_str(&published.explanation).ok();
    let amount = |n: i64| money(i18n.locale, n, &budget.currency);
    let mut out = Vec::new();
    match explanation {
        Some(Explanation::Greedy(g)) => {
            if let Some(threshold) = published.threshold {
                let kind = match g.score_kind.as_str() {
                    "points" | "borda" => "points",
                    _ => "votes",
                };
                out.push(i18n.t2(
                    "budgets-explain-threshold",
                    "threshold",
                    threshold,
                    "kind",
                    kind,
                ));
                let dropped = g
                    .steps
                    .iter()
                    .filter(|s| s.decision == GreedyDecision::BelowThreshold)
                    .count();
                out.push(i18n.t1("budgets-explain-threshold-dropped", "count", dropped));
            }
            out.push(i18n.t("budgets-explain-greedy"));
            let skipped = g
                .steps
                .iter()
                .filter(|s| s.decision == GreedyDecision::DoesNotFit)
                .count();
            if skipped > 0 {
                out.push(i18n.t1("budgets-explain-greedy-skipped", "count", skipped));
            }
        }
        Some(Explanation::Mes(m)) => {
            let share = budget.total / i64::try_from(m.voters.max(1)).unwrap_or(1);
            out.push(i18n.t2(
                "budgets-explain-mes",
                "voters",
                m.voters,
                "share",
                amount(share),
            ));
            if m.completion.is_some() {
                out.push(i18n.t("budgets-explain-mes-completion"));
            }
        }
        Some(Explanation::Phragmen(_)) => out.push(i18n.t("budgets-explain-phragmen")),
        Some(Explanation::MaxSupporters(x)) => out.push(i18n.t2(
            "budgets-explain-max-supporters",
            "supports",
            x.supports,
            "greedy",
            x.greedy_supports,
        )),
        None => {}
    }
    out
}

/// The results page. `threshold` is what the admin typed for the greedy-threshold preview
/// (`None`: not asked); a refused one is said in `error` (if there is none yet).
async fn results_view(
    state: &AppState,
    loaded: Loaded,
    budget: Budget,
    mut error: Option<String>,
    threshold: Option<&str>,
) -> Result<ResultsView, AppError> {
    let db = &state.db;
    let can_admin = loaded.can(Action::AdminSpace);
    let published = results::published(db, budget.id).await?;
    if published.is_none() && !can_admin {
        return Err(AppError::NotFound);
    }
    let projects = model::projects(db, budget.id).await?;
    let counted = results::counted(db, &state.budget_previews, &budget, &projects).await?;
    let i18n = &loaded.ctx.i18n;
    let title_of = |id: i64| {
        projects
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.title.clone())
            .unwrap_or_default()
    };
    let mut previews = Vec::new();
    let mut threshold_column = None;
    let mut threshold_invalid = false;
    let mut winners = Vec::new();
    let mut explanation = Vec::new();
    let mut summary = String::new();
    let mut project_votes = Vec::new();
    if let Some(p) = &published {
        explanation = explain_result(i18n, &budget, p);
        winners = p
            .selected
            .iter()
            .filter_map(|id| projects.iter().find(|x| x.id == *id))
            .map(|x| Winner {
                id: x.id,
                title: x.title.clone(),
                cost: loaded.money(x.cost, &budget.currency),
                votes: Votes::of(&counted, x.id),
            })
            .collect();
        summary = i18n.t2(
            "budgets-result-used",
            "used",
            loaded.money(p.total_cost, &budget.currency),
            "total",
            loaded.money(budget.total, &budget.currency),
        ) + " "
            + &i18n.t2(
                "budgets-result-represented",
                "represented",
                p.represented,
                "voters",
                p.voters,
            );
    } else {
        for preview in &counted.previews {
            previews.push(rule_column(&loaded, &budget, preview, title_of));
        }
        if let Some(typed) = threshold {
            match threshold_from(i18n, typed) {
                Ok(t) => {
                    threshold_column = results::threshold_preview(counted.clone(), t)
                        .await
                        .map(|p| rule_column(&loaded, &budget, &p, title_of));
                }
                Err(message) => {
                    threshold_invalid = true;
                    error.get_or_insert(message);
                }
            }
        }
        project_votes = projects
            .iter()
            .map(|p| ProjectVotes {
                title: p.title.clone(),
                votes: Votes::of(&counted, p.id),
            })
            .collect();
        project_votes.sort_by_key(|p| std::cmp::Reverse(p.votes.total));
    }
    let voting_closed = loaded.settings.voting == Voting::Closed;
    Ok(ResultsView {
        published_rule: published.as_ref().map(|p| rule_name(i18n, &p.rule)),
        explanation,
        winners,
        summary,
        can_publish: can_admin && published.is_none() && voting_closed && !previews.is_empty(),
        can_admin,
        previews,
        threshold_typed: threshold.unwrap_or_default().to_string(),
        threshold_invalid,
        threshold_column,
        project_votes,
        has_paper: counted.ballots > counted.online_ballots,
        voting_closed,
        ballots: counted.ballots,
        online_ballots: counted.online_ballots,
        error,
        budget,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ResultsQuery {
    /// The admins' threshold for the greedy-threshold preview.
    threshold: Option<String>,
}

async fn results_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    let view = results_view(&state, loaded, budget, None, query.threshold.as_deref()).await?;
    if view.threshold_invalid {
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    render(&view)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PublishForm {
    rule: String,
    /// greedy-threshold: the votes a project needs.
    threshold: String,
}

async fn publish_results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Form(form): Form<PublishForm>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    let with_threshold = form.rule == results::THRESHOLD_RULE;
    let Some(rule) = RULES
        .into_iter()
        .chain([results::THRESHOLD_RULE])
        .find(|r| *r == form.rule)
    else {
        return Err(AppError::BadRequest(format!(
            "rule is one of {}, {}, not {:?}",
            RULES.join(", "),
            results::THRESHOLD_RULE,
            form.rule
        )));
    };
    let typed = with_threshold.then_some(form.threshold.as_str());
    let threshold = match typed.map(|t| threshold_from(&loaded.ctx.i18n, t)) {
        Some(Err(_)) => {
            let view = results_view(&state, loaded, budget, None, typed).await?;
            return Ok(with_status(
                render(&view)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
        Some(Ok(t)) => Some(t),
        None => None,
    };
    if loaded.settings.voting != Voting::Closed {
        let message = loaded.ctx.i18n.t("budgets-result-not-closed");
        let view = results_view(&state, loaded, budget, Some(message), typed).await?;
        return Ok(with_status(render(&view)?, StatusCode::CONFLICT));
    }
    let projects = model::projects(&state.db, bid).await?;
    let counted = results::counted(&state.db, &state.budget_previews, &budget, &projects).await?;
    let threshold_preview = match threshold {
        Some(t) => results::threshold_preview(counted.clone(), t).await,
        None => None,
    };
    let preview = match threshold {
        Some(_) => threshold_preview.as_ref(),
        None => counted.preview(rule),
    };
    let Some(preview) = preview else {
        let message = loaded.ctx.i18n.t("budgets-result-no-ballots");
        let view = results_view(&state, loaded, budget, Some(message), typed).await?;
        return Ok(with_status(render(&view)?, StatusCode::CONFLICT));
    };
    // Published once: a second publication (another tab, another admin) changes nothing.
    results::publish(&state.db, bid, preview).await?;
    Ok(see_other(&format!("/budgets/{cid}/{bid}/results")))
}

// ----- admin: paper ballots -----

/// A project's line in the paper form: its id, title and the count as typed, and whether
/// the error message is about it.
struct PaperLine {
    id: i64,
    title: String,
    value: String,
    invalid: bool,
}

/// Which field of the paper form a refusal is about, so the page marks it (`aria-invalid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PaperField {
    Project(i64),
    Csv,
    /// The whole form (the total, a published result, a forged field).
    Form,
}

#[derive(Template)]
#[template(path = "components/budgets/paper.html")]
struct PaperView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budget: Budget,
    lines: Vec<PaperLine>,
    csv: String,
    csv_invalid: bool,
    error: Option<String>,
    saved: bool,
}

async fn paper_view(
    db: &Db,
    loaded: Loaded,
    budget: Budget,
    typed: Option<&std::collections::HashMap<String, String>>,
    error: Option<(String, PaperField)>,
    saved: bool,
) -> Result<PaperView, AppError> {
    let field = error.as_ref().map(|(_, f)| *f);
    let projects = model::projects(db, budget.id).await?;
    let counts = model::paper_counts(db, budget.id).await?;
    let lines = projects
        .into_iter()
        .map(|p| PaperLine {
            value: match typed {
                Some(form) => form
                    .get(&format!("votes-{}", p.id))
                    .cloned()
                    .unwrap_or_default(),
                None => counts.get(&p.id).copied().unwrap_or(0).to_string(),
            },
            invalid: field == Some(PaperField::Project(p.id)),
            id: p.id,
            title: p.title,
        })
        .collect();
    Ok(PaperView {
        csv_invalid: field == Some(PaperField::Csv),
        csv: typed
            .and_then(|f| f.get("csv").cloned())
            .unwrap_or_default(),
        saved,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        budget,
        lines,
        error: error.map(|(message, _)| message),
    })
}

async fn paper_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    let saved = query.contains_key("saved");
    render(&paper_view(&state.db, loaded, budget, None, None, saved).await?)
}

/// Reads the paper form: one `votes-{project id}` field per project, or CSV lines
/// `project id,votes` (which win when given). The message says what is wrong, where.
fn parse_paper(
    i18n: &I18n,
    form: &std::collections::HashMap<String, String>,
) -> Result<Vec<(i64, i64)>, (String, PaperField)> {
    let number = |text: &str| text.trim().parse::<i64>().ok();
    let mut counts: Vec<(i64, i64)> = Vec::new();
    let csv = form.get("csv").map(String::as_str).unwrap_or_default();
    if !csv.trim().is_empty() {
        for (line, n) in csv.lines().zip(1..) {
            let line = line.trim();
            if line.is_empty() || n == 1 && line.to_ascii_lowercase().starts_with("project") {
                continue;
            }
            let fields: Vec<&str> = line.split([',', ';', '\t']).collect();
            let (Some(id), Some(votes), 2) = (
                fields.first().and_then(|f| number(f)),
                fields.get(1).and_then(|f| number(f)),
                fields.len(),
            ) else {
                return Err((
                    i18n.t2("budgets-paper-error-line", "line", n, "text", line),
                    PaperField::Csv,
                ));
            };
            counts.push((id, votes));
        }
    } else {
        for (key, value) in form {
            let Some(id) = key.strip_prefix("votes-") else {
                continue;
            };
            let Some(id) = number(id) else {
                return Err((
                    i18n.t1("budgets-paper-error-project", "project", id),
                    PaperField::Form,
                ));
            };
            let value = if value.trim().is_empty() { "0" } else { value };
            let Some(votes) = number(value) else {
                return Err((
                    i18n.t2("budgets-paper-error-number", "project", id, "text", value),
                    PaperField::Project(id),
                ));
            };
            counts.push((id, votes));
        }
    }
    counts.sort_unstable();
    if let Some(w) = counts.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err((
            i18n.t1("budgets-paper-error-twice", "project", w[0].0),
            PaperField::Csv,
        ));
    }
    Ok(counts)
}

async fn save_paper(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    let admin = loaded.ctx.require_user()?.id;
    let i18n = &loaded.ctx.i18n;
    // A refused count is in the CSV box when one was pasted, else in the project's field.
    let from_csv = form.get("csv").is_some_and(|c| !c.trim().is_empty());
    let field_of = |id: i64| {
        if from_csv {
            PaperField::Csv
        } else {
            PaperField::Project(id)
        }
    };
    let error = match parse_paper(i18n, &form) {
        Err(refused) => Some(refused),
        Ok(counts) => match model::set_paper_counts(&state.db, bid, admin, &counts).await? {
            Ok(()) => return Ok(see_other(&format!("/budgets/{cid}/{bid}/paper?saved"))),
            Err(model::PaperRefusal::NotInBudget(id)) => Some((
                i18n.t1("budgets-paper-error-project", "project", id),
                if from_csv {
                    PaperField::Csv
                } else {
                    PaperField::Form
                },
            )),
            Err(model::PaperRefusal::OutOfRange { project_id, votes }) => Some((
                i18n.t2(
                    "budgets-paper-error-range",
                    "project",
                    project_id,
                    "votes",
                    votes,
                ),
                field_of(project_id),
            )),
            Err(model::PaperRefusal::TooMany { max }) => Some((
                i18n.t1("budgets-paper-error-total", "max", max),
                PaperField::Form,
            )),
            Err(model::PaperRefusal::Published) => {
                Some((i18n.t("budgets-paper-error-published"), PaperField::Form))
            }
        },
    };
    let view = paper_view(&state.db, loaded, budget, Some(&form), error, false).await?;
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

// ----- admin: Pabulib import -----

#[derive(Template)]
#[template(path = "components/budgets/import.html")]
struct ImportView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budget: Budget,
    text: String,
    with_votes: bool,
    error: Option<String>,
    done: Option<String>,
}

fn import_view(
    loaded: Loaded,
    budget: Budget,
    form: ImportForm,
    error: Option<String>,
    done: Option<String>,
) -> ImportView {
    ImportView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        budget,
        text: form.pb,
        with_votes: !form.with_votes.is_empty(),
        error,
        done,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ImportForm {
    pb: String,
    with_votes: String,
}

async fn import_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    render(&import_view(
        loaded,
        budget,
        ImportForm::default(),
        None,
        None,
    ))
}

async fn import_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Form(form): Form<ImportForm>,
) -> Result<Response, AppError> {
    let (loaded, budget) = load_admin_budget(&state.db, ctx, cid, bid).await?;
    let admin = loaded.ctx.require_user()?.id;
    let with_votes = !form.with_votes.is_empty();
    match super::import::import(&state.db, &budget, admin, &form.pb, with_votes).await? {
        Ok(done) => {
            let message = loaded.ctx.i18n.t2(
                "budgets-import-done",
                "projects",
                done.projects,
                "ballots",
                done.ballots,
            );
            render(&import_view(
                loaded,
                budget,
                ImportForm::default(),
                None,
                Some(message),
            ))
        }
        Err(e) => {
            let message = if e.line == 0 {
                loaded
                    .ctx
                    .i18n
                    .t1("budgets-import-error", "message", e.message)
            } else {
                loaded.ctx.i18n.t2(
                    "budgets-import-error-line",
                    "line",
                    e.line,
                    "message",
                    e.message,
                )
            };
            let view = import_view(loaded, budget, form, Some(message), None);
            Ok(with_status(
                render(&view)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// The budget's ballots as a Pabulib file: for space admins, and for everyone once the
/// results are published (then with the published rule in META).
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let budget = load_budget(&state.db, &loaded, bid).await?;
    let published = results::published(&state.db, bid).await?;
    if published.is_none() {
        let back = loaded.ctx.path.clone();
        loaded.require(Action::AdminSpace, &back)?;
    }
    let projects = model::projects(&state.db, bid).await?;
    let tally = results::Tally::load(&state.db, bid).await?;
    let file = results::pabulib_file(
        &budget,
        &projects,
        &tally,
        published.as_ref().map(|p| (p.rule.as_str(), p.threshold)),
    );
    Ok(crate::web::attachment(
        "text/plain; charset=utf-8",
        &format!("budget-{bid}.pb"),
        results::pabulib_text(&file),
    ))
}
