//! Method of Equal Shares (MES) with cost utilities, exact, and its completions.
//!
//! Each voter starts with the same budget `b0` (B/n for plain MES; whole currency units
//! for the Add1 completions). A project `p` with cost `c` is bought at the smallest
//! `ρ = α / c` such that its supporters, each paying `min(b_i, α)`, together pay `c`
//! (`α` is the largest single payment, the "equal share").
//!
//! ## How it is exact and fast
//! Voters with the same ballot always have the same budget, so the state is kept per
//! distinct ballot ("group"). Each round is decided in `f64`; any comparison closer than
//! a relative 1e-9 (a possible tie between two projects, a voter whose budget is about the
//! share, a project that is about affordable) is re-decided with exact rationals. Exact
//! budgets are never stored: a group's budget is `b0 − Σ α_r` over the rounds `r` where it
//! paid the share (or exactly 0 after it paid everything), and each `α_r` is
//! `(c_r − W·b0 + Σ K_{r,r'} α_{r'}) / m_r` with integer weights recorded during the run,
//! so exact values are computed only on demand. Projects are re-evaluated lazily: budgets
//! only decrease, so a project's `ρ` never decreases and a stale `ρ` is a lower bound.
//!
//! ## Ties
//! Exactly equal `ρ`: the project earlier in [`Election::tie_order`] wins (more
//! supporters, then lower cost, then earlier in PROJECTS).
//!
//! ## Completions (equalshares.net semantics)
//! - `add1`: start every voter at `floor(B/n)` whole currency units, run MES, raise every
//!   voter's budget by one currency unit and run again; keep the last outcome whose total
//!   cost is ≤ B, stopping as soon as the next step would overspend.
//! - `add1e`: like `add1`, but also stops as soon as the outcome is exhaustive (no
//!   unselected project fits in the leftover budget).
//! - `add1u`: `add1`, then fill the leftover greedily by score (greedy order, every
//!   project that still fits, so the outcome is exhaustive).
//! - comparison (option): compute greedy too; keep greedy instead if more voters prefer it
//!   (a voter prefers the outcome that gives them more utility, see [`PreferenceMeasure`]).
//!
//! Non-approval ballots are read as approval of every listed project (with positive points).

#![allow(clippy::needless_range_loop)] // index loops over projects read best here

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use serde::{Deserialize, Serialize};

use super::exact::{Fraction, to_f64};
use super::greedy::greedy_order;
use super::{Election, Explanation, Outcome};

const TOL: f64 = 1e-9;

/// An `f64` ordered by `total_cmp`, for the heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key(f64);
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Completion step after MES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Completion {
    /// Plain MES with `b0 = B/n`.
    None,
    Add1,
    Add1e,
    Add1u,
}

/// How the optional comparison step decides which outcome a voter prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PreferenceMeasure {
    /// Total cost of the voter's approved projects that are funded (cost utility, as MES).
    Cost,
    /// Number of the voter's approved projects that are funded.
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MesOptions {
    pub completion: Completion,
    /// Compare with greedy and keep greedy if more voters prefer it.
    pub comparison: Option<PreferenceMeasure>,
}

impl MesOptions {
    pub fn plain() -> Self {
        MesOptions {
            completion: Completion::None,
            comparison: None,
        }
    }
    pub fn with(completion: Completion) -> Self {
        MesOptions {
            completion,
            comparison: None,
        }
    }
    fn rule_name(&self) -> String {
        let base = match self.completion {
            Completion::None => "mes",
            Completion::Add1 => "mes-add1",
            Completion::Add1e => "mes-add1e",
            Completion::Add1u => "mes-add1u",
        };
        if self.comparison.is_some() {
            format!("{base}+comparison")
        } else {
            base.to_string()
        }
    }
}

/// One MES round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MesRound {
    /// Project id bought.
    pub project: String,
    /// `ρ = α / cost`, exact and as float.
    pub rho: Fraction,
    /// `α`, the largest payment of a single supporter (minor units, exact fraction).
    pub max_payment: Fraction,
    /// Voters who approve the project.
    pub supporters: u64,
    /// Voters who paid something (supporters with money left).
    pub payers: u64,
    /// Of them, how many paid all they had left (less than the share).
    pub paid_all_they_had: u64,
    /// Total paid (= the cost), exact decimal string.
    pub total_paid: String,
}

/// What a completion did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionInfo {
    pub method: Completion,
    /// Per-voter budget of the run that was kept (exact decimal string).
    pub per_voter_budget: String,
    /// Per-voter budget at the start (`floor(B/n)` whole units).
    pub start_per_voter_budget: String,
    /// Number of +1 steps that were kept (0 = the start budget was kept).
    pub steps: u32,
    /// MES runs computed.
    pub runs: u32,
    /// Why it stopped: `next-overspends`, `exhaustive` or `saturated`
    /// (every voter could pay all the projects they approve alone, so every supported
    /// project is funded and more money changes nothing).
    pub stopped_because: String,
    /// Projects added by the `add1u` greedy fill, in order.
    pub filled: Vec<String>,
}

/// The optional comparison with greedy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonInfo {
    pub measure: PreferenceMeasure,
    pub prefer_mes: u64,
    pub prefer_greedy: u64,
    pub indifferent: u64,
    /// `mes` or `greedy`.
    pub kept: String,
    /// The greedy outcome that was compared (project ids, in order).
    pub greedy_selected: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MesExplanation {
    /// Per-voter budget of plain MES (`B/n`) or of the kept completion run.
    pub per_voter_budget: Fraction,
    /// Voters.
    pub voters: u64,
    /// Rounds of the kept MES run, in order.
    pub rounds: Vec<MesRound>,
    pub completion: Option<CompletionInfo>,
    pub comparison: Option<ComparisonInfo>,
}

/// Ballot structure shared by all runs (also used by Phragmén): distinct approval sets
/// ("groups") with weights, and for each project the groups that support it.
pub(crate) struct Prep {
    pub(crate) w: Vec<u64>,
    pub(crate) supporters: Vec<Vec<u32>>,
    /// Weights of `supporters`, as floats, in the same order.
    pub(crate) sup_wf: Vec<Vec<f64>>,
    /// `supporters` / `sup_wf` flattened; project `p` starts at `sup_start[p]`.
    flat_g: Vec<u32>,
    flat_w: Vec<f64>,
    sup_start: Vec<usize>,
    pub(crate) support_w: Vec<u64>,
    pub(crate) costs: Vec<i64>,
    neighbors: Vec<Vec<u32>>,
    pub(crate) tie: Vec<u32>,
    group_projects: Vec<Vec<u32>>,
}

