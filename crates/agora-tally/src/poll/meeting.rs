//! Meeting-time poll: for each proposed slot a voter answers yes (2 points), maybe (1) or no (0).
//! Slots are ranked by score, then by number of yes answers.
//!
//! A slot a ballot does not answer counts as no answer (`no_answer`), worth 0 points like no.
//!
//! Tie-breaking: slots with the same score and the same yes count share a tier; the single
//! [`Winner`] is the first tied slot in option order (`tie_broken: true`).

use serde::{Deserialize, Serialize};

use super::{
    OptionId, PollError, Ranking, Seen, Winner, check_options, tiers_by_key, total_weight,
    winner_of,
};

/// An answer for one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Yes,
    Maybe,
    No,
}

/// A meeting-poll ballot: `(slot, answer)` pairs, each slot at most once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingBallot {
    pub answers: Vec<(OptionId, Availability)>,
    pub count: u64,
}

impl MeetingBallot {
    pub fn new(answers: Vec<(OptionId, Availability)>) -> Self {
        MeetingBallot { answers, count: 1 }
    }
}

/// Answers for one slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MeetingSlot {
    pub yes: u64,
    pub maybe: u64,
    pub no: u64,
    pub no_answer: u64,
    /// `2 × yes + maybe`.
    pub score: u64,
}

/// Result of a meeting poll.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingResult {
    pub slots: Vec<MeetingSlot>,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Counts meeting-poll ballots over `options` slots.
pub fn meeting(options: usize, ballots: &[MeetingBallot]) -> Result<MeetingResult, PollError> {
    check_options(options)?;
    let total = total_weight(ballots.iter().map(|b| b.count))?;
    let mut seen = Seen::new(options);
    let mut slots = vec![MeetingSlot::default(); options];
    for (i, b) in ballots.iter().enumerate() {
        seen.next_ballot();
        for &(o, _) in &b.answers {
            seen.insert(o).map_err(|p| PollError::ballot(i, p))?;
        }
    }
    for b in ballots {
        for &(o, a) in &b.answers {
            let slot = &mut slots[o];
            match a {
                Availability::Yes => slot.yes += b.count,
                Availability::Maybe => slot.maybe += b.count,
                Availability::No => slot.no += b.count,
            }
        }
    }
    for slot in &mut slots {
        slot.no_answer = total - slot.yes - slot.maybe - slot.no;
        slot.score = 2 * slot.yes + slot.maybe;
    }
    let ranking = tiers_by_key(options, |o| (slots[o].score, slots[o].yes));
    let winner = winner_of(&ranking);
    Ok(MeetingResult {
        slots,
        ballots: total,
        ranking,
        winner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Availability::*;

    #[test]
    fn score_then_yes() {
        // slot 0: yes, no, maybe, maybe → 4 points, 1 yes
        // slot 1: maybe ×4 → 4 points, 0 yes
        // slot 2: yes, yes, (none) ×2 → 4 points, 2 yes
        // slot 3: yes → 2 points
        let b = vec![
            MeetingBallot::new(vec![(0, Yes), (1, Maybe), (2, Yes)]),
            MeetingBallot::new(vec![(0, No), (1, Maybe), (2, Yes), (3, Yes)]),
            MeetingBallot {
                answers: vec![(0, Maybe), (1, Maybe)],
                count: 2,
            },
        ];
        let r = meeting(4, &b).expect("valid");
        assert_eq!(
            r.slots[2],
            MeetingSlot {
                yes: 2,
                maybe: 0,
                no: 0,
                no_answer: 2,
                score: 4
            }
        );
        assert_eq!(r.ranking, vec![vec![2], vec![0], vec![1], vec![3]]);
        assert_eq!(
            r.winner,
            Winner {
                option: 2,
                tie_broken: false
            }
        );
    }
}
