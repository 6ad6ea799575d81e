//! Participatory-budgeting tests: fixtures checked in under `tests/fixtures/`, and the
//! real Pabulib files (Faliszewski et al., "Participatory Budgeting: Data, Tools, and
//! Analysis", IJCAI 2023; pabulib.org) when `../shared/data/pabulib` is present.

use std::path::{Path, PathBuf};

use agora_tally::budget::{Election, GreedyVariant, greedy};
use agora_tally::pabulib::{self, PbFile};

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
