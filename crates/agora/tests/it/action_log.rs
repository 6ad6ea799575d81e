//! Integration tests: the action log — every action appended in its own transaction, one hash
//! chain without fork or gap under parallel actions, `agora verify` reporting each kind of
//! tampering by id, the activity pages (keyset pages, private spaces never public) and the
//! admin log.

use std::process::Command;

use agora::components::proposals::{self, model};
use agora::db::Db;
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::action_log;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::json;
use sqlx::Row;

use crate::helpers::{TempDir, TestApp, expect_status, post_form_with, unique};

struct World {
    app: TestApp,
    org: Organization,
    space: Space,
    cid: i64,
}

async fn space(db: &Db, org: &Organization, slug: &str, visibility: Visibility) -> Space {
    spaces::create(
        db,
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Process,
            slug,
            title: "Budget participatif",
            description: "Des idées.",
            visibility,
            published: true,
        },
    )
    .await
    .expect("space")
}

async fn component(db: &Db, space: &Space) -> i64 {
    proposals::create_component(
        db,
        space.id,
        "Propositions",
        &json!({}).as_object().cloned().unwrap_or_default(),
    )
    .await
    .expect("component")
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(app.db(), "ville", "Ville", "", Locale::Fr)
        .await
        .expect("org");
    let space = space(app.db(), &org, "budget", Visibility::Public).await;
    let cid = component(app.db(), &space).await;
    World {
        app,
        org,
        space,
        cid,
    }
}

async fn proposal(db: &Db, cid: i64, author: &User, title: &str) -> i64 {
    model::create(
        db,
        model::NewProposal {
            component_id: cid,
            author_id: author.id,
            title,
            body: "Un texte.",
            address: None,
            limit: 0,
        },
    )
    .await
    .expect("create")
    .expect("under the limit")
}

const RULES: model::SupportRules = model::SupportRules {
    limit: 0,
    cap: 0,
    minimum: 0,
    success_threshold: 0,
    announce_milestones: false,
};

async fn support(db: &Db, cid: i64, pid: i64, user: &User) {
    let outcome = model::support(db, cid, pid, user.id, RULES)
        .await
        .expect("support");
    assert!(
        matches!(outcome, model::SupportOutcome::Supported(Some(_))),
        "{outcome:?}"
    );
}

impl World {
    async fn person(&self, name: &str) -> (User, Client) {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), "a long password 123")
            .await;
        let client = self.app.browser_signed_in(&user).await;
        (user, client)
    }

    async fn exec(&self, sql: &str) {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&self.app.db().pool)
            .await
            .expect(sql);
    }

    async fn support_id(&self, pid: i64, user: &User) -> i64 {
        sqlx::query("SELECT id FROM supports WHERE proposal_id = $1 AND user_id = $2")
            .bind(pid)
            .bind(user.id)
            .fetch_one(&self.app.db().pool)
            .await
            .expect("support")
            .try_get(0)
            .expect("id")
    }
}

async fn problems(db: &Db) -> Vec<String> {
    action_log::verify(db).await.expect("verify").problems
}

fn has(problems: &[String], needle: &str) -> bool {
    problems.iter().any(|p| p.contains(needle))
}

