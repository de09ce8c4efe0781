//! Ridge-penalised logistic regression by Newton–Raphson, with a dense
//! Cholesky solve and standard errors from the penalised information.
//!
//! The problems are small in features (a rule set has at most a few hundred
//! rules) and large in contacts, so the work is one pass over the contacts
//! per step to build the gradient and the Hessian, and a solve of a matrix
//! with one row per rule. Rule features are mostly 0, so each contact adds
//! only the products of the features it has.

use thiserror::Error;

/// Steps at most; a penalised fit takes well under ten.
const MAX_ITERATIONS: usize = 100;

/// The fit has converged when no coefficient moves by more than this.
const STEP_TOLERANCE: f64 = 1e-8;

/// A Newton step is halved at most this many times before giving up.
const MAX_HALVINGS: usize = 50;

/// A step is accepted when the penalised log-likelihood falls by no more
/// than this share of its size: near the maximum, a sum over a million
/// contacts cannot tell a true gain from rounding, and refusing such steps
/// would stop a fit that is already there.
const ACCEPT_TOLERANCE: f64 = 1e-12;

/// A Cholesky pivot this small against its diagonal means the matrix is
/// singular up to rounding (two rules that match the same contacts).
const PIVOT_TOLERANCE: f64 = 1e-10;

/// Why a logistic regression could not be fitted; written for the user.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    /// Nothing to learn from.
    #[error("the rules cannot be fitted jointly: there are no contacts")]
    NoContacts,
    /// Nothing to fit.
    #[error("the rules cannot be fitted jointly: no rule matches some contacts and not others")]
    NoFeatures,
    /// Every outcome is a non-win.
    #[error("the rules cannot be fitted jointly: no contact won")]
    NoWins,
    /// Every outcome is a win.
    #[error("the rules cannot be fitted jointly: every contact won")]
    AllWon,
    /// The penalised information matrix is not positive definite.
    #[error(
        "the rules cannot be fitted jointly: some rules match the same contacts as another rule \
         or a combination of rules, so their points cannot be told apart; a ridge penalty above 0 \
         shares the points between them"
    )]
    Singular,
    /// A feature does not have one value per contact.
    #[error(
        "the rules cannot be fitted jointly: feature {feature} has {values} values for {contacts} contacts"
    )]
    FeatureLength {
        /// Index of the feature.
        feature: usize,
        /// Its number of values.
        values: usize,
        /// The number of contacts (outcomes).
        contacts: usize,
    },
    /// A feature value is infinite or not a number.
    #[error(
        "the rules cannot be fitted jointly: feature {feature} is not a finite number for contact {contact}"
    )]
    NotFinite {
        /// Index of the feature.
        feature: usize,
        /// Row of the contact.
        contact: usize,
    },
    /// The outcomes are not one per scored contact.
    #[error(
        "the rules cannot be fitted jointly: there are {outcomes} outcomes for {contacts} scored contacts"
    )]
    OutcomeCount {
        /// The number of outcomes.
        outcomes: usize,
        /// The number of scored contacts.
        contacts: usize,
    },
    /// The ridge penalty is negative or not a number.
    #[error("the ridge penalty must be a number of 0 or more, not {0}")]
    Penalty(f64),
    /// The points scale is not a positive number.
    #[error("the points that double the odds must be a number above 0, not {0}")]
    Scale(f64),
}

/// A fitted logistic regression: P(win) = σ(intercept + Σ coefficient·feature).
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticFit {
    /// Log-odds of winning with every feature at 0 (not penalised).
    pub intercept: f64,
    /// Change in log-odds per unit of each feature, in the order given.
    pub coefficients: Vec<f64>,
    /// Standard error of each coefficient: the square root of the diagonal
    /// of the inverse penalised information matrix.
    pub std_errors: Vec<f64>,
    /// Newton steps taken.
    pub iterations: usize,
    /// Whether the last step moved no coefficient by more than 1e-8. False
    /// when the maximum lies at infinity (some combination of features
    /// separates wins from non-wins perfectly and the penalty is 0): the
    /// coefficients are then large, finite and meaningless.
    pub converged: bool,
    /// Log-likelihood of the outcomes at the fitted coefficients, without
    /// the penalty.
    pub log_likelihood: f64,
}

