//! Entering many existing records at once — the bulk generators' rows — with the very entries
//! [`super::append`] would have written one by one: same fields, same content hash (read back
//! through the kind's canonical `content` query, the one `agora verify` uses), same chain. Only
//! the writing differs: hashes are chained in memory and entries go in 1,000 per `INSERT`,
//! so a Madrid-scale organisation (two million entries) is entered in seconds.

use std::ops::RangeInclusive;

use super::{EntryFields, Visibility, content_hash, kind, row_columns};
use crate::db::bulk::{Inserter, lit, num};
use crate::db::{self, WriteTx};

/// Rows read per query.
const PAGE: i64 = 5000;

/// What an entry says besides its subject: who acted, where, and when.
pub struct Described {
    pub actor_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub space_id: Option<i64>,
    pub link: String,
    pub created_at: i64,
}

/// Appends one `action` entry per record of `kind_name` whose id is in `ids`, in id order, on
/// `conn` (a transaction: the head stays locked until it commits). `describe` gets each record's
/// id and canonical columns. Returns how many entries were written.
pub async fn append_existing(
    conn: &mut crate::db::WriteTx,
    kind_name: &str,
    action: &str,
    visibility: Visibility,
    ids: RangeInclusive<i64>,
    describe: impl FnMut(i64, &[Option<String>]) -> Described,
) -> Result<i64, sqlx::Error> {
    append_existing_where(conn, kind_name, action, visibility, ids, "", describe).await
}

/// [`append_existing`] for the records in `ids` that also meet `and` (SQL on the kind's
/// content query, whose table is `x`, starting with `AND`; generated text only): records with
/// random ids, such as ballots, share their id range with other polls'.
pub async fn append_existing_where(
    conn: &mut crate::db::WriteTx,
    kind_name: &str,
    action: &str,
    visibility: Visibility,
    ids: RangeInclusive<i64>,
    and: &str,
    mut describe: impl FnMut(i64, &[Option<String>]) -> Described,
) -> Result<i64, sqlx::Error> {
    let Some(k) = kind(kind_name) else {
        return Err(sqlx::Error::Protocol(format!("no log kind {kind_name}")));
    };
    // The head's lock first, as the settler takes it, so that no other writer interleaves.
    let (mut seq, mut prev) = lock_head(&mut *conn).await?;
    let mut written = 0;
    let mut after = ids.start() - 1;
    loop {
        let sql = format!(
            "{} WHERE x.id > $1 AND x.id <= $2 {and} ORDER BY x.id LIMIT $3",
            k.content
        );
        let rows = db::query_built(sql)
            .bind(after)
            .bind(*ids.end())
            .bind(PAGE)
            .fetch_all(&mut *conn)
            .await?;
        if rows.is_empty() {
            break;
        }
        let mut ins = Inserter::new(&mut *conn, INSERT_ENTRIES);
        for row in &rows {
            let columns = row_columns(row)?;
            let id: i64 = columns
                .first()
                .cloned()
                .flatten()
                .and_then(|t| t.parse().ok())
                .unwrap_or_default();
            after = id;
            let d = describe(id, &columns);
            let content = content_hash(k.name, &columns);
            seq += 1;
            let fields = EntryFields {
                seq,
                prev_hash: &prev,
                actor_id: d.actor_id,
                action,
                subject_kind: k.name,
                subject_id: id,
                organization_id: d.organization_id,
                space_id: d.space_id,
                visibility: visibility.as_str(),
                link: &d.link,
                content_hash: &content,
                created_at: d.created_at,
            };
            let hash = fields.hash();
            ins.row(entry_values(&fields, &hash)).await?;
            prev = hash;
            written += 1;
        }
        ins.flush().await?;
    }
    store_head(conn, seq, &prev).await?;
    Ok(written)
}

/// The statement, up to `VALUES `, that [`entry_values`] rows go into.
pub(super) const INSERT_ENTRIES: &str =
    "INSERT INTO action_log (seq, prev_hash, hash, actor_id, action, subject_kind, subject_id,
         organization_id, space_id, visibility, link, content_hash, created_at) VALUES ";

/// Takes the chain head's lock, held until `conn` commits: the length and the last hash.
pub(super) async fn lock_head(conn: &mut WriteTx) -> Result<(i64, String), sqlx::Error> {
    let head =
        db::query("UPDATE action_log_head SET length = length WHERE id = 1 RETURNING length, hash")
            .fetch_one(&mut *conn)
            .await?;
    Ok((head.try_get(0)?, head.try_get(1)?))
}

/// Moves the head (locked by [`lock_head`]) to the last entry written.
pub(super) async fn store_head(
    conn: &mut WriteTx,
    length: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    db::query("UPDATE action_log_head SET length = $1, hash = $2 WHERE id = 1")
        .bind(length)
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An entry as the values of an [`INSERT_ENTRIES`] row, `hash` being `fields.hash()`. Owned:
/// the settler runs inside request handlers, whose futures must be `Send`.
pub(super) fn entry_values(fields: &EntryFields<'_>, hash: &str) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{},{},{},{},{}",
        fields.seq,
        lit(fields.prev_hash),
        lit(hash),
        num(fields.actor_id),
        lit(fields.action),
        lit(fields.subject_kind),
        fields.subject_id,
        num(fields.organization_id),
        num(fields.space_id),
        lit(fields.visibility),
        lit(fields.link),
        lit(fields.content_hash),
        fields.created_at,
    )
}
