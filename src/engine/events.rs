//! Event conditions become per-contact features (counts, decayed weights)
//! aggregated from the events table with polars, and cached: an edit that
//! does not touch an event condition re-uses them.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use polars::prelude::*;

use super::compile::{decay_expr, event_age_days};
use super::{DAY_MS, EngineError};
use crate::data::Dataset;
use crate::data::parse::normalize_text;
use crate::model::{Condition, Decay, EventCondition, RuleSet, TextOp};

/// Event features already computed for one dataset.
#[derive(Debug, Default, Clone)]
pub struct EventFeatureCache {
    data_key: Option<u64>,
    columns: HashMap<String, Column>,
    /// Evaluated conditions by key, with the run that last used them.
    conditions: HashMap<String, (Column, u64)>,
    run: u64,
}

/// Runs after which an unused condition is dropped from the cache (the app
/// alternates between the working rule set and the baseline).
const CONDITION_LIFETIME_RUNS: u64 = 4;

fn key_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn count_key(event: &EventCondition, end_ms: i64) -> String {
    format!("{event:?}|{end_ms}")
}

fn weight_key(
    event: &EventCondition,
    per_event_max: Option<u32>,
    decay: &Decay,
    end_ms: i64,
) -> String {
    format!("{event:?}|{end_ms}|{per_event_max:?}|{decay:?}")
}

/// Name of the column counting a contact's events that match `event`.
pub(crate) fn count_column(event: &EventCondition, end_ms: i64) -> String {
    format!("\u{1}ev{:016x}n", key_hash(&count_key(event, end_ms)))
}

/// Name of the column with the decayed weight of a rule's events.
pub(crate) fn weight_column(
    event: &EventCondition,
    per_event_max: Option<u32>,
    decay: &Decay,
    end_ms: i64,
) -> String {
    format!(
        "\u{1}ev{:016x}w",
        key_hash(&weight_key(event, per_event_max, decay, end_ms))
    )
}

fn collect_events<'a>(condition: &'a Condition, out: &mut Vec<&'a EventCondition>) {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| collect_events(c, out)),
        Condition::Not(c) => collect_events(c, out),
        Condition::Event(e) => out.push(e),
        _ => {}
    }
}

impl EventFeatureCache {
    /// Drops everything (after new data is loaded).
    pub fn clear(&mut self) {
        self.columns.clear();
        self.conditions.clear();
        self.data_key = None;
    }

    /// Forgets everything when `data` is not the dataset the cache was filled from.
    pub(super) fn check_data(&mut self, data: &Dataset) {
        if self.data_key != Some(data.revision) {
            self.clear();
            self.data_key = Some(data.revision);
        }
    }

    /// Starts a scoring run; drops conditions unused for a while.
    pub(super) fn begin_run(&mut self) {
        self.run += 1;
        let run = self.run;
        self.conditions
            .retain(|_, (_, used)| run - *used <= CONDITION_LIFETIME_RUNS);
    }

    /// A condition evaluated earlier, marked as used by this run.
    pub(super) fn condition(&mut self, key: &str) -> Option<Column> {
        let run = self.run;
        self.conditions.get_mut(key).map(|(column, used)| {
            *used = run;
            column.clone()
        })
    }

    /// Takes event features computed elsewhere (batch scoring aggregates the
    /// events once for all slices), for `data`.
    pub fn preload(&mut self, data: &Dataset, columns: Vec<Column>) {
        self.check_data(data);
        for column in columns {
            self.columns.insert(column.name().to_string(), column);
        }
    }

    /// Remembers an evaluated condition.
    pub(super) fn store_condition(&mut self, key: String, column: Column) {
        self.conditions.insert(key, (column, self.run));
    }

    /// The feature columns `rules` needs, computing the missing ones.
    pub(super) fn features_for(
        &mut self,
        data: &Dataset,
        rules: &RuleSet,
        end_ms: i64,
    ) -> Result<Vec<Column>, EngineError> {
        let Some(events) = &data.events else {
            return Ok(Vec::new());
        };
        let mut needed: Vec<(String, &EventCondition, Vec<Option<u32>>)> = Vec::new();
        let mut conditions = Vec::new();
        for c in rules.conditions() {
            collect_events(c, &mut conditions);
        }
        for e in conditions {
            let name = count_column(e, end_ms);
            if !needed.iter().any(|(n, _, _)| *n == name) {
                needed.push((name, e, Vec::new()));
            }
        }
        for (_, rule) in rules.rules() {
            if let Condition::Event(e) = &rule.condition {
                let name = count_column(e, end_ms);
                if let Some(entry) = needed.iter_mut().find(|(n, _, _)| *n == name)
                    && !entry.2.contains(&rule.per_event_max)
                {
                    entry.2.push(rule.per_event_max);
                }
            }
        }
        let mut out = Vec::new();
        for (name, event, weights) in needed {
            let missing = !self.columns.contains_key(&name)
                || weights.iter().any(|w| {
                    !self
                        .columns
                        .contains_key(&weight_column(event, *w, &rules.decay, end_ms))
                });
            if missing {
                let computed = aggregate(
                    &events.frame,
                    data.len(),
                    event,
                    &weights,
                    &rules.decay,
                    end_ms,
                )?;
                self.columns.insert(name.clone(), computed.count);
                for (w, column) in weights.iter().zip(computed.weights) {
                    self.columns
                        .insert(weight_column(event, *w, &rules.decay, end_ms), column);
                }
            }
            if let Some(c) = self.columns.get(&name) {
                out.push(c.clone());
            }
            for w in &weights {
                if let Some(c) = self
                    .columns
                    .get(&weight_column(event, *w, &rules.decay, end_ms))
                {
                    out.push(c.clone());
                }
            }
        }
        Ok(out)
    }
}

