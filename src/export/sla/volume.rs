//! Monthly volumes with their uncertainty: how many MQLs and SQLs a month
//! the history says to expect.

/// z for a two-sided 95% interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// The expected number of contacts per month and its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthlyVolume {
    /// Contacts over the history divided by its length in months.
    pub per_month: f64,
    /// Lower bound of the 95% interval of the monthly average.
    pub low: f64,
    /// Upper bound of the 95% interval of the monthly average.
    pub high: f64,
}

/// The monthly average of `count` contacts seen over `months` months, with
/// the 95% Poisson score interval of that average; `None` when the length
/// of the history is unknown or not a positive number.
///
/// The score interval (the Poisson analogue of Wilson's) rather than
/// `count ± 1.96·√count`: it stays above zero and keeps a useful upper
/// bound when a stage is empty, which the normal approximation does not.
pub fn monthly_volume(count: usize, months: f64) -> Option<MonthlyVolume> {
    if !months.is_finite() || months <= 0.0 {
        return None;
    }
    let count = count as f64;
    let z_squared = Z_95 * Z_95;
    let centre = count + z_squared / 2.0;
    let half_width = Z_95 * (count + z_squared / 4.0).sqrt();
    Some(MonthlyVolume {
        per_month: count / months,
        low: (centre - half_width).max(0.0) / months,
        high: (centre + half_width) / months,
    })
}

/// A monthly volume as people read it: whole contacts from ten a month up
/// ("1,250"), one decimal below, where rounding would hide a stage ("0.4").
fn per_month_text(volume: f64, with_decimal: bool) -> String {
    if with_decimal {
        format!("{:.1}", volume.max(0.0))
    } else {
        // Never negative here; `as` saturates rather than wraps a nonsense
        // value.
        crate::format::thousands(volume.round().max(0.0) as u64)
    }
}

impl MonthlyVolume {
    /// The average and its interval as text, at one precision decided by
    /// the average: ("10", "8–12"), ("0.5", "0.3–0.9").
    pub fn texts(&self) -> (String, String) {
        let with_decimal = self.per_month < 10.0;
        let text = |volume| per_month_text(volume, with_decimal);
        (
            text(self.per_month),
            format!("{}–{}", text(self.low), text(self.high)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-3
    }

    #[test]
    fn the_interval_of_a_hand_computed_count() {
        // 100 contacts over 10 months. By hand, z = 1.959964:
        // centre = 100 + 3.841459 / 2 = 101.920730,
        // half = 1.959964 × √(100 + 0.960365) = 19.693529,
        // so 82.227200 and 121.614258 contacts over the history (the exact
        // Garwood interval, 81.4–121.6, is close).
        let volume = monthly_volume(100, 10.0).unwrap();
        assert!(close(volume.per_month, 10.0), "{volume:?}");
        assert!(close(volume.low, 8.222_720), "{volume:?}");
        assert!(close(volume.high, 12.161_426), "{volume:?}");
    }

    #[test]
    fn an_empty_stage_still_has_an_upper_bound() {
        // With no contacts the score interval is [0, z²] over the history.
        let volume = monthly_volume(0, 24.0).unwrap();
        assert_eq!(volume.per_month, 0.0);
        assert_eq!(volume.low, 0.0);
        assert!(close(volume.high, 3.841_459 / 24.0), "{volume:?}");
    }

    #[test]
    fn the_interval_narrows_relative_to_the_volume_as_counts_grow() {
        let small = monthly_volume(20, 10.0).unwrap();
        let large = monthly_volume(2_000, 10.0).unwrap();
        let relative = |v: MonthlyVolume| (v.high - v.low) / v.per_month;
        assert!(relative(large) < relative(small) / 5.0);
        assert!(small.low < small.per_month && small.per_month < small.high);
    }

    #[test]
    fn no_interval_without_a_history_length() {
        assert_eq!(monthly_volume(10, 0.0), None);
        assert_eq!(monthly_volume(10, f64::NAN), None);
        assert_eq!(monthly_volume(10, -3.0), None);
    }

    #[test]
    fn small_volumes_keep_a_decimal() {
        // 12 over 24 months: centre 13.920729, half 1.959964 × √12.960365 =
        // 7.056, so 0.286–0.874 a month.
        assert_eq!(
            monthly_volume(12, 24.0).unwrap().texts(),
            ("0.5".to_owned(), "0.3–0.9".to_owned())
        );
        assert_eq!(
            monthly_volume(100, 10.0).unwrap().texts(),
            ("10".to_owned(), "8–12".to_owned())
        );
        assert_eq!(per_month_text(1_249.6, false), "1,250");
    }
}
