//! The desktop app: a thin egui layer over the core. Panels draw read-only
//! views of the [`Workspace`] and push [`Command`]s; the [`Studio`] applies
//! them once per frame and scores on a background thread.

mod colors;
mod command;
mod dashboard;
mod distribution_chart;
mod files;
mod format;
mod grade_matrix;
mod headline;
mod history;
mod loading;
mod rule_list;
mod simulation;
mod stage_changes;
mod stage_table;
mod startup;
mod status_bar;
mod studio;
mod style;
mod threshold_markers;
mod thresholds;
mod toolbar;
mod transitions;
mod worker;
mod workspace;

use std::path::PathBuf;

use eframe::egui;

pub use command::{Command, EditPhase, ThresholdKind};
pub use history::History;
pub use rule_list::points_label;
pub use simulation::{ScoreBucket, ScoreDistribution, Simulation};
pub use startup::{Session, Startup};
pub use studio::Studio;
pub use style::apply as apply_style;
pub use workspace::Workspace;

/// Opens the app with the given rule sets and data files (the bundled
/// samples for whatever is not given).
pub fn run(files: Vec<PathBuf>) -> eframe::Result {
    let startup = Startup::from_files(files);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Lead Score Studio")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Lead Score Studio",
        options,
        Box::new(move |cc| {
            style::apply(&cc.egui_ctx);
            Ok(Box::new(Studio::new(startup, &cc.egui_ctx)))
        }),
    )
}
