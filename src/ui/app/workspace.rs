//! The loaded data and the rule sets being worked on, and how commands
//! change them. Plain state, tested without a window.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::EditPhase;
use super::error::AppError;
use super::history::{History, Versions};
use super::other_proposal::OtherProposal;
use super::startup::Session;
pub use super::versions::{BaselineChoice, SavedVersion};
use crate::analysis::{DataProfile, Simulation};
use crate::data::Dataset;
use crate::model::{
    CheckedRuleSet, Condition, Dimension, Issue, Rule, RuleEdit, RulePath, RuleSet,
};

/// Everything the studio shows once the data is loaded.
#[derive(Debug)]
pub struct Workspace {
    /// The contacts with their outcomes.
    pub data: Arc<Dataset>,
    /// Frequent values and candidate rules of the data.
    pub profile: Arc<DataProfile>,
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
    /// The working rule set validated against the data (once per change).
    pub checked: CheckedRuleSet,
    /// The baseline validated against the data.
    pub baseline_checked: CheckedRuleSet,
    /// The latest figures (possibly of an older generation while one runs).
    pub simulation: Option<Simulation>,
    /// Why the latest simulation failed, if it did.
    pub simulation_error: Option<AppError>,
    /// Generation of the newest rule sets; bumped on every change.
    pub generation: u64,
    /// Generation the shown figures (or error) belong to.
    pub shown_generation: u64,
    /// Generation of the rule sets [`Workspace::simulation`] scored (0
    /// before the first): figures derived from it are cached by it.
    pub simulation_generation: u64,
    /// The rule open in the rule editor.
    pub editing: Option<RulePath>,
    /// The other team's proposal, in the workshop.
    pub other: Option<OtherProposal>,
    /// Won contacts in the data (from the mapped outcome), counted once.
    pub won_contacts: usize,
    /// The baseline the session opened with (the rule set in production).
    pub production: RuleSet,
    /// Every version of the working rule set opened or saved this session,
    /// oldest first: any of them can become the baseline.
    pub saved_versions: Vec<SavedVersion>,
}

