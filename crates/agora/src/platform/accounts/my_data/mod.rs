//! "My data": everything agora holds about a person, as one ZIP — `my-data.json` with all of it,
//! one CSV per kind of record, and a README that says what each file is (and what is not there,
//! and why: secret ballots).
//!
//! [`KINDS`] is the list of what is exported, one SQL query each (`$1` is the person's id).
//! [`PERSONAL_COLUMNS`] lists every column of the schema that points to a person, with where it
//! is exported and what account deletion does with it; an integration test compares it with the
//! schema, so a new table with a person's column fails the tests until it is listed here.

use serde_json::{Map, Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{self, Db};
use crate::platform::csv::push_record;

/// One kind of record in the download.
pub struct Kind {
    /// The file name (`csv/{name}.csv`) and the key in `my-data.json`.
    pub name: &'static str,
    /// What the file holds (in the README).
    pub about: &'static str,
    /// The rows: `$1` is the person's id. Columns ending in `_at` are Unix times, written out
    /// as ISO 8601 (UTC).
    pub sql: &'static str,
}

/// Every kind of record a person creates or that is about them.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "account",
        about: "Your account: name, e-mail address, chosen language, when it was created and confirmed.",
        sql: "SELECT id, name, nickname, email, locale, email_notifications, is_instance_admin,
                     created_at, confirmed_at, accepted_terms_at, blocked_at, blocked_reason
              FROM users WHERE id = $1",
    },
    Kind {
        name: "sessions",
        about: "Browsers signed in to your account (the secret session token itself is never stored).",
        sql: "SELECT id, created_at, last_seen_at, expires_at, user_agent, ip
              FROM sessions WHERE user_id = $1 ORDER BY id",
    },
    Kind {
        name: "api_tokens",
        about: "Your personal API tokens: names and dates (the tokens themselves are never stored).",
        sql: "SELECT id, name, created_at, last_used_at, revoked_at
              FROM api_tokens WHERE user_id = $1 ORDER BY id",
    },
    Kind {
        name: "email_links",
        about: "Links sent to you by e-mail (confirm your address, reset your password): purpose and dates.",
        sql: "SELECT id, purpose, created_at, expires_at, used_at
              FROM email_tokens WHERE user_id = $1 ORDER BY id",
    },
    Kind {
        name: "emails",
        about: "E-mails agora sent or will send to your address: subject and dates (bodies are left out: they may hold single-use links).",
        sql: "SELECT id, subject, created_at, sent_at
              FROM outbox WHERE to_address = (SELECT email FROM users WHERE id = $1) ORDER BY id",
    },
    Kind {
        name: "organization_memberships",
        about: "Organisations you belong to, and your role.",
        sql: "SELECT m.id, m.organization_id, o.slug AS organization_slug, o.name AS organization_name,
                     m.role, m.created_at
              FROM memberships m JOIN organizations o ON o.id = m.organization_id
              WHERE m.user_id = $1 ORDER BY m.id",
    },
    Kind {
        name: "space_roles",
        about: "Your roles in participatory spaces (member, moderator, administrator...).",
        sql: "SELECT sm.id, sm.space_id, s.title AS space_title, sm.role, sm.created_at
              FROM space_members sm JOIN spaces s ON s.id = sm.space_id
              WHERE sm.user_id = $1 ORDER BY sm.id",
    },
    Kind {
        name: "invitations_received",
        about: "Invitations to join an organisation sent to your address.",
        sql: "SELECT i.id, i.organization_id, o.name AS organization_name, i.role, i.created_at,
                     i.expires_at, i.accepted_at
              FROM invitations i JOIN organizations o ON o.id = i.organization_id
              WHERE i.email = (SELECT email FROM users WHERE id = $1) ORDER BY i.id",
    },
    Kind {
        name: "invitations_sent",
        about: "Invitations you sent as an organisation administrator (the invited address is one you typed).",
        sql: "SELECT i.id, i.organization_id, o.name AS organization_name, i.email, i.role,
                     i.created_at, i.expires_at, i.accepted_at
              FROM invitations i JOIN organizations o ON o.id = i.organization_id
              WHERE i.invited_by = $1 ORDER BY i.id",
    },
    Kind {
        name: "group_join_requests",
        about: "Requests to join a closed group: yours, and those you decided as a group admin.",
        sql: "SELECT r.id, r.space_id, s.title AS group_title, r.user_id, r.message, r.status,
                     r.created_at, r.decided_at, r.decided_by
              FROM group_join_requests r JOIN spaces s ON s.id = r.space_id
              WHERE r.user_id = $1 OR r.decided_by = $1 ORDER BY r.id",
    },
    Kind {
        name: "guest_invitations_received",
        about: "Invitations to take part as a guest in one thread or poll of a group, sent to your address or opened with your account.",
        sql: "SELECT g.id, g.space_id, g.item_kind, g.item_id, g.created_at, g.expires_at,
                     g.accepted_at
              FROM group_guests g
              WHERE g.user_id = $1 OR g.email = (SELECT email FROM users WHERE id = $1)
              ORDER BY g.id",
    },
    Kind {
        name: "guest_invitations_sent",
        about: "Guests you invited to a thread or poll of a group (the address is one you typed).",
        sql: "SELECT g.id, g.space_id, g.item_kind, g.item_id, g.email, g.created_at,
                     g.accepted_at
              FROM group_guests g WHERE g.invited_by = $1 ORDER BY g.id",
    },
    Kind {
        name: "proposals",
        about: "Proposals you wrote (the official answer only once published).",
        sql: "SELECT id, component_id, title, body, address, state,
                     CASE WHEN answer_published_at IS NULL THEN NULL ELSE answer_state END AS answer_state,
                     CASE WHEN answer_published_at IS NULL THEN NULL ELSE answer_text END AS answer_text,
                     answer_published_at, supports_count, created_at, updated_at
              FROM proposals WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "proposal_versions",
        about: "Every version of the proposals you wrote or edited.",
        sql: "SELECT id, proposal_id, title, body, created_at
              FROM proposal_versions WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "supports",
        about: "Proposals you support.",
        sql: "SELECT s.id, s.proposal_id, p.title AS proposal_title, s.created_at
              FROM supports s JOIN proposals p ON p.id = s.proposal_id
              WHERE s.user_id = $1 ORDER BY s.id",
    },
    Kind {
        name: "endorsements",
        about: "Proposals you endorsed.",
        sql: "SELECT e.id, e.proposal_id, p.title AS proposal_title, e.created_at
              FROM endorsements e JOIN proposals p ON p.id = e.proposal_id
              WHERE e.user_id = $1 ORDER BY e.id",
    },
    Kind {
        name: "amendments",
        about: "Amendments you proposed to others' proposals.",
        sql: "SELECT id, proposal_id, title, body, state, created_at, decided_at
              FROM proposal_amendments WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "comments",
        about: "Your comments and replies (the text of a comment you deleted is gone).",
        sql: "SELECT id, resource_kind, resource_id, parent_id, body, alignment, up_votes,
                     down_votes, created_at, edited_at, deleted_at
              FROM comments WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "comment_versions",
        about: "Earlier texts of the comments you edited.",
        sql: "SELECT v.id, v.comment_id, v.body, v.created_at
              FROM comment_versions v JOIN comments c ON c.id = v.comment_id
              WHERE c.author_id = $1 ORDER BY v.id",
    },
    Kind {
        name: "comment_votes",
        about: "Your up and down votes on comments (1 up, -1 down).",
        sql: "SELECT comment_id, value, created_at FROM comment_votes
              WHERE user_id = $1 ORDER BY comment_id",
    },
    Kind {
        name: "reports",
        about: "Content you reported to the moderators.",
        sql: "SELECT r.id, m.resource_kind, m.resource_id, r.reason, r.details, r.created_at,
                     r.dismissed_at
              FROM reports r JOIN moderations m ON m.id = r.moderation_id
              WHERE r.user_id = $1 ORDER BY r.id",
    },
    Kind {
        name: "moderation_of_my_content",
        about: "Your content that was reported or moderated: how many reports, and whether it is hidden.",
        sql: "SELECT id, resource_kind, resource_id, reports_count, hidden_at, created_at
              FROM moderations WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "blocks",
        about: "Blocks of your account by moderators, and blocks you made or lifted as a moderator (ids of the people).",
        sql: "SELECT id, user_id, space_id, blocked_by, reason, created_at, lifted_at, lifted_by,
                     lift_reason
              FROM user_blocks WHERE user_id = $1 OR blocked_by = $1 OR lifted_by = $1 ORDER BY id",
    },
    Kind {
        name: "follows",
        about: "What you follow (you are notified of its news).",
        sql: "SELECT id, resource_kind, resource_id, created_at FROM follows
              WHERE user_id = $1 ORDER BY id",
    },
    Kind {
        name: "notifications",
        about: "Your notifications: a message key with its arguments, the link, and when you read it.",
        sql: "SELECT id, kind, text_key, args, link, created_at, read_at FROM notifications
              WHERE user_id = $1 ORDER BY id",
    },
    Kind {
        name: "email_digest_items",
        about: "Notifications waiting for (or sent in) your daily e-mail digest.",
        sql: "SELECT id, text, link, created_at, digest_id FROM mail_digest_items
              WHERE user_id = $1 ORDER BY id",
    },
    Kind {
        name: "email_digests",
        about: "The daily e-mail digests sent to you (one a day at most).",
        sql: "SELECT id, day, created_at FROM mail_digests WHERE user_id = $1 ORDER BY id",
    },
    Kind {
        name: "polls",
        about: "Polls you created.",
        sql: "SELECT id, component_id, poll_type, title, details, anonymous, created_at, closed_at
              FROM polls WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "poll_participations",
        about: "Polls you voted in, named and anonymous. For an anonymous poll this is all agora knows: your ballot is stored without anything that links it to you (see README.md).",
        sql: "SELECT pp.poll_id, p.title AS poll_title, p.anonymous
              FROM poll_participations pp JOIN polls p ON p.id = pp.poll_id
              WHERE pp.user_id = $1 ORDER BY pp.poll_id",
    },
    Kind {
        name: "poll_voters",
        about: "Polls whose author picked you as one of its voters (`specified`), or that you were invited to as a guest (`guest`).",
        sql: "SELECT pv.poll_id, p.title AS poll_title, pv.kind
              FROM poll_voters pv JOIN polls p ON p.id = pv.poll_id
              WHERE pv.user_id = $1 ORDER BY pv.poll_id",
    },
    Kind {
        name: "poll_ballots",
        about: "Your current ballots in named polls (content as JSON, and your reason).",
        sql: "SELECT b.id, b.poll_id, p.title AS poll_title, b.content, b.reason, b.updated_at
              FROM poll_ballots b JOIN polls p ON p.id = b.poll_id
              WHERE b.user_id = $1 AND p.anonymous = 0 ORDER BY b.id",
    },
    Kind {
        name: "poll_vote_history",
        about: "Every vote and withdrawal you made in named polls (empty content: a withdrawal).",
        sql: "SELECT h.id, h.poll_id, h.content, h.reason, h.created_at
              FROM poll_vote_history h JOIN polls p ON p.id = h.poll_id
              WHERE h.user_id = $1 AND p.anonymous = 0 ORDER BY h.id",
    },
    Kind {
        name: "budget_ballots",
        about: "Your participatory-budget ballots: total, when cast, and the receipt's code.",
        sql: "SELECT b.id, b.budget_id, bu.title AS budget_title, b.total_cost, b.checked_out_at,
                     b.receipt, b.created_at, b.updated_at
              FROM budget_ballots b JOIN budgets bu ON bu.id = b.budget_id
              WHERE b.user_id = $1 ORDER BY b.id",
    },
    Kind {
        name: "budget_ballot_lines",
        about: "The projects on your budget ballots (value: 1 chosen, the points given, or the rank).",
        sql: "SELECT l.ballot_id, l.project_id, pr.title AS project_title, l.value
              FROM budget_ballot_lines l JOIN budget_ballots b ON b.id = l.ballot_id
              JOIN budget_projects pr ON pr.id = l.project_id
              WHERE b.user_id = $1 ORDER BY l.ballot_id, l.project_id",
    },
    Kind {
        name: "threads",
        about: "Discussion threads you opened.",
        sql: "SELECT id, component_id, title, context, closed_at, created_at, updated_at
              FROM threads WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "thread_versions",
        about: "Versions of thread context texts you wrote.",
        sql: "SELECT id, thread_id, context, created_at FROM thread_versions
              WHERE author_id = $1 ORDER BY id",
    },
    Kind {
        name: "thread_reads",
        about: "Where you stopped reading each thread (the last reply you saw).",
        sql: "SELECT thread_id, last_comment_id FROM thread_reads WHERE user_id = $1
              ORDER BY thread_id",
    },
    Kind {
        name: "comment_reactions",
        about: "Your reactions (emoji) on replies of discussion threads.",
        sql: "SELECT comment_id, emoji, created_at FROM comment_reactions WHERE user_id = $1
              ORDER BY comment_id, emoji",
    },
    Kind {
        name: "verifications",
        about: "Census entries you verified yourself against (the organisation's census: birth date and district; the document number is never stored).",
        sql: "SELECT organization_id, birth_date, district, verified_at FROM census_entries
              WHERE user_id = $1 ORDER BY organization_id",
    },
    Kind {
        name: "action_log",
        about: "Entries of the tamper-evident action log where you are the actor (see docs/guides/transparency.md).",
        sql: "SELECT seq, action, subject_kind, subject_id, organization_id, space_id, visibility,
                     link, content_hash, hash, created_at
              FROM action_log WHERE actor_id = $1 ORDER BY seq",
    },
];

