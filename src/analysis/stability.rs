//! Population stability index: has the mix of contacts moved between a
//! reference period and the latest one?
//!
//! Conventions, for reproducing the figures by hand:
//!
//! - With `k` bins, each side's share of a bin is smoothed:
//!   `(count + 0.5) / (total + 0.5 × k)`, so that an empty bin contributes
//!   a finite amount. The shares reported are these smoothed ones.
//! - A bin contributes `(latest share − reference share) × ln(latest share /
//!   reference share)`, never negative; PSI is the sum.
//! - Bands: below 0.1 stable, 0.1 to 0.25 (both included) watch, above 0.25
//!   act.
//! - Score bins ([`score_psi`]) are the reference's score deciles (the
//!   deciles of [`super::quality::decile`], ties never split), empty deciles
//!   merged away. Each bin runs from its decile's lowest score up to just
//!   below the next higher bin's lowest score; the highest bin takes every
//!   score above, the lowest every score below. Labels: `"≥ 65"` for the
//!   highest bin, `"55–64"` for one in between (`"55"` when it holds a
//!   single score), `"< 10"` for the lowest, `"all scores"` when there is
//!   only one bin. Bins are listed highest scores first.

use serde::Serialize;

use super::quality::{decile_floors, tie_groups};
use crate::format::thousands;

/// How worrying a population stability index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PsiBand {
    /// Below 0.1: the population has not moved.
    Stable,
    /// 0.1 to 0.25: it has moved; keep an eye on it.
    Watch,
    /// Above 0.25: it has moved enough to revisit the model.
    Act,
}

impl PsiBand {
    /// The band of an index: `< 0.1` stable, `0.1 ≤ psi ≤ 0.25` watch,
    /// `> 0.25` act (and act for NaN, which no function here produces).
    pub fn of(psi: f64) -> PsiBand {
        if psi < 0.1 {
            PsiBand::Stable
        } else if psi <= 0.25 {
            PsiBand::Watch
        } else {
            PsiBand::Act
        }
    }

    /// "stable", "watch" or "act".
    pub fn label(self) -> &'static str {
        match self {
            PsiBand::Stable => "stable",
            PsiBand::Watch => "watch",
            PsiBand::Act => "act",
        }
    }
}

/// One bin of a stability index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PsiBin {
    /// What the bin holds, e.g. "55–64".
    pub label: String,
    /// Reference contacts in it.
    pub reference: usize,
    /// Latest contacts in it.
    pub latest: usize,
    /// Smoothed reference share, `(reference + 0.5) / (all reference + 0.5 × bins)`.
    pub reference_share: f64,
    /// Smoothed latest share, `(latest + 0.5) / (all latest + 0.5 × bins)`.
    pub latest_share: f64,
    /// `(latest_share − reference_share) × ln(latest_share / reference_share)`.
    pub contribution: f64,
}

/// A population stability index with its bins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Psi {
    /// The sum of the bins' contributions.
    pub value: f64,
    /// How worrying the value is.
    pub band: PsiBand,
    /// The bins, in the order given.
    pub bins: Vec<PsiBin>,
    /// Reference contacts.
    pub reference: usize,
    /// Latest contacts.
    pub latest: usize,
}

/// The index of `(label, reference count, latest count)` bins; `None` when
/// either side has no contacts.
pub fn psi(bins: Vec<(String, usize, usize)>) -> Option<Psi> {
    let reference: usize = bins.iter().map(|b| b.1).sum();
    let latest: usize = bins.iter().map(|b| b.2).sum();
    if reference == 0 || latest == 0 {
        return None;
    }
    let smoothing = 0.5 * bins.len() as f64;
    let share = |count: usize, total: usize| (count as f64 + 0.5) / (total as f64 + smoothing);
    let bins: Vec<PsiBin> = bins
        .into_iter()
        .map(|(label, reference_count, latest_count)| {
            let reference_share = share(reference_count, reference);
            let latest_share = share(latest_count, latest);
            PsiBin {
                label,
                reference: reference_count,
                latest: latest_count,
                reference_share,
                latest_share,
                contribution: (latest_share - reference_share)
                    * (latest_share / reference_share).ln(),
            }
        })
        .collect();
    let value = bins.iter().map(|b| b.contribution).sum();
    Some(Psi {
        value,
        band: PsiBand::of(value),
        bins,
        reference,
        latest,
    })
}

