//! Integration tests: notifications by e-mail and @mentions (issue 5) — nicknames, mentions
//! that respect who may see the content, the per-person e-mail setting (instant, daily digest,
//! off) and a digest race, poll e-mails that never carry results, and the signed unsubscribe
//! link (valid, forged, one-click POST).

use agora::components::{polls, threads};
use agora::i18n::Locale;
use agora::platform::accounts::{User, nicknames};
use agora::platform::notifications::email;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::{OrgRole, SpaceRole, Visibility};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::Map;
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, link_containing, post_form_with};

struct World {
    app: TestApp,
    org: Organization,
    space: Space,
    threads: i64,
    polls: i64,
}

async fn world_with(visibility: Visibility) -> World {
    let app = TestApp::spawn().await;
    let org = organizations::create(
        app.db(),
        "communs",
        "Association des communs",
        "An association.",
        Locale::En,
    )
    .await
    .expect("org");
    let space = spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Assembly,
            slug: "assembly",
            title: "General assembly",
            description: "We decide here.",
            visibility,
            published: true,
        },
    )
    .await
    .expect("space");
    let threads = threads::create_component(app.db(), space.id, "Discussions", &Map::new())
        .await
        .expect("threads");
    let polls = polls::create_component(app.db(), space.id, "Polls", &Map::new())
        .await
        .expect("polls");
    World {
        app,
        org,
        space,
        threads,
        polls,
    }
}

fn in_a_week() -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 7);
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .datetime()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A browser without cookies that reads English (a mail program following the link).
fn english_browser() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        "en".parse().expect("header"),
    );
    Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl World {
    async fn person(&self, name: &str) -> (User, Client) {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), "a long password 123")
            .await;
        sqlx::query("UPDATE users SET locale = 'en' WHERE id = $1")
            .bind(user.id)
            .execute(&self.app.db().pool)
            .await
            .expect("locale");
        let client = self.app.browser_signed_in(&user).await;
        (user, client)
    }

    /// A member of the organisation and of the space.
    async fn member(&self, name: &str) -> (User, Client) {
        let (user, client) = self.person(name).await;
        organizations::set_member(self.app.db(), self.org.id, user.id, OrgRole::Member)
            .await
            .expect("member");
        spaces::set_member(self.app.db(), self.space.id, user.id, SpaceRole::Member)
            .await
            .expect("space member");
        (user, client)
    }

    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    async fn start_thread(&self, client: &Client, context: &str) -> i64 {
        let response = post_form_with(
            client,
            &self.url(&format!("/threads/{}/new", self.threads)),
            &[
                ("title", "Summer fair"),
                ("context", context),
                ("reply_layout", "nested"),
                ("reply_order", "oldest"),
            ],
        )
        .await;
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(String::from);
        expect_status(response, StatusCode::SEE_OTHER).await;
        location
            .and_then(|l| l.rsplit('/').next().and_then(|id| id.parse().ok()))
            .expect("thread id")
    }

    async fn reply(&self, client: &Client, tid: i64, body: &str) {
        let tid = tid.to_string();
        let response = post_form_with(
            client,
            &self.url("/comments"),
            &[
                ("resource_kind", "thread"),
                ("resource_id", tid.as_str()),
                ("parent_id", ""),
                ("body", body),
            ],
        )
        .await;
        expect_status(response, StatusCode::SEE_OTHER).await;
    }

    async fn create_poll(&self, client: &Client, fields: &[(&str, &str)]) -> i64 {
        let closes = in_a_week();
        let mut form: Vec<(&str, &str)> = vec![
            ("closes_at", closes.as_str()),
            ("open", "on"),
            ("reason", "optional"),
            ("reason_max", "200"),
            ("hide_results", "off"),
        ];
        for (k, v) in fields {
            form.retain(|(key, _)| key != k);
            form.push((k, v));
        }
        let response = post_form_with(
            client,
            &self.url(&format!("/polls/{}/new", self.polls)),
            &form,
        )
        .await;
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(String::from);
        expect_status(response, StatusCode::SEE_OTHER).await;
        location
            .and_then(|l| l.rsplit('/').next().and_then(|id| id.parse().ok()))
            .expect("poll id")
    }

    /// (kind, text key) of a person's notifications.
    async fn notifications(&self, user: &User) -> Vec<String> {
        sqlx::query("SELECT kind FROM notifications WHERE user_id = $1 ORDER BY id")
            .bind(user.id)
            .fetch_all(&self.app.db().pool)
            .await
            .expect("notifications")
            .iter()
            .map(|r| r.try_get(0).expect("kind"))
            .collect()
    }

    /// Every e-mail queued for a person: (subject, body, list-unsubscribe).
    async fn emails(&self, user: &User) -> Vec<(String, String, Option<String>)> {
        sqlx::query(
            "SELECT subject, body, list_unsubscribe FROM outbox WHERE to_address = $1 ORDER BY id",
        )
        .bind(&user.email)
        .fetch_all(&self.app.db().pool)
        .await
        .expect("outbox")
        .iter()
        .map(|r| {
            (
                r.try_get(0).expect("subject"),
                r.try_get(1).expect("body"),
                r.try_get(2).expect("header"),
            )
        })
        .collect()
    }

    async fn setting(&self, user: &User) -> String {
        sqlx::query("SELECT email_notifications FROM users WHERE id = $1")
            .bind(user.id)
            .fetch_one(&self.app.db().pool)
            .await
            .expect("setting")
            .try_get(0)
            .expect("text")
    }

    async fn choose(&self, client: &Client, setting: &str) -> reqwest::Response {
        post_form_with(
            client,
            &self.url("/account/email"),
            &[("email_notifications", setting)],
        )
        .await
    }

    async fn nickname(&self, user: &User) -> String {
        nicknames::of(self.app.db(), user.id)
            .await
            .expect("nickname")
            .expect("has one")
    }
}

