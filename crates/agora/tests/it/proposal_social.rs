//! Integration tests: what participants do around a proposal besides supporting it — follow it,
//! endorse it, amend it — and the in-app notifications its author and followers receive
//! (never the person who acted), with the unread count in the header.

use agora::components::proposals::{self, model};
use agora::components::store;
use agora::i18n::Locale;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{SpaceRole, Visibility};
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

/// A person: their id and a signed-in browser.
struct Person {
    id: i64,
    web: Client,
}

fn settings(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

/// A public process with a proposals component whose active phase has `phase_settings`.
async fn world(component_settings: Value, phase_settings: Value) -> World {
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
    let space = spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug: "budget",
            title: "Budget participatif",
            description: "Des idées.",
            visibility: Visibility::Public,
            published: true,
        },
    )
    .await
    .expect("space");
    let cid = proposals::create_component(
        app.db(),
        space.id,
        "Propositions",
        &settings(component_settings),
    )
    .await
    .expect("component");
    let phase = spaces::add_phase(app.db(), space.id, "Propositions", "", None, None)
        .await
        .expect("phase");
    spaces::activate_phase(app.db(), space.id, phase.id)
        .await
        .expect("activate");
    let validated = agora::components::validate(
        proposals::MANIFEST.phase_settings,
        &settings(phase_settings),
    )
    .expect("valid phase settings");
    store::set_phase_settings(app.db(), cid, phase.id, &validated)
        .await
        .expect("phase settings");
    World {
        app,
        org,
        space,
        cid,
    }
}

impl World {
    /// A confirmed account (written directly: no password hashing) and its browser.
    async fn person(&self, name: &str) -> Person {
        let id: i64 = sqlx::query(
            "INSERT INTO users (email, name, confirmed_at, created_at) VALUES ($1, $2, 1, 1)
             RETURNING id",
        )
        .bind(format!("{name}@example.org"))
        .bind(name)
        .fetch_one(&self.app.db().pool)
        .await
        .expect("user")
        .try_get(0)
        .expect("id");
        let token = agora::platform::sessions::create(self.app.db(), id, None, None)
            .await
            .expect("session");
        Person {
            id,
            web: self.app.browser_for(&token),
        }
    }

    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    fn page(&self, pid: i64) -> String {
        self.url(&format!("/proposals/{}/{pid}", self.cid))
    }

    fn action(&self, pid: i64, action: &str) -> String {
        self.url(&format!("/proposals/{}/{pid}/{action}", self.cid))
    }

    async fn proposal(&self, author: &Person, title: &str) -> i64 {
        model::create(
            self.app.db(),
            model::NewProposal {
                component_id: self.cid,
                author_id: author.id,
                title,
                body: "Des arbres.\nDes bancs.",
                address: None,
                limit: 0,
            },
        )
        .await
        .expect("create")
        .expect("under the limit")
    }

    async fn scalar(&self, sql: &str, id: i64) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .bind(id)
            .fetch_one(&self.app.db().pool)
            .await
            .expect("query")
            .try_get(0)
            .expect("value")
    }

    /// The notification keys a person received, oldest first.
    async fn notifications_of(&self, user_id: i64) -> Vec<String> {
        sqlx::query("SELECT text_key FROM notifications WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.app.db().pool)
            .await
            .expect("notifications")
            .iter()
            .map(|r| r.try_get::<String, _>(0).expect("key"))
            .collect()
    }

    async fn hide(&self, pid: i64, author_id: i64) {
        sqlx::query(
            "INSERT INTO moderations (space_id, resource_kind, resource_id, author_id, created_at, hidden_at)
             VALUES ($1, 'proposal', $2, $3, 1, 1)",
        )
        .bind(self.space.id)
        .bind(pid)
        .bind(author_id)
        .execute(&self.app.db().pool)
        .await
        .expect("hide");
    }

    async fn withdraw(&self, pid: i64) {
        sqlx::query("UPDATE proposals SET state = 'withdrawn' WHERE id = $1")
            .bind(pid)
            .execute(&self.app.db().pool)
            .await
            .expect("withdraw");
    }
}

