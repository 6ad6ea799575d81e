//! `db::query`: sqlx's query builder, with reads on SQLite run where they are cheapest.
//!
//! sqlx runs every SQLite connection on a thread of its own and hands it each statement and
//! each row over channels: about four context switches per statement, which on this 2-core
//! machine cost more than the SQL itself (60 switches and ~1.8 ms of CPU per poll vote, of
//! which SQLite's own work was a few percent; see docs/PERFORMANCE.md). A read-only statement
//! sent to the database here (`fetch_*(db)` with `db: &Db`) instead runs on the calling thread,
//! on one of a few read connections of our own (WAL lets them read beside the writer): an
//! indexed read takes microseconds, less than one hand-off.
//!
//! The statements of a write transaction (`&mut WriteTx`) run on the calling thread too, on the
//! one write connection that [`super::Db::begin`] lends to the transaction after the writers'
//! turn.
//!
//! So does a statement sent to the database that SQLite says writes: it takes the writers' turn
//! and runs on that connection on its own.
//!
//! Everything else goes through sqlx as before: PostgreSQL and in-memory databases. Use the inline path for
//! short, indexed reads: a long scan run here holds up a runtime thread for its whole length
//! (mark it [`Query::scan`], and sqlx's thread absorbs it).
//!
//! The API mirrors sqlx's (`query(sql).bind(v).fetch_optional(db)`, `row.try_get("col")`), so a
//! module moves over by changing its imports; rows come back as [`Row`] on both paths.

use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection};

use super::{Db, Tx};

/// A value bound to a statement or read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A NULL, with the type PostgreSQL should give the parameter.
    Null(Kind),
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    Blob(Vec<u8>),
}

/// The type of a NULL parameter (PostgreSQL types every parameter, even a NULL one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Text,
    Bool,
    Blob,
}

/// A Rust value that can be bound to a statement.
pub trait Bind {
    const KIND: Kind;
    fn value(self) -> Value;
}

macro_rules! bind {
    ($($t:ty => $kind:ident, $v:ident => $e:expr;)*) => {$(
        impl Bind for $t {
            const KIND: Kind = Kind::$kind;
            fn value(self) -> Value {
                let $v = self;
                $e
            }
        }
    )*};
}

bind! {
    i64 => Int, v => Value::Int(v);
    &i64 => Int, v => Value::Int(*v);
    i32 => Int, v => Value::Int(v.into());
    bool => Bool, v => Value::Bool(v);
    f64 => Real, v => Value::Real(v);
    String => Text, v => Value::Text(v);
    &str => Text, v => Value::Text(v.to_owned());
    &String => Text, v => Value::Text(v.clone());
    Vec<u8> => Blob, v => Value::Blob(v);
    &[u8] => Blob, v => Value::Blob(v.to_vec());
}

impl<T: Bind> Bind for Option<T> {
    const KIND: Kind = T::KIND;
    fn value(self) -> Value {
        self.map_or(Value::Null(T::KIND), Bind::value)
    }
}

/// A statement and its parameters (`$1`, `$2`…, in the SQL both backends accept).
#[must_use = "a query does nothing until it is fetched or executed"]
pub struct Query {
    sql: Sql,
    args: Vec<Value>,
    /// False for a long scan, left to sqlx's connection thread (see [`Query::scan`]).
    inline: bool,
}

enum Sql {
    Static(&'static str),
    Built(String),
}

impl Sql {
    fn as_str(&self) -> &str {
        match self {
            Sql::Static(s) => s,
            Sql::Built(s) => s,
        }
    }
}

/// A query with fixed SQL.
pub fn query(sql: &'static str) -> Query {
    Query {
        sql: Sql::Static(sql),
        args: Vec::new(),
        inline: true,
    }
}

/// A query whose SQL was put together at run time from fixed pieces (never from input: values
/// go in as parameters), as `sqlx::AssertSqlSafe` says.
pub fn query_built(sql: String) -> Query {
    Query {
        sql: Sql::Built(sql),
        args: Vec::new(),
        inline: true,
    }
}

/// How many rows a statement changed.
#[derive(Clone, Copy, Debug)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// Where a query runs: the database (`&Db`), or a connection holding a transaction.
pub trait Runner<'c>: Send {
    #[doc(hidden)]
    fn target(self) -> Target<'c>;
}

