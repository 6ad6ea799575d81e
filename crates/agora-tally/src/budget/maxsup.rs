//! Maximum supporters within budget (the rule studied for Decidim Barcelona by
//! López-Sánchez et al.): the set `S` with `cost(S) ≤ B` that maximises the number of
//! supports `Σ_{p∈S} supporters(p)`, then the budget used as second objective.
//!
//! Exact: a dynamic programme over the number of supports (minimum cost for each exact
//! number of supports) gives the optimum `V*`; then a depth-first branch and bound finds,
//! among the sets with `V*` supports, one with the largest cost ≤ B. Projects nobody
//! supports are never selected. Sets equal in supports and cost: the first found when
//! projects are tried in order of supports per cost (then [`Election::tie_order`]), each
//! taken before it is left out.
//!
//! `supporters(p)` is the number of voters who list the project (approvals; for point
//! ballots, positive points). The selected projects are listed in greedy order (most
//! supporters first).

use serde::{Deserialize, Serialize};

use super::{Election, Explanation, Outcome};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaxSupportersExplanation {
    /// The optimum: total supports of the selected projects.
    pub supports: u64,
    /// Budget used (exact decimal string).
    pub budget_used: String,
    /// Supports of plain greedy-by-supporters (skip projects that don't fit), to compare.
    pub greedy_supports: u64,
}

struct Item {
    p: u32,
    votes: u64,
    cost: i64,
}

struct Search<'a> {
    items: &'a [Item],
    target: u64,
    cap: i64,
    best_cost: i64,
    best: Option<Vec<u32>>,
    chosen: Vec<u32>,
    suffix_cost: Vec<i64>,
}

impl Search<'_> {
    /// Dantzig bound: most supports reachable from items `i..` with `room` money.
    fn votes_bound(&self, i: usize, room: i64) -> f64 {
        let mut room = room as f64;
        let mut v = 0.0;
        // No early exit on an empty room: free projects (sorted first) still fit in it.
        for it in &self.items[i..] {
            if (it.cost as f64) <= room {
                room -= it.cost as f64;
                v += it.votes as f64;
            } else {
                v += it.votes as f64 * room.max(0.0) / it.cost as f64;
                break;
            }
        }
        v
    }

    fn dfs(&mut self, i: usize, votes: u64, cost: i64) {
        if self.best_cost == self.cap {
            return; // cannot do better than the whole budget
        }
        if votes == self.target {
            if self.best.is_none() || cost > self.best_cost {
                self.best_cost = cost;
                self.best = Some(self.chosen.clone());
            }
            return;
        }
        if i >= self.items.len() {
            return;
        }
        // Cost bound: even taking everything left cannot beat the best.
        if self.best.is_some()
            && cost.saturating_add(self.suffix_cost[i]).min(self.cap) <= self.best_cost
        {
            return;
        }
        // Supports bound (with a little slack for float rounding).
        let need = (self.target - votes) as f64;
        if self.votes_bound(i, self.cap - cost) + 1e-6 * need.max(1.0) < need {
            return;
        }
        let it = &self.items[i];
        if cost + it.cost <= self.cap && votes + it.votes <= self.target {
            self.chosen.push(it.p);
            self.dfs(i + 1, votes + it.votes, cost + it.cost);
            self.chosen.pop();
        }
        self.dfs(i + 1, votes, cost);
    }
}

