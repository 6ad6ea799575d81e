//! Demo content for `agora demo`: two organisations, a few people with known passwords,
//! a participatory process with phases, an assembly, a private space and a page, and an
//! association whose general assembly has an open poll of every type and a discussion thread.

use crate::db::Db;
use crate::i18n::Locale;
use crate::platform::accounts::{self, NewUser};
use crate::platform::organizations;
use crate::platform::permissions::{OrgRole, SpaceRole, Visibility};
use crate::platform::spaces::{self, NewSpace, SpaceKind};

/// The demo accounts: (e-mail, name, password, instance admin).
pub const PEOPLE: &[(&str, &str, &str, bool)] = &[
    ("admin@agora.test", "Camille Admin", "demo-admin-2026", true),
    ("alice@agora.test", "Alice Martin", "demo-alice-2026", false),
    ("bob@agora.test", "Bob Garcia", "demo-bob-2026", false),
    ("carla@agora.test", "Carla Puig", "demo-carla-2026", false),
];

/// Loads the demo content when the database has no organisation yet; always prints the
/// demo accounts so the person running the demo can sign in.
pub async fn load_if_empty(db: &Db) -> Result<(), Box<dyn std::error::Error>> {
    if organizations::list(db).await?.is_empty() {
        load(db).await?;
    }
    println!("Demo accounts (e-mail / password):");
    for (email, name, password, admin) in PEOPLE {
        let role = if *admin { " — instance admin" } else { "" };
        println!("  {email} / {password}  ({name}{role})");
    }
    Ok(())
}

