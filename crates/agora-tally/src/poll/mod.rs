//! Voting methods for polls.
//!
//! One module per method, each a pure function from ballots to a result that is plain data
//! (`Serialize`): the platform turns results into words in the reader's language, so nothing here
//! formats text except [`PollReport::to_text`], the English summary used by the command line.
//!
//! | method | function | ballot |
//! |---|---|---|
//! | plurality (single choice) | [`plurality()`] | [`ChoiceBallot`] |
//! | approval (multiple choice) | [`approval()`] | [`ApprovalBallot`] |
//! | score (sum and mean) | [`score()`] | [`ScoreBallot`] |
//! | Borda count | [`borda()`] | [`RankedBallot`] |
//! | instant-runoff | [`instant_runoff()`] | [`RankedBallot`] |
//! | Schulze (beat-path) | [`schulze()`] | [`RankedBallot`] |
//! | single transferable vote | [`stv()`] | [`RankedBallot`] |
//! | majority judgment | [`majority_judgment()`] | [`GradeBallot`] |
//! | dot vote | [`dot_vote()`] | [`DotBallot`] |
//! | proposal / consent | [`proposal()`] | [`ProposalBallot`] |
//! | meeting-time poll | [`meeting()`] | [`MeetingBallot`] |
//!
//! # Conventions shared by every method
//!
//! - **Options** are indices `0..n` ([`OptionId`]); the caller keeps the names. The ballot file
//!   ([`tally_poll_file`], documented in `POLL_FORMAT.md`) uses option names and maps them to indices.
//! - **Ballots carry a `count`**: a ballot with `count: 3` stands for three identical ballots. Counts
//!   of 0 are accepted and change nothing. Ranked ballots are merged with identical ones before
//!   counting, so a million ballots with few distinct rankings are cheap.
//! - **Validation** happens before anything is counted: the first invalid ballot gives a
//!   [`PollError::Ballot`] naming its index (0-based, in input order) and a [`BallotProblem`].
//!   Nothing panics on bad input.
//! - **Rankings are tiers**: `ranking: Vec<Vec<OptionId>>`, best tier first; options in one tier are
//!   tied (listed in option order). Ties are never hidden by the ranking.
//! - **A single winner**, where one is needed, is [`Winner`]: the first option of the first tier,
//!   i.e. *ties at the top are broken by option order* (the option listed first in the poll wins),
//!   with `tie_broken: true` so the platform can say so. Methods with rounds (instant-runoff, STV)
//!   break ties inside the count as documented on their module.
//! - **Limits** keep every sum exact in 64-bit integers: at most [`MAX_OPTIONS`] options, ballot
//!   counts adding up to at most [`MAX_TOTAL_WEIGHT`], scores within ±[`MAX_SCORE_ABS`], dot budgets
//!   up to [`MAX_DOT_BUDGET`].

use serde::Serialize;

mod approval;
mod borda;
mod dot_vote;
mod error;
mod file;
mod irv;
mod majority_judgment;
mod meeting;
mod plurality;
mod proposal;
mod schulze;
mod score;
mod stv;

pub use approval::{ApprovalBallot, ApprovalResult, ApprovalRules, approval};
pub use borda::{BordaResult, borda};
pub use dot_vote::{DotBallot, DotResult, DotRules, dot_vote};
pub use error::{BallotProblem, PollError, PollProblem};
pub use file::{Method, PollReport, PollResult, tally_poll_file, tally_poll_json};
pub use irv::{EliminationReason, IrvResult, IrvRound, IrvTieBreak, instant_runoff};
pub use majority_judgment::{GradeBallot, MjOption, MjResult, majority_judgment};
pub use meeting::{Availability, MeetingBallot, MeetingResult, MeetingSlot, meeting};
pub use plurality::{ChoiceBallot, PluralityResult, plurality};
pub use proposal::{
    Percentages, Position, ProposalBallot, ProposalOutcome, ProposalResult, ProposalRules, proposal,
};
pub use schulze::{SchulzeResult, schulze};
pub use score::{ScoreBallot, ScoreOption, ScoreRankBy, ScoreResult, ScoreRules, score};
pub use stv::{STV_VARIANT, StvAction, StvResult, StvRound, Votes, stv};

/// An option of the poll, as its index in the poll's list of options.
pub type OptionId = usize;

/// A ranking in tiers: best tier first, options in one tier are tied (in option order).
pub type Ranking = Vec<Vec<OptionId>>;

