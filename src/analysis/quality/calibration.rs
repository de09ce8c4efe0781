//! What a score means as a probability of winning: Platt scaling, checked
//! decile by decile, with the Brier score.
//!
//! Conventions, for reproducing the figures by hand:
//!
//! - The calibrated probability of a contact scoring `s` is
//!   `p(s) = 1 / (1 + exp(−(intercept + slope × s)))`, with intercept and
//!   slope fitted by maximum likelihood (logistic regression of won on the
//!   score). Newton–Raphson runs on the score minus its mean, for numerical
//!   stability, from the overall conversion and slope 0, for at most 50
//!   iterations, halving a step that would lower the likelihood; the
//!   intercept is then reported for the raw score.
//! - All scores equal: the slope is 0 and `p` is the overall conversion.
//! - Wins and others perfectly separated by the score: the maximum does not
//!   exist (the slope grows without end); the fit stops after 50 iterations
//!   or when the likelihood stops rising, and the curve is then close to a
//!   step.
//! - The fit is in-sample: it is judged on the contacts it was fitted to,
//!   which flatters it slightly.
//! - Bands are the gains deciles; a band's `predicted` is the mean `p` of
//!   its contacts, to set beside its observed conversion.
//! - Brier score = mean of `(p − y)²`, `y = 1` for a win and 0 otherwise;
//!   the reference predicts the overall conversion `r` for everyone, giving
//!   `r (1 − r)`; skill = `1 − Brier / reference`.

use serde::Serialize;

use super::{TieGroup, deciles, paired, tie_groups};
use crate::analysis::Rate;

/// Newton–Raphson stops after this many iterations.
const MAX_ITERATIONS: usize = 50;

/// A step is halved at most this many times while it lowers the likelihood.
const MAX_HALVINGS: usize = 30;

/// Newton–Raphson stops once a step changes the log-odds by less than this
/// at the mean score and one standard deviation away from it.
const TOLERANCE: f64 = 1e-10;

/// Observed and predicted conversion of one decile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CalibrationBand {
    /// 1 (highest scores) to 10.
    pub decile: u8,
    /// Lowest score in the decile; `None` when it is empty.
    pub min_score: Option<i64>,
    /// Highest score in the decile; `None` when it is empty.
    pub max_score: Option<i64>,
    /// Wins among the decile's contacts.
    pub observed: Rate,
    /// Mean calibrated probability of its contacts; `None` when it is empty.
    pub predicted: Option<f64>,
}

/// The Platt calibration of a scoring and how well it predicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Log-odds of winning at score 0.
    pub intercept: f64,
    /// Change in log-odds per point.
    pub slope: f64,
    /// One band per gains decile, decile 1 first.
    pub bands: Vec<CalibrationBand>,
    /// Mean squared error of the calibrated probabilities.
    pub brier: f64,
    /// Brier score of predicting the overall conversion for everyone.
    pub brier_reference: f64,
    /// `1 − brier / brier_reference`; 0 when the reference is 0.
    pub brier_skill: f64,
}

/// The calibration of `scores` against `won`; `None` without wins or
/// without others.
pub fn calibration(scores: &[i64], won: &[bool]) -> Option<Calibration> {
    from_groups(&tie_groups(paired(scores, won)))
}

/// The calibration from tie groups sorted highest score first.
pub(super) fn from_groups(groups: &[TieGroup]) -> Option<Calibration> {
    let contacts: usize = groups.iter().map(TieGroup::contacts).sum();
    let wins: usize = groups.iter().map(|g| g.wins).sum();
    if wins == 0 || wins == contacts {
        return None;
    }
    let fit = Fit::new(groups);
    let n = contacts as f64;
    let brier = groups
        .iter()
        .map(|g| {
            let p = fit.probability(g.score);
            g.wins as f64 * (1.0 - p).powi(2) + g.others as f64 * p.powi(2)
        })
        .sum::<f64>()
        / n;
    let rate = wins as f64 / n;
    let brier_reference = rate * (1.0 - rate);
    let brier_skill = if brier_reference > 0.0 {
        1.0 - brier / brier_reference
    } else {
        0.0
    };
    Some(Calibration {
        intercept: fit.intercept - fit.slope * fit.mean_score,
        slope: fit.slope,
        bands: bands(groups, &fit),
        brier,
        brier_reference,
        brier_skill,
    })
}

