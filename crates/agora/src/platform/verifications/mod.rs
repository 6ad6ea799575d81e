//! Verifications: a minimal platform census. An organisation's admins upload census entries
//! (CSV: the SHA-256 of a document number, a birth date, a district); a person verifies by
//! typing their document number and birth date, which gives them a verified district and age
//! in that organisation. Components ask for it with [`Requirement`] and [`check`], next to the
//! space permission (`permits`): budgets today, polls and proposals later.
//!
//! Privacy: the city never sends document numbers, only their SHA-256 ([`document_hash`] of the
//! number upper-cased without spaces, dots or dashes). agora keeps an HMAC of that hash under the
//! server secret (a file outside the database), so a dump alone does not let anyone test
//! document numbers against the census. One person per entry and one entry per person are
//! unique indexes, so two accounts cannot share an entry, even racing.

pub mod routes;

use sha2::{Digest, Sha256};

use crate::db::{self, Db};
use crate::platform::secrets::{ServerSecret, hex};

/// Most entries one upload may hold.
pub const ENTRIES_MAX: usize = 200_000;
/// Longest district name, in characters.
pub const DISTRICT_MAX: usize = 80;

/// A document number as the city hashes it: letters and digits only, upper case.
pub fn normalize_document(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The SHA-256 (hex) of a normalized document number: what the census file holds.
pub fn document_hash(document: &str) -> String {
    hex(&Sha256::digest(normalize_document(document).as_bytes()))
}

/// The stored key of a census entry.
fn census_key(secret: &ServerSecret, organization_id: i64, document_hash: &str) -> String {
    secret.mac(&format!(
        "agora census {organization_id} {}",
        document_hash.to_ascii_lowercase()
    ))
}

/// A date written YYYY-MM-DD.
fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    (text.len() == 10)
        .then(|| text.parse::<jiff::civil::Date>().ok())
        .flatten()
}

/// Age in whole years on `today`.
pub fn age_on(birth: jiff::civil::Date, today: jiff::civil::Date) -> i64 {
    let mut age = i64::from(today.year()) - i64::from(birth.year());
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// A broken census file: the line (1 is the header) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CensusError {
    pub line: usize,
    pub message: String,
}

/// One parsed census line.
struct Entry {
    hash: String,
    birth_date: String,
    district: String,
}

/// Reads a census CSV: header `document_hash,birth_date,district`, then one line per person.
fn parse_census(text: &str) -> Result<Vec<Entry>, CensusError> {
    let err = |line: usize, message: String| Err(CensusError { line, message });
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
    let header: Vec<String> = match lines.next() {
        Some((_, h)) => h
            .split(',')
            .map(|f| f.trim().to_ascii_lowercase())
            .collect(),
        None => return err(1, "the file is empty".into()),
    };
    if header != ["document_hash", "birth_date", "district"] {
        return err(
            1,
            "the first line must be: document_hash,birth_date,district".into(),
        );
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in lines {
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != 3 {
            return err(
                n,
                format!("3 fields expected, {} found: {line}", fields.len()),
            );
        }
        let hash = fields[0].to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return err(
                n,
                format!(
                    "the document hash must be 64 hexadecimal characters (SHA-256), not {:?}",
                    fields[0]
                ),
            );
        }
        let Some(date) = parse_date(fields[1]) else {
            return err(
                n,
                format!("the birth date must be YYYY-MM-DD, not {:?}", fields[1]),
            );
        };
        if date > today() {
            return err(n, format!("the birth date {date} is in the future"));
        }
        if fields[2].chars().count() > DISTRICT_MAX {
            return err(
                n,
                format!("a district has at most {DISTRICT_MAX} characters"),
            );
        }
        if !seen.insert(hash.clone()) {
            return err(n, "this document hash is already in the file".into());
        }
        out.push(Entry {
            hash,
            birth_date: date.to_string(),
            district: fields[2].to_string(),
        });
        if out.len() > ENTRIES_MAX {
            return err(n, format!("at most {ENTRIES_MAX} entries per upload"));
        }
    }
    if out.is_empty() {
        return err(1, "the file has no entries".into());
    }
    Ok(out)
}

