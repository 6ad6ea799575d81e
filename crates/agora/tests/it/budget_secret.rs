//! Integration tests: secret budget ballots (docs/SECURITY.md) — who voted is stored apart from
//! what they voted, the receipt is shown once, the sealed ballots enter the log and the public
//! ballot list, `agora verify` checks them, and a full dump does not link voters to ballots.

use agora::components::budgets::results::Tally;
use agora::components::budgets::rules::RuleKind;
use agora::platform::organizations;
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::{accounts, action_log, secrets};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::Row;

use crate::budgets::{World, api, rule, world};
use crate::helpers::{expect_status, post_form_with};

/// The receipt code on a page or in a text: three groups of four.
fn receipt_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let ok = |c: char| c.is_ascii_uppercase() || ('2'..='9').contains(&c);
    for i in 0..chars.len().saturating_sub(14) {
        let candidate: String = chars[i..i + 14].iter().collect();
        let parts: Vec<&str> = candidate.split('-').collect();
        if parts.len() == 3 && parts.iter().all(|p| p.len() == 4 && p.chars().all(ok)) {
            return candidate;
        }
    }
    panic!("no receipt code in: {text}")
}

async fn count(w: &World, sql: &str) -> i64 {
    // The log's pending entries count as entries.
    agora::platform::action_log::settle(w.app.db())
        .await
        .expect("settle");
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&w.app.db().pool)
        .await
        .expect(sql)
        .try_get(0)
        .expect("count")
}

/// Makes `name` an organisation admin and returns their browser.
async fn admin(w: &World) -> reqwest::Client {
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    browser
}

