//! @mentions: `@nickname` names a person (see [`crate::platform::accounts::nicknames`]),
//! `@group` everyone in the space (its members; only a member or an admin of the space may
//! call on the group). Mentions work in comments (replies of threads included) and in thread
//! context texts; pages show them as links ([`crate::platform::markdown::to_safe_html_mentioning`]).
//!
//! The people mentioned get an in-app notification and an e-mail (as they chose, see
//! [`super::email`]) — only those who may see the content: a mention of someone outside a
//! private space tells them nothing. An edit notifies only the people it newly mentions.

use std::collections::{BTreeSet, HashSet};

use serde_json::json;

use super::email::{self, Mail};
use super::{Recipients, audience};
use crate::config::Config;
use crate::db::{self, Db};
use crate::platform::accounts::nicknames::{self, is_nickname_char};
use crate::platform::comments::{CommentItem, ResourceRef, hosts};
use crate::platform::permissions::{Action, Actor, OrgRole, SpaceRole, permits};
use crate::platform::spaces;

/// The mentions in a text: (start, end) byte offsets of `@nick` and the nickname, lower case.
/// A mention starts a word (so `ana@example.org` is none) and is a whole nickname.
pub fn spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts_word = previous.is_none_or(|p| !(p.is_alphanumeric() || "_.-+@/".contains(p)));
        previous = Some(c);
        if c != '@' || !starts_word {
            continue;
        }
        let mut end = i + 1;
        let mut nick = String::new();
        while let Some(&(j, d)) = chars.peek() {
            let lower = d.to_ascii_lowercase();
            if !is_nickname_char(lower) {
                break;
            }
            nick.push(lower);
            end = j + d.len_utf8();
            previous = Some(d);
            chars.next();
        }
        // A longer run, or one that goes on with a letter outside the set (`@anà`), is no mention.
        let next_is_word = chars.peek().is_some_and(|&(_, d)| d.is_alphanumeric());
        if nick.len() >= nicknames::MIN && nick.len() <= nicknames::MAX && !next_is_word {
            out.push((i, end, nick));
        }
    }
    out
}

/// The nicknames a text mentions, and whether it calls on `@group`.
pub fn parse(text: &str) -> (BTreeSet<String>, bool) {
    let mut group = false;
    let mut nicks = BTreeSet::new();
    for (_, _, nick) in spans(text) {
        if nick == "group" {
            group = true;
        } else {
            nicks.insert(nick);
        }
    }
    (nicks, group)
}

/// Which of `nicks` belong to an account (id by nickname), one query per 500.
async fn accounts(db: &Db, nicks: &BTreeSet<String>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let nicks: Vec<&String> = nicks.iter().collect();
    let mut out = Vec::new();
    for chunk in nicks.chunks(500) {
        let list = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT nickname, id FROM users WHERE nickname IN ({list}) AND deleted_at IS NULL"
        );
        let mut query = db::query_built(sql);
        for nick in chunk {
            query = query.bind(nick.as_str());
        }
        for row in query.fetch_all(db).await? {
            out.push((row.try_get(0)?, row.try_get(1)?));
        }
    }
    Ok(out)
}

/// Turns the mentions of the comments shown into links (one query for the whole page, and
/// none when no comment has an `@`).
pub async fn link_in_comments(db: &Db, items: &mut [CommentItem]) -> Result<(), sqlx::Error> {
    let mut nicks = BTreeSet::new();
    for item in items.iter() {
        if item.body.contains('@') {
            nicks.extend(parse(&item.body).0);
        }
    }
    if nicks.is_empty() {
        return Ok(());
    }
    let known: HashSet<String> = accounts(db, &nicks)
        .await?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for item in items.iter_mut() {
        if item.body.contains('@') && !item.body_html.is_empty() {
            item.body_html = crate::platform::markdown::to_safe_html_mentioning(&item.body, &|n| {
                known.contains(n)
            });
        }
    }
    Ok(())
}

/// A text rendered with its mentions as links.
pub async fn render(db: &Db, text: &str) -> Result<String, sqlx::Error> {
    if !text.contains('@') {
        return Ok(crate::platform::markdown::to_safe_html(text));
    }
    let known: HashSet<String> = accounts(db, &parse(text).0)
        .await?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    Ok(crate::platform::markdown::to_safe_html_mentioning(
        text,
        &|n| known.contains(n),
    ))
}

/// A text written in a commentable resource (a comment, a thread's context).
pub struct Written<'a> {
    pub resource: ResourceRef,
    pub author_id: i64,
    /// The text before an edit (its mentions were already notified).
    pub before: Option<&'a str>,
    pub text: &'a str,
    /// Where the text is read (a path of this site).
    pub path: &'a str,
}

