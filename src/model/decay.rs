//! Engagement decay: how the points of an event rule shrink with age.

use serde::{Deserialize, Serialize};

/// How the points of an event rule shrink with the age of the events.
///
/// The weight of an event of age `d` days (from the as-of date) is 1 without
/// decay; with `Steps`, the factor of the first step whose `up_to_days` is at
/// least `d`, and 0 beyond the last step; with `HalfLife`, `0.5^(d / days)`.
/// A rule scored once gets `points × weight(most recent matching event)`; a
/// per-event rule gets `points × Σ weight` over its most recent events; both
/// are rounded half up to a whole number of points.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Decay {
    /// Events keep their full value.
    #[default]
    None,
    /// Step function of the age.
    Steps(Vec<DecayStep>),
    /// Exponential decay.
    HalfLife {
        /// Age at which an event is worth half.
        days: f64,
    },
}

impl Decay {
    /// The weight of an event that is `age_days` old (0 = as-of day).
    pub fn weight(&self, age_days: i64) -> f64 {
        match self {
            Decay::None => 1.0,
            Decay::Steps(steps) => steps
                .iter()
                .find(|step| age_days <= i64::from(step.up_to_days))
                .map_or(0.0, |step| step.factor),
            Decay::HalfLife { days } => 0.5_f64.powf(age_days as f64 / days),
        }
    }

    /// One sentence for the UI and reports.
    pub fn describe(&self) -> String {
        match self {
            Decay::None => "Event points do not decay.".to_owned(),
            Decay::Steps(steps) => {
                let parts: Vec<String> = steps
                    .iter()
                    .map(|s| format!("×{} up to {} days", s.factor, s.up_to_days))
                    .collect();
                format!("Event points count {}, nothing after.", parts.join(", "))
            }
            Decay::HalfLife { days } => format!("Event points halve every {days} days."),
        }
    }
}

// Decay settings are part of the engine's cache keys; validation refuses
// factors and half-lives that are not finite, so `==` is an equivalence.
impl Eq for Decay {}

impl std::hash::Hash for Decay {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let bits = |x: f64| (x + 0.0).to_bits();
        std::mem::discriminant(self).hash(state);
        match self {
            Decay::None => {}
            Decay::Steps(steps) => {
                for step in steps {
                    (step.up_to_days, bits(step.factor)).hash(state);
                }
            }
            Decay::HalfLife { days } => bits(*days).hash(state),
        }
    }
}

/// One step of a step decay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecayStep {
    /// Events at most this old get `factor`.
    pub up_to_days: u32,
    /// Multiplier in `[0, 1]`.
    pub factor: f64,
}
