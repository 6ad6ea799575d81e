//! The export itself: one query per CSV file, its rows streamed from the database through
//! the CSV encoder into the ZIP writer ([`ZipSink`]), a chunk at a time. No table is ever held
//! in memory; polls and budgets are counted one at a time (memory bounded by the largest
//! single poll or budget, as on its result page).

use std::collections::BTreeMap;
use std::path::Path;

use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::recount;
use super::schema::{self, FileSpec};
use super::zip_sink::ZipSink;
use super::{ExportError, License};
use crate::components::budgets::{model as budget_model, results as budget_results};
use crate::components::polls::model as poll_model;
use crate::components::polls::rules::Status;
use crate::components::store;
use crate::db::{self, Db};
use crate::platform::csv::push_record;
use crate::platform::organizations::Organization;
use crate::platform::permissions::{Action, Actor, permits};
use crate::platform::{action_log, spaces};

/// Bytes of CSV gathered before they go to the ZIP writer.
pub const CHUNK: usize = 64 * 1024;

/// What one export wrote, for the command's summary.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Rows per CSV file, in archive order.
    pub rows: Vec<(&'static str, u64)>,
    pub recount_files: usize,
}

/// The ISO 8601 UTC form of a Unix time ("" for none).
pub fn iso(t: Option<i64>) -> String {
    t.and_then(|t| jiff::Timestamp::from_second(t).ok())
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// `1, 2, 3` for an SQL `IN (...)`: the ids come from the database as integers, so the text
/// holds nothing but digits, commas and minus signs. `NULL` for none (matches nothing).
fn in_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        "NULL".into()
    } else {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Rows are hidden by moderation when their `moderations` row has `hidden_at`.
fn not_hidden(kind: &str, id_column: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = '{kind}'
            AND m.resource_id = {id_column} AND m.hidden_at IS NOT NULL)"
    )
}

/// The public display name of an author joined as `u` (empty once the account is deleted).
const AUTHOR: &str = "CASE WHEN u.id IS NULL OR u.deleted_at IS NOT NULL THEN '' ELSE u.name END";

/// One CSV file being written.
struct Table<'a> {
    sink: &'a ZipSink,
    name: &'static str,
    columns: usize,
    buf: Vec<u8>,
    rows: u64,
}

impl<'a> Table<'a> {
    async fn open(sink: &'a ZipSink, spec: &FileSpec) -> Result<Table<'a>, ExportError> {
        sink.start_file(spec.name).await?;
        let mut buf = Vec::with_capacity(CHUNK + 4096);
        let header: Vec<&str> = spec.columns.iter().map(|(n, _)| *n).collect();
        push_record(&mut buf, &header);
        Ok(Table {
            sink,
            name: spec.name,
            columns: spec.columns.len(),
            buf,
            rows: 0,
        })
    }

    async fn row(&mut self, fields: &[String]) -> Result<(), ExportError> {
        debug_assert_eq!(fields.len(), self.columns, "{}", self.name);
        push_record(&mut self.buf, fields);
        self.rows += 1;
        if self.buf.len() >= CHUNK {
            let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 4096));
            self.sink.write(full).await?;
        }
        Ok(())
    }

    async fn close(self, summary: &mut Summary) -> Result<(), ExportError> {
        summary.rows.push((self.name, self.rows));
        self.sink.write(self.buf).await?;
        Ok(())
    }
}

/// Streams the rows of `sql` into `spec`'s file, each row turned into fields by `fields`.
async fn stream(
    db: &Db,
    sink: &ZipSink,
    summary: &mut Summary,
    spec: &FileSpec,
    sql: String,
    bind: i64,
    fields: impl Fn(&AnyRow) -> Result<Vec<String>, sqlx::Error>,
) -> Result<(), ExportError> {
    let mut table = Table::open(sink, spec).await?;
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(bind)
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await? {
        table.row(&fields(&row)?).await?;
    }
    drop(rows);
    table.close(summary).await
}

fn s(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    row.try_get::<String, _>(column)
}
fn os(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    Ok(row
        .try_get::<Option<String>, _>(column)?
        .unwrap_or_default())
}
fn n(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    Ok(row.try_get::<i64, _>(column)?.to_string())
}
fn on(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    Ok(opt(row.try_get::<Option<i64>, _>(column)?))
}
fn t(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    Ok(iso(row.try_get::<Option<i64>, _>(column)?))
}

