//! Integration tests: poll settings — specified voters (others read the poll but are refused,
//! on the page and through the API, with nothing changed), quorum and pass-threshold verdicts
//! after closing (page, API, open data), meeting slots entered in a time zone and stored in
//! UTC with a well-formed `outcome.ics`, and the "closing soon" reminder claimed once even
//! when reminder runs race.

use agora::components::polls;
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, Visibility};
use agora::platform::sessions;
use agora::platform::spaces::{self, NewSpace, Space};
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, post_form_with};

struct World {
    app: TestApp,
    org: Organization,
    #[allow(dead_code)]
    space: Space,
    cid: i64,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(
        app.db(),
        "coop",
        "Housing cooperative",
        "A cooperative.",
        Locale::En,
    )
    .await
    .expect("org");
    let space = spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: spaces::SpaceKind::Assembly,
            slug: "assembly",
            title: "General assembly",
            description: "We decide here.",
            visibility: Visibility::MembersParticipate,
            published: true,
        },
    )
    .await
    .expect("space");
    let cid = polls::create_component(app.db(), space.id, "Polls", &Map::new())
        .await
        .expect("component");
    World {
        app,
        org,
        space,
        cid,
    }
}

fn next_week() -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 7);
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .datetime()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

impl World {
    async fn member(&self, name: &str) -> (User, Client) {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), "a long password 123")
            .await;
        organizations::set_member(self.app.db(), self.org.id, user.id, OrgRole::Member)
            .await
            .expect("member");
        let client = self.app.browser_signed_in(&user).await;
        (user, client)
    }

    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    fn poll_path(&self, pid: i64) -> String {
        format!("/polls/{}/{pid}", self.cid)
    }

    /// Posts the creation form; returns the response.
    async fn try_create(&self, client: &Client, fields: &[(&str, &str)]) -> reqwest::Response {
        let closes = next_week();
        let mut form: Vec<(&str, &str)> = vec![
            ("closes_at", closes.as_str()),
            ("open", "on"),
            ("reason", "optional"),
            ("reason_max", "200"),
            ("hide_results", "off"),
        ];
        for (k, v) in fields {
            if *k != "voters" {
                form.retain(|(key, _)| key != k);
            }
            form.push((k, v));
        }
        post_form_with(
            client,
            &self.url(&format!("/polls/{}/new", self.cid)),
            &form,
        )
        .await
    }

    async fn create(&self, client: &Client, fields: &[(&str, &str)]) -> i64 {
        let response = self.try_create(client, fields).await;
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(String::from);
        let body = expect_status(response, StatusCode::SEE_OTHER).await;
        location
            .and_then(|l| l.rsplit('/').next().and_then(|id| id.parse().ok()))
            .unwrap_or_else(|| panic!("poll id: {body}"))
    }

    async fn page(&self, client: &Client, pid: i64) -> String {
        let response = client
            .get(self.url(&self.poll_path(pid)))
            .send()
            .await
            .expect("GET");
        expect_status(response, StatusCode::OK).await
    }

    async fn post(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        post_form_with(client, &self.url(path), form).await
    }

    async fn vote(&self, client: &Client, pid: i64, form: &[(&str, &str)]) -> reqwest::Response {
        self.post(client, &format!("{}/vote", self.poll_path(pid)), form)
            .await
    }

    async fn close(&self, client: &Client, pid: i64) {
        let response = self
            .post(client, &format!("{}/close", self.poll_path(pid)), &[])
            .await;
        expect_status(response, StatusCode::SEE_OTHER).await;
    }

    async fn options(&self, pid: i64) -> Vec<(i64, Option<i64>)> {
        sqlx::query("SELECT id, starts_at FROM poll_options WHERE poll_id = $1 ORDER BY position")
            .bind(pid)
            .fetch_all(&self.app.db().pool)
            .await
            .expect("options")
            .iter()
            .map(|r| (r.try_get(0).expect("id"), r.try_get(1).expect("start")))
            .collect()
    }

    async fn count_where(&self, table: &str, pid: i64) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE poll_id = $1"
        )))
        .bind(pid)
        .fetch_one(&self.app.db().pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("count value")
    }

    async fn token(&self, user: &User) -> String {
        sessions::create_api_token(self.app.db(), user.id, "test")
            .await
            .expect("token")
    }

    async fn api(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&str>,
    ) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self
            .app
            .new_browser()
            .request(method, self.url(path))
            .header("authorization", format!("Bearer {token}"));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}")),
        )
    }
}

