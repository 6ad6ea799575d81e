//! Integration tests: spaces — the organisation's home, space pages, the page component, and
//! space administration (settings, publication, phases, members, components).

use agora::components::page;
use agora::i18n::Locale;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, SpaceRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

/// An organisation with one space of each visibility, and people in every role.
struct World {
    app: TestApp,
    org: Organization,
    anonymous: Client,
    /// Signed in, member of nothing.
    outsider: Client,
    /// Member of the organisation.
    member: Client,
    /// Administrator of the organisation.
    admin: Client,
    /// Member of the secret space only.
    secret_member: Client,
    /// Administrator of the public process only (not of the organisation).
    space_admin: Client,
    process: Space,
    assembly: Space,
    private: Space,
    secret: Space,
    draft: Space,
    /// A published page in the private space.
    private_page: i64,
    /// A published page in the public process.
    process_page: i64,
}

async fn new_space(
    app: &TestApp,
    org: &Organization,
    kind: SpaceKind,
    slug: &str,
    title: &str,
    visibility: Visibility,
    published: bool,
) -> Space {
    spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind,
            slug,
            title,
            description: "Un **espace** de la ville.",
            visibility,
            published,
        },
    )
    .await
    .expect("space")
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(
        app.db(),
        "ville",
        "Ville d’Exemple",
        "La participation citoyenne.",
        Locale::Fr,
    )
    .await
    .expect("org");
    let mut users = Vec::new();
    for who in ["outsider", "member", "admin", "secret", "spaceadmin"] {
        users.push(
            app.create_user(&format!("{who}@example.org"), "a long password 123")
                .await,
        );
    }
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let db = app.db();
    organizations::set_member(db, org.id, ids[1], OrgRole::Member)
        .await
        .expect("member");
    organizations::set_member(db, org.id, ids[2], OrgRole::Admin)
        .await
        .expect("admin");
    use SpaceKind::*;
    use Visibility::*;
    let process = new_space(
        &app,
        &org,
        Process,
        "budget",
        "Budget participatif",
        Public,
        true,
    )
    .await;
    let assembly = new_space(
        &app,
        &org,
        Assembly,
        "conseil",
        "Conseil de quartier",
        MembersParticipate,
        true,
    )
    .await;
    let private = new_space(
        &app,
        &org,
        Assembly,
        "comite",
        "Comité de suivi",
        Private,
        true,
    )
    .await;
    let secret = new_space(
        &app,
        &org,
        Assembly,
        "cellule",
        "Cellule discrète",
        Secret,
        true,
    )
    .await;
    let draft = new_space(&app, &org, Process, "brouillon", "Brouillon", Public, false).await;
    spaces::set_member(db, secret.id, ids[3], SpaceRole::Member)
        .await
        .expect("secret member");
    spaces::set_member(db, process.id, ids[4], SpaceRole::Admin)
        .await
        .expect("space admin");
    spaces::set_member(db, assembly.id, ids[3], SpaceRole::Moderator)
        .await
        .expect("moderator");
    let phases = [
        ("Dépôt des idées", "2026-09-01", "2026-10-31"),
        ("Analyse technique", "2026-11-01", "2026-11-21"),
        ("Vote", "2027-01-10", "2027-02-10"),
    ];
    let mut phase_ids = Vec::new();
    for (title, start, end) in phases {
        phase_ids.push(
            spaces::add_phase(db, process.id, title, "", Some(start), Some(end))
                .await
                .expect("phase")
                .id,
        );
    }
    spaces::activate_phase(db, process.id, phase_ids[1])
        .await
        .expect("activate");
    let private_page = page::create(db, private.id, "Compte rendu", "Texte **réservé**.")
        .await
        .expect("page");
    let process_page = page::create(db, process.id, "Comment ça marche ?", "## Trois étapes")
        .await
        .expect("page");
    World {
        anonymous: app.new_browser(),
        outsider: app.browser_signed_in(&users[0]).await,
        member: app.browser_signed_in(&users[1]).await,
        admin: app.browser_signed_in(&users[2]).await,
        secret_member: app.browser_signed_in(&users[3]).await,
        space_admin: app.browser_signed_in(&users[4]).await,
        app,
        org,
        process,
        assembly,
        private,
        secret,
        draft,
        private_page,
        process_page,
    }
}

