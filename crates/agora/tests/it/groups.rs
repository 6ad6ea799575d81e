//! Integration tests: groups — privacy (open, closed with join requests, secret: 404 for
//! non-members everywhere), one level of subgroups, the member permission flags enforced in the
//! threads and polls components, and guests invited to one thread or one poll.

use agora::components::{polls, threads};
use agora::i18n::Locale;
use agora::platform::accounts::User;
use agora::platform::organizations::{self, Organization};
use agora::platform::permissions::Visibility;
use agora::platform::permissions::{OrgRole, SpaceRole};
use agora::platform::spaces::{self, NewSpace, Space, SpaceKind};
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value};
use sqlx::Row;

use crate::helpers::{TestApp, expect_status, link_containing, post_form_with};

const PASSWORD: &str = "a long password 123";

struct World {
    app: TestApp,
    org: Organization,
    group: Space,
    admin: Client,
    tcid: i64,
    pcid: i64,
}

async fn world() -> World {
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
    let group = spaces::create(
        app.db(),
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Assembly,
            slug: "garden",
            title: "Garden group",
            description: "We grow things.",
            visibility: Visibility::Private,
            published: true,
        },
    )
    .await
    .expect("space");
    let tcid = threads::create_component(app.db(), group.id, "Discussions", &Map::new())
        .await
        .expect("threads");
    let pcid = polls::create_component(app.db(), group.id, "Decisions", &Map::new())
        .await
        .expect("polls");
    let admin_user = app.create_user("admin@example.org", PASSWORD).await;
    organizations::set_member(app.db(), org.id, admin_user.id, OrgRole::Member)
        .await
        .expect("member");
    spaces::set_member(app.db(), group.id, admin_user.id, SpaceRole::Admin)
        .await
        .expect("group admin");
    let admin = app.browser_signed_in(&admin_user).await;
    let w = World {
        app,
        org,
        group,
        admin,
        tcid,
        pcid,
    };
    // The space admin makes the assembly a group, through the page.
    let made = w
        .post(&w.admin, &format!("/spaces/{}/group", w.group.id), &[])
        .await;
    expect_status(made, StatusCode::SEE_OTHER).await;
    w
}

impl World {
    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }
    fn gpath(&self, rest: &str) -> String {
        format!("/spaces/{}/group{rest}", self.group.id)
    }
    async fn post(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        post_form_with(client, &self.url(path), form).await
    }
    async fn get(&self, client: &Client, path: &str) -> reqwest::Response {
        client.get(self.url(path)).send().await.expect("GET")
    }
    async fn status(&self, client: &Client, path: &str) -> StatusCode {
        self.get(client, path).await.status()
    }
    /// Someone of the organisation (not of the group).
    async fn org_member(&self, name: &str) -> (User, Client) {
        let user = self
            .app
            .create_user(&format!("{name}@example.org"), PASSWORD)
            .await;
        organizations::set_member(self.app.db(), self.org.id, user.id, OrgRole::Member)
            .await
            .expect("member");
        let client = self.app.browser_signed_in(&user).await;
        (user, client)
    }
    /// Someone of the group.
    async fn group_member(&self, name: &str) -> (User, Client) {
        let (user, client) = self.org_member(name).await;
        spaces::set_member(self.app.db(), self.group.id, user.id, SpaceRole::Member)
            .await
            .expect("group member");
        (user, client)
    }
    async fn settings(&self, privacy: &str, flags: &[&str]) {
        let mut form = vec![("privacy", privacy)];
        form.extend(flags.iter().map(|f| (*f, "on")));
        let saved = self
            .post(&self.admin, &self.gpath("/settings"), &form)
            .await;
        expect_status(saved, StatusCode::SEE_OTHER).await;
    }
    async fn start_thread(&self, client: &Client, title: &str) -> reqwest::Response {
        self.post(
            client,
            &format!("/threads/{}/new", self.tcid),
            &[
                ("title", title),
                ("context", "Where we stand."),
                ("reply_layout", "nested"),
                ("reply_order", "oldest"),
            ],
        )
        .await
    }
    async fn thread(&self, client: &Client, title: &str) -> i64 {
        let response = self.start_thread(client, title).await;
        let id = location_id(&response);
        expect_status(response, StatusCode::SEE_OTHER).await;
        id
    }
    async fn create_poll(&self, client: &Client, title: &str) -> reqwest::Response {
        let closes = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 7))
            .to_zoned(jiff::tz::TimeZone::UTC)
            .datetime()
            .strftime("%Y-%m-%dT%H:%M")
            .to_string();
        self.post(
            client,
            &format!("/polls/{}/new", self.pcid),
            &[
                ("poll_type", "proposal"),
                ("preset", "proposal"),
                ("title", title),
                ("closes_at", closes.as_str()),
                ("open", "on"),
                ("reason", "optional"),
                ("reason_max", "200"),
                ("hide_results", "off"),
            ],
        )
        .await
    }
    async fn poll(&self, client: &Client, title: &str) -> i64 {
        let response = self.create_poll(client, title).await;
        let id = location_id(&response);
        expect_status(response, StatusCode::SEE_OTHER).await;
        id
    }
    async fn count_where(&self, sql: &str) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&self.app.db().pool)
            .await
            .expect("count")
            .try_get::<i64, _>(0)
            .expect("value")
    }
    async fn role(&self, space_id: i64, user: &User) -> Option<SpaceRole> {
        spaces::role_of(self.app.db(), space_id, user.id)
            .await
            .expect("role")
    }
}

fn location_id(response: &reqwest::Response) -> i64 {
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or(-1)
}

