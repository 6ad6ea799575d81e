//! Schema migrations: numbered SQL files compiled into the binary, applied in order.
//!
//! The SQL is portable except for the `{id}` marker, which becomes each backend's
//! auto-increment primary key. Applied versions are recorded in `agora_migrations`.

use super::{Backend, Db};

/// One migration: its version, a name, and the portable SQL.
struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in order. Add new ones at the end; never edit one that has shipped.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../../migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sql: include_str!("../../migrations/0002_accounts.sql"),
    },
    Migration {
        version: 4,
        name: "spaces",
        sql: include_str!("../../migrations/0004_spaces.sql"),
    },
    Migration {
        version: 5,
        name: "proposals",
        sql: include_str!("../../migrations/0005_proposals.sql"),
    },
    Migration {
        version: 6,
        name: "comments_moderation",
        sql: include_str!("../../migrations/0006_comments_moderation.sql"),
    },
    Migration {
        version: 7,
        name: "proposal_social",
        sql: include_str!("../../migrations/0007_proposal_social.sql"),
    },
    Migration {
        version: 8,
        name: "search_unblock",
        sql: include_str!("../../migrations/0008_search_unblock.sql"),
    },
    Migration {
        version: 9,
        name: "madrid_scale",
        sql: include_str!("../../migrations/0009_madrid_scale.sql"),
    },
    Migration {
        version: 10,
        name: "budgets",
        sql: include_str!("../../migrations/0010_budgets.sql"),
    },
    Migration {
        version: 11,
        name: "budget_results",
        sql: include_str!("../../migrations/0011_budget_results.sql"),
    },
    Migration {
        version: 12,
        name: "polls",
        sql: include_str!("../../migrations/0012_polls.sql"),
    },
    Migration {
        version: 14,
        name: "action_log",
        sql: include_str!("../../migrations/0014_action_log.sql"),
    },
    Migration {
        version: 15,
        name: "threads",
        sql: include_str!("../../migrations/0015_threads.sql"),
    },
    Migration {
        version: 16,
        name: "open_data",
        sql: include_str!("../../migrations/0016_open_data.sql"),
    },
    Migration {
        version: 18,
        name: "account_erasure",
        sql: include_str!("../../migrations/0018_account_erasure.sql"),
    },
    Migration {
        version: 20,
        name: "budget_paper",
        sql: include_str!("../../migrations/0020_budget_paper.sql"),
    },
    Migration {
        version: 21,
        name: "verifications",
        sql: include_str!("../../migrations/0021_verifications.sql"),
    },
    Migration {
        version: 22,
        name: "budget_eligibility",
        sql: include_str!("../../migrations/0022_budget_eligibility.sql"),
    },
    Migration {
        version: 23,
        name: "accountability",
        sql: include_str!("../../migrations/0023_accountability.sql"),
    },
    Migration {
        version: 25,
        name: "search_cover",
        sql: include_str!("../../migrations/0025_search_cover.sql"),
    },
    Migration {
        version: 26,
        name: "groups",
        sql: include_str!("../../migrations/0026_groups.sql"),
    },
    Migration {
        version: 27,
        name: "group_guests",
        sql: include_str!("../../migrations/0027_group_guests.sql"),
    },
    Migration {
        version: 28,
        name: "thread_reactions",
        sql: include_str!("../../migrations/0028_thread_reactions.sql"),
    },
    Migration {
        version: 29,
        name: "poll_threads",
        sql: include_str!("../../migrations/0029_poll_threads.sql"),
    },
    Migration {
        version: 30,
        name: "notify",
        sql: include_str!("../../migrations/0030_notify.sql"),
    },
    Migration {
        version: 31,
        name: "poll_mail",
        sql: include_str!("../../migrations/0031_poll_mail.sql"),
    },
    Migration {
        version: 32,
        name: "poll_settings",
        sql: include_str!("../../migrations/0032_poll_settings.sql"),
    },
    Migration {
        version: 33,
        name: "poll_reminders",
        sql: include_str!("../../migrations/0033_poll_reminders.sql"),
    },
    Migration {
        version: 34,
        name: "group_edit_comments",
        sql: include_str!("../../migrations/0034_group_edit_comments.sql"),
    },
    Migration {
        version: 35,
        name: "budget_result_threshold",
        sql: include_str!("../../migrations/0035_budget_result_threshold.sql"),
    },
    Migration {
        version: 36,
        name: "users_by_name",
        sql: include_str!("../../migrations/0036_users_by_name.sql"),
    },
    Migration {
        version: 37,
        name: "poll_turnouts",
        sql: include_str!("../../migrations/0037_poll_turnouts.sql"),
    },
    Migration {
        version: 38,
        name: "budget_secret_ballots",
        sql: include_str!("../../migrations/0038_budget_secret_ballots.sql"),
    },
    Migration {
        version: 39,
        name: "poll_ballots_content",
        sql: include_str!("../../migrations/0039_poll_ballots_content.sql"),
    },
    Migration {
        version: 40,
        name: "action_log_pending",
        sql: include_str!("../../migrations/0040_action_log_pending.sql"),
    },
];

