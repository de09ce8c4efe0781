//! Evidence from the history: weights of evidence, suggested points, and
//! candidate rules ("what do our won customers have in common?").
//!
//! Points are suggested from the weight of evidence (WoE) of each rule: the
//! log of how much more common matching is among won contacts than among the
//! others, smoothed by half a contact so that empty cells stay finite. WoE
//! reads each rule on its own, so the suggestion can be explained in one
//! sentence in a workshop; a logistic regression would discount correlated
//! rules, but its weights change when any other rule changes. The scale is
//! the scorecard convention of 10 points to double the odds, rounded to the
//! familiar multiples of 5.

use std::collections::HashMap;

use serde::Serialize;

use super::leakage::{Leakage, after_outcome, converts_like_outcome};
use super::stats::{Rate, SMALL_SAMPLE};
use crate::data::parse::normalize_text;
use crate::data::{ColumnKind, Dataset, Event, Events, NO_DETAIL, Outcomes};
use crate::model::{Condition, EventCondition, NumberOp, TextOp};

/// Points that double the odds of winning.
pub const POINTS_TO_DOUBLE_ODDS: f64 = 10.0;

/// Smoothed weight of evidence of a binary feature.
pub fn weight_of_evidence(
    matched_won: usize,
    matched: usize,
    total_won: usize,
    total: usize,
) -> f64 {
    let matched_lost = matched - matched_won.min(matched);
    let total_lost = total.saturating_sub(total_won);
    let share_won = (matched_won as f64 + 0.5) / (total_won as f64 + 1.0);
    let share_lost = (matched_lost as f64 + 0.5) / (total_lost as f64 + 1.0);
    (share_won / share_lost).ln()
}

/// WoE turned into points, rounded to a multiple of 5.
pub fn suggested_points(woe: f64) -> i64 {
    let points = woe * POINTS_TO_DOUBLE_ODDS / std::f64::consts::LN_2;
    ((points / 5.0).round() * 5.0) as i64
}

/// A rule the history suggests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The condition, ready to be added as a rule.
    pub condition: Condition,
    /// The condition in words.
    pub description: String,
    /// A short rule name.
    pub name: String,
    /// Conversion of the contacts it matches.
    pub matched_conversion: Rate,
    /// Conversion of the others.
    pub rest_conversion: Rate,
    /// Matched conversion over the overall rate.
    pub lift: f64,
    /// Suggested points.
    pub suggested_points: i64,
    /// A warning, e.g. that the value may describe the outcome itself.
    pub note: Option<String>,
    /// The value probably records the outcome (see [`super::leakage`]).
    /// Never ticked for the user.
    pub probable_leakage: bool,
    /// Which sign of leakage it shows.
    pub leakage: Option<Leakage>,
}

/// Columns with more distinct values than this are not offered value by value.
const MAX_DISTINCT: usize = 60;

fn z_score(a: &Rate, b: &Rate) -> f64 {
    let pooled = (a.successes + b.successes) as f64 / (a.n + b.n).max(1) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / a.n.max(1) as f64 + 1.0 / b.n.max(1) as f64)).sqrt();
    if se == 0.0 {
        0.0
    } else {
        (a.value - b.value) / se
    }
}

struct Counter<'a> {
    outcomes: &'a Outcomes,
    total: usize,
    total_won: usize,
    out: Vec<(f64, Candidate)>,
}

