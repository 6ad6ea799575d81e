//! The shared kernel every component stands on: people, sessions, organisations, spaces,
//! roles and the one permission function.

pub mod access;
pub mod accounts;
pub mod action_log;
pub mod comments;
pub mod csv;
pub mod groups;
pub mod home;
pub mod mail;
pub mod markdown;
pub mod moderation;
pub mod notifications;
pub mod open_data;
pub mod organizations;
pub mod permissions;
pub mod rate_limit;
pub mod search;
pub mod secrets;
pub mod sessions;
pub mod spaces;
pub mod verifications;