impl Prep {
    pub(crate) fn new(e: &Election) -> Prep {
        let mut merged: crate::pabulib::fxhash::FxHashMap<Vec<u32>, usize> = Default::default();
        let mut w: Vec<u64> = Vec::new();
        let mut group_projects: Vec<Vec<u32>> = Vec::new();
        let already_merged = matches!(
            e.vote_type,
            crate::pabulib::VoteType::Approval | crate::pabulib::VoteType::Choose1
        );
        for (ps, weight) in e.approval_sets() {
            if ps.is_empty() {
                continue;
            }
            if already_merged {
                w.push(weight);
                group_projects.push(ps);
                continue;
            }
            match merged.get(&ps) {
                Some(&g) => w[g] += weight,
                None => {
                    merged.insert(ps.clone(), w.len());
                    w.push(weight);
                    group_projects.push(ps);
                }
            }
        }
        let np = e.projects.len();
        // Order the groups so that the supporters of popular projects sit close together
        // in memory (lexicographic by the popularity ranks of their projects).
        {
            let mut pop = vec![0u64; np];
            for (ps, &wg) in group_projects.iter().zip(&w) {
                for &p in ps {
                    pop[p as usize] += wg;
                }
            }
            let mut by_pop: Vec<usize> = (0..np).collect();
            by_pop.sort_by(|&a, &b| pop[b].cmp(&pop[a]).then(a.cmp(&b)));
            let mut rank = vec![0u32; np];
            for (r, &p) in by_pop.iter().enumerate() {
                rank[p] = r as u32;
            }
            let mut order: Vec<(Vec<u32>, usize)> = group_projects
                .iter()
                .enumerate()
                .map(|(g, ps)| {
                    let mut k: Vec<u32> = ps.iter().map(|&p| rank[p as usize]).collect();
                    k.sort_unstable();
                    (k, g)
                })
                .collect();
            order.sort_unstable();
            let gp = std::mem::take(&mut group_projects);
            let ww = std::mem::take(&mut w);
            for (_, g) in order {
                group_projects.push(gp[g].clone());
                w.push(ww[g]);
            }
        }
        let mut supporters = vec![Vec::new(); np];
        let mut support_w = vec![0u64; np];
        for (g, ps) in group_projects.iter().enumerate() {
            for &p in ps {
                supporters[p as usize].push(g as u32);
                support_w[p as usize] += w[g];
            }
        }
        let mut neighbors = vec![Vec::new(); np];
        let mut mark = vec![usize::MAX; np];
        for p in 0..np {
            for &g in &supporters[p] {
                for &q in &group_projects[g as usize] {
                    if mark[q as usize] != p {
                        mark[q as usize] = p;
                        neighbors[p].push(q);
                    }
                }
            }
        }
        let sup_wf = supporters
            .iter()
            .map(|gs| gs.iter().map(|&g| w[g as usize] as f64).collect())
            .collect();
        let mut sup_start = Vec::with_capacity(np);
        let mut flat_g = Vec::new();
        let mut flat_w = Vec::new();
        for p in 0..np {
            sup_start.push(flat_g.len());
            flat_g.extend_from_slice(&supporters[p]);
            flat_w.extend(supporters[p].iter().map(|&g| w[g as usize] as f64));
        }
        Prep {
            w,
            supporters,
            sup_wf,
            flat_g,
            flat_w,
            sup_start,
            support_w,
            costs: e.projects.iter().map(|p| p.cost).collect(),
            neighbors,
            tie: e.tie_order(),
            group_projects,
        }
    }
}

/// Record of a bought project, enough to recompute its exact `α`.
#[derive(Debug, Clone)]
struct RoundRec {
    project: u32,
    /// Weight of the supporters who paid the share.
    m: u64,
    /// Weight of the supporters (with money) who paid everything they had.
    full_w: u64,
    /// Over those full payers: weight per earlier round in which they paid the share
    /// (filled lazily from `full_groups`, whose histories are frozen once they are empty).
    k: Vec<(u32, u64)>,
    full_groups: Vec<u32>,
    /// Exact α when nobody paid the share (everyone paid all they had).
    alpha_all_pay: Option<BigRational>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum PState {
    Removed,
    Dirty,
    Fresh { alpha: f64, ambiguous: bool },
}

/// What a round looked like, to prove that a larger per-voter budget gives the same
/// outcome (see [`same_outcome_between`]).
#[derive(Debug, Clone)]
struct RoundInfo {
    /// ρ of the winner (float).
    rho_w: f64,
    /// Lower bound of the ρ of every other project still in the race.
    runner_lb: f64,
    /// When the round was decided exactly: exact ρ of the other near-tied candidates
    /// (with their tie rank), and a lower bound of ρ for everyone else.
    exact_others: Option<(Vec<(u32, BigRational)>, f64)>,
}

/// Exact data of a finished run.
struct RunOut {
    selected: Vec<u32>,
    cost: i64,
    rounds: Vec<RoundRec>,
    info: Vec<RoundInfo>,
    b0: BigRational,
    /// Share-payment histories (for the exact α of the rounds, on demand).
    head: Vec<u32>,
    arena: Vec<(u32, u32)>,
    /// Exact α of the first rounds, computed so far.
    alpha_cache: std::cell::RefCell<Vec<BigRational>>,
    /// Exact α of the rounds that the run itself computed (near ties).
    alpha_known: Vec<Option<BigRational>>,
}

const NIL: u32 = u32::MAX;

struct Run<'a> {
    prep: &'a Prep,
    b0: BigRational,
    b0f: f64,
    /// Float budget of each group (0 once it has nothing left).
    bf: Vec<f64>,
    exhausted: Vec<bool>,
    /// Rounds in which a group paid the share: linked lists in one arena.
    head: Vec<u32>,
    arena: Vec<(u32, u32)>,
    rounds: Vec<RoundRec>,
    info: Vec<RoundInfo>,
    alpha_exact: Vec<Option<BigRational>>,
    scratch: Vec<(f64, f64)>,
    /// Last float α computed for each project: a lower bound of its α from then on.
    alpha_lb: Vec<f64>,
}

/// Result of the float evaluation of a project.
enum Eval {
    Unaffordable,
    Affordable { alpha: f64, ambiguous: bool },
}

