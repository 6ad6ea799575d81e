//! Small runner used by the cross-check harness (`bench/crosscheck/crosscheck.py`) and the
//! speed comparison (`bench/tally/compare.sh`): tallies a Pabulib file or a poll ballot file
//! with the library and prints the result as JSON (one line per result).
//!
//! ```text
//! tally_json pb FILE.pb RULE[,RULE...]     one JSON line per rule
//! tally_json poll FILE.json [METHOD]      one JSON line (the PollReport)
//! tally_json batch                        reads `pb<TAB>FILE<TAB>RULES` / `poll<TAB>FILE<TAB>METHOD`
//!                                         lines on stdin, writes one JSON line per result
//! ```
//!
//! Rules: greedy, greedy-no-skip, greedy-threshold, mes, mes-add1, mes-add1e, mes-add1u,
//! phragmen, max-supporters (anything `agora_tally::report::run_rule` accepts). The PB output has `selected` (project ids, in the order chosen),
//! `total_cost` and `budget` (exact decimal strings), `supports` (sum over the selected
//! projects of their supporters), and for MES completions the per-voter budget kept.
//! Errors are printed as `{"error": "..."}` lines (exit code 1 outside batch mode).

use std::io::{BufRead, Write};
use std::path::Path;

use agora_tally::budget::{Election, Explanation, Outcome};
use agora_tally::pabulib;
use serde_json::{Value, json};

fn run_rule(e: &Election, rule: &str) -> Result<Outcome, String> {
    agora_tally::report::run_rule(e, rule).map_err(|err| err.to_string())
}

fn pb_results(path: &Path, rules: &str) -> Vec<Value> {
    let file = match pabulib::read_file(path) {
        Ok(f) => f,
        Err(err) => return vec![json!({ "file": path, "error": err.to_string() })],
    };
    let e = match Election::from_pb(&file) {
        Ok(e) => e,
        Err(err) => return vec![json!({ "file": path, "error": err.to_string() })],
    };
    let supporters = e.supporters();
    rules
        .split(',')
        .map(|rule| match run_rule(&e, rule.trim()) {
            Err(err) => json!({ "file": path, "rule": rule, "error": err }),
            Ok(o) => {
                let supports: u64 = o.selected.iter().map(|&p| supporters[p as usize]).sum();
                let completion = match &o.explanation {
                    Explanation::Mes(m) => m.completion.as_ref().map(|c| {
                        json!({
                            "per_voter_budget": c.per_voter_budget,
                            "steps": c.steps,
                            "runs": c.runs,
                            "stopped_because": c.stopped_because,
                        })
                    }),
                    _ => None,
                };
                json!({
                    "file": path,
                    "rule": rule,
                    "selected": o.selected_ids(&e),
                    "total_cost": e.money(o.total_cost as i128),
                    "budget": e.money(e.budget as i128),
                    "supports": supports,
                    "completion": completion,
                })
            }
        })
        .collect()
}

fn poll_result(path: &Path, method: Option<&str>) -> Value {
    match agora_tally::poll::tally_poll_file(path, method) {
        Ok(r) => {
            let mut v = r.to_json();
            v["file"] = json!(path);
            v
        }
        Err(err) => json!({ "file": path, "error": err.to_string() }),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut failed = false;
    let mut emit = |v: Value, out: &mut std::io::StdoutLock| {
        if v.get("error").is_some() {
            failed = true;
        }
        let _ = writeln!(out, "{v}");
    };
    match args.first().map(String::as_str) {
        Some("pb") if args.len() == 3 => {
            for v in pb_results(Path::new(&args[1]), &args[2]) {
                emit(v, &mut out);
            }
        }
        Some("poll") if args.len() == 2 || args.len() == 3 => {
            emit(
                poll_result(Path::new(&args[1]), args.get(2).map(String::as_str)),
                &mut out,
            );
        }
        Some("batch") if args.len() == 1 => {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                let parts: Vec<&str> = line.split('\t').collect();
                let vals = match parts.as_slice() {
                    ["pb", file, rules] => pb_results(Path::new(file), rules),
                    ["poll", file, method] => vec![poll_result(
                        Path::new(file),
                        Some(*method).filter(|m| !m.is_empty()),
                    )],
                    _ => vec![json!({ "error": format!("bad batch line: {line}") })],
                };
                for v in vals {
                    let _ = writeln!(out, "{v}");
                }
                let _ = out.flush();
            }
            return;
        }
        _ => {
            eprintln!(
                "usage: tally_json pb FILE.pb RULE[,RULE...] | tally_json poll FILE.json [METHOD] | tally_json batch"
            );
            std::process::exit(2);
        }
    }
    if failed {
        std::process::exit(1);
    }
}
