//! Moving a threshold without re-scoring: stage counts from sorted scores.

use serde::Serialize;

use crate::data::Outcomes;
use crate::engine::Scores;
use crate::model::Stage;

/// MQL and SQL thresholds and the optional floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    /// Score from which a contact is MQL.
    pub mql: i64,
    /// Score from which a contact is SQL.
    pub sql: i64,
    /// Score below which a contact is disqualified.
    pub floor: Option<i64>,
}

/// Contacts of one population sorted by score, with cumulative won counts
/// and revenue, so "how many at or above t" is a binary search.
#[derive(Debug, Clone, Default)]
struct SortedPopulation {
    /// Scores, ascending.
    scores: Vec<i64>,
    /// `won[i]`: won contacts among `scores[i..]`.
    won_from: Vec<usize>,
    /// `revenue[i]`: revenue of `scores[i..]`.
    revenue_from: Vec<f64>,
}

impl SortedPopulation {
    fn new(mut rows: Vec<(i64, bool, f64)>) -> Self {
        rows.sort_by_key(|r| r.0);
        let n = rows.len();
        let mut won_from = vec![0usize; n + 1];
        let mut revenue_from = vec![0.0f64; n + 1];
        for i in (0..n).rev() {
            let (_, won, revenue) = rows.get(i).copied().unwrap_or((0, false, 0.0));
            won_from[i] = won_from[i + 1] + usize::from(won);
            revenue_from[i] = revenue_from[i + 1] + revenue;
        }
        SortedPopulation {
            scores: rows.iter().map(|r| r.0).collect(),
            won_from,
            revenue_from,
        }
    }

    /// Index of the first score ≥ t.
    fn first_at_or_above(&self, t: i64) -> usize {
        self.scores.partition_point(|&s| s < t)
    }

    /// (count, won, revenue) of scores in `[from, to)`.
    fn between(&self, from: Option<i64>, to: Option<i64>) -> (usize, usize, f64) {
        let start = from.map_or(0, |t| self.first_at_or_above(t));
        let end = to.map_or(self.scores.len(), |t| self.first_at_or_above(t));
        if end <= start {
            return (0, 0, 0.0);
        }
        let won = self.won_from.get(start).copied().unwrap_or(0)
            - self.won_from.get(end).copied().unwrap_or(0);
        let revenue = self.revenue_from.get(start).copied().unwrap_or(0.0)
            - self.revenue_from.get(end).copied().unwrap_or(0.0);
        (end - start, won, revenue)
    }
}

/// Stage counts for any thresholds, from scores computed once: O(n log n)
/// to build, O(log n) per threshold move.
#[derive(Debug, Clone, Default)]
pub struct StageCounter {
    excluded: (usize, usize, f64),
    forced_sql: (usize, usize, f64),
    forced_mql: SortedPopulation,
    rest: SortedPopulation,
}

/// (count, won, revenue) of each stage in [`Stage::ALL`] order.
pub type StageTotals = [(usize, usize, f64); 5];

impl StageCounter {
    /// Prepares the counter from one scoring.
    pub fn new(scores: &Scores, outcomes: &Outcomes) -> Self {
        let mut excluded = (0, 0, 0.0);
        let mut forced_sql = (0, 0, 0.0);
        let mut forced_mql = Vec::new();
        let mut rest = Vec::new();
        for row in 0..scores.len() {
            let won = outcomes.is_won(row);
            let revenue = outcomes.revenue.get(row).copied().unwrap_or(0.0);
            let score = scores.total.get(row).copied().unwrap_or(0);
            let add = |t: &mut (usize, usize, f64)| {
                t.0 += 1;
                t.1 += usize::from(won);
                t.2 += revenue;
            };
            if scores.stage.get(row) == Some(&Stage::Excluded) {
                add(&mut excluded);
            } else if scores.sql_criterion.get(row) {
                add(&mut forced_sql);
            } else if scores.mql_criterion.get(row) {
                forced_mql.push((score, won, revenue));
            } else {
                rest.push((score, won, revenue));
            }
        }
        StageCounter {
            excluded,
            forced_sql,
            forced_mql: SortedPopulation::new(forced_mql),
            rest: SortedPopulation::new(rest),
        }
    }

    /// Count, won and revenue per stage for the thresholds.
    pub fn totals(&self, t: Thresholds) -> StageTotals {
        let add =
            |a: (usize, usize, f64), b: (usize, usize, f64)| (a.0 + b.0, a.1 + b.1, a.2 + b.2);
        let sql = add(
            add(self.forced_sql, self.forced_mql.between(Some(t.sql), None)),
            self.rest.between(Some(t.sql), None),
        );
        let mql_low = t.mql.min(t.sql);
        let mql = add(
            self.forced_mql.between(None, Some(t.sql)),
            self.rest.between(Some(mql_low), Some(t.sql)),
        );
        let floor = t.floor.map(|f| f.min(mql_low));
        let disqualified = match floor {
            Some(f) => self.rest.between(None, Some(f)),
            None => (0, 0, 0.0),
        };
        let nurture = self.rest.between(floor, Some(mql_low));
        let mut out = [(0, 0, 0.0); 5];
        for (stage, value) in [
            (Stage::Sql, sql),
            (Stage::Mql, mql),
            (Stage::Nurture, nurture),
            (Stage::Disqualified, disqualified),
            (Stage::Excluded, self.excluded),
        ] {
            if let Some(slot) = out.get_mut(stage.index()) {
                *slot = value;
            }
        }
        out
    }
}
