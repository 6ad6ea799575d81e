//! The ballot file (JSON, documented in `crates/agora-tally/POLL_FORMAT.md`) and the report the
//! command line prints.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::marker::PhantomData;
use std::path::Path;

use super::{
    ApprovalBallot, ApprovalResult, ApprovalRules, Availability, BallotProblem, BordaResult,
    ChoiceBallot, DotBallot, DotResult, DotRules, GradeBallot, IrvResult, IrvTieBreak,
    MeetingBallot, MeetingResult, MjResult, OptionId, PluralityResult, PollError, PollProblem,
    Position, ProposalBallot, ProposalOutcome, ProposalResult, ProposalRules, RankedBallot,
    Ranking, SchulzeResult, ScoreBallot, ScoreRankBy, ScoreResult, ScoreRules, Seen, StvAction,
    StvResult, Winner,
};

/// A voting method, as named in ballot files (`"method"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    Plurality,
    Approval,
    Score,
    Borda,
    InstantRunoff,
    Schulze,
    Stv,
    MajorityJudgment,
    DotVote,
    Proposal,
    Meeting,
}

impl Method {
    /// Every method, in documentation order.
    pub const ALL: [Method; 11] = [
        Method::Plurality,
        Method::Approval,
        Method::Score,
        Method::Borda,
        Method::InstantRunoff,
        Method::Schulze,
        Method::Stv,
        Method::MajorityJudgment,
        Method::DotVote,
        Method::Proposal,
        Method::Meeting,
    ];

    /// Parses a method name or alias (case-insensitive, `_` same as `-`).
    pub fn parse(name: &str) -> Option<Method> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match name.as_str() {
            "plurality" | "single-choice" => Method::Plurality,
            "approval" | "multiple-choice" => Method::Approval,
            "score" => Method::Score,
            "borda" => Method::Borda,
            "instant-runoff" | "irv" => Method::InstantRunoff,
            "schulze" => Method::Schulze,
            "stv" => Method::Stv,
            "majority-judgment" | "mj" => Method::MajorityJudgment,
            "dot-vote" | "dot" => Method::DotVote,
            "proposal" | "consent" => Method::Proposal,
            "meeting" | "meeting-time" => Method::Meeting,
            _ => return None,
        })
    }

    /// The canonical name used in files and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Method::Plurality => "plurality",
            Method::Approval => "approval",
            Method::Score => "score",
            Method::Borda => "borda",
            Method::InstantRunoff => "instant-runoff",
            Method::Schulze => "schulze",
            Method::Stv => "stv",
            Method::MajorityJudgment => "majority-judgment",
            Method::DotVote => "dot-vote",
            Method::Proposal => "proposal",
            Method::Meeting => "meeting",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Method::Plurality => "Plurality (single choice)",
            Method::Approval => "Approval (multiple choice)",
            Method::Score => "Score voting",
            Method::Borda => "Borda count",
            Method::InstantRunoff => "Instant-runoff voting",
            Method::Schulze => "Schulze method",
            Method::Stv => "Single transferable vote",
            Method::MajorityJudgment => "Majority judgment",
            Method::DotVote => "Dot vote",
            Method::Proposal => "Proposal",
            Method::Meeting => "Meeting poll",
        }
    }
}

/// The result of any method.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PollResult {
    Plurality(PluralityResult),
    Approval(ApprovalResult),
    Score(ScoreResult),
    Borda(BordaResult),
    InstantRunoff(IrvResult),
    Schulze(SchulzeResult),
    Stv(StvResult),
    MajorityJudgment(MjResult),
    DotVote(DotResult),
    Proposal(ProposalResult),
    Meeting(MeetingResult),
}

/// A tallied ballot file: the method, the option names, and the method's result (which refers to
/// options by index into `options`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollReport {
    pub method: Method,
    pub options: Vec<String>,
    /// The grade scale (majority judgment only), worst first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grades: Option<Vec<String>>,
    pub result: PollResult,
}

