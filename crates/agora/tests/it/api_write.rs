//! Integration tests: writing through the API — publishing proposals
//! (`POST /api/v1/spaces/{id}/proposals`) and reading and writing comment threads
//! (`/api/v1/proposals/{id}/comments`), with the same rules as the pages, bad input answered
//! by problem documents, and nothing written when a rule refuses.

use agora::platform::accounts::User;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::search::{Proposals, proposals_world};

async fn token(p: &Proposals, user: &User) -> String {
    agora::platform::sessions::create_api_token(p.w.app.db(), user.id, "test")
        .await
        .expect("token")
}

/// An API call with a JSON body (or raw text with its content type): status, headers, JSON.
async fn call(
    p: &Proposals,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, String)>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = p.w.app.new_browser().request(method, p.w.app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some((content_type, body)) = body {
        request = request.header("content-type", content_type).body(body);
    }
    let response = request.send().await.expect("API call");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, headers, body)
}

fn json_body(value: Value) -> Option<(&'static str, String)> {
    Some(("application/json", value.to_string()))
}

/// Asserts a problem document with `status`.
fn assert_problem(
    got: &(StatusCode, reqwest::header::HeaderMap, Value),
    status: StatusCode,
) -> String {
    assert_eq!(got.0, status, "{}", got.2);
    assert_eq!(
        got.1.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    assert_eq!(got.2["status"], status.as_u16());
    got.2["detail"].as_str().expect("detail").to_string()
}

#[tokio::test]
async fn the_api_publishes_proposals_with_the_forms_rules() {
    let p = proposals_world(json!({"proposal_limit": 2})).await;
    let alice = token(&p, &p.w.alice).await;
    let path = format!("/api/v1/spaces/{}/proposals", p.w.space.id);

    let created = call(
        &p,
        Method::POST,
        &path,
        Some(&alice),
        json_body(json!({"title": "Des bancs <b>publics</b>", "body": "Place **Carnot**."})),
    )
    .await;
    assert_eq!(created.0, StatusCode::CREATED, "{}", created.2);
    let id = created.2["id"].as_i64().expect("id");
    assert_eq!(
        created.1.get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/api/v1/proposals/{id}").as_str())
    );
    assert_eq!(created.2["title"], "Des bancs <b>publics</b>");
    assert_eq!(created.2["author"], "alice");
    assert_eq!(created.2["state"], "published");
    assert_eq!(created.2["supports_count"], 0);
    assert_eq!(created.2["comments_count"], 0);
    assert!(created.2["created_at"].as_i64().is_some());
    // Listed, found by search, shown.
    let shown = call(
        &p,
        Method::GET,
        &format!("/api/v1/proposals/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(shown.2["body"], "Place **Carnot**.");
    assert_eq!(p.api_search("carnot").await, vec![id]);

    // Bad input: a problem document each time, and nothing created.
    let before = p.w.app.count("proposals").await;
    for (body, status) in [
        (
            Some(("application/json", "{\"title\": ".to_string())),
            StatusCode::BAD_REQUEST,
        ),
        (
            json_body(json!({"title": 5, "body": "x"})),
            StatusCode::BAD_REQUEST,
        ),
        (
            json_body(json!({"title": "Sans texte"})),
            StatusCode::BAD_REQUEST,
        ),
        (
            json_body(json!({"title": "t", "body": "b", "admin": true})),
            StatusCode::BAD_REQUEST,
        ),
        (json_body(json!(["t", "b"])), StatusCode::BAD_REQUEST),
        (
            Some(("text/plain", "title=t&body=b".to_string())),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (None, StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            json_body(json!({"title": "  ", "body": "b"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json_body(json!({"title": "t".repeat(151), "body": "b"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json_body(json!({"title": "t", "body": "b".repeat(10_001)})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json_body(json!({"title": "t", "body": "b".repeat(300 * 1024)})),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ] {
        let got = call(&p, Method::POST, &path, Some(&alice), body).await;
        assert_problem(&got, status);
    }
    let detail = assert_problem(
        &call(
            &p,
            Method::POST,
            &path,
            Some(&alice),
            json_body(json!({"title": "", "body": ""})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(
        detail.contains("`title`") && detail.contains("`body`"),
        "{detail}"
    );
    assert_eq!(p.w.app.count("proposals").await, before);

    // Who may: anonymous 401, a private space 404 to outsiders (whatever the body).
    let anonymous = call(
        &p,
        Method::POST,
        &path,
        None,
        json_body(json!({"title": "t", "body": "b"})),
    )
    .await;
    assert_problem(&anonymous, StatusCode::UNAUTHORIZED);
    let private = call(
        &p,
        Method::POST,
        &format!("/api/v1/spaces/{}/proposals", p.w.private.id),
        Some(&alice),
        json_body(json!({"title": "t", "body": "b"})),
    )
    .await;
    assert_problem(&private, StatusCode::NOT_FOUND);
    let unknown_component = call(
        &p,
        Method::POST,
        &path,
        Some(&alice),
        json_body(json!({"title": "t", "body": "b", "component_id": p.private_cid})),
    )
    .await;
    assert_problem(&unknown_component, StatusCode::NOT_FOUND);
    assert_eq!(p.w.app.count("proposals").await, before);

    // The per-person limit (2) holds even for parallel requests.
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let client = p.w.app.new_browser();
            let url = p.w.app.url(&path);
            let token = alice.clone();
            tokio::spawn(async move {
                let response = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"title": format!("Idée {i}"), "body": "b"}))
                    .send()
                    .await
                    .expect("POST");
                let status = response.status();
                let headers = response.headers().clone();
                (
                    status,
                    headers,
                    response.json::<Value>().await.unwrap_or(Value::Null),
                )
            })
        })
        .collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("task"));
    }
    let created = results
        .iter()
        .filter(|r| r.0 == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "one more up to the limit of 2");
    for r in results.iter().filter(|r| r.0 != StatusCode::CREATED) {
        assert_problem(r, StatusCode::CONFLICT);
    }
    assert_eq!(p.w.app.count("proposals").await, before + 1);

    // Creation closed in the active phase: 403.
    let phase =
        agora::platform::spaces::add_phase(p.w.app.db(), p.w.space.id, "Vote", "", None, None)
            .await
            .expect("phase");
    agora::platform::spaces::activate_phase(p.w.app.db(), p.w.space.id, phase.id)
        .await
        .expect("activate");
    let closed = agora::components::validate(
        agora::components::proposals::MANIFEST.phase_settings,
        json!({"creation_enabled": false}).as_object().expect("map"),
    )
    .expect("valid");
    agora::components::store::set_phase_settings(p.w.app.db(), p.cid, phase.id, &closed)
        .await
        .expect("phase settings");
    let bob = token(&p, &p.w.bob).await;
    let refused = call(
        &p,
        Method::POST,
        &path,
        Some(&bob),
        json_body(json!({"title": "t", "body": "b"})),
    )
    .await;
    let detail = assert_problem(&refused, StatusCode::FORBIDDEN);
    assert!(detail.contains("not open"), "{detail}");
    assert_eq!(p.w.app.count("proposals").await, before + 1);
}

#[tokio::test]
async fn the_api_reads_comment_threads_page_by_page_with_placeholders() {
    let p = proposals_world(json!({})).await;
    let pid = p
        .proposal(p.cid, p.w.alice.id, "Un parc", "Au centre.")
        .await;
    let alice = token(&p, &p.w.alice).await;
    let bob = token(&p, &p.w.bob).await;
    let path = format!("/api/v1/proposals/{pid}/comments");
    let mut tops = Vec::new();
    for i in 0..3 {
        let got = call(
            &p,
            Method::POST,
            &path,
            Some(&bob),
            json_body(
                json!({"body": format!("Avis **{i}** <script>x</script>"), "alignment": "against"}),
            ),
        )
        .await;
        assert_eq!(got.0, StatusCode::CREATED, "{}", got.2);
        tops.push(got.2["id"].as_i64().expect("id"));
    }
    let reply = call(
        &p,
        Method::POST,
        &path,
        Some(&alice),
        json_body(json!({"body": "Merci", "parent_id": tops[0]})),
    )
    .await;
    assert_eq!(reply.0, StatusCode::CREATED);
    let reply = reply.2["id"].as_i64().expect("id");
    // Deleted by its author, hidden by moderation: placeholders without a body.
    p.w.post(&p.w.bob_web, &format!("/comments/{}/delete", tops[1]), &[])
        .await;
    for client in [&p.w.carol_web, &p.w.dave_web, &p.w.alice_web] {
        p.w.post(
            client,
            "/reports",
            &[
                ("resource_kind", "comment"),
                ("resource_id", &tops[2].to_string()),
                ("reason", "spam"),
            ],
        )
        .await;
    }

    let page = call(&p, Method::GET, &format!("{path}?per_page=2"), None, None).await;
    assert_eq!(page.0, StatusCode::OK, "{}", page.2);
    assert_eq!(page.2["total"], 4);
    assert_eq!(page.2["pages"], 2);
    let comments = page.2["comments"].as_array().expect("comments");
    let ids: Vec<i64> = comments
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(
        ids,
        vec![tops[0], reply, tops[1]],
        "threads with their replies"
    );
    let first = &comments[0];
    assert_eq!(first["parent_id"], Value::Null);
    assert_eq!(first["depth"], 0);
    assert_eq!(first["status"], "visible");
    assert_eq!(first["alignment"], "against");
    assert_eq!(first["author"], "bob");
    assert_eq!(first["body"]["markdown"], "Avis **0** <script>x</script>");
    let html = first["body"]["html"].as_str().expect("html");
    assert!(
        html.contains("<strong>0</strong>") && !html.contains("<script"),
        "{html}"
    );
    assert!(first["created_at"].as_i64().is_some());
    assert_eq!(first["up_votes"], 0);
    assert_eq!(first["down_votes"], 0);
    assert_eq!(comments[1]["parent_id"], tops[0]);
    assert_eq!(comments[1]["depth"], 1);
    assert_eq!(comments[2]["status"], "deleted");
    assert_eq!(comments[2]["body"], Value::Null);
    let second = call(
        &p,
        Method::GET,
        &format!("{path}?per_page=2&page=2"),
        None,
        None,
    )
    .await;
    let hidden = &second.2["comments"][0];
    assert_eq!(hidden["id"], tops[2]);
    assert_eq!(hidden["status"], "hidden");
    assert_eq!(hidden["body"], Value::Null);
    let past = call(
        &p,
        Method::GET,
        &format!("{path}?per_page=2&page=3"),
        None,
        None,
    )
    .await;
    assert_eq!(past.0, StatusCode::OK);
    assert!(past.2["comments"].as_array().expect("comments").is_empty());

    // Bad parameters, unknown or private proposals.
    for query in ["per_page=101", "per_page=0", "page=0", "page=x"] {
        let got = call(&p, Method::GET, &format!("{path}?{query}"), None, None).await;
        assert_problem(&got, StatusCode::BAD_REQUEST);
    }
    let secret = p
        .proposal(p.private_cid, p.w.bob.id, "Secret", "Hush.")
        .await;
    for id in [secret.to_string(), "999999".to_string()] {
        let got = call(
            &p,
            Method::GET,
            &format!("/api/v1/proposals/{id}/comments"),
            Some(&alice),
            None,
        )
        .await;
        assert_problem(&got, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_api_writes_comments_with_the_forms_rules() {
    let p = proposals_world(json!({})).await;
    let pid = p
        .proposal(p.cid, p.w.alice.id, "Un parc", "Au centre.")
        .await;
    let other = p
        .proposal(p.cid, p.w.alice.id, "Une fontaine", "Au nord.")
        .await;
    let secret = p
        .proposal(p.private_cid, p.w.bob.id, "Secret", "Hush.")
        .await;
    let bob = token(&p, &p.w.bob).await;
    let path = format!("/api/v1/proposals/{pid}/comments");
    let post = |token: Option<String>, path: String, body: Option<(&'static str, String)>| {
        let p = &p;
        async move { call(p, Method::POST, &path, token.as_deref(), body).await }
    };

    // Replies nest three deep; a reply to the deepest one goes next to it.
    let mut parent: Option<i64> = None;
    let mut chain = Vec::new();
    for depth in 0..5 {
        let got = post(
            Some(bob.clone()),
            path.clone(),
            json_body(json!({"body": format!("Niveau {depth}"), "parent_id": parent, "alignment": "in_favour"})),
        )
        .await;
        assert_eq!(got.0, StatusCode::CREATED, "{}", got.2);
        let id = got.2["id"].as_i64().expect("id");
        assert_eq!(
            got.1.get("location").and_then(|v| v.to_str().ok()),
            Some(format!("/comments/{id}").as_str())
        );
        assert_eq!(got.2["depth"], depth.min(3));
        // Only top-level comments take a position.
        assert_eq!(
            got.2["alignment"],
            if depth == 0 { "in_favour" } else { "neutral" }
        );
        chain.push(id);
        parent = Some(id);
    }
    assert_eq!(
        p.w.scalar("SELECT parent_id FROM comments WHERE id = $1", chain[4])
            .await,
        chain[2],
        "next to the depth-3 comment it answers"
    );
    assert_eq!(
        p.w.scalar("SELECT comments_count FROM proposals WHERE id = $1", pid)
            .await,
        5
    );

    // Bad input: problem documents, nothing written.
    let before = p.w.app.count("comments").await;
    let other_thread = post(
        Some(bob.clone()),
        format!("/api/v1/proposals/{other}/comments"),
        json_body(json!({"body": "x"})),
    )
    .await;
    assert_eq!(other_thread.0, StatusCode::CREATED);
    let other_comment = other_thread.2["id"].as_i64().expect("id");
    let before = before + 1;
    for (body, status) in [
        (
            json_body(json!({"body": "  "})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json_body(json!({"body": "x".repeat(5_001)})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json_body(json!({"body": "x", "parent_id": other_comment})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json_body(json!({"body": "x", "alignment": "maybe"})),
            StatusCode::BAD_REQUEST,
        ),
        (json_body(json!({"body": 3})), StatusCode::BAD_REQUEST),
        (json_body(json!({"text": "x"})), StatusCode::BAD_REQUEST),
        (
            Some(("application/json", "not json".to_string())),
            StatusCode::BAD_REQUEST,
        ),
        (
            json_body(json!({"body": "x".repeat(300 * 1024)})),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ] {
        let got = post(Some(bob.clone()), path.clone(), body).await;
        assert_problem(&got, status);
    }
    assert_problem(
        &post(None, path.clone(), json_body(json!({"body": "x"}))).await,
        StatusCode::UNAUTHORIZED,
    );
    // Another space's private proposal: 404, as if it did not exist.
    assert_problem(
        &post(
            Some(bob.clone()),
            format!("/api/v1/proposals/{secret}/comments"),
            json_body(json!({"body": "x"})),
        )
        .await,
        StatusCode::NOT_FOUND,
    );
    let outsider = agora::platform::accounts::find_by_email(p.w.app.db(), "outsider@example.org")
        .await
        .expect("find")
        .expect("outsider");
    let outsider = token(&p, &outsider).await;
    assert_problem(
        &post(
            Some(outsider),
            format!("/api/v1/proposals/{secret}/comments"),
            json_body(json!({"body": "x"})),
        )
        .await,
        StatusCode::NOT_FOUND,
    );
    // A withdrawn proposal takes no more comments.
    p.w.post(
        &p.w.alice_web,
        &format!("/proposals/{}/{other}/withdraw", p.cid),
        &[],
    )
    .await;
    let detail = assert_problem(
        &post(
            Some(bob.clone()),
            format!("/api/v1/proposals/{other}/comments"),
            json_body(json!({"body": "x"})),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    assert!(detail.contains("withdrawn"), "{detail}");
    // A blocked author writes nothing, whatever path they take.
    sqlx::query("UPDATE users SET blocked_at = 1 WHERE id = $1")
        .bind(p.w.bob.id)
        .execute(&p.w.app.db().pool)
        .await
        .expect("block");
    let blocked = post(
        Some(bob.clone()),
        path.clone(),
        json_body(json!({"body": "x"})),
    )
    .await;
    assert!(
        matches!(blocked.0, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
        "{}",
        blocked.2
    );
    assert_eq!(p.w.app.count("comments").await, before);
}
