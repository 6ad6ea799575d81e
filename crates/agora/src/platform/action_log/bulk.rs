//! Entering many existing records at once — the bulk generators' rows — with the very entries
//! [`super::append`] would have written one by one: same fields, same content hash (read back
//! through the kind's canonical `content` query, the one `agora verify` uses), same chain. Only
//! the writing differs: hashes are chained in memory and entries go in 1,000 per `INSERT`,
//! so a Madrid-scale organisation (two million entries) is entered in seconds.

use std::ops::RangeInclusive;

use super::{EntryFields, Visibility, content_hash, kind, row_columns};
use crate::db;
use crate::db::bulk::{Inserter, lit, num};

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
    // Takes the head's lock first, as `append` does, so that no other writer interleaves.
    let head =
        db::query("UPDATE action_log_head SET length = length WHERE id = 1 RETURNING length, hash")
            .fetch_one(&mut *conn)
            .await?;
    let mut seq: i64 = head.try_get(0)?;
    let mut prev: String = head.try_get(1)?;
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
        let mut ins = Inserter::new(
            &mut *conn,
            "INSERT INTO action_log (seq, prev_hash, hash, actor_id, action, subject_kind, subject_id,
                 organization_id, space_id, visibility, link, content_hash, created_at) VALUES ",
        );
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
            ins.row(format_args!(
                "{seq},{},{},{},{},{},{id},{},{},{},{},{},{}",
                lit(&prev),
                lit(&hash),
                num(d.actor_id),
                lit(action),
                lit(k.name),
                num(d.organization_id),
                num(d.space_id),
                lit(visibility.as_str()),
                lit(&d.link),
                lit(&content),
                d.created_at
            ))
            .await?;
            prev = hash;
            written += 1;
        }
        ins.flush().await?;
    }
    db::query("UPDATE action_log_head SET length = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&prev)
        .execute(&mut *conn)
        .await?;
    Ok(written)
}
