//! Integration tests: the polls component — every poll type end to end (create, vote, change
//! the vote, close, outcome), hidden results that never leak through a page or the API,
//! anonymous polls that never say who voted what (not even to a database dump), one vote per
//! person under concurrency, votes refused after closing, malformed ballots refused.

use agora::components::polls;
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::sessions;
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

struct World {
    app: TestApp,
    #[allow(dead_code)]
    org: Organization,
    space: Space,
    cid: i64,
}

async fn world_with(settings: Value) -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(
        app.db(),
        "communs",
        "Association des communs",
        "An association.",
        Locale::En,
    )
    .await
    .expect("org");
    let space = spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Assembly,
            slug: "assembly",
            title: "General assembly",
            description: "We decide here.",
            visibility: Visibility::MembersParticipate,
            published: true,
        },
    )
    .await
    .expect("space");
    let cid = polls::create_component(
        app.db(),
        space.id,
        "Polls",
        &settings.as_object().cloned().unwrap_or_else(Map::new),
    )
    .await
    .expect("component");
    World {
        app,
        org,
        space,
        cid,
    }
}

async fn world() -> World {
    world_with(json!({})).await
}

/// A future closing date as a `datetime-local` field.
fn next_week() -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 7);
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .datetime()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

impl World {
    /// A member of the organisation, signed in.
    async fn member(&self, name: &str) -> (User, Client) {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), "a long password 123")
            .await;
        organizations::set_member(self.app.db(), self.org.id, user.id, OrgRole::Member)
            .await
            .expect("member");
        let client = self.app.browser_signed_in(&user).await;
        (user, client)
    }

    async fn admin(&self, name: &str) -> (User, Client) {
        let (user, client) = self.member(name).await;
        organizations::set_member(self.app.db(), self.org.id, user.id, OrgRole::Admin)
            .await
            .expect("admin");
        (user, client)
    }

    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    /// Creates a poll through the form; returns its id.
    async fn create(&self, client: &Client, fields: &[(&str, &str)]) -> i64 {
        let closes = next_week();
        let mut form: Vec<(&str, &str)> = vec![
            ("closes_at", closes.as_str()),
            ("open", "on"),
            ("reason", "optional"),
            ("reason_max", "200"),
            ("hide_results", "off"),
        ];
        for (k, v) in fields {
            form.retain(|(key, _)| key != k);
            form.push((k, v));
        }
        // Browsers send no field for an unchecked box.
        form.retain(|(_, v)| !v.is_empty());
        let response = post_form_with(
            client,
            &self.url(&format!("/polls/{}/new", self.cid)),
            &form,
        )
        .await;
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(String::from);
        let body = response.text().await.unwrap_or_default();
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "create: {}",
            &body[..body.len().min(3000)]
        );
        location
            .and_then(|l| l.rsplit('/').next().and_then(|id| id.parse().ok()))
            .expect("poll id")
    }

    fn poll_path(&self, pid: i64) -> String {
        format!("/polls/{}/{pid}", self.cid)
    }

    async fn page(&self, client: &Client, pid: i64) -> String {
        let response = client
            .get(self.url(&self.poll_path(pid)))
            .send()
            .await
            .expect("GET");
        expect_status(response, StatusCode::OK).await
    }

    async fn vote(&self, client: &Client, pid: i64, form: &[(&str, &str)]) -> reqwest::Response {
        post_form_with(
            client,
            &self.url(&format!("{}/vote", self.poll_path(pid))),
            form,
        )
        .await
    }

    async fn options(&self, pid: i64) -> Vec<i64> {
        sqlx::query("SELECT id FROM poll_options WHERE poll_id = $1 ORDER BY position")
            .bind(pid)
            .fetch_all(&self.app.db().pool)
            .await
            .expect("options")
            .iter()
            .map(|r| r.try_get::<i64, _>(0).expect("id"))
            .collect()
    }

    async fn token(&self, user: &User) -> String {
        sessions::create_api_token(self.app.db(), user.id, "test")
            .await
            .expect("token")
    }

    async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.app.new_browser().request(method, self.url(path));
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}")),
        )
    }

    async fn count_where(&self, table: &str, pid: i64) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE poll_id = $1"
        )))
        .bind(pid)
        .fetch_one(&self.app.db().pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("count value")
    }

    async fn close(&self, client: &Client, pid: i64) {
        let response = post_form_with(
            client,
            &self.url(&format!("{}/close", self.poll_path(pid))),
            &[],
        )
        .await;
        expect_status(response, StatusCode::SEE_OTHER).await;
    }
}

