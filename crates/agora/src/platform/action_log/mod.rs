//! The action log: what people did — created, edited, supported, answered, hid, changed a role —
//! appended by [`append`] inside the transaction of the action itself, so an entry exists
//! exactly when its action does. Rows are never updated nor deleted by agora (a test greps the
//! source for that).
//!
//! Tamper evidence: the entries form a SHA-256 hash chain (each entry's hash covers its fields
//! and the previous entry's hash), and each entry carries the hash of the affected record's
//! canonical content right after the action. [`verify`] recomputes both: an entry altered,
//! removed or inserted breaks the chain; a support, proposal or comment altered, inserted or
//! deleted with SQL no longer matches its last entry. The chain head (length and hash) is on
//! the public activity page: whoever noted it can tell later that history was not rewritten.
//!
//! An action's entry is written to `action_log_pending` in the action's transaction; batches
//! of pending entries enter the chain under the lock of the single `action_log_head` row, so
//! the chain never forks and no action waits for another's commit ([`pending`] says why and
//! when). Whatever reads the chain settles it first.

pub mod bulk;
mod pending;
pub mod routes;
mod verify;

pub use pending::{settle, spawn_settler};
pub use verify::{Report, verify};

use sha2::{Digest, Sha256};

use crate::db::{self, Db};
use crate::platform::secrets::hex;

/// Who may read an entry on the activity pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Everyone who may see the space (the organisation's and the space's activity pages).
    Public,
    /// The organisation's administrators (the admin log).
    Admins,
    /// No page: kept for verification only (e.g. who supported what).
    Private,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Admins => "admins",
            Visibility::Private => "private",
        }
    }
}

/// The record an entry is about.
#[derive(Clone, Copy, Debug)]
pub struct Subject {
    pub kind: &'static str,
    pub id: i64,
    /// The record whose organisation, space and link the entry takes, when not the subject's.
    within: Option<(&'static str, i64)>,
    removed: bool,
}

impl Subject {
    /// A record that exists after the action (created, edited, answered...).
    pub fn of(kind: &'static str, id: i64) -> Subject {
        Subject {
            kind,
            id,
            within: None,
            removed: false,
        }
    }

    /// A record that exists after the action, placed in the space of `within` (e.g. a person
    /// blocked by the moderators of a space).
    pub fn in_scope_of(
        kind: &'static str,
        id: i64,
        within_kind: &'static str,
        within_id: i64,
    ) -> Subject {
        Subject {
            kind,
            id,
            within: Some((within_kind, within_id)),
            removed: false,
        }
    }

