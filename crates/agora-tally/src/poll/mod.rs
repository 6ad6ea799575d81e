//! Voting methods for polls.