#[tokio::test]
async fn nicknames_come_from_names_and_are_changed_validated_and_unique() {
    let w = world_with(Visibility::MembersParticipate).await;
    let (ana, ana_client) = w.member("ana").await;
    let (bob, bob_client) = w.member("bob").await;
    assert_eq!(w.nickname(&ana).await, "ana");
    // A second "ana" gets the name's nickname with its id.
    let other = w
        .app
        .create_user("ana@other.org", "a long password 123")
        .await;
    assert_eq!(w.nickname(&other).await, format!("ana_{}", other.id));

    // The account page shows the nickname; a new one is saved (normalised).
    let page = expect_status(
        ana_client.get(w.url("/account")).send().await.expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains(r#"id="nickname" name="nickname" value="ana""#));
    let response = post_form_with(
        &ana_client,
        &w.url("/account/profile"),
        &[
            ("name", "Ana Puig"),
            ("locale", ""),
            ("nickname", "@Ana_Puig"),
        ],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    assert_eq!(w.nickname(&ana).await, "ana_puig");

    // Taken, malformed, reserved: refused with a message, nothing changed.
    for (typed, message) in [
        ("ana_puig", "Someone already has this nickname"),
        ("bob smith", "only lower-case letters"),
        ("b", "2 to 30 characters"),
        ("group", "reserved"),
    ] {
        let response = post_form_with(
            &bob_client,
            &w.url("/account/profile"),
            &[("name", "Bob"), ("locale", ""), ("nickname", typed)],
        )
        .await;
        let page = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(page.contains(message), "{typed}: {message}");
        assert_eq!(w.nickname(&bob).await, "bob");
    }

    // Accounts from before nicknames get one at startup, deterministic and unique.
    sqlx::query("UPDATE users SET nickname = NULL WHERE id IN ($1, $2)")
        .bind(bob.id)
        .bind(other.id)
        .execute(&w.app.db().pool)
        .await
        .expect("forget");
    sqlx::query("UPDATE users SET name = 'Bob' WHERE id = $1")
        .bind(other.id)
        .execute(&w.app.db().pool)
        .await
        .expect("rename");
    assert_eq!(nicknames::fill_missing(w.app.db()).await.expect("fill"), 2);
    assert_eq!(w.nickname(&bob).await, "bob");
    assert_eq!(w.nickname(&other).await, format!("bob_{}", other.id));
    assert_eq!(nicknames::fill_missing(w.app.db()).await.expect("fill"), 0);
}

#[tokio::test]
async fn mentions_notify_in_app_and_by_email_and_render_as_links() {
    let w = world_with(Visibility::MembersParticipate).await;
    let (ana, ana_client) = w.member("ana").await;
    let (bob, bob_client) = w.member("bob").await;
    let (cleo, _) = w.member("cleo").await;
    let tid = w
        .start_thread(&ana_client, "Where do we meet? Asking @cleo.")
        .await;
    assert_eq!(w.notifications(&cleo).await, ["mentioned"]);
    w.reply(
        &ana_client,
        tid,
        "Thanks @bob and @nobody, and mail ana@example.org; not @ana herself.",
    )
    .await;
    assert_eq!(w.notifications(&bob).await, ["mentioned"]);
    assert!(w.notifications(&ana).await.is_empty(), "no self-mention");
    let mails = w.emails(&bob).await;
    assert_eq!(mails.len(), 1);
    let (subject, body, header) = &mails[0];
    assert_eq!(subject, "ana mentioned you in “General assembly”");
    assert!(body.contains("Thanks @bob"));
    assert!(body.contains("/comments/"));
    let unsubscribe = link_containing(body, "/unsubscribe/").expect("unsubscribe link");
    assert_eq!(header.as_deref(), Some(unsubscribe.as_str()));

    let list = expect_status(
        bob_client
            .get(w.url("/notifications"))
            .send()
            .await
            .expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("ana mentioned you in “General assembly”"));

    // The page links the mention of a member, not an unknown @word.
    let page = expect_status(
        bob_client
            .get(w.url(&format!("/threads/{}/{tid}", w.threads)))
            .send()
            .await
            .expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains(r#"<a class="mention" href="/u/bob">@bob</a>"#));
    assert!(page.contains(r#"<a class="mention" href="/u/cleo">@cleo</a>"#));
    assert!(page.contains("@nobody") && !page.contains("/u/nobody"));
    let profile = expect_status(
        w.app
            .new_browser()
            .get(w.url("/u/bob"))
            .send()
            .await
            .expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(profile.contains("@bob"));
    expect_status(
        w.app
            .new_browser()
            .get(w.url("/u/nobody"))
            .send()
            .await
            .expect("GET"),
        StatusCode::NOT_FOUND,
    )
    .await;

    // Editing the context notifies only who it newly mentions.
    let response = post_form_with(
        &ana_client,
        &w.url(&format!("/threads/{}/{tid}/edit", w.threads)),
        &[
            ("title", "Summer fair"),
            ("context", "Where do we meet? Asking @cleo and @bob."),
            ("reply_layout", "nested"),
            ("reply_order", "oldest"),
        ],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    assert_eq!(w.notifications(&cleo).await, ["mentioned"]);
    assert_eq!(w.notifications(&bob).await, ["mentioned", "mentioned"]);

    // @group: every member of the space (not the author).
    w.reply(&bob_client, tid, "Dear @group, vote please.").await;
    // Ana follows the thread she started: a new reply, and the call on the group.
    assert_eq!(w.notifications(&ana).await, ["new-comment", "mentioned"]);
    assert_eq!(w.notifications(&cleo).await, ["mentioned", "mentioned"]);
    assert_eq!(w.notifications(&bob).await.len(), 2);
}

#[tokio::test]
async fn a_mention_of_someone_who_cannot_see_a_private_space_tells_them_nothing() {
    let w = world_with(Visibility::Private).await;
    let (_, ana_client) = w.member("ana").await;
    let (outsider, _) = w.person("outsider").await;
    let (bob, _) = w.member("bob").await;
    let tid = w.start_thread(&ana_client, "Budget talk").await;
    w.reply(&ana_client, tid, "Secret plan, @outsider and @bob.")
        .await;
    assert!(w.notifications(&outsider).await.is_empty());
    assert!(w.emails(&outsider).await.is_empty());
    assert_eq!(w.notifications(&bob).await, ["mentioned"]);
    // Nothing of the text went anywhere for the outsider.
    let leaked: i64 = sqlx::query(
        "SELECT COUNT(*) FROM outbox WHERE body LIKE '%Secret plan%' AND to_address <> $1",
    )
    .bind(&bob.email)
    .fetch_one(&w.app.db().pool)
    .await
    .expect("count")
    .try_get(0)
    .expect("n");
    assert_eq!(leaked, 0);
}

#[tokio::test]
async fn the_email_setting_sends_at_once_in_a_daily_digest_or_never() {
    let w = world_with(Visibility::MembersParticipate).await;
    let (_, ana_client) = w.member("ana").await;
    let (bob, bob_client) = w.member("bob").await;
    let tid = w.start_thread(&ana_client, "Agenda").await;

    // Default: instant.
    let page = expect_status(
        bob_client.get(w.url("/account")).send().await.expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains(r#"value="instant" checked"#));
    assert_eq!(w.setting(&bob).await, "instant");

    // A wrong value is refused and changes nothing.
    let page = expect_status(
        w.choose(&bob_client, "weekly").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("Choose one of the options"));
    assert_eq!(w.setting(&bob).await, "instant");

    // Off: the in-app notification comes, no e-mail.
    expect_status(w.choose(&bob_client, "off").await, StatusCode::SEE_OTHER).await;
    assert_eq!(w.setting(&bob).await, "off");
    w.reply(&ana_client, tid, "First, @bob.").await;
    assert_eq!(w.notifications(&bob).await.len(), 1);
    assert!(w.emails(&bob).await.is_empty());

    // Digest: nothing at once; one e-mail the next day with everything.
    expect_status(w.choose(&bob_client, "digest").await, StatusCode::SEE_OTHER).await;
    w.reply(&ana_client, tid, "Second, @bob.").await;
    w.reply(&ana_client, tid, "Third, @bob.").await;
    assert!(w.emails(&bob).await.is_empty());
    let config = &w.app.state.config;
    let now = agora::db::now();
    assert_eq!(
        email::send_digests(w.app.db(), config, now)
            .await
            .expect("today"),
        0,
        "today's items wait for tomorrow"
    );
    let tomorrow = now + 86_400;
    assert_eq!(
        email::send_digests(w.app.db(), config, tomorrow)
            .await
            .expect("digest"),
        1
    );
    let mails = w.emails(&bob).await;
    assert_eq!(mails.len(), 1);
    let (subject, body, header) = &mails[0];
    assert_eq!(subject, "Your agora digest: 2 notifications");
    assert_eq!(body.matches("ana mentioned you").count(), 2);
    assert!(header.is_some());
    // Once a day: a later run that day sends nothing more.
    w.reply(&ana_client, tid, "Fourth, @bob.").await;
    sqlx::query("UPDATE mail_digest_items SET created_at = created_at - 10")
        .execute(&w.app.db().pool)
        .await
        .expect("age");
    assert_eq!(
        email::send_digests(w.app.db(), config, tomorrow)
            .await
            .expect("again"),
        0
    );
    assert_eq!(w.emails(&bob).await.len(), 1);

    // Instant again: one e-mail per notification.
    expect_status(
        w.choose(&bob_client, "instant").await,
        StatusCode::SEE_OTHER,
    )
    .await;
    w.reply(&ana_client, tid, "Fifth, @bob.").await;
    assert_eq!(w.emails(&bob).await.len(), 2);
}

#[tokio::test]
async fn two_digest_runs_that_race_send_one_email() {
    let w = world_with(Visibility::MembersParticipate).await;
    let (_, ana_client) = w.member("ana").await;
    let (bob, bob_client) = w.member("bob").await;
    expect_status(w.choose(&bob_client, "digest").await, StatusCode::SEE_OTHER).await;
    let tid = w.start_thread(&ana_client, "Agenda").await;
    for i in 0..5 {
        w.reply(&ana_client, tid, &format!("Point {i}, @bob."))
            .await;
    }
    let config = w.app.state.config.clone();
    let tomorrow = agora::db::now() + 86_400;
    let runs = (0..6).map(|_| {
        let db = w.app.db().clone();
        let config = config.clone();
        tokio::spawn(async move { email::send_digests(&db, &config, tomorrow).await })
    });
    let mut sent = 0;
    for run in runs.collect::<Vec<_>>() {
        sent += run.await.expect("join").expect("digest");
    }
    assert_eq!(sent, 1);
    let mails = w.emails(&bob).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].1.matches("ana mentioned you").count(), 5);
    assert_eq!(w.app.count("mail_digests").await, 1);
}

#[tokio::test]
async fn poll_emails_reach_eligible_voters_and_never_carry_results() {
    let w = world_with(Visibility::Private).await;
    let (author, author_client) = w.member("author").await;
    let (voter, voter_client) = w.member("voter").await;
    let (late, _) = w.member("late").await;
    let (outsider, _) = w.person("outsider").await;
    let pid = w
        .create_poll(
            &author_client,
            &[
                ("poll_type", "single_choice"),
                ("title", "Where?"),
                ("options", "Lyon\nNantes"),
                ("hide_results", "until_closed"),
                ("anonymous", "on"),
            ],
        )
        .await;
    // Opened: every eligible voter but the author; nobody outside.
    for person in [&voter, &late] {
        let mails = w.emails(person).await;
        assert_eq!(mails.len(), 1, "{}", person.email);
        assert_eq!(mails[0].0, "A poll is open to you: “Where?”");
        assert!(mails[0].1.contains(&format!("/polls/{}/{pid}", w.polls)));
    }
    assert!(w.emails(&author).await.is_empty());
    assert!(w.emails(&outsider).await.is_empty());
    assert!(w.notifications(&outsider).await.is_empty());

    let options: Vec<i64> =
        sqlx::query("SELECT id FROM poll_options WHERE poll_id = $1 ORDER BY position")
            .bind(pid)
            .fetch_all(&w.app.db().pool)
            .await
            .expect("options")
            .iter()
            .map(|r| r.try_get(0).expect("id"))
            .collect();
    let response = post_form_with(
        &voter_client,
        &w.url(&format!("/polls/{}/{pid}/vote", w.polls)),
        &[("choice", &options[0].to_string())],
    )
    .await;
    expect_status(response, StatusCode::OK).await;

    // Closing soon: only those who have not voted, once.
    sqlx::query("UPDATE polls SET opened_at = $1, closes_at = $2 WHERE id = $3")
        .bind(agora::db::now() - 3 * 86_400)
        .bind(agora::db::now() + 3_600)
        .bind(pid)
        .execute(&w.app.db().pool)
        .await
        .expect("soon");
    let config = &w.app.state.config;
    assert_eq!(
        polls::mail::remind_closing(w.app.db(), config)
            .await
            .expect("remind"),
        1
    );
    assert_eq!(
        polls::mail::remind_closing(w.app.db(), config)
            .await
            .expect("again"),
        0
    );
    assert_eq!(w.emails(&voter).await.len(), 1, "voted: no reminder");
    let late_mails = w.emails(&late).await;
    assert_eq!(late_mails.len(), 2);
    assert_eq!(
        late_mails[1].0,
        "The poll “Where?” closes soon and you have not voted"
    );
    assert_eq!(w.emails(&author).await.len(), 1, "the author has not voted");
    // Before closing, no e-mail holds results, options or who voted.
    for person in [&voter, &late, &author] {
        for (subject, body, _) in w.emails(person).await {
            for secret in ["Lyon", "Nantes", "%", "voter@", "1 vote"] {
                assert!(
                    !body.contains(secret) && !subject.contains(secret),
                    "{secret}"
                );
            }
        }
    }

    // Outcome published: everyone eligible but the author hears of it.
    let response = post_form_with(
        &author_client,
        &w.url(&format!("/polls/{}/{pid}/close", w.polls)),
        &[],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let response = post_form_with(
        &author_client,
        &w.url(&format!("/polls/{}/{pid}/outcome", w.polls)),
        &[
            ("outcome", "We meet in the big hall."),
            ("outcome_option", ""),
        ],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    let last = w.emails(&late).await.pop().expect("outcome mail");
    assert_eq!(last.0, "Outcome published for the poll “Where?”");
    assert!(last.1.contains("We meet in the big hall."));
    assert_eq!(w.emails(&voter).await.len(), 2);
    assert_eq!(w.emails(&author).await.len(), 1);
    assert!(w.emails(&outsider).await.is_empty());
    assert!(
        w.notifications(&late)
            .await
            .contains(&"poll-outcome".to_string())
    );
    // Editing the outcome sends nothing more.
    let response = post_form_with(
        &author_client,
        &w.url(&format!("/polls/{}/{pid}/outcome", w.polls)),
        &[
            ("outcome", "We meet in the small hall."),
            ("outcome_option", ""),
        ],
    )
    .await;
    expect_status(response, StatusCode::SEE_OTHER).await;
    assert_eq!(w.emails(&voter).await.len(), 2);
}

#[tokio::test]
async fn the_signed_unsubscribe_link_works_without_signing_in_and_forgeries_change_nothing() {
    let w = world_with(Visibility::MembersParticipate).await;
    let (_, ana_client) = w.member("ana").await;
    let (bob, _) = w.member("bob").await;
    let (cleo, _) = w.member("cleo").await;
    let tid = w.start_thread(&ana_client, "Agenda").await;
    w.reply(&ana_client, tid, "Hello @bob.").await;
    let (_, body, _) = w.emails(&bob).await.pop().expect("mail");
    let link = link_containing(&body, "/unsubscribe/").expect("link");
    let path = link
        .trim_start_matches(&w.app.state.config.base_url)
        .to_string();
    let anonymous = english_browser();

    // Forged: another person's id, an altered or cut token, not a number.
    let token = path.rsplit('/').next().expect("token").to_string();
    let mut altered = token.clone();
    let last = altered.pop().expect("char");
    altered.push(if last == '0' { '1' } else { '0' });
    for forged in [
        format!("/unsubscribe/{}/{token}", cleo.id),
        format!("/unsubscribe/{}/{altered}", bob.id),
        format!("/unsubscribe/{}/{}", bob.id, &token[..32]),
        format!("/unsubscribe/bob/{token}"),
    ] {
        let page = expect_status(
            anonymous.get(w.url(&forged)).send().await.expect("GET"),
            StatusCode::NOT_FOUND,
        )
        .await;
        assert!(page.contains("not valid"), "{forged}");
        let response = anonymous
            .post(w.url(&forged))
            .form(&[("List-Unsubscribe", "One-Click")])
            .send()
            .await
            .expect("POST");
        expect_status(response, StatusCode::NOT_FOUND).await;
    }
    assert_eq!(w.setting(&bob).await, "instant");
    assert_eq!(w.setting(&cleo).await, "instant");

    // Opening the link changes nothing (mail scanners open links): it shows a button.
    let page = expect_status(
        anonymous.get(w.url(&path)).send().await.expect("GET"),
        StatusCode::OK,
    )
    .await;
    assert!(page.contains(&format!(r#"action="{path}""#)));
    assert_eq!(w.setting(&bob).await, "instant");

    // RFC 8058 one-click: the mail program POSTs, with no cookie and no browser headers.
    let response = anonymous
        .post(w.url(&path))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .expect("POST");
    let page = expect_status(response, StatusCode::OK).await;
    assert!(page.contains("you will no longer receive notification e-mails"));
    assert_eq!(w.setting(&bob).await, "off");
    w.reply(&ana_client, tid, "Again @bob.").await;
    assert_eq!(w.emails(&bob).await.len(), 1, "no more e-mail");
    assert_eq!(w.notifications(&bob).await.len(), 2, "in-app still");
    agora::platform::action_log::settle(w.app.db())
        .await
        .expect("settle");
    let logged: i64 = sqlx::query(
        "SELECT COUNT(*) FROM action_log WHERE action = 'email-unsubscribed' AND actor_id = $1",
    )
    .bind(bob.id)
    .fetch_one(&w.app.db().pool)
    .await
    .expect("log")
    .try_get(0)
    .expect("n");
    assert_eq!(logged, 1);
    let report = agora::platform::action_log::verify(w.app.db())
        .await
        .expect("verify");
    assert!(report.intact());
}

#[tokio::test]
async fn only_members_call_on_the_group_and_unconfirmed_addresses_get_no_email() {
    let w = world_with(Visibility::Public).await;
    let (ana, ana_client) = w.member("ana").await;
    let (bob, _) = w.member("bob").await;
    let (_, passer_by) = w.person("passerby").await;
    let tid = w.start_thread(&ana_client, "Open discussion").await;
    // Anyone signed in takes part in a public space, but only members call on everyone.
    w.reply(&passer_by, tid, "Hey @group, look at this!").await;
    // The author hears of the reply to her thread (she follows it), not of a call on the group.
    assert_eq!(w.notifications(&ana).await, ["new-comment"]);
    assert!(w.notifications(&bob).await.is_empty());

    // An address not confirmed yet gets no notification e-mail (the in-app one comes).
    sqlx::query("UPDATE users SET confirmed_at = NULL WHERE id = $1")
        .bind(bob.id)
        .execute(&w.app.db().pool)
        .await
        .expect("unconfirm");
    w.reply(&ana_client, tid, "Dear @group, welcome.").await;
    assert_eq!(w.notifications(&bob).await, ["mentioned"]);
    assert!(w.emails(&bob).await.is_empty());
    assert_eq!(
        w.notifications(&ana).await,
        ["new-comment"],
        "not the author"
    );
}
