//! Where the panels go: toolbar on top, status bar below, rules on the
//! left, the inspector on the right when open, the dashboard in the middle.

use eframe::egui;

use super::command::Command;
use super::inspector::{self, Inspector};
use super::workspace::Workspace;
use super::{dashboard, rule_list, status_bar, toolbar};

/// What the panels read.
pub struct WorkspaceView<'a> {
    /// The loaded state.
    pub workspace: &'a Workspace,
    /// The last notice for the status bar.
    pub message: Option<&'a str>,
}

/// Every panel of the loaded studio.
pub fn workspace_ui(
    ui: &mut egui::Ui,
    view: &WorkspaceView<'_>,
    inspector: &mut Inspector,
    commands: &mut Vec<Command>,
) {
    let workspace = view.workspace;
    egui::Panel::top("toolbar").show(ui, |ui| {
        toolbar::toolbar_ui(ui, workspace, commands);
    });
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        status_bar::status_bar_ui(ui, workspace, view.message);
    });
    egui::Panel::left("rule_list")
        .resizable(true)
        .default_size(470.0)
        .show(ui, |ui| {
            rule_list::rule_list_ui(ui, workspace, commands);
        });
    if inspector.open {
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| {
                inspector::inspector_ui(ui, inspector, workspace);
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        dashboard::dashboard_ui(ui, workspace, commands);
    });
}
