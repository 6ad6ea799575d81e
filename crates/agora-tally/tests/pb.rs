//! Participatory-budgeting tests: fixtures checked in under `tests/fixtures/`, and the
//! real Pabulib files (Faliszewski et al., "Participatory Budgeting: Data, Tools, and
//! Analysis", IJCAI 2023; pabulib.org) when `../shared/data/pabulib` is present.

use std::path::{Path, PathBuf};

use agora_tally::budget::{
    Completion, Election, Explanation, GreedyDecision, GreedyVariant, MesOptions, greedy, mes,
    mes_naive, phragmen,
};
use agora_tally::pabulib::{self, PbFile};
use agora_tally::report::{TallyError, tally_pb_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pb")
        .join(name)
}

fn read_fixture(name: &str) -> PbFile {
    pabulib::read_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ids(e: &Election, o: &agora_tally::budget::Outcome) -> Vec<String> {
    o.selected_ids(e).iter().map(|s| s.to_string()).collect()
}

#[test]
fn fixtures_round_trip() {
    for name in [
        "approval_small.pb",
        "tie_greedy.pb",
        "cumulative.pb",
        "ordinal.pb",
        "mes_tie.pb",
    ] {
        let f = read_fixture(name);
        let text = pabulib::write(&f);
        assert_eq!(pabulib::parse(&text).as_ref(), Ok(&f), "{name}");
        // Writing is stable.
        assert_eq!(pabulib::write(&pabulib::parse(&text).expect("again")), text);
    }
    let f = read_fixture("approval_small.pb");
    assert_eq!(
        f.projects[0].name.as_deref(),
        Some("Library \"books; more books\"")
    );
}

#[test]
fn approval_small_rules() {
    let e = Election::from_pb(&read_fixture("approval_small.pb")).expect("election");
    // Scores A=5 B=4 C=6 D=3; order C, A, B, D.
    let g = greedy(&e, GreedyVariant::Skip, None);
    assert_eq!(ids(&e, &g), ["C", "A", "D"]);
    assert_eq!(g.total_cost, 100);
    let Explanation::Greedy(x) = &g.explanation else {
        panic!("greedy")
    };
    let decisions: Vec<GreedyDecision> = x.steps.iter().map(|s| s.decision).collect();
    assert_eq!(
        decisions,
        [
            GreedyDecision::Selected,
            GreedyDecision::Selected,
            GreedyDecision::DoesNotFit,
            GreedyDecision::Selected
        ]
    );
    let g = greedy(&e, GreedyVariant::NoSkip, None);
    assert_eq!(ids(&e, &g), ["C", "A"]);
    let g = greedy(&e, GreedyVariant::Threshold, Some(4.into_decimal()));
    assert_eq!(ids(&e, &g), ["C", "A"]);
    // MES, b0 = 10: C at rho 1/6 (6 supporters pay 5), then D at rho 1/3; A and B
    // can never be paid by their supporters.
    let m = mes(&e, MesOptions::plain());
    assert_eq!(ids(&e, &m), ["C", "D"]);
    let Explanation::Mes(x) = &m.explanation else {
        panic!("mes")
    };
    assert_eq!(
        (x.rounds[0].rho.num.as_str(), x.rounds[0].rho.den.as_str()),
        ("1", "6")
    );
    assert_eq!(
        (x.rounds[1].rho.num.as_str(), x.rounds[1].rho.den.as_str()),
        ("1", "3")
    );
    for c in [Completion::Add1, Completion::Add1e, Completion::Add1u] {
        let a = mes(&e, MesOptions::with(c));
        let b = mes_naive(&e, MesOptions::with(c));
        assert_eq!(a.selected, b.selected, "{c:?}");
        assert!(a.total_cost <= e.budget);
    }
    let p = phragmen(&e);
    assert!(p.total_cost <= e.budget);
}

trait IntoDecimal {
    fn into_decimal(self) -> agora_tally::pabulib::Decimal;
}
impl IntoDecimal for i64 {
    fn into_decimal(self) -> agora_tally::pabulib::Decimal {
        agora_tally::pabulib::Decimal::from_int(self)
    }
}

#[test]
fn greedy_ties_cheaper_then_file_order() {
    let e = Election::from_pb(&read_fixture("tie_greedy.pb")).expect("election");
    assert_eq!(ids(&e, &greedy(&e, GreedyVariant::Skip, None)), ["Y", "Z"]);
}

#[test]
fn cumulative_points_and_threshold() {
    let f = read_fixture("cumulative.pb");
    let e = Election::from_pb(&f).expect("election");
    assert_eq!(e.scale, 2);
    assert_eq!(e.budget, 10050);
    assert_eq!(e.scores(), vec![5, 3, 4]);
    let g = greedy(&e, GreedyVariant::Threshold, None);
    assert_eq!(ids(&e, &g), ["P1", "P3"]);
    assert_eq!(e.money(g.total_cost as i128), "90.25");
    let r = tally_pb_file(&fixture("cumulative.pb"), "auto").expect("report");
    assert_eq!(r.rule, "greedy-threshold");
    let j = r.to_json();
    assert_eq!(j["selected"], serde_json::json!(["P1", "P3"]));
    assert_eq!(j["total_cost"], serde_json::json!(90.25));
    assert_eq!(j["budget"], serde_json::json!(100.5));
    assert_eq!(j["total_cost_exact"], "90.25");
    assert_eq!(j["explanation"]["kind"], "greedy");
    let text = r.to_text();
    assert!(
        text.contains("Total cost: 90.25 of 100.50 (89.80 % of the budget)"),
        "{text}"
    );
}

#[test]
fn ordinal_borda_321() {
    let f = read_fixture("ordinal.pb");
    let e = Election::from_pb(&f).expect("election");
    assert_eq!(e.scores(), vec![6, 10, 7]);
    assert_eq!(ids(&e, &greedy(&e, GreedyVariant::Skip, None)), ["b", "c"]);
}

#[test]
fn mes_exact_tie_goes_to_cheaper() {
    let e = Election::from_pb(&read_fixture("mes_tie.pb")).expect("election");
    assert_eq!(ids(&e, &mes(&e, MesOptions::plain())), ["M2"]);
    let r = tally_pb_file(&fixture("mes_tie.pb"), "auto").expect("report");
    assert_eq!(r.rule, "mes");
    assert!(r.to_text().contains("rho = 1/3"));
}

#[test]
fn broken_files_name_the_line() {
    let cases = [
        (
            "broken_unknown_project.pb",
            12,
            "project 'Q' in vote is not in PROJECTS",
        ),
        ("broken_cost.pb", 7, "cost of project '2'"),
        ("broken_quote.pb", 6, "unterminated quoted field"),
        ("broken_points.pb", 12, "points lists 1 numbers"),
        ("broken_no_votes.pb", 0, "no VOTES section"),
        (
            "broken_duplicate_project.pb",
            7,
            "project '1' appears twice",
        ),
    ];
    for (name, line, msg) in cases {
        let err = pabulib::read_file(&fixture(name)).expect_err(name);
        assert_eq!(err.line, line, "{name}: {err}");
        assert!(err.message.contains(msg), "{name}: {err}");
        match tally_pb_file(&fixture(name), "greedy") {
            Err(TallyError::Pb(e)) => assert_eq!(e, err),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(
        pabulib::read_file(&fixture("broken_unknown_project.pb"))
            .expect_err("broken")
            .to_string(),
        "line 12: project 'Q' in vote is not in PROJECTS"
    );
    assert!(matches!(
        tally_pb_file(&fixture("approval_small.pb"), "lottery"),
        Err(TallyError::UnknownRule(_))
    ));
    assert!(tally_pb_file(&fixture("does_not_exist.pb"), "greedy").is_err());
}

#[test]
fn report_all_rules_on_fixture() {
    for rule in [
        "greedy",
        "greedy-no-skip",
        "greedy-threshold",
        "mes",
        "mes-add1",
        "mes-add1e",
        "mes-add1u",
        "mes-add1+comparison",
        "phragmen",
        "max-supporters",
        "auto",
    ] {
        let r = tally_pb_file(&fixture("approval_small.pb"), rule).expect(rule);
        let j = r.to_json();
        for key in ["selected", "total_cost", "budget", "rule", "explanation"] {
            assert!(j.get(key).is_some(), "{rule}: {key}");
        }
        assert!(r.total_cost_minor <= r.budget_minor, "{rule}");
        assert!(r.to_text().contains("Selected"), "{rule}");
    }
}

fn pabulib_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("AGORA_PABULIB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pabulib")
        });
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/data/pabulib not found");
        None
    }
}

