//! Where the panels go: toolbar on top, status bar below, rules on the
//! left, the inspector on the right when open, the dashboard in the middle.

use eframe::egui;

use super::backtest;
use super::dashboard;
use super::inspector;
use super::rule_list;
use super::status_bar;
use super::toolbar;
use super::workshop;
use crate::ui::app::backtest_run::BacktestState;
use crate::ui::app::command::Command;
use crate::ui::app::error::AppError;
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
    /// Whether new data files are being loaded.
    pub loading_data: bool,
    /// Why the last data load failed.
    pub data_error: Option<&'a AppError>,
}

/// Every panel of the loaded studio.
pub fn workspace_ui(
    ui: &mut egui::Ui,
    view: &WorkspaceView<'_>,
    panels: &mut State,
    commands: &mut Vec<Command>,
) {
    let workspace = view.workspace;
    egui::Panel::top("toolbar").show(ui, |ui| {
        toolbar::toolbar_ui(ui, workspace, &panels.recent, commands);
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
    egui::Panel::left("rule_list")
        .resizable(true)
        .default_size(470.0)
        .show(ui, |ui| {
            rule_list::rule_list_ui(ui, workspace, commands);
        });
    if panels.inspector.open {
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(340.0)
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
            CentralView::Workshop => {
                egui::ScrollArea::both()
                    .auto_shrink([false, false])
                    .show(ui, |ui| workshop::workshop_ui(ui, workspace, commands));
            }
        }
    });
}
