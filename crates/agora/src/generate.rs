//! `agora generate madrid`: a deterministic organisation at the scale of Decide Madrid, for
//! benchmarks (see bench/madrid/ and docs/PERFORMANCE.md).
//!
//! At scale 1: 500,000 people, one public participatory process whose proposals component takes
//! supports, 30,000 proposals, 250,000 comments (one proposal with exactly 10,000, one with
//! exactly 1,000, nested replies), and 1,700,000 supports. Every counter is consistent with the
//! rows: `supports_count` and `comments_count` of each proposal, each person's support tally.
//!
//! It lives in the binary (a hidden subcommand) rather than in a cargo example so that the
//! benchmark drives the very binary it measures, on any database URL the binary accepts, and so
//! that the integration tests call it as a library function and it cannot rot.
//!
//! The organisation, space, phase and component go through the normal functions. The bulk rows
//! do not: they are written as multi-row `INSERT`s (1,000 rows each) with explicit ids inside one
//! transaction per table, every value computed in memory first (no read-back, no per-row round
//! trip), and every person shares one password hash (argon2 runs once).

use std::time::Instant;

use serde_json::json;

use crate::db::bulk::{Inserter, lit};
use crate::db::{self, Db};
use crate::i18n::Locale;
use crate::platform::action_log::{self, bulk::Described};
use crate::platform::permissions::Visibility;
use crate::platform::spaces::{self, NewSpace, SpaceKind};
use crate::platform::{organizations, secrets};

/// The password of every generated person.
pub const PASSWORD: &str = "madrid-2026";
/// The slug of the generated organisation.
pub const ORG_SLUG: &str = "madrid";
/// Timestamps start here (2026-01-01), so that the same seed gives the same rows on any day.
pub(crate) const EPOCH: i64 = 1_767_225_600;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub seed: u64,
    /// 1.0: Madrid. The counts are multiplied by it (at least one of each).
    pub scale: f64,
    /// API tokens to create for the first people (for the supports benchmark).
    pub tokens: usize,
}

/// What was generated: ids the benchmarks need.
#[derive(Clone, Debug)]
pub struct Summary {
    pub organization_id: i64,
    pub space_id: i64,
    pub component_id: i64,
    pub users: usize,
    pub proposals: usize,
    pub comments: usize,
    pub supports: usize,
    /// The proposal with exactly 10,000 comments (scaled).
    pub big_thread_proposal: i64,
    pub big_thread_comments: usize,
    /// The proposal with exactly 1,000 comments (scaled).
    pub thread_proposal: i64,
    pub thread_comments: usize,
    /// `Bearer` tokens of the first people, in order.
    pub tokens: Vec<String>,
    /// Seconds per step.
    pub timings: Vec<(&'static str, f64)>,
}

/// Deterministic pseudo-random numbers (SplitMix64): the same seed gives the same rows.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A rank in `0..n`, small ranks far likelier (popular proposals get most supports).
    fn skewed(&mut self, n: usize) -> usize {
        ((n as f64) * self.unit().powi(3)) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Leo", "Julia", "Daniel", "Paula", "Pablo",
    "Valeria", "Álvaro", "Carmen", "Manuel", "Elena", "Javier", "Aitana", "Marcos", "Noa",
    "Adrián", "Irene", "Diego", "Alba", "Mario",
];
const LAST: &[&str] = &[
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
];
const ACTIONS: &[&str] = &[
    "Crear",
    "Renovar",
    "Ampliar",
    "Instalar",
    "Mejorar",
    "Peatonalizar",
    "Abrir",
    "Arreglar",
];
const THINGS: &[&str] = &[
    "un carril bici",
    "un huerto urbano",
    "una biblioteca de barrio",
    "bancos y fuentes",
    "un parque infantil",
    "aparcamientos para bicicletas",
    "una pista de baloncesto",
    "un centro de mayores",
    "aseos públicos",
    "una escuela de música",
    "árboles y sombra",
    "un mercado de productores",
];
const PLACES: &[&str] = &[
    "en Lavapiés",
    "en Carabanchel",
    "en Vallecas",
    "en Chamberí",
    "en Tetuán",
    "en Usera",
    "en el Retiro",
    "en Moncloa",
    "junto al río",
    "en Latina",
    "en Hortaleza",
    "en Arganzuela",
];
const SENTENCES: &[&str] = &[
    "Los vecinos y vecinas llevan años pidiéndolo.",
    "Mejoraría la seguridad de niños y mayores.",
    "El espacio está hoy abandonado.",
    "Reduciría el calor en verano.",
    "Daría vida al barrio por las tardes.",
    "Lo propuso la asociación vecinal.",
    "Es barato y se puede hacer en pocos meses.",
];
const REMARKS: &[&str] = &[
    "Totalmente de acuerdo.",
    "¿Cuánto costaría?",
    "En mi calle hace mucha falta.",
    "No estoy convencida, hay otras prioridades.",
    "Gran idea, la apoyo.",
    "Habría que hablar con el distrito.",
    "¿Y el mantenimiento?",
    "Gracias por proponerlo.",
];

fn scaled(n: usize, scale: f64) -> usize {
    ((n as f64 * scale).round() as usize).max(1)
}

pub(crate) async fn next_id(db: &Db, table: &str) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
    db::query_built(sql).fetch_one(db).await?.try_get(0)
}

