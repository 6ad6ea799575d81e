//! The pages of the accountability component: the results tree, a result with its timeline,
//! and the admin pages (results, statuses, milestones, CSV import and export).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::import::{self, LineError};
use super::model::{
    self, Imported, Linked, Milestone, MilestoneFields, Outcome, Refusal, ResultFields, Status,
    StatusFields, Viewer, Writer,
};
use super::rules;
use super::{MANIFEST, Settings};
use crate::app::AppState;
use crate::components::budgets::money;
use crate::components::store::Component;
use crate::db::Db;
use crate::i18n::I18n;
use crate::platform::markdown;
use crate::platform::organizations::Organization;
use crate::platform::permissions::Action;
use crate::platform::spaces::Space;
use crate::platform::spaces::routes::long_date;
use crate::platform::spaces::rules::parse_date;
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accountability/{cid}", get(list))
        .route("/accountability/{cid}/edit", get(admin))
        .route("/accountability/{cid}/new", get(new_form).post(create))
        .route("/accountability/{cid}/import", post(import_csv))
        .route("/accountability/{cid}/export.csv", get(export_csv))
        .route("/accountability/{cid}/statuses", post(create_status))
        .route(
            "/accountability/{cid}/statuses/{sid}/edit",
            get(edit_status_form).post(update_status),
        )
        .route(
            "/accountability/{cid}/statuses/{sid}/delete",
            post(delete_status),
        )
        .route("/accountability/{cid}/{rid}", get(show))
        .route(
            "/accountability/{cid}/{rid}/edit",
            get(edit_form).post(update),
        )
        .route("/accountability/{cid}/{rid}/delete", post(delete))
        .route(
            "/accountability/{cid}/{rid}/milestones",
            post(create_milestone),
        )
        .route(
            "/accountability/{cid}/{rid}/milestones/{mid}/edit",
            get(edit_milestone_form).post(update_milestone),
        )
        .route(
            "/accountability/{cid}/{rid}/milestones/{mid}/delete",
            post(delete_milestone),
        )
}

/// An accountability component with everything its pages need, once access was checked.
pub type Loaded = crate::components::loaded::Loaded<Settings>;

pub async fn load(db: &Db, ctx: Ctx, id: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load(db, ctx, id, &MANIFEST, Settings::from_map).await
}

async fn load_admin(db: &Db, ctx: Ctx, cid: i64) -> Result<Loaded, AppError> {
    let loaded = load(db, ctx, cid).await?;
    loaded.require(Action::AdminSpace, &loaded.ctx.path)?;
    Ok(loaded)
}

fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// A result in a list: its place in the tree and what is shown of it.
pub struct Row {
    pub result: Outcome,
    pub depth: usize,
    pub progress: i64,
    pub status: Option<String>,
    pub children: usize,
    /// Closing and opening tags of the nested lists before this item (fixed markup only).
    pub before: String,
}

/// The results in tree order (each parent followed by its children), with their progress.
fn tree_rows(
    results: &[Outcome],
    progress: &HashMap<i64, i64>,
    statuses: &[Status],
    root: Option<i64>,
) -> (Vec<Row>, String) {
    let mut children: HashMap<Option<i64>, Vec<&Outcome>> = HashMap::new();
    for r in results {
        children.entry(r.parent_id).or_default().push(r);
    }
    let mut rows = Vec::new();
    fn walk<'a>(
        parent: Option<i64>,
        depth: usize,
        children: &HashMap<Option<i64>, Vec<&'a Outcome>>,
        out: &mut Vec<(&'a Outcome, usize)>,
    ) {
        if depth > rules::MAX_DEPTH + 1 {
            return;
        }
        for r in children.get(&parent).into_iter().flatten() {
            out.push((r, depth));
            walk(Some(r.id), depth + 1, children, out);
        }
    }
    let mut order = Vec::new();
    walk(root, 0, &children, &mut order);
    let mut previous: Option<usize> = None;
    for (r, depth) in order {
        let before = match previous {
            None => String::new(),
            Some(p) if depth > p => "<ul>".to_string(),
            Some(p) => format!("</li>{}", "</ul></li>".repeat(p - depth)),
        };
        previous = Some(depth);
        rows.push(Row {
            depth,
            progress: progress.get(&r.id).copied().unwrap_or(r.progress),
            status: r
                .status_id
                .and_then(|s| statuses.iter().find(|x| x.id == s))
                .map(|s| s.name.clone()),
            children: children.get(&Some(r.id)).map_or(0, Vec::len),
            before,
            result: r.clone(),
        });
    }
    let after = match previous {
        None => String::new(),
        Some(p) => format!("</li>{}", "</ul></li>".repeat(p)),
    };
    (rows, after)
}

