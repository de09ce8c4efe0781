//! One panel per file. A panel draws a read-only view of the workspace and
//! pushes the commands the user asked for; [`layout`] places them.

pub mod backtest;
pub mod baseline_menu;
pub mod condition_editor;
pub mod criteria;
pub mod dashboard;
pub mod data_import;
pub mod data_panel;
pub mod draft;
pub mod evidence;
pub mod exclusions;
pub mod export;
pub mod fit_data;
pub mod grade_matrix;
pub mod group_header;
pub mod headline;
pub mod inspector;
pub mod issues;
pub mod layout;
pub mod leaf_editor;
pub mod loading;
pub mod path_prompt;
pub mod presentation;
pub mod prompts;
pub mod rule_editor;
pub mod rule_list;
pub mod stage_changes;
pub mod stage_table;
pub mod status_bar;
pub mod thresholds;
pub mod toolbar;
pub mod transitions;
pub mod view_menu;
pub mod workshop;