impl<'a> Run<'a> {
    fn new(prep: &'a Prep, b0: BigRational) -> Run<'a> {
        let b0f = to_f64(&b0);
        let ng = prep.w.len();
        Run {
            prep,
            b0,
            b0f,
            bf: vec![b0f; ng],
            exhausted: vec![false; ng],
            head: vec![NIL; ng],
            arena: Vec::new(),
            rounds: Vec::new(),
            info: Vec::new(),
            alpha_exact: Vec::new(),
            scratch: Vec::new(),
            alpha_lb: vec![0.0; prep.costs.len()],
        }
    }

    fn hist(&self, g: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut i = self.head[g];
        while i != NIL {
            let (r, next) = self.arena[i as usize];
            out.push(r);
            i = next;
        }
        out
    }

    /// Exact α of an earlier round.
    fn alpha_r(&mut self, r: usize) -> BigRational {
        if let Some(Some(a)) = self.alpha_exact.get(r) {
            return a.clone();
        }
        if self.alpha_exact.len() <= r {
            self.alpha_exact.resize(r + 1, None);
        }
        self.fill_k(r);
        let rec = self.rounds[r].clone();
        let a = match rec.alpha_all_pay {
            Some(a) => a,
            None => {
                let mut s = &self.b0 * big(rec.full_w as i128);
                for &(r2, kw) in &rec.k {
                    let a2 = self.alpha_r(r2 as usize);
                    s -= a2 * big(kw as i128);
                }
                let c = big(self.prep.costs[rec.project as usize] as i128);
                (c - s) / big(rec.m as i128)
            }
        };
        self.alpha_exact[r] = Some(a.clone());
        a
    }

    /// Compute `k` of round `r` from its full payers' (frozen) histories.
    fn fill_k(&mut self, r: usize) {
        if !self.rounds[r].full_groups.is_empty() && self.rounds[r].k.is_empty() {
            self.rounds[r].k = k_of(
                self.prep,
                &self.head,
                &self.arena,
                &self.rounds[r].full_groups,
                r,
            );
        }
    }

    /// Exact budget of a group.
    fn budget_exact(&mut self, g: usize) -> BigRational {
        if self.exhausted[g] {
            return BigRational::zero();
        }
        let mut b = self.b0.clone();
        for r in self.hist(g) {
            b -= self.alpha_r(r as usize);
        }
        b
    }

    /// Float evaluation of project `p`: its α (ρ = α / c) or unaffordable.
    fn eval(&mut self, p: usize) -> Eval {
        let c = self.prep.costs[p] as f64;
        let mut sc = std::mem::take(&mut self.scratch);
        sc.clear();
        let mut total = 0.0f64;
        let mut m = 0.0f64;
        // Supporters below the last α of this project surely pay all they have (α only
        // grows); keep them out of the partition work.
        let sure_full = self.alpha_lb[p] * (1.0 - 2.0 * TOL);
        let (mut full_sum, mut full_m) = (0.0f64, 0.0f64);
        let start = self.prep.sup_start[p];
        let end = start + self.prep.supporters[p].len();
        let gs = &self.prep.flat_g[start..end];
        let ws = &self.prep.flat_w[start..end];
        for (&g, &w) in gs.iter().zip(ws) {
            let b = self.bf[g as usize];
            if b > 0.0 {
                total += b * w;
                m += w;
                if b < sure_full {
                    full_sum += b * w;
                    full_m += w;
                } else {
                    sc.push((b, w));
                }
            }
        }
        let result = if c <= 0.0 {
            Eval::Affordable {
                alpha: 0.0,
                ambiguous: false,
            }
        } else if m == 0.0
            || total < c * (1.0 - TOL)
            || (total <= c * (1.0 + TOL) && !self.affordable_exact(p))
        {
            Eval::Unaffordable
        } else {
            // Iteratively move supporters who can't pay the share to "pay all".
            let mut rem = c - full_sum;
            let mut mm = m - full_m;
            let mut active = sc.len();
            let mut iterations = 0;
            loop {
                iterations += 1;
                if mm <= 0.0 {
                    break;
                }
                let a = rem / mm;
                let mut i = 0;
                let mut moved = false;
                while i < active {
                    if sc[i].0 < a {
                        rem -= sc[i].0 * sc[i].1;
                        mm -= sc[i].1;
                        active -= 1;
                        sc.swap(i, active);
                        moved = true;
                    } else {
                        i += 1;
                    }
                }
                if !moved {
                    break;
                }
                if iterations > 12 {
                    // Fall back to sorting what is left.
                    sc[..active].sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
                    let mut j = 0;
                    while j < active && mm > 0.0 && sc[j].0 < rem / mm {
                        rem -= sc[j].0 * sc[j].1;
                        mm -= sc[j].1;
                        j += 1;
                    }
                    break;
                }
            }
            let alpha = if mm > 0.5 {
                rem / mm
            } else {
                sc.iter().map(|x| x.0).fold(0.0, f64::max)
            };
            self.alpha_lb[p] = alpha;
            let ambiguous = mm <= 0.5
                || total <= c * (1.0 + TOL)
                || sc.iter().any(|x| (x.0 - alpha).abs() <= alpha * TOL);
            Eval::Affordable { alpha, ambiguous }
        };
        self.scratch = sc;
        result
    }

    fn affordable_exact(&mut self, p: usize) -> bool {
        let mut total = BigRational::zero();
        for i in 0..self.prep.supporters[p].len() {
            let g = self.prep.supporters[p][i] as usize;
            if !self.exhausted[g] {
                total += self.budget_exact(g) * big(self.prep.w[g] as i128);
            }
        }
        total >= big(self.prep.costs[p] as i128)
    }

    /// Exact α of `p` when the float evaluation (share `alpha_f`) leaves no doubt about
    /// who pays all and about affordability: then α = (c − Σ_full b) / m_share, where
    /// Σ_full b = W·b0 − Σ_r K_r α_r comes from the full payers' histories. `None` when
    /// it cannot tell (then [`Self::alpha_exact_of`] decides).
    fn alpha_exact_fast(&mut self, p: usize, alpha_f: f64) -> Option<(BigRational, Vec<u32>)> {
        const MARGIN: f64 = 1e-7;
        let c = self.prep.costs[p];
        if c == 0 {
            return Some((BigRational::zero(), Vec::new()));
        }
        let (mut total, mut m_share, mut w_full) = (0.0f64, 0u64, 0u64);
        let mut full: Vec<u32> = Vec::new();
        for &g in &self.prep.supporters[p] {
            let gi = g as usize;
            if self.exhausted[gi] {
                continue;
            }
            let b = self.bf[gi];
            let w = self.prep.w[gi];
            total += b * w as f64;
            if b < alpha_f * (1.0 - MARGIN) {
                full.push(g);
                w_full += w;
            } else if b > alpha_f * (1.0 + MARGIN) {
                m_share += w;
            } else {
                return None;
            }
        }
        if m_share == 0 || total <= c as f64 * (1.0 + MARGIN) {
            return None;
        }
        let mut num = big(c as i128);
        if w_full > 0 {
            let mut dense: Vec<u64> = vec![0; self.rounds.len()];
            for &g in &full {
                let w = self.prep.w[g as usize];
                let mut i = self.head[g as usize];
                while i != NIL {
                    let (r2, next) = self.arena[i as usize];
                    dense[r2 as usize] += w;
                    i = next;
                }
            }
            num -= &self.b0 * big(w_full as i128);
            for (r2, &kw) in dense.iter().enumerate() {
                if kw > 0 {
                    num += self.alpha_r(r2) * big(kw as i128);
                }
            }
        }
        Some((num / big(m_share as i128), full))
    }

    /// Exact α of project `p` and the set of groups that pay all they have.
    /// `None` if not affordable.
    fn alpha_exact_of(&mut self, p: usize) -> Option<(BigRational, Vec<u32>)> {
        let c = big(self.prep.costs[p] as i128);
        let mut items: Vec<(BigRational, u64, u32)> = Vec::new();
        for i in 0..self.prep.supporters[p].len() {
            let g = self.prep.supporters[p][i];
            let gi = g as usize;
            if self.exhausted[gi] {
                continue;
            }
            let b = self.budget_exact(gi);
            items.push((b, self.prep.w[gi], g));
        }
        if c.is_zero() {
            return Some((BigRational::zero(), Vec::new()));
        }
        let total: BigRational = items.iter().map(|(b, w, _)| b * big(*w as i128)).sum();
        if total < c || items.is_empty() {
            return None;
        }
        items.sort_by(|x, y| x.0.cmp(&y.0));
        let mut rem = c;
        let mut m: u64 = items.iter().map(|x| x.1).sum();
        let mut full = Vec::new();
        for (b, w, g) in &items {
            // b < rem / m  <=>  b * m < rem
            if m > 0 && b * big(m as i128) < rem {
                rem -= b * big(*w as i128);
                m -= w;
                full.push(*g);
            } else {
                break;
            }
        }
        if m == 0 {
            let a = items.last().map(|x| x.0.clone()).unwrap_or_default();
            return Some((a, full));
        }
        Some((rem / big(m as i128), full))
    }

    /// Buy project `p`. `exact` is the exact share and set of groups paying all they
    /// have, when the float decision was too close to call.
    fn buy(&mut self, p: usize, alpha_f: f64, exact: Option<(BigRational, Vec<u32>)>) {
        let r = self.rounds.len() as u32;
        let prep = self.prep;
        let (mut is_full, alpha_known) = match exact {
            Some((a, full)) => (full, Some(a)),
            None => (Vec::new(), None),
        };
        is_full.sort_unstable();
        let use_exact = alpha_known.is_some();
        let mut m = 0u64;
        let mut full_w = 0u64;
        let mut zero_check: Vec<usize> = Vec::new();
        let mut full_groups: Vec<usize> = Vec::new();
        for &g in &prep.supporters[p] {
            let gi = g as usize;
            if self.exhausted[gi] {
                continue;
            }
            let w = prep.w[gi];
            let pays_all = if use_exact {
                is_full.binary_search(&g).is_ok()
            } else {
                self.bf[gi] < alpha_f
            };
            if pays_all {
                full_w += w;
                full_groups.push(gi);
            } else {
                m += w;
                self.arena.push((r, self.head[gi]));
                self.head[gi] = (self.arena.len() - 1) as u32;
                self.bf[gi] -= alpha_f;
                if self.bf[gi] <= self.b0f * TOL {
                    zero_check.push(gi);
                }
            }
        }
        let alpha_all_pay = if m == 0 {
            // Everyone paid all they had: α is the largest budget among them.
            Some(match &alpha_known {
                Some(a) => a.clone(),
                None => {
                    let mut best = BigRational::zero();
                    for &gi in &full_groups {
                        let b = self.budget_exact(gi);
                        if b > best {
                            best = b;
                        }
                    }
                    best
                }
            })
        } else {
            None
        };
        for &gi in &full_groups {
            self.exhausted[gi] = true;
            self.bf[gi] = 0.0;
        }
        self.rounds.push(RoundRec {
            project: p as u32,
            m,
            full_w,
            k: Vec::new(),
            full_groups: full_groups.iter().map(|&g| g as u32).collect(),
            alpha_all_pay,
        });
        if let Some(a) = alpha_known {
            if self.alpha_exact.len() <= r as usize {
                self.alpha_exact.resize(r as usize + 1, None);
            }
            self.alpha_exact[r as usize] = Some(a);
        }
        // Budgets that may be exactly zero now.
        for gi in zero_check {
            let b = self.budget_exact(gi);
            if !b.is_positive() {
                self.exhausted[gi] = true;
                self.bf[gi] = 0.0;
            } else if self.bf[gi] <= 0.0 {
                self.bf[gi] = to_f64(&b).max(f64::MIN_POSITIVE);
            }
        }
    }

    /// Run to the end. With `hint` (a run at a smaller per-voter budget), also refresh
    /// the projects needed to compare with it in [`same_outcome_between`] (this does not
    /// change any decision).
    ///
    /// Projects wait in a min-heap keyed by ρ; a key is exact when the project is fresh
    /// and a lower bound when it is dirty (its supporters paid since), because budgets
    /// only decrease. A dirty project at the top is re-evaluated and pushed back.
    fn run(mut self, hint: Option<&RunOut>) -> RunOut {
        let np = self.prep.costs.len();
        let mut on_track = hint.is_some();
        let mut state: Vec<PState> = vec![PState::Dirty; np];
        let mut key: Vec<f64> = vec![0.0; np];
        let mut heap: BinaryHeap<Reverse<(Key, u32)>> = BinaryHeap::with_capacity(np);
        // Round 1 needs no scan: everyone holds b0, so a project with m supporters is
        // affordable iff m·b0 ≥ c, at α = c/m when b0 ≥ c/m. And ρ ≥ 1/m always.
        for p in 0..np {
            let m = self.prep.support_w[p] as f64;
            let c = self.prep.costs[p] as f64;
            if m == 0.0 {
                state[p] = PState::Removed;
                continue;
            }
            if c > 0.0 && m * self.b0f < c * (1.0 - TOL) {
                state[p] = PState::Removed;
                continue;
            }
            key[p] = if c > 0.0 { 1.0 / m } else { 0.0 };
            if c <= 0.0 {
                state[p] = PState::Fresh {
                    alpha: 0.0,
                    ambiguous: false,
                };
            } else if self.b0f > (c / m) * (1.0 + TOL) {
                state[p] = PState::Fresh {
                    alpha: c / m,
                    ambiguous: false,
                };
                self.alpha_lb[p] = c / m;
            }
            heap.push(Reverse((Key(key[p]), p as u32)));
        }
        let mut selected = Vec::new();
        let mut cands: Vec<usize> = Vec::new();
        let mut parked: Vec<usize> = Vec::new();
        while let Some(Reverse((_, p))) = heap.pop() {
            let p = p as usize;
            if state[p] == PState::Removed {
                continue;
            }
            if state[p] == PState::Dirty {
                self.refresh(p, &mut state, &mut key);
                if state[p] != PState::Removed {
                    heap.push(Reverse((Key(key[p]), p as u32)));
                }
                continue;
            }
            // `p` is fresh and minimal. Gather everything within tolerance, fresh.
            let kmin = key[p];
            let limit = kmin + kmin.abs() * TOL * 4.0;
            cands.clear();
            cands.push(p);
            while let Some(&Reverse((Key(k), q))) = heap.peek() {
                if k > limit {
                    break;
                }
                heap.pop();
                let q = q as usize;
                match state[q] {
                    PState::Removed => {}
                    PState::Dirty => {
                        self.refresh(q, &mut state, &mut key);
                        if state[q] != PState::Removed {
                            heap.push(Reverse((Key(key[q]), q as u32)));
                        }
                    }
                    PState::Fresh { .. } => cands.push(q),
                }
            }
            let ambiguous = cands.len() > 1
                || matches!(
                    state[p],
                    PState::Fresh {
                        ambiguous: true,
                        ..
                    }
                );
            let mut exact_rhos: Vec<(usize, BigRational)> = Vec::new();
            let (winner, exact) = if !ambiguous {
                (p, None)
            } else {
                // Exact comparison of ρ = α / c among the candidates.
                let mut best: Option<(usize, BigRational, (BigRational, Vec<u32>))> = None;
                for &q in &cands {
                    let alpha_q = match state[q] {
                        PState::Fresh { alpha, .. } => alpha,
                        _ => 0.0,
                    };
                    let exact_q = match self.alpha_exact_fast(q, alpha_q) {
                        Some(r) => Some(r),
                        None => self.alpha_exact_of(q),
                    };
                    match exact_q {
                        None => {
                            state[q] = PState::Removed;
                        }
                        Some((a, full)) => {
                            let c = self.prep.costs[q];
                            let rho = if c == 0 {
                                BigRational::zero()
                            } else {
                                &a / big(c as i128)
                            };
                            exact_rhos.push((q, rho.clone()));
                            let better = match &best {
                                None => true,
                                Some((bq, brho, _)) => {
                                    rho < *brho
                                        || (rho == *brho && self.prep.tie[q] < self.prep.tie[*bq])
                                }
                            };
                            if better {
                                best = Some((q, rho, (a, full)));
                            }
                        }
                    }
                }
                match best {
                    None => continue,
                    Some((q, _, ex)) => (q, Some(ex)),
                }
            };
            // Candidates that did not win go back (still fresh).
            for &q in &cands {
                if q != winner && state[q] != PState::Removed {
                    heap.push(Reverse((Key(key[q]), q as u32)));
                }
            }
            if on_track {
                let r = selected.len();
                match hint.and_then(|h| h.info.get(r).map(|i| (i, h.selected[r]))) {
                    Some((h, hw)) if hw as usize == winner => {
                        let lim = h.rho_w * (1.0 + 8.0 * TOL);
                        parked.clear();
                        while let Some(&Reverse((Key(k), q))) = heap.peek() {
                            if k > lim {
                                break;
                            }
                            heap.pop();
                            let q = q as usize;
                            if state[q] == PState::Dirty {
                                self.refresh(q, &mut state, &mut key);
                            }
                            if state[q] != PState::Removed {
                                parked.push(q);
                            }
                        }
                        for &q in &parked {
                            heap.push(Reverse((Key(key[q]), q as u32)));
                        }
                    }
                    _ => on_track = false,
                }
            }
            let runner_lb = heap.peek().map_or(f64::INFINITY, |Reverse((Key(k), _))| *k);
            let exact_others = if ambiguous {
                let outside = heap
                    .iter()
                    .filter(|Reverse((_, q))| !cands.contains(&(*q as usize)))
                    .map(|Reverse((Key(k), _))| *k)
                    .fold(f64::INFINITY, f64::min);
                let others = exact_rhos
                    .into_iter()
                    .filter(|(q, _)| *q != winner)
                    .map(|(q, r)| (self.prep.tie[q], r))
                    .collect();
                Some((others, outside))
            } else {
                None
            };
            let alpha_f = match state[winner] {
                PState::Fresh { alpha, .. } => alpha,
                _ => 0.0,
            };
            self.info.push(RoundInfo {
                rho_w: key[winner],
                runner_lb,
                exact_others,
            });
            self.buy(winner, alpha_f, exact);
            state[winner] = PState::Removed;
            selected.push(winner as u32);
            for &q in &self.prep.neighbors[winner] {
                if matches!(state[q as usize], PState::Fresh { .. }) {
                    state[q as usize] = PState::Dirty;
                }
            }
        }
        let cost = selected.iter().map(|&p| self.prep.costs[p as usize]).sum();
        RunOut {
            selected,
            cost,
            rounds: self.rounds,
            info: self.info,
            b0: self.b0,
            alpha_cache: std::cell::RefCell::new(
                self.alpha_exact.iter().map_while(|a| a.clone()).collect(),
            ),
            alpha_known: self.alpha_exact,
            head: self.head,
            arena: self.arena,
        }
    }

    fn refresh(&mut self, p: usize, state: &mut [PState], key: &mut [f64]) {
        match self.eval(p) {
            Eval::Unaffordable => state[p] = PState::Removed,
            Eval::Affordable { alpha, ambiguous } => {
                let c = self.prep.costs[p] as f64;
                key[p] = if c > 0.0 { alpha / c } else { 0.0 };
                state[p] = PState::Fresh { alpha, ambiguous };
            }
        }
    }
}

fn big(v: i128) -> BigRational {
    BigRational::from_integer(BigInt::from(v))
}

/// Weight per earlier round in which the given (now empty) groups paid the share.
fn k_of(
    prep: &Prep,
    head: &[u32],
    arena: &[(u32, u32)],
    groups: &[u32],
    r: usize,
) -> Vec<(u32, u64)> {
    let mut dense: Vec<u64> = vec![0; r];
    for &g in groups {
        let w = prep.w[g as usize];
        let mut i = head[g as usize];
        while i != NIL {
            let (r2, next) = arena[i as usize];
            if (r2 as usize) < r {
                dense[r2 as usize] += w;
            }
            i = next;
        }
    }
    dense
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0)
        .map(|(r2, w)| (r2 as u32, *w))
        .collect()
}

