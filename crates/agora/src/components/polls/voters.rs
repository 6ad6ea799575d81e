//! Who may vote in a poll, in one place: the vote and withdraw pages, the API, the results
//! ("who has not voted yet", "% of eligible voters"), the reminder and the open-data verdict
//! all ask here.
//!
//! A poll's `poll_voters` rows hold its own list: members of the space the author picked
//! (`specified`); when a poll has any, only they may vote. Without rows, the space's rule
//! applies: its members and the organisation's (or, in a public space, anyone signed in).
//! Guests invited to this one poll (`group_guests`, see platform/groups) may vote in addition,
//! without being members of the space.

use sqlx::Row;

use super::model::Poll;
use crate::db::{self, Db};
use crate::platform::access;
use crate::platform::accounts::User;
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::permissions::{Action, Actor, permits};
use crate::platform::spaces::Space;
use crate::web::AppError;

/// Someone the author picked among the space's members.
pub const SPECIFIED: &str = "specified";

/// SQL (poll `$1`, user `$2`): the person is on the poll's list, or the poll has no specified
/// voters. Part of the statement that records a vote, so the list in force is the one checked.
pub const LISTED: &str = "(EXISTS (SELECT 1 FROM poll_voters WHERE poll_id = $1 AND user_id = $2)
    OR NOT EXISTS (SELECT 1 FROM poll_voters WHERE poll_id = $1 AND kind = 'specified')
    OR EXISTS (SELECT 1 FROM group_guests WHERE item_kind = 'poll' AND item_id = $1
               AND user_id = $2 AND accepted_at IS NOT NULL))";

/// May this person vote in this poll?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MayVote {
    Yes,
    /// Not a participant of the space (and not a guest of the poll).
    NotParticipant,
    /// The poll has specified voters and the person is not one of them.
    NotSpecified,
}

/// The one answer to "may this person vote in this poll" (whether it is open is checked when
/// the vote is written).
pub async fn may_vote(
    db: &Db,
    user: &User,
    space: &Space,
    poll: &Poll,
) -> Result<MayVote, AppError> {
    let actor = access::item_actor(db, Some(user), space, "poll", poll.id).await?;
    may_vote_as(db, &actor, user, space, poll).await
}

/// [`may_vote`] for an actor the caller has already worked out for this poll
/// (`access::item_actor`): the API's vote path has it from its visibility check.
pub async fn may_vote_as(
    db: &Db,
    actor: &Actor,
    user: &User,
    space: &Space,
    poll: &Poll,
) -> Result<MayVote, AppError> {
    // A guest invited to this one poll (groups) votes in it, whatever the space's rule.
    let facts = space.facts();
    if !permits(actor, Action::ViewSpace, Some(&facts))
        || !permits(actor, Action::Participate, Some(&facts))
    {
        return Ok(MayVote::NotParticipant);
    }
    if actor.guest || !poll.specified_voters {
        return Ok(MayVote::Yes);
    }
    // Only a poll with picked voters needs its list read (the vote path is hot).
    let specified = sqlx::query(
        "SELECT 1 FROM poll_voters WHERE poll_id = $1 AND user_id = $2 AND kind = 'specified'",
    )
    .bind(poll.id)
    .bind(user.id)
    .fetch_optional(&db.pool)
    .await?
    .is_some();
    Ok(if specified {
        MayVote::Yes
    } else {
        MayVote::NotSpecified
    })
}

