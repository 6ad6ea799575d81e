//! Single transferable vote (STV), multi-winner, **Weighted Inclusive Gregory Method** as in the
//! Scottish STV rules (Scottish local government elections, 2007), with these details:
//!
//! - **Droop quota** `floor(valid ballots / (seats + 1)) + 1`.
//! - **Fixed-point arithmetic**: every vote value and transfer value is a whole number of
//!   1/100 000 ([`Votes`]), truncated (never rounded up) after each multiplication and division, as
//!   the Scottish rules prescribe. What truncation loses is reported as `lost_to_rounding`.
//! - Round 1 counts first preferences. An option reaching the quota is elected (several at once
//!   in order of votes, ties by option order).
//! - **Surplus transfer (inclusive Gregory, weighted)**: the largest untransferred surplus is
//!   transferred first (equal surpluses: the option elected first). *All* ballots the elected option
//!   holds move to their next preference among continuing options, each at
//!   `its value × surplus / option's total`, truncated. The elected option keeps exactly the quota.
//!   Ballots with no continuing preference are non-transferable (`exhausted`).
//! - **Exclusion**, when no surplus is left to transfer: the continuing option with the fewest votes
//!   is excluded and all its ballots move at their current value. Ties for fewest votes: fewest
//!   votes in the latest earlier round where they differed; tied in every round: the option listed
//!   **last** is excluded (the Scottish rules draw lots here; we stay deterministic). Unlike the
//!   Scottish rules, an excluded option's ballots move in one round rather than one batch per value.
//! - When the continuing options are no more than the seats left, they are all elected
//!   (`elected_as_remaining`), in order of votes.
//!
//! The variant name is in [`STV_VARIANT`] and in every [`StvResult`].
//!
//! The ranking: elected options in order of election (one per tier), then options never elected
//! nor excluded by their last votes, then excluded options, last excluded first.

use serde::{Serialize, Serializer};
use std::fmt;

use super::{
    EliminationReason, Holders, OptionId, PollError, PollProblem, Profile, RankedBallot, Ranking,
    tiers_by_key,
};

/// The name of the STV variant implemented here.
pub const STV_VARIANT: &str = "Weighted Inclusive Gregory Method (Scottish STV rules), Droop quota, \
values truncated to 5 decimal places";

/// A number of votes in fixed point: whole units of 1/100 000 of a vote.
///
/// Serialised as a JSON number (`units / 100000`); displayed with exactly 5 decimals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Votes(pub u64);

impl Votes {
    /// Units per vote.
    pub const SCALE: u64 = 100_000;
    /// Whole votes.
    pub fn whole(votes: u64) -> Votes {
        Votes(votes * Self::SCALE)
    }
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }
}

impl Serialize for Votes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl fmt::Display for Votes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:05}", self.0 / Self::SCALE, self.0 % Self::SCALE)
    }
}

/// What happened at the start of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StvAction {
    /// Round 1: first preferences counted.
    FirstPreferences,
    /// `from`'s surplus was transferred. `total` is what `from` held, `transfer_value` the factor
    /// `surplus / total` (the new value of a ballot that was worth 1).
    Surplus {
        from: OptionId,
        surplus: Votes,
        total: Votes,
        transfer_value: Votes,
    },
    /// `excluded` was excluded and its ballots transferred at their current value.
    Exclusion {
        excluded: OptionId,
        reason: EliminationReason,
    },
}

/// One round of an STV count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StvRound {
    /// 1-based round number.
    pub round: usize,
    pub action: StvAction,
    /// Votes per option after this round's transfer (an elected option whose surplus was
    /// transferred shows the quota; an excluded option 0).
    pub votes: Vec<Votes>,
    /// Options that reached the quota in this round, in order of election.
    pub elected: Vec<OptionId>,
    /// Options elected in this round without reaching the quota, because no more options than
    /// seats were left.
    pub elected_as_remaining: Vec<OptionId>,
    /// Value of non-transferable ballots so far.
    pub exhausted: Votes,
    /// Value lost to truncation so far.
    pub lost_to_rounding: Votes,
}

/// Result of an STV count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StvResult {
    /// [`STV_VARIANT`].
    pub variant: &'static str,
    pub seats: usize,
    /// Sum of ballot counts (all valid).
    pub ballots: u64,
    pub quota: Votes,
    pub rounds: Vec<StvRound>,
    /// Elected options in order of election.
    pub elected: Vec<OptionId>,
    pub ranking: Ranking,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Continuing,
    Elected,
    Excluded,
}

/// STV count of ranked ballots over `options` options for `seats` seats.
pub fn stv(options: usize, ballots: &[RankedBallot], seats: usize) -> Result<StvResult, PollError> {
    let profile = Profile::new(options, ballots)?;
    if seats == 0 || seats > options {
        return Err(PollError::poll(PollProblem::InvalidSeats {
            seats,
            options,
        }));
    }
    Ok(stv_profile(&profile, seats))
}

struct Count<'a> {
    profile: &'a Profile,
    status: Vec<Status>,
    holders: Holders,
    /// Value of each distinct ballot (per ballot, in units of 1/100 000).
    value: Vec<u64>,
    votes: Vec<u64>,
    exhausted: u64,
    lost: u64,
}

