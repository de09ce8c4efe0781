//! The "Draft from the data" form: which candidate rules are ticked, what
//! sales can follow up a month, and the draft being computed.

use super::background::Task;
use super::error::AppError;
use crate::analysis::{Candidate, Draft};

/// How many candidates are ticked when the form opens.
pub const DEFAULT_TOP: usize = 12;

/// The form's state.
#[derive(Debug, Default)]
pub struct DraftForm {
    /// Whether the window is shown.
    pub open: bool,
    /// Per candidate of the data profile: whether it becomes a rule.
    pub ticked: Vec<bool>,
    /// How many of the strongest (leakage left out) "Tick the top" ticks.
    pub top: usize,
    /// Leads sales can follow up per month; 0 when not known.
    pub monthly_capacity: f64,
    /// The draft being computed.
    pub drafting: Option<Task<Result<Draft, AppError>>>,
}

impl DraftForm {
    /// Opens the form with the strongest clean candidates ticked.
    pub fn open_for(&mut self, candidates: &[Candidate]) {
        self.open = true;
        if self.top == 0 {
            self.top = DEFAULT_TOP;
        }
        self.ticked = top_ticks(candidates, self.top);
    }

    /// The ticked candidates.
    pub fn picked(&self, candidates: &[Candidate]) -> Vec<Candidate> {
        candidates
            .iter()
            .zip(&self.ticked)
            .filter(|(_, ticked)| **ticked)
            .map(|(c, _)| c.clone())
            .collect()
    }
}

/// The first `top` candidates that are not probable leakage.
pub fn top_ticks(candidates: &[Candidate], top: usize) -> Vec<bool> {
    let mut left = top;
    candidates
        .iter()
        .map(|c| {
            let tick = left > 0 && !c.probable_leakage;
            if tick {
                left -= 1;
            }
            tick
        })
        .collect()
}
