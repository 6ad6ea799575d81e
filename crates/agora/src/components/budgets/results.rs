//! Results of a budget: the cast ballots as a Pabulib file (anonymous voters), counted by
//! `agora-tally`'s rules, and the one result the admins publish. The page and the export are
//! computed from the same file, so `agora tally` on the export finds the same winners.
//!
//! What is counted ([`Tally`]): the ballots cast online, the ballots imported from a Pabulib
//! file, and the paper votes entered as counts per project — each paper vote counts as a
//! ballot approving (or giving one point to, or ranking first) that one project. That is exact
//! for the greedy rule (it only adds votes per project) and an approximation for the
//! proportional rules, which would need whole paper ballots (import them instead). The export
//! writes paper votes the same way, one single-project vote each, marked `paper` in a `source`
//! column, so `agora tally` on the export still finds the page's winners.

use agora_tally::pabulib::{self, Decimal, PbFile, Project as PbProject, Vote};
use agora_tally::report::{BudgetReport, tally_pb};
use std::collections::HashMap;

use sqlx::Row;

use super::model::{self, Budget, Project};
use super::rules::{Line, RuleKind};
use crate::db::{self, Db};

/// The rules admins compare and choose from, in the order the preview shows them. One more
/// needs a number from the admins, so it is previewed on demand: [`THRESHOLD_RULE`].
pub const RULES: [&str; 4] = ["greedy", "mes-add1", "phragmen", "max-supporters"];

/// Greedy by votes after dropping the projects with fewer votes (points, for points and
/// ranking budgets) than a threshold the admins enter.
pub const THRESHOLD_RULE: &str = "greedy-threshold";

/// The largest threshold the admins may enter: more votes than a city has voters.
pub const MAX_THRESHOLD: i64 = 1_000_000_000;

/// Why a threshold as typed is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThresholdError {
    Missing,
    NotANumber,
    Negative,
    TooLarge,
}

/// The threshold as typed by an admin: a whole number of votes from 0 to [`MAX_THRESHOLD`].
pub fn parse_threshold(text: &str) -> Result<i64, ThresholdError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ThresholdError::Missing);
    }
    let digits = t.strip_prefix('+').unwrap_or(t);
    if let Some(rest) = digits.strip_prefix('-') {
        return if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
            Err(ThresholdError::Negative)
        } else {
            Err(ThresholdError::NotANumber)
        };
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ThresholdError::NotANumber);
    }
    match digits.parse::<i64>() {
        Ok(n) if n <= MAX_THRESHOLD => Ok(n),
        _ => Err(ThresholdError::TooLarge),
    }
}

/// A rule's META `rule` value, which `agora tally --rule auto` reads back as the same rule
/// (greedy-threshold is Pabulib's `greedy` with `min_project_score_threshold` in META).
fn meta_rule(rule: &str) -> &'static str {
    match rule {
        "mes-add1" => "equalshares/add1",
        "phragmen" => "phragmen",
        "max-supporters" => "max-supporters",
        _ => "greedy",
    }
}

/// Everything counted for a budget: online ballots, imported ballots, paper votes.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub online: Vec<Vec<Line>>,
    pub imported: Vec<Vec<Line>>,
    /// Paper votes by project id.
    pub paper: HashMap<i64, i64>,
}

/// Where a counted ballot comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Online,
    Imported,
    Paper,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Online => "online",
            Source::Imported => "imported",
            Source::Paper => "paper",
        }
    }
}

impl Tally {
    /// Reads what is counted for a budget.
    pub async fn load(db: &Db, budget_id: i64) -> Result<Tally, sqlx::Error> {
        Ok(Tally {
            online: model::cast_ballots(db, budget_id).await?,
            imported: model::imported_ballots(db, budget_id).await?,
            paper: model::paper_counts(db, budget_id).await?,
        })
    }

