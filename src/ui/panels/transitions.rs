//! Baseline stage → proposed stage, as a matrix of contact counts.

use eframe::egui;

use crate::analysis::Comparison;
use crate::model::Stage;
use crate::ui::widgets::format;

/// Rows: baseline stage; columns: proposed stage; diagonal: unchanged.
pub fn transitions_ui(ui: &mut egui::Ui, comparison: &Comparison) {
    ui.label(format!(
        "{} contacts change stage.",
        format::count(comparison.changes.len())
    ));
    egui::Grid::new("transition_matrix")
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.weak("baseline \\ proposal");
            for stage in Stage::ALL {
                ui.strong(stage.label());
            }
            ui.end_row();
            for (from_index, from) in Stage::ALL.iter().enumerate() {
                ui.strong(from.label());
                for to_index in 0..Stage::ALL.len() {
                    let count = comparison
                        .transition
                        .get(from_index)
                        .and_then(|row| row.get(to_index))
                        .copied()
                        .unwrap_or(0);
                    let text = format::count(count);
                    if from_index == to_index {
                        ui.weak(text);
                    } else {
                        ui.label(text);
                    }
                }
                ui.end_row();
            }
        });
}
