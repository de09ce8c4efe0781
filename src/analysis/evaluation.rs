//! The evidence an analyst defends thresholds with, for a rule set and its
//! baseline on the same contacts: model quality (AUC, KS, gains,
//! calibration, precision at capacity), stability between the back-test
//! window and the latest period, and points fitted jointly on a back-test
//! window and checked on a later one.
//!
//! Conventions (the README states them for a spreadsheet):
//! - Contacts excluded by the rule set are left out of its ranking: they
//!   never qualify, whatever their points. A difference between two rule
//!   sets is measured on the contacts neither excludes.
//! - A capacity of K leads a month allows K × months contacts: the months of
//!   the history for a simulation, the horizon for a back-test. The
//!   threshold is the lowest whose contacts fit, ties never split.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::backtest::{BacktestError, BacktestWindow, sample_at};
use super::joint_fit::{DEFAULT_L2, FitError, JointFit, apply_fitted, joint_points};
use super::quality::{
    Auc, AucDifference, Quality, RocPoint, auc, auc_difference, quality, roc_curve,
};
use super::stability::{Psi, match_rate_psi, score_psi};
use super::stats::Rate;
use super::sweep::DAYS_PER_MONTH;
use crate::data::{Dataset, Outcomes};
use crate::engine::{Scorer, Scores};
use crate::model::{CheckedRuleSet, RulePath, RuleSet, Stage};

/// Points that double the odds, for the jointly fitted points (the scale of
/// the univariate suggestions).
pub use super::evidence::POINTS_TO_DOUBLE_ODDS;

/// How many contacts sales can follow up: so many a month, over so many months.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CapacityAsk {
    /// Leads a month.
    pub per_month: f64,
    /// Months the figures cover.
    pub months: f64,
}

impl CapacityAsk {
    /// Contacts sales can follow up in the period.
    pub fn contacts(&self) -> usize {
        (self.per_month * self.months).floor().max(0.0) as usize
    }

    /// The capacity over a back-test's horizon.
    pub fn over_horizon(per_month: f64, horizon_days: u32) -> CapacityAsk {
        CapacityAsk {
            per_month,
            months: f64::from(horizon_days + 1) / DAYS_PER_MONTH,
        }
    }
}

/// Precision and wins at the sales team's capacity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtCapacity {
    /// What was asked.
    pub ask: CapacityAsk,
    /// Contacts sales can follow up in the period.
    pub allowed: usize,
    /// The lowest threshold whose contacts fit.
    pub threshold: i64,
    /// Contacts scoring at or above it.
    pub contacts: usize,
    /// Their conversion: the precision sales would see.
    pub precision: Rate,
    /// Wins among them.
    pub wins_captured: usize,
    /// Wins among every ranked contact.
    pub wins: usize,
    /// Share of the wins captured.
    pub recall: f64,
}

/// One rule set's quality on its ranked contacts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedQuality {
    /// AUC, KS, gains and calibration.
    pub quality: Quality,
    /// The ROC curve (at most about 1,000 points).
    pub roc: Vec<RocPoint>,
    /// Precision and wins at capacity, when one was asked and fits.
    pub capacity: Option<AtCapacity>,
}

/// A rule set's quality beside its baseline's, on the same contacts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelQuality {
    /// The rule set.
    pub rule_set: RankedQuality,
    /// The baseline, when there is one.
    pub baseline: Option<RankedQuality>,
    /// AUC of the rule set minus the baseline's, paired, on the contacts
    /// neither excludes.
    pub difference: Option<AucDifference>,
    /// How many contacts the difference is measured on.
    pub paired_contacts: usize,
}