/// Adds a census file to an organisation's census (an entry already there gets the new birth
/// date and district; people verified with it stay verified). One transaction: a broken line
/// changes nothing. Returns how many entries the file held.
pub async fn import_census(
    db: &Db,
    secret: &ServerSecret,
    organization_id: i64,
    text: &str,
) -> Result<Result<usize, CensusError>, sqlx::Error> {
    let entries = match parse_census(text) {
        Ok(entries) => entries,
        Err(e) => return Ok(Err(e)),
    };
    let mut tx = db.begin().await?;
    let now = db::now();
    for e in &entries {
        db::query(
            "INSERT INTO census_entries (organization_id, census_key, birth_date, district, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (organization_id, census_key) DO UPDATE
                 SET birth_date = excluded.birth_date, district = excluded.district",
        )
        .bind(organization_id)
        .bind(census_key(secret, organization_id, &e.hash))
        .bind(&e.birth_date)
        .bind(&e.district)
        .bind(now)
        .execute(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(entries.len()))
}

/// How many entries an organisation's census holds, and how many are verified.
pub async fn census_size(db: &Db, organization_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let row =
        db::query("SELECT COUNT(*), COUNT(user_id) FROM census_entries WHERE organization_id = $1")
            .bind(organization_id)
            .fetch_one(db)
            .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// What a verified person is, in one organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub birth_date: String,
    pub district: String,
}

impl Verified {
    /// Age in whole years today.
    pub fn age(&self) -> i64 {
        parse_date(&self.birth_date).map_or(0, |b| age_on(b, today()))
    }
}

/// A person's verification in an organisation, if any (on any executor: a transaction too).
pub async fn find(
    on: impl Into<db::Conn<'_>>,
    organization_id: i64,
    user_id: i64,
) -> Result<Option<Verified>, sqlx::Error> {
    let row = db::query(
        "SELECT birth_date, district FROM census_entries
         WHERE organization_id = $1 AND user_id = $2",
    )
    .bind(organization_id)
    .bind(user_id)
    .fetch_optional(&mut on.into())
    .await?;
    row.map(|r| {
        Ok(Verified {
            birth_date: r.try_get("birth_date")?,
            district: r.try_get("district")?,
        })
    })
    .transpose()
}

/// Why a verification attempt failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// No entry with this document number and birth date (which one is wrong is not said).
    NoMatch,
    /// The entry already verifies another account.
    Taken,
    /// The person is already verified in this organisation.
    AlreadyVerified,
    /// The birth date is not YYYY-MM-DD.
    BadDate,
}

/// Verifies a person against an organisation's census.
pub async fn verify(
    db: &Db,
    secret: &ServerSecret,
    organization_id: i64,
    user_id: i64,
    document: &str,
    birth_date: &str,
) -> Result<Result<Verified, VerifyError>, sqlx::Error> {
    let Some(date) = parse_date(birth_date) else {
        return Ok(Err(VerifyError::BadDate));
    };
    if find(db, organization_id, user_id).await?.is_some() {
        return Ok(Err(VerifyError::AlreadyVerified));
    }
    let key = census_key(secret, organization_id, &document_hash(document));
    let row = db::query(
        "SELECT id, birth_date, district, user_id FROM census_entries
         WHERE organization_id = $1 AND census_key = $2",
    )
    .bind(organization_id)
    .bind(&key)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(Err(VerifyError::NoMatch));
    };
    let stored: String = row.try_get("birth_date")?;
    if stored != date.to_string() {
        return Ok(Err(VerifyError::NoMatch));
    }
    if row.try_get::<Option<i64>, _>("user_id")?.is_some() {
        return Ok(Err(VerifyError::Taken));
    }
    let id: i64 = row.try_get("id")?;
    // Taken only while free; the unique index on (organization, user) refuses a second entry.
    let done = db::query(
        "UPDATE census_entries SET user_id = $1, verified_at = $2 WHERE id = $3 AND user_id IS NULL",
    )
    .bind(user_id)
    .bind(db::now())
    .bind(id)
    .execute(db)
    .await;
    match done {
        Ok(done) if done.rows_affected() == 1 => Ok(Ok(Verified {
            birth_date: stored,
            district: row.try_get("district")?,
        })),
        Ok(_) => Ok(Err(VerifyError::Taken)),
        Err(e) if db::is_unique_violation(&e) => Ok(Err(VerifyError::AlreadyVerified)),
        Err(e) => Err(e),
    }
}