fn people(rows: &[sqlx::any::AnyRow]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// The space's rule: its members and the organisation's members, by name. Public spaces have
/// no list (anyone signed in may vote): `None`. Also the people an author may pick from.
pub async fn space_voters(
    db: &Db,
    space: &Space,
) -> Result<Option<Vec<(i64, String)>>, sqlx::Error> {
    use crate::platform::permissions::Visibility;
    if space.visibility == Visibility::Public {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT u.id, u.name FROM users u
         WHERE u.deleted_at IS NULL AND u.blocked_at IS NULL
           AND (u.id IN (SELECT user_id FROM space_members WHERE space_id = $1)
             OR ($3 = 1 AND u.id IN (SELECT user_id FROM memberships WHERE organization_id = $2)))
         ORDER BY u.name, u.id",
    )
    .bind(space.id)
    .bind(space.organization_id)
    .bind(i64::from(space.visibility != Visibility::Secret))
    .fetch_all(&db.pool)
    .await?;
    people(&rows).map(Some)
}

/// The most people a form lists to pick voters from: a bigger space's list would make a page
/// nobody can use (the form then says so).
pub const PICK_MAX: usize = 2_000;

/// Whom an author may pick as specified voters, for the forms.
pub enum Pickable {
    /// The space's members, by name.
    Members(Vec<(i64, String)>),
    /// A public space: anyone signed in may vote, there is no list.
    Public,
    /// More than `PICK_MAX` members.
    TooMany,
}

impl Pickable {
    pub fn people(&self) -> Option<&Vec<(i64, String)>> {
        match self {
            Pickable::Members(people) => Some(people),
            _ => None,
        }
    }
    /// Why there is no list to pick from.
    pub fn reason(&self, i18n: &crate::i18n::I18n) -> String {
        match self {
            Pickable::TooMany => i18n.t1("polls-field-specified-too-many", "max", PICK_MAX),
            _ => i18n.t("polls-field-specified-public"),
        }
    }
}

pub async fn pickable(db: &Db, space: &Space) -> Result<Pickable, sqlx::Error> {
    Ok(match space_voters(db, space).await? {
        None => Pickable::Public,
        Some(list) if list.len() > PICK_MAX => Pickable::TooMany,
        Some(list) => Pickable::Members(list),
    })
}

/// The poll's own list (specified voters and guests), by name.
pub async fn listed(db: &Db, poll_id: i64, kind: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.name FROM poll_voters pv JOIN users u ON u.id = pv.user_id
         WHERE pv.poll_id = $1 AND pv.kind = $2 AND u.deleted_at IS NULL AND u.blocked_at IS NULL
         ORDER BY u.name, u.id",
    )
    .bind(poll_id)
    .bind(kind)
    .fetch_all(&db.pool)
    .await?;
    people(&rows)
}

/// The eligible voters of a poll, by name: its specified voters if it has them, else the
/// space's rule; plus its guests. `None`: anyone signed in may vote (public space).
pub async fn eligible(
    db: &Db,
    space: &Space,
    poll: &Poll,
) -> Result<Option<Vec<(i64, String)>>, sqlx::Error> {
    let base = if poll.specified_voters {
        Some(listed(db, poll.id, SPECIFIED).await?)
    } else {
        space_voters(db, space).await?
    };
    let Some(mut list) = base else {
        return Ok(None);
    };
    let guests = sqlx::query(
        "SELECT u.id, u.name FROM group_guests g JOIN users u ON u.id = g.user_id
         WHERE g.item_kind = 'poll' AND g.item_id = $1 AND g.accepted_at IS NOT NULL
           AND u.deleted_at IS NULL AND u.blocked_at IS NULL
         ORDER BY u.name, u.id",
    )
    .bind(poll.id)
    .fetch_all(&db.pool)
    .await?;
    for guest in people(&guests)? {
        if !list.iter().any(|(id, _)| *id == guest.0) {
            list.push(guest);
        }
    }
    Ok(Some(list))
}

/// `eligible` for a poll found by itself (the reminder and the open-data export).
pub async fn eligible_for(db: &Db, poll: &Poll) -> Result<Option<Vec<(i64, String)>>, sqlx::Error> {
    let space_id: Option<i64> = sqlx::query("SELECT space_id FROM components WHERE id = $1")
        .bind(poll.component_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    let Some(space) = (match space_id {
        Some(id) => crate::platform::spaces::find(db, id).await?,
        None => None,
    }) else {
        return Ok(Some(Vec::new()));
    };
    eligible(db, &space, poll).await
}

/// Writes a new poll's specified voters (in its creating transaction).
pub async fn insert_specified(
    tx: &mut sqlx::AnyConnection,
    poll_id: i64,
    user_ids: &[i64],
) -> Result<(), sqlx::Error> {
    for user_id in user_ids {
        sqlx::query(
            "INSERT INTO poll_voters (poll_id, user_id, kind) VALUES ($1, $2, 'specified')
             ON CONFLICT (poll_id, user_id) DO NOTHING",
        )
        .bind(poll_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Replaces a poll's specified voters (empty: back to the space's rule). Refused (false) once
/// someone has voted: the list would change who may have voted after the fact. The poll's
/// row is locked first, and a vote reads the list under that lock, so a vote either comes
/// before the change (and the change is refused) or is checked against the new list.
pub async fn set_specified(
    db: &Db,
    actor: i64,
    poll_id: i64,
    user_ids: &[i64],
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE polls SET updated_at = $2 WHERE id = $1")
        .bind(poll_id)
        .bind(db::now())
        .execute(&mut *tx)
        .await?;
    let voted = sqlx::query("SELECT 1 FROM poll_participations WHERE poll_id = $1 LIMIT 1")
        .bind(poll_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if voted {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query("DELETE FROM poll_voters WHERE poll_id = $1 AND kind = 'specified'")
        .bind(poll_id)
        .execute(&mut *tx)
        .await?;
    insert_specified(&mut tx, poll_id, user_ids).await?;
    action_log::append(
        &mut tx,
        Some(actor),
        "poll-voters-changed",
        Subject::of("poll", poll_id),
        Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
