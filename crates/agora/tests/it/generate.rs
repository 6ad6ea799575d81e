//! The Madrid-scale generator (`agora generate madrid`) at a small scale: what it writes is
//! consistent (every counter matches its rows, every reply sits in its own thread), the same seed
//! gives the same data, and the pages and the API work on it.

use reqwest::StatusCode;
use sqlx::Row;

use agora::db::Db;
use agora::generate::{self, Options};

use crate::helpers::{TestApp, fresh_database};

async fn one(db: &Db, sql: &str) -> i64 {
    agora::platform::action_log::settle(db)
        .await
        .expect("settle");
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

/// A small election in the Pabulib format: choose up to 2 projects; the official winners are
/// greedy's after dropping projects with fewer than 2 votes (D fits, but is dropped).
const SMALL_PB: &str = "META
key;value
description;Small town PB
num_projects;4
num_votes;6
budget;100
currency;EUR
vote_type;approval
max_length;2
rule;greedy-threshold
min_project_score_threshold;2
PROJECTS
project_id;cost;votes;name;category;selected
a;50;4;Park;nature;1
b;40;3;Library;culture;1
c;30;2;Bike lane;mobility;0
d;10;1;Bench;;0
VOTES
voter_id;vote
1;a,b
2;a,c
3;a
4;b,d
5;a,b
6;c
";

#[tokio::test]
async fn a_pabulib_file_becomes_a_budget_whose_voters_cast_it_back_through_the_api() {
    let app = TestApp::spawn().await;
    let db = app.db();
    let options = agora::generate_budget::Options {
        org: "smalltown".into(),
        census: true,
        secret: false,
    };
    let summary = agora::generate_budget::budget(db, SMALL_PB, &options)
        .await
        .expect("generate");
    assert_eq!(summary.project_ids.len(), 4);
    assert_eq!(summary.voters.len(), 6);
    assert_eq!(summary.rule.kind.as_str(), "choose");
    assert_eq!(
        (summary.rule.min_projects, summary.rule.max_projects),
        (1, 2)
    );
    assert_eq!(
        one(
            db,
            "SELECT COUNT(*) FROM users WHERE email LIKE '%@smalltown.test'"
        )
        .await,
        6
    );
    assert_eq!(
        one(
            db,
            "SELECT COUNT(*) FROM census_entries WHERE user_id IS NOT NULL"
        )
        .await,
        6,
        "every voter is census-verified"
    );

    // The budget is public, in voting, with the file's projects in file order.
    let budget = app
        .new_browser()
        .get(app.url(&format!("/api/v1/budgets/{}", summary.budget_id)))
        .send()
        .await
        .expect("get");
    assert_eq!(budget.status(), StatusCode::OK);
    let budget: serde_json::Value = budget.json().await.expect("json");
    assert_eq!(budget["status"], "voting");
    assert_eq!(budget["total_budget"], 100);
    let titles: Vec<&str> = budget["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| p["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["Park", "Library", "Bike lane", "Bench"]);

    // Every voter builds and casts the ballot of the file, as the benchmark does.
    for (token, body) in &summary.voters {
        for (method, path, body) in [
            (reqwest::Method::PUT, "ballot", Some(body)),
            (reqwest::Method::POST, "ballot/checkout", None),
        ] {
            let mut request = app
                .new_browser()
                .request(
                    method,
                    app.url(&format!("/api/v1/budgets/{}/{path}", summary.budget_id)),
                )
                .header("authorization", format!("Bearer {token}"));
            if let Some(body) = body {
                request = request
                    .header("content-type", "application/json")
                    .body(body.clone());
            }
            let response = request.send().await.expect("request");
            assert_eq!(response.status(), StatusCode::OK, "{path} {body:?}");
        }
    }
    assert_eq!(
        one(
            db,
            "SELECT COUNT(*) FROM budget_ballots WHERE checked_out_at IS NOT NULL"
        )
        .await,
        6
    );

    // Counted from the database: same ballots as the file, and greedy with the file's
    // threshold finds the official winners (plain greedy would add the bench).
    let report = agora::cli_budget_results::run(db, summary.budget_id, Some(SMALL_PB), None)
        .await
        .expect("results");
    assert_eq!(report.ballots, 6);
    assert_eq!(report.rules.len(), 5, "every rule is counted");
    let greedy = &report.rules[0];
    assert_eq!(greedy.rule, "greedy");
    let p = &summary.project_ids;
    assert_eq!(greedy.selected, vec![p[0], p[1], p[3]]);
    // Greedy-threshold with the file's threshold (2 votes) leaves the bench out.
    let threshold = &report.rules[4];
    assert_eq!(
        (threshold.rule, threshold.threshold),
        ("greedy-threshold", Some(2))
    );
    assert_eq!(threshold.selected, vec![p[0], p[1]]);
    // Another threshold given on the command line: only the park has 4 votes.
    let given = agora::cli_budget_results::run(db, summary.budget_id, None, Some(4))
        .await
        .expect("results");
    let threshold = &given.rules[4];
    assert_eq!(threshold.threshold, Some(4));
    assert_eq!(threshold.selected, vec![p[0]]);
    let check = report.check.expect("check");
    assert!(check.ballots_equal);
    assert_eq!(check.official, vec![0, 1]);
    assert_eq!(check.greedy, vec![0, 1]);
    assert!(check.passed());

    // A ballot that differs from the file fails the check.
    let changed = SMALL_PB.replace("6;c\n", "6;d\n");
    let report = agora::cli_budget_results::run(db, summary.budget_id, Some(&changed), None)
        .await
        .expect("results");
    assert!(!report.check.expect("check").ballots_equal);
}

#[tokio::test]
async fn a_broken_file_or_a_taken_slug_generates_nothing() {
    let app = TestApp::spawn().await;
    let db = app.db();
    let options = agora::generate_budget::Options {
        org: "smalltown".into(),
        census: false,
        secret: false,
    };
    let users = app.count("users").await;
    let broken = SMALL_PB.replace("a;50;4;", "a;fifty;4;");
    let err = agora::generate_budget::budget(db, &broken, &options)
        .await
        .expect_err("broken file");
    assert!(err.to_string().contains("line"), "{err}");
    let unsupported = SMALL_PB.replace("vote_type;approval", "vote_type;scoring");
    let err = agora::generate_budget::budget(db, &unsupported, &options)
        .await
        .expect_err("unsupported");
    assert!(err.to_string().contains("vote_type"), "{err}");
    assert_eq!(app.count("organizations").await, 0);
    agora::generate_budget::budget(db, SMALL_PB, &options)
        .await
        .expect("first");
    let err = agora::generate_budget::budget(db, SMALL_PB, &options)
        .await
        .expect_err("taken slug");
    assert!(err.to_string().contains("exists already"), "{err}");
    assert_eq!(app.count("organizations").await, 1);
    assert_eq!(app.count("users").await, users + 6);
}
