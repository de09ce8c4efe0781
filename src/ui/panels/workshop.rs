//! The workshop: the working rule set beside the other team's proposal,
//! rule by rule and by the headline figures.

use eframe::egui;

use crate::analysis::SimulationSummary;
use crate::model::{RuleChange, Stage, diff};
use crate::ui::app::command::Command;
use crate::ui::app::other_proposal::OtherProposal;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::format;

/// The comparison, or a button to load the other proposal.
pub fn workshop_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let label = if workspace.other.is_some() {
            "Load another proposal..."
        } else {
            "Load the other team's proposal..."
        };
        if ui
            .button(label)
            .on_hover_text("Open a second rule set to compare with the working one")
            .clicked()
        {
            commands.push(Command::AskFile(
                crate::ui::app::dialogs::FilePurpose::OpenOther,
            ));
        }
        if let Some(path) = workspace.other.as_ref().and_then(|o| o.path.as_ref()) {
            ui.weak(path.display().to_string());
        }
    });
    let Some(other) = &workspace.other else {
        ui.add_space(8.0);
        ui.label(
            "Compare the working rule set with another team's proposal, e.g. sales_proposal.ron.",
        );
        return;
    };
    ui.add_space(12.0);
    ui.heading("Headline figures");
    figures_ui(ui, workspace, other);
    ui.add_space(16.0);
    ui.heading(format!(
        "Rules: {} against {}",
        workspace.working.name, other.rules.name
    ));
    differences_ui(ui, workspace, other);
}

fn figures_ui(ui: &mut egui::Ui, workspace: &Workspace, other: &OtherProposal) {
    let working = workspace
        .simulation
        .as_ref()
        .map(|s| (&s.comparison.proposal, &s.comparison.baseline));
    let other_summary = match &other.summary {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Scoring the other proposal...");
            });
            None
        }
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message.message());
            None
        }
        Some(Ok(summary)) => Some(summary),
    };
    let columns: Vec<(String, Option<&SimulationSummary>)> = vec![
        (workspace.working.name.clone(), working.map(|w| w.0)),
        (other.rules.name.clone(), other_summary),
        ("Baseline".to_owned(), working.map(|w| w.1)),
    ];
    type Figure = fn(&SimulationSummary) -> String;
    let rows: [(&str, Figure); 6] = [
        ("SQL contacts", |s| {
            format::count(s.stage(Stage::Sql).map_or(0, |s| s.count))
        }),
        ("MQL contacts", |s| {
            format::count(s.stage(Stage::Mql).map_or(0, |s| s.count))
        }),
        ("Conversion of MQL and SQL", |s| {
            let rate = &s.qualified_conversion;
            format!(
                "{} (n={})",
                format::percent(rate.value),
                format::count(rate.n)
            )
        }),
        ("Won captured", |s| format::count(s.won_captured)),
        ("Won missed", |s| format::count(s.won_missed)),
        ("Revenue captured", |s| format::money(s.revenue_captured)),
    ];
    ui.weak(format!("Baseline: {}", workspace.baseline.name));
    egui::Grid::new("workshop_figures")
        .striped(true)
        .spacing([20.0, 6.0])
        .show(ui, |ui| {
            ui.label("");
            for (name, _) in &columns {
                ui.strong(name);
            }
            ui.end_row();
            for (label, figure) in rows {
                ui.label(label);
                for (_, summary) in &columns {
                    match summary {
                        Some(summary) => ui.label(figure(summary)),
                        None => ui.weak("-"),
                    };
                }
                ui.end_row();
            }
        });
}

fn differences_ui(ui: &mut egui::Ui, workspace: &Workspace, other: &OtherProposal) {
    let difference = diff(&workspace.working, &other.rules);
    if difference.is_empty() {
        ui.label("The two rule sets score alike.");
        return;
    }
    let only_in = |name: &str| format!("only in {name}");
    egui::Grid::new("workshop_rules")
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            for title in ["Rule", "Dimension", "Difference"] {
                ui.strong(title);
            }
            ui.end_row();
            for rule in &difference.rules {
                ui.label(&rule.name);
                ui.weak(rule.dimension);
                match &rule.change {
                    RuleChange::Added => ui.label(only_in(&other.rules.name)),
                    RuleChange::Removed => ui.label(only_in(&workspace.working.name)),
                    RuleChange::Changed(changes) => ui.label(format::plain(&changes.join("; "))),
                };
                ui.end_row();
            }
        });
    if !difference.settings.is_empty() {
        ui.add_space(12.0);
        ui.heading("Other settings");
        for setting in &difference.settings {
            ui.label(format::plain(setting));
        }
    }
}