/// Notifies the people `written` newly mentions who may see it. Returns who was notified.
pub async fn notify(
    db: &Db,
    config: &Config,
    written: Written<'_>,
) -> Result<Vec<i64>, sqlx::Error> {
    let (nicks, group) = parse(written.text);
    let (old_nicks, old_group) = written.before.map(parse).unwrap_or_default();
    let nicks: BTreeSet<String> = nicks.difference(&old_nicks).cloned().collect();
    let group = group && !old_group;
    if nicks.is_empty() && !group {
        return Ok(Vec::new());
    }
    let Some(host) = hosts::host(written.resource.kind) else {
        return Ok(Vec::new());
    };
    let Some(info) = (host.resolve)(db, written.resource.id).await? else {
        return Ok(Vec::new());
    };
    let Some(space) = spaces::find(db, info.space_id).await? else {
        return Ok(Vec::new());
    };
    let mut candidates: Vec<i64> = accounts(db, &nicks)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    if group && may_call_group(db, &space, written.author_id).await? {
        let members = db::query("SELECT user_id FROM space_members WHERE space_id = $1")
            .bind(space.id)
            .fetch_all(db)
            .await?;
        for row in members {
            candidates.push(row.try_get(0)?);
        }
    }
    candidates.retain(|id| *id != written.author_id);
    // A guest of this thread is told of mentions in it (and of nothing else).
    let item = Some((written.resource.kind, written.resource.id));
    let allowed = audience::who_may_see(db, &space, info.published, item, &candidates).await?;
    if allowed.is_empty() {
        return Ok(allowed);
    }
    let author: String = db::query("SELECT name FROM users WHERE id = $1")
        .bind(written.author_id)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?
        .unwrap_or_default();
    super::notify(
        db,
        Recipients::Users(&allowed),
        Some(written.author_id),
        "notification-mentioned",
        &json!({ "name": author, "space": space.title }),
        written.path,
    )
    .await?;
    let excerpt: String = {
        let flat = written
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut cut: String = flat.chars().take(300).collect();
        if flat.chars().count() > 300 {
            cut.push('…');
        }
        cut
    };
    let fallback = email::organization_locale(db, space.organization_id).await?;
    for recipient in email::recipients(db, &allowed, fallback).await? {
        let i18n = recipient.i18n();
        let mail = Mail {
            subject: i18n.t2(
                "notification-mentioned",
                "name",
                &author,
                "space",
                &space.title,
            ),
            paragraphs: vec![format!("« {excerpt} »")],
            path: written.path.to_string(),
        };
        email::deliver(db, config, &recipient, mail).await?;
    }
    Ok(allowed)
}

/// Notifies the mentions of comment `id` (just written, or edited from `before`). A failure
/// is logged, not returned: the comment is saved and its author must not see an error.
pub async fn after_comment(db: &Db, config: &Config, id: i64, before: Option<&str>) {
    mentions_of(db, config, id, before, None).await
}

/// [`after_comment`] for an edit by `editor` (the author, or someone a group lets edit others'
/// comments): the people it newly mentions hear it from the editor.
pub async fn after_edit(db: &Db, config: &Config, id: i64, before: &str, editor: i64) {
    mentions_of(db, config, id, Some(before), Some(editor)).await
}

async fn mentions_of(db: &Db, config: &Config, id: i64, before: Option<&str>, editor: Option<i64>) {
    let result = async {
        let Some(comment) = crate::platform::comments::find(db, id).await? else {
            return Ok(Vec::new());
        };
        let (Some(resource), Some(author_id)) = (comment.resource(), editor.or(comment.author_id))
        else {
            return Ok(Vec::new());
        };
        notify(
            db,
            config,
            Written {
                resource,
                author_id,
                before,
                text: &comment.body,
                path: &format!("/comments/{id}"),
            },
        )
        .await
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %e, comment = id, "mention notifications");
    }
}

/// Only the space's members and admins may call on everyone in it.
async fn may_call_group(db: &Db, space: &spaces::Space, user_id: i64) -> Result<bool, sqlx::Error> {
    let row = db::query(
        "SELECT u.is_instance_admin, u.blocked_at,
                (SELECT role FROM memberships WHERE organization_id = $1 AND user_id = u.id) AS org_role,
                (SELECT role FROM space_members WHERE space_id = $2 AND user_id = u.id) AS space_role
         FROM users u WHERE u.id = $3",
    )
    .bind(space.organization_id)
    .bind(space.id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(false) };
    let space_role = row
        .try_get::<Option<String>, _>("space_role")?
        .and_then(|r| SpaceRole::parse(&r));
    let actor = Actor {
        signed_in: true,
        instance_admin: row.try_get::<i64, _>("is_instance_admin")? == 1,
        blocked: row.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
        org_role: row
            .try_get::<Option<String>, _>("org_role")?
            .and_then(|r| OrgRole::parse(&r)),
        space_role,
        guest: false,
    };
    Ok(!actor.blocked
        && (space_role.is_some() || permits(&actor, Action::AdminSpace, Some(&space.facts()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_whole_words() {
        let found = |t: &str| -> Vec<String> { spans(t).into_iter().map(|s| s.2).collect() };
        assert_eq!(found("hi @Ana_P, and @bob."), ["ana_p", "bob"]);
        assert_eq!(found("mail ana@example.org"), Vec::<String>::new());
        assert_eq!(found("@a @anà @group"), ["group"]);
        assert_eq!(found(&format!("@{}", "x".repeat(31))), Vec::<String>::new());
        let (nicks, group) = parse("@group and @ana, @ana");
        assert!(group);
        assert_eq!(nicks.into_iter().collect::<Vec<_>>(), ["ana"]);
        let html = crate::platform::markdown::to_safe_html_mentioning(
            "Hi @ana_puig and @ghost, `@ana_puig` in code, [@ana_puig](https://x.org), @group.",
            &|n| n == "ana_puig",
        );
        assert_eq!(
            html.matches(r#"<a class="mention" href="/u/ana_puig">@ana_puig</a>"#)
                .count(),
            1,
            "{html}"
        );
        assert!(html.contains("@ghost") && !html.contains("/u/ghost"));
        assert!(html.contains("<code>@ana_puig</code>"));
        assert!(html.contains(r#"<strong class="mention">@group</strong>"#));
        let text = "(@bob)";
        let (s, e, _) = &spans(text)[0];
        assert_eq!(&text[*s..*e], "@bob");
    }
}
