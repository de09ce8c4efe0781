//! One simple condition as a sentence: field, operator, value (or the
//! event details). Returns the changed condition; the caller places it.

use eframe::egui;

use crate::model::parts::{self as edit, EVENTS_FIELD, OpChoice, Parts};
use crate::model::tree;
use crate::model::{ColumnKind, Condition, EventCondition, TextOp};
use crate::ui::app::command::EditPhase;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::{committed_text, name_widget, phase_of};

/// Width of the value fields.
const FIELD_WIDTH: f32 = 260.0;

/// The accessible names of one part's widgets: "Field" for the whole
/// condition of a rule, "Field 2.1" for the first part of its second part,
/// "Exclusion field" in an exclusion's editor.
#[derive(Debug, Clone)]
pub struct PartLabels {
    scope: String,
    path: Vec<usize>,
}

impl PartLabels {
    /// The names of the part at `path`, with `scope` in front ("" for
    /// none).
    pub fn new(scope: &str, path: &[usize]) -> Self {
        Self {
            scope: scope.to_owned(),
            path: path.to_vec(),
        }
    }

    /// The name of the widget `base` ("Field", "Operator") of this part.
    pub fn of(&self, base: &str) -> String {
        let mut label = if self.scope.is_empty() {
            base.to_owned()
        } else {
            format!("{} {}", self.scope, base.to_lowercase())
        };
        if !self.path.is_empty() {
            label.push(' ');
            label.push_str(&tree::path_label(&self.path));
        }
        label
    }
}

/// Field, operator and value of a simple condition; the changed
/// condition, if any.
pub fn leaf_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    condition: &Condition,
    labels: &PartLabels,
) -> Option<(Condition, EditPhase)> {
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
        name_widget(ui, &combo.response, &labels.of("Field"));
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
            name_widget(ui, &combo.response, &labels.of("Operator"));
            if op != parts.op {
                changed = Some((edit::with_op(condition, op), EditPhase::Done));
            }
        }
    });
    if let Some(change) = value_ui(ui, workspace, condition, &parts, labels) {
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
    labels: &PartLabels,
) -> Option<(Condition, EditPhase)> {
    use OpChoice::*;
    let with = |change: &dyn Fn(&mut Parts)| {
        let mut parts = parts.clone();
        change(&mut parts);
        parts.build(condition)
    };
    match parts.op {
        op if op.takes_text() => text_value_ui(ui, workspace, parts, labels, &with),
        NumberIs | NumberIsNot | NumberBelow | NumberAtMost | NumberAbove | NumberAtLeast
        | NumberBetween => number_value_ui(ui, parts, labels, &with),
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
                name_widget(ui, &response, &labels.of("Days"));
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
                if let Some(text) = committed_text(
                    ui,
                    "date",
                    &parts.text,
                    &labels.of("Condition value"),
                    120.0,
                ) && chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok()
                {
                    changed = Some((with(&|p| p.text = text.clone()), EditPhase::Done));
                }
            });
            changed
        }
        Event => match condition {
            Condition::Event(event) => {
                event_ui(ui, event, labels).map(|(e, phase)| (Condition::Event(e), phase))
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
    labels: &PartLabels,
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
        if let Some(text) = committed_text(
            ui,
            "value",
            &parts.text,
            &labels.of("Condition value"),
            FIELD_WIDTH,
        ) {
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
    labels: &PartLabels,
    with: &WithParts,
) -> Option<(Condition, EditPhase)> {
    let mut changed = None;
    ui.horizontal(|ui| {
        let mut low = parts.low;
        let response = ui.add(egui::DragValue::new(&mut low).speed(1.0));
        name_widget(ui, &response, &labels.of("Condition value"));
        if response.changed() && low != parts.low {
            changed = Some((with(&|p| p.low = low), phase_of(&response)));
        }
        if parts.op == OpChoice::NumberBetween {
            ui.label("and");
            let mut high = parts.high;
            let response = ui.add(egui::DragValue::new(&mut high).speed(1.0));
            name_widget(ui, &response, &labels.of("Upper value"));
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
    event: &EventCondition,
    labels: &PartLabels,
) -> Option<(EventCondition, EditPhase)> {
    let mut changed = None;
    egui::Grid::new("event_condition")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label("Event types");
            let types = event.event_types.join(", ");
            if let Some(text) =
                committed_text(ui, "event_types", &types, &labels.of("Event types"), 220.0)
            {
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
            if let Some(text) = committed_text(
                ui,
                "event_detail",
                &values,
                &labels.of("Event detail"),
                220.0,
            ) {
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
            name_widget(ui, &response, &labels.of("Events within days"));
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
            name_widget(ui, &response, &labels.of("Events at least"));
            if response.changed() && at_least != event.at_least {
                let mut e = event.clone();
                e.at_least = at_least;
                changed = Some((e, phase_of(&response)));
            }
            ui.end_row();
        });
    changed
}
