//! The rule builder: a rule read and edited as a sentence, "when FIELD
//! OPERATOR VALUE, add POINTS". Every change is one command.

use eframe::egui;

use super::condition_editor::ConditionEditor;
use crate::model::{Condition, Owner, Rule, RuleEdit, RulePath};
use crate::ui::app::command::{Command, EditPhase};
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::{committed_text, name_widget, phase_of};

/// Width of the text fields of the editor.
const FIELD_WIDTH: f32 = 260.0;

/// The editor of one rule, below its row in the rule list.
pub fn rule_editor_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    path: RulePath,
    rule: &Rule,
    commands: &mut Vec<Command>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        if let Some((edited, phase)) = fields_ui(ui, workspace, rule) {
            commands.push(Command::Edit {
                edit: RuleEdit::ReplaceRule {
                    path,
                    rule: Box::new(edited),
                },
                phase,
            });
        }
        ui.add_space(6.0);
        actions_ui(ui, workspace, path, commands);
    });
}

/// Name, sentence, owner and note; the edited rule, if anything changed.
fn fields_ui(ui: &mut egui::Ui, workspace: &Workspace, rule: &Rule) -> Option<(Rule, EditPhase)> {
    let mut edited = None;
    egui::Grid::new("rule_editor")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            ui.label("Name");
            if let Some(name) = committed_text(ui, "name", &rule.name, "Rule name", FIELD_WIDTH) {
                let name = name.trim().to_owned();
                if !name.is_empty() {
                    edited = Some((
                        Rule {
                            name,
                            ..rule.clone()
                        },
                        EditPhase::Done,
                    ));
                }
            }
            ui.end_row();

            ui.label("When");
            ui.vertical(|ui| {
                let editor = ConditionEditor::new(workspace, "", &rule.condition);
                if let Some((condition, phase)) = editor.ui(ui) {
                    // Points per event only make sense for an event condition.
                    let per_event_max = rule
                        .per_event_max
                        .filter(|_| matches!(condition, Condition::Event(_)));
                    edited = Some((
                        Rule {
                            condition,
                            per_event_max,
                            ..rule.clone()
                        },
                        phase,
                    ));
                }
            });
            ui.end_row();

            if matches!(rule.condition, Condition::Event(_)) {
                ui.label("Points");
                if let Some(change) = per_event_ui(ui, rule) {
                    edited = Some(change);
                }
                ui.end_row();
            }

            ui.label("Owner");
            let mut owner = rule.owner;
            let combo = egui::ComboBox::from_id_salt("owner")
                .selected_text(owner.label())
                .show_ui(ui, |ui| {
                    for choice in [Owner::Marketing, Owner::Sales] {
                        ui.selectable_value(&mut owner, choice, choice.label());
                    }
                });
            name_widget(ui, &combo.response, "Rule owner");
            if owner != rule.owner {
                edited = Some((
                    Rule {
                        owner,
                        ..rule.clone()
                    },
                    EditPhase::Done,
                ));
            }
            ui.end_row();

            ui.label("Note");
            if let Some(note) = committed_text(ui, "note", &rule.note, "Rule note", FIELD_WIDTH) {
                edited = Some((
                    Rule {
                        note,
                        ..rule.clone()
                    },
                    EditPhase::Done,
                ));
            }
            ui.end_row();
        });
    edited
}

/// Move, duplicate, delete. The rule's own row closes the editor (its
/// Edit button reads Close while open): one close button, not two.
fn actions_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    path: RulePath,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let group_len = workspace
            .working
            .groups(path.dimension)
            .get(path.group)
            .map_or(0, |g| g.rules.len());
        if ui
            .add_enabled(path.rule > 0, egui::Button::new("Move up"))
            .clicked()
        {
            commands.push(Command::edit(RuleEdit::MoveRule { path, up: true }));
        }
        if ui
            .add_enabled(path.rule + 1 < group_len, egui::Button::new("Move down"))
            .clicked()
        {
            commands.push(Command::edit(RuleEdit::MoveRule { path, up: false }));
        }
        if ui.button("Duplicate").clicked() {
            commands.push(Command::edit(RuleEdit::DuplicateRule(path)));
        }
        if ui.button("Delete rule").clicked() {
            commands.push(Command::edit(RuleEdit::DeleteRule(path)));
        }
    });
}

/// "Points for every event, up to N events" for a rule on events.
fn per_event_ui(ui: &mut egui::Ui, rule: &Rule) -> Option<(Rule, EditPhase)> {
    let mut edited = None;
    ui.horizontal(|ui| {
        let mut per_event = rule.per_event_max.is_some();
        let response = ui.checkbox(&mut per_event, "for every event");
        name_widget(ui, &response, "Points for every event");
        if response.changed() {
            let per_event_max = per_event.then_some(DEFAULT_PER_EVENT_MAX);
            edited = Some((
                Rule {
                    per_event_max,
                    ..rule.clone()
                },
                EditPhase::Done,
            ));
        }
        let Some(max) = rule.per_event_max else {
            return;
        };
        let mut value = max;
        let response = ui.add(
            egui::DragValue::new(&mut value)
                .range(1..=1000)
                .prefix("up to ")
                .suffix(" events"),
        );
        name_widget(ui, &response, "Up to events");
        if response.changed() && value != max {
            edited = Some((
                Rule {
                    per_event_max: Some(value),
                    ..rule.clone()
                },
                phase_of(&response),
            ));
        }
    });
    edited
}

/// How many events earn points when per-event points are switched on.
const DEFAULT_PER_EVENT_MAX: u32 = 3;
