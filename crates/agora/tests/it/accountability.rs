//! Integration tests: the accountability component — admins build a results tree with
//! statuses, milestones and links to projects and proposals; the public sees the tree, the
//! computed progress and the timeline; bad forms and broken CSV files change nothing; private
//! spaces and unpublished components stay hidden; parallel writes keep the tree valid.

use agora::components::accountability as acc;
use agora::components::budgets::model::{self as budget_model, BudgetFields, ProjectFields};
use agora::components::budgets::rules::{Rule, RuleKind};
use agora::components::proposals::model::{self as proposal_model, NewProposal};
use agora::components::{budgets, proposals, store};
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

struct World {
    app: TestApp,
    org: Organization,
    space: Space,
    cid: i64,
    admin: User,
    browser: Client,
    /// A budget project and a proposal of the same organisation (another space).
    project: i64,
    proposal: i64,
    /// A proposal of another organisation.
    foreign_proposal: i64,
}

async fn space(app: &TestApp, org: i64, slug: &str, visibility: Visibility) -> Space {
    spaces::create(
        app.db(),
        NewSpace {
            organization_id: org,
            kind: SpaceKind::Process,
            slug,
            title: "Suivi",
            description: "Le suivi.",
            visibility,
            published: true,
        },
    )
    .await
    .expect("space")
}

async fn proposal_in(app: &TestApp, space_id: i64, author: i64, title: &str) -> i64 {
    let cid = proposals::create_component(app.db(), space_id, "Propositions", &Default::default())
        .await
        .expect("proposals");
    proposal_model::create(
        app.db(),
        NewProposal {
            component_id: cid,
            author_id: author,
            title,
            body: "Un texte assez long pour une proposition.",
            address: None,
            limit: 0,
        },
    )
    .await
    .expect("proposal")
    .expect("created")
}

async fn world(visibility: Visibility) -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(app.db(), "ville", "Ville", "Une ville.", Locale::Fr)
        .await
        .expect("org");
    let space = space(&app, org.id, "suivi", visibility).await;
    let cid = acc::create_component(
        app.db(),
        space.id,
        "Suivi des projets",
        json!({}).as_object().expect("object"),
    )
    .await
    .expect("component");
    let admin = app
        .create_user("admin@example.org", "a long password 123")
        .await;
    organizations::set_member(app.db(), org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let browser = app.browser_signed_in(&admin).await;
    // A budget project and a proposal elsewhere in the organisation.
    let other = self::space(&app, org.id, "budget", Visibility::Public).await;
    let bcid = budgets::create_component(
        app.db(),
        other.id,
        "Budgets",
        json!({}).as_object().expect("object"),
    )
    .await
    .expect("budgets");
    let bid = budget_model::create_budget(
        app.db(),
        bcid,
        &BudgetFields {
            title: "Ville",
            district: "",
            description: "",
            total: 100_000,
            currency: "EUR",
            rule: Rule {
                kind: RuleKind::Approval,
                min_percent: 0,
                min_projects: 0,
                max_projects: 0,
                points: 0,
            },
            secret_ballots: false,
        },
    )
    .await
    .expect("budget");
    let project = budget_model::create_project(
        app.db(),
        bid,
        &ProjectFields {
            title: "Un parc pour le quartier",
            description: "",
            cost: 30_000,
            category: None,
            district: None,
            proposal_ids: &[],
        },
    )
    .await
    .expect("project");
    let proposal = proposal_in(&app, other.id, admin.id, "Des arbres rue Voltaire").await;
    let foreign = organizations::create(app.db(), "autre", "Autre", "Une autre.", Locale::Fr)
        .await
        .expect("org");
    let foreign_space = self::space(&app, foreign.id, "ailleurs", Visibility::Public).await;
    let foreign_proposal =
        proposal_in(&app, foreign_space.id, admin.id, "Proposition d’ailleurs").await;
    World {
        app,
        org,
        space,
        cid,
        admin,
        browser,
        project,
        proposal,
        foreign_proposal,
    }
}

