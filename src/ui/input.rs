//! Keyboard shortcuts and dropped files, turned into commands.

use std::path::PathBuf;

use eframe::egui;
use eframe::egui::{Key, KeyboardShortcut, Modifiers};

use super::command::Command;
use super::startup::is_rule_set_file;

/// Ctrl+Z, Ctrl+Shift+Z, Ctrl+O and Ctrl+S (Cmd on a Mac).
pub fn shortcut_commands(ui: &egui::Ui) -> Vec<Command> {
    let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
    let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
    let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
    let mut commands = Vec::new();
    // The longer shortcut first, or Ctrl+Shift+Z would also undo.
    for (shortcut, command) in [
        (redo, Command::Redo),
        (undo, Command::Undo),
        (open, Command::OpenRuleSetDialog),
        (save, Command::SaveRuleSetDialog),
    ] {
        if ui.input_mut(|i| i.consume_shortcut(&shortcut)) {
            commands.push(command);
        }
    }
    commands
}

/// Rule-set files dropped on the window are opened (the last one wins);
/// anything else is refused with a message.
pub fn dropped_rule_sets(ui: &egui::Ui) -> (Vec<Command>, Option<String>) {
    let dropped: Vec<PathBuf> = ui.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|file| file.path().to_path_buf())
            .collect()
    });
    let mut commands = Vec::new();
    let mut refused = None;
    for path in dropped {
        if is_rule_set_file(&path) {
            commands.push(Command::OpenRuleSet(path));
        } else {
            refused = Some(format!(
                "Only rule sets (.ron, .json) can be dropped here for now: {}",
                path.display()
            ));
        }
    }
    (commands, refused)
}
