//! The studio: loading, the panels, and the commands they push, applied
//! once per frame.

use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui;

use super::command::Command;
use super::startup::{Session, Startup};
use super::worker::{Job, SimulationWorker, spawn_loader};
use super::workspace::Workspace;
use super::{dashboard, files, loading, rule_list, status_bar, toolbar};

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
        self.shortcuts(ui);
        let mut commands = std::mem::take(&mut self.commands);
        match &self.state {
            LoadState::Loading(_) => loading::loading_ui(ui),
            LoadState::Failed(message) => loading::failed_ui(ui, message),
            LoadState::Ready(workspace) => {
                workspace_ui(ui, workspace, self.message.as_deref(), &mut commands);
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
        for command in commands {
            self.apply(command);
        }
    }

    fn shortcuts(&mut self, ui: &egui::Ui) {
        use eframe::egui::{Key, KeyboardShortcut, Modifiers};
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        // The longer shortcut first, or Ctrl+Shift+Z would also undo.
        for (shortcut, command) in [
            (redo, Command::Redo),
            (undo, Command::Undo),
            (open, Command::OpenRuleSetDialog),
            (save, Command::SaveRuleSetDialog),
        ] {
            if ui.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(command);
            }
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
                    workspace.working_path = Some(path);
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

fn workspace_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    message: Option<&str>,
    commands: &mut Vec<Command>,
) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        toolbar::toolbar_ui(ui, workspace, commands);
    });
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        status_bar::status_bar_ui(ui, workspace, message);
    });
    egui::Panel::left("rule_list")
        .resizable(true)
        .default_size(470.0)
        .show(ui, |ui| {
            rule_list::rule_list_ui(ui, workspace, commands);
        });
    egui::CentralPanel::default().show(ui, |ui| {
        dashboard::dashboard_ui(ui, workspace, commands);
    });
}
