//! The stage funnel: contacts per stage under the proposal beside the
//! baseline, as grouped bars.

use eframe::egui;
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::colors;
use crate::analysis::Comparison;
use crate::model::Stage;

/// Height of the chart, in points.
const CHART_HEIGHT: f32 = 220.0;
/// Width of one bar; the two of a stage sit side by side.
const BAR_WIDTH: f64 = 0.38;

/// One stage of the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunnelStep {
    /// The stage.
    pub stage: Stage,
    /// Contacts in it under the baseline.
    pub baseline: usize,
    /// Contacts in it under the proposal.
    pub proposal: usize,
}

/// Contacts per stage under both rule sets, from SQL down to Excluded:
/// every stage that holds contacts under either, and no empty slot.
pub fn stage_funnel(comparison: &Comparison) -> Vec<FunnelStep> {
    let count = |summary: &crate::analysis::SimulationSummary, stage| {
        summary.stage(stage).map_or(0, |s| s.count)
    };
    Stage::ALL
        .iter()
        .map(|&stage| FunnelStep {
            stage,
            baseline: count(&comparison.baseline, stage),
            proposal: count(&comparison.proposal, stage),
        })
        .filter(|step| step.baseline > 0 || step.proposal > 0)
        .collect()
}

/// The chart: a pair of bars per stage.
pub fn funnel_chart_ui(ui: &mut egui::Ui, steps: &[FunnelStep]) {
    let bars = |offset: f64, value: fn(&FunnelStep) -> usize, color| {
        steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                Bar::new(i as f64 + offset, value(step) as f64)
                    .width(BAR_WIDTH)
                    .fill(color)
                    .name(step.stage.label())
            })
            .collect::<Vec<_>>()
    };
    let baseline = BarChart::new(
        "Baseline",
        bars(-BAR_WIDTH / 2.0, |s| s.baseline, colors::BASELINE),
    )
    .color(colors::BASELINE);
    let proposal = BarChart::new(
        "Proposal",
        bars(BAR_WIDTH / 2.0, |s| s.proposal, colors::PROPOSAL),
    )
    .color(colors::PROPOSAL);
    let labels: Vec<&'static str> = steps.iter().map(|s| s.stage.label()).collect();
    Plot::new("stage_funnel")
        .height(CHART_HEIGHT)
        .y_axis_min_width(super::style::PLOT_Y_AXIS_WIDTH)
        .y_grid_spacer(super::chart_grid::nice_grid)
        .x_axis_formatter(move |mark, _range| {
            let index = mark.value.round();
            if (mark.value - index).abs() > f64::EPSILON || index < 0.0 {
                return String::new();
            }
            labels
                .get(index as usize)
                .map_or_else(String::new, |label| (*label).to_owned())
        })
        .include_y(0.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .allow_scroll(false)
        .legend(Legend::default())
        .y_axis_label("contacts")
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(baseline);
            plot_ui.bar_chart(proposal);
        });
}
