//! `GET /api/v1/spaces/{id}/budgets`, `GET /api/v1/budgets/{id}`,
//! `GET`/`PUT /api/v1/budgets/{id}/ballot` and `POST /api/v1/budgets/{id}/ballot/checkout`:
//! participatory budgeting through the API, with the same access checks and the same ballot
//! transaction as the pages. A refused ballot is a problem document saying why.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::access::{visible, visible_component};
use super::auth::Caller;
use super::problem::Problem;
use crate::app::AppState;
use crate::components::budgets::model::{self, Ballot, Budget};
use crate::components::budgets::results;
use crate::components::budgets::rules::{Change, Line, Refusal, RuleKind};
use crate::components::budgets::{MANIFEST, Settings, explain};
use crate::components::store::{self, Component};
use crate::db::Db;
use crate::i18n::{I18n, Locale};
use crate::platform::access;
use crate::platform::permissions::Action;
use crate::platform::permissions::Actor;
use crate::platform::spaces::{self, Space};
use crate::web::AppError;

/// Most projects a ballot sent through the API may name (far above any real budget).
const LINES_MAX: usize = 1000;

/// A budget as lists show it.
#[derive(Serialize)]
pub struct BudgetSummary {
    pub id: i64,
    pub component_id: i64,
    pub title: String,
    /// Whole currency units.
    pub total_budget: i64,
    pub currency: String,
    /// `upcoming`, `voting` or `closed`.
    pub status: &'static str,
    /// Secret voting (docs/SECURITY.md).
    pub secret_ballots: bool,
    pub rule: Value,
    pub links: Links,
}

#[derive(Serialize)]
pub struct Links {
    #[serde(rename = "self")]
    pub this: String,
    pub html: String,
}

/// The rule of a budget: its `type` and the numbers that type uses.
fn rule_doc(budget: &Budget) -> Value {
    let r = &budget.rule;
    match r.kind {
        RuleKind::Approval => json!({"type": "approval", "min_percent": r.min_percent}),
        RuleKind::Choose => json!({
            "type": "choose",
            "min_projects": r.min_projects,
            "max_projects": if r.max_projects > 0 { Value::from(r.max_projects) } else { Value::Null },
        }),
        RuleKind::Points => json!({"type": "points", "points": r.points}),
        RuleKind::Ranking => json!({"type": "ranking", "max_ranked": r.points}),
    }
}

fn summary(budget: &Budget, settings: &Settings) -> BudgetSummary {
    BudgetSummary {
        id: budget.id,
        component_id: budget.component_id,
        title: budget.title.clone(),
        total_budget: budget.total,
        currency: budget.currency.clone(),
        status: settings.voting.status(),
        secret_ballots: budget.secret_ballots,
        rule: rule_doc(budget),
        links: Links {
            this: format!("/api/v1/budgets/{}", budget.id),
            html: format!("/budgets/{}/{}", budget.component_id, budget.id),
        },
    }
}

async fn settings_of(db: &Db, component: &Component, space: &Space) -> Result<Settings, Problem> {
    Ok(Settings::from_map(
        &store::effective_settings(db, component, space.active_phase_id).await?,
    ))
}

/// Every budget of the space's published budgets components.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<BudgetSummary>>, Problem> {
    let db = &state.db;
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A space id is a whole number, not {id:?}.")))?;
    let not_found =
        || Problem::not_found(format!("There is no space {id}, or you may not see it."));
    let space = spaces::find(db, id).await?.ok_or_else(not_found)?;
    visible(db, &caller, &space, not_found).await?;
    let mut out = Vec::new();
    for component in store::list_published(db, space.id)
        .await?
        .into_iter()
        .filter(|c| c.kind == MANIFEST.kind)
    {
        let settings = settings_of(db, &component, &space).await?;
        for budget in model::budgets(db, component.id).await? {
            out.push(summary(&budget, &settings));
        }
    }
    Ok(Json(out))
}

/// A budget with its component and space, once the caller may see it.
struct Found {
    budget: Budget,
    space: Space,
    settings: Settings,
    /// The caller as the visibility check worked them out (reused to check their ballot).
    actor: Actor,
}

