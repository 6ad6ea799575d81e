//! agora: a platform for participatory democracy and collective decisions.
//!
//! Data flows one way: HTTP request → handler (parses, checks permission with
//! [`platform::permissions::permits`]) → model rules (pure) → store (SQL) → view (template).

pub mod api;
pub mod app;
pub mod cli;
pub mod cli_budget_results;
mod cli_tally;
pub mod components;
pub mod config;
pub mod db;
pub mod demo;
pub mod generate;
pub mod generate_budget;
pub mod generate_polls;
pub mod generate_thread;
pub mod i18n;
pub mod metrics;
pub mod platform;
pub mod web;
