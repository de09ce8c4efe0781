//! Questions the studio must ask before going on: recover an autosave,
//! save before closing.

use eframe::egui;

use crate::model::RuleSet;
use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;

/// Offers back the rule set autosaved by an earlier session.
pub fn recovery_ui(ui: &egui::Ui, recovered: &RuleSet, commands: &mut Vec<Command>) {
    egui::Modal::new(egui::Id::unique("recovery_prompt")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.heading("Recover unsaved changes?");
        ui.add_space(6.0);
        ui.label(format!(
            "The last session ended with unsaved changes to \"{}\". They were autosaved.",
            recovered.name
        ));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui
                .button("Restore")
                .on_hover_text("Continue with the autosaved rule set (not yet saved to its file)")
                .clicked()
            {
                commands.push(Command::RestoreAutosave);
            }
            if ui.button("Discard").clicked() {
                commands.push(Command::DiscardAutosave);
            }
        });
    });
}

/// Asks whether to save before the window closes.
pub fn close_ui(ui: &egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    egui::Modal::new(egui::Id::unique("close_prompt")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.heading("Save changes before closing?");
        ui.add_space(6.0);
        ui.label(format!(
            "\"{}\" has changes that are not saved to its file.",
            workspace.working.name
        ));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Save and close").clicked() {
                commands.push(Command::CloseAnyway { save: true });
            }
            if ui.button("Close without saving").clicked() {
                commands.push(Command::CloseAnyway { save: false });
            }
            if ui.button("Keep editing").clicked() {
                commands.push(Command::KeepEditing);
            }
        });
    });
}
