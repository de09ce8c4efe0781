//! The rules as sentences, grouped, each with its evidence and problems.

use eframe::egui;

use super::command::{Command, EditPhase};
use super::format;
use super::workspace::Workspace;
use crate::model::{Dimension, Group, Rule, RulePath, Severity, Target};

/// The fit and engagement groups of the working rule set.
pub fn rule_list_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for dimension in [Dimension::Fit, Dimension::Engagement] {
                dimension_ui(ui, workspace, dimension, commands);
            }
            exclusions_ui(ui, workspace, commands);
            other_issues_ui(ui, workspace);
        });
}

fn dimension_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    dimension: Dimension,
    commands: &mut Vec<Command>,
) {
    let title = match dimension {
        Dimension::Fit => "Fit: who the contact is",
        Dimension::Engagement => "Engagement: what the contact did",
    };
    ui.heading(title);
    for (group_index, group) in workspace.working.groups(dimension).iter().enumerate() {
        group_ui(ui, workspace, dimension, group_index, group, commands);
    }
    ui.add_space(12.0);
}

fn group_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    dimension: Dimension,
    group_index: usize,
    group: &Group,
    commands: &mut Vec<Command>,
) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.strong(&group.name);
        if let Some(cap) = group.cap {
            ui.weak(format!("(capped at ±{cap})"));
        }
    });
    issues_ui(ui, workspace, |target| {
        target == Target::Group(dimension, group_index)
    });
    for (rule_index, rule) in group.rules.iter().enumerate() {
        let path = RulePath {
            dimension,
            group: group_index,
            rule: rule_index,
        };
        ui.push_id(("rule", dimension.label(), group_index, rule_index), |ui| {
            rule_ui(ui, workspace, path, rule, commands);
        });
    }
}

fn rule_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    path: RulePath,
    rule: &Rule,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let mut enabled = rule.enabled;
        if ui.checkbox(&mut enabled, &rule.name).changed() {
            commands.push(Command::ToggleRule { path, enabled });
        }
        points_ui(ui, path, rule, commands);
        ui.weak(rule.owner.label());
    });
    ui.indent("details", |ui| {
        let condition = format!("when {}", rule.condition.describe());
        if rule.enabled {
            ui.label(condition);
        } else {
            ui.weak(condition);
        }
        evidence_ui(ui, workspace, path, rule.enabled);
        issues_ui(ui, workspace, |target| target == Target::Rule(path));
    });
    ui.add_space(4.0);
}

fn points_ui(ui: &mut egui::Ui, path: RulePath, rule: &Rule, commands: &mut Vec<Command>) {
    let mut points = rule.points;
    let response = ui.add(
        egui::DragValue::new(&mut points)
            .speed(0.2)
            .range(-1000..=1000)
            .suffix(" pts"),
    );
    // Screen readers (and the UI tests) find the field by the rule's name.
    let label = points_label(&rule.name);
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
    if response.changed() && points != rule.points {
        commands.push(Command::SetPoints {
            path,
            points,
            phase: EditPhase::of(&response),
        });
    }
    if response.drag_stopped() {
        commands.push(Command::FinishEdit);
    }
}

/// The accessible name of a rule's points field.
pub fn points_label(rule_name: &str) -> String {
    format!("Points of {rule_name}")
}

/// "matched 1,234 · lift 1.85", from the latest simulation.
fn evidence_ui(ui: &mut egui::Ui, workspace: &Workspace, path: RulePath, enabled: bool) {
    if !enabled {
        ui.weak("disabled");
        return;
    }
    let Some(stat) = workspace
        .simulation
        .as_ref()
        .and_then(|s| s.rule_stat(path))
    else {
        ui.weak("not scored yet");
        return;
    };
    let lift = stat
        .lift
        .map_or_else(|| "–".to_owned(), |lift| format!("{lift:.2}"));
    let mut text = format!("matched {} · lift {lift}", format::count(stat.matched));
    if let Some(flag) = stat.flag {
        text.push_str(&format!(" · {flag}"));
    }
    ui.weak(text).on_hover_text(format!(
        "Conversion of matched contacts {}, of the others {}",
        stat.matched_conversion.describe(),
        stat.rest_conversion.describe()
    ));
}

/// Validation findings whose target passes `concerns`, in red (errors) or
/// the warning colour.
fn issues_ui(ui: &mut egui::Ui, workspace: &Workspace, concerns: impl Fn(Target) -> bool) {
    for issue in workspace.issues.iter().filter(|i| concerns(i.target)) {
        let color = match issue.severity {
            Severity::Error => ui.visuals().error_fg_color,
            Severity::Warning => ui.visuals().warn_fg_color,
        };
        ui.colored_label(color, &issue.message);
    }
}

/// Conditions that take a contact out of MQL and SQL whatever its score.
fn exclusions_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    if workspace.working.exclusions.is_empty() {
        return;
    }
    ui.heading("Exclusions: never MQL or SQL");
    for (index, exclusion) in workspace.working.exclusions.iter().enumerate() {
        ui.push_id(("exclusion", index), |ui| {
            let mut enabled = exclusion.enabled;
            if ui.checkbox(&mut enabled, &exclusion.name).changed() {
                commands.push(Command::ToggleExclusion { index, enabled });
            }
            ui.indent("details", |ui| {
                let condition = format!("when {}", exclusion.condition.describe());
                if exclusion.enabled {
                    ui.label(condition);
                } else {
                    ui.weak(condition);
                }
                issues_ui(ui, workspace, |target| target == Target::Exclusion(index));
            });
        });
    }
    ui.add_space(12.0);
}

/// Findings about criteria, thresholds and the rest.
fn other_issues_ui(ui: &mut egui::Ui, workspace: &Workspace) {
    let other = |target: Target| {
        !matches!(
            target,
            Target::Rule(_) | Target::Group(..) | Target::Exclusion(_)
        )
    };
    if workspace.issues.iter().any(|i| other(i.target)) {
        ui.heading("Other problems");
        for issue in workspace.issues.iter().filter(|i| other(i.target)) {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("{}: {}", issue.location, issue.message),
            );
        }
    }
}
