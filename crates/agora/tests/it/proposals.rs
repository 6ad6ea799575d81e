//! Integration tests: the proposals component — creating (with similar proposals first),
//! editing with versions, withdrawing, answering, listing (filters, search, stable random
//! order, pagination), and supports, whose rules hold under concurrency.

use agora::components::proposals::{self, model};
use agora::components::store;
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, SpaceRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

struct World {
    app: TestApp,
    org: Organization,
    space: Space,
    /// The proposals component of the public process.
    cid: i64,
}

fn settings(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

async fn world_with(component_settings: Value) -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(
        app.db(),
        "ville",
        "Ville d’Exemple",
        "La participation citoyenne.",
        Locale::Fr,
    )
    .await
    .expect("org");
    let space = new_space(&app, &org, "budget", Visibility::Public).await;
    let cid = proposals::create_component(
        app.db(),
        space.id,
        "Propositions",
        &settings(component_settings),
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

async fn new_space(app: &TestApp, org: &Organization, slug: &str, visibility: Visibility) -> Space {
    spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug,
            title: "Budget participatif",
            description: "Des idées.",
            visibility,
            published: true,
        },
    )
    .await
    .expect("space")
}

impl World {
    async fn person(&self, name: &str) -> (User, Client) {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), "a long password 123")
            .await;
        let client = self.app.browser_signed_in(&user).await;
        (user, client)
    }

    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    /// Creates a proposal directly (no form) and returns its id.
    async fn proposal(&self, author: &User, title: &str) -> i64 {
        model::create(
            self.app.db(),
            model::NewProposal {
                component_id: self.cid,
                author_id: author.id,
                title,
                body: "Un texte.",
                address: None,
                limit: 0,
            },
        )
        .await
        .expect("create")
        .expect("under the limit")
    }

    async fn supports_count(&self, pid: i64) -> i64 {
        sqlx::query("SELECT supports_count FROM proposals WHERE id = $1")
            .bind(pid)
            .fetch_one(&self.app.db().pool)
            .await
            .expect("proposal")
            .try_get(0)
            .expect("count")
    }

    /// Sets the settings of the active phase (creating one phase and activating it).
    async fn set_phase(&self, phase_settings: Value) {
        let phase = spaces::add_phase(self.app.db(), self.space.id, "Soutiens", "", None, None)
            .await
            .expect("phase");
        spaces::activate_phase(self.app.db(), self.space.id, phase.id)
            .await
            .expect("activate");
        let validated = agora::components::validate(
            proposals::MANIFEST.phase_settings,
            &settings(phase_settings),
        )
        .expect("valid phase settings");
        store::set_phase_settings(self.app.db(), self.cid, phase.id, &validated)
            .await
            .expect("phase settings");
    }
}