#[tokio::test]
async fn only_specified_voters_vote_others_are_refused_and_nothing_changes() {
    let w = world().await;
    let (author, author_client) = w.member("author").await;
    let (alice, alice_client) = w.member("alice").await;
    let (bob, bob_client) = w.member("bob").await;
    let outsider = w
        .app
        .create_user("outsider@example.org", "a long password 123")
        .await;

    // A forged voter id (someone who is not a member of the space) is refused, nothing created.
    let forged = outsider.id.to_string();
    let response = w
        .try_create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Paint the hall"),
                ("options", "Blue\nGreen"),
                ("specified", "on"),
                ("voters", &forged),
            ],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body.contains("Pick voters among the members of the space"),
        "{body}"
    );
    let response = w
        .try_create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Paint the hall"),
                ("options", "Blue\nGreen"),
                ("specified", "on"),
            ],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("Pick at least one voter"), "{body}");
    assert_eq!(w.app.count("polls").await, 0);

    let alice_id = alice.id.to_string();
    let author_id = author.id.to_string();
    let pid = w
        .create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Paint the hall"),
                ("options", "Blue\nGreen"),
                ("specified", "on"),
                ("voters", &alice_id),
                ("voters", &author_id),
            ],
        )
        .await;
    let options = w.options(pid).await;
    let blue = options[0].0.to_string();

    // Bob reads the poll, is told why he cannot vote, and gets no form.
    let page = w.page(&bob_client, pid).await;
    assert!(
        page.contains("Only the 2 people the author picked may vote"),
        "{page}"
    );
    assert!(page.contains("You are not among the voters"), "{page}");
    assert!(!page.contains("/vote\""), "no vote form for bob");

    // A forged vote: 403, nothing written.
    let response = w.vote(&bob_client, pid, &[("choice", &blue)]).await;
    let body = expect_status(response, StatusCode::FORBIDDEN).await;
    assert!(body.contains("You are not among the voters"), "{body}");
    let response = w
        .post(&bob_client, &format!("{}/withdraw", w.poll_path(pid)), &[])
        .await;
    expect_status(response, StatusCode::FORBIDDEN).await;
    assert_eq!(w.count_where("poll_participations", pid).await, 0);
    assert_eq!(w.count_where("poll_ballots", pid).await, 0);

    // The API says the same with a problem document.
    let bob_token = w.token(&bob).await;
    let (status, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), &bob_token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["specified_voters"], json!(true));
    assert_eq!(doc["may_vote"], json!(false));
    let ballot = format!("{{\"choice\": {blue}}}");
    let (status, problem) = w
        .api(
            "PUT",
            &format!("/api/v1/polls/{pid}/vote"),
            &bob_token,
            Some(&ballot),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("Only the voters the author of this poll picked"),
        "{problem}"
    );
    let (status, _) = w
        .api(
            "DELETE",
            &format!("/api/v1/polls/{pid}/vote"),
            &bob_token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(w.count_where("poll_participations", pid).await, 0);

    // Alice votes on the page, the author through the API.
    let response = w.vote(&alice_client, pid, &[("choice", &blue)]).await;
    let page = expect_status(response, StatusCode::OK).await;
    assert!(page.contains("id=\"receipt\""), "{page}");
    let author_token = w.token(&author).await;
    let (status, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), &author_token, None)
        .await;
    assert_eq!(
        (status, doc["may_vote"].clone()),
        (StatusCode::OK, json!(true))
    );

    // Eligible voters are the two picked: "% of eligible voters" and "has not voted" follow.
    let page = w.page(&author_client, pid).await;
    assert!(page.contains("2 eligible voters"), "{page}");
    assert!(page.contains("50.0"), "1 of 2 eligible voters: {page}");
    let not_voted = page.split("have not voted").nth(1).unwrap_or_default();
    assert!(!not_voted.contains("bob"), "bob is not eligible: {page}");
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), &author_token, None)
        .await;
    assert_eq!(doc["results"]["eligible_voters"], json!(2), "{doc}");

    // Once someone voted the list is locked: a change is refused and nothing changes.
    let bob_id = bob.id.to_string();
    let response = w
        .post(
            &author_client,
            &format!("{}/voters", w.poll_path(pid)),
            &[("specified", "on"), ("voters", &bob_id)],
        )
        .await;
    let body = expect_status(response, StatusCode::CONFLICT).await;
    assert!(body.contains("can no longer change"), "{body}");
    assert_eq!(w.count_where("poll_voters", pid).await, 2);

    // Bob may not change who votes either (not the author).
    let response = w
        .post(
            &bob_client,
            &format!("{}/voters", w.poll_path(pid)),
            &[("specified", "on"), ("voters", &bob_id)],
        )
        .await;
    expect_status(response, StatusCode::FORBIDDEN).await;

    // Before any vote, the author can change the list: then bob may vote.
    let pid2 = w
        .create(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Choose the caretaker"),
                ("options", "Ana\nLuis"),
                ("specified", "on"),
                ("voters", &alice_id),
            ],
        )
        .await;
    let response = w
        .post(
            &author_client,
            &format!("{}/voters", w.poll_path(pid2)),
            &[("specified", "on"), ("voters", &bob_id)],
        )
        .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let ana = w.options(pid2).await[0].0.to_string();
    let response = w.vote(&bob_client, pid2, &[("choice", &ana)]).await;
    expect_status(response, StatusCode::OK).await;
    let response = w.vote(&alice_client, pid2, &[("choice", &ana)]).await;
    expect_status(response, StatusCode::FORBIDDEN).await;
    assert_eq!(w.count_where("poll_participations", pid2).await, 1);
}

