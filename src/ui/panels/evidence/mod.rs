//! The Evidence tab: how well the working rule set ranks the contacts
//! beside the baseline — first on the whole history (quick, but flattered
//! by activity after the outcome), then on a back-test window with its
//! charts, the stability of every rule since, and points fitted jointly
//! that can be accepted rule by rule or all at once.

mod charts;
mod fitted_points;
mod quality_table;
mod rule_table;
mod run_form;
mod stability_table;

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::evidence_run::{EvidenceReport, EvidenceState};
use crate::ui::app::workspace::Workspace;
use crate::ui::panels::backtest::BacktestForm;
use crate::ui::widgets::format;
use rule_table::LeakageSigns;

pub use fitted_points::{APPLY_ALL_FITTED_LABEL, accept_fitted_label};
pub use run_form::{CAPACITY_LABEL, EvidenceForm, RUN_LABEL};

/// What the whole-history figures cannot be trusted for, said once under
/// them.
pub const WHOLE_HISTORY_NOTE: &str = "Flattering: the whole history scores contacts with \
     activity after their outcome. The back-test figures below are the ones to defend.";

/// The tab, top to bottom in one column that scrolls up and down.
pub fn evidence_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    backtest_form: &mut BacktestForm,
    form: &mut EvidenceForm,
    state: &EvidenceState,
    commands: &mut Vec<Command>,
) {
    // Tables and charts fit the width on screen: nothing scrolls sideways.
    ui.set_max_width(ui.available_width());
    whole_history_ui(ui, workspace, state);
    ui.add_space(16.0);
    ui.separator();
    ui.heading("Back-test evidence");
    run_form::run_form_ui(
        ui,
        workspace,
        backtest_form,
        form,
        state.running.as_ref(),
        commands,
    );
    match &state.outcome {
        None => {}
        Some(Err(error)) => {
            ui.add_space(8.0);
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("No back-test evidence: {}", error.message()),
            );
        }
        Some(Ok(report)) => {
            ui.add_space(8.0);
            report_ui(ui, workspace, report, commands);
        }
    }
}

/// The quality of the simulation on screen, with the note that it is not
/// the figure to defend.
fn whole_history_ui(ui: &mut egui::Ui, workspace: &Workspace, state: &EvidenceState) {
    ui.heading("Model quality on the whole history");
    let names = quality_table::Names {
        rule_set: &workspace.working.name,
        baseline: &workspace.baseline.name,
    };
    match state.whole_history.latest(workspace) {
        None if workspace.simulation.is_none() => {
            ui.label("No figures yet: the rule sets are being scored.");
        }
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Measuring how well the scores rank the contacts…");
            });
        }
        Some((Err(error), _)) => {
            ui.colored_label(ui.visuals().error_fg_color, error.message());
        }
        Some((Ok(quality), current)) => {
            if !current {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.weak("Updating for the latest edit…");
                });
            }
            quality_table::quality_table_ui(ui, "whole_history_quality", quality, &names);
        }
    }
    ui.add(
        egui::Label::new(egui::RichText::new(WHOLE_HISTORY_NOTE).color(ui.visuals().warn_fg_color))
            .wrap(),
    );
}

/// A finished run: quality on the window with its charts, stability and
/// the jointly fitted points.
fn report_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    report: &EvidenceReport,
    commands: &mut Vec<Command>,
) {
    if !report.is_current(workspace) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Computed for an earlier version of the rule set or baseline — run again.",
        );
    }
    let backtest = &report.backtest;
    ui.strong(format!(
        "Back-test at {} with a {}-day horizon",
        backtest.window.cutoff, backtest.window.horizon_days
    ));
    ui.label(format!(
        "{} contacts scored as they were the day before the cutoff; a win is a deal won from the cutoff through day {} after it.",
        format::count(backtest.population),
        backtest.window.horizon_days
    ));
    super::backtest::warnings_ui(ui, &backtest.warnings);
    ui.add_space(6.0);
    let names = quality_table::Names {
        rule_set: report.rule_set_name(),
        baseline: report.baseline_name.as_deref().unwrap_or(""),
    };
    quality_table::quality_table_ui(ui, "backtest_quality", &backtest.quality, &names);
    ui.add_space(10.0);
    charts::charts_ui(ui, &backtest.quality);
    let leakage = LeakageSigns {
        backtest: &backtest.rules,
        simulation: workspace
            .simulation
            .as_ref()
            .map_or(&[], |s| s.rule_stats.as_slice()),
    };
    ui.add_space(12.0);
    ui.heading("Stability since the window");
    stability_table::stability_ui(ui, &report.stability, &leakage);
    ui.add_space(12.0);
    ui.heading("Jointly fitted points");
    fitted_points::fitted_points_ui(ui, workspace, &report.joint_fit, &leakage, commands);
}
