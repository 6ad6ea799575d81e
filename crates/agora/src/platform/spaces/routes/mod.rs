//! The pages of spaces: the organisation's home with its spaces, a space's public page, and
//! the space administration (settings, phases, members, components).

mod admin;
mod admin_components;
mod public;

use axum::Router;
use pulldown_cmark::{Event, Parser};

use super::rules::Problem;
use super::{Phase, Space, SpaceKind};
use crate::app::AppState;
use crate::db::Db;
use crate::i18n::I18n;
use crate::platform::organizations::{self, Organization};
use crate::platform::permissions::{SpaceRole, Visibility};
use crate::web::{AppError, Ctx};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(admin::router())
        .merge(admin_components::router())
}

/// Errors of a submitted form: the id of the field each is about, and its message.
#[derive(Clone, Debug, Default)]
pub struct FormErrors {
    items: Vec<(String, String)>,
}

impl FormErrors {
    /// Translates rule problems; `prefix` makes field ids unique on pages with several forms.
    pub fn from_problems(i18n: &I18n, prefix: &str, problems: &[Problem]) -> FormErrors {
        let mut errors = FormErrors::default();
        for (field, key) in problems {
            errors.add(format!("{prefix}{field}"), i18n.t(key));
        }
        errors
    }

    /// One error about the field with id `field`.
    pub fn add(&mut self, field: impl Into<String>, message: String) {
        self.items.push((field.into(), message));
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The message about one field, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// Every (field id, message), in the order of the form.
    pub fn items(&self) -> &[(String, String)] {
        &self.items
    }
}

/// The organisation a space belongs to (a space never outlives it, but answer 404 if so).
pub(crate) async fn organization_of(db: &Db, space: &Space) -> Result<Organization, AppError> {
    organizations::find(db, space.organization_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Sends people who must sign in back to this page afterwards.
pub(crate) fn back_here(ctx: &Ctx) -> impl Fn(AppError) -> AppError + '_ {
    move |e| match e {
        AppError::SignInRequired(_) => AppError::SignInRequired(ctx.path.clone()),
        other => other,
    }
}

/// Fluent key of a visibility's name.
pub fn visibility_key(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Public => "spaces-visibility-public",
        Visibility::MembersParticipate => "spaces-visibility-members-participate",
        Visibility::Private => "spaces-visibility-private",
        Visibility::Secret => "spaces-visibility-secret",
    }
}

/// Fluent key of the explanation of a visibility.
pub fn visibility_hint_key(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Public => "spaces-visibility-public-hint",
        Visibility::MembersParticipate => "spaces-visibility-members-participate-hint",
        Visibility::Private => "spaces-visibility-private-hint",
        Visibility::Secret => "spaces-visibility-secret-hint",
    }
}

/// Fluent key of a kind of space.
pub fn kind_key(kind: SpaceKind) -> &'static str {
    match kind {
        SpaceKind::Process => "spaces-kind-process",
        SpaceKind::Assembly => "spaces-kind-assembly",
    }
}

/// Fluent key of a role in a space.
pub fn role_key(role: SpaceRole) -> &'static str {
    match role {
        SpaceRole::Admin => "spaces-role-admin",
        SpaceRole::Moderator => "spaces-role-moderator",
        SpaceRole::Collaborator => "spaces-role-collaborator",
        SpaceRole::Evaluator => "spaces-role-evaluator",
        SpaceRole::Member => "spaces-role-member",
    }
}

/// Every visibility, in the order forms offer them.
pub const VISIBILITIES: [Visibility; 4] = [
    Visibility::Public,
    Visibility::MembersParticipate,
    Visibility::Private,
    Visibility::Secret,
];

/// Every role in a space, in the order forms offer them.
pub const ROLES: [SpaceRole; 5] = [
    SpaceRole::Member,
    SpaceRole::Collaborator,
    SpaceRole::Evaluator,
    SpaceRole::Moderator,
    SpaceRole::Admin,
];

/// A date as people write it in the page's language: "21 novembre 2026", "21 November 2026".
pub fn long_date(i18n: &I18n, iso: &str) -> String {
    match iso.parse::<jiff::civil::Date>() {
        Ok(date) => i18n.t2(
            &format!("spaces-date-{}", date.month()),
            "day",
            date.day(),
            "year",
            date.year(),
        ),
        Err(_) => iso.to_string(),
    }
}

/// A phase's dates in words ("from 1 September 2026 to 31 October 2026"), if it has any.
pub fn phase_dates(i18n: &I18n, phase: &Phase) -> Option<String> {
    match (phase.starts_on.as_deref(), phase.ends_on.as_deref()) {
        (Some(start), Some(end)) => Some(i18n.t2(
            "spaces-phase-dates",
            "start",
            long_date(i18n, start),
            "end",
            long_date(i18n, end),
        )),
        (Some(start), None) => Some(i18n.t1("spaces-phase-from", "start", long_date(i18n, start))),
        (None, Some(end)) => Some(i18n.t1("spaces-phase-until", "end", long_date(i18n, end))),
        (None, None) => None,
    }
}

/// The beginning of a Markdown text as plain words, for lists of spaces.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
        if text.chars().count() > max_chars {
            break;
        }
    }
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= max_chars {
        return words;
    }
    let cut: String = words.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn dates_read_naturally_in_each_language() {
        let fr = I18n::new(Locale::Fr);
        assert_eq!(long_date(&fr, "2026-11-21"), "21 novembre 2026");
        assert_eq!(long_date(&fr, "2026-09-01"), "1er septembre 2026");
        assert_eq!(
            long_date(&I18n::new(Locale::En), "2026-11-21"),
            "21 November 2026"
        );
        assert_eq!(
            long_date(&I18n::new(Locale::Es), "2026-11-21"),
            "21 de noviembre de 2026"
        );
        assert_eq!(
            long_date(&I18n::new(Locale::Ca), "2026-10-05"),
            "5 d’octubre de 2026"
        );
        assert_eq!(long_date(&fr, "not a date"), "not a date");
    }

    #[test]
    fn excerpts_are_plain_and_short() {
        assert_eq!(
            excerpt("## Title\n\nSome **bold** text.", 100),
            "Title Some bold text."
        );
        let long = excerpt("word ".repeat(100).as_str(), 20);
        assert!(long.ends_with('…') && long.chars().count() <= 21, "{long}");
    }
}
