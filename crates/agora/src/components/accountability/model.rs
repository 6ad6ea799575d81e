//! The SQL of the accountability component. Every write is one transaction that first locks
//! the component's row (so two admins' changes to one tree never interleave: the tree checks
//! see what the other committed), checks the tree inside it, writes, and appends to the action
//! log before committing.

use std::collections::{HashMap, HashSet};

use super::import::{self, Change, Existing, LineError, Plan, Problem, StatusRef, Target};
use super::rules::{self, Node, TreeProblem};
use crate::db::{self, Db};
use crate::platform::accounts::User;
use crate::platform::action_log::{self, Subject, Visibility as LogVisibility};
use crate::platform::permissions::{Action, Actor, SpaceFacts, SpaceRole, Visibility, permits};

pub const TITLE_MAX: usize = import::TITLE_MAX;
pub const DESCRIPTION_MAX: usize = import::DESCRIPTION_MAX;
pub const NAME_MAX: usize = 80;

/// A status results can have, defined by the component's admins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub id: i64,
    pub component_id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub progress: Option<i64>,
    pub position: i64,
}

/// A result (what was done of a decision), or a sub-result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub id: i64,
    pub component_id: i64,
    pub parent_id: Option<i64>,
    pub reference: Option<String>,
    pub title: String,
    pub description: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status_id: Option<i64>,
    /// Its own progress (a result with sub-results shows theirs, see `rules::progress`).
    pub progress: i64,
    pub weight: Option<i64>,
    pub project_ids: Vec<i64>,
    pub proposal_ids: Vec<i64>,
    pub updated_at: i64,
}

/// A dated step of a result's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Milestone {
    pub id: i64,
    pub result_id: i64,
    pub happened_on: String,
    pub title: String,
    pub body: String,
}

fn ids_of(text: &str) -> Vec<i64> {
    serde_json::from_str(text).unwrap_or_default()
}

