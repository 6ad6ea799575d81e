//! Property tests for the participatory-budgeting rules and the Pabulib writer.

use agora_tally::budget::{
    Completion, Election, GreedyVariant, MesOptions, Outcome, greedy, max_supporters,
    max_supporters_brute, mes, mes_naive, mes_reference, phragmen,
};
use agora_tally::pabulib;
use proptest::prelude::*;

/// Costs, budget and approval ballots of a small election.
fn election() -> impl Strategy<Value = (Vec<i64>, i64, Vec<Vec<u32>>)> {
    (1usize..8).prop_flat_map(|np| {
        (
            prop::collection::vec(0i64..60, np),
            0i64..200,
            prop::collection::vec(
                prop::collection::btree_set(0u32..np as u32, 0..=np.min(4)),
                1..14,
            ),
        )
            .prop_map(|(costs, budget, ballots)| {
                let ballots = ballots
                    .into_iter()
                    .map(|b| b.into_iter().collect())
                    .collect();
                (costs, budget, ballots)
            })
    })
}

fn all_rules(e: &Election) -> Vec<Outcome> {
    vec![
        greedy(e, GreedyVariant::Skip, None),
        greedy(e, GreedyVariant::NoSkip, None),
        mes(e, MesOptions::plain()),
        mes(e, MesOptions::with(Completion::Add1)),
        mes(e, MesOptions::with(Completion::Add1e)),
        mes(e, MesOptions::with(Completion::Add1u)),
        phragmen(e),
        max_supporters(e),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_rule_exceeds_the_budget((costs, budget, ballots) in election()) {
        let e = Election::approval(&costs, budget, &ballots);
        for o in all_rules(&e) {
            prop_assert!(o.total_cost <= budget, "{} spent {} > {}", o.rule, o.total_cost, budget);
            prop_assert_eq!(o.total_cost, e.cost_of(&o.selected));
            let mut s = o.selected.clone();
            s.sort_unstable();
            s.dedup();
            prop_assert_eq!(s.len(), o.selected.len(), "{} selects a project twice", o.rule);
        }
    }

    #[test]
    fn greedy_winners_stay_when_a_voter_approves_only_winners(
        (costs, budget, ballots) in election()
    ) {
        let e = Election::approval(&costs, budget, &ballots);
        let before = greedy(&e, GreedyVariant::Skip, None).selected;
        let mut more = ballots.clone();
        more.push(before.clone());
        let e2 = Election::approval(&costs, budget, &more);
        let after = greedy(&e2, GreedyVariant::Skip, None).selected;
        for w in &before {
            prop_assert!(after.contains(w), "winner {} lost: {:?} -> {:?}", w, before, after);
        }
    }

    #[test]
    fn mes_add1u_is_exhaustive((costs, budget, ballots) in election()) {
        let e = Election::approval(&costs, budget, &ballots);
        let o = mes(&e, MesOptions::with(Completion::Add1u));
        let left = budget - o.total_cost;
        for (p, proj) in e.projects.iter().enumerate() {
            prop_assert!(
                o.selected.contains(&(p as u32)) || proj.cost > left,
                "project {} (cost {}) fits in the leftover {}", p, proj.cost, left
            );
        }
    }

    #[test]
    fn results_do_not_depend_on_ballot_order(
        (costs, budget, ballots) in election(),
        seed in any::<u64>()
    ) {
        let e = Election::approval(&costs, budget, &ballots);
        let mut shuffled = ballots.clone();
        // Deterministic shuffle from the seed.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let e2 = Election::approval(&costs, budget, &shuffled);
        for (a, b) in all_rules(&e).iter().zip(all_rules(&e2).iter()) {
            prop_assert_eq!(&a.selected, &b.selected, "{}", a.rule);
        }
    }

    #[test]
    fn fast_mes_matches_reference_and_naive_add1((costs, budget, ballots) in election()) {
        let e = Election::approval(&costs, budget, &ballots);
        prop_assert_eq!(mes(&e, MesOptions::plain()).selected, mes_reference(&e, None));
        for c in [Completion::Add1, Completion::Add1e] {
            prop_assert_eq!(
                mes(&e, MesOptions::with(c)).selected,
                mes_naive(&e, MesOptions::with(c)).selected
            );
        }
    }

    #[test]
    fn add1_matches_a_plain_reference_loop((costs, budget, ballots) in election()) {
        // spec: start at floor(B/n) whole units, +1 per step, keep the last outcome
        // with cost <= B; beyond b0 = total cost nothing can change any more.
        let e = Election::approval(&costs, budget, &ballots);
        let n = ballots.len() as i64;
        let total: i64 = costs.iter().sum();
        let cost = |sel: &[u32]| sel.iter().map(|&p| costs[p as usize]).sum::<i64>();
        let mut b0 = budget / n;
        let mut cur = mes_reference(&e, Some(num_rational::BigRational::from_integer(b0.into())));
        while b0 <= total {
            let next = mes_reference(&e, Some(num_rational::BigRational::from_integer((b0 + 1).into())));
            if cost(&next) > budget {
                break;
            }
            cur = next;
            b0 += 1;
        }
        prop_assert_eq!(mes(&e, MesOptions::with(Completion::Add1)).selected, cur);
    }

    #[test]
    fn max_supporters_is_optimal((costs, budget, ballots) in election()) {
        let e = Election::approval(&costs, budget, &ballots);
        let o = max_supporters(&e);
        let sup = e.supporters();
        let v: u64 = o.selected.iter().map(|&p| sup[p as usize]).sum();
        prop_assert_eq!((v, o.total_cost), max_supporters_brute(&e));
    }

    #[test]
    fn pabulib_round_trip(
        (costs, budget, ballots) in election(),
        names in prop::collection::vec("[a-z;\" ]{1,12}", 8),
        cents in 0u32..100,
    ) {
        let mut text = format!(
            "META\nkey;value\nbudget;{budget}.{cents:02}\nvote_type;approval\nPROJECTS\nproject_id;cost;name;extra\n"
        );
        for (i, c) in costs.iter().enumerate() {
            let name = names[i % names.len()].replace('"', "\"\"");
            text.push_str(&format!("p{i};{c}.5;\"{name}\";x{i}\n"));
        }
        text.push_str("VOTES\nvoter_id;vote;age\n");
        for (i, b) in ballots.iter().enumerate() {
            let list: Vec<String> = b.iter().map(|p| format!("p{p}")).collect();
            text.push_str(&format!("v{i};{};{}\n", list.join(","), i % 90));
        }
        let f = pabulib::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = pabulib::parse(&pabulib::write(&f)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, f);
    }

    #[test]
    fn parser_never_panics(text in "(META|PROJECTS|VOTES|key;value|budget;[0-9.]{0,4}|project_id;cost|voter_id;vote|[a-z0-9;,\"\n.]{0,20}|\n){0,30}") {
        let _ = pabulib::parse(&text);
    }
}
