//! Integration tests: organisation administration, members, invitations.

use agora::i18n::Locale;
use agora::platform::accounts::{self, NewUser, User};
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, SpaceRole, Visibility};
use agora::platform::spaces::{self, NewSpace, SpaceKind};
use reqwest::{Client, Response, StatusCode};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, link_containing, post_form_with};

const PASSWORD: &str = "correct horse battery staple";

/// An organisation with one administrator and one member, each with a signed-in browser.
struct World {
    app: TestApp,
    org: Organization,
    admin: User,
    admin_browser: Client,
    member: User,
    member_browser: Client,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(
        app.db(),
        "ville",
        "Ville d’Exemple",
        "La ville qui participe.",
        Locale::Fr,
    )
    .await
    .expect("organisation");
    let admin = app.create_user("alice@example.org", PASSWORD).await;
    let member = app.create_user("bob@example.org", PASSWORD).await;
    organizations::set_member(app.db(), org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    organizations::set_member(app.db(), org.id, member.id, OrgRole::Member)
        .await
        .expect("member");
    let admin_browser = app.browser_signed_in(&admin).await;
    let member_browser = app.browser_signed_in(&member).await;
    World {
        app,
        org,
        admin,
        admin_browser,
        member,
        member_browser,
    }
}

impl World {
    async fn get(&self, browser: &Client, path: &str) -> Response {
        browser.get(self.app.url(path)).send().await.expect("GET")
    }

    async fn post(&self, browser: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        post_form_with(browser, &self.app.url(path), form).await
    }

    async fn org_now(&self) -> Organization {
        organizations::find(self.app.db(), self.org.id)
            .await
            .expect("find")
            .expect("organisation exists")
    }

    async fn role(&self, user: &User) -> Option<OrgRole> {
        organizations::role_of(self.app.db(), self.org.id, user.id)
            .await
            .expect("role")
    }

    async fn admin_count(&self) -> i64 {
        sqlx::query(
            "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'admin'",
        )
        .bind(self.org.id)
        .fetch_one(&self.app.db().pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("value")
    }

    /// Invites `email` as the administrator and returns the path of the e-mailed link.
    async fn invite(&self, email: &str, role: &str) -> String {
        let r = self
            .post(
                &self.admin_browser,
                "/o/ville/admin/invitations",
                &[("email", email), ("role", role)],
            )
            .await;
        expect_status(r, StatusCode::SEE_OTHER).await;
        let body = self
            .app
            .last_email_to(&email.to_lowercase())
            .await
            .expect("invitation e-mail");
        let link = link_containing(&body, "/invitations/").expect("link in the e-mail");
        let path = &link[link.find("/invitations/").expect("path")..];
        path.to_string()
    }
}

fn settings_form<'a>(name: &'a str, tz: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("description", "Une **nouvelle** description."),
        ("available_locales", "fr"),
        ("available_locales", "en"),
        ("default_locale", "en"),
        ("time_zone", tz),
    ]
}

