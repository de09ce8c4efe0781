//! Volume and conversion against the threshold: what raising or lowering a
//! threshold would do, read off two charts that share the score axis.

use eframe::egui;
use egui_plot::{Line, Plot, PlotPoints, VLine};

use crate::analysis::Sweep;
use crate::model::Stages;

/// Height of each of the two charts, in points.
const CHART_HEIGHT: f32 = 180.0;

/// Contacts at or above each threshold, and their conversion.
pub fn sweep_chart_ui(ui: &mut egui::Ui, sweep: &Sweep, stages: &Stages) {
    let link = ui.scope_id().with("sweep_axis");
    let volume: PlotPoints<'_> = sweep
        .rows
        .iter()
        .map(|row| [row.threshold as f64, row.contacts as f64])
        .collect();
    let conversion: PlotPoints<'_> = sweep
        .rows
        .iter()
        .map(|row| [row.threshold as f64, row.conversion.value * 100.0])
        .collect();
    ui.label("Contacts scoring at or above the threshold");
    threshold_plot("sweep_volume", link, "contacts").show(ui, |plot_ui| {
        plot_ui.line(Line::new("contacts", volume).width(2.0));
        threshold_lines(plot_ui, stages);
    });
    ui.label("Their conversion to won (%)");
    threshold_plot("sweep_conversion", link, "conversion %").show(ui, |plot_ui| {
        plot_ui.line(Line::new("conversion", conversion).width(2.0));
        threshold_lines(plot_ui, stages);
    });
}

fn threshold_plot<'a>(id: &str, link: egui::Id, y_label: &str) -> Plot<'a> {
    Plot::new(id)
        .height(CHART_HEIGHT)
        .link_axis(link, [true, false])
        .y_axis_min_width(super::style::PLOT_Y_AXIS_WIDTH)
        .y_grid_spacer(super::chart_grid::nice_grid)
        .x_axis_label("threshold")
        .y_axis_label(y_label.to_owned())
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
}

fn threshold_lines(plot_ui: &mut egui_plot::PlotUi<'_>, stages: &Stages) {
    plot_ui.vline(
        VLine::new("MQL threshold", stages.mql_threshold as f64)
            .color(super::colors::MQL_LINE)
            .width(2.0),
    );
    plot_ui.vline(
        VLine::new("SQL threshold", stages.sql_threshold as f64)
            .color(super::colors::SQL_LINE)
            .width(2.0),
    );
}
