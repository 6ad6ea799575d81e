//! The Madrid-scale generator (`agora generate madrid`) at a small scale: what it writes is
//! consistent (every counter matches its rows, every reply sits in its own thread), the same seed
//! gives the same data, and the pages and the API work on it.

use reqwest::StatusCode;
use sqlx::Row;

use agora::db::Db;
use agora::generate::{self, Options};

use crate::helpers::{TestApp, fresh_database};

async fn one(db: &Db, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get::<i64, _>(0)
        .expect("integer")
}

/// A fingerprint of the generated content, for comparing two runs.
async fn fingerprint(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT title || '|' || CAST(supports_count AS TEXT) || '|' || CAST(comments_count AS TEXT) FROM proposals ORDER BY id",
        "SELECT CAST(proposal_id AS TEXT) || '/' || CAST(user_id AS TEXT) FROM supports ORDER BY proposal_id, user_id",
        "SELECT CAST(id AS TEXT) || '<' || COALESCE(CAST(parent_id AS TEXT), '-') || ':' || body FROM comments ORDER BY id",
    ] {
        for row in sqlx::query(sql).fetch_all(&db.pool).await.expect(sql) {
            out.push(row.try_get::<String, _>(0).expect("text"));
        }
    }
    out
}

#[tokio::test]
async fn a_small_madrid_is_consistent_deterministic_and_served() {
    let app = TestApp::spawn().await;
    let db = app.db();
    let options = Options {
        seed: 7,
        scale: 0.002,
        tokens: 3,
    };
    let summary = generate::madrid(db, &options).await.expect("generate");
    assert_eq!(summary.users, 1000);
    assert_eq!(summary.proposals, 60);
    assert_eq!(summary.comments, 500);
    assert_eq!(summary.supports, 3400);
    assert_eq!(
        one(
            db,
            "SELECT COUNT(*) FROM users WHERE email LIKE '%@madrid.test'"
        )
        .await,
        1000
    );
    assert_eq!(one(db, "SELECT COUNT(*) FROM proposals").await, 60);
    assert_eq!(one(db, "SELECT COUNT(*) FROM proposal_versions").await, 60);
    assert_eq!(
        one(
            db,
            "SELECT COUNT(*) FROM follows WHERE resource_kind = 'proposal'"
        )
        .await,
        60,
        "authors follow their proposals"
    );
    assert_eq!(one(db, "SELECT COUNT(*) FROM comments").await, 500);
    assert_eq!(one(db, "SELECT COUNT(*) FROM supports").await, 3400);

    // Every counter matches its rows.
    let wrong_supports = "SELECT COUNT(*) FROM proposals p WHERE p.supports_count <>
        (SELECT COUNT(*) FROM supports s WHERE s.proposal_id = p.id)";
    let wrong_comments = "SELECT COUNT(*) FROM proposals p WHERE p.comments_count <>
        (SELECT COUNT(*) FROM comments c WHERE c.resource_kind = 'proposal' AND c.resource_id = p.id)";
    let wrong_tallies = "SELECT COUNT(*) FROM users u WHERE
        COALESCE((SELECT supports FROM proposal_support_tallies t WHERE t.user_id = u.id), 0) <>
        (SELECT COUNT(*) FROM supports s WHERE s.user_id = u.id)";
    assert_eq!(one(db, wrong_supports).await, 0);
    assert_eq!(one(db, wrong_comments).await, 0);
    assert_eq!(one(db, wrong_tallies).await, 0);
    // The two long discussions have exactly their sizes.
    let comments_of = |id: i64| {
        format!(
            "SELECT COUNT(*) FROM comments WHERE resource_kind = 'proposal' AND resource_id = {id}"
        )
    };
    assert_eq!(one(db, &comments_of(summary.big_thread_proposal)).await, 20);
    assert_eq!(one(db, &comments_of(summary.thread_proposal)).await, 2);
    // Replies sit in their parent's thread, one level deeper (or next to it at the deepest).
    let misplaced = "SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id
        WHERE p.resource_id <> c.resource_id
           OR COALESCE(p.root_id, p.id) <> c.root_id
           OR c.depth <> p.depth + 1 OR p.id >= c.id";
    assert_eq!(one(db, misplaced).await, 0);
    assert_eq!(
        one(
            db,
            "SELECT COUNT(*) FROM comments WHERE parent_id IS NULL AND (root_id IS NOT NULL OR depth <> 0)"
        )
        .await,
        0
    );
    assert!(one(db, "SELECT COUNT(*) FROM comments WHERE depth = 3").await > 0);

    // The same seed gives the same content on another database.
    let (other, _dir) = fresh_database().await;
    generate::madrid(&other, &options).await.expect("again");
    assert_eq!(fingerprint(db).await, fingerprint(&other).await);
    // A second run on the same database is refused.
    assert!(generate::madrid(db, &options).await.is_err());

    // The pages work on it, and a generated person supports through the API.
    let cid = summary.component_id;
    for path in [
        format!("/proposals/{cid}?seed=42"),
        format!("/proposals/{cid}?seed=42&page=3"),
        format!("/proposals/{cid}/{}", summary.big_thread_proposal),
    ] {
        assert_eq!(app.get(&path).await.status(), StatusCode::OK, "{path}");
    }
    let unsupported = one(
        db,
        "SELECT MIN(id) FROM proposals p WHERE NOT EXISTS (SELECT 1 FROM supports s
         WHERE s.proposal_id = p.id AND s.user_id = (SELECT MIN(id) FROM users WHERE email LIKE '%@madrid.test'))",
    )
    .await;
    let response = app
        .new_browser()
        .post(app.url(&format!("/api/v1/proposals/{unsupported}/support")))
        .bearer_auth(&summary.tokens[0])
        .send()
        .await
        .expect("support");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(one(db, "SELECT COUNT(*) FROM supports").await, 3401);
    assert_eq!(one(db, wrong_supports).await, 0);
    assert_eq!(one(db, wrong_tallies).await, 0);

    // Every generated record is in the log as if it had been made through the site: `agora
    // verify` finds the whole organisation intact, and its activity page shows the entries.
    let report = agora::platform::action_log::verify(db)
        .await
        .expect("verify");
    assert!(
        report.intact(),
        "{:?}",
        &report.problems[..report.problems.len().min(5)]
    );
    assert!(report.records >= 60 + 500 + 3401, "{}", report.records);
    assert_eq!(
        one(db, "SELECT COUNT(*) FROM action_log WHERE action = 'proposal-created' AND visibility = 'public'").await,
        60
    );
    assert_eq!(
        one(db, "SELECT COUNT(*) FROM action_log WHERE action = 'proposal-supported' AND visibility = 'private'").await,
        3401
    );
    let activity = app
        .get(&format!("/o/{}/activity", generate::ORG_SLUG))
        .await;
    assert_eq!(activity.status(), StatusCode::OK);
    let text = activity.text().await.expect("text");
    assert!(
        text.contains("/comments/"),
        "the activity page lists comments"
    );
    // Tampering with a generated support is found.
    sqlx::query(sqlx::AssertSqlSafe(
        "UPDATE supports SET user_id = user_id + 1 WHERE id = (SELECT MIN(id) FROM supports)"
            .to_string(),
    ))
    .execute(&db.pool)
    .await
    .expect("tamper");
    let report = agora::platform::action_log::verify(db)
        .await
        .expect("verify");
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0].contains("altered"),
        "{:?}",
        report.problems
    );
}
