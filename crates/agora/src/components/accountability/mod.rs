//! The accountability component: what became of the decisions. Results form a tree (a result,
//! its sub-results, theirs — three levels), each with a status the admins define (with a
//! default progress, like "planned 0 %", "in progress 50 %", "done 100 %"), a progress, dates,
//! a timeline of dated milestones, and links to the budget projects and proposals it came
//! from. A parent's progress is computed from its children's, by average or weighted (see
//! `rules`). City staff update results in bulk with a CSV import checked whole before any
//! change (`import`).

pub mod demo;
pub mod import;
pub mod model;
mod routes;
pub mod rules;

use serde_json::{Map, Value};

use super::{Manifest, Setting, SettingKind};
pub use rules::ProgressRule;

pub const MANIFEST: Manifest = Manifest {
    kind: "accountability",
    path: "accountability",
    name_key: "component-accountability",
    settings: &[Setting {
        key: "progress",
        kind: SettingKind::Choice {
            default: "average",
            choices: &["average", "weighted"],
        },
        label_key: "accountability-setting-progress",
    }],
    phase_settings: &[],
    actions: &[],
    content_editor: true,
    router: routes::router,
};

/// The settings of an accountability component, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub progress: ProgressRule,
}

impl Settings {
    pub fn from_map(map: &Map<String, Value>) -> Settings {
        Settings {
            progress: match map.get("progress").and_then(Value::as_str) {
                Some("weighted") => ProgressRule::Weighted,
                _ => ProgressRule::Average,
            },
        }
    }
}

/// Creates a published accountability component in a space (used by the demo and tests).
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