async fn get(client: &Client, url: &str) -> reqwest::Response {
    client.get(url).send().await.expect("GET")
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The ids of the proposals a list page links to, in order.
fn listed_ids(html: &str, cid: i64) -> Vec<i64> {
    let needle = format!("<h2><a href=\"/proposals/{cid}/");
    html.split(&needle)
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test]
async fn a_participant_proposes_sees_similar_ones_edits_with_versions_and_withdraws() {
    let w = world_with(json!({})).await;
    let (alice, _) = w.person("alice").await;
    w.proposal(&alice, "Un parc pour les chiens").await;
    let (_, bob) = w.person("bob").await;

    let form = expect_status(
        get(&bob, &w.url(&format!("/proposals/{}/new", w.cid))).await,
        StatusCode::OK,
    )
    .await;
    assert!(form.contains("name=\"title\""));

    // First step: similar proposals are shown, nothing is written yet.
    let fields = [
        ("title", "Un grand parc au centre"),
        ("body", "Avec des **arbres**."),
        ("address", "Place de la mairie"),
        ("step", "preview"),
    ];
    let new_url = w.url(&format!("/proposals/{}/new", w.cid));
    let preview = expect_status(
        post_form_with(&bob, &new_url, &fields).await,
        StatusCode::OK,
    )
    .await;
    assert!(preview.contains("Un parc pour les chiens"), "{preview}");
    assert!(preview.contains("value=\"publish\""));
    assert_eq!(w.app.count("proposals").await, 1);

    let mut publish = fields;
    publish[3] = ("step", "publish");
    let created = post_form_with(&bob, &new_url, &publish).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let page = location(&created);
    let pid: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let shown = expect_status(get(&bob, &w.url(&page)).await, StatusCode::OK).await;
    assert!(shown.contains("Un grand parc au centre"));
    assert!(shown.contains("<strong>arbres</strong>"));
    assert!(shown.contains("Place de la mairie"));

    // Edit within the window: a new version, and a diff.
    let edited = post_form_with(
        &bob,
        &w.url(&format!("/proposals/{}/{pid}/edit", w.cid)),
        &[
            ("title", "Un grand parc au centre-ville"),
            ("body", "Avec des **arbres**.\nEt des bancs."),
            ("address", ""),
        ],
    )
    .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    let history = expect_status(
        get(
            &bob,
            &w.url(&format!("/proposals/{}/{pid}/versions", w.cid)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(history.contains("Version 2"));
    assert!(history.contains("<ins>"));
    assert!(history.contains("Et des bancs."));
    assert!(history.contains("<del>"));

    // Someone else may not edit it.
    let (_, carla) = w.person("carla").await;
    let refused = post_form_with(
        &carla,
        &w.url(&format!("/proposals/{}/{pid}/edit", w.cid)),
        &[("title", "Piraté"), ("body", "x")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = post_form_with(
        &carla,
        &w.url(&format!("/proposals/{}/{pid}/withdraw", w.cid)),
        &[],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let withdrawn = post_form_with(
        &bob,
        &w.url(&format!("/proposals/{}/{pid}/withdraw", w.cid)),
        &[],
    )
    .await;
    assert_eq!(withdrawn.status(), StatusCode::SEE_OTHER);
    let shown = expect_status(get(&bob, &w.url(&page)).await, StatusCode::OK).await;
    assert!(shown.contains("Retirée"), "the organisation speaks French");
    // Withdrawn proposals leave the default list but stay under the "withdrawn" filter.
    let list = expect_status(
        get(&bob, &w.url(&format!("/proposals/{}", w.cid))).await,
        StatusCode::OK,
    )
    .await;
    assert!(!listed_ids(&list, w.cid).contains(&pid));
    let list = expect_status(
        get(
            &bob,
            &w.url(&format!("/proposals/{}?state=withdrawn", w.cid)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed_ids(&list, w.cid), vec![pid]);
}

#[tokio::test]
async fn bad_input_shows_errors_and_writes_nothing() {
    let w = world_with(json!({"edit_window_minutes": 0})).await;
    let (bob_user, bob) = w.person("bob").await;
    let new_url = w.url(&format!("/proposals/{}/new", w.cid));
    let long_title = "t".repeat(151);
    let long_body = "b".repeat(10_001);
    for fields in [
        vec![("title", ""), ("body", "texte"), ("step", "publish")],
        vec![("title", "   "), ("body", "texte"), ("step", "publish")],
        vec![
            ("title", long_title.as_str()),
            ("body", "texte"),
            ("step", "publish"),
        ],
        vec![("title", "Titre"), ("body", ""), ("step", "publish")],
        vec![
            ("title", "Titre"),
            ("body", long_body.as_str()),
            ("step", "publish"),
        ],
    ] {
        let body = expect_status(
            post_form_with(&bob, &new_url, &fields).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(body.contains("class=\"errors\" role=\"alert\""));
        assert!(body.contains("aria-invalid=\"true\""));
    }
    assert_eq!(w.app.count("proposals").await, 0);
    assert_eq!(w.app.count("proposal_versions").await, 0);

    // A proposal of another component is not found through this one.
    let other = proposals::create_component(w.app.db(), w.space.id, "Autres", &Map::new())
        .await
        .expect("component");
    let pid = w.proposal(&bob_user, "Une idée").await;
    let (_, carla) = w.person("carla").await;
    let forged = get(&carla, &w.url(&format!("/proposals/{other}/{pid}"))).await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    let forged = post_form_with(
        &carla,
        &w.url(&format!("/proposals/{other}/{pid}/support")),
        &[],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.app.count("supports").await, 0);
    let missing = get(&carla, &w.url(&format!("/proposals/{}/999999", w.cid))).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // The edit window is closed (0 minutes): no edit.
    let closed = post_form_with(
        &bob,
        &w.url(&format!("/proposals/{}/{pid}/edit", w.cid)),
        &[("title", "Changé"), ("body", "x")],
    )
    .await;
    assert_eq!(closed.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("proposal_versions").await, 1);

    // Script in a title and body is shown as text.
    let xss = "<script>alert('x')</script>";
    let created = post_form_with(
        &bob,
        &new_url,
        &[("title", xss), ("body", xss), ("step", "publish")],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let page = expect_status(
        get(&carla, &w.url(&location(&created))).await,
        StatusCode::OK,
    )
    .await;
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"));
    let list = expect_status(
        get(&carla, &w.url(&format!("/proposals/{}", w.cid))).await,
        StatusCode::OK,
    )
    .await;
    assert!(!list.contains("<script>alert"));

    // Answers: only evaluators, and bad values are refused.
    let answer_url = w.url(&format!("/proposals/{}/{pid}/answer", w.cid));
    let refused = post_form_with(&carla, &answer_url, &[("answer_state", "accepted")]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let (evaluator, eva) = w.person("eva").await;
    spaces::set_member(w.app.db(), w.space.id, evaluator.id, SpaceRole::Evaluator)
        .await
        .expect("evaluator");
    for fields in [
        vec![("answer_state", "maybe"), ("text", "x")],
        vec![
            ("answer_state", "custom"),
            ("custom_state", ""),
            ("text", "x"),
        ],
        vec![("answer_state", "accepted"), ("cost", "-3"), ("text", "x")],
        vec![
            ("answer_state", "accepted"),
            ("cost", "cher"),
            ("text", "x"),
        ],
    ] {
        expect_status(
            post_form_with(&eva, &answer_url, &fields).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let answered: Option<String> = sqlx::query("SELECT answer_state FROM proposals WHERE id = $1")
        .bind(pid)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("row")
        .try_get(0)
        .expect("state");
    assert_eq!(answered, None);
}

#[tokio::test]
async fn official_answers_are_public_only_once_published() {
    let w = world_with(json!({})).await;
    let (author, _) = w.person("alice").await;
    let pid = w.proposal(&author, "Des bancs").await;
    let (evaluator, eva) = w.person("eva").await;
    spaces::set_member(w.app.db(), w.space.id, evaluator.id, SpaceRole::Evaluator)
        .await
        .expect("evaluator");
    let answer_url = w.url(&format!("/proposals/{}/{pid}/answer", w.cid));
    expect_status(get(&eva, &answer_url).await, StatusCode::OK).await;
    let saved = post_form_with(
        &eva,
        &answer_url,
        &[
            ("answer_state", "accepted"),
            ("text", "Nous installerons **dix bancs**."),
            ("cost", "12000"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page_url = w.url(&format!("/proposals/{}/{pid}", w.cid));
    let public = expect_status(
        w.app.get(&format!("/proposals/{}/{pid}", w.cid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!public.contains("dix bancs"), "not published yet");
    let staff = expect_status(get(&eva, &page_url).await, StatusCode::OK).await;
    assert!(staff.contains("<strong>dix bancs</strong>"));

    post_form_with(
        &eva,
        &answer_url,
        &[
            ("answer_state", "accepted"),
            ("text", "Nous installerons **dix bancs**."),
            ("cost", "12000"),
            ("publish", "on"),
        ],
    )
    .await;
    let public = expect_status(
        w.app.get(&format!("/proposals/{}/{pid}", w.cid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(public.contains("<strong>dix bancs</strong>"));
    assert!(public.contains("Acceptée"));
    assert!(public.contains("12000"));
    let accepted = expect_status(
        w.app
            .get(&format!("/proposals/{}?state=accepted", w.cid))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed_ids(&accepted, w.cid), vec![pid]);
    let custom = post_form_with(
        &eva,
        &answer_url,
        &[
            ("answer_state", "custom"),
            ("custom_state", "Fusionnée"),
            ("text", ""),
            ("publish", "on"),
        ],
    )
    .await;
    assert_eq!(custom.status(), StatusCode::SEE_OTHER);
    let public = expect_status(
        w.app.get(&format!("/proposals/{}/{pid}", w.cid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(public.contains("Fusionnée"));
}

#[tokio::test]
async fn supports_follow_the_limit_the_cap_and_the_phase() {
    let w =
        world_with(json!({"support_limit": 2, "proposal_support_cap": 2, "success_threshold": 2}))
            .await;
    let (author, _) = w.person("alice").await;
    let mut ids = Vec::new();
    for title in ["Un", "Deux", "Trois"] {
        ids.push(w.proposal(&author, title).await);
    }
    let (_, bob) = w.person("bob").await;
    let support = |pid: i64| w.url(&format!("/proposals/{}/{pid}/support", w.cid));
    let unsupport = |pid: i64| w.url(&format!("/proposals/{}/{pid}/unsupport", w.cid));

    // Anonymous visitors are asked to sign in first.
    let anonymous = w
        .app
        .post_form(&format!("/proposals/{}/{}/support", w.cid, ids[0]), &[])
        .await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(&anonymous).starts_with("/sign-in"));

    for pid in &ids[..2] {
        let done = post_form_with(&bob, &support(*pid), &[]).await;
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
    }
    let again = expect_status(
        post_form_with(&bob, &support(ids[0]), &[]).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(again.contains("Vous soutenez déjà"));
    let over = expect_status(
        post_form_with(&bob, &support(ids[2]), &[]).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(over.contains("vos 2 soutiens"), "{over}");
    assert_eq!(w.supports_count(ids[2]).await, 0);

    // Withdrawing a support frees one.
    let withdrawn = post_form_with(&bob, &unsupport(ids[1]), &[]).await;
    assert_eq!(withdrawn.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.supports_count(ids[1]).await, 0);
    let done = post_form_with(&bob, &support(ids[2]), &[]).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);

    // The per-proposal cap: two supports, then no more.
    let (_, carla) = w.person("carla").await;
    assert_eq!(
        post_form_with(&carla, &support(ids[0]), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.supports_count(ids[0]).await, 2);
    let (_, dan) = w.person("dan").await;
    let capped = expect_status(
        post_form_with(&dan, &support(ids[0]), &[]).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(capped.contains("tous les soutiens"));
    assert_eq!(w.supports_count(ids[0]).await, 2);
    // Two supports reach the success threshold.
    let page = expect_status(
        get(&dan, &w.url(&format!("/proposals/{}/{}", w.cid, ids[0]))).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Retenue"));
    let successful = expect_status(
        get(&dan, &w.url(&format!("/proposals/{}?successful=1", w.cid))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed_ids(&successful, w.cid), vec![ids[0]]);

    // Supports blocked in the active phase: refused, nothing written; hidden: no counts.
    w.set_phase(json!({"supports": "blocked", "creation_enabled": false}))
        .await;
    let before = w.app.count("supports").await;
    let blocked = expect_status(
        post_form_with(&dan, &support(ids[1]), &[]).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(blocked.contains("ne sont pas ouverts"));
    assert_eq!(w.app.count("supports").await, before);
    let new_form = get(&dan, &w.url(&format!("/proposals/{}/new", w.cid))).await;
    assert_eq!(new_form.status(), StatusCode::FORBIDDEN);
    let created = post_form_with(
        &dan,
        &w.url(&format!("/proposals/{}/new", w.cid)),
        &[("title", "Titre"), ("body", "texte"), ("step", "publish")],
    )
    .await;
    assert_eq!(created.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("proposals").await, 3);
}

#[tokio::test]
async fn the_proposal_limit_per_person_holds() {
    let w = world_with(json!({"proposal_limit": 1})).await;
    let (_, bob) = w.person("bob").await;
    let new_url = w.url(&format!("/proposals/{}/new", w.cid));
    let fields = [
        ("title", "Une idée"),
        ("body", "texte"),
        ("step", "publish"),
    ];
    assert_eq!(
        post_form_with(&bob, &new_url, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let refused = expect_status(
        post_form_with(&bob, &new_url, &fields).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(refused.contains("limite de 1"));
    assert_eq!(w.app.count("proposals").await, 1);
}

#[tokio::test]
async fn a_hundred_parallel_identical_supports_record_one() {
    let w = world_with(json!({})).await;
    let (author, _) = w.person("alice").await;
    let pid = w.proposal(&author, "Une idée").await;
    let (_, bob) = w.person("bob").await;
    let url = w.url(&format!("/proposals/{}/{pid}/support", w.cid));
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let (bob, url) = (bob.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            post_form_with(&bob, &url, &[]).await.status()
        }));
    }
    let mut supported = 0;
    for task in tasks {
        let status = task.await.expect("task");
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT,
            "{status}"
        );
        if status == StatusCode::SEE_OTHER {
            supported += 1;
        }
    }
    assert_eq!(supported, 1);
    assert_eq!(w.app.count("supports").await, 1);
    assert_eq!(w.supports_count(pid).await, 1);
}

#[tokio::test]
async fn twenty_parallel_supports_with_a_limit_of_five_record_five() {
    let w = world_with(json!({"support_limit": 5})).await;
    let (author, _) = w.person("alice").await;
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(w.proposal(&author, &format!("Idée {i}")).await);
    }
    let (_, bob) = w.person("bob").await;
    let mut tasks = Vec::new();
    for pid in &ids {
        let bob = bob.clone();
        let url = w.url(&format!("/proposals/{}/{pid}/support", w.cid));
        tasks.push(tokio::spawn(async move {
            post_form_with(&bob, &url, &[]).await.status()
        }));
    }
    let mut supported = 0;
    for task in tasks {
        if task.await.expect("task") == StatusCode::SEE_OTHER {
            supported += 1;
        }
    }
    assert_eq!(supported, 5);
    assert_eq!(w.app.count("supports").await, 5);
    let total: i64 = sqlx::query("SELECT CAST(SUM(supports_count) AS BIGINT) FROM proposals")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("sum")
        .try_get(0)
        .expect("value");
    assert_eq!(total, 5);
}

#[tokio::test]
async fn lists_filter_search_paginate_and_keep_a_stable_random_order() {
    let w = world_with(json!({})).await;
    let (author, author_browser) = w.person("alice").await;
    let (other, _) = w.person("bob").await;
    let mut ids = Vec::new();
    for i in 0..30 {
        let who = if i % 3 == 0 { &author } else { &other };
        ids.push(w.proposal(who, &format!("Proposition numéro {i}")).await);
    }
    w.proposal(&other, "Piste cyclable rue Voltaire").await;
    let list = |query: &str| w.url(&format!("/proposals/{}?{query}", w.cid));

    let first = expect_status(get(&author_browser, &list("seed=42")).await, StatusCode::OK).await;
    let again = expect_status(get(&author_browser, &list("seed=42")).await, StatusCode::OK).await;
    let page1 = listed_ids(&first, w.cid);
    assert_eq!(page1.len(), 20);
    assert_eq!(page1, listed_ids(&again, w.cid));
    let page2 = listed_ids(
        &expect_status(
            get(&author_browser, &list("seed=42&page=2")).await,
            StatusCode::OK,
        )
        .await,
        w.cid,
    );
    assert_eq!(page2.len(), 11);
    let mut all: Vec<i64> = page1.iter().chain(&page2).copied().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 31, "pages neither repeat nor skip proposals");
    let other_seed = listed_ids(
        &expect_status(
            get(&author_browser, &list("seed=4242")).await,
            StatusCode::OK,
        )
        .await,
        w.cid,
    );
    assert_ne!(page1, other_seed);
    // The "next page" link keeps the seed.
    let next = first
        .split("rel=\"next\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("next link")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    assert!(next.contains("seed=42"), "{next}");
    assert_eq!(
        listed_ids(
            &expect_status(get(&author_browser, &w.url(&next)).await, StatusCode::OK).await,
            w.cid
        ),
        page2
    );

    // Without a seed in the address, the browser's cookie keeps the order.
    let browser = w.app.new_browser();
    let url = w.url(&format!("/proposals/{}", w.cid));
    let response = get(&browser, &url).await;
    assert!(response.headers().get("set-cookie").is_some());
    let one = listed_ids(&response.text().await.expect("body"), w.cid);
    let two = listed_ids(
        &get(&browser, &url).await.text().await.expect("body"),
        w.cid,
    );
    assert_eq!(one, two);

    // Most supported, most recent.
    let (_, carla) = w.person("carla").await;
    post_form_with(
        &carla,
        &w.url(&format!("/proposals/{}/{}/support", w.cid, ids[7])),
        &[],
    )
    .await;
    let supported = listed_ids(
        &expect_status(
            get(&carla, &list("order=most_supported")).await,
            StatusCode::OK,
        )
        .await,
        w.cid,
    );
    assert_eq!(supported[0], ids[7]);
    let recent = listed_ids(
        &expect_status(get(&carla, &list("order=recent")).await, StatusCode::OK).await,
        w.cid,
    );
    assert!(recent[0] > recent[1]);

    // Mine, search.
    let mine = listed_ids(
        &expect_status(get(&author_browser, &list("mine=1")).await, StatusCode::OK).await,
        w.cid,
    );
    assert_eq!(mine.len(), 10);
    let found = listed_ids(
        &expect_status(get(&carla, &list("q=CYCLABLE")).await, StatusCode::OK).await,
        w.cid,
    );
    assert_eq!(found.len(), 1);
    let nothing = listed_ids(
        &expect_status(get(&carla, &list("q=100%25")).await, StatusCode::OK).await,
        w.cid,
    );
    assert!(nothing.is_empty(), "% is searched literally");
    // Unknown values fall back to defaults instead of failing.
    expect_status(
        get(&carla, &list("order=nope&state=nope&page=-3&seed=x")).await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn a_private_spaces_proposals_are_invisible_to_outsiders() {
    let w = world_with(json!({})).await;
    let private = new_space(&w.app, &w.org, "prive", Visibility::Private).await;
    let cid = proposals::create_component(w.app.db(), private.id, "Internes", &Map::new())
        .await
        .expect("component");
    let (member, member_browser) = w.person("member").await;
    organizations::set_member(w.app.db(), w.org.id, member.id, OrgRole::Member)
        .await
        .expect("member");
    let pid = model::create(
        w.app.db(),
        model::NewProposal {
            component_id: cid,
            author_id: member.id,
            title: "Secrète",
            body: "x",
            address: None,
            limit: 0,
        },
    )
    .await
    .expect("create")
    .expect("created");
    let (_, outsider) = w.person("outsider").await;
    for path in [
        format!("/proposals/{cid}"),
        format!("/proposals/{cid}/{pid}"),
        format!("/proposals/{cid}/{pid}/versions"),
        format!("/proposals/{cid}/new"),
    ] {
        assert_eq!(
            get(&outsider, &w.url(&path)).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_eq!(
            w.app.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let support = post_form_with(
        &outsider,
        &w.url(&format!("/proposals/{cid}/{pid}/support")),
        &[],
    )
    .await;
    assert_eq!(support.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.app.count("supports").await, 0);
    expect_status(
        get(&member_browser, &w.url(&format!("/proposals/{cid}/{pid}"))).await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn the_demo_has_a_participatory_budget_with_proposals_open_for_supports() {
    let app = TestApp::spawn().await;
    agora::demo::load_if_empty(app.db()).await.expect("demo");
    assert_eq!(
        app.count("proposals").await,
        agora::demo::DEMO_PROPOSALS as i64
    );
    assert!(app.count("supports").await > 200);
    // Endorsements and a pending amendment, so newcomers see them too.
    assert_eq!(app.count("endorsements").await, 30);
    assert_eq!(app.count("proposal_amendments").await, 1);
    let row = sqlx::query(
        "SELECT c.id FROM components c JOIN spaces s ON s.id = c.space_id
         WHERE c.kind = 'proposals' AND s.slug = 'budget-participatif-2027'",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("component");
    let cid: i64 = row.try_get(0).expect("id");
    let list = expect_status(
        app.get(&format!("/proposals/{cid}?order=most_supported"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        list.contains("Retenue"),
        "some proposals reached the threshold"
    );
    let ids = listed_ids(&list, cid);
    assert_eq!(ids.len(), 20);
    let page = expect_status(
        app.get(&format!("/proposals/{cid}/{}", ids[0])).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("/support\""),
        "supports are open in the active phase"
    );
    // The counters agree with the supports table.
    let mismatched: i64 = sqlx::query(
        "SELECT COUNT(*) FROM proposals p
         WHERE p.supports_count <> (SELECT COUNT(*) FROM supports s WHERE s.proposal_id = p.id)",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("check")
    .try_get(0)
    .expect("count");
    assert_eq!(mismatched, 0);
}

#[tokio::test]
async fn supports_stay_pending_until_the_minimum_is_reached() {
    let w = world_with(json!({"minimum_supports_per_user": 3})).await;
    let (author, _) = w.person("alice").await;
    let mut ids = Vec::new();
    for title in ["Un", "Deux", "Trois", "Quatre"] {
        ids.push(w.proposal(&author, title).await);
    }
    let (_, bob) = w.person("bob").await;
    let support = |pid: i64| w.url(&format!("/proposals/{}/{pid}/support", w.cid));
    let unsupport = |pid: i64| w.url(&format!("/proposals/{}/{pid}/unsupport", w.cid));
    for pid in &ids[..2] {
        assert_eq!(
            post_form_with(&bob, &support(*pid), &[]).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    assert_eq!(w.supports_count(ids[0]).await, 0);
    assert_eq!(w.supports_count(ids[1]).await, 0);
    let page = expect_status(
        get(&bob, &w.url(&format!("/proposals/{}/{}", w.cid, ids[0]))).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("en attente"), "{page}");
    // The third support makes all three count.
    assert_eq!(
        post_form_with(&bob, &support(ids[2]), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    for pid in &ids[..3] {
        assert_eq!(w.supports_count(*pid).await, 1);
    }
    // A fourth counts at once.
    assert_eq!(
        post_form_with(&bob, &support(ids[3]), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.supports_count(ids[3]).await, 1);
    // Back to three: still counted; back to two: all pending again.
    assert_eq!(
        post_form_with(&bob, &unsupport(ids[3]), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.supports_count(ids[3]).await, 0);
    assert_eq!(w.supports_count(ids[0]).await, 1);
    assert_eq!(
        post_form_with(&bob, &unsupport(ids[2]), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    for pid in &ids {
        assert_eq!(w.supports_count(*pid).await, 0);
    }
    assert_eq!(w.app.count("supports").await, 2);
}

/// An API call: (status, JSON body).
async fn api(
    w: &World,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = w.app.new_browser().request(method, w.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("API call");
    let status = response.status();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

async fn token(w: &World, user: &User) -> String {
    agora::platform::sessions::create_api_token(w.app.db(), user.id, "test")
        .await
        .expect("token")
}

#[tokio::test]
async fn the_api_lists_shows_and_supports_proposals() {
    use reqwest::Method;
    let w = world_with(json!({"support_limit": 1})).await;
    let (author, _) = w.person("alice").await;
    let mut ids = Vec::new();
    for i in 0..25 {
        ids.push(w.proposal(&author, &format!("Idée <b>{i}</b>")).await);
    }
    let space = w.space.id;

    let (status, first) = api(
        &w,
        Method::GET,
        &format!("/api/v1/spaces/{space}/proposals?seed=7&per_page=10"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["total"], 25);
    assert_eq!(first["seed"], 7);
    assert_eq!(first["proposals"].as_array().expect("array").len(), 10);
    let again = api(
        &w,
        Method::GET,
        &format!("/api/v1/spaces/{space}/proposals?seed=7&per_page=10"),
        None,
    )
    .await
    .1;
    assert_eq!(
        first["proposals"], again["proposals"],
        "the same seed, the same order"
    );
    let p = &first["proposals"][0];
    for field in [
        "id",
        "title",
        "state",
        "supports_count",
        "comments_count",
        "author",
        "created_at",
    ] {
        assert!(!p[field].is_null(), "{field} in {p}");
    }
    assert_eq!(p["author"], "alice");
    let (_, third) = api(
        &w,
        Method::GET,
        &format!("/api/v1/spaces/{space}/proposals?seed=7&per_page=10&page=3&order=recent"),
        None,
    )
    .await;
    assert_eq!(third["proposals"].as_array().expect("array").len(), 5);
    for bad in [
        "per_page=101",
        "per_page=0",
        "page=0",
        "order=best",
        "seed=abc",
    ] {
        let (status, body) = api(
            &w,
            Method::GET,
            &format!("/api/v1/spaces/{space}/proposals?{bad}"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body["detail"].is_string());
    }

    let (status, one) = api(
        &w,
        Method::GET,
        &format!("/api/v1/proposals/{}", ids[0]),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        one["title"], "Idée <b>0</b>",
        "JSON carries the text as it was written"
    );

    // Supports: anonymous 401; then one support; the limit of one refuses a second, saying why.
    let support = |pid: i64| format!("/api/v1/proposals/{pid}/support");
    let (status, _) = api(&w, Method::POST, &support(ids[0]), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (bob, _) = w.person("bob").await;
    let bob_token = token(&w, &bob).await;
    let (status, body) = api(&w, Method::POST, &support(ids[0]), Some(&bob_token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["supports_count"], 1);
    assert_eq!(body["supported"], true);
    let (status, body) = api(&w, Method::POST, &support(ids[0]), Some(&bob_token)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["detail"].as_str().expect("detail").contains("already"));
    let (status, body) = api(&w, Method::POST, &support(ids[1]), Some(&bob_token)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["detail"]
            .as_str()
            .expect("detail")
            .contains("all your 1 supports"),
        "{body}"
    );
    let (status, body) = api(&w, Method::DELETE, &support(ids[0]), Some(&bob_token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["supports_count"], 0);
    let (status, _) = api(&w, Method::DELETE, &support(ids[0]), Some(&bob_token)).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Closed supports: 403 saying so.
    w.set_phase(json!({"supports": "blocked"})).await;
    let (status, body) = api(&w, Method::POST, &support(ids[1]), Some(&bob_token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["detail"]
            .as_str()
            .expect("detail")
            .contains("not open")
    );
    assert_eq!(w.app.count("supports").await, 0);

    // A private space's proposals are not found, in lists and one by one.
    let private = new_space(&w.app, &w.org, "prive", Visibility::Private).await;
    let cid = proposals::create_component(w.app.db(), private.id, "Internes", &Map::new())
        .await
        .expect("component");
    let hidden = model::create(
        w.app.db(),
        model::NewProposal {
            component_id: cid,
            author_id: author.id,
            title: "Secrète",
            body: "x",
            address: None,
            limit: 0,
        },
    )
    .await
    .expect("create")
    .expect("created");
    for path in [
        format!("/api/v1/spaces/{}/proposals", private.id),
        format!("/api/v1/proposals/{hidden}"),
        support(hidden),
    ] {
        let method = if path.ends_with("support") {
            Method::POST
        } else {
            Method::GET
        };
        let (status, body) = api(&w, method, &path, Some(&bob_token)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
}

#[tokio::test]
async fn space_admins_set_the_components_settings_through_the_generic_form() {
    let w = world_with(json!({})).await;
    w.set_phase(json!({})).await;
    let (admin, browser) = w.person("admin").await;
    spaces::set_member(w.app.db(), w.space.id, admin.id, SpaceRole::Admin)
        .await
        .expect("space admin");
    let page = expect_status(
        get(
            &browser,
            &w.url(&format!(
                "/spaces/{}/admin/components/{}",
                w.space.id, w.cid
            )),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    for label in [
        "Soutiens par participant·e",
        "Soutiens que chaque participant·e doit donner",
        "Les plus soutenues",
        "Les participant·e·s peuvent déposer des propositions",
        "Bloqués (compteurs visibles, plus de nouveaux soutiens)",
    ] {
        assert!(page.contains(label), "{label}");
    }
    assert!(
        !page.contains("proposals-setting-"),
        "every label is translated"
    );
    // Space admins answer proposals too.
    let (author, _) = w.person("alice").await;
    let pid = w.proposal(&author, "Une idée").await;
    expect_status(
        get(
            &browser,
            &w.url(&format!("/proposals/{}/{pid}/answer", w.cid)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn hidden_supports_stay_open_but_show_no_counts() {
    let w = world_with(json!({"success_threshold": 1})).await;
    w.set_phase(json!({"supports": "hidden"})).await;
    let (author, _) = w.person("alice").await;
    let pid = w.proposal(&author, "Une idée").await;
    let (_, bob) = w.person("bob").await;
    let supported = post_form_with(
        &bob,
        &w.url(&format!("/proposals/{}/{pid}/support", w.cid)),
        &[],
    )
    .await;
    assert_eq!(supported.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.supports_count(pid).await, 1);
    let page = expect_status(
        get(&bob, &w.url(&format!("/proposals/{}/{pid}", w.cid))).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Vous soutenez cette proposition"));
    assert!(!page.contains("1 soutien"), "no count");
    assert!(!page.contains("Retenue"), "no badge");
    let list = expect_status(
        get(
            &bob,
            &w.url(&format!("/proposals/{}?order=most_supported", w.cid)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        !list.contains("value=\"most_supported\""),
        "no order by supports"
    );
    assert!(!list.contains("soutien"));
    let (status, doc) = {
        let response = w.app.get(&format!("/api/v1/proposals/{pid}")).await;
        (
            response.status(),
            response.json::<Value>().await.expect("json"),
        )
    };
    assert_eq!(status, StatusCode::OK);
    assert!(doc["supports_count"].is_null());
}

/// Comments on a proposal through the form; returns the new comment's id.
async fn comment_on(w: &World, client: &Client, pid: i64, body: &str) -> i64 {
    let response = post_form_with(
        client,
        &w.url("/comments"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &pid.to_string()),
            ("body", body),
            ("alignment", "in_favour"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&response).starts_with(&format!("/proposals/{}/{pid}", w.cid)),
        "back to the proposal: {}",
        location(&response)
    );
    sqlx::query("SELECT MAX(id) FROM comments")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("max")
        .try_get::<i64, _>(0)
        .expect("id")
}

#[tokio::test]
async fn proposals_take_comments_and_order_by_most_commented() {
    let w = world_with(json!({})).await;
    let (alice, alice_browser) = w.person("alice").await;
    let (_, bob_browser) = w.person("bob").await;
    let quiet = w.proposal(&alice, "Une proposition calme").await;
    let busy = w.proposal(&alice, "Une proposition discutée").await;
    let some = w.proposal(&alice, "Une proposition commentée").await;

    comment_on(
        &w,
        &bob_browser,
        busy,
        "Bonne idée <script>alert(1)</script>",
    )
    .await;
    let second = comment_on(&w, &alice_browser, busy, "Merci !").await;
    comment_on(&w, &bob_browser, busy, "Et aussi…").await;
    comment_on(&w, &bob_browser, some, "Pourquoi pas.").await;

    let page = expect_status(
        get(
            &bob_browser,
            &w.url(&format!("/proposals/{}/{busy}", w.cid)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("id=\"comments\""), "the comment section");
    assert!(page.contains("Bonne idée"));
    assert!(!page.contains("<script>alert(1)"), "comments are sanitized");
    assert!(page.contains("name=\"resource_kind\" value=\"proposal\""));

    let list = |query: &str| w.url(&format!("/proposals/{}?{query}", w.cid));
    let html = expect_status(
        get(&bob_browser, &list("order=most_commented")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed_ids(&html, w.cid), vec![busy, some, quiet]);
    assert!(
        html.contains("3 comments") || html.contains("3 commentaires"),
        "{html}"
    );

    // Deleting a comment counts one less: "most commented" follows.
    let response = post_form_with(
        &alice_browser,
        &w.url(&format!("/comments/{second}/delete")),
        &[],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    comment_on(&w, &alice_browser, some, "Encore un.").await;
    comment_on(&w, &alice_browser, some, "Et un autre.").await;
    let html = expect_status(
        get(&bob_browser, &list("order=most_commented")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed_ids(&html, w.cid), vec![some, busy, quiet]);
    let counts: Vec<i64> = {
        let mut out = Vec::new();
        for id in [some, busy, quiet] {
            out.push(
                sqlx::query("SELECT comments_count FROM proposals WHERE id = $1")
                    .bind(id)
                    .fetch_one(&w.app.db().pool)
                    .await
                    .expect("proposal")
                    .try_get(0)
                    .expect("count"),
            );
        }
        out
    };
    assert_eq!(counts, vec![3, 2, 0]);

    // The API shows the count too.
    let (status, body) = api(
        &w,
        reqwest::Method::GET,
        &format!(
            "/api/v1/spaces/{}/proposals?order=most_commented",
            w.space.id
        ),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["proposals"][0]["id"], some);
    assert_eq!(body["proposals"][0]["comments_count"], 3);

    // A withdrawn proposal keeps its comments but takes no new one.
    let response = post_form_with(
        &alice_browser,
        &w.url(&format!("/proposals/{}/{quiet}/withdraw", w.cid)),
        &[],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = post_form_with(
        &bob_browser,
        &w.url("/comments"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &quiet.to_string()),
            ("body", "Trop tard ?"),
        ],
    )
    .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(w.app.count("comments").await, 6);
}

#[tokio::test]
async fn reported_proposals_are_hidden_everywhere_with_a_placeholder() {
    let w = world_with(json!({})).await;
    let (alice, alice_browser) = w.person("alice").await;
    let bad = w.proposal(&alice, "Achetez mes montres pas chères").await;
    let good = w.proposal(&alice, "Des bancs au parc").await;
    let page_url = w.url(&format!("/proposals/{}/{bad}", w.cid));

    // The author may not report their own proposal; others see the form.
    let own = expect_status(get(&alice_browser, &page_url).await, StatusCode::OK).await;
    assert!(!own.contains("report-proposal-reason"));

    // Bad input writes nothing.
    let (_, bob) = w.person("bob").await;
    let response = post_form_with(
        &bob,
        &w.url("/reports"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &bad.to_string()),
            ("reason", "nope"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = post_form_with(
        &bob,
        &w.url("/reports"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", "999999"),
            ("reason", "spam"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.app.count("reports").await, 0);

    for name in ["bob", "carla", "dan"] {
        let client = if name == "bob" {
            bob.clone()
        } else {
            w.person(name).await.1
        };
        let page = expect_status(get(&client, &page_url).await, StatusCode::OK).await;
        assert!(page.contains("report-proposal-reason"));
        let response = post_form_with(
            &client,
            &w.url("/reports"),
            &[
                ("resource_kind", "proposal"),
                ("resource_id", &bad.to_string()),
                ("reason", "spam"),
                ("details", "<script>alert(1)</script>"),
            ],
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), format!("/proposals/{}/{bad}", w.cid));
    }
    assert_eq!(w.app.count("reports").await, 3);

    // Hidden in the list, in search, in the API list.
    let anonymous = w.app.new_browser();
    let list = expect_status(
        get(
            &anonymous,
            &w.url(&format!("/proposals/{}?state=all", w.cid)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed_ids(&list, w.cid), vec![good]);
    assert!(!list.contains("montres"));
    let search = expect_status(
        get(
            &anonymous,
            &w.url(&format!("/proposals/{}?q=montres", w.cid)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(listed_ids(&search, w.cid).is_empty());
    let search = expect_status(
        get(&anonymous, &w.url(&format!("/proposals/{}?q=bancs", w.cid))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed_ids(&search, w.cid), vec![good]);
    let (status, body) = api(
        &w,
        reqwest::Method::GET,
        &format!("/api/v1/spaces/{}/proposals", w.space.id),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 1);
    assert_eq!(body["proposals"][0]["id"], good);
    let (status, body) = api(
        &w,
        reqwest::Method::GET,
        &format!("/api/v1/proposals/{bad}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::GONE, "{body}");
    assert!(
        !body.to_string().contains("montres"),
        "the API does not give the hidden text"
    );

    // The page stays (no 404) with a placeholder; no comment, no support on it.
    let page = expect_status(get(&anonymous, &page_url).await, StatusCode::OK).await;
    assert!(!page.contains("montres"), "the title is hidden");
    assert!(page.contains("Proposition masquée") || page.contains("Hidden proposal"));
    let response = post_form_with(
        &bob,
        &w.url("/comments"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &bad.to_string()),
            ("body", "Encore là ?"),
        ],
    )
    .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(w.app.count("comments").await, 0);
    let response = post_form_with(
        &bob,
        &w.url(&format!("/proposals/{}/{bad}/support", w.cid)),
        &[],
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(w.supports_count(bad).await, 0);
    // Nor through the API: the rule lives in the support itself, not in one page.
    let alice_token = token(&w, &alice).await;
    let (status, body) = api(
        &w,
        reqwest::Method::POST,
        &format!("/api/v1/proposals/{bad}/support"),
        Some(&alice_token),
    )
    .await;
    assert!(status.is_client_error(), "{status} {body}");
    assert_eq!(w.supports_count(bad).await, 0);

    // Moderators see it in the queue, with its kind.
    let admin = w
        .app
        .create_user("admin@example.org", "a long password 123")
        .await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let admin_browser = w.app.browser_signed_in(&admin).await;
    let queue = expect_status(
        get(
            &admin_browser,
            &w.url(&format!("/spaces/{}/moderation", w.space.id)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(queue.contains("montres"));
    assert!(queue.contains("Proposition #") || queue.contains("Proposal #"));
}