/// Exact α of the rounds `0..=upto` of a finished run (memoized in the run).
fn exact_alphas(prep: &Prep, out: &RunOut, upto: usize) -> Vec<BigRational> {
    let mut alphas = out.alpha_cache.borrow_mut();
    let upto = upto.min(out.rounds.len().saturating_sub(1));
    while alphas.len() <= upto && alphas.len() < out.rounds.len() {
        let r = alphas.len();
        let rec = &out.rounds[r];
        let c = big(prep.costs[rec.project as usize] as i128);
        let a = match &rec.alpha_all_pay {
            Some(a) => a.clone(),
            None => {
                let k = if rec.k.is_empty() && !rec.full_groups.is_empty() {
                    k_of(prep, &out.head, &out.arena, &rec.full_groups, r)
                } else {
                    rec.k.clone()
                };
                let mut s = &out.b0 * big(rec.full_w as i128);
                for &(r2, kw) in &k {
                    s -= &alphas[r2 as usize] * big(kw as i128);
                }
                (c - s) / big(rec.m as i128)
            }
        };
        alphas.push(a);
    }
    alphas.clone()
}

/// Proof that every per-voter budget between the runs `a` and `b` (`a.b0 < b.b0`) gives
/// the same outcome. With the same sequence of purchases, more money can only lower every
/// project's ρ and raise every budget (by induction over the rounds: the share α solving
/// Σ min(b_i, α) = c falls when the b_i rise, and max(b_i − α, 0) rises). So if at every
/// round the winner's ρ in `a` is below every other project's ρ in `b` (or equal, with the
/// winner first in the tie order), the winner also wins at any budget in between; projects
/// affordable in `a` stay affordable and projects unaffordable in `b` are unaffordable
/// throughout. Returns false when it cannot prove it.
fn same_outcome_between(prep: &Prep, a: &RunOut, b: &RunOut) -> bool {
    if a.selected != b.selected || a.info.len() != b.info.len() {
        return false;
    }
    let margin = 1.0 + 8.0 * TOL;
    for (r, (ia, ib)) in a.info.iter().zip(&b.info).enumerate() {
        if ib.runner_lb > ia.rho_w * margin {
            continue;
        }
        let Some((others, outside)) = &ib.exact_others else {
            return false;
        };
        if *outside <= ia.rho_w * margin {
            return false;
        }
        // Cheap float pre-check: a clearly smaller ρ fails, clearly larger ones pass;
        // exact values are needed only for (near) equal ones.
        let mut need_exact = false;
        for (_, rho_q) in others {
            let q = to_f64(rho_q);
            if q < ia.rho_w / margin {
                return false;
            }
            if q <= ia.rho_w * margin {
                need_exact = true;
            }
        }
        if !need_exact {
            continue;
        }
        // Use the winner's exact α only if run `a` has it already (computing the whole
        // chain of exact α's costs more than a few extra runs).
        let Some(alpha_w) = a.alpha_known.get(r).and_then(|x| x.as_ref()) else {
            return false;
        };
        let w = a.selected[r] as usize;
        let c = prep.costs[w];
        let rho_w = if c == 0 {
            BigRational::zero()
        } else {
            alpha_w / big(c as i128)
        };
        let tie_w = prep.tie[w];
        for (tie_q, rho_q) in others {
            if !(*rho_q > rho_w || (*rho_q == rho_w && tie_w < *tie_q)) {
                return false;
            }
        }
    }
    true
}

