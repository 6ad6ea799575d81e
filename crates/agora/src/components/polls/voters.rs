//! Who may vote in a poll, in one place: the vote and withdraw pages, the API, the results
//! ("who has not voted yet", "% of eligible voters"), the reminder and the open-data verdict
//! all ask here.
//!
//! A poll's `poll_voters` rows hold its own list: members of the space the author picked
//! (`specified`); when a poll has any, only they may vote. Without rows, the space's rule
//! applies: its members and the organisation's (or, in a public space, anyone signed in).
//! Guests invited to this one poll (`group_guests`, see platform/groups) may vote in addition,
//! without being members of the space.

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
    let specified = db::query(
        "SELECT 1 FROM poll_voters WHERE poll_id = $1 AND user_id = $2 AND kind = 'specified'",
    )
    .bind(poll.id)
    .bind(user.id)
    .fetch_optional(db)
    .await?
    .is_some();
    Ok(if specified {
        MayVote::Yes
    } else {
        MayVote::NotSpecified
    })
}

fn people(rows: &[db::Row]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// Who may vote, in SQL: the one statement of the rule, shared by the lists, the counts and
/// the results' turnout. `$1` space, `$2` organisation, `$3` poll (-1: none, so no guests),
/// `$4` 1 when the poll's own list replaces the space's rule, `$5` 1 when the organisation's
/// members count (not in secret spaces). `{what}` is the select list, `{more}` conditions and
/// order on `u` (users). Public spaces have no list: callers check that first.
const ELIGIBLE: &str = "WITH eligible(id) AS (
        SELECT user_id FROM poll_voters WHERE $4 = 1 AND poll_id = $3 AND kind = 'specified'
        UNION SELECT user_id FROM space_members WHERE $4 = 0 AND space_id = $1
        UNION SELECT user_id FROM memberships WHERE $4 = 0 AND $5 = 1 AND organization_id = $2
        UNION SELECT user_id FROM group_guests
              WHERE item_kind = 'poll' AND item_id = $3 AND accepted_at IS NOT NULL)
    SELECT {what} FROM eligible e JOIN users u ON u.id = e.id
    WHERE u.deleted_at IS NULL AND u.blocked_at IS NULL {more}";

/// [`ELIGIBLE`] with its select list and conditions, bound. `poll`: `None` for the space's
/// rule alone (no specified voters, no guests).
fn eligible_sql(sql: &str, space: &Space, poll: Option<&Poll>) -> db::Query {
    use crate::platform::permissions::Visibility;
    // Scans of the space's members (100,000 in the benchmark): on sqlx's thread.
    db::query_built(sql.to_string())
        .scan()
        .bind(space.id)
        .bind(space.organization_id)
        .bind(poll.map_or(-1, |p| p.id))
        .bind(i64::from(poll.is_some_and(|p| p.specified_voters)))
        .bind(i64::from(space.visibility != Visibility::Secret))
}

fn eligible_text(what: &str, more: &str) -> String {
    ELIGIBLE.replace("{what}", what).replace("{more}", more)
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
    let sql = eligible_text("u.id, u.name", "ORDER BY u.name, u.id");
    let rows = eligible_sql(&sql, space, None).fetch_all(db).await?;
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
    let rows = db::query(
        "SELECT u.id, u.name FROM poll_voters pv JOIN users u ON u.id = pv.user_id
         WHERE pv.poll_id = $1 AND pv.kind = $2 AND u.deleted_at IS NULL AND u.blocked_at IS NULL
         ORDER BY u.name, u.id",
    )
    .bind(poll_id)
    .bind(kind)
    .fetch_all(db)
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
    if has_no_list(space, poll) {
        return Ok(None);
    }
    let sql = eligible_text("u.id, u.name", "ORDER BY u.name, u.id");
    let rows = eligible_sql(&sql, space, Some(poll)).fetch_all(db).await?;
    people(&rows).map(Some)
}

/// Anyone signed in may vote: a public space, and the poll has no voters of its own.
fn has_no_list(space: &Space, poll: &Poll) -> bool {
    !poll.specified_voters && space.visibility == crate::platform::permissions::Visibility::Public
}

/// Who may vote and has not, counted in SQL rather than listed: what a results page shows of a
/// poll of 100,000 members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turnout {
    /// People who may vote.
    pub eligible: usize,
    /// Of them, those who have not voted, and the first `shown` of those by name.
    pub not_voted: usize,
    pub first_not_voted: Vec<String>,
}

/// How many non-voters a closed poll's turnout keeps by name (the results page's list).
pub const KEPT_NON_VOTERS: usize = 200;

