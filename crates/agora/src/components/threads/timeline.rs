//! The queries behind a thread page's window: which page of conversations to open (the one
//! holding the first unread reply), the outline with each pin's page in one query, where the
//! next page starts (to place polls in time), and the read marker moved only over what the page
//! showed. A thread of 2,000 replies costs a few indexed ranges, never all of its rows.

use crate::db::{self, Db};
use crate::platform::comments::PER_PAGE;

/// Where a person is in a thread: their read marker, how many replies came after it (their own
/// left out), and the first of those with its conversation's root and page of conversations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub last: i64,
    pub unread: i64,
    /// (reply id, its conversation's root, that conversation's page).
    pub first_unread: Option<(i64, i64, i64)>,
}

/// The person's [`Reading`] of a thread in one statement (it took four: the marker, the first
/// unread reply, its page as [`page_of_root`] counts it, and `model::unread_count`; each
/// statement is a round trip, on SQLite a hop to the connection's thread and back).
pub async fn reading(db: &Db, thread_id: i64, user_id: i64) -> Result<Reading, sqlx::Error> {
    let row = db::query(
        "SELECT m.last,
                (SELECT COUNT(*) FROM comments c
                 WHERE c.resource_kind = 'thread' AND c.resource_id = $1
                   AND (c.author_id IS NULL OR c.author_id <> $2) AND c.id > m.last) AS unread,
                f.id, f.root_id,
                (SELECT COUNT(*) FROM comments t
                 WHERE t.resource_kind = 'thread' AND t.resource_id = $1 AND t.parent_id IS NULL
                   AND t.id < COALESCE(f.root_id, f.id)) AS before
         FROM (SELECT COALESCE((SELECT last_comment_id FROM thread_reads
                                WHERE thread_id = $1 AND user_id = $2), 0) AS last) m
         LEFT JOIN comments f ON f.id = (
             SELECT id FROM comments
             WHERE resource_kind = 'thread' AND resource_id = $1 AND id > m.last
               AND (author_id IS NULL OR author_id <> $2)
             ORDER BY id LIMIT 1)",
    )
    .bind(thread_id)
    .bind(user_id)
    .fetch_one(db)
    .await?;
    let first: Option<i64> = row.try_get(2)?;
    let first_unread = match first {
        Some(id) => {
            let root = row.try_get::<Option<i64>, _>(3)?.unwrap_or(id);
            let before: i64 = row.try_get(4)?;
            Some((id, root, before / PER_PAGE + 1))
        }
        None => None,
    };
    Ok(Reading {
        last: row.try_get(0)?,
        unread: row.try_get(1)?,
        first_unread,
    })
}

/// The page of conversations (as the comment service numbers them) of top-level reply `root`.
pub async fn page_of_root(db: &Db, thread_id: i64, root: i64) -> Result<i64, sqlx::Error> {
    let before: i64 = db::query(
        "SELECT COUNT(*) FROM comments WHERE resource_kind = 'thread' AND resource_id = $1
         AND parent_id IS NULL AND id < $2",
    )
    .bind(thread_id)
    .bind(root)
    .fetch_one(db)
    .await?
    .try_get(0)?;
    Ok(before / PER_PAGE + 1)
}

/// How many pages of conversations the thread has.
pub async fn pages(db: &Db, thread_id: i64) -> Result<i64, sqlx::Error> {
    let tops: i64 = db::query(
        "SELECT COUNT(*) FROM comments WHERE resource_kind = 'thread' AND resource_id = $1
         AND parent_id IS NULL",
    )
    .bind(thread_id)
    .fetch_one(db)
    .await?
    .try_get(0)?;
    Ok(((tops + PER_PAGE - 1) / PER_PAGE).max(1))
}

/// A pinned reply: where it is and when it was written.
pub struct Pin {
    pub comment_id: i64,
    pub title: String,
    pub page: i64,
    pub created_at: i64,
}

