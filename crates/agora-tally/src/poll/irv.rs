//! Instant-runoff voting (IRV, "ranked choice", alternative vote).
//!
//! Each round, every ballot counts for its most preferred option still in the race. An option with
//! more than half of the ballots still counting (a *majority of continuing ballots*) wins; if only
//! one option is left it wins. Otherwise the option with the fewest votes is eliminated and its
//! ballots move to their next choice still in the race; a ballot with none left is *exhausted*.
//!
//! # Ties for elimination
//!
//! References disagree here, so the rule is a parameter ([`IrvTieBreak`]):
//!
//! - [`IrvTieBreak::Backward`] (default): among the options tied for fewest votes, eliminate the one
//!   with the fewest votes in the previous round; if still tied, look one round further back, and so
//!   on. If they were tied in every earlier round, eliminate the one listed **last** in the poll's
//!   options. Exactly one option is eliminated per round, so there is always a single winner.
//! - [`IrvTieBreak::EliminateAll`]: eliminate every option tied for fewest votes at once (as
//!   `pref_voting`'s `instant_runoff` does). If that would eliminate every remaining option, the
//!   count stops and those options are tied winners; the [`Winner`] is then the first of them in
//!   option order (`tie_broken: true`).
//!
//! Each [`IrvRound`] says who was eliminated and why ([`EliminationReason`]).
//!
//! The ranking: the winner (or tied winners) first; options still in the race when someone won,
//! by their last-round votes; then eliminated options, last eliminated first (options eliminated
//! together share a tier).

use serde::{Deserialize, Serialize};

use super::{Holders, OptionId, PollError, Profile, RankedBallot, Ranking, Winner, tiers_by_key};

/// How instant-runoff breaks a tie for fewest votes. See the [module documentation](self).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IrvTieBreak {
    #[default]
    Backward,
    EliminateAll,
}

/// Why options were eliminated in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EliminationReason {
    /// It alone had the fewest votes.
    FewestVotes,
    /// `tied` had the fewest votes; it had fewer votes than the others in round `round` (1-based).
    TieBrokenByEarlierRound { tied: Vec<OptionId>, round: usize },
    /// `tied` had the fewest votes in this and every earlier round; it is listed last among them.
    TieBrokenByOptionOrder { tied: Vec<OptionId> },
    /// All options tied for fewest votes were eliminated together ([`IrvTieBreak::EliminateAll`]).
    TiedForFewestVotes,
}

/// One round of counting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IrvRound {
    /// 1-based round number.
    pub round: usize,
    /// Votes per option; `None` for options eliminated in an earlier round.
    pub votes: Vec<Option<u64>>,
    /// Ballots counting for an option still in the race.
    pub continuing: u64,
    /// Ballots with no option left in the race (cumulative).
    pub exhausted: u64,
    /// Options eliminated at the end of this round (empty in the last round).
    pub eliminated: Vec<OptionId>,
    /// Why they were eliminated.
    pub reason: Option<EliminationReason>,
    /// Winner(s) decided in this round (last round only). More than one only on a final tie with
    /// [`IrvTieBreak::EliminateAll`].
    pub elected: Vec<OptionId>,
}

/// Result of an instant-runoff count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IrvResult {
    pub rounds: Vec<IrvRound>,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub tie_break: IrvTieBreak,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Instant-runoff count of ranked ballots over `options` options.
pub fn instant_runoff(
    options: usize,
    ballots: &[RankedBallot],
    tie_break: IrvTieBreak,
) -> Result<IrvResult, PollError> {
    let profile = Profile::new(options, ballots)?;
    Ok(irv_profile(&profile, tie_break))
}

