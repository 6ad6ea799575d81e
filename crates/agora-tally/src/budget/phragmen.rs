//! Sequential Phragmén for participatory budgeting (approval view).
//!
//! Voters earn money continuously, all at the same rate (one minor unit per unit of
//! time). A project can be bought at the time `t` when its supporters together hold its
//! cost: `t = (c + Σ w_i ℓ_i) / Σ w_i`, where `ℓ_i` is the time at which voter `i` last
//! spent everything (0 at the start). Each round buys the project with the smallest `t`
//! (ties: [`Election::tie_order`]); its supporters spend everything (`ℓ_i = t`). The rule
//! stops when the project with the smallest `t` does not fit in what is left of the
//! budget (as in the spec; the explanation names that project). Projects that cost more
//! than the whole budget are left out from the start (as in pabutools), so that a project
//! that can never be funded does not stop the rule.
//!
//! Times are compared in `f64` and re-compared exactly (rationals) when closer than a
//! relative 1e-9; the times in the explanation are exact.

#![allow(clippy::needless_range_loop)] // index loops over projects read best here

use num_bigint::BigInt;
use num_rational::BigRational;
use serde::{Deserialize, Serialize};

use super::exact::Fraction;
use super::mes::Prep;
use super::{Election, Explanation, Outcome};

const TOL: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhragmenRound {
    /// Project id bought.
    pub project: String,
    /// Time at which its supporters could pay it: what every voter had earned by then
    /// (minor units), exact and as float.
    pub time: Fraction,
    /// Voters who approve it (all of them spend everything they hold).
    pub supporters: u64,
    /// Cost (exact decimal string).
    pub cost: String,
}

/// Why the rule stopped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhragmenStop {
    /// The next project (smallest time) that did not fit, if any.
    pub project: Option<String>,
    pub cost: Option<String>,
    /// Budget left (exact decimal string).
    pub remaining: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhragmenExplanation {
    /// Projects left out from the start because they cost more than the whole budget.
    pub over_budget: Vec<String>,
    pub rounds: Vec<PhragmenRound>,
    pub stop: PhragmenStop,
}

struct RoundRec {
    project: usize,
    /// Total weight of the supporters.
    w: u64,
}

fn big(v: i128) -> BigRational {
    BigRational::from_integer(BigInt::from(v))
}

fn exact_time(times: &[BigRational], cost: i64, w: u64, l: &[(u32, u64)]) -> BigRational {
    let mut s = big(cost as i128);
    for &(r, lw) in l {
        s += &times[r as usize] * big(lw as i128);
    }
    s / big(w as i128)
}