/// Fits P(win) = σ(b0 + Σ bj·xij) by maximising the log-likelihood minus
/// `l2`/2 · Σ bj² (the intercept b0 is not penalised).
///
/// `features[j][i]` is feature j of contact i; `won[i]` is contact i's
/// outcome. Newton–Raphson from the overall win rate, each step halved
/// until the penalised likelihood does not fall, stopping when no
/// coefficient moves by more than 1e-8 or after 100 steps.
///
/// Data that some combination of features separates perfectly has no
/// maximum when `l2` is 0: the result then has `converged == false` and
/// must not be read as points. With `l2 > 0` there is always a maximum.
/// Features that cannot be told apart (identical, or one a combination of
/// others) give [`FitError::Singular`] when `l2` is 0; with `l2 > 0` they
/// share the weight.
pub fn fit_logistic(features: &[Vec<f64>], won: &[bool], l2: f64) -> Result<LogisticFit, FitError> {
    check_inputs(features, won, l2)?;
    let problem = Problem { features, won, l2 };
    let wins = won.iter().filter(|w| **w).count();
    let mut beta = vec![0.0; features.len() + 1];
    if let Some(intercept) = beta.first_mut() {
        *intercept = (wins as f64 / (won.len() - wins) as f64).ln();
    }
    let mut current = problem.evaluate(&beta);
    let mut iterations = 0;
    let mut converged = false;
    while iterations < MAX_ITERATIONS {
        let step = Cholesky::new(&current.hessian, beta.len())?.solve(&current.gradient);
        let largest_step = step.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
        let Some((next_beta, next)) = problem.line_search(&beta, &step, &current) else {
            break;
        };
        beta = next_beta;
        current = next;
        iterations += 1;
        if largest_step < STEP_TOLERANCE {
            converged = true;
            break;
        }
    }
    let variances = Cholesky::new(&current.hessian, beta.len())?.inverse_diagonal();
    let (&intercept, coefficients) = beta.split_first().ok_or(FitError::NoFeatures)?;
    Ok(LogisticFit {
        intercept,
        coefficients: coefficients.to_vec(),
        std_errors: variances.iter().skip(1).map(|v| v.sqrt()).collect(),
        iterations,
        converged,
        log_likelihood: current.log_likelihood,
    })
}

fn check_inputs(features: &[Vec<f64>], won: &[bool], l2: f64) -> Result<(), FitError> {
    let contacts = won.len();
    if contacts == 0 {
        return Err(FitError::NoContacts);
    }
    if features.is_empty() {
        return Err(FitError::NoFeatures);
    }
    let wins = won.iter().filter(|w| **w).count();
    if wins == 0 {
        return Err(FitError::NoWins);
    }
    if wins == contacts {
        return Err(FitError::AllWon);
    }
    if !(l2 >= 0.0 && l2.is_finite()) {
        return Err(FitError::Penalty(l2));
    }
    for (feature, values) in features.iter().enumerate() {
        if values.len() != contacts {
            return Err(FitError::FeatureLength {
                feature,
                values: values.len(),
                contacts,
            });
        }
        if let Some(contact) = values.iter().position(|v| !v.is_finite()) {
            return Err(FitError::NotFinite { feature, contact });
        }
    }
    Ok(())
}

struct Problem<'a> {
    features: &'a [Vec<f64>],
    won: &'a [bool],
    l2: f64,
}

/// The objective and its derivatives at one point. Index 0 is the
/// intercept; the Hessian is the penalised information (the negative
/// Hessian of the penalised log-likelihood), row-major.
struct Evaluation {
    log_likelihood: f64,
    penalised: f64,
    gradient: Vec<f64>,
    hessian: Vec<f64>,
}

