//! The studio's side of bringing one's own data in: file dialogs on their
//! own thread with a typed-path fallback, the "Open your data" window and
//! its previews, drafting a rule set from the history, and projects.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::Command;
use super::data_load;
use super::dialogs::{FilePurpose, PathPrompt, Suggestion, spawn_dialog};
use super::error::AppError;
use super::merge::MERGED_FILE_NAME;
use super::other_proposal;
use super::startup::Startup;
use super::studio::{LoadState, Studio};
use crate::analysis::{DraftRequest, draft_rule_set};
use crate::data::{DataSources, LoadError, LoadOptions, TableKind};
use crate::engine::resolve_as_of;
use crate::export::ExportKind;
use crate::model::RuleEdit;
use crate::project::{HeldRuleSet, PROJECT_EXTENSION, ProjectParts, save_project};
use crate::ui::app::import::slot;

/// Said when the native dialog answered at once without a file.
const NO_DIALOG: &str =
    "No file dialog could be shown on this system (no desktop portal?): type the path instead.";

impl Studio {
    /// Whether native file dialogs are tried; without them every file is
    /// asked for as a typed path (tests, remote sessions).
    pub fn set_native_dialogs(&mut self, enabled: bool) {
        self.runtime.native_dialogs = enabled;
    }

    /// The typed-path prompt shown, if any.
    pub fn path_prompt(&self) -> Option<&PathPrompt> {
        self.runtime.prompt.as_ref()
    }

    /// Whether the "Open your data" window is shown.
    pub fn is_importing(&self) -> bool {
        self.runtime.import.open
    }

    /// The "Open your data" window's choices so far.
    pub fn import_options(&self) -> &LoadOptions {
        &self.runtime.import.options
    }

    /// The column a role has in the "Open your data" window: chosen, or
    /// detected by the latest preview.
    pub fn import_column(&self, table: TableKind, role: &str) -> Option<String> {
        self.runtime.import.column(table, role)
    }

    /// Whether previews or a draft are being computed.
    pub fn is_preparing(&self) -> bool {
        self.runtime.import.previewing.is_some() || self.runtime.draft.drafting.is_some()
    }

    /// Asks for a file: the native dialog on its own thread, or at once a
    /// typed path when dialogs are off.
    pub(super) fn ask_file(&mut self, purpose: FilePurpose) {
        let suggestion = self.suggestion_for(purpose);
        if !self.runtime.native_dialogs {
            self.prompt_for(purpose, &suggestion, None);
            return;
        }
        if self.runtime.dialog.is_some() {
            self.runtime.message = Some("A file dialog is already open.".to_owned());
            return;
        }
        match spawn_dialog(purpose, suggestion.clone(), &self.runtime.waker) {
            Ok(task) => self.runtime.dialog = Some(task),
            Err(error) => self.prompt_for(purpose, &suggestion, Some(error.message())),
        }
    }

    /// A save starts from the suggested file; an open from nothing (the
    /// user types or pastes a whole path).
    fn prompt_for(
        &mut self,
        purpose: FilePurpose,
        suggestion: &Suggestion,
        reason: Option<String>,
    ) {
        let text = if purpose.saves() {
            suggestion.path_text()
        } else {
            String::new()
        };
        self.runtime.prompt = Some(PathPrompt {
            purpose,
            text,
            reason,
        });
    }

