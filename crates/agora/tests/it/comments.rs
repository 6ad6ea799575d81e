//! Integration tests: comments on a commentable host (the "page" component) — replies and
//! their depth limit, alignment, edits with history, soft deletion, votes under concurrency,
//! permalinks, pagination with 10,000 comments, private spaces, bad input and XSS.

use agora::components::page;
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, SpaceRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

/// An organisation (in English) with a public process holding two pages, a private assembly
/// holding one, and people in every role.
pub struct World {
    pub app: TestApp,
    pub org: Organization,
    pub space: Space,
    pub private: Space,
    /// A page of the public process (resource id of the "page" host).
    pub page: i64,
    /// Another page of the public process.
    pub other_page: i64,
    /// A page of the private space.
    pub private_page: i64,
    pub alice: User,
    pub bob: User,
    pub carol: User,
    pub dave: User,
    pub anonymous: Client,
    pub alice_web: Client,
    pub bob_web: Client,
    pub carol_web: Client,
    pub dave_web: Client,
    /// Moderator of the public process.
    pub moderator_web: Client,
    pub moderator: User,
    /// Administrator of the organisation.
    pub admin_web: Client,
    /// Signed in, member of nothing.
    pub outsider_web: Client,
}

pub async fn world() -> World {
    let app = TestApp::spawn().await;
    let db = app.db();
    let org = organizations::create(db, "city", "Example City", "", Locale::En)
        .await
        .expect("org");
    let new_space = |slug: &'static str, visibility| NewSpace {
        organization_id: org.id,
        kind: SpaceKind::Process,
        slug,
        title: slug,
        description: "",
        visibility,
        published: true,
    };
    let space = spaces::create(db, new_space("budget", Visibility::Public))
        .await
        .expect("space");
    let private = spaces::create(db, new_space("board", Visibility::Private))
        .await
        .expect("private space");
    let page = page::create(db, space.id, "The plan", "Read **this**.")
        .await
        .expect("page");
    let other_page = page::create(db, space.id, "Other", "Other text.")
        .await
        .expect("page");
    let private_page = page::create(db, private.id, "Secret plan", "Hush.")
        .await
        .expect("page");
    let mut users = Vec::new();
    for who in [
        "alice",
        "bob",
        "carol",
        "dave",
        "moderator",
        "admin",
        "outsider",
    ] {
        users.push(
            app.create_user(&format!("{who}@example.org"), "a long password 123")
                .await,
        );
    }
    spaces::set_member(db, space.id, users[4].id, SpaceRole::Moderator)
        .await
        .expect("moderator");
    organizations::set_member(db, org.id, users[5].id, OrgRole::Admin)
        .await
        .expect("admin");
    let mut webs = Vec::new();
    for user in &users {
        webs.push(app.browser_signed_in(user).await);
    }
    let mut webs = webs.into_iter();
    let mut users = users.into_iter();
    let mut next = || (users.next().expect("user"), webs.next().expect("web"));
    let (alice, alice_web) = next();
    let (bob, bob_web) = next();
    let (carol, carol_web) = next();
    let (dave, dave_web) = next();
    let (moderator, moderator_web) = next();
    let (_, admin_web) = next();
    let (_, outsider_web) = next();
    World {
        anonymous: app.new_browser(),
        app,
        org,
        space,
        private,
        page,
        other_page,
        private_page,
        alice,
        bob,
        carol,
        dave,
        alice_web,
        bob_web,
        carol_web,
        dave_web,
        moderator,
        moderator_web,
        admin_web,
        outsider_web,
    }
}

impl World {
    pub async fn post(
        &self,
        client: &Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        post_form_with(client, &self.app.url(path), form).await
    }

    pub async fn get(&self, client: &Client, path: &str) -> reqwest::Response {
        client.get(self.app.url(path)).send().await.expect("GET")
    }

