//! Fit grade (A–D) × engagement tier (1–3): contacts and conversion per cell.

use eframe::egui;

use crate::analysis::SimulationSummary;
use crate::model::grade_label;
use crate::ui::widgets::format;

/// Row headings, best fit first.
const FIT_GRADES: [&str; 4] = ["A", "B", "C", "D"];

/// The matrix of the proposal, when its rule set defines grades.
pub fn grade_matrix_ui(ui: &mut egui::Ui, summary: &SimulationSummary) {
    let Some(matrix) = &summary.grade_matrix else {
        ui.weak("This rule set defines no grade matrix.");
        return;
    };
    egui::Grid::new("grade_matrix")
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.weak("fit \\ engagement");
            for tier in 1..=3 {
                ui.strong(format!("Tier {tier}"));
            }
            ui.end_row();
            for ((grade, letter), row) in (0u8..).zip(FIT_GRADES).zip(matrix) {
                ui.strong(format!("Fit {letter}"));
                for (tier, cell) in (0u8..).zip(row) {
                    ui.label(format!(
                        "{}: {} · {}",
                        grade_label(grade, tier),
                        format::count(cell.count),
                        format::percent(cell.conversion.value)
                    ))
                    .on_hover_text(cell.conversion.describe());
                }
                ui.end_row();
            }
        });
}
