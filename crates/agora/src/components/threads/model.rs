//! Threads in the database. Every rule holds in the writing statement or transaction: only the
//! author or an admin (decided by the caller, passed as `admin`) edits the context, each edit
//! keeps a version in the same transaction, a pin names a comment of this very thread, and a
//! read marker only moves forward.

use crate::db::{self, Db};

/// Longest title, in characters.
pub const TITLE_MAX: usize = 150;
/// Longest context text, in characters.
pub const CONTEXT_MAX: usize = 20_000;
/// Longest pin title, in characters.
pub const PIN_TITLE_MAX: usize = 100;

#[derive(Clone, Debug)]
pub struct Thread {
    pub id: i64,
    pub component_id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// The author's nickname (their page is `/u/{nickname}`); none once the account is deleted.
    pub author_nickname: Option<String>,
    pub title: String,
    pub context: String,
    /// `nested` or `flat`.
    pub reply_layout: String,
    /// `oldest` or `newest` first.
    pub reply_order: String,
    pub closed_at: Option<i64>,
    pub comments_count: i64,
    pub created_at: i64,
}

impl Thread {
    pub fn closed(&self) -> bool {
        self.closed_at.is_some()
    }
    pub fn flat(&self) -> bool {
        self.reply_layout == "flat"
    }
    pub fn newest_first(&self) -> bool {
        self.reply_order == "newest"
    }
    fn from_row(r: &db::Row) -> Result<Thread, sqlx::Error> {
        Ok(Thread {
            id: r.try_get("id")?,
            component_id: r.try_get("component_id")?,
            author_id: r.try_get("author_id")?,
            author_name: r
                .try_get::<Option<String>, _>("author_name")?
                .unwrap_or_default(),
            author_nickname: r.try_get("author_nickname")?,
            title: r.try_get("title")?,
            context: r.try_get("context")?,
            reply_layout: r.try_get("reply_layout")?,
            reply_order: r.try_get("reply_order")?,
            closed_at: r.try_get("closed_at")?,
            comments_count: r.try_get("comments_count")?,
            created_at: r.try_get("created_at")?,
        })
    }
}

/// The columns and join of a thread.
macro_rules! select {
    () => {
        "SELECT t.id, t.component_id, t.author_id, u.name AS author_name,
                u.nickname AS author_nickname, t.title,
                t.context, t.reply_layout, t.reply_order, t.closed_at, t.comments_count,
                t.created_at
         FROM threads t LEFT JOIN users u ON u.id = t.author_id "
    };
}

/// Why a thread's text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    TitleEmpty,
    TitleLong,
    ContextLong,
    PinTitleEmpty,
    PinTitleLong,
}

impl Problem {
    /// Its Fluent key.
    pub fn key(self) -> &'static str {
        match self {
            Problem::TitleEmpty => "threads-error-title-empty",
            Problem::TitleLong => "threads-error-title-long",
            Problem::ContextLong => "threads-error-context-long",
            Problem::PinTitleEmpty => "threads-error-pin-title-empty",
            Problem::PinTitleLong => "threads-error-pin-title-long",
        }
    }
}

/// Checks a title and a context (both trimmed).
pub fn check<'a>(title: &'a str, context: &'a str) -> Result<(&'a str, &'a str), Problem> {
    let title = title.trim();
    let context = context.trim();
    if title.is_empty() {
        Err(Problem::TitleEmpty)
    } else if title.chars().count() > TITLE_MAX {
        Err(Problem::TitleLong)
    } else if context.chars().count() > CONTEXT_MAX {
        Err(Problem::ContextLong)
    } else {
        Ok((title, context))
    }
}

/// Checks a pin's title (trimmed).
pub fn check_pin_title(title: &str) -> Result<&str, Problem> {
    let title = title.trim();
    if title.is_empty() {
        Err(Problem::PinTitleEmpty)
    } else if title.chars().count() > PIN_TITLE_MAX {
        Err(Problem::PinTitleLong)
    } else {
        Ok(title)
    }
}

