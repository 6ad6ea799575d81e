//! The "closing soon" reminder: 24 hours before a poll closes, once, to its eligible voters
//! who have not voted. This module finds who is due and claims the reminder; the e-mail side
//! (the outbox, the user's notification setting) sends it.

use super::model;
use super::voters;
use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject, Visibility};

/// How long before closing the reminder goes out.
pub const BEFORE_CLOSING_SECS: i64 = 24 * 3600;

/// One poll's reminder: who should get it (eligible voters who have not voted), by id and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    pub poll_id: i64,
    pub component_id: i64,
    pub title: String,
    pub closes_at: i64,
    pub recipients: Vec<(i64, String)>,
}

/// The reminders due at `now`: open polls closing within 24 hours whose reminder was not sent
/// (polls open for less than a day get none: the opening e-mail was enough).
/// Each poll is claimed by the statement that marks it sent (`reminder_sent_at`), so when two
/// runs race only one of them returns it: nobody gets the reminder twice. `recipients` are the
/// eligible voters who have not voted (empty in a public space, which has no list: the
/// notifications' audience then takes the space's members).
pub async fn due_reminders(db: &Db, now: i64) -> Result<Vec<Reminder>, sqlx::Error> {
    let due: Vec<i64> = db::query(
        "SELECT id FROM polls WHERE reminder_sent_at IS NULL AND opened_at IS NOT NULL
           AND closed_at IS NULL AND closes_at > $1 AND closes_at <= $2
           AND opened_at <= closes_at - $3 ORDER BY closes_at, id",
    )
    .bind(now)
    .bind(now + BEFORE_CLOSING_SECS)
    .bind(BEFORE_CLOSING_SECS)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for poll_id in due {
        let mut tx = db.begin().await?;
        let claimed = db::query(
            "UPDATE polls SET reminder_sent_at = $2 WHERE id = $1 AND reminder_sent_at IS NULL
               AND closed_at IS NULL AND closes_at > $2",
        )
        .bind(poll_id)
        .bind(now)
        .execute(&mut tx)
        .await?;
        if claimed.rows_affected() != 1 {
            tx.rollback().await?;
            continue;
        }
        action_log::append(
            &mut tx,
            None,
            "poll-reminder-claimed",
            Subject::of("poll", poll_id),
            Visibility::Private,
        )
        .await?;
        tx.commit().await?;
        let Some(poll) = model::find(db, poll_id).await? else {
            continue;
        };
        let voted = model::voter_ids(db, poll_id).await?;
        let recipients = voters::eligible_for(db, &poll)
            .await?
            .unwrap_or_default()
            .into_iter()
            .filter(|(id, _)| !voted.contains(id))
            .collect();
        out.push(Reminder {
            poll_id,
            component_id: poll.component_id,
            title: poll.title,
            closes_at: poll.closes_at.unwrap_or(now),
            recipients,
        });
    }
    Ok(out)
}