async fn find(db: &Db, caller: &Caller, id: &str) -> Result<Found, Problem> {
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A budget id is a whole number, not {id:?}.")))?;
    let not_found =
        || Problem::not_found(format!("There is no budget {id}, or you may not see it."));
    let budget = model::find_budget(db, id).await?.ok_or_else(not_found)?;
    let placed = visible_component(
        db,
        caller,
        budget.component_id,
        MANIFEST.kind,
        None,
        not_found,
    )
    .await?;
    Ok(Found {
        budget,
        settings: Settings::from_map(&placed.settings),
        space: placed.space,
        actor: placed.actor,
    })
}

/// A project as the API shows it.
#[derive(Serialize)]
pub struct ProjectDoc {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub cost: i64,
    pub category: Option<String>,
    pub district: Option<String>,
    pub proposal_ids: Vec<i64>,
}

/// One budget, with its projects.
#[derive(Serialize)]
pub struct BudgetDoc {
    #[serde(flatten)]
    pub summary: BudgetSummary,
    /// Markdown.
    pub description: String,
    pub projects: Vec<ProjectDoc>,
    /// How many ballots were cast.
    pub ballots_cast: i64,
    /// The published result (`null` until the admins publish one): the rule (and the threshold
    /// of greedy-threshold), the winning project ids in the order chosen, the money used,
    /// voters and voters represented.
    pub results: Option<Value>,
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<BudgetDoc>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id).await?;
    let projects = model::projects(db, found.budget.id)
        .await?
        .into_iter()
        .map(|p| ProjectDoc {
            id: p.id,
            title: p.title,
            description: p.description,
            cost: p.cost,
            category: p.category,
            district: p.district,
            proposal_ids: p.proposal_ids,
        })
        .collect();
    Ok(Json(BudgetDoc {
        summary: summary(&found.budget, &found.settings),
        description: found.budget.description.clone(),
        projects,
        ballots_cast: model::cast_count(db, found.budget.id).await?,
        results: results::published(db, found.budget.id).await?.map(|r| {
            json!({
                "rule": r.rule,
                "threshold": r.threshold,
                "selected": r.selected,
                "total_cost": r.total_cost,
                "voters": r.voters,
                "represented": r.represented,
                "published_at": r.published_at,
            })
        }),
    }))
}

/// The caller's ballot.
#[derive(Serialize)]
pub struct BallotDoc {
    pub budget_id: i64,
    /// `open` (being built) or `cast`.
    pub state: &'static str,
    /// The receipt code, once cast (of a secret ballot: in the checkout's answer only).
    pub receipt: Option<String>,
    /// Cast in a secret vote: the projects are no longer stored with the voter.
    pub secret: bool,
    pub total_cost: i64,
    pub remaining: i64,
    /// Approval and choose: the projects chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<i64>>,
    /// Points: points given, by project id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Map<String, Value>>,
    /// Ranking: project ids, favourite first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Vec<i64>>,
}

fn ballot_doc(budget: &Budget, ballot: &Ballot) -> BallotDoc {
    let ids = || {
        ballot
            .lines
            .iter()
            .map(|l| l.project_id)
            .collect::<Vec<_>>()
    };
    let mut doc = BallotDoc {
        budget_id: budget.id,
        state: if ballot.checked_out() { "cast" } else { "open" },
        receipt: ballot.receipt.clone(),
        secret: budget.secret_ballots && ballot.checked_out(),
        total_cost: ballot.total_cost,
        remaining: budget.total - ballot.total_cost,
        projects: None,
        points: None,
        ranking: None,
    };
    match budget.rule.kind {
        RuleKind::Approval | RuleKind::Choose => doc.projects = Some(ids()),
        RuleKind::Ranking => doc.ranking = Some(ids()),
        RuleKind::Points => {
            doc.points = Some(
                ballot
                    .lines
                    .iter()
                    .map(|l| (l.project_id.to_string(), Value::from(l.value)))
                    .collect(),
            );
        }
    }
    doc
}

/// The caller, once they may vote in this budget's space now.
fn voter(caller: &Caller, found: &Found) -> Result<i64, Problem> {
    let user = caller.require_user()?;
    access::check(found.actor, Some(user), &found.space, Action::Participate).map_err(
        |e| match e {
            AppError::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "You are not eligible to vote in this space (only its members may).",
            ),
            other => other.into(),
        },
    )?;
    // Whether voting is open is decided inside the ballot's transaction.
    Ok(user.id)
}