/// Largest number of options a poll may have.
pub const MAX_OPTIONS: usize = 1000;
/// Largest sum of ballot counts (about 10¹²): keeps every total exact in 64 bits.
pub const MAX_TOTAL_WEIGHT: u64 = 1 << 40;
/// Largest absolute value of a score (score polls).
pub const MAX_SCORE_ABS: i64 = 1 << 20;
/// Largest number of points per voter (dot vote).
pub const MAX_DOT_BUDGET: u64 = 1 << 20;

/// The single winner of a poll, where one is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Winner {
    pub option: OptionId,
    /// `true` when other options were tied with it and the method's documented tie-break chose it.
    pub tie_broken: bool,
}

/// A ballot that ranks options, most preferred first. Options left out are ranked below every
/// ranked option and tied with each other (truncated ballot).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct RankedBallot {
    pub ranking: Vec<OptionId>,
    pub count: u64,
}

impl RankedBallot {
    /// One ballot (`count` 1).
    pub fn new(ranking: Vec<OptionId>) -> Self {
        RankedBallot { ranking, count: 1 }
    }
    /// `count` identical ballots.
    pub fn with_count(ranking: Vec<OptionId>, count: u64) -> Self {
        RankedBallot { ranking, count }
    }
}

pub(crate) fn check_options(n: usize) -> Result<(), PollError> {
    if n == 0 {
        return Err(PollError::poll(PollProblem::NoOptions));
    }
    if n > MAX_OPTIONS {
        return Err(PollError::poll(PollProblem::TooManyOptions {
            max: MAX_OPTIONS,
            got: n,
        }));
    }
    Ok(())
}

/// Adds ballot counts, refusing a total above [`MAX_TOTAL_WEIGHT`].
pub(crate) fn total_weight(counts: impl Iterator<Item = u64>) -> Result<u64, PollError> {
    let mut total: u64 = 0;
    for c in counts {
        total = total
            .checked_add(c)
            .filter(|t| *t <= MAX_TOTAL_WEIGHT)
            .ok_or(PollError::poll(PollProblem::TooManyBallots {
                max: MAX_TOTAL_WEIGHT,
            }))?;
    }
    Ok(total)
}

/// Detects unknown and duplicate options inside one ballot without clearing a set per ballot.
pub(crate) struct Seen {
    marks: Vec<usize>,
    stamp: usize,
}

impl Seen {
    pub(crate) fn new(n: usize) -> Self {
        Seen {
            marks: vec![0; n],
            stamp: 0,
        }
    }
    /// Starts a new ballot.
    pub(crate) fn next_ballot(&mut self) {
        self.stamp += 1;
    }
    /// Records `option` for the current ballot: an error if it is unknown or already seen.
    pub(crate) fn insert(&mut self, option: OptionId) -> Result<(), BallotProblem> {
        let options = self.marks.len();
        match self.marks.get_mut(option) {
            None => Err(BallotProblem::UnknownOption { option, options }),
            Some(m) if *m == self.stamp => Err(BallotProblem::DuplicateOption { option }),
            Some(m) => {
                *m = self.stamp;
                Ok(())
            }
        }
    }
}

/// Tiers from a key per option, largest key first; equal keys share a tier (in option order).
pub(crate) fn tiers_by_key<K: Ord>(n: usize, key: impl Fn(OptionId) -> K) -> Ranking {
    let keys: Vec<K> = (0..n).map(&key).collect();
    let mut order: Vec<OptionId> = (0..n).collect();
    // Stable sort: equal keys keep option order.
    order.sort_by(|a, b| keys[*b].cmp(&keys[*a]));
    let mut tiers: Ranking = Vec::new();
    for o in order {
        match tiers.last_mut() {
            Some(tier) if tier.first().is_some_and(|f| keys[*f].cmp(&keys[o]).is_eq()) => {
                tier.push(o)
            }
            _ => tiers.push(vec![o]),
        }
    }
    tiers
}

/// The winner of a ranking: first option of the first tier (option-order tie-break).
/// Rankings are never empty (a poll has at least one option); an empty one gives option 0.
pub(crate) fn winner_of(ranking: &Ranking) -> Winner {
    let top = ranking.first().map(Vec::as_slice).unwrap_or(&[]);
    Winner {
        option: top.first().copied().unwrap_or(0),
        tie_broken: top.len() > 1,
    }
}

