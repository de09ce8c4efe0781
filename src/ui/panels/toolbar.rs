//! The top bar: file and history buttons, then the thresholds.

use std::path::PathBuf;

use eframe::egui;

use super::thresholds;
use crate::export::ExportKind;
use crate::ui::app::command::Command;
use crate::ui::app::dialogs::FilePurpose;
use crate::ui::app::workspace::Workspace;

/// File, baseline and history buttons, and the threshold sliders.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    recent: &[PathBuf],
    commands: &mut Vec<Command>,
) {
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
            commands.push(Command::AskFile(FilePurpose::OpenRuleSet));
        }
        if ui
            .button("Save…")
            .on_hover_text("Save the working rule set (Ctrl+S)")
            .clicked()
        {
            commands.push(Command::AskFile(FilePurpose::SaveRuleSet));
        }
        if ui
            .button("Data…")
            .on_hover_text(
                "Open your CRM export: contacts, deals and events (or drop the files here)",
            )
            .clicked()
        {
            commands.push(Command::OpenImport);
        }
        ui.menu_button("Project", |ui| {
            if ui.button("Open project…").clicked() {
                commands.push(Command::AskFile(FilePurpose::OpenProject));
                ui.close();
            }
            if ui
                .button("Save project…")
                .on_hover_text("The data files, their roles and the three rule sets, in one file")
                .clicked()
            {
                commands.push(Command::AskFile(FilePurpose::SaveProject));
                ui.close();
            }
        });
        menus_ui(ui, recent, commands);
        ui.separator();
        history_ui(ui, workspace, commands);
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

/// The Recent and Export menus.
fn menus_ui(ui: &mut egui::Ui, recent: &[PathBuf], commands: &mut Vec<Command>) {
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Recent", |ui| {
            for path in recent {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if ui
                    .button(name)
                    .on_hover_text(path.display().to_string())
                    .clicked()
                {
                    commands.push(Command::OpenRuleSet(path.clone()));
                    ui.close();
                }
            }
        });
    });
    ui.menu_button("Export", |ui| {
        for kind in ExportKind::ALL {
            if ui.button(kind.label()).clicked() {
                commands.push(Command::AskFile(FilePurpose::Export(kind)));
                ui.close();
            }
        }
    })
    .response
    .on_hover_text("Export the rule set, its SQL or its SLA summary");
}

/// Undo and redo.
fn history_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
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
}