impl World {
    fn url(&self, path: &str) -> String {
        self.app.url(&format!("/accountability/{}{path}", self.cid))
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        post_form_with(&self.browser, &self.url(path), form).await
    }

    async fn get(&self, client: &Client, path: &str) -> reqwest::Response {
        client.get(self.url(path)).send().await.expect("GET")
    }

    /// Creates a status through the admin form; returns its id.
    async fn status(&self, code: &str, name: &str, progress: &str) -> i64 {
        let r = self
            .post(
                "/statuses",
                &[("code", code), ("name", name), ("progress", progress)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        sqlx::query("SELECT id FROM accountability_statuses WHERE code = $1")
            .bind(code)
            .fetch_one(&self.app.db().pool)
            .await
            .expect("status")
            .try_get(0)
            .expect("id")
    }

    /// Creates a result through the admin form; returns its id.
    async fn result(&self, fields: &[(&str, &str)]) -> i64 {
        let r = self.post("/new", fields).await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}",
            r.text().await.unwrap_or_default()
        );
        let location = r.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        location
            .rsplit('/')
            .next()
            .expect("id")
            .parse()
            .expect("id")
    }

    async fn snapshot(&self) -> Vec<(i64, Option<i64>, String, i64, String)> {
        sqlx::query(
            "SELECT id, parent_id, title, progress, proposal_ids FROM accountability_results ORDER BY id",
        )
        .fetch_all(&self.app.db().pool)
        .await
        .expect("results")
        .iter()
        .map(|r| {
            (
                r.try_get(0).unwrap(),
                r.try_get(1).unwrap(),
                r.try_get(2).unwrap(),
                r.try_get(3).unwrap(),
                r.try_get(4).unwrap(),
            )
        })
        .collect()
    }