fn ids_text(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

const RESULT_COLUMNS: &str = "id, component_id, parent_id, reference, title, description, starts_on, ends_on, status_id, progress, weight, project_ids, proposal_ids, updated_at";

fn outcome(row: &db::Row) -> Result<Outcome, sqlx::Error> {
    Ok(Outcome {
        id: row.try_get("id")?,
        component_id: row.try_get("component_id")?,
        parent_id: row.try_get("parent_id")?,
        reference: row.try_get("reference")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
        status_id: row.try_get("status_id")?,
        progress: row.try_get("progress")?,
        weight: row.try_get("weight")?,
        project_ids: ids_of(&row.try_get::<String, _>("project_ids")?),
        proposal_ids: ids_of(&row.try_get::<String, _>("proposal_ids")?),
        updated_at: row.try_get("updated_at")?,
    })
}

fn status(row: &db::Row) -> Result<Status, sqlx::Error> {
    Ok(Status {
        id: row.try_get("id")?,
        component_id: row.try_get("component_id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        progress: row.try_get("progress")?,
        position: row.try_get("position")?,
    })
}

fn milestone(row: &db::Row) -> Result<Milestone, sqlx::Error> {
    Ok(Milestone {
        id: row.try_get("id")?,
        result_id: row.try_get("result_id")?,
        happened_on: row.try_get("happened_on")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
    })
}

// ----- reads -----

/// Every result of a component, in creation order.
pub async fn results(
    conn: impl Into<crate::db::Conn<'_>>,
    component_id: i64,
) -> Result<Vec<Outcome>, sqlx::Error> {
    let mut conn = conn.into();
    let sql = format!(
        "SELECT {RESULT_COLUMNS} FROM accountability_results WHERE component_id = $1 ORDER BY id"
    );
    db::query_built(sql)
        .bind(component_id)
        .fetch_all(&mut conn)
        .await?
        .iter()
        .map(outcome)
        .collect()
}

pub async fn all_results(db: &Db, component_id: i64) -> Result<Vec<Outcome>, sqlx::Error> {
    results(db, component_id).await
}

/// A result by id, in whichever component.
pub async fn find_result(db: &Db, id: i64) -> Result<Option<Outcome>, sqlx::Error> {
    let sql = format!("SELECT {RESULT_COLUMNS} FROM accountability_results WHERE id = $1");
    db::query_built(sql)
        .bind(id)
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(outcome)
        .transpose()
}

pub async fn statuses_on(
    conn: impl Into<crate::db::Conn<'_>>,
    component_id: i64,
) -> Result<Vec<Status>, sqlx::Error> {
    let mut conn = conn.into();
    db::query(
        "SELECT id, component_id, code, name, description, progress, position
         FROM accountability_statuses WHERE component_id = $1 ORDER BY position, id",
    )
    .bind(component_id)
    .fetch_all(&mut conn)
    .await?
    .iter()
    .map(status)
    .collect()
}

pub async fn statuses(db: &Db, component_id: i64) -> Result<Vec<Status>, sqlx::Error> {
    statuses_on(db, component_id).await
}

pub async fn milestones(db: &Db, result_id: i64) -> Result<Vec<Milestone>, sqlx::Error> {
    db::query(
        "SELECT id, result_id, happened_on, title, body FROM accountability_milestones
         WHERE result_id = $1 ORDER BY happened_on, id",
    )
    .bind(result_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(milestone)
    .collect()
}

/// The total cost of the budget projects each id names (for weights).
pub async fn project_costs(db: &Db, ids: &[i64]) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let mut out = HashMap::new();
    let unique: Vec<i64> = ids
        .iter()
        .copied()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    for chunk in unique.chunks(500) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, cost FROM budget_projects WHERE id IN ({})",
            placeholders.join(", ")
        );
        let mut query = db::query_built(sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(db).await? {
            out.insert(row.try_get::<i64, _>("id")?, row.try_get("cost")?);
        }
    }
    Ok(out)
}

/// The progress of every result of a component (rounded to whole percents).
pub async fn progress_of(
    db: &Db,
    results: &[Outcome],
    rule: rules::ProgressRule,
) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let costs = if rule == rules::ProgressRule::Weighted {
        let all: Vec<i64> = results
            .iter()
            .flat_map(|r| r.project_ids.iter().copied())
            .collect();
        project_costs(db, &all).await?
    } else {
        HashMap::new()
    };
    let nodes: Vec<Node> = results
        .iter()
        .map(|r| Node {
            id: r.id,
            parent_id: r.parent_id,
            progress: r.progress,
            weight: r.weight,
            cost: r.project_ids.iter().filter_map(|p| costs.get(p)).sum(),
        })
        .collect();
    Ok(rules::progress(&nodes, rule)
        .into_iter()
        .map(|(id, v)| (id, rules::percent(v)))
        .collect())
}

// ----- who sees linked projects and proposals -----

/// A person's roles in an organisation and its spaces, to ask `permits` about any of its spaces.
pub struct Viewer {
    base: Actor,
    space_roles: HashMap<i64, SpaceRole>,
}

impl Viewer {
    pub async fn load(
        db: &Db,
        user: Option<&User>,
        organization_id: i64,
    ) -> Result<Viewer, sqlx::Error> {
        let base = crate::platform::access::actor(db, user, organization_id, None).await?;
        let mut space_roles = HashMap::new();
        if let Some(user) = user {
            for row in db::query(
                "SELECT m.space_id, m.role FROM space_members m JOIN spaces s ON s.id = m.space_id
                 WHERE m.user_id = $1 AND s.organization_id = $2",
            )
            .bind(user.id)
            .bind(organization_id)
            .fetch_all(db)
            .await?
            {
                if let Some(role) = SpaceRole::parse(&row.try_get::<String, _>("role")?) {
                    space_roles.insert(row.try_get::<i64, _>("space_id")?, role);
                }
            }
        }
        Ok(Viewer { base, space_roles })
    }

