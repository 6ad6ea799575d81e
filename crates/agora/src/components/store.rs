//! The component rows every kind shares: where a component is placed, its title, its settings
//! (JSON text checked against the manifest), per-phase settings, and whether it is published.
//! A component's own content (a page's text, proposals, ...) lives in its own tables.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Manifest, manifest};
use crate::db::{self, Db};

/// A component placed in a space.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub id: i64,
    pub space_id: i64,
    pub kind: String,
    pub title: String,
    pub position: i64,
    /// The stored settings (validate with the manifest before trusting them).
    pub settings: Map<String, Value>,
    pub published: bool,
}

impl Component {
    /// Its kind's manifest (`None` for a kind this binary no longer knows).
    pub fn manifest(&self) -> Option<&'static Manifest> {
        manifest(&self.kind)
    }

    /// The address of its public page.
    pub fn url(&self) -> Option<String> {
        self.manifest().map(|m| format!("/{}/{}", m.path, self.id))
    }
}

/// The component's columns, read by [`from_row`] (`id AS id, ...`: one list for both forms).
/// `component_columns!("c.", "component_")` qualifies them and names them with a prefix, read by [`from_prefixed_row`], for queries that
/// join tables with columns of the same names (spaces: `id`, `kind`, ...).
#[macro_export]
macro_rules! component_columns {
    () => {
        $crate::component_columns!("", "")
    };
    ($t:literal, $as:literal) => {
        concat!(
            $t,
            "id AS ",
            $as,
            "id, ",
            $t,
            "space_id AS ",
            $as,
            "space_id, ",
            $t,
            "kind AS ",
            $as,
            "kind, ",
            $t,
            "title AS ",
            $as,
            "title, ",
            $t,
            "position AS ",
            $as,
            "position, ",
            $t,
            "settings AS ",
            $as,
            "settings, ",
            $t,
            "published_at AS ",
            $as,
            "published_at"
        )
    };
}

fn parse_settings(text: &str) -> Map<String, Value> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

fn from_row(row: &db::Row) -> Result<Component, sqlx::Error> {
    from_prefixed_row(row, "")
}

/// A component from columns named with `prefix` (see [`component_columns`]).
pub(crate) fn from_prefixed_row(row: &db::Row, prefix: &str) -> Result<Component, sqlx::Error> {
    let column = |name: &str| format!("{prefix}{name}");
    let settings: String = row.try_get(column("settings").as_str())?;
    Ok(Component {
        id: row.try_get(column("id").as_str())?,
        space_id: row.try_get(column("space_id").as_str())?,
        kind: row.try_get(column("kind").as_str())?,
        title: row.try_get(column("title").as_str())?,
        position: row.try_get(column("position").as_str())?,
        settings: parse_settings(&settings),
        published: row
            .try_get::<Option<i64>, _>(column("published_at").as_str())?
            .is_some(),
    })
}

fn to_text(settings: &Map<String, Value>) -> String {
    Value::Object(settings.clone()).to_string()
}

/// Every component of a space, in order (published or not: for its admins).
pub async fn list_for_space(db: &Db, space_id: i64) -> Result<Vec<Component>, sqlx::Error> {
    let rows = db::query(concat!(
        "SELECT ",
        component_columns!(),
        " FROM components WHERE space_id = $1 ORDER BY position, id"
    ))
    .bind(space_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The published components of a space whose kind this binary knows, in order.
pub async fn list_published(db: &Db, space_id: i64) -> Result<Vec<Component>, sqlx::Error> {
    Ok(list_for_space(db, space_id)
        .await?
        .into_iter()
        .filter(|c| c.published && c.manifest().is_some())
        .collect())
}

/// Finds a component by id.
pub async fn find(db: &Db, id: i64) -> Result<Option<Component>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        component_columns!(),
        " FROM components WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Finds a component of one space (`None` for another space's component).
pub async fn find_in_space(
    db: &Db,
    space_id: i64,
    id: i64,
) -> Result<Option<Component>, sqlx::Error> {
    Ok(find(db, id).await?.filter(|c| c.space_id == space_id))
}

/// Places a new, unpublished component at the end of a space. `settings` must have been
/// validated against the kind's manifest.
pub async fn create(
    db: &Db,
    space_id: i64,
    kind: &str,
    title: &str,
    settings: &Map<String, Value>,
) -> Result<Component, sqlx::Error> {
    let row = db::query(concat!(
        "INSERT INTO components (space_id, kind, title, position, settings, created_at)
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM components WHERE space_id = $1),
                 $4, $5)
         RETURNING ",
        component_columns!()
    ))
    .bind(space_id)
    .bind(kind)
    .bind(title.trim())
    .bind(to_text(settings))
    .bind(db::now())
    .fetch_one(db)
    .await?;
    from_row(&row)
}

