//! Proposals, their versions and supports: the queries. Every rule that must hold under
//! concurrency (one support per person and proposal, the per-person limit, the per-proposal
//! cap, the per-person proposal limit) is enforced inside one transaction that first locks the
//! person's tally row for the component, so two requests of the same person never interleave.

use std::collections::HashMap;

use super::search::{self, Combine};
use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::notifications::{Recipients, follows, notify};
use crate::platform::search::Query;

/// Longest title, in characters.
pub const TITLE_MAX: usize = 150;
/// Longest body, in characters.
pub const BODY_MAX: usize = 10_000;
/// Longest address, in characters.
pub const ADDRESS_MAX: usize = 200;
/// Longest answer text, in characters.
pub const ANSWER_MAX: usize = 5_000;
/// Longest custom answer state, in characters.
pub const CUSTOM_STATE_MAX: usize = 50;
/// Proposals per page of the list.
pub const PER_PAGE: i64 = 20;
/// The modulus of the random order (a prime, so multiplying modulo it permutes the ids).
pub const SEED_MODULUS: i64 = 2_147_483_647;

/// A proposal with its author's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub id: i64,
    pub component_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub title: String,
    pub body: String,
    pub address: Option<String>,
    /// `published` or `withdrawn`.
    pub state: String,
    /// `evaluating`, `accepted`, `rejected` or `custom` once an answer was written.
    pub answer_state: Option<String>,
    pub answer_custom_state: Option<String>,
    pub answer_text: Option<String>,
    pub answer_cost: Option<i64>,
    /// When the answer was made public (`None`: not answered, or not public yet).
    pub answer_published_at: Option<i64>,
    pub supports_count: i64,
    pub comments_count: i64,
    pub endorsements_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Proposal {
    pub fn withdrawn(&self) -> bool {
        self.state == "withdrawn"
    }

    /// The answer state participants see (only once the answer is public).
    pub fn public_answer_state(&self) -> Option<&str> {
        self.answer_published_at.and(self.answer_state.as_deref())
    }
}

macro_rules! proposal_columns {
    () => {
        "p.id, p.component_id, p.author_id, u.name AS author_name, p.title, p.body, p.address, \
         p.state, p.answer_state, p.answer_custom_state, p.answer_text, p.answer_cost, \
         p.answer_published_at, p.supports_count, p.comments_count, p.endorsements_count, \
         p.created_at, p.updated_at"
    };
}