    fn sees(&self, row: &db::Row) -> Result<bool, sqlx::Error> {
        let space_id: i64 = row.try_get("space_id")?;
        let visibility = Visibility::parse(&row.try_get::<String, _>("visibility")?)
            .unwrap_or(Visibility::Secret);
        let published = row.try_get::<Option<i64>, _>("published_at")?.is_some();
        let actor = Actor {
            space_role: self.space_roles.get(&space_id).copied(),
            ..self.base
        };
        Ok(permits(
            &actor,
            Action::ViewSpace,
            Some(&SpaceFacts {
                visibility,
                published,
                group: None,
            }),
        ))
    }
}

/// A project or proposal a result links to, as shown on its page.
#[derive(Clone, Debug)]
pub struct Linked {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub cost: Option<(i64, String)>,
}

const PROJECT_SQL: &str = "SELECT x.id, x.title, x.cost, b.currency, b.id AS budget_id,
       b.component_id, s.id AS space_id, s.visibility, s.published_at
    FROM budget_projects x JOIN budgets b ON b.id = x.budget_id
    JOIN components c ON c.id = b.component_id JOIN spaces s ON s.id = c.space_id
    WHERE x.id = $1 AND s.organization_id = $2 AND c.published_at IS NOT NULL";

const PROPOSAL_SQL: &str = "SELECT p.id, p.title, p.component_id, s.id AS space_id,
       s.visibility, s.published_at
    FROM proposals p JOIN components c ON c.id = p.component_id JOIN spaces s ON s.id = c.space_id
    WHERE p.id = $1 AND s.organization_id = $2 AND c.published_at IS NOT NULL
      AND p.state = 'published'
      AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.resource_kind = 'proposal'
                      AND m.resource_id = p.id AND m.hidden_at IS NOT NULL)";

/// The projects among `ids` that exist in the organisation and `viewer` may see.
pub async fn linked_projects(
    conn: impl Into<crate::db::Conn<'_>>,
    organization_id: i64,
    ids: &[i64],
    viewer: &Viewer,
) -> Result<Vec<Linked>, sqlx::Error> {
    let mut conn = conn.into();
    let mut out = Vec::new();
    for id in ids {
        let row = db::query(PROJECT_SQL)
            .bind(id)
            .bind(organization_id)
            .fetch_optional(&mut conn)
            .await?;
        if let Some(row) = row.filter(|r| viewer.sees(r).unwrap_or(false)) {
            out.push(Linked {
                id: *id,
                title: row.try_get("title")?,
                url: format!(
                    "/budgets/{}/{}/projects/{id}",
                    row.try_get::<i64, _>("component_id")?,
                    row.try_get::<i64, _>("budget_id")?
                ),
                cost: Some((row.try_get("cost")?, row.try_get("currency")?)),
            });
        }
    }
    Ok(out)
}

/// The proposals among `ids` that exist in the organisation, are not hidden, and `viewer` may see.
pub async fn linked_proposals(
    conn: impl Into<crate::db::Conn<'_>>,
    organization_id: i64,
    ids: &[i64],
    viewer: &Viewer,
) -> Result<Vec<Linked>, sqlx::Error> {
    let mut conn = conn.into();
    let mut out = Vec::new();
    for id in ids {
        let row = db::query(PROPOSAL_SQL)
            .bind(id)
            .bind(organization_id)
            .fetch_optional(&mut conn)
            .await?;
        if let Some(row) = row.filter(|r| viewer.sees(r).unwrap_or(false)) {
            out.push(Linked {
                id: *id,
                title: row.try_get("title")?,
                url: format!("/proposals/{}/{id}", row.try_get::<i64, _>("component_id")?),
                cost: None,
            });
        }
    }
    Ok(out)
}

