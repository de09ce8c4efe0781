//! Model quality of the current simulation (AUC, KS, Brier, beside the
//! baseline) computed off the UI thread once per simulation: at a million
//! contacts it takes a fifth of a second, too long for a frame.

use std::sync::Arc;

use super::background::{Task, Waker};
use super::error::AppError;
use super::workspace::Workspace;
use crate::analysis::Simulation;
use crate::analysis::evaluation::{ModelQuality, model_quality};
use crate::data::Dataset;

/// The quality of one simulation, by the generation of the rule sets it
/// scored.
#[derive(Debug, Default)]
pub struct WholeHistory {
    /// The computation under way, and the generation it is for.
    computing: Option<(u64, Task<ModelQuality>)>,
    /// The latest figures and their generation.
    latest: Option<(u64, Result<ModelQuality, AppError>)>,
}

impl WholeHistory {
    /// The latest figures, and whether they belong to the simulation on
    /// screen (rather than to an earlier one, while the new ones come).
    pub fn latest(&self, workspace: &Workspace) -> Option<(&Result<ModelQuality, AppError>, bool)> {
        self.latest
            .as_ref()
            .map(|(generation, quality)| (quality, *generation == workspace.simulation_generation))
    }

    /// Whether figures for the workspace's simulation are missing and not
    /// under way.
    pub fn is_due(&self, workspace: &Workspace) -> bool {
        let wanted = workspace.simulation_generation;
        workspace.simulation.is_some()
            && self.latest.as_ref().is_none_or(|(g, _)| *g != wanted)
            && self.computing.as_ref().is_none_or(|(g, _)| *g != wanted)
    }

    /// Whether a computation is under way.
    pub fn is_computing(&self) -> bool {
        self.computing.is_some()
    }

    /// Starts computing the figures of the workspace's simulation, unless
    /// another computation is still under way (it is taken in first; the
    /// next frame starts this one).
    pub fn start(&mut self, workspace: &Workspace, waker: &Waker) {
        let Some(simulation) = &workspace.simulation else {
            return;
        };
        if self.computing.is_some() {
            return;
        }
        let generation = workspace.simulation_generation;
        let work = quality_work(simulation, Arc::clone(&workspace.data));
        match Task::spawn("the model quality", waker, work) {
            Ok(task) => self.computing = Some((generation, task)),
            Err(error) => self.latest = Some((generation, Err(error))),
        }
    }

    /// Takes in finished figures; returns whether any arrived.
    pub fn poll(&mut self) -> bool {
        let Some((generation, task)) = &self.computing else {
            return false;
        };
        let Some(result) = task.poll() else {
            return false;
        };
        self.latest = Some((*generation, result));
        self.computing = None;
        true
    }

    /// Forgets everything (new data was loaded).
    pub fn clear(&mut self) {
        *self = WholeHistory::default();
    }
}

/// The work: the simulation's scores against the data's outcomes. A
/// baseline the simulation compared with itself (it could not be scored
/// on this data) is left out rather than shown as a copy.
fn quality_work(
    simulation: &Simulation,
    data: Arc<Dataset>,
) -> impl FnOnce() -> ModelQuality + Send + 'static {
    let proposal = Arc::clone(&simulation.proposal_scores);
    let baseline = (!Arc::ptr_eq(&simulation.proposal_scores, &simulation.baseline_scores))
        .then(|| Arc::clone(&simulation.baseline_scores));
    move || model_quality(&proposal, baseline.as_deref(), &data.outcomes, None)
}
