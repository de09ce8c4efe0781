//! The rules as sentences, grouped, each with its evidence and problems.

use eframe::egui;

use super::group_header::{self, GroupPlace};
use super::issues::issues_ui;
use super::{criteria, exclusions, rule_editor};
use crate::model::{Dimension, Group, Rule, RuleEdit, RulePath, Target};
use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::{name_widget, phase_of};
use crate::ui::widgets::format;
use crate::ui::widgets::leakage::leakage_marker;

/// The fit and engagement groups of the working rule set.
pub fn rule_list_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            super::fit_data::fit_data_ui(ui, workspace, commands);
            for dimension in [Dimension::Fit, Dimension::Engagement] {
                dimension_ui(ui, workspace, dimension, commands);
            }
            exclusions::exclusions_ui(ui, workspace, commands);
            criteria::criteria_ui(ui, workspace, commands);
            other_issues_ui(ui, workspace);
            candidates_ui(ui, workspace, commands);
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
        ui.push_id(("group", dimension.label(), group_index), |ui| {
            group_ui(ui, workspace, dimension, group_index, group, commands);
        });
    }
    ui.add_space(6.0);
    let add_group = match dimension {
        Dimension::Fit => "Add fit group",
        Dimension::Engagement => "Add engagement group",
    };
    if ui.button(add_group).clicked() {
        commands.push(Command::edit(RuleEdit::AddGroup(dimension)));
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
    let place = GroupPlace {
        dimension,
        index: group_index,
    };
    group_header::group_header_ui(ui, place, group, commands);
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
    let add = ui
        .button("Add rule")
        .on_hover_text(format!("Add a rule to {}", group.name));
    name_widget(ui, &add, &format!("Add rule to {}", group.name));
    if add.clicked() {
        commands.push(Command::edit(RuleEdit::AddRule {
            dimension,
            group: group_index,
            rule: Box::new(workspace.new_rule()),
        }));
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
            commands.push(Command::edit(RuleEdit::ToggleRule { path, enabled }));
        }
        points_ui(ui, path, rule, commands);
        ui.weak(rule.owner.label());
        let editing = workspace.editing == Some(path);
        let label = if editing { "Close" } else { "Edit" };
        let edit = ui.small_button(label);
        name_widget(ui, &edit, &edit_label(&rule.name));
        if edit.clicked() {
            commands.push(Command::EditRule((!editing).then_some(path)));
        }
    });

    ui.indent("details", |ui| {
        let condition = format!("when {}", rule.condition.describe());
        if rule.enabled {
            ui.label(condition);
        } else {
            ui.weak(condition);
        }
        evidence_ui(ui, workspace, path, rule, commands);
        issues_ui(ui, workspace, |target| target == Target::Rule(path));
    });
    if workspace.editing == Some(path) {
        ui.add_space(4.0);
        rule_editor::rule_editor_ui(ui, workspace, path, rule, commands);
    }
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
        commands.push(Command::Edit {
            edit: RuleEdit::SetPoints { path, points },
            phase: phase_of(&response),
        });
    }
    if response.drag_stopped() {
        commands.push(Command::FinishEdit);
    }
}

/// The accessible name of a rule's Edit button.
pub fn edit_label(rule_name: &str) -> String {
    format!("Edit {rule_name}")
}

/// The accessible name of a rule's button that accepts the suggested points.
pub fn accept_label(rule_name: &str) -> String {
    format!("Accept suggested points for {rule_name}")
}

/// The accessible name of a candidate rule's Add button.
pub fn add_candidate_label(candidate_name: &str) -> String {
    format!("Add candidate {candidate_name}")
}

/// The accessible name of a rule's points field.
pub fn points_label(rule_name: &str) -> String {
    format!("Points of {rule_name}")
}

/// "matched 1,234 · lift 1.85", from the latest simulation, and the
/// points the history suggests.
fn evidence_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    path: RulePath,
    rule: &Rule,
    commands: &mut Vec<Command>,
) {
    if !rule.enabled {
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
    if let Some(flag) = stat.flag.filter(|_| stat.leakage.is_none()) {
        text.push_str(&format!(" · {flag}"));
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak(text).on_hover_text(format!(
            "Conversion of matched contacts {}, of the others {}",
            stat.matched_conversion.describe(),
            stat.rest_conversion.describe()
        ));
        // Points suggested for a rule that records the outcome would
        // reward the outcome: no suggestion, the marker says why.
        if let Some(leakage) = &stat.leakage {
            leakage_marker(ui, leakage);
            return;
        }
        let Some(suggested) = stat.suggested_points else {
            return;
        };
        if suggested == rule.points {
            ui.weak("· points as the history suggests");
            return;
        }
        ui.weak(format!("· history suggests {suggested} pts"));
        let accept = ui
            .small_button("Accept")
            .on_hover_text(format!("Set the points to {suggested}"));
        name_widget(ui, &accept, &accept_label(&rule.name));
        if accept.clicked() {
            commands.push(Command::edit(RuleEdit::SetPoints {
                path,
                points: suggested,
            }));
        }
    });
}

/// Values and ranges the history says convert markedly better or worse,
/// each with an Add button.
fn candidates_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    ui.add_space(12.0);
    egui::CollapsingHeader::new("Candidate rules from the history")
        .id_salt("candidates")
        .show(ui, |ui| {
            if workspace.profile.candidates.is_empty() {
                ui.weak("The history suggests no rules.");
                return;
            }
            for (index, candidate) in workspace.profile.candidates.iter().enumerate() {
                ui.push_id(("candidate", index), |ui| {
                    ui.horizontal_wrapped(|ui| {
                        let add = ui.small_button("Add");
                        name_widget(ui, &add, &add_candidate_label(&candidate.name));
                        if add.clicked() {
                            commands.push(Command::AddCandidate(index));
                        }
                        ui.strong(&candidate.name);
                        ui.weak(format!(
                            "{} pts · lift {:.2}",
                            candidate.suggested_points, candidate.lift
                        ));
                    });
                    ui.indent("details", |ui| {
                        ui.label(format!("when {}", candidate.description));
                        ui.weak(format!(
                            "conversion {} vs {} for the others",
                            candidate.matched_conversion.describe(),
                            candidate.rest_conversion.describe()
                        ));
                        if let Some(note) = &candidate.note {
                            ui.colored_label(ui.visuals().warn_fg_color, note);
                        }
                    });
                    ui.add_space(4.0);
                });
            }
        });
}

/// Findings about criteria, thresholds and the rest.
fn other_issues_ui(ui: &mut egui::Ui, workspace: &Workspace) {
    let other = |target: Target| {
        !matches!(
            target,
            Target::Rule(_)
                | Target::Group(..)
                | Target::Exclusion(_)
                | Target::MqlCriterion(_)
                | Target::SqlCriterion(_)
        )
    };
    if workspace.issues().iter().any(|i| other(i.target)) {
        ui.heading("Other problems");
        for issue in workspace.issues().iter().filter(|i| other(i.target)) {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("{}: {}", issue.location, issue.message),
            );
        }
    }
}