/// What anyone may see of the organisation: the spaces, and their published components by kind.
struct Visible {
    spaces: Vec<i64>,
    components: Vec<i64>,
    by_kind: BTreeMap<String, Vec<i64>>,
}

impl Visible {
    fn of(&self, kind: &str) -> String {
        in_list(self.by_kind.get(kind).map(Vec::as_slice).unwrap_or(&[]))
    }
}

async fn visible(db: &Db, org: &Organization) -> Result<Visible, sqlx::Error> {
    let mut out = Visible {
        spaces: Vec::new(),
        components: Vec::new(),
        by_kind: BTreeMap::new(),
    };
    for space in spaces::list_for_organization(db, org.id).await? {
        // The permission function decides, for someone who is not signed in.
        if !permits(&Actor::ANONYMOUS, Action::ViewSpace, Some(&space.facts())) {
            continue;
        }
        for component in store::list_published(db, space.id).await? {
            out.components.push(component.id);
            out.by_kind
                .entry(component.kind.clone())
                .or_default()
                .push(component.id);
        }
        out.spaces.push(space.id);
    }
    Ok(out)
}

/// Writes the open data of `org` to a ZIP file at `path` (created or replaced).
pub async fn write_zip(
    db: &Db,
    org: &Organization,
    license: License,
    path: &Path,
) -> Result<Summary, ExportError> {
    let sink = ZipSink::create(path)?;
    let result = write_all(db, org, license, &sink).await;
    // The writer thread's own error (disk full...) explains a failed write best.
    let finished = sink.finish().await;
    let summary = result?;
    finished?;
    Ok(summary)
}

