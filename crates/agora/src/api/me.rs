//! `GET /api/v1/me`: the account behind the token.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use super::auth::Caller;
use super::organizations::organization_url;
use super::problem::Problem;
use super::store;
use crate::app::AppState;
use crate::platform::permissions::OrgRole;

/// The caller's account.
#[derive(Serialize)]
pub struct MeDoc {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// The language the person chose, if any (`fr`, `en`, `es`, `ca`).
    pub locale: Option<String>,
    pub is_instance_admin: bool,
    pub organizations: Vec<MembershipDoc>,
}

/// One organisation the caller belongs to, and their role in it.
#[derive(Serialize)]
pub struct MembershipDoc {
    pub slug: String,
    pub name: String,
    pub role: OrgRole,
    pub links: MembershipLinks,
}

#[derive(Serialize)]
pub struct MembershipLinks {
    pub organization: String,
}

pub async fn show(State(state): State<AppState>, caller: Caller) -> Result<Json<MeDoc>, Problem> {
    let user = caller.require_user()?;
    let organizations = store::memberships(&state.db, user.id)
        .await?
        .into_iter()
        .map(|m| MembershipDoc {
            links: MembershipLinks {
                organization: organization_url(&m.slug),
            },
            slug: m.slug,
            name: m.name,
            role: m.role,
        })
        .collect();
    Ok(Json(MeDoc {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        locale: user.locale.clone(),
        is_instance_admin: user.is_instance_admin,
        organizations,
    }))
}