/// Validated ranked ballots with identical rankings merged, stored flat and compact (`u16` per
/// option, since [`MAX_OPTIONS`] < 65 536) so that counts walk memory in order.
///
/// Identical rankings are found by sorting, not hashing (no hash-flooding, no randomness): each
/// ranking short enough is packed into a `u128` key (longer ones are compared as slices), keys
/// are sorted and equal neighbours merged. The distinct rankings are then kept in order of first
/// appearance (deterministic; the counts themselves never depend on ballot order).
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    pub(crate) n: usize,
    flat: Vec<u16>,
    starts: Vec<usize>,
    pub(crate) counts: Vec<u64>,
    /// Sum of counts.
    pub(crate) total: u64,
}

impl Profile {
    /// Validates (known options, no duplicate, not empty) and merges identical rankings.
    pub(crate) fn new(n: usize, ballots: &[RankedBallot]) -> Result<Profile, PollError> {
        check_options(n)?;
        let total = total_weight(ballots.iter().map(|b| b.count))?;
        // Bits per option in a packed key: option o is stored as o + 1 (0 ends the ranking).
        let bits = (usize::BITS - n.leading_zeros()) as usize;
        let max_packed = 128 / bits;
        let mut seen = Seen::new(n);
        let mut packed: Vec<(u128, usize)> = Vec::with_capacity(ballots.len());
        let mut long: Vec<usize> = Vec::new();
        for (i, b) in ballots.iter().enumerate() {
            if b.ranking.is_empty() {
                return Err(PollError::ballot(i, BallotProblem::EmptyRanking));
            }
            seen.next_ballot();
            let mut key = 0u128;
            for (pos, &o) in b.ranking.iter().enumerate() {
                seen.insert(o).map_err(|p| PollError::ballot(i, p))?;
                if pos < max_packed {
                    key |= (o as u128 + 1) << (pos * bits);
                }
            }
            if b.count == 0 {
                continue;
            }
            if b.ranking.len() <= max_packed {
                packed.push((key, i));
            } else {
                long.push(i);
            }
        }
        packed.sort_unstable();
        long.sort_unstable_by(|a, b| ballots[*a].ranking.cmp(&ballots[*b].ranking).then(a.cmp(b)));
        // merged[i]: summed count of the ranking whose first ballot is ballot i (0 for the others).
        let mut merged = vec![0u64; ballots.len()];
        let mut first = usize::MAX;
        let mut last_key = None;
        for (key, i) in packed {
            if last_key != Some(key) {
                last_key = Some(key);
                first = i; // the smallest index of its key: pairs are sorted by (key, index)
            }
            merged[first] += ballots[i].count;
        }
        let mut last: Option<&[OptionId]> = None;
        for i in long {
            let ranking = ballots[i].ranking.as_slice();
            if last != Some(ranking) {
                last = Some(ranking);
                first = i;
            }
            merged[first] += ballots[i].count;
        }
        let mut flat = Vec::new();
        let mut starts = vec![0];
        let mut counts = Vec::new();
        for (b, &count) in ballots.iter().zip(&merged) {
            if count > 0 {
                // Every option is below MAX_OPTIONS (checked above), so it fits in a u16.
                flat.extend(b.ranking.iter().map(|&o| o as u16));
                starts.push(flat.len());
                counts.push(count);
            }
        }
        Ok(Profile {
            n,
            flat,
            starts,
            counts,
            total,
        })
    }

    /// Number of distinct rankings.
    pub(crate) fn len(&self) -> usize {
        self.counts.len()
    }

    /// The `i`-th distinct ranking.
    pub(crate) fn ranking(&self, i: usize) -> &[u16] {
        &self.flat[self.starts[i]..self.starts[i + 1]]
    }

    /// Iterates over (ranking, count).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[u16], u64)> + '_ {
        (0..self.len()).map(|i| (self.ranking(i), self.counts[i]))
    }
}

/// Where each distinct ballot of a profile currently counts (instant-runoff, STV).
///
/// Kept as two compact arrays rather than per-option piles: a transfer scans the holders in order
/// (a few MB, sequential) and only reads the rankings of the ballots that move, in memory order.
pub(crate) struct Holders {
    /// Position of the current holder in the ballot's ranking.
    pos: Vec<u16>,
    /// Current holder, or [`Holders::EXHAUSTED`].
    holder: Vec<u16>,
}

