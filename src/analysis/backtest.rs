//! Point-in-time back-tests: score the contacts as they were at a cutoff,
//! with only the events before it, and count the wins that came after.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::evaluation::{CapacityAsk, ModelQuality, model_quality};
use super::leakage::after_outcome_of_rules;
use super::summary::{RuleStat, SimulationSummary, mark_after_outcome, rule_stats, summarize};
use crate::data::parse::day_start_ms;
use crate::data::{Dataset, DealStatus, Outcome, Outcomes};
use crate::engine::{DAY_MS, EngineError, Scorer, Scores};
use crate::model::{CheckedRuleSet, Condition, RuleSet};

/// The cutoff and the horizon of one back-test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BacktestWindow {
    /// Contacts and events are known strictly before this date.
    pub cutoff: NaiveDate,
    /// Wins on the cutoff date and through this many days after it count:
    /// day 0 (the cutoff) to day `horizon_days`, both included.
    pub horizon_days: u32,
}

/// Why a back-test cannot run.
#[derive(Debug, thiserror::Error)]
pub enum BacktestError {
    /// No dated outcomes.
    #[error(
        "a back-test needs the dates of the wins: map a deals table with close dates, or a won-date column on the contacts"
    )]
    NoOutcomeDates,
    /// Scoring failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// The result of one back-test.
#[derive(Debug, Clone, Serialize)]
pub struct BacktestResult {
    /// Cutoff and horizon.
    pub window: BacktestWindow,
    /// Contacts scored: created before the cutoff and not yet customers.
    pub population: usize,
    /// Contacts left out because they were already customers at the cutoff.
    pub already_customers: usize,
    /// Contacts left out because they were created on or after the cutoff (or have no date).
    pub not_yet_created: usize,
    /// Figures of the rule set.
    pub summary: SimulationSummary,
    /// Figures of the baseline, when given.
    pub baseline: Option<SimulationSummary>,
    /// Per-rule evidence in the window.
    pub rules: Vec<RuleStat>,
    /// AUC, KS, gains, calibration (and capacity, when asked) of the rule
    /// set beside the baseline's.
    pub quality: ModelQuality,
    /// What the reader must know to trust the result (leakage, incomplete horizon).
    pub warnings: Vec<String>,
}

/// The first moment of the window and the first moment after it: the end
/// of day `horizon_days` after the cutoff.
fn window_ms(window: &BacktestWindow) -> (i64, i64) {
    let start = day_start_ms(window.cutoff);
    (start, start + (i64::from(window.horizon_days) + 1) * DAY_MS)
}

/// Outcomes as they turned out within the window, for every contact.
fn window_outcomes(data: &Dataset, window: &BacktestWindow) -> Result<Outcomes, BacktestError> {
    let (start, end) = window_ms(window);
    let n = data.len();
    let mut outcomes = Outcomes {
        outcome: vec![Outcome::None; n],
        revenue: vec![0.0; n],
        won_at_ms: vec![None; n],
    };
    match &data.deals {
        Some(deals) => {
            if !deals.closed_ms.iter().any(Option::is_some) {
                return Err(BacktestError::NoOutcomeDates);
            }
            for (i, row) in deals.contact_row.iter().enumerate() {
                let (Some(row), Some(DealStatus::Won), Some(Some(closed))) = (
                    row.map(|r| r as usize),
                    deals.status.get(i),
                    deals.closed_ms.get(i),
                ) else {
                    continue;
                };
                if *closed >= start && *closed < end {
                    if let Some(o) = outcomes.outcome.get_mut(row) {
                        *o = Outcome::Won;
                    }
                    if let Some(r) = outcomes.revenue.get_mut(row) {
                        *r += deals.amount.get(i).copied().flatten().unwrap_or(0.0);
                    }
                }
            }
        }
        None => {
            if !data.outcomes.won_at_ms.iter().any(Option::is_some) {
                return Err(BacktestError::NoOutcomeDates);
            }
            for (row, won_at) in data.outcomes.won_at_ms.iter().enumerate() {
                if let (Some(w), Some(o)) = (won_at, outcomes.outcome.get_mut(row))
                    && *w >= start
                    && *w < end
                {
                    *o = Outcome::Won;
                }
            }
        }
    }
    Ok(outcomes)
}

fn contact_columns(rules: &RuleSet) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for c in rules.conditions() {
        for f in c.fields() {
            if !fields.iter().any(|x| x == f) {
                fields.push(f.to_owned());
            }
        }
    }
    fields
}

