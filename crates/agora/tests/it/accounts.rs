//! Integration tests: accounts — sign up, confirmation, sign in and out, forgotten password,
//! my account (profile, password, sessions, API tokens, deletion), rate limits, e-mail.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, fresh_database, link_containing, post_form_with};

const PASSWORD: &str = "correct horse battery";

/// The path of a link from an e-mail (links carry the configured base URL, not the test port).
fn path_of(link: &str) -> String {
    let after_scheme = link.split_once("://").map(|(_, r)| r).unwrap_or(link);
    after_scheme
        .find('/')
        .map(|i| after_scheme[i..].to_string())
        .unwrap_or_else(|| "/".into())
}

/// The `agora_session` Set-Cookie header of a response, if any.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("agora_session="))
        .map(String::from)
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

/// Everything the account forms could write.
async fn snapshot(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in ["users", "sessions", "api_tokens", "email_tokens", "outbox"] {
        counts.push(app.count(table).await);
    }
    counts
}

async fn sign_up(app: &TestApp, name: &str, email: &str, password: &str) -> reqwest::Response {
    app.post_form(
        "/sign-up",
        &[
            ("name", name),
            ("email", email),
            ("password", password),
            ("accept_terms", "yes"),
        ],
    )
    .await
}

/// Signs up through the page and follows the confirmation link: the browser is signed in.
async fn sign_up_and_confirm(app: &TestApp, email: &str) {
    let r = sign_up(app, "Ana Ruiz", email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mail = app.last_email_to(email).await.expect("confirmation e-mail");
    let link = link_containing(&mail, "/confirm/").expect("link");
    let r = app.get(&path_of(&link)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "confirmation link");
}

async fn session_ids(app: &TestApp, user: i64) -> Vec<i64> {
    sqlx::query("SELECT id FROM sessions WHERE user_id = $1 ORDER BY id")
        .bind(user)
        .fetch_all(&app.db().pool)
        .await
        .expect("sessions")
        .iter()
        .map(|r| r.try_get::<i64, _>("id").expect("id"))
        .collect()
}

#[tokio::test]
async fn sign_up_confirm_sign_out_and_sign_in_again() {
    let app = TestApp::spawn().await;
    let page = expect_status(app.get("/sign-up").await, StatusCode::OK).await;
    for needle in [
        "name=\"name\"",
        "autocomplete=\"email\"",
        "autocomplete=\"new-password\"",
        "name=\"accept_terms\"",
        "<label for=\"email\"",
    ] {
        assert!(page.contains(needle), "sign-up page lacks {needle}");
    }

    let users = app.count("users").await;
    let r = sign_up(&app, "Ana Ruiz", "Ana@Example.org", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/check-email?why=sign-up");
    assert!(session_cookie(r.headers()).is_none(), "not signed in yet");
    assert_eq!(app.count("users").await, users + 1);
    let page = expect_status(app.get(&location(&r)).await, StatusCode::OK).await;
    assert!(page.contains("48"), "the page says how long the link lasts");

    // Not confirmed yet: the right password does not open a session.
    let r = app.sign_in("ana@example.org", PASSWORD).await;
    let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body.contains("action=\"/confirm/resend\""),
        "offers a new link"
    );
    assert_eq!(app.count("sessions").await, 0);

    // The e-mail (address stored lower-case) carries a single-use link.
    let mail = app
        .last_email_to("ana@example.org")
        .await
        .expect("confirmation e-mail");
    assert!(mail.contains("Ana Ruiz"));
    let link = link_containing(&mail, "/confirm/").expect("confirmation link");
    assert!(link.starts_with("http://127.0.0.1:8080/confirm/"), "{link}");
    let r = app.get(&path_of(&link)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account?done=confirmed");
    let cookie = session_cookie(r.headers()).expect("signed in by the link");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let page = expect_status(app.get("/account?done=confirmed").await, StatusCode::OK).await;
    assert!(page.contains("Ana Ruiz") && page.contains("ana@example.org"));
    assert!(page.contains("class=\"notice\""));

    // The link works once; a second visit changes nothing.
    let sessions = app.count("sessions").await;
    let r = app
        .new_browser()
        .get(app.url(&path_of(&link)))
        .send()
        .await
        .expect("get");
    expect_status(r, StatusCode::GONE).await;
    assert_eq!(app.count("sessions").await, sessions);

    // Sign out ends the session row and clears the cookie.
    let r = app.post_form("/sign-out", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cleared = session_cookie(r.headers()).expect("cookie cleared");
    assert!(cleared.contains("Max-Age=0"));
    assert_eq!(app.count("sessions").await, 0);
    let r = app.get("/account").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/sign-in?next=/account");

    // Sign in again, going back where the person was.
    let r = app
        .post_form(
            "/sign-in",
            &[
                ("email", " ANA@example.org "),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account");
    expect_status(app.get("/account").await, StatusCode::OK).await;
}

#[tokio::test]
async fn sign_in_page_keeps_next_only_when_local() {
    let app = TestApp::spawn().await;
    app.create_user("ana@example.org", PASSWORD).await;
    let page = expect_status(app.get("/sign-in?next=/o/town").await, StatusCode::OK).await;
    assert!(page.contains("value=\"/o/town\""));
    assert!(page.contains("autocomplete=\"current-password\""));
    let page = expect_status(
        app.get("/sign-in?next=//evil.example/").await,
        StatusCode::OK,
    )
    .await;
    assert!(!page.contains("evil.example"));
    let r = app
        .post_form(
            "/sign-in",
            &[
                ("email", "ana@example.org"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
}

#[tokio::test]
async fn wrong_password_and_unknown_address_get_one_generic_message() {
    let app = TestApp::spawn().await;
    app.create_user("ana@example.org", PASSWORD).await;
    let r = app.sign_in("ana@example.org", "not the password").await;
    assert!(session_cookie(r.headers()).is_none());
    let wrong = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(wrong.contains("role=\"alert\""));
    assert!(
        wrong.contains("value=\"ana@example.org\""),
        "the address is kept"
    );
    assert!(!wrong.contains("not the password"), "never the password");
    let r = app.sign_in("nobody@example.org", "not the password").await;
    let unknown = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let message = |page: &str| {
        page.split("class=\"field-error\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .map(String::from)
    };
    assert_eq!(message(&wrong), message(&unknown));
    assert!(message(&wrong).is_some());
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn blocked_account_is_told_so_and_gets_no_session() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ana@example.org", PASSWORD).await;
    sqlx::query("UPDATE users SET blocked_at = 1 WHERE id = $1")
        .bind(user.id)
        .execute(&app.db().pool)
        .await
        .expect("block");
    let r = app
        .client
        .post(app.url("/sign-in"))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "en")
        .form(&[("email", "ana@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("Your account is blocked"));
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn unconfirmed_account_can_ask_for_a_new_link() {
    let app = TestApp::spawn().await;
    let r = sign_up(&app, "Ana", "ana@example.org", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let first = app.last_email_to("ana@example.org").await.expect("mail");
    let r = app
        .post_form("/confirm/resend", &[("email", "ana@example.org")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let second = app.last_email_to("ana@example.org").await.expect("mail");
    assert_ne!(first, second, "a new link");
    // An unknown address gets the same answer and no e-mail.
    let outbox = app.count("outbox").await;
    let r = app
        .post_form("/confirm/resend", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(location(&r), "/check-email?why=confirm");
    assert_eq!(app.count("outbox").await, outbox);
    // The new link works.
    let link = link_containing(&second, "/confirm/").expect("link");
    let r = app.get(&path_of(&link)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    expect_status(app.get("/account").await, StatusCode::OK).await;
}

#[tokio::test]
async fn expired_confirmation_link_changes_nothing() {
    let app = TestApp::spawn().await;
    sign_up(&app, "Ana", "ana@example.org", PASSWORD).await;
    let mail = app.last_email_to("ana@example.org").await.expect("mail");
    sqlx::query("UPDATE email_tokens SET expires_at = 1")
        .execute(&app.db().pool)
        .await
        .expect("expire");
    let link = link_containing(&mail, "/confirm/").expect("link");
    expect_status(app.get(&path_of(&link)).await, StatusCode::GONE).await;
    expect_status(app.get("/confirm/not-a-token").await, StatusCode::GONE).await;
    assert_eq!(app.count("sessions").await, 0);
    let confirmed: Option<i64> =
        sqlx::query_scalar("SELECT confirmed_at FROM users WHERE email = 'ana@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("user");
    assert!(confirmed.is_none());
}

#[tokio::test]
async fn same_address_twice_makes_one_account_and_tells_its_owner() {
    let app = TestApp::spawn().await;
    sign_up_and_confirm(&app, "ana@example.org").await;
    let users = app.count("users").await;
    let other = app.new_browser();
    let r = post_form_with(
        &other,
        &app.url("/sign-up"),
        &[
            ("name", "Someone else"),
            ("email", "ANA@example.org"),
            ("password", "another password"),
            ("accept_terms", "yes"),
        ],
    )
    .await;
    // The page answers as for a new address (it does not tell who has an account)...
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/check-email?why=sign-up");
    assert_eq!(app.count("users").await, users);
    // ...and the owner of the address is told by e-mail.
    let mail = app.last_email_to("ana@example.org").await.expect("mail");
    assert!(
        link_containing(&mail, "/password/forgot").is_some(),
        "{mail}"
    );
    assert!(link_containing(&mail, "/confirm/").is_none());
    // The original password still works; the intruder's does not.
    let r = post_form_with(
        &other,
        &app.url("/sign-in"),
        &[
            ("email", "ana@example.org"),
            ("password", "another password"),
        ],
    )
    .await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let r = app.sign_in("ana@example.org", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn mail_is_written_in_the_language_of_the_request() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .post(app.url("/sign-up"))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "ca")
        .form(&[
            ("name", "Jordi"),
            ("email", "jordi@example.cat"),
            ("password", PASSWORD),
            ("accept_terms", "yes"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let row = sqlx::query("SELECT subject, body FROM outbox WHERE to_address = $1")
        .bind("jordi@example.cat")
        .fetch_one(&app.db().pool)
        .await
        .expect("mail");
    let subject: String = row.try_get("subject").expect("subject");
    let body: String = row.try_get("body").expect("body");
    assert_eq!(subject, "Confirma el teu correu electrònic");
    assert!(body.starts_with("Hola, Jordi:"), "{body}");
}

#[tokio::test]
async fn password_reset_is_single_use_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ana@example.org", PASSWORD).await;
    assert_eq!(
        app.sign_in("ana@example.org", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let laptop = app.new_browser();
    let r = post_form_with(
        &laptop,
        &app.url("/sign-in"),
        &[("email", "ana@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(session_ids(&app, user.id).await.len(), 2);

    let page = expect_status(app.get("/password/forgot").await, StatusCode::OK).await;
    assert!(page.contains("autocomplete=\"email\""));
    let anonymous = app.new_browser();
    let r = post_form_with(
        &anonymous,
        &app.url("/password/forgot"),
        &[("email", "Ana@example.org")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let answer_known = location(&r);
    // An unknown address gets the very same answer, and no e-mail.
    let outbox = app.count("outbox").await;
    let r = post_form_with(
        &anonymous,
        &app.url("/password/forgot"),
        &[("email", "nobody@example.org")],
    )
    .await;
    assert_eq!(location(&r), answer_known);
    assert_eq!(app.count("outbox").await, outbox);

    let mail = app.last_email_to("ana@example.org").await.expect("mail");
    let path = path_of(&link_containing(&mail, "/password/reset/").expect("link"));
    let page = expect_status(
        anonymous.get(app.url(&path)).send().await.expect("get"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("autocomplete=\"new-password\""));
    // A bad new password re-renders the form and keeps the link usable.
    let r = post_form_with(&anonymous, &app.url(&path), &[("password", "short")]).await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let r = post_form_with(
        &anonymous,
        &app.url(&path),
        &[("password", "a brand new password")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/sign-in?done=reset");
    assert!(
        session_ids(&app, user.id).await.is_empty(),
        "all sessions ended"
    );
    assert_eq!(app.get("/account").await.status(), StatusCode::SEE_OTHER);

    // Single use.
    let r = post_form_with(
        &anonymous,
        &app.url(&path),
        &[("password", "yet another one!")],
    )
    .await;
    expect_status(r, StatusCode::GONE).await;
    expect_status(
        anonymous.get(app.url(&path)).send().await.expect("get"),
        StatusCode::GONE,
    )
    .await;

    // The old password no longer works, the new one does.
    let r = app.sign_in("ana@example.org", PASSWORD).await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let r = app.sign_in("ana@example.org", "a brand new password").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn expired_reset_link_is_refused() {
    let app = TestApp::spawn().await;
    app.create_user("ana@example.org", PASSWORD).await;
    app.post_form("/password/forgot", &[("email", "ana@example.org")])
        .await;
    let mail = app.last_email_to("ana@example.org").await.expect("mail");
    let path = path_of(&link_containing(&mail, "/password/reset/").expect("link"));
    let expires: i64 = sqlx::query_scalar("SELECT expires_at - created_at FROM email_tokens")
        .fetch_one(&app.db().pool)
        .await
        .expect("token");
    assert_eq!(expires, 3600);
    sqlx::query("UPDATE email_tokens SET expires_at = 1")
        .execute(&app.db().pool)
        .await
        .expect("expire");
    let r = app
        .post_form(&path, &[("password", "a brand new password")])
        .await;
    expect_status(r, StatusCode::GONE).await;
    assert_eq!(
        app.sign_in("ana@example.org", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn change_password_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ana@example.org", PASSWORD).await;
    app.sign_in("ana@example.org", PASSWORD).await;
    let phone = app.new_browser();
    post_form_with(
        &phone,
        &app.url("/sign-in"),
        &[("email", "ana@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(session_ids(&app, user.id).await.len(), 2);

    let r = app
        .post_form(
            "/account/password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a brand new password"),
            ],
        )
        .await;
    let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("id=\"current_password-error\""));
    assert_eq!(session_ids(&app, user.id).await.len(), 2);

    let r = app
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        session_ids(&app, user.id).await.len(),
        1,
        "only this one stays"
    );
    expect_status(app.get("/account").await, StatusCode::OK).await;
    let r = phone.get(app.url("/account")).send().await.expect("get");
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the phone is signed out");
    let other = app.new_browser();
    let r = post_form_with(
        &other,
        &app.url("/sign-in"),
        &[("email", "ana@example.org"), ("password", PASSWORD)],
    )
    .await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let r = post_form_with(
        &other,
        &app.url("/sign-in"),
        &[
            ("email", "ana@example.org"),
            ("password", "a brand new password"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn profile_changes_name_and_language() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ana@example.org", PASSWORD).await;
    app.sign_in("ana@example.org", PASSWORD).await;
    let r = app
        .post_form(
            "/account/profile",
            &[("name", "Ana María"), ("locale", "es")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = expect_status(app.get(&location(&r)).await, StatusCode::OK).await;
    assert!(page.contains("<html lang=\"es\">"));
    assert!(page.contains("Ana María"));
    let r = app
        .post_form("/account/profile", &[("name", "Ana"), ("locale", "")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let locale: Option<String> = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&app.db().pool)
        .await
        .expect("user");
    assert_eq!(locale, None, "automatic");
}

#[tokio::test]
async fn sessions_are_listed_and_only_ones_own_can_be_revoked() {
    let app = TestApp::spawn().await;
    let ana = app.create_user("ana@example.org", PASSWORD).await;
    let ben = app.create_user("ben@example.org", PASSWORD).await;
    app.sign_in("ana@example.org", PASSWORD).await;
    let laptop = app.new_browser();
    let r = laptop
        .post(app.url("/sign-in"))
        .header("sec-fetch-site", "same-origin")
        .header("user-agent", "LaptopBrowser/1.0")
        .form(&[("email", "ana@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let bens_browser = app.new_browser();
    post_form_with(
        &bens_browser,
        &app.url("/sign-in"),
        &[("email", "ben@example.org"), ("password", PASSWORD)],
    )
    .await;

    let page = expect_status(app.get("/account/sessions").await, StatusCode::OK).await;
    assert!(page.contains("LaptopBrowser/1.0"));
    assert!(page.contains("127.0.0.1"));
    assert!(page.contains(" UTC</time>"), "readable times");
    assert_eq!(page.matches("badge active").count(), 1, "one 'this device'");
    let anas = session_ids(&app, ana.id).await;
    assert_eq!(anas.len(), 2);
    for id in &anas {
        assert!(page.contains(&format!("/account/sessions/{id}/revoke")));
    }

    // Ben's session: 404, and it stays.
    let bens = session_ids(&app, ben.id).await;
    let r = app
        .post_form(&format!("/account/sessions/{}/revoke", bens[0]), &[])
        .await;
    expect_status(r, StatusCode::NOT_FOUND).await;
    assert_eq!(session_ids(&app, ben.id).await, bens);
    let r = app
        .post_form("/account/sessions/not-a-number/revoke", &[])
        .await;
    expect_status(r, StatusCode::BAD_REQUEST).await;
    let r = app.post_form("/account/sessions/999999/revoke", &[]).await;
    expect_status(r, StatusCode::NOT_FOUND).await;

    // Revoke the laptop's session (the newest): the laptop is signed out.
    let laptop_id = *anas.iter().max().expect("two sessions");
    let r = app
        .post_form(&format!("/account/sessions/{laptop_id}/revoke"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(session_ids(&app, ana.id).await.len(), 1);
    let r = laptop.get(app.url("/account")).send().await.expect("get");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    expect_status(app.get("/account").await, StatusCode::OK).await;
}

#[tokio::test]
async fn session_cookie_is_http_only_lax_and_new_at_each_sign_in() {
    let app = TestApp::spawn().await;
    app.create_user("ana@example.org", PASSWORD).await;
    let r = app.sign_in("ana@example.org", PASSWORD).await;
    let first = session_cookie(r.headers()).expect("cookie");
    assert!(first.contains("; Path=/"));
    assert!(first.contains("; HttpOnly"));
    assert!(first.contains("; SameSite=Lax"));
    assert!(!first.contains("Secure"), "plain http in tests");
    let r = app.sign_in("ana@example.org", PASSWORD).await;
    let second = session_cookie(r.headers()).expect("cookie");
    let token = |c: &str| c.split(';').next().map(String::from);
    assert_ne!(token(&first), token(&second), "rotated");
    // Signing in again from the same browser ended its previous session.
    assert_eq!(app.count("sessions").await, 1);
}

#[tokio::test]
async fn secure_cookie_when_served_over_https() {
    let app = TestApp::spawn_with(|c| c.base_url = "https://agora.example".into()).await;
    app.create_user("ana@example.org", PASSWORD).await;
    let r = app.sign_in("ana@example.org", PASSWORD).await;
    let cookie = session_cookie(r.headers()).expect("cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");
}

fn token_in(page: &str) -> Option<String> {
    let start = page.find("value=\"agora_")? + "value=\"".len();
    let rest = &page[start..];
    rest.split('"').next().map(String::from)
}

#[tokio::test]
async fn api_token_is_shown_once_works_as_bearer_and_stops_after_revoke() {
    let app = TestApp::spawn().await;
    let ana = app.create_user("ana@example.org", PASSWORD).await;
    app.sign_in("ana@example.org", PASSWORD).await;
    let page = expect_status(app.get("/account/tokens").await, StatusCode::OK).await;
    assert!(token_in(&page).is_none());

    let r = app
        .post_form("/account/tokens", &[("name", "my script")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account/tokens");
    let page = expect_status(app.get("/account/tokens").await, StatusCode::OK).await;
    let token = token_in(&page).expect("the new token is shown");
    assert!(page.contains("my script"));
    let page = expect_status(app.get("/account/tokens").await, StatusCode::OK).await;
    assert!(token_in(&page).is_none(), "shown once");
    assert!(page.contains("my script"));
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_one(&app.db().pool)
        .await
        .expect("token");
    assert_ne!(stored, token, "only a hash is stored");

    let stranger = app.new_browser();
    let r = stranger
        .get(app.url("/account"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    let body = expect_status(r, StatusCode::OK).await;
    assert!(body.contains("ana@example.org"));
    // A bearer token reads the pages but cannot change the account.
    let r = stranger
        .post(app.url("/account/tokens"))
        .bearer_auth(&token)
        .form(&[("name", "minted")])
        .send()
        .await
        .expect("post");
    expect_status(r, StatusCode::FORBIDDEN).await;
    assert_eq!(app.count("api_tokens").await, 1);

    // Someone else cannot revoke it.
    app.create_user("ben@example.org", PASSWORD).await;
    let ben = app.new_browser();
    post_form_with(
        &ben,
        &app.url("/sign-in"),
        &[("email", "ben@example.org"), ("password", PASSWORD)],
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE user_id = $1")
        .bind(ana.id)
        .fetch_one(&app.db().pool)
        .await
        .expect("id");
    let r = post_form_with(&ben, &app.url(&format!("/account/tokens/{id}/revoke")), &[]).await;
    expect_status(r, StatusCode::NOT_FOUND).await;
    let r = stranger
        .get(app.url("/account"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);

    let r = app
        .post_form(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = stranger
        .get(app.url("/account"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "revoked: not signed in");
    let page = expect_status(app.get("/account/tokens").await, StatusCode::OK).await;
    assert!(!page.contains("my script"));
}

#[tokio::test]
async fn deleting_the_account_anonymises_it_and_frees_the_address() {
    let app = TestApp::spawn().await;
    let ana = app.create_user("ana@example.org", PASSWORD).await;
    app.sign_in("ana@example.org", PASSWORD).await;
    app.post_form("/account/tokens", &[("name", "script")])
        .await;
    let org = agora::platform::organizations::create(
        app.db(),
        "town",
        "Town",
        "",
        agora::i18n::Locale::Fr,
    )
    .await
    .expect("org");
    agora::platform::organizations::set_member(
        app.db(),
        org.id,
        ana.id,
        agora::platform::permissions::OrgRole::Member,
    )
    .await
    .expect("member");

    let r = app
        .post_form("/account/delete", &[("password", "not my password")])
        .await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    expect_status(app.get("/account").await, StatusCode::OK).await;

    let r = app
        .post_form("/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account/deleted");
    expect_status(app.get("/account/deleted").await, StatusCode::OK).await;
    assert_eq!(app.get("/account").await.status(), StatusCode::SEE_OTHER);

    let row = sqlx::query("SELECT email, name, password_hash, deleted_at FROM users WHERE id = $1")
        .bind(ana.id)
        .fetch_one(&app.db().pool)
        .await
        .expect("row kept for contributions");
    assert_eq!(
        row.try_get::<String, _>("email").expect("email"),
        format!("deleted-{}@invalid", ana.id)
    );
    assert_eq!(
        row.try_get::<String, _>("name").expect("name"),
        "",
        "the name is erased"
    );
    assert!(
        row.try_get::<Option<String>, _>("password_hash")
            .expect("hash")
            .is_none()
    );
    assert!(
        row.try_get::<Option<i64>, _>("deleted_at")
            .expect("at")
            .is_some()
    );
    for table in ["sessions", "api_tokens", "memberships"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }

    let r = app.sign_in("ana@example.org", PASSWORD).await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    // The address is free for a new account.
    let r = sign_up(&app, "Ana again", "ana@example.org", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("users").await, 2);
}

#[tokio::test]
async fn eleventh_sign_in_attempt_is_refused_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    app.create_user("ana@example.org", PASSWORD).await;
    for _ in 0..10 {
        let r = app.sign_in("ana@example.org", "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app
        .client
        .post(app.url("/sign-in"))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "en")
        .form(&[("email", "ana@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert!(session_cookie(r.headers()).is_none());
    let retry_after: i64 = r.headers()["retry-after"]
        .to_str()
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry_after));
    let body = expect_status(r, StatusCode::TOO_MANY_REQUESTS).await;
    assert!(body.contains("Too many attempts"));
    assert_eq!(app.count("sessions").await, 0);
    // Both the address and the account's e-mail were counted.
    let buckets: Vec<String> = sqlx::query_scalar("SELECT bucket FROM rate_limits ORDER BY bucket")
        .fetch_all(&app.db().pool)
        .await
        .expect("buckets");
    assert!(buckets.contains(&"sign-in-email:ana@example.org".to_string()));
    assert!(buckets.contains(&"sign-in-ip:127.0.0.1".to_string()));
}

#[tokio::test]
async fn a_meeting_room_behind_one_address_can_all_sign_in() {
    // Thirty people on the town hall's Wi-Fi, one address, each signing in once (one mistyped
    // first): the per-address allowance is not the per-account one.
    let app = TestApp::spawn().await;
    for i in 0..30 {
        let email = format!("p{i}@example.org");
        app.create_user(&email, PASSWORD).await;
        let r = app.sign_in(&email, "mistyped").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = app.sign_in(&email, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "person {i}");
    }
}

#[tokio::test]
async fn one_address_is_limited_too() {
    let app = TestApp::spawn_with(|c| c.auth_attempts_per_ip_window = 15).await;
    for i in 0..15 {
        let r = app
            .sign_in(&format!("nobody{i}@example.org"), "guess")
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app.sign_in("nobody99@example.org", "guess").await;
    expect_status(r, StatusCode::TOO_MANY_REQUESTS).await;
}

#[tokio::test]
async fn sign_up_and_reset_requests_are_rate_limited() {
    // The per-address allowance set to the per-account one, so both limits show in one test.
    let app = TestApp::spawn_with(|c| c.auth_attempts_per_ip_window = 10).await;
    for i in 0..10 {
        let r = sign_up(&app, "Ana", &format!("ana{i}@example.org"), PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let users = app.count("users").await;
    let r = sign_up(&app, "Ana", "ana10@example.org", PASSWORD).await;
    expect_status(r, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(app.count("users").await, users);

    for _ in 0..10 {
        let r = app
            .post_form("/password/forgot", &[("email", "ana0@example.org")])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let outbox = app.count("outbox").await;
    let r = app
        .post_form("/password/forgot", &[("email", "ana0@example.org")])
        .await;
    expect_status(r, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(app.count("outbox").await, outbox);
}

#[tokio::test]
async fn bad_sign_up_input_shows_errors_and_writes_nothing() {
    let app = TestApp::spawn().await;
    app.create_user("taken@example.org", PASSWORD).await;
    let before = snapshot(&app).await;
    let long_name = "n".repeat(101);
    let long_email = format!("{}@example.org", "a".repeat(250));
    let long_password = "p".repeat(201);
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("empty", vec![]),
        (
            "all blank",
            vec![
                ("name", ""),
                ("email", ""),
                ("password", ""),
                ("accept_terms", ""),
            ],
        ),
        (
            "no terms",
            vec![
                ("name", "Ana"),
                ("email", "ana@example.org"),
                ("password", PASSWORD),
            ],
        ),
        (
            "terms maybe",
            vec![
                ("name", "Ana"),
                ("email", "ana@example.org"),
                ("password", PASSWORD),
                ("accept_terms", "maybe"),
            ],
        ),
        (
            "long name",
            vec![
                ("name", &long_name),
                ("email", "ana@example.org"),
                ("password", PASSWORD),
                ("accept_terms", "yes"),
            ],
        ),
        (
            "long email",
            vec![
                ("name", "Ana"),
                ("email", &long_email),
                ("password", PASSWORD),
                ("accept_terms", "yes"),
            ],
        ),
        (
            "not an email",
            vec![
                ("name", "Ana"),
                ("email", "ana at example"),
                ("password", PASSWORD),
                ("accept_terms", "yes"),
            ],
        ),
        (
            "short password",
            vec![
                ("name", "Ana"),
                ("email", "ana@example.org"),
                ("password", "short"),
                ("accept_terms", "yes"),
            ],
        ),
        (
            "long password",
            vec![
                ("name", "Ana"),
                ("email", "ana@example.org"),
                ("password", &long_password),
                ("accept_terms", "yes"),
            ],
        ),
        (
            "password is the email",
            vec![
                ("name", "Ana"),
                ("email", "ana.longname@example.org"),
                ("password", "ana.longname@example.org"),
                ("accept_terms", "yes"),
            ],
        ),
    ];
    for (what, form) in &cases {
        let r = app.post_form("/sign-up", form).await;
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains("role=\"alert\""), "{what}");
        assert!(body.contains("aria-invalid=\"true\""), "{what}");
        assert!(
            !body.contains(PASSWORD),
            "{what}: the password is not echoed"
        );
    }
    // The entered values come back (except the password).
    let r = app
        .post_form(
            "/sign-up",
            &[
                ("name", "Ana <b>Ruiz</b>"),
                ("email", "ana@example.org"),
                ("password", "short"),
                ("accept_terms", "yes"),
            ],
        )
        .await;
    let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body.contains("value=\"Ana &#60;b&#62;Ruiz&#60;/b&#62;\"")
            || body.contains("value=\"Ana &lt;b&gt;Ruiz&lt;/b&gt;\""),
        "escaped value kept"
    );
    assert!(body.contains("value=\"ana@example.org\""));
    assert!(body.contains(" checked"));
    // Not a form, or a field twice: the 400 page.
    let r = app
        .client
        .post(app.url("/sign-up"))
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/json")
        .body("{\"name\":\"Ana\"}")
        .send()
        .await
        .expect("post");
    expect_status(r, StatusCode::BAD_REQUEST).await;
    let r = app
        .post_form(
            "/sign-up",
            &[("email", "a@example.org"), ("email", "b@example.org")],
        )
        .await;
    expect_status(r, StatusCode::BAD_REQUEST).await;
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn bad_input_on_the_other_account_forms_writes_nothing() {
    let app = TestApp::spawn().await;
    let ana = app.create_user("ana@example.org", PASSWORD).await;
    app.sign_in("ana@example.org", PASSWORD).await;
    app.post_form("/password/forgot", &[("email", "ana@example.org")])
        .await;
    let mail = app.last_email_to("ana@example.org").await.expect("mail");
    let reset = path_of(&link_containing(&mail, "/password/reset/").expect("link"));
    let before = snapshot(&app).await;
    let long = "x".repeat(300);

    let refused: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/sign-in", vec![]),
        ("/sign-in", vec![("email", ""), ("password", "")]),
        ("/password/forgot", vec![]),
        ("/password/forgot", vec![("email", "not an address")]),
        ("/password/forgot", vec![("email", &long)]),
        (&reset, vec![]),
        (&reset, vec![("password", "short")]),
        (&reset, vec![("password", &long)]),
        (&reset, vec![("password", "ana@example.org")]),
        ("/account/profile", vec![]),
        ("/account/profile", vec![("name", ""), ("locale", "fr")]),
        ("/account/profile", vec![("name", &long), ("locale", "fr")]),
        (
            "/account/profile",
            vec![("name", "Ana"), ("locale", "klingon")],
        ),
        ("/account/password", vec![]),
        (
            "/account/password",
            vec![("current_password", PASSWORD), ("new_password", "short")],
        ),
        (
            "/account/password",
            vec![
                ("current_password", "wrong password"),
                ("new_password", "a new password!"),
            ],
        ),
        ("/account/delete", vec![]),
        ("/account/delete", vec![("password", "wrong password")]),
        ("/account/tokens", vec![]),
        ("/account/tokens", vec![("name", "   ")]),
        ("/account/tokens", vec![("name", &long)]),
    ];
    for (path, form) in &refused {
        let r = app.post_form(path, form).await;
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains("role=\"alert\""), "{path} {form:?}");
    }
    for (path, form) in [
        ("/account/sessions/abc/revoke", vec![]),
        ("/account/tokens/abc/revoke", vec![]),
        ("/confirm/resend", vec![("email", "nope")]),
        ("/account/profile", vec![("name", "a"), ("name", "b")]),
    ] {
        let r = app.post_form(path, &form).await;
        expect_status(r, StatusCode::BAD_REQUEST).await;
    }
    expect_status(
        app.post_form("/account/tokens/424242/revoke", &[]).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(snapshot(&app).await, before);
    let user = agora::platform::accounts::find_by_id(app.db(), ana.id)
        .await
        .expect("db")
        .expect("still there");
    assert_eq!(user.name, ana.name);
    assert_eq!(user.locale, None);
    // The reset link still works after the refused attempts, and the old password still did.
    let r = app
        .post_form(&reset, &[("password", "a brand new password")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn account_pages_need_a_signed_in_person() {
    let app = TestApp::spawn().await;
    for path in ["/account", "/account/sessions", "/account/tokens"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&r), format!("/sign-in?next={path}"));
    }
    let users = app.count("users").await;
    for path in [
        "/account/profile",
        "/account/password",
        "/account/delete",
        "/account/tokens",
    ] {
        let r = app
            .post_form(path, &[("name", "x"), ("password", "x")])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
    }
    assert_eq!(app.count("users").await, users);
}

#[tokio::test]
async fn hundred_parallel_sign_ups_with_one_address_make_one_account() {
    let app = TestApp::spawn_with(|c| c.auth_attempts_per_window = 1000).await;
    let users = app.count("users").await;
    let mut tasks = Vec::new();
    for i in 0..100 {
        let client = app.new_browser();
        let url = app.url("/sign-up");
        tasks.push(tokio::spawn(async move {
            let name = format!("Person {i}");
            let password = format!("password number {i}");
            post_form_with(
                &client,
                &url,
                &[
                    ("name", name.as_str()),
                    ("email", "same@example.org"),
                    ("password", password.as_str()),
                    ("accept_terms", "yes"),
                ],
            )
            .await
            .status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::SEE_OTHER);
    }
    assert_eq!(app.count("users").await, users + 1);
}

/// A minimal SMTP server: accepts one message per connection, or refuses every recipient.
async fn fake_smtp(refuse: bool) -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 fake ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            let _ = tx.send(data.take().unwrap_or_default());
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 fake\r\n",
                        "RCPT" if refuse => b"451 try again later\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, rx)
}

#[tokio::test]
async fn smtp_delivers_and_failures_are_retried_later() {
    use agora::platform::mail::{self, Smtp, Transport};
    let (db, _dir) = fresh_database().await;

    let (port, mut received) = fake_smtp(false).await;
    let transport = Transport::Smtp(Box::new(
        Smtp::from_url(&format!("smtp://127.0.0.1:{port}?from=agora%40example.org"))
            .expect("smtp url"),
    ));
    mail::enqueue(
        &db,
        "ana@example.org",
        "Bonjour",
        "Voici le lien : https://x/confirm/abc",
    )
    .await
    .expect("enqueue");
    let delivery = mail::deliver_pending(&db, &transport)
        .await
        .expect("deliver");
    assert_eq!(delivery.sent, 1);
    let message = received.recv().await.expect("a message reached the server");
    assert!(message.contains("To: ana@example.org"), "{message}");
    assert!(message.contains("From: agora@example.org"), "{message}");
    let sent: Option<i64> = sqlx::query_scalar("SELECT sent_at FROM outbox")
        .fetch_one(&db.pool)
        .await
        .expect("row");
    assert!(sent.is_some());

    // A server that refuses: the message stays queued with the error, for a later attempt.
    let (port, _rx) = fake_smtp(true).await;
    let refusing = Transport::Smtp(Box::new(
        Smtp::from_url(&format!("smtp://127.0.0.1:{port}")).expect("smtp url"),
    ));
    mail::enqueue(&db, "ben@example.org", "Hello", "body")
        .await
        .expect("enqueue");
    let delivery = mail::deliver_pending(&db, &refusing)
        .await
        .expect("deliver");
    assert_eq!(delivery, mail::Delivery { sent: 0, failed: 1 });
    let row = sqlx::query(
        "SELECT sent_at, attempts, last_error, next_attempt_at FROM outbox WHERE to_address = $1",
    )
    .bind("ben@example.org")
    .fetch_one(&db.pool)
    .await
    .expect("row");
    assert!(
        row.try_get::<Option<i64>, _>("sent_at")
            .expect("sent")
            .is_none()
    );
    assert_eq!(row.try_get::<i64, _>("attempts").expect("attempts"), 1);
    let error: Option<String> = row.try_get("last_error").expect("error");
    assert!(error.is_some_and(|e| e.contains("try again later") || e.contains("451")));
    let next: i64 = row.try_get("next_attempt_at").expect("next");
    assert!(next > agora::db::now());
    // Not due yet: the next pass leaves it alone.
    let delivery = mail::deliver_pending(&db, &transport)
        .await
        .expect("deliver");
    assert_eq!(delivery, mail::Delivery::default());
    // Once due, a working server gets it.
    sqlx::query("UPDATE outbox SET next_attempt_at = 0")
        .execute(&db.pool)
        .await
        .expect("make due");
    let delivery = mail::deliver_pending(&db, &transport)
        .await
        .expect("deliver");
    assert_eq!(delivery.sent, 1);
}

#[tokio::test]
async fn sign_up_remembers_where_the_person_was_going() {
    let app = TestApp::spawn().await;
    let page = expect_status(
        app.get("/sign-up?next=/invitations/abc").await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("name=\"next\" value=\"/invitations/abc\""));
    assert!(page.contains("href=\"/sign-in?next=/invitations/abc\""));
    let r = app
        .post_form(
            "/sign-up",
            &[
                ("name", "Ana"),
                ("email", "ana@example.org"),
                ("password", PASSWORD),
                ("accept_terms", "yes"),
                ("next", "/invitations/abc"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mail = app.last_email_to("ana@example.org").await.expect("mail");
    let link = link_containing(&mail, "/confirm/").expect("link");
    assert!(link.ends_with("?next=/invitations/abc"), "{link}");
    let r = app.get(&path_of(&link)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/invitations/abc");
    assert!(session_cookie(r.headers()).is_some());
    // Another site is never a destination.
    let r = app
        .post_form(
            "/sign-up",
            &[
                ("name", "Ben"),
                ("email", "ben@example.org"),
                ("password", PASSWORD),
                ("accept_terms", "yes"),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mail = app.last_email_to("ben@example.org").await.expect("mail");
    assert!(!mail.contains("evil"));
}

#[tokio::test]
async fn the_only_administrator_of_an_organisation_cannot_delete_their_account() {
    use agora::platform::{organizations, permissions::OrgRole};
    let app = TestApp::spawn().await;
    let ana = app.create_user("ana@example.org", PASSWORD).await;
    let org = organizations::create(app.db(), "town", "Town Hall", "", agora::i18n::Locale::Fr)
        .await
        .expect("org");
    organizations::set_member(app.db(), org.id, ana.id, OrgRole::Admin)
        .await
        .expect("admin");
    let browser = app.browser_signed_in(&ana).await;

    let r = post_form_with(
        &browser,
        &app.url("/account/delete"),
        &[("password", PASSWORD)],
    )
    .await;
    let page = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Town Hall"), "names the organisation");
    assert_eq!(
        organizations::role_of(app.db(), org.id, ana.id)
            .await
            .expect("role"),
        Some(OrgRole::Admin)
    );
    assert!(
        agora::platform::accounts::find_by_email(app.db(), "ana@example.org")
            .await
            .expect("find")
            .is_some()
    );

    // Once someone else administers it, the account can go.
    let bea = app.create_user("bea@example.org", PASSWORD).await;
    organizations::set_member(app.db(), org.id, bea.id, OrgRole::Admin)
        .await
        .expect("admin");
    let r = post_form_with(
        &browser,
        &app.url("/account/delete"),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}
