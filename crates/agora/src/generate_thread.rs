//! `agora generate thread`: one discussion thread with 2,000 items, for the thread page
//! benchmark (see bench/threads/ and docs/PERFORMANCE.md).
//!
//! A public assembly with a threads and a polls component; a thread whose replies are two
//! thirds top-level and one third answers to an earlier reply (nested up to the comment
//! service's depth); two polls started in it (one closed with an outcome, shown in the outline;
//! one open), a pin, reactions on many replies, and for the people given API tokens, read
//! markers spread along the thread so that signed-in page views open at different windows.
//! Deterministic for a seed. Replies are written as the comment service writes them, each with
//! its action-log entry, in one transaction, so `agora verify` finds the data intact.

use serde_json::Map;

use crate::components::{polls, threads};
use crate::db::{self, Db};
use crate::i18n::Locale;
use crate::platform::accounts::{self, NewUser};
use crate::platform::action_log::{self, Subject, Visibility};
use crate::platform::comments::MAX_DEPTH;
use crate::platform::permissions::Visibility as SpaceVisibility;
use crate::platform::spaces::{self, NewSpace, SpaceKind};
use crate::platform::{organizations, sessions};

/// The slug of the generated organisation.
pub const ORG_SLUG: &str = "thread-bench";
/// The password of every generated person.
pub const PASSWORD: &str = "thread-bench-2026";
/// Replies are dated from here (2026-01-01), one a minute.
const EPOCH: i64 = 1_767_225_600;

/// What was generated.
pub struct Summary {
    pub component_id: i64,
    pub thread_id: i64,
    pub replies: usize,
    pub polls: usize,
    pub reactions: i64,
    pub tokens: Vec<String>,
}

