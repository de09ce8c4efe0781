//! The evidence an analyst defends thresholds with, for a rule set and its
//! baseline on the same contacts: model quality (AUC, KS, gains,
//! calibration, precision at capacity), stability between the back-test
//! window and the latest period, and points fitted jointly on a back-test
//! window and checked on a later one.
//!
//! Model quality itself is in [`super::model_quality`], re-exported here.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::backtest::{BacktestError, BacktestWindow, sample_at};
use super::joint_fit::{DEFAULT_L2, FitError, JointFit, apply_fitted, joint_points};
use super::model_quality::ranked;
pub use super::model_quality::{
    AtCapacity, CapacityAsk, ModelQuality, RankedQuality, at_capacity, model_quality,
};
use super::quality::{Auc, AucDifference, auc, auc_difference};
use super::stability::{Psi, match_rate_psi, score_psi};
use crate::data::Dataset;
use crate::engine::Scorer;
use crate::model::{CheckedRuleSet, RulePath, RuleSet};

/// Points that double the odds, for the jointly fitted points (the scale of
/// the univariate suggestions).
pub use super::evidence::POINTS_TO_DOUBLE_ODDS;

/// Why stability or a joint fit cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum EvaluationError {
    /// No creation dates: periods cannot be told apart.
    #[error(
        "stability compares contacts created in two periods: map the contacts' created-date column"
    )]
    NoCreationDates,
    /// The history is shorter than the periods asked for.
    #[error("{0}")]
    TooShort(String),
    /// The back-test could not run.
    #[error(transparent)]
    Backtest(#[from] BacktestError),
    /// Scoring failed.
    #[error(transparent)]
    Engine(#[from] crate::engine::EngineError),
    /// The logistic fit failed.
    #[error(transparent)]
    Fit(#[from] FitError),
}

/// A period of new contacts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Period {
    /// First creation day (included).
    pub from: NaiveDate,
    /// Last creation day (included).
    pub to: NaiveDate,
    /// The date they were scored as of.
    pub as_of: NaiveDate,
    /// Contacts created in it.
    pub contacts: usize,
}

/// The stability of one rule's match rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleStability {
    /// Where the rule is.
    #[serde(skip)]
    pub path: RulePath,
    /// Its name.
    pub name: String,
    /// Share of the reference period's contacts it matches.
    pub reference_rate: f64,
    /// Share of the latest period's contacts it matches.
    pub latest_rate: f64,
    /// PSI of matched / not matched between the periods.
    pub psi: Option<Psi>,
}

/// Population stability between the back-test window and the latest period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stability {
    /// New contacts before the cutoff, scored as of the day before it.
    pub reference: Period,
    /// The newest contacts: created in the period ending on the last
    /// creation date, scored as of that date.
    pub latest: Period,
    /// PSI of the score distribution (bins: the reference's deciles).
    pub score: Option<Psi>,
    /// PSI of every enabled rule's match rate.
    pub rules: Vec<RuleStability>,
}

/// The rows of contacts created from `from` to `to`, both included.
fn created_between(data: &Dataset, from: NaiveDate, to: NaiveDate) -> Vec<usize> {
    let start = crate::data::parse::day_start_ms(from);
    let end = crate::data::parse::day_start_ms(to) + crate::engine::DAY_MS;
    data.created_ms.as_ref().map_or_else(Vec::new, |created| {
        created
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_some_and(|c| c >= start && c < end))
            .map(|(row, _)| row)
            .collect()
    })
}

/// Compares the contacts created in the `days` before the cutoff (scored as
/// of the day before it) with those created in the last `days` up to the
/// newest contact (scored as of its creation date): the score distribution
/// and every rule's match rate. Both periods are scored at their end, so
/// engagement has had as long to build up in each.
pub fn stability(
    data: &Dataset,
    rules: &RuleSet,
    cutoff: NaiveDate,
    days: u32,
    scorer: &mut Scorer,
) -> Result<Stability, EvaluationError> {
    if data.created_ms.is_none() {
        return Err(EvaluationError::NoCreationDates);
    }
    // The latest period ends with the newest contact: later dates (events,
    // wins) bring no new contacts to compare.
    let latest = data
        .created_ms
        .as_ref()
        .and_then(|c| c.iter().flatten().max().copied())
        .and_then(crate::data::parse::date_of_ms)
        .ok_or(EvaluationError::NoCreationDates)?;
    let span = Days::new(u64::from(days.max(1) - 1));
    let reference_to = cutoff.pred_opt().unwrap_or(cutoff);
    let reference_from = reference_to.checked_sub_days(span).unwrap_or(reference_to);
    let latest_from = latest.checked_sub_days(span).unwrap_or(latest);
    if latest_from <= reference_to {
        // The latest cutoff whose period (up to the day before it) ends
        // before the newest contacts' begins.
        let last_cutoff = latest_from;
        return Err(EvaluationError::TooShort(format!(
            "the newest contacts (created {latest_from} to {latest}, the last {days} days of creation dates) are not all after the {days} days before the cutoff {cutoff}: choose an earlier cutoff, {last_cutoff} or before"
        )));
    }
    let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
    let reference_rows = created_between(data, reference_from, reference_to);
    let latest_rows = created_between(data, latest_from, latest);
    let reference_scores = scorer
        .score(data, &checked, reference_to)?
        .select(&reference_rows);
    let latest_scores = scorer.score(data, &checked, latest)?.select(&latest_rows);
    let rules = reference_scores
        .rules
        .iter()
        .zip(&latest_scores.rules)
        .map(|(r, l)| {
            let (rm, lm) = (r.matched.count(), l.matched.count());
            let share = |m: usize, n: usize| if n == 0 { 0.0 } else { m as f64 / n as f64 };
            RuleStability {
                path: r.path,
                name: r.name.clone(),
                reference_rate: share(rm, reference_rows.len()),
                latest_rate: share(lm, latest_rows.len()),
                psi: match_rate_psi(rm, reference_rows.len(), lm, latest_rows.len()),
            }
        })
        .collect();
    Ok(Stability {
        reference: Period {
            from: reference_from,
            to: reference_to,
            as_of: reference_to,
            contacts: reference_rows.len(),
        },
        latest: Period {
            from: latest_from,
            to: latest,
            as_of: latest,
            contacts: latest_rows.len(),
        },
        score: score_psi(&reference_scores.total, &latest_scores.total),
        rules,
    })
}

