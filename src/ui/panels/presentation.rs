//! The presentation view, for a room around a projector: a strip of large
//! numbers (volumes per month, conversion, wins and revenue captured, each
//! with its change from the baseline), the threshold controls, and the
//! score chart with its draggable markers and what each marker holds.

use eframe::egui;

use super::thresholds;
use crate::analysis::{Rate, Simulation, SimulationSummary, SweepRow};
use crate::model::{Stage, Stages};
use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::colors;
use crate::ui::widgets::distribution_chart;
use crate::ui::widgets::format;

/// The button that leaves the view.
pub const LEAVE_LABEL: &str = "Leave presentation (Esc)";
/// Size of the big numbers, in points (before zoom).
const BIG_NUMBER_SIZE: f32 = 40.0;
/// Size of the figures' names and changes.
const CAPTION_SIZE: f32 = 19.0;
/// Height kept under the chart for the markers' figures.
const MARKER_LINES_HEIGHT: f32 = 64.0;
/// The chart is never drawn shorter than this.
const MIN_CHART_HEIGHT: f32 = 160.0;

/// One of the large numbers of the strip.
#[derive(Debug, Clone, PartialEq)]
pub struct BigFigure {
    /// What it is: "MQL per month".
    pub label: &'static str,
    /// The number: "115".
    pub value: String,
    /// Under it, smaller: the interval or the share.
    pub detail: String,
    /// The change from the baseline in words: "+12 vs baseline".
    pub change: String,
    /// The change as a number (0 when none), to colour it.
    pub difference: f64,
}

/// The six figures of the strip, from the working rule set's figures and
/// the baseline's; volumes per month when the history's length is known.
pub fn big_figures(
    proposal: &SimulationSummary,
    baseline: &SimulationSummary,
    months: Option<f64>,
) -> Vec<BigFigure> {
    let mut figures = Vec::new();
    for (stage, per_month_label, total_label) in [
        (Stage::Mql, "MQL per month", "MQL (whole history)"),
        (Stage::Sql, "SQL per month", "SQL (whole history)"),
    ] {
        let count = |summary: &SimulationSummary| summary.stage(stage).map_or(0, |s| s.count);
        let (ours, theirs) = (count(proposal) as f64, count(baseline) as f64);
        let (ours, theirs, label) = match months {
            Some(months) => (ours / months, theirs / months, per_month_label),
            None => (ours, theirs, total_label),
        };
        let difference = ours.round() - theirs.round();
        figures.push(BigFigure {
            label,
            value: format::count(ours.round() as usize),
            detail: format!("{} contacts", format::count(count(proposal))),
            change: format!("{} vs baseline", format::signed_count(difference as i64)),
            difference,
        });
    }
    for (stage, label) in [
        (Stage::Mql, "MQL conversion"),
        (Stage::Sql, "SQL conversion"),
    ] {
        let rate = |summary: &SimulationSummary| summary.stage(stage).map(|s| s.conversion);
        figures.push(conversion_figure(
            label,
            rate(proposal).as_ref(),
            rate(baseline).as_ref(),
        ));
    }
    let won_difference = proposal.won_captured as f64 - baseline.won_captured as f64;
    figures.push(BigFigure {
        label: "Wins captured",
        value: format::count(proposal.won_captured),
        detail: format!(
            "{} of {} won",
            format::percent(proposal.capture_rate()),
            format::count(proposal.won)
        ),
        change: format!(
            "{} vs baseline",
            format::signed_count(won_difference as i64)
        ),
        difference: won_difference,
    });
    let revenue_difference = proposal.revenue_captured - baseline.revenue_captured;
    figures.push(BigFigure {
        label: "Revenue captured",
        value: format::compact_money(proposal.revenue_captured),
        detail: format!("of {}", format::compact_money(proposal.revenue)),
        change: format!(
            "{}{} vs baseline",
            if revenue_difference > 0.0 { "+" } else { "" },
            format::compact_money(revenue_difference)
        ),
        difference: revenue_difference,
    });
    figures
}

