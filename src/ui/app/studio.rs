//! The studio: the persisted [`State`], the runtime around it (loading,
//! background work, messages), and one frame: draw the panels, then carry
//! out the commands they pushed.

use std::path::PathBuf;
use std::time::Duration;

use eframe::egui;

use super::background::{Task, Waker};
use super::backtest_run::{BacktestOutcome, BacktestState};
use super::command::Command;
use super::data_load;
use super::data_load::LoadedData;
use super::dialogs::{DialogAnswer, PathPrompt};
use super::draft_form::DraftForm;
use super::error::AppError;
use super::evidence_run::EvidenceState;
use super::import::ImportForm;
use super::input;
use super::persistence::{self, Autosave};
use super::startup::{Session, Startup};
use super::state::{CentralView, MAX_RECENT, State, Theme, ZOOM_RANGE};
use super::worker::{Job, SimulationWorker};
use super::workspace::Workspace;
use crate::model::RuleSet;
use crate::ui::panels::data_import;
use crate::ui::panels::draft;
use crate::ui::panels::layout;
use crate::ui::panels::loading;
use crate::ui::panels::path_prompt;
use crate::ui::panels::prompts;

/// How long the note on a held threshold stays.
const THRESHOLD_NOTE_TIME: Duration = Duration::from_secs(8);

/// The window title, alone or after the rule set's name.
pub const APP_NAME: &str = "Lead Score Studio";

/// Where loading stands.
#[derive(Debug)]
pub(super) enum LoadState {
    Loading(Task<Result<Session, AppError>>),
    Failed(AppError),
    Ready(Box<Workspace>),
}

/// Everything that lives only while the app runs: threads, channels,
/// messages, prompts. Never persisted.
#[derive(Debug)]
pub(super) struct Runtime {
    pub load: LoadState,
    pub waker: Waker,
    pub worker: Result<SimulationWorker, AppError>,
    pub commands: Vec<Command>,
    /// The last message for the user (a saved file, a failed open).
    pub message: Option<String>,
    /// The window title last set.
    pub title: String,
    /// The running and the last back-test.
    pub backtest: BacktestState,
    /// The Evidence tab's figures: of the simulation, and of the last run.
    pub evidence: EvidenceState,
    /// Writes the working rule set after a pause in editing.
    pub autosave: Autosave,
    /// An autosave of an earlier session, offered back at start-up.
    pub recovery: Option<RuleSet>,
    /// The window was asked to close with unsaved changes.
    pub close_prompt: bool,
    /// The user chose to close.
    pub close_confirmed: bool,
    /// The other proposal being scored for the workshop.
    pub other_scoring: Option<Task<Result<super::other_proposal::OtherFigures, AppError>>>,
    /// New data files being loaded; the old data stays until they arrive.
    pub data_loading: Option<Task<Result<LoadedData, AppError>>>,
    /// Why the last data load failed (the old data is still in place).
    pub data_error: Option<AppError>,
    /// What the studio was opened with, to load again after a failed start.
    pub startup: Startup,
    /// The egui context, once the first frame gave it.
    pub ctx: Option<egui::Context>,
    /// The "Open your data" window.
    pub import: ImportForm,
    /// The "Draft from the data" window.
    pub draft: DraftForm,
    /// The native file dialog, while one is open.
    pub dialog: Option<Task<DialogAnswer>>,
    /// A typed path asked for when no dialog can be shown.
    pub prompt: Option<PathPrompt>,
    /// Whether native file dialogs are tried (tests and headless runs
    /// type paths).
    pub native_dialogs: bool,
    /// The project file opened or last saved.
    pub project_path: Option<PathBuf>,
    /// Whether the presentation view fills the window.
    pub presenting: bool,
    /// Why a threshold was held at another, and since when.
    pub threshold_note: Option<(String, std::time::Instant)>,
    /// The theme and zoom last given to egui.
    pub look: Option<(Theme, f32)>,
    /// Whether the window was made to fit the screen.
    pub fitted_to_screen: bool,
}

