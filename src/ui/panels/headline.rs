//! The figures people ask for first: MQL and SQL per month, won deals
//! captured and missed.

use eframe::egui;

use crate::analysis::{Comparison, SimulationSummary};
use crate::model::Stage;
use crate::ui::widgets::colors;
use crate::ui::widgets::format;

/// Width one figure takes, in points, to decide how many share a row.
const FIGURE_WIDTH: f32 = 128.0;

/// MQL and SQL per month (the numbers an SLA is about), then won contacts
/// captured, missed and excluded, each with its change from the baseline.
/// As many per row as fit (zoomed in, or beside the inspector, they take
/// two rows rather than squeezing a label).
pub fn headline_ui(ui: &mut egui::Ui, comparison: &Comparison, months: Option<f64>) {
    let proposal = &comparison.proposal;
    let baseline = &comparison.baseline;
    let mut figures = Vec::new();
    for stage in [Stage::Mql, Stage::Sql] {
        let (label, ours, theirs) = volume(proposal, baseline, stage, months);
        figures.push((label, ours, theirs, true));
    }
    figures.extend([
        (
            "Won captured",
            proposal.won_captured,
            baseline.won_captured,
            true,
        ),
        (
            "Won missed",
            proposal.won_missed,
            baseline.won_missed,
            false,
        ),
        (
            "Won excluded",
            proposal.won_excluded,
            baseline.won_excluded,
            false,
        ),
    ]);
    let per_row = ((ui.available_width() / FIGURE_WIDTH).floor() as usize).max(1);
    for row in figures.chunks(per_row) {
        ui.horizontal(|ui| {
            for (index, &(label, ours, theirs, higher_is_better)) in row.iter().enumerate() {
                if index > 0 {
                    ui.separator();
                }
                figure_ui(ui, label, ours, theirs, higher_is_better);
            }
        });
    }
    ui.label(summary_sentence(proposal, months));
}

/// "MQL per month" with both rule sets' volumes, per month when the
/// history's length is known and over the whole history otherwise.
fn volume(
    proposal: &SimulationSummary,
    baseline: &SimulationSummary,
    stage: Stage,
    months: Option<f64>,
) -> (&'static str, usize, usize) {
    let count = |summary: &SimulationSummary| summary.stage(stage).map_or(0, |s| s.count);
    let per_month = |n: usize| match months {
        Some(months) => (n as f64 / months).round() as usize,
        None => n,
    };
    let label = match (stage, months.is_some()) {
        (Stage::Sql, true) => "SQL per month",
        (Stage::Sql, false) => "SQL contacts",
        (_, true) => "MQL per month",
        (_, false) => "MQL contacts",
    };
    (
        label,
        per_month(count(proposal)),
        per_month(count(baseline)),
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
        ui.label(label);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format::count(proposal))
                    .heading()
                    .strong(),
            );
            let difference = proposal as i64 - baseline as i64;
            let color = colors::of_difference(ui.visuals(), difference as f64, higher_is_better);
            let change = if difference == 0 {
                "=".to_owned()
            } else {
                format::signed_count(difference)
            };
            ui.colored_label(color, change).on_hover_text(format!(
                "Baseline: {}; the difference is coloured by whether it is better",
                format::count(baseline)
            ));
        });
    });
}

/// "412 of 1,020 won contacts (40.4%) reach MQL or SQL; revenue captured
/// 1,234,567 of 2,000,000. Over 24.0 months of history." Revenue is left
/// out when the data has none.
fn summary_sentence(summary: &SimulationSummary, months: Option<f64>) -> String {
    let mut sentence = format!(
        "{} of {} won contacts ({}) reach MQL or SQL",
        format::count(summary.won_captured),
        format::count(summary.won),
        format::percent(summary.capture_rate()),
    );
    if summary.revenue > 0.0 {
        sentence.push_str(&format!(
            "; revenue captured {} of {}",
            format::money(summary.revenue_captured),
            format::money(summary.revenue),
        ));
    }
    sentence.push('.');
    if let Some(months) = months {
        sentence.push_str(&format!(" Over {months:.1} months of history."));
    }
    sentence
}
