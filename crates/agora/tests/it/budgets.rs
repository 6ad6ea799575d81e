//! Integration tests: the budgets component — every ballot rule over the pages and the API,
//! a basket that never exceeds its budget and is cast once under concurrency, refusals that
//! say why and change nothing, eligibility, the "vote in one budget" workflow, admin forms,
//! and the demo.

use agora::components::budgets::model::{self, BudgetFields, ProjectFields};
use agora::components::budgets::rules::{Rule, RuleKind};
use agora::components::budgets::{self as budgets};
use agora::components::store;
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::sessions;
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) org: Organization,
    space: Space,
    pub(crate) cid: i64,
}

pub(crate) async fn world(visibility: Visibility, workflow: &str, voting: &str) -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(app.db(), "ville", "Ville", "Une ville.", Locale::Fr)
        .await
        .expect("org");
    let space = spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug: "bp",
            title: "Budget participatif",
            description: "Votez.",
            visibility,
            published: true,
        },
    )
    .await
    .expect("space");
    let cid = budgets::create_component(
        app.db(),
        space.id,
        "Budgets",
        json!({ "workflow": workflow }).as_object().expect("object"),
    )
    .await
    .expect("component");
    let w = World {
        app,
        org,
        space,
        cid,
    };
    w.set_voting(voting).await;
    w
}

pub(crate) fn rule(kind: RuleKind) -> Rule {
    Rule {
        kind,
        min_percent: 0,
        min_projects: 0,
        max_projects: 0,
        points: 0,
    }
}

impl World {
    /// Activates a new phase whose per-phase setting is `voting`.
    pub(crate) async fn set_voting(&self, voting: &str) {
        let phase = spaces::add_phase(self.app.db(), self.space.id, voting, "", None, None)
            .await
            .expect("phase");
        spaces::activate_phase(self.app.db(), self.space.id, phase.id)
            .await
            .expect("activate");
        let validated = agora::components::validate(
            budgets::MANIFEST.phase_settings,
            json!({ "voting": voting }).as_object().expect("object"),
        )
        .expect("valid");
        store::set_phase_settings(self.app.db(), self.cid, phase.id, &validated)
            .await
            .expect("phase settings");
    }

    /// A budget with projects of these costs; returns its id and the project ids.
    async fn budget(&self, total: i64, rule: Rule, costs: &[i64]) -> (i64, Vec<i64>) {
        self.budget_of(total, rule, costs, false).await
    }

    /// The same, with secret ballots or not.
    pub(crate) async fn budget_of(
        &self,
        total: i64,
        rule: Rule,
        costs: &[i64],
        secret_ballots: bool,
    ) -> (i64, Vec<i64>) {
        let bid = model::create_budget(
            self.app.db(),
            self.cid,
            &BudgetFields {
                title: "Centre",
                description: "Le budget du **centre**.",
                total,
                currency: "EUR",
                rule,
                district: "",
                secret_ballots,
            },
        )
        .await
        .expect("budget");
        let mut ids = Vec::new();
        for (i, cost) in costs.iter().enumerate() {
            ids.push(
                model::create_project(
                    self.app.db(),
                    bid,
                    &ProjectFields {
                        title: &format!("Projet {i}"),
                        description: "Un *projet*.",
                        cost: *cost,
                        category: Some("Nature"),
                        district: None,
                        proposal_ids: &[],
                    },
                )
                .await
                .expect("project"),
            );
        }
        (bid, ids)
    }

    pub(crate) async fn person(&self, name: &str) -> (User, Client) {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), "a long password 123")
            .await;
        let client = self.app.browser_signed_in(&user).await;
        (user, client)
    }

    pub(crate) async fn token(&self, user: &User) -> String {
        sessions::create_api_token(self.app.db(), user.id, "test")
            .await
            .expect("token")
    }

    pub(crate) fn page(&self, bid: i64) -> String {
        self.app.url(&format!("/budgets/{}/{bid}", self.cid))
    }

    pub(crate) async fn ballot_action(
        &self,
        client: &Client,
        bid: i64,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        post_form_with(client, &format!("{}/ballot", self.page(bid)), fields).await
    }

    async fn lines(&self, user_id: i64) -> Vec<(i64, i64)> {
        sqlx::query(
            "SELECT l.project_id, l.value FROM budget_ballot_lines l
             JOIN budget_ballots b ON b.id = l.ballot_id WHERE b.user_id = $1
             ORDER BY l.value, l.project_id",
        )
        .bind(user_id)
        .fetch_all(&self.app.db().pool)
        .await
        .expect("lines")
        .iter()
        .map(|r| (r.try_get(0).expect("id"), r.try_get(1).expect("value")))
        .collect()
    }

    async fn cast_ballots(&self) -> i64 {
        sqlx::query("SELECT COUNT(*) FROM budget_ballots WHERE checked_out_at IS NOT NULL")
            .fetch_one(&self.app.db().pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("value")
    }
}

/// An API answer: status and JSON body.
pub(crate) async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = app
        .new_browser()
        .request(method, app.url(path))
        .header("authorization", format!("Bearer {token}"));
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

