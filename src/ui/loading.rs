//! What shows before the workspace is ready.

use eframe::egui;

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

/// Why the data could not be loaded.
pub fn failed_ui(ui: &mut egui::Ui, message: &str) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("The data could not be loaded");
        ui.colored_label(ui.visuals().error_fg_color, message);
    });
}