/// Reads a ballot file and tallies it. `method` (e.g. from a command-line flag) overrides the
/// file's `"method"`.
pub fn tally_poll_file(path: &Path, method: Option<&str>) -> Result<PollReport, PollError> {
    let text = std::fs::read_to_string(path).map_err(|e| PollError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    tally_poll_json(&text, method)
}

/// Tallies a ballot file given as text. `method` overrides the file's `"method"`.
pub fn tally_poll_json(text: &str, method: Option<&str>) -> Result<PollReport, PollError> {
    let file: PollFile = serde_json::from_str(text).map_err(|e| PollError::Format {
        message: e.to_string(),
    })?;
    let name = method
        .or(file.method.as_deref())
        .ok_or(PollError::poll(PollProblem::MissingMethod))?;
    let method = Method::parse(name).ok_or_else(|| {
        PollError::poll(PollProblem::UnknownMethod {
            name: name.to_string(),
        })
    })?;
    file.tally(method)
}

/// The JSON ballot file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PollFile {
    method: Option<String>,
    #[serde(default)]
    options: Vec<String>,
    ballots: Vec<RawBallot>,
    seats: Option<usize>,
    min_choices: Option<usize>,
    max_choices: Option<usize>,
    score_min: Option<i64>,
    score_max: Option<i64>,
    rank_by: Option<ScoreRankBy>,
    grades: Option<Vec<String>>,
    points: Option<u64>,
    exact_points: Option<bool>,
    max_points_per_option: Option<u64>,
    tie_break: Option<IrvTieBreak>,
    quorum: Option<u64>,
    pass_threshold_percent: Option<u32>,
}

/// One ballot of the file: the fields of every method, the method picks its own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBallot {
    count: Option<u64>,
    choice: Option<String>,
    approve: Option<Vec<String>>,
    ranking: Option<Vec<String>>,
    scores: Option<Pairs<i64>>,
    grades: Option<Pairs<GradeRef>>,
    points: Option<Pairs<u64>>,
    position: Option<String>,
    answers: Option<Pairs<String>>,
}

/// A JSON object read as a list of pairs, keeping duplicate keys (so they can be reported).
#[derive(Debug)]
struct Pairs<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object mapping option names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    pairs.push(entry);
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(PairsVisitor(PhantomData))
    }
}

/// A grade given by name or by index (0 = worst).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum GradeRef {
    Index(usize),
    Name(String),
}

/// Option (or grade) names to indices. Also catches an option named twice in one ballot, so
/// that the error can give its name.
struct Names<'a> {
    index: HashMap<&'a str, OptionId>,
    /// Ballot being converted, and the options it named so far.
    current: Cell<Option<usize>>,
    seen: RefCell<Seen>,
}

impl<'a> Names<'a> {
    fn new(names: &'a [String], dup: impl Fn(String) -> PollProblem) -> Result<Self, PollError> {
        let mut index = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            if index.insert(name.as_str(), i).is_some() {
                return Err(PollError::poll(dup(name.clone())));
            }
        }
        Ok(Names {
            index,
            current: Cell::new(None),
            seen: RefCell::new(Seen::new(names.len())),
        })
    }

    /// The index of option `name` in ballot `ballot` (ballots are converted in order).
    fn option(&self, ballot: usize, name: &str) -> Result<OptionId, PollError> {
        let o = self.index.get(name).copied().ok_or_else(|| {
            PollError::ballot(
                ballot,
                BallotProblem::UnknownOptionName {
                    name: name.to_string(),
                },
            )
        })?;
        let mut seen = self.seen.borrow_mut();
        if self.current.get() != Some(ballot) {
            self.current.set(Some(ballot));
            seen.next_ballot();
        }
        seen.insert(o).map_err(|_| {
            PollError::ballot(
                ballot,
                BallotProblem::DuplicateOptionName {
                    name: name.to_string(),
                },
            )
        })?;
        Ok(o)
    }
}

fn missing(ballot: usize, field: &str) -> PollError {
    PollError::ballot(
        ballot,
        BallotProblem::MissingField {
            field: field.to_string(),
        },
    )
}

fn setting<T>(value: Option<T>, name: &str) -> Result<T, PollError> {
    value.ok_or_else(|| {
        PollError::poll(PollProblem::MissingSetting {
            name: name.to_string(),
        })
    })
}

/// Converts each ballot with `f`, which gets the ballot's index and count.
fn convert<T>(
    ballots: &[RawBallot],
    mut f: impl FnMut(usize, &RawBallot, u64) -> Result<T, PollError>,
) -> Result<Vec<T>, PollError> {
    ballots
        .iter()
        .enumerate()
        .map(|(i, b)| f(i, b, b.count.unwrap_or(1)))
        .collect()
}

