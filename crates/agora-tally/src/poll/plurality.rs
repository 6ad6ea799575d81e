//! Plurality (single choice): each ballot names one option; most ballots wins.
//!
//! Tie-breaking: options with equal counts share a tier of the ranking; the single [`Winner`] is
//! the first tied option in option order (`tie_broken: true`).

use serde::{Deserialize, Serialize};

use super::{
    OptionId, PollError, Ranking, Seen, Winner, check_options, tiers_by_key, total_weight,
    winner_of,
};

/// A single-choice ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceBallot {
    pub choice: OptionId,
    pub count: u64,
}

impl ChoiceBallot {
    pub fn new(choice: OptionId) -> Self {
        ChoiceBallot { choice, count: 1 }
    }
}

/// Result of a plurality count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PluralityResult {
    /// Ballots per option.
    pub votes: Vec<u64>,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Counts single-choice ballots over `options` options.
pub fn plurality(options: usize, ballots: &[ChoiceBallot]) -> Result<PluralityResult, PollError> {
    check_options(options)?;
    let total = total_weight(ballots.iter().map(|b| b.count))?;
    let mut seen = Seen::new(options);
    let mut votes = vec![0u64; options];
    for (i, b) in ballots.iter().enumerate() {
        seen.next_ballot();
        seen.insert(b.choice).map_err(|p| PollError::ballot(i, p))?;
        votes[b.choice] += b.count;
    }
    let ranking = tiers_by_key(options, |o| votes[o]);
    let winner = winner_of(&ranking);
    Ok(PluralityResult {
        votes,
        ballots: total,
        ranking,
        winner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poll::BallotProblem;

    #[test]
    fn counts_and_ties() {
        let b = vec![
            ChoiceBallot::new(1),
            ChoiceBallot {
                choice: 2,
                count: 3,
            },
            ChoiceBallot {
                choice: 1,
                count: 2,
            },
        ];
        let r = plurality(4, &b).expect("valid");
        assert_eq!(r.votes, vec![0, 3, 3, 0]);
        assert_eq!(r.ballots, 6);
        assert_eq!(r.ranking, vec![vec![1, 2], vec![0, 3]]);
        assert_eq!(
            r.winner,
            Winner {
                option: 1,
                tie_broken: true
            }
        );
    }

    #[test]
    fn unknown_choice_names_the_ballot() {
        let b = vec![ChoiceBallot::new(0), ChoiceBallot::new(5)];
        assert_eq!(
            plurality(2, &b).unwrap_err(),
            PollError::ballot(
                1,
                BallotProblem::UnknownOption {
                    option: 5,
                    options: 2
                }
            )
        );
    }
}