/// The results that say they came from proposal `proposal_id`, for its page ("see what
/// happened"): in published components of the organisation, in spaces `user` may see.
pub async fn results_from_proposal(
    db: &Db,
    user: Option<&User>,
    organization_id: i64,
    proposal_id: i64,
) -> Result<Vec<Linked>, sqlx::Error> {
    // `proposal_ids` is a JSON array without spaces (`[12,15]`): `,12,15,` contains `,12,`.
    let rows = db::query(
        "SELECT r.id, r.title, r.component_id, s.id AS space_id, s.visibility, s.published_at
         FROM accountability_results r JOIN components c ON c.id = r.component_id
         JOIN spaces s ON s.id = c.space_id
         WHERE s.organization_id = $1 AND c.published_at IS NOT NULL
           AND (',' || substr(r.proposal_ids, 2, length(r.proposal_ids) - 2) || ',')
               LIKE '%' || $2 || '%'
         ORDER BY r.id LIMIT 10",
    )
    .bind(organization_id)
    // The pattern is put together in the SQL: SQLite prepares a statement whose `LIKE`
    // pattern is a bare parameter again on every run (it plans with the value), and this one
    // runs on every proposal page.
    .bind(format!(",{proposal_id},"))
    .fetch_all(db)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let viewer = Viewer::load(db, user, organization_id).await?;
    let mut out = Vec::new();
    for row in rows.iter().filter(|r| viewer.sees(r).unwrap_or(false)) {
        let id: i64 = row.try_get("id")?;
        out.push(Linked {
            id,
            title: row.try_get("title")?,
            url: format!(
                "/accountability/{}/{id}",
                row.try_get::<i64, _>("component_id")?
            ),
            cost: None,
        });
    }
    Ok(out)
}

// ----- writes -----

/// Who writes, for the checks of links and the action log.
pub struct Writer<'a> {
    pub user_id: i64,
    pub organization_id: i64,
    pub viewer: &'a Viewer,
}

/// Takes the component's lock for the rest of the transaction (a row lock on PostgreSQL, the
/// write lock on SQLite).
/// Returns the component's space.
async fn lock_component(
    conn: &mut crate::db::WriteTx,
    component_id: i64,
) -> Result<i64, sqlx::Error> {
    db::query("UPDATE components SET position = position WHERE id = $1 RETURNING space_id")
        .bind(component_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)
}

/// A result as an admin form gives it.
#[derive(Clone, Debug, Default)]
pub struct ResultFields {
    pub parent_id: Option<i64>,
    pub reference: Option<String>,
    pub title: String,
    pub description: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status_id: Option<i64>,
    pub progress: i64,
    pub weight: Option<i64>,
    pub project_ids: Vec<i64>,
    pub proposal_ids: Vec<i64>,
}

/// Why a write was refused (with the ids that make it so).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Tree(TreeProblem),
    UnknownStatus,
    UnknownProject(i64),
    UnknownProposal(i64),
    ReferenceTaken,
    CodeTaken,
}

/// Checks links to projects and proposals: each must exist in the organisation and be visible
/// to the writer.
async fn check_links(
    conn: &mut crate::db::WriteTx,
    writer: &Writer<'_>,
    projects: &[i64],
    proposals: &[i64],
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let found =
        linked_projects(&mut *conn, writer.organization_id, projects, writer.viewer).await?;
    if let Some(missing) = projects
        .iter()
        .find(|id| !found.iter().any(|l| l.id == **id))
    {
        return Ok(Err(Refusal::UnknownProject(*missing)));
    }
    let found =
        linked_proposals(&mut *conn, writer.organization_id, proposals, writer.viewer).await?;
    if let Some(missing) = proposals
        .iter()
        .find(|id| !found.iter().any(|l| l.id == **id))
    {
        return Ok(Err(Refusal::UnknownProposal(*missing)));
    }
    Ok(Ok(()))
}

async fn check_result(
    conn: &mut crate::db::WriteTx,
    component_id: i64,
    writer: &Writer<'_>,
    result_id: Option<i64>,
    fields: &ResultFields,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let existing = results(&mut *conn, component_id).await?;
    let mut parents: HashMap<i64, Option<i64>> =
        existing.iter().map(|r| (r.id, r.parent_id)).collect();
    // A new result is id 0 in the check.
    parents.insert(result_id.unwrap_or(0), fields.parent_id);
    if let Some(parent) = fields.parent_id
        && !existing.iter().any(|r| r.id == parent)
    {
        return Ok(Err(Refusal::Tree(TreeProblem::UnknownParent)));
    }
    if let Err((_, why)) = rules::check_tree(&parents) {
        return Ok(Err(Refusal::Tree(why)));
    }
    if let Some(reference) = &fields.reference
        && existing
            .iter()
            .any(|r| r.reference.as_ref() == Some(reference) && Some(r.id) != result_id)
    {
        return Ok(Err(Refusal::ReferenceTaken));
    }
    if let Some(status_id) = fields.status_id
        && !statuses_on(&mut *conn, component_id)
            .await?
            .iter()
            .any(|s| s.id == status_id)
    {
        return Ok(Err(Refusal::UnknownStatus));
    }
    check_links(conn, writer, &fields.project_ids, &fields.proposal_ids).await
}