struct Aggregated {
    count: Column,
    weights: Vec<Column>,
}

/// The filter of events that count for `event`, before `end_ms`.
pub fn event_filter(event: &EventCondition, end_ms: i64) -> Expr {
    let mut filter = col("ts").lt(lit(end_ms));
    if let Some(days) = event.within_days {
        filter = filter.and(col("ts").gt_eq(lit(end_ms - (i64::from(days) + 1) * DAY_MS)));
    }
    if !event.event_types.is_empty() {
        let mut any = lit(false);
        for t in &event.event_types {
            any = any.or(col("type").eq(lit(normalize_text(t))));
        }
        filter = filter.and(any);
    }
    if let Some(detail) = &event.detail {
        filter = filter.and(detail_expr(detail).fill_null(lit(false)));
    }
    filter
}

fn detail_expr(op: &TextOp) -> Expr {
    let column = col("detail_lc");
    match op {
        TextOp::Equals(v) => column.eq(lit(normalize_text(v))),
        TextOp::OneOf(vs) => {
            let mut any = lit(false);
            for v in vs {
                any = any.or(column.clone().eq(lit(normalize_text(v))));
            }
            any
        }
        TextOp::Contains(v) => column.str().contains_literal(lit(normalize_text(v))),
        TextOp::ContainsAny(vs) => {
            let mut any = lit(false);
            for v in vs {
                any = any.or(column
                    .clone()
                    .str()
                    .contains_literal(lit(normalize_text(v))));
            }
            any
        }
        TextOp::StartsWith(v) => column.str().starts_with(lit(normalize_text(v))),
        TextOp::EndsWith(v) => column.str().ends_with(lit(normalize_text(v))),
        TextOp::Matches(p) => col("detail").str().contains(lit(format!("(?i){p}")), true),
    }
}

/// The aggregation of one event condition, grouped by `key`: columns `key`,
/// `n` (matching events) and `w0`, `w1`, … (one weight per scoring mode).
pub(crate) fn aggregate_lazy(
    events: LazyFrame,
    key: &str,
    event: &EventCondition,
    weights: &[Option<u32>],
    decay: &Decay,
    end_ms: i64,
) -> LazyFrame {
    let age = event_age_days(col("ts"), end_ms);
    let mut aggs = vec![len().cast(DataType::UInt32).alias("n")];
    for (i, per_event_max) in weights.iter().enumerate() {
        let name = format!("w{i}");
        let agg = match per_event_max {
            // Scored once: the weight of the most recent matching event.
            None => decay_expr(decay, col("age").min()),
            // Scored per event: the weights of the most recent events, summed.
            Some(max) => col("w")
                .sort(SortOptions::default().with_order_descending(true))
                .head(Some(*max as usize))
                .sum(),
        };
        aggs.push(agg.cast(DataType::Float64).alias(name.as_str()));
    }
    events
        .filter(event_filter(event, end_ms))
        .with_column(age.alias("age"))
        .with_column(decay_expr(decay, col("age")).alias("w"))
        .group_by([col(key)])
        .agg(aggs)
}

/// The event conditions a rule set needs, each with the scoring modes of
/// the rules that score it directly.
pub(crate) fn needed_features(rules: &RuleSet) -> Vec<(EventCondition, Vec<Option<u32>>)> {
    let mut needed: Vec<(EventCondition, Vec<Option<u32>>)> = Vec::new();
    let mut conditions = Vec::new();
    for c in rules.conditions() {
        collect_events(c, &mut conditions);
    }
    for e in conditions {
        if !needed.iter().any(|(n, _)| n == e) {
            needed.push((e.clone(), Vec::new()));
        }
    }
    for (_, rule) in rules.rules() {
        if let Condition::Event(e) = &rule.condition
            && let Some(entry) = needed.iter_mut().find(|(n, _)| n == e)
            && !entry.1.contains(&rule.per_event_max)
        {
            entry.1.push(rule.per_event_max);
        }
    }
    needed
}

fn aggregate(
    events: &DataFrame,
    contacts: usize,
    event: &EventCondition,
    weights: &[Option<u32>],
    decay: &Decay,
    end_ms: i64,
) -> Result<Aggregated, EngineError> {
    let grouped =
        aggregate_lazy(events.clone().lazy(), "row", event, weights, decay, end_ms).collect()?;
    let rows = grouped.column("row")?.u32()?.clone();
    let counts_in = grouped.column("n")?.u32()?.clone();
    let mut counts = vec![0u32; contacts];
    for (row, n) in rows.iter().zip(counts_in.iter()) {
        if let (Some(row), Some(n)) = (row, n)
            && let Some(slot) = counts.get_mut(row as usize)
        {
            *slot = n;
        }
    }
    let mut weight_columns = Vec::new();
    for i in 0..weights.len() {
        let values = grouped.column(&format!("w{i}"))?.f64()?.clone();
        let mut out = vec![0.0f64; contacts];
        for (row, w) in rows.iter().zip(values.iter()) {
            if let (Some(row), Some(w)) = (row, w)
                && let Some(slot) = out.get_mut(row as usize)
            {
                *slot = w;
            }
        }
        weight_columns.push(Column::new(
            weight_column(event, weights.get(i).copied().flatten(), decay, end_ms).into(),
            out,
        ));
    }
    Ok(Aggregated {
        count: Column::new(count_column(event, end_ms).into(), counts),
        weights: weight_columns,
    })
}
