//! `agora budget-results --budget ID [--check FILE.pb]`: counts a budget from the database
//! with every rule the admins can choose (what the results page previews), timing the read and
//! each rule — greedy-threshold too when a threshold is known: `--threshold N`, else the one of
//! the published result, else the `--check` file's `min_project_score_threshold`. With `--check`, compares the budget with the Pabulib file it was generated from
//! (`agora generate budget`): the exported ballots must equal the file's votes as multisets, and
//! greedy (with the file's `min_project_score_threshold`, if any) must select the file's
//! official winners. Projects are matched by order: the generator creates them in file order.

use std::collections::HashMap;
use std::time::Instant;

use agora_tally::pabulib::{self, PbFile};
use agora_tally::report::tally_pb;

use crate::components::budgets::model;
use crate::components::budgets::results::{self, Tally};
use crate::db::Db;

/// One rule's count.
pub struct RuleRun {
    pub rule: &'static str,
    /// greedy-threshold: the votes (points) a project needed.
    pub threshold: Option<i64>,
    /// Project ids, in the order chosen.
    pub selected: Vec<i64>,
    pub total_cost: i64,
    pub seconds: f64,
}

/// The outcome of a `--check`.
pub struct Check {
    pub file_votes: usize,
    pub exported_votes: usize,
    /// The two multisets of ballots are equal.
    pub ballots_equal: bool,
    /// The official winners, as positions in the file.
    pub official: Vec<usize>,
    /// Greedy (with the file's threshold) on the exported file, as positions in the file.
    pub greedy: Vec<usize>,
}

impl Check {
    pub fn passed(&self) -> bool {
        self.ballots_equal && self.official == self.greedy
    }
}

/// What the command found.
pub struct Report {
    pub budget_id: i64,
    pub ballots: usize,
    pub load_seconds: f64,
    pub rules: Vec<RuleRun>,
    /// Reading the ballots and counting every rule.
    pub total_seconds: f64,
    pub check: Option<Check>,
}

/// A ballot as (file position, value) sorted by position: value is 1, the points or the rank.
type Key = Vec<(usize, i64)>;

fn keys(file: &PbFile, position: impl Fn(usize) -> Option<usize>, ordinal: bool) -> Vec<Key> {
    let mut out: Vec<Key> = file
        .votes
        .iter()
        .map(|v| {
            let mut key: Key = v
                .ballot
                .iter()
                .enumerate()
                .filter_map(|(rank, &i)| {
                    let value = if ordinal {
                        i64::try_from(rank + 1).unwrap_or(i64::MAX)
                    } else {
                        v.points
                            .as_ref()
                            .and_then(|p| p.get(rank).copied())
                            .unwrap_or(1)
                    };
                    Some((position(usize::try_from(i).ok()?)?, value))
                })
                .collect();
            key.sort_unstable();
            key
        })
        .collect();
    out.sort_unstable();
    out
}

