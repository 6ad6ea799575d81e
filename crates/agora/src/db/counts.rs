//! Recent answers to expensive counts, kept for a moment.
//!
//! Why: the number of proposals in a list ("30,000 proposals", and so the number of pages)
//! means reading 30,000 index entries — on SQLite more than everything else the page does
//! together (docs/PERFORMANCE.md, Madrid scale). The number is the same for every visitor for
//! a while, so it is counted once per `ttl` per list and process. The rows of the page are
//! never cached, only the count: it is exact within the process (writers that change it call
//! [`Counts::forget`]) and at most `ttl` old for changes made through another app server. The
//! time is the anonymous page cache's (`AGORA_PAGE_CACHE_MS`): 0 (tests) counts every time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Beyond this many remembered counts, all are forgotten (filters combine freely in URLs).
const MAX_ENTRIES: usize = 4_096;

#[derive(Debug, Default)]
pub struct Counts {
    ttl_ms: AtomicU64,
    entries: Mutex<HashMap<String, (Instant, i64)>>,
}

impl Counts {
    /// How long a count is kept (0: not at all).
    pub fn set_ttl(&self, ttl: Duration) {
        self.ttl_ms.store(
            u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    /// The count remembered under `key`, if recent enough.
    pub fn get(&self, key: &str) -> Option<i64> {
        let ttl = Duration::from_millis(self.ttl_ms.load(Ordering::Relaxed));
        if ttl.is_zero() {
            return None;
        }
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < ttl)
            .map(|(_, count)| *count)
    }

    /// Remembers `count` under `key`.
    pub fn put(&self, key: String, count: i64) {
        if self.ttl_ms.load(Ordering::Relaxed) == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), count));
    }

    /// Forgets every count whose key starts with `prefix` (a write changed them).
    pub fn forget(&self, prefix: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|key, _| !key.starts_with(prefix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_kept_for_the_ttl_and_forgotten_on_demand() {
        let counts = Counts::default();
        counts.put("a:1:x".into(), 5);
        assert_eq!(counts.get("a:1:x"), None, "no TTL: nothing is kept");
        counts.set_ttl(Duration::from_secs(60));
        counts.put("a:1:x".into(), 5);
        counts.put("a:2:x".into(), 7);
        assert_eq!(counts.get("a:1:x"), Some(5));
        counts.forget("a:1:");
        assert_eq!(counts.get("a:1:x"), None);
        assert_eq!(counts.get("a:2:x"), Some(7));
        counts.set_ttl(Duration::from_millis(1));
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(counts.get("a:2:x"), None, "too old");
    }
}
