//! Space administration: create a space (organisation admins), edit it, publish or unpublish
//! it, manage its phases (add, edit, delete, reorder, set the active one) and its members.
//!
//! Every handler loads the space, then asks `access::require_space(.., AdminSpace)`: people who
//! may not even see the space get 404, others who may not administer it 403. Ids in paths and
//! forms are looked up *within* the space, so a forged id of another space is a 404 that
//! changes nothing.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::{
    FormErrors, ROLES, VISIBILITIES, back_here, kind_key, organization_of, phase_dates, role_key,
    visibility_hint_key, visibility_key,
};
use crate::app::AppState;
use crate::db;
use crate::platform::access;
use crate::platform::accounts;
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::Action;
use crate::platform::spaces::rules::{self, PhaseInput, SpaceInput};
use crate::platform::spaces::{self, Direction, Moved, NewSpace, Phase, Space, SpaceKind};
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/spaces/new", get(new_space).post(create_space))
        .route("/spaces/{id}/admin", get(edit_space).post(update_space))
        .route("/spaces/{id}/admin/publish", post(publish))
        .route("/spaces/{id}/admin/unpublish", post(unpublish))
        .route("/spaces/{id}/admin/phases", get(phases).post(add_phase))
        .route(
            "/spaces/{id}/admin/phases/{phase_id}",
            get(edit_phase).post(update_phase),
        )
        .route(
            "/spaces/{id}/admin/phases/{phase_id}/delete",
            post(delete_phase),
        )
        .route(
            "/spaces/{id}/admin/phases/{phase_id}/move",
            post(move_phase),
        )
        .route("/spaces/{id}/admin/active-phase", post(set_active_phase))
        .route("/spaces/{id}/admin/members", get(members).post(add_member))
        .route(
            "/spaces/{id}/admin/members/{user_id}/role",
            post(change_member_role),
        )
        .route(
            "/spaces/{id}/admin/members/{user_id}/remove",
            post(remove_member),
        )
}

/// Loads a space for its admin pages: 404 for those who may not see it, 403 for those who
/// may see but not administer it. The page speaks the organisation's language.
pub(super) async fn admin_space(
    state: &AppState,
    ctx: Ctx,
    id: i64,
) -> Result<(Ctx, Space, Organization), AppError> {
    let space = spaces::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    access::require_space(&state.db, ctx.user(), &space, Action::AdminSpace)
        .await
        .map_err(back_here(&ctx))?;
    let org = organization_of(&state.db, &space).await?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok((ctx, space, org))
}

/// Renders a form again with its errors, as 422.
pub(super) fn render_invalid(template: &impl Template) -> Result<Response, AppError> {
    let mut response = render(template)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// One option of a select or of a group of radio buttons.
pub(super) struct Choice {
    pub value: &'static str,
    pub label: String,
    pub hint: String,
    pub selected: bool,
}

fn visibility_choices(ctx: &Ctx, selected: &str) -> Vec<Choice> {
    VISIBILITIES
        .iter()
        .map(|v| Choice {
            value: v.as_str(),
            label: ctx.i18n.t(visibility_key(*v)),
            hint: ctx.i18n.t(visibility_hint_key(*v)),
            selected: v.as_str() == selected,
        })
        .collect()
}

fn kind_choices(ctx: &Ctx, selected: &str) -> Vec<Choice> {
    [SpaceKind::Process, SpaceKind::Assembly]
        .iter()
        .map(|k| Choice {
            value: k.as_str(),
            label: ctx.i18n.t(kind_key(*k)),
            hint: ctx.i18n.t(&format!("{}-hint", kind_key(*k))),
            selected: k.as_str() == selected,
        })
        .collect()
}

pub(super) fn role_choices(ctx: &Ctx, selected: &str) -> Vec<Choice> {
    ROLES
        .iter()
        .map(|r| Choice {
            value: r.as_str(),
            label: ctx.i18n.t(role_key(*r)),
            hint: String::new(),
            selected: r.as_str() == selected,
        })
        .collect()
}

// ----- creating and editing a space -----

/// The space form, as submitted (and shown again when it has errors).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct SpaceForm {
    kind: String,
    slug: String,
    title: String,
    description: String,
    visibility: String,
}

#[derive(Template)]
#[template(path = "spaces/admin/new.html")]
struct NewSpaceView {
    ctx: Ctx,
    org: Organization,
    form: SpaceForm,
    kinds: Vec<Choice>,
    visibilities: Vec<Choice>,
    errors: FormErrors,
}

impl NewSpaceView {
    fn new(ctx: Ctx, org: Organization, form: SpaceForm, errors: FormErrors) -> NewSpaceView {
        NewSpaceView {
            kinds: kind_choices(&ctx, &form.kind),
            visibilities: visibility_choices(&ctx, &form.visibility),
            ctx,
            org,
            form,
            errors,
        }
    }
}