async fn write_all(
    db: &Db,
    org: &Organization,
    license: License,
    sink: &ZipSink,
) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    let now = db::now();
    let exported_at = iso(Some(now));
    let vis = visible(db, org).await?;
    let spaces = in_list(&vis.spaces);

    sink.start_file("README.md").await?;
    sink.write(schema::readme(&org.name, &org.slug, &license, &exported_at).into_bytes())
        .await?;
    sink.start_file("LICENSE").await?;
    sink.write(license.text(&org.name).into_bytes()).await?;

    stream(
        db,
        sink,
        &mut summary,
        &schema::SPACES,
        format!(
            "SELECT id, kind, slug, title, description, visibility, active_phase_id, published_at,
                    created_at
             FROM spaces WHERE organization_id = $1 AND id IN ({spaces}) ORDER BY position, id"
        ),
        org.id,
        |r| {
            Ok(vec![
                n(r, "id")?,
                s(r, "kind")?,
                s(r, "slug")?,
                s(r, "title")?,
                s(r, "description")?,
                s(r, "visibility")?,
                on(r, "active_phase_id")?,
                t(r, "published_at")?,
                t(r, "created_at")?,
            ])
        },
    )
    .await?;

    stream(
        db,
        sink,
        &mut summary,
        &schema::PHASES,
        format!(
            "SELECT p.id, p.space_id, p.position, p.title, p.description, p.starts_on, p.ends_on,
                    CAST(CASE WHEN s.active_phase_id = p.id THEN 1 ELSE 0 END AS BIGINT) AS active
             FROM phases p JOIN spaces s ON s.id = p.space_id
             WHERE s.organization_id = $1 AND p.space_id IN ({spaces})
             ORDER BY p.space_id, p.position"
        ),
        org.id,
        |r| {
            Ok(vec![
                n(r, "id")?,
                n(r, "space_id")?,
                n(r, "position")?,
                s(r, "title")?,
                s(r, "description")?,
                os(r, "starts_on")?,
                os(r, "ends_on")?,
                n(r, "active")?,
            ])
        },
    )
    .await?;

    stream(
        db,
        sink,
        &mut summary,
        &schema::COMPONENTS,
        format!(
            "SELECT c.id, c.space_id, c.kind, c.title, c.position
             FROM components c JOIN spaces s ON s.id = c.space_id
             WHERE s.organization_id = $1 AND c.id IN ({})
             ORDER BY c.space_id, c.position, c.id",
            in_list(&vis.components)
        ),
        org.id,
        |r| {
            let kind = s(r, "kind")?;
            let id: i64 = r.try_get("id")?;
            let url = crate::components::manifest(&kind)
                .map(|m| format!("/{}/{id}", m.path))
                .unwrap_or_default();
            Ok(vec![
                id.to_string(),
                n(r, "space_id")?,
                kind,
                s(r, "title")?,
                n(r, "position")?,
                url,
            ])
        },
    )
    .await?;

    stream(
        db,
        sink,
        &mut summary,
        &schema::PROPOSALS,
        format!(
            "SELECT p.id, p.component_id, c.space_id, p.title, p.body, p.address, {AUTHOR} AS author_name,
                    p.state, p.answer_state, p.answer_custom_state, p.answer_text, p.answer_cost,
                    p.answer_published_at, p.supports_count, p.endorsements_count,
                    p.comments_count, p.created_at, p.updated_at
             FROM proposals p JOIN components c ON c.id = p.component_id
                  JOIN spaces s ON s.id = c.space_id
                  LEFT JOIN users u ON u.id = p.author_id
             WHERE s.organization_id = $1 AND p.component_id IN ({})
               AND {}
             ORDER BY p.id",
            vis.of("proposals"),
            not_hidden("proposal", "p.id")
        ),
        org.id,
        |r| {
            let published = r.try_get::<Option<i64>, _>("answer_published_at")?.is_some();
            let answer = |column: &str| -> Result<String, sqlx::Error> {
                if published { os(r, column) } else { Ok(String::new()) }
            };
            let id: i64 = r.try_get("id")?;
            let cid: i64 = r.try_get("component_id")?;
            Ok(vec![
                id.to_string(),
                cid.to_string(),
                n(r, "space_id")?,
                s(r, "title")?,
                s(r, "body")?,
                os(r, "address")?,
                s(r, "author_name")?,
                s(r, "state")?,
                answer("answer_state")?,
                answer("answer_custom_state")?,
                answer("answer_text")?,
                if published { on(r, "answer_cost")? } else { String::new() },
                t(r, "answer_published_at")?,
                n(r, "supports_count")?,
                n(r, "endorsements_count")?,
                n(r, "comments_count")?,
                t(r, "created_at")?,
                t(r, "updated_at")?,
                format!("/proposals/{cid}/{id}"),
            ])
        },
    )
    .await?;

    stream(
        db,
        sink,
        &mut summary,
        &schema::THREADS,
        format!(
            "SELECT x.id, x.component_id, x.title, x.context, {AUTHOR} AS author_name, x.closed_at,
                    x.comments_count, x.created_at
             FROM threads x JOIN components c ON c.id = x.component_id
                  JOIN spaces s ON s.id = c.space_id
                  LEFT JOIN users u ON u.id = x.author_id
             WHERE s.organization_id = $1 AND x.component_id IN ({}) AND {}
             ORDER BY x.id",
            vis.of("threads"),
            not_hidden("thread", "x.id")
        ),
        org.id,
        |r| {
            Ok(vec![
                n(r, "id")?,
                n(r, "component_id")?,
                s(r, "title")?,
                s(r, "context")?,
                s(r, "author_name")?,
                t(r, "closed_at")?,
                n(r, "comments_count")?,
                t(r, "created_at")?,
            ])
        },
    )
    .await?;

    stream(
        db,
        sink,
        &mut summary,
        &schema::COMMENTS,
        format!(
            "SELECT x.id, x.resource_kind, x.resource_id, x.space_id, x.parent_id, x.depth,
                    {AUTHOR} AS author_name, x.body, x.alignment, x.up_votes, x.down_votes,
                    x.created_at, x.edited_at
             FROM comments x JOIN spaces s ON s.id = x.space_id
                  LEFT JOIN users u ON u.id = x.author_id
             WHERE s.organization_id = $1 AND x.space_id IN ({spaces}) AND x.deleted_at IS NULL
               AND {}
               AND ((x.resource_kind = 'proposal' AND EXISTS (SELECT 1 FROM proposals p
                        WHERE p.id = x.resource_id AND p.component_id IN ({}) AND {}))
                 OR (x.resource_kind = 'thread' AND EXISTS (SELECT 1 FROM threads th
                        WHERE th.id = x.resource_id AND th.component_id IN ({}) AND {}))
                 OR (x.resource_kind = 'page' AND x.resource_id IN ({})))
             ORDER BY x.id",
            not_hidden("comment", "x.id"),
            vis.of("proposals"),
            not_hidden("proposal", "p.id"),
            vis.of("threads"),
            not_hidden("thread", "th.id"),
            vis.of("page"),
        ),
        org.id,
        |r| {
            Ok(vec![
                n(r, "id")?,
                s(r, "resource_kind")?,
                n(r, "resource_id")?,
                n(r, "space_id")?,
                on(r, "parent_id")?,
                n(r, "depth")?,
                s(r, "author_name")?,
                s(r, "body")?,
                n(r, "alignment")?,
                n(r, "up_votes")?,
                n(r, "down_votes")?,
                t(r, "created_at")?,
                t(r, "edited_at")?,
            ])
        },
    )
    .await?;

    polls(db, sink, &mut summary, &vis, now).await?;
    budgets(db, sink, &mut summary, &vis).await?;

    stream(
        db,
        sink,
        &mut summary,
        &schema::MODERATION_LOG,
        format!(
            "SELECT l.id, l.space_id, l.action, l.actor_role, l.reason, l.created_at,
                    CASE WHEN l.action IN ('block', 'unblock') THEN NULL ELSE m.resource_kind END
                        AS resource_kind,
                    CASE WHEN l.action IN ('block', 'unblock') THEN NULL ELSE m.resource_id END
                        AS resource_id
             FROM moderation_log l JOIN spaces s ON s.id = l.space_id
                  LEFT JOIN moderations m ON m.id = l.moderation_id
             WHERE s.organization_id = $1 AND l.space_id IN ({spaces})
             ORDER BY l.id"
        ),
        org.id,
        |r| {
            Ok(vec![
                n(r, "id")?,
                n(r, "space_id")?,
                s(r, "action")?,
                s(r, "actor_role")?,
                s(r, "reason")?,
                os(r, "resource_kind")?,
                on(r, "resource_id")?,
                t(r, "created_at")?,
            ])
        },
    )
    .await?;

    // The head is read before the entries: every entry of the file is at or before it.
    let head = action_log::head(db).await?;
    stream(
        db,
        sink,
        &mut summary,
        &schema::ACTION_LOG,
        format!(
            "SELECT l.seq, l.created_at, l.action, {AUTHOR} AS actor_name, l.subject_kind,
                    l.subject_id, l.space_id, l.link, l.prev_hash, l.hash, l.content_hash
             FROM action_log l LEFT JOIN users u ON u.id = l.actor_id
             WHERE l.organization_id = $1 AND l.visibility = 'public' AND l.seq <= {}
               AND (l.space_id IS NULL OR l.space_id IN ({spaces}))
             ORDER BY l.seq",
            head.length
        ),
        org.id,
        |r| {
            Ok(vec![
                n(r, "seq")?,
                t(r, "created_at")?,
                s(r, "action")?,
                s(r, "actor_name")?,
                s(r, "subject_kind")?,
                n(r, "subject_id")?,
                on(r, "space_id")?,
                s(r, "link")?,
                s(r, "prev_hash")?,
                s(r, "hash")?,
                s(r, "content_hash")?,
            ])
        },
    )
    .await?;

    let mut table = Table::open(sink, &schema::CHAIN_HEAD).await?;
    table
        .row(&[head.length.to_string(), head.hash, exported_at])
        .await?;
    table.close(&mut summary).await?;
    Ok(summary)
}

