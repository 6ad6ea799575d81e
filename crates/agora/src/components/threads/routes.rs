//! The pages of the threads component.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{self, Thread};
use super::{KIND, MANIFEST, Settings};
use crate::app::AppState;
use crate::components::proposals::diff::{self, Line};
use crate::components::store::Component;
use crate::db::Db;
use crate::platform::access;
use crate::platform::comments::{self, CommentItem, CommentSection, ResourceRef};
use crate::platform::organizations::Organization;
use crate::platform::permissions::Action;
use crate::platform::spaces::Space;
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/threads/{cid}", get(list))
        .route("/threads/{cid}/new", get(new_form).post(create))
        .route("/threads/{cid}/{tid}", get(show))
        .route("/threads/{cid}/{tid}/edit", get(edit_form).post(update))
        .route("/threads/{cid}/{tid}/versions", get(versions))
        .route("/threads/{cid}/{tid}/layout", post(layout))
        .route("/threads/{cid}/{tid}/close", post(close))
        .route("/threads/{cid}/{tid}/reopen", post(reopen))
        .route("/threads/{cid}/{tid}/pin", post(pin))
        .route("/threads/{cid}/{tid}/unpin", post(unpin))
}

/// A threads component with everything its pages need, once access was checked.
type Loaded = crate::components::loaded::Loaded<Settings>;

impl Loaded {
    fn user_id(&self) -> Option<i64> {
        self.ctx.user().map(|u| u.id)
    }
    fn admin(&self) -> bool {
        self.can(Action::AdminSpace)
    }
    /// May the person edit the context, choose the reply settings, pin, close and reopen?
    fn manages(&self, thread: &Thread) -> bool {
        self.admin() || (self.user_id() == Some(thread.author_id) && self.can(Action::Participate))
    }
    fn may_create(&self) -> bool {
        self.admin()
            || (self.settings.creation_enabled
                && !self.settings.admins_only
                && self.can(Action::Participate))
    }
    fn base(&self) -> String {
        format!("/threads/{}", self.component.id)
    }
}

/// Loads a threads component with the shared loader (404 for what one may not see).
async fn load(db: &Db, ctx: Ctx, id: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load(db, ctx, id, &MANIFEST, Settings::from_map).await
}

async fn load_thread(db: &Db, loaded: &Loaded, tid: i64) -> Result<Thread, AppError> {
    model::find(db, tid)
        .await?
        .filter(|t| t.component_id == loaded.component.id)
        .ok_or(AppError::NotFound)
}

/// Loads a thread the signed-in person manages: sign in first, 403 when it is not theirs.
async fn load_managed(db: &Db, ctx: Ctx, cid: i64, tid: i64) -> Result<(Loaded, Thread), AppError> {
    let loaded = load(db, ctx, cid).await?;
    if loaded.ctx.user().is_none() {
        return Err(AppError::SignInRequired(format!("/threads/{cid}/{tid}")));
    }
    let thread = load_thread(db, &loaded, tid).await?;
    if !loaded.manages(&thread) {
        return Err(AppError::Forbidden);
    }
    Ok((loaded, thread))
}

fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// A date as people read it (`21 novembre 2026`), in the organisation's time zone.
fn date(loaded: &Loaded, at: i64) -> String {
    let i18n = &loaded.ctx.i18n;
    let tz = jiff::tz::TimeZone::get(&loaded.org.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(ts) = jiff::Timestamp::from_second(at) else {
        return String::new();
    };
    let date = ts.to_zoned(tz).date();
    let month = i18n.t(&format!("org-month-{}", date.month()));
    let month_year = i18n.t2("org-month-year", "month", month, "year", date.year());
    i18n.t2("org-date", "day", date.day(), "month_year", month_year)
}

// ----- list -----

#[derive(Template)]
#[template(path = "components/threads/list.html")]
struct ListView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    cards: Vec<(Thread, i64)>,
    can_create: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let cards = model::list(&state.db, cid, loaded.user_id()).await?;
    render(&ListView {
        can_create: loaded.may_create() || loaded.ctx.user().is_none(),
        cards,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

// ----- new and edit -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ThreadForm {
    title: String,
    context: String,
    reply_layout: String,
    reply_order: String,
}

#[derive(Template)]
#[template(path = "components/threads/form.html")]
struct FormView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    /// The thread being edited (None: a new one).
    editing: Option<i64>,
    form: ThreadForm,
    error: Option<String>,
    context_max: usize,
    title_max: usize,
}

fn form_view(
    loaded: Loaded,
    editing: Option<i64>,
    form: ThreadForm,
    error: Option<String>,
) -> FormView {
    FormView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        editing,
        form,
        error,
        context_max: model::CONTEXT_MAX,
        title_max: model::TITLE_MAX,
    }
}

