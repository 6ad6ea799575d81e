//! Moderation of any reportable resource `(resource_kind, resource_id)`: reports, automatic
//! hiding after a threshold, the moderators' queue (hide, unhide, dismiss), blocking an author,
//! the public moderation log; moderators are notified through `platform::notifications`.
//!
//! A resource is hidden when its `moderations` row has `hidden_at` set: pages showing the
//! resource join `moderations` (or call [`is_hidden`]) and show a placeholder instead of its
//! content, never a 404, so threads stay readable.
//!
//! # Making a resource reportable
//!
//! Add one line to [`REPORTABLES`] with a resolver returning the resource's space, author,
//! link and an excerpt for the queue, after checking the person may see it (404 otherwise).

pub mod routes;

use std::future::Future;
use std::pin::Pin;

use crate::db::{self, Db};
use crate::platform::accounts::User;
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::permissions::{Actor, OrgRole, SpaceRole};
use crate::platform::{comments, notifications};
use crate::web::AppError;

/// Reports that hide content automatically, when the space sets no other number.
pub const DEFAULT_THRESHOLD: i64 = 3;
/// Longest report text, and longest moderator justification, in characters.
pub const TEXT_MAX: usize = 1_000;

/// Why a person reports content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Spam,
    Offensive,
    OffTopic,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::Spam,
        Reason::Offensive,
        Reason::OffTopic,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Spam => "spam",
            Reason::Offensive => "offensive",
            Reason::OffTopic => "off_topic",
            Reason::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Fluent key of its label.
    pub fn label_key(self) -> String {
        format!("report-reason-{}", self.as_str())
    }
}

/// A reportable resource, as the person asking may see it.
#[derive(Clone, Debug)]
pub struct Reportable {
    pub space_id: i64,
    pub author_id: Option<i64>,
    /// Where the resource is shown (a permalink).
    pub link: String,
    /// Its text, for the moderators' queue.
    pub excerpt: String,
}

/// The future a reportable resolver returns.
pub type ReportableFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Reportable, AppError>> + Send + 'a>>;

/// A reportable kind of resource.
pub struct ReportableKind {
    pub kind: &'static str,
    /// Finds the resource for a person: 404 when it does not exist or they may not see it.
    pub resolve: for<'a> fn(&'a Db, Option<&'a User>, i64) -> ReportableFuture<'a>,
    /// A statement run in the transaction that hides (`$1` = 1) or shows again (`$1` = 0)
    /// resource `$2`, for what the kind keeps in step with moderation (a search index).
    pub on_hidden: Option<&'static str>,
}

/// Every reportable kind.
pub const REPORTABLES: &[ReportableKind] = &[
    ReportableKind {
        kind: comments::KIND,
        resolve: comment_reportable,
        on_hidden: None,
    },
    ReportableKind {
        kind: crate::components::proposals::KIND,
        resolve: crate::components::proposals::reportable,
        on_hidden: Some(crate::components::proposals::search::HIDDEN_SQL),
    },
    ReportableKind {
        kind: crate::components::proposals::AMENDMENT_KIND,
        resolve: crate::components::proposals::amendment_reportable,
        on_hidden: None,
    },
];

/// The reportable kind named `kind`.
pub fn reportable(kind: &str) -> Option<&'static ReportableKind> {
    REPORTABLES.iter().find(|r| r.kind == kind)
}

fn comment_reportable<'a>(db: &'a Db, user: Option<&'a User>, id: i64) -> ReportableFuture<'a> {
    Box::pin(async move {
        let comment = comments::find(db, id)
            .await?
            .filter(|c| !c.deleted)
            .ok_or(AppError::NotFound)?;
        let resource = comment.resource().ok_or(AppError::NotFound)?;
        let resolved = comments::resolve(db, user, resource).await?;
        Ok(Reportable {
            space_id: resolved.space.id,
            author_id: comment.author_id,
            link: format!("/comments/{}", comment.id),
            excerpt: comment.body.chars().take(500).collect(),
        })
    })
}

/// Runs the kind's [`ReportableKind::on_hidden`] statement in the moderation's transaction.
async fn hidden_changed(
    tx: &mut crate::db::WriteTx,
    kind: &str,
    id: i64,
    hidden: bool,
) -> Result<(), sqlx::Error> {
    if let Some(sql) = reportable(kind).and_then(|r| r.on_hidden) {
        db::query(sql)
            .bind(i64::from(hidden))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// True when moderation hid the resource.
pub async fn is_hidden(db: &Db, kind: &str, id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        db::query(
            "SELECT hidden_at FROM moderations WHERE resource_kind = $1 AND resource_id = $2",
        )
        .bind(kind)
        .bind(id)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get::<Option<i64>, _>("hidden_at"))
        .transpose()?
        .flatten()
        .is_some(),
    )
}