#[doc(hidden)]
pub enum Target<'c> {
    Db(&'c Db),
    Conn(&'c mut AnyConnection),
    Tx(&'c mut super::WriteTx),
}

impl<'c> Runner<'c> for &'c Db {
    fn target(self) -> Target<'c> {
        Target::Db(self)
    }
}

impl<'c> Runner<'c> for &'c mut AnyConnection {
    fn target(self) -> Target<'c> {
        Target::Conn(self)
    }
}

impl<'c> Runner<'c> for &'c mut super::WriteTx {
    fn target(self) -> Target<'c> {
        Target::Tx(self)
    }
}

/// A statement that writes, sent to the database outside a transaction (SQLite commits it at
/// once): it takes the writers' turn, as a transaction does, and runs on the writer. Waiting
/// for the turn is bounded like SQLite's busy timeout, so a write sent to the database by a
/// task that holds a transaction fails (as it did with sqlx) instead of waiting for itself.
async fn write_alone(
    db: &Db,
    lite: &super::lite::Lite,
    sql: &str,
    args: &[Value],
    want: Want,
) -> Result<super::lite::Ran, sqlx::Error> {
    let turn = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        db.write_gate.clone().lock_owned(),
    )
    .await
    .map_err(|_| sqlx::Error::PoolTimedOut)?;
    let ran = lite.write(sql, args, want);
    drop(turn);
    ran
}

/// Where a function's statements run when it serves both: the database (`&Db`: reads on the
/// calling thread, each write on its own) or a write transaction (`&mut WriteTx`). Such a
/// function takes `impl Into<Conn>` and runs its statements on `&mut conn`.
pub enum Conn<'a> {
    Db(&'a Db),
    Tx(&'a mut super::WriteTx),
}

impl<'a> From<&'a Db> for Conn<'a> {
    fn from(db: &'a Db) -> Self {
        Conn::Db(db)
    }
}

impl<'a> From<&'a mut super::WriteTx> for Conn<'a> {
    fn from(tx: &'a mut super::WriteTx) -> Self {
        Conn::Tx(tx)
    }
}

/// A reborrow, to pass a `Conn` on to another function and keep using it.
impl<'a, 'b: 'a> From<&'a mut Conn<'b>> for Conn<'a> {
    fn from(conn: &'a mut Conn<'b>) -> Self {
        match conn {
            Conn::Db(db) => Conn::Db(db),
            Conn::Tx(tx) => Conn::Tx(tx),
        }
    }
}

impl<'c> Runner<'c> for &'c mut Conn<'_> {
    fn target(self) -> Target<'c> {
        match self {
            Conn::Db(db) => Target::Db(db),
            Conn::Tx(tx) => Target::Tx(tx),
        }
    }
}

/// How many rows a caller wants (the inline path stops reading there).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    One,
    All,
}

