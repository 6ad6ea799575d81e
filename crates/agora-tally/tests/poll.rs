//! Poll voting methods: hand-computed examples, ballot files, and properties.

use std::path::{Path, PathBuf};

use agora_tally::poll::*;
use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/poll")
        .join(name)
}

fn rb(ranking: &[usize], count: u64) -> RankedBallot {
    RankedBallot::with_count(ranking.to_vec(), count)
}

// ---------------------------------------------------------------------------------------------
// Schulze

/// The example of the Wikipedia article "Schulze method": 45 voters, 5 candidates, winner E.
fn wikipedia_45() -> Vec<RankedBallot> {
    let (a, b, c, d, e) = (0, 1, 2, 3, 4);
    vec![
        rb(&[a, c, b, e, d], 5),
        rb(&[a, d, e, c, b], 5),
        rb(&[b, e, d, a, c], 8),
        rb(&[c, a, b, e, d], 3),
        rb(&[c, a, e, b, d], 7),
        rb(&[c, b, a, d, e], 2),
        rb(&[d, c, e, b, a], 7),
        rb(&[e, b, a, d, c], 8),
    ]
}

#[test]
fn schulze_wikipedia_example_elects_e() {
    let r = schulze(5, &wikipedia_45()).expect("valid ballots");
    assert_eq!(r.ballots, 45);
    assert_eq!(
        r.pairwise,
        vec![
            vec![0, 20, 26, 30, 22],
            vec![25, 0, 16, 33, 18],
            vec![19, 29, 0, 17, 24],
            vec![15, 12, 28, 0, 14],
            vec![23, 27, 21, 31, 0],
        ]
    );
    assert_eq!(
        r.strongest_paths,
        vec![
            vec![0, 28, 28, 30, 24],
            vec![25, 0, 28, 33, 24],
            vec![25, 29, 0, 29, 24],
            vec![25, 28, 28, 0, 24],
            vec![25, 28, 28, 31, 0],
        ]
    );
    // E > A > C > B > D
    assert_eq!(r.ranking, vec![vec![4], vec![0], vec![2], vec![1], vec![3]]);
    assert_eq!(
        r.winner,
        Winner {
            option: 4,
            tie_broken: false
        }
    );
}

#[test]
fn schulze_wikipedia_example_from_the_ballot_file() {
    let report = tally_poll_file(&fixture("schulze_wikipedia.json"), None).expect("valid file");
    assert_eq!(report.method, Method::Schulze);
    assert_eq!(
        report
            .winner()
            .map(|w| report.options[w.option].clone())
            .as_deref(),
        Some("E")
    );
    let json = report.to_json();
    assert_eq!(json["method"], "schulze");
    assert_eq!(
        json["result"]["ranking"],
        serde_json::json!([[4], [0], [2], [1], [3]])
    );
    assert_eq!(json["result"]["strongest_paths"][4][3], 31);
    let text = report.to_text();
    assert!(text.contains("Winner: E\n"), "{text}");
    assert!(
        text.contains("  1. E\n  2. A\n  3. C\n  4. B\n  5. D\n"),
        "{text}"
    );
}

#[test]
fn the_same_file_tallied_with_other_ranked_methods() {
    let path = fixture("schulze_wikipedia.json");
    // First preferences: A 10, B 8, C 12, D 7, E 8 → IRV eliminates D first.
    let irv = tally_poll_file(&path, Some("irv")).expect("valid");
    let PollResult::InstantRunoff(r) = &irv.result else {
        panic!("not IRV: {irv:?}")
    };
    assert_eq!(
        r.rounds[0].votes,
        vec![Some(10), Some(8), Some(12), Some(7), Some(8)]
    );
    assert_eq!(r.rounds[0].eliminated, vec![3]);
    let borda = tally_poll_file(&path, Some("Borda")).expect("valid");
    let PollResult::Borda(b) = &borda.result else {
        panic!("not Borda")
    };
    // Borda points equal the row sums of the pairwise matrix for complete rankings.
    assert_eq!(b.points, vec![98, 92, 89, 69, 102]);
    assert!(tally_poll_file(&path, Some("stv")).is_err_and(|e| matches!(
        e,
        PollError::Poll {
            problem: PollProblem::MissingSetting { .. }
        }
    )));
}

