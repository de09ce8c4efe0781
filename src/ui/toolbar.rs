//! The top bar: file and history buttons, then the thresholds.

use eframe::egui;

use super::command::Command;
use super::thresholds;
use super::workspace::Workspace;

/// File, baseline and history buttons, and the threshold sliders.
pub fn toolbar_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.strong(&workspace.working.name);
        if workspace.has_unsaved_changes() {
            ui.weak("(unsaved)")
                .on_hover_text("The rule set differs from its file; Save… keeps it");
        }
        ui.weak(format!("vs baseline: {}", workspace.baseline.name));
        ui.separator();
        if ui
            .button("Open…")
            .on_hover_text("Open a rule set (Ctrl+O)")
            .clicked()
        {
            commands.push(Command::OpenRuleSetDialog);
        }
        if ui
            .button("Save…")
            .on_hover_text("Save the working rule set (Ctrl+S)")
            .clicked()
        {
            commands.push(Command::SaveRuleSetDialog);
        }
        ui.separator();
        let undo = ui
            .add_enabled(workspace.history.can_undo(), egui::Button::new("Undo"))
            .on_hover_text("Undo the last change (Ctrl+Z)");
        if undo.clicked() {
            commands.push(Command::Undo);
        }
        let redo = ui
            .add_enabled(workspace.history.can_redo(), egui::Button::new("Redo"))
            .on_hover_text("Redo (Ctrl+Shift+Z)");
        if redo.clicked() {
            commands.push(Command::Redo);
        }
        ui.separator();
        if ui
            .button("Test a contact")
            .on_hover_text("See one contact's score rule by rule")
            .clicked()
        {
            commands.push(Command::ToggleInspector);
        }
        if ui
            .button("Pin as baseline")
            .on_hover_text("Compare every later change with the rule set as it is now")
            .clicked()
        {
            commands.push(Command::PinBaseline);
        }
    });
    ui.add_space(2.0);
    thresholds::thresholds_ui(ui, workspace, commands);
    ui.add_space(4.0);
}
