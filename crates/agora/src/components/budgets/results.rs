//! Results of a budget: the cast ballots as a Pabulib file (anonymous voters), counted by
//! `agora-tally`'s rules, and the one result the admins publish. The page and the export are
//! computed from the same file, so `agora tally` on the export finds the same winners.

use agora_tally::pabulib::{self, Decimal, PbFile, Project as PbProject, Vote};
use agora_tally::report::{BudgetReport, tally_pb};
use sqlx::Row;

use super::model::{Budget, Project};
use super::rules::{Line, RuleKind};
use crate::db::{self, Db};

/// The rules admins compare and choose from, in the order the preview shows them.
pub const RULES: [&str; 4] = ["greedy", "mes-add1", "phragmen", "max-supporters"];

/// A rule's META `rule` value, which `agora tally --rule auto` reads back as the same rule.
fn meta_rule(rule: &str) -> &'static str {
    match rule {
        "mes-add1" => "equalshares/add1",
        "phragmen" => "phragmen",
        "max-supporters" => "max-supporters",
        _ => "greedy",
    }
}

/// The budget as a Pabulib file. Voters are numbered 1, 2, 3 ... after sorting the
/// ballots by content, so neither the ids nor the order say who voted or when.
pub fn pabulib_file(
    budget: &Budget,
    projects: &[Project],
    ballots: &[Vec<Line>],
    rule: Option<&str>,
) -> PbFile {
    let mut ballots: Vec<Vec<Line>> = ballots.to_vec();
    ballots.sort_by_key(|lines| {
        lines
            .iter()
            .map(|l| (l.project_id, l.value))
            .collect::<Vec<_>>()
    });
    let vote_type = match budget.rule.kind {
        RuleKind::Approval | RuleKind::Choose => "approval",
        RuleKind::Points => "cumulative",
        RuleKind::Ranking => "ordinal",
    };
    let mut meta = vec![
        ("description".to_string(), budget.title.clone()),
        ("num_projects".to_string(), projects.len().to_string()),
        ("num_votes".to_string(), ballots.len().to_string()),
        ("budget".to_string(), budget.total.to_string()),
        ("currency".to_string(), budget.currency.clone()),
        ("vote_type".to_string(), vote_type.to_string()),
    ];
    match budget.rule.kind {
        RuleKind::Choose => {
            meta.push(("min_length".into(), budget.rule.min_projects.to_string()));
            if budget.rule.max_projects > 0 {
                meta.push(("max_length".into(), budget.rule.max_projects.to_string()));
            }
        }
        RuleKind::Points => meta.push(("max_sum_points".into(), budget.rule.points.to_string())),
        RuleKind::Ranking => meta.push(("max_length".into(), budget.rule.points.to_string())),
        RuleKind::Approval => {}
    }
    if let Some(rule) = rule {
        meta.push(("rule".into(), meta_rule(rule).into()));
    }
    let index = |id: i64| projects.iter().position(|p| p.id == id);
    let votes = ballots
        .iter()
        .zip(1..)
        .map(|(lines, voter): (&Vec<Line>, usize)| {
            let known: Vec<&Line> = lines
                .iter()
                .filter(|l| index(l.project_id).is_some())
                .collect();
            Vote {
                voter_id: voter.to_string(),
                ballot: known
                    .iter()
                    .filter_map(|l| index(l.project_id))
                    .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                    .collect(),
                points: (budget.rule.kind == RuleKind::Points)
                    .then(|| known.iter().map(|l| l.value).collect()),
                extra: Vec::new(),
            }
        })
        .collect();
    let mut file = PbFile {
        meta,
        project_columns: vec!["project_id".into(), "cost".into(), "name".into()],
        projects: projects
            .iter()
            .map(|p| PbProject {
                id: p.id.to_string(),
                cost: Decimal::from_int(p.cost),
                votes: None,
                score: None,
                name: Some(p.title.clone()),
                selected: None,
                extra: Vec::new(),
            })
            .collect(),
        vote_columns: vec!["voter_id".into(), "vote".into()],
        votes,
    };
    if budget.rule.kind == RuleKind::Points {
        file.vote_columns.push("points".into());
    }
    file
}

/// The file as text.
pub fn pabulib_text(file: &PbFile) -> String {
    pabulib::write(file)
}

/// What one rule would select.
pub struct Preview {
    pub rule: &'static str,
    /// Project ids, in the order the rule chose them.
    pub selected: Vec<i64>,
    pub total_cost: i64,
    /// Voters with at least one selected project on their ballot.
    pub represented: u64,
    pub voters: u64,
    pub report: BudgetReport,
}

/// Counts the ballots with one rule. `None` when there is nothing to count (no ballot).
pub fn preview(file: &PbFile, ballots: &[Vec<Line>], rule: &'static str) -> Option<Preview> {
    if file.votes.is_empty() {
        return None;
    }
    let report = tally_pb(file, rule).ok()?;
    let selected: Vec<i64> = report
        .selected
        .iter()
        .filter_map(|p| p.id.parse().ok())
        .collect();
    let represented = ballots
        .iter()
        .filter(|lines| lines.iter().any(|l| selected.contains(&l.project_id)))
        .count();
    Some(Preview {
        rule,
        total_cost: report.total_cost_minor,
        voters: report.voters,
        represented: u64::try_from(represented).unwrap_or(0),
        selected,
        report,
    })
}

/// The published result of a budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub rule: String,
    pub selected: Vec<i64>,
    pub total_cost: i64,
    pub voters: i64,
    pub represented: i64,
    /// agora-tally's structured explanation, as JSON.
    pub explanation: String,
    pub published_at: i64,
}

/// The published result of a budget, if any.
pub async fn published(db: &Db, budget_id: i64) -> Result<Option<Published>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT rule, selected, total_cost, voters, represented, explanation, published_at
         FROM budget_results WHERE budget_id = $1",
    )
    .bind(budget_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let selected: String = r.try_get("selected")?;
        Ok(Published {
            rule: r.try_get("rule")?,
            selected: serde_json::from_str(&selected).unwrap_or_default(),
            total_cost: r.try_get("total_cost")?,
            voters: r.try_get("voters")?,
            represented: r.try_get("represented")?,
            explanation: r.try_get("explanation")?,
            published_at: r.try_get("published_at")?,
        })
    })
    .transpose()
}

/// Publishes a result. Once only: false when the budget already has one.
pub async fn publish(db: &Db, budget_id: i64, preview: &Preview) -> Result<bool, sqlx::Error> {
    let explanation =
        serde_json::to_string(&preview.report.outcome.explanation).unwrap_or_default();
    let done = sqlx::query(
        "INSERT INTO budget_results (budget_id, rule, selected, total_cost, voters, represented,
             explanation, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (budget_id) DO NOTHING",
    )
    .bind(budget_id)
    .bind(preview.rule)
    .bind(serde_json::to_string(&preview.selected).unwrap_or_else(|_| "[]".into()))
    .bind(preview.total_cost)
    .bind(i64::try_from(preview.voters).unwrap_or(i64::MAX))
    .bind(i64::try_from(preview.represented).unwrap_or(i64::MAX))
    .bind(explanation)
    .bind(db::now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
