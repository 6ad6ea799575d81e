//! The rules an admin's input about a space must follow, as plain functions that tests call
//! without a server. Each problem is a Fluent key the page shows next to the field.

use jiff::civil::Date;

use super::SpaceKind;
use crate::platform::organizations;
use crate::platform::permissions::{SpaceRole, Visibility};

/// Longest title of a space, a phase or a component, in characters.
pub const TITLE_MAX: usize = 200;
/// Longest description of a space or a phase, in characters.
pub const DESCRIPTION_MAX: usize = 20_000;

/// What is wrong with one field: the field's name and the Fluent key of the message.
pub type Problem = (&'static str, &'static str);

/// Slugs that would collide with fixed addresses under `/o/{org}/spaces/`.
const RESERVED_SLUGS: &[&str] = &["new"];

/// A title: not blank, at most [`TITLE_MAX`] characters.
pub fn check_title(title: &str) -> Result<(), &'static str> {
    let title = title.trim();
    if title.is_empty() {
        Err("spaces-error-title-empty")
    } else if title.chars().count() > TITLE_MAX {
        Err("spaces-error-title-long")
    } else {
        Ok(())
    }
}

/// A description: at most [`DESCRIPTION_MAX`] characters (it may be empty).
pub fn check_description(text: &str) -> Result<(), &'static str> {
    if text.chars().count() > DESCRIPTION_MAX {
        Err("spaces-error-description-long")
    } else {
        Ok(())
    }
}

/// A space's slug: the organisation slug rules, minus reserved words.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if !organizations::valid_slug(slug) {
        Err("spaces-error-slug-invalid")
    } else if RESERVED_SLUGS.contains(&slug) {
        Err("spaces-error-slug-reserved")
    } else {
        Ok(())
    }
}

/// An optional ISO date, exactly `YYYY-MM-DD` and a real day of the calendar.
pub fn parse_date(text: &str) -> Result<Option<Date>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err("spaces-error-date");
    }
    text.parse::<Date>()
        .map(Some)
        .map_err(|_| "spaces-error-date")
}

/// A space as submitted in the admin form.
pub struct SpaceInput<'a> {
    pub kind: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub visibility: &'a str,
}

/// Checks a submitted space; on success, its kind and visibility. Problems come in the
/// order of the form's fields, as the error summary lists them.
pub fn check_space(input: &SpaceInput<'_>) -> Result<(SpaceKind, Visibility), Vec<Problem>> {
    let mut problems = Vec::new();
    let kind = SpaceKind::parse(input.kind);
    if kind.is_none() {
        problems.push(("kind", "spaces-error-kind"));
    }
    if let Err(key) = check_title(input.title) {
        problems.push(("title", key));
    }
    if let Err(key) = check_slug(input.slug) {
        problems.push(("slug", key));
    }
    if let Err(key) = check_description(input.description) {
        problems.push(("description", key));
    }
    let visibility = Visibility::parse(input.visibility);
    if visibility.is_none() {
        problems.push(("visibility", "spaces-error-visibility"));
    }
    match (kind, visibility) {
        (Some(k), Some(v)) if problems.is_empty() => Ok((k, v)),
        _ => Err(problems),
    }
}

/// A phase as submitted in the admin form.
pub struct PhaseInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
}

/// Checks a submitted phase; on success, its dates in ISO form. Problems come in the order
/// of the form's fields.
pub fn check_phase(
    input: &PhaseInput<'_>,
) -> Result<(Option<String>, Option<String>), Vec<Problem>> {
    let mut problems = Vec::new();
    if let Err(key) = check_title(input.title) {
        problems.push(("title", key));
    }
    let start = parse_date(input.starts_on).map_err(|key| problems.push(("starts_on", key)));
    let end = parse_date(input.ends_on).map_err(|key| problems.push(("ends_on", key)));
    if let (Ok(Some(start)), Ok(Some(end))) = (start, end)
        && end < start
    {
        problems.push(("ends_on", "spaces-error-end-before-start"));
    }
    if let Err(key) = check_description(input.description) {
        problems.push(("description", key));
    }
    match (start, end) {
        (Ok(start), Ok(end)) if problems.is_empty() => {
            Ok((start.map(|d| d.to_string()), end.map(|d| d.to_string())))
        }
        _ => Err(problems),
    }
}

/// A role chosen in a form.
pub fn parse_role(text: &str) -> Result<SpaceRole, &'static str> {
    SpaceRole::parse(text).ok_or("spaces-error-role")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space<'a>(slug: &'a str, title: &'a str, visibility: &'a str) -> SpaceInput<'a> {
        SpaceInput {
            kind: "process",
            slug,
            title,
            description: "",
            visibility,
        }
    }

    #[test]
    fn spaces_are_checked_field_by_field() {
        assert_eq!(
            check_space(&space("budget-2027", " Budget ", "private")),
            Ok((SpaceKind::Process, Visibility::Private))
        );
        let long = "x".repeat(TITLE_MAX + 1);
        let problems = check_space(&space("Bad Slug", &long, "hidden")).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ("title", "spaces-error-title-long"),
                ("slug", "spaces-error-slug-invalid"),
                ("visibility", "spaces-error-visibility"),
            ]
        );
        assert_eq!(
            check_space(&space("new", "   ", "public")).unwrap_err(),
            vec![
                ("title", "spaces-error-title-empty"),
                ("slug", "spaces-error-slug-reserved"),
            ]
        );
        let exactly = "é".repeat(TITLE_MAX);
        assert!(check_title(&exactly).is_ok(), "characters, not bytes");
        let mut input = space("ok-slug", "Title", "public");
        input.kind = "committee";
        assert_eq!(
            check_space(&input).unwrap_err(),
            vec![("kind", "spaces-error-kind")]
        );
    }

    #[test]
    fn dates_are_strict_iso_days_and_end_after_start() {
        assert_eq!(parse_date(""), Ok(None));
        assert!(parse_date("2026-11-21").unwrap().is_some());
        for bad in [
            "2026-02-30",
            "21/11/2026",
            "2026-1-5",
            "2026-11-21T10:00",
            "２０２６-11-21",
        ] {
            assert_eq!(parse_date(bad), Err("spaces-error-date"), "{bad}");
        }
        let phase = |start, end| PhaseInput {
            title: "Vote",
            description: "",
            starts_on: start,
            ends_on: end,
        };
        assert_eq!(
            check_phase(&phase("2026-11-21", "2026-11-21")),
            Ok((Some("2026-11-21".into()), Some("2026-11-21".into())))
        );
        assert_eq!(check_phase(&phase("", "")), Ok((None, None)));
        assert_eq!(
            check_phase(&phase("2026-11-21", "2026-11-20")).unwrap_err(),
            vec![("ends_on", "spaces-error-end-before-start")]
        );
        assert_eq!(
            check_phase(&phase("2026-13-01", "")).unwrap_err(),
            vec![("starts_on", "spaces-error-date")]
        );
    }

    #[test]
    fn roles_come_from_the_fixed_list() {
        assert_eq!(parse_role("evaluator"), Ok(SpaceRole::Evaluator));
        assert_eq!(parse_role("owner"), Err("spaces-error-role"));
    }
}
