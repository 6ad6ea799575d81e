//! Request body limits: a census CSV or a Pabulib file of a real city's size is accepted (up to
//! 64 MiB), every other form and API body stays small (256 KiB); a body over its limit gets a
//! 413 page in the visitor's language or a problem document, and changes nothing; a broken
//! large file gets its line and changes nothing.

use std::fmt::Write as _;

use agora::components::budgets::rules::RuleKind;
use agora::platform::organizations;
use agora::platform::permissions::{OrgRole, Visibility};
use reqwest::StatusCode;
use serde_json::Value;

use crate::budgets::{rule, world};
use crate::helpers::post_form_with;

/// A Pabulib file with 40 projects and `votes` ballots of 5 projects each (about 20 bytes a
/// ballot, more once form-encoded).
fn big_pabulib(votes: usize) -> String {
    let mut text = format!(
        "META\nkey;value\ndescription;Big city\nnum_projects;40\nnum_votes;{votes}\nbudget;1000000\ncurrency;EUR\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
    );
    for p in 1..=40 {
        writeln!(text, "{p};{};Project number {p}", 10_000 + p * 100).unwrap();
    }
    text.push_str("VOTES\nvoter_id;vote\n");
    for v in 0..votes {
        let ids: Vec<String> = (0..5)
            .map(|k| ((v * 7 + k * 3) % 40 + 1).to_string())
            .collect();
        writeln!(text, "{v};{}", ids.join(",")).unwrap();
    }
    text
}

fn census(lines: usize) -> String {
    let mut text = String::from("document_hash,birth_date,district\n");
    for i in 0..lines {
        writeln!(
            text,
            "{},1980-01-01,District {}",
            agora::platform::verifications::document_hash(&format!("{i:08}X")),
            i % 10
        )
        .unwrap();
    }
    text
}

#[tokio::test]
async fn a_census_and_a_pabulib_file_of_a_city_are_imported_whole() {
    let w = world(Visibility::Public, "all", "closed").await;
    let (bid, _) = w
        .budget_of(1_000_000, rule(RuleKind::Approval), &[], false)
        .await;
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");

    // 6,000 people: about 460 KB, far above the 256 KiB every other form takes.
    let csv = census(6_000);
    assert!(csv.len() > 400_000);
    let url = w.app.url(&format!("/o/{}/admin/census", w.org.slug));
    let answer = post_form_with(&browser, &url, &[("csv", &csv)]).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(w.app.count("census_entries").await, 6_000);

    let pb = big_pabulib(15_000);
    assert!(pb.len() > 256 * 1024);
    let url = format!("{}/import", w.page(bid));
    let answer = post_form_with(&browser, &url, &[("pb", &pb), ("with_votes", "1")]).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer
            .text()
            .await
            .expect("body")
            .contains("40 projets et 15000 bulletins")
    );
    assert_eq!(w.app.count("budget_imported_ballots").await, 15_000);
}

#[tokio::test]
async fn a_broken_large_file_says_where_and_imports_nothing() {
    let w = world(Visibility::Public, "all", "closed").await;
    let (bid, _) = w
        .budget_of(1_000_000, rule(RuleKind::Approval), &[], false)
        .await;
    let (admin, browser) = w.person("admin").await;
    organizations::set_member(w.app.db(), w.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    // The last ballot names a project the file does not have.
    let mut pb = big_pabulib(15_000);
    pb.push_str("late;1,99\n");
    let lines = pb.lines().count();
    let url = format!("{}/import", w.page(bid));
    let answer = post_form_with(&browser, &url, &[("pb", &pb), ("with_votes", "1")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.expect("body");
    assert!(page.contains(&format!("Ligne {lines}")), "{page}");
    assert_eq!(w.app.count("budget_projects").await, 0);
    assert_eq!(w.app.count("budget_imported_ballots").await, 0);

    // Not a Pabulib file at all.
    let answer = post_form_with(&browser, &url, &[("pb", "name,cost\nPark,100\n")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.app.count("budget_projects").await, 0);

    // A broken census line, far down a large file.
    let mut csv = census(6_000);
    csv.push_str("not-a-hash,1980-01-01,Nord\n");
    let url = w.app.url(&format!("/o/{}/admin/census", w.org.slug));
    let answer = post_form_with(&browser, &url, &[("csv", &csv)]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.expect("body").contains("Ligne 6002"));
    assert_eq!(w.app.count("census_entries").await, 0);
}

#[tokio::test]
async fn any_other_body_over_256_kib_gets_413_and_changes_nothing() {
    let w = world(Visibility::Public, "all", "open").await;
    let (bid, ids) = w
        .budget_of(1_000, rule(RuleKind::Approval), &[100, 200], false)
        .await;
    let (user, browser) = w.person("voter").await;
    let big = "x".repeat(300 * 1024);

    // A page form: the error page, in the visitor's language, says what the limits are.
    let answer = post_form_with(
        &browser,
        &format!("{}/ballot", w.page(bid)),
        &[("add", &ids[0].to_string()), ("padding", &big)],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = answer.text().await.expect("body");
    assert!(page.contains("trop volumineux"), "{page}");
    assert!(page.contains("64 Mio"), "{page}");
    assert_eq!(w.app.count("budget_ballot_lines").await, 0);

    // The API: a problem document.
    let token = w.token(&user).await;
    let body = format!(r#"{{"projects": [{}], "padding": "{big}"}}"#, ids[0]);
    let answer = w
        .app
        .new_browser()
        .put(w.app.url(&format!("/api/v1/budgets/{bid}/ballot")))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("put");
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
    let problem: Value = answer.json().await.expect("json");
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("256 KiB"),
        "{problem}"
    );
    assert_eq!(w.app.count("budget_ballot_lines").await, 0);

    // The import addresses take large files, but only theirs: the same size elsewhere under
    // an admin path is still refused.
    let answer = post_form_with(
        &browser,
        &w.app.url(&format!("/o/{}/verification", w.org.slug)),
        &[("padding", &big)],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
