//! Tests of the core: rule-set files, loading (with every bad input),
//! the engine against a reference evaluator, analysis and the command line.
//! One test binary on purpose: each links polars, and linking is slow.

mod analysis;
mod cli;
mod data;
mod engine;
mod evaluation;
mod explain;
mod fuzz;
mod layout;
mod leakage;
mod model;
mod own_data;
mod reference;
mod sql;