async fn org_admin_page(
    state: &AppState,
    ctx: Ctx,
    slug: &str,
) -> Result<(Ctx, Organization), AppError> {
    let org = organizations::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    access::require_org_admin(&state.db, ctx.user(), org.id)
        .await
        .map_err(back_here(&ctx))?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    Ok((ctx, org))
}

async fn new_space(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (ctx, org) = org_admin_page(&state, ctx, &slug).await?;
    let form = SpaceForm {
        kind: "process".into(),
        visibility: "public".into(),
        ..SpaceForm::default()
    };
    render(&NewSpaceView::new(ctx, org, form, FormErrors::default()))
}

async fn create_space(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<SpaceForm>,
) -> Result<Response, AppError> {
    let (ctx, org) = org_admin_page(&state, ctx, &slug).await?;
    let input = SpaceInput {
        kind: &form.kind,
        slug: form.slug.trim(),
        title: &form.title,
        description: &form.description,
        visibility: &form.visibility,
    };
    let (kind, visibility) = match rules::check_space(&input) {
        Ok(valid) => valid,
        Err(problems) => {
            let errors = FormErrors::from_problems(&ctx.i18n, "space-", &problems);
            return render_invalid(&NewSpaceView::new(ctx, org, form, errors));
        }
    };
    let created = spaces::create(
        &state.db,
        NewSpace {
            organization_id: org.id,
            kind,
            slug: form.slug.trim(),
            title: &form.title,
            description: &form.description,
            visibility,
            published: false,
        },
    )
    .await;
    match created {
        Ok(space) => Ok(see_other(&format!("/spaces/{}/admin", space.id))),
        Err(e) if db::is_unique_violation(&e) => {
            let mut errors = FormErrors::default();
            errors.add("space-slug", ctx.i18n.t("spaces-error-slug-taken"));
            render_invalid(&NewSpaceView::new(ctx, org, form, errors))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "spaces/admin/edit.html")]
struct EditSpaceView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    section: &'static str,
    kind_label: String,
    form: SpaceForm,
    visibilities: Vec<Choice>,
    errors: FormErrors,
    saved: bool,
}

impl EditSpaceView {
    fn new(
        ctx: Ctx,
        org: Organization,
        space: Space,
        form: SpaceForm,
        errors: FormErrors,
        saved: bool,
    ) -> EditSpaceView {
        EditSpaceView {
            visibilities: visibility_choices(&ctx, &form.visibility),
            kind_label: ctx.i18n.t(kind_key(space.kind)),
            ctx,
            org,
            space,
            section: "settings",
            form,
            errors,
            saved,
        }
    }
}

/// `?saved` after a successful change, to say so on the page.
#[derive(Debug, Default, Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn edit_space(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(saved): Query<Saved>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let form = SpaceForm {
        kind: space.kind.as_str().into(),
        slug: space.slug.clone(),
        title: space.title.clone(),
        description: space.description.clone(),
        visibility: space.visibility.as_str().into(),
    };
    render(&EditSpaceView::new(
        ctx,
        org,
        space,
        form,
        FormErrors::default(),
        saved.saved.is_some(),
    ))
}

async fn update_space(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(mut form): Form<SpaceForm>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    // The kind is chosen once, at creation.
    form.kind = space.kind.as_str().into();
    let input = SpaceInput {
        kind: &form.kind,
        slug: form.slug.trim(),
        title: &form.title,
        description: &form.description,
        visibility: &form.visibility,
    };
    let visibility = match rules::check_space(&input) {
        Ok((_, visibility)) => visibility,
        Err(problems) => {
            let errors = FormErrors::from_problems(&ctx.i18n, "space-", &problems);
            return render_invalid(&EditSpaceView::new(ctx, org, space, form, errors, false));
        }
    };
    let changes = spaces::SpaceChanges {
        slug: form.slug.trim(),
        title: &form.title,
        description: &form.description,
        visibility,
    };
    match spaces::update(&state.db, space.id, changes).await {
        Ok(()) => Ok(see_other(&format!("/spaces/{}/admin?saved", space.id))),
        Err(e) if db::is_unique_violation(&e) => {
            let mut errors = FormErrors::default();
            errors.add("space-slug", ctx.i18n.t("spaces-error-slug-taken"));
            render_invalid(&EditSpaceView::new(ctx, org, space, form, errors, false))
        }
        Err(e) => Err(e.into()),
    }
}

async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, space, _) = admin_space(&state, ctx, id).await?;
    spaces::set_published(&state.db, space.id, true).await?;
    Ok(see_other(&format!("/spaces/{}/admin", space.id)))
}

