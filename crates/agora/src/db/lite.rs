//! Our own SQLite connections, used on the calling thread (see [`super::query`] for why): a
//! few read-only ones, and the one writer that [`super::Db::begin`] lends to a transaction.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::query::{Kind, Row, Value, Want};

/// The database file's connections. `None` for an in-memory database, which another
/// connection could not see (sqlx's pool then does everything).
pub(crate) struct Lite {
    path: String,
    readers: Mutex<Vec<Connection>>,
    /// The write connection while no transaction holds it. Writers take turns before they
    /// take it ([`super::Db::begin`]), so there is never a second one.
    writer: Mutex<Option<Connection>>,
}

impl std::fmt::Debug for Lite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lite").field("path", &self.path).finish()
    }
}

/// Idle read connections kept: one per runtime thread is the most used at once on this
/// machine; a few more cover bursts. Extra ones are opened when needed and closed after use.
const KEEP: usize = 8;

/// What a statement gave back.
pub(crate) struct Ran {
    pub rows: Vec<Row>,
    pub changes: u64,
}

impl Lite {
    /// For a database in a file (`sqlite://path?…`).
    pub(crate) fn for_url(url: &str) -> Option<Arc<Lite>> {
        let rest = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))?;
        let path = rest.split('?').next().unwrap_or_default();
        if path.is_empty() || path.contains(":memory:") || url.contains("mode=memory") {
            return None;
        }
        Some(Arc::new(Lite {
            path: path.to_string(),
            readers: Mutex::new(Vec::new()),
            writer: Mutex::new(None),
        }))
    }

    fn open(&self, flags: OpenFlags) -> rusqlite::Result<Connection> {
        let conn =
            Connection::open_with_flags(&self.path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        // A reader waits (briefly) only while SQLite rebuilds the WAL index; the writer, for
        // a writer of another process or sqlx's pool (writes outside a transaction).
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(128);
        Ok(conn)
    }

    /// Runs `sql` here when it only reads; `None` when it writes (the caller then takes the
    /// writers' turn and runs it with [`Lite::write`]).
    pub(crate) fn read(
        &self,
        sql: &str,
        args: &[Value],
        want: Want,
    ) -> Result<Option<Vec<Row>>, sqlx::Error> {
        let conn = self.readers.lock().expect("readers").pop();
        let conn = match conn {
            Some(conn) => conn,
            None => self.open(OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(error)?,
        };
        let out = run(&conn, sql, args, want, true);
        let mut idle = self.readers.lock().expect("readers");
        if idle.len() < KEEP {
            idle.push(conn);
        }
        Ok(out.map_err(error)?.map(|ran| ran.rows))
    }

    /// Lends the writer to a transaction, begun `IMMEDIATE` (it holds SQLite's write lock from
    /// the start). The caller has the writers' turn.
    pub(crate) fn begin(self: &Arc<Self>) -> Result<Held, sqlx::Error> {
        let conn = self.take_writer()?;
        conn.execute_batch("BEGIN IMMEDIATE").map_err(error)?;
        Ok(Held {
            conn: Some(conn),
            lite: self.clone(),
        })
    }

    /// The write connection: the kept one, or a new one set up as sqlx's connections are (see
    /// `Db::connect`). The caller has the writers' turn, so no one else holds it.
    fn take_writer(&self) -> Result<Connection, sqlx::Error> {
        if let Some(conn) = self.writer.lock().expect("writer").take() {
            return Ok(conn);
        }
        let conn = self
            .open(OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(error)?;
        conn.execute_batch(
            "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;",
        )
        .map_err(error)?;
        Ok(conn)
    }

    /// Runs one statement on the writer on its own (SQLite commits it at once). The caller
    /// has the writers' turn.
    pub(crate) fn write(&self, sql: &str, args: &[Value], want: Want) -> Result<Ran, sqlx::Error> {
        let conn = self.take_writer()?;
        let out = run(&conn, sql, args, want, false);
        self.keep_writer(conn);
        Ok(out.map_err(error)?.expect("writes are run"))
    }

    /// Keeps the writer for the next turn, unless it is still inside a transaction (a failed
    /// `COMMIT` or `ROLLBACK`): then it is closed, which ends that transaction for good.
    fn keep_writer(&self, conn: Connection) {
        if conn.is_autocommit() {
            *self.writer.lock().expect("writer") = Some(conn);
        }
    }
}

/// The writer, lent to one transaction. Dropped without [`Held::commit`], it rolls back.
pub(crate) struct Held {
    conn: Option<Connection>,
    lite: Arc<Lite>,
}

impl Held {
    pub(crate) fn run(
        &mut self,
        sql: &str,
        args: &[Value],
        want: Want,
    ) -> Result<Ran, sqlx::Error> {
        let conn = self.conn.as_ref().expect("a held writer");
        Ok(run(conn, sql, args, want, false)
            .map_err(error)?
            .expect("writes are run"))
    }

    pub(crate) fn commit(mut self) -> Result<(), sqlx::Error> {
        let conn = self.conn.as_ref().expect("a held writer");
        conn.execute_batch("COMMIT").map_err(error)?;
        self.give_back();
        Ok(())
    }

    pub(crate) fn rollback(mut self) -> Result<(), sqlx::Error> {
        let conn = self.conn.as_ref().expect("a held writer");
        let done = conn.execute_batch("ROLLBACK").map_err(error);
        self.give_back();
        done
    }

    fn give_back(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.lite.keep_writer(conn);
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(conn) = &self.conn
            && !conn.is_autocommit()
        {
            let _ = conn.execute_batch("ROLLBACK");
        }
        self.give_back();
    }
}

/// Runs one statement. With `reads_only`, a statement that would write is not run (`None`).
fn run(
    conn: &Connection,
    sql: &str,
    args: &[Value],
    want: Want,
    reads_only: bool,
) -> rusqlite::Result<Option<Ran>> {
    let mut stmt = conn.prepare_cached(sql)?;
    if reads_only && !stmt.readonly() {
        return Ok(None);
    }
    // `$N` is a named parameter to SQLite, numbered in order of first appearance: bind by name.
    for i in 1..=stmt.parameter_count() {
        let name = stmt.parameter_name(i).unwrap_or_default();
        let n: usize = name
            .strip_prefix('$')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_string()))?;
        let value = args
            .get(n - 1)
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_string()))?;
        match value {
            Value::Null(_) => stmt.raw_bind_parameter(i, rusqlite::types::Null)?,
            Value::Int(v) => stmt.raw_bind_parameter(i, v)?,
            Value::Real(v) => stmt.raw_bind_parameter(i, v)?,
            Value::Text(v) => stmt.raw_bind_parameter(i, v)?,
            Value::Bool(v) => stmt.raw_bind_parameter(i, v)?,
            Value::Blob(v) => stmt.raw_bind_parameter(i, v)?,
        }
    }
    let columns: Arc<[String]> = stmt.column_names().into_iter().map(String::from).collect();
    let width = columns.len();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    // A statement that writes is stepped to its end even when one row is wanted, as sqlx
    // does: its changes are then all made (`RETURNING` makes them on the first step anyway).
    while let Some(row) = rows.next()? {
        if want == Want::One && !out.is_empty() {
            if reads_only {
                break;
            }
            continue;
        }
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null(Kind::Int),
                ValueRef::Integer(v) => Value::Int(v),
                ValueRef::Real(v) => Value::Real(v),
                ValueRef::Text(v) => Value::Text(String::from_utf8_lossy(v).into_owned()),
                ValueRef::Blob(v) => Value::Blob(v.to_vec()),
            });
        }
        out.push(Row::Lite {
            columns: columns.clone(),
            values,
        });
    }
    drop(rows);
    Ok(Some(Ran {
        rows: out,
        changes: conn.changes(),
    }))
}

/// rusqlite's error as sqlx's, so callers see one kind: a constraint failure becomes a
/// database error whose kind `db::is_unique_violation` and friends recognise.
fn error(e: rusqlite::Error) -> sqlx::Error {
    match e {
        rusqlite::Error::SqliteFailure(failure, message) => {
            sqlx::Error::Database(Box::new(LiteError {
                code: failure.extended_code,
                message: message.unwrap_or_else(|| failure.to_string()),
            }))
        }
        e => sqlx::Error::AnyDriverError(Box::new(e)),
    }
}

/// An error SQLite reported, with its extended result code.
#[derive(Debug)]
struct LiteError {
    code: i32,
    message: String,
}

impl std::fmt::Display for LiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl std::error::Error for LiteError {}

impl sqlx::error::DatabaseError for LiteError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.code.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        use rusqlite::ffi;
        use sqlx::error::ErrorKind;
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}
