//! Volume and conversion against the threshold: what raising or lowering a
//! threshold would do, read off two charts that share the score axis. The
//! conversion carries its 95% interval and is drawn only where enough
//! contacts score at or above the threshold to say something.

use eframe::egui;
use egui_plot::{FilledArea, Line, Plot, PlotPoints};

use super::chart_grid;
use super::threshold_markers::{name_chart, threshold_lines};
use crate::analysis::{SMALL_SAMPLE, Sweep};
use crate::model::Stages;

/// Height of each of the two charts, in points.
const CHART_HEIGHT: f32 = 180.0;

/// The accessible name of the volume chart.
pub const VOLUME_CHART_LABEL: &str = "Contacts at or above the threshold chart";

/// The accessible name of the conversion chart.
pub const CONVERSION_CHART_LABEL: &str = "Conversion against the threshold chart";

/// The conversion of the contacts at or above each threshold, in
/// ascending threshold order, where at least [`SMALL_SAMPLE`] contacts are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConversionCurve {
    /// The thresholds drawn.
    pub thresholds: Vec<f64>,
    /// Conversion at each, in percent.
    pub percent: Vec<f64>,
    /// Lower bound of the 95% interval, in percent.
    pub low_percent: Vec<f64>,
    /// Upper bound of the 95% interval, in percent.
    pub high_percent: Vec<f64>,
    /// The highest threshold drawn, when higher ones were left out for
    /// having too few contacts.
    pub hidden_above: Option<i64>,
}

/// The curve of a sweep (whose rows come highest threshold first).
pub fn conversion_curve(sweep: &Sweep) -> ConversionCurve {
    let mut curve = ConversionCurve::default();
    let mut left_out = false;
    for row in sweep.rows.iter().rev() {
        if row.conversion.n < SMALL_SAMPLE {
            left_out = true;
            continue;
        }
        curve.thresholds.push(row.threshold as f64);
        curve.percent.push(row.conversion.value * 100.0);
        curve.low_percent.push(row.conversion.low * 100.0);
        curve.high_percent.push(row.conversion.high * 100.0);
    }
    if left_out {
        curve.hidden_above = curve.thresholds.last().map(|&t| t as i64);
    }
    curve
}

/// What the conversion chart leaves out, in a sentence under its title.
pub fn conversion_caption(curve: &ConversionCurve) -> String {
    let band = "Shaded: 95% interval.";
    match (curve.thresholds.is_empty(), curve.hidden_above) {
        (true, _) => format!(
            "Fewer than {SMALL_SAMPLE} contacts at every threshold: too few to draw a conversion."
        ),
        (false, Some(top)) => format!(
            "{band} Not drawn above {top}: fewer than {SMALL_SAMPLE} contacts score that high."
        ),
        (false, None) => band.to_owned(),
    }
}

/// Contacts at or above each threshold, and their conversion.
pub fn sweep_chart_ui(ui: &mut egui::Ui, sweep: &Sweep, stages: &Stages) {
    let score_range = threshold_range(sweep);
    let volume: PlotPoints<'_> = sweep
        .rows
        .iter()
        .rev()
        .map(|row| [row.threshold as f64, row.contacts as f64])
        .collect();
    let most_contacts = sweep.rows.iter().map(|r| r.contacts).max().unwrap_or(0) as f64;
    ui.label("Contacts scoring at or above the threshold");
    let plot = threshold_plot("sweep_volume", score_range, "contacts").show(ui, |plot_ui| {
        plot_ui.line(Line::new("", volume).width(2.5));
        threshold_lines(plot_ui, stages, Some(most_contacts));
    });
    name_chart(ui, &plot.response, VOLUME_CHART_LABEL, stages);
    let curve = conversion_curve(sweep);
    ui.label("Their conversion to won (%)");
    ui.label(conversion_caption(&curve));
    let top_percent = curve.high_percent.iter().copied().fold(0.0, f64::max);
    let plot = threshold_plot("sweep_conversion", score_range, "conversion %")
        .include_y(0.0)
        .show(ui, |plot_ui| {
            conversion_ui(plot_ui, &curve);
            threshold_lines(plot_ui, stages, Some(top_percent));
        });
    name_chart(ui, &plot.response, CONVERSION_CHART_LABEL, stages);
}

fn conversion_ui(plot_ui: &mut egui_plot::PlotUi<'_>, curve: &ConversionCurve) {
    if curve.thresholds.is_empty() {
        return;
    }
    let line_color = super::colors::SQL_LINE;
    plot_ui.add(
        FilledArea::new(
            "",
            &curve.thresholds,
            &curve.low_percent,
            &curve.high_percent,
        )
        .fill_color(line_color.gamma_multiply(0.25)),
    );
    let points: PlotPoints<'_> = curve
        .thresholds
        .iter()
        .zip(&curve.percent)
        .map(|(&x, &y)| [x, y])
        .collect();
    plot_ui.line(Line::new("", points).color(line_color).width(2.5));
}

/// The lowest and highest threshold of the sweep, so that both charts
/// span the same scores.
fn threshold_range(sweep: &Sweep) -> (f64, f64) {
    let thresholds = sweep.rows.iter().map(|r| r.threshold);
    let low = thresholds.clone().min().unwrap_or(0);
    let high = thresholds.max().unwrap_or(0);
    (low as f64, high as f64)
}

fn threshold_plot<'a>(id: &str, score_range: (f64, f64), y_label: &str) -> Plot<'a> {
    Plot::new(id)
        .height(CHART_HEIGHT)
        .include_x(score_range.0)
        .include_x(score_range.1)
        .y_axis_min_width(super::style::PLOT_Y_AXIS_WIDTH)
        .y_grid_spacer(chart_grid::nice_grid)
        .x_grid_spacer(chart_grid::score_grid)
        .custom_x_axes(vec![chart_grid::score_axis("threshold")])
        .y_axis_label(y_label.to_owned())
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Rate, SweepRow};

    fn row(threshold: i64, won: usize, contacts: usize) -> SweepRow {
        SweepRow {
            threshold,
            contacts,
            conversion: Rate::new(won, contacts),
            recall: 0.0,
            revenue: 0.0,
            monthly_volume: None,
        }
    }

    #[test]
    fn thresholds_with_few_contacts_are_left_out_not_drawn_as_zero() {
        let sweep = Sweep {
            rows: vec![
                row(90, 0, 1),
                row(80, 3, 29),
                row(70, 6, 30),
                row(60, 10, 100),
            ],
            eligible: 100,
            won: 10,
            months: None,
        };
        let curve = conversion_curve(&sweep);
        assert_eq!(curve.thresholds, vec![60.0, 70.0]);
        assert_eq!(curve.percent, vec![10.0, 20.0]);
        assert!(curve.low_percent[0] < 10.0 && curve.high_percent[0] > 10.0);
        assert_eq!(curve.hidden_above, Some(70));
        assert!(conversion_caption(&curve).contains("Not drawn above 70"));
    }
}
