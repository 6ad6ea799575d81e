//! `GET /api/v1/organizations` and `GET /api/v1/organizations/{slug}`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

use super::auth::Caller;
use super::problem::Problem;
use crate::app::AppState;
use crate::db::Db;
use crate::platform::organizations::{self, Organization};

/// An organisation as the API shows it.
#[derive(Serialize)]
pub struct OrganizationDoc {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub default_locale: &'static str,
    pub available_locales: Vec<&'static str>,
    pub time_zone: String,
    pub links: OrganizationLinks,
}

#[derive(Serialize)]
pub struct OrganizationLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub spaces: String,
    /// The organisation's home page.
    pub html: String,
}

#[derive(Serialize)]
pub struct OrganizationList {
    pub organizations: Vec<OrganizationDoc>,
}

/// The API address of an organisation.
pub fn organization_url(slug: &str) -> String {
    format!("/api/v1/organizations/{slug}")
}

impl From<Organization> for OrganizationDoc {
    fn from(org: Organization) -> OrganizationDoc {
        OrganizationDoc {
            links: OrganizationLinks {
                this: organization_url(&org.slug),
                spaces: format!("/api/v1/organizations/{}/spaces", org.slug),
                html: format!("/o/{}", org.slug),
            },
            default_locale: org.default_locale.tag(),
            available_locales: org.available_locales.iter().map(|l| l.tag()).collect(),
            slug: org.slug,
            name: org.name,
            description: org.description,
            time_zone: org.time_zone,
        }
    }
}

/// May the caller see this organisation at all?
///
/// Every organisation is public for now. This is the one place a rule for private
/// organisations (members only) plugs in — every endpoint that shows an organisation or
/// anything inside one comes through here, and an invisible organisation is "not found".
pub async fn may_see(
    _db: &Db,
    _caller: &Caller,
    _organization: &Organization,
) -> Result<bool, sqlx::Error> {
    Ok(true)
}

/// The organisation with this slug, if the caller may see it; otherwise 404.
pub async fn find_visible(db: &Db, caller: &Caller, slug: &str) -> Result<Organization, Problem> {
    match organizations::find_by_slug(db, slug).await? {
        Some(org) if may_see(db, caller, &org).await? => Ok(org),
        _ => Err(Problem::not_found(format!(
            "There is no organisation {slug:?}, or you may not see it."
        ))),
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<OrganizationList>, Problem> {
    let mut organizations = Vec::new();
    for org in organizations::list(&state.db).await? {
        if may_see(&state.db, &caller, &org).await? {
            organizations.push(org.into());
        }
    }
    Ok(Json(OrganizationList { organizations }))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<OrganizationDoc>, Problem> {
    Ok(Json(find_visible(&state.db, &caller, &slug).await?.into()))
}
