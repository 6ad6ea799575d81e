//! Budgets, projects and ballots: the queries. Every change to a ballot runs in one
//! transaction that first locks the person's `budget_voters` row for the component (an
//! `UPDATE`, which PostgreSQL holds until commit and SQLite serializes anyway), then reads
//! the ballot and the costs, applies the pure rules of [`super::rules`], and writes. Two
//! requests of the same person — from one app server or several — never interleave, so a
//! ballot never exceeds its budget and is cast at most once.

use std::collections::HashMap;

use super::rules::{self, Change, Line, Refusal, Rule, RuleKind};
use super::{MANIFEST, Settings, Voting};
use crate::db::{self, Backend, Db};
use crate::platform::action_log;
use crate::platform::secrets::{self, ServerSecret};
use crate::platform::verifications::{self, Ineligible};

/// Longest title (budget or project), in characters.
pub const TITLE_MAX: usize = 150;
/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 10_000;
/// Longest category or district, in characters.
pub const LABEL_MAX: usize = 80;
/// Largest amount (a budget or a cost), in whole currency units.
pub const AMOUNT_MAX: i64 = 1_000_000_000_000;

/// One budget of a budgets component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    pub id: i64,
    pub component_id: i64,
    pub title: String,
    pub description: String,
    pub total: i64,
    pub currency: String,
    pub rule: Rule,
    pub position: i64,
    /// The district it is for (the "district" workflow), empty when none.
    pub district: String,
    /// Secret ballots: who voted is kept apart from what they voted (docs/SECURITY.md).
    pub secret_ballots: bool,
}

macro_rules! budget_columns {
    () => {
        "id, component_id, title, description, total, currency, rule, min_percent, \
         min_projects, max_projects, points, position, district, secret"
    };
}

fn budget_from_row(row: &db::Row) -> Result<Budget, sqlx::Error> {
    let rule: String = row.try_get("rule")?;
    Ok(Budget {
        id: row.try_get("id")?,
        component_id: row.try_get("component_id")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        total: row.try_get("total")?,
        currency: row.try_get("currency")?,
        rule: Rule {
            kind: RuleKind::parse(&rule).unwrap_or(RuleKind::Approval),
            min_percent: row.try_get("min_percent")?,
            min_projects: row.try_get("min_projects")?,
            max_projects: row.try_get("max_projects")?,
            points: row.try_get("points")?,
        },
        position: row.try_get("position")?,
        district: row.try_get("district")?,
        secret_ballots: row.try_get::<i64, _>("secret")? == 1,
    })
}

/// The budgets of a component, in order.
pub async fn budgets(db: &Db, component_id: i64) -> Result<Vec<Budget>, sqlx::Error> {
    let rows = db::query(concat!(
        "SELECT ",
        budget_columns!(),
        " FROM budgets WHERE component_id = $1 ORDER BY position, id"
    ))
    .bind(component_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(budget_from_row).collect()
}

/// A budget by id.
pub async fn find_budget(db: &Db, id: i64) -> Result<Option<Budget>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        budget_columns!(),
        " FROM budgets WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(budget_from_row).transpose()
}

/// What an admin writes about a budget.
#[derive(Clone, Debug)]
pub struct BudgetFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub total: i64,
    pub currency: &'a str,
    pub rule: Rule,
    /// For the "district" workflow; empty when none.
    pub district: &'a str,
    /// Secret ballots (fixed once a ballot is cast).
    pub secret_ballots: bool,
}

/// Adds a budget at the end of a component.
pub async fn create_budget(
    db: &Db,
    component_id: i64,
    fields: &BudgetFields<'_>,
) -> Result<i64, sqlx::Error> {
    let row = db::query(
        "INSERT INTO budgets (component_id, title, description, total, currency, rule, min_percent,
             min_projects, max_projects, points, position, created_at, district, secret)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
             (SELECT COALESCE(MAX(position), 0) + 1 FROM budgets WHERE component_id = $1), $11, $12,
             $13)
         RETURNING id",
    )
    .bind(component_id)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.total)
    .bind(fields.currency)
    .bind(fields.rule.kind.as_str())
    .bind(fields.rule.min_percent)
    .bind(fields.rule.min_projects)
    .bind(fields.rule.max_projects)
    .bind(fields.rule.points)
    .bind(db::now())
    .bind(fields.district.trim())
    .bind(i64::from(fields.secret_ballots))
    .fetch_one(db)
    .await?;
    row.try_get("id")
}

/// Saves a budget. Its total, rule and secrecy stay as they are once someone cast a ballot
/// (the ballots were checked against them, and stored by that secrecy); false then, or when
/// it is not the component's.
pub async fn update_budget(
    db: &Db,
    component_id: i64,
    id: i64,
    fields: &BudgetFields<'_>,
) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "UPDATE budgets SET title = $1, description = $2, total = $3, currency = $4, rule = $5,
             min_percent = $6, min_projects = $7, max_projects = $8, points = $9, district = $12,
             secret = $13
         WHERE id = $10 AND component_id = $11
           AND ((total = $3 AND rule = $5 AND min_percent = $6 AND min_projects = $7
                 AND max_projects = $8 AND points = $9 AND secret = $13)
                OR NOT EXISTS (SELECT 1 FROM budget_ballots b WHERE b.budget_id = budgets.id
                               AND b.checked_out_at IS NOT NULL))",
    )
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.total)
    .bind(fields.currency)
    .bind(fields.rule.kind.as_str())
    .bind(fields.rule.min_percent)
    .bind(fields.rule.min_projects)
    .bind(fields.rule.max_projects)
    .bind(fields.rule.points)
    .bind(id)
    .bind(component_id)
    .bind(fields.district.trim())
    .bind(i64::from(fields.secret_ballots))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A project of a budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: i64,
    pub budget_id: i64,
    pub title: String,
    pub description: String,
    pub cost: i64,
    pub category: Option<String>,
    pub district: Option<String>,
    pub proposal_ids: Vec<i64>,
    /// `pending`, `feasible` or `unfeasible`, as the evaluators said.
    pub feasibility: String,
    pub feasibility_reason: String,
}