    /// A record the action removed (or is about to remove): its content hash is [`absent`],
    /// its space and link are those of `within` (e.g. the proposal of a withdrawn support).
    pub fn removed(
        kind: &'static str,
        id: i64,
        within_kind: &'static str,
        within_id: i64,
    ) -> Subject {
        Subject {
            kind,
            id,
            within: Some((within_kind, within_id)),
            removed: true,
        }
    }
}

/// A kind of record the log knows: how to find its organisation, space and page, and (for the
/// records `agora verify` checks) its canonical content.
pub(crate) struct Kind {
    pub name: &'static str,
    pub table: &'static str,
    /// `organization_id`, `space_id`, `link` of the record `$1`.
    scope: &'static str,
    /// Canonical content: every column as TEXT, `id` first, from the table aliased `x`.
    /// Counters that change without an action of their own (supports_count...) stay out.
    pub content: &'static str,
    /// Checked by `agora verify` against the current rows.
    pub verified: bool,
    /// The ids of this kind's records inside component `$1` (deleted with it).
    in_component: Option<&'static str>,
}

const PROPOSAL_SCOPE: &str = "SELECT s.organization_id, s.id AS space_id,
    '/proposals/' || p.component_id || '/' || p.id AS link
    FROM proposals p JOIN components c ON c.id = p.component_id JOIN spaces s ON s.id = c.space_id
    WHERE p.id = $1";

/// Every kind the log knows. Components add theirs here (one entry each).
pub(crate) const KINDS: &[Kind] = &[
    Kind {
        name: "proposal",
        table: "proposals",
        scope: PROPOSAL_SCOPE,
        content:
            "SELECT CAST(x.id AS TEXT), CAST(x.component_id AS TEXT), CAST(x.author_id AS TEXT),
            x.title, x.body, x.address, x.state, x.answer_state, x.answer_custom_state,
            x.answer_text, CAST(x.answer_cost AS TEXT), CAST(x.answer_published_at AS TEXT),
            CAST(x.created_at AS TEXT) FROM proposals x",
        verified: true,
        in_component: Some("SELECT id FROM proposals WHERE component_id = $1 ORDER BY id"),
    },
    Kind {
        name: "support",
        table: "supports",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/proposals/' || p.component_id || '/' || p.id AS link
            FROM supports x JOIN proposals p ON p.id = x.proposal_id
            JOIN components c ON c.id = p.component_id JOIN spaces s ON s.id = c.space_id
            WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.proposal_id AS TEXT), CAST(x.user_id AS TEXT),
            CAST(x.created_at AS TEXT) FROM supports x",
        verified: true,
        in_component: Some(
            "SELECT s.id FROM supports s JOIN proposals p ON p.id = s.proposal_id WHERE p.component_id = $1 ORDER BY s.id",
        ),
    },
    Kind {
        name: "endorsement",
        table: "endorsements",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/proposals/' || p.component_id || '/' || p.id AS link
            FROM endorsements x JOIN proposals p ON p.id = x.proposal_id
            JOIN components c ON c.id = p.component_id JOIN spaces s ON s.id = c.space_id
            WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.proposal_id AS TEXT), CAST(x.user_id AS TEXT),
            CAST(x.created_at AS TEXT) FROM endorsements x",
        verified: true,
        in_component: Some(
            "SELECT e.id FROM endorsements e JOIN proposals p ON p.id = e.proposal_id WHERE p.component_id = $1 ORDER BY e.id",
        ),
    },
    Kind {
        name: "comment",
        table: "comments",
        scope: "SELECT s.organization_id, s.id AS space_id, '/comments/' || x.id AS link
            FROM comments x JOIN spaces s ON s.id = x.space_id WHERE x.id = $1",
        // Not the author: deleting an account sets it to NULL, which is no tampering.
        content: "SELECT CAST(x.id AS TEXT), x.resource_kind, CAST(x.resource_id AS TEXT),
            CAST(x.parent_id AS TEXT), x.body, CAST(x.alignment AS TEXT),
            CAST(x.created_at AS TEXT), CAST(x.edited_at AS TEXT), CAST(x.deleted_at AS TEXT)
            FROM comments x",
        verified: true,
        in_component: None,
    },
    Kind {
        name: "poll",
        table: "polls",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/polls/' || p.component_id || '/' || p.id AS link
            FROM polls p JOIN components c ON c.id = p.component_id JOIN spaces s ON s.id = c.space_id
            WHERE p.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.component_id AS TEXT), x.title, x.poll_type,
            CAST(x.anonymous AS TEXT) FROM polls x",
        verified: false,
        in_component: Some("SELECT id FROM polls WHERE component_id = $1 ORDER BY id"),
    },
    // Ballots of named polls, and of anonymous polls once sealed (never before: an open anonymous
    // poll's ballots are in no entry, see docs/SECURITY.md).
    Kind {
        name: "poll_ballot",
        table: "(SELECT id FROM poll_ballots WHERE voter_key IS NULL) t",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/polls/' || p.component_id || '/' || p.id AS link
            FROM poll_ballots x JOIN polls p ON p.id = x.poll_id
            JOIN components c ON c.id = p.component_id JOIN spaces s ON s.id = c.space_id
            WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.poll_id AS TEXT), CAST(x.user_id AS TEXT),
            x.content, x.reason, x.receipt_hash
            FROM (SELECT * FROM poll_ballots WHERE voter_key IS NULL) x",
        verified: true,
        in_component: Some(
            "SELECT b.id FROM poll_ballots b JOIN polls p ON p.id = b.poll_id
             WHERE p.component_id = $1 AND b.voter_key IS NULL ORDER BY b.id",
        ),
    },
    // Checked-out budget ballots (baskets being filled are not logged). The lines enter the
    // content as a portable arithmetic fingerprint: count and sums, one SQL text for both backends.
    Kind {
        name: "budget_ballot",
        table: "(SELECT id FROM budget_ballots WHERE checked_out_at IS NOT NULL) t",
        scope: "SELECT s.organization_id, s.id AS space_id, '/budgets/' || b.component_id AS link
            FROM budget_ballots x JOIN budgets b ON b.id = x.budget_id
            JOIN components c ON c.id = b.component_id JOIN spaces s ON s.id = c.space_id
            WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.budget_id AS TEXT), CAST(x.user_id AS TEXT),
            CAST(x.total_cost AS TEXT), CAST(x.checked_out_at AS TEXT), x.receipt,
            (SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(l.project_id), 0) AS TEXT)
                 || ':' || CAST(COALESCE(SUM(l.value), 0) AS TEXT)
                 || ':' || CAST(COALESCE(SUM(l.project_id * l.value), 0) AS TEXT)
             FROM budget_ballot_lines l WHERE l.ballot_id = x.id)
            FROM (SELECT * FROM budget_ballots WHERE checked_out_at IS NOT NULL) x",
        verified: true,
        in_component: Some(
            "SELECT x.id FROM budget_ballots x JOIN budgets b ON b.id = x.budget_id
             WHERE b.component_id = $1 AND x.checked_out_at IS NOT NULL ORDER BY x.id",
        ),
    },
    // Secret budget ballots, once sealed (never before: see docs/SECURITY.md). No voter, no time.
    Kind {
        name: "budget_secret_ballot",
        table: "(SELECT id FROM budget_secret_ballots WHERE sealed = 1) t",
        scope: "SELECT s.organization_id, s.id AS space_id, '/budgets/' || b.component_id AS link
            FROM budget_secret_ballots x JOIN budgets b ON b.id = x.budget_id
            JOIN components c ON c.id = b.component_id JOIN spaces s ON s.id = c.space_id
            WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.budget_id AS TEXT), x.content, x.receipt_hash
            FROM (SELECT * FROM budget_secret_ballots WHERE sealed = 1) x",
        verified: true,
        in_component: Some(
            "SELECT x.id FROM budget_secret_ballots x JOIN budgets b ON b.id = x.budget_id
             WHERE b.component_id = $1 AND x.sealed = 1 ORDER BY x.id",
        ),
    },
    // Accountability: results, their statuses and milestones (admins' writes, public entries).
    Kind {
        name: "accountability_result",
        table: "accountability_results",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/accountability/' || x.component_id || '/' || x.id AS link
            FROM accountability_results x JOIN components c ON c.id = x.component_id
            JOIN spaces s ON s.id = c.space_id WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.component_id AS TEXT),
            CAST(x.parent_id AS TEXT), x.reference, x.title, x.description, x.starts_on,
            x.ends_on, CAST(x.status_id AS TEXT), CAST(x.progress AS TEXT),
            CAST(x.weight AS TEXT), x.project_ids, x.proposal_ids FROM accountability_results x",
        verified: false,
        in_component: Some(
            "SELECT id FROM accountability_results WHERE component_id = $1 ORDER BY id",
        ),
    },
    Kind {
        name: "accountability_status",
        table: "accountability_statuses",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/accountability/' || x.component_id AS link
            FROM accountability_statuses x JOIN components c ON c.id = x.component_id
            JOIN spaces s ON s.id = c.space_id WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.component_id AS TEXT), x.code, x.name,
            x.description, CAST(x.progress AS TEXT) FROM accountability_statuses x",
        verified: false,
        in_component: Some(
            "SELECT id FROM accountability_statuses WHERE component_id = $1 ORDER BY id",
        ),
    },
    Kind {
        name: "accountability_milestone",
        table: "accountability_milestones",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/accountability/' || r.component_id || '/' || r.id AS link
            FROM accountability_milestones x JOIN accountability_results r ON r.id = x.result_id
            JOIN components c ON c.id = r.component_id JOIN spaces s ON s.id = c.space_id
            WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.result_id AS TEXT), x.happened_on, x.title,
            x.body FROM accountability_milestones x",
        verified: false,
        in_component: Some(
            "SELECT m.id FROM accountability_milestones m
             JOIN accountability_results r ON r.id = m.result_id
             WHERE r.component_id = $1 ORDER BY m.id",
        ),
    },
    // A budget, for admin actions on it as a whole (paper counts entered, ballots imported).
    Kind {
        name: "budget",
        table: "budgets",
        scope: "SELECT s.organization_id, s.id AS space_id, '/budgets/' || x.component_id || '/' || x.id AS link
            FROM budgets x JOIN components c ON c.id = x.component_id JOIN spaces s ON s.id = c.space_id
            WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.component_id AS TEXT), x.title,
            CAST(x.total AS TEXT), CAST(x.paper_version AS TEXT) FROM budgets x",
        verified: false,
        in_component: Some("SELECT id FROM budgets WHERE component_id = $1 ORDER BY id"),
    },
    Kind {
        name: "moderation",
        table: "moderations",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/spaces/' || s.id || '/moderation/log' AS link
            FROM moderations x JOIN spaces s ON s.id = x.space_id WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), x.resource_kind, CAST(x.resource_id AS TEXT),
            CAST(x.hidden_at AS TEXT) FROM moderations x",
        verified: false,
        in_component: None,
    },
    Kind {
        name: "membership",
        table: "memberships",
        scope: "SELECT x.organization_id, CAST(NULL AS BIGINT) AS space_id,
            '/o/' || o.slug || '/admin/members' AS link
            FROM memberships x JOIN organizations o ON o.id = x.organization_id WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.organization_id AS TEXT),
            CAST(x.user_id AS TEXT), x.role FROM memberships x",
        verified: false,
        in_component: None,
    },
    Kind {
        name: "group_join_request",
        table: "group_join_requests",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/spaces/' || s.id || '/group' AS link
            FROM group_join_requests x JOIN spaces s ON s.id = x.space_id WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.space_id AS TEXT), CAST(x.user_id AS TEXT),
            x.status FROM group_join_requests x",
        verified: false,
        in_component: None,
    },
    Kind {
        name: "group_guest",
        table: "group_guests",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/spaces/' || s.id || '/group' AS link
            FROM group_guests x JOIN spaces s ON s.id = x.space_id WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.space_id AS TEXT), x.item_kind,
            CAST(x.item_id AS TEXT), CAST(x.user_id AS TEXT) FROM group_guests x",
        verified: false,
        in_component: None,
    },
    Kind {
        name: "space_member",
        table: "space_members",
        scope: "SELECT s.organization_id, s.id AS space_id,
            '/spaces/' || s.id || '/admin/members' AS link
            FROM space_members x JOIN spaces s ON s.id = x.space_id WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.space_id AS TEXT), CAST(x.user_id AS TEXT),
            x.role FROM space_members x",
        verified: false,
        in_component: None,
    },
    Kind {
        name: "organization",
        table: "organizations",
        scope: "SELECT x.id AS organization_id, CAST(NULL AS BIGINT) AS space_id,
            '/o/' || x.slug AS link FROM organizations x WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), x.slug FROM organizations x",
        verified: false,
        in_component: None,
    },
    Kind {
        name: "space",
        table: "spaces",
        scope: "SELECT x.organization_id, x.id AS space_id, '' AS link FROM spaces x WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), x.slug, x.visibility FROM spaces x",
        verified: false,
        in_component: None,
    },
    Kind {
        name: "user",
        table: "users",
        scope: "SELECT CAST(NULL AS BIGINT) AS organization_id, CAST(NULL AS BIGINT) AS space_id,
            '' AS link FROM users x WHERE x.id = $1",
        content: "SELECT CAST(x.id AS TEXT), CAST(x.blocked_at AS TEXT) FROM users x",
        verified: false,
        in_component: None,
    },
];

