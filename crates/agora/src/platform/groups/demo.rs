//! Demo content for groups: the association's general assembly used as an open group, a
//! closed working group under it, and a request to join that waits for its admin.

use super::{NewSubgroup, Privacy};
use crate::db::Db;
use crate::platform::permissions::SpaceRole;
use crate::platform::spaces;

/// Makes `space_id` a group with `admin` and `members`, adds a closed subgroup (admin + the
/// first member) and a pending join request from `requester`.
pub async fn load(
    db: &Db,
    space_id: i64,
    admin: i64,
    members: &[i64],
    requester: i64,
) -> Result<(), Box<dyn std::error::Error>> {
    let space = spaces::find(db, space_id)
        .await?
        .ok_or("no demo group space")?;
    super::make_group(db, &space, Some(admin))
        .await?
        .map_err(|p| p.key())?;
    spaces::set_member(db, space_id, admin, SpaceRole::Admin).await?;
    for member in members {
        spaces::set_member(db, space_id, *member, SpaceRole::Member).await?;
    }
    let group = spaces::find(db, space_id).await?.ok_or("no demo group")?;
    let sub = super::create_subgroup(
        db,
        &group,
        NewSubgroup {
            slug: "garden-working-group",
            title: "Garden working group",
            description: "Looks after the shared garden; asks the assembly when money is needed.",
            privacy: Privacy::Closed,
        },
        admin,
    )
    .await?
    .map_err(|p| p.key())?;
    if let Some(first) = members.first() {
        spaces::set_member(db, sub, *first, SpaceRole::Member).await?;
    }
    super::request_to_join(db, sub, requester, "I can water the plants on Sundays.").await?;
    Ok(())
}
