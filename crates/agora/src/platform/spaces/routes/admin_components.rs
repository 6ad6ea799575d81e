//! Components of a space, for its admins: add one of a registered kind, edit its title and
//! the settings its manifest declares (and per-phase settings), publish, unpublish, delete.
//! The settings forms are built from the manifest; what is submitted is checked by
//! [`components::from_form`] before anything is written.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::admin::{Choice, admin_space, render_invalid};
use super::{FormErrors, phase_dates};
use crate::app::AppState;
use crate::components::store::{self, Component};
use crate::components::{self, Manifest, Setting, SettingKind, SettingProblem};
use crate::platform::organizations::Organization;
use crate::platform::spaces::{self, Space, rules};
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/spaces/{id}/admin/components", get(list).post(create))
        .route(
            "/spaces/{id}/admin/components/{component_id}",
            get(edit).post(update),
        )
        .route(
            "/spaces/{id}/admin/components/{component_id}/phases/{phase_id}",
            post(update_phase_settings),
        )
        .route(
            "/spaces/{id}/admin/components/{component_id}/publish",
            post(publish),
        )
        .route(
            "/spaces/{id}/admin/components/{component_id}/unpublish",
            post(unpublish),
        )
        .route(
            "/spaces/{id}/admin/components/{component_id}/delete",
            post(delete),
        )
}

/// One component in the admin list.
struct ComponentRow {
    id: i64,
    title: String,
    kind_name: String,
    published: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct NewComponentForm {
    kind: String,
    title: String,
}

#[derive(Template)]
#[template(path = "spaces/admin/components.html")]
struct ComponentsView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    section: &'static str,
    components: Vec<ComponentRow>,
    kinds: Vec<Choice>,
    form: NewComponentForm,
    errors: FormErrors,
}

fn kind_name(ctx: &Ctx, component: &Component) -> String {
    component
        .manifest()
        .map(|m| ctx.i18n.t(m.name_key))
        .unwrap_or_else(|| component.kind.clone())
}

async fn components_page(
    state: &AppState,
    ctx: Ctx,
    space: Space,
    org: Organization,
    form: NewComponentForm,
    errors: FormErrors,
) -> Result<ComponentsView, AppError> {
    let components = store::list_for_space(&state.db, space.id)
        .await?
        .into_iter()
        .map(|c| ComponentRow {
            id: c.id,
            kind_name: kind_name(&ctx, &c),
            published: c.published,
            title: c.title,
        })
        .collect();
    let kinds = components::REGISTRY
        .iter()
        .map(|m| Choice {
            value: m.kind,
            label: ctx.i18n.t(m.name_key),
            hint: String::new(),
            selected: m.kind == form.kind,
        })
        .collect();
    Ok(ComponentsView {
        ctx,
        org,
        space,
        section: "components",
        components,
        kinds,
        form,
        errors,
    })
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let view = components_page(
        &state,
        ctx,
        space,
        org,
        NewComponentForm::default(),
        FormErrors::default(),
    )
    .await?;
    render(&view)
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<NewComponentForm>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let mut errors = FormErrors::default();
    let manifest = components::manifest(&form.kind);
    if manifest.is_none() {
        errors.add("component-kind", ctx.i18n.t("spaces-error-component-kind"));
    }
    if let Err(key) = rules::check_title(&form.title) {
        errors.add("component-title", ctx.i18n.t(key));
    }
    let Some(manifest) = manifest.filter(|_| errors.is_empty()) else {
        return render_invalid(&components_page(&state, ctx, space, org, form, errors).await?);
    };
    let defaults = components::validate(manifest.settings, &Map::new())
        .map_err(|e| AppError::internal(format!("{} defaults: {e}", manifest.kind)))?;
    let component =
        store::create(&state.db, space.id, manifest.kind, &form.title, &defaults).await?;
    let next = if manifest.content_editor {
        format!("/{}/{}/edit", manifest.path, component.id)
    } else {
        format!("/spaces/{}/admin/components/{}", space.id, component.id)
    };
    Ok(see_other(&next))
}

/// One field of a settings form, built from a declared [`Setting`].
struct SettingField {
    id: String,
    name: String,
    label: String,
    /// "bool", "integer", "text" or "choice".
    input: &'static str,
    value: String,
    checked: bool,
    min: i64,
    max: i64,
    max_len: usize,
    choices: Vec<Choice>,
    error: Option<String>,
}

/// The settings form of one phase.
struct PhaseSettingsForm {
    phase_id: i64,
    title: String,
    dates: Option<String>,
    active: bool,
    fields: Vec<SettingField>,
}

