//! What the scorer remembers between runs, keyed by plain hashable values.
//!
//! Eviction is by size, not by how a caller happens to use the scorer:
//! each cache keeps its least recently used columns out once it holds more
//! than its budget of bytes, and never drops a column the current run uses.

use std::collections::HashMap;
use std::hash::Hash;

use std::sync::Arc;

use polars::prelude::Column;

use super::Matches;
use crate::model::{Condition, Decay, EventCondition};

/// Something a cache holds, with its size.
pub trait Held: Clone {
    /// Bytes it holds.
    fn bytes(&self) -> usize;
}

impl Held for Column {
    fn bytes(&self) -> usize {
        self.as_materialized_series().estimated_size()
    }
}

impl Held for Matches {
    fn bytes(&self) -> usize {
        Matches::bytes(self)
    }
}

impl Held for Arc<[i64]> {
    fn bytes(&self) -> usize {
        self.len() * 8
    }
}

/// The points an event rule gave each contact: its weight feature (which
/// says which condition and scoring mode) and its points.
pub type WeightedKey = (EventFeature, i64);

/// Bytes of evaluated conditions kept between runs (a condition over one
/// million contacts is a bitmap of about 125 kB: some 1,000 conditions).
pub const CONDITION_BUDGET_BYTES: usize = 128 << 20;

/// Bytes of event rules' points kept between runs (8 MB per rule over one
/// million contacts).
pub const WEIGHTED_BUDGET_BYTES: usize = 160 << 20;

/// Bytes of event features kept between runs (a feature over one million
/// contacts is 4–8 MB: some 40 features).
pub const EVENT_FEATURE_BUDGET_BYTES: usize = 320 << 20;

/// A per-contact number aggregated from the events table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventFeature {
    /// How many of the contact's events match, before the as-of moment.
    Count {
        /// The event condition.
        event: EventCondition,
        /// The as-of moment (end of the as-of day, in milliseconds).
        end_ms: i64,
    },
    /// The decayed weight of the matching events of a rule scored once
    /// (`per_event_max: None`) or per event.
    Weight {
        /// The event condition.
        event: EventCondition,
        /// The as-of moment (end of the as-of day, in milliseconds).
        end_ms: i64,
        /// The rule's maximum count of scored events.
        per_event_max: Option<u32>,
        /// The rule set's decay.
        decay: Decay,
    },
}

/// A condition evaluated for every contact: everything its result depends
/// on apart from the data itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConditionKey {
    /// The condition.
    pub condition: Condition,
    /// The as-of moment (dates and events are relative to it).
    pub end_ms: i64,
    /// The rule set's free-mail list, when the condition reads it.
    pub free_mail_domains: Vec<String>,
}

/// Columns (or other values) by key, bounded by a budget of bytes, least
/// recently used out first.
#[derive(Debug)]
pub struct ColumnCache<K, V = Column> {
    entries: HashMap<K, Entry<V>>,
    bytes: usize,
    budget_bytes: usize,
}

#[derive(Debug)]
struct Entry<V> {
    column: V,
    bytes: usize,
    last_used_run: u64,
}

impl<K: Hash + Eq + Clone, V: Held> ColumnCache<K, V> {
    /// An empty cache holding at most about `budget_bytes` between runs.
    pub fn new(budget_bytes: usize) -> Self {
        ColumnCache {
            entries: HashMap::new(),
            bytes: 0,
            budget_bytes,
        }
    }

    /// The column of `key`, marked as used by `run`.
    pub fn get(&mut self, key: &K, run: u64) -> Option<V> {
        let entry = self.entries.get_mut(key)?;
        entry.last_used_run = run;
        Some(entry.column.clone())
    }

    /// Whether `key` is cached.
    pub fn contains(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    /// Remembers a column computed by `run`.
    pub fn insert(&mut self, key: K, column: V, run: u64) {
        let bytes = column.bytes();
        self.bytes += bytes;
        let old = self.entries.insert(
            key,
            Entry {
                column,
                bytes,
                last_used_run: run,
            },
        );
        if let Some(old) = old {
            self.bytes -= old.bytes;
        }
    }

    /// Drops the least recently used columns until the cache fits its
    /// budget; columns used by `current_run` stay.
    pub fn evict(&mut self, current_run: u64) {
        if self.bytes <= self.budget_bytes {
            return;
        }
        let mut by_age: Vec<(u64, K)> = self
            .entries
            .iter()
            .filter(|(_, e)| e.last_used_run < current_run)
            .map(|(k, e)| (e.last_used_run, k.clone()))
            .collect();
        by_age.sort_by_key(|(run, _)| *run);
        for (_, key) in by_age {
            if self.bytes <= self.budget_bytes {
                break;
            }
            if let Some(entry) = self.entries.remove(&key) {
                self.bytes -= entry.bytes;
            }
        }
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(rows: usize) -> Column {
        Column::new("x".into(), vec![1.0f64; rows])
    }

    #[test]
    fn least_recently_used_goes_first_and_the_current_run_stays() {
        let size = column(1000).bytes();
        let mut cache = ColumnCache::new(2 * size);
        cache.insert("a", column(1000), 1);
        cache.insert("b", column(1000), 2);
        cache.insert("c", column(1000), 3);
        assert!(cache.get(&"a", 3).is_some(), "a is used again by run 3");
        cache.evict(3);
        assert!(cache.contains(&"a"));
        assert!(!cache.contains(&"b"), "b was used longest ago");
        assert!(cache.contains(&"c"));
        assert_eq!(cache.bytes(), 2 * size);
        // Everything used by the current run stays, even over the budget.
        cache.insert("d", column(1000), 3);
        cache.evict(3);
        assert_eq!(cache.entries.len(), 3);
    }
}
