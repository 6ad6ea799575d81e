//! Open data: per organisation, a ZIP with one CSV file per entity, a README describing every
//! column, a LICENSE, and the ballots of closed votes in the formats `agora tally` and
//! `agora tally-poll` read (`recount/`). Only what anyone may see is exported (the permission
//! function decides, for an anonymous visitor); see docs/guides/transparency.md.
//!
//! The export streams (`export`): rows go from a database cursor through the CSV encoder
//! (`csv`) to a ZIP writer thread (`zip_sink`), so memory does not grow with the data. The
//! web serves a cached file (`cache`), regenerated when stale. Atom feeds live in `feeds`.

pub mod cache;
pub mod export;
pub mod feeds;
pub mod recount;
pub mod routes;
pub mod schema;
mod zip_sink;

use crate::db::{self, Db};
use crate::platform::action_log::{self, Subject, Visibility};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("writing the file: {0}")]
    Io(#[from] std::io::Error),
}

/// A licence an organisation may publish its open data under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct License {
    pub code: &'static str,
    pub name: &'static str,
    pub url: &'static str,
}

/// The licences offered, the default first.
pub const LICENSES: &[License] = &[
    License {
        code: "odbl-1.0",
        name: "Open Database License (ODbL) 1.0",
        url: "https://opendatacommons.org/licenses/odbl/1-0/",
    },
    License {
        code: "cc-by-4.0",
        name: "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        url: "https://creativecommons.org/licenses/by/4.0/",
    },
    License {
        code: "cc-by-sa-4.0",
        name: "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
        url: "https://creativecommons.org/licenses/by-sa/4.0/",
    },
    License {
        code: "cc0-1.0",
        name: "Creative Commons Zero 1.0 Universal (CC0 1.0, public domain dedication)",
        url: "https://creativecommons.org/publicdomain/zero/1.0/",
    },
    License {
        code: "etalab-2.0",
        name: "Licence Ouverte / Open Licence 2.0 (Etalab)",
        url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    },
];

impl License {
    pub fn parse(code: &str) -> Option<License> {
        LICENSES.iter().copied().find(|l| l.code == code)
    }

    /// The LICENSE file of the archive.
    pub fn text(&self, org_name: &str) -> String {
        let mut out = format!(
            "The open data of {org_name} in this archive is made available under the\n\
             {}:\n{}\n",
            self.name, self.url
        );
        if self.code == "odbl-1.0" {
            out.push_str(
                "\nAny rights in individual contents of the database are licensed under the\n\
                 Database Contents License: https://opendatacommons.org/licenses/dbcl/1-0/\n",
            );
        }
        out.push_str(
            "\nThe contributions (proposals, comments...) remain those of their authors, published\n\
             under the display names they chose.\n",
        );
        out
    }
}

/// The organisation's licence (ODbL 1.0 when it chose none).
pub async fn license(db: &Db, organization_id: i64) -> Result<License, sqlx::Error> {
    let code: Option<String> =
        db::query("SELECT license FROM open_data_settings WHERE organization_id = $1")
            .bind(organization_id)
            .fetch_optional(db)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
    Ok(code
        .as_deref()
        .and_then(License::parse)
        .unwrap_or(LICENSES[0]))
}

/// Changes the licence (an admin action, in the log), and drops the cached archive.
pub async fn set_license(
    db: &Db,
    organization_id: i64,
    actor: i64,
    license: License,
    cache_dir: &std::path::Path,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    db::query(
        "INSERT INTO open_data_settings (organization_id, license, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id) DO UPDATE SET license = $2, updated_at = $3",
    )
    .bind(organization_id)
    .bind(license.code)
    .bind(db::now())
    .execute(&mut tx)
    .await?;
    action_log::append(
        &mut tx,
        Some(actor),
        "open-data-license-changed",
        Subject::of("organization", organization_id),
        Visibility::Admins,
    )
    .await?;
    tx.commit().await?;
    cache::forget(cache_dir, organization_id);
    Ok(())
}