    /// Every counted ballot with its source: online, imported, then one single-project
    /// ballot per paper vote (value 1: one approval, one point, or ranked first).
    pub fn ballots(&self) -> Vec<(Source, Vec<Line>)> {
        let mut out: Vec<(Source, Vec<Line>)> = self
            .online
            .iter()
            .map(|l| (Source::Online, l.clone()))
            .chain(self.imported.iter().map(|l| (Source::Imported, l.clone())))
            .collect();
        let mut paper: Vec<(&i64, &i64)> = self.paper.iter().collect();
        paper.sort();
        for (&project_id, &votes) in paper {
            for _ in 0..votes.max(0) {
                out.push((
                    Source::Paper,
                    vec![Line {
                        project_id,
                        value: 1,
                    }],
                ));
            }
        }
        out
    }

    /// Online ballots including a project.
    pub fn online_supporters(&self, project_id: i64) -> i64 {
        count_with(&self.online, project_id)
    }

    /// Paper supporters of a project: its paper votes and the imported ballots including it.
    pub fn paper_supporters(&self, project_id: i64) -> i64 {
        self.paper.get(&project_id).copied().unwrap_or(0) + count_with(&self.imported, project_id)
    }

    /// Whether anything besides online ballots is counted.
    pub fn has_paper(&self) -> bool {
        !self.imported.is_empty() || self.paper.values().any(|v| *v > 0)
    }

