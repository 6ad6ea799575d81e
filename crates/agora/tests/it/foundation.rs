//! The web foundation: pages, headers, errors, CSRF, health, metrics.

use reqwest::StatusCode;

use crate::helpers::{TestApp, expect_status};

#[tokio::test]
async fn home_page_is_served_with_security_headers() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers();
    let csp = h["content-security-policy"].to_str().expect("csp");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("referrer-policy"));
    let body = response.text().await.expect("body");
    assert!(
        body.contains("<html lang=\"fr\">"),
        "default locale is French"
    );
    assert!(body.contains("href=\"#content\""), "skip link");
}

#[tokio::test]
async fn accept_language_chooses_the_language() {
    let app = TestApp::spawn().await;
    for (header, lang, word) in [
        ("en-GB,en;q=0.9", "en", "Organisations"),
        ("es", "es", "Organizaciones"),
        ("ca", "ca", "Organitzacions"),
    ] {
        let body = app
            .client
            .get(app.url("/"))
            .header("accept-language", header)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body");
        assert!(
            body.contains(&format!("<html lang=\"{lang}\">")),
            "{header}"
        );
        assert!(body.contains(word), "{header}");
    }
}

#[tokio::test]
async fn chosen_language_is_remembered() {
    let app = TestApp::spawn().await;
    let r = app
        .post_form("/locale", &[("locale", "en"), ("back", "/")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let body = app
        .client
        .get(app.url("/"))
        .header("accept-language", "fr")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(
        body.contains("<html lang=\"en\">"),
        "the choice beats Accept-Language"
    );
    // A redirect to another site is never followed.
    let r = app
        .post_form("/locale", &[("locale", "fr"), ("back", "//evil.example/")])
        .await;
    assert_eq!(r.headers()["location"], "/");
    let r = app
        .post_form("/locale", &[("locale", "de"), ("back", "/")])
        .await;
    expect_status(r, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn unknown_page_is_a_friendly_404_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .get(app.url("/no/such/page"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("get");
    let body = expect_status(r, StatusCode::NOT_FOUND).await;
    assert!(body.contains("Page not found"));
    assert!(body.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn cross_site_form_post_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .post(app.url("/locale"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("locale", "en"), ("back", "/")])
        .send()
        .await
        .expect("post");
    expect_status(r, StatusCode::FORBIDDEN).await;
    let r = app
        .client
        .post(app.url("/locale"))
        .header("origin", "https://evil.example")
        .form(&[("locale", "en"), ("back", "/")])
        .send()
        .await
        .expect("post");
    expect_status(r, StatusCode::FORBIDDEN).await;
    // No language cookie was set: the page is still French.
    let body = app.get("/").await.text().await.expect("body");
    assert!(body.contains("<html lang=\"fr\">"));
}

#[tokio::test]
async fn huge_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(1024 * 1024);
    let r = app
        .client
        .post(app.url("/locale"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("locale", big.as_str())])
        .send()
        .await
        .expect("post");
    assert!(
        r.status() == StatusCode::PAYLOAD_TOO_LARGE || r.status() == StatusCode::BAD_REQUEST,
        "{}",
        r.status()
    );
}

#[tokio::test]
async fn health_and_metrics() {
    let app = TestApp::spawn().await;
    expect_status(app.get("/healthz").await, StatusCode::OK).await;
    let metrics = expect_status(app.get("/metrics").await, StatusCode::OK).await;
    assert!(metrics.contains("agora_http_requests_total{class=\"2xx\"}"));
    assert!(metrics.contains("agora_database_up 1"));
}

#[tokio::test]
async fn static_assets_are_served() {
    let app = TestApp::spawn().await;
    let css = expect_status(app.get("/static/agora.css").await, StatusCode::OK).await;
    assert!(css.contains(":focus-visible"));
    let js = app.get("/static/htmx.min.js").await;
    assert_eq!(
        js.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    expect_status(
        app.get("/static/../Cargo.toml").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn serve_refuses_an_unmigrated_database() {
    let dir = std::env::temp_dir().join(crate::helpers::unique("agora_unmigrated"));
    std::fs::create_dir_all(&dir).expect("dir");
    let url = format!("sqlite://{}", dir.join("x.db").display());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["serve", "--database-url", &url, "--bind", "127.0.0.1:0"])
        .output()
        .expect("run agora");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("agora migrate"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn anonymous_page_cache_never_serves_a_stale_page_after_a_change_or_to_a_signed_in_person() {
    use agora::platform::{organizations, permissions::OrgRole};
    let app = TestApp::spawn_with(|c| c.page_cache_ms = 60_000).await;
    let admin = app
        .create_user("admin@ville.example", "admin password 2026")
        .await;
    let org = organizations::create(app.db(), "ville", "Ville", "", agora::i18n::Locale::Fr)
        .await
        .expect("org");
    organizations::set_member(app.db(), org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");

    let anonymous = app.new_browser();
    let home = |client: reqwest::Client| {
        let url = app.url("/");
        async move {
            client
                .get(url)
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("body")
        }
    };
    assert!(home(anonymous.clone()).await.contains(">Ville<"));

    // An administrator renames the organisation through the form...
    let admin_browser = app.browser_signed_in(&admin).await;
    let r = crate::helpers::post_form_with(
        &admin_browser,
        &app.url("/o/ville/admin"),
        &[
            ("name", "Ville Nouvelle"),
            ("description", ""),
            ("available_locales", "fr"),
            ("default_locale", "fr"),
            ("time_zone", "Europe/Paris"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // ...and the next anonymous visitor sees the new name at once.
    assert!(home(anonymous.clone()).await.contains("Ville Nouvelle"));
    // A signed-in person never gets the anonymous page.
    drop(admin_browser);
    let signed_in = app.browser_signed_in(&admin).await;
    let page = home(signed_in).await;
    assert!(
        page.contains("/sign-out"),
        "the signed-in page, not the cached anonymous one"
    );
}

/// What `INSERT … RETURNING` reported written is committed: the very next read, whichever
/// connection serves it, finds it. (On SQLite a half-read statement once kept its write
/// uncommitted for a while, and a budget's last project or a new page was missing from the
/// next page.) Each insert returns many rows and the caller reads one, which widens the window.
#[tokio::test]
async fn rows_returned_by_an_insert_are_seen_by_the_next_read() {
    use agora::db;
    let (db, _dir) = crate::helpers::fresh_database().await;
    db::query("CREATE TABLE written (batch INTEGER NOT NULL, n INTEGER NOT NULL)")
        .execute(&db)
        .await
        .expect("table");
    for batch in 1..=20_i64 {
        let first: i64 = db::query(
            "INSERT INTO written (batch, n)
             WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 500)
             SELECT $1, n FROM k RETURNING n",
        )
        .bind(batch)
        .fetch_one(&db)
        .await
        .and_then(|row| row.try_get(0))
        .expect("insert");
        assert!(first >= 1);
        let seen: i64 = db::query("SELECT COUNT(*) FROM written WHERE batch = $1")
            .bind(batch)
            .fetch_one(&db)
            .await
            .and_then(|row| row.try_get(0))
            .expect("read");
        assert_eq!(seen, 500, "batch {batch} was written but not all seen");
    }
}

/// A request dropped while its transaction begins — a client that disconnects at that moment —
/// must leave no connection inside a transaction. (With sqlx 0.9.0 on PostgreSQL it did: the
/// next statements on that connection ran in the abandoned transaction and were never
/// committed, and their locks were held; under load, checkouts slowed from 230/s to 15/s.)
#[tokio::test]
async fn writes_after_a_transaction_abandoned_while_beginning_are_committed() {
    use agora::db;
    use futures_util::FutureExt;
    let (db, _dir) = crate::helpers::fresh_database().await;
    db::query("CREATE TABLE written (n INTEGER NOT NULL)")
        .execute(&db)
        .await
        .expect("table");
    let mut written = 0_i64;
    for _ in 0..5 {
        // Polled once, then dropped: on PostgreSQL its BEGIN is on the wire by then (an idle
        // connection is taken at once: the pool does not test connections on acquire).
        let _ = db.begin().now_or_never();
        for _ in 0..10 {
            written += 1;
            db::query("INSERT INTO written (n) VALUES ($1)")
                .bind(written)
                .execute(&db)
                .await
                .expect("insert");
        }
    }
    // What is committed, as a connection of its own sees it.
    let committed: i64 = match std::env::var("AGORA_TEST_POSTGRES_URL") {
        Ok(admin_url) => {
            let name: String = db::query("SELECT CAST(current_database() AS TEXT)")
                .fetch_one(&db)
                .await
                .and_then(|row| row.try_get(0))
                .expect("name");
            let base = admin_url.rsplit_once('/').map_or(&*admin_url, |(b, _)| b);
            let other = db::Db::connect(&format!("{base}/{name}"))
                .await
                .expect("connect");
            let count = db::query("SELECT COUNT(*) FROM written")
                .fetch_one(&other)
                .await
                .and_then(|row| row.try_get(0))
                .expect("count");
            other.pool.close().await;
            count
        }
        Err(_) => db::query("SELECT COUNT(*) FROM written")
            .fetch_one(&db)
            .await
            .and_then(|row| row.try_get(0))
            .expect("count"),
    };
    assert_eq!(committed, written, "every write answered OK is committed");
}
