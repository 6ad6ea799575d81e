//! The polls component: members of a space create polls of every kind (proposal and consent,
//! single and multiple choice, score, ranked choice by Borda / instant-runoff / Schulze, dot
//! vote, majority judgment, meeting time, open question), vote and change their vote until the
//! poll closes, and read results counted by `agora-tally` with the method's explanation. An
//! anonymous poll stores who voted apart from what was voted (docs/SECURITY.md).

pub mod chart;
pub mod ics;
pub mod mail;
pub mod model;
pub mod reminders;
mod routes;
pub mod rules;
pub mod voters;

pub use routes::{find_zone, slot_title};

use serde_json::{Map, Value};

use super::{Manifest, Setting, SettingKind};

pub const MANIFEST: Manifest = Manifest {
    kind: "polls",
    path: "polls",
    name_key: "component-polls",
    settings: &[
        Setting {
            key: "poll_creation",
            kind: SettingKind::Choice {
                default: "participants",
                choices: &["participants", "admins"],
            },
            label_key: "polls-setting-poll-creation",
        },
        Setting {
            key: "default_hide_results",
            kind: SettingKind::Choice {
                default: "until_vote",
                choices: rules::HIDE_RESULTS,
            },
            label_key: "polls-setting-default-hide-results",
        },
        Setting {
            key: "default_anonymous",
            kind: SettingKind::Bool { default: false },
            label_key: "polls-setting-default-anonymous",
        },
    ],
    phase_settings: &[Setting {
        key: "creation_enabled",
        kind: SettingKind::Bool { default: true },
        label_key: "polls-setting-creation-enabled",
    }],
    actions: &["create", "vote"],
    content_editor: false,
    router: routes::router,
};

/// The settings in force for a polls component, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Only space admins create polls (otherwise every participant may).
    pub admins_only: bool,
    pub creation_enabled: bool,
    pub default_hide_results: String,
    pub default_anonymous: bool,
}

impl Settings {
    pub fn from_map(map: &Map<String, Value>) -> Settings {
        Settings {
            admins_only: map.get("poll_creation").and_then(Value::as_str) == Some("admins"),
            creation_enabled: map.get("creation_enabled") != Some(&Value::Bool(false)),
            default_hide_results: map
                .get("default_hide_results")
                .and_then(Value::as_str)
                .unwrap_or("until_vote")
                .to_string(),
            default_anonymous: map.get("default_anonymous") == Some(&Value::Bool(true)),
        }
    }
}

/// Creates a published polls component in a space (used by the demo and tests).
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

/// The demo meeting poll's time zone.
const MEETING_ZONE: &str = "Europe/Paris";

