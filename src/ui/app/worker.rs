//! Scoring off the UI thread: one long-lived named thread that always works
//! on the newest request and keeps one [`Scorer`] with its caches.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use super::background::Waker;
use super::error::AppError;
use crate::analysis::{AfterOutcomeMemo, Simulation};
use crate::data::Dataset;
use crate::engine::{Scorer, resolve_as_of};
use crate::model::CheckedRuleSet;

/// One scoring request.
#[derive(Debug, Clone)]
pub struct Job {
    /// Results of older generations are stale and dropped.
    pub generation: u64,
    /// The data to score.
    pub data: Arc<Dataset>,
    /// The working rule set, validated against the data.
    pub proposal: CheckedRuleSet,
    /// The rule set it is compared with, validated against the data.
    pub baseline: CheckedRuleSet,
}

/// The answer to a [`Job`].
#[derive(Debug)]
pub struct Reply {
    /// The generation of the job.
    pub generation: u64,
    /// The figures, or why scoring failed.
    pub result: Result<Simulation, AppError>,
}

/// Handle on the scoring thread.
#[derive(Debug)]
pub struct SimulationWorker {
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
}

impl SimulationWorker {
    /// Starts the scoring thread; `waker` is woken with every reply.
    pub fn spawn(waker: &Waker) -> Result<Self, AppError> {
        let (jobs, job_receiver) = channel::<Job>();
        let (reply_sender, replies) = channel::<Reply>();
        let waker = waker.clone();
        std::thread::Builder::new()
            .name("leadscore: simulation".to_owned())
            .spawn(move || simulation_loop(&job_receiver, &reply_sender, &waker))
            .map_err(|source| AppError::Thread {
                what: "the simulation",
                source: Arc::new(source),
            })?;
        Ok(SimulationWorker { jobs, replies })
    }

    /// Queues a job; older queued jobs will be skipped.
    pub fn request(&self, job: Job) -> Result<(), AppError> {
        self.jobs
            .send(job)
            .map_err(|_| AppError::Stopped("the simulation"))
    }

    /// A finished reply, if one is waiting; an error once the thread is gone.
    pub fn try_reply(&self) -> Result<Option<Reply>, AppError> {
        match self.replies.try_recv() {
            Ok(reply) => Ok(Some(reply)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(AppError::Stopped("the simulation")),
        }
    }
}

fn simulation_loop(jobs: &Receiver<Job>, replies: &Sender<Reply>, waker: &Waker) {
    let mut scorer = Scorer::new();
    let mut after_outcome = AfterOutcomeMemo::default();
    while let Ok(mut job) = jobs.recv() {
        // Only the newest request matters: a drag queues one per frame.
        loop {
            match jobs.try_recv() {
                Ok(newer) => job = newer,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        // A panic inside polars must not take the app down with it: the
        // user sees an error and the next edit starts from empty caches.
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            simulate(&job, &mut scorer, &mut after_outcome)
        }))
        .unwrap_or_else(|_| {
            scorer = Scorer::new();
            after_outcome = AfterOutcomeMemo::default();
            Err(AppError::Stopped("the simulation"))
        });
        let reply = Reply {
            generation: job.generation,
            result,
        };
        if replies.send(reply).is_err() {
            return;
        }
        waker.wake();
    }
}

fn simulate(
    job: &Job,
    scorer: &mut Scorer,
    after_outcome: &mut AfterOutcomeMemo,
) -> Result<Simulation, AppError> {
    let data = &job.data;
    let as_of = resolve_as_of(data, None);
    let proposal = scorer
        .score(data, &job.proposal, as_of)
        .map_err(|e| AppError::from(e).of("working rule set"))?;
    // A baseline written for other data (the bundled one on a user's own
    // export) must not hide the working rule set's figures: they are
    // compared with themselves, and the status bar says why.
    let baseline = if job.baseline.scorable().is_err() {
        std::sync::Arc::clone(&proposal)
    } else {
        scorer
            .score(data, &job.baseline, as_of)
            .map_err(|e| AppError::from(e).of("baseline"))?
    };
    Ok(Simulation::new(
        data,
        &after_outcome.of_rules(data, job.proposal.rules()),
        &proposal,
        &baseline,
    ))
}