/// Saves a component's title and (validated) settings. False when it is not in this space.
pub async fn update(
    db: &Db,
    space_id: i64,
    id: i64,
    title: &str,
    settings: &Map<String, Value>,
) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "UPDATE components SET title = $1, settings = $2 WHERE id = $3 AND space_id = $4",
    )
    .bind(title.trim())
    .bind(to_text(settings))
    .bind(id)
    .bind(space_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Publishes or unpublishes a component. False when it is not in this space.
pub async fn set_published(
    db: &Db,
    space_id: i64,
    id: i64,
    published: bool,
) -> Result<bool, sqlx::Error> {
    let query = if published {
        db::query(
            "UPDATE components SET published_at = COALESCE(published_at, $1)
             WHERE id = $2 AND space_id = $3",
        )
        .bind(db::now())
    } else {
        db::query("UPDATE components SET published_at = NULL WHERE id = $1 AND space_id = $2")
    };
    let done = query.bind(id).bind(space_id).execute(db).await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a component and everything in it. False when it is not in this space.
/// The records it held are entered in the action log as removed, so that `agora verify` tells
/// this deletion from tampering.
pub async fn delete(db: &Db, space_id: i64, id: i64, by: Option<i64>) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Locks the component (and tells whether it is in this space) before its records are listed.
    let found = db::query("UPDATE components SET title = title WHERE id = $1 AND space_id = $2")
        .bind(id)
        .bind(space_id)
        .execute(&mut tx)
        .await?;
    if found.rows_affected() != 1 {
        return Ok(false);
    }
    crate::platform::action_log::component_removed(&mut tx, by, id, space_id).await?;
    let done = db::query("DELETE FROM components WHERE id = $1 AND space_id = $2")
        .bind(id)
        .bind(space_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// A component's per-phase settings, by phase id.
pub async fn phase_settings(
    db: &Db,
    component_id: i64,
) -> Result<HashMap<i64, Map<String, Value>>, sqlx::Error> {
    let rows = db::query(
        "SELECT phase_id, settings FROM component_phase_settings WHERE component_id = $1",
    )
    .bind(component_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let settings: String = r.try_get("settings")?;
            Ok((r.try_get("phase_id")?, parse_settings(&settings)))
        })
        .collect()
}

/// Saves (validated) settings of a component for one phase. One statement that writes only
/// when the phase belongs to the component's space; false otherwise.
pub async fn set_phase_settings(
    db: &Db,
    component_id: i64,
    phase_id: i64,
    settings: &Map<String, Value>,
) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "INSERT INTO component_phase_settings (component_id, phase_id, settings)
         SELECT c.id, p.id, $3 FROM components c JOIN phases p ON p.space_id = c.space_id
         WHERE c.id = $1 AND p.id = $2
         ON CONFLICT (component_id, phase_id) DO UPDATE SET settings = excluded.settings",
    )
    .bind(component_id)
    .bind(phase_id)
    .bind(to_text(settings))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The settings in force for a component: its own, overridden by those of the space's active
/// phase. A kind without a manifest has none.
pub async fn effective_settings(
    db: &Db,
    component: &Component,
    active_phase_id: Option<i64>,
) -> Result<Map<String, Value>, sqlx::Error> {
    let phase = match (active_phase_id, component.manifest()) {
        (Some(phase_id), Some(manifest)) if !manifest.phase_settings.is_empty() => db::query(
            "SELECT settings FROM component_phase_settings
                 WHERE component_id = $1 AND phase_id = $2",
        )
        .bind(component.id)
        .bind(phase_id)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get::<String, _>("settings"))
        .transpose()?,
        _ => None,
    };
    Ok(in_force(component, phase.as_deref()))
}

/// [`effective_settings`] once the phase's settings (stored JSON text) were read.
pub(crate) fn in_force(component: &Component, phase: Option<&str>) -> Map<String, Value> {
    let Some(manifest) = component.manifest() else {
        return Map::new();
    };
    let phase = phase.map(parse_settings);
    super::effective(manifest, &component.settings, phase.as_ref())
}
