//! The ROC curve and the Kolmogorov–Smirnov separation, both read at the
//! thresholds that occur: every distinct score, never inside a tie.
//!
//! At a threshold `t` the contacts scoring `≥ t` are predicted to win. The
//! true-positive rate is the share of wins scoring `≥ t`, the false-positive
//! rate the share of others scoring `≥ t`.

use serde::Serialize;

use super::{TieGroup, paired, tie_groups};

/// At most this many points are returned by [`roc_curve`], so that a chart
/// stays light.
pub const ROC_MAX_POINTS: usize = 1_000;

/// One point of the ROC curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RocPoint {
    /// Contacts scoring at or above it are predicted to win.
    pub threshold: i64,
    /// Share of the others scoring at or above the threshold.
    pub false_positive_rate: f64,
    /// Share of the wins scoring at or above the threshold.
    pub true_positive_rate: f64,
}

/// The largest gap between the wins' and the others' shares above a
/// threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ks {
    /// `max over t of |share of wins scoring ≥ t − share of others scoring ≥ t|`.
    pub value: f64,
    /// The threshold where it is reached (the highest one when several are).
    pub threshold: i64,
}

/// The ROC curve: one point per distinct score, highest threshold first, so
/// the list starts near (0, 0) and ends at (1, 1) with the lowest score. The
/// origin itself (a threshold above every score) is not in the list: a chart
/// draws from (0, 0) to the first point.
///
/// With more than [`ROC_MAX_POINTS`] distinct scores, that many evenly spaced
/// points (by position in the list, always the first and the last) are kept.
/// Empty without wins or without others, where the rates are undefined.
pub fn roc_curve(scores: &[i64], won: &[bool]) -> Vec<RocPoint> {
    roc_from_groups(&tie_groups(paired(scores, won)))
}

/// The ROC curve from tie groups sorted highest score first.
pub(super) fn roc_from_groups(groups: &[TieGroup]) -> Vec<RocPoint> {
    let wins: usize = groups.iter().map(|g| g.wins).sum();
    let others: usize = groups.iter().map(|g| g.others).sum();
    if wins == 0 || others == 0 {
        return Vec::new();
    }
    let mut wins_above = 0;
    let mut others_above = 0;
    let points: Vec<RocPoint> = groups
        .iter()
        .map(|group| {
            wins_above += group.wins;
            others_above += group.others;
            RocPoint {
                threshold: group.score,
                false_positive_rate: others_above as f64 / others as f64,
                true_positive_rate: wins_above as f64 / wins as f64,
            }
        })
        .collect();
    thin(points, ROC_MAX_POINTS)
}

/// At most `max` points, evenly spaced by position, first and last kept.
fn thin(points: Vec<RocPoint>, max: usize) -> Vec<RocPoint> {
    if points.len() <= max || max < 2 {
        return points;
    }
    let last = points.len() - 1;
    // With more points than `max`, the step last / (max − 1) exceeds 1, so
    // the positions are distinct.
    (0..max)
        .filter_map(|k| points.get(k * last / (max - 1)).copied())
        .collect()
}

/// The Kolmogorov–Smirnov statistic of `scores` against `won`; `None`
/// without wins or without others.
pub fn ks(scores: &[i64], won: &[bool]) -> Option<Ks> {
    ks_from_groups(&tie_groups(paired(scores, won)))
}

/// KS from tie groups sorted highest score first. The gaps are compared
/// exactly, as `|wins above × others − others above × wins|`, so that equal
/// gaps are found equal and the highest threshold is kept.
pub(super) fn ks_from_groups(groups: &[TieGroup]) -> Option<Ks> {
    let wins: usize = groups.iter().map(|g| g.wins).sum();
    let others: usize = groups.iter().map(|g| g.others).sum();
    if wins == 0 || others == 0 {
        return None;
    }
    let mut best: Option<(u128, i64)> = None;
    let mut wins_above = 0usize;
    let mut others_above = 0usize;
    for group in groups {
        wins_above += group.wins;
        others_above += group.others;
        let gap =
            (wins_above as u128 * others as u128).abs_diff(others_above as u128 * wins as u128);
        if best.is_none_or(|(best_gap, _)| gap > best_gap) {
            best = Some((gap, group.score));
        }
    }
    let (gap, threshold) = best?;
    Some(Ks {
        value: gap as f64 / (wins as f64 * others as f64),
        threshold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: bool = true;
    const F: bool = false;

    #[test]
    fn ks_by_hand() {
        // 3 wins, 3 others. Threshold: wins ≥ t − others ≥ t:
        // 50: 1/3 − 0 = 1/3; 40: 2/3 − 1/3 = 1/3; 30: 3/3 − 1/3 = 2/3;
        // 20: 1 − 2/3 = 1/3; 10: 1 − 1 = 0. KS = 2/3 at 30.
        let ks = ks(&[50, 40, 40, 30, 20, 10], &[T, F, T, T, F, F]).unwrap();
        assert!((ks.value - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(ks.threshold, 30);
    }

    #[test]
    fn ks_keeps_the_highest_of_equal_gaps() {
        // 50: ½ − 0 = ½; 40: ½ − ½ = 0; 30: 1 − ½ = ½; 20: 0 → ½ at 50.
        let ks = ks(&[50, 40, 30, 20], &[T, F, T, F]).unwrap();
        assert_eq!((ks.value, ks.threshold), (0.5, 50));
    }

    #[test]
    fn ks_never_splits_a_tie() {
        // 20: |0 − 1/3| = 1/3; 10: |1 − 1| = 0. Splitting the tie at 10 with
        // the wins first would give 2/2 − 1/3 = 2/3, which is not allowed.
        let ks = ks(&[20, 10, 10, 10, 10], &[F, T, T, F, F]).unwrap();
        assert!((ks.value - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(ks.threshold, 20);
        assert_eq!(super::ks(&[1, 2], &[T, T]), None);
    }

    #[test]
    fn roc_has_one_point_per_score_from_the_top() {
        // Wins 20, 10; others 10, 5.
        let curve = roc_curve(&[10, 10, 20, 5], &[T, F, T, F]);
        let expected = [(20, 0.0, 0.5), (10, 0.5, 1.0), (5, 1.0, 1.0)];
        let got: Vec<(i64, f64, f64)> = curve
            .iter()
            .map(|p| (p.threshold, p.false_positive_rate, p.true_positive_rate))
            .collect();
        assert_eq!(got, expected);
        assert!(roc_curve(&[1, 2], &[F, F]).is_empty());
    }

    #[test]
    fn long_curves_are_thinned_keeping_both_ends() {
        let scores: Vec<i64> = (0..5_000).collect();
        let won: Vec<bool> = (0..5_000).map(|i| i % 3 == 0).collect();
        let curve = roc_curve(&scores, &won);
        assert_eq!(curve.len(), ROC_MAX_POINTS);
        assert_eq!(curve.first().map(|p| p.threshold), Some(4_999));
        assert_eq!(curve.last().map(|p| p.threshold), Some(0));
        assert!(curve.windows(2).all(|w| w[0].threshold > w[1].threshold));
        let last = curve.last().unwrap();
        assert_eq!(
            (last.false_positive_rate, last.true_positive_rate),
            (1.0, 1.0)
        );
    }
}