#[tokio::test]
async fn admin_edits_the_organisation_and_the_home_page_shows_it() {
    let w = world().await;
    let page = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin").await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("value=\"Ville d’Exemple\""),
        "form is pre-filled"
    );
    assert!(page.contains("<label for=\"time_zone\">"));
    assert!(page.contains("aria-current=\"page\""));

    let r = w
        .post(
            &w.admin_browser,
            "/o/ville/admin",
            &settings_form("Ville Nouvelle", "america/montreal"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/o/ville/admin?notice=saved");

    let home = expect_status(w.app.get("/").await, StatusCode::OK).await;
    assert!(home.contains("Ville Nouvelle"), "new name on the home page");
    assert!(!home.contains("Ville d’Exemple"));

    let org = w.org_now().await;
    assert_eq!(org.slug, "ville", "the slug never changes");
    assert_eq!(org.available_locales, vec![Locale::Fr, Locale::En]);
    assert_eq!(org.default_locale, Locale::En);
    assert_eq!(org.time_zone, "America/Montreal", "canonical IANA name");
    assert_eq!(org.description, "Une **nouvelle** description.");

    // The confirmation is shown, in the organisation's new default language.
    let page = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin?notice=saved").await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("The settings have been saved."), "{page}");
}

#[tokio::test]
async fn invalid_settings_show_errors_and_write_nothing() {
    let w = world().await;
    let before = w.org_now().await;
    let long_name = "n".repeat(121);
    let long_description = "d".repeat(5001);
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "time_zone",
            settings_form("Ville Nouvelle", "Mars/Olympus_Mons"),
        ),
        ("time_zone", settings_form("Ville Nouvelle", "")),
        ("name", settings_form("   ", "Europe/Paris")),
        ("name", settings_form(&long_name, "Europe/Paris")),
        (
            "default_locale",
            vec![
                ("name", "Ville Nouvelle"),
                ("available_locales", "fr"),
                ("default_locale", "es"),
                ("time_zone", "Europe/Paris"),
            ],
        ),
        (
            "available_locales",
            vec![
                ("name", "Ville Nouvelle"),
                ("default_locale", "fr"),
                ("time_zone", "Europe/Paris"),
            ],
        ),
        (
            "available_locales",
            vec![
                ("name", "Ville Nouvelle"),
                ("available_locales", "de"),
                ("default_locale", "fr"),
                ("time_zone", "Europe/Paris"),
            ],
        ),
        (
            "description",
            vec![
                ("name", "Ville Nouvelle"),
                ("description", &long_description),
                ("available_locales", "fr"),
                ("default_locale", "fr"),
                ("time_zone", "Europe/Paris"),
            ],
        ),
    ];
    for (field, form) in cases {
        let r = w.post(&w.admin_browser, "/o/ville/admin", &form).await;
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains("role=\"alert\""), "{field}: errors listed");
        assert!(
            body.contains(&format!("id=\"{field}-error\"")),
            "{field}: error next to the field"
        );
        assert!(body.contains(&format!("href=\"#{field}\"")), "{field}");
        assert_eq!(w.org_now().await, before, "{field}: nothing written");
    }
    // The form keeps what was typed, so the person can correct it.
    let r = w
        .post(
            &w.admin_browser,
            "/o/ville/admin",
            &settings_form("Ville Nouvelle", "Nowhere/Town"),
        )
        .await;
    let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("value=\"Ville Nouvelle\""));
    assert!(body.contains("value=\"Nowhere/Town\""));
    assert!(body.contains("fuseau horaire est inconnu"), "in French");
}

#[tokio::test]
async fn non_admins_are_refused_everywhere_and_nothing_changes() {
    let w = world().await;
    let pending = w.invite("nour@example.org", "member").await;
    let invitation_id: i64 = sqlx::query("SELECT id FROM invitations")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("invitation")
        .try_get("id")
        .expect("id");
    let admin_id = w.admin.id.to_string();
    let member_id = w.member.id.to_string();
    let cancel = format!("/o/ville/admin/invitations/{invitation_id}/cancel");
    let role_of_admin = format!("/o/ville/admin/members/{admin_id}/role");
    let role_of_member = format!("/o/ville/admin/members/{member_id}/role");
    let remove_admin = format!("/o/ville/admin/members/{admin_id}/remove");
    let gets = [
        "/o/ville/admin",
        "/o/ville/admin/members",
        "/o/ville/admin/invitations",
        remove_admin.as_str(),
    ];
    let settings = settings_form("Volée", "Europe/Paris");
    let posts: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/o/ville/admin", settings.clone()),
        (
            "/o/ville/admin/members",
            vec![("email", "carol@example.org"), ("role", "admin")],
        ),
        (role_of_member.as_str(), vec![("role", "admin")]),
        (role_of_admin.as_str(), vec![("role", "member")]),
        (remove_admin.as_str(), vec![]),
        (
            "/o/ville/admin/invitations",
            vec![("email", "mallory@example.org"), ("role", "admin")],
        ),
        (cancel.as_str(), vec![]),
    ];
    w.app.create_user("carol@example.org", PASSWORD).await;
    let outsider = w.app.create_user("olga@example.org", PASSWORD).await;
    let outsider_browser = w.app.browser_signed_in(&outsider).await;
    let anonymous = w.app.new_browser();
    let before = w.org_now().await;
    let outbox = w.app.count("outbox").await;
    let memberships = w.app.count("memberships").await;

    for (who, browser) in [
        ("member", &w.member_browser),
        ("outsider", &outsider_browser),
    ] {
        for path in gets {
            let r = w.get(browser, path).await;
            expect_status(r, StatusCode::FORBIDDEN).await;
        }
        for (path, form) in &posts {
            let r = w.post(browser, path, form).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} POST {path}");
        }
    }
    for path in gets {
        let r = w.get(&anonymous, path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.headers()["location"], format!("/sign-in?next={path}"));
    }
    for (path, form) in &posts {
        let r = w.post(&anonymous, path, form).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "anonymous POST {path}");
        let location = r.headers()["location"].to_str().expect("location");
        assert!(
            location.starts_with("/sign-in?next=/o/ville/admin"),
            "{location}"
        );
    }
    // An unknown organisation is not found, for anyone.
    let r = w.get(&w.admin_browser, "/o/nowhere/admin").await;
    expect_status(r, StatusCode::NOT_FOUND).await;

    assert_eq!(w.org_now().await, before);
    assert_eq!(w.role(&w.admin).await, Some(OrgRole::Admin));
    assert_eq!(w.role(&w.member).await, Some(OrgRole::Member));
    assert_eq!(w.app.count("memberships").await, memberships);
    assert_eq!(w.app.count("outbox").await, outbox);
    assert_eq!(w.app.count("invitations").await, 1);
    let r = w.get(&anonymous, &pending).await;
    expect_status(r, StatusCode::OK).await;
}

