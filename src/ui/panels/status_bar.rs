//! The bottom line: what is being computed, and the last message.

use eframe::egui;

use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::format;

/// Data size, a spinner while scoring, and errors or notices.
pub fn status_bar_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    loading_data: bool,
    message: Option<&str>,
) {
    ui.horizontal(|ui| {
        ui.weak(format!(
            "{} contacts · {} won",
            format::count(workspace.data.len()),
            format::count(workspace.won_contacts),
        ))
        .on_hover_text("Won: from the deals, or the outcome column mapped in Data…");
        if workspace.baseline_checked.scorable().is_err() {
            ui.separator();
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "The baseline does not fit this data: figures compare the rule set with itself (Pin as baseline to set one)",
            );
        }
        if let Some(path) = &workspace.working_path {
            ui.separator();
            ui.weak(path.display().to_string());
        }
        if loading_data {
            ui.separator();
            ui.spinner();
            ui.label("Loading the data…");
        }
        if workspace.is_simulating() {
            ui.separator();
            ui.spinner();
            ui.label("Scoring…");
        }
        if let Some(error) = &workspace.simulation_error {
            ui.separator();
            ui.colored_label(ui.visuals().error_fg_color, error.message());
        }
        if let Some(message) = message {
            ui.separator();
            ui.label(message);
        }
    });
}