/// The index of the latest scores against the reference's score deciles
/// (see the module documentation); `None` when either side is empty.
pub fn score_psi(reference: &[i64], latest: &[i64]) -> Option<Psi> {
    let groups = tie_groups(reference.iter().map(|&score| (score, false)).collect());
    // Lowest score of each non-empty decile, highest first: the bins' floors.
    let floors = decile_floors(&groups);
    let lowest_bin = floors.len().checked_sub(1)?;
    // The first bin whose floor the score reaches; below every floor, the lowest.
    let bin_of = |score: i64| {
        floors
            .partition_point(|&floor| floor > score)
            .min(lowest_bin)
    };
    let mut counts = vec![(0usize, 0usize); floors.len()];
    for &score in reference {
        if let Some(count) = counts.get_mut(bin_of(score)) {
            count.0 += 1;
        }
    }
    for &score in latest {
        if let Some(count) = counts.get_mut(bin_of(score)) {
            count.1 += 1;
        }
    }
    psi(bin_labels(&floors)
        .into_iter()
        .zip(counts)
        .map(|(label, (reference_count, latest_count))| (label, reference_count, latest_count))
        .collect())
}

/// The labels of score bins from their floors, highest first.
fn bin_labels(floors: &[i64]) -> Vec<String> {
    let Some(lowest_bin) = floors.len().checked_sub(1) else {
        return Vec::new();
    };
    if lowest_bin == 0 {
        return vec!["all scores".to_owned()];
    }
    floors
        .iter()
        .enumerate()
        .map(|(bin, &floor)| {
            // The bin above starts where this one ends.
            let ceiling = bin.checked_sub(1).and_then(|above| floors.get(above));
            match ceiling {
                None => format!("≥ {}", thousands(floor)),
                Some(&ceiling) if bin == lowest_bin => format!("< {}", thousands(ceiling)),
                Some(&ceiling) if ceiling - 1 == floor => thousands(floor),
                Some(&ceiling) => format!("{}–{}", thousands(floor), thousands(ceiling - 1)),
            }
        })
        .collect()
}

