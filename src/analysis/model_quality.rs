//! Model quality of a scoring beside its baseline's, on the same
//! contacts: AUC with the paired difference, KS, gains, calibration, the
//! ROC curve and precision at the sales team's capacity.
//!
//! Conventions (the README states them for a spreadsheet):
//! - Contacts excluded by the rule set are left out of its ranking: they
//!   never qualify, whatever their points. A difference between two rule
//!   sets is measured on the contacts neither excludes.
//! - A capacity of K leads a month allows K × months contacts: the months of
//!   the history for a simulation, the horizon for a back-test. The
//!   threshold is the lowest whose contacts fit, ties never split.

use serde::Serialize;

use super::quality::{AucDifference, Quality, RocPoint, auc_difference, quality, roc_curve};
use super::stats::Rate;
use super::sweep::DAYS_PER_MONTH;
use crate::data::Outcomes;
use crate::engine::Scores;
use crate::model::Stage;

/// How many contacts sales can follow up: so many a month, over so many months.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CapacityAsk {
    /// Leads a month.
    pub per_month: f64,
    /// Months the figures cover.
    pub months: f64,
}

impl CapacityAsk {
    /// Contacts sales can follow up in the period.
    pub fn contacts(&self) -> usize {
        (self.per_month * self.months).floor().max(0.0) as usize
    }

    /// The capacity over a back-test's horizon.
    pub fn over_horizon(per_month: f64, horizon_days: u32) -> CapacityAsk {
        CapacityAsk {
            per_month,
            months: f64::from(horizon_days + 1) / DAYS_PER_MONTH,
        }
    }
}

/// Precision and wins at the sales team's capacity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtCapacity {
    /// What was asked.
    pub ask: CapacityAsk,
    /// Contacts sales can follow up in the period.
    pub allowed: usize,
    /// The lowest threshold whose contacts fit.
    pub threshold: i64,
    /// Contacts scoring at or above it.
    pub contacts: usize,
    /// Their conversion: the precision sales would see.
    pub precision: Rate,
    /// Wins among them.
    pub wins_captured: usize,
    /// Wins among every ranked contact.
    pub wins: usize,
    /// Share of the wins captured.
    pub recall: f64,
}

/// One rule set's quality on its ranked contacts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedQuality {
    /// AUC, KS, gains and calibration.
    pub quality: Quality,
    /// The ROC curve (at most about 1,000 points).
    pub roc: Vec<RocPoint>,
    /// Precision and wins at capacity, when one was asked and fits.
    pub capacity: Option<AtCapacity>,
}

/// A rule set's quality beside its baseline's, on the same contacts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelQuality {
    /// The rule set.
    pub rule_set: RankedQuality,
    /// The baseline, when there is one.
    pub baseline: Option<RankedQuality>,
    /// AUC of the rule set minus the baseline's, paired, on the contacts
    /// neither excludes.
    pub difference: Option<AucDifference>,
    /// How many contacts the difference is measured on.
    pub paired_contacts: usize,
}

/// The scores and outcomes of the contacts a scoring ranks (not excluded,
/// nor excluded by `also`).
pub(super) fn ranked(
    scores: &Scores,
    outcomes: &Outcomes,
    also: Option<&Scores>,
) -> (Vec<i64>, Vec<bool>) {
    let kept = |row: usize, s: &Scores| s.stage.get(row).is_some_and(|st| *st != Stage::Excluded);
    (0..scores.len())
        .filter(|&row| kept(row, scores) && also.is_none_or(|a| kept(row, a)))
        .map(|row| {
            (
                scores.total.get(row).copied().unwrap_or(0),
                outcomes.is_won(row),
            )
        })
        .unzip()
}

fn ranked_quality(scores: &[i64], won: &[bool], ask: Option<CapacityAsk>) -> RankedQuality {
    RankedQuality {
        quality: quality(scores, won),
        roc: roc_curve(scores, won),
        capacity: ask.and_then(|ask| at_capacity(scores, won, ask)),
    }
}

/// Model quality of a scoring (and its baseline) against the outcomes.
pub fn model_quality(
    scores: &Scores,
    baseline: Option<&Scores>,
    outcomes: &Outcomes,
    ask: Option<CapacityAsk>,
) -> ModelQuality {
    let (own_scores, own_won) = ranked(scores, outcomes, None);
    // Reused by both rankings below.
    let rule_set = ranked_quality(&own_scores, &own_won, ask);
    let Some(baseline) = baseline else {
        return ModelQuality {
            rule_set,
            baseline: None,
            difference: None,
            paired_contacts: 0,
        };
    };
    let (base_scores, base_won) = ranked(baseline, outcomes, None);
    let (paired_a, won) = ranked(scores, outcomes, Some(baseline));
    let (paired_b, _) = ranked(baseline, outcomes, Some(scores));
    ModelQuality {
        rule_set,
        baseline: Some(ranked_quality(&base_scores, &base_won, ask)),
        difference: auc_difference(&paired_a, &paired_b, &won),
        paired_contacts: won.len(),
    }
}

