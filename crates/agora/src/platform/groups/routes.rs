//! The group page (`/spaces/{id}/group`) and its forms: join or ask to join, decide join
//! requests, privacy and flags, add members, create subgroups, invite guests; and the guest
//! invitation link (`/guest-invitations/{token}`). Every form asks `access::require_space`
//! with the action it needs, so people who may not see a secret group get 404.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use sqlx::Row;

use super::guests::{self, ItemKind};
use super::{Privacy, Problem, RequestStatus};
use crate::app::AppState;
use crate::db::Db;
use crate::platform::access;
use crate::platform::accounts;
use crate::platform::mail;
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::{Action, Actor, GroupFlags, permits};
use crate::platform::spaces::{self, Space};
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/spaces/{id}/group", get(show).post(make_group))
        .route("/spaces/{id}/group/join", post(join))
        .route("/spaces/{id}/group/leave", post(leave))
        .route("/spaces/{id}/group/requests/{rid}/accept", post(accept))
        .route("/spaces/{id}/group/requests/{rid}/decline", post(decline))
        .route("/spaces/{id}/group/settings", post(save_settings))
        .route("/spaces/{id}/group/members", post(add_member))
        .route("/spaces/{id}/group/subgroups", post(create_subgroup))
        .route("/spaces/{id}/group/guests", post(invite_guest))
        .route("/spaces/{id}/group/guests/{gid}/revoke", post(revoke_guest))
        .route("/guest-invitations/{token}", get(accept_invitation))
}

/// A flag as the settings form shows it.
struct FlagView {
    name: &'static str,
    label_key: &'static str,
    on: bool,
}

/// A subgroup the viewer may see.
struct SubgroupView {
    id: i64,
    title: String,
    privacy_key: &'static str,
}

#[derive(Template)]
#[template(path = "groups/show.html")]
struct GroupView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    is_group: bool,
    /// The privacy's message key, its hint's, and its stored form.
    privacy: &'static str,
    privacy_hint: String,
    privacy_name: &'static str,
    parent: Option<(i64, String)>,
    member: bool,
    request: Option<RequestStatus>,
    can_join: bool,
    can_admin: bool,
    can_add_members: bool,
    can_create_subgroup: bool,
    can_invite_guests: bool,
    flags: Vec<FlagView>,
    subgroups: Vec<SubgroupView>,
    requests: Vec<super::PendingRequest>,
    /// Threads and polls a guest may be invited to: (value `kind:id`, label).
    items: Vec<(String, String)>,
    /// The group's guest invitations (for its admins).
    guests: Vec<guests::Invitation>,
    notice: Option<String>,
    error: Option<String>,
}

fn privacy_key(privacy: Privacy) -> &'static str {
    match privacy {
        Privacy::Open => "groups-privacy-open",
        Privacy::Closed => "groups-privacy-closed",
        Privacy::Secret => "groups-privacy-secret",
    }
}

async fn load(db: &Db, id: i64) -> Result<Space, AppError> {
    spaces::find(db, id).await?.ok_or(AppError::NotFound)
}

/// Loads a space that is a group and checks `action` on it (404 for those who may not see it).
async fn load_group(
    db: &Db,
    ctx: &Ctx,
    id: i64,
    action: Action,
) -> Result<(Space, Actor), AppError> {
    let space = load(db, id).await?;
    let actor = access::require_space(db, ctx.user(), &space, action).await?;
    if space.group.is_none() {
        return Err(AppError::NotFound);
    }
    Ok((space, actor))
}

async fn items(db: &Db, space_id: i64, ctx: &Ctx) -> Result<Vec<(String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT 'thread' AS kind, t.id, t.title FROM threads t JOIN components c ON c.id = t.component_id
         WHERE c.space_id = $1
         UNION ALL
         SELECT 'poll' AS kind, p.id, p.title FROM polls p JOIN components c ON c.id = p.component_id
         WHERE c.space_id = $1
         ORDER BY 1, 2",
    )
    .bind(space_id)
    .fetch_all(&db.pool)
    .await?;
    let mut found = Vec::new();
    for row in rows {
        let kind: String = row.try_get("kind")?;
        let id: i64 = row.try_get("id")?;
        let title: String = row.try_get("title")?;
        let label = ctx
            .i18n
            .t1(&format!("groups-guest-item-{kind}"), "title", title);
        found.push((format!("{kind}:{id}"), label));
    }
    Ok(found)
}