/// A closed poll's published count, kept for the CSV files after its recount file is written.
struct PollCount {
    ballots: u64,
    values: Vec<(i64, i64)>,
    winner: Option<i64>,
    tie_broken: bool,
    proposal_outcome: String,
    names: Vec<(i64, String)>,
    file: Option<String>,
    /// Quorum and pass threshold: the same verdict as the poll's page.
    verdict: Option<crate::components::polls::rules::Verdict>,
}

async fn polls(
    db: &Db,
    sink: &ZipSink,
    summary: &mut Summary,
    vis: &Visible,
    now: i64,
) -> Result<(), ExportError> {
    // The ids of the opened polls (a number per poll, not the table).
    let ids: Vec<i64> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM polls WHERE component_id IN ({}) AND opened_at IS NOT NULL ORDER BY id",
        vis.of("polls")
    )))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;

    // First the recount files, one closed poll at a time; their counts stay for the CSVs.
    let mut counts: BTreeMap<i64, PollCount> = BTreeMap::new();
    let mut closed: Vec<i64> = Vec::new();
    for &id in &ids {
        let Some(poll) = poll_model::find(db, id).await? else {
            continue;
        };
        if Status::of(poll.opened_at, poll.closed_at, poll.closes_at, now) != Status::Closed {
            continue;
        }
        closed.push(id);
        let options = poll_model::options(db, id).await?;
        let ballots = poll_model::ballots(db, id).await?;
        let count = poll_model::count(&poll, &options, &ballots);
        let file = recount::poll_file(&poll, &options, ballots.iter().map(|b| &b.ballot));
        let names = recount::option_names(&poll, &options);
        // Only polls with a quorum or a threshold need their eligible voters counted.
        let verdict = if poll.quorum_percent.is_some() || poll.pass_percent.is_some() {
            // The page's number: for a closed poll, the one kept at closing.
            let eligible = crate::components::polls::voters::turnout_for(db, &poll, 0)
                .await?
                .map(|t| t.eligible);
            poll_model::verdict(
                &poll,
                &options,
                count.as_ref(),
                ballots.len() as u64,
                eligible,
            )
        } else {
            None
        };
        let path = match &file {
            Some(json) => {
                let path = format!("recount/poll-{id}.json");
                sink.start_file(&path).await?;
                sink.write(json.clone().into_bytes()).await?;
                summary.recount_files += 1;
                Some(path)
            }
            None => None,
        };
        let proposal_outcome = count
            .as_ref()
            .and_then(|c| c.details.as_ref())
            .filter(|_| poll.poll_type == "proposal")
            .and_then(|d| d.get("outcome"))
            .and_then(|o| o.get("kind").or(Some(o)))
            .and_then(|o| o.as_str())
            .unwrap_or_default()
            .to_string();
        counts.insert(
            id,
            PollCount {
                ballots: ballots.len() as u64,
                values: match &count {
                    Some(c) => options
                        .iter()
                        .map(|o| o.id)
                        .zip(c.values.iter().copied())
                        .collect(),
                    None => Vec::new(),
                },
                winner: count
                    .as_ref()
                    .and_then(|c| c.winner)
                    .and_then(|i| options.get(i))
                    .map(|o| o.id),
                tie_broken: count.as_ref().is_some_and(|c| c.tie_broken),
                proposal_outcome,
                names: options.iter().map(|o| o.id).zip(names).collect(),
                file: path,
                verdict,
            },
        );
    }

    let list = in_list(&ids);
    let closed_list = in_list(&closed);
    let polls_sql = format!(
        "SELECT p.id, p.component_id, c.space_id, p.poll_type, p.method, p.title, p.details,
                {AUTHOR} AS author_name, p.anonymous, p.opened_at, p.closed_at, p.closes_at,
                p.outcome_text, p.outcome_option_id, p.quorum_percent, p.pass_percent, p.pass_base
         FROM polls p JOIN components c ON c.id = p.component_id
              LEFT JOIN users u ON u.id = p.author_id
         WHERE p.id IN ({list}) AND p.id > $1 ORDER BY p.id"
    );
    stream(db, sink, summary, &schema::POLLS, polls_sql, 0, |r| {
        let id: i64 = r.try_get("id")?;
        let count = counts.get(&id);
        let verdict = count.and_then(|c| c.verdict.as_ref());
        let flag = |b: Option<bool>| b.map_or(String::new(), |b| if b { "1" } else { "0" }.into());
        let end = r
            .try_get::<Option<i64>, _>("closed_at")?
            .or(r.try_get::<Option<i64>, _>("closes_at")?);
        Ok(vec![
            id.to_string(),
            n(r, "component_id")?,
            n(r, "space_id")?,
            s(r, "poll_type")?,
            s(r, "method")?,
            s(r, "title")?,
            s(r, "details")?,
            s(r, "author_name")?,
            n(r, "anonymous")?,
            if count.is_some() { "closed" } else { "open" }.to_string(),
            t(r, "opened_at")?,
            iso(end),
            opt(count.map(|c| c.ballots)),
            opt(count.and_then(|c| c.winner)),
            if count.is_some_and(|c| c.tie_broken) {
                "1"
            } else {
                "0"
            }
            .to_string(),
            count
                .map(|c| c.proposal_outcome.clone())
                .unwrap_or_default(),
            if count.is_some() {
                os(r, "outcome_text")?
            } else {
                String::new()
            },
            if count.is_some() {
                on(r, "outcome_option_id")?
            } else {
                String::new()
            },
            count.and_then(|c| c.file.clone()).unwrap_or_default(),
            on(r, "quorum_percent")?,
            on(r, "pass_percent")?,
            s(r, "pass_base")?,
            opt(verdict.and_then(|v| v.eligible)),
            flag(verdict.and_then(|v| v.quorum_met)),
            flag(verdict.and_then(|v| v.passed)),
        ])
    })
    .await?;

    stream(
        db,
        sink,
        summary,
        &schema::POLL_OPTIONS,
        format!(
            "SELECT id, poll_id, position, title, code FROM poll_options
             WHERE poll_id IN ({list}) AND poll_id > $1 ORDER BY poll_id, position, id"
        ),
        0,
        |r| {
            let id: i64 = r.try_get("id")?;
            let poll_id: i64 = r.try_get("poll_id")?;
            let name = counts
                .get(&poll_id)
                .and_then(|c| c.names.iter().find(|(o, _)| *o == id))
                .map(|(_, name)| name.clone())
                .unwrap_or_default();
            Ok(vec![
                id.to_string(),
                poll_id.to_string(),
                n(r, "position")?,
                s(r, "title")?,
                os(r, "code")?,
                name,
            ])
        },
    )
    .await?;

    let mut table = Table::open(sink, &schema::POLL_RESULTS).await?;
    for (poll_id, count) in &counts {
        for (option_id, value) in &count.values {
            table
                .row(&[
                    poll_id.to_string(),
                    option_id.to_string(),
                    value.to_string(),
                    if count.winner == Some(*option_id) {
                        "1"
                    } else {
                        "0"
                    }
                    .to_string(),
                ])
                .await?;
        }
    }
    table.close(summary).await?;

    // Ballots: sorted by content within each poll, never by id or time; no voter column read.
    let mut table = Table::open(sink, &schema::POLL_BALLOTS).await?;
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT poll_id, receipt_hash, content, reason FROM poll_ballots
         WHERE poll_id IN ({closed_list}) AND poll_id > $1
         ORDER BY poll_id, content, receipt_hash"
    )))
    .bind(0i64)
    .fetch(&db.pool);
    let mut current = (0i64, 0u64);
    while let Some(r) = rows.try_next().await? {
        let poll_id: i64 = r.try_get("poll_id")?;
        if current.0 != poll_id {
            current = (poll_id, 0);
        }
        current.1 += 1;
        table
            .row(&[
                poll_id.to_string(),
                current.1.to_string(),
                s(&r, "receipt_hash")?,
                s(&r, "content")?,
                os(&r, "reason")?,
            ])
            .await?;
    }
    drop(rows);
    table.close(summary).await
}

