//! `agora tally`: the participatory-budgeting rules of `agora-tally` on a Pabulib file.

use std::path::Path;

/// Prints the outcome of `rule` on `file`.
pub fn run(file: &Path, rule: &str, json: bool) -> Result<(), String> {
    let _ = (file, rule, json);
    Err("agora tally is not available yet in this build".into())
}
