//! `GET /api/v1/spaces/{id}/results` and `GET /api/v1/results/{id}`: the accountability
//! component's results, with the pages' access checks and the same computed progress.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

use super::access::{visible, visible_component};
use super::auth::Caller;
use super::problem::Problem;
use crate::app::AppState;
use crate::components::accountability::model::{self, Outcome, Status, Viewer};
use crate::components::accountability::{MANIFEST, Settings};
use crate::components::loaded::Placed;
use crate::components::store::{self, Component};
use crate::platform::spaces;

#[derive(Serialize)]
pub struct Links {
    #[serde(rename = "self")]
    pub this: String,
    pub html: String,
}

#[derive(Serialize)]
pub struct StatusDoc {
    pub code: String,
    pub name: String,
}

/// A result as lists show it.
#[derive(Serialize)]
pub struct ResultSummary {
    pub id: i64,
    pub component_id: i64,
    pub parent_id: Option<i64>,
    pub reference: Option<String>,
    pub title: String,
    pub status: Option<StatusDoc>,
    /// 0–100; for a result with sub-results, computed from theirs.
    pub progress: i64,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub links: Links,
}

fn summary(r: &Outcome, progress: &HashMap<i64, i64>, statuses: &[Status]) -> ResultSummary {
    ResultSummary {
        id: r.id,
        component_id: r.component_id,
        parent_id: r.parent_id,
        reference: r.reference.clone(),
        title: r.title.clone(),
        status: r
            .status_id
            .and_then(|s| statuses.iter().find(|x| x.id == s))
            .map(|s| StatusDoc {
                code: s.code.clone(),
                name: s.name.clone(),
            }),
        progress: progress.get(&r.id).copied().unwrap_or(r.progress),
        starts_on: r.starts_on.clone(),
        ends_on: r.ends_on.clone(),
        links: Links {
            this: format!("/api/v1/results/{}", r.id),
            html: format!("/accountability/{}/{}", r.component_id, r.id),
        },
    }
}

fn settings(component: &Component) -> Settings {
    Settings::from_map(&crate::components::effective(
        &MANIFEST,
        &component.settings,
        None,
    ))
}

/// Every result of the space's published accountability components, parents first.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<ResultSummary>>, Problem> {
    let db = &state.db;
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A space id is a whole number, not {id:?}.")))?;
    let not_found =
        || Problem::not_found(format!("There is no space {id}, or you may not see it."));
    let space = spaces::find(db, id).await?.ok_or_else(not_found)?;
    visible(db, &caller, &space, not_found).await?;
    let mut out = Vec::new();
    for component in store::list_published(db, space.id)
        .await?
        .into_iter()
        .filter(|c| c.kind == MANIFEST.kind)
    {
        let results = model::all_results(db, component.id).await?;
        let statuses = model::statuses(db, component.id).await?;
        let progress = model::progress_of(db, &results, settings(&component).progress).await?;
        out.extend(results.iter().map(|r| summary(r, &progress, &statuses)));
    }
    Ok(Json(out))
}

#[derive(Serialize)]
pub struct MilestoneDoc {
    pub date: String,
    pub title: String,
    /// Markdown.
    pub text: String,
}

#[derive(Serialize)]
pub struct LinkedDoc {
    pub id: i64,
    pub title: String,
    pub html: String,
}

/// One result, with its description, sub-results, timeline and what it came from.
#[derive(Serialize)]
pub struct ResultDoc {
    #[serde(flatten)]
    pub summary: ResultSummary,
    /// Markdown.
    pub description: String,
    pub weight: Option<i64>,
    pub children: Vec<i64>,
    pub milestones: Vec<MilestoneDoc>,
    /// The linked budget projects and proposals the caller may see.
    pub projects: Vec<LinkedDoc>,
    pub proposals: Vec<LinkedDoc>,
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ResultDoc>, Problem> {
    let db = &state.db;
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A result id is a whole number, not {id:?}.")))?;
    let not_found =
        || Problem::not_found(format!("There is no result {id}, or you may not see it."));
    let result = model::find_result(db, id).await?.ok_or_else(not_found)?;
    let Placed {
        component, space, ..
    } = visible_component(
        db,
        &caller,
        result.component_id,
        MANIFEST.kind,
        None,
        not_found,
    )
    .await?;
    let results = model::all_results(db, component.id).await?;
    let statuses = model::statuses(db, component.id).await?;
    let progress = model::progress_of(db, &results, settings(&component).progress).await?;
    let viewer = Viewer::load(db, caller.user.as_ref(), space.organization_id).await?;
    let linked = |l: model::Linked| LinkedDoc {
        id: l.id,
        title: l.title,
        html: l.url,
    };
    let projects = model::linked_projects(db, space.organization_id, &result.project_ids, &viewer)
        .await?
        .into_iter()
        .map(linked)
        .collect();
    let proposals =
        model::linked_proposals(db, space.organization_id, &result.proposal_ids, &viewer)
            .await?
            .into_iter()
            .map(linked)
            .collect();
    let milestones = model::milestones(db, id)
        .await?
        .into_iter()
        .map(|m| MilestoneDoc {
            date: m.happened_on,
            title: m.title,
            text: m.body,
        })
        .collect();
    Ok(Json(ResultDoc {
        summary: summary(&result, &progress, &statuses),
        description: result.description.clone(),
        weight: result.weight,
        children: results
            .iter()
            .filter(|r| r.parent_id == Some(id))
            .map(|r| r.id)
            .collect(),
        milestones,
        projects,
        proposals,
    }))
}
