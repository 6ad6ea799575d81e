//! Integration tests: full-text search of proposals — accents and case folded, the last word
//! as a prefix, every word required, title words ranked first, hidden and private proposals
//! never found, the index following edits, withdrawals and moderation, similar proposals
//! before publishing, and the backfill `agora migrate` runs.

use agora::components::proposals::{self, model, search};
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value, json};

use crate::comments::{World, world};
use crate::helpers::expect_status;

/// The comments world (an English organisation, a public and a private process, people in
/// every role) with a proposals component in each process.
pub struct Proposals {
    pub w: World,
    /// The public process's proposals component.
    pub cid: i64,
    /// The private process's.
    pub private_cid: i64,
}

pub async fn proposals_world(settings: Value) -> Proposals {
    let w = world().await;
    let settings: Map<String, Value> = settings.as_object().cloned().unwrap_or_default();
    let cid = proposals::create_component(w.app.db(), w.space.id, "Proposals", &settings)
        .await
        .expect("component");
    let private_cid =
        proposals::create_component(w.app.db(), w.private.id, "Internal", &Map::new())
            .await
            .expect("private component");
    Proposals {
        w,
        cid,
        private_cid,
    }
}

impl Proposals {
    /// Creates a proposal directly (the model indexes it) and returns its id.
    pub async fn proposal(&self, cid: i64, author: i64, title: &str, body: &str) -> i64 {
        model::create(
            self.w.app.db(),
            model::NewProposal {
                component_id: cid,
                author_id: author,
                title,
                body,
                address: None,
                limit: 0,
            },
        )
        .await
        .expect("create")
        .expect("under the limit")
    }

    /// The ids a list page shows for `q` (and more of the query), in order.
    pub async fn search(&self, client: &Client, query: &str) -> Vec<i64> {
        let url = format!("/proposals/{}?{query}", self.cid);
        let html = expect_status(self.w.get(client, &url).await, StatusCode::OK).await;
        listed(&html, self.cid)
    }

    /// The ids the API lists for `q`, in order.
    pub async fn api_search(&self, q: &str) -> Vec<i64> {
        let response = self
            .w
            .app
            .new_browser()
            .get(
                self.w
                    .app
                    .url(&format!("/api/v1/spaces/{}/proposals", self.w.space.id)),
            )
            .query(&[("q", q), ("order", "recent")])
            .send()
            .await
            .expect("API");
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("json");
        body["proposals"]
            .as_array()
            .expect("proposals")
            .iter()
            .map(|p| p["id"].as_i64().expect("id"))
            .collect()
    }
}