/// A vote and a change of the voter list at the same time: either the vote came first (and
/// the change is refused) or it is checked against the new list — never a vote by someone
/// the new list leaves out.
#[tokio::test]
async fn a_voter_list_change_racing_a_vote_never_lets_a_removed_voter_in() {
    let w = world().await;
    let (author, author_client) = w.member("author").await;
    let (alice, _) = w.member("alice").await;
    let (bob, _) = w.member("bob").await;
    for round in 0..6 {
        let alice_id = alice.id.to_string();
        let pid = w
            .create(
                &author_client,
                &[
                    ("poll_type", "single_choice"),
                    ("title", &format!("Race {round}")),
                    ("options", "Yes\nNo"),
                    ("specified", "on"),
                    ("voters", &alice_id),
                ],
            )
            .await;
        let poll = polls::model::find(w.app.db(), pid)
            .await
            .expect("find")
            .expect("poll");
        let yes = w.options(pid).await[0].0;
        let ballot = polls::rules::Ballot {
            choice: Some(yes),
            ..Default::default()
        };
        let secret = agora::platform::secrets::ServerSecret::random();
        let db = w.app.db().clone();
        let db2 = db.clone();
        let (voted, changed) = tokio::join!(
            async { polls::model::vote(&db, &secret, &poll, alice.id, &ballot).await },
            async { polls::voters::set_specified(&db2, author.id, pid, &[bob.id]).await }
        );
        let voted = matches!(
            voted.expect("vote"),
            polls::model::VoteOutcome::Voted { .. }
        );
        let changed = changed.expect("change");
        let participations = w.count_where("poll_participations", pid).await;
        // Exactly one wins: a recorded vote locks the list; a changed list refuses alice.
        assert!(
            voted != changed,
            "round {round}: voted {voted}, changed {changed}"
        );
        assert_eq!(participations, i64::from(voted));
    }
}

/// Members: the author plus three; all four are eligible.
async fn four_members(w: &World) -> Vec<(User, Client)> {
    let mut people = Vec::new();
    for name in ["author", "ana", "ben", "cleo"] {
        people.push(w.member(name).await);
    }
    people
}