pub(crate) fn irv_profile(profile: &Profile, tie_break: IrvTieBreak) -> IrvResult {
    let n = profile.n;
    let mut in_race = vec![true; n];
    let mut leaving = vec![false; n];
    let mut holders = Holders::new(profile);
    let mut votes = vec![0u64; n];
    for (g, o) in holders.held() {
        votes[o] += profile.counts[g];
    }
    let mut exhausted = 0u64;
    let mut rounds: Vec<IrvRound> = Vec::new();
    // Tiers of eliminated options, in elimination order.
    let mut eliminated_tiers: Vec<Vec<OptionId>> = Vec::new();

    loop {
        let round_votes: Vec<Option<u64>> =
            (0..n).map(|o| in_race[o].then_some(votes[o])).collect();
        let remaining: Vec<OptionId> = (0..n).filter(|&o| in_race[o]).collect();
        let continuing: u64 = remaining.iter().map(|&o| votes[o]).sum();
        let mut round = IrvRound {
            round: rounds.len() + 1,
            votes: round_votes,
            continuing,
            exhausted,
            eliminated: Vec::new(),
            reason: None,
            elected: Vec::new(),
        };

        let majority = remaining
            .iter()
            .copied()
            .find(|&o| votes[o] * 2 > continuing);
        if let Some(w) = majority.or(if remaining.len() == 1 {
            remaining.first().copied()
        } else {
            None
        }) {
            round.elected = vec![w];
            rounds.push(round);
            break;
        }
        let fewest = remaining.iter().map(|&o| votes[o]).min().unwrap_or(0);
        let tied: Vec<OptionId> = remaining
            .iter()
            .copied()
            .filter(|&o| votes[o] == fewest)
            .collect();
        let (out, reason) = if tied.len() == 1 {
            (tied, EliminationReason::FewestVotes)
        } else {
            match tie_break {
                IrvTieBreak::EliminateAll if tied.len() == remaining.len() => {
                    round.elected = tied;
                    rounds.push(round);
                    break;
                }
                IrvTieBreak::EliminateAll => (tied, EliminationReason::TiedForFewestVotes),
                IrvTieBreak::Backward => backward_tie_break(&rounds, tied),
            }
        };
        for &o in &out {
            in_race[o] = false;
            leaving[o] = true;
            votes[o] = 0;
        }
        holders.transfer(profile, &leaving, &in_race, |g, to| match to {
            Some(next) => votes[next] += profile.counts[g],
            None => exhausted += profile.counts[g],
        });
        for &o in &out {
            leaving[o] = false;
        }
        round.eliminated = out.clone();
        round.reason = Some(reason);
        rounds.push(round);
        eliminated_tiers.push(out);
    }

    // Ranking: winners, then the rest of the last round by votes, then eliminated (last first).
    let last = rounds.last();
    let elected: Vec<OptionId> = last.map(|r| r.elected.clone()).unwrap_or_default();
    let mut ranking: Ranking = vec![elected.clone()];
    if let Some(last) = last {
        let others: Vec<OptionId> = (0..n)
            .filter(|o| last.votes[*o].is_some() && !elected.contains(o))
            .collect();
        let tiers = tiers_by_key(n, |o| last.votes[o]);
        for tier in tiers {
            let tier: Vec<OptionId> = tier.into_iter().filter(|o| others.contains(o)).collect();
            if !tier.is_empty() {
                ranking.push(tier);
            }
        }
    }
    ranking.extend(eliminated_tiers.into_iter().rev());
    let winner = Winner {
        option: elected.first().copied().unwrap_or(0),
        tie_broken: elected.len() > 1,
    };
    IrvResult {
        rounds,
        ballots: profile.total,
        tie_break,
        ranking,
        winner,
    }
}

/// Backward tie-break: fewest votes in the latest earlier round that separates them, else the one
/// listed last.
fn backward_tie_break(
    rounds: &[IrvRound],
    tied: Vec<OptionId>,
) -> (Vec<OptionId>, EliminationReason) {
    let mut candidates = tied.clone();
    for earlier in rounds.iter().rev() {
        let votes_of = |o: OptionId| earlier.votes.get(o).copied().flatten().unwrap_or(0);
        let fewest = candidates.iter().map(|&o| votes_of(o)).min().unwrap_or(0);
        candidates.retain(|&o| votes_of(o) == fewest);
        if let [only] = candidates[..] {
            return (
                vec![only],
                EliminationReason::TieBrokenByEarlierRound {
                    tied,
                    round: earlier.round,
                },
            );
        }
    }
    let last = candidates.last().copied().unwrap_or(0);
    (
        vec![last],
        EliminationReason::TieBrokenByOptionOrder { tied },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rb(r: &[usize], c: u64) -> RankedBallot {
        RankedBallot::with_count(r.to_vec(), c)
    }

    #[test]
    fn majority_in_first_round() {
        let r =
            instant_runoff(3, &[rb(&[0], 3), rb(&[1], 2)], IrvTieBreak::Backward).expect("valid");
        assert_eq!(r.rounds.len(), 1);
        assert_eq!(r.rounds[0].elected, vec![0]);
        assert_eq!(
            r.winner,
            Winner {
                option: 0,
                tie_broken: false
            }
        );
        assert_eq!(r.ranking, vec![vec![0], vec![1], vec![2]]);
    }

    #[test]
    fn transfers_and_exhaustion() {
        // a=0 b=1 c=2. Round 1: a 4, b 3, c 2 → c out; c's ballots: 1 to b, 1 exhausted.
        // Round 2: a 4, b 4 of 8 continuing: no majority; tie → round 1: b had 3 < 4 → b out.
        // Round 3: a 4 of 4 → a wins.
        let b = [rb(&[0], 4), rb(&[1, 0], 3), rb(&[2, 1], 1), rb(&[2], 1)];
        let r = instant_runoff(3, &b, IrvTieBreak::Backward).expect("valid");
        assert_eq!(r.rounds.len(), 3);
        assert_eq!(r.rounds[0].votes, vec![Some(4), Some(3), Some(2)]);
        assert_eq!(r.rounds[0].eliminated, vec![2]);
        assert_eq!(r.rounds[0].reason, Some(EliminationReason::FewestVotes));
        assert_eq!(r.rounds[1].votes, vec![Some(4), Some(4), None]);
        assert_eq!(r.rounds[1].exhausted, 1);
        assert_eq!(r.rounds[1].continuing, 8);
        assert_eq!(r.rounds[1].eliminated, vec![1]);
        assert_eq!(
            r.rounds[1].reason,
            Some(EliminationReason::TieBrokenByEarlierRound {
                tied: vec![0, 1],
                round: 1
            })
        );
        assert_eq!(r.rounds[2].votes, vec![Some(7), None, None]);
        assert_eq!(r.rounds[2].elected, vec![0]);
        assert_eq!(r.ranking, vec![vec![0], vec![1], vec![2]]);
    }
}