/// The proposal ids a list page links to, in order.
pub fn listed(html: &str, cid: i64) -> Vec<i64> {
    let needle = format!("<h2><a href=\"/proposals/{cid}/");
    html.split(&needle)
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

fn q(text: &str) -> String {
    format!("q={}&order=recent", agora::web::error::urlencode(text))
}

#[tokio::test]
async fn search_folds_accents_takes_a_prefix_requires_every_word_and_ranks_titles_first() {
    let p = proposals_world(json!({})).await;
    let alice = p.w.alice.id;
    let racks = p
        .proposal(
            p.cid,
            alice,
            "Un budget pour les vélos",
            "Des garages à vélos sécurisés.",
        )
        .await;
    let schools = p
        .proposal(
            p.cid,
            alice,
            "Budget participatif des écoles",
            "Rénover la cour de l'École Jean-Jaurès.",
        )
        .await;
    let lanes = p
        .proposal(
            p.cid,
            alice,
            "Pistes cyclables sur le boulevard",
            "Plus de vélos en ville.",
        )
        .await;
    let web = &p.w.anonymous;

    // Accents and case do not matter, in the text or in the query.
    assert_eq!(p.search(web, &q("ecole")).await, vec![schools]);
    assert_eq!(p.search(web, &q("ÉCOLES ")).await, vec![schools]);
    assert_eq!(p.search(web, &q("jaures")).await, vec![schools]);
    // The last word is a prefix: "budg" finds "budget" as the person types.
    let mut found = p.search(web, &q("budg")).await;
    found.sort();
    assert_eq!(found, vec![racks, schools]);
    assert!(
        p.search(web, &q("budg velos")).await.is_empty(),
        "only the last word is a prefix"
    );
    // Every word is required, in any order.
    assert_eq!(p.search(web, &q("budget vélos")).await, vec![racks]);
    assert_eq!(p.search(web, &q("velo budget")).await, vec![racks]);
    assert!(p.search(web, &q("budget boulevard")).await.is_empty());
    // Stop words alone do not empty a query, nor match everything.
    assert!(p.search(web, &q("les des")).await.is_empty());
    // A word of the title ranks a proposal before one with the word in its body only,
    // whatever the chosen order.
    assert_eq!(p.search(web, &q("vélos")).await, vec![racks, lanes]);
    assert_eq!(p.search(web, "q=velos&order=random&seed=3").await[0], racks);
    // The API searches the same way.
    assert_eq!(p.api_search("budget vel").await, vec![racks]);
    assert_eq!(p.api_search("ecoles").await, vec![schools]);
    // Pages of a search count every match, past the last page too.
    for (page, shown) in [(1, 1), (2, 1), (5, 0)] {
        let body: Value =
            p.w.app
                .new_browser()
                .get(p.w.app.url(&format!(
                    "/api/v1/spaces/{}/proposals?q=budg&per_page=1&page={page}",
                    p.w.space.id
                )))
                .send()
                .await
                .expect("API")
                .json()
                .await
                .expect("json");
        assert_eq!(body["total"], 2, "page {page}");
        assert_eq!(body["proposals"].as_array().expect("list").len(), shown);
    }
    // Wildcards are plain text; a search without any word finds nothing.
    assert!(p.search(web, &q("100%")).await.is_empty());
    assert!(p.search(web, &q("_")).await.is_empty());
}

/// Reports a proposal through the form as `client`.
async fn report(p: &Proposals, client: &Client, pid: i64) {
    let response =
        p.w.post(
            client,
            "/reports",
            &[
                ("resource_kind", "proposal"),
                ("resource_id", &pid.to_string()),
                ("reason", "spam"),
                ("details", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn hidden_and_private_proposals_are_never_found() {
    let p = proposals_world(json!({})).await;
    let spam = p
        .proposal(
            p.cid,
            p.w.alice.id,
            "Montres pas chères",
            "Achetez nos montres.",
        )
        .await;
    let good = p
        .proposal(p.cid, p.w.bob.id, "Des montres solaires", "Sur la place.")
        .await;
    let secret = p
        .proposal(p.private_cid, p.w.bob.id, "Montres du conseil", "Interne.")
        .await;
    let web = &p.w.anonymous;
    let mut found = p.search(web, &q("montres")).await;
    found.sort();
    assert_eq!(found, vec![spam, good], "the private space's stays out");

    // Three reports hide it: gone from search, the list and the API, and from the index.
    for client in [&p.w.bob_web, &p.w.carol_web, &p.w.dave_web] {
        report(&p, client, spam).await;
    }
    assert_eq!(p.search(web, &q("montres")).await, vec![good]);
    assert_eq!(
        p.search(web, &format!("{}&state=all", q("montres"))).await,
        vec![good]
    );
    assert_eq!(p.api_search("montres").await, vec![good]);
    assert!(p.search(web, &q("achetez")).await.is_empty());
    assert_eq!(
        p.w.scalar(
            "SELECT COUNT(*) FROM proposal_search_terms WHERE proposal_id = $1 AND hidden = 0",
            spam
        )
        .await,
        0
    );
    // Shown again by a moderator: found again.
    let moderation =
        p.w.scalar(
            "SELECT id FROM moderations WHERE resource_kind = 'proposal' AND resource_id = $1",
            spam,
        )
        .await;
    let response =
        p.w.post(
            &p.w.moderator_web,
            &format!("/spaces/{}/moderation/{moderation}/unhide", p.w.space.id),
            &[("reason", "Not spam after all")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(p.search(web, &q("achetez")).await, vec![spam]);

    // The private space's proposals: found by its members, 404 for everyone else.
    let private_list = format!("/proposals/{}?{}", p.private_cid, q("montres"));
    expect_status(
        p.w.get(&p.w.outsider_web, &private_list).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let response =
        p.w.app
            .new_browser()
            .get(p.w.app.url(&format!(
                "/api/v1/spaces/{}/proposals?q=montres",
                p.w.private.id
            )))
            .send()
            .await
            .expect("API");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    agora::platform::spaces::set_member(
        p.w.app.db(),
        p.w.private.id,
        p.w.carol.id,
        agora::platform::permissions::SpaceRole::Member,
    )
    .await
    .expect("member");
    let html = expect_status(p.w.get(&p.w.carol_web, &private_list).await, StatusCode::OK).await;
    assert_eq!(listed(&html, p.private_cid), vec![secret]);
}

#[tokio::test]
async fn edits_and_withdrawals_update_the_index_and_similar_proposals_use_it() {
    let p = proposals_world(json!({})).await;
    let alice = &p.w.alice_web;
    let response =
        p.w.post(
            alice,
            &format!("/proposals/{}/new", p.cid),
            &[
                ("title", "Un potager partagé"),
                ("body", "Dans le parc Monceau."),
                ("step", "publish"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let pid =
        p.w.scalar(
            "SELECT MAX(id) FROM proposals WHERE component_id = $1",
            p.cid,
        )
        .await;
    let web = &p.w.anonymous;
    assert_eq!(p.search(web, &q("potager")).await, vec![pid]);

    // An edit replaces the words in the same transaction.
    let response =
        p.w.post(
            alice,
            &format!("/proposals/{}/{pid}/edit", p.cid),
            &[("title", "Un verger partagé"), ("body", "Dans le square.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(p.search(web, &q("potager")).await.is_empty());
    assert!(p.search(web, &q("monceau")).await.is_empty());
    assert_eq!(p.search(web, &q("verger square")).await, vec![pid]);

    // Similar proposals: any shared word, the most relevant first, at most five.
    for i in 0..7 {
        p.proposal(
            p.cid,
            p.w.bob.id,
            &format!("Arbres {i}"),
            "Un verger de plus.",
        )
        .await;
    }
    let other = p
        .proposal(p.cid, p.w.bob.id, "Fontaine", "Rien à voir.")
        .await;
    let preview = expect_status(
        p.w.post(
            &p.w.carol_web,
            &format!("/proposals/{}/new", p.cid),
            &[
                ("title", "Vergers partagés"),
                ("body", "Des pommiers."),
                ("step", "preview"),
            ],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let similar: Vec<i64> = preview
        .split(&format!("<li><a href=\"/proposals/{}/", p.cid))
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    assert_eq!(similar.len(), 5);
    assert_eq!(similar[0], pid, "the title match first");
    assert!(!similar.contains(&other));

    // Withdrawn: out of the default list and of similar proposals, found among withdrawn ones.
    let response =
        p.w.post(alice, &format!("/proposals/{}/{pid}/withdraw", p.cid), &[])
            .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(p.search(web, &q("square")).await.is_empty());
    assert_eq!(
        p.search(web, &format!("{}&state=withdrawn", q("square")))
            .await,
        vec![pid]
    );
    let similar = model::similar(p.w.app.db(), p.cid, "Verger", "")
        .await
        .expect("similar");
    assert!(similar.iter().all(|s| s.id != pid) && !similar.is_empty());
}

#[tokio::test]
async fn the_backfill_indexes_what_the_index_lacks_once() {
    let p = proposals_world(json!({})).await;
    let db = p.w.app.db();
    // A proposal written before the index existed (as after migration 8 on an old database).
    sqlx::query(
        "INSERT INTO proposals (component_id, author_id, title, body, created_at, updated_at)
         VALUES ($1, $2, 'Une ancienne idée', 'Des bancs publics.', 1, 1)",
    )
    .bind(p.cid)
    .bind(p.w.alice.id)
    .execute(&db.pool)
    .await
    .expect("insert");
    assert!(p.search(&p.w.anonymous, &q("bancs")).await.is_empty());
    assert_eq!(search::backfill(db).await.expect("backfill"), 1);
    assert_eq!(p.search(&p.w.anonymous, &q("banc")).await.len(), 1);
    assert_eq!(search::backfill(db).await.expect("again"), 0, "idempotent");
}

#[tokio::test]
async fn an_accepted_amendment_is_what_search_finds() {
    use agora::components::proposals::social;
    let p = proposals_world(json!({})).await;
    let db = p.w.app.db();
    let pid = p
        .proposal(p.cid, p.w.alice.id, "Un potager", "Dans la cour.")
        .await;
    let proposal = model::find(db, p.cid, pid)
        .await
        .expect("find")
        .expect("proposal");
    let amendment = social::amend(db, &proposal, p.w.bob.id, "Un verger", "Dans le square.")
        .await
        .expect("amend")
        .expect("amendment");
    // A pending amendment changes nothing.
    assert_eq!(p.search(&p.w.anonymous, &q("potager")).await, vec![pid]);
    assert!(p.search(&p.w.anonymous, &q("verger")).await.is_empty());
    assert!(
        social::decide(
            db,
            &proposal,
            amendment,
            p.w.alice.id,
            social::Decision::Accept
        )
        .await
        .expect("decide")
    );
    assert!(p.search(&p.w.anonymous, &q("potager")).await.is_empty());
    assert_eq!(
        p.search(&p.w.anonymous, &q("verger square")).await,
        vec![pid]
    );
}
