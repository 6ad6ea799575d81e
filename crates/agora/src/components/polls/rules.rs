//! The rules of polls as pure functions: what a poll of each type is, what a valid ballot is,
//! when results may be seen, which setting changes are allowed, and the count (by
//! `agora-tally`, never re-implemented here).

use std::collections::{BTreeMap, HashSet};

use agora_tally::poll as tally;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Every poll type, in the order the creation form offers them.
pub const TYPES: &[&str] = &[
    "proposal",
    "single_choice",
    "multiple_choice",
    "score",
    "ranked_choice",
    "dot_vote",
    "majority_judgment",
    "meeting",
    "question",
];

/// Result visibility, from the loosest to the strictest.
pub const HIDE_RESULTS: &[&str] = &["off", "until_vote", "until_closed"];
pub const REASONS: &[&str] = &["off", "optional", "required"];
pub const RANKED_METHODS: &[&str] = &["borda", "irv", "schulze"];
pub const PROPOSAL_PRESETS: &[&str] = &["proposal", "consent"];
/// Positions of a proposal poll.
pub const POSITIONS: &[&str] = &["agree", "abstain", "disagree", "block"];
/// Positions of the consent preset (an objection blocks).
pub const CONSENT_POSITIONS: &[&str] = &["agree", "abstain", "block"];
/// Answers of a meeting poll, as the score a ballot gives a slot.
pub const MEETING_ANSWERS: &[(&str, i64)] = &[("no", 0), ("maybe", 1), ("yes", 2)];
/// Default grade scale of majority judgment, worst first (Fluent keys `polls-grade-N`).
pub const DEFAULT_GRADES: usize = 6;

pub const TITLE_MAX: usize = 150;
pub const DETAILS_MAX: usize = 10_000;
pub const OPTION_MAX: usize = 200;
pub const OPTIONS_MAX: usize = 50;
pub const OUTCOME_MAX: usize = 5_000;
pub const REASON_MAX_LIMIT: i64 = 5_000;

/// True for types whose participants choose among options the author wrote.
pub fn has_written_options(poll_type: &str) -> bool {
    !matches!(poll_type, "proposal" | "question")
}

/// True for types that can offer "none of the above".
pub fn allows_none_of_the_above(poll_type: &str) -> bool {
    matches!(
        poll_type,
        "single_choice" | "multiple_choice" | "ranked_choice"
    )
}

/// The poll facts the rules need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    pub poll_type: String,
    pub method: String,
    pub min_choices: i64,
    pub max_choices: i64,
    pub score_min: i64,
    pub score_max: i64,
    pub points: i64,
    /// Majority judgment: how many grades.
    pub grades: usize,
    pub reason: String,
    pub reason_max: i64,
}

/// A vote as participants send it (form or API): one of the four shapes, and a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<BTreeMap<i64, i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Ballot {
    /// The stored content: the ballot without its reason.
    pub fn content(&self) -> String {
        let mut copy = self.clone();
        copy.reason = None;
        serde_json::to_string(&copy).unwrap_or_else(|_| "{}".into())
    }

    pub fn from_content(text: &str) -> Option<Ballot> {
        serde_json::from_str(text).ok()
    }
}

/// Why a ballot was refused: a Fluent key and its arguments (`polls-ballot-…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BallotError {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl BallotError {
    fn new(key: &'static str) -> Self {
        BallotError {
            key,
            args: Vec::new(),
        }
    }
    fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
    /// The message in a language.
    pub fn message(&self, i18n: &crate::i18n::I18n) -> String {
        match self.args.as_slice() {
            [] => i18n.t(self.key),
            [(a, x)] => i18n.t1(self.key, a, x),
            [(a, x), (b, y), ..] => i18n.t2(self.key, a, x, b, y),
        }
    }
}

/// An option as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opt {
    pub id: i64,
    pub code: Option<String>,
}

