//! Model quality of a lead score: how well the points tell the contacts that
//! were won from the others, and what a score means as a probability.
//!
//! Every figure can be reproduced in a spreadsheet from two columns, the
//! score (integer points, higher = more likely to win) and whether the
//! contact was won. The conventions shared by all of them:
//!
//! - The inputs are two slices, one entry per contact. When their lengths
//!   differ, the entries past the shorter one are ignored.
//! - "Wins" are the contacts marked won; "others" are all the rest (lost,
//!   open, never worked): the score is judged on telling wins from everyone
//!   else.
//! - A threshold `t` selects the contacts scoring `≥ t`, and thresholds are
//!   only ever the scores that occur. Ties are never split: contacts with the
//!   same score are on the same side of every threshold, in the same decile,
//!   and count one half against each other in the AUC.
//! - Deciles: a contact's decile is `min(10, floor(10 × h / n) + 1)`, where
//!   `h` is the number of contacts scoring strictly higher and `n` the number
//!   of contacts (see [`decile`]). Decile 1 holds the highest scores. Tied
//!   contacts share a decile, so deciles can hold unequal numbers of contacts
//!   and some can be empty — with fewer than ten contacts some always are,
//!   and decile 10 can be one of them.
//!
//! Each figure states its own conventions: [`auc`] and [`auc_difference`]
//! (DeLong intervals), [`roc_curve`], [`ks`], [`gains`] and [`calibration`].
//! [`quality`] computes them all from one sort.

mod auc;
mod calibration;
mod gains;
mod roc;

use std::cmp::Reverse;

use serde::Serialize;

pub use auc::{Auc, AucDifference, auc, auc_difference};
pub use calibration::{Calibration, CalibrationBand, calibration};
pub use gains::{GainsRow, gains};
pub use roc::{Ks, ROC_MAX_POINTS, RocPoint, ks, roc_curve};

/// Every quality figure of one scoring at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quality {
    /// Contacts judged (the length of the shorter input).
    pub contacts: usize,
    /// Won contacts among them.
    pub wins: usize,
    /// ROC AUC with its interval; `None` without wins or without others.
    pub auc: Option<Auc>,
    /// Kolmogorov–Smirnov separation; `None` without wins or without others.
    pub ks: Option<Ks>,
    /// The gains table by decile; empty without contacts.
    pub gains: Vec<GainsRow>,
    /// Platt calibration; `None` without wins or without others.
    pub calibration: Option<Calibration>,
}

/// All the quality figures of `scores` against `won`, sorting once:
/// O(n log n).
pub fn quality(scores: &[i64], won: &[bool]) -> Quality {
    let groups = tie_groups(paired(scores, won));
    Quality {
        contacts: groups.iter().map(TieGroup::contacts).sum(),
        wins: groups.iter().map(|g| g.wins).sum(),
        auc: auc::from_groups(&groups),
        ks: roc::ks_from_groups(&groups),
        gains: gains::from_groups(&groups),
        calibration: calibration::from_groups(&groups),
    }
}

/// The decile (1 = highest scores … 10) of a contact that `higher` of
/// `contacts` contacts outscore: `min(10, floor(10 × higher / contacts) + 1)`.
/// Decile 1 when there are no contacts.
pub fn decile(higher: usize, contacts: usize) -> u8 {
    let tenths = higher
        .saturating_mul(10)
        .checked_div(contacts)
        .unwrap_or(0)
        .min(9);
    u8::try_from(tenths).unwrap_or(9) + 1
}

/// The contacts sharing one score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TieGroup {
    /// Their score.
    pub(super) score: i64,
    /// How many of them were won.
    pub(super) wins: usize,
    /// How many were not.
    pub(super) others: usize,
}

impl TieGroup {
    /// All contacts with this score.
    pub(super) fn contacts(&self) -> usize {
        self.wins + self.others
    }
}

/// Scores paired with outcomes, as far as the shorter slice goes.
fn paired(scores: &[i64], won: &[bool]) -> Vec<(i64, bool)> {
    scores.iter().copied().zip(won.iter().copied()).collect()
}

/// The tie groups of `(score, won)` pairs, highest score first.
pub(super) fn tie_groups(mut contacts: Vec<(i64, bool)>) -> Vec<TieGroup> {
    contacts.sort_unstable_by_key(|&(score, _)| Reverse(score));
    let mut groups: Vec<TieGroup> = Vec::new();
    for (score, won) in contacts {
        if groups.last().is_none_or(|last| last.score != score) {
            groups.push(TieGroup {
                score,
                wins: 0,
                others: 0,
            });
        }
        if let Some(group) = groups.last_mut() {
            if won {
                group.wins += 1;
            } else {
                group.others += 1;
            }
        }
    }
    groups
}