#[tokio::test]
async fn invited_person_accepts_and_becomes_a_member_with_the_invited_role() {
    let w = world().await;
    let link = w.invite("Nour@Example.org", "admin").await;
    let mail = w.app.last_email_to("nour@example.org").await.expect("mail");
    assert!(mail.contains("alice"), "names who invites: {mail}");
    assert!(mail.contains("Ville d’Exemple"));
    assert!(mail.contains("14"), "says how long the link works");
    assert!(
        mail.contains("administrateur"),
        "in the organisation's language"
    );
    let listed = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin/invitations").await,
        StatusCode::OK,
    )
    .await;
    assert!(
        listed.contains("nour@example.org"),
        "pending invitation listed"
    );

    // Not signed in: the page explains, and accepting leads to sign-in and back.
    let anonymous = w.app.new_browser();
    let page = expect_status(w.get(&anonymous, &link).await, StatusCode::OK).await;
    assert!(page.contains("Ville d’Exemple"));
    assert!(page.contains(&format!("/sign-in?next={link}")));
    let r = w.post(&anonymous, &format!("{link}/accept"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], format!("/sign-in?next={link}"));

    // Another person — the invited one — accepts.
    let nour = w.app.create_user("nour@example.org", PASSWORD).await;
    let browser = w.app.browser_signed_in(&nour).await;
    let page = expect_status(w.get(&browser, &link).await, StatusCode::OK).await;
    assert!(page.contains(&format!("action=\"{link}/accept\"")));
    assert_eq!(w.role(&nour).await, None);
    let r = w.post(&browser, &format!("{link}/accept"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], link.as_str());
    assert_eq!(w.role(&nour).await, Some(OrgRole::Admin));
    let page = expect_status(w.get(&browser, &link).await, StatusCode::OK).await;
    assert!(
        page.contains("Vous êtes membre de Ville d’Exemple"),
        "{page}"
    );

    // The role is real: the new administrator opens the admin pages.
    expect_status(w.get(&browser, "/o/ville/admin").await, StatusCode::OK).await;
    let listed = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin/invitations").await,
        StatusCode::OK,
    )
    .await;
    assert!(!listed.contains("nour@example.org"), "no longer pending");
    let members = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin/members").await,
        StatusCode::OK,
    )
    .await;
    assert!(members.contains("nour@example.org"));
}