/// What a report did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reported {
    /// Counted.
    Recorded,
    /// Counted, and the threshold hid the resource.
    Hidden,
    /// This person had already reported it: nothing changed.
    AlreadyReported,
}

/// Records a report (one per person and resource) and hides the resource when the space's
/// threshold is reached. The moderation row is locked before counting, so concurrent reports
/// count exactly and hide exactly once.
pub async fn report(
    db: &Db,
    kind: &'static str,
    id: i64,
    target: &Reportable,
    reporter_id: i64,
    reason: Reason,
    details: &str,
) -> Result<Reported, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    db::query(
        "INSERT INTO moderations (space_id, resource_kind, resource_id, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (resource_kind, resource_id) DO NOTHING",
    )
    .bind(target.space_id)
    .bind(kind)
    .bind(id)
    .bind(target.author_id)
    .bind(now)
    .execute(&mut tx)
    .await?;
    let moderation_id: i64 = db::query(
        "UPDATE moderations SET reports_count = reports_count
         WHERE resource_kind = $1 AND resource_id = $2 RETURNING id",
    )
    .bind(kind)
    .bind(id)
    .fetch_one(&mut tx)
    .await?
    .try_get("id")?;
    let inserted = db::query(
        "INSERT INTO reports (moderation_id, user_id, reason, details, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (moderation_id, user_id) DO NOTHING",
    )
    .bind(moderation_id)
    .bind(reporter_id)
    .bind(reason.as_str())
    .bind(details)
    .bind(now)
    .execute(&mut tx)
    .await?;
    if inserted.rows_affected() != 1 {
        return Ok(Reported::AlreadyReported);
    }
    db::query(
        "UPDATE moderations SET reports_count =
            (SELECT COUNT(*) FROM reports WHERE moderation_id = $1 AND dismissed_at IS NULL)
         WHERE id = $1",
    )
    .bind(moderation_id)
    .execute(&mut tx)
    .await?;
    let hidden = db::query(
        "UPDATE moderations SET hidden_at = $2
         WHERE id = $1 AND hidden_at IS NULL AND reports_count >=
            (SELECT COALESCE(s.moderation_threshold, 3) FROM spaces s WHERE s.id = moderations.space_id)",
    )
    .bind(moderation_id)
    .bind(now)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if hidden {
        hidden_changed(&mut tx, kind, id, true).await?;
        log(
            &mut tx,
            target.space_id,
            Some(moderation_id),
            Decision::AutoHide,
            "automatic",
            "",
        )
        .await?;
        // The reporter who tipped the balance is not told about their own report.
        notifications::notify(
            &mut tx,
            notifications::Recipients::SpaceModerators(target.space_id),
            Some(reporter_id),
            "notification-auto-hidden",
            &serde_json::json!({}),
            &format!("/spaces/{}/moderation", target.space_id),
        )
        .await?;
        action_log::append(
            &mut tx,
            None,
            "moderation-auto-hidden",
            Subject::of("moderation", moderation_id),
            Visibility::Public,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(if hidden {
        Reported::Hidden
    } else {
        Reported::Recorded
    })
}

/// A moderator's decision on a reported resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Hide it (and close its reports).
    Hide,
    /// Show it again (and close its reports).
    Unhide,
    /// Keep it as it is and close its reports.
    Dismiss,
    /// Hidden by the reports threshold.
    AutoHide,
    /// Its author was blocked.
    Block,
    /// A block was lifted.
    Unblock,
}

impl Decision {
    /// The action's name in the action log.
    pub fn action_log_name(self) -> &'static str {
        match self {
            Decision::Hide => "moderation-hidden",
            Decision::Unhide => "moderation-unhidden",
            Decision::Dismiss => "moderation-dismissed",
            Decision::AutoHide => "moderation-auto-hidden",
            Decision::Block => "moderation-blocked",
            Decision::Unblock => "moderation-unblocked",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Hide => "hide",
            Decision::Unhide => "unhide",
            Decision::Dismiss => "dismiss",
            Decision::AutoHide => "auto_hide",
            Decision::Block => "block",
            Decision::Unblock => "unblock",
        }
    }

    pub fn parse(text: &str) -> Option<Decision> {
        [
            Decision::Hide,
            Decision::Unhide,
            Decision::Dismiss,
            Decision::AutoHide,
            Decision::Block,
            Decision::Unblock,
        ]
        .into_iter()
        .find(|d| d.as_str() == text)
    }
}

