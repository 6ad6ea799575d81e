//! What participants do around a proposal besides supporting it: follow it, endorse it, and
//! propose amendments its author accepts or rejects. Every rule is held by the statement that
//! writes (unique indexes, `WHERE state = 'pending'`, "not hidden" conditions), so parallel
//! requests cannot break it; followers are notified in the same transaction.
//!
//! Supports milestones: a proposal reaches a milestone the moment its counted supports reach
//! 10, 100, 1,000 or the component's success threshold. Each milestone is announced once per
//! proposal (`proposal_milestones` primary key), even if the count falls and climbs again.

use serde_json::json;

use super::KIND;
use super::model::{self, Proposal};
use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::notifications::{Recipients, follows, notify};

/// Round numbers of supports announced to followers (besides the success threshold).
pub const MILESTONES: [i64; 3] = [10, 100, 1_000];

/// True when reaching `count` supports is a milestone.
pub fn is_milestone(count: i64, success_threshold: i64) -> bool {
    MILESTONES.contains(&count) || (success_threshold > 0 && count == success_threshold)
}

/// The condition "proposal `p` is not hidden by moderation".
macro_rules! not_hidden {
    () => {
        "NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                     AND m.resource_id = p.id AND m.hidden_at IS NOT NULL)"
    };
}

fn followers(proposal_id: i64, also: &[i64]) -> Recipients<'_> {
    Recipients::Followers {
        kind: KIND,
        id: proposal_id,
        also,
    }
}

fn link(component_id: i64, proposal_id: i64) -> String {
    format!("/proposals/{component_id}/{proposal_id}")
}

/// Called in the support transaction when a proposal's count went up to `count`: records the
/// milestone, and notifies the followers (not the supporter) if it is the first time.
pub(super) async fn count_reached(
    conn: &mut crate::db::WriteTx,
    component_id: i64,
    proposal_id: i64,
    count: i64,
    success_threshold: i64,
    supporter: i64,
) -> Result<(), sqlx::Error> {
    if !is_milestone(count, success_threshold) {
        return Ok(());
    }
    let first = db::query(
        "INSERT INTO proposal_milestones (proposal_id, milestone, reached_at) VALUES ($1, $2, $3)
         ON CONFLICT (proposal_id, milestone) DO NOTHING",
    )
    .bind(proposal_id)
    .bind(count)
    .bind(db::now())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if !first {
        return Ok(());
    }
    let title: String = db::query("SELECT title FROM proposals WHERE id = $1")
        .bind(proposal_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let key = if success_threshold > 0 && count == success_threshold {
        "notification-proposal-successful"
    } else {
        "notification-proposal-milestone"
    };
    notify(
        conn,
        followers(proposal_id, &[]),
        Some(supporter),
        key,
        &json!({ "title": title, "count": count }),
        &link(component_id, proposal_id),
    )
    .await?;
    Ok(())
}

// ----- follows -----

/// Follows a proposal the person can see. False when they already did.
pub async fn follow(db: &Db, proposal_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    follows::follow(db, KIND, proposal_id, user_id).await
}

pub async fn unfollow(db: &Db, proposal_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    follows::unfollow(db, KIND, proposal_id, user_id).await
}

// ----- endorsements -----

/// What became of a request to endorse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endorsed {
    Endorsed,
    AlreadyEndorsed,
    /// Withdrawn, hidden by moderation, or not a proposal of the component.
    Refused,
}

