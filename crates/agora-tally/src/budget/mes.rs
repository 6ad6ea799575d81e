//! Method of Equal Shares.
use serde::{Deserialize, Serialize};
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MesExplanation {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MesRound {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionInfo {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonInfo {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Completion {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PreferenceMeasure {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MesOptions {}
pub fn mes() {}
