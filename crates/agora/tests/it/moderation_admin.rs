//! Integration tests: administering moderation — the reports threshold of a space, the
//! blocked participants page and unblocking with a justification, and the public log's links
//! to the placeholders of hidden content.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::expect_status;
use crate::search::proposals_world;

#[tokio::test]
async fn space_admins_set_the_reports_threshold_within_bounds() {
    let p = proposals_world(json!({})).await;
    let w = &p.w;
    let queue = format!("/spaces/{}/moderation", w.space.id);
    let threshold = format!("/spaces/{}/moderation/threshold", w.space.id);
    let stored = || {
        w.scalar(
            "SELECT COALESCE(moderation_threshold, 3) FROM spaces WHERE id = $1",
            w.space.id,
        )
    };

    // The organisation's admin sees the form with the default; a moderator neither sees nor
    // may use it; an outsider may not even see the queue.
    let page = expect_status(w.get(&w.admin_web, &queue).await, StatusCode::OK).await;
    assert!(page.contains("Reports before content is hidden"));
    assert!(page.contains("name=\"threshold\" value=\"3\""));
    let page = expect_status(w.get(&w.moderator_web, &queue).await, StatusCode::OK).await;
    assert!(!page.contains("name=\"threshold\""));
    expect_status(
        w.post(&w.moderator_web, &threshold, &[("threshold", "1")])
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_status(
        w.post(&w.outsider_web, &threshold, &[("threshold", "1")])
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(stored().await, 3);

    // Only whole numbers from 1 to 1000; otherwise the form again with the error, unchanged.
    for bad in ["0", "-2", "abc", "2.5", "", "1001", "99999999999999999999"] {
        let page = expect_status(
            w.post(&w.admin_web, &threshold, &[("threshold", bad)])
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(
            page.contains("must be a whole number from 1 to 1000"),
            "{bad}"
        );
        assert!(page.contains("aria-invalid=\"true\""));
    }
    assert_eq!(stored().await, 3);

    // Set to 1: one report hides a proposal.
    let response = w
        .post(&w.admin_web, &threshold, &[("threshold", " 1 ")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored().await, 1);
    let page = expect_status(w.get(&w.admin_web, &queue).await, StatusCode::OK).await;
    assert!(page.contains("name=\"threshold\" value=\"1\""));
    let pid = p
        .proposal(p.cid, w.alice.id, "Montres à vendre", "Pas chères.")
        .await;
    w.post(
        &w.bob_web,
        "/reports",
        &[
            ("resource_kind", "proposal"),
            ("resource_id", &pid.to_string()),
            ("reason", "spam"),
        ],
    )
    .await;
    let html = expect_status(
        w.get(&w.anonymous, &format!("/proposals/{}/{pid}", p.cid))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(html.contains("This proposal was hidden by moderation."));
    assert!(!html.contains("Montres à vendre"));
}

#[tokio::test]
async fn organisation_admins_unblock_with_a_justification_the_log_names_nobody() {
    let p = proposals_world(json!({})).await;
    let w = &p.w;
    let id = w.comment(&w.alice_web, w.page, None, "Spam spam").await;
    w.post(
        &w.bob_web,
        "/reports",
        &[
            ("resource_kind", "comment"),
            ("resource_id", &id.to_string()),
            ("reason", "spam"),
            ("details", "Bob thinks so"),
        ],
    )
    .await;
    let alice = w.alice.id.to_string();
    let response = w
        .post(
            &w.admin_web,
            &format!("/spaces/{}/moderation/block", w.space.id),
            &[
                ("user_id", &alice),
                ("justification", "Repeated advertising"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Moderators see who was blocked, by whom, when and why; only admins may unblock.
    let blocked = format!("/spaces/{}/moderation/blocked", w.space.id);
    let page = expect_status(w.get(&w.moderator_web, &blocked).await, StatusCode::OK).await;
    assert!(page.contains("<h2>alice</h2>"));
    assert!(page.contains("Repeated advertising"));
    assert!(
        page.contains("<dd>admin (budget)</dd>"),
        "blocked by admin, in this space"
    );
    assert!(page.contains("<time datetime="));
    assert!(!page.contains("name=\"justification\""));
    let queue = expect_status(
        w.get(
            &w.moderator_web,
            &format!("/spaces/{}/moderation", w.space.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(queue.contains(&format!("href=\"{blocked}\"")));
    expect_status(
        w.get(&w.outsider_web, &blocked).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // The private space's moderation pages are invisible to outsiders.
    expect_status(
        w.get(
            &w.outsider_web,
            &format!("/spaces/{}/moderation/blocked", w.private.id),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let unblock = format!("/spaces/{}/moderation/unblock", w.space.id);
    expect_status(
        w.post(
            &w.moderator_web,
            &unblock,
            &[("user_id", &alice), ("justification", "Sorry")],
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // A justification is required; someone not blocked (or not from here) is not found.
    let page = expect_status(
        w.post(
            &w.admin_web,
            &unblock,
            &[("user_id", &alice), ("justification", "  ")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("A justification is required to unblock"));
    expect_status(
        w.post(
            &w.admin_web,
            &unblock,
            &[
                ("user_id", &w.carol.id.to_string()),
                ("justification", "Why not"),
            ],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let still = w
        .scalar(
            "SELECT COUNT(*) FROM users WHERE id = $1 AND blocked_at IS NOT NULL",
            w.alice.id,
        )
        .await;
    assert_eq!(still, 1);

    let response = w
        .post(
            &w.admin_web,
            &unblock,
            &[("user_id", &alice), ("justification", "Promised to stop")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = expect_status(w.get(&w.admin_web, &blocked).await, StatusCode::OK).await;
    assert!(page.contains("Nobody is blocked."));
    // Twice: nothing more to do.
    expect_status(
        w.post(
            &w.admin_web,
            &unblock,
            &[("user_id", &alice), ("justification", "Again")],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // She signs in again and her name is back.
    let response = w
        .app
        .sign_in("alice@example.org", "a long password 123")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = w.page_html(&w.anonymous, w.page).await;
    assert!(!html.contains("Blocked participant"));
    // The public log: unblocked, by an administrator, why; never her name nor the reporters.
    let log = expect_status(
        w.get(
            &w.anonymous,
            &format!("/spaces/{}/moderation/log", w.space.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(log.contains("A participant was unblocked"));
    assert!(log.contains("Promised to stop"));
    assert!(!log.contains("alice") && !log.contains("bob") && !log.contains("Bob thinks"));
    assert!(
        !log.contains("Repeated advertising"),
        "the block's justification stays private"
    );
    assert_eq!(
        w.scalar(
            "SELECT COUNT(*) FROM user_blocks WHERE user_id = $1 AND lifted_at IS NOT NULL",
            w.alice.id
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_public_log_links_to_the_placeholders_of_hidden_content() {
    let p = proposals_world(json!({})).await;
    let w = &p.w;
    let pid = p
        .proposal(p.cid, w.alice.id, "Montres à vendre", "Pas chères.")
        .await;
    for client in [&w.bob_web, &w.carol_web, &w.dave_web] {
        w.post(
            client,
            "/reports",
            &[
                ("resource_kind", "proposal"),
                ("resource_id", &pid.to_string()),
                ("reason", "spam"),
            ],
        )
        .await;
    }
    let comment = w.comment(&w.alice_web, w.page, None, "Rude words").await;
    for client in [&w.bob_web, &w.carol_web, &w.dave_web] {
        w.post(
            client,
            "/reports",
            &[
                ("resource_kind", "comment"),
                ("resource_id", &comment.to_string()),
                ("reason", "offensive"),
            ],
        )
        .await;
    }
    let log = expect_status(
        w.get(
            &w.anonymous,
            &format!("/spaces/{}/moderation/log", w.space.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let proposal_link = format!("/moderation/content/proposal/{pid}");
    assert!(log.contains(&format!("href=\"{proposal_link}\"")), "{log}");
    assert!(log.contains(&format!("href=\"/comments/{comment}\"")));
    // The link leads to the placeholder page, not to a 404.
    let response = w.get(&w.anonymous, &proposal_link).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let target = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(target, format!("/proposals/{}/{pid}", p.cid));
    let html = expect_status(w.get(&w.anonymous, &target).await, StatusCode::OK).await;
    assert!(html.contains("This proposal was hidden by moderation."));
    assert!(!html.contains("Pas chères"));
    // Unknown kinds and private content answer 404.
    expect_status(
        w.get(&w.anonymous, "/moderation/content/nothing/1").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let secret = p.proposal(p.private_cid, w.bob.id, "Secret", "Hush.").await;
    expect_status(
        w.get(
            &w.outsider_web,
            &format!("/moderation/content/proposal/{secret}"),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
