//! Jointly fitted points: a ridge-penalised logistic regression of winning
//! on every rule at once, its coefficients scaled to points.
//!
//! The weight-of-evidence suggestions of [`super::evidence`] read each rule
//! on its own, so two rules that mostly match the same contacts each get
//! the full credit for them, and a contact matching both is counted twice.
//! Fitted together, such rules share the credit, and a rule that only
//! stands in for another drops towards 0. The coefficients are on the same
//! scale as the suggestions (10 points double the odds, multiples of 5),
//! with an interval from the standard errors, so the two columns can be
//! read side by side.
//!
//! The solver is our own ([`logistic`]): `linfa-logistic` would pull
//! ndarray, argmin and linfa for a problem with at most a few hundred
//! features, and does not give the standard errors the intervals need. A
//! penalised Newton–Raphson with step halving and a dense Cholesky solve
//! is short and tested against known solutions.

mod logistic;

pub use logistic::{FitError, LogisticFit, fit_logistic};

use super::evidence::{POINTS_TO_DOUBLE_ODDS, suggested_points, weight_of_evidence};
use crate::engine::{RuleResult, Scores};
use crate::model::{RuleEdit, RulePath, RuleSet};

/// The default ridge penalty on the coefficients (log-odds per rule): a
/// Gaussian prior with standard deviation 1. At thousands of contacts the
/// data outweigh it; it decides only for rare rules, for rules that match
/// the same contacts as others, and for rules whose contacts all won (or
/// none did), which would otherwise get infinite points.
pub const DEFAULT_L2: f64 = 1.0;

/// Standard normal quantile of a two-sided 95% interval.
const Z_95: f64 = 1.96;

/// What a rule's feature measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    /// 1 for a contact the rule matched, 0 otherwise.
    Matched,
    /// The (decayed) number of events the rule counted for the contact:
    /// for rules whose points vary by contact (decay, per-event points).
    EventCount,
}

/// One rule as a feature of the regression.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleFeature {
    /// Where the rule is.
    pub path: RulePath,
    /// Its name.
    pub name: String,
    /// Its points as configured.
    pub points: i64,
    /// What the values measure.
    pub kind: FeatureKind,
    /// One value per contact, in row order.
    pub values: Vec<f64>,
}

/// The features of the rules that can be fitted: those whose feature is
/// not the same for every contact (a rule matching nobody or everybody
/// cannot be told apart from the intercept). See [`joint_points`] for the
/// rules left out and why.
pub fn rule_features(scores: &Scores) -> Vec<RuleFeature> {
    features_of(scores).0
}

/// The fittable features, and (name, reason) for every rule left out.
fn features_of(scores: &Scores) -> (Vec<RuleFeature>, Vec<(String, String)>) {
    let mut features = Vec::new();
    let mut skipped = Vec::new();
    for rule in &scores.rules {
        let feature = feature_of(rule, scores.len());
        match reason_to_skip(&feature) {
            Some(reason) => skipped.push((feature.name, reason.to_owned())),
            None => features.push(feature),
        }
    }
    (features, skipped)
}

fn feature_of(rule: &RuleResult, contacts: usize) -> RuleFeature {
    let (kind, values) = match &rule.weighted_points {
        // The points a contact got are the rule's points times the decayed
        // events counted; 0 points hide the count.
        Some(weighted) => {
            let values = (0..contacts)
                .map(|row| match rule.points {
                    0 => 0.0,
                    points => weighted.get(row).copied().unwrap_or(0) as f64 / points as f64,
                })
                .collect();
            (FeatureKind::EventCount, values)
        }
        None => {
            let values = (0..contacts)
                .map(|row| if rule.matched.get(row) { 1.0 } else { 0.0 })
                .collect();
            (FeatureKind::Matched, values)
        }
    };
    RuleFeature {
        path: rule.path,
        name: rule.name.clone(),
        points: rule.points,
        kind,
        values,
    }
}

fn reason_to_skip(feature: &RuleFeature) -> Option<&'static str> {
    if feature.kind == FeatureKind::EventCount && feature.points == 0 {
        return Some("has 0 points, so the events it counted are unknown");
    }
    let first = feature.values.first()?;
    if feature.values.iter().any(|v| v != first) {
        return None;
    }
    Some(match feature.kind {
        _ if *first == 0.0 => "matches nobody",
        FeatureKind::Matched => "matches everybody",
        FeatureKind::EventCount => "gives every contact the same points",
    })
}