#[tokio::test]
async fn participation_is_logged_and_each_kind_of_tampering_is_reported_by_id() {
    let w = world().await;
    let db = w.app.db();
    let (alice, alice_client) = w.person("alice").await;
    let (bob, _) = w.person("bob").await;
    let (carol, _) = w.person("carol").await;
    let pid = proposal(db, w.cid, &alice, "Un parc").await;
    let other = proposal(db, w.cid, &alice, "Une piste cyclable").await;
    support(db, w.cid, pid, &bob).await;
    support(db, w.cid, pid, &carol).await;
    support(db, w.cid, other, &bob).await;
    // Withdrawn and given again: only the last state counts.
    assert!(
        model::unsupport(db, w.cid, other, bob.id, 0)
            .await
            .expect("unsupport")
    );
    support(db, w.cid, other, &bob).await;
    // A comment through the page, edited, and a second one deleted.
    let comment_url = w.app.url("/comments");
    let pid_text = pid.to_string();
    for body in ["Bonne idée", "À supprimer"] {
        let posted = post_form_with(
            &alice_client,
            &comment_url,
            &[
                ("resource_kind", "proposal"),
                ("resource_id", &pid_text),
                ("parent_id", ""),
                ("body", body),
            ],
        )
        .await;
        expect_status(posted, StatusCode::SEE_OTHER).await;
    }
    let comments: Vec<i64> = sqlx::query("SELECT id FROM comments ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .expect("comments")
        .iter()
        .map(|r| r.try_get(0).expect("id"))
        .collect();
    let edited = post_form_with(
        &alice_client,
        &w.app.url(&format!("/comments/{}/edit", comments[0])),
        &[("body", "Très bonne idée")],
    )
    .await;
    expect_status(edited, StatusCode::SEE_OTHER).await;
    let deleted = post_form_with(
        &alice_client,
        &w.app.url(&format!("/comments/{}/delete", comments[1])),
        &[],
    )
    .await;
    expect_status(deleted, StatusCode::SEE_OTHER).await;

    agora::platform::action_log::settle(db)
        .await
        .expect("settle");
    let actions: Vec<String> = sqlx::query("SELECT action FROM action_log ORDER BY seq")
        .fetch_all(&db.pool)
        .await
        .expect("log")
        .iter()
        .map(|r| r.try_get(0).expect("action"))
        .collect();
    for expected in [
        "proposal-created",
        "proposal-supported",
        "proposal-support-withdrawn",
        "comment-created",
        "comment-edited",
        "comment-deleted",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected}: {actions:?}"
        );
    }

    // Untouched: intact.
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!(report.entries, w.app.count("action_log").await);

    // A support row edited with SQL.
    let bobs = w.support_id(pid, &bob).await;
    w.exec(&format!(
        "UPDATE supports SET created_at = created_at + 1 WHERE id = {bobs}"
    ))
    .await;
    let found = problems(db).await;
    assert!(
        has(&found, &format!("support {bobs}: altered")),
        "{found:?}"
    );
    w.exec(&format!(
        "UPDATE supports SET created_at = created_at - 1 WHERE id = {bobs}"
    ))
    .await;
    assert!(problems(db).await.is_empty());

    // A support deleted with SQL.
    let carols = w.support_id(pid, &carol).await;
    w.exec(&format!("DELETE FROM supports WHERE id = {carols}"))
        .await;
    let found = problems(db).await;
    assert!(
        has(&found, &format!("support {carols}: deleted")),
        "{found:?}"
    );
    assert_eq!(found.len(), 1, "{found:?}");

    // A support inserted with SQL.
    let (dave, _) = w.person("dave").await;
    let inserted: i64 = sqlx::query(
        "INSERT INTO supports (proposal_id, user_id, created_at) VALUES ($1, $2, 0) RETURNING id",
    )
    .bind(pid)
    .bind(dave.id)
    .fetch_one(&db.pool)
    .await
    .expect("insert")
    .try_get(0)
    .expect("id");
    let found = problems(db).await;
    assert!(
        has(&found, &format!("support {inserted}: inserted")),
        "{found:?}"
    );

    // A proposal's text and a comment's text altered.
    w.exec(&format!(
        "UPDATE proposals SET title = 'Autre chose' WHERE id = {pid}"
    ))
    .await;
    w.exec(&format!(
        "UPDATE comments SET body = 'Mauvaise idée' WHERE id = {}",
        comments[0]
    ))
    .await;
    let found = problems(db).await;
    assert!(
        has(&found, &format!("proposal {pid}: altered")),
        "{found:?}"
    );
    assert!(
        has(&found, &format!("comment {}: altered", comments[0])),
        "{found:?}"
    );
    // Counters are not content: a support counted by hand is no tampering of the proposal.
    assert!(!has(&found, &format!("proposal {other}")), "{found:?}");

    // A log entry altered, and one deleted.
    w.exec("UPDATE action_log SET actor_id = NULL WHERE seq = 3")
        .await;
    let found = problems(db).await;
    assert!(has(&found, "log entry 3: altered"), "{found:?}");
    w.exec("DELETE FROM action_log WHERE seq = 5").await;
    let found = problems(db).await;
    assert!(has(&found, "log entries 5 to 5 deleted"), "{found:?}");
}