/// What account deletion does with a column that points to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDeletion {
    /// The rows are deleted (or the value replaced): personal data.
    Erased,
    /// The rows stay, pointing to the anonymised account: contributions, votes and counts,
    /// moderation records, the action log.
    Kept,
}

/// A column of the schema that points to a person (by id or by e-mail address).
pub struct PersonalColumn {
    pub table: &'static str,
    pub column: &'static str,
    /// The [`KINDS`] entry that exports it; `None` with a reason in `note` (internal counters
    /// derived from exported records).
    pub exported_as: Option<&'static str>,
    pub on_deletion: OnDeletion,
    pub note: &'static str,
}

const fn col(
    table: &'static str,
    column: &'static str,
    exported_as: &'static str,
    on_deletion: OnDeletion,
) -> PersonalColumn {
    PersonalColumn {
        table,
        column,
        exported_as: Some(exported_as),
        on_deletion,
        note: "",
    }
}

use OnDeletion::{Erased, Kept};

/// Every column that points to a person. Adding a table with such a column? Add it here, to
/// [`KINDS`], and to `delete_account` — the schema test fails until then.
pub const PERSONAL_COLUMNS: &[PersonalColumn] = &[
    col("users", "email", "account", Erased),
    col("users", "name", "account", Erased),
    col("sessions", "user_id", "sessions", Erased),
    col("api_tokens", "user_id", "api_tokens", Erased),
    col("email_tokens", "user_id", "email_links", Erased),
    col("outbox", "to_address", "emails", Erased),
    PersonalColumn {
        table: "rate_limits",
        column: "bucket",
        exported_as: None,
        on_deletion: Erased,
        note: "counters of attempts (15-minute windows), keyed by address or account",
    },
    col("memberships", "user_id", "organization_memberships", Erased),
    col("space_members", "user_id", "space_roles", Erased),
    col("invitations", "email", "invitations_received", Erased),
    col("invitations", "invited_by", "invitations_sent", Kept),
    col(
        "group_join_requests",
        "user_id",
        "group_join_requests",
        Erased,
    ),
    col(
        "group_join_requests",
        "decided_by",
        "group_join_requests",
        Kept,
    ),
    col(
        "group_guests",
        "email",
        "guest_invitations_received",
        Erased,
    ),
    col(
        "group_guests",
        "user_id",
        "guest_invitations_received",
        Erased,
    ),
    col("group_guests", "invited_by", "guest_invitations_sent", Kept),
    col("proposals", "author_id", "proposals", Kept),
    col("proposal_versions", "author_id", "proposal_versions", Kept),
    col("supports", "user_id", "supports", Kept),
    PersonalColumn {
        table: "proposal_support_tallies",
        column: "user_id",
        exported_as: None,
        on_deletion: Kept,
        note: "how many supports a person gave in a component: derived from supports",
    },
    col("endorsements", "user_id", "endorsements", Kept),
    col("proposal_amendments", "author_id", "amendments", Kept),
    col("comments", "author_id", "comments", Kept),
    col("comment_votes", "user_id", "comment_votes", Kept),
    col("moderations", "author_id", "moderation_of_my_content", Kept),
    col("reports", "user_id", "reports", Kept),
    col("user_blocks", "user_id", "blocks", Kept),
    col("user_blocks", "blocked_by", "blocks", Kept),
    col("user_blocks", "lifted_by", "blocks", Kept),
    col("follows", "user_id", "follows", Erased),
    col("notifications", "user_id", "notifications", Erased),
    col("users", "nickname", "account", Erased),
    col("mail_digest_items", "user_id", "email_digest_items", Erased),
    col("mail_digests", "user_id", "email_digests", Erased),
    col("polls", "author_id", "polls", Kept),
    col(
        "poll_participations",
        "user_id",
        "poll_participations",
        Kept,
    ),
    col("poll_voters", "user_id", "poll_voters", Kept),
    col("poll_ballots", "user_id", "poll_ballots", Kept),
    col("poll_vote_history", "user_id", "poll_vote_history", Erased),
    PersonalColumn {
        table: "poll_turnout_non_voters",
        column: "user_id",
        exported_as: None,
        on_deletion: Erased,
        note: "the first people by name who had not voted when a poll closed, kept for its \
               results page: derived from who could vote and the participations",
    },
    PersonalColumn {
        table: "budget_voters",
        column: "user_id",
        exported_as: None,
        on_deletion: Kept,
        note: "a lock row and a counter of ballot changes: derived from budget ballots",
    },
    col("budget_ballots", "user_id", "budget_ballots", Kept),
    col("threads", "author_id", "threads", Kept),
    col("thread_versions", "author_id", "thread_versions", Kept),
    col("thread_reads", "user_id", "thread_reads", Erased),
    col("comment_reactions", "user_id", "comment_reactions", Erased),
    PersonalColumn {
        table: "census_entries",
        column: "user_id",
        exported_as: Some("verifications"),
        on_deletion: Kept,
        note: "the entry stays used by the anonymised account, so that the same person cannot \
               verify a second account and vote twice; it names no one (the organisation's own \
               census data, the document number only as an HMAC)",
    },
    col("action_log", "actor_id", "action_log", Kept),
    // Entries on their way into the chain: the download chains them first, so they are in
    // `action_log` by the time it is read.
    col("action_log_pending", "actor_id", "action_log", Kept),
];

