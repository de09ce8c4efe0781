//! Figures for people: stage summaries, conversion rates with intervals,
//! baseline comparisons, per-rule evidence, jointly fitted points, fast
//! threshold moves, threshold sweeps, capacity and point-in-time back-tests,
//! model quality (AUC, KS, gains, calibration), population stability and
//! probable leakage. Plain structs that the dashboard draws and the command
//! line prints.

mod backtest;
mod contact_search;
mod draft;
pub mod evaluation;
pub mod evidence;
pub mod joint_fit;
pub mod leakage;
pub mod model_quality;
mod profile;
pub mod quality;
mod reach;
mod simulation;
pub mod stability;
mod stats;
mod summary;
mod sweep;
mod thresholds;

pub use backtest::{
    BacktestError, BacktestResult, BacktestWindow, Step, backtest, backtest_with, cutoffs,
    default_cutoff_range, rolling_backtest,
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
pub use leakage::{AfterOutcomeMemo, Leakage, after_outcome_of_rules};
pub use profile::DataProfile;
pub use quality::{
    Auc, AucDifference, Calibration, CalibrationBand, GainsRow, Ks, Quality, RocPoint, auc,
    auc_difference, calibration, gains, ks, quality, roc_curve,
};
pub use reach::{PathToThreshold, RuleToMatch, WhatItWouldTake, what_it_would_take};
pub use simulation::{BUCKET_WIDTH_POINTS, ScoreBucket, ScoreDistribution, Simulation};
pub use stability::{Psi, PsiBand, PsiBin, match_rate_psi, psi, score_psi};
pub use stats::{Rate, SMALL_SAMPLE, wilson_interval};
pub use summary::{
    Comparison, GradeCell, PROBABLE_LEAKAGE, RuleStat, SimulationSummary, StageChange,
    StageSummary, compare, mark_after_outcome, rule_stats, summarize,
};
pub use sweep::{Capacity, DAYS_PER_MONTH, Sweep, SweepRow, period_months};
pub use thresholds::{StageCounter, StageTotals, Thresholds};