fn explain_rounds(e: &Election, prep: &Prep, out: &RunOut) -> Vec<MesRound> {
    let alphas = exact_alphas(prep, out, out.rounds.len());
    out.rounds
        .iter()
        .zip(alphas)
        .map(|(rec, a)| {
            let p = rec.project as usize;
            let c = big(prep.costs[p] as i128);
            let rho = if c.is_zero() {
                BigRational::zero()
            } else {
                &a / &c
            };
            MesRound {
                project: e.projects[p].id.clone(),
                rho: Fraction::from_big(&rho),
                max_payment: Fraction::from_big(&a),
                supporters: prep.support_w[p],
                payers: rec.m + rec.full_w,
                paid_all_they_had: rec.full_w,
                total_paid: e.money(prep.costs[p] as i128),
            }
        })
        .collect()
}

fn run_with(prep: &Prep, b0: BigRational, hint: Option<&RunOut>) -> RunOut {
    Run::new(prep, b0).run(hint)
}

fn is_exhaustive(e: &Election, selected: &[u32], cost: i64) -> bool {
    let left = e.budget - cost;
    let mut chosen = vec![false; e.projects.len()];
    for &p in selected {
        chosen[p as usize] = true;
    }
    !e.projects
        .iter()
        .enumerate()
        .any(|(i, p)| !chosen[i] && p.cost <= left)
}