/// Where a database stands relative to this binary's migrations.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Every migration is applied.
    UpToDate,
    /// Some migrations are missing (`applied` of `known`).
    Pending { applied: usize, known: usize },
    /// The database has migrations this binary does not know: it is newer than the binary.
    Newer,
}

fn dialect(sql: &str, backend: Backend) -> String {
    let id = match backend {
        Backend::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Backend::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    };
    sql.replace("{id}", id)
}

async fn ensure_table(db: &Db) -> Result<(), sqlx::Error> {
    super::query(
        "CREATE TABLE IF NOT EXISTS agora_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(db)
    .await?;
    Ok(())
}

async fn applied_versions(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    let rows = super::query("SELECT version FROM agora_migrations ORDER BY version")
        .fetch_all(db)
        .await?;
    rows.iter().map(|r| r.try_get::<i64, _>(0)).collect()
}

/// Applies every pending migration, each in its own transaction. Returns how many ran.
pub async fn run(db: &Db) -> Result<usize, sqlx::Error> {
    ensure_table(db).await?;
    let applied = applied_versions(db).await?;
    let mut ran = 0;
    for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        let mut tx = db.begin().await?;
        for statement in split_statements(&dialect(m.sql, db.backend)) {
            super::query_built(statement).execute(&mut tx).await?;
        }
        super::query(
            "INSERT INTO agora_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(super::now())
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        ran += 1;
    }
    // Records that existed before the action log enter it once, so verification covers them.
    crate::platform::action_log::adopt(db).await?;
    // Accounts from before nicknames (or created in bulk) get theirs from their names.
    crate::platform::accounts::nicknames::fill_missing(db).await?;
    Ok(ran)
}

/// Tells whether this database is ready for this binary, without changing it.
pub async fn status(db: &Db) -> Result<Status, sqlx::Error> {
    let exists = match db.backend {
        Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'agora_migrations'"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'agora_migrations' \
             AND table_schema = current_schema()"
        }
    };
    let count: i64 = super::query(exists).fetch_one(db).await?.try_get(0)?;
    let applied = if count == 0 {
        Vec::new()
    } else {
        applied_versions(db).await?
    };
    let known = MIGRATIONS.len();
    if applied
        .iter()
        .any(|v| !MIGRATIONS.iter().any(|m| m.version == *v))
    {
        Ok(Status::Newer)
    } else if applied.len() == known {
        Ok(Status::UpToDate)
    } else {
        Ok(Status::Pending {
            applied: applied.len(),
            known,
        })
    }
}

/// Splits a migration file on `;` at line ends. Migrations hold no procedural code,
/// so this is enough, and it keeps one statement per round trip on both backends.
fn split_statements(sql: &str) -> Vec<String> {
    let without_comments: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    without_comments
        .split(";\n")
        .map(|s| s.trim().trim_end_matches(';').trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_statements_and_drops_comments() {
        let parts = split_statements(
            "-- a comment\nCREATE TABLE a (x BIGINT);\nCREATE TABLE b (y TEXT);\n",
        );
        assert_eq!(
            parts,
            vec!["CREATE TABLE a (x BIGINT)", "CREATE TABLE b (y TEXT)"]
        );
    }

    #[test]
    fn id_marker_becomes_each_backends_primary_key() {
        assert!(dialect("id {id}", Backend::Sqlite).contains("AUTOINCREMENT"));
        assert!(dialect("id {id}", Backend::Postgres).contains("IDENTITY"));
    }
}
