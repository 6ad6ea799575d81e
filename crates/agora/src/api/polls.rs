//! `GET /api/v1/spaces/{id}/polls`, `GET /api/v1/polls/{id}` and `PUT`/`DELETE
//! /api/v1/polls/{id}/vote`: polls through the API, with the same access checks, ballot
//! rules and result visibility as their pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::access::{visible, visible_component};
use super::auth::Caller;
use super::problem::Problem;
use crate::app::AppState;
use crate::components::loaded::Placed;
use crate::components::polls::MANIFEST;
use crate::components::polls::model::{self, Poll, PollOption, VoteOutcome};
use crate::components::polls::rules::{self, Ballot, Status};
use crate::components::polls::voters::{self, MayVote};
use crate::components::store;
use crate::db::Db;
use crate::i18n::{I18n, Locale};
use crate::platform::permissions::Actor;
use crate::platform::spaces::{self, Space};

#[derive(Serialize)]
pub struct OptionDoc {
    pub id: i64,
    pub title: String,
    /// Meeting polls: the slot's start, Unix seconds (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<i64>,
}

#[derive(Serialize)]
pub struct OptionResult {
    pub id: i64,
    pub title: String,
    /// Votes, approvals, sum of scores, points, first choices, "yes" answers or (majority
    /// judgment) the index of the majority grade, depending on the type.
    pub value: i64,
    pub percent_of_votes: Option<f64>,
    pub percent_of_eligible: Option<f64>,
}

#[derive(Serialize)]
pub struct VoteDoc {
    pub voter: String,
    pub ballot: Ballot,
}

#[derive(Serialize)]
pub struct ResultsDoc {
    pub ballots: u64,
    /// `null` in public spaces, where anyone signed in may vote.
    pub eligible_voters: Option<usize>,
    pub options: Vec<OptionResult>,
    /// The option that comes first, when the method names one.
    pub winner: Option<i64>,
    pub tie_broken: bool,
    /// agora-tally's result: rounds (instant-runoff), pairwise matrix (Schulze), grade
    /// distributions (majority judgment), outcome (proposal)...
    pub details: Option<Value>,
    /// Who voted what (named polls only; never for anonymous polls): one page of them, by
    /// voter name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub votes: Option<Vec<VoteDoc>>,
    /// The reasons given, without voters (anonymous polls only): one page of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<String>>,
    /// The page of `votes` (or `reasons`) this is, from 1.
    pub page: i64,
    /// Votes (or reasons) per page.
    pub per_page: i64,
    /// How many pages of votes (or reasons) there are.
    pub pages: i64,
    /// How many votes (or reasons) there are across all pages.
    pub total: i64,
    /// Closed polls with a quorum: whether it was met (`null` otherwise, or when it cannot
    /// be measured).
    pub quorum_met: Option<bool>,
    /// Closed polls with a pass threshold: whether the proposal (agree) or the winner passed.
    pub passed: Option<bool>,
    /// The numbers behind `quorum_met` and `passed` (closed polls with either rule).
    pub verdict: Option<rules::Verdict>,
}

#[derive(Serialize)]
pub struct OutcomeDoc {
    pub text: String,
    pub option_id: Option<i64>,
    pub review_at: Option<i64>,
}

#[derive(Serialize)]
pub struct PollDoc {
    pub id: i64,
    pub component_id: i64,
    pub title: String,
    /// Markdown.
    pub details: String,
    pub poll_type: String,
    /// `borda`, `irv` or `schulze` (ranked choice); `proposal` or `consent` (proposal).
    pub method: Option<String>,
    pub status: &'static str,
    pub hide_results: String,
    pub anonymous: bool,
    pub reason: String,
    /// Unix seconds.
    pub closes_at: Option<i64>,
    pub options: Vec<OptionDoc>,
    pub voters_count: i64,
    /// True when only voters the author picked may vote.
    pub specified_voters: bool,
    /// Whether the caller may vote in this poll now (`null` when not signed in).
    pub may_vote: Option<bool>,
    /// Quorum in percent of eligible voters, if any.
    pub quorum_percent: Option<i64>,
    /// Pass threshold in percent, if any, counted over `pass_base`: `cast` or `eligible`.
    pub pass_percent: Option<i64>,
    pub pass_base: String,
    /// Meeting polls: the IANA time zone the slots are shown in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Meeting polls: each slot's length in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot_minutes: Option<i64>,
    /// Absent whenever the caller may not see the results yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<ResultsDoc>,
    pub outcome: Option<OutcomeDoc>,
    pub links: Links,
}

