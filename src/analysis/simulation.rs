//! One simulation's figures, built by one function for the dashboard and
//! for `leadscore simulate`: stage summaries against the baseline, rule
//! statistics, the threshold sweep and the score distribution.

use std::sync::Arc;

use super::{
    Comparison, Leakage, RuleStat, Sweep, compare, mark_after_outcome, period_months, rule_stats,
};
use crate::data::Dataset;
use crate::engine::Scores;
use crate::model::RulePath;

/// Width of one bar of the score-distribution chart, in points.
pub const BUCKET_WIDTH_POINTS: i64 = 5;

/// Everything known about one simulation of a proposal against a baseline.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// Proposal and baseline figures, and the transition matrix.
    pub comparison: Comparison,
    /// Match counts and lift per enabled rule of the proposal.
    pub rule_stats: Vec<RuleStat>,
    /// Won and not-won contacts per score bucket, for the proposal.
    pub distribution: ScoreDistribution,
    /// Contacts and conversion at or above every threshold, for the proposal.
    pub sweep: Sweep,
    /// Length of the history in months, when creation dates are known.
    pub months: Option<f64>,
    /// Every contact's scores under the proposal, for the contact inspector.
    pub proposal_scores: Arc<Scores>,
    /// Every contact's scores under the baseline.
    pub baseline_scores: Arc<Scores>,
}

impl Simulation {
    /// Builds the figures from the two scorings (a proposal with no
    /// baseline is compared with itself: nothing changes stage).
    /// `after_outcome` holds the proposal's rules that match only after the
    /// outcome ([`super::after_outcome_of_rules`]), a sign of leakage.
    pub fn new(
        data: &Dataset,
        after_outcome: &[(RulePath, Leakage)],
        proposal: &Arc<Scores>,
        baseline: &Arc<Scores>,
    ) -> Self {
        let months = period_months(data.created_ms.as_ref());
        let mut rule_stats = rule_stats(proposal, &data.outcomes);
        mark_after_outcome(&mut rule_stats, after_outcome);
        Simulation {
            comparison: compare(proposal, baseline, &data.outcomes),
            rule_stats,
            distribution: ScoreDistribution::new(proposal, data),
            sweep: Sweep::new(proposal, &data.outcomes, months),
            months,
            proposal_scores: Arc::clone(proposal),
            baseline_scores: Arc::clone(baseline),
        }
    }

    /// The evidence for one rule, if it was enabled when scored.
    pub fn rule_stat(&self, path: RulePath) -> Option<&RuleStat> {
        self.rule_stats.iter().find(|stat| stat.path == path)
    }
}

/// Contacts in one score bucket `[start, start + width)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreBucket {
    /// Lowest score of the bucket.
    pub start: i64,
    /// Won contacts in it.
    pub won: usize,
    /// The other contacts in it.
    pub not_won: usize,
}

/// The score distribution split by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreDistribution {
    /// Width of every bucket, in points.
    pub bucket_width: i64,
    /// Buckets in ascending score order, without gaps.
    pub buckets: Vec<ScoreBucket>,
}

impl ScoreDistribution {
    /// Counts the scored contacts per bucket.
    pub fn new(scores: &Scores, data: &Dataset) -> Self {
        let width = BUCKET_WIDTH_POINTS;
        let (Some(&min), Some(&max)) = (scores.total.iter().min(), scores.total.iter().max())
        else {
            return ScoreDistribution {
                bucket_width: width,
                buckets: Vec::new(),
            };
        };
        let first = min.div_euclid(width);
        let count = usize::try_from(max.div_euclid(width) - first + 1).unwrap_or(0);
        let mut buckets: Vec<ScoreBucket> = (0..count)
            .map(|i| ScoreBucket {
                start: (first + i as i64) * width,
                won: 0,
                not_won: 0,
            })
            .collect();
        for (row, score) in scores.total.iter().enumerate() {
            let index = usize::try_from(score.div_euclid(width) - first).unwrap_or(0);
            if let Some(bucket) = buckets.get_mut(index) {
                if data.outcomes.is_won(row) {
                    bucket.won += 1;
                } else {
                    bucket.not_won += 1;
                }
            }
        }
        ScoreDistribution {
            bucket_width: width,
            buckets,
        }
    }
}