/// Maximum supporters within budget (exact).
pub fn max_supporters(e: &Election) -> Outcome {
    let sup = e.supporters();
    let tie = e.tie_order();
    let cap = e.budget;
    let mut items: Vec<Item> = (0..e.projects.len())
        .filter(|&p| sup[p] > 0 && e.projects[p].cost <= cap)
        .map(|p| Item {
            p: p as u32,
            votes: sup[p],
            cost: e.projects[p].cost,
        })
        .collect();
    // Order by supports per cost (free projects first), then tie order.
    items.sort_by(|a, b| {
        let lhs = a.votes as i128 * b.cost as i128;
        let rhs = b.votes as i128 * a.cost as i128;
        rhs.cmp(&lhs)
            .then(tie[a.p as usize].cmp(&tie[b.p as usize]))
    });
    // DP: min cost for each exact number of supports.
    let total: u64 = items.iter().map(|i| i.votes).sum();
    let mut dp: Vec<i64> = vec![i64::MAX; total as usize + 1];
    dp[0] = 0;
    let mut reach = 0usize;
    for it in &items {
        let v = it.votes as usize;
        for x in (0..=reach).rev() {
            if dp[x] != i64::MAX {
                let c = dp[x] + it.cost;
                if c <= cap && c < dp[x + v] {
                    dp[x + v] = c;
                }
            }
        }
        reach += v;
    }
    let target = (0..dp.len()).rev().find(|&v| dp[v] <= cap).unwrap_or(0) as u64;
    let mut suffix_cost = vec![0i64; items.len() + 1];
    for i in (0..items.len()).rev() {
        suffix_cost[i] = suffix_cost[i + 1].saturating_add(items[i].cost);
    }
    let mut s = Search {
        items: &items,
        target,
        cap,
        best_cost: -1,
        best: None,
        chosen: Vec::new(),
        suffix_cost,
    };
    s.dfs(0, 0, 0);
    let mut selected = s.best.unwrap_or_default();
    let order = super::greedy::greedy_order(e, &sup.iter().map(|&v| v as i64).collect::<Vec<_>>());
    let rank: Vec<usize> = {
        let mut r = vec![0; order.len()];
        for (i, &p) in order.iter().enumerate() {
            r[p as usize] = i;
        }
        r
    };
    selected.sort_by_key(|&p| rank[p as usize]);
    // Greedy by supporters, for comparison.
    let mut left = cap;
    let mut greedy_supports = 0u64;
    for &p in &order {
        let c = e.projects[p as usize].cost;
        if sup[p as usize] > 0 && c <= left {
            left -= c;
            greedy_supports += sup[p as usize];
        }
    }
    let total_cost = e.cost_of(&selected);
    Outcome {
        rule: "max-supporters".to_string(),
        explanation: Explanation::MaxSupporters(MaxSupportersExplanation {
            supports: selected.iter().map(|&p| sup[p as usize]).sum(),
            budget_used: e.money(total_cost as i128),
            greedy_supports,
        }),
        total_cost,
        selected,
    }
}

/// Brute force over all subsets (tests only).
#[doc(hidden)]
pub fn max_supporters_brute(e: &Election) -> (u64, i64) {
    let sup = e.supporters();
    let n = e.projects.len();
    let mut best = (0u64, 0i64);
    for mask in 0u64..(1u64 << n) {
        let (mut v, mut c) = (0u64, 0i64);
        for (p, &s) in sup.iter().enumerate() {
            if mask >> p & 1 == 1 && s > 0 {
                v += s;
                c += e.projects[p].cost;
            }
        }
        if c <= e.budget && (v, c) > best {
            best = (v, c);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_projects_fit_in_an_empty_budget() {
        // Found by the property test: budget 0, a free project with one supporter.
        let e = Election::approval(&[0, 0], 0, &[vec![0]]);
        let o = max_supporters(&e);
        assert_eq!(o.selected, vec![0]);
        assert_eq!(max_supporters_brute(&e), (1, 0));
    }

    #[test]
    fn knapsack_beats_greedy() {
        // Greedy takes p0 (3 supporters, cost 10) and nothing else fits;
        // p1 + p2 (2 + 2 supporters, cost 5 each) is better.
        let e = Election::approval(
            &[10, 5, 5],
            10,
            &[vec![0, 1], vec![0, 2], vec![0, 1, 2], vec![]],
        );
        let o = max_supporters(&e);
        let mut s = o.selected.clone();
        s.sort();
        assert_eq!(s, vec![1, 2]);
        let Explanation::MaxSupporters(x) = &o.explanation else {
            panic!("max-supporters")
        };
        assert_eq!(x.supports, 4);
        assert_eq!(x.greedy_supports, 3);
    }

    #[test]
    fn second_objective_uses_more_budget() {
        // {p0} and {p1} both give 2 supports; p1 costs more and still fits.
        let e = Election::approval(&[3, 7], 8, &[vec![0, 1], vec![0, 1]]);
        assert_eq!(max_supporters(&e).selected, vec![1]);
    }

    #[test]
    fn matches_brute_force() {
        for seed in 0..200u64 {
            let e = super::super::mes::tests_support::random_election(
                seed,
                2 + (seed % 10) as usize,
                3 + (seed % 19) as usize,
            );
            let o = max_supporters(&e);
            let sup = e.supporters();
            let v: u64 = o.selected.iter().map(|&p| sup[p as usize]).sum();
            assert_eq!((v, o.total_cost), max_supporters_brute(&e), "seed {seed}");
        }
    }
}
