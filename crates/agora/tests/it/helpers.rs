//! The test application and its client.

use std::sync::atomic::{AtomicU64, Ordering};

use agora::app::{AppState, Application};
use agora::config::Config;
use agora::db::{Db, migrate};
use agora::platform::accounts::{self, NewUser, User};
use reqwest::StatusCode;
use sqlx::Row;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A running agora and an HTTP client with its own cookie jar (one "browser").
pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub client: reqwest::Client,
    _dir: Option<TempDir>,
}

/// A temporary folder removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A unique name for this process and call.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    )
}

/// A fresh, migrated database on the backend under test.
pub async fn fresh_database() -> (Db, Option<TempDir>) {
    sqlx::any::install_default_drivers();
    if let Ok(admin_url) = std::env::var("AGORA_TEST_POSTGRES_URL") {
        let name = unique("agora_test");
        let admin = Db::connect(&admin_url)
            .await
            .expect("connect to AGORA_TEST_POSTGRES_URL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin.pool)
            .await
            .expect("create test database");
        admin.pool.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        let db = Db::connect(&format!("{base}/{name}"))
            .await
            .expect("connect to test database");
        migrate::run(&db).await.expect("migrate");
        (db, None)
    } else {
        let dir = std::env::temp_dir().join(unique("agora_test"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = Db::connect(&format!("sqlite://{}", dir.join("agora.db").display()))
            .await
            .expect("open sqlite");
        migrate::run(&db).await.expect("migrate");
        (db, Some(TempDir(dir)))
    }
}

impl TestApp {
    /// Boots agora on a fresh database.
    pub async fn spawn() -> TestApp {
        let (db, dir) = fresh_database().await;
        let mut config = Config::for_database("test");
        config.bind = "127.0.0.1:0".into();
        let app = Application::build(config, db).await.expect("bind");
        let base = format!("http://{}", app.local_addr());
        let state = app.state.clone();
        tokio::spawn(app.run());
        TestApp {
            base,
            state,
            client: new_client(),
            _dir: dir,
        }
    }

    /// Another browser (empty cookie jar) on the same server.
    pub fn new_browser(&self) -> reqwest::Client {
        new_client()
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Posts a form as a same-origin browser would.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        post_form_with(&self.client, &self.url(path), form).await
    }

    /// Creates a confirmed account directly in the database.
    pub async fn create_user(&self, email: &str, password: &str) -> User {
        accounts::create_user(
            self.db(),
            NewUser {
                email,
                name: email.split('@').next().unwrap_or(email),
                password,
                instance_admin: false,
                confirmed: true,
                locale: None,
            },
        )
        .await
        .expect("create user")
    }

    /// Signs this app's browser in through the real form.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/sign-in", &[("email", email), ("password", password)])
            .await
    }

    /// The body of the newest e-mail queued for `to`.
    pub async fn last_email_to(&self, to: &str) -> Option<String> {
        sqlx::query("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
            .bind(to)
            .fetch_optional(&self.db().pool)
            .await
            .expect("outbox")
            .map(|r| r.try_get::<String, _>("body").expect("body"))
    }

    /// Counts rows of a table (to prove bad input wrote nothing). The action log's entries
    /// still pending count too: it is settled first.
    pub async fn count(&self, table: &str) -> i64 {
        if table == "action_log" {
            agora::platform::action_log::settle(self.db())
                .await
                .expect("settle");
        }
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&self.db().pool)
            .await
            .expect("count")
            .try_get::<i64, _>(0)
            .expect("count value")
    }
}

fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Posts a form with the headers a same-origin browser sends.
pub async fn post_form_with(
    client: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(url)
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .expect("POST")
}

/// The first link in `text` that contains `needle`.
pub fn link_containing(text: &str, needle: &str) -> Option<String> {
    text.split_whitespace()
        .find(|w| w.contains(needle) && w.starts_with("http"))
        .map(String::from)
}

/// Asserts a status with the body in the failure message.
pub async fn expect_status(response: reqwest::Response, status: StatusCode) -> String {
    let got = response.status();
    let body = response.text().await.unwrap_or_default();
    assert_eq!(
        got,
        status,
        "unexpected status; body: {}",
        &body[..body.len().min(2000)]
    );
    body
}

impl TestApp {
    /// Boots agora on a fresh database with a changed configuration (e.g. a higher rate limit).
    pub async fn spawn_with(change: impl FnOnce(&mut Config)) -> TestApp {
        let (db, dir) = fresh_database().await;
        let mut config = Config::for_database("test");
        config.bind = "127.0.0.1:0".into();
        change(&mut config);
        let app = Application::build(config, db).await.expect("bind");
        let base = format!("http://{}", app.local_addr());
        let state = app.state.clone();
        tokio::spawn(app.run());
        TestApp {
            base,
            state,
            client: new_client(),
            _dir: dir,
        }
    }

    /// A browser signed in with a session token (no cookie jar: the session cookie is a
    /// default header), as if the person had signed in through the form.
    pub fn browser_for(&self, token: &str) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("{}={token}", agora::platform::sessions::COOKIE)
                .parse()
                .expect("cookie header"),
        );
        reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// A browser signed in as `user` (a session created directly in the database).
    pub async fn browser_signed_in(&self, user: &User) -> reqwest::Client {
        let token = agora::platform::sessions::create(self.db(), user.id, None, None)
            .await
            .expect("session");
        self.browser_for(&token)
    }
}
