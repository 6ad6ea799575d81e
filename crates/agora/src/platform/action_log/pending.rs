//! Entries on their way into the chain. [`super::append`] writes an action's entry to
//! `action_log_pending`, in the action's transaction; [`settle`] moves pending entries into
//! `action_log` in batches, chaining them under the head's lock.
//!
//! Why not chain in the action's transaction: the head's lock would then be held until that
//! transaction commits, fsync included, so on PostgreSQL every action of every person waited
//! for the one before it (votes topped out near 600/s whatever the hardware). A batch takes the
//! lock once for hundreds of entries.
//!
//! Nothing reads the chain without settling first ([`super::head`], the activity pages,
//! `agora verify`, the exports), and the server settles every [`EVERY`]: an entry is in the
//! chain before anyone can look for it there. Entries of one record keep their order: an action
//! on a record waits for the previous action on it to commit (its row lock), so its pending row
//! comes later.

use std::time::Duration;

use super::EntryFields;
use super::bulk::{INSERT_ENTRIES, entry_values, lock_head, store_head};
use crate::db::bulk::Inserter;
use crate::db::{self, Db};

/// How often the server settles the log.
pub const EVERY: Duration = Duration::from_millis(200);

/// Entries chained per transaction.
const BATCH: usize = 1000;

/// Chains every entry pending now. Safe to call from any number of tasks and app servers at
/// once: batches are serialized by the head's lock, and each takes entries no other took.
pub async fn settle(db: &Db) -> Result<(), sqlx::Error> {
    loop {
        // A read first: settling a settled log (nearly always) takes no lock.
        let waiting = db::query("SELECT 1 FROM action_log_pending LIMIT 1")
            .fetch_optional(db)
            .await?
            .is_some();
        if !waiting || chain_batch(db).await? < BATCH {
            return Ok(());
        }
    }
}

/// Moves up to [`BATCH`] pending entries, oldest first, into the chain; returns how many.
async fn chain_batch(db: &Db) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    // The head's lock first: no other batch (nor bulk append) interleaves until commit.
    let (mut seq, mut prev) = lock_head(&mut tx).await?;
    // Taken and removed in one statement: a row committed meanwhile is either in this batch or
    // left for the next, never removed unchained.
    let sql = format!(
        "DELETE FROM action_log_pending WHERE id IN
             (SELECT id FROM action_log_pending ORDER BY id LIMIT {BATCH})
         RETURNING id, actor_id, action, subject_kind, subject_id, organization_id, space_id,
             visibility, link, content_hash, created_at"
    );
    let mut rows = db::query_built(sql).fetch_all(&mut tx).await?;
    if rows.is_empty() {
        tx.rollback().await?;
        return Ok(0);
    }
    rows.sort_by_key(|r| r.try_get::<i64, _>(0).unwrap_or_default());
    let mut ins = Inserter::new(&mut tx, INSERT_ENTRIES);
    for row in &rows {
        let actor_id: Option<i64> = row.try_get(1)?;
        let action: String = row.try_get(2)?;
        let subject_kind: String = row.try_get(3)?;
        let subject_id: i64 = row.try_get(4)?;
        let organization_id: Option<i64> = row.try_get(5)?;
        let space_id: Option<i64> = row.try_get(6)?;
        let visibility: String = row.try_get(7)?;
        let link: String = row.try_get(8)?;
        let content_hash: String = row.try_get(9)?;
        let created_at: i64 = row.try_get(10)?;
        seq += 1;
        let fields = EntryFields {
            seq,
            prev_hash: &prev,
            actor_id,
            action: &action,
            subject_kind: &subject_kind,
            subject_id,
            organization_id,
            space_id,
            visibility: &visibility,
            link: &link,
            content_hash: &content_hash,
            created_at,
        };
        let hash = fields.hash();
        ins.row(entry_values(&fields, &hash)).await?;
        prev = hash;
    }
    ins.flush().await?;
    store_head(&mut tx, seq, &prev).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// Settles the log every [`EVERY`], for as long as the server runs.
pub fn spawn_settler(db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = settle(&db).await {
                tracing::warn!(error = %e, "could not chain the action log's pending entries");
            }
        }
    });
}