/// A value for JSON: integers stay integers, `*_at` times become ISO 8601 (UTC).
fn value_of(row: &AnyRow, i: usize, column: &str) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return match v {
            None => Value::Null,
            Some(t) if column.ends_with("_at") => {
                Value::String(crate::platform::accounts::routes::iso_time(t))
            }
            Some(n) => json!(n),
        };
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.map(Value::String).unwrap_or(Value::Null);
    }
    if let Ok(Some(v)) = row.try_get::<Option<f64>, _>(i) {
        return json!(v);
    }
    Value::Null
}

/// The rows of one kind, as JSON objects with the columns in query order, and the columns.
async fn rows(
    db: &Db,
    kind: &Kind,
    user_id: i64,
) -> Result<(Vec<String>, Vec<Value>), sqlx::Error> {
    let rows = sqlx::query(kind.sql)
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let columns = column_names(kind.sql);
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut object = Map::new();
        for (i, name) in columns.iter().enumerate() {
            object.insert(name.clone(), value_of(row, i, name));
        }
        out.push(Value::Object(object));
    }
    Ok((columns, out))
}

/// The output column names of a `SELECT a, t.b, f(x) AS c FROM ...` query (the alias, or the
/// column after its table prefix). The queries in [`KINDS`] are written so this holds; a unit
/// test checks every one.
fn column_names(sql: &str) -> Vec<String> {
    let body = sql.trim_start().trim_start_matches("SELECT").trim_start();
    let mut depth = 0i32;
    let mut end = body.len();
    let bytes = body.as_bytes();
    let mut i = 0;
    // The list ends at the first FROM at depth 0.
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ => {}
        }
        if depth == 0
            && body[i..].starts_with("FROM")
            && i > 0
            && bytes[i - 1].is_ascii_whitespace()
        {
            end = i;
            break;
        }
        i += 1;
    }
    let mut names = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in body[..end].chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            names.push(name_of(&current));
            current.clear();
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        names.push(name_of(&current));
    }
    names
}

