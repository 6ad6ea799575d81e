//! Run-time settings, from the command line or `AGORA_*` environment variables.

use crate::i18n::Locale;

/// What the server needs to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://agora.db` or `postgres://user@host/db`.
    pub database_url: String,
    /// The address to listen on, e.g. `127.0.0.1:8080`.
    pub bind: String,
    /// The public URL people reach agora at, for links in e-mails (`http://127.0.0.1:8080`).
    pub base_url: String,
    /// `smtp://host:port` (or `smtps://user:pass@host`); unset: e-mails are written to the log.
    pub smtp_url: Option<String>,
    /// The language for visitors who express no preference outside any organisation.
    pub default_locale: Locale,
    /// Sign-in / sign-up / reset attempts allowed per account or e-mail address per 15 minutes.
    pub auth_attempts_per_window: i64,
    /// The same, per client address. Larger: a meeting room, a library or a town hall puts
    /// dozens of people behind one address, and they all sign in within minutes.
    pub auth_attempts_per_ip_window: i64,
    /// How long anonymous visitors may be served a cached public page, and how long a list's
    /// count of items is reused (0: never; see `web::cache` and `db::counts`).
    pub page_cache_ms: u64,
    /// The secret kept outside the database (secret ballots, see docs/SECURITY.md).
    pub secret: crate::platform::secrets::ServerSecret,
    /// Where the open-data archives served at `/o/{slug}/open-data.zip` are generated.
    pub open_data_dir: std::path::PathBuf,
    /// How long an archive is served after something happened before it is regenerated.
    pub open_data_refresh: std::time::Duration,
}

impl Config {
    /// A configuration for tests and the demo: everything default but the database.
    pub fn for_database(database_url: &str) -> Config {
        Config {
            database_url: database_url.to_string(),
            bind: "127.0.0.1:0".to_string(),
            base_url: "http://127.0.0.1:8080".to_string(),
            smtp_url: None,
            default_locale: Locale::Fr,
            auth_attempts_per_window: 10,
            auth_attempts_per_ip_window: 100,
            // Tests change the database behind the server's back: no cache unless a test asks.
            page_cache_ms: 0,
            secret: crate::platform::secrets::ServerSecret::random(),
            // A folder of its own per configuration: tests never share an archive.
            open_data_dir: std::env::temp_dir().join(format!(
                "agora-open-data-{}-{}",
                std::process::id(),
                &crate::platform::secrets::new_token()[..12]
            )),
            open_data_refresh: std::time::Duration::ZERO,
        }
    }

    /// Cookies get `Secure` when agora is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}
