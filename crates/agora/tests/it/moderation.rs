//! Integration tests: moderation — reports, automatic hiding after three reports, the
//! moderators' queue and its decisions, blocking an author, the public log, notifications.

use reqwest::StatusCode;

use crate::comments::{World, world};
use crate::helpers::expect_status;

async fn report(
    w: &World,
    client: &reqwest::Client,
    id: i64,
    reason: &str,
    details: &str,
) -> StatusCode {
    w.post(
        client,
        "/reports",
        &[
            ("resource_kind", "comment"),
            ("resource_id", &id.to_string()),
            ("reason", reason),
            ("details", details),
        ],
    )
    .await
    .status()
}

/// The id of the moderation row of a comment.
async fn moderation_of(w: &World, comment: i64) -> i64 {
    w.scalar(
        "SELECT id FROM moderations WHERE resource_kind = 'comment' AND resource_id = $1",
        comment,
    )
    .await
}

#[tokio::test]
async fn three_reports_hide_a_comment_behind_a_placeholder_and_notify_moderators() {
    let w = world().await;
    let id = w
        .comment(&w.alice_web, w.page, None, "Buy cheap watches")
        .await;
    let reply = w
        .comment(&w.carol_web, w.page, Some(id), "An honest reply")
        .await;
    assert_eq!(
        report(&w, &w.bob_web, id, "spam", "Advertising").await,
        StatusCode::SEE_OTHER
    );
    // Reporting twice counts once.
    assert_eq!(
        report(&w, &w.bob_web, id, "offensive", "").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        report(&w, &w.carol_web, id, "spam", "").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.app.count("reports").await, 2);
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(
        html.contains("Buy cheap watches"),
        "two reports do not hide"
    );
    let bob_view = w.page_html(&w.bob_web, w.page).await;
    assert!(bob_view.contains("You reported this comment"));
    assert_eq!(w.app.count("notifications").await, 0);

    assert_eq!(
        report(&w, &w.dave_web, id, "other", "Not about the plan").await,
        StatusCode::SEE_OTHER
    );
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(!html.contains("Buy cheap watches"));
    assert!(html.contains("Comment hidden by moderation."));
    assert!(
        html.contains("An honest reply"),
        "the thread stays readable"
    );
    assert!(html.contains(&format!("id=\"comment-{reply}\"")));
    // The permalink still leads to the placeholder, not to a 404.
    let response = w.get(&w.anonymous, &format!("/comments/{id}")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Moderators (space moderator and organisation admin) are notified, once each.
    assert_eq!(w.app.count("notifications").await, 2);
    let page = expect_status(
        w.get(&w.moderator_web, "/notifications").await,
        StatusCode::OK,
    )
    .await;
    // (The page speaks the instance's default language: check the link, not the words.)
    assert!(!page.contains("notification-auto-hidden"), "translated");
    assert!(page.contains(&format!("href=\"/spaces/{}/moderation\"", w.space.id)));
    let nid = w
        .scalar(
            "SELECT id FROM notifications WHERE user_id = $1",
            w.moderator.id,
        )
        .await;
    w.post(&w.moderator_web, &format!("/notifications/{nid}/read"), &[])
        .await;
    assert_eq!(
        w.scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NOT NULL",
            w.moderator.id
        )
        .await,
        1
    );
    // Someone else's notification cannot be marked read.
    w.post(&w.bob_web, &format!("/notifications/{nid}/read"), &[])
        .await;
    let anonymous = w.get(&w.anonymous, "/notifications").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn moderators_hide_unhide_and_dismiss_and_the_public_log_names_no_reporter() {
    let w = world().await;
    let id = w
        .comment(&w.alice_web, w.page, None, "A sharp remark")
        .await;
    report(
        &w,
        &w.bob_web,
        id,
        "offensive",
        "Rude <script>alert(1)</script>",
    )
    .await;
    report(&w, &w.carol_web, id, "offensive", "").await;
    let queue = expect_status(
        w.get(
            &w.moderator_web,
            &format!("/spaces/{}/moderation", w.space.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(queue.contains("A sharp remark"));
    assert!(queue.contains("2 open reports"));
    assert!(queue.contains("Offensive: 2"));
    assert!(queue.contains("Rude &lt;script&gt;") || queue.contains("Rude &#60;script&#62;"));
    assert!(!queue.contains("<script>alert"));
    assert!(
        !queue.contains("bob") && !queue.contains("carol"),
        "reporters are not shown"
    );
    let mid = moderation_of(&w, id).await;

    // Hide with a reason: placeholder in the thread.
    let response = w
        .post(
            &w.moderator_web,
            &format!("/spaces/{}/moderation/{mid}/hide", w.space.id),
            &[("reason", "Insults a participant")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("Comment hidden by moderation."));
    assert!(!html.contains("A sharp remark"));
    // Unhide: visible again.
    let response = w
        .post(
            &w.moderator_web,
            &format!("/spaces/{}/moderation/{mid}/unhide", w.space.id),
            &[("reason", "Sharp but fair")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("A sharp remark"));
    // Unhiding twice changes nothing.
    expect_status(
        w.post(
            &w.moderator_web,
            &format!("/spaces/{}/moderation/{mid}/unhide", w.space.id),
            &[],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // New report, then dismissed: leaves the queue, stays visible.
    report(&w, &w.dave_web, id, "spam", "").await;
    w.post(
        &w.moderator_web,
        &format!("/spaces/{}/moderation/{mid}/dismiss", w.space.id),
        &[("reason", "Not spam")],
    )
    .await;
    let queue = expect_status(
        w.get(
            &w.moderator_web,
            &format!("/spaces/{}/moderation", w.space.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(queue.contains("Nothing to moderate."));

    // The public log, for anyone who sees the space.
    let log = expect_status(
        w.get(
            &w.anonymous,
            &format!("/spaces/{}/moderation/log", w.space.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    for text in [
        "Hidden",
        "Insults a participant",
        "Shown again",
        "Sharp but fair",
        "Reports dismissed",
        "Not spam",
        "A moderator",
    ] {
        assert!(log.contains(text), "{text}");
    }
    for name in ["bob", "carol", "dave", "moderator@", "Rude"] {
        assert!(
            !log.contains(name),
            "{name} must not appear in the public log"
        );
    }
}

#[tokio::test]
async fn only_moderators_reach_the_queue_and_decisions() {
    let w = world().await;
    let id = w.comment(&w.alice_web, w.page, None, "Reported").await;
    report(&w, &w.bob_web, id, "spam", "").await;
    let mid = moderation_of(&w, id).await;
    let queue = format!("/spaces/{}/moderation", w.space.id);
    expect_status(w.get(&w.bob_web, &queue).await, StatusCode::FORBIDDEN).await;
    let response = w.get(&w.anonymous, &queue).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // A private space's queue does not even exist for outsiders.
    expect_status(
        w.get(
            &w.outsider_web,
            &format!("/spaces/{}/moderation", w.private.id),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.get(
            &w.outsider_web,
            &format!("/spaces/{}/moderation/log", w.private.id),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.post(
            &w.bob_web,
            &format!("{queue}/{mid}/hide"),
            &[("reason", "x")],
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // The moderator of the process is not a moderator of the private space, and a moderation
    // of another space cannot be reached through this one.
    expect_status(
        w.get(
            &w.moderator_web,
            &format!("/spaces/{}/moderation", w.private.id),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.post(
            &w.admin_web,
            &format!("/spaces/{}/moderation/{mid}/hide", w.private.id),
            &[],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.post(&w.moderator_web, &format!("{queue}/{mid}/explode"), &[])
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_status(
        w.post(
            &w.moderator_web,
            &format!("{queue}/{}/hide", mid + 100),
            &[],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let too_long = "x".repeat(1001);
    expect_status(
        w.post(
            &w.moderator_web,
            &format!("{queue}/{mid}/hide"),
            &[("reason", &too_long)],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(w.app.count("moderation_log").await, 0);
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("Reported"));
}

#[tokio::test]
async fn a_blocked_author_cannot_sign_in_and_shows_as_blocked() {
    let w = world().await;
    let id = w
        .comment(&w.alice_web, w.page, None, "Spam spam spam")
        .await;
    report(&w, &w.bob_web, id, "spam", "").await;
    let block = format!("/spaces/{}/moderation/block", w.space.id);
    let alice = w.alice.id.to_string();
    // A moderator who does not administer the organisation may not block.
    expect_status(
        w.post(
            &w.moderator_web,
            &block,
            &[("user_id", &alice), ("justification", "Spammer")],
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // A justification is required; only authors of content moderated here can be blocked.
    expect_status(
        w.post(
            &w.admin_web,
            &block,
            &[("user_id", &alice), ("justification", " ")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    expect_status(
        w.post(
            &w.admin_web,
            &block,
            &[
                ("user_id", &w.carol.id.to_string()),
                ("justification", "No reason"),
            ],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        w.scalar(
            "SELECT COUNT(*) FROM users WHERE blocked_at IS NOT NULL AND id > $1",
            0
        )
        .await,
        0
    );
    let queue = expect_status(
        w.get(&w.admin_web, &format!("/spaces/{}/moderation", w.space.id))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(queue.contains("Block the author"));
    let response = w
        .post(
            &w.admin_web,
            &block,
            &[
                ("user_id", &alice),
                ("justification", "Repeated advertising"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // Her session ended; she cannot sign in again.
    let response = w.get(&w.alice_web, "/account").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        w.scalar(
            "SELECT COUNT(*) FROM sessions WHERE user_id = $1",
            w.alice.id
        )
        .await,
        0
    );
    let response = w
        .app
        .sign_in("alice@example.org", "a long password 123")
        .await;
    assert_ne!(response.status(), StatusCode::SEE_OTHER, "no sign-in");
    assert_eq!(
        w.scalar(
            "SELECT COUNT(*) FROM sessions WHERE user_id = $1",
            w.alice.id
        )
        .await,
        0
    );
    // Her content is signed "blocked"; the log says a participant was blocked, not who or why.
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("Blocked participant"));
    assert!(!html.contains(">alice<"));
    let log = expect_status(
        w.get(
            &w.anonymous,
            &format!("/spaces/{}/moderation/log", w.space.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(log.contains("A participant was blocked"));
    assert!(log.contains("An administrator"));
    assert!(!log.contains("alice") && !log.contains("Repeated advertising"));
}

#[tokio::test]
async fn bad_reports_are_refused_and_write_nothing() {
    let w = world().await;
    let id = w.comment(&w.alice_web, w.page, None, "Fine").await;
    let deleted = w.comment(&w.alice_web, w.page, None, "Gone").await;
    w.post(&w.alice_web, &format!("/comments/{deleted}/delete"), &[])
        .await;
    assert_eq!(
        report(&w, &w.bob_web, id, "boring", "").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        report(&w, &w.bob_web, id, "", "").await,
        StatusCode::BAD_REQUEST
    );
    let too_long = "y".repeat(1001);
    let body = expect_status(
        w.post(
            &w.bob_web,
            "/reports",
            &[
                ("resource_kind", "comment"),
                ("resource_id", &id.to_string()),
                ("reason", "other"),
                ("details", &too_long),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(body.contains("at most 1000 characters"));
    assert_eq!(
        report(&w, &w.bob_web, 999_999, "spam", "").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        report(&w, &w.bob_web, deleted, "spam", "").await,
        StatusCode::NOT_FOUND
    );
    let response = w
        .post(
            &w.bob_web,
            "/reports",
            &[
                ("resource_kind", "planet"),
                ("resource_id", "1"),
                ("reason", "spam"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Anonymous visitors are sent to sign in.
    assert_eq!(
        report(&w, &w.anonymous, id, "spam", "").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(w.app.count("reports").await, 0);
    assert_eq!(w.app.count("moderations").await, 0);
}

#[tokio::test]
async fn concurrent_reports_count_once_per_person_and_hide_exactly_once() {
    let w = world().await;
    let id = w.comment(&w.alice_web, w.page, None, "Contested").await;
    let mut tasks = Vec::new();
    // 30 identical reports from bob, and one each from carol and dave, all at once.
    let clients =
        std::iter::repeat_n(w.bob_web.clone(), 30).chain([w.carol_web.clone(), w.dave_web.clone()]);
    for client in clients {
        let url = w.app.url("/reports");
        let id = id.to_string();
        tasks.push(tokio::spawn(async move {
            crate::helpers::post_form_with(
                &client,
                &url,
                &[
                    ("resource_kind", "comment"),
                    ("resource_id", &id),
                    ("reason", "spam"),
                ],
            )
            .await
            .status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::SEE_OTHER);
    }
    assert_eq!(w.app.count("reports").await, 3);
    let mid = moderation_of(&w, id).await;
    assert_eq!(
        w.scalar("SELECT reports_count FROM moderations WHERE id = $1", mid)
            .await,
        3
    );
    assert_eq!(w.app.count("moderation_log").await, 1, "hidden once");
    assert_eq!(w.app.count("notifications").await, 2, "notified once each");
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(html.contains("Comment hidden by moderation."));
}

#[test]
fn participant_texts_exist_in_every_language() {
    use agora::i18n::{Catalog, Locale};
    let en = Catalog::keys(Locale::En);
    let participant = |k: &&String| {
        k.starts_with("comments-") || k.starts_with("report-") || k.starts_with("moderation-log")
    };
    for locale in [Locale::Fr, Locale::Es, Locale::Ca] {
        let keys = Catalog::keys(locale);
        let missing: Vec<_> = en
            .iter()
            .filter(participant)
            .filter(|k| !keys.contains(k))
            .collect();
        assert!(missing.is_empty(), "{locale}: {missing:?}");
    }
}