#[tokio::test]
async fn invitation_is_only_for_the_invited_address() {
    let w = world().await;
    let link = w.invite("nour@example.org", "member").await;
    let sami = w.app.create_user("sami@example.org", PASSWORD).await;
    let sami_browser = w.app.browser_signed_in(&sami).await;
    let page = expect_status(w.get(&sami_browser, &link).await, StatusCode::FORBIDDEN).await;
    assert!(page.contains("nour@example.org") && page.contains("sami@example.org"));
    assert!(!page.contains("/accept\""), "no accept button");
    let r = w.post(&sami_browser, &format!("{link}/accept"), &[]).await;
    expect_status(r, StatusCode::FORBIDDEN).await;
    assert_eq!(w.role(&sami).await, None);

    // The invitation still works for the invited person, with the invited role.
    let nour = w.app.create_user("nour@example.org", PASSWORD).await;
    let nour_browser = w.app.browser_signed_in(&nour).await;
    let r = w.post(&nour_browser, &format!("{link}/accept"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.role(&nour).await, Some(OrgRole::Member));
}

#[tokio::test]
async fn invitation_is_single_use_expires_and_can_be_cancelled() {
    let w = world().await;
    let nour = w.app.create_user("nour@example.org", PASSWORD).await;
    let browser = w.app.browser_signed_in(&nour).await;

    // Used once: a second attempt changes nothing.
    let link = w.invite("nour@example.org", "member").await;
    let r = w.post(&browser, &format!("{link}/accept"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let memberships = w.app.count("memberships").await;
    let r = w.post(&browser, &format!("{link}/accept"), &[]).await;
    expect_status(r, StatusCode::GONE).await;
    assert_eq!(w.app.count("memberships").await, memberships);
    let other = w.app.new_browser();
    let page = expect_status(w.get(&other, &link).await, StatusCode::GONE).await;
    assert!(page.contains("déjà été utilisée"), "{page}");

    // Expired: a clear page, nothing changes.
    let zoe = w.app.create_user("zoe@example.org", PASSWORD).await;
    let zoe_browser = w.app.browser_signed_in(&zoe).await;
    let link = w.invite("zoe@example.org", "admin").await;
    sqlx::query("UPDATE invitations SET expires_at = $1 WHERE email = 'zoe@example.org'")
        .bind(agora::db::now() - 1)
        .execute(&w.app.db().pool)
        .await
        .expect("expire");
    let page = expect_status(w.get(&zoe_browser, &link).await, StatusCode::GONE).await;
    assert!(page.contains("expiré"), "{page}");
    let r = w.post(&zoe_browser, &format!("{link}/accept"), &[]).await;
    expect_status(r, StatusCode::GONE).await;
    assert_eq!(w.role(&zoe).await, None);
    let listed = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin/invitations").await,
        StatusCode::OK,
    )
    .await;
    assert!(listed.contains("Expirée"), "admins see it expired");

    // Inviting again sends a new link and the old one stops working.
    let new_link = w.invite("zoe@example.org", "member").await;
    assert_ne!(new_link, link);
    let r = w.get(&zoe_browser, &link).await;
    expect_status(r, StatusCode::NOT_FOUND).await;

    // Cancelled: the link is no longer valid.
    let id: i64 = sqlx::query("SELECT id FROM invitations WHERE email = 'zoe@example.org'")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("invitation")
        .try_get("id")
        .expect("id");
    let r = w
        .post(
            &w.admin_browser,
            &format!("/o/ville/admin/invitations/{id}/cancel"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = expect_status(w.get(&zoe_browser, &new_link).await, StatusCode::NOT_FOUND).await;
    assert!(page.contains("role=\"alert\""));
    let r = w
        .post(&zoe_browser, &format!("{new_link}/accept"), &[])
        .await;
    expect_status(r, StatusCode::NOT_FOUND).await;
    assert_eq!(w.role(&zoe).await, None);
    // A made-up token is the same clear page.
    let r = w.get(&zoe_browser, "/invitations/not-a-token").await;
    expect_status(r, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn concurrent_acceptance_of_one_invitation_creates_one_membership() {
    let w = world().await;
    let link = w.invite("nour@example.org", "member").await;
    let nour = w.app.create_user("nour@example.org", PASSWORD).await;
    let browser = w.app.browser_signed_in(&nour).await;
    let memberships = w.app.count("memberships").await;
    let url = w.app.url(&format!("{link}/accept"));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let browser = browser.clone();
        let url = url.clone();
        tasks.spawn(async move { post_form_with(&browser, &url, &[]).await.status() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = tasks.join_next().await {
        statuses.push(status.expect("task"));
    }
    let accepted = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(accepted, 1, "exactly one acceptance: {statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::GONE),
        "{statuses:?}"
    );
    assert_eq!(w.app.count("memberships").await, memberships + 1);
    assert_eq!(w.role(&nour).await, Some(OrgRole::Member));
}

#[tokio::test]
async fn invitation_form_refuses_bad_input() {
    let w = world().await;
    for (field, email, role) in [
        ("email", "", "member"),
        ("email", "not an address", "member"),
        ("email", "bob@example.org", "member"),
        ("role", "nour@example.org", "owner"),
    ] {
        let r = w
            .post(
                &w.admin_browser,
                "/o/ville/admin/invitations",
                &[("email", email), ("role", role)],
            )
            .await;
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(
            body.contains(&format!("id=\"{field}-error\"")),
            "{email} {role}"
        );
    }
    let long = format!("{}@example.org", "a".repeat(300));
    let r = w
        .post(
            &w.admin_browser,
            "/o/ville/admin/invitations",
            &[("email", long.as_str()), ("role", "member")],
        )
        .await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(w.app.count("invitations").await, 0);
    assert_eq!(w.app.count("outbox").await, 0);
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_or_removed() {
    let w = world().await;
    let me = format!("/o/ville/admin/members/{}", w.admin.id);
    let r = w
        .post(
            &w.admin_browser,
            &format!("{me}/role"),
            &[("role", "member")],
        )
        .await;
    let body = expect_status(r, StatusCode::CONFLICT).await;
    assert!(body.contains("role=\"alert\""));
    assert!(body.contains("seule personne qui administre"), "{body}");
    let r = w.post(&w.admin_browser, &format!("{me}/remove"), &[]).await;
    expect_status(r, StatusCode::CONFLICT).await;
    assert_eq!(w.role(&w.admin).await, Some(OrgRole::Admin));

    // With a second administrator, stepping down works and closes the admin pages.
    let r = w
        .post(
            &w.admin_browser,
            &format!("/o/ville/admin/members/{}/role", w.member.id),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = w
        .post(
            &w.admin_browser,
            &format!("{me}/role"),
            &[("role", "member")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/o/ville");
    assert_eq!(w.role(&w.admin).await, Some(OrgRole::Member));
    let r = w.get(&w.admin_browser, "/o/ville/admin").await;
    expect_status(r, StatusCode::FORBIDDEN).await;

    // Now bob is the last one.
    let r = w
        .post(
            &w.member_browser,
            &format!("/o/ville/admin/members/{}/remove", w.member.id),
            &[],
        )
        .await;
    expect_status(r, StatusCode::CONFLICT).await;
    assert_eq!(w.admin_count().await, 1);
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let w = world().await;
    organizations::set_member(w.app.db(), w.org.id, w.member.id, OrgRole::Admin)
        .await
        .expect("second admin");
    for round in 0..6 {
        let a = (
            w.admin_browser.clone(),
            w.app
                .url(&format!("/o/ville/admin/members/{}/role", w.member.id)),
        );
        let b = (
            w.member_browser.clone(),
            w.app
                .url(&format!("/o/ville/admin/members/{}/role", w.admin.id)),
        );
        let (ra, rb) = tokio::join!(
            post_form_with(&a.0, &a.1, &[("role", "member")]),
            post_form_with(&b.0, &b.1, &[("role", "member")]),
        );
        let successes = [ra.status(), rb.status()]
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count();
        assert!(successes <= 1, "round {round}: {successes}");
        assert_eq!(w.admin_count().await, 1, "round {round}");
        // Restore two administrators for the next round.
        for user in [&w.admin, &w.member] {
            organizations::set_member(w.app.db(), w.org.id, user.id, OrgRole::Admin)
                .await
                .expect("restore");
        }
    }
}

#[tokio::test]
async fn another_organisations_member_cannot_be_touched() {
    let w = world().await;
    let other = organizations::create(w.app.db(), "ailleurs", "Ailleurs", "", Locale::En)
        .await
        .expect("other organisation");
    let xavier = w.app.create_user("xavier@example.org", PASSWORD).await;
    organizations::set_member(w.app.db(), other.id, xavier.id, OrgRole::Admin)
        .await
        .expect("member elsewhere");
    let path = format!("/o/ville/admin/members/{}", xavier.id);
    let r = w
        .post(
            &w.admin_browser,
            &format!("{path}/role"),
            &[("role", "member")],
        )
        .await;
    expect_status(r, StatusCode::NOT_FOUND).await;
    let r = w
        .post(&w.admin_browser, &format!("{path}/remove"), &[])
        .await;
    expect_status(r, StatusCode::NOT_FOUND).await;
    let r = w.get(&w.admin_browser, &format!("{path}/remove")).await;
    expect_status(r, StatusCode::NOT_FOUND).await;
    for bad in ["abc", "-1", "99999999999999999999"] {
        let r = w
            .post(
                &w.admin_browser,
                &format!("/o/ville/admin/members/{bad}/remove"),
                &[],
            )
            .await;
        expect_status(r, StatusCode::NOT_FOUND).await;
    }
    assert_eq!(
        organizations::role_of(w.app.db(), other.id, xavier.id)
            .await
            .expect("role"),
        Some(OrgRole::Admin)
    );
    assert_eq!(w.role(&xavier).await, None);

    // Another organisation's invitation cannot be cancelled either.
    let elsewhere = organizations::invitations::create(
        w.app.db(),
        other.id,
        "yara@example.org",
        OrgRole::Member,
        None,
    )
    .await
    .expect("invitation elsewhere");
    let id: i64 = sqlx::query("SELECT id FROM invitations")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("row")
        .try_get("id")
        .expect("id");
    let r = w
        .post(
            &w.admin_browser,
            &format!("/o/ville/admin/invitations/{id}/cancel"),
            &[],
        )
        .await;
    expect_status(r, StatusCode::NOT_FOUND).await;
    assert!(
        organizations::invitations::find_by_token(w.app.db(), &elsewhere)
            .await
            .expect("find")
            .is_some()
    );
}

#[tokio::test]
async fn removing_a_member_also_removes_their_space_roles_here_only() {
    let w = world().await;
    let other = organizations::create(w.app.db(), "ailleurs", "Ailleurs", "", Locale::En)
        .await
        .expect("other organisation");
    let new_space = |organization_id, slug| NewSpace {
        organization_id,
        kind: SpaceKind::Assembly,
        slug,
        title: "Conseil",
        description: "",
        visibility: Visibility::Public,
        published: true,
    };
    let here = spaces::create(w.app.db(), new_space(w.org.id, "conseil"))
        .await
        .expect("space");
    let there = spaces::create(w.app.db(), new_space(other.id, "conseil"))
        .await
        .expect("space");
    for space in [&here, &there] {
        spaces::set_member(w.app.db(), space.id, w.member.id, SpaceRole::Moderator)
            .await
            .expect("space role");
    }
    let page = expect_status(
        w.get(
            &w.admin_browser,
            &format!("/o/ville/admin/members/{}/remove", w.member.id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("<button type=\"submit\" class=\"danger\">"));
    let r = w
        .post(
            &w.admin_browser,
            &format!("/o/ville/admin/members/{}/remove", w.member.id),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/o/ville/admin/members?notice=removed"
    );
    assert_eq!(w.role(&w.member).await, None);
    let role_here = spaces::role_of(w.app.db(), here.id, w.member.id)
        .await
        .expect("role");
    let role_there = spaces::role_of(w.app.db(), there.id, w.member.id)
        .await
        .expect("role");
    assert_eq!(role_here, None);
    assert_eq!(role_there, Some(SpaceRole::Moderator));
    // Their account still exists.
    assert!(
        accounts::find_by_id(w.app.db(), w.member.id)
            .await
            .expect("find")
            .is_some()
    );
}

#[tokio::test]
async fn admin_lists_members_and_adds_an_existing_account() {
    let w = world().await;
    let page = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin/members").await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("<th scope=\"col\">"));
    assert!(page.contains("<th scope=\"row\">bob"));
    assert!(page.contains("bob@example.org") && page.contains("alice@example.org"));
    assert!(page.contains(&format!(
        "<label class=\"visually-hidden\" for=\"role-{}\">",
        w.member.id
    )));
    let page = expect_status(
        w.get(&w.admin_browser, "/o/ville/admin/members?q=BOB")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("bob@example.org") && !page.contains("alice@example.org"));

    let carol = w.app.create_user("carol@example.org", PASSWORD).await;
    let memberships = w.app.count("memberships").await;
    for (email, role) in [
        ("", "member"),
        ("nobody@example.org", "member"),
        ("not-an-address", "member"),
        ("carol@example.org", "owner"),
        // Already a member: refused, and the administrator is not demoted by it.
        ("alice@example.org", "member"),
    ] {
        let r = w
            .post(
                &w.admin_browser,
                "/o/ville/admin/members",
                &[("email", email), ("role", role)],
            )
            .await;
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains("role=\"alert\""), "{email}");
        assert!(body.contains("aria-invalid=\"true\""), "{email}");
    }
    assert_eq!(w.app.count("memberships").await, memberships);
    assert_eq!(w.role(&w.admin).await, Some(OrgRole::Admin));

    let r = w
        .post(
            &w.admin_browser,
            "/o/ville/admin/members",
            &[("email", " Carol@Example.org "), ("role", "admin")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.role(&carol).await, Some(OrgRole::Admin));

    // A bad role value on the list changes nothing.
    let r = w
        .post(
            &w.admin_browser,
            &format!("/o/ville/admin/members/{}/role", w.member.id),
            &[("role", "owner")],
        )
        .await;
    expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(w.role(&w.member).await, Some(OrgRole::Member));
}

#[tokio::test]
async fn instance_admins_create_organisations() {
    let app = TestApp::spawn().await;
    let root = accounts::create_user(
        app.db(),
        NewUser {
            email: "root@example.org",
            name: "Root",
            password: PASSWORD,
            instance_admin: true,
            confirmed: true,
            locale: Some("en"),
        },
    )
    .await
    .expect("instance admin");
    let ana = app.create_user("ana@example.org", PASSWORD).await;
    let root_browser = app.browser_signed_in(&root).await;
    let ana_browser = app.browser_signed_in(&ana).await;
    let url = app.url("/admin/organizations/new");

    let r = app.new_browser().get(&url).send().await.expect("get");
    assert_eq!(
        r.headers()["location"],
        "/sign-in?next=/admin/organizations/new"
    );
    let r = ana_browser.get(&url).send().await.expect("get");
    expect_status(r, StatusCode::FORBIDDEN).await;
    let form = [
        ("slug", "quartier-sud"),
        ("name", "Quartier Sud"),
        ("default_locale", "ca"),
        ("admin_email", "ana@example.org"),
    ];
    let r = post_form_with(&ana_browser, &url, &form).await;
    expect_status(r, StatusCode::FORBIDDEN).await;
    assert_eq!(app.count("organizations").await, 0);

    let page = expect_status(
        root_browser.get(&url).send().await.expect("get"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("<label for=\"slug\">"));
    let r = post_form_with(&root_browser, &url, &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/o/quartier-sud/admin?notice=created"
    );
    let org = organizations::find_by_slug(app.db(), "quartier-sud")
        .await
        .expect("find")
        .expect("created");
    assert_eq!(org.default_locale, Locale::Ca);
    assert_eq!(
        organizations::role_of(app.db(), org.id, ana.id)
            .await
            .expect("role"),
        Some(OrgRole::Admin)
    );
    let home = expect_status(app.get("/").await, StatusCode::OK).await;
    assert!(home.contains("Quartier Sud"));
    // The first administrator takes over.
    expect_status(
        ana_browser
            .get(app.url("/o/quartier-sud/admin"))
            .send()
            .await
            .expect("get"),
        StatusCode::OK,
    )
    .await;

    for (field, bad) in [
        (
            "slug",
            [
                ("slug", "quartier-sud"),
                ("name", "Autre"),
                ("default_locale", "fr"),
                ("admin_email", "ana@example.org"),
            ],
        ),
        (
            "slug",
            [
                ("slug", "Pas Bon!"),
                ("name", "Autre"),
                ("default_locale", "fr"),
                ("admin_email", "ana@example.org"),
            ],
        ),
        (
            "name",
            [
                ("slug", "autre"),
                ("name", " "),
                ("default_locale", "fr"),
                ("admin_email", "ana@example.org"),
            ],
        ),
        (
            "default_locale",
            [
                ("slug", "autre"),
                ("name", "Autre"),
                ("default_locale", "de"),
                ("admin_email", "ana@example.org"),
            ],
        ),
        (
            "admin_email",
            [
                ("slug", "autre"),
                ("name", "Autre"),
                ("default_locale", "fr"),
                ("admin_email", "nobody@example.org"),
            ],
        ),
    ] {
        let r = post_form_with(&root_browser, &url, &bad).await;
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert_eq!(app.count("organizations").await, 1);
    assert_eq!(app.count("memberships").await, 1);
}
