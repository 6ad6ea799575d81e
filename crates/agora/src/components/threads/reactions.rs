//! Reactions on the replies of a thread: a small fixed set of emoji, each with a text label for
//! screen readers. One per person per emoji per reply (the primary key), toggled on and off.
//!
//! A toggle locks the reply's row first (as comment votes do), so that concurrent toggles by
//! the same person run one after the other: 50 identical toggles in parallel end exactly where
//! 50 in a row would, and counts, always recounted from the rows, never drift.

use std::collections::HashMap;

use crate::db::{self, Db};

/// The emoji offered, with the Fluent key of their label (`threads-reaction-{code}`).
pub const EMOJI: &[(&str, &str)] = &[
    ("thumbs_up", "👍"),
    ("heart", "❤️"),
    ("smile", "😄"),
    ("party", "🎉"),
    ("thinking", "🤔"),
    ("eyes", "👀"),
];

/// The emoji of a code sent by a form, if it is one of [`EMOJI`].
pub fn parse(code: &str) -> Option<&'static str> {
    EMOJI.iter().find(|(c, _)| *c == code).map(|(c, _)| *c)
}

/// One emoji under a reply: how many reacted, who (names, for the tooltip), and the viewer.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub code: &'static str,
    pub emoji: &'static str,
    pub count: i64,
    /// The names of who reacted, in the order they did, separated by ", " (a deleted
    /// account's erased name is left out: it still counts, unnamed).
    pub names: String,
    pub mine: bool,
}

impl Tally {
    /// The names for the title attribute.
    pub fn who(&self) -> &str {
        &self.names
    }
}

/// Adds the person's reaction, or removes it when it was there. Returns whether it is there
/// now; None when the reply is not a live comment of thread `thread_id` (nothing changed).
pub async fn toggle(
    db: &Db,
    thread_id: i64,
    comment_id: i64,
    user_id: i64,
    code: &'static str,
) -> Result<Option<bool>, sqlx::Error> {
    let mut tx = db.begin().await?;
    // The lock that serialises toggles on one reply (a no-op update of its row).
    let locked = db::query(
        "UPDATE comments SET up_votes = up_votes
         WHERE id = $1 AND resource_kind = 'thread' AND resource_id = $2 AND deleted_at IS NULL",
    )
    .bind(comment_id)
    .bind(thread_id)
    .execute(&mut tx)
    .await?;
    if locked.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(None);
    }
    let removed = db::query(
        "DELETE FROM comment_reactions WHERE comment_id = $1 AND user_id = $2 AND emoji = $3",
    )
    .bind(comment_id)
    .bind(user_id)
    .bind(code)
    .execute(&mut tx)
    .await?
    .rows_affected();
    if removed == 0 {
        db::query(
            "INSERT INTO comment_reactions (comment_id, user_id, emoji, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(comment_id)
        .bind(user_id)
        .bind(code)
        .bind(db::now())
        .execute(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Some(removed == 0))
}

/// Sets the person's reaction on (`on`) or off, whatever it was: the API's `PUT` and `DELETE`,
/// idempotent. Under the same row lock as [`toggle`], and the insert is `ON CONFLICT DO
/// NOTHING` on the primary key, so 20 identical `PUT`s at once leave one reaction. None when
/// the reply is not a live comment of thread `thread_id` (nothing changed).
pub async fn set(
    db: &Db,
    thread_id: i64,
    comment_id: i64,
    user_id: i64,
    code: &'static str,
    on: bool,
) -> Result<Option<()>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let locked = db::query(
        "UPDATE comments SET up_votes = up_votes
         WHERE id = $1 AND resource_kind = 'thread' AND resource_id = $2 AND deleted_at IS NULL",
    )
    .bind(comment_id)
    .bind(thread_id)
    .execute(&mut tx)
    .await?;
    if locked.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(None);
    }
    if on {
        db::query(
            "INSERT INTO comment_reactions (comment_id, user_id, emoji, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(comment_id)
        .bind(user_id)
        .bind(code)
        .bind(db::now())
        .execute(&mut tx)
        .await?;
    } else {
        db::query(
            "DELETE FROM comment_reactions WHERE comment_id = $1 AND user_id = $2 AND emoji = $3",
        )
        .bind(comment_id)
        .bind(user_id)
        .bind(code)
        .execute(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Some(()))
}

/// The reactions of the replies `ids` (one query, whatever their number), by reply, each emoji
/// in the order of [`EMOJI`]; emoji nobody chose are left out.
///
/// One row per reply, not per reaction: for each emoji of [`EMOJI`] its count, whether the
/// viewer is among them, and the names joined by SQL (`string_agg`, on SQLite since 3.44 and
/// on PostgreSQL). A window of 170 replies carried 220 reactions, and on SQLite each row
/// is a hop from the connection's thread (docs/PERFORMANCE.md).
pub async fn of(
    db: &Db,
    ids: &[i64],
    viewer: Option<i64>,
) -> Result<HashMap<i64, Vec<Tally>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<Tally>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // The codes are this file's constants ([a-z_]), never input: safe in the SQL text.
    let columns: String = EMOJI
        .iter()
        .map(|(code, _)| {
            format!(
                ", COUNT(CASE WHEN r.emoji = '{code}' THEN 1 END),
                 COUNT(CASE WHEN r.emoji = '{code}' AND r.user_id = $1 THEN 1 END),
                 string_agg(CASE WHEN r.emoji = '{code}' THEN NULLIF(u.name, '') END, ', '
                            ORDER BY r.created_at, r.user_id)"
            )
        })
        .collect();
    let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT r.comment_id{columns} FROM comment_reactions r
         JOIN users u ON u.id = r.user_id
         WHERE r.comment_id IN ({}) GROUP BY r.comment_id",
        marks.join(", ")
    );
    let mut query = db::query_built(sql).bind(viewer.unwrap_or(-1));
    for id in ids {
        query = query.bind(*id);
    }
    for row in query.fetch_all(db).await? {
        let comment_id: i64 = row.try_get(0)?;
        let mut tallies = Vec::new();
        for (i, &(code, emoji)) in EMOJI.iter().enumerate() {
            let count: i64 = row.try_get(1 + 3 * i)?;
            if count == 0 {
                continue;
            }
            tallies.push(Tally {
                code,
                emoji,
                count,
                mine: row.try_get::<i64, _>(2 + 3 * i)? > 0,
                names: row
                    .try_get::<Option<String>, _>(3 + 3 * i)?
                    .unwrap_or_default(),
            });
        }
        if !tallies.is_empty() {
            out.insert(comment_id, tallies);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fixed_emoji_are_accepted() {
        assert_eq!(parse("heart"), Some("heart"));
        assert_eq!(parse("❤️"), None);
        assert_eq!(parse("poop"), None);
    }
}
