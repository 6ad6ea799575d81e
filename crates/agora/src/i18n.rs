//! Translations with Fluent: one catalog per locale, compiled into the binary.
//!
//! Every user-visible string goes through [`I18n::t`]. French and English are complete;
//! Spanish and Catalan cover the participant pages and fall back to English elsewhere.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A locale agora speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    Fr,
    En,
    Es,
    Ca,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::Fr, Locale::En, Locale::Es, Locale::Ca];

    /// The BCP 47 tag, as in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Ca => "ca",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Fr => "Français",
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::Ca => "Català",
        }
    }

    /// Parses a tag such as `fr`, `fr-FR` or `ca-ES`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut candidates: Vec<(f32, usize, Locale)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let locale = Locale::parse(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, i, locale))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.first().map(|c| c.2)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// The Fluent sources of one locale, one file per area of the product.
macro_rules! sources {
    ($loc:literal) => {
        &[
            include_str!(concat!("../locales/", $loc, "/common.ftl")),
            include_str!(concat!("../locales/", $loc, "/accounts.ftl")),
            include_str!(concat!("../locales/", $loc, "/organizations.ftl")),
            include_str!(concat!("../locales/", $loc, "/spaces.ftl")),
            include_str!(concat!("../locales/", $loc, "/groups.ftl")),
            include_str!(concat!("../locales/", $loc, "/proposals.ftl")),
            include_str!(concat!("../locales/", $loc, "/polls.ftl")),
            include_str!(concat!("../locales/", $loc, "/threads.ftl")),
            include_str!(concat!("../locales/", $loc, "/comments.ftl")),
            include_str!(concat!("../locales/", $loc, "/moderation.ftl")),
            include_str!(concat!("../locales/", $loc, "/notifications.ftl")),
            include_str!(concat!("../locales/", $loc, "/activity.ftl")),
            include_str!(concat!("../locales/", $loc, "/budgets.ftl")),
            include_str!(concat!("../locales/", $loc, "/accountability.ftl")),
            include_str!(concat!("../locales/", $loc, "/verifications.ftl")),
            include_str!(concat!("../locales/", $loc, "/opendata.ftl")),
        ]
    };
}

fn sources(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::Fr => sources!("fr"),
        Locale::En => sources!("en"),
        Locale::Es => sources!("es"),
        Locale::Ca => sources!("ca"),
    }
}

/// All bundles, built once.
pub struct Catalog {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
    /// Every message that takes no argument, already formatted, by locale. A page asks for the
    /// same labels hundreds of times (each comment's "Reply", "Report"...): resolving the Fluent
    /// pattern again each time was most of the cost of rendering a long discussion
    /// (docs/PERFORMANCE.md). Formatting without arguments is deterministic, so the result is
    /// the very string [`I18n::t`] would build.
    plain: HashMap<Locale, HashMap<String, String>>,
}

impl Catalog {
    fn build() -> Catalog {
        let bundles = Locale::ALL
            .into_iter()
            .map(|locale| {
                let langid = locale.tag().parse().expect("static language tag");
                let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                // Unicode isolation marks would show up inside HTML attributes and e-mails.
                bundle.set_use_isolating(false);
                for source in sources(locale) {
                    let resource = FluentResource::try_new((*source).to_string()).unwrap_or_else(
                        |(_, errors)| panic!("broken {locale} catalog: {errors:?}"),
                    );
                    bundle
                        .add_resource(resource)
                        .unwrap_or_else(|errors| panic!("duplicate key in {locale}: {errors:?}"));
                }
                (locale, bundle)
            })
            .collect();
        let mut catalog = Catalog {
            bundles,
            plain: HashMap::new(),
        };
        for locale in Locale::ALL {
            let plain = Catalog::keys(locale)
                .into_iter()
                .filter_map(|key| {
                    let text = catalog.format_plain(locale, &key)?;
                    Some((key, text))
                })
                .collect();
            catalog.plain.insert(locale, plain);
        }
        catalog
    }

