//! Event conditions become per-contact features (counts, decayed weights)
//! aggregated from the events table with polars. The scorer caches them, so
//! an edit that does not touch an event condition re-uses them.

use std::collections::HashMap;

use polars::prelude::*;

use super::cache::EventFeature;
use super::conditions::{contains_any, is_one_of};
use super::time::{DAY_MS, decay_weight};
use crate::data::parallel::{ranges, run_all};
use crate::data::parse::normalize_text;
use crate::data::{Event, Events, NO_DETAIL};
use crate::model::{Condition, Decay, EventCondition, Flavor, RuleSet, TextOp, translate};

fn collect_events<'a>(condition: &'a Condition, out: &mut Vec<&'a EventCondition>) {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| collect_events(c, out)),
        Condition::Not(c) => collect_events(c, out),
        Condition::Event(e) => out.push(e),
        _ => {}
    }
}

fn detail_expr(op: &TextOp) -> Expr {
    let column = col("detail_lc");
    match op {
        TextOp::Equals(v) => column.eq(lit(normalize_text(v))),
        TextOp::OneOf(vs) => is_one_of(column, vs.iter().map(|v| normalize_text(v)).collect()),
        TextOp::Contains(v) => column.str().contains_literal(lit(normalize_text(v))),
        TextOp::ContainsAny(vs) => {
            contains_any(column, vs.iter().map(|v| normalize_text(v)).collect())
        }
        TextOp::StartsWith(v) => column.str().starts_with(lit(normalize_text(v))),
        TextOp::EndsWith(v) => column.str().ends_with(lit(normalize_text(v))),
        // Event details ignore case, as every other detail test does.
        TextOp::Matches(p) => match translate(p, true, Flavor::Rust) {
            Ok(ours) => col("detail").str().contains(lit(ours), true),
            // Validation refuses the pattern before the engine runs it.
            Err(_) => lit(false),
        },
    }
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
    /// order [`aggregate`] returns its columns (`n`, `w0`, `w1`, …).
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
    // Looked up by hash: a rule set can hold tens of thousands of them.
    let mut index: HashMap<&EventCondition, usize> = HashMap::new();
    let mut conditions = Vec::new();
    for c in rules.conditions() {
        collect_events(c, &mut conditions);
    }
    for e in conditions {
        if !index.contains_key(e) {
            index.insert(e, needed.len());
            needed.push(NeededEvent {
                event: e.clone(),
                weights: Vec::new(),
            });
        }
    }
    for (_, rule) in rules.rules() {
        if let Condition::Event(e) = &rule.condition
            && let Some(entry) = index.get(e).and_then(|&i| needed.get_mut(i))
            && !entry.weights.contains(&rule.per_event_max)
        {
            entry.weights.push(rule.per_event_max);
        }
    }
    needed
}

/// The features of several event conditions for every contact, each in
/// the order of [`NeededEvent::features`]; contacts without a matching
/// event get 0.
///
/// The type and detail tests are evaluated once per distinct value, into a
/// bitmask per code (one bit per condition); then each contact's events are
/// walked once, newest first, an event counting for the conditions whose
/// bits both its type and its detail have. Contacts are split between the
/// cores.
pub(crate) fn aggregate_all(
    events: &Events,
    needed: &[&NeededEvent],
    decay: &Decay,
    end_ms: i64,
) -> PolarsResult<Vec<Vec<Column>>> {
    let mut out = Vec::with_capacity(needed.len());
    for batch in needed.chunks(64) {
        out.extend(aggregate_batch(events, batch, decay, end_ms)?);
    }
    Ok(out)
}

fn aggregate_batch(
    events: &Events,
    needed: &[&NeededEvent],
    decay: &Decay,
    end_ms: i64,
) -> PolarsResult<Vec<Vec<Column>>> {
    let masks = Masks::new(events, needed)?;
    let walk = Walk {
        events,
        masks: &masks,
        windows: needed
            .iter()
            .map(|n| {
                n.event
                    .within_days
                    .map(|days| end_ms - (i64::from(days) + 1) * DAY_MS)
            })
            .collect(),
        end_ms,
        weights: needed.iter().map(|n| n.weights.as_slice()).collect(),
        decay,
    };
    let contacts = events.contacts();
    let walk = &walk;
    let jobs: Vec<_> = ranges(contacts)
        .into_iter()
        .map(|range| move || walk.rows(range))
        .collect();
    let parts: Vec<Vec<Features>> = run_all(jobs);
    let mut all: Vec<Features> = needed
        .iter()
        .map(|n| Features {
            counts: Vec::with_capacity(contacts),
            weights: vec![Vec::with_capacity(contacts); n.weights.len()],
        })
        .collect();
    for part in parts {
        for (whole, some) in all.iter_mut().zip(part) {
            whole.counts.extend(some.counts);
            for (w, s) in whole.weights.iter_mut().zip(some.weights) {
                w.extend(s);
            }
        }
    }
    Ok(all
        .into_iter()
        .map(|features| {
            let mut columns = vec![Column::new("n".into(), features.counts)];
            for (i, values) in features.weights.into_iter().enumerate() {
                columns.push(Column::new(format!("w{i}").into(), values));
            }
            columns
        })
        .collect())
}

/// Per type code and per detail code, the conditions (bits) that accept it.
struct Masks {
    kinds: Vec<u64>,
    details: Vec<u64>,
    /// The conditions that accept an event without a detail.
    no_detail: u64,
}

