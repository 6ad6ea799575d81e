//! Integration tests: organizations.