/// The scores and outcomes of the contacts a scoring ranks (not excluded,
/// nor excluded by `also`).
fn ranked(scores: &Scores, outcomes: &Outcomes, also: Option<&Scores>) -> (Vec<i64>, Vec<bool>) {
    let kept = |row: usize, s: &Scores| s.stage.get(row).is_some_and(|st| *st != Stage::Excluded);
    (0..scores.len())
        .filter(|&row| kept(row, scores) && also.is_none_or(|a| kept(row, a)))
        .map(|row| {
            (
                scores.total.get(row).copied().unwrap_or(0),
                outcomes.is_won(row),
            )
        })
        .unzip()
}

fn ranked_quality(scores: &[i64], won: &[bool], ask: Option<CapacityAsk>) -> RankedQuality {
    RankedQuality {
        quality: quality(scores, won),
        roc: roc_curve(scores, won),
        capacity: ask.and_then(|ask| at_capacity(scores, won, ask)),
    }
}

/// Model quality of a scoring (and its baseline) against the outcomes.
pub fn model_quality(
    scores: &Scores,
    baseline: Option<&Scores>,
    outcomes: &Outcomes,
    ask: Option<CapacityAsk>,
) -> ModelQuality {
    let (own_scores, own_won) = ranked(scores, outcomes, None);
    // Reused by both rankings below.
    let rule_set = ranked_quality(&own_scores, &own_won, ask);
    let Some(baseline) = baseline else {
        return ModelQuality {
            rule_set,
            baseline: None,
            difference: None,
            paired_contacts: 0,
        };
    };
    let (base_scores, base_won) = ranked(baseline, outcomes, None);
    let (paired_a, won) = ranked(scores, outcomes, Some(baseline));
    let (paired_b, _) = ranked(baseline, outcomes, Some(scores));
    ModelQuality {
        rule_set,
        baseline: Some(ranked_quality(&base_scores, &base_won, ask)),
        difference: auc_difference(&paired_a, &paired_b, &won),
        paired_contacts: won.len(),
    }
}

/// The lowest threshold whose contacts fit the capacity (ties never split).
pub fn at_capacity(scores: &[i64], won: &[bool], ask: CapacityAsk) -> Option<AtCapacity> {
    let allowed = ask.contacts();
    let mut order: Vec<(i64, bool)> = scores.iter().copied().zip(won.iter().copied()).collect();
    order.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let wins = order.iter().filter(|(_, w)| *w).count();
    let (mut taken, mut captured) = (0usize, 0usize);
    let mut best: Option<(i64, usize, usize)> = None;
    let mut i = 0;
    while let Some(&(score, _)) = order.get(i) {
        let (mut group, mut group_wins) = (0usize, 0usize);
        while let Some(&(s, w)) = order.get(i) {
            if s != score {
                break;
            }
            group += 1;
            group_wins += usize::from(w);
            i += 1;
        }
        if taken + group > allowed {
            break;
        }
        taken += group;
        captured += group_wins;
        best = Some((score, taken, captured));
    }
    let (threshold, contacts, wins_captured) = best?;
    Some(AtCapacity {
        ask,
        allowed,
        threshold,
        contacts,
        precision: Rate::new(wins_captured, contacts),
        wins_captured,
        wins,
        recall: if wins == 0 {
            0.0
        } else {
            wins_captured as f64 / wins as f64
        },
    })
}

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
    /// New contacts of the latest period, scored as of the latest date.
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
/// of the day before it) with those created in the last `days` of the data
/// (scored as of the latest date): the score distribution and every rule's
/// match rate.
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
    let latest = data.latest_date.ok_or(EvaluationError::NoCreationDates)?;
    let span = Days::new(u64::from(days.max(1) - 1));
    let reference_to = cutoff.pred_opt().unwrap_or(cutoff);
    let reference_from = reference_to.checked_sub_days(span).unwrap_or(reference_to);
    let latest_from = latest.checked_sub_days(span).unwrap_or(latest);
    if latest_from <= reference_to {
        return Err(EvaluationError::TooShort(format!(
            "the latest {days} days ({latest_from} to {latest}) overlap the period before the cutoff {cutoff}: choose an earlier cutoff"
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