impl Project {
    /// Whether it may be put on a ballot (not evaluated as unfeasible).
    pub fn votable(&self) -> bool {
        self.feasibility != "unfeasible"
    }
}

fn project_from_row(row: &db::Row) -> Result<Project, sqlx::Error> {
    let ids: String = row.try_get("proposal_ids")?;
    Ok(Project {
        id: row.try_get("id")?,
        budget_id: row.try_get("budget_id")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        cost: row.try_get("cost")?,
        category: row.try_get("category")?,
        district: row.try_get("district")?,
        proposal_ids: serde_json::from_str(&ids).unwrap_or_default(),
        feasibility: row.try_get("feasibility")?,
        feasibility_reason: row.try_get("feasibility_reason")?,
    })
}

/// The projects of a budget, in the order they were added.
pub async fn projects(db: &Db, budget_id: i64) -> Result<Vec<Project>, sqlx::Error> {
    let rows = db::query(
        "SELECT id, budget_id, title, description, cost, category, district, proposal_ids,
             feasibility, feasibility_reason
         FROM budget_projects WHERE budget_id = $1 ORDER BY id",
    )
    .bind(budget_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(project_from_row).collect()
}

/// A project of one budget (`None` for another budget's).
pub async fn find_project(
    db: &Db,
    budget_id: i64,
    id: i64,
) -> Result<Option<Project>, sqlx::Error> {
    let row = db::query(
        "SELECT id, budget_id, title, description, cost, category, district, proposal_ids,
             feasibility, feasibility_reason
         FROM budget_projects WHERE id = $1 AND budget_id = $2",
    )
    .bind(id)
    .bind(budget_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(project_from_row).transpose()
}

/// What an admin writes about a project.
#[derive(Clone, Debug)]
pub struct ProjectFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub cost: i64,
    pub category: Option<&'a str>,
    pub district: Option<&'a str>,
    pub proposal_ids: &'a [i64],
}

fn ids_text(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// Adds a project to a budget.
pub async fn create_project(
    db: &Db,
    budget_id: i64,
    fields: &ProjectFields<'_>,
) -> Result<i64, sqlx::Error> {
    let row = db::query(
        "INSERT INTO budget_projects (budget_id, title, description, cost, category, district,
             proposal_ids, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(budget_id)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.cost)
    .bind(fields.category)
    .bind(fields.district)
    .bind(ids_text(fields.proposal_ids))
    .bind(db::now())
    .fetch_one(db)
    .await?;
    row.try_get("id")
}

/// SQL: the project (the row of `budget_projects` being written) is on a secret ballot.
/// Secret ballots keep their lines as text (",project:value,"), hence the pattern.
macro_rules! on_secret_ballot {
    () => {
        "EXISTS (SELECT 1 FROM budget_secret_ballots x WHERE x.budget_id = budget_projects.budget_id
             AND x.content LIKE '%,' || CAST(budget_projects.id AS TEXT) || ':%')"
    };
}

/// SQL: the project (the row of `budget_projects` being written) is on a cast ballot, named
/// or secret.
macro_rules! on_cast_ballot {
    () => {
        concat!(
            "EXISTS (SELECT 1 FROM budget_ballot_lines l JOIN budget_ballots b ON b.id = l.ballot_id
                 WHERE l.project_id = budget_projects.id AND b.checked_out_at IS NOT NULL) OR ",
            on_secret_ballot!()
        )
    };
}