#[tokio::test]
async fn quorum_and_threshold_verdicts_of_a_proposal_poll() {
    let w = world().await;
    let people = four_members(&w).await;
    let author = &people[0].1;
    let fields = [
        ("poll_type", "proposal"),
        ("preset", "proposal"),
        ("title", "Adopt the garden rules"),
        ("quorum", "50"),
        ("pass_threshold", "60"),
        ("pass_base", "cast"),
    ];
    // A threshold for a type that has no share of voters is refused.
    let response = w
        .try_create(
            author,
            &[
                ("poll_type", "score"),
                ("title", "Rate"),
                ("options", "A\nB"),
                ("pass_threshold", "50"),
            ],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("A pass threshold is for proposal"), "{body}");
    let response = w
        .try_create(
            author,
            &[("poll_type", "proposal"), ("title", "X"), ("quorum", "150")],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("between 1 and 100"), "{body}");

    // Three of four vote (75 % ≥ 50 %), two agree (66.7 % of votes cast ≥ 60 %): passes.
    let passes = w.create(author, &fields).await;
    let options = w.options(passes).await;
    let (agree, disagree) = (options[0].0.to_string(), options[2].0.to_string());
    for (i, choice) in [&agree, &agree, &disagree].iter().enumerate() {
        let response = w
            .vote(&people[i + 1].1, passes, &[("choice", choice)])
            .await;
        expect_status(response, StatusCode::OK).await;
    }
    // Open: the rules are stated, no verdict yet.
    let page = w.page(author, passes).await;
    assert!(!page.contains("Quorum met"), "{page}");
    assert!(
        page.contains("Quorum: 50 % of eligible voters must take part.")
            && page.contains("To pass: at least 60 % of votes cast."),
        "{page}"
    );
    let token = w.token(&people[0].0).await;
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{passes}"), &token, None)
        .await;
    assert_eq!(doc["status"], json!("open"));
    assert_eq!(
        (
            doc["results"]["quorum_met"].clone(),
            doc["results"]["passed"].clone()
        ),
        (Value::Null, Value::Null),
        "no verdict while open: {doc}"
    );
    w.close(author, passes).await;
    let page = w.page(&people[3].1, passes).await;
    assert!(
        page.contains("Quorum met: 3 of 4 eligible voters took part (75 %; quorum 50 %)."),
        "{page}"
    );
    assert!(
        page.contains(
            "The proposal passes: 2 agree, 66.7 % of votes cast (threshold: at least 60 %)."
        ),
        "{page}"
    );

    // One of four votes: the quorum is not met, so it does not pass although all agree.
    let fails = w.create(author, &fields).await;
    let agree2 = w.options(fails).await[0].0.to_string();
    let response = w.vote(&people[1].1, fails, &[("choice", &agree2)]).await;
    expect_status(response, StatusCode::OK).await;
    w.close(author, fails).await;
    let page = w.page(author, fails).await;
    assert!(
        page.contains("Quorum not met: 1 of 4 eligible voters took part"),
        "{page}"
    );
    assert!(
        page.contains("Not passed: the quorum was not met."),
        "{page}"
    );

    // The API carries the same verdict.
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{passes}"), &token, None)
        .await;
    assert_eq!(doc["quorum_percent"], json!(50));
    assert_eq!(doc["pass_percent"], json!(60));
    assert_eq!(doc["results"]["quorum_met"], json!(true), "{doc}");
    assert_eq!(doc["results"]["passed"], json!(true), "{doc}");
    assert_eq!(doc["results"]["verdict"]["support"], json!(2));
    assert_eq!(doc["results"]["verdict"]["eligible"], json!(4));
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{fails}"), &token, None)
        .await;
    assert_eq!(doc["results"]["quorum_met"], json!(false), "{doc}");
    assert_eq!(doc["results"]["passed"], json!(false), "{doc}");

    // And the open-data export.
    let rows = open_data_polls(&w).await;
    let row = |id: i64| {
        rows.iter()
            .find(|r| r["id"] == json!(id.to_string()))
            .cloned()
            .unwrap_or_else(|| panic!("poll {id} in polls.csv: {rows:?}"))
    };
    assert_eq!(
        (
            row(passes)["quorum_met"].clone(),
            row(passes)["passed"].clone()
        ),
        (json!("1"), json!("1"))
    );
    assert_eq!(row(passes)["eligible_voters"], json!("4"));
    assert_eq!(
        (
            row(fails)["quorum_met"].clone(),
            row(fails)["passed"].clone()
        ),
        (json!("0"), json!("0"))
    );
}

/// polls.csv of the organisation's open-data archive, read by Python's zipfile and csv.
async fn open_data_polls(w: &World) -> Vec<Value> {
    let response = w
        .app
        .new_browser()
        .get(w.url(&format!("/o/{}/open-data.zip", w.org.slug)))
        .send()
        .await
        .expect("zip");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.expect("bytes");
    let path = std::env::temp_dir().join(crate::helpers::unique("polls-open-data") + ".zip");
    std::fs::write(&path, &bytes).expect("write zip");
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import csv, io, json, sys, zipfile\n\
             z = zipfile.ZipFile(sys.argv[1])\n\
             print(json.dumps(list(csv.DictReader(io.StringIO(z.read('polls.csv').decode('utf-8'), newline='')))))",
        )
        .arg(&path)
        .output()
        .expect("python3");
    let _ = std::fs::remove_file(&path);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json rows")
}

