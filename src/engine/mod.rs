//! The scoring engine: a rule set compiled to polars expressions and run on
//! a dataset, giving per contact fit, engagement, score, stage and grade.

mod batch;
mod compile;
mod events;
mod output;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::data::Dataset;
use crate::data::parse::day_start_ms;
use crate::model::{Dimension, RulePath, RuleSet, Stage, validate};

pub use batch::{BatchError, BatchReport, score_in_batches};
pub use compile::{decay_expr, event_age_days};
pub use events::EventFeatureCache;
pub use output::{WriteError, scores_frame, write_scores};

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Why a rule set could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The rule set has validation errors; they are listed.
    #[error("the rule set has {} error{}: {}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.join("; "))]
    Invalid(Vec<String>),
    /// Polars failed while computing.
    #[error("scoring failed: {0}")]
    Polars(#[from] PolarsError),
}

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
    pub matched: Vec<bool>,
    /// Points given to each contact, when they vary (decayed or per-event rules).
    pub weighted_points: Option<Vec<i64>>,
}

impl RuleResult {
    /// Points this rule gave contact `row`.
    pub fn points_for(&self, row: usize) -> i64 {
        match &self.weighted_points {
            Some(points) => points.get(row).copied().unwrap_or(0),
            None if self.matched.get(row).copied().unwrap_or(false) => self.points,
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
    pub exclusions: Vec<(String, Vec<bool>)>,
    /// Whether an MQL criterion held for each contact.
    pub mql_criterion: Vec<bool>,
    /// Whether an SQL criterion held for each contact.
    pub sql_criterion: Vec<bool>,
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
                    matched: pick(&r.matched, rows),
                    weighted_points: r.weighted_points.as_ref().map(|p| pick(p, rows)),
                })
                .collect(),
            exclusions: self
                .exclusions
                .iter()
                .map(|(name, m)| (name.clone(), pick(m, rows)))
                .collect(),
            mql_criterion: pick(&self.mql_criterion, rows),
            sql_criterion: pick(&self.sql_criterion, rows),
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
            .filter(|r| r.matched.get(row).copied().unwrap_or(false))
            .map(|r| r.name.as_str())
            .collect()
    }
}

/// The moment scores are taken: the end of the as-of day, in milliseconds.
/// Everything strictly before it is in the past.
pub fn as_of_end_ms(as_of: NaiveDate) -> i64 {
    day_start_ms(as_of) + DAY_MS
}

/// The as-of date to use: the one given, or the latest date in the data, or today.
pub fn resolve_as_of(data: &Dataset, as_of: Option<NaiveDate>) -> NaiveDate {
    as_of
        .or(data.latest_date)
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// Scores every contact of `data` with `rules` as of a date.
pub fn score(data: &Dataset, rules: &RuleSet, as_of: NaiveDate) -> Result<Scores, EngineError> {
    let mut cache = EventFeatureCache::default();
    score_cached(data, rules, as_of, &mut cache)
}

/// Like [`score`], reusing event aggregates computed for earlier runs (an
/// edit to a fit rule does not re-aggregate the events).
pub fn score_cached(
    data: &Dataset,
    rules: &RuleSet,
    as_of: NaiveDate,
    cache: &mut EventFeatureCache,
) -> Result<Scores, EngineError> {
    let errors: Vec<String> = validate(rules, Some(&data.schema))
        .into_iter()
        .filter(|i| i.severity == crate::model::Severity::Error)
        .map(|i| format!("{}: {}", i.location, i.message))
        .collect();
    if !errors.is_empty() {
        return Err(EngineError::Invalid(errors));
    }
    let trace = crate::trace::Trace::new();
    let plan = compile::Plan::new(data, rules, as_of, cache, &trace)?;
    let frame = plan.frame.lazy().select(plan.outputs).collect()?;
    trace.mark("select outputs");
    let scores = collect_scores(&frame, rules, &plan.rule_columns, as_of);
    trace.mark("collect scores");
    scores
}

fn bools(frame: &DataFrame, name: &str) -> Result<Vec<bool>, PolarsError> {
    let values = frame.column(name)?.bool()?;
    // Conditions are never null; the fast path skips the validity checks.
    Ok(if values.null_count() == 0 {
        values
            .downcast_iter()
            .flat_map(|array| array.values_iter())
            .collect()
    } else {
        values.iter().map(|v| v.unwrap_or(false)).collect()
    })
}

fn ints(frame: &DataFrame, name: &str) -> Result<Vec<i64>, PolarsError> {
    let values = frame.column(name)?.i64()?;
    Ok(if values.null_count() == 0 {
        values.into_no_null_iter().collect()
    } else {
        values.iter().map(|v| v.unwrap_or(0)).collect()
    })
}

fn collect_scores(
    frame: &DataFrame,
    rules: &RuleSet,
    rule_columns: &[compile::RuleColumns],
    as_of: NaiveDate,
) -> Result<Scores, EngineError> {
    let fit = ints(frame, compile::FIT)?;
    let engagement = ints(frame, compile::ENGAGEMENT)?;
    let total = ints(frame, compile::TOTAL)?;
    let stage: Vec<Stage> = frame
        .column(compile::STAGE)?
        .i32()?
        .iter()
        .map(|v| Stage::from_code(u8::try_from(v.unwrap_or(3)).unwrap_or(3)))
        .collect();
    let grade = rules.grades.as_ref().map(|g| {
        fit.iter()
            .zip(&engagement)
            .map(|(&f, &e)| g.fit_grade(f) * 3 + g.engagement_tier(e))
            .collect()
    });
    let mut results = Vec::with_capacity(rule_columns.len());
    for rc in rule_columns {
        let Some(rule) = rules.rule(rc.path) else {
            continue;
        };
        let weighted_points = match &rc.points {
            Some(name) => Some(ints(frame, name)?),
            None => None,
        };
        results.push(RuleResult {
            path: rc.path,
            name: rule.name.clone(),
            points: rule.points,
            matched: bools(frame, &rc.matched)?,
            weighted_points,
        });
    }
    let mut exclusions = Vec::new();
    for (i, e) in rules
        .exclusions
        .iter()
        .enumerate()
        .filter(|(_, e)| e.enabled)
    {
        exclusions.push((e.name.clone(), bools(frame, &compile::exclusion_column(i))?));
    }
    Ok(Scores {
        as_of: Some(as_of),
        fit,
        engagement,
        total,
        stage,
        grade,
        rules: results,
        exclusions,
        mql_criterion: bools(frame, compile::MQL_CRITERION)?,
        sql_criterion: bools(frame, compile::SQL_CRITERION)?,
    })
}

/// Whether a rule is in the fit or engagement half.
pub fn dimension_of(path: RulePath) -> Dimension {
    path.dimension
}