impl Counter<'_> {
    fn offer(&mut self, condition: Condition, name: String, rows: &[bool]) {
        let matched = rows.iter().filter(|m| **m).count();
        if matched < SMALL_SAMPLE || self.total - matched < SMALL_SAMPLE {
            return;
        }
        let matched_won = rows
            .iter()
            .enumerate()
            .filter(|(r, m)| **m && self.outcomes.is_won(*r))
            .count();
        let matched_conversion = Rate::new(matched_won, matched);
        let rest_conversion = Rate::new(self.total_won - matched_won, self.total - matched);
        let z = z_score(&matched_conversion, &rest_conversion);
        if z.abs() < 3.0 {
            return;
        }
        let overall = self.total_won as f64 / self.total as f64;
        let woe = weight_of_evidence(matched_won, matched, self.total_won, self.total);
        let leakage = converts_like_outcome(&matched_conversion);
        self.out.push((
            z.abs(),
            Candidate {
                description: condition.describe(),
                condition,
                name,
                matched_conversion,
                rest_conversion,
                lift: matched_conversion.value / overall,
                suggested_points: suggested_points(woe),
                note: leakage.as_ref().map(Leakage::describe),
                probable_leakage: leakage.is_some(),
                leakage,
            },
        ));
    }
}

/// Values and ranges of the loaded columns (and event details) whose
/// contacts convert markedly better or worse than the rest, strongest first.
pub fn candidate_rules(data: &Dataset, limit: usize) -> Vec<Candidate> {
    let total = data.len();
    let total_won = (0..total).filter(|&r| data.outcomes.is_won(r)).count();
    if total == 0 || total_won == 0 {
        return Vec::new();
    }
    let mut counter = Counter {
        outcomes: &data.outcomes,
        total,
        total_won,
        out: Vec::new(),
    };
    // Mapped roles are never candidates: the outcome, won date and the
    // deals' status, amount and close date describe the outcome itself
    // (a contacts column of the same name is a copy), the others identify
    // the contact.
    let roles = &data.roles.contacts;
    let deals = &data.roles.deals;
    let skip: Vec<&str> = [
        &roles.id,
        &roles.email,
        &roles.name,
        &roles.created,
        &roles.outcome,
        &roles.won_date,
        &deals.status,
        &deals.amount,
        &deals.closed,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    for (name, kind) in &data.schema.columns {
        if skip.contains(&name.as_str()) {
            continue;
        }
        match kind {
            ColumnKind::Text => text_candidates(data, name, &mut counter),
            ColumnKind::Number => number_candidates(data, name, &mut counter),
            ColumnKind::Bool => bool_candidates(data, name, &mut counter),
            ColumnKind::Date => {}
        }
    }
    event_candidates(data, &mut counter);
    let mut out = counter.out;
    flag_leaky_columns(&mut out);
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    out.truncate(limit);
    // Walks every event once per candidate: only for those kept.
    flag_after_outcome(data, &mut out);
    out.into_iter().map(|(_, c)| c).collect()
}

/// Every candidate of a column one of whose values converts like the
/// outcome is flagged too: "Converted = 0" with "Converted = 1".
fn flag_leaky_columns(out: &mut [(f64, Candidate)]) {
    let leaky: Vec<String> = out
        .iter()
        .filter(|(_, c)| c.probable_leakage)
        .flat_map(|(_, c)| c.condition.fields().into_iter().map(str::to_owned))
        .collect();
    for (_, candidate) in out.iter_mut().filter(|(_, c)| !c.probable_leakage) {
        if let Some(column) = candidate
            .condition
            .fields()
            .into_iter()
            .find(|f| leaky.iter().any(|l| l == f))
        {
            let leakage = Leakage::SameColumn {
                column: column.to_owned(),
            };
            candidate.note = Some(leakage.describe());
            candidate.probable_leakage = true;
            candidate.leakage = Some(leakage);
        }
    }
}

/// Event candidates whose winners did it only after winning.
fn flag_after_outcome(data: &Dataset, out: &mut [(f64, Candidate)]) {
    let Some(events) = &data.events else {
        return;
    };
    for (_, candidate) in out.iter_mut().filter(|(_, c)| !c.probable_leakage) {
        if let Condition::Event(condition) = &candidate.condition
            && let Some(leakage) = after_outcome(events, condition, &data.outcomes.won_at_ms)
        {
            candidate.note = Some(leakage.describe());
            candidate.probable_leakage = true;
            candidate.leakage = Some(leakage);
        }
    }
}

fn text_candidates(data: &Dataset, field: &str, counter: &mut Counter) {
    let Ok(raw) = data.contacts.column(field).and_then(|c| c.str().cloned()) else {
        return;
    };
    // Values that differ only in case or surrounding spaces are one value,
    // shown as first seen; each written form is normalised once.
    let mut group_of_written: HashMap<&str, usize> = HashMap::new();
    let mut group_of_normal: HashMap<String, usize> = HashMap::new();
    let mut values: Vec<(&str, Vec<usize>)> = Vec::new();
    for (row, written) in raw.iter().enumerate() {
        let Some(written) = written else {
            continue;
        };
        let group = match group_of_written.get(written) {
            Some(&group) => group,
            None => {
                let next = values.len();
                let group = *group_of_normal
                    .entry(normalize_text(written))
                    .or_insert(next);
                if group == next {
                    values.push((written, Vec::new()));
                    if values.len() > MAX_DISTINCT {
                        return;
                    }
                }
                group_of_written.insert(written, group);
                group
            }
        };
        if let Some((_, rows)) = values.get_mut(group) {
            rows.push(row);
        }
    }
    let mut sorted = values;
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    for (shown, rows) in sorted {
        let mut mask = vec![false; data.len()];
        for r in rows {
            if let Some(m) = mask.get_mut(r) {
                *m = true;
            }
        }
        counter.offer(
            Condition::Text {
                field: field.to_owned(),
                op: TextOp::Equals(shown.to_owned()),
                case_sensitive: false,
            },
            format!("{field}: {shown}"),
            &mask,
        );
    }
}

fn number_candidates(data: &Dataset, field: &str, counter: &mut Counter) {
    let Ok(column) = data.contacts.column(field).and_then(|c| c.f64().cloned()) else {
        return;
    };
    let values: Vec<Option<f64>> = column.iter().collect();
    let mut present: Vec<f64> = values.iter().flatten().copied().collect();
    if present.len() < SMALL_SAMPLE * 2 {
        return;
    }
    present.sort_by(f64::total_cmp);
    present.dedup();
    let cuts: Vec<f64> = if present.len() <= 8 {
        present.clone()
    } else {
        (1..5)
            .filter_map(|q| present.get(present.len() * q / 5).copied())
            .collect()
    };
    let ranges: Vec<(NumberOp, String)> = if present.len() <= 8 {
        cuts.iter()
            .map(|&x| (NumberOp::Eq(x), format!("{field} = {x}")))
            .collect()
    } else {
        let mut out = Vec::new();
        let mut low: Option<f64> = None;
        for &cut in &cuts {
            let op = match low {
                None => NumberOp::Lt(cut),
                Some(lo) => NumberOp::Between(lo, next_below(cut)),
            };
            out.push((op.clone(), format!("{field} {}", op.describe())));
            low = Some(cut);
        }
        if let Some(lo) = low {
            out.push((NumberOp::Ge(lo), format!("{field} ≥ {lo}")));
        }
        out
    };
    for (op, name) in ranges {
        let mask: Vec<bool> = values
            .iter()
            .map(|v| v.is_some_and(|x| op.holds(x)))
            .collect();
        counter.offer(
            Condition::Number {
                field: field.to_owned(),
                op,
            },
            name,
            &mask,
        );
    }
}

/// A bound just below `x` that reads well: integers step down by one.
fn next_below(x: f64) -> f64 {
    if x.fract() == 0.0 { x - 1.0 } else { x }
}

fn bool_candidates(data: &Dataset, field: &str, counter: &mut Counter) {
    let Ok(column) = data.contacts.column(field).and_then(|c| c.bool().cloned()) else {
        return;
    };
    for is in [true, false] {
        let mask: Vec<bool> = column.iter().map(|v| v == Some(is)).collect();
        counter.offer(
            Condition::Bool {
                field: field.to_owned(),
                is,
            },
            format!("{field} is {is}"),
            &mask,
        );
    }
}

fn event_candidates(data: &Dataset, counter: &mut Counter) {
    let Some(events) = &data.events else {
        return;
    };
    // Details that differ only in case are one detail, shown as first seen.
    let mut lower_code: HashMap<String, u32> = HashMap::new();
    let detail_group: Vec<u32> = events
        .details()
        .iter()
        .enumerate()
        .map(|(code, d)| *lower_code.entry(normalize_text(d)).or_insert(code as u32))
        .collect();
    let key_of = |event: &Event| {
        let detail = detail_group
            .get(event.detail as usize)
            .copied()
            .unwrap_or(NO_DETAIL);
        (event.kind, detail)
    };
    let mut offers = Vec::new();
    for (key, contacts) in contacts_per_key(events, key_of) {
        if contacts >= SMALL_SAMPLE {
            offers.push(event_offer(
                events,
                key.0,
                Some(key.1),
                EventKey::Detail(key),
            ));
        }
    }
    for (kind, _) in contacts_per_key(events, |event| event.kind) {
        offers.push(event_offer(events, kind, None, EventKey::Kind(kind)));
    }
    offers.sort_by(|a, b| a.0.cmp(&b.0));
    offers.truncate(400);
    // Masks only for the offers kept: one contact list per offer.
    let contacts = events.contacts();
    let mut masks: HashMap<EventKey, Vec<bool>> = offers
        .iter()
        .map(|(_, _, key)| (*key, vec![false; contacts]))
        .collect();
    for row in 0..contacts {
        for event in events.of_contact(row) {
            for key in [EventKey::Detail(key_of(event)), EventKey::Kind(event.kind)] {
                if let Some(seen) = masks.get_mut(&key).and_then(|m| m.get_mut(row)) {
                    *seen = true;
                }
            }
        }
    }
    for (name, condition, key) in offers {
        if let Some(mask) = masks.get(&key) {
            counter.offer(condition, name, mask);
        }
    }
}

/// What an event offer is about: a type and a detail group, or a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum EventKey {
    Detail((u32, u32)),
    Kind(u32),
}

