//! The studio: loading, the panels, and the commands they push, applied
//! once per frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui;

use super::backtest::{BacktestOutcome, BacktestState, spawn_backtest};
use super::command::Command;
use super::layout::{CentralView, Panels};
use super::persistence::{self, Autosave};
use super::startup::{Session, Startup};
use super::worker::{Job, SimulationWorker, spawn_loader};
use super::workshop::{self, OtherProposal};
use super::workspace::Workspace;
use super::{data_load, export, files, input, layout, loading, prompts, stage_changes};
use crate::analysis::SimulationSummary;
use crate::data::{DataSources, Dataset, RoleMapping};
use crate::model::RuleSet;

/// The window title, alone or after the rule set's name.
pub const APP_NAME: &str = "Lead Score Studio";

/// Longest wait for a simulation in blocking mode.
const BLOCKING_TIMEOUT: Duration = Duration::from_secs(300);

/// Whether slow work is waited for (tests) or runs behind a spinner (the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunMode {
    Background,
    Blocking,
}

/// Where loading stands.
#[derive(Debug)]
enum LoadState {
    Loading(Receiver<Result<Session, String>>),
    Failed(String),
    Ready(Box<Workspace>),
}

/// The whole application state, drawable into any [`egui::Ui`].
#[derive(Debug)]
pub struct Studio {
    state: LoadState,
    worker: Result<SimulationWorker, String>,
    mode: RunMode,
    commands: Vec<Command>,
    /// The last message for the user (a saved file, a failed open).
    message: Option<String>,
    repaint: Option<egui::Context>,
    /// The window title last set.
    title: String,
    /// What the user set in the panels (inspector search, view, forms).
    panels: Panels,
    /// The running and the last back-test.
    backtest: BacktestState,
    /// Rule-set files opened or saved lately, newest first.
    recent: Vec<PathBuf>,
    /// Writes the working rule set after a pause in editing.
    autosave: Autosave,
    /// An autosave of an earlier session, offered back at start-up.
    recovery: Option<RuleSet>,
    /// The window was asked to close with unsaved changes.
    close_prompt: bool,
    /// The user chose to close.
    close_confirmed: bool,
    /// The other proposal being scored for the workshop.
    other_scoring: Option<Receiver<Result<SimulationSummary, String>>>,
    /// Back-tests run in the background even in blocking mode, with this
    /// pause between cutoffs.
    background_backtests: Option<Duration>,
    /// New data files being loaded; the old data stays until they arrive.
    data_loading: Option<Receiver<Result<Dataset, String>>>,
    /// Why the last data load failed (the old data is still in place).
    data_error: Option<String>,
    /// What the studio was opened with, to load again after a failed start.
    startup: Startup,
}

impl Studio {
    /// Starts loading in the background; a spinner shows until it is done.
    pub fn new(startup: Startup, ctx: &egui::Context) -> Self {
        let state = match spawn_loader(startup.clone(), Some(ctx.clone())) {
            Ok(receiver) => LoadState::Loading(receiver),
            Err(message) => LoadState::Failed(message),
        };
        Studio {
            state,
            worker: SimulationWorker::spawn(),
            mode: RunMode::Background,
            commands: Vec::new(),
            message: None,
            repaint: Some(ctx.clone()),
            title: APP_NAME.to_owned(),
            panels: Panels::default(),
            backtest: BacktestState::default(),
            background_backtests: None,
            other_scoring: None,
            recent: Vec::new(),
            autosave: Autosave::default(),
            recovery: None,
            close_prompt: false,
            close_confirmed: false,
            data_loading: None,
            data_error: None,
            startup,
        }
    }

    /// Loads and simulates before returning, and finishes every later
    /// simulation within the frame that asked for it: for tests.
    pub fn new_blocking(startup: &Startup) -> Result<Self, String> {
        let session = startup.load()?;
        let recent = vec![session.working_path.clone()];
        let mut studio = Studio {
            state: LoadState::Ready(Box::new(Workspace::new(session))),
            worker: SimulationWorker::spawn(),
            mode: RunMode::Blocking,
            commands: Vec::new(),
            message: None,
            repaint: None,
            title: APP_NAME.to_owned(),
            panels: Panels::default(),
            backtest: BacktestState::default(),
            background_backtests: None,
            other_scoring: None,
            recent,
            autosave: Autosave::default(),
            recovery: None,
            close_prompt: false,
            close_confirmed: false,
            data_loading: None,
            data_error: None,
            startup: startup.clone(),
        };
        studio.request_simulation();
        Ok(studio)
    }

