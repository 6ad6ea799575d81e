//! Participatory-budgeting rules.
//!
//! An [`Election`] is the tally-ready form of a Pabulib file: money as integers in minor
//! units (`10^-scale` of the currency, so `2458488.22` PLN is `245848822` with scale 2),
//! and identical ballots merged into one [`Ballot`] with a weight.
//!
//! Rules (each returns an [`Outcome`] with a structured [`Explanation`]):
//! - [`greedy`]: greedy by score, in the variants `greedy`, `greedy-no-skip`,
//!   `greedy-threshold` ([`GreedyVariant`]);
//! - [`mes`]: Method of Equal Shares with cost utilities, exact, with the completions
//!   `add1`, `add1e`, `add1u` and the optional comparison with greedy ([`MesOptions`]);
//! - [`phragmen`]: sequential Phragmén;
//! - [`max_supporters`]: the set of projects within budget with the most supports (exact
//!   0/1 knapsack), budget use as second objective.
//!
//! ## Scores
//! The score of a project is the number of approvals (approval, choose-1), the sum of
//! points (cumulative, scoring) or Borda points (ordinal). The Borda variant: with
//! `L` = META `max_length` (or, without it, the longest ballot), the project ranked at
//! position `j` (0-based) gets `L − j` points (3-2-1 for Kraków's "choose 3"); this
//! reproduces the `score` column and the official outcome of Kraków 2023 Nowa Huta.
//! A META `scoring_fn` that is a comma list of numbers (`3,2,1`) overrides it.
//!
//! ## Tie-breaking (all rules)
//! When two projects are exactly tied (equal score for greedy, equal ρ for MES, equal
//! time for Phragmén), the project with the higher score (approvals / points / Borda)
//! comes first, then the cheaper one, then the one listed first in PROJECTS
//! ([`Election::tie_order`]). The real files with an official outcome are reproduced with
//! this rule (Warszawa's only score tie, 2,839 votes, is below its threshold). For
//! max-supporters, sets equal in supports and cost: see [`max_supporters`].

pub(crate) mod exact;
mod greedy;
mod maxsup;
mod mes;
mod phragmen;

use crate::pabulib::fxhash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::pabulib::{Decimal, PbError, PbFile, VoteType};

pub use exact::Fraction;
pub use greedy::{GreedyDecision, GreedyExplanation, GreedyStep, GreedyVariant, greedy};
pub use maxsup::{MaxSupportersExplanation, max_supporters, max_supporters_brute};
pub use mes::{
    ComparisonInfo, Completion, CompletionInfo, MesExplanation, MesOptions, MesRound,
    PreferenceMeasure, mes, mes_naive, mes_reference,
};
pub use phragmen::{PhragmenExplanation, PhragmenRound, PhragmenStop, phragmen};

/// A project as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetProject {
    pub id: String,
    pub name: Option<String>,
    /// Cost in minor units (`10^-scale`).
    pub cost: i64,
}

/// Distinct ballots, with how many voters cast each.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ballot {
    /// Project indices: sorted for approval / cumulative ballots, in rank order for ordinal.
    pub projects: Vec<u32>,
    /// Points parallel to `projects` (cumulative / scoring ballots), else empty.
    pub points: Vec<i64>,
    /// Number of voters who cast exactly this ballot.
    pub weight: u64,
}

/// A participatory-budgeting election ready to be tallied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Election {
    pub projects: Vec<BudgetProject>,
    /// Budget in minor units.
    pub budget: i64,
    /// Money is `amount / 10^scale` currency units.
    pub scale: u32,
    pub vote_type: VoteType,
    /// Distinct ballots (identical ones merged).
    pub ballots: Vec<Ballot>,
    /// Number of voters (sum of the ballot weights).
    pub n_voters: u64,
    /// META `min_project_score_threshold`.
    pub score_threshold: Option<Decimal>,
    /// META `rule`.
    pub meta_rule: Option<String>,
    /// Points per rank position for ordinal ballots (see the module docs).
    pub rank_points: Vec<i64>,
}

/// Money in minor units, shown as an exact decimal string (`"2458488.22"`).
pub fn money_string(amount: i128, scale: u32) -> String {
    Decimal::format_scaled(amount, scale)
}

