//! Moving a reply, with every reply under it, to another thread of the same space: when a
//! side discussion deserves its own thread, or landed in the wrong one.
//!
//! The moved reply becomes a top-level reply of the target thread (its sub-replies keep their
//! shape, one level up per level it loses); both threads' reply counts follow; pins of the
//! source thread on moved replies go (a pin names a reply of its own thread). Each moved
//! comment gets a `comment-moved` entry in the action log, since its thread (`resource_id`,
//! part of its verified content) changed. All in one transaction, refused as a whole.

use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::comments::{self, ResourceRef};

/// Why a move was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The reply is not a comment of the source thread.
    NoReply,
    /// The target is not another thread of the same space.
    NoTarget,
    /// The target thread is closed (it takes no replies).
    TargetClosed,
}

impl Refusal {
    pub fn key(self) -> &'static str {
        match self {
            Refusal::NoReply => "threads-move-error-reply",
            Refusal::NoTarget => "threads-move-error-target",
            Refusal::TargetClosed => "threads-move-error-closed",
        }
    }
}

/// The other threads a reply of `thread_id` may move to: (id, title), those of every threads
/// component of the same space, open ones only, newest first.
pub async fn targets(db: &Db, thread_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    db::query(
        "SELECT t.id, t.title FROM threads t
         JOIN components c ON c.id = t.component_id
         JOIN components src ON src.space_id = c.space_id
         JOIN threads s ON s.component_id = src.id
         WHERE s.id = $1 AND t.id <> $1 AND t.closed_at IS NULL AND c.kind = 'threads'
         ORDER BY t.id DESC LIMIT 200",
    )
    .bind(thread_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Moves reply `comment_id` of thread `from` (and its sub-replies) to thread `to`. The caller
/// checked that `actor` manages thread `from`; everything else is checked here, in the
/// transaction. Returns how many comments moved.
pub async fn move_reply(
    db: &Db,
    from: i64,
    comment_id: i64,
    to: i64,
    actor: i64,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    // The target: another thread, of a threads component of the source's space. Locking its
    // row (no-op update) orders this move after a concurrent close of the target.
    let target = db::query(
        "UPDATE threads SET comments_count = comments_count
         WHERE id = $1 AND id <> $2 AND component_id IN (
             SELECT c.id FROM components c JOIN components src ON src.space_id = c.space_id
             JOIN threads s ON s.component_id = src.id
             WHERE s.id = $2 AND c.kind = 'threads')
         RETURNING closed_at",
    )
    .bind(to)
    .bind(from)
    .fetch_optional(&mut tx)
    .await?;
    let Some(target) = target else {
        tx.rollback().await?;
        return Ok(Err(Refusal::NoTarget));
    };
    if target.try_get::<Option<i64>, _>(0)?.is_some() {
        tx.rollback().await?;
        return Ok(Err(Refusal::TargetClosed));
    }
    let Some(reply) = db::query(
        "SELECT depth, root_id FROM comments
         WHERE id = $1 AND resource_kind = 'thread' AND resource_id = $2",
    )
    .bind(comment_id)
    .bind(from)
    .fetch_optional(&mut tx)
    .await?
    else {
        tx.rollback().await?;
        return Ok(Err(Refusal::NoReply));
    };
    let depth: i64 = reply.try_get(0)?;
    // The reply and its descendants (they all share its root, so the walk stays in one
    // conversation's index range).
    let ids: Vec<i64> = db::query(
        "WITH RECURSIVE sub (id) AS (
             SELECT id FROM comments WHERE id = $1
             UNION ALL
             SELECT c.id FROM comments c JOIN sub ON c.parent_id = sub.id
             WHERE c.resource_kind = 'thread' AND c.resource_id = $2)
         SELECT id FROM sub ORDER BY id",
    )
    .bind(comment_id)
    .bind(from)
    .fetch_all(&mut tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let live: i64 = {
        let marks = marks(ids.len(), 1);
        let sql =
            format!("SELECT COUNT(*) FROM comments WHERE deleted_at IS NULL AND id IN ({marks})");
        let mut q = db::query_built(sql);
        for id in &ids {
            q = q.bind(*id);
        }
        q.fetch_one(&mut tx).await?.try_get(0)?
    };
    let marks_from_3 = marks(ids.len(), 3);
    // The moved reply becomes top-level; under it, depths shift up by its former depth.
    db::query(
        "UPDATE comments SET resource_id = $1, parent_id = NULL, root_id = NULL, depth = 0
         WHERE id = $2",
    )
    .bind(to)
    .bind(comment_id)
    .execute(&mut tx)
    .await?;
    if ids.len() > 1 {
        let sql = format!(
            "UPDATE comments SET resource_id = $1, root_id = $2, depth = depth - {depth}
             WHERE id IN ({marks_from_3}) AND id <> $2"
        );
        let mut q = db::query_built(sql).bind(to).bind(comment_id);
        for id in &ids {
            q = q.bind(*id);
        }
        q.execute(&mut tx).await?;
    }
    let sql = format!(
        "DELETE FROM thread_pins WHERE thread_id = $1 AND comment_id IN ({}) ",
        { marks(ids.len(), 2) }
    );
    let mut q = db::query_built(sql).bind(from);
    for id in &ids {
        q = q.bind(*id);
    }
    q.execute(&mut tx).await?;
    // Counted as the comment service counts: live (not deleted) replies.
    for (thread, delta) in [(from, -live), (to, live)] {
        db::query("UPDATE threads SET comments_count = comments_count + $1 WHERE id = $2")
            .bind(delta)
            .bind(thread)
            .execute(&mut tx)
            .await?;
    }
    for id in &ids {
        action_log::append(
            &mut tx,
            Some(actor),
            "comment-moved",
            Subject::of("comment", *id),
            Visibility::Public,
        )
        .await?;
    }
    tx.commit().await?;
    for thread in [from, to] {
        if let Some(resource) = ResourceRef::new(super::KIND, thread) {
            comments::forget_counts(db, resource);
        }
    }
    Ok(Ok(ids.len() as i64))
}

/// `$start, $start+1, ...` for `n` bound values.
fn marks(n: usize, start: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