async fn budgets(
    db: &Db,
    sink: &ZipSink,
    summary: &mut Summary,
    vis: &Visible,
) -> Result<(), ExportError> {
    let ids: Vec<i64> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM budgets WHERE component_id IN ({}) ORDER BY id",
        vis.of("budgets")
    )))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;

    // Budgets with a published result: their Pabulib file, as the budget's public export.
    let mut published: BTreeMap<i64, budget_results::Published> = BTreeMap::new();
    for &id in &ids {
        let Some(result) = budget_results::published(db, id).await? else {
            continue;
        };
        let Some(budget) = budget_model::find_budget(db, id).await? else {
            continue;
        };
        let projects = budget_model::projects(db, id).await?;
        // Online, imported and paper votes: the very ballots the published result counted.
        let tally = budget_results::Tally::load(db, id).await?;
        let file = budget_results::pabulib_file(
            &budget,
            &projects,
            &tally,
            Some((&result.rule, result.threshold)),
        );
        sink.start_file(&format!("recount/budget-{id}.pb")).await?;
        sink.write(budget_results::pabulib_text(&file).into_bytes())
            .await?;
        summary.recount_files += 1;
        published.insert(id, result);
    }

    let list = in_list(&ids);
    stream(
        db,
        sink,
        summary,
        &schema::BUDGETS,
        format!(
            "SELECT b.id, b.component_id, c.space_id, b.title, b.description, b.total, b.currency,
                    b.rule, b.min_percent, b.min_projects, b.max_projects, b.points
             FROM budgets b JOIN components c ON c.id = b.component_id
             WHERE b.id IN ({list}) AND b.id > $1 ORDER BY b.id"
        ),
        0,
        |r| {
            let id: i64 = r.try_get("id")?;
            let result = published.get(&id);
            Ok(vec![
                id.to_string(),
                n(r, "component_id")?,
                n(r, "space_id")?,
                s(r, "title")?,
                s(r, "description")?,
                n(r, "total")?,
                s(r, "currency")?,
                s(r, "rule")?,
                n(r, "min_percent")?,
                n(r, "min_projects")?,
                n(r, "max_projects")?,
                n(r, "points")?,
                result.map(|p| p.rule.clone()).unwrap_or_default(),
                opt(result.and_then(|p| p.threshold)),
                opt(result.map(|p| p.total_cost)),
                opt(result.map(|p| p.voters)),
                iso(result.map(|p| p.published_at)),
                result
                    .map(|_| format!("recount/budget-{id}.pb"))
                    .unwrap_or_default(),
            ])
        },
    )
    .await?;

    stream(
        db,
        sink,
        summary,
        &schema::BUDGET_PROJECTS,
        format!(
            "SELECT id, budget_id, title, description, cost, category, district, proposal_ids
             FROM budget_projects WHERE budget_id IN ({list}) AND budget_id > $1
             ORDER BY budget_id, id"
        ),
        0,
        |r| {
            let ids: Vec<i64> = serde_json::from_str(&s(r, "proposal_ids")?).unwrap_or_default();
            Ok(vec![
                n(r, "id")?,
                n(r, "budget_id")?,
                s(r, "title")?,
                s(r, "description")?,
                n(r, "cost")?,
                os(r, "category")?,
                os(r, "district")?,
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" "),
            ])
        },
    )
    .await?;

    let mut table = Table::open(sink, &schema::BUDGET_RESULTS).await?;
    for (budget_id, result) in &published {
        let projects = budget_model::projects(db, *budget_id).await?;
        for (rank, project_id) in result.selected.iter().enumerate() {
            let cost = projects
                .iter()
                .find(|p| p.id == *project_id)
                .map(|p| p.cost);
            table
                .row(&[
                    budget_id.to_string(),
                    (rank + 1).to_string(),
                    project_id.to_string(),
                    opt(cost),
                ])
                .await?;
        }
    }
    table.close(summary).await?;

    // The same anonymous numbering as the Pabulib file (`results::pabulib_file`): ballots sorted
    // by their (project, value) lines, numbered from 1.
    let mut table = Table::open(sink, &schema::BUDGET_BALLOTS).await?;
    for budget_id in published.keys() {
        let mut ballots = budget_model::cast_ballots(db, *budget_id).await?;
        ballots.sort_by_key(|lines| {
            lines
                .iter()
                .map(|l| (l.project_id, l.value))
                .collect::<Vec<_>>()
        });
        for (voter, lines) in (1u64..).zip(&ballots) {
            for line in lines {
                table
                    .row(&[
                        budget_id.to_string(),
                        voter.to_string(),
                        line.project_id.to_string(),
                        line.value.to_string(),
                    ])
                    .await?;
            }
        }
    }
    table.close(summary).await
}