    /// `key` formatted without arguments, when that gives no error (a message that needs an
    /// argument reports the missing variable: it is left to [`Catalog::format`]).
    fn format_plain(&self, locale: Locale, key: &str) -> Option<String> {
        let bundle = self.bundles.get(&locale)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, None, &mut errors)
            .into_owned();
        errors.is_empty().then_some(text)
    }

    /// The process-wide catalog.
    pub fn global() -> Arc<Catalog> {
        static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
        CATALOG.get_or_init(|| Arc::new(Catalog::build())).clone()
    }

    fn format(&self, locale: Locale, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(&locale)?;
        let message = bundle.get_message(key)?;
        let pattern = message.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    }

    /// Every message key of a locale (for completeness tests).
    pub fn keys(locale: Locale) -> Vec<String> {
        let mut keys: Vec<String> = sources(locale)
            .iter()
            .flat_map(|s| s.lines())
            .filter_map(|line| {
                let (key, _) = line.split_once('=')?;
                let key = key.trim();
                (!line.starts_with([' ', '#', '-', '\t'])
                    && !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .then(|| key.to_string())
            })
            .collect();
        keys.sort();
        keys
    }
}

/// The translator handed to every view: a locale and the catalog.
#[derive(Clone)]
pub struct I18n {
    catalog: Arc<Catalog>,
    pub locale: Locale,
}

impl fmt::Debug for I18n {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "I18n({})", self.locale)
    }
}

impl I18n {
    pub fn new(locale: Locale) -> I18n {
        I18n {
            catalog: Catalog::global(),
            locale,
        }
    }

    /// The `<html lang>` value.
    pub fn lang(&self) -> &'static str {
        self.locale.tag()
    }

    /// Translates `key`; falls back to English, then to the key itself so a gap is visible.
    pub fn t(&self, key: &str) -> String {
        if let Some(text) = self
            .catalog
            .plain
            .get(&self.locale)
            .and_then(|plain| plain.get(key))
        {
            return text.clone();
        }
        self.format(key, None)
    }

    /// A person's name as pages show it: a deleted account's name is erased, and reads
    /// "deleted participant" in the reader's language.
    pub fn person(&self, name: &str) -> String {
        if name.is_empty() {
            self.t("person-deleted")
        } else {
            name.to_string()
        }
    }

    /// Translates `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), arg_value(value.to_string()));
        self.format(key, Some(&args))
    }

    /// Translates `key` with two arguments.
    pub fn t2(
        &self,
        key: &str,
        name: &str,
        value: impl ToString,
        name2: &str,
        value2: impl ToString,
    ) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), arg_value(value.to_string()));
        args.set(name2.to_string(), arg_value(value2.to_string()));
        self.format(key, Some(&args))
    }

    /// Translates `key` with any number of arguments.
    pub fn tn(&self, key: &str, values: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), arg_value(value.clone()));
        }
        self.format(key, Some(&args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        self.catalog
            .format(self.locale, key, args)
            .or_else(|| self.catalog.format(Locale::En, key, args))
            .unwrap_or_else(|| key.to_string())
    }
}

/// Numbers stay numbers so Fluent can choose the plural form.
fn arg_value(value: String) -> FluentValue<'static> {
    match value.parse::<f64>() {
        Ok(n) if !value.is_empty() => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_highest_supported_quality() {
        assert_eq!(
            Locale::from_accept_language("de-DE,ca;q=0.8,en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("es-ES"), Some(Locale::Es));
        assert_eq!(Locale::from_accept_language("de, ja"), None);
        assert_eq!(Locale::from_accept_language("fr;q=0, ca"), Some(Locale::Ca));
    }

    #[test]
    fn french_and_english_are_complete() {
        let en = Catalog::keys(Locale::En);
        let fr = Catalog::keys(Locale::Fr);
        let missing_fr: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        let missing_en: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_fr.is_empty(), "missing in fr: {missing_fr:?}");
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
    }

    #[test]
    fn messages_kept_formatted_read_as_fluent_formats_them() {
        let catalog = Catalog::global();
        for locale in Locale::ALL {
            let i18n = I18n::new(locale);
            for key in Catalog::keys(locale) {
                assert_eq!(i18n.t(&key), i18n.format(&key, None), "{locale} {key}");
            }
            assert!(catalog.plain[&locale].contains_key("comments-reply"));
            assert!(!catalog.plain[&locale].contains_key("comments-vote-up"));
        }
    }

    #[test]
    fn every_catalog_parses_and_translates() {
        for locale in Locale::ALL {
            let i18n = I18n::new(locale);
            assert_ne!(i18n.t("site-name"), "site-name", "{locale}");
        }
        assert_eq!(I18n::new(Locale::Fr).t("nav-sign-in"), "Se connecter");
    }
}
