//! `agora generate polls`: a group of 100,000 members and one open ranked-choice poll
//! (Schulze) for them, for the poll benchmark (bench/polls/ and docs/PERFORMANCE.md).
//!
//! The group is a private assembly of an organisation whose members are its eligible voters
//! (the space's rule, `polls::voters`). Each member has an API token and the ballot they are to
//! send through `PUT /api/v1/polls/{id}/vote`: the benchmark casts every vote over HTTP, so
//! what it measures is the real vote path, and the results page it measures afterwards counts
//! those 100,000 ballots. Rankings are drawn from a few camps with noise (deterministic for a
//! seed), so the Schulze count has real work and a clear winner.
//!
//! The frame goes through the normal functions; people, memberships and tokens are multi-row
//! `INSERT`s with explicit ids, one transaction per table, with one shared password hash (as
//! `generate budget` does).

use std::time::Instant;

use serde_json::Map;

use crate::components::polls::rules::Ballot;
use crate::components::polls::{self, model::NewPoll};
use crate::db::bulk::{Inserter, lit};
use crate::db::{self, Db};
use crate::generate::{EPOCH, next_id};
use crate::i18n::Locale;
use crate::platform::action_log::{self, Visibility as LogVisibility};
use crate::platform::permissions::Visibility;
use crate::platform::spaces::{self, NewSpace, SpaceKind};
use crate::platform::{organizations, secrets};

/// The password of every generated member.
pub const PASSWORD: &str = "poll-bench-2026";

/// What was generated.
pub struct Summary {
    pub organization_id: i64,
    pub space_id: i64,
    pub component_id: i64,
    pub poll_id: i64,
    /// The first member's id (the author); the others follow in order.
    pub first_user_id: i64,
    pub options: usize,
    /// One per member, in id order: their `Bearer` token and the JSON body of their vote.
    pub voters: Vec<(String, String)>,
    /// Seconds per step.
    pub timings: Vec<(&'static str, f64)>,
}

/// The options of the generated poll.
const OPTIONS: [&str; 10] = [
    "Community garden",
    "Repair café",
    "Tool library",
    "Bike workshop",
    "Reading room",
    "Youth club",
    "Night market",
    "Climbing wall",
    "Solar roof",
    "Bird hide",
];

/// Generates the group and its open poll, with `voters` members. Refuses when the organisation
/// exists already.
pub async fn polls(
    db: &Db,
    org_slug: &str,
    voters: usize,
    seed: u64,
) -> Result<Summary, Box<dyn std::error::Error + Send + Sync>> {
    let started = Instant::now();
    let mut timings = Vec::new();
    let mut step = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((name, step.elapsed().as_secs_f64()));
        step = Instant::now();
    };
    if organizations::find_by_slug(db, org_slug).await?.is_some() {
        return Err(format!("an organisation {org_slug:?} exists already").into());
    }
    let mut rng = seed.max(1);
    // xorshift64: deterministic, no dependency.
    let mut next = move |n: usize| -> usize {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n.max(1) as u64) as usize
    };

    // The frame, through the normal functions.
    let org = organizations::create(
        db,
        org_slug,
        "Poll benchmark",
        "A large association deciding by ranked vote.",
        Locale::En,
    )
    .await?;
    let space = spaces::create(
        db,
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Assembly,
            slug: "members",
            title: "All members",
            description: "Every member of the association.",
            visibility: Visibility::Private,
            published: true,
        },
    )
    .await?;
    let component_id = polls::create_component(db, space.id, "Polls", &Map::new()).await?;
    lap("frame", &mut timings);

    let n = voters;
    let user0 = next_id(db, "users").await?;
    let hash = lit(&secrets::hash_password(PASSWORD));
    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO users (id, email, name, password_hash, locale, confirmed_at, accepted_terms_at, created_at) VALUES ",
        );
        for i in 0..n {
            let at = EPOCH + i as i64;
            ins.row(format_args!(
                "{},{},'Member {i}',{hash},'en',{at},{at},{at}",
                user0 + i as i64,
                lit(&format!("member{i}@{org_slug}.test")),
            ))
            .await?;
        }
        ins.flush().await?;
    }
    tx.commit().await?;
    db::sync_id_sequence(db, "users").await?;
    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ",
        );
        for i in 0..n {
            let role = if i == 0 { "admin" } else { "member" };
            ins.row(format_args!(
                "{},{},'{role}',{EPOCH}",
                org.id,
                user0 + i as i64
            ))
            .await?;
        }
        ins.flush().await?;
    }
    tx.commit().await?;
    lap("members", &mut timings);

    let poll_id = polls::model::create(
        db,
        &NewPoll {
            component_id,
            author_id: user0,
            poll_type: "ranked_choice",
            title: "Which project should the association fund first?",
            details: "Rank the projects you care about, most wanted first.",
            method: "schulze",
            hide_results: "until_closed",
            reason: "optional",
            reason_max: 500,
            // Open for a month: the benchmark closes it after the votes.
            closes_at: Some(db::now() + 30 * 86_400),
            open: true,
            options: OPTIONS.iter().map(|t| (t.to_string(), None)).collect(),
            ..NewPoll::default()
        },
    )
    .await?;
    let option_ids = polls::model::options(db, poll_id)
        .await?
        .iter()
        .map(|o| o.id)
        .collect::<Vec<_>>();

    // Camps: each prefers its own order of the options; a voter ranks 3 to all of them, from
    // their camp's order with a few neighbours swapped.
    let camps: Vec<Vec<usize>> = (0..4)
        .map(|_| {
            let mut order: Vec<usize> = (0..option_ids.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, next(i + 1));
            }
            order
        })
        .collect();
    let mut bodies = Vec::with_capacity(n);
    for _ in 0..n {
        // Camp sizes 40/30/20/10 %.
        let camp = match next(10) {
            0..=3 => 0,
            4..=6 => 1,
            7..=8 => 2,
            _ => 3,
        };
        let mut order = camps[camp].clone();
        for _ in 0..2 {
            let i = next(order.len() - 1);
            order.swap(i, i + 1);
        }
        order.truncate(3 + next(order.len() - 2));
        let ranking: Vec<String> = order.iter().map(|&o| option_ids[o].to_string()).collect();
        bodies.push(format!("{{\"ranking\":[{}]}}", ranking.join(",")));
    }

    let mut out = Vec::with_capacity(n);
    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ",
        );
        for (i, body) in bodies.into_iter().enumerate() {
            let token = format!("agora_{}", secrets::new_token());
            ins.row(format_args!(
                "{},{},'bench',{EPOCH}",
                lit(&secrets::token_hash(&token)),
                user0 + i as i64
            ))
            .await?;
            out.push((token, body));
        }
        ins.flush().await?;
    }
    tx.commit().await?;
    lap("tokens", &mut timings);
    timings.push(("total", started.elapsed().as_secs_f64()));
    Ok(Summary {
        organization_id: org.id,
        space_id: space.id,
        component_id,
        poll_id,
        first_user_id: user0,
        options: option_ids.len(),
        voters: out,
        timings,
    })
}