/// Checks a ballot against the poll; returns the ballot normalised (reason trimmed, empty
/// reason removed). Nothing is stored before this passes.
pub fn check_ballot(
    shape: &Shape,
    options: &[Opt],
    ballot: &Ballot,
) -> Result<Ballot, BallotError> {
    let mut out = Ballot::default();
    let known: HashSet<i64> = options.iter().map(|o| o.id).collect();
    let none_id = options
        .iter()
        .find(|o| o.code.as_deref() == Some("none"))
        .map(|o| o.id);
    let unknown = |id: i64| BallotError::new("polls-ballot-unknown-option").with("id", id);
    let shapes = [
        ballot.choice.is_some(),
        ballot.choices.is_some(),
        ballot.scores.is_some(),
        ballot.ranking.is_some(),
    ];
    let given = shapes.iter().filter(|s| **s).count();
    let expected = match shape.poll_type.as_str() {
        "proposal" | "single_choice" => 0,
        "multiple_choice" => 1,
        "score" | "dot_vote" | "majority_judgment" | "meeting" => 2,
        "ranked_choice" => 3,
        _ => 4,
    };
    let field = ["choice", "choices", "scores", "ranking", ""][expected];
    if given > 1 || (given == 1 && !shapes.get(expected).copied().unwrap_or(false)) {
        return Err(BallotError::new("polls-ballot-wrong-shape").with("field", field));
    }
    match shape.poll_type.as_str() {
        "proposal" | "single_choice" => {
            let choice = ballot
                .choice
                .ok_or_else(|| BallotError::new("polls-ballot-missing").with("field", field))?;
            if !known.contains(&choice) {
                return Err(unknown(choice));
            }
            out.choice = Some(choice);
        }
        "multiple_choice" => {
            let choices = ballot.choices.clone().unwrap_or_default();
            let mut seen = HashSet::new();
            for id in &choices {
                if !known.contains(id) {
                    return Err(unknown(*id));
                }
                if !seen.insert(*id) {
                    return Err(BallotError::new("polls-ballot-duplicate").with("id", id));
                }
            }
            if let Some(none) = none_id
                && choices.contains(&none)
                && choices.len() > 1
            {
                return Err(BallotError::new("polls-ballot-none-alone"));
            }
            let n = choices.len() as i64;
            let is_none = none_id.is_some_and(|none| choices == [none]);
            if !is_none && n < shape.min_choices.max(1) {
                return Err(BallotError::new("polls-ballot-too-few")
                    .with("min", shape.min_choices.max(1))
                    .with("got", n));
            }
            if shape.max_choices > 0 && n > shape.max_choices {
                return Err(BallotError::new("polls-ballot-too-many")
                    .with("max", shape.max_choices)
                    .with("got", n));
            }
            out.choices = Some(choices);
        }
        "score" | "dot_vote" | "majority_judgment" | "meeting" => {
            let scores = ballot.scores.clone().unwrap_or_default();
            let (min, max) = match shape.poll_type.as_str() {
                "score" => (shape.score_min, shape.score_max),
                "dot_vote" => (0, shape.points),
                "majority_judgment" => (0, shape.grades as i64 - 1),
                _ => (0, 2),
            };
            for (id, value) in &scores {
                if !known.contains(id) {
                    return Err(unknown(*id));
                }
                if *value < min || *value > max {
                    return Err(BallotError::new("polls-ballot-out-of-range")
                        .with("min", min)
                        .with("max", max));
                }
            }
            if scores.is_empty() {
                return Err(BallotError::new("polls-ballot-missing").with("field", field));
            }
            if shape.poll_type == "dot_vote" {
                let total: i64 = scores.values().sum();
                if total > shape.points {
                    return Err(BallotError::new("polls-ballot-too-many-points")
                        .with("points", shape.points)
                        .with("got", total));
                }
                if total == 0 {
                    return Err(BallotError::new("polls-ballot-no-points"));
                }
            }
            out.scores = Some(scores);
        }
        "ranked_choice" => {
            let ranking = ballot.ranking.clone().unwrap_or_default();
            if ranking.is_empty() {
                return Err(BallotError::new("polls-ballot-missing").with("field", field));
            }
            let mut seen = HashSet::new();
            for id in &ranking {
                if !known.contains(id) {
                    return Err(unknown(*id));
                }
                if !seen.insert(*id) {
                    return Err(BallotError::new("polls-ballot-duplicate").with("id", id));
                }
            }
            out.ranking = Some(ranking);
        }
        _ => {}
    }
    let reason = ballot.reason.as_deref().unwrap_or("").trim().to_string();
    match shape.reason.as_str() {
        "off" if !reason.is_empty() => return Err(BallotError::new("polls-ballot-reason-off")),
        "required" if reason.is_empty() => {
            return Err(BallotError::new("polls-ballot-reason-required"));
        }
        _ => {}
    }
    if shape.poll_type == "question" && reason.is_empty() {
        return Err(BallotError::new("polls-ballot-reason-required"));
    }
    let len = reason.chars().count() as i64;
    if len > shape.reason_max {
        return Err(BallotError::new("polls-ballot-reason-long").with("max", shape.reason_max));
    }
    out.reason = (!reason.is_empty()).then_some(reason);
    Ok(out)
}

