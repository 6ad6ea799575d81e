//! What was read from rows that never change once written — a poll's options — kept for the
//! life of the process, per database.
//!
//! Why: the vote path reads the options to check a ballot, on every vote (one round trip of
//! about fifteen on PostgreSQL). Only rows that are inserted once and never updated belong
//! here: then the memo cannot be stale, whichever app server wrote them. Ids are never reused
//! (`{id}` is AUTOINCREMENT on SQLite, a sequence on PostgreSQL), so a deleted record's entry
//! is merely unused.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Beyond this many entries, all are forgotten (a bound on memory, not an eviction policy).
const MAX_ENTRIES: usize = 10_000;

type Entry = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
pub struct Memo {
    entries: Mutex<HashMap<(&'static str, i64), Entry>>,
}

impl Memo {
    /// The value kept for record `id` of `kind`, if any.
    pub fn get<T: Any + Send + Sync>(&self, kind: &'static str, id: i64) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(&(kind, id)).cloned()?.downcast().ok()
    }

    /// Keeps `value` for record `id` of `kind`.
    pub fn put<T: Any + Send + Sync>(&self, kind: &'static str, id: i64, value: Arc<T>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert((kind, id), value);
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        write!(f, "Memo({} entries)", entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_kept_by_kind_and_id_and_typed() {
        let memo = Memo::default();
        memo.put("poll_options", 1, Arc::new(vec![1_i64, 2]));
        assert_eq!(
            memo.get::<Vec<i64>>("poll_options", 1).as_deref(),
            Some(&vec![1, 2])
        );
        assert!(memo.get::<Vec<i64>>("poll_options", 2).is_none());
        assert!(memo.get::<Vec<i64>>("other", 1).is_none());
        assert!(
            memo.get::<String>("poll_options", 1).is_none(),
            "another type: none"
        );
    }
}