async fn require_create(db: &Db, loaded: &Loaded) -> Result<(), AppError> {
    access::require_space(db, loaded.ctx.user(), &loaded.space, Action::Participate)
        .await
        .map_err(|e| match e {
            AppError::SignInRequired(_) => {
                AppError::SignInRequired(format!("{}/new", loaded.base()))
            }
            other => other,
        })?;
    if !loaded.may_create() {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    require_create(&state.db, &loaded).await?;
    let form = ThreadForm {
        reply_layout: "nested".into(),
        reply_order: "oldest".into(),
        ..ThreadForm::default()
    };
    render(&form_view(loaded, None, form, None))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Form(form): Form<ThreadForm>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    require_create(&state.db, &loaded).await?;
    let user_id = loaded.ctx.require_user()?.id;
    let Some((layout, order)) = model::parse_layout(&form.reply_layout, &form.reply_order) else {
        return Err(AppError::BadRequest("unknown reply layout or order".into()));
    };
    let (title, context) = match model::check(&form.title, &form.context) {
        Ok(texts) => texts,
        Err(problem) => {
            let error = Some(loaded.ctx.i18n.t(problem.key()));
            return Ok(with_status(
                render(&form_view(loaded, None, form, error))?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let tid = model::create(&state.db, cid, user_id, title, context, layout, order).await?;
    mention(&state, tid, user_id, None, context, cid).await;
    Ok(see_other(&format!("/threads/{cid}/{tid}")))
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, thread) = load_managed(&state.db, ctx, cid, tid).await?;
    let form = ThreadForm {
        title: thread.title,
        context: thread.context,
        reply_layout: thread.reply_layout,
        reply_order: thread.reply_order,
    };
    render(&form_view(loaded, Some(tid), form, None))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Form(form): Form<ThreadForm>,
) -> Result<Response, AppError> {
    let (loaded, before) = load_managed(&state.db, ctx, cid, tid).await?;
    let user_id = loaded.ctx.require_user()?.id;
    let (title, context) = match model::check(&form.title, &form.context) {
        Ok(texts) => texts,
        Err(problem) => {
            let error = Some(loaded.ctx.i18n.t(problem.key()));
            return Ok(with_status(
                render(&form_view(loaded, Some(tid), form, error))?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    if !model::edit(&state.db, tid, user_id, loaded.admin(), title, context).await? {
        return Err(AppError::Forbidden);
    }
    mention(&state, tid, user_id, Some(&before.context), context, cid).await;
    Ok(see_other(&format!("/threads/{cid}/{tid}")))
}

/// Notifies the people a thread's context (newly) mentions. Logged, not returned, on failure:
/// the thread is saved.
async fn mention(
    state: &AppState,
    tid: i64,
    author_id: i64,
    before: Option<&str>,
    context: &str,
    cid: i64,
) {
    use crate::platform::notifications::mentions;
    let Some(resource) = ResourceRef::new(super::KIND, tid) else {
        return;
    };
    let written = mentions::Written {
        resource,
        author_id,
        before,
        text: context,
        path: &format!("/threads/{cid}/{tid}"),
    };
    if let Err(e) = mentions::notify(&state.db, &state.config, written).await {
        tracing::warn!(error = %e, thread = tid, "mention notifications");
    }
}

// ----- show -----

struct OutlineItem {
    comment_id: i64,
    title: String,
    link: String,
}

#[derive(Template)]
#[template(path = "components/threads/show.html")]
struct ShowView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    thread: Thread,
    context_html: String,
    date: String,
    comments: CommentSection,
    outline: Vec<OutlineItem>,
    unread: i64,
    first_unread: Option<String>,
    manages: bool,
    /// Replies on this page that may be pinned: (id, label).
    pin_choices: Vec<(i64, String)>,
    versions: usize,
    error: Option<String>,
}

/// Shows the replies as the thread's author chose: flat (one list by date) or nested, oldest
/// or newest first. Nested and newest first reverses the conversations, each keeping its
/// replies in order.
fn arrange(items: Vec<CommentItem>, flat: bool, newest_first: bool) -> Vec<CommentItem> {
    if flat {
        let mut items: Vec<CommentItem> = items
            .into_iter()
            .map(|mut c| {
                c.has_children = false;
                c.closes = 0;
                c
            })
            .collect();
        items.sort_by_key(|c| c.id);
        if newest_first {
            items.reverse();
        }
        return items;
    }
    if !newest_first {
        return items;
    }
    let mut groups: Vec<Vec<CommentItem>> = Vec::new();
    for item in items {
        match groups.last_mut() {
            Some(group) if item.parent_id.is_some() => group.push(item),
            _ => groups.push(vec![item]),
        }
    }
    groups.into_iter().rev().flatten().collect()
}

async fn show_view(
    db: &Db,
    loaded: Loaded,
    thread: Thread,
    comments_page: i64,
    error: Option<String>,
) -> Result<ShowView, AppError> {
    let resource = ResourceRef::new(KIND, thread.id).ok_or(AppError::NotFound)?;
    let mut comments = comments::section(db, &loaded.ctx, resource, comments_page).await?;
    comments.items = arrange(
        std::mem::take(&mut comments.items),
        thread.flat(),
        thread.newest_first(),
    );
    let url = comments.url.clone();
    let mut outline = Vec::new();
    for (comment_id, title) in model::pins(db, thread.id).await? {
        let Some(comment) = comments::find(db, comment_id).await? else {
            continue;
        };
        let page = comments::page_of(db, &comment).await?;
        outline.push(OutlineItem {
            comment_id,
            title,
            link: comments::link(&url, page, comment_id),
        });
    }
    let (unread, first_unread) = match loaded.user_id() {
        Some(uid) => {
            let last = model::last_read(db, thread.id, uid).await?;
            let unread = model::unread_count(db, thread.id, uid).await?;
            let first = match model::first_after(db, thread.id, uid, last).await? {
                Some(id) => match comments::find(db, id).await? {
                    Some(c) => Some(comments::link(&url, comments::page_of(db, &c).await?, id)),
                    None => None,
                },
                None => None,
            };
            // Seen now: the next visit counts from here.
            model::mark_read(db, thread.id, uid).await?;
            (unread, first)
        }
        None => (0, None),
    };
    let manages = loaded.manages(&thread);
    let pin_choices = if manages {
        comments
            .items
            .iter()
            .filter(|c| c.readable())
            .map(|c| (c.id, format!("{} · {}", c.author_name(), c.created)))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ShowView {
        context_html: crate::platform::notifications::mentions::render(db, &thread.context).await?,
        date: date(&loaded, thread.created_at),
        versions: model::versions(db, thread.id).await?.len(),
        comments,
        outline,
        unread,
        first_unread,
        manages,
        pin_choices,
        error,
        thread,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let thread = load_thread(&state.db, &loaded, tid).await?;
    let page = comments::page_param(&query);
    render(&show_view(&state.db, loaded, thread, page, None).await?)
}

// ----- versions -----

struct VersionView {
    number: usize,
    author_name: String,
    date: String,
    lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "components/threads/versions.html")]
struct VersionsView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    thread: Thread,
    versions: Vec<VersionView>,
}

async fn versions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let thread = load_thread(&state.db, &loaded, tid).await?;
    let all = model::versions(&state.db, tid).await?;
    let mut views = Vec::with_capacity(all.len());
    for (i, version) in all.iter().enumerate() {
        let before = if i == 0 {
            ""
        } else {
            all[i - 1].context.as_str()
        };
        views.push(VersionView {
            number: i + 1,
            author_name: version.author_name.clone(),
            date: date(&loaded, version.created_at),
            lines: diff::lines(before, &version.context),
        });
    }
    views.reverse();
    render(&VersionsView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        thread,
        versions: views,
    })
}

// ----- managing -----

async fn refuse(
    db: &Db,
    loaded: Loaded,
    thread: Thread,
    key: &str,
    status: StatusCode,
) -> Result<Response, AppError> {
    let message = loaded.ctx.i18n.t(key);
    let view = show_view(db, loaded, thread, 1, Some(message)).await?;
    Ok(with_status(render(&view)?, status))
}

async fn layout(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Form(form): Form<ThreadForm>,
) -> Result<Response, AppError> {
    let (loaded, _) = load_managed(&state.db, ctx, cid, tid).await?;
    let Some((layout, order)) = model::parse_layout(&form.reply_layout, &form.reply_order) else {
        return Err(AppError::BadRequest("unknown reply layout or order".into()));
    };
    let user_id = loaded.ctx.require_user()?.id;
    if !model::set_layout(&state.db, tid, user_id, loaded.admin(), layout, order).await? {
        return Err(AppError::Forbidden);
    }
    Ok(see_other(&format!("/threads/{cid}/{tid}#comments")))
}

async fn set_closed(
    state: AppState,
    ctx: Ctx,
    cid: i64,
    tid: i64,
    close: bool,
) -> Result<Response, AppError> {
    let (loaded, thread) = load_managed(&state.db, ctx, cid, tid).await?;
    let user_id = loaded.ctx.require_user()?.id;
    if !model::set_closed(&state.db, tid, user_id, loaded.admin(), close).await? {
        let key = if close {
            "threads-error-already-closed"
        } else {
            "threads-error-already-open"
        };
        return refuse(&state.db, loaded, thread, key, StatusCode::CONFLICT).await;
    }
    Ok(see_other(&format!("/threads/{cid}/{tid}")))
}

async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    set_closed(state, ctx, cid, tid, true).await
}

async fn reopen(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    set_closed(state, ctx, cid, tid, false).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PinForm {
    comment_id: String,
    title: String,
}

async fn pin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Form(form): Form<PinForm>,
) -> Result<Response, AppError> {
    let (loaded, thread) = load_managed(&state.db, ctx, cid, tid).await?;
    let comment_id: i64 = form
        .comment_id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("comment_id must be a number".into()))?;
    let title = match model::check_pin_title(&form.title) {
        Ok(title) => title,
        Err(problem) => {
            return refuse(
                &state.db,
                loaded,
                thread,
                problem.key(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if !model::pin(&state.db, tid, comment_id, title).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/threads/{cid}/{tid}#outline")))
}

async fn unpin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Form(form): Form<PinForm>,
) -> Result<Response, AppError> {
    let _ = load_managed(&state.db, ctx, cid, tid).await?;
    let comment_id: i64 = form
        .comment_id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("comment_id must be a number".into()))?;
    model::unpin(&state.db, tid, comment_id).await?;
    Ok(see_other(&format!("/threads/{cid}/{tid}#outline")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::comments::AuthorShown;

    fn item(id: i64, parent: Option<i64>, has_children: bool, closes: usize) -> CommentItem {
        CommentItem {
            id,
            parent_id: parent,
            depth: i64::from(parent.is_some()),
            author: AuthorShown::Deleted,
            body_html: String::new(),
            body: String::new(),
            alignment: 0,
            up_votes: 0,
            down_votes: 0,
            my_vote: 0,
            created: String::new(),
            created_iso: String::new(),
            created_at: 0,
            edited: false,
            deleted: false,
            hidden: false,
            mine: false,
            reported: false,
            has_children,
            closes,
            more_replies: 0,
        }
    }

    fn ids(items: &[CommentItem]) -> Vec<i64> {
        items.iter().map(|c| c.id).collect()
    }

    #[test]
    fn replies_are_arranged_as_the_author_chose() {
        let tree = || {
            vec![
                item(1, None, true, 0),
                item(3, Some(1), false, 1),
                item(2, None, false, 0),
            ]
        };
        assert_eq!(ids(&arrange(tree(), false, false)), vec![1, 3, 2]);
        assert_eq!(ids(&arrange(tree(), false, true)), vec![2, 1, 3]);
        let flat = arrange(tree(), true, false);
        assert_eq!(ids(&flat), vec![1, 2, 3]);
        assert!(flat.iter().all(|c| !c.has_children && c.closes == 0));
        assert_eq!(ids(&arrange(tree(), true, true)), vec![3, 2, 1]);
    }
}
