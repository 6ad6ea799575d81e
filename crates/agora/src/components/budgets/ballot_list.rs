//! The public ballot list of a budget whose results are published: every cast ballot, named or
//! secret, with the SHA-256 of its receipt code and its projects, never its voter. A voter finds
//! their ballot by typing their receipt code; anyone can recount from the list (or from the
//! open data, which holds the same ballots).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::model::{self, ListedBallot};
use super::results;
use super::routes::{Loaded, load, load_budget};
use crate::app::AppState;
use crate::components::store::Component;
use crate::platform::organizations::Organization;
use crate::platform::secrets;
use crate::platform::spaces::Space;
use crate::web::{AppError, Ctx, render};

/// Ballots per page: Warszawa's 61,668 ballots make 124 pages.
const PER_PAGE: usize = 500;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    page: Option<usize>,
    /// A receipt code to look for.
    receipt: String,
}

/// One row: the receipt hash and the ballot's projects in words.
struct Row {
    receipt_hash: String,
    projects: String,
    /// The row of the receipt the visitor looked for.
    found: bool,
}

#[derive(Template)]
#[template(path = "components/budgets/ballots.html")]
struct BallotsView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    budget: model::Budget,
    rows: Vec<Row>,
    total: usize,
    page: usize,
    pages: usize,
    receipt: String,
    /// `Some(true)` when the receipt looked for is in the list, `Some(false)` when not.
    receipt_found: Option<bool>,
}

pub async fn ballots_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, bid)): Path<(i64, i64)>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let loaded: Loaded = load(db, ctx, cid).await?;
    let budget = load_budget(db, &loaded, bid).await?;
    // Only once the result is published: voting is over and the secret ballots are sealed.
    if results::published(db, budget.id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let list = model::ballot_list(db, budget.id).await?;
    let projects = model::projects(db, budget.id).await?;
    let wanted = query.receipt.trim();
    let wanted_hash = (!wanted.is_empty()).then(|| secrets::receipt_hash(wanted));
    let position = wanted_hash
        .as_ref()
        .and_then(|h| list.iter().position(|b| &b.receipt_hash == h));
    let pages = list.len().div_ceil(PER_PAGE).max(1);
    let page = match (position, query.page) {
        (Some(i), _) => i / PER_PAGE + 1,
        (None, Some(p)) => p.clamp(1, pages),
        (None, None) => 1,
    };
    let words = |b: &ListedBallot| {
        b.lines
            .iter()
            .map(|l| {
                let title = projects
                    .iter()
                    .find(|p| p.id == l.project_id)
                    .map_or_else(|| format!("#{}", l.project_id), |p| p.title.clone());
                match budget.rule.kind {
                    super::rules::RuleKind::Points | super::rules::RuleKind::Ranking => {
                        format!("{title} ({})", l.value)
                    }
                    _ => title,
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let rows = list
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|b| Row {
            projects: words(b),
            found: wanted_hash.as_ref() == Some(&b.receipt_hash),
            receipt_hash: b.receipt_hash.clone(),
        })
        .collect();
    render(&BallotsView {
        rows,
        total: list.len(),
        page,
        pages,
        receipt: wanted.to_string(),
        receipt_found: wanted_hash.map(|_| position.is_some()),
        budget,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}
