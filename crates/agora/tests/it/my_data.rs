//! Integration tests: "my data" and account deletion (issue 7). One person does every kind of
//! thing agora records; their download holds every kind of record and nothing secret, nobody
//! else can get it; deleting the account leaves their name, address and password hash in no
//! table at all, keeps contributions, counts and secret ballots exactly as they were, and the
//! action log still verifies. A schema test makes sure every column that points to a person is
//! known to the export and to the deletion.

use std::collections::{BTreeMap, BTreeSet};

use agora::components::budgets::model::{self as budget_model, BudgetFields, ProjectFields};
use agora::components::budgets::rules::{Rule, RuleKind};
use agora::components::proposals::{self, model, social};
use agora::components::{budgets, polls, store, threads};
use agora::db::{Backend, Db};
use agora::i18n::Locale;
use agora::platform::accounts::my_data;
use agora::platform::accounts::{self, EmailPurpose, NewUser, User};
use agora::platform::organizations::{self, Organization, invitations};
use agora::platform::permissions::{OrgRole, SpaceRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use agora::platform::{action_log, mail, moderation, sessions};
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

const PASSWORD: &str = "a long password 123";
const NAME: &str = "Zéphyrine Quillard-Test";
const EMAIL: &str = "zephyrine.quillard@example.org";
/// The reason written on the anonymous ballot: must never be in the download.
const SECRET_REASON: &str = "my secret reason 4242";

struct World {
    app: TestApp,
    org: Organization,
    space: Space,
    zoe: User,
    zoe_web: Client,
    bob: User,
    bob_web: Client,
    proposals_cid: i64,
    polls_cid: i64,
    zoe_proposal: i64,
    bob_proposal: i64,
    anonymous_poll: i64,
    named_poll: i64,
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn id_in_location(response: &reqwest::Response) -> i64 {
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.split(['#', '?']).next())
        .and_then(|l| l.rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .expect("id in location")
}

async fn ok_redirect(response: reqwest::Response) -> reqwest::Response {
    let status = response.status();
    if status != StatusCode::SEE_OTHER {
        let body = response.text().await.unwrap_or_default();
        panic!(
            "expected 303, got {status}: {}",
            &body[..body.len().min(2000)]
        );
    }
    response
}

async fn scalar(db: &Db, sql: &str, id: i64) -> i64 {
    agora::platform::action_log::settle(db)
        .await
        .expect("settle");
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .expect(sql)
        .try_get::<i64, _>(0)
        .expect("value")
}

/// Zoé does everything a person can do; Bob and Carla are around.
async fn world() -> World {
    let app = TestApp::spawn().await;
    let db = app.db().clone();
    let zoe = accounts::create_user(
        &db,
        NewUser {
            email: EMAIL,
            name: NAME,
            password: PASSWORD,
            instance_admin: false,
            confirmed: true,
            locale: Some("en"),
        },
    )
    .await
    .expect("zoe");
    let bob = app.create_user("bob@example.org", PASSWORD).await;
    let carla = app.create_user("carla@example.org", PASSWORD).await;
    let org = organizations::create(&db, "ville", "Ville", "", Locale::Fr)
        .await
        .expect("org");
    organizations::set_member(&db, org.id, bob.id, OrgRole::Admin)
        .await
        .expect("bob admin");
    organizations::set_member(&db, org.id, zoe.id, OrgRole::Admin)
        .await
        .expect("zoe admin");
    organizations::set_member(&db, org.id, carla.id, OrgRole::Member)
        .await
        .expect("carla");
    let space = spaces::create(
        &db,
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug: "bp",
            title: "Budget participatif",
            description: "",
            visibility: Visibility::Public,
            published: true,
        },
    )
    .await
    .expect("space");
    spaces::set_member(&db, space.id, zoe.id, SpaceRole::Moderator)
        .await
        .expect("moderator");

    // Components, and a phase where budgets are voted.
    let proposals_cid = proposals::create_component(&db, space.id, "Propositions", &Map::new())
        .await
        .expect("proposals");
    let polls_cid = polls::create_component(&db, space.id, "Sondages", &Map::new())
        .await
        .expect("polls");
    let threads_cid = threads::create_component(&db, space.id, "Discussions", &Map::new())
        .await
        .expect("threads");
    let budgets_cid = budgets::create_component(
        &db,
        space.id,
        "Budgets",
        &object(json!({ "workflow": "all" })),
    )
    .await
    .expect("budgets");
    let phase = spaces::add_phase(&db, space.id, "Vote", "", None, None)
        .await
        .expect("phase");
    spaces::activate_phase(&db, space.id, phase.id)
        .await
        .expect("activate");
    let voting = agora::components::validate(
        budgets::MANIFEST.phase_settings,
        &object(json!({ "voting": "open" })),
    )
    .expect("valid");
    store::set_phase_settings(&db, budgets_cid, phase.id, &voting)
        .await
        .expect("phase settings");

    let zoe_web = app.browser_signed_in(&zoe).await;
    let bob_web = app.browser_signed_in(&bob).await;
    let carla_web = app.browser_signed_in(&carla).await;

    // Account things: an API token, a reset link and its mail, a failed sign-in.
    sessions::create_api_token(&db, zoe.id, "my script")
        .await
        .expect("token");
    accounts::create_email_token(&db, zoe.id, EmailPurpose::Confirm)
        .await
        .expect("email token");
    ok_redirect(app.post_form("/password/forgot", &[("email", EMAIL)]).await).await;
    app.sign_in(EMAIL, "not the password").await;
    mail::enqueue(&db, EMAIL, "Hello", &format!("Dear {NAME}, welcome."))
        .await
        .expect("mail");

    // Invitations: one to Zoé's address, one she sends through the admin page.
    invitations::create(&db, org.id, EMAIL, OrgRole::Member, Some(bob.id))
        .await
        .expect("invitation to zoe");
    ok_redirect(
        post_form_with(
            &zoe_web,
            &app.url("/o/ville/admin/invitations"),
            &[("email", "friend@example.org"), ("role", "member")],
        )
        .await,
    )
    .await;

    // Proposals: hers (edited), Bob's that she supports, endorses, amends.
    let new = |author: i64, title: &'static str| model::NewProposal {
        component_id: proposals_cid,
        author_id: author,
        title,
        body: "Un texte assez long pour une proposition.",
        address: None,
        limit: 0,
    };
    let zoe_proposal = model::create(&db, new(zoe.id, "Un jardin partagé"))
        .await
        .expect("create")
        .expect("created");
    let bob_proposal = model::create(&db, new(bob.id, "Une piste cyclable"))
        .await
        .expect("create")
        .expect("created");
    let rules = model::SupportRules {
        limit: 0,
        cap: 0,
        minimum: 0,
        success_threshold: 0,
        announce_milestones: false,
    };
    for (user, pid) in [(zoe.id, bob_proposal), (bob.id, zoe_proposal)] {
        model::support(&db, proposals_cid, pid, user, rules)
            .await
            .expect("support");
    }
    social::endorse(&db, proposals_cid, bob_proposal, zoe.id)
        .await
        .expect("endorse");
    let bobs = model::find(&db, proposals_cid, bob_proposal)
        .await
        .expect("find")
        .expect("found");
    social::amend(
        &db,
        &bobs,
        zoe.id,
        "Une grande piste cyclable",
        "Un texte amendé pour la piste.",
    )
    .await
    .expect("amend")
    .expect("amended");

    // Comments: she comments, edits, votes; Bob comments on hers (a notification); reports
    // both ways; Carla comments and is blocked by Zoé, moderator.
    let comment = |web: &Client, pid: i64, body: &'static str| {
        let (web, url) = (web.clone(), app.url("/comments"));
        async move {
            let pid = pid.to_string();
            let r = post_form_with(
                &web,
                &url,
                &[
                    ("resource_kind", "proposal"),
                    ("resource_id", &pid),
                    ("parent_id", ""),
                    ("body", body),
                ],
            )
            .await;
            ok_redirect(r).await;
        }
    };
    comment(&zoe_web, bob_proposal, "Bonne idée, Bob.").await;
    comment(&bob_web, zoe_proposal, "Merci Zoé.").await;
    comment(&carla_web, bob_proposal, "Achetez mes montres.").await;
    let zoe_comment = scalar(
        &db,
        "SELECT MIN(id) FROM comments WHERE author_id = $1",
        zoe.id,
    )
    .await;
    let bob_comment = scalar(
        &db,
        "SELECT MIN(id) FROM comments WHERE author_id = $1",
        bob.id,
    )
    .await;
    ok_redirect(
        post_form_with(
            &zoe_web,
            &app.url(&format!("/comments/{zoe_comment}/edit")),
            &[("body", "Très bonne idée, Bob.")],
        )
        .await,
    )
    .await;
    ok_redirect(
        post_form_with(
            &zoe_web,
            &app.url(&format!("/comments/{bob_comment}/vote")),
            &[("value", "up")],
        )
        .await,
    )
    .await;
    let carla_comment = scalar(
        &db,
        "SELECT MIN(id) FROM comments WHERE author_id = $1",
        carla.id,
    )
    .await;
    for (web, target) in [
        (&zoe_web, bob_comment),
        (&zoe_web, carla_comment),
        (&bob_web, zoe_comment),
    ] {
        ok_redirect(
            post_form_with(
                web,
                &app.url("/reports"),
                &[
                    ("resource_kind", "comment"),
                    ("resource_id", &target.to_string()),
                    ("reason", "off_topic"),
                ],
            )
            .await,
        )
        .await;
    }

    // Polls: she creates a named one and votes; she votes in Bob's anonymous one.
    let create_poll = |web: &Client, title: &'static str, anonymous: bool| {
        let (web, url) = (web.clone(), app.url(&format!("/polls/{polls_cid}/new")));
        async move {
            let closes = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 7))
                .to_zoned(jiff::tz::TimeZone::UTC)
                .datetime()
                .strftime("%Y-%m-%dT%H:%M")
                .to_string();
            let mut form = vec![
                ("closes_at", closes.as_str()),
                ("poll_type", "single_choice"),
                ("title", title),
                ("options", "Oui\nNon"),
                ("open", "on"),
                ("reason", "optional"),
                ("reason_max", "200"),
                ("hide_results", "off"),
            ];
            if anonymous {
                form.push(("anonymous", "on"));
            }
            id_in_location(&ok_redirect(post_form_with(&web, &url, &form).await).await)
        }
    };
    let named_poll = create_poll(&zoe_web, "On plante des arbres ?", false).await;
    let anonymous_poll = create_poll(&bob_web, "Cotisation en hausse ?", true).await;
    // Bob picks Zoe as one of the voters of a third poll.
    let picked_poll = create_poll(&bob_web, "Qui garde les clés ?", false).await;
    assert!(
        polls::voters::set_specified(&db, bob.id, picked_poll, &[zoe.id])
            .await
            .expect("voters")
    );
    let options = |poll: i64| {
        let db = db.clone();
        async move {
            sqlx::query("SELECT id FROM poll_options WHERE poll_id = $1 ORDER BY position")
                .bind(poll)
                .fetch_all(&db.pool)
                .await
                .expect("options")
                .iter()
                .map(|r| r.try_get::<i64, _>(0).expect("id"))
                .collect::<Vec<i64>>()
        }
    };
    let vote = |web: &Client, poll: i64, option: i64, reason: &'static str| {
        let (web, url) = (
            web.clone(),
            app.url(&format!("/polls/{polls_cid}/{poll}/vote")),
        );
        async move {
            let r = post_form_with(
                &web,
                &url,
                &[("choice", option.to_string().as_str()), ("reason", reason)],
            )
            .await;
            expect_status(r, StatusCode::OK).await;
        }
    };
    let named = options(named_poll).await;
    let secret = options(anonymous_poll).await;
    vote(&zoe_web, named_poll, named[0], "Pour les oiseaux").await;
    vote(&bob_web, named_poll, named[1], "").await;
    vote(&zoe_web, anonymous_poll, secret[1], SECRET_REASON).await;
    vote(&bob_web, anonymous_poll, secret[0], "").await;
    vote(&carla_web, anonymous_poll, secret[1], "").await;

    // A budget ballot, cast.
    let bid = budget_model::create_budget(
        &db,
        budgets_cid,
        &BudgetFields {
            title: "Centre",
            district: "",
            description: "",
            total: 1000,
            currency: "EUR",
            rule: Rule {
                kind: RuleKind::Approval,
                min_percent: 0,
                min_projects: 0,
                max_projects: 0,
                points: 0,
            },
            secret_ballots: false,
        },
    )
    .await
    .expect("budget");
    let project = budget_model::create_project(
        &db,
        bid,
        &ProjectFields {
            title: "Des bancs",
            description: "",
            cost: 300,
            category: None,
            district: None,
            proposal_ids: &[],
        },
    )
    .await
    .expect("project");
    let page = app.url(&format!("/budgets/{budgets_cid}/{bid}"));
    ok_redirect(
        post_form_with(
            &zoe_web,
            &format!("{page}/ballot"),
            &[("action", "add"), ("project", &project.to_string())],
        )
        .await,
    )
    .await;
    ok_redirect(post_form_with(&zoe_web, &format!("{page}/checkout"), &[]).await).await;

    // A thread she starts, Bob replies, she reads.
    let r = post_form_with(
        &zoe_web,
        &app.url(&format!("/threads/{threads_cid}/new")),
        &[
            ("title", "Où planter ?"),
            ("context", "Parlons des emplacements."),
            ("reply_layout", "nested"),
            ("reply_order", "oldest"),
        ],
    )
    .await;
    let tid = id_in_location(&ok_redirect(r).await);
    ok_redirect(
        post_form_with(
            &bob_web,
            &app.url("/comments"),
            &[
                ("resource_kind", "thread"),
                ("resource_id", &tid.to_string()),
                ("parent_id", ""),
                ("body", "Près de l'école."),
            ],
        )
        .await,
    )
    .await;
    // She reacts to Bob's reply.
    let bob_reply = scalar(
        &db,
        "SELECT MAX(id) FROM comments WHERE resource_kind = 'thread' AND resource_id = $1",
        tid,
    )
    .await;
    ok_redirect(
        post_form_with(
            &zoe_web,
            &app.url(&format!("/threads/{threads_cid}/{tid}/react")),
            &[("comment_id", &bob_reply.to_string()), ("emoji", "heart")],
        )
        .await,
    )
    .await;
    expect_status(
        zoe_web
            .get(app.url(&format!("/threads/{threads_cid}/{tid}")))
            .send()
            .await
            .expect("GET"),
        StatusCode::OK,
    )
    .await;

    // Last: Zoé, moderator, blocks Carla (whose sessions end).
    moderation::block(&db, space.id, carla.id, zoe.id, "Spam.", "moderator")
        .await
        .expect("block")
        .expect("blocked");

    World {
        app,
        org,
        space,
        zoe,
        zoe_web,
        bob,
        bob_web,
        proposals_cid,
        polls_cid,
        zoe_proposal,
        bob_proposal,
        anonymous_poll,
        named_poll,
    }
}

