//! ROC AUC with DeLong's 95% interval, and the paired difference between
//! two scorings of the same contacts.
//!
//! Conventions, for reproducing the figures by hand:
//!
//! - AUC is the Mann–Whitney probability that a random win scores above a
//!   random other contact, a tie counting one half:
//!   `AUC = Σ over (win, other) pairs of ψ / (wins × others)`, with `ψ = 1`
//!   when the win scores higher, `½` on a tie, `0` otherwise. Gini is
//!   `2 × AUC − 1`.
//! - DeLong's structural components (DeLong, DeLong & Clarke-Pearson 1988):
//!   a win's placement `V10` is the mean of its ψ over all others; an other
//!   contact's placement `V01` is the mean of ψ over all wins against it.
//!   The mean of either set is the AUC. `S10` and `S01` are their sample
//!   variances (divisor count − 1; a set of one contact has variance 0, so
//!   the interval is then too narrow to trust). The variance of the AUC is
//!   `S10 / wins + S01 / others`.
//! - The 95% interval is `AUC ± 1.959963984540054 × standard error`,
//!   clipped to `[0, 1]`; the Gini interval is `2 × bound − 1`.
//! - For two scorings A and B, the variance of `AUC(A) − AUC(B)` is
//!   `(S10_AA + S10_BB − 2 S10_AB) / wins + (S01_AA + S01_BB − 2 S01_AB) /
//!   others`, the `S_AB` being the sample covariances of the placements
//!   under A and under B. Its interval is clipped to `[−1, 1]`, and the
//!   two-sided p-value comes from the normal distribution.

use std::cmp::Reverse;

use serde::Serialize;

use super::{TieGroup, paired, tie_groups};

/// The z value of a two-sided 95% normal interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// The ROC AUC of a scoring with its 95% DeLong interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Auc {
    /// Probability that a random win outscores a random other contact (ties ½).
    pub value: f64,
    /// `2 × value − 1`.
    pub gini: f64,
    /// Lower bound of the 95% interval of the AUC.
    pub low: f64,
    /// Upper bound of the 95% interval of the AUC.
    pub high: f64,
    /// `2 × low − 1`.
    pub gini_low: f64,
    /// `2 × high − 1`.
    pub gini_high: f64,
    /// DeLong standard error of the AUC.
    pub std_error: f64,
    /// Won contacts.
    pub wins: usize,
    /// The other contacts.
    pub others: usize,
}

/// `AUC(A) − AUC(B)` for two scorings of the same contacts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AucDifference {
    /// `AUC(A) − AUC(B)`.
    pub difference: f64,
    /// Lower bound of its 95% interval.
    pub low: f64,
    /// Upper bound of its 95% interval.
    pub high: f64,
    /// Paired DeLong standard error of the difference.
    pub std_error: f64,
    /// Two-sided p-value of "no difference". With a standard error of 0 it
    /// is 1 for a zero difference and 0 otherwise.
    pub p_value: f64,
}

/// The AUC of `scores` against `won` with its DeLong interval, in
/// O(n log n); `None` without wins or without others.
pub fn auc(scores: &[i64], won: &[bool]) -> Option<Auc> {
    from_groups(&tie_groups(paired(scores, won)))
}

/// The AUC from tie groups sorted highest score first.
pub(super) fn from_groups(groups: &[TieGroup]) -> Option<Auc> {
    let placed = place_groups(groups)?;
    let mut win_squares = 0.0;
    let mut other_squares = 0.0;
    for (group, placement) in groups.iter().zip(&placed.placements) {
        win_squares += group.wins as f64 * (placement.win - placed.auc).powi(2);
        other_squares += group.others as f64 * (placement.other - placed.auc).powi(2);
    }
    let std_error = delong_std_error(win_squares, placed.wins, other_squares, placed.others);
    let low = (placed.auc - Z_95 * std_error).max(0.0);
    let high = (placed.auc + Z_95 * std_error).min(1.0);
    Some(Auc {
        value: placed.auc,
        gini: 2.0 * placed.auc - 1.0,
        low,
        high,
        gini_low: 2.0 * low - 1.0,
        gini_high: 2.0 * high - 1.0,
        std_error,
        wins: placed.wins,
        others: placed.others,
    })
}

