//! Schulze method (beat-path), with the strength of a link measured in winning votes.
//!
//! 1. Pairwise matrix `d[a][b]`: ballots ranking `a` above `b`. An option a ballot ranks is above
//!    every option it leaves unranked; unranked options are tied with each other.
//! 2. Link `a → b` of strength `d[a][b]` when `d[a][b] > d[b][a]`, else no link (strength 0).
//! 3. Strongest paths `p[a][b]`: the widest path from `a` to `b` (Floyd–Warshall, O(n³)).
//! 4. `a` beats `b` when `p[a][b] > p[b][a]`; this relation is transitive (Schulze 2011).
//!
//! The ranking is built in tiers: the first tier holds the options no option beats (the Schulze
//! winners), the next tier the options beaten only by options of earlier tiers, and so on. Options
//! in one tier are tied.
//!
//! Tie-breaking: several Schulze winners are all in the first tier; the single [`Winner`] is the
//! first of them in option order (`tie_broken: true`). (Schulze's own proposal breaks ties with a
//! random ballot; we keep it deterministic and say so.)

use serde::Serialize;

use super::{PollError, Profile, RankedBallot, Ranking, Winner, winner_of};

/// Result of a Schulze count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchulzeResult {
    /// `pairwise[a][b]`: number of ballots ranking `a` above `b`.
    pub pairwise: Vec<Vec<u64>>,
    /// `strongest_paths[a][b]`: strength of the strongest path from `a` to `b` (0 on the diagonal
    /// and where there is no path).
    pub strongest_paths: Vec<Vec<u64>>,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Schulze count of ranked ballots over `options` options.
pub fn schulze(options: usize, ballots: &[RankedBallot]) -> Result<SchulzeResult, PollError> {
    let profile = Profile::new(options, ballots)?;
    Ok(schulze_profile(&profile))
}

/// Flat `n × n` pairwise matrix: `d[a * n + b]` ballots rank `a` above `b`.
///
/// Only pairs of *ranked* options are visited (`L(L-1)/2` per distinct ballot of length `L`,
/// whatever `n`): with `ranked[a]` the ballots that rank `a` and `before[b][a]` those that rank
/// both with `b` first, the ballots putting `a` above `b` are `ranked[a] - before[b][a]` (a ballot
/// ranking `a` puts it above `b` unless it ranks `b` before `a`).
pub(crate) fn pairwise_flat(profile: &Profile) -> Vec<u64> {
    let n = profile.n;
    let mut before = vec![0u64; n * n];
    let mut ranked = vec![0u64; n];
    for (ranking, count) in profile.iter() {
        for (i, &a) in ranking.iter().enumerate() {
            let a = usize::from(a);
            ranked[a] += count;
            let row = &mut before[a * n..(a + 1) * n];
            for &b in &ranking[i + 1..] {
                row[usize::from(b)] += count;
            }
        }
    }
    let mut d = vec![0u64; n * n];
    for a in 0..n {
        for b in 0..n {
            if a != b {
                d[a * n + b] = ranked[a] - before[b * n + a];
            }
        }
    }
    d
}

pub(crate) fn schulze_profile(profile: &Profile) -> SchulzeResult {
    let n = profile.n;
    let d = pairwise_flat(profile);
    let mut p = vec![0u64; n * n];
    for a in 0..n {
        for b in 0..n {
            if a != b && d[a * n + b] > d[b * n + a] {
                p[a * n + b] = d[a * n + b];
            }
        }
    }
    for k in 0..n {
        for a in 0..n {
            let pak = p[a * n + k];
            if a == k || pak == 0 {
                continue;
            }
            for b in 0..n {
                if b != a && b != k {
                    let via = pak.min(p[k * n + b]);
                    if via > p[a * n + b] {
                        p[a * n + b] = via;
                    }
                }
            }
        }
    }
    let beats = |a: usize, b: usize| p[a * n + b] > p[b * n + a];
    let mut left: Vec<usize> = (0..n).collect();
    let mut ranking: Ranking = Vec::new();
    while !left.is_empty() {
        let tier: Vec<usize> = left
            .iter()
            .copied()
            .filter(|&a| !left.iter().any(|&b| beats(b, a)))
            .collect();
        if tier.is_empty() {
            // Impossible (the relation is a strict partial order); never loop forever.
            ranking.push(std::mem::take(&mut left));
            break;
        }
        left.retain(|o| !tier.contains(o));
        ranking.push(tier);
    }
    let winner = winner_of(&ranking);
    let square = |m: &[u64]| m.chunks(n).map(<[u64]>::to_vec).collect::<Vec<_>>();
    SchulzeResult {
        pairwise: square(&d),
        strongest_paths: square(&p),
        ballots: profile.total,
        ranking,
        winner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_counts_truncated_ballots() {
        let b = vec![
            RankedBallot::with_count(vec![2, 0], 2),
            RankedBallot::new(vec![1]),
        ];
        let r = schulze(3, &b).expect("valid");
        assert_eq!(
            r.pairwise,
            vec![vec![0, 2, 0], vec![1, 0, 1], vec![2, 2, 0]]
        );
        assert_eq!(r.ranking, vec![vec![2], vec![0], vec![1]]);
    }

    #[test]
    fn condorcet_cycle_is_a_tie() {
        // a>b>c, b>c>a, c>a>b: every pair 2:1, all paths of strength 2.
        let b = vec![
            RankedBallot::new(vec![0, 1, 2]),
            RankedBallot::new(vec![1, 2, 0]),
            RankedBallot::new(vec![2, 0, 1]),
        ];
        let r = schulze(3, &b).expect("valid");
        assert_eq!(r.ranking, vec![vec![0, 1, 2]]);
        assert_eq!(
            r.winner,
            Winner {
                option: 0,
                tie_broken: true
            }
        );
    }
}
