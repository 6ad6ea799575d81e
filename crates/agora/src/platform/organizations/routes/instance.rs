//! `/admin/organizations/new`: instance administrators create an organisation and name its
//! first administrator (an existing account).

use askama::Template;
use axum::extract::{Request, State};
use axum::response::Response;
use serde::Deserialize;

use super::{read_form, unprocessable};
use crate::app::AppState;
use crate::i18n::Locale;
use crate::platform::accounts;
use crate::platform::organizations::form::{self, FieldErrors};
use crate::platform::organizations::settings::NAME_MAX;
use crate::platform::organizations::{self, CreateOrganizationError};
use crate::platform::permissions::{Action, Actor, OrgRole, permits};
use crate::web::{AppError, Ctx, render, see_other};

const PATH: &str = "/admin/organizations/new";

#[derive(Clone, Debug, Default, Deserialize)]
pub(super) struct NewOrganizationForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    default_locale: String,
    #[serde(default)]
    admin_email: String,
}

#[derive(Template)]
#[template(path = "organizations/new.html")]
struct NewView {
    ctx: Ctx,
    form: NewOrganizationForm,
    errors: FieldErrors,
    locales: [Locale; 4],
}

/// Only instance administrators create organisations.
fn require_instance_admin(ctx: &Ctx) -> Result<(), AppError> {
    let user = ctx
        .require_user()
        .map_err(|_| AppError::SignInRequired(PATH.into()))?;
    let actor = Actor {
        signed_in: true,
        instance_admin: user.is_instance_admin,
        blocked: user.blocked,
        org_role: None,
        space_role: None,
        guest: false,
    };
    if permits(&actor, Action::AdminInstance, None) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(super) async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    require_instance_admin(&ctx)?;
    let form = NewOrganizationForm {
        default_locale: ctx.i18n.locale.tag().to_string(),
        ..NewOrganizationForm::default()
    };
    render(&NewView {
        ctx,
        form,
        errors: FieldErrors::default(),
        locales: Locale::ALL,
    })
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    request: Request,
) -> Result<Response, AppError> {
    require_instance_admin(&ctx)?;
    let input: NewOrganizationForm = read_form(&state, request).await?;
    let mut errors = FieldErrors::default();
    let slug = input.slug.trim();
    if !organizations::valid_slug(slug) {
        errors.add("slug", "org-error-slug");
    }
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", "org-error-name-empty");
    } else if name.chars().count() > NAME_MAX {
        errors.add("name", "org-error-name-too-long");
    }
    let locale = Locale::ALL
        .into_iter()
        .find(|l| l.tag() == input.default_locale);
    if locale.is_none() {
        errors.add("default_locale", "org-error-locale-unknown");
    }
    let mut admin = None;
    if input.admin_email.trim().is_empty() {
        errors.add("admin_email", "org-error-email-empty");
    } else if !form::plausible_email(&input.admin_email) {
        errors.add("admin_email", "org-error-email-invalid");
    } else {
        admin = accounts::find_by_email(&state.db, &input.admin_email).await?;
        if admin.is_none() {
            errors.add("admin_email", "org-error-no-account");
        }
    }
    if let (Some(locale), Some(admin), true) = (locale, &admin, errors.is_empty()) {
        match organizations::create(&state.db, slug, name, "", locale).await {
            Ok(org) => {
                organizations::set_member(&state.db, org.id, admin.id, OrgRole::Admin).await?;
                return Ok(see_other(&format!("/o/{}/admin?notice=created", org.slug)));
            }
            Err(CreateOrganizationError::SlugTaken) => errors.add("slug", "org-error-slug-taken"),
            Err(CreateOrganizationError::InvalidSlug) => errors.add("slug", "org-error-slug"),
            Err(CreateOrganizationError::Db(e)) => return Err(e.into()),
        }
    }
    unprocessable(render(&NewView {
        ctx,
        form: input,
        errors,
        locales: Locale::ALL,
    }))
}
