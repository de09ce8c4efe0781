//! Contacts, conversion and revenue per stage; under each stage, the
//! baseline's figures with the differences coloured.

use eframe::egui;

use crate::analysis::{Comparison, Rate, SimulationSummary, StageSummary};
use crate::model::Stage;
use crate::ui::widgets::colors;
use crate::ui::widgets::format;

/// Two rows per stage: the proposal, then the baseline and the difference.
pub fn stage_table_ui(ui: &mut egui::Ui, comparison: &Comparison) {
    summaries_table_ui(
        ui,
        "stage_table",
        &comparison.proposal,
        Some(&comparison.baseline),
    );
}

/// The stages of one rule set, each with the baseline's figures below it
/// when there is a baseline.
pub fn summaries_table_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    proposal: &SimulationSummary,
    baseline: Option<&SimulationSummary>,
) {
    egui::Grid::new(id_salt)
        .spacing([28.0, 4.0])
        .show(ui, |ui| {
            for title in [
                "Stage",
                "Contacts",
                "Share",
                "Conversion to won (95% interval, n)",
                "Revenue",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for stage in Stage::ALL {
                let Some(figures) = proposal.stage(stage) else {
                    continue;
                };
                proposal_row_ui(ui, figures);
                ui.end_row();
                if let Some(base) = baseline.and_then(|b| b.stage(stage)) {
                    baseline_row_ui(ui, figures, base);
                    ui.end_row();
                }
            }
        });
}

fn proposal_row_ui(ui: &mut egui::Ui, proposal: &StageSummary) {
    ui.strong(proposal.stage.label());
    ui.strong(format::count(proposal.count));
    ui.label(format::percent(proposal.share));
    rate_ui(ui, &proposal.conversion);
    ui.label(format::money(proposal.revenue));
}

/// "baseline 715 (−159)": more contacts is better for MQL and SQL only.
fn baseline_row_ui(ui: &mut egui::Ui, proposal: &StageSummary, baseline: &StageSummary) {
    let visuals = ui.visuals().clone();
    ui.weak("  baseline");
    ui.horizontal(|ui| {
        ui.weak(format::count(baseline.count));
        let difference = proposal.count as i64 - baseline.count as i64;
        let color =
            colors::of_difference(&visuals, difference as f64, proposal.stage.is_qualified());
        ui.colored_label(color, format::signed_count(difference));
    });
    ui.weak(format::percent(baseline.share));
    ui.horizontal(|ui| {
        ui.weak(baseline.conversion.describe());
        if proposal.conversion.n > 0 && baseline.conversion.n > 0 {
            let difference = proposal.conversion.value - baseline.conversion.value;
            let color = colors::of_difference(&visuals, difference, true);
            ui.colored_label(color, format!("{:+.1} pts", difference * 100.0));
        }
    });
    ui.horizontal(|ui| {
        ui.weak(format::money(baseline.revenue));
        let difference = proposal.revenue - baseline.revenue;
        let color = colors::of_difference(&visuals, difference, proposal.stage.is_qualified());
        let sign = if difference > 0.0 { "+" } else { "" };
        ui.colored_label(color, format!("{sign}{}", format::money(difference)));
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