/// Saves a project. Its cost stays as it is once it is on a cast ballot (that ballot was
/// checked against it); false then, or when it is not the budget's.
pub async fn update_project(
    db: &Db,
    budget_id: i64,
    id: i64,
    fields: &ProjectFields<'_>,
) -> Result<bool, sqlx::Error> {
    let done = db::query(concat!(
        "UPDATE budget_projects SET title = $1, description = $2, cost = $3, category = $4,
                 district = $5, proposal_ids = $6
             WHERE id = $7 AND budget_id = $8 AND (cost = $3 OR NOT (",
        on_cast_ballot!(),
        "))"
    ))
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.cost)
    .bind(fields.category)
    .bind(fields.district)
    .bind(ids_text(fields.proposal_ids))
    .bind(id)
    .bind(budget_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a project nobody has on a ballot yet. False otherwise.
pub async fn delete_project(db: &Db, budget_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done = db::query(concat!(
        "DELETE FROM budget_projects WHERE id = $1 AND budget_id = $2
             AND NOT EXISTS (SELECT 1 FROM budget_ballot_lines l WHERE l.project_id = $1)
             AND NOT ",
        on_secret_ballot!()
    ))
    .bind(id)
    .bind(budget_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's ballot in one budget.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ballot {
    pub id: i64,
    pub total_cost: i64,
    /// When it was cast (`None`: still being built).
    pub checked_out_at: Option<i64>,
    pub receipt: Option<String>,
    /// Ordered by rank for rankings, by project otherwise.
    pub lines: Vec<Line>,
}

impl Ballot {
    pub fn checked_out(&self) -> bool {
        self.checked_out_at.is_some()
    }

    pub fn has(&self, project_id: i64) -> bool {
        self.lines.iter().any(|l| l.project_id == project_id)
    }

    pub fn value_of(&self, project_id: i64) -> i64 {
        self.lines
            .iter()
            .find(|l| l.project_id == project_id)
            .map_or(0, |l| l.value)
    }
}

/// A person's ballot with its lines, in one statement (one row per line; one row with NULL
/// line columns for an empty ballot), or `None` when they have none.
async fn find_ballot<'e>(
    executor: impl db::Runner<'e>,
    budget_id: i64,
    user_id: i64,
) -> Result<Option<Ballot>, sqlx::Error> {
    let rows = db::query(
        "SELECT b.id, b.total_cost, b.checked_out_at, b.receipt, l.project_id, l.value
         FROM budget_ballots b LEFT JOIN budget_ballot_lines l ON l.ballot_id = b.id
         WHERE b.budget_id = $1 AND b.user_id = $2
         ORDER BY l.value, l.project_id",
    )
    .bind(budget_id)
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut ballot = ballot_from_row(first)?;
    for row in &rows {
        if let Some(project_id) = row.try_get::<Option<i64>, _>("project_id")? {
            ballot.lines.push(Line {
                project_id,
                value: row.try_get("value")?,
            });
        }
    }
    Ok(Some(ballot))
}

fn ballot_from_row(row: &db::Row) -> Result<Ballot, sqlx::Error> {
    Ok(Ballot {
        id: row.try_get("id")?,
        total_cost: row.try_get("total_cost")?,
        checked_out_at: row.try_get("checked_out_at")?,
        receipt: row.try_get("receipt")?,
        lines: Vec::new(),
    })
}

/// A person's ballot in a budget (an empty one when they have not started).
pub async fn ballot(db: &Db, budget_id: i64, user_id: i64) -> Result<Ballot, sqlx::Error> {
    Ok(find_ballot(db, budget_id, user_id)
        .await?
        .unwrap_or_default())
}

/// The budgets of a component in which a person cast a ballot.
pub async fn cast_in(db: &Db, component_id: i64, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = db::query(
        "SELECT b.budget_id FROM budget_ballots b JOIN budgets g ON g.id = b.budget_id
         WHERE g.component_id = $1 AND b.user_id = $2 AND b.checked_out_at IS NOT NULL",
    )
    .bind(component_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(|r| r.try_get::<i64, _>(0)).collect()
}

/// How many ballots were cast in a budget.
pub async fn cast_count(db: &Db, budget_id: i64) -> Result<i64, sqlx::Error> {
    db::query(
        "SELECT COUNT(*) FROM budget_ballots WHERE budget_id = $1 AND checked_out_at IS NOT NULL",
    )
    .bind(budget_id)
    .scan()
    .fetch_one(db)
    .await?
    .try_get(0)
}

/// Takes the person's lock for the component (creating the row): held until the
/// transaction ends, so the same person's ballot changes are handled one at a time.
async fn lock_voter(
    tx: &mut crate::db::WriteTx,
    component_id: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    // One statement (an upsert that always writes the row, so it always takes the row lock on
    // PostgreSQL): statements are what a checkout costs on SQLite, each a hop to its thread.
    db::query(
        "INSERT INTO budget_voters (component_id, user_id, changes) VALUES ($1, $2, 1)
         ON CONFLICT (component_id, user_id) DO UPDATE SET changes = budget_voters.changes + 1",
    )
    .bind(component_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Under the lock: the person's ballot (created when missing), with its lines.
async fn locked_ballot(
    tx: &mut crate::db::WriteTx,
    budget_id: i64,
    user_id: i64,
) -> Result<Ballot, sqlx::Error> {
    let now = db::now();
    db::query(
        "INSERT INTO budget_ballots (budget_id, user_id, total_cost, created_at, updated_at)
         VALUES ($1, $2, 0, $3, $3)
         ON CONFLICT (budget_id, user_id) DO NOTHING",
    )
    .bind(budget_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    find_ballot(&mut *tx, budget_id, user_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Under the lock: true when the person started or cast a ballot in another budget of the
/// component (for the "vote in one budget" workflow).
async fn busy_elsewhere(
    tx: &mut crate::db::WriteTx,
    budget: &Budget,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "SELECT 1 FROM budget_ballots b JOIN budgets g ON g.id = b.budget_id
         WHERE g.component_id = $1 AND g.id <> $2 AND b.user_id = $3
           AND (b.checked_out_at IS NOT NULL
                OR EXISTS (SELECT 1 FROM budget_ballot_lines l WHERE l.ballot_id = b.id))",
    )
    .bind(budget.component_id)
    .bind(budget.id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    .is_some())
}

/// Under the lock: the cost of each of the budget's projects, and those evaluated as not
/// feasible (one query for both).
async fn costs_of(
    tx: &mut crate::db::WriteTx,
    budget_id: i64,
) -> Result<(HashMap<i64, i64>, Vec<i64>), sqlx::Error> {
    let rows = db::query(
        "SELECT id, cost, CASE WHEN feasibility = 'unfeasible' THEN 1 ELSE 0 END AS unfeasible
         FROM budget_projects WHERE budget_id = $1",
    )
    .bind(budget_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut costs = HashMap::with_capacity(rows.len());
    let mut unfeasible = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        costs.insert(id, r.try_get("cost")?);
        if r.try_get::<i64, _>("unfeasible")? == 1 {
            unfeasible.push(id);
        }
    }
    Ok((costs, unfeasible))
}

/// The workflow of a component with several budgets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workflow {
    /// A person may vote in every budget.
    All,
    /// A person votes in one budget only: the first they put a project in.
    One,
    /// A person votes in the one budget of their verified district.
    District,
    /// A person votes in one budget drawn at random, stable per person and component.
    Random,
}

/// The budget the "random" workflow gives a person among `count` budgets (index in the
/// component's order): an HMAC of the person and component under the server secret, so it
/// never changes for them and nobody can choose theirs.
pub fn random_assignment(
    secret: &ServerSecret,
    component_id: i64,
    user_id: i64,
    count: usize,
) -> usize {
    let mac = secret.mac(&format!("agora budget assignment {component_id} {user_id}"));
    let n = u64::from_str_radix(&mac[..15], 16).unwrap_or(0);
    usize::try_from(n % u64::try_from(count.max(1)).unwrap_or(1)).unwrap_or(0)
}

/// The district a budget is for and a verified district match (case and spaces aside).
pub fn same_district(a: &str, b: &str) -> bool {
    let a = a.trim();
    !a.is_empty() && a.to_lowercase() == b.trim().to_lowercase()
}

/// `sql` with PostgreSQL's `FOR SHARE` appended (SQLite has no row locks: its transaction
/// already holds the database's write lock once it wrote, so its reads cannot go stale).
fn for_share(backend: Backend, sql: &'static str) -> String {
    match backend {
        Backend::Postgres => format!("{sql} FOR SHARE"),
        Backend::Sqlite => sql.to_string(),
    }
}

/// Under the person's lock: the component's settings in force, read in the transaction.
/// On PostgreSQL the space and component rows (and the phase's settings row) are share-locked
/// until commit, so a phase switch or a settings change waits for the ballots being changed
/// and the ballots that follow see the new phase: a ballot is never cast after voting closed.
async fn locked_settings(
    tx: &mut crate::db::WriteTx,
    backend: Backend,
    component_id: i64,
) -> Result<(Settings, i64), sqlx::Error> {
    let row = db::query_built(for_share(
        backend,
        "SELECT c.settings, s.active_phase_id, s.organization_id
         FROM components c JOIN spaces s ON s.id = c.space_id
         WHERE c.id = $1",
    ))
    .bind(component_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok((Settings::from_map(&serde_json::Map::new()), 0));
    };
    let organization_id: i64 = row.try_get("organization_id")?;
    let global = parse_map(&row.try_get::<String, _>("settings")?);
    let phase_id: Option<i64> = row.try_get("active_phase_id")?;
    let phase = match phase_id {
        Some(phase_id) => db::query_built(for_share(
            backend,
            "SELECT settings FROM component_phase_settings WHERE component_id = $1 AND phase_id = $2",
        ))
        .bind(component_id)
        .bind(phase_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get::<String, _>("settings"))
        .transpose()?
        .map(|text| parse_map(&text)),
        None => None,
    };
    let settings = Settings::from_map(&crate::components::effective(
        &MANIFEST,
        &global,
        phase.as_ref(),
    ));
    Ok((settings, organization_id))
}

fn parse_map(text: &str) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

/// Under the person's lock: what keeps them from changing or casting their ballot in
/// `budget` now, if anything — voting not open, not eligible (census verification, age), not
/// the budget assigned to them, ballot already cast, another budget started.
async fn gate(
    tx: &mut crate::db::WriteTx,
    db: &Db,
    secret: &ServerSecret,
    budget: &Budget,
    user_id: i64,
    ballot: &Ballot,
) -> Result<Option<Refusal>, sqlx::Error> {
    let (settings, organization_id) = locked_settings(tx, db.backend, budget.component_id).await?;
    if settings.voting != Voting::Open {
        return Ok(Some(Refusal::Closed));
    }
    let verified = if settings.requirement.is_none() {
        None
    } else {
        verifications::find(&mut *tx, organization_id, user_id).await?
    };
    match verifications::check(settings.requirement, verified.as_ref()) {
        Ok(()) => {}
        Err(Ineligible::NotVerified) => return Ok(Some(Refusal::NotVerified)),
        Err(Ineligible::TooYoung { min_age }) => {
            return Ok(Some(Refusal::TooYoung { min: min_age }));
        }
    }
    if ballot.checked_out() {
        return Ok(Some(Refusal::CheckedOut));
    }
    let assigned = match settings.workflow {
        Workflow::All | Workflow::One => true,
        Workflow::District => verified
            .as_ref()
            .is_some_and(|v| same_district(&budget.district, &v.district)),
        Workflow::Random => {
            let ids: Vec<i64> =
                db::query("SELECT id FROM budgets WHERE component_id = $1 ORDER BY position, id")
                    .bind(budget.component_id)
                    .fetch_all(&mut *tx)
                    .await?
                    .iter()
                    .map(|r| r.try_get::<i64, _>(0))
                    .collect::<Result<_, _>>()?;
            let i = random_assignment(secret, budget.component_id, user_id, ids.len());
            ids.get(i) == Some(&budget.id)
        }
    };
    if !assigned {
        return Ok(Some(Refusal::NotAssigned));
    }
    if settings.workflow == Workflow::One && busy_elsewhere(tx, budget, user_id).await? {
        return Ok(Some(Refusal::OtherBudget));
    }
    Ok(None)
}

/// The budget a person is assigned to in a component under the district or random workflow
/// (`None`: every budget is open to them, or none is theirs). For pages.
pub async fn assigned_budget(
    db: &Db,
    secret: &ServerSecret,
    settings: &Settings,
    organization_id: i64,
    component_id: i64,
    user_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let list = budgets(db, component_id).await?;
    Ok(match settings.workflow {
        Workflow::All | Workflow::One => None,
        Workflow::District => {
            let verified = verifications::find(db, organization_id, user_id).await?;
            verified.and_then(|v| {
                list.iter()
                    .find(|b| same_district(&b.district, &v.district))
                    .map(|b| b.id)
            })
        }
        Workflow::Random => list
            .get(random_assignment(secret, component_id, user_id, list.len()))
            .map(|b| b.id),
    })
}

/// Changes a person's ballot. One transaction: lock the person, read their ballot and the
/// budget's costs, apply the change, check the rule, write — or refuse and change nothing.
/// Whether voting is open, and the workflow, are read in the same transaction.
pub async fn change(
    db: &Db,
    secret: &ServerSecret,
    budget: &Budget,
    user_id: i64,
    change: &Change,
) -> Result<Result<Ballot, Refusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_voter(&mut tx, budget.component_id, user_id).await?;
    let ballot = locked_ballot(&mut tx, budget.id, user_id).await?;
    if let Some(refusal) = gate(&mut tx, db, secret, budget, user_id, &ballot).await? {
        return refused(tx, refusal).await;
    }
    let lines = match rules::apply(budget.rule.kind, &ballot.lines, change) {
        Ok(lines) => lines,
        Err(refusal) => return refused(tx, refusal).await,
    };
    let (costs, unfeasible) = costs_of(&mut tx, budget.id).await?;
    if let Some(line) = lines
        .iter()
        .find(|l| unfeasible.contains(&l.project_id) && !ballot.has(l.project_id))
    {
        return refused(tx, Refusal::Unfeasible(line.project_id)).await;
    }
    let totals = match rules::check(&budget.rule, budget.total, &costs, &lines) {
        Ok(totals) => totals,
        Err(refusal) => return refused(tx, refusal).await,
    };
    db::query("DELETE FROM budget_ballot_lines WHERE ballot_id = $1")
        .bind(ballot.id)
        .execute(&mut tx)
        .await?;
    if !lines.is_empty() {
        // One multi-row INSERT (only placeholders are generated; the values are bound).
        let mut sql =
            String::from("INSERT INTO budget_ballot_lines (ballot_id, project_id, value) VALUES ");
        for i in 0..lines.len() {
            let n = 3 * i;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${}, ${})", n + 1, n + 2, n + 3));
        }
        let mut insert = db::query_built(sql);
        for line in &lines {
            insert = insert
                .bind(ballot.id)
                .bind(line.project_id)
                .bind(line.value);
        }
        insert.execute(&mut tx).await?;
    }
    db::query(
        "UPDATE budget_ballots SET total_cost = $1, updated_at = $2
         WHERE id = $3 AND checked_out_at IS NULL",
    )
    .bind(totals.cost)
    .bind(db::now())
    .bind(ballot.id)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(Ballot {
        total_cost: totals.cost,
        lines,
        ..ballot
    }))
}

async fn refused(
    tx: crate::db::WriteTx,
    refusal: Refusal,
) -> Result<Result<Ballot, Refusal>, sqlx::Error> {
    tx.rollback().await?;
    Ok(Err(refusal))
}

/// A receipt code: 12 letters and digits without look-alikes, in groups of four.
fn new_receipt() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).unwrap_or_default();
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Casts a person's ballot. One transaction under the person's lock: the ballot must meet
/// the rule's minimum and not be cast yet; the `UPDATE` only takes a ballot still open.
/// Voting must be open in the phase active when the transaction runs.
pub async fn checkout(
    db: &Db,
    secret: &ServerSecret,
    budget: &Budget,
    user_id: i64,
) -> Result<Result<Ballot, Refusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_voter(&mut tx, budget.component_id, user_id).await?;
    let ballot = locked_ballot(&mut tx, budget.id, user_id).await?;
    let refusal = if let Some(refusal) = gate(&mut tx, db, secret, budget, user_id, &ballot).await?
    {
        Some(refusal)
    } else {
        let (costs, unfeasible) = costs_of(&mut tx, budget.id).await?;
        match unfeasible.into_iter().find(|id| ballot.has(*id)) {
            Some(id) => Some(Refusal::Unfeasible(id)),
            None => rules::check_checkout(&budget.rule, budget.total, &costs, &ballot.lines).err(),
        }
    };
    if let Some(refusal) = refusal {
        tx.rollback().await?;
        return Ok(Err(refusal));
    }
    let receipt = new_receipt();
    let now = db::now();
    // A secret ballot leaves on the voter's row only "voted, then": no receipt, no total.
    let done = db::query(
        "UPDATE budget_ballots SET checked_out_at = $1, receipt = $2, updated_at = $1,
             total_cost = CASE WHEN $4 = 1 THEN 0 ELSE total_cost END
         WHERE id = $3 AND checked_out_at IS NULL",
    )
    .bind(now)
    .bind((!budget.secret_ballots).then_some(&receipt))
    .bind(ballot.id)
    .bind(i64::from(budget.secret_ballots))
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(Err(Refusal::CheckedOut));
    }
    if budget.secret_ballots {
        store_secret(&mut tx, budget.id, ballot.id, &ballot.lines, &receipt).await?;
    }
    crate::platform::action_log::append(
        &mut tx,
        Some(user_id),
        "budget-checked-out",
        crate::platform::action_log::Subject::of("budget_ballot", ballot.id),
        crate::platform::action_log::Visibility::Private,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(Ballot {
        checked_out_at: Some(now),
        receipt: Some(receipt),
        ..ballot
    }))
}

// ----- secret ballots (docs/SECURITY.md) -----

/// The lines of a secret ballot as stored: ",project:value,..." in the ballot's order.
fn secret_content(lines: &[Line]) -> String {
    let mut out = String::from(",");
    for line in lines {
        out.push_str(&format!("{}:{},", line.project_id, line.value));
    }
    out
}

fn parse_secret_content(content: &str) -> Vec<Line> {
    content
        .split(',')
        .filter_map(|part| {
            let (project, value) = part.split_once(':')?;
            Some(Line {
                project_id: project.parse().ok()?,
                value: value.parse().ok()?,
            })
        })
        .collect()
}

/// At checkout, in the checkout's transaction: moves the ballot's lines off the voter's row
/// into a secret ballot with a random id, no voter and no time. Nothing is logged about it
/// now (the voter's checkout entry commits to the emptied row); it enters the log when sealed.
async fn store_secret(
    tx: &mut crate::db::WriteTx,
    budget_id: i64,
    ballot_id: i64,
    lines: &[Line],
    receipt: &str,
) -> Result<(), sqlx::Error> {
    db::query("DELETE FROM budget_ballot_lines WHERE ballot_id = $1")
        .bind(ballot_id)
        .execute(&mut *tx)
        .await?;
    db::query(
        "INSERT INTO budget_secret_ballots (id, budget_id, content, receipt_hash, sealed)
         VALUES ($1, $2, $3, $4, 0)",
    )
    .bind(secrets::random_row_id())
    .bind(budget_id)
    .bind(secret_content(lines))
    .bind(secrets::receipt_hash(receipt))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Once voting is no longer open, rewrites the budget's unsealed secret ballots with fresh
/// random ids, in the order of those ids, and enters them in the log (without actor, all in
/// this transaction). Afterwards neither row order (PostgreSQL keeps rows in insertion order
/// until rewritten), `xmin`, ids nor the log follow the order of checkouts. Cheap when there
/// is nothing to seal; safe to run concurrently (the `DELETE ... RETURNING` takes the rows
/// once).
pub async fn seal_secret_ballots(db: &Db, budget_id: i64) -> Result<(), sqlx::Error> {
    let unsealed = db::query(
        "SELECT b.component_id FROM budgets b WHERE b.id = $1 AND b.secret = 1
           AND EXISTS (SELECT 1 FROM budget_secret_ballots x WHERE x.budget_id = b.id AND x.sealed = 0)",
    )
    .bind(budget_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = unsealed else {
        return Ok(());
    };
    let component_id: i64 = row.try_get(0)?;
    let mut tx = db.begin().await?;
    let (settings, _) = locked_settings(&mut tx, db.backend, component_id).await?;
    if settings.voting == Voting::Open {
        tx.rollback().await?;
        return Ok(());
    }
    let rows = db::query(
        "DELETE FROM budget_secret_ballots WHERE budget_id = $1 AND sealed = 0
         RETURNING content, receipt_hash",
    )
    .bind(budget_id)
    .fetch_all(&mut tx)
    .await?;
    let mut sealed = Vec::with_capacity(rows.len());
    for row in &rows {
        sealed.push((
            secrets::random_row_id(),
            row.try_get::<String, _>(0)?,
            row.try_get::<String, _>(1)?,
        ));
    }
    sealed.sort_by_key(|b| b.0);
    for (id, content, receipt_hash) in &sealed {
        db::query(
            "INSERT INTO budget_secret_ballots (id, budget_id, content, receipt_hash, sealed)
             VALUES ($1, $2, $3, $4, 1)",
        )
        .bind(id)
        .bind(budget_id)
        .bind(content)
        .bind(receipt_hash)
        .execute(&mut tx)
        .await?;
    }
    let ids: Vec<i64> = sealed.iter().map(|b| b.0).collect();
    action_log::sealed(
        &mut tx,
        "budget_secret_ballot",
        "budget-ballot-sealed",
        &ids,
    )
    .await?;
    tx.commit().await
}

/// A cast ballot as the public ballot list shows it: the SHA-256 of its receipt code and
/// its lines. No voter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedBallot {
    pub receipt_hash: String,
    pub lines: Vec<Line>,
}

/// Every cast ballot of a budget, named and secret, ordered by receipt hash (an order that
/// says nothing about who voted or when). Seals the secret ones first when voting closed;
/// the caller shows the list only once voting is over.
pub async fn ballot_list(db: &Db, budget_id: i64) -> Result<Vec<ListedBallot>, sqlx::Error> {
    seal_secret_ballots(db, budget_id).await?;
    let mut out = Vec::new();
    // One query for every named ballot and its lines (a city has tens of thousands).
    let named = db::query(
        "SELECT b.id, b.receipt, l.project_id, l.value FROM budget_ballots b
         JOIN budget_ballot_lines l ON l.ballot_id = b.id
         WHERE b.budget_id = $1 AND b.checked_out_at IS NOT NULL AND b.receipt IS NOT NULL
         ORDER BY b.id, l.value, l.project_id",
    )
    .bind(budget_id)
    .scan()
    .fetch_all(db)
    .await?;
    let mut current = None;
    for row in &named {
        let id: i64 = row.try_get("id")?;
        if current != Some(id) {
            current = Some(id);
            out.push(ListedBallot {
                receipt_hash: secrets::receipt_hash(&row.try_get::<String, _>("receipt")?),
                lines: Vec::new(),
            });
        }
        if let Some(last) = out.last_mut() {
            last.lines.push(Line {
                project_id: row.try_get("project_id")?,
                value: row.try_get("value")?,
            });
        }
    }
    let secret = db::query(
        "SELECT content, receipt_hash FROM budget_secret_ballots WHERE budget_id = $1 AND sealed = 1",
    )
    .bind(budget_id)
    .scan()
        .fetch_all(db)
    .await?;
    for row in &secret {
        out.push(ListedBallot {
            receipt_hash: row.try_get("receipt_hash")?,
            lines: parse_secret_content(&row.try_get::<String, _>("content")?),
        });
    }
    out.sort_by(|a, b| a.receipt_hash.cmp(&b.receipt_hash));
    Ok(out)
}

/// The cast ballots of a budget as (anonymous number, lines), for counting: named ballots,
/// then secret ones (sealed first if voting has closed).
pub async fn cast_ballots(db: &Db, budget_id: i64) -> Result<Vec<Vec<Line>>, sqlx::Error> {
    seal_secret_ballots(db, budget_id).await?;
    let rows = db::query(
        "SELECT l.ballot_id, l.project_id, l.value FROM budget_ballot_lines l
         JOIN budget_ballots b ON b.id = l.ballot_id
         WHERE b.budget_id = $1 AND b.checked_out_at IS NOT NULL
         ORDER BY l.ballot_id, l.value, l.project_id",
    )
    .bind(budget_id)
    .scan()
    .fetch_all(db)
    .await?;
    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut current = None;
    for row in &rows {
        let ballot: i64 = row.try_get("ballot_id")?;
        if current != Some(ballot) {
            out.push(Vec::new());
            current = Some(ballot);
        }
        if let Some(last) = out.last_mut() {
            last.push(Line {
                project_id: row.try_get("project_id")?,
                value: row.try_get("value")?,
            });
        }
    }
    let secret =
        db::query("SELECT content FROM budget_secret_ballots WHERE budget_id = $1 ORDER BY id")
            .bind(budget_id)
            .scan()
            .fetch_all(db)
            .await?;
    for row in &secret {
        out.push(parse_secret_content(&row.try_get::<String, _>(0)?));
    }
    Ok(out)
}

// ----- evaluation -----

/// Why an evaluation was not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvaluationRefusal {
    /// Not a project of this budget.
    NotFound,
    /// The cost changed but the project is on a cast ballot (checked against the old cost).
    CostLocked,
}

/// An evaluator's verdict on a project: feasibility (`pending`, `feasible`, `unfeasible`),
/// the reason, and the cost. The cost stays as it is once the project is on a cast ballot.
pub async fn evaluate_project(
    db: &Db,
    budget_id: i64,
    project_id: i64,
    evaluator_id: i64,
    feasibility: &str,
    reason: &str,
    cost: i64,
) -> Result<Result<(), EvaluationRefusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let current = db::query("SELECT cost FROM budget_projects WHERE id = $1 AND budget_id = $2")
        .bind(project_id)
        .bind(budget_id)
        .fetch_optional(&mut tx)
        .await?;
    let Some(current) = current else {
        tx.rollback().await?;
        return Ok(Err(EvaluationRefusal::NotFound));
    };
    let done = db::query(concat!(
        "UPDATE budget_projects SET feasibility = $1, feasibility_reason = $2, cost = $3
             WHERE id = $4 AND budget_id = $5 AND (cost = $3 OR NOT (",
        on_cast_ballot!(),
        "))"
    ))
    .bind(feasibility)
    .bind(reason.trim())
    .bind(cost)
    .bind(project_id)
    .bind(budget_id)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        let _: i64 = current.try_get(0)?;
        return Ok(Err(EvaluationRefusal::CostLocked));
    }
    crate::platform::action_log::append(
        &mut tx,
        Some(evaluator_id),
        "budget-project-evaluated",
        crate::platform::action_log::Subject::of("budget", budget_id),
        crate::platform::action_log::Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

// ----- paper ballots and imported ballots -----

/// Largest paper count of one project.
pub const PAPER_MAX: i64 = 1_000_000;
/// Largest number of paper votes of a budget, all projects together (each is counted as a
/// ballot of its own).
pub const PAPER_TOTAL_MAX: i64 = 2_000_000;

/// The paper votes of a budget's projects (projects without paper votes are absent).
pub async fn paper_counts(db: &Db, budget_id: i64) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let rows = db::query(
        "SELECT project_id, votes FROM budget_paper_counts WHERE budget_id = $1 AND votes > 0",
    )
    .bind(budget_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("project_id")?, r.try_get("votes")?)))
        .collect()
}

