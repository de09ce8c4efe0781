//! Moving a threshold without scoring again: the points do not change, only
//! the stages, and those follow from the points and the flags already in
//! [`Scores`]. (A candidate for `engine`; kept here until the core wants it.)

use crate::engine::Scores;
use crate::model::{RuleSet, Stages, stage_of};

/// Whether two rule sets differ at most in their thresholds and floor.
pub fn differ_only_in_thresholds(a: &RuleSet, b: &RuleSet) -> bool {
    let mut a = a.clone();
    a.stages.mql_threshold = b.stages.mql_threshold;
    a.stages.sql_threshold = b.stages.sql_threshold;
    a.stages.disqualify_below = b.stages.disqualify_below;
    &a == b
}

/// Sets every contact's stage for new thresholds, with the engine's
/// precedence (see [`stage_of`]).
pub fn restage(scores: &mut Scores, stages: &Stages) {
    let flag = |flags: &[bool], row: usize| flags.get(row).copied().unwrap_or(false);
    for (row, stage) in scores.stage.iter_mut().enumerate() {
        let excluded = scores
            .exclusions
            .iter()
            .any(|(_, matched)| flag(matched, row));
        let score = scores.total.get(row).copied().unwrap_or(0);
        *stage = stage_of(
            stages,
            score,
            excluded,
            flag(&scores.sql_criterion, row),
            flag(&scores.mql_criterion, row),
        );
    }
}