    /// Comments on a page through the form; returns the new comment's id.
    pub async fn comment(
        &self,
        client: &Client,
        page: i64,
        parent: Option<i64>,
        body: &str,
    ) -> i64 {
        let page = page.to_string();
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        let response = self
            .post(
                client,
                "/comments",
                &[
                    ("resource_kind", "page"),
                    ("resource_id", &page),
                    ("parent_id", &parent),
                    ("body", body),
                ],
            )
            .await;
        expect_status(response, StatusCode::SEE_OTHER).await;
        self.last_comment().await
    }

    pub async fn last_comment(&self) -> i64 {
        sqlx::query("SELECT MAX(id) FROM comments")
            .fetch_one(&self.app.db().pool)
            .await
            .expect("max")
            .try_get::<Option<i64>, _>(0)
            .expect("id")
            .unwrap_or(0)
    }

    pub async fn page_html(&self, client: &Client, page: i64) -> String {
        expect_status(
            self.get(client, &format!("/pages/{page}")).await,
            StatusCode::OK,
        )
        .await
    }

    pub async fn scalar(&self, sql: &'static str, id: i64) -> i64 {
        sqlx::query(sql)
            .bind(id)
            .fetch_one(&self.app.db().pool)
            .await
            .expect("scalar")
            .try_get::<i64, _>(0)
            .expect("value")
    }
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn comment_with_alignment_replies_stop_at_depth_three_and_permalinks_lead_to_the_thread() {
    let w = world().await;
    let page = w.page.to_string();
    let response = w
        .post(
            &w.alice_web,
            "/comments",
            &[
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("body", "I **support** the plan."),
                ("alignment", "in_favour"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let top = w.last_comment().await;
    assert_eq!(
        location(&response),
        format!("/pages/{}#comment-{top}", w.page)
    );
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("<strong>support</strong>"), "{html}");
    assert!(html.contains("In favour"));
    assert!(html.contains("1 comment"));
    assert!(html.contains("Sign in to comment"));

    let r1 = w.comment(&w.bob_web, w.page, Some(top), "Reply one").await;
    let r2 = w.comment(&w.carol_web, w.page, Some(r1), "Reply two").await;
    let r3 = w
        .comment(&w.alice_web, w.page, Some(r2), "Reply three")
        .await;
    let r4 = w.comment(&w.bob_web, w.page, Some(r3), "Reply four").await;
    let depth = "SELECT depth FROM comments WHERE id = $1";
    let parent = "SELECT parent_id FROM comments WHERE id = $1";
    assert_eq!(w.scalar(depth, r1).await, 1);
    assert_eq!(w.scalar(depth, r3).await, 3);
    assert_eq!(w.scalar(depth, r4).await, 3, "never deeper than 3");
    assert_eq!(
        w.scalar(parent, r4).await,
        r2,
        "a reply to a depth-3 comment goes next to it"
    );
    // Replies carry no alignment even if one is sent.
    let r5 = {
        let response = w
            .post(
                &w.dave_web,
                "/comments",
                &[
                    ("resource_kind", "page"),
                    ("resource_id", &page),
                    ("parent_id", &top.to_string()),
                    ("body", "Against!"),
                    ("alignment", "against"),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        w.last_comment().await
    };
    assert_eq!(
        w.scalar("SELECT alignment FROM comments WHERE id = $1", r5)
            .await,
        0
    );
    let html = w.page_html(&w.bob_web, w.page).await;
    for id in [top, r1, r2, r3, r4, r5] {
        assert!(html.contains(&format!("id=\"comment-{id}\"")), "{id}");
    }
    // Threads nest: the reply list of r2 holds r3 and r4.
    let pos = |id: i64| html.find(&format!("id=\"comment-{id}\"")).expect("shown");
    assert!(pos(top) < pos(r1) && pos(r1) < pos(r2) && pos(r2) < pos(r3) && pos(r3) < pos(r4));

    let response = w.get(&w.anonymous, &format!("/comments/{r4}")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        format!("/pages/{}#comment-{r4}", w.page)
    );
    expect_status(
        w.get(&w.anonymous, "/comments/999999").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn edits_keep_history_and_deletion_leaves_a_placeholder() {
    let w = world().await;
    let id = w.comment(&w.alice_web, w.page, None, "First version").await;
    let reply = w
        .comment(&w.bob_web, w.page, Some(id), "A reply that stays")
        .await;
    // Someone else may neither edit nor delete it.
    expect_status(
        w.get(&w.bob_web, &format!("/comments/{id}/edit")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.post(
            &w.bob_web,
            &format!("/comments/{id}/edit"),
            &[("body", "Hacked")],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.post(&w.bob_web, &format!("/comments/{id}/delete"), &[])
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(w.app.count("comment_versions").await, 0);

    let form = expect_status(
        w.get(&w.alice_web, &format!("/comments/{id}/edit")).await,
        StatusCode::OK,
    )
    .await;
    assert!(form.contains("First version"));
    let response = w
        .post(
            &w.alice_web,
            &format!("/comments/{id}/edit"),
            &[("body", "Second version")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // An empty edit is refused and changes nothing.
    let body = expect_status(
        w.post(
            &w.alice_web,
            &format!("/comments/{id}/edit"),
            &[("body", "  ")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(body.contains("The comment is empty"));
    assert_eq!(w.app.count("comment_versions").await, 1);
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("Second version"));
    assert!(!html.contains("First version"));
    assert!(html.contains("edited"));
    let history = expect_status(
        w.get(&w.anonymous, &format!("/comments/{id}/history"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(history.contains("First version") && history.contains("Second version"));

    let response = w
        .post(&w.alice_web, &format!("/comments/{id}/delete"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("Comment deleted by its author."));
    assert!(!html.contains("Second version"));
    assert!(
        html.contains("A reply that stays"),
        "the thread stays readable"
    );
    assert!(html.contains(&format!("id=\"comment-{reply}\"")));
    assert_eq!(w.app.count("comment_versions").await, 0, "history erased");
    expect_status(
        w.get(&w.anonymous, &format!("/comments/{id}/history"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // A deleted comment can be neither edited nor voted on.
    expect_status(
        w.post(
            &w.alice_web,
            &format!("/comments/{id}/edit"),
            &[("body", "Back")],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.post(
            &w.bob_web,
            &format!("/comments/{id}/vote"),
            &[("value", "up")],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn a_hundred_identical_votes_count_once_and_changing_a_vote_updates_it() {
    let w = world().await;
    let id = w.comment(&w.alice_web, w.page, None, "Vote on me").await;
    let path = format!("/comments/{id}/vote");
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let client = w.bob_web.clone();
        let url = w.app.url(&path);
        tasks.push(tokio::spawn(async move {
            post_form_with(&client, &url, &[("value", "up")])
                .await
                .status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::SEE_OTHER);
    }
    let up = "SELECT up_votes FROM comments WHERE id = $1";
    let down = "SELECT down_votes FROM comments WHERE id = $1";
    assert_eq!(w.app.count("comment_votes").await, 1);
    assert_eq!(w.scalar(up, id).await, 1);
    w.post(&w.carol_web, &path, &[("value", "up")]).await;
    assert_eq!(w.scalar(up, id).await, 2);
    let html = w.page_html(&w.bob_web, w.page).await;
    assert!(html.contains("Useful (2)"));
    assert!(html.contains("aria-pressed=\"true\""));
    w.post(&w.bob_web, &path, &[("value", "down")]).await;
    assert_eq!(w.scalar(up, id).await, 1);
    assert_eq!(w.scalar(down, id).await, 1);
    assert_eq!(w.app.count("comment_votes").await, 2);
    w.post(&w.bob_web, &path, &[("value", "none")]).await;
    assert_eq!(w.scalar(down, id).await, 0);
    assert_eq!(w.app.count("comment_votes").await, 1);
    // Bad votes: unknown value, anonymous, outsider of a private space.
    expect_status(
        w.post(&w.bob_web, &path, &[("value", "sideways")]).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let response = w.post(&w.anonymous, &path, &[("value", "up")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/sign-in?next=/comments/{id}"));
    assert_eq!(w.app.count("comment_votes").await, 1);
}

#[tokio::test]
async fn ten_thousand_comments_are_paginated_fifty_threads_at_a_time() {
    let w = world().await;
    let db = w.app.db();
    // 10,000 top-level comments in one transaction, 1,000 rows per INSERT.
    let mut tx = db.begin().await.expect("tx");
    for batch in 0..10 {
        let rows: Vec<String> = (0..1000)
            .map(|i| {
                let n = batch * 1000 + i + 1;
                format!(
                    "('page', {}, {}, NULL, NULL, 0, {}, 'Comment number {n}.', 0, {n})",
                    w.page, w.space.id, w.bob.id
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO comments (resource_kind, resource_id, space_id, parent_id, root_id, depth,
                                   author_id, body, alignment, created_at) VALUES {}",
            rows.join(", ")
        );
        agora::db::query_built(sql)
            .execute(&mut tx)
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");
    let first: i64 = sqlx::query("SELECT MIN(id) FROM comments")
        .fetch_one(&db.pool)
        .await
        .expect("min")
        .try_get(0)
        .expect("id");
    // A reply on the first thread of page 2, through the form.
    let on_page_two = first + 50;
    let reply = w
        .comment(
            &w.alice_web,
            w.page,
            Some(on_page_two),
            "A reply on page two",
        )
        .await;

    let html = w.page_html(&w.anonymous, w.page).await;
    assert_eq!(html.matches("<article id=\"comment-").count(), 50);
    assert!(html.contains("Comment number 1."));
    assert!(html.contains("Comment number 50."));
    assert!(!html.contains("Comment number 51."));
    assert!(!html.contains("A reply on page two"));
    assert!(html.contains("10001 comments"));
    assert!(html.contains("Page 1 of 200"));
    assert!(html.contains("comments_page=2"));

    let page_two = expect_status(
        w.get(&w.anonymous, &format!("/pages/{}?comments_page=2", w.page))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page_two.matches("<article id=\"comment-").count(), 51);
    assert!(page_two.contains("Comment number 51."));
    assert!(page_two.contains("A reply on page two"));
    // The permalink of the reply leads to page 2.
    let response = w.get(&w.anonymous, &format!("/comments/{reply}")).await;
    assert_eq!(
        location(&response),
        format!("/pages/{}?comments_page=2#comment-{reply}", w.page)
    );
    // Past the end: the last page.
    let last = expect_status(
        w.get(
            &w.anonymous,
            &format!("/pages/{}?comments_page=9999", w.page),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(last.contains("Comment number 10000."));
    assert!(last.contains("Page 200 of 200"));
    // The other page of the space has no comment.
    let other = w.page_html(&w.anonymous, w.other_page).await;
    assert_eq!(other.matches("<article id=\"comment-").count(), 0);
}

#[tokio::test]
async fn comments_of_a_private_space_are_invisible_to_outsiders() {
    let w = world().await;
    // The organisation's admin may comment in the private space.
    let id = w
        .comment(&w.admin_web, w.private_page, None, "Members only")
        .await;
    let before = w.app.count("comments").await;
    for client in [&w.outsider_web, &w.anonymous] {
        expect_status(
            w.get(client, &format!("/pages/{}", w.private_page)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        expect_status(
            w.get(client, &format!("/comments/{id}")).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        expect_status(
            w.get(client, &format!("/comments/{id}/history")).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    let private_page = w.private_page.to_string();
    expect_status(
        w.post(
            &w.outsider_web,
            "/comments",
            &[
                ("resource_kind", "page"),
                ("resource_id", &private_page),
                ("body", "Let me in"),
            ],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    for (path, form) in [
        (format!("/comments/{id}/vote"), vec![("value", "up")]),
        (format!("/comments/{id}/edit"), vec![("body", "x")]),
        (format!("/comments/{id}/delete"), vec![]),
    ] {
        expect_status(
            w.post(&w.outsider_web, &path, &form).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    expect_status(
        w.post(
            &w.outsider_web,
            "/reports",
            &[
                ("resource_kind", "comment"),
                ("resource_id", &id.to_string()),
                ("reason", "spam"),
            ],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(w.app.count("comments").await, before);
    assert_eq!(w.app.count("comment_votes").await, 0);
    assert_eq!(w.app.count("reports").await, 0);
    let _ = &w.private;
}

#[tokio::test]
async fn bad_comment_input_is_refused_and_writes_nothing() {
    let w = world().await;
    let top = w.comment(&w.alice_web, w.page, None, "Top").await;
    let elsewhere = w
        .comment(&w.alice_web, w.other_page, None, "Elsewhere")
        .await;
    let before = w.app.count("comments").await;
    let page = w.page.to_string();
    let too_long = "x".repeat(5001);
    let elsewhere = elsewhere.to_string();
    let cases: Vec<(Vec<(&str, &str)>, StatusCode)> = vec![
        (
            vec![
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("body", "   "),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("body", &too_long),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("body", "ok"),
                ("alignment", "sideways"),
            ],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![
                ("resource_kind", "spaceship"),
                ("resource_id", &page),
                ("body", "ok"),
            ],
            StatusCode::NOT_FOUND,
        ),
        (
            vec![
                ("resource_kind", "page"),
                ("resource_id", "abc"),
                ("body", "ok"),
            ],
            StatusCode::NOT_FOUND,
        ),
        (
            vec![
                ("resource_kind", "page"),
                ("resource_id", "999999"),
                ("body", "ok"),
            ],
            StatusCode::NOT_FOUND,
        ),
        (
            // A parent that belongs to another resource.
            vec![
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("parent_id", &elsewhere),
                ("body", "ok"),
            ],
            StatusCode::NOT_FOUND,
        ),
        (
            vec![
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("parent_id", "x"),
                ("body", "ok"),
            ],
            StatusCode::NOT_FOUND,
        ),
    ];
    for (form, status) in cases {
        let body = expect_status(w.post(&w.bob_web, "/comments", &form).await, status).await;
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert!(body.contains("role=\"alert\""), "errors listed");
        }
    }
    let too_long_body = expect_status(
        w.post(
            &w.bob_web,
            "/comments",
            &[
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("body", &too_long),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(too_long_body.contains("at most 5000 characters"));
    // Not signed in: sent to the sign-in page.
    let response = w
        .post(
            &w.anonymous,
            "/comments",
            &[
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("body", "ok"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        format!("/sign-in?next=/pages/{}", w.page),
        "back to the page after signing in"
    );
    // Editing with a too-long text.
    expect_status(
        w.post(
            &w.alice_web,
            &format!("/comments/{top}/edit"),
            &[("body", &too_long)],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(w.app.count("comments").await, before);
    assert_eq!(w.app.count("comment_versions").await, 0);
}

#[tokio::test]
async fn only_members_take_part_where_the_space_says_so() {
    let w = world().await;
    spaces::update(
        w.app.db(),
        w.space.id,
        spaces::SpaceChanges {
            slug: "budget",
            title: "budget",
            description: "",
            visibility: Visibility::MembersParticipate,
        },
    )
    .await
    .expect("update");
    let page = w.page.to_string();
    // The outsider sees the page and its comments, without a form; posting is forbidden.
    let html = w.page_html(&w.outsider_web, w.page).await;
    assert!(!html.contains("action=\"/comments\""));
    expect_status(
        w.post(
            &w.outsider_web,
            "/comments",
            &[
                ("resource_kind", "page"),
                ("resource_id", &page),
                ("body", "Hi"),
            ],
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(w.app.count("comments").await, 0);
    let _ = (&w.org, &w.carol, &w.dave, &w.alice, &w.moderator);
}

#[tokio::test]
async fn markup_in_comments_is_shown_as_text() {
    let w = world().await;
    w.comment(
        &w.alice_web,
        w.page,
        None,
        "<script>alert('x')</script><img src=x onerror=alert(1)> [link](javascript:alert(1)) \"><b onclick=alert(1)>",
    )
    .await;
    let html = w.page_html(&w.anonymous, w.page).await;
    // No tag of the text becomes a tag of the page: each is shown, escaped, as typed.
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b onclick"));
    assert!(!html.contains("href=\"javascript:"));
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "shown as text"
    );
    assert!(html.contains("&lt;script&gt;alert"), "shown as text");
    // The edit form shows the raw text escaped.
    let id = w.last_comment().await;
    let form = expect_status(
        w.get(&w.alice_web, &format!("/comments/{id}/edit")).await,
        StatusCode::OK,
    )
    .await;
    assert!(form.contains("&lt;script&gt;") || form.contains("&#60;script&#62;"));
    assert!(!form.contains("<script>alert"));
}

#[tokio::test]
async fn a_thread_of_three_thousand_replies_is_paginated_and_permalinks_find_each_reply() {
    let w = world().await;
    let db = w.app.db();
    let thread = w.comment(&w.bob_web, w.page, None, "The long thread").await;
    let after = w.comment(&w.bob_web, w.page, None, "The next thread").await;
    // 3,000 direct replies to the first thread, in bulk (oldest first).
    let mut tx = db.begin().await.expect("tx");
    for batch in 0..3 {
        let rows: Vec<String> = (0..1000)
            .map(|i| {
                let n = batch * 1000 + i + 1;
                format!(
                    "('page', {}, {}, {thread}, {thread}, 1, {}, 'Reply number {n}.', 0, {n})",
                    w.page, w.space.id, w.carol.id
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO comments (resource_kind, resource_id, space_id, parent_id, root_id, depth,
                                   author_id, body, alignment, created_at) VALUES {}",
            rows.join(", ")
        );
        agora::db::query_built(sql)
            .execute(&mut tx)
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");
    let tenth: i64 = sqlx::query("SELECT id FROM comments WHERE body = 'Reply number 10.'")
        .fetch_one(&db.pool)
        .await
        .expect("tenth")
        .try_get(0)
        .expect("id");
    // A late answer to an early reply: the 3,001st reply of the thread, on its 61st page.
    let late = w
        .comment(&w.alice_web, w.page, Some(tenth), "A late answer")
        .await;

    // The page of threads: the first 5 replies, then a link to the whole thread.
    let html = w.page_html(&w.anonymous, w.page).await;
    assert_eq!(html.matches("<article id=\"comment-").count(), 7);
    assert!(html.contains("Reply number 5."));
    assert!(!html.contains("Reply number 6."));
    assert!(!html.contains("A late answer"));
    assert!(html.contains("The next thread"));
    assert!(html.contains("2996 more replies"), "{html}");
    let more = format!("comments_thread={thread}&amp;replies_page=1");
    assert!(
        html.contains(&more) || html.contains(&more.replace("&amp;", "&#38;")),
        "a link to the rest of the thread"
    );
    assert!(html.contains("3003 comments"));

    // The thread alone, page 2 of its replies: replies 51 to 100, and the ways out.
    let w = &w;
    let page = |query: String| {
        let path = format!("/pages/{}?{query}", w.page);
        async move { expect_status(w.get(&w.anonymous, &path).await, StatusCode::OK).await }
    };
    let two = page(format!("comments_thread={thread}&replies_page=2")).await;
    assert!(two.contains("The long thread"));
    assert!(!two.contains("The next thread"));
    assert!(two.contains("Reply number 51."));
    assert!(two.contains("Reply number 100."));
    assert!(!two.contains("Reply number 50."));
    assert!(!two.contains("Reply number 101."));
    assert!(two.contains("page 2 of 61"));
    assert!(two.contains("Previous replies") && two.contains("Next replies"));
    assert!(two.contains("Back to all the comments"));
    // The last page holds the late answer, shown under the thread's first comment.
    let last = page(format!("comments_thread={thread}&replies_page=999")).await;
    assert!(last.contains("A late answer"));
    assert!(last.contains("page 61 of 61"));
    assert!(!last.contains("Next replies"));

    // Permalinks: an early reply is on the page of threads, the tenth on the thread's first page,
    // the late one on its page 61.
    let third: i64 = sqlx::query("SELECT id FROM comments WHERE body = 'Reply number 3.'")
        .fetch_one(&db.pool)
        .await
        .expect("third")
        .try_get(0)
        .expect("id");
    let response = w.get(&w.anonymous, &format!("/comments/{third}")).await;
    assert_eq!(
        location(&response),
        format!("/pages/{}#comment-{third}", w.page)
    );
    let response = w.get(&w.anonymous, &format!("/comments/{tenth}")).await;
    assert_eq!(
        location(&response),
        format!(
            "/pages/{}?comments_thread={thread}&replies_page=1#comment-{tenth}",
            w.page
        )
    );
    let response = w.get(&w.anonymous, &format!("/comments/{late}")).await;
    assert_eq!(
        location(&response),
        format!(
            "/pages/{}?comments_thread={thread}&replies_page=61#comment-{late}",
            w.page
        )
    );
    // A thread id that is not a top-level comment of this page shows the page of threads.
    let elsewhere = w.comment(&w.bob_web, w.other_page, None, "Elsewhere").await;
    for bad in [
        tenth.to_string(),
        elsewhere.to_string(),
        "abc".into(),
        "-1".into(),
    ] {
        let html = page(format!("comments_thread={bad}&replies_page=2")).await;
        assert!(html.contains("The long thread"), "{bad}");
        assert!(html.contains("The next thread"), "{bad}");
        assert!(!html.contains("Elsewhere"), "{bad}");
    }
    // A thread without more replies shown alone: its one page.
    let alone = page(format!("comments_thread={after}")).await;
    assert!(alone.contains("The next thread") && !alone.contains("The long thread"));
    assert!(alone.contains("page 1 of 1"));
}

#[tokio::test]
async fn reply_and_report_have_their_own_pages_linked_from_every_comment() {
    let w = world().await;
    let top = w.comment(&w.alice_web, w.page, None, "Plant *trees*").await;
    // The list links to both pages instead of carrying their forms.
    let html = w.page_html(&w.bob_web, w.page).await;
    assert!(
        html.contains(&format!("href=\"/comments/{top}/reply\"")),
        "{html}"
    );
    assert!(html.contains(&format!(
        "href=\"/reports/new?resource_kind=comment&amp;resource_id={top}\""
    )));
    assert!(
        !html.contains("name=\"parent_id\""),
        "no reply form in the list"
    );

    // The reply page quotes the comment and posts a reply to it.
    let page = expect_status(
        w.get(&w.bob_web, &format!("/comments/{top}/reply")).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("<em>trees</em>"),
        "the comment quoted: {page}"
    );
    assert!(page.contains(&format!("name=\"parent_id\" value=\"{top}\"")));
    let reply = w.comment(&w.bob_web, w.page, Some(top), "Yes").await;
    assert_eq!(
        w.scalar("SELECT parent_id FROM comments WHERE id = $1", reply)
            .await,
        top
    );

    // The report page has the form for that comment; reporting brings back to the page.
    let page = expect_status(
        w.get(
            &w.bob_web,
            &format!("/reports/new?resource_kind=comment&resource_id={top}"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains(&format!("name=\"resource_id\" value=\"{top}\"")));
    assert!(!page.contains("aria-invalid"), "no error before sending");

    // Signed out: both pages ask to sign in; nothing is written.
    for path in [
        format!("/comments/{top}/reply"),
        format!("/reports/new?resource_kind=comment&resource_id={top}"),
    ] {
        let response = w.get(&w.anonymous, &path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&response).starts_with("/sign-in"), "{path}");
    }
    // Unknown or foreign ids, unknown kinds: 404.
    let hidden = w
        .comment(&w.admin_web, w.private_page, None, "Members only")
        .await;
    for path in [
        format!("/comments/{hidden}/reply"),
        format!("/reports/new?resource_kind=comment&resource_id={hidden}"),
        "/comments/999999/reply".to_string(),
        "/comments/x/reply".to_string(),
        format!("/reports/new?resource_kind=nothing&resource_id={top}"),
        "/reports/new?resource_kind=comment&resource_id=abc".to_string(),
    ] {
        expect_status(w.get(&w.outsider_web, &path).await, StatusCode::NOT_FOUND).await;
    }
    // A deleted comment takes no more replies.
    expect_status(
        w.post(&w.alice_web, &format!("/comments/{top}/delete"), &[])
            .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    expect_status(
        w.get(&w.bob_web, &format!("/comments/{top}/reply")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(w.app.count("reports").await, 0);
}
