//! The scorer: scores rule sets on one dataset and owns every cache that
//! makes the next run cheaper — event features, evaluated conditions, and
//! the last scores, re-staged when only thresholds moved.

use std::collections::VecDeque;
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::Column;

use super::EngineError;
use super::Matches;
use super::cache::{
    CONDITION_BUDGET_BYTES, ColumnCache, ConditionKey, EVENT_FEATURE_BUDGET_BYTES, EventFeature,
    WEIGHTED_BUDGET_BYTES, WeightedKey,
};
use super::dictionary::Dictionaries;
use super::events::{NeededEvent, aggregate_all, needed_events};
use super::plan::{Run, evaluate};
use super::scores::{Scores, restage};
use super::time::as_of_end_ms;
use crate::data::Dataset;
use crate::model::{CheckedRuleSet, RuleSet};

/// Scores of this many rule sets are kept, most recently used first: a
/// rule set that differs from one of them in its thresholds only is
/// re-staged instead of scored.
pub const RECENT_SCORES: usize = 4;

/// Scores rule sets on a dataset, remembering what later runs can reuse.
///
/// The caches belong to one dataset (by its revision): scoring another
/// dataset starts them afresh. Columns are evicted by size (see
/// [`super::cache`]); the scores of the last [`RECENT_SCORES`] rule sets are
/// kept.
#[derive(Debug)]
pub struct Scorer {
    data_revision: Option<u64>,
    run: u64,
    features: ColumnCache<EventFeature>,
    conditions: ColumnCache<ConditionKey, Matches>,
    weighted: ColumnCache<WeightedKey, Arc<[i64]>>,
    dictionaries: Dictionaries,
    recent: VecDeque<Recent>,
}

#[derive(Debug)]
struct Recent {
    rules: Arc<RuleSet>,
    as_of: NaiveDate,
    scores: Arc<Scores>,
}

impl Default for Scorer {
    fn default() -> Self {
        Scorer::new()
    }
}

impl Scorer {
    /// A scorer with empty caches.
    pub fn new() -> Self {
        Scorer {
            data_revision: None,
            run: 0,
            features: ColumnCache::new(EVENT_FEATURE_BUDGET_BYTES),
            conditions: ColumnCache::new(CONDITION_BUDGET_BYTES),
            weighted: ColumnCache::new(WEIGHTED_BUDGET_BYTES),
            dictionaries: Dictionaries::default(),
            recent: VecDeque::new(),
        }
    }

    /// Scores every contact of `data` with a checked rule set as of a date.
    ///
    /// A rule set checked against another schema is checked again; one with
    /// errors is refused with every error located.
    pub fn score(
        &mut self,
        data: &Dataset,
        rules: &CheckedRuleSet,
        as_of: NaiveDate,
    ) -> Result<Arc<Scores>, EngineError> {
        self.use_data(data);
        let rechecked;
        let rules = if rules.was_checked_against(&data.schema) {
            rules
        } else {
            rechecked = CheckedRuleSet::new(Arc::clone(rules.shared()), &data.schema);
            &rechecked
        };
        rules.scorable()?;
        self.run += 1;
        if let Some(scores) = self.restaged(rules.shared(), as_of) {
            return Ok(scores);
        }
        let trace = crate::trace::Trace::new();
        let features = self.event_features(data, rules.rules(), as_of)?;
        trace.mark("event features");
        let run = Run {
            number: self.run,
            features,
            conditions: &mut self.conditions,
            weighted: &mut self.weighted,
            dictionaries: &mut self.dictionaries,
        };
        let scores = Arc::new(evaluate(data, rules.rules(), as_of, run, &trace)?);
        self.remember(Arc::clone(rules.shared()), as_of, Arc::clone(&scores));
        self.features.evict(self.run);
        self.conditions.evict(self.run);
        self.weighted.evict(self.run);
        Ok(scores)
    }

    /// Takes event features computed elsewhere for `data` (batch scoring
    /// aggregates the events once for all slices of a file).
    pub fn preload_event_features(
        &mut self,
        data: &Dataset,
        features: impl IntoIterator<Item = (EventFeature, Column)>,
    ) {
        self.use_data(data);
        for (feature, column) in features {
            self.features.insert(feature, column, self.run);
        }
    }

    /// Bytes of columns held for later runs.
    pub fn cached_bytes(&self) -> usize {
        self.features.bytes()
            + self.conditions.bytes()
            + self.weighted.bytes()
            + self.dictionaries.bytes()
    }

    /// Forgets everything when `data` is not the dataset the caches hold.
    fn use_data(&mut self, data: &Dataset) {
        if self.data_revision != Some(data.revision) {
            self.features.clear();
            self.conditions.clear();
            self.weighted.clear();
            self.dictionaries.clear();
            self.recent.clear();
            self.data_revision = Some(data.revision);
        }
    }

    /// The scores of a recent rule set equal to `rules` but for its
    /// thresholds, re-staged for them.
    fn restaged(&mut self, rules: &Arc<RuleSet>, as_of: NaiveDate) -> Option<Arc<Scores>> {
        let index = self
            .recent
            .iter()
            .position(|r| r.as_of == as_of && r.rules.differs_only_in_thresholds(rules))?;
        let mut recent = self.recent.remove(index)?;
        if recent.rules.stages != rules.stages {
            // Copies the scores only while someone still holds the old ones.
            restage(Arc::make_mut(&mut recent.scores), &rules.stages);
            recent.rules = Arc::clone(rules);
        }
        let scores = Arc::clone(&recent.scores);
        self.recent.push_front(recent);
        Some(scores)
    }

    fn remember(&mut self, rules: Arc<RuleSet>, as_of: NaiveDate, scores: Arc<Scores>) {
        self.recent.push_front(Recent {
            rules,
            as_of,
            scores,
        });
        self.recent.truncate(RECENT_SCORES);
    }

    /// Every event feature `rules` needs, computing the missing ones.
    fn event_features(
        &mut self,
        data: &Dataset,
        rules: &RuleSet,
        as_of: NaiveDate,
    ) -> Result<Vec<(EventFeature, Column)>, EngineError> {
        let Some(events) = &data.events else {
            return Ok(Vec::new());
        };
        let end_ms = as_of_end_ms(as_of);
        let needed = needed_events(rules);
        // Every missing feature in one walk over the events.
        let missing: Vec<&NeededEvent> = needed
            .iter()
            .filter(|n| {
                !n.features(&rules.decay, end_ms)
                    .iter()
                    .all(|k| self.features.contains(k))
            })
            .collect();
        let computed = aggregate_all(events, &missing, &rules.decay, end_ms)?;
        for (n, columns) in missing.iter().zip(computed) {
            for (key, column) in n.features(&rules.decay, end_ms).into_iter().zip(columns) {
                self.features.insert(key, column, self.run);
            }
        }
        let mut out = Vec::new();
        for needed in &needed {
            let keys = needed.features(&rules.decay, end_ms);
            for key in keys {
                if let Some(column) = self.features.get(&key, self.run) {
                    out.push((key, column));
                }
            }
        }
        Ok(out)
    }
}