fn real_files() -> Vec<(String, PbFile)> {
    let Some(dir) = pabulib_dir() else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read pabulib dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pb"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let f = pabulib::read_file(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, f)
        })
        .collect()
}

fn official(f: &PbFile) -> Vec<String> {
    let mut v: Vec<String> = f
        .projects
        .iter()
        .filter(|p| p.selected == Some(true))
        .map(|p| p.id.clone())
        .collect();
    v.sort();
    v
}

#[test]
fn real_files_round_trip() {
    for (name, f) in real_files() {
        let text = pabulib::write(&f);
        let again = pabulib::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(again == f, "{name}: round trip differs");
    }
}

#[test]
fn real_files_scores_match_votes_and_score_columns() {
    for (name, f) in real_files() {
        let e = Election::from_pb(&f).expect("election");
        let scores = e.scores();
        let supporters = e.supporters();
        for (i, p) in f.projects.iter().enumerate() {
            if let Some(v) = p.votes {
                assert_eq!(supporters[i], v, "{name}: votes of {}", p.id);
            }
            if let Some(s) = p.score {
                assert_eq!(s.to_integer(), Some(scores[i]), "{name}: score of {}", p.id);
            }
        }
    }
}

/// The rule META names, as our rule name: greedy variants with the file's threshold,
/// `equalshares/add1` -> mes-add1.
fn meta_rule(f: &PbFile) -> &'static str {
    match f.meta_get("rule").map(str::trim) {
        Some("greedy") if f.meta_get("min_project_score_threshold").is_some() => "greedy-threshold",
        Some("greedy") => "greedy",
        Some("greedy-threshold") => "greedy-threshold",
        Some("greedy-no-skip") => "greedy-no-skip",
        Some("equalshares/add1") | Some("equalshares-add1") => "mes-add1",
        Some("equalshares") => "mes",
        other => panic!("unknown rule {other:?}"),
    }
}

#[test]
fn real_files_meta_rule_reproduces_selected() {
    use agora_tally::budget::{Completion, MesOptions, mes};
    for (name, f) in real_files() {
        let want = official(&f);
        if want.is_empty() {
            println!("{name}: no 'selected' column, nothing to compare");
            continue;
        }
        let e = Election::from_pb(&f).expect("election");
        let rule = meta_rule(&f);
        let o = match rule {
            "greedy" => greedy(&e, GreedyVariant::Skip, None),
            "greedy-threshold" => greedy(&e, GreedyVariant::Threshold, None),
            "greedy-no-skip" => greedy(&e, GreedyVariant::NoSkip, None),
            "mes-add1" => mes(&e, MesOptions::with(Completion::Add1)),
            _ => mes(&e, MesOptions::plain()),
        };
        let mut got: Vec<String> = o.selected_ids(&e).iter().map(|s| s.to_string()).collect();
        got.sort();
        assert_eq!(got, want, "{name} with {rule}");
        println!("{name}: {rule} reproduces the official outcome");
    }
}