impl Election {
    /// Build from a parsed file. Fails (with line 0) when money cannot be represented
    /// exactly in 64-bit minor units or the ballots don't fit the vote type.
    pub fn from_pb(file: &PbFile) -> Result<Election, PbError> {
        let budget = file.budget()?;
        let scale = file
            .projects
            .iter()
            .map(|p| p.cost.scale)
            .chain(std::iter::once(budget.scale))
            .max()
            .unwrap_or(0);
        let to_minor = |d: &Decimal, what: &str| {
            d.to_scaled(scale)
                .filter(|v| *v >= 0 && *v <= i64::MAX / 4)
                .ok_or_else(|| PbError::new(0, format!("{what} {d} is out of range")))
        };
        let budget_minor = to_minor(&budget, "budget")?;
        let mut projects = Vec::with_capacity(file.projects.len());
        for p in &file.projects {
            projects.push(BudgetProject {
                id: p.id.clone(),
                name: p.name.clone(),
                cost: to_minor(&p.cost, &format!("cost of project '{}'", p.id))?,
            });
        }
        // Sums of costs must not overflow anywhere (a bad file must not panic).
        let total = projects
            .iter()
            .try_fold(budget_minor, |acc: i64, p| acc.checked_add(p.cost))
            .filter(|t| *t <= i64::MAX / 4);
        if total.is_none() {
            return Err(PbError::new(
                0,
                "the costs add up to more than we can count exactly",
            ));
        }
        let vote_type = file.vote_type();
        if let VoteType::Other(t) = &vote_type {
            return Err(PbError::new(0, format!("unsupported vote_type '{t}'")));
        }
        // Merge identical ballots: the key is the sorted ballot (ranked order kept for
        // ordinal ballots), with its points for point ballots.
        let mut merged: FxHashMap<(Vec<u32>, Vec<i64>), usize> = FxHashMap::default();
        merged.reserve(file.votes.len());
        let mut ballots: Vec<Ballot> = Vec::new();
        let mut longest = 0usize;
        for v in &file.votes {
            longest = longest.max(v.ballot.len());
            let key = match vote_type {
                VoteType::Ordinal => (v.ballot.clone(), Vec::new()),
                VoteType::Cumulative | VoteType::Scoring => {
                    let pts = v.points.as_deref().unwrap_or(&[]);
                    let mut pairs: Vec<(u32, i64)> = v
                        .ballot
                        .iter()
                        .copied()
                        .zip(pts.iter().copied().chain(std::iter::repeat(0)))
                        .collect();
                    pairs.sort_unstable();
                    pairs.into_iter().unzip()
                }
                _ => {
                    let mut ps = v.ballot.clone();
                    ps.sort_unstable();
                    (ps, Vec::new())
                }
            };
            match merged.entry(key) {
                std::collections::hash_map::Entry::Occupied(o) => ballots[*o.get()].weight += 1,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    ballots.push(Ballot {
                        projects: slot.key().0.clone(),
                        points: slot.key().1.clone(),
                        weight: 1,
                    });
                    slot.insert(ballots.len() - 1);
                }
            }
        }
        let rank_points = if vote_type == VoteType::Ordinal {
            rank_points(file, longest)?
        } else {
            Vec::new()
        };
        Ok(Election {
            projects,
            budget: budget_minor,
            scale,
            vote_type,
            n_voters: file.votes.len() as u64,
            ballots,
            score_threshold: match file.meta_get("min_project_score_threshold") {
                Some(s) => {
                    Some(s.parse().map_err(|e| {
                        PbError::new(0, format!("min_project_score_threshold: {e}"))
                    })?)
                }
                None => None,
            },
            meta_rule: file.meta_get("rule").map(|s| s.trim().to_string()),
            rank_points,
        })
    }

    /// An approval election (for tests and callers that build elections in code).
    /// `ballots` are lists of project indices; identical ballots are merged.
    pub fn approval(costs: &[i64], budget: i64, ballots: &[Vec<u32>]) -> Election {
        let mut merged: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
        let mut out: Vec<Ballot> = Vec::new();
        for b in ballots {
            let mut ps: Vec<u32> = b
                .iter()
                .copied()
                .filter(|&p| (p as usize) < costs.len())
                .collect();
            ps.sort_unstable();
            ps.dedup();
            match merged.get(&ps) {
                Some(&i) => out[i].weight += 1,
                None => {
                    merged.insert(ps.clone(), out.len());
                    out.push(Ballot {
                        projects: ps,
                        points: Vec::new(),
                        weight: 1,
                    });
                }
            }
        }
        Election {
            projects: costs
                .iter()
                .enumerate()
                .map(|(i, &c)| BudgetProject {
                    id: (i + 1).to_string(),
                    name: None,
                    cost: c,
                })
                .collect(),
            budget,
            scale: 0,
            vote_type: VoteType::Approval,
            n_voters: ballots.len() as u64,
            ballots: out,
            score_threshold: None,
            meta_rule: None,
            rank_points: Vec::new(),
        }
    }

    /// Money as an exact decimal string.
    pub fn money(&self, amount: i128) -> String {
        money_string(amount, self.scale)
    }

    /// Score of every project: approvals, points or Borda points (see module docs).
    pub fn scores(&self) -> Vec<i64> {
        let mut s = vec![0i64; self.projects.len()];
        for b in &self.ballots {
            let w = b.weight as i64;
            for (j, &p) in b.projects.iter().enumerate() {
                let pts = match self.vote_type {
                    VoteType::Cumulative | VoteType::Scoring => {
                        b.points.get(j).copied().unwrap_or(0)
                    }
                    VoteType::Ordinal => self.rank_points.get(j).copied().unwrap_or(0),
                    _ => 1,
                };
                s[p as usize] = s[p as usize].saturating_add(pts.saturating_mul(w));
            }
        }
        s
    }

    /// Number of voters who list each project (with positive points, for point ballots).
    pub fn supporters(&self) -> Vec<u64> {
        let mut s = vec![0u64; self.projects.len()];
        for b in &self.ballots {
            for (j, &p) in b.projects.iter().enumerate() {
                if b.points.get(j).is_none_or(|&x| x > 0) {
                    s[p as usize] += b.weight;
                }
            }
        }
        s
    }

    /// Approval view used by MES / Phragmén: for each distinct ballot, the projects it
    /// supports (all listed projects; for point ballots those with positive points).
    pub(crate) fn approval_sets(&self) -> Vec<(Vec<u32>, u64)> {
        self.ballots
            .iter()
            .map(|b| {
                let mut ps: Vec<u32> = b
                    .projects
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| b.points.get(*j).is_none_or(|&x| x > 0))
                    .map(|(_, &p)| p)
                    .collect();
                ps.sort_unstable();
                (ps, b.weight)
            })
            .collect()
    }

    /// Tie order: position of each project when exactly tied (lower = wins the tie):
    /// more supporters (score) first, then lower cost, then earlier in PROJECTS.
    pub fn tie_order(&self) -> Vec<u32> {
        let scores = self.scores();
        let mut idx: Vec<usize> = (0..self.projects.len()).collect();
        idx.sort_by(|&a, &b| {
            scores[b]
                .cmp(&scores[a])
                .then(self.projects[a].cost.cmp(&self.projects[b].cost))
                .then(a.cmp(&b))
        });
        let mut rank = vec![0u32; idx.len()];
        for (r, &p) in idx.iter().enumerate() {
            rank[p] = r as u32;
        }
        rank
    }

    /// Total cost of a set of projects.
    pub fn cost_of(&self, set: &[u32]) -> i64 {
        set.iter().map(|&p| self.projects[p as usize].cost).sum()
    }
}

