//! Polls, their options, participations and ballots: the queries.
//!
//! A vote is one transaction: the person's participation row is created (once) and then
//! locked, with the check that the poll is open in the same statement, so the same person's
//! votes are handled one at a time and nothing is written once the poll is closed; then the
//! ballot is written or replaced. Anonymous polls keep who voted (`poll_participations`) and
//! what was voted (`poll_ballots`) apart: see the migration and docs/SECURITY.md.

use super::rules::{self, Ballot, Opt, Shape, Status};
use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::secrets::{self, ServerSecret};

/// A poll with its author's name and how many people voted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Poll {
    pub id: i64,
    pub component_id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// The author's nickname (their page is `/u/{nickname}`); none once the account is deleted.
    pub author_nickname: Option<String>,
    pub poll_type: String,
    pub title: String,
    pub details: String,
    pub method: String,
    pub min_choices: i64,
    pub max_choices: i64,
    pub score_min: i64,
    pub score_max: i64,
    pub points: i64,
    pub grades: Vec<String>,
    pub anonymous: bool,
    pub hide_results: String,
    pub reason: String,
    pub reason_max: i64,
    pub shuffle: bool,
    pub none_of_the_above: bool,
    pub closes_at: Option<i64>,
    pub opened_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub outcome_text: Option<String>,
    pub outcome_option_id: Option<i64>,
    pub outcome_review_at: Option<i64>,
    pub outcome_at: Option<i64>,
    pub sealed: bool,
    pub voters_count: i64,
    pub created_at: i64,
    /// Quorum, in percent of eligible voters.
    pub quorum_percent: Option<i64>,
    /// Pass threshold, in percent of `pass_base` (`cast` or `eligible`).
    pub pass_percent: Option<i64>,
    pub pass_base: String,
    /// Meeting polls: the time zone slots are shown in ('' for other polls).
    pub time_zone: String,
    /// Meeting polls: how long each slot lasts.
    pub slot_minutes: i64,
    /// True when only the people the author picked may vote (see `voters`).
    pub specified_voters: bool,
    /// The discussion thread it was started from, if any.
    pub thread_id: Option<i64>,
}

impl Poll {
    pub fn status(&self) -> Status {
        Status::of(self.opened_at, self.closed_at, self.closes_at, db::now())
    }

    pub fn shape(&self) -> Shape {
        Shape {
            poll_type: self.poll_type.clone(),
            method: self.method.clone(),
            min_choices: self.min_choices,
            max_choices: self.max_choices,
            score_min: self.score_min,
            score_max: self.score_max,
            points: self.points,
            grades: self.grades.len(),
            reason: self.reason.clone(),
            reason_max: self.reason_max,
        }
    }

    /// When it closed (or closes): the explicit close, else the closing date.
    pub fn end(&self) -> Option<i64> {
        self.closed_at.or(self.closes_at)
    }

    pub fn thresholds(&self) -> rules::Thresholds {
        rules::Thresholds {
            quorum_percent: self.quorum_percent,
            pass_percent: self.pass_percent,
            pass_base: self.pass_base.clone(),
        }
    }

    /// The time zone the poll's slots are shown in: its own, else UTC.
    pub fn zone(&self) -> &str {
        if self.time_zone.is_empty() {
            "UTC"
        } else {
            &self.time_zone
        }
    }
}

macro_rules! poll_columns {
    () => {
        concat!(
            poll_columns!(base),
            // A closed poll's count was kept when it closed (`voters::keep_turnout`): at
            // 100,000 voters, counting is the slowest statement of its page on PostgreSQL.
            ", COALESCE((SELECT t.voters FROM poll_turnouts t WHERE t.poll_id = p.id),
                (SELECT COUNT(*) FROM poll_participations pp WHERE pp.poll_id = p.id)) AS voters_count"
        )
    };
    // Without the count of voters (0): it reads every participation of the poll.
    (uncounted) => {
        concat!(poll_columns!(base), ", 0 AS voters_count")
    };
    (base) => {
        "p.id, p.component_id, p.author_id, u.name AS author_name, u.nickname AS author_nickname,
         p.poll_type, p.title, p.details,
         p.method, p.min_choices, p.max_choices, p.score_min, p.score_max, p.points, p.grades,
         p.anonymous, p.hide_results, p.reason, p.reason_max, p.shuffle, p.none_of_the_above,
         p.closes_at, p.opened_at, p.closed_at, p.outcome_text, p.outcome_option_id,
         p.outcome_review_at, p.outcome_at, p.sealed, p.created_at, p.thread_id, p.quorum_percent,
         p.pass_percent, p.pass_base, p.time_zone, p.slot_minutes,
         (SELECT COUNT(*) FROM poll_voters pv WHERE pv.poll_id = p.id AND pv.kind = 'specified')
             AS specified_voters"
    };
}