fn dates(i18n: &I18n, r: &Outcome) -> Option<String> {
    match (r.starts_on.as_deref(), r.ends_on.as_deref()) {
        (Some(s), Some(e)) => Some(i18n.t2(
            "accountability-dates",
            "start",
            long_date(i18n, s),
            "end",
            long_date(i18n, e),
        )),
        (Some(s), None) => Some(i18n.t1("accountability-from", "start", long_date(i18n, s))),
        (None, Some(e)) => Some(i18n.t1("accountability-until", "end", long_date(i18n, e))),
        (None, None) => None,
    }
}

// ----- the list -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListQuery {
    status: Option<String>,
}

#[derive(Template)]
#[template(path = "components/accountability/list.html")]
struct ListView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    rows: Vec<Row>,
    after: String,
    statuses: Vec<Status>,
    /// The status filtered on, if any (the list is then flat).
    filter: Option<i64>,
    overall: Option<i64>,
    can_admin: bool,
}

impl ListView {
    fn progress_label(&self, row: &Row) -> String {
        self.ctx
            .i18n
            .t1("accountability-progress-of", "title", &row.result.title)
    }
    fn is_filter(&self, id: &i64) -> bool {
        self.filter == Some(*id)
    }
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let results = model::all_results(&state.db, cid).await?;
    let statuses = model::statuses(&state.db, cid).await?;
    let progress = model::progress_of(&state.db, &results, loaded.settings.progress).await?;
    let filter = query
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>()
                .ok()
                .filter(|id| statuses.iter().any(|x| x.id == *id))
                .ok_or_else(|| AppError::BadRequest("unknown status".into()))
        })
        .transpose()?;
    let (rows, after) = match filter {
        Some(sid) => {
            let flat: Vec<Outcome> = results
                .iter()
                .filter(|r| r.status_id == Some(sid))
                .map(|r| Outcome {
                    parent_id: None,
                    ..r.clone()
                })
                .collect();
            tree_rows(&flat, &progress, &statuses, None)
        }
        None => tree_rows(&results, &progress, &statuses, None),
    };
    let tops: Vec<i64> = results
        .iter()
        .filter(|r| r.parent_id.is_none())
        .map(|r| progress.get(&r.id).copied().unwrap_or(r.progress))
        .collect();
    let overall = (!tops.is_empty())
        .then(|| rules::percent(tops.iter().sum::<i64>() as f64 / tops.len() as f64));
    render(&ListView {
        rows,
        after,
        statuses,
        filter,
        overall,
        can_admin: loaded.can(Action::AdminSpace),
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

// ----- one result -----

#[derive(Template)]
#[template(path = "components/accountability/show.html")]
struct ShowView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    result: Outcome,
    parent: Option<Outcome>,
    progress: i64,
    status: Option<Status>,
    dates: Option<String>,
    description_html: String,
    children: Vec<Row>,
    after: String,
    projects: Vec<(Linked, String)>,
    proposals: Vec<Linked>,
    milestones: Vec<(Milestone, String, String)>,
    computed: bool,
    can_admin: bool,
}

impl ShowView {
    fn progress_label(&self, row: &Row) -> String {
        self.ctx
            .i18n
            .t1("accountability-progress-of", "title", &row.result.title)
    }
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let results = model::all_results(&state.db, cid).await?;
    let result = results
        .iter()
        .find(|r| r.id == rid)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let statuses = model::statuses(&state.db, cid).await?;
    let progress = model::progress_of(&state.db, &results, loaded.settings.progress).await?;
    let (children, after) = tree_rows(&results, &progress, &statuses, Some(rid));
    let viewer = Viewer::load(&state.db, loaded.ctx.user(), loaded.org.id).await?;
    let locale = loaded.ctx.i18n.locale;
    let projects = model::linked_projects(&state.db, loaded.org.id, &result.project_ids, &viewer)
        .await?
        .into_iter()
        .map(|l| {
            let cost = l
                .cost
                .as_ref()
                .map(|(c, cur)| money(locale, *c, cur))
                .unwrap_or_default();
            (l, cost)
        })
        .collect();
    let proposals =
        model::linked_proposals(&state.db, loaded.org.id, &result.proposal_ids, &viewer).await?;
    let milestones = model::milestones(&state.db, rid)
        .await?
        .into_iter()
        .map(|m| {
            let date = long_date(&loaded.ctx.i18n, &m.happened_on);
            let body = markdown::to_safe_html(&m.body);
            (m, date, body)
        })
        .collect();
    render(&ShowView {
        parent: result
            .parent_id
            .and_then(|p| results.iter().find(|r| r.id == p).cloned()),
        progress: progress.get(&rid).copied().unwrap_or(result.progress),
        status: result
            .status_id
            .and_then(|s| statuses.iter().find(|x| x.id == s).cloned()),
        dates: dates(&loaded.ctx.i18n, &result),
        description_html: markdown::to_safe_html(&result.description),
        computed: !children.is_empty(),
        children,
        after,
        projects,
        proposals,
        milestones,
        can_admin: loaded.can(Action::AdminSpace),
        result,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

// ----- admin: the overview -----

/// A problem with one field of a form.
pub struct FieldError {
    field: &'static str,
    message: String,
}

fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StatusForm {
    code: String,
    name: String,
    description: String,
    progress: String,
}

#[derive(Template)]
#[template(path = "components/accountability/admin.html")]
struct AdminView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    rows: Vec<Row>,
    after: String,
    statuses: Vec<Status>,
    status_form: StatusForm,
    status_errors: Vec<FieldError>,
    csv: String,
    import_errors: Vec<String>,
    imported: Option<Imported>,
}

impl AdminView {
    fn status_error(&self, field: &str) -> Option<&str> {
        error_for(&self.status_errors, field)
    }
    fn columns(&self) -> String {
        import::COLUMNS.join(", ")
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AdminQuery {
    created: Option<usize>,
    updated: Option<usize>,
}

async fn admin_view(db: &Db, loaded: Loaded) -> Result<AdminView, AppError> {
    let cid = loaded.component.id;
    let results = model::all_results(db, cid).await?;
    let statuses = model::statuses(db, cid).await?;
    let progress = model::progress_of(db, &results, loaded.settings.progress).await?;
    let (rows, after) = tree_rows(&results, &progress, &statuses, None);
    Ok(AdminView {
        rows,
        after,
        statuses,
        status_form: StatusForm::default(),
        status_errors: Vec::new(),
        csv: String::new(),
        import_errors: Vec::new(),
        imported: None,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

async fn admin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Query(query): Query<AdminQuery>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let mut view = admin_view(&state.db, loaded).await?;
    if let (Some(created), Some(updated)) = (query.created, query.updated) {
        view.imported = Some(Imported { created, updated });
    }
    render(&view)
}

// ----- admin: results -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ResultForm {
    parent: String,
    reference: String,
    title: String,
    description: String,
    status: String,
    progress: String,
    starts_on: String,
    ends_on: String,
    weight: String,
    projects: String,
    proposals: String,
}

impl ResultForm {
    fn of(r: &Outcome) -> ResultForm {
        let join = |ids: &[i64]| {
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        ResultForm {
            parent: r.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            reference: r.reference.clone().unwrap_or_default(),
            title: r.title.clone(),
            description: r.description.clone(),
            status: r.status_id.map(|s| s.to_string()).unwrap_or_default(),
            progress: r.progress.to_string(),
            starts_on: r.starts_on.clone().unwrap_or_default(),
            ends_on: r.ends_on.clone().unwrap_or_default(),
            weight: r.weight.map(|w| w.to_string()).unwrap_or_default(),
            projects: join(&r.project_ids),
            proposals: join(&r.proposal_ids),
        }
    }
}

#[derive(Template)]
#[template(path = "components/accountability/result_form.html")]
struct ResultFormView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    result_id: Option<i64>,
    form: ResultForm,
    errors: Vec<FieldError>,
    /// Results that may be the parent: (id, title with its depth shown).
    parents: Vec<(i64, String)>,
    statuses: Vec<Status>,
    milestones: Vec<(Milestone, String)>,
    milestone_form: MilestoneForm,
    milestone_errors: Vec<FieldError>,
    has_children: bool,
}

impl ResultFormView {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
    fn milestone_error(&self, field: &str) -> Option<&str> {
        error_for(&self.milestone_errors, field)
    }
    fn is_parent(&self, id: &i64) -> bool {
        self.form.parent == id.to_string()
    }
    fn is_status(&self, id: &i64) -> bool {
        self.form.status == id.to_string()
    }
    fn action(&self) -> String {
        match self.result_id {
            Some(rid) => format!("/accountability/{}/{rid}/edit", self.component.id),
            None => format!("/accountability/{}/new", self.component.id),
        }
    }
}

async fn result_form_view(
    db: &Db,
    loaded: Loaded,
    result_id: Option<i64>,
    form: ResultForm,
    errors: Vec<FieldError>,
) -> Result<ResultFormView, AppError> {
    let cid = loaded.component.id;
    let results = model::all_results(db, cid).await?;
    let parents_map: HashMap<i64, Option<i64>> =
        results.iter().map(|r| (r.id, r.parent_id)).collect();
    let excluded = result_id.map(|id| rules::subtree(&parents_map, id));
    let statuses = model::statuses(db, cid).await?;
    let (rows, _) = tree_rows(&results, &HashMap::new(), &statuses, None);
    let parents = rows
        .iter()
        .filter(|r| r.depth + 1 < rules::MAX_DEPTH)
        .filter(|r| !excluded.as_ref().is_some_and(|e| e.contains(&r.result.id)))
        .map(|r| {
            (
                r.result.id,
                format!("{}{}", "— ".repeat(r.depth), r.result.title),
            )
        })
        .collect();
    let milestones = match result_id {
        Some(rid) => model::milestones(db, rid)
            .await?
            .into_iter()
            .map(|m| {
                let date = long_date(&loaded.ctx.i18n, &m.happened_on);
                (m, date)
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(ResultFormView {
        result_id,
        form,
        errors,
        parents,
        statuses,
        milestones,
        milestone_form: MilestoneForm::default(),
        milestone_errors: Vec::new(),
        has_children: result_id.is_some_and(|id| results.iter().any(|r| r.parent_id == Some(id))),
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

fn text_field(
    i18n: &I18n,
    errors: &mut Vec<FieldError>,
    field: &'static str,
    text: &str,
    required: bool,
    max: usize,
) {
    let text = text.trim();
    if required && text.is_empty() {
        errors.push(FieldError {
            field,
            message: i18n.t("accountability-error-required"),
        });
    } else if text.chars().count() > max {
        errors.push(FieldError {
            field,
            message: i18n.t1("accountability-error-long", "max", max),
        });
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Checks a result form's own fields (the tree and the links are checked in the transaction).
fn check_result_form(
    i18n: &I18n,
    form: &ResultForm,
    statuses: &[Status],
) -> (Vec<FieldError>, ResultFields) {
    let mut errors = Vec::new();
    text_field(
        i18n,
        &mut errors,
        "title",
        &form.title,
        true,
        model::TITLE_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "description",
        &form.description,
        false,
        model::DESCRIPTION_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "reference",
        &form.reference,
        false,
        import::REFERENCE_MAX,
    );
    let mut fields = ResultFields {
        reference: optional(&form.reference),
        title: form.title.trim().to_string(),
        description: form.description.trim().to_string(),
        ..ResultFields::default()
    };
    if let Some(p) = optional(&form.parent) {
        match p.parse::<i64>() {
            Ok(id) => fields.parent_id = Some(id),
            Err(_) => errors.push(FieldError {
                field: "parent",
                message: i18n.t("accountability-error-parent"),
            }),
        }
    }
    let mut status_progress = None;
    if let Some(s) = optional(&form.status) {
        match s
            .parse::<i64>()
            .ok()
            .and_then(|id| statuses.iter().find(|x| x.id == id))
        {
            Some(status) => {
                fields.status_id = Some(status.id);
                status_progress = status.progress;
            }
            None => errors.push(FieldError {
                field: "status",
                message: i18n.t("accountability-error-status"),
            }),
        }
    }
    fields.progress = match optional(&form.progress) {
        None => status_progress.unwrap_or(0),
        Some(text) => rules::parse_progress(&text).unwrap_or_else(|| {
            errors.push(FieldError {
                field: "progress",
                message: i18n.t("accountability-error-progress"),
            });
            0
        }),
    };
    for (field, text, slot) in [
        ("starts_on", &form.starts_on, &mut fields.starts_on),
        ("ends_on", &form.ends_on, &mut fields.ends_on),
    ] {
        match parse_date(text) {
            Ok(date) => *slot = date.map(|d| d.to_string()),
            Err(_) => errors.push(FieldError {
                field,
                message: i18n.t("accountability-error-date"),
            }),
        }
    }
    if let (Some(s), Some(e)) = (&fields.starts_on, &fields.ends_on)
        && e < s
    {
        errors.push(FieldError {
            field: "ends_on",
            message: i18n.t("accountability-error-end-before-start"),
        });
    }
    if let Some(w) = optional(&form.weight) {
        match w.replace([' ', '\u{a0}', '\u{202f}'], "").parse::<i64>() {
            Ok(n) if (0..=import::WEIGHT_MAX).contains(&n) => fields.weight = Some(n),
            _ => errors.push(FieldError {
                field: "weight",
                message: i18n.t("accountability-error-weight"),
            }),
        }
    }
    for (field, text, slot) in [
        ("projects", &form.projects, &mut fields.project_ids),
        ("proposals", &form.proposals, &mut fields.proposal_ids),
    ] {
        match rules::parse_ids(text) {
            Ok(ids) => *slot = ids,
            Err(word) => errors.push(FieldError {
                field,
                message: i18n.t1("accountability-error-ids", "value", word),
            }),
        }
    }
    (errors, fields)
}

fn refusal_error(i18n: &I18n, refusal: &Refusal) -> FieldError {
    match refusal {
        Refusal::Tree(t) => FieldError {
            field: "parent",
            message: i18n.t(t.key()),
        },
        Refusal::UnknownStatus => FieldError {
            field: "status",
            message: i18n.t("accountability-error-status"),
        },
        Refusal::UnknownProject(id) => FieldError {
            field: "projects",
            message: i18n.t1("accountability-error-project", "id", id),
        },
        Refusal::UnknownProposal(id) => FieldError {
            field: "proposals",
            message: i18n.t1("accountability-error-proposal", "id", id),
        },
        Refusal::ReferenceTaken => FieldError {
            field: "reference",
            message: i18n.t("accountability-error-reference-taken"),
        },
        Refusal::CodeTaken => FieldError {
            field: "code",
            message: i18n.t("accountability-error-code-taken"),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NewQuery {
    parent: Option<i64>,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let form = ResultForm {
        parent: query.parent.map(|p| p.to_string()).unwrap_or_default(),
        ..ResultForm::default()
    };
    render(&result_form_view(&state.db, loaded, None, form, Vec::new()).await?)
}

async fn writer_for<'a>(loaded: &Loaded, viewer: &'a Viewer) -> Result<Writer<'a>, AppError> {
    let user = loaded.ctx.require_user()?;
    Ok(Writer {
        user_id: user.id,
        organization_id: loaded.org.id,
        viewer,
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Form(form): Form<ResultForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let statuses = model::statuses(&state.db, cid).await?;
    let (mut errors, fields) = check_result_form(&loaded.ctx.i18n, &form, &statuses);
    if errors.is_empty() {
        let viewer = Viewer::load(&state.db, loaded.ctx.user(), loaded.org.id).await?;
        let writer = writer_for(&loaded, &viewer).await?;
        match model::create_result(&state.db, cid, &writer, &fields).await? {
            Ok(rid) => return Ok(see_other(&format!("/accountability/{cid}/{rid}"))),
            Err(refusal) => errors.push(refusal_error(&loaded.ctx.i18n, &refusal)),
        }
    }
    let view = result_form_view(&state.db, loaded, None, form, errors).await?;
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

async fn find_result(db: &Db, cid: i64, rid: i64) -> Result<Outcome, AppError> {
    model::all_results(db, cid)
        .await?
        .into_iter()
        .find(|r| r.id == rid)
        .ok_or(AppError::NotFound)
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let result = find_result(&state.db, cid, rid).await?;
    let form = ResultForm::of(&result);
    render(&result_form_view(&state.db, loaded, Some(rid), form, Vec::new()).await?)
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid)): Path<(i64, i64)>,
    Form(form): Form<ResultForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    find_result(&state.db, cid, rid).await?;
    let statuses = model::statuses(&state.db, cid).await?;
    let (mut errors, fields) = check_result_form(&loaded.ctx.i18n, &form, &statuses);
    if errors.is_empty() {
        let viewer = Viewer::load(&state.db, loaded.ctx.user(), loaded.org.id).await?;
        let writer = writer_for(&loaded, &viewer).await?;
        match model::update_result(&state.db, cid, &writer, rid, &fields).await? {
            Ok(true) => return Ok(see_other(&format!("/accountability/{cid}/{rid}"))),
            Ok(false) => return Err(AppError::NotFound),
            Err(refusal) => errors.push(refusal_error(&loaded.ctx.i18n, &refusal)),
        }
    }
    let view = result_form_view(&state.db, loaded, Some(rid), form, errors).await?;
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let user = loaded.ctx.require_user()?;
    if !model::delete_result(&state.db, cid, user.id, rid).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/accountability/{cid}/edit")))
}

// ----- admin: milestones -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MilestoneForm {
    happened_on: String,
    title: String,
    body: String,
}

fn check_milestone(i18n: &I18n, form: &MilestoneForm) -> (Vec<FieldError>, MilestoneFields) {
    let mut errors = Vec::new();
    text_field(
        i18n,
        &mut errors,
        "m-title",
        &form.title,
        true,
        model::TITLE_MAX,
    );
    text_field(
        i18n,
        &mut errors,
        "m-body",
        &form.body,
        false,
        model::DESCRIPTION_MAX,
    );
    let happened_on = match parse_date(&form.happened_on) {
        Ok(Some(d)) => d.to_string(),
        Ok(None) => {
            errors.push(FieldError {
                field: "m-date",
                message: i18n.t("accountability-error-required"),
            });
            String::new()
        }
        Err(_) => {
            errors.push(FieldError {
                field: "m-date",
                message: i18n.t("accountability-error-date"),
            });
            String::new()
        }
    };
    (
        errors,
        MilestoneFields {
            happened_on,
            title: form.title.trim().to_string(),
            body: form.body.trim().to_string(),
        },
    )
}

async fn create_milestone(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid)): Path<(i64, i64)>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let result = find_result(&state.db, cid, rid).await?;
    let (errors, fields) = check_milestone(&loaded.ctx.i18n, &form);
    if errors.is_empty() {
        let user = loaded.ctx.require_user()?;
        return match model::create_milestone(&state.db, cid, user.id, rid, &fields).await? {
            Some(_) => Ok(see_other(&format!(
                "/accountability/{cid}/{rid}/edit#milestones"
            ))),
            None => Err(AppError::NotFound),
        };
    }
    let mut view = result_form_view(
        &state.db,
        loaded,
        Some(rid),
        ResultForm::of(&result),
        Vec::new(),
    )
    .await?;
    view.milestone_form = form;
    view.milestone_errors = errors;
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

#[derive(Template)]
#[template(path = "components/accountability/milestone_form.html")]
struct MilestoneFormView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    result: Outcome,
    milestone_id: i64,
    form: MilestoneForm,
    errors: Vec<FieldError>,
}

impl MilestoneFormView {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

async fn edit_milestone_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid, mid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let result = find_result(&state.db, cid, rid).await?;
    let m = model::find_milestone(&state.db, rid, mid)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&MilestoneFormView {
        result,
        milestone_id: mid,
        form: MilestoneForm {
            happened_on: m.happened_on,
            title: m.title,
            body: m.body,
        },
        errors: Vec::new(),
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

async fn update_milestone(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid, mid)): Path<(i64, i64, i64)>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let result = find_result(&state.db, cid, rid).await?;
    let (errors, fields) = check_milestone(&loaded.ctx.i18n, &form);
    if errors.is_empty() {
        let user = loaded.ctx.require_user()?;
        if model::update_milestone(&state.db, cid, user.id, rid, mid, &fields).await? {
            return Ok(see_other(&format!(
                "/accountability/{cid}/{rid}/edit#milestones"
            )));
        }
        return Err(AppError::NotFound);
    }
    let view = MilestoneFormView {
        result,
        milestone_id: mid,
        form,
        errors,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    };
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

async fn delete_milestone(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, rid, mid)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let user = loaded.ctx.require_user()?;
    if !model::delete_milestone(&state.db, cid, user.id, rid, mid).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!(
        "/accountability/{cid}/{rid}/edit#milestones"
    )))
}

// ----- admin: statuses -----

fn check_status(i18n: &I18n, form: &StatusForm) -> (Vec<FieldError>, StatusFields) {
    let mut errors = Vec::new();
    let code = form.code.trim().to_string();
    if !rules::valid_code(&code) {
        errors.push(FieldError {
            field: "code",
            message: i18n.t("accountability-error-code"),
        });
    }
    text_field(i18n, &mut errors, "name", &form.name, true, model::NAME_MAX);
    text_field(
        i18n,
        &mut errors,
        "status-description",
        &form.description,
        false,
        1000,
    );
    let progress = match optional(&form.progress) {
        None => None,
        Some(text) => {
            let p = rules::parse_progress(&text);
            if p.is_none() {
                errors.push(FieldError {
                    field: "status-progress",
                    message: i18n.t("accountability-error-progress"),
                });
            }
            p
        }
    };
    (
        errors,
        StatusFields {
            code,
            name: form.name.trim().to_string(),
            description: form.description.trim().to_string(),
            progress,
        },
    )
}

async fn create_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let (mut errors, fields) = check_status(&loaded.ctx.i18n, &form);
    if errors.is_empty() {
        let user = loaded.ctx.require_user()?;
        match model::create_status(&state.db, cid, user.id, &fields).await? {
            Ok(_) => return Ok(see_other(&format!("/accountability/{cid}/edit#statuses"))),
            Err(refusal) => errors.push(refusal_error(&loaded.ctx.i18n, &refusal)),
        }
    }
    let mut view = admin_view(&state.db, loaded).await?;
    view.status_form = form;
    view.status_errors = errors;
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

#[derive(Template)]
#[template(path = "components/accountability/status_form.html")]
struct StatusFormView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    status_id: i64,
    status_form: StatusForm,
    errors: Vec<FieldError>,
}

impl StatusFormView {
    fn status_error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

async fn find_status(db: &Db, cid: i64, sid: i64) -> Result<Status, AppError> {
    model::statuses(db, cid)
        .await?
        .into_iter()
        .find(|s| s.id == sid)
        .ok_or(AppError::NotFound)
}

async fn edit_status_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, sid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let s = find_status(&state.db, cid, sid).await?;
    render(&StatusFormView {
        status_id: sid,
        status_form: StatusForm {
            code: s.code,
            name: s.name,
            description: s.description,
            progress: s.progress.map(|p| p.to_string()).unwrap_or_default(),
        },
        errors: Vec::new(),
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

async fn update_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, sid)): Path<(i64, i64)>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    find_status(&state.db, cid, sid).await?;
    let (mut errors, fields) = check_status(&loaded.ctx.i18n, &form);
    if errors.is_empty() {
        let user = loaded.ctx.require_user()?;
        match model::update_status(&state.db, cid, user.id, sid, &fields).await? {
            Ok(true) => return Ok(see_other(&format!("/accountability/{cid}/edit#statuses"))),
            Ok(false) => return Err(AppError::NotFound),
            Err(refusal) => errors.push(refusal_error(&loaded.ctx.i18n, &refusal)),
        }
    }
    let view = StatusFormView {
        status_id: sid,
        status_form: form,
        errors,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    };
    Ok(with_status(
        render(&view)?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

async fn delete_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, sid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let user = loaded.ctx.require_user()?;
    if !model::delete_status(&state.db, cid, user.id, sid).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/accountability/{cid}/edit#statuses")))
}

// ----- admin: CSV import and export -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ImportForm {
    csv: String,
}

fn line_message(i18n: &I18n, e: &LineError) -> String {
    let (key, args) = e.problem.message();
    let text = fluent_args(i18n, key, &args).unwrap_or_else(|| i18n.t(key));
    i18n.t2(
        "accountability-import-line",
        "line",
        e.line,
        "message",
        text,
    )
}

/// Formats `key` with up to two named arguments.
fn fluent_args(i18n: &I18n, key: &str, args: &[(&'static str, String)]) -> Option<String> {
    match args {
        [] => None,
        [(a, x)] => Some(i18n.t1(key, a, x)),
        [(a, x), (b, y), ..] => Some(i18n.t2(key, a, x, b, y)),
    }
}

/// Imports a CSV file: the admin page's form (a `csv` field) or a raw `text/csv` body.
async fn import_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    request: Request,
) -> Result<Response, AppError> {
    let is_csv = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/csv"));
    let loaded = load_admin(&state.db, ctx, cid).await?;
    let text = if is_csv {
        let bytes = Bytes::from_request(request, &state)
            .await
            .map_err(|_| AppError::BadRequest("body too large".into()))?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| AppError::BadRequest(loaded.ctx.i18n.t("accountability-import-utf8")))?
    } else {
        let Form(form) = Form::<ImportForm>::from_request(request, &state).await?;
        form.csv
    };
    let i18n = loaded.ctx.i18n.clone();
    let outcome = match import::parse(&text) {
        Err(e) => Err(vec![e]),
        Ok(table) => {
            let viewer = Viewer::load(&state.db, loaded.ctx.user(), loaded.org.id).await?;
            let writer = writer_for(&loaded, &viewer).await?;
            model::import(&state.db, cid, &writer, &table).await?
        }
    };
    match outcome {
        Ok(done) if is_csv => Ok(axum::Json(serde_json::json!({
            "created": done.created, "updated": done.updated
        }))
        .into_response()),
        Ok(done) => Ok(see_other(&format!(
            "/accountability/{cid}/edit?created={}&updated={}#import",
            done.created, done.updated
        ))),
        Err(errors) => {
            let messages: Vec<String> = errors.iter().map(|e| line_message(&i18n, e)).collect();
            if is_csv {
                let body = serde_json::json!({
                    "title": i18n.t("accountability-import-refused"),
                    "status": 422,
                    "errors": errors.iter().zip(&messages).map(|(e, m)| serde_json::json!({
                        "line": e.line, "message": m
                    })).collect::<Vec<_>>(),
                });
                let mut response = axum::Json(body).into_response();
                response.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json"),
                );
                return Ok(with_status(response, StatusCode::UNPROCESSABLE_ENTITY));
            }
            let mut view = admin_view(&state.db, loaded).await?;
            view.csv = text;
            view.import_errors = messages;
            Ok(with_status(
                render(&view)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// One CSV cell, quoted when it must be (and defused against spreadsheet formulas).
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<i64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Every result as CSV, in the import's columns: download, edit in a spreadsheet, import back.
async fn export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
) -> Result<Response, AppError> {
    load_admin(&state.db, ctx, cid).await?;
    let results = model::all_results(&state.db, cid).await?;
    let statuses = model::statuses(&state.db, cid).await?;
    let join = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" ");
    let mut out = import::COLUMNS
        .iter()
        .filter(|c| **c != "parent_reference")
        .copied()
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for r in &results {
        let status = r
            .status_id
            .and_then(|s| statuses.iter().find(|x| x.id == s))
            .map(|s| s.code.clone())
            .unwrap_or_default();
        let cells = [
            r.id.to_string(),
            r.reference.clone().unwrap_or_default(),
            r.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            r.title.clone(),
            r.description.clone(),
            status,
            r.progress.to_string(),
            r.starts_on.clone().unwrap_or_default(),
            r.ends_on.clone().unwrap_or_default(),
            r.weight.map(|w| w.to_string()).unwrap_or_default(),
            join(&r.project_ids),
            join(&r.proposal_ids),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok(crate::web::attachment(
        "text/csv; charset=utf-8",
        &format!("results-{cid}.csv"),
        out,
    ))
}