/// Where a poll stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not opened yet (no closing date, or not opened): only its author and admins see it.
    Draft,
    Open,
    Closed,
}

impl Status {
    pub fn of(
        opened_at: Option<i64>,
        closed_at: Option<i64>,
        closes_at: Option<i64>,
        now: i64,
    ) -> Status {
        match (opened_at, closed_at, closes_at) {
            (None, _, _) => Status::Draft,
            (Some(_), Some(_), _) => Status::Closed,
            (Some(_), None, Some(at)) if at <= now => Status::Closed,
            _ => Status::Open,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }
}

/// May results be shown? `voted`: the person asking has a vote in this poll. The rule is the
/// same for everyone, admins and the author included.
pub fn results_visible(hide_results: &str, status: Status, voted: bool) -> bool {
    match status {
        Status::Closed => true,
        Status::Draft => false,
        Status::Open => match hide_results {
            "off" => true,
            "until_vote" => voted,
            _ => false,
        },
    }
}

/// A settings change an author or admin asks for, checked against the current settings:
/// anonymity cannot be turned off, hidden results cannot be loosened. `Err` holds a Fluent key.
pub fn check_settings_change(
    was_anonymous: bool,
    anonymous: bool,
    was_hidden: &str,
    hidden: &str,
    has_votes: bool,
) -> Result<(), &'static str> {
    if was_anonymous && !anonymous {
        return Err("polls-error-anonymous-locked");
    }
    if !was_anonymous && anonymous && has_votes {
        return Err("polls-error-anonymous-after-votes");
    }
    let rank = |h: &str| HIDE_RESULTS.iter().position(|x| *x == h).unwrap_or(0);
    if !HIDE_RESULTS.contains(&hidden) {
        return Err("polls-error-hide-results");
    }
    if rank(hidden) < rank(was_hidden) {
        return Err("polls-error-hide-results-loosen");
    }
    Ok(())
}

/// The count of a poll, as the result pages and the API show it.
#[derive(Clone, Debug, Serialize)]
pub struct Count {
    pub ballots: u64,
    /// Per option (in poll order): the main number (votes, approvals, sum of scores, points,
    /// first preferences, "yes" answers, median grade index).
    pub values: Vec<i64>,
    /// Per option: the fraction of the bar to draw (0..=1).
    #[serde(skip)]
    pub bars: Vec<f64>,
    /// The winning option's index, when the method names one.
    pub winner: Option<usize>,
    pub tie_broken: bool,
    /// agora-tally's result (rounds, pairwise matrix, distributions...).
    pub details: Option<Value>,
    #[serde(skip)]
    pub result: Option<tally::PollResult>,
}

