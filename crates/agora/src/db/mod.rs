//! The database: one pool over SQLite or PostgreSQL, chosen from the URL at run time.
//!
//! Queries are written once, in the SQL both backends accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`), and run through sqlx's `Any` driver. The few dialect differences live here
//! and in [`migrate`]: nowhere else may a query check which backend it runs on.

pub(crate) mod bulk;
pub mod counts;
mod lite;
pub mod memo;
pub mod migrate;
pub mod query;

pub use query::{Conn, Query, Row, Runner, query, query_built};

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
    /// SQLite writers' turns (see [`Db::begin`]).
    write_gate: Arc<tokio::sync::Mutex<()>>,
    /// Recent answers to expensive counts (see [`counts`]).
    pub counts: Arc<counts::Counts>,
    /// Rows that never change once written, kept (see [`memo`]).
    pub memo: Arc<memo::Memo>,
    /// SQLite connections used on the calling thread: readers, and the writer that
    /// transactions borrow (see [`query`] and [`Db::begin`]).
    lite: Option<Arc<lite::Lite>>,
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
                                 PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; \
                                 PRAGMA wal_autocheckpoint=0;",
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
        let mut lite = None;
        if backend == Backend::Sqlite {
            spawn_checkpointer(pool.clone());
            lite = lite::Lite::for_url(url);
        }
        Ok(Db {
            pool,
            backend,
            lite,
            write_gate: Arc::default(),
            counts: Arc::default(),
            memo: Arc::default(),
        })
    }

    /// Starts a transaction for work that writes.
    ///
    /// On SQLite, which has one writer at a time, the process's writers first take turns on an
    /// in-process queue (fair, first come first served) and then `BEGIN IMMEDIATE`: a writer
    /// never waits in SQLite's busy handler, which sleeps 1, 2, 5, 10… ms and wakes late (under
    /// load that made p99s of 100 ms and more), and a transaction that reads and then writes
    /// never fails with `SQLITE_BUSY_SNAPSHOT` (a deferred `BEGIN` cannot wait for a writer that
    /// committed after its first read). Other processes on the same file still meet the busy
    /// timeout. PostgreSQL locks rows and needs neither.
    ///
    /// On SQLite the transaction runs on the calling thread, on the one write connection of our
    /// own (see [`query`]): each statement is a function call, where sqlx's connection thread
    /// took four context switches per statement and the writers' turn was held meanwhile.
    ///
    /// Never start a second write transaction while holding one: on SQLite it waits forever.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let turn = self.write_gate.clone().lock_owned().await;
                let tx = match &self.lite {
                    Some(lite) => Tx::Lite(lite.begin()?),
                    None => Tx::Sqlx(self.pool.begin_with("BEGIN IMMEDIATE").await?),
                };
                Ok(WriteTx {
                    tx,
                    _turn: Some(turn),
                })
            }
            Backend::Postgres => {
                // sqlx 0.9.0's `begin` on PostgreSQL is not cancel-safe (sqlx#4393, fixed after
                // 0.9.0): a request dropped while `BEGIN` is in flight — a client that
                // disconnects — returns its connection to the pool inside a transaction, and the
                // next borrowers' writes run in it, holding their locks, until some COMMIT ends
                // it. Spawned, `begin` always completes; a transaction nobody awaits any more is
                // then dropped in the task, which rolls it back.
                let pool = self.pool.clone();
                let tx = tokio::spawn(async move { pool.begin().await })
                    .await
                    .map_err(|e| sqlx::Error::Protocol(format!("BEGIN did not complete: {e}")))??;
                Ok(WriteTx {
                    tx: Tx::Sqlx(tx),
                    _turn: None,
                })
            }
        }
    }

    /// True when the database answers a trivial query (for `/healthz`).
    pub async fn is_alive(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// SQLite's WAL is copied back into the database file here, every half second, rather than by
/// the commit that happens to fill it (`wal_autocheckpoint=0` on every connection): that
/// commit ran the checkpoint and its fsync while holding the writers' turn, and every writer
/// behind it waited — seconds, under load. A PASSIVE checkpoint waits for no reader or writer.
fn spawn_checkpointer(pool: AnyPool) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(500));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                tracing::warn!(error = %e, "WAL checkpoint failed");
            }
        }
    });
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

/// A write transaction (see [`Db::begin`]): pass `&mut tx` where a query runs, and `commit`
/// or `rollback` it; dropped, it rolls back. On SQLite it holds the process's writer turn
/// until it ends.
pub struct WriteTx {
    // Declared before the turn: a dropped transaction rolls back before the next writer starts.
    tx: Tx,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

enum Tx {
    /// SQLite's writer, on the calling thread.
    Lite(lite::Held),
    /// PostgreSQL, or an in-memory SQLite database.
    Sqlx(sqlx::Transaction<'static, sqlx::Any>),
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.tx {
            Tx::Lite(held) => held.commit(),
            Tx::Sqlx(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.tx {
            Tx::Lite(held) => held.rollback(),
            Tx::Sqlx(tx) => tx.rollback().await,
        }
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

/// Tells PostgreSQL's planner what a burst of writes changed in `table` (`ANALYZE`), now rather
/// than when autovacuum gets to it: a poll's first results page after 100,000 votes otherwise
/// runs on the statistics of an empty table (the first 200 voters by name took 149 ms, sorting
/// every ballot, instead of 0.4 ms walking `users_by_name`). SQLite's planner needs no such hint
/// for our queries (their join order is fixed by `CROSS JOIN`), and its `ANALYZE` reads every
/// row: nothing is done there. Best effort: a failure is logged, not returned.
pub async fn refresh_statistics(db: &Db, table: &'static str) {
    if db.backend != Backend::Postgres {
        return;
    }
    let sql = format!("ANALYZE {table}");
    if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&db.pool)
        .await
    {
        tracing::warn!(error = %e, table, "ANALYZE failed");
    }
}

/// Warns when PostgreSQL runs without autovacuum (checked once, when the server starts). Its
/// ANALYZE is what tells the planner that a table which was empty has grown; without it, the
/// generic plans each connection cached while a table was empty (a sequential scan, free then)
/// stay for the connection's life. On a budget vote that took checkouts from 250/s to under
/// 90/s in five minutes, each one reading every ballot (docs/PERFORMANCE.md).
pub async fn warn_without_autovacuum(db: &Db) {
    if db.backend != Backend::Postgres {
        return;
    }
    let autovacuum: Result<String, sqlx::Error> = sqlx::query_scalar("SHOW autovacuum")
        .fetch_one(&db.pool)
        .await;
    if let Ok("off") = autovacuum.as_deref() {
        tracing::warn!(
            "PostgreSQL's autovacuum is off: turn it on, or run ANALYZE often while votes come in \
             (docs/guides/running.md); queries planned on empty tables otherwise stay slow"
        );
    }
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
