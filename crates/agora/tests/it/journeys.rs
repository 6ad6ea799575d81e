//! Whole paths a person takes, through the real forms only: the foundation's promise that
//! someone can sign up, confirm, sign in, join an organisation and find its private space.

use agora::i18n::Locale;
use agora::platform::organizations;
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::spaces::{self, NewSpace, SpaceKind};
use reqwest::StatusCode;

use crate::helpers::{TestApp, expect_status, link_containing, post_form_with};

#[tokio::test]
async fn sign_up_confirm_sign_in_join_and_see_the_private_space() {
    let app = TestApp::spawn().await;
    // An organisation with an administrator and a private space (set up by an operator).
    let admin = app
        .create_user("admin@ville.example", "admin password 2026")
        .await;
    let org = organizations::create(app.db(), "ville", "Ville", "", Locale::Fr)
        .await
        .expect("org");
    organizations::set_member(app.db(), org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let private = spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Assembly,
            slug: "comite",
            title: "Comité de suivi",
            description: "Réservé aux membres.",
            visibility: Visibility::Private,
            published: true,
        },
    )
    .await
    .expect("space");
    let space_path = format!("/spaces/{}", private.id);

    // 1. Sign up through the form.
    let person = &app.client;
    let r = post_form_with(
        person,
        &app.url("/sign-up"),
        &[
            ("name", "Nour Haddad"),
            ("email", "nour@example.org"),
            ("password", "a long enough password"),
            ("accept_terms", "yes"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Not confirmed yet: signing in is refused.
    let r = app
        .sign_in("nour@example.org", "a long enough password")
        .await;
    assert_ne!(
        r.status(),
        StatusCode::SEE_OTHER,
        "unconfirmed accounts cannot sign in"
    );

    // 2. Confirm with the e-mailed link.
    let mail = app
        .last_email_to("nour@example.org")
        .await
        .expect("confirmation e-mail");
    let link = link_containing(&mail, "/confirm/").expect("confirmation link");
    let path = &link[link.find("/confirm/").expect("path")..];
    let r = person.get(app.url(path)).send().await.expect("confirm");
    assert!(
        r.status().is_redirection() || r.status().is_success(),
        "{}",
        r.status()
    );

    // 3. Sign out, then sign in with the password.
    expect_status(
        post_form_with(person, &app.url("/sign-out"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let r = app
        .sign_in("nour@example.org", "a long enough password")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let home = expect_status(app.get("/").await, StatusCode::OK).await;
    assert!(home.contains("Nour Haddad"), "signed in");

    // Before joining, the private space does not exist for them.
    expect_status(app.get(&space_path).await, StatusCode::NOT_FOUND).await;
    let org_page = expect_status(app.get("/o/ville").await, StatusCode::OK).await;
    assert!(!org_page.contains("Comité de suivi"));

    // 4. The administrator invites them; they accept the e-mailed invitation.
    let admin_browser = app.browser_signed_in(&admin).await;
    let r = post_form_with(
        &admin_browser,
        &app.url("/o/ville/admin/invitations"),
        &[("email", "nour@example.org"), ("role", "member")],
    )
    .await;
    expect_status(r, StatusCode::SEE_OTHER).await;
    let mail = app
        .last_email_to("nour@example.org")
        .await
        .expect("invitation e-mail");
    let link = link_containing(&mail, "/invitations/").expect("invitation link");
    let path = link[link.find("/invitations/").expect("path")..].to_string();
    let r = app.post_form(&format!("{path}/accept"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // 5. Now the private space is listed and open to them.
    let org_page = expect_status(app.get("/o/ville").await, StatusCode::OK).await;
    assert!(org_page.contains("Comité de suivi"), "listed for members");
    let page = expect_status(app.get(&space_path).await, StatusCode::OK).await;
    assert!(page.contains("Réservé aux membres."));
    // And still invisible to anyone else.
    let stranger = app.new_browser();
    let r = stranger
        .get(app.url(&space_path))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