/// One band per decile: observed conversion beside the mean prediction.
fn bands(groups: &[TieGroup], fit: &Fit) -> Vec<CalibrationBand> {
    deciles(groups)
        .iter()
        .zip(1u8..)
        .map(|(members, decile)| {
            let contacts: usize = members.iter().map(TieGroup::contacts).sum();
            let wins: usize = members.iter().map(|g| g.wins).sum();
            let predicted_wins: f64 = members
                .iter()
                .map(|g| g.contacts() as f64 * fit.probability(g.score))
                .sum();
            CalibrationBand {
                decile,
                min_score: members.last().map(|g| g.score),
                max_score: members.first().map(|g| g.score),
                observed: Rate::new(wins, contacts),
                predicted: (contacts > 0).then(|| predicted_wins / contacts as f64),
            }
        })
        .collect()
}

/// A logistic fit on the centred score: log-odds = intercept + slope × (s − mean).
struct Fit {
    /// Mean score of the contacts.
    mean_score: f64,
    /// Log-odds at the mean score.
    intercept: f64,
    /// Change in log-odds per point.
    slope: f64,
}

impl Fit {
    /// The maximum-likelihood fit (see the module documentation) of groups
    /// holding both wins and others.
    fn new(groups: &[TieGroup]) -> Fit {
        let contacts: usize = groups.iter().map(TieGroup::contacts).sum();
        let wins: usize = groups.iter().map(|g| g.wins).sum();
        let n = contacts as f64;
        let mean_score = groups
            .iter()
            .map(|g| g.contacts() as f64 * g.score as f64)
            .sum::<f64>()
            / n;
        let variance = groups
            .iter()
            .map(|g| g.contacts() as f64 * (g.score as f64 - mean_score).powi(2))
            .sum::<f64>()
            / n;
        let rate = wins as f64 / n;
        let mut fit = Fit {
            mean_score,
            intercept: (rate / (1.0 - rate)).ln(),
            slope: 0.0,
        };
        // With one score the overall conversion is already the maximum.
        if variance > 0.0 {
            fit.newton_raphson(groups, variance.sqrt());
        }
        fit
    }

    /// Newton–Raphson with step halving, from the current estimate.
    fn newton_raphson(&mut self, groups: &[TieGroup], score_spread: f64) {
        let mut likelihood = self.log_likelihood(groups);
        for _ in 0..MAX_ITERATIONS {
            let Some((intercept_step, slope_step)) = self.newton_step(groups) else {
                return;
            };
            let mut scale = 1.0;
            let mut accepted = None;
            for _ in 0..MAX_HALVINGS {
                let trial = Fit {
                    intercept: self.intercept + scale * intercept_step,
                    slope: self.slope + scale * slope_step,
                    ..*self
                };
                let trial_likelihood = trial.log_likelihood(groups);
                if trial_likelihood >= likelihood {
                    accepted = Some((trial, trial_likelihood));
                    break;
                }
                scale /= 2.0;
            }
            let Some((trial, trial_likelihood)) = accepted else {
                return;
            };
            *self = trial;
            likelihood = trial_likelihood;
            let moved = scale * (intercept_step.abs() + slope_step.abs() * score_spread);
            if moved < TOLERANCE {
                return;
            }
        }
    }

    /// The Newton step `H⁻¹ g` for (intercept, slope); `None` when the
    /// curvature vanishes (probabilities saturated at 0 or 1).
    fn newton_step(&self, groups: &[TieGroup]) -> Option<(f64, f64)> {
        let (mut gradient_intercept, mut gradient_slope) = (0.0, 0.0);
        let (mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0);
        for group in groups {
            let x = group.score as f64 - self.mean_score;
            let p = self.probability(group.score);
            let residual = group.wins as f64 - group.contacts() as f64 * p;
            let weight = group.contacts() as f64 * p * (1.0 - p);
            gradient_intercept += residual;
            gradient_slope += residual * x;
            h00 += weight;
            h01 += weight * x;
            h11 += weight * x * x;
        }
        let determinant = h00 * h11 - h01 * h01;
        if !(determinant.is_finite() && determinant > 0.0) {
            return None;
        }
        Some((
            (h11 * gradient_intercept - h01 * gradient_slope) / determinant,
            (h00 * gradient_slope - h01 * gradient_intercept) / determinant,
        ))
    }

    /// The log-likelihood of the outcomes under this fit.
    fn log_likelihood(&self, groups: &[TieGroup]) -> f64 {
        groups
            .iter()
            .map(|g| {
                let log_odds = self.log_odds(g.score);
                -(g.wins as f64 * softplus(-log_odds) + g.others as f64 * softplus(log_odds))
            })
            .sum()
    }

    /// Log-odds of winning at `score`.
    fn log_odds(&self, score: i64) -> f64 {
        self.intercept + self.slope * (score as f64 - self.mean_score)
    }

    /// Probability of winning at `score`.
    fn probability(&self, score: i64) -> f64 {
        let log_odds = self.log_odds(score);
        // Written so that exp never overflows.
        if log_odds >= 0.0 {
            1.0 / (1.0 + (-log_odds).exp())
        } else {
            let odds = log_odds.exp();
            odds / (1.0 + odds)
        }
    }
}