impl PollFile {
    fn tally(self, method: Method) -> Result<PollReport, PollError> {
        let names = Names::new(&self.options, |name| PollProblem::DuplicateOptionName {
            name,
        })?;
        let n = self.options.len();
        let ranked = || {
            convert(&self.ballots, |i, b, count| {
                let ranking = b.ranking.as_ref().ok_or_else(|| missing(i, "ranking"))?;
                let ranking = ranking
                    .iter()
                    .map(|name| names.option(i, name))
                    .collect::<Result<_, _>>()?;
                Ok(RankedBallot { ranking, count })
            })
        };
        let mut grades_out = None;
        let result = match method {
            Method::Plurality => {
                let ballots = convert(&self.ballots, |i, b, count| {
                    let choice = b.choice.as_deref().ok_or_else(|| missing(i, "choice"))?;
                    Ok(ChoiceBallot {
                        choice: names.option(i, choice)?,
                        count,
                    })
                })?;
                PollResult::Plurality(super::plurality(n, &ballots)?)
            }
            Method::Approval => {
                let ballots = convert(&self.ballots, |i, b, count| {
                    let approved = b.approve.as_ref().ok_or_else(|| missing(i, "approve"))?;
                    let approved = approved
                        .iter()
                        .map(|name| names.option(i, name))
                        .collect::<Result<_, _>>()?;
                    Ok(ApprovalBallot { approved, count })
                })?;
                let rules = ApprovalRules {
                    min: self.min_choices.unwrap_or(0),
                    max: self.max_choices,
                };
                PollResult::Approval(super::approval(n, &ballots, &rules)?)
            }
            Method::Score => {
                let ballots = convert(&self.ballots, |i, b, count| {
                    let scores = b.scores.as_ref().ok_or_else(|| missing(i, "scores"))?;
                    let scores = scores
                        .0
                        .iter()
                        .map(|(name, s)| Ok((names.option(i, name)?, *s)))
                        .collect::<Result<_, PollError>>()?;
                    Ok(ScoreBallot { scores, count })
                })?;
                let rules = ScoreRules {
                    min: self.score_min.unwrap_or(0),
                    max: setting(self.score_max, "score_max")?,
                    rank_by: self.rank_by.unwrap_or_default(),
                };
                PollResult::Score(super::score(n, &ballots, &rules)?)
            }
            Method::Borda => PollResult::Borda(super::borda(n, &ranked()?)?),
            Method::InstantRunoff => PollResult::InstantRunoff(super::instant_runoff(
                n,
                &ranked()?,
                self.tie_break.unwrap_or_default(),
            )?),
            Method::Schulze => PollResult::Schulze(super::schulze(n, &ranked()?)?),
            Method::Stv => {
                let seats = setting(self.seats, "seats")?;
                PollResult::Stv(super::stv(n, &ranked()?, seats)?)
            }
            Method::MajorityJudgment => {
                let scale = setting(self.grades.clone(), "grades")?;
                let grade_names =
                    Names::new(&scale, |name| PollProblem::DuplicateGradeName { name })?;
                let ballots = convert(&self.ballots, |i, b, count| {
                    let grades = b.grades.as_ref().ok_or_else(|| missing(i, "grades"))?;
                    let grades = grades
                        .0
                        .iter()
                        .map(|(name, g)| {
                            let grade = match g {
                                GradeRef::Index(g) => *g,
                                GradeRef::Name(g) => {
                                    grade_names.index.get(g.as_str()).copied().ok_or_else(|| {
                                        PollError::ballot(
                                            i,
                                            BallotProblem::UnknownGradeName { name: g.clone() },
                                        )
                                    })?
                                }
                            };
                            Ok((names.option(i, name)?, grade))
                        })
                        .collect::<Result<_, PollError>>()?;
                    Ok(GradeBallot { grades, count })
                })?;
                let result = super::majority_judgment(n, scale.len(), &ballots)?;
                grades_out = Some(scale);
                PollResult::MajorityJudgment(result)
            }
            Method::DotVote => {
                let ballots = convert(&self.ballots, |i, b, count| {
                    let points = b.points.as_ref().ok_or_else(|| missing(i, "points"))?;
                    let points = points
                        .0
                        .iter()
                        .map(|(name, p)| Ok((names.option(i, name)?, *p)))
                        .collect::<Result<_, PollError>>()?;
                    Ok(DotBallot { points, count })
                })?;
                let rules = DotRules {
                    budget: setting(self.points, "points")?,
                    exact: self.exact_points.unwrap_or(false),
                    max_per_option: self.max_points_per_option,
                };
                PollResult::DotVote(super::dot_vote(n, &ballots, &rules)?)
            }
            Method::Proposal => {
                let ballots = convert(&self.ballots, |i, b, count| {
                    let position = b
                        .position
                        .as_deref()
                        .ok_or_else(|| missing(i, "position"))?;
                    let position = match position.trim().to_ascii_lowercase().as_str() {
                        "agree" => Position::Agree,
                        "abstain" => Position::Abstain,
                        "disagree" => Position::Disagree,
                        "block" => Position::Block,
                        other => {
                            return Err(PollError::ballot(
                                i,
                                BallotProblem::InvalidValue {
                                    field: "position".to_string(),
                                    message: format!(
                                        "{other:?} is not agree, abstain, disagree or block"
                                    ),
                                },
                            ));
                        }
                    };
                    Ok(ProposalBallot { position, count })
                })?;
                let rules = ProposalRules {
                    quorum: self.quorum,
                    pass_threshold_percent: self.pass_threshold_percent.unwrap_or(50),
                };
                PollResult::Proposal(super::proposal(&ballots, &rules)?)
            }
            Method::Meeting => {
                let ballots = convert(&self.ballots, |i, b, count| {
                    let answers = b.answers.as_ref().ok_or_else(|| missing(i, "answers"))?;
                    let answers = answers
                        .0
                        .iter()
                        .map(|(name, a)| {
                            let a = match a.trim().to_ascii_lowercase().as_str() {
                                "yes" => Availability::Yes,
                                "maybe" => Availability::Maybe,
                                "no" => Availability::No,
                                other => {
                                    return Err(PollError::ballot(
                                        i,
                                        BallotProblem::InvalidValue {
                                            field: "answers".to_string(),
                                            message: format!("{other:?} is not yes, maybe or no"),
                                        },
                                    ));
                                }
                            };
                            Ok((names.option(i, name)?, a))
                        })
                        .collect::<Result<_, PollError>>()?;
                    Ok(MeetingBallot { answers, count })
                })?;
                PollResult::Meeting(super::meeting(n, &ballots)?)
            }
        };
        Ok(PollReport {
            method,
            options: self.options,
            grades: grades_out,
            result,
        })
    }
}

