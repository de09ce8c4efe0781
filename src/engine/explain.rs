//! One contact's event rule explained event by event, for the contact
//! inspector: which of its events met the rule's condition, how old each
//! was at the as-of date, what decay left of it, and which ones the points
//! came from. The arithmetic is the engine's own (see `events::Walk`), so
//! the explanation's total is the engine's points for that contact.

use chrono::NaiveDate;
use polars::prelude::PolarsResult;

use super::events::details_accepted;
use super::time::{DAY_MS, as_of_end_ms, decay_weight};
use crate::data::parse::{date_of_ms, normalize_text};
use crate::data::{Event, Events};
use crate::model::{Condition, Decay, EventCondition, Rule};

/// One of a contact's events that met an event condition.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedEvent {
    /// When it happened, in milliseconds since 1970.
    pub timestamp_ms: i64,
    /// The calendar day it happened on (UTC), when the timestamp is one.
    pub date: Option<NaiveDate>,
    /// Its type, trimmed and in lower case.
    pub kind: String,
    /// Its detail (URL, form name, campaign), when it has one.
    pub detail: Option<String>,
    /// Whole days before the as-of moment (0 = the as-of day).
    pub age_days: i64,
    /// What the rule set's decay leaves of an event this old, in `[0, 1]`.
    pub decay_factor: f64,
    /// Whether the rule's points came from this event: scored once, only
    /// the newest event counts; per event, the most valuable up to the cap.
    pub counted: bool,
    /// The rule's points times the decay factor for a counted event
    /// (before the total is rounded), 0 otherwise.
    pub points: f64,
}

/// Why a contact got the points of an event rule.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRuleExplanation {
    /// Every event of the contact that meets the condition (type, detail,
    /// window, before the as-of moment), newest first.
    pub events: Vec<ExplainedEvent>,
    /// How many such events the condition needs.
    pub at_least: u32,
    /// Whether the contact has enough of them.
    pub matched: bool,
    /// Points per event up to this many events, or `None` for once.
    pub per_event_max: Option<u32>,
    /// The rule's points after decay, rounded half up as the engine does:
    /// what the contact got from this rule.
    pub points: i64,
}

impl EventRuleExplanation {
    /// The unrounded points of the counted events, summed.
    pub fn counted_points(&self) -> f64 {
        self.events
            .iter()
            .filter(|e| e.counted)
            .map(|e| e.points)
            .sum()
    }
}

/// Explains what an event rule gave contact `row` as of a date; `None`
/// when the rule's condition is not an event condition (rules that combine
/// an event condition with others score their points whole).
pub fn explain_event_rule(
    events: &Events,
    row: usize,
    rule: &Rule,
    decay: &Decay,
    as_of: NaiveDate,
) -> PolarsResult<Option<EventRuleExplanation>> {
    let Condition::Event(condition) = &rule.condition else {
        return Ok(None);
    };
    let end_ms = as_of_end_ms(as_of);
    let mut explained: Vec<ExplainedEvent> = matching_events(events, row, condition, end_ms)?
        .into_iter()
        .map(|event| explain_event(events, event, decay, end_ms))
        .collect();
    let matched = explained.len() >= condition.at_least as usize;
    let weight_sum = mark_counted(&mut explained, rule.per_event_max, rule.points);
    let points = if matched {
        // As the engine rounds: the rule's points times the summed weight.
        (rule.points as f64 * weight_sum + 0.5).floor() as i64
    } else {
        0
    };
    Ok(Some(EventRuleExplanation {
        events: explained,
        at_least: condition.at_least,
        matched,
        per_event_max: rule.per_event_max,
        points,
    }))
}

