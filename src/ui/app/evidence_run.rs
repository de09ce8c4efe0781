//! The back-test evidence off the UI thread: model quality on a back-test
//! window, stability since it, and points fitted jointly on the window
//! before it — three steps on a named thread that the user can cancel
//! between steps, with the step under way for the spinner.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::NaiveDate;

use super::background::{Task, Waker};
use super::error::AppError;
use super::whole_history::WholeHistory;
use super::workspace::Workspace;
use crate::analysis::evaluation::{
    JointFitReport, Stability, fit_cutoff_before, joint_fit, stability,
};
use crate::analysis::{BacktestResult, BacktestWindow, backtest_with};
use crate::data::Dataset;
use crate::engine::Scorer;
use crate::model::RuleSet;

/// What the user asked to gather.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidenceRequest {
    /// Contacts are scored as they were the day before it.
    pub cutoff: NaiveDate,
    /// Days after the cutoff in which a win counts.
    pub horizon_days: u32,
    /// What sales can follow up, in leads a month, when given.
    pub capacity_per_month: Option<f64>,
}

/// Everything one run found, and what it ran on.
#[derive(Debug, Clone)]
pub struct EvidenceReport {
    /// What was asked.
    pub request: EvidenceRequest,
    /// The back-test: quality beside the baseline, rule evidence (leakage).
    pub backtest: Box<BacktestResult>,
    /// Stability between the window and the latest period, or why not.
    pub stability: Result<Stability, AppError>,
    /// Jointly fitted points and their held-out check, or why not.
    pub joint_fit: Result<JointFitReport, AppError>,
    /// Name of the baseline compared with; `None` when it could not be
    /// scored on this data.
    pub baseline_name: Option<String>,
    /// The workspace's generation when the run started.
    generation: u64,
    /// The working rule set it ran on.
    working: RuleSet,
    /// The baseline it ran against.
    baseline: RuleSet,
}

impl EvidenceReport {
    /// The name of the rule set it ran on.
    pub fn rule_set_name(&self) -> &str {
        &self.working.name
    }

    /// Whether the report is of the rule sets in the workspace now: same
    /// generation, or (after an edit and its undo) the same rule sets.
    pub fn is_current(&self, workspace: &Workspace) -> bool {
        self.generation == workspace.generation
            || (self.working == workspace.working && self.baseline == workspace.baseline)
    }
}

/// The steps of a run, in order.
pub const STEPS: [&str; 3] = [
    "Back-testing",
    "Measuring stability",
    "Fitting the points jointly",
];

/// A run under way.
#[derive(Debug)]
pub struct RunningEvidence {
    task: Task<Result<EvidenceReport, AppError>>,
    cancel: Arc<AtomicBool>,
    step: Arc<AtomicUsize>,
}

impl RunningEvidence {
    /// The step under way (an index into [`STEPS`]).
    pub fn step(&self) -> usize {
        self.step.load(Ordering::Relaxed)
    }

    /// Asks the thread to stop after the step it is working on.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether cancelling was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub(super) fn try_finish(&self) -> Option<Result<EvidenceReport, AppError>> {
        self.task.poll().map(Result::flatten)
    }
}

/// The Evidence tab's background work and results.
#[derive(Debug, Default)]
pub struct EvidenceState {
    /// The quality of the current simulation (whole history).
    pub whole_history: WholeHistory,
    /// The run under way.
    pub running: Option<RunningEvidence>,
    /// The last finished run, or why it failed.
    pub outcome: Option<Result<EvidenceReport, AppError>>,
}

impl EvidenceState {
    /// Forgets every result and stops the run (new data was loaded).
    pub fn clear(&mut self) {
        if let Some(running) = self.running.take() {
            running.cancel();
        }
        self.outcome = None;
        self.whole_history.clear();
    }
}

/// What a run works on, taken from the workspace when it starts.
struct RunInput {
    data: Arc<Dataset>,
    working: RuleSet,
    /// `None` when the baseline cannot be scored on this data.
    baseline: Option<RuleSet>,
}

/// Starts a run on a named thread.
pub(super) fn spawn_evidence(
    workspace: &Workspace,
    request: EvidenceRequest,
    waker: &Waker,
) -> Result<RunningEvidence, AppError> {
    let input = RunInput {
        data: Arc::clone(&workspace.data),
        working: workspace.working.clone(),
        baseline: workspace
            .baseline_checked
            .scorable()
            .is_ok()
            .then(|| workspace.baseline.clone()),
    };
    let (generation, baseline) = (workspace.generation, workspace.baseline.clone());
    let cancel = Arc::new(AtomicBool::new(false));
    let step = Arc::new(AtomicUsize::new(0));
    let (thread_cancel, thread_step) = (Arc::clone(&cancel), Arc::clone(&step));
    let step_waker = waker.clone();
    let task = Task::spawn("the back-test evidence", waker, move || {
        let next_step = |index: usize| {
            if thread_cancel.load(Ordering::Relaxed) {
                return Err(AppError::Cancelled("the back-test evidence"));
            }
            thread_step.store(index, Ordering::Relaxed);
            step_waker.wake();
            Ok(())
        };
        let parts = gather(&input, request, next_step)?;
        Ok(EvidenceReport {
            request,
            backtest: Box::new(parts.backtest),
            stability: parts.stability,
            joint_fit: parts.joint_fit,
            baseline_name: input.baseline.as_ref().map(|b| b.name.clone()),
            generation,
            working: input.working,
            baseline,
        })
    })?;
    Ok(RunningEvidence { task, cancel, step })
}

/// The three results of a run.
struct Parts {
    backtest: BacktestResult,
    stability: Result<Stability, AppError>,
    joint_fit: Result<JointFitReport, AppError>,
}

/// The three steps; `next_step` is told before each step after the first
/// and stops the run when it says so. Stability and the joint fit may fail
/// on their own (a short history) while the back-test stands.
fn gather(
    input: &RunInput,
    request: EvidenceRequest,
    next_step: impl Fn(usize) -> Result<(), AppError>,
) -> Result<Parts, AppError> {
    let EvidenceRequest {
        cutoff,
        horizon_days,
        capacity_per_month,
    } = request;
    let data = &input.data;
    let mut scorer = Scorer::new();
    let window = BacktestWindow {
        cutoff,
        horizon_days,
    };
    let backtest = backtest_with(
        data,
        &input.working,
        input.baseline.as_ref(),
        window,
        capacity_per_month,
        &mut scorer,
    )?;
    next_step(1)?;
    // The reference period is as long as the back-test window.
    let days = horizon_days.saturating_add(1);
    let stability = stability(data, &input.working, cutoff, days, &mut scorer);
    next_step(2)?;
    let fit_cutoff = fit_cutoff_before(data, cutoff, horizon_days);
    let joint_fit = joint_fit(data, &input.working, fit_cutoff, horizon_days, &mut scorer);
    Ok(Parts {
        backtest,
        stability: stability.map_err(AppError::from),
        joint_fit: joint_fit.map_err(AppError::from),
    })
}
