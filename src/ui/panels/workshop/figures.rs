//! Headline figures of the baseline, ours and theirs side by side; ours
//! and theirs coloured by whether they beat the baseline.

use eframe::egui;

use crate::analysis::SimulationSummary;
use crate::model::Stage;
use crate::ui::app::other_proposal::OtherProposal;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::{colors, format};

/// One row: its label, the figure, how it is written, whether more is better.
struct Figure {
    label: &'static str,
    value: fn(&SimulationSummary) -> f64,
    text: fn(f64) -> String,
    difference: fn(f64) -> String,
    higher_is_better: bool,
}

fn stage_count(summary: &SimulationSummary, stage: Stage) -> f64 {
    summary.stage(stage).map_or(0, |s| s.count) as f64
}

fn whole(value: f64) -> String {
    format::count(value.max(0.0) as usize)
}

fn signed_whole(value: f64) -> String {
    format::signed_count(value as i64)
}

const FIGURES: [Figure; 6] = [
    Figure {
        label: "SQL contacts",
        value: |s| stage_count(s, Stage::Sql),
        text: whole,
        difference: signed_whole,
        higher_is_better: true,
    },
    Figure {
        label: "MQL contacts",
        value: |s| stage_count(s, Stage::Mql),
        text: whole,
        difference: signed_whole,
        higher_is_better: true,
    },
    Figure {
        label: "Conversion of MQL and SQL",
        value: |s| s.qualified_conversion.value,
        text: format::percent,
        difference: |d| format!("{:+.1} pts", d * 100.0),
        higher_is_better: true,
    },
    Figure {
        label: "Won captured",
        value: |s| s.won_captured as f64,
        text: whole,
        difference: signed_whole,
        higher_is_better: true,
    },
    Figure {
        label: "Won missed",
        value: |s| s.won_missed as f64,
        text: whole,
        difference: signed_whole,
        higher_is_better: false,
    },
    Figure {
        label: "Revenue captured",
        value: |s| s.revenue_captured,
        text: format::compact_money,
        difference: |d| {
            let sign = if d > 0.0 { "+" } else { "" };
            format!("{sign}{}", format::compact_money(d))
        },
        higher_is_better: true,
    },
];

/// The table: a row per figure, a column per rule set.
pub fn figures_ui(ui: &mut egui::Ui, workspace: &Workspace, other: &OtherProposal) {
    let Some(simulation) = &workspace.simulation else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Scoring the working rule set...");
        });
        return;
    };
    let baseline = &simulation.comparison.baseline;
    let ours = &simulation.comparison.proposal;
    let theirs = match &other.summary {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Scoring the other proposal...");
            });
            None
        }
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message.message());
            None
        }
        Some(Ok(summary)) => Some(summary),
    };
    // Data without amounts would show a row of zeros.
    let has_revenue = baseline.revenue > 0.0;
    ui.label(format!("Baseline: {}", workspace.baseline.name));
    // Narrow columns (names wrapped, differences under the figures) so the
    // four fit beside the rule list at 1280 points.
    let column_width = (ui.available_width() / 4.5).max(90.0);
    egui::Grid::new("workshop_figures")
        .striped(true)
        .spacing([16.0, 6.0])
        .max_col_width(column_width)
        .show(ui, |ui| {
            ui.label("");
            for name in ["Baseline", &workspace.working.name, &other.rules.name] {
                ui.add(egui::Label::new(egui::RichText::new(name).strong()).wrap());
            }
            ui.end_row();
            for figure in FIGURES
                .iter()
                .filter(|f| has_revenue || f.label != "Revenue captured")
            {
                ui.label(figure.label);
                ui.label((figure.text)((figure.value)(baseline)));
                compared_ui(ui, figure, Some(ours), baseline);
                compared_ui(ui, figure, theirs, baseline);
                ui.end_row();
            }
        });
}

/// "1,234  +56", the difference coloured against the baseline.
fn compared_ui(
    ui: &mut egui::Ui,
    figure: &Figure,
    summary: Option<&SimulationSummary>,
    baseline: &SimulationSummary,
) {
    let Some(summary) = summary else {
        ui.weak("–");
        return;
    };
    let value = (figure.value)(summary);
    let difference = value - (figure.value)(baseline);
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new((figure.text)(value)).strong());
        let color = colors::of_difference(ui.visuals(), difference, figure.higher_is_better);
        ui.colored_label(color, (figure.difference)(difference));
    });
}
