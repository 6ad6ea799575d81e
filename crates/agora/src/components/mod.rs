//! The component registry. A component (proposals, polls, budgets, a page, ...) is the unit of
//! extension: it declares its settings (global and per phase), the actions it permits, and its
//! routes under `/{path}/{component_id}`.
//!
//! # Adding a component
//!
//! 1. Create one folder, `components/<kind>/mod.rs` (templates in `templates/components/<kind>/`),
//!    holding a `pub const MANIFEST: Manifest` and the `router` it names. Its pages start with
//!    [`loaded::load`], which finds the component, checks access to its space (unpublished
//!    components are hidden from everyone but the space's admins) and reads the settings in
//!    force in the active phase. Its own content lives in its own tables, keyed by
//!    `components.id` with `ON DELETE CASCADE`.
//! 2. Add one line: `pub mod <kind>;` here and `&<kind>::MANIFEST` in [`REGISTRY`].
//!
//! The space admin pages then offer it: admins add it to a space, edit its settings through a
//! form built from the declared [`Setting`]s (checkbox, number, text, select), set per-phase
//! settings, publish, unpublish and delete it. Labels are Fluent keys: `name_key`, each
//! setting's `label_key`, and for a choice `{label_key}-{choice}`. When `content_editor` is
//! true, the admin pages link to `/{path}/{id}/edit`, which the component serves itself.

pub mod accountability;
pub mod budgets;
pub mod loaded;
pub mod page;
pub mod polls;
pub mod proposals;
pub mod store;
pub mod threads;

use axum::Router;
use serde_json::{Map, Value};

use crate::app::AppState;

/// What a component declares about itself.
pub struct Manifest {
    /// Stored in `components.kind`.
    pub kind: &'static str,
    /// The URL prefix of its pages.
    pub path: &'static str,
    /// Fluent key of its name, as admins and participants see it.
    pub name_key: &'static str,
    /// Settings that apply in every phase.
    pub settings: &'static [Setting],
    /// Settings a phase may override (e.g. "supports enabled" only in phase 2).
    pub phase_settings: &'static [Setting],
    /// Actions a space admin can require a role or verification for.
    pub actions: &'static [&'static str],
    /// True when the component edits its own content at `/{path}/{id}/edit`.
    pub content_editor: bool,
    /// Its routes.
    pub router: fn() -> Router<AppState>,
}

/// One setting of a component.
pub struct Setting {
    pub key: &'static str,
    pub kind: SettingKind,
    /// Fluent key of its label.
    pub label_key: &'static str,
}

/// The type and default of a setting.
pub enum SettingKind {
    Bool {
        default: bool,
    },
    Integer {
        default: i64,
        min: i64,
        max: i64,
    },
    Text {
        default: &'static str,
        max_len: usize,
    },
    Choice {
        default: &'static str,
        choices: &'static [&'static str],
    },
}

/// Every component agora knows.
pub const REGISTRY: &[&Manifest] = &[
    &page::MANIFEST,
    &proposals::MANIFEST,
    &polls::MANIFEST,
    &budgets::MANIFEST,
    &threads::MANIFEST,
    &accountability::MANIFEST,
];

/// The manifest of a kind.
pub fn manifest(kind: &str) -> Option<&'static Manifest> {
    REGISTRY.iter().copied().find(|m| m.kind == kind)
}

/// The routes of every component.
pub fn router() -> Router<AppState> {
    REGISTRY
        .iter()
        .fold(Router::new(), |r, m| r.merge((m.router)()))
}

/// Why settings were refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("unknown setting {0:?}")]
    Unknown(String),
    #[error("setting {0:?} has the wrong type or is out of range")]
    Invalid(String),
}

impl Setting {
    fn default_value(&self) -> Value {
        match self.kind {
            SettingKind::Bool { default } => Value::Bool(default),
            SettingKind::Integer { default, .. } => Value::from(default),
            SettingKind::Text { default, .. } | SettingKind::Choice { default, .. } => {
                Value::from(default)
            }
        }
    }

    fn accepts(&self, value: &Value) -> bool {
        match (&self.kind, value) {
            (SettingKind::Bool { .. }, Value::Bool(_)) => true,
            (SettingKind::Integer { min, max, .. }, Value::Number(n)) => {
                n.as_i64().is_some_and(|n| (*min..=*max).contains(&n))
            }
            (SettingKind::Text { max_len, .. }, Value::String(s)) => s.chars().count() <= *max_len,
            (SettingKind::Choice { choices, .. }, Value::String(s)) => {
                choices.contains(&s.as_str())
            }
            _ => false,
        }
    }
}

/// Checks stored or submitted settings against a declaration, filling in defaults.
pub fn validate(
    declared: &[Setting],
    given: &Map<String, Value>,
) -> Result<Map<String, Value>, SettingsError> {
    if let Some(unknown) = given
        .keys()
        .find(|k| !declared.iter().any(|s| s.key == k.as_str()))
    {
        return Err(SettingsError::Unknown(unknown.clone()));
    }
    let mut out = Map::new();
    for setting in declared {
        let value = match given.get(setting.key) {
            Some(v) if setting.accepts(v) => v.clone(),
            Some(_) => return Err(SettingsError::Invalid(setting.key.to_string())),
            None => setting.default_value(),
        };
        out.insert(setting.key.to_string(), value);
    }
    Ok(out)
}

/// The settings in force: the component's, overridden by the active phase's where it set them.
pub fn effective(
    manifest: &Manifest,
    global: &Map<String, Value>,
    phase: Option<&Map<String, Value>>,
) -> Map<String, Value> {
    let mut out = validate(manifest.settings, global)
        .unwrap_or_else(|_| validate(manifest.settings, &Map::new()).unwrap_or_default());
    let phase_values = phase
        .and_then(|p| validate(manifest.phase_settings, p).ok())
        .unwrap_or_else(|| validate(manifest.phase_settings, &Map::new()).unwrap_or_default());
    out.extend(phase_values);
    out
}

