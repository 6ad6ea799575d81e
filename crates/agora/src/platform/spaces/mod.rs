//! Spaces — participatory processes (with ordered phases) and assemblies — where
//! participation happens. Components plug into them.

pub mod routes;
pub mod rules;

use std::collections::HashMap;

use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject};
use crate::platform::permissions::{GroupFacts, GroupFlags, SpaceFacts, SpaceRole, Visibility};

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
    /// Set when the space is used as a group (see `platform::groups`).
    pub group: Option<GroupFacts>,
}

impl Space {
    /// The facts the permission function needs.
    pub fn facts(&self) -> SpaceFacts {
        SpaceFacts {
            visibility: self.visibility,
            published: self.published,
            group: self.group,
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

/// The space's columns, read by [`from_row`]; `space_columns!("spaces.")` qualifies them, for
/// queries that join tables with columns of the same names (components: `id`, `kind`, ...).
#[macro_export]
macro_rules! space_columns {
    () => {
        $crate::space_columns!("")
    };
    ($t:literal) => {
        concat!(
            $t,
            "id, ",
            $t,
            "organization_id, ",
            $t,
            "kind, ",
            $t,
            "slug, ",
            $t,
            "title, ",
            $t,
            "description, ",
            $t,
            "visibility, ",
            $t,
            "published_at, ",
            $t,
            "active_phase_id, ",
            $t,
            "position"
        )
    };
}

/// The space's columns and its group's (NULL when it is not a group), read by [`from_row`],
/// from [`spaces_with_groups`] (or a join with both tables: `components::loaded::find_placed`).
/// The group table's column names are distinct from the space's, so none needs a prefix.
#[macro_export]
macro_rules! space_group_columns {
    () => {
        concat!(
            $crate::space_columns!("spaces."),
            ", space_groups.space_id AS group_space_id, parent_space_id, join_by_request, \
             members_start_threads, members_create_polls, members_add_members, \
             members_invite_guests, members_edit_context, members_create_subgroups, \
             members_edit_comments"
        )
    };
}

/// Spaces with their group, if any.
macro_rules! spaces_with_groups {
    () => {
        " FROM spaces LEFT JOIN space_groups ON space_groups.space_id = spaces.id"
    };
}

/// The group columns of a row from [`space_group_columns`] (absent: a RETURNING row).
fn group_from_row(row: &db::Row) -> Result<Option<GroupFacts>, sqlx::Error> {
    if !matches!(row.try_get::<Option<i64>, _>("group_space_id"), Ok(Some(_))) {
        return Ok(None);
    }
    let flag = |name: &str| -> Result<bool, sqlx::Error> { Ok(row.try_get::<i64, _>(name)? == 1) };
    Ok(Some(GroupFacts {
        parent: row.try_get("parent_space_id")?,
        join_by_request: flag("join_by_request")?,
        flags: GroupFlags {
            start_threads: flag("members_start_threads")?,
            create_polls: flag("members_create_polls")?,
            add_members: flag("members_add_members")?,
            invite_guests: flag("members_invite_guests")?,
            edit_context: flag("members_edit_context")?,
            create_subgroups: flag("members_create_subgroups")?,
            edit_comments: flag("members_edit_comments")?,
        },
    }))
}

macro_rules! phase_columns {
    () => {
        "id, space_id, position, title, description, starts_on, ends_on"
    };
}

pub(crate) fn from_row(row: &db::Row) -> Result<Space, sqlx::Error> {
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
        group: group_from_row(row)?,
    })
}

fn phase_from_row(row: &db::Row) -> Result<Phase, sqlx::Error> {
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
    let row = db::query(concat!("INSERT INTO spaces (organization_id, kind, slug, title, description, visibility, published_at,
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
    .fetch_one(db)
    .await?;
    from_row(&row)
}

/// Every space of an organisation, in their display order (filter with the permission function).
pub async fn list_for_organization(
    db: &Db,
    organization_id: i64,
) -> Result<Vec<Space>, sqlx::Error> {
    let rows = db::query(concat!(
        "SELECT ",
        space_group_columns!(),
        spaces_with_groups!(),
        " WHERE organization_id = $1 ORDER BY position, id"
    ))
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Finds a space by id.
pub async fn find(db: &Db, id: i64) -> Result<Option<Space>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        space_group_columns!(),
        spaces_with_groups!(),
        " WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The phases of a space, in order.
pub async fn phases(db: &Db, space_id: i64) -> Result<Vec<Phase>, sqlx::Error> {
    let rows = db::query(concat!(
        "SELECT ",
        phase_columns!(),
        " FROM phases WHERE space_id = $1 ORDER BY position, id"
    ))
    .bind(space_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(phase_from_row).collect()
}

/// Locks a space's row for the rest of the transaction (a row lock on PostgreSQL, the write
/// lock on SQLite), so that every change to the order of its phases queues behind the others.
async fn lock_space(tx: &mut crate::db::WriteTx, space_id: i64) -> Result<bool, sqlx::Error> {
    let done = db::query("UPDATE spaces SET position = position WHERE id = $1")
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
    Ok(done.rows_affected() == 1)
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
    let mut tx = db.begin().await?;
    if !lock_space(&mut tx, space_id).await? {
        return Err(sqlx::Error::RowNotFound);
    }
    let row = db::query(concat!(
        "INSERT INTO phases (space_id, position, title, description, starts_on, ends_on)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM phases WHERE space_id = $1), $2, $3, $4, $5)
         RETURNING ",
        phase_columns!()
    ))
    .bind(space_id)
    .bind(title.trim())
    .bind(description)
    .bind(starts_on)
    .bind(ends_on)
    .fetch_one(&mut tx)
    .await?;
    tx.commit().await?;
    phase_from_row(&row)
}

/// Finds a phase of a space (`None` for a phase of another space).
pub async fn find_phase(
    db: &Db,
    space_id: i64,
    phase_id: i64,
) -> Result<Option<Phase>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        phase_columns!(),
        " FROM phases WHERE id = $1 AND space_id = $2"
    ))
    .bind(phase_id)
    .bind(space_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(phase_from_row).transpose()
}

/// Changes a phase's texts and dates. False when the phase is not one of this space's.
pub async fn update_phase(
    db: &Db,
    space_id: i64,
    phase_id: i64,
    title: &str,
    description: &str,
    starts_on: Option<&str>,
    ends_on: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "UPDATE phases SET title = $1, description = $2, starts_on = $3, ends_on = $4
         WHERE id = $5 AND space_id = $6",
    )
    .bind(title.trim())
    .bind(description)
    .bind(starts_on)
    .bind(ends_on)
    .bind(phase_id)
    .bind(space_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a phase and closes the gap it leaves, so positions stay 1, 2, 3, ...
/// False when the phase is not one of this space's.
pub async fn delete_phase(db: &Db, space_id: i64, phase_id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !lock_space(&mut tx, space_id).await? {
        return Ok(false);
    }
    let Some(row) =
        db::query("DELETE FROM phases WHERE id = $1 AND space_id = $2 RETURNING position")
            .bind(phase_id)
            .bind(space_id)
            .fetch_optional(&mut tx)
            .await?
    else {
        return Ok(false);
    };
    let position: i64 = row.try_get("position")?;
    // Positions are unique and checked row by row, so shift in two steps through negatives.
    db::query("UPDATE phases SET position = -position WHERE space_id = $1 AND position > $2")
        .bind(space_id)
        .bind(position)
        .execute(&mut tx)
        .await?;
    db::query("UPDATE phases SET position = -position - 1 WHERE space_id = $1 AND position < 0")
        .bind(space_id)
        .execute(&mut tx)
        .await?;
    db::query("UPDATE spaces SET active_phase_id = NULL WHERE id = $1 AND active_phase_id = $2")
        .bind(space_id)
        .bind(phase_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Which way a phase moves in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// What moving a phase did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moved {
    /// The phase swapped places with its neighbour.
    Swapped,
    /// The phase was already first (or last): nothing changed.
    AtEdge,
    /// No such phase in this space.
    NotFound,
}

/// Swaps a phase with the one before (or after) it, in one transaction that first locks the
/// space: two people clicking at once get one swap after the other, never a duplicate position.
pub async fn move_phase(
    db: &Db,
    space_id: i64,
    phase_id: i64,
    direction: Direction,
) -> Result<Moved, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !lock_space(&mut tx, space_id).await? {
        return Ok(Moved::NotFound);
    }
    let Some(row) = db::query("SELECT position FROM phases WHERE id = $1 AND space_id = $2")
        .bind(phase_id)
        .bind(space_id)
        .fetch_optional(&mut tx)
        .await?
    else {
        return Ok(Moved::NotFound);
    };
    let position: i64 = row.try_get("position")?;
    let neighbour = match direction {
        Direction::Up => {
            "SELECT id, position FROM phases WHERE space_id = $1 AND position < $2
             ORDER BY position DESC LIMIT 1"
        }
        Direction::Down => {
            "SELECT id, position FROM phases WHERE space_id = $1 AND position > $2
             ORDER BY position ASC LIMIT 1"
        }
    };
    let Some(other) = db::query(neighbour)
        .bind(space_id)
        .bind(position)
        .fetch_optional(&mut tx)
        .await?
    else {
        return Ok(Moved::AtEdge);
    };
    let other_id: i64 = other.try_get("id")?;
    let other_position: i64 = other.try_get("position")?;
    // Through a free position, since the unique index is checked row by row.
    for (id, to) in [
        (phase_id, 0),
        (other_id, position),
        (phase_id, other_position),
    ] {
        db::query("UPDATE phases SET position = $1 WHERE id = $2")
            .bind(to)
            .bind(id)
            .execute(&mut tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Moved::Swapped)
}

/// Makes `phase_id` the active phase (one statement; the phase must belong to the space).
pub async fn activate_phase(db: &Db, space_id: i64, phase_id: i64) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "UPDATE spaces SET active_phase_id = $1
         WHERE id = $2 AND EXISTS (SELECT 1 FROM phases WHERE id = $1 AND space_id = $2)",
    )
    .bind(phase_id)
    .bind(space_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The role of a person in a space, if any.
pub async fn role_of(
    db: &Db,
    space_id: i64,
    user_id: i64,
) -> Result<Option<SpaceRole>, sqlx::Error> {
    let row = db::query("SELECT role FROM space_members WHERE space_id = $1 AND user_id = $2")
        .bind(space_id)
        .bind(user_id)
        .fetch_optional(db)
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
    db::query(
        "INSERT INTO space_members (space_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (space_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(space_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(())
}

/// Leaves a process without an active phase.
pub async fn clear_active_phase(db: &Db, space_id: i64) -> Result<(), sqlx::Error> {
    db::query("UPDATE spaces SET active_phase_id = NULL WHERE id = $1")
        .bind(space_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The active phase of every space of an organisation, by space id (one query for a list page).
pub async fn active_phases(
    db: &Db,
    organization_id: i64,
) -> Result<HashMap<i64, Phase>, sqlx::Error> {
    let rows = db::query(
        "SELECT p.id, p.space_id, p.position, p.title, p.description, p.starts_on, p.ends_on
         FROM phases p JOIN spaces s ON s.active_phase_id = p.id AND p.space_id = s.id
         WHERE s.organization_id = $1",
    )
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| phase_from_row(r).map(|p| (p.space_id, p)))
        .collect()
}

/// Finds a space by its slug within an organisation.
pub async fn find_by_slug(
    db: &Db,
    organization_id: i64,
    slug: &str,
) -> Result<Option<Space>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        space_group_columns!(),
        spaces_with_groups!(),
        " WHERE organization_id = $1 AND slug = $2"
    ))
    .bind(organization_id)
    .bind(slug)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// What an admin may change on a space (its kind is fixed at creation).
pub struct SpaceChanges<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub visibility: Visibility,
}

/// Saves a space's changes. A slug already used in the organisation is a unique violation
/// (see [`db::is_unique_violation`]).
pub async fn update(db: &Db, space_id: i64, changes: SpaceChanges<'_>) -> Result<(), sqlx::Error> {
    db::query(
        "UPDATE spaces SET slug = $1, title = $2, description = $3, visibility = $4 WHERE id = $5",
    )
    .bind(changes.slug)
    .bind(changes.title.trim())
    .bind(changes.description)
    .bind(changes.visibility.as_str())
    .bind(space_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Publishes (keeping the first publication time) or unpublishes a space.
pub async fn set_published(db: &Db, space_id: i64, published: bool) -> Result<(), sqlx::Error> {
    let query = if published {
        db::query("UPDATE spaces SET published_at = COALESCE(published_at, $1) WHERE id = $2")
            .bind(db::now())
    } else {
        db::query("UPDATE spaces SET published_at = NULL WHERE id = $1")
    };
    query.bind(space_id).execute(db).await?;
    Ok(())
}

/// A person with a role in a space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpaceMember {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: SpaceRole,
}

/// The members of a space, admins first, then by name.
pub async fn members(db: &Db, space_id: i64) -> Result<Vec<SpaceMember>, sqlx::Error> {
    let rows = db::query(
        "SELECT u.id, u.name, u.email, m.role FROM space_members m
         JOIN users u ON u.id = m.user_id
         WHERE m.space_id = $1 AND u.deleted_at IS NULL
         ORDER BY CASE m.role WHEN 'admin' THEN 0 WHEN 'moderator' THEN 1 WHEN 'collaborator' THEN 2
                  WHEN 'evaluator' THEN 3 ELSE 4 END, u.name, u.id",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(SpaceMember {
                user_id: r.try_get("id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                role: SpaceRole::parse(&role).unwrap_or(SpaceRole::Member),
            })
        })
        .collect()
}

/// Adds a person to a space. False when they already are a member (their role is kept).
pub async fn add_member(
    db: &Db,
    space_id: i64,
    user_id: i64,
    role: SpaceRole,
) -> Result<bool, sqlx::Error> {
    let done = db::query(
        "INSERT INTO space_members (space_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (space_id, user_id) DO NOTHING",
    )
    .bind(space_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Changes a member's role. False when the person is not a member of this space.
pub async fn change_member_role(
    db: &Db,
    space_id: i64,
    user_id: i64,
    role: SpaceRole,
    by: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE space_members SET role = $1 WHERE space_id = $2 AND user_id = $3 RETURNING id",
    )
    .bind(role.as_str())
    .bind(space_id)
    .bind(user_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(done) = done else {
        return Ok(false);
    };
    action_log::append(
        &mut tx,
        by,
        "space-role-changed",
        Subject::of("space_member", done.try_get(0)?),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes a member. False when the person is not a member of this space.
pub async fn remove_member(
    db: &Db,
    space_id: i64,
    user_id: i64,
    by: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done =
        db::query("DELETE FROM space_members WHERE space_id = $1 AND user_id = $2 RETURNING id")
            .bind(space_id)
            .bind(user_id)
            .fetch_optional(&mut tx)
            .await?;
    let Some(done) = done else {
        return Ok(false);
    };
    action_log::append(
        &mut tx,
        by,
        "space-member-removed",
        Subject::removed("space_member", done.try_get(0)?, "space", space_id),
        action_log::Visibility::Admins,
    )
    .await?;
    // A subgroup's members are members of its parent group: leaving the group leaves its
    // subgroups too.
    let from_subgroups = db::query(
        "DELETE FROM space_members WHERE user_id = $1
         AND space_id IN (SELECT space_id FROM space_groups WHERE parent_space_id = $2)
         RETURNING id, space_id",
    )
    .bind(user_id)
    .bind(space_id)
    .fetch_all(&mut tx)
    .await?;
    for row in &from_subgroups {
        action_log::append(
            &mut tx,
            by,
            "space-member-removed",
            Subject::removed("space_member", row.try_get(0)?, "space", row.try_get(1)?),
            action_log::Visibility::Admins,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A person's roles in the spaces of one organisation, by space id (one query for a list page).
pub async fn roles_in_organization(
    db: &Db,
    organization_id: i64,
    user_id: i64,
) -> Result<HashMap<i64, SpaceRole>, sqlx::Error> {
    let rows = db::query(
        "SELECT m.space_id, m.role FROM space_members m JOIN spaces s ON s.id = m.space_id
         WHERE s.organization_id = $1 AND m.user_id = $2",
    )
    .bind(organization_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut roles = HashMap::new();
    for row in &rows {
        let role: String = row.try_get("role")?;
        if let Some(role) = SpaceRole::parse(&role) {
            roles.insert(row.try_get("space_id")?, role);
        }
    }
    Ok(roles)
}