/// Why paper counts or imported ballots were refused (nothing changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaperRefusal {
    /// The project is not one of this budget's.
    NotInBudget(i64),
    /// A count below zero or above [`PAPER_MAX`].
    OutOfRange { project_id: i64, votes: i64 },
    /// The counts would add up to more than [`PAPER_TOTAL_MAX`].
    TooMany { max: i64 },
    /// The results are published: what was counted stays as it was.
    Published,
}

async fn published_in(tx: &mut crate::db::WriteTx, budget_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        db::query("SELECT 1 FROM budget_results WHERE budget_id = $1")
            .bind(budget_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some(),
    )
}

/// Moves the budget's paper version (the results cache key) and logs the admin's action.
async fn paper_changed(
    tx: &mut crate::db::WriteTx,
    budget_id: i64,
    admin_id: i64,
    action: &'static str,
) -> Result<(), sqlx::Error> {
    db::query("UPDATE budgets SET paper_version = paper_version + 1 WHERE id = $1")
        .bind(budget_id)
        .execute(&mut *tx)
        .await?;
    crate::platform::action_log::append(
        tx,
        Some(admin_id),
        action,
        crate::platform::action_log::Subject::of("budget", budget_id),
        crate::platform::action_log::Visibility::Public,
    )
    .await?;
    Ok(())
}

