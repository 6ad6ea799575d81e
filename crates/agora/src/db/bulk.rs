//! Bulk writes for the generators and the bulk log appender: many rows per `INSERT`, values
//! written as SQL literals. Only for values agora computes itself — never for text someone typed.

use std::fmt::Write as _;

use super::WriteTx;

/// Rows per `INSERT` statement.
const ROWS_PER_INSERT: usize = 1000;

/// A text as an SQL literal (generated values only).
pub(crate) fn lit(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// An optional number as an SQL literal.
pub(crate) fn num(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_string(), |v| v.to_string())
}

/// Buffers rows and writes them as multi-row `INSERT`s on the connection (an open transaction).
pub(crate) struct Inserter<'t> {
    conn: &'t mut WriteTx,
    head: String,
    sql: String,
    rows: usize,
}

impl<'t> Inserter<'t> {
    /// `head` is the statement up to `VALUES ` included.
    pub(crate) fn new(conn: &'t mut WriteTx, head: &str) -> Inserter<'t> {
        Inserter {
            conn,
            head: head.to_string(),
            sql: String::new(),
            rows: 0,
        }
    }

    /// Adds one row: `values` is the text between the parentheses (`format_args!`, or an owned
    /// `String` where the future must be `Send`).
    pub(crate) async fn row(&mut self, values: impl std::fmt::Display) -> Result<(), sqlx::Error> {
        self.sql
            .push_str(if self.rows == 0 { &self.head } else { "," });
        self.sql.push('(');
        write!(self.sql, "{values}").expect("writing to a String cannot fail");
        self.sql.push(')');
        self.rows += 1;
        if self.rows == ROWS_PER_INSERT {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes the buffered rows; call it once after the last row.
    pub(crate) async fn flush(&mut self) -> Result<(), sqlx::Error> {
        if self.rows > 0 {
            let sql = std::mem::take(&mut self.sql);
            super::query_built(sql).execute(&mut *self.conn).await?;
            self.rows = 0;
        }
        Ok(())
    }
}
