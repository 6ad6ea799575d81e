//! Who may be told about something: the people among some candidates who may see a space
//! (and, for content only its admins see yet, who administer it). Mentions and poll e-mails
//! filter their recipients through [`who_may_see`], so that nothing about a private space
//! reaches someone outside it. A guest (invited to one thread or poll of a group, see
//! `platform::groups::guests`) is told about that one item only: the caller names the item
//! the content belongs to, and only that item's guests count.

use sqlx::Row;

use crate::db::Db;
use crate::platform::permissions::{Action, Actor, OrgRole, SpaceRole, permits};
use crate::platform::spaces::Space;

/// The candidates (deduplicated, in id order) who may see `space` — and administer it, when
/// the content is not `published` yet — or, for content of one thread or poll (`item`: its
/// kind, `thread` or `poll`, and id), who are that item's guests. Deleted accounts never
/// qualify.
pub async fn who_may_see(
    db: &Db,
    space: &Space,
    published: bool,
    item: Option<(&str, i64)>,
    candidates: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    let facts = space.facts();
    let mut ids: Vec<i64> = candidates.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut allowed = Vec::new();
    for chunk in ids.chunks(500) {
        let list = (5..5 + chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT u.id, u.is_instance_admin, u.blocked_at,
                    (SELECT role FROM memberships m WHERE m.organization_id = $1 AND m.user_id = u.id) AS org_role,
                    (SELECT role FROM space_members sm WHERE sm.space_id = $2 AND sm.user_id = u.id) AS space_role,
                    CASE WHEN EXISTS (SELECT 1 FROM group_guests g WHERE g.item_kind = $3
                            AND g.item_id = $4 AND g.user_id = u.id AND g.accepted_at IS NOT NULL)
                         THEN 1 ELSE 0 END AS guest
             FROM users u WHERE u.deleted_at IS NULL AND u.id IN ({list}) ORDER BY u.id"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(space.organization_id)
            .bind(space.id)
            // No item: a kind no guest has.
            .bind(item.map_or("", |(kind, _)| kind))
            .bind(item.map_or(-1, |(_, id)| id));
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&db.pool).await? {
            let actor = Actor {
                signed_in: true,
                instance_admin: row.try_get::<i64, _>("is_instance_admin")? == 1,
                blocked: row.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
                org_role: row
                    .try_get::<Option<String>, _>("org_role")?
                    .and_then(|r| OrgRole::parse(&r)),
                space_role: row
                    .try_get::<Option<String>, _>("space_role")?
                    .and_then(|r| SpaceRole::parse(&r)),
                // Guests of the item this content belongs to, and of no other: a guest is
                // never told about the space's other things.
                guest: row.try_get::<i64, _>("guest")? == 1,
            };
            if permits(&actor, Action::ViewSpace, Some(&facts))
                && (published || permits(&actor, Action::AdminSpace, Some(&facts)))
            {
                allowed.push(row.try_get::<i64, _>("id")?);
            }
        }
    }
    Ok(allowed)
}