fn name_of(expression: &str) -> String {
    let e = expression.trim();
    match e.rsplit_once(" AS ") {
        Some((_, alias)) => alias.trim().to_string(),
        None => e.rsplit('.').next().unwrap_or(e).trim().to_string(),
    }
}

/// The text of a JSON value in a CSV cell.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn readme(generated: &str) -> String {
    let mut text = format!(
        "# Your data on agora\n\n\
         Generated {generated} (UTC). Everything agora holds about your account.\n\n\
         - `my-data.json`: all of it in one document — `account`, then one array per kind of record.\n\
         - `csv/*.csv`: the same, one file per kind (UTF-8, comma-separated, RFC 4180, first line = column names).\n\n\
         Times are ISO 8601 in UTC. Ids are agora's; a `resource_kind` and `resource_id` name what a\n\
         comment, report or follow is about (`proposal`, `thread`, `page`...).\n\n\
         ## Files\n\n"
    );
    for k in KINDS {
        text.push_str(&format!("- `csv/{}.csv` — {}\n", k.name, k.about));
    }
    text.push_str(
        "\n## What is not here, and why\n\n\
         - **Your ballots in anonymous polls.** agora stores who took part in an anonymous poll apart from\n\
           what was voted, with nothing in the database that links the two — by design, so that not even\n\
           the administrators, nor someone with a copy of the database, can tell how you voted. So agora\n\
           cannot find your anonymous ballot to give it to you: `poll_participations.csv` lists the polls\n\
           you took part in, and the receipt code you were shown when voting lets you find your ballot in\n\
           the poll's public ballot list once it is closed.\n\
         - **Secrets**: your password (only a one-way hash is stored), session and API tokens (hashes only),\n\
           and the single-use links of e-mails.\n\
         - **Other people's data**: names of others appear only where they are part of your own records.\n\n\
         ## Deleting your account\n\n\
         On \"My account\", *Delete my account* erases your name, e-mail address, password, sessions, tokens,\n\
         memberships, notifications, follows and reading positions. Your contributions (proposals, comments,\n\
         amendments...) stay, shown as by a \"deleted participant\"; your supports and votes stay counted,\n\
         and your anonymous ballots stay counted and unlinkable.\n",
    );
    text
}

