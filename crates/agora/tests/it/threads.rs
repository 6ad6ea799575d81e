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

// ----- reactions, moving replies, polls in the timeline, the window around the first unread -----

impl World {
    async fn react(
        &self,
        client: &Client,
        tid: i64,
        comment: i64,
        emoji: &str,
    ) -> reqwest::Response {
        post_form_with(
            client,
            &self.url(&format!("/threads/{}/{tid}/react", self.cid)),
            &[("comment_id", &comment.to_string()), ("emoji", emoji)],
        )
        .await
    }

    async fn reactions(&self) -> Vec<(i64, i64, String)> {
        sqlx::query(
            "SELECT comment_id, user_id, emoji FROM comment_reactions
             ORDER BY comment_id, user_id, emoji",
        )
        .fetch_all(&self.app.db().pool)
        .await
        .expect("reactions")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
    }

    /// Every comment as stored: (id, thread, parent, root, depth).
    async fn comment_rows(&self) -> Vec<(i64, i64, Option<i64>, Option<i64>, i64)> {
        sqlx::query("SELECT id, resource_id, parent_id, root_id, depth FROM comments ORDER BY id")
            .fetch_all(&self.app.db().pool)
            .await
            .expect("comments")
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
            .collect()
    }

    async fn move_reply(
        &self,
        client: &Client,
        tid: i64,
        comment: i64,
        to: i64,
    ) -> reqwest::Response {
        post_form_with(
            client,
            &self.url(&format!("/threads/{}/{tid}/move", self.cid)),
            &[
                ("comment_id", &comment.to_string()),
                ("to", &to.to_string()),
            ],
        )
        .await
    }
}