#[tokio::test]
async fn threshold_verdicts_of_a_single_choice_poll_over_eligible_voters() {
    let w = world().await;
    let people = four_members(&w).await;
    let author = &people[0].1;
    let create = |threshold: &'static str| {
        [
            ("poll_type", "single_choice"),
            ("title", "Where is the party?"),
            ("options", "Garden\nRoof\nHall"),
            ("pass_threshold", threshold),
            ("pass_base", "eligible"),
        ]
    };
    // Garden gets 2 votes of 4 eligible voters: 50 % passes a 50 % threshold, not a 60 % one.
    let mut polls_made = Vec::new();
    for threshold in ["50", "60"] {
        let pid = w.create(author, &create(threshold)).await;
        let options = w.options(pid).await;
        let (garden, roof) = (options[0].0.to_string(), options[1].0.to_string());
        for (i, choice) in [&garden, &garden, &roof].iter().enumerate() {
            let response = w.vote(&people[i + 1].1, pid, &[("choice", choice)]).await;
            expect_status(response, StatusCode::OK).await;
        }
        w.close(author, pid).await;
        polls_made.push(pid);
    }
    let page = w.page(author, polls_made[0]).await;
    assert!(
        page.contains(
            "“Garden” passes: 2 votes, 50 % of eligible voters (threshold: at least 50 %)."
        ),
        "{page}"
    );
    assert!(!page.contains("Quorum"), "no quorum was set: {page}");
    let page = w.page(author, polls_made[1]).await;
    assert!(
        page.contains("“Garden” does not pass: 2 votes, 50 % of eligible voters"),
        "{page}"
    );
    let token = w.token(&people[0].0).await;
    for (pid, passed) in [(polls_made[0], true), (polls_made[1], false)] {
        let (_, doc) = w
            .api("GET", &format!("/api/v1/polls/{pid}"), &token, None)
            .await;
        assert_eq!(doc["results"]["passed"], json!(passed), "{doc}");
        assert_eq!(doc["results"]["quorum_met"], Value::Null, "{doc}");
        assert_eq!(doc["pass_base"], json!("eligible"));
    }
}

/// `2026-12-03 18:00` in `zone`, as Unix seconds.
fn at(text: &str, zone: &str) -> i64 {
    let civil: jiff::civil::DateTime = text.parse().expect("datetime");
    civil
        .to_zoned(jiff::tz::TimeZone::get(zone).expect("zone"))
        .expect("zoned")
        .timestamp()
        .as_second()
}