fn rank_points(file: &PbFile, longest: usize) -> Result<Vec<i64>, PbError> {
    if let Some(f) = file.meta_get("scoring_fn") {
        let parsed: Option<Vec<i64>> = f
            .split(',')
            .map(|x| {
                x.trim()
                    .parse::<Decimal>()
                    .ok()
                    .and_then(|d| d.to_integer())
            })
            .collect();
        if let Some(v) = parsed
            && !v.is_empty()
        {
            return Ok(v);
        }
    }
    let l = match file.meta_get("max_length") {
        Some(s) => s
            .trim()
            .parse::<usize>()
            .map_err(|_| PbError::new(0, format!("META max_length '{s}' is not a number")))?
            .max(longest),
        None => longest,
    };
    Ok((0..l).map(|j| (l - j) as i64).collect())
}

/// The structured explanation of an outcome: data, not prose (see
/// [`crate::report::BudgetReport::to_text`] for an English rendering).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Explanation {
    Greedy(GreedyExplanation),
    Mes(MesExplanation),
    Phragmen(PhragmenExplanation),
    MaxSupporters(MaxSupportersExplanation),
}

/// The result of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Rule name as accepted by [`crate::report::tally_pb_file`] (`greedy`, `mes-add1`, ...).
    pub rule: String,
    /// Indices of the selected projects, in the order the rule chose them.
    pub selected: Vec<u32>,
    /// Total cost of the selected projects, minor units.
    pub total_cost: i64,
    pub explanation: Explanation,
}

impl Outcome {
    /// Ids of the selected projects, in order.
    pub fn selected_ids<'a>(&self, e: &'a Election) -> Vec<&'a str> {
        self.selected
            .iter()
            .map(|&p| e.projects[p as usize].id.as_str())
            .collect()
    }
}