#[derive(Template)]
#[template(path = "spaces/admin/component.html")]
struct ComponentView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    section: &'static str,
    component: Component,
    kind_name: String,
    content_url: Option<String>,
    public_url: Option<String>,
    title: String,
    fields: Vec<SettingField>,
    phase_forms: Vec<PhaseSettingsForm>,
    errors: FormErrors,
    saved: bool,
}

fn problem_text(ctx: &Ctx, problem: &SettingProblem) -> String {
    match problem {
        SettingProblem::NotANumber => ctx.i18n.t("spaces-error-setting-number"),
        SettingProblem::OutOfRange { min, max } => {
            ctx.i18n
                .t2("spaces-error-setting-range", "min", min, "max", max)
        }
        SettingProblem::TooLong { max_len } => {
            ctx.i18n.t1("spaces-error-setting-long", "max", max_len)
        }
        SettingProblem::NotAChoice => ctx.i18n.t("spaces-error-setting-choice"),
    }
}

fn setting_fields(
    ctx: &Ctx,
    declared: &[Setting],
    values: &Map<String, Value>,
    prefix: &str,
    errors: &FormErrors,
) -> Vec<SettingField> {
    declared
        .iter()
        .map(|setting| {
            let id = format!("{prefix}{}", components::field_name(setting));
            let value = values.get(setting.key);
            let text = match value {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let (input, min, max, max_len, choices) = match &setting.kind {
                SettingKind::Bool { .. } => ("bool", 0, 0, 0, Vec::new()),
                SettingKind::Integer { min, max, .. } => ("integer", *min, *max, 0, Vec::new()),
                SettingKind::Text { max_len, .. } => ("text", 0, 0, *max_len, Vec::new()),
                SettingKind::Choice { choices, .. } => (
                    "choice",
                    0,
                    0,
                    0,
                    choices
                        .iter()
                        .map(|c| Choice {
                            value: c,
                            label: ctx.i18n.t(&format!("{}-{c}", setting.label_key)),
                            hint: String::new(),
                            selected: text == *c,
                        })
                        .collect(),
                ),
            };
            SettingField {
                error: errors.get(&id).map(String::from),
                name: components::field_name(setting),
                label: ctx.i18n.t(setting.label_key),
                checked: value == Some(&Value::Bool(true)),
                value: text,
                id,
                input,
                min,
                max,
                max_len,
                choices,
            }
        })
        .collect()
}

/// What was submitted, shown again in the form it came from (the check failed).
fn submitted(declared: &[Setting], form: &[(String, String)]) -> Map<String, Value> {
    declared
        .iter()
        .map(|s| {
            let name = components::field_name(s);
            let given = form
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone());
            let value = match s.kind {
                SettingKind::Bool { .. } => Value::Bool(given.is_some()),
                _ => Value::String(given.unwrap_or_default()),
            };
            (s.key.to_string(), value)
        })
        .collect()
}

fn form_value<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// How the component page is shown: fresh (perhaps after a save), or with a form shown
/// again with what was submitted and why it was refused.
enum Shown {
    Fresh {
        saved: bool,
    },
    Settings {
        title: String,
        values: Map<String, Value>,
        errors: FormErrors,
    },
    Phase {
        phase_id: i64,
        values: Map<String, Value>,
        errors: FormErrors,
    },
}

async fn component_page(
    state: &AppState,
    ctx: Ctx,
    space: Space,
    org: Organization,
    component: Component,
    shown: Shown,
) -> Result<ComponentView, AppError> {
    let manifest: Option<&Manifest> = component.manifest();
    let declared = manifest.map(|m| m.settings).unwrap_or(&[]);
    let stored = components::validate(declared, &component.settings)
        .or_else(|_| components::validate(declared, &Map::new()))
        .unwrap_or_default();
    let (title, global) = match &shown {
        Shown::Settings { title, values, .. } => (title.clone(), values.clone()),
        _ => (component.title.clone(), stored),
    };
    let (errors, saved) = match &shown {
        Shown::Fresh { saved } => (FormErrors::default(), *saved),
        Shown::Settings { errors, .. } | Shown::Phase { errors, .. } => (errors.clone(), false),
    };
    let fields = setting_fields(&ctx, declared, &global, "", &errors);
    let phase_declared = manifest.map(|m| m.phase_settings).unwrap_or(&[]);
    let mut phase_forms = Vec::new();
    if !phase_declared.is_empty() {
        let mut per_phase = store::phase_settings(&state.db, component.id).await?;
        for phase in spaces::phases(&state.db, space.id).await? {
            let values = match &shown {
                Shown::Phase {
                    phase_id, values, ..
                } if *phase_id == phase.id => values.clone(),
                _ => {
                    let saved = per_phase.remove(&phase.id).unwrap_or_default();
                    components::validate(phase_declared, &saved)
                        .or_else(|_| components::validate(phase_declared, &Map::new()))
                        .unwrap_or_default()
                }
            };
            let prefix = format!("phase-{}-", phase.id);
            phase_forms.push(PhaseSettingsForm {
                phase_id: phase.id,
                dates: phase_dates(&ctx.i18n, &phase),
                active: space.active_phase_id == Some(phase.id),
                fields: setting_fields(&ctx, phase_declared, &values, &prefix, &errors),
                title: phase.title,
            });
        }
    }
    Ok(ComponentView {
        kind_name: kind_name(&ctx, &component),
        content_url: manifest
            .filter(|m| m.content_editor)
            .map(|m| format!("/{}/{}/edit", m.path, component.id)),
        public_url: component.url(),
        ctx,
        org,
        space,
        section: "components",
        component,
        title,
        fields,
        phase_forms,
        errors,
        saved,
    })
}

