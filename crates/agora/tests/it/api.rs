//! Integration tests: api.
//! The JSON API under `/api/v1`: bearer tokens, problem documents, visibility, OpenAPI.

use std::collections::BTreeSet;

use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, SpaceRole, Visibility};
use agora::platform::sessions;
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;
use sqlx::Row;

use crate::helpers::TestApp;

/// An answer of the API: status, headers and the parsed JSON body.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Answer {
    fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts this is an RFC 9457 problem document with `status`.
    fn assert_problem(&self, status: StatusCode) {
        assert_eq!(self.status, status, "body: {}", self.body);
        assert_eq!(self.content_type(), "application/problem+json");
        assert_eq!(self.body["status"], status.as_u16());
        assert!(self.body["type"].is_string(), "type: {}", self.body);
        assert!(self.body["title"].is_string(), "title: {}", self.body);
        assert!(
            self.body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "detail: {}",
            self.body
        );
    }
}

async fn call(app: &TestApp, method: &str, path: &str, authorization: Option<&str>) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    // A fresh client: no cookie of the test browser may influence the API.
    let mut request = app.new_browser().request(method, app.url(path));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!(
            "{path}: not JSON ({status}): {}",
            &text[..text.len().min(300)]
        )
    });
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> Answer {
    let bearer = token.map(|t| format!("Bearer {t}"));
    call(app, "GET", path, bearer.as_deref()).await
}

async fn token_for(app: &TestApp, user: &User) -> String {
    sessions::create_api_token(app.db(), user.id, "test")
        .await
        .expect("token")
}

async fn organization(app: &TestApp, slug: &str, name: &str) -> Organization {
    organizations::create(app.db(), slug, name, "Une description.", Locale::Fr)
        .await
        .expect("organisation")
}

async fn space(
    app: &TestApp,
    org: &Organization,
    slug: &str,
    visibility: Visibility,
    published: bool,
) -> Space {
    spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug,
            title: &format!("Title of {slug}"),
            description: "Description.",
            visibility,
            published,
        },
    )
    .await
    .expect("space")
}

/// An organisation with one space of each kind of visibility, and the people around it.
struct World {
    org: Organization,
    public: Space,
    members_participate: Space,
    private: Space,
    secret: Space,
    draft: Space,
    member: String,
    outsider: String,
    secret_member: String,
    org_admin: String,
}

