//! The pages of the polls component.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{self, Poll, PollOption, StoredBallot, VoteOutcome};
use super::rules::{self, Ballot, BallotError, Status};
use super::voters::{self, MayVote};
use super::{MANIFEST, Settings, chart, ics};
use crate::app::AppState;
use crate::components::store::Component;
use crate::db::{self, Db};
use crate::i18n::I18n;
use crate::platform::markdown;
use crate::platform::organizations::Organization;
use crate::platform::permissions::Action;
use crate::platform::spaces::Space;
use crate::web::{AppError, Ctx, Form, render, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/polls/{cid}", get(list))
        .route("/polls/{cid}/new", get(new_form).post(create))
        .route("/polls/{cid}/{pid}", get(show))
        .route("/polls/{cid}/{pid}/vote", post(vote))
        .route("/polls/{cid}/{pid}/withdraw", post(withdraw))
        .route(
            "/polls/{cid}/{pid}/settings",
            get(settings_form).post(save_settings),
        )
        .route("/polls/{cid}/{pid}/open", post(open))
        .route("/polls/{cid}/{pid}/close", post(close))
        .route("/polls/{cid}/{pid}/closing", post(closing))
        .route("/polls/{cid}/{pid}/outcome", post(outcome))
        .route("/polls/{cid}/{pid}/votes.csv", get(export))
        .route("/polls/{cid}/{pid}/voters", post(save_voters))
        .route("/polls/{cid}/{pid}/outcome.ics", get(outcome_ics))
}

/// A polls component with everything its pages need, once access was checked.
pub type Loaded = crate::components::loaded::Loaded<Settings>;

impl Loaded {
    fn user_id(&self) -> Option<i64> {
        self.ctx.user().map(|u| u.id)
    }
    /// May the person manage this poll (close, extend, settings, outcome)?
    fn manages(&self, poll: &Poll) -> bool {
        self.can(Action::AdminSpace)
            || (self.user_id() == Some(poll.author_id) && self.can(Action::Participate))
    }
    fn may_create(&self) -> bool {
        if self.can(Action::AdminSpace) {
            return true;
        }
        // In a group, the group's flag decides (see `permissions::permits`, `CreatePoll`).
        self.settings.creation_enabled && !self.settings.admins_only && self.can(Action::CreatePoll)
    }
}

/// Loads a polls component: 404 when the person may not see its space, or when it is
/// unpublished and they do not administer the space.
pub async fn load(db: &Db, ctx: Ctx, id: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load(db, ctx, id, &MANIFEST, Settings::from_map).await
}

/// Loads a polls component for the pages of poll `pid`: its guests get in too.
async fn load_for_poll(db: &Db, ctx: Ctx, id: i64, pid: i64) -> Result<Loaded, AppError> {
    crate::components::loaded::load_item(db, ctx, id, &MANIFEST, Settings::from_map, ("poll", pid))
        .await
}

/// Checks `action` with the actor the page was loaded with (a poll's guest included).
async fn require(_db: &Db, loaded: &Loaded, action: Action, back: &str) -> Result<(), AppError> {
    if loaded.can(action) {
        Ok(())
    } else if loaded.ctx.user().is_none() {
        Err(AppError::SignInRequired(back.to_string()))
    } else {
        Err(AppError::Forbidden)
    }
}

/// A poll of the loaded component that the person may see (drafts: its managers only).
async fn load_poll(db: &Db, loaded: &Loaded, pid: i64) -> Result<Poll, AppError> {
    let poll = model::find(db, pid)
        .await?
        .filter(|p| p.component_id == loaded.component.id)
        .ok_or(AppError::NotFound)?;
    if poll.status() == Status::Draft && !loaded.manages(&poll) {
        return Err(AppError::NotFound);
    }
    model::seal_if_due(db, &loaded.space, &poll).await?;
    Ok(poll)
}

/// A time zone by IANA name (`Europe/Paris`, from the system's tzdb), or a fixed offset
/// (`UTC+05:30`) for systems without one.
pub fn find_zone(name: &str) -> Option<jiff::tz::TimeZone> {
    if let Ok(zone) = jiff::tz::TimeZone::get(name) {
        return Some(zone);
    }
    let rest = name.strip_prefix("UTC")?;
    let (sign, rest) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    let offset = jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()?;
    Some(jiff::tz::TimeZone::fixed(offset))
}