async fn page(
    db: &Db,
    ctx: Ctx,
    space: Space,
    actor: Actor,
    notice: Option<String>,
    error: Option<String>,
) -> Result<GroupView, AppError> {
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = ctx.for_organization(org.default_locale, &org.available_locales);
    let facts = space.facts();
    let can = |action| permits(&actor, action, Some(&facts));
    let user_id = ctx.user().map(|u| u.id);
    let request = match (user_id, space.group) {
        (Some(uid), Some(_)) => super::latest_request(db, space.id, uid).await?,
        _ => None,
    };
    let mut subgroups = Vec::new();
    let mut parent = None;
    if let Some(group) = space.group {
        if let Some(pid) = group.parent
            && let Some(p) = spaces::find(db, pid).await?
        {
            let parent_actor = access::actor(db, ctx.user(), p.organization_id, Some(p.id)).await?;
            if permits(&parent_actor, Action::ViewSpace, Some(&p.facts())) {
                parent = Some((p.id, p.title));
            }
        }
        let roles = match user_id {
            Some(uid) => spaces::roles_in_organization(db, space.organization_id, uid).await?,
            None => Default::default(),
        };
        for sub in super::subgroups(db, &space).await? {
            let sub_actor = Actor {
                space_role: roles.get(&sub.id).copied(),
                ..actor
            };
            if permits(&sub_actor, Action::ListSpace, Some(&sub.facts())) {
                subgroups.push(SubgroupView {
                    id: sub.id,
                    privacy_key: privacy_key(Privacy::of(&sub)),
                    title: sub.title,
                });
            }
        }
    }
    let flags = space.group.map(|g| g.flags).unwrap_or_default();
    let can_admin = can(Action::AdminSpace);
    let can_invite_guests = can(Action::InviteGuests) && space.group.is_some();
    Ok(GroupView {
        is_group: space.group.is_some(),
        privacy: privacy_key(Privacy::of(&space)),
        privacy_hint: format!("{}-hint", privacy_key(Privacy::of(&space))),
        privacy_name: Privacy::of(&space).as_str(),
        parent,
        member: actor.space_role.is_some(),
        request,
        can_join: can(Action::JoinGroup),
        can_admin,
        can_add_members: can(Action::AddMembers) && space.group.is_some(),
        can_create_subgroup: can(Action::CreateSubgroup),
        can_invite_guests,
        flags: vec![
            FlagView {
                name: "start_threads",
                label_key: "groups-flag-start-threads",
                on: flags.start_threads,
            },
            FlagView {
                name: "create_polls",
                label_key: "groups-flag-create-polls",
                on: flags.create_polls,
            },
            FlagView {
                name: "add_members",
                label_key: "groups-flag-add-members",
                on: flags.add_members,
            },
            FlagView {
                name: "invite_guests",
                label_key: "groups-flag-invite-guests",
                on: flags.invite_guests,
            },
            FlagView {
                name: "edit_context",
                label_key: "groups-flag-edit-context",
                on: flags.edit_context,
            },
            FlagView {
                name: "edit_comments",
                label_key: "groups-flag-edit-comments",
                on: flags.edit_comments,
            },
            FlagView {
                name: "create_subgroups",
                label_key: "groups-flag-create-subgroups",
                on: flags.create_subgroups,
            },
        ],
        subgroups,
        requests: if can_admin {
            super::pending_requests(db, space.id).await?
        } else {
            Vec::new()
        },
        items: if can_invite_guests {
            items(db, space.id, &ctx).await?
        } else {
            Vec::new()
        },
        guests: if can_admin && space.group.is_some() {
            guests::list(db, space.id).await?
        } else {
            Vec::new()
        },
        notice,
        error,
        ctx,
        org,
        space,
    })
}