/// The Add1 loop. Runs MES at `b0 = (start + k)` whole units. Instead of trying every
/// `k`, it gallops: it tries a run further ahead and keeps it only when
/// [`same_outcome_between`] proves that every step in between has the same outcome (so
/// the same cost and the same exhaustiveness); otherwise it steps by one. The result is
/// the same as stepping by one every time.
fn add1_loop(
    e: &Election,
    prep: &Prep,
    completion: Completion,
    naive: bool,
) -> (RunOut, i64, i64, u32, &'static str) {
    let n = e.n_voters.max(1) as i64;
    let unit: i64 = 10i64.pow(e.scale);
    let start_units = e.budget / n / unit;
    // Once every voter can pay all the projects they approve on their own, every
    // supported project is bought whatever the order: more money changes nothing.
    let max_cost = prep
        .group_projects
        .iter()
        .map(|ps| ps.iter().map(|&p| prep.costs[p as usize]).sum::<i64>())
        .max()
        .unwrap_or(0);
    let b0_of = |k: i64| (start_units + k) * unit;
    let run_k = |k: i64, hint: &RunOut| {
        run_with(
            prep,
            big(b0_of(k) as i128),
            if naive { None } else { Some(hint) },
        )
    };
    // Smallest k with b0 >= that amount.
    let k_sat = ((max_cost - b0_of(0)).max(0) + unit - 1) / unit;
    let mut k = 0i64;
    let mut cur = run_with(prep, big(b0_of(0) as i128), None);
    let mut runs = 1u32;
    // Gallop size, and how many proven single steps in a row we want to see before
    // trying a gallop (doubles after a failed gallop, so that elections whose outcome
    // changes at almost every step don't waste runs).
    let mut gallop = 2i64;
    let mut streak = 0u32;
    let mut need = 1u32;
    let stopped = loop {
        if completion == Completion::Add1e && is_exhaustive(e, &cur.selected, cur.cost) {
            break "exhaustive";
        }
        if k >= k_sat {
            break "saturated";
        }
        if !naive && streak >= need && k + 1 < k_sat {
            let k2 = (k + gallop).min(k_sat);
            let far = run_k(k2, &cur);
            runs += 1;
            if far.cost <= e.budget && same_outcome_between(prep, &cur, &far) {
                cur = far;
                k = k2;
                gallop = gallop.saturating_mul(2);
                need = (need / 2).max(1);
                continue;
            }
            gallop = 2;
            need = need.saturating_mul(2);
            streak = 0;
        }
        let next = run_k(k + 1, &cur);
        runs += 1;
        if next.cost > e.budget {
            break "next-overspends";
        }
        if !naive {
            if same_outcome_between(prep, &cur, &next) {
                streak += 1;
            } else {
                streak = 0;
                gallop = 2;
            }
        }
        cur = next;
        k += 1;
    };
    (cur, k, b0_of(0), runs, stopped)
}