/// `AUC(a) − AUC(b)` on the same contacts with the paired DeLong interval
/// and p-value, in O(n log n). Uses the contacts that all three slices
/// reach; `None` without wins or without others.
pub fn auc_difference(a: &[i64], b: &[i64], won: &[bool]) -> Option<AucDifference> {
    let n = a.len().min(b.len()).min(won.len());
    let won = won.get(..n)?;
    let (a_values, a_auc) = contact_placements(a, won)?;
    let (b_values, b_auc) = contact_placements(b, won)?;
    let difference = a_auc - b_auc;
    // Over the wins, and separately over the others, a contact's placement
    // under A minus its placement under B has mean AUC(A) − AUC(B) and
    // sample variance S_AA + S_BB − 2 S_AB.
    let mut win_squares = 0.0;
    let mut other_squares = 0.0;
    for ((a_value, b_value), &is_won) in a_values.iter().zip(&b_values).zip(won) {
        let deviation = (a_value - b_value - difference).powi(2);
        if is_won {
            win_squares += deviation;
        } else {
            other_squares += deviation;
        }
    }
    let wins = won.iter().filter(|&&w| w).count();
    let std_error = delong_std_error(win_squares, wins, other_squares, n - wins);
    let p_value = if std_error > 0.0 {
        erfc(difference.abs() / std_error / std::f64::consts::SQRT_2)
    } else if difference == 0.0 {
        1.0
    } else {
        0.0
    };
    Some(AucDifference {
        difference,
        low: (difference - Z_95 * std_error).max(-1.0),
        high: (difference + Z_95 * std_error).min(1.0),
        std_error,
        p_value,
    })
}

/// DeLong placements of one tie group: every win in it has `win`, every
/// other contact `other`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Placement {
    /// `V10`: the share of others a win with this score beats (ties ½).
    win: f64,
    /// `V01`: the share of wins that beat an other contact with this score
    /// (ties ½).
    other: f64,
}

/// The placements of every tie group, with the AUC.
struct Placed {
    /// The AUC, computed exactly in integers before the one division.
    auc: f64,
    /// One per tie group, in the groups' order.
    placements: Vec<Placement>,
    /// Won contacts.
    wins: usize,
    /// The other contacts.
    others: usize,
}

/// The DeLong standard error from the sums of squared deviations of the
/// wins' and of the others' placements: `√(S10 / wins + S01 / others)`.
fn delong_std_error(win_squares: f64, wins: usize, other_squares: f64, others: usize) -> f64 {
    let variance = sample_variance(win_squares, wins) / wins as f64
        + sample_variance(other_squares, others) / others as f64;
    variance.max(0.0).sqrt()
}

/// A sum of squared deviations over `count` values divided by `count − 1`;
/// 0 for a single value, whose spread is unknown.
fn sample_variance(squares: f64, count: usize) -> f64 {
    if count < 2 {
        0.0
    } else {
        squares / (count - 1) as f64
    }
}

/// Placements and AUC from tie groups sorted highest score first; `None`
/// without wins or without others.
fn place_groups(groups: &[TieGroup]) -> Option<Placed> {
    let wins: usize = groups.iter().map(|g| g.wins).sum();
    let others: usize = groups.iter().map(|g| g.others).sum();
    if wins == 0 || others == 0 {
        return None;
    }
    // Counted in half units so that ties stay integers.
    let mut half_pairs_won: u128 = 0;
    let mut wins_above = 0usize;
    let mut others_above = 0usize;
    let mut placements = Vec::with_capacity(groups.len());
    for group in groups {
        let others_below = others - others_above - group.others;
        let win_halves = 2 * others_below + group.others;
        let other_halves = 2 * wins_above + group.wins;
        half_pairs_won += group.wins as u128 * win_halves as u128;
        placements.push(Placement {
            win: win_halves as f64 / (2.0 * others as f64),
            other: other_halves as f64 / (2.0 * wins as f64),
        });
        wins_above += group.wins;
        others_above += group.others;
    }
    let auc = half_pairs_won as f64 / (2.0 * wins as f64 * others as f64);
    Some(Placed {
        auc,
        placements,
        wins,
        others,
    })
}

