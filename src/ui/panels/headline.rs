//! The figures people ask for first: won deals captured and missed.

use eframe::egui;

use crate::analysis::{Comparison, SimulationSummary};
use crate::model::Stage;
use crate::ui::widgets::colors;
use crate::ui::widgets::format;

/// Won contacts captured, missed and excluded, with the baseline's.
pub fn headline_ui(ui: &mut egui::Ui, comparison: &Comparison, months: Option<f64>) {
    let proposal = &comparison.proposal;
    let baseline = &comparison.baseline;
    ui.horizontal_wrapped(|ui| {
        figure_ui(
            ui,
            "Won captured",
            proposal.won_captured,
            baseline.won_captured,
            true,
        );
        ui.separator();
        figure_ui(
            ui,
            "Won missed",
            proposal.won_missed,
            baseline.won_missed,
            false,
        );
        ui.separator();
        figure_ui(
            ui,
            "Won excluded",
            proposal.won_excluded,
            baseline.won_excluded,
            false,
        );
    });
    ui.label(summary_sentence(proposal));
    if let Some(months) = months {
        ui.label(monthly_sentence(proposal, months));
    }
}

/// "Per month: 23 SQL and 123 MQL (over 24.0 months of history)."
fn monthly_sentence(summary: &SimulationSummary, months: f64) -> String {
    let per_month = |stage: Stage| {
        let count = summary.stage(stage).map_or(0, |s| s.count);
        format::count((count as f64 / months).round() as usize)
    };
    format!(
        "Per month: {} SQL and {} MQL (over {months:.1} months of history).",
        per_month(Stage::Sql),
        per_month(Stage::Mql)
    )
}

fn figure_ui(
    ui: &mut egui::Ui,
    label: &str,
    proposal: usize,
    baseline: usize,
    higher_is_better: bool,
) {
    ui.vertical(|ui| {
        ui.weak(label);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format::count(proposal))
                    .heading()
                    .strong(),
            );
            let difference = proposal as i64 - baseline as i64;
            let color = colors::of_difference(ui.visuals(), difference as f64, higher_is_better);
            ui.colored_label(
                color,
                format!("{} vs baseline", format::signed_count(difference)),
            );
        });
    });
}

/// "412 of 1,020 won contacts (40.4%) reach MQL or SQL; revenue captured 1,234,567."
fn summary_sentence(summary: &SimulationSummary) -> String {
    format!(
        "{} of {} won contacts ({}) reach MQL or SQL; revenue captured {} of {}.",
        format::count(summary.won_captured),
        format::count(summary.won),
        format::percent(summary.capture_rate()),
        format::money(summary.revenue_captured),
        format::money(summary.revenue),
    )
}