/// Method of Equal Shares with cost utilities.
pub fn mes(e: &Election, opts: MesOptions) -> Outcome {
    mes_impl(e, opts, false)
}

/// Same as [`mes`], but the Add1 completions step by one unit every time (no jumps);
/// for tests and benchmarks.
#[doc(hidden)]
pub fn mes_naive(e: &Election, opts: MesOptions) -> Outcome {
    mes_impl(e, opts, true)
}

fn mes_impl(e: &Election, opts: MesOptions, naive: bool) -> Outcome {
    let prep = Prep::new(e);
    let n = e.n_voters.max(1);
    let (out, completion) = match opts.completion {
        Completion::None => {
            let b0 = BigRational::new(BigInt::from(e.budget), BigInt::from(n));
            (run_with(&prep, b0, None), None)
        }
        c => {
            let (cur, k, start, runs, stopped) = add1_loop(e, &prep, c, naive);
            let b0_k = start + k * 10i64.pow(e.scale);
            let mut filled = Vec::new();
            if c == Completion::Add1u {
                let scores = e.scores();
                let mut left = e.budget - cur.cost;
                let mut chosen = vec![false; e.projects.len()];
                for &p in &cur.selected {
                    chosen[p as usize] = true;
                }
                for p in greedy_order(e, &scores) {
                    let cost = e.projects[p as usize].cost;
                    if !chosen[p as usize] && cost <= left {
                        left -= cost;
                        chosen[p as usize] = true;
                        filled.push(p);
                    }
                }
            }
            let info = CompletionInfo {
                method: c,
                per_voter_budget: e.money(b0_k as i128),
                start_per_voter_budget: e.money(start as i128),
                steps: k as u32,
                runs,
                stopped_because: stopped.to_string(),
                filled: filled
                    .iter()
                    .map(|&p| e.projects[p as usize].id.clone())
                    .collect(),
            };
            let mut out = cur;
            out.selected.extend(filled.iter().copied());
            out.cost = e.cost_of(&out.selected);
            (out, Some(info))
        }
    };
    let rounds = explain_rounds(e, &prep, &out);
    let mut selected = out.selected.clone();
    let comparison = opts.comparison.map(|measure| {
        let g = super::greedy(e, super::GreedyVariant::Skip, None);
        let util = |set: &[u32], ps: &[u32]| -> i128 {
            ps.iter()
                .filter(|p| set.contains(p))
                .map(|&p| match measure {
                    PreferenceMeasure::Cost => prep.costs[p as usize] as i128,
                    PreferenceMeasure::Count => 1,
                })
                .sum()
        };
        let (mut pm, mut pg, mut ind) = (0u64, 0u64, 0u64);
        for (gi, ps) in prep.group_projects.iter().enumerate() {
            let um = util(&selected, ps);
            let ug = util(&g.selected, ps);
            match um.cmp(&ug) {
                std::cmp::Ordering::Greater => pm += prep.w[gi],
                std::cmp::Ordering::Less => pg += prep.w[gi],
                std::cmp::Ordering::Equal => ind += prep.w[gi],
            }
        }
        // Voters with empty ballots are indifferent.
        ind += e.n_voters.saturating_sub(pm + pg + ind);
        let keep_greedy = pg > pm;
        let info = ComparisonInfo {
            measure,
            prefer_mes: pm,
            prefer_greedy: pg,
            indifferent: ind,
            kept: if keep_greedy { "greedy" } else { "mes" }.to_string(),
            greedy_selected: g.selected_ids(e).iter().map(|s| s.to_string()).collect(),
        };
        if keep_greedy {
            selected = g.selected.clone();
        }
        info
    });
    Outcome {
        rule: opts.rule_name(),
        total_cost: e.cost_of(&selected),
        selected,
        explanation: Explanation::Mes(MesExplanation {
            per_voter_budget: Fraction::from_big(&out.b0),
            voters: e.n_voters,
            rounds,
            completion,
            comparison,
        }),
    }
}