async fn unpublish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, space, _) = admin_space(&state, ctx, id).await?;
    spaces::set_published(&state.db, space.id, false).await?;
    Ok(see_other(&format!("/spaces/{}/admin", space.id)))
}

// ----- phases -----

/// The phase form, as submitted (and shown again when it has errors).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct PhaseForm {
    title: String,
    description: String,
    starts_on: String,
    ends_on: String,
}

impl PhaseForm {
    fn of(phase: &Phase) -> PhaseForm {
        PhaseForm {
            title: phase.title.clone(),
            description: phase.description.clone(),
            starts_on: phase.starts_on.clone().unwrap_or_default(),
            ends_on: phase.ends_on.clone().unwrap_or_default(),
        }
    }

    fn check(&self) -> Result<(Option<String>, Option<String>), Vec<rules::Problem>> {
        rules::check_phase(&PhaseInput {
            title: &self.title,
            description: &self.description,
            starts_on: &self.starts_on,
            ends_on: &self.ends_on,
        })
    }
}

/// One phase in the admin list.
struct PhaseRow {
    id: i64,
    title: String,
    dates: Option<String>,
    active: bool,
    first: bool,
    last: bool,
}

#[derive(Template)]
#[template(path = "spaces/admin/phases.html")]
struct PhasesView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    section: &'static str,
    phases: Vec<PhaseRow>,
    form: PhaseForm,
    errors: FormErrors,
}

/// Phases belong to participatory processes; an assembly has none.
async fn process_admin(
    state: &AppState,
    ctx: Ctx,
    id: i64,
) -> Result<(Ctx, Space, Organization), AppError> {
    let (ctx, space, org) = admin_space(state, ctx, id).await?;
    if space.kind != SpaceKind::Process {
        return Err(AppError::NotFound);
    }
    Ok((ctx, space, org))
}

async fn phases_page(
    state: &AppState,
    ctx: Ctx,
    space: Space,
    org: Organization,
    form: PhaseForm,
    errors: FormErrors,
) -> Result<PhasesView, AppError> {
    let list = spaces::phases(&state.db, space.id).await?;
    let count = list.len();
    let phases = list
        .into_iter()
        .enumerate()
        .map(|(i, p)| PhaseRow {
            id: p.id,
            dates: phase_dates(&ctx.i18n, &p),
            active: space.active_phase_id == Some(p.id),
            first: i == 0,
            last: i + 1 == count,
            title: p.title,
        })
        .collect();
    Ok(PhasesView {
        ctx,
        org,
        space,
        section: "phases",
        phases,
        form,
        errors,
    })
}

async fn phases(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = process_admin(&state, ctx, id).await?;
    let view = phases_page(
        &state,
        ctx,
        space,
        org,
        PhaseForm::default(),
        FormErrors::default(),
    )
    .await?;
    render(&view)
}

async fn add_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<PhaseForm>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = process_admin(&state, ctx, id).await?;
    match form.check() {
        Ok((starts_on, ends_on)) => {
            let phase = spaces::add_phase(
                &state.db,
                space.id,
                &form.title,
                &form.description,
                starts_on.as_deref(),
                ends_on.as_deref(),
            )
            .await?;
            Ok(see_other(&format!(
                "/spaces/{}/admin/phases#phase-{}",
                space.id, phase.id
            )))
        }
        Err(problems) => {
            let errors = FormErrors::from_problems(&ctx.i18n, "phase-", &problems);
            render_invalid(&phases_page(&state, ctx, space, org, form, errors).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "spaces/admin/phase.html")]
struct PhaseView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    section: &'static str,
    phase: Phase,
    form: PhaseForm,
    errors: FormErrors,
}

async fn edit_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, phase_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = process_admin(&state, ctx, id).await?;
    let phase = spaces::find_phase(&state.db, space.id, phase_id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&PhaseView {
        ctx,
        org,
        space,
        section: "phases",
        form: PhaseForm::of(&phase),
        phase,
        errors: FormErrors::default(),
    })
}

async fn update_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, phase_id)): Path<(i64, i64)>,
    Form(form): Form<PhaseForm>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = process_admin(&state, ctx, id).await?;
    let phase = spaces::find_phase(&state.db, space.id, phase_id)
        .await?
        .ok_or(AppError::NotFound)?;
    match form.check() {
        Ok((starts_on, ends_on)) => {
            let updated = spaces::update_phase(
                &state.db,
                space.id,
                phase.id,
                &form.title,
                &form.description,
                starts_on.as_deref(),
                ends_on.as_deref(),
            )
            .await?;
            if !updated {
                return Err(AppError::NotFound);
            }
            Ok(see_other(&format!(
                "/spaces/{}/admin/phases#phase-{}",
                space.id, phase.id
            )))
        }
        Err(problems) => render_invalid(&PhaseView {
            errors: FormErrors::from_problems(&ctx.i18n, "phase-", &problems),
            ctx,
            org,
            space,
            section: "phases",
            phase,
            form,
        }),
    }
}