impl World {
    async fn get(&self, client: &Client, path: &str) -> (StatusCode, String) {
        let response = client.get(self.app.url(path)).send().await.expect("GET");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    async fn post(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        post_form_with(client, &self.app.url(path), form).await
    }

    /// Posts a form that must succeed with a redirect; returns where to.
    async fn post_ok(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> String {
        let response = self.post(client, path, form).await;
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(String::from);
        expect_status(response, StatusCode::SEE_OTHER).await;
        location.expect("location")
    }

    async fn phase_titles(&self, space_id: i64) -> Vec<(i64, String)> {
        spaces::phases(self.app.db(), space_id)
            .await
            .expect("phases")
            .into_iter()
            .map(|p| (p.position, p.title))
            .collect()
    }

    async fn space(&self, id: i64) -> Space {
        spaces::find(self.app.db(), id)
            .await
            .expect("find")
            .expect("space")
    }
}

/// The positions of `needles` in `haystack`, which must all be there.
fn order_of(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("{n:?} not on the page"))
        })
        .collect()
}

/// The phase marked as the current step, up to the end of its list item.
fn active_phase(body: &str) -> &str {
    let start = body.find("aria-current=\"step\"").expect("an active phase");
    let end = body[start..]
        .find("</li>")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}

fn is_sorted(positions: &[usize]) -> bool {
    positions.windows(2).all(|w| w[0] < w[1])
}