    /// Where a dialog for `purpose` starts: beside the file it concerns.
    fn suggestion_for(&self, purpose: FilePurpose) -> Suggestion {
        let working = self.workspace().and_then(|w| w.working_path.clone());
        let name = self.workspace().map(|w| w.working.name.clone());
        let beside_working = |file_name: Option<String>| Suggestion {
            directory: working
                .as_deref()
                .and_then(std::path::Path::parent)
                .map(std::path::Path::to_owned),
            file_name,
        };
        match purpose {
            FilePurpose::SaveRuleSet => match &working {
                Some(path) => Suggestion::beside(Some(path)),
                None => beside_working(name.map(|n| ExportKind::Ron.file_name(&n))),
            },
            FilePurpose::Export(kind) => beside_working(name.map(|n| kind.file_name(&n))),
            FilePurpose::ExportChanges => beside_working(Some("stage_changes.csv".to_owned())),
            FilePurpose::SaveProject => match &self.runtime.project_path {
                Some(path) => Suggestion::beside(Some(path)),
                None => beside_working(Some(format!("workshop.{PROJECT_EXTENSION}"))),
            },
            FilePurpose::SaveMerged => beside_working(Some(MERGED_FILE_NAME.to_owned())),
            FilePurpose::OpenRuleSet
            | FilePurpose::OpenOther
            | FilePurpose::OpenBaseline
            | FilePurpose::DataTable(_)
            | FilePurpose::OpenProject => beside_working(None),
        }
    }

    /// Takes in a dialog's answer, a preview or a draft that finished.
    pub(super) fn poll_files(&mut self) {
        if let Some(answer) = self.runtime.dialog.as_ref().and_then(|t| t.poll()) {
            self.runtime.dialog = None;
            match answer {
                Ok(answer) => match answer.path {
                    Some(path) => self.push(Command::for_file(answer.purpose, path)),
                    None if answer.unavailable => {
                        let suggestion = self.suggestion_for(answer.purpose);
                        self.prompt_for(answer.purpose, &suggestion, Some(NO_DIALOG.to_owned()));
                    }
                    None => {}
                },
                Err(error) => self.runtime.message = Some(error.message()),
            }
        }
        self.runtime.import.poll();
        self.poll_draft();
    }

    /// A load error about a missing or unknown column opens the "Open
    /// your data" window on the same files, the error above it.
    pub(super) fn offer_mapping(&mut self, error: &AppError) {
        let AppError::Load(load) = error else {
            return;
        };
        if !matches!(
            **load,
            LoadError::MissingRole { .. } | LoadError::UnknownColumn { .. }
        ) {
            return;
        }
        self.open_import();
        self.runtime.import.load_error = Some(error.message());
    }

    /// Opens "Open your data" on the files and choices in use.
    pub(super) fn open_import(&mut self) {
        let (sources, options) = match self.workspace() {
            Some(workspace) => (
                data_load::sources_of(&workspace.data),
                workspace.data.options.clone(),
            ),
            None => (
                self.runtime.startup.sources().ok(),
                self.runtime.startup.options.clone(),
            ),
        };
        let form = &mut self.runtime.import;
        if !form.open {
            form.open_with(sources.as_ref(), options);
            form.load_error = None;
        }
        self.refresh_import();
    }

    /// Previews the window's files again (a path or a choice changed).
    pub(super) fn refresh_import(&mut self) {
        if let Err(error) = self.runtime.import.start_preview(&self.runtime.waker) {
            self.runtime.import.load_error = Some(error.message());
        }
    }

    /// A file chosen for one table of the window.
    pub(super) fn set_import_path(&mut self, table: TableKind, path: PathBuf) {
        let form = &mut self.runtime.import;
        form.open = true;
        if let Some(text) = form.paths.get_mut(slot(table)) {
            *text = path.display().to_string();
        }
        self.refresh_import();
    }

    /// Loads the files with the chosen roles; before anything was loaded
    /// the studio starts over with them.
    pub(super) fn load_data_with(&mut self, sources: DataSources, options: LoadOptions) {
        self.runtime.import.open = false;
        self.runtime.import.load_error = None;
        if matches!(self.runtime.load, LoadState::Failed(_)) {
            let startup = Startup {
                sources: Some(sources),
                options,
                project: None,
                ..self.runtime.startup.clone()
            };
            self.restart(startup);
            return;
        }
        self.start_data_load(sources, options);
    }

    /// Starts the studio again from `startup`, keeping the persisted state
    /// and the settings of this run.
    pub(super) fn restart(&mut self, startup: Startup) {
        let native_dialogs = self.runtime.native_dialogs;
        let autosave = std::mem::take(&mut self.runtime.autosave);
        *self = Studio {
            state: std::mem::take(&mut self.state),
            ..Studio::new(startup)
        };
        self.runtime.native_dialogs = native_dialogs;
        self.runtime.autosave = autosave;
    }

