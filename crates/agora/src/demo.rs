//! Demo content for `agora demo`: two organisations, a few people with known passwords,
//! a participatory process with phases, an assembly, a private space and a page.

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
    Ok(())
}
