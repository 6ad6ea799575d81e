//! The census pages: `/o/{slug}/verification` (a person verifies) and
//! `/o/{slug}/admin/census` (the organisation's admins upload census entries).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::{Verified, VerifyError};
use crate::app::AppState;
use crate::platform::organizations::{self, Organization};
use crate::platform::{access, rate_limit};
use crate::web::{AppError, Ctx, Form, render, see_other};

/// Verification attempts per person, and per client address, in a rate-limit window.
const ATTEMPTS_PER_PERSON: i64 = 10;
const ATTEMPTS_PER_IP: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/o/{slug}/verification",
            get(verification_page).post(verify),
        )
        .route(
            "/o/{slug}/admin/census",
            get(census_page).post(upload_census),
        )
}

#[derive(Template)]
#[template(path = "verifications/verify.html")]
struct VerifyView {
    ctx: Ctx,
    org: Organization,
    verified: Option<Verified>,
    age: i64,
    error: Option<String>,
    birth_date: String,
}

async fn org_of(state: &AppState, slug: &str) -> Result<Organization, AppError> {
    organizations::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

async fn verify_view(
    state: &AppState,
    ctx: Ctx,
    org: Organization,
    error: Option<String>,
    birth_date: String,
) -> Result<VerifyView, AppError> {
    let user = ctx.require_user()?.id;
    let verified = super::find(&state.db, org.id, user).await?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok(VerifyView {
        age: verified.as_ref().map_or(0, Verified::age),
        ctx,
        org,
        verified,
        error,
        birth_date,
    })
}

async fn verification_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org_of(&state, &slug).await?;
    render(&verify_view(&state, ctx, org, None, String::new()).await?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VerifyForm {
    document: String,
    birth_date: String,
    /// Where to go back once verified (a local path only).
    back: String,
}

async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<VerifyForm>,
) -> Result<Response, AppError> {
    let org = org_of(&state, &slug).await?;
    let user = ctx.require_user()?.id;
    let buckets = [
        (
            rate_limit::bucket("verify-user", &user.to_string()),
            ATTEMPTS_PER_PERSON,
        ),
        (
            rate_limit::ip_bucket("verify-ip", ctx.ip.as_deref()),
            ATTEMPTS_PER_IP,
        ),
    ];
    if let Err(limited) = rate_limit::hit_all(&state.db, &buckets).await? {
        return Ok(limited.into_response());
    }
    let outcome = super::verify(
        &state.db,
        &state.config.secret,
        org.id,
        user,
        &form.document,
        &form.birth_date,
    )
    .await?;
    let key = match outcome {
        Ok(_) => {
            let back = if form.back.starts_with('/') && !form.back.starts_with("//") {
                form.back
            } else {
                format!("/o/{}/verification", org.slug)
            };
            return Ok(see_other(&back));
        }
        Err(VerifyError::NoMatch) => "verify-error-no-match",
        Err(VerifyError::Taken) => "verify-error-taken",
        Err(VerifyError::AlreadyVerified) => "verify-error-already",
        Err(VerifyError::BadDate) => "verify-error-date",
    };
    let message = ctx.i18n.t(key);
    let view = verify_view(&state, ctx, org, Some(message), form.birth_date).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response())
}

#[derive(Template)]
#[template(path = "verifications/census.html")]
struct CensusView {
    ctx: Ctx,
    org: Organization,
    section: &'static str,
    entries: i64,
    verified: i64,
    error: Option<String>,
    imported: Option<usize>,
    csv: String,
}

async fn census_view(
    state: &AppState,
    ctx: Ctx,
    slug: &str,
    error: Option<String>,
    imported: Option<usize>,
    csv: String,
) -> Result<CensusView, AppError> {
    let org = org_of(state, slug).await?;
    access::require_org_admin(&state.db, ctx.user(), org.id)
        .await
        .map_err(|e| match e {
            AppError::SignInRequired(_) => {
                AppError::SignInRequired(format!("/o/{slug}/admin/census"))
            }
            other => other,
        })?;
    let (entries, verified) = super::census_size(&state.db, org.id).await?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok(CensusView {
        ctx,
        org,
        section: "census",
        entries,
        verified,
        error,
        imported,
        csv,
    })
}

async fn census_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    render(&census_view(&state, ctx, &slug, None, None, String::new()).await?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CensusForm {
    csv: String,
}

async fn upload_census(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<CensusForm>,
) -> Result<Response, AppError> {
    // The permission first: a refused visitor learns nothing from the file's checks.
    let view = census_view(&state, ctx, &slug, None, None, String::new()).await?;
    match super::import_census(&state.db, &state.config.secret, view.org.id, &form.csv).await? {
        Ok(n) => {
            let (entries, verified) = super::census_size(&state.db, view.org.id).await?;
            render(&CensusView {
                imported: Some(n),
                entries,
                verified,
                ..view
            })
        }
        Err(e) => {
            let message =
                view.ctx
                    .i18n
                    .t2("census-error-line", "line", e.line, "message", e.message);
            let view = CensusView {
                error: Some(message),
                csv: form.csv,
                ..view
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response())
        }
    }
}
