//! Ages and decay: how far an event lies before the as-of moment, and what
//! it is still worth. Shared by the in-memory and the streaming paths.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::data::parse::day_start_ms;
use crate::model::Decay;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// The moment scores are taken: the end of the as-of day, in milliseconds.
/// Everything strictly before it is in the past.
pub fn as_of_end_ms(as_of: NaiveDate) -> i64 {
    day_start_ms(as_of) + DAY_MS
}

/// Whole days between an event and the as-of moment (0 = the as-of day),
/// for timestamps before the as-of moment.
pub fn event_age_days(ts: Expr, as_of_end_ms: i64) -> Expr {
    (lit(as_of_end_ms - 1) - ts).floor_div(lit(DAY_MS))
}

/// The decay weight of an age in days, as an expression (see [`Decay`]).
pub fn decay_expr(decay: &Decay, age_days: Expr) -> Expr {
    match decay {
        Decay::None => lit(1.0f64),
        Decay::HalfLife { days } => lit(0.5f64).pow(age_days.cast(DataType::Float64) / lit(*days)),
        Decay::Steps(steps) => {
            // Nested from the last step outwards: the first step that fits wins.
            steps.iter().rev().fold(lit(0.0f64), |older, step| {
                when(age_days.clone().lt_eq(lit(i64::from(step.up_to_days))))
                    .then(lit(step.factor))
                    .otherwise(older)
            })
        }
    }
}

/// The decay weight of an age in days, computed as [`decay_expr`] does.
pub fn decay_weight(decay: &Decay, age_days: i64) -> f64 {
    match decay {
        Decay::None => 1.0,
        Decay::HalfLife { days } => 0.5f64.powf(age_days as f64 / days),
        Decay::Steps(steps) => steps
            .iter()
            .find(|step| age_days <= i64::from(step.up_to_days))
            .map_or(0.0, |step| step.factor),
    }
}