/// The whole application, drawable into any [`egui::Ui`].
#[derive(Debug)]
pub struct Studio {
    /// What the user set up; persisted.
    pub(super) state: State,
    pub(super) runtime: Runtime,
}

impl Studio {
    /// Starts loading the data and rule sets on a named thread; a spinner
    /// shows until they are there.
    pub fn new(startup: Startup) -> Self {
        let waker = Waker::default();
        let data_and_rules = startup.clone();
        let load = match Task::spawn("loading the data and rule sets", &waker, move || {
            data_and_rules.load()
        }) {
            Ok(task) => LoadState::Loading(task),
            Err(error) => LoadState::Failed(error),
        };
        Studio {
            state: State::default(),
            runtime: Runtime {
                load,
                worker: SimulationWorker::spawn(&waker),
                waker,
                commands: Vec::new(),
                message: None,
                title: APP_NAME.to_owned(),
                backtest: BacktestState::default(),
                evidence: EvidenceState::default(),
                autosave: Autosave::default(),
                recovery: None,
                close_prompt: false,
                close_confirmed: false,
                other_scoring: None,
                data_loading: None,
                data_error: None,
                startup,
                ctx: None,
                import: ImportForm::default(),
                draft: DraftForm::default(),
                dialog: None,
                prompt: None,
                native_dialogs: true,
                project_path: None,
                presenting: false,
                threshold_note: None,
                look: None,
                fitted_to_screen: false,
            },
        }
    }

    /// Takes back the state of an earlier session.
    pub fn restore_state(&mut self, mut state: State) {
        state.recent.truncate(MAX_RECENT);
        self.state = state;
    }