/// Counts stored ballots with agora-tally. `options` in poll order; ballots that no longer
/// parse are skipped (they cannot be written so).
pub fn count(
    shape: &Shape,
    options: &[Opt],
    ballots: &[Ballot],
) -> Result<Count, tally::PollError> {
    let n = options.len();
    let index = |id: i64| options.iter().position(|o| o.id == id);
    let votes = ballots.len() as u64;
    let mut result: Option<tally::PollResult> = None;
    let mut values = vec![0i64; n];
    match shape.poll_type.as_str() {
        "proposal" => {
            let mut list = Vec::new();
            for b in ballots {
                let Some(i) = b.choice.and_then(index) else {
                    continue;
                };
                values[i] += 1;
                let position = match options[i].code.as_deref() {
                    Some("agree") => tally::Position::Agree,
                    Some("disagree") => tally::Position::Disagree,
                    Some("block") => tally::Position::Block,
                    _ => tally::Position::Abstain,
                };
                list.push(tally::ProposalBallot::new(position));
            }
            let r = tally::proposal(&list, &tally::ProposalRules::default())?;
            result = Some(tally::PollResult::Proposal(r));
        }
        "single_choice" => {
            let list: Vec<_> = ballots
                .iter()
                .filter_map(|b| b.choice.and_then(index))
                .map(tally::ChoiceBallot::new)
                .collect();
            let r = tally::plurality(n, &list)?;
            values = r.votes.iter().map(|v| *v as i64).collect();
            result = Some(tally::PollResult::Plurality(r));
        }
        "multiple_choice" => {
            let list: Vec<_> = ballots
                .iter()
                .map(|b| {
                    tally::ApprovalBallot::new(
                        b.choices
                            .iter()
                            .flatten()
                            .filter_map(|id| index(*id))
                            .collect(),
                    )
                })
                .collect();
            let r = tally::approval(n, &list, &tally::ApprovalRules { min: 0, max: None })?;
            values = r.approvals.iter().map(|v| *v as i64).collect();
            result = Some(tally::PollResult::Approval(r));
        }
        "score" => {
            let list: Vec<_> = ballots
                .iter()
                .map(|b| tally::ScoreBallot::new(pairs(b, &index)))
                .collect();
            let r = tally::score(
                n,
                &list,
                &tally::ScoreRules::new(shape.score_min, shape.score_max),
            )?;
            values = r.options.iter().map(|o| o.sum).collect();
            result = Some(tally::PollResult::Score(r));
        }
        "dot_vote" => {
            let list: Vec<_> = ballots
                .iter()
                .map(|b| {
                    tally::DotBallot::new(
                        pairs(b, &index)
                            .into_iter()
                            .map(|(i, v)| (i, v.max(0) as u64))
                            .collect(),
                    )
                })
                .collect();
            let r = tally::dot_vote(n, &list, &tally::DotRules::new(shape.points.max(1) as u64))?;
            values = r.points.iter().map(|v| *v as i64).collect();
            result = Some(tally::PollResult::DotVote(r));
        }
        "majority_judgment" => {
            let list: Vec<_> = ballots
                .iter()
                .map(|b| {
                    tally::GradeBallot::new(
                        pairs(b, &index)
                            .into_iter()
                            .map(|(i, v)| (i, v.max(0) as usize))
                            .collect(),
                    )
                })
                .collect();
            let r = tally::majority_judgment(n, shape.grades.max(1), &list)?;
            values = r.options.iter().map(|o| o.median as i64).collect();
            result = Some(tally::PollResult::MajorityJudgment(r));
        }
        "meeting" => {
            let list: Vec<_> = ballots
                .iter()
                .map(|b| {
                    tally::MeetingBallot::new(
                        pairs(b, &index)
                            .into_iter()
                            .map(|(i, v)| {
                                let a = match v {
                                    2 => tally::Availability::Yes,
                                    1 => tally::Availability::Maybe,
                                    _ => tally::Availability::No,
                                };
                                (i, a)
                            })
                            .collect(),
                    )
                })
                .collect();
            let r = tally::meeting(n, &list)?;
            values = r.slots.iter().map(|s| s.yes as i64).collect();
            result = Some(tally::PollResult::Meeting(r));
        }
        "ranked_choice" => {
            let list: Vec<_> = ballots
                .iter()
                .map(|b| {
                    tally::RankedBallot::new(
                        b.ranking
                            .iter()
                            .flatten()
                            .filter_map(|id| index(*id))
                            .collect(),
                    )
                })
                .filter(|b| !b.ranking.is_empty())
                .collect();
            for b in &list {
                values[b.ranking[0]] += 1;
            }
            result = Some(match shape.method.as_str() {
                "borda" => {
                    let r = tally::borda(n, &list)?;
                    values = r.points.iter().map(|v| *v as i64).collect();
                    tally::PollResult::Borda(r)
                }
                "irv" => tally::PollResult::InstantRunoff(tally::instant_runoff(
                    n,
                    &list,
                    tally::IrvTieBreak::Backward,
                )?),
                _ => tally::PollResult::Schulze(tally::schulze(n, &list)?),
            });
        }
        _ => {}
    }
    let report = result.as_ref().map(|r| tally::PollReport {
        method: tally::Method::Plurality,
        options: Vec::new(),
        grades: None,
        result: r.clone(),
    });
    let winner = report
        .as_ref()
        .filter(|_| votes > 0)
        .and_then(|r| r.winner());
    let (bars, details) = match shape.poll_type.as_str() {
        "majority_judgment" => {
            let top = (shape.grades.max(2) - 1) as f64;
            (
                values.iter().map(|v| *v as f64 / top).collect(),
                result.as_ref().and_then(|r| serde_json::to_value(r).ok()),
            )
        }
        _ => {
            let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
            (
                values.iter().map(|v| (*v).max(0) as f64 / max).collect(),
                result.as_ref().and_then(|r| serde_json::to_value(r).ok()),
            )
        }
    };
    Ok(Count {
        ballots: votes,
        values,
        bars,
        winner: winner.map(|w| w.option),
        tie_broken: winner.is_some_and(|w| w.tie_broken),
        details,
        result,
    })
}

