//! Figures for people: stage summaries, conversion rates with intervals,
//! baseline comparisons, per-rule evidence, jointly fitted points, fast
//! threshold moves, threshold sweeps, capacity and point-in-time back-tests.
//! Plain structs that the dashboard draws and the command line prints.

mod backtest;
mod contact_search;
mod draft;
pub mod evidence;
pub mod joint_fit;
mod profile;
mod reach;
mod simulation;
mod stats;
mod summary;
mod sweep;
mod thresholds;

pub use backtest::{
    BacktestError, BacktestResult, BacktestWindow, Step, backtest, cutoffs, default_cutoff_range,
    rolling_backtest,
};
pub use contact_search::{
    ContactMatch, ContactSearch, SearchField, contact_label, search_contacts,
};
pub use draft::{Draft, DraftRequest, MQL_RECALL, add_candidate_rule, draft_rule_set};
pub use evidence::{Candidate, candidate_rules, suggested_points, weight_of_evidence};
pub use joint_fit::{
    DEFAULT_L2, FeatureKind, FitError, JointFit, JointPoints, LogisticFit, RuleFeature,
    apply_fitted, fit_logistic, joint_points, rule_features,
};
pub use profile::DataProfile;
pub use reach::{PathToThreshold, RuleToMatch, WhatItWouldTake, what_it_would_take};
pub use simulation::{BUCKET_WIDTH_POINTS, ScoreBucket, ScoreDistribution, Simulation};
pub use stats::{Rate, SMALL_SAMPLE, wilson_interval};
pub use summary::{
    Comparison, GradeCell, RuleStat, SimulationSummary, StageChange, StageSummary, compare,
    rule_stats, summarize,
};
pub use sweep::{Capacity, DAYS_PER_MONTH, Sweep, SweepRow, period_months};
pub use thresholds::{StageCounter, StageTotals, Thresholds};
