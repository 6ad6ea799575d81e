//! The component registry. A component (proposals, polls, budgets, a page, ...) is one folder
//! here and one line in [`REGISTRY`]: it declares its settings (global and per phase), the
//! actions it permits, and its routes under `/{path}/{component_id}`.

pub mod page;

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
pub const REGISTRY: &[&Manifest] = &[&page::MANIFEST];

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