/// Each contact's DeLong placement, in input order (`V10` for a win, `V01`
/// for the others), with the AUC; `None` without wins or without others.
fn contact_placements(scores: &[i64], won: &[bool]) -> Option<(Vec<f64>, f64)> {
    let mut order: Vec<(i64, usize)> = scores.iter().copied().zip(0..won.len()).collect();
    order.sort_unstable_by_key(|&(score, _)| Reverse(score));
    let chunks: Vec<&[(i64, usize)]> = order.chunk_by(|x, y| x.0 == y.0).collect();
    let groups: Vec<TieGroup> = chunks
        .iter()
        .map(|chunk| {
            let wins = chunk
                .iter()
                .filter(|&&(_, index)| won.get(index).copied().unwrap_or(false))
                .count();
            TieGroup {
                score: chunk.first().map_or(0, |c| c.0),
                wins,
                others: chunk.len() - wins,
            }
        })
        .collect();
    let placed = place_groups(&groups)?;
    let mut values = vec![0.0; order.len()];
    for (chunk, placement) in chunks.iter().zip(&placed.placements) {
        for &(_, index) in chunk.iter() {
            let is_won = won.get(index).copied().unwrap_or(false);
            if let Some(value) = values.get_mut(index) {
                *value = if is_won {
                    placement.win
                } else {
                    placement.other
                };
            }
        }
    }
    Some((values, placed.auc))
}