/// Reference implementation: plain exact MES, straightforward (for tests).
#[doc(hidden)]
pub fn mes_reference(e: &Election, b0: Option<BigRational>) -> Vec<u32> {
    let prep = Prep::new(e);
    let n = e.n_voters.max(1);
    let b0 = b0.unwrap_or_else(|| BigRational::new(BigInt::from(e.budget), BigInt::from(n)));
    let ng = prep.w.len();
    let mut b = vec![b0; ng];
    let np = e.projects.len();
    let mut remaining: Vec<bool> = (0..np).map(|p| prep.support_w[p] > 0).collect();
    let mut out = Vec::new();
    loop {
        let mut best: Option<(usize, BigRational)> = None;
        for p in 0..np {
            if !remaining[p] {
                continue;
            }
            let c = BigRational::from_integer(BigInt::from(prep.costs[p]));
            let mut items: Vec<(BigRational, u64)> = prep.supporters[p]
                .iter()
                .map(|&g| (b[g as usize].clone(), prep.w[g as usize]))
                .filter(|(x, _)| x.is_positive())
                .collect();
            let total: BigRational = items
                .iter()
                .map(|(x, w)| x * BigRational::from_integer(BigInt::from(*w)))
                .sum();
            if total < c {
                remaining[p] = false;
                continue;
            }
            items.sort_by(|x, y| x.0.cmp(&y.0));
            let mut rem = c.clone();
            let mut m: u64 = items.iter().map(|x| x.1).sum();
            let mut alpha = None;
            for (x, w) in &items {
                let share = &rem / BigRational::from_integer(BigInt::from(m));
                if *x < share {
                    rem -= x * BigRational::from_integer(BigInt::from(*w));
                    m -= w;
                } else {
                    alpha = Some(share);
                    break;
                }
            }
            let alpha =
                alpha.unwrap_or_else(|| items.last().map(|x| x.0.clone()).unwrap_or_default());
            let rho = if c.is_zero() {
                BigRational::zero()
            } else {
                alpha / &c
            };
            let better = match &best {
                None => true,
                Some((q, r)) => rho < *r || (rho == *r && prep.tie[p] < prep.tie[*q]),
            };
            if better {
                best = Some((p, rho));
            }
        }
        let Some((p, rho)) = best else { break };
        let alpha = rho * BigRational::from_integer(BigInt::from(prep.costs[p]));
        for &g in &prep.supporters[p] {
            let x = &mut b[g as usize];
            if *x <= alpha {
                *x = BigRational::zero();
            } else {
                *x -= &alpha;
            }
        }
        remaining[p] = false;
        out.push(p as u32);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// Small deterministic pseudo-random elections.
    pub(crate) fn random_election(seed: u64, np: usize, nv: usize) -> Election {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        let costs: Vec<i64> = (0..np).map(|_| 1 + next(20) as i64 * 5).collect();
        let ballots: Vec<Vec<u32>> = (0..nv)
            .map(|_| {
                let k = 1 + next(3) as usize;
                (0..k).map(|_| next(np as u64) as u32).collect()
            })
            .collect();
        let budget = costs.iter().sum::<i64>() / 2;
        Election::approval(&costs, budget, &ballots)
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::random_election;
    use super::*;

    #[test]
    fn textbook_example() {
        // Budget 30, 3 voters (10 each). p0 cost 30 approved by all;
        // p1 cost 10 by voter 0; p2 cost 10 by voters 1, 2.
        let e = Election::approval(&[30, 10, 10], 30, &[vec![0, 1], vec![0, 2], vec![0, 2]]);
        let o = mes(&e, MesOptions::plain());
        // ρ: p0 = 10/30, p1 = 10/10, p2 = 5/10 -> p0 first, then nobody has money.
        assert_eq!(o.selected, vec![0]);
        let Explanation::Mes(x) = &o.explanation else {
            panic!("mes explanation")
        };
        assert_eq!(x.rounds[0].rho.num, "1");
        assert_eq!(x.rounds[0].rho.den, "3");
        assert_eq!(x.rounds[0].payers, 3);
    }

    #[test]
    fn exact_tie_uses_tie_order() {
        // Two projects with the same supporters count and cost: identical ρ.
        // Both have 2 supporters; the cheaper one (index 1) wins the tie.
        let e = Election::approval(&[10, 8], 12, &[vec![0, 1], vec![0, 1]]);
        let o = mes(&e, MesOptions::plain());
        assert_eq!(o.selected[0], 1);
        // Same cost, same support: earlier in the file wins.
        let e = Election::approval(&[10, 10], 10, &[vec![0, 1], vec![0, 1]]);
        assert_eq!(mes(&e, MesOptions::plain()).selected, vec![0]);
    }

    #[test]
    fn add1_does_not_stop_before_voters_can_pay_everything() {
        // Budget 9; v1 approves A (4) and B (4), v2 approves C (1). At 4 per voter MES
        // buys C and A; at 8 per voter A, B and C (cost 9 <= 9): Add1 must get there.
        let e = Election::approval(&[4, 4, 1], 9, &[vec![0, 1], vec![2]]);
        for c in [Completion::Add1, Completion::Add1e] {
            let mut s = mes(&e, MesOptions::with(c)).selected;
            s.sort_unstable();
            assert_eq!(s, vec![0, 1, 2], "{c:?}");
        }
    }

    #[test]
    fn matches_reference_on_random_instances() {
        for seed in 0..300u64 {
            let e = random_election(seed, 2 + (seed % 7) as usize, 3 + (seed % 23) as usize);
            let fast = mes(&e, MesOptions::plain()).selected;
            let slow = mes_reference(&e, None);
            assert_eq!(fast, slow, "seed {seed}");
        }
    }

    #[test]
    fn gallop_equals_naive_add1() {
        for seed in 0..120u64 {
            let e = random_election(seed, 3 + (seed % 6) as usize, 4 + (seed % 17) as usize);
            for c in [Completion::Add1, Completion::Add1e, Completion::Add1u] {
                let a = mes(&e, MesOptions::with(c));
                let b = mes_naive(&e, MesOptions::with(c));
                assert_eq!(a.selected, b.selected, "seed {seed} {c:?}");
                assert_eq!(
                    a.explanation,
                    b.explanation.clone().with_runs_of(&a),
                    "seed {seed}"
                );
            }
        }
    }

    impl Explanation {
        /// Copy the run count of another explanation (the only field that differs).
        fn with_runs_of(mut self, other: &Outcome) -> Explanation {
            if let (Explanation::Mes(m), Explanation::Mes(o)) = (&mut self, &other.explanation)
                && let (Some(c), Some(oc)) = (&mut m.completion, &o.completion)
            {
                c.runs = oc.runs;
            }
            self
        }
    }
}