fn uses_only_events(condition: &Condition) -> bool {
    condition.fields().is_empty()
}

/// Runs one back-test of `rules` (and optionally a baseline).
pub fn backtest(
    data: &Dataset,
    rules: &RuleSet,
    baseline: Option<&RuleSet>,
    window: BacktestWindow,
    scorer: &mut Scorer,
) -> Result<BacktestResult, BacktestError> {
    backtest_with(data, rules, baseline, window, None, scorer)
}

/// [`backtest`] with precision and wins at a capacity of so many leads a
/// month (over the horizon).
pub fn backtest_with(
    data: &Dataset,
    rules: &RuleSet,
    baseline: Option<&RuleSet>,
    window: BacktestWindow,
    capacity_per_month: Option<f64>,
    scorer: &mut Scorer,
) -> Result<BacktestResult, BacktestError> {
    let rules = CheckedRuleSet::new(rules.clone(), &data.schema);
    let baseline = baseline.map(|b| CheckedRuleSet::new(b.clone(), &data.schema));
    let ask = capacity_per_month.map(|k| CapacityAsk::over_horizon(k, window.horizon_days));
    backtest_checked(data, &rules, baseline.as_ref(), window, ask, scorer)
}

/// [`backtest`] of rule sets validated once for every cutoff.
fn backtest_checked(
    data: &Dataset,
    rules: &CheckedRuleSet,
    baseline: Option<&CheckedRuleSet>,
    window: BacktestWindow,
    ask: Option<CapacityAsk>,
    scorer: &mut Scorer,
) -> Result<BacktestResult, BacktestError> {
    let (_, end) = window_ms(&window);
    let sample = sample_at(data, rules, window, scorer)?;
    let (cohort, scores, outcomes) = (sample.cohort, sample.scores, sample.outcomes);
    let population = &cohort.rows;
    let as_of = window.as_of();
    let summary = summarize(&scores, &outcomes);
    let mut stats = rule_stats(&scores, &outcomes);
    mark_after_outcome(&mut stats, &after_outcome_of_rules(data, rules.rules()));
    let baseline_scores = match baseline {
        Some(b) => Some(scorer.score(data, b, as_of)?.select(population)),
        None => None,
    };
    let baseline_summary = baseline_scores.as_ref().map(|s| summarize(s, &outcomes));
    let quality = model_quality(&scores, baseline_scores.as_ref(), &outcomes, ask);
    let warnings = warnings(data, rules.rules(), end, population.len());
    Ok(BacktestResult {
        window,
        population: population.len(),
        already_customers: cohort.already_customers,
        not_yet_created: cohort.not_yet_created,
        summary,
        baseline: baseline_summary,
        rules: stats,
        quality,
        warnings,
    })
}

/// What one back-test scores: the cohort at the cutoff, its scores as of
/// the day before, and how it turned out within the window.
pub(super) struct Sample {
    /// Who was scored.
    pub cohort: Cohort,
    /// Their scores, in cohort order.
    pub scores: Scores,
    /// Their outcomes within the window, in cohort order.
    pub outcomes: Outcomes,
}

/// Scores the cohort at a cutoff and counts its wins within the window.
pub(super) fn sample_at(
    data: &Dataset,
    rules: &CheckedRuleSet,
    window: BacktestWindow,
    scorer: &mut Scorer,
) -> Result<Sample, BacktestError> {
    let (start, _) = window_ms(&window);
    let outcomes_in_window = window_outcomes(data, &window)?;
    let cohort = cohort_at(data, start);
    let scores = scorer
        .score(data, rules, window.as_of())?
        .select(&cohort.rows);
    let outcomes = outcomes_in_window.select(&cohort.rows);
    Ok(Sample {
        cohort,
        scores,
        outcomes,
    })
}

impl BacktestWindow {
    /// The date contacts are scored as of: the day before the cutoff.
    pub fn as_of(&self) -> NaiveDate {
        self.cutoff.pred_opt().unwrap_or(self.cutoff)
    }

    /// The last day whose wins count.
    pub fn last_day(&self) -> NaiveDate {
        self.cutoff
            .checked_add_days(chrono::Days::new(u64::from(self.horizon_days)))
            .unwrap_or(self.cutoff)
    }
}

/// The contacts a back-test scores: created before the cutoff and not yet
/// customers at it.
pub(super) struct Cohort {
    /// Their rows in the dataset.
    pub rows: Vec<usize>,
    already_customers: usize,
    not_yet_created: usize,
}