/// "Did this exact thing at least once" (with a detail group) or "did this
/// kind of thing at least once", whatever the detail.
fn event_offer(
    events: &Events,
    kind: u32,
    detail: Option<u32>,
    key: EventKey,
) -> (String, Condition, EventKey) {
    let kind = events
        .kinds()
        .get(kind as usize)
        .cloned()
        .unwrap_or_default();
    let detail = detail.and_then(|d| events.details().get(d as usize));
    let name = match (key, detail) {
        (EventKey::Detail(_), Some(d)) => format!("{kind}: {d}"),
        (EventKey::Detail(_), None) => kind.clone(),
        (EventKey::Kind(_), _) => format!("any {kind}"),
    };
    let condition = Condition::Event(EventCondition {
        event_types: vec![kind],
        detail: detail.map(|d| TextOp::Equals(d.clone())),
        within_days: None,
        at_least: 1,
    });
    (name, condition, key)
}

/// For each key of the events, how many contacts have an event with it.
fn contacts_per_key<K: std::hash::Hash + Eq + Copy>(
    events: &Events,
    key_of: impl Fn(&Event) -> K,
) -> HashMap<K, usize> {
    // The last contact counted per key: events come grouped by contact.
    let mut per_key: HashMap<K, (usize, usize)> = HashMap::new();
    for row in 0..events.contacts() {
        for event in events.of_contact(row) {
            let (count, last_row) = per_key.entry(key_of(event)).or_insert((0, usize::MAX));
            if *last_row != row {
                *last_row = row;
                *count += 1;
            }
        }
    }
    per_key
        .into_iter()
        .map(|(k, (count, _))| (k, count))
        .collect()
}
