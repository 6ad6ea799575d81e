//! Pabulib import: a `.pb` file gives a budget its projects and, optionally, its votes as
//! imported ballots (a past election replayed, or paper ballots transcribed whole). One
//! transaction: a broken file — its line and what is wrong — changes nothing.

use agora_tally::pabulib::{self, PbFile};

use super::model::{self, Budget};
use super::rules::RuleKind;
use crate::db::{self, Db};

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub projects: usize,
    pub ballots: usize,
}

/// A broken file or an import that cannot be done: the line (0: the whole file) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

fn fail(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        message: message.into(),
    }
}

/// The line of a project's row in the file's PROJECTS section (0 when not found).
fn project_line(text: &str, id: &str) -> usize {
    let mut in_projects = false;
    for (i, line) in text.lines().enumerate() {
        let first = line.split(';').next().unwrap_or("").trim();
        if first.eq_ignore_ascii_case("PROJECTS") {
            in_projects = true;
        } else if first.eq_ignore_ascii_case("VOTES") {
            in_projects = false;
        } else if in_projects && first == id {
            return i + 1;
        }
    }
    0
}

/// Checks a file against a budget, before anything is written.
fn check(budget: &Budget, text: &str, file: &PbFile) -> Result<Vec<i64>, ImportError> {
    if file.projects.is_empty() {
        return Err(fail(0, "the file has no projects"));
    }
    let mut costs = Vec::new();
    for p in &file.projects {
        let line = project_line(text, &p.id);
        let cost = p.cost.to_integer().ok_or_else(|| {
            fail(
                line,
                format!("the cost of project {} is not a whole amount", p.id),
            )
        })?;
        if !(0..=model::AMOUNT_MAX).contains(&cost) {
            return Err(fail(
                line,
                format!("the cost of project {} is out of range", p.id),
            ));
        }
        if p.name.as_deref().unwrap_or(&p.id).chars().count() > model::TITLE_MAX {
            return Err(fail(
                line,
                format!(
                    "the name of project {} is longer than {} characters",
                    p.id,
                    model::TITLE_MAX
                ),
            ));
        }
        costs.push(cost);
    }
    if let Some(currency) = file.meta_get("currency")
        && !currency.trim().eq_ignore_ascii_case(&budget.currency)
    {
        return Err(fail(
            0,
            format!(
                "the file's currency is {}, the budget's {}",
                currency.trim(),
                budget.currency
            ),
        ));
    }
    Ok(costs)
}

/// Imports a Pabulib text into a budget: its projects (added to those already there) and, with
/// `with_votes`, its votes as imported ballots. Refused when the budget has published results.
pub async fn import(
    db: &Db,
    budget: &Budget,
    admin_id: i64,
    text: &str,
    with_votes: bool,
) -> Result<Result<Imported, ImportError>, sqlx::Error> {
    let file = match pabulib::parse(text) {
        Ok(file) => file,
        Err(e) => return Ok(Err(fail(e.line, e.message))),
    };
    let costs = match check(budget, text, &file) {
        Ok(costs) => costs,
        Err(e) => return Ok(Err(e)),
    };
    let mut tx = db.begin().await?;
    if db::query("SELECT 1 FROM budget_results WHERE budget_id = $1")
        .bind(budget.id)
        .fetch_optional(&mut tx)
        .await?
        .is_some()
    {
        tx.rollback().await?;
        return Ok(Err(fail(
            0,
            "the results are published: nothing can be imported",
        )));
    }
    let now = db::now();
    let mut ids = Vec::with_capacity(file.projects.len());
    for (p, cost) in file.projects.iter().zip(&costs) {
        let title = p
            .name
            .clone()
            .unwrap_or_else(|| format!("Project {}", p.id));
        let row = db::query(
            "INSERT INTO budget_projects (budget_id, title, description, cost, proposal_ids, created_at)
             VALUES ($1, $2, '', $3, '[]', $4) RETURNING id",
        )
        .bind(budget.id)
        .bind(title.trim())
        .bind(*cost)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        ids.push(row.try_get::<i64, _>(0)?);
    }
    let mut ballots = 0;
    if with_votes {
        for vote in &file.votes {
            let lines: Vec<(i64, i64)> = vote
                .ballot
                .iter()
                .enumerate()
                .filter_map(|(rank, &index)| {
                    let id = *ids.get(usize::try_from(index).ok()?)?;
                    let value = match budget.rule.kind {
                        RuleKind::Approval | RuleKind::Choose => 1,
                        RuleKind::Ranking => i64::try_from(rank + 1).unwrap_or(i64::MAX),
                        RuleKind::Points => vote
                            .points
                            .as_ref()
                            .and_then(|p| p.get(rank).copied())
                            .unwrap_or(1),
                    };
                    (value > 0).then_some((id, value))
                })
                .collect();
            if lines.is_empty() {
                continue;
            }
            db::query(
                "INSERT INTO budget_imported_ballots (budget_id, voter_ref, lines, created_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(budget.id)
            .bind(&vote.voter_id)
            .bind(serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into()))
            .bind(now)
            .execute(&mut tx)
            .await?;
            ballots += 1;
        }
    }
    db::query("UPDATE budgets SET paper_version = paper_version + 1 WHERE id = $1")
        .bind(budget.id)
        .execute(&mut tx)
        .await?;
    crate::platform::action_log::append(
        &mut tx,
        Some(admin_id),
        "budget-imported",
        crate::platform::action_log::Subject::of("budget", budget.id),
        crate::platform::action_log::Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(Imported {
        projects: ids.len(),
        ballots,
    }))
}
