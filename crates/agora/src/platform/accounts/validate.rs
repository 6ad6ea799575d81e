//! The rules for what people type into the account forms. Each check returns the Fluent key
//! of the message to show next to the field.

/// The longest name we keep.
pub const NAME_MAX: usize = 100;
/// The longest e-mail address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// Password length bounds, in characters.
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 200;
/// The longest API token name.
pub const TOKEN_NAME_MAX: usize = 100;

/// A person's display name.
pub fn name(name: &str) -> Result<(), &'static str> {
    let name = name.trim();
    if name.is_empty() {
        Err("accounts-error-name-empty")
    } else if name.chars().count() > NAME_MAX {
        Err("accounts-error-name-too-long")
    } else if name.chars().any(char::is_control) {
        Err("accounts-error-name-invalid")
    } else {
        Ok(())
    }
}

/// An e-mail address: what people type, before normalisation.
pub fn email(email: &str) -> Result<(), &'static str> {
    let email = email.trim();
    if email.is_empty() {
        Err("accounts-error-email-empty")
    } else if email.chars().count() > EMAIL_MAX {
        Err("accounts-error-email-too-long")
    } else if !looks_like_address(email) {
        Err("accounts-error-email-invalid")
    } else {
        Ok(())
    }
}

/// `local@domain.tld`, without spaces, quotes or brackets: what a mail server will accept
/// in practice. Whether the address exists, only the confirmation link can tell.
pub fn looks_like_address(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let allowed_local = |c: char| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    let allowed_domain = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    !local.is_empty()
        && local.chars().count() <= 64
        && local.chars().all(allowed_local)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && domain.chars().all(allowed_domain)
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// A new password: long enough, not absurdly long, and not the e-mail address.
pub fn new_password(password: &str, email: &str) -> Result<(), &'static str> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        Err("accounts-error-password-too-short")
    } else if length > PASSWORD_MAX {
        Err("accounts-error-password-too-long")
    } else if password.trim().to_lowercase() == email.trim().to_lowercase() {
        Err("accounts-error-password-is-email")
    } else {
        Ok(())
    }
}

/// An API token's name.
pub fn token_name(name: &str) -> Result<(), &'static str> {
    let name = name.trim();
    if name.is_empty() {
        Err("accounts-error-token-name-empty")
    } else if name.chars().count() > TOKEN_NAME_MAX {
        Err("accounts-error-token-name-too-long")
    } else if name.chars().any(char::is_control) {
        Err("accounts-error-name-invalid")
    } else {
        Ok(())
    }
}

/// A local path to return to after signing in: never another site.
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 2000
        && !next.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for ok in [
            "ana@example.org",
            "a.b+tag@sub.example.co",
            "élodie@exemple.fr",
        ] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "ana @example.org",
            "ana@exa mple.org",
            "a..b@example.org",
            "<ana@example.org>",
            "ana@-example.org",
            "ana@example..org",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(email(&long), Err("accounts-error-email-too-long"));
    }

    #[test]
    fn passwords() {
        assert!(new_password("correct horse", "ana@example.org").is_ok());
        assert_eq!(
            new_password("short", "ana@example.org"),
            Err("accounts-error-password-too-short")
        );
        assert_eq!(
            new_password(&"x".repeat(201), "ana@example.org"),
            Err("accounts-error-password-too-long")
        );
        assert_eq!(
            new_password("Ana@Example.org", "ana@example.org"),
            Err("accounts-error-password-is-email")
        );
        // Characters, not bytes.
        assert!(new_password(&"é".repeat(10), "ana@example.org").is_ok());
    }

    #[test]
    fn names() {
        assert!(name("Ana Ruiz").is_ok());
        assert!(name("   ").is_err());
        assert!(name(&"n".repeat(101)).is_err());
        assert!(name("a\u{0}b").is_err());
    }

    #[test]
    fn next_paths() {
        assert_eq!(local_path("/o/town"), Some("/o/town"));
        assert_eq!(local_path("//evil.example"), None);
        assert_eq!(local_path("/\\evil.example"), None);
        assert_eq!(local_path("https://evil.example"), None);
        assert_eq!(local_path(""), None);
    }
}