/// Downloads a person's data; returns the files by name.
async fn download(app: &TestApp, web: &Client) -> BTreeMap<String, String> {
    let r = post_form_with(web, &app.url("/account/my-data"), &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/zip")
    );
    let disposition = r
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(disposition.starts_with("attachment; filename=\"agora-my-data-"));
    let bytes = r.bytes().await.expect("body");
    // To look at one with other tools: AGORA_TEST_MY_DATA_OUT=/tmp/my-data.zip
    if let Ok(path) = std::env::var("AGORA_TEST_MY_DATA_OUT") {
        std::fs::write(path, &bytes).expect("write the archive");
    }
    unzip(&bytes)
        .expect("a valid ZIP")
        .into_iter()
        .map(|(name, data)| (name, String::from_utf8(data).expect("UTF-8")))
        .collect()
}

/// Every file of a ZIP, in order; `None` when it is not a readable ZIP.
fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).ok()?;
        let mut data = Vec::new();
        file.read_to_end(&mut data).ok()?;
        files.push((file.name().ok()?.to_string(), data));
    }
    Some(files)
}

/// The data rows of a CSV (without its header line).
fn csv_rows(csv: &str) -> usize {
    csv.split("\r\n").filter(|l| !l.is_empty()).count() - 1
}

#[tokio::test]
async fn my_data_holds_every_kind_of_record_a_person_creates_and_no_secret() {
    let w = world().await;
    // Zoé verified herself against the organisation's census (as the verification page does).
    sqlx::query(
        "INSERT INTO census_entries (organization_id, census_key, birth_date, district, user_id,
                                     verified_at, created_at)
         VALUES ($1, 'key', '1990-04-05', 'Nord', $2, 2, 1)",
    )
    .bind(w.org.id)
    .bind(w.zoe.id)
    .execute(&w.app.db().pool)
    .await
    .expect("verified");
    // Groups: she asked to join one, was invited as a guest to a poll, and invited a guest.
    for (sql, who) in [
        (
            "INSERT INTO group_join_requests (space_id, user_id, message, created_at)
             VALUES ($1, $2, 'Let me in', 1)",
            w.zoe.id,
        ),
        (
            "INSERT INTO group_guests (space_id, item_kind, item_id, email, token_hash, invited_by,
                                       created_at, expires_at)
             VALUES ($1, 'poll', 1, 'zephyrine.quillard@example.org', 'h1', $2, 1, 2)",
            w.bob.id,
        ),
        (
            "INSERT INTO group_guests (space_id, item_kind, item_id, email, token_hash, invited_by,
                                       created_at, expires_at)
             VALUES ($1, 'poll', 1, 'guest@example.org', 'h2', $2, 1, 2)",
            w.zoe.id,
        ),
    ] {
        sqlx::query(sql)
            .bind(w.space.id)
            .bind(who)
            .execute(&w.app.db().pool)
            .await
            .expect("group rows");
    }
    // She reads her notifications in a daily digest: one sent, one line waiting.
    for statement in [
        "INSERT INTO mail_digests (user_id, day, created_at) VALUES ($1, 1, 86400)",
        "INSERT INTO mail_digest_items (user_id, text, link, created_at)
         VALUES ($1, 'Someone mentioned you', 'http://localhost/comments/1', 2)",
    ] {
        sqlx::query(statement)
            .bind(w.zoe.id)
            .execute(&w.app.db().pool)
            .await
            .expect("digest");
    }
    let files = download(&w.app, &w.zoe_web).await;
    assert!(files.contains_key("README.md"));
    assert!(files["README.md"].contains("anonymous poll"));
    let empty: Vec<&str> = my_data::KINDS
        .iter()
        .map(|k| k.name)
        .filter(|name| {
            files
                .get(&format!("csv/{name}.csv"))
                .is_none_or(|csv| csv_rows(csv) == 0)
        })
        .collect();
    assert!(empty.is_empty(), "kinds without a row: {empty:?}");

    let doc: Value = serde_json::from_str(&files["my-data.json"]).expect("JSON");
    assert_eq!(doc["account"]["email"], EMAIL);
    assert_eq!(doc["account"]["name"], NAME);
    assert_eq!(doc["account"]["locale"], "en");
    assert!(
        doc["account"]["created_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    for k in my_data::KINDS.iter().filter(|k| k.name != "account") {
        let rows = doc[k.name].as_array().expect(k.name);
        let csv = &files[&format!("csv/{}.csv", k.name)];
        assert_eq!(rows.len(), csv_rows(csv), "{}: JSON and CSV agree", k.name);
    }
    // Participation in the anonymous poll is there, its ballot is not.
    let participations = doc["poll_participations"].as_array().expect("array");
    assert!(
        participations
            .iter()
            .any(|p| p["poll_id"] == w.anonymous_poll && p["anonymous"] == 1)
    );
    let ballots = doc["poll_ballots"].as_array().expect("array");
    assert_eq!(ballots.len(), 1);
    assert_eq!(ballots[0]["poll_id"], w.named_poll);
    let everything: String = files.values().cloned().collect();
    assert!(!everything.contains(SECRET_REASON), "no anonymous ballot");
    // No secrets: no password hash, no token hash.
    let pool = &w.app.db().pool;
    let hash: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(w.zoe.id)
        .fetch_one(pool)
        .await
        .expect("hash")
        .try_get(0)
        .expect("hash");
    assert!(!everything.contains(&hash));
    for table in ["sessions", "api_tokens", "email_tokens", "invitations"] {
        for row in sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT token_hash FROM {table}"
        )))
        .fetch_all(pool)
        .await
        .expect("hashes")
        {
            let token_hash: String = row.try_get(0).expect("hash");
            assert!(!everything.contains(&token_hash), "{table} hash leaked");
        }
    }
    // The download itself is logged, privately.
    assert_eq!(
        scalar(
            w.app.db(),
            "SELECT COUNT(*) FROM action_log WHERE actor_id = $1
             AND action = 'personal-data-exported' AND visibility = 'private'",
            w.zoe.id
        )
        .await,
        1
    );
}