async fn world(app: &TestApp) -> World {
    let org = organization(app, "ville", "Ville").await;
    let public = space(app, &org, "public", Visibility::Public, true).await;
    let members_participate = space(app, &org, "mp", Visibility::MembersParticipate, true).await;
    let private = space(app, &org, "private", Visibility::Private, true).await;
    let secret = space(app, &org, "secret", Visibility::Secret, true).await;
    let draft = space(app, &org, "draft", Visibility::Public, false).await;

    let member = app
        .create_user("member@example.org", "a long password")
        .await;
    organizations::set_member(app.db(), org.id, member.id, OrgRole::Member)
        .await
        .expect("member");
    let outsider = app
        .create_user("outsider@example.org", "a long password")
        .await;
    let invited = app
        .create_user("invited@example.org", "a long password")
        .await;
    spaces::set_member(app.db(), secret.id, invited.id, SpaceRole::Member)
        .await
        .expect("space member");
    let admin = app
        .create_user("admin@example.org", "a long password")
        .await;
    organizations::set_member(app.db(), org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    World {
        member: token_for(app, &member).await,
        outsider: token_for(app, &outsider).await,
        secret_member: token_for(app, &invited).await,
        org_admin: token_for(app, &admin).await,
        org,
        public,
        members_participate,
        private,
        secret,
        draft,
    }
}

fn slugs(answer: &Answer) -> BTreeSet<String> {
    answer.body["spaces"]
        .as_array()
        .unwrap_or_else(|| panic!("spaces: {}", answer.body))
        .iter()
        .map(|s| s["slug"].as_str().expect("slug").to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn me_answers_with_a_token_and_401_without() {
    let app = TestApp::spawn().await;
    let org = organization(&app, "ville", "Ville").await;
    let user = app
        .create_user("alice@example.org", "a long password")
        .await;
    organizations::set_member(app.db(), org.id, user.id, OrgRole::Admin)
        .await
        .expect("member");
    let token = token_for(&app, &user).await;

    let me = get(&app, "/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert!(me.content_type().starts_with("application/json"));
    assert_eq!(me.body["id"], user.id);
    assert_eq!(me.body["email"], "alice@example.org");
    assert_eq!(me.body["name"], "alice");
    assert_eq!(me.body["locale"], Value::Null);
    assert_eq!(me.body["is_instance_admin"], false);
    assert_eq!(
        me.body["organizations"],
        serde_json::json!([{
            "slug": "ville", "name": "Ville", "role": "admin",
            "links": {"organization": "/api/v1/organizations/ville"}
        }])
    );

    let anonymous = get(&app, "/api/v1/me", None).await;
    anonymous.assert_problem(StatusCode::UNAUTHORIZED);
    let challenge = anonymous.headers["www-authenticate"]
        .to_str()
        .expect("header");
    assert!(challenge.starts_with("Bearer"), "{challenge}");

    // A session cookie is no API credential: signed in through the browser, /me is still 401.
    let signed_in = app.sign_in("alice@example.org", "a long password").await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/account").await.status(),
        StatusCode::OK,
        "the browser is signed in"
    );
    let with_cookie = app.get("/api/v1/me").await;
    assert_eq!(with_cookie.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_token_is_refused_and_never_served_as_anonymous() {
    let app = TestApp::spawn().await;
    organization(&app, "ville", "Ville").await;
    let user = app
        .create_user("alice@example.org", "a long password")
        .await;
    let token = token_for(&app, &user).await;

    for authorization in [
        "Bearer agora_not-a-real-token".to_string(),
        format!("Bearer {token}x"),
        format!("Basic {token}"),
        "Bearer".to_string(),
    ] {
        for path in ["/api/v1/me", "/api/v1/organizations", "/api/v1/spaces/1"] {
            let answer = call(&app, "GET", path, Some(&authorization)).await;
            answer.assert_problem(StatusCode::UNAUTHORIZED);
            let challenge = answer.headers["www-authenticate"].to_str().expect("header");
            assert!(challenge.contains("invalid_token"), "{challenge}");
        }
    }

    // The scheme is case-insensitive.
    let lower = call(&app, "GET", "/api/v1/me", Some(&format!("bearer {token}"))).await;
    assert_eq!(lower.status, StatusCode::OK);

    // A revoked token stops working at once.
    sqlx::query("UPDATE api_tokens SET revoked_at = 1 WHERE user_id = $1")
        .bind(user.id)
        .execute(&app.db().pool)
        .await
        .expect("revoke");
    get(&app, "/api/v1/me", Some(&token))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn organisations_are_listed_and_shown() {
    let app = TestApp::spawn().await;
    organization(&app, "ville", "Ville d’Exemple").await;
    organization(&app, "assoc", "Association").await;

    let list = get(&app, "/api/v1/organizations", None).await;
    assert_eq!(list.status, StatusCode::OK);
    let orgs = list.body["organizations"].as_array().expect("array");
    let names: Vec<_> = orgs
        .iter()
        .map(|o| o["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Association", "Ville d’Exemple"], "by name");
    let ville = &orgs[1];
    assert_eq!(ville["slug"], "ville");
    assert_eq!(ville["description"], "Une description.");
    assert_eq!(ville["default_locale"], "fr");
    assert_eq!(
        ville["available_locales"],
        serde_json::json!(["fr", "en", "es", "ca"])
    );
    assert_eq!(ville["time_zone"], "Europe/Paris");
    assert_eq!(ville["links"]["self"], "/api/v1/organizations/ville");
    assert_eq!(
        ville["links"]["spaces"],
        "/api/v1/organizations/ville/spaces"
    );
    assert_eq!(ville["links"]["html"], "/o/ville");

    let one = get(&app, "/api/v1/organizations/ville", None).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(&one.body, ville, "the list and the resource agree");

    get(&app, "/api/v1/organizations/nowhere", None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    get(&app, "/api/v1/organizations/nowhere/spaces", None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn space_lists_hide_what_the_caller_may_not_see() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let path = "/api/v1/organizations/ville/spaces";

    let anonymous = get(&app, path, None).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert_eq!(slugs(&anonymous), set(&["public", "mp"]));
    let first = &anonymous.body["spaces"][0];
    assert_eq!(first["id"], w.public.id);
    assert_eq!(first["kind"], "process");
    assert_eq!(first["title"], "Title of public");
    assert_eq!(first["visibility"], "public");
    assert_eq!(first["published"], true);
    assert_eq!(first["organization"], "ville");
    assert_eq!(
        first["links"]["self"],
        format!("/api/v1/spaces/{}", w.public.id)
    );
    assert_eq!(
        anonymous.body["spaces"][1]["visibility"],
        "members_participate"
    );

    let outsider = get(&app, path, Some(&w.outsider)).await;
    assert_eq!(slugs(&outsider), set(&["public", "mp"]));
    let member = get(&app, path, Some(&w.member)).await;
    assert_eq!(slugs(&member), set(&["public", "mp", "private"]));
    let invited = get(&app, path, Some(&w.secret_member)).await;
    assert_eq!(slugs(&invited), set(&["public", "mp", "secret"]));
    let admin = get(&app, path, Some(&w.org_admin)).await;
    assert_eq!(
        slugs(&admin),
        set(&["public", "mp", "private", "secret", "draft"])
    );
    let draft = admin.body["spaces"]
        .as_array()
        .expect("spaces")
        .iter()
        .find(|s| s["slug"] == "draft")
        .cloned()
        .expect("draft listed");
    assert_eq!(draft["published"], false);
    assert_eq!(w.org.slug, "ville");
}

#[tokio::test]
async fn a_private_space_is_not_found_for_those_who_may_not_see_it() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let private = format!("/api/v1/spaces/{}", w.private.id);
    let secret = format!("/api/v1/spaces/{}", w.secret.id);
    let draft = format!("/api/v1/spaces/{}", w.draft.id);

    for (path, token) in [
        (&private, None),
        (&private, Some(&w.outsider)),
        (&secret, None),
        (&secret, Some(&w.outsider)),
        (&secret, Some(&w.member)),
        (&draft, None),
        (&draft, Some(&w.member)),
    ] {
        let answer = get(&app, path, token.map(String::as_str)).await;
        answer.assert_problem(StatusCode::NOT_FOUND);
        // Exactly what a space that does not exist answers: nothing to tell them apart.
        let missing = get(&app, "/api/v1/spaces/999999", token.map(String::as_str)).await;
        missing.assert_problem(StatusCode::NOT_FOUND);
        assert_eq!(
            answer.body["detail"].as_str().map(|d| d
                .replace(&w.private.id.to_string(), "N")
                .replace(&w.secret.id.to_string(), "N")
                .replace(&w.draft.id.to_string(), "N")),
            missing.body["detail"]
                .as_str()
                .map(|d| d.replace("999999", "N")),
        );
    }

    let seen = get(&app, &private, Some(&w.member)).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(seen.body["id"], w.private.id);
    assert_eq!(seen.body["visibility"], "private");
    assert_eq!(
        get(&app, &secret, Some(&w.secret_member)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, &draft, Some(&w.org_admin)).await.status,
        StatusCode::OK
    );
    let public = format!("/api/v1/spaces/{}", w.members_participate.id);
    assert_eq!(get(&app, &public, None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_space_shows_its_phases_and_published_components() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let db = app.db();
    let first = spaces::add_phase(
        db,
        w.public.id,
        "Ideas",
        "Bring ideas.",
        Some("2026-09-01"),
        Some("2026-10-31"),
    )
    .await
    .expect("phase");
    let second = spaces::add_phase(db, w.public.id, "Vote", "", None, None)
        .await
        .expect("phase");
    spaces::activate_phase(db, w.public.id, second.id)
        .await
        .expect("activate");
    let shown = agora::components::page::create(db, w.public.id, "How it works", "Text.")
        .await
        .expect("page");
    let hidden = agora::components::page::create(db, w.public.id, "Not yet", "Soon.")
        .await
        .expect("page");
    sqlx::query("UPDATE components SET published_at = NULL WHERE id = $1")
        .bind(hidden)
        .execute(&db.pool)
        .await
        .expect("unpublish");
    let path = format!("/api/v1/spaces/{}", w.public.id);

    let anonymous = get(&app, &path, None).await;
    assert_eq!(anonymous.status, StatusCode::OK, "{}", anonymous.body);
    let body = &anonymous.body;
    assert_eq!(body["slug"], "public");
    assert_eq!(body["kind"], "process");
    assert_eq!(body["organization"], "ville");
    assert_eq!(body["description"], "Description.");
    assert_eq!(
        body["phases"],
        serde_json::json!([
            {"id": first.id, "position": 1, "title": "Ideas", "description": "Bring ideas.",
             "starts_on": "2026-09-01", "ends_on": "2026-10-31", "active": false},
            {"id": second.id, "position": 2, "title": "Vote", "description": "",
             "starts_on": null, "ends_on": null, "active": true},
        ])
    );
    assert_eq!(
        body["components"],
        serde_json::json!([{"id": shown, "kind": "page", "title": "How it works",
                            "published": true, "links": {"html": format!("/pages/{shown}")}}])
    );

    // Those who administer the space also see what is not published yet.
    let admin = get(&app, &path, Some(&w.org_admin)).await;
    let titles: Vec<_> = admin.body["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| (c["title"].as_str().expect("title"), c["published"].clone()))
        .collect();
    assert_eq!(
        titles,
        [
            ("How it works", Value::Bool(true)),
            ("Not yet", Value::Bool(false))
        ]
    );
    let member = get(&app, &path, Some(&w.member)).await;
    assert_eq!(member.body["components"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn errors_are_problem_documents_never_html_pages() {
    let app = TestApp::spawn().await;
    get(&app, "/api/v1/spaces/abc", None)
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
    get(&app, "/api/v1/spaces/99999999999999999999", None)
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
    get(&app, "/api/v1/spaces/424242", None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    for path in [
        "/api/v1",
        "/api/v1/",
        "/api/v2/me",
        "/api/v1/nothing-here",
        "/api/v1/spaces",
        "/api/v1/spaces/1/phases",
        "/api/v1/organizations/a/b/c",
    ] {
        get(&app, path, None)
            .await
            .assert_problem(StatusCode::NOT_FOUND);
    }

    let wrong_method = call(&app, "POST", "/api/v1/me", None).await;
    wrong_method.assert_problem(StatusCode::METHOD_NOT_ALLOWED);
    let allow = wrong_method.headers["allow"].to_str().expect("allow");
    assert!(allow.contains("GET"), "{allow}");
    call(&app, "DELETE", "/api/v1/organizations", None)
        .await
        .assert_problem(StatusCode::METHOD_NOT_ALLOWED);

    // The rest of the site keeps its HTML error pages.
    let page = app.get("/no-such-page").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .is_ok_and(|ct| ct.starts_with("text/html"))
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::spawn().await;
    let doc = get(&app, "/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.content_type().starts_with("application/json"));
    assert!(
        doc.body["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    let paths = doc.body["paths"].as_object().expect("paths");
    // One path may answer several methods (POST and DELETE of a support): count operations.
    let operations: usize = paths
        .values()
        .map(|item| {
            ["get", "post", "put", "patch", "delete"]
                .iter()
                .filter(|m| item.get(**m).is_some())
                .count()
        })
        .sum();
    assert_eq!(operations, agora::api::ROUTES.len());
    for (method, path) in agora::api::ROUTES {
        assert!(
            paths
                .get(*path)
                .is_some_and(|item| item.get(*method).is_some()),
            "{method} {path} is not documented"
        );
    }
    // Every documented path answers (with the parameters of the demo-less database).
    for (method, path) in agora::api::ROUTES {
        let concrete = path.replace("{slug}", "nowhere").replace("{id}", "1");
        let answer = call(
            &app,
            &method.to_uppercase(),
            &format!("/api/v1{concrete}"),
            None,
        )
        .await;
        assert!(
            answer.status == StatusCode::OK || answer.content_type() == "application/problem+json",
            "{method} {path}: {}",
            answer.status
        );
    }
}

#[tokio::test]
async fn a_tokens_last_use_is_written_in_the_background_not_by_the_request() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ana@example.org", "a long password").await;
    let token = token_for(&app, &user).await;
    let last_used = || async {
        sqlx::query("SELECT last_used_at FROM api_tokens WHERE user_id = $1")
            .bind(user.id)
            .fetch_one(&app.db().pool)
            .await
            .expect("token")
            .try_get::<Option<i64>, _>(0)
            .expect("column")
    };
    let before = agora::db::now();
    assert_eq!(
        get(&app, "/api/v1/me", Some(&token)).await.status,
        StatusCode::OK
    );
    // Written by the background writer (every 2 s), or at once by a flush.
    app.state.touches.flush(app.db()).await.expect("flush");
    let at = last_used().await.expect("recorded");
    assert!(at >= before, "{at} >= {before}");
    // Nothing pending: a second flush writes nothing and the time stays.
    app.state.touches.flush(app.db()).await.expect("flush");
    assert_eq!(last_used().await, Some(at));
}