impl Count<'_> {
    /// Moves every ballot `from` holds to its next continuing preference, with `new_value`
    /// computing each ballot's value. Returns the total value that left `from`.
    fn transfer(&mut self, from: OptionId, new_value: impl Fn(u64) -> u64) -> u64 {
        let mut leaving = vec![false; self.status.len()];
        leaving[from] = true;
        let continuing: Vec<bool> = self
            .status
            .iter()
            .map(|s| *s == Status::Continuing)
            .collect();
        let mut moved = 0u64;
        let counts = &self.profile.counts;
        let (value, votes, exhausted) = (&mut self.value, &mut self.votes, &mut self.exhausted);
        self.holders
            .transfer(self.profile, &leaving, &continuing, |g, to| {
                let v = new_value(value[g]);
                value[g] = v;
                let amount = v * counts[g];
                moved += amount;
                match to {
                    Some(next) => votes[next] += amount,
                    None => *exhausted += amount,
                }
            });
        moved
    }

    fn continuing(&self) -> Vec<OptionId> {
        (0..self.status.len())
            .filter(|&o| self.status[o] == Status::Continuing)
            .collect()
    }
}

pub(crate) fn stv_profile(profile: &Profile, seats: usize) -> StvResult {
    let n = profile.n;
    let unit = Votes::SCALE;
    let quota = (profile.total / (seats as u64 + 1) + 1) * unit;
    let mut c = Count {
        profile,
        status: vec![Status::Continuing; n],
        holders: Holders::new(profile),
        value: vec![unit; profile.len()],
        votes: vec![0; n],
        exhausted: 0,
        lost: 0,
    };
    for (g, o) in c.holders.held() {
        c.votes[o] += profile.counts[g] * unit;
    }
    let mut rounds: Vec<StvRound> = Vec::new();
    let mut elected: Vec<OptionId> = Vec::new();
    // Elected options whose surplus has not been transferred yet.
    let mut pending: Vec<OptionId> = Vec::new();
    let mut excluded_order: Vec<OptionId> = Vec::new();
    let mut action = StvAction::FirstPreferences;

    loop {
        // Elect every continuing option at or above the quota, most votes first.
        let mut reached: Vec<OptionId> = c
            .continuing()
            .into_iter()
            .filter(|&o| c.votes[o] >= quota)
            .collect();
        reached.sort_by(|a, b| c.votes[*b].cmp(&c.votes[*a]));
        for &o in &reached {
            if elected.len() < seats {
                c.status[o] = Status::Elected;
                elected.push(o);
                pending.push(o);
            }
        }
        reached.retain(|o| c.status[*o] == Status::Elected);
        let mut as_remaining = Vec::new();
        let continuing = c.continuing();
        if elected.len() < seats && continuing.len() <= seats - elected.len() {
            let mut rest = continuing.clone();
            rest.sort_by(|a, b| c.votes[*b].cmp(&c.votes[*a]));
            for &o in &rest {
                c.status[o] = Status::Elected;
                elected.push(o);
            }
            as_remaining = rest;
        }
        rounds.push(StvRound {
            round: rounds.len() + 1,
            action: action.clone(),
            votes: c.votes.iter().map(|&v| Votes(v)).collect(),
            elected: reached,
            elected_as_remaining: as_remaining,
            exhausted: Votes(c.exhausted),
            lost_to_rounding: Votes(c.lost),
        });
        if elected.len() >= seats {
            break;
        }

        // Next action: the largest pending surplus, else an exclusion.
        pending.retain(|&o| c.votes[o] > quota);
        let largest = pending
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| c.votes[**a].cmp(&c.votes[**b]).then(j.cmp(i)))
            .map(|(i, &o)| (i, o));
        if let Some((i, from)) = largest {
            pending.remove(i);
            let total = c.votes[from];
            let surplus = total - quota;
            let factor = |v: u64| (u128::from(v) * u128::from(surplus) / u128::from(total)) as u64;
            let moved = c.transfer(from, factor);
            c.lost += surplus - moved;
            c.votes[from] = quota;
            action = StvAction::Surplus {
                from,
                surplus: Votes(surplus),
                total: Votes(total),
                transfer_value: Votes(factor(unit)),
            };
        } else {
            let continuing = c.continuing();
            let fewest = continuing.iter().map(|&o| c.votes[o]).min().unwrap_or(0);
            let tied: Vec<OptionId> = continuing
                .into_iter()
                .filter(|&o| c.votes[o] == fewest)
                .collect();
            let (out, reason) = if let [only] = tied[..] {
                (only, EliminationReason::FewestVotes)
            } else {
                backward_tie_break(&rounds, tied)
            };
            c.status[out] = Status::Excluded;
            c.transfer(out, |v| v);
            c.votes[out] = 0;
            excluded_order.push(out);
            action = StvAction::Exclusion {
                excluded: out,
                reason,
            };
        }
    }

    let mut ranking: Ranking = elected.iter().map(|&o| vec![o]).collect();
    let others: Vec<OptionId> = c.continuing();
    for tier in tiers_by_key(n, |o| c.votes[o]) {
        let tier: Vec<OptionId> = tier.into_iter().filter(|o| others.contains(o)).collect();
        if !tier.is_empty() {
            ranking.push(tier);
        }
    }
    ranking.extend(excluded_order.iter().rev().map(|&o| vec![o]));
    StvResult {
        variant: STV_VARIANT,
        seats,
        ballots: profile.total,
        quota: Votes(quota),
        rounds,
        elected,
        ranking,
    }
}

