//! Poll e-mails (and their in-app notifications): a poll opened to you, closing soon (24 hours
//! before, once, to those who have not voted), its outcome published.
//!
//! Who hears about a poll is computed in one place, [`audience`]: the eligible voters (through
//! [`eligible_voters`], the one call into the polls' eligibility), or — in a public space,
//! where anyone signed in may vote — the members of the space and of its organisation; always
//! filtered to those who may see the poll. No e-mail ever carries results, counts or who voted:
//! results can be hidden until one votes or until the poll closes, and anonymous polls tell no
//! one who voted what — the e-mails link to the poll page, which applies those rules.

use serde_json::json;

use super::model::{self, Poll};
use crate::components::store;
use crate::config::Config;
use crate::db::{self, Db};
use crate::platform::accounts::routes::format_time;
use crate::platform::notifications::email::{self, Mail};
use crate::platform::notifications::{Recipients, audience as access, notify};
use crate::platform::spaces::{self, Space};

/// What happened to a poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Opened,
    ClosingSoon,
    Outcome,
}

impl Event {
    fn key(self) -> &'static str {
        match self {
            Event::Opened => "notification-poll-opened",
            Event::ClosingSoon => "notification-poll-closing",
            Event::Outcome => "notification-poll-outcome",
        }
    }
}

/// The eligible voters of a poll (`None`: anyone signed in may vote). The one call into the
/// polls' eligibility rules.
async fn eligible_voters(
    db: &Db,
    poll: &Poll,
    space: &Space,
) -> Result<Option<Vec<(i64, String)>>, sqlx::Error> {
    model::eligible(db, space, poll).await
}

/// Who hears about `poll`: its eligible voters (its guests included), or in a public space its
/// members and the organisation's and its guests; only those who may see it (an unpublished
/// component: its admins). A guest of another poll or thread of the group is never told.
pub async fn audience(
    db: &Db,
    poll: &Poll,
    space: &Space,
    published: bool,
) -> Result<Vec<i64>, sqlx::Error> {
    let candidates: Vec<i64> = match eligible_voters(db, poll, space).await? {
        Some(voters) => voters.into_iter().map(|(id, _)| id).collect(),
        None => db::query(
            "SELECT user_id FROM space_members WHERE space_id = $1
             UNION SELECT user_id FROM memberships WHERE organization_id = $2
             UNION SELECT user_id FROM group_guests WHERE item_kind = 'poll' AND item_id = $3
                 AND user_id IS NOT NULL AND accepted_at IS NOT NULL",
        )
        .bind(space.id)
        .bind(space.organization_id)
        .bind(poll.id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?,
    };
    access::who_may_see(db, space, published, Some(("poll", poll.id)), &candidates).await
}

/// Tells the poll's audience about `event`. The person who caused it (`actor`) is left out.
/// Returns who was told.
pub async fn send(
    db: &Db,
    config: &Config,
    poll_id: i64,
    event: Event,
    actor: Option<i64>,
) -> Result<Vec<i64>, sqlx::Error> {
    let Some(poll) = model::find(db, poll_id).await? else {
        return Ok(Vec::new());
    };
    let Some(component) = store::find(db, poll.component_id).await? else {
        return Ok(Vec::new());
    };
    let Some(space) = spaces::find(db, component.space_id).await? else {
        return Ok(Vec::new());
    };
    let mut people = audience(db, &poll, &space, component.published).await?;
    if event == Event::ClosingSoon {
        let voted: std::collections::HashSet<i64> =
            model::voter_ids(db, poll.id).await?.into_iter().collect();
        people.retain(|id| !voted.contains(id));
    }
    people.retain(|id| Some(*id) != actor);
    if people.is_empty() {
        return Ok(people);
    }
    let path = format!("/polls/{}/{}", poll.component_id, poll.id);
    notify(
        db,
        Recipients::Users(&people),
        actor,
        event.key(),
        &json!({ "title": poll.title }),
        &path,
    )
    .await?;
    let fallback = email::organization_locale(db, space.organization_id).await?;
    for recipient in email::recipients(db, &people, fallback).await? {
        let i18n = recipient.i18n();
        let when = poll.closes_at.map(format_time).unwrap_or_default();
        let paragraphs = match event {
            Event::Opened => vec![i18n.t2(
                "notify-poll-opened-body",
                "space",
                &space.title,
                "date",
                &when,
            )],
            Event::ClosingSoon => vec![i18n.t1("notify-poll-closing-body", "date", &when)],
            Event::Outcome => {
                let text = poll.outcome_text.clone().unwrap_or_default();
                vec![i18n.t("notify-poll-outcome-body"), format!("« {text} »")]
            }
        };
        let mail = Mail {
            subject: i18n.t1(event.key(), "title", &poll.title),
            paragraphs,
            path: path.clone(),
        };
        email::deliver(db, config, &recipient, mail).await?;
    }
    Ok(people)
}

/// [`send`] from a page handler: a failure is logged (the poll change itself is saved).
pub async fn send_logged(db: &Db, config: &Config, poll_id: i64, event: Event, actor: i64) {
    if let Err(e) = send(db, config, poll_id, event, Some(actor)).await {
        tracing::warn!(error = %e, poll = poll_id, ?event, "poll notifications");
    }
}

/// Reminds the people who have not voted, once per poll, when an open poll closes within
/// 24 hours (polls open for less than a day get no reminder: the opening e-mail was enough).
/// Each poll is claimed by setting `reminder_sent_at` first, so two runs (or two servers)
/// never both remind. Returns how many polls were reminded of.
pub async fn remind_closing(db: &Db, config: &Config) -> Result<usize, sqlx::Error> {
    // The polls' own claim (`reminders::due_reminders`) decides which polls are due, once.
    let due = super::reminders::due_reminders(db, db::now()).await?;
    for reminder in &due {
        send(db, config, reminder.poll_id, Event::ClosingSoon, None).await?;
    }
    Ok(due.len())
}