/// The fitted points checked on a later window than the one they were
/// fitted on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldOut {
    /// The later window.
    pub window: BacktestWindow,
    /// Contacts ranked there (excluded by neither rule set).
    pub contacts: usize,
    /// Wins among them.
    pub wins: usize,
    /// AUC of the rule set as it is.
    pub current: Option<Auc>,
    /// AUC of the rule set with the fitted points.
    pub fitted: Option<Auc>,
    /// Fitted minus current, paired.
    pub gain: Option<AucDifference>,
}

/// Jointly fitted points and what they gain on held-out data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointFitReport {
    /// The back-test window the points were fitted on.
    pub fit_window: BacktestWindow,
    /// The fitted points, rule by rule.
    pub fit: JointFit,
    /// The check on a later window, when the history is long enough.
    pub held_out: Option<HeldOut>,
    /// Why there is no held-out check, or what to read into it (a sentence).
    pub note: Option<String>,
}

/// The window to fit on so that the window at `cutoff` holds the fit out:
/// one horizon and a day earlier, when the history reaches back that far
/// (three months after the first contact); otherwise `cutoff` itself, and
/// the check falls on the window after it.
pub fn fit_cutoff_before(data: &Dataset, cutoff: NaiveDate, horizon_days: u32) -> NaiveDate {
    let earlier = cutoff.checked_sub_days(Days::new(u64::from(horizon_days) + 1));
    let first = super::backtest::default_cutoff_range(data, horizon_days).map(|(first, _)| first);
    match (earlier, first) {
        (Some(earlier), Some(first)) if earlier >= first => earlier,
        _ => cutoff,
    }
}

/// Fits the points of `rules` jointly on the back-test window at
/// `fit_cutoff`, then checks them on the window right after it (cutoff one
/// horizon and a day later), when the data reaches its end.
pub fn joint_fit(
    data: &Dataset,
    rules: &RuleSet,
    fit_cutoff: NaiveDate,
    horizon_days: u32,
    scorer: &mut Scorer,
) -> Result<JointFitReport, EvaluationError> {
    let fit_window = BacktestWindow {
        cutoff: fit_cutoff,
        horizon_days,
    };
    let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
    let sample = sample_at(data, &checked, fit_window, scorer)?;
    let won: Vec<bool> = (0..sample.scores.len())
        .map(|r| sample.outcomes.is_won(r))
        .collect();
    let fit = joint_points(&sample.scores, &won, POINTS_TO_DOUBLE_ODDS, DEFAULT_L2)?;
    let held_cutoff = fit_window
        .last_day()
        .checked_add_days(Days::new(1))
        .unwrap_or(fit_cutoff);
    let held_window = BacktestWindow {
        cutoff: held_cutoff,
        horizon_days,
    };
    let reaches = data
        .latest_date
        .is_some_and(|latest| held_window.last_day() <= latest);
    if !reaches {
        return Ok(JointFitReport {
            fit_window,
            fit,
            held_out: None,
            note: Some(format!(
                "No held-out check: the window after the fit ({held_cutoff} through {}) reaches past the end of the data; fit at an earlier cutoff to see whether the fitted points rank better",
                held_window.last_day()
            )),
        });
    }
    let fitted_rules = CheckedRuleSet::new(apply_fitted(rules, &fit), &data.schema);
    let current = sample_at(data, &checked, held_window, scorer)?;
    let fitted = sample_at(data, &fitted_rules, held_window, scorer)?;
    let (a, won) = ranked(&fitted.scores, &current.outcomes, Some(&current.scores));
    let (b, _) = ranked(&current.scores, &current.outcomes, Some(&fitted.scores));
    let gain = auc_difference(&a, &b, &won);
    let note = gain.as_ref().map(|g| {
        if g.low > 0.0 {
            "The fitted points rank the later contacts better than the current points (the interval of the gain is above 0)".to_owned()
        } else if g.high < 0.0 {
            "The fitted points rank the later contacts worse than the current points: keep the current points".to_owned()
        } else {
            "No clear gain: on the later window the fitted points rank no better than the current points (the interval of the gain includes 0)".to_owned()
        }
    });
    Ok(JointFitReport {
        fit_window,
        fit,
        held_out: Some(HeldOut {
            window: held_window,
            contacts: won.len(),
            wins: won.iter().filter(|w| **w).count(),
            current: auc(&b, &won),
            fitted: auc(&a, &won),
            gain,
        }),
        note,
    })
}