impl Problem<'_> {
    /// One pass over the contacts.
    fn evaluate(&self, beta: &[f64]) -> Evaluation {
        let dim = beta.len();
        let mut gradient = vec![0.0; dim];
        let mut hessian = vec![0.0; dim * dim];
        let mut log_likelihood = 0.0;
        let (intercept, slopes) = beta.split_first().unwrap_or((&0.0, &[]));
        // The features a contact has, as (index in beta, value): most rules
        // match few contacts, so the products are taken over these only.
        let mut present: Vec<(usize, f64)> = Vec::with_capacity(dim);
        for (row, &won) in self.won.iter().enumerate() {
            present.clear();
            let mut eta = *intercept;
            for (j, (column, slope)) in self.features.iter().zip(slopes).enumerate() {
                let x = column.get(row).copied().unwrap_or(0.0);
                if x != 0.0 {
                    present.push((j + 1, x));
                    eta += slope * x;
                }
            }
            let terms = RowTerms::new(eta, won);
            log_likelihood += terms.log_likelihood;
            add(&mut gradient, 0, terms.residual);
            add(&mut hessian, 0, terms.weight);
            let mut rest = present.as_slice();
            while let Some((&(j, xj), tail)) = rest.split_first() {
                add(&mut gradient, j, terms.residual * xj);
                let weighted = terms.weight * xj;
                add(&mut hessian, j, weighted);
                for &(k, xk) in rest {
                    add(&mut hessian, j * dim + k, weighted * xk);
                }
                rest = tail;
            }
        }
        // Only the upper triangle was summed; the lower is its mirror.
        for j in 0..dim {
            for k in 0..j {
                let upper = hessian.get(k * dim + j).copied().unwrap_or(0.0);
                if let Some(lower) = hessian.get_mut(j * dim + k) {
                    *lower = upper;
                }
            }
        }
        let mut penalty = 0.0;
        for (j, b) in beta.iter().enumerate().skip(1) {
            penalty += b * b;
            add(&mut gradient, j, -self.l2 * b);
            add(&mut hessian, j * dim + j, self.l2);
        }
        Evaluation {
            log_likelihood,
            penalised: log_likelihood - self.l2 / 2.0 * penalty,
            gradient,
            hessian,
        }
    }

    /// The point along `step` where the penalised likelihood does not fall,
    /// trying the whole step first and halving it; `None` when even a tiny
    /// fraction falls.
    fn line_search(
        &self,
        beta: &[f64],
        step: &[f64],
        current: &Evaluation,
    ) -> Option<(Vec<f64>, Evaluation)> {
        let tolerance = ACCEPT_TOLERANCE * current.penalised.abs().max(1.0);
        let mut fraction = 1.0;
        for _ in 0..=MAX_HALVINGS {
            let candidate: Vec<f64> = beta
                .iter()
                .zip(step)
                .map(|(b, s)| b + fraction * s)
                .collect();
            let evaluation = self.evaluate(&candidate);
            if evaluation.penalised >= current.penalised - tolerance {
                return Some((candidate, evaluation));
            }
            fraction /= 2.0;
        }
        None
    }
}

fn add(values: &mut [f64], index: usize, amount: f64) {
    if let Some(value) = values.get_mut(index) {
        *value += amount;
    }
}

/// One contact's share of the log-likelihood and its derivatives.
struct RowTerms {
    log_likelihood: f64,
    /// Outcome minus predicted probability.
    residual: f64,
    /// p·(1 − p).
    weight: f64,
}

impl RowTerms {
    fn new(eta: f64, won: bool) -> RowTerms {
        // Both probabilities from exp(−|η|), which cannot overflow, so that
        // 1 − p is not computed as a difference that rounds to 0 for a
        // contact the model is sure about.
        let small = (-eta.abs()).exp();
        let (p_win, p_lose) = if eta >= 0.0 {
            (1.0 / (1.0 + small), small / (1.0 + small))
        } else {
            (small / (1.0 + small), 1.0 / (1.0 + small))
        };
        let log_one_plus = small.ln_1p();
        let (log_likelihood, residual) = if won {
            (-((-eta).max(0.0) + log_one_plus), p_lose)
        } else {
            (-(eta.max(0.0) + log_one_plus), -p_win)
        };
        RowTerms {
            log_likelihood,
            residual,
            weight: p_win * p_lose,
        }
    }
}

/// The lower-triangular factor L of a symmetric positive definite matrix
/// A = L·Lᵀ, row-major.
struct Cholesky {
    lower: Vec<f64>,
    dim: usize,
}

