//! Decision algorithms for agora: pure functions, no database, no async.
//!
//! - [`pabulib`]: read and write Pabulib `.pb` files (participatory-budgeting elections).
//! - [`budget`]: participatory-budgeting rules (greedy, Method of Equal Shares, Phragmén, max supporters).
//! - [`report`]: tally a `.pb` file for the CLI (`tally_pb_file`, text and JSON).
//! - [`poll`]: voting methods for polls (plurality, approval, score, Borda, IRV, Schulze, STV, ...).

pub mod budget;
pub mod pabulib;
pub mod poll;
pub mod report;