impl PollReport {
    /// The report as JSON data (what [`serde::Serialize`] gives).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }))
    }

    /// The ranking, best first, if the method ranks options.
    pub fn ranking(&self) -> Option<&Ranking> {
        Some(match &self.result {
            PollResult::Plurality(r) => &r.ranking,
            PollResult::Approval(r) => &r.ranking,
            PollResult::Score(r) => &r.ranking,
            PollResult::Borda(r) => &r.ranking,
            PollResult::InstantRunoff(r) => &r.ranking,
            PollResult::Schulze(r) => &r.ranking,
            PollResult::Stv(r) => &r.ranking,
            PollResult::MajorityJudgment(r) => &r.ranking,
            PollResult::DotVote(r) => &r.ranking,
            PollResult::Meeting(r) => &r.ranking,
            PollResult::Proposal(_) => return None,
        })
    }

    /// The single winner, for single-winner methods.
    pub fn winner(&self) -> Option<Winner> {
        Some(match &self.result {
            PollResult::Plurality(r) => r.winner,
            PollResult::Approval(r) => r.winner,
            PollResult::Score(r) => r.winner,
            PollResult::Borda(r) => r.winner,
            PollResult::InstantRunoff(r) => r.winner,
            PollResult::Schulze(r) => r.winner,
            PollResult::MajorityJudgment(r) => r.winner,
            PollResult::DotVote(r) => r.winner,
            PollResult::Meeting(r) => r.winner,
            PollResult::Stv(_) | PollResult::Proposal(_) => return None,
        })
    }

    fn name(&self, o: OptionId) -> String {
        self.options
            .get(o)
            .cloned()
            .unwrap_or_else(|| format!("option {o}"))
    }

    /// A plain English summary, for the command line.
    pub fn to_text(&self) -> String {
        let mut t = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_text(&mut t);
        t
    }

    fn write_text(&self, t: &mut String) -> fmt::Result {
        writeln!(t, "{}", self.method.title())?;
        let names = |os: &[OptionId]| {
            os.iter()
                .map(|&o| self.name(o))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let per_option = |t: &mut String, label: &str, values: &dyn Fn(OptionId) -> String| {
            writeln!(t, "{label}:")?;
            for o in 0..self.options.len() {
                writeln!(t, "  {}: {}", self.name(o), values(o))?;
            }
            Ok::<(), fmt::Error>(())
        };
        match &self.result {
            PollResult::Plurality(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                per_option(t, "Votes", &|o| r.votes[o].to_string())?;
            }
            PollResult::Approval(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                per_option(t, "Approvals", &|o| r.approvals[o].to_string())?;
            }
            PollResult::Score(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                let by = match r.rank_by {
                    ScoreRankBy::Sum => "sum",
                    ScoreRankBy::Mean => "mean",
                };
                writeln!(t, "Ranked by {by} of scores.")?;
                per_option(t, "Scores", &|o| {
                    let s = &r.options[o];
                    match s.mean {
                        Some(mean) => {
                            format!("sum {}, mean {mean:.2} ({} scored)", s.sum, s.scored_by)
                        }
                        None => "not scored".to_string(),
                    }
                })?;
            }
            PollResult::Borda(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                per_option(t, "Borda points", &|o| r.points[o].to_string())?;
            }
            PollResult::InstantRunoff(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                for round in &r.rounds {
                    let votes = round
                        .votes
                        .iter()
                        .enumerate()
                        .filter_map(|(o, v)| v.map(|v| format!("{} {v}", self.name(o))))
                        .collect::<Vec<_>>()
                        .join(", ");
                    writeln!(
                        t,
                        "Round {}: {votes}; exhausted {}",
                        round.round, round.exhausted
                    )?;
                    if !round.eliminated.is_empty() {
                        let why = match &round.reason {
                            Some(super::EliminationReason::TieBrokenByEarlierRound {
                                tied,
                                round,
                            }) => {
                                format!(
                                    " (tied with {}: fewer votes in round {round})",
                                    names(tied)
                                )
                            }
                            Some(super::EliminationReason::TieBrokenByOptionOrder { tied }) => {
                                format!(" (tied with {} in every round: listed last)", names(tied))
                            }
                            Some(super::EliminationReason::TiedForFewestVotes) => {
                                " (tied for fewest votes)".to_string()
                            }
                            _ => " (fewest votes)".to_string(),
                        };
                        writeln!(t, "  eliminated: {}{why}", names(&round.eliminated))?;
                    }
                    if !round.elected.is_empty() {
                        writeln!(t, "  elected: {}", names(&round.elected))?;
                    }
                }
            }
            PollResult::Schulze(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                writeln!(t, "Pairwise preferences (row over column):")?;
                write_matrix(t, &r.pairwise)?;
                writeln!(t, "Strongest paths:")?;
                write_matrix(t, &r.strongest_paths)?;
                for o in 0..self.options.len() {
                    writeln!(t, "  [{o}] {}", self.name(o))?;
                }
            }
            PollResult::Stv(r) => {
                writeln!(t, "Variant: {}", r.variant)?;
                writeln!(
                    t,
                    "Ballots: {}, seats: {}, quota: {}",
                    r.ballots, r.seats, r.quota
                )?;
                for round in &r.rounds {
                    let what = match &round.action {
                        StvAction::FirstPreferences => "first preferences".to_string(),
                        StvAction::Surplus {
                            from,
                            surplus,
                            transfer_value,
                            ..
                        } => format!(
                            "surplus of {} ({surplus}) transferred at {transfer_value}",
                            self.name(*from)
                        ),
                        StvAction::Exclusion { excluded, .. } => {
                            format!("{} excluded", self.name(*excluded))
                        }
                    };
                    let votes = round
                        .votes
                        .iter()
                        .enumerate()
                        .map(|(o, v)| format!("{} {v}", self.name(o)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    writeln!(t, "Round {}: {what}", round.round)?;
                    writeln!(
                        t,
                        "  {votes}; exhausted {}; lost to rounding {}",
                        round.exhausted, round.lost_to_rounding
                    )?;
                    if !round.elected.is_empty() {
                        writeln!(t, "  elected (quota reached): {}", names(&round.elected))?;
                    }
                    if !round.elected_as_remaining.is_empty() {
                        writeln!(
                            t,
                            "  elected (as many left as seats): {}",
                            names(&round.elected_as_remaining)
                        )?;
                    }
                }
                writeln!(t, "Elected: {}", names(&r.elected))?;
            }
            PollResult::MajorityJudgment(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                let grade = |g: usize| {
                    self.grades
                        .as_ref()
                        .and_then(|s| s.get(g).cloned())
                        .unwrap_or_else(|| format!("grade {g}"))
                };
                per_option(t, "Majority grades", &|o| {
                    let m = &r.options[o];
                    let dist = m
                        .distribution
                        .iter()
                        .enumerate()
                        .map(|(g, c)| format!("{} {c}", grade(g)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    format!(
                        "{} ({} above, {} below; {dist})",
                        grade(m.median),
                        m.above_median,
                        m.below_median
                    )
                })?;
            }
            PollResult::DotVote(r) => {
                writeln!(
                    t,
                    "Ballots: {}, points given: {}",
                    r.ballots, r.total_points
                )?;
                per_option(t, "Points", &|o| r.points[o].to_string())?;
            }
            PollResult::Meeting(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                per_option(t, "Answers", &|o| {
                    let s = &r.slots[o];
                    format!(
                        "score {} (yes {}, maybe {}, no {}, no answer {})",
                        s.score, s.yes, s.maybe, s.no, s.no_answer
                    )
                })?;
            }
            PollResult::Proposal(r) => {
                writeln!(t, "Ballots: {}", r.ballots)?;
                let p = &r.percentages;
                writeln!(t, "  agree: {} ({:.1} %)", r.agree, p.agree)?;
                writeln!(t, "  abstain: {} ({:.1} %)", r.abstain, p.abstain)?;
                writeln!(t, "  disagree: {} ({:.1} %)", r.disagree, p.disagree)?;
                writeln!(t, "  block: {} ({:.1} %)", r.block, p.block)?;
                let outcome = match r.outcome {
                    ProposalOutcome::NoVotes => "no votes".to_string(),
                    ProposalOutcome::NoQuorum { ballots, quorum } => {
                        format!("no quorum ({ballots} ballots, {quorum} needed)")
                    }
                    ProposalOutcome::Blocked { blocks } => format!(
                        "BLOCKED by {blocks} {} (agreement threshold {}met)",
                        if blocks == 1 { "voter" } else { "voters" },
                        if r.agreement_reached { "" } else { "not " }
                    ),
                    ProposalOutcome::Passed => "passed".to_string(),
                    ProposalOutcome::NotPassed => "not passed".to_string(),
                };
                writeln!(t, "Outcome: {outcome}")?;
                if r.blocked && !matches!(r.outcome, ProposalOutcome::Blocked { .. }) {
                    writeln!(t, "Note: {} voter(s) blocked.", r.block)?;
                }
            }
        }
        if let Some(ranking) = self.ranking() {
            writeln!(t, "Ranking:")?;
            for (i, tier) in ranking.iter().enumerate() {
                let tied = if tier.len() > 1 { " (tied)" } else { "" };
                writeln!(t, "  {}. {}{tied}", i + 1, names(tier))?;
            }
        }
        if let Some(w) = self.winner() {
            let how = if w.tie_broken {
                " (tie broken by the method's tie rule)"
            } else {
                ""
            };
            writeln!(t, "Winner: {}{how}", self.name(w.option))?;
        }
        Ok(())
    }
}

fn write_matrix(t: &mut String, m: &[Vec<u64>]) -> fmt::Result {
    let width = m
        .iter()
        .flatten()
        .map(|v| v.to_string().len())
        .max()
        .unwrap_or(1)
        .max(m.len().to_string().len() + 2);
    write!(t, "  {:>w$}", "", w = width)?;
    for j in 0..m.len() {
        write!(t, " {:>w$}", format!("[{j}]"), w = width)?;
    }
    writeln!(t)?;
    for (i, row) in m.iter().enumerate() {
        write!(t, "  {:>w$}", format!("[{i}]"), w = width)?;
        for (j, v) in row.iter().enumerate() {
            if i == j {
                write!(t, " {:>w$}", "-", w = width)?;
            } else {
                write!(t, " {v:>w$}", w = width)?;
            }
        }
        writeln!(t)?;
    }
    Ok(())
}