/// The index of the share of contacts matched (to an account, a deal, …):
/// two bins, "matched" and "not matched". A matched count above its total
/// is taken as the total. `None` when either total is 0.
pub fn match_rate_psi(
    reference_matched: usize,
    reference_n: usize,
    latest_matched: usize,
    latest_n: usize,
) -> Option<Psi> {
    let reference_matched = reference_matched.min(reference_n);
    let latest_matched = latest_matched.min(latest_n);
    psi(vec![
        ("matched".to_owned(), reference_matched, latest_matched),
        (
            "not matched".to_owned(),
            reference_n - reference_matched,
            latest_n - latest_matched,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bins(counts: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
        counts
            .iter()
            .map(|&(label, r, l)| (label.to_owned(), r, l))
            .collect()
    }

    #[test]
    fn psi_by_hand_on_three_bins() {
        // Reference 50 / 30 / 20, latest 40 / 30 / 30; k = 3, totals 100, so
        // each share is (count + 0.5) / 101.5:
        //   reference 0.497537, 0.300493, 0.201970;
        //   latest    0.399015, 0.300493, 0.300493.
        // Contributions: (0.399015 − 0.497537) × ln(40.5 / 50.5) = 0.021741;
        // 0; (0.300493 − 0.201970) × ln(30.5 / 20.5) = 0.039143.
        // PSI = 0.060884: stable.
        let psi = psi(bins(&[("a", 50, 40), ("b", 30, 30), ("c", 20, 30)])).unwrap();
        let shares: Vec<(f64, f64)> = psi
            .bins
            .iter()
            .map(|b| (b.reference_share, b.latest_share))
            .collect();
        let expected = [
            (0.497_537, 0.399_015),
            (0.300_493, 0.300_493),
            (0.201_970, 0.300_493),
        ];
        for ((r, l), (er, el)) in shares.iter().zip(expected) {
            assert!((r - er).abs() < 1e-6 && (l - el).abs() < 1e-6, "{shares:?}");
        }
        let contributions: Vec<f64> = psi.bins.iter().map(|b| b.contribution).collect();
        for (c, e) in contributions.iter().zip([0.021_741, 0.0, 0.039_143]) {
            assert!((c - e).abs() < 1e-6, "{contributions:?}");
        }
        assert!((psi.value - 0.060_884).abs() < 1e-6, "{}", psi.value);
        assert_eq!(psi.band, PsiBand::Stable);
        assert_eq!((psi.reference, psi.latest), (100, 100));
    }

    #[test]
    fn an_empty_bin_is_smoothed() {
        // Reference 10 / 0 / 10, latest 5 / 5 / 10; totals 20, k = 3, so each
        // share is (count + 0.5) / 21.5:
        //   reference 0.488372, 0.023256, 0.488372;
        //   latest    0.255814, 0.255814, 0.488372.
        // Contributions: (0.255814 − 0.488372) × ln(5.5 / 10.5) = 0.150378;
        // (0.255814 − 0.023256) × ln(5.5 / 0.5) = 0.557650; 0.
        // PSI = 0.708028: act.
        let psi = psi(bins(&[("a", 10, 5), ("b", 0, 5), ("c", 10, 10)])).unwrap();
        let middle = &psi.bins[1];
        assert!((middle.reference_share - 0.023_256).abs() < 1e-6);
        assert!((middle.latest_share - 0.255_814).abs() < 1e-6);
        assert!((middle.contribution - 0.557_650).abs() < 1e-6, "{middle:?}");
        assert!((psi.value - 0.708_028).abs() < 1e-6, "{}", psi.value);
        assert_eq!(psi.band, PsiBand::Act);
    }

    #[test]
    fn identical_mixes_are_stable() {
        // Same mix, twice the contacts: the shares differ only by smoothing,
        // 10.5 / 41 = 0.256098 against 20.5 / 81 = 0.253086, PSI 0.000048.
        let doubled = psi(bins(&[("a", 10, 20), ("b", 30, 60)])).unwrap();
        assert!(doubled.value < 1e-4, "{}", doubled.value);
        assert_eq!(doubled.band, PsiBand::Stable);
        // A bin empty on both sides still gets half a contact on each, out of
        // different totals: 0.5 / 41.5 = 0.012048 against 0.5 / 81.5 =
        // 0.006135, contributing 0.003991 (PSI 0.004074, still stable).
        let with_empty = psi(bins(&[("a", 10, 20), ("b", 30, 60), ("c", 0, 0)])).unwrap();
        assert!(
            (with_empty.value - 0.004_074).abs() < 1e-6,
            "{}",
            with_empty.value
        );
        assert_eq!(with_empty.band, PsiBand::Stable);
        let same = super::psi(bins(&[("a", 7, 7), ("b", 3, 3)])).unwrap();
        assert_eq!(same.value, 0.0);
        assert_eq!(same.band.label(), "stable");
    }

    #[test]
    fn nothing_to_compare() {
        assert_eq!(psi(bins(&[("a", 0, 5)])), None);
        assert_eq!(psi(bins(&[("a", 5, 0)])), None);
        assert_eq!(psi(Vec::new()), None);
        assert_eq!(score_psi(&[], &[1, 2]), None);
        assert_eq!(score_psi(&[1, 2], &[]), None);
        assert_eq!(match_rate_psi(0, 0, 1, 2), None);
    }

    #[test]
    fn band_edges() {
        assert_eq!(PsiBand::of(0.0), PsiBand::Stable);
        assert_eq!(PsiBand::of(0.099_999), PsiBand::Stable);
        assert_eq!(PsiBand::of(0.1), PsiBand::Watch);
        assert_eq!(PsiBand::of(0.25), PsiBand::Watch);
        assert_eq!(PsiBand::of(0.2501), PsiBand::Act);
        assert_eq!(PsiBand::of(f64::NAN), PsiBand::Act);
        assert_eq!(PsiBand::Watch.label(), "watch");
        assert_eq!(PsiBand::Act.label(), "act");
        assert_eq!(serde_json::to_string(&PsiBand::Act).unwrap(), "\"act\"");
    }

    #[test]
    fn score_bins_follow_the_reference_deciles() {
        // The 20 reference scores of the gains test: deciles 1 {100, 95},
        // 2 {90, 80 × 5}, 3 and 4 empty, 5 {70, 65}, 6 {60, 55}, 7 {50, 45},
        // 8 {40, 35}, 9 {30, 25}, 10 {20, 15}. Floors 95, 80, 65, 55, 45, 35,
        // 25, 15.
        let reference = [
            100, 95, 90, 80, 80, 80, 80, 80, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15,
        ];
        // 96, 95 → ≥ 95; 94, 80 → 80–94; 79 → 65–79; 64 → 55–64;
        // 24, 15, 0 → < 25.
        let latest = [96, 95, 94, 80, 79, 64, 24, 15, 0];
        let psi = score_psi(&reference, &latest).unwrap();
        let table: Vec<(&str, usize, usize)> = psi
            .bins
            .iter()
            .map(|b| (b.label.as_str(), b.reference, b.latest))
            .collect();
        assert_eq!(
            table,
            [
                ("≥ 95", 2, 2),
                ("80–94", 6, 2),
                ("65–79", 2, 1),
                ("55–64", 2, 1),
                ("45–54", 2, 0),
                ("35–44", 2, 0),
                ("25–34", 2, 0),
                ("< 25", 2, 3),
            ]
        );
        let by_hand = super::psi(
            table
                .iter()
                .map(|&(label, r, l)| (label.to_owned(), r, l))
                .collect(),
        );
        assert_eq!(Some(psi), by_hand);
    }

    #[test]
    fn score_bins_of_single_scores_and_of_one_score() {
        // Ten reference contacts: 100 (decile 1), 90 (2), five at 80 (3),
        // 70 (8), 60 (9), 50 (10).
        let reference = [100, 90, 80, 80, 80, 80, 80, 70, 60, 50];
        let psi = score_psi(&reference, &[1_500, 85, 50, -3]).unwrap();
        let table: Vec<(&str, usize, usize)> = psi
            .bins
            .iter()
            .map(|b| (b.label.as_str(), b.reference, b.latest))
            .collect();
        assert_eq!(
            table,
            [
                ("≥ 100", 1, 1),
                ("90–99", 1, 0),
                ("80–89", 5, 1),
                ("70–79", 1, 0),
                ("60–69", 1, 0),
                ("< 60", 1, 2),
            ]
        );
        // Consecutive floors give single-score bins.
        let narrow = score_psi(&[3, 2, 1], &[2]).unwrap();
        let labels: Vec<&str> = narrow.bins.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["≥ 3", "2", "< 2"]);
        // One reference score: one bin, nothing can move.
        let flat = score_psi(&[5, 5, 5], &[1, 9]).unwrap();
        assert_eq!(flat.bins.len(), 1);
        assert_eq!(flat.bins[0].label, "all scores");
        assert_eq!(flat.value, 0.0);
    }

    #[test]
    fn match_rates_compare_two_bins() {
        // Reference 80 of 100 matched, latest 60 of 100. Shares
        // (count + 0.5) / 101: reference 0.797030 / 0.202970, latest
        // 0.599010 / 0.400990. Contributions (0.599010 − 0.797030) ×
        // ln(60.5 / 80.5) = 0.056557 and (0.400990 − 0.202970) × ln(40.5 /
        // 20.5) = 0.134827; PSI = 0.191384: watch.
        let psi = match_rate_psi(80, 100, 60, 100).unwrap();
        let labels: Vec<&str> = psi.bins.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["matched", "not matched"]);
        assert!((psi.value - 0.191_384).abs() < 1e-6, "{}", psi.value);
        assert_eq!(psi.band, PsiBand::Watch);
        // A matched count above its total counts as the total.
        assert_eq!(
            match_rate_psi(120, 100, 60, 100),
            match_rate_psi(100, 100, 60, 100)
        );
    }
}
