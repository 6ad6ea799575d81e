//! Majority judgment (Balinski & Laraki): every ballot gives each option a grade on a common scale
//! (grade `0` is the worst, e.g. "Reject"; grade `grades - 1` the best, e.g. "Excellent"). An option
//! a ballot does not grade gets the worst grade, as Balinski and Laraki prescribe.
//!
//! Each option's **majority grade** is the median of its grades; with an even number of grades,
//! the *lower* median (the grade a majority supports "at least").
//!
//! Options are ranked by majority grade. **Tie-break (the usual MJ rule)**: between options with
//! the same majority grade, remove one median grade from each and compare the new medians; repeat
//! until they differ. Two options stay tied only if their grade distributions are identical; such
//! options share a tier, and the single [`Winner`] is then the first of them in option order
//! (`tie_broken: true`).
//!
//! This is finer than the one-step "majority gauge" (compare the share above the majority grade
//! with the share below it) that some libraries use, e.g. `pref_voting`'s `majority_judgement`:
//! whenever the gauge separates two options the two rules agree, but where the gauge ties (same
//! majority grade, same shares above and below) the removal rule usually still finds a winner.
//!
//! The repeated removal is computed on the grade distributions (O(grades) per comparison), not
//! ballot by ballot, so counts of millions cost nothing.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use super::{
    BallotProblem, OptionId, PollError, PollProblem, Ranking, Seen, Winner, check_options,
    total_weight, winner_of,
};

/// A grading ballot: `(option, grade)` pairs, each option at most once; missing options get grade 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeBallot {
    pub grades: Vec<(OptionId, usize)>,
    pub count: u64,
}

impl GradeBallot {
    pub fn new(grades: Vec<(OptionId, usize)>) -> Self {
        GradeBallot { grades, count: 1 }
    }
}

/// Grades of one option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MjOption {
    /// Ballots per grade, worst grade first.
    pub distribution: Vec<u64>,
    /// The majority grade (lower median); 0 when there are no ballots.
    pub median: usize,
    /// Ballots grading the option above its majority grade.
    pub above_median: u64,
    /// Ballots grading the option below its majority grade.
    pub below_median: u64,
}

/// Result of a majority-judgment count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MjResult {
    /// Number of grades on the scale.
    pub grades: usize,
    /// Sum of ballot counts.
    pub ballots: u64,
    pub options: Vec<MjOption>,
    pub ranking: Ranking,
    pub winner: Winner,
}

/// Largest grade scale accepted.
const MAX_GRADES: usize = 1000;

/// Majority judgment over `options` options with a scale of `grades` grades.
pub fn majority_judgment(
    options: usize,
    grades: usize,
    ballots: &[GradeBallot],
) -> Result<MjResult, PollError> {
    check_options(options)?;
    if grades == 0 || grades > MAX_GRADES {
        return Err(PollError::poll(PollProblem::InvalidGradeScale { grades }));
    }
    let total = total_weight(ballots.iter().map(|b| b.count))?;
    let mut seen = Seen::new(options);
    let mut dist = vec![vec![0u64; grades]; options];
    for (i, b) in ballots.iter().enumerate() {
        seen.next_ballot();
        for &(o, g) in &b.grades {
            seen.insert(o).map_err(|p| PollError::ballot(i, p))?;
            if g >= grades {
                return Err(PollError::ballot(
                    i,
                    BallotProblem::UnknownGrade {
                        option: o,
                        grade: g,
                    },
                ));
            }
        }
    }
    // Every ballot counts once per option: graded ones at their grade, the rest at grade 0.
    let mut graded = vec![0u64; options];
    for b in ballots {
        for &(o, g) in &b.grades {
            dist[o][g] += b.count;
            graded[o] += b.count;
        }
    }
    for (d, g) in dist.iter_mut().zip(&graded) {
        d[0] += total - g;
    }

    let mut order: Vec<OptionId> = (0..options).collect();
    order.sort_by(|a, b| compare(&dist[*b], &dist[*a], total));
    let mut ranking: Ranking = Vec::new();
    for o in order {
        match ranking.last_mut() {
            Some(tier) if tier.first().is_some_and(|f| dist[*f] == dist[o]) => tier.push(o),
            _ => ranking.push(vec![o]),
        }
    }
    for tier in &mut ranking {
        tier.sort_unstable();
    }
    let winner = winner_of(&ranking);
    let options = dist
        .into_iter()
        .map(|distribution| {
            let median = grade_at(&distribution, median_position(total));
            MjOption {
                above_median: distribution.iter().skip(median + 1).sum(),
                below_median: distribution.iter().take(median).sum(),
                median,
                distribution,
            }
        })
        .collect();
    Ok(MjResult {
        grades,
        ballots: total,
        options,
        ranking,
        winner,
    })
}

