//! Editing an organisation: name, description, languages and time zone. The rules are a
//! pure function ([`validate`]) so they are tested without a server.

use std::sync::OnceLock;

use crate::db::Db;
use crate::i18n::Locale;
use crate::platform::organizations::Organization;
use crate::platform::organizations::form::FieldErrors;

/// Longest organisation name, in characters.
pub const NAME_MAX: usize = 120;
/// Longest description, in characters (Markdown source).
pub const DESCRIPTION_MAX: usize = 5_000;

/// The settings form as submitted (or as pre-filled from the organisation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsForm {
    pub name: String,
    pub description: String,
    /// The ticked language checkboxes (tags), as sent.
    pub available_locales: Vec<String>,
    pub default_locale: String,
    pub time_zone: String,
}

impl SettingsForm {
    /// Reads the submitted fields; checkboxes repeat the `available_locales` name.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> SettingsForm {
        let mut form = SettingsForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "name" => form.name = value,
                "description" => form.description = value,
                "available_locales" => form.available_locales.push(value),
                "default_locale" => form.default_locale = value,
                "time_zone" => form.time_zone = value,
                _ => {}
            }
        }
        form
    }

    /// The form filled with the organisation's current settings.
    pub fn from_organization(org: &Organization) -> SettingsForm {
        SettingsForm {
            name: org.name.clone(),
            description: org.description.clone(),
            available_locales: org
                .available_locales
                .iter()
                .map(|l| l.tag().to_string())
                .collect(),
            default_locale: org.default_locale.tag().to_string(),
            time_zone: org.time_zone.clone(),
        }
    }

    /// True when the checkbox of `locale` is ticked (for re-displaying the form).
    pub fn offers(&self, locale: &Locale) -> bool {
        self.available_locales.iter().any(|t| t == locale.tag())
    }
}

/// Valid settings, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub name: String,
    pub description: String,
    /// In [`Locale::ALL`] order, without duplicates, never empty.
    pub available_locales: Vec<Locale>,
    pub default_locale: Locale,
    /// The canonical IANA name.
    pub time_zone: String,
}

/// Checks the form; on failure, every problem is reported at once.
pub fn validate(form: &SettingsForm) -> Result<Settings, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = form.name.trim();
    if name.is_empty() {
        errors.add("name", "org-error-name-empty");
    } else if name.chars().count() > NAME_MAX {
        errors.add("name", "org-error-name-too-long");
    }
    if form.description.chars().count() > DESCRIPTION_MAX {
        errors.add("description", "org-error-description-too-long");
    }
    let mut available = Vec::new();
    let mut unknown = false;
    for tag in &form.available_locales {
        // Only exact tags: the checkboxes send "fr", never "fr-FR".
        match Locale::ALL.into_iter().find(|l| l.tag() == tag) {
            Some(l) => available.push(l),
            None => unknown = true,
        }
    }
    let available: Vec<Locale> = Locale::ALL
        .into_iter()
        .filter(|l| available.contains(l))
        .collect();
    if unknown {
        errors.add("available_locales", "org-error-locale-unknown");
    } else if available.is_empty() {
        errors.add("available_locales", "org-error-locales-empty");
    }
    let default = Locale::ALL
        .into_iter()
        .find(|l| l.tag() == form.default_locale);
    match default {
        None => errors.add("default_locale", "org-error-locale-unknown"),
        Some(l) if !available.is_empty() && !available.contains(&l) => {
            errors.add("default_locale", "org-error-default-not-available")
        }
        Some(_) => {}
    }
    let time_zone = canonical_time_zone(&form.time_zone);
    if time_zone.is_none() {
        errors.add("time_zone", "org-error-time-zone");
    }
    match (default, time_zone) {
        (Some(default_locale), Some(time_zone)) if errors.is_empty() => Ok(Settings {
            name: name.to_string(),
            description: form.description.clone(),
            available_locales: available,
            default_locale,
            time_zone,
        }),
        _ => Err(errors),
    }
}

/// The canonical IANA name of a time zone (`europe/paris` → `Europe/Paris`), if it exists.
pub fn canonical_time_zone(name: &str) -> Option<String> {
    let name = name.trim();
    let plausible = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'+' | b'-'));
    if !plausible {
        return None;
    }
    let tz = jiff::tz::TimeZone::get(name).ok()?;
    Some(tz.iana_name().unwrap_or(name).to_string())
}