/// The complementary error function (libm's, to full precision, as a
/// spreadsheet's NORM.S.DIST): `erfc(z / √2)` is the two-sided normal tail
/// beyond `±z`.
fn erfc(x: f64) -> f64 {
    libm::erfc(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ψ of the Mann–Whitney statistic: 1 if the win scores higher, ½ on a tie.
    fn psi(win: i64, other: i64) -> f64 {
        match win.cmp(&other) {
            std::cmp::Ordering::Greater => 1.0,
            std::cmp::Ordering::Equal => 0.5,
            std::cmp::Ordering::Less => 0.0,
        }
    }

    /// Textbook DeLong by double loop: the AUC and each win's and each other
    /// contact's placement, in input order.
    fn naive_placements(scores: &[i64], won: &[bool]) -> (f64, Vec<f64>, Vec<f64>) {
        let wins: Vec<i64> = scores
            .iter()
            .zip(won)
            .filter(|p| *p.1)
            .map(|p| *p.0)
            .collect();
        let others: Vec<i64> = scores
            .iter()
            .zip(won)
            .filter(|p| !*p.1)
            .map(|p| *p.0)
            .collect();
        let v10: Vec<f64> = wins
            .iter()
            .map(|&x| others.iter().map(|&y| psi(x, y)).sum::<f64>() / others.len() as f64)
            .collect();
        let v01: Vec<f64> = others
            .iter()
            .map(|&y| wins.iter().map(|&x| psi(x, y)).sum::<f64>() / wins.len() as f64)
            .collect();
        let auc = v10.iter().sum::<f64>() / wins.len() as f64;
        (auc, v10, v01)
    }

    /// Sample covariance of two equally long lists with known means.
    fn covariance(x: &[f64], x_mean: f64, y: &[f64], y_mean: f64) -> f64 {
        let sum: f64 = x
            .iter()
            .zip(y)
            .map(|(a, b)| (a - x_mean) * (b - y_mean))
            .sum();
        sum / (x.len() - 1) as f64
    }

    /// Textbook paired DeLong: (AUC_A − AUC_B, standard error).
    fn naive_difference(a: &[i64], b: &[i64], won: &[bool]) -> (f64, f64) {
        let (auc_a, v10_a, v01_a) = naive_placements(a, won);
        let (auc_b, v10_b, v01_b) = naive_placements(b, won);
        let (m, n) = (v10_a.len() as f64, v01_a.len() as f64);
        let s10 = covariance(&v10_a, auc_a, &v10_a, auc_a)
            + covariance(&v10_b, auc_b, &v10_b, auc_b)
            - 2.0 * covariance(&v10_a, auc_a, &v10_b, auc_b);
        let s01 = covariance(&v01_a, auc_a, &v01_a, auc_a)
            + covariance(&v01_b, auc_b, &v01_b, auc_b)
            - 2.0 * covariance(&v01_a, auc_a, &v01_b, auc_b);
        (auc_a - auc_b, (s10 / m + s01 / n).sqrt())
    }

    /// A deterministic linear congruential generator (Knuth's MMIX constants).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % bound
        }
    }

    /// `n` contacts scoring 0…19 with many ties, wins likelier at higher
    /// scores, and a second, noisier scoring of the same contacts.
    fn random_table(rng: &mut Lcg, n: usize) -> (Vec<i64>, Vec<i64>, Vec<bool>) {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let mut won = Vec::new();
        for _ in 0..n {
            let score = rng.below(20);
            a.push(score as i64);
            b.push((score + rng.below(15)) as i64);
            won.push(rng.below(40) < score + 2);
        }
        (a, b, won)
    }

    #[test]
    fn auc_with_ties_by_hand() {
        // Wins score 10 and 20, others 10 and 5. Pairs (win, other):
        // (10, 10) ½, (10, 5) 1, (20, 10) 1, (20, 5) 1 → AUC = 3.5 / 4 = 0.875.
        // V10: win 10 → (½ + 1) / 2 = 0.75, win 20 → 1.
        // V01: other 10 → (½ + 1) / 2 = 0.75, other 5 → 1.
        // S10 = (0.125² + 0.125²) / 1 = 0.03125, S01 likewise;
        // variance = 0.03125 / 2 + 0.03125 / 2 = 0.03125, SE = 0.1767767.
        // Interval 0.875 ± 1.959964 × 0.1767767 = [0.528524, 1.221476 → 1].
        let auc = auc(&[10, 10, 20, 5], &[true, false, true, false]).unwrap();
        assert_eq!(auc.value, 0.875);
        assert_eq!(auc.gini, 0.75);
        assert!((auc.std_error - 0.176_776_7).abs() < 1e-7, "{auc:?}");
        assert!((auc.low - 0.528_524).abs() < 1e-6, "{auc:?}");
        assert_eq!(auc.high, 1.0);
        assert!((auc.gini_low - 0.057_048).abs() < 1e-6, "{auc:?}");
        assert_eq!(auc.gini_high, 1.0);
        assert_eq!((auc.wins, auc.others), (2, 2));
    }

    #[test]
    fn perfect_and_useless_scores() {
        // Every win above every other: AUC 1, every placement 1, SE 0.
        let perfect = auc(&[1, 2, 3, 4], &[false, false, true, true]).unwrap();
        assert_eq!(perfect.value, 1.0);
        assert_eq!(
            (perfect.low, perfect.high, perfect.std_error),
            (1.0, 1.0, 0.0)
        );
        // Pairs (1,1) ½, (1,2) 0, (2,1) 1, (2,2) ½ → 2 / 4 = 0.5.
        let half = auc(&[1, 2, 1, 2], &[true, true, false, false]).unwrap();
        assert_eq!(half.value, 0.5);
        assert_eq!(half.gini, 0.0);
        // All tied: every pair ½, every placement ½, SE 0.
        let tied = auc(&[7; 6], &[true, false, true, false, false, false]).unwrap();
        assert_eq!((tied.value, tied.std_error), (0.5, 0.0));
    }

    #[test]
    fn no_auc_without_both_classes() {
        assert_eq!(auc(&[1, 2], &[true, true]), None);
        assert_eq!(auc(&[1, 2], &[false, false]), None);
        assert_eq!(auc(&[], &[]), None);
        // Only the first two contacts have an outcome.
        assert_eq!(auc(&[1, 2, 3], &[true, true]), None);
    }

    #[test]
    fn auc_and_delong_match_the_double_loop_on_random_tables() {
        let mut rng = Lcg(42);
        for _ in 0..20 {
            let (scores, _, won) = random_table(&mut rng, 300);
            let (naive_auc, v10, v01) = naive_placements(&scores, &won);
            let s10 = covariance(&v10, naive_auc, &v10, naive_auc);
            let s01 = covariance(&v01, naive_auc, &v01, naive_auc);
            let naive_se = (s10 / v10.len() as f64 + s01 / v01.len() as f64).sqrt();
            let fast = auc(&scores, &won).unwrap();
            assert!(
                (fast.value - naive_auc).abs() < 1e-12,
                "{fast:?} {naive_auc}"
            );
            assert!(
                (fast.std_error - naive_se).abs() < 1e-12,
                "{fast:?} {naive_se}"
            );
            assert_eq!((fast.wins, fast.others), (v10.len(), v01.len()));
        }
    }

    #[test]
    fn paired_difference_matches_the_textbook_covariances() {
        let mut rng = Lcg(7);
        for _ in 0..20 {
            let (a, b, won) = random_table(&mut rng, 300);
            let (naive_difference, naive_se) = naive_difference(&a, &b, &won);
            let fast = auc_difference(&a, &b, &won).unwrap();
            assert!((fast.difference - naive_difference).abs() < 1e-12);
            assert!(
                (fast.std_error - naive_se).abs() < 1e-12,
                "{fast:?} {naive_se}"
            );
            let z = fast.difference / fast.std_error;
            let expected_p = libm::erfc(z.abs() / std::f64::consts::SQRT_2);
            assert!((fast.p_value / expected_p - 1.0).abs() < 2e-7, "{fast:?}");
        }
    }

    #[test]
    fn identical_scorings_differ_by_nothing() {
        let scores = [10, 10, 20, 5, 3, 8];
        let won = [true, false, true, false, true, false];
        let same = auc_difference(&scores, &scores, &won).unwrap();
        assert_eq!(same.difference, 0.0);
        assert_eq!((same.low, same.high, same.std_error), (0.0, 0.0, 0.0));
        assert_eq!(same.p_value, 1.0);
    }

    #[test]
    fn difference_from_a_constant_scoring_is_the_auc_itself() {
        // A constant scoring has AUC ½ and every placement ½: it adds no
        // variance, so the difference has the scoring's own standard error.
        let scores = [10, 10, 20, 5, 3, 8, 8, 1];
        let won = [true, false, true, false, true, false, true, false];
        let alone = auc(&scores, &won).unwrap();
        let versus = auc_difference(&scores, &[0; 8], &won).unwrap();
        assert!((versus.difference - (alone.value - 0.5)).abs() < 1e-15);
        assert!((versus.std_error - alone.std_error).abs() < 1e-15);
    }

    #[test]
    fn erfc_matches_known_values() {
        // Two-sided normal tails: P(|Z| > 1.959964) = 0.05,
        // P(|Z| > 1) = 0.3173105078629141, P(|Z| > 3) = 0.002699796063260207.
        let tail = |z: f64| erfc(z / std::f64::consts::SQRT_2);
        assert!((tail(Z_95) / 0.05 - 1.0).abs() < 1e-12);
        assert!((tail(1.0) / 0.317_310_507_862_914_1 - 1.0).abs() < 1e-12);
        assert!((tail(3.0) / 0.002_699_796_063_260_207 - 1.0).abs() < 1e-12);
        assert!((erfc(0.0) - 1.0).abs() < 1e-12);
        assert!((erfc(-1.0) - 1.842_700_792_949_715).abs() < 1e-12);
    }
}
