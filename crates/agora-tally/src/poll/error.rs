//! Errors of the poll voting methods.
//!
//! Every error is data (`Serialize`) so that the platform can word it in the reader's language; the
//! `Display` impl is the English wording used by the command line.

use serde::Serialize;
use std::fmt;

use super::OptionId;

/// Anything that stops a poll from being tallied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PollError {
    /// One ballot is invalid. `index` is the 0-based position of the ballot in the input list
    /// (for a ballot file: in its `"ballots"` array).
    Ballot {
        index: usize,
        problem: BallotProblem,
    },
    /// The poll itself (options, settings) is invalid, whatever the ballots.
    Poll { problem: PollProblem },
    /// The ballot file could not be read.
    Io { path: String, message: String },
    /// The ballot file is not valid JSON or does not have the documented shape.
    Format { message: String },
}

/// What is wrong with one ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BallotProblem {
    /// An option index outside `0..options`.
    UnknownOption { option: OptionId, options: usize },
    /// An option name (ballot file) that is not among the poll's options.
    UnknownOptionName { name: String },
    /// The same option appears twice (a duplicate rank, a duplicate approval, two scores...).
    DuplicateOption { option: OptionId },
    /// An option name (ballot file) that appears twice in one ballot.
    DuplicateOptionName { name: String },
    /// A ranked ballot that ranks nothing.
    EmptyRanking,
    /// Fewer options chosen than the poll requires.
    TooFewChoices { min: usize, got: usize },
    /// More options chosen than the poll allows.
    TooManyChoices { max: usize, got: usize },
    /// A score outside the poll's range.
    ScoreOutOfRange {
        option: OptionId,
        score: i64,
        min: i64,
        max: i64,
    },
    /// A grade index outside the poll's grade scale.
    UnknownGrade { option: OptionId, grade: usize },
    /// A grade name (ballot file) that is not on the poll's grade scale.
    UnknownGradeName { name: String },
    /// A dot-vote ballot spends more points than each voter has.
    TooManyPoints { budget: u64, got: u64 },
    /// A dot-vote ballot must spend all its points and does not.
    TooFewPoints { budget: u64, got: u64 },
    /// A dot-vote ballot puts more points on one option than allowed.
    TooManyPointsOnOption {
        option: OptionId,
        max: u64,
        got: u64,
    },
    /// A field this method needs is missing from the ballot (ballot file), e.g. `ranking`.
    MissingField { field: String },
    /// A value in the ballot has the wrong shape (ballot file), e.g. an unknown position.
    InvalidValue { field: String, message: String },
}

/// What is wrong with the poll as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PollProblem {
    /// A poll needs at least one option.
    NoOptions,
    /// More options than [`super::MAX_OPTIONS`].
    TooManyOptions { max: usize, got: usize },
    /// Two options with the same name (ballot file).
    DuplicateOptionName { name: String },
    /// The sum of ballot counts is above [`super::MAX_TOTAL_WEIGHT`].
    TooManyBallots { max: u64 },
    /// STV needs `1 <= seats <= options`.
    InvalidSeats { seats: usize, options: usize },
    /// Approval limits with `min > max` or `max > options`.
    InvalidChoiceLimits { min: usize, max: Option<usize> },
    /// Score range with `min > max` or outside ±[`super::MAX_SCORE_ABS`].
    InvalidScoreRange { min: i64, max: i64 },
    /// Majority judgment needs at least one grade (and at most 1000).
    InvalidGradeScale { grades: usize },
    /// Two grades with the same name (ballot file).
    DuplicateGradeName { name: String },
    /// Dot vote budget must be in `1..=`[`super::MAX_DOT_BUDGET`].
    InvalidPointBudget { budget: u64 },
    /// A pass threshold above 100 %.
    InvalidThreshold { percent: u32 },
    /// No method given, neither in the file nor by the caller.
    MissingMethod,
    /// A method name that is not known.
    UnknownMethod { name: String },
    /// A setting this method needs is missing (ballot file), e.g. `seats` for STV.
    MissingSetting { name: String },
}

impl PollError {
    pub(crate) fn ballot(index: usize, problem: BallotProblem) -> Self {
        PollError::Ballot { index, problem }
    }
    pub(crate) fn poll(problem: PollProblem) -> Self {
        PollError::Poll { problem }
    }
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PollError::Ballot { index, problem } => write!(f, "ballot #{index}: {problem}"),
            PollError::Poll { problem } => write!(f, "invalid poll: {problem}"),
            PollError::Io { path, message } => write!(f, "cannot read {path}: {message}"),
            PollError::Format { message } => write!(f, "invalid ballot file: {message}"),
        }
    }
}

impl fmt::Display for BallotProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use BallotProblem::*;
        match self {
            UnknownOption { option, options } => write!(
                f,
                "unknown option {option} (the poll has options 0 to {})",
                options.saturating_sub(1)
            ),
            UnknownOptionName { name } => write!(f, "unknown option {name:?}"),
            DuplicateOption { option } => write!(f, "option {option} appears more than once"),
            DuplicateOptionName { name } => write!(f, "option {name:?} appears more than once"),
            EmptyRanking => write!(f, "the ranking is empty"),
            TooFewChoices { min, got } => write!(f, "{got} options chosen, at least {min} needed"),
            TooManyChoices { max, got } => write!(f, "{got} options chosen, at most {max} allowed"),
            ScoreOutOfRange {
                option,
                score,
                min,
                max,
            } => write!(
                f,
                "score {score} for option {option} is outside {min}..={max}"
            ),
            UnknownGrade { option, grade } => {
                write!(f, "grade {grade} for option {option} is not on the scale")
            }
            UnknownGradeName { name } => write!(f, "unknown grade {name:?}"),
            TooManyPoints { budget, got } => {
                write!(f, "{got} points given, at most {budget} allowed")
            }
            TooFewPoints { budget, got } => {
                write!(f, "{got} points given, exactly {budget} required")
            }
            TooManyPointsOnOption { option, max, got } => write!(
                f,
                "{got} points on option {option}, at most {max} per option"
            ),
            MissingField { field } => write!(f, "missing field {field:?}"),
            InvalidValue { field, message } => write!(f, "invalid {field:?}: {message}"),
        }
    }
}

impl fmt::Display for PollProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PollProblem::*;
        match self {
            NoOptions => write!(f, "the poll has no options"),
            TooManyOptions { max, got } => write!(f, "{got} options, at most {max} supported"),
            DuplicateOptionName { name } => write!(f, "option {name:?} is listed twice"),
            TooManyBallots { max } => write!(f, "the ballot counts add up to more than {max}"),
            InvalidSeats { seats, options } => {
                write!(
                    f,
                    "{seats} seats for {options} options (need 1 to {options})"
                )
            }
            InvalidChoiceLimits { min, max } => match max {
                Some(max) => write!(f, "invalid choice limits: min {min}, max {max}"),
                None => write!(f, "invalid choice limits: min {min}"),
            },
            InvalidScoreRange { min, max } => write!(f, "invalid score range {min}..={max}"),
            InvalidGradeScale { grades } => write!(f, "invalid grade scale of {grades} grades"),
            DuplicateGradeName { name } => write!(f, "grade {name:?} is listed twice"),
            InvalidPointBudget { budget } => write!(f, "invalid point budget {budget}"),
            InvalidThreshold { percent } => write!(f, "invalid pass threshold {percent} %"),
            MissingMethod => write!(f, "no voting method given"),
            UnknownMethod { name } => write!(f, "unknown voting method {name:?}"),
            MissingSetting { name } => write!(f, "missing setting {name:?}"),
        }
    }
}

impl std::error::Error for PollError {}
