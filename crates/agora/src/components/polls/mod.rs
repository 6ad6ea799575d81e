//! The polls component: members of a space create polls of every kind (proposal and consent,
//! single and multiple choice, score, ranked choice by Borda / instant-runoff / Schulze, dot
//! vote, majority judgment, meeting time, open question), vote and change their vote until the
//! poll closes, and read results counted by `agora-tally` with the method's explanation. An
//! anonymous poll stores who voted apart from what was voted (docs/SECURITY.md).

pub mod chart;
pub mod model;
mod routes;
pub mod rules;

use serde_json::{Map, Value};

use super::{Manifest, Setting, SettingKind};

pub const MANIFEST: Manifest = Manifest {
    kind: "polls",
    path: "polls",
    name_key: "component-polls",
    settings: &[
        Setting {
            key: "poll_creation",
            kind: SettingKind::Choice {
                default: "participants",
                choices: &["participants", "admins"],
            },
            label_key: "polls-setting-poll-creation",
        },
        Setting {
            key: "default_hide_results",
            kind: SettingKind::Choice {
                default: "until_vote",
                choices: rules::HIDE_RESULTS,
            },
            label_key: "polls-setting-default-hide-results",
        },
        Setting {
            key: "default_anonymous",
            kind: SettingKind::Bool { default: false },
            label_key: "polls-setting-default-anonymous",
        },
    ],
    phase_settings: &[Setting {
        key: "creation_enabled",
        kind: SettingKind::Bool { default: true },
        label_key: "polls-setting-creation-enabled",
    }],
    actions: &["create", "vote"],
    content_editor: false,
    router: routes::router,
};

/// The settings in force for a polls component, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Only space admins create polls (otherwise every participant may).
    pub admins_only: bool,
    pub creation_enabled: bool,
    pub default_hide_results: String,
    pub default_anonymous: bool,
}

impl Settings {
    pub fn from_map(map: &Map<String, Value>) -> Settings {
        Settings {
            admins_only: map.get("poll_creation").and_then(Value::as_str) == Some("admins"),
            creation_enabled: map.get("creation_enabled") != Some(&Value::Bool(false)),
            default_hide_results: map
                .get("default_hide_results")
                .and_then(Value::as_str)
                .unwrap_or("until_vote")
                .to_string(),
            default_anonymous: map.get("default_anonymous") == Some(&Value::Bool(true)),
        }
    }
}

/// Creates a published polls component in a space (used by the demo and tests).
pub async fn create_component(
    db: &crate::db::Db,
    space_id: i64,
    title: &str,
    settings: &Map<String, Value>,
) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
    let settings = super::validate(MANIFEST.settings, settings)?;
    let component = super::store::create(db, space_id, MANIFEST.kind, title, &settings).await?;
    super::store::set_published(db, space_id, component.id, true).await?;
    Ok(component.id)
}
