use serde::{Deserialize, Serialize};
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaxSupportersExplanation {}
pub fn max_supporters() {}