    async fn log_entries(&self) -> i64 {
        agora::platform::action_log::settle(self.app.db())
            .await
            .expect("settle");
        sqlx::query("SELECT COUNT(*) FROM action_log WHERE subject_kind LIKE 'accountability_%'")
            .fetch_one(&self.app.db().pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("count")
    }
}

fn progress_of(page: &str, id: i64) -> String {
    let start = page
        .find(&format!("id=\"result-{id}\""))
        .expect("result in list");
    let rest = &page[start..];
    let at = rest.find("value=\"").expect("progress") + 7;
    rest[at..rest[at..].find('"').expect("end") + at].to_string()
}

#[tokio::test]
async fn admins_build_a_tree_and_the_public_sees_progress_links_and_timeline() {
    let w = world(Visibility::Public).await;
    let planned = w.status("planned", "Prévu", "0").await;
    let done = w.status("done", "Terminé", "100").await;
    let project = w.project.to_string();
    let proposal = w.proposal.to_string();
    let parent = w
        .result(&[
            ("title", "Une forêt urbaine"),
            (
                "description",
                "Planter **300 arbres**. <script>alert(1)</script>",
            ),
            ("starts_on", "2027-02-01"),
            ("ends_on", "2027-11-30"),
            ("projects", &project),
            ("proposals", &format!("#{proposal}")),
            ("reference", "FOR-1"),
        ])
        .await;
    let parent_text = parent.to_string();
    let done_text = done.to_string();
    let planned_text = planned.to_string();
    // A child with the status "done" and no progress of its own takes the status' 100 %.
    let a = w
        .result(&[
            ("title", "Sol préparé"),
            ("parent", &parent_text),
            ("status", &done_text),
            ("weight", "3"),
        ])
        .await;
    let b = w
        .result(&[
            ("title", "Plantations"),
            ("parent", &parent_text),
            ("status", &planned_text),
            ("weight", "1"),
        ])
        .await;
    // Milestones, entered out of order.
    for (date, title) in [
        ("2027-10-20", "Premières plantations"),
        ("2027-02-01", "Début des travaux"),
    ] {
        let r = w
            .post(
                &format!("/{parent}/milestones"),
                &[("happened_on", date), ("title", title), ("body", "*Fait*.")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }

    let anonymous = w.app.new_browser();
    let list = expect_status(w.get(&anonymous, "").await, StatusCode::OK).await;
    assert!(list.contains("Une forêt urbaine") && list.contains("Sol préparé"));
    assert_eq!(progress_of(&list, a), "100");
    assert_eq!(progress_of(&list, b), "0");
    assert_eq!(
        progress_of(&list, parent),
        "50",
        "the average of its children"
    );
    assert!(list.contains("Terminé"));

    let page = expect_status(
        w.get(&anonymous, &format!("/{parent}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("<strong>300 arbres</strong>"));
    assert!(!page.contains("<script>alert"));
    assert!(
        page.contains("Un parc pour le quartier"),
        "the linked project"
    );
    assert!(
        page.contains("Des arbres rue Voltaire"),
        "the linked proposal"
    );
    let first = page.find("Début des travaux").expect("milestone");
    let second = page.find("Premières plantations").expect("milestone");
    assert!(first < second, "the timeline is in date order");
    assert!(page.contains("datetime=\"2027-02-01\""));
    assert!(
        page.contains("1er février 2027"),
        "dates in the page's language"
    );

    // The proposal's page says what became of it.
    let proposal_page = |id: i64| {
        let app = &w.app;
        async move {
            let pcid: i64 = sqlx::query("SELECT component_id FROM proposals WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db().pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
            expect_status(
                app.get(&format!("/proposals/{pcid}/{id}")).await,
                StatusCode::OK,
            )
            .await
        }
    };
    let shown = proposal_page(w.proposal).await;
    assert!(shown.contains("Voir ce qui a été réalisé"));
    assert!(shown.contains(&format!("href=\"/accountability/{}/{parent}\"", w.cid)));
    assert!(
        !proposal_page(w.foreign_proposal)
            .await
            .contains("Voir ce qui a été réalisé")
    );

    // Weighted: 3 × 100 + 1 × 0 over 4.
    let settings = agora::components::validate(
        acc::MANIFEST.settings,
        json!({"progress": "weighted"}).as_object().expect("object"),
    )
    .expect("valid");
    store::update(
        w.app.db(),
        w.space.id,
        w.cid,
        "Suivi des projets",
        &settings,
    )
    .await
    .expect("settings");
    let list = expect_status(w.get(&anonymous, "").await, StatusCode::OK).await;
    assert_eq!(progress_of(&list, parent), "75");

    // Filter by status: a flat list of the results with it.
    let filtered = expect_status(
        w.get(&anonymous, &format!("?status={done}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(filtered.contains("Sol préparé") && !filtered.contains(">Plantations<"));
    expect_status(
        w.get(&anonymous, "?status=nope").await,
        StatusCode::BAD_REQUEST,
    )
    .await;

    // Every admin write is in the action log: 2 statuses, 3 results, 2 milestones.
    assert_eq!(w.log_entries().await, 7);
    // Edit, then delete the parent: its children go with it, each removal logged.
    let r = w
        .post(
            &format!("/{b}/edit"),
            &[
                ("title", "Plantations avec les écoles"),
                ("parent", &parent_text),
                ("progress", "40"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = expect_status(w.get(&anonymous, "").await, StatusCode::OK).await;
    assert_eq!(progress_of(&list, b), "40");
    let r = w.post(&format!("/{parent}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.app.count("accountability_results").await, 0);
    assert_eq!(w.app.count("accountability_milestones").await, 0);
    assert_eq!(w.log_entries().await, 7 + 1 + 3);
    let report = agora::platform::action_log::verify(w.app.db())
        .await
        .expect("verify");
    assert!(report.intact(), "{:?}", report.problems);
}

#[tokio::test]
async fn bad_forms_say_why_and_change_nothing() {
    let w = world(Visibility::Public).await;
    let top = w.result(&[("title", "Niveau 1")]).await.to_string();
    let mid = w
        .result(&[("title", "Niveau 2"), ("parent", &top)])
        .await
        .to_string();
    let low = w
        .result(&[("title", "Niveau 3"), ("parent", &mid)])
        .await
        .to_string();
    let before = w.snapshot().await;
    let entries = w.log_entries().await;
    let foreign = w.foreign_proposal.to_string();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("title", "")], "This field is required"),
        (vec![("title", "X"), ("progress", "120")], "from 0 to 100"),
        (
            vec![
                ("title", "X"),
                ("starts_on", "2027-05-01"),
                ("ends_on", "2027-01-01"),
            ],
            "before the start date",
        ),
        (
            vec![("title", "X"), ("starts_on", "2027-02-30")],
            "A date like",
        ),
        (
            vec![("title", "X"), ("projects", "999999")],
            "no budget project 999999",
        ),
        (vec![("title", "X"), ("proposals", &foreign)], "no proposal"),
        (vec![("title", "X"), ("proposals", "douze")], "is not an id"),
        (vec![("title", "X"), ("parent", &low)], "three levels"),
        (
            vec![("title", "X"), ("status", "12345")],
            "one of the statuses",
        ),
    ];
    for (form, message) in &cases {
        let r = w
            .browser
            .post(w.url("/new"))
            .header("sec-fetch-site", "same-origin")
            .header("accept-language", "en")
            .form(form)
            .send()
            .await
            .expect("POST");
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains(message), "{form:?}: {message}");
    }
    // A cycle: the top result under its own grandchild.
    let r = w
        .browser
        .post(w.url(&format!("/{top}/edit")))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "en")
        .form(&[("title", "Niveau 1"), ("parent", &low)])
        .send()
        .await
        .expect("POST");
    let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("cannot be part of itself"));
    // Another component's result, or a status code already taken.
    expect_status(
        w.get(&w.browser, "/999999/edit").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    w.status("done", "Terminé", "100").await;
    let r = w
        .post(
            "/statuses",
            &[("code", "done"), ("name", "Encore"), ("progress", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = w
        .post(
            "/statuses",
            &[("code", "En cours"), ("name", "X"), ("progress", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.app.count("accountability_statuses").await, 1);
    assert_eq!(w.snapshot().await, before, "nothing changed");
    assert_eq!(w.log_entries().await, entries + 1, "only the status");
}

#[tokio::test]
async fn csv_import_is_checked_whole_and_a_broken_file_changes_nothing() {
    let w = world(Visibility::Public).await;
    w.status("planned", "Prévu", "0").await;
    w.status("in-progress", "En cours", "50").await;
    let existing = w
        .result(&[("title", "Une forêt urbaine"), ("reference", "FOR-1")])
        .await;
    let good = format!(
        "reference;parent_reference;title;status;progress;start;end;project_ids;proposal_ids\n\
         FOR-1;;;in-progress;;;;{project};\n\
         FOR-1a;FOR-1;\"Sol; préparé\";planned;;2027-02-01;2027-04-15;;{proposal}\n\
         VEL-1;;Pistes cyclables;;25 %;;;;\n",
        project = w.project,
        proposal = w.proposal
    );
    let r = w.post("/import", &[("csv", &good)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("created=2&updated=1")
    );
    let snapshot = w.snapshot().await;
    assert_eq!(snapshot.len(), 3);
    let child = &snapshot[1];
    assert_eq!(child.1, Some(existing), "parent by reference");
    assert_eq!(child.2, "Sol; préparé");
    assert_eq!(child.4, format!("[{}]", w.proposal));
    let row = sqlx::query("SELECT progress, project_ids FROM accountability_results WHERE id = $1")
        .bind(existing)
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap();
    assert_eq!(
        row.try_get::<i64, _>(0).unwrap(),
        50,
        "the status' progress"
    );
    assert_eq!(
        row.try_get::<String, _>(1).unwrap(),
        format!("[{}]", w.project)
    );
    let entries = w.log_entries().await;

    let forged = w.foreign_proposal;
    let broken: Vec<(String, &str)> = vec![
        (
            "id,title,progress\n\
             ,Nouveau,10\n\
             ,Autre,deux cents\n"
                .to_string(),
            "Line 3: progress “deux cents”",
        ),
        (
            format!("reference,title,proposal_ids\nNEW-1,Nouveau,\nNEW-2,Volé,{forged}\n"),
            "Line 3: there is no proposal",
        ),
        (
            "id,title\n999999,Pas à nous\n".to_string(),
            "Line 2: 999999 is not a result of this component",
        ),
        (
            "title,colour\nX,bleu\n".to_string(),
            "Line 1: unknown column “colour”",
        ),
        (
            "reference,parent_reference,title\nA,FOR-1a,a\nB,A,b\n".to_string(),
            "Line 3: results nest three levels deep at most",
        ),
        (
            "title,description\nX,\"jamais fermé\n".to_string(),
            "Line 2: a quoted cell is not closed",
        ),
        (
            "title,status\nX,inconnu\nY\n".to_string(),
            "Line 3: 1 cells",
        ),
    ];
    for (csv, message) in &broken {
        let r = w
            .browser
            .post(w.url("/import"))
            .header("sec-fetch-site", "same-origin")
            .header("accept-language", "en")
            .form(&[("csv", csv.as_str())])
            .send()
            .await
            .expect("POST");
        let body = expect_status(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(
            body.contains(message),
            "{csv}: expected {message}; got {}",
            &body[body.find("import-errors").unwrap_or(0)..][..600.min(body.len())]
        );
        assert!(body.contains("Nothing was imported"));
        assert_eq!(w.snapshot().await, snapshot, "nothing changed: {csv}");
    }
    // The same through a raw text/csv body: a problem document with line numbers.
    let r = w
        .browser
        .post(w.url("/import"))
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "text/csv")
        .body("title,progress\nX,150\n")
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = r.json().await.expect("json");
    assert_eq!(problem["errors"][0]["line"], 2);
    // A file over the body limit is refused before anything is read.
    let huge = format!("title\n{}", "Un titre de résultat\n".repeat(20_000));
    assert!(huge.len() > 256 * 1024);
    for content_type in ["text/csv", "application/x-www-form-urlencoded"] {
        let body = if content_type == "text/csv" {
            huge.clone()
        } else {
            format!("csv={}", huge.replace('\n', "%0A").replace(' ', "+"))
        };
        let r = w
            .browser
            .post(w.url("/import"))
            .header("sec-fetch-site", "same-origin")
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST");
        assert!(
            matches!(
                r.status(),
                StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE
            ),
            "{content_type}: {}",
            r.status()
        );
    }
    assert_eq!(w.snapshot().await, snapshot, "nothing changed");
    assert_eq!(w.log_entries().await, entries, "nothing logged");

    // Round trip: the export imports back as updates only, changing nothing.
    let export = expect_status(w.get(&w.browser, "/export.csv").await, StatusCode::OK).await;
    assert!(export.starts_with("id,reference,parent_id,title"));
    assert!(export.contains("\"Sol; préparé\"") || export.contains("Sol; préparé"));
    let r = w
        .browser
        .post(w.url("/import"))
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "text/csv")
        .body(export)
        .send()
        .await
        .expect("POST");
    let done: Value = r.json().await.expect("json");
    assert_eq!(done, json!({"created": 0, "updated": 3}));
    assert_eq!(w.snapshot().await, snapshot);
    // Participants cannot import.
    let participant = w
        .app
        .create_user("p@example.org", "a long password 123")
        .await;
    let client = w.app.browser_signed_in(&participant).await;
    let r = post_form_with(&client, &w.url("/import"), &[("csv", "title\nPirate\n")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.snapshot().await, snapshot);
}

#[tokio::test]
async fn private_spaces_and_unpublished_components_are_not_found_for_outsiders() {
    let w = world(Visibility::Private).await;
    let rid = w.result(&[("title", "Résultat interne")]).await;
    let anonymous = w.app.new_browser();
    let outsider = w
        .app
        .create_user("out@example.org", "a long password 123")
        .await;
    let outsider = w.app.browser_signed_in(&outsider).await;
    let member = w
        .app
        .create_user("member@example.org", "a long password 123")
        .await;
    organizations::set_member(w.app.db(), w.org.id, member.id, OrgRole::Member)
        .await
        .expect("member");
    let member = w.app.browser_signed_in(&member).await;
    for client in [&anonymous, &outsider] {
        for path in ["".to_string(), format!("/{rid}"), "/edit".into()] {
            assert_eq!(
                w.get(client, &path).await.status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let r = post_form_with(client, &w.url("/new"), &[("title", "X")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    expect_status(w.get(&member, &format!("/{rid}")).await, StatusCode::OK).await;
    assert_eq!(
        w.get(&member, "/edit").await.status(),
        StatusCode::FORBIDDEN
    );
    // Unpublished: hidden from members, still there for admins.
    store::set_published(w.app.db(), w.space.id, w.cid, false)
        .await
        .expect("unpublish");
    assert_eq!(w.get(&member, "").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        w.get(&member, &format!("/{rid}")).await.status(),
        StatusCode::NOT_FOUND
    );
    expect_status(w.get(&w.browser, "").await, StatusCode::OK).await;
    // A linked proposal in a private space shows only to those who may see that space.
    let hidden_space = space(&w.app, w.org.id, "prive", Visibility::Secret).await;
    let secret = proposal_in(&w.app, hidden_space.id, w.admin.id, "Proposition secrète").await;
    spaces::set_member(
        w.app.db(),
        hidden_space.id,
        w.admin.id,
        agora::platform::permissions::SpaceRole::Admin,
    )
    .await
    .expect("space admin");
    store::set_published(w.app.db(), w.space.id, w.cid, true)
        .await
        .expect("publish");
    let secret_text = secret.to_string();
    let r = w
        .post(
            &format!("/{rid}/edit"),
            &[("title", "Résultat interne"), ("proposals", &secret_text)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the admin may see it");
    let admin_page =
        expect_status(w.get(&w.browser, &format!("/{rid}")).await, StatusCode::OK).await;
    assert!(admin_page.contains("Proposition secrète"));
    let member_page = expect_status(w.get(&member, &format!("/{rid}")).await, StatusCode::OK).await;
    assert!(!member_page.contains("Proposition secrète"));
}

#[tokio::test]
async fn parallel_writes_keep_the_tree_valid_and_the_parent_progress_exact() {
    let w = world(Visibility::Public).await;
    let parent = w.result(&[("title", "Parent")]).await;
    let parent_text = parent.to_string();
    let mut children = Vec::new();
    for i in 0..12 {
        children.push(
            w.result(&[("title", &format!("Enfant {i}")), ("parent", &parent_text)])
                .await,
        );
    }
    // Every child's progress changes at once; the parent is exactly their average afterwards.
    let mut tasks = Vec::new();
    for (i, child) in children.iter().enumerate() {
        let url = w.url(&format!("/{child}/edit"));
        let client = w.browser.clone();
        let parent_text = parent_text.clone();
        tasks.push(tokio::spawn(async move {
            let progress = (i * 9).to_string();
            let title = format!("Enfant {i}");
            post_form_with(
                &client,
                &url,
                &[
                    ("title", title.as_str()),
                    ("parent", parent_text.as_str()),
                    ("progress", progress.as_str()),
                ],
            )
            .await
            .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), StatusCode::SEE_OTHER);
    }
    let expected = (0..12).map(|i| i * 9).sum::<i64>() as f64 / 12.0;
    let list = expect_status(w.get(&w.browser, "").await, StatusCode::OK).await;
    assert_eq!(
        progress_of(&list, parent),
        ((expected + 0.5).floor() as i64).to_string()
    );
    // Two admins move two results under each other at once: one wins, no cycle is stored.
    for round in 0..4 {
        let a = w.result(&[("title", &format!("A{round}"))]).await;
        let b = w.result(&[("title", &format!("B{round}"))]).await;
        let moves = [(a, b), (b, a)].map(|(x, y)| {
            let url = w.url(&format!("/{x}/edit"));
            let client = w.browser.clone();
            tokio::spawn(async move {
                let parent = y.to_string();
                let title = format!("R{x}");
                post_form_with(
                    &client,
                    &url,
                    &[("title", title.as_str()), ("parent", parent.as_str())],
                )
                .await
                .status()
            })
        });
        let mut statuses = Vec::new();
        for m in moves {
            statuses.push(m.await.expect("task"));
        }
        statuses.sort();
        assert_eq!(
            statuses,
            vec![StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY],
            "round {round}"
        );
        let parents: Vec<Option<i64>> = sqlx::query(
            "SELECT parent_id FROM accountability_results WHERE id = $1 OR id = $2 ORDER BY id",
        )
        .bind(a)
        .bind(b)
        .fetch_all(&w.app.db().pool)
        .await
        .expect("rows")
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
        assert_eq!(parents.iter().filter(|p| p.is_some()).count(), 1);
    }
}

#[tokio::test]
async fn the_demo_follows_up_its_process_with_results_and_a_timeline() {
    let app = TestApp::spawn().await;
    agora::demo::load_if_empty(app.db()).await.expect("demo");
    let cid: i64 = sqlx::query("SELECT id FROM components WHERE kind = 'accountability'")
        .fetch_one(&app.db().pool)
        .await
        .expect("component")
        .try_get(0)
        .unwrap();
    let list = expect_status(
        app.get(&format!("/accountability/{cid}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("Une forêt urbaine place Carnot"));
    assert!(list.contains("<progress"));
    let rid: i64 = sqlx::query(
        "SELECT id FROM accountability_results WHERE component_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(cid)
    .fetch_one(&app.db().pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    let page = expect_status(
        app.get(&format!("/accountability/{cid}/{rid}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Début des travaux"));
    assert!(page.contains("/budgets/"), "linked to a demo project");
    assert!(page.contains("/proposals/"), "linked to a demo proposal");
    // The demo writes its results directly (as the other demos do); none is an unlogged
    // verified record, since result kinds are not verified records.
    let report = agora::platform::action_log::verify(app.db())
        .await
        .expect("verify");
    assert!(
        !report.problems.iter().any(|p| p.contains("accountability")),
        "{:?}",
        report.problems
    );
}

#[tokio::test]
async fn the_api_lists_results_and_shows_one_with_the_pages_rules() {
    let w = world(Visibility::Public).await;
    let done = w.status("done", "Terminé", "100").await.to_string();
    let parent = w
        .result(&[
            ("title", "Parent"),
            ("proposals", &w.proposal.to_string()),
            ("projects", &w.project.to_string()),
        ])
        .await;
    let parent_text = parent.to_string();
    let child = w
        .result(&[
            ("title", "Fait"),
            ("parent", &parent_text),
            ("status", &done),
        ])
        .await;
    w.result(&[("title", "À faire"), ("parent", &parent_text)])
        .await;
    w.post(
        &format!("/{parent}/milestones"),
        &[("happened_on", "2027-03-01"), ("title", "Lancement")],
    )
    .await;
    let anonymous = w.app.new_browser();
    let list: Value = anonymous
        .get(w.app.url(&format!("/api/v1/spaces/{}/results", w.space.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["progress"], 50);
    assert_eq!(list[1]["status"]["code"], "done");
    assert_eq!(list[1]["parent_id"], parent);
    let one: Value = anonymous
        .get(w.app.url(&format!("/api/v1/results/{parent}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one["children"][0], child);
    assert_eq!(one["milestones"][0]["title"], "Lancement");
    assert_eq!(one["projects"][0]["id"], w.project);
    assert_eq!(one["proposals"][0]["id"], w.proposal);
    assert_eq!(
        one["links"]["html"],
        format!("/accountability/{}/{parent}", w.cid)
    );
    // Unpublished: not found, as on the pages.
    store::set_published(w.app.db(), w.space.id, w.cid, false)
        .await
        .expect("unpublish");
    let r = anonymous
        .get(w.app.url(&format!("/api/v1/results/{parent}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let list: Value = anonymous
        .get(w.app.url(&format!("/api/v1/spaces/{}/results", w.space.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));
    let r = anonymous
        .get(w.app.url("/api/v1/results/douze"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}