/// Sets the paper votes of some projects of a budget (0 removes a count). One transaction:
/// every project must be the budget's and every count in range, or nothing changes.
pub async fn set_paper_counts(
    db: &Db,
    budget_id: i64,
    admin_id: i64,
    counts: &[(i64, i64)],
) -> Result<Result<(), PaperRefusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    if published_in(&mut tx, budget_id).await? {
        tx.rollback().await?;
        return Ok(Err(PaperRefusal::Published));
    }
    let (costs, _) = costs_of(&mut tx, budget_id).await?;
    for &(project_id, votes) in counts {
        let refusal = if !costs.contains_key(&project_id) {
            Some(PaperRefusal::NotInBudget(project_id))
        } else if !(0..=PAPER_MAX).contains(&votes) {
            Some(PaperRefusal::OutOfRange { project_id, votes })
        } else {
            None
        };
        if let Some(refusal) = refusal {
            tx.rollback().await?;
            return Ok(Err(refusal));
        }
    }
    let now = db::now();
    for &(project_id, votes) in counts {
        db::query(
            "INSERT INTO budget_paper_counts (project_id, budget_id, votes, updated_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (project_id) DO UPDATE SET votes = excluded.votes,
                 updated_at = excluded.updated_at",
        )
        .bind(project_id)
        .bind(budget_id)
        .bind(votes)
        .bind(now)
        .execute(&mut tx)
        .await?;
    }
    let total: i64 = db::query(
        "SELECT CAST(COALESCE(SUM(votes), 0) AS BIGINT) FROM budget_paper_counts WHERE budget_id = $1",
    )
    .bind(budget_id)
    .fetch_one(&mut tx)
    .await?
    .try_get(0)?;
    if total > PAPER_TOTAL_MAX {
        tx.rollback().await?;
        return Ok(Err(PaperRefusal::TooMany {
            max: PAPER_TOTAL_MAX,
        }));
    }
    paper_changed(&mut tx, budget_id, admin_id, "budget-paper-counts").await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The ballots imported into a budget, each as its lines.