/// The name of the form field of a setting (`setting-{key}`).
pub fn field_name(setting: &Setting) -> String {
    format!("setting-{}", setting.key)
}

/// Why a submitted setting was refused (the admin form says it next to the field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingProblem {
    NotANumber,
    OutOfRange { min: i64, max: i64 },
    TooLong { max_len: usize },
    NotAChoice,
}

/// Reads declared settings from a submitted form (`setting-{key}` fields; an absent checkbox
/// is false) and checks each one. Fields that are not declared settings are ignored.
pub fn from_form(
    declared: &[Setting],
    form: &[(String, String)],
) -> Result<Map<String, Value>, Vec<(&'static str, SettingProblem)>> {
    let mut values = Map::new();
    let mut problems = Vec::new();
    for setting in declared {
        let name = field_name(setting);
        let given = form
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str());
        let value = match &setting.kind {
            SettingKind::Bool { .. } => Value::Bool(given.is_some()),
            SettingKind::Integer { min, max, .. } => {
                match given.unwrap_or("").trim().parse::<i64>() {
                    Ok(n) if (*min..=*max).contains(&n) => Value::from(n),
                    Ok(_) => {
                        let (min, max) = (*min, *max);
                        problems.push((setting.key, SettingProblem::OutOfRange { min, max }));
                        continue;
                    }
                    Err(_) => {
                        problems.push((setting.key, SettingProblem::NotANumber));
                        continue;
                    }
                }
            }
            SettingKind::Text { .. } | SettingKind::Choice { .. } => {
                Value::from(given.unwrap_or("").trim())
            }
        };
        if !setting.accepts(&value) {
            problems.push((
                setting.key,
                match setting.kind {
                    SettingKind::Text { max_len, .. } => SettingProblem::TooLong { max_len },
                    _ => SettingProblem::NotAChoice,
                },
            ));
            continue;
        }
        values.insert(setting.key.to_string(), value);
    }
    // Every declared key now holds a value its setting accepts, as `validate` requires.
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DECLARED: &[Setting] = &[
        Setting {
            key: "enabled",
            kind: SettingKind::Bool { default: true },
            label_key: "x",
        },
        Setting {
            key: "limit",
            kind: SettingKind::Integer {
                default: 5,
                min: 0,
                max: 100,
            },
            label_key: "x",
        },
        Setting {
            key: "order",
            kind: SettingKind::Choice {
                default: "random",
                choices: &["random", "recent"],
            },
            label_key: "x",
        },
    ];

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn defaults_fill_in_and_bad_values_are_refused() {
        let ok = validate(DECLARED, &map(json!({"limit": 3}))).expect("valid");
        assert_eq!(ok["enabled"], json!(true));
        assert_eq!(ok["limit"], json!(3));
        assert_eq!(ok["order"], json!("random"));
        assert_eq!(
            validate(DECLARED, &map(json!({"limit": 101}))),
            Err(SettingsError::Invalid("limit".into()))
        );
        assert_eq!(
            validate(DECLARED, &map(json!({"limit": "3"}))),
            Err(SettingsError::Invalid("limit".into()))
        );
        assert_eq!(
            validate(DECLARED, &map(json!({"order": "oldest"}))),
            Err(SettingsError::Invalid("order".into()))
        );
        assert_eq!(
            validate(DECLARED, &map(json!({"nope": 1}))),
            Err(SettingsError::Unknown("nope".into()))
        );
    }

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn forms_become_checked_settings() {
        let ok = from_form(
            DECLARED,
            &form(&[
                ("setting-limit", " 7 "),
                ("setting-order", "recent"),
                ("title", "x"),
            ]),
        )
        .expect("valid");
        assert_eq!(ok["enabled"], json!(false), "an absent checkbox is off");
        assert_eq!(ok["limit"], json!(7));
        assert_eq!(ok["order"], json!("recent"));
        assert_eq!(validate(DECLARED, &ok), Ok(ok.clone()));
        let on = from_form(
            DECLARED,
            &form(&[
                ("setting-enabled", "on"),
                ("setting-limit", "0"),
                ("setting-order", "random"),
            ]),
        )
        .expect("valid");
        assert_eq!(on["enabled"], json!(true));
        assert_eq!(
            from_form(
                DECLARED,
                &form(&[("setting-limit", "101"), ("setting-order", "oldest")])
            ),
            Err(vec![
                ("limit", SettingProblem::OutOfRange { min: 0, max: 100 }),
                ("order", SettingProblem::NotAChoice),
            ])
        );
        assert_eq!(
            from_form(
                DECLARED,
                &form(&[("setting-limit", "five"), ("setting-order", "random")])
            ),
            Err(vec![("limit", SettingProblem::NotANumber)])
        );
        let text: &[Setting] = &[Setting {
            key: "note",
            kind: SettingKind::Text {
                default: "",
                max_len: 3,
            },
            label_key: "x",
        }];
        assert_eq!(
            from_form(text, &form(&[("setting-note", "four")])),
            Err(vec![("note", SettingProblem::TooLong { max_len: 3 })])
        );
    }

    #[test]
    fn every_registered_component_has_a_unique_kind_and_path() {
        for (i, a) in REGISTRY.iter().enumerate() {
            for b in &REGISTRY[i + 1..] {
                assert_ne!(a.kind, b.kind);
                assert_ne!(a.path, b.path);
            }
            assert!(
                validate(a.settings, &Map::new()).is_ok(),
                "{} defaults",
                a.kind
            );
        }
    }
}