/// The tie groups of each decile (index 0 = decile 1), from groups sorted
/// highest score first. Empty deciles get an empty slice.
pub(super) fn deciles(groups: &[TieGroup]) -> [&[TieGroup]; 10] {
    let contacts: usize = groups.iter().map(TieGroup::contacts).sum();
    let mut starts = [groups.len(); 10];
    let mut ends = [groups.len(); 10];
    let mut higher = 0;
    for (index, group) in groups.iter().enumerate() {
        let slot = usize::from(decile(higher, contacts)) - 1;
        if let (Some(start), Some(end)) = (starts.get_mut(slot), ends.get_mut(slot)) {
            *start = (*start).min(index);
            *end = index + 1;
        }
        higher += group.contacts();
    }
    std::array::from_fn(|slot| {
        let start = starts.get(slot).copied().unwrap_or(0);
        let end = ends.get(slot).copied().unwrap_or(0);
        groups.get(start..end).unwrap_or(&[])
    })
}

/// The lowest score of each non-empty decile, highest first, from groups
/// sorted highest score first.
pub(super) fn decile_floors(groups: &[TieGroup]) -> Vec<i64> {
    deciles(groups)
        .iter()
        .filter_map(|members| members.last().map(|g| g.score))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decile_follows_the_formula() {
        // n = 20: h = 0, 1 → 1; h = 2 → 2; h = 19 → floor(190 / 20) + 1 = 10.
        assert_eq!(decile(0, 20), 1);
        assert_eq!(decile(1, 20), 1);
        assert_eq!(decile(2, 20), 2);
        assert_eq!(decile(19, 20), 10);
        // n = 5: h = 0…4 → 1, 3, 5, 7, 9; deciles 2, 4, 6, 8 and 10 stay empty.
        let five: Vec<u8> = (0..5).map(|h| decile(h, 5)).collect();
        assert_eq!(five, [1, 3, 5, 7, 9]);
        assert_eq!(decile(0, 1), 1);
        assert_eq!(decile(0, 0), 1);
    }

    #[test]
    fn tie_groups_count_wins_and_others_per_score() {
        let groups = tie_groups(paired(&[10, 10, 20, 5, 10], &[true, false, true, false]));
        // The fifth score has no outcome and is ignored.
        assert_eq!(
            groups,
            [
                TieGroup {
                    score: 20,
                    wins: 1,
                    others: 0
                },
                TieGroup {
                    score: 10,
                    wins: 1,
                    others: 1
                },
                TieGroup {
                    score: 5,
                    wins: 0,
                    others: 1
                },
            ]
        );
    }

    #[test]
    fn deciles_keep_ties_together() {
        // 10 contacts: 100 (h = 0 → 1), 90 (h = 1 → 2), five at 80 (h = 2 →
        // 3), 70 (h = 7 → 8), 60 (h = 8 → 9), 50 (h = 9 → 10).
        let scores = [100, 90, 80, 80, 80, 80, 80, 70, 60, 50];
        let groups = tie_groups(paired(&scores, &[false; 10]));
        let sizes: Vec<usize> = deciles(&groups)
            .iter()
            .map(|members| members.iter().map(TieGroup::contacts).sum())
            .collect();
        assert_eq!(sizes, [1, 1, 5, 0, 0, 0, 0, 1, 1, 1]);
    }

    #[test]
    fn quality_agrees_with_the_separate_figures() {
        let scores = [10, 10, 20, 5, 7, 7, 30, 1];
        let won = [true, false, true, false, true, false, false, false];
        let all = quality(&scores, &won);
        assert_eq!(all.contacts, 8);
        assert_eq!(all.wins, 3);
        assert_eq!(all.auc, auc(&scores, &won));
        assert_eq!(all.ks, ks(&scores, &won));
        assert_eq!(all.gains, gains(&scores, &won));
        assert_eq!(all.calibration, calibration(&scores, &won));
    }

    #[test]
    fn quality_of_nothing_is_empty() {
        let all = quality(&[], &[]);
        assert_eq!(all.contacts, 0);
        assert_eq!(all.auc, None);
        assert_eq!(all.ks, None);
        assert!(all.gains.is_empty());
        assert_eq!(all.calibration, None);
    }
}
