//! `/o/{slug}/admin/open-data`: the licence of the organisation's open data, and a link to
//! the archive.

use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::response::Response;

use super::settings_admin::NoticeQuery;
use super::{admin_page, notice_key, read_form, unprocessable};
use crate::app::AppState;
use crate::platform::open_data::{self, LICENSES, License};
use crate::platform::organizations::Organization;
use crate::web::{AppError, Ctx, render, see_other};

#[derive(Template)]
#[template(path = "organizations/admin_open_data.html")]
struct OpenDataView {
    ctx: Ctx,
    org: Organization,
    section: &'static str,
    notice: Option<&'static str>,
    licenses: &'static [License],
    current: License,
    /// The refusal of a submitted value that is not one of the licences.
    error: bool,
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let back = format!("/o/{slug}/admin/open-data");
    let (org, ctx) = admin_page(&state, ctx, &slug, &back).await?;
    let current = open_data::license(&state.db, org.id).await?;
    render(&OpenDataView {
        ctx,
        org,
        section: "open-data",
        notice: notice_key(&query.notice()),
        licenses: LICENSES,
        current,
        error: false,
    })
}

pub(super) async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let back = format!("/o/{slug}/admin/open-data");
    let (org, ctx) = admin_page(&state, ctx, &slug, &back).await?;
    let pairs: Vec<(String, String)> = read_form(&state, request).await?;
    let chosen = pairs
        .iter()
        .find(|(k, _)| k == "license")
        .map(|(_, v)| v.trim())
        .unwrap_or_default();
    let Some(license) = License::parse(chosen) else {
        // Not one of the choices (a forged form): the page again, with the refusal, unchanged.
        let current = open_data::license(&state.db, org.id).await?;
        return unprocessable(render(&OpenDataView {
            ctx,
            org,
            section: "open-data",
            notice: None,
            licenses: LICENSES,
            current,
            error: true,
        }));
    };
    let actor = ctx.user().map(|u| u.id).ok_or(AppError::Forbidden)?;
    open_data::set_license(
        &state.db,
        org.id,
        actor,
        license,
        &state.config.open_data_dir,
    )
    .await?;
    Ok(see_other(&format!("{back}?notice=saved")))
}