pub(crate) fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The content hash of a record that does not exist (removed, or never found).
pub fn absent() -> String {
    hex(&Sha256::digest(b"absent"))
}

/// SHA-256 of a value's compact JSON text, written straight into the hasher (no `Value`, no
/// intermediate string: `agora verify` hashes millions of these). A tuple serializes as the JSON
/// array `json!([..])` gives, byte for byte, so hashes written by earlier versions still match.
fn json_sha256(value: &impl serde::Serialize) -> String {
    struct Hasher(Sha256);
    impl std::io::Write for Hasher {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = Hasher(Sha256::new());
    serde_json::to_writer(&mut hasher, value).expect("serializing plain values cannot fail");
    hex(&hasher.0.finalize())
}

/// The content hash of a record's canonical columns.
pub(crate) fn content_hash(kind: &str, columns: &[Option<String>]) -> String {
    json_sha256(&(kind, columns))
}

/// The fields an entry's hash covers, in the order they are hashed.
pub(crate) struct EntryFields<'a> {
    pub seq: i64,
    pub prev_hash: &'a str,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub subject_kind: &'a str,
    pub subject_id: i64,
    pub organization_id: Option<i64>,
    pub space_id: Option<i64>,
    pub visibility: &'a str,
    pub link: &'a str,
    pub content_hash: &'a str,
    pub created_at: i64,
}

