//! Spaces — participatory processes (with ordered phases) and assemblies — where
//! participation happens. Components plug into them.

pub mod routes;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{self, Db};
use crate::platform::permissions::{SpaceFacts, SpaceRole, Visibility};

/// What kind of space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceKind {
    /// A participatory process: a consultation with ordered phases.
    Process,
    /// An assembly: a permanent body with members (also used as a group).
    Assembly,
}

impl SpaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpaceKind::Process => "process",
            SpaceKind::Assembly => "assembly",
        }
    }
    pub fn parse(text: &str) -> Option<SpaceKind> {
        match text {
            "process" => Some(SpaceKind::Process),
            "assembly" => Some(SpaceKind::Assembly),
            _ => None,
        }
    }
}

/// A space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Space {
    pub id: i64,
    pub organization_id: i64,
    pub kind: SpaceKind,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub visibility: Visibility,
    pub published: bool,
    pub active_phase_id: Option<i64>,
    pub position: i64,
}

impl Space {
    /// The facts the permission function needs.
    pub fn facts(&self) -> SpaceFacts {
        SpaceFacts {
            visibility: self.visibility,
            published: self.published,
        }
    }
}

/// A phase of a participatory process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    pub id: i64,
    pub space_id: i64,
    pub position: i64,
    pub title: String,
    pub description: String,
    /// ISO dates (`2026-11-21`), in the organisation's time zone.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

macro_rules! space_columns {
    () => {
        "id, organization_id, kind, slug, title, description, visibility, published_at, \
                       active_phase_id, position"
    };
}

fn from_row(row: &AnyRow) -> Result<Space, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let visibility: String = row.try_get("visibility")?;
    Ok(Space {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        kind: SpaceKind::parse(&kind).unwrap_or(SpaceKind::Process),
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        visibility: Visibility::parse(&visibility).unwrap_or(Visibility::Private),
        published: row.try_get::<Option<i64>, _>("published_at")?.is_some(),
        active_phase_id: row.try_get("active_phase_id")?,
        position: row.try_get("position")?,
    })
}

fn phase_from_row(row: &AnyRow) -> Result<Phase, sqlx::Error> {
    Ok(Phase {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        position: row.try_get("position")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
    })
}

/// What a new space needs.
pub struct NewSpace<'a> {
    pub organization_id: i64,
    pub kind: SpaceKind,
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub visibility: Visibility,
    pub published: bool,
}

/// Creates a space (at the end of the organisation's list).
pub async fn create(db: &Db, new: NewSpace<'_>) -> Result<Space, sqlx::Error> {
    let now = db::now();
    let row = sqlx::query(concat!("INSERT INTO spaces (organization_id, kind, slug, title, description, visibility, published_at,
                             position, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM spaces WHERE organization_id = $1), $8)
         RETURNING ", space_columns!(), ""))
    .bind(new.organization_id)
    .bind(new.kind.as_str())
    .bind(new.slug)
    .bind(new.title.trim())
    .bind(new.description)
    .bind(new.visibility.as_str())
    .bind(new.published.then_some(now))
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    from_row(&row)
}

/// Every space of an organisation, in their display order (filter with the permission function).
pub async fn list_for_organization(
    db: &Db,
    organization_id: i64,
) -> Result<Vec<Space>, sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        space_columns!(),
        " FROM spaces WHERE organization_id = $1 ORDER BY position, id"
    ))
    .bind(organization_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Finds a space by id.
pub async fn find(db: &Db, id: i64) -> Result<Option<Space>, sqlx::Error> {
    let row = sqlx::query(concat!(
        "SELECT ",
        space_columns!(),
        " FROM spaces WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The phases of a space, in order.
pub async fn phases(db: &Db, space_id: i64) -> Result<Vec<Phase>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, space_id, position, title, description, starts_on, ends_on FROM phases
         WHERE space_id = $1 ORDER BY position, id",
    )
    .bind(space_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(phase_from_row).collect()
}

/// Adds a phase at the end of a space's phases.
pub async fn add_phase(
    db: &Db,
    space_id: i64,
    title: &str,
    description: &str,
    starts_on: Option<&str>,
    ends_on: Option<&str>,
) -> Result<Phase, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO phases (space_id, position, title, description, starts_on, ends_on)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM phases WHERE space_id = $1), $2, $3, $4, $5)
         RETURNING id, space_id, position, title, description, starts_on, ends_on",
    )
    .bind(space_id)
    .bind(title.trim())
    .bind(description)
    .bind(starts_on)
    .bind(ends_on)
    .fetch_one(&db.pool)
    .await?;
    phase_from_row(&row)
}

/// Makes `phase_id` the active phase (one statement; the phase must belong to the space).
pub async fn activate_phase(db: &Db, space_id: i64, phase_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE spaces SET active_phase_id = $1
         WHERE id = $2 AND EXISTS (SELECT 1 FROM phases WHERE id = $1 AND space_id = $2)",
    )
    .bind(phase_id)
    .bind(space_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The role of a person in a space, if any.
pub async fn role_of(
    db: &Db,
    space_id: i64,
    user_id: i64,
) -> Result<Option<SpaceRole>, sqlx::Error> {
    let row = sqlx::query("SELECT role FROM space_members WHERE space_id = $1 AND user_id = $2")
        .bind(space_id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>("role"))
        .transpose()?
        .and_then(|r| SpaceRole::parse(&r)))
}

/// Gives a person a role in a space (or changes it).
pub async fn set_member(
    db: &Db,
    space_id: i64,
    user_id: i64,
    role: SpaceRole,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO space_members (space_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (space_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(space_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(db::now())
    .execute(&db.pool)
    .await?;
    Ok(())
}
