//! Back-tests off the UI thread: a named thread the user can cancel between
//! cutoffs, with its progress for the spinner.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::background::{Task, Waker};
use super::command::BacktestKind;
use super::error::AppError;
use crate::analysis::{
    BacktestResult, BacktestWindow, Step, backtest, cutoffs, default_cutoff_range, rolling_backtest,
};
use crate::data::Dataset;
use crate::engine::Scorer;
use crate::model::RuleSet;

/// The figures of a finished back-test.
#[derive(Debug, Clone)]
pub enum BacktestOutcome {
    /// One cutoff.
    Single(Box<BacktestResult>),
    /// Every month; `complete` is false when cancelled part-way.
    Rolling {
        /// One result per cutoff, in date order.
        results: Vec<BacktestResult>,
        /// Whether every cutoff was run.
        complete: bool,
    },
}

/// A back-test under way.
#[derive(Debug)]
pub struct RunningBacktest {
    task: Task<Result<BacktestOutcome, AppError>>,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
}

impl RunningBacktest {
    /// Cutoffs done and cutoffs in all (0 of 0 for a single back-test).
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Asks the thread to stop after the cutoff it is working on.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether cancelling was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The outcome once the thread is done.
    pub fn try_finish(&self) -> Option<Result<BacktestOutcome, AppError>> {
        self.task.poll().map(Result::flatten)
    }
}

/// The back-test under way and the last outcome.
#[derive(Debug, Default)]
pub struct BacktestState {
    /// The back-test running now.
    pub running: Option<RunningBacktest>,
    /// The last finished back-test, or why it failed.
    pub outcome: Option<Result<BacktestOutcome, AppError>>,
}

/// Starts a back-test of `rules` against `baseline` on a named thread.
pub fn spawn_backtest(
    data: Arc<Dataset>,
    rules: RuleSet,
    baseline: RuleSet,
    kind: BacktestKind,
    horizon_days: u32,
    waker: &Waker,
) -> Result<RunningBacktest, AppError> {
    let cancel = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(AtomicUsize::new(0));
    let progress = (Arc::clone(&cancel), Arc::clone(&done), Arc::clone(&total));
    let progress_waker = waker.clone();
    let task = Task::spawn("the back-test", waker, move || {
        let (cancel, done, total) = progress;
        run(&data, &rules, &baseline, kind, horizon_days, |i, n| {
            done.store(i, Ordering::Relaxed);
            total.store(n, Ordering::Relaxed);
            progress_waker.wake();
            !cancel.load(Ordering::Relaxed)
        })
    })?;
    Ok(RunningBacktest {
        task,
        cancel,
        done,
        total,
    })
}

fn run(
    data: &Dataset,
    rules: &RuleSet,
    baseline: &RuleSet,
    kind: BacktestKind,
    horizon_days: u32,
    progress: impl FnMut(usize, usize) -> bool,
) -> Result<BacktestOutcome, AppError> {
    let mut scorer = Scorer::new();
    match kind {
        BacktestKind::Single(cutoff) => {
            let window = BacktestWindow {
                cutoff,
                horizon_days,
            };
            backtest(data, rules, Some(baseline), window, &mut scorer)
                .map(|r| BacktestOutcome::Single(Box::new(r)))
                .map_err(AppError::from)
        }
        BacktestKind::Rolling => {
            let (first, last) =
                default_cutoff_range(data, horizon_days).ok_or(AppError::ShortHistory)?;
            let dates = cutoffs(first, last, Step::Monthly);
            let results = rolling_backtest(
                data,
                rules,
                Some(baseline),
                &dates,
                horizon_days,
                &mut scorer,
                progress,
            )?;
            Ok(BacktestOutcome::Rolling {
                complete: results.len() == dates.len(),
                results,
            })
        }
    }
}
