//! The queries behind a thread page's window: which page of conversations to open (the one
//! holding the first unread reply), the outline with each pin's page in one query, where the
//! next page starts (to place polls in time), and the read marker moved only over what the page
//! showed. A thread of 2,000 replies costs a few indexed ranges, never all of its rows.

use sqlx::Row;

use crate::db::Db;
use crate::platform::comments::PER_PAGE;

/// The first reply after `last` that the person did not write: (id, its conversation's root).
pub async fn first_unread(
    db: &Db,
    thread_id: i64,
    user_id: i64,
    last: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT id, root_id FROM comments
         WHERE resource_kind = 'thread' AND resource_id = $1 AND id > $2
           AND (author_id IS NULL OR author_id <> $3)
         ORDER BY id LIMIT 1",
    )
    .bind(thread_id)
    .bind(last)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        let id: i64 = r.try_get(0)?;
        Ok((id, r.try_get::<Option<i64>, _>(1)?.unwrap_or(id)))
    })
    .transpose()
}

/// The page of conversations (as the comment service numbers them) of top-level reply `root`.
pub async fn page_of_root(db: &Db, thread_id: i64, root: i64) -> Result<i64, sqlx::Error> {
    let before: i64 = sqlx::query(
        "SELECT COUNT(*) FROM comments WHERE resource_kind = 'thread' AND resource_id = $1
         AND parent_id IS NULL AND id < $2",
    )
    .bind(thread_id)
    .bind(root)
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    Ok(before / PER_PAGE + 1)
}

/// How many pages of conversations the thread has.
pub async fn pages(db: &Db, thread_id: i64) -> Result<i64, sqlx::Error> {
    let tops: i64 = sqlx::query(
        "SELECT COUNT(*) FROM comments WHERE resource_kind = 'thread' AND resource_id = $1
         AND parent_id IS NULL",
    )
    .bind(thread_id)
    .fetch_one(&db.pool)
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
    sqlx::query(
        "SELECT p.comment_id, p.title, c.created_at,
                (SELECT COUNT(*) FROM comments t WHERE t.resource_kind = 'thread'
                   AND t.resource_id = $1 AND t.parent_id IS NULL
                   AND t.id < COALESCE(c.root_id, c.id)) AS before
         FROM thread_pins p JOIN comments c ON c.id = p.comment_id
         WHERE p.thread_id = $1 ORDER BY p.comment_id",
    )
    .bind(thread_id)
    .fetch_all(&db.pool)
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
    sqlx::query(
        "SELECT created_at FROM comments WHERE resource_kind = 'thread' AND resource_id = $1
         AND parent_id IS NULL AND id > $2 ORDER BY id LIMIT 1",
    )
    .bind(thread_id)
    .bind(last_top)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}

/// How many versions the context has.
pub async fn versions_count(db: &Db, thread_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM thread_versions WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_one(&db.pool)
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
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(thread_id)
        .bind(last)
        .bind(user_id);
    for id in &unread_shown {
        query = query.bind(*id);
    }
    let gap: Option<i64> = query.fetch_one(&db.pool).await?.try_get(0)?;
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
    sqlx::query(
        "INSERT INTO thread_reads (thread_id, user_id, last_comment_id) VALUES ($1, $2, $3)
         ON CONFLICT (thread_id, user_id) DO UPDATE SET last_comment_id =
           CASE WHEN excluded.last_comment_id > thread_reads.last_comment_id
                THEN excluded.last_comment_id ELSE thread_reads.last_comment_id END",
    )
    .bind(thread_id)
    .bind(user_id)
    .bind(upto)
    .execute(&db.pool)
    .await?;
    Ok(())
}