#[tokio::test]
async fn a_secret_ballot_leaves_only_who_voted_with_the_voter_and_is_listed_by_receipt() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w
        .budget_of(1000, rule(RuleKind::Approval), &[600, 300, 200], true)
        .await;

    // Alice builds her basket and casts it on the page: the answer shows her receipt once.
    let (alice, browser) = w.person("alice").await;
    for project in [p[1], p[2]] {
        let added = w
            .ballot_action(
                &browser,
                bid,
                &[("action", "add"), ("project", &project.to_string())],
            )
            .await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
    }
    let cast = expect_status(
        post_form_with(&browser, &format!("{}/checkout", w.page(bid)), &[]).await,
        StatusCode::OK,
    )
    .await;
    let alice_receipt = receipt_in(&cast);
    assert!(cast.contains("Projet 1") && cast.contains("Projet 2"));
    assert!(
        cast.contains("affiché qu’une fois"),
        "the receipt is shown once"
    );

    // Bob votes through the API: the checkout's answer carries his receipt and ballot.
    let (bob, _) = w.person("bob").await;
    let token = w.token(&bob).await;
    let put = api(
        &w.app,
        "PUT",
        &format!("/api/v1/budgets/{bid}/ballot"),
        &token,
        Some(&json!({ "projects": [p[0]] }).to_string()),
    )
    .await;
    assert_eq!(put.0, StatusCode::OK, "{}", put.1);
    let (status, doc) = api(
        &w.app,
        "POST",
        &format!("/api/v1/budgets/{bid}/ballot/checkout"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["secret"], true);
    assert_eq!(doc["projects"], json!([p[0]]));
    let bob_receipt = doc["receipt"].as_str().expect("receipt").to_string();

    // Stored: the voters' rows say "voted" and nothing else; the ballots have no voter.
    let db = w.app.db();
    let rows = sqlx::query(
        "SELECT user_id, receipt, total_cost, checked_out_at,
                (SELECT COUNT(*) FROM budget_ballot_lines l WHERE l.ballot_id = b.id) AS lines
         FROM budget_ballots b WHERE budget_id = $1",
    )
    .bind(bid)
    .fetch_all(&db.pool)
    .await
    .expect("voters");
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert!(
            row.try_get::<Option<i64>, _>("checked_out_at")
                .unwrap()
                .is_some()
        );
        assert_eq!(row.try_get::<Option<String>, _>("receipt").unwrap(), None);
        assert_eq!(row.try_get::<i64, _>("total_cost").unwrap(), 0);
        assert_eq!(row.try_get::<i64, _>("lines").unwrap(), 0);
    }
    let hashes: Vec<String> =
        sqlx::query("SELECT receipt_hash FROM budget_secret_ballots WHERE budget_id = $1")
            .bind(bid)
            .fetch_all(&db.pool)
            .await
            .expect("secret")
            .iter()
            .map(|r| r.try_get(0).expect("hash"))
            .collect();
    assert_eq!(hashes.len(), 2);
    for receipt in [&alice_receipt, &bob_receipt] {
        assert!(hashes.contains(&secrets::receipt_hash(receipt)));
    }
    // Nothing in the log about the secret ballots while voting is open.
    assert_eq!(
        count(
            &w,
            "SELECT COUNT(*) FROM action_log WHERE subject_kind = 'budget_secret_ballot'"
        )
        .await,
        0
    );

    // Back on the page: cast, secret, no receipt, no projects in the basket; the same in the API.
    let page = expect_status(
        browser.get(w.page(bid)).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("agora ne sait plus ce que vous avez choisi"),
        "{page}"
    );
    assert!(!page.contains(&alice_receipt));
    assert!(!page.contains("form method=\"post\" action=\"/budgets/"));
    let (_, doc) = api(
        &w.app,
        "GET",
        &format!("/api/v1/budgets/{bid}/ballot"),
        &token,
        None,
    )
    .await;
    assert_eq!(doc["state"], "cast");
    assert_eq!(doc["secret"], true);
    assert!(doc["receipt"].is_null());
    assert_eq!(doc["projects"], json!([]));
    // A second checkout changes nothing.
    let again = post_form_with(&browser, &format!("{}/checkout", w.page(bid)), &[]).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(
        count(&w, "SELECT COUNT(*) FROM budget_secret_ballots").await,
        2
    );

    // Secret ballots are counted like named ones.
    let counted = Tally::load(db, bid).await.expect("tally").ballots();
    assert_eq!(counted.len(), 2);
    let (_, pid) = (alice.id, p[1]);
    assert!(
        counted
            .iter()
            .any(|(_, lines)| lines.iter().any(|l| l.project_id == pid))
    );

    // Voting closes; the admin publishes: the ballots are sealed and enter the log.
    w.set_voting("closed").await;
    let admin = admin(&w).await;
    let results = format!("{}/results", w.page(bid));
    expect_status(admin.get(&results).send().await.unwrap(), StatusCode::OK).await;
    let published =
        post_form_with(&admin, &format!("{results}/publish"), &[("rule", "greedy")]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        count(
            &w,
            "SELECT COUNT(*) FROM budget_secret_ballots WHERE sealed = 1"
        )
        .await,
        2
    );
    let sealed_entries =
        sqlx::query("SELECT actor_id FROM action_log WHERE subject_kind = 'budget_secret_ballot'")
            .fetch_all(&db.pool)
            .await
            .expect("entries");
    assert_eq!(sealed_entries.len(), 2);
    assert!(
        sealed_entries
            .iter()
            .all(|r| r.try_get::<Option<i64>, _>(0).unwrap().is_none()),
        "sealed ballots are logged without actor"
    );

    // The public ballot list: both ballots by receipt hash; Alice finds hers.
    let anonymous = w.app.new_browser();
    let list_url = format!("{}/ballots", w.page(bid));
    let list = expect_status(
        anonymous.get(&list_url).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    for receipt in [&alice_receipt, &bob_receipt] {
        assert!(list.contains(&secrets::receipt_hash(receipt)), "{list}");
    }
    assert!(!list.contains("alice") && !list.contains("bob@"));
    let mine = expect_status(
        anonymous
            .get(format!(
                "{list_url}?receipt={}",
                alice_receipt.to_lowercase()
            ))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(mine.contains("Votre bulletin est dans la liste"), "{mine}");
    assert!(mine.contains("id=\"your-ballot\""));
    let wrong = expect_status(
        anonymous
            .get(format!("{list_url}?receipt=AAAA-BBBB-CCCC"))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(wrong.contains("Aucun bulletin n’a ce code"));

    // The chain covers the sealed ballots: altering, deleting or inserting one is reported.
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    let victim: i64 = sqlx::query("SELECT id FROM budget_secret_ballots ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .expect("ballot")
        .try_get(0)
        .expect("id");
    // A content no ballot has: all three projects.
    sqlx::query("UPDATE budget_secret_ballots SET content = $1 WHERE id = $2")
        .bind(format!(",{}:1,{}:1,{}:1,", p[0], p[1], p[2]))
        .bind(victim)
        .execute(&db.pool)
        .await
        .expect("tamper");
    sqlx::query(
        "INSERT INTO budget_secret_ballots (id, budget_id, content, receipt_hash, sealed)
         VALUES (4242, $1, $2, 'forged', 1)",
    )
    .bind(bid)
    .bind(format!(",{}:1,", p[0]))
    .execute(&db.pool)
    .await
    .expect("insert");
    let problems = action_log::verify(db).await.expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("budget_secret_ballot {victim}: altered"))),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("budget_secret_ballot 4242: inserted")),
        "{problems:?}"
    );
    sqlx::query("DELETE FROM budget_secret_ballots WHERE id = $1")
        .bind(victim)
        .execute(&db.pool)
        .await
        .expect("delete");
    let problems = action_log::verify(db).await.expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("budget_secret_ballot {victim}: deleted"))),
        "{problems:?}"
    );
}