impl Workspace {
    /// A workspace over a freshly loaded session; nothing simulated yet.
    pub fn new(session: Session) -> Self {
        let checked = CheckedRuleSet::new(session.working.clone(), &session.data.schema);
        let baseline_checked = CheckedRuleSet::new(session.baseline.clone(), &session.data.schema);
        Workspace {
            production: session.baseline.clone(),
            saved_versions: vec![SavedVersion::now(&session.working, "opened")],
            won_contacts: session.data.outcome_counts().won,
            data: session.data,
            profile: session.profile,
            saved: session.working.clone(),
            working: session.working,
            working_path: session.working_path,
            baseline: session.baseline,
            history: History::default(),
            checked,
            baseline_checked,
            simulation: None,
            simulation_error: None,
            generation: 1,
            shown_generation: 0,
            simulation_generation: 0,
            editing: None,
            other: session
                .other
                .map(|(rules, path)| OtherProposal::new(rules, path)),
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
        self.remember_version("saved");
    }

    fn remember_version(&mut self, what: &str) {
        if self.saved_versions.last().map(|v| &v.rules) != Some(&self.working) {
            self.saved_versions
                .push(SavedVersion::now(&self.working, what));
        }
    }

    /// Both rule sets, as one undo step keeps them.
    fn versions(&self) -> Versions {
        Versions {
            working: self.working.clone(),
            baseline: self.baseline.clone(),
        }
    }

    /// Validation findings of the working rule set against the data.
    pub fn issues(&self) -> &[Issue] {
        self.checked.issues()
    }

    /// Whether a newer simulation than the one shown is on its way.
    pub fn is_simulating(&self) -> bool {
        self.shown_generation != self.generation
    }

    /// Applies an edit of the working rule set; a finished gesture is one
    /// undo step. Returns whether the rule set changed (and the figures
    /// must be computed again).
    pub fn apply_edit(&mut self, edit: &RuleEdit, phase: EditPhase) -> bool {
        let before = self.working.clone();
        if !self.history.has_open_gesture() {
            self.history.before_edit(&self.versions());
        }
        let touched = edit.apply(&mut self.working);
        if phase == EditPhase::Done {
            self.history.finish_edit(&self.versions());
        }
        // The editor follows a rule that was added, copied or moved, and
        // closes on one that was deleted.
        match edit {
            RuleEdit::AddRule { .. } | RuleEdit::DuplicateRule(_) => self.editing = touched,
            RuleEdit::MoveRule { path, .. } if self.editing == Some(*path) => {
                self.editing = touched.or(self.editing);
            }
            RuleEdit::DeleteRule(path) if self.editing == Some(*path) => self.editing = None,
            // The groups after a deleted one move up: the open rule's path
            // would point at another rule.
            RuleEdit::DeleteGroup { dimension, group }
                if self
                    .editing
                    .is_some_and(|p| p.dimension == *dimension && p.group >= *group) =>
            {
                self.editing = None;
            }
            // A new rule set (empty, drafted) is not the file it replaced:
            // saving asks for a file of its own.
            RuleEdit::ReplaceAll(_) => {
                self.editing = None;
                self.working_path = None;
            }
            _ => {}
        }
        self.changed_if(before != self.working)
    }

    /// Closes a gesture that ended without a final change.
    pub fn finish_edit(&mut self) {
        self.history.finish_edit(&self.versions());
    }

    /// Goes back one undo step; returns whether a rule set changed.
    pub fn undo(&mut self) -> bool {
        match self.history.undo(&self.versions()) {
            Some(previous) => self.take_versions(previous),
            None => false,
        }
    }

    /// Goes forward one undone step; returns whether a rule set changed.
    pub fn redo(&mut self) -> bool {
        match self.history.redo(&self.versions()) {
            Some(next) => self.take_versions(next),
            None => false,
        }
    }

    fn take_versions(&mut self, versions: Versions) -> bool {
        let working_changed = versions.working != self.working;
        let baseline_changed = versions.baseline != self.baseline;
        self.working = versions.working;
        if baseline_changed {
            self.baseline = versions.baseline;
            self.baseline_changed();
        }
        if working_changed {
            self.rules_changed();
        } else if baseline_changed {
            self.generation += 1;
        }
        working_changed || baseline_changed
    }

    /// The name a baseline choice would show, or none when it is not
    /// available (no other proposal loaded, no such version).
    pub fn baseline_choice_name(&self, choice: &BaselineChoice) -> Option<String> {
        self.baseline_of(choice).map(|rules| rules.name)
    }

    fn baseline_of(&self, choice: &BaselineChoice) -> Option<RuleSet> {
        match choice {
            BaselineChoice::Production => Some(self.production.clone()),
            BaselineChoice::Working => {
                let time = chrono::Local::now().format("%H:%M");
                let mut pinned = self.working.clone();
                pinned.name = format!("{} as pinned at {time}", self.working.name);
                Some(pinned)
            }
            BaselineChoice::Other => self.other.as_ref().map(|o| o.rules.clone()),
            BaselineChoice::Saved(index) => self.saved_versions.get(*index).map(|v| {
                let mut rules = v.rules.clone();
                rules.name.clone_from(&v.label);
                rules
            }),
            BaselineChoice::Rules(rules) => Some((**rules).clone()),
        }
    }

    /// Compares the working rule set with another baseline from now on, as
    /// one undo step; returns whether the baseline changed.
    pub fn set_baseline(&mut self, choice: &BaselineChoice) -> bool {
        let Some(baseline) = self.baseline_of(choice) else {
            return false;
        };
        if baseline == self.baseline {
            return false;
        }
        let before = self.versions();
        self.baseline = baseline;
        self.history.record(&before, &self.versions());
        self.baseline_changed();
        self.generation += 1;
        true
    }

    /// Adds the data profile's candidate rule `index` to a fitting group.
    pub fn add_candidate(&mut self, index: usize) -> bool {
        let Some(candidate) = self.profile.candidates.get(index) else {
            return false;
        };
        let rule = Rule {
            name: candidate.name.clone(),
            condition: candidate.condition.clone(),
            points: candidate.suggested_points,
            note: format!("Suggested by the history: {}", candidate.description),
            ..Rule::default()
        };
        let dimension = if candidate.condition.uses_events() {
            Dimension::Engagement
        } else {
            Dimension::Fit
        };
        let edit = RuleEdit::AddRule {
            dimension,
            group: 0,
            rule: Box::new(rule),
        };
        self.apply_edit(&edit, EditPhase::Done)
    }

    fn changed_if(&mut self, changed: bool) -> bool {
        if changed {
            self.rules_changed();
        }
        changed
    }

    /// Replaces the working rule set (a file was opened), as one undo step.
    pub fn replace_working(&mut self, rules: RuleSet, path: PathBuf) {
        self.history.finish_edit(&self.versions());
        let before = self.versions();
        self.saved = rules.clone();
        self.working = rules;
        self.history.record(&before, &self.versions());
        self.working_path = Some(path);
        self.remember_version("opened");
        self.rules_changed();
    }

    /// A new rule: a field and an operator but no value yet, so it matches
    /// nobody until the user completes it.
    pub fn new_rule(&self) -> Rule {
        Rule {
            condition: self.new_condition(),
            ..Rule::default()
        }
    }

    /// The condition a new rule, exclusion, criterion or part starts with:
    /// a text column with frequent values to click (not an ID), an
    /// operator, no value yet.
    pub fn new_condition(&self) -> Condition {
        // An ID column's most frequent value occurs once.
        let has_frequent_values = |name: &str| {
            self.profile
                .values_of(name)
                .first()
                .is_some_and(|(_, count)| *count > 1)
        };
        crate::model::parts::incomplete_condition(&self.data.schema, has_frequent_values)
    }

    /// Takes `rules` as the working rule set without touching its file
    /// (a recovered autosave), as one undo step.
    pub fn restore(&mut self, rules: RuleSet) {
        self.history.finish_edit(&self.versions());
        let before = self.versions();
        self.working = rules;
        self.history.record(&before, &self.versions());
        self.rules_changed();
    }

    /// Takes newly loaded data in place of the old; the figures must be
    /// computed again.
    pub fn replace_data(&mut self, data: Dataset, profile: DataProfile) {
        self.profile = Arc::new(profile);
        self.won_contacts = data.outcome_counts().won;
        self.data = Arc::new(data);
        self.baseline_changed();
        self.simulation = None;
        self.simulation_error = None;
        self.other = None;
        self.rules_changed();
    }

    /// Takes in a finished simulation; stale ones are dropped.
    pub fn receive(&mut self, generation: u64, result: Result<Simulation, AppError>) {
        if generation != self.generation {
            return;
        }
        self.shown_generation = generation;
        match result {
            Ok(simulation) => {
                self.simulation = Some(simulation);
                self.simulation_generation = generation;
                self.simulation_error = None;
            }
            Err(error) => self.simulation_error = Some(error),
        }
    }

    fn rules_changed(&mut self) {
        // An undo may have taken the edited rule away.
        if self
            .editing
            .is_some_and(|path| self.working.rule(path).is_none())
        {
            self.editing = None;
        }
        self.checked = CheckedRuleSet::new(self.working.clone(), &self.data.schema);
        self.generation += 1;
    }

    /// The baseline changed (pinned) or the data did: check it again.
    fn baseline_changed(&mut self) {
        self.baseline_checked = CheckedRuleSet::new(self.baseline.clone(), &self.data.schema);
    }
}