/// What a component asks of a person beyond the space permission.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Requirement {
    /// A census verification in the space's organisation.
    pub census: bool,
    /// A minimum age in years (0: none; implies a verification to know the age).
    pub min_age: i64,
}

impl Requirement {
    pub fn is_none(&self) -> bool {
        !self.census && self.min_age <= 0
    }
}

/// Why a person does not meet a [`Requirement`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ineligible {
    NotVerified,
    TooYoung { min_age: i64 },
}

/// Checks a requirement against a verification (pure: the caller reads it, in its transaction).
pub fn check(requirement: Requirement, verified: Option<&Verified>) -> Result<(), Ineligible> {
    if requirement.is_none() {
        return Ok(());
    }
    let Some(v) = verified else {
        return Err(Ineligible::NotVerified);
    };
    if requirement.min_age > 0 && v.age() < requirement.min_age {
        return Err(Ineligible::TooYoung {
            min_age: requirement.min_age,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_hashed_as_the_city_writes_them() {
        assert_eq!(normalize_document(" 12.345.678-z "), "12345678Z");
        assert_eq!(document_hash("12345678z"), document_hash("12 345 678-Z"));
        assert_eq!(document_hash("x").len(), 64);
    }

    #[test]
    fn ages_count_whole_years() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().expect("date");
        assert_eq!(age_on(d("2010-06-15"), d("2026-06-14")), 15);
        assert_eq!(age_on(d("2010-06-15"), d("2026-06-15")), 16);
    }

    #[test]
    fn broken_census_files_say_which_line() {
        let h = "a".repeat(64);
        assert_eq!(parse_census("x,y,z").err().map(|e| e.line), Some(1));
        let bad_date = format!("document_hash,birth_date,district\n{h},2001-13-01,Nord");
        assert_eq!(parse_census(&bad_date).err().map(|e| e.line), Some(2));
        let twice =
            format!("document_hash,birth_date,district\n{h},2001-01-01,Nord\n\n{h},2001-01-01,Sud");
        assert_eq!(parse_census(&twice).err().map(|e| e.line), Some(4));
        let ok = format!("document_hash,birth_date,district\n{h},2001-01-01,Nord");
        assert_eq!(parse_census(&ok).map(|e| e.len()), Ok(1));
    }

    #[test]
    fn requirements() {
        let adult = Verified {
            birth_date: "1990-01-01".into(),
            district: "Nord".into(),
        };
        let none = Requirement::default();
        let census = Requirement {
            census: true,
            min_age: 0,
        };
        let sixteen = Requirement {
            census: false,
            min_age: 16,
        };
        assert_eq!(check(none, None), Ok(()));
        assert_eq!(check(census, None), Err(Ineligible::NotVerified));
        assert_eq!(check(sixteen, None), Err(Ineligible::NotVerified));
        assert_eq!(check(sixteen, Some(&adult)), Ok(()));
        let child = Verified {
            birth_date: today().to_string(),
            ..adult
        };
        assert_eq!(
            check(sixteen, Some(&child)),
            Err(Ineligible::TooYoung { min_age: 16 })
        );
    }
}
