//! The gains table: contacts, wins and lift by score decile, decile 1
//! holding the highest scores (the deciles of [`super::decile`]: ties never
//! split, so deciles can be uneven or empty).
//!
//! Lift is a conversion divided by the overall conversion (wins / contacts
//! of the whole table); the cumulative columns add up deciles 1 to the
//! current one.

use serde::Serialize;

use super::{TieGroup, deciles, paired, tie_groups};
use crate::analysis::Rate;

/// One decile of the gains table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GainsRow {
    /// 1 (highest scores) to 10.
    pub decile: u8,
    /// Lowest score in the decile; `None` when it is empty.
    pub min_score: Option<i64>,
    /// Highest score in the decile; `None` when it is empty.
    pub max_score: Option<i64>,
    /// Contacts in the decile.
    pub contacts: usize,
    /// Won contacts in the decile.
    pub wins: usize,
    /// `wins / contacts` with its Wilson interval.
    pub conversion: Rate,
    /// Contacts in deciles 1 to this one.
    pub cumulative_contacts: usize,
    /// Wins in deciles 1 to this one.
    pub cumulative_wins: usize,
    /// `cumulative_contacts / all contacts`.
    pub cumulative_share_of_contacts: f64,
    /// `cumulative_wins / all wins`; 0 when nobody was won.
    pub cumulative_share_of_wins: f64,
    /// Decile conversion / overall conversion; `None` for an empty decile or
    /// when nobody was won.
    pub lift: Option<f64>,
    /// Cumulative conversion / overall conversion; `None` while the
    /// cumulative deciles are empty or when nobody was won.
    pub cumulative_lift: Option<f64>,
}

/// The gains table of `scores` against `won`: always ten rows, decile 1
/// first; empty when there are no contacts.
pub fn gains(scores: &[i64], won: &[bool]) -> Vec<GainsRow> {
    from_groups(&tie_groups(paired(scores, won)))
}

