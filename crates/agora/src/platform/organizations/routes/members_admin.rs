//! `/o/{slug}/admin/members`: the members, their roles, adding an existing account,
//! removing someone.

use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::{admin_page, format_date, iso_date, notice_key, read_form, render_with, unprocessable};
use crate::app::AppState;
use crate::platform::accounts;
use crate::platform::organizations::Organization;
use crate::platform::organizations::form::{self, FieldErrors};
use crate::platform::organizations::members::{self, Change, Member};
use crate::platform::permissions::OrgRole;
use crate::web::{AppError, Ctx, render, see_other};

/// A member with their dates written for people.
pub(super) struct MemberRow {
    member: Member,
    since: String,
    since_iso: String,
}

/// The "add an existing account" form.
#[derive(Clone, Debug, Default, Deserialize)]
pub(super) struct AddForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

#[derive(Template)]
#[template(path = "organizations/admin_members.html")]
struct MembersView {
    ctx: Ctx,
    org: Organization,
    section: &'static str,
    notice: Option<&'static str>,
    /// A refused change (already translated), shown as an alert.
    alert: Option<String>,
    rows: Vec<MemberRow>,
    total: i64,
    page: i64,
    pages: i64,
    search: String,
    add: AddForm,
    errors: FieldErrors,
    /// The person looking at the page.
    me: i64,
}

impl MembersView {
    fn search_query(&self) -> String {
        crate::web::error::urlencode(&self.search)
    }
}

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    #[serde(default)]
    notice: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

fn members_path(org: &Organization) -> String {
    format!("/o/{}/admin/members", org.slug)
}

/// Builds the members page (also to show an error after a refused change).
async fn members_view(
    state: &AppState,
    ctx: Ctx,
    org: Organization,
    query: &ListQuery,
) -> Result<MembersView, AppError> {
    let search: String = query.q.trim().chars().take(100).collect();
    // Pages are numbered from 1 in the URL.
    let page = query.page.parse::<i64>().unwrap_or(1).clamp(1, 1_000_000) - 1;
    let (list, total) = members::list(&state.db, org.id, &search, page).await?;
    let rows = list
        .into_iter()
        .map(|member| MemberRow {
            since: format_date(&ctx.i18n, member.since, &org.time_zone),
            since_iso: iso_date(member.since, &org.time_zone),
            member,
        })
        .collect();
    let me = ctx.user().map(|u| u.id).unwrap_or(0);
    Ok(MembersView {
        ctx,
        org,
        section: "members",
        notice: notice_key(&query.notice),
        alert: None,
        rows,
        total,
        page: page + 1,
        pages: ((total + members::PAGE_SIZE - 1) / members::PAGE_SIZE).max(1),
        search,
        add: AddForm {
            role: "member".into(),
            ..AddForm::default()
        },
        errors: FieldErrors::default(),
        me,
    })
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (org, ctx) = admin_page(&state, ctx, &slug, &format!("/o/{slug}/admin/members")).await?;
    render(&members_view(&state, ctx, org, &query).await?)
}

/// Adds an existing account at once (operators need it; people without an account are invited).
pub(super) async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let (org, ctx) = admin_page(&state, ctx, &slug, &format!("/o/{slug}/admin/members")).await?;
    let input: AddForm = read_form(&state, request).await?;
    let mut errors = FieldErrors::default();
    let role = OrgRole::parse(&input.role);
    if role.is_none() {
        errors.add("add-role", "org-error-role");
    }
    let mut user = None;
    if input.email.trim().is_empty() {
        errors.add("add-email", "org-error-email-empty");
    } else if !form::plausible_email(&input.email) {
        errors.add("add-email", "org-error-email-invalid");
    } else {
        user = accounts::find_by_email(&state.db, &input.email).await?;
        if user.is_none() {
            errors.add("add-email", "org-error-no-account");
        }
    }
    if let (Some(user), Some(role), true) = (&user, role, errors.is_empty()) {
        if members::add(&state.db, org.id, user.id, role).await? {
            return Ok(see_other(&format!("{}?notice=added", members_path(&org))));
        }
        errors.add("add-email", "org-error-already-member");
    }
    let mut view = members_view(&state, ctx, org, &ListQuery::default()).await?;
    view.add = input;
    view.errors = errors;
    unprocessable(render(&view))
}