/// Counts budget `budget_id` with every rule (greedy-threshold with `threshold`, else the
/// published threshold, else the `check` file's); with `check`, compares it with that file.
pub async fn run(
    db: &Db,
    budget_id: i64,
    check: Option<&str>,
    threshold: Option<i64>,
) -> Result<Report, String> {
    let started = Instant::now();
    let budget = model::find_budget(db, budget_id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no budget with id {budget_id}"))?;
    let projects = model::projects(db, budget_id)
        .await
        .map_err(|e| e.to_string())?;
    let tally = Tally::load(db, budget_id)
        .await
        .map_err(|e| e.to_string())?;
    let check_file = check
        .map(|text| pabulib::parse(text).map_err(|e| format!("line {}: {}", e.line, e.message)))
        .transpose()?;
    let threshold = match threshold {
        Some(t) => Some(t),
        None => match results::published(db, budget_id)
            .await
            .map_err(|e| e.to_string())?
            .and_then(|p| p.threshold)
        {
            Some(t) => Some(t),
            None => check_file
                .as_ref()
                .and_then(|f| f.meta_get("min_project_score_threshold"))
                .and_then(|t| t.trim().parse::<i64>().ok()),
        },
    };
    let exported = results::pabulib_file(&budget, &projects, &tally, None);
    let ballots = tally.ballots();
    let load_seconds = started.elapsed().as_secs_f64();
    let mut rules = Vec::new();
    for rule in results::RULES {
        let at = Instant::now();
        if let Some(preview) = results::preview(&exported, &ballots, rule) {
            rules.push(RuleRun {
                rule,
                threshold: None,
                selected: preview.selected,
                total_cost: preview.total_cost,
                seconds: at.elapsed().as_secs_f64(),
            });
        }
    }
    if let Some(t) = threshold {
        let at = Instant::now();
        if let Some(preview) = results::preview_threshold(&exported, t) {
            rules.push(RuleRun {
                rule: preview.rule,
                threshold: Some(t),
                selected: preview.selected,
                total_cost: preview.total_cost,
                seconds: at.elapsed().as_secs_f64(),
            });
        }
    }
    let total_seconds = started.elapsed().as_secs_f64();
    let check = match check_file {
        None => None,
        Some(file) => Some(compare(&file, exported)?),
    };
    Ok(Report {
        budget_id,
        ballots: ballots.len(),
        load_seconds,
        rules,
        total_seconds,
        check,
    })
}

fn compare(file: &PbFile, mut exported: PbFile) -> Result<Check, String> {
    if exported.projects.len() != file.projects.len() {
        return Err(format!(
            "the budget has {} projects, the file {}",
            exported.projects.len(),
            file.projects.len()
        ));
    }
    // Exported projects are in id order, which is the file's order.
    let mut ids: Vec<i64> = exported
        .projects
        .iter()
        .map(|p| p.id.parse().unwrap_or(i64::MAX))
        .collect();
    ids.sort_unstable();
    let by_id: HashMap<String, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.to_string(), i))
        .collect();
    let export_position: Vec<Option<usize>> = exported
        .projects
        .iter()
        .map(|p| by_id.get(&p.id).copied())
        .collect();
    let ordinal = file.meta_get("vote_type").map(str::trim) == Some("ordinal");
    let theirs = keys(file, Some, ordinal);
    let ours = keys(
        &exported,
        |i| export_position.get(i).copied().flatten(),
        ordinal,
    );
    let official: Vec<usize> = (0..file.projects.len())
        .filter(|&i| file.projects[i].selected == Some(true))
        .collect();
    let rule = match file.meta_get("min_project_score_threshold") {
        Some(threshold) => {
            exported.meta_set("min_project_score_threshold", threshold.trim());
            "greedy-threshold"
        }
        None => "greedy",
    };
    let report = tally_pb(&exported, rule).map_err(|e| e.to_string())?;
    let mut greedy: Vec<usize> = report
        .selected
        .iter()
        .filter_map(|p| by_id.get(&p.id).copied())
        .collect();
    greedy.sort_unstable();
    Ok(Check {
        file_votes: theirs.len(),
        exported_votes: ours.len(),
        ballots_equal: theirs == ours,
        official,
        greedy,
    })
}

/// Prints a report for people and scripts (`key=value` lines last).
pub fn print(report: &Report) {
    println!(
        "budget {}: {} ballots, read in {:.3} s",
        report.budget_id, report.ballots, report.load_seconds
    );
    for r in &report.rules {
        let ids: Vec<String> = r.selected.iter().map(i64::to_string).collect();
        let name = match r.threshold {
            Some(t) => format!("{} >= {t}", r.rule),
            None => r.rule.to_string(),
        };
        println!(
            "{:<15} {:>7.3} s  {} projects, cost {}: {}",
            name,
            r.seconds,
            r.selected.len(),
            r.total_cost,
            ids.join(" ")
        );
    }
    println!("seconds_total={:.3}", report.total_seconds);
    if let Some(check) = &report.check {
        println!(
            "ballots_file={} ballots_exported={} ballots_equal={}",
            check.file_votes, check.exported_votes, check.ballots_equal
        );
        println!(
            "greedy_equals_official={} (official {} projects, greedy {})",
            check.official == check.greedy,
            check.official.len(),
            check.greedy.len()
        );
    }
}
