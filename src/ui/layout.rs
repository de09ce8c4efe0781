//! Where the panels go: toolbar on top, status bar below, rules on the
//! left, the inspector on the right when open, the dashboard in the middle.

use eframe::egui;

use super::backtest::{self, BacktestForm, BacktestState};
use super::command::Command;
use super::inspector::{self, Inspector};
use super::workspace::Workspace;
use super::{dashboard, rule_list, status_bar, toolbar, workshop};

/// What the panels read.
pub struct WorkspaceView<'a> {
    /// The loaded state.
    pub workspace: &'a Workspace,
    /// The last notice for the status bar.
    pub message: Option<&'a str>,
    /// The running and the last back-test.
    pub backtest: &'a BacktestState,
    /// Rule-set files opened or saved lately, newest first.
    pub recent: &'a [std::path::PathBuf],
    /// Whether new data files are being loaded.
    pub loading_data: bool,
    /// Why the last data load failed.
    pub data_error: Option<&'a str>,
}

/// What the central panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CentralView {
    /// The figures of the working rule set against the baseline.
    #[default]
    Figures,
    /// Point-in-time back-tests.
    Backtest,
    /// The working rule set beside another team's proposal.
    Workshop,
}

impl CentralView {
    /// Every view, in tab order.
    pub const ALL: [CentralView; 3] = [
        CentralView::Figures,
        CentralView::Backtest,
        CentralView::Workshop,
    ];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            CentralView::Figures => "Figures",
            CentralView::Backtest => "Back-test",
            CentralView::Workshop => "Workshop",
        }
    }
}

/// What the user set in the panels that is no part of the rule sets.
#[derive(Debug, Default)]
pub struct Panels {
    /// The contact inspector's search.
    pub inspector: Inspector,
    /// What the central panel shows.
    pub view: CentralView,
    /// The back-test form.
    pub backtest_form: BacktestForm,
}

/// Every panel of the loaded studio.
pub fn workspace_ui(
    ui: &mut egui::Ui,
    view: &WorkspaceView<'_>,
    panels: &mut Panels,
    commands: &mut Vec<Command>,
) {
    let workspace = view.workspace;
    egui::Panel::top("toolbar").show(ui, |ui| {
        toolbar::toolbar_ui(ui, workspace, view.recent, commands);
        if let Some(error) = view.data_error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("The data could not be loaded; the previous data is kept. {error}"),
            );
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
