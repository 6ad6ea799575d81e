//! `/o/{slug}/admin/invitations`: invite people by e-mail, see and cancel open invitations.

use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::response::Response;
use serde::Deserialize;

use super::{admin_page, format_date, notice_key, read_form, unprocessable};
use crate::app::AppState;
use crate::db;
use crate::i18n::I18n;
use crate::platform::organizations::form::{self, FieldErrors};
use crate::platform::organizations::invitations::{self, Invitation, State as InvitationState};
use crate::platform::organizations::{Organization, role_of};
use crate::platform::permissions::OrgRole;
use crate::platform::{accounts, mail};
use crate::web::{AppError, Ctx, render, see_other};

/// An open invitation as listed to administrators.
pub(super) struct InvitationRow {
    invitation: Invitation,
    expired: bool,
    sent: String,
    expires: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(super) struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

#[derive(Template)]
#[template(path = "organizations/admin_invitations.html")]
struct InvitationsView {
    ctx: Ctx,
    org: Organization,
    section: &'static str,
    notice: Option<&'static str>,
    rows: Vec<InvitationRow>,
    form: InviteForm,
    errors: FieldErrors,
    lifetime_days: i64,
}

#[derive(Deserialize)]
pub(super) struct NoticeQuery {
    #[serde(default)]
    notice: String,
}

fn invitations_path(org: &Organization) -> String {
    format!("/o/{}/admin/invitations", org.slug)
}

async fn invitations_view(
    state: &AppState,
    ctx: Ctx,
    org: Organization,
) -> Result<InvitationsView, AppError> {
    let now = db::now();
    let rows = invitations::open(&state.db, org.id)
        .await?
        .into_iter()
        .map(|invitation| InvitationRow {
            expired: invitation.state(now) == InvitationState::Expired,
            sent: format_date(&ctx.i18n, invitation.created_at, &org.time_zone),
            expires: format_date(&ctx.i18n, invitation.expires_at, &org.time_zone),
            invitation,
        })
        .collect();
    Ok(InvitationsView {
        ctx,
        org,
        section: "invitations",
        notice: None,
        rows,
        form: InviteForm {
            role: "member".into(),
            ..InviteForm::default()
        },
        errors: FieldErrors::default(),
        lifetime_days: invitations::LIFETIME_DAYS,
    })
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let back = format!("/o/{slug}/admin/invitations");
    let (org, ctx) = admin_page(&state, ctx, &slug, &back).await?;
    let mut view = invitations_view(&state, ctx, org).await?;
    view.notice = notice_key(&query.notice);
    render(&view)
}

pub(super) async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let back = format!("/o/{slug}/admin/invitations");
    let (org, ctx) = admin_page(&state, ctx, &slug, &back).await?;
    let input: InviteForm = read_form(&state, request).await?;
    let mut errors = FieldErrors::default();
    let email = accounts::normalize_email(&input.email);
    if email.is_empty() {
        errors.add("email", "org-error-email-empty");
    } else if !form::plausible_email(&email) {
        errors.add("email", "org-error-email-invalid");
    } else if let Some(user) = accounts::find_by_email(&state.db, &email).await?
        && role_of(&state.db, org.id, user.id).await?.is_some()
    {
        errors.add("email", "org-error-already-member");
    }
    let role = OrgRole::parse(&input.role);
    if role.is_none() {
        errors.add("role", "org-error-role");
    }
    let (Some(role), true) = (role, errors.is_empty()) else {
        let mut view = invitations_view(&state, ctx, org).await?;
        view.form = input;
        view.errors = errors;
        return unprocessable(render(&view));
    };
    let inviter = ctx.user();
    let token = invitations::create(&state.db, org.id, &email, role, inviter.map(|u| u.id)).await?;
    let (subject, body) = invitation_email(
        &I18n::new(org.default_locale),
        &org,
        inviter.map(|u| u.name.as_str()),
        role,
        &format!(
            "{}/invitations/{token}",
            state.config.base_url.trim_end_matches('/')
        ),
    );
    mail::enqueue(&state.db, &email, &subject, &body).await?;
    Ok(see_other(&format!(
        "{}?notice=sent",
        invitations_path(&org)
    )))
}

/// The invitation e-mail, in the organisation's default language (the invited person has
/// not told us theirs yet).
fn invitation_email(
    i18n: &I18n,
    org: &Organization,
    inviter: Option<&str>,
    role: OrgRole,
    link: &str,
) -> (String, String) {
    let subject = i18n.t1("org-invitation-email-subject", "organization", &org.name);
    let intro = match inviter {
        Some(name) => i18n.t2(
            "org-invitation-email-intro",
            "inviter",
            name,
            "organization",
            &org.name,
        ),
        None => i18n.t1(
            "org-invitation-email-intro-anonymous",
            "organization",
            &org.name,
        ),
    };
    let role_line = i18n.t(match role {
        OrgRole::Admin => "org-invitation-email-role-admin",
        OrgRole::Member => "org-invitation-email-role-member",
    });
    let body = format!(
        "{intro}\n\n{role_line}\n\n{}\n{link}\n\n{}\n\n{}\n",
        i18n.t("org-invitation-email-accept"),
        i18n.t1(
            "org-invitation-email-validity",
            "days",
            invitations::LIFETIME_DAYS
        ),
        i18n.t("org-invitation-email-ignore"),
    );
    (subject, body)
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let back = format!("/o/{slug}/admin/invitations");
    let (org, _ctx) = admin_page(&state, ctx, &slug, &back).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    if !invitations::cancel(&state.db, org.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!(
        "{}?notice=cancelled",
        invitations_path(&org)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn invitation_email_is_translated_and_carries_the_link() {
        let org = Organization {
            id: 1,
            slug: "ville".into(),
            name: "Ville d’Exemple".into(),
            description: String::new(),
            default_locale: Locale::Fr,
            available_locales: Locale::ALL.to_vec(),
            time_zone: "Europe/Paris".into(),
        };
        for locale in Locale::ALL {
            let (subject, body) = invitation_email(
                &I18n::new(locale),
                &org,
                Some("Alice"),
                OrgRole::Admin,
                "https://agora.example/invitations/abc",
            );
            assert!(subject.contains("Ville d’Exemple"), "{locale}: {subject}");
            assert!(body.contains("Alice"), "{locale}");
            assert!(
                body.contains("\nhttps://agora.example/invitations/abc\n"),
                "{locale}"
            );
            assert!(body.contains("14"), "{locale}");
            assert!(!body.contains("org-invitation"), "{locale}: missing key");
        }
        let (_, fr) = invitation_email(&I18n::new(Locale::Fr), &org, None, OrgRole::Member, "x");
        assert!(fr.contains("membre"), "{fr}");
    }
}
