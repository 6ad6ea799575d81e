use serde::{Deserialize, Serialize};
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhragmenExplanation {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhragmenRound {}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhragmenStop {}
pub fn phragmen() {}