fn from_row(row: &db::Row) -> Result<Proposal, sqlx::Error> {
    Ok(Proposal {
        id: row.try_get("id")?,
        component_id: row.try_get("component_id")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        address: row.try_get("address")?,
        state: row.try_get("state")?,
        answer_state: row.try_get("answer_state")?,
        answer_custom_state: row.try_get("answer_custom_state")?,
        answer_text: row.try_get("answer_text")?,
        answer_cost: row.try_get("answer_cost")?,
        answer_published_at: row.try_get("answer_published_at")?,
        supports_count: row.try_get("supports_count")?,
        comments_count: row.try_get("comments_count")?,
        endorsements_count: row.try_get("endorsements_count")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A proposal of one component (`None` for another component's proposal).
pub async fn find(db: &Db, component_id: i64, id: i64) -> Result<Option<Proposal>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        proposal_columns!(),
        " FROM proposals p JOIN users u ON u.id = p.author_id WHERE p.id = $1 AND p.component_id = $2"
    ))
    .bind(id)
    .bind(component_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// A proposal by id alone (the API finds the component from it).
pub async fn find_any(db: &Db, id: i64) -> Result<Option<Proposal>, sqlx::Error> {
    let row = db::query(concat!(
        "SELECT ",
        proposal_columns!(),
        " FROM proposals p JOIN users u ON u.id = p.author_id WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// How a list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// A shuffle that stays the same for one seed.
    Random,
    MostSupported,
    MostCommented,
    Recent,
}

impl Order {
    pub const ALL: [Order; 4] = [
        Order::Random,
        Order::MostSupported,
        Order::MostCommented,
        Order::Recent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Order::Random => "random",
            Order::MostSupported => "most_supported",
            Order::MostCommented => "most_commented",
            Order::Recent => "recent",
        }
    }

    pub fn parse(text: &str) -> Option<Order> {
        Order::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// The sort key and direction of the ordered orders (the random order is built apart, see
    /// [`random_page_sql`]); the id breaks ties.
    fn sql(self) -> &'static str {
        match self {
            Order::Random => "",
            Order::MostSupported => " ORDER BY p.supports_count DESC, p.id DESC",
            Order::MostCommented => " ORDER BY p.comments_count DESC, p.id DESC",
            Order::Recent => " ORDER BY p.created_at DESC, p.id DESC",
        }
    }
}

/// Keeps a seed inside `1..SEED_MODULUS` (0 would make every key equal).
pub fn normalize_seed(seed: i64) -> i64 {
    if (1..SEED_MODULUS).contains(&seed) {
        seed
    } else {
        seed.rem_euclid(SEED_MODULUS - 1) + 1
    }
}

/// What a list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// `published` (default: not withdrawn), `withdrawn`, `all`, `not_answered`, or an answer
    /// state (`evaluating`, `accepted`, `rejected`).
    pub state: String,
    /// Only this author's proposals.
    pub author_id: Option<i64>,
    /// Only proposals with at least this many supports.
    pub min_supports: Option<i64>,
    /// Words searched in titles and bodies (empty: no search).
    pub search: String,
}

/// The state filters a list offers.
pub const STATE_FILTERS: &[&str] = &[
    "published",
    "not_answered",
    "evaluating",
    "accepted",
    "rejected",
    "withdrawn",
    "all",
];

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern, lower-cased, in `%...%`.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A value bound to a list query.
enum Value {
    Int(i64),
    Text(String),
}

/// The conditions of a list on `proposals p`, with the values of their placeholders (`$1`...).
/// Only the conditions the filter asks for are written: the default list ("published", no
/// search) is then counted from the `proposals_list` index alone, without reading a row.
/// Hidden proposals are not left out here (see [`NOT_HIDDEN`]).
fn list_conditions(component_id: i64, filter: &Filter) -> (String, Vec<Value>) {
    let mut values = vec![Value::Int(component_id)];
    let mut sql = String::from("p.component_id = $1");
    let mut add = |sql: &mut String, condition: &str, value: Option<Value>| {
        if let Some(value) = value {
            values.push(value);
            sql.push_str(&condition.replace("$?", &format!("${}", values.len())));
        } else {
            sql.push_str(condition);
        }
    };
    if let Some(author) = filter.author_id {
        add(&mut sql, " AND p.author_id = $?", Some(Value::Int(author)));
    }
    if let Some(min) = filter.min_supports {
        add(
            &mut sql,
            " AND p.supports_count >= $?",
            Some(Value::Int(min)),
        );
    }
    if !filter.search.trim().is_empty() {
        add(
            &mut sql,
            " AND (LOWER(p.title) LIKE $? ESCAPE '\\' OR LOWER(p.body) LIKE $? ESCAPE '\\')",
            Some(Value::Text(like_pattern(&filter.search))),
        );
    }
    match filter.state.as_str() {
        "all" => {}
        "withdrawn" => add(&mut sql, " AND p.state = 'withdrawn'", None),
        "published" => add(&mut sql, " AND p.state = 'published'", None),
        "not_answered" => add(
            &mut sql,
            " AND p.state = 'published' AND p.answer_published_at IS NULL",
            None,
        ),
        answer => add(
            &mut sql,
            " AND p.state = 'published' AND p.answer_published_at IS NOT NULL AND p.answer_state = $?",
            Some(Value::Text(answer.to_string())),
        ),
    }
    (sql, values)
}

/// Leaves out the proposals hidden by moderation: through the (short) list of hidden ones,
/// built once per query, rather than one lookup per proposal.
const NOT_HIDDEN: &str = " AND p.id NOT IN (SELECT m.resource_id FROM moderations m
    WHERE m.resource_kind = 'proposal' AND m.hidden_at IS NOT NULL)";

fn bind_all(mut query: db::Query, values: Vec<Value>) -> db::Query {
    for value in values {
        query = match value {
            Value::Int(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
        };
    }
    query
}

/// The multipliers of the four shuffles of the random order (each has its index, see migration
/// 0009): multiplying the ids by a constant modulo a prime permutes them. Large multipliers, so
/// that even small ids wrap around the modulus at once and come out mixed.
const SHUFFLES: [i64; 4] = [1_103_515_245, 741_103_597, 1_583_458_089, 950_706_376];

/// Where in its shuffle a seed starts: scrambled, so that nearby seeds start far apart.
fn shuffle_start(seed: i64) -> i64 {
    ((i128::from(seed) * 1_103_515_245) % i128::from(SEED_MODULUS)) as i64
}

/// The random order for `seed`: the seed picks one of four shuffles and a starting point in it;
/// the list runs from there to the end of the shuffle and wraps around. Each half is one range
/// of the shuffle's index, read no further than the page's last row, so page 1 and page 50
/// cost one index range of a page or fifty, never a sort of every proposal. Integers only
/// (every product stays below 2^63): the same order on SQLite and PostgreSQL. `$n` is the
/// starting point ([`shuffle_start`]), then the page size, the offset, and the rows to read
/// from each half.
fn random_page_sql(conditions: &str, n: usize, seed: i64) -> String {
    let key = format!(
        "((p.id * {}) % 2147483647)",
        SHUFFLES[(seed % SHUFFLES.len() as i64) as usize]
    );
    let (seed, limit, offset, upto) = (n, n + 1, n + 2, n + 3);
    format!(
        "SELECT {columns} FROM (
            SELECT id, part, k FROM (
                SELECT p.id AS id, 0 AS part, {key} AS k FROM proposals p
                WHERE {conditions} AND {key} >= ${seed} ORDER BY {key} LIMIT ${upto}) AS a
            UNION ALL
            SELECT id, part, k FROM (
                SELECT p.id AS id, 1 AS part, {key} AS k FROM proposals p
                WHERE {conditions} AND {key} < ${seed} ORDER BY {key} LIMIT ${upto}) AS b
            ORDER BY part, k LIMIT ${limit} OFFSET ${offset}
         ) AS page
         JOIN proposals p ON p.id = page.id JOIN users u ON u.id = p.author_id
         ORDER BY page.part, page.k",
        columns = proposal_columns!(),
    )
}

/// One page of a component's proposals, and how many match in all. The count reads an index
/// of the proposals alone; the page picks its ids first (from an index range in the order
/// asked) and only then reads those rows and their authors.
pub async fn list(
    db: &Db,
    component_id: i64,
    filter: &Filter,
    order: Order,
    seed: i64,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Proposal>, i64), sqlx::Error> {
    if !filter.search.trim().is_empty() {
        return search_list(db, component_id, filter, order, seed, page, per_page).await;
    }
    let seed = normalize_seed(seed);
    let (conditions, values) = list_conditions(component_id, filter);
    let count_key = format!(
        "{}{:?}:{:?}:{}",
        counts_prefix(component_id),
        filter.author_id,
        filter.min_supports,
        filter.state
    );
    let count = match db.counts.get(&count_key) {
        Some(count) => count,
        None => {
            let count = count_list(db, &conditions, values).await?;
            db.counts.put(count_key, count);
            count
        }
    };
    let (conditions, mut values) = list_conditions(component_id, filter);
    let conditions = conditions + NOT_HIDDEN;
    let n = values.len() + 1;
    let offset = (page.max(1) - 1) * per_page;
    let sql = if order == Order::Random {
        values.push(Value::Int(shuffle_start(seed)));
        random_page_sql(&conditions, n, seed)
    } else {
        format!(
            "SELECT {} FROM (SELECT p.id FROM proposals p WHERE {conditions}{} LIMIT ${n} OFFSET ${})
             AS page JOIN proposals p ON p.id = page.id JOIN users u ON u.id = p.author_id{}",
            proposal_columns!(),
            order.sql(),
            n + 1,
            order.sql()
        )
    };
    values.push(Value::Int(per_page));
    values.push(Value::Int(offset));
    if order == Order::Random {
        values.push(Value::Int(offset + per_page));
    }
    let rows = bind_all(db::query_built(sql), values).fetch_all(db).await?;
    let proposals = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok((proposals, count))
}

/// Where the cached counts of a component's lists are kept (see `db::counts`): forgotten
/// when a proposal is created, withdrawn or answered in this process.
fn counts_prefix(component_id: i64) -> String {
    format!("proposals:{component_id}:")
}

/// How many proposals a list has: every match, less the hidden ones among them — two index
/// counts, no per-row lookup.
async fn count_list(db: &Db, conditions: &str, values: Vec<Value>) -> Result<i64, sqlx::Error> {
    bind_all(
        db::query_built(format!(
            "SELECT (SELECT COUNT(*) FROM proposals p WHERE {conditions})
                  - (SELECT COUNT(*) FROM moderations m JOIN proposals p ON p.id = m.resource_id
                     WHERE m.resource_kind = 'proposal' AND m.hidden_at IS NOT NULL AND {conditions})"
        )),
        values,
    )
    .fetch_one(db)
    .await?
    .try_get(0)
}

/// The conditions of a list (as in [`list_conditions`], without the text search), on `proposals p`.
macro_rules! search_filter {
    () => {
        " p.component_id = $1
            AND ($2 = 0 OR p.author_id = $3)
            AND ($4 = 0 OR p.supports_count >= $4)
            AND (($5 = 'published' AND p.state = 'published')
              OR ($5 = 'withdrawn' AND p.state = 'withdrawn')
              OR $5 = 'all'
              OR ($5 = 'not_answered' AND p.state = 'published' AND p.answer_published_at IS NULL)
              OR (p.state = 'published' AND p.answer_published_at IS NOT NULL AND p.answer_state = $5))
            AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                            AND m.resource_id = p.id AND m.hidden_at IS NOT NULL)"
    };
}

/// A page of a search: only the proposals containing every word of `filter.search` (see
/// [`search`]), the most relevant first and, between equally relevant ones, the chosen order.
/// One query gives the page and the number of matches (a window count); a page past the end
/// asks for the number alone.
async fn search_list(
    db: &Db,
    component_id: i64,
    filter: &Filter,
    order: Order,
    seed: i64,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Proposal>, i64), sqlx::Error> {
    let query = Query::parse(&filter.search);
    if query.is_empty() {
        // Something was typed, but no word ("%", "_", "!"): nothing contains it.
        return Ok((Vec::new(), 0));
    }
    // $1-$5 are the filters, $6 the seed, then the search's placeholders, LIMIT and OFFSET.
    // The default list (published proposals in random order) is answered from the search
    // index alone — it knows which proposals are withdrawn or hidden — and reads the rows of
    // the page's proposals only; other filters and orders read every match's row.
    let from_index = order == Order::Random
        && filter.author_id.is_none()
        && filter.min_supports.is_none()
        && filter.state == "published";
    if from_index && db.backend == db::Backend::Sqlite {
        return search_page_ranked_here(db, component_id, &query, seed, page, per_page).await;
    }
    let matches = search::matches(&query, Combine::All, 1, 7, !from_index);
    let (id, then, from) = if from_index {
        (
            "sm.proposal_id",
            "(((sm.proposal_id * 1103515245) % 2147483647) * $6) % 2147483647, sm.proposal_id",
            // $2-$5 are named (for PostgreSQL, every parameter must be) but filter nothing.
            format!(
                " FROM ({}) sm WHERE $6 > 0 AND $2 >= 0 AND $3 >= 0 AND $4 >= 0 AND $5 = 'published'",
                matches.sql
            ),
        )
    } else {
        (
            "p.id",
            match order {
                Order::Random => "(((p.id * 1103515245) % 2147483647) * $6) % 2147483647, p.id",
                Order::MostSupported => "p.supports_count DESC, p.id DESC",
                Order::MostCommented => "p.comments_count DESC, p.id DESC",
                Order::Recent => "p.created_at DESC, p.id DESC",
            },
            format!(
                " FROM proposals p JOIN ({}) sm ON sm.proposal_id = p.id WHERE {} AND $6 > 0",
                matches.sql,
                search_filter!()
            ),
        )
    };
    // The outer query orders the page's rows again, by the same keys on `p`.
    let outer_then = then.replace("sm.proposal_id", "p.id");
    let offset_at = 7 + matches.binds.len();
    let bind = |sql: String| {
        let mut q = db::query_built(sql)
            .bind(component_id)
            .bind(i64::from(filter.author_id.is_some()))
            .bind(filter.author_id.unwrap_or(0))
            .bind(filter.min_supports.unwrap_or(0))
            .bind(filter.state.clone())
            .bind(normalize_seed(seed));
        for value in &matches.binds {
            q = q.bind(value.clone());
        }
        q
    };
    // The page's ids first (sorting ids and scores, not texts), then their rows and authors.
    // The page size is written in the SQL, not bound: SQLite prepares a statement whose
    // `LIMIT` is a parameter again on every run (see `comments::threads_of`).
    let rows = bind(format!(
        "SELECT {}, page.matches_count FROM (
            SELECT {id} AS id, sm.score, COUNT(*) OVER () AS matches_count{from}
            ORDER BY sm.score DESC, {then} LIMIT {per_page} OFFSET ${offset_at}) page
         JOIN proposals p ON p.id = page.id JOIN users u ON u.id = p.author_id
         ORDER BY page.score DESC, {outer_then}",
        proposal_columns!(),
    ))
    .bind((page.max(1) - 1) * per_page)
    .fetch_all(db)
    .await?;
    let count = match rows.first() {
        Some(row) => row.try_get("matches_count")?,
        None if page > 1 => bind(format!("SELECT COUNT(*){from}"))
            .fetch_one(db)
            .await?
            .try_get(0)?,
        None => 0,
    };
    let proposals = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok((proposals, count))
}

