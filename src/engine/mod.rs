//! The scoring engine: a rule set compiled to polars expressions and run on
//! a dataset, giving per contact fit, engagement, score, stage and grade.

mod batch;
mod cache;
mod conditions;
mod dictionary;
mod events;
mod explain;
mod matches;
mod output;
mod plan;
mod scorer;
mod scores;
mod time;

use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::PolarsError;

use crate::data::Dataset;
use crate::model::{CheckedRuleSet, InvalidRuleSet, RuleSet};

pub use batch::{BatchError, BatchReport, score_in_batches};
pub use cache::{CONDITION_BUDGET_BYTES, EVENT_FEATURE_BUDGET_BYTES, EventFeature};
pub use conditions::{EDUCATION_DOMAIN_PATTERN, EMAIL_DOMAIN_PATTERN};
pub(crate) use events::DictionaryFilter;
pub use explain::{EventRuleExplanation, ExplainedEvent, explain_event_rule};
pub use matches::Matches;
pub use output::{WriteError, scores_frame, write_scores};
pub use scorer::{RECENT_SCORES, Scorer};
pub use scores::{RuleResult, Scores, restage};
pub use time::{DAY_MS, as_of_end_ms, decay_expr, event_age_days};

/// Why a rule set could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The rule set has validation errors, each located.
    #[error(transparent)]
    Invalid(#[from] InvalidRuleSet),
    /// Polars failed while computing.
    #[error("scoring failed")]
    Polars(#[from] PolarsError),
}

/// The as-of date to use: the one given, or the latest date in the data, or today.
pub fn resolve_as_of(data: &Dataset, as_of: Option<NaiveDate>) -> NaiveDate {
    as_of
        .or(data.latest_date)
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// Scores every contact of `data` with `rules` as of a date: validates the
/// rule set against the data and scores it with a fresh [`Scorer`] (callers
/// that score again keep a scorer instead).
pub fn score(data: &Dataset, rules: &RuleSet, as_of: NaiveDate) -> Result<Scores, EngineError> {
    let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
    let scores = Scorer::new().score(data, &checked, as_of)?;
    // The fresh scorer is dropped here, so the scores are not shared.
    Ok(Arc::unwrap_or_clone(scores))
}