/// Fewest votes in the latest earlier round where the tied options differ; else the last listed.
fn backward_tie_break(rounds: &[StvRound], tied: Vec<OptionId>) -> (OptionId, EliminationReason) {
    let mut candidates = tied.clone();
    // The latest round is the one that produced the tie: look before it.
    for earlier in rounds.iter().rev().skip(1) {
        let votes_of = |o: OptionId| earlier.votes.get(o).copied().unwrap_or_default();
        let fewest = candidates
            .iter()
            .map(|&o| votes_of(o))
            .min()
            .unwrap_or_default();
        candidates.retain(|&o| votes_of(o) == fewest);
        if let [only] = candidates[..] {
            return (
                only,
                EliminationReason::TieBrokenByEarlierRound {
                    tied,
                    round: earlier.round,
                },
            );
        }
    }
    let last = candidates.last().copied().unwrap_or(0);
    (last, EliminationReason::TieBrokenByOptionOrder { tied })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rb(r: &[usize], c: u64) -> RankedBallot {
        RankedBallot::with_count(r.to_vec(), c)
    }

    #[test]
    fn votes_display_and_serialise_exactly() {
        assert_eq!(Votes(1_234_567).to_string(), "12.34567");
        assert_eq!(Votes(5).to_string(), "0.00005");
        assert_eq!(
            serde_json::to_string(&Votes(1_250_000)).ok().as_deref(),
            Some("12.5")
        );
    }

    #[test]
    fn surplus_transfer_hand_computed() {
        // 2 seats, options a=0 b=1 c=2 d=3; 20 ballots → quota floor(20/3)+1 = 7.
        // a: 10 first preferences (6 a>b, 4 a>c), b: 2, c: 4, d: 4.
        // Round 1: a elected (10 ≥ 7), surplus 3, transfer value 3/10 = 0.3.
        // Round 2: b 2 + 6×0.3 = 3.8, c 4 + 4×0.3 = 5.2, d 4. Nobody at quota.
        // Round 3: b (3.8) excluded; its 2 b-ballots (b>d) go to d at 1 and the 6 a>b ballots
        // have no preference left (exhausted 1.8). d 6, c 5.2.
        // Round 4: with 2 continuing for 1 seat, c excluded; d elected as the last remaining.
        let b = [
            rb(&[0, 1], 6),
            rb(&[0, 2], 4),
            rb(&[1, 3], 2),
            rb(&[2], 4),
            rb(&[3], 4),
        ];
        let r = stv(4, &b, 2).expect("valid");
        assert_eq!(r.quota, Votes::whole(7));
        assert_eq!(r.rounds[0].elected, vec![0]);
        assert_eq!(
            r.rounds[1].action,
            StvAction::Surplus {
                from: 0,
                surplus: Votes::whole(3),
                total: Votes::whole(10),
                transfer_value: Votes(30_000),
            }
        );
        assert_eq!(
            r.rounds[1].votes,
            vec![
                Votes::whole(7),
                Votes(380_000),
                Votes(520_000),
                Votes::whole(4)
            ]
        );
        assert_eq!(
            r.rounds[2].action,
            StvAction::Exclusion {
                excluded: 1,
                reason: EliminationReason::FewestVotes
            }
        );
        assert_eq!(r.rounds[2].votes[3], Votes::whole(6));
        assert_eq!(r.rounds[2].exhausted, Votes(180_000));
        assert_eq!(r.rounds[3].elected_as_remaining, vec![3]);
        assert_eq!(r.elected, vec![0, 3]);
        assert_eq!(r.ranking, vec![vec![0], vec![3], vec![2], vec![1]]);
    }

    #[test]
    fn truncation_loss_is_reported() {
        // 2 seats, 7 ballots: quota floor(7/3)+1 = 3. a has 7: surplus 4, transfer value
        // 4/7 = 0.571428... truncated to 0.57142; 7 ballots carry 3.99994, 0.00006 is lost.
        let b = [rb(&[0, 1], 7)];
        let r = stv(3, &b, 2).expect("valid");
        assert_eq!(r.quota, Votes::whole(3));
        assert_eq!(r.rounds[1].votes[1], Votes(399_994));
        assert_eq!(r.rounds[1].lost_to_rounding, Votes(6));
        assert_eq!(r.elected, vec![0, 1]);
    }

    #[test]
    fn invalid_seats() {
        assert!(matches!(
            stv(2, &[rb(&[0], 1)], 3).unwrap_err(),
            PollError::Poll {
                problem: PollProblem::InvalidSeats {
                    seats: 3,
                    options: 2
                }
            }
        ));
    }
}
