//! Integration tests: the threads component — a versioned context, replies through the comment
//! service (nested, flat, newest first), close and reopen, pinned outline, unread markers,
//! private spaces, other people's threads, bad input.

use agora::components::threads;
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

struct World {
    app: TestApp,
    org: Organization,
    #[allow(dead_code)]
    space: Space,
    cid: i64,
}

async fn world_with(visibility: Visibility, settings: Value) -> World {
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
            visibility,
            published: true,
        },
    )
    .await
    .expect("space");
    let cid = threads::create_component(
        app.db(),
        space.id,
        "Discussions",
        settings.as_object().expect("object"),
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
    world_with(Visibility::MembersParticipate, json!({})).await
}

impl World {
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

    async fn outsider(&self, name: &str) -> Client {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), "a long password 123")
            .await;
        self.app.browser_signed_in(&user).await
    }

    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    fn thread_url(&self, tid: i64) -> String {
        self.url(&format!("/threads/{}/{tid}", self.cid))
    }

    /// Starts a thread through the form; returns its id.
    async fn start(&self, client: &Client, title: &str, context: &str, layout: &str) -> i64 {
        let response = post_form_with(
            client,
            &self.url(&format!("/threads/{}/new", self.cid)),
            &[
                ("title", title),
                ("context", context),
                ("reply_layout", layout),
                ("reply_order", "oldest"),
            ],
        )
        .await;
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(String::from);
        expect_status(response, StatusCode::SEE_OTHER).await;
        location
            .and_then(|l| l.rsplit('/').next().and_then(|id| id.parse().ok()))
            .expect("thread id in location")
    }

    /// Replies (to `parent` when given); returns the response.
    async fn reply(
        &self,
        client: &Client,
        tid: i64,
        parent: Option<i64>,
        body: &str,
    ) -> reqwest::Response {
        let tid = tid.to_string();
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        post_form_with(
            client,
            &self.url("/comments"),
            &[
                ("resource_kind", "thread"),
                ("resource_id", tid.as_str()),
                ("parent_id", parent.as_str()),
                ("body", body),
            ],
        )
        .await
    }

    /// Replies and returns the new comment's id.
    async fn replied(&self, client: &Client, tid: i64, parent: Option<i64>, body: &str) -> i64 {
        expect_status(
            self.reply(client, tid, parent, body).await,
            StatusCode::SEE_OTHER,
        )
        .await;
        sqlx::query("SELECT MAX(id) FROM comments WHERE resource_kind = 'thread'")
            .fetch_one(&self.app.db().pool)
            .await
            .expect("comment")
            .try_get::<i64, _>(0)
            .expect("id")
    }

    async fn page(&self, client: &Client, path: &str) -> String {
        expect_status(
            client.get(self.url(path)).send().await.expect("GET"),
            StatusCode::OK,
        )
        .await
    }

    async fn thread_page(&self, client: &Client, tid: i64) -> String {
        self.page(client, &format!("/threads/{}/{tid}", self.cid))
            .await
    }
}

fn position(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in page"))
}

#[tokio::test]
async fn a_thread_is_started_and_its_context_edited_with_versions() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let tid = w
        .start(
            &alice,
            "Summer fair",
            "We hesitate **between** two places.",
            "nested",
        )
        .await;
    let page = w.thread_page(&alice, tid).await;
    assert!(page.contains("<h1>Summer fair</h1>"));
    assert!(page.contains("<strong>between</strong>"));

    let response = post_form_with(
        &alice,
        &format!("{}/edit", w.thread_url(tid)),
        &[
            ("title", "Summer fair"),
            (
                "context",
                "We hesitate between two places.\nThe park is favoured.",
            ),
        ],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let page = w.thread_page(&alice, tid).await;
    assert!(page.contains("The park is favoured."));
    assert!(page.contains("2 versions"));
    let versions = w
        .page(&alice, &format!("/threads/{}/{tid}/versions", w.cid))
        .await;
    assert!(versions.contains("Version 2"));
    assert!(versions.contains("+ The park is favoured."));
    assert!(versions.contains("- We hesitate **between** two places."));
    assert_eq!(w.app.count("thread_versions").await, 2);
}

