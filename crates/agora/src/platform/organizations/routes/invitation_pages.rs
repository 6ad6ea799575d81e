//! `/invitations/{token}`: what an invited person sees, and accepting.
//!
//! The invitation is accepted only by the account with the invited address (as Decidim
//! does): a forwarded or leaked link does not let someone else in, least of all as an
//! administrator. Someone signed in with another address is told so, and nothing changes.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::render_with;
use crate::app::AppState;
use crate::db;
use crate::platform::organizations::invitations::{self, Invitation, State as InvitationState};
use crate::platform::organizations::{self, Organization};
use crate::platform::{markdown, permissions::OrgRole};
use crate::web::error::urlencode;
use crate::web::{AppError, Ctx, see_other};

/// What the page says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Situation {
    /// Not signed in: sign in (or create an account) with the invited address.
    SignIn,
    /// Signed in with the invited address: the accept button.
    CanAccept,
    /// Signed in with another address.
    OtherAccount,
    /// Accepted, and the person looking is the one who accepted: welcome.
    Joined,
    /// Accepted already (by the invited person, but the viewer is someone else or it is a
    /// second attempt).
    Used,
    Expired,
}

#[derive(Template)]
#[template(path = "organizations/invitation.html")]
struct InvitationView {
    ctx: Ctx,
    org: Organization,
    description_html: String,
    invitation: Invitation,
    situation: Situation,
    token: String,
    next: String,
}

impl InvitationView {
    fn role_key(&self) -> &'static str {
        match self.invitation.role {
            OrgRole::Admin => "org-invitation-role-admin",
            OrgRole::Member => "org-invitation-role-member",
        }
    }
}

#[derive(Template)]
#[template(path = "organizations/invitation_invalid.html")]
struct InvalidView {
    ctx: Ctx,
}

/// A link that matches no invitation: never issued, cancelled, or replaced by a newer one.
fn invalid(ctx: Ctx) -> Result<Response, AppError> {
    render_with(StatusCode::NOT_FOUND, &InvalidView { ctx })
}

/// The page for a found invitation, and the status it is served with.
async fn page(
    state: &AppState,
    ctx: Ctx,
    token: &str,
    invitation: Invitation,
) -> Result<(StatusCode, InvitationView), AppError> {
    let org = organizations::find(&state.db, invitation.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    let user = ctx.user();
    let is_invitee = user.is_some_and(|u| invitation.is_for(&u.email));
    let situation = match invitation.state(db::now()) {
        InvitationState::Expired => Situation::Expired,
        InvitationState::Accepted => {
            let member = match user {
                Some(u) if is_invitee => organizations::role_of(&state.db, org.id, u.id)
                    .await?
                    .is_some(),
                _ => false,
            };
            if member {
                Situation::Joined
            } else {
                Situation::Used
            }
        }
        InvitationState::Pending if user.is_none() => Situation::SignIn,
        InvitationState::Pending if is_invitee => Situation::CanAccept,
        InvitationState::Pending => Situation::OtherAccount,
    };
    let status = match situation {
        Situation::SignIn | Situation::CanAccept | Situation::Joined => StatusCode::OK,
        Situation::OtherAccount => StatusCode::FORBIDDEN,
        Situation::Used | Situation::Expired => StatusCode::GONE,
    };
    Ok((
        status,
        InvitationView {
            ctx,
            description_html: markdown::to_safe_html(&org.description),
            org,
            invitation,
            situation,
            token: token.to_string(),
            next: urlencode(&format!("/invitations/{token}")),
        },
    ))
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let Some(invitation) = invitations::find_by_token(&state.db, &token).await? else {
        return invalid(ctx);
    };
    let (status, view) = page(&state, ctx, &token, invitation).await?;
    render_with(status, &view)
}

pub(super) async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let back = format!("/invitations/{token}");
    let Some(user) = ctx.user().cloned() else {
        return Err(AppError::SignInRequired(back));
    };
    let Some(invitation) = invitations::find_by_token(&state.db, &token).await? else {
        return invalid(ctx);
    };
    if invitation.state(db::now()) == InvitationState::Pending
        && invitation.is_for(&user.email)
        && invitations::accept(&state.db, &token, user.id, &user.email).await?
    {
        return Ok(see_other(&back));
    }
    // Refused: show why, from what the invitation is now (someone else may just have used it).
    let Some(invitation) = invitations::find_by_token(&state.db, &token).await? else {
        return invalid(ctx);
    };
    let (status, view) = page(&state, ctx, &token, invitation).await?;
    // This attempt changed nothing, even when the page can say "you are a member".
    let status = if status == StatusCode::OK {
        StatusCode::GONE
    } else {
        status
    };
    render_with(status, &view)
}
