//! Approval (multiple choice): each ballot approves a set of options, optionally between `min` and
//! `max` of them; most approvals wins.
//!
//! Tie-breaking: options with equal approvals share a tier; the single [`Winner`] is the first
//! tied option in option order (`tie_broken: true`).

use serde::{Deserialize, Serialize};

use super::{
    BallotProblem, OptionId, PollError, PollProblem, Ranking, Seen, Winner, check_options,
    tiers_by_key, total_weight, winner_of,
};

/// A multiple-choice ballot: the approved options, in any order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalBallot {
    pub approved: Vec<OptionId>,
    pub count: u64,
}

impl ApprovalBallot {
    pub fn new(approved: Vec<OptionId>) -> Self {
        ApprovalBallot { approved, count: 1 }
    }
}

/// How many options a ballot may approve. The default allows any number, including none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRules {
    pub min: usize,
    pub max: Option<usize>,
}

/// Result of an approval count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalResult {
    /// Approvals per option.
    pub approvals: Vec<u64>,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Counts approval ballots over `options` options.
pub fn approval(
    options: usize,
    ballots: &[ApprovalBallot],
    rules: &ApprovalRules,
) -> Result<ApprovalResult, PollError> {
    check_options(options)?;
    if rules.min > options || rules.max.is_some_and(|max| max < rules.min) {
        return Err(PollError::poll(PollProblem::InvalidChoiceLimits {
            min: rules.min,
            max: rules.max,
        }));
    }
    let total = total_weight(ballots.iter().map(|b| b.count))?;
    let mut seen = Seen::new(options);
    let mut approvals = vec![0u64; options];
    for (i, b) in ballots.iter().enumerate() {
        seen.next_ballot();
        for &o in &b.approved {
            seen.insert(o).map_err(|p| PollError::ballot(i, p))?;
        }
        let got = b.approved.len();
        if got < rules.min {
            return Err(PollError::ballot(
                i,
                BallotProblem::TooFewChoices {
                    min: rules.min,
                    got,
                },
            ));
        }
        if let Some(max) = rules.max.filter(|max| got > *max) {
            return Err(PollError::ballot(
                i,
                BallotProblem::TooManyChoices { max, got },
            ));
        }
        for &o in &b.approved {
            approvals[o] += b.count;
        }
    }
    let ranking = tiers_by_key(options, |o| approvals[o]);
    let winner = winner_of(&ranking);
    Ok(ApprovalResult {
        approvals,
        ballots: total,
        ranking,
        winner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_approvals() {
        let b = vec![
            ApprovalBallot::new(vec![0, 2]),
            ApprovalBallot {
                approved: vec![2],
                count: 2,
            },
            ApprovalBallot::new(vec![]),
        ];
        let r = approval(3, &b, &ApprovalRules::default()).expect("valid");
        assert_eq!(r.approvals, vec![1, 0, 3]);
        assert_eq!(r.ballots, 4);
        assert_eq!(r.ranking, vec![vec![2], vec![0], vec![1]]);
        assert_eq!(
            r.winner,
            Winner {
                option: 2,
                tie_broken: false
            }
        );
    }

    #[test]
    fn enforces_limits_and_duplicates() {
        let rules = ApprovalRules {
            min: 1,
            max: Some(2),
        };
        let b = vec![
            ApprovalBallot::new(vec![0]),
            ApprovalBallot::new(vec![0, 1, 2]),
        ];
        assert_eq!(
            approval(3, &b, &rules).unwrap_err(),
            PollError::ballot(1, BallotProblem::TooManyChoices { max: 2, got: 3 })
        );
        let b = vec![ApprovalBallot::new(vec![])];
        assert_eq!(
            approval(3, &b, &rules).unwrap_err(),
            PollError::ballot(0, BallotProblem::TooFewChoices { min: 1, got: 0 })
        );
        let b = vec![ApprovalBallot::new(vec![1, 1])];
        assert_eq!(
            approval(3, &b, &rules).unwrap_err(),
            PollError::ballot(0, BallotProblem::DuplicateOption { option: 1 })
        );
        let bad = ApprovalRules {
            min: 3,
            max: Some(2),
        };
        assert!(matches!(
            approval(3, &[], &bad).unwrap_err(),
            PollError::Poll {
                problem: PollProblem::InvalidChoiceLimits { .. }
            }
        ));
    }
}
