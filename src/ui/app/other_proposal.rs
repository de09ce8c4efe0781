//! The other team's proposal in the workshop, and its figures, scored off
//! the UI thread.

use std::path::PathBuf;
use std::sync::Arc;

use super::background::{Task, Waker};
use super::error::AppError;
use crate::analysis::{SimulationSummary, summarize};
use crate::data::Dataset;
use crate::engine::{resolve_as_of, score};
use crate::model::RuleSet;

/// The other team's proposal and its figures.
#[derive(Debug, Clone)]
pub struct OtherProposal {
    /// The rule set.
    pub rules: RuleSet,
    /// Where it was read from (none when it came inside a project).
    pub path: Option<PathBuf>,
    /// Its figures once scored, or why scoring failed.
    pub summary: Option<Result<SimulationSummary, AppError>>,
}

/// Scores a rule set on a named thread; the figures arrive as the task's
/// result.
pub fn spawn_scoring(
    data: Arc<Dataset>,
    rules: RuleSet,
    waker: &Waker,
) -> Result<Task<Result<SimulationSummary, AppError>>, AppError> {
    Task::spawn("scoring the other proposal", waker, move || {
        let as_of = resolve_as_of(&data, None);
        score(&data, &rules, as_of)
            .map(|scores| summarize(&scores, &data.outcomes))
            .map_err(|e| AppError::from(e).of("the other proposal"))
    })
}
