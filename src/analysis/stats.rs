//! Proportions with Wilson score intervals.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Estimates from fewer contacts than this are flagged as small samples.
pub const SMALL_SAMPLE: usize = 30;

/// A proportion `successes / n` with its 95% Wilson interval. Of nobody
/// (n = 0) it is undefined: written "–" and, in JSON, `null`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Successes (won contacts).
    pub successes: usize,
    /// Trials (contacts).
    pub n: usize,
    /// `successes / n`, 0 when `n` is 0.
    pub value: f64,
    /// Lower bound of the 95% interval.
    pub low: f64,
    /// Upper bound of the 95% interval.
    pub high: f64,
}

impl Rate {
    /// The rate of `successes` among `n`.
    pub fn new(successes: usize, n: usize) -> Rate {
        let (low, high) = wilson_interval(successes, n);
        let value = if n == 0 {
            0.0
        } else {
            successes as f64 / n as f64
        };
        Rate {
            successes,
            n,
            value,
            low,
            high,
        }
    }

    /// Whether `n` is too small to trust.
    pub fn is_small_sample(&self) -> bool {
        self.n < SMALL_SAMPLE
    }

    /// "12.3% [10.1–14.8%] n=1,234".
    pub fn describe(&self) -> String {
        if self.n == 0 {
            return "– (n=0)".to_owned();
        }
        format!(
            "{:.1}% [{:.1}–{:.1}%] n={}",
            self.value * 100.0,
            self.low * 100.0,
            self.high * 100.0,
            self.n
        )
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let defined = |x: f64| (self.n > 0).then_some(x);
        let mut out = serializer.serialize_struct("Rate", 5)?;
        out.serialize_field("successes", &self.successes)?;
        out.serialize_field("n", &self.n)?;
        out.serialize_field("value", &defined(self.value))?;
        out.serialize_field("low", &defined(self.low))?;
        out.serialize_field("high", &defined(self.high))?;
        out.end()
    }
}

/// The 95% Wilson score interval of a proportion (z = 1.96); `(0, 0)` for n = 0.
pub fn wilson_interval(successes: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denominator;
    let half = z * ((p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt()) / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_hand_computed_values() {
        // 10 of 100: centre 0.1 + 1.92/100… ≈ [0.0552, 0.1744] (standard tables).
        let (lo, hi) = wilson_interval(10, 100);
        assert!((lo - 0.0552).abs() < 5e-4, "{lo}");
        assert!((hi - 0.1744).abs() < 5e-4, "{hi}");
        // 0 of 10: [0, 0.2775].
        let (lo, hi) = wilson_interval(0, 10);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 5e-4, "{hi}");
        // All successes: upper bound 1.
        let (_, hi) = wilson_interval(20, 20);
        assert!((hi - 1.0).abs() < 1e-12);
        assert_eq!(wilson_interval(0, 0), (0.0, 0.0));
    }

    #[test]
    fn conversion_of_nobody_is_null_in_json() {
        let empty = serde_json::to_value(Rate::new(0, 0)).unwrap();
        assert_eq!(
            empty,
            serde_json::json!({"successes": 0, "n": 0, "value": null, "low": null, "high": null})
        );
        let some = serde_json::to_value(Rate::new(1, 4)).unwrap();
        assert_eq!(some["value"], serde_json::json!(0.25));
        assert!(some["low"].as_f64().unwrap() > 0.0);
    }

    #[test]
    fn rate_flags_small_samples() {
        assert!(Rate::new(1, 29).is_small_sample());
        assert!(!Rate::new(1, 30).is_small_sample());
        assert_eq!(Rate::new(1, 4).value, 0.25);
    }
}
