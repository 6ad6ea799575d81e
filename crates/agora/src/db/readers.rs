//! SQLite read connections used on the calling thread (see [`super::query`] for why).

use std::sync::{Arc, Mutex};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::query::{Kind, Row, Value, Want};

/// A few read-only connections to the database file, opened on first use and kept.
pub(crate) struct Readers {
    path: String,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers").field("path", &self.path).finish()
    }
}

/// Idle connections kept: one per runtime thread is the most used at once on this machine;
/// a few more cover bursts. Extra ones are opened when needed and closed after use.
const KEEP: usize = 8;

impl Readers {
    /// For a database in a file (`sqlite://path?…`); `None` for an in-memory one, which
    /// another connection could not see.
    pub(crate) fn for_url(url: &str) -> Option<Arc<Readers>> {
        let rest = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))?;
        let path = rest.split('?').next().unwrap_or_default();
        if path.is_empty() || path.contains(":memory:") || url.contains("mode=memory") {
            return None;
        }
        Some(Arc::new(Readers {
            path: path.to_string(),
            idle: Mutex::new(Vec::new()),
        }))
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // A reader waits (briefly) only while SQLite rebuilds the WAL index; the writers'
        // checkpoint never blocks it.
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(128);
        Ok(conn)
    }

    /// Runs `sql` here when it only reads; `None` when it writes (the caller hands it to sqlx,
    /// which takes the writers' turn).
    pub(crate) fn read(
        &self,
        sql: &str,
        args: &[Value],
        want: Want,
    ) -> Result<Option<Vec<Row>>, sqlx::Error> {
        let conn = self.idle.lock().expect("readers").pop();
        let conn = match conn {
            Some(conn) => conn,
            None => self.open().map_err(driver)?,
        };
        let out = run(&conn, sql, args, want);
        let mut idle = self.idle.lock().expect("readers");
        if idle.len() < KEEP {
            idle.push(conn);
        }
        out.map_err(driver)
    }
}

fn driver(e: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::AnyDriverError(Box::new(e))
}

fn run(
    conn: &Connection,
    sql: &str,
    args: &[Value],
    want: Want,
) -> rusqlite::Result<Option<Vec<Row>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    if !stmt.readonly() {
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
    while let Some(row) = rows.next()? {
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
        if want == Want::One {
            break;
        }
    }
    Ok(Some(out))
}