/// The time zone names offered as suggestions in the form (regions, not legacy aliases).
pub fn time_zone_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_string())
            .filter(|n| {
                n == "UTC"
                    || (n.contains('/')
                        && [
                            "Africa/",
                            "America/",
                            "Antarctica/",
                            "Arctic/",
                            "Asia/",
                            "Atlantic/",
                            "Australia/",
                            "Europe/",
                            "Indian/",
                            "Pacific/",
                        ]
                        .iter()
                        .any(|p| n.starts_with(p)))
            })
            .collect();
        names.sort();
        names.dedup();
        names
    })
}

/// Stores valid settings. The slug never changes here: links to the organisation keep working.
pub async fn update(db: &Db, organization_id: i64, settings: &Settings) -> Result<(), sqlx::Error> {
    let available = settings
        .available_locales
        .iter()
        .map(|l| l.tag())
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query(
        "UPDATE organizations SET name = $1, description = $2, available_locales = $3,
                default_locale = $4, time_zone = $5 WHERE id = $6",
    )
    .bind(&settings.name)
    .bind(&settings.description)
    .bind(available)
    .bind(settings.default_locale.tag())
    .bind(&settings.time_zone)
    .bind(organization_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SettingsForm {
        SettingsForm {
            name: "  Ville d’Exemple ".into(),
            description: "**Bienvenue**".into(),
            available_locales: vec!["en".into(), "fr".into()],
            default_locale: "fr".into(),
            time_zone: "europe/paris".into(),
        }
    }

    fn errors(form: &SettingsForm) -> Vec<&'static str> {
        validate(form).expect_err("should be refused").keys()
    }

    #[test]
    fn valid_settings_are_normalised() {
        let s = validate(&form()).expect("valid");
        assert_eq!(s.name, "Ville d’Exemple");
        assert_eq!(s.available_locales, vec![Locale::Fr, Locale::En]);
        assert_eq!(s.default_locale, Locale::Fr);
        assert_eq!(s.time_zone, "Europe/Paris");
    }

    #[test]
    fn every_rule_is_enforced() {
        let mut f = form();
        f.name = "   ".into();
        assert_eq!(errors(&f), ["org-error-name-empty"]);
        f.name = "é".repeat(NAME_MAX + 1);
        assert_eq!(errors(&f), ["org-error-name-too-long"]);
        f.name = "é".repeat(NAME_MAX);
        assert!(validate(&f).is_ok(), "120 characters (not bytes) are fine");

        let mut f = form();
        f.description = "x".repeat(DESCRIPTION_MAX + 1);
        assert_eq!(errors(&f), ["org-error-description-too-long"]);

        let mut f = form();
        f.available_locales.clear();
        assert_eq!(errors(&f), ["org-error-locales-empty"]);
        f.available_locales = vec!["de".into()];
        assert_eq!(errors(&f), ["org-error-locale-unknown"]);

        let mut f = form();
        f.default_locale = "es".into();
        assert_eq!(errors(&f), ["org-error-default-not-available"]);
        f.default_locale = "xx".into();
        assert_eq!(errors(&f), ["org-error-locale-unknown"]);

        for tz in ["", "Mars/Olympus", "../../etc/passwd", "Europe/Paris x"] {
            let mut f = form();
            f.time_zone = tz.into();
            assert_eq!(errors(&f), ["org-error-time-zone"], "{tz:?}");
        }
    }

    #[test]
    fn several_errors_are_reported_together() {
        let f = SettingsForm::default();
        let keys = errors(&f);
        assert!(keys.contains(&"org-error-name-empty"));
        assert!(keys.contains(&"org-error-locales-empty"));
        assert!(keys.contains(&"org-error-time-zone"));
    }

    #[test]
    fn checkboxes_are_read_from_repeated_fields() {
        let f = SettingsForm::from_pairs(vec![
            ("name".into(), "X".into()),
            ("available_locales".into(), "es".into()),
            ("available_locales".into(), "ca".into()),
        ]);
        assert_eq!(f.available_locales, ["es", "ca"]);
        assert!(f.offers(&Locale::Ca) && !f.offers(&Locale::Fr));
    }

    #[test]
    fn time_zone_suggestions_include_common_zones() {
        let names = time_zone_names();
        assert!(names.iter().any(|n| n == "Europe/Paris"));
        assert!(
            names
                .iter()
                .any(|n| n == "America/Montreal" || n == "America/Toronto")
        );
        assert!(!names.iter().any(|n| n.starts_with("posix/")));
    }
}
