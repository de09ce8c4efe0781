//! Grid lines every 1, 2 or 5 × 10ⁿ, about four per chart, so that the
//! short charts of the dashboard still label their axes.

use egui_plot::{GridInput, GridMark};

/// Labelled lines wanted along an axis.
const LINES_PER_AXIS: f64 = 4.0;

/// A `y_grid_spacer` for `Plot`.
pub fn nice_grid(input: GridInput) -> Vec<GridMark> {
    let (min, max) = input.bounds;
    let span = max - min;
    if !span.is_finite() || span <= 0.0 {
        return Vec::new();
    }
    let step = nice_step(span / LINES_PER_AXIS);
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
}