#[derive(Serialize)]
pub struct Links {
    #[serde(rename = "self")]
    pub this: String,
    pub html: String,
}

fn english() -> I18n {
    I18n::new(Locale::En)
}

fn option_title(i18n: &I18n, poll: &Poll, option: &PollOption) -> String {
    if let Some(start) = option.starts_at {
        // The slot in the poll's zone, as written: `2026-12-03 18:00`.
        return crate::components::polls::slot_title(start, poll.zone());
    }
    match option.code.as_deref() {
        Some("none") => i18n.t("polls-none-of-the-above"),
        Some(code) if poll.method == "consent" => i18n.t(&format!("polls-consent-{code}")),
        Some(code) => i18n.t(&format!("polls-position-{code}")),
        None => option.title.clone(),
    }
}

fn round1(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// Votes (or reasons) per page of a poll's results unless asked otherwise, and at most: a poll
/// of 100,000 voters would otherwise be a document of several megabytes.
pub const VOTES_PER_PAGE: i64 = 100;
pub const VOTES_PER_PAGE_MAX: i64 = 1000;

/// Which page of a poll's votes to return (`?page=&per_page=`), checked.
#[derive(Clone, Copy, Debug)]
pub struct VotesPage {
    pub page: i64,
    pub per_page: i64,
}

/// The query of `GET /polls/{id}`: a page of its votes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PollQuery {
    page: Option<String>,
    per_page: Option<String>,
}

impl PollQuery {
    fn checked(&self) -> Result<VotesPage, Problem> {
        Ok(VotesPage {
            page: super::comments::number("page", self.page.as_deref(), 1, 1_000_000)?,
            per_page: super::comments::number(
                "per_page",
                self.per_page.as_deref(),
                VOTES_PER_PAGE,
                VOTES_PER_PAGE_MAX,
            )?,
        })
    }
}

async fn results(
    db: &Db,
    space: &Space,
    poll: &Poll,
    options: &[PollOption],
    window: VotesPage,
) -> Result<ResultsDoc, Problem> {
    let i18n = english();
    // Counted from identical ballots grouped (as the page does); listed one page at a time.
    let contents = model::ballot_contents(db, poll.id).await?;
    let count = model::count_ballots(poll, options, &contents);
    let eligible = voters::turnout(db, space, poll, 0)
        .await?
        .map(|t| t.eligible);
    let ballots = contents.len() as i64;
    let people = matches!(
        poll.poll_type.as_str(),
        "proposal" | "single_choice" | "multiple_choice" | "meeting"
    ) || (poll.poll_type == "ranked_choice" && poll.method != "borda");
    let mut out = Vec::new();
    if let Some(count) = &count {
        let total: i64 = count.values.iter().sum();
        for (i, o) in options.iter().enumerate() {
            let value = count.values.get(i).copied().unwrap_or(0);
            let (of_votes, of_eligible) = if poll.poll_type == "majority_judgment" {
                (None, None)
            } else if people {
                (
                    round1(value, ballots),
                    eligible.and_then(|e| round1(value, e as i64)),
                )
            } else {
                (round1(value, total), None)
            };
            out.push(OptionResult {
                id: o.id,
                title: option_title(&i18n, poll, o),
                value,
                percent_of_votes: of_votes,
                percent_of_eligible: of_eligible,
            });
        }
    }
    let winner = count
        .as_ref()
        .and_then(|c| c.winner)
        .filter(|_| ballots > 0 && poll.poll_type != "proposal")
        .and_then(|i| options.get(i))
        .map(|o| o.id);
    let offset = (window.page - 1).saturating_mul(window.per_page);
    let (votes, reasons, listed) = if poll.anonymous {
        let (reasons, total) = model::reasons_window(db, poll.id, window.per_page, offset).await?;
        (None, Some(reasons), total)
    } else {
        // Past a page's worth, walk people in name order rather than sort every ballot's voter
        // (`model::first_named_ballots`); both give the same order.
        let stored = if ballots > window.per_page {
            model::named_ballots_window(db, poll.id, window.per_page, offset).await?
        } else {
            model::ballots_window(db, poll.id, window.per_page, offset).await?
        };
        let votes = stored
            .into_iter()
            .map(|b| VoteDoc {
                voter: b.voter.map(|v| v.1).unwrap_or_default(),
                ballot: b.ballot,
            })
            .collect();
        (Some(votes), None, ballots)
    };
    let verdict = model::verdict(poll, options, count.as_ref(), ballots as u64, eligible);
    Ok(ResultsDoc {
        quorum_met: verdict.as_ref().and_then(|v| v.quorum_met),
        passed: verdict.as_ref().and_then(|v| v.passed),
        verdict,
        ballots: ballots as u64,
        eligible_voters: eligible,
        options: out,
        winner,
        tie_broken: count.as_ref().is_some_and(|c| c.tie_broken),
        details: count.and_then(|c| c.details),
        votes,
        reasons,
        page: window.page,
        per_page: window.per_page,
        pages: (listed + window.per_page - 1) / window.per_page,
        total: listed,
    })
}