/// The lowest threshold whose contacts fit the capacity (ties never split).
pub fn at_capacity(scores: &[i64], won: &[bool], ask: CapacityAsk) -> Option<AtCapacity> {
    let allowed = ask.contacts();
    let mut order: Vec<(i64, bool)> = scores.iter().copied().zip(won.iter().copied()).collect();
    order.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let wins = order.iter().filter(|(_, w)| *w).count();
    let (mut taken, mut captured) = (0usize, 0usize);
    let mut best: Option<(i64, usize, usize)> = None;
    let mut i = 0;
    while let Some(&(score, _)) = order.get(i) {
        let (mut group, mut group_wins) = (0usize, 0usize);
        while let Some(&(s, w)) = order.get(i) {
            if s != score {
                break;
            }
            group += 1;
            group_wins += usize::from(w);
            i += 1;
        }
        if taken + group > allowed {
            break;
        }
        taken += group;
        captured += group_wins;
        best = Some((score, taken, captured));
    }
    let (threshold, contacts, wins_captured) = best?;
    Some(AtCapacity {
        ask,
        allowed,
        threshold,
        contacts,
        precision: Rate::new(wins_captured, contacts),
        wins_captured,
        wins,
        recall: if wins == 0 {
            0.0
        } else {
            wins_captured as f64 / wins as f64
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Outcome;

    fn scores(total: &[i64], excluded: &[usize]) -> Scores {
        Scores {
            total: total.to_vec(),
            stage: (0..total.len())
                .map(|r| {
                    if excluded.contains(&r) {
                        Stage::Excluded
                    } else {
                        Stage::Nurture
                    }
                })
                .collect(),
            ..Default::default()
        }
    }

    fn outcomes(won: &[bool]) -> Outcomes {
        Outcomes {
            outcome: won
                .iter()
                .map(|w| if *w { Outcome::Won } else { Outcome::None })
                .collect(),
            revenue: vec![0.0; won.len()],
            won_at_ms: vec![None; won.len()],
        }
    }

    #[test]
    fn capacity_takes_whole_tie_groups_only() {
        // Scores 50, 40, 40, 40, 30, 20; wins at 50, one 40 and 20.
        let s = [50, 40, 40, 40, 30, 20];
        let won = [true, true, false, false, false, true];
        let ask = |contacts: f64| CapacityAsk {
            per_month: contacts,
            months: 1.0,
        };
        // Room for 3: the three tied at 40 do not fit beside the 50.
        let c = at_capacity(&s, &won, ask(3.0)).unwrap();
        assert_eq!((c.threshold, c.contacts, c.wins_captured), (50, 1, 1));
        // Room for 4: 50 and the 40s.
        let c = at_capacity(&s, &won, ask(4.0)).unwrap();
        assert_eq!(
            (c.threshold, c.contacts, c.wins_captured, c.wins),
            (40, 4, 2, 3)
        );
        assert_eq!(c.precision.value, 0.5);
        assert!((c.recall - 2.0 / 3.0).abs() < 1e-12);
        // No room even for the top score.
        assert!(at_capacity(&[5, 5], &[true, false], ask(1.0)).is_none());
        // A capacity over a 90-day horizon: 91 days of 30.44.
        let h = CapacityAsk::over_horizon(100.0, 90);
        assert_eq!(h.contacts(), 298);
    }

    #[test]
    fn excluded_contacts_leave_the_ranking_and_the_pairing() {
        // Rule set excludes row 0 (a high-scoring win); baseline excludes nobody.
        let own = scores(&[90, 10, 20, 30, 40], &[0]);
        let base = scores(&[90, 40, 30, 20, 10], &[]);
        let won = outcomes(&[true, false, false, false, true]);
        let q = model_quality(&own, Some(&base), &won.clone(), None);
        assert_eq!(q.rule_set.quality.contacts, 4);
        assert_eq!(q.baseline.as_ref().unwrap().quality.contacts, 5);
        assert_eq!(q.paired_contacts, 4);
        // On rows 1–4 the rule set ranks the win (row 4) first: AUC 1; the
        // baseline ranks it last: AUC 0; the difference is 1.
        let d = q.difference.unwrap();
        assert!((d.difference - 1.0).abs() < 1e-12, "{d:?}");
        assert_eq!(q.rule_set.quality.auc.unwrap().value, 1.0);
    }
}
