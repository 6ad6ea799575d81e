//! Groups (Loomio-style): an assembly space used as a group, with a privacy, one level of
//! subgroups, join requests and the flags that say what plain members may do.
//!
//! Privacy maps onto the space's visibility rather than adding a parallel concept:
//! open = `private` (the organisation sees it; its members join in one click),
//! closed = `private` + `join_by_request` (the organisation sees it; people ask to join),
//! secret = `secret` (only its members see it; 404 for everyone else, everywhere).
//! Taking part in a group needs being one of its members (see `permissions::permits`).
//! A subgroup's members must be members of its parent group.

pub mod demo;
pub mod guests;
pub mod routes;

use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject};
use crate::platform::permissions::{GroupFlags, SpaceRole, Visibility};
use crate::platform::spaces::{self, Space, SpaceKind};

/// A group's privacy, as people choose it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Privacy {
    Open,
    Closed,
    Secret,
}

impl Privacy {
    pub fn as_str(self) -> &'static str {
        match self {
            Privacy::Open => "open",
            Privacy::Closed => "closed",
            Privacy::Secret => "secret",
        }
    }
    pub fn parse(text: &str) -> Option<Privacy> {
        match text {
            "open" => Some(Privacy::Open),
            "closed" => Some(Privacy::Closed),
            "secret" => Some(Privacy::Secret),
            _ => None,
        }
    }
    /// The privacy of a group space. A group whose visibility an admin set to public (through
    /// the space settings) behaves as open, seen from outside too.
    pub fn of(space: &Space) -> Privacy {
        match (space.visibility, space.group.map(|g| g.join_by_request)) {
            (Visibility::Secret, _) => Privacy::Secret,
            (_, Some(true)) => Privacy::Closed,
            _ => Privacy::Open,
        }
    }
    fn visibility(self) -> Visibility {
        match self {
            Privacy::Open | Privacy::Closed => Visibility::Private,
            Privacy::Secret => Visibility::Secret,
        }
    }
}

/// Why a group change was refused (each is a message key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    NotAnAssembly,
    AlreadyAGroup,
    SubgroupOfSubgroup,
    NotAGroup,
    SlugTaken,
    BadSlug,
    EmptyTitle,
    NotInOrganization,
    NotInParent,
    AlreadyMember,
    UnknownPerson,
}

impl Problem {
    pub fn key(self) -> &'static str {
        match self {
            Problem::NotAnAssembly => "groups-error-not-assembly",
            Problem::AlreadyAGroup => "groups-error-already-group",
            Problem::SubgroupOfSubgroup => "groups-error-subgroup-of-subgroup",
            Problem::NotAGroup => "groups-error-not-group",
            Problem::SlugTaken => "groups-error-slug-taken",
            Problem::BadSlug => "groups-error-bad-slug",
            Problem::EmptyTitle => "groups-error-empty-title",
            Problem::NotInOrganization => "groups-error-not-in-organization",
            Problem::NotInParent => "groups-error-not-in-parent",
            Problem::AlreadyMember => "groups-error-already-member",
            Problem::UnknownPerson => "groups-error-unknown-person",
        }
    }
}

/// Makes an assembly a group (open, default flags).
pub async fn make_group(
    db: &Db,
    space: &Space,
    by: Option<i64>,
) -> Result<Result<(), Problem>, sqlx::Error> {
    if space.kind != SpaceKind::Assembly {
        return Ok(Err(Problem::NotAnAssembly));
    }
    let mut tx = db.begin().await?;
    let done = db::query(
        "INSERT INTO space_groups (space_id) VALUES ($1) ON CONFLICT (space_id) DO NOTHING",
    )
    .bind(space.id)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(Problem::AlreadyAGroup));
    }
    db::query("UPDATE spaces SET visibility = $1 WHERE id = $2 AND visibility = 'public'")
        .bind(Visibility::Private.as_str())
        .bind(space.id)
        .execute(&mut tx)
        .await?;
    action_log::append(
        &mut tx,
        by,
        "group-created",
        Subject::of("space", space.id),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// What a new subgroup needs.
pub struct NewSubgroup<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub privacy: Privacy,
}

