//! Full-text search of proposals: the inverted index `proposal_search_terms` and the SQL that
//! queries it — one SQL text for SQLite and PostgreSQL (see `platform::search` for how texts
//! become terms).
//!
//! The index is written in the same transaction as the change it reflects: creating and
//! editing a proposal ([`index`]), a new version from an accepted amendment ([`reindex`]),
//! withdrawing ([`set_withdrawn`]), and moderation hiding or showing it again
//! ([`HIDDEN_SQL`], run by `platform::moderation`). Each term of a proposal weighs
//! [`TITLE_WEIGHT`] per occurrence in the title (at most two counted) plus one per occurrence
//! in the body or address (at most five counted): a word of the title ranks a proposal first.

use std::collections::BTreeMap;

use crate::db::{self, Db};
use crate::platform::search::{self, Query};

/// The weight of one occurrence of a term in a title.
pub const TITLE_WEIGHT: i64 = 5;
/// Rows per `INSERT` statement while indexing (keeps every statement's parameters few).
const BATCH: usize = 100;

/// The statement moderation runs in its transaction when a proposal is hidden (`$1` = 1) or
/// shown again (`$1` = 0); `$2` is the proposal.
pub const HIDDEN_SQL: &str = "UPDATE proposal_search_terms SET hidden = $1 WHERE proposal_id = $2";

/// Each distinct term of a proposal's texts with its weight, in term order.
pub fn weights(title: &str, body: &str, address: Option<&str>) -> Vec<(String, i64)> {
    let mut counts: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for term in search::terms(title) {
        counts.entry(term).or_default().0 += 1;
    }
    for term in search::terms(body)
        .into_iter()
        .chain(search::terms(address.unwrap_or_default()))
    {
        counts.entry(term).or_default().1 += 1;
    }
    counts
        .into_iter()
        .map(|(term, (t, b))| (term, TITLE_WEIGHT * t.min(2) + b.min(5)))
        .collect()
}