const NOT_VOTED: &str = "AND NOT EXISTS (SELECT 1 FROM poll_participations pp
    WHERE pp.poll_id = $3 AND pp.user_id = u.id)";

/// The turnout counted now: [`eligible`] counted, with the first `shown` non-voters by name
/// (as ids and names). `None`: anyone signed in may vote.
async fn live(
    db: &Db,
    space: &Space,
    poll: &Poll,
    shown: usize,
) -> Result<Option<(Turnout, Vec<i64>)>, sqlx::Error> {
    if has_no_list(space, poll) {
        return Ok(None);
    }
    let count = |more: &str| eligible_text("COUNT(*)", more);
    let eligible: i64 = eligible_sql(&count(""), space, Some(poll))
        .fetch_one(db)
        .await?
        .try_get(0)?;
    let not_voted: i64 = eligible_sql(&count(NOT_VOTED), space, Some(poll))
        .fetch_one(db)
        .await?
        .try_get(0)?;
    let first = if shown == 0 {
        Vec::new()
    } else {
        let sql = eligible_text(
            "u.id, u.name",
            &format!("{NOT_VOTED} ORDER BY u.name, u.id LIMIT {shown}"),
        );
        people(&eligible_sql(&sql, space, Some(poll)).fetch_all(db).await?)?
    };
    Ok(Some((
        Turnout {
            eligible: usize::try_from(eligible).unwrap_or(0),
            not_voted: usize::try_from(not_voted).unwrap_or(0),
            first_not_voted: first.iter().map(|p| p.1.clone()).collect(),
        },
        first.into_iter().map(|p| p.0).collect(),
    )))
}

/// The turnout counted now, whether the poll is open or closed (what [`turnout`] shows of an
/// open poll, and what it keeps of a closing one).
pub async fn turnout_now(
    db: &Db,
    space: &Space,
    poll: &Poll,
    shown: usize,
) -> Result<Option<Turnout>, sqlx::Error> {
    Ok(live(db, space, poll, shown).await?.map(|t| t.0))
}

/// [`eligible`] counted, with the first `shown` (at most [`KEPT_NON_VOTERS`] once closed)
/// non-voters by name. `None`: anyone signed in may vote (a public space without specified
/// voters).
///
/// An open poll is counted live. A closed one shows the turnout at its closing, kept in
/// `poll_turnouts` (taken by [`keep_turnout`] when it closed, or here the first time it is
/// shown after closing by its date): its participations cannot change any more, and counting
/// them over 100,000 members at every view was most of the results page's time.
pub async fn turnout(
    db: &Db,
    space: &Space,
    poll: &Poll,
    shown: usize,
) -> Result<Option<Turnout>, sqlx::Error> {
    if has_no_list(space, poll) {
        return Ok(None);
    }
    if poll.status() != super::rules::Status::Closed {
        return turnout_now(db, space, poll, shown).await;
    }
    if let Some(kept) = kept_turnout(db, poll.id, shown).await? {
        return Ok(kept);
    }
    keep_turnout(db, space, poll).await?;
    Ok(kept_turnout(db, poll.id, shown).await?.flatten())
}

/// The kept turnout of a closed poll: `None` when none was taken; `Some(None)` when anyone
/// signed in could vote.
async fn kept_turnout(
    db: &Db,
    poll_id: i64,
    shown: usize,
) -> Result<Option<Option<Turnout>>, sqlx::Error> {
    let Some(row) = db::query("SELECT eligible, not_voted FROM poll_turnouts WHERE poll_id = $1")
        .bind(poll_id)
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(eligible) = row.try_get::<Option<i64>, _>(0)? else {
        return Ok(Some(None));
    };
    let not_voted: i64 = row.try_get(1)?;
    // Accounts deleted since closing leave the list (their rows are erased with them).
    let names = if shown == 0 {
        Vec::new()
    } else {
        db::query(
            "SELECT u.name FROM poll_turnout_non_voters n JOIN users u ON u.id = n.user_id
             WHERE n.poll_id = $1 ORDER BY n.position LIMIT $2",
        )
        .bind(poll_id)
        .bind(i64::try_from(shown).unwrap_or(i64::MAX))
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<Vec<String>, _>>()?
    };
    Ok(Some(Some(Turnout {
        eligible: usize::try_from(eligible).unwrap_or(0),
        not_voted: usize::try_from(not_voted).unwrap_or(0),
        first_not_voted: names,
    })))
}