async fn load(db: &Db) -> Result<(), Box<dyn std::error::Error>> {
    let mut ids = Vec::new();
    for (email, name, password, admin) in PEOPLE {
        let user = match accounts::find_by_email(db, email).await? {
            Some(u) => u,
            None => {
                accounts::create_user(
                    db,
                    NewUser {
                        email,
                        name,
                        password,
                        instance_admin: *admin,
                        confirmed: true,
                        locale: None,
                    },
                )
                .await?
            }
        };
        ids.push(user.id);
    }
    let (alice, bob, carla) = (ids[1], ids[2], ids[3]);

    let city = organizations::create(
        db,
        "ville-exemple",
        "Ville d’Exemple",
        "La plateforme de participation citoyenne de la Ville d’Exemple.",
        Locale::Fr,
    )
    .await?;
    organizations::set_member(db, city.id, alice, OrgRole::Admin).await?;
    organizations::set_member(db, city.id, bob, OrgRole::Member).await?;

    let budget = spaces::create(
        db,
        NewSpace {
            organization_id: city.id,
            kind: SpaceKind::Process,
            slug: "budget-participatif-2027",
            title: "Budget participatif 2027",
            description: "Proposez et choisissez les projets que la ville financera en 2027 : un million d’euros pour vos idées.",
            visibility: Visibility::Public,
            published: true,
        },
    )
    .await?;
    let phases = [
        (
            "Dépôt des idées",
            "Chacun·e peut déposer des idées de projets.",
            "2026-09-01",
            "2026-10-31",
        ),
        (
            "Analyse technique",
            "Les services de la ville étudient la faisabilité et le coût.",
            "2026-11-01",
            "2026-12-15",
        ),
        (
            "Vote",
            "Votez pour les projets que vous voulez voir réalisés.",
            "2027-01-10",
            "2027-02-10",
        ),
        (
            "Résultats et suivi",
            "Les projets lauréats et leur réalisation.",
            "2027-02-11",
            "2027-12-31",
        ),
    ];
    let mut phase_ids = Vec::new();
    for (title, text, start, end) in phases {
        phase_ids.push(
            spaces::add_phase(db, budget.id, title, text, Some(start), Some(end))
                .await?
                .id,
        );
    }
    spaces::activate_phase(db, budget.id, phase_ids[1]).await?;
    crate::components::page::create(
        db,
        budget.id,
        "Comment ça marche ?",
        "## Le budget participatif en trois étapes\n\n1. **Déposez** vos idées.\n2. La ville **analyse** leur faisabilité.\n3. **Votez** pour vos projets préférés.\n\nLes projets sont choisis par la *méthode des parts égales*, expliquée sur la page des résultats.",
    )
    .await?;
    demo_proposals(db, budget.id, phase_ids[1], &ids).await?;
    crate::components::budgets::demo::load(db, city.id).await?;
    crate::components::accountability::demo::load(db, city.id, budget.id).await?;

    let council = spaces::create(
        db,
        NewSpace {
            organization_id: city.id,
            kind: SpaceKind::Assembly,
            slug: "conseil-de-quartier-nord",
            title: "Conseil de quartier Nord",
            description: "L’assemblée permanente des habitant·e·s du quartier Nord.",
            visibility: Visibility::MembersParticipate,
            published: true,
        },
    )
    .await?;
    spaces::set_member(db, council.id, carla, SpaceRole::Moderator).await?;

    spaces::create(
        db,
        NewSpace {
            organization_id: city.id,
            kind: SpaceKind::Assembly,
            slug: "comite-de-suivi",
            title: "Comité de suivi (privé)",
            description: "Espace de travail réservé aux membres de l’organisation.",
            visibility: Visibility::Private,
            published: true,
        },
    )
    .await?;

    let assoc = organizations::create(
        db,
        "assoc-des-communs",
        "Association des communs",
        "An association deciding together about its shared resources.",
        Locale::En,
    )
    .await?;
    organizations::set_member(db, assoc.id, carla, OrgRole::Admin).await?;
    organizations::set_member(db, assoc.id, alice, OrgRole::Member).await?;
    let group = spaces::create(
        db,
        NewSpace {
            organization_id: assoc.id,
            kind: SpaceKind::Assembly,
            slug: "general-assembly",
            title: "General assembly",
            description: "All members of the association decide here.",
            visibility: Visibility::MembersParticipate,
            published: true,
        },
    )
    .await?;
    crate::components::page::create(
        db,
        group.id,
        "Our charter",
        "We decide **by consent**: a proposal passes unless someone raises a reasoned objection.",
    )
    .await?;
    organizations::set_member(db, assoc.id, bob, OrgRole::Member).await?;
    crate::components::polls::create_demo_polls(db, group.id, &[carla, alice, bob])
        .await
        .map_err(|e| e.to_string())?;
    crate::components::threads::create_demo_thread(db, group.id, &[carla, alice, bob])
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Deterministic pseudo-random numbers (a linear congruential generator), so every demo
/// database holds the same proposals and supports.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// Number of generated proposals in the participatory budget.
pub const DEMO_PROPOSALS: usize = 300;

/// A proposals component in the participatory budget, open for supports in the active phase,
/// with generated residents, proposals (French titles from word lists) and supports.
async fn demo_proposals(
    db: &Db,
    space_id: i64,
    active_phase_id: i64,
    people: &[i64],
) -> Result<(), Box<dyn std::error::Error>> {
    use crate::components::proposals::{self, MANIFEST, model};
    use serde_json::json;

    let settings = json!({
        "support_limit": 10,
        "success_threshold": 8,
        "edit_window_minutes": 60,
        "default_order": "random",
    });
    let component_id = proposals::create_component(
        db,
        space_id,
        "Idées et propositions",
        settings.as_object().expect("object"),
    )
    .await
    .map_err(|e| e.to_string())?;
    let phase = crate::components::validate(
        MANIFEST.phase_settings,
        json!({"creation_enabled": true, "supports": "enabled", "endorsements_enabled": true, "amendments_enabled": true})
            .as_object()
            .expect("object"),
    )?;
    crate::components::store::set_phase_settings(db, component_id, active_phase_id, &phase).await?;

    // Residents who cannot sign in (no password): authors and supporters of the demo.
    const FIRST: &[&str] = &[
        "Léa", "Hugo", "Inès", "Malik", "Chloé", "Yanis", "Manon", "Karim", "Zoé", "Louis",
        "Sarah", "Nathan", "Jade", "Amine", "Lucie", "Théo",
    ];
    const LAST: &[&str] = &[
        "Bernard", "Petit", "Roux", "Diallo", "Moreau", "Nguyen", "Fontaine", "Lefebvre",
    ];
    let mut residents = people.to_vec();
    let now = crate::db::now();
    for n in 0..60 {
        let name = format!("{} {}", FIRST[n % FIRST.len()], LAST[(n / 2) % LAST.len()]);
        let row = sqlx::query(
            "INSERT INTO users (email, name, confirmed_at, created_at) VALUES ($1, $2, $3, $3)
             RETURNING id",
        )
        .bind(format!("habitant{n}@agora.test"))
        .bind(&name)
        .bind(now)
        .fetch_one(&db.pool)
        .await?;
        let id: i64 = sqlx::Row::try_get(&row, "id")?;
        crate::platform::accounts::nicknames::assign(db, id, &name).await?;
        residents.push(id);
    }

    const ACTIONS: &[&str] = &[
        "Créer",
        "Rénover",
        "Végétaliser",
        "Aménager",
        "Installer",
        "Agrandir",
        "Sécuriser",
        "Ouvrir",
    ];
    const THINGS: &[&str] = &[
        "un jardin partagé",
        "une piste cyclable",
        "des bancs et des fontaines",
        "une aire de jeux",
        "un local associatif",
        "des composteurs collectifs",
        "un terrain de basket",
        "une bibliothèque de rue",
        "des toilettes publiques",
        "un abri pour vélos",
        "un marché de producteurs",
        "une cour d’école oasis",
    ];
    const PLACES: &[&str] = &[
        "place de la Mairie",
        "rue Victor-Hugo",
        "quartier Nord",
        "près de la gare",
        "au parc des Tilleuls",
        "avenue Jean-Jaurès",
        "devant le collège Marie-Curie",
        "le long du canal",
        "quartier des Forges",
        "près de la médiathèque",
    ];
    const WHY: &[&str] = &[
        "Les habitant·e·s du quartier manquent d’espaces pour se retrouver.",
        "Cela rendrait les déplacements plus sûrs pour les enfants et les personnes âgées.",
        "Le lieu est aujourd’hui peu utilisé et pourrait revivre.",
        "C’est une demande ancienne du conseil de quartier.",
        "Le projet réduirait les îlots de chaleur en été.",
    ];
    let mut rng = Lcg(2027);
    let mut proposal_ids = Vec::with_capacity(DEMO_PROPOSALS);
    for n in 0..DEMO_PROPOSALS {
        let title = format!(
            "{} {} {}",
            ACTIONS[rng.next(ACTIONS.len())],
            THINGS[rng.next(THINGS.len())],
            PLACES[rng.next(PLACES.len())]
        );
        let body = format!(
            "## Pourquoi ?\n\n{}\n\n## Comment ?\n\n- Une concertation avec les riverain·e·s\n- Des travaux {}\n\n*Proposition n° {}.*",
            WHY[rng.next(WHY.len())],
            ["au printemps", "en été", "en automne"][rng.next(3)],
            n + 1
        );
        let author = residents[rng.next(residents.len())];
        if let Some(id) = model::create(
            db,
            model::NewProposal {
                component_id,
                author_id: author,
                title: &title,
                body: &body,
                address: None,
                limit: 0,
            },
        )
        .await?
        {
            proposal_ids.push(id);
        }
    }
    // Official answers on a few proposals, as the city's services would write them.
    let answers: [(&str, &str, Option<i64>); 3] = [
        (
            "accepted",
            "Les services techniques ont validé la faisabilité. Le projet sera soumis au vote.",
            Some(45_000),
        ),
        (
            "rejected",
            "Ce projet relève d’une compétence de la métropole, pas de la ville.",
            None,
        ),
        ("evaluating", "Une étude de faisabilité est en cours.", None),
    ];
    for (i, id) in proposal_ids.iter().take(12).enumerate() {
        let (state, text, cost) = answers[i % answers.len()];
        model::answer(
            db,
            component_id,
            *id,
            &model::Answer {
                state,
                custom_state: None,
                text,
                cost,
                publish: true,
            },
            None,
        )
        .await?;
    }
    // Supports: each resident supports a few proposals, favouring the first ones so that some
    // reach the success threshold.
    let rules = model::SupportRules {
        limit: 10,
        cap: 0,
        minimum: 0,
        success_threshold: 8,
        announce_milestones: true,
    };
    for (i, resident) in residents.iter().enumerate() {
        // The demo accounts keep supports left to try the button.
        let count = if i < people.len() { 2 } else { 3 + rng.next(8) };
        for _ in 0..count {
            let pick = rng
                .next(proposal_ids.len())
                .min(rng.next(proposal_ids.len()));
            model::support(db, component_id, proposal_ids[pick], *resident, rules).await?;
        }
    }
    // Endorsements on the first proposals, and one pending amendment to show the diff.
    for (i, resident) in residents.iter().skip(people.len()).take(30).enumerate() {
        let proposal_id = proposal_ids[i % 5];
        proposals::social::endorse(db, component_id, proposal_id, *resident).await?;
    }
    if let Some(proposal) = model::find_any(db, proposal_ids[0]).await?
        && let Some(amender) = residents.iter().find(|r| **r != proposal.author_id)
    {
        let body = format!(
            "{}\n\nLes habitant·e·s du quartier sont consulté·e·s avant les travaux.",
            proposal.body
        );
        proposals::social::amend(db, &proposal, *amender, &proposal.title, &body).await?;
    }
    Ok(())
}