/// The whole download: a ZIP with README.md, my-data.json and csv/*.csv.
pub async fn archive(db: &Db, user_id: i64) -> Result<Vec<u8>, MyDataError> {
    // The person's own entries of the action log, chained.
    crate::platform::action_log::settle(db).await?;
    let now = db::now();
    let generated = crate::platform::accounts::routes::iso_time(now);
    let mut document = Map::new();
    document.insert("generated_at".into(), Value::String(generated.clone()));
    let mut csvs = Vec::with_capacity(KINDS.len());
    for kind in KINDS {
        let (columns, rows) = rows(db, kind, user_id).await?;
        // The same RFC 4180 writer as the open data.
        let mut csv = Vec::new();
        push_record(&mut csv, &columns);
        for row in &rows {
            let cells: Vec<String> = columns.iter().map(|c| cell(&row[c.as_str()])).collect();
            push_record(&mut csv, &cells);
        }
        csvs.push((format!("csv/{}.csv", kind.name), csv));
        let value = if kind.name == "account" {
            rows.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(rows)
        };
        document.insert(kind.name.into(), value);
    }
    let json =
        serde_json::to_string_pretty(&Value::Object(document)).map_err(|_| MyDataError::Archive)?;
    // A person's data is small: the ZIP is built in memory, with the `zip` crate the open data
    // uses too.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, data: &[u8]| -> Result<(), MyDataError> {
        use std::io::Write;
        zip.start_file(name, options)
            .map_err(|_| MyDataError::Archive)?;
        zip.write_all(data).map_err(|_| MyDataError::Archive)
    };
    add("README.md", readme(&generated).as_bytes())?;
    add("my-data.json", json.as_bytes())?;
    for (name, csv) in &csvs {
        add(name, csv)?;
    }
    Ok(zip.finish().map_err(|_| MyDataError::Archive)?.into_inner())
}

