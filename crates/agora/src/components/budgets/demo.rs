//! Demo content: a participatory process in its voting phase, with one budget of
//! approval-within-budget ballots and about twenty projects.

use serde_json::json;

use super::model::{self, BudgetFields, ProjectFields};
use super::rules::{Rule, RuleKind};
use super::{MANIFEST, create_component};
use crate::db::Db;
use crate::platform::permissions::Visibility;
use crate::platform::spaces::{self, NewSpace, SpaceKind};

/// The demo projects: (title, cost in euros, category, district, description).
const PROJECTS: &[(&str, i64, &str, &str, &str)] = &[
    (
        "Une forêt urbaine place Carnot",
        120_000,
        "Nature en ville",
        "Centre",
        "Planter **300 arbres** d’essences locales sur l’ancien parking.",
    ),
    (
        "Pistes cyclables protégées rue Voltaire",
        180_000,
        "Mobilité",
        "Nord",
        "Séparer les vélos des voitures sur 1,2 km.",
    ),
    (
        "Une boîte à livres dans chaque quartier",
        8_000,
        "Culture",
        "Tous",
        "Douze boîtes à livres fabriquées par les lycées professionnels.",
    ),
    (
        "Rénovation du city-stade des Tilleuls",
        95_000,
        "Sport",
        "Sud",
        "Nouveau revêtement, filets et éclairage basse consommation.",
    ),
    (
        "Jardins partagés au pied des immeubles",
        40_000,
        "Nature en ville",
        "Est",
        "Bacs, compost et récupération d’eau de pluie.",
    ),
    (
        "Bancs et ombre le long du canal",
        35_000,
        "Cadre de vie",
        "Ouest",
        "Vingt bancs et des pergolas végétalisées.",
    ),
    (
        "Fontaines à eau potable",
        30_000,
        "Cadre de vie",
        "Tous",
        "Dix fontaines sur les parcours de promenade.",
    ),
    (
        "Un atelier de réparation de vélos",
        25_000,
        "Mobilité",
        "Centre",
        "Outils en libre accès et bénévoles le samedi.",
    ),
    (
        "Éclairage solaire du parc Monnet",
        60_000,
        "Cadre de vie",
        "Nord",
        "Des chemins éclairés sans augmenter la facture.",
    ),
    (
        "Une aire de jeux inclusive",
        110_000,
        "Enfance",
        "Sud",
        "Jeux accessibles aux enfants en fauteuil roulant.",
    ),
    (
        "Toilettes publiques accessibles",
        70_000,
        "Cadre de vie",
        "Centre",
        "Deux sanitaires ouverts jour et nuit.",
    ),
    (
        "Fresques murales avec les habitant·e·s",
        20_000,
        "Culture",
        "Est",
        "Trois murs peints avec des artistes du quartier.",
    ),
    (
        "Un local pour les associations de jeunes",
        150_000,
        "Jeunesse",
        "Ouest",
        "Rénover l’ancienne poste pour en faire un lieu ouvert.",
    ),
    (
        "Composteurs collectifs",
        15_000,
        "Nature en ville",
        "Tous",
        "Trente composteurs et une formation des référent·e·s.",
    ),
    (
        "Apaiser la rue de l’École",
        85_000,
        "Mobilité",
        "Nord",
        "Zone de rencontre à 20 km/h et trottoirs élargis.",
    ),
    (
        "Cinéma de plein air l’été",
        18_000,
        "Culture",
        "Tous",
        "Huit séances gratuites en juillet et août.",
    ),
    (
        "Une ressourcerie de quartier",
        90_000,
        "Économie circulaire",
        "Sud",
        "Collecter, réparer et revendre à petit prix.",
    ),
    (
        "Abris vélos sécurisés près des gares",
        55_000,
        "Mobilité",
        "Centre",
        "Deux cents places fermées.",
    ),
    (
        "Végétaliser les cours d’école",
        130_000,
        "Enfance",
        "Est",
        "Des « cours oasis » plus fraîches en été.",
    ),
    (
        "Parcours sportif en bord de Loire",
        45_000,
        "Sport",
        "Ouest",
        "Douze agrès et un balisage.",
    ),
];

/// Creates the process, its phases, the budgets component and its budget and projects.
pub async fn load(db: &Db, organization_id: i64) -> Result<(), Box<dyn std::error::Error>> {
    let space = spaces::create(
        db,
        NewSpace {
            organization_id,
            kind: SpaceKind::Process,
            slug: "budget-participatif-2026-vote",
            title: "Budget participatif 2026 : le vote",
            description: "Les projets retenus après l’analyse technique sont soumis au vote : 500 000 € à répartir.",
            visibility: Visibility::Public,
            published: true,
        },
    )
    .await?;
    let mut phase_ids = Vec::new();
    for (title, text, start, end) in [
        (
            "Analyse technique",
            "Les services ont vérifié la faisabilité et le coût de chaque projet.",
            "2026-06-01",
            "2026-10-31",
        ),
        (
            "Vote",
            "Choisissez les projets que vous voulez voir réalisés, dans la limite du budget.",
            "2026-11-01",
            "2026-12-15",
        ),
        (
            "Résultats",
            "Les projets lauréats et leur réalisation.",
            "2026-12-16",
            "2027-12-31",
        ),
    ] {
        phase_ids.push(
            spaces::add_phase(db, space.id, title, text, Some(start), Some(end))
                .await?
                .id,
        );
    }
    spaces::activate_phase(db, space.id, phase_ids[1]).await?;
    let component_id = create_component(
        db,
        space.id,
        "Voter pour les projets",
        json!({"workflow": "all"}).as_object().expect("object"),
    )
    .await
    .map_err(|e| e.to_string())?;
    for (phase_id, voting) in phase_ids.iter().zip(["upcoming", "open", "closed"]) {
        let settings = crate::components::validate(
            MANIFEST.phase_settings,
            json!({ "voting": voting }).as_object().expect("object"),
        )?;
        crate::components::store::set_phase_settings(db, component_id, *phase_id, &settings)
            .await?;
    }
    let budget_id = model::create_budget(
        db,
        component_id,
        &BudgetFields {
            title: "Budget de la ville",
            description: "Un budget pour toute la ville. Choisissez autant de projets que vous voulez tant que leur total ne dépasse pas **500 000 €**.",
            total: 500_000,
            currency: "EUR",
            district: "",
            secret_ballots: true,
            rule: Rule {
                kind: RuleKind::Approval,
                min_percent: 0,
                min_projects: 0,
                max_projects: 0,
                points: 0,
            },
        },
    )
    .await?;
    for (title, cost, category, district, description) in PROJECTS {
        model::create_project(
            db,
            budget_id,
            &ProjectFields {
                title,
                description,
                cost: *cost,
                category: Some(category),
                district: Some(district),
                proposal_ids: &[],
            },
        )
        .await?;
    }
    Ok(())
}