/// A full dump given to a linking attempt: match the voters (in the order they cast, as their
/// rows and log entries give it) to the secret ballots (in stored order, in id order, and in
/// the order their log entries were written). After sealing, none recovers who voted what.
#[tokio::test]
async fn a_dump_does_not_link_voters_to_their_secret_budget_ballots() {
    let w = world(Visibility::Public, "all", "open").await;
    let costs = [1; 12];
    let (bid, p) = w
        .budget_of(100, rule(RuleKind::Approval), &costs, true)
        .await;
    // Voter i chooses project i alone: the content names its voter, for the test only.
    let mut voters = Vec::new();
    for (i, project) in p.iter().enumerate() {
        let (user, _) = w.person(&format!("voter{i}")).await;
        let token = w.token(&user).await;
        let put = api(
            &w.app,
            "PUT",
            &format!("/api/v1/budgets/{bid}/ballot"),
            &token,
            Some(&json!({ "projects": [project] }).to_string()),
        )
        .await;
        assert_eq!(put.0, StatusCode::OK, "{}", put.1);
        let cast = api(
            &w.app,
            "POST",
            &format!("/api/v1/budgets/{bid}/ballot/checkout"),
            &token,
            None,
        )
        .await;
        assert_eq!(cast.0, StatusCode::OK, "{}", cast.1);
        voters.push(user.id);
    }
    w.set_voting("closed").await;
    // Counting seals them (the admin's results page does this).
    Tally::load(w.app.db(), bid).await.expect("tally");
    agora::platform::action_log::settle(w.app.db())
        .await
        .expect("settle");
    let pool = &w.app.db().pool;
    let owner = |content: String| -> i64 {
        let project: i64 = content
            .trim_matches(',')
            .split(':')
            .next()
            .and_then(|id| id.parse().ok())
            .expect("one project");
        voters[p.iter().position(|x| *x == project).expect("ours")]
    };
    // The voters as a dump orders them: by row, by id, by checkout time, by log entry.
    for voters_sql in [
        "SELECT user_id FROM budget_ballots WHERE budget_id = $1",
        "SELECT user_id FROM budget_ballots WHERE budget_id = $1 ORDER BY id",
        "SELECT user_id FROM budget_ballots WHERE budget_id = $1 ORDER BY checked_out_at, id",
        "SELECT b.user_id FROM action_log a JOIN budget_ballots b ON b.id = a.subject_id
         WHERE a.subject_kind = 'budget_ballot' AND b.budget_id = $1 ORDER BY a.seq",
    ] {
        let in_order: Vec<i64> = sqlx::query(voters_sql)
            .bind(bid)
            .fetch_all(pool)
            .await
            .expect(voters_sql)
            .iter()
            .map(|r| r.try_get(0).expect("user"))
            .collect();
        assert_eq!(in_order, voters, "{voters_sql}: the voters in voting order");
        for ballots_sql in [
            "SELECT content FROM budget_secret_ballots WHERE budget_id = $1",
            "SELECT content FROM budget_secret_ballots WHERE budget_id = $1 ORDER BY id",
            "SELECT x.content FROM action_log a JOIN budget_secret_ballots x ON x.id = a.subject_id
             WHERE a.subject_kind = 'budget_secret_ballot' AND x.budget_id = $1 ORDER BY a.seq",
        ] {
            let owners: Vec<i64> = sqlx::query(ballots_sql)
                .bind(bid)
                .fetch_all(pool)
                .await
                .expect(ballots_sql)
                .into_iter()
                .map(|r| owner(r.try_get(0).expect("content")))
                .collect();
            assert_eq!(owners.len(), 12);
            let linked = in_order.iter().zip(&owners).filter(|(a, b)| a == b).count();
            // Random order: about one match on average; twelve would be a link.
            assert!(linked < 12, "{ballots_sql}: links every voter");
            assert_ne!(
                owners, voters,
                "{ballots_sql}: ballots in the order of votes"
            );
        }
    }
    // Nothing else joins them: the secret ballots have no voter, time or foreign key to one.
    let columns = sqlx::query("SELECT * FROM budget_secret_ballots LIMIT 1")
        .fetch_one(pool)
        .await
        .expect("row");
    let names: Vec<&str> = columns.columns().iter().map(sqlx::Column::name).collect();
    assert_eq!(
        names,
        ["id", "budget_id", "content", "receipt_hash", "sealed"]
    );
}