    /// How many ballots are counted in all.
    pub fn len(&self) -> usize {
        self.online.len()
            + self.imported.len()
            + self
                .paper
                .values()
                .map(|v| usize::try_from(*v).unwrap_or(0))
                .sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn count_with(ballots: &[Vec<Line>], project_id: i64) -> i64 {
    let n = ballots
        .iter()
        .filter(|lines| lines.iter().any(|l| l.project_id == project_id))
        .count();
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The budget as a Pabulib file. Voters are numbered 1, 2, 3 ... after sorting the
/// ballots by source and content, so neither the ids nor the order say who voted or when.
/// When paper votes or imported ballots are counted, a `source` column says which is which.
/// `rule` is the published rule, with its threshold for greedy-threshold.
pub fn pabulib_file(
    budget: &Budget,
    projects: &[Project],
    tally: &Tally,
    rule: Option<(&str, Option<i64>)>,
) -> PbFile {
    let mut ballots = tally.ballots();
    ballots.sort_by_cached_key(|(source, lines)| {
        (
            *source,
            lines
                .iter()
                .map(|l| (l.project_id, l.value))
                .collect::<Vec<_>>(),
        )
    });
    let with_source = tally.has_paper();
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
    if with_source {
        let paper: i64 = tally.paper.values().sum();
        meta.push(("num_paper_votes".into(), paper.to_string()));
        meta.push((
            "num_imported_votes".into(),
            tally.imported.len().to_string(),
        ));
        meta.push((
            "comment".into(),
            "source=paper rows are paper votes entered as counts per project, one single-project vote each".into(),
        ));
    }
    if let Some((rule, threshold)) = rule {
        meta.push(("rule".into(), meta_rule(rule).into()));
        if let Some(t) = threshold.filter(|_| rule == THRESHOLD_RULE) {
            meta.push(("min_project_score_threshold".into(), t.to_string()));
        }
    }
    let index: HashMap<i64, usize> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let votes = ballots
        .iter()
        .zip(1..)
        .map(|((source, lines), voter): (&(Source, Vec<Line>), usize)| {
            let known: Vec<(&Line, usize)> = lines
                .iter()
                .filter_map(|l| index.get(&l.project_id).map(|i| (l, *i)))
                .collect();
            Vote {
                voter_id: voter.to_string(),
                ballot: known
                    .iter()
                    .map(|(_, i)| u32::try_from(*i).unwrap_or(u32::MAX))
                    .collect(),
                points: (budget.rule.kind == RuleKind::Points)
                    .then(|| known.iter().map(|(l, _)| l.value).collect()),
                extra: if with_source {
                    vec![source.as_str().to_string()]
                } else {
                    Vec::new()
                },
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
    if with_source {
        file.vote_columns.push("source".into());
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
    /// The threshold of greedy-threshold.
    pub threshold: Option<i64>,
    /// Project ids, in the order the rule chose them.
    pub selected: Vec<i64>,
    pub total_cost: i64,
    /// Voters with at least one selected project on their ballot.
    pub represented: u64,
    pub voters: u64,
    pub report: BudgetReport,
}

/// Counts the ballots with one rule. `None` when there is nothing to count (no ballot).
/// `ballots` are the counted ballots ([`Tally::ballots`]), for the voters represented.
pub fn preview(
    file: &PbFile,
    ballots: &[(Source, Vec<Line>)],
    rule: &'static str,
) -> Option<Preview> {
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
        .filter(|(_, lines)| lines.iter().any(|l| selected.contains(&l.project_id)))
        .count();
    Some(Preview {
        rule,
        threshold: None,
        total_cost: report.total_cost_minor,
        voters: report.voters,
        represented: u64::try_from(represented).unwrap_or(0),
        selected,
        report,
    })
}

/// Counts the ballots with greedy-threshold: the projects with fewer than `threshold` votes
/// (points) are dropped, then greedy by votes. `None` when nothing was cast. The count is
/// `agora tally FILE --rule greedy-threshold --threshold N` on the same file.
pub fn preview_threshold(file: &PbFile, threshold: i64) -> Option<Preview> {
    if file.votes.is_empty() {
        return None;
    }
    let report = agora_tally::report::tally_pb_with_threshold(
        file,
        THRESHOLD_RULE,
        Some(Decimal::from_int(threshold)),
    )
    .ok()?;
    let selected: Vec<i64> = report
        .selected
        .iter()
        .filter_map(|p| p.id.parse().ok())
        .collect();
    // The file's votes are the counted ballots, projects by their position in the file.
    let chosen: Vec<bool> = file
        .projects
        .iter()
        .map(|p| report.selected.iter().any(|s| s.id == p.id))
        .collect();
    let represented = file
        .votes
        .iter()
        .filter(|v| {
            v.ballot
                .iter()
                .any(|&i| chosen.get(i as usize).copied().unwrap_or(false))
        })
        .count();
    Some(Preview {
        rule: THRESHOLD_RULE,
        threshold: Some(threshold),
        total_cost: report.total_cost_minor,
        voters: report.voters,
        represented: u64::try_from(represented).unwrap_or(0),
        selected,
        report,
    })
}

/// What the results pages need of a budget's count: each rule's preview, and each project's
/// online and paper supporters.
pub struct Counted {
    /// One per rule of [`RULES`] (none when nothing was cast).
    pub previews: Vec<Preview>,
    /// (online, paper) supporters by project id.
    pub supporters: HashMap<i64, (i64, i64)>,
    /// Ballots counted, online and paper together.
    pub ballots: usize,
    pub online_ballots: usize,
    /// The counted file, for the previews that need a number from the admins.
    pub file: PbFile,
}

impl Counted {
    /// What greedy-threshold would select with this threshold.
    pub fn preview_threshold(&self, threshold: i64) -> Option<Preview> {
        preview_threshold(&self.file, threshold)
    }

    pub fn supporters_of(&self, project_id: i64) -> (i64, i64) {
        self.supporters.get(&project_id).copied().unwrap_or((0, 0))
    }

    pub fn preview(&self, rule: &str) -> Option<&Preview> {
        self.previews.iter().find(|p| p.rule == rule)
    }
}

/// Counts a budget with every rule (CPU work: seconds on a city's election).
pub fn count(budget: &Budget, projects: &[Project], tally: &Tally) -> Counted {
    let file = pabulib_file(budget, projects, tally, None);
    let ballots = tally.ballots();
    Counted {
        previews: RULES
            .into_iter()
            .filter_map(|rule| preview(&file, &ballots, rule))
            .collect(),
        supporters: projects
            .iter()
            .map(|p| {
                (
                    p.id,
                    (tally.online_supporters(p.id), tally.paper_supporters(p.id)),
                )
            })
            .collect(),
        ballots: ballots.len(),
        online_ballots: tally.online.len(),
        file,
    }
}

/// The last count of each budget, kept while nothing it depends on changed: the budget's
/// total and rule, its projects' ids and costs, the cast ballots (their number and ids —
/// cast ballots never change, they are only added or deleted with their voter's account)
/// and the paper version (paper counts, imported ballots). Admins reloading the results
/// page then do not recount every rule each time.
#[derive(Default)]
pub struct PreviewCache {
    entries: std::sync::Mutex<HashMap<i64, (u64, std::sync::Arc<Counted>)>>,
}

async fn fingerprint(db: &Db, budget: &Budget, projects: &[Project]) -> Result<u64, sqlx::Error> {
    use std::hash::{Hash, Hasher};
    let row = sqlx::query(
        "SELECT COUNT(*), CAST(COALESCE(SUM(id), 0) AS BIGINT) FROM budget_ballots
         WHERE budget_id = $1 AND checked_out_at IS NOT NULL",
    )
    .bind(budget.id)
    .fetch_one(&db.pool)
    .await?;
    let cast: (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    let paper = model::paper_version(db, budget.id).await?;
    let mut h = std::hash::DefaultHasher::new();
    (budget.id, budget.total, &budget.currency, &budget.title).hash(&mut h);
    let r = &budget.rule;
    (
        r.kind.as_str(),
        r.min_percent,
        r.min_projects,
        r.max_projects,
        r.points,
    )
        .hash(&mut h);
    for p in projects {
        (p.id, p.cost, &p.title).hash(&mut h);
    }
    (cast, paper).hash(&mut h);
    Ok(h.finish())
}

/// The budget's count, from the cache when nothing changed since it was made; otherwise
/// counted again (off the async threads) and kept.
pub async fn counted(
    db: &Db,
    cache: &PreviewCache,
    budget: &Budget,
    projects: &[Project],
) -> Result<std::sync::Arc<Counted>, sqlx::Error> {
    let key = fingerprint(db, budget, projects).await?;
    if let Ok(entries) = cache.entries.lock()
        && let Some((k, hit)) = entries.get(&budget.id)
        && *k == key
    {
        return Ok(hit.clone());
    }
    // Read after the key: what is counted is at least as recent as the key says.
    let tally = Tally::load(db, budget.id).await?;
    let (b, p) = (budget.clone(), projects.to_vec());
    let counted = tokio::task::spawn_blocking(move || count(&b, &p, &tally))
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("counting failed: {e}")))?;
    let counted = std::sync::Arc::new(counted);
    if let Ok(mut entries) = cache.entries.lock() {
        entries.insert(budget.id, (key, counted.clone()));
    }
    Ok(counted)
}

/// What greedy-threshold would select with this threshold, counted off the async threads
/// (a city's election takes a moment to read).
pub async fn threshold_preview(
    counted: std::sync::Arc<Counted>,
    threshold: i64,
) -> Option<Preview> {
    tokio::task::spawn_blocking(move || counted.preview_threshold(threshold))
        .await
        .ok()
        .flatten()
}

/// The published result of a budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub rule: String,
    /// The votes (points) a project needed, for greedy-threshold.
    pub threshold: Option<i64>,
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
        "SELECT rule, threshold, selected, total_cost, voters, represented, explanation,
                published_at
         FROM budget_results WHERE budget_id = $1",
    )
    .bind(budget_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let selected: String = r.try_get("selected")?;
        Ok(Published {
            rule: r.try_get("rule")?,
            threshold: r.try_get("threshold")?,
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
        "INSERT INTO budget_results (budget_id, rule, threshold, selected, total_cost, voters,
             represented, explanation, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (budget_id) DO NOTHING",
    )
    .bind(budget_id)
    .bind(preview.rule)
    .bind(preview.threshold)
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
