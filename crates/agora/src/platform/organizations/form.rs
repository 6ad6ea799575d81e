//! Validation errors of the organisation forms, kept as (field, message key) pairs so a
//! template can list them at the top and repeat each next to its field.

/// The errors of one submitted form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, &'static str)>);

impl FieldErrors {
    /// Records that `field` is wrong; `key` is the Fluent message explaining why.
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.push((field, key));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message key of the first error on `field`, if any.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, k)| *k)
    }

    /// True when `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// Every (field, message key), in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, &'static str)> {
        self.0.iter()
    }

    /// The keys of every error (for tests and logs).
    pub fn keys(&self) -> Vec<&'static str> {
        self.0.iter().map(|(_, k)| *k).collect()
    }
}

/// Longest e-mail address accepted (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;

/// A light plausibility check: one `@` with something on each side, a dot in the domain, no
/// spaces. The real check is that the message arrives.
pub fn plausible_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= EMAIL_MAX
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_found_by_field() {
        let mut errors = FieldErrors::default();
        assert!(errors.is_empty());
        errors.add("name", "org-error-name-empty");
        errors.add("name", "org-error-name-too-long");
        assert_eq!(errors.get("name"), Some("org-error-name-empty"));
        assert!(!errors.has("time_zone"));
        assert_eq!(errors.keys().len(), 2);
    }

    #[test]
    fn plausible_emails() {
        assert!(plausible_email("ana@example.org"));
        assert!(plausible_email(" Ana.B+x@sub.example.org "));
        for bad in [
            "",
            "ana",
            "@example.org",
            "ana@",
            "ana@example",
            "ana@@example.org",
            "a na@example.org",
            "ana@.org",
        ] {
            assert!(!plausible_email(bad), "{bad:?}");
        }
        assert!(!plausible_email(&format!(
            "{}@example.org",
            "a".repeat(250)
        )));
    }
}
