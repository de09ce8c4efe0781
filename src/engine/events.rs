//! Event conditions become per-contact features (counts, decayed weights)
//! aggregated from the events table with polars. The scorer caches them, so
//! an edit that does not touch an event condition re-uses them.

use polars::prelude::*;

use super::cache::EventFeature;
use super::time::{DAY_MS, decay_expr, event_age_days};
use crate::data::parse::normalize_text;
use crate::model::{Condition, Decay, EventCondition, RuleSet, TextOp};

fn collect_events<'a>(condition: &'a Condition, out: &mut Vec<&'a EventCondition>) {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| collect_events(c, out)),
        Condition::Not(c) => collect_events(c, out),
        Condition::Event(e) => out.push(e),
        _ => {}
    }
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

/// One event condition a rule set needs, with the scoring modes of the
/// rules that score it directly (`None`: once; `Some(n)`: per event, up to n).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NeededEvent {
    /// The condition.
    pub event: EventCondition,
    /// The scoring modes, without repeats.
    pub weights: Vec<Option<u32>>,
}

impl NeededEvent {
    /// The feature counting the matching events.
    pub fn count_feature(&self, end_ms: i64) -> EventFeature {
        EventFeature::Count {
            event: self.event.clone(),
            end_ms,
        }
    }

    /// The weight feature of one scoring mode.
    pub fn weight_feature(
        &self,
        per_event_max: Option<u32>,
        decay: &Decay,
        end_ms: i64,
    ) -> EventFeature {
        EventFeature::Weight {
            event: self.event.clone(),
            end_ms,
            per_event_max,
            decay: decay.clone(),
        }
    }

    /// The count feature, then one weight feature per scoring mode, in the
    /// order [`aggregate_lazy`] names its columns (`n`, `w0`, `w1`, …).
    pub fn features(&self, decay: &Decay, end_ms: i64) -> Vec<EventFeature> {
        std::iter::once(self.count_feature(end_ms))
            .chain(
                self.weights
                    .iter()
                    .map(|w| self.weight_feature(*w, decay, end_ms)),
            )
            .collect()
    }
}

/// The event conditions a rule set needs, in rule-set order.
pub(crate) fn needed_events(rules: &RuleSet) -> Vec<NeededEvent> {
    let mut needed: Vec<NeededEvent> = Vec::new();
    let mut conditions = Vec::new();
    for c in rules.conditions() {
        collect_events(c, &mut conditions);
    }
    for e in conditions {
        if !needed.iter().any(|n| n.event == *e) {
            needed.push(NeededEvent {
                event: e.clone(),
                weights: Vec::new(),
            });
        }
    }
    for (_, rule) in rules.rules() {
        if let Condition::Event(e) = &rule.condition
            && let Some(entry) = needed.iter_mut().find(|n| n.event == *e)
            && !entry.weights.contains(&rule.per_event_max)
        {
            entry.weights.push(rule.per_event_max);
        }
    }
    needed
}

/// The features of one event condition for every contact of a dataset of
/// `contacts` rows, in the order of [`NeededEvent::features`]; contacts
/// without a matching event get 0.
pub(crate) fn aggregate(
    events: &DataFrame,
    contacts: usize,
    needed: &NeededEvent,
    decay: &Decay,
    end_ms: i64,
) -> PolarsResult<Vec<Column>> {
    let grouped = aggregate_lazy(
        events.clone().lazy(),
        "row",
        &needed.event,
        &needed.weights,
        decay,
        end_ms,
    )
    .collect()?;
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
    let mut columns = vec![Column::new("n".into(), counts)];
    for i in 0..needed.weights.len() {
        let name = format!("w{i}");
        let values = grouped.column(&name)?.f64()?.clone();
        let mut out = vec![0.0f64; contacts];
        for (row, w) in rows.iter().zip(values.iter()) {
            if let (Some(row), Some(w)) = (row, w)
                && let Some(slot) = out.get_mut(row as usize)
            {
                *slot = w;
            }
        }
        columns.push(Column::new(name.into(), out));
    }
    Ok(columns)
}
