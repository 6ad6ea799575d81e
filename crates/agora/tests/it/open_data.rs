//! Integration tests: open data — the organisation's ZIP read by Python's `zipfile` and `csv`
//! (every column the README names is in its file), what it must never contain (private
//! spaces, hidden content, e-mail addresses, voters), the recount of every closed poll type
//! and of a budget from the archive alone with the documented commands, the command line,
//! the cache, the licence setting, and the Atom feeds.

use std::path::{Path, PathBuf};
use std::process::Command;

use agora::app::{AppState, Application};
use agora::components::budgets::model::{self as budget_model, BudgetFields, ProjectFields};
use agora::components::budgets::rules::{Rule, RuleKind};
use agora::components::budgets::{self as budgets};
use agora::components::polls::model::{self as poll_model, NewPoll};
use agora::components::polls::rules::Ballot;
use agora::components::{polls, proposals, store};
use agora::config::Config;
use agora::db::{Db, migrate};
use agora::i18n::Locale;
use agora::platform::accounts::{self, NewUser, User};
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use agora::platform::{comments, sessions};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TempDir, expect_status, post_form_with, unique};

/// A running agora whose database URL is known (the command line needs it).
struct Site {
    base: String,
    state: AppState,
    url: String,
    work: PathBuf,
    _dir: Option<TempDir>,
    _work: TempDir,
    org: Organization,
    public: Space,
    private: Space,
}

async fn database() -> (Db, String, Option<TempDir>) {
    sqlx::any::install_default_drivers();
    if let Ok(admin_url) = std::env::var("AGORA_TEST_POSTGRES_URL") {
        let name = unique("agora_test");
        let admin = Db::connect(&admin_url).await.expect("connect");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin.pool)
            .await
            .expect("create test database");
        admin.pool.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        let url = format!("{base}/{name}");
        let db = Db::connect(&url).await.expect("connect to test database");
        migrate::run(&db).await.expect("migrate");
        (db, url, None)
    } else {
        let dir = std::env::temp_dir().join(unique("agora_od"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}", dir.join("agora.db").display());
        let db = Db::connect(&url).await.expect("open sqlite");
        migrate::run(&db).await.expect("migrate");
        (db, url, Some(TempDir(dir)))
    }
}

async fn site() -> Site {
    let (db, url, dir) = database().await;
    let work = std::env::temp_dir().join(unique("agora_od_work"));
    std::fs::create_dir_all(&work).expect("work dir");
    let mut config = Config::for_database(&url);
    config.bind = "127.0.0.1:0".into();
    config.open_data_dir = work.join("cache");
    let app = Application::build(config, db).await.expect("bind");
    let base = format!("http://{}", app.local_addr());
    let state = app.state.clone();
    tokio::spawn(app.run());
    let db = &state.db;
    let org = organizations::create(db, "ville", "Ville", "Une ville.", Locale::Fr)
        .await
        .expect("org");
    let space = |slug: &'static str, title: &'static str, visibility| NewSpace {
        organization_id: org.id,
        kind: SpaceKind::Process,
        slug,
        title,
        description: "Participez.",
        visibility,
        published: true,
    };
    let public = spaces::create(db, space("quartiers", "Quartiers", Visibility::Public))
        .await
        .expect("space");
    let private = spaces::create(
        db,
        space("bureau", "PRIVATE-SPACE-TITLE", Visibility::Private),
    )
    .await
    .expect("space");
    Site {
        base,
        url,
        work: work.clone(),
        _work: TempDir(work),
        _dir: dir,
        org,
        public,
        private,
        state,
    }
}

impl Site {
    fn db(&self) -> &Db {
        &self.state.db
    }