/// Position (0-based, grades sorted worst first) of the lower median of `n` grades.
fn median_position(n: u64) -> u64 {
    n.saturating_sub(1) / 2
}

/// Grade at sorted position `p` of a distribution.
fn grade_at(dist: &[u64], p: u64) -> usize {
    let mut cum = 0u64;
    for (g, &c) in dist.iter().enumerate() {
        cum += c;
        if cum > p {
            return g;
        }
    }
    0
}

/// At which step `k` (0 = the first median) the repeated removal of medians reaches sorted
/// position `p`, for `n` grades. Removing lower medians visits, for odd `n` with centre `m`:
/// m, m-1, m+1, m-2, m+2, ...; for even `n` with lower centre `m`: m, m+1, m-1, m+2, m-2, ...
fn visit_step(n: u64, p: u64) -> u64 {
    let m = median_position(n);
    if n % 2 == 1 {
        if p < m { 2 * (m - p) - 1 } else { 2 * (p - m) }
    } else if p <= m {
        2 * (m - p)
    } else {
        2 * (p - m - 1) + 1
    }
}

/// Compares two options with the same number of grades `n` by majority judgment: `Greater` when
/// `a` ranks above `b`. Equivalent to comparing the sequences of medians obtained by removing
/// medians one at a time, computed segment by segment.
pub(crate) fn compare(a: &[u64], b: &[u64], n: u64) -> Ordering {
    let m = median_position(n);
    let (mut ga, mut gb) = (0usize, 0usize);
    let (mut ca, mut cb) = (0u64, 0u64); // cumulative counts up to and including ga / gb
    if let Some(&c) = a.first() {
        ca = c;
    }
    if let Some(&c) = b.first() {
        cb = c;
    }
    let mut pos = 0u64;
    let mut best: Option<(u64, Ordering)> = None;
    while pos < n {
        while ca <= pos && ga + 1 < a.len() {
            ga += 1;
            ca += a[ga];
        }
        while cb <= pos && gb + 1 < b.len() {
            gb += 1;
            cb += b[gb];
        }
        let end = ca.min(cb).min(n); // segment [pos, end) has constant grades ga, gb
        if end <= pos {
            break; // inconsistent input (distribution sums below n): stop safely
        }
        if ga != gb {
            let step = visit_step(n, m.clamp(pos, end - 1));
            if best.is_none_or(|(k, _)| step < k) {
                best = Some((step, ga.cmp(&gb)));
            }
        }
        pos = end;
    }
    best.map_or(Ordering::Equal, |(_, o)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorted grades → distribution.
    fn dist(grades: &[usize], scale: usize) -> Vec<u64> {
        let mut d = vec![0; scale];
        for &g in grades {
            d[g] += 1;
        }
        d
    }

    /// Reference: literally remove medians one by one.
    fn naive(a: &[usize], b: &[usize]) -> Ordering {
        let (mut a, mut b) = (a.to_vec(), b.to_vec());
        a.sort_unstable();
        b.sort_unstable();
        while !a.is_empty() {
            let m = (a.len() - 1) / 2;
            match a[m].cmp(&b[m]) {
                Ordering::Equal => {
                    a.remove(m);
                    b.remove(m);
                }
                o => return o,
            }
        }
        Ordering::Equal
    }

    #[test]
    fn visit_order_matches_definition() {
        assert_eq!(
            (0..5).map(|p| visit_step(5, p)).collect::<Vec<_>>(),
            vec![3, 1, 0, 2, 4]
        );
        assert_eq!(
            (0..4).map(|p| visit_step(4, p)).collect::<Vec<_>>(),
            vec![2, 0, 1, 3]
        );
        assert_eq!(visit_step(1, 0), 0);
    }

    #[test]
    fn comparison_matches_naive_removal() {
        // Every pair of distributions of 0..=6 grades on a 3-grade scale.
        let mut all: Vec<Vec<usize>> = Vec::new();
        for n in 1..=6usize {
            for code in 0..3usize.pow(n as u32) {
                let mut v: Vec<usize> = (0..n).map(|i| code / 3usize.pow(i as u32) % 3).collect();
                v.sort_unstable();
                if !all.contains(&v) {
                    all.push(v);
                }
            }
        }
        for a in &all {
            for b in all.iter().filter(|b| b.len() == a.len()) {
                assert_eq!(
                    compare(&dist(a, 3), &dist(b, 3), a.len() as u64),
                    naive(a, b),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_the_majority_gauge_whenever_the_gauge_decides() {
        // Gauge: (majority grade, +share above if above > below else -share below).
        let gauge = |d: &[u64], n: u64| {
            let m = grade_at(d, median_position(n));
            let above: u64 = d.iter().skip(m + 1).sum();
            let below: u64 = d.iter().take(m).sum();
            (
                m,
                if above > below {
                    above as i64
                } else {
                    -(below as i64)
                },
            )
        };
        for n in 1..=9u64 {
            let dists: Vec<Vec<u64>> = (0..=n)
                .flat_map(|a| (0..=n - a).map(move |b| vec![a, b, n - a - b]))
                .collect();
            for a in &dists {
                for b in &dists {
                    let (ga, gb) = (gauge(a, n), gauge(b, n));
                    if ga != gb {
                        assert_eq!(compare(a, b, n), ga.cmp(&gb), "{a:?} vs {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn tie_break_by_removing_medians() {
        // Scale 0 Reject, 1 Poor, 2 Good, 3 Excellent. Five voters, all medians "Good".
        // A: 1 2 2 2 3   B: 0 2 2 3 3   C: 2 2 2 2 2
        // Remove medians: A 2,2,2,1,3  B 2,2,3,0,3  C 2,2,2,2,2
        // B > C (third median 3 > 2), C > A (fourth median 2 > 1).
        let grades = [[1, 0, 2], [2, 2, 2], [2, 2, 2], [2, 3, 2], [3, 3, 2]];
        let ballots: Vec<GradeBallot> = grades
            .iter()
            .map(|g| GradeBallot::new(g.iter().copied().enumerate().collect()))
            .collect();
        let r = majority_judgment(3, 4, &ballots).expect("valid");
        assert!(r.options.iter().all(|o| o.median == 2));
        assert_eq!(r.options[0].distribution, vec![0, 1, 3, 1]);
        assert_eq!(
            (r.options[1].above_median, r.options[1].below_median),
            (2, 1)
        );
        assert_eq!(r.ranking, vec![vec![1], vec![2], vec![0]]);
        assert_eq!(
            r.winner,
            Winner {
                option: 1,
                tie_broken: false
            }
        );
    }

    #[test]
    fn missing_grades_are_the_worst_and_identical_distributions_tie() {
        let b = vec![
            GradeBallot::new(vec![(0, 2)]),
            GradeBallot::new(vec![(1, 2), (0, 0)]),
        ];
        let r = majority_judgment(2, 3, &b).expect("valid");
        assert_eq!(r.options[1].distribution, vec![1, 0, 1]);
        assert_eq!(r.ranking, vec![vec![0, 1]]);
        assert!(r.winner.tie_broken);
    }

    #[test]
    fn rejects_unknown_grade() {
        let b = vec![GradeBallot::new(vec![(0, 3)])];
        assert_eq!(
            majority_judgment(1, 3, &b).unwrap_err(),
            PollError::ballot(
                0,
                BallotProblem::UnknownGrade {
                    option: 0,
                    grade: 3
                }
            )
        );
    }
}