async fn doc(
    db: &Db,
    caller: &Caller,
    space: &Space,
    poll: Poll,
    with_results: Option<VotesPage>,
) -> Result<PollDoc, Problem> {
    let i18n = english();
    let options = model::options(db, poll.id).await?;
    let status = poll.status();
    let voted = match &caller.user {
        Some(user) => model::has_voted(db, poll.id, user.id).await?,
        None => false,
    };
    let may_vote = match &caller.user {
        Some(user) => Some(
            status == Status::Open
                && voters::may_vote(db, user, space, &poll).await? == MayVote::Yes,
        ),
        None => None,
    };
    let results = match with_results {
        Some(window) if rules::results_visible(&poll.hide_results, status, voted) => {
            Some(results(db, space, &poll, &options, window).await?)
        }
        _ => None,
    };
    Ok(PollDoc {
        links: Links {
            this: format!("/api/v1/polls/{}", poll.id),
            html: format!("/polls/{}/{}", poll.component_id, poll.id),
        },
        id: poll.id,
        component_id: poll.component_id,
        options: options
            .iter()
            .map(|o| OptionDoc {
                id: o.id,
                title: option_title(&i18n, &poll, o),
                starts_at: o.starts_at,
            })
            .collect(),
        status: status.as_str(),
        method: (!poll.method.is_empty()).then(|| poll.method.clone()),
        outcome: poll.outcome_text.clone().map(|text| OutcomeDoc {
            text,
            option_id: poll.outcome_option_id,
            review_at: poll.outcome_review_at,
        }),
        voters_count: poll.voters_count,
        specified_voters: poll.specified_voters,
        may_vote,
        quorum_percent: poll.quorum_percent,
        pass_percent: poll.pass_percent,
        pass_base: poll.pass_base.clone(),
        time_zone: (poll.poll_type == "meeting").then(|| poll.zone().to_string()),
        slot_minutes: (poll.poll_type == "meeting").then_some(poll.slot_minutes),
        results,
        title: poll.title,
        details: poll.details,
        poll_type: poll.poll_type,
        hide_results: poll.hide_results,
        anonymous: poll.anonymous,
        reason: poll.reason,
        closes_at: poll.closes_at,
    })
}

#[derive(Serialize)]
pub struct PollList {
    pub polls: Vec<PollDoc>,
}

/// The polls (not drafts) of a space's published polls components, newest first. Results
/// are not listed: ask each poll.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PollList>, Problem> {
    let db = &state.db;
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A space id is a whole number, not {id:?}.")))?;
    let not_found =
        || Problem::not_found(format!("There is no space {id}, or you may not see it."));
    let space = spaces::find(db, id).await?.ok_or_else(not_found)?;
    visible(db, &caller, &space, not_found).await?;
    let mut polls = Vec::new();
    for component in store::list_published(db, space.id).await? {
        if component.kind != MANIFEST.kind {
            continue;
        }
        for poll in model::list(db, component.id).await? {
            if poll.status() != Status::Draft {
                polls.push(doc(db, &caller, &space, poll, None).await?);
            }
        }
    }
    Ok(Json(PollList { polls }))
}

