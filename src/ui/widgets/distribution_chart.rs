//! Score distribution: stacked bars of won and other contacts per bucket,
//! with the thresholds as vertical lines.

use eframe::egui;
use egui_plot::{Bar, BarChart, Legend, Plot, VLine};

use super::colors;
use super::threshold_markers::threshold_markers_ui;
use crate::analysis::ScoreDistribution;
use crate::model::Stages;
use crate::ui::app::command::Command;

/// The chart's accessible name.
pub const CHART_LABEL: &str = "Score distribution chart";

/// Height of the chart in the dashboard, in points.
pub const CHART_HEIGHT: f32 = 280.0;

/// The chart, `height` points tall; dragging a threshold line moves the
/// threshold.
pub fn distribution_chart_ui(
    ui: &mut egui::Ui,
    distribution: &ScoreDistribution,
    stages: &Stages,
    height: f32,
    commands: &mut Vec<Command>,
) {
    let width = distribution.bucket_width as f64;
    let centre = |start: i64| start as f64 + width / 2.0;
    let not_won: Vec<Bar> = distribution
        .buckets
        .iter()
        .map(|b| {
            Bar::new(centre(b.start), b.not_won as f64)
                .width(width * 0.9)
                .fill(colors::NOT_WON)
        })
        .collect();
    let won: Vec<Bar> = distribution
        .buckets
        .iter()
        .map(|b| {
            Bar::new(centre(b.start), b.won as f64)
                .width(width * 0.9)
                .fill(colors::WON)
        })
        .collect();
    let not_won = BarChart::new("Not won", not_won).color(colors::NOT_WON);
    let won = BarChart::new("Won", won)
        .color(colors::WON)
        .stack_on(&[&not_won]);
    let plot = Plot::new("score_distribution")
        .height(height)
        .y_axis_min_width(super::style::PLOT_Y_AXIS_WIDTH)
        .y_grid_spacer(super::chart_grid::nice_grid)
        .include_x(stages.mql_threshold as f64)
        .include_x(stages.sql_threshold as f64)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .legend(Legend::default())
        .x_axis_label("score")
        .y_axis_label("contacts")
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(not_won);
            plot_ui.bar_chart(won);
            plot_ui.vline(
                VLine::new("MQL threshold", stages.mql_threshold as f64)
                    .color(colors::MQL_LINE)
                    .width(2.0),
            );
            plot_ui.vline(
                VLine::new("SQL threshold", stages.sql_threshold as f64)
                    .color(colors::SQL_LINE)
                    .width(2.0),
            );
            if let Some(floor) = stages.disqualify_below {
                plot_ui.vline(
                    VLine::new("Floor", floor as f64)
                        .color(colors::FLOOR_LINE)
                        .width(2.0),
                );
            }
        });
    super::edit::name_widget(ui, &plot.response, CHART_LABEL);
    threshold_markers_ui(ui, &plot.response, &plot.transform, stages, commands);
}
