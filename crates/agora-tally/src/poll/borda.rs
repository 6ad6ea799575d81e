//! Borda count: with `n` options, the option ranked first on a ballot gets `n - 1` points, the
//! second `n - 2`, ..., the last `0`. Options a ballot leaves unranked get 0 points from it
//! (the usual "truncated ballot" rule: a voter who ranks fewer options gives fewer points).
//!
//! Tie-breaking: equal totals share a tier; the single [`Winner`] is the first tied option in
//! option order (`tie_broken: true`).

use serde::Serialize;

use super::{PollError, Profile, RankedBallot, Ranking, Winner, tiers_by_key, winner_of};

/// Result of a Borda count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BordaResult {
    /// Points per option.
    pub points: Vec<u64>,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Borda count of ranked ballots over `options` options.
pub fn borda(options: usize, ballots: &[RankedBallot]) -> Result<BordaResult, PollError> {
    let profile = Profile::new(options, ballots)?;
    Ok(borda_profile(&profile))
}

pub(crate) fn borda_profile(profile: &Profile) -> BordaResult {
    let n = profile.n;
    let mut points = vec![0u64; n];
    // Exact: at most 999 points per ballot and a total weight <= 2^40.
    for (ranking, count) in profile.iter() {
        for (pos, &o) in ranking.iter().enumerate() {
            points[usize::from(o)] += (n - 1 - pos) as u64 * count;
        }
    }
    let ranking = tiers_by_key(n, |o| points[o]);
    let winner = winner_of(&ranking);
    BordaResult {
        points,
        ballots: profile.total,
        ranking,
        winner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // 4 options: a=0 b=1 c=2 d=3. Points 3,2,1,0.
        let b = vec![
            RankedBallot::with_count(vec![0, 1, 2, 3], 2), // a+6 b+4 c+2
            RankedBallot::with_count(vec![1, 2, 0], 3),    // b+9 c+6 a+3
            RankedBallot::new(vec![3]),                    // d+3
        ];
        let r = borda(4, &b).expect("valid");
        assert_eq!(r.points, vec![9, 13, 8, 3]);
        assert_eq!(r.ranking, vec![vec![1], vec![0], vec![2], vec![3]]);
        assert_eq!(
            r.winner,
            Winner {
                option: 1,
                tie_broken: false
            }
        );
    }

    #[test]
    fn tie_is_explicit() {
        let b = vec![RankedBallot::new(vec![0, 1]), RankedBallot::new(vec![1, 0])];
        let r = borda(2, &b).expect("valid");
        assert_eq!(r.ranking, vec![vec![0, 1]]);
        assert_eq!(
            r.winner,
            Winner {
                option: 0,
                tie_broken: true
            }
        );
    }
}