/// The page again with a message about what was refused (422: nothing changed).
async fn refused(db: &Db, ctx: Ctx, id: i64, key: &str) -> Result<Response, AppError> {
    let space = load(db, id).await?;
    let actor = access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    // In the organisation's language, as the page is.
    let mut view = page(db, ctx, space, actor, None, None).await?;
    view.error = Some(view.ctx.i18n.t(key));
    let mut response = render(&view)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

fn back(id: i64) -> Response {
    see_other(&format!("/spaces/{id}/group"))
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let space = load(db, id).await?;
    let actor = access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    // A space that is not a group has no group page, except for its admins (to make it one).
    if space.group.is_none() && !permits(&actor, Action::AdminSpace, Some(&space.facts())) {
        return Err(AppError::NotFound);
    }
    render(&page(db, ctx, space, actor, None, None).await?)
}

async fn make_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let space = load(db, id).await?;
    access::require_space(db, ctx.user(), &space, Action::AdminSpace).await?;
    let by = ctx.user().map(|u| u.id);
    match super::make_group(db, &space, by).await? {
        Ok(()) => Ok(back(id)),
        Err(problem) => refused(db, ctx, id, problem.key()).await,
    }
}

async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<JoinForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, actor) = load_group(db, &ctx, id, Action::ViewSpace).await?;
    let user_id = ctx.require_user()?.id;
    // Already a member (a second click): nothing to do.
    if actor.space_role.is_some() {
        return Ok(back(id));
    }
    if !permits(&actor, Action::JoinGroup, Some(&space.facts())) {
        return Err(AppError::Forbidden);
    }
    if Privacy::of(&space) == Privacy::Closed {
        if let Err(problem) = super::may_belong(db, &space, user_id).await? {
            return refused(db, ctx, id, problem.key()).await;
        }
        super::request_to_join(db, space.id, user_id, &form.message).await?;
        return Ok(back(id));
    }
    match super::add_member(db, &space, user_id, Some(user_id)).await? {
        Ok(()) | Err(Problem::AlreadyMember) => Ok(back(id)),
        Err(problem) => refused(db, ctx, id, problem.key()).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JoinForm {
    message: String,
}

async fn decide(
    state: AppState,
    ctx: Ctx,
    id: i64,
    rid: i64,
    accept: bool,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, _) = load_group(db, &ctx, id, Action::AdminSpace).await?;
    let by = ctx.require_user()?.id;
    let Some(email) = super::decide(db, &space, rid, accept, by).await? else {
        return refused(db, ctx, id, "groups-error-no-request").await;
    };
    // The requester is told, in the organisation's default language.
    let org = organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let i18n = ctx
        .for_organization(org.default_locale, &org.available_locales)
        .i18n;
    let (subject, body) = if accept {
        ("groups-mail-accepted-subject", "groups-mail-accepted-body")
    } else {
        ("groups-mail-declined-subject", "groups-mail-declined-body")
    };
    let link = format!("{}/spaces/{}/group", state.config.base_url, space.id);
    mail::enqueue(
        db,
        &email,
        &i18n.t1(subject, "group", &space.title),
        &i18n.t2(body, "group", &space.title, "link", link),
    )
    .await?;
    Ok(back(id))
}

async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    decide(state, ctx, id, rid, true).await
}

async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    decide(state, ctx, id, rid, false).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SettingsForm {
    privacy: String,
    start_threads: Option<String>,
    create_polls: Option<String>,
    add_members: Option<String>,
    invite_guests: Option<String>,
    edit_context: Option<String>,
    edit_comments: Option<String>,
    create_subgroups: Option<String>,
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, _) = load_group(db, &ctx, id, Action::AdminSpace).await?;
    let Some(privacy) = Privacy::parse(&form.privacy) else {
        return refused(db, ctx, id, "groups-error-bad-privacy").await;
    };
    // An unticked checkbox is not sent: absent means off.
    let flags = GroupFlags {
        start_threads: form.start_threads.is_some(),
        create_polls: form.create_polls.is_some(),
        add_members: form.add_members.is_some(),
        invite_guests: form.invite_guests.is_some(),
        edit_context: form.edit_context.is_some(),
        create_subgroups: form.create_subgroups.is_some(),
        edit_comments: form.edit_comments.is_some(),
    };
    super::save_settings(db, space.id, privacy, flags, ctx.user().map(|u| u.id)).await?;
    Ok(back(id))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EmailForm {
    email: String,
}