impl Query {
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.args.push(value.value());
        self
    }

    /// Marks a statement that reads many rows (a count over a whole poll, an export): it runs
    /// on sqlx's connection thread, so the runtime thread goes on serving other requests
    /// meanwhile instead of waiting for SQLite.
    pub fn scan(mut self) -> Self {
        self.inline = false;
        self
    }

    pub async fn fetch_all<'c>(self, on: impl Runner<'c>) -> Result<Vec<Row>, sqlx::Error> {
        self.rows(on.target(), Want::All).await
    }

    pub async fn fetch_optional<'c>(self, on: impl Runner<'c>) -> Result<Option<Row>, sqlx::Error> {
        Ok(self.rows(on.target(), Want::One).await?.into_iter().next())
    }

    pub async fn fetch_one<'c>(self, on: impl Runner<'c>) -> Result<Row, sqlx::Error> {
        self.fetch_optional(on)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    pub async fn execute<'c>(self, on: impl Runner<'c>) -> Result<Done, sqlx::Error> {
        use sqlx::Executor;
        let target = match self.run_here(on.target(), Want::All, false).await? {
            Ok(ran) => {
                return Ok(Done {
                    rows_affected: ran.changes,
                });
            }
            Err(target) => target,
        };
        let query = self.into_sqlx();
        let done = match target {
            Target::Db(db) => db.pool.execute(query).await?,
            Target::Conn(conn) => conn.execute(query).await?,
            Target::Tx(_) => unreachable!("run here"),
        };
        Ok(Done {
            rows_affected: done.rows_affected(),
        })
    }

    /// Runs the statement on our own SQLite connections where it belongs there (see the module
    /// doc), or gives back (`Err`) where sqlx runs it. A transaction's statement runs on its
    /// writer. One sent to the database: a fetch marked `.scan()` is left to sqlx; another fetch
    /// runs on a reader when SQLite says it only reads; the rest (and every `execute`) runs on
    /// the writer, in the writers' turn.
    async fn run_here<'c>(
        &self,
        target: Target<'c>,
        want: Want,
        fetch: bool,
    ) -> Result<Result<super::lite::Ran, Target<'c>>, sqlx::Error> {
        let sql = self.sql.as_str();
        match target {
            Target::Tx(tx) => match &mut tx.tx {
                Tx::Lite(writer) => Ok(Ok(writer.run(sql, &self.args, want)?)),
                Tx::Sqlx(tx) => Ok(Err(Target::Conn(tx))),
            },
            Target::Db(db) if let Some(lite) = &db.lite => {
                if fetch && !self.inline {
                    return Ok(Err(Target::Db(db)));
                }
                if fetch && let Some(rows) = lite.read(sql, &self.args, want)? {
                    return Ok(Ok(super::lite::Ran { rows, changes: 0 }));
                }
                Ok(Ok(write_alone(db, lite, sql, &self.args, want).await?))
            }
            target => Ok(Err(target)),
        }
    }

    async fn rows(self, target: Target<'_>, want: Want) -> Result<Vec<Row>, sqlx::Error> {
        use sqlx::Executor;
        let target = match self.run_here(target, want, true).await? {
            Ok(ran) => return Ok(ran.rows),
            Err(target) => target,
        };
        let query = self.into_sqlx();
        let rows: Vec<AnyRow> = match (target, want) {
            (Target::Db(db), Want::All) => db.pool.fetch_all(query).await?,
            (Target::Conn(conn), Want::All) => conn.fetch_all(query).await?,
            // sqlx's own `fetch_optional`, not the first item of a dropped stream: on SQLite
            // that stream leaves the statement un-reset, and an `INSERT … RETURNING` left so
            // keeps its implicit transaction open, uncommitted, until the connection's next
            // use: a reader then misses the row the caller was just told it wrote.
            (Target::Db(db), Want::One) => {
                db.pool.fetch_optional(query).await?.into_iter().collect()
            }
            (Target::Conn(conn), Want::One) => {
                conn.fetch_optional(query).await?.into_iter().collect()
            }
            (Target::Tx(_), _) => unreachable!("run here"),
        };
        Ok(rows.into_iter().map(Row::Any).collect())
    }

    fn into_sqlx(self) -> sqlx::query::Query<'static, Any, sqlx::any::AnyArguments> {
        let mut query = match self.sql {
            Sql::Static(sql) => sqlx::query(sql),
            Sql::Built(sql) => sqlx::query(sqlx::AssertSqlSafe(sql)),
        };
        for value in self.args {
            query = match value {
                Value::Int(v) => query.bind(v),
                Value::Real(v) => query.bind(v),
                Value::Text(v) => query.bind(v),
                Value::Bool(v) => query.bind(v),
                Value::Blob(v) => query.bind(v),
                Value::Null(Kind::Int) => query.bind(None::<i64>),
                Value::Null(Kind::Real) => query.bind(None::<f64>),
                Value::Null(Kind::Text) => query.bind(None::<String>),
                Value::Null(Kind::Bool) => query.bind(None::<bool>),
                Value::Null(Kind::Blob) => query.bind(None::<Vec<u8>>),
            };
        }
        query
    }
}