fn pairs(b: &Ballot, index: &impl Fn(i64) -> Option<usize>) -> Vec<(usize, i64)> {
    b.scores
        .iter()
        .flatten()
        .filter_map(|(id, v)| index(*id).map(|i| (i, *v)))
        .collect()
}

/// A percentage with one decimal, or "—" when there is nothing to divide by.
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".into();
    }
    format!("{:.1}", part as f64 * 100.0 / whole as f64)
}

/// A stable shuffle of `0..n` for one seed (the same person sees the same order).
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((state >> 33) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// What a pass threshold is counted over.
pub const PASS_BASES: &[&str] = &["cast", "eligible"];

/// True for types with a pass threshold: those whose result is a number of people behind one
/// option (the agree position, or the winner). Scores, points, grades and rankings have no
/// share of voters to measure.
pub fn has_pass_threshold(poll_type: &str) -> bool {
    matches!(
        poll_type,
        "proposal" | "single_choice" | "multiple_choice" | "meeting"
    )
}

/// A poll's quorum and pass threshold, in whole percents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// Share of eligible voters who must take part.
    pub quorum_percent: Option<i64>,
    /// Share the agree position or the winner must reach, at least.
    pub pass_percent: Option<i64>,
    /// `cast` (votes cast) or `eligible` (eligible voters).
    pub pass_base: String,
}

/// The decision after closing: was the quorum met, did the proposal or the winner pass, with
/// the numbers behind both. `None` means "no such rule on this poll" (or, with no list of
/// eligible voters, that it cannot be measured).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub voters: u64,
    pub eligible: Option<u64>,
    /// Voters as a percent of eligible voters.
    pub participation_percent: Option<f64>,
    pub quorum_percent: Option<i64>,
    pub quorum_met: Option<bool>,
    /// People behind the agree position (proposal) or the winner (choice polls).
    pub support: Option<u64>,
    /// `support` as a percent of the pass base.
    pub support_percent: Option<f64>,
    pub pass_percent: Option<i64>,
    pub pass_base: String,
    /// A proposal someone blocked never passes.
    pub blocked: bool,
    pub passed: Option<bool>,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// Decides a closed poll. `voters`: who took part; `eligible`: how many may vote (`None` in a
