//! The charts of model quality, rule set beside baseline: the ROC curve,
//! the cumulative gains curve and the calibration plot. Each reads plain
//! points built here from the core's figures (tested without drawing).

use eframe::egui;
use egui_plot::{Corner, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoints, Points};

use super::colors;
use crate::analysis::evaluation::RankedQuality;
use crate::analysis::quality::{Calibration, GainsRow, RocPoint};

/// The accessible name of the ROC chart.
pub const ROC_CHART_LABEL: &str = "ROC curve chart";
/// The accessible name of the cumulative gains chart.
pub const GAINS_CHART_LABEL: &str = "Cumulative gains chart";
/// The accessible name of the calibration chart.
pub const CALIBRATION_CHART_LABEL: &str = "Calibration chart";

/// Height of each chart, in points: three fit beside each other, or one
/// above the other, in a 1280×720 window.
pub const CHART_HEIGHT: f32 = 260.0;

/// The legend's name of the working rule set.
const RULE_SET: &str = "Rule set";
/// The legend's name of the baseline.
const BASELINE: &str = "Baseline";

/// The ROC curve from the origin, in percent: (share of the others at or
/// above a score, share of the wins at or above it). Empty when the rates
/// are undefined (no wins or no others).
pub fn roc_points(roc: &[RocPoint]) -> Vec<[f64; 2]> {
    if roc.is_empty() {
        return Vec::new();
    }
    std::iter::once([0.0, 0.0])
        .chain(
            roc.iter()
                .map(|p| [100.0 * p.false_positive_rate, 100.0 * p.true_positive_rate]),
        )
        .collect()
}

/// The cumulative gains curve from the origin, in percent: (share of the
/// contacts, highest scores first; share of the wins they hold), one point
/// per decile that holds contacts.
pub fn gains_points(rows: &[GainsRow]) -> Vec<[f64; 2]> {
    if rows.is_empty() {
        return Vec::new();
    }
    std::iter::once([0.0, 0.0])
        .chain(rows.iter().filter(|r| r.contacts > 0).map(|r| {
            [
                100.0 * r.cumulative_share_of_contacts,
                100.0 * r.cumulative_share_of_wins,
            ]
        }))
        .collect()
}

/// One decile of the calibration plot, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationPoint {
    /// 1 (highest scores) to 10.
    pub decile: u8,
    /// Mean calibrated probability of its contacts.
    pub predicted: f64,
    /// Their observed conversion.
    pub observed: f64,
    /// Low end of the observed conversion's Wilson 95% interval.
    pub low: f64,
    /// High end of it.
    pub high: f64,
}

/// The deciles that hold contacts, in percent.
pub fn calibration_points(calibration: &Calibration) -> Vec<CalibrationPoint> {
    calibration
        .bands
        .iter()
        .filter(|band| band.observed.n > 0)
        .filter_map(|band| {
            Some(CalibrationPoint {
                decile: band.decile,
                predicted: 100.0 * band.predicted?,
                observed: 100.0 * band.observed.value,
                low: 100.0 * band.observed.low,
                high: 100.0 * band.observed.high,
            })
        })
        .collect()
}

/// The ROC curves and the diagonal of a ranking no better than chance.
pub fn roc_chart_ui(
    ui: &mut egui::Ui,
    width: f32,
    rule_set: &RankedQuality,
    baseline: Option<&RankedQuality>,
) {
    chart_title_ui(
        ui,
        "ROC curve",
        "At every score: the share of the wins scoring at or above it (up) against the share \
         of the other contacts (right). The further towards the top left, the better the \
         ranking; the diagonal is a random order. The area under the curve is the AUC.",
    );
    let plot = percent_plot("evidence_roc", width, 100.0, Corner::RightBottom)
        .x_axis_label("% of the others")
        .y_axis_label("% of the wins")
        .show(ui, |plot_ui| {
            plot_ui.line(diagonal(100.0));
            if let Some(baseline) = baseline {
                plot_ui.line(baseline_line(roc_points(&baseline.roc)));
            }
            plot_ui.line(rule_set_line(roc_points(&rule_set.roc)));
        });
    let auc = |q: &RankedQuality| {
        q.quality
            .auc
            .map_or_else(|| "no AUC".to_owned(), |a| format!("AUC {:.3}", a.value))
    };
    let mut value = format!("{RULE_SET} {}", auc(rule_set));
    if let Some(baseline) = baseline {
        value.push_str(&format!(", {BASELINE} {}", auc(baseline)));
    }
    name_chart(ui, &plot.response, ROC_CHART_LABEL, value);
}

