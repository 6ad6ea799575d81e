//! A closed poll's ballots in the ballot-file format of `agora tally-poll`
//! (crates/agora-tally/POLL_FORMAT.md), built so that the command computes exactly what the
//! poll's page publishes (`polls::rules::count`): the same method, the same settings, the same
//! ballots (those the count skips are left out), options by name.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value, json};

use crate::components::polls::model::{Poll, PollOption};
use crate::components::polls::rules::{Ballot, MEETING_ANSWERS};

/// Unique names for the options, in poll order: the title, else the fixed code, else
/// `option ID`; a name already taken gets ` (ID)` appended.
pub fn option_names(poll: &Poll, options: &[PollOption]) -> Vec<String> {
    let _ = poll;
    let mut seen: HashSet<String> = HashSet::new();
    options
        .iter()
        .map(|o| {
            let base = match (o.title.trim(), o.code.as_deref()) {
                ("", Some(code)) => code.to_string(),
                ("", None) => format!("option {}", o.id),
                (title, _) => title.to_string(),
            };
            let name = if seen.contains(&base) {
                format!("{base} ({})", o.id)
            } else {
                base
            };
            seen.insert(name.clone());
            name
        })
        .collect()
}

/// The file's method for a poll, `None` for a poll without a count (questions).
fn method(poll: &Poll) -> Option<&'static str> {
    Some(match poll.poll_type.as_str() {
        "proposal" => "proposal",
        "single_choice" => "plurality",
        "multiple_choice" => "approval",
        "score" => "score",
        "dot_vote" => "dot-vote",
        "majority_judgment" => "majority-judgment",
        "meeting" => "meeting",
        "ranked_choice" => match poll.method.as_str() {
            "borda" => "borda",
            "irv" => "instant-runoff",
            _ => "schulze",
        },
        _ => return None,
    })
}

/// The ballot file as JSON text; `None` for a poll type without a count.
pub fn poll_file<'a>(
    poll: &Poll,
    options: &[PollOption],
    ballots: impl Iterator<Item = &'a Ballot>,
) -> Option<String> {
    let method = method(poll)?;
    let names = option_names(poll, options);
    let name = |id: i64| {
        options
            .iter()
            .position(|o| o.id == id)
            .map(|i| names[i].clone())
    };
    let pairs = |b: &Ballot| -> Vec<(String, i64)> {
        b.scores
            .iter()
            .flatten()
            .filter_map(|(id, v)| name(*id).map(|n| (n, *v)))
            .collect()
    };
    // Identical ballots merged: the file stays small and says nothing of the order of votes.
    let mut merged: BTreeMap<String, (Value, u64)> = BTreeMap::new();
    for b in ballots {
        let value = match poll.poll_type.as_str() {
            "proposal" => {
                let Some(i) = b
                    .choice
                    .and_then(|id| options.iter().position(|o| o.id == id))
                else {
                    continue;
                };
                // As the count reads it: anything but agree, disagree or block abstains.
                let position = options[i]
                    .code
                    .as_deref()
                    .filter(|c| matches!(*c, "agree" | "disagree" | "block"))
                    .unwrap_or("abstain");
                json!({ "position": position })
            }
            "single_choice" => {
                let Some(choice) = b.choice.and_then(name) else {
                    continue;
                };
                json!({ "choice": choice })
            }
            "multiple_choice" => {
                let approve: Vec<String> = b
                    .choices
                    .iter()
                    .flatten()
                    .filter_map(|id| name(*id))
                    .collect();
                json!({ "approve": approve })
            }
            "ranked_choice" => {
                let ranking: Vec<String> = b
                    .ranking
                    .iter()
                    .flatten()
                    .filter_map(|id| name(*id))
                    .collect();
                if ranking.is_empty() {
                    continue;
                }
                json!({ "ranking": ranking })
            }
            "score" => json!({ "scores": Map::from_iter(
                pairs(b).into_iter().map(|(n, v)| (n, json!(v)))) }),
            "dot_vote" => json!({ "points": Map::from_iter(
                pairs(b).into_iter().map(|(n, v)| (n, json!(v.max(0))))) }),
            "majority_judgment" => json!({ "grades": Map::from_iter(
                pairs(b).into_iter().map(|(n, v)| (n, json!(v.max(0))))) }),
            "meeting" => json!({ "answers": Map::from_iter(pairs(b).into_iter().map(|(n, v)| {
                let answer = MEETING_ANSWERS
                    .iter()
                    .find(|(_, score)| *score == v)
                    .map(|(a, _)| *a)
                    .unwrap_or("no");
                (n, json!(answer))
            })) }),
            _ => continue,
        };
        let key = value.to_string();
        merged.entry(key).or_insert((value, 0)).1 += 1;
    }
    let ballots: Vec<Value> = merged
        .into_values()
        .map(|(mut value, count)| {
            if count > 1
                && let Some(object) = value.as_object_mut()
            {
                object.insert("count".into(), json!(count));
            }
            value
        })
        .collect();
    let mut file = Map::new();
    file.insert("method".into(), json!(method));
    if poll.poll_type != "proposal" {
        file.insert("options".into(), json!(names));
    }
    match poll.poll_type.as_str() {
        "score" => {
            file.insert("score_min".into(), json!(poll.score_min));
            file.insert("score_max".into(), json!(poll.score_max));
        }
        "dot_vote" => {
            file.insert("points".into(), json!(poll.points.max(1)));
        }
        "majority_judgment" => {
            // The scale the count uses: as many grades as the poll has (at least one), worst
            // first; ballots give grade indexes, so only the number of names matters.
            let n = poll.grades.len().max(1);
            let scale: Vec<String> = (0..n)
                .map(|i| match poll.grades.get(i) {
                    Some(g) if !poll.grades[..i].contains(g) => g.clone(),
                    _ => format!("grade {i}"),
                })
                .collect();
            file.insert("grades".into(), json!(scale));
        }
        _ => {}
    }
    file.insert("ballots".into(), Value::Array(ballots));
    serde_json::to_string_pretty(&Value::Object(file)).ok()
}
