//! Carrying out commands: every command the panels push, matched
//! exhaustively, each handed to the part of the app it concerns.

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui;

use super::backtest_run::spawn_backtest;
use super::command::{BacktestKind, Command};
use super::data_load;
use super::data_load::LoadedData;
use super::dialogs::FilePurpose;
use super::error::AppError;
use super::evidence_run::EvidenceRequest;
use super::files;
use super::other_proposal::{self, OtherProposal};
use super::state::{CentralView, ZOOM_RANGE};
use super::studio::{LoadState, Studio};
use super::workspace::BaselineChoice;
use crate::data::{DataSources, LoadOptions};
use crate::model::RuleEdit;
use crate::ui::panels::export;
use crate::ui::panels::stage_changes;
use crate::ui::panels::thresholds::held_note;

impl Studio {
    /// Carries out one command.
    ///
    /// Longer than a screen on purpose: one arm per command, matched
    /// exhaustively, so a new command cannot be forgotten; each arm hands
    /// its work to a named method.
    pub(super) fn apply(&mut self, command: Command) {
        if matches!(self.runtime.load, LoadState::Failed(_)) {
            self.apply_before_ready(command);
            return;
        }
        match command {
            Command::Edit { edit, phase } => {
                self.on_workspace(|workspace| workspace.apply_edit(&edit, phase));
                self.note_held_threshold(&edit);
            }
            Command::FinishEdit => {
                self.on_workspace(|workspace| {
                    workspace.finish_edit();
                    false
                });
            }
            Command::Undo => self.on_workspace(|workspace| workspace.undo()),
            Command::Redo => self.on_workspace(|workspace| workspace.redo()),
            Command::SetBaseline(choice) => self.set_baseline(&choice),
            Command::OpenBaseline(path) => match files::open_rule_set(&path) {
                Ok(rules) => self.set_baseline(&BaselineChoice::Rules(Box::new(rules))),
                Err(error) => self.runtime.message = Some(error.message()),
            },
            Command::SetTheme(theme) => self.state.theme = theme,
            Command::SetZoom(zoom) => {
                let (low, high) = (*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
                self.state.zoom = Some(zoom.clamp(low, high));
            }
            Command::TogglePresentation => self.runtime.presenting = !self.runtime.presenting,
            Command::AddCandidate(index) => {
                self.on_workspace(|workspace| workspace.add_candidate(index));
            }
            Command::EditRule(path) => {
                self.on_workspace(|workspace| {
                    workspace.editing = path;
                    false
                });
            }
            Command::ToggleInspector => self.state.inspector.open = !self.state.inspector.open,
            Command::InspectContact(id) => {
                self.state.inspector.open = true;
                self.state.inspector.query = id;
            }
            Command::RunBacktest { kind, horizon_days } => self.run_backtest(kind, horizon_days),
            Command::CancelBacktest => {
                if let Some(running) = &self.runtime.backtest.running {
                    running.cancel();
                }
            }
            Command::RunEvidence {
                cutoff,
                horizon_days,
                capacity_per_month,
            } => self.run_evidence(EvidenceRequest {
                cutoff,
                horizon_days,
                capacity_per_month,
            }),
            Command::CancelEvidence => {
                if let Some(running) = &self.runtime.evidence.running {
                    running.cancel();
                }
            }
            Command::RestoreAutosave => {
                if let Some(rules) = self.runtime.recovery.take() {
                    self.on_workspace(|workspace| {
                        workspace.restore(rules);
                        true
                    });
                }
            }
            Command::DiscardAutosave => {
                self.runtime.recovery = None;
                self.runtime.autosave.discard();
            }
            Command::KeepEditing => self.runtime.close_prompt = false,
            Command::CloseAnyway { save } => self.close_anyway(save),
            Command::OpenOther(path) => self.open_other(path),
            Command::Export { kind, path } => {
                if let LoadState::Ready(workspace) = &self.runtime.load {
                    self.runtime.message = Some(match export::export_to(workspace, kind, &path) {
                        Ok(notice) => notice,
                        Err(error) => error.message(),
                    });
                }
            }
            Command::ExportChanges(path) => self.export_changes(&path),
            Command::LoadData(sources) => self.start_data_load(sources, LoadOptions::default()),
            Command::ReloadWithRoles(roles) => {
                let current = self
                    .workspace()
                    .map(|w| (data_load::sources_of(&w.data), w.data.options.clone()));
                match current {
                    Some((Some(sources), options)) => {
                        let options = LoadOptions {
                            roles: *roles,
                            ..options
                        };
                        self.start_data_load(sources, options);
                    }
                    _ => self.runtime.message = Some(AppError::UnknownFiles.message()),
                }
            }
            Command::OpenRuleSet(path) => self.open_rule_set(path),
            Command::SaveRuleSet(path) => self.save_rule_set(path),
            Command::AskFile(purpose) => self.ask_file(purpose),
            Command::OpenImport => self.open_import(),
            Command::RefreshImport => self.refresh_import(),
            Command::SetImportPath { table, path } => self.set_import_path(table, path),
            Command::LoadDataWith { sources, options } => self.load_data_with(sources, *options),
            Command::OpenDraft => self.open_draft(),
            Command::Draft => self.start_draft(),
            Command::OpenProject(path) => self.open_project(path),
            Command::SaveProject(path) => self.save_project(path),
            Command::SaveMerged(path) => self.save_merged(path),
        }
    }

    /// Start-up failed: other data files may be chosen and everything
    /// loaded again with them; nothing else can be done yet.
    fn apply_before_ready(&mut self, command: Command) {
        match command {
            Command::LoadData(sources) => self.load_data_with(sources, LoadOptions::default()),
            Command::LoadDataWith { sources, options } => self.load_data_with(sources, *options),
            Command::AskFile(purpose @ (FilePurpose::DataTable(_) | FilePurpose::OpenProject)) => {
                self.ask_file(purpose);
            }
            Command::OpenImport => self.open_import(),
            Command::RefreshImport => self.refresh_import(),
            Command::SetImportPath { table, path } => self.set_import_path(table, path),
            Command::OpenProject(path) => self.open_project(path),
            _ => {}
        }
    }

    /// Runs `change` on the workspace; scores again when it says the rule
    /// sets changed.
    fn on_workspace(&mut self, change: impl FnOnce(&mut super::workspace::Workspace) -> bool) {
        let LoadState::Ready(workspace) = &mut self.runtime.load else {
            return;
        };
        if change(workspace) {
            self.request_simulation();
        }
    }

    fn run_backtest(&mut self, kind: BacktestKind, horizon_days: u32) {
        let runtime = &mut self.runtime;
        let LoadState::Ready(workspace) = &runtime.load else {
            return;
        };
        if runtime.backtest.running.is_some() {
            return;
        }
        match spawn_backtest(
            Arc::clone(&workspace.data),
            workspace.working.clone(),
            workspace.baseline.clone(),
            kind,
            horizon_days,
            &runtime.waker,
        ) {
            Ok(running) => runtime.backtest.running = Some(running),
            Err(error) => runtime.backtest.outcome = Some(Err(error)),
        }
    }

    /// A threshold asked past another one was held at it: say so beside
    /// the thresholds for a while.
    fn note_held_threshold(&mut self, edit: &RuleEdit) {
        let RuleEdit::SetThreshold {
            kind,
            value: Some(asked),
        } = edit
        else {
            return;
        };
        let Some(workspace) = self.workspace() else {
            return;
        };
        let held = workspace.working.stages.threshold(*kind);
        if let Some(held) = held.filter(|held| held != asked) {
            self.runtime.threshold_note =
                Some((held_note(*kind, *asked, held), std::time::Instant::now()));
        }
    }

    /// A new baseline, said in the status bar with how to go back.
    fn set_baseline(&mut self, choice: &BaselineChoice) {
        let LoadState::Ready(workspace) = &mut self.runtime.load else {
            return;
        };
        let previous = workspace.baseline.name.clone();
        if workspace.set_baseline(choice) {
            self.runtime.message = Some(format!(
                "Compared with \"{}\" now; Undo (Ctrl+Z) brings back \"{previous}\".",
                workspace.baseline.name
            ));
            self.request_simulation();
        }
    }

    fn close_anyway(&mut self, save: bool) {
        if save {
            match self.workspace().and_then(|w| w.working_path.clone()) {
                Some(path) => self.push(Command::SaveRuleSet(path)),
                None => self.push(Command::AskFile(FilePurpose::SaveRuleSet)),
            }
            return;
        }
        self.runtime.close_confirmed = true;
        self.runtime.close_prompt = false;
        self.runtime.autosave.discard();
        self.close_window();
    }

    fn close_window(&self) {
        if let Some(ctx) = &self.runtime.ctx {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn open_other(&mut self, path: PathBuf) {
        let runtime = &mut self.runtime;
        let LoadState::Ready(workspace) = &mut runtime.load else {
            return;
        };
        match files::open_rule_set(&path) {
            Ok(rules) => {
                let scoring = other_proposal::spawn_scoring(
                    Arc::clone(&workspace.data),
                    rules.clone(),
                    &runtime.waker,
                );
                let mut other = OtherProposal::new(rules, Some(path));
                match scoring {
                    Ok(task) => runtime.other_scoring = Some(task),
                    Err(error) => other.summary = Some(Err(error)),
                }
                workspace.other = Some(other);
                self.state.view = CentralView::Workshop;
                runtime.message = None;
            }
            Err(error) => runtime.message = Some(error.message()),
        }
    }

    fn export_changes(&mut self, path: &std::path::Path) {
        let Some(workspace) = self.workspace() else {
            return;
        };
        let notice = match &workspace.simulation {
            Some(simulation) => {
                match stage_changes::write_changes(&simulation.comparison, &workspace.data, path) {
                    Ok(notice) => notice,
                    Err(error) => error.message(),
                }
            }
            None => AppError::NotReady.message(),
        };
        self.runtime.message = Some(notice);
    }

    fn open_rule_set(&mut self, path: PathBuf) {
        match files::open_rule_set(&path) {
            Ok(rules) => {
                self.state.remember(&path);
                self.runtime.message = None;
                self.on_workspace(|workspace| {
                    workspace.replace_working(rules, path);
                    true
                });
            }
            Err(error) => self.runtime.message = Some(error.message()),
        }
    }

    pub(super) fn save_rule_set(&mut self, path: PathBuf) {
        let LoadState::Ready(workspace) = &mut self.runtime.load else {
            return;
        };
        match files::save_rule_set(&workspace.working, &path) {
            Ok(()) => {
                self.runtime.message = Some(format!("Saved {}", path.display()));
                self.state.remember(&path);
                workspace.mark_saved(path);
                if self.runtime.close_prompt {
                    self.runtime.close_confirmed = true;
                    self.runtime.close_prompt = false;
                    self.close_window();
                }
            }
            Err(error) => self.runtime.message = Some(error.message()),
        }
    }

    /// Loads data files in place of the current ones, on a named thread.
    pub(super) fn start_data_load(&mut self, sources: DataSources, options: LoadOptions) {
        match data_load::spawn_data_loader(sources, options, &self.runtime.waker) {
            Ok(task) => self.runtime.data_loading = Some(task),
            Err(error) => self.finish_data_load(Err(error)),
        }
    }

    /// Takes the loaded data in, or reports why it failed and keeps the old.
    pub(super) fn finish_data_load(&mut self, result: Result<LoadedData, AppError>) {
        let runtime = &mut self.runtime;
        runtime.data_loading = None;
        let LoadState::Ready(workspace) = &mut runtime.load else {
            return;
        };
        match result {
            Ok(LoadedData { data, profile }) => {
                runtime.message = Some(format!(
                    "Loaded {} contacts",
                    crate::ui::widgets::format::count(data.len())
                ));
                runtime.data_error = None;
                // Back-tests and the other proposal's figures were of the old data.
                if let Some(running) = runtime.backtest.running.take() {
                    running.cancel();
                }
                runtime.backtest.outcome = None;
                runtime.evidence.clear();
                runtime.other_scoring = None;
                workspace.replace_data(data, profile);
                self.request_simulation();
            }
            // Shown once, in the banner above the panels; the status bar
            // keeps its last notice.
            Err(error) => {
                self.offer_mapping(&error);
                self.runtime.data_error = Some(error);
            }
        }
    }
}

impl Studio {
    /// Starts gathering the evidence, unless a run is under way.
    pub(super) fn run_evidence(&mut self, request: super::evidence_run::EvidenceRequest) {
        let runtime = &mut self.runtime;
        let LoadState::Ready(workspace) = &runtime.load else {
            return;
        };
        if runtime.evidence.running.is_some() {
            return;
        }
        match super::evidence_run::spawn_evidence(workspace, request, &runtime.waker) {
            Ok(running) => runtime.evidence.running = Some(running),
            Err(error) => runtime.evidence.outcome = Some(Err(error)),
        }
    }

    /// Takes in a finished run, and keeps the whole-history quality of the
    /// simulation on screen while the Evidence tab is open.
    pub(super) fn poll_evidence(&mut self, tab_open: bool) {
        let runtime = &mut self.runtime;
        let evidence = &mut runtime.evidence;
        if let Some(outcome) = evidence.running.as_ref().and_then(|r| r.try_finish()) {
            evidence.outcome = Some(outcome);
            evidence.running = None;
        }
        evidence.whole_history.poll();
        if let LoadState::Ready(workspace) = &runtime.load
            && tab_open
            && evidence.whole_history.is_due(workspace)
        {
            evidence.whole_history.start(workspace, &runtime.waker);
        }
    }

    /// Whether the back-test evidence is being gathered.
    pub fn is_gathering_evidence(&self) -> bool {
        self.runtime.evidence.running.is_some()
    }

    /// The last finished evidence run, or why it failed.
    pub fn evidence_outcome(
        &self,
    ) -> Option<&Result<super::evidence_run::EvidenceReport, AppError>> {
        self.runtime.evidence.outcome.as_ref()
    }
}
