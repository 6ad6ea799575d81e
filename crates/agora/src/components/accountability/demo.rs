//! Demo content: the follow-up of a participatory process — statuses, a few results with
//! sub-results and milestones, linked to the demo's budget projects and proposals when found.

use serde_json::json;
use sqlx::Row;

use super::create_component;
use crate::db::{self, Db};

/// (parent index, title, description, status index, progress, start, end, projects, proposals)
type DemoResult = (
    Option<usize>,
    &'static str,
    &'static str,
    usize,
    i64,
    &'static str,
    &'static str,
    String,
    String,
);

/// Adds an accountability component to `space_id`; links results to the organisation's first
/// budget projects and proposals (the demo's), whatever their ids.
pub async fn load(
    db: &Db,
    organization_id: i64,
    space_id: i64,
) -> Result<(), Box<dyn std::error::Error>> {
    let cid = create_component(
        db,
        space_id,
        "Suivi des projets",
        json!({"progress": "weighted"}).as_object().expect("object"),
    )
    .await
    .map_err(|e| e.to_string())?;
    let now = db::now();
    let mut status_ids = Vec::new();
    for (i, (code, name, progress)) in [
        ("planned", "Prévu", 0),
        ("in-progress", "En cours", 50),
        ("done", "Terminé", 100),
    ]
    .into_iter()
    .enumerate()
    {
        let id: i64 = sqlx::query(
            "INSERT INTO accountability_statuses (component_id, code, name, progress, position, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(cid)
        .bind(code)
        .bind(name)
        .bind(progress)
        .bind(i as i64 + 1)
        .bind(now)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
        status_ids.push(id);
    }
    let first_ids = |sql: &'static str| async move {
        sqlx::query(sql)
            .bind(organization_id)
            .fetch_all(&db.pool)
            .await
            .map(|rows| {
                rows.iter()
                    .filter_map(|r| r.try_get::<i64, _>(0).ok())
                    .collect::<Vec<i64>>()
            })
    };
    let projects = first_ids(
        "SELECT x.id FROM budget_projects x JOIN budgets b ON b.id = x.budget_id
         JOIN components c ON c.id = b.component_id JOIN spaces s ON s.id = c.space_id
         WHERE s.organization_id = $1 AND s.visibility = 'public' ORDER BY x.id LIMIT 3",
    )
    .await?;
    let proposals = first_ids(
        "SELECT p.id FROM proposals p JOIN components c ON c.id = p.component_id
         JOIN spaces s ON s.id = c.space_id
         WHERE s.organization_id = $1 AND s.visibility = 'public' ORDER BY p.id LIMIT 2",
    )
    .await?;
    let ids = |v: &[i64]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let results: [DemoResult; 5] = [
        (
            None,
            "Une forêt urbaine place Carnot",
            "Planter **300 arbres** d’essences locales sur l’ancien parking, avec les écoles du quartier.",
            1,
            0,
            "2027-02-01",
            "2027-11-30",
            ids(&projects[..projects.len().min(1)]),
            ids(&proposals[..proposals.len().min(1)]),
        ),
        (
            Some(0),
            "Désimperméabilisation du parking",
            "Retrait de l’enrobé et apport de terre végétale.",
            2,
            100,
            "2027-02-01",
            "2027-04-15",
            "[]".into(),
            "[]".into(),
        ),
        (
            Some(0),
            "Plantations avec les écoles",
            "Trois matinées de plantation avec les classes de CM1 et CM2.",
            1,
            40,
            "2027-10-15",
            "2027-11-30",
            "[]".into(),
            "[]".into(),
        ),
        (
            None,
            "Pistes cyclables protégées rue Voltaire",
            "Séparer les vélos des voitures sur 1,2 km.",
            0,
            0,
            "2027-06-01",
            "2028-03-31",
            ids(projects.get(1..2).unwrap_or(&[])),
            ids(proposals.get(1..2).unwrap_or(&[])),
        ),
        (
            None,
            "Une boîte à livres dans chaque quartier",
            "Douze boîtes à livres fabriquées par les lycées professionnels.",
            2,
            100,
            "2027-01-15",
            "2027-05-30",
            ids(projects.get(2..3).unwrap_or(&[])),
            "[]".into(),
        ),
    ];
    let mut result_ids: Vec<i64> = Vec::new();
    for (parent, title, description, status, progress, start, end, projects, proposals) in results {
        let id: i64 = sqlx::query(
            "INSERT INTO accountability_results (component_id, parent_id, title, description,
                 starts_on, ends_on, status_id, progress, project_ids, proposal_ids, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(cid)
        .bind(parent.map(|p| result_ids[p]))
        .bind(title)
        .bind(description)
        .bind(start)
        .bind(end)
        .bind(status_ids[status])
        .bind(progress)
        .bind(projects)
        .bind(proposals)
        .bind(now)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
        result_ids.push(id);
    }
    for (result, date, title, body) in [
        (
            0,
            "2027-02-01",
            "Début des travaux",
            "Le chantier est ouvert : retrait de l’enrobé.",
        ),
        (
            0,
            "2027-04-15",
            "Sol prêt",
            "La terre végétale est en place ; les plantations auront lieu à l’automne.",
        ),
        (
            0,
            "2027-10-20",
            "Premières plantations",
            "**120 arbres** plantés avec deux écoles.",
        ),
        (
            4,
            "2027-05-30",
            "Boîtes installées",
            "Les douze boîtes sont en place, une par quartier.",
        ),
    ] {
        sqlx::query(
            "INSERT INTO accountability_milestones (result_id, happened_on, title, body, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(result_ids[result])
        .bind(date)
        .bind(title)
        .bind(body)
        .bind(now)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}
