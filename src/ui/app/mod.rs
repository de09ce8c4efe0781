//! The app's state and machinery: what is persisted ([`state`]), what the
//! user works on ([`workspace`], [`history`]), what panels ask for
//! ([`command`]) and how it is carried out ([`studio`], [`apply`]), and the
//! work done off the UI thread ([`background`], [`worker`], [`startup`],
//! [`backtest_run`], [`evidence_run`], [`whole_history`], [`data_load`],
//! [`other_proposal`]).

pub mod apply;
pub mod background;
pub mod backtest_run;
pub mod command;
pub mod data_load;
pub mod dialogs;
pub mod draft_form;
pub mod error;
pub mod evidence_run;
pub mod files;
pub mod history;
pub mod import;
pub mod input;
pub mod look;
pub mod merge;
pub mod other_proposal;
pub mod own_data;
pub mod persistence;
pub mod startup;
pub mod state;
pub mod studio;
pub mod versions;
pub mod whole_history;
pub mod worker;
pub mod workspace;