/// Endorses a proposal: the endorsement and the counter in one transaction; the unique index
/// keeps one per person, whatever the parallelism.
pub async fn endorse(
    db: &Db,
    component_id: i64,
    proposal_id: i64,
    user_id: i64,
) -> Result<Endorsed, sqlx::Error> {
    let mut tx = db.begin().await?;
    let inserted = db::query(concat!(
        "INSERT INTO endorsements (proposal_id, user_id, created_at)
         SELECT p.id, $2, $3 FROM proposals p
         WHERE p.id = $1 AND p.component_id = $4 AND p.state = 'published' AND ",
        not_hidden!(),
        " ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id"
    ))
    .bind(proposal_id)
    .bind(user_id)
    .bind(db::now())
    .bind(component_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(inserted) = inserted else {
        tx.rollback().await?;
        return Ok(if endorsed_by(db, proposal_id, user_id).await? {
            Endorsed::AlreadyEndorsed
        } else {
            Endorsed::Refused
        });
    };
    let endorsement_id: i64 = inserted.try_get(0)?;
    db::query("UPDATE proposals SET endorsements_count = endorsements_count + 1 WHERE id = $1")
        .bind(proposal_id)
        .execute(&mut tx)
        .await?;
    action_log::append(
        &mut tx,
        Some(user_id),
        "proposal-endorsed",
        Subject::of("endorsement", endorsement_id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(Endorsed::Endorsed)
}

/// Withdraws an endorsement. False when there was none.
pub async fn unendorse(
    db: &Db,
    component_id: i64,
    proposal_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let deleted = db::query(
        "DELETE FROM endorsements WHERE proposal_id = $1 AND user_id = $2
         AND proposal_id IN (SELECT id FROM proposals WHERE component_id = $3) RETURNING id",
    )
    .bind(proposal_id)
    .bind(user_id)
    .bind(component_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(deleted) = deleted else {
        tx.rollback().await?;
        return Ok(false);
    };
    let endorsement_id: i64 = deleted.try_get(0)?;
    db::query("UPDATE proposals SET endorsements_count = endorsements_count - 1 WHERE id = $1")
        .bind(proposal_id)
        .execute(&mut tx)
        .await?;
    action_log::append(
        &mut tx,
        Some(user_id),
        "proposal-endorsement-withdrawn",
        Subject::removed("endorsement", endorsement_id, "proposal", proposal_id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn endorsed_by(db: &Db, proposal_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        db::query("SELECT 1 FROM endorsements WHERE proposal_id = $1 AND user_id = $2")
            .bind(proposal_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// How many endorsers the proposal page names (the count says how many there are in all).
pub const ENDORSERS_SHOWN: i64 = 50;

/// The first endorsers of a proposal, oldest first: `None` for a blocked account (the page
/// shows "blocked" instead of the name, as for comments).
pub async fn endorsers(db: &Db, proposal_id: i64) -> Result<Vec<Option<String>>, sqlx::Error> {
    // The `LIMIT` is written, not bound: a bound `LIMIT` makes SQLite prepare the statement
    // again on every run (see `comments::threads_of`).
    db::query_built(format!(
        "SELECT u.name, u.blocked_at FROM endorsements e JOIN users u ON u.id = e.user_id
         WHERE e.proposal_id = $1 ORDER BY e.id LIMIT {ENDORSERS_SHOWN}",
    ))
    .bind(proposal_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let blocked = r.try_get::<Option<i64>, _>("blocked_at")?.is_some();
        (!blocked).then(|| r.try_get("name")).transpose()
    })
    .collect()
}

// ----- amendments -----

/// An amendment: another participant's amended title and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amendment {
    pub id: i64,
    pub proposal_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub title: String,
    pub body: String,
    /// `pending`, `accepted`, `rejected` or `withdrawn`.
    pub state: String,
    pub created_at: i64,
    /// Hidden by moderation: shown as a placeholder, and it can no longer be accepted.
    pub hidden: bool,
}

impl Amendment {
    pub fn pending(&self) -> bool {
        self.state == "pending"
    }
}

macro_rules! amendment_select {
    () => {
        "SELECT a.id, a.proposal_id, a.author_id, u.name AS author_name, a.title, a.body, a.state,
                a.created_at,
                (SELECT COUNT(*) FROM moderations m WHERE m.resource_kind = 'amendment'
                 AND m.resource_id = a.id AND m.hidden_at IS NOT NULL) AS hidden
         FROM proposal_amendments a JOIN users u ON u.id = a.author_id
         WHERE a.proposal_id = $1"
    };
}

fn amendment_from_row(r: &db::Row) -> Result<Amendment, sqlx::Error> {
    Ok(Amendment {
        id: r.try_get("id")?,
        proposal_id: r.try_get("proposal_id")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        state: r.try_get("state")?,
        created_at: r.try_get("created_at")?,
        hidden: r.try_get::<i64, _>("hidden")? > 0,
    })
}

/// Every amendment of a proposal, oldest first.
pub async fn amendments(db: &Db, proposal_id: i64) -> Result<Vec<Amendment>, sqlx::Error> {
    db::query(concat!(amendment_select!(), " ORDER BY a.id"))
        .bind(proposal_id)
        .fetch_all(db)
        .await?
        .iter()
        .map(amendment_from_row)
        .collect()
}

/// One amendment of a proposal (`None` for another proposal's).
pub async fn find_amendment(
    db: &Db,
    proposal_id: i64,
    amendment_id: i64,
) -> Result<Option<Amendment>, sqlx::Error> {
    db::query(concat!(amendment_select!(), " AND a.id = $2"))
        .bind(proposal_id)
        .bind(amendment_id)
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(amendment_from_row)
        .transpose()
}

/// One amendment, whichever proposal it amends (for reports).
pub async fn find_amendment_any(
    db: &Db,
    amendment_id: i64,
) -> Result<Option<Amendment>, sqlx::Error> {
    let proposal_id = db::query("SELECT proposal_id FROM proposal_amendments WHERE id = $1")
        .bind(amendment_id)
        .fetch_optional(db)
        .await?;
    match proposal_id {
        Some(row) => find_amendment(db, row.try_get(0)?, amendment_id).await,
        None => Ok(None),
    }
}

/// Proposes an amendment to someone else's published, visible proposal and notifies its
/// followers. `None` when refused (the proposal is the person's own, withdrawn, hidden, or of
/// another component).
pub async fn amend(
    db: &Db,
    proposal: &Proposal,
    author_id: i64,
    title: &str,
    body: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row = db::query(concat!(
        "INSERT INTO proposal_amendments (proposal_id, author_id, title, body, state, created_at)
         SELECT p.id, $2, $3, $4, 'pending', $5 FROM proposals p
         WHERE p.id = $1 AND p.component_id = $6 AND p.state = 'published' AND p.author_id <> $2
           AND ",
        not_hidden!(),
        " RETURNING id"
    ))
    .bind(proposal.id)
    .bind(author_id)
    .bind(title)
    .bind(body)
    .bind(db::now())
    .bind(proposal.component_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        tx.rollback().await?;
        return Ok(None);
    };
    let id: i64 = row.try_get(0)?;
    notify(
        &mut tx,
        followers(proposal.id, &[]),
        Some(author_id),
        "notification-new-amendment",
        &json!({ "title": proposal.title }),
        &format!(
            "{}#amendment-{id}",
            link(proposal.component_id, proposal.id)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// What the proposal's author decides about an amendment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
}

/// The author of `proposal` accepts or rejects a pending amendment. One transaction: the
/// amendment leaves `pending` only if it still is and the proposal is its decider's, published
/// and visible (so of two parallel accepts one wins); an accepted amendment's text becomes the
/// proposal's, as a new version credited to the amender. The amender and the followers are
/// notified. False when refused.
pub async fn decide(
    db: &Db,
    proposal: &Proposal,
    amendment_id: i64,
    decider: i64,
    decision: Decision,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let now = db::now();
    let row = db::query(concat!(
        "UPDATE proposal_amendments SET state = $1, decided_at = $2
         WHERE id = $3 AND proposal_id = $4 AND state = 'pending'
           AND NOT EXISTS (SELECT 1 FROM moderations ma WHERE ma.resource_kind = 'amendment'
                           AND ma.resource_id = $3 AND ma.hidden_at IS NOT NULL)
           AND EXISTS (SELECT 1 FROM proposals p WHERE p.id = $4 AND p.author_id = $5
                       AND p.state = 'published' AND ",
        not_hidden!(),
        ") RETURNING author_id, title, body"
    ))
    .bind(match decision {
        Decision::Accept => "accepted",
        Decision::Reject => "rejected",
    })
    .bind(now)
    .bind(amendment_id)
    .bind(proposal.id)
    .bind(decider)
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        tx.rollback().await?;
        return Ok(false);
    };
    let amender: i64 = row.try_get("author_id")?;
    let title: String = row.try_get("title")?;
    let body: String = row.try_get("body")?;
    if decision == Decision::Accept {
        db::query("UPDATE proposals SET title = $1, body = $2, updated_at = $3 WHERE id = $4")
            .bind(&title)
            .bind(&body)
            .bind(now)
            .bind(proposal.id)
            .execute(&mut tx)
            .await?;
        model::add_version(&mut tx, proposal.id, amender, &title, &body, now).await?;
        // The new version is what search finds, from this transaction on.
        super::search::reindex(&mut tx, proposal.id).await?;
    }
    let (key, shown_title) = match decision {
        Decision::Accept => ("notification-amendment-accepted", &title),
        Decision::Reject => ("notification-amendment-rejected", &proposal.title),
    };
    notify(
        &mut tx,
        followers(proposal.id, &[amender]),
        Some(decider),
        key,
        &json!({ "title": shown_title }),
        &format!(
            "{}#amendment-{amendment_id}",
            link(proposal.component_id, proposal.id)
        ),
    )
    .await?;
    if decision == Decision::Accept {
        action_log::append(
            &mut tx,
            Some(decider),
            "proposal-amendment-accepted",
            Subject::of("proposal", proposal.id),
            Visibility::Public,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The amender withdraws their pending amendment. False when it was not theirs or not pending.
pub async fn withdraw_amendment(
    db: &Db,
    proposal_id: i64,
    amendment_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "UPDATE proposal_amendments SET state = 'withdrawn', decided_at = $1
         WHERE id = $2 AND proposal_id = $3 AND author_id = $4 AND state = 'pending'",
    )
    .bind(db::now())
    .bind(amendment_id)
    .bind(proposal_id)
    .bind(user_id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_are_round_numbers_and_the_threshold() {
        assert!(is_milestone(10, 0));
        assert!(is_milestone(1_000, 50));
        assert!(is_milestone(50, 50));
        assert!(!is_milestone(50, 0));
        assert!(!is_milestone(11, 100));
        assert!(!is_milestone(0, 0), "no threshold is not a threshold of 0");
    }
}