/// The key of the random order between equally relevant matches, as the SQL of
/// [`search_list`] computes it (`seed` normalized, ids far below 2^32: no overflow).
fn search_order_key(id: i64, seed: i64) -> i64 {
    (((id * 1_103_515_245) % SEED_MODULUS) * seed) % SEED_MODULUS
}

/// [`search_list`]'s default list (published proposals, random order) on SQLite: the index
/// entries of the query's terms are read in one range scan and scored, counted and ranked
/// here, and only the page's proposals are then read. SQLite would group them through a
/// temporary b-tree, count them through a window's temporary table and sort them: 2.6 ms of
/// CPU for "bici" at Madrid scale (5,009 matches), against ~0.7 ms this way. The order is the
/// SQL's, and PostgreSQL (whose aggregation is cheap, rows over the network are not) keeps it.
async fn search_page_ranked_here(
    db: &Db,
    component_id: i64,
    query: &Query,
    seed: i64,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Proposal>, i64), sqlx::Error> {
    let postings = search::postings(query);
    let mut q = db::query_built(postings.sql).bind(component_id);
    for value in postings.binds {
        q = q.bind(value);
    }
    let rows = q.fetch_all(db).await?;
    // proposal → (score, terms found)
    let mut found: HashMap<i64, (i64, i64)> = HashMap::with_capacity(rows.len());
    for row in &rows {
        let entry = found.entry(row.try_get::<i64, _>(0)?).or_default();
        entry.0 += row.try_get::<i64, _>(1)?;
        entry.1 |= row.try_get::<i64, _>(2)?;
    }
    drop(rows);
    let seed = normalize_seed(seed);
    // (score, key, id): the most relevant first, then the random order, then the id.
    let mut ranked: Vec<(i64, i64, i64)> = found
        .into_iter()
        .filter(|(_, (_, terms))| *terms == postings.every_term)
        .map(|(id, (score, _))| (score, search_order_key(id, seed), id))
        .collect();
    let count = ranked.len() as i64;
    let offset = usize::try_from((page.max(1) - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    if offset >= ranked.len() || per_page <= 0 {
        return Ok((Vec::new(), count));
    }
    let end = offset.saturating_add(per_page as usize).min(ranked.len());
    let order = |a: &(i64, i64, i64), b: &(i64, i64, i64)| {
        b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    };
    if end < ranked.len() {
        ranked.select_nth_unstable_by(end, order);
        ranked.truncate(end);
    }
    ranked.sort_unstable_by(order);
    let ids: Vec<i64> = ranked[offset..].iter().map(|(_, _, id)| *id).collect();
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let mut q = db::query_built(format!(
        "SELECT {} FROM proposals p JOIN users u ON u.id = p.author_id WHERE p.id IN ({})",
        proposal_columns!(),
        placeholders.join(", ")
    ));
    for id in &ids {
        q = q.bind(*id);
    }
    let mut proposals = q
        .fetch_all(db)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<Vec<_>, _>>()?;
    proposals.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    Ok((proposals, count))
}

/// Most similar proposals shown before publishing a new one.
pub const SIMILAR_MAX: i64 = 5;

/// Published proposals of the component that share words with `title` and `body` (any of
/// them), the most relevant first: what a participant should read before publishing.
pub async fn similar(
    db: &Db,
    component_id: i64,
    title: &str,
    body: &str,
) -> Result<Vec<Proposal>, sqlx::Error> {
    // The title's words and the body's first ones: enough to recognise a duplicate.
    let mut terms: Vec<String> = crate::platform::search::terms(title);
    terms.extend(crate::platform::search::terms(body).into_iter().take(20));
    terms.sort();
    terms.dedup();
    terms.truncate(24);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let query = Query {
        exact: terms,
        prefix: None,
    };
    let matches = search::matches(&query, Combine::Any, 1, 3, false);
    let sql = format!(
        "SELECT {} FROM proposals p JOIN users u ON u.id = p.author_id
         JOIN ({}) sm ON sm.proposal_id = p.id
         WHERE p.state = 'published'
           AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                           AND m.resource_id = p.id AND m.hidden_at IS NOT NULL)
         ORDER BY sm.score DESC, p.supports_count DESC, p.id DESC LIMIT $2",
        proposal_columns!(),
        matches.sql,
    );
    let mut query = db::query_built(sql).bind(component_id).bind(SIMILAR_MAX);
    for value in matches.binds {
        query = query.bind(value);
    }
    let rows = query.fetch_all(db).await?;
    rows.iter().map(from_row).collect()
}

/// Takes the person's tally row for the component, creating it; the lock is held until the
/// transaction ends, so the same person's supports and proposals are handled one at a time.
async fn lock_person(
    tx: &mut crate::db::WriteTx,
    component_id: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO proposal_support_tallies (component_id, user_id, supports) VALUES ($1, $2, 0)
         ON CONFLICT (component_id, user_id) DO NOTHING",
    )
    .bind(component_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    db::query(
        "UPDATE proposal_support_tallies SET supports = supports
         WHERE component_id = $1 AND user_id = $2",
    )
    .bind(component_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Why a proposal's text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    TitleEmpty,
    TitleTooLong,
    BodyEmpty,
    BodyTooLong,
    AddressTooLong,
}

impl TextProblem {
    /// The form field (and JSON member) it concerns.
    pub fn field(self) -> &'static str {
        match self {
            TextProblem::TitleEmpty | TextProblem::TitleTooLong => "title",
            TextProblem::BodyEmpty | TextProblem::BodyTooLong => "body",
            TextProblem::AddressTooLong => "address",
        }
    }
}

/// Checks a proposal's title, body and address (trimmed), for the pages and the API alike.
pub fn check_text(title: &str, body: &str, address: &str) -> Vec<TextProblem> {
    let mut problems = Vec::new();
    let len = |t: &str| t.trim().chars().count();
    if title.trim().is_empty() {
        problems.push(TextProblem::TitleEmpty);
    } else if len(title) > TITLE_MAX {
        problems.push(TextProblem::TitleTooLong);
    }
    if body.trim().is_empty() {
        problems.push(TextProblem::BodyEmpty);
    } else if len(body) > BODY_MAX {
        problems.push(TextProblem::BodyTooLong);
    }
    if len(address) > ADDRESS_MAX {
        problems.push(TextProblem::AddressTooLong);
    }
    problems
}

/// A new proposal.
pub struct NewProposal<'a> {
    pub component_id: i64,
    pub author_id: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub address: Option<&'a str>,
    /// Most published proposals per person (0: no limit).
    pub limit: i64,
}

