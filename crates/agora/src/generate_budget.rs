//! `agora generate budget --pb FILE`: a real participatory-budgeting election (a Pabulib file)
//! loaded as a budget in its voting phase, with one voter per ballot of the file, for the
//! ballot benchmark (bench/budgets/ and docs/PERFORMANCE.md).
//!
//! The file's projects become the budget's projects, in file order; its rule follows the file's
//! `vote_type` (approval with `max_length`: choose between `min_length` and `max_length`
//! projects; approval without: within the budget; cumulative: points; ordinal: ranking). The
//! votes are not loaded: each becomes a voter (an account with an API token, census-verified
//! when asked) and the ballot that voter is to send through the HTTP API — the benchmark casts
//! them, so what is measured is the real ballot flow.
//!
//! Like `generate madrid`, the frame goes through the normal functions and the bulk rows
//! (people, tokens, census entries) are multi-row `INSERT`s with explicit ids in one transaction
//! per table, with one shared password hash.

use std::time::Instant;

use agora_tally::pabulib::{self, PbFile};
use serde_json::{Value, json};

use crate::components::budgets::model::{self, BudgetFields, ProjectFields};
use crate::components::budgets::rules::{Rule, RuleKind};
use crate::components::budgets::{self, MANIFEST};
use crate::db::bulk::{Inserter, lit};
use crate::db::{self, Db};
use crate::generate::{EPOCH, next_id};
use crate::i18n::Locale;
use crate::platform::permissions::Visibility;
use crate::platform::spaces::{self, NewSpace, SpaceKind};
use crate::platform::{organizations, secrets};

/// The password of every generated voter.
pub const PASSWORD: &str = "pabulib-2026";

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The organisation's slug (refused when it exists).
    pub org: String,
    /// The component asks for a census verification, and every voter has one.
    pub census: bool,
    /// Secret ballots.
    pub secret: bool,
}

/// What was generated.
#[derive(Clone, Debug)]
pub struct Summary {
    pub organization_id: i64,
    pub space_id: i64,
    pub component_id: i64,
    pub budget_id: i64,
    /// The budget's project ids, in the file's project order.
    pub project_ids: Vec<i64>,
    /// One per vote of the file, in file order: the voter's `Bearer` token and the JSON body
    /// of their `PUT /api/v1/budgets/{id}/ballot`.
    pub voters: Vec<(String, String)>,
    pub rule: Rule,
    /// Seconds per step.
    pub timings: Vec<(&'static str, f64)>,
}

/// The budget rule a file's META describes.
pub fn rule_of(file: &PbFile) -> Result<Rule, String> {
    let number = |key: &str| -> Result<Option<i64>, String> {
        file.meta_get(key)
            .map(|v| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| format!("META {key} is not a whole number: {v:?}"))
            })
            .transpose()
    };
    let projects = i64::try_from(file.projects.len()).unwrap_or(i64::MAX);
    let mut rule = Rule {
        kind: RuleKind::Approval,
        min_percent: 0,
        min_projects: 0,
        max_projects: 0,
        points: 0,
    };
    match file
        .meta_get("vote_type")
        .map(str::trim)
        .unwrap_or("approval")
    {
        "approval" => {
            if let Some(max) = number("max_length")? {
                rule.kind = RuleKind::Choose;
                rule.max_projects = max;
                rule.min_projects = number("min_length")?.unwrap_or(1);
            }
        }
        "cumulative" => {
            rule.kind = RuleKind::Points;
            rule.points =
                number("max_sum_points")?.ok_or("a cumulative file needs META max_sum_points")?;
        }
        "ordinal" => {
            rule.kind = RuleKind::Ranking;
            rule.points = number("max_length")?.unwrap_or(projects);
        }
        other => return Err(format!("vote_type {other:?} is not supported")),
    }
    Ok(rule)
}

/// The `PUT` body of one vote, with the budget's project ids.
fn ballot_body(kind: RuleKind, vote: &pabulib::Vote, ids: &[i64]) -> String {
    let projects = vote
        .ballot
        .iter()
        .filter_map(|&i| ids.get(usize::try_from(i).ok()?).copied());
    let value = match kind {
        RuleKind::Approval | RuleKind::Choose => {
            json!({ "projects": projects.collect::<Vec<_>>() })
        }
        RuleKind::Ranking => json!({ "ranking": projects.collect::<Vec<_>>() }),
        RuleKind::Points => {
            let points = vote.points.clone().unwrap_or_default();
            let map: serde_json::Map<String, Value> = projects
                .zip(points.into_iter().chain(std::iter::repeat(1)))
                .map(|(id, n)| (id.to_string(), Value::from(n)))
                .collect();
            json!({ "points": map })
        }
    };
    value.to_string()
}

