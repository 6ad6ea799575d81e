//! Organisations (tenants) and their members.
//!
//! The model lives here and in the submodules ([`settings`], [`members`], [`invitations`]);
//! the administration pages and the invitation pages are in [`routes`].

pub mod form;
pub mod invitations;
pub mod members;
pub mod routes;
pub mod settings;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{self, Db};
use crate::i18n::Locale;
use crate::platform::permissions::OrgRole;

/// An organisation hosted on this instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub default_locale: Locale,
    pub available_locales: Vec<Locale>,
    pub time_zone: String,
}

macro_rules! org_columns {
    () => {
        "id, slug, name, description, default_locale, available_locales, time_zone"
    };
}

fn from_row(row: &AnyRow) -> Result<Organization, sqlx::Error> {
    let default: String = row.try_get("default_locale")?;
    let available: String = row.try_get("available_locales")?;
    Ok(Organization {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        default_locale: Locale::parse(&default).unwrap_or(Locale::Fr),
        available_locales: available.split(',').filter_map(Locale::parse).collect(),
        time_zone: row.try_get("time_zone")?,
    })
}

/// A slug is what appears in URLs: lower-case letters, digits and dashes, 2 to 60 of them.
pub fn valid_slug(slug: &str) -> bool {
    (2..=60).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Why an organisation could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateOrganizationError {
    #[error("the slug must be 2 to 60 lower-case letters, digits or dashes")]
    InvalidSlug,
    #[error("an organisation with this slug already exists")]
    SlugTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates an organisation.
pub async fn create(
    db: &Db,
    slug: &str,
    name: &str,
    description: &str,
    default_locale: Locale,
) -> Result<Organization, CreateOrganizationError> {
    if !valid_slug(slug) {
        return Err(CreateOrganizationError::InvalidSlug);
    }
    let row = sqlx::query(concat!(
        "INSERT INTO organizations (slug, name, description, default_locale, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING ",
        org_columns!(),
        ""
    ))
    .bind(slug)
    .bind(name.trim())
    .bind(description)
    .bind(default_locale.tag())
    .bind(db::now())
    .fetch_one(&db.pool)
    .await;
    match row {
        Ok(row) => Ok(from_row(&row)?),
        Err(e) if db::is_unique_violation(&e) => Err(CreateOrganizationError::SlugTaken),
        Err(e) => Err(e.into()),
    }
}

/// Every organisation, by name.
pub async fn list(db: &Db) -> Result<Vec<Organization>, sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        org_columns!(),
        " FROM organizations ORDER BY name, id"
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Finds an organisation by its slug.
pub async fn find_by_slug(db: &Db, slug: &str) -> Result<Option<Organization>, sqlx::Error> {
    let row = sqlx::query(concat!(
        "SELECT ",
        org_columns!(),
        " FROM organizations WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Finds an organisation by id.
pub async fn find(db: &Db, id: i64) -> Result<Option<Organization>, sqlx::Error> {
    let row = sqlx::query(concat!(
        "SELECT ",
        org_columns!(),
        " FROM organizations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The role of a person in an organisation, if they are a member.
pub async fn role_of(
    db: &Db,
    organization_id: i64,
    user_id: i64,
) -> Result<Option<OrgRole>, sqlx::Error> {
    let row =
        sqlx::query("SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2")
            .bind(organization_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>("role"))
        .transpose()?
        .and_then(|r| OrgRole::parse(&r)))
}

/// Makes a person a member with `role`, or changes their role if they already are one.
/// One statement, so two concurrent calls leave exactly one membership.
pub async fn set_member(
    db: &Db,
    organization_id: i64,
    user_id: i64,
    role: OrgRole,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(organization_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(db::now())
    .execute(&db.pool)
    .await?;
    Ok(())
}