/// Takes and keeps a closed poll's turnout (once: a second call, or a concurrent one, keeps
/// the first). Called when the poll closes, after the closing is committed — no vote can be
/// recorded after it (see `model::vote`), so what is counted is the turnout at closing.
pub async fn keep_turnout(db: &Db, space: &Space, poll: &Poll) -> Result<(), sqlx::Error> {
    // The votes are all in: the count below and the results page read them by voter.
    db::refresh_statistics(db, "poll_participations").await;
    db::refresh_statistics(db, "poll_ballots").await;
    let counted = live(db, space, poll, KEPT_NON_VOTERS).await?;
    let mut tx = db.begin().await?;
    let (eligible, not_voted) = counted.as_ref().map_or((None, 0), |(t, _)| {
        (Some(t.eligible as i64), t.not_voted as i64)
    });
    let taken = db::query(
        "INSERT INTO poll_turnouts (poll_id, eligible, not_voted, taken_at, voters)
         SELECT $1, $2, $3, $4, (SELECT COUNT(*) FROM poll_participations WHERE poll_id = $1)
         WHERE EXISTS (SELECT 1 FROM polls WHERE id = $1
             AND opened_at IS NOT NULL AND (closed_at IS NOT NULL OR closes_at <= $4))
         ON CONFLICT (poll_id) DO NOTHING",
    )
    .bind(poll.id)
    .bind(eligible)
    .bind(not_voted)
    .bind(db::now())
    .execute(&mut tx)
    .await?;
    if taken.rows_affected() == 1
        && let Some((_, ids)) = &counted
    {
        for (position, user_id) in ids.iter().enumerate() {
            db::query(
                "INSERT INTO poll_turnout_non_voters (poll_id, position, user_id)
                 VALUES ($1, $2, $3)",
            )
            .bind(poll.id)
            .bind(position as i64)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// True when a closed poll's turnout is kept (`poll_turnouts`).
pub async fn turnout_kept(db: &Db, poll_id: i64) -> Result<bool, sqlx::Error> {
    Ok(db::query("SELECT 1 FROM poll_turnouts WHERE poll_id = $1")
        .bind(poll_id)
        .fetch_optional(db)
        .await?
        .is_some())
}

/// [`keep_turnout`] for a poll known by its id (closing it).
pub async fn keep_turnout_of(db: &Db, poll_id: i64) -> Result<(), sqlx::Error> {
    let Some(poll) = super::model::find_to_vote(db, poll_id).await? else {
        return Ok(());
    };
    match space_of(db, &poll).await? {
        Some(space) => keep_turnout(db, &space, &poll).await,
        None => Ok(()),
    }
}

/// The space a poll belongs to.
async fn space_of(db: &Db, poll: &Poll) -> Result<Option<Space>, sqlx::Error> {
    let space_id: Option<i64> = db::query("SELECT space_id FROM components WHERE id = $1")
        .bind(poll.component_id)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    match space_id {
        Some(id) => crate::platform::spaces::find(db, id).await,
        None => Ok(None),
    }
}

/// [`turnout`] for a poll found by itself (the open-data export's verdict, which must be the
/// page's). `None` also when its space is gone.
pub async fn turnout_for(
    db: &Db,
    poll: &Poll,
    shown: usize,
) -> Result<Option<Turnout>, sqlx::Error> {
    match space_of(db, poll).await? {
        Some(space) => turnout(db, &space, poll, shown).await,
        None => Ok(None),
    }
}

/// `eligible` for a poll found by itself (the reminder's recipients).
pub async fn eligible_for(db: &Db, poll: &Poll) -> Result<Option<Vec<(i64, String)>>, sqlx::Error> {
    let Some(space) = space_of(db, poll).await? else {
        return Ok(Some(Vec::new()));
    };
    eligible(db, &space, poll).await
}

/// Writes a new poll's specified voters (in its creating transaction).
pub async fn insert_specified(
    tx: &mut crate::db::WriteTx,
    poll_id: i64,
    user_ids: &[i64],
) -> Result<(), sqlx::Error> {
    for user_id in user_ids {
        db::query(
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
    db::query("UPDATE polls SET updated_at = $2 WHERE id = $1")
        .bind(poll_id)
        .bind(db::now())
        .execute(&mut tx)
        .await?;
    let voted = db::query("SELECT 1 FROM poll_participations WHERE poll_id = $1 LIMIT 1")
        .bind(poll_id)
        .fetch_optional(&mut tx)
        .await?
        .is_some();
    if voted {
        tx.rollback().await?;
        return Ok(false);
    }
    db::query("DELETE FROM poll_voters WHERE poll_id = $1 AND kind = 'specified'")
        .bind(poll_id)
        .execute(&mut tx)
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