#[tokio::test]
async fn an_open_group_is_joined_in_one_click_and_only_its_members_take_part() {
    let w = world().await;
    let (ana_user, ana) = w.org_member("ana").await;
    let page = expect_status(w.get(&ana, &w.gpath("")).await, StatusCode::OK).await;
    assert!(page.contains("Open group"), "{page}");
    assert!(page.contains("Join the group"));
    // Seeing the group is not taking part: an organisation member must join first.
    let refused = w.start_thread(&ana, "Before joining").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("threads").await, 0);
    // Someone outside the organisation does not even see it.
    let outsider_user = w.app.create_user("out@example.org", PASSWORD).await;
    let outsider = w.app.browser_signed_in(&outsider_user).await;
    assert_eq!(
        w.status(&outsider, &w.gpath("")).await,
        StatusCode::NOT_FOUND
    );
    let forged = w.post(&outsider, &w.gpath("/join"), &[]).await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.role(w.group.id, &outsider_user).await, None);

    expect_status(
        w.post(&ana, &w.gpath("/join"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(w.role(w.group.id, &ana_user).await, Some(SpaceRole::Member));
    let page = expect_status(w.get(&ana, &w.gpath("")).await, StatusCode::OK).await;
    assert!(page.contains("You are a member of this group."));
    w.thread(&ana, "After joining").await;
    // Joining twice changes nothing.
    expect_status(
        w.post(&ana, &w.gpath("/join"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(
        w.count_where(&format!(
            "SELECT COUNT(*) FROM space_members WHERE space_id = {}",
            w.group.id
        ))
        .await,
        2
    );
}

#[tokio::test]
async fn a_closed_group_takes_join_requests_that_an_admin_accepts_or_declines() {
    let w = world().await;
    w.settings("closed", &["start_threads", "create_polls"])
        .await;
    let (ana_user, ana) = w.org_member("ana").await;
    let (ben_user, ben) = w.org_member("ben").await;
    let page = expect_status(w.get(&ana, &w.gpath("")).await, StatusCode::OK).await;
    assert!(
        page.contains("Closed group") && page.contains("Ask to join"),
        "{page}"
    );

    // A double click (or ten) makes one pending request, and no membership.
    let mut asks = Vec::new();
    for _ in 0..10 {
        let (client, url) = (ana.clone(), w.url(&w.gpath("/join")));
        asks.push(tokio::spawn(async move {
            post_form_with(&client, &url, &[("message", "I water plants.")])
                .await
                .status()
        }));
    }
    for ask in asks {
        assert_eq!(ask.await.expect("task"), StatusCode::SEE_OTHER);
    }
    assert_eq!(w.app.count("group_join_requests").await, 1);
    assert_eq!(w.role(w.group.id, &ana_user).await, None);
    let page = expect_status(w.get(&ana, &w.gpath("")).await, StatusCode::OK).await;
    assert!(page.contains("waiting for an admin"));
    expect_status(
        w.post(&ben, &w.gpath("/join"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;

    let admin_page = expect_status(w.get(&w.admin, &w.gpath("")).await, StatusCode::OK).await;
    assert!(admin_page.contains("Requests to join") && admin_page.contains("I water plants."));
    let ids: Vec<i64> = sqlx::query("SELECT id FROM group_join_requests ORDER BY id")
        .fetch_all(&w.app.db().pool)
        .await
        .expect("requests")
        .iter()
        .map(|r| r.try_get(0).expect("id"))
        .collect();
    // A requester cannot accept their own request.
    let forged = w
        .post(&ana, &w.gpath(&format!("/requests/{}/accept", ids[0])), &[])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.role(w.group.id, &ana_user).await, None);

    expect_status(
        w.post(
            &w.admin,
            &w.gpath(&format!("/requests/{}/accept", ids[0])),
            &[],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    expect_status(
        w.post(
            &w.admin,
            &w.gpath(&format!("/requests/{}/decline", ids[1])),
            &[],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(w.role(w.group.id, &ana_user).await, Some(SpaceRole::Member));
    assert_eq!(w.role(w.group.id, &ben_user).await, None);
    // Both are told, by e-mail and on the page.
    let mail = w.app.last_email_to("ana@example.org").await.expect("mail");
    assert!(mail.contains("accepted"), "{mail}");
    let mail = w.app.last_email_to("ben@example.org").await.expect("mail");
    assert!(mail.contains("declined"), "{mail}");
    let page = expect_status(w.get(&ben, &w.gpath("")).await, StatusCode::OK).await;
    assert!(page.contains("Your request to join was declined."));
    // A decided request is not decided again (nor is another group's request id).
    let again = w
        .post(
            &w.admin,
            &w.gpath(&format!("/requests/{}/accept", ids[1])),
            &[],
        )
        .await;
    let body = expect_status(again, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("already decided"));
    assert_eq!(w.role(w.group.id, &ben_user).await, None);
    let unknown = w
        .post(&w.admin, &w.gpath("/requests/999999/accept"), &[])
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_secret_group_is_not_found_for_non_members_everywhere() {
    let w = world().await;
    let tid = w.thread(&w.admin, "Secret plans").await;
    let pid = w.poll(&w.admin, "Secret vote").await;
    w.settings("secret", &["start_threads"]).await;
    let (_, ana) = w.org_member("ana").await;
    let anonymous = w.app.new_browser();
    for client in [&ana, &anonymous] {
        for path in [
            format!("/spaces/{}", w.group.id),
            w.gpath(""),
            format!("/threads/{}", w.tcid),
            format!("/threads/{}/{tid}", w.tcid),
            format!("/polls/{}", w.pcid),
            format!("/polls/{}/{pid}", w.pcid),
            format!("/spaces/{}/results.atom", w.group.id),
            "/o/communs/spaces/garden".to_string(),
            format!("/api/v1/spaces/{}", w.group.id),
            format!("/api/v1/spaces/{}/polls", w.group.id),
            format!("/api/v1/polls/{pid}"),
        ] {
            assert_eq!(
                w.status(client, &path).await,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        // Forms too: 404, not 403, and nothing changes.
        for path in [
            w.gpath("/join"),
            w.gpath("/settings"),
            w.gpath("/subgroups"),
        ] {
            let response = w.post(client, &path, &[("privacy", "open")]).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        }
        // Lists do not name it.
        let home = expect_status(w.get(client, "/o/communs").await, StatusCode::OK).await;
        assert!(!home.contains("Garden group"), "{home}");
        let api = expect_status(
            w.get(client, "/api/v1/organizations/communs/spaces").await,
            StatusCode::OK,
        )
        .await;
        assert!(!api.contains("Garden group"), "{api}");
        let feed = w
            .get(client, "/o/communs/activity.atom")
            .await
            .text()
            .await
            .unwrap();
        assert!(!feed.contains("Secret plans"), "{feed}");
    }
    assert_eq!(w.app.count("space_members").await, 1);
    // Its members still see it.
    expect_status(w.get(&w.admin, &w.gpath("")).await, StatusCode::OK).await;
}

#[tokio::test]
async fn subgroups_go_one_level_deep_and_their_members_belong_to_the_parent() {
    let w = world().await;
    let created = w
        .post(
            &w.admin,
            &w.gpath("/subgroups"),
            &[
                ("title", "Seeds"),
                ("slug", "seeds"),
                ("description", "Seed library."),
                ("privacy", "open"),
            ],
        )
        .await;
    let sub_id = location_id_group(&created);
    expect_status(created, StatusCode::SEE_OTHER).await;
    let parent_page = expect_status(w.get(&w.admin, &w.gpath("")).await, StatusCode::OK).await;
    assert!(parent_page.contains("Seeds"), "{parent_page}");
    let sub_page = expect_status(
        w.get(&w.admin, &format!("/spaces/{sub_id}/group")).await,
        StatusCode::OK,
    )
    .await;
    assert!(sub_page.contains("Subgroup") && sub_page.contains("Garden group"));

    // A subgroup's subgroup is refused with a clear message, and nothing is created.
    let spaces_before = w.app.count("spaces").await;
    let deeper = w
        .post(
            &w.admin,
            &format!("/spaces/{sub_id}/group/subgroups"),
            &[("title", "Deeper"), ("slug", "deeper"), ("privacy", "open")],
        )
        .await;
    let body = expect_status(deeper, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("A subgroup cannot have subgroups"), "{body}");
    assert_eq!(w.app.count("spaces").await, spaces_before);

    // Members of the subgroup must be members of the parent group.
    let (ana_user, ana) = w.org_member("ana").await;
    let refused = w
        .post(
            &w.admin,
            &format!("/spaces/{sub_id}/group/members"),
            &[("email", "ana@example.org")],
        )
        .await;
    let body = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("members of its parent group"), "{body}");
    let join = w
        .post(&ana, &format!("/spaces/{sub_id}/group/join"), &[])
        .await;
    assert_eq!(join.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.role(sub_id, &ana_user).await, None);
    expect_status(
        w.post(&ana, &w.gpath("/join"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    expect_status(
        w.post(&ana, &format!("/spaces/{sub_id}/group/join"), &[])
            .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(w.role(sub_id, &ana_user).await, Some(SpaceRole::Member));
    // Leaving the parent group (removed by an admin) leaves its subgroups too.
    expect_status(
        w.post(
            &w.admin,
            &format!(
                "/spaces/{}/admin/members/{}/remove",
                w.group.id, ana_user.id
            ),
            &[],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(w.role(w.group.id, &ana_user).await, None);
    assert_eq!(w.role(sub_id, &ana_user).await, None);
    expect_status(
        w.post(&ana, &w.gpath("/join"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;

    // A member may not create subgroups (off by default), and a slug is unique.
    let (_, ben) = w.group_member("ben").await;
    let forbidden = w
        .post(
            &ben,
            &w.gpath("/subgroups"),
            &[("title", "Mine"), ("slug", "mine"), ("privacy", "open")],
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let taken = w
        .post(
            &w.admin,
            &w.gpath("/subgroups"),
            &[("title", "Again"), ("slug", "seeds"), ("privacy", "open")],
        )
        .await;
    expect_status(taken, StatusCode::UNPROCESSABLE_ENTITY).await;
    let bad = w
        .post(
            &w.admin,
            &w.gpath("/subgroups"),
            &[("title", "Bad"), ("slug", "x"), ("privacy", "hidden")],
        )
        .await;
    expect_status(bad, StatusCode::UNPROCESSABLE_ENTITY).await;

    // A secret subgroup is listed only to those who may see it.
    let secret = w
        .post(
            &w.admin,
            &w.gpath("/subgroups"),
            &[
                ("title", "Treasurers"),
                ("slug", "treasurers"),
                ("privacy", "secret"),
            ],
        )
        .await;
    let secret_id = location_id_group(&secret);
    expect_status(secret, StatusCode::SEE_OTHER).await;
    let for_ben = expect_status(w.get(&ben, &w.gpath("")).await, StatusCode::OK).await;
    assert!(
        for_ben.contains("Seeds") && !for_ben.contains("Treasurers"),
        "{for_ben}"
    );
    assert_eq!(
        w.status(&ben, &format!("/spaces/{secret_id}/group")).await,
        StatusCode::NOT_FOUND
    );
    let for_admin = expect_status(w.get(&w.admin, &w.gpath("")).await, StatusCode::OK).await;
    assert!(for_admin.contains("Treasurers"));
}

/// The subgroup id in a `/spaces/{id}/group` redirect.
fn location_id_group(response: &reqwest::Response) -> i64 {
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.split('/').nth(2))
        .and_then(|id| id.parse().ok())
        .unwrap_or(-1)
}

#[tokio::test]
async fn a_member_refused_by_a_flag_is_refused_everywhere_and_nothing_changes() {
    let w = world().await;
    let (_, ana) = w.group_member("ana").await;
    // Defaults: members start threads and create polls.
    let tid = w.thread(&ana, "Compost").await;
    w.poll(&ana, "Buy a shredder?").await;
    // The admin turns those off (and editing one's own context).
    w.settings("open", &["add_members", "invite_guests"]).await;
    let (threads_before, polls_before) = (w.app.count("threads").await, w.app.count("polls").await);
    for path in [
        format!("/threads/{}/new", w.tcid),
        format!("/polls/{}/new", w.pcid),
    ] {
        assert_eq!(w.status(&ana, &path).await, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        w.start_thread(&ana, "Another").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.create_poll(&ana, "Another").await.status(),
        StatusCode::FORBIDDEN
    );
    let list = expect_status(
        w.get(&ana, &format!("/threads/{}", w.tcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        !list.contains(&format!("/threads/{}/new", w.tcid)),
        "no start link: {list}"
    );
    let edit_path = format!("/threads/{}/{tid}/edit", w.tcid);
    assert_eq!(w.status(&ana, &edit_path).await, StatusCode::FORBIDDEN);
    let edit = w
        .post(
            &ana,
            &edit_path,
            &[
                ("title", "Compost"),
                ("context", "Changed behind the flag."),
            ],
        )
        .await;
    assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("threads").await, threads_before);
    assert_eq!(w.app.count("polls").await, polls_before);
    let context: String = sqlx::query("SELECT context FROM threads WHERE id = $1")
        .bind(tid)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("thread")
        .try_get(0)
        .expect("context");
    assert_eq!(context, "Where we stand.");
    // Members still reply: the flags are about starting things.
    let reply = w
        .post(
            &ana,
            "/comments",
            &[
                ("resource_kind", "thread"),
                ("resource_id", &tid.to_string()),
                ("body", "Still here"),
            ],
        )
        .await;
    expect_status(reply, StatusCode::SEE_OTHER).await;
    // A member cannot change the flags back (forged form): 403, nothing changes.
    let forged = w
        .post(
            &ana,
            &w.gpath("/settings"),
            &[("privacy", "open"), ("start_threads", "on")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        w.count_where("SELECT members_start_threads FROM space_groups")
            .await,
        0
    );
    // Admins are never bound by the flags.
    w.thread(&w.admin, "Admin thread").await;
    w.poll(&w.admin, "Admin poll").await;
    // With guests and members flags off, a member neither adds nor invites.
    w.settings("open", &[]).await;
    let (_, _ben) = w.org_member("ben").await;
    let add = w
        .post(&ana, &w.gpath("/members"), &[("email", "ben@example.org")])
        .await;
    assert_eq!(add.status(), StatusCode::FORBIDDEN);
    let invite = w
        .post(
            &ana,
            &w.gpath("/guests"),
            &[
                ("item", &format!("thread:{tid}")),
                ("email", "g@example.org"),
            ],
        )
        .await;
    assert_eq!(invite.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("group_guests").await, 0);
    assert_eq!(w.app.count("space_members").await, 2);
}

#[tokio::test]
async fn a_guest_sees_and_takes_part_in_one_thread_or_poll_only() {
    let w = world().await;
    w.settings(
        "secret",
        &["start_threads", "create_polls", "invite_guests"],
    )
    .await;
    let (_, ana) = w.group_member("ana").await;
    let tid = w.thread(&ana, "Invite the mayor").await;
    let other_tid = w.thread(&ana, "Internal matters").await;
    let pid = w.poll(&w.admin, "Plant apple trees?").await;

    // A member invites an e-mail address to one thread: the link goes through the outbox.
    let invited = w
        .post(
            &ana,
            &w.gpath("/guests"),
            &[
                ("item", &format!("thread:{tid}")),
                ("email", "Guest@Example.org"),
            ],
        )
        .await;
    let page = expect_status(invited, StatusCode::OK).await;
    assert!(page.contains("An invitation was sent to guest@example.org"));
    let mail = w
        .app
        .last_email_to("guest@example.org")
        .await
        .expect("mail");
    let link = link_containing(&mail, "/guest-invitations/").expect("link");
    let path = link
        .split_once("/guest-invitations/")
        .map(|(_, t)| format!("/guest-invitations/{t}"))
        .expect("path");

    // Not signed in: sign in first. Then the link opens the thread.
    let anonymous = w.app.new_browser();
    assert_eq!(w.status(&anonymous, &path).await, StatusCode::SEE_OTHER);
    let guest_user = w.app.create_user("guest@example.org", PASSWORD).await;
    let guest = w.app.browser_signed_in(&guest_user).await;
    let opened = w.get(&guest, &path).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        opened
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok()),
        Some(format!("/threads/{}/{tid}", w.tcid).as_str())
    );
    let thread_page = expect_status(
        w.get(&guest, &format!("/threads/{}/{tid}", w.tcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(thread_page.contains("Invite the mayor"));
    let reply = w
        .post(
            &guest,
            "/comments",
            &[
                ("resource_kind", "thread"),
                ("resource_id", &tid.to_string()),
                ("body", "Happy to come"),
            ],
        )
        .await;
    expect_status(reply, StatusCode::SEE_OTHER).await;
    assert_eq!(w.app.count("comments").await, 1);

    // Nothing else of the group: 404 for the rest, and no reply elsewhere.
    for path in [
        format!("/threads/{}/{other_tid}", w.tcid),
        format!("/threads/{}", w.tcid),
        format!("/threads/{}/new", w.tcid),
        format!("/polls/{}/{pid}", w.pcid),
        format!("/polls/{}", w.pcid),
        format!("/spaces/{}", w.group.id),
        w.gpath(""),
        format!("/api/v1/polls/{pid}"),
        format!("/api/v1/spaces/{}/polls", w.group.id),
    ] {
        assert_eq!(
            w.status(&guest, &path).await,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let elsewhere = w
        .post(
            &guest,
            "/comments",
            &[
                ("resource_kind", "thread"),
                ("resource_id", &other_tid.to_string()),
                ("body", "Sneaky"),
            ],
        )
        .await;
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        w.start_thread(&guest, "Guest thread").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(w.app.count("comments").await, 1);

    // The link works for one account only; a made-up token is not found.
    let (_, thief) = w.org_member("thief").await;
    assert_eq!(w.status(&thief, &path).await, StatusCode::NOT_FOUND);
    assert_eq!(
        w.status(&thief, &format!("/threads/{}/{tid}", w.tcid))
            .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.status(&guest, "/guest-invitations/not-a-token").await,
        StatusCode::NOT_FOUND
    );

    // Invited to a poll, the same guest votes there (page and API), and only there.
    expect_status(
        w.post(
            &w.admin,
            &w.gpath("/guests"),
            &[
                ("item", &format!("poll:{pid}")),
                ("email", "guest@example.org"),
            ],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mail = w
        .app
        .last_email_to("guest@example.org")
        .await
        .expect("mail");
    let link = link_containing(&mail, "/guest-invitations/").expect("link");
    let path = link
        .split_once("/guest-invitations/")
        .map(|(_, t)| format!("/guest-invitations/{t}"))
        .expect("path");
    assert_eq!(w.status(&guest, &path).await, StatusCode::SEE_OTHER);
    let options: Vec<i64> =
        sqlx::query("SELECT id FROM poll_options WHERE poll_id = $1 ORDER BY position")
            .bind(pid)
            .fetch_all(&w.app.db().pool)
            .await
            .expect("options")
            .iter()
            .map(|r| r.try_get(0).expect("id"))
            .collect();
    let voted = w
        .post(
            &guest,
            &format!("/polls/{}/{pid}/vote", w.pcid),
            &[("choice", &options[0].to_string())],
        )
        .await;
    expect_status(voted, StatusCode::OK).await;
    let token = agora::platform::sessions::create_api_token(w.app.db(), guest_user.id, "test")
        .await
        .expect("token");
    let api = w
        .app
        .new_browser()
        .get(w.url(&format!("/api/v1/polls/{pid}")))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("GET");
    let doc: Value = serde_json::from_str(&expect_status(api, StatusCode::OK).await).expect("json");
    assert_eq!(doc["voters_count"], 1);
    // The guest counts among the poll's eligible voters ("who has not voted", quorum).
    let poll = agora::components::polls::model::find(w.app.db(), pid)
        .await
        .expect("find")
        .expect("poll");
    let eligible = agora::components::polls::voters::eligible_for(w.app.db(), &poll)
        .await
        .expect("eligible")
        .expect("a list");
    assert!(
        eligible.iter().any(|(id, _)| *id == guest_user.id),
        "{eligible:?}"
    );

    // An admin sees the guests and revokes one: the guest loses the thread at once.
    let admin_page = expect_status(w.get(&w.admin, &w.gpath("")).await, StatusCode::OK).await;
    assert!(admin_page.contains("guest@example.org") && admin_page.contains("Link opened"));
    let thread_invitation: i64 =
        sqlx::query("SELECT id FROM group_guests WHERE item_kind = 'thread' AND item_id = $1")
            .bind(tid)
            .fetch_one(&w.app.db().pool)
            .await
            .expect("invitation")
            .try_get(0)
            .expect("id");
    let revoke_path = w.gpath(&format!("/guests/{thread_invitation}/revoke"));
    let forged = w.post(&ana, &revoke_path, &[]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    expect_status(
        w.post(&w.admin, &revoke_path, &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(
        w.status(&guest, &format!("/threads/{}/{tid}", w.tcid))
            .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.status(&guest, &format!("/polls/{}/{pid}", w.pcid)).await,
        StatusCode::OK
    );
    let again = w.post(&w.admin, &revoke_path, &[]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Bad invitations change nothing: an item of another group, a made-up kind, a bad address.
    let guests_before = w.app.count("group_guests").await;
    for (item, email) in [
        ("thread:999999", "x@example.org"),
        ("proposal:1", "x@example.org"),
        (&*format!("thread:{tid}"), "not an address"),
    ] {
        let response = w
            .post(
                &w.admin,
                &w.gpath("/guests"),
                &[("item", item), ("email", email)],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{item} {email}"
        );
    }
    assert_eq!(w.app.count("group_guests").await, guests_before);
}

#[tokio::test]
async fn the_demo_has_a_group_with_a_closed_subgroup_and_a_join_request() {
    let app = TestApp::spawn().await;
    agora::demo::load_if_empty(app.db()).await.expect("demo");
    let org = organizations::find_by_slug(app.db(), "assoc-des-communs")
        .await
        .expect("org")
        .expect("demo org");
    let group = spaces::find_by_slug(app.db(), org.id, "general-assembly")
        .await
        .expect("space")
        .expect("demo group");
    assert!(group.group.is_some());
    let carla = agora::platform::accounts::find_by_email(app.db(), "carla@agora.test")
        .await
        .expect("carla")
        .expect("carla");
    let client = app.browser_signed_in(&carla).await;
    let page = client
        .get(app.url(&format!("/spaces/{}/group", group.id)))
        .send()
        .await
        .expect("GET");
    let page = expect_status(page, StatusCode::OK).await;
    assert!(page.contains("Garden working group"), "{page}");
    let sub = spaces::find_by_slug(app.db(), org.id, "garden-working-group")
        .await
        .expect("space")
        .expect("subgroup");
    let page = client
        .get(app.url(&format!("/spaces/{}/group", sub.id)))
        .send()
        .await
        .expect("GET");
    let page = expect_status(page, StatusCode::OK).await;
    assert!(
        page.contains("Closed group") && page.contains("I can water the plants"),
        "{page}"
    );
}

#[tokio::test]
async fn two_admins_deciding_one_request_at_once_decide_it_once() {
    let w = world().await;
    w.settings("closed", &["start_threads"]).await;
    let (ana_user, ana) = w.org_member("ana").await;
    expect_status(
        w.post(&ana, &w.gpath("/join"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let other_admin = w.app.create_user("admin2@example.org", PASSWORD).await;
    spaces::set_member(w.app.db(), w.group.id, other_admin.id, SpaceRole::Admin)
        .await
        .expect("admin");
    let other = w.app.browser_signed_in(&other_admin).await;
    let rid: i64 = sqlx::query("SELECT id FROM group_join_requests")
        .fetch_one(&w.app.db().pool)
        .await
        .expect("request")
        .try_get(0)
        .expect("id");
    let (accept_path, decline_path) = (
        w.gpath(&format!("/requests/{rid}/accept")),
        w.gpath(&format!("/requests/{rid}/decline")),
    );
    let accept = w.post(&w.admin, &accept_path, &[]);
    let decline = w.post(&other, &decline_path, &[]);
    let (a, d) = tokio::join!(accept, decline);
    let statuses = [a.status(), d.status()];
    assert!(statuses.contains(&StatusCode::SEE_OTHER), "{statuses:?}");
    assert!(
        statuses.contains(&StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    let status: String = sqlx::query("SELECT status FROM group_join_requests WHERE id = $1")
        .bind(rid)
        .fetch_one(&w.app.db().pool)
        .await
        .expect("request")
        .try_get(0)
        .expect("status");
    let member = w.role(w.group.id, &ana_user).await.is_some();
    assert_eq!(member, status == "accepted", "{status}");
    assert_eq!(
        w.count_where("SELECT COUNT(*) FROM outbox WHERE to_address = 'ana@example.org'")
            .await,
        1
    );
}

#[tokio::test]
async fn members_leave_a_group_and_its_subgroups_but_the_last_admin_stays() {
    let w = world().await;
    let (ana_user, ana) = w.group_member("ana").await;
    let created = w
        .post(
            &w.admin,
            &w.gpath("/subgroups"),
            &[("title", "Seeds"), ("slug", "seeds"), ("privacy", "open")],
        )
        .await;
    let sub_id = location_id_group(&created);
    expect_status(created, StatusCode::SEE_OTHER).await;
    expect_status(
        w.post(&ana, &format!("/spaces/{sub_id}/group/join"), &[])
            .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let page = expect_status(w.get(&ana, &w.gpath("")).await, StatusCode::OK).await;
    assert!(page.contains("Leave the group"));
    expect_status(
        w.post(&ana, &w.gpath("/leave"), &[]).await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(w.role(w.group.id, &ana_user).await, None);
    assert_eq!(w.role(sub_id, &ana_user).await, None);
    // Leaving again says so and changes nothing.
    let again = w.post(&ana, &w.gpath("/leave"), &[]).await;
    let body = expect_status(again, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("You are not a member of this group."));
    // The last admin cannot leave; with two admins leaving at once, one stays.
    let refused = w.post(&w.admin, &w.gpath("/leave"), &[]).await;
    let body = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.contains("last admin"), "{body}");
    let second = w.app.create_user("admin2@example.org", PASSWORD).await;
    spaces::set_member(w.app.db(), w.group.id, second.id, SpaceRole::Admin)
        .await
        .expect("admin");
    let second_client = w.app.browser_signed_in(&second).await;
    let leave = w.gpath("/leave");
    let (a, b) = tokio::join!(
        w.post(&w.admin, &leave, &[]),
        w.post(&second_client, &leave, &[])
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]
    );
    assert_eq!(
        w.count_where(&format!(
            "SELECT COUNT(*) FROM space_members WHERE space_id = {} AND role = 'admin'",
            w.group.id
        ))
        .await,
        1
    );
}

// ----- guests' notifications, the "edit others' comments" flag, reactions through the API,
// nicknames next to authors' names -----

impl World {
    /// Invites `email` to `item` (`thread:ID` or `poll:ID`) as the admin, and accepts the
    /// invitation as `guest`.
    async fn invite_guest(&self, item: &str, email: &str, guest: &Client) {
        let invited = self
            .post(
                &self.admin,
                &self.gpath("/guests"),
                &[("item", item), ("email", email)],
            )
            .await;
        expect_status(invited, StatusCode::OK).await;
        let mail = self.app.last_email_to(email).await.expect("invitation");
        let link = link_containing(&mail, "/guest-invitations/").expect("link");
        let path = link
            .split_once("/guest-invitations/")
            .map(|(_, t)| format!("/guest-invitations/{t}"))
            .expect("path");
        assert_eq!(self.status(guest, &path).await, StatusCode::SEE_OTHER);
    }

    /// A poll created closed (a draft) by the admin.
    async fn draft_poll(&self, title: &str) -> i64 {
        let response = self
            .post(
                &self.admin,
                &format!("/polls/{}/new", self.pcid),
                &[
                    ("poll_type", "proposal"),
                    ("preset", "proposal"),
                    ("title", title),
                    ("reason", "optional"),
                    ("reason_max", "200"),
                    ("hide_results", "off"),
                ],
            )
            .await;
        let id = location_id(&response);
        expect_status(response, StatusCode::SEE_OTHER).await;
        id
    }

    async fn reply(&self, client: &Client, tid: i64, body: &str) -> i64 {
        let response = self
            .post(
                client,
                "/comments",
                &[
                    ("resource_kind", "thread"),
                    ("resource_id", &tid.to_string()),
                    ("body", body),
                ],
            )
            .await;
        expect_status(response, StatusCode::SEE_OTHER).await;
        self.count_where("SELECT MAX(id) FROM comments").await
    }

    /// Every e-mail queued for an address but the invitations: (subject, body).
    async fn notification_emails(&self, email: &str) -> Vec<(String, String)> {
        sqlx::query(
            "SELECT subject, body FROM outbox WHERE to_address = $1
             AND body NOT LIKE '%/guest-invitations/%' ORDER BY id",
        )
        .bind(email)
        .fetch_all(&self.app.db().pool)
        .await
        .expect("outbox")
        .iter()
        .map(|r| (r.try_get(0).expect("subject"), r.try_get(1).expect("body")))
        .collect()
    }

    /// (kind, link) of a person's in-app notifications.
    async fn notifications_of(&self, user: &User) -> Vec<(String, String)> {
        sqlx::query("SELECT kind, link FROM notifications WHERE user_id = $1 ORDER BY id")
            .bind(user.id)
            .fetch_all(&self.app.db().pool)
            .await
            .expect("notifications")
            .iter()
            .map(|r| (r.try_get(0).expect("kind"), r.try_get(1).expect("link")))
            .collect()
    }

    fn api(&self, token: &str, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.app
            .new_browser()
            .request(method, self.url(&format!("/api/v1{path}")))
            .header("authorization", format!("Bearer {token}"))
    }
}

#[tokio::test]
async fn a_guest_hears_of_their_thread_and_poll_and_of_nothing_else_in_the_group() {
    let w = world().await;
    w.settings(
        "secret",
        &["start_threads", "create_polls", "invite_guests"],
    )
    .await;
    let (ana_user, ana) = w.group_member("ana").await;
    let tid = w.thread(&ana, "Invite the mayor").await;
    let other_tid = w.thread(&ana, "Internal matters").await;
    let pid = w.draft_poll("Plant apple trees?").await;
    let other_pid = w.draft_poll("Buy a shed?").await;
    let guest_user = w.app.create_user("guest@example.org", PASSWORD).await;
    let guest = w.app.browser_signed_in(&guest_user).await;
    w.invite_guest(&format!("thread:{tid}"), "guest@example.org", &guest)
        .await;
    w.invite_guest(&format!("poll:{pid}"), "guest@example.org", &guest)
        .await;
    let nick = agora::platform::accounts::nicknames::of(w.app.db(), guest_user.id)
        .await
        .expect("nickname")
        .expect("has one");

    // Mentions: in their thread, an in-app notification and an e-mail; elsewhere, nothing.
    w.reply(&ana, tid, &format!("Welcome @{nick}!")).await;
    w.reply(&ana, other_tid, &format!("Do not tell @{nick} about this."))
        .await;
    let mails = w.notification_emails("guest@example.org").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].0.contains("mentioned you"), "{}", mails[0].0);
    assert!(mails[0].1.contains("Welcome"));

    // Replies: the guest replies (and so follows the thread, as members do) and hears of the
    // next reply there — not of replies in the other thread.
    w.reply(&guest, tid, "Thank you, I will come.").await;
    let answer = w.reply(&ana, tid, "Great, see you on Monday.").await;
    w.reply(&ana, other_tid, "Another internal reply.").await;
    let heard = w.notifications_of(&guest_user).await;
    assert!(
        heard.contains(&("new-comment".to_string(), format!("/comments/{answer}"))),
        "{heard:?}"
    );
    // The thread's author hears of the guest's reply.
    assert!(
        w.notifications_of(&ana_user)
            .await
            .iter()
            .any(|(kind, _)| kind == "new-comment")
    );

    // Polls: opened, closing soon, outcome — for their poll only.
    let closes = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 7))
        .to_zoned(jiff::tz::TimeZone::UTC)
        .datetime()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    for id in [pid, other_pid] {
        let opened = w
            .post(
                &w.admin,
                &format!("/polls/{}/{id}/open", w.pcid),
                &[("closes_at", closes.as_str())],
            )
            .await;
        expect_status(opened, StatusCode::SEE_OTHER).await;
    }
    sqlx::query("UPDATE polls SET opened_at = $1, closes_at = $2")
        .bind(agora::db::now() - 3 * 86_400)
        .bind(agora::db::now() + 3_600)
        .execute(&w.app.db().pool)
        .await
        .expect("soon");
    assert_eq!(
        polls::mail::remind_closing(w.app.db(), &w.app.state.config)
            .await
            .expect("remind"),
        2
    );
    for id in [pid, other_pid] {
        let closed = w
            .post(&w.admin, &format!("/polls/{}/{id}/close", w.pcid), &[])
            .await;
        expect_status(closed, StatusCode::SEE_OTHER).await;
        let outcome = w
            .post(
                &w.admin,
                &format!("/polls/{}/{id}/outcome", w.pcid),
                &[("outcome", "We go ahead."), ("outcome_option", "")],
            )
            .await;
        expect_status(outcome, StatusCode::SEE_OTHER).await;
    }
    let subjects: Vec<String> = w
        .notification_emails("guest@example.org")
        .await
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        subjects[1..],
        [
            "A poll is open to you: “Plant apple trees?”",
            "The poll “Plant apple trees?” closes soon and you have not voted",
            "Outcome published for the poll “Plant apple trees?”",
        ],
        "{subjects:?}"
    );
    // Nothing at all, e-mail or in-app, about the group's other thread and poll.
    let other_links = [
        format!("/threads/{}/{other_tid}", w.tcid),
        format!("/polls/{}/{other_pid}", w.pcid),
    ];
    for (subject, body) in w.notification_emails("guest@example.org").await {
        assert!(!subject.contains("Buy a shed") && !subject.contains("Internal"));
        assert!(!other_links.iter().any(|l| body.contains(l)), "{body}");
    }
    let other_comments: Vec<i64> = sqlx::query("SELECT id FROM comments WHERE resource_id = $1")
        .bind(other_tid)
        .fetch_all(&w.app.db().pool)
        .await
        .expect("comments")
        .iter()
        .map(|r| r.try_get(0).expect("id"))
        .collect();
    for (kind, link) in w.notifications_of(&guest_user).await {
        assert!(
            !other_links.iter().any(|l| link.starts_with(l.as_str()))
                && !other_comments
                    .iter()
                    .any(|c| link == format!("/comments/{c}")),
            "{kind} {link}"
        );
    }

    // The guest's unsubscribe link works: one click, and no more e-mails.
    let (_, body) = w
        .notification_emails("guest@example.org")
        .await
        .pop()
        .expect("mail");
    let link = link_containing(&body, "/unsubscribe/").expect("unsubscribe link");
    let path = link
        .trim_start_matches(&w.app.state.config.base_url)
        .to_string();
    let unsubscribed = w
        .app
        .new_browser()
        .post(w.url(&path))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .expect("POST");
    expect_status(unsubscribed, StatusCode::OK).await;
    let before = w.notification_emails("guest@example.org").await.len();
    w.reply(&ana, tid, &format!("@{nick}, one more thing."))
        .await;
    assert_eq!(
        w.notification_emails("guest@example.org").await.len(),
        before
    );

    // A revoked guest hears nothing more of the thread.
    let invitation: i64 =
        sqlx::query("SELECT id FROM group_guests WHERE item_kind = 'thread' AND item_id = $1")
            .bind(tid)
            .fetch_one(&w.app.db().pool)
            .await
            .expect("invitation")
            .try_get(0)
            .expect("id");
    expect_status(
        w.post(
            &w.admin,
            &w.gpath(&format!("/guests/{invitation}/revoke")),
            &[],
        )
        .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    let heard = w.notifications_of(&guest_user).await.len();
    w.reply(&ana, tid, &format!("Bye @{nick}.")).await;
    assert_eq!(w.notifications_of(&guest_user).await.len(), heard);
}

#[tokio::test]
async fn editing_others_comments_is_a_group_flag_off_by_default_that_keeps_history() {
    let w = world().await;
    let (_, ana) = w.group_member("ana").await;
    let (bob_user, bob) = w.group_member("bob").await;
    let tid = w.thread(&ana, "Agenda").await;
    let other_tid = w.thread(&ana, "Other").await;
    let cid = w.reply(&ana, tid, "Meeting on Monday.").await;
    let edit = format!("/comments/{cid}/edit");

    // Off by default: another member has no edit button, and is refused (403) on the form
    // and on a forged post, which changes nothing.
    let page = expect_status(
        w.get(&bob, &format!("/threads/{}/{tid}", w.tcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!page.contains(&format!(r#"href="{edit}""#)));
    assert_eq!(w.status(&bob, &edit).await, StatusCode::FORBIDDEN);
    let forged = w.post(&bob, &edit, &[("body", "Meeting cancelled.")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let body_of = |id: i64| {
        let pool = w.app.db().pool.clone();
        async move {
            sqlx::query("SELECT body FROM comments WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .expect("comment")
                .try_get::<String, _>(0)
                .expect("body")
        }
    };
    assert_eq!(body_of(cid).await, "Meeting on Monday.");
    assert_eq!(w.app.count("comment_versions").await, 0);
    // The settings page shows the flag, off.
    let settings = expect_status(w.get(&w.admin, &w.gpath("")).await, StatusCode::OK).await;
    assert!(settings.contains(r#"name="edit_comments""#));
    assert!(settings.contains("Edit other people"));

    // Admins always may: the group admin edits Ana's reply.
    expect_status(
        w.post(&w.admin, &edit, &[("body", "Meeting on Tuesday.")])
            .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(body_of(cid).await, "Meeting on Tuesday.");

    // On: another member edits; the old text is a version and the log says who edited.
    w.settings("open", &["start_threads", "edit_comments"])
        .await;
    let page = expect_status(
        w.get(&bob, &format!("/threads/{}/{tid}", w.tcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains(&format!(r#"href="{edit}""#)));
    let form = expect_status(w.get(&bob, &edit).await, StatusCode::OK).await;
    assert!(form.contains("Meeting on Tuesday."));
    expect_status(
        w.post(&bob, &edit, &[("body", "Meeting on Wednesday.")])
            .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    assert_eq!(body_of(cid).await, "Meeting on Wednesday.");
    assert_eq!(w.app.count("comment_versions").await, 2);
    let history = expect_status(
        w.get(&bob, &format!("/comments/{cid}/history")).await,
        StatusCode::OK,
    )
    .await;
    assert!(history.contains("Meeting on Monday.") && history.contains("Meeting on Tuesday."));
    agora::platform::action_log::settle(w.app.db())
        .await
        .expect("settle");
    let editors: Vec<i64> = sqlx::query(
        "SELECT actor_id FROM action_log WHERE action = 'comment-edited' AND subject_id = $1
         ORDER BY seq",
    )
    .bind(cid)
    .fetch_all(&w.app.db().pool)
    .await
    .expect("log")
    .iter()
    .map(|r| r.try_get(0).expect("actor"))
    .collect();
    assert_eq!(editors.last(), Some(&bob_user.id));
    assert_eq!(editors.len(), 2);
    // Deleting stays the author's.
    assert_eq!(
        w.post(&bob, &format!("/comments/{cid}/delete"), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Guests never, flag or not; nor an organisation member outside the group.
    let guest_user = w.app.create_user("guest@example.org", PASSWORD).await;
    let guest = w.app.browser_signed_in(&guest_user).await;
    w.invite_guest(&format!("thread:{tid}"), "guest@example.org", &guest)
        .await;
    assert_eq!(w.status(&guest, &edit).await, StatusCode::FORBIDDEN);
    let forged = w.post(&guest, &edit, &[("body", "Guest was here.")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let (_, outsider) = w.org_member("olga").await;
    let forged = w
        .post(&outsider, &edit, &[("body", "Olga was here.")])
        .await;
    assert!(
        [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&forged.status()),
        "{}",
        forged.status()
    );
    let other = w.reply(&ana, other_tid, "Elsewhere.").await;
    assert_eq!(
        w.status(&guest, &format!("/comments/{other}/edit")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(body_of(cid).await, "Meeting on Wednesday.");
    assert_eq!(w.app.count("comment_versions").await, 2);
    let report = agora::platform::action_log::verify(w.app.db())
        .await
        .expect("verify");
    assert!(report.intact());
}

#[tokio::test]
async fn reactions_through_the_api_count_once_and_refuse_what_the_page_refuses() {
    let w = world().await;
    w.settings(
        "secret",
        &["start_threads", "create_polls", "invite_guests"],
    )
    .await;
    let (ana_user, ana) = w.group_member("ana").await;
    let (bob_user, _) = w.group_member("bob").await;
    let tid = w.thread(&ana, "Agenda").await;
    let other_tid = w.thread(&ana, "Other").await;
    let reply = w.reply(&ana, tid, "Monday?").await;
    let other_reply = w.reply(&ana, other_tid, "Elsewhere.").await;
    let ana_token = agora::platform::sessions::create_api_token(w.app.db(), ana_user.id, "t")
        .await
        .expect("token");
    let bob_token = agora::platform::sessions::create_api_token(w.app.db(), bob_user.id, "t")
        .await
        .expect("token");
    let path = format!("/comments/{reply}/reactions/thumbs_up");

    // 20 identical PUTs at once leave one reaction.
    let puts: Vec<_> = (0..20)
        .map(|_| tokio::spawn(w.api(&bob_token, reqwest::Method::PUT, &path).send()))
        .collect();
    for put in puts {
        let response = put.await.expect("task").expect("PUT");
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(w.app.count("comment_reactions").await, 1);
    let doc: Value = serde_json::from_str(
        &expect_status(
            w.api(
                &ana_token,
                reqwest::Method::PUT,
                &format!("/comments/{reply}/reactions/heart"),
            )
            .send()
            .await
            .expect("PUT"),
            StatusCode::OK,
        )
        .await,
    )
    .expect("json");
    assert_eq!(doc["comment_id"], reply);
    assert_eq!(doc["reactions"][0]["emoji"], "thumbs_up");
    assert_eq!(doc["reactions"][0]["count"], 1);
    assert_eq!(doc["reactions"][0]["mine"], false);
    assert_eq!(doc["reactions"][1]["emoji"], "heart");
    assert_eq!(doc["reactions"][1]["mine"], true);

    // The thread's replies in the API carry them, with the caller's own.
    let list: Value = serde_json::from_str(
        &expect_status(
            w.api(
                &bob_token,
                reqwest::Method::GET,
                &format!("/threads/{tid}/comments"),
            )
            .send()
            .await
            .expect("GET"),
            StatusCode::OK,
        )
        .await,
    )
    .expect("json");
    assert_eq!(list["thread_id"], tid);
    let first = &list["comments"][0];
    assert_eq!(first["id"], reply);
    assert_eq!(first["reactions"][0]["emoji"], "thumbs_up");
    assert_eq!(first["reactions"][0]["mine"], true);
    assert_eq!(first["reactions"][1]["count"], 1);
    assert_eq!(first["reactions"][1]["mine"], false);

    // DELETE takes it back (twice: still fine, still gone).
    for _ in 0..2 {
        expect_status(
            w.api(&bob_token, reqwest::Method::DELETE, &path)
                .send()
                .await
                .expect("DELETE"),
            StatusCode::OK,
        )
        .await;
    }
    assert_eq!(w.app.count("comment_reactions").await, 1);

    // Problem documents, and nothing written: an unknown emoji, a comment of another space
    // the caller may not see, a guest of another thread, no token.
    let problem = |response: reqwest::Response, status: StatusCode| async move {
        assert_eq!(response.status(), status);
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
        response.text().await.expect("body")
    };
    let detail = problem(
        w.api(
            &bob_token,
            reqwest::Method::PUT,
            &format!("/comments/{reply}/reactions/poop"),
        )
        .send()
        .await
        .expect("PUT"),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(detail.contains("thumbs_up"), "{detail}");
    let (olga_user, _) = w.org_member("olga").await;
    let olga_token = agora::platform::sessions::create_api_token(w.app.db(), olga_user.id, "t")
        .await
        .expect("token");
    problem(
        w.api(&olga_token, reqwest::Method::PUT, &path)
            .send()
            .await
            .expect("PUT"),
        StatusCode::NOT_FOUND,
    )
    .await;
    let guest_user = w.app.create_user("guest@example.org", PASSWORD).await;
    let guest = w.app.browser_signed_in(&guest_user).await;
    w.invite_guest(&format!("thread:{tid}"), "guest@example.org", &guest)
        .await;
    let guest_token = agora::platform::sessions::create_api_token(w.app.db(), guest_user.id, "t")
        .await
        .expect("token");
    problem(
        w.api(
            &guest_token,
            reqwest::Method::PUT,
            &format!("/comments/{other_reply}/reactions/heart"),
        )
        .send()
        .await
        .expect("PUT"),
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        w.api(
            &guest_token,
            reqwest::Method::GET,
            &format!("/threads/{other_tid}/comments"),
        )
        .send()
        .await
        .expect("GET"),
        StatusCode::NOT_FOUND,
    )
    .await;
    // In their own thread the guest reacts, as on the page.
    expect_status(
        w.api(&guest_token, reqwest::Method::PUT, &path)
            .send()
            .await
            .expect("PUT"),
        StatusCode::OK,
    )
    .await;
    problem(
        w.app
            .new_browser()
            .put(w.url(&format!("/api/v1{path}")))
            .send()
            .await
            .expect("PUT"),
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // A proposal's comment, or a made-up id: not a thread reply.
    problem(
        w.api(
            &bob_token,
            reqwest::Method::PUT,
            "/comments/999999/reactions/heart",
        )
        .send()
        .await
        .expect("PUT"),
        StatusCode::NOT_FOUND,
    )
    .await;
    // A closed thread takes no new reaction.
    expect_status(
        w.post(&ana, &format!("/threads/{}/{tid}/close", w.tcid), &[])
            .await,
        StatusCode::SEE_OTHER,
    )
    .await;
    problem(
        w.api(&bob_token, reqwest::Method::PUT, &path)
            .send()
            .await
            .expect("PUT"),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(w.app.count("comment_reactions").await, 2);
}

#[tokio::test]
async fn author_names_show_their_nickname_linking_to_their_page() {
    let w = world().await;
    let (ana_user, ana) = w.group_member("ana").await;
    let (bob_user, bob) = w.group_member("bob").await;
    let tid = w.thread(&ana, "Agenda").await;
    w.reply(&bob, tid, "Monday suits me.").await;
    let pid = w.poll(&w.admin, "Monday?").await;
    let db = w.app.db().clone();
    let nick = |id: i64| {
        let db = db.clone();
        async move {
            agora::platform::accounts::nicknames::of(&db, id)
                .await
                .expect("nickname")
                .expect("has one")
        }
    };
    let (ana_nick, bob_nick) = (nick(ana_user.id).await, nick(bob_user.id).await);
    let admin_nick: String =
        sqlx::query("SELECT nickname FROM users WHERE email = 'admin@example.org'")
            .fetch_one(&w.app.db().pool)
            .await
            .expect("admin")
            .try_get(0)
            .expect("nickname");
    let link = |n: &str| format!(r#"<a class="nickname" href="/u/{n}">@{n}</a>"#);

    let thread_page = expect_status(
        w.get(&bob, &format!("/threads/{}/{tid}", w.tcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(thread_page.contains(&link(&ana_nick)), "thread author");
    assert!(thread_page.contains(&link(&bob_nick)), "reply author");
    let list = expect_status(
        w.get(&bob, &format!("/threads/{}", w.tcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains(&link(&ana_nick)));
    let poll_page = expect_status(
        w.get(&bob, &format!("/polls/{}/{pid}", w.pcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(poll_page.contains(&link(&admin_nick)));
    // The nickname's page exists.
    let profile = expect_status(w.get(&ana, &format!("/u/{bob_nick}")).await, StatusCode::OK).await;
    assert!(profile.contains(&bob_nick));

    // A blocked author keeps the placeholder, without a nickname.
    sqlx::query("UPDATE users SET blocked_at = 1 WHERE id = $1")
        .bind(bob_user.id)
        .execute(&w.app.db().pool)
        .await
        .expect("block");
    let thread_page = expect_status(
        w.get(&ana, &format!("/threads/{}/{tid}", w.tcid)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!thread_page.contains(&format!("@{bob_nick}")));
    assert!(thread_page.contains("Monday suits me."));
}