#[derive(Deserialize)]
pub(super) struct RoleForm {
    #[serde(default)]
    role: String,
}

/// The member an admin URL names; another organisation's member is "not found".
async fn member_of(
    state: &AppState,
    org: &Organization,
    user_id: &str,
) -> Result<Member, AppError> {
    let user_id: i64 = user_id.parse().map_err(|_| AppError::NotFound)?;
    members::find(&state.db, org.id, user_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Where to go after changing one's own rights: the organisation's page if the admin pages
/// are now closed to them.
async fn after_change(
    state: &AppState,
    ctx: &Ctx,
    org: &Organization,
    notice: &str,
) -> Result<Response, AppError> {
    let still_admin = crate::platform::access::require_org_admin(&state.db, ctx.user(), org.id)
        .await
        .is_ok();
    Ok(if still_admin {
        see_other(&format!("{}?notice={notice}", members_path(org)))
    } else {
        see_other(&format!("/o/{}", org.slug))
    })
}

/// Re-displays the members page with "this is the only administrator" (409: nothing changed).
async fn last_admin_refusal(
    state: &AppState,
    ctx: Ctx,
    org: Organization,
    member: &Member,
) -> Result<Response, AppError> {
    let mut view = members_view(state, ctx, org, &ListQuery::default()).await?;
    view.alert = Some(
        view.ctx
            .i18n
            .t1("org-error-last-admin", "name", &member.name),
    );
    render_with(StatusCode::CONFLICT, &view)
}

pub(super) async fn change_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, user_id)): Path<(String, String)>,
    request: Request,
) -> Result<Response, AppError> {
    let by = ctx.user().map(|u| u.id);
    let (org, ctx) = admin_page(&state, ctx, &slug, &format!("/o/{slug}/admin/members")).await?;
    let input: RoleForm = read_form(&state, request).await?;
    let member = member_of(&state, &org, &user_id).await?;
    let Some(role) = OrgRole::parse(&input.role) else {
        let mut view = members_view(&state, ctx, org, &ListQuery::default()).await?;
        view.alert = Some(view.ctx.i18n.t("org-error-role"));
        return unprocessable(render(&view));
    };
    match members::change_role(&state.db, org.id, member.user_id, role, by).await? {
        Change::Done => after_change(&state, &ctx, &org, "role").await,
        Change::NotAMember => Err(AppError::NotFound),
        Change::LastAdmin => last_admin_refusal(&state, ctx, org, &member).await,
    }
}

#[derive(Template)]
#[template(path = "organizations/admin_remove.html")]
struct RemoveView {
    ctx: Ctx,
    org: Organization,
    section: &'static str,
    member: Member,
}

/// Asks for confirmation (works without JavaScript; the button is the only way to remove).
pub(super) async fn confirm_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, user_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let back = format!("/o/{slug}/admin/members/{user_id}/remove");
    let (org, ctx) = admin_page(&state, ctx, &slug, &back).await?;
    let member = member_of(&state, &org, &user_id).await?;
    render(&RemoveView {
        ctx,
        org,
        section: "remove",
        member,
    })
}

pub(super) async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, user_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (org, ctx) = admin_page(&state, ctx, &slug, &format!("/o/{slug}/admin/members")).await?;
    let member = member_of(&state, &org, &user_id).await?;
    match members::remove(&state.db, org.id, member.user_id, ctx.user().map(|u| u.id)).await? {
        Change::Done => after_change(&state, &ctx, &org, "removed").await,
        Change::NotAMember => Err(AppError::NotFound),
        Change::LastAdmin => last_admin_refusal(&state, ctx, org, &member).await,
    }
}
