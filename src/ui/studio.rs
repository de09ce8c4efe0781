//! The studio: loading, the panels, and the commands they push, applied
//! once per frame.

use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui;

use super::command::Command;
use super::inspector::Inspector;
use super::startup::{Session, Startup};
use super::worker::{Job, SimulationWorker, spawn_loader};
use super::workspace::Workspace;
use super::{files, input, layout, loading};

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
    /// The contact inspector's search.
    inspector: Inspector,
}

impl Studio {
    /// Starts loading in the background; a spinner shows until it is done.
    pub fn new(startup: Startup, ctx: &egui::Context) -> Self {
        let state = match spawn_loader(startup, Some(ctx.clone())) {
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
            inspector: Inspector::default(),
        }
    }

    /// Loads and simulates before returning, and finishes every later
    /// simulation within the frame that asked for it: for tests.
    pub fn new_blocking(startup: &Startup) -> Result<Self, String> {
        let session = startup.load()?;
        let mut studio = Studio {
            state: LoadState::Ready(Box::new(Workspace::new(session))),
            worker: SimulationWorker::spawn(),
            mode: RunMode::Blocking,
            commands: Vec::new(),
            message: None,
            repaint: None,
            title: APP_NAME.to_owned(),
            inspector: Inspector::default(),
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
        let (opened, refused) = input::dropped_rule_sets(ui);
        self.commands.extend(opened);
        if let Some(message) = refused {
            self.message = Some(message);
        }
        self.update_title(ui);
        let mut commands = std::mem::take(&mut self.commands);
        match &self.state {
            LoadState::Loading(_) => loading::loading_ui(ui),
            LoadState::Failed(message) => loading::failed_ui(ui, message),
            LoadState::Ready(workspace) => {
                let view = layout::WorkspaceView {
                    workspace,
                    message: self.message.as_deref(),
                };
                layout::workspace_ui(ui, &view, &mut self.inspector, &mut commands);
            }
        }
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

    /// Takes in whatever the background threads finished.
    fn poll(&mut self) {
        if let LoadState::Loading(receiver) = &self.state {
            match receiver.try_recv() {
                Ok(Ok(session)) => {
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
        let LoadState::Ready(workspace) = &mut self.state else {
            return;
        };
        match command {
            Command::ToggleInspector => self.inspector.open = !self.inspector.open,
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
                    workspace.replace_working(rules, path);
                    self.message = None;
                    self.request_simulation();
                }
                Err(message) => self.message = Some(message),
            },
            Command::SaveRuleSet(path) => match files::save_rule_set(&workspace.working, &path) {
                Ok(()) => {
                    self.message = Some(format!("Saved {}", path.display()));
                    workspace.mark_saved(path);
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
}
