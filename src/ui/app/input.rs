//! Keyboard shortcuts and dropped files, turned into commands.

use std::path::PathBuf;

use eframe::egui;
use eframe::egui::{Key, KeyboardShortcut, Modifiers};

use super::command::Command;
use super::data_load::is_data_file;
use super::dialogs::FilePurpose;
use super::startup::is_rule_set_file;

/// Ctrl+Z, Ctrl+Shift+Z, Ctrl+O and Ctrl+S (Cmd on a Mac); F5 enters or
/// leaves the presentation view, Escape leaves it.
pub fn shortcut_commands(ui: &egui::Ui, presenting: bool) -> Vec<Command> {
    let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
    let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
    let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
    let mut commands = Vec::new();
    let present = KeyboardShortcut::new(Modifiers::NONE, Key::F5);
    let leave = KeyboardShortcut::new(Modifiers::NONE, Key::Escape);
    if ui.input_mut(|i| i.consume_shortcut(&present))
        || (presenting && ui.input_mut(|i| i.consume_shortcut(&leave)))
    {
        commands.push(Command::TogglePresentation);
    }
    // The longer shortcut first, or Ctrl+Shift+Z would also undo.
    for (shortcut, command) in [
        (redo, Command::Redo),
        (undo, Command::Undo),
        (open, Command::AskFile(FilePurpose::OpenRuleSet)),
        (save, Command::AskFile(FilePurpose::SaveRuleSet)),
    ] {
        if ui.input_mut(|i| i.consume_shortcut(&shortcut)) {
            commands.push(command);
        }
    }
    commands
}

/// What was dropped on the window.
#[derive(Debug, Default)]
pub struct Dropped {
    /// Rule sets to open (the last one wins).
    pub commands: Vec<Command>,
    /// Data tables (.csv, .parquet) to load.
    pub data_files: Vec<PathBuf>,
    /// Why a file was refused.
    pub refused: Option<String>,
}

/// Rule-set files dropped on the window are opened, data tables loaded;
/// anything else is refused with a message.
pub fn dropped_files(ui: &egui::Ui) -> Dropped {
    let paths: Vec<PathBuf> = ui.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|file| file.path().to_path_buf())
            .collect()
    });
    let mut dropped = Dropped::default();
    for path in paths {
        if crate::project::is_project_file(&path) {
            dropped.commands.push(Command::OpenProject(path));
        } else if is_rule_set_file(&path) {
            dropped.commands.push(Command::OpenRuleSet(path));
        } else if is_data_file(&path) {
            dropped.data_files.push(path);
        } else {
            dropped.refused = Some(format!(
                "Only projects (.lsproj), rule sets (.ron, .json) and tables (.csv, .parquet) can be dropped here: {}",
                path.display()
            ));
        }
    }
    dropped
}
