//! Score voting: each ballot gives options a score in the poll's range `min..=max`; options are
//! ranked by the sum of their scores (default) or by their mean score.
//!
//! A ballot may leave options unscored: they get nothing added to their sum and do not count in
//! their mean (so ranking by sum and by mean can differ when ballots are partial).
//!
//! Tie-breaking: equal sums (or, with [`ScoreRankBy::Mean`], exactly equal means, compared as
//! fractions) share a tier; options nobody scored come last when ranking by mean. The single
//! [`Winner`] is the first tied option in option order (`tie_broken: true`).

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use super::{
    BallotProblem, MAX_SCORE_ABS, OptionId, PollError, PollProblem, Ranking, Seen, Winner,
    check_options, tiers_by_key, total_weight, winner_of,
};

/// A score ballot: `(option, score)` pairs, each option at most once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreBallot {
    pub scores: Vec<(OptionId, i64)>,
    pub count: u64,
}

impl ScoreBallot {
    pub fn new(scores: Vec<(OptionId, i64)>) -> Self {
        ScoreBallot { scores, count: 1 }
    }
}

/// What the ranking uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreRankBy {
    #[default]
    Sum,
    Mean,
}

/// The score range and the ranking criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRules {
    pub min: i64,
    pub max: i64,
    pub rank_by: ScoreRankBy,
}

impl ScoreRules {
    /// Scores in `min..=max`, ranked by sum.
    pub fn new(min: i64, max: i64) -> Self {
        ScoreRules {
            min,
            max,
            rank_by: ScoreRankBy::Sum,
        }
    }
}

/// Totals of one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreOption {
    /// Sum of scores (each ballot's score times its count).
    pub sum: i64,
    /// Number of ballots (sum of counts) that scored this option.
    pub scored_by: u64,
    /// `sum / scored_by`, or `None` when nobody scored it.
    pub mean: Option<f64>,
}

/// Result of a score count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    pub options: Vec<ScoreOption>,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub rank_by: ScoreRankBy,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Mean as an exact fraction for ordering; "nobody scored" is below every mean.
struct MeanKey {
    sum: i64,
    count: u64,
}

impl PartialEq for MeanKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for MeanKey {}

impl Ord for MeanKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.count, other.count) {
            (0, 0) => Ordering::Equal,
            (0, _) => Ordering::Less,
            (_, 0) => Ordering::Greater,
            (a, b) => {
                (i128::from(self.sum) * i128::from(b)).cmp(&(i128::from(other.sum) * i128::from(a)))
            }
        }
    }
}

impl PartialOrd for MeanKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Counts score ballots over `options` options.
pub fn score(
    options: usize,
    ballots: &[ScoreBallot],
    rules: &ScoreRules,
) -> Result<ScoreResult, PollError> {
    check_options(options)?;
    if rules.min > rules.max || rules.min < -MAX_SCORE_ABS || rules.max > MAX_SCORE_ABS {
        return Err(PollError::poll(PollProblem::InvalidScoreRange {
            min: rules.min,
            max: rules.max,
        }));
    }
    let total = total_weight(ballots.iter().map(|b| b.count))?;
    let mut seen = Seen::new(options);
    let mut sums = vec![0i64; options];
    let mut scored_by = vec![0u64; options];
    for (i, b) in ballots.iter().enumerate() {
        seen.next_ballot();
        for &(o, s) in &b.scores {
            seen.insert(o).map_err(|p| PollError::ballot(i, p))?;
            if s < rules.min || s > rules.max {
                return Err(PollError::ballot(
                    i,
                    BallotProblem::ScoreOutOfRange {
                        option: o,
                        score: s,
                        min: rules.min,
                        max: rules.max,
                    },
                ));
            }
        }
    }
    // Exact: |score| <= 2^20 and total weight <= 2^40, so every sum fits in an i64.
    for b in ballots {
        let count = b.count;
        for &(o, s) in &b.scores {
            sums[o] += s * count as i64;
            scored_by[o] += count;
        }
    }
    let ranking = match rules.rank_by {
        ScoreRankBy::Sum => tiers_by_key(options, |o| sums[o]),
        ScoreRankBy::Mean => tiers_by_key(options, |o| MeanKey {
            sum: sums[o],
            count: scored_by[o],
        }),
    };
    let winner = winner_of(&ranking);
    let options = (0..options)
        .map(|o| ScoreOption {
            sum: sums[o],
            scored_by: scored_by[o],
            mean: (scored_by[o] > 0).then(|| sums[o] as f64 / scored_by[o] as f64),
        })
        .collect();
    Ok(ScoreResult {
        options,
        ballots: total,
        rank_by: rules.rank_by,
        ranking,
        winner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballots() -> Vec<ScoreBallot> {
        vec![
            ScoreBallot::new(vec![(0, 5), (1, 3)]),
            ScoreBallot {
                scores: vec![(0, 1), (1, 4)],
                count: 2,
            },
            ScoreBallot::new(vec![(2, 5)]),
        ]
    }

    #[test]
    fn sum_ranking() {
        let r = score(3, &ballots(), &ScoreRules::new(0, 5)).expect("valid");
        assert_eq!(r.options[0].sum, 7);
        assert_eq!(r.options[1].sum, 11);
        assert_eq!(r.options[2].sum, 5);
        assert_eq!(r.options[1].scored_by, 3);
        assert_eq!(r.ranking, vec![vec![1], vec![0], vec![2]]);
        assert_eq!(r.winner.option, 1);
    }

    #[test]
    fn mean_ranking_counts_only_scorers() {
        let rules = ScoreRules {
            rank_by: ScoreRankBy::Mean,
            ..ScoreRules::new(0, 5)
        };
        let r = score(4, &ballots(), &rules).expect("valid");
        // means: 7/3, 11/3, 5/1, none
        assert_eq!(r.ranking, vec![vec![2], vec![1], vec![0], vec![3]]);
        assert_eq!(r.options[3].mean, None);
        assert_eq!(r.options[2].mean, Some(5.0));
    }

    #[test]
    fn equal_means_tie_exactly() {
        let rules = ScoreRules {
            rank_by: ScoreRankBy::Mean,
            ..ScoreRules::new(-3, 3)
        };
        // 2/3 vs 4/6: equal
        let b = vec![
            ScoreBallot {
                scores: vec![(0, 1)],
                count: 2,
            },
            ScoreBallot::new(vec![(0, 0)]),
            ScoreBallot {
                scores: vec![(1, 2)],
                count: 2,
            },
            ScoreBallot {
                scores: vec![(1, 0)],
                count: 4,
            },
        ];
        let r = score(2, &b, &rules).expect("valid");
        assert_eq!(r.ranking, vec![vec![0, 1]]);
        assert!(r.winner.tie_broken);
    }

    #[test]
    fn rejects_out_of_range() {
        let b = vec![
            ScoreBallot::new(vec![(0, 1)]),
            ScoreBallot::new(vec![(1, 6)]),
        ];
        assert_eq!(
            score(2, &b, &ScoreRules::new(0, 5)).unwrap_err(),
            PollError::ballot(
                1,
                BallotProblem::ScoreOutOfRange {
                    option: 1,
                    score: 6,
                    min: 0,
                    max: 5
                }
            )
        );
        assert!(score(2, &[], &ScoreRules::new(5, 0)).is_err());
    }
}