/// Creates a proposal and its first version. `None` when the person reached the limit.
pub async fn create(db: &Db, new: NewProposal<'_>) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_person(&mut tx, new.component_id, new.author_id).await?;
    let now = db::now();
    let row = db::query(
        "INSERT INTO proposals (component_id, author_id, title, body, address, created_at, updated_at)
         SELECT $1, $2, $3, $4, $5, $6, $6
         WHERE $7 = 0 OR (SELECT COUNT(*) FROM proposals
                          WHERE component_id = $1 AND author_id = $2 AND state = 'published') < $7
         RETURNING id",
    )
    .bind(new.component_id)
    .bind(new.author_id)
    .bind(new.title)
    .bind(new.body)
    .bind(new.address)
    .bind(now)
    .bind(new.limit)
    .fetch_optional(&mut tx)
    .await?;
    let Some(row) = row else {
        tx.rollback().await?;
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    add_version(&mut tx, id, new.author_id, new.title, new.body, now).await?;
    search::index(
        &mut tx,
        id,
        new.component_id,
        new.title,
        new.body,
        new.address,
    )
    .await?;
    // Authors follow their proposals (they may unfollow), as in Decidim.
    follows::follow(&mut tx, super::KIND, id, new.author_id).await?;
    action_log::append(
        &mut tx,
        Some(new.author_id),
        "proposal-created",
        Subject::of("proposal", id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    db.counts.forget(&counts_prefix(new.component_id));
    Ok(Some(id))
}

pub(super) async fn add_version(
    tx: &mut crate::db::WriteTx,
    proposal_id: i64,
    author_id: i64,
    title: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO proposal_versions (proposal_id, author_id, title, body, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(proposal_id)
    .bind(author_id)
    .bind(title)
    .bind(body)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Saves an edit by its author while it is still allowed (published, created after
/// `editable_since`), keeping a version. False when nothing was changed.
pub async fn update(
    db: &Db,
    proposal: &Proposal,
    author_id: i64,
    title: &str,
    body: &str,
    address: Option<&str>,
    editable_since: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let now = db::now();
    let done = db::query(
        "UPDATE proposals SET title = $1, body = $2, address = $3, updated_at = $4
         WHERE id = $5 AND author_id = $6 AND state = 'published' AND created_at >= $7",
    )
    .bind(title)
    .bind(body)
    .bind(address)
    .bind(now)
    .bind(proposal.id)
    .bind(author_id)
    .bind(editable_since)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    add_version(&mut tx, proposal.id, author_id, title, body, now).await?;
    search::index(
        &mut tx,
        proposal.id,
        proposal.component_id,
        title,
        body,
        address,
    )
    .await?;
    action_log::append(
        &mut tx,
        Some(author_id),
        "proposal-edited",
        Subject::of("proposal", proposal.id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Withdraws a proposal (its author only). False when it was not theirs or already withdrawn.
pub async fn withdraw(db: &Db, proposal_id: i64, author_id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE proposals SET state = 'withdrawn', updated_at = $1
         WHERE id = $2 AND author_id = $3 AND state = 'published'",
    )
    .bind(db::now())
    .bind(proposal_id)
    .bind(author_id)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    search::set_withdrawn(&mut tx, proposal_id).await?;
    action_log::append(
        &mut tx,
        Some(author_id),
        "proposal-withdrawn",
        Subject::of("proposal", proposal_id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    db.counts.forget("proposals:");
    Ok(true)
}

/// An official answer.
pub struct Answer<'a> {
    pub state: &'a str,
    pub custom_state: Option<&'a str>,
    pub text: &'a str,
    pub cost: Option<i64>,
    /// Make it public now (otherwise it stays private until published).
    pub publish: bool,
}

/// Writes the official answer of a proposal of `component_id`. False for another component's.
/// When the answer becomes public, the proposal's followers (not `actor`) are notified, once:
/// the proposal's row is locked first, so two evaluators publishing together notify once.
pub async fn answer(
    db: &Db,
    component_id: i64,
    proposal_id: i64,
    answer: &Answer<'_>,
    actor: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let before = db::query(
        "UPDATE proposals SET answered_at = answered_at WHERE id = $1 AND component_id = $2
         RETURNING answer_published_at, title",
    )
    .bind(proposal_id)
    .bind(component_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(before) = before else {
        tx.rollback().await?;
        return Ok(false);
    };
    let was_public = before
        .try_get::<Option<i64>, _>("answer_published_at")?
        .is_some();
    let title: String = before.try_get("title")?;
    let done = db::query(
        "UPDATE proposals SET answer_state = $1, answer_custom_state = $2, answer_text = $3,
             answer_cost = $4, answered_at = $5,
             answer_published_at = CASE WHEN $6 = 1 THEN COALESCE(answer_published_at, $5) ELSE NULL END
         WHERE id = $7 AND component_id = $8",
    )
    .bind(answer.state)
    .bind(answer.custom_state)
    .bind(answer.text)
    .bind(answer.cost)
    .bind(now)
    .bind(i64::from(answer.publish))
    .bind(proposal_id)
    .bind(component_id)
    .execute(&mut tx)
    .await?;
    if answer.publish && !was_public {
        notify(
            &mut tx,
            Recipients::Followers {
                kind: super::KIND,
                id: proposal_id,
                also: &[],
            },
            actor,
            "notification-proposal-answered",
            &serde_json::json!({ "title": title }),
            &format!("/proposals/{component_id}/{proposal_id}"),
        )
        .await?;
    }
    action_log::append(
        &mut tx,
        actor,
        "proposal-answered",
        Subject::of("proposal", proposal_id),
        if answer.publish {
            Visibility::Public
        } else {
            Visibility::Admins
        },
    )
    .await?;
    tx.commit().await?;
    db.counts.forget(&counts_prefix(component_id));
    Ok(done.rows_affected() == 1)
}

/// One version of a proposal's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub id: i64,
    pub author_name: String,
    pub title: String,
    pub body: String,
    pub created_at: i64,
}

/// Every version of a proposal, oldest first.
pub async fn versions(db: &Db, proposal_id: i64) -> Result<Vec<Version>, sqlx::Error> {
    let rows = db::query(
        "SELECT v.id, u.name AS author_name, v.title, v.body, v.created_at
         FROM proposal_versions v JOIN users u ON u.id = v.author_id
         WHERE v.proposal_id = $1 ORDER BY v.id",
    )
    .bind(proposal_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Version {
                id: r.try_get("id")?,
                author_name: r.try_get("author_name")?,
                title: r.try_get("title")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// What became of a request to support.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SupportOutcome {
    /// Recorded; with the proposal's new count when this support made it go up (not while
    /// the person's supports are pending).
    Supported(Option<i64>),
    AlreadySupported,
    /// The person used all the supports the component allows.
    LimitReached,
    /// The proposal has all the supports it may receive.
    CapReached,
    /// No published proposal with this id in the component.
    NotFound,
}

/// Rules of a support.
#[derive(Clone, Copy, Debug)]
pub struct SupportRules {
    /// Most supports per person in the component (0: unlimited).
    pub limit: i64,
    /// Most supports per proposal (0: unlimited).
    pub cap: i64,
    /// A person's supports count only once they gave this many; until then they are
    /// pending (0 or 1: no minimum).
    pub minimum: i64,
    /// The "successful" threshold, also a supports milestone (0: none).
    pub success_threshold: i64,
    /// Followers hear of milestones (false while counts are hidden).
    pub announce_milestones: bool,
}

async fn has_supported(db: &Db, proposal_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        db::query("SELECT 1 FROM supports WHERE proposal_id = $1 AND user_id = $2")
            .bind(proposal_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// Adds `delta` to the counts of every proposal of the component the person supports
/// (their supports become counted or pending together), and returns their new counts. With a
/// cap, returns `None` when one of them is already at it.
async fn count_all(
    tx: &mut crate::db::WriteTx,
    component_id: i64,
    user_id: i64,
    delta: i64,
    cap: i64,
) -> Result<Option<Vec<(i64, i64)>>, sqlx::Error> {
    let supported: i64 = db::query(
        "SELECT COUNT(*) FROM supports s JOIN proposals p ON p.id = s.proposal_id
         WHERE s.user_id = $1 AND p.component_id = $2",
    )
    .bind(user_id)
    .bind(component_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let changed = db::query(
        "UPDATE proposals SET supports_count = supports_count + $1
         WHERE component_id = $2
           AND id IN (SELECT proposal_id FROM supports WHERE user_id = $3)
           AND ($1 < 0 OR $4 = 0 OR supports_count < $4)
         RETURNING id, supports_count",
    )
    .bind(delta)
    .bind(component_id)
    .bind(user_id)
    .bind(cap)
    .fetch_all(&mut *tx)
    .await?;
    let counts = changed
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<Vec<(i64, i64)>, sqlx::Error>>()?;
    Ok((i64::try_from(counts.len()).unwrap_or(i64::MAX) == supported).then_some(counts))
}

/// Supports a proposal. One transaction: the person's tally row is created, then counted up
/// only while under the limit (this locks it: the same person's other supports wait), then the
/// support is inserted (the unique index refuses a second one), then the proposal's count is
/// raised only while under the cap — or, with a minimum, nothing is counted until the
/// person's supports reach it, and then all of them at once. Any refusal rolls everything back.
pub async fn support(
    db: &Db,
    component_id: i64,
    proposal_id: i64,
    user_id: i64,
    rules: SupportRules,
) -> Result<SupportOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    // The person's tally goes up by one unless it is at the limit: one statement, which
    // creates the tally row at the first support and locks it for the rest of the transaction.
    let tally = db::query(
        "INSERT INTO proposal_support_tallies (component_id, user_id, supports) VALUES ($1, $2, 1)
         ON CONFLICT (component_id, user_id) DO UPDATE
           SET supports = proposal_support_tallies.supports + 1
           WHERE $3 = 0 OR proposal_support_tallies.supports < $3
         RETURNING supports",
    )
    .bind(component_id)
    .bind(user_id)
    .bind(rules.limit)
    .fetch_optional(&mut tx)
    .await?;
    let Some(tally) = tally else {
        tx.rollback().await?;
        return Ok(if has_supported(db, proposal_id, user_id).await? {
            SupportOutcome::AlreadySupported
        } else {
            SupportOutcome::LimitReached
        });
    };
    let tally: i64 = tally.try_get(0)?;
    let inserted = db::query(
        "INSERT INTO supports (proposal_id, user_id, created_at)
         SELECT id, $2, $3 FROM proposals WHERE id = $1 AND component_id = $4 AND state = 'published'
           -- Hidden by moderation: no support, whichever path (page or API) asks.
           AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                           AND m.resource_id = proposals.id AND m.hidden_at IS NOT NULL)
         ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id",
    )
    .bind(proposal_id)
    .bind(user_id)
    .bind(db::now())
    .bind(component_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(inserted) = inserted else {
        tx.rollback().await?;
        return Ok(if has_supported(db, proposal_id, user_id).await? {
            SupportOutcome::AlreadySupported
        } else {
            SupportOutcome::NotFound
        });
    };
    let support_id: i64 = inserted.try_get(0)?;
    // The proposals whose count went up, with their new count.
    let counted: Option<Vec<(i64, i64)>> = if tally < rules.minimum {
        // Pending: nothing counts yet.
        Some(Vec::new())
    } else if tally == rules.minimum && rules.minimum > 1 {
        count_all(&mut tx, component_id, user_id, 1, rules.cap).await?
    } else {
        db::query(
            "UPDATE proposals SET supports_count = supports_count + 1
             WHERE id = $1 AND ($2 = 0 OR supports_count < $2)
             RETURNING supports_count",
        )
        .bind(proposal_id)
        .bind(rules.cap)
        .fetch_optional(&mut tx)
        .await?
        .map(|r| r.try_get::<i64, _>(0))
        .transpose()?
        .map(|count| vec![(proposal_id, count)])
    };
    let Some(counted) = counted else {
        tx.rollback().await?;
        return Ok(SupportOutcome::CapReached);
    };
    let new_count = counted
        .iter()
        .find(|(id, _)| *id == proposal_id)
        .map(|(_, count)| *count);
    if rules.announce_milestones {
        for (id, count) in counted {
            super::social::count_reached(
                &mut tx,
                component_id,
                id,
                count,
                rules.success_threshold,
                user_id,
            )
            .await?;
        }
    }
    action_log::append(
        &mut tx,
        Some(user_id),
        "proposal-supported",
        Subject::of("support", support_id),
        Visibility::Private,
    )
    .await?;
    tx.commit().await?;
    Ok(SupportOutcome::Supported(new_count))
}

/// Withdraws a support (same lock order as [`support`]). When it takes the person below the
/// minimum, their other supports become pending again. False when there was none.
pub async fn unsupport(
    db: &Db,
    component_id: i64,
    proposal_id: i64,
    user_id: i64,
    minimum: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let tally = db::query(
        "UPDATE proposal_support_tallies SET supports = supports - 1
         WHERE component_id = $1 AND user_id = $2 AND supports > 0
         RETURNING supports",
    )
    .bind(component_id)
    .bind(user_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(tally) = tally else {
        tx.rollback().await?;
        return Ok(false);
    };
    // The tally before this withdrawal.
    let before = tally.try_get::<i64, _>(0)? + 1;
    if before == minimum && minimum > 1 {
        // Every support of the person, this one included, stops counting.
        count_all(&mut tx, component_id, user_id, -1, 0).await?;
    }
    let deleted = db::query(
        "DELETE FROM supports WHERE proposal_id = $1 AND user_id = $2
         AND proposal_id IN (SELECT id FROM proposals WHERE component_id = $3) RETURNING id",
    )
    .bind(proposal_id)
    .bind(user_id)
    .bind(component_id)
    .fetch_optional(&mut tx)
    .await?;
    let Some(deleted) = deleted else {
        tx.rollback().await?;
        return Ok(false);
    };
    let support_id: i64 = deleted.try_get(0)?;
    if before > minimum || minimum <= 1 {
        db::query("UPDATE proposals SET supports_count = supports_count - 1 WHERE id = $1")
            .bind(proposal_id)
            .execute(&mut tx)
            .await?;
    }
    action_log::append(
        &mut tx,
        Some(user_id),
        "proposal-support-withdrawn",
        Subject::removed("support", support_id, "proposal", proposal_id),
        Visibility::Private,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The proposals of a component a person supports, among `ids`.
pub async fn supported_among(db: &Db, user_id: i64, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT proposal_id FROM supports WHERE user_id = $1 AND proposal_id IN ({})",
        placeholders.join(", ")
    );
    let mut query = db::query_built(sql).bind(user_id);
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(db).await?;
    rows.iter().map(|r| r.try_get::<i64, _>(0)).collect()
}

/// How many supports a person gave in a component.
pub async fn supports_given(db: &Db, component_id: i64, user_id: i64) -> Result<i64, sqlx::Error> {
    Ok(db::query(
        "SELECT supports FROM proposal_support_tallies WHERE component_id = $1 AND user_id = $2",
    )
    .bind(component_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?
    .map(|r| r.try_get::<i64, _>(0))
    .transpose()?
    .unwrap_or(0))
}

/// True when `user_id` reported the proposal.
pub async fn reported_by(db: &Db, proposal_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "SELECT 1 FROM reports r JOIN moderations m ON m.id = r.moderation_id
         WHERE m.resource_kind = 'proposal' AND m.resource_id = $1 AND r.user_id = $2",
    )
    .bind(proposal_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?
    .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern(" Vélo_50% "), "%vélo\\_50\\%%");
        assert_eq!(like_pattern(""), "%%");
    }

    #[test]
    fn every_shuffle_mixes_even_a_few_small_ids() {
        let ids: Vec<i64> = (1..=40).collect();
        for m in SHUFFLES {
            let mut shuffled = ids.clone();
            shuffled.sort_by_key(|id| (id * m) % SEED_MODULUS);
            let rising = shuffled.windows(2).filter(|w| w[1] == w[0] + 1).count();
            assert!(rising < 5, "multiplier {m}: {shuffled:?}");
        }
        // Nearby seeds start far apart in their shuffle.
        assert!((shuffle_start(42) - shuffle_start(43)).abs() > 1_000_000);
    }

    #[test]
    fn seeds_stay_in_range() {
        for seed in [0, 1, -5, i64::MAX, SEED_MODULUS, SEED_MODULUS - 1] {
            let s = normalize_seed(seed);
            assert!((1..SEED_MODULUS).contains(&s), "{seed} -> {s}");
            assert_eq!(normalize_seed(s), s, "a normalized seed stays the same");
        }
    }
}