pub async fn imported_ballots(db: &Db, budget_id: i64) -> Result<Vec<Vec<Line>>, sqlx::Error> {
    let rows =
        db::query("SELECT lines FROM budget_imported_ballots WHERE budget_id = $1 ORDER BY id")
            .bind(budget_id)
            .scan()
            .fetch_all(db)
            .await?;
    rows.iter()
        .map(|r| {
            let text: String = r.try_get("lines")?;
            let pairs: Vec<(i64, i64)> = serde_json::from_str(&text).unwrap_or_default();
            Ok(pairs
                .into_iter()
                .map(|(project_id, value)| Line { project_id, value })
                .collect())
        })
        .collect()
}

/// The budget's paper version: moves whenever paper counts or imported ballots change.
pub async fn paper_version(db: &Db, budget_id: i64) -> Result<i64, sqlx::Error> {
    db::query("SELECT paper_version FROM budgets WHERE id = $1")
        .bind(budget_id)
        .fetch_optional(db)
        .await?
        .map_or(Ok(0), |r| r.try_get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_readable_and_differ() {
        let a = new_receipt();
        assert_eq!(a.len(), 14);
        assert_eq!(a.matches('-').count(), 2);
        assert!(!a.contains('0') && !a.contains('O') && !a.contains('1') && !a.contains('I'));
        assert_ne!(a, new_receipt());
    }
}