fn cohort_at(data: &Dataset, start_ms: i64) -> Cohort {
    let mut cohort = Cohort {
        rows: Vec::new(),
        already_customers: 0,
        not_yet_created: 0,
    };
    for row in 0..data.len() {
        let created = data
            .created_ms
            .as_ref()
            .map(|c| c.get(row).copied().flatten());
        if let Some(created) = created
            && created.is_none_or(|c| c >= start_ms)
        {
            cohort.not_yet_created += 1;
            continue;
        }
        let won_at = data.outcomes.won_at_ms.get(row).copied().flatten();
        if won_at.is_some_and(|w| w < start_ms) {
            cohort.already_customers += 1;
            continue;
        }
        cohort.rows.push(row);
    }
    cohort
}

/// What a reader of a back-test must know about its honesty.
fn warnings(data: &Dataset, rules: &RuleSet, end_ms: i64, population: usize) -> Vec<String> {
    let mut warnings = Vec::new();
    if data.created_ms.is_none() {
        warnings.push(
            "no created-date column is mapped: every contact is taken as existing before the cutoff"
                .to_owned(),
        );
    }
    if data.events.is_none() {
        warnings.push(
            "no events table: engagement comes from the contacts snapshot, so this back-test can include activity after the outcome"
                .to_owned(),
        );
    }
    let columns = contact_columns(rules);
    if !columns.is_empty() && rules.conditions().any(|c| !uses_only_events(c)) {
        warnings.push(format!(
            "rules read contact columns as exported today ({}); values acquired after the cutoff can leak into this back-test",
            columns.join(", ")
        ));
    }
    if let Some(latest) = data.latest_date
        && end_ms > day_start_ms(latest) + DAY_MS
    {
        warnings.push(format!(
            "the horizon ends after the latest date in the data ({latest}): later wins are not known yet"
        ));
    }
    if population < super::stats::SMALL_SAMPLE {
        warnings.push(format!(
            "only {population} contacts at this cutoff: a small sample"
        ));
    }
    warnings
}

/// How far apart rolling cutoffs are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Step {
    /// On the first of every month.
    Monthly,
    /// Every N days.
    Days(u32),
}

/// Cutoffs from `first` to `last` inclusive.
pub fn cutoffs(first: NaiveDate, last: NaiveDate, step: Step) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut date = match step {
        Step::Monthly => first.with_day(1).unwrap_or(first),
        Step::Days(_) => first,
    };
    if date < first {
        date = date.checked_add_months(Months::new(1)).unwrap_or(date);
    }
    while date <= last && out.len() < 600 {
        out.push(date);
        let next = match step {
            Step::Monthly => date.checked_add_months(Months::new(1)),
            Step::Days(n) => date.checked_add_days(chrono::Days::new(u64::from(n.max(1)))),
        };
        match next {
            Some(n) => date = n,
            None => break,
        }
    }
    out
}

/// The default range of rolling cutoffs: from three months after the first
/// contact to one horizon before the end of the data.
pub fn default_cutoff_range(data: &Dataset, horizon_days: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first_ms = data.created_ms.as_ref()?.iter().flatten().min().copied()?;
    let first = crate::data::parse::date_of_ms(first_ms)?.checked_add_months(Months::new(3))?;
    let last = data
        .latest_date?
        .checked_sub_days(chrono::Days::new(u64::from(horizon_days)))?;
    (first <= last).then_some((first, last))
}

/// Back-tests at every cutoff, for stability over time.
pub fn rolling_backtest(
    data: &Dataset,
    rules: &RuleSet,
    baseline: Option<&RuleSet>,
    cutoffs: &[NaiveDate],
    horizon_days: u32,
    scorer: &mut Scorer,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<Vec<BacktestResult>, BacktestError> {
    let rules = CheckedRuleSet::new(rules.clone(), &data.schema);
    let baseline = baseline.map(|b| CheckedRuleSet::new(b.clone(), &data.schema));
    let mut out = Vec::with_capacity(cutoffs.len());
    for (i, &cutoff) in cutoffs.iter().enumerate() {
        if !progress(i, cutoffs.len()) {
            break;
        }
        out.push(backtest_checked(
            data,
            &rules,
            baseline.as_ref(),
            BacktestWindow {
                cutoff,
                horizon_days,
            },
            None,
            scorer,
        )?);
    }
    Ok(out)
}