/// One rule's jointly fitted points beside its current and univariate ones.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JointPoints {
    /// Where the rule is.
    #[serde(skip)]
    pub path: RulePath,
    /// Its name.
    pub name: String,
    /// What its feature measures; for [`FeatureKind::EventCount`] all the
    /// points below are per (decayed) event, like the rule's own.
    pub kind: FeatureKind,
    /// Its points as configured.
    pub current_points: i64,
    /// The weight-of-evidence suggestion for the rule on its own; `None`
    /// for event counts, which WoE does not read.
    pub univariate_points: Option<i64>,
    /// The fitted coefficient as points, to the nearest multiple of 5.
    pub fitted_points: i64,
    /// The low end of the 95% interval, as points.
    pub low: i64,
    /// The high end of the 95% interval, as points.
    pub high: i64,
    /// The fitted change in log-odds per unit of the feature.
    pub coefficient: f64,
    /// The coefficient's standard error.
    pub std_error: f64,
}

/// Points for every rule fitted together.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JointFit {
    /// The fitted rules, in rule-set order.
    pub rules: Vec<JointPoints>,
    /// Rules left out, with the reason: (name, reason).
    pub skipped: Vec<(String, String)>,
    /// The ridge penalty used.
    pub l2: f64,
    /// The points scale used.
    pub points_to_double_odds: f64,
    /// Contacts fitted.
    pub contacts: usize,
    /// Contacts that won.
    pub wins: usize,
    /// Whether the fit reached its maximum. False only without a penalty
    /// when some rules separate wins perfectly: the points are then
    /// meaningless and a penalty above 0 is needed.
    pub converged: bool,
}

/// Fits every rule of `scores` at once against `won` (one outcome per
/// scored contact) with ridge penalty `l2` (see [`DEFAULT_L2`]), and turns
/// each coefficient into points: `points_to_double_odds` points per ln 2 of
/// log-odds, to the nearest multiple of 5 (the scale of
/// [`suggested_points`]). The interval is the coefficient ± 1.96 standard
/// errors on the same scale.
pub fn joint_points(
    scores: &Scores,
    won: &[bool],
    points_to_double_odds: f64,
    l2: f64,
) -> Result<JointFit, FitError> {
    if !(points_to_double_odds > 0.0 && points_to_double_odds.is_finite()) {
        return Err(FitError::Scale(points_to_double_odds));
    }
    if won.len() != scores.len() {
        return Err(FitError::OutcomeCount {
            outcomes: won.len(),
            contacts: scores.len(),
        });
    }
    let contacts = won.len();
    let wins = won.iter().filter(|w| **w).count();
    let (features, skipped) = features_of(scores);
    // The values move into the solver's columns; the rest waits beside them.
    let (rules, columns): (Vec<_>, Vec<_>) = features
        .into_iter()
        .map(|feature| {
            let univariate_points = (feature.kind == FeatureKind::Matched).then(|| {
                let (matched, matched_won) = matched_counts(&feature.values, won);
                let woe = weight_of_evidence(matched_won, matched, wins, contacts);
                to_points(woe, points_to_double_odds)
            });
            let RuleFeature {
                path,
                name,
                points,
                kind,
                values,
            } = feature;
            ((path, name, points, kind, univariate_points), values)
        })
        .unzip();
    let fit = fit_logistic(&columns, won, l2)?;
    let rules = rules
        .into_iter()
        .zip(fit.coefficients.iter().zip(&fit.std_errors))
        .map(
            |(
                (path, name, current_points, kind, univariate_points),
                (&coefficient, &std_error),
            )| {
                JointPoints {
                    path,
                    name,
                    kind,
                    current_points,
                    univariate_points,
                    fitted_points: to_points(coefficient, points_to_double_odds),
                    low: to_points(coefficient - Z_95 * std_error, points_to_double_odds),
                    high: to_points(coefficient + Z_95 * std_error, points_to_double_odds),
                    coefficient,
                    std_error,
                }
            },
        )
        .collect();
    Ok(JointFit {
        rules,
        skipped,
        l2,
        points_to_double_odds,
        contacts,
        wins,
        converged: fit.converged,
    })
}