#[derive(Debug, thiserror::Error)]
pub enum MyDataError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("the archive could not be written")]
    Archive,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_aliases() {
        assert_eq!(
            column_names(
                "SELECT a, t.b, CASE WHEN x IS NULL THEN NULL ELSE y END AS c, (SELECT 1 FROM z) AS d FROM t"
            ),
            ["a", "b", "c", "d"]
        );
    }

    #[test]
    fn every_kind_has_distinct_named_columns() {
        let mut names = std::collections::HashSet::new();
        for k in KINDS {
            assert!(names.insert(k.name), "{} twice", k.name);
            let columns = column_names(k.sql);
            assert!(!columns.is_empty(), "{}", k.name);
            let distinct: std::collections::HashSet<_> = columns.iter().collect();
            assert_eq!(distinct.len(), columns.len(), "{}: {columns:?}", k.name);
            for c in &columns {
                assert!(
                    c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                    "{}: column {c:?}",
                    k.name
                );
            }
            assert!(k.sql.contains("$1"), "{} is about one person", k.name);
        }
    }

    #[test]
    fn every_personal_column_is_exported_by_a_known_kind() {
        for c in PERSONAL_COLUMNS {
            match c.exported_as {
                Some(kind) => assert!(
                    KINDS.iter().any(|k| k.name == kind),
                    "{}.{} → {kind}",
                    c.table,
                    c.column
                ),
                None => assert!(
                    !c.note.is_empty(),
                    "{}.{} needs a reason",
                    c.table,
                    c.column
                ),
            }
        }
    }

    #[test]
    fn the_readme_explains_anonymous_ballots_and_every_file() {
        let text = readme("2026-11-21T14:00:00Z");
        assert!(text.contains("anonymous"));
        for k in KINDS {
            assert!(text.contains(&format!("csv/{}.csv", k.name)));
        }
    }
}