    /// The state to persist.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The loaded workspace, once loading is done.
    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.runtime.load {
            LoadState::Ready(workspace) => Some(workspace),
            LoadState::Loading(_) | LoadState::Failed(_) => None,
        }
    }

    /// Whether background work is under way whose result will change what
    /// is shown: loading, scoring, a back-test, the evidence (or the
    /// Evidence tab's figures are due and start with the next frame).
    pub fn is_busy(&self) -> bool {
        let runtime = &self.runtime;
        let evidence = &runtime.evidence;
        let quality_due = self.state.view == CentralView::Evidence
            && !runtime.presenting
            && self
                .workspace()
                .is_some_and(|w| evidence.whole_history.is_due(w));
        matches!(runtime.load, LoadState::Loading(_))
            || runtime.data_loading.is_some()
            || runtime.other_scoring.is_some()
            || runtime.backtest.running.is_some()
            || evidence.running.is_some()
            || evidence.whole_history.is_computing()
            || quality_due
            || runtime.import.previewing.is_some()
            || runtime.draft.drafting.is_some()
            || self.workspace().is_some_and(Workspace::is_simulating)
    }

    /// The last error or notice shown in the status bar.
    pub fn message(&self) -> Option<&str> {
        self.runtime.message.as_deref()
    }

    /// Why loading failed at start-up, if it did.
    pub fn load_error(&self) -> Option<&AppError> {
        match &self.runtime.load {
            LoadState::Failed(error) => Some(error),
            LoadState::Loading(_) | LoadState::Ready(_) => None,
        }
    }

    /// Queues a command, as a panel would.
    pub fn push(&mut self, command: Command) {
        self.runtime.commands.push(command);
    }

    /// The last finished back-test, or why it failed.
    pub fn backtest_outcome(&self) -> Option<&Result<BacktestOutcome, AppError>> {
        self.runtime.backtest.outcome.as_ref()
    }

    /// Whether a back-test is running.
    pub fn is_backtesting(&self) -> bool {
        self.runtime.backtest.running.is_some()
    }

    /// Rule-set files opened or saved lately, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.state.recent
    }

    /// Autosaves the working rule set to `path` after `delay` without
    /// edits; an autosave already there is offered back.
    pub fn set_autosave(&mut self, path: Option<PathBuf>, delay: Duration) {
        self.runtime.autosave.path = path;
        self.runtime.autosave.delay = delay;
        self.runtime.recovery = self.runtime.autosave.recovered();
    }

    /// Whether an autosave of an earlier session is offered.
    pub fn offers_recovery(&self) -> bool {
        self.runtime.recovery.is_some()
    }

    /// Whether the user was asked about unsaved changes on close.
    pub fn asks_before_closing(&self) -> bool {
        self.runtime.close_prompt
    }

    /// Whether the user chose to close.
    pub fn close_confirmed(&self) -> bool {
        self.runtime.close_confirmed
    }

    /// What the central panel shows.
    pub fn view(&self) -> CentralView {
        self.state.view
    }

    /// Why the last data load failed, if it did.
    pub fn data_error(&self) -> Option<&AppError> {
        self.runtime.data_error.as_ref()
    }

    /// Whether new data files are being loaded.
    pub fn is_loading_data(&self) -> bool {
        self.runtime.data_loading.is_some()
    }

    /// Draws the studio and carries out what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if self.runtime.ctx.is_none() {
            self.runtime.ctx = Some(ui.ctx().clone());
            self.runtime.waker.set(ui.ctx());
        }
        self.keep_look(ui.ctx());
        fit_to_screen(ui.ctx(), &mut self.runtime.fitted_to_screen);
        self.poll();
        self.take_input(ui);
        self.update_title(ui);
        let mut commands = std::mem::take(&mut self.runtime.commands);
        self.panels_ui(ui, &mut commands);
        self.windows_ui(ui, &mut commands);
        self.handle_close_request(ui);
        self.autosave_tick(ui);
        // However a gesture ended (a release outside the widget, a lost
        // focus), it is one undo step once no button is held.
        let pointer_held = ui.input(|i| i.pointer.any_down());
        if !pointer_held
            && self
                .workspace()
                .is_some_and(|w| w.history.has_open_gesture())
        {
            commands.push(Command::FinishEdit);
        }
        // The panels were drawn before the commands changed the state.
        if !commands.is_empty() {
            ui.ctx().request_repaint();
        }
        for command in commands {
            self.apply(command);
        }
    }

    /// Gives egui the chosen theme and zoom; a zoom changed with the
    /// keyboard (Ctrl + / Ctrl −) is remembered.
    fn keep_look(&mut self, ctx: &egui::Context) {
        let zoom = self
            .state
            .zoom
            .unwrap_or(1.0)
            .clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        let wanted = (self.state.theme, zoom);
        if self.runtime.look == Some(wanted) {
            let actual = ctx.zoom_factor();
            if (actual - zoom).abs() > 0.001 {
                self.state.zoom = Some(actual);
                self.runtime.look = Some((self.state.theme, actual));
            }
            return;
        }
        crate::ui::widgets::style::set_theme(ctx, self.state.theme);
        ctx.set_zoom_factor(zoom);
        self.runtime.look = Some(wanted);
    }

    /// Whether the presentation view fills the window.
    pub fn is_presenting(&self) -> bool {
        self.runtime.presenting
    }

    /// Keyboard shortcuts and dropped files become commands.
    fn take_input(&mut self, ui: &egui::Ui) {
        let presenting = self.runtime.presenting;
        self.runtime
            .commands
            .extend(input::shortcut_commands(ui, presenting));
        let dropped = input::dropped_files(ui);
        self.runtime.commands.extend(dropped.commands);
        if let Some(message) = dropped.refused {
            self.runtime.message = Some(message);
        }
        if !dropped.data_files.is_empty() {
            let current = self
                .workspace()
                .and_then(|w| data_load::sources_of(&w.data));
            if let Some(sources) = data_load::dropped_sources(&dropped.data_files, current) {
                self.runtime.commands.push(Command::LoadData(sources));
            }
        }
    }

    /// The panels of the current load state.
    fn panels_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let runtime = &self.runtime;
        match &runtime.load {
            LoadState::Loading(_) => loading::loading_ui(ui),
            LoadState::Failed(error) => loading::failed_ui(ui, error, commands),
            LoadState::Ready(workspace) => {
                let view = layout::WorkspaceView {
                    workspace,
                    message: runtime.message.as_deref(),
                    backtest: &runtime.backtest,
                    evidence: &runtime.evidence,
                    loading_data: runtime.data_loading.is_some(),
                    // Shown once: in the window that fixes it, when open.
                    data_error: runtime.data_error.as_ref().filter(|_| !runtime.import.open),
                    threshold_note: runtime
                        .threshold_note
                        .as_ref()
                        .filter(|(_, since)| since.elapsed() < THRESHOLD_NOTE_TIME)
                        .map(|(note, _)| note.as_str()),
                    presenting: runtime.presenting,
                };
                if view.threshold_note.is_some() {
                    ui.ctx().request_repaint_after(THRESHOLD_NOTE_TIME);
                }
                layout::workspace_ui(ui, &view, &mut self.state, commands);
                if let Some(recovered) = &runtime.recovery {
                    if *recovered == workspace.working {
                        commands.push(Command::DiscardAutosave);
                    } else {
                        prompts::recovery_ui(ui, recovered, commands);
                    }
                }
                if runtime.close_prompt {
                    prompts::close_ui(ui, workspace, commands);
                }
            }
        }
    }

    /// The windows over the panels: opening data, drafting, a typed path.
    fn windows_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let runtime = &mut self.runtime;
        data_import::data_import_ui(ui, &mut runtime.import, commands);
        if let LoadState::Ready(workspace) = &runtime.load {
            draft::draft_ui(
                ui,
                &mut runtime.draft,
                &workspace.profile.candidates,
                commands,
            );
        }
        path_prompt::path_prompt_ui(ui, &mut runtime.prompt, commands);
    }

    /// A close with unsaved changes is held back until the user decides.
    fn handle_close_request(&mut self, ui: &egui::Ui) {
        if !ui.ctx().input(|i| i.viewport().close_requested()) || self.runtime.close_confirmed {
            return;
        }
        if self.workspace().is_some_and(Workspace::has_unsaved_changes) {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.runtime.close_prompt = true;
        }
    }

    /// Autosaves once editing pauses; asks for a frame when it will be due.
    fn autosave_tick(&mut self, ui: &egui::Ui) {
        let runtime = &mut self.runtime;
        // The file is the earlier session's until the user decides; after
        // "Close without saving" there is nothing to keep.
        if runtime.recovery.is_some() || runtime.close_confirmed {
            return;
        }
        let LoadState::Ready(workspace) = &runtime.load else {
            return;
        };
        match runtime.autosave.tick(
            &workspace.working,
            workspace.generation,
            workspace.has_unsaved_changes(),
        ) {
            Ok(persistence::Tick::Idle) => {}
            Ok(persistence::Tick::WaitFor(wait)) => ui.ctx().request_repaint_after(wait),
            Err(error) => runtime.message = Some(error.message()),
        }
    }

    /// "Marketing proposal • Lead Score Studio", with a mark for unsaved changes.
    fn update_title(&mut self, ui: &egui::Ui) {
        let title = match self.workspace() {
            Some(workspace) if workspace.has_unsaved_changes() => {
                format!("{} (unsaved) • {APP_NAME}", workspace.working.name)
            }
            Some(workspace) => format!("{} • {APP_NAME}", workspace.working.name),
            None => APP_NAME.to_owned(),
        };
        if self.runtime.title != title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.runtime.title = title;
        }
    }

    /// Takes in whatever the background threads finished.
    fn poll(&mut self) {
        let runtime = &mut self.runtime;
        if let Some(result) = runtime.data_loading.as_ref().and_then(Task::poll) {
            self.finish_data_load(result.flatten());
        }
        let runtime = &mut self.runtime;
        if let Some(outcome) = runtime
            .backtest
            .running
            .as_ref()
            .and_then(|r| r.try_finish())
        {
            runtime.backtest.outcome = Some(outcome);
            runtime.backtest.running = None;
        }
        if let LoadState::Loading(task) = &runtime.load
            && let Some(result) = task.poll()
        {
            match result.flatten() {
                Ok(session) => {
                    if let Some(path) = &session.working_path {
                        self.state.remember(path);
                    }
                    self.runtime.project_path = session.project.clone();
                    if !session.notes.is_empty() {
                        self.runtime.message = Some(session.notes.join("; "));
                    }
                    // `--compare` opens the app on the side-by-side.
                    if self.runtime.startup.other.is_some() {
                        self.state.view = CentralView::Workshop;
                    }
                    self.runtime.load = LoadState::Ready(Box::new(Workspace::new(session)));
                    self.request_simulation();
                    self.score_other_proposal();
                }
                Err(error) => {
                    self.offer_mapping(&error);
                    self.runtime.load = LoadState::Failed(error);
                }
            }
        }
        self.poll_files();
        self.poll_other_proposal();
        self.poll_simulation();
        let evidence_tab = self.state.view == CentralView::Evidence && !self.runtime.presenting;
        self.poll_evidence(evidence_tab);
    }

    fn poll_other_proposal(&mut self) {
        let runtime = &mut self.runtime;
        let (Some(task), LoadState::Ready(workspace)) = (&runtime.other_scoring, &mut runtime.load)
        else {
            return;
        };
        if let Some(result) = task.poll() {
            if let Some(other) = &mut workspace.other {
                other.receive(result.flatten());
            }
            runtime.other_scoring = None;
        }
    }

    fn poll_simulation(&mut self) {
        let runtime = &mut self.runtime;
        let (Ok(worker), LoadState::Ready(workspace)) = (&runtime.worker, &mut runtime.load) else {
            return;
        };
        loop {
            match worker.try_reply() {
                Ok(Some(reply)) => workspace.receive(reply.generation, reply.result),
                Ok(None) => break,
                Err(error) => {
                    if workspace.is_simulating() {
                        workspace.receive(workspace.generation, Err(error));
                    }
                    break;
                }
            }
        }
    }

    /// Sends the current rule sets to the scoring thread.
    pub(super) fn request_simulation(&mut self) {
        let runtime = &mut self.runtime;
        let LoadState::Ready(workspace) = &mut runtime.load else {
            return;
        };
        let sent = match &runtime.worker {
            Ok(worker) => worker.request(Job {
                generation: workspace.generation,
                data: std::sync::Arc::clone(&workspace.data),
                proposal: workspace.checked.clone(),
                baseline: workspace.baseline_checked.clone(),
            }),
            Err(error) => Err(error.clone()),
        };
        if let Err(error) = sent {
            workspace.receive(workspace.generation, Err(error));
        }
    }
}

/// Shrinks a window taller or wider than its screen (a 1280×720
/// projector) once, when the screen's size is first known.
fn fit_to_screen(ctx: &egui::Context, fitted: &mut bool) {
    if *fitted {
        return;
    }
    let (outer, inner, monitor) = ctx.input(|i| {
        let viewport = i.viewport();
        (
            viewport.outer_rect,
            viewport.inner_rect,
            viewport.monitor_size,
        )
    });
    let (Some(outer), Some(inner), Some(monitor)) = (outer, inner, monitor) else {
        return;
    };
    *fitted = true;
    if monitor.x < 1.0 || monitor.y < 1.0 {
        return;
    }
    let frame = outer.size() - inner.size();
    let fitting = (monitor - frame).min(inner.size());
    if fitting != inner.size() {
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fitting));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::Pos2::ZERO));
    }
}

impl eframe::App for Studio {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        Studio::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, super::state::STATE_KEY, &self.state);
    }
}