    async fn person(&self, name: &str) -> (User, Client) {
        let user = accounts::create_user(
            self.db(),
            NewUser {
                email: &format!("{name}@mail.example.org"),
                name,
                password: "a long password 123",
                instance_admin: false,
                confirmed: true,
                locale: None,
            },
        )
        .await
        .expect("user");
        let token = sessions::create(self.db(), user.id, None, None)
            .await
            .expect("session");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("{}={token}", sessions::COOKIE)
                .parse()
                .expect("cookie"),
        );
        let client = Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        (user, client)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        Client::new()
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }

    async fn proposal(&self, cid: i64, author: &User, title: &str, body: &str) -> i64 {
        proposals::model::create(
            self.db(),
            proposals::model::NewProposal {
                component_id: cid,
                author_id: author.id,
                title,
                body,
                address: None,
                limit: 0,
            },
        )
        .await
        .expect("proposal")
        .expect("created")
    }

    async fn comment(&self, author: &User, proposal: i64, body: &str) -> i64 {
        let resolved = comments::resolve(
            self.db(),
            Some(author),
            comments::ResourceRef {
                kind: "proposal",
                id: proposal,
            },
        )
        .await
        .expect("resolve");
        comments::create(self.db(), &resolved, author.id, None, body, 0)
            .await
            .expect("comment")
            .expect("written")
    }

    /// Downloads the archive over HTTP into the work folder.
    async fn download(&self, name: &str) -> PathBuf {
        let response = self
            .get(&format!("/o/{}/open-data.zip", self.org.slug))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "application/zip"
        );
        let bytes = response.bytes().await.expect("body");
        let path = self.work.join(name);
        std::fs::write(&path, &bytes).expect("write");
        path
    }

    /// `agora ARGS` against this site's database.
    fn agora(&self, args: &[&str]) -> (bool, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_agora"))
            .args(args)
            .env("AGORA_DATABASE_URL", &self.url)
            .env("AGORA_LOG", "warn")
            .current_dir(&self.work)
            .output()
            .expect("run agora");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// Reads the archive with Python's `zipfile` and `csv`: every file the README describes, its
/// columns checked against the header, every row as a dict; and where the needles occur.
const READER: &str = r#"
import csv, io, json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = z.namelist()
readme = z.read("README.md").decode("utf-8")
spec, current = {}, None
for line in readme.splitlines():
    m = re.match(r"^### (\S+\.csv)$", line)
    if m:
        current = m.group(1)
        spec[current] = []
        continue
    m = re.match(r"^\| `([^`]+)` \|", line)
    if m and current:
        spec[current].append(m.group(1))
out = {"names": names, "files": {}, "found": [], "problems": []}
for name, columns in spec.items():
    if name not in names:
        out["problems"].append("missing " + name)
        continue
    rows = list(csv.reader(io.StringIO(z.read(name).decode("utf-8"), newline=""), strict=True))
    header = rows[0]
    for c in columns:
        if c not in header:
            out["problems"].append(name + ": no column " + c)
    if len(columns) != len(header):
        out["problems"].append(name + ": header " + ",".join(header))
    for i, r in enumerate(rows[1:]):
        if len(r) != len(header):
            out["problems"].append("%s row %d has %d fields" % (name, i, len(r)))
    out["files"][name] = [dict(zip(header, r)) for r in rows[1:]]
for n in names:
    data = z.read(n).decode("utf-8").lower()
    for needle in sys.argv[2:]:
        if needle.lower() in data:
            out["found"].append(needle + " in " + n)
print(json.dumps(out))
"#;

fn read_zip(path: &Path, needles: &[&str]) -> Value {
    let output = Command::new("python3")
        .arg("-c")
        .arg(READER)
        .arg(path)
        .args(needles)
        .output()
        .expect("python3");
    assert!(
        output.status.success(),
        "python could not read the archive: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(out["problems"], json!([]), "{}", out["problems"]);
    out
}

fn rows<'a>(out: &'a Value, file: &str) -> &'a Vec<Value> {
    out["files"][file]
        .as_array()
        .unwrap_or_else(|| panic!("{file} in the archive"))
}