async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<EmailForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, _) = load_group(db, &ctx, id, Action::AddMembers).await?;
    let Some(user) = accounts::find_by_email(db, form.email.trim()).await? else {
        return refused(db, ctx, id, Problem::UnknownPerson.key()).await;
    };
    match super::add_member(db, &space, user.id, ctx.user().map(|u| u.id)).await? {
        Ok(()) => Ok(back(id)),
        Err(problem) => refused(db, ctx, id, problem.key()).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SubgroupForm {
    slug: String,
    title: String,
    description: String,
    privacy: String,
}

async fn create_subgroup(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<SubgroupForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let space = load(db, id).await?;
    let actor = access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    let creator = ctx.require_user()?.id;
    // Say clearly why a subgroup's subgroup is refused, rather than a bare 403.
    if space.group.is_some_and(|g| g.parent.is_some()) {
        return refused(db, ctx, id, Problem::SubgroupOfSubgroup.key()).await;
    }
    if space.group.is_none() {
        return Err(AppError::NotFound);
    }
    if !permits(&actor, Action::CreateSubgroup, Some(&space.facts())) {
        return Err(AppError::Forbidden);
    }
    let Some(privacy) = Privacy::parse(&form.privacy) else {
        return refused(db, ctx, id, "groups-error-bad-privacy").await;
    };
    let new = super::NewSubgroup {
        slug: form.slug.trim(),
        title: &form.title,
        description: &form.description,
        privacy,
    };
    match super::create_subgroup(db, &space, new, creator).await? {
        Ok(sub) => Ok(back(sub)),
        Err(problem) => refused(db, ctx, id, problem.key()).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GuestForm {
    item: String,
    email: String,
}

async fn invite_guest(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<GuestForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, _) = load_group(db, &ctx, id, Action::InviteGuests).await?;
    let by = ctx.require_user()?.id;
    let parsed = form
        .item
        .split_once(':')
        .and_then(|(k, i)| Some((ItemKind::parse(k)?, i.parse::<i64>().ok()?)));
    let Some((kind, item_id)) = parsed else {
        return refused(db, ctx, id, "groups-error-no-item").await;
    };
    // Only an item of this group: another group's id is refused like an unknown one.
    let Some(item) = guests::item(db, kind, item_id)
        .await?
        .filter(|i| i.space_id == space.id)
    else {
        return refused(db, ctx, id, "groups-error-no-item").await;
    };
    let email = form.email.trim().to_lowercase();
    if !email.contains('@') || email.len() > 254 || email.chars().any(char::is_whitespace) {
        return refused(db, ctx, id, "groups-error-bad-email").await;
    }
    let token = guests::invite(db, space.id, kind, item_id, &email, by).await?;
    let link = format!("{}/guest-invitations/{token}", state.config.base_url);
    let actor = access::require_space(db, ctx.user(), &space, Action::ViewSpace).await?;
    // The page is in the organisation's language; the e-mail too.
    let mut view = page(db, ctx, space, actor, None, None).await?;
    let i18n = &view.ctx.i18n;
    mail::enqueue(
        db,
        &email,
        &i18n.t1("groups-mail-guest-subject", "title", &item.title),
        &i18n.t2("groups-mail-guest-body", "title", &item.title, "link", link),
    )
    .await?;
    view.notice = Some(i18n.t1("groups-guest-invited", "email", &email));
    render(&view)
}

async fn accept_invitation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let user_id = ctx.require_user()?.id;
    match guests::accept(&state.db, &token, user_id).await? {
        Some(link) => Ok(see_other(&link)),
        None => Err(AppError::NotFound),
    }
}

async fn revoke_guest(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, gid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, _) = load_group(db, &ctx, id, Action::AdminSpace).await?;
    let by = ctx.require_user()?.id;
    if !guests::revoke(db, space.id, gid, by).await? {
        return refused(db, ctx, id, "groups-error-no-guest").await;
    }
    Ok(back(id))
}

async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let (space, _) = load_group(db, &ctx, id, Action::ViewSpace).await?;
    let user_id = ctx.require_user()?.id;
    match super::leave(db, space.id, user_id).await? {
        super::Left::Done => {
            // A secret group is no longer visible to the person who left it.
            let back = if Privacy::of(&space) == Privacy::Secret {
                format!(
                    "/o/{}",
                    organizations::find(db, space.organization_id)
                        .await?
                        .map(|o| o.slug)
                        .unwrap_or_default()
                )
            } else {
                format!("/spaces/{id}/group")
            };
            Ok(see_other(&back))
        }
        super::Left::LastAdmin => refused(db, ctx, id, "groups-error-last-admin").await,
        super::Left::NotMember => refused(db, ctx, id, "groups-error-not-member").await,
    }
}