/// Contacts with the feature, and those of them that won.
fn matched_counts(values: &[f64], won: &[bool]) -> (usize, usize) {
    values
        .iter()
        .zip(won)
        .filter(|(v, _)| **v != 0.0)
        .fold((0, 0), |(matched, matched_won), (_, &w)| {
            (matched + 1, matched_won + usize::from(w))
        })
}

/// Log-odds as points on the caller's scale, rounded as the suggestions
/// are: [`suggested_points`] works at [`POINTS_TO_DOUBLE_ODDS`], so the
/// log-odds are rescaled to it.
fn to_points(log_odds: f64, points_to_double_odds: f64) -> i64 {
    suggested_points(log_odds * points_to_double_odds / POINTS_TO_DOUBLE_ODDS)
}

/// A copy of `rules` with every fitted rule's points set to its fitted
/// points (through [`RuleEdit::SetPoints`], as the editor sets them). A
/// fitted rule whose path no longer holds a rule of the same name (the
/// rule set changed since it was scored) is left as it is.
pub fn apply_fitted(rules: &RuleSet, fit: &JointFit) -> RuleSet {
    let mut fitted = rules.clone();
    for rule in &fit.rules {
        if fitted.rule(rule.path).is_some_and(|r| r.name == rule.name) {
            RuleEdit::SetPoints {
                path: rule.path,
                points: rule.fitted_points,
            }
            .apply(&mut fitted);
        }
    }
    fitted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Matches;
    use crate::model::{Condition, Dimension, Group, Rule};

    fn path(rule: usize) -> RulePath {
        RulePath {
            dimension: Dimension::Fit,
            group: 0,
            rule,
        }
    }

    fn matched_rule(rule: usize, name: &str, matched: &[bool]) -> RuleResult {
        RuleResult {
            path: path(rule),
            name: name.to_owned(),
            points: 10,
            matched: Matches::from_bools(matched),
            weighted_points: None,
        }
    }

    fn scores_of(rules: Vec<RuleResult>, contacts: usize) -> Scores {
        Scores {
            total: vec![0; contacts],
            fit: vec![0; contacts],
            engagement: vec![0; contacts],
            rules,
            mql_criterion: Matches::none(contacts),
            sql_criterion: Matches::none(contacts),
            ..Default::default()
        }
    }

    /// A reproducible stream of uniform numbers in [0, 1) (SplitMix64).
    struct Uniform(u64);

    impl Uniform {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn sigmoid(x: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }

    #[test]
    fn features_are_matches_or_decayed_event_counts_and_constant_rules_are_skipped() {
        let everybody = matched_rule(2, "Everybody", &[true; 4]);
        let nobody = matched_rule(3, "Nobody", &[false; 4]);
        let decayed = RuleResult {
            path: path(1),
            name: "Visits".to_owned(),
            points: 5,
            matched: Matches::from_bools(&[true, false, true, true]),
            weighted_points: Some(vec![10, 0, 5, 3].into()),
        };
        let pointless = RuleResult {
            points: 0,
            name: "Pointless".to_owned(),
            weighted_points: Some(vec![0, 0, 0, 0].into()),
            ..decayed.clone()
        };
        let rules = vec![
            matched_rule(0, "Director", &[true, false, false, true]),
            decayed,
            everybody,
            nobody,
            pointless,
        ];
        let (features, skipped) = features_of(&scores_of(rules.clone(), 4));
        assert_eq!(features, rule_features(&scores_of(rules, 4)));
        assert_eq!(features.len(), 2);
        assert_eq!(features[0].kind, FeatureKind::Matched);
        assert_eq!(features[0].values, [1.0, 0.0, 0.0, 1.0]);
        assert_eq!(features[1].kind, FeatureKind::EventCount);
        assert_eq!(features[1].values, [2.0, 0.0, 1.0, 0.6]);
        assert_eq!(features[1].path, path(1));
        let reasons: Vec<(&str, &str)> = skipped
            .iter()
            .map(|(name, reason)| (name.as_str(), reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                ("Everybody", "matches everybody"),
                ("Nobody", "matches nobody"),
                (
                    "Pointless",
                    "has 0 points, so the events it counted are unknown"
                ),
            ]
        );
    }

    /// Two rules that mostly match the same contacts, each adding the same
    /// log-odds, and a third matched independently of them.
    fn correlated_history(contacts: usize) -> (Scores, Vec<bool>) {
        let mut uniform = Uniform(7);
        let mut first = Vec::with_capacity(contacts);
        let mut second = Vec::with_capacity(contacts);
        let mut independent = Vec::with_capacity(contacts);
        let mut won = Vec::with_capacity(contacts);
        for _ in 0..contacts {
            let a = uniform.next() < 0.1;
            // The same contact nine times in ten, an unrelated one otherwise.
            let b = if uniform.next() < 0.9 {
                a
            } else {
                uniform.next() < 0.1
            };
            let c = uniform.next() < 0.1;
            let log_odds = -2.5
                + 1.0 * f64::from(u8::from(a))
                + 1.0 * f64::from(u8::from(b))
                + 1.0 * f64::from(u8::from(c));
            won.push(uniform.next() < sigmoid(log_odds));
            first.push(a);
            second.push(b);
            independent.push(c);
        }
        let rules = vec![
            matched_rule(0, "Job title", &first),
            matched_rule(1, "Seniority", &second),
            matched_rule(2, "Industry", &independent),
        ];
        (scores_of(rules, contacts), won)
    }

    #[test]
    fn correlated_rules_share_the_credit_and_an_independent_rule_keeps_its_points() {
        let (scores, won) = correlated_history(20_000);
        let fit = joint_points(&scores, &won, POINTS_TO_DOUBLE_ODDS, DEFAULT_L2).unwrap();
        assert!(fit.converged);
        assert_eq!(fit.contacts, 20_000);
        assert!(fit.skipped.is_empty());
        let [title, seniority, industry] = fit.rules.as_slice() else {
            panic!("three rules fitted: {fit:?}");
        };
        // Each rule adds a log-odds of 1 (14.4 points, 15 once rounded).
        // On its own, each of the two look-alikes also takes the other's.
        for correlated in [title, seniority] {
            let univariate = correlated.univariate_points.unwrap();
            assert!(univariate >= 25, "{correlated:?}");
            assert!(
                correlated.fitted_points <= univariate - 10,
                "{correlated:?}"
            );
            assert!((correlated.coefficient - 1.0).abs() < 0.3, "{correlated:?}");
            // Rounding to 5 can put an end of the interval on the points.
            assert!(correlated.low <= correlated.fitted_points);
            assert!(correlated.fitted_points <= correlated.high);
            assert!(correlated.low < correlated.high);
        }
        // WoE measures against everybody rather than against the contacts
        // without the rule, so it reads an independent rule a little lower.
        let univariate = industry.univariate_points.unwrap();
        assert!(
            (industry.fitted_points - univariate).abs() <= 5,
            "{industry:?}"
        );
        assert!((industry.coefficient - 1.0).abs() < 0.2, "{industry:?}");
    }

    #[test]
    fn points_follow_the_scale_in_multiples_of_five() {
        let (scores, won) = correlated_history(5_000);
        let ten = joint_points(&scores, &won, 10.0, DEFAULT_L2).unwrap();
        let twenty = joint_points(&scores, &won, 20.0, DEFAULT_L2).unwrap();
        for (at_ten, at_twenty) in ten.rules.iter().zip(&twenty.rules) {
            assert_eq!(at_ten.coefficient, at_twenty.coefficient);
            for points in [at_twenty.fitted_points, at_twenty.low, at_twenty.high] {
                assert_eq!(points % 5, 0);
            }
            let exact = at_ten.coefficient * 10.0 / std::f64::consts::LN_2;
            assert!((at_ten.fitted_points as f64 - exact).abs() <= 2.5);
            let exact = at_ten.coefficient * 20.0 / std::f64::consts::LN_2;
            assert!((at_twenty.fitted_points as f64 - exact).abs() <= 2.5);
            // At the default scale the univariate column is evidence.rs's own.
            let matched = &scores.rules[at_ten.path.rule].matched;
            let matched_won = matched.rows().filter(|&r| won[r]).count();
            let wins = won.iter().filter(|w| **w).count();
            let woe = weight_of_evidence(matched_won, matched.count(), wins, won.len());
            assert_eq!(at_ten.univariate_points, Some(suggested_points(woe)));
        }
    }

    #[test]
    fn unusable_inputs_are_errors() {
        let (scores, won) = correlated_history(100);
        assert_eq!(
            joint_points(&scores, &won[..99], 10.0, DEFAULT_L2),
            Err(FitError::OutcomeCount {
                outcomes: 99,
                contacts: 100
            })
        );
        assert_eq!(
            joint_points(&scores, &won, 0.0, DEFAULT_L2),
            Err(FitError::Scale(0.0))
        );
        let nobody = scores_of(vec![matched_rule(0, "Nobody", &[false; 100])], 100);
        assert_eq!(
            joint_points(&nobody, &won, 10.0, DEFAULT_L2),
            Err(FitError::NoFeatures)
        );
        assert_eq!(
            joint_points(&scores_of(Vec::new(), 0), &[], 10.0, DEFAULT_L2),
            Err(FitError::NoContacts)
        );
    }

    #[test]
    fn applying_a_fit_sets_the_fitted_rules_points_only() {
        let rule = |name: &str, points: i64| Rule {
            name: name.to_owned(),
            condition: Condition::NotEmpty {
                field: "title".to_owned(),
            },
            points,
            ..Rule::default()
        };
        let rules = RuleSet {
            fit: vec![Group {
                name: "Who".to_owned(),
                cap: None,
                rules: vec![
                    rule("Job title", 10),
                    rule("Seniority", 10),
                    rule("Industry", 5),
                ],
            }],
            ..RuleSet::default()
        };
        let (scores, won) = correlated_history(5_000);
        let mut fit = joint_points(&scores, &won, 10.0, DEFAULT_L2).unwrap();
        // A rule renamed since scoring is not the one fitted.
        fit.rules[2].name = "Renamed".to_owned();
        let applied = apply_fitted(&rules, &fit);
        for (path, rule) in applied.rules() {
            let before = rules.rule(path).unwrap();
            match path.rule {
                0 | 1 => assert_eq!(rule.points, fit.rules[path.rule].fitted_points),
                _ => assert_eq!(rule.points, before.points),
            }
            assert_eq!(rule.name, before.name);
            assert_eq!(rule.condition, before.condition);
        }
        assert_ne!(fit.rules[0].fitted_points, 10);
        assert_eq!(applied.stages, rules.stages);
    }

    /// Run with `cargo test --release --lib analysis::joint_fit -- --ignored
    /// --nocapture`: the whole of `joint_points` on a million contacts and
    /// thirty rules, most of them rare.
    #[test]
    #[ignore = "a timing, not a check: run in release"]
    fn a_million_contacts_and_thirty_rules_fit_in_seconds() {
        let contacts = 1_000_000;
        let mut uniform = Uniform(11);
        let shares: Vec<f64> = (0..30)
            .map(|r| 0.02 + 0.3 * f64::from(r % 6) / 5.0)
            .collect();
        let effects: Vec<f64> = (0..30).map(|r| f64::from(r % 7) / 3.0 - 1.0).collect();
        let mut matched: Vec<Vec<bool>> = (0..30).map(|_| Vec::with_capacity(contacts)).collect();
        let mut won = Vec::with_capacity(contacts);
        for _ in 0..contacts {
            let mut log_odds = -3.0;
            for ((column, share), effect) in matched.iter_mut().zip(&shares).zip(&effects) {
                let hit = uniform.next() < *share;
                column.push(hit);
                if hit {
                    log_odds += effect;
                }
            }
            won.push(uniform.next() < sigmoid(log_odds));
        }
        let rules = matched
            .iter()
            .enumerate()
            .map(|(r, m)| matched_rule(r, &format!("Rule {r}"), m))
            .collect();
        let scores = scores_of(rules, contacts);
        let start = std::time::Instant::now();
        let fit = joint_points(&scores, &won, 10.0, DEFAULT_L2).unwrap();
        let elapsed = start.elapsed();
        println!(
            "joint fit of {contacts} contacts, {} rules: {elapsed:?}",
            fit.rules.len()
        );
        assert!(fit.converged);
        for (rule, effect) in fit.rules.iter().zip(&effects) {
            assert!((rule.coefficient - effect).abs() < 0.1, "{rule:?}");
        }
    }
}
