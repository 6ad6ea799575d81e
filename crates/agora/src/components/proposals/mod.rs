//! The proposals component: participants write proposals (Markdown), edit them within a window
//! (every edit keeps a version), withdraw them, and support each other's while the active
//! phase allows; space admins and evaluators publish official answers. Lists filter, search
//! and order them — by default in a random order that stays the same for one visitor.
//! Participants follow, endorse and amend proposals (`social`); followers hear of answers,
//! comments, amendments and supports milestones through in-app notifications.

pub mod diff;
pub mod model;
mod routes;
pub mod search;
pub mod social;
mod social_routes;

use serde_json::{Map, Value};

use super::{Manifest, Setting, SettingKind};
use model::Order;

pub const MANIFEST: Manifest = Manifest {
    kind: "proposals",
    path: "proposals",
    name_key: "component-proposals",
    settings: &[
        Setting {
            key: "support_limit",
            kind: SettingKind::Integer {
                default: 0,
                min: 0,
                max: 10_000,
            },
            label_key: "proposals-setting-support-limit",
        },
        Setting {
            key: "proposal_support_cap",
            kind: SettingKind::Integer {
                default: 0,
                min: 0,
                max: 100_000_000,
            },
            label_key: "proposals-setting-support-cap",
        },
        Setting {
            key: "minimum_supports_per_user",
            kind: SettingKind::Integer {
                default: 0,
                min: 0,
                max: 10_000,
            },
            label_key: "proposals-setting-minimum-supports",
        },
        Setting {
            key: "success_threshold",
            kind: SettingKind::Integer {
                default: 100,
                min: 0,
                max: 100_000_000,
            },
            label_key: "proposals-setting-success-threshold",
        },
        Setting {
            key: "proposal_limit",
            kind: SettingKind::Integer {
                default: 0,
                min: 0,
                max: 10_000,
            },
            label_key: "proposals-setting-proposal-limit",
        },
        Setting {
            key: "edit_window_minutes",
            kind: SettingKind::Integer {
                default: 15,
                min: 0,
                max: 525_600,
            },
            label_key: "proposals-setting-edit-window",
        },
        Setting {
            key: "default_order",
            kind: SettingKind::Choice {
                default: "random",
                choices: &["random", "most_supported", "most_commented", "recent"],
            },
            label_key: "proposals-setting-default-order",
        },
    ],
    phase_settings: &[
        Setting {
            key: "creation_enabled",
            kind: SettingKind::Bool { default: true },
            label_key: "proposals-setting-creation-enabled",
        },
        Setting {
            key: "supports",
            kind: SettingKind::Choice {
                default: "enabled",
                choices: &["enabled", "blocked", "hidden"],
            },
            label_key: "proposals-setting-supports",
        },
        Setting {
            key: "endorsements_enabled",
            kind: SettingKind::Bool { default: true },
            label_key: "proposals-setting-endorsements-enabled",
        },
        Setting {
            key: "amendments_enabled",
            kind: SettingKind::Bool { default: false },
            label_key: "proposals-setting-amendments-enabled",
        },
    ],
    actions: &["create", "support"],
    content_editor: false,
    router: routes::router,
};

/// Whether participants may support (seeing the counts or not), or only see the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Supports {
    /// Open, counts shown.
    Enabled,
    /// Closed: counts shown, no new support and no withdrawal.
    Blocked,
    /// Open, counts hidden (no bandwagon effect): no count, no "successful" badge, no order
    /// by supports.
    Hidden,
}

impl Supports {
    /// Participants may support and withdraw supports.
    pub fn open(self) -> bool {
        self != Supports::Blocked
    }
}

/// The settings in force for a proposals component, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub creation_enabled: bool,
    pub supports: Supports,
    pub support_limit: i64,
    pub proposal_support_cap: i64,
    pub minimum_supports_per_user: i64,
    pub success_threshold: i64,
    pub proposal_limit: i64,
    pub edit_window_minutes: i64,
    pub default_order: Order,
    /// Participants may endorse proposals (and withdraw their endorsement).
    pub endorsements_enabled: bool,
    /// Participants may propose amendments to others' proposals.
    pub amendments_enabled: bool,
}

impl Settings {
    /// Reads the effective settings map (already validated against the manifest).
    pub fn from_map(map: &Map<String, Value>) -> Settings {
        let int = |key: &str| map.get(key).and_then(Value::as_i64).unwrap_or(0);
        Settings {
            creation_enabled: map.get("creation_enabled") != Some(&Value::Bool(false)),
            supports: match map.get("supports").and_then(Value::as_str) {
                Some("blocked") => Supports::Blocked,
                Some("hidden") => Supports::Hidden,
                _ => Supports::Enabled,
            },
            support_limit: int("support_limit"),
            proposal_support_cap: int("proposal_support_cap"),
            minimum_supports_per_user: int("minimum_supports_per_user"),
            success_threshold: int("success_threshold"),
            proposal_limit: int("proposal_limit"),
            edit_window_minutes: int("edit_window_minutes"),
            default_order: map
                .get("default_order")
                .and_then(Value::as_str)
                .and_then(Order::parse)
                .unwrap_or(Order::Random),
            endorsements_enabled: map.get("endorsements_enabled") != Some(&Value::Bool(false)),
            amendments_enabled: map.get("amendments_enabled") == Some(&Value::Bool(true)),
        }
    }

