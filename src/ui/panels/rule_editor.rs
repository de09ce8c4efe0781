//! The rule builder: a rule read and edited as a sentence, "when FIELD
//! OPERATOR VALUE, add POINTS". Every change is one command.

use eframe::egui;

use crate::model::parts::{self as edit, EVENTS_FIELD, OpChoice, Parts};
use crate::model::{ColumnKind, Condition, Owner, Rule, RuleEdit, RulePath, TextOp};
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
                if let Some((condition, phase)) = condition_ui(ui, workspace, &rule.condition) {
                    edited = Some((
                        Rule {
                            condition,
                            ..rule.clone()
                        },
                        phase,
                    ));
                }
            });
            ui.end_row();

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

/// Move, duplicate, delete, close.
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
        if ui.button("Close editor").clicked() {
            commands.push(Command::EditRule(None));
        }
    });
}

/// Field, operator and value; the changed condition, if any.
fn condition_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    condition: &Condition,
) -> Option<(Condition, EditPhase)> {
    if !condition.is_leaf() {
        ui.label(condition.describe());
        ui.weak("A combined condition (all / any / not): edit it in the rule-set file.");
        return None;
    }
    let parts = Parts::of(condition)?;
    let schema = &workspace.data.schema;
    let kind = schema.kind_of(&parts.field);
    let mut changed = None;
    ui.horizontal_wrapped(|ui| {
        // The field, with the type of every column.
        let mut field = parts.field.clone();
        let selected = match kind {
            Some(kind) => format!("{} ({})", parts.field, kind.label()),
            None if parts.field == EVENTS_FIELD => "Events (activity)".to_owned(),
            None => format!("{} (not in the data)", parts.field),
        };
        let combo = egui::ComboBox::from_id_salt("field")
            .selected_text(selected)
            .height(400.0)
            .show_ui(ui, |ui| {
                for (name, kind) in &schema.columns {
                    ui.selectable_value(
                        &mut field,
                        name.clone(),
                        format!("{name} ({})", kind.label()),
                    );
                }
                if schema.has_events || parts.field == EVENTS_FIELD {
                    ui.selectable_value(&mut field, EVENTS_FIELD.to_owned(), "Events (activity)");
                }
            });
        name_widget(ui, &combo.response, "Field");
        if field != parts.field {
            let kind = schema.kind_of(&field);
            changed = Some((edit::with_field(condition, &field, kind), EditPhase::Done));
        }

        if parts.op != OpChoice::Event {
            let mut op = parts.op;
            let combo = egui::ComboBox::from_id_salt("operator")
                .selected_text(op.label())
                .show_ui(ui, |ui| {
                    for choice in edit::choices(kind.or(Some(ColumnKind::Text)), &parts.field) {
                        ui.selectable_value(&mut op, choice, choice.label());
                    }
                });
            name_widget(ui, &combo.response, "Operator");
            if op != parts.op {
                changed = Some((edit::with_op(condition, op), EditPhase::Done));
            }
        }
    });
    if let Some(change) = value_ui(ui, workspace, condition, &parts) {
        changed = Some(change);
    }
    changed
}

