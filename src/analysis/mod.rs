//! Figures for people: stage summaries, conversion rates with intervals,
//! baseline comparisons, per-rule evidence, fast threshold moves. Plain
//! structs that the dashboard draws and the command line prints.

mod stats;
mod summary;
mod thresholds;

pub use stats::{Rate, SMALL_SAMPLE, wilson_interval};
pub use summary::{
    Comparison, RuleStat, SimulationSummary, StageChange, StageSummary, compare, rule_stats,
    summarize,
};
pub use thresholds::{StageCounter, Thresholds};