/// Sequential Phragmén.
pub fn phragmen(e: &Election) -> Outcome {
    let prep = Prep::new(e);
    let np = e.projects.len();
    let ng = prep.w.len();
    // Round of each group's last reset (NIL = never), its float load.
    const NIL: u32 = u32::MAX;
    let mut last: Vec<u32> = vec![NIL; ng];
    let mut load: Vec<f64> = vec![0.0; ng];
    let mut remaining_budget = e.budget as i128;
    // Projects that cost more than the whole budget can never be bought: they are left
    // out from the start (as pabutools does), so that they can't stop the rule.
    let mut available: Vec<bool> = (0..np)
        .map(|p| prep.support_w[p] > 0 && prep.costs[p] <= e.budget)
        .collect();
    let over_budget: Vec<String> = (0..np)
        .filter(|&p| prep.support_w[p] > 0 && prep.costs[p] > e.budget)
        .map(|p| e.projects[p].id.clone())
        .collect();
    let mut rounds: Vec<RoundRec> = Vec::new();
    let mut times: Vec<BigRational> = Vec::new();
    let mut selected = Vec::new();
    let mut stop_project = None;
    loop {
        // Float times of all available projects.
        let mut cand: Vec<(usize, f64)> = Vec::new();
        for p in 0..np {
            if !available[p] {
                continue;
            }
            let mut s = prep.costs[p] as f64;
            for (i, &g) in prep.supporters[p].iter().enumerate() {
                s += load[g as usize] * prep.sup_wf[p][i];
            }
            cand.push((p, s / prep.support_w[p] as f64));
        }
        let Some(tmin) = cand.iter().map(|c| c.1).reduce(f64::min) else {
            break;
        };
        let near: Vec<usize> = cand
            .iter()
            .filter(|c| c.1 <= tmin + tmin.abs() * TOL * 4.0)
            .map(|c| c.0)
            .collect();
        let record = |p: usize, last: &[u32]| {
            let mut dense: Vec<u64> = vec![0; rounds.len()];
            for &g in &prep.supporters[p] {
                let r = last[g as usize];
                if r != NIL {
                    dense[r as usize] += prep.w[g as usize];
                }
            }
            let l: Vec<(u32, u64)> = dense
                .iter()
                .enumerate()
                .filter(|(_, w)| **w > 0)
                .map(|(r, w)| (r as u32, *w))
                .collect();
            l
        };
        let (winner, _l, t_exact) = if near.len() == 1 {
            let l = record(near[0], &last);
            let t = exact_time(&times, prep.costs[near[0]], prep.support_w[near[0]], &l);
            (near[0], l, t)
        } else {
            type Best = (usize, Vec<(u32, u64)>, BigRational);
            let mut best: Option<Best> = None;
            for &q in &near {
                let l = record(q, &last);
                let t = exact_time(&times, prep.costs[q], prep.support_w[q], &l);
                let better = match &best {
                    None => true,
                    Some((bq, _, bt)) => t < *bt || (t == *bt && prep.tie[q] < prep.tie[*bq]),
                };
                if better {
                    best = Some((q, l, t));
                }
            }
            match best {
                Some(b) => b,
                None => break,
            }
        };
        let cost = prep.costs[winner] as i128;
        if cost > remaining_budget {
            stop_project = Some(winner);
            break;
        }
        remaining_budget -= cost;
        let r = rounds.len() as u32;
        let tf = super::exact::to_f64(&t_exact);
        for &g in &prep.supporters[winner] {
            last[g as usize] = r;
            load[g as usize] = tf;
        }
        rounds.push(RoundRec {
            project: winner,
            w: prep.support_w[winner],
        });
        times.push(t_exact);
        available[winner] = false;
        selected.push(winner as u32);
    }
    let explanation = PhragmenExplanation {
        over_budget,
        rounds: rounds
            .iter()
            .zip(&times)
            .map(|(rec, t)| PhragmenRound {
                project: e.projects[rec.project].id.clone(),
                time: Fraction::from_big(t),
                supporters: rec.w,
                cost: e.money(prep.costs[rec.project] as i128),
            })
            .collect(),
        stop: PhragmenStop {
            project: stop_project.map(|p| e.projects[p].id.clone()),
            cost: stop_project.map(|p| e.money(prep.costs[p] as i128)),
            remaining: e.money(remaining_budget),
        },
    };
    Outcome {
        rule: "phragmen".to_string(),
        total_cost: e.cost_of(&selected),
        selected,
        explanation: Explanation::Phragmen(explanation),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_example() {
        // p0 cost 4 approved by voters 0, 1: t = 2. p2 cost 6 by voters 0, 1: after p0
        // their load is 2, so t = (6 + 2·2) / 2 = 5. p1 cost 5 by voter 2 only: t = 5.
        // Tie at t = 5 between p2 (2 supporters) and p1 (1 supporter): p2 first.
        let e = Election::approval(&[4, 5, 6], 15, &[vec![0, 2], vec![0, 2], vec![1]]);
        let o = phragmen(&e);
        assert_eq!(o.selected, vec![0, 2, 1]);
        let Explanation::Phragmen(x) = &o.explanation else {
            panic!("phragmen")
        };
        assert_eq!(x.rounds[1].time.num, "5");
        assert_eq!(x.rounds[1].time.den, "1");
        // Budget 10: p0 (4) then p2 (6), then p1 (5) does not fit: stop.
        let e = Election::approval(&[4, 5, 6], 10, &[vec![0, 2], vec![0, 2], vec![1]]);
        let o = phragmen(&e);
        assert_eq!(o.selected, vec![0, 2]);
        let Explanation::Phragmen(x) = &o.explanation else {
            panic!("phragmen")
        };
        assert_eq!(x.stop.project.as_deref(), Some("2"));
    }

    #[test]
    fn project_over_the_whole_budget_does_not_stop_the_rule() {
        // p0 has the earliest time (400/5) but costs more than the budget.
        let ballots: Vec<Vec<u32>> = (0..5)
            .map(|i| if i < 2 { vec![0, 1] } else { vec![0] })
            .collect();
        let e = Election::approval(&[400, 250], 250, &ballots);
        let o = phragmen(&e);
        assert_eq!(o.selected, vec![1]);
        let Explanation::Phragmen(x) = &o.explanation else {
            panic!("phragmen")
        };
        assert_eq!(x.over_budget, vec!["1".to_string()]);
    }
}