    /// The rules every support must follow.
    pub fn support_rules(&self) -> model::SupportRules {
        model::SupportRules {
            limit: self.support_limit,
            cap: self.proposal_support_cap,
            minimum: self.minimum_supports_per_user,
            success_threshold: self.success_threshold,
            // Hidden counts stay hidden: no milestone is announced either.
            announce_milestones: self.supports != Supports::Hidden,
        }
    }

    /// True when a proposal with this many supports shows the "successful" badge.
    pub fn successful(&self, supports: i64) -> bool {
        self.success_threshold > 0 && supports >= self.success_threshold
    }
}

/// What became of a new proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proposed {
    Created(i64),
    /// The active phase does not take new proposals.
    CreationClosed,
    /// The text breaks a rule (see [`model::check_text`]).
    Invalid(Vec<model::TextProblem>),
    /// The person has as many published proposals as the component allows.
    LimitReached,
}

/// Publishes a proposal under every rule of the component, for the pages and the API alike:
/// creation open in the active phase, a valid text, and the per-person proposal limit (held
/// under concurrency by [`model::create`]). The caller checked that the person may take part
/// in the space.
pub async fn propose(
    db: &crate::db::Db,
    settings: &Settings,
    component_id: i64,
    author_id: i64,
    title: &str,
    body: &str,
    address: &str,
) -> Result<Proposed, sqlx::Error> {
    if !settings.creation_enabled {
        return Ok(Proposed::CreationClosed);
    }
    let problems = model::check_text(title, body, address);
    if !problems.is_empty() {
        return Ok(Proposed::Invalid(problems));
    }
    let address = address.trim();
    let created = model::create(
        db,
        model::NewProposal {
            component_id,
            author_id,
            title: title.trim(),
            body: body.trim(),
            address: (!address.is_empty()).then_some(address),
            limit: settings.proposal_limit,
        },
    )
    .await?;
    Ok(created.map_or(Proposed::LimitReached, Proposed::Created))
}

/// Creates a published proposals component in a space (used by the demo and tests).
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

/// The kind under which proposals are commented, reported, moderated and followed.
pub const KIND: &str = "proposal";

/// Proposals as followable resources (see `platform::notifications::follows`).
pub const FOLLOWABLE: crate::platform::notifications::follows::Followable =
    crate::platform::notifications::follows::Followable {
        kind: KIND,
        title_sql: "SELECT title FROM proposals WHERE id = $1",
        space_sql: "SELECT c.space_id FROM proposals p JOIN components c ON c.id = p.component_id
                    WHERE p.id = $1",
    };

/// Proposals as comment hosts (see `platform::comments::hosts`): comments take a position and
/// stay open until the proposal is withdrawn or hidden by moderation.
pub fn comment_host(
    db: &crate::db::Db,
    id: i64,
) -> crate::platform::comments::hosts::HostFuture<'_> {
    Box::pin(async move {
        let Some(proposal) = model::find_any(db, id).await? else {
            return Ok(None);
        };
        let Some(component) = super::store::find(db, proposal.component_id).await? else {
            return Ok(None);
        };
        let hidden = crate::platform::moderation::is_hidden(db, KIND, id).await?;
        Ok(Some(crate::platform::comments::HostInfo {
            space_id: component.space_id,
            url: format!("/proposals/{}/{}", component.id, id),
            published: component.published,
            alignment: true,
            open: !proposal.withdrawn() && !hidden,
        }))
    })
}

/// Proposals as reportable content (see `platform::moderation`): 404 when the person may not
/// see the proposal (the same check as its comments).
pub fn reportable<'a>(
    db: &'a crate::db::Db,
    user: Option<&'a crate::platform::accounts::User>,
    id: i64,
) -> crate::platform::moderation::ReportableFuture<'a> {
    Box::pin(async move {
        let resource = crate::platform::comments::ResourceRef::new(KIND, id)
            .ok_or(crate::web::AppError::NotFound)?;
        let resolved = crate::platform::comments::resolve(db, user, resource).await?;
        let proposal = model::find_any(db, id)
            .await?
            .ok_or(crate::web::AppError::NotFound)?;
        Ok(crate::platform::moderation::Reportable {
            space_id: resolved.space.id,
            author_id: Some(proposal.author_id),
            link: resolved.host.url,
            excerpt: format!("{}\n\n{}", proposal.title, proposal.body)
                .chars()
                .take(500)
                .collect(),
        })
    })
}

/// Amendments are reported as their own kind: hiding one hides its text and diff on the
/// proposal page (a placeholder stays) and stops it from being accepted.
pub const AMENDMENT_KIND: &str = "amendment";

/// Amendments as reportable resources: 404 when the person may not see the proposal.
pub fn amendment_reportable<'a>(
    db: &'a crate::db::Db,
    user: Option<&'a crate::platform::accounts::User>,
    id: i64,
) -> crate::platform::moderation::ReportableFuture<'a> {
    Box::pin(async move {
        let amendment = social::find_amendment_any(db, id)
            .await?
            .ok_or(crate::web::AppError::NotFound)?;
        let resource = crate::platform::comments::ResourceRef::new(KIND, amendment.proposal_id)
            .ok_or(crate::web::AppError::NotFound)?;
        let resolved = crate::platform::comments::resolve(db, user, resource).await?;
        Ok(crate::platform::moderation::Reportable {
            space_id: resolved.space.id,
            author_id: Some(amendment.author_id),
            link: format!("{}#amendment-{id}", resolved.host.url),
            excerpt: format!("{}\n\n{}", amendment.title, amendment.body)
                .chars()
                .take(500)
                .collect(),
        })
    })
}
