//! The central panel: headline, stage table, score distribution and the
//! threshold sweep, baseline-to-proposal transitions and grades.

use eframe::egui;

use super::data_panel;
use super::grade_matrix;
use super::headline;
use super::stage_changes;
use super::stage_table;
use super::transitions;
use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::distribution_chart;
use crate::ui::widgets::funnel_chart;
use crate::ui::widgets::sweep_chart;

/// The loaded tables, then everything the latest simulation says, top to
/// bottom, in one scrolled column.
pub fn dashboard_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    // Up and down only: tables and charts fit the width on screen.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            data_panel::data_panel_ui(ui, &workspace.data, commands);
            ui.separator();
            figures_ui(ui, workspace, commands);
        });
}

fn figures_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let Some(simulation) = &workspace.simulation else {
        ui.horizontal_wrapped(|ui| {
            if workspace.is_simulating() {
                ui.spinner();
                ui.label("Scoring the contacts…");
            } else if workspace.checked.scorable().is_err() {
                ui.label(
                    "No figures: the working rule set has errors, listed in red in the rule list. Fix them (or map the missing fields at the top of the list) to see the figures.",
                );
            } else {
                ui.label("No figures yet.");
            }
        });
        return;
    };
    headline::headline_ui(ui, &simulation.comparison, simulation.months);
    ui.add_space(12.0);
    // Right under the headline, so its numbers stay in sight while a
    // threshold line is dragged.
    ui.heading("Score distribution");
    distribution_chart::distribution_chart_ui(
        ui,
        &simulation.distribution,
        &workspace.working.stages,
        distribution_chart::CHART_HEIGHT,
        commands,
    );
    ui.add_space(12.0);
    ui.heading("Stages");
    stage_table::stage_table_ui(ui, &simulation.comparison);
    ui.add_space(12.0);
    ui.heading("Contacts per stage");
    funnel_chart::funnel_chart_ui(ui, &funnel_chart::stage_funnel(&simulation.comparison));
    ui.add_space(12.0);
    ui.heading("Volume and conversion against the threshold");
    sweep_chart::sweep_chart_ui(ui, &simulation.sweep, &workspace.working.stages);
    ui.add_space(12.0);
    ui.heading("From baseline stage to proposed stage");
    transitions::transitions_ui(ui, &simulation.comparison);
    ui.add_space(8.0);
    stage_changes::stage_changes_ui(ui, &simulation.comparison, &workspace.data, commands);
    ui.add_space(12.0);
    ui.heading("Grades");
    grade_matrix::grade_matrix_ui(ui, &simulation.comparison.proposal);
}