/// (Re)writes the index rows of a proposal from its texts, in the caller's transaction.
/// `hidden` and `withdrawn` are read from the database in the same transaction.
pub async fn index(
    tx: &mut crate::db::WriteTx,
    proposal_id: i64,
    component_id: i64,
    title: &str,
    body: &str,
    address: Option<&str>,
) -> Result<(), sqlx::Error> {
    db::query("DELETE FROM proposal_search_terms WHERE proposal_id = $1")
        .bind(proposal_id)
        .execute(&mut *tx)
        .await?;
    let weights = weights(title, body, address);
    for chunk in weights.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, $1, $2, ${})", 3 + 2 * i, 4 + 2 * i))
            .collect();
        let sql = format!(
            "INSERT INTO proposal_search_terms (term, proposal_id, component_id, weight) VALUES {}",
            values.join(", ")
        );
        let mut query = db::query_built(sql).bind(proposal_id).bind(component_id);
        for (term, weight) in chunk {
            query = query.bind(term.as_str()).bind(*weight);
        }
        query.execute(&mut *tx).await?;
    }
    db::query(
        "UPDATE proposal_search_terms SET
            hidden = CASE WHEN EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                          AND m.resource_id = $1 AND m.hidden_at IS NOT NULL) THEN 1 ELSE 0 END,
            withdrawn = CASE WHEN EXISTS (SELECT 1 FROM proposals p WHERE p.id = $1
                          AND p.state = 'withdrawn') THEN 1 ELSE 0 END
         WHERE proposal_id = $1",
    )
    .bind(proposal_id)
    .execute(&mut *tx)
    .await?;
    db::query("UPDATE proposals SET search_version = $1 WHERE id = $2")
        .bind(search::VERSION)
        .bind(proposal_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Re-indexes a proposal from its stored text (e.g. after an accepted amendment changed it),
/// in the caller's transaction. Nothing happens for a missing proposal.
pub async fn reindex(tx: &mut crate::db::WriteTx, proposal_id: i64) -> Result<(), sqlx::Error> {
    // An UPDATE, not a SELECT: it locks the proposal's row (and reads its latest text), so a
    // backfill running beside an edit of the same proposal waits for it instead of racing.
    let row = db::query(
        "UPDATE proposals SET search_version = search_version WHERE id = $1
         RETURNING component_id, title, body, address",
    )
    .bind(proposal_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(());
    };
    let title: String = row.try_get("title")?;
    let body: String = row.try_get("body")?;
    let address: Option<String> = row.try_get("address")?;
    index(
        tx,
        proposal_id,
        row.try_get("component_id")?,
        &title,
        &body,
        address.as_deref(),
    )
    .await
}

/// Marks a proposal's terms withdrawn (similar proposals leave it out).
pub async fn set_withdrawn(
    tx: &mut crate::db::WriteTx,
    proposal_id: i64,
) -> Result<(), sqlx::Error> {
    db::query("UPDATE proposal_search_terms SET withdrawn = 1 WHERE proposal_id = $1")
        .bind(proposal_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Indexes every proposal indexed by an older tokenizer, or never (the backfill that
/// `agora migrate` runs after the migrations; it does nothing the second time). Returns how
/// many proposals it indexed.
pub async fn backfill(db: &Db) -> Result<usize, sqlx::Error> {
    let mut done = 0;
    loop {
        let ids: Vec<i64> =
            db::query("SELECT id FROM proposals WHERE search_version < $1 ORDER BY id LIMIT 500")
                .bind(search::VERSION)
                .fetch_all(db)
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>(0))
                .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(done);
        }
        let mut tx = db.begin().await?;
        for id in &ids {
            reindex(&mut tx, *id).await?;
        }
        tx.commit().await?;
        done += ids.len();
    }
}

/// A search as SQL: a subquery `SELECT proposal_id, score` of the proposals of component
/// `$component` (a placeholder number) matching every term, placeholders numbered from
/// `first`, and the values to bind to them in order.
pub struct Matches {
    pub sql: String,
    pub binds: Vec<String>,
}

/// How the terms of a query combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// Every term (the visitor's search).
    All,
    /// Any term (similar proposals).
    Any,
}

/// One SQL condition per term of `query` (on `s`, a row of `proposal_search_terms`), with
/// placeholders numbered from `first`, and the values to bind to them in order. `binary`:
/// the terms compare in code-point order (SQLite's `BINARY`), so a prefix is its range alone.
fn conditions(query: &Query, first: usize, binary: bool) -> (Vec<String>, Vec<String>) {
    let mut binds = Vec::new();
    let mut next = first;
    let mut placeholder = |value: String, binds: &mut Vec<String>| {
        binds.push(value);
        next += 1;
        format!("${}", next - 1)
    };
    let mut conditions: Vec<String> = query
        .exact
        .iter()
        .map(|t| format!("s.term = {}", placeholder(t.clone(), &mut binds)))
        .collect();
    if let Some(prefix) = &query.prefix {
        // A plain range on the index (`term >= lo AND term < hi`): written as
        // `(hi = '' OR term < hi)` it read every entry of the component instead. The range
        // is the prefix exactly in code-point order (SQLite, PostgreSQL's "C" collation); the
        // `substr` keeps other collations right. Not `LIKE $pattern`: SQLite prepares a
        // statement that binds a `LIKE` pattern again on every run (it plans with the value).
        let chars = prefix.chars().count();
        let (lo, hi) = search::prefix_bounds(prefix);
        let lo = placeholder(lo, &mut binds);
        let below = if hi.is_empty() {
            String::new()
        } else {
            format!(" AND s.term < {}", placeholder(hi, &mut binds))
        };
        conditions.push(if binary {
            format!("(s.term >= {lo}{below})")
        } else {
            format!("(s.term >= {lo}{below} AND substr(s.term, 1, {chars}) = {lo})")
        });
    }
    (conditions, binds)
}

/// The subquery of the proposals matching `query` (which must not be empty). Hidden
/// proposals never match; withdrawn ones only when `withdrawn` is true.
pub fn matches(
    query: &Query,
    combine: Combine,
    component: usize,
    first: usize,
    withdrawn: bool,
) -> Matches {
    // Each condition is used in WHERE (any term) and in HAVING (every term).
    let (conditions, binds) = conditions(query, first, false);
    let having = match combine {
        // A single condition holds for every row the WHERE keeps: nothing to check per group.
        Combine::All if conditions.len() == 1 => String::new(),
        Combine::All => format!(
            " HAVING {}",
            conditions
                .iter()
                .map(|c| format!("SUM(CASE WHEN {c} THEN 1 ELSE 0 END) > 0"))
                .collect::<Vec<_>>()
                .join(" AND ")
        ),
        Combine::Any => String::new(),
    };
    let sql = format!(
        "SELECT s.proposal_id, SUM(s.weight) AS score FROM proposal_search_terms s
         WHERE s.component_id = ${component} AND s.hidden = 0{} AND ({})
         GROUP BY s.proposal_id{having}",
        if withdrawn {
            ""
        } else {
            " AND s.withdrawn = 0"
        },
        conditions.join(" OR "),
    );
    Matches { sql, binds }
}

/// The index entries of a visitor's search, not grouped: `SELECT proposal_id, weight, terms`
/// over the published, visible proposals of component `$1` with an entry for some term of
/// `query` (placeholders from `$2`), where `terms` has bit `i` set when the entry matches the
/// query's `i`-th term. A proposal matches when the `terms` of its entries, or-ed, equal
/// [`Postings::every_term`]; its score is the sum of their weights. For SQLite, which would
/// otherwise group and count thousands of entries through temporary b-trees (see
/// `model::search_list`). SQLite only: its terms compare in code-point order.
pub struct Postings {
    pub sql: String,
    pub binds: Vec<String>,
    pub every_term: i64,
}

/// See [`Postings`]. `query` must not be empty.
pub fn postings(query: &Query) -> Postings {
    let (conditions, binds) = conditions(query, 2, true);
    // One term: every entry the WHERE keeps matches it.
    let terms = if conditions.len() == 1 {
        "1".to_string()
    } else {
        conditions
            .iter()
            .enumerate()
            .map(|(i, c)| format!("CASE WHEN {c} THEN {} ELSE 0 END", 1_i64 << i))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let sql = format!(
        "SELECT s.proposal_id, s.weight, {terms} AS terms FROM proposal_search_terms s
         WHERE s.component_id = $1 AND s.hidden = 0 AND s.withdrawn = 0 AND ({})",
        conditions.join(" OR "),
    );
    Postings {
        sql,
        binds,
        every_term: (1_i64 << conditions.len()) - 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_words_weigh_more_and_repeats_are_capped() {
        let w = weights("Vélos, vélos, vélos", "vélo parc parc", None);
        assert_eq!(w, vec![("parc".to_string(), 2), ("velo".to_string(), 11)]);
    }

    #[test]
    fn the_subquery_numbers_its_placeholders_from_first() {
        let m = matches(&Query::parse("vélo budg"), Combine::All, 1, 7, false);
        assert_eq!(m.binds, vec!["velo", "budg", "budh"]);
        assert!(m.sql.contains("$7") && m.sql.contains("$9") && !m.sql.contains("$10"));
        assert!(m.sql.contains("HAVING") && m.sql.contains("s.withdrawn = 0"));
        assert!(m.sql.contains("substr(s.term, 1, 4) = $8") && !m.sql.contains("LIKE"));
        let one = matches(&Query::parse("bici"), Combine::All, 1, 7, false);
        assert!(
            !one.sql.contains("HAVING"),
            "one term: every row matches it"
        );
        let any = matches(&Query::parse("velo parc "), Combine::Any, 1, 2, true);
        assert!(!any.sql.contains("HAVING") && !any.sql.contains("withdrawn"));
    }
}
