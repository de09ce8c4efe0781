//! Contacts, conversion and revenue per stage, beside the baseline's.

use eframe::egui;

use super::{colors, format};
use crate::analysis::{Comparison, Rate, StageSummary};
use crate::model::Stage;

/// One row per stage: proposal figures, baseline figures, differences.
pub fn stage_table_ui(ui: &mut egui::Ui, comparison: &Comparison) {
    egui::Grid::new("stage_table")
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            for title in [
                "Stage",
                "Contacts",
                "Share",
                "Conversion (95% interval, n)",
                "Revenue",
                "Baseline contacts",
                "Difference",
                "Baseline conversion",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for stage in Stage::ALL {
                let (Some(proposal), Some(baseline)) = (
                    comparison.proposal.stage(stage),
                    comparison.baseline.stage(stage),
                ) else {
                    continue;
                };
                stage_row_ui(ui, proposal, baseline);
                ui.end_row();
            }
        });
}

fn stage_row_ui(ui: &mut egui::Ui, proposal: &StageSummary, baseline: &StageSummary) {
    ui.strong(proposal.stage.label());
    ui.label(format::count(proposal.count));
    ui.label(format::percent(proposal.share));
    rate_ui(ui, &proposal.conversion);
    ui.label(format::money(proposal.revenue));
    ui.label(format::count(baseline.count));
    let difference = proposal.count as i64 - baseline.count as i64;
    let color = colors::of_difference(
        ui.visuals(),
        difference as f64,
        proposal.stage.is_qualified(),
    );
    ui.colored_label(color, format::signed_count(difference));
    let conversion_difference = proposal.conversion.value - baseline.conversion.value;
    let color = colors::of_difference(ui.visuals(), conversion_difference, true);
    ui.horizontal(|ui| {
        rate_ui(ui, &baseline.conversion);
        if proposal.conversion.n > 0 && baseline.conversion.n > 0 {
            ui.colored_label(
                color,
                format!("({:+.1} pts)", conversion_difference * 100.0),
            );
        }
    });
}

/// A rate with its interval; small samples are shown weak.
fn rate_ui(ui: &mut egui::Ui, rate: &Rate) {
    let text = rate.describe();
    if rate.is_small_sample() {
        ui.weak(text)
            .on_hover_text("Fewer than 30 contacts: do not trust this rate");
    } else {
        ui.label(text);
    }
}
