//! The desktop app: a thin egui layer over the core. Panels draw read-only
//! views of the [`Workspace`] and push [`Command`]s; the [`Studio`] applies
//! them once per frame and scores on a background thread.

mod backtest;
mod chart_grid;
mod colors;
mod command;
mod condition_edit;
mod dashboard;
mod data_load;
mod data_panel;
mod distribution_chart;
mod export;
mod files;
mod format;
mod funnel_chart;
mod grade_matrix;
mod headline;
mod history;
mod input;
mod inspector;
mod layout;
mod loading;
mod persistence;
mod profile;
mod prompts;
mod restage;
mod rule_editor;
mod rule_list;
mod simulation;
mod stage_changes;
mod stage_table;
mod startup;
mod status_bar;
mod studio;
mod style;
mod sweep_chart;
mod threshold_markers;
mod thresholds;
mod toolbar;
mod transitions;
mod worker;
mod workshop;
mod workspace;

use std::path::PathBuf;

use eframe::egui;

pub use backtest::{BacktestKind, BacktestOutcome};
pub use command::{Command, EditPhase, ThresholdKind};
pub use export::{ExportKind, export_bytes};
pub use funnel_chart::{FunnelStep, stage_funnel};
pub use history::History;
pub use inspector::SEARCH_LABEL as CONTACT_SEARCH_LABEL;
pub use layout::CentralView;
pub use profile::DataProfile;
pub use restage::{differ_only_in_thresholds, restage};
pub use rule_list::{accept_label, add_candidate_label, edit_label, points_label};
pub use simulation::{ScoreBucket, ScoreDistribution, Simulation};
pub use stage_changes::{EXPORT_LABEL as EXPORT_CHANGES_LABEL, changes_csv};
pub use startup::{Session, Startup};
pub use studio::{APP_NAME, Studio};
pub use style::apply as apply_style;
pub use workshop::OtherProposal;
pub use workspace::Workspace;

/// The window icon (a bar chart on blue), from `assets/`.
const APP_ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// Opens the app with the given rule sets and data files (the bundled
/// samples for whatever is not given).
pub fn run(files: Vec<PathBuf>) -> eframe::Result {
    let startup = Startup::from_files(files);
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(APP_NAME)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([800.0, 500.0]);
    // The icon is compiled in; a damaged one only costs the icon.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(APP_ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            style::apply(&cc.egui_ctx);
            let mut studio = Studio::new(startup, &cc.egui_ctx);
            if let Some(storage) = cc.storage {
                studio.set_recent_files(
                    eframe::get_value(storage, persistence::RECENT_KEY).unwrap_or_default(),
                );
            }
            studio.set_autosave(
                eframe::storage_dir(APP_NAME).map(|dir| dir.join(persistence::AUTOSAVE_FILE)),
                persistence::AUTOSAVE_DELAY,
            );
            Ok(Box::new(studio))
        }),
    )
}
