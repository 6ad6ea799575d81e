//! `/o/{slug}/admin`: edit the organisation's name, description, languages and time zone.

use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::response::Response;
use serde::Deserialize;

use super::{admin_page, admin_path, notice_key, read_form, unprocessable};
use crate::app::AppState;
use crate::i18n::Locale;
use crate::platform::organizations::Organization;
use crate::platform::organizations::form::FieldErrors;
use crate::platform::organizations::settings::{self, SettingsForm};
use crate::web::{AppError, Ctx, render, see_other};

#[derive(Template)]
#[template(path = "organizations/admin_settings.html")]
struct SettingsView {
    ctx: Ctx,
    org: Organization,
    section: &'static str,
    notice: Option<&'static str>,
    form: SettingsForm,
    errors: FieldErrors,
    locales: [Locale; 4],
    time_zones: &'static [String],
}

impl SettingsView {
    fn new(ctx: Ctx, org: Organization, form: SettingsForm, errors: FieldErrors) -> SettingsView {
        SettingsView {
            ctx,
            org,
            section: "settings",
            notice: None,
            form,
            errors,
            locales: Locale::ALL,
            time_zones: settings::time_zone_names(),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct NoticeQuery {
    #[serde(default)]
    notice: String,
}

impl NoticeQuery {
    pub(super) fn notice(&self) -> String {
        self.notice.clone()
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let (org, ctx) = admin_page(&state, ctx, &slug, &format!("/o/{slug}/admin")).await?;
    let form = SettingsForm::from_organization(&org);
    let mut view = SettingsView::new(ctx, org, form, FieldErrors::default());
    view.notice = notice_key(&query.notice);
    render(&view)
}

pub(super) async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let (org, ctx) = admin_page(&state, ctx, &slug, &format!("/o/{slug}/admin")).await?;
    let pairs: Vec<(String, String)> = read_form(&state, request).await?;
    let form = SettingsForm::from_pairs(pairs);
    match settings::validate(&form) {
        Ok(valid) => {
            settings::update(&state.db, org.id, &valid).await?;
            Ok(see_other(&format!("{}?notice=saved", admin_path(&org))))
        }
        Err(errors) => unprocessable(render(&SettingsView::new(ctx, org, form, errors))),
    }
}
