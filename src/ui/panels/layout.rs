//! Where the panels go: toolbar on top, status bar below, rules on the
//! left, the inspector on the right when open, the dashboard in the middle;
//! or the presentation view alone. On a narrow window (a 1280×720
//! projector) the inspector takes the rules' place rather than squeezing
//! the figures.

use eframe::egui;

use super::backtest;
use super::dashboard;
use super::evidence;
use super::inspector;
use super::presentation;
use super::rule_list;
use super::status_bar;
use super::toolbar;
use super::workshop;
use crate::ui::app::backtest_run::BacktestState;
use crate::ui::app::command::Command;
use crate::ui::app::error::AppError;
use crate::ui::app::evidence_run::EvidenceState;
use crate::ui::app::state::{CentralView, State};
use crate::ui::app::workspace::Workspace;

/// What the panels read.
pub struct WorkspaceView<'a> {
    /// The loaded state.
    pub workspace: &'a Workspace,
    /// The last notice for the status bar.
    pub message: Option<&'a str>,
    /// The running and the last back-test.
    pub backtest: &'a BacktestState,
    /// The Evidence tab's figures and run.
    pub evidence: &'a EvidenceState,
    /// Whether new data files are being loaded.
    pub loading_data: bool,
    /// Why the last data load failed.
    pub data_error: Option<&'a AppError>,
    /// Why a threshold was just held at another.
    pub threshold_note: Option<&'a str>,
    /// Whether the presentation view fills the window.
    pub presenting: bool,
}

/// The button that closes the inspector when it took the rules' place.
pub const BACK_TO_RULES_LABEL: &str = "Back to the rules";
/// Below this width (in points) the inspector and the rules share one side.
const NARROW_WINDOW_WIDTH: f32 = 1500.0;
/// Share of the window the rule list starts with, and at most.
const RULES_SHARE: f32 = 0.36;
/// Share of the window the inspector starts with on a wide window.
const INSPECTOR_SHARE: f32 = 0.26;

/// Every panel of the loaded studio.
pub fn workspace_ui(
    ui: &mut egui::Ui,
    view: &WorkspaceView<'_>,
    panels: &mut State,
    commands: &mut Vec<Command>,
) {
    let workspace = view.workspace;
    if view.presenting {
        egui::CentralPanel::default().show(ui, |ui| {
            presentation::presentation_ui(ui, workspace, view.threshold_note, commands);
        });
        return;
    }
    egui::Panel::top("toolbar").show(ui, |ui| {
        toolbar::toolbar_ui(ui, workspace, panels, view.threshold_note, commands);
        if let Some(error) = view.data_error {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "The data could not be loaded; the previous data is kept. {}",
                        error.message()
                    ),
                );
                if ui.button("Choose the columns…").clicked() {
                    commands.push(Command::OpenImport);
                }
            });
        }
    });
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        status_bar::status_bar_ui(ui, workspace, view.loading_data, view.message);
    });
    let width = ui.available_width();
    let narrow = width < NARROW_WINDOW_WIDTH;
    egui::Panel::left("rule_list")
        .resizable(true)
        .default_size((width * RULES_SHARE).min(470.0))
        .max_size(width * 0.5)
        .show(ui, |ui| {
            if panels.inspector.open && narrow {
                if ui
                    .button(BACK_TO_RULES_LABEL)
                    .on_hover_text("Close the contact inspector")
                    .clicked()
                {
                    commands.push(Command::ToggleInspector);
                }
                inspector::inspector_ui(ui, &mut panels.inspector, workspace);
            } else {
                rule_list::rule_list_ui(ui, workspace, commands);
            }
        });
    if panels.inspector.open && !narrow {
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size((width * INSPECTOR_SHARE).min(420.0))
            .max_size(width * 0.4)
            .show(ui, |ui| {
                inspector::inspector_ui(ui, &mut panels.inspector, workspace);
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        ui.horizontal(|ui| {
            for view in CentralView::ALL {
                ui.selectable_value(&mut panels.view, view, view.label());
            }
        });
        ui.separator();
        match panels.view {
            CentralView::Figures => dashboard::dashboard_ui(ui, workspace, commands),
            CentralView::Backtest => {
                egui::ScrollArea::both()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        backtest::backtest_ui(
                            ui,
                            workspace,
                            &mut panels.backtest_form,
                            view.backtest,
                            commands,
                        );
                    });
            }
            // Only up and down: the tables wrap to the width on screen, so
            // a projector shows every column without scrolling sideways.
            // The same for the Evidence tab.
            CentralView::Workshop => {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| workshop::workshop_ui(ui, workspace, commands));
            }
            CentralView::Evidence => {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        evidence::evidence_ui(
                            ui,
                            workspace,
                            &mut panels.backtest_form,
                            &mut panels.evidence_form,
                            view.evidence,
                            commands,
                        );
                    });
            }
        }
    });
}