fn from_row(row: &db::Row) -> Result<Poll, sqlx::Error> {
    let grades: String = row.try_get("grades")?;
    Ok(Poll {
        id: row.try_get("id")?,
        component_id: row.try_get("component_id")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        author_nickname: row.try_get("author_nickname")?,
        poll_type: row.try_get("poll_type")?,
        title: row.try_get("title")?,
        details: row.try_get("details")?,
        method: row.try_get("method")?,
        min_choices: row.try_get("min_choices")?,
        max_choices: row.try_get("max_choices")?,
        score_min: row.try_get("score_min")?,
        score_max: row.try_get("score_max")?,
        points: row.try_get("points")?,
        grades: serde_json::from_str(&grades).unwrap_or_default(),
        anonymous: row.try_get::<i64, _>("anonymous")? == 1,
        hide_results: row.try_get("hide_results")?,
        reason: row.try_get("reason")?,
        reason_max: row.try_get("reason_max")?,
        shuffle: row.try_get::<i64, _>("shuffle")? == 1,
        none_of_the_above: row.try_get::<i64, _>("none_of_the_above")? == 1,
        closes_at: row.try_get("closes_at")?,
        opened_at: row.try_get("opened_at")?,
        closed_at: row.try_get("closed_at")?,
        outcome_text: row.try_get("outcome_text")?,
        outcome_option_id: row.try_get("outcome_option_id")?,
        outcome_review_at: row.try_get("outcome_review_at")?,
        outcome_at: row.try_get("outcome_at")?,
        sealed: row.try_get::<i64, _>("sealed")? == 1,
        voters_count: row.try_get("voters_count")?,
        created_at: row.try_get("created_at")?,
        quorum_percent: row.try_get("quorum_percent")?,
        pass_percent: row.try_get("pass_percent")?,
        pass_base: row.try_get("pass_base")?,
        time_zone: row.try_get("time_zone")?,
        slot_minutes: row.try_get("slot_minutes")?,
        specified_voters: row.try_get::<i64, _>("specified_voters")? > 0,
        thread_id: row.try_get("thread_id")?,
    })
}

/// A poll by id, for the vote path: everything but `voters_count`, which is 0 here (counting
/// reads every participation: at 100,000 voters, most of a vote's time).
pub async fn find_to_vote(db: &Db, id: i64) -> Result<Option<Poll>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        poll_columns!(uncounted),
        " FROM polls p JOIN users u ON u.id = p.author_id WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// A poll by id.
pub async fn find(db: &Db, id: i64) -> Result<Option<Poll>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        poll_columns!(),
        " FROM polls p JOIN users u ON u.id = p.author_id WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The polls of a component, newest first.
pub async fn list(db: &Db, component_id: i64) -> Result<Vec<Poll>, sqlx::Error> {
    let rows = db::query(concat!(
        "SELECT ",
        poll_columns!(),
        " FROM polls p JOIN users u ON u.id = p.author_id WHERE p.component_id = $1 ORDER BY p.id DESC"
    ))
    .bind(component_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The polls started from a discussion thread, oldest first (its timeline shows them).
pub async fn in_thread(db: &Db, thread_id: i64) -> Result<Vec<Poll>, sqlx::Error> {
    let rows = db::query(concat!(
        "SELECT ",
        poll_columns!(),
        " FROM polls p JOIN users u ON u.id = p.author_id WHERE p.thread_id = $1
          ORDER BY p.created_at, p.id LIMIT 200"
    ))
    .bind(thread_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// An option of a poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollOption {
    pub id: i64,
    pub title: String,
    /// A proposal position, or `none` for "none of the above".
    pub code: Option<String>,
    /// Meeting polls: the slot's start, in UTC.
    pub starts_at: Option<i64>,
}

impl PollOption {
    pub fn opt(&self) -> Opt {
        Opt {
            id: self.id,
            code: self.code.clone(),
        }
    }
}

/// The options of a poll, in order.
pub async fn options(db: &Db, poll_id: i64) -> Result<Vec<PollOption>, sqlx::Error> {
    // Options are written with their poll and never changed: kept once read (every vote
    // checks its ballot against them). An empty answer is not kept: it is also what a poll
    // that does not exist yet gives.
    if let Some(kept) = db.memo.get::<Vec<PollOption>>("poll_options", poll_id) {
        return Ok(kept.as_ref().clone());
    }
    let options = read_options(db, poll_id).await?;
    if !options.is_empty() {
        db.memo.put(
            "poll_options",
            poll_id,
            std::sync::Arc::new(options.clone()),
        );
    }
    Ok(options)
}

async fn read_options(db: &Db, poll_id: i64) -> Result<Vec<PollOption>, sqlx::Error> {
    let rows = db::query(
        "SELECT id, title, code, starts_at FROM poll_options WHERE poll_id = $1
         ORDER BY position, id",
    )
    .bind(poll_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PollOption {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                code: r.try_get("code")?,
                starts_at: r.try_get("starts_at")?,
            })
        })
        .collect()
}

/// A new poll (already checked by the form or the caller). `Default` leaves the settings of
/// issue 5 off (no voter list, quorum or threshold; no slots).
#[derive(Default)]
pub struct NewPoll<'a> {
    pub component_id: i64,
    pub author_id: i64,
    pub poll_type: &'a str,
    pub title: &'a str,
    pub details: &'a str,
    pub method: &'a str,
    pub min_choices: i64,
    pub max_choices: i64,
    pub score_min: i64,
    pub score_max: i64,
    pub points: i64,
    pub grades: &'a [String],
    pub anonymous: bool,
    pub hide_results: &'a str,
    pub reason: &'a str,
    pub reason_max: i64,
    pub shuffle: bool,
    pub none_of_the_above: bool,
    pub closes_at: Option<i64>,
    /// Open it now (needs a closing date in the future).
    pub open: bool,
    /// The options: (title, code).
    pub options: Vec<(String, Option<String>)>,
    /// Meeting polls: each option's start in UTC, in the order of `options` (else empty).
    pub slot_starts: Vec<i64>,
    pub time_zone: &'a str,
    pub slot_minutes: i64,
    pub quorum_percent: Option<i64>,
    pub pass_percent: Option<i64>,
    pub pass_base: &'a str,
    /// Specified voters (user ids, already checked to be members of the space); empty: the
    /// space's rule.
    pub voters: Vec<i64>,
    /// Started from this discussion thread (checked by the caller: same space, open).
    pub thread_id: Option<i64>,
}