/// The pins of a thread with the page of each, in one query.
pub async fn pins(db: &Db, thread_id: i64) -> Result<Vec<Pin>, sqlx::Error> {
    db::query(
        "SELECT p.comment_id, p.title, c.created_at,
                (SELECT COUNT(*) FROM comments t WHERE t.resource_kind = 'thread'
                   AND t.resource_id = $1 AND t.parent_id IS NULL
                   AND t.id < COALESCE(c.root_id, c.id)) AS before
         FROM thread_pins p JOIN comments c ON c.id = p.comment_id
         WHERE p.thread_id = $1 ORDER BY p.comment_id",
    )
    .bind(thread_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(Pin {
            comment_id: r.try_get(0)?,
            title: r.try_get(1)?,
            created_at: r.try_get(2)?,
            page: r.try_get::<i64, _>(3)? / PER_PAGE + 1,
        })
    })
    .collect()
}

/// When the first conversation after top-level reply `last_top` started (the next page's
/// start), if there is one.
pub async fn next_start(
    db: &Db,
    thread_id: i64,
    last_top: i64,
) -> Result<Option<i64>, sqlx::Error> {
    db::query(
        "SELECT created_at FROM comments WHERE resource_kind = 'thread' AND resource_id = $1
         AND parent_id IS NULL AND id > $2 ORDER BY id LIMIT 1",
    )
    .bind(thread_id)
    .bind(last_top)
    .fetch_optional(db)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}

/// How many versions the context has.
pub async fn versions_count(db: &Db, thread_id: i64) -> Result<i64, sqlx::Error> {
    db::query("SELECT COUNT(*) FROM thread_versions WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_one(db)
        .await?
        .try_get(0)
}

/// The read marker after a page showed `shown` (reply ids): it moves forward over the shown
/// replies up to the first reply after `last` that was not shown (and not the person's own),
/// so what a later page holds stays unread. None when it does not move.
pub async fn read_upto(
    db: &Db,
    thread_id: i64,
    user_id: i64,
    last: i64,
    shown: &[i64],
) -> Result<Option<i64>, sqlx::Error> {
    let unread_shown: Vec<i64> = shown.iter().copied().filter(|id| *id > last).collect();
    if unread_shown.is_empty() {
        return Ok(None);
    }
    let marks: Vec<String> = (0..unread_shown.len())
        .map(|i| format!("${}", i + 4))
        .collect();
    let sql = format!(
        "SELECT MIN(id) FROM comments WHERE resource_kind = 'thread' AND resource_id = $1
         AND id > $2 AND (author_id IS NULL OR author_id <> $3) AND id NOT IN ({})",
        marks.join(", ")
    );
    let mut query = db::query_built(sql)
        .bind(thread_id)
        .bind(last)
        .bind(user_id);
    for id in &unread_shown {
        query = query.bind(*id);
    }
    let gap: Option<i64> = query.fetch_one(db).await?.try_get(0)?;
    let upto = unread_shown
        .iter()
        .copied()
        .filter(|id| gap.is_none_or(|g| *id < g))
        .max();
    if let Some(upto) = upto {
        mark_read_upto(db, thread_id, user_id, upto).await?;
    }
    Ok(upto)
}

/// Moves a person's read marker forward to `upto` (never back: a slow, older page view does
/// not mark newer replies unread again).
async fn mark_read_upto(
    db: &Db,
    thread_id: i64,
    user_id: i64,
    upto: i64,
) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO thread_reads (thread_id, user_id, last_comment_id) VALUES ($1, $2, $3)
         ON CONFLICT (thread_id, user_id) DO UPDATE SET last_comment_id =
           CASE WHEN excluded.last_comment_id > thread_reads.last_comment_id
                THEN excluded.last_comment_id ELSE thread_reads.last_comment_id END",
    )
    .bind(thread_id)
    .bind(user_id)
    .bind(upto)
    .execute(db)
    .await?;
    Ok(())
}