// ---------------------------------------------------------------------------------------------
// Instant-runoff

#[test]
fn irv_tie_in_the_middle_broken_by_the_earlier_round() {
    let report = tally_poll_file(&fixture("irv_tie.json"), None).expect("valid");
    let PollResult::InstantRunoff(r) = &report.result else {
        panic!("not IRV")
    };
    // Round 1: Ana 5, Ben 4, Cleo 3, Dan 2 → Dan out (one ballot to Cleo, one to Ana).
    assert_eq!(r.rounds[0].votes, vec![Some(5), Some(4), Some(3), Some(2)]);
    assert_eq!(r.rounds[0].eliminated, vec![3]);
    // Round 2: Ana 6, Ben 4, Cleo 4: Ben and Cleo tied; Cleo had fewer in round 1 → Cleo out.
    assert_eq!(r.rounds[1].votes, vec![Some(6), Some(4), Some(4), None]);
    assert_eq!(r.rounds[1].eliminated, vec![2]);
    assert_eq!(
        r.rounds[1].reason,
        Some(EliminationReason::TieBrokenByEarlierRound {
            tied: vec![1, 2],
            round: 1
        })
    );
    // Round 3: Ana 6, Ben 7 of 13 continuing (the Dan > Cleo ballot is exhausted) → Ben.
    assert_eq!(r.rounds[2].votes, vec![Some(6), Some(7), None, None]);
    assert_eq!(r.rounds[2].exhausted, 1);
    assert_eq!(r.rounds[2].elected, vec![1]);
    assert_eq!(r.ranking, vec![vec![1], vec![0], vec![2], vec![3]]);
    assert!(
        report
            .to_text()
            .contains("eliminated: Cleo (tied with Ben, Cleo: fewer votes in round 1)")
    );
}

#[test]
fn irv_tie_rule_changes_the_winner_and_is_reported() {
    let text = std::fs::read_to_string(fixture("irv_tie.json")).expect("fixture");
    let text = text.replace("\"backward\"", "\"eliminate-all\"");
    let report = tally_poll_json(&text, None).expect("valid");
    let PollResult::InstantRunoff(r) = &report.result else {
        panic!("not IRV")
    };
    assert_eq!(r.tie_break, IrvTieBreak::EliminateAll);
    assert_eq!(r.rounds[1].eliminated, vec![1, 2]);
    assert_eq!(
        r.rounds[1].reason,
        Some(EliminationReason::TiedForFewestVotes)
    );
    // Ben > Cleo and Cleo > Ben ballots are all exhausted: Ana 6 of 6.
    assert_eq!(r.rounds[2].votes, vec![Some(6), None, None, None]);
    assert_eq!(
        r.winner,
        Winner {
            option: 0,
            tie_broken: false
        }
    );
    assert_eq!(r.ranking, vec![vec![0], vec![1, 2], vec![3]]);
}

#[test]
fn irv_complete_tie_with_eliminate_all_is_an_explicit_tie() {
    let b = [rb(&[0], 2), rb(&[1], 2), rb(&[2], 2)];
    let r = instant_runoff(3, &b, IrvTieBreak::EliminateAll).expect("valid");
    assert_eq!(r.rounds.len(), 1);
    assert_eq!(r.rounds[0].elected, vec![0, 1, 2]);
    assert_eq!(r.ranking, vec![vec![0, 1, 2]]);
    assert_eq!(
        r.winner,
        Winner {
            option: 0,
            tie_broken: true
        }
    );
    // Backward: tied in every round → the last listed goes first, then 1; 0 wins.
    let r = instant_runoff(3, &b, IrvTieBreak::Backward).expect("valid");
    assert_eq!(
        r.rounds[0].reason,
        Some(EliminationReason::TieBrokenByOptionOrder {
            tied: vec![0, 1, 2]
        })
    );
    assert_eq!(r.ranking, vec![vec![0], vec![1], vec![2]]);
}

// ---------------------------------------------------------------------------------------------
// STV