/// A row, read by sqlx or by the inline SQLite path.
pub enum Row {
    Any(AnyRow),
    Lite {
        columns: Arc<[String]>,
        values: Vec<Value>,
    },
}

/// A column's position or name.
pub trait ColumnIndex: sqlx::ColumnIndex<AnyRow> + Copy + std::fmt::Debug {
    fn position(self, columns: &[String]) -> Option<usize>;
}

impl ColumnIndex for usize {
    fn position(self, columns: &[String]) -> Option<usize> {
        (self < columns.len()).then_some(self)
    }
}

impl ColumnIndex for &str {
    fn position(self, columns: &[String]) -> Option<usize> {
        columns.iter().position(|c| c == self)
    }
}

/// A Rust type a column can be read as, on both paths.
pub trait Decode: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any> + Sized {
    /// From an inline SQLite value, as sqlx's SQLite driver would decode it.
    fn from_value(value: &Value) -> Result<Self, String>;
}

fn mismatch<T>(value: &Value) -> Result<T, String> {
    Err(format!(
        "cannot read {value:?} as {}",
        std::any::type_name::<T>()
    ))
}

impl Decode for i64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Int(v) => Ok(*v),
            Value::Bool(v) => Ok(i64::from(*v)),
            other => mismatch(other),
        }
    }
}

impl Decode for i32 {
    fn from_value(value: &Value) -> Result<Self, String> {
        i64::from_value(value)
            .and_then(|v| i32::try_from(v).map_err(|e| format!("{v} does not fit an i32: {e}")))
    }
}

impl Decode for bool {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Int(v) => Ok(*v != 0),
            Value::Bool(v) => Ok(*v),
            other => mismatch(other),
        }
    }
}

impl Decode for f64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Real(v) => Ok(*v),
            Value::Int(v) => Ok(*v as f64),
            other => mismatch(other),
        }
    }
}

impl Decode for String {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Text(v) => Ok(v.clone()),
            other => mismatch(other),
        }
    }
}

impl Decode for Vec<u8> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Blob(v) => Ok(v.clone()),
            Value::Text(v) => Ok(v.as_bytes().to_vec()),
            other => mismatch(other),
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Null(_) => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl Row {
    /// The column `index` (a position or a name) as a `T`.
    pub fn try_get<T: Decode, I: ColumnIndex>(&self, index: I) -> Result<T, sqlx::Error> {
        match self {
            Row::Any(row) => sqlx::Row::try_get(row, index),
            Row::Lite { columns, values } => {
                let at = index
                    .position(columns)
                    .ok_or_else(|| sqlx::Error::ColumnNotFound(format!("{index:?}")))?;
                T::from_value(&values[at]).map_err(|e| sqlx::Error::ColumnDecode {
                    index: format!("{index:?}"),
                    source: e.into(),
                })
            }
        }
    }

    /// The name of column `i`.
    /// How many columns the row has.
    pub fn len(&self) -> usize {
        match self {
            Row::Any(row) => sqlx::Row::len(row),
            Row::Lite { values, .. } => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn column_name(&self, i: usize) -> Option<&str> {
        match self {
            Row::Any(row) => sqlx::Row::columns(row).get(i).map(sqlx::Column::name),
            Row::Lite { columns, .. } => columns.get(i).map(String::as_str),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_bind_typed_nulls() {
        assert_eq!(None::<i64>.value(), Value::Null(Kind::Int));
        assert_eq!(None::<&str>.value(), Value::Null(Kind::Text));
        assert_eq!(Some("a").value(), Value::Text("a".into()));
    }

    #[test]
    fn inline_values_decode_as_sqlite_would() {
        assert_eq!(bool::from_value(&Value::Int(1)), Ok(true));
        assert_eq!(Option::<i64>::from_value(&Value::Null(Kind::Int)), Ok(None));
        assert_eq!(f64::from_value(&Value::Int(2)), Ok(2.0));
        assert!(String::from_value(&Value::Int(2)).is_err());
        assert!(i32::from_value(&Value::Int(i64::MAX)).is_err());
    }
}
