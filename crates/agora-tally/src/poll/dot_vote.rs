//! Dot vote: each voter distributes a budget of points (dots) over the options; options are ranked
//! by total points.
//!
//! Validation: a ballot may not spend more than the budget, nor (with `exact`) less; with
//! `max_per_option`, no option may get more than that from one ballot.
//!
//! Tie-breaking: equal totals share a tier; the single [`Winner`] is the first tied option in option
//! order (`tie_broken: true`).

use serde::{Deserialize, Serialize};

use super::{
    BallotProblem, MAX_DOT_BUDGET, OptionId, PollError, PollProblem, Ranking, Seen, Winner,
    check_options, tiers_by_key, total_weight, winner_of,
};

/// A dot-vote ballot: `(option, points)` pairs, each option at most once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DotBallot {
    pub points: Vec<(OptionId, u64)>,
    pub count: u64,
}

impl DotBallot {
    pub fn new(points: Vec<(OptionId, u64)>) -> Self {
        DotBallot { points, count: 1 }
    }
}

/// The point budget of each voter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DotRules {
    /// Points each voter has, `1..=`[`MAX_DOT_BUDGET`].
    pub budget: u64,
    /// Every ballot must spend exactly `budget` points.
    pub exact: bool,
    /// Most points one ballot may put on one option.
    pub max_per_option: Option<u64>,
}

impl DotRules {
    /// At most `budget` points per ballot, any number per option.
    pub fn new(budget: u64) -> Self {
        DotRules {
            budget,
            exact: false,
            max_per_option: None,
        }
    }
}

/// Result of a dot vote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DotResult {
    /// Points per option.
    pub points: Vec<u64>,
    /// Sum of all points given (equals the sum of `points`).
    pub total_points: u64,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Counts dot-vote ballots over `options` options.
pub fn dot_vote(
    options: usize,
    ballots: &[DotBallot],
    rules: &DotRules,
) -> Result<DotResult, PollError> {
    check_options(options)?;
    if rules.budget == 0 || rules.budget > MAX_DOT_BUDGET {
        return Err(PollError::poll(PollProblem::InvalidPointBudget {
            budget: rules.budget,
        }));
    }
    let total = total_weight(ballots.iter().map(|b| b.count))?;
    let mut seen = Seen::new(options);
    for (i, b) in ballots.iter().enumerate() {
        seen.next_ballot();
        let mut spent = 0u64;
        for &(o, p) in &b.points {
            seen.insert(o).map_err(|e| PollError::ballot(i, e))?;
            if let Some(max) = rules.max_per_option.filter(|max| p > *max) {
                return Err(PollError::ballot(
                    i,
                    BallotProblem::TooManyPointsOnOption {
                        option: o,
                        max,
                        got: p,
                    },
                ));
            }
            spent = spent.saturating_add(p);
        }
        if spent > rules.budget {
            return Err(PollError::ballot(
                i,
                BallotProblem::TooManyPoints {
                    budget: rules.budget,
                    got: spent,
                },
            ));
        }
        if rules.exact && spent < rules.budget {
            return Err(PollError::ballot(
                i,
                BallotProblem::TooFewPoints {
                    budget: rules.budget,
                    got: spent,
                },
            ));
        }
    }
    // Exact: at most 2^20 points per ballot and a total weight <= 2^40.
    let mut points = vec![0u64; options];
    for b in ballots {
        for &(o, p) in &b.points {
            points[o] += p * b.count;
        }
    }
    let ranking = tiers_by_key(options, |o| points[o]);
    let winner = winner_of(&ranking);
    Ok(DotResult {
        total_points: points.iter().sum(),
        points,
        ballots: total,
        ranking,
        winner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals() {
        let b = vec![
            DotBallot::new(vec![(0, 6), (2, 4)]),
            DotBallot {
                points: vec![(1, 10)],
                count: 2,
            },
            DotBallot::new(vec![(0, 3)]),
        ];
        let r = dot_vote(3, &b, &DotRules::new(10)).expect("valid");
        assert_eq!(r.points, vec![9, 20, 4]);
        assert_eq!(r.total_points, 33);
        assert_eq!(r.ranking, vec![vec![1], vec![0], vec![2]]);
    }

    #[test]
    fn validates_the_sum() {
        let b = vec![DotBallot::new(vec![(0, 6), (1, 5)])];
        assert_eq!(
            dot_vote(2, &b, &DotRules::new(10)).unwrap_err(),
            PollError::ballot(
                0,
                BallotProblem::TooManyPoints {
                    budget: 10,
                    got: 11
                }
            )
        );
        let exact = DotRules {
            exact: true,
            ..DotRules::new(10)
        };
        let b = vec![DotBallot::new(vec![(0, 10)]), DotBallot::new(vec![(0, 6)])];
        assert_eq!(
            dot_vote(2, &b, &exact).unwrap_err(),
            PollError::ballot(1, BallotProblem::TooFewPoints { budget: 10, got: 6 })
        );
        let capped = DotRules {
            max_per_option: Some(5),
            ..DotRules::new(10)
        };
        let b = vec![DotBallot::new(vec![(1, 6)])];
        assert_eq!(
            dot_vote(2, &b, &capped).unwrap_err(),
            PollError::ballot(
                0,
                BallotProblem::TooManyPointsOnOption {
                    option: 1,
                    max: 5,
                    got: 6
                }
            )
        );
        let huge = vec![DotBallot::new(vec![(0, u64::MAX), (1, u64::MAX)])];
        assert!(dot_vote(2, &huge, &DotRules::new(10)).is_err());
    }
}
