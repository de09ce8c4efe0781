//! Slow work off the UI thread: loading the data, and scoring on a named
//! thread that always works on the newest request.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::Duration;

use chrono::NaiveDate;
use eframe::egui;

use super::restage::{differ_only_in_thresholds, restage};
use super::simulation::Simulation;
use super::startup::{Session, Startup};
use crate::data::Dataset;
use crate::engine::{EngineError, EventFeatureCache, Scores, resolve_as_of, score_cached};
use crate::model::RuleSet;

/// One scoring request.
#[derive(Debug, Clone)]
pub struct Job {
    /// Results of older generations are stale and dropped.
    pub generation: u64,
    /// The data to score.
    pub data: Arc<Dataset>,
    /// The working rule set.
    pub proposal: RuleSet,
    /// The rule set it is compared with.
    pub baseline: RuleSet,
    /// Woken when the result is ready.
    pub repaint: Option<egui::Context>,
}

/// The answer to a [`Job`].
#[derive(Debug)]
pub struct Reply {
    /// The generation of the job.
    pub generation: u64,
    /// The figures, or why scoring failed.
    pub result: Result<Simulation, String>,
}

/// Handle on the scoring thread.
#[derive(Debug)]
pub struct SimulationWorker {
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
}

impl SimulationWorker {
    /// Starts the scoring thread.
    pub fn spawn() -> Result<Self, String> {
        let (jobs, job_receiver) = channel::<Job>();
        let (reply_sender, replies) = channel::<Reply>();
        std::thread::Builder::new()
            .name("leadscore-simulation".to_owned())
            .spawn(move || simulation_loop(&job_receiver, &reply_sender))
            .map_err(|e| format!("cannot start the simulation thread: {e}"))?;
        Ok(SimulationWorker { jobs, replies })
    }

    /// Queues a job; older queued jobs will be skipped.
    pub fn request(&self, job: Job) -> Result<(), String> {
        self.jobs
            .send(job)
            .map_err(|_| "the simulation thread has stopped".to_owned())
    }

    /// A finished reply, if one is waiting; an error once the thread is gone.
    pub fn try_reply(&self) -> Result<Option<Reply>, String> {
        match self.replies.try_recv() {
            Ok(reply) => Ok(Some(reply)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err("the simulation thread has stopped".to_owned()),
        }
    }

    /// Waits up to `timeout` for a reply.
    pub fn wait_reply(&self, timeout: Duration) -> Result<Reply, String> {
        self.replies.recv_timeout(timeout).map_err(|e| match e {
            RecvTimeoutError::Timeout => "the simulation takes too long".to_owned(),
            RecvTimeoutError::Disconnected => "the simulation thread has stopped".to_owned(),
        })
    }
}

/// Scores of one rule set kept between jobs: the baseline rarely changes,
/// and a threshold move of the proposal only re-stages its scores.
struct ScoresCache {
    data: Arc<Dataset>,
    rules: RuleSet,
    scores: Arc<Scores>,
}

/// What the scoring thread remembers from one job to the next.
#[derive(Default)]
struct Caches {
    events: EventFeatureCache,
    baseline: Option<ScoresCache>,
    proposal: Option<ScoresCache>,
}

fn simulation_loop(jobs: &Receiver<Job>, replies: &Sender<Reply>) {
    let mut caches = Caches::default();
    let mut last_data: Option<Arc<Dataset>> = None;
    while let Ok(mut job) = jobs.recv() {
        // Only the newest request matters: a drag queues one per frame.
        loop {
            match jobs.try_recv() {
                Ok(newer) => job = newer,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        if !last_data
            .as_ref()
            .is_some_and(|d| Arc::ptr_eq(d, &job.data))
        {
            caches = Caches::default();
            last_data = Some(Arc::clone(&job.data));
        }
        // A panic inside polars must not take the app down with it: the
        // user sees an error and the next edit starts from empty caches.
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| simulate(&job, &mut caches)))
            .unwrap_or_else(|_| {
                caches = Caches::default();
                Err("scoring failed unexpectedly; try another change".to_owned())
            });
        let reply = Reply {
            generation: job.generation,
            result,
        };
        if replies.send(reply).is_err() {
            return;
        }
        if let Some(ctx) = &job.repaint {
            ctx.request_repaint();
        }
    }
}

fn simulate(job: &Job, caches: &mut Caches) -> Result<Simulation, String> {
    let data = &job.data;
    let as_of = resolve_as_of(data, None);
    let proposal = scores_of(
        data,
        &job.proposal,
        as_of,
        &mut caches.proposal,
        &mut caches.events,
    )
    .map_err(|e| format!("working rule set: {e}"))?;
    let baseline = scores_of(
        data,
        &job.baseline,
        as_of,
        &mut caches.baseline,
        &mut caches.events,
    )
    .map_err(|e| format!("baseline: {e}"))?;
    Ok(Simulation::new(data, proposal, baseline))
}

/// The scores of `rules`: the cached ones when nothing changed, re-staged
/// when only thresholds moved, computed otherwise.
fn scores_of<'c>(
    data: &Arc<Dataset>,
    rules: &RuleSet,
    as_of: NaiveDate,
    cache: &'c mut Option<ScoresCache>,
    events: &mut EventFeatureCache,
) -> Result<&'c Arc<Scores>, EngineError> {
    let cached = cache
        .take()
        .filter(|c| Arc::ptr_eq(&c.data, data) && differ_only_in_thresholds(&c.rules, rules));
    let entry = match cached {
        Some(mut c) => {
            if c.rules != *rules {
                // Copies the scores only while the app still shows the old ones.
                restage(Arc::make_mut(&mut c.scores), &rules.stages);
                c.rules = rules.clone();
            }
            c
        }
        None => ScoresCache {
            data: Arc::clone(data),
            rules: rules.clone(),
            scores: Arc::new(score_cached(data, rules, as_of, events)?),
        },
    };
    Ok(&cache.insert(entry).scores)
}

/// Loads the data and rule sets on a named thread; the session arrives on
/// the returned channel.
pub fn spawn_loader(
    startup: Startup,
    repaint: Option<egui::Context>,
) -> Result<Receiver<Result<Session, String>>, String> {
    let (sender, receiver) = channel();
    std::thread::Builder::new()
        .name("leadscore-loader".to_owned())
        .spawn(move || {
            let session = startup.load();
            // The app may have closed meanwhile; nobody to tell then.
            let _ = sender.send(session);
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        })
        .map_err(|e| format!("cannot start the loading thread: {e}"))?;
    Ok(receiver)
}