/// The value part of the sentence, by operator.
fn value_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    condition: &Condition,
    parts: &Parts,
) -> Option<(Condition, EditPhase)> {
    use OpChoice::*;
    let with = |change: &dyn Fn(&mut Parts)| {
        let mut parts = parts.clone();
        change(&mut parts);
        parts.build(condition)
    };
    match parts.op {
        op if op.takes_text() => text_value_ui(ui, workspace, parts, &with),
        NumberIs | NumberIsNot | NumberBelow | NumberAtMost | NumberAbove | NumberAtLeast
        | NumberBetween => number_value_ui(ui, parts, &with),
        DateWithin | DateMoreThan => {
            let mut changed = None;
            ui.horizontal(|ui| {
                let mut days = parts.low;
                let response = ui.add(
                    egui::DragValue::new(&mut days)
                        .speed(1.0)
                        .range(0..=36_500)
                        .suffix(" days"),
                );
                name_widget(ui, &response, "Days");
                if response.changed() && days != parts.low {
                    changed = Some((with(&|p| p.low = days), phase_of(&response)));
                }
            });
            changed
        }
        DateBefore | DateAfter => {
            let mut changed = None;
            ui.horizontal(|ui| {
                ui.weak("Date (YYYY-MM-DD)");
                if let Some(text) =
                    committed_text(ui, "date", &parts.text, "Condition value", 120.0)
                    && chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok()
                {
                    changed = Some((with(&|p| p.text = text.clone()), EditPhase::Done));
                }
            });
            changed
        }
        Event => match condition {
            Condition::Event(event) => {
                event_ui(ui, event).map(|(e, phase)| (Condition::Event(e), phase))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Builds the condition with one part changed.
type WithParts<'a> = dyn Fn(&dyn Fn(&mut Parts)) -> Condition + 'a;

/// A text value, with the column's most frequent values to click.
fn text_value_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    parts: &Parts,
    with: &WithParts,
) -> Option<(Condition, EditPhase)> {
    use OpChoice::*;
    let op = parts.op;
    let mut changed = None;
    let hint = if matches!(op, TextOneOf | TextContainsAny | DomainOneOf) {
        "values, comma-separated:"
    } else {
        "value:"
    };
    ui.horizontal(|ui| {
        ui.weak(hint);
        if let Some(text) = committed_text(ui, "value", &parts.text, "Condition value", FIELD_WIDTH)
        {
            changed = Some((with(&|p| p.text = text.clone()), EditPhase::Done));
        }
    });
    let values = workspace.profile.values_of(&parts.field);
    if !values.is_empty() && op != DomainOneOf && op != TextMatches {
        ui.weak("Most frequent values (click to use):");
        ui.horizontal_wrapped(|ui| {
            for (value, count) in values {
                let text = format!("{value} ({count})");
                if ui.small_button(text).clicked() {
                    let list = matches!(op, TextOneOf | TextContainsAny);
                    let new_text = if list && !parts.text.trim().is_empty() {
                        format!("{}, {value}", parts.text)
                    } else {
                        value.clone()
                    };
                    changed = Some((with(&|p| p.text = new_text.clone()), EditPhase::Done));
                }
            }
        });
    }
    changed
}

/// One number, or two for "between".
fn number_value_ui(
    ui: &mut egui::Ui,
    parts: &Parts,
    with: &WithParts,
) -> Option<(Condition, EditPhase)> {
    let mut changed = None;
    ui.horizontal(|ui| {
        let mut low = parts.low;
        let response = ui.add(egui::DragValue::new(&mut low).speed(1.0));
        name_widget(ui, &response, "Condition value");
        if response.changed() && low != parts.low {
            changed = Some((with(&|p| p.low = low), phase_of(&response)));
        }
        if parts.op == OpChoice::NumberBetween {
            ui.label("and");
            let mut high = parts.high;
            let response = ui.add(egui::DragValue::new(&mut high).speed(1.0));
            name_widget(ui, &response, "Upper value");
            if response.changed() && high != parts.high {
                changed = Some((with(&|p| p.high = high), phase_of(&response)));
            }
        }
    });
    changed
}

/// Event types, detail, age and count of an event condition.
fn event_ui(
    ui: &mut egui::Ui,
    event: &crate::model::EventCondition,
) -> Option<(crate::model::EventCondition, EditPhase)> {
    let mut changed = None;
    egui::Grid::new("event_condition")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label("Event types");
            let types = event.event_types.join(", ");
            if let Some(text) = committed_text(ui, "event_types", &types, "Event types", 220.0) {
                let mut e = event.clone();
                e.event_types = edit::split_list(&text);
                changed = Some((e, EditPhase::Done));
            }
            ui.end_row();

            let verb = event.detail.as_ref().map_or("contains", TextOp::verb);
            ui.label(format!("Detail {verb}"));
            let values = event
                .detail
                .as_ref()
                .map(|d| d.values().join(", "))
                .unwrap_or_default();
            if let Some(text) = committed_text(ui, "event_detail", &values, "Event detail", 220.0) {
                let mut e = event.clone();
                e.detail = edit::detail_with_values(event.detail.as_ref(), &text);
                changed = Some((e, EditPhase::Done));
            }
            ui.end_row();

            ui.label("Within");
            let mut days = event.within_days.unwrap_or(0);
            let response = ui.add(
                egui::DragValue::new(&mut days)
                    .range(0..=3650)
                    .custom_formatter(|n, _| {
                        if n == 0.0 {
                            "any time".to_owned()
                        } else {
                            format!("{n} days")
                        }
                    }),
            );
            name_widget(ui, &response, "Events within days");
            if response.changed() && days != event.within_days.unwrap_or(0) {
                let mut e = event.clone();
                e.within_days = (days > 0).then_some(days);
                changed = Some((e, phase_of(&response)));
            }
            ui.end_row();

            ui.label("At least");
            let mut at_least = event.at_least;
            let response = ui.add(
                egui::DragValue::new(&mut at_least)
                    .range(1..=1000)
                    .suffix(" times"),
            );
            name_widget(ui, &response, "Events at least");
            if response.changed() && at_least != event.at_least {
                let mut e = event.clone();
                e.at_least = at_least;
                changed = Some((e, phase_of(&response)));
            }
            ui.end_row();
        });
    changed
}
