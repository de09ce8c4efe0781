//! The desktop app: a thin egui layer over the core.
//!
//! - `app`: the [`Studio`] with its persisted [`State`] and its runtime, the
//!   [`Workspace`] (data and rule sets), the [`Command`]s panels push and
//!   how they are applied, and the background threads.
//! - `panels`: one panel per file; each draws a read-only view and pushes
//!   commands.
//! - `widgets`: charts, formatting, colours and small shared widgets.

mod app;
mod panels;
mod widgets;

use std::path::PathBuf;

use eframe::egui;

pub use app::backtest_run::BacktestOutcome;
pub use app::command::{BacktestKind, Command, EditPhase};
pub use app::dialogs::FilePurpose;
pub use app::error::AppError;
pub use app::evidence_run::{EvidenceReport, EvidenceRequest};
pub use app::history::History;
pub use app::other_proposal::OtherProposal;
pub use app::startup::{Session, Startup};
pub use app::state::{CentralView, State, Theme};
pub use app::studio::{APP_NAME, Studio};
pub use app::workspace::Workspace;
pub use panels::criteria::{add_criterion_label, delete_criterion_label, edit_criterion_label};
pub use panels::data_import::{
    ALL_WON_LABEL, LOAD_LABEL, path_label as import_path_label, role_label as import_role_label,
    status_label,
};
pub use panels::draft::{CAPACITY_LABEL, CREATE_LABEL as CREATE_DRAFT_LABEL, tick_label};
pub use panels::evidence::{
    APPLY_ALL_FITTED_LABEL, CAPACITY_LABEL as EVIDENCE_CAPACITY_LABEL, EvidenceForm,
    RUN_LABEL as RUN_EVIDENCE_LABEL, WHOLE_HISTORY_NOTE, accept_fitted_label,
};
pub use panels::exclusions::{delete_exclusion_label, edit_exclusion_label};
pub use panels::export::export_bytes;
pub use panels::fit_data::{DRAFT_LABEL, START_EMPTY_LABEL, map_label};
pub use panels::group_header::{delete_group_label, group_name_label};
pub use panels::inspector::SEARCH_LABEL as CONTACT_SEARCH_LABEL;
pub use panels::path_prompt::{OK_LABEL as PATH_OK_LABEL, PATH_LABEL};
pub use panels::rule_list::{accept_label, add_candidate_label, edit_label, points_label};
pub use panels::stage_changes::{EXPORT_LABEL as EXPORT_CHANGES_LABEL, changes_csv};
pub use panels::thresholds::{held_note, slider_range as threshold_slider_range};
pub use panels::workshop::{
    LOAD_OTHER_LABEL, OTHER_PATH_LABEL, SAVE_MERGED_LABEL, adopt_points_label, adopt_rule_label,
    adopt_setting_label, choice_label, drop_rule_label,
};
pub use widgets::funnel_chart::{FunnelStep, stage_funnel};
pub use widgets::quality_charts::{CALIBRATION_CHART_LABEL, GAINS_CHART_LABEL, ROC_CHART_LABEL};
pub use widgets::style::apply as apply_style;

/// The window icon (a bar chart on blue), from `assets/`.
const APP_ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// Opens the app with the given rule sets, data files, folder or project
/// (the bundled samples for whatever is not given), the data loaded with
/// `options`; `compare` is the other team's proposal for the Workshop.
pub fn run(
    files: Vec<PathBuf>,
    compare: Option<PathBuf>,
    sources: Option<crate::data::DataSources>,
    options: crate::data::LoadOptions,
) -> eframe::Result {
    let mut startup = Startup::from_files(files);
    if sources.is_some() {
        startup.sources = sources;
    }
    startup.options = options;
    startup.other = compare;
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(APP_NAME)
        // Fits a 1280×720 projector with the title bar; a larger screen
        // keeps whatever size the user gave it last time.
        .with_inner_size([1240.0, 660.0])
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
            widgets::style::apply(&cc.egui_ctx);
            let mut studio = Studio::new(startup);
            if let Some(state) = cc
                .storage
                .and_then(|storage| eframe::get_value::<State>(storage, app::state::STATE_KEY))
            {
                studio.restore_state(state);
            }
            studio.set_autosave(
                eframe::storage_dir(APP_NAME).map(|dir| dir.join(app::persistence::AUTOSAVE_FILE)),
                app::persistence::AUTOSAVE_DELAY,
            );
            Ok(Box::new(studio))
        }),
    )
}
