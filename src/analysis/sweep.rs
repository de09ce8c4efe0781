//! Threshold sweep and capacity: for every threshold, how many contacts
//! qualify, how well they convert and what share of the wins they hold —
//! computed once from sorted scores, read in O(log n) afterwards.

use serde::Serialize;

use super::stats::Rate;
use crate::data::Outcomes;
use crate::engine::Scores;
use crate::model::Stage;

/// The figures for contacts at or above one threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepRow {
    /// The threshold (a score).
    pub threshold: i64,
    /// Eligible contacts scoring at or above it.
    pub contacts: usize,
    /// Their conversion to won.
    pub conversion: Rate,
    /// Share of all eligible wins they hold.
    pub recall: f64,
    /// Their won revenue.
    pub revenue: f64,
    /// Contacts per month at or above it, when creation dates are known.
    pub monthly_volume: Option<f64>,
}

/// Every threshold at once. Excluded contacts never qualify and are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sweep {
    /// One row per distinct score, highest threshold first.
    pub rows: Vec<SweepRow>,
    /// Eligible (not excluded) contacts.
    pub eligible: usize,
    /// Won contacts among them.
    pub won: usize,
    /// Length of the loaded period in months, from the contacts' creation dates.
    pub months: Option<f64>,
}

/// Average days in a month, for monthly volumes.
pub const DAYS_PER_MONTH: f64 = 30.436_875;

/// The span of creation dates in months (at least one month).
pub fn period_months(created_ms: Option<&Vec<Option<i64>>>) -> Option<f64> {
    let dates = created_ms?;
    let min = dates.iter().flatten().min()?;
    let max = dates.iter().flatten().max()?;
    let days = (max - min) as f64 / 86_400_000.0;
    Some((days / DAYS_PER_MONTH).max(1.0))
}

impl Sweep {
    /// Builds the sweep in O(n log n).
    pub fn new(scores: &Scores, outcomes: &Outcomes, months: Option<f64>) -> Sweep {
        let mut eligible: Vec<(i64, bool, f64)> = (0..scores.len())
            .filter(|&r| scores.stage.get(r) != Some(&Stage::Excluded))
            .map(|r| {
                (
                    scores.total.get(r).copied().unwrap_or(0),
                    outcomes.is_won(r),
                    outcomes.revenue.get(r).copied().unwrap_or(0.0),
                )
            })
            .collect();
        eligible.sort_by_key(|e| std::cmp::Reverse(e.0));
        let total_won = eligible.iter().filter(|e| e.1).count();
        let mut rows: Vec<SweepRow> = Vec::new();
        let (mut count, mut won, mut revenue) = (0usize, 0usize, 0.0f64);
        let mut i = 0;
        while let Some(&(score, _, _)) = eligible.get(i) {
            while let Some(&(s, is_won, r)) = eligible.get(i) {
                if s != score {
                    break;
                }
                count += 1;
                won += usize::from(is_won);
                revenue += r;
                i += 1;
            }
            rows.push(SweepRow {
                threshold: score,
                contacts: count,
                conversion: Rate::new(won, count),
                recall: if total_won == 0 {
                    0.0
                } else {
                    won as f64 / total_won as f64
                },
                revenue,
                monthly_volume: months.map(|m| count as f64 / m),
            });
        }
        Sweep {
            rows,
            eligible: eligible.len(),
            won: total_won,
            months,
        }
    }

    /// The figures at a threshold: contacts scoring at or above it.
    pub fn at(&self, threshold: i64) -> SweepRow {
        // Rows are by descending threshold; the last row whose threshold is
        // still ≥ t holds everyone at or above t.
        let index = self.rows.partition_point(|r| r.threshold >= threshold);
        match index.checked_sub(1).and_then(|i| self.rows.get(i)) {
            Some(row) => SweepRow {
                threshold,
                ..row.clone()
            },
            None => SweepRow {
                threshold,
                contacts: 0,
                conversion: Rate::new(0, 0),
                recall: 0.0,
                revenue: 0.0,
                monthly_volume: self.months.map(|_| 0.0),
            },
        }
    }

    /// The lowest threshold whose monthly volume stays within `per_month`
    /// (what sales can follow up), with what it costs in missed wins.
    pub fn for_capacity(&self, per_month: f64) -> Option<Capacity> {
        let months = self.months?;
        let row = self
            .rows
            .iter()
            .take_while(|r| r.contacts as f64 / months <= per_month)
            .last()?;
        Some(Capacity {
            per_month,
            threshold: row.threshold,
            monthly_volume: row.contacts as f64 / months,
            conversion: row.conversion,
            wins_captured: row.conversion.successes,
            wins_missed: self.won - row.conversion.successes,
            recall: row.recall,
        })
    }
}

/// The answer to "sales can follow up K leads a month".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capacity {
    /// The capacity asked for.
    pub per_month: f64,
    /// The threshold that fits it.
    pub threshold: i64,
    /// Contacts per month at that threshold.
    pub monthly_volume: f64,
    /// Their conversion.
    pub conversion: Rate,
    /// Wins among them.
    pub wins_captured: usize,
    /// Wins below the threshold.
    pub wins_missed: usize,
    /// Share of wins captured.
    pub recall: f64,
}
