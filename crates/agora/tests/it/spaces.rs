//! Integration tests: spaces.