/// The cumulative gains curves and the diagonal of a random order.
pub fn gains_chart_ui(
    ui: &mut egui::Ui,
    width: f32,
    rule_set: &RankedQuality,
    baseline: Option<&RankedQuality>,
) {
    chart_title_ui(
        ui,
        "Cumulative gains",
        "Contacts taken highest score first, a decile at a time: the share of all the wins \
         they hold. A steep start means few contacts hold most of the wins; the diagonal is \
         a random order.",
    );
    let plot = percent_plot("evidence_gains", width, 100.0, Corner::RightBottom)
        .x_axis_label("% of contacts, highest scores first")
        .y_axis_label("% of the wins")
        .show(ui, |plot_ui| {
            plot_ui.line(diagonal(100.0));
            if let Some(baseline) = baseline {
                plot_ui.line(baseline_line(gains_points(&baseline.quality.gains)));
            }
            let points = gains_points(&rule_set.quality.gains);
            plot_ui.points(
                Points::new("", points.clone())
                    .radius(3.5)
                    .color(colors::PROPOSAL),
            );
            plot_ui.line(rule_set_line(points));
        });
    let top = rule_set
        .quality
        .gains
        .first()
        .map(|row| {
            format!(
                "{RULE_SET}: the top decile holds {:.0}% of the wins",
                100.0 * row.cumulative_share_of_wins
            )
        })
        .unwrap_or_default();
    name_chart(ui, &plot.response, GAINS_CHART_LABEL, top);
}

/// Observed conversion per decile, with its interval as a whisker, against
/// the predicted; the diagonal is perfect calibration.
pub fn calibration_chart_ui(
    ui: &mut egui::Ui,
    width: f32,
    rule_set: &RankedQuality,
    baseline: Option<&RankedQuality>,
) {
    chart_title_ui(
        ui,
        "Calibration",
        "Each score decile: the conversion it had (with its 95% interval) against the \
         probability the calibrated score predicts for it. On the diagonal, a score means \
         what it says.",
    );
    let points = rule_set
        .quality
        .calibration
        .as_ref()
        .map(calibration_points)
        .unwrap_or_default();
    let baseline_points = baseline
        .and_then(|b| b.quality.calibration.as_ref())
        .map(calibration_points)
        .unwrap_or_default();
    let top = points
        .iter()
        .chain(&baseline_points)
        .map(|p| p.high.max(p.predicted))
        .fold(1.0, f64::max);
    let plot = percent_plot("evidence_calibration", width, top, Corner::LeftTop)
        .x_axis_label("predicted conversion %")
        .y_axis_label("observed conversion %")
        .show(ui, |plot_ui| {
            plot_ui.line(diagonal(top));
            for point in &points {
                plot_ui.line(
                    Line::new(
                        "",
                        vec![[point.predicted, point.low], [point.predicted, point.high]],
                    )
                    .color(colors::PROPOSAL)
                    .width(1.5),
                );
            }
            if !baseline_points.is_empty() {
                let observed: Vec<[f64; 2]> = baseline_points
                    .iter()
                    .map(|p| [p.predicted, p.observed])
                    .collect();
                plot_ui.points(
                    Points::new(BASELINE, observed)
                        .shape(MarkerShape::Diamond)
                        .radius(4.0)
                        .color(colors::BASELINE),
                );
            }
            let observed: Vec<[f64; 2]> =
                points.iter().map(|p| [p.predicted, p.observed]).collect();
            plot_ui.points(
                Points::new(RULE_SET, observed)
                    .radius(4.5)
                    .filled(true)
                    .color(colors::PROPOSAL),
            );
        });
    let value = format!("{RULE_SET}: {} deciles", points.len());
    name_chart(ui, &plot.response, CALIBRATION_CHART_LABEL, value);
}