/// The contact's events that meet a condition before `end_ms`, newest first.
pub(crate) fn matching_events<'a>(
    events: &'a Events,
    row: usize,
    condition: &EventCondition,
    end_ms: i64,
) -> PolarsResult<Vec<&'a Event>> {
    let window_start_ms = condition
        .within_days
        .map(|days| end_ms - (i64::from(days) + 1) * DAY_MS);
    let wanted_kinds: Vec<String> = condition
        .event_types
        .iter()
        .map(|t| normalize_text(t))
        .collect();
    let in_time_and_kind: Vec<&Event> = events
        .of_contact(row)
        .iter()
        .filter(|e| e.ts < end_ms && window_start_ms.is_none_or(|start| e.ts >= start))
        .filter(|e| wanted_kinds.is_empty() || wanted_kinds.iter().any(|k| k == events.kind_of(e)))
        .collect();
    let Some(detail_test) = &condition.detail else {
        return Ok(in_time_and_kind);
    };
    // Events without a detail never pass a detail test.
    let with_detail: Vec<(&Event, String)> = in_time_and_kind
        .into_iter()
        .filter_map(|e| events.detail_of(e).map(|d| (e, d.to_owned())))
        .collect();
    let details: Vec<String> = with_detail.iter().map(|(_, d)| d.clone()).collect();
    let accepted = details_accepted(detail_test, &details)?;
    Ok(with_detail
        .into_iter()
        .zip(accepted)
        .filter_map(|((event, _), ok)| ok.then_some(event))
        .collect())
}

fn explain_event(events: &Events, event: &Event, decay: &Decay, end_ms: i64) -> ExplainedEvent {
    let age_days = (end_ms - 1 - event.ts).div_euclid(DAY_MS);
    ExplainedEvent {
        timestamp_ms: event.ts,
        date: date_of_ms(event.ts),
        kind: events.kind_of(event).to_owned(),
        detail: events.detail_of(event).map(str::to_owned),
        age_days,
        decay_factor: decay_weight(decay, age_days),
        counted: false,
        points: 0.0,
    }
}

/// Marks the events the points come from and returns their summed weight,
/// in the engine's order: scored once, the newest event; per event, the
/// largest weights first (the newest first among equals), up to the cap.
fn mark_counted(events: &mut [ExplainedEvent], per_event_max: Option<u32>, points: i64) -> f64 {
    let counted: Vec<usize> = match per_event_max {
        None => (0..events.len().min(1)).collect(),
        Some(max) => {
            let mut order: Vec<usize> = (0..events.len()).collect();
            // A stable sort keeps the newest first among equal weights.
            order.sort_by(|&a, &b| factor_of(events, b).total_cmp(&factor_of(events, a)));
            order.into_iter().take(max as usize).collect()
        }
    };
    let mut weight_sum = 0.0;
    for index in counted {
        if let Some(event) = events.get_mut(index) {
            event.counted = true;
            event.points = points as f64 * event.decay_factor;
            weight_sum += event.decay_factor;
        }
    }
    weight_sum
}

fn factor_of(events: &[ExplainedEvent], index: usize) -> f64 {
    events.get(index).map_or(0.0, |e| e.decay_factor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DecayStep;

    fn event(age_days: i64, factor: f64) -> ExplainedEvent {
        ExplainedEvent {
            timestamp_ms: 0,
            date: None,
            kind: "page_view".to_owned(),
            detail: None,
            age_days,
            decay_factor: factor,
            counted: false,
            points: 0.0,
        }
    }

    #[test]
    fn scored_once_only_the_newest_event_counts() {
        let mut events = vec![event(3, 1.0), event(40, 0.5)];
        let weight = mark_counted(&mut events, None, 10);
        assert_eq!(weight, 1.0);
        assert!(events[0].counted && !events[1].counted);
        assert_eq!(events[0].points, 10.0);
    }

    #[test]
    fn per_event_the_most_valuable_events_count_up_to_the_cap() {
        let mut events = vec![event(3, 0.5), event(40, 1.0), event(50, 0.5)];
        let weight = mark_counted(&mut events, Some(2), 4);
        assert_eq!(weight, 1.5);
        assert!(events[0].counted && events[1].counted && !events[2].counted);
        assert_eq!(events[0].points + events[1].points, 6.0);
    }

    #[test]
    fn an_event_past_the_last_step_is_worth_nothing() {
        let decay = Decay::Steps(vec![DecayStep {
            up_to_days: 30,
            factor: 1.0,
        }]);
        let events = Events::empty(1);
        let explained = explain_event(
            &events,
            &Event {
                ts: 0,
                kind: 0,
                detail: crate::data::NO_DETAIL,
            },
            &decay,
            40 * DAY_MS,
        );
        assert_eq!(explained.age_days, 39);
        assert_eq!(explained.decay_factor, 0.0);
    }
}