#[test]
fn stv_food_election_with_surplus_transfer() {
    // The food election of the Wikipedia article "Single transferable vote": 20 voters, 3 seats.
    let report = tally_poll_file(&fixture("stv_food.json"), None).expect("valid");
    let PollResult::Stv(r) = &report.result else {
        panic!("not STV")
    };
    assert_eq!(r.variant, STV_VARIANT);
    assert_eq!(r.quota, Votes::whole(6)); // floor(20 / 4) + 1
    // Round 1: Chocolate 12 → elected, surplus 6 at 6/12 = 0.5.
    assert_eq!(r.rounds[0].elected, vec![2]);
    assert_eq!(
        r.rounds[1].action,
        StvAction::Surplus {
            from: 2,
            surplus: Votes::whole(6),
            total: Votes::whole(12),
            transfer_value: Votes(50_000),
        }
    );
    // Strawberries 1 + 8 × 0.5 = 5, Hamburgers 1 + 4 × 0.5 = 3.
    assert_eq!(
        r.rounds[1].votes,
        vec![
            Votes::whole(4),
            Votes::whole(2),
            Votes::whole(6),
            Votes::whole(5),
            Votes::whole(3)
        ]
    );
    // Round 3: Pears excluded → Oranges 6 → elected.
    assert!(matches!(
        r.rounds[2].action,
        StvAction::Exclusion { excluded: 1, .. }
    ));
    assert_eq!(r.rounds[2].elected, vec![0]);
    // Round 4: Hamburgers excluded; Strawberries is the only one left for the last seat.
    assert!(matches!(
        r.rounds[3].action,
        StvAction::Exclusion { excluded: 4, .. }
    ));
    assert_eq!(r.rounds[3].elected_as_remaining, vec![3]);
    assert_eq!(r.rounds[3].exhausted, Votes::whole(3));
    assert_eq!(r.elected, vec![2, 0, 3]);
    let text = report.to_text();
    assert!(
        text.contains("surplus of Chocolate (6.00000) transferred at 0.50000"),
        "{text}"
    );
    assert!(
        text.contains("Elected: Chocolate, Oranges, Strawberries"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Majority judgment, proposal, meeting, dot vote, score, approval, plurality through files

#[test]
fn majority_judgment_file_with_grade_names() {
    let report = tally_poll_file(&fixture("mj_grades.json"), None).expect("valid");
    let PollResult::MajorityJudgment(r) = &report.result else {
        panic!("not MJ")
    };
    assert!(r.options.iter().all(|o| o.median == 2));
    // Library wins the tie-break on its third median, Pool beats Park on its fourth.
    assert_eq!(r.ranking, vec![vec![1], vec![2], vec![0]]);
    let text = report.to_text();
    assert!(
        text.contains("Library: Good (2 above, 1 below; Reject 1, Poor 0, Good 2, Excellent 2)"),
        "{text}"
    );
    assert_eq!(report.to_json()["grades"][3], "Excellent");
}

#[test]
fn proposal_with_a_block_is_blocked() {
    let report = tally_poll_file(&fixture("proposal_block.json"), None).expect("valid");
    let PollResult::Proposal(r) = &report.result else {
        panic!("not a proposal")
    };
    assert_eq!(
        (r.agree, r.abstain, r.disagree, r.block, r.ballots),
        (12, 3, 2, 1, 18)
    );
    assert!(r.blocked && r.agreement_reached);
    assert_eq!(r.outcome, ProposalOutcome::Blocked { blocks: 1 });
    let json = report.to_json();
    assert_eq!(json["result"]["outcome"]["kind"], "blocked");
    assert!(
        report
            .to_text()
            .contains("Outcome: BLOCKED by 1 voter (agreement threshold met)")
    );
}

#[test]
fn meeting_poll_file() {
    let report = tally_poll_file(&fixture("meeting.json"), None).expect("valid");
    let PollResult::Meeting(r) = &report.result else {
        panic!("not a meeting poll")
    };
    assert_eq!(
        r.slots.iter().map(|s| s.score).collect::<Vec<_>>(),
        vec![4, 7, 2]
    );
    assert_eq!(r.slots[2].no_answer, 2);
    assert_eq!(r.ranking, vec![vec![1], vec![0], vec![2]]);
}

#[test]
fn dot_vote_file() {
    let report = tally_poll_file(&fixture("dot_vote.json"), None).expect("valid");
    let PollResult::DotVote(r) = &report.result else {
        panic!("not a dot vote")
    };
    assert_eq!(r.points, vec![9, 25, 6]);
    assert_eq!(r.total_points, 40);
}

#[test]
fn small_methods_from_json_text() {
    let plurality = r#"{"method":"plurality","options":["x","y"],
        "ballots":[{"choice":"y","count":2},{"choice":"x"}]}"#;
    let r = tally_poll_json(plurality, None).expect("valid");
    assert_eq!(
        r.winner(),
        Some(Winner {
            option: 1,
            tie_broken: false
        })
    );

    let approval = r#"{"method":"approval","options":["x","y","z"],"max_choices":2,
        "ballots":[{"approve":["x","z"]},{"approve":["z"]}]}"#;
    let r = tally_poll_json(approval, None).expect("valid");
    let PollResult::Approval(a) = &r.result else {
        panic!("not approval")
    };
    assert_eq!(a.approvals, vec![1, 0, 2]);

    let score = r#"{"method":"score","options":["x","y"],"score_max":5,"rank_by":"mean",
        "ballots":[{"scores":{"x":5}},{"scores":{"x":1,"y":4}}]}"#;
    let r = tally_poll_json(score, None).expect("valid");
    let PollResult::Score(s) = &r.result else {
        panic!("not score")
    };
    assert_eq!((s.options[0].sum, s.options[1].sum), (6, 4));
    assert_eq!(s.ranking, vec![vec![1], vec![0]]); // means 4 > 3
}