async fn log(
    conn: &mut crate::db::WriteTx,
    user_id: i64,
    action: &str,
    subject: Subject,
) -> Result<(), sqlx::Error> {
    action_log::append(conn, Some(user_id), action, subject, LogVisibility::Public).await?;
    Ok(())
}

/// Creates a result; its id, or why not.
pub async fn create_result(
    db: &Db,
    component_id: i64,
    writer: &Writer<'_>,
    fields: &ResultFields,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    if let Err(refusal) = check_result(&mut tx, component_id, writer, None, fields).await? {
        tx.rollback().await?;
        return Ok(Err(refusal));
    }
    let id = insert_result(&mut tx, component_id, fields).await?;
    log(
        &mut tx,
        writer.user_id,
        "result-created",
        Subject::of("accountability_result", id),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

async fn insert_result(
    conn: &mut crate::db::WriteTx,
    component_id: i64,
    f: &ResultFields,
) -> Result<i64, sqlx::Error> {
    let now = db::now();
    db::query(
        "INSERT INTO accountability_results (component_id, parent_id, reference, title, description,
             starts_on, ends_on, status_id, progress, weight, project_ids, proposal_ids,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(component_id)
    .bind(f.parent_id)
    .bind(f.reference.as_deref())
    .bind(&f.title)
    .bind(&f.description)
    .bind(f.starts_on.as_deref())
    .bind(f.ends_on.as_deref())
    .bind(f.status_id)
    .bind(f.progress)
    .bind(f.weight)
    .bind(ids_text(&f.project_ids))
    .bind(ids_text(&f.proposal_ids))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

async fn write_result(
    conn: &mut crate::db::WriteTx,
    component_id: i64,
    id: i64,
    f: &ResultFields,
) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "UPDATE accountability_results SET parent_id = $1, reference = $2, title = $3,
             description = $4, starts_on = $5, ends_on = $6, status_id = $7, progress = $8,
             weight = $9, project_ids = $10, proposal_ids = $11, updated_at = $12
         WHERE id = $13 AND component_id = $14",
    )
    .bind(f.parent_id)
    .bind(f.reference.as_deref())
    .bind(&f.title)
    .bind(&f.description)
    .bind(f.starts_on.as_deref())
    .bind(f.ends_on.as_deref())
    .bind(f.status_id)
    .bind(f.progress)
    .bind(f.weight)
    .bind(ids_text(&f.project_ids))
    .bind(ids_text(&f.proposal_ids))
    .bind(db::now())
    .bind(id)
    .bind(component_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// Saves a result. `Ok(Ok(false))`: no such result in the component.
pub async fn update_result(
    db: &Db,
    component_id: i64,
    writer: &Writer<'_>,
    id: i64,
    fields: &ResultFields,
) -> Result<Result<bool, Refusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    if let Err(refusal) = check_result(&mut tx, component_id, writer, Some(id), fields).await? {
        tx.rollback().await?;
        return Ok(Err(refusal));
    }
    if !write_result(&mut tx, component_id, id, fields).await? {
        tx.rollback().await?;
        return Ok(Ok(false));
    }
    log(
        &mut tx,
        writer.user_id,
        "result-updated",
        Subject::of("accountability_result", id),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(true))
}

/// Deletes a result with its sub-results and milestones (each removal logged).
pub async fn delete_result(
    db: &Db,
    component_id: i64,
    user_id: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let space_id = lock_component(&mut tx, component_id).await?;
    let existing = results(&mut tx, component_id).await?;
    if !existing.iter().any(|r| r.id == id) {
        tx.rollback().await?;
        return Ok(false);
    }
    let parents: HashMap<i64, Option<i64>> = existing.iter().map(|r| (r.id, r.parent_id)).collect();
    let mut gone: Vec<i64> = rules::subtree(&parents, id).into_iter().collect();
    gone.sort_unstable();
    for rid in &gone {
        let subject = Subject::removed("accountability_result", *rid, "space", space_id);
        log(&mut tx, user_id, "result-deleted", subject).await?;
    }
    db::query("DELETE FROM accountability_results WHERE id = $1 AND component_id = $2")
        .bind(id)
        .bind(component_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

// ----- statuses -----

#[derive(Clone, Debug, Default)]
pub struct StatusFields {
    pub code: String,
    pub name: String,
    pub description: String,
    pub progress: Option<i64>,
}

pub async fn create_status(
    db: &Db,
    component_id: i64,
    user_id: i64,
    f: &StatusFields,
) -> Result<Result<i64, Refusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    if statuses_on(&mut tx, component_id)
        .await?
        .iter()
        .any(|s| s.code == f.code)
    {
        tx.rollback().await?;
        return Ok(Err(Refusal::CodeTaken));
    }
    let id: i64 = db::query(
        "INSERT INTO accountability_statuses (component_id, code, name, description, progress,
             position, created_at)
         VALUES ($1, $2, $3, $4, $5,
             (SELECT COALESCE(MAX(position), 0) + 1 FROM accountability_statuses WHERE component_id = $1),
             $6) RETURNING id",
    )
    .bind(component_id)
    .bind(&f.code)
    .bind(&f.name)
    .bind(&f.description)
    .bind(f.progress)
    .bind(db::now())
    .fetch_one(&mut tx)
    .await?
    .try_get(0)?;
    log(
        &mut tx,
        user_id,
        "result-status-created",
        Subject::of("accountability_status", id),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

pub async fn update_status(
    db: &Db,
    component_id: i64,
    user_id: i64,
    id: i64,
    f: &StatusFields,
) -> Result<Result<bool, Refusal>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    if statuses_on(&mut tx, component_id)
        .await?
        .iter()
        .any(|s| s.code == f.code && s.id != id)
    {
        tx.rollback().await?;
        return Ok(Err(Refusal::CodeTaken));
    }
    let done = db::query(
        "UPDATE accountability_statuses SET code = $1, name = $2, description = $3, progress = $4
         WHERE id = $5 AND component_id = $6",
    )
    .bind(&f.code)
    .bind(&f.name)
    .bind(&f.description)
    .bind(f.progress)
    .bind(id)
    .bind(component_id)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if !done {
        tx.rollback().await?;
        return Ok(Ok(false));
    }
    log(
        &mut tx,
        user_id,
        "result-status-updated",
        Subject::of("accountability_status", id),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(true))
}

/// Deletes a status; its results keep their progress and lose the status.
pub async fn delete_status(
    db: &Db,
    component_id: i64,
    user_id: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let space_id = lock_component(&mut tx, component_id).await?;
    let subject = Subject::removed("accountability_status", id, "space", space_id);
    let done = db::query("DELETE FROM accountability_statuses WHERE id = $1 AND component_id = $2")
        .bind(id)
        .bind(component_id)
        .execute(&mut tx)
        .await?
        .rows_affected()
        == 1;
    if !done {
        tx.rollback().await?;
        return Ok(false);
    }
    log(&mut tx, user_id, "result-status-deleted", subject).await?;
    tx.commit().await?;
    Ok(true)
}

// ----- milestones -----

#[derive(Clone, Debug, Default)]
pub struct MilestoneFields {
    pub happened_on: String,
    pub title: String,
    pub body: String,
}

pub async fn create_milestone(
    db: &Db,
    component_id: i64,
    user_id: i64,
    result_id: i64,
    f: &MilestoneFields,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    let id: Option<i64> = db::query(
        "INSERT INTO accountability_milestones (result_id, happened_on, title, body, created_at)
         SELECT r.id, $1, $2, $3, $4 FROM accountability_results r
         WHERE r.id = $5 AND r.component_id = $6 RETURNING id",
    )
    .bind(&f.happened_on)
    .bind(&f.title)
    .bind(&f.body)
    .bind(db::now())
    .bind(result_id)
    .bind(component_id)
    .fetch_optional(&mut tx)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    let Some(id) = id else {
        tx.rollback().await?;
        return Ok(None);
    };
    log(
        &mut tx,
        user_id,
        "result-milestone-created",
        Subject::of("accountability_milestone", id),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

pub async fn find_milestone(
    db: &Db,
    result_id: i64,
    id: i64,
) -> Result<Option<Milestone>, sqlx::Error> {
    db::query(
        "SELECT id, result_id, happened_on, title, body FROM accountability_milestones
         WHERE id = $1 AND result_id = $2",
    )
    .bind(id)
    .bind(result_id)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(milestone)
    .transpose()
}

pub async fn update_milestone(
    db: &Db,
    component_id: i64,
    user_id: i64,
    result_id: i64,
    id: i64,
    f: &MilestoneFields,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    let done = db::query(
        "UPDATE accountability_milestones SET happened_on = $1, title = $2, body = $3
         WHERE id = $4 AND result_id = $5
           AND result_id IN (SELECT id FROM accountability_results WHERE component_id = $6)",
    )
    .bind(&f.happened_on)
    .bind(&f.title)
    .bind(&f.body)
    .bind(id)
    .bind(result_id)
    .bind(component_id)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if !done {
        tx.rollback().await?;
        return Ok(false);
    }
    log(
        &mut tx,
        user_id,
        "result-milestone-updated",
        Subject::of("accountability_milestone", id),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn delete_milestone(
    db: &Db,
    component_id: i64,
    user_id: i64,
    result_id: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    let done = db::query(
        "DELETE FROM accountability_milestones WHERE id = $1 AND result_id = $2
           AND result_id IN (SELECT id FROM accountability_results WHERE component_id = $3)",
    )
    .bind(id)
    .bind(result_id)
    .bind(component_id)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if !done {
        tx.rollback().await?;
        return Ok(false);
    }
    let subject = Subject::removed(
        "accountability_milestone",
        id,
        "accountability_result",
        result_id,
    );
    log(&mut tx, user_id, "result-milestone-deleted", subject).await?;
    tx.commit().await?;
    Ok(true)
}

// ----- CSV import -----

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
}

/// Imports a parsed CSV file: in one transaction under the component's lock, checks every row
/// against what exists (and every linked project and proposal), then applies all of it — or,
/// when any line is wrong, nothing.
pub async fn import(
    db: &Db,
    component_id: i64,
    writer: &Writer<'_>,
    table: &import::Table,
) -> Result<Result<Imported, Vec<LineError>>, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_component(&mut tx, component_id).await?;
    let existing = results(&mut tx, component_id).await?;
    let statuses: Vec<StatusRef> = statuses_on(&mut tx, component_id)
        .await?
        .into_iter()
        .map(|s| StatusRef {
            id: s.id,
            code: s.code,
            progress: s.progress,
        })
        .collect();
    let shapes: Vec<Existing> = existing
        .iter()
        .map(|r| Existing {
            id: r.id,
            reference: r.reference.clone(),
            parent_id: r.parent_id,
            starts_on: r.starts_on.clone(),
            ends_on: r.ends_on.clone(),
        })
        .collect();
    let plan = match import::plan(table, &shapes, &statuses) {
        Ok(plan) => plan,
        Err(errors) => {
            tx.rollback().await?;
            return Ok(Err(errors));
        }
    };
    let errors = check_import_links(&mut tx, writer, &plan).await?;
    if !errors.is_empty() {
        tx.rollback().await?;
        return Ok(Err(errors));
    }
    let by_id: HashMap<i64, &Outcome> = existing.iter().map(|r| (r.id, r)).collect();
    let mut new_ids: HashMap<usize, i64> = HashMap::new();
    let new_changes: HashMap<usize, &Change> = plan
        .changes
        .iter()
        .filter_map(|c| match c.target {
            Some(Target::New(n)) => Some((n, c)),
            _ => None,
        })
        .collect();
    let mut done = Imported::default();
    for n in plan.creation_order() {
        let c = new_changes[&n];
        let parent_id = match c.parent {
            Some(Target::Existing(id)) => Some(id),
            Some(Target::New(p)) => new_ids.get(&p).copied(),
            None => None,
        };
        let fields = merged(None, c, parent_id);
        let id = insert_result(&mut tx, component_id, &fields).await?;
        new_ids.insert(n, id);
        log(
            &mut tx,
            writer.user_id,
            "result-imported",
            Subject::of("accountability_result", id),
        )
        .await?;
        done.created += 1;
    }
    for c in &plan.changes {
        let Some(Target::Existing(id)) = c.target else {
            continue;
        };
        let parent_id = match c.parent {
            Some(Target::Existing(p)) => Some(p),
            Some(Target::New(p)) => new_ids.get(&p).copied(),
            None => by_id[&id].parent_id,
        };
        let fields = merged(Some(by_id[&id]), c, parent_id);
        write_result(&mut tx, component_id, id, &fields).await?;
        log(
            &mut tx,
            writer.user_id,
            "result-imported",
            Subject::of("accountability_result", id),
        )
        .await?;
        done.updated += 1;
    }
    tx.commit().await?;
    Ok(Ok(done))
}

/// A row's change over the result as it is (or the defaults, for a new one).
fn merged(old: Option<&Outcome>, c: &Change, parent_id: Option<i64>) -> ResultFields {
    let old = old
        .cloned()
        .map_or_else(ResultFields::default, |o| ResultFields {
            parent_id: o.parent_id,
            reference: o.reference,
            title: o.title,
            description: o.description,
            starts_on: o.starts_on,
            ends_on: o.ends_on,
            status_id: o.status_id,
            progress: o.progress,
            weight: o.weight,
            project_ids: o.project_ids,
            proposal_ids: o.proposal_ids,
        });
    ResultFields {
        parent_id,
        reference: c.reference.clone().or(old.reference),
        title: c.title.clone().unwrap_or(old.title),
        description: c.description.clone().unwrap_or(old.description),
        starts_on: c.starts_on.clone().or(old.starts_on),
        ends_on: c.ends_on.clone().or(old.ends_on),
        status_id: c.status_id.or(old.status_id),
        progress: c.progress.unwrap_or(old.progress),
        weight: c.weight.or(old.weight),
        project_ids: c.project_ids.clone().unwrap_or(old.project_ids),
        proposal_ids: c.proposal_ids.clone().unwrap_or(old.proposal_ids),
    }
}

async fn check_import_links(
    conn: &mut crate::db::WriteTx,
    writer: &Writer<'_>,
    plan: &Plan,
) -> Result<Vec<LineError>, sqlx::Error> {
    let (projects, proposals) = plan.links();
    let mut errors = Vec::new();
    let mut known: HashMap<(bool, i64), bool> = HashMap::new();
    for (is_project, (line, id)) in projects
        .into_iter()
        .map(|l| (true, l))
        .chain(proposals.into_iter().map(|l| (false, l)))
    {
        let ok = match known.get(&(is_project, id)) {
            Some(ok) => *ok,
            None => {
                let found = if is_project {
                    linked_projects(&mut *conn, writer.organization_id, &[id], writer.viewer)
                        .await?
                } else {
                    linked_proposals(&mut *conn, writer.organization_id, &[id], writer.viewer)
                        .await?
                };
                known.insert((is_project, id), !found.is_empty());
                !found.is_empty()
            }
        };
        if !ok {
            errors.push(LineError {
                line,
                problem: if is_project {
                    Problem::UnknownProject(id)
                } else {
                    Problem::UnknownProposal(id)
                },
            });
            if errors.len() >= 20 {
                break;
            }
        }
    }
    errors.sort_by_key(|e| e.line);
    Ok(errors)
}