/// A chart's title, with what it shows on hover.
fn chart_title_ui(ui: &mut egui::Ui, title: &str, explanation: &str) {
    ui.strong(title).on_hover_text(explanation);
}

/// A fixed chart from 0 to `top` percent on both axes, nothing to drag or
/// zoom.
fn percent_plot<'a>(id: &str, width: f32, top: f64, legend: Corner) -> Plot<'a> {
    Plot::new(id)
        .width(width)
        .height(CHART_HEIGHT)
        .include_x(0.0)
        .include_y(0.0)
        .include_x(top)
        .include_y(top)
        .y_grid_spacer(super::chart_grid::nice_grid)
        .x_grid_spacer(super::chart_grid::nice_grid)
        .legend(Legend::default().position(legend))
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
}

/// The line from the origin to (`top`, `top`), dashed and faint; left
/// out of the legend, which keeps its room for the two rule sets (the
/// title's hover text says what the diagonal is).
fn diagonal(top: f64) -> Line<'static> {
    Line::new("", vec![[0.0, 0.0], [top, top]])
        .color(colors::NOT_WON.gamma_multiply(0.8))
        .style(LineStyle::dashed_loose())
        .width(1.5)
}

fn rule_set_line(points: Vec<[f64; 2]>) -> Line<'static> {
    curve(RULE_SET, points, colors::PROPOSAL)
}

fn baseline_line(points: Vec<[f64; 2]>) -> Line<'static> {
    curve(BASELINE, points, colors::BASELINE)
}

/// A thick line through every point. egui_plot would merge points less than
/// a pixel apart into a band, which draws the steep start of a ROC curve
/// (many scores close together) as a hairline.
fn curve(name: &str, points: Vec<[f64; 2]>, color: egui::Color32) -> Line<'static> {
    Line::new(name.to_owned(), PlotPoints::from(points))
        .color(color)
        .width(2.5)
        .allow_band(false)
}

/// The chart's accessible name, and what it says as its value.
fn name_chart(ui: &egui::Ui, response: &egui::Response, name: &str, value: String) {
    let name = name.to_owned();
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(name);
        node.set_value(value);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quality::{calibration, gains, roc_curve};

    const SCORES: [i64; 8] = [90, 80, 80, 60, 50, 40, 30, 10];
    const WON: [bool; 8] = [true, true, false, false, true, false, false, false];

    #[test]
    fn the_roc_curve_starts_at_the_origin_and_ends_at_the_corner() {
        let points = roc_points(&roc_curve(&SCORES, &WON));
        assert_eq!(points.first(), Some(&[0.0, 0.0]));
        assert_eq!(points.last(), Some(&[100.0, 100.0]));
        // The highest score is a win: the curve goes up first.
        assert_eq!(points.get(1).map(|p| p[0]), Some(0.0));
        assert!(roc_points(&[]).is_empty());
    }

    #[test]
    fn the_gains_curve_adds_up_the_deciles_from_the_origin() {
        let points = gains_points(&gains(&SCORES, &WON));
        assert_eq!(points.first(), Some(&[0.0, 0.0]));
        assert_eq!(points.last(), Some(&[100.0, 100.0]));
        assert!(
            points
                .windows(2)
                .all(|w| w[0][0] < w[1][0] && w[0][1] <= w[1][1])
        );
    }

    #[test]
    fn calibration_points_carry_the_wilson_interval_in_percent() {
        let calibration = calibration(&SCORES, &WON).unwrap();
        let points = calibration_points(&calibration);
        let filled = calibration
            .bands
            .iter()
            .filter(|b| b.observed.n > 0)
            .count();
        assert_eq!(points.len(), filled);
        for point in &points {
            assert!(point.low <= point.observed && point.observed <= point.high);
            assert!((0.0..=100.0).contains(&point.predicted));
        }
    }
}