/// Loads `text` (a Pabulib file). Refuses a broken file, an unsupported one, or an existing
/// organisation slug, before writing anything.
pub async fn budget(
    db: &Db,
    text: &str,
    options: &Options,
) -> Result<Summary, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut timings = Vec::new();
    let mut step = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((name, step.elapsed().as_secs_f64()));
        step = Instant::now();
    };
    let file = pabulib::parse(text).map_err(|e| format!("line {}: {}", e.line, e.message))?;
    let rule = rule_of(&file)?;
    let total = file
        .meta_get("budget")
        .and_then(|b| b.trim().parse::<pabulib::Decimal>().ok())
        .and_then(|b| b.to_integer())
        .ok_or("META budget is missing or not a whole amount")?;
    let currency = file
        .meta_get("currency")
        .map(|c| c.trim().to_uppercase())
        .unwrap_or_else(|| "EUR".into());
    let mut costs = Vec::with_capacity(file.projects.len());
    for p in &file.projects {
        costs.push(
            p.cost
                .to_integer()
                .ok_or_else(|| format!("the cost of project {} is not a whole amount", p.id))?,
        );
    }
    if organizations::find_by_slug(db, &options.org)
        .await?
        .is_some()
    {
        return Err(format!(
            "an organisation {:?} exists already: use another --org or an empty database",
            options.org
        )
        .into());
    }
    let title = file
        .meta_get("description")
        .unwrap_or("Participatory budget")
        .trim()
        .to_string();

    // The frame, through the normal functions.
    let org = organizations::create(
        db,
        &options.org,
        &title,
        "Generated from a Pabulib file, for benchmarks.",
        Locale::En,
    )
    .await?;
    let space = spaces::create(
        db,
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug: "budget",
            title: &title,
            description: "A past election replayed.",
            visibility: Visibility::Public,
            published: true,
        },
    )
    .await?;
    let phase = spaces::add_phase(db, space.id, "Voting", "", None, None).await?;
    spaces::activate_phase(db, space.id, phase.id).await?;
    let component_id = budgets::create_component(
        db,
        space.id,
        "Budget",
        json!({"workflow": "all", "census": options.census})
            .as_object()
            .expect("object"),
    )
    .await
    .map_err(|e| e.to_string())?;
    let phase_settings = crate::components::validate(
        MANIFEST.phase_settings,
        json!({"voting": "open"}).as_object().expect("object"),
    )?;
    crate::components::store::set_phase_settings(db, component_id, phase.id, &phase_settings)
        .await?;
    let budget_id = model::create_budget(
        db,
        component_id,
        &BudgetFields {
            title: &title,
            description: "",
            total,
            currency: &currency,
            district: "",
            secret_ballots: options.secret,
            rule,
        },
    )
    .await?;
    // The project's columns other than the known ones are in `extra`, in header order.
    let category_column = file
        .project_columns
        .iter()
        .filter(|c| {
            !["project_id", "cost", "votes", "score", "name", "selected"].contains(&c.trim())
        })
        .position(|c| c.trim() == "category");
    let mut project_ids = Vec::with_capacity(file.projects.len());
    for (p, cost) in file.projects.iter().zip(&costs) {
        let name = p
            .name
            .clone()
            .unwrap_or_else(|| format!("Project {}", p.id));
        let category = category_column
            .and_then(|i| p.extra.get(i))
            .map(|c| c.trim());
        project_ids.push(
            model::create_project(
                db,
                budget_id,
                &ProjectFields {
                    title: name.trim(),
                    description: "",
                    cost: *cost,
                    category: category.filter(|c| !c.is_empty()),
                    district: None,
                    proposal_ids: &[],
                },
            )
            .await?,
        );
    }
    lap("frame", &mut timings);

    let n = file.votes.len();
    let user0 = next_id(db, "users").await?;
    let hash = lit(&secrets::hash_password(PASSWORD));
    let slug = &options.org;
    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO users (id, email, name, password_hash, locale, confirmed_at, accepted_terms_at, created_at) VALUES ",
        );
        for i in 0..n {
            let at = EPOCH + i as i64;
            ins.row(format_args!(
                "{},{},'Voter {i}',{hash},'en',{at},{at},{at}",
                user0 + i as i64,
                lit(&format!("voter{i}@{slug}.test")),
            ))
            .await?;
        }
        ins.flush().await?;
    }
    tx.commit().await?;
    db::sync_id_sequence(db, "users").await?;
    lap("voters", &mut timings);

    let mut voters = Vec::with_capacity(n);
    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ",
        );
        for (i, vote) in file.votes.iter().enumerate() {
            let token = format!("agora_{}", secrets::new_token());
            ins.row(format_args!(
                "{},{},'bench',{EPOCH}",
                lit(&secrets::token_hash(&token)),
                user0 + i as i64
            ))
            .await?;
            voters.push((token, ballot_body(rule.kind, vote, &project_ids)));
        }
        ins.flush().await?;
    }
    tx.commit().await?;
    lap("tokens", &mut timings);

    if options.census {
        let mut tx = db.begin().await?;
        {
            let mut ins = Inserter::new(
                &mut tx,
                "INSERT INTO census_entries (organization_id, census_key, birth_date, district, user_id, verified_at, created_at) VALUES ",
            );
            for i in 0..n {
                ins.row(format_args!(
                    "{},'V{i}','1980-01-01','',{},{EPOCH},{EPOCH}",
                    org.id,
                    user0 + i as i64
                ))
                .await?;
            }
            ins.flush().await?;
        }
        tx.commit().await?;
        lap("census", &mut timings);
    }
    timings.push(("total", started.elapsed().as_secs_f64()));
    Ok(Summary {
        organization_id: org.id,
        space_id: space.id,
        component_id,
        budget_id,
        project_ids,
        voters,
        rule,
        timings,
    })
}