fn detail(body: &Value) -> String {
    body["detail"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn an_approval_ballot_is_built_in_a_basket_without_javascript_and_cast_once() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, ids) = w
        .budget(1000, rule(RuleKind::Approval), &[600, 300, 500])
        .await;
    let (alice, browser) = w.person("alice").await;

    let page = expect_status(
        browser.get(w.page(bid)).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Reste : 1\u{202f}000\u{a0}€"), "{page}");
    assert!(page.contains("Le budget du <strong>centre</strong>."));

    let add = |id: i64| {
        let id = id.to_string();
        let (w, browser) = (&w, &browser);
        async move {
            w.ballot_action(browser, bid, &[("action", "add"), ("project", &id)])
                .await
        }
    };
    assert_eq!(add(ids[0]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(add(ids[1]).await.status(), StatusCode::SEE_OTHER);
    let page = expect_status(
        browser.get(w.page(bid)).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("Reste : 100\u{a0}€"),
        "remaining money is shown"
    );
    assert!(page.contains("Coûte plus que ce qui reste."));

    // Over the budget: refused with the reason, nothing changed.
    let refused = expect_status(add(ids[2]).await, StatusCode::CONFLICT).await;
    assert!(refused.contains("1\u{202f}400\u{a0}€"), "{refused}");
    assert!(refused.contains("plus que le budget"), "{refused}");
    assert_eq!(w.lines(alice.id).await.len(), 2);

    // Remove one, add the other: still within the budget.
    let removed = w
        .ballot_action(
            &browser,
            bid,
            &[("action", "remove"), ("project", &ids[0].to_string())],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert_eq!(add(ids[2]).await.status(), StatusCode::SEE_OTHER);

    let cast = post_form_with(&browser, &format!("{}/checkout", w.page(bid)), &[]).await;
    assert_eq!(cast.status(), StatusCode::SEE_OTHER);
    let page = expect_status(
        browser.get(w.page(bid)).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Votre vote est enregistré"));
    let receipt: String = sqlx::query("SELECT receipt FROM budget_ballots WHERE user_id = $1")
        .bind(alice.id)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("ballot")
        .try_get(0)
        .expect("receipt");
    assert!(page.contains(&receipt), "the receipt code is shown");
    assert!(
        !page.contains("action\" value=\"add\""),
        "a cast ballot is locked"
    );

    // Locked: no change, no second checkout.
    let late = expect_status(add(ids[0]).await, StatusCode::CONFLICT).await;
    assert!(late.contains("déjà validé"), "{late}");
    let again = post_form_with(&browser, &format!("{}/checkout", w.page(bid)), &[]).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(w.lines(alice.id).await, vec![(ids[1], 1), (ids[2], 1)]);

    // The list says the person voted.
    let list = expect_status(
        browser
            .get(w.app.url(&format!("/budgets/{}", w.cid)))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("Vous avez voté"));
}

#[tokio::test]
async fn every_ballot_rule_over_the_api() {
    let w = world(Visibility::Public, "all", "open").await;
    let (alice, _) = w.person("alice").await;
    let token = w.token(&alice).await;
    let put = |bid: i64, body: String| {
        let (app, token) = (&w.app, token.clone());
        async move {
            api(
                app,
                "PUT",
                &format!("/api/v1/budgets/{bid}/ballot"),
                &token,
                Some(&body),
            )
            .await
        }
    };
    let checkout = |bid: i64| {
        let (app, token) = (&w.app, token.clone());
        async move {
            api(
                app,
                "POST",
                &format!("/api/v1/budgets/{bid}/ballot/checkout"),
                &token,
                None,
            )
            .await
        }
    };

    // Approval with a minimum share: 50 % of 1000.
    let approval = Rule {
        min_percent: 50,
        ..rule(RuleKind::Approval)
    };
    let (a, p) = w.budget(1000, approval, &[400, 300, 500]).await;
    let (status, body) = api(&w.app, "GET", &format!("/api/v1/budgets/{a}"), &token, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total_budget"], 1000);
    assert_eq!(body["currency"], "EUR");
    assert_eq!(body["status"], "voting");
    assert_eq!(body["rule"]["type"], "approval");
    assert_eq!(body["rule"]["min_percent"], 50);
    assert_eq!(body["projects"].as_array().map(Vec::len), Some(3));
    assert_eq!(body["projects"][0]["cost"], 400);
    assert!(body["results"].is_null());
    let over = format!(r#"{{"projects": [{}, {}, {}]}}"#, p[0], p[1], p[2]);
    let (status, body) = put(a, over).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(detail(&body).contains("more than the budget"), "{body}");
    let small = format!(r#"{{"projects": [{}]}}"#, p[1]);
    let (status, body) = put(a, small.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["remaining"], 700);
    let (status, body) = checkout(a).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(detail(&body).contains("at least €500"), "{body}");
    let enough = format!(r#"{{"projects": [{}, {}]}}"#, p[0], p[1]);
    assert_eq!(put(a, enough).await.0, StatusCode::OK);
    let (status, body) = checkout(a).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "cast");
    assert!(body["receipt"].as_str().is_some_and(|r| r.len() == 14));
    let (status, body) = checkout(a).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(detail(&body).contains("already cast"), "{body}");
    let (status, _) = put(a, small).await;
    assert_eq!(status, StatusCode::CONFLICT, "a cast ballot is locked");

    // Choose between 2 and 3 projects, whatever their cost.
    let choose = Rule {
        min_projects: 2,
        max_projects: 3,
        ..rule(RuleKind::Choose)
    };
    let (c, p) = w.budget(100, choose, &[90, 90, 90, 90]).await;
    let four = format!(
        r#"{{"projects": [{}, {}, {}, {}]}}"#,
        p[0], p[1], p[2], p[3]
    );
    let (status, body) = put(c, four).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail(&body).contains("at most 3"), "{body}");
    let one = format!(r#"{{"projects": [{}]}}"#, p[0]);
    assert_eq!(put(c, one).await.0, StatusCode::OK);
    let (status, body) = checkout(c).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail(&body).contains("at least 2"), "{body}");
    let three = format!(r#"{{"projects": [{}, {}, {}]}}"#, p[0], p[1], p[2]);
    let (status, body) = put(c, three).await;
    assert_eq!(status, StatusCode::OK, "cost does not count: {body}");
    assert_eq!(checkout(c).await.0, StatusCode::OK);

    // Distribute 5 points.
    let points = Rule {
        points: 5,
        ..rule(RuleKind::Points)
    };
    let (d, p) = w.budget(100, points, &[10, 20, 30]).await;
    let six = format!(r#"{{"points": {{"{}": 4, "{}": 2}}}}"#, p[0], p[1]);
    let (status, body) = put(d, six).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail(&body).contains("5 points"), "{body}");
    let negative = format!(r#"{{"points": {{"{}": -1}}}}"#, p[0]);
    let (status, body) = put(d, negative).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail(&body).contains("not -1"), "{body}");
    let five = format!(
        r#"{{"points": {{"{}": 3, "{}": 2, "{}": 0}}}}"#,
        p[0], p[2], p[1]
    );
    let (status, body) = put(d, five).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["points"][p[0].to_string()], 3);
    assert_eq!(body["points"][p[2].to_string()], 2);
    assert!(body["points"].get(p[1].to_string()).is_none());
    assert_eq!(checkout(d).await.0, StatusCode::OK);

    // Rank up to 2 projects.
    let ranking = Rule {
        points: 2,
        ..rule(RuleKind::Ranking)
    };
    let (r, p) = w.budget(100, ranking, &[10, 20, 30]).await;
    let three = format!(r#"{{"ranking": [{}, {}, {}]}}"#, p[2], p[0], p[1]);
    let (status, body) = put(r, three).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail(&body).contains("at most 2"), "{body}");
    let two = format!(r#"{{"ranking": [{}, {}]}}"#, p[2], p[0]);
    let (status, body) = put(r, two).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ranking"], json!([p[2], p[0]]));
    assert_eq!(checkout(r).await.0, StatusCode::OK);
    let (status, body) = api(
        &w.app,
        "GET",
        &format!("/api/v1/budgets/{r}/ballot"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["state"], "cast");
    assert_eq!(body["ranking"], json!([p[2], p[0]]));

    // The space lists its four budgets.
    let (status, body) = api(
        &w.app,
        "GET",
        &format!("/api/v1/spaces/{}/budgets", w.space.id),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let rules: Vec<&str> = body
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|b| b["rule"]["type"].as_str())
        .collect();
    assert_eq!(rules, vec!["approval", "choose", "points", "ranking"]);
    assert_eq!(w.cast_ballots().await, 4);
}

#[tokio::test]
async fn points_and_rankings_are_built_with_plain_forms() {
    let w = world(Visibility::Public, "all", "open").await;
    let (alice, browser) = w.person("alice").await;
    let points = Rule {
        points: 10,
        ..rule(RuleKind::Points)
    };
    let (d, p) = w.budget(100, points, &[10, 20]).await;
    let give = |id: i64, n: &'static str| {
        let (w, browser, id) = (&w, &browser, id.to_string());
        async move {
            w.ballot_action(
                browser,
                d,
                &[("action", "points"), ("project", &id), ("points", n)],
            )
            .await
        }
    };
    assert_eq!(give(p[0], "7").await.status(), StatusCode::SEE_OTHER);
    let refused = expect_status(give(p[1], "4").await, StatusCode::CONFLICT).await;
    assert!(refused.contains("10 points en tout"), "{refused}");
    let negative = expect_status(give(p[1], "-2").await, StatusCode::CONFLICT).await;
    assert!(negative.contains("pas -2"), "{negative}");
    let bad = give(p[1], "beaucoup").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(give(p[1], "3").await.status(), StatusCode::SEE_OTHER);
    let page = expect_status(browser.get(w.page(d)).send().await.unwrap(), StatusCode::OK).await;
    assert!(page.contains("10 points donnés sur 10"), "{page}");

    let ranking = Rule {
        points: 3,
        ..rule(RuleKind::Ranking)
    };
    let (r, p) = w.budget(100, ranking, &[10, 20, 30]).await;
    for id in [p[0], p[1], p[2]] {
        let added = w
            .ballot_action(
                &browser,
                r,
                &[("action", "add"), ("project", &id.to_string())],
            )
            .await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
    }
    let up = w
        .ballot_action(
            &browser,
            r,
            &[("action", "up"), ("project", &p[2].to_string())],
        )
        .await;
    assert_eq!(up.status(), StatusCode::SEE_OTHER);
    let removed = w
        .ballot_action(
            &browser,
            r,
            &[("action", "remove"), ("project", &p[0].to_string())],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let ranked: Vec<(i64, i64)> = w
        .lines(alice.id)
        .await
        .into_iter()
        .filter(|(id, _)| p.contains(id))
        .collect();
    assert_eq!(ranked, vec![(p[2], 1), (p[1], 2)]);
    let page = expect_status(browser.get(w.page(r)).send().await.unwrap(), StatusCode::OK).await;
    assert!(page.contains("<ol>"), "a ranking is an ordered list");
    assert!(page.contains("2 projets classés sur 3"), "{page}");
}

#[tokio::test]
async fn a_hundred_parallel_checkouts_of_one_ballot_cast_it_once() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, ids) = w.budget(1000, rule(RuleKind::Approval), &[100, 200]).await;
    let (alice, browser) = w.person("alice").await;
    let added = w
        .ballot_action(
            &browser,
            bid,
            &[("action", "add"), ("project", &ids[0].to_string())],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let token = w.token(&alice).await;
    let mut tasks = Vec::new();
    for i in 0..100 {
        let url = format!("{}/checkout", w.page(bid));
        let (browser, app, token) = (browser.clone(), w.app.base.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                post_form_with(&browser, &url, &[]).await.status()
            } else {
                // Half through the API.
                reqwest::Client::new()
                    .post(format!("{app}/api/v1/budgets/{bid}/ballot/checkout"))
                    .header("authorization", format!("Bearer {token}"))
                    .send()
                    .await
                    .expect("request")
                    .status()
            }
        }));
    }
    let mut cast = 0;
    for task in tasks {
        let status = task.await.expect("task");
        assert!(
            [StatusCode::SEE_OTHER, StatusCode::OK, StatusCode::CONFLICT].contains(&status),
            "{status}"
        );
        if status != StatusCode::CONFLICT {
            cast += 1;
        }
    }
    assert_eq!(cast, 1);
    assert_eq!(w.cast_ballots().await, 1);
    assert_eq!(w.app.count("budget_ballots").await, 1);
}

#[tokio::test]
async fn fifty_parallel_additions_that_would_overspend_stay_within_the_budget() {
    let w = world(Visibility::Public, "all", "open").await;
    let costs = vec![100; 50];
    let (bid, ids) = w.budget(1000, rule(RuleKind::Approval), &costs).await;
    let (alice, browser) = w.person("alice").await;
    let mut tasks = Vec::new();
    for id in &ids {
        let url = format!("{}/ballot", w.page(bid));
        let (browser, id) = (browser.clone(), id.to_string());
        tasks.push(tokio::spawn(async move {
            post_form_with(&browser, &url, &[("action", "add"), ("project", &id)])
                .await
                .status()
        }));
    }
    let mut added = 0;
    for task in tasks {
        let status = task.await.expect("task");
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT,
            "{status}"
        );
        if status == StatusCode::SEE_OTHER {
            added += 1;
        }
    }
    assert_eq!(added, 10);
    assert_eq!(w.lines(alice.id).await.len(), 10);
    let total: i64 = sqlx::query(
        "SELECT CAST(SUM(p.cost) AS BIGINT) FROM budget_ballot_lines l
         JOIN budget_projects p ON p.id = l.project_id",
    )
    .fetch_one(&w.app.db().pool)
    .await
    .expect("sum")
    .try_get(0)
    .expect("value");
    assert_eq!(total, 1000);
    let stored: i64 = sqlx::query("SELECT total_cost FROM budget_ballots WHERE user_id = $1")
        .bind(alice.id)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("ballot")
        .try_get(0)
        .expect("value");
    assert_eq!(stored, 1000);
}

#[tokio::test]
async fn bad_ballots_are_refused_with_a_reason_and_change_nothing() {
    let w = world(Visibility::Public, "all", "open").await;
    let (a, pa) = w.budget(1000, rule(RuleKind::Approval), &[100, 200]).await;
    let (_, pb) = w.budget(1000, rule(RuleKind::Approval), &[100]).await;
    let (alice, browser) = w.person("alice").await;
    let token = w.token(&alice).await;
    let keep = format!(r#"{{"projects": [{}]}}"#, pa[0]);
    let (status, _) = api(
        &w.app,
        "PUT",
        &format!("/api/v1/budgets/{a}/ballot"),
        &token,
        Some(&keep),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let forged = format!(r#"{{"projects": [{}, {}]}}"#, pa[1], pb[0]);
    let twice = format!(r#"{{"projects": [{}, {}]}}"#, pa[1], pa[1]);
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (
            forged,
            StatusCode::UNPROCESSABLE_ENTITY,
            "is not one of this budget",
        ),
        (
            twice,
            StatusCode::UNPROCESSABLE_ENTITY,
            "already on your ballot",
        ),
        (
            r#"{"points": {"1": 2}}"#.into(),
            StatusCode::BAD_REQUEST,
            "Unexpected field `points`",
        ),
        (
            r#"[1, 2]"#.into(),
            StatusCode::BAD_REQUEST,
            "not a JSON object",
        ),
        (
            r#"{"projects": "1,2"}"#.into(),
            StatusCode::BAD_REQUEST,
            "must be an array",
        ),
        (
            r#"{"projects": [true]}"#.into(),
            StatusCode::BAD_REQUEST,
            "is not a project id",
        ),
        (
            r#"{"projects": [1"#.into(),
            StatusCode::BAD_REQUEST,
            "not JSON",
        ),
        (
            r#"{}"#.into(),
            StatusCode::BAD_REQUEST,
            "`projects` is missing",
        ),
    ];
    for (body, status, words) in cases {
        let (got, answer) = api(
            &w.app,
            "PUT",
            &format!("/api/v1/budgets/{a}/ballot"),
            &token,
            Some(&body),
        )
        .await;
        assert_eq!(got, status, "{body}: {answer}");
        assert_eq!(answer["status"], status.as_u16(), "a problem document");
        assert!(detail(&answer).contains(words), "{body}: {answer}");
        assert_eq!(
            w.lines(alice.id).await,
            vec![(pa[0], 1)],
            "{body} changed nothing"
        );
    }

    // The same forgery through the page.
    let refused = expect_status(
        w.ballot_action(
            &browser,
            a,
            &[("action", "add"), ("project", &pb[0].to_string())],
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        refused.contains("ne fait pas partie de ce budget"),
        "{refused}"
    );
    let nonsense = w
        .ballot_action(&browser, a, &[("action", "steal"), ("project", "1")])
        .await;
    assert_eq!(nonsense.status(), StatusCode::BAD_REQUEST);
    assert_eq!(w.lines(alice.id).await, vec![(pa[0], 1)]);
    assert_eq!(w.cast_ballots().await, 0);
}

#[tokio::test]
async fn only_eligible_people_vote_and_only_while_voting_is_open() {
    let w = world(Visibility::MembersParticipate, "all", "open").await;
    let (bid, ids) = w.budget(1000, rule(RuleKind::Approval), &[100]).await;
    let (outsider, browser) = w.person("outsider").await;
    let token = w.token(&outsider).await;
    let body = format!(r#"{{"projects": [{}]}}"#, ids[0]);

    // Not a member: the page does not offer the vote, the form and the API refuse.
    let page = expect_status(
        browser.get(w.page(bid)).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Vous ne pouvez pas voter"), "{page}");
    let form = w
        .ballot_action(
            &browser,
            bid,
            &[("action", "add"), ("project", &ids[0].to_string())],
        )
        .await;
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    let (status, answer) = api(
        &w.app,
        "PUT",
        &format!("/api/v1/budgets/{bid}/ballot"),
        &token,
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(detail(&answer).contains("not eligible"), "{answer}");
    let (status, _) = api(
        &w.app,
        "POST",
        &format!("/api/v1/budgets/{bid}/ballot/checkout"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("budget_ballots").await, 0);

    // A member may; anonymous visitors are asked to sign in.
    organizations::set_member(w.app.db(), w.org.id, outsider.id, OrgRole::Member)
        .await
        .expect("member");
    let (status, answer) = api(
        &w.app,
        "PUT",
        &format!("/api/v1/budgets/{bid}/ballot"),
        &token,
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let anonymous = post_form_with(
        &w.app.new_browser(),
        &format!("{}/ballot", w.page(bid)),
        &[("action", "add"), ("project", &ids[0].to_string())],
    )
    .await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(
        anonymous
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/sign-in"))
    );

    // Voting closed: the ballot is frozen.
    w.set_voting("closed").await;
    let (status, answer) = api(
        &w.app,
        "POST",
        &format!("/api/v1/budgets/{bid}/ballot/checkout"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(detail(&answer).contains("not open"), "{answer}");
    let (_, summary) = api(
        &w.app,
        "GET",
        &format!("/api/v1/budgets/{bid}"),
        &token,
        None,
    )
    .await;
    assert_eq!(summary["status"], "closed");
    assert_eq!(w.cast_ballots().await, 0);
}

#[tokio::test]
async fn with_the_vote_in_one_workflow_a_person_votes_in_one_budget() {
    let w = world(Visibility::Public, "one", "open").await;
    let (north, pn) = w.budget(1000, rule(RuleKind::Approval), &[100]).await;
    let (south, ps) = w.budget(1000, rule(RuleKind::Approval), &[100]).await;
    let (alice, browser) = w.person("alice").await;
    let add = |bid: i64, id: i64| {
        let (w, browser, id) = (&w, &browser, id.to_string());
        async move {
            w.ballot_action(browser, bid, &[("action", "add"), ("project", &id)])
                .await
        }
    };
    assert_eq!(add(north, pn[0]).await.status(), StatusCode::SEE_OTHER);
    let refused = expect_status(add(south, ps[0]).await, StatusCode::CONFLICT).await;
    assert!(refused.contains("un seul budget"), "{refused}");
    // Emptying the first ballot frees the person to choose the other budget.
    let removed = w
        .ballot_action(
            &browser,
            north,
            &[("action", "remove"), ("project", &pn[0].to_string())],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert_eq!(add(south, ps[0]).await.status(), StatusCode::SEE_OTHER);
    let cast = post_form_with(&browser, &format!("{}/checkout", w.page(south)), &[]).await;
    assert_eq!(cast.status(), StatusCode::SEE_OTHER);
    let late = expect_status(add(north, pn[0]).await, StatusCode::CONFLICT).await;
    assert!(late.contains("un seul budget"), "{late}");
    assert_eq!(w.lines(alice.id).await, vec![(ps[0], 1)]);
}

#[tokio::test]
async fn space_admins_create_budgets_and_projects_with_checked_forms() {
    let w = world(Visibility::Public, "all", "upcoming").await;
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let (_, participant) = w.person("bob").await;
    let admin_url = w.app.url(&format!("/budgets/{}/edit", w.cid));
    assert_eq!(
        participant.get(&admin_url).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let refused = post_form_with(&participant, &admin_url, &[("title", "X")]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let form = expect_status(
        browser.get(&admin_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(form.contains("name=\"rule\""));
    let bad = expect_status(
        post_form_with(
            &browser,
            &admin_url,
            &[
                ("title", ""),
                ("total", "-5"),
                ("currency", "euro"),
                ("rule", "points"),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad.contains("Remplissez ce champ."));
    assert!(bad.contains("Trois lettres majuscules"));
    assert!(bad.contains("Au moins 1 pour cette règle."));
    assert_eq!(w.app.count("budgets").await, 0);

    let created = post_form_with(
        &browser,
        &admin_url,
        &[
            ("title", "Quartier Nord"),
            ("description", "Pour le *nord*."),
            ("total", "250 000"),
            ("currency", "EUR"),
            ("rule", "choose"),
            ("min_projects", "1"),
            ("max_projects", "3"),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let bid: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let page = expect_status(
        browser.get(w.app.url(&location)).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Choisissez entre 1 et 3 projets"), "{page}");
    assert!(page.contains("Vote pas encore ouvert"));

    let new_project = w.app.url(&format!("/budgets/{}/{bid}/projects/new", w.cid));
    let bad = expect_status(
        post_form_with(
            &browser,
            &new_project,
            &[("title", "Un parc"), ("cost", "cher"), ("proposals", "999")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad.contains("Un nombre entier"));
    assert!(bad.contains("n’est pas une proposition de cet espace"));
    let made = post_form_with(
        &browser,
        &new_project,
        &[
            ("title", "Un parc"),
            (
                "description",
                "Avec des <script>alert(1)</script> **arbres**.",
            ),
            ("cost", "120000"),
            ("category", "Nature"),
            ("district", "Nord"),
        ],
    )
    .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let project_url = made.headers()["location"].to_str().unwrap().to_string();
    let shown = expect_status(
        participant
            .get(w.app.url(&project_url))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(shown.contains("<strong>arbres</strong>"));
    assert!(!shown.contains("<script>alert"), "Markdown is made safe");
    assert!(shown.contains("120\u{202f}000\u{a0}€"));
    assert!(shown.contains("Quartier : Nord"));
    assert_eq!(w.app.count("budget_projects").await, 1);
}

#[tokio::test]
async fn the_demo_has_a_process_voting_on_a_budget_of_twenty_projects() {
    let app = TestApp::spawn().await;
    agora::demo::load_if_empty(app.db()).await.expect("demo");
    let row = sqlx::query(
        "SELECT b.id, b.component_id, b.rule FROM budgets b
         JOIN components c ON c.id = b.component_id JOIN spaces s ON s.id = c.space_id
         WHERE s.slug = 'budget-participatif-2026-vote'",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("budget");
    let (bid, cid): (i64, i64) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
    assert_eq!(row.try_get::<String, _>(2).unwrap(), "approval");
    assert_eq!(app.count("budget_projects").await, 20);
    let page = expect_status(
        app.get(&format!("/budgets/{cid}/{bid}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("Vote ouvert"),
        "the active phase opens the vote"
    );
    assert!(page.contains("Connectez-vous pour voter"));
}

/// Runs `agora tally` on a file and returns the selected project ids.
fn tally(file: &std::path::Path, rule: &str) -> Vec<String> {
    tally_with(file, rule, &[])
}

/// Runs `agora tally` on a file with more arguments and returns the selected project ids.
fn tally_with(file: &std::path::Path, rule: &str, more: &[&str]) -> Vec<String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_agora"))
        .args([
            "tally",
            &file.display().to_string(),
            "--rule",
            rule,
            "--json",
        ])
        .args(more)
        .output()
        .expect("run agora tally");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    json["selected"]
        .as_array()
        .expect("selected")
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn admins_compare_the_rules_publish_one_and_the_export_recounts_to_the_same_winners() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w
        .budget(1000, rule(RuleKind::Approval), &[600, 300, 500, 200, 400])
        .await;
    // Five voters: three like the big project, two share smaller ones.
    let ballots: [&[usize]; 5] = [&[0, 1], &[0, 3], &[0], &[2, 3, 1], &[2, 4]];
    for (i, choice) in ballots.iter().enumerate() {
        let (user, _) = w.person(&format!("voter{i}")).await;
        let token = w.token(&user).await;
        let ids: Vec<i64> = choice.iter().map(|&k| p[k]).collect();
        let body = json!({ "projects": ids }).to_string();
        let put = api(
            &w.app,
            "PUT",
            &format!("/api/v1/budgets/{bid}/ballot"),
            &token,
            Some(&body),
        )
        .await;
        assert_eq!(put.0, StatusCode::OK, "{}", put.1);
        let cast = api(
            &w.app,
            "POST",
            &format!("/api/v1/budgets/{bid}/ballot/checkout"),
            &token,
            None,
        )
        .await;
        assert_eq!(cast.0, StatusCode::OK, "{}", cast.1);
    }
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let results_url = format!("{}/results", w.page(bid));
    let export_url = format!("{}/export.pb", w.page(bid));

    // Nothing public before publication.
    let anonymous = w.app.new_browser();
    assert_eq!(
        anonymous.get(&results_url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_ne!(
        anonymous.get(&export_url).send().await.unwrap().status(),
        StatusCode::OK
    );

    // The admins' preview: every rule side by side; publishing waits for the vote to close.
    let preview = expect_status(
        browser.get(&results_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    for name in [
        "l’ordre des votes",
        "parts égales",
        "Phragmén",
        "maximum de soutiens",
    ] {
        assert!(preview.contains(name), "{name}: {preview}");
    }
    let early = post_form_with(
        &browser,
        &format!("{results_url}/publish"),
        &[("rule", "mes-add1")],
    )
    .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    w.set_voting("closed").await;
    let preview = expect_status(
        browser.get(&results_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(preview.contains("results/publish"), "{preview}");

    // The export: anonymous voters, and `agora tally` gives what the preview shows, rule by rule.
    let text = expect_status(
        browser.get(&export_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(text.starts_with("META"), "{text}");
    assert!(!text.contains("example.org") && !text.contains("voter0"));
    let dir = std::env::temp_dir().join(crate::helpers::unique("agora_pb"));
    std::fs::create_dir_all(&dir).expect("dir");
    let _cleanup = crate::helpers::TempDir(dir.clone());
    let path = dir.join("budget.pb");
    std::fs::write(&path, &text).expect("write");
    let parsed = agora_tally::pabulib::parse(&text).expect("a valid Pabulib file");
    let cast = budgets::results::Tally::load(w.app.db(), bid)
        .await
        .expect("ballots")
        .ballots();
    assert_eq!(cast.len(), 5);
    for rule in budgets::results::RULES {
        let shown = budgets::results::preview(&parsed, &cast, rule).expect("preview");
        let shown: Vec<String> = shown.selected.iter().map(i64::to_string).collect();
        assert_eq!(tally(&path, rule), shown, "{rule}");
    }
    // Greedy with a threshold, for every threshold that changes something (votes: 3, 2, 2,
    // 2, 1): `agora tally --threshold` agrees with the preview.
    for threshold in 0..=4 {
        let shown = budgets::results::preview_threshold(&parsed, threshold).expect("preview");
        let shown: Vec<String> = shown.selected.iter().map(i64::to_string).collect();
        let t = threshold.to_string();
        assert_eq!(
            tally_with(&path, "greedy-threshold", &["--threshold", &t]),
            shown,
            "greedy-threshold {threshold}"
        );
    }

    // Publish one rule: the public page lists the winners and explains the rule.
    let published = post_form_with(
        &browser,
        &format!("{results_url}/publish"),
        &[("rule", "mes-add1")],
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let again = post_form_with(
        &browser,
        &format!("{results_url}/publish"),
        &[("rule", "greedy")],
    )
    .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let page = expect_status(
        anonymous.get(&results_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("la méthode des parts égales"),
        "published once: {page}"
    );
    assert!(
        page.contains("partagé à parts égales entre les 5 votant·e·s"),
        "{page}"
    );
    let token = w.token(&admin).await;
    let (status, doc) = api(
        &w.app,
        "GET",
        &format!("/api/v1/budgets/{bid}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["results"]["rule"], "mes-add1");
    let winners: Vec<String> = doc["results"]["selected"]
        .as_array()
        .expect("selected")
        .iter()
        .map(|v| v.as_i64().expect("id").to_string())
        .collect();
    assert!(!winners.is_empty());
    for id in &winners {
        let title = format!(
            "Projet {}",
            p.iter().position(|x| x.to_string() == *id).expect("ours")
        );
        assert!(page.contains(&title), "{title} is listed");
    }

    // Once published, the export is public and names the rule: `--rule auto` recounts it.
    let public = expect_status(
        anonymous.get(&export_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    std::fs::write(&path, &public).expect("write");
    assert_eq!(tally(&path, "auto"), winners);
}

#[tokio::test]
async fn admins_publish_greedy_with_a_threshold_they_enter_and_everyone_sees_it() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w
        .budget(1000, rule(RuleKind::Approval), &[600, 300, 500, 200, 400])
        .await;
    // Votes: project 0 has 3, projects 1, 2, 3 have 2, project 4 has 1.
    let ballots: [&[usize]; 5] = [&[0, 1], &[0, 3], &[0], &[2, 3, 1], &[2, 4]];
    for (i, choice) in ballots.iter().enumerate() {
        let (user, _) = w.person(&format!("voter{i}")).await;
        let token = w.token(&user).await;
        let ids: Vec<i64> = choice.iter().map(|&k| p[k]).collect();
        let body = json!({ "projects": ids }).to_string();
        let url = format!("/api/v1/budgets/{bid}/ballot");
        assert_eq!(
            api(&w.app, "PUT", &url, &token, Some(&body)).await.0,
            StatusCode::OK
        );
        let url = format!("{url}/checkout");
        assert_eq!(
            api(&w.app, "POST", &url, &token, None).await.0,
            StatusCode::OK
        );
    }
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    w.set_voting("closed").await;
    let results_url = format!("{}/results", w.page(bid));
    let publish_url = format!("{results_url}/publish");

    // The preview asks for the threshold; with 3 votes only project 0 is left, while plain
    // greedy also funds project 3.
    let page = expect_status(
        browser.get(&results_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("l’ordre des votes avec un seuil"), "{page}");
    assert!(page.contains("name=\"threshold\""), "{page}");
    let page = expect_status(
        browser
            .get(format!("{results_url}?threshold=3"))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let card = &page[page.find("id=\"threshold\"").expect("the threshold card")..];
    // The last card of the list.
    let card = &card[..card.find("</ul>").expect("card end")];
    assert!(card.contains("Avec au moins 3 votes"), "{card}");
    assert!(
        card.contains("Projet 0") && !card.contains("Projet 3"),
        "{card}"
    );
    assert!(card.contains("name=\"threshold\" value=\"3\""), "{card}");

    // A threshold that is not a whole number of votes, or is negative, is refused with a
    // message, in the preview and when publishing, and nothing is published.
    for (typed, message) in [
        ("-2", "ne peut pas être négatif"),
        ("deux", "doit être un nombre entier, pas « deux »"),
        ("2.5", "doit être un nombre entier"),
        ("", "Indiquez le nombre minimum de votes"),
        ("99999999999", "ne peut pas dépasser"),
    ] {
        // (No typed value needs escaping.)
        let preview = browser
            .get(format!("{results_url}?threshold={typed}"))
            .send()
            .await
            .unwrap();
        let page = expect_status(preview, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(page.contains(message), "{typed}: {page}");
        assert!(page.contains("aria-invalid=\"true\""), "{typed}");
        let refused = post_form_with(
            &browser,
            &publish_url,
            &[("rule", "greedy-threshold"), ("threshold", typed)],
        )
        .await;
        let page = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(page.contains(message), "{typed}: {page}");
    }
    let missing = post_form_with(&browser, &publish_url, &[("rule", "greedy-threshold")]).await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.app.count("budget_results").await, 0, "nothing published");

    // Another person cannot publish, threshold or not.
    let (_, stranger) = w.person("stranger").await;
    let forged = post_form_with(
        &stranger,
        &publish_url,
        &[("rule", "greedy-threshold"), ("threshold", "0")],
    )
    .await;
    assert_ne!(forged.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.app.count("budget_results").await, 0);

    // Published with 3 votes: the page names the rule and explains the threshold.
    let published = post_form_with(
        &browser,
        &publish_url,
        &[("rule", "greedy-threshold"), ("threshold", " 3 ")],
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let anonymous = w.app.new_browser();
    let page = expect_status(
        anonymous.get(&results_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("l’ordre des votes avec un seuil"), "{page}");
    assert!(
        page.contains("Un projet devait réunir au moins 3 votes pour être pris en compte"),
        "{page}"
    );
    assert!(
        page.contains("4 projets en avaient moins et ont été écartés"),
        "{page}"
    );
    assert!(
        page.contains("Projet 0") && !page.contains("Projet 3"),
        "{page}"
    );
    // The same in English, Spanish and Catalan.
    for (language, words) in [
        ("en", "A project needed at least 3 votes to be considered"),
        ("es", "Un proyecto necesitaba al menos 3 votos"),
        ("ca", "Un projecte necessitava almenys 3 vots"),
    ] {
        let page = expect_status(
            anonymous
                .get(&results_url)
                .header("accept-language", language)
                .send()
                .await
                .unwrap(),
            StatusCode::OK,
        )
        .await;
        assert!(page.contains(words), "{language}: {page}");
    }

    // The API carries the threshold; the export's META too, and `agora tally --rule auto`
    // finds the same winners from the file alone.
    let token = w.token(&admin).await;
    let (status, doc) = api(
        &w.app,
        "GET",
        &format!("/api/v1/budgets/{bid}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["results"]["rule"], "greedy-threshold");
    assert_eq!(doc["results"]["threshold"], 3);
    assert_eq!(doc["results"]["selected"], json!([p[0]]));
    let text = expect_status(
        anonymous
            .get(format!("{}/export.pb", w.page(bid)))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(text.contains("min_project_score_threshold;3"), "{text}");
    let dir = std::env::temp_dir().join(crate::helpers::unique("agora_pb"));
    std::fs::create_dir_all(&dir).expect("dir");
    let _cleanup = crate::helpers::TempDir(dir.clone());
    let path = dir.join("budget.pb");
    std::fs::write(&path, &text).expect("write");
    assert_eq!(tally(&path, "auto"), vec![p[0].to_string()]);

    // Published once: another rule or threshold afterwards changes nothing.
    let again = post_form_with(
        &browser,
        &publish_url,
        &[("rule", "greedy-threshold"), ("threshold", "0")],
    )
    .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let (_, doc) = api(
        &w.app,
        "GET",
        &format!("/api/v1/budgets/{bid}"),
        &token,
        None,
    )
    .await;
    assert_eq!(doc["results"]["threshold"], 3);
}

#[tokio::test]
async fn amounts_and_rules_stay_as_voters_saw_them_once_ballots_are_cast() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w
        .budget(1000, rule(RuleKind::Approval), &[600, 300, 100])
        .await;
    let (_, voter) = w.person("voter").await;
    let added = w
        .ballot_action(
            &voter,
            bid,
            &[("action", "add"), ("project", &p[0].to_string())],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let back = added.headers()["location"].to_str().unwrap().to_string();
    assert!(back.ends_with(&format!("#project-{}", p[0])), "{back}");
    let cast = post_form_with(&voter, &format!("{}/checkout", w.page(bid)), &[]).await;
    assert_eq!(cast.status(), StatusCode::SEE_OTHER);

    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let edit = format!("{}/edit", w.page(bid));
    let fields = |total: &'static str| {
        [
            ("title", "Centre-ville"),
            ("description", ""),
            ("total", total),
            ("currency", "EUR"),
            ("rule", "approval"),
            ("min_percent", "0"),
            ("min_projects", "0"),
            ("max_projects", "0"),
            ("points", "0"),
        ]
    };
    let refused = expect_status(
        post_form_with(&browser, &edit, &fields("2000")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("ne peuvent plus changer"), "{refused}");
    let renamed = post_form_with(&browser, &edit, &fields("1000")).await;
    assert_eq!(
        renamed.status(),
        StatusCode::SEE_OTHER,
        "the title may change"
    );
    let budget = model::find_budget(w.app.db(), bid).await.unwrap().unwrap();
    assert_eq!(
        (budget.title.as_str(), budget.total),
        ("Centre-ville", 1000)
    );

    let project = |pid: i64, action: &str| {
        w.app
            .url(&format!("/budgets/{}/{bid}/projects/{pid}/{action}", w.cid))
    };
    let cost = expect_status(
        post_form_with(
            &browser,
            &project(p[0], "edit"),
            &[("title", "Projet 0"), ("cost", "50")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(cost.contains("ne peuvent plus changer"));
    let on_ballot = expect_status(
        post_form_with(&browser, &project(p[0], "delete"), &[]).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(on_ballot.contains("ne peut plus être supprimé"));
    let cheaper = post_form_with(
        &browser,
        &project(p[1], "edit"),
        &[("title", "Projet 1"), ("cost", "250")],
    )
    .await;
    assert_eq!(
        cheaper.status(),
        StatusCode::SEE_OTHER,
        "not on a cast ballot"
    );
    let gone = post_form_with(&browser, &project(p[2], "delete"), &[]).await;
    assert_eq!(gone.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.app.count("budget_projects").await, 2);
    let outsider = post_form_with(&voter, &project(p[1], "delete"), &[]).await;
    assert_eq!(outsider.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn parallel_additions_in_two_budgets_of_a_vote_in_one_component_fill_one_ballot() {
    let w = world(Visibility::Public, "one", "open").await;
    let (north, pn) = w.budget(10_000, rule(RuleKind::Approval), &[100; 10]).await;
    let (south, ps) = w.budget(10_000, rule(RuleKind::Approval), &[100; 10]).await;
    let (alice, browser) = w.person("alice").await;
    let mut tasks = Vec::new();
    for (bid, id) in pn
        .iter()
        .map(|id| (north, *id))
        .chain(ps.iter().map(|id| (south, *id)))
    {
        let url = format!("{}/ballot", w.page(bid));
        let browser = browser.clone();
        tasks.push(tokio::spawn(async move {
            post_form_with(
                &browser,
                &url,
                &[("action", "add"), ("project", &id.to_string())],
            )
            .await
            .status()
        }));
    }
    for task in tasks {
        let status = task.await.expect("task");
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    let lines = w.lines(alice.id).await;
    let in_north = lines.iter().filter(|(id, _)| pn.contains(id)).count();
    let in_south = lines.iter().filter(|(id, _)| ps.contains(id)).count();
    assert!(
        (in_north == 10 && in_south == 0) || (in_north == 0 && in_south == 10),
        "one budget only: {in_north} in one, {in_south} in the other"
    );
}

/// A checked-out ballot is in the action log: `agora verify` reports a line changed or a
/// ballot deleted with SQL, by the ballot's id.
#[tokio::test]
async fn a_cast_ballot_altered_with_sql_is_reported_by_verify() {
    use agora::platform::action_log;
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, ids) = w.budget(1000, rule(RuleKind::Approval), &[100, 200]).await;
    let (_, browser) = w.person("alice").await;
    let added = w
        .ballot_action(
            &browser,
            bid,
            &[("action", "add"), ("project", &ids[0].to_string())],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let cast = post_form_with(&browser, &format!("{}/checkout", w.page(bid)), &[]).await;
    assert_eq!(cast.status(), StatusCode::SEE_OTHER);
    let db = w.app.db();
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    let ballot: i64 = sqlx::query("SELECT id FROM budget_ballots")
        .fetch_one(&db.pool)
        .await
        .expect("ballot")
        .try_get(0)
        .expect("id");
    sqlx::query("UPDATE budget_ballot_lines SET project_id = $1 WHERE ballot_id = $2")
        .bind(ids[1])
        .bind(ballot)
        .execute(&db.pool)
        .await
        .expect("tamper");
    let problems = action_log::verify(db).await.expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("budget_ballot {ballot}: altered"))),
        "{problems:?}"
    );
    sqlx::query("DELETE FROM budget_ballots WHERE id = $1")
        .bind(ballot)
        .execute(&db.pool)
        .await
        .expect("delete");
    let problems = action_log::verify(db).await.expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("budget_ballot {ballot}: deleted"))),
        "{problems:?}"
    );
}

#[tokio::test]
async fn the_model_itself_refuses_ballots_once_voting_closed_even_racing_a_phase_switch() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, ids) = w.budget(1000, rule(RuleKind::Approval), &[100, 200]).await;
    let budget = model::find_budget(w.app.db(), bid)
        .await
        .expect("query")
        .expect("budget");

    // Forty people with a ready ballot; they check out through the API while an admin
    // switches to a phase where voting is closed.
    let mut tokens = Vec::new();
    for i in 0..40 {
        let (user, _) = w.person(&format!("v{i}")).await;
        let change = budgets::rules::Change::Add(ids[0]);
        model::change(
            w.app.db(),
            &w.app.state.config.secret,
            &budget,
            user.id,
            &change,
        )
        .await
        .expect("query")
        .expect("added");
        tokens.push(w.token(&user).await);
    }
    let closed = spaces::add_phase(w.app.db(), w.space.id, "closed", "", None, None)
        .await
        .expect("phase");
    let validated = agora::components::validate(
        budgets::MANIFEST.phase_settings,
        json!({ "voting": "closed" }).as_object().expect("object"),
    )
    .expect("valid");
    store::set_phase_settings(w.app.db(), w.cid, closed.id, &validated)
        .await
        .expect("phase settings");
    let mut tasks = Vec::new();
    for token in tokens.clone() {
        let base = w.app.base.clone();
        tasks.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(format!("{base}/api/v1/budgets/{bid}/ballot/checkout"))
                .header("authorization", format!("Bearer {token}"))
                .send()
                .await
                .expect("request")
                .status()
        }));
    }
    tokio::task::yield_now().await;
    spaces::activate_phase(w.app.db(), w.space.id, closed.id)
        .await
        .expect("activate");
    // The switch is committed: from now on, no ballot may be cast.
    let cast_at_switch = w.cast_ballots().await;
    let mut accepted = 0;
    for task in tasks {
        let status = task.await.expect("task");
        assert!(
            [StatusCode::OK, StatusCode::FORBIDDEN].contains(&status),
            "{status}"
        );
        if status == StatusCode::OK {
            accepted += 1;
        }
    }
    assert_eq!(w.cast_ballots().await, accepted);
    assert!(
        accepted <= cast_at_switch,
        "{accepted} cast, {cast_at_switch} when the phase switched"
    );

    // The model refuses on its own, whatever the caller checked before.
    let (late, _) = w.person("late").await;
    let refused = model::change(
        w.app.db(),
        &w.app.state.config.secret,
        &budget,
        late.id,
        &budgets::rules::Change::Add(ids[1]),
    )
    .await
    .expect("query");
    assert_eq!(refused, Err(budgets::rules::Refusal::Closed));
    let refused = model::checkout(w.app.db(), &w.app.state.config.secret, &budget, late.id)
        .await
        .expect("query");
    assert_eq!(refused, Err(budgets::rules::Refusal::Closed));
    assert!(w.lines(late.id).await.is_empty());
    assert_eq!(w.cast_ballots().await, accepted);
}

#[tokio::test]
async fn paper_votes_are_added_to_online_votes_shown_apart_and_exported() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w
        .budget(1000, rule(RuleKind::Approval), &[600, 300, 500])
        .await;
    let (other_bid, other) = w.budget(1000, rule(RuleKind::Approval), &[100]).await;
    assert_ne!(other_bid, bid);
    for i in 0..2 {
        let (user, _) = w.person(&format!("online{i}")).await;
        let token = w.token(&user).await;
        let body = json!({ "projects": [p[0]] }).to_string();
        let path = format!("/api/v1/budgets/{bid}/ballot");
        assert_eq!(
            api(&w.app, "PUT", &path, &token, Some(&body)).await.0,
            StatusCode::OK
        );
        let path = format!("{path}/checkout");
        assert_eq!(
            api(&w.app, "POST", &path, &token, None).await.0,
            StatusCode::OK
        );
    }
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let paper_url = format!("{}/paper", w.page(bid));

    // Participants may not enter paper votes.
    let (_, participant) = w.person("someone").await;
    let refused = post_form_with(&participant, &paper_url, &[("csv", "1,5")]).await;
    assert!(
        [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&refused.status()),
        "{}",
        refused.status()
    );

    // Bad input: a clear message, nothing changes.
    let f = |id: i64| format!("votes-{id}");
    let bad: Vec<(Vec<(String, String)>, &str)> = vec![
        (vec![(f(p[1]), "-1".into())], "entre 0 et 1"),
        (vec![(f(p[1]), "trois".into())], "nombre entier"),
        (
            vec![(f(other[0]), "5".into())],
            "pas un projet de ce budget",
        ),
        (
            vec![("csv".into(), format!("{},4\n{};x", p[1], p[2]))],
            "ligne 2",
        ),
        (
            vec![("csv".into(), format!("{},4\n{},2", p[1], p[1]))],
            "deux fois",
        ),
    ];
    for (fields, message) in bad {
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let answer = post_form_with(&browser, &paper_url, &fields).await;
        let status = answer.status();
        let text = answer.text().await.expect("body").to_lowercase();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(text.contains(message), "{message}: {text}");
        assert!(
            model::paper_counts(w.app.db(), bid)
                .await
                .expect("counts")
                .is_empty(),
            "{fields:?}"
        );
    }
    assert_eq!(w.app.count("budget_paper_counts").await, 0);

    // Three paper votes for the second project: it now comes first under greedy.
    let saved = post_form_with(
        &browser,
        &paper_url,
        &[(&f(p[1]), "3"), (&f(p[0]), ""), (&f(p[2]), "0")],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let form = expect_status(
        browser.get(&paper_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(form.contains("value=\"3\""), "{form}");
    let results_url = format!("{}/results", w.page(bid));
    let preview = expect_status(
        browser.get(&results_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(preview.contains("2 en ligne, 3 sur papier"), "{preview}");
    assert!(
        preview.contains("<td>0</td><td>3</td><td>3</td>"),
        "{preview}"
    );
    assert!(
        preview.contains("<td>2</td><td>0</td><td>2</td>"),
        "{preview}"
    );

    // The export writes each paper vote as a single-project vote marked `paper`, so that
    // `agora tally` counts what the page counts.
    w.set_voting("closed").await;
    let export_url = format!("{}/export.pb", w.page(bid));
    let text = expect_status(
        browser.get(&export_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(text.contains("num_paper_votes;3"), "{text}");
    assert_eq!(text.matches(";paper").count(), 3, "{text}");
    let dir = std::env::temp_dir().join(crate::helpers::unique("agora_pb"));
    std::fs::create_dir_all(&dir).expect("dir");
    let _cleanup = crate::helpers::TempDir(dir.clone());
    let path = dir.join("budget.pb");
    std::fs::write(&path, &text).expect("write");
    assert_eq!(
        tally(&path, "greedy"),
        vec![p[1].to_string(), p[0].to_string()]
    );

    let published = post_form_with(
        &browser,
        &format!("{results_url}/publish"),
        &[("rule", "greedy")],
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let page = expect_status(
        w.app.new_browser().get(&results_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("Projet 1</a></th><td>300\u{a0}€</td><td>0</td><td>3</td><td>3</td>"),
        "{page}"
    );
    assert!(
        page.contains("Projet 0</a></th><td>600\u{a0}€</td><td>2</td><td>0</td><td>2</td>"),
        "{page}"
    );

    // Once published, paper votes stay as counted.
    let late = post_form_with(&browser, &paper_url, &[(&f(p[1]), "30")]).await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        model::paper_counts(w.app.db(), bid)
            .await
            .expect("counts")
            .get(&p[1]),
        Some(&3)
    );
}

impl World {
    /// Saves the component's settings.
    async fn settings(&self, settings: Value) {
        let validated = agora::components::validate(
            budgets::MANIFEST.settings,
            settings.as_object().expect("object"),
        )
        .expect("valid");
        assert!(
            store::update(
                self.app.db(),
                self.space.id,
                self.cid,
                "Budgets",
                &validated
            )
            .await
            .expect("update")
        );
    }

    /// Sets the district of a budget.
    async fn district(&self, bid: i64, district: &str) {
        sqlx::query("UPDATE budgets SET district = $1 WHERE id = $2")
            .bind(district)
            .bind(bid)
            .execute(&self.app.db().pool)
            .await
            .expect("district");
    }
}

/// A census line for a document number.
fn census_line(document: &str, birth: &str, district: &str) -> String {
    format!(
        "{},{birth},{district}",
        agora::platform::verifications::document_hash(document)
    )
}

#[tokio::test]
async fn census_verification_age_and_district_decide_who_votes_where_even_through_the_api() {
    use agora::platform::verifications;
    let w = world(Visibility::Public, "all", "open").await;
    let (nord, pn) = w.budget(1000, rule(RuleKind::Approval), &[100]).await;
    let (sud, ps) = w.budget(1000, rule(RuleKind::Approval), &[100]).await;
    w.district(nord, "Nord").await;
    w.district(sud, "Sud").await;
    w.settings(json!({"workflow": "district", "census": true, "min_age": 16}))
        .await;

    // The organisation's admins upload the census; a broken file says which line and changes
    // nothing.
    let (admin, admin_browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let census_url = w.app.url(&format!("/o/{}/admin/census", w.org.slug));
    let young = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .saturating_sub(jiff::Span::new().years(10))
        .to_string();
    let good = format!(
        "document_hash,birth_date,district\n{}\n{}\n{}",
        census_line("11111111A", "1980-02-03", "Nord"),
        census_line("22222222B", "1990-04-05", "Sud"),
        census_line("33333333C", &young, "Nord"),
    );
    let broken = format!(
        "{good}\n{},1999-02-30,Nord",
        verifications::document_hash("4")
    );
    let answer = post_form_with(&admin_browser, &census_url, &[("csv", &broken)]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = answer.text().await.expect("body");
    assert!(text.contains("Ligne 5"), "{text}");
    assert_eq!(w.app.count("census_entries").await, 0);
    let (_, participant) = w.person("curious").await;
    let refused = post_form_with(&participant, &census_url, &[("csv", &good)]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("census_entries").await, 0);
    let answer = post_form_with(&admin_browser, &census_url, &[("csv", &good)]).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(w.app.count("census_entries").await, 3);
    let stored: String = sqlx::query("SELECT census_key FROM census_entries ORDER BY id")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("entry")
        .try_get(0)
        .expect("key");
    assert_ne!(
        stored,
        verifications::document_hash("11111111A"),
        "keyed by the secret"
    );

    // Not verified: refused on the page and through the API, with the reason.
    let (ana, ana_browser) = w.person("ana").await;
    let ana_token = w.token(&ana).await;
    let body = |id: i64| json!({ "projects": [id] }).to_string();
    let put = |bid: i64, token: String, body: String| {
        let app = &w.app;
        async move {
            api(
                app,
                "PUT",
                &format!("/api/v1/budgets/{bid}/ballot"),
                &token,
                Some(&body),
            )
            .await
        }
    };
    let (status, answer) = put(nord, ana_token.clone(), body(pn[0])).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(
        detail(&answer).contains("verified against the census"),
        "{answer}"
    );
    let form = w
        .ballot_action(
            &ana_browser,
            nord,
            &[("action", "add"), ("project", &pn[0].to_string())],
        )
        .await;
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    assert!(
        form.text()
            .await
            .expect("body")
            .contains("vérifiées dans le recensement")
    );

    let page = expect_status(
        ana_browser.get(w.page(nord)).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("/verification\">Vérifier votre identité"),
        "{page}"
    );

    // Verification: a wrong birth date or document number is refused without saying which.
    let verify_url = w.app.url(&format!("/o/{}/verification", w.org.slug));
    for (doc, birth) in [("11111111A", "1980-02-04"), ("11111111X", "1980-02-03")] {
        let answer = post_form_with(
            &ana_browser,
            &verify_url,
            &[("document", doc), ("birth_date", birth)],
        )
        .await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer.text().await.expect("body").contains("Aucune entrée"));
    }
    let ok = post_form_with(
        &ana_browser,
        &verify_url,
        &[("document", "1111-1111 a"), ("birth_date", "1980-02-03")],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    // One person per census entry.
    let (_, thief) = w.person("thief").await;
    let taken = post_form_with(
        &thief,
        &verify_url,
        &[("document", "11111111A"), ("birth_date", "1980-02-03")],
    )
    .await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken
            .text()
            .await
            .expect("body")
            .contains("un autre compte")
    );

    // Verified in Nord: votes in Nord, not in Sud.
    let (status, answer) = put(sud, ana_token.clone(), body(ps[0])).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(
        detail(&answer).contains("not the budget you are assigned to"),
        "{answer}"
    );
    let (status, answer) = put(nord, ana_token.clone(), body(pn[0])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = api(
        &w.app,
        "POST",
        &format!("/api/v1/budgets/{nord}/ballot/checkout"),
        &ana_token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    // Ten years old: verified, but under the minimum age.
    let (kid, kid_browser) = w.person("kid").await;
    let ok = post_form_with(
        &kid_browser,
        &verify_url,
        &[("document", "33333333C"), ("birth_date", &young)],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let (status, answer) = put(nord, w.token(&kid).await, body(pn[0])).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(detail(&answer).contains("at least 16"), "{answer}");
    assert_eq!(w.cast_ballots().await, 1);
    assert!(w.lines(kid.id).await.is_empty());
}

#[tokio::test]
async fn the_random_workflow_assigns_each_person_one_budget_for_good() {
    let w = world(Visibility::Public, "random", "open").await;
    let mut budgets_made = Vec::new();
    for _ in 0..3 {
        budgets_made.push(w.budget(1000, rule(RuleKind::Approval), &[100]).await);
    }
    let mut seen = std::collections::HashSet::new();
    for i in 0..12 {
        let (user, _) = w.person(&format!("r{i}")).await;
        let token = w.token(&user).await;
        let mut accepted = Vec::new();
        for (bid, projects) in &budgets_made {
            let body = json!({ "projects": [projects[0]] }).to_string();
            let (status, answer) = api(
                &w.app,
                "PUT",
                &format!("/api/v1/budgets/{bid}/ballot"),
                &token,
                Some(&body),
            )
            .await;
            if status == StatusCode::OK {
                accepted.push(*bid);
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
            }
        }
        assert_eq!(accepted.len(), 1, "exactly one budget each");
        let settings =
            budgets::Settings::from_map(json!({"workflow": "random"}).as_object().expect("object"));
        let again = model::assigned_budget(
            w.app.db(),
            &w.app.state.config.secret,
            &settings,
            w.org.id,
            w.cid,
            user.id,
        )
        .await
        .expect("assigned");
        assert_eq!(again, Some(accepted[0]), "stable");
        seen.insert(accepted[0]);
    }
    assert!(seen.len() > 1, "not everyone in the same budget");
}

#[tokio::test]
async fn a_pabulib_file_imports_projects_and_votes_or_nothing_when_broken() {
    let w = world(Visibility::Public, "all", "closed").await;
    let (bid, _) = w.budget(1000, rule(RuleKind::Approval), &[]).await;
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let url = format!("{}/import", w.page(bid));
    let good = "META\nkey;value\ndescription;Old election\nnum_projects;3\nnum_votes;4\nbudget;1000\ncurrency;EUR\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n1;600;Park\n2;300;Library\n3;500;Bikes\nVOTES\nvoter_id;vote\na;1,2\nb;1\nc;2,3\nd;2\n";
    let bad_vote = good.replace("d;2", "d;9");
    let bad_cost = good.replace("2;300;Library", "2;300.5;Library");
    for (text, line) in [(&bad_vote, "Ligne 19"), (&bad_cost, "Ligne 12")] {
        let answer = post_form_with(
            &browser,
            &url,
            &[("pb", text.as_str()), ("with_votes", "1")],
        )
        .await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = answer.text().await.expect("body");
        assert!(page.contains(line), "{line}: {page}");
        assert_eq!(w.app.count("budget_projects").await, 0);
        assert_eq!(w.app.count("budget_imported_ballots").await, 0);
    }
    let (_, participant) = w.person("someone").await;
    let refused = post_form_with(&participant, &url, &[("pb", good)]).await;
    assert!([StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&refused.status()));

    let answer = post_form_with(&browser, &url, &[("pb", good), ("with_votes", "1")]).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer
            .text()
            .await
            .expect("body")
            .contains("3 projets et 4 bulletins")
    );
    assert_eq!(w.app.count("budget_projects").await, 3);
    assert_eq!(w.app.count("budget_imported_ballots").await, 4);

    // The imported ballots are counted: greedy funds Library (3 votes) then Park (2).
    let results = expect_status(
        browser
            .get(format!("{}/results", w.page(bid)))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(results.contains("0 en ligne, 4 sur papier"), "{results}");
    let published = post_form_with(
        &browser,
        &format!("{}/results/publish", w.page(bid)),
        &[("rule", "greedy")],
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let page = expect_status(
        w.app
            .new_browser()
            .get(format!("{}/results", w.page(bid)))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let library = page.find("Library").expect("Library funded");
    let park = page.find("Park").expect("Park funded");
    assert!(library < park, "{page}");
    assert!(!page.contains("Bikes</a>"), "{page}");
    // Published: no more imports.
    let late = post_form_with(&browser, &url, &[("pb", good)]).await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.app.count("budget_projects").await, 3);
}

#[tokio::test]
async fn evaluators_set_feasibility_and_cost_and_unfeasible_projects_cannot_be_voted_for() {
    use agora::platform::permissions::SpaceRole;
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w.budget(1000, rule(RuleKind::Approval), &[100, 200]).await;
    let (evaluator, evaluator_browser) = w.person("evaluator").await;
    spaces::set_member(w.app.db(), w.space.id, evaluator.id, SpaceRole::Evaluator)
        .await
        .expect("role");
    let (voter, voter_browser) = w.person("voter").await;
    let url = format!("{}/projects/{}/evaluate", w.page(bid), p[0]);
    let feasibility = || async {
        let row = sqlx::query("SELECT feasibility, cost FROM budget_projects WHERE id = $1")
            .bind(p[0])
            .fetch_one(&w.app.db().pool)
            .await
            .expect("project");
        (
            row.try_get::<String, _>(0).expect("feasibility"),
            row.try_get::<i64, _>(1).expect("cost"),
        )
    };

    // Participants may not evaluate.
    let refused = post_form_with(
        &voter_browser,
        &url,
        &[
            ("feasibility", "unfeasible"),
            ("reason", "no"),
            ("cost", "100"),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // Bad input: a message, nothing changes.
    for (fields, message) in [
        (
            [
                ("feasibility", "unfeasible"),
                ("reason", ""),
                ("cost", "100"),
            ],
            "pourquoi",
        ),
        (
            [("feasibility", "maybe"), ("reason", ""), ("cost", "100")],
            "faisabilité",
        ),
        (
            [("feasibility", "feasible"), ("reason", ""), ("cost", "-5")],
            "nombre entier",
        ),
    ] {
        let answer = post_form_with(&evaluator_browser, &url, &fields).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let text = answer.text().await.expect("body");
        assert!(text.contains(message), "{message}: {text}");
        assert_eq!(feasibility().await, ("pending".to_string(), 100));
    }
    let saved = post_form_with(
        &evaluator_browser,
        &url,
        &[
            ("feasibility", "unfeasible"),
            ("reason", "Le terrain est privé."),
            ("cost", "150"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(feasibility().await, ("unfeasible".to_string(), 150));
    let page = expect_status(
        w.app
            .new_browser()
            .get(format!("{}/projects/{}", w.page(bid), p[0]))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("Non réalisable") && page.contains("Le terrain est privé."),
        "{page}"
    );

    // Not votable, on the page or through the API.
    let form = w
        .ballot_action(
            &voter_browser,
            bid,
            &[("action", "add"), ("project", &p[0].to_string())],
        )
        .await;
    assert_eq!(form.status(), StatusCode::CONFLICT);
    let token = w.token(&voter).await;
    let body = json!({ "projects": [p[0], p[1]] }).to_string();
    let (status, answer) = api(
        &w.app,
        "PUT",
        &format!("/api/v1/budgets/{bid}/ballot"),
        &token,
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(detail(&answer).contains("not feasible"), "{answer}");
    assert!(w.lines(voter.id).await.is_empty());
    let body = json!({ "projects": [p[1]] }).to_string();
    let (status, _) = api(
        &w.app,
        "PUT",
        &format!("/api/v1/budgets/{bid}/ballot"),
        &token,
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_results_count_is_cached_until_a_ballot_or_a_paper_count_changes() {
    use agora::components::budgets::results::{self, PreviewCache};
    use std::sync::Arc;
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w.budget(1000, rule(RuleKind::Approval), &[600, 300]).await;
    let budget = model::find_budget(w.app.db(), bid)
        .await
        .expect("query")
        .expect("budget");
    let secret = &w.app.state.config.secret;
    let cast = |name: &'static str, project: i64| {
        let (w, budget) = (&w, &budget);
        async move {
            let (user, _) = w.person(name).await;
            let change = budgets::rules::Change::Add(project);
            model::change(w.app.db(), secret, budget, user.id, &change)
                .await
                .expect("query")
                .expect("added");
            model::checkout(w.app.db(), secret, budget, user.id)
                .await
                .expect("query")
                .expect("cast");
        }
    };
    cast("a", p[0]).await;
    let cache = PreviewCache::default();
    let projects = model::projects(w.app.db(), bid).await.expect("projects");
    let first = results::counted(w.app.db(), &cache, &budget, &projects)
        .await
        .expect("count");
    let again = results::counted(w.app.db(), &cache, &budget, &projects)
        .await
        .expect("count");
    assert!(Arc::ptr_eq(&first, &again), "served from the cache");
    assert_eq!(first.supporters_of(p[0]), (1, 0));

    cast("b", p[1]).await;
    let after_ballot = results::counted(w.app.db(), &cache, &budget, &projects)
        .await
        .expect("count");
    assert!(!Arc::ptr_eq(&first, &after_ballot));
    assert_eq!(after_ballot.supporters_of(p[1]), (1, 0));

    let (admin, _) = w.person("admin").await;
    model::set_paper_counts(w.app.db(), bid, admin.id, &[(p[1], 4)])
        .await
        .expect("query")
        .expect("saved");
    let after_paper = results::counted(w.app.db(), &cache, &budget, &projects)
        .await
        .expect("count");
    assert!(!Arc::ptr_eq(&after_ballot, &after_paper));
    assert_eq!(after_paper.supporters_of(p[1]), (1, 4));
    assert_eq!(after_paper.ballots, 6);
}
