//! The archive the web serves: generated into a file under the cache directory
//! (`Config::open_data_dir`), served from there, regenerated when stale.
//!
//! Stale means: the action log's head moved since the file was made (something happened) and
//! the file is older than `Config::open_data_refresh_secs`, or the file is older than
//! [`MAX_AGE`] whatever the log says (a poll closes at its date without any action). So a busy
//! organisation's archive is at most `refresh` seconds behind, a quiet one is never rebuilt
//! for nothing, and one request at a time regenerates (the others wait for its file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use super::{ExportError, export};
use crate::db::Db;
use crate::platform::action_log;
use crate::platform::organizations::Organization;

/// Oldest a served archive may be, whatever happened.
pub const MAX_AGE: Duration = Duration::from_secs(3600);

fn zip_path(dir: &Path, organization_id: i64) -> PathBuf {
    dir.join(format!("org-{organization_id}.zip"))
}

fn head_path(dir: &Path, organization_id: i64) -> PathBuf {
    dir.join(format!("org-{organization_id}.head"))
}

/// Drops an organisation's cached archive (after a change the log does not show, e.g. the
/// licence): the next request regenerates it.
pub fn forget(dir: &Path, organization_id: i64) {
    let _ = std::fs::remove_file(head_path(dir, organization_id));
    let _ = std::fs::remove_file(zip_path(dir, organization_id));
}

/// One lock per archive file: concurrent requests wait for one generation.
fn lock_for(path: &Path) -> Arc<tokio::sync::Mutex<()>> {
    static LOCKS: OnceLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let mut locks = LOCKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    locks.entry(path.to_path_buf()).or_default().clone()
}

/// Is the file at `path`, made when the log's head was `made_at_head`, still good?
pub fn is_fresh(age: Duration, made_at_head: Option<i64>, head: i64, refresh: Duration) -> bool {
    if age >= MAX_AGE {
        return false;
    }
    made_at_head == Some(head) || age < refresh
}

/// The path of a fresh archive of `org`, generating it first when needed.
pub async fn fresh(
    db: &Db,
    dir: &Path,
    refresh: Duration,
    org: &Organization,
) -> Result<PathBuf, ExportError> {
    let path = zip_path(dir, org.id);
    let lock = lock_for(&path);
    let _turn = lock.lock().await;
    let head = action_log::head(db).await?.length;
    if let Ok(meta) = std::fs::metadata(&path) {
        let age = meta
            .modified()
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .unwrap_or(Duration::ZERO);
        let made_at: Option<i64> = std::fs::read_to_string(head_path(dir, org.id))
            .ok()
            .and_then(|t| t.trim().parse().ok());
        if is_fresh(age, made_at, head, refresh) {
            return Ok(path);
        }
    }
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("org-{}.zip.tmp-{}", org.id, std::process::id()));
    let license = super::license(db, org.id).await?;
    if let Err(e) = export::write_zip(db, org, license, &tmp).await {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // The head read before the export: whatever happened during it makes the file stale.
    std::fs::rename(&tmp, &path)?;
    std::fs::write(head_path(dir, org.id), head.to_string())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_is_stale_when_the_log_moved_and_it_is_old_enough_or_very_old() {
        let refresh = Duration::from_secs(600);
        let s = Duration::from_secs;
        assert!(is_fresh(s(10), Some(5), 5, refresh));
        assert!(is_fresh(s(3000), Some(5), 5, refresh), "nothing happened");
        assert!(is_fresh(s(10), Some(5), 6, refresh), "moved, but recent");
        assert!(
            !is_fresh(s(700), Some(5), 6, refresh),
            "moved and old enough"
        );
        assert!(!is_fresh(s(700), None, 6, refresh), "unknown head");
        assert!(
            !is_fresh(MAX_AGE, Some(5), 5, refresh),
            "too old whatever happened"
        );
        assert!(
            !is_fresh(s(0), Some(5), 6, Duration::ZERO),
            "no refresh delay"
        );
    }
}