impl Cholesky {
    fn new(matrix: &[f64], dim: usize) -> Result<Cholesky, FitError> {
        let at = |values: &[f64], i: usize, j: usize| values.get(i * dim + j).copied();
        let mut lower = vec![0.0; dim * dim];
        for j in 0..dim {
            let diagonal = at(matrix, j, j).unwrap_or(0.0);
            let mut pivot = diagonal;
            for k in 0..j {
                let l = at(&lower, j, k).unwrap_or(0.0);
                pivot -= l * l;
            }
            // Written so that a NaN also counts as not positive definite.
            if !(diagonal > 0.0 && pivot > PIVOT_TOLERANCE * diagonal) {
                return Err(FitError::Singular);
            }
            let pivot = pivot.sqrt();
            if let Some(l) = lower.get_mut(j * dim + j) {
                *l = pivot;
            }
            for i in j + 1..dim {
                let mut sum = at(matrix, i, j).unwrap_or(0.0);
                for k in 0..j {
                    sum -= at(&lower, i, k).unwrap_or(0.0) * at(&lower, j, k).unwrap_or(0.0);
                }
                if let Some(l) = lower.get_mut(i * dim + j) {
                    *l = sum / pivot;
                }
            }
        }
        Ok(Cholesky { lower, dim })
    }

    fn at(&self, i: usize, j: usize) -> f64 {
        self.lower.get(i * self.dim + j).copied().unwrap_or(0.0)
    }

    /// z with L·z = b, from row `first` on (the entries before are 0 in b
    /// and so in z).
    fn forward(&self, b: &[f64], first: usize) -> Vec<f64> {
        let mut z = vec![0.0; self.dim];
        for i in first..self.dim {
            let mut sum = b.get(i).copied().unwrap_or(0.0);
            for k in first..i {
                sum -= self.at(i, k) * z.get(k).copied().unwrap_or(0.0);
            }
            if let Some(zi) = z.get_mut(i) {
                *zi = sum / self.at(i, i);
            }
        }
        z
    }

    /// x with A·x = b.
    fn solve(&self, b: &[f64]) -> Vec<f64> {
        let z = self.forward(b, 0);
        let mut x = vec![0.0; self.dim];
        for i in (0..self.dim).rev() {
            let mut sum = z.get(i).copied().unwrap_or(0.0);
            for k in i + 1..self.dim {
                sum -= self.at(k, i) * x.get(k).copied().unwrap_or(0.0);
            }
            if let Some(xi) = x.get_mut(i) {
                *xi = sum / self.at(i, i);
            }
        }
        x
    }