#[tokio::test]
async fn secrecy_is_fixed_once_a_ballot_is_cast_and_costs_on_secret_ballots_too() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, p) = w
        .budget_of(1000, rule(RuleKind::Approval), &[100, 200], true)
        .await;
    let admin = admin(&w).await;
    let edit = format!("{}/edit", w.page(bid));
    let form = |secret: &'static str| {
        vec![
            ("title", "Centre"),
            ("description", "Le budget."),
            ("total", "1000"),
            ("currency", "EUR"),
            ("rule", "approval"),
            ("secret", secret),
        ]
    };
    // Before any ballot: the admin may turn it off and on again.
    let off = post_form_with(&admin, &edit, &form("")).await;
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    let on = post_form_with(&admin, &edit, &form("on")).await;
    assert_eq!(on.status(), StatusCode::SEE_OTHER);

    let (voter, _) = w.person("voter").await;
    let token = w.token(&voter).await;
    api(
        &w.app,
        "PUT",
        &format!("/api/v1/budgets/{bid}/ballot"),
        &token,
        Some(&json!({ "projects": [p[0]] }).to_string()),
    )
    .await;
    let cast = api(
        &w.app,
        "POST",
        &format!("/api/v1/budgets/{bid}/ballot/checkout"),
        &token,
        None,
    )
    .await;
    assert_eq!(cast.0, StatusCode::OK, "{}", cast.1);

    // Now: refused with the reason, nothing changes.
    let refused = post_form_with(&admin, &edit, &form("")).await;
    let body = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body.contains("le secret du vote ne peuvent plus changer"),
        "{body}"
    );
    assert_eq!(
        count(&w, "SELECT secret FROM budgets").await,
        1,
        "still secret"
    );
    // The project on the secret ballot keeps its cost and cannot be deleted; the other can.
    let project_edit = |pid: i64, cost: &'static str| {
        let admin = admin.clone();
        let url = format!("{}/projects/{pid}/edit", w.page(bid));
        async move {
            post_form_with(
                &admin,
                &url,
                &[("title", "Projet"), ("description", ""), ("cost", cost)],
            )
            .await
        }
    };
    assert_ne!(
        project_edit(p[0], "150").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        count(
            &w,
            &format!("SELECT cost FROM budget_projects WHERE id = {}", p[0])
        )
        .await,
        100
    );
    assert_eq!(
        project_edit(p[1], "250").await.status(),
        StatusCode::SEE_OTHER
    );
    let delete = post_form_with(
        &admin,
        &format!("{}/projects/{}/delete", w.page(bid), p[0]),
        &[],
    )
    .await;
    assert_ne!(delete.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        count(
            &w,
            &format!("SELECT COUNT(*) FROM budget_projects WHERE id = {}", p[0])
        )
        .await,
        1
    );

    // The voter deletes their account: their secret ballot stays counted, still without them.
    accounts::delete_account(w.app.db(), voter.id)
        .await
        .expect("delete")
        .expect("deleted");
    let counted = Tally::load(w.app.db(), bid).await.expect("tally").ballots();
    assert_eq!(counted.len(), 1);
    assert_eq!(
        count(&w, "SELECT COUNT(*) FROM budget_secret_ballots").await,
        1
    );
}
