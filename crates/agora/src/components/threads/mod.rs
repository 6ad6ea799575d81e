//! The threads component: discussion threads as Loomio has them. A thread has a title and a
//! context text at the top (Markdown) that its author and the space's admins keep up to date,
//! each edit kept as a version; replies go through the platform comment service (host kind
//! `thread`, nested up to its depth, or shown flat, oldest or newest first as the author
//! chooses); the author closes and reopens it (closed: no new replies); pinned replies form an
//! outline; every person's last read comment gives "N new" and "jump to the first unread".

pub mod model;
pub mod moving;
pub mod reactions;
mod routes;
pub mod timeline;

use serde_json::{Map, Value};

use super::{Manifest, Setting, SettingKind};
use crate::db;

pub const MANIFEST: Manifest = Manifest {
    kind: "threads",
    path: "threads",
    name_key: "component-threads",
    settings: &[Setting {
        key: "thread_creation",
        kind: SettingKind::Choice {
            default: "participants",
            choices: &["participants", "admins"],
        },
        label_key: "threads-setting-thread-creation",
    }],
    phase_settings: &[Setting {
        key: "creation_enabled",
        kind: SettingKind::Bool { default: true },
        label_key: "threads-setting-creation-enabled",
    }],
    actions: &["create"],
    content_editor: false,
    router: routes::router,
};

/// The kind under which threads are commented.
pub const KIND: &str = "thread";

/// Threads are followable (see `platform::notifications::follows`): their author and everyone
/// who replies follow them and hear of new replies — a guest of the thread too, as its
/// members do (followers are filtered by who may see the thread, guests included).
pub const FOLLOWABLE: crate::platform::notifications::follows::Followable =
    crate::platform::notifications::follows::Followable {
        kind: KIND,
        title_sql: "SELECT title FROM threads WHERE id = $1",
        space_sql: "SELECT c.space_id FROM threads t JOIN components c ON c.id = t.component_id
                    WHERE t.id = $1",
    };

/// The settings in force for a threads component, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Only space admins start threads (otherwise every participant may).
    pub admins_only: bool,
    pub creation_enabled: bool,
}

impl Settings {
    pub fn from_map(map: &Map<String, Value>) -> Settings {
        Settings {
            admins_only: map.get("thread_creation").and_then(Value::as_str) == Some("admins"),
            creation_enabled: map.get("creation_enabled") != Some(&Value::Bool(false)),
        }
    }
}

/// Creates a published threads component in a space (used by the demo and tests).
pub async fn create_component(
    db: &crate::db::Db,
    space_id: i64,
    title: &str,
    settings: &Map<String, Value>,
) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
    let settings = super::validate(MANIFEST.settings, settings)?;
    let component = super::store::create(db, space_id, MANIFEST.kind, title, &settings).await?;
    super::store::set_published(db, space_id, component.id, true).await?;
    Ok(component.id)
}

/// Threads as comment hosts (see `platform::comments::hosts`): replies take no position and
/// are accepted until the thread is closed.
pub fn comment_host(
    db: &crate::db::Db,
    id: i64,
) -> crate::platform::comments::hosts::HostFuture<'_> {
    Box::pin(async move {
        let Some(thread) = model::find(db, id).await? else {
            return Ok(None);
        };
        let Some(component) = super::store::find(db, thread.component_id).await? else {
            return Ok(None);
        };
        Ok(Some(host_info(&component, &thread)))
    })
}

/// What a thread tells the comments service, from its rows already read (the thread page has
/// them: it does not read them again through [`comment_host`]).
pub fn host_info(
    component: &super::store::Component,
    thread: &model::Thread,
) -> crate::platform::comments::HostInfo {
    crate::platform::comments::HostInfo {
        space_id: component.space_id,
        url: format!("/threads/{}/{}", component.id, thread.id),
        published: component.published,
        alignment: false,
        open: !thread.closed(),
    }
}

/// The demo's thread: a context, a few replies (one nested) and a pinned reply.
pub async fn create_demo_thread(
    db: &crate::db::Db,
    space_id: i64,
    people: &[i64],
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let [author, second, third, ..] = people else {
        return Ok(());
    };
    let cid = create_component(db, space_id, "Discussions", &Map::new()).await?;
    let tid = model::create(
        db,
        cid,
        *author,
        "Where should the summer fair take place?",
        "## Where we stand\n\n- The park is free but needs a permit.\n- The school yard is \
         smaller, available in July only.\n\n*Updated as the discussion goes.*",
        "nested",
        "oldest",
    )
    .await?;
    // Written as the comment service would (same columns), each with its action-log entry, so
    // that `agora verify` finds the demo intact.
    let reply = |author: i64, parent: Option<i64>, body: &'static str| async move {
        let mut tx = db.begin().await?;
        let id: i64 = db::query(
            "INSERT INTO comments (resource_kind, resource_id, space_id, parent_id, root_id,
                                   depth, author_id, body, alignment, created_at)
             VALUES ('thread', $1, $2, $3, $3, $4, $5, $6, 0, $7) RETURNING id",
        )
        .bind(tid)
        .bind(space_id)
        .bind(parent)
        .bind(i64::from(parent.is_some()))
        .bind(author)
        .bind(body)
        .bind(crate::db::now())
        .fetch_one(&mut tx)
        .await
        .and_then(|r| r.try_get::<i64, _>("id"))?;
        crate::platform::action_log::append(
            &mut tx,
            Some(author),
            "comment-created",
            crate::platform::action_log::Subject::of("comment", id),
            crate::platform::action_log::Visibility::Public,
        )
        .await?;
        tx.commit().await?;
        Ok::<i64, sqlx::Error>(id)
    };
    let first = reply(*second, None, "The park: more room for the stands.").await?;
    reply(
        *third,
        Some(first),
        "Agreed, and I can ask the town hall for the permit.",
    )
    .await?;
    reply(*third, None, "The school yard is closer to the metro.").await?;
    db::query("UPDATE threads SET comments_count = 3 WHERE id = $1")
        .bind(tid)
        .execute(db)
        .await?;
    model::pin(db, tid, first, "Proposal: the park").await?;
    Ok(())
}