/// One poll type: what its creation form adds, two voters' ballots, and a changed ballot.
struct Case {
    fields: Vec<(&'static str, String)>,
    /// Ballot forms built from the option ids.
    first: fn(&[i64]) -> Vec<(String, String)>,
    second: fn(&[i64]) -> Vec<(String, String)>,
    changed: fn(&[i64]) -> Vec<(String, String)>,
    /// The option index expected to come first (after the change), if the type names one.
    winner: Option<usize>,
}

fn f<K: AsRef<str>>(pairs: &[(K, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_ref().to_string(), v.clone()))
        .collect()
}

fn cases() -> Vec<(&'static str, Case)> {
    let options = |text: &str| ("options", text.to_string());
    vec![
        (
            "proposal",
            Case {
                fields: vec![("preset", "proposal".into())],
                first: |o| f(&[("choice", o[0].to_string())]),
                second: |o| f(&[("choice", o[2].to_string())]),
                changed: |o| f(&[("choice", o[0].to_string()), ("reason", "Convinced".into())]),
                winner: None,
            },
        ),
        (
            "single_choice",
            Case {
                fields: vec![options("Lyon\nNantes\nLille")],
                first: |o| f(&[("choice", o[1].to_string())]),
                second: |o| f(&[("choice", o[2].to_string())]),
                changed: |o| f(&[("choice", o[1].to_string())]),
                winner: Some(1),
            },
        ),
        (
            "multiple_choice",
            Case {
                fields: vec![
                    options("Bread\nCheese\nWine"),
                    ("min_choices", "1".into()),
                    ("max_choices", "2".into()),
                ],
                first: |o| f(&[("choices", o[0].to_string()), ("choices", o[2].to_string())]),
                second: |o| f(&[("choices", o[1].to_string())]),
                changed: |o| f(&[("choices", o[1].to_string()), ("choices", o[2].to_string())]),
                winner: Some(1),
            },
        ),
        (
            "score",
            Case {
                fields: vec![
                    options("Red\nBlue"),
                    ("score_min", "0".into()),
                    ("score_max", "5".into()),
                ],
                first: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "5".into()),
                        (&format!("score-{}", o[1]), "1".into()),
                    ])
                },
                second: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "1".into()),
                        (&format!("score-{}", o[1]), "2".into()),
                    ])
                },
                changed: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "0".into()),
                        (&format!("score-{}", o[1]), "5".into()),
                    ])
                },
                winner: Some(1),
            },
        ),
        (
            "ranked_choice",
            Case {
                fields: vec![options("Alpha\nBravo\nCharlie"), ("method", "irv".into())],
                first: |o| {
                    f(&[
                        (&format!("rank-{}", o[0]), "1".into()),
                        (&format!("rank-{}", o[1]), "2".into()),
                    ])
                },
                second: |o| {
                    f(&[
                        (&format!("rank-{}", o[1]), "1".into()),
                        (&format!("rank-{}", o[2]), "2".into()),
                    ])
                },
                changed: |o| {
                    f(&[
                        (&format!("rank-{}", o[1]), "1".into()),
                        (&format!("rank-{}", o[0]), "2".into()),
                    ])
                },
                winner: Some(1),
            },
        ),
        (
            "dot_vote",
            Case {
                fields: vec![
                    options("Garden\nLibrary\nWorkshop"),
                    ("points", "10".into()),
                ],
                first: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "7".into()),
                        (&format!("score-{}", o[1]), "3".into()),
                    ])
                },
                second: |o| f(&[(&format!("score-{}", o[2]), "10".into())]),
                changed: |o| {
                    f(&[
                        (&format!("score-{}", o[2]), "6".into()),
                        (&format!("score-{}", o[0]), "4".into()),
                    ])
                },
                winner: Some(2),
            },
        ),
        (
            "majority_judgment",
            Case {
                fields: vec![options("Plan A\nPlan B")],
                first: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "5".into()),
                        (&format!("score-{}", o[1]), "1".into()),
                    ])
                },
                second: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "4".into()),
                        (&format!("score-{}", o[1]), "2".into()),
                    ])
                },
                changed: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "3".into()),
                        (&format!("score-{}", o[1]), "0".into()),
                    ])
                },
                winner: Some(0),
            },
        ),
        (
            "meeting",
            Case {
                fields: vec![options("2026-12-07 18:00\n2026-12-08 18:00")],
                first: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "2".into()),
                        (&format!("score-{}", o[1]), "0".into()),
                    ])
                },
                second: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "1".into()),
                        (&format!("score-{}", o[1]), "2".into()),
                    ])
                },
                changed: |o| {
                    f(&[
                        (&format!("score-{}", o[0]), "2".into()),
                        (&format!("score-{}", o[1]), "1".into()),
                    ])
                },
                winner: Some(0),
            },
        ),
        (
            "question",
            Case {
                fields: vec![],
                first: |_| f(&[("reason", "More benches".into())]),
                second: |_| f(&[("reason", "A shared oven".into())]),
                changed: |_| f(&[("reason", "More benches and shade".into())]),
                winner: None,
            },
        ),
    ]
}

#[tokio::test]
async fn every_poll_type_goes_from_creation_to_outcome() {
    let w = world().await;
    let (author, author_client) = w.member("author").await;
    let (_, ana) = w.member("ana").await;
    let (_, ben) = w.member("ben").await;
    let token = w.token(&author).await;
    for (poll_type, case) in cases() {
        let mut fields: Vec<(&str, &str)> = vec![("poll_type", poll_type), ("title", poll_type)];
        fields.extend(case.fields.iter().map(|(k, v)| (*k, v.as_str())));
        let pid = w.create(&author_client, &fields).await;
        let o = w.options(pid).await;
        for (client, form) in [
            (&ana, (case.first)(&o)),
            (&ben, (case.second)(&o)),
            (&ana, (case.changed)(&o)),
        ] {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let page = expect_status(w.vote(client, pid, &form).await, StatusCode::OK).await;
            assert!(
                page.contains("Your receipt code"),
                "{poll_type}: receipt shown"
            );
        }
        assert_eq!(
            w.count_where("poll_ballots", pid).await,
            2,
            "{poll_type}: a changed vote stays one vote"
        );
        assert_eq!(
            w.count_where("poll_participations", pid).await,
            2,
            "{poll_type}"
        );
        // Named poll: ana's history keeps both of her votes.
        let history: i64 = w.count_where("poll_vote_history", pid).await;
        assert_eq!(
            history, 3,
            "{poll_type}: every vote is in its voter's history"
        );
        let page = w.page(&ana, pid).await;
        assert!(
            page.contains("My earlier votes"),
            "{poll_type}: history shown"
        );
        let (status, doc) = w
            .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(doc["poll_type"], poll_type);
        assert_eq!(doc["status"], "open");
        assert_eq!(doc["voters_count"], 2);
        assert_eq!(doc["results"]["ballots"], 2, "{poll_type}: {doc}");
        if let Some(winner) = case.winner {
            assert_eq!(doc["results"]["winner"], o[winner], "{poll_type}: {doc}");
        }
        if poll_type == "proposal" {
            assert_eq!(
                doc["results"]["details"]["outcome"]["kind"], "not_passed",
                "{doc}"
            );
        }
        if poll_type == "ranked_choice" {
            assert!(
                doc["results"]["details"]["rounds"].is_array(),
                "IRV rounds: {doc}"
            );
            assert!(page.contains("Rounds of the count"));
        }
        assert!(
            page.contains("<svg") && page.contains("Results by option") || poll_type == "question",
            "{poll_type}: chart and table"
        );
        assert!(page.contains("Who voted what"), "{poll_type}");
        // Close, then the outcome.
        w.close(&author_client, pid).await;
        let (_, doc) = w
            .api("GET", &format!("/api/v1/polls/{pid}"), Some(&token), None)
            .await;
        assert_eq!(doc["status"], "closed");
        let chosen = o.first().map(|id| id.to_string()).unwrap_or_default();
        let response = post_form_with(
            &author_client,
            &w.url(&format!("{}/outcome", w.poll_path(pid))),
            &[
                ("outcome", "We go with it."),
                ("outcome_option", &chosen),
                ("review_on", "2030-01-15"),
            ],
        )
        .await;
        expect_status(response, StatusCode::SEE_OTHER).await;
        let page = w.page(&ben, pid).await;
        assert!(
            page.contains("We go with it."),
            "{poll_type}: outcome shown"
        );
        assert!(
            page.contains("To be reviewed on"),
            "{poll_type}: review date"
        );
        let (_, doc) = w
            .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
            .await;
        assert_eq!(doc["outcome"]["text"], "We go with it.");
    }
    // The space's list shows them all.
    let (status, list) = w
        .api(
            "GET",
            &format!("/api/v1/spaces/{}/polls", w.space.id),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["polls"].as_array().map(Vec::len), Some(9));
}

