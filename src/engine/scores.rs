//! What scoring gives for every contact, and re-staging: a threshold move
//! changes stages only, which follow from the points and flags kept here.

use std::sync::Arc;

use chrono::NaiveDate;

use super::Matches;
use crate::model::{RulePath, Stage, Stages, stage_of};

/// The result of one rule for every contact.
#[derive(Debug, Clone)]
pub struct RuleResult {
    /// Where the rule is.
    pub path: RulePath,
    /// Its name.
    pub name: String,
    /// Its points as configured.
    pub points: i64,
    /// Whether each contact matched.
    pub matched: Matches,
    /// Points given to each contact, when they vary (decayed or per-event rules).
    pub weighted_points: Option<Arc<[i64]>>,
}

impl RuleResult {
    /// Points this rule gave contact `row`.
    pub fn points_for(&self, row: usize) -> i64 {
        match &self.weighted_points {
            Some(points) => points.get(row).copied().unwrap_or(0),
            None if self.matched.get(row) => self.points,
            None => 0,
        }
    }
}

/// Scores of every contact, in dataset row order.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// The as-of date the scores are relative to.
    pub as_of: Option<NaiveDate>,
    /// Fit score (sum of capped fit groups).
    pub fit: Vec<i64>,
    /// Engagement score (sum of capped engagement groups).
    pub engagement: Vec<i64>,
    /// Fit + engagement.
    pub total: Vec<i64>,
    /// Stage.
    pub stage: Vec<Stage>,
    /// Grade index `fit_grade * 3 + engagement_tier`, when a grade matrix is set.
    pub grade: Option<Vec<u8>>,
    /// One entry per enabled rule.
    pub rules: Vec<RuleResult>,
    /// Per enabled exclusion: its name and which contacts it matched.
    pub exclusions: Vec<(String, Matches)>,
    /// Whether an MQL criterion held for each contact.
    pub mql_criterion: Matches,
    /// Whether an SQL criterion held for each contact.
    pub sql_criterion: Matches,
}

impl Scores {
    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.total.len()
    }

    /// Whether no contact was scored.
    pub fn is_empty(&self) -> bool {
        self.total.is_empty()
    }

    /// The scores of some rows only, in the order given.
    pub fn select(&self, rows: &[usize]) -> Scores {
        fn pick<T: Clone + Default>(values: &[T], rows: &[usize]) -> Vec<T> {
            rows.iter()
                .map(|&r| values.get(r).cloned().unwrap_or_default())
                .collect()
        }
        Scores {
            as_of: self.as_of,
            fit: pick(&self.fit, rows),
            engagement: pick(&self.engagement, rows),
            total: pick(&self.total, rows),
            stage: rows
                .iter()
                .map(|&r| self.stage.get(r).copied().unwrap_or(Stage::Nurture))
                .collect(),
            grade: self.grade.as_ref().map(|g| pick(g, rows)),
            rules: self
                .rules
                .iter()
                .map(|r| RuleResult {
                    path: r.path,
                    name: r.name.clone(),
                    points: r.points,
                    matched: r.matched.select(rows),
                    weighted_points: r.weighted_points.as_ref().map(|p| pick(p, rows).into()),
                })
                .collect(),
            exclusions: self
                .exclusions
                .iter()
                .map(|(name, m)| (name.clone(), m.select(rows)))
                .collect(),
            mql_criterion: self.mql_criterion.select(rows),
            sql_criterion: self.sql_criterion.select(rows),
        }
    }

    /// Grade label of contact `row` ("B2").
    pub fn grade_label(&self, row: usize) -> Option<String> {
        let g = *self.grade.as_ref()?.get(row)?;
        Some(crate::model::grade_label(g / 3, g % 3))
    }

    /// Names of the rules contact `row` matched, in rule-set order.
    pub fn matched_rule_names(&self, row: usize) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|r| r.matched.get(row))
            .map(|r| r.name.as_str())
            .collect()
    }
}

/// Sets every contact's stage for `stages`, with the one precedence of the
/// rule model ([`stage_of`]): scoring stages contacts this way, and a
/// threshold move re-stages them without scoring again.
pub fn restage(scores: &mut Scores, stages: &Stages) {
    let rows = scores.total.len();
    // Exclusions OR-ed first: one pass over each bitmap instead of a jump
    // between them for every contact.
    let mut excluded = vec![false; rows];
    for (_, matched) in &scores.exclusions {
        for row in matched.rows() {
            if let Some(slot) = excluded.get_mut(row) {
                *slot = true;
            }
        }
    }
    scores.stage = scores
        .total
        .iter()
        .zip(&excluded)
        .enumerate()
        .map(|(row, (&score, &excluded))| {
            stage_of(
                stages,
                score,
                excluded,
                scores.sql_criterion.get(row),
                scores.mql_criterion.get(row),
            )
        })
        .collect();
}