/// `ln(1 + eᶻ)` without overflow: minus the log-probability of the outcome
/// that `−z` favours.
fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: bool = true;
    const F: bool = false;

    #[test]
    fn binary_score_recovers_the_observed_rates() {
        // Score 0: 4 contacts, 1 win (rate 1/4); score 1: 5 contacts, 3 wins
        // (rate 3/5). Two scores, two parameters: the fit reproduces both
        // rates, so intercept = logit(1/4) = ln(1/3) = −1.0986123 and slope =
        // logit(3/5) − logit(1/4) = ln(1.5) − ln(1/3) = ln(4.5) = 1.5040774.
        // Brier: score 0 → 1 × 0.75² + 3 × 0.25² = 0.75; score 1 → 3 × 0.4²
        // + 2 × 0.6² = 1.2; (0.75 + 1.2) / 9 = 13/60 = 0.2166667.
        // Reference r = 4/9: r (1 − r) = 20/81 = 0.2469136;
        // skill = 1 − (13/60) / (20/81) = 1 − 0.8775 = 0.1225.
        let scores = [0, 0, 0, 0, 1, 1, 1, 1, 1];
        let won = [T, F, F, F, T, T, T, F, F];
        let fit = calibration(&scores, &won).unwrap();
        assert!(
            (fit.intercept - (1.0_f64 / 3.0).ln()).abs() < 1e-9,
            "{fit:?}"
        );
        assert!((fit.slope - 4.5_f64.ln()).abs() < 1e-9, "{fit:?}");
        assert!((fit.brier - 13.0 / 60.0).abs() < 1e-9);
        assert!((fit.brier_reference - 20.0 / 81.0).abs() < 1e-15);
        assert!((fit.brier_skill - 0.1225).abs() < 1e-9);
        // The five at score 1 (h = 0) are decile 1; the four at 0 (h = 5)
        // are decile floor(50 / 9) + 1 = 6.
        let filled: Vec<(u8, usize, f64)> = fit
            .bands
            .iter()
            .filter_map(|b| Some((b.decile, b.observed.n, b.predicted?)))
            .collect();
        assert_eq!(filled.len(), 2);
        assert_eq!((filled[0].0, filled[0].1), (1, 5));
        assert!((filled[0].2 - 0.6).abs() < 1e-9);
        assert_eq!((filled[1].0, filled[1].1), (6, 4));
        assert!((filled[1].2 - 0.25).abs() < 1e-9);
        assert_eq!(fit.bands.len(), 10);
    }

    #[test]
    fn shifted_scores_keep_the_slope_and_move_the_intercept() {
        // The same table at scores 100 and 101: the slope is unchanged and
        // the intercept becomes ln(1/3) − 100 × ln(4.5).
        let scores = [100, 100, 100, 100, 101, 101, 101, 101, 101];
        let won = [T, F, F, F, T, T, T, F, F];
        let fit = calibration(&scores, &won).unwrap();
        assert!((fit.slope - 4.5_f64.ln()).abs() < 1e-9);
        let intercept = (1.0_f64 / 3.0).ln() - 100.0 * 4.5_f64.ln();
        assert!((fit.intercept - intercept).abs() < 1e-7, "{fit:?}");
    }

    #[test]
    fn equal_scores_predict_the_overall_rate() {
        // 2 wins of 5: slope 0, intercept logit(0.4) = ln(2/3); Brier equals
        // the reference 0.4 × 0.6 = 0.24, so skill 0.
        let fit = calibration(&[3; 5], &[T, F, T, F, F]).unwrap();
        assert_eq!(fit.slope, 0.0);
        assert!((fit.intercept - (2.0_f64 / 3.0).ln()).abs() < 1e-12);
        assert!((fit.brier - 0.24).abs() < 1e-12);
        assert!(fit.brier_skill.abs() < 1e-12);
    }

    #[test]
    fn separated_outcomes_stay_finite() {
        let fit = calibration(&[1, 2, 3, 4], &[F, F, T, T]).unwrap();
        assert!(
            fit.intercept.is_finite() && fit.slope.is_finite(),
            "{fit:?}"
        );
        assert!(fit.slope > 5.0, "{fit:?}");
        assert!(fit.brier < 1e-3, "{fit:?}");
    }

    #[test]
    fn no_calibration_without_both_classes() {
        assert_eq!(calibration(&[1, 2], &[T, T]), None);
        assert_eq!(calibration(&[1, 2], &[F, F]), None);
        assert_eq!(calibration(&[], &[]), None);
    }
}
