//! Exclusions: conditions that take a contact out of MQL and SQL whatever
//! its score, each switched on or off, edited in place, or deleted.

use eframe::egui;

use super::condition_editor::ConditionEditor;
use super::issues::issues_ui;
use crate::model::{Exclusion, RuleEdit, Target};
use crate::ui::app::command::{Command, EditPhase};
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::{committed_text, name_widget};

/// Width of the name and note fields.
const FIELD_WIDTH: f32 = 240.0;

/// The accessible name of an exclusion's Edit button.
pub fn edit_exclusion_label(name: &str) -> String {
    format!("Edit exclusion {name}")
}

/// The accessible name of an exclusion's Delete button.
pub fn delete_exclusion_label(name: &str) -> String {
    format!("Delete exclusion {name}")
}

/// Which exclusion's editor is open: drawing state only, kept by egui
/// (one editor at a time, like the rule editor).
fn open_exclusion_id() -> egui::Id {
    egui::Id::unique("open_exclusion")
}

/// The exclusions of the working rule set, and a button to add one.
pub fn exclusions_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    ui.heading("Exclusions: never MQL or SQL");
    let exclusions = &workspace.working.exclusions;
    if exclusions.is_empty() {
        ui.weak("No exclusions: every contact can reach MQL and SQL.");
    }
    let open: Option<usize> = ui
        .data(|d| d.get_temp::<Option<usize>>(open_exclusion_id()))
        .flatten();
    for (index, exclusion) in exclusions.iter().enumerate() {
        ui.push_id(("exclusion", index), |ui| {
            let is_open = open == Some(index);
            exclusion_ui(ui, workspace, index, exclusion, is_open, commands);
        });
    }
    if ui.button("Add exclusion").clicked() {
        let exclusion = Exclusion {
            condition: workspace.new_condition(),
            ..Exclusion::default()
        };
        commands.push(Command::edit(RuleEdit::AddExclusion(Box::new(exclusion))));
        ui.data_mut(|d| d.insert_temp(open_exclusion_id(), Some(exclusions.len())));
    }
    ui.add_space(12.0);
}

fn exclusion_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    index: usize,
    exclusion: &Exclusion,
    is_open: bool,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let mut enabled = exclusion.enabled;
        if ui.checkbox(&mut enabled, &exclusion.name).changed() {
            commands.push(Command::edit(RuleEdit::ToggleExclusion { index, enabled }));
        }
        let label = if is_open { "Close" } else { "Edit" };
        let edit = ui.small_button(label);
        name_widget(ui, &edit, &edit_exclusion_label(&exclusion.name));
        if edit.clicked() {
            let open = (!is_open).then_some(index);
            ui.data_mut(|d| d.insert_temp(open_exclusion_id(), open));
        }
        let delete = ui.small_button("Delete");
        name_widget(ui, &delete, &delete_exclusion_label(&exclusion.name));
        if delete.clicked() {
            commands.push(Command::edit(RuleEdit::DeleteExclusion(index)));
            ui.data_mut(|d| d.insert_temp(open_exclusion_id(), None::<usize>));
        }
    });
    ui.indent("details", |ui| {
        let condition = format!("when {}", exclusion.condition.describe());
        if exclusion.enabled {
            ui.label(condition);
        } else {
            ui.weak(condition);
        }
        if !exclusion.note.is_empty() {
            ui.weak(&exclusion.note);
        }
        issues_ui(ui, workspace, |target| target == Target::Exclusion(index));
    });
    if is_open && let Some((edited, phase)) = exclusion_editor_ui(ui, workspace, exclusion) {
        commands.push(Command::Edit {
            edit: RuleEdit::ReplaceExclusion {
                index,
                exclusion: Box::new(edited),
            },
            phase,
        });
    }
}

/// Name, condition and note of one exclusion; the edited copy, if any.
fn exclusion_editor_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    exclusion: &Exclusion,
) -> Option<(Exclusion, EditPhase)> {
    let mut edited = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new("exclusion_editor")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label("Name");
                let name =
                    committed_text(ui, "name", &exclusion.name, "Exclusion name", FIELD_WIDTH);
                if let Some(name) = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()) {
                    edited = Some((
                        Exclusion {
                            name,
                            ..exclusion.clone()
                        },
                        EditPhase::Done,
                    ));
                }
                ui.end_row();

                ui.label("When");
                ui.vertical(|ui| {
                    let editor = ConditionEditor::new(workspace, "Exclusion", &exclusion.condition);
                    if let Some((condition, phase)) = editor.ui(ui) {
                        edited = Some((
                            Exclusion {
                                condition,
                                ..exclusion.clone()
                            },
                            phase,
                        ));
                    }
                });
                ui.end_row();

                ui.label("Note");
                let note =
                    committed_text(ui, "note", &exclusion.note, "Exclusion note", FIELD_WIDTH);
                if let Some(note) = note {
                    edited = Some((
                        Exclusion {
                            note,
                            ..exclusion.clone()
                        },
                        EditPhase::Done,
                    ));
                }
                ui.end_row();
            });
    });
    edited
}