fn slug_ok(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 60
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Creates a subgroup of `parent` (published; its creator becomes its admin), in one
/// transaction. Refused for a subgroup's subgroup: one level only.
pub async fn create_subgroup(
    db: &Db,
    parent: &Space,
    new: NewSubgroup<'_>,
    creator: i64,
) -> Result<Result<i64, Problem>, sqlx::Error> {
    let Some(group) = parent.group else {
        return Ok(Err(Problem::NotAGroup));
    };
    if group.parent.is_some() {
        return Ok(Err(Problem::SubgroupOfSubgroup));
    }
    if !slug_ok(new.slug) {
        return Ok(Err(Problem::BadSlug));
    }
    if new.title.trim().is_empty() {
        return Ok(Err(Problem::EmptyTitle));
    }
    let now = db::now();
    let mut tx = db.begin().await?;
    let inserted = db::query(
        "INSERT INTO spaces (organization_id, kind, slug, title, description, visibility,
                             published_at, position, created_at)
         VALUES ($1, 'assembly', $2, $3, $4, $5, $6,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM spaces WHERE organization_id = $1), $6)
         RETURNING id",
    )
    .bind(parent.organization_id)
    .bind(new.slug)
    .bind(new.title.trim())
    .bind(new.description)
    .bind(new.privacy.visibility().as_str())
    .bind(now)
    .fetch_one(&mut tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0)?,
        Err(e) if db::is_unique_violation(&e) => return Ok(Err(Problem::SlugTaken)),
        Err(e) => return Err(e),
    };
    db::query(
        "INSERT INTO space_groups (space_id, parent_space_id, join_by_request) VALUES ($1, $2, $3)",
    )
    .bind(id)
    .bind(parent.id)
    .bind(i64::from(new.privacy == Privacy::Closed))
    .execute(&mut tx)
    .await?;
    let member = db::query(
        "INSERT INTO space_members (space_id, user_id, role, created_at)
         VALUES ($1, $2, 'admin', $3) RETURNING id",
    )
    .bind(id)
    .bind(creator)
    .bind(now)
    .fetch_one(&mut tx)
    .await?;
    action_log::append(
        &mut tx,
        Some(creator),
        "group-created",
        Subject::of("space", id),
        action_log::Visibility::Admins,
    )
    .await?;
    action_log::append(
        &mut tx,
        Some(creator),
        "space-member-added",
        Subject::of("space_member", member.try_get(0)?),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Changes a group's privacy and flags (one transaction, logged).
pub async fn save_settings(
    db: &Db,
    space_id: i64,
    privacy: Privacy,
    flags: GroupFlags,
    by: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE space_groups SET join_by_request = $1, members_start_threads = $2,
                members_create_polls = $3, members_add_members = $4, members_invite_guests = $5,
                members_edit_context = $6, members_create_subgroups = $7,
                members_edit_comments = $9
         WHERE space_id = $8",
    )
    .bind(i64::from(privacy == Privacy::Closed))
    .bind(i64::from(flags.start_threads))
    .bind(i64::from(flags.create_polls))
    .bind(i64::from(flags.add_members))
    .bind(i64::from(flags.invite_guests))
    .bind(i64::from(flags.edit_context))
    .bind(i64::from(flags.create_subgroups))
    .bind(space_id)
    .bind(i64::from(flags.edit_comments))
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    db::query("UPDATE spaces SET visibility = $1 WHERE id = $2")
        .bind(privacy.visibility().as_str())
        .bind(space_id)
        .execute(&mut tx)
        .await?;
    action_log::append(
        &mut tx,
        by,
        "group-settings-changed",
        Subject::of("space", space_id),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The subgroups of a group, in the organisation's order (filter with the permission function).
pub async fn subgroups(db: &Db, parent: &Space) -> Result<Vec<Space>, sqlx::Error> {
    let ids: Vec<i64> = db::query(
        "SELECT g.space_id FROM space_groups g JOIN spaces s ON s.id = g.space_id
         WHERE g.parent_space_id = $1 ORDER BY s.position, s.id",
    )
    .bind(parent.id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(space) = spaces::find(db, id).await? {
            found.push(space);
        }
    }
    Ok(found)
}

/// May `user_id` belong to `space` (a group)? An organisation member; for a subgroup, a member
/// of the parent group.
pub async fn may_belong(
    db: &Db,
    space: &Space,
    user_id: i64,
) -> Result<Result<(), Problem>, sqlx::Error> {
    let in_org = db::query("SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2")
        .bind(space.organization_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?
        .is_some();
    if !in_org {
        return Ok(Err(Problem::NotInOrganization));
    }
    if let Some(parent) = space.group.and_then(|g| g.parent)
        && spaces::role_of(db, parent, user_id).await?.is_none()
    {
        return Ok(Err(Problem::NotInParent));
    }
    Ok(Ok(()))
}

/// Adds a person to a group as a member (logged). `AlreadyMember` when they are one.
pub async fn add_member(
    db: &Db,
    space: &Space,
    user_id: i64,
    by: Option<i64>,
) -> Result<Result<(), Problem>, sqlx::Error> {
    if let Err(problem) = may_belong(db, space, user_id).await? {
        return Ok(Err(problem));
    }
    let mut tx = db.begin().await?;
    let row = db::query(
        "INSERT INTO space_members (space_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (space_id, user_id) DO NOTHING RETURNING id",
    )
    .bind(space.id)
    .bind(user_id)
    .bind(SpaceRole::Member.as_str())
    .bind(db::now())
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        return Ok(Err(Problem::AlreadyMember));
    };
    action_log::append(
        &mut tx,
        by,
        "space-member-added",
        Subject::of("space_member", row.try_get(0)?),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Where a person's latest request to join a group stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestStatus {
    Pending,
    Accepted,
    Declined,
}

/// Asks to join a closed group. False when a request is already pending (a double click
/// makes one request).
pub async fn request_to_join(
    db: &Db,
    space_id: i64,
    user_id: i64,
    message: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row = db::query(
        "INSERT INTO group_join_requests (space_id, user_id, message, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (space_id, user_id) WHERE status = 'pending' DO NOTHING RETURNING id",
    )
    .bind(space_id)
    .bind(user_id)
    .bind(message.trim())
    .bind(db::now())
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    action_log::append(
        &mut tx,
        Some(user_id),
        "group-join-requested",
        Subject::of("group_join_request", row.try_get(0)?),
        action_log::Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The latest request of a person to join a group.
pub async fn latest_request(
    db: &Db,
    space_id: i64,
    user_id: i64,
) -> Result<Option<RequestStatus>, sqlx::Error> {
    let row = db::query(
        "SELECT status FROM group_join_requests WHERE space_id = $1 AND user_id = $2
         ORDER BY id DESC LIMIT 1",
    )
    .bind(space_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>(0))
        .transpose()?
        .map(|s| match s.as_str() {
            "accepted" => RequestStatus::Accepted,
            "declined" => RequestStatus::Declined,
            _ => RequestStatus::Pending,
        }))
}

/// A pending request, as the group's admins see it.
pub struct PendingRequest {
    pub id: i64,
    pub name: String,
    pub message: String,
}

/// The pending requests of a group, oldest first.
pub async fn pending_requests(db: &Db, space_id: i64) -> Result<Vec<PendingRequest>, sqlx::Error> {
    db::query(
        "SELECT r.id, u.name, r.message FROM group_join_requests r JOIN users u ON u.id = r.user_id
         WHERE r.space_id = $1 AND r.status = 'pending' ORDER BY r.id",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(PendingRequest {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            message: r.try_get("message")?,
        })
    })
    .collect()
}

/// Accepts or declines a pending request of this group; accepting makes the requester a
/// member. Returns the requester's e-mail address to tell them, or `None` when there is no such
/// pending request here (another group's, or already decided: two admins clicking at once
/// decide once).
pub async fn decide(
    db: &Db,
    space: &Space,
    request_id: i64,
    accept: bool,
    by: i64,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row = db::query(
        "UPDATE group_join_requests SET status = $1, decided_at = $2, decided_by = $3
         WHERE id = $4 AND space_id = $5 AND status = 'pending' RETURNING user_id",
    )
    .bind(if accept { "accepted" } else { "declined" })
    .bind(db::now())
    .bind(by)
    .bind(request_id)
    .bind(space.id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let user_id: i64 = row.try_get(0)?;
    if accept {
        db::query(
            "INSERT INTO space_members (space_id, user_id, role, created_at) VALUES ($1, $2, 'member', $3)
             ON CONFLICT (space_id, user_id) DO NOTHING",
        )
        .bind(space.id)
        .bind(user_id)
        .bind(db::now())
        .execute(&mut tx)
        .await?;
    }
    action_log::append(
        &mut tx,
        Some(by),
        if accept {
            "group-join-accepted"
        } else {
            "group-join-declined"
        },
        Subject::of("group_join_request", request_id),
        action_log::Visibility::Admins,
    )
    .await?;
    let email: String = db::query("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut tx)
        .await?
        .try_get(0)?;
    tx.commit().await?;
    Ok(Some(email))
}

/// What leaving a group did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    Done,
    /// The person is the group's last admin: someone else must be made admin first.
    LastAdmin,
    NotMember,
}

/// Leaves a group (and its subgroups), unless one is its last admin. The group's row is locked
/// first, so two admins leaving at once leave one admin behind.
pub async fn leave(db: &Db, space_id: i64, user_id: i64) -> Result<Left, sqlx::Error> {
    let mut tx = db.begin().await?;
    db::query("UPDATE spaces SET position = position WHERE id = $1")
        .bind(space_id)
        .execute(&mut tx)
        .await?;
    let done = db::query(
        "DELETE FROM space_members WHERE space_id = $1 AND user_id = $2
           AND (role <> 'admin'
                OR (SELECT COUNT(*) FROM space_members WHERE space_id = $1 AND role = 'admin') > 1)
         RETURNING id",
    )
    .bind(space_id)
    .bind(user_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(done) = done else {
        let member = spaces_role(&mut tx, space_id, user_id).await?;
        tx.rollback().await?;
        return Ok(if member {
            Left::LastAdmin
        } else {
            Left::NotMember
        });
    };
    let mut removed = vec![(done.try_get::<i64, _>(0)?, space_id)];
    for row in db::query(
        "DELETE FROM space_members WHERE user_id = $1
         AND space_id IN (SELECT space_id FROM space_groups WHERE parent_space_id = $2)
         RETURNING id, space_id",
    )
    .bind(user_id)
    .bind(space_id)
    .fetch_all(&mut tx)
    .await?
    {
        removed.push((row.try_get(0)?, row.try_get(1)?));
    }
    for (id, space) in removed {
        action_log::append(
            &mut tx,
            Some(user_id),
            "group-left",
            Subject::removed("space_member", id, "space", space),
            action_log::Visibility::Admins,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Left::Done)
}

async fn spaces_role(
    tx: &mut crate::db::WriteTx,
    space_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        db::query("SELECT 1 FROM space_members WHERE space_id = $1 AND user_id = $2")
            .bind(space_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some(),
    )
}
