//! What shows before the workspace is ready.

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::dialogs::FilePurpose;
use crate::ui::app::error::AppError;

/// A spinner while the data loads.
pub fn loading_ui(ui: &mut egui::Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.centered_and_justified(|ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading the data…");
            });
        });
    });
}

/// Why the data could not be loaded, and a way to choose other files.
pub fn failed_ui(ui: &mut egui::Ui, error: &AppError, commands: &mut Vec<Command>) {
    let message = error.message();
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("The data could not be loaded");
        ui.colored_label(ui.visuals().error_fg_color, &message);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .button("Open your data…")
                .on_hover_text("Choose the files and which column is which")
                .clicked()
            {
                commands.push(Command::OpenImport);
            }
            if ui.button("Open project…").clicked() {
                commands.push(Command::AskFile(FilePurpose::OpenProject));
            }
        });
    });
}