// ---------------------------------------------------------------------------------------------
// Errors name the ballot and the problem

#[test]
fn file_errors_are_typed_and_name_the_ballot() {
    let err = |text: &str| tally_poll_json(text, None).expect_err("must fail");
    assert_eq!(
        err(
            r#"{"method":"schulze","options":["a","b"],"ballots":[{"ranking":["a"]},{"ranking":["b","c"]}]}"#
        ),
        PollError::Ballot {
            index: 1,
            problem: BallotProblem::UnknownOptionName { name: "c".into() }
        }
    );
    assert_eq!(
        err(r#"{"method":"irv","options":["a","b"],"ballots":[{"ranking":["a","b","a"]}]}"#),
        PollError::Ballot {
            index: 0,
            problem: BallotProblem::DuplicateOptionName { name: "a".into() }
        }
    );
    assert_eq!(
        err(r#"{"method":"borda","options":["a"],"ballots":[{"choice":"a"}]}"#),
        PollError::Ballot {
            index: 0,
            problem: BallotProblem::MissingField {
                field: "ranking".into()
            }
        }
    );
    assert_eq!(
        err(
            r#"{"method":"score","options":["a"],"score_max":3,"ballots":[{"scores":{"a":1,"a":2}}]}"#
        ),
        PollError::Ballot {
            index: 0,
            problem: BallotProblem::DuplicateOptionName { name: "a".into() }
        }
    );
    assert_eq!(
        err(
            r#"{"method":"dot","points":5,"options":["a","b"],"ballots":[{"points":{"a":3}},{"points":{"a":3,"b":3}}]}"#
        ),
        PollError::Ballot {
            index: 1,
            problem: BallotProblem::TooManyPoints { budget: 5, got: 6 }
        }
    );
    assert!(matches!(
        err(r#"{"method":"proposal","ballots":[{"position":"maybe"}]}"#),
        PollError::Ballot {
            index: 0,
            problem: BallotProblem::InvalidValue { .. }
        }
    ));
    assert!(matches!(
        err(
            r#"{"method":"mj","options":["a"],"grades":["bad","good"],"ballots":[{"grades":{"a":"great"}}]}"#
        ),
        PollError::Ballot {
            index: 0,
            problem: BallotProblem::UnknownGradeName { .. }
        }
    ));
    assert_eq!(
        err(r#"{"options":["a"],"ballots":[]}"#),
        PollError::Poll {
            problem: PollProblem::MissingMethod
        }
    );
    assert_eq!(
        err(r#"{"method":"condorcet","options":["a"],"ballots":[]}"#),
        PollError::Poll {
            problem: PollProblem::UnknownMethod {
                name: "condorcet".into()
            }
        }
    );
    assert_eq!(
        err(r#"{"method":"schulze","options":["a","a"],"ballots":[]}"#),
        PollError::Poll {
            problem: PollProblem::DuplicateOptionName { name: "a".into() }
        }
    );
    assert!(matches!(
        err(r#"{"method":"schulze","options":["a"],"ballots":[{"rankin":["a"]}]}"#),
        PollError::Format { .. }
    ));
    assert!(matches!(err("not json"), PollError::Format { .. }));
    let e = tally_poll_file(Path::new("/nonexistent/ballots.json"), None).expect_err("no file");
    assert!(matches!(e, PollError::Io { .. }));
    // Display is readable, serialisation is data.
    let e = err(
        r#"{"method":"irv","options":["a","b"],"ballots":[{"ranking":["a"]},{"ranking":["b","b"]}]}"#,
    );
    assert_eq!(
        e.to_string(),
        "ballot #1: option \"b\" appears more than once"
    );
    assert_eq!(
        serde_json::to_value(&e).expect("serialisable"),
        serde_json::json!({"kind": "ballot", "index": 1, "problem": {"kind": "duplicate_option_name", "name": "b"}})
    );
}

#[test]
fn no_ballots_is_not_an_error() {
    for m in Method::ALL {
        let text = r#"{"options":["a","b"],"ballots":[],"seats":1,"score_max":5,"grades":["no","yes"],"points":3}"#;
        let r = tally_poll_json(text, Some(m.name())).expect("valid");
        if let Some(ranking) = r.ranking() {
            assert_eq!(ranking.iter().flatten().count(), 2, "{m:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Up to `n` options and 30 distinct ranked ballots with counts 1..5.
fn profiles(max_options: usize) -> impl Strategy<Value = (usize, Vec<RankedBallot>)> {
    (1..=max_options).prop_flat_map(|n| {
        let ballot = (
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            1..=n,
            1u64..5,
        )
            .prop_map(|(perm, len, count)| RankedBallot::with_count(perm[..len].to_vec(), count));
        (Just(n), prop::collection::vec(ballot, 0..30))
    })
}

fn condorcet_winner(n: usize, ballots: &[RankedBallot]) -> Option<usize> {
    let beats = |a: usize, b: usize| {
        let (mut ab, mut ba) = (0u64, 0u64);
        for bal in ballots {
            let pos = |o| {
                bal.ranking
                    .iter()
                    .position(|&x| x == o)
                    .unwrap_or(usize::MAX)
            };
            match pos(a).cmp(&pos(b)) {
                std::cmp::Ordering::Less => ab += bal.count,
                std::cmp::Ordering::Greater => ba += bal.count,
                std::cmp::Ordering::Equal => {}
            }
        }
        ab > ba
    };
    (0..n).find(|&c| (0..n).all(|o| o == c || beats(c, o)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn schulze_elects_the_condorcet_winner((n, ballots) in profiles(6)) {
        let r = schulze(n, &ballots).expect("valid");
        if let Some(c) = condorcet_winner(n, &ballots) {
            prop_assert_eq!(r.ranking[0].clone(), vec![c]);
            prop_assert_eq!(r.winner, Winner { option: c, tie_broken: false });
        }
        // Every option appears exactly once in the ranking.
        let mut all: Vec<usize> = r.ranking.iter().flatten().copied().collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn results_do_not_depend_on_ballot_order(
        ((n, ballots), seed) in (profiles(6), any::<u64>()),
    ) {
        let mut shuffled = ballots.clone();
        // Deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(schulze(n, &ballots).expect("valid"), schulze(n, &shuffled).expect("valid"));
        prop_assert_eq!(borda(n, &ballots).expect("valid"), borda(n, &shuffled).expect("valid"));
        for tb in [IrvTieBreak::Backward, IrvTieBreak::EliminateAll] {
            prop_assert_eq!(
                instant_runoff(n, &ballots, tb).expect("valid"),
                instant_runoff(n, &shuffled, tb).expect("valid")
            );
        }
        let seats = 1 + (seed as usize) % n;
        prop_assert_eq!(stv(n, &ballots, seats).expect("valid"), stv(n, &shuffled, seats).expect("valid"));
    }

    #[test]
    fn splitting_a_weighted_ballot_changes_nothing((n, ballots) in profiles(5)) {
        let split: Vec<RankedBallot> = ballots
            .iter()
            .flat_map(|b| std::iter::repeat_n(RankedBallot::new(b.ranking.clone()), b.count as usize))
            .collect();
        prop_assert_eq!(schulze(n, &ballots).expect("valid"), schulze(n, &split).expect("valid"));
        prop_assert_eq!(
            instant_runoff(n, &ballots, IrvTieBreak::Backward).expect("valid"),
            instant_runoff(n, &split, IrvTieBreak::Backward).expect("valid")
        );
        prop_assert_eq!(stv(n, &ballots, 1).expect("valid"), stv(n, &split, 1).expect("valid"));
    }

    #[test]
    fn irv_winner_has_a_majority_of_continuing_ballots((n, ballots) in profiles(7)) {
        for tb in [IrvTieBreak::Backward, IrvTieBreak::EliminateAll] {
            let r = instant_runoff(n, &ballots, tb).expect("valid");
            let last = r.rounds.last().expect("at least one round");
            prop_assert_eq!(&last.elected, &r.ranking[0]);
            if last.elected.len() == 1 {
                let votes = last.votes[r.winner.option].expect("winner still in the race");
                prop_assert!(2 * votes > last.continuing || last.continuing == 0,
                    "winner {} has {} of {}", r.winner.option, votes, last.continuing);
            }
            // Ballots are conserved in every round.
            for round in &r.rounds {
                let counted: u64 = round.votes.iter().flatten().sum();
                prop_assert_eq!(counted + round.exhausted, r.ballots);
                prop_assert_eq!(counted, round.continuing);
            }
        }
    }

    #[test]
    fn stv_elects_the_seats_and_conserves_votes((n, ballots) in profiles(7), seats in 1usize..7) {
        let seats = seats.min(n);
        let r = stv(n, &ballots, seats).expect("valid");
        prop_assert_eq!(r.elected.len(), seats);
        let mut all: Vec<usize> = r.ranking.iter().flatten().copied().collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
        for round in &r.rounds {
            let held: u64 = round.votes.iter().map(|v| v.0).sum();
            prop_assert_eq!(
                held + round.exhausted.0 + round.lost_to_rounding.0,
                Votes::whole(r.ballots).0,
                "round {}", round.round
            );
        }
    }

    #[test]
    fn dot_vote_totals_equal_the_points_given(
        n in 1usize..6,
        raw in prop::collection::vec((prop::collection::vec((0usize..6, 0u64..5), 0..4), 1u64..4), 0..20),
    ) {
        // Keep each option once per ballot and within the options.
        let ballots: Vec<DotBallot> = raw
            .into_iter()
            .map(|(points, count)| {
                let mut seen = vec![false; n];
                let points = points
                    .into_iter()
                    .filter(|(o, _)| *o < n && !std::mem::replace(&mut seen[*o], true))
                    .collect();
                DotBallot { points, count }
            })
            .collect();
        let r = dot_vote(n, &ballots, &DotRules::new(20)).expect("valid");
        let given: u64 = ballots.iter().map(|b| b.count * b.points.iter().map(|p| p.1).sum::<u64>()).sum();
        prop_assert_eq!(r.total_points, given);
        prop_assert_eq!(r.points.iter().sum::<u64>(), given);
    }

    #[test]
    fn bad_input_never_panics(text in "\\PC{0,200}") {
        let _ = tally_poll_json(&text, None);
        let _ = tally_poll_json(&text, Some("stv"));
    }

    #[test]
    fn arbitrary_ranked_ballots_give_errors_not_panics(
        n in 0usize..4,
        raw in prop::collection::vec((prop::collection::vec(0usize..6, 0..5), any::<u64>()), 0..6),
    ) {
        let ballots: Vec<RankedBallot> = raw.into_iter().map(|(r, c)| RankedBallot::with_count(r, c)).collect();
        let _ = schulze(n, &ballots);
        let _ = instant_runoff(n, &ballots, IrvTieBreak::Backward);
        let _ = stv(n, &ballots, 2);
        let _ = borda(n, &ballots);
    }
}