struct Found {
    poll: Poll,
    space: Space,
    /// The caller as the visibility check worked them out (reused to check their vote).
    actor: Actor,
}

/// The poll `id` when the caller may see it. `to_vote`: for the vote path, without counting
/// its voters (see `model::find_to_vote`).
async fn find(db: &Db, caller: &Caller, id: &str, to_vote: bool) -> Result<Found, Problem> {
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("A poll id is a whole number, not {id:?}.")))?;
    let not_found = || Problem::not_found(format!("There is no poll {id}, or you may not see it."));
    let poll = if to_vote {
        model::find_to_vote(db, id).await?
    } else {
        model::find(db, id).await?
    }
    .ok_or_else(not_found)?;
    if poll.status() == Status::Draft {
        return Err(not_found());
    }
    let Placed { space, actor, .. } = visible_component(
        db,
        caller,
        poll.component_id,
        MANIFEST.kind,
        Some(("poll", poll.id)),
        not_found,
    )
    .await?;
    model::seal_if_due(db, &space, &poll).await?;
    Ok(Found { poll, space, actor })
}

/// One poll, with its results when the caller may see them (one page of its votes).
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<PollQuery>,
) -> Result<Json<PollDoc>, Problem> {
    let window = query.checked()?;
    let found = find(&state.db, &caller, &id, false).await?;
    Ok(Json(
        doc(&state.db, &caller, &found.space, found.poll, Some(window)).await?,
    ))
}

/// The caller's vote after a change.
#[derive(Serialize)]
pub struct VoteResult {
    pub poll_id: i64,
    pub voted: bool,
    /// Shown once: keep it to find your ballot in the ballot list after closing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballot: Option<Ballot>,
}

/// The caller, when they may vote in this poll (the same check as the pages); else a 403
/// problem saying why.
async fn may_vote(db: &Db, caller: &Caller, found: &Found) -> Result<i64, Problem> {
    let user = caller.require_user()?;
    match voters::may_vote_as(db, &found.actor, user, &found.space, &found.poll).await? {
        MayVote::Yes => Ok(user.id),
        MayVote::NotParticipant => Err(Problem::new(
            StatusCode::FORBIDDEN,
            "You may not take part in this space (only its members may).",
        )),
        MayVote::NotSpecified => Err(Problem::new(
            StatusCode::FORBIDDEN,
            "Only the voters the author of this poll picked may vote in it, and you are not one of them.",
        )),
    }
}

/// Votes, or changes the caller's vote. A malformed ballot is a 400 problem saying why, and
/// changes nothing.
pub async fn vote(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<VoteResult>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id, true).await?;
    let user_id = may_vote(db, &caller, &found).await?;
    let ballot: Ballot = serde_json::from_slice(&body).map_err(|e| {
        Problem::bad_request(format!(
            "The body must be a JSON ballot: {{\"choice\": ID}}, {{\"choices\": [IDs]}}, \
             {{\"scores\": {{ID: n}}}} or {{\"ranking\": [IDs]}}, with an optional \"reason\" ({e})."
        ))
    })?;
    let options = model::options(db, found.poll.id).await?;
    let opts: Vec<_> = options.iter().map(PollOption::opt).collect();
    let ballot = rules::check_ballot(&found.poll.shape(), &opts, &ballot)
        .map_err(|e| Problem::bad_request(e.message(&english())))?;
    match model::vote(db, &state.config.secret, &found.poll, user_id, &ballot).await? {
        VoteOutcome::Voted { receipt } => Ok(Json(VoteResult {
            poll_id: found.poll.id,
            voted: true,
            receipt: Some(receipt),
            ballot: Some(ballot),
        })),
        VoteOutcome::Closed => Err(Problem::new(
            StatusCode::CONFLICT,
            "This poll is closed: your vote was not recorded.",
        )),
    }
}

/// Withdraws the caller's vote while the poll is open.
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<VoteResult>, Problem> {
    let db = &state.db;
    let found = find(db, &caller, &id, true).await?;
    let user_id = may_vote(db, &caller, &found).await?;
    if !model::withdraw(db, &state.config.secret, &found.poll, user_id).await? {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "You have no vote in this poll, or it is closed.",
        ));
    }
    Ok(Json(VoteResult {
        poll_id: found.poll.id,
        voted: false,
        receipt: None,
        ballot: None,
    }))
}