impl Masks {
    fn new(events: &Events, needed: &[&NeededEvent]) -> PolarsResult<Masks> {
        let mut masks = Masks {
            kinds: vec![0; events.kinds().len()],
            details: vec![0; events.details().len()],
            no_detail: 0,
        };
        for (bit, n) in needed.iter().enumerate() {
            let filter = DictionaryFilter::new(events, &n.event)?;
            for (mask, &ok) in masks.kinds.iter_mut().zip(&filter.kinds) {
                *mask |= u64::from(ok) << bit;
            }
            match &filter.details {
                None => {
                    masks.no_detail |= 1 << bit;
                    masks.details.iter_mut().for_each(|m| *m |= 1 << bit);
                }
                Some(details) => {
                    for (mask, &ok) in masks.details.iter_mut().zip(details) {
                        *mask |= u64::from(ok) << bit;
                    }
                }
            }
        }
        Ok(masks)
    }

    /// The conditions an event counts for, before its time is looked at.
    fn of(&self, event: &Event) -> u64 {
        let kind = self.kinds.get(event.kind as usize).copied().unwrap_or(0);
        let detail = match event.detail {
            NO_DETAIL => self.no_detail,
            code => self.details.get(code as usize).copied().unwrap_or(0),
        };
        kind & detail
    }
}

/// Which event types and details an event condition accepts, per code.
pub(crate) struct DictionaryFilter {
    kinds: Vec<bool>,
    /// `None` when the condition says nothing about the detail.
    details: Option<Vec<bool>>,
}

impl DictionaryFilter {
    /// Decides once for every type and detail of the events' dictionary.
    pub(crate) fn new(events: &Events, event: &EventCondition) -> PolarsResult<DictionaryFilter> {
        let wanted: Vec<String> = event
            .event_types
            .iter()
            .map(|t| normalize_text(t))
            .collect();
        let kinds = events
            .kinds()
            .iter()
            .map(|k| wanted.is_empty() || wanted.contains(k))
            .collect();
        let details = match &event.detail {
            None => None,
            Some(op) => Some(details_accepted(op, events.details())?),
        };
        Ok(DictionaryFilter { kinds, details })
    }

    /// Whether an event of this type and detail meets the condition (its
    /// time aside). Events without a detail never pass a detail test.
    pub(crate) fn passes(&self, event: &Event) -> bool {
        let kind_ok = self
            .kinds
            .get(event.kind as usize)
            .copied()
            .unwrap_or(false);
        kind_ok
            && match &self.details {
                None => true,
                Some(_) if event.detail == NO_DETAIL => false,
                Some(accepted) => accepted
                    .get(event.detail as usize)
                    .copied()
                    .unwrap_or(false),
            }
    }
}

/// Whether a detail test accepts each of `details` (trimmed, as written):
/// the same expression as on the events themselves, on the distinct
/// details only.
pub(crate) fn details_accepted(op: &TextOp, details: &[String]) -> PolarsResult<Vec<bool>> {
    let lower: Vec<String> = details.iter().map(|d| normalize_text(d)).collect();
    let frame = DataFrame::new(
        details.len(),
        vec![
            Column::new("detail".into(), details),
            Column::new("detail_lc".into(), lower),
        ],
    )?;
    let result = frame
        .lazy()
        .select([detail_expr(op).fill_null(lit(false)).alias("ok")])
        .collect()?;
    let ok = result.column("ok")?.bool()?;
    Ok(ok.iter().map(|v| v.unwrap_or(false)).collect())
}

/// The features of a range of contacts, for one condition.
struct Features {
    counts: Vec<u32>,
    weights: Vec<Vec<f64>>,
}

/// What one aggregation walks over.
struct Walk<'a> {
    events: &'a Events,
    masks: &'a Masks,
    /// Per condition, the start of its window (inclusive), when it has one.
    windows: Vec<Option<i64>>,
    /// Events count until this moment (exclusive).
    end_ms: i64,
    /// Per condition, its scoring modes.
    weights: Vec<&'a [Option<u32>]>,
    decay: &'a Decay,
}

impl Walk<'_> {
    fn rows(&self, rows: std::ops::Range<usize>) -> Vec<Features> {
        let n = rows.len();
        let mut out: Vec<Features> = self
            .weights
            .iter()
            .map(|w| Features {
                counts: Vec::with_capacity(n),
                weights: vec![Vec::with_capacity(n); w.len()],
            })
            .collect();
        // The ages of each condition's matching events, newest first.
        let mut ages: Vec<Vec<i64>> = vec![Vec::new(); self.weights.len()];
        for row in rows {
            ages.iter_mut().for_each(Vec::clear);
            for event in self.events.of_contact(row) {
                if event.ts >= self.end_ms {
                    continue;
                }
                let mut bits = self.masks.of(event);
                while bits != 0 {
                    let f = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if self
                        .windows
                        .get(f)
                        .copied()
                        .flatten()
                        .is_some_and(|from| event.ts < from)
                    {
                        continue;
                    }
                    if let Some(list) = ages.get_mut(f) {
                        list.push((self.end_ms - 1 - event.ts).div_euclid(DAY_MS));
                    }
                }
            }
            for ((features, list), modes) in out.iter_mut().zip(&ages).zip(&self.weights) {
                features.counts.push(list.len() as u32);
                for (column, per_event_max) in features.weights.iter_mut().zip(modes.iter()) {
                    column.push(self.weight(list, *per_event_max));
                }
            }
        }
        out
    }

    /// The weight of a contact's matching events (ages newest first):
    /// once, the weight of the newest; per event, the largest weights summed.
    fn weight(&self, ages: &[i64], per_event_max: Option<u32>) -> f64 {
        match per_event_max {
            None => ages
                .first()
                .map_or(0.0, |&age| decay_weight(self.decay, age)),
            Some(max) => {
                let mut weights: Vec<f64> = ages
                    .iter()
                    .map(|&age| decay_weight(self.decay, age))
                    .collect();
                weights.sort_by(|a, b| b.total_cmp(a));
                weights.iter().take(max as usize).sum()
            }
        }
    }
}