/// A refused ballot as a problem document, explained in English.
fn refusal(budget: &Budget, refusal: &Refusal) -> Problem {
    let status = match refusal {
        Refusal::Closed
        | Refusal::NotVerified
        | Refusal::TooYoung { .. }
        | Refusal::NotAssigned => StatusCode::FORBIDDEN,
        Refusal::CheckedOut | Refusal::OtherBudget => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Problem::new(
        status,
        explain(&I18n::new(Locale::En), refusal, &budget.currency),
    )
}

pub async fn show_ballot(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<BallotDoc>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id).await?;
    let user = caller.require_user()?;
    let ballot = model::ballot(db, found.budget.id, user.id).await?;
    Ok(Json(ballot_doc(&found.budget, &ballot)))
}

/// What a `PUT` body must look like under a rule.
fn expected_shape(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Approval | RuleKind::Choose => r#"{"projects": [project ids]}"#,
        RuleKind::Points => r#"{"points": {"project id": points, ...}}"#,
        RuleKind::Ranking => r#"{"ranking": [project ids, favourite first]}"#,
    }
}

fn project_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Reads the lines of a `PUT` body, or says what shape the budget expects.
fn parse_ballot(kind: RuleKind, body: &[u8]) -> Result<Vec<Line>, Problem> {
    let shape = expected_shape(kind);
    let wrong = |why: &str| {
        Problem::bad_request(format!(
            "{why} This budget's rule is `{}`: send {shape}.",
            kind.as_str()
        ))
    };
    let value: Value =
        serde_json::from_slice(body).map_err(|e| wrong(&format!("The body is not JSON ({e}).")))?;
    let object = value
        .as_object()
        .ok_or_else(|| wrong("The body is not a JSON object."))?;
    let key = match kind {
        RuleKind::Approval | RuleKind::Choose => "projects",
        RuleKind::Points => "points",
        RuleKind::Ranking => "ranking",
    };
    if let Some(other) = object.keys().find(|k| k.as_str() != key) {
        return Err(wrong(&format!("Unexpected field `{other}`.")));
    }
    let field = object
        .get(key)
        .ok_or_else(|| wrong(&format!("Field `{key}` is missing.")))?;
    let mut lines = Vec::new();
    if kind == RuleKind::Points {
        let points = field
            .as_object()
            .ok_or_else(|| wrong("`points` must be an object."))?;
        for (id, n) in points {
            let project_id = id
                .trim()
                .parse()
                .map_err(|_| wrong(&format!("{id:?} is not a project id.")))?;
            let value = n.as_i64().ok_or_else(|| {
                wrong(&format!(
                    "The points of project {id} must be a whole number."
                ))
            })?;
            // 0 points: not on the ballot; negatives are refused by the rules.
            if value != 0 {
                lines.push(Line { project_id, value });
            }
        }
    } else {
        let ids = field
            .as_array()
            .ok_or_else(|| wrong(&format!("`{key}` must be an array of project ids.")))?;
        for (item, rank) in ids.iter().zip(1..) {
            let project_id =
                project_id(item).ok_or_else(|| wrong(&format!("{item} is not a project id.")))?;
            let value = if kind == RuleKind::Ranking { rank } else { 1 };
            lines.push(Line { project_id, value });
        }
    }
    if lines.len() > LINES_MAX {
        return Err(wrong(&format!("At most {LINES_MAX} projects.")));
    }
    Ok(lines)
}

/// Replaces the caller's whole ballot (still open) with the one sent.
pub async fn put_ballot(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<BallotDoc>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id).await?;
    let user_id = voter(&caller, &found)?;
    let lines = parse_ballot(found.budget.rule.kind, &body)?;
    match model::change(
        db,
        &state.config.secret,
        &found.budget,
        user_id,
        &Change::Replace(lines),
    )
    .await?
    {
        Ok(ballot) => Ok(Json(ballot_doc(&found.budget, &ballot))),
        Err(refused) => Err(refusal(&found.budget, &refused)),
    }
}

/// Casts the caller's ballot: once, and only when it meets the rule.
pub async fn checkout(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<BallotDoc>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id).await?;
    let user_id = voter(&caller, &found)?;
    match model::checkout(db, &state.config.secret, &found.budget, user_id).await? {
        Ok(ballot) => Ok(Json(ballot_doc(&found.budget, &ballot))),
        Err(refused) => Err(refusal(&found.budget, &refused)),
    }
}
