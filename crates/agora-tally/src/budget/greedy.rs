//! Greedy by score.

use serde::{Deserialize, Serialize};

use super::{Election, Explanation, Outcome};
use crate::pabulib::Decimal;

/// Which greedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GreedyVariant {
    /// Add each project that still fits; skip the ones that don't.
    Skip,
    /// Stop at the first project that does not fit.
    NoSkip,
    /// Drop projects whose score is below the threshold, then `Skip`.
    Threshold,
}

impl GreedyVariant {
    pub fn rule_name(self) -> &'static str {
        match self {
            GreedyVariant::Skip => "greedy",
            GreedyVariant::NoSkip => "greedy-no-skip",
            GreedyVariant::Threshold => "greedy-threshold",
        }
    }
}

/// What happened to a project, in the order greedy looked at them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GreedyDecision {
    /// Selected: it fit in what was left.
    Selected,
    /// Skipped: its cost is more than what was left.
    DoesNotFit,
    /// Dropped: score below the threshold.
    BelowThreshold,
    /// Not considered: greedy-no-skip stopped at an earlier project.
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreedyStep {
    /// Project id.
    pub project: String,
    pub score: i64,
    /// Cost (exact decimal string).
    pub cost: String,
    pub decision: GreedyDecision,
    /// Budget left after this step (exact decimal string).
    pub remaining: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreedyExplanation {
    pub variant: GreedyVariant,
    /// What the score is: `approvals`, `points` or `borda`.
    pub score_kind: String,
    /// The threshold applied (greedy-threshold only), as written in META.
    pub threshold: Option<String>,
    /// Every project, in the order considered (score descending, ties by the stated rule).
    pub steps: Vec<GreedyStep>,
}

pub(crate) fn score_kind(e: &Election) -> &'static str {
    use crate::pabulib::VoteType::*;
    match e.vote_type {
        Cumulative | Scoring => "points",
        Ordinal => "borda",
        _ => "approvals",
    }
}

/// Order projects by score descending, ties by [`Election::tie_order`].
pub(crate) fn greedy_order(e: &Election, scores: &[i64]) -> Vec<u32> {
    let tie = e.tie_order();
    let mut order: Vec<u32> = (0..e.projects.len() as u32).collect();
    order.sort_by(|&a, &b| {
        scores[b as usize]
            .cmp(&scores[a as usize])
            .then(tie[a as usize].cmp(&tie[b as usize]))
    });
    order
}

fn below(score: i64, t: &Decimal) -> bool {
    // score < t, exactly.
    Decimal::from_int(score).cmp_value(t) == std::cmp::Ordering::Less
}

/// Greedy by score. `threshold` is used by [`GreedyVariant::Threshold`]; when `None`, the
/// election's META `min_project_score_threshold` is used (no threshold if absent).
pub fn greedy(e: &Election, variant: GreedyVariant, threshold: Option<Decimal>) -> Outcome {
    let scores = e.scores();
    let order = greedy_order(e, &scores);
    let threshold = match variant {
        GreedyVariant::Threshold => threshold.or(e.score_threshold),
        _ => None,
    };
    let mut remaining = e.budget as i128;
    let mut selected = Vec::new();
    let mut steps = Vec::with_capacity(order.len());
    let mut stopped = false;
    for &p in &order {
        let proj = &e.projects[p as usize];
        let score = scores[p as usize];
        let decision = if stopped {
            GreedyDecision::Stopped
        } else if threshold.as_ref().is_some_and(|t| below(score, t)) {
            GreedyDecision::BelowThreshold
        } else if (proj.cost as i128) <= remaining {
            remaining -= proj.cost as i128;
            selected.push(p);
            GreedyDecision::Selected
        } else {
            if variant == GreedyVariant::NoSkip {
                stopped = true;
            }
            GreedyDecision::DoesNotFit
        };
        steps.push(GreedyStep {
            project: proj.id.clone(),
            score,
            cost: e.money(proj.cost as i128),
            decision,
            remaining: e.money(remaining),
        });
    }
    Outcome {
        rule: variant.rule_name().to_string(),
        total_cost: e.cost_of(&selected),
        selected,
        explanation: Explanation::Greedy(GreedyExplanation {
            variant,
            score_kind: score_kind(e).to_string(),
            threshold: threshold.map(|t| t.to_string()),
            steps,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_and_no_skip() {
        // Scores: p0=3, p1=2, p2=1. Costs 6, 5, 4. Budget 10.
        let e = Election::approval(&[6, 5, 4], 10, &[vec![0, 1, 2], vec![0, 1], vec![0]]);
        let g = greedy(&e, GreedyVariant::Skip, None);
        assert_eq!(g.selected, vec![0, 2]);
        assert_eq!(g.total_cost, 10);
        let g = greedy(&e, GreedyVariant::NoSkip, None);
        assert_eq!(g.selected, vec![0]);
        let g = greedy(&e, GreedyVariant::Threshold, Some(Decimal::from_int(2)));
        assert_eq!(g.selected, vec![0]);
    }

    #[test]
    fn ties_more_supporters_then_cheaper_then_file_order() {
        // Equal scores; cheaper first, then earlier.
        let e = Election::approval(&[5, 4, 4], 8, &[vec![0, 1, 2]]);
        let g = greedy(&e, GreedyVariant::Skip, None);
        assert_eq!(g.selected, vec![1, 2]);
    }
}