/// public space, where anyone signed in may); `support`: people behind the agree position or
/// the winner (`None` when there is no winner, or "none of the above" won); `blocked`: a
/// proposal someone blocked. Thresholds are "at least": 50 % of 10 is met by 5. Integer
/// arithmetic, so 33 % of 3 voters needs 1 (99 >= 99), never a rounding accident.
pub fn decide(
    t: &Thresholds,
    voters: u64,
    eligible: Option<u64>,
    support: Option<u64>,
    blocked: bool,
) -> Verdict {
    let quorum_met = t.quorum_percent.and_then(|q| {
        eligible.map(|e| e > 0 && voters as u128 * 100 >= q.max(0) as u128 * e as u128)
    });
    let base = if t.pass_base == "eligible" {
        eligible
    } else {
        Some(voters)
    };
    let support_percent = support.zip(base).and_then(|(s, b)| share(s, b));
    let passed = t.pass_percent.and_then(|p| {
        if quorum_met == Some(false) || blocked {
            return Some(false);
        }
        let base = base?;
        let s = support.unwrap_or(0);
        Some(base > 0 && s > 0 && s as u128 * 100 >= p.max(0) as u128 * base as u128)
    });
    Verdict {
        voters,
        eligible,
        participation_percent: eligible.and_then(|e| share(voters, e)),
        quorum_percent: t.quorum_percent,
        quorum_met,
        support,
        support_percent,
        pass_percent: t.pass_percent,
        pass_base: t.pass_base.clone(),
        blocked,
        passed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(poll_type: &str) -> Shape {
        Shape {
            poll_type: poll_type.into(),
            method: "schulze".into(),
            min_choices: 1,
            max_choices: 2,
            score_min: 0,
            score_max: 5,
            points: 10,
            grades: 6,
            reason: "optional".into(),
            reason_max: 10,
        }
    }

    fn opts() -> Vec<Opt> {
        (1..=3)
            .map(|id| Opt { id, code: None })
            .chain([Opt {
                id: 4,
                code: Some("none".into()),
            }])
            .collect()
    }

    fn ballot(json: &str) -> Ballot {
        serde_json::from_str(json).expect("ballot json")
    }

    #[test]
    fn malformed_ballots_say_why() {
        let o = opts();
        let key = |t: &str, j: &str| check_ballot(&shape(t), &o, &ballot(j)).err().map(|e| e.key);
        assert_eq!(
            key("single_choice", r#"{"choice":9}"#),
            Some("polls-ballot-unknown-option")
        );
        assert_eq!(
            key("single_choice", r#"{"choices":[1]}"#),
            Some("polls-ballot-wrong-shape")
        );
        assert_eq!(
            key("multiple_choice", r#"{"choices":[1,2,3]}"#),
            Some("polls-ballot-too-many")
        );
        assert_eq!(
            key("multiple_choice", r#"{"choices":[1,1]}"#),
            Some("polls-ballot-duplicate")
        );
        assert_eq!(
            key("multiple_choice", r#"{"choices":[1,4]}"#),
            Some("polls-ballot-none-alone")
        );
        assert_eq!(key("multiple_choice", r#"{"choices":[4]}"#), None);
        assert_eq!(
            key("score", r#"{"scores":{"1":6}}"#),
            Some("polls-ballot-out-of-range")
        );
        assert_eq!(
            key("dot_vote", r#"{"scores":{"1":6,"2":5}}"#),
            Some("polls-ballot-too-many-points")
        );
        assert_eq!(key("dot_vote", r#"{"scores":{"1":6,"2":4}}"#), None);
        assert_eq!(
            key("ranked_choice", r#"{"ranking":[]}"#),
            Some("polls-ballot-missing")
        );
        assert_eq!(key("ranked_choice", r#"{"ranking":[2,1]}"#), None);
        assert_eq!(
            key("meeting", r#"{"scores":{"1":3}}"#),
            Some("polls-ballot-out-of-range")
        );
        assert_eq!(
            key(
                "single_choice",
                r#"{"choice":1,"reason":"far too long here"}"#
            ),
            Some("polls-ballot-reason-long")
        );
        assert_eq!(
            key("question", r#"{}"#),
            Some("polls-ballot-reason-required")
        );
        assert!(serde_json::from_str::<Ballot>(r#"{"choise":1}"#).is_err());
    }

    #[test]
    fn results_stay_hidden_until_allowed() {
        assert!(!results_visible("until_vote", Status::Open, false));
        assert!(results_visible("until_vote", Status::Open, true));
        assert!(!results_visible("until_closed", Status::Open, true));
        assert!(results_visible("until_closed", Status::Closed, false));
        assert!(results_visible("off", Status::Open, false));
        assert!(!results_visible("off", Status::Draft, true));
    }

    #[test]
    fn settings_only_tighten() {
        assert!(check_settings_change(true, false, "off", "off", false).is_err());
        assert!(check_settings_change(false, true, "off", "off", true).is_err());
        assert!(check_settings_change(false, true, "off", "off", false).is_ok());
        assert!(check_settings_change(false, false, "until_closed", "until_vote", false).is_err());
        assert!(check_settings_change(false, false, "until_vote", "until_closed", true).is_ok());
    }

    #[test]
    fn counts_come_from_agora_tally() {
        let o: Vec<Opt> = (1..=3).map(|id| Opt { id, code: None }).collect();
        let mut s = shape("ranked_choice");
        s.method = "irv".into();
        let ballots: Vec<Ballot> = ["[1,2]", "[2,1]", "[2,1]", "[3,1]", "[3,1]"]
            .iter()
            .map(|r| ballot(&format!(r#"{{"ranking":{r}}}"#)))
            .collect();
        let c = count(&s, &o, &ballots).expect("count");
        assert_eq!(c.ballots, 5);
        assert_eq!(c.values, vec![1, 2, 2]);
        assert!(c.winner.is_some());
        assert!(c.details.as_ref().is_some_and(|d| d["rounds"].is_array()));
        assert_eq!(shuffled(5, 7), shuffled(5, 7));
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(1, 0), "—");
    }

    fn thresholds(quorum: Option<i64>, pass: Option<i64>, base: &str) -> Thresholds {
        Thresholds {
            quorum_percent: quorum,
            pass_percent: pass,
            pass_base: base.into(),
        }
    }

    #[test]
    fn quorum_counts_voters_against_eligible_voters() {
        let t = thresholds(Some(50), None, "cast");
        assert_eq!(
            decide(&t, 5, Some(10), Some(3), false).quorum_met,
            Some(true)
        );
        assert_eq!(
            decide(&t, 4, Some(10), Some(3), false).quorum_met,
            Some(false)
        );
        assert_eq!(decide(&t, 0, Some(0), None, false).quorum_met, Some(false));
        // No list of eligible voters: cannot be measured.
        assert_eq!(decide(&t, 5, None, Some(3), false).quorum_met, None);
        // No quorum, no threshold: nothing to decide.
        let none = decide(&thresholds(None, None, "cast"), 5, Some(10), Some(3), false);
        assert_eq!((none.quorum_met, none.passed), (None, None));
        assert_eq!(none.participation_percent, Some(50.0));
    }

    #[test]
    fn pass_threshold_over_votes_cast_or_eligible_voters() {
        let cast = thresholds(None, Some(60), "cast");
        let v = decide(&cast, 5, Some(20), Some(3), false);
        assert_eq!((v.passed, v.support_percent), (Some(true), Some(60.0)));
        assert_eq!(
            decide(&cast, 5, Some(20), Some(2), false).passed,
            Some(false)
        );
        let eligible = thresholds(None, Some(60), "eligible");
        let v = decide(&eligible, 5, Some(20), Some(3), false);
        assert_eq!((v.passed, v.support_percent), (Some(false), Some(15.0)));
        assert_eq!(
            decide(&eligible, 12, Some(20), Some(12), false).passed,
            Some(true)
        );
        // 33 % of 3 is met by 1: integer arithmetic, no rounding.
        let third = thresholds(None, Some(33), "cast");
        assert_eq!(decide(&third, 3, None, Some(1), false).passed, Some(true));
    }

    #[test]
    fn no_quorum_blocks_and_no_winner_never_pass() {
        let t = thresholds(Some(50), Some(50), "cast");
        // Everyone who voted agrees, but too few voted.
        let v = decide(&t, 2, Some(10), Some(2), false);
        assert_eq!((v.quorum_met, v.passed), (Some(false), Some(false)));
        assert_eq!(decide(&t, 8, Some(10), Some(8), true).passed, Some(false));
        assert_eq!(decide(&t, 8, Some(10), None, false).passed, Some(false));
        assert_eq!(decide(&t, 8, Some(10), Some(8), false).passed, Some(true));
        assert!(has_pass_threshold("proposal") && has_pass_threshold("meeting"));
        assert!(!has_pass_threshold("score") && !has_pass_threshold("ranked_choice"));
    }
}
