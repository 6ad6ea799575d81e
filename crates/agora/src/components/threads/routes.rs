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
use super::reactions::{self, Tally};
use super::{KIND, MANIFEST, Settings, moving, timeline};
use crate::app::AppState;
use crate::components::polls::model::{self as polls_model, Poll};
use crate::components::polls::rules::Status as PollStatus;
use crate::components::proposals::diff::{self, Line};
use crate::components::store::Component;
use crate::db::Db;
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
        .route("/threads/{cid}/{tid}/react", get(react_form).post(react))
        .route("/threads/{cid}/{tid}/move", post(move_reply))
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
    /// In a group, the group's flags decide (see `permissions::permits`, `StartThread`).
    fn may_create(&self) -> bool {
        self.admin()
            || (self.settings.creation_enabled
                && !self.settings.admins_only
                && self.can(Action::StartThread))
    }
    /// May the person edit the thread's context? Its author, unless a group's flag keeps that
    /// to admins (`EditOwnContext`).
    fn may_edit_context(&self, thread: &Thread) -> bool {
        self.admin()
            || (self.user_id() == Some(thread.author_id) && self.can(Action::EditOwnContext))
    }
    fn base(&self) -> String {
        format!("/threads/{}", self.component.id)
    }
}

/// Loads a threads component with the shared loader (404 for what one may not see).
async fn load(db: &Db, ctx: Ctx, id: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load(db, ctx, id, &MANIFEST, Settings::from_map).await
}