#[tokio::test]
async fn nobody_gets_another_persons_data() {
    let w = world().await;
    // Bob asks with Zoé's id in every way a form could carry it: he gets his own data.
    let r = post_form_with(
        &w.bob_web,
        &w.app.url(&format!("/account/my-data?user_id={}", w.zoe.id)),
        &[("user_id", w.zoe.id.to_string().as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let files = unzip(&r.bytes().await.expect("body")).expect("zip");
    let text: String = files
        .iter()
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect();
    let doc: Value = serde_json::from_str(
        &files
            .iter()
            .find(|(n, _)| n == "my-data.json")
            .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
            .expect("json"),
    )
    .expect("JSON");
    assert_eq!(doc["account"]["email"], "bob@example.org");
    assert_eq!(doc["account"]["id"], w.bob.id);
    for hers in [
        NAME,
        "my script",
        "Très bonne idée",
        SECRET_REASON,
        "Pour les oiseaux",
    ] {
        assert!(!text.contains(hers), "{hers}");
    }
    // Her address is in his data only as the address he typed to invite her.
    for (name, data) in &files {
        if String::from_utf8_lossy(data).contains(EMAIL) {
            assert!(
                name.contains("invitations_sent") || name == "my-data.json",
                "{name}"
            );
        }
    }
    assert_eq!(doc["invitations_sent"][0]["email"], EMAIL);

    // Not signed in: sent to sign in. With an API token: refused (sessions and tokens are in it).
    let anonymous = w.app.new_browser();
    let r = post_form_with(&anonymous, &w.app.url("/account/my-data"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let token = sessions::create_api_token(w.app.db(), w.zoe.id, "api")
        .await
        .expect("token");
    let r = anonymous
        .post(w.app.url("/account/my-data"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A GET (a link, an image on another site) downloads nothing; a cross-site POST neither.
    let r = w
        .zoe_web
        .get(w.app.url("/account/my-data"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let r = w
        .zoe_web
        .post(w.app.url("/account/my-data"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The account page links to the download.
    let page = expect_status(
        w.zoe_web
            .get(w.app.url("/account"))
            .send()
            .await
            .expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("action=\"/account/my-data\""));
}

#[tokio::test]
async fn downloads_are_rate_limited() {
    let w = world().await;
    for _ in 0..10 {
        let r = post_form_with(&w.bob_web, &w.app.url("/account/my-data"), &[]).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = post_form_with(&w.bob_web, &w.app.url("/account/my-data"), &[]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    // Another person is not limited by Bob's downloads.
    let r = post_form_with(&w.zoe_web, &w.app.url("/account/my-data"), &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// Every table of the schema.
async fn tables(db: &Db) -> Vec<String> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    sqlx::query(sql)
        .fetch_all(&db.pool)
        .await
        .expect("tables")
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("name"))
        .collect()
}

/// The columns of a table.
async fn columns(db: &Db, table: &str) -> Vec<String> {
    let sql = match db.backend {
        Backend::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    sqlx::query(sql)
        .bind(table)
        .fetch_all(&db.pool)
        .await
        .expect("columns")
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("name"))
        .collect()
}

/// The (table, column) pairs with a foreign key to `users`.
async fn references_to_users(db: &Db) -> BTreeSet<(String, String)> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND f.\"table\" = 'users'"
        }
        Backend::Postgres => {
            "SELECT CAST(tc.table_name AS TEXT), CAST(kcu.column_name AS TEXT)
             FROM information_schema.table_constraints tc
             JOIN information_schema.key_column_usage kcu
               ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
             JOIN information_schema.constraint_column_usage ccu
               ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
             WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users'
               AND tc.table_schema = current_schema()"
        }
    };
    sqlx::query(sql)
        .fetch_all(&db.pool)
        .await
        .expect("foreign keys")
        .iter()
        .map(|r| {
            (
                r.try_get::<String, _>(0).expect("table"),
                r.try_get::<String, _>(1).expect("column"),
            )
        })
        .collect()
}

/// A column that points to a person by its name: `user_id`, `author_id`, `actor_id`,
/// `*_by`, `*_user_id`, an e-mail address.
fn looks_personal(column: &str) -> bool {
    matches!(
        column,
        "user_id" | "author_id" | "actor_id" | "email" | "to_address"
    ) || column.ends_with("_by")
        || column.ends_with("_user_id")
        || column.ends_with("_email")
}

/// Every column that points to a person is listed in `my_data::PERSONAL_COLUMNS` (so it is in
/// the download and account deletion knows what to do with it), and every listed one exists.
/// A new table with a `user_id` fails here until it is listed.
#[tokio::test]
async fn every_column_pointing_to_a_person_is_exported_and_handled_by_deletion() {
    let app = TestApp::spawn().await;
    let db = app.db();
    let mut schema = BTreeSet::new();
    let mut found = references_to_users(db).await;
    for table in tables(db).await {
        let cols = columns(db, &table).await;
        for c in &cols {
            schema.insert((table.clone(), c.clone()));
            if looks_personal(c) {
                found.insert((table.clone(), c.clone()));
            }
        }
    }
    found.insert(("users".into(), "name".into()));
    let listed: BTreeSet<(String, String)> = my_data::PERSONAL_COLUMNS
        .iter()
        .map(|c| (c.table.to_string(), c.column.to_string()))
        .collect();
    let missing: Vec<_> = found.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "columns that point to a person but are unknown to my data and to account deletion \
         (add them to my_data::PERSONAL_COLUMNS, my_data::KINDS and accounts::delete_account): \
         {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&schema).collect();
    assert!(stale.is_empty(), "listed but not in the schema: {stale:?}");
}

/// Every text of every row of every table.
async fn dump(db: &Db) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for table in tables(db).await {
        let cols = columns(db, &table).await;
        for c in cols {
            let sql = format!("SELECT CAST(\"{c}\" AS TEXT) FROM \"{table}\"");
            for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&db.pool)
                .await
                .expect("dump")
            {
                if let Some(text) = row.try_get::<Option<String>, _>(0).expect("text") {
                    out.push((format!("{table}.{c}"), text));
                }
            }
        }
    }
    out
}

async fn anonymous_ballots(
    db: &Db,
    poll: i64,
) -> Vec<(i64, String, Option<String>, Option<String>)> {
    sqlx::query(
        "SELECT id, content, voter_key, CAST(user_id AS TEXT) FROM poll_ballots
         WHERE poll_id = $1 ORDER BY id",
    )
    .bind(poll)
    .fetch_all(&db.pool)
    .await
    .expect("ballots")
    .iter()
    .map(|r| {
        (
            r.try_get(0).expect("id"),
            r.try_get(1).expect("content"),
            r.try_get(2).expect("key"),
            r.try_get(3).expect("user"),
        )
    })
    .collect()
}

/// Counts a person would notice, before and after a deletion.
async fn counts(w: &World) -> Vec<i64> {
    let db = w.app.db();
    let mut out = Vec::new();
    for (sql, id) in [
        (
            "SELECT supports_count FROM proposals WHERE id = $1",
            w.bob_proposal,
        ),
        (
            "SELECT supports_count FROM proposals WHERE id = $1",
            w.zoe_proposal,
        ),
        (
            "SELECT endorsements_count FROM proposals WHERE id = $1",
            w.bob_proposal,
        ),
        (
            "SELECT comments_count FROM proposals WHERE id = $1",
            w.bob_proposal,
        ),
        (
            "SELECT COUNT(*) FROM supports WHERE proposal_id = $1",
            w.bob_proposal,
        ),
        (
            "SELECT COUNT(*) FROM poll_participations WHERE poll_id = $1",
            w.anonymous_poll,
        ),
        (
            "SELECT COUNT(*) FROM poll_ballots WHERE poll_id = $1",
            w.named_poll,
        ),
        (
            "SELECT COUNT(*) FROM budget_ballots WHERE checked_out_at IS NOT NULL AND id > $1",
            0,
        ),
        (
            "SELECT CAST(SUM(up_votes) AS BIGINT) FROM comments WHERE id > $1",
            0,
        ),
        (
            "SELECT COUNT(*) FROM proposal_amendments WHERE proposal_id = $1",
            w.bob_proposal,
        ),
        ("SELECT COUNT(*) FROM reports WHERE id > $1", 0),
        ("SELECT COUNT(*) FROM comments WHERE id > $1", 0),
    ] {
        out.push(scalar(db, sql, id).await);
    }
    out
}

#[tokio::test]
async fn deleting_an_account_erases_every_personal_field_and_keeps_contributions_and_counts() {
    let w = world().await;
    let db = w.app.db();
    // Her download made a rate-limit counter keyed by her account, too.
    download(&w.app, &w.zoe_web).await;
    // And one keyed by her address in the current window (an older one may have ended).
    w.app.sign_in(EMAIL, "not the password").await;
    let hash: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(w.zoe.id)
        .fetch_one(&db.pool)
        .await
        .expect("hash")
        .try_get(0)
        .expect("hash");
    // Her traces are everywhere before (so the check below means something).
    let before = dump(db).await;
    let places = |needle: &str, rows: &[(String, String)]| -> BTreeSet<String> {
        rows.iter()
            .filter(|(_, t)| t.contains(needle))
            .map(|(place, _)| place.clone())
            .collect()
    };
    for expected in [
        "users.email",
        "outbox.to_address",
        "invitations.email",
        "rate_limits.bucket",
    ] {
        assert!(places(EMAIL, &before).contains(expected), "{expected}");
    }
    assert!(
        places(NAME, &before).contains("outbox.body"),
        "her invitation names her"
    );
    let counts_before = counts(&w).await;
    let ballots_before = anonymous_ballots(db, w.anonymous_poll).await;
    let head_before = action_log::head(db).await.expect("head");

    let r = post_form_with(
        &w.zoe_web,
        &w.app.url("/account/delete"),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let after = dump(db).await;
    for needle in [EMAIL, NAME, hash.as_str()] {
        let found = places(needle, &after);
        assert!(found.is_empty(), "{needle:?} still in {found:?}");
    }
    // Personal rows are gone.
    for (table, column) in [
        ("sessions", "user_id"),
        ("api_tokens", "user_id"),
        ("email_tokens", "user_id"),
        ("follows", "user_id"),
        ("notifications", "user_id"),
        ("thread_reads", "user_id"),
        ("comment_reactions", "user_id"),
        ("poll_vote_history", "user_id"),
        ("memberships", "user_id"),
        ("space_members", "user_id"),
    ] {
        let n = scalar(
            db,
            &format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1"),
            w.zoe.id,
        )
        .await;
        assert_eq!(n, 0, "{table}");
    }
    // Contributions and every count stay.
    assert_eq!(counts(&w).await, counts_before);
    assert_eq!(
        scalar(
            db,
            "SELECT COUNT(*) FROM proposals WHERE author_id = $1",
            w.zoe.id
        )
        .await,
        1
    );
    // The secret ballot: the very same rows (same ids, contents, keys, no voter), so the same
    // result, and no log entry of hers names a ballot.
    let ballots_after = anonymous_ballots(db, w.anonymous_poll).await;
    assert_eq!(ballots_after, ballots_before);
    assert!(ballots_after.iter().all(|b| b.3.is_none()));
    let mut tally: Vec<&str> = ballots_after.iter().map(|b| b.1.as_str()).collect();
    tally.sort_unstable();
    assert_eq!(tally.len(), 3, "Zoé's, Bob's and Carla's");
    assert_eq!(
        scalar(
            db,
            "SELECT COUNT(*) FROM action_log WHERE subject_kind = 'poll_ballot'
             AND subject_id IN (SELECT id FROM poll_ballots WHERE poll_id = $1)",
            w.anonymous_poll
        )
        .await,
        0
    );
    let new_entries: Vec<(String, String)> =
        sqlx::query("SELECT action, subject_kind FROM action_log WHERE seq > $1 ORDER BY seq")
            .bind(head_before.length)
            .fetch_all(&db.pool)
            .await
            .expect("entries")
            .iter()
            .map(|r| (r.try_get(0).expect("a"), r.try_get(1).expect("k")))
            .collect();
    assert!(
        new_entries
            .iter()
            .all(|(_, kind)| ["membership", "space_member", "user"].contains(&kind.as_str())),
        "{new_entries:?}"
    );
    assert!(new_entries.contains(&("account-deleted".into(), "user".into())));
    // The log still verifies.
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // Pages show "deleted participant" in the reader's language.
    let page = |path: String, lang: &'static str| {
        let web = w.bob_web.clone();
        let url = w.app.url(&path);
        async move {
            expect_status(
                web.get(url)
                    .header("accept-language", lang)
                    .send()
                    .await
                    .expect("GET"),
                StatusCode::OK,
            )
            .await
        }
    };
    let proposal_path = format!("/proposals/{}/{}", w.proposals_cid, w.zoe_proposal);
    let shown = page(proposal_path.clone(), "fr").await;
    assert!(
        shown.contains("participant·e supprimé·e"),
        "French page names the deleted participant"
    );
    assert!(!shown.contains(NAME));
    let bob_page = page(
        format!("/proposals/{}/{}", w.proposals_cid, w.bob_proposal),
        "fr",
    )
    .await;
    assert!(bob_page.contains("Participant·e supprimé·e"), "her comment");
    let poll_page = page(format!("/polls/{}/{}", w.polls_cid, w.named_poll), "fr").await;
    for admin_page in ["/o/ville/admin/invitations", "/o/ville/admin/log"] {
        let shown = page(admin_page.to_string(), "fr").await;
        assert!(shown.contains("participant·e supprimé·e"), "{admin_page}");
        assert!(!shown.contains(NAME), "{admin_page}");
    }
    assert!(
        poll_page.contains("participant·e supprimé·e"),
        "poll author and named vote"
    );

    // She can no longer sign in; her address is free again.
    let r = w.app.sign_in(EMAIL, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let _ = (&w.org, &w.space, &w.bob);
}

#[tokio::test]
async fn the_only_administrator_still_cannot_delete_and_nothing_is_erased() {
    let w = world().await;
    let db = w.app.db();
    organizations::members::remove(db, w.org.id, w.bob.id, None)
        .await
        .expect("remove bob");
    let personal = |rows: Vec<(String, String)>| -> BTreeSet<(String, String)> {
        rows.into_iter()
            .filter(|(place, text)| {
                // Rate-limit counters come and go with their 15-minute windows.
                !place.starts_with("rate_limits.")
                    && (text.contains(EMAIL) || text.contains(NAME) || place.starts_with("users."))
            })
            .collect()
    };
    let before = personal(dump(db).await);
    let r = post_form_with(
        &w.zoe_web,
        &w.app.url("/account/delete"),
        &[("password", PASSWORD)],
    )
    .await;
    let page = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Ville"));
    assert!(
        accounts::find_by_email(db, EMAIL)
            .await
            .expect("find")
            .is_some()
    );
    // Nothing personal changed: same account, same rows naming her.
    assert_eq!(personal(dump(db).await), before);
    assert!(
        scalar(
            db,
            "SELECT COUNT(*) FROM follows WHERE user_id = $1",
            w.zoe.id
        )
        .await
            > 0
    );
}

/// Two administrators of one organisation delete their accounts at the same instant: one
/// deletion goes through, the other is refused — the organisation always keeps an administrator.
#[tokio::test]
async fn two_last_administrators_deleting_at_once_leave_one() {
    let app = TestApp::spawn().await;
    let db = app.db().clone();
    let org = organizations::create(&db, "asso", "Asso", "", Locale::Fr)
        .await
        .expect("org");
    let mut admins = Vec::new();
    for email in ["ana@example.org", "ben@example.org"] {
        let user = app.create_user(email, PASSWORD).await;
        organizations::set_member(&db, org.id, user.id, OrgRole::Admin)
            .await
            .expect("admin");
        admins.push(user.id);
    }
    let (a, b) = tokio::join!(
        accounts::delete_account(&db, admins[0]),
        accounts::delete_account(&db, admins[1])
    );
    let outcomes = [a.expect("first"), b.expect("second")];
    assert_eq!(
        outcomes.iter().filter(|o| o.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'admin'",
            org.id
        )
        .await,
        1
    );
    let report = action_log::verify(&db).await.expect("verify");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// Migration 0018 gives accounts deleted before it the same treatment: name erased, follows,
/// notifications, reading positions, vote history, e-mail links and unfinished baskets gone.
#[tokio::test]
async fn accounts_deleted_before_the_migration_are_erased_by_it() {
    let w = world().await;
    let db = w.app.db();
    // As the old deletion left it.
    sqlx::query(
        "UPDATE users SET email = 'deleted-' || CAST(id AS TEXT) || '@invalid', name = 'deleted',
                password_hash = NULL, deleted_at = 1 WHERE id = $1",
    )
    .bind(w.zoe.id)
    .execute(&db.pool)
    .await
    .expect("old deletion");
    let erased = [
        "follows",
        "notifications",
        "thread_reads",
        "poll_vote_history",
        "email_tokens",
    ];
    for table in erased {
        let n = scalar(
            db,
            &format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"),
            w.zoe.id,
        )
        .await;
        assert!(n > 0, "{table} has rows to erase");
    }
    let migration = include_str!("../../migrations/0018_account_erasure.sql");
    let statements: String = migration
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    for statement in statements
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        sqlx::query(sqlx::AssertSqlSafe(
            statement.trim_end_matches(';').to_string(),
        ))
        .execute(&db.pool)
        .await
        .expect(statement);
    }
    for table in erased {
        let n = scalar(
            db,
            &format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"),
            w.zoe.id,
        )
        .await;
        assert_eq!(n, 0, "{table}");
    }
    let name: String = sqlx::query("SELECT name FROM users WHERE id = $1")
        .bind(w.zoe.id)
        .fetch_one(&db.pool)
        .await
        .expect("user")
        .try_get(0)
        .expect("name");
    assert_eq!(name, "");
    // Contributions and cast ballots stay.
    assert_eq!(
        scalar(
            db,
            "SELECT COUNT(*) FROM proposals WHERE author_id = $1",
            w.zoe.id
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            db,
            "SELECT COUNT(*) FROM budget_ballots WHERE user_id = $1 AND checked_out_at IS NOT NULL",
            w.zoe.id
        )
        .await,
        1
    );
}
