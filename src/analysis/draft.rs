//! A first model drafted from the history: the candidate rules the user
//! picked, at the points the history suggests, with thresholds set from
//! what sales can follow up each month.

use chrono::NaiveDate;

use super::evidence::Candidate;
use super::sweep::{Sweep, period_months};
use crate::data::Dataset;
use crate::engine::{EngineError, score};
use crate::model::{Dimension, Group, Rule, RuleSet, unique_name};

/// Share of the history's wins that MQLs should hold when no better
/// figure is given: marketing passes on most of what later buys.
pub const MQL_RECALL: f64 = 0.8;
/// Share of contacts that become SQL when sales gave no capacity.
pub const DEFAULT_SQL_SHARE: f64 = 0.05;

/// What the draft is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftRequest {
    /// The rule set's name.
    pub name: String,
    /// The candidates to turn into rules.
    pub picked: Vec<Candidate>,
    /// Leads sales can follow up per month (sets the SQL threshold).
    pub monthly_sql_capacity: Option<f64>,
}

/// The drafted rule set and how its thresholds were chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The rule set.
    pub rules: RuleSet,
    /// How the thresholds were set, in sentences.
    pub notes: Vec<String>,
}

/// Builds the rule set, scores it once on `data` and sets the thresholds.
pub fn draft_rule_set(
    data: &Dataset,
    request: &DraftRequest,
    as_of: NaiveDate,
) -> Result<Draft, EngineError> {
    let mut rules = RuleSet {
        name: request.name.clone(),
        description: format!(
            "Drafted from the history of {} contacts: {} candidate rules at the points the history suggests.",
            data.len(),
            request.picked.len()
        ),
        ..RuleSet::default()
    };
    for candidate in &request.picked {
        add_candidate_rule(&mut rules, candidate);
    }
    let scores = score(data, &rules, as_of)?;
    let months = period_months(data.created_ms.as_ref());
    let sweep = Sweep::new(&scores, &data.outcomes, months);
    let mut notes = Vec::new();
    let sql = sql_threshold(&sweep, request.monthly_sql_capacity, &mut notes);
    let mql = mql_threshold(&sweep, sql, &mut notes);
    rules.stages.sql_threshold = sql;
    rules.stages.mql_threshold = mql;
    Ok(Draft { rules, notes })
}

/// Adds a candidate as a rule: contact properties to fit, events to
/// engagement, each in a group named for where it came from.
pub fn add_candidate_rule(rules: &mut RuleSet, candidate: &Candidate) {
    let dimension = if candidate.condition.uses_events() {
        Dimension::Engagement
    } else {
        Dimension::Fit
    };
    let rule = Rule {
        name: unique_name(rules, &candidate.name),
        condition: candidate.condition.clone(),
        points: candidate.suggested_points,
        note: format!(
            "From the history: conversion {} when it holds, {} otherwise (lift {:.2}).",
            candidate.matched_conversion.describe(),
            candidate.rest_conversion.describe(),
            candidate.lift
        ),
        ..Rule::default()
    };
    let groups = rules.groups_mut(dimension);
    if groups.is_empty() {
        groups.push(Group {
            name: match dimension {
                Dimension::Fit => "Who they are (from the history)".to_owned(),
                Dimension::Engagement => "What they did (from the history)".to_owned(),
            },
            ..Group::default()
        });
    }
    if let Some(group) = groups.first_mut() {
        group.rules.push(rule);
    }
}

/// The lowest threshold within sales' capacity, or the top
/// [`DEFAULT_SQL_SHARE`] of contacts.
fn sql_threshold(sweep: &Sweep, capacity: Option<f64>, notes: &mut Vec<String>) -> i64 {
    if let Some(per_month) = capacity {
        match sweep.for_capacity(per_month) {
            Some(fit) => {
                notes.push(format!(
                    "SQL from {:.0} points: about {:.0} SQLs a month, within the capacity of {per_month:.0}; they hold {:.0}% of the wins",
                    fit.threshold,
                    fit.monthly_volume,
                    fit.recall * 100.0
                ));
                return fit.threshold;
            }
            None => notes.push(
                "the capacity could not be used (no creation dates, or even the top score exceeds it)"
                    .to_owned(),
            ),
        }
    }
    let wanted = (sweep.eligible as f64 * DEFAULT_SQL_SHARE).ceil() as usize;
    let threshold = sweep
        .rows
        .iter()
        .take_while(|r| r.contacts <= wanted.max(1))
        .last()
        .or_else(|| sweep.rows.first())
        .map_or(0, |r| r.threshold);
    notes.push(format!(
        "SQL from {threshold} points: the top {:.0}% of contacts (give the sales team's monthly capacity to set it from that)",
        DEFAULT_SQL_SHARE * 100.0
    ));
    threshold
}

/// The highest threshold (at most the SQL one) whose contacts hold
/// [`MQL_RECALL`] of the wins.
fn mql_threshold(sweep: &Sweep, sql: i64, notes: &mut Vec<String>) -> i64 {
    // A threshold at or below zero would make MQL of contacts nothing
    // speaks for.
    let row = sweep
        .rows
        .iter()
        .filter(|r| r.threshold <= sql && r.threshold > 0)
        .find(|r| r.recall >= MQL_RECALL)
        .or_else(|| {
            sweep
                .rows
                .iter()
                .rfind(|r| r.threshold <= sql && r.threshold > 0)
        });
    match row {
        Some(row) => {
            notes.push(format!(
                "MQL from {} points: {} contacts, holding {:.0}% of the wins",
                row.threshold,
                row.contacts,
                row.recall * 100.0
            ));
            row.threshold
        }
        None => {
            notes.push(format!(
                "MQL from {sql} points, as SQL: no lower threshold holds more wins"
            ));
            sql
        }
    }
}
