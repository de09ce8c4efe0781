//! The loaded data and the rule sets being worked on, and how commands
//! change them. Plain state, tested without a window.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::{Command, EditPhase, ThresholdKind};
use super::history::History;
use super::simulation::Simulation;
use super::startup::Session;
use crate::data::Dataset;
use crate::model::{Issue, RuleSet, validate};

/// Everything the studio shows once the data is loaded.
#[derive(Debug)]
pub struct Workspace {
    /// The contacts with their outcomes.
    pub data: Arc<Dataset>,
    /// The rule set being edited.
    pub working: RuleSet,
    /// Where the working rule set was read from or last saved to.
    pub working_path: Option<PathBuf>,
    /// The working rule set as last opened or saved.
    pub saved: RuleSet,
    /// The rule set it is compared with.
    pub baseline: RuleSet,
    /// Undo and redo of the working rule set.
    pub history: History,
    /// Validation findings of the working rule set against the data.
    pub issues: Vec<Issue>,
    /// The latest figures (possibly of an older generation while one runs).
    pub simulation: Option<Simulation>,
    /// Why the latest simulation failed, if it did.
    pub simulation_error: Option<String>,
    /// Generation of the newest rule sets; bumped on every change.
    pub generation: u64,
    /// Generation the shown figures (or error) belong to.
    pub shown_generation: u64,
}

impl Workspace {
    /// A workspace over a freshly loaded session; nothing simulated yet.
    pub fn new(session: Session) -> Self {
        let issues = validate(&session.working, Some(&session.data.schema));
        Workspace {
            data: session.data,
            saved: session.working.clone(),
            working: session.working,
            working_path: Some(session.working_path),
            baseline: session.baseline,
            history: History::default(),
            issues,
            simulation: None,
            simulation_error: None,
            generation: 1,
            shown_generation: 0,
        }
    }

    /// Whether the working rule set differs from its file.
    pub fn has_unsaved_changes(&self) -> bool {
        self.working != self.saved
    }

    /// The working rule set was written to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.saved = self.working.clone();
        self.working_path = Some(path);
    }

    /// Whether a newer simulation than the one shown is on its way.
    pub fn is_simulating(&self) -> bool {
        self.shown_generation != self.generation
    }

    /// Applies a command that concerns the rule sets; returns whether they
    /// changed (and the figures must be computed again).
    pub fn apply(&mut self, command: &Command) -> bool {
        let before = (self.working.clone(), self.baseline.clone());
        match command {
            Command::SetPoints {
                path,
                points,
                phase,
            } => {
                self.edit(*phase, |rules| {
                    if let Some(rule) = rules.rule_mut(*path) {
                        rule.points = *points;
                    }
                });
            }
            Command::ToggleRule { path, enabled } => {
                self.edit(EditPhase::Done, |rules| {
                    if let Some(rule) = rules.rule_mut(*path) {
                        rule.enabled = *enabled;
                    }
                });
            }
            Command::ToggleExclusion { index, enabled } => {
                self.edit(EditPhase::Done, |rules| {
                    if let Some(exclusion) = rules.exclusions.get_mut(*index) {
                        exclusion.enabled = *enabled;
                    }
                });
            }
            Command::SetThreshold { kind, value, phase } => {
                self.edit(*phase, |rules| set_threshold(rules, *kind, *value));
            }
            Command::FinishEdit => self.history.finish_edit(&self.working),
            Command::PinBaseline => self.baseline = self.working.clone(),
            Command::Undo => {
                if let Some(previous) = self.history.undo(&self.working) {
                    self.working = previous;
                }
            }
            Command::Redo => {
                if let Some(next) = self.history.redo(&self.working) {
                    self.working = next;
                }
            }
            Command::ToggleInspector
            | Command::OpenRuleSetDialog
            | Command::SaveRuleSetDialog
            | Command::OpenRuleSet(_)
            | Command::SaveRuleSet(_) => {}
        }
        let changed = (&self.working, &self.baseline) != (&before.0, &before.1);
        if changed {
            self.rules_changed();
        }
        changed
    }

    /// Replaces the working rule set (a file was opened), as one undo step.
    pub fn replace_working(&mut self, rules: RuleSet, path: PathBuf) {
        self.history.finish_edit(&self.working);
        self.history.record(&self.working, &rules);
        self.saved = rules.clone();
        self.working = rules;
        self.working_path = Some(path);
        self.rules_changed();
    }

    /// Takes in a finished simulation; stale ones are dropped.
    pub fn receive(&mut self, generation: u64, result: Result<Simulation, String>) {
        if generation != self.generation {
            return;
        }
        self.shown_generation = generation;
        match result {
            Ok(simulation) => {
                self.simulation = Some(simulation);
                self.simulation_error = None;
            }
            Err(message) => self.simulation_error = Some(message),
        }
    }

    fn edit(&mut self, phase: EditPhase, change: impl FnOnce(&mut RuleSet)) {
        self.history.before_edit(&self.working);
        change(&mut self.working);
        if phase == EditPhase::Done {
            self.history.finish_edit(&self.working);
        }
    }

    fn rules_changed(&mut self) {
        self.issues = validate(&self.working, Some(&self.data.schema));
        self.generation += 1;
    }
}

/// Sets one threshold, keeping MQL ≤ SQL and the floor ≤ MQL.
fn set_threshold(rules: &mut RuleSet, kind: ThresholdKind, value: Option<i64>) {
    let stages = &mut rules.stages;
    match (kind, value) {
        (ThresholdKind::Mql, Some(v)) => {
            stages.mql_threshold = v;
            stages.sql_threshold = stages.sql_threshold.max(v);
        }
        (ThresholdKind::Sql, Some(v)) => {
            stages.sql_threshold = v;
            stages.mql_threshold = stages.mql_threshold.min(v);
        }
        (ThresholdKind::Floor, floor) => {
            stages.disqualify_below = floor.map(|f| f.min(stages.mql_threshold));
        }
        (ThresholdKind::Mql | ThresholdKind::Sql, None) => {}
    }
}