/// Demo content: an open poll of every type in a space, some with hidden results, one
/// anonymous, and a few votes from `voters` (the first one writes the polls).
pub async fn create_demo_polls(
    db: &crate::db::Db,
    space_id: i64,
    people: &[i64],
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let component = create_component(db, space_id, "Decisions", &Map::new()).await?;
    let author = people.first().copied().ok_or("no demo author")?;
    let closes = crate::db::now() + 14 * 24 * 3600;
    let grades: Vec<String> = ["Reject", "Poor", "Fair", "Good", "Very good", "Excellent"]
        .iter()
        .map(|g| g.to_string())
        .collect();
    // (type, title, options, method, hidden results, anonymous, votes as API ballots)
    type DemoPoll<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        bool,
        &'a [&'a str],
    );
    let polls: &[DemoPoll] = &[
        (
            "proposal",
            "Adopt the new charter",
            "",
            "consent",
            "off",
            false,
            &[r#"{"choice":0}"#, r#"{"choice":1}"#],
        ),
        (
            "single_choice",
            "Where do we hold the summer party?",
            "Community garden\nRiverside park\nOur workshop",
            "",
            "until_vote",
            false,
            &[r#"{"choice":0}"#, r#"{"choice":2}"#],
        ),
        (
            "multiple_choice",
            "Which tools should we share?",
            "Drill\nLadder\nSewing machine\nBike trailer",
            "",
            "off",
            false,
            &[r#"{"choices":[0,1]}"#, r#"{"choices":[1,3]}"#],
        ),
        (
            "score",
            "Rate the three logo drafts",
            "Draft A\nDraft B\nDraft C",
            "",
            "until_closed",
            false,
            &[r#"{"scores":{"0":4,"1":2,"2":5}}"#],
        ),
        (
            "ranked_choice",
            "Elect our next project",
            "Repair café\nSeed library\nTool library\nBook exchange",
            "schulze",
            "off",
            false,
            &[r#"{"ranking":[2,0,1]}"#, r#"{"ranking":[0,2,3]}"#],
        ),
        (
            "ranked_choice",
            "Name of the newsletter",
            "The Commons\nShared Roots\nTogether",
            "irv",
            "until_vote",
            false,
            &[r#"{"ranking":[1,0]}"#, r#"{"ranking":[0,1]}"#],
        ),
        (
            "dot_vote",
            "Split our 10 volunteer hours",
            "Garden\nRepairs\nAccounting",
            "",
            "off",
            false,
            &[r#"{"scores":{"0":6,"1":4}}"#],
        ),
        (
            "majority_judgment",
            "How good is each workshop idea?",
            "Bread making\nBike repair\nComposting",
            "",
            "until_closed",
            false,
            &[],
        ),
        (
            "meeting",
            "When do we meet next month?",
            "",
            "",
            "off",
            false,
            &[r#"{"scores":{"0":2,"1":1,"2":0}}"#],
        ),
        (
            "question",
            "What should the association do next year?",
            "",
            "",
            "off",
            false,
            &[r#"{"reason":"Open a tool library."}"#],
        ),
        (
            "single_choice",
            "Should membership fees go up? (secret ballot)",
            "Yes\nNo",
            "",
            "until_closed",
            true,
            &[],
        ),
    ];
    let secret = crate::platform::secrets::ServerSecret::random();
    // Meeting slots: 18:00, 18:30 and 10:00 Paris time three, five and seven weeks ahead.
    let day = |weeks: i64, hour: i8, minute: i8| {
        let date = jiff::Timestamp::from_second(crate::db::now())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .saturating_add(jiff::Span::new().weeks(weeks));
        routes::parse_slot(&format!("{date} {hour:02}:{minute:02}"), MEETING_ZONE).unwrap_or(0)
    };
    let slots = [day(3, 18, 0), day(5, 18, 30), day(7, 10, 0)];
    for (poll_type, title, options, method, hide, anonymous, votes) in polls {
        let mut list: Vec<(String, Option<String>)> = match *poll_type {
            "proposal" => rules::CONSENT_POSITIONS
                .iter()
                .map(|c| (c.to_string(), Some(c.to_string())))
                .collect(),
            "question" => Vec::new(),
            "meeting" => slots
                .iter()
                .map(|t| (routes::slot_title(*t, MEETING_ZONE), None))
                .collect(),
            _ => options.split('\n').map(|o| (o.to_string(), None)).collect(),
        };
        if *poll_type == "single_choice" && !anonymous {
            list.push(("none of the above".into(), Some("none".into())));
        }
        let id = model::create(
            db,
            &model::NewPoll {
                component_id: component,
                author_id: author,
                poll_type,
                title,
                details: "",
                method,
                min_choices: 1,
                max_choices: 2,
                score_min: 0,
                score_max: 5,
                points: 10,
                grades: &grades,
                anonymous: *anonymous,
                hide_results: hide,
                reason: if *poll_type == "question" {
                    "required"
                } else {
                    "optional"
                },
                reason_max: 500,
                shuffle: false,
                none_of_the_above: list.iter().any(|o| o.1.is_some()) && *poll_type != "proposal",
                closes_at: Some(closes),
                open: true,
                slot_starts: if *poll_type == "meeting" {
                    slots.to_vec()
                } else {
                    Vec::new()
                },
                time_zone: if *poll_type == "meeting" {
                    MEETING_ZONE
                } else {
                    ""
                },
                slot_minutes: 90,
                quorum_percent: (*poll_type == "proposal").then_some(50),
                pass_percent: (*poll_type == "proposal").then_some(60),
                pass_base: "cast",
                voters: Vec::new(),
                options: list,
                thread_id: None,
            },
        )
        .await?;
        let poll = model::find(db, id).await?.ok_or("demo poll")?;
        let ids: Vec<i64> = model::options(db, id).await?.iter().map(|o| o.id).collect();
        for (voter, ballot) in people.iter().skip(1).zip(votes.iter()) {
            // Demo ballots name options by position; stored ballots use their ids.
            let Ok(by_position) = serde_json::from_str::<rules::Ballot>(ballot) else {
                continue;
            };
            let to_id = |p: i64| ids.get(p as usize).copied().unwrap_or(-1);
            let parsed = rules::Ballot {
                choice: by_position.choice.map(to_id),
                choices: by_position
                    .choices
                    .map(|c| c.into_iter().map(to_id).collect()),
                scores: by_position
                    .scores
                    .map(|s| s.into_iter().map(|(k, v)| (to_id(k), v)).collect()),
                ranking: by_position
                    .ranking
                    .map(|r| r.into_iter().map(to_id).collect()),
                reason: by_position.reason,
            };
            let opts: Vec<_> = model::options(db, id)
                .await?
                .iter()
                .map(model::PollOption::opt)
                .collect();
            if let Ok(checked) = rules::check_ballot(&poll.shape(), &opts, &parsed) {
                model::vote(db, &secret, &poll, *voter, &checked).await?;
            }
        }
    }
    Ok(())
}
