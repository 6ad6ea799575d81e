//! Organisation administration pages (`/o/{slug}/admin/...`), the invitation pages
//! (`/invitations/{token}`) and the instance administrators' "new organisation" page.
//!
//! Every admin handler starts with [`admin_page`], which answers 404 for an unknown
//! organisation, redirects anonymous visitors to sign-in, and refuses (403) anyone the
//! permission function does not let administer it — before the form is even read.

mod instance;
mod invitation_pages;
mod invitations_admin;
mod members_admin;
mod open_data_admin;
mod settings_admin;

use axum::Router;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::i18n::I18n;
use crate::platform::access;
use crate::platform::organizations::{self, Organization};
use crate::web::{AppError, Ctx, Form, render};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/o/{slug}/admin",
            get(settings_admin::show).post(settings_admin::save),
        )
        .route(
            "/o/{slug}/admin/members",
            get(members_admin::list).post(members_admin::add),
        )
        .route(
            "/o/{slug}/admin/members/{user_id}/role",
            post(members_admin::change_role),
        )
        .route(
            "/o/{slug}/admin/members/{user_id}/remove",
            get(members_admin::confirm_remove).post(members_admin::remove),
        )
        .route(
            "/o/{slug}/admin/invitations",
            get(invitations_admin::list).post(invitations_admin::invite),
        )
        .route(
            "/o/{slug}/admin/invitations/{id}/cancel",
            post(invitations_admin::cancel),
        )
        .route(
            "/o/{slug}/admin/open-data",
            get(open_data_admin::show).post(open_data_admin::save),
        )
        .route("/invitations/{token}", get(invitation_pages::show))
        .route(
            "/invitations/{token}/accept",
            post(invitation_pages::accept),
        )
        .route(
            "/admin/organizations/new",
            get(instance::new_form).post(instance::create),
        )
}

/// The organisation behind an admin URL, once the visitor is known to administer it, and
/// the context switched to the organisation's languages. `back` is where sign-in returns to.
async fn admin_page(
    state: &AppState,
    ctx: Ctx,
    slug: &str,
    back: &str,
) -> Result<(Organization, Ctx), AppError> {
    let org = organizations::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    access::require_org_admin(&state.db, ctx.user(), org.id)
        .await
        .map_err(|e| match e {
            AppError::SignInRequired(_) => AppError::SignInRequired(back.to_string()),
            other => other,
        })?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok((org, ctx))
}

/// The admin home of an organisation.
fn admin_path(org: &Organization) -> String {
    format!("/o/{}/admin", org.slug)
}

/// Reads a form body, after the permission check (so a refused visitor learns nothing
/// from the form's validation).
async fn read_form<T: DeserializeOwned>(state: &AppState, request: Request) -> Result<T, AppError> {
    let Form(form) = Form::<T>::from_request(request, state).await?;
    Ok(form)
}

/// A page re-displayed because of an input error: 422, so nothing looks like success.
fn unprocessable(page: Result<Response, AppError>) -> Result<Response, AppError> {
    page.map(|r| (StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
}

/// Renders a page with another status than 200.
fn render_with(status: StatusCode, page: &impl askama::Template) -> Result<Response, AppError> {
    render(page).map(|r| (status, r).into_response())
}

/// The confirmation shown after a redirect (`?notice=saved`). Only known keys are shown.
fn notice_key(notice: &str) -> Option<&'static str> {
    Some(match notice {
        "saved" => "org-notice-saved",
        "created" => "org-notice-created",
        "added" => "org-notice-member-added",
        "role" => "org-notice-role-changed",
        "removed" => "org-notice-member-removed",
        "sent" => "org-notice-invitation-sent",
        "cancelled" => "org-notice-invitation-cancelled",
        _ => return None,
    })
}

/// A date as people read it (`21 novembre 2026`), in the organisation's time zone.
fn format_date(i18n: &I18n, timestamp: i64, time_zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(ts) = jiff::Timestamp::from_second(timestamp) else {
        return String::new();
    };
    let date = ts.to_zoned(tz).date();
    let month = i18n.t(&format!("org-month-{}", date.month()));
    let month_year = i18n.t2("org-month-year", "month", month, "year", date.year());
    i18n.t2("org-date", "day", date.day(), "month_year", month_year)
}

/// The same date in ISO form, for `<time datetime>`.
fn iso_date(timestamp: i64, time_zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(timestamp)
        .map(|ts| ts.to_zoned(tz).date().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn dates_are_written_in_the_organisations_time_zone_and_language() {
        // 2026-11-21 23:30 UTC is already the 22nd in Paris.
        let ts = 1_795_303_800;
        assert_eq!(iso_date(ts, "UTC"), "2026-11-21");
        assert_eq!(iso_date(ts, "Europe/Paris"), "2026-11-22");
        assert_eq!(
            format_date(&I18n::new(Locale::Fr), ts, "Europe/Paris"),
            "22 novembre 2026"
        );
        assert_eq!(
            format_date(&I18n::new(Locale::En), ts, "Not/AZone"),
            "21 November 2026"
        );
    }

    #[test]
    fn only_known_notices_are_shown() {
        assert_eq!(notice_key("saved"), Some("org-notice-saved"));
        assert_eq!(notice_key("<script>"), None);
    }
}