#[tokio::test]
async fn organisation_home_lists_what_each_person_may_see() {
    let w = world().await;
    let all = [
        "Budget participatif",
        "Conseil de quartier",
        "Comité de suivi",
        "Cellule discrète",
        "Brouillon",
    ];
    let cases: [(&Client, &str, [bool; 5]); 6] = [
        (&w.anonymous, "anonymous", [true, true, false, false, false]),
        (&w.outsider, "outsider", [true, true, false, false, false]),
        (&w.member, "org member", [true, true, true, false, false]),
        (
            &w.secret_member,
            "secret member",
            [true, true, false, true, false],
        ),
        (
            &w.space_admin,
            "space admin",
            [true, true, false, false, false],
        ),
        (&w.admin, "org admin", [true, true, true, true, true]),
    ];
    for (client, who, expected) in cases {
        let (status, body) = w.get(client, "/o/ville").await;
        assert_eq!(status, StatusCode::OK, "{who}");
        for (title, shown) in all.iter().zip(expected) {
            assert_eq!(body.contains(title), shown, "{who} / {title}");
        }
    }
    let (_, body) = w.get(&w.anonymous, "/o/ville").await;
    assert!(body.contains("<h1>Ville d’Exemple</h1>"));
    assert!(body.contains("La participation citoyenne."));
    // Grouped: processes, then assemblies; the active phase is named with its dates.
    assert!(is_sorted(&order_of(
        &body,
        &[
            "Concertations",
            "Budget participatif",
            "Assemblées",
            "Conseil de quartier"
        ]
    )));
    assert!(body.contains("Analyse technique"));
    assert!(body.contains("du 1er novembre 2026 au 21 novembre 2026"));
    assert!(!body.contains("/o/ville/spaces/new"), "no creation link");
    let (_, body) = w.get(&w.admin, "/o/ville").await;
    assert!(body.contains("/o/ville/spaces/new"));
    assert!(body.contains("Non publié"));
    let (status, _) = w.get(&w.anonymous, "/o/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn organisation_pages_answer_in_its_language_unless_the_visitor_prefers_one_it_offers() {
    let w = world().await;
    for (accept, lang, heading) in [
        ("de-DE", "fr", "Concertations"),
        ("en", "en", "Participatory processes"),
        ("es", "es", "Procesos participativos"),
        ("ca", "ca", "Processos participatius"),
    ] {
        let body = w
            .anonymous
            .get(w.app.url("/o/ville"))
            .header("accept-language", accept)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body");
        assert!(
            body.contains(&format!("<html lang=\"{lang}\">")),
            "{accept}"
        );
        assert!(body.contains(heading), "{accept}");
    }
    let body = w
        .anonymous
        .get(w.app.url(&format!("/spaces/{}", w.process.id)))
        .header("accept-language", "en")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(body.contains("from 1 November 2026 to 21 November 2026"));
}

#[tokio::test]
async fn space_page_shows_phases_in_order_components_and_the_active_phase() {
    let w = world().await;
    // An unpublished component is not listed.
    let hidden = agora::components::store::create(
        w.app.db(),
        w.process.id,
        "page",
        "Brouillon de page",
        &Default::default(),
    )
    .await
    .expect("component");
    let (status, body) = w
        .get(&w.anonymous, &format!("/spaces/{}", w.process.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<h1>Budget participatif</h1>"));
    assert!(
        body.contains("<strong>espace</strong>"),
        "Markdown description"
    );
    assert!(body.contains("<span class=\"badge\">Public</span>"));
    assert!(is_sorted(&order_of(
        &body,
        &["Dépôt des idées", "Analyse technique", "Vote"]
    )));
    assert!(body.contains("du 1er septembre 2026 au 31 octobre 2026"));
    assert!(active_phase(&body).contains("Analyse technique"));
    assert_eq!(body.matches("aria-current=\"step\"").count(), 1);
    assert!(body.contains(&format!("href=\"/pages/{}\"", w.process_page)));
    assert!(!body.contains("Brouillon de page"));
    assert!(!body.contains("/admin\""), "no admin link for visitors");
    let (status, _) = w.get(&w.anonymous, &format!("/pages/{}", hidden.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "unpublished component");
    let (status, body) = w.get(&w.admin, &format!("/pages/{}", hidden.id)).await;
    assert_eq!(status, StatusCode::OK, "admins preview it");
    assert!(body.contains("Non publié"));
    let (_, body) = w
        .get(&w.space_admin, &format!("/spaces/{}", w.process.id))
        .await;
    assert!(body.contains(&format!("/spaces/{}/admin", w.process.id)));

    // An assembly lists its members with their roles.
    let (_, body) = w
        .get(&w.anonymous, &format!("/spaces/{}", w.assembly.id))
        .await;
    assert!(body.contains("<td>secret</td><td>Modérateur·rice</td>"));
    assert!(body.contains("Public, participation réservée aux membres"));
}

#[tokio::test]
async fn private_secret_and_unpublished_spaces_are_not_found_by_those_who_may_not_see_them() {
    let w = world().await;
    let private = format!("/spaces/{}", w.private.id);
    let private_page = format!("/pages/{}", w.private_page);
    let secret = format!("/spaces/{}", w.secret.id);
    let draft = format!("/spaces/{}", w.draft.id);
    for (client, who) in [(&w.anonymous, "anonymous"), (&w.outsider, "outsider")] {
        for path in [&private, &private_page, &secret, &draft] {
            assert_eq!(
                w.get(client, path).await.0,
                StatusCode::NOT_FOUND,
                "{who} {path}"
            );
        }
    }
    assert_eq!(w.get(&w.member, &private).await.0, StatusCode::OK);
    let (status, body) = w.get(&w.member, &private_page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<strong>réservé</strong>"));
    assert_eq!(w.get(&w.member, &secret).await.0, StatusCode::NOT_FOUND);
    assert_eq!(w.get(&w.member, &draft).await.0, StatusCode::NOT_FOUND);
    assert_eq!(w.get(&w.secret_member, &secret).await.0, StatusCode::OK);
    assert_eq!(w.get(&w.admin, &draft).await.0, StatusCode::OK);

    // The readable address redirects only those who may see the space.
    let response = w
        .anonymous
        .get(w.app.url("/o/ville/spaces/budget"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        format!("/spaces/{}", w.process.id).as_str()
    );
    assert_eq!(
        w.get(&w.anonymous, "/o/ville/spaces/comite").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.get(&w.member, "/o/ville/spaces/comite").await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        w.get(&w.anonymous, "/o/ville/spaces/nothing").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_admin_creates_publishes_and_orders_a_process() {
    let w = world().await;
    let (status, body) = w.get(&w.admin, "/o/ville/spaces/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<label for=\"space-title\">"));
    let to = w
        .post_ok(
            &w.admin,
            "/o/ville/spaces/new",
            &[
                ("kind", "process"),
                ("slug", "plan-velo"),
                ("title", "Plan vélo"),
                ("description", "Où faut-il des pistes ?"),
                ("visibility", "public"),
            ],
        )
        .await;
    let id: i64 = to
        .strip_prefix("/spaces/")
        .and_then(|rest| rest.strip_suffix("/admin"))
        .and_then(|id| id.parse().ok())
        .expect("redirect to the new space's admin");
    let space_path = format!("/spaces/{id}");
    assert_eq!(
        w.get(&w.anonymous, &space_path).await.0,
        StatusCode::NOT_FOUND,
        "a new space is unpublished"
    );
    let (status, body) = w.get(&w.admin, &to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Paramètres de «\u{202f}Plan vélo\u{202f}»"));
    w.post_ok(&w.admin, &format!("{space_path}/admin/publish"), &[])
        .await;
    assert_eq!(w.get(&w.anonymous, &space_path).await.0, StatusCode::OK);

    let phases_path = format!("{space_path}/admin/phases");
    for (title, start, end) in [
        ("Diagnostic", "2026-03-01", "2026-03-31"),
        ("Propositions", "2026-04-01", ""),
        ("Vote", "", "2026-06-30"),
    ] {
        w.post_ok(
            &w.admin,
            &phases_path,
            &[
                ("title", title),
                ("description", ""),
                ("starts_on", start),
                ("ends_on", end),
            ],
        )
        .await;
    }
    let ids: Vec<i64> = spaces::phases(w.app.db(), id)
        .await
        .expect("phases")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids.len(), 3);
    // "Vote" moves up twice, to the top; moving the first up again changes nothing.
    for _ in 0..3 {
        w.post_ok(
            &w.admin,
            &format!("{phases_path}/{}/move", ids[2]),
            &[("direction", "up")],
        )
        .await;
    }
    w.post_ok(
        &w.admin,
        &format!("{phases_path}/{}/move", ids[0]),
        &[("direction", "down")],
    )
    .await;
    assert_eq!(
        w.phase_titles(id).await,
        vec![
            (1, "Vote".to_string()),
            (2, "Propositions".to_string()),
            (3, "Diagnostic".to_string())
        ]
    );
    w.post_ok(
        &w.admin,
        &format!("{space_path}/admin/active-phase"),
        &[("phase_id", &ids[1].to_string())],
    )
    .await;
    let (_, body) = w.get(&w.anonymous, &space_path).await;
    assert!(is_sorted(&order_of(
        &body,
        &["Vote", "Propositions", "Diagnostic"]
    )));
    assert!(body.contains("jusqu’au 30 juin 2026"));
    assert!(body.contains("à partir du 1er avril 2026"));
    assert!(active_phase(&body).contains("Propositions"));

    // Editing and deleting keep the order dense; deleting the active phase leaves none active.
    w.post_ok(
        &w.admin,
        &format!("{phases_path}/{}", ids[1]),
        &[
            ("title", "Propositions citoyennes"),
            ("description", "Déposez vos idées."),
            ("starts_on", "2026-04-01"),
            ("ends_on", "2026-05-15"),
        ],
    )
    .await;
    w.post_ok(&w.admin, &format!("{phases_path}/{}/delete", ids[2]), &[])
        .await;
    assert_eq!(
        w.phase_titles(id).await,
        vec![
            (1, "Propositions citoyennes".to_string()),
            (2, "Diagnostic".to_string())
        ]
    );
    w.post_ok(&w.admin, &format!("{phases_path}/{}/delete", ids[1]), &[])
        .await;
    assert_eq!(w.space(id).await.active_phase_id, None);
    assert_eq!(
        w.phase_titles(id).await,
        vec![(1, "Diagnostic".to_string())]
    );

    // Unpublishing hides it again; edits are saved.
    w.post_ok(
        &w.admin,
        &format!("{space_path}/admin"),
        &[
            ("slug", "plan-velo-2026"),
            ("title", "Plan vélo 2026"),
            ("description", ""),
            ("visibility", "private"),
        ],
    )
    .await;
    let space = w.space(id).await;
    assert_eq!(
        (space.slug.as_str(), space.title.as_str(), space.visibility),
        ("plan-velo-2026", "Plan vélo 2026", Visibility::Private)
    );
    w.post_ok(&w.admin, &format!("{space_path}/admin/unpublish"), &[])
        .await;
    assert_eq!(w.get(&w.member, &space_path).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn concurrent_reordering_keeps_positions_dense_and_unique() {
    let w = world().await;
    let phases = spaces::phases(w.app.db(), w.process.id)
        .await
        .expect("phases");
    let mut requests = Vec::new();
    for i in 0..24 {
        let phase = &phases[i % phases.len()];
        let path = format!("/spaces/{}/admin/phases/{}/move", w.process.id, phase.id);
        let direction = if i % 2 == 0 { "up" } else { "down" };
        let client = w.admin.clone();
        let url = w.app.url(&path);
        requests.push(tokio::spawn(async move {
            post_form_with(&client, &url, &[("direction", direction)])
                .await
                .status()
        }));
    }
    for request in requests {
        assert_eq!(request.await.expect("task"), StatusCode::SEE_OTHER);
    }
    let positions: Vec<i64> = w
        .phase_titles(w.process.id)
        .await
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(positions, vec![1, 2, 3]);
}

#[tokio::test]
async fn those_who_do_not_administer_a_space_cannot_change_it() {
    let w = world().await;
    let process = format!("/spaces/{}/admin", w.process.id);
    let private = format!("/spaces/{}/admin", w.private.id);
    let phase = spaces::phases(w.app.db(), w.process.id)
        .await
        .expect("phases")[0]
        .id;
    // Pages.
    for suffix in ["", "/phases", "/members", "/components"] {
        let path = format!("{process}{suffix}");
        assert_eq!(
            w.get(&w.outsider, &path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            w.get(&w.member, &path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            w.get(&w.space_admin, &path).await.0,
            StatusCode::OK,
            "{path}"
        );
        assert_eq!(w.get(&w.admin, &path).await.0, StatusCode::OK, "{path}");
        let response = w.anonymous.get(w.app.url(&path)).send().await.expect("get");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert!(
            response.headers()["location"]
                .to_str()
                .expect("location")
                .starts_with("/sign-in")
        );
        let path = format!("{private}{suffix}");
        assert_eq!(
            w.get(&w.outsider, &path).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_eq!(
            w.get(&w.member, &path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            w.get(&w.anonymous, &path).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        w.get(&w.member, "/o/ville/spaces/new").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.get(&w.space_admin, "/o/ville/spaces/new").await.0,
        StatusCode::FORBIDDEN,
        "space admins do not create spaces"
    );

    // Posts: refused, and nothing changes.
    let before = (
        w.app.count("spaces").await,
        w.app.count("phases").await,
        w.app.count("space_members").await,
        w.app.count("components").await,
        w.phase_titles(w.process.id).await,
        w.space(w.process.id).await,
    );
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            "/o/ville/spaces/new".into(),
            vec![
                ("kind", "process"),
                ("slug", "x-y"),
                ("title", "X"),
                ("visibility", "public"),
            ],
        ),
        (
            process.clone(),
            vec![
                ("slug", "hijack"),
                ("title", "Pris"),
                ("visibility", "secret"),
            ],
        ),
        (format!("{process}/unpublish"), vec![]),
        (format!("{process}/phases"), vec![("title", "Nouvelle")]),
        (
            format!("{process}/phases/{phase}/move"),
            vec![("direction", "down")],
        ),
        (format!("{process}/phases/{phase}/delete"), vec![]),
        (format!("{process}/active-phase"), vec![("phase_id", "")]),
        (
            format!("{process}/members"),
            vec![("email", "outsider@example.org"), ("role", "admin")],
        ),
        (
            format!("{process}/components"),
            vec![("kind", "page"), ("title", "Pris")],
        ),
        (
            format!("/pages/{}/edit", w.process_page),
            vec![("body", "Pris")],
        ),
    ];
    for (path, form) in &posts {
        for (client, who) in [(&w.outsider, "outsider"), (&w.member, "member")] {
            let status = w.post(client, path, form).await.status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {path}");
        }
        let status = w.post(&w.anonymous, path, form).await.status();
        assert_eq!(status, StatusCode::SEE_OTHER, "anonymous {path}");
    }
    for path in [
        format!("{private}/unpublish"),
        format!("{private}/components"),
    ] {
        let status = w
            .post(&w.outsider, &path, &[("kind", "page"), ("title", "x")])
            .await
            .status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let after = (
        w.app.count("spaces").await,
        w.app.count("phases").await,
        w.app.count("space_members").await,
        w.app.count("components").await,
        w.phase_titles(w.process.id).await,
        w.space(w.process.id).await,
    );
    assert_eq!(before, after);
    let (_, body) = w
        .get(&w.anonymous, &format!("/pages/{}", w.process_page))
        .await;
    assert!(body.contains("Trois étapes"));
}

#[tokio::test]
async fn bad_space_input_shows_errors_and_writes_nothing() {
    let w = world().await;
    let spaces_before = w.app.count("spaces").await;
    let long_title = "x".repeat(201);
    let long_description = "x".repeat(20_001);
    let cases: [(&str, &str, &str, &str, &str, &str); 8] = [
        (
            "process",
            "ok-slug",
            "   ",
            "",
            "public",
            "Saisissez un titre",
        ),
        (
            "process",
            "ok-slug",
            &long_title,
            "",
            "public",
            "200 caractères au plus",
        ),
        (
            "process",
            "ok-slug",
            "Titre",
            &long_description,
            "public",
            "20 000 caractères",
        ),
        (
            "process",
            "Pas Bon!",
            "Titre",
            "",
            "public",
            "Le nom court doit compter",
        ),
        (
            "process",
            "new",
            "Titre",
            "",
            "public",
            "Ce nom court est réservé",
        ),
        (
            "process",
            "budget",
            "Titre",
            "",
            "public",
            "utilise déjà ce nom court",
        ),
        (
            "process",
            "ok-slug",
            "Titre",
            "",
            "everyone",
            "Choisissez qui peut voir",
        ),
        (
            "committee",
            "ok-slug",
            "Titre",
            "",
            "public",
            "Choisissez une concertation",
        ),
    ];
    for (kind, slug, title, description, visibility, message) in cases {
        let response = w
            .post(
                &w.admin,
                "/o/ville/spaces/new",
                &[
                    ("kind", kind),
                    ("slug", slug),
                    ("title", title),
                    ("description", description),
                    ("visibility", visibility),
                ],
            )
            .await;
        let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains("role=\"alert\""), "{message}");
        assert!(body.contains(message), "{message}");
        assert!(body.contains("class=\"field-error\""), "{message}");
    }
    // A form with fields missing is an error too, not a crash.
    let response = w.post(&w.admin, "/o/ville/spaces/new", &[]).await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(w.app.count("spaces").await, spaces_before);

    // Editing: a slug already used by another space of the organisation.
    let before = w.space(w.assembly.id).await;
    let response = w
        .post(
            &w.admin,
            &format!("/spaces/{}/admin", w.assembly.id),
            &[
                ("slug", "budget"),
                ("title", "Nouveau titre"),
                ("description", ""),
                ("visibility", "public"),
            ],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("utilise déjà ce nom court"));
    assert!(
        body.contains("value=\"Nouveau titre\""),
        "what was typed is kept"
    );
    assert_eq!(w.space(w.assembly.id).await, before);
    // The same slug in another organisation is fine.
    let other = organizations::create(w.app.db(), "autre", "Autre", "", Locale::Fr)
        .await
        .expect("org");
    let admin = w
        .app
        .create_user("other-admin@example.org", "a long password 123")
        .await;
    organizations::set_member(w.app.db(), other.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let browser = w.app.browser_signed_in(&admin).await;
    w.post_ok(
        &browser,
        "/o/autre/spaces/new",
        &[
            ("kind", "assembly"),
            ("slug", "budget"),
            ("title", "Budget"),
            ("visibility", "public"),
        ],
    )
    .await;
}

#[tokio::test]
async fn bad_phase_input_and_forged_ids_change_nothing() {
    let w = world().await;
    let phases_path = format!("/spaces/{}/admin/phases", w.process.id);
    let before = w.phase_titles(w.process.id).await;
    for (title, start, end, message) in [
        ("", "2026-01-01", "", "Saisissez un titre"),
        (
            "Phase",
            "2026-02-01",
            "2026-01-31",
            "La date de fin doit être",
        ),
        ("Phase", "01/02/2026", "", "AAAA-MM-JJ"),
        ("Phase", "2026-02-30", "", "AAAA-MM-JJ"),
    ] {
        let response = w
            .post(
                &w.admin,
                &phases_path,
                &[
                    ("title", title),
                    ("description", ""),
                    ("starts_on", start),
                    ("ends_on", end),
                ],
            )
            .await;
        let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains(message), "{message}");
        assert!(body.contains("role=\"alert\""));
    }
    let first = spaces::phases(w.app.db(), w.process.id)
        .await
        .expect("phases")[0]
        .clone();
    let response = w
        .post(
            &w.admin,
            &format!("{phases_path}/{}", first.id),
            &[
                ("title", "Changée"),
                ("starts_on", "2026-05-01"),
                ("ends_on", "2026-04-01"),
            ],
        )
        .await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(w.phase_titles(w.process.id).await, before);

    // A phase of another space, through this space's addresses.
    let other = new_space(
        &w.app,
        &w.org,
        SpaceKind::Process,
        "autre",
        "Autre",
        Visibility::Public,
        true,
    )
    .await;
    let foreign = spaces::add_phase(w.app.db(), other.id, "Étrangère", "", None, None)
        .await
        .expect("phase");
    let active_before = w.space(w.process.id).await.active_phase_id;
    let foreign_id = foreign.id.to_string();
    for (path, form) in [
        (
            format!("{phases_path}/{}", foreign.id),
            vec![("title", "Volée")],
        ),
        (
            format!("{phases_path}/{}/move", foreign.id),
            vec![("direction", "up")],
        ),
        (format!("{phases_path}/{}/delete", foreign.id), vec![]),
        (
            format!("/spaces/{}/admin/active-phase", w.process.id),
            vec![("phase_id", foreign_id.as_str())],
        ),
    ] {
        let status = w.post(&w.admin, &path, &form).await.status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        w.get(&w.admin, &format!("{phases_path}/{}", foreign.id))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(w.phase_titles(w.process.id).await, before);
    assert_eq!(
        w.phase_titles(other.id).await,
        vec![(1, "Étrangère".to_string())]
    );
    assert_eq!(w.space(w.process.id).await.active_phase_id, active_before);
    let status = w
        .post(
            &w.admin,
            &format!("{phases_path}/{}/move", first.id),
            &[("direction", "sideways")],
        )
        .await
        .status();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Assemblies have no phases.
    assert_eq!(
        w.get(&w.admin, &format!("/spaces/{}/admin/phases", w.assembly.id))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn space_admins_manage_members() {
    let w = world().await;
    let members_path = format!("/spaces/{}/admin/members", w.private.id);
    let newcomer = w
        .app
        .create_user("newcomer@example.org", "a long password 123")
        .await;
    let count = w.app.count("space_members").await;
    for (email, role, message) in [
        ("", "member", "Saisissez l’adresse e-mail"),
        ("nobody@example.org", "member", "Aucun compte n’utilise"),
        ("newcomer@example.org", "owner", "Choisissez l’un des rôles"),
    ] {
        let response = w
            .post(&w.admin, &members_path, &[("email", email), ("role", role)])
            .await;
        let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains(message), "{message}");
    }
    assert_eq!(w.app.count("space_members").await, count);
    w.post_ok(
        &w.admin,
        &members_path,
        &[("email", " NEWCOMER@example.org "), ("role", "evaluator")],
    )
    .await;
    let role = spaces::role_of(w.app.db(), w.private.id, newcomer.id)
        .await
        .expect("role");
    assert_eq!(role, Some(SpaceRole::Evaluator));
    let response = w
        .post(
            &w.admin,
            &members_path,
            &[("email", "newcomer@example.org"), ("role", "admin")],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("déjà membre"));
    let (_, body) = w.get(&w.admin, &members_path).await;
    assert!(body.contains("newcomer@example.org") && body.contains("Évaluateur·rice"));

    // The newcomer now sees the private space.
    let browser = w.app.browser_signed_in(&newcomer).await;
    assert_eq!(
        w.get(&browser, &format!("/spaces/{}", w.private.id))
            .await
            .0,
        StatusCode::OK
    );
    w.post_ok(
        &w.admin,
        &format!("{members_path}/{}/role", newcomer.id),
        &[("role", "admin")],
    )
    .await;
    assert_eq!(
        w.get(&browser, &format!("/spaces/{}/admin", w.private.id))
            .await
            .0,
        StatusCode::OK
    );
    let status = w
        .post(
            &w.admin,
            &format!("{members_path}/{}/role", newcomer.id),
            &[("role", "king")],
        )
        .await
        .status();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Someone who is not a member of this space (but is of another one).
    let outsider_of_this_space = spaces::members(w.app.db(), w.secret.id)
        .await
        .expect("members")[0]
        .user_id;
    for path in [
        format!("{members_path}/{outsider_of_this_space}/role"),
        format!("{members_path}/{outsider_of_this_space}/remove"),
    ] {
        let status = w
            .post(&w.admin, &path, &[("role", "member")])
            .await
            .status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        spaces::role_of(w.app.db(), w.secret.id, outsider_of_this_space)
            .await
            .expect("role"),
        Some(SpaceRole::Member)
    );
    w.post_ok(
        &w.admin,
        &format!("{members_path}/{}/remove", newcomer.id),
        &[],
    )
    .await;
    assert_eq!(
        w.get(&browser, &format!("/spaces/{}", w.private.id))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

async fn settings_of(app: &TestApp, component_id: i64) -> String {
    sqlx::query("SELECT settings FROM components WHERE id = $1")
        .bind(component_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("component")
        .try_get("settings")
        .expect("settings")
}

#[tokio::test]
async fn space_admins_add_configure_publish_and_delete_components() {
    let w = world().await;
    let admin = &w.space_admin;
    let components_path = format!("/spaces/{}/admin/components", w.process.id);
    let (status, body) = w.get(admin, &components_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<option value=\"page\""));
    let count = w.app.count("components").await;
    for (kind, title, message) in [
        ("poll", "Sondage", "Choisissez l’un des types"),
        ("page", "", "Saisissez un titre"),
    ] {
        let response = w
            .post(admin, &components_path, &[("kind", kind), ("title", title)])
            .await;
        let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains(message), "{message}");
    }
    assert_eq!(w.app.count("components").await, count);

    // Adding a page leads to its text, then it is published.
    let to = w
        .post_ok(
            admin,
            &components_path,
            &[("kind", "page"), ("title", "Calendrier")],
        )
        .await;
    let id: i64 = to
        .strip_prefix("/pages/")
        .and_then(|r| r.strip_suffix("/edit"))
        .and_then(|id| id.parse().ok())
        .expect("redirect to the page's editor");
    let page_path = format!("/pages/{id}");
    let (status, _) = w.get(admin, &to).await;
    assert_eq!(status, StatusCode::OK);
    w.post_ok(admin, &to, &[("body", "Les **dates** clés.")])
        .await;
    let response = w.post(admin, &to, &[("body", &"x".repeat(50_001))]).await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        w.get(&w.anonymous, &page_path).await.0,
        StatusCode::NOT_FOUND
    );
    let component_path = format!("{components_path}/{id}");
    w.post_ok(admin, &format!("{component_path}/publish"), &[])
        .await;
    let (status, body) = w.get(&w.anonymous, &page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<strong>dates</strong>"));
    assert!(body.contains("<h1>Calendrier</h1>"));
    let (_, body) = w
        .get(&w.anonymous, &format!("/spaces/{}", w.process.id))
        .await;
    assert!(body.contains(&format!("href=\"{page_path}\"")));

    // Settings: a form built from the manifest.
    let (_, body) = w.get(admin, &component_path).await;
    assert!(body.contains("type=\"checkbox\" id=\"setting-show_title\" name=\"setting-show_title\" value=\"on\" checked"));
    let phases = spaces::phases(w.app.db(), w.process.id)
        .await
        .expect("phases");
    for phase in &phases {
        assert!(body.contains(&format!("action=\"{component_path}/phases/{}\"", phase.id)));
    }
    w.post_ok(admin, &component_path, &[("title", "Calendrier 2026")])
        .await;
    assert_eq!(settings_of(&w.app, id).await, r#"{"show_title":false}"#);
    let (_, body) = w.get(&w.anonymous, &page_path).await;
    assert!(body.contains("<h1 class=\"visually-hidden\">Calendrier 2026</h1>"));

    // Per-phase settings apply while their phase is the current one.
    let active = w.space(w.process.id).await.active_phase_id.expect("active");
    let other = phases
        .iter()
        .find(|p| p.id != active)
        .expect("other phase")
        .id;
    w.post_ok(
        admin,
        &format!("{component_path}/phases/{active}"),
        &[(
            "setting-announcement",
            "Analyse en cours : merci de votre patience.",
        )],
    )
    .await;
    w.post_ok(
        admin,
        &format!("{component_path}/phases/{other}"),
        &[("setting-announcement", "Une autre phase.")],
    )
    .await;
    let (_, body) = w.get(&w.anonymous, &page_path).await;
    assert!(body.contains("Analyse en cours"));
    assert!(!body.contains("Une autre phase."));

    // Out of range: refused with a message; nothing stored.
    let stored = w.app.count("component_phase_settings").await;
    let response = w
        .post(
            admin,
            &format!("{component_path}/phases/{other}"),
            &[("setting-announcement", &"x".repeat(501))],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("Saisissez 500 caractères au plus"));
    assert!(body.contains(&format!("id=\"phase-{other}-setting-announcement-error\"")));
    let response = w
        .post(
            admin,
            &component_path,
            &[("title", &"x".repeat(201)), ("setting-show_title", "on")],
        )
        .await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(w.app.count("component_phase_settings").await, stored);
    assert_eq!(settings_of(&w.app, id).await, r#"{"show_title":false}"#);
    let (_, body) = w.get(&w.anonymous, &page_path).await;
    assert!(body.contains("Analyse en cours"));

    // Ids of another space: the private space's page, the assembly's phases.
    let foreign = format!("{components_path}/{}", w.private_page);
    assert_eq!(w.get(admin, &foreign).await.0, StatusCode::NOT_FOUND);
    for path in [
        format!("{foreign}/unpublish"),
        format!("{foreign}/delete"),
        format!("{foreign}/phases/{active}"),
    ] {
        let status = w
            .post(admin, &path, &[("setting-announcement", "x")])
            .await
            .status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let foreign_phase = spaces::add_phase(w.app.db(), w.draft.id, "Ailleurs", "", None, None)
        .await
        .expect("phase");
    let status = w
        .post(
            admin,
            &format!("{component_path}/phases/{}", foreign_phase.id),
            &[("setting-announcement", "x")],
        )
        .await
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(w.app.count("component_phase_settings").await, stored);
    assert_eq!(
        w.get(&w.member, &format!("/pages/{}", w.private_page))
            .await
            .0,
        StatusCode::OK
    );

    // Unpublish, then delete.
    w.post_ok(admin, &format!("{component_path}/unpublish"), &[])
        .await;
    assert_eq!(
        w.get(&w.anonymous, &page_path).await.0,
        StatusCode::NOT_FOUND
    );
    w.post_ok(admin, &format!("{component_path}/delete"), &[])
        .await;
    assert_eq!(w.get(admin, &page_path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(w.app.count("components").await, count);
    assert_eq!(w.app.count("pages").await, count);
}
