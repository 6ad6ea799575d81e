//! Nicknames: the unique handle people are @mentioned by (`@ana_puig`). Lower-case letters,
//! digits and `_`, 2 to 30 characters; `group` is reserved (`@group` names everyone in a
//! space). Every account has one: new accounts get one from their name, accounts that existed
//! before nicknames get one at startup ([`fill_missing`]), and people change theirs on their
//! account page. Uniqueness is the database's (`users_nickname`), so two people racing for one
//! nickname cannot both get it.

use std::collections::HashSet;

use crate::db::{self, Db};

/// Shortest and longest nickname.
pub const MIN: usize = 2;
pub const MAX: usize = 30;
/// Nicknames nobody may take: they mean something else in a mention.
const RESERVED: &[&str] = &["group", "all", "everyone"];

/// The nickname people typed, normalised (trimmed, without a leading `@`, lower case).
pub fn normalize(input: &str) -> String {
    input.trim().trim_start_matches('@').to_lowercase()
}

/// Checks a normalised nickname; the error is a Fluent key.
pub fn validate(nickname: &str) -> Result<(), &'static str> {
    let len = nickname.chars().count();
    if !(MIN..=MAX).contains(&len) {
        return Err("accounts-error-nickname-length");
    }
    if !nickname.chars().all(is_nickname_char) {
        return Err("accounts-error-nickname-chars");
    }
    if RESERVED.contains(&nickname) {
        return Err("accounts-error-nickname-reserved");
    }
    Ok(())
}

/// A character a nickname may contain.
pub fn is_nickname_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// The nickname a name suggests: accents dropped, other characters turned into `_`
/// ("Núria Puig-Ferrer" → `nuria_puig_ferrer`); `member` when too little is left.
pub fn from_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        let mapped: &str = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'œ' => "oe",
            'æ' => "ae",
            // Catalan "l·l" stays "ll".
            '·' => "",
            c if is_nickname_char(c) => {
                out.push(c);
                continue;
            }
            _ => "_",
        };
        out.push_str(mapped);
    }
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if !(c == '_' && collapsed.ends_with('_')) {
            collapsed.push(c);
        }
    }
    // Room for a `_{id}` suffix when the name is taken.
    let base: String = collapsed.trim_matches('_').chars().take(20).collect();
    let base = base.trim_end_matches('_').to_string();
    if validate(&base).is_err() {
        "member".into()
    } else {
        base
    }
}

/// The candidates for account `id` in order: the name's nickname, then with the id appended
/// (free unless someone chose it), then numbered. Deterministic: the same accounts in the same
/// order always get the same nicknames.
fn candidates(base: &str, id: i64) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_string())
        .chain(std::iter::once(format!("{base}_{id}")))
        .chain((2..).map(move |n| format!("{base}_{id}_{n}")))
}

/// Gives account `user_id` a nickname from `name` (new accounts). Each try is one statement:
/// a taken nickname is a unique violation, and the next candidate is tried.
pub async fn assign(db: &Db, user_id: i64, name: &str) -> Result<String, sqlx::Error> {
    let base = from_name(name);
    for candidate in candidates(&base, user_id) {
        let result = db::query("UPDATE users SET nickname = $1 WHERE id = $2")
            .bind(&candidate)
            .bind(user_id)
            .execute(db)
            .await;
        match result {
            Ok(_) => return Ok(candidate),
            Err(e) if db::is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("the candidates never end")
}

/// Gives a nickname to every account without one (accounts from before nicknames, or created
/// in bulk), in id order, in one transaction. Returns how many were filled.
pub async fn fill_missing(db: &Db) -> Result<usize, sqlx::Error> {
    let missing = db::query(
        "SELECT id, name FROM users WHERE nickname IS NULL AND deleted_at IS NULL ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    if missing.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let mut taken: HashSet<String> =
        db::query("SELECT nickname FROM users WHERE nickname IS NOT NULL")
            .fetch_all(&mut tx)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<Result<_, _>>()?;
    for row in &missing {
        let id: i64 = row.try_get("id")?;
        let name: String = row.try_get("name")?;
        let base = from_name(&name);
        let nickname = candidates(&base, id)
            .find(|c| !taken.contains(c))
            .expect("the candidates never end");
        db::query("UPDATE users SET nickname = $1 WHERE id = $2 AND nickname IS NULL")
            .bind(&nickname)
            .bind(id)
            .execute(&mut tx)
            .await?;
        taken.insert(nickname);
    }
    tx.commit().await?;
    Ok(missing.len())
}

/// A person's nickname.
pub async fn of(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(db::query("SELECT nickname FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await?
        .and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten()))
}

/// Why a nickname change was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeRefusal {
    Invalid(&'static str),
    Taken,
}

/// Changes a person's nickname (already normalised), logged privately.
pub async fn change(
    db: &Db,
    user_id: i64,
    nickname: &str,
) -> Result<Result<(), ChangeRefusal>, sqlx::Error> {
    use crate::platform::action_log::{self, Subject, Visibility};
    if let Err(key) = validate(nickname) {
        return Ok(Err(ChangeRefusal::Invalid(key)));
    }
    let mut tx = db.begin().await?;
    let result = db::query(
        "UPDATE users SET nickname = $1 WHERE id = $2 AND deleted_at IS NULL
           AND (nickname IS NULL OR nickname <> $1)",
    )
    .bind(nickname)
    .bind(user_id)
    .execute(&mut tx)
    .await;
    match result {
        Ok(done) if done.rows_affected() == 1 => {}
        // Unchanged: nothing to log.
        Ok(_) => return Ok(Ok(())),
        Err(e) if db::is_unique_violation(&e) => return Ok(Err(ChangeRefusal::Taken)),
        Err(e) => return Err(e),
    }
    action_log::append(
        &mut tx,
        Some(user_id),
        "nickname-changed",
        Subject::of("user", user_id),
        Visibility::Private,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_nicknames() {
        assert_eq!(from_name("Núria Puig-Ferrer"), "nuria_puig_ferrer");
        assert_eq!(from_name("Col·lectiu"), "collectiu");
        assert_eq!(from_name("  "), "member");
        assert_eq!(from_name("Group"), "member");
        assert_eq!(from_name("李"), "member");
        assert!(from_name(&"x".repeat(100)).len() <= 20);
        let c: Vec<String> = candidates("ana", 7).take(3).collect();
        assert_eq!(c, ["ana", "ana_7", "ana_7_2"]);
    }

    #[test]
    fn nicknames_are_checked() {
        assert_eq!(normalize(" @Ana_P "), "ana_p");
        assert!(validate("ana_p").is_ok());
        assert!(validate("a").is_err());
        assert!(validate("ana p").is_err());
        assert!(validate("anà").is_err());
        assert!(validate("group").is_err());
        assert!(validate(&"a".repeat(31)).is_err());
    }
}
