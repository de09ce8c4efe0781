//! A rule set written for other data, fixed in one place: the fields it
//! names that the data lacks, each mapped to a column of the data (renamed
//! in every rule, one undo step), or a fresh start — empty, or drafted
//! from the history.

use eframe::egui;

use crate::model::{MissingField, RuleEdit, missing_fields};
use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::name_widget;

/// The accessible name of a missing field's column choice.
pub fn map_label(field: &str) -> String {
    format!("Map {field} to")
}

/// The label of the button that starts an empty rule set.
pub const START_EMPTY_LABEL: &str = "Start an empty rule set";
/// The label of the button that opens the draft window.
pub const DRAFT_LABEL: &str = "Draft from the data…";

/// The panel, when the working rule set names fields the data lacks.
pub fn fit_data_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let missing = missing_fields(&workspace.working, &workspace.data.schema);
    if missing.is_empty() {
        return;
    }
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, ui.visuals().warn_fg_color))
        .show(ui, |ui| {
            ui.strong(format!(
                "This rule set reads {} field{} your data does not have",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" }
            ));
            ui.label(
                "The rule set cannot be scored until each one is pointed at a column of your data. Or start again from your data.",
            );
            ui.add_space(4.0);
            egui::Grid::new("missing_fields")
                .num_columns(3)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for field in &missing {
                        field_ui(ui, workspace, field, commands);
                        ui.end_row();
                    }
                });
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                let suggested: Vec<&MissingField> =
                    missing.iter().filter(|m| m.suggestion.is_some()).collect();
                if suggested.len() > 1 && ui.button("Use every suggestion").clicked() {
                    for field in suggested {
                        if let Some(to) = &field.suggestion {
                            commands.push(Command::edit(RuleEdit::RenameField {
                                from: field.field.clone(),
                                to: to.clone(),
                            }));
                        }
                    }
                }
                if ui
                    .button(START_EMPTY_LABEL)
                    .on_hover_text("Keep the thresholds, drop every rule (undo brings them back)")
                    .clicked()
                {
                    commands.push(Command::edit(RuleEdit::ReplaceAll(Box::new(
                        workspace.working.emptied("New rule set"),
                    ))));
                }
                if ui
                    .button(DRAFT_LABEL)
                    .on_hover_text("Pick rules your history suggests")
                    .clicked()
                {
                    commands.push(Command::OpenDraft);
                }
            });
        });
    ui.add_space(8.0);
}

fn field_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    field: &MissingField,
    commands: &mut Vec<Command>,
) {
    let uses = if field.uses == 1 {
        "1 rule".to_owned()
    } else {
        format!("{} rules", field.uses)
    };
    // The name as the rule set spells it, shortened: a rule set can name
    // a field of any length, and this label must fit beside its menu.
    ui.label(format!("{} ({uses})", crate::format::echo(&field.field)));
    let mut chosen: Option<String> = None;
    let combo = egui::ComboBox::from_id_salt(("map", &field.field))
        .selected_text("map to column…")
        .width(200.0)
        .height(400.0)
        .show_ui(ui, |ui| {
            for (name, kind) in &workspace.data.schema.columns {
                let fits = field.expected.is_none_or(|e| e == *kind);
                let text = format!("{name} ({})", kind.label());
                let response = ui.add_enabled(fits, egui::Button::selectable(false, text));
                if response.clicked() {
                    chosen = Some(name.clone());
                }
            }
        });
    name_widget(ui, &combo.response, &map_label(&field.field));
    if let Some(to) = chosen {
        commands.push(Command::edit(RuleEdit::RenameField {
            from: field.field.clone(),
            to,
        }));
    }
    match &field.suggestion {
        Some(suggestion) => {
            let text = format!("Use {suggestion}");
            if ui.button(&text).clicked() {
                commands.push(Command::edit(RuleEdit::RenameField {
                    from: field.field.clone(),
                    to: suggestion.clone(),
                }));
            }
        }
        None => {
            ui.weak("no similar column");
        }
    }
}