    /// The diagonal of A⁻¹: entry j is |L⁻¹·eⱼ|², since A⁻¹ = L⁻ᵀ·L⁻¹.
    fn inverse_diagonal(&self) -> Vec<f64> {
        (0..self.dim)
            .map(|j| {
                let mut unit = vec![0.0; self.dim];
                if let Some(one) = unit.get_mut(j) {
                    *one = 1.0;
                }
                self.forward(&unit, j).iter().map(|z| z * z).sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Contacts from cells of a table: each cell's feature values with its
    /// numbers of wins and non-wins.
    fn table(cells: &[(&[f64], usize, usize)]) -> (Vec<Vec<f64>>, Vec<bool>) {
        let width = cells.first().map_or(0, |c| c.0.len());
        let mut features = vec![Vec::new(); width];
        let mut won = Vec::new();
        for &(values, wins, losses) in cells {
            for outcome in std::iter::repeat_n(true, wins).chain(std::iter::repeat_n(false, losses))
            {
                for (column, &x) in features.iter_mut().zip(values) {
                    column.push(x);
                }
                won.push(outcome);
            }
        }
        (features, won)
    }

    fn logit(p: f64) -> f64 {
        (p / (1.0 - p)).ln()
    }

    #[test]
    fn one_binary_feature_gives_the_closed_form_estimate_and_error() {
        // a, b: wins and non-wins with the feature; c, d: without.
        let (a, b, c, d) = (30.0, 20.0, 15.0, 60.0);
        let (features, won) = table(&[(&[1.0], 30, 20), (&[0.0], 15, 60)]);
        let fit = fit_logistic(&features, &won, 0.0).unwrap();
        assert!(fit.converged);
        assert!((fit.intercept - logit(c / (c + d))).abs() < 1e-6);
        let coefficient = logit(a / (a + b)) - logit(c / (c + d));
        assert!((fit.coefficients[0] - coefficient).abs() < 1e-6);
        let std_error = (1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d).sqrt();
        assert!((fit.std_errors[0] - std_error).abs() < 1e-6);
        let expected_ll = a * (a / (a + b)).ln()
            + b * (b / (a + b)).ln()
            + c * (c / (c + d)).ln()
            + d * (d / (c + d)).ln();
        assert!((fit.log_likelihood - expected_ll).abs() < 1e-6);
    }

    #[test]
    fn two_features_recover_a_table_that_the_model_fits_exactly() {
        // Odds 1/4 at (0,0), ×2 for the first feature, ×3 for the second,
        // ×6 for both: the cell rates are the model's own, so the maximum
        // likelihood estimate is ln(1/4), ln 2, ln 3.
        let cells: [(&[f64], usize, usize); 4] = [
            (&[0.0, 0.0], 1, 4),
            (&[1.0, 0.0], 1, 2),
            (&[0.0, 1.0], 3, 4),
            (&[1.0, 1.0], 3, 2),
        ];
        let (features, won) = table(&cells);
        let fit = fit_logistic(&features, &won, 0.0).unwrap();
        assert!(fit.converged);
        assert!((fit.intercept - 0.25_f64.ln()).abs() < 1e-6);
        assert!((fit.coefficients[0] - 2.0_f64.ln()).abs() < 1e-6);
        assert!((fit.coefficients[1] - 3.0_f64.ln()).abs() < 1e-6);
        // Standard errors from the information matrix inverted by cofactors.
        let mut info = [[0.0; 3]; 3];
        for (values, wins, losses) in cells {
            let n = (wins + losses) as f64;
            let p = wins as f64 / n;
            let x = [1.0, values[0], values[1]];
            for i in 0..3 {
                for j in 0..3 {
                    info[i][j] += n * p * (1.0 - p) * x[i] * x[j];
                }
            }
        }
        let m = info;
        let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        let inverse_11 = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
        let inverse_22 = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
        assert!((fit.std_errors[0] - inverse_11.sqrt()).abs() < 1e-6);
        assert!((fit.std_errors[1] - inverse_22.sqrt()).abs() < 1e-6);
    }

    /// The penalised maximum by plain gradient ascent over the cells of a
    /// table: slow, but independent of Newton steps and of the Cholesky
    /// solve.
    fn gradient_ascent(cells: &[(&[f64], usize, usize)], l2: f64) -> Vec<f64> {
        let dim = cells[0].0.len() + 1;
        let total: usize = cells.iter().map(|c| c.1 + c.2).sum();
        let mut beta = vec![0.0; dim];
        for _ in 0..1_000_000 {
            let mut gradient = vec![0.0; dim];
            for &(values, wins, losses) in cells {
                let x: Vec<f64> = std::iter::once(1.0).chain(values.iter().copied()).collect();
                let eta: f64 = x.iter().zip(&beta).map(|(x, b)| x * b).sum();
                let p = 1.0 / (1.0 + (-eta).exp());
                let residual = wins as f64 - (wins + losses) as f64 * p;
                for (g, x) in gradient.iter_mut().zip(&x) {
                    *g += residual * x;
                }
            }
            for j in 1..dim {
                gradient[j] -= l2 * beta[j];
            }
            if gradient.iter().all(|g| g.abs() < 1e-11) {
                break;
            }
            for (b, g) in beta.iter_mut().zip(&gradient) {
                *b += g / total as f64;
            }
        }
        beta
    }

    #[test]
    fn two_features_with_an_interaction_agree_with_gradient_ascent() {
        // The rates interact, so no closed form: the reference is found by
        // gradient ascent, with and without a penalty.
        let cells: [(&[f64], usize, usize); 4] = [
            (&[0.0, 0.0], 2, 8),
            (&[1.0, 0.0], 4, 4),
            (&[0.0, 1.0], 3, 3),
            (&[1.0, 1.0], 10, 2),
        ];
        let (features, won) = table(&cells);
        for l2 in [0.0, 2.0] {
            let reference = gradient_ascent(&cells, l2);
            let fit = fit_logistic(&features, &won, l2).unwrap();
            assert!(fit.converged);
            assert!((fit.intercept - reference[0]).abs() < 1e-5, "l2 {l2}");
            assert!((fit.coefficients[0] - reference[1]).abs() < 1e-5, "l2 {l2}");
            assert!((fit.coefficients[1] - reference[2]).abs() < 1e-5, "l2 {l2}");
        }
    }

    #[test]
    fn a_larger_penalty_shrinks_coefficients_towards_zero() {
        let (one, won_one) = table(&[(&[1.0], 30, 20), (&[0.0], 15, 60)]);
        let (two, won_two) = table(&[
            (&[0.0, 0.0], 2, 8),
            (&[1.0, 0.0], 4, 4),
            (&[0.0, 1.0], 3, 3),
            (&[1.0, 1.0], 10, 2),
        ]);
        let mut last_one = f64::INFINITY;
        let mut last_norm = f64::INFINITY;
        for l2 in [0.0, 0.5, 1.0, 5.0, 20.0, 100.0, 1000.0] {
            let coefficient = fit_logistic(&one, &won_one, l2).unwrap().coefficients[0];
            assert!(coefficient > 0.0 && coefficient < last_one, "l2 {l2}");
            last_one = coefficient;
            // With several features each coefficient need not shrink at
            // every step, but their length does.
            let fit = fit_logistic(&two, &won_two, l2).unwrap();
            let norm = fit.coefficients.iter().map(|b| b * b).sum::<f64>().sqrt();
            assert!(norm < last_norm, "l2 {l2}");
            last_norm = norm;
        }
        assert!(last_one < 0.05);
    }

    #[test]
    fn separated_data_does_not_converge_without_a_penalty_and_does_with_one() {
        // Everyone with the feature won: its coefficient has no finite
        // maximum.
        let (features, won) = table(&[(&[1.0], 10, 0), (&[0.0], 5, 5)]);
        let fit = fit_logistic(&features, &won, 0.0).unwrap();
        assert!(!fit.converged);
        assert_eq!(fit.iterations, MAX_ITERATIONS);
        assert!(fit.coefficients[0] > 20.0);
        let fit = fit_logistic(&features, &won, 1.0).unwrap();
        assert!(fit.converged);
        assert!(fit.iterations < 20);
        assert!(fit.coefficients[0] > 0.5 && fit.coefficients[0] < 5.0);
        assert!(fit.std_errors[0].is_finite());
    }

    #[test]
    fn identical_features_share_the_weight_equally() {
        let (single, won) = table(&[(&[1.0], 30, 20), (&[0.0], 15, 60)]);
        let twice = vec![single[0].clone(), single[0].clone()];
        let l2 = 1.0;
        let fit = fit_logistic(&twice, &won, l2).unwrap();
        assert!(fit.converged);
        assert!((fit.coefficients[0] - fit.coefficients[1]).abs() < 1e-9);
        // Two halves of b cost l2/2·2·(b/2)² = (l2/2)/2·b²: one feature
        // with half the penalty.
        let alone = fit_logistic(&single, &won, l2 / 2.0).unwrap();
        let sum = fit.coefficients[0] + fit.coefficients[1];
        assert!((sum - alone.coefficients[0]).abs() < 1e-6);
    }

    #[test]
    fn identical_features_without_a_penalty_are_singular() {
        let (single, won) = table(&[(&[1.0], 30, 20), (&[0.0], 15, 60)]);
        let twice = vec![single[0].clone(), single[0].clone()];
        assert_eq!(fit_logistic(&twice, &won, 0.0), Err(FitError::Singular));
        let constant = vec![vec![0.0; won.len()]];
        assert_eq!(fit_logistic(&constant, &won, 0.0), Err(FitError::Singular));
    }

    #[test]
    fn unusable_inputs_are_errors_a_user_can_read() {
        let (features, won) = table(&[(&[1.0], 3, 2), (&[0.0], 1, 6)]);
        assert_eq!(fit_logistic(&[], &[], 1.0), Err(FitError::NoContacts));
        assert_eq!(fit_logistic(&[], &won, 1.0), Err(FitError::NoFeatures));
        let lost = vec![false; won.len()];
        assert_eq!(fit_logistic(&features, &lost, 1.0), Err(FitError::NoWins));
        let all = vec![true; won.len()];
        assert_eq!(fit_logistic(&features, &all, 1.0), Err(FitError::AllWon));
        assert_eq!(
            fit_logistic(&features, &won, -1.0),
            Err(FitError::Penalty(-1.0))
        );
        let short = vec![vec![1.0; 3]];
        assert_eq!(
            fit_logistic(&short, &won, 1.0),
            Err(FitError::FeatureLength {
                feature: 0,
                values: 3,
                contacts: 12
            })
        );
        let mut broken = features.clone();
        broken[0][4] = f64::NAN;
        assert_eq!(
            fit_logistic(&broken, &won, 1.0),
            Err(FitError::NotFinite {
                feature: 0,
                contact: 4
            })
        );
        assert_eq!(
            FitError::NoWins.to_string(),
            "the rules cannot be fitted jointly: no contact won"
        );
    }
}
