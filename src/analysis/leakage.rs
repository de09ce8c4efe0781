//! Probable leakage: rules and candidate rules that record the outcome
//! rather than predict it. A careful analyst looks for two signs, and either
//! one flags a rule "probable leakage" wherever it is shown:
//!
//! 1. **It converts like the outcome**: at least 95% of the contacts it
//!    matches won, among at least 30 matched contacts. No honest buying
//!    signal is that certain; a "Converted = 1" or "Customer since" column is.
//! 2. **It matches after the outcome**: an event rule whose won matchers (at
//!    least 30 of them, with a known won date) had their qualifying events
//!    only on or after the day they won, for at least 90% of them — an
//!    onboarding call, a customer-portal login.
//!
//! Candidate rules also carry the first sign over to their column: when one
//! value of a column converts like the outcome, every candidate from that
//! column is flagged ("Converted = 0" as well as "Converted = 1").

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use serde::Serialize;

use super::stats::{Rate, SMALL_SAMPLE};
use crate::data::parse::day_start_ms;
use crate::data::{Dataset, Events};
use crate::engine::DictionaryFilter;
use crate::model::{Condition, EventCondition, RulePath, RuleSet};

/// Conversion of the matched contacts at or above which a rule converts
/// like the outcome.
pub const LEAKAGE_CONVERSION: f64 = 0.95;

/// Share of a rule's won matchers that match only after winning at or above
/// which the rule matches after the outcome.
pub const LEAKAGE_AFTER_OUTCOME: f64 = 0.9;

/// Why a rule is probably leakage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "sign", rename_all = "snake_case")]
pub enum Leakage {
    /// At least 95% of its (30 or more) matched contacts won.
    ConvertsLikeOutcome {
        /// Conversion of the matched contacts.
        conversion: f64,
        /// Matched contacts.
        matched: usize,
    },
    /// Its won matchers matched only on or after the day they won.
    AfterOutcome {
        /// Won matchers whose qualifying events all came on or after the win.
        after: usize,
        /// Won matchers with a known won date.
        wins: usize,
    },
    /// Another value of the same column converts like the outcome.
    SameColumn {
        /// The column.
        column: String,
    },
}

impl Leakage {
    /// The sign in words, e.g. "97% of the 120 contacts it matches won".
    pub fn describe(&self) -> String {
        match self {
            Leakage::ConvertsLikeOutcome {
                conversion,
                matched,
            } => format!(
                "probable leakage: {:.0}% of the {} contacts it matches won — the value may record the outcome itself",
                (conversion * 100.0).floor(),
                crate::format::thousands(*matched)
            ),
            Leakage::AfterOutcome { after, wins } => format!(
                "probable leakage: {} of the {} winners it matches matched only on or after the day they won",
                crate::format::thousands(*after),
                crate::format::thousands(*wins)
            ),
            Leakage::SameColumn { column } => format!(
                "probable leakage: another value of \"{column}\" converts like the outcome itself"
            ),
        }
    }
}

/// The first sign: a matched conversion of 95% or more among 30 or more.
pub fn converts_like_outcome(matched: &Rate) -> Option<Leakage> {
    (matched.n >= SMALL_SAMPLE && matched.value >= LEAKAGE_CONVERSION).then_some(
        Leakage::ConvertsLikeOutcome {
            conversion: matched.value,
            matched: matched.n,
        },
    )
}

/// The second sign for one event condition: of the won contacts that have
/// enough qualifying events (type and detail; the time window is left out,
/// as it depends on the as-of date), how many have too few before the day
/// they won. `None` when fewer than 30 such winners have a known won date,
/// or when the share is below 90%.
pub fn after_outcome(
    events: &Events,
    condition: &EventCondition,
    won_at_ms: &[Option<i64>],
) -> Option<Leakage> {
    let accepted = DictionaryFilter::new(events, condition).ok()?;
    let needed = condition.at_least.max(1) as usize;
    let (mut wins, mut after) = (0usize, 0usize);
    for (row, won_at) in won_at_ms.iter().enumerate().take(events.contacts()) {
        let Some(won_at) = won_at else {
            continue;
        };
        let won_day = day_start_ms_of(*won_at);
        let (mut total, mut before) = (0usize, 0usize);
        for event in events.of_contact(row) {
            if accepted.passes(event) {
                total += 1;
                before += usize::from(event.ts < won_day);
            }
        }
        if total >= needed {
            wins += 1;
            after += usize::from(before < needed);
        }
    }
    (wins >= SMALL_SAMPLE && after as f64 >= LEAKAGE_AFTER_OUTCOME * wins as f64)
        .then_some(Leakage::AfterOutcome { after, wins })
}

/// The second sign for every top-level event rule of a rule set, by path.
pub fn after_outcome_of_rules(data: &Dataset, rules: &RuleSet) -> Vec<(RulePath, Leakage)> {
    after_outcome_with(data, rules, |events, condition, won_at_ms| {
        after_outcome(events, condition, won_at_ms)
    })
}

fn after_outcome_with(
    data: &Dataset,
    rules: &RuleSet,
    mut sign_of: impl FnMut(&Events, &EventCondition, &[Option<i64>]) -> Option<Leakage>,
) -> Vec<(RulePath, Leakage)> {
    let Some(events) = &data.events else {
        return Vec::new();
    };
    if !data.outcomes.won_at_ms.iter().any(Option::is_some) {
        return Vec::new();
    }
    rules
        .rules()
        .filter(|(_, rule)| rule.enabled)
        .filter_map(|(path, rule)| match &rule.condition {
            Condition::Event(condition) => {
                sign_of(events, condition, &data.outcomes.won_at_ms).map(|l| (path, l))
            }
            _ => None,
        })
        .collect()
}

/// The second sign remembered per event condition for one dataset: it
/// walks every event, and the app asks again on every edit and threshold
/// move (88 ms for five event rules at 1,000,000 contacts).
#[derive(Debug, Default)]
pub struct AfterOutcomeMemo {
    /// The dataset the signs are of; a weak reference keeps its address
    /// from being reused by another while it is remembered.
    data: Weak<Dataset>,
    signs: HashMap<EventCondition, Option<Leakage>>,
}

impl AfterOutcomeMemo {
    /// [`after_outcome_of_rules`], working out only conditions not seen yet.
    pub fn of_rules(&mut self, data: &Arc<Dataset>, rules: &RuleSet) -> Vec<(RulePath, Leakage)> {
        if !Weak::ptr_eq(&self.data, &Arc::downgrade(data)) {
            self.data = Arc::downgrade(data);
            self.signs.clear();
        }
        let signs = &mut self.signs;
        after_outcome_with(data, rules, |events, condition, won_at_ms| {
            signs
                .entry(condition.clone())
                .or_insert_with(|| after_outcome(events, condition, won_at_ms))
                .clone()
        })
    }
}

/// The start of the day a moment falls on.
fn day_start_ms_of(ms: i64) -> i64 {
    crate::data::parse::date_of_ms(ms).map_or(ms, day_start_ms)
}