/// The role the public log names for an actor: never the person.
pub fn role_label(actor: &Actor) -> &'static str {
    if actor.instance_admin
        || actor.org_role == Some(OrgRole::Admin)
        || actor.space_role == Some(SpaceRole::Admin)
    {
        "admin"
    } else {
        "moderator"
    }
}

async fn log(
    tx: &mut crate::db::WriteTx,
    space_id: i64,
    moderation_id: Option<i64>,
    decision: Decision,
    role: &str,
    reason: &str,
) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO moderation_log (space_id, moderation_id, action, actor_role, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(space_id)
    .bind(moderation_id)
    .bind(decision.as_str())
    .bind(role)
    .bind(reason)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Applies a moderator's decision (hide, unhide or dismiss) to a moderation of `space_id`.
/// False when there is no such moderation in that space, or the decision changes nothing.
pub async fn decide(
    db: &Db,
    space_id: i64,
    moderation_id: i64,
    decision: Decision,
    role: &str,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let query = match decision {
        Decision::Hide => db::query(
            "UPDATE moderations SET hidden_at = COALESCE(hidden_at, $3), reports_count = 0
             WHERE id = $1 AND space_id = $2 RETURNING resource_kind, resource_id",
        )
        .bind(moderation_id)
        .bind(space_id)
        .bind(now),
        Decision::Unhide => db::query(
            "UPDATE moderations SET hidden_at = NULL, reports_count = 0
             WHERE id = $1 AND space_id = $2 AND hidden_at IS NOT NULL
             RETURNING resource_kind, resource_id",
        )
        .bind(moderation_id)
        .bind(space_id),
        Decision::Dismiss => db::query(
            "UPDATE moderations SET reports_count = 0
             WHERE id = $1 AND space_id = $2 AND reports_count > 0
             RETURNING resource_kind, resource_id",
        )
        .bind(moderation_id)
        .bind(space_id),
        Decision::AutoHide | Decision::Block | Decision::Unblock => return Ok(false),
    };
    let Some(changed) = query.fetch_optional(&mut tx).await? else {
        return Ok(false);
    };
    if decision != Decision::Dismiss {
        let kind: String = changed.try_get("resource_kind")?;
        let id: i64 = changed.try_get("resource_id")?;
        hidden_changed(&mut tx, &kind, id, decision == Decision::Hide).await?;
    }
    db::query(
        "UPDATE reports SET dismissed_at = $1 WHERE moderation_id = $2 AND dismissed_at IS NULL",
    )
    .bind(now)
    .bind(moderation_id)
    .execute(&mut tx)
    .await?;
    log(
        &mut tx,
        space_id,
        Some(moderation_id),
        decision,
        role,
        reason,
    )
    .await?;
    // Like the public moderation log: what was decided, not which moderator decided it.
    action_log::append(
        &mut tx,
        None,
        decision.action_log_name(),
        Subject::of("moderation", moderation_id),
        Visibility::Public,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Why a block was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockRefusal {
    /// Not the author of content moderated in this space.
    NotFound,
    /// An instance administrator, oneself, or already blocked.
    NotBlockable,
}

/// Blocks the author of content moderated in `space_id`: they can no longer sign in, their
/// sessions end and their API tokens are revoked; their content shows "blocked" as author.
pub async fn block(
    db: &Db,
    space_id: i64,
    user_id: i64,
    by: i64,
    justification: &str,
    role: &str,
) -> Result<Result<(), BlockRefusal>, sqlx::Error> {
    let authored: i64 =
        db::query("SELECT COUNT(*) FROM moderations WHERE space_id = $1 AND author_id = $2")
            .bind(space_id)
            .bind(user_id)
            .fetch_one(db)
            .await?
            .try_get(0)?;
    if authored == 0 {
        return Ok(Err(BlockRefusal::NotFound));
    }
    if user_id == by {
        return Ok(Err(BlockRefusal::NotBlockable));
    }
    let now = db::now();
    let mut tx = db.begin().await?;
    let blocked = db::query(
        "UPDATE users SET blocked_at = $1, blocked_reason = $2
         WHERE id = $3 AND blocked_at IS NULL AND is_instance_admin = 0",
    )
    .bind(now)
    .bind(justification)
    .bind(user_id)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if !blocked {
        return Ok(Err(BlockRefusal::NotBlockable));
    }
    db::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    db::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    db::query(
        "INSERT INTO user_blocks (user_id, space_id, blocked_by, reason, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(space_id)
    .bind(by)
    .bind(justification)
    .bind(now)
    .execute(&mut tx)
    .await?;
    // The public log says a participant was blocked, never who, nor the private justification.
    log(&mut tx, space_id, None, Decision::Block, role, "").await?;
    action_log::append(
        &mut tx,
        Some(by),
        "moderation-blocked",
        Subject::in_scope_of("user", user_id, "space", space_id),
        Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// A blocked participant as the moderators of a space see them.
#[derive(Clone, Debug)]
pub struct Blocked {
    pub user_id: i64,
    pub name: String,
    /// When and why (the justification given), and by whom (`None`: unknown or deleted).
    pub blocked_at: i64,
    pub reason: String,
    pub blocked_by: Option<String>,
    /// The space where the block was decided (may be another space of the organisation).
    pub space_title: Option<String>,
}

/// The blocked participants the moderators of `space_id` may unblock: those whose content was
/// moderated in this space (the ones they could have blocked), with the latest block record.
pub async fn blocked(db: &Db, space_id: i64) -> Result<Vec<Blocked>, sqlx::Error> {
    db::query(
        "SELECT u.id, u.name, u.blocked_at, u.blocked_reason, b.reason AS block_reason,
                by_user.name AS blocked_by, s.title AS space_title
         FROM users u
         LEFT JOIN user_blocks b ON b.id =
             (SELECT MAX(b2.id) FROM user_blocks b2 WHERE b2.user_id = u.id AND b2.lifted_at IS NULL)
         LEFT JOIN users by_user ON by_user.id = b.blocked_by
         LEFT JOIN spaces s ON s.id = b.space_id
         WHERE u.blocked_at IS NOT NULL
           AND EXISTS (SELECT 1 FROM moderations m WHERE m.space_id = $1 AND m.author_id = u.id)
         ORDER BY u.blocked_at DESC, u.id DESC LIMIT 500",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let reason: Option<String> = r.try_get("block_reason")?;
        Ok(Blocked {
            user_id: r.try_get("id")?,
            name: r.try_get("name")?,
            blocked_at: r.try_get("blocked_at")?,
            reason: match reason {
                Some(reason) => reason,
                None => r
                    .try_get::<Option<String>, _>("blocked_reason")?
                    .unwrap_or_default(),
            },
            blocked_by: r.try_get("blocked_by")?,
            space_title: r.try_get("space_title")?,
        })
    })
    .collect()
}

/// Lifts the block of a participant whose content was moderated in `space_id`, with a
/// justification: they may sign in again (with a new session: the old ones were ended). The
/// public log records it with the moderator's role, never the person nor the reporters.
/// False when they are not blocked, or not one this space's moderators may unblock.
pub async fn unblock(
    db: &Db,
    space_id: i64,
    user_id: i64,
    by: i64,
    justification: &str,
    role: &str,
) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let lifted = db::query(
        "UPDATE users SET blocked_at = NULL, blocked_reason = NULL
         WHERE id = $1 AND blocked_at IS NOT NULL
           AND EXISTS (SELECT 1 FROM moderations m WHERE m.space_id = $2 AND m.author_id = $1)",
    )
    .bind(user_id)
    .bind(space_id)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if !lifted {
        tx.rollback().await?;
        return Ok(false);
    }
    db::query(
        "UPDATE user_blocks SET lifted_at = $1, lifted_by = $2, lift_reason = $3
         WHERE user_id = $4 AND lifted_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(justification)
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    log(
        &mut tx,
        space_id,
        None,
        Decision::Unblock,
        role,
        justification,
    )
    .await?;
    action_log::append(
        &mut tx,
        Some(by),
        "moderation-unblocked",
        Subject::in_scope_of("user", user_id, "space", space_id),
        Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The number of reports that hides content in a space.
pub async fn threshold(db: &Db, space_id: i64) -> Result<i64, sqlx::Error> {
    Ok(
        db::query("SELECT moderation_threshold FROM spaces WHERE id = $1")
            .bind(space_id)
            .fetch_optional(db)
            .await?
            .map(|r| r.try_get::<Option<i64>, _>(0))
            .transpose()?
            .flatten()
            .unwrap_or(DEFAULT_THRESHOLD),
    )
}

/// Highest threshold a space may set.
pub const THRESHOLD_MAX: i64 = 1_000;

/// Sets how many reports hide content in a space (`1..=THRESHOLD_MAX`; the caller checked).
/// Content already reported that often is not hidden retroactively: the next report decides.
pub async fn set_threshold(db: &Db, space_id: i64, threshold: i64) -> Result<(), sqlx::Error> {
    db::query("UPDATE spaces SET moderation_threshold = $1 WHERE id = $2 AND $1 BETWEEN 1 AND $3")
        .bind(threshold)
        .bind(space_id)
        .bind(THRESHOLD_MAX)
        .execute(db)
        .await?;
    Ok(())
}

/// One entry of the public log.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub decision: Decision,
    pub role: String,
    pub reason: String,
    pub at: i64,
    pub resource_kind: Option<String>,
    pub resource_id: Option<i64>,
}

/// The newest entries of a space's public log (at most `limit`, before id `before` if given).
pub async fn log_entries(db: &Db, space_id: i64, limit: i64) -> Result<Vec<LogEntry>, sqlx::Error> {
    db::query(
        "SELECT l.action, l.actor_role, l.reason, l.created_at, m.resource_kind, m.resource_id
         FROM moderation_log l LEFT JOIN moderations m ON m.id = l.moderation_id
         WHERE l.space_id = $1 ORDER BY l.id DESC LIMIT $2",
    )
    .bind(space_id)
    .bind(limit)
    .fetch_all(db)
    .await?
    .iter()
    .filter_map(|r| {
        let entry = (|| -> Result<Option<LogEntry>, sqlx::Error> {
            let Some(decision) = Decision::parse(&r.try_get::<String, _>("action")?) else {
                return Ok(None);
            };
            Ok(Some(LogEntry {
                decision,
                role: r.try_get("actor_role")?,
                reason: r.try_get("reason")?,
                at: r.try_get("created_at")?,
                resource_kind: r.try_get("resource_kind")?,
                resource_id: r.try_get("resource_id")?,
            }))
        })();
        entry.transpose()
    })
    .collect()
}

/// An item of the moderators' queue.
#[derive(Clone, Debug)]
pub struct QueueItem {
    pub moderation_id: i64,
    pub resource_kind: String,
    pub resource_id: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub author_blocked: bool,
    pub reports_count: i64,
    pub hidden: bool,
    /// Open reports: reason and text, in order (never who sent them).
    pub reports: Vec<(Reason, String)>,
}

impl QueueItem {
    /// How many open reports give each reason, for the reasons that have some.
    pub fn reason_counts(&self) -> Vec<(Reason, usize)> {
        Reason::ALL
            .into_iter()
            .map(|reason| {
                (
                    reason,
                    self.reports.iter().filter(|r| r.0 == reason).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The report texts that say something.
    pub fn texts(&self) -> Vec<&str> {
        self.reports
            .iter()
            .map(|r| r.1.as_str())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// The queue of a space: reported or hidden resources, most reported first (at most 200).
pub async fn queue(db: &Db, space_id: i64) -> Result<Vec<QueueItem>, sqlx::Error> {
    let mut items = db::query(
        "SELECT m.id, m.resource_kind, m.resource_id, m.author_id, m.reports_count, m.hidden_at,
                u.name, u.blocked_at
         FROM moderations m LEFT JOIN users u ON u.id = m.author_id
         WHERE m.space_id = $1 AND (m.reports_count > 0 OR m.hidden_at IS NOT NULL)
         ORDER BY m.reports_count DESC, m.id DESC LIMIT 200",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(QueueItem {
            moderation_id: r.try_get("id")?,
            resource_kind: r.try_get("resource_kind")?,
            resource_id: r.try_get("resource_id")?,
            author_id: r.try_get("author_id")?,
            author_name: r.try_get("name")?,
            author_blocked: r.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
            reports_count: r.try_get("reports_count")?,
            hidden: r.try_get::<Option<i64>, _>("hidden_at")?.is_some(),
            reports: Vec::new(),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let reports = db::query(
        "SELECT r.moderation_id, r.reason, r.details FROM reports r
         JOIN moderations m ON m.id = r.moderation_id
         WHERE m.space_id = $1 AND r.dismissed_at IS NULL ORDER BY r.id",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?;
    for r in &reports {
        let mid: i64 = r.try_get("moderation_id")?;
        let Some(reason) = Reason::parse(&r.try_get::<String, _>("reason")?) else {
            continue;
        };
        if let Some(item) = items.iter_mut().find(|i| i.moderation_id == mid) {
            item.reports.push((reason, r.try_get("details")?));
        }
    }
    Ok(items)
}