#[tokio::test]
async fn hidden_results_never_leak_through_page_or_api() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let (voter, voter_client) = w.member("voter").await;
    let (watcher, watcher_client) = w.admin("watcher").await;
    let voter_token = w.token(&voter).await;
    let watcher_token = w.token(&watcher).await;
    for hide in ["until_vote", "until_closed"] {
        let pid = w
            .create(
                &author,
                &[
                    ("poll_type", "single_choice"),
                    ("title", "Where?"),
                    ("options", "Lyon\nNantes"),
                    ("hide_results", hide),
                ],
            )
            .await;
        let o = w.options(pid).await;
        let shows_results =
            |page: &str| page.contains("Results by option") || page.contains("<svg");
        // Before anyone votes: hidden for everyone, the admin included.
        for client in [&voter_client, &watcher_client] {
            let page = w.page(client, pid).await;
            assert!(!shows_results(&page), "{hide}: page before voting");
        }
        let anonymous = w.app.new_browser();
        assert!(!shows_results(&w.page(&anonymous, pid).await));
        expect_status(
            w.vote(&voter_client, pid, &[("choice", &o[0].to_string())])
                .await,
            StatusCode::OK,
        )
        .await;
        // The watcher has not voted: nothing, whatever the path.
        assert!(
            !shows_results(&w.page(&watcher_client, pid).await),
            "{hide}: watcher page"
        );
        let (_, doc) = w
            .api(
                "GET",
                &format!("/api/v1/polls/{pid}"),
                Some(&watcher_token),
                None,
            )
            .await;
        assert!(doc.get("results").is_none(), "{hide}: watcher API {doc}");
        let (_, doc) = w
            .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
            .await;
        assert!(doc.get("results").is_none(), "{hide}: anonymous API {doc}");
        let (_, list) = w
            .api(
                "GET",
                &format!("/api/v1/spaces/{}/polls", w.space.id),
                Some(&voter_token),
                None,
            )
            .await;
        assert!(
            list["polls"]
                .as_array()
                .expect("polls")
                .iter()
                .all(|p| p.get("results").is_none())
        );
        // The voter: results once voted (until_vote), or still nothing (until_closed).
        let page = w.page(&voter_client, pid).await;
        let (_, doc) = w
            .api(
                "GET",
                &format!("/api/v1/polls/{pid}"),
                Some(&voter_token),
                None,
            )
            .await;
        if hide == "until_vote" {
            assert!(shows_results(&page), "voted: page shows results");
            assert_eq!(doc["results"]["ballots"], 1);
        } else {
            assert!(
                !shows_results(&page),
                "until_closed: hidden even after voting"
            );
            assert!(page.contains("hidden until the poll closes"));
            assert!(doc.get("results").is_none(), "until_closed API {doc}");
        }
        // Once closed, everyone sees them.
        w.close(&author, pid).await;
        assert!(
            shows_results(&w.page(&watcher_client, pid).await),
            "{hide}: closed"
        );
        let (_, doc) = w
            .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
            .await;
        assert_eq!(doc["results"]["ballots"], 1, "{hide}: closed API");
    }
}

