//! `agora verify`: recomputes the hash chain, then compares every current record of the
//! verified kinds with its last log entry. Reads by keyset pages, so the log is never held in
//! memory — only the last content hash of each verified record.

use std::collections::HashMap;

use sqlx::Row;

use super::{EntryFields, KINDS, absent, content_hash, row_columns};
use crate::db::{self, Db};

/// Rows read per query.
const PAGE: i64 = 5000;

/// What `verify` found. Intact when `problems` is empty.
#[derive(Debug, Default)]
pub struct Report {
    pub entries: i64,
    pub head_hash: String,
    pub records: i64,
    /// One line per problem, naming the entry or the record by its id.
    pub problems: Vec<String>,
}

impl Report {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The last entry about a record: its position and the content hash it recorded.
struct Last {
    seq: i64,
    content_hash: [u8; 32],
}

fn bytes(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, chunk) in hex.as_bytes().chunks(2).take(32).enumerate() {
        let text = std::str::from_utf8(chunk).unwrap_or("");
        out[i] = u8::from_str_radix(text, 16).unwrap_or(0);
    }
    out
}

pub async fn verify(db: &Db) -> Result<Report, sqlx::Error> {
    super::settle(db).await?;
    let mut report = Report::default();
    let verified: Vec<&str> = KINDS
        .iter()
        .filter(|k| k.verified)
        .map(|k| k.name)
        .collect();
    // Keyed by (index in `verified`, id), sized once from the head: a city's log has millions of
    // entries, and growing the table by doubling would hold two copies at the end.
    let capacity = usize::try_from(super::head(db).await?.length).unwrap_or(0);
    let mut last: HashMap<(u8, i64), Last> = HashMap::with_capacity(capacity);

    // 1. The chain.
    let genesis = "0".repeat(64);
    let mut expected_seq = 1;
    let mut prev = genesis.clone();
    loop {
        let rows = sqlx::query(
            "SELECT seq, prev_hash, hash, actor_id, action, subject_kind, subject_id,
                 organization_id, space_id, visibility, link, content_hash, created_at
             FROM action_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
        )
        .bind(expected_seq)
        .bind(PAGE)
        .fetch_all(&db.pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let prev_hash: String = row.try_get("prev_hash")?;
            let hash: String = row.try_get("hash")?;
            let subject_kind: String = row.try_get("subject_kind")?;
            let subject_id: i64 = row.try_get("subject_id")?;
            let content: String = row.try_get("content_hash")?;
            let action: String = row.try_get("action")?;
            let visibility: String = row.try_get("visibility")?;
            let link: String = row.try_get("link")?;
            if seq != expected_seq {
                report.problems.push(format!(
                    "log entries {expected_seq} to {} deleted: the chain jumps from {} to {seq}",
                    seq - 1,
                    expected_seq - 1
                ));
            }
            if prev_hash != prev {
                report.problems.push(format!(
                    "log entry {seq}: does not follow entry {} (previous hash differs)",
                    seq - 1
                ));
            }
            let fields = EntryFields {
                seq,
                prev_hash: &prev_hash,
                actor_id: row.try_get("actor_id")?,
                action: &action,
                subject_kind: &subject_kind,
                subject_id,
                organization_id: row.try_get("organization_id")?,
                space_id: row.try_get("space_id")?,
                visibility: &visibility,
                link: &link,
                content_hash: &content,
                created_at: row.try_get("created_at")?,
            };
            if fields.hash() != hash {
                report.problems.push(format!(
                    "log entry {seq}: altered (its hash does not match its content)"
                ));
            }
            if let Some(kind) = verified.iter().position(|k| *k == subject_kind) {
                last.insert(
                    (kind as u8, subject_id),
                    Last {
                        seq,
                        content_hash: bytes(&content),
                    },
                );
            }
            prev = hash;
            expected_seq = seq + 1;
            report.entries += 1;
        }
    }
    let head = super::head(db).await?;
    if head.length != expected_seq - 1 || head.hash != prev {
        report.problems.push(format!(
            "chain head: says {} entries ending in {}, the log has {} ending in {}",
            head.length,
            head.hash,
            expected_seq - 1,
            prev
        ));
    }
    report.head_hash = head.hash;

    // 2. The records against their last entries.
    let absent = bytes(&absent());
    for (index, kind) in KINDS.iter().filter(|k| k.verified).enumerate() {
        let mut after = i64::MIN;
        loop {
            let sql = format!("{} WHERE x.id > $1 ORDER BY x.id LIMIT $2", kind.content);
            let rows = db::query_built(sql)
                .bind(after)
                .bind(PAGE)
                .scan()
                .fetch_all(db)
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let columns = row_columns(row)?;
                let id: i64 = columns
                    .first()
                    .cloned()
                    .flatten()
                    .and_then(|t| t.parse().ok())
                    .unwrap_or_default();
                after = id;
                report.records += 1;
                match last.remove(&(index as u8, id)) {
                    None => report.problems.push(format!(
                        "{} {id}: inserted outside agora (no log entry)",
                        kind.name
                    )),
                    Some(entry) if entry.content_hash == absent => report.problems.push(format!(
                        "{} {id}: present, but log entry {} removed it",
                        kind.name, entry.seq
                    )),
                    Some(entry) => {
                        if bytes(&content_hash(kind.name, &columns)) != entry.content_hash {
                            report.problems.push(format!(
                                "{} {id}: altered outside agora (differs from log entry {})",
                                kind.name, entry.seq
                            ));
                        }
                    }
                }
            }
        }
    }
    let mut missing: Vec<_> = last
        .into_iter()
        .filter(|(_, entry)| entry.content_hash != absent)
        .collect();
    missing.sort_by_key(|(_, entry)| entry.seq);
    for ((kind, id), entry) in missing {
        let kind = verified[usize::from(kind)];
        report.problems.push(format!(
            "{kind} {id}: deleted outside agora (log entry {} says it exists)",
            entry.seq
        ));
    }
    Ok(report)
}
