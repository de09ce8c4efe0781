//! The ROC, cumulative gains and calibration charts side by side when
//! the width allows, else as many per row as fit.

use eframe::egui;

use crate::analysis::evaluation::{ModelQuality, RankedQuality};
use crate::ui::widgets::quality_charts;

/// Narrowest a chart is drawn; narrower windows stack the charts.
const MIN_CHART_WIDTH: f32 = 300.0;

/// Room between charts side by side.
const CHART_GAP: f32 = 16.0;

/// A chart of the rule set beside the baseline, `width` points wide.
type ChartUi = fn(&mut egui::Ui, f32, &RankedQuality, Option<&RankedQuality>);

/// The three charts side by side when the width allows, else as many per
/// row as fit.
pub(super) fn charts_ui(ui: &mut egui::Ui, quality: &ModelQuality) {
    let width = ui.available_width();
    let per_row = charts_per_row(width);
    let chart_width = ((width - CHART_GAP * (per_row as f32 - 1.0)) / per_row as f32).floor();
    let charts: [ChartUi; 3] = [
        quality_charts::roc_chart_ui,
        quality_charts::gains_chart_ui,
        quality_charts::calibration_chart_ui,
    ];
    for row in charts.chunks(per_row) {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = CHART_GAP;
            for chart in row {
                ui.allocate_ui_with_layout(
                    egui::vec2(chart_width, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_width(chart_width);
                        chart(
                            ui,
                            chart_width,
                            &quality.rule_set,
                            quality.baseline.as_ref(),
                        );
                    },
                );
            }
        });
        ui.add_space(8.0);
    }
}

/// How many charts of at least [`MIN_CHART_WIDTH`] fit in `width` (one to
/// three).
fn charts_per_row(width: f32) -> usize {
    (1..=3)
        .rev()
        .find(|&n| n as f32 * MIN_CHART_WIDTH + (n as f32 - 1.0) * CHART_GAP <= width)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::charts_per_row;

    #[test]
    fn charts_sit_side_by_side_when_wide_and_stack_when_narrow() {
        assert_eq!(charts_per_row(1100.0), 3);
        // The central panel of a 1280×720 window beside the rule list.
        assert_eq!(charts_per_row(627.0), 2);
        assert_eq!(charts_per_row(500.0), 1);
        assert_eq!(charts_per_row(100.0), 1);
    }
}