/// Casts the ballots of the first `ballots` members of a generated poll directly in the
/// database, then closes it: what the benchmark of the results page needs, without the 100 s
/// of votes over HTTP. Each ballot is written as `polls::model::vote` writes a named one: a
/// participation, a ballot (random id, the content as the vote path stores it, the hash of a
/// receipt code nobody keeps), a history line and a `poll-voted` entry in the action log
/// (through `action_log::bulk`, so `agora verify` checks them as it checks real votes).
/// Closing goes through `polls::model::close`, so the turnout is kept as a real close keeps it.
/// Returns seconds per step.
pub async fn cast_and_close(
    db: &Db,
    summary: &Summary,
    ballots: usize,
) -> Result<Vec<(&'static str, f64)>, Box<dyn std::error::Error + Send + Sync>> {
    let mut timings = Vec::new();
    let mut step = Instant::now();
    let n = ballots.min(summary.voters.len());
    let now = db::now();
    let poll_id = summary.poll_id;
    let mut rows = Vec::with_capacity(n);
    for (i, (_, body)) in summary.voters.iter().take(n).enumerate() {
        let ballot: Ballot = serde_json::from_str(body)?;
        let receipt = secrets::new_token()[..20].to_uppercase();
        rows.push((
            secrets::random_row_id(),
            summary.first_user_id + i as i64,
            ballot.content(),
            polls::model::receipt_hash(&receipt),
        ));
    }
    let mut tx = db.begin().await?;
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO poll_participations (poll_id, user_id) VALUES ",
        );
        for (_, user_id, _, _) in &rows {
            ins.row(format_args!("{poll_id},{user_id}")).await?;
        }
        ins.flush().await?;
    }
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO poll_ballots (id, poll_id, user_id, voter_key, content, reason, receipt_hash, updated_at) VALUES ",
        );
        for (id, user_id, content, receipt_hash) in &rows {
            ins.row(format_args!(
                "{id},{poll_id},{user_id},NULL,{},NULL,{},{now}",
                lit(content),
                lit(receipt_hash)
            ))
            .await?;
        }
        ins.flush().await?;
    }
    {
        let mut ins = Inserter::new(
            &mut tx,
            "INSERT INTO poll_vote_history (poll_id, user_id, content, reason, created_at) VALUES ",
        );
        for (_, user_id, content, _) in &rows {
            ins.row(format_args!(
                "{poll_id},{user_id},{},NULL,{now}",
                lit(content)
            ))
            .await?;
        }
        ins.flush().await?;
    }
    tx.commit().await?;
    lap(&mut timings, &mut step, "ballots");

    // The votes' log entries, in ballot-id order (ids are random: no vote order to keep).
    if let (Some(low), Some(high)) = (
        rows.iter().map(|r| r.0).min(),
        rows.iter().map(|r| r.0).max(),
    ) {
        let link = format!("/polls/{}/{poll_id}", summary.component_id);
        let mut tx = db.begin().await?;
        action_log::bulk::append_existing_where(
            &mut tx,
            "poll_ballot",
            "poll-voted",
            LogVisibility::Public,
            low..=high,
            &format!("AND x.poll_id = {poll_id}"),
            |_, columns| action_log::bulk::Described {
                // The canonical columns: id, poll, voter, ...
                actor_id: columns
                    .get(2)
                    .cloned()
                    .flatten()
                    .and_then(|t| t.parse().ok()),
                organization_id: Some(summary.organization_id),
                space_id: Some(summary.space_id),
                link: link.clone(),
                created_at: now,
            },
        )
        .await?;
        tx.commit().await?;
    }
    lap(&mut timings, &mut step, "log");
    if !polls::model::close(db, poll_id).await? {
        return Err("the generated poll could not be closed".into());
    }
    lap(&mut timings, &mut step, "close");
    Ok(timings)
}

fn lap(timings: &mut Vec<(&'static str, f64)>, step: &mut Instant, name: &'static str) {
    timings.push((name, step.elapsed().as_secs_f64()));
    *step = Instant::now();
}