#[tokio::test]
async fn another_members_thread_cannot_be_edited_closed_or_pinned() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let tid = w
        .start(&alice, "Budget", "Original context.", "nested")
        .await;
    let cid = w.replied(&bob, tid, None, "A reply").await;
    let edit = post_form_with(
        &bob,
        &format!("{}/edit", w.thread_url(tid)),
        &[("title", "Hijacked"), ("context", "Changed")],
    )
    .await;
    expect_status(edit, StatusCode::FORBIDDEN).await;
    let close = post_form_with(&bob, &format!("{}/close", w.thread_url(tid)), &[]).await;
    expect_status(close, StatusCode::FORBIDDEN).await;
    let cid_text = cid.to_string();
    let pin = post_form_with(
        &bob,
        &format!("{}/pin", w.thread_url(tid)),
        &[("comment_id", cid_text.as_str()), ("title", "Mine")],
    )
    .await;
    expect_status(pin, StatusCode::FORBIDDEN).await;
    let page = w.thread_page(&bob, tid).await;
    assert!(page.contains("Original context."));
    assert!(!page.contains("Hijacked"));
    assert!(!page.contains("Close the thread"));
    assert_eq!(w.app.count("thread_versions").await, 1);
    assert_eq!(w.app.count("thread_pins").await, 0);
}