    /// Opens "Draft from the data" with the strongest candidates ticked.
    pub(super) fn open_draft(&mut self) {
        let runtime = &mut self.runtime;
        if let LoadState::Ready(workspace) = &runtime.load {
            runtime.draft.open_for(&workspace.profile.candidates);
        }
    }

    /// Drafts the rule set from the ticked candidates on a named thread.
    pub(super) fn start_draft(&mut self) {
        let runtime = &mut self.runtime;
        let LoadState::Ready(workspace) = &runtime.load else {
            return;
        };
        let form = &runtime.draft;
        let request = DraftRequest {
            name: "Drafted from the history".to_owned(),
            picked: form.picked(&workspace.profile.candidates),
            monthly_sql_capacity: (form.monthly_capacity > 0.0).then_some(form.monthly_capacity),
        };
        let data = Arc::clone(&workspace.data);
        let task =
            super::background::Task::spawn("drafting a rule set", &runtime.waker, move || {
                let as_of = resolve_as_of(&data, None);
                draft_rule_set(&data, &request, as_of).map_err(AppError::from)
            });
        match task {
            Ok(task) => runtime.draft.drafting = Some(task),
            Err(error) => runtime.message = Some(error.message()),
        }
    }

    fn poll_draft(&mut self) {
        let Some(result) = self.runtime.draft.drafting.as_ref().and_then(|t| t.poll()) else {
            return;
        };
        self.runtime.draft.drafting = None;
        match result.flatten() {
            Ok(draft) => {
                self.runtime.draft.open = false;
                self.runtime.message = Some(format!(
                    "Drafted {} rules. {}",
                    draft.rules.rules().count(),
                    draft.notes.join("; ")
                ));
                self.push(Command::edit(RuleEdit::ReplaceAll(Box::new(draft.rules))));
            }
            Err(error) => self.runtime.message = Some(error.message()),
        }
    }

    /// Scores the other proposal a project brought, for the workshop.
    pub(super) fn score_other_proposal(&mut self) {
        let runtime = &mut self.runtime;
        let LoadState::Ready(workspace) = &mut runtime.load else {
            return;
        };
        let Some(other) = &mut workspace.other else {
            return;
        };
        match other_proposal::spawn_scoring(
            Arc::clone(&workspace.data),
            other.rules.clone(),
            &runtime.waker,
        ) {
            Ok(task) => runtime.other_scoring = Some(task),
            Err(error) => other.summary = Some(Err(error)),
        }
    }

    /// Opens a project: the studio starts over with its data and rule sets.
    pub(super) fn open_project(&mut self, path: PathBuf) {
        // The project's own other proposal, not the one the app was
        // started with.
        let startup = Startup {
            project: Some(path),
            other: None,
            ..self.runtime.startup.clone()
        };
        self.restart(startup);
    }

    /// Saves the data files, their roles and the three rule sets.
    pub(super) fn save_project(&mut self, path: PathBuf) {
        let runtime = &mut self.runtime;
        let LoadState::Ready(workspace) = &runtime.load else {
            return;
        };
        let sources = data_load::sources_of(&workspace.data);
        let saved_at = (!workspace.has_unsaved_changes())
            .then_some(workspace.working_path.as_deref())
            .flatten();
        let parts = ProjectParts {
            sources: sources.as_ref(),
            load: &workspace.data.options,
            working: HeldRuleSet {
                rules: &workspace.working,
                saved_at,
            },
            baseline: HeldRuleSet {
                rules: &workspace.baseline,
                saved_at: None,
            },
            other: workspace.other.as_ref().map(|other| HeldRuleSet {
                rules: &other.rules,
                saved_at: other.path.as_deref(),
            }),
        };
        match save_project(&path, &parts) {
            Ok(()) => {
                runtime.message = Some(format!("Saved the project {}", path.display()));
                runtime.project_path = Some(path);
            }
            Err(error) => runtime.message = Some(AppError::Project(Arc::new(error)).message()),
        }
    }
}