/// Creates a poll and its options. A poll opens only with a closing date in the future.
pub async fn create(db: &Db, new: &NewPoll<'_>) -> Result<i64, sqlx::Error> {
    let now = db::now();
    let opened = (new.open && new.closes_at.is_some_and(|c| c > now)).then_some(now);
    let mut tx = db.begin().await?;
    let id: i64 = db::query(
        "INSERT INTO polls (component_id, author_id, poll_type, title, details, method,
             min_choices, max_choices, score_min, score_max, points, grades, anonymous,
             hide_results, reason, reason_max, shuffle, none_of_the_above, closes_at, opened_at,
             created_at, updated_at, time_zone, slot_minutes, quorum_percent, pass_percent,
             pass_base, thread_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
             $19, $20, $21, $21, $22, $23, $24, $25, $26, $27)
         RETURNING id",
    )
    .bind(new.component_id)
    .bind(new.author_id)
    .bind(new.poll_type)
    .bind(new.title)
    .bind(new.details)
    .bind(new.method)
    .bind(new.min_choices)
    .bind(new.max_choices)
    .bind(new.score_min)
    .bind(new.score_max)
    .bind(new.points)
    .bind(serde_json::to_string(new.grades).unwrap_or_else(|_| "[]".into()))
    .bind(i64::from(new.anonymous))
    .bind(new.hide_results)
    .bind(new.reason)
    .bind(new.reason_max)
    .bind(i64::from(new.shuffle))
    .bind(i64::from(new.none_of_the_above))
    .bind(new.closes_at)
    .bind(opened)
    .bind(now)
    .bind(new.time_zone)
    .bind(if new.slot_minutes > 0 {
        new.slot_minutes
    } else {
        60
    })
    .bind(new.quorum_percent)
    .bind(new.pass_percent)
    .bind(if new.pass_base.is_empty() {
        "cast"
    } else {
        new.pass_base
    })
    .bind(new.thread_id)
    .fetch_one(&mut tx)
    .await?
    .try_get(0)?;
    for (position, (title, code)) in new.options.iter().enumerate() {
        db::query(
            "INSERT INTO poll_options (poll_id, position, title, code, starts_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(title.as_str())
        .bind(code.as_deref())
        .bind(new.slot_starts.get(position).copied())
        .execute(&mut tx)
        .await?;
    }
    super::voters::insert_specified(&mut tx, id, &new.voters).await?;
    action_log::append(
        &mut tx,
        Some(new.author_id),
        "poll-created",
        Subject::of("poll", id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changed settings. The statement itself refuses to turn anonymity off, to turn it on once
/// someone voted, to loosen hidden results, or to change the quorum or pass threshold once
/// someone voted: false when nothing was changed.
pub struct SettingsChange<'a> {
    pub title: &'a str,
    pub details: &'a str,
    pub anonymous: bool,
    pub hide_results: &'a str,
    pub reason: &'a str,
    pub reason_max: i64,
    pub quorum_percent: Option<i64>,
    pub pass_percent: Option<i64>,
    pub pass_base: &'a str,
}

const HIDE_RANK: &str = "CASE hide_results WHEN 'off' THEN 0 WHEN 'until_vote' THEN 1 ELSE 2 END";

pub async fn update_settings(
    db: &Db,
    poll_id: i64,
    change: &SettingsChange<'_>,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE polls SET title = $2, details = $3, anonymous = $4, hide_results = $5,
             reason = $6, reason_max = $7, updated_at = $8, quorum_percent = $9,
             pass_percent = $10, pass_base = $11
         WHERE id = $1
           AND ((COALESCE(quorum_percent, 0) = COALESCE($9, 0)
                 AND COALESCE(pass_percent, 0) = COALESCE($10, 0) AND pass_base = $11)
                OR NOT EXISTS (SELECT 1 FROM poll_participations WHERE poll_id = $1))
           AND (anonymous = 0 OR $4 = 1)
           AND (anonymous = 1 OR $4 = 0
                OR NOT EXISTS (SELECT 1 FROM poll_participations WHERE poll_id = $1))
           AND {HIDE_RANK} <= CASE $5 WHEN 'off' THEN 0 WHEN 'until_vote' THEN 1 ELSE 2 END"
    );
    let done = db::query_built(sql)
        .bind(poll_id)
        .bind(change.title)
        .bind(change.details)
        .bind(i64::from(change.anonymous))
        .bind(change.hide_results)
        .bind(change.reason)
        .bind(change.reason_max)
        .bind(db::now())
        .bind(change.quorum_percent)
        .bind(change.pass_percent)
        .bind(change.pass_base)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Opens a draft with a closing date in the future. False otherwise.
pub async fn open(db: &Db, poll_id: i64, closes_at: i64) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let done = db::query(
        "UPDATE polls SET opened_at = $2, closes_at = $3, updated_at = $2
         WHERE id = $1 AND opened_at IS NULL AND $3 > $2",
    )
    .bind(poll_id)
    .bind(now)
    .bind(closes_at)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes an open poll now (and seals an anonymous one). False when it was not open.
pub async fn close(db: &Db, poll_id: i64) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let done = db::query(
        "UPDATE polls SET closed_at = $2, updated_at = $2
         WHERE id = $1 AND opened_at IS NOT NULL AND closed_at IS NULL AND closes_at > $2",
    )
    .bind(poll_id)
    .bind(now)
    .execute(db)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    seal(db, poll_id).await?;
    // No vote can be recorded any more: the turnout is kept as it is now, for the results.
    super::voters::keep_turnout_of(db, poll_id).await?;
    Ok(true)
}

/// Moves the closing date later: extends an open poll, or reopens a closed one — never an
/// anonymous one (its ballots are sealed at closing). False when refused. A reopened poll's
/// kept turnout is dropped: it counts live again, and is taken anew when it closes.
pub async fn set_closing(db: &Db, poll_id: i64, closes_at: i64) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE polls SET closes_at = $2, closed_at = NULL, updated_at = $3
         WHERE id = $1 AND opened_at IS NOT NULL AND $2 > $3
           AND (anonymous = 0 OR (closed_at IS NULL AND closes_at > $3))",
    )
    .bind(poll_id)
    .bind(closes_at)
    .bind(now)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    db::query("DELETE FROM poll_turnouts WHERE poll_id = $1")
        .bind(poll_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Writes the outcome of a closed poll. False when the poll is not closed.
pub async fn set_outcome(
    db: &Db,
    poll_id: i64,
    text: &str,
    option_id: Option<i64>,
    review_at: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let done = db::query(
        "UPDATE polls SET outcome_text = $2, outcome_option_id = $3, outcome_review_at = $4,
             outcome_at = $5, updated_at = $5
         WHERE id = $1 AND opened_at IS NOT NULL AND (closed_at IS NOT NULL OR closes_at <= $5)
           AND ($3 IS NULL OR $3 IN (SELECT id FROM poll_options WHERE poll_id = $1))",
    )
    .bind(poll_id)
    .bind(text)
    .bind(option_id)
    .bind(review_at)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

// Ballots never get the sequence: their ids say nothing about the order they were cast in.
use crate::platform::secrets::random_row_id as random_id;

/// The key of a voter's secret ballot in a poll: an HMAC under the server secret, which is
/// not in the database, so a dump alone cannot tell whose ballot it is.
fn voter_key(secret: &ServerSecret, poll_id: i64, user_id: i64) -> String {
    secret.mac(&format!("agora poll ballot {poll_id} {user_id}"))
}

/// A receipt code: shown once to the voter; the ballot keeps its hash.
fn new_receipt() -> String {
    let token = secrets::new_token();
    token[..20].to_uppercase()
}

pub use crate::platform::secrets::receipt_hash;

/// What became of a vote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VoteOutcome {
    /// Recorded: the voter's receipt code.
    Voted { receipt: String },
    /// The poll is not open.
    Closed,
}

/// Takes the person's participation row (creating it) while the poll is open; false when it
/// is not. The lock is held until the transaction ends.
async fn lock_participation(
    tx: &mut crate::db::WriteTx,
    poll_id: i64,
    user_id: i64,
    now: i64,
    create: bool,
) -> Result<bool, sqlx::Error> {
    const OPEN: &str = "EXISTS (SELECT 1 FROM polls WHERE id = $1 AND opened_at IS NOT NULL
                        AND closed_at IS NULL AND closes_at > $3)";
    if create {
        // One statement creates the row (a listed voter, the poll open) or locks the existing
        // one (the poll still open): one row affected either way, none when refused.
        let sql = format!(
            "INSERT INTO poll_participations (poll_id, user_id) SELECT $1, $2 WHERE {OPEN}
               AND {}
             ON CONFLICT (poll_id, user_id) DO UPDATE SET user_id = excluded.user_id WHERE {OPEN}",
            super::voters::LISTED
        );
        let done = db::query_built(sql)
            .bind(poll_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        return Ok(done.rows_affected() == 1);
    }
    let sql = format!(
        "UPDATE poll_participations SET user_id = user_id WHERE poll_id = $1 AND user_id = $2 AND {OPEN}"
    );
    let locked = db::query_built(sql)
        .bind(poll_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(locked.rows_affected() == 1)
}

/// PostgreSQL: a share lock on the poll's row until the transaction ends (votes do not wait for
/// each other, only for a change of the voter list). SQLite writers are serialized anyway.
async fn share_poll_lock(
    tx: &mut crate::db::WriteTx,
    backend: db::Backend,
    poll_id: i64,
) -> Result<(), sqlx::Error> {
    if backend == db::Backend::Postgres {
        db::query("SELECT 1 FROM polls WHERE id = $1 FOR SHARE")
            .bind(poll_id)
            .fetch_optional(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Records or replaces a person's vote (already checked with `rules::check_ballot`).
pub async fn vote(
    db: &Db,
    secret: &ServerSecret,
    poll: &Poll,
    user_id: i64,
    ballot: &Ballot,
) -> Result<VoteOutcome, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    // The voter list is read under the poll's row lock, so an edit of the list (which takes
    // that lock, see `voters::set_specified`) and a vote never interleave.
    share_poll_lock(&mut tx, db.backend, poll.id).await?;
    if !lock_participation(&mut tx, poll.id, user_id, now, true).await? {
        tx.rollback().await?;
        return Ok(VoteOutcome::Closed);
    }
    let receipt = new_receipt();
    let content = ballot.content();
    if poll.anonymous {
        // No user, no time: see docs/SECURITY.md.
        db::query(
            "INSERT INTO poll_ballots (id, poll_id, user_id, voter_key, content, reason, receipt_hash, updated_at)
             VALUES ($1, $2, NULL, $3, $4, $5, $6, NULL)
             ON CONFLICT (voter_key) DO UPDATE SET content = excluded.content,
                 reason = excluded.reason, receipt_hash = excluded.receipt_hash",
        )
        .bind(random_id())
        .bind(poll.id)
        .bind(voter_key(secret, poll.id, user_id))
        .bind(&content)
        .bind(ballot.reason.as_deref())
        .bind(receipt_hash(&receipt))
        .execute(&mut tx)
        .await?;
        // Who took part, never what they voted: the ballot is logged, without voter, when sealed.
        action_log::append(
            &mut tx,
            Some(user_id),
            "poll-participated",
            Subject::of("poll", poll.id),
            Visibility::Private,
        )
        .await?;
    } else {
        let ballot_id = db::query(
            "INSERT INTO poll_ballots (id, poll_id, user_id, voter_key, content, reason, receipt_hash, updated_at)
             VALUES ($1, $2, $3, NULL, $4, $5, $6, $7)
             ON CONFLICT (poll_id, user_id) DO UPDATE SET content = excluded.content,
                 reason = excluded.reason, receipt_hash = excluded.receipt_hash,
                 updated_at = excluded.updated_at
             RETURNING id",
        )
        .bind(random_id())
        .bind(poll.id)
        .bind(user_id)
        .bind(&content)
        .bind(ballot.reason.as_deref())
        .bind(receipt_hash(&receipt))
        .bind(now)
        .fetch_one(&mut tx)
        .await?
        .try_get::<i64, _>(0)?;
        action_log::append(
            &mut tx,
            Some(user_id),
            "poll-voted",
            Subject::of("poll_ballot", ballot_id),
            Visibility::Public,
        )
        .await?;
        history(
            &mut tx,
            poll.id,
            user_id,
            Some(&content),
            ballot.reason.as_deref(),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(VoteOutcome::Voted { receipt })
}

async fn history(
    tx: &mut crate::db::WriteTx,
    poll_id: i64,
    user_id: i64,
    content: Option<&str>,
    reason: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO poll_vote_history (poll_id, user_id, content, reason, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(poll_id)
    .bind(user_id)
    .bind(content)
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Withdraws a person's vote while the poll is open. False when there was none or the poll
/// is not open.
pub async fn withdraw(
    db: &Db,
    secret: &ServerSecret,
    poll: &Poll,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    if !lock_participation(&mut tx, poll.id, user_id, now, false).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    if poll.anonymous {
        db::query("DELETE FROM poll_ballots WHERE voter_key = $1")
            .bind(voter_key(secret, poll.id, user_id))
            .execute(&mut tx)
            .await?;
        action_log::append(
            &mut tx,
            Some(user_id),
            "poll-participation-withdrawn",
            Subject::of("poll", poll.id),
            Visibility::Private,
        )
        .await?;
    } else {
        let deleted =
            db::query("DELETE FROM poll_ballots WHERE poll_id = $1 AND user_id = $2 RETURNING id")
                .bind(poll.id)
                .bind(user_id)
                .fetch_optional(&mut tx)
                .await?;
        history(&mut tx, poll.id, user_id, None, None, now).await?;
        if let Some(deleted) = deleted {
            action_log::append(
                &mut tx,
                Some(user_id),
                "poll-vote-withdrawn",
                Subject::removed("poll_ballot", deleted.try_get(0)?, "poll", poll.id),
                Visibility::Public,
            )
            .await?;
        }
    }
    db::query("DELETE FROM poll_participations WHERE poll_id = $1 AND user_id = $2")
        .bind(poll.id)
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Rewrites a closed anonymous poll's ballots with fresh random ids, in the order of those
/// ids, without voter keys: afterwards neither row order, row ids, PostgreSQL's system
/// columns nor the server secret link a ballot to a participation. Runs once per poll.
pub async fn seal(db: &Db, poll_id: i64) -> Result<(), sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let due = db::query(
        "UPDATE polls SET sealed = 1 WHERE id = $1 AND anonymous = 1 AND sealed = 0
           AND opened_at IS NOT NULL AND (closed_at IS NOT NULL OR closes_at <= $2)",
    )
    .bind(poll_id)
    .bind(now)
    .execute(&mut tx)
    .await?;
    if due.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(());
    }
    let rows =
        db::query("SELECT content, reason, receipt_hash FROM poll_ballots WHERE poll_id = $1")
            .bind(poll_id)
            .fetch_all(&mut tx)
            .await?;
    let mut ballots = Vec::with_capacity(rows.len());
    for row in &rows {
        ballots.push((
            random_id(),
            row.try_get::<String, _>("content")?,
            row.try_get::<Option<String>, _>("reason")?,
            row.try_get::<String, _>("receipt_hash")?,
        ));
    }
    ballots.sort_by_key(|b| b.0);
    db::query("DELETE FROM poll_ballots WHERE poll_id = $1")
        .bind(poll_id)
        .execute(&mut tx)
        .await?;
    for (id, content, reason, receipt) in ballots {
        db::query(
            "INSERT INTO poll_ballots (id, poll_id, user_id, voter_key, content, reason, receipt_hash, updated_at)
             VALUES ($1, $2, NULL, NULL, $3, $4, $5, NULL)",
        )
        .bind(id)
        .bind(poll_id)
        .bind(content)
        .bind(reason)
        .bind(receipt)
        .execute(&mut tx)
        .await?;
    }
    // The sealed ballots enter the log now, without voter, in the order of their fresh random
    // ids and all at the same time: nothing in the log links them to a participation.
    action_log::sealed_ballots(&mut tx, poll_id).await?;
    tx.commit().await?;
    Ok(())
}

/// What closing does, for a poll closed by its date (nothing runs at that moment: the first
/// request that loads it afterwards does it): seals it if it is anonymous and not sealed yet,
/// and keeps its turnout if it has not been kept (`voters::keep_turnout`).
pub async fn seal_if_due(
    db: &Db,
    space: &crate::platform::spaces::Space,
    poll: &Poll,
) -> Result<(), sqlx::Error> {
    if poll.status() != Status::Closed {
        return Ok(());
    }
    if poll.anonymous && !poll.sealed {
        seal(db, poll.id).await?;
    }
    if !super::voters::turnout_kept(db, poll.id).await? {
        super::voters::keep_turnout(db, space, poll).await?;
    }
    Ok(())
}

/// True when the person has a vote in the poll.
pub async fn has_voted(db: &Db, poll_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        db::query("SELECT 1 FROM poll_participations WHERE poll_id = $1 AND user_id = $2")
            .bind(poll_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// The person's current ballot (for an anonymous poll, found through the server secret,
/// until the poll is sealed).
pub async fn my_ballot(
    db: &Db,
    secret: &ServerSecret,
    poll: &Poll,
    user_id: i64,
) -> Result<Option<Ballot>, sqlx::Error> {
    let row = if poll.anonymous {
        db::query("SELECT content, reason FROM poll_ballots WHERE voter_key = $1")
            .bind(voter_key(secret, poll.id, user_id))
            .fetch_optional(db)
            .await?
    } else {
        db::query("SELECT content, reason FROM poll_ballots WHERE poll_id = $1 AND user_id = $2")
            .bind(poll.id)
            .bind(user_id)
            .fetch_optional(db)
            .await?
    };
    let Some(row) = row else { return Ok(None) };
    let content: String = row.try_get("content")?;
    Ok(Ballot::from_content(&content).map(|mut b| {
        b.reason = row.try_get("reason").ok().flatten();
        b
    }))
}

/// A ballot as the results show it: with its voter's name for named polls only.
#[derive(Clone, Debug)]
pub struct StoredBallot {
    pub voter: Option<(i64, String)>,
    pub ballot: Ballot,
    pub receipt_hash: String,
}

/// Every ballot of a poll. Anonymous ones come in their random-id order.
pub async fn ballots(db: &Db, poll_id: i64) -> Result<Vec<StoredBallot>, sqlx::Error> {
    ballots_up_to(db, poll_id, i64::MAX).await
}

/// The first `limit` of [`ballots`], in the same order (a page shows a few of 100,000).
pub async fn ballots_up_to(
    db: &Db,
    poll_id: i64,
    limit: i64,
) -> Result<Vec<StoredBallot>, sqlx::Error> {
    ballots_window(db, poll_id, limit, 0).await
}

/// [`ballots_up_to`] from the `offset`-th ballot on (the API's pages). Named ballots come by
/// voter name then voter (one ballot each), as [`named_ballots_window`] has them; anonymous
/// ones (no voter) by their random id.
pub async fn ballots_window(
    db: &Db,
    poll_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<StoredBallot>, sqlx::Error> {
    ballots_query(
        db,
        "SELECT b.user_id, u.name, b.content, b.reason, b.receipt_hash
         FROM poll_ballots b LEFT JOIN users u ON u.id = b.user_id
         WHERE b.poll_id = $1 ORDER BY u.name, u.id, b.id LIMIT $2 OFFSET $3",
        poll_id,
        limit,
        offset,
    )
    .await
}

/// [`ballots_up_to`] for a named poll with many more ballots than `limit`: walks people in
/// name order (`users_by_name`) and looks up each one's ballot, rather than sorting every
/// ballot's voter. With few ballots, the walk would cross everyone: use [`ballots_up_to`].
pub async fn first_named_ballots(
    db: &Db,
    poll_id: i64,
    limit: i64,
) -> Result<Vec<StoredBallot>, sqlx::Error> {
    named_ballots_window(db, poll_id, limit, 0).await
}

/// [`first_named_ballots`] from the `offset`-th ballot on (the API's pages), in the order of
/// [`ballots_window`].
pub async fn named_ballots_window(
    db: &Db,
    poll_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<StoredBallot>, sqlx::Error> {
    ballots_query(
        db,
        "SELECT b.user_id, u.name, b.content, b.reason, b.receipt_hash
         FROM users u CROSS JOIN poll_ballots b
         WHERE b.user_id = u.id AND b.poll_id = $1 ORDER BY u.name, u.id LIMIT $2 OFFSET $3",
        poll_id,
        limit,
        offset,
    )
    .await
}

/// The reasons given in a poll, without voters, in ballot-id order (random for anonymous
/// polls), from the `offset`-th on, and how many there are in all.
pub async fn reasons_window(
    db: &Db,
    poll_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<String>, i64), sqlx::Error> {
    let total: i64 =
        db::query("SELECT COUNT(*) FROM poll_ballots WHERE poll_id = $1 AND reason IS NOT NULL")
            .bind(poll_id)
            .scan()
            .fetch_one(db)
            .await?
            .try_get(0)?;
    let reasons = db::query(
        "SELECT reason FROM poll_ballots WHERE poll_id = $1 AND reason IS NOT NULL
         ORDER BY id LIMIT $2 OFFSET $3",
    )
    .bind(poll_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<Vec<String>, _>>()?;
    Ok((reasons, total))
}

async fn ballots_query(
    db: &Db,
    sql: &'static str,
    poll_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<StoredBallot>, sqlx::Error> {
    let rows = db::query(sql)
        .bind(poll_id)
        .bind(limit)
        .bind(offset)
        .scan()
        .fetch_all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let content: String = row.try_get("content")?;
        let Some(mut ballot) = Ballot::from_content(&content) else {
            continue;
        };
        ballot.reason = row.try_get("reason")?;
        let user_id: Option<i64> = row.try_get("user_id")?;
        let name: Option<String> = row.try_get("name")?;
        out.push(StoredBallot {
            voter: user_id.zip(name),
            ballot,
            receipt_hash: row.try_get("receipt_hash")?,
        });
    }
    Ok(out)
}

/// One entry of a voter's own history (named polls): `None` content is a withdrawal.
#[derive(Clone, Debug)]
pub struct HistoryEntry {
    pub ballot: Option<Ballot>,
    pub created_at: i64,
}

pub async fn my_history(
    db: &Db,
    poll_id: i64,
    user_id: i64,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows = db::query(
        "SELECT content, reason, created_at FROM poll_vote_history
         WHERE poll_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT 50",
    )
    .bind(poll_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let content: Option<String> = r.try_get("content")?;
            Ok(HistoryEntry {
                ballot: content
                    .as_deref()
                    .and_then(Ballot::from_content)
                    .map(|mut b| {
                        b.reason = r.try_get("reason").ok().flatten();
                        b
                    }),
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// A poll's eligible voters (moved to `voters`, which now answers per poll; kept here under its
/// old name for callers such as the notifications).
pub use super::voters::eligible;

/// Who voted (ids), for the "has not voted" list of named polls.
pub async fn voter_ids(
    db: &Db,
    poll_id: i64,
) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
    let rows = db::query("SELECT user_id FROM poll_participations WHERE poll_id = $1")
        .bind(poll_id)
        .scan()
        .fetch_all(db)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Every ballot's content, in no order, without voters: what a count needs, read without the
/// join and sort of [`ballots`].
///
/// Identical ballots come grouped from the database (a single-choice poll of 100,000 voters
/// is a few rows): rows cross from SQLite's thread one by one, which cost more than the count.
pub async fn ballot_contents(db: &Db, poll_id: i64) -> Result<Vec<Ballot>, sqlx::Error> {
    let rows =
        db::query("SELECT content, COUNT(*) FROM poll_ballots WHERE poll_id = $1 GROUP BY content")
            .bind(poll_id)
            .scan()
            .fetch_all(db)
            .await?;
    let mut out = Vec::new();
    for row in &rows {
        let times = usize::try_from(row.try_get::<i64, _>(1)?).unwrap_or(0);
        if let Some(ballot) = Ballot::from_content(&row.try_get::<String, _>(0)?) {
            out.extend(std::iter::repeat_n(ballot, times));
        }
    }
    Ok(out)
}

/// Counts a poll's ballots.
pub fn count(
    poll: &Poll,
    options: &[PollOption],
    ballots: &[StoredBallot],
) -> Option<rules::Count> {
    let list: Vec<Ballot> = ballots.iter().map(|b| b.ballot.clone()).collect();
    count_ballots(poll, options, &list)
}

/// Counts ballots read with [`ballot_contents`].
pub fn count_ballots(
    poll: &Poll,
    options: &[PollOption],
    ballots: &[Ballot],
) -> Option<rules::Count> {
    let opts: Vec<Opt> = options.iter().map(PollOption::opt).collect();
    rules::count(&poll.shape(), &opts, ballots).ok()
}

/// The people behind the agree position (proposal) or the winner (choice polls), and whether
/// a proposal was blocked: what `rules::decide` weighs. `None` support: no winner, or "none of
/// the above" won.
pub fn support(poll: &Poll, options: &[PollOption], count: &rules::Count) -> (Option<u64>, bool) {
    use agora_tally::poll::{PollResult, ProposalOutcome};
    if poll.poll_type == "proposal" {
        let agree = options
            .iter()
            .position(|o| o.code.as_deref() == Some("agree"))
            .and_then(|i| count.values.get(i))
            .map(|v| (*v).max(0) as u64);
        let blocked = matches!(
            &count.result,
            Some(PollResult::Proposal(r)) if matches!(r.outcome, ProposalOutcome::Blocked { .. })
        );
        return (agree, blocked);
    }
    if !rules::has_pass_threshold(&poll.poll_type) || count.ballots == 0 {
        return (None, false);
    }
    let support = count
        .winner
        .filter(|i| {
            options
                .get(*i)
                .is_some_and(|o| o.code.as_deref() != Some("none"))
        })
        .and_then(|i| count.values.get(i))
        .map(|v| (*v).max(0) as u64);
    (support, false)
}

/// The verdict of a closed poll with a quorum or a pass threshold (else `None`): the one the
/// result page, the API and the open-data export all publish.
pub fn verdict(
    poll: &Poll,
    options: &[PollOption],
    count: Option<&rules::Count>,
    ballots: u64,
    eligible: Option<usize>,
) -> Option<rules::Verdict> {
    if poll.status() != Status::Closed
        || (poll.quorum_percent.is_none() && poll.pass_percent.is_none())
    {
        return None;
    }
    let (support, blocked) = count.map_or((None, false), |c| support(poll, options, c));
    Some(rules::decide(
        &poll.thresholds(),
        ballots,
        eligible.map(|e| e as u64),
        support,
        blocked,
    ))
}