fn column(out: &Value, file: &str, name: &str) -> Vec<String> {
    rows(out, file)
        .iter()
        .map(|r| r[name].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn the_archive_opens_in_python_has_every_readme_column_and_nothing_private_or_hidden() {
    let s = site().await;
    let (ana, _) = s.person("ana").await;
    let (_, bob_web) = s.person("bob").await;
    let (_, carl_web) = s.person("carl").await;
    let (_, dina_web) = s.person("dina").await;
    let cid = proposals::create_component(s.db(), s.public.id, "Idées", &serde_json::Map::new())
        .await
        .expect("component");
    let private_cid = proposals::create_component(
        s.db(),
        s.private.id,
        "Idées internes",
        &serde_json::Map::new(),
    )
    .await
    .expect("component");
    let tricky = "Un banc, \"solide\"\net ombragé; 10 € — ça";
    let kept = s.proposal(cid, &ana, "Des bancs au parc", tricky).await;
    let hidden = s
        .proposal(cid, &ana, "HIDDEN-PROPOSAL-TITLE", "Achetez des montres.")
        .await;
    s.proposal(private_cid, &ana, "PRIVATE-PROPOSAL-TITLE", "Interne.")
        .await;
    let withdrawn = s
        .proposal(cid, &ana, "Une idée retirée", "Finalement non.")
        .await;
    assert!(
        proposals::model::withdraw(s.db(), withdrawn, ana.id)
            .await
            .expect("withdraw")
    );
    s.comment(&ana, kept, "Oui, \"enfin\",\r\ndes bancs").await;
    s.comment(&ana, hidden, "HIDDEN-CONTEXT-COMMENT").await;
    // Three reports hide a proposal (the default threshold).
    for web in [&bob_web, &carl_web, &dina_web] {
        let response = post_form_with(
            web,
            &format!("{}/reports", s.base),
            &[
                ("resource_kind", "proposal"),
                ("resource_id", &hidden.to_string()),
                ("reason", "spam"),
                ("details", "REPORT-DETAILS-TEXT"),
            ],
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }

    let path = s.download("ville.zip").await;
    let out = read_zip(
        &path,
        &[
            "example.org",
            "@mail",
            "PRIVATE-SPACE-TITLE",
            "PRIVATE-PROPOSAL-TITLE",
            "HIDDEN-PROPOSAL-TITLE",
            "HIDDEN-CONTEXT-COMMENT",
            "REPORT-DETAILS-TEXT",
            "password",
            "argon2",
        ],
    );
    assert_eq!(out["found"], json!([]), "must not be in the archive");
    let names: Vec<&str> = out["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for name in [
        "README.md",
        "LICENSE",
        "spaces.csv",
        "phases.csv",
        "components.csv",
        "proposals.csv",
        "comments.csv",
        "polls.csv",
        "poll_results.csv",
        "poll_ballots.csv",
        "budgets.csv",
        "budget_projects.csv",
        "budget_ballots.csv",
        "budget_results.csv",
        "moderation_log.csv",
        "action_log.csv",
        "chain_head.csv",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert_eq!(
        out["files"].as_object().expect("files").len(),
        17,
        "every CSV file the README describes"
    );
    assert_eq!(column(&out, "spaces.csv", "slug"), ["quartiers"]);
    let titles = column(&out, "proposals.csv", "title");
    assert_eq!(titles, ["Des bancs au parc", "Une idée retirée"]);
    assert_eq!(
        column(&out, "proposals.csv", "state"),
        ["published", "withdrawn"]
    );
    // Quotes, commas and line breaks survive the round trip.
    assert_eq!(column(&out, "proposals.csv", "body")[0], tricky);
    assert_eq!(column(&out, "proposals.csv", "author_name")[0], "ana");
    assert_eq!(
        column(&out, "comments.csv", "body"),
        ["Oui, \"enfin\",\r\ndes bancs"]
    );
    // The moderation log says a proposal was hidden after reports, never by whom.
    assert_eq!(column(&out, "moderation_log.csv", "action"), ["auto_hide"]);
    // The chain head is the log's.
    let head = agora::platform::action_log::head(s.db())
        .await
        .expect("head");
    assert_eq!(
        column(&out, "chain_head.csv", "hash"),
        std::slice::from_ref(&head.hash)
    );
    let seqs = column(&out, "action_log.csv", "seq");
    assert!(!seqs.is_empty());
    assert!(
        column(&out, "action_log.csv", "link")
            .iter()
            .all(|l| !l.starts_with(&format!("/proposals/{private_cid}/"))),
        "no entry of the private space"
    );
    let license = std::fs::read(&path).expect("zip");
    assert!(!license.is_empty());

    // Unknown organisation: 404, and the page links the archive.
    assert_eq!(
        s.get("/o/nowhere/open-data.zip").await.status(),
        StatusCode::NOT_FOUND
    );
    let page = expect_status(s.get("/o/ville").await, StatusCode::OK).await;
    assert!(page.contains("/o/ville/open-data.zip"), "{page}");
    assert!(page.contains("rel=\"alternate\" type=\"application/atom+xml\""));
}

#[tokio::test]
async fn the_cached_archive_is_served_until_something_happens_then_regenerated() {
    let s = site().await;
    let (ana, _) = s.person("ana").await;
    let cid = proposals::create_component(s.db(), s.public.id, "Idées", &serde_json::Map::new())
        .await
        .expect("component");
    s.proposal(cid, &ana, "Première idée", "Texte.").await;
    let first = std::fs::read(s.download("1.zip").await).expect("read");
    let again = std::fs::read(s.download("2.zip").await).expect("read");
    assert_eq!(first, again, "nothing happened: the same file");
    // A new proposal moves the log's head: with no refresh delay (tests), a new archive.
    s.proposal(cid, &ana, "SECOND-IDEA", "Texte.").await;
    let path = s.download("3.zip").await;
    let out = read_zip(&path, &["SECOND-IDEA"]);
    assert_eq!(out["found"], json!(["SECOND-IDEA in proposals.csv"]));
    // Parallel downloads all get a complete archive.
    s.proposal(cid, &ana, "Troisième idée", "Texte.").await;
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let url = format!("{}/o/ville/open-data.zip", s.base);
        tasks.push(tokio::spawn(async move {
            let response = Client::new().get(url).send().await.expect("GET");
            assert_eq!(response.status(), StatusCode::OK);
            response.bytes().await.expect("body")
        }));
    }
    for task in tasks {
        let bytes = task.await.expect("task");
        let path = s.work.join(unique("p.zip"));
        std::fs::write(&path, &bytes).expect("write");
        let out = read_zip(&path, &[]);
        assert_eq!(rows(&out, "proposals.csv").len(), 3);
    }
}

#[tokio::test]
async fn admins_choose_the_licence_and_a_forged_one_changes_nothing() {
    let s = site().await;
    let (admin, admin_web) = s.person("admin").await;
    let (_, member_web) = s.person("member").await;
    organizations::set_member(s.db(), s.org.id, admin.id, OrgRole::Admin)
        .await
        .expect("admin");
    let read_license = |path: PathBuf| {
        let output = Command::new("python3")
            .arg("-c")
            .arg(
                "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('LICENSE').decode())",
            )
            .arg(path)
            .output()
            .expect("python3");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(read_license(s.download("a.zip").await).contains("ODbL"));
    let url = format!("{}/o/ville/admin/open-data", s.base);
    let page = expect_status(
        admin_web.get(&url).send().await.expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("value=\"odbl-1.0\" aria-describedby=\"license-hint\" checked"));
    // Not an admin: refused, nothing changes.
    let refused = post_form_with(&member_web, &url, &[("license", "cc0-1.0")]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let forged = post_form_with(&admin_web, &url, &[("license", "all-rights-reserved")]).await;
    let body = expect_status(forged, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body.contains("Choisissez une des licences proposées"),
        "{body}"
    );
    assert!(read_license(s.download("b.zip").await).contains("ODbL"));
    let saved = post_form_with(&admin_web, &url, &[("license", "cc-by-4.0")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let text = read_license(s.download("c.zip").await);
    assert!(text.contains("CC BY 4.0") && text.contains("creativecommons.org/licenses/by/4.0"));
    agora::platform::action_log::settle(s.db())
        .await
        .expect("settle");
    let count: i64 =
        sqlx::query("SELECT COUNT(*) FROM action_log WHERE action = 'open-data-license-changed'")
            .fetch_one(&s.db().pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("value");
    assert_eq!(count, 1);
}

/// Builds one ballot from the poll's option ids.
type MakeBallot<'a> = &'a dyn Fn(&[i64]) -> Ballot;

/// A poll of one type, opened, voted on by one person per ballot, then closed.
#[allow(clippy::too_many_arguments)]
async fn closed_poll(
    s: &Site,
    cid: i64,
    author: &User,
    voters: &[User],
    kind: (&str, &str),
    anonymous: bool,
    options: &[(&str, Option<&str>)],
    ballots: &[MakeBallot<'_>],
) -> i64 {
    let grades: Vec<String> = ["Rejet", "Passable", "Bien", "Très bien"]
        .iter()
        .map(|g| g.to_string())
        .collect();
    let id = poll_model::create(
        s.db(),
        &NewPoll {
            component_id: cid,
            author_id: author.id,
            poll_type: kind.0,
            title: &format!("Sondage {} {}", kind.0, kind.1),
            details: "",
            method: kind.1,
            min_choices: 0,
            max_choices: 0,
            score_min: 0,
            score_max: 5,
            points: 10,
            grades: if kind.0 == "majority_judgment" {
                &grades
            } else {
                &[]
            },
            anonymous,
            hide_results: "until_closed",
            reason: "optional",
            reason_max: 500,
            shuffle: false,
            none_of_the_above: false,
            closes_at: Some(agora::db::now() + 3600),
            open: true,
            options: options
                .iter()
                .map(|(t, c)| (t.to_string(), c.map(String::from)))
                .collect(),
            thread_id: None,
            ..Default::default()
        },
    )
    .await
    .expect("poll");
    let poll = poll_model::find(s.db(), id)
        .await
        .expect("find")
        .expect("poll");
    let option_ids: Vec<i64> = poll_model::options(s.db(), id)
        .await
        .expect("options")
        .iter()
        .map(|o| o.id)
        .collect();
    for (voter, ballot) in voters.iter().zip(ballots) {
        let outcome = poll_model::vote(
            s.db(),
            &s.state.config.secret,
            &poll,
            voter.id,
            &ballot(&option_ids),
        )
        .await
        .expect("vote");
        assert!(
            matches!(outcome, poll_model::VoteOutcome::Voted { .. }),
            "{outcome:?}"
        );
    }
    assert!(poll_model::close(s.db(), id).await.expect("close"));
    id
}

fn choice(i: usize) -> impl Fn(&[i64]) -> Ballot {
    move |o: &[i64]| Ballot {
        choice: Some(o[i]),
        ..Ballot::default()
    }
}
fn choices(list: &'static [usize]) -> impl Fn(&[i64]) -> Ballot {
    move |o: &[i64]| Ballot {
        choices: Some(list.iter().map(|&i| o[i]).collect()),
        ..Ballot::default()
    }
}
fn ranking(list: &'static [usize]) -> impl Fn(&[i64]) -> Ballot {
    move |o: &[i64]| Ballot {
        ranking: Some(list.iter().map(|&i| o[i]).collect()),
        ..Ballot::default()
    }
}
fn scores(list: &'static [(usize, i64)]) -> impl Fn(&[i64]) -> Ballot {
    move |o: &[i64]| Ballot {
        scores: Some(list.iter().map(|&(i, v)| (o[i], v)).collect()),
        reason: Some("Parce que, \"voilà\"".into()),
        ..Ballot::default()
    }
}

#[tokio::test]
async fn every_closed_poll_type_and_a_budget_recount_from_the_archive_to_the_published_winners() {
    let s = site().await;
    let (author, _) = s.person("autrice").await;
    let mut voters = Vec::new();
    for i in 0..5 {
        voters.push(s.person(&format!("VOTER-NAME-{i}")).await.0);
    }
    let cid = polls::create_component(s.db(), s.public.id, "Sondages", &serde_json::Map::new())
        .await
        .expect("component");
    let abc = [("Alpha", None), ("Bravo", None), ("Charlie", None)];
    let positions = [
        ("", Some("agree")),
        ("", Some("abstain")),
        ("", Some("disagree")),
        ("", Some("block")),
    ];
    let mut ids = Vec::new();
    let c = |i| choice(i);
    ids.push(
        closed_poll(
            &s,
            cid,
            &author,
            &voters,
            ("proposal", "proposal"),
            false,
            &positions,
            &[&c(0), &c(0), &c(0), &c(2), &c(1)],
        )
        .await,
    );
    ids.push(
        closed_poll(
            &s,
            cid,
            &author,
            &voters,
            ("single_choice", ""),
            true,
            &abc,
            &[&c(1), &c(1), &c(0), &c(2), &c(1)],
        )
        .await,
    );
    ids.push(
        closed_poll(
            &s,
            cid,
            &author,
            &voters,
            ("multiple_choice", ""),
            false,
            &abc,
            &[
                &choices(&[0, 2]),
                &choices(&[2]),
                &choices(&[1, 2]),
                &choices(&[0]),
                &choices(&[]),
            ],
        )
        .await,
    );
    ids.push(
        closed_poll(
            &s,
            cid,
            &author,
            &voters,
            ("score", ""),
            true,
            &abc,
            &[
                &scores(&[(0, 5), (1, 2)]),
                &scores(&[(0, 1), (1, 4), (2, 3)]),
                &scores(&[(1, 5)]),
                &scores(&[(2, 0)]),
                &scores(&[(0, 3), (2, 5)]),
            ],
        )
        .await,
    );
    for method in ["borda", "irv", "schulze"] {
        ids.push(
            closed_poll(
                &s,
                cid,
                &author,
                &voters,
                ("ranked_choice", method),
                method == "schulze",
                &abc,
                &[
                    &ranking(&[0, 1, 2]),
                    &ranking(&[1, 2]),
                    &ranking(&[2, 1, 0]),
                    &ranking(&[1]),
                    &ranking(&[2, 0]),
                ],
            )
            .await,
        );
    }
    ids.push(
        closed_poll(
            &s,
            cid,
            &author,
            &voters,
            ("dot_vote", ""),
            false,
            &abc,
            &[
                &scores(&[(0, 6), (1, 4)]),
                &scores(&[(2, 10)]),
                &scores(&[(1, 5), (2, 5)]),
                &scores(&[(0, 10)]),
                &scores(&[(1, 1)]),
            ],
        )
        .await,
    );
    ids.push(
        closed_poll(
            &s,
            cid,
            &author,
            &voters,
            ("majority_judgment", ""),
            true,
            &abc,
            &[
                &scores(&[(0, 3), (1, 1), (2, 2)]),
                &scores(&[(0, 2), (1, 2)]),
                &scores(&[(0, 1), (1, 3), (2, 3)]),
                &scores(&[(2, 3)]),
                &scores(&[(0, 2), (1, 0), (2, 1)]),
            ],
        )
        .await,
    );
    ids.push(
        closed_poll(
            &s,
            cid,
            &author,
            &voters,
            ("meeting", ""),
            false,
            &[("Lundi 18h", None), ("Mardi 18h", None)],
            &[
                &scores(&[(0, 2), (1, 1)]),
                &scores(&[(0, 0), (1, 2)]),
                &scores(&[(1, 2)]),
                &scores(&[(0, 2), (1, 2)]),
                &scores(&[(0, 1)]),
            ],
        )
        .await,
    );

    // A budget: five ballots cast through the API while voting is open, a result published.
    let (bid, published) = published_budget(&s, &voters, None).await;
    // Another, published with greedy by votes and a threshold of 3 votes.
    let (threshold_bid, threshold_published) = published_budget(&s, &voters, Some(3)).await;

    let zip = s.work.join("cli.zip");
    let (ok, stdout, stderr) = s.agora(&[
        "export",
        "open-data",
        "--org",
        "ville",
        "--out",
        zip.to_str().expect("path"),
    ]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("poll_ballots.csv: 50 rows"), "{stdout}");
    let (ok, _, stderr) = s.agora(&["export", "open-data", "--org", "nowhere", "--out", "x.zip"]);
    assert!(!ok && stderr.contains("no organisation"), "{stderr}");

    let out = read_zip(&zip, &["VOTER-NAME", "example.org"]);
    // Voters appear in the public log (named polls say who voted), never with a ballot.
    let found: Vec<&str> = out["found"]
        .as_array()
        .expect("found")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        found.iter().all(|f| f.ends_with("action_log.csv")),
        "{found:?}"
    );
    let polls_rows = rows(&out, "polls.csv");
    assert_eq!(polls_rows.len(), ids.len());
    let extract = s.work.join("extracted");
    let status = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        ])
        .arg(&zip)
        .arg(&extract)
        .status()
        .expect("python3");
    assert!(status.success());

    for id in &ids {
        let poll = poll_model::find(s.db(), *id)
            .await
            .expect("find")
            .expect("poll");
        let options = poll_model::options(s.db(), *id).await.expect("options");
        let ballots = poll_model::ballots(s.db(), *id).await.expect("ballots");
        let count = poll_model::count(&poll, &options, &ballots).expect("count");
        let row = polls_rows
            .iter()
            .find(|r| r["id"] == json!(id.to_string()))
            .expect("row");
        assert_eq!(row["status"], "closed");
        let file = row["recount_file"].as_str().expect("file");
        assert_eq!(file, format!("recount/poll-{id}.json"));
        let (ok, stdout, stderr) = s.agora(&[
            "tally-poll",
            extract.join(file).to_str().expect("path"),
            "--json",
        ]);
        assert!(ok, "{}: {stderr}", poll.poll_type);
        let report: Value = serde_json::from_str(&stdout).expect("json");
        if poll.poll_type == "proposal" {
            let published = count.details.as_ref().expect("details")["outcome"].clone();
            assert_eq!(report["result"]["outcome"], published, "proposal");
            assert_eq!(row["proposal_outcome"], published["kind"]);
            assert_eq!(published["kind"], "passed");
            continue;
        }
        let winner = count.winner.expect("a winner");
        assert_eq!(
            report["result"]["winner"]["option"],
            json!(winner),
            "{} {}: {report}",
            poll.poll_type,
            poll.method
        );
        assert_eq!(
            report["options"][winner].as_str().expect("name"),
            options[winner].title,
        );
        assert_eq!(
            row["winner_option_id"],
            json!(options[winner].id.to_string())
        );
        let results: Vec<&Value> = rows(&out, "poll_results.csv")
            .iter()
            .filter(|r| r["poll_id"] == json!(id.to_string()))
            .collect();
        assert_eq!(results.len(), options.len());
        for (option, value) in options.iter().zip(&count.values) {
            let r = results
                .iter()
                .find(|r| r["option_id"] == json!(option.id.to_string()))
                .expect("result row");
            assert_eq!(r["value"], json!(value.to_string()));
        }
    }
    // Every ballot, without voters; reasons kept with their quotes.
    let ballots = rows(&out, "poll_ballots.csv");
    assert_eq!(ballots.len(), 5 * ids.len());
    assert!(
        column(&out, "poll_ballots.csv", "reason")
            .iter()
            .any(|r| r == "Parce que, \"voilà\"")
    );

    // The budget: `agora tally` on its Pabulib file selects the published projects, in order.
    let budget_row = rows(&out, "budgets.csv")
        .iter()
        .find(|r| r["id"] == json!(bid.to_string()))
        .expect("budget row");
    let pb = budget_row["recount_file"].as_str().expect("file");
    assert_eq!(pb, format!("recount/budget-{bid}.pb"));
    let (ok, stdout, stderr) =
        s.agora(&["tally", extract.join(pb).to_str().expect("path"), "--json"]);
    assert!(ok, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("json");
    let selected: Vec<String> = report["selected"]
        .as_array()
        .expect("selected")
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect();
    let expected: Vec<String> = published.iter().map(i64::to_string).collect();
    assert_eq!(selected, expected);
    assert_eq!(budget_row["result_threshold"], json!(""));
    // The threshold is in budgets.csv and in the recount file: `--rule auto` applies it.
    let threshold_row = rows(&out, "budgets.csv")
        .iter()
        .find(|r| r["id"] == json!(threshold_bid.to_string()))
        .expect("budget row");
    assert_eq!(threshold_row["result_rule"], json!("greedy-threshold"));
    assert_eq!(threshold_row["result_threshold"], json!("3"));
    let pb = threshold_row["recount_file"].as_str().expect("file");
    let (ok, stdout, stderr) =
        s.agora(&["tally", extract.join(pb).to_str().expect("path"), "--json"]);
    assert!(ok, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(report["rule"], json!("greedy-threshold"));
    let threshold_expected: Vec<String> = threshold_published.iter().map(i64::to_string).collect();
    assert_eq!(report["selected"], json!(threshold_expected));
    let results_rows: Vec<String> = rows(&out, "budget_results.csv")
        .iter()
        .filter(|r| r["budget_id"] == json!(bid.to_string()))
        .map(|r| r["project_id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(results_rows, expected);
    let voters_in_csv: std::collections::BTreeSet<String> =
        column(&out, "budget_ballots.csv", "voter")
            .into_iter()
            .collect();
    assert_eq!(voters_in_csv.len(), 5);
}

/// A budget with five cast ballots and a published result: the Method of Equal Shares, or
/// greedy-threshold with `threshold`.
async fn published_budget(s: &Site, voters: &[User], threshold: Option<i64>) -> (i64, Vec<i64>) {
    let cid = budgets::create_component(
        s.db(),
        s.public.id,
        "Budgets",
        json!({ "workflow": "all" }).as_object().expect("object"),
    )
    .await
    .expect("component");
    let phase = spaces::add_phase(s.db(), s.public.id, "Vote", "", None, None)
        .await
        .expect("phase");
    spaces::activate_phase(s.db(), s.public.id, phase.id)
        .await
        .expect("activate");
    let validated = agora::components::validate(
        budgets::MANIFEST.phase_settings,
        json!({ "voting": "open" }).as_object().expect("object"),
    )
    .expect("valid");
    store::set_phase_settings(s.db(), cid, phase.id, &validated)
        .await
        .expect("phase settings");
    let bid = budget_model::create_budget(
        s.db(),
        cid,
        &BudgetFields {
            title: "Centre",
            district: "",
            description: "Le budget du centre.",
            total: 1000,
            currency: "EUR",
            rule: Rule {
                kind: RuleKind::Approval,
                min_percent: 0,
                min_projects: 0,
                max_projects: 0,
                points: 0,
            },
            // Secret: the archive recounts secret ballots too.
            secret_ballots: true,
        },
    )
    .await
    .expect("budget");
    let mut p = Vec::new();
    for (i, cost) in [600, 300, 500, 200, 400].iter().enumerate() {
        p.push(
            budget_model::create_project(
                s.db(),
                bid,
                &ProjectFields {
                    title: &format!("Projet {i}"),
                    description: "Un projet.",
                    cost: *cost,
                    category: None,
                    district: None,
                    proposal_ids: &[],
                },
            )
            .await
            .expect("project"),
        );
    }
    let choices: [&[usize]; 5] = [&[0, 1], &[0, 3], &[0], &[2, 3, 1], &[2, 4]];
    for (voter, choice) in voters.iter().zip(choices) {
        let token = sessions::create_api_token(s.db(), voter.id, "test")
            .await
            .expect("token");
        let ids: Vec<i64> = choice.iter().map(|&k| p[k]).collect();
        let client = Client::new();
        let put = client
            .put(format!("{}/api/v1/budgets/{bid}/ballot", s.base))
            .header("authorization", format!("Bearer {token}"))
            .json(&json!({ "projects": ids }))
            .send()
            .await
            .expect("PUT");
        assert_eq!(put.status(), StatusCode::OK);
        let cast = client
            .post(format!("{}/api/v1/budgets/{bid}/ballot/checkout", s.base))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .expect("POST");
        assert_eq!(cast.status(), StatusCode::OK);
    }
    let budget = budget_model::find_budget(s.db(), bid)
        .await
        .expect("find")
        .expect("budget");
    let projects = budget_model::projects(s.db(), bid).await.expect("projects");
    let tally = budgets::results::Tally::load(s.db(), bid)
        .await
        .expect("ballots");
    let file = budgets::results::pabulib_file(&budget, &projects, &tally, None);
    let preview = match threshold {
        Some(t) => budgets::results::preview_threshold(&file, t),
        None => budgets::results::preview(&file, &tally.ballots(), "mes-add1"),
    }
    .expect("preview");
    assert!(
        budgets::results::publish(s.db(), bid, &preview)
            .await
            .expect("publish")
    );
    (bid, preview.selected)
}

/// Parses XML with Python's parser: the feed is well-formed.
fn well_formed(xml: &str) -> bool {
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.buffer.read())",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(xml.as_bytes())
        .expect("write");
    child.wait().expect("wait").success()
}

#[tokio::test]
async fn atom_feeds_are_well_formed_and_never_show_hidden_withdrawn_or_private_content() {
    let s = site().await;
    let (ana, _) = s.person("ana").await;
    let (_, bob_web) = s.person("bob").await;
    let (_, carl_web) = s.person("carl").await;
    let (_, dina_web) = s.person("dina").await;
    let cid = proposals::create_component(s.db(), s.public.id, "Idées", &serde_json::Map::new())
        .await
        .expect("component");
    let private_cid = proposals::create_component(
        s.db(),
        s.private.id,
        "Idées internes",
        &serde_json::Map::new(),
    )
    .await
    .expect("component");
    s.proposal(
        cid,
        &ana,
        "Tom & Jerry <b>au parc</b>",
        "Un \"texte\" & <i>plus</i>\u{7}",
    )
    .await;
    let withdrawn = s.proposal(cid, &ana, "WITHDRAWN-TITLE", "x").await;
    proposals::model::withdraw(s.db(), withdrawn, ana.id)
        .await
        .expect("withdraw");
    let hidden = s.proposal(cid, &ana, "HIDDEN-TITLE", "x").await;
    for web in [&bob_web, &carl_web, &dina_web] {
        post_form_with(
            web,
            &format!("{}/reports", s.base),
            &[
                ("resource_kind", "proposal"),
                ("resource_id", &hidden.to_string()),
                ("reason", "spam"),
                ("details", ""),
            ],
        )
        .await;
    }
    s.proposal(private_cid, &ana, "PRIVATE-TITLE", "x").await;

    let response = s.get(&format!("/proposals/{cid}/feed.atom")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed = response.text().await.expect("body");
    assert!(well_formed(&feed), "{feed}");
    assert!(
        feed.contains("<title>Tom &amp; Jerry &lt;b&gt;au parc&lt;/b&gt;</title>"),
        "{feed}"
    );
    for secret in [
        "WITHDRAWN-TITLE",
        "HIDDEN-TITLE",
        "PRIVATE-TITLE",
        "<b>",
        "example.org",
    ] {
        assert!(!feed.contains(secret), "{secret}: {feed}");
    }
    // The private component's feed does not exist for a visitor; the list page links its feed.
    assert_eq!(
        s.get(&format!("/proposals/{private_cid}/feed.atom"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(&format!("/spaces/{}/results.atom", s.private.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let list = expect_status(s.get(&format!("/proposals/{cid}")).await, StatusCode::OK).await;
    assert!(list.contains(&format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Idées\" href=\"/proposals/{cid}/feed.atom\">"
    )));

    let activity = expect_status(s.get("/o/ville/activity.atom").await, StatusCode::OK).await;
    assert!(well_formed(&activity), "{activity}");
    assert!(activity.contains("<entry>"));
    for secret in ["PRIVATE-TITLE", &format!("/proposals/{private_cid}/")] {
        assert!(!activity.contains(secret), "{secret}: {activity}");
    }
    assert_eq!(
        s.get("/o/nowhere/activity.atom").await.status(),
        StatusCode::NOT_FOUND
    );

    // Results: a closed poll shows; an open one does not.
    let voters = vec![s.person("v1").await.0];
    let pcid = polls::create_component(s.db(), s.public.id, "Sondages", &serde_json::Map::new())
        .await
        .expect("component");
    closed_poll(
        &s,
        pcid,
        &ana,
        &voters,
        ("single_choice", ""),
        false,
        &[("Oui", None), ("Non", None)],
        &[&choice(0)],
    )
    .await;
    let results = expect_status(
        s.get(&format!("/spaces/{}/results.atom", s.public.id))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(well_formed(&results), "{results}");
    assert!(results.contains("Sondage single_choice"), "{results}");
    let space_page = expect_status(
        s.get(&format!("/spaces/{}", s.public.id)).await,
        StatusCode::OK,
    )
    .await;
    assert!(space_page.contains(&format!("href=\"/spaces/{}/results.atom\"", s.public.id)));
}
