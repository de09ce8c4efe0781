//! The loaded data and the rule sets being worked on, and how commands
//! change them. Plain state, tested without a window.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::{Command, EditPhase, ThresholdKind};
use super::history::History;
use super::profile::DataProfile;
use super::simulation::Simulation;
use super::startup::Session;
use super::workshop::OtherProposal;
use crate::data::Dataset;
use crate::model::{Condition, Dimension, Issue, Rule, RulePath, RuleSet, validate};

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
    /// The rule open in the rule editor.
    pub editing: Option<RulePath>,
    /// The other team's proposal, in the workshop.
    pub other: Option<OtherProposal>,
}

impl Workspace {
    /// A workspace over a freshly loaded session; nothing simulated yet.
    pub fn new(session: Session) -> Self {
        let issues = validate(&session.working, Some(&session.data.schema));
        Workspace {
            data: session.data,
            profile: session.profile,
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
            editing: None,
            other: None,
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
            Command::ReplaceRule { path, rule, phase } => {
                self.edit(*phase, |rules| {
                    if let Some(old) = rules.rule_mut(*path) {
                        *old = (**rule).clone();
                    }
                });
            }
            Command::AddRule {
                dimension,
                group,
                rule,
            } => self.add_rule(*dimension, *group, (**rule).clone()),
            Command::AddCandidate(index) => {
                if let Some(candidate) = self.profile.candidates.get(*index) {
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
                    self.add_rule(dimension, 0, rule);
                }
            }
            Command::DuplicateRule(path) => {
                let path = *path;
                if let Some(rule) = self.working.rule(path) {
                    let mut copy = rule.clone();
                    copy.name = unique_name(&self.working, &format!("{} (copy)", rule.name));
                    self.edit(EditPhase::Done, |rules| {
                        if let Some(group) = rules.groups_mut(path.dimension).get_mut(path.group) {
                            group.rules.insert(path.rule + 1, copy);
                        }
                    });
                    self.editing = Some(RulePath {
                        rule: path.rule + 1,
                        ..path
                    });
                }
            }
            Command::DeleteRule(path) => {
                let path = *path;
                if self.working.rule(path).is_some() {
                    self.edit(EditPhase::Done, |rules| {
                        if let Some(group) = rules.groups_mut(path.dimension).get_mut(path.group) {
                            group.rules.remove(path.rule);
                        }
                    });
                    if self.editing == Some(path) {
                        self.editing = None;
                    }
                }
            }
            Command::MoveRule { path, up } => {
                let path = *path;
                let len = self
                    .working
                    .groups(path.dimension)
                    .get(path.group)
                    .map_or(0, |g| g.rules.len());
                let target = if *up {
                    path.rule.checked_sub(1)
                } else {
                    Some(path.rule + 1).filter(|&t| t < len)
                };
                if let Some(target) = target.filter(|_| path.rule < len) {
                    self.edit(EditPhase::Done, |rules| {
                        if let Some(group) = rules.groups_mut(path.dimension).get_mut(path.group) {
                            group.rules.swap(path.rule, target);
                        }
                    });
                    if self.editing == Some(path) {
                        self.editing = Some(RulePath {
                            rule: target,
                            ..path
                        });
                    }
                }
            }
            Command::AddGroup(dimension) => {
                let count = self.working.groups(*dimension).len();
                self.edit(EditPhase::Done, |rules| {
                    rules.groups_mut(*dimension).push(crate::model::Group {
                        name: format!("New group {}", count + 1),
                        ..crate::model::Group::default()
                    });
                });
            }
            Command::SetGroupCap {
                dimension,
                group,
                cap,
                phase,
            } => {
                self.edit(*phase, |rules| {
                    if let Some(group) = rules.groups_mut(*dimension).get_mut(*group) {
                        group.cap = *cap;
                    }
                });
            }
            Command::EditRule(path) => self.editing = *path,
            Command::ToggleInspector
            | Command::RunBacktest { .. }
            | Command::CancelBacktest
            | Command::ExportDialog(_)
            | Command::OpenOtherDialog
            | Command::RestoreAutosave
            | Command::DiscardAutosave
            | Command::CloseAnyway { .. }
            | Command::KeepEditing
            | Command::OpenOther(_)
            | Command::Export { .. }
            | Command::OpenRuleSetDialog
            | Command::SaveRuleSetDialog
            | Command::OpenRuleSet(_)
            | Command::SaveRuleSet(_)
            | Command::LoadDataDialog
            | Command::LoadData(_)
            | Command::ReloadWithRoles(_)
            | Command::ExportChangesDialog
            | Command::ExportChanges(_) => {}
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

    /// Adds a rule at the end of a group (the first one is made when there
    /// is none), under a name not yet taken, as one undo step.
    pub fn add_rule(&mut self, dimension: Dimension, group: usize, mut rule: Rule) {
        rule.name = unique_name(&self.working, &rule.name);
        let mut added = None;
        self.edit(EditPhase::Done, |rules| {
            let groups = rules.groups_mut(dimension);
            if groups.is_empty() {
                groups.push(crate::model::Group::default());
            }
            let group = group.min(groups.len() - 1);
            groups[group].rules.push(rule);
            added = Some(RulePath {
                dimension,
                group,
                rule: groups[group].rules.len() - 1,
            });
        });
        self.editing = added;
    }

    /// A new rule on the first column, offering its most frequent value.
    pub fn new_rule(&self) -> Rule {
        let schema = &self.data.schema;
        let top = schema
            .columns
            .first()
            .and_then(|(name, _)| self.profile.values_of(name).first())
            .map(|(value, _)| value.as_str());
        Rule {
            condition: super::condition_edit::default_condition(schema, top),
            ..Rule::default()
        }
    }

    /// Takes `rules` as the working rule set without touching its file
    /// (a recovered autosave), as one undo step.
    pub fn restore(&mut self, rules: RuleSet) {
        self.history.finish_edit(&self.working);
        self.history.record(&self.working, &rules);
        self.working = rules;
        self.rules_changed();
    }

    /// Takes newly loaded data in place of the old; the figures must be
    /// computed again.
    pub fn replace_data(&mut self, data: Dataset) {
        self.profile = Arc::new(DataProfile::of(&data));
        self.data = Arc::new(data);
        self.simulation = None;
        self.simulation_error = None;
        self.other = None;
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
        // An undo may have taken the edited rule away.
        if self
            .editing
            .is_some_and(|path| self.working.rule(path).is_none())
        {
            self.editing = None;
        }
        self.issues = validate(&self.working, Some(&self.data.schema));
        self.generation += 1;
    }
}

/// `base`, or `base 2`, `base 3`… when a rule already has that name.
fn unique_name(rules: &RuleSet, base: &str) -> String {
    let taken = |name: &str| rules.rules().any(|(_, r)| r.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

/// Whether a condition is one the builder edits part by part.
pub fn is_simple(condition: &Condition) -> bool {
    !matches!(
        condition,
        Condition::All(_) | Condition::Any(_) | Condition::Not(_)
    )
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