/// One generated comment, before it is written.
struct GenComment {
    parent: Option<usize>,
    root: Option<usize>,
    depth: i64,
}

/// Generates the organisation. Refuses when an organisation `madrid` exists already.
pub async fn madrid(db: &Db, options: &Options) -> Result<Summary, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut timings = Vec::new();
    let mut step = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((name, step.elapsed().as_secs_f64()));
        step = Instant::now();
    };
    if organizations::find_by_slug(db, ORG_SLUG).await?.is_some() {
        return Err(
            format!("an organisation {ORG_SLUG:?} exists already: use an empty database").into(),
        );
    }
    let scale = options.scale;
    let n_users = scaled(500_000, scale);
    let n_proposals = scaled(30_000, scale).max(3);
    let n_supports = scaled(1_700_000, scale).min(n_users * n_proposals);
    let big = scaled(10_000, scale);
    let medium = scaled(1_000, scale);
    let n_comments = scaled(250_000, scale).max(big + medium);
    let mut rng = Rng(options.seed);
    let now = EPOCH;

    // The frame, through the normal functions.
    let org = organizations::create(
        db,
        ORG_SLUG,
        "Decide Madrid",
        "Generated at the scale of Decide Madrid, for benchmarks.",
        Locale::Es,
    )
    .await?;
    let space = spaces::create(
        db,
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug: "presupuestos-participativos",
            title: "Presupuestos participativos",
            description: "Propuestas ciudadanas y apoyos.",
            visibility: Visibility::Public,
            published: true,
        },
    )
    .await?;
    let phase = spaces::add_phase(db, space.id, "Apoyos", "", None, None).await?;
    spaces::activate_phase(db, space.id, phase.id).await?;
    use crate::components::proposals::{self, MANIFEST};
    let settings =
        json!({"support_limit": 0, "success_threshold": 5000, "default_order": "random"});
    let component_id = proposals::create_component(
        db,
        space.id,
        "Propuestas",
        settings.as_object().expect("object"),
    )
    .await
    .map_err(|e| e.to_string())?;
    let phase_settings = crate::components::validate(
        MANIFEST.phase_settings,
        json!({"creation_enabled": true, "supports": "enabled"})
            .as_object()
            .expect("object"),
    )?;
    crate::components::store::set_phase_settings(db, component_id, phase.id, &phase_settings)
        .await?;

    // Everything is computed before anything is written: counters come from the rows.
    let user0 = next_id(db, "users").await?;
    let proposal0 = next_id(db, "proposals").await?;
    let comment0 = next_id(db, "comments").await?;
    let support0 = next_id(db, "supports").await?;
    // Popularity rank -> proposal index: popular proposals are spread over the ids.
    let mut by_rank: Vec<usize> = (0..n_proposals).collect();
    for i in (1..n_proposals).rev() {
        by_rank.swap(i, rng.below(i + 1));
    }
    let authors: Vec<usize> = (0..n_proposals).map(|_| rng.below(n_users)).collect();

    // Supports: a few per person, distinct proposals, popular ones likelier; exactly n_supports.
    let mut supports: Vec<(u32, u32)> = Vec::with_capacity(n_supports);
    let mut per_user = vec![0u32; n_users];
    let mut supports_count = vec![0i64; n_proposals];
    // At most a dozen per person: a short vector beats a set.
    let mut given: Vec<Vec<u32>> = vec![Vec::new(); n_users];
    let max_per_user = n_proposals.min(12);
    'fill: loop {
        let before = supports.len();
        for u in 0..n_users {
            if supports.len() == n_supports {
                break 'fill;
            }
            let want = rng.below(7).min(n_supports - supports.len());
            for _ in 0..want {
                if given[u].len() >= max_per_user {
                    break;
                }
                let p = loop {
                    let p = by_rank[rng.skewed(n_proposals)] as u32;
                    if !given[u].contains(&p) {
                        break p;
                    }
                };
                given[u].push(p);
                supports.push((u as u32, p));
                per_user[u] += 1;
                supports_count[p as usize] += 1;
            }
        }
        if supports.len() == before {
            break;
        }
    }
    drop(given);

    // Comments: the most supported proposal gets `big`, the next `medium`, the others share the
    // rest (popular ones likelier). Within a proposal a comment opens a thread, answers a
    // random earlier comment, or (a third of them) joins the first thread, which grows long.
    let big_index = by_rank[0];
    let medium_index = by_rank[1];
    let mut comments_per = vec![0usize; n_proposals];
    comments_per[big_index] = big;
    comments_per[medium_index] = medium;
    let mut rest = n_comments - big - medium;
    if n_proposals > 2 {
        while rest > 0 {
            let p = by_rank[rng.skewed(n_proposals)];
            if p != big_index && p != medium_index {
                comments_per[p] += 1;
                rest -= 1;
            }
        }
    }
    lap("plan", &mut timings);

    let link = |id: i64| format!("/proposals/{component_id}/{id}");
    let hash = secrets::hash_password(PASSWORD);
    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO users (id, email, name, nickname, password_hash, locale, confirmed_at, accepted_terms_at, created_at) VALUES ",
        );
        let hash = lit(&hash);
        for u in 0..n_users {
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            let at = now + (u as i64);
            ins.row(format_args!(
                "{},'vecino{u}@madrid.test',{},'vecino{u}',{hash},'es',{at},{at},{at}",
                user0 + u as i64,
                lit(&name)
            ))
            .await?;
        }
        ins.flush().await?;
    }
    tx.commit().await?;
    lap("users", &mut timings);

    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO proposals (id, component_id, author_id, title, body, supports_count, comments_count, created_at, updated_at) VALUES ",
        );
        let mut bodies = Vec::with_capacity(n_proposals);
        for p in 0..n_proposals {
            let title = format!(
                "{} {} {}",
                rng.pick(ACTIONS),
                rng.pick(THINGS),
                rng.pick(PLACES)
            );
            let body = format!(
                "## ¿Por qué?\n\n{} {}\n\n## ¿Cómo?\n\nCon los vecinos y vecinas del distrito. *Propuesta n.º {}.*",
                rng.pick(SENTENCES),
                rng.pick(SENTENCES),
                p + 1
            );
            let at = now + 600 * p as i64;
            ins.row(format_args!(
                "{},{component_id},{},{},{},{},{},{at},{at}",
                proposal0 + p as i64,
                user0 + authors[p] as i64,
                lit(&title),
                lit(&body),
                supports_count[p],
                comments_per[p],
            ))
            .await?;
            bodies.push((title, body, at));
        }
        ins.flush().await?;
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO proposal_versions (proposal_id, author_id, title, body, created_at) VALUES ",
        );
        for (p, (title, body, at)) in bodies.iter().enumerate() {
            ins.row(format_args!(
                "{},{},{},{},{at}",
                proposal0 + p as i64,
                user0 + authors[p] as i64,
                lit(title),
                lit(body)
            ))
            .await?;
        }
        ins.flush().await?;
        // Authors follow their proposals, as `model::create` makes them.
        let follow = format!(
            "INSERT INTO follows (resource_kind, resource_id, user_id, created_at)
             SELECT 'proposal', id, author_id, created_at FROM proposals WHERE component_id = {component_id}"
        );
        db::query_built(follow).execute(&mut tx).await?;
        action_log::bulk::append_existing(
            &mut tx,
            "proposal",
            "proposal-created",
            action_log::Visibility::Public,
            proposal0..=proposal0 + n_proposals as i64 - 1,
            |id, _| Described {
                actor_id: Some(user0 + authors[(id - proposal0) as usize] as i64),
                organization_id: Some(org.id),
                space_id: Some(space.id),
                link: link(id),
                created_at: bodies[(id - proposal0) as usize].2,
            },
        )
        .await?;
    }
    tx.commit().await?;
    lap("proposals", &mut timings);

    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO supports (id, proposal_id, user_id, created_at) VALUES ",
        );
        for (i, (u, p)) in supports.iter().enumerate() {
            ins.row(format_args!(
                "{},{},{},{}",
                support0 + i as i64,
                proposal0 + i64::from(*p),
                user0 + i64::from(*u),
                now + i as i64 / 10
            ))
            .await?;
        }
        ins.flush().await?;
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO proposal_support_tallies (component_id, user_id, supports) VALUES ",
        );
        for (u, n) in per_user.iter().enumerate() {
            if *n > 0 {
                ins.row(format_args!("{component_id},{},{n}", user0 + u as i64))
                    .await?;
            }
        }
        ins.flush().await?;
        // Who supported what: private entries, as `proposals::model::support` writes them.
        action_log::bulk::append_existing(
            &mut tx,
            "support",
            "proposal-supported",
            action_log::Visibility::Private,
            support0..=support0 + supports.len() as i64 - 1,
            |id, _| {
                let i = (id - support0) as usize;
                let (u, p) = supports[i];
                Described {
                    actor_id: Some(user0 + i64::from(u)),
                    organization_id: Some(org.id),
                    space_id: Some(space.id),
                    link: link(proposal0 + i64::from(p)),
                    created_at: now + i as i64 / 10,
                }
            },
        )
        .await?;
    }
    tx.commit().await?;
    lap("supports", &mut timings);

    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO comments (id, resource_kind, resource_id, space_id, parent_id, root_id, depth, author_id, body, alignment, created_at) VALUES ",
        );
        let mut next = comment0;
        let mut at = now;
        // (author, time) of each comment, for its log entry.
        let mut comment_entries: Vec<(i64, i64)> = Vec::with_capacity(n_comments);
        for (p, count) in comments_per.iter().enumerate() {
            let mut made: Vec<GenComment> = Vec::with_capacity(*count);
            let mut first_thread: Vec<usize> = Vec::new();
            for i in 0..*count {
                let roll = rng.below(10);
                let answered = if i == 0 || roll < 4 {
                    None
                } else if roll < 7 && !first_thread.is_empty() {
                    Some(first_thread[rng.below(first_thread.len())])
                } else {
                    Some(rng.below(i))
                };
                let c = match answered {
                    None => GenComment {
                        parent: None,
                        root: None,
                        depth: 0,
                    },
                    Some(j) => {
                        let target = &made[j];
                        let root = target.root.or(Some(j));
                        if target.depth >= crate::platform::comments::MAX_DEPTH {
                            GenComment {
                                parent: target.parent,
                                root,
                                depth: target.depth,
                            }
                        } else {
                            GenComment {
                                parent: Some(j),
                                root,
                                depth: target.depth + 1,
                            }
                        }
                    }
                };
                if i == 0 || c.root == Some(0) {
                    first_thread.push(i);
                }
                let base = next - i as i64;
                let id_of = |k: Option<usize>| {
                    k.map_or("NULL".to_string(), |k| (base + k as i64).to_string())
                };
                let alignment = if c.depth == 0 {
                    rng.below(3) as i64 - 1
                } else {
                    0
                };
                let body = format!("{} ({})", rng.pick(REMARKS), i + 1);
                at += 1;
                let author = user0 + rng.below(n_users) as i64;
                comment_entries.push((author, at));
                ins.row(format_args!(
                    "{next},'proposal',{},{},{},{},{},{},{},{alignment},{at}",
                    proposal0 + p as i64,
                    space.id,
                    id_of(c.parent),
                    id_of(c.root),
                    c.depth,
                    author,
                    lit(&body)
                ))
                .await?;
                made.push(c);
                next += 1;
            }
        }
        ins.flush().await?;
        action_log::bulk::append_existing(
            &mut tx,
            "comment",
            "comment-created",
            action_log::Visibility::Public,
            comment0..=next - 1,
            |id, _| {
                let (author, at) = comment_entries[(id - comment0) as usize];
                Described {
                    actor_id: Some(author),
                    organization_id: Some(org.id),
                    space_id: Some(space.id),
                    link: format!("/comments/{id}"),
                    created_at: at,
                }
            },
        )
        .await?;
    }
    tx.commit().await?;
    lap("comments", &mut timings);

    let mut tokens = Vec::with_capacity(options.tokens);
    if options.tokens > 0 {
        let mut tx = db.begin().await?;
        {
            let mut ins = Inserter::new(
                &mut tx,
                "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ",
            );
            for u in 0..options.tokens.min(n_users) {
                let token = format!("agora_{}", secrets::new_token());
                ins.row(format_args!(
                    "{},{},'bench',{now}",
                    lit(&secrets::token_hash(&token)),
                    user0 + u as i64
                ))
                .await?;
                tokens.push(token);
            }
            ins.flush().await?;
        }
        tx.commit().await?;
    }
    for table in ["users", "proposals", "comments", "supports"] {
        db::sync_id_sequence(db, table).await?;
    }
    lap("tokens and sequences", &mut timings);
    timings.push(("total", started.elapsed().as_secs_f64()));
    Ok(Summary {
        organization_id: org.id,
        space_id: space.id,
        component_id,
        users: n_users,
        proposals: n_proposals,
        comments: n_comments,
        supports: supports.len(),
        big_thread_proposal: proposal0 + big_index as i64,
        big_thread_comments: big,
        thread_proposal: proposal0 + medium_index as i64,
        thread_comments: medium,
        tokens,
        timings,
    })
}
