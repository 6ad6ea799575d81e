//! The budgets component (participatory budgeting): one or more budgets per component (one
//! per district, say), each with a total, a currency, projects managed by the space's admins
//! and a ballot rule — approval within the budget, choose between a minimum and a maximum
//! of projects, distribute points, or rank. Participants build their ballot step by step
//! (works without JavaScript), then cast it once, and get a receipt code.

mod ballot_list;
pub mod demo;
pub mod import;
pub mod model;
pub mod results;
mod routes;
pub mod rules;

use serde_json::{Map, Value};

use super::{Manifest, Setting, SettingKind};
use crate::i18n::{I18n, Locale};
pub use model::Workflow;

pub const MANIFEST: Manifest = Manifest {
    kind: "budgets",
    path: "budgets",
    name_key: "component-budgets",
    settings: &[
        Setting {
            key: "workflow",
            kind: SettingKind::Choice {
                default: "all",
                choices: &["all", "one", "district", "random"],
            },
            label_key: "budgets-setting-workflow",
        },
        Setting {
            key: "census",
            kind: SettingKind::Bool { default: false },
            label_key: "budgets-setting-census",
        },
        Setting {
            key: "min_age",
            kind: SettingKind::Integer {
                default: 0,
                min: 0,
                max: 120,
            },
            label_key: "budgets-setting-min-age",
        },
    ],
    phase_settings: &[Setting {
        key: "voting",
        kind: SettingKind::Choice {
            default: "upcoming",
            choices: &["upcoming", "open", "closed"],
        },
        label_key: "budgets-setting-voting",
    }],
    actions: &["vote"],
    content_editor: true,
    router: routes::router,
};

/// Where voting stands in the current phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voting {
    /// Not yet: projects are shown, ballots cannot be built.
    Upcoming,
    Open,
    /// Over: ballots are frozen.
    Closed,
}

impl Voting {
    /// The API's `status` of a budget.
    pub fn status(self) -> &'static str {
        match self {
            Voting::Upcoming => "upcoming",
            Voting::Open => "voting",
            Voting::Closed => "closed",
        }
    }
}

/// The settings in force for a budgets component, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub workflow: Workflow,
    pub voting: Voting,
    /// Who may vote beyond the space permission: census verification, minimum age.
    pub requirement: crate::platform::verifications::Requirement,
}

impl Settings {
    /// Reads the effective settings map (already validated against the manifest).
    pub fn from_map(map: &Map<String, Value>) -> Settings {
        Settings {
            workflow: match map.get("workflow").and_then(Value::as_str) {
                Some("one") => Workflow::One,
                Some("district") => Workflow::District,
                Some("random") => Workflow::Random,
                _ => Workflow::All,
            },
            requirement: crate::platform::verifications::Requirement {
                census: map.get("census").and_then(Value::as_bool).unwrap_or(false)
                    // Assignment by district needs the verified district.
                    || map.get("workflow").and_then(Value::as_str) == Some("district"),
                min_age: map.get("min_age").and_then(Value::as_i64).unwrap_or(0),
            },
            voting: match map.get("voting").and_then(Value::as_str) {
                Some("open") => Voting::Open,
                Some("closed") => Voting::Closed,
                _ => Voting::Upcoming,
            },
        }
    }
}

/// Creates a published budgets component in a space (used by the demo and tests).
pub async fn create_component(
    db: &crate::db::Db,
    space_id: i64,
    title: &str,
    settings: &Map<String, Value>,
) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
    let settings = super::validate(MANIFEST.settings, settings)?;
    let component = super::store::create(db, space_id, MANIFEST.kind, title, &settings).await?;
    super::store::set_published(db, space_id, component.id, true).await?;
    Ok(component.id)
}

/// An amount as people of `locale` write it: `12 500 €` in French, `€12,500` in English.
/// Amounts are whole currency units.
pub fn money(locale: Locale, amount: i64, currency: &str) -> String {
    let separator = match locale {
        Locale::Fr => '\u{202f}',
        Locale::En => ',',
        Locale::Es | Locale::Ca => '.',
    };
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    if amount < 0 {
        grouped.insert(0, '-');
    }
    let symbol = match currency {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        _ => None,
    };
    match (locale, symbol) {
        (Locale::En, Some(symbol)) => format!("{symbol}{grouped}"),
        (_, Some(symbol)) => format!("{grouped}\u{a0}{symbol}"),
        (_, None) => format!("{grouped}\u{a0}{currency}"),
    }
}

/// A refusal in words, in the language of `i18n` (the API uses English).
pub fn explain(i18n: &I18n, refusal: &rules::Refusal, currency: &str) -> String {
    use rules::Refusal;
    let amount = |n: i64| money(i18n.locale, n, currency);
    match refusal {
        Refusal::NotInBudget(id) | Refusal::Duplicate(id) => i18n.t1(refusal.key(), "project", id),
        Refusal::OverBudget { cost, total } => i18n.t2(
            refusal.key(),
            "cost",
            amount(*cost),
            "total",
            amount(*total),
        ),
        Refusal::TooManyProjects { max }
        | Refusal::TooManyRanked { max }
        | Refusal::TooManyPoints { max, .. } => i18n.t1(refusal.key(), "max", max),
        Refusal::TooFewProjects { min } => i18n.t1(refusal.key(), "min", min),
        Refusal::BelowMinimumSpend { min } => i18n.t1(refusal.key(), "min", amount(*min)),
        Refusal::NotPositive(n) => i18n.t1(refusal.key(), "value", n),
        Refusal::TooYoung { min } => i18n.t1(refusal.key(), "min", min),
        Refusal::Unfeasible(id) => i18n.t1(refusal.key(), "project", id),
        Refusal::WrongShape(kind) => i18n.t1(refusal.key(), "rule", kind.as_str()),
        _ => i18n.t(refusal.key()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(
            money(Locale::Fr, 1_250_000, "EUR"),
            "1\u{202f}250\u{202f}000\u{a0}€"
        );
        assert_eq!(money(Locale::En, 1_250_000, "EUR"), "€1,250,000");
        assert_eq!(money(Locale::Es, 500, "EUR"), "500\u{a0}€");
        assert_eq!(money(Locale::Ca, 12_000, "CHF"), "12.000\u{a0}CHF");
    }
}
