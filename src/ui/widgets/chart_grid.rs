//! Grid lines every 1, 2 or 5 × 10ⁿ, so that the short charts of the
//! dashboard still label their axes, and a score axis labelled every few
//! points however wide the chart is.

use egui_plot::{AxisHints, GridInput, GridMark};

/// Labelled lines wanted along a value axis.
const LINES_PER_AXIS: f64 = 4.0;

/// Finest lines offered along a score axis; egui_plot labels the finest
/// level whose labels fit, so a wide chart reads every 10 points and a
/// narrow one every 20 or 50.
const SCORE_LINES: f64 = 24.0;

/// Least room between two score labels, in points: enough for "-100"
/// (egui_plot's default keeps 60 points, which leaves a 400-point chart
/// with labels at 0 and 100 only). A narrow range: egui_plot fades labels
/// across it, and faint labels wash out on a projector.
const SCORE_LABEL_SPACING: std::ops::RangeInclusive<f32> = 40.0..=41.0;

/// A `y_grid_spacer` for `Plot`.
pub fn nice_grid(input: GridInput) -> Vec<GridMark> {
    grid_of(input, LINES_PER_AXIS)
}

/// A `y_grid_spacer` for a strip a few lines of text tall: two lines, so
/// that their labels have room.
pub fn sparse_grid(input: GridInput) -> Vec<GridMark> {
    grid_of(input, 2.0)
}

fn grid_of(input: GridInput, lines: f64) -> Vec<GridMark> {
    let (min, max) = input.bounds;
    let span = max - min;
    if !span.is_finite() || span <= 0.0 {
        return Vec::new();
    }
    let step = nice_step(span / lines);
    let first = (min / step).ceil() as i64;
    let last = (max / step).floor() as i64;
    (first..=last)
        .map(|k| GridMark {
            // Multiplying (not adding steps) keeps 0 an exact, unsigned zero.
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

/// An `x_grid_spacer` for a score axis: lines at every step of a 1-2-10
/// ladder, each marked with the coarsest step it belongs to, so that the
/// labels thin out (every 10, then 20, then 100 points) as the chart
/// narrows, each level a subset of the finer one.
pub fn score_grid(input: GridInput) -> Vec<GridMark> {
    let (min, max) = input.bounds;
    let span = max - min;
    if !span.is_finite() || span <= 0.0 {
        return Vec::new();
    }
    let finest = nice_step(span / SCORE_LINES).max(1.0);
    let ladder = coarser_steps(finest, span);
    let first = (min / finest).ceil() as i64;
    let last = (max / finest).floor() as i64;
    (first..=last)
        .map(|k| {
            let value = k as f64 * finest;
            let step_size = ladder
                .iter()
                .rev()
                .copied()
                .find(|step| is_multiple(value, *step))
                .unwrap_or(finest);
            GridMark { value, step_size }
        })
        .collect()
}

/// The score axis: titled, with labels allowed closer than egui_plot's
/// default (scores are short numbers).
pub fn score_axis<'a>(title: &str) -> AxisHints<'a> {
    AxisHints::new_x()
        .label(title.to_owned())
        .label_spacing(SCORE_LABEL_SPACING)
}

/// `finest`, then each coarser step up to `span`, every one a multiple of
/// the one before: 1, 2, 10, 20, 100… (a 5 is followed by 10).
fn coarser_steps(finest: f64, span: f64) -> Vec<f64> {
    let mut steps = vec![finest];
    while let Some(&last) = steps.last()
        && last < span
    {
        let leading_digit = (last / 10f64.powf(last.log10().floor())).round();
        let factor = if leading_digit == 2.0 { 5.0 } else { 2.0 };
        steps.push(last * factor);
    }
    steps
}

fn is_multiple(value: f64, step: f64) -> bool {
    let ratio = value / step;
    (ratio - ratio.round()).abs() < 1e-9
}

/// The smallest of 1, 2, 5 × 10ⁿ at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(2_300.0), 5_000.0);
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(15.0), 20.0);
        let marks = nice_grid(GridInput {
            bounds: (-100.0, 9_000.0),
            base_step_size: 1.0,
        });
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        assert_eq!(values, vec![0.0, 5_000.0]);
        assert!(values[0].is_sign_positive());
    }

    #[test]
    fn a_score_axis_offers_every_ten_points_with_coarser_levels() {
        let marks = score_grid(GridInput {
            bounds: (-5.0, 125.0),
            base_step_size: 1.0,
        });
        let step_of = |value: f64| marks.iter().find(|m| m.value == value).map(|m| m.step_size);
        assert_eq!(step_of(10.0), Some(10.0));
        assert_eq!(step_of(30.0), Some(10.0));
        assert_eq!(step_of(40.0), Some(20.0));
        assert_eq!(step_of(50.0), Some(10.0));
        assert_eq!(step_of(100.0), Some(100.0));
        assert_eq!(
            coarser_steps(5.0, 300.0),
            vec![5.0, 10.0, 20.0, 100.0, 200.0, 1000.0]
        );
        assert!(marks.iter().all(|m| m.value >= -5.0 && m.value <= 125.0));
    }
}