    /// The loaded workspace, once loading is done.
    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.state {
            LoadState::Ready(workspace) => Some(workspace),
            LoadState::Loading(_) | LoadState::Failed(_) => None,
        }
    }

    /// The last error or notice shown in the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Queues a command, as a panel would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Draws the studio and carries out what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if self.repaint.is_none() {
            self.repaint = Some(ui.ctx().clone());
        }
        self.poll();
        self.commands.extend(input::shortcut_commands(ui));
        let dropped = input::dropped_files(ui);
        self.commands.extend(dropped.commands);
        if let Some(message) = dropped.refused {
            self.message = Some(message);
        }
        if !dropped.data_files.is_empty() {
            let current = self
                .workspace()
                .and_then(|w| data_load::sources_of(&w.data));
            if let Some(sources) = data_load::dropped_sources(&dropped.data_files, current) {
                self.commands.push(Command::LoadData(sources));
            }
        }
        self.update_title(ui);
        let mut commands = std::mem::take(&mut self.commands);
        match &self.state {
            LoadState::Loading(_) => loading::loading_ui(ui),
            LoadState::Failed(message) => loading::failed_ui(ui, message, &mut commands),
            LoadState::Ready(workspace) => {
                let view = layout::WorkspaceView {
                    workspace,
                    message: self.message.as_deref(),
                    backtest: &self.backtest,
                    recent: &self.recent,
                    loading_data: self.data_loading.is_some(),
                    data_error: self.data_error.as_deref(),
                };
                layout::workspace_ui(ui, &view, &mut self.panels, &mut commands);
                if let Some(recovered) = &self.recovery {
                    if *recovered == workspace.working {
                        commands.push(Command::DiscardAutosave);
                    } else {
                        prompts::recovery_ui(ui, recovered, &mut commands);
                    }
                }
                if self.close_prompt {
                    prompts::close_ui(ui, workspace, &mut commands);
                }
            }
        }
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

    /// A close with unsaved changes is held back until the user decides.
    fn handle_close_request(&mut self, ui: &egui::Ui) {
        if !ui.ctx().input(|i| i.viewport().close_requested()) || self.close_confirmed {
            return;
        }
        if self.workspace().is_some_and(Workspace::has_unsaved_changes) {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.close_prompt = true;
        }
    }

    /// Autosaves once editing pauses; asks for a frame when it will be due.
    fn autosave_tick(&mut self, ui: &egui::Ui) {
        // The file is the earlier session's until the user decides; after
        // "Close without saving" there is nothing to keep.
        if self.recovery.is_some() || self.close_confirmed {
            return;
        }
        let LoadState::Ready(workspace) = &self.state else {
            return;
        };
        match self.autosave.tick(
            &workspace.working,
            workspace.generation,
            workspace.has_unsaved_changes(),
        ) {
            Ok(persistence::Tick::Idle) => {}
            Ok(persistence::Tick::WaitFor(wait)) => ui.ctx().request_repaint_after(wait),
            Err(message) => self.message = Some(message),
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
        if self.title != title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The last finished back-test, or why it failed.
    pub fn backtest_outcome(&self) -> Option<&Result<BacktestOutcome, String>> {
        self.backtest.outcome.as_ref()
    }

    /// Whether a back-test is running.
    pub fn is_backtesting(&self) -> bool {
        self.backtest.running.is_some()
    }

    /// Runs back-tests in the background even in blocking mode, pausing
    /// between cutoffs: to test the spinner and Cancel.
    pub fn set_background_backtests(&mut self, pause: Option<Duration>) {
        self.background_backtests = pause;
    }

    /// Rule-set files opened or saved lately, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent
    }

    /// The recent files remembered from earlier sessions.
    pub fn set_recent_files(&mut self, recent: Vec<PathBuf>) {
        self.recent = recent;
        self.recent.truncate(persistence::MAX_RECENT);
    }

    /// Autosaves the working rule set to `path` after `delay` without
    /// edits; an autosave already there is offered back.
    pub fn set_autosave(&mut self, path: Option<PathBuf>, delay: Duration) {
        self.autosave.path = path;
        self.autosave.delay = delay;
        self.recovery = self.autosave.recovered();
    }

    /// Whether an autosave of an earlier session is offered.
    pub fn offers_recovery(&self) -> bool {
        self.recovery.is_some()
    }

    /// Whether the user was asked about unsaved changes on close.
    pub fn asks_before_closing(&self) -> bool {
        self.close_prompt
    }

    /// Whether the user chose to close.
    pub fn close_confirmed(&self) -> bool {
        self.close_confirmed
    }

    /// What the central panel shows.
    pub fn view(&self) -> CentralView {
        self.panels.view
    }

    /// Why the last data load failed, if it did.
    pub fn data_error(&self) -> Option<&str> {
        self.data_error.as_deref()
    }

    /// Whether new data files are being loaded.
    pub fn is_loading_data(&self) -> bool {
        self.data_loading.is_some()
    }

    /// Loads data files in place of the current ones (waits in blocking mode).
    fn start_data_load(&mut self, sources: DataSources, roles: RoleMapping) {
        if self.mode == RunMode::Blocking {
            let result = data_load::load(&sources, roles);
            self.finish_data_load(result);
            return;
        }
        match data_load::spawn_data_loader(sources, roles, self.repaint.clone()) {
            Ok(receiver) => self.data_loading = Some(receiver),
            Err(message) => self.finish_data_load(Err(message)),
        }
    }

    /// Takes the loaded data in, or reports why it failed and keeps the old.
    fn finish_data_load(&mut self, result: Result<Dataset, String>) {
        self.data_loading = None;
        let LoadState::Ready(workspace) = &mut self.state else {
            return;
        };
        match result {
            Ok(data) => {
                self.message = Some(format!(
                    "Loaded {} contacts",
                    super::format::count(data.len())
                ));
                self.data_error = None;
                // Back-tests and the other proposal's figures were of the old data.
                if let Some(running) = self.backtest.running.take() {
                    running.cancel();
                }
                self.backtest.outcome = None;
                self.other_scoring = None;
                workspace.replace_data(data);
                self.request_simulation();
            }
            Err(message) => {
                self.message = Some(message.clone());
                self.data_error = Some(message);
            }
        }
    }

    /// Takes in whatever the background threads finished.
    fn poll(&mut self) {
        if let Some(receiver) = &self.data_loading {
            match receiver.try_recv() {
                Ok(result) => self.finish_data_load(result),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.finish_data_load(Err("loading the data stopped unexpectedly".to_owned()));
                }
            }
        }
        if let Some(outcome) = self.backtest.running.as_ref().and_then(|r| r.try_finish()) {
            self.backtest.outcome = Some(outcome);
            self.backtest.running = None;
        }
        if let LoadState::Loading(receiver) = &self.state {
            match receiver.try_recv() {
                Ok(Ok(session)) => {
                    persistence::remember(&mut self.recent, &session.working_path);
                    self.state = LoadState::Ready(Box::new(Workspace::new(session)));
                    self.request_simulation();
                }
                Ok(Err(message)) => self.state = LoadState::Failed(message),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.state = LoadState::Failed("loading stopped unexpectedly".to_owned());
                }
            }
        }
        if let (Some(receiver), LoadState::Ready(workspace)) =
            (&self.other_scoring, &mut self.state)
        {
            let finished = match receiver.try_recv() {
                Ok(result) => Some(result),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => {
                    Some(Err("scoring the other proposal stopped".to_owned()))
                }
            };
            if let Some(result) = finished {
                if let Some(other) = &mut workspace.other {
                    other.summary = Some(result);
                }
                self.other_scoring = None;
            }
        }
        let (Ok(worker), LoadState::Ready(workspace)) = (&self.worker, &mut self.state) else {
            return;
        };
        loop {
            match worker.try_reply() {
                Ok(Some(reply)) => workspace.receive(reply.generation, reply.result),
                Ok(None) => break,
                Err(message) => {
                    if workspace.is_simulating() {
                        workspace.receive(workspace.generation, Err(message));
                    }
                    break;
                }
            }
        }
    }

    fn apply(&mut self, command: Command) {
        if matches!(self.state, LoadState::Failed(_)) {
            self.apply_before_ready(command);
            return;
        }
        let LoadState::Ready(workspace) = &mut self.state else {
            return;
        };
        match command {
            Command::ToggleInspector => {
                self.panels.inspector.open = !self.panels.inspector.open;
            }
            Command::RunBacktest { kind, horizon_days } => {
                if self.backtest.running.is_some() {
                    return;
                }
                let blocking =
                    self.mode == RunMode::Blocking && self.background_backtests.is_none();
                let repaint = if blocking { None } else { self.repaint.clone() };
                match spawn_backtest(
                    std::sync::Arc::clone(&workspace.data),
                    workspace.working.clone(),
                    workspace.baseline.clone(),
                    kind,
                    horizon_days,
                    repaint,
                    self.background_backtests.unwrap_or_default(),
                ) {
                    Ok(running) if blocking => self.backtest.outcome = Some(running.wait()),
                    Ok(running) => self.backtest.running = Some(running),
                    Err(message) => self.backtest.outcome = Some(Err(message)),
                }
            }
            Command::RestoreAutosave => {
                if let Some(rules) = self.recovery.take() {
                    workspace.restore(rules);
                    self.request_simulation();
                }
            }
            Command::DiscardAutosave => {
                self.recovery = None;
                self.autosave.discard();
            }
            Command::KeepEditing => self.close_prompt = false,
            Command::CloseAnyway { save: true } => match workspace.working_path.clone() {
                Some(path) => self.commands.push(Command::SaveRuleSet(path)),
                None => self.commands.push(Command::SaveRuleSetDialog),
            },
            Command::CloseAnyway { save: false } => {
                self.close_confirmed = true;
                self.close_prompt = false;
                self.autosave.discard();
                if let Some(ctx) = &self.repaint {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Command::OpenOtherDialog => {
                if let Some(path) = files::pick_rule_set_to_open() {
                    self.commands.push(Command::OpenOther(path));
                }
            }
            Command::OpenOther(path) => match files::open_rule_set(&path) {
                Ok(rules) => {
                    let blocking = self.mode == RunMode::Blocking;
                    let repaint = if blocking { None } else { self.repaint.clone() };
                    let scoring = workshop::spawn_scoring(
                        std::sync::Arc::clone(&workspace.data),
                        rules.clone(),
                        repaint,
                    );
                    let mut other = OtherProposal {
                        rules,
                        path,
                        summary: None,
                    };
                    match scoring {
                        Ok(receiver) if blocking => {
                            other.summary = Some(receiver.recv().unwrap_or_else(|_| {
                                Err("scoring the other proposal stopped".to_owned())
                            }));
                        }
                        Ok(receiver) => self.other_scoring = Some(receiver),
                        Err(message) => other.summary = Some(Err(message)),
                    }
                    workspace.other = Some(other);
                    self.panels.view = CentralView::Workshop;
                    self.message = None;
                }
                Err(message) => self.message = Some(message),
            },
            Command::ExportDialog(kind) => {
                if let Some(path) = export::pick_export_path(kind, workspace) {
                    self.commands.push(Command::Export { kind, path });
                }
            }
            Command::Export { kind, path } => {
                self.message = Some(match export::export_to(workspace, kind, &path) {
                    Ok(notice) => notice,
                    Err(message) => message,
                });
            }
            Command::ExportChangesDialog => {
                if let Some(path) = stage_changes::pick_changes_path() {
                    self.commands.push(Command::ExportChanges(path));
                }
            }
            Command::ExportChanges(path) => {
                self.message = Some(match &workspace.simulation {
                    Some(simulation) => {
                        match stage_changes::write_changes(
                            &simulation.comparison,
                            &workspace.data,
                            &path,
                        ) {
                            Ok(notice) | Err(notice) => notice,
                        }
                    }
                    None => "the figures are not ready yet".to_owned(),
                });
            }
            Command::LoadDataDialog => {
                if let Some(sources) = data_load::pick_data_sources() {
                    self.commands.push(Command::LoadData(sources));
                }
            }
            Command::LoadData(sources) => {
                self.start_data_load(sources, RoleMapping::default());
            }
            Command::ReloadWithRoles(roles) => match data_load::sources_of(&workspace.data) {
                Some(sources) => self.start_data_load(sources, *roles),
                None => self.message = Some("the data files are not known".to_owned()),
            },
            Command::CancelBacktest => {
                if let Some(running) = &self.backtest.running {
                    running.cancel();
                }
            }
            Command::OpenRuleSetDialog => {
                if let Some(path) = files::pick_rule_set_to_open() {
                    self.commands.push(Command::OpenRuleSet(path));
                }
            }
            Command::SaveRuleSetDialog => {
                if let Some(path) = files::pick_rule_set_to_save(workspace.working_path.as_deref())
                {
                    self.commands.push(Command::SaveRuleSet(path));
                }
            }
            Command::OpenRuleSet(path) => match files::open_rule_set(&path) {
                Ok(rules) => {
                    persistence::remember(&mut self.recent, &path);
                    workspace.replace_working(rules, path);
                    self.message = None;
                    self.request_simulation();
                }
                Err(message) => self.message = Some(message),
            },
            Command::SaveRuleSet(path) => match files::save_rule_set(&workspace.working, &path) {
                Ok(()) => {
                    self.message = Some(format!("Saved {}", path.display()));
                    persistence::remember(&mut self.recent, &path);
                    workspace.mark_saved(path);
                    if self.close_prompt {
                        self.close_confirmed = true;
                        self.close_prompt = false;
                        if let Some(ctx) = &self.repaint {
                            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                        }
                    }
                }
                Err(message) => self.message = Some(message),
            },
            other => {
                if workspace.apply(&other) {
                    self.request_simulation();
                }
            }
        }
    }

    /// Start-up failed: other data files may be chosen and everything
    /// loaded again with them.
    fn apply_before_ready(&mut self, command: Command) {
        match command {
            Command::LoadDataDialog => {
                if let Some(sources) = data_load::pick_data_sources() {
                    self.commands.push(Command::LoadData(sources));
                }
            }
            Command::LoadData(sources) => {
                let startup = Startup {
                    sources: Some(sources),
                    ..self.startup.clone()
                };
                self.state = match spawn_loader(startup, self.repaint.clone()) {
                    Ok(receiver) => LoadState::Loading(receiver),
                    Err(message) => LoadState::Failed(message),
                };
            }
            _ => {}
        }
    }

    /// Sends the current rule sets to the worker; in blocking mode, waits.
    fn request_simulation(&mut self) {
        let (Ok(worker), LoadState::Ready(workspace)) = (&self.worker, &mut self.state) else {
            return;
        };
        let blocking = self.mode == RunMode::Blocking;
        let job = Job {
            generation: workspace.generation,
            data: std::sync::Arc::clone(&workspace.data),
            proposal: workspace.working.clone(),
            baseline: workspace.baseline.clone(),
            // Waiting below already brings the result in; a wake-up from the
            // worker would only arrive at a random later frame.
            repaint: if blocking { None } else { self.repaint.clone() },
        };
        if let Err(message) = worker.request(job) {
            workspace.receive(workspace.generation, Err(message));
            return;
        }
        if blocking {
            while workspace.is_simulating() {
                match worker.wait_reply(BLOCKING_TIMEOUT) {
                    Ok(reply) => workspace.receive(reply.generation, reply.result),
                    Err(message) => {
                        workspace.receive(workspace.generation, Err(message));
                    }
                }
            }
            // The panels were drawn with the old figures: draw them again.
            if let Some(ctx) = &self.repaint {
                ctx.request_repaint();
            }
        }
    }
}

impl eframe::App for Studio {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        Studio::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, persistence::RECENT_KEY, &self.recent);
    }
}