#[tokio::test]
async fn meeting_slots_in_a_time_zone_round_trip_and_the_invitation_is_well_formed() {
    let w = world().await;
    let (author, author_client) = w.member("author").await;
    let (_, ana) = w.member("ana").await;
    let zone = "America/New_York";
    // A bad slot is refused with the line it could not read.
    let response = w
        .try_create(
            &author_client,
            &[
                ("poll_type", "meeting"),
                ("title", "Board meeting"),
                ("options", "2026-12-03 18:00\nnext Tuesday"),
                ("time_zone", zone),
            ],
        )
        .await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body.contains("“next Tuesday” is not a date and time"),
        "{body}"
    );
    let response = w
        .try_create(
            &author_client,
            &[
                ("poll_type", "meeting"),
                ("title", "Board meeting"),
                ("options", "2026-12-03 18:00\n2027-07-01 09:30"),
                ("time_zone", "Mars/Olympus"),
            ],
        )
        .await;
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;

    // Winter (UTC-5) and summer (UTC-4) slots, 90 minutes each.
    let pid = w
        .create(
            &author_client,
            &[
                ("poll_type", "meeting"),
                ("title", "Board meeting, winter; \"annual\""),
                ("options", "2026-12-03 18:00\n2027-07-01 09:30"),
                ("time_zone", zone),
                ("slot_minutes", "90"),
            ],
        )
        .await;
    let options = w.options(pid).await;
    let winter = at("2026-12-03T18:00", zone);
    assert_eq!(winter, at("2026-12-03T23:00", "UTC"));
    assert_eq!(options[0].1, Some(winter));
    assert_eq!(options[1].1, Some(at("2027-07-01T13:30", "UTC")));

    // The page shows the slots in the poll's zone and names it.
    let page = w.page(&ana, pid).await;
    assert!(
        page.contains("Times are in America/New_York (UTC-05:00)."),
        "{page}"
    );
    assert!(
        page.contains("3 December 2026") && page.contains("18:00"),
        "{page}"
    );
    assert!(page.contains("09:30"), "{page}");
    // So does the API, with the UTC start.
    let token = w.token(&author).await;
    let (_, doc) = w
        .api("GET", &format!("/api/v1/polls/{pid}"), &token, None)
        .await;
    assert_eq!(doc["time_zone"], json!(zone));
    assert_eq!(doc["slot_minutes"], json!(90));
    assert_eq!(doc["options"][0]["title"], json!("2026-12-03 18:00"));
    assert_eq!(doc["options"][0]["starts_at"], json!(winter));

    let first = options[0].0.to_string();
    let second = options[1].0.to_string();
    let response = w
        .vote(
            &ana,
            pid,
            &[
                (format!("score-{first}").as_str(), "2"),
                (format!("score-{second}").as_str(), "0"),
            ],
        )
        .await;
    expect_status(response, StatusCode::OK).await;
    let ics_path = format!("{}/outcome.ics", w.poll_path(pid));
    // No outcome yet: no invitation.
    let response = ana.get(w.url(&ics_path)).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    w.close(&author_client, pid).await;
    let response = w
        .post(
            &author_client,
            &format!("{}/outcome", w.poll_path(pid)),
            &[
                ("outcome", "We meet on 3 December, in the hall."),
                ("outcome_option", &first),
            ],
        )
        .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let page = w.page(&ana, pid).await;
    assert!(page.contains("outcome.ics"), "{page}");

    let response = ana.get(w.url(&ics_path)).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/calendar")
    );
    let text = response.text().await.expect("ics");
    // RFC 5545: CRLF lines of at most 75 octets, nothing else ends a line.
    assert!(text.ends_with("\r\n"), "{text:?}");
    assert!(!text.replace("\r\n", "").contains(['\n', '\r']), "{text:?}");
    let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
    // Unfolded content lines: NAME:VALUE, properly nested.
    let unfolded = text.replace("\r\n ", "");
    let content: Vec<&str> = unfolded.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(content.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(content.last(), Some(&"END:VCALENDAR"));
    let mut depth = Vec::new();
    for l in &content {
        let (name, value) = l.split_once(':').unwrap_or_else(|| panic!("{l:?}"));
        assert!(
            name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
            "{l:?}"
        );
        match name {
            "BEGIN" => depth.push(value),
            "END" => assert_eq!(depth.pop(), Some(value)),
            _ => {}
        }
    }
    assert!(depth.is_empty());
    let property = |name: &str| {
        content
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("{name} in {content:?}"))
            .to_string()
    };
    assert_eq!(property("VERSION"), "2.0");
    assert!(property("UID").starts_with(&format!("poll-{pid}@")));
    assert!(property("DTSTAMP").ends_with('Z') && property("DTSTAMP").len() == 16);
    assert_eq!(property("DTSTART"), "20261203T230000Z");
    assert_eq!(property("DTEND"), "20261204T003000Z");
    assert_eq!(property("SUMMARY"), "Board meeting\\, winter\\; \"annual\"");
    assert_eq!(
        property("DESCRIPTION"),
        "We meet on 3 December\\, in the hall."
    );
    assert_eq!(content.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 1);
}

