//! The contacts whose stage differs between baseline and proposal.

use eframe::egui;

use super::format;
use crate::analysis::Comparison;
use crate::data::Dataset;

/// Rows listed; the count above says how many there are in all.
const MAX_ROWS: usize = 200;

/// Contact id, stages and scores under both rule sets.
pub fn stage_changes_ui(ui: &mut egui::Ui, comparison: &Comparison, data: &Dataset) {
    if comparison.changes.is_empty() {
        ui.weak("No contact changes stage.");
        return;
    }
    let shown = comparison.changes.len().min(MAX_ROWS);
    ui.weak(format!(
        "The first {} of {} contacts that change stage:",
        format::count(shown),
        format::count(comparison.changes.len())
    ));
    egui::ScrollArea::vertical()
        .id_salt("stage_changes")
        .max_height(240.0)
        .min_scrolled_height(240.0)
        .show(ui, |ui| {
            egui::Grid::new("stage_changes_grid")
                .striped(true)
                .spacing([24.0, 4.0])
                .show(ui, |ui| {
                    for title in ["Contact", "Baseline", "Score", "Proposal", "Score"] {
                        ui.strong(title);
                    }
                    ui.end_row();
                    for change in comparison.changes.iter().take(MAX_ROWS) {
                        let id = data.ids.get(change.row).map_or("?", String::as_str);
                        ui.label(id);
                        ui.label(change.baseline.label());
                        ui.label(change.baseline_score.to_string());
                        ui.strong(change.proposal.label());
                        ui.label(change.proposal_score.to_string());
                        ui.end_row();
                    }
                });
        });
}
