//! The database: one pool over SQLite or PostgreSQL, chosen from the URL at run time.
//!
//! Queries are written once, in the SQL both backends accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`), and run through sqlx's `Any` driver. The few dialect differences live here
//! and in [`migrate`]: nowhere else may a query check which backend it runs on.

pub(crate) mod bulk;
pub mod counts;
pub mod migrate;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Which SQL engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool plus the knowledge of its backend.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite has one writer at a time; writers that find the lock taken sleep in SQLite's busy
    /// handler (1, 2, 5, 10... ms) and wake late. Hot write paths queue here instead, in order,
    /// with no sleeping (see [`Db::write_turn`]).
    write_gate: Arc<tokio::sync::Mutex<()>>,
    /// Recent answers to expensive counts (see [`counts`]).
    pub counts: Arc<counts::Counts>,
}

/// Errors while opening a database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("unsupported database URL {0:?}: use sqlite://path.db or postgres://user@host/db")]
    UnsupportedUrl(String),
    #[error("cannot open the database: {0}")]
    Sqlx(#[from] sqlx::Error),
}

impl Db {
    /// Opens (and for SQLite, creates if missing) the database at `url`.
    pub async fn connect(url: &str) -> Result<Db, OpenError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(OpenError::UnsupportedUrl(url.to_string()));
        };
        let pool = match backend {
            Backend::Sqlite => {
                let url = sqlite_url_with_create(url);
                let options = AnyConnectOptions::from_str(&url)?;
                // WAL lets readers and the one writer proceed together; the busy timeout makes
                // concurrent writers queue instead of failing; foreign keys are off by default in SQLite.
                AnyPoolOptions::new()
                    .max_connections(8)
                    // A ping before every query is a round trip to SQLite's worker thread;
                    // a broken connection fails its one query and is replaced instead.
                    .test_before_acquire(false)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; \
                                 PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                let options = AnyConnectOptions::from_str(url)?;
                AnyPoolOptions::new()
                    .max_connections(16)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Db {
            pool,
            backend,
            write_gate: Arc::default(),
            counts: Arc::default(),
        })
    }

    /// A turn to write, for a hot write path (supports): on SQLite, the process's writers of such
    /// paths take turns here before `BEGIN`, so that none waits in SQLite's busy handler; on
    /// PostgreSQL, rows are locked one by one and writers need no turn (`None`). Only an
    /// optimisation: every rule still holds through the transaction itself.
    pub async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write_gate.lock().await),
            Backend::Postgres => None,
        }
    }

    /// Starts a transaction for work that writes. On SQLite it is `BEGIN IMMEDIATE`: it takes the
    /// write lock at once, so a transaction that reads and then writes never fails with
    /// `SQLITE_BUSY_SNAPSHOT` (a plain deferred `BEGIN` cannot wait for a writer that committed
    /// after its first read; the busy timeout only helps at `BEGIN`). PostgreSQL needs nothing.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// True when the database answers a trivial query (for `/healthz`).
    pub async fn is_alive(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// `sqlite://x.db` → `sqlite://x.db?mode=rwc` so a missing file is created.
fn sqlite_url_with_create(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// True when `err` is a UNIQUE (or primary key) violation, on either backend.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}

/// Seconds since the Unix epoch: every timestamp is stored this way, in UTC.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Moves a table's id generator past rows inserted with explicit ids (the bulk generator):
/// PostgreSQL's identity sequence does not see them; SQLite's AUTOINCREMENT already did.
pub async fn sync_id_sequence(db: &Db, table: &str) -> Result<(), sqlx::Error> {
    if db.backend == Backend::Postgres {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}