/// The gains table from tie groups sorted highest score first.
pub(super) fn from_groups(groups: &[TieGroup]) -> Vec<GainsRow> {
    let all_contacts: usize = groups.iter().map(TieGroup::contacts).sum();
    let all_wins: usize = groups.iter().map(|g| g.wins).sum();
    if all_contacts == 0 {
        return Vec::new();
    }
    let overall = all_wins as f64 / all_contacts as f64;
    let lift = |wins: usize, contacts: usize| {
        (contacts > 0 && all_wins > 0).then(|| wins as f64 / contacts as f64 / overall)
    };
    let mut cumulative_contacts = 0;
    let mut cumulative_wins = 0;
    deciles(groups)
        .iter()
        .zip(1u8..)
        .map(|(members, decile)| {
            let contacts: usize = members.iter().map(TieGroup::contacts).sum();
            let wins: usize = members.iter().map(|g| g.wins).sum();
            cumulative_contacts += contacts;
            cumulative_wins += wins;
            GainsRow {
                decile,
                min_score: members.last().map(|g| g.score),
                max_score: members.first().map(|g| g.score),
                contacts,
                wins,
                conversion: Rate::new(wins, contacts),
                cumulative_contacts,
                cumulative_wins,
                cumulative_share_of_contacts: cumulative_contacts as f64 / all_contacts as f64,
                cumulative_share_of_wins: if all_wins == 0 {
                    0.0
                } else {
                    cumulative_wins as f64 / all_wins as f64
                },
                lift: lift(wins, contacts),
                cumulative_lift: lift(cumulative_wins, cumulative_contacts),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: bool = true;
    const F: bool = false;

    /// Decile, min and max score, contacts, wins, cumulative contacts and
    /// cumulative wins.
    type RowCounts = (u8, Option<i64>, Option<i64>, usize, usize, usize, usize);

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-6)
    }

    #[test]
    fn gains_with_a_tie_across_deciles_and_empty_deciles() {
        // 20 contacts, 7 wins, overall conversion 0.35. Deciles by
        // floor(10 h / 20) + 1, h = contacts scoring higher:
        //   100 W (h 0) and 95 W (h 1) → decile 1;
        //   90 O (h 2) → 2; five at 80 (2 W, 3 O, h 3) → floor(1.5) + 1 = 2;
        //   nothing has h = 4…7, so deciles 3 and 4 are empty;
        //   70 W, 65 → 5 (h 8, 9); 60, 55 W → 6; 50, 45 → 7; 40, 35 → 8;
        //   30 W, 25 → 9; 20, 15 → 10.
        let scores = [
            100, 95, 90, 80, 80, 80, 80, 80, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15,
        ];
        let won = [T, T, F, T, T, F, F, F, T, F, F, T, F, F, F, F, T, F, F, F];
        let rows = gains(&scores, &won);
        assert_eq!(rows.len(), 10);
        let table: Vec<RowCounts> = rows
            .iter()
            .map(|r| {
                let (c, w) = (r.cumulative_contacts, r.cumulative_wins);
                (r.decile, r.min_score, r.max_score, r.contacts, r.wins, c, w)
            })
            .collect();
        assert_eq!(
            table,
            [
                (1, Some(95), Some(100), 2, 2, 2, 2),
                (2, Some(80), Some(90), 6, 2, 8, 4),
                (3, None, None, 0, 0, 8, 4),
                (4, None, None, 0, 0, 8, 4),
                (5, Some(65), Some(70), 2, 1, 10, 5),
                (6, Some(55), Some(60), 2, 1, 12, 6),
                (7, Some(45), Some(50), 2, 0, 14, 6),
                (8, Some(35), Some(40), 2, 0, 16, 6),
                (9, Some(25), Some(30), 2, 1, 18, 7),
                (10, Some(15), Some(20), 2, 0, 20, 7),
            ]
        );
        // Lift: 1 / 0.35 = 2.857143; (2/6) / 0.35 = 0.952381; 0.5 / 0.35 = 1.428571.
        // Cumulative lift: (4/8) / 0.35 = 1.428571 after deciles 2–4,
        // (6/14) / 0.35 = 1.224490, (6/16) / 0.35 = 1.071429,
        // (7/18) / 0.35 = 1.111111, and 1 for the whole table.
        let [d1, d2, d3, _, d5, _, d7, d8, d9, d10] = rows.as_slice() else {
            panic!("ten rows");
        };
        assert!(close(d1.lift, 2.857_143) && close(d1.cumulative_lift, 2.857_143));
        assert!(close(d2.lift, 0.952_381) && close(d2.cumulative_lift, 1.428_571));
        assert_eq!(d3.lift, None);
        assert!(close(d3.cumulative_lift, 1.428_571));
        assert!(close(d5.lift, 1.428_571) && close(d5.cumulative_lift, 1.428_571));
        assert!(close(d7.lift, 0.0) && close(d7.cumulative_lift, 1.224_490));
        assert!(close(d8.cumulative_lift, 1.071_429));
        assert!(close(d9.cumulative_lift, 1.111_111));
        assert!(close(d10.cumulative_lift, 1.0));
        // Shares: 8 / 20 = 0.4 of contacts hold 4 / 7 = 0.571429 of wins.
        assert_eq!(d2.cumulative_share_of_contacts, 0.4);
        assert!((d2.cumulative_share_of_wins - 4.0 / 7.0).abs() < 1e-15);
        assert_eq!(d2.conversion, Rate::new(2, 6));
        assert_eq!(d3.conversion.n, 0);
        assert_eq!(
            (
                d10.cumulative_share_of_contacts,
                d10.cumulative_share_of_wins
            ),
            (1.0, 1.0)
        );
    }

    #[test]
    fn gains_of_few_contacts_leave_deciles_empty() {
        // 5 contacts: h = 0…4 → deciles 1, 3, 5, 7, 9; decile 10 is empty.
        let rows = gains(&[5, 4, 3, 2, 1], &[T, F, F, F, F]);
        let sizes: Vec<usize> = rows.iter().map(|r| r.contacts).collect();
        assert_eq!(sizes, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
        // Overall 1/5; decile 1 converts 1/1 → lift 5.
        assert!(close(rows.first().and_then(|r| r.lift), 5.0));
    }

    #[test]
    fn gains_without_wins_or_contacts() {
        let rows = gains(&[3, 2, 1], &[F, F, F]);
        assert_eq!(rows.len(), 10);
        assert!(
            rows.iter()
                .all(|r| r.lift.is_none() && r.cumulative_lift.is_none())
        );
        assert!(rows.iter().all(|r| r.cumulative_share_of_wins == 0.0));
        assert!(gains(&[], &[]).is_empty());
        assert!(gains(&[1, 2], &[]).is_empty());
    }
}