#[tokio::test]
async fn the_closing_reminder_goes_once_to_eligible_people_who_have_not_voted_even_when_runs_race()
{
    let w = world().await;
    let people = four_members(&w).await;
    let author = &people[0].1;
    let soon = w
        .create(
            author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Closing soon"),
                ("options", "A\nB"),
            ],
        )
        .await;
    let ana_id = people[1].0.id.to_string();
    let ben_id = people[2].0.id.to_string();
    let picked = w
        .create(
            author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Picked voters"),
                ("options", "A\nB"),
                ("specified", "on"),
                ("voters", &ana_id),
                ("voters", &ben_id),
            ],
        )
        .await;
    let later = w
        .create(
            author,
            &[
                ("poll_type", "single_choice"),
                ("title", "Closing next week"),
                ("options", "A\nB"),
            ],
        )
        .await;
    let db = w.app.db();
    let now = agora::db::now();
    // Two polls close in 23 hours; the third next week.
    for pid in [soon, picked] {
        sqlx::query("UPDATE polls SET closes_at = $2, opened_at = $3 WHERE id = $1")
            .bind(pid)
            .bind(now + 23 * 3600)
            .bind(now - 2 * 86_400)
            .execute(&db.pool)
            .await
            .expect("closes soon");
    }
    // Ana voted in both.
    for pid in [soon, picked] {
        let a = w.options(pid).await[0].0.to_string();
        let response = w.vote(&people[1].1, pid, &[("choice", &a)]).await;
        expect_status(response, StatusCode::OK).await;
    }
    // Eight runs at once.
    let runs = (0..8).map(|_| {
        let db = db.clone();
        tokio::spawn(async move { polls::reminders::due_reminders(&db, now).await })
    });
    let mut all = Vec::new();
    for run in runs {
        all.extend(run.await.expect("join").expect("due reminders"));
    }
    let of = |pid: i64| -> Vec<Vec<String>> {
        all.iter()
            .filter(|r| r.poll_id == pid)
            .map(|r| r.recipients.iter().map(|(_, n)| n.clone()).collect())
            .collect()
    };
    assert_eq!(of(soon).len(), 1, "one reminder: {all:?}");
    let mut names = of(soon)[0].clone();
    names.sort();
    // Everyone eligible but ana, who voted.
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(!names.iter().any(|n| n.contains("ana")), "{names:?}");
    // Specified voters: only ben (ana voted; the author and cleo are not picked).
    assert_eq!(of(picked).len(), 1, "{all:?}");
    assert_eq!(of(picked)[0].len(), 1);
    assert!(of(picked)[0][0].contains("ben"), "{all:?}");
    assert!(of(later).is_empty());
    // Sent is sent: a later run finds nothing, and the poll remembers when.
    assert!(
        polls::reminders::due_reminders(db, now + 60)
            .await
            .expect("again")
            .is_empty()
    );
    let sent: Option<i64> = sqlx::query("SELECT reminder_sent_at FROM polls WHERE id = $1")
        .bind(soon)
        .fetch_one(&db.pool)
        .await
        .expect("row")
        .try_get(0)
        .expect("sent");
    assert_eq!(sent, Some(now));
}

#[tokio::test]
async fn decision_rules_can_change_until_someone_votes() {
    let w = world().await;
    let people = four_members(&w).await;
    let author = &people[0].1;
    let pid = w
        .create(
            author,
            &[("poll_type", "proposal"), ("title", "Buy a new boiler")],
        )
        .await;
    let settings = format!("{}/settings", w.poll_path(pid));
    let form = |quorum: &'static str| {
        vec![
            ("title", "Buy a new boiler"),
            ("details", ""),
            ("hide_results", "off"),
            ("reason", "optional"),
            ("reason_max", "200"),
            ("quorum", quorum),
            ("pass_threshold", "50"),
            ("pass_base", "eligible"),
        ]
    };
    let response = w.post(author, &settings, &form("40")).await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let page = w.page(author, pid).await;
    assert!(
        page.contains("Quorum: 40 % of eligible voters must take part.")
            && page.contains("To pass: at least 50 % of eligible voters."),
        "{page}"
    );
    let agree = w.options(pid).await[0].0.to_string();
    let response = w.vote(&people[1].1, pid, &[("choice", &agree)]).await;
    expect_status(response, StatusCode::OK).await;
    // Once someone voted, the rules are locked: refused, nothing changed.
    let response = w.post(author, &settings, &form("10")).await;
    let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body.contains("the quorum and pass threshold can no longer change"),
        "{body}"
    );
    let quorum: Option<i64> = sqlx::query("SELECT quorum_percent FROM polls WHERE id = $1")
        .bind(pid)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("row")
        .try_get(0)
        .expect("quorum");
    assert_eq!(quorum, Some(40));
    // The same rules, resent with other settings, still save.
    let response = w.post(author, &settings, &form("40")).await;
    expect_status(response, StatusCode::SEE_OTHER).await;
}