/// Generates the thread with `items` items (replies and polls). Refuses when the
/// organisation exists already.
pub async fn thread(
    db: &Db,
    items: usize,
    people: usize,
    tokens: usize,
    seed: u64,
) -> Result<Summary, Box<dyn std::error::Error + Send + Sync>> {
    if organizations::find_by_slug(db, ORG_SLUG).await?.is_some() {
        return Err(format!("an organisation {ORG_SLUG:?} exists already").into());
    }
    let people = people.max(3);
    let mut rng = seed.max(1);
    // xorshift64: deterministic, no dependency.
    let mut next = move |n: usize| -> usize {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n.max(1) as u64) as usize
    };
    let org = organizations::create(
        db,
        ORG_SLUG,
        "Thread benchmark",
        "One long discussion thread.",
        Locale::En,
    )
    .await?;
    let space = spaces::create(
        db,
        NewSpace {
            organization_id: org.id,
            kind: SpaceKind::Assembly,
            slug: "assembly",
            title: "General assembly",
            description: "",
            visibility: SpaceVisibility::Public,
            published: true,
        },
    )
    .await?;
    let mut users = Vec::with_capacity(people);
    for i in 0..people {
        let email = format!("person{i}@thread-bench.invalid");
        let name = format!("Person {i}");
        let user = accounts::create_user(
            db,
            NewUser {
                email: &email,
                name: &name,
                password: PASSWORD,
                instance_admin: false,
                confirmed: true,
                locale: None,
            },
        )
        .await
        .map_err(|e| format!("{e:?}"))?;
        organizations::set_member(
            db,
            org.id,
            user.id,
            crate::platform::permissions::OrgRole::Member,
        )
        .await?;
        users.push(user.id);
    }
    let cid = threads::create_component(db, space.id, "Discussions", &Map::new()).await?;
    let pcid = polls::create_component(db, space.id, "Polls", &Map::new()).await?;
    let tid = threads::model::create(
        db,
        cid,
        users[0],
        "Where should the summer fair take place?",
        "## Where we stand\n\nA long discussion, generated for the benchmark.",
        "nested",
        "oldest",
    )
    .await?;

    let n_polls = 2.min(items);
    let n_replies = items - n_polls;
    // (id, depth, root) of each reply written so far.
    let mut written: Vec<(i64, i64, i64)> = Vec::with_capacity(n_replies);
    let mut tx = db.begin().await?;
    for i in 0..n_replies {
        let author = users[next(users.len())];
        let parent = (i > 0 && next(3) == 0).then(|| written[next(written.len())]);
        let (parent_id, root_id, depth) = match parent {
            None => (None, None, 0),
            Some((pid, pdepth, proot)) if pdepth < MAX_DEPTH => {
                (Some(pid), Some(proot), pdepth + 1)
            }
            // As the comment service does at the maximum depth: next to the answered reply.
            Some((pid, _, proot)) => {
                let grand: Option<i64> = db::query("SELECT parent_id FROM comments WHERE id = $1")
                    .bind(pid)
                    .fetch_one(&mut tx)
                    .await?
                    .try_get(0)?;
                (grand, Some(proot), MAX_DEPTH)
            }
        };
        let id: i64 = db::query(
            "INSERT INTO comments (resource_kind, resource_id, space_id, parent_id, root_id,
                                   depth, author_id, body, alignment, created_at)
             VALUES ('thread', $1, $2, $3, $4, $5, $6, $7, 0, $8) RETURNING id",
        )
        .bind(tid)
        .bind(space.id)
        .bind(parent_id)
        .bind(root_id)
        .bind(depth)
        .bind(author)
        .bind(format!(
            "Reply {i}: {}",
            [
                "The park has more room for the stands.",
                "The school yard is closer to the metro.",
                "Who asks the town hall for the permit?",
                "I can bring two tables and a tent.",
                "**Agreed.** Let us decide by the end of the month.",
            ][i % 5]
        ))
        .bind(EPOCH + i as i64 * 60)
        .fetch_one(&mut tx)
        .await?
        .try_get(0)?;
        action_log::append(
            &mut tx,
            Some(author),
            "comment-created",
            Subject::of("comment", id),
            Visibility::Public,
        )
        .await?;
        written.push((id, depth, root_id.unwrap_or(id)));
    }
    db::query("UPDATE threads SET comments_count = $1 WHERE id = $2")
        .bind(n_replies as i64)
        .bind(tid)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;

    // Reactions: about one reply in two, one to four people each.
    let mut reactions = 0;
    let mut tx = db.begin().await?;
    for (id, _, _) in written.iter().step_by(2) {
        for _ in 0..1 + next(4) {
            let code = threads::reactions::EMOJI[next(threads::reactions::EMOJI.len())].0;
            reactions += db::query(
                "INSERT INTO comment_reactions (comment_id, user_id, emoji, created_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(*id)
            .bind(users[next(users.len())])
            .bind(code)
            .bind(EPOCH)
            .execute(&mut tx)
            .await?
            .rows_affected() as i64;
        }
    }
    tx.commit().await?;
    if let Some((first, _, _)) = written.first() {
        threads::model::pin(db, tid, *first, "Where we started").await?;
    }

    // Polls started in the thread, placed a third and two thirds of the way along it.
    for p in 0..n_polls {
        let closed = p == 0;
        let pid = polls::model::create(
            db,
            &polls::model::NewPoll {
                component_id: pcid,
                author_id: users[0],
                poll_type: "proposal",
                title: if closed {
                    "Hold the fair in the park?"
                } else {
                    "Start at 10 in the morning?"
                },
                details: "",
                method: "proposal",
                min_choices: 0,
                max_choices: 0,
                score_min: 0,
                score_max: 0,
                points: 0,
                grades: &[],
                anonymous: false,
                hide_results: "off",
                reason: "optional",
                reason_max: 500,
                shuffle: false,
                none_of_the_above: false,
                closes_at: Some(db::now() + 30 * 86_400),
                open: true,
                options: ["agree", "abstain", "disagree", "block"]
                    .iter()
                    .map(|c| (c.to_string(), Some(c.to_string())))
                    .collect(),
                thread_id: Some(tid),
                ..Default::default()
            },
        )
        .await?;
        let at = EPOCH + ((p + 1) * n_replies / (n_polls + 1)) as i64 * 60;
        db::query("UPDATE polls SET created_at = $1 WHERE id = $2")
            .bind(at)
            .bind(pid)
            .execute(db)
            .await?;
        if closed {
            polls::model::close(db, pid).await?;
            polls::model::set_outcome(db, pid, "The fair will be in the park.", None, None).await?;
        }
    }

    // Tokens, and read markers spread along the thread for those people.
    let mut out = Vec::with_capacity(tokens);
    for (i, user) in users.iter().take(tokens).enumerate() {
        out.push(sessions::create_api_token(db, *user, "thread benchmark").await?);
        if let Some((id, _, _)) = written.get(i * written.len() / tokens.max(1)) {
            db::query(
                "INSERT INTO thread_reads (thread_id, user_id, last_comment_id) VALUES ($1, $2, $3)",
            )
            .bind(tid)
            .bind(*user)
            .bind(*id)
            .execute(db)
            .await?;
        }
    }
    Ok(Summary {
        component_id: cid,
        thread_id: tid,
        replies: n_replies,
        polls: n_polls,
        reactions,
        tokens: out,
    })
}
