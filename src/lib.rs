//! Lead Score Studio: build a lead-scoring model, test it against the
//! history of contacts and closed deals, agree on MQL/SQL thresholds, and
//! export the rule set for production.
//!
//! The core (`model`, `data`, `engine`, `analysis`, `sample`, `files`,
//! `format`) never touches the GUI; `cli` and `ui` are thin layers over it.

pub mod analysis;
pub mod cli;
pub mod data;
pub mod engine;
pub mod errors;
pub mod export;
pub mod files;
pub mod format;
pub mod model;
pub mod project;
pub mod sample;
pub mod trace;
pub mod ui;
