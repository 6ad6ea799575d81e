//! `agora tally` and `agora tally-poll`: the decision algorithms of `agora-tally` on files,
//! so anyone can recompute a result from open data.

use std::path::Path;

/// Prints the outcome of the participatory-budgeting `rule` on the Pabulib `file`;
/// `threshold` replaces the file's `min_project_score_threshold` (greedy-threshold).
pub fn run(file: &Path, rule: &str, threshold: Option<&str>, json: bool) -> Result<(), String> {
    let threshold = threshold
        .map(|t| {
            t.parse::<agora_tally::pabulib::Decimal>()
                .map_err(|e| format!("--threshold: {e}"))
        })
        .transpose()?;
    let report = agora_tally::report::tally_pb_file_with_threshold(file, rule, threshold)
        .map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

/// Prints the result of a poll ballot file (format: crates/agora-tally/POLL_FORMAT.md).
pub fn run_poll(file: &Path, method: Option<&str>, json: bool) -> Result<(), String> {
    let report = agora_tally::poll::tally_poll_file(file, method).map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}