/// Loads a threads component for the page of thread `tid`: its guests get in too.
async fn load_for_thread(db: &Db, ctx: Ctx, id: i64, tid: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load_item(
        db,
        ctx,
        id,
        &MANIFEST,
        Settings::from_map,
        ("thread", tid),
    )
    .await
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

/// On a component [`load`]ed, not an item: a guest of one thread may not start others.
fn require_create(loaded: &Loaded) -> Result<(), AppError> {
    loaded.require(Action::Participate, &format!("{}/new", loaded.base()))?;
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
    require_create(&loaded)?;
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
    require_create(&loaded)?;
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
    if !loaded.may_edit_context(&thread) {
        return Err(AppError::Forbidden);
    }
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
    if !loaded.may_edit_context(&before) {
        return Err(AppError::Forbidden);
    }
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

/// An entry of the outline: a pinned reply, or the outcome of a closed poll started in the
/// thread (an intermediate decision).
struct OutlineItem {
    /// The pinned reply (None: a decision).
    comment_id: Option<i64>,
    title: String,
    link: String,
    /// The decision's statement, for a poll's outcome.
    decision: Option<String>,
    at: i64,
}

/// A poll started in the thread, as its timeline shows it.
struct PollCard {
    id: i64,
    link: String,
    title: String,
    type_label: String,
    /// `draft`, `open` or `closed`.
    status: &'static str,
    status_label: String,
    /// When it closes or closed.
    end: String,
    voters: i64,
    outcome_html: Option<String>,
    created_at: i64,
}

/// One entry of the timeline: a reply (with its reactions) or a poll.
enum Entry {
    Reply(Box<CommentItem>, Vec<Tally>),
    Poll(PollCard),
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
    timeline: Vec<Entry>,
    outline: Vec<OutlineItem>,
    unread: i64,
    first_unread: Option<String>,
    /// Links to the pages before and after this one, in the thread's order.
    earlier: Option<String>,
    later: Option<String>,
    /// This page, counted in the thread's order, and how many there are.
    page_shown: i64,
    manages: bool,
    /// Replies on this page that may be pinned or moved: (id, label).
    pin_choices: Vec<(i64, String)>,
    /// Threads a reply may move to: (id, title).
    move_targets: Vec<(i64, String)>,
    /// Where to start a poll from this thread (a polls component of the space).
    new_poll: Option<String>,
    versions: i64,
    error: Option<String>,
    /// Words every reply repeats, translated once for the page (see comments::Labels).
    labels: ReplyLabels,
}

/// The reaction words under each reply of the timeline, translated once per page.
struct ReplyLabels {
    react: String,
    reactions: String,
    /// The label of each of [`reactions::EMOJI`], in its order.
    emoji: Vec<String>,
}

impl ReplyLabels {
    fn new(i18n: &crate::i18n::I18n) -> ReplyLabels {
        ReplyLabels {
            react: i18n.t("threads-react"),
            reactions: i18n.t("threads-reactions"),
            emoji: reactions::EMOJI
                .iter()
                .map(|(code, _)| i18n.t(&format!("threads-reaction-{code}")))
                .collect(),
        }
    }
}

impl ShowView {
    fn reaction_label(&self, code: &str) -> &str {
        reactions::EMOJI
            .iter()
            .position(|(c, _)| *c == code)
            .and_then(|i| self.labels.emoji.get(i))
            .map_or("", String::as_str)
    }
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

/// Places the polls among the replies, by time: before the first conversation (flat: reply)
/// that started after the poll (newest first: before the first that started before it). Only
/// at conversation boundaries, so nested lists stay whole.
fn interleave(
    items: Vec<CommentItem>,
    mut reactions: HashMap<i64, Vec<Tally>>,
    mut polls: Vec<PollCard>,
    flat: bool,
    newest_first: bool,
) -> Vec<Entry> {
    polls.sort_by_key(|p| (p.created_at, p.id));
    if newest_first {
        polls.reverse();
    }
    let mut polls = polls.into_iter().peekable();
    let mut out = Vec::with_capacity(items.len() + polls.len());
    for item in items {
        // Flat: every reply is its own list item; nested: only between conversations.
        if flat || item.parent_id.is_none() {
            while let Some(poll) = polls.next_if(|p| {
                if newest_first {
                    p.created_at >= item.created_at
                } else {
                    p.created_at < item.created_at
                }
            }) {
                out.push(Entry::Poll(poll));
            }
        }
        let tallies = reactions.remove(&item.id).unwrap_or_default();
        out.push(Entry::Reply(Box::new(item), tallies));
    }
    out.extend(polls.map(Entry::Poll));
    out
}

/// The card of a poll started in the thread.
fn poll_card(loaded: &Loaded, poll: &Poll) -> PollCard {
    let i18n = &loaded.ctx.i18n;
    let status = poll.status().as_str();
    PollCard {
        id: poll.id,
        link: format!("/polls/{}/{}", poll.component_id, poll.id),
        title: poll.title.clone(),
        type_label: i18n.t(&format!("polls-type-{}", poll.poll_type)),
        status,
        status_label: i18n.t(&format!("polls-status-{status}")),
        end: poll.end().map(|t| date(loaded, t)).unwrap_or_default(),
        voters: poll.voters_count,
        outcome_html: (status == "closed")
            .then(|| {
                poll.outcome_text
                    .as_deref()
                    .map(crate::platform::markdown::to_safe_html)
            })
            .flatten(),
        created_at: poll.created_at,
    }
}

/// The thread page: the window of conversations at `page` (None: the page of the first unread
/// reply, else the first page in the thread's order), the polls started in the thread at their
/// place in time, the outline, and the read marker moved over what is shown.
async fn show_view(
    db: &Db,
    loaded: Loaded,
    thread: Thread,
    page: Option<i64>,
    alone: Option<comments::Position>,
    error: Option<String>,
) -> Result<ShowView, AppError> {
    let resource = ResourceRef::new(KIND, thread.id).ok_or(AppError::NotFound)?;
    let uid = loaded.user_id();
    // The read marker, the unread count and the first unread reply's page: one statement.
    let reading = match uid {
        Some(uid) => Some(timeline::reading(db, thread.id, uid).await?),
        None => None,
    };
    let last = reading.map_or(0, |r| r.last);
    let first_unread = reading.and_then(|r| r.first_unread);
    let first_unread_page = first_unread.map(|(_, _, page)| page);
    let page = match (page, first_unread_page) {
        (Some(page), _) => page,
        (None, Some(page)) => page,
        // Nothing unread: the start of the thread in its order.
        (None, None) if thread.newest_first() => timeline::pages(db, thread.id).await?,
        (None, None) => 1,
    };
    // One conversation shown alone (its "more replies" link) keeps the comment service's
    // position; otherwise a window of conversations.
    let at = alone.unwrap_or(comments::Position {
        page,
        ..comments::Position::FIRST
    });
    // The space, the person's actor, the thread and its component are known already: the
    // comments service reads none of them again.
    let resolved = comments::resolve_known(
        resource,
        super::host_info(&loaded.component, &thread),
        loaded.space.clone(),
        loaded.actor,
    )?;
    let mut comments = comments::section_of(db, &loaded.ctx, resolved, at).await?;
    let url = comments.url.clone();
    let items = arrange(
        std::mem::take(&mut comments.items),
        thread.flat(),
        thread.newest_first(),
    );
    let shown: Vec<i64> = items.iter().map(|c| c.id).collect();
    let tallies = reactions::of(db, &shown, uid).await?;

    // Polls: those whose time falls in this page's span of conversations.
    let all_polls = polls_model::in_thread(db, thread.id).await?;
    let last_top = items
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| c.id)
        .max();
    let first_start = items
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| c.created_at)
        .min();
    let next_start = match (last_top, comments.page < comments.pages) {
        (Some(last_top), true) if !all_polls.is_empty() => {
            timeline::next_start(db, thread.id, last_top).await?
        }
        _ => None,
    };
    let visible_polls: Vec<&Poll> = all_polls
        .iter()
        .filter(|p| p.status() != PollStatus::Draft || loaded.admin() || uid == Some(p.author_id))
        .collect();
    let cards = visible_polls
        .iter()
        .filter(|p| {
            // One conversation shown alone has no place in time for polls.
            comments.thread.is_none()
                && (comments.page == 1 || first_start.is_none_or(|s| p.created_at >= s))
                && next_start.is_none_or(|n| p.created_at < n)
                && (comments.page == comments.pages || next_start.is_some())
        })
        .map(|p| poll_card(&loaded, p))
        .collect();
    let timeline = interleave(items, tallies, cards, thread.flat(), thread.newest_first());

    let mut outline: Vec<OutlineItem> = timeline::pins(db, thread.id)
        .await?
        .into_iter()
        .map(|pin| OutlineItem {
            comment_id: Some(pin.comment_id),
            link: comments::link(&url, pin.page, pin.comment_id),
            title: pin.title,
            decision: None,
            at: pin.created_at,
        })
        .collect();
    for poll in &visible_polls {
        if poll.status() == PollStatus::Closed
            && let Some(text) = &poll.outcome_text
        {
            outline.push(OutlineItem {
                comment_id: None,
                title: poll.title.clone(),
                link: format!("/polls/{}/{}#outcome", poll.component_id, poll.id),
                decision: Some(text.clone()),
                at: poll.outcome_at.unwrap_or(poll.created_at),
            });
        }
    }
    outline.sort_by_key(|o| o.at);

    let (unread, first_unread) = match uid {
        Some(uid) => {
            let unread = reading.map_or(0, |r| r.unread);
            let link = first_unread.map(|(id, _, page)| comments::link(&url, page, id));
            // Seen now: only what this page showed, so later pages stay unread.
            timeline::read_upto(db, thread.id, uid, last, &shown).await?;
            (unread, link)
        }
        None => (0, None),
    };
    let manages = loaded.manages(&thread);
    let pin_choices: Vec<(i64, String)> = if manages {
        timeline
            .iter()
            .filter_map(|e| match e {
                Entry::Reply(c, _) if c.readable() => {
                    Some((c.id, format!("{} · {}", c.author_name(), c.created)))
                }
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let move_targets = if manages && !pin_choices.is_empty() {
        moving::targets(db, thread.id).await?
    } else {
        Vec::new()
    };
    let new_poll = if !thread.closed() && loaded.can(Action::Participate) {
        crate::components::store::list_published(db, loaded.space.id)
            .await?
            .into_iter()
            .find(|c| c.kind == "polls")
            .map(|c| format!("/polls/{}/new?thread={}", c.id, thread.id))
    } else {
        None
    };
    // Pages are numbered in the thread's order: newest first reads the last one first.
    let (earlier_page, later_page) = (comments.page - 1, comments.page + 1);
    let link_to = |p: i64| (p >= 1 && p <= comments.pages).then(|| comments.page_url(p));
    let (earlier, later) = (link_to(earlier_page), link_to(later_page));
    let page_shown = if thread.newest_first() {
        comments.pages - comments.page + 1
    } else {
        comments.page
    };
    Ok(ShowView {
        context_html: crate::platform::notifications::mentions::render(db, &thread.context).await?,
        date: date(&loaded, thread.created_at),
        versions: timeline::versions_count(db, thread.id).await?,
        comments,
        timeline,
        outline,
        unread,
        first_unread,
        earlier,
        later,
        page_shown,
        manages,
        pin_choices,
        move_targets,
        new_poll,
        error,
        thread,
        labels: ReplyLabels::new(&loaded.ctx.i18n),
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
    let loaded = load_for_thread(&state.db, ctx, cid, tid).await?;
    let thread = load_thread(&state.db, &loaded, tid).await?;
    let page = query
        .get("comments_page")
        .and_then(|p| p.parse::<i64>().ok());
    let at = comments::position_param(&query);
    let alone = at.thread.is_some().then_some(at);
    render(&show_view(&state.db, loaded, thread, page, alone, None).await?)
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
    let loaded = load_for_thread(&state.db, ctx, cid, tid).await?;
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
    let view = show_view(db, loaded, thread, None, None, Some(message)).await?;
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

// ----- reactions -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReactForm {
    comment_id: String,
    emoji: String,
    /// The page the form was on, to come back to it.
    comments_page: String,
}

/// The page to choose a reaction to one reply: the timeline shows the reactions given, as
/// buttons, and links here for the others (six buttons under every reply made a page of 150
/// replies much heavier).
#[derive(Template)]
#[template(path = "components/threads/react.html")]
struct ReactView {
    ctx: Ctx,
    component: Component,
    thread: Thread,
    comment_id: i64,
    comments_page: String,
    body_html: String,
}

impl ReactView {
    fn emoji(&self) -> &'static [(&'static str, &'static str)] {
        reactions::EMOJI
    }
    fn reaction_label(&self, code: &str) -> String {
        self.ctx.i18n.t(&format!("threads-reaction-{code}"))
    }
}

async fn react_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Query(form): Query<ReactForm>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let loaded = load_for_thread(db, ctx, cid, tid).await?;
    let thread = load_thread(db, &loaded, tid).await?;
    if loaded.ctx.user().is_none() {
        return Err(AppError::SignInRequired(format!(
            "/threads/{cid}/{tid}/react?comment_id={}",
            form.comment_id.trim()
        )));
    }
    if !loaded.can(Action::Participate) {
        return Err(AppError::Forbidden);
    }
    let comment_id: i64 = form
        .comment_id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("comment_id must be a number".into()))?;
    let comment = comments::find(db, comment_id)
        .await?
        .filter(|c| c.resource_kind == KIND && c.resource_id == tid && !c.deleted)
        .ok_or(AppError::NotFound)?;
    if crate::platform::moderation::is_hidden(db, comments::KIND, comment.id).await? {
        return Err(AppError::NotFound);
    }
    if thread.closed() {
        return refuse(
            db,
            loaded,
            thread,
            "threads-closed-no-reply",
            StatusCode::CONFLICT,
        )
        .await;
    }
    render(&ReactView {
        comments_page: form
            .comments_page
            .trim()
            .parse::<i64>()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        body_html: crate::platform::markdown::to_safe_html(&comment.body),
        comment_id,
        component: loaded.component,
        thread,
        ctx: loaded.ctx,
    })
}

/// Toggles the person's reaction on a reply (anyone who takes part in the space, while the
/// thread is open, as for replying).
async fn react(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Form(form): Form<ReactForm>,
) -> Result<Response, AppError> {
    // A guest of this thread reacts as they reply.
    let loaded = load_for_thread(&state.db, ctx, cid, tid).await?;
    let thread = load_thread(&state.db, &loaded, tid).await?;
    let back = format!("/threads/{cid}/{tid}");
    let Some(user) = loaded.ctx.user() else {
        return Err(AppError::SignInRequired(back));
    };
    let user_id = user.id;
    if !loaded.can(Action::Participate) {
        return Err(AppError::Forbidden);
    }
    let comment_id: i64 = form
        .comment_id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("comment_id must be a number".into()))?;
    let Some(code) = reactions::parse(form.emoji.trim()) else {
        let message = loaded.ctx.i18n.t("threads-reaction-error-emoji");
        let view = show_view(&state.db, loaded, thread, None, None, Some(message)).await?;
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    if thread.closed() {
        return refuse(
            &state.db,
            loaded,
            thread,
            "threads-closed-no-reply",
            StatusCode::CONFLICT,
        )
        .await;
    }
    if reactions::toggle(&state.db, tid, comment_id, user_id, code)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let page = form
        .comments_page
        .trim()
        .parse::<i64>()
        .map(|p| format!("?comments_page={p}"))
        .unwrap_or_default();
    Ok(see_other(&format!("{back}{page}#comment-{comment_id}")))
}

// ----- moving a reply -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MoveForm {
    comment_id: String,
    to: String,
}

/// Moves a reply and its sub-replies to another thread of the space (this thread's author or
/// a space admin).
async fn move_reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, tid)): Path<(i64, i64)>,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let (loaded, thread) = load_managed(&state.db, ctx, cid, tid).await?;
    let user_id = loaded.ctx.require_user()?.id;
    let (Ok(comment_id), Ok(to)) = (
        form.comment_id.trim().parse::<i64>(),
        form.to.trim().parse::<i64>(),
    ) else {
        return Err(AppError::BadRequest(
            "comment_id and to must be numbers".into(),
        ));
    };
    match moving::move_reply(&state.db, tid, comment_id, to, user_id).await? {
        Ok(_) => {
            let target = model::find(&state.db, to)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(see_other(&format!(
                "/threads/{}/{}?comments_page={}#comment-{comment_id}",
                target.component_id,
                to,
                timeline::page_of_root(&state.db, to, comment_id).await?
            )))
        }
        Err(refusal) => {
            let status = match refusal {
                moving::Refusal::TargetClosed => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            refuse(&state.db, loaded, thread, refusal.key(), status).await
        }
    }
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
            author_nickname: None,
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

    fn card(id: i64, created_at: i64) -> PollCard {
        PollCard {
            id,
            link: String::new(),
            title: String::new(),
            type_label: String::new(),
            status: "open",
            status_label: String::new(),
            end: String::new(),
            voters: 0,
            outcome_html: None,
            created_at,
        }
    }

    fn shape(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Reply(c, _) => format!("c{}", c.id),
                Entry::Poll(p) => format!("p{}", p.id),
            })
            .collect()
    }

    #[test]
    fn polls_take_their_place_in_time_between_conversations() {
        let at = |mut c: CommentItem, t: i64| {
            c.created_at = t;
            c
        };
        let tree = || {
            vec![
                at(item(1, None, true, 0), 10),
                at(item(2, Some(1), false, 1), 30),
                at(item(3, None, false, 0), 40),
            ]
        };
        let polls = || vec![card(7, 20), card(8, 50)];
        // Nested: never inside a conversation, even when its replies came later.
        let nested = interleave(tree(), HashMap::new(), polls(), false, false);
        assert_eq!(shape(&nested), ["c1", "c2", "p7", "c3", "p8"]);
        let flat = interleave(
            arrange(tree(), true, false),
            HashMap::new(),
            polls(),
            true,
            false,
        );
        assert_eq!(shape(&flat), ["c1", "p7", "c2", "c3", "p8"]);
        let newest = interleave(
            arrange(tree(), true, true),
            HashMap::new(),
            polls(),
            true,
            true,
        );
        assert_eq!(shape(&newest), ["p8", "c3", "c2", "p7", "c1"]);
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