fn tz(time_zone: &str) -> jiff::tz::TimeZone {
    find_zone(time_zone).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// The time zones a meeting poll may use: the system's tzdb names, else whole UTC offsets.
fn zone_names() -> Vec<String> {
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .filter(|n| n.contains('/') || n == "UTC")
        .collect();
    if !names.is_empty() {
        return names;
    }
    (-12..=14)
        .map(|h: i32| {
            if h == 0 {
                "UTC".to_string()
            } else {
                format!("UTC{}{:02}:00", if h < 0 { '-' } else { '+' }, h.abs())
            }
        })
        .collect()
}

/// A meeting slot as the author writes it (`2026-12-03 18:00`), read in `zone`: Unix seconds.
pub(super) fn parse_slot(text: &str, zone: &str) -> Option<i64> {
    let text = text.trim().replacen('T', " ", 1);
    let civil: jiff::civil::DateTime = text.parse().ok()?;
    civil
        .to_zoned(find_zone(zone)?)
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// A slot as the author wrote it, in the poll's zone (`2026-12-03 18:00`).
pub fn slot_title(timestamp: i64, zone: &str) -> String {
    jiff::Timestamp::from_second(timestamp)
        .map(|t| t.to_zoned(tz(zone)).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The zone's name and its offset at `timestamp`: `Europe/Paris (UTC+01:00)`.
fn zone_label(zone: &str, timestamp: i64) -> String {
    let offset = jiff::Timestamp::from_second(timestamp)
        .map(|t| tz(zone).to_offset(t))
        .unwrap_or(jiff::tz::Offset::UTC);
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let (h, m) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    format!("{zone} (UTC{sign}{h:02}:{m:02})")
}

/// A date as people read it (`21 novembre 2026`), in the organisation's time zone.
pub fn format_date(i18n: &I18n, timestamp: i64, time_zone: &str) -> String {
    let Ok(ts) = jiff::Timestamp::from_second(timestamp) else {
        return String::new();
    };
    let date = ts.to_zoned(tz(time_zone)).date();
    let month = i18n.t(&format!("org-month-{}", date.month()));
    let month_year = i18n.t2("org-month-year", "month", month, "year", date.year());
    i18n.t2("org-date", "day", date.day(), "month_year", month_year)
}

/// A date and time (`21 novembre 2026, 18:00`).
pub fn format_time(i18n: &I18n, timestamp: i64, time_zone: &str) -> String {
    let Ok(ts) = jiff::Timestamp::from_second(timestamp) else {
        return String::new();
    };
    let time = ts.to_zoned(tz(time_zone)).time();
    // French writes `14 h 30` (see the glossary); the others `14:30`.
    let clock = if i18n.lang() == "fr" {
        format!("{} h {:02}", time.hour(), time.minute())
    } else {
        format!("{:02}:{:02}", time.hour(), time.minute())
    };
    i18n.t2(
        "polls-date-time",
        "date",
        format_date(i18n, timestamp, time_zone),
        "time",
        clock,
    )
}

/// Reads `2026-11-28T18:00` (a `datetime-local` field) in the organisation's time zone.
fn parse_time(text: &str, time_zone: &str) -> Option<i64> {
    let text = text.trim();
    let civil: jiff::civil::DateTime = text.parse().ok().or_else(|| {
        text.parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.at(23, 59, 0, 0))
    })?;
    civil
        .to_zoned(tz(time_zone))
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// The `datetime-local` form of a time.
fn input_time(timestamp: Option<i64>, time_zone: &str) -> String {
    timestamp
        .and_then(|t| jiff::Timestamp::from_second(t).ok())
        .map(|t| {
            t.to_zoned(tz(time_zone))
                .datetime()
                .strftime("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

fn field(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

fn checked(form: &[(String, String)], name: &str) -> bool {
    form.iter().any(|(k, _)| k == name)
}

/// An option's label in the reader's language (positions and "none of the above" are
/// translated; written options are shown as written).
pub fn option_label(i18n: &I18n, poll: &Poll, option: &PollOption) -> String {
    if let Some(start) = option.starts_at {
        return format_time(i18n, start, poll.zone());
    }
    match option.code.as_deref() {
        Some("none") => i18n.t("polls-none-of-the-above"),
        Some(code) if poll.method == "consent" => i18n.t(&format!("polls-consent-{code}")),
        Some(code) => i18n.t(&format!("polls-position-{code}")),
        None => option.title.clone(),
    }
}

/// A ballot in words: "A", "A, B", "1. A 2. B", "A: 4 · B: 2", "A: yes".
pub fn describe(i18n: &I18n, poll: &Poll, options: &[PollOption], ballot: &Ballot) -> String {
    let label = |id: i64| {
        options
            .iter()
            .find(|o| o.id == id)
            .map(|o| option_label(i18n, poll, o))
            .unwrap_or_else(|| "?".into())
    };
    if let Some(choice) = ballot.choice {
        return label(choice);
    }
    if let Some(choices) = &ballot.choices {
        return choices
            .iter()
            .map(|id| label(*id))
            .collect::<Vec<_>>()
            .join(", ");
    }
    if let Some(ranking) = &ballot.ranking {
        return ranking
            .iter()
            .enumerate()
            .map(|(i, id)| format!("{}. {}", i + 1, label(*id)))
            .collect::<Vec<_>>()
            .join(" · ");
    }
    if let Some(scores) = &ballot.scores {
        return options
            .iter()
            .filter_map(|o| scores.get(&o.id).map(|v| (o, *v)))
            .map(|(o, v)| {
                let value = match poll.poll_type.as_str() {
                    "meeting" => i18n.t(&format!("polls-meeting-{}", meeting_answer(v))),
                    "majority_judgment" => poll.grades.get(v as usize).cloned().unwrap_or_default(),
                    _ => v.to_string(),
                };
                format!("{}: {value}", option_label(i18n, poll, o))
            })
            .collect::<Vec<_>>()
            .join(" · ");
    }
    String::new()
}

fn meeting_answer(score: i64) -> &'static str {
    rules::MEETING_ANSWERS
        .iter()
        .find(|(_, v)| *v == score)
        .map(|(a, _)| *a)
        .unwrap_or("no")
}

// ----- list -----

struct Card {
    poll: Poll,
    status: &'static str,
    type_label: String,
    closes: String,
}

#[derive(Template)]
#[template(path = "components/polls/list.html")]
struct ListView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    cards: Vec<Card>,
    can_create: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let polls = model::list(&state.db, cid).await?;
    let i18n = &loaded.ctx.i18n;
    let cards = polls
        .into_iter()
        .filter(|p| p.status() != Status::Draft || loaded.manages(p))
        .map(|p| Card {
            status: p.status().as_str(),
            type_label: i18n.t(&format!("polls-type-{}", p.poll_type)),
            closes: p
                .end()
                .map(|t| format_time(i18n, t, &loaded.org.time_zone))
                .unwrap_or_default(),
            poll: p,
        })
        .collect();
    let can_create = loaded.may_create() || loaded.ctx.user().is_none();
    render(&ListView {
        cards,
        can_create,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

// ----- new poll -----

struct FieldError {
    field: &'static str,
    message: String,
}

#[derive(Template)]
#[template(path = "components/polls/form.html")]
struct FormView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    form: Vec<(String, String)>,
    errors: Vec<FieldError>,
    default_grades: String,
    /// The members an author may pick as voters.
    candidates: voters::Pickable,
    zones: Vec<String>,
}

impl FormView {
    fn hide_choices(&self) -> Vec<&'static str> {
        rules::HIDE_RESULTS.to_vec()
    }
    fn picked(&self, id: &i64) -> bool {
        picked(&self.form, *id)
    }
    fn people(&self) -> Option<&Vec<(i64, String)>> {
        self.candidates.people()
    }
    fn no_pick_reason(&self) -> String {
        self.candidates.reason(&self.ctx.i18n)
    }
    fn value(&self, name: &str) -> String {
        field(&self.form, name)
    }
    fn is(&self, name: &str, value: &str) -> bool {
        field(&self.form, name) == value
    }
    fn on(&self, name: &str) -> bool {
        checked(&self.form, name)
    }
    fn error_for(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.as_str())
    }
}

fn default_grades(i18n: &I18n) -> String {
    (0..rules::DEFAULT_GRADES)
        .map(|g| i18n.t(&format!("polls-grade-{g}")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Is this person ticked in the form's `voters` list?
fn picked(form: &[(String, String)], id: i64) -> bool {
    form.iter()
        .any(|(k, v)| k == "voters" && v.trim() == id.to_string())
}

async fn form_view(
    db: &Db,
    loaded: Loaded,
    form: Vec<(String, String)>,
    errors: Vec<FieldError>,
) -> Result<FormView, AppError> {
    let candidates = voters::pickable(db, &loaded.space).await?;
    Ok(FormView {
        candidates,
        zones: zone_names(),
        default_grades: default_grades(&loaded.ctx.i18n),
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        form,
        errors,
    })
}

/// The specified voters picked in a form (`specified` ticked, `voters` ids), checked against
/// the members of the space: a forged id is refused, never stored. Empty: the space's rule.
async fn parse_voters(
    db: &Db,
    loaded: &Loaded,
    form: &[(String, String)],
    errors: &mut Vec<FieldError>,
) -> Result<Vec<i64>, AppError> {
    if !checked(form, "specified") {
        return Ok(Vec::new());
    }
    let i18n = &loaded.ctx.i18n;
    let Some(candidates) = voters::space_voters(db, &loaded.space).await? else {
        errors.push(FieldError {
            field: "specified",
            message: i18n.t("polls-error-voters-public"),
        });
        return Ok(Vec::new());
    };
    let mut ids = Vec::new();
    for (k, v) in form {
        if k != "voters" {
            continue;
        }
        match v.trim().parse::<i64>() {
            Ok(id) if candidates.iter().any(|(c, _)| *c == id) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => {
                errors.push(FieldError {
                    field: "specified",
                    message: i18n.t("polls-error-voters-unknown"),
                });
                return Ok(Vec::new());
            }
        }
    }
    if ids.is_empty() {
        errors.push(FieldError {
            field: "specified",
            message: i18n.t("polls-error-voters-empty"),
        });
    }
    Ok(ids)
}

/// The thread a new poll is started from (`?thread=ID` on the form, `thread_id` when posted):
/// one of the same space, still open. 404 for any other id.
async fn started_from(
    db: &Db,
    loaded: &Loaded,
    id: Option<&str>,
) -> Result<Option<(i64, i64, String)>, AppError> {
    let Some(id) = id.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::BadRequest("thread_id must be a number".into()))?;
    let (component_id, title) =
        crate::components::threads::model::open_in_space(db, id, loaded.space.id)
            .await?
            .ok_or(AppError::NotFound)?;
    Ok(Some((id, component_id, title)))
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    require(
        &state.db,
        &loaded,
        Action::Participate,
        &format!("/polls/{cid}/new"),
    )
    .await?;
    if !loaded.may_create() {
        return Err(AppError::Forbidden);
    }
    let thread = started_from(&state.db, &loaded, query.get("thread").map(String::as_str)).await?;
    let defaults = vec![
        ("poll_type".to_string(), "single_choice".to_string()),
        ("method".into(), "schulze".into()),
        ("preset".into(), "proposal".into()),
        (
            "hide_results".into(),
            loaded.settings.default_hide_results.clone(),
        ),
        ("reason".into(), "optional".into()),
        ("reason_max".into(), "500".into()),
        ("min_choices".into(), "1".into()),
        ("max_choices".into(), "0".into()),
        ("score_min".into(), "0".into()),
        ("score_max".into(), "5".into()),
        ("points".into(), "10".into()),
        ("open".into(), "on".into()),
        ("time_zone".into(), loaded.org.time_zone.clone()),
        ("slot_minutes".into(), "60".into()),
        ("pass_base".into(), "cast".into()),
    ]
    .into_iter()
    .chain(
        loaded
            .settings
            .default_anonymous
            .then(|| ("anonymous".to_string(), "on".to_string())),
    )
    .chain(thread.map(|(id, _, _)| ("thread_id".to_string(), id.to_string())))
    .collect();
    render(&form_view(&state.db, loaded, defaults, Vec::new()).await?)
}

/// A new poll read from the form, or what is wrong with it.
struct Parsed {
    poll_type: String,
    title: String,
    details: String,
    method: String,
    min_choices: i64,
    max_choices: i64,
    score_min: i64,
    score_max: i64,
    points: i64,
    grades: Vec<String>,
    options: Vec<(String, Option<String>)>,
    closes_at: Option<i64>,
    slot_starts: Vec<i64>,
    time_zone: String,
    slot_minutes: i64,
    quorum_percent: Option<i64>,
    pass_percent: Option<i64>,
    pass_base: String,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn parse_poll(
    i18n: &I18n,
    form: &[(String, String)],
    time_zone: &str,
) -> Result<Parsed, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let err = |errors: &mut Vec<FieldError>, field: &'static str, message: String| {
        errors.push(FieldError { field, message })
    };
    let poll_type = field(form, "poll_type");
    if !rules::TYPES.contains(&poll_type.as_str()) {
        err(&mut errors, "poll_type", i18n.t("polls-error-type"));
    }
    let title = field(form, "title");
    if title.is_empty() {
        err(&mut errors, "title", i18n.t("polls-error-title-empty"));
    } else if title.chars().count() > rules::TITLE_MAX {
        err(
            &mut errors,
            "title",
            i18n.t1("polls-error-title-long", "max", rules::TITLE_MAX),
        );
    }
    let details = field(form, "details");
    if details.chars().count() > rules::DETAILS_MAX {
        err(
            &mut errors,
            "details",
            i18n.t1("polls-error-details-long", "max", rules::DETAILS_MAX),
        );
    }
    let number = |name: &str, default: i64| field(form, name).parse::<i64>().unwrap_or(default);
    let (mut min_choices, mut max_choices, mut score_min, mut score_max, mut points) =
        (0, 0, 0, 0, 0);
    let mut method = String::new();
    let mut grades = Vec::new();
    let mut options: Vec<(String, Option<String>)> = Vec::new();
    let mut slot_starts = Vec::new();
    let (mut meeting_zone, mut slot_minutes) = (String::new(), 60);
    match poll_type.as_str() {
        "proposal" => {
            method = field(form, "preset");
            if !rules::PROPOSAL_PRESETS.contains(&method.as_str()) {
                method = "proposal".into();
            }
            let codes = if method == "consent" {
                rules::CONSENT_POSITIONS
            } else {
                rules::POSITIONS
            };
            options = codes
                .iter()
                .map(|c| (c.to_string(), Some(c.to_string())))
                .collect();
        }
        "question" => {}
        _ => {
            let written = lines(&field(form, "options"));
            if written.len() < 2 {
                err(&mut errors, "options", i18n.t("polls-error-options-few"));
            } else if written.len() > rules::OPTIONS_MAX {
                err(
                    &mut errors,
                    "options",
                    i18n.t1("polls-error-options-many", "max", rules::OPTIONS_MAX),
                );
            } else if written
                .iter()
                .any(|o| o.chars().count() > rules::OPTION_MAX)
            {
                err(
                    &mut errors,
                    "options",
                    i18n.t1("polls-error-option-long", "max", rules::OPTION_MAX),
                );
            }
            if poll_type == "meeting" {
                // Slots are written in the poll's time zone and stored in UTC.
                meeting_zone = field(form, "time_zone");
                if meeting_zone.is_empty() {
                    meeting_zone = time_zone.to_string();
                }
                if find_zone(&meeting_zone).is_none() {
                    err(&mut errors, "time_zone", i18n.t("polls-error-time-zone"));
                } else {
                    for line in &written {
                        match parse_slot(line, &meeting_zone) {
                            Some(t) => slot_starts.push(t),
                            None => {
                                err(
                                    &mut errors,
                                    "options",
                                    i18n.t1("polls-error-slot", "slot", line.as_str()),
                                );
                                break;
                            }
                        }
                    }
                }
                slot_minutes = number("slot_minutes", 60);
                if !(5..=24 * 60).contains(&slot_minutes) {
                    err(
                        &mut errors,
                        "slot_minutes",
                        i18n.t("polls-error-slot-minutes"),
                    );
                }
                options = slot_starts
                    .iter()
                    .map(|t| (slot_title(*t, &meeting_zone), None))
                    .collect();
            } else {
                options = written.into_iter().map(|o| (o, None)).collect();
            }
        }
    }
    let (quorum_percent, pass_percent, pass_base) =
        parse_decision(i18n, form, &poll_type, &mut errors);
    let n = options.len() as i64;
    match poll_type.as_str() {
        "multiple_choice" => {
            min_choices = number("min_choices", 1);
            max_choices = number("max_choices", 0);
            if min_choices < 1
                || min_choices > n.max(1)
                || max_choices < 0
                || (max_choices > 0 && max_choices < min_choices)
                || max_choices > n.max(1)
            {
                err(&mut errors, "min_choices", i18n.t("polls-error-choices"));
            }
        }
        "score" => {
            score_min = number("score_min", 0);
            score_max = number("score_max", 5);
            if score_min < -100 || score_max > 100 || score_min >= score_max {
                err(&mut errors, "score_min", i18n.t("polls-error-score-range"));
            }
        }
        "dot_vote" => {
            points = number("points", 10);
            if !(1..=1000).contains(&points) {
                err(&mut errors, "points", i18n.t("polls-error-points"));
            }
        }
        "ranked_choice" => {
            method = field(form, "method");
            if !rules::RANKED_METHODS.contains(&method.as_str()) {
                err(&mut errors, "method", i18n.t("polls-error-method"));
            }
        }
        "majority_judgment" => {
            grades = lines(&field(form, "grades"));
            if grades.is_empty() {
                grades = default_grades(i18n).lines().map(String::from).collect();
            }
            if grades.len() < 2 || grades.len() > 10 {
                err(&mut errors, "grades", i18n.t("polls-error-grades"));
            }
        }
        _ => {}
    }
    if checked(form, "none_of_the_above") && rules::allows_none_of_the_above(&poll_type) {
        options.push(("none of the above".into(), Some("none".into())));
    }
    let closes_text = field(form, "closes_at");
    let closes_at = if closes_text.is_empty() {
        None
    } else {
        match parse_time(&closes_text, time_zone) {
            Some(t) if t > db::now() => Some(t),
            Some(_) => {
                err(&mut errors, "closes_at", i18n.t("polls-error-closes-past"));
                None
            }
            None => {
                err(&mut errors, "closes_at", i18n.t("polls-error-date"));
                None
            }
        }
    };
    if checked(form, "open")
        && closes_at.is_none()
        && !errors.iter().any(|e| e.field == "closes_at")
    {
        err(
            &mut errors,
            "closes_at",
            i18n.t("polls-error-closes-required"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Parsed {
        poll_type,
        title,
        details,
        method,
        min_choices,
        max_choices,
        score_min,
        score_max,
        points,
        grades,
        options,
        closes_at,
        slot_starts,
        time_zone: meeting_zone,
        slot_minutes,
        quorum_percent,
        pass_percent,
        pass_base,
    })
}

/// Quorum, pass threshold and its base (creation and settings forms), or what is wrong.
fn parse_decision(
    i18n: &I18n,
    form: &[(String, String)],
    poll_type: &str,
    errors: &mut Vec<FieldError>,
) -> (Option<i64>, Option<i64>, String) {
    let mut percent = |name: &'static str| -> Option<i64> {
        let text = field(form, name);
        if text.is_empty() {
            return None;
        }
        match text.parse::<i64>() {
            Ok(p) if (1..=100).contains(&p) => Some(p),
            _ => {
                errors.push(FieldError {
                    field: name,
                    message: i18n.t("polls-error-percent"),
                });
                None
            }
        }
    };
    let quorum = percent("quorum");
    let pass = percent("pass_threshold");
    if pass.is_some() && !rules::has_pass_threshold(poll_type) {
        errors.push(FieldError {
            field: "pass_threshold",
            message: i18n.t("polls-error-threshold-type"),
        });
    }
    let mut base = field(form, "pass_base");
    if base.is_empty() {
        base = "cast".into();
    }
    if !rules::PASS_BASES.contains(&base.as_str()) {
        errors.push(FieldError {
            field: "pass_base",
            message: i18n.t("polls-error-pass-base"),
        });
    }
    (quorum, pass, base)
}

/// Settings shared by creation and the settings form, or what is wrong with them.
fn parse_common(
    i18n: &I18n,
    form: &[(String, String)],
    errors: &mut Vec<FieldError>,
) -> (String, String, i64) {
    let hide = field(form, "hide_results");
    if !rules::HIDE_RESULTS.contains(&hide.as_str()) {
        errors.push(FieldError {
            field: "hide_results",
            message: i18n.t("polls-error-hide-results"),
        });
    }
    let reason = field(form, "reason");
    if !rules::REASONS.contains(&reason.as_str()) {
        errors.push(FieldError {
            field: "reason",
            message: i18n.t("polls-error-reason"),
        });
    }
    let reason_max = match field(form, "reason_max").parse::<i64>() {
        Ok(n) if (1..=rules::REASON_MAX_LIMIT).contains(&n) => n,
        _ => {
            errors.push(FieldError {
                field: "reason_max",
                message: i18n.t1("polls-error-reason-max", "max", rules::REASON_MAX_LIMIT),
            });
            500
        }
    };
    (hide, reason, reason_max)
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cid): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    require(
        &state.db,
        &loaded,
        Action::Participate,
        &format!("/polls/{cid}/new"),
    )
    .await?;
    if !loaded.may_create() {
        return Err(AppError::Forbidden);
    }
    let user_id = loaded.ctx.require_user()?.id;
    let thread = started_from(&state.db, &loaded, Some(field(&form, "thread_id").as_str())).await?;
    let i18n = loaded.ctx.i18n.clone();
    let parsed = parse_poll(&i18n, &form, &loaded.org.time_zone);
    let mut errors = Vec::new();
    let (hide, reason, reason_max) = parse_common(&i18n, &form, &mut errors);
    let specified = parse_voters(&state.db, &loaded, &form, &mut errors).await?;
    // Quorum and a threshold over eligible voters need a list of eligible voters.
    if let Ok(p) = &parsed
        && (p.quorum_percent.is_some() || (p.pass_percent.is_some() && p.pass_base == "eligible"))
        && specified.is_empty()
        && voters::space_voters(&state.db, &loaded.space)
            .await?
            .is_none()
    {
        errors.push(FieldError {
            field: "quorum",
            message: i18n.t("polls-error-quorum-public"),
        });
    }
    let parsed = match parsed {
        Ok(p) if errors.is_empty() => p,
        Ok(_) => {
            let view = form_view(&state.db, loaded, form, errors).await?;
            return Ok(with_status(
                render(&view)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
        Err(mut more) => {
            more.extend(errors);
            let view = form_view(&state.db, loaded, form, more).await?;
            return Ok(with_status(
                render(&view)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let id = model::create(
        &state.db,
        &model::NewPoll {
            component_id: cid,
            author_id: user_id,
            poll_type: &parsed.poll_type,
            title: &parsed.title,
            details: &parsed.details,
            method: &parsed.method,
            min_choices: parsed.min_choices,
            max_choices: parsed.max_choices,
            score_min: parsed.score_min,
            score_max: parsed.score_max,
            points: parsed.points,
            grades: &parsed.grades,
            anonymous: checked(&form, "anonymous"),
            hide_results: &hide,
            reason: if parsed.poll_type == "question" {
                "required"
            } else {
                &reason
            },
            reason_max,
            shuffle: checked(&form, "shuffle"),
            none_of_the_above: parsed
                .options
                .iter()
                .any(|o| o.1.as_deref() == Some("none")),
            closes_at: parsed.closes_at,
            open: checked(&form, "open"),
            options: parsed.options,
            slot_starts: parsed.slot_starts,
            time_zone: &parsed.time_zone,
            slot_minutes: parsed.slot_minutes,
            quorum_percent: parsed.quorum_percent,
            pass_percent: parsed.pass_percent,
            pass_base: &parsed.pass_base,
            voters: specified,
            thread_id: thread.map(|(id, _, _)| id),
        },
    )
    .await?;
    if model::find(&state.db, id)
        .await?
        .is_some_and(|p| p.opened_at.is_some())
    {
        super::mail::send_logged(
            &state.db,
            &state.config,
            id,
            super::mail::Event::Opened,
            user_id,
        )
        .await;
    }
    Ok(see_other(&format!("/polls/{cid}/{id}")))
}

// ----- show -----

/// One option of the vote form.
struct OptionField {
    id: i64,
    label: String,
    /// Current choice (radio/checkbox) of the person's vote.
    checked: bool,
    /// Current score, grade, answer or rank.
    value: String,
}

impl OptionField {
    fn has_value(&self, v: &i64) -> bool {
        self.value == v.to_string()
    }
}

/// One row of the results table.
struct ResultRow {
    label: String,
    value: String,
    pct_cast: String,
    pct_eligible: String,
    extra: String,
    winner: bool,
}

/// One instant-runoff round.
struct RoundRow {
    number: usize,
    votes: String,
    eliminated: String,
}

/// Who voted what, or (anonymous polls) the reasons alone.
struct VoteRow {
    name: Option<String>,
    summary: String,
    reason: Option<String>,
}

/// The results as a page shows them.
struct Results {
    ballots: u64,
    eligible: Option<usize>,
    value_label: String,
    extra_label: Option<String>,
    rows: Vec<ResultRow>,
    chart: String,
    explanation: String,
    winner: Option<String>,
    tie_broken: bool,
    verdict: Option<String>,
    /// After closing, with a quorum or a pass threshold: whether each was met, with numbers.
    decision: Vec<String>,
    rounds: Vec<RoundRow>,
    pairwise_head: Vec<String>,
    pairwise: Vec<(String, Vec<String>)>,
    votes: Vec<VoteRow>,
    /// The first LIST_SHOWN of those who may vote and have not, by name, and how many in all.
    not_voted: Vec<String>,
    not_voted_count: usize,
    /// Ballots beyond the LIST_SHOWN in `votes` / `ballot_list` (they are in the CSV export).
    listed_more: usize,
    /// Closed anonymous polls: the public ballot list (receipt hash, content).
    ballot_list: Vec<(String, String)>,
}

/// How many votes, non-voters and ballots a results page lists (a poll may have 100,000).
const LIST_SHOWN: usize = 200;

#[derive(Template)]
#[template(path = "components/polls/show.html")]
struct ShowView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    poll: Poll,
    status: &'static str,
    type_label: String,
    details_html: String,
    closes: String,
    fields: Vec<OptionField>,
    grades: Vec<(i64, String)>,
    reason_value: String,
    /// The person may vote now (or sign in to).
    can_vote: bool,
    signed_in: bool,
    voted: bool,
    my_vote: Option<String>,
    history: Vec<(String, String)>,
    receipt: Option<String>,
    vote_error: Option<String>,
    results: Option<Results>,
    hidden_note: Option<String>,
    manages: bool,
    outcome_html: String,
    outcome_option: Option<String>,
    outcome_review: String,
    closes_input: String,
    option_choices: Vec<(i64, String)>,
    manage_error: Option<String>,
    /// Why the person may not vote (not among the specified voters).
    not_eligible: Option<String>,
    /// "Only the N people the author picked may vote."
    voters_note: Option<String>,
    /// Meeting polls: the time zone the slots are shown in.
    zone_note: Option<String>,
    /// The outcome picked a meeting slot: offer `outcome.ics`.
    ics_link: bool,
    /// The quorum and pass threshold in force, in words.
    rules_notes: Vec<String>,
    /// The thread it was started from: (link, title).
    thread_link: Option<(String, String)>,
}

impl ShowView {
    fn is_type(&self, t: &str) -> bool {
        self.poll.poll_type == t
    }
    fn label(&self, prefix: &str, value: &str) -> String {
        self.ctx.i18n.t(&format!("{prefix}-{value}"))
    }
    fn is_outcome(&self, id: &i64) -> bool {
        self.poll.outcome_option_id == Some(*id)
    }
    /// Open polls can be extended; closed named polls reopened.
    fn can_change_closing(&self) -> bool {
        self.status == "open" || (self.status == "closed" && !self.poll.anonymous)
    }
}

async fn results(
    db: &Db,
    loaded: &Loaded,
    poll: &Poll,
    options: &[PollOption],
) -> Result<Results, AppError> {
    let i18n = &loaded.ctx.i18n;
    // Counted from every ballot; listed (who voted what, the ballot list) only up to
    // LIST_SHOWN: the CSV export has them all.
    let contents = model::ballot_contents(db, poll.id).await?;
    let count = model::count_ballots(poll, options, &contents);
    let stored: Vec<StoredBallot> = if !poll.anonymous && contents.len() > LIST_SHOWN {
        model::first_named_ballots(db, poll.id, LIST_SHOWN as i64).await?
    } else {
        model::ballots_up_to(db, poll.id, LIST_SHOWN as i64).await?
    };
    let turnout = voters::turnout(db, &loaded.space, poll, LIST_SHOWN).await?;
    let eligible_n = turnout.as_ref().map(|t| t.eligible);
    let labels: Vec<String> = options
        .iter()
        .map(|o| option_label(i18n, poll, o))
        .collect();
    let ballots = contents.len() as u64;
    let kind = poll.poll_type.as_str();
    let (value_key, people) = match (kind, poll.method.as_str()) {
        ("proposal" | "single_choice", _) => ("polls-col-votes", true),
        ("multiple_choice", _) => ("polls-col-approvals", true),
        ("score", _) => ("polls-col-score-sum", false),
        ("dot_vote", _) => ("polls-col-points", false),
        ("majority_judgment", _) => ("polls-col-median", false),
        ("meeting", _) => ("polls-col-yes", true),
        ("ranked_choice", "borda") => ("polls-col-borda", false),
        _ => ("polls-col-first", true),
    };
    let mut out = Results {
        ballots,
        eligible: eligible_n,
        value_label: i18n.t(value_key),
        extra_label: None,
        rows: Vec::new(),
        chart: String::new(),
        explanation: i18n.t(&format!(
            "polls-explain-{}",
            if kind == "ranked_choice" || kind == "proposal" {
                format!("{kind}-{}", poll.method)
            } else {
                kind.to_string()
            }
        )),
        winner: None,
        tie_broken: false,
        verdict: None,
        decision: Vec::new(),
        rounds: Vec::new(),
        pairwise_head: Vec::new(),
        pairwise: Vec::new(),
        votes: Vec::new(),
        not_voted: Vec::new(),
        not_voted_count: 0,
        listed_more: (ballots as usize).saturating_sub(LIST_SHOWN),
        ballot_list: Vec::new(),
    };
    if let Some(count) = &count {
        let total: i64 = count.values.iter().sum();
        for (i, label) in labels.iter().enumerate() {
            let v = count.values.get(i).copied().unwrap_or(0);
            let value = if kind == "majority_judgment" {
                if ballots == 0 {
                    "—".into()
                } else {
                    poll.grades.get(v as usize).cloned().unwrap_or_default()
                }
            } else {
                v.to_string()
            };
            let (pct_cast, pct_eligible) = match kind {
                "majority_judgment" => ("—".into(), "—".into()),
                _ if people => (
                    rules::percent(v, ballots as i64),
                    eligible_n.map_or("—".into(), |e| rules::percent(v, e as i64)),
                ),
                _ => (rules::percent(v, total), "—".into()),
            };
            out.rows.push(ResultRow {
                label: label.clone(),
                value,
                pct_cast,
                pct_eligible,
                extra: String::new(),
                winner: count.winner == Some(i) && ballots > 0 && kind != "proposal",
            });
        }
        out.winner = count
            .winner
            .filter(|_| ballots > 0 && kind != "proposal")
            .and_then(|i| labels.get(i).cloned());
        out.tie_broken = count.tie_broken;
        use agora_tally::poll::PollResult;
        match &count.result {
            Some(PollResult::InstantRunoff(r)) => {
                for round in &r.rounds {
                    let votes = round
                        .votes
                        .iter()
                        .enumerate()
                        .filter_map(|(o, v)| v.map(|v| format!("{} {v}", labels[o])))
                        .collect::<Vec<_>>()
                        .join(" · ");
                    let eliminated = round
                        .eliminated
                        .iter()
                        .map(|o| labels[*o].clone())
                        .collect::<Vec<_>>()
                        .join(", ");
                    out.rounds.push(RoundRow {
                        number: round.round,
                        votes: format!(
                            "{votes} · {}",
                            i18n.t1("polls-exhausted", "count", round.exhausted)
                        ),
                        eliminated,
                    });
                }
            }
            Some(PollResult::Schulze(r)) => {
                out.pairwise_head = labels.clone();
                for (i, row) in r.pairwise.iter().enumerate() {
                    out.pairwise.push((
                        labels[i].clone(),
                        row.iter()
                            .enumerate()
                            .map(|(j, v)| if i == j { "—".into() } else { v.to_string() })
                            .collect(),
                    ));
                }
            }
            Some(PollResult::Meeting(r)) => {
                out.extra_label = Some(i18n.t("polls-col-meeting"));
                for (row, slot) in out.rows.iter_mut().zip(&r.slots) {
                    row.extra = format!(
                        "{} {} · {} {} · {} {}",
                        i18n.t("polls-meeting-yes"),
                        slot.yes,
                        i18n.t("polls-meeting-maybe"),
                        slot.maybe,
                        i18n.t("polls-meeting-no"),
                        slot.no
                    );
                }
            }
            Some(PollResult::MajorityJudgment(r)) => {
                out.extra_label = Some(i18n.t("polls-col-distribution"));
                for (row, o) in out.rows.iter_mut().zip(&r.options) {
                    row.extra = o
                        .distribution
                        .iter()
                        .enumerate()
                        .map(|(g, c)| {
                            format!("{} {c}", poll.grades.get(g).cloned().unwrap_or_default())
                        })
                        .collect::<Vec<_>>()
                        .join(" · ");
                }
            }
            Some(PollResult::Score(r)) => {
                out.extra_label = Some(i18n.t("polls-col-mean"));
                for (row, o) in out.rows.iter_mut().zip(&r.options) {
                    row.extra = o
                        .mean
                        .map(|m| format!("{m:.2}"))
                        .unwrap_or_else(|| "—".into());
                }
            }
            Some(PollResult::Proposal(r)) => {
                use agora_tally::poll::ProposalOutcome;
                let key = match r.outcome {
                    ProposalOutcome::NoVotes => "polls-verdict-no-votes",
                    ProposalOutcome::NoQuorum { .. } => "polls-verdict-no-quorum",
                    ProposalOutcome::Blocked { .. } => "polls-verdict-blocked",
                    ProposalOutcome::Passed => "polls-verdict-passed",
                    ProposalOutcome::NotPassed => "polls-verdict-not-passed",
                };
                out.verdict = Some(i18n.t(key));
            }
            _ => {}
        }
        out.chart = chart::bars(
            &out.rows
                .iter()
                .zip(&count.bars)
                .map(|(row, fraction)| chart::Bar {
                    label: &row.label,
                    value: row.value.clone(),
                    fraction: *fraction,
                    highlight: row.winner,
                })
                .collect::<Vec<_>>(),
        );
    }
    if let Some(v) = model::verdict(poll, options, count.as_ref(), ballots, eligible_n) {
        out.decision = decision_lines(i18n, poll, &v, out.winner.as_deref());
    }
    // Who voted what: named polls only. Anonymous polls show reasons without names, in the
    // ballots' random order.
    for b in &stored {
        let summary = describe(i18n, poll, options, &b.ballot);
        if poll.anonymous {
            if b.ballot.reason.is_some() {
                out.votes.push(VoteRow {
                    name: None,
                    summary,
                    reason: b.ballot.reason.clone(),
                });
            }
        } else {
            out.votes.push(VoteRow {
                name: b.voter.as_ref().map(|v| v.1.clone()),
                summary,
                reason: b.ballot.reason.clone(),
            });
        }
    }
    if poll.anonymous && poll.status() == Status::Closed {
        out.ballot_list = stored
            .iter()
            .map(|b| {
                (
                    b.receipt_hash.clone(),
                    describe(i18n, poll, options, &b.ballot),
                )
            })
            .collect();
    }
    if !poll.anonymous
        && let Some(turnout) = turnout
    {
        out.not_voted = turnout.first_not_voted;
        out.not_voted_count = turnout.not_voted;
    }
    Ok(out)
}

fn one_decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

/// The verdict in plain sentences: the quorum, then the pass threshold.
fn decision_lines(
    i18n: &I18n,
    poll: &Poll,
    v: &rules::Verdict,
    winner: Option<&str>,
) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(quorum) = v.quorum_percent {
        let key = match v.quorum_met {
            Some(true) => "polls-quorum-met",
            Some(false) => "polls-quorum-not-met",
            None => "polls-quorum-unknown",
        };
        lines.push(i18n.tn(
            key,
            &[
                ("voters", v.voters.to_string()),
                ("eligible", v.eligible.map_or("—".into(), |e| e.to_string())),
                ("percent", one_decimal(v.participation_percent)),
                ("quorum", quorum.to_string()),
            ],
        ));
    }
    if let (Some(threshold), Some(passed)) = (v.pass_percent, v.passed) {
        let proposal = poll.poll_type == "proposal";
        let key = if v.quorum_met == Some(false) {
            "polls-pass-no-quorum"
        } else if proposal && passed {
            "polls-pass-proposal-passed"
        } else if proposal && v.support.is_some() && !passed && v.support_percent.is_some() {
            "polls-pass-proposal-failed"
        } else if passed {
            "polls-pass-choice-passed"
        } else if winner.is_some() && v.support.is_some() {
            "polls-pass-choice-failed"
        } else {
            "polls-pass-none"
        };
        let key = if v.blocked && v.quorum_met != Some(false) {
            "polls-pass-blocked"
        } else {
            key
        };
        lines.push(i18n.tn(
            key,
            &[
                ("option", winner.unwrap_or_default().to_string()),
                ("support", v.support.unwrap_or(0).to_string()),
                ("percent", one_decimal(v.support_percent)),
                ("base", i18n.t(&format!("polls-pass-base-{}", v.pass_base))),
                ("threshold", threshold.to_string()),
            ],
        ));
    }
    lines
}

async fn show_view(
    db: &Db,
    state: &AppState,
    loaded: Loaded,
    poll: Poll,
    receipt: Option<String>,
    vote_error: Option<String>,
    submitted: Option<Ballot>,
) -> Result<ShowView, AppError> {
    let i18n = loaded.ctx.i18n.clone();
    let tz = loaded.org.time_zone.clone();
    let status = poll.status();
    let user_id = loaded.user_id();
    let voted = match user_id {
        Some(uid) => model::has_voted(db, poll.id, uid).await?,
        None => false,
    };
    let mut options = model::options(db, poll.id).await?;
    let mine = match user_id {
        Some(uid) if voted => model::my_ballot(db, &state.config.secret, &poll, uid).await?,
        _ => None,
    };
    let history = match user_id {
        Some(uid) if !poll.anonymous => model::my_history(db, poll.id, uid)
            .await?
            .into_iter()
            .map(|h| {
                (
                    format_time(&i18n, h.created_at, &tz),
                    h.ballot
                        .map(|b| describe(&i18n, &poll, &options, &b))
                        .unwrap_or_else(|| i18n.t("polls-history-withdrawn")),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let visible = rules::results_visible(&poll.hide_results, status, voted);
    let results = if visible && status != Status::Draft {
        Some(results(db, &loaded, &poll, &options).await?)
    } else {
        None
    };
    let hidden_note = (!visible && status == Status::Open).then(|| {
        i18n.t(if poll.hide_results == "until_vote" {
            "polls-results-hidden-until-vote"
        } else {
            "polls-results-hidden-until-closed"
        })
    });
    // The form shows the submitted ballot after an error, else the person's vote.
    let shown = submitted.or_else(|| mine.clone());
    let my_vote = mine.as_ref().map(|b| describe(&i18n, &poll, &options, b));
    let reason_value = shown
        .as_ref()
        .and_then(|b| b.reason.clone())
        .unwrap_or_default();
    if poll.shuffle {
        let seed = user_id.unwrap_or(0) as u64 ^ (poll.id as u64).rotate_left(17);
        let (fixed, mut movable): (Vec<_>, Vec<_>) = options
            .drain(..)
            .partition(|o| o.code.as_deref() == Some("none"));
        let order = rules::shuffled(movable.len(), seed);
        let mut shuffled: Vec<PollOption> = order.iter().map(|i| movable[*i].clone()).collect();
        movable.clear();
        shuffled.extend(fixed);
        options = shuffled;
    }
    let fields = options
        .iter()
        .map(|o| {
            let b = shown.as_ref();
            let rank = b
                .and_then(|b| b.ranking.as_ref())
                .and_then(|r| r.iter().position(|id| *id == o.id))
                .map(|p| (p + 1).to_string());
            let score = b
                .and_then(|b| b.scores.as_ref())
                .and_then(|s| s.get(&o.id))
                .map(|v| v.to_string());
            OptionField {
                id: o.id,
                label: option_label(&i18n, &poll, o),
                checked: b.is_some_and(|b| {
                    b.choice == Some(o.id) || b.choices.as_ref().is_some_and(|c| c.contains(&o.id))
                }),
                value: rank.or(score).unwrap_or_default(),
            }
        })
        .collect();
    let manages = loaded.manages(&poll);
    let may = match loaded.ctx.user() {
        Some(user) => Some(voters::may_vote(db, user, &loaded.space, &poll).await?),
        None => None,
    };
    let can_vote = status == Status::Open && may.is_none_or(|m| m == MayVote::Yes);
    let not_eligible = (status == Status::Open && may == Some(MayVote::NotSpecified))
        .then(|| i18n.t("polls-not-specified"));
    let voters_note = if poll.specified_voters {
        let n = voters::listed(db, poll.id, voters::SPECIFIED).await?.len();
        Some(i18n.t1("polls-specified-note", "count", n))
    } else {
        None
    };
    let zone_note = (poll.poll_type == "meeting" && !poll.time_zone.is_empty()).then(|| {
        let at = options
            .iter()
            .find_map(|o| o.starts_at)
            .unwrap_or_else(db::now);
        i18n.t1("polls-slots-zone", "zone", zone_label(poll.zone(), at))
    });
    let mut rules_notes = Vec::new();
    if let Some(q) = poll.quorum_percent {
        rules_notes.push(i18n.t1("polls-rules-quorum", "quorum", q));
    }
    if let Some(p) = poll.pass_percent {
        rules_notes.push(i18n.t2(
            "polls-rules-threshold",
            "threshold",
            p,
            "base",
            i18n.t(&format!("polls-pass-base-{}", poll.pass_base)),
        ));
    }
    let ics_link = status == Status::Closed
        && poll
            .outcome_option_id
            .and_then(|id| options.iter().find(|o| o.id == id))
            .is_some_and(|o| o.starts_at.is_some());
    let outcome_option = poll
        .outcome_option_id
        .and_then(|id| options.iter().find(|o| o.id == id))
        .map(|o| option_label(&i18n, &poll, o));
    let option_choices = options
        .iter()
        .map(|o| (o.id, option_label(&i18n, &poll, o)))
        .collect();
    let thread_link = match poll.thread_id {
        Some(tid) => crate::components::threads::model::find(db, tid)
            .await?
            .map(|t| (format!("/threads/{}/{}", t.component_id, t.id), t.title)),
        None => None,
    };
    Ok(ShowView {
        thread_link,
        status: status.as_str(),
        type_label: i18n.t(&format!("polls-type-{}", poll.poll_type)),
        details_html: markdown::to_safe_html(&poll.details),
        closes: poll
            .end()
            .map(|t| format_time(&i18n, t, &tz))
            .unwrap_or_default(),
        grades: poll
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| (i as i64, g.clone()))
            .collect(),
        fields,
        reason_value,
        can_vote,
        signed_in: user_id.is_some(),
        voted,
        my_vote,
        history,
        receipt,
        vote_error,
        results,
        hidden_note,
        manages,
        outcome_html: poll
            .outcome_text
            .as_deref()
            .map(markdown::to_safe_html)
            .unwrap_or_default(),
        outcome_option,
        outcome_review: poll
            .outcome_review_at
            .map(|t| format_date(&i18n, t, &tz))
            .unwrap_or_default(),
        closes_input: input_time(poll.closes_at, &tz),
        option_choices,
        manage_error: None,
        not_eligible,
        voters_note,
        zone_note,
        ics_link,
        rules_notes,
        poll,
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_for_poll(&state.db, ctx, cid, pid).await?;
    let poll = load_poll(&state.db, &loaded, pid).await?;
    render(&show_view(&state.db, &state, loaded, poll, None, None, None).await?)
}

// ----- vote -----

/// Reads a ballot from the vote form: `choice`, `choices`, `score-{id}`, `rank-{id}`, `reason`.
fn ballot_from_form(poll: &Poll, form: &[(String, String)]) -> Result<Ballot, BallotError> {
    let reason = field(form, "reason");
    let mut ballot = Ballot {
        reason: (!reason.is_empty()).then_some(reason),
        ..Ballot::default()
    };
    let bad_number = || BallotError {
        key: "polls-ballot-not-a-number",
        args: Vec::new(),
    };
    match poll.poll_type.as_str() {
        "proposal" | "single_choice" => {
            let choice = field(form, "choice");
            if !choice.is_empty() {
                ballot.choice = Some(choice.parse().map_err(|_| bad_number())?);
            }
        }
        "multiple_choice" => {
            let mut choices = Vec::new();
            for (k, v) in form {
                if k == "choices" {
                    choices.push(v.trim().parse().map_err(|_| bad_number())?);
                }
            }
            ballot.choices = Some(choices);
        }
        "ranked_choice" => {
            let mut ranks = Vec::new();
            for (k, v) in form {
                if let Some(id) = k.strip_prefix("rank-")
                    && !v.trim().is_empty()
                {
                    let id: i64 = id.parse().map_err(|_| bad_number())?;
                    let rank: i64 = v.trim().parse().map_err(|_| bad_number())?;
                    if ranks.iter().any(|(r, _)| *r == rank) {
                        return Err(BallotError {
                            key: "polls-ballot-same-rank",
                            args: vec![("rank", rank.to_string())],
                        });
                    }
                    ranks.push((rank, id));
                }
            }
            ranks.sort();
            ballot.ranking = Some(ranks.into_iter().map(|(_, id)| id).collect());
        }
        "score" | "dot_vote" | "majority_judgment" | "meeting" => {
            let mut scores = std::collections::BTreeMap::new();
            for (k, v) in form {
                if let Some(id) = k.strip_prefix("score-")
                    && !v.trim().is_empty()
                {
                    let id: i64 = id.parse().map_err(|_| bad_number())?;
                    let value: i64 = v.trim().parse().map_err(|_| bad_number())?;
                    // An empty dot-vote field or a 0 is "no points".
                    if poll.poll_type == "dot_vote" && value == 0 {
                        continue;
                    }
                    scores.insert(id, value);
                }
            }
            ballot.scores = Some(scores);
        }
        _ => {}
    }
    Ok(ballot)
}

/// A 403 page when the person may not vote in this poll (not among its specified voters):
/// nothing is written.
async fn refuse_ineligible(
    state: &AppState,
    loaded: Loaded,
    poll: &Poll,
) -> Result<Result<Loaded, Response>, AppError> {
    let Some(user) = loaded.ctx.user() else {
        return Ok(Ok(loaded));
    };
    match voters::may_vote(&state.db, user, &loaded.space, poll).await? {
        MayVote::Yes => Ok(Ok(loaded)),
        MayVote::NotParticipant => Err(AppError::Forbidden),
        MayVote::NotSpecified => {
            let message = loaded.ctx.i18n.t("polls-not-specified");
            let view = show_view(
                &state.db,
                state,
                loaded,
                poll.clone(),
                None,
                Some(message),
                None,
            )
            .await?;
            Ok(Err(with_status(render(&view)?, StatusCode::FORBIDDEN)))
        }
    }
}

async fn vote(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let loaded = load_for_poll(&state.db, ctx, cid, pid).await?;
    let back = format!("/polls/{cid}/{pid}");
    // Who may vote is `voters::may_vote`'s answer alone (checked next), not the space's rule.
    let user_id = loaded
        .ctx
        .user()
        .ok_or_else(|| AppError::SignInRequired(back.clone()))?
        .id;
    let poll = load_poll(&state.db, &loaded, pid).await?;
    let loaded = match refuse_ineligible(&state, loaded, &poll).await? {
        Ok(loaded) => loaded,
        Err(refused) => return Ok(refused),
    };
    let options = model::options(&state.db, poll.id).await?;
    let opts: Vec<_> = options.iter().map(PollOption::opt).collect();
    let submitted = ballot_from_form(&poll, &form);
    let checked = submitted
        .clone()
        .and_then(|b| rules::check_ballot(&poll.shape(), &opts, &b));
    let ballot = match checked {
        Ok(b) => b,
        Err(e) => {
            let message = e.message(&loaded.ctx.i18n);
            let view = show_view(
                &state.db,
                &state,
                loaded,
                poll,
                None,
                Some(message),
                submitted.ok(),
            )
            .await?;
            return Ok(with_status(
                render(&view)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    match model::vote(&state.db, &state.config.secret, &poll, user_id, &ballot).await? {
        VoteOutcome::Voted { receipt } => {
            // The receipt is shown once, on this answer: no redirect.
            let view =
                show_view(&state.db, &state, loaded, poll, Some(receipt), None, None).await?;
            render(&view)
        }
        VoteOutcome::Closed => {
            let message = loaded.ctx.i18n.t("polls-vote-closed");
            let view =
                show_view(&state.db, &state, loaded, poll, None, Some(message), None).await?;
            Ok(with_status(render(&view)?, StatusCode::CONFLICT))
        }
    }
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_for_poll(&state.db, ctx, cid, pid).await?;
    let back = format!("/polls/{cid}/{pid}");
    // Who may vote is `voters::may_vote`'s answer alone (checked next), not the space's rule.
    let user_id = loaded
        .ctx
        .user()
        .ok_or_else(|| AppError::SignInRequired(back.clone()))?
        .id;
    let poll = load_poll(&state.db, &loaded, pid).await?;
    let loaded = match refuse_ineligible(&state, loaded, &poll).await? {
        Ok(loaded) => loaded,
        Err(refused) => return Ok(refused),
    };
    if !model::withdraw(&state.db, &state.config.secret, &poll, user_id).await? {
        let message = loaded.ctx.i18n.t("polls-withdraw-refused");
        let view = show_view(&state.db, &state, loaded, poll, None, Some(message), None).await?;
        return Ok(with_status(render(&view)?, StatusCode::CONFLICT));
    }
    Ok(see_other(&back))
}

// ----- managing a poll -----

async fn load_managed(db: &Db, ctx: Ctx, cid: i64, pid: i64) -> Result<(Loaded, Poll), AppError> {
    let loaded = load(db, ctx, cid).await?;
    let back = format!("/polls/{cid}/{pid}");
    if loaded.ctx.user().is_none() {
        return Err(AppError::SignInRequired(back));
    }
    let poll = load_poll(db, &loaded, pid).await?;
    if !loaded.manages(&poll) {
        return Err(AppError::Forbidden);
    }
    Ok((loaded, poll))
}

async fn refuse(
    state: &AppState,
    loaded: Loaded,
    poll: Poll,
    key: &str,
    status: StatusCode,
) -> Result<Response, AppError> {
    let message = loaded.ctx.i18n.t(key);
    let mut view = show_view(&state.db, state, loaded, poll, None, None, None).await?;
    view.manage_error = Some(message);
    Ok(with_status(render(&view)?, status))
}

async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (loaded, poll) = load_managed(&state.db, ctx, cid, pid).await?;
    let closes = parse_time(&field(&form, "closes_at"), &loaded.org.time_zone);
    match closes {
        Some(at) if model::open(&state.db, pid, at).await? => {
            let actor = loaded.ctx.require_user()?.id;
            super::mail::send_logged(
                &state.db,
                &state.config,
                pid,
                super::mail::Event::Opened,
                actor,
            )
            .await;
            Ok(see_other(&format!("/polls/{cid}/{pid}")))
        }
        _ => {
            refuse(
                &state,
                loaded,
                poll,
                "polls-error-closes-required",
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, poll) = load_managed(&state.db, ctx, cid, pid).await?;
    if !model::close(&state.db, pid).await? {
        return refuse(
            &state,
            loaded,
            poll,
            "polls-error-not-open",
            StatusCode::CONFLICT,
        )
        .await;
    }
    Ok(see_other(&format!("/polls/{cid}/{pid}")))
}

async fn closing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (loaded, poll) = load_managed(&state.db, ctx, cid, pid).await?;
    let closes = parse_time(&field(&form, "closes_at"), &loaded.org.time_zone);
    let key = if poll.anonymous && poll.status() == Status::Closed {
        "polls-error-reopen-anonymous"
    } else {
        "polls-error-closes-past"
    };
    match closes {
        Some(at) if model::set_closing(&state.db, pid, at).await? => {
            Ok(see_other(&format!("/polls/{cid}/{pid}")))
        }
        _ => refuse(&state, loaded, poll, key, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

async fn outcome(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (loaded, poll) = load_managed(&state.db, ctx, cid, pid).await?;
    if poll.status() != Status::Closed {
        return refuse(
            &state,
            loaded,
            poll,
            "polls-error-outcome-open",
            StatusCode::CONFLICT,
        )
        .await;
    }
    let text = field(&form, "outcome");
    if text.is_empty() || text.chars().count() > rules::OUTCOME_MAX {
        return refuse(
            &state,
            loaded,
            poll,
            "polls-error-outcome",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let option = match field(&form, "outcome_option").as_str() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                return refuse(
                    &state,
                    loaded,
                    poll,
                    "polls-error-outcome-option",
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        },
    };
    let review = match field(&form, "review_on").as_str() {
        "" => None,
        v => match parse_time(v, &loaded.org.time_zone) {
            Some(t) => Some(t),
            None => {
                return refuse(
                    &state,
                    loaded,
                    poll,
                    "polls-error-date",
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        },
    };
    let first_outcome = poll.outcome_at.is_none();
    if !model::set_outcome(&state.db, pid, &text, option, review).await? {
        return refuse(
            &state,
            loaded,
            poll,
            "polls-error-outcome-option",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if first_outcome {
        let actor = loaded.ctx.require_user()?.id;
        super::mail::send_logged(
            &state.db,
            &state.config,
            pid,
            super::mail::Event::Outcome,
            actor,
        )
        .await;
    }
    Ok(see_other(&format!("/polls/{cid}/{pid}#outcome")))
}

#[derive(Template)]
#[template(path = "components/polls/settings.html")]
struct SettingsView {
    ctx: Ctx,
    org: Organization,
    space: Space,
    component: Component,
    poll: Poll,
    form: Vec<(String, String)>,
    errors: Vec<FieldError>,
    /// The members the author may pick as voters.
    candidates: voters::Pickable,
    /// The current specified voters.
    chosen: Vec<i64>,
    voters_error: Option<String>,
}

impl SettingsView {
    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen.contains(id)
    }
    fn people(&self) -> Option<&Vec<(i64, String)>> {
        self.candidates.people()
    }
    fn no_pick_reason(&self) -> String {
        self.candidates.reason(&self.ctx.i18n)
    }
    /// The list can change until someone votes.
    fn voters_locked(&self) -> bool {
        self.poll.voters_count > 0
    }
    fn value(&self, name: &str) -> String {
        field(&self.form, name)
    }
    fn is(&self, name: &str, value: &str) -> bool {
        field(&self.form, name) == value
    }
    fn on(&self, name: &str) -> bool {
        checked(&self.form, name)
    }
    fn error_for(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.as_str())
    }
    /// Hidden-results choices that do not loosen the current one.
    fn hide_choices(&self) -> Vec<&'static str> {
        let rank = |h: &str| {
            rules::HIDE_RESULTS
                .iter()
                .position(|x| *x == h)
                .unwrap_or(0)
        };
        rules::HIDE_RESULTS
            .iter()
            .copied()
            .filter(|h| rank(h) >= rank(&self.poll.hide_results))
            .collect()
    }
}

async fn settings_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (loaded, poll) = load_managed(&state.db, ctx, cid, pid).await?;
    let form = settings_form_values(&poll);
    render(&settings_view(&state.db, loaded, poll, form, Vec::new(), None).await?)
}

async fn settings_view(
    db: &Db,
    loaded: Loaded,
    poll: Poll,
    form: Vec<(String, String)>,
    errors: Vec<FieldError>,
    voters_error: Option<String>,
) -> Result<SettingsView, AppError> {
    let candidates = voters::pickable(db, &loaded.space).await?;
    let chosen = voters::listed(db, poll.id, voters::SPECIFIED)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    Ok(SettingsView {
        ctx: loaded.ctx,
        org: loaded.org,
        space: loaded.space,
        component: loaded.component,
        poll,
        form,
        errors,
        candidates,
        chosen,
        voters_error,
    })
}

/// Changes who may vote: the specified voters (or back to everyone), until someone votes.
async fn save_voters(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (loaded, poll) = load_managed(&state.db, ctx, cid, pid).await?;
    let user_id = loaded.ctx.require_user()?.id;
    let mut errors = Vec::new();
    let ids = parse_voters(&state.db, &loaded, &form, &mut errors).await?;
    let (status, message) = if let Some(e) = errors.into_iter().next() {
        (StatusCode::UNPROCESSABLE_ENTITY, e.message)
    } else if voters::set_specified(&state.db, user_id, pid, &ids).await? {
        return Ok(see_other(&format!("/polls/{cid}/{pid}")));
    } else {
        (
            StatusCode::CONFLICT,
            loaded.ctx.i18n.t("polls-error-voters-locked"),
        )
    };
    let current = settings_form_values(&poll);
    let view = settings_view(&state.db, loaded, poll, current, Vec::new(), Some(message)).await?;
    Ok(with_status(render(&view)?, status))
}

fn settings_form_values(poll: &Poll) -> Vec<(String, String)> {
    let mut form = vec![
        ("title".to_string(), poll.title.clone()),
        ("details".into(), poll.details.clone()),
        ("hide_results".into(), poll.hide_results.clone()),
        ("reason".into(), poll.reason.clone()),
        ("reason_max".into(), poll.reason_max.to_string()),
        ("pass_base".into(), poll.pass_base.clone()),
    ];
    if poll.anonymous {
        form.push(("anonymous".into(), "on".into()));
    }
    if let Some(q) = poll.quorum_percent {
        form.push(("quorum".into(), q.to_string()));
    }
    if let Some(p) = poll.pass_percent {
        form.push(("pass_threshold".into(), p.to_string()));
    }
    form
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (loaded, poll) = load_managed(&state.db, ctx, cid, pid).await?;
    let i18n = loaded.ctx.i18n.clone();
    let mut errors = Vec::new();
    let (hide, reason, reason_max) = parse_common(&i18n, &form, &mut errors);
    let title = field(&form, "title");
    let details = field(&form, "details");
    if title.is_empty() || title.chars().count() > rules::TITLE_MAX {
        errors.push(FieldError {
            field: "title",
            message: i18n.t1("polls-error-title-long", "max", rules::TITLE_MAX),
        });
    }
    if details.chars().count() > rules::DETAILS_MAX {
        errors.push(FieldError {
            field: "details",
            message: i18n.t1("polls-error-details-long", "max", rules::DETAILS_MAX),
        });
    }
    let anonymous = checked(&form, "anonymous");
    let (quorum_percent, pass_percent, pass_base) =
        parse_decision(&i18n, &form, &poll.poll_type, &mut errors);
    let rules_changed = (quorum_percent, pass_percent, pass_base.as_str())
        != (
            poll.quorum_percent,
            poll.pass_percent,
            poll.pass_base.as_str(),
        );
    if rules_changed && poll.voters_count > 0 {
        errors.push(FieldError {
            field: "quorum",
            message: i18n.t("polls-error-rules-locked"),
        });
    } else if (quorum_percent.is_some() || (pass_percent.is_some() && pass_base == "eligible"))
        && voters::eligible(&state.db, &loaded.space, &poll)
            .await?
            .is_none()
    {
        errors.push(FieldError {
            field: "quorum",
            message: i18n.t("polls-error-quorum-public"),
        });
    }
    let reason = if poll.poll_type == "question" {
        "required".to_string()
    } else {
        reason
    };
    if errors.is_empty()
        && let Err(key) = rules::check_settings_change(
            poll.anonymous,
            anonymous,
            &poll.hide_results,
            &hide,
            poll.voters_count > 0,
        )
    {
        errors.push(FieldError {
            field: if key.contains("anonymous") {
                "anonymous"
            } else {
                "hide_results"
            },
            message: i18n.t(key),
        });
    }
    let saved = errors.is_empty()
        && model::update_settings(
            &state.db,
            pid,
            &model::SettingsChange {
                title: &title,
                details: &details,
                anonymous,
                hide_results: &hide,
                reason: &reason,
                reason_max,
                quorum_percent,
                pass_percent,
                pass_base: &pass_base,
            },
        )
        .await?;
    if !saved {
        if errors.is_empty() {
            errors.push(FieldError {
                field: "anonymous",
                message: i18n.t("polls-error-anonymous-after-votes"),
            });
        }
        let view = settings_view(&state.db, loaded, poll, form, errors, None).await?;
        return Ok(with_status(
            render(&view)?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    Ok(see_other(&format!("/polls/{cid}/{pid}")))
}

// ----- iCalendar invitation -----

/// `outcome.ics`: the meeting slot the outcome picked, as an iCalendar event. 404 until a
/// closed meeting poll's outcome names a slot.
async fn outcome_ics(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load(&state.db, ctx, cid).await?;
    let poll = load_poll(&state.db, &loaded, pid).await?;
    if poll.status() != Status::Closed {
        return Err(AppError::NotFound);
    }
    let options = model::options(&state.db, poll.id).await?;
    let start = poll
        .outcome_option_id
        .and_then(|id| options.iter().find(|o| o.id == id))
        .and_then(|o| o.starts_at)
        .ok_or(AppError::NotFound)?;
    let base = state.config.base_url.trim_end_matches('/');
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or(base)
        .split(['/', ':'])
        .next()
        .unwrap_or("agora");
    let uid = format!("poll-{}@{host}", poll.id);
    let url = format!("{base}/polls/{cid}/{pid}");
    let text = ics::calendar(&ics::Event {
        uid: &uid,
        stamp: poll.outcome_at.unwrap_or_else(db::now),
        start,
        end: start + poll.slot_minutes.max(1) * 60,
        summary: &poll.title,
        description: poll.outcome_text.as_deref().unwrap_or_default(),
        url: &url,
    });
    Ok(crate::web::attachment(
        "text/calendar; charset=utf-8",
        &format!("poll-{pid}.ics"),
        text,
    ))
}

// ----- CSV export -----

/// One RFC 4180 field: quoted when it holds a comma, a quote or a line break. A leading
/// `=`, `+`, `-` or `@` gets a quote mark first, so spreadsheets do not run it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The votes of a poll as CSV, under the same rules as its results: refused while the person
/// may not see them; no voter column for an anonymous poll (its ballots come in random order,
/// with their receipt hashes once the poll is closed).
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cid, pid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let loaded = load_for_poll(&state.db, ctx, cid, pid).await?;
    let poll = load_poll(&state.db, &loaded, pid).await?;
    let status = poll.status();
    let voted = match loaded.user_id() {
        Some(uid) => model::has_voted(&state.db, poll.id, uid).await?,
        None => false,
    };
    if status == Status::Draft || !rules::results_visible(&poll.hide_results, status, voted) {
        return Err(AppError::Forbidden);
    }
    let options = model::options(&state.db, poll.id).await?;
    let i18n = &loaded.ctx.i18n;
    let mut out = String::from(if poll.anonymous {
        "receipt_hash,ballot,summary,reason\r\n"
    } else {
        "voter,ballot,summary,reason\r\n"
    });
    for b in model::ballots(&state.db, poll.id).await? {
        let first = if poll.anonymous {
            if status == Status::Closed {
                b.receipt_hash.clone()
            } else {
                String::new()
            }
        } else {
            b.voter
                .as_ref()
                .map(|v| i18n.person(&v.1))
                .unwrap_or_default()
        };
        let row = [
            first,
            b.ballot.content(),
            describe(i18n, &poll, &options, &b.ballot),
            b.ballot.reason.clone().unwrap_or_default(),
        ];
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok(crate::web::attachment(
        "text/csv; charset=utf-8",
        &format!("poll-{pid}.csv"),
        out,
    ))
}

#[cfg(test)]
mod tests {
    use super::{csv_field, find_zone, parse_slot, slot_title, zone_label};

    #[test]
    fn slots_are_read_in_their_zone_with_summer_time_and_offsets_work_without_a_tzdb() {
        // 18:00 in Paris is 17:00 UTC in winter, 16:00 UTC in summer.
        let winter = parse_slot("2026-12-03 18:00", "Europe/Paris").expect("winter");
        let summer = parse_slot("2027-07-01T18:00", "Europe/Paris").expect("summer");
        assert_eq!(winter, 1_796_317_200);
        assert_eq!(summer % 86_400, 16 * 3600);
        assert_eq!(slot_title(winter, "Europe/Paris"), "2026-12-03 18:00");
        assert_eq!(
            zone_label("Europe/Paris", winter),
            "Europe/Paris (UTC+01:00)"
        );
        // Fixed offsets, for systems without a time-zone database.
        let offset = parse_slot("2026-12-03 18:00", "UTC+05:30").expect("offset");
        assert_eq!(offset, 1_796_317_200 + 3600 - 5 * 3600 - 1800);
        assert!(find_zone("UTC-03:00").is_some());
        assert!(find_zone("UTC+15:00").is_none() && find_zone("Mars/Olympus").is_none());
        assert_eq!(parse_slot("next Tuesday", "UTC"), None);
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
    }
}
