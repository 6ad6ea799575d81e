//! Proposal / consent poll: each voter agrees, abstains, disagrees or blocks.
//!
//! The result gives the counts and their percentages of all ballots. The outcome:
//!
//! 1. [`ProposalOutcome::NoVotes`] when nobody voted;
//! 2. [`ProposalOutcome::NoQuorum`] when fewer ballots than the quorum were cast;
//! 3. [`ProposalOutcome::Blocked`] when **anyone blocked**: a block is never averaged away, and a
//!    proposal with a block never passes, whatever the agreement (`agreement_reached` still says
//!    whether the threshold was met without it, so the platform can show both);
//! 4. otherwise [`ProposalOutcome::Passed`] when `agree / (agree + disagree + block)` is strictly
//!    above the pass threshold (abstentions do not count), else [`ProposalOutcome::NotPassed`].
//!
//! The default threshold is 50 %: more agree than disagree. `blocked` is `true` whenever there is a
//! block, even when the outcome is `NoQuorum`.

use serde::{Deserialize, Serialize};

use super::{PollError, PollProblem, total_weight};

/// A voter's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Agree,
    Abstain,
    Disagree,
    Block,
}

/// A proposal ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalBallot {
    pub position: Position,
    pub count: u64,
}

impl ProposalBallot {
    pub fn new(position: Position) -> Self {
        ProposalBallot { position, count: 1 }
    }
}

/// Quorum and pass threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalRules {
    /// Least number of ballots for an outcome other than `NoQuorum`.
    pub quorum: Option<u64>,
    /// Agreement needed, in percent of agree + disagree + block (strictly above), `0..=100`.
    pub pass_threshold_percent: u32,
}

impl Default for ProposalRules {
    fn default() -> Self {
        ProposalRules {
            quorum: None,
            pass_threshold_percent: 50,
        }
    }
}

/// The outcome of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProposalOutcome {
    NoVotes,
    NoQuorum { ballots: u64, quorum: u64 },
    Blocked { blocks: u64 },
    Passed,
    NotPassed,
}

/// Percentages of all ballots (0 when there are none).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Percentages {
    pub agree: f64,
    pub abstain: f64,
    pub disagree: f64,
    pub block: f64,
}

/// Result of a proposal poll.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalResult {
    pub agree: u64,
    pub abstain: u64,
    pub disagree: u64,
    pub block: u64,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub percentages: Percentages,
    /// `true` when at least one voter blocked.
    pub blocked: bool,
    /// Whether agreement is above the threshold, blocks aside.
    pub agreement_reached: bool,
    pub pass_threshold_percent: u32,
    pub outcome: ProposalOutcome,
}

/// Counts proposal ballots.
pub fn proposal(
    ballots: &[ProposalBallot],
    rules: &ProposalRules,
) -> Result<ProposalResult, PollError> {
    if rules.pass_threshold_percent > 100 {
        return Err(PollError::poll(PollProblem::InvalidThreshold {
            percent: rules.pass_threshold_percent,
        }));
    }
    let total = total_weight(ballots.iter().map(|b| b.count))?;
    let (mut agree, mut abstain, mut disagree, mut block) = (0u64, 0u64, 0u64, 0u64);
    for b in ballots {
        match b.position {
            Position::Agree => agree += b.count,
            Position::Abstain => abstain += b.count,
            Position::Disagree => disagree += b.count,
            Position::Block => block += b.count,
        }
    }
    let pct = |x: u64| {
        if total == 0 {
            0.0
        } else {
            x as f64 * 100.0 / total as f64
        }
    };
    let decisive = agree + disagree + block;
    let agreement_reached = decisive > 0
        && u128::from(agree) * 100
            > u128::from(rules.pass_threshold_percent) * u128::from(decisive);
    let outcome = match rules.quorum {
        _ if total == 0 => ProposalOutcome::NoVotes,
        Some(quorum) if total < quorum => ProposalOutcome::NoQuorum {
            ballots: total,
            quorum,
        },
        _ if block > 0 => ProposalOutcome::Blocked { blocks: block },
        _ if agreement_reached => ProposalOutcome::Passed,
        _ => ProposalOutcome::NotPassed,
    };
    Ok(ProposalResult {
        agree,
        abstain,
        disagree,
        block,
        ballots: total,
        percentages: Percentages {
            agree: pct(agree),
            abstain: pct(abstain),
            disagree: pct(disagree),
            block: pct(block),
        },
        blocked: block > 0,
        agreement_reached,
        pass_threshold_percent: rules.pass_threshold_percent,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Position::*;

    fn ballots(a: u64, ab: u64, d: u64, b: u64) -> Vec<ProposalBallot> {
        [(Agree, a), (Abstain, ab), (Disagree, d), (Block, b)]
            .into_iter()
            .map(|(position, count)| ProposalBallot { position, count })
            .collect()
    }

    #[test]
    fn a_single_block_is_reported_and_stops_passing() {
        let r = proposal(&ballots(97, 2, 0, 1), &ProposalRules::default()).expect("valid");
        assert!(r.blocked);
        assert!(r.agreement_reached);
        assert_eq!(r.outcome, ProposalOutcome::Blocked { blocks: 1 });
        assert_eq!(r.percentages.block, 1.0);
        assert_eq!(r.percentages.agree, 97.0);
    }

    #[test]
    fn passes_on_majority_of_decisive_votes() {
        let rules = ProposalRules::default();
        assert_eq!(
            proposal(&ballots(3, 10, 2, 0), &rules)
                .expect("valid")
                .outcome,
            ProposalOutcome::Passed
        );
        assert_eq!(
            proposal(&ballots(2, 10, 2, 0), &rules)
                .expect("valid")
                .outcome,
            ProposalOutcome::NotPassed
        );
        let two_thirds = ProposalRules {
            pass_threshold_percent: 66,
            ..rules
        };
        assert_eq!(
            proposal(&ballots(2, 0, 1, 0), &two_thirds)
                .expect("valid")
                .outcome,
            ProposalOutcome::Passed
        );
        let three_quarters = ProposalRules {
            pass_threshold_percent: 75,
            ..rules
        };
        assert_eq!(
            proposal(&ballots(3, 0, 1, 0), &three_quarters)
                .expect("valid")
                .outcome,
            ProposalOutcome::NotPassed
        );
    }

    #[test]
    fn quorum_and_no_votes() {
        let rules = ProposalRules {
            quorum: Some(10),
            ..ProposalRules::default()
        };
        let r = proposal(&ballots(5, 0, 0, 1), &rules).expect("valid");
        assert_eq!(
            r.outcome,
            ProposalOutcome::NoQuorum {
                ballots: 6,
                quorum: 10
            }
        );
        assert!(r.blocked);
        assert_eq!(
            proposal(&[], &rules).expect("valid").outcome,
            ProposalOutcome::NoVotes
        );
        let bad = ProposalRules {
            pass_threshold_percent: 101,
            ..ProposalRules::default()
        };
        assert!(proposal(&[], &bad).is_err());
    }
}