async fn get(client: &Client, url: &str) -> reqwest::Response {
    client.get(url).send().await.expect("GET")
}

async fn post(client: &Client, url: &str, form: &[(&str, &str)]) -> StatusCode {
    post_form_with(client, url, form).await.status()
}

/// Runs `n` identical POSTs at once and returns their statuses.
async fn parallel(client: &Client, url: &str, n: usize) -> Vec<StatusCode> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (client, url) = (client.clone(), url.to_string());
        tasks.push(tokio::spawn(async move {
            post_form_with(&client, &url, &[]).await.status()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    statuses
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

// ----- notifications in the header -----

#[tokio::test]
async fn the_header_links_to_notifications_with_the_unread_count_for_signed_in_people_only() {
    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let pid = w.proposal(&alice, "Un parc").await;

    let anonymous = expect_status(
        get(&w.app.new_browser(), &w.page(pid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!anonymous.contains("href=\"/notifications\""));

    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("href=\"/notifications\""));
    assert!(!page.contains("non lue"), "nothing unread yet");

    // Bob comments: Alice (the author, who follows her proposal) is notified, Bob is not.
    let response = post_form_with(
        &bob.web,
        &w.url("/comments"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &pid.to_string()),
            ("body", "Bonne idée"),
            ("alignment", "in_favour"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        w.notifications_of(alice.id).await,
        ["notification-new-comment"]
    );
    assert!(w.notifications_of(bob.id).await.is_empty(), "not the actor");

    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("1 non lue"), "unread count shown");
    let list = expect_status(
        get(&alice.web, &w.url("/notifications")).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("Nouveau commentaire sur «\u{202f}Un parc\u{202f}»"));
    assert!(list.contains("href=\"/comments/"), "links to the comment");

    assert_eq!(
        post(&alice.web, &w.url("/notifications/read-all"), &[]).await,
        StatusCode::SEE_OTHER
    );
    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(!page.contains("non lue"));
}

// ----- follows -----

#[tokio::test]
async fn people_follow_and_unfollow_without_javascript_and_commenting_follows() {
    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let carla = w.person("carla").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let follows =
        "SELECT COUNT(*) FROM follows WHERE resource_kind = 'proposal' AND resource_id = $1";

    // The author follows automatically.
    assert_eq!(w.scalar(follows, pid).await, 1);
    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("Ne plus suivre"));

    // Anonymous visitors see no button and are sent to sign in.
    let anonymous = w.app.new_browser();
    let page = expect_status(get(&anonymous, &w.page(pid)).await, StatusCode::OK).await;
    assert!(!page.contains("/follow\""));
    let response = post_form_with(&anonymous, &w.action(pid, "follow"), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/sign-in"));

    // Twenty parallel follows by Bob record one.
    let page = expect_status(get(&bob.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains(&format!("action=\"/proposals/{}/{pid}/follow\"", w.cid)));
    let statuses = parallel(&bob.web, &w.action(pid, "follow"), 20).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    assert_eq!(w.scalar(follows, pid).await, 2);
    let page = expect_status(get(&bob.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("Vous suivez cette proposition"));

    // Carla comments: she follows now; Alice and Bob are notified, Carla is not.
    let response = post_form_with(
        &carla.web,
        &w.url("/comments"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &pid.to_string()),
            ("body", "J’en suis"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.scalar(follows, pid).await, 3);
    assert_eq!(
        w.notifications_of(alice.id).await,
        ["notification-new-comment"]
    );
    assert_eq!(
        w.notifications_of(bob.id).await,
        ["notification-new-comment"]
    );
    assert!(w.notifications_of(carla.id).await.is_empty());

    // Bob stops following: the next comment does not reach him.
    assert_eq!(
        post(&bob.web, &w.action(pid, "unfollow"), &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.scalar(follows, pid).await, 2);
    let response = post_form_with(
        &alice.web,
        &w.url("/comments"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &pid.to_string()),
            ("body", "Merci !"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.notifications_of(bob.id).await.len(), 1);
    assert_eq!(
        w.notifications_of(carla.id).await,
        ["notification-new-comment"]
    );
    assert_eq!(w.notifications_of(alice.id).await.len(), 1, "not the actor");

    // A hidden proposal cannot be followed; a private space's proposals do not exist for outsiders.
    w.hide(pid, alice.id).await;
    assert_eq!(
        post(&bob.web, &w.action(pid, "follow"), &[]).await,
        StatusCode::CONFLICT
    );
    assert_eq!(w.scalar(follows, pid).await, 2);
    let other = w.url(&format!("/proposals/{}/999999/follow", w.cid));
    assert_eq!(post(&bob.web, &other, &[]).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn private_space_proposals_cannot_be_followed_endorsed_or_amended_by_outsiders() {
    let w = world(json!({}), json!({"amendments_enabled": true})).await;
    let alice = w.person("alice").await;
    let outsider = w.person("outsider").await;
    let pid = w.proposal(&alice, "Un parc").await;
    sqlx::query("UPDATE spaces SET visibility = 'private' WHERE id = $1")
        .bind(w.space.id)
        .execute(&w.app.db().pool)
        .await
        .expect("private");
    spaces::set_member(w.app.db(), w.space.id, alice.id, SpaceRole::Member)
        .await
        .expect("member");
    for action in ["follow", "endorse", "amend"] {
        let status = post(
            &outsider.web,
            &w.action(pid, action),
            &[("title", "Autre"), ("body", "Autre")],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(w.app.count("endorsements").await, 0);
    assert_eq!(w.app.count("proposal_amendments").await, 0);
    assert_eq!(w.app.count("follows").await, 1, "the author's own");
}

/// Amendments are reportable like proposals and comments: enough reports hide one, its page
/// keeps a placeholder, and a hidden amendment can no longer be accepted.
#[tokio::test]
async fn amendments_are_reported_and_hidden_like_any_contribution() {
    let w = world(json!({}), json!({"amendments_enabled": true})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let fields = [
        ("title", "Un parc payant"),
        ("body", "Achetez des tickets sur spam.example"),
    ];
    let response = post_form_with(&bob.web, &w.action(pid, "amend"), &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let aid = w
        .scalar(
            "SELECT MAX(id) FROM proposal_amendments WHERE proposal_id = $1",
            pid,
        )
        .await;

    // Others see a report form for it; its author does not.
    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains(&format!("id=\"report-amendment-{aid}-reason\"")));
    let own = expect_status(get(&bob.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(!own.contains(&format!("report-amendment-{aid}-reason")));

    // A forged id, or a report from outside a private space, changes nothing.
    let report = |web: Client, id: String| {
        let url = w.url("/reports");
        async move {
            post(
                &web,
                &url,
                &[
                    ("resource_kind", "amendment"),
                    ("resource_id", &id),
                    ("reason", "spam"),
                ],
            )
            .await
        }
    };
    assert_eq!(
        report(alice.web.clone(), "999999".into()).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        report(alice.web.clone(), "x".into()).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(w.app.count("reports").await, 0);

    // Three reports (the default threshold) hide it.
    for name in ["r1", "r2", "r3"] {
        let reporter = w.person(name).await;
        assert_eq!(
            report(reporter.web.clone(), aid.to_string()).await,
            StatusCode::SEE_OTHER
        );
    }
    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(
        page.contains(&format!("id=\"amendment-{aid}\"")),
        "a placeholder stays"
    );
    assert!(page.contains("Cet amendement a été masqué par la modération."));
    assert!(!page.contains("payant"), "its text is gone");
    assert!(!page.contains(&format!("/amendments/{aid}/accept")));

    // Accepting it anyway is refused and the proposal keeps its text.
    let accept = w.url(&format!(
        "/proposals/{}/{pid}/amendments/{aid}/accept",
        w.cid
    ));
    assert_ne!(post(&alice.web, &accept, &[]).await, StatusCode::SEE_OTHER);
    let versions = "SELECT COUNT(*) FROM proposal_versions WHERE proposal_id = $1";
    assert_eq!(w.scalar(versions, pid).await, 1);
    let state = sqlx::query("SELECT state FROM proposal_amendments WHERE id = $1")
        .bind(aid)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("state")
        .try_get::<String, _>(0)
        .expect("text");
    assert_eq!(state, "pending");
}

// ----- notifications of followers -----

/// Someone who follows a proposal and then loses sight of its space (removed from a private
/// space, or a public space made private) no longer receives its titles; regaining access
/// makes the follow count again.
#[tokio::test]
async fn followers_who_lost_access_to_the_space_hear_nothing_more() {
    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let carla = w.person("carla").await;
    let dora = w.person("dora").await;
    let pid = w.proposal(&alice, "Un parc secret").await;
    for person in [&bob, &dora] {
        assert_eq!(
            post(&person.web, &w.action(pid, "follow"), &[]).await,
            StatusCode::SEE_OTHER
        );
    }
    // The space becomes private; Alice, Bob and Carla are its members, Dora is not.
    sqlx::query("UPDATE spaces SET visibility = 'private' WHERE id = $1")
        .bind(w.space.id)
        .execute(&w.app.db().pool)
        .await
        .expect("private");
    for person in [&alice, &bob, &carla] {
        spaces::set_member(w.app.db(), w.space.id, person.id, SpaceRole::Member)
            .await
            .expect("member");
    }
    spaces::remove_member(w.app.db(), w.space.id, bob.id, None)
        .await
        .expect("remove bob");
    let comment = |text: &'static str| {
        let (web, url, pid) = (carla.web.clone(), w.url("/comments"), pid.to_string());
        async move {
            let response = post_form_with(
                &web,
                &url,
                &[
                    ("resource_kind", "proposal"),
                    ("resource_id", &pid),
                    ("body", text),
                ],
            )
            .await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER);
        }
    };
    comment("Premier").await;
    assert_eq!(
        w.notifications_of(alice.id).await,
        ["notification-new-comment"]
    );
    assert!(
        w.notifications_of(bob.id).await.is_empty(),
        "removed from the space"
    );
    assert!(
        w.notifications_of(dora.id).await.is_empty(),
        "never a member"
    );

    // Bob is a member again: his follow counts again.
    spaces::set_member(w.app.db(), w.space.id, bob.id, SpaceRole::Member)
        .await
        .expect("bob again");
    comment("Second").await;
    assert_eq!(
        w.notifications_of(bob.id).await,
        ["notification-new-comment"]
    );
    assert!(w.notifications_of(dora.id).await.is_empty());
    assert_eq!(w.notifications_of(alice.id).await.len(), 2);
}

#[tokio::test]
async fn followers_hear_of_a_published_answer_once() {
    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let eva = w.person("eva").await;
    spaces::set_member(w.app.db(), w.space.id, eva.id, SpaceRole::Evaluator)
        .await
        .expect("evaluator");
    let pid = w.proposal(&alice, "Un parc").await;
    assert_eq!(
        post(&bob.web, &w.action(pid, "follow"), &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(&eva.web, &w.action(pid, "follow"), &[]).await,
        StatusCode::SEE_OTHER
    );

    // A private answer notifies no one.
    let answer = w.action(pid, "answer");
    let private = [("answer_state", "evaluating"), ("text", "On regarde.")];
    assert_eq!(
        post(&eva.web, &answer, &private).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.app.count("notifications").await, 0);

    // Publishing it notifies the author and followers, not the evaluator who published.
    let public = [
        ("answer_state", "accepted"),
        ("text", "Oui."),
        ("publish", "on"),
    ];
    assert_eq!(
        post(&eva.web, &answer, &public).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        w.notifications_of(alice.id).await,
        ["notification-proposal-answered"]
    );
    assert_eq!(
        w.notifications_of(bob.id).await,
        ["notification-proposal-answered"]
    );
    assert!(w.notifications_of(eva.id).await.is_empty());

    // Editing a public answer does not announce it again.
    assert_eq!(
        post(&eva.web, &answer, &public).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.app.count("notifications").await, 2);
}

#[tokio::test]
async fn supports_milestones_are_announced_once_each_even_in_parallel() {
    // The success threshold (3) and the round number 10 are milestones.
    let w = world(json!({"success_threshold": 3}), json!({})).await;
    let alice = w.person("alice").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let mut supporters = Vec::new();
    for i in 0..12 {
        supporters.push(w.person(&format!("s{i}")).await);
    }
    // The first supporter follows too: they are told, except of the milestone they make.
    let first = &supporters[0];
    assert_eq!(
        post(&first.web, &w.action(pid, "follow"), &[]).await,
        StatusCode::SEE_OTHER
    );

    let support = w.action(pid, "support");
    for s in &supporters[..2] {
        assert_eq!(post(&s.web, &support, &[]).await, StatusCode::SEE_OTHER);
    }
    assert!(w.notifications_of(alice.id).await.is_empty());
    assert_eq!(
        post(&supporters[2].web, &support, &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        w.notifications_of(alice.id).await,
        ["notification-proposal-successful"]
    );
    assert_eq!(
        w.notifications_of(first.id).await,
        ["notification-proposal-successful"]
    );

    // Falling below the threshold and reaching it again announces nothing new.
    let unsupport = w.action(pid, "unsupport");
    assert_eq!(
        post(&supporters[2].web, &unsupport, &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(&supporters[2].web, &support, &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.notifications_of(alice.id).await.len(), 1);

    // Nine supporters at once take the count from 3 to 12: 10 is announced exactly once.
    let mut tasks = Vec::new();
    for s in &supporters[3..] {
        let (web, url) = (s.web.clone(), support.clone());
        tasks.push(tokio::spawn(async move {
            post_form_with(&web, &url, &[]).await.status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        w.scalar("SELECT supports_count FROM proposals WHERE id = $1", pid)
            .await,
        12
    );
    assert_eq!(
        w.notifications_of(alice.id).await,
        [
            "notification-proposal-successful",
            "notification-proposal-milestone"
        ]
    );
    assert_eq!(
        w.scalar(
            "SELECT COUNT(*) FROM proposal_milestones WHERE proposal_id = $1",
            pid
        )
        .await,
        2
    );
    let list = expect_status(
        get(&alice.web, &w.url("/notifications")).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("a atteint 10 soutiens"), "{list}");
}

#[tokio::test]
async fn hidden_supports_announce_no_milestone() {
    let w = world(
        json!({"success_threshold": 1}),
        json!({"supports": "hidden"}),
    )
    .await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let pid = w.proposal(&alice, "Un parc").await;
    assert_eq!(
        post(&bob.web, &w.action(pid, "support"), &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.app.count("notifications").await, 0);
    assert_eq!(w.app.count("proposal_milestones").await, 0);
}

// ----- endorsements -----

#[tokio::test]
async fn participants_endorse_publicly_once_and_withdraw() {
    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let carla = w.person("Carla <b>Gras</b>").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let count = "SELECT endorsements_count FROM proposals WHERE id = $1";

    // Anonymous visitors see the button and sign in first.
    let anonymous = w.app.new_browser();
    let page = expect_status(get(&anonymous, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("Connectez-vous pour adhérer"));
    let response = post_form_with(&anonymous, &w.action(pid, "endorse"), &[]).await;
    assert!(location(&response).starts_with("/sign-in"));
    assert_eq!(w.app.count("endorsements").await, 0);

    // A hundred parallel identical endorsements record one.
    let statuses = parallel(&bob.web, &w.action(pid, "endorse"), 100).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    assert_eq!(w.app.count("endorsements").await, 1);
    assert_eq!(w.scalar(count, pid).await, 1);

    assert_eq!(
        post(&carla.web, &w.action(pid, "endorse"), &[]).await,
        StatusCode::SEE_OTHER
    );
    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("2 adhésions"));
    assert!(
        page.contains("bob, Carla &#60;b&#62;Gras&#60;/b&#62;"),
        "names, as text"
    );
    let page = expect_status(get(&bob.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("Retirer mon adhésion"));

    // Withdrawing, twice, counts once; supports are untouched (endorsements are not supports).
    assert_eq!(
        post(&bob.web, &w.action(pid, "unendorse"), &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(&bob.web, &w.action(pid, "unendorse"), &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.scalar(count, pid).await, 1);
    assert_eq!(w.app.count("endorsements").await, 1);
    assert_eq!(w.app.count("supports").await, 0);
}

#[tokio::test]
async fn endorsements_follow_the_phase_and_refuse_hidden_or_withdrawn_proposals() {
    let w = world(json!({}), json!({"endorsements_enabled": false})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let page = expect_status(get(&bob.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(!page.contains("/endorse\""));
    let refused = expect_status(
        post_form_with(&bob.web, &w.action(pid, "endorse"), &[]).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(refused.contains("Les adhésions sont fermées pendant cette phase."));
    assert_eq!(w.app.count("endorsements").await, 0);

    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let hidden = w.proposal(&alice, "Masquée").await;
    let withdrawn = w.proposal(&alice, "Retirée").await;
    w.hide(hidden, alice.id).await;
    w.withdraw(withdrawn).await;
    for pid in [hidden, withdrawn] {
        let refused = expect_status(
            post_form_with(&bob.web, &w.action(pid, "endorse"), &[]).await,
            StatusCode::CONFLICT,
        )
        .await;
        assert!(refused.contains("ne reçoit plus d’adhésions"));
    }
    assert_eq!(w.app.count("endorsements").await, 0);
    let page = expect_status(get(&bob.web, &w.page(withdrawn)).await, StatusCode::OK).await;
    assert!(!page.contains("/endorse\""));
}

// ----- amendments -----

#[tokio::test]
async fn amendments_are_proposed_with_a_diff_and_only_the_author_decides() {
    let w = world(json!({}), json!({"amendments_enabled": true})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let carla = w.person("carla").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let amend = w.action(pid, "amend");

    // The author amends nothing of her own (she edits); others get a prefilled form.
    assert_eq!(
        get(&alice.web, &amend).await.status(),
        StatusCode::FORBIDDEN
    );
    let form = expect_status(get(&bob.web, &amend).await, StatusCode::OK).await;
    assert!(form.contains("value=\"Un parc\""));
    assert!(form.contains(">Des arbres.\nDes bancs.</textarea>"));

    // Bad input is refused with a message, and nothing is written.
    let unchanged = expect_status(
        post_form_with(
            &bob.web,
            &amend,
            &[("title", "Un parc"), ("body", "Des arbres.\nDes bancs.")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(unchanged.contains("L’amendement ne change rien au texte actuel."));
    let empty = post_form_with(&bob.web, &amend, &[("title", ""), ("body", "x")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.app.count("proposal_amendments").await, 0);

    // A real amendment shows on the page as a diff against the current text.
    let fields = [
        ("title", "Un grand parc"),
        ("body", "Des arbres.\nDes fontaines <script>."),
    ];
    let response = post_form_with(&bob.web, &amend, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).contains("#amendment-"));
    let aid: i64 = w
        .scalar(
            "SELECT MAX(id) FROM proposal_amendments WHERE proposal_id = $1",
            pid,
        )
        .await;
    let page = expect_status(get(&alice.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains(&format!("id=\"amendment-{aid}\"")));
    assert!(page.contains("+ # Un grand parc</ins>"));
    assert!(page.contains("- Des bancs.</del>"));
    assert!(
        page.contains("+ Des fontaines &#60;script&#62;.</ins>"),
        "as text"
    );
    assert!(page.contains(&format!("/amendments/{aid}/accept")));
    let others = expect_status(get(&carla.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(!others.contains(&format!("/amendments/{aid}/accept")));

    // The author (following her proposal) is told; the amender is not.
    assert_eq!(
        w.notifications_of(alice.id).await,
        ["notification-new-amendment"]
    );
    assert!(w.notifications_of(bob.id).await.is_empty());

    // Only the author decides: another person gets 403, another proposal's id 404.
    let accept = w.url(&format!(
        "/proposals/{}/{pid}/amendments/{aid}/accept",
        w.cid
    ));
    assert_eq!(post(&carla.web, &accept, &[]).await, StatusCode::FORBIDDEN);
    assert_eq!(post(&bob.web, &accept, &[]).await, StatusCode::FORBIDDEN);
    let other = w.proposal(&alice, "Une autre").await;
    let wrong = w.url(&format!(
        "/proposals/{}/{other}/amendments/{aid}/accept",
        w.cid
    ));
    assert_eq!(post(&alice.web, &wrong, &[]).await, StatusCode::NOT_FOUND);
    let versions = "SELECT COUNT(*) FROM proposal_versions WHERE proposal_id = $1";
    assert_eq!(w.scalar(versions, pid).await, 1);

    // Ten parallel accepts: one new version, credited to the amender.
    let statuses = parallel(&alice.web, &accept, 10).await;
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT)
    );
    assert_eq!(w.scalar(versions, pid).await, 2);
    let proposal = model::find_any(w.app.db(), pid)
        .await
        .expect("find")
        .expect("proposal");
    assert_eq!(proposal.title, "Un grand parc");
    assert_eq!(proposal.body, "Des arbres.\nDes fontaines <script>.");
    let history = expect_status(
        get(&carla.web, &w.action(pid, "versions")).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        history.contains("Par bob, le"),
        "the new version is credited to the amender"
    );
    let page = expect_status(get(&carla.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("Accepté"));
    // The amender hears of it; the author, who decided, does not.
    assert_eq!(
        w.notifications_of(bob.id).await,
        ["notification-amendment-accepted"]
    );
    assert_eq!(
        w.notifications_of(alice.id).await,
        ["notification-new-amendment"]
    );

    // An accepted amendment cannot be rejected or withdrawn afterwards.
    let reject = w.url(&format!(
        "/proposals/{}/{pid}/amendments/{aid}/reject",
        w.cid
    ));
    assert_eq!(post(&alice.web, &reject, &[]).await, StatusCode::CONFLICT);
    let withdraw = w.url(&format!(
        "/proposals/{}/{pid}/amendments/{aid}/withdraw",
        w.cid
    ));
    assert_eq!(post(&bob.web, &withdraw, &[]).await, StatusCode::CONFLICT);
}

#[tokio::test]
async fn amenders_withdraw_and_authors_reject_and_hidden_proposals_take_no_amendment() {
    let w = world(json!({}), json!({"amendments_enabled": true})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let carla = w.person("carla").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let amend = w.action(pid, "amend");
    let fields = [("title", "Un parc"), ("body", "Autre chose.")];
    assert_eq!(post(&bob.web, &amend, &fields).await, StatusCode::SEE_OTHER);
    assert_eq!(
        post(&carla.web, &amend, &fields).await,
        StatusCode::SEE_OTHER
    );
    let first = w
        .scalar(
            "SELECT MIN(id) FROM proposal_amendments WHERE proposal_id = $1",
            pid,
        )
        .await;
    let second = w
        .scalar(
            "SELECT MAX(id) FROM proposal_amendments WHERE proposal_id = $1",
            pid,
        )
        .await;
    let url = |aid: i64, action: &str| {
        w.url(&format!(
            "/proposals/{}/{pid}/amendments/{aid}/{action}",
            w.cid
        ))
    };

    // Only the amender withdraws; then the author may no longer accept it.
    assert_eq!(
        post(&carla.web, &url(first, "withdraw"), &[]).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&bob.web, &url(first, "withdraw"), &[]).await,
        StatusCode::SEE_OTHER
    );
    let refused = expect_status(
        post_form_with(&alice.web, &url(first, "accept"), &[]).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(refused.contains("n’est plus en attente"));

    // Rejected: the text stays, the amender is told, and it cannot be accepted afterwards.
    assert_eq!(
        post(&alice.web, &url(second, "reject"), &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(&alice.web, &url(second, "accept"), &[]).await,
        StatusCode::CONFLICT
    );
    let proposal = model::find_any(w.app.db(), pid)
        .await
        .expect("find")
        .expect("proposal");
    assert_eq!(proposal.body, "Des arbres.\nDes bancs.");
    assert_eq!(w.app.count("proposal_versions").await, 1);
    assert_eq!(
        w.notifications_of(carla.id).await,
        ["notification-amendment-rejected"]
    );
    let states: Vec<String> = sqlx::query("SELECT state FROM proposal_amendments ORDER BY id")
        .fetch_all(&w.app.db().pool)
        .await
        .expect("states")
        .iter()
        .map(|r| r.try_get(0).expect("state"))
        .collect();
    assert_eq!(states, ["withdrawn", "rejected"]);

    // A hidden proposal takes no amendment, and pending ones cannot be accepted.
    assert_eq!(
        post(&bob.web, &amend, &[("title", "T"), ("body", "B")]).await,
        StatusCode::SEE_OTHER
    );
    let pending = w
        .scalar(
            "SELECT MAX(id) FROM proposal_amendments WHERE proposal_id = $1",
            pid,
        )
        .await;
    w.hide(pid, alice.id).await;
    assert_eq!(get(&bob.web, &amend).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        post(&bob.web, &amend, &[("title", "T2"), ("body", "B2")]).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&alice.web, &url(pending, "accept"), &[]).await,
        StatusCode::CONFLICT
    );
    assert_eq!(w.app.count("proposal_amendments").await, 3);
    assert_eq!(w.app.count("proposal_versions").await, 1);
}

#[tokio::test]
async fn amendments_are_closed_unless_the_phase_opens_them() {
    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let page = expect_status(get(&bob.web, &w.page(pid)).await, StatusCode::OK).await;
    assert!(!page.contains("/amend\""));
    assert_eq!(
        get(&bob.web, &w.action(pid, "amend")).await.status(),
        StatusCode::FORBIDDEN
    );
    let status = post(
        &bob.web,
        &w.action(pid, "amend"),
        &[("title", "T"), ("body", "B")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("proposal_amendments").await, 0);
}

#[tokio::test]
async fn a_moderator_whose_report_hides_content_is_not_notified_of_it() {
    let w = world(json!({}), json!({})).await;
    let alice = w.person("alice").await;
    let mod1 = w.person("mod1").await;
    let mod2 = w.person("mod2").await;
    for m in [&mod1, &mod2] {
        spaces::set_member(w.app.db(), w.space.id, m.id, SpaceRole::Moderator)
            .await
            .expect("moderator");
    }
    sqlx::query("UPDATE spaces SET moderation_threshold = 1 WHERE id = $1")
        .bind(w.space.id)
        .execute(&w.app.db().pool)
        .await
        .expect("threshold");
    let pid = w.proposal(&alice, "Achetez mes montres").await;
    let response = post_form_with(
        &mod1.web,
        &w.url("/reports"),
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &pid.to_string()),
            ("reason", "spam"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        w.notifications_of(mod2.id).await,
        ["notification-auto-hidden"]
    );
    assert!(
        w.notifications_of(mod1.id).await.is_empty(),
        "not the reporter"
    );
}

#[tokio::test]
async fn anonymous_visitors_sign_in_before_amending() {
    let w = world(json!({}), json!({"amendments_enabled": true})).await;
    let alice = w.person("alice").await;
    let pid = w.proposal(&alice, "Un parc").await;
    let anonymous = w.app.new_browser();
    let page = expect_status(get(&anonymous, &w.page(pid)).await, StatusCode::OK).await;
    assert!(page.contains("/amend\""), "the link invites to amend");
    let response = get(&anonymous, &w.action(pid, "amend")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/sign-in"));
    let response = post_form_with(
        &anonymous,
        &w.action(pid, "amend"),
        &[("title", "T"), ("body", "B")],
    )
    .await;
    assert!(location(&response).starts_with("/sign-in"));
    assert_eq!(w.app.count("proposal_amendments").await, 0);
}
