//! Event conditions become per-contact features (counts, decayed weights)
//! aggregated from the events table with polars. The scorer caches them, so
//! an edit that does not touch an event condition re-uses them.

use polars::prelude::*;

use super::cache::EventFeature;
use super::time::{DAY_MS, decay_weight};
use crate::data::parse::normalize_text;
use crate::data::{Event, Events};
use crate::model::{Condition, Decay, EventCondition, RuleSet, TextOp};

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

/// The features of one event condition for every contact, in the order of
/// [`NeededEvent::features`]; contacts without a matching event get 0.
///
/// The type and detail tests are evaluated once per distinct value; then
/// each contact's events are walked newest first, stopping at the start of
/// the condition's window. Contacts are split between the cores.
pub(crate) fn aggregate(
    events: &Events,
    needed: &NeededEvent,
    decay: &Decay,
    end_ms: i64,
) -> PolarsResult<Vec<Column>> {
    let filter = DictionaryFilter::new(events, &needed.event)?;
    let from_ms = needed
        .event
        .within_days
        .map(|days| end_ms - (i64::from(days) + 1) * DAY_MS);
    let walk = Walk {
        events,
        filter: &filter,
        window: (from_ms, end_ms),
        weights: &needed.weights,
        decay,
    };
    let contacts = events.contacts();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = contacts.div_ceil(threads.max(1)).max(1);
    let parts: Vec<Features> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..contacts)
            .step_by(per_thread)
            .map(|start| {
                let walk = &walk;
                scope.spawn(move || walk.rows(start..(start + per_thread).min(contacts)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut counts = Vec::with_capacity(contacts);
    let mut weights = vec![Vec::with_capacity(contacts); needed.weights.len()];
    for part in parts {
        counts.extend(part.counts);
        for (all, some) in weights.iter_mut().zip(part.weights) {
            all.extend(some);
        }
    }
    let mut columns = vec![Column::new("n".into(), counts)];
    for (i, values) in weights.into_iter().enumerate() {
        columns.push(Column::new(format!("w{i}").into(), values));
    }
    Ok(columns)
}

/// Which event types and details an event condition accepts, per code.
struct DictionaryFilter {
    kinds: Vec<bool>,
    /// `None` when the condition says nothing about the detail.
    details: Option<Vec<bool>>,
}

impl DictionaryFilter {
    fn new(events: &Events, event: &EventCondition) -> PolarsResult<DictionaryFilter> {
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
            Some(op) => {
                // The same expression as on the events themselves, on the
                // distinct details only.
                let values = events.details();
                let lower: Vec<String> = values.iter().map(|d| normalize_text(d)).collect();
                let frame = DataFrame::new(
                    values.len(),
                    vec![
                        Column::new("detail".into(), values),
                        Column::new("detail_lc".into(), lower),
                    ],
                )?;
                let result = frame
                    .lazy()
                    .select([detail_expr(op).fill_null(lit(false)).alias("ok")])
                    .collect()?;
                let ok = result.column("ok")?.bool()?;
                Some(ok.iter().map(|v| v.unwrap_or(false)).collect())
            }
        };
        Ok(DictionaryFilter { kinds, details })
    }

    fn accepts(&self, event: &Event) -> bool {
        let kind = self
            .kinds
            .get(event.kind as usize)
            .copied()
            .unwrap_or(false);
        kind && match &self.details {
            None => true,
            Some(details) => details.get(event.detail as usize).copied().unwrap_or(false),
        }
    }
}

/// The features of a range of contacts.
struct Features {
    counts: Vec<u32>,
    weights: Vec<Vec<f64>>,
}

/// What one aggregation walks over.
struct Walk<'a> {
    events: &'a Events,
    filter: &'a DictionaryFilter,
    /// Events count from the first (inclusive, when set) to the second moment.
    window: (Option<i64>, i64),
    weights: &'a [Option<u32>],
    decay: &'a Decay,
}

impl Walk<'_> {
    fn rows(&self, rows: std::ops::Range<usize>) -> Features {
        let n = rows.len();
        let mut counts = Vec::with_capacity(n);
        let mut weights = vec![Vec::with_capacity(n); self.weights.len()];
        let mut ages = Vec::new();
        let (from_ms, end_ms) = self.window;
        for row in rows {
            ages.clear();
            for event in self.events.of_contact(row) {
                if event.ts >= end_ms {
                    continue;
                }
                if from_ms.is_some_and(|from| event.ts < from) {
                    // Newest first: every later event is older still.
                    break;
                }
                if self.filter.accepts(event) {
                    ages.push((end_ms - 1 - event.ts).div_euclid(DAY_MS));
                }
            }
            counts.push(ages.len() as u32);
            for (out, per_event_max) in weights.iter_mut().zip(self.weights) {
                out.push(self.weight(&ages, *per_event_max));
            }
        }
        Features { counts, weights }
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