#[tokio::test]
async fn replies_nest_and_follow_the_authors_layout_and_order() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let tid = w.start(&alice, "Layout", "", "nested").await;
    let first = w.replied(&bob, tid, None, "First message").await;
    let nested = w.replied(&alice, tid, Some(first), "Nested answer").await;
    w.replied(&bob, tid, None, "Second message").await;
    let depth: i64 = sqlx::query("SELECT depth FROM comments WHERE id = $1")
        .bind(nested)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("depth")
        .try_get(0)
        .expect("depth");
    assert_eq!(depth, 1);

    // Nested, oldest first: the answer sits in a nested list under the first message.
    let page = w.thread_page(&bob, tid).await;
    let (a, b, c) = (
        position(&page, "First message"),
        position(&page, "Nested answer"),
        position(&page, "Second message"),
    );
    assert!(a < b && b < c);
    assert!(page[a..b].contains("<ol>"));

    // Flat, newest first: one list by date, newest on top.
    let response = post_form_with(
        &alice,
        &format!("{}/layout", w.thread_url(tid)),
        &[("reply_layout", "flat"), ("reply_order", "newest")],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let page = w.thread_page(&bob, tid).await;
    let (a, b, c) = (
        position(&page, "First message"),
        position(&page, "Nested answer"),
        position(&page, "Second message"),
    );
    assert!(c < b && b < a, "flat, newest first");
    assert!(!page[c..a].contains("<ol>"));

    // Nested, newest first: the newest conversation first, each keeping its replies.
    let response = post_form_with(
        &alice,
        &format!("{}/layout", w.thread_url(tid)),
        &[("reply_layout", "nested"), ("reply_order", "newest")],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let page = w.thread_page(&bob, tid).await;
    let (a, b, c) = (
        position(&page, "First message"),
        position(&page, "Nested answer"),
        position(&page, "Second message"),
    );
    assert!(c < a && a < b, "nested, newest first");

    // The replies count is kept by the comment service's counter.
    let list = w.page(&bob, &format!("/threads/{}", w.cid)).await;
    assert!(list.contains("3 replies"));
}

#[tokio::test]
async fn a_closed_thread_refuses_replies_until_reopened() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let tid = w.start(&alice, "Closing", "", "nested").await;
    let first = w.replied(&bob, tid, None, "Before closing").await;
    let close = post_form_with(&alice, &format!("{}/close", w.thread_url(tid)), &[]).await;
    expect_status(close, StatusCode::SEE_OTHER).await;
    // Closing twice says so.
    let again = post_form_with(&alice, &format!("{}/close", w.thread_url(tid)), &[]).await;
    let body = expect_status(again, StatusCode::CONFLICT).await;
    assert!(body.contains("already closed"));

    expect_status(
        w.reply(&bob, tid, None, "After closing").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_status(
        w.reply(&bob, tid, Some(first), "Nested after closing")
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(w.app.count("comments").await, 1);
    let page = w.thread_page(&bob, tid).await;
    assert!(page.contains("This thread is closed"));
    assert!(page.contains("Before closing"));
    assert!(!page.contains("id=\"comment-new-body\""));

    let reopen = post_form_with(&alice, &format!("{}/reopen", w.thread_url(tid)), &[]).await;
    expect_status(reopen, StatusCode::SEE_OTHER).await;
    w.replied(&bob, tid, None, "After reopening").await;
    assert_eq!(w.app.count("comments").await, 2);
}

#[tokio::test]
async fn pinned_replies_form_an_outline_linking_to_them() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let tid = w.start(&alice, "Outline", "", "nested").await;
    let other = w.start(&alice, "Other thread", "", "nested").await;
    let reply = w.replied(&bob, tid, None, "The key argument").await;
    let elsewhere = w.replied(&bob, other, None, "Elsewhere").await;
    let reply_text = reply.to_string();
    let pin_url = format!("{}/pin", w.thread_url(tid));

    // Bad input: no title, a comment of another thread, not a number.
    let empty = post_form_with(
        &alice,
        &pin_url,
        &[("comment_id", reply_text.as_str()), ("title", "  ")],
    )
    .await;
    let body = expect_status(empty, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("Give the pinned reply a title."));
    let elsewhere_text = elsewhere.to_string();
    let foreign = post_form_with(
        &alice,
        &pin_url,
        &[
            ("comment_id", elsewhere_text.as_str()),
            ("title", "Foreign"),
        ],
    )
    .await;
    expect_status(foreign, StatusCode::NOT_FOUND).await;
    let nonsense = post_form_with(
        &alice,
        &pin_url,
        &[("comment_id", "abc"), ("title", "Nonsense")],
    )
    .await;
    expect_status(nonsense, StatusCode::BAD_REQUEST).await;
    assert_eq!(w.app.count("thread_pins").await, 0);

    // Parallel identical pins record one.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let alice = alice.clone();
        let pin_url = pin_url.clone();
        let reply_text = reply_text.clone();
        tasks.push(tokio::spawn(async move {
            post_form_with(
                &alice,
                &pin_url,
                &[
                    ("comment_id", reply_text.as_str()),
                    ("title", "Key argument"),
                ],
            )
            .await
            .status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::SEE_OTHER);
    }
    assert_eq!(w.app.count("thread_pins").await, 1);
    let page = w.thread_page(&bob, tid).await;
    let outline = &page[position(&page, "id=\"outline\"")..];
    assert!(outline.contains(&format!(
        "href=\"/threads/{}/{tid}#comment-{reply}\">Key argument</a>",
        w.cid
    )));
    assert!(page.contains(&format!("id=\"comment-{reply}\"")));

    let unpin = post_form_with(
        &alice,
        &format!("{}/unpin", w.thread_url(tid)),
        &[("comment_id", reply_text.as_str())],
    )
    .await;
    expect_status(unpin, StatusCode::SEE_OTHER).await;
    assert!(
        w.thread_page(&bob, tid)
            .await
            .contains("No pinned reply yet.")
    );
}

#[tokio::test]
async fn unread_replies_are_counted_and_the_first_is_linked() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let tid = w.start(&alice, "Unread", "", "nested").await;
    let seen = w.replied(&alice, tid, None, "Seen by bob").await;
    // Bob reads the thread (in parallel views, which leave one marker).
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let bob = bob.clone();
        let url = w.thread_url(tid);
        tasks.push(tokio::spawn(async move {
            bob.get(url).send().await.expect("GET").status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::OK);
    }
    assert_eq!(w.app.count("thread_reads").await, 1);
    let list = w.page(&bob, &format!("/threads/{}", w.cid)).await;
    assert!(!list.contains(" new</span>"));

    let first_new = w.replied(&alice, tid, Some(seen), "New one").await;
    w.replied(&alice, tid, None, "New two").await;
    // Bob's own reply is not news to him.
    w.replied(&bob, tid, None, "Bob's own").await;
    let list = w.page(&bob, &format!("/threads/{}", w.cid)).await;
    assert!(list.contains("2 new"), "list: {list}");
    let page = w.thread_page(&bob, tid).await;
    assert!(page.contains(&format!(
        "href=\"/threads/{}/{tid}#comment-{first_new}\">Jump to the first unread reply",
        w.cid
    )));
    // Read now: nothing new any more.
    let list = w.page(&bob, &format!("/threads/{}", w.cid)).await;
    assert!(!list.contains("2 new"));
    let page = w.thread_page(&bob, tid).await;
    assert!(!page.contains("Jump to the first unread reply"));
}

#[tokio::test]
async fn a_private_spaces_threads_are_not_found_by_outsiders() {
    let w = world_with(Visibility::Private, json!({})).await;
    let (_, alice) = w.member("alice").await;
    let tid = w
        .start(&alice, "Private matter", "Secret context", "nested")
        .await;
    let outsider = w.outsider("eve").await;
    for path in [
        format!("/threads/{}", w.cid),
        format!("/threads/{}/{tid}", w.cid),
        format!("/threads/{}/{tid}/versions", w.cid),
    ] {
        let response = outsider.get(w.url(&path)).send().await.expect("GET");
        let body = expect_status(response, StatusCode::NOT_FOUND).await;
        assert!(!body.contains("Secret context"));
    }
    expect_status(
        w.reply(&outsider, tid, None, "Let me in").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(w.app.count("comments").await, 0);
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let new_url = w.url(&format!("/threads/{}/new", w.cid));
    let empty = post_form_with(
        &alice,
        &new_url,
        &[
            ("title", "  "),
            ("context", "x"),
            ("reply_layout", "nested"),
            ("reply_order", "oldest"),
        ],
    )
    .await;
    let body = expect_status(empty, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("Give the thread a title."));
    let long = "x".repeat(20_001);
    let too_long = post_form_with(
        &alice,
        &new_url,
        &[
            ("title", "Long"),
            ("context", long.as_str()),
            ("reply_layout", "nested"),
            ("reply_order", "oldest"),
        ],
    )
    .await;
    let body = expect_status(too_long, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("at most 20,000 characters"));
    let layout = post_form_with(
        &alice,
        &new_url,
        &[
            ("title", "Tree"),
            ("reply_layout", "tree"),
            ("reply_order", "oldest"),
        ],
    )
    .await;
    expect_status(layout, StatusCode::BAD_REQUEST).await;
    assert_eq!(w.app.count("threads").await, 0);

    let tid = w.start(&alice, "Fine", "Kept", "flat").await;
    let edit = post_form_with(
        &alice,
        &format!("{}/edit", w.thread_url(tid)),
        &[("title", ""), ("context", "Lost")],
    )
    .await;
    expect_status(edit, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(w.thread_page(&alice, tid).await.contains("Kept"));
    assert_eq!(w.app.count("thread_versions").await, 1);

    // Anonymous visitors sign in first; a thread of another component is not found.
    let anonymous = w.app.new_browser();
    let response = anonymous.get(new_url.clone()).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = alice
        .get(w.url(&format!("/threads/{}/{tid}", w.cid + 1000)))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_admins_start_threads_when_the_space_says_so() {
    let w = world_with(
        Visibility::MembersParticipate,
        json!({"thread_creation": "admins"}),
    )
    .await;
    let (_, alice) = w.member("alice").await;
    let response = alice
        .get(w.url(&format!("/threads/{}/new", w.cid)))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let refused = post_form_with(
        &alice,
        &w.url(&format!("/threads/{}/new", w.cid)),
        &[
            ("title", "Mine"),
            ("reply_layout", "nested"),
            ("reply_order", "oldest"),
        ],
    )
    .await;
    expect_status(refused, StatusCode::FORBIDDEN).await;
    assert_eq!(w.app.count("threads").await, 0);
    let (admin, admin_client) = w.member("carla").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    w.start(&admin_client, "From the admins", "", "nested")
        .await;
    assert_eq!(w.app.count("threads").await, 1);
}
