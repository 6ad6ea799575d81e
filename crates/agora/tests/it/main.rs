//! HTTP-level integration tests: one binary (link time matters on 2 cores), one module per
//! area. Each test boots the real application on port 0 against a fresh database: SQLite by
//! default, PostgreSQL when `AGORA_TEST_POSTGRES_URL` is set (a new database per test).

#[allow(dead_code)] // shared by every module; not each uses all of it
mod helpers;

mod accountability;
mod accounts;
mod action_log;
mod api;
mod api_write;
mod budget_secret;
mod budgets;
mod cli;
mod comments;
mod foundation;
mod generate;
mod groups;
mod journeys;
mod moderation;
mod moderation_admin;
mod my_data;
mod notify;
mod open_data;
mod organizations;
mod poll_settings;
mod polls;
mod proposal_social;
mod proposals;
mod search;
mod spaces;
mod threads;
mod uploads;