#[tokio::test]
async fn anonymous_polls_never_say_who_voted_what() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let (_, watcher) = w.admin("watcher").await;
    let pid = w
        .create(
            &author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Secret question"),
                ("options", "Yes please\nNo thanks"),
                ("anonymous", "on"),
            ],
        )
        .await;
    let o = w.options(pid).await;
    let mut receipts = Vec::new();
    for (i, name) in ["zoelle", "yannick", "xavierre"].iter().enumerate() {
        let (_, client) = w.member(name).await;
        let choice = o[i % 2].to_string();
        let page = expect_status(
            w.vote(
                &client,
                pid,
                &[
                    ("choice", &choice),
                    ("reason", &format!("reason of voter {i}")),
                ],
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let receipt = page
            .split("<code>")
            .nth(1)
            .and_then(|s| s.split("</code>").next())
            .expect("receipt")
            .to_string();
        receipts.push(receipt);
        // A voter may change an anonymous vote (the server finds it through its secret).
        if i == 0 {
            let page = expect_status(
                w.vote(&client, pid, &[("choice", &o[1].to_string())]).await,
                StatusCode::OK,
            )
            .await;
            receipts[0] = page
                .split("<code>")
                .nth(1)
                .and_then(|s| s.split("</code>").next())
                .expect("receipt")
                .to_string();
            let own = w.page(&client, pid).await;
            assert!(
                own.contains("You voted: No thanks"),
                "the voter sees their own vote"
            );
            assert!(own.contains("no history of your votes is kept"));
        }
    }
    assert_eq!(w.count_where("poll_ballots", pid).await, 3);
    // What a dump holds: ballots without user, time or sequence id; no history.
    let rows = sqlx::query(
        "SELECT id, user_id, voter_key, updated_at FROM poll_ballots WHERE poll_id = $1",
    )
    .bind(pid)
    .fetch_all(&w.app.db().pool)
    .await
    .expect("ballots");
    for row in &rows {
        assert!(
            row.try_get::<Option<i64>, _>("user_id")
                .expect("user")
                .is_none()
        );
        assert!(
            row.try_get::<Option<i64>, _>("updated_at")
                .expect("time")
                .is_none()
        );
        assert!(
            row.try_get::<Option<String>, _>("voter_key")
                .expect("key")
                .is_some()
        );
        assert!(
            row.try_get::<i64, _>("id").expect("id") > 1000,
            "ids are random, not the sequence"
        );
    }
    assert_eq!(w.count_where("poll_vote_history", pid).await, 0);
    // No view names a voter next to a vote: the page (results are shown at once here) and
    // the API, for an admin.
    for view in [w.page(&watcher, pid).await, w.page(&author, pid).await] {
        assert!(view.contains("reason of voter 1"), "reasons are shown");
        assert!(!view.contains("Who voted what"));
        for name in ["zoelle", "yannick", "xavierre"] {
            assert!(!view.contains(name), "{name} named on a page");
        }
    }
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
        .await;
    let text = doc.to_string();
    assert!(doc["results"].get("votes").is_none());
    for name in ["zoelle", "yannick", "xavierre"] {
        assert!(!text.contains(name), "{name} named by the API");
    }
    // Anonymity cannot be turned off.
    let response = post_form_with(
        &author,
        &w.url(&format!("{}/settings", w.poll_path(pid))),
        &[
            ("title", "Secret question"),
            ("hide_results", "off"),
            ("reason", "optional"),
            ("reason_max", "200"),
        ],
    )
    .await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
        .await;
    assert_eq!(doc["anonymous"], true);
    // Closing seals the ballots: new random ids, no voter keys; the ballot list shows each
    // receipt's hash, so voters find theirs.
    let before: Vec<i64> = rows.iter().map(|r| r.try_get("id").expect("id")).collect();
    w.close(&author, pid).await;
    let sealed = sqlx::query("SELECT id, voter_key FROM poll_ballots WHERE poll_id = $1")
        .bind(pid)
        .fetch_all(&w.app.db().pool)
        .await
        .expect("ballots");
    assert_eq!(sealed.len(), 3);
    for row in &sealed {
        assert!(
            row.try_get::<Option<String>, _>("voter_key")
                .expect("key")
                .is_none()
        );
        assert!(!before.contains(&row.try_get::<i64, _>("id").expect("id")));
    }
    let page = w.page(&watcher, pid).await;
    for receipt in &receipts {
        let hash = agora::components::polls::model::receipt_hash(receipt);
        assert!(
            page.contains(&hash),
            "the ballot list holds every receipt's hash"
        );
    }
    // And it cannot be reopened.
    let response = post_form_with(
        &author,
        &w.url(&format!("{}/closing", w.poll_path(pid))),
        &[("closes_at", &next_week())],
    )
    .await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn a_hundred_parallel_votes_by_one_person_leave_one_vote() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let (voter, _) = w.member("voter").await;
    let token = w.token(&voter).await;
    for anonymous in ["", "on"] {
        let pid = w
            .create(
                &author,
                &[
                    ("poll_type", "single_choice"),
                    ("title", "Race"),
                    ("options", "One\nTwo"),
                    ("anonymous", anonymous),
                ],
            )
            .await;
        let o = w.options(pid).await;
        let mut tasks = Vec::new();
        for i in 0..100 {
            let url = w.url(&format!("/api/v1/polls/{pid}/vote"));
            let token = token.clone();
            let body = json!({ "choice": o[i % 2] }).to_string();
            tasks.push(tokio::spawn(async move {
                reqwest::Client::new()
                    .put(url)
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("PUT")
                    .status()
            }));
        }
        for task in tasks {
            assert_eq!(task.await.expect("task"), StatusCode::OK);
        }
        assert_eq!(
            w.count_where("poll_ballots", pid).await,
            1,
            "anonymous={anonymous}"
        );
        assert_eq!(w.count_where("poll_participations", pid).await, 1);
        let (_, doc) = w
            .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
            .await;
        assert_eq!(doc["voters_count"], 1);
        // Withdrawing through the API leaves nothing.
        let (status, _) = w
            .api(
                "DELETE",
                &format!("/api/v1/polls/{pid}/vote"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(w.count_where("poll_ballots", pid).await, 0);
        assert_eq!(w.count_where("poll_participations", pid).await, 0);
    }
}

#[tokio::test]
async fn a_vote_after_closing_is_refused_and_changes_nothing() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let (voter, voter_client) = w.member("voter").await;
    let token = w.token(&voter).await;
    let pid = w
        .create(
            &author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Late"),
                ("options", "A\nB"),
            ],
        )
        .await;
    let o = w.options(pid).await;
    expect_status(
        w.vote(&voter_client, pid, &[("choice", &o[0].to_string())])
            .await,
        StatusCode::OK,
    )
    .await;
    w.close(&author, pid).await;
    let page = expect_status(
        w.vote(&voter_client, pid, &[("choice", &o[1].to_string())])
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(page.contains("This poll is closed"));
    let (status, problem) = w
        .api(
            "PUT",
            &format!("/api/v1/polls/{pid}/vote"),
            Some(&token),
            Some(&json!({"choice": o[1]}).to_string()),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (status, _) = w
        .api(
            "DELETE",
            &format!("/api/v1/polls/{pid}/vote"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
        .await;
    assert_eq!(
        doc["results"]["options"][0]["value"], 1,
        "the first vote stands: {doc}"
    );
    assert_eq!(doc["results"]["options"][1]["value"], 0);
    // A named poll can be reopened, and then takes votes again.
    let response = post_form_with(
        &author,
        &w.url(&format!("{}/closing", w.poll_path(pid))),
        &[("closes_at", &next_week())],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    expect_status(
        w.vote(&voter_client, pid, &[("choice", &o[1].to_string())])
            .await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn malformed_ballots_are_refused_with_a_reason() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let (voter, voter_client) = w.member("voter").await;
    let token = w.token(&voter).await;
    let multiple = w
        .create(
            &author,
            &[
                ("poll_type", "multiple_choice"),
                ("title", "Pick"),
                ("options", "A\nB\nC"),
                ("max_choices", "2"),
            ],
        )
        .await;
    let dots = w
        .create(
            &author,
            &[
                ("poll_type", "dot_vote"),
                ("title", "Dots"),
                ("options", "A\nB"),
                ("points", "5"),
            ],
        )
        .await;
    let score = w
        .create(
            &author,
            &[
                ("poll_type", "score"),
                ("title", "Score"),
                ("options", "A\nB"),
                ("score_min", "1"),
                ("score_max", "3"),
            ],
        )
        .await;
    let m = w.options(multiple).await;
    let d = w.options(dots).await;
    let s = w.options(score).await;
    let cases: Vec<(i64, String, &str)> = vec![
        (
            multiple,
            json!({"choices": [999999]}).to_string(),
            "not an option",
        ),
        (multiple, json!({"choices": m}).to_string(), "at most 2"),
        (multiple, json!({"choice": m[0]}).to_string(), "choices"),
        (
            dots,
            json!({"scores": {d[0].to_string(): 4, d[1].to_string(): 3}}).to_string(),
            "5 points",
        ),
        (
            score,
            json!({"scores": {s[0].to_string(): 9}}).to_string(),
            "from 1 to 3",
        ),
        (score, "not json".to_string(), "JSON ballot"),
        (
            score,
            json!({"scores": {s[0].to_string(): 2}, "colour": "red"}).to_string(),
            "JSON ballot",
        ),
    ];
    for (pid, body, says) in cases {
        let (status, problem) = w
            .api(
                "PUT",
                &format!("/api/v1/polls/{pid}/vote"),
                Some(&token),
                Some(&body),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {problem}");
        let detail = problem["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(says), "{body}: {detail}");
        assert_eq!(
            w.count_where("poll_ballots", pid).await,
            0,
            "{body}: nothing stored"
        );
        assert_eq!(w.count_where("poll_participations", pid).await, 0);
    }
    // The form says it too, and keeps nothing.
    let page = expect_status(
        w.vote(
            &voter_client,
            dots,
            &[
                (&format!("score-{}", d[0]), "4"),
                (&format!("score-{}", d[1]), "3"),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("You have 5 points and used 7"), "form error");
    assert_eq!(w.count_where("poll_ballots", dots).await, 0);
    // A valid ballot through the API, with its receipt.
    let (status, answer) = w
        .api(
            "PUT",
            &format!("/api/v1/polls/{dots}/vote"),
            Some(&token),
            Some(&json!({"scores": {d[0].to_string(): 5}, "reason": "all in"}).to_string()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer["receipt"].as_str().is_some_and(|r| r.len() == 20));
}

#[tokio::test]
async fn settings_only_tighten_and_drafts_stay_private() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let (_, other) = w.member("other").await;
    // A draft: no closing date, not opened.
    let pid = w
        .create(
            &author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Draft"),
                ("options", "A\nB"),
                ("closes_at", ""),
                ("open", ""),
                ("hide_results", "until_closed"),
            ],
        )
        .await;
    let response = other
        .get(w.url(&w.poll_path(pid)))
        .send()
        .await
        .expect("GET");
    expect_status(response, StatusCode::NOT_FOUND).await;
    let (status, _) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Opening needs a closing date.
    let response = post_form_with(
        &author,
        &w.url(&format!("{}/open", w.poll_path(pid))),
        &[("closes_at", "")],
    )
    .await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let response = post_form_with(
        &author,
        &w.url(&format!("{}/open", w.poll_path(pid))),
        &[("closes_at", &next_week())],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    expect_status(
        other
            .get(w.url(&w.poll_path(pid)))
            .send()
            .await
            .expect("GET"),
        StatusCode::OK,
    )
    .await;
    // Hidden results cannot be loosened; someone else may not change the settings.
    let settings = w.url(&format!("{}/settings", w.poll_path(pid)));
    let loosen = [
        ("title", "Draft"),
        ("hide_results", "until_vote"),
        ("reason", "optional"),
        ("reason_max", "200"),
    ];
    expect_status(
        post_form_with(&author, &settings, &loosen).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    expect_status(
        post_form_with(&other, &settings, &loosen).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), None, None)
        .await;
    assert_eq!(doc["hide_results"], "until_closed");
    // Creating a poll with no closing date but "open" is refused.
    let response = post_form_with(
        &author,
        &w.url(&format!("/polls/{}/new", w.cid)),
        &[
            ("poll_type", "single_choice"),
            ("title", "X"),
            ("options", "A\nB"),
            ("open", "on"),
            ("hide_results", "off"),
            ("reason", "off"),
            ("reason_max", "10"),
        ],
    )
    .await;
    let page = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("closing date in the future"));
}

#[tokio::test]
async fn who_may_create_and_see_polls() {
    let w = world_with(json!({"poll_creation": "admins"})).await;
    let (_, member) = w.member("member").await;
    let (_, admin) = w.admin("admin").await;
    let response = member
        .get(w.url(&format!("/polls/{}/new", w.cid)))
        .send()
        .await
        .expect("GET");
    expect_status(response, StatusCode::FORBIDDEN).await;
    let pid = w
        .create(
            &admin,
            &[
                ("poll_type", "single_choice"),
                ("title", "Only admins"),
                ("options", "A\nB"),
            ],
        )
        .await;
    // Someone outside the organisation sees the poll (the space is public to read) but may
    // not vote in it.
    let outsider = w
        .app
        .create_user("outsider@example.org", "a long password 123")
        .await;
    let outsider_client = w.app.browser_signed_in(&outsider).await;
    let o = w.options(pid).await;
    expect_status(
        w.vote(&outsider_client, pid, &[("choice", &o[0].to_string())])
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let token = w.token(&outsider).await;
    let (status, _) = w
        .api(
            "PUT",
            &format!("/api/v1/polls/{pid}/vote"),
            Some(&token),
            Some(&json!({"choice": o[0]}).to_string()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(w.count_where("poll_ballots", pid).await, 0);
    // Who has not voted yet: the organisation's members, by name (a named poll).
    let page = w.page(&admin, pid).await;
    assert!(
        page.contains("have not voted") && page.contains("member"),
        "not voted list"
    );
}

/// A full dump given to a linking attempt: match the n-th participation to the n-th ballot
/// (insertion order, as rows come without ORDER BY) and by id order. After sealing, neither
/// recovers who voted what.
#[tokio::test]
async fn a_dump_does_not_link_voters_to_sealed_ballots() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let pid = w
        .create(
            &author,
            &[
                ("poll_type", "question"),
                ("title", "Your secret wish?"),
                ("anonymous", "on"),
                ("hide_results", "until_closed"),
            ],
        )
        .await;
    let mut voters = Vec::new();
    for i in 0..12 {
        let (user, client) = w.member(&format!("voter{i}")).await;
        expect_status(
            w.vote(
                &client,
                pid,
                &[("reason", &format!("wish of user {}", user.id))],
            )
            .await,
            StatusCode::OK,
        )
        .await;
        voters.push(user.id);
    }
    w.close(&author, pid).await;
    let pool = &w.app.db().pool;
    let participations: Vec<i64> =
        sqlx::query("SELECT user_id FROM poll_participations WHERE poll_id = $1")
            .bind(pid)
            .fetch_all(pool)
            .await
            .expect("participations")
            .iter()
            .map(|r| r.try_get(0).expect("user"))
            .collect();
    let wish_owner = |reason: String| -> i64 {
        reason
            .rsplit(' ')
            .next()
            .and_then(|id| id.parse().ok())
            .expect("owner in the test's reason")
    };
    for sql in [
        "SELECT reason FROM poll_ballots WHERE poll_id = $1",
        "SELECT reason FROM poll_ballots WHERE poll_id = $1 ORDER BY id",
    ] {
        let owners: Vec<i64> = sqlx::query(sql)
            .bind(pid)
            .fetch_all(pool)
            .await
            .expect("ballots")
            .into_iter()
            .map(|r| wish_owner(r.try_get("reason").expect("reason")))
            .collect();
        assert_eq!(owners.len(), 12);
        let linked = participations
            .iter()
            .zip(&owners)
            .filter(|(p, o)| p == o)
            .count();
        // Random order: about one match on average; all twelve would be a link.
        assert!(
            linked < 12,
            "{sql}: the dump links every voter to their ballot"
        );
        assert_ne!(owners, voters, "{sql}: ballots come in the order of votes");
    }
}

#[tokio::test]
async fn the_csv_export_obeys_hidden_results_and_anonymity() {
    let w = world().await;
    let (_, author) = w.member("author").await;
    let (_, voter) = w.member("quentin").await;
    for anonymous in ["", "on"] {
        let pid = w
            .create(
                &author,
                &[
                    ("poll_type", "single_choice"),
                    ("title", "Export"),
                    ("options", "A, first\nB"),
                    ("hide_results", "until_vote"),
                    ("anonymous", anonymous),
                ],
            )
            .await;
        let o = w.options(pid).await;
        let csv = w.url(&format!("{}/votes.csv", w.poll_path(pid)));
        expect_status(
            w.vote(
                &voter,
                pid,
                &[("choice", &o[0].to_string()), ("reason", "=cmd")],
            )
            .await,
            StatusCode::OK,
        )
        .await;
        // The author has not voted: the results, hence the export, stay hidden.
        expect_status(
            author.get(&csv).send().await.expect("GET"),
            StatusCode::FORBIDDEN,
        )
        .await;
        let response = voter.get(&csv).send().await.expect("GET");
        assert!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/csv"))
        );
        let text = expect_status(response, StatusCode::OK).await;
        assert!(text.contains("\"A, first\""), "RFC 4180 quoting: {text}");
        assert!(text.contains("'=cmd"), "formulas are defused: {text}");
        if anonymous.is_empty() {
            assert!(
                text.starts_with("voter,") && text.contains("quentin"),
                "{text}"
            );
        } else {
            assert!(
                text.starts_with("receipt_hash,") && !text.contains("quentin"),
                "{text}"
            );
        }
    }
}

/// The action log links no participation to a ballot of an anonymous poll: participations are
/// logged with their voter and without content; ballots only at sealing, without voter, in the
/// order of their random ids. `agora verify` then checks them, and a named poll's votes.
#[tokio::test]
async fn the_action_log_never_links_an_anonymous_ballot_to_its_voter() {
    use agora::platform::action_log;
    let w = world().await;
    let db = w.app.db();
    let (_, author) = w.admin("author").await;
    let secret = w
        .create(
            &author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Secret question"),
                ("options", "Yes please\nNo thanks"),
                ("anonymous", "on"),
            ],
        )
        .await;
    let named = w
        .create(
            &author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Named question"),
                ("options", "Yes\nNo"),
            ],
        )
        .await;
    let (so, no) = (w.options(secret).await, w.options(named).await);
    let mut voters = Vec::new();
    for (i, name) in ["zoelle", "yannick", "xavierre"].iter().enumerate() {
        let (user, client) = w.member(name).await;
        for (pid, options) in [(secret, &so), (named, &no)] {
            let choice = options[i % 2].to_string();
            expect_status(
                w.vote(&client, pid, &[("choice", &choice)]).await,
                StatusCode::OK,
            )
            .await;
        }
        voters.push(user.id);
    }
    let entries = |sql: &'static str| async move {
        action_log::settle(db).await.expect("settle");
        sqlx::query(sql)
            .fetch_all(&db.pool)
            .await
            .expect("log")
            .iter()
            .map(|r| {
                (
                    r.try_get::<Option<i64>, _>(0).expect("actor"),
                    r.try_get::<String, _>(1).expect("kind"),
                    r.try_get::<i64, _>(2).expect("id"),
                )
            })
            .collect::<Vec<_>>()
    };
    // While open: participations with their voter, about the poll — no ballot of the secret poll.
    let secret_ballots: Vec<i64> = sqlx::query("SELECT id FROM poll_ballots WHERE poll_id = $1")
        .bind(secret)
        .fetch_all(&db.pool)
        .await
        .expect("ballots")
        .iter()
        .map(|r| r.try_get(0).expect("id"))
        .collect();
    let all =
        entries("SELECT actor_id, subject_kind, subject_id FROM action_log ORDER BY seq").await;
    assert!(
        all.iter()
            .all(|(_, kind, id)| kind != "poll_ballot" || !secret_ballots.contains(id))
    );
    let participations = entries(
        "SELECT actor_id, subject_kind, subject_id FROM action_log
         WHERE action = 'poll-participated' ORDER BY seq",
    )
    .await;
    assert_eq!(participations.len(), 3);
    assert!(
        participations
            .iter()
            .all(|(_, kind, id)| kind == "poll" && *id == secret)
    );
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);

    // Sealed at closing: every ballot logged without voter, in the order of its random id.
    w.close(&author, secret).await;
    let sealed = entries(
        "SELECT actor_id, subject_kind, subject_id FROM action_log
         WHERE action = 'poll-ballot-sealed' ORDER BY seq",
    )
    .await;
    assert_eq!(sealed.len(), 3);
    assert!(
        sealed
            .iter()
            .all(|(actor, kind, _)| actor.is_none() && kind == "poll_ballot")
    );
    let ids: Vec<i64> = sealed.iter().map(|(_, _, id)| *id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);

    // Tampering with a sealed ballot, and with a named vote, is reported by id.
    sqlx::query("UPDATE poll_ballots SET content = '[]' WHERE id = $1")
        .bind(ids[0])
        .execute(&db.pool)
        .await
        .expect("tamper");
    let named_ballot: i64 =
        sqlx::query("SELECT id FROM poll_ballots WHERE poll_id = $1 AND user_id = $2")
            .bind(named)
            .bind(voters[0])
            .fetch_one(&db.pool)
            .await
            .expect("ballot")
            .try_get(0)
            .expect("id");
    sqlx::query("UPDATE poll_ballots SET content = '[]' WHERE id = $1")
        .bind(named_ballot)
        .execute(&db.pool)
        .await
        .expect("tamper");
    let problems = action_log::verify(db).await.expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("poll_ballot {}: altered", ids[0]))),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("poll_ballot {named_ballot}: altered"))),
        "{problems:?}"
    );
}

#[tokio::test]
async fn a_large_poll_counts_every_ballot_and_lists_the_first_two_hundred() {
    use polls::model;
    use polls::rules::Ballot;
    let app = TestApp::spawn().await;
    let db = app.db();
    // The benchmark's generator: a group of 260 members and its open ranked-choice poll.
    let g = agora::generate_polls::polls(db, "big", 260, 7)
        .await
        .expect("generate");
    let poll = model::find(db, g.poll_id)
        .await
        .expect("find")
        .expect("poll");
    let members: Vec<i64> =
        sqlx::query("SELECT id FROM users WHERE email LIKE '%@big.test' ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .expect("members")
            .iter()
            .map(|r| r.try_get(0).expect("id"))
            .collect();
    assert_eq!(members.len(), 260);
    for (user_id, (_, body)) in members.iter().zip(&g.voters).take(230) {
        let ballot: Ballot = serde_json::from_str(body).expect("ballot");
        let outcome = model::vote(db, &app.state.config.secret, &poll, *user_id, &ballot)
            .await
            .expect("vote");
        assert!(matches!(outcome, model::VoteOutcome::Voted { .. }));
    }
    assert!(model::close(db, poll.id).await.expect("close"));

    expect_status(
        app.sign_in("member0@big.test", agora::generate_polls::PASSWORD)
            .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let page = expect_status(
        app.get(&format!("/polls/{}/{}", g.component_id, g.poll_id))
            .await,
        StatusCode::OK,
    )
    .await;
    // 200 listed by name, the rest said; the count and non-voters cover everyone.
    let listed = page.matches("<li><strong>Member ").count();
    assert_eq!(listed, 200, "who voted what lists 200");
    assert!(
        page.contains("30 more ballots are not listed here"),
        "{page}"
    );
    assert!(page.contains("30 people have not voted"));
    assert!(page.contains("Schulze") || page.contains("schulze"));
    // The CSV export has them all.
    let csv = expect_status(
        app.get(&format!(
            "/polls/{}/{}/votes.csv",
            g.component_id, g.poll_id
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(csv.lines().count(), 231, "a header and 230 ballots");
}

/// The kept turnout (`poll_turnouts`) as the database has it: (eligible, not voted, names).
async fn kept(w: &World, pid: i64) -> Option<(Option<i64>, i64, Vec<String>)> {
    let db = w.app.db();
    let row = sqlx::query("SELECT eligible, not_voted FROM poll_turnouts WHERE poll_id = $1")
        .bind(pid)
        .fetch_optional(&db.pool)
        .await
        .expect("turnout")?;
    let names = sqlx::query(
        "SELECT u.name FROM poll_turnout_non_voters n JOIN users u ON u.id = n.user_id
         WHERE n.poll_id = $1 ORDER BY n.position",
    )
    .bind(pid)
    .fetch_all(&db.pool)
    .await
    .expect("names")
    .iter()
    .map(|r| r.try_get(0).expect("name"))
    .collect();
    Some((
        row.try_get(0).expect("eligible"),
        row.try_get(1).expect("not voted"),
        names,
    ))
}

/// The turnout counted now, as an open poll shows it.
async fn counted_now(w: &World, pid: i64) -> polls::voters::Turnout {
    let poll = polls::model::find(w.app.db(), pid)
        .await
        .expect("find")
        .expect("poll");
    polls::voters::turnout_now(w.app.db(), &w.space, &poll, 200)
        .await
        .expect("turnout")
        .expect("a members' space has a list")
}

#[tokio::test]
async fn a_closed_polls_turnout_is_the_one_at_closing_even_after_reopening() {
    let w = world().await;
    let (author, author_client) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let (_, carol) = w.member("carol").await;
    let (_, _dave) = w.member("dave").await;
    let pid = w
        .create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Where"),
                ("options", "Lyon\nNantes"),
            ],
        )
        .await;
    let o = w.options(pid).await;
    let choice = o[0].to_string();
    expect_status(
        w.vote(&bob, pid, &[("choice", &choice)]).await,
        StatusCode::OK,
    )
    .await;
    // Open: counted live, nothing kept.
    assert!(
        w.page(&author_client, pid)
            .await
            .contains("3 people have not voted")
    );
    assert_eq!(kept(&w, pid).await, None);

    // Closing keeps what the live count says at that moment.
    let before = counted_now(&w, pid).await;
    w.close(&author_client, pid).await;
    let at_close = kept(&w, pid).await.expect("kept at closing");
    assert_eq!(
        at_close,
        (
            Some(before.eligible as i64),
            before.not_voted as i64,
            before.first_not_voted.clone()
        )
    );
    assert_eq!(at_close.1, 3);
    assert_eq!(at_close.2, vec!["alice", "carol", "dave"]);

    // A member who joins after closing changes the live count, not the closed poll's.
    let (_, _erin) = w.member("erin").await;
    assert_eq!(counted_now(&w, pid).await.not_voted, 4);
    let page = w.page(&author_client, pid).await;
    assert!(page.contains("3 people have not voted"), "{page}");
    assert!(!page.contains("erin"));
    let token = w.token(&author).await;
    let (status, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["results"]["eligible_voters"], json!(before.eligible));

    // Reopened: the kept turnout is dropped and the page counts live again.
    let response = post_form_with(
        &author_client,
        &w.url(&format!("{}/closing", w.poll_path(pid))),
        &[("closes_at", &next_week())],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    assert_eq!(
        kept(&w, pid).await,
        None,
        "reopening drops the kept turnout"
    );
    assert!(
        w.page(&author_client, pid)
            .await
            .contains("4 people have not voted")
    );

    // A new vote, closed again: a new turnout, the live one at the second closing.
    expect_status(
        w.vote(&carol, pid, &[("choice", &choice)]).await,
        StatusCode::OK,
    )
    .await;
    let before = counted_now(&w, pid).await;
    w.close(&author_client, pid).await;
    let again = kept(&w, pid).await.expect("kept at the second closing");
    assert_eq!(
        again,
        (
            Some(before.eligible as i64),
            before.not_voted as i64,
            before.first_not_voted.clone()
        )
    );
    assert_eq!(again.2, vec!["alice", "dave", "erin"]);
    let page = w.page(&author_client, pid).await;
    assert!(page.contains("3 people have not voted"), "{page}");
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), Some(&token), None)
        .await;
    assert_eq!(doc["results"]["eligible_voters"], json!(before.eligible));
    assert_eq!(doc["results"]["ballots"], json!(2));
}

#[tokio::test]
async fn a_poll_closed_by_its_date_keeps_its_turnout_when_first_shown() {
    let w = world().await;
    let (_, author_client) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let (_, _carol) = w.member("carol").await;
    let pid = w
        .create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "When"),
                ("options", "May\nJune"),
            ],
        )
        .await;
    let o = w.options(pid).await;
    expect_status(
        w.vote(&bob, pid, &[("choice", &o[1].to_string())]).await,
        StatusCode::OK,
    )
    .await;
    // The date passes: nothing runs then.
    sqlx::query("UPDATE polls SET closes_at = $2 WHERE id = $1")
        .bind(pid)
        .bind(agora::db::now() - 60)
        .execute(&w.app.db().pool)
        .await
        .expect("past date");
    assert_eq!(kept(&w, pid).await, None);
    let live = counted_now(&w, pid).await;
    let page = w.page(&author_client, pid).await;
    assert!(page.contains("2 people have not voted"), "{page}");
    assert_eq!(
        kept(&w, pid).await,
        Some((
            Some(live.eligible as i64),
            2,
            vec!["alice".to_string(), "carol".to_string()]
        ))
    );
}

#[tokio::test]
async fn the_api_lists_a_polls_votes_by_pages_and_refuses_bad_paging() {
    let w = world().await;
    let (author, author_client) = w.member("author").await;
    let names = ["vera", "ugo", "tom", "sam", "rita"];
    let pid = w
        .create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Colour"),
                ("options", "Red\nBlue"),
            ],
        )
        .await;
    let secret_pid = w
        .create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Secret colour"),
                ("options", "Red\nBlue"),
                ("anonymous", "on"),
            ],
        )
        .await;
    let o = w.options(pid).await;
    let so = w.options(secret_pid).await;
    for name in names {
        let (_, client) = w.member(name).await;
        expect_status(
            w.vote(&client, pid, &[("choice", &o[0].to_string())]).await,
            StatusCode::OK,
        )
        .await;
        expect_status(
            w.vote(
                &client,
                secret_pid,
                &[
                    ("choice", &so[1].to_string()),
                    ("reason", &format!("{name}'s reason")),
                ],
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let token = w.token(&author).await;
    let path = format!("/api/v1/polls/{pid}");
    let mut seen = Vec::new();
    for page in 1..=3 {
        let (status, doc) = w
            .api(
                "GET",
                &format!("{path}?page={page}&per_page=2"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let r = &doc["results"];
        assert_eq!(r["total"], json!(5));
        assert_eq!(r["pages"], json!(3));
        assert_eq!(r["page"], json!(page));
        assert_eq!(r["per_page"], json!(2));
        assert_eq!(r["ballots"], json!(5), "the count covers every ballot");
        let votes = r["votes"].as_array().expect("votes");
        assert_eq!(votes.len(), if page < 3 { 2 } else { 1 });
        seen.extend(
            votes
                .iter()
                .map(|v| v["voter"].as_str().expect("voter").to_string()),
        );
    }
    assert_eq!(
        seen,
        vec!["rita", "sam", "tom", "ugo", "vera"],
        "by name, each once"
    );
    let (_, doc) = w
        .api(
            "GET",
            &format!("{path}?page=4&per_page=2"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(doc["results"]["votes"], json!([]), "past the end: empty");
    // Without paging: the first page of 100.
    let (_, doc) = w.api("GET", &path, Some(&token), None).await;
    assert_eq!(doc["results"]["per_page"], json!(100));
    assert_eq!(doc["results"]["votes"].as_array().map(Vec::len), Some(5));

    // Anonymous polls page their reasons, never voters.
    let (_, doc) = w
        .api(
            "GET",
            &format!("/api/v1/polls/{secret_pid}?per_page=3&page=2"),
            Some(&token),
            None,
        )
        .await;
    let r = &doc["results"];
    assert_eq!(r["total"], json!(5));
    assert_eq!(r["reasons"].as_array().map(Vec::len), Some(2));
    assert!(r.get("votes").is_none());

    for bad in [
        "page=0",
        "page=abc",
        "page=-1",
        "per_page=0",
        "per_page=1001",
        "per_page=1.5",
        "page=1000001",
    ] {
        let response = w
            .app
            .new_browser()
            .get(w.url(&format!("{path}?{bad}")))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json"),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_generator_casts_ballots_as_the_vote_path_does_and_closes() {
    use polls::model;
    let app = TestApp::spawn().await;
    let db = app.db();
    let g = agora::generate_polls::polls(db, "gen", 40, 3)
        .await
        .expect("generate");
    agora::generate_polls::cast_and_close(db, &g, 30)
        .await
        .expect("cast and close");
    let count = |sql: &'static str| async move {
        agora::platform::action_log::settle(db)
            .await
            .expect("settle");
        sqlx::query(sql)
            .bind(g.poll_id)
            .fetch_one(&db.pool)
            .await
            .expect(sql)
            .try_get::<i64, _>(0)
            .expect("count")
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM poll_ballots WHERE poll_id = $1").await,
        30
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM poll_participations WHERE poll_id = $1").await,
        30
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM poll_vote_history WHERE poll_id = $1").await,
        30
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM action_log a JOIN poll_ballots b ON b.id = a.subject_id
             WHERE a.action = 'poll-voted' AND a.subject_kind = 'poll_ballot'
               AND a.actor_id = b.user_id AND b.poll_id = $1"
        )
        .await,
        30
    );
    // The content is the vote path's: the ballot as checked, without its reason.
    let poll = model::find(db, g.poll_id)
        .await
        .expect("find")
        .expect("poll");
    assert_eq!(poll.status(), polls::rules::Status::Closed);
    let options = model::options(db, g.poll_id).await.expect("options");
    let opts: Vec<_> = options.iter().map(model::PollOption::opt).collect();
    let first: polls::rules::Ballot = serde_json::from_str(&g.voters[0].1).expect("ballot");
    let checked = polls::rules::check_ballot(&poll.shape(), &opts, &first).expect("valid");
    let stored: String = sqlx::query("SELECT content FROM poll_ballots WHERE user_id = $1")
        .bind(g.first_user_id)
        .fetch_one(&db.pool)
        .await
        .expect("ballot")
        .try_get(0)
        .expect("content");
    assert_eq!(stored, checked.content());
    // The turnout was kept at closing; the log verifies.
    let turnout = sqlx::query("SELECT eligible, not_voted FROM poll_turnouts WHERE poll_id = $1")
        .bind(g.poll_id)
        .fetch_one(&db.pool)
        .await
        .expect("kept turnout");
    assert_eq!(
        turnout.try_get::<Option<i64>, _>(0).expect("eligible"),
        Some(40)
    );
    assert_eq!(turnout.try_get::<i64, _>(1).expect("not voted"), 10);
    let report = agora::platform::action_log::verify(db)
        .await
        .expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    // A second poll's ballots (other random ids, same range) are not logged twice.
    let g2 = agora::generate_polls::polls(db, "gen2", 5, 4)
        .await
        .expect("generate");
    agora::generate_polls::cast_and_close(db, &g2, 5)
        .await
        .expect("cast and close");
    let report = agora::platform::action_log::verify(db)
        .await
        .expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!(
        sqlx::query("SELECT COUNT(*) FROM action_log WHERE action = 'poll-voted'")
            .fetch_one(&db.pool)
            .await
            .expect("count")
            .try_get::<i64, _>(0)
            .expect("count"),
        35
    );
}