async fn delete_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, phase_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (_, space, _) = process_admin(&state, ctx, id).await?;
    if !spaces::delete_phase(&state.db, space.id, phase_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/spaces/{}/admin/phases", space.id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MoveForm {
    direction: String,
}

async fn move_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, phase_id)): Path<(i64, i64)>,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let (_, space, _) = process_admin(&state, ctx, id).await?;
    let direction = match form.direction.as_str() {
        "up" => Direction::Up,
        "down" => Direction::Down,
        _ => return Err(AppError::BadRequest("direction must be up or down".into())),
    };
    match spaces::move_phase(&state.db, space.id, phase_id, direction).await? {
        Moved::NotFound => Err(AppError::NotFound),
        Moved::Swapped | Moved::AtEdge => Ok(see_other(&format!(
            "/spaces/{}/admin/phases#phase-{phase_id}",
            space.id
        ))),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ActivePhaseForm {
    /// Empty: no phase is active.
    phase_id: String,
}

async fn set_active_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ActivePhaseForm>,
) -> Result<Response, AppError> {
    let (_, space, _) = process_admin(&state, ctx, id).await?;
    let choice = form.phase_id.trim();
    if choice.is_empty() {
        spaces::clear_active_phase(&state.db, space.id).await?;
    } else {
        let phase_id: i64 = choice
            .parse()
            .map_err(|_| AppError::BadRequest("phase_id must be a number".into()))?;
        if !spaces::activate_phase(&state.db, space.id, phase_id).await? {
            return Err(AppError::NotFound);
        }
    }
    Ok(see_other(&format!("/spaces/{}/admin/phases", space.id)))
}

// ----- members -----

/// One member in the admin list.
struct MemberRow {
    user_id: i64,
    name: String,
    email: String,
    roles: Vec<Choice>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct MemberForm {
    email: String,
    role: String,
}

#[derive(Template)]
#[template(path = "spaces/admin/members.html")]
struct MembersView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    section: &'static str,
    members: Vec<MemberRow>,
    form: MemberForm,
    roles: Vec<Choice>,
    errors: FormErrors,
}

async fn members_page(
    state: &AppState,
    ctx: Ctx,
    space: Space,
    org: Organization,
    form: MemberForm,
    errors: FormErrors,
) -> Result<MembersView, AppError> {
    let members = spaces::members(&state.db, space.id)
        .await?
        .into_iter()
        .map(|m| MemberRow {
            user_id: m.user_id,
            roles: role_choices(&ctx, m.role.as_str()),
            name: m.name,
            email: m.email,
        })
        .collect();
    Ok(MembersView {
        roles: role_choices(&ctx, &form.role),
        ctx,
        org,
        space,
        section: "members",
        members,
        form,
        errors,
    })
}

async fn members(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let form = MemberForm {
        role: "member".into(),
        ..MemberForm::default()
    };
    render(&members_page(&state, ctx, space, org, form, FormErrors::default()).await?)
}

async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<MemberForm>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let mut errors = FormErrors::default();
    let role = rules::parse_role(&form.role)
        .map_err(|key| errors.add("member-role", ctx.i18n.t(key)))
        .ok();
    let email = form.email.trim();
    let user = if email.is_empty() {
        errors.add("member-email", ctx.i18n.t("spaces-error-email-empty"));
        None
    } else {
        let user = accounts::find_by_email(&state.db, email).await?;
        if user.is_none() {
            errors.add("member-email", ctx.i18n.t("spaces-error-no-account"));
        }
        user
    };
    if let (Some(user), Some(role)) = (user, role)
        && errors.is_empty()
    {
        if spaces::add_member(&state.db, space.id, user.id, role).await? {
            return Ok(see_other(&format!("/spaces/{}/admin/members", space.id)));
        }
        errors.add("member-email", ctx.i18n.t("spaces-error-already-member"));
    }
    render_invalid(&members_page(&state, ctx, space, org, form, errors).await?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RoleForm {
    role: String,
}

async fn change_member_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(i64, i64)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let by = ctx.user().map(|u| u.id);
    let (_, space, _) = admin_space(&state, ctx, id).await?;
    let role =
        rules::parse_role(&form.role).map_err(|_| AppError::BadRequest("unknown role".into()))?;
    if !spaces::change_member_role(&state.db, space.id, user_id, role, by).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/spaces/{}/admin/members", space.id)))
}

async fn remove_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, user_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let by = ctx.user().map(|u| u.id);
    let (_, space, _) = admin_space(&state, ctx, id).await?;
    if !spaces::remove_member(&state.db, space.id, user_id, by).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/spaces/{}/admin/members", space.id)))
}