impl Holders {
    pub(crate) const EXHAUSTED: u16 = u16::MAX;

    /// Every ballot held by its first preference.
    pub(crate) fn new(profile: &Profile) -> Holders {
        Holders {
            pos: vec![0; profile.len()],
            holder: profile
                .iter()
                .map(|(r, _)| r.first().copied().unwrap_or(Self::EXHAUSTED))
                .collect(),
        }
    }

    /// Iterates over (distinct ballot, holder) for ballots still held.
    pub(crate) fn held(&self) -> impl Iterator<Item = (usize, OptionId)> + '_ {
        self.holder
            .iter()
            .enumerate()
            .filter(|(_, h)| **h != Self::EXHAUSTED)
            .map(|(g, h)| (g, usize::from(*h)))
    }

    /// Moves every ballot held by an option with `leaving[o]` to its next preference `o` with
    /// `continuing[o]`, calling `moved(ballot, new holder or None when exhausted)` for each.
    pub(crate) fn transfer(
        &mut self,
        profile: &Profile,
        leaving: &[bool],
        continuing: &[bool],
        mut moved: impl FnMut(usize, Option<OptionId>),
    ) {
        for (g, h) in self.holder.iter_mut().enumerate() {
            if *h == Self::EXHAUSTED || !leaving[usize::from(*h)] {
                continue;
            }
            let ranking = profile.ranking(g);
            let mut p = usize::from(self.pos[g]) + 1;
            while p < ranking.len() && !continuing[usize::from(ranking[p])] {
                p += 1;
            }
            match ranking.get(p) {
                Some(&next) => {
                    // p < ranking.len() <= MAX_OPTIONS < u16::MAX
                    self.pos[g] = p as u16;
                    *h = next;
                    moved(g, Some(usize::from(next)));
                }
                None => {
                    *h = Self::EXHAUSTED;
                    moved(g, None);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_group_equal_keys_in_option_order() {
        let keys = [3, 5, 3, 1];
        assert_eq!(
            tiers_by_key(4, |o| keys[o]),
            vec![vec![1], vec![0, 2], vec![3]]
        );
    }

    #[test]
    fn profile_merges_identical_rankings_and_reports_bad_ballots() {
        let ballots = vec![
            RankedBallot::new(vec![0, 1]),
            RankedBallot::with_count(vec![1], 2),
            RankedBallot::with_count(vec![0, 1], 4),
        ];
        let p = Profile::new(2, &ballots).expect("valid");
        assert_eq!(p.len(), 2);
        assert_eq!(p.total, 7);
        assert_eq!(
            p.iter().collect::<Vec<_>>(),
            vec![(&[0u16, 1][..], 5), (&[1u16][..], 2)]
        );
        // Long rankings (not packable in 128 bits) merge too.
        let long: Vec<usize> = (0..40).collect();
        let long16: Vec<u16> = (0..40).collect();
        let ballots = vec![
            RankedBallot::new(long.clone()),
            RankedBallot::new(vec![3]),
            RankedBallot::with_count(long.clone(), 2),
        ];
        let p = Profile::new(40, &ballots).expect("valid");
        assert_eq!(
            p.iter().collect::<Vec<_>>(),
            vec![(&long16[..], 3), (&[3u16][..], 1)]
        );

        let dup = vec![RankedBallot::new(vec![0]), RankedBallot::new(vec![1, 0, 1])];
        assert_eq!(
            Profile::new(2, &dup).unwrap_err(),
            PollError::ballot(1, BallotProblem::DuplicateOption { option: 1 })
        );
        let unknown = vec![RankedBallot::new(vec![2])];
        assert_eq!(
            Profile::new(2, &unknown).unwrap_err(),
            PollError::ballot(
                0,
                BallotProblem::UnknownOption {
                    option: 2,
                    options: 2
                }
            )
        );
        let empty = vec![RankedBallot::new(vec![])];
        assert_eq!(
            Profile::new(2, &empty).unwrap_err(),
            PollError::ballot(0, BallotProblem::EmptyRanking)
        );
        let huge = vec![
            RankedBallot::with_count(vec![0], u64::MAX),
            RankedBallot::with_count(vec![0], 2),
        ];
        assert!(matches!(
            Profile::new(2, &huge).unwrap_err(),
            PollError::Poll {
                problem: PollProblem::TooManyBallots { .. }
            }
        ));
    }
}