#[tokio::test]
async fn parallel_actions_append_one_chain_without_fork_or_gap() {
    let w = world().await;
    let db = w.app.db();
    let (alice, _) = w.person("alice").await;
    let pid = proposal(db, w.cid, &alice, "Un parc").await;
    let mut people = Vec::new();
    for i in 0..24 {
        people.push(
            w.app
                .create_user(&format!("p{i}@example.org"), "a long password 123")
                .await,
        );
    }
    let mut tasks = Vec::new();
    for (i, person) in people.into_iter().enumerate() {
        let (db, cid) = (db.clone(), w.cid);
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                support(&db, cid, pid, &person).await;
            } else {
                proposal(&db, cid, &person, &format!("Idée {i}")).await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    let head = action_log::head(db).await.expect("head");
    let row = sqlx::query(
        "SELECT COUNT(*), MIN(seq), MAX(seq), COUNT(DISTINCT prev_hash) FROM action_log",
    )
    .fetch_one(&db.pool)
    .await
    .expect("log");
    let (count, min, max, distinct_prev): (i64, i64, i64, i64) = (
        row.try_get(0).expect("count"),
        row.try_get(1).expect("min"),
        row.try_get(2).expect("max"),
        row.try_get(3).expect("prev"),
    );
    // 1 + 24 actions; no two entries follow the same one (no fork), no gap.
    assert_eq!(count, 25);
    assert_eq!((min, max), (1, 25));
    assert_eq!(distinct_prev, 25);
    assert_eq!(head.length, 25);
}

#[tokio::test]
async fn activity_pages_show_public_entries_only_and_never_a_private_space() {
    let w = world().await;
    let db = w.app.db();
    let (alice, _) = w.person("alice").await;
    let (admin, admin_client) = w.person("admin").await;
    organizations::set_member(db, w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let private = space(db, &w.org, "secret-project", Visibility::Private).await;
    let private_cid = component(db, &private).await;
    let public_pid = proposal(db, w.cid, &alice, "Un parc public").await;
    let private_pid = proposal(db, private_cid, &alice, "Une idée privée").await;
    let (bob, _) = w.person("bob").await;
    support(db, w.cid, public_pid, &bob).await;
    let answer = model::Answer {
        state: "accepted",
        custom_state: None,
        text: "Oui",
        cost: None,
        publish: false,
    };
    assert!(
        model::answer(db, w.cid, public_pid, &answer, Some(admin.id))
            .await
            .expect("answer")
    );

    let public_link = format!("/proposals/{}/{public_pid}", w.cid);
    let private_link = format!("/proposals/{private_cid}/{private_pid}");
    let page = expect_status(w.app.get("/o/ville/activity").await, StatusCode::OK).await;
    assert!(page.contains(&public_link), "{page}");
    assert!(!page.contains(&private_link), "{page}");
    // Who supported what is private; an answer not yet published is for admins.
    assert!(!page.contains("a soutenu une proposition"), "{page}");
    assert!(!page.contains("a répondu à une proposition"), "{page}");
    assert!(page.contains("alice"));
    let home = expect_status(w.app.get("/o/ville").await, StatusCode::OK).await;
    assert!(home.contains("href=\"/o/ville/activity\""));
    let head = action_log::head(db).await.expect("head");
    assert!(page.contains(&head.hash));

    let space_page = expect_status(
        w.app.get(&format!("/spaces/{}/activity", w.space.id)).await,
        StatusCode::OK,
    )
    .await;
    assert!(space_page.contains(&public_link));
    expect_status(
        w.app.get(&format!("/spaces/{}/activity", private.id)).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // The admin log: the private space and the unpublished answer, still not the supports.
    let anonymous = w.app.get("/o/ville/admin/log").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let (_, alice_client) = (alice.clone(), w.app.browser_signed_in(&alice).await);
    let refused = alice_client
        .get(w.app.url("/o/ville/admin/log"))
        .send()
        .await
        .expect("GET");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let log = expect_status(
        admin_client
            .get(w.app.url("/o/ville/admin/log"))
            .send()
            .await
            .expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(log.contains(&private_link), "{log}");
    assert!(log.contains("a répondu à une proposition"), "{log}");
    assert!(!log.contains("a soutenu une proposition"), "{log}");

    // Bad cursor: a clear 400, nothing else.
    expect_status(
        w.app.get("/o/ville/activity?before=abc").await,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

#[tokio::test]
async fn activity_is_paginated_by_keyset() {
    let w = world().await;
    let db = w.app.db();
    let (alice, _) = w.person("alice").await;
    for i in 0..55 {
        proposal(db, w.cid, &alice, &format!("Idée numéro {i:02}")).await;
    }
    let first = expect_status(w.app.get("/o/ville/activity").await, StatusCode::OK).await;
    assert_eq!(first.matches("<tr>").count(), 1 + 50);
    let older = first
        .split("href=\"/o/ville/activity?before=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("older link")
        .to_string();
    assert_eq!(older, "6");
    let second = expect_status(
        w.app
            .get(&format!("/o/ville/activity?before={older}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second.matches("<tr>").count(), 1 + 5);
    assert!(!second.contains("?before="));
}

#[test]
fn the_application_never_updates_nor_deletes_log_entries() {
    fn visit(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                visit(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "sql") {
                let text = std::fs::read_to_string(&path).expect("read");
                let flat = text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                for bad in [
                    "update action_log ",
                    "delete from action_log ",
                    "update action_log\"",
                    "delete from action_log\"",
                ] {
                    if flat.contains(bad) {
                        found.push(format!("{}: {bad}", path.display()));
                    }
                }
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    visit(&root.join("src"), &mut found);
    visit(&root.join("migrations"), &mut found);
    assert!(found.is_empty(), "{found:?}");
}

#[tokio::test]
async fn agora_verify_exits_zero_only_when_intact() {
    let dir = std::env::temp_dir().join(unique("agora_verify"));
    std::fs::create_dir_all(&dir).expect("dir");
    let _cleanup = TempDir(dir.clone());
    let url = format!("sqlite://{}", dir.join("v.db").display());
    let db = Db::connect(&url).await.expect("open");
    agora::db::migrate::run(&db).await.expect("migrate");
    let org = organizations::create(&db, "ville", "Ville", "", Locale::Fr)
        .await
        .expect("org");
    let s = space(&db, &org, "budget", Visibility::Public).await;
    let cid = component(&db, &s).await;
    let alice = agora::platform::accounts::create_user(
        &db,
        agora::platform::accounts::NewUser {
            email: "alice@example.org",
            name: "alice",
            password: "a long password 123",
            instance_admin: false,
            confirmed: true,
            locale: None,
        },
    )
    .await
    .expect("user");
    let pid = proposal(&db, cid, &alice, "Un parc").await;
    support(&db, cid, pid, &alice).await;
    let verify = || {
        let output = Command::new(env!("CARGO_BIN_EXE_agora"))
            .args(["verify", "--database-url", &url])
            .env("AGORA_LOG", "warn")
            .output()
            .expect("run agora");
        (
            output.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        )
    };
    let (ok, out) = verify();
    assert!(ok, "{out}");
    assert!(out.contains("intact"), "{out}");
    sqlx::query("UPDATE supports SET user_id = user_id, created_at = 1")
        .execute(&db.pool)
        .await
        .expect("tamper");
    let (ok, out) = verify();
    assert!(!ok, "{out}");
    assert!(out.contains("support 1: altered"), "{out}");
}

#[tokio::test]
async fn deleting_a_component_is_logged_not_reported_as_tampering() {
    let w = world().await;
    let db = w.app.db();
    let (alice, _) = w.person("alice").await;
    let (bob, _) = w.person("bob").await;
    let pid = proposal(db, w.cid, &alice, "Un parc").await;
    support(db, w.cid, pid, &bob).await;
    assert!(
        agora::components::store::delete(db, w.space.id, w.cid, Some(alice.id))
            .await
            .expect("delete")
    );
    assert_eq!(w.app.count("supports").await, 0);
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    let removed: i64 =
        sqlx::query("SELECT COUNT(*) FROM action_log WHERE action = 'component-deleted'")
            .fetch_one(&db.pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("count");
    assert_eq!(removed, 2);
}

/// Deleting an account (issue 7) rewrites the person's row and removes personal rows, but no
/// verified record and no entry: the chain stays intact, on the test backend and for the
/// `agora verify` command; the deletion itself is logged.
#[tokio::test]
async fn deleting_an_account_leaves_the_chain_intact() {
    let w = world().await;
    let db = w.app.db();
    let (alice, alice_client) = w.person("alice").await;
    let (bob, bob_client) = w.person("bob").await;
    organizations::set_member(db, w.org.id, alice.id, OrgRole::Member)
        .await
        .expect("member");
    let pid = proposal(db, w.cid, &alice, "Un parc").await;
    let bobs = proposal(db, w.cid, &bob, "Une piste").await;
    support(db, w.cid, bobs, &alice).await;
    support(db, w.cid, pid, &bob).await;
    for (client, on) in [(&alice_client, bobs), (&bob_client, pid)] {
        let posted = post_form_with(
            client,
            &w.app.url("/comments"),
            &[
                ("resource_kind", "proposal"),
                ("resource_id", &on.to_string()),
                ("parent_id", ""),
                ("body", "Bonne idée"),
            ],
        )
        .await;
        expect_status(posted, StatusCode::SEE_OTHER).await;
    }
    let deleted = post_form_with(
        &alice_client,
        &w.app.url("/account/delete"),
        &[("password", "a long password 123")],
    )
    .await;
    expect_status(deleted, StatusCode::SEE_OTHER).await;
    let report = action_log::verify(db).await.expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
    let logged: Vec<String> =
        sqlx::query("SELECT action FROM action_log WHERE actor_id = $1 ORDER BY seq DESC LIMIT 2")
            .bind(alice.id)
            .fetch_all(&db.pool)
            .await
            .expect("entries")
            .iter()
            .map(|r| r.try_get(0).expect("action"))
            .collect();
    assert_eq!(logged, ["account-deleted", "member-left"]);
    // Her support and comment are still there and still verified.
    assert_eq!(w.app.count("supports").await, 2);
    assert_eq!(w.app.count("comments").await, 2);
}

#[tokio::test]
async fn agora_verify_exits_zero_after_an_account_deletion() {
    let dir = std::env::temp_dir().join(unique("agora_verify_deletion"));
    std::fs::create_dir_all(&dir).expect("dir");
    let _cleanup = TempDir(dir.clone());
    let url = format!("sqlite://{}", dir.join("v.db").display());
    let db = Db::connect(&url).await.expect("open");
    agora::db::migrate::run(&db).await.expect("migrate");
    let org = organizations::create(&db, "ville", "Ville", "", Locale::Fr)
        .await
        .expect("org");
    let s = space(&db, &org, "budget", Visibility::Public).await;
    let cid = component(&db, &s).await;
    let mut people = Vec::new();
    for email in ["alice@example.org", "bob@example.org"] {
        people.push(
            agora::platform::accounts::create_user(
                &db,
                agora::platform::accounts::NewUser {
                    email,
                    name: email,
                    password: "a long password 123",
                    instance_admin: false,
                    confirmed: true,
                    locale: None,
                },
            )
            .await
            .expect("user"),
        );
    }
    let (alice, bob) = (&people[0], &people[1]);
    organizations::set_member(&db, org.id, alice.id, OrgRole::Member)
        .await
        .expect("member");
    let pid = proposal(&db, cid, alice, "Un parc").await;
    support(&db, cid, pid, alice).await;
    support(&db, cid, pid, bob).await;
    agora::platform::accounts::delete_account(&db, alice.id)
        .await
        .expect("delete")
        .expect("not the last admin");
    let output = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["verify", "--database-url", &url])
        .env("AGORA_LOG", "warn")
        .output()
        .expect("run agora");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{out}");
    assert!(out.contains("intact"), "{out}");
}

/// Everything the demo writes goes through the log: `agora verify` finds the demo intact (a
/// demo that inserted rows behind the log's back would teach newcomers that "3 problems" is
/// normal).
#[tokio::test]
async fn the_whole_demo_is_intact_for_agora_verify() {
    let app = crate::helpers::TestApp::spawn().await;
    agora::demo::load_if_empty(app.db()).await.expect("demo");
    let report = agora::platform::action_log::verify(app.db())
        .await
        .expect("verify");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.records > 100, "the demo's records are checked");
}
