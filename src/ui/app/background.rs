//! Slow work off the UI thread: one named thread per task, its result on a
//! channel, and a repaint when it is there, so the frame that shows it
//! comes at once. Written once here for loading, back-tests and scoring.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, OnceLock};

use eframe::egui;

use super::error::AppError;

/// Wakes the UI when background work has news. The egui context is known
/// from the first frame on; work started before it wakes nobody, and the
/// first frame polls it anyway.
#[derive(Debug, Clone, Default)]
pub struct Waker {
    context: Arc<OnceLock<egui::Context>>,
}

impl Waker {
    /// Remembers the context to wake (the first one given stays).
    pub fn set(&self, ctx: &egui::Context) {
        let _ = self.context.set(ctx.clone());
    }

    /// Asks for a frame.
    pub fn wake(&self) {
        if let Some(ctx) = self.context.get() {
            ctx.request_repaint();
        }
    }
}

/// Work running on a named thread; its one result is polled each frame.
#[derive(Debug)]
pub struct Task<T> {
    what: &'static str,
    receiver: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Starts `work` on a thread named after `what` ("loading the data").
    /// A panic inside it is caught and reported by [`Task::poll`].
    pub fn spawn(
        what: &'static str,
        waker: &Waker,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Task<T>, AppError> {
        let (sender, receiver) = channel();
        let waker = waker.clone();
        std::thread::Builder::new()
            .name(format!("leadscore: {what}"))
            .spawn(move || {
                // A panic drops the sender; the task then reports it.
                if let Ok(result) = std::panic::catch_unwind(AssertUnwindSafe(work)) {
                    // Nobody may wait any more (the app closed); that is fine.
                    let _ = sender.send(result);
                }
                waker.wake();
            })
            .map_err(|source| AppError::Thread {
                what,
                source: Arc::new(source),
            })?;
        Ok(Task { what, receiver })
    }

    /// The result once it is there; `Err` when the work stopped without one.
    pub fn poll(&self) -> Option<Result<T, AppError>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(Ok(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(AppError::Stopped(self.what))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(task: &Task<T>) -> Result<T, AppError> {
        loop {
            if let Some(result) = task.poll() {
                return result;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    #[test]
    fn a_result_arrives_and_a_panic_is_reported() {
        let waker = Waker::default();
        let task = Task::spawn("adding", &waker, || 2 + 2).unwrap();
        assert_eq!(wait(&task).unwrap(), 4);
        let task = Task::spawn("failing", &waker, || -> u32 { panic!("boom") }).unwrap();
        let error = wait(&task).unwrap_err();
        assert_eq!(error.message(), "failing stopped unexpectedly");
    }
}