/// "8.3%", "95%: 7.4–9.4%", "+2.7 pts vs baseline"; a stage nobody is in
/// has no conversion, said as such.
fn conversion_figure(
    label: &'static str,
    proposal: Option<&Rate>,
    baseline: Option<&Rate>,
) -> BigFigure {
    let Some(rate) = proposal.filter(|r| r.n > 0) else {
        return BigFigure {
            label,
            value: "–".to_owned(),
            detail: "nobody in this stage".to_owned(),
            change: String::new(),
            difference: 0.0,
        };
    };
    let (change, difference) = match baseline.filter(|b| b.n > 0) {
        Some(base) => {
            let points = (rate.value - base.value) * 100.0;
            (format!("{points:+.1} pts vs baseline"), points)
        }
        None => ("baseline has nobody here".to_owned(), 0.0),
    };
    BigFigure {
        label,
        value: format::percent(rate.value),
        detail: format!(
            "95%: {}–{} (n={})",
            format::percent(rate.low),
            format::percent(rate.high),
            format::count(rate.n)
        ),
        change,
        difference,
    }
}

/// "MQL at 30: 3,886 contacts score 30 or more (162 a month); 10.5% of
/// them won (95%: 9.6–11.5%)."
pub fn marker_sentence(name: &str, row: &SweepRow) -> String {
    let volume = match row.monthly_volume {
        Some(per_month) => format!(
            " ({} a month)",
            format::count(per_month.round().max(0.0) as usize)
        ),
        None => String::new(),
    };
    let conversion = if row.conversion.n == 0 {
        "nobody scores that high".to_owned()
    } else {
        format!(
            "{} of them won (95%: {}–{})",
            format::percent(row.conversion.value),
            format::percent(row.conversion.low),
            format::percent(row.conversion.high)
        )
    };
    format!(
        "{name} at {}: {} contacts score {} or more{volume}; {conversion}.",
        row.threshold,
        format::count(row.contacts),
        row.threshold
    )
}

/// The whole view; it fills the window and never scrolls at 1280×720.
pub fn presentation_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    threshold_note: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(format!(
                "{}  vs  {}",
                workspace.working.name, workspace.baseline.name
            ))
            .heading()
            .strong(),
        );
        if ui.button(LEAVE_LABEL).clicked() {
            commands.push(Command::TogglePresentation);
        }
        if workspace.is_simulating() {
            ui.spinner();
        }
    });
    let Some(simulation) = &workspace.simulation else {
        ui.label("No figures yet: leave the presentation to see why.");
        return;
    };
    let comparison = &simulation.comparison;
    // Larger on a wider screen: the back row reads the same share of it.
    let scale = (ui.available_width() / 1280.0).clamp(1.0, 1.6);
    let figures = big_figures(
        &comparison.proposal,
        &comparison.baseline,
        simulation.months,
    );
    strip_ui(ui, &figures, scale);
    ui.separator();
    thresholds::thresholds_ui(ui, workspace, threshold_note, commands);
    let stages = &workspace.working.stages;
    let chart_height = (ui.available_height() - MARKER_LINES_HEIGHT * scale).max(MIN_CHART_HEIGHT);
    distribution_chart::distribution_chart_ui(
        ui,
        &simulation.distribution,
        stages,
        chart_height,
        commands,
    );
    marker_lines_ui(ui, simulation, stages, scale);
}

/// The big numbers side by side, each in an equal share of the width.
fn strip_ui(ui: &mut egui::Ui, figures: &[BigFigure], scale: f32) {
    ui.columns(figures.len().max(1), |columns| {
        for (column, figure) in columns.iter_mut().zip(figures) {
            figure_ui(column, figure, scale);
        }
    });
}

fn figure_ui(ui: &mut egui::Ui, figure: &BigFigure, scale: f32) {
    let visuals = ui.visuals().clone();
    let caption = CAPTION_SIZE * scale;
    ui.label(egui::RichText::new(figure.label).size(caption).strong());
    ui.label(
        egui::RichText::new(&figure.value)
            .size(BIG_NUMBER_SIZE * scale)
            .strong(),
    );
    ui.label(egui::RichText::new(&figure.detail).size(caption * 0.85));
    ui.label(
        egui::RichText::new(&figure.change)
            .size(caption)
            .color(colors::of_difference(&visuals, figure.difference, true)),
    );
}

/// What the MQL and SQL markers hold, in the markers' colours.
fn marker_lines_ui(ui: &mut egui::Ui, simulation: &Simulation, stages: &Stages, scale: f32) {
    for (name, threshold, color) in [
        ("MQL", stages.mql_threshold, colors::MQL_LINE),
        ("SQL", stages.sql_threshold, colors::SQL_LINE),
    ] {
        let row = simulation.sweep.at(threshold);
        ui.horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, color);
            let text =
                egui::RichText::new(marker_sentence(name, &row)).size(CAPTION_SIZE * 0.9 * scale);
            ui.label(text);
        });
    }
}