/// Parses the reply settings a form sent.
pub fn parse_layout(layout: &str, order: &str) -> Option<(&'static str, &'static str)> {
    let layout = match layout {
        "nested" => "nested",
        "flat" => "flat",
        _ => return None,
    };
    let order = match order {
        "oldest" => "oldest",
        "newest" => "newest",
        _ => return None,
    };
    Some((layout, order))
}

/// Starts a thread; its context is its first version.
pub async fn create(
    db: &Db,
    component_id: i64,
    author_id: i64,
    title: &str,
    context: &str,
    layout: &str,
    order: &str,
) -> Result<i64, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let id: i64 = db::query(
        "INSERT INTO threads (component_id, author_id, title, context, reply_layout, reply_order,
                              created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(component_id)
    .bind(author_id)
    .bind(title)
    .bind(context)
    .bind(layout)
    .bind(order)
    .bind(now)
    .fetch_one(&mut tx)
    .await?
    .try_get("id")?;
    db::query(
        "INSERT INTO thread_versions (thread_id, author_id, context, created_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(author_id)
    .bind(context)
    .bind(now)
    .execute(&mut tx)
    .await?;
    // The author hears of the replies (see `FOLLOWABLE`).
    crate::platform::notifications::follows::follow(&mut tx, super::KIND, id, author_id).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<Thread>, sqlx::Error> {
    db::query(concat!(select!(), "WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .map(|r| Thread::from_row(&r))
        .transpose()
}

/// A thread a poll of space `space_id` may be started from: one of a threads component of that
/// space, still open. (component id, title).
pub async fn open_in_space(
    db: &Db,
    id: i64,
    space_id: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    db::query(
        "SELECT t.component_id, t.title FROM threads t JOIN components c ON c.id = t.component_id
         WHERE t.id = $1 AND c.space_id = $2 AND c.kind = 'threads' AND t.closed_at IS NULL",
    )
    .bind(id)
    .bind(space_id)
    .fetch_optional(db)
    .await?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .transpose()
}

/// The threads of a component, newest first, each with how many comments `viewer` has not
/// read (all of them for a thread never opened; 0 for anonymous visitors).
pub async fn list(
    db: &Db,
    component_id: i64,
    viewer: Option<i64>,
) -> Result<Vec<(Thread, i64)>, sqlx::Error> {
    let rows = db::query(concat!(
        select!(),
        "WHERE t.component_id = $1 ORDER BY t.id DESC LIMIT 500"
    ))
    .bind(component_id)
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let thread = Thread::from_row(&row)?;
        let unread = match viewer {
            Some(uid) => unread_count(db, thread.id, uid).await?,
            None => 0,
        };
        out.push((thread, unread));
    }
    Ok(out)
}

/// Replaces the context, keeping the new text as a version. Only the author, or anyone when
/// `admin` is true. False when refused (nothing changed).
pub async fn edit(
    db: &Db,
    id: i64,
    user_id: i64,
    admin: bool,
    title: &str,
    context: &str,
) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE threads SET title = $1, context = $2, updated_at = $3
         WHERE id = $4 AND (author_id = $5 OR $6 = 1)",
    )
    .bind(title)
    .bind(context)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .bind(i64::from(admin))
    .execute(&mut tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    db::query(
        "INSERT INTO thread_versions (thread_id, author_id, context, created_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(user_id)
    .bind(context)
    .bind(now)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Changes the reply settings (author or admin).
pub async fn set_layout(
    db: &Db,
    id: i64,
    user_id: i64,
    admin: bool,
    layout: &str,
    order: &str,
) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "UPDATE threads SET reply_layout = $1, reply_order = $2
         WHERE id = $3 AND (author_id = $4 OR $5 = 1)",
    )
    .bind(layout)
    .bind(order)
    .bind(id)
    .bind(user_id)
    .bind(i64::from(admin))
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Closes (`close` true) or reopens a thread (author or admin). False when it already was.
pub async fn set_closed(
    db: &Db,
    id: i64,
    user_id: i64,
    admin: bool,
    close: bool,
) -> Result<bool, sqlx::Error> {
    // The reopening statement binds no time, so each direction has its own query.
    let done = if close {
        db::query(
            "UPDATE threads SET closed_at = $1
             WHERE id = $2 AND (author_id = $3 OR $4 = 1) AND closed_at IS NULL",
        )
        .bind(db::now())
    } else {
        db::query(
            "UPDATE threads SET closed_at = NULL
             WHERE id = $1 AND (author_id = $2 OR $3 = 1) AND closed_at IS NOT NULL",
        )
    }
    .bind(id)
    .bind(user_id)
    .bind(i64::from(admin))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One version of a context.
pub struct Version {
    pub author_name: String,
    pub context: String,
    pub created_at: i64,
}

/// Every version of a thread's context, oldest first.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<Version>, sqlx::Error> {
    db::query(
        "SELECT u.name AS author_name, v.context, v.created_at FROM thread_versions v
         LEFT JOIN users u ON u.id = v.author_id WHERE v.thread_id = $1 ORDER BY v.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(Version {
            author_name: r
                .try_get::<Option<String>, _>("author_name")?
                .unwrap_or_default(),
            context: r.try_get("context")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

/// Pins a comment of this thread under a title; pinning it again renames the pin. False when
/// the comment is not one of the thread's.
pub async fn pin(db: &Db, id: i64, comment_id: i64, title: &str) -> Result<bool, sqlx::Error> {
    Ok(db::query(
        "INSERT INTO thread_pins (thread_id, comment_id, title, created_at)
         SELECT $1, c.id, $2, $3 FROM comments c
         WHERE c.id = $4 AND c.resource_kind = 'thread' AND c.resource_id = $1
         ON CONFLICT (thread_id, comment_id) DO UPDATE SET title = excluded.title",
    )
    .bind(id)
    .bind(title)
    .bind(db::now())
    .bind(comment_id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

pub async fn unpin(db: &Db, id: i64, comment_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        db::query("DELETE FROM thread_pins WHERE thread_id = $1 AND comment_id = $2")
            .bind(id)
            .bind(comment_id)
            .execute(db)
            .await?
            .rows_affected()
            == 1,
    )
}

/// The last comment id a person had read before, or 0.
pub async fn last_read(db: &Db, id: i64, user_id: i64) -> Result<i64, sqlx::Error> {
    Ok(
        db::query("SELECT last_comment_id FROM thread_reads WHERE thread_id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_optional(db)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?
            .unwrap_or(0),
    )
}

/// How many comments of the thread came after what the person read (their own excluded).
pub async fn unread_count(db: &Db, id: i64, user_id: i64) -> Result<i64, sqlx::Error> {
    db::query(
        "SELECT COUNT(*) FROM comments c
         WHERE c.resource_kind = 'thread' AND c.resource_id = $1
           AND (c.author_id IS NULL OR c.author_id <> $2)
           AND c.id > COALESCE((SELECT last_comment_id FROM thread_reads
                                WHERE thread_id = $1 AND user_id = $2), 0)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_one(db)
    .await?
    .try_get(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_settings_are_checked() {
        assert_eq!(check(" ", "x"), Err(Problem::TitleEmpty));
        assert_eq!(check(&"t".repeat(151), ""), Err(Problem::TitleLong));
        assert_eq!(check("t", &"c".repeat(20_001)), Err(Problem::ContextLong));
        assert_eq!(check(" t ", " c "), Ok(("t", "c")));
        assert_eq!(check_pin_title(""), Err(Problem::PinTitleEmpty));
        assert_eq!(parse_layout("flat", "newest"), Some(("flat", "newest")));
        assert_eq!(parse_layout("tree", "newest"), None);
    }
}