impl EntryFields<'_> {
    pub(crate) fn hash(&self) -> String {
        json_sha256(&(
            self.seq,
            self.prev_hash,
            self.actor_id,
            self.action,
            self.subject_kind,
            self.subject_id,
            self.organization_id,
            self.space_id,
            self.visibility,
            self.link,
            self.content_hash,
            self.created_at,
        ))
    }
}

pub(crate) fn row_columns(row: &db::Row) -> Result<Vec<Option<String>>, sqlx::Error> {
    (0..row.len())
        .map(|i| row.try_get::<Option<String>, _>(i))
        .collect()
}

/// Appends one entry on `conn`, the transaction of the action, after the action's own writes
/// (so that the content hash is the record's content after it).
pub async fn append(
    conn: &mut crate::db::WriteTx,
    actor: Option<i64>,
    action: &str,
    subject: Subject,
    visibility: Visibility,
) -> Result<(), sqlx::Error> {
    let content = match (subject.removed, kind(subject.kind)) {
        (false, Some(k)) => {
            let sql = format!("{} WHERE x.id = $1", k.content);
            match db::query_built(sql)
                .bind(subject.id)
                .fetch_optional(&mut *conn)
                .await?
            {
                Some(row) => content_hash(k.name, &row_columns(&row)?),
                None => absent(),
            }
        }
        _ => absent(),
    };
    // The entry takes its organisation, space and link from the scope's row, found by the same
    // statement that writes it (one round trip less on every logged action). An unknown scope
    // leaves them empty, as a scope row that is gone does.
    let (scope_kind, scope_id) = subject.within.unwrap_or((subject.kind, subject.id));
    let scope = kind(scope_kind).map_or(NO_SCOPE, |k| k.scope);
    db::query_built(format!(
        "INSERT INTO action_log_pending (actor_id, action, subject_kind, subject_id,
             organization_id, space_id, visibility, link, content_hash, created_at)
         SELECT $2, $3, $4, $5, s.organization_id, s.space_id, $6, COALESCE(s.link, ''), $7, $8
         FROM (SELECT 1 AS one) o LEFT JOIN ({scope}) s ON 1 = 1"
    ))
    .bind(scope_id)
    .bind(actor)
    .bind(action)
    .bind(subject.kind)
    .bind(subject.id)
    .bind(visibility.as_str())
    .bind(&content)
    .bind(db::now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The scope of a kind the log does not know: no row (`$1` is used, as in every scope).
const NO_SCOPE: &str = "SELECT CAST(NULL AS BIGINT) AS organization_id,
    CAST(NULL AS BIGINT) AS space_id, CAST(NULL AS TEXT) AS link
    WHERE CAST($1 AS BIGINT) IS NULL";

/// Enters the removal of every record a component holds, before the component is deleted (its
/// records go with it by cascade): admins entries, in the component's space.
pub async fn component_removed(
    conn: &mut crate::db::WriteTx,
    actor: Option<i64>,
    component_id: i64,
    space_id: i64,
) -> Result<(), sqlx::Error> {
    for k in KINDS {
        let Some(sql) = k.in_component else { continue };
        let ids: Vec<i64> = db::query(sql)
            .bind(component_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()?;
        for id in ids {
            let subject = Subject::removed(k.name, id, "space", space_id);
            append(
                &mut *conn,
                actor,
                "component-deleted",
                subject,
                Visibility::Admins,
            )
            .await?;
        }
    }
    Ok(())
}

/// Enters every ballot of a just-sealed anonymous poll, without actor, in the order of their
/// (fresh, random) ids, as private entries: the content is verifiable, the voter unknowable.
pub async fn sealed_ballots(
    conn: &mut crate::db::WriteTx,
    poll_id: i64,
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = db::query("SELECT id FROM poll_ballots WHERE poll_id = $1 ORDER BY id")
        .bind(poll_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    sealed(conn, "poll_ballot", "poll-ballot-sealed", &ids).await
}

/// Enters freshly sealed secret ballots, without actor, in the order of their random ids and
/// all in one transaction: the log says nothing about who cast them or when.
pub async fn sealed(
    conn: &mut crate::db::WriteTx,
    kind: &'static str,
    action: &'static str,
    ids: &[i64],
) -> Result<(), sqlx::Error> {
    for id in ids {
        append(
            &mut *conn,
            None,
            action,
            Subject::of(kind, *id),
            Visibility::Private,
        )
        .await?;
    }
    Ok(())
}

/// The chain head: how many entries, and the last one's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub length: i64,
    pub hash: String,
}

/// The head once every pending entry is chained.
pub async fn head(db: &Db) -> Result<Head, sqlx::Error> {
    settle(db).await?;
    let row = db::query("SELECT length, hash FROM action_log_head WHERE id = 1")
        .fetch_one(db)
        .await?;
    Ok(Head {
        length: row.try_get(0)?,
        hash: row.try_get(1)?,
    })
}

/// Enters the records that existed before the log (or before their kind was logged) as
/// "recorded", once per kind, so that `agora verify` checks them from then on. Run after the
/// migrations.
pub async fn adopt(db: &Db) -> Result<(), sqlx::Error> {
    for k in KINDS.iter().filter(|k| k.verified) {
        let mut tx = db.begin().await?;
        let first = db::query(
            "INSERT INTO action_log_adopted (subject_kind, adopted_at) VALUES ($1, $2)
             ON CONFLICT (subject_kind) DO NOTHING",
        )
        .bind(k.name)
        .bind(db::now())
        .execute(&mut tx)
        .await?
        .rows_affected()
            == 1;
        if !first {
            tx.rollback().await?;
            continue;
        }
        let ids: Vec<i64> = db::query_built(format!("SELECT id FROM {} ORDER BY id", k.table))
            .fetch_all(&mut tx)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()?;
        for id in ids {
            append(
                &mut tx,
                None,
                "recorded",
                Subject::of(k.name, id),
                Visibility::Private,
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use sha2::{Digest, Sha256};

    use super::*;

    /// Entries already in databases were hashed from `json!([..]).to_string()`: the streamed
    /// hashing must give the same bytes, or every existing chain would look altered.
    #[test]
    fn streamed_hashes_equal_the_json_value_hashes() {
        let old = |value: serde_json::Value| hex(&Sha256::digest(value.to_string().as_bytes()));
        let fields = EntryFields {
            seq: 42,
            prev_hash: "ab\"c\\d",
            actor_id: None,
            action: "comment-created",
            subject_kind: "comment",
            subject_id: -7,
            organization_id: Some(3),
            space_id: None,
            visibility: "public",
            link: "/comments/1?é=ü&\u{1}\n",
            content_hash: "00ff",
            created_at: 1_767_225_600,
        };
        let expected = old(json!([
            42,
            "ab\"c\\d",
            None::<i64>,
            "comment-created",
            "comment",
            -7,
            Some(3),
            None::<i64>,
            "public",
            "/comments/1?é=ü&\u{1}\n",
            "00ff",
            1_767_225_600
        ]));
        assert_eq!(fields.hash(), expected);
        let columns = vec![Some("1".to_string()), None, Some("l'été \"x\"".to_string())];
        assert_eq!(
            content_hash("proposal", &columns),
            old(json!(["proposal", columns]))
        );
    }
}