#[tokio::test]
async fn reactions_toggle_and_show_counts_and_who_reacted() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (bob_user, bob) = w.member("bob").await;
    let (_, carol) = w.member("carol").await;
    let tid = w.start(&alice, "Reactions", "", "nested").await;
    let reply = w.replied(&alice, tid, None, "Let us meet on Monday").await;

    for (client, emoji) in [(&bob, "heart"), (&carol, "heart"), (&carol, "eyes")] {
        let response = w.react(client, tid, reply, emoji).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert!(
            response.headers()["location"]
                .to_str()
                .expect("location")
                .ends_with(&format!("#comment-{reply}"))
        );
    }
    let page = w.thread_page(&alice, tid).await;
    // The count, a text label for screen readers, and who reacted on hover.
    assert!(page.contains("title=\"bob, carol\""), "{page}");
    assert!(page.contains("<span class=\"visually-hidden\">Heart:</span> 2"));
    assert!(page.contains("<span class=\"visually-hidden\">Watching:</span> 1"));
    let bob_page = w.thread_page(&bob, tid).await;
    assert!(bob_page.contains("aria-pressed=\"true\" title=\"bob, carol\""));

    // Toggling again takes it back.
    expect_status(
        w.react(&bob, tid, reply, "heart").await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(w.reactions().await.len(), 2);
    assert!(!w.reactions().await.iter().any(|r| r.1 == bob_user.id));
    let page = w.thread_page(&alice, tid).await;
    assert!(page.contains("<span class=\"visually-hidden\">Heart:</span> 1"));

    // Bad input changes nothing: an emoji not offered, a reply of another thread, no number,
    // an outsider, an anonymous visitor.
    let before = w.reactions().await;
    let response = w.react(&bob, tid, reply, "poop").await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("Choose one of the reactions offered."));
    let other = w.start(&alice, "Elsewhere", "", "nested").await;
    let elsewhere = w.replied(&alice, other, None, "Another thread").await;
    expect_status(
        w.react(&bob, tid, elsewhere, "heart").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let response = post_form_with(
        &bob,
        &w.url(&format!("/threads/{}/{tid}/react", w.cid)),
        &[("comment_id", "abc"), ("emoji", "heart")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let outsider = w.outsider("mallory").await;
    let status = w.react(&outsider, tid, reply, "heart").await.status();
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    let anonymous = w.app.new_browser();
    let status = w.react(&anonymous, tid, reply, "heart").await.status();
    assert_eq!(status, StatusCode::SEE_OTHER, "sent to sign in");
    assert_eq!(w.reactions().await, before);

    // The timeline links each reply to the page that offers every reaction.
    let react_page = format!("/threads/{}/{tid}/react?comment_id={reply}", w.cid);
    let page = w.thread_page(&carol, tid).await;
    let link = format!("{}&amp;comments_page=1", react_page.replace('&', "&amp;"));
    assert!(page.contains(&link), "{page}");
    let get = |client: &reqwest::Client, path: String| {
        let url = w.url(&path);
        let client = client.clone();
        async move { client.get(url).send().await.expect("GET") }
    };
    let body = expect_status(get(&carol, react_page.clone()).await, StatusCode::OK).await;
    assert!(body.contains("Let us meet on Monday"), "the reply quoted");
    for (code, label) in [
        ("heart", "Heart"),
        ("eyes", "Watching"),
        ("party", "Celebrate"),
    ] {
        assert!(
            body.contains(&format!("name=\"emoji\" value=\"{code}\"")),
            "{code}"
        );
        assert!(body.contains(label));
    }
    // Another thread's reply, no number, an outsider, signed out: refused.
    let path = format!("/threads/{}/{tid}/react?comment_id={elsewhere}", w.cid);
    expect_status(get(&carol, path).await, StatusCode::NOT_FOUND).await;
    let path = format!("/threads/{}/{tid}/react?comment_id=abc", w.cid);
    expect_status(get(&carol, path).await, StatusCode::BAD_REQUEST).await;
    let status = get(&outsider, react_page.clone()).await.status();
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    assert_eq!(
        get(&anonymous, react_page).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.reactions().await, before);
}

#[tokio::test]
async fn fifty_parallel_identical_toggles_leave_a_consistent_state() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (bob_user, bob) = w.member("bob").await;
    let tid = w.start(&alice, "Busy", "", "nested").await;
    let reply = w.replied(&alice, tid, None, "Popular").await;
    for (round, expected) in [(50, 0), (51, 1)] {
        let mut tasks = Vec::new();
        for _ in 0..round {
            let bob = bob.clone();
            let url = w.url(&format!("/threads/{}/{tid}/react", w.cid));
            let form = [
                ("comment_id", reply.to_string()),
                ("emoji", "party".to_string()),
            ];
            tasks.push(tokio::spawn(async move {
                bob.post(url)
                    .header("sec-fetch-site", "same-origin")
                    .form(&form)
                    .send()
                    .await
                    .expect("POST")
                    .status()
            }));
        }
        for task in tasks {
            assert_eq!(task.await.expect("task"), StatusCode::SEE_OTHER);
        }
        // Toggles ran one after the other: an even number leaves none, an odd one leaves one.
        let rows = w.reactions().await;
        assert_eq!(rows.len(), expected, "after {round} toggles: {rows:?}");
        assert!(rows.iter().all(|r| r.1 == bob_user.id && r.2 == "party"));
        let page = w.thread_page(&alice, tid).await;
        assert_eq!(
            page.contains("<span class=\"visually-hidden\">Celebrate:</span> 1"),
            expected == 1
        );
    }
}

#[tokio::test]
async fn a_reply_moves_with_its_sub_replies_to_another_thread() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let from = w.start(&alice, "Budget", "", "nested").await;
    let to = w.start(&bob, "Fair logistics", "", "nested").await;
    let stays = w.replied(&bob, from, None, "About the budget").await;
    let side = w
        .replied(&bob, from, Some(stays), "Side topic: the tents")
        .await;
    let under = w
        .replied(&alice, from, Some(side), "We have four tents")
        .await;
    let deeper = w.replied(&bob, from, Some(under), "And two tables").await;
    expect_status(
        post_form_with(
            &alice,
            &w.url(&format!("/threads/{}/{from}/pin", w.cid)),
            &[("comment_id", &side.to_string()), ("title", "Tents")],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let page = w.thread_page(&alice, from).await;
    assert!(page.contains("Move a reply to another thread"));
    assert!(page.contains(&format!("<option value=\"{to}\">Fair logistics</option>")));

    let response = w.move_reply(&alice, from, side, to).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        response.headers()["location"]
            .to_str()
            .expect("location")
            .ends_with(&format!(
                "/threads/{}/{to}?comments_page=1#comment-{side}",
                w.cid
            ))
    );
    let rows = w.comment_rows().await;
    assert_eq!(
        rows,
        vec![
            (stays, from, None, None, 0),
            (side, to, None, None, 0),
            (under, to, Some(side), Some(side), 1),
            (deeper, to, Some(under), Some(side), 2),
        ]
    );
    let target = w.thread_page(&bob, to).await;
    for text in [
        "Side topic: the tents",
        "We have four tents",
        "And two tables",
    ] {
        assert!(target.contains(text), "{text} moved");
    }
    let source = w.thread_page(&bob, from).await;
    assert!(source.contains("About the budget") && !source.contains("four tents"));
    assert!(
        !source.contains(">Tents</a>"),
        "the pin went with the reply"
    );
    let counts: Vec<i64> = sqlx::query("SELECT comments_count FROM threads ORDER BY id")
        .fetch_all(&w.app.db().pool)
        .await
        .expect("counts")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(counts, vec![1, 3]);
    // Logged, one entry per moved comment, and the log still verifies.
    agora::platform::action_log::settle(w.app.db())
        .await
        .expect("settle");
    let moved: i64 = sqlx::query("SELECT COUNT(*) FROM action_log WHERE action = 'comment-moved'")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("log")
        .get(0);
    assert_eq!(moved, 3);
    let report = agora::platform::action_log::verify(w.app.db())
        .await
        .expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
}

#[tokio::test]
async fn a_forged_move_is_refused_and_changes_nothing() {
    let w = world().await;
    let (alice_user, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let from = w.start(&alice, "Alice's thread", "", "nested").await;
    let to = w.start(&bob, "Bob's thread", "", "nested").await;
    let reply = w.replied(&bob, from, None, "A reply").await;
    let in_to = w.replied(&bob, to, None, "Already in Bob's").await;
    let before = w.comment_rows().await;
    let log_before = w.app.count("action_log").await;

    // Bob wrote the reply but does not manage Alice's thread.
    expect_status(
        w.move_reply(&bob, from, reply, to).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // Alice's form naming a reply of another thread.
    let body = expect_status(
        w.move_reply(&alice, from, in_to, to).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(body.contains("This reply is not one of this thread."));
    // To itself, to a thread that does not exist, to a thread of another space.
    for target in [from, 999_999] {
        let body = expect_status(
            w.move_reply(&alice, from, reply, target).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(body.contains("Choose another thread of this space."));
    }
    let other_space = spaces::create(
        w.app.db(),
        NewSpace {
            organization_id: w.org.id,
            kind: SpaceKind::Assembly,
            slug: "other",
            title: "Other",
            description: "",
            visibility: Visibility::MembersParticipate,
            published: true,
        },
    )
    .await
    .expect("space");
    let other_cid = threads::create_component(
        w.app.db(),
        other_space.id,
        "Elsewhere",
        &serde_json::Map::new(),
    )
    .await
    .expect("component");
    let elsewhere = threads::model::create(
        w.app.db(),
        other_cid,
        alice_user.id,
        "Far",
        "",
        "nested",
        "oldest",
    )
    .await
    .expect("thread");
    expect_status(
        w.move_reply(&alice, from, reply, elsewhere).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // A closed thread takes no replies.
    expect_status(
        post_form_with(&bob, &w.url(&format!("/threads/{}/{to}/close", w.cid)), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let body = expect_status(
        w.move_reply(&alice, from, reply, to).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(body.contains("That thread is closed"));
    // Not numbers.
    let response = post_form_with(
        &alice,
        &w.url(&format!("/threads/{}/{from}/move", w.cid)),
        &[("comment_id", "x"), ("to", "1")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    assert_eq!(w.comment_rows().await, before);
    assert_eq!(w.app.count("action_log").await, log_before);
}

#[tokio::test]
async fn a_poll_started_in_a_thread_shows_in_its_timeline_and_its_outcome_in_the_outline() {
    let w = world().await;
    let (_, alice) = w.member("alice").await;
    let (_, bob) = w.member("bob").await;
    let pcid = agora::components::polls::create_component(
        w.app.db(),
        w.space.id,
        "Polls",
        &serde_json::Map::new(),
    )
    .await
    .expect("polls");
    let tid = w.start(&alice, "Summer fair", "", "nested").await;
    let early = w.replied(&bob, tid, None, "Before the poll").await;
    let page = w.thread_page(&alice, tid).await;
    let link = format!("/polls/{pcid}/new?thread={tid}");
    assert!(page.contains(&link), "start a poll from the thread");
    let form = w.page(&alice, &link).await;
    assert!(form.contains(&format!("name=\"thread_id\" value=\"{tid}\"")));

    let closes = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48))
        .to_zoned(jiff::tz::TimeZone::UTC)
        .datetime()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let create = |thread: String| {
        let closes = closes.clone();
        let alice = alice.clone();
        let url = w.url(&format!("/polls/{pcid}/new"));
        async move {
            post_form_with(
                &alice,
                &url,
                &[
                    ("poll_type", "proposal"),
                    ("preset", "proposal"),
                    ("title", "Hold it in the park?"),
                    ("closes_at", &closes),
                    ("open", "on"),
                    ("reason", "optional"),
                    ("reason_max", "200"),
                    ("hide_results", "off"),
                    ("thread_id", &thread),
                ],
            )
            .await
        }
    };
    // A thread of nowhere, or not a number: refused, no poll.
    expect_status(create("999999".into()).await, StatusCode::NOT_FOUND).await;
    expect_status(create("abc".into()).await, StatusCode::BAD_REQUEST).await;
    assert_eq!(w.app.count("polls").await, 0);
    let response = create(tid.to_string()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let pid: i64 = sqlx::query("SELECT id FROM polls WHERE thread_id = $1")
        .bind(tid)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("poll in thread")
        .get(0);
    // Replies written before and after the poll, so its place in time is clear.
    sqlx::query("UPDATE comments SET created_at = created_at - 100 WHERE id = $1")
        .bind(early)
        .execute(&w.app.db().pool)
        .await
        .expect("time");
    let late = w.replied(&bob, tid, None, "After the poll").await;
    sqlx::query("UPDATE comments SET created_at = created_at + 100 WHERE id = $1")
        .bind(late)
        .execute(&w.app.db().pool)
        .await
        .expect("time");
    let poll_page = w.page(&bob, &format!("/polls/{pcid}/{pid}")).await;
    assert!(poll_page.contains(&format!(
        "Started in the thread <a href=\"/threads/{}/{tid}\">Summer fair</a>",
        w.cid
    )));

    let page = w.thread_page(&bob, tid).await;
    let poll_at = position(&page, &format!("id=\"poll-{pid}\""));
    assert!(position(&page, "Before the poll") < poll_at);
    assert!(poll_at < position(&page, "After the poll"));
    assert!(page.contains("<span class=\"badge active\">Open</span>"));
    assert!(page.contains("0 people voted"));

    // Closed with an outcome: an intermediate decision in the outline, beside the pins.
    expect_status(
        post_form_with(&alice, &w.url(&format!("/polls/{pcid}/{pid}/close")), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    expect_status(
        post_form_with(
            &alice,
            &w.url(&format!("/polls/{pcid}/{pid}/outcome")),
            &[("outcome", "The park it is."), ("review_on", "2030-01-15")],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let page = w.thread_page(&bob, tid).await;
    let outline = &page[position(&page, "id=\"outline\"")..position(&page, "</aside>")];
    assert!(outline.contains("Decision"), "{outline}");
    assert!(outline.contains(&format!(
        "href=\"/polls/{pcid}/{pid}#outcome\">Hold it in the park?</a>: The park it is."
    )));
    assert!(page.contains(">Closed</span>"));

    // A closed thread offers no new poll, and a poll cannot be started in it.
    expect_status(
        post_form_with(
            &alice,
            &w.url(&format!("/threads/{}/{tid}/close", w.cid)),
            &[],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert!(!w.thread_page(&alice, tid).await.contains(&link));
    expect_status(create(tid.to_string()).await, StatusCode::NOT_FOUND).await;
    assert_eq!(w.app.count("polls").await, 1);
}

/// Writes `n` top-level replies by `author` directly (as the demo generator does).
async fn many_replies(w: &World, tid: i64, author: i64, n: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id: i64 = sqlx::query(
            "INSERT INTO comments (resource_kind, resource_id, space_id, depth, author_id, body,
                                   alignment, created_at)
             VALUES ('thread', $1, $2, 0, $3, $4, 0, $5) RETURNING id",
        )
        .bind(tid)
        .bind(w.space.id)
        .bind(author)
        .bind(format!("Reply number {i}."))
        .bind(1_700_000_000 + i as i64)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("reply")
        .get(0);
        ids.push(id);
    }
    ids
}

#[tokio::test]
async fn a_long_thread_opens_at_the_first_unread_window_and_marks_only_what_was_shown() {
    let w = world().await;
    let (alice_user, alice) = w.member("alice").await;
    let (bob_user, bob) = w.member("bob").await;
    let tid = w.start(&alice, "Long", "", "flat").await;
    let ids = many_replies(&w, tid, alice_user.id, 120).await;
    // Bob read the first 60.
    sqlx::query(
        "INSERT INTO thread_reads (thread_id, user_id, last_comment_id) VALUES ($1, $2, $3)",
    )
    .bind(tid)
    .bind(bob_user.id)
    .bind(ids[59])
    .execute(&w.app.db().pool)
    .await
    .expect("read");

    let page = w.thread_page(&bob, tid).await;
    // The second window of 50 (replies 50..99) holds the first unread one.
    assert!(page.contains("Reply number 60.") && page.contains("Reply number 99."));
    assert!(!page.contains("Reply number 49.") && !page.contains("Reply number 100."));
    assert!(page.contains("Page 2 of 3"), "page count");
    assert!(page.contains(&format!(
        "href=\"/threads/{}/{tid}?comments_page=1#comments\">Older replies",
        w.cid
    )));
    assert!(page.contains(&format!(
        "href=\"/threads/{}/{tid}?comments_page=3#comments\" rel=\"next\">Newer replies",
        w.cid
    )));
    assert!(page.contains(&format!(
        "#comment-{}\">Jump to the first unread reply",
        ids[60]
    )));
    assert!(page.contains("60 new"));
    // Only what was shown is read: the third window is still new.
    assert_eq!(
        threads::model::last_read(w.app.db(), tid, bob_user.id)
            .await
            .expect("read"),
        ids[99]
    );
    assert_eq!(
        threads::model::unread_count(w.app.db(), tid, bob_user.id)
            .await
            .expect("n"),
        20
    );
    // The next visit opens at the third window; an earlier page read again moves nothing back.
    let page = w.thread_page(&bob, tid).await;
    assert!(page.contains("Reply number 100.") && page.contains("Reply number 119."));
    w.page(&bob, &format!("/threads/{}/{tid}?comments_page=1", w.cid))
        .await;
    assert_eq!(
        threads::model::last_read(w.app.db(), tid, bob_user.id)
            .await
            .expect("read"),
        ids[119]
    );

    // Nothing unread: the start of the thread in its order; newest first starts at the end.
    let carol = w.app.new_browser();
    let page = w.thread_page(&carol, tid).await;
    assert!(page.contains("Reply number 0.") && !page.contains("Reply number 50."));
    expect_status(
        post_form_with(
            &alice,
            &w.url(&format!("/threads/{}/{tid}/layout", w.cid)),
            &[("reply_layout", "flat"), ("reply_order", "newest")],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let page = w.thread_page(&carol, tid).await;
    assert!(page.contains("Reply number 119.") && !page.contains("Reply number 99."));
    assert!(position(&page, "Reply number 119.") < position(&page, "Reply number 100."));
    assert!(page.contains("Page 1 of 3"));
    assert!(page.contains(&format!(
        "href=\"/threads/{}/{tid}?comments_page=2#comments\" rel=\"next\">Older replies",
        w.cid
    )));
}

#[tokio::test]
async fn the_benchmark_thread_generator_writes_a_consistent_thread() {
    let app = TestApp::spawn().await;
    let summary = agora::generate_thread::thread(app.db(), 120, 6, 2, 7)
        .await
        .expect("generate");
    assert_eq!(
        (summary.replies, summary.polls, summary.tokens.len()),
        (118, 2, 2)
    );
    let counted: i64 = sqlx::query("SELECT comments_count FROM threads WHERE id = $1")
        .bind(summary.thread_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("thread")
        .get(0);
    assert_eq!(counted, 118);
    let deepest: i64 = sqlx::query("SELECT MAX(depth) FROM comments")
        .fetch_one(&app.db().pool)
        .await
        .expect("depth")
        .get(0);
    assert!(deepest <= 3);
    let report = agora::platform::action_log::verify(app.db())
        .await
        .expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    // The page, signed in through a generated token, shows the decision in the outline.
    let page = app
        .client
        .get(app.url(&format!(
            "/threads/{}/{}",
            summary.component_id, summary.thread_id
        )))
        .bearer_auth(&summary.tokens[1])
        .send()
        .await
        .expect("GET");
    let page = expect_status(page, StatusCode::OK).await;
    assert!(page.contains("The fair will be in the park."));
}