/// Loads a component of the space (404 for another space's component).
async fn component_of(
    state: &AppState,
    space: &Space,
    component_id: i64,
) -> Result<Component, AppError> {
    store::find_in_space(&state.db, space.id, component_id)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, component_id)): Path<(i64, i64)>,
    Query(saved): Query<Saved>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let component = component_of(&state, &space, component_id).await?;
    let view = component_page(
        &state,
        ctx,
        space,
        org,
        component,
        Shown::Fresh {
            saved: saved.saved.is_some(),
        },
    )
    .await?;
    render(&view)
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, component_id)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let component = component_of(&state, &space, component_id).await?;
    let declared = component.manifest().map(|m| m.settings).unwrap_or(&[]);
    let title = form_value(&form, "title");
    let mut errors = FormErrors::default();
    if let Err(key) = rules::check_title(title) {
        errors.add("component-title", ctx.i18n.t(key));
    }
    let settings = components::from_form(declared, &form).map_err(|problems| {
        for (key, problem) in problems {
            errors.add(format!("setting-{key}"), problem_text(&ctx, &problem));
        }
    });
    let settings = match settings {
        Ok(settings) if errors.is_empty() => settings,
        _ => {
            let shown = Shown::Settings {
                title: title.to_string(),
                values: submitted(declared, &form),
                errors,
            };
            let view = component_page(&state, ctx, space, org, component, shown).await?;
            return render_invalid(&view);
        }
    };
    if !store::update(&state.db, space.id, component.id, title, &settings).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!(
        "/spaces/{}/admin/components/{}?saved",
        space.id, component.id
    )))
}

async fn update_phase_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, component_id, phase_id)): Path<(i64, i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (ctx, space, org) = admin_space(&state, ctx, id).await?;
    let component = component_of(&state, &space, component_id).await?;
    let phase = spaces::find_phase(&state.db, space.id, phase_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let declared = component
        .manifest()
        .map(|m| m.phase_settings)
        .filter(|d| !d.is_empty())
        .ok_or(AppError::NotFound)?;
    match components::from_form(declared, &form) {
        Ok(settings) => {
            if !store::set_phase_settings(&state.db, component.id, phase.id, &settings).await? {
                return Err(AppError::NotFound);
            }
            Ok(see_other(&format!(
                "/spaces/{}/admin/components/{}?saved#phase-settings-{}",
                space.id, component.id, phase.id
            )))
        }
        Err(problems) => {
            let mut errors = FormErrors::default();
            for (key, problem) in problems {
                errors.add(
                    format!("phase-{}-setting-{key}", phase.id),
                    problem_text(&ctx, &problem),
                );
            }
            let shown = Shown::Phase {
                phase_id: phase.id,
                values: submitted(declared, &form),
                errors,
            };
            let view = component_page(&state, ctx, space, org, component, shown).await?;
            render_invalid(&view)
        }
    }
}

async fn set_published(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    component_id: i64,
    published: bool,
) -> Result<Response, AppError> {
    let (_, space, _) = admin_space(state, ctx, id).await?;
    if !store::set_published(&state.db, space.id, component_id, published).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!(
        "/spaces/{}/admin/components/{component_id}",
        space.id
    )))
}

async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, component_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    set_published(&state, ctx, id, component_id, true).await
}

async fn unpublish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, component_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    set_published(&state, ctx, id, component_id, false).await
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, component_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let by = ctx.user().map(|u| u.id);
    let (_, space, _) = admin_space(&state, ctx, id).await?;
    if !store::delete(&state.db, space.id, component_id, by).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/spaces/{}/admin/components", space.id)))
}
