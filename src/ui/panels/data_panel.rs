//! The loaded tables: their columns with types and counts, what loading
//! noticed, and which column plays which role (changeable, then reloaded).

use eframe::egui;

use crate::data::{Dataset, RoleMapping, TableKind, TableReport};
use crate::ui::app::command::Command;
use crate::ui::widgets::edit::name_widget;
use crate::ui::widgets::format;

/// Label of the combo box choosing a table's column for a role
/// ("contacts id role").
pub fn role_label(table: TableKind, role: &str) -> String {
    format!("{} {role} role", table.label())
}

/// Label of a column in a role combo box ("email (text)").
pub fn column_choice_label(name: &str, kind: &str) -> String {
    format!("{name} ({kind})")
}

/// A collapsible section per loaded table.
pub fn data_panel_ui(ui: &mut egui::Ui, data: &Dataset, commands: &mut Vec<Command>) {
    egui::CollapsingHeader::new("Data")
        .id_salt("data_panel")
        .show(ui, |ui| {
            for report in &data.reports {
                table_ui(ui, report, &data.roles, commands);
                ui.add_space(8.0);
            }
        });
}

fn table_ui(
    ui: &mut egui::Ui,
    report: &TableReport,
    roles: &RoleMapping,
    commands: &mut Vec<Command>,
) {
    ui.strong(format!(
        "{}: {} rows, {}",
        report.table.label(),
        format::count(report.rows),
        report.path.display()
    ));
    for note in &report.notes {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    roles_ui(ui, report, roles, commands);
    egui::Grid::new(("data_columns", report.table.label()))
        .striped(true)
        .spacing([24.0, 2.0])
        .show(ui, |ui| {
            for title in ["Column", "Type", "Present", "Unreadable", "Note"] {
                ui.strong(title);
            }
            ui.end_row();
            for column in &report.columns {
                ui.label(&column.name);
                ui.label(column.kind.label());
                ui.label(format::count(column.present));
                ui.label(format::count(column.unreadable));
                ui.weak(column.note.as_deref().unwrap_or_default());
                ui.end_row();
            }
        });
}

/// One combo box per role; a change reloads the data with the new roles.
fn roles_ui(
    ui: &mut egui::Ui,
    report: &TableReport,
    roles: &RoleMapping,
    commands: &mut Vec<Command>,
) {
    let mut edited = roles.clone();
    ui.horizontal_wrapped(|ui| {
        for role in RoleMapping::role_names(report.table) {
            ui.label(format!("{role}:"));
            let before = roles.column(report.table, role);
            let mut chosen = before.clone();
            let combo = egui::ComboBox::from_id_salt(("role", report.table.label(), *role))
                .selected_text(before.as_deref().unwrap_or("(none)"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, None, "(none)");
                    for column in &report.columns {
                        ui.selectable_value(
                            &mut chosen,
                            Some(column.name.clone()),
                            column_choice_label(&column.name, column.kind.label()),
                        );
                    }
                });
            let why = report
                .roles
                .iter()
                .find(|f| f.role == *role)
                .map_or("", |f| f.why.as_str());
            let response = combo.response.on_hover_text(why);
            name_widget(ui, &response, &role_label(report.table, role));
            if chosen != before {
                edited.choose(report.table, role, chosen);
            }
        }
    });
    if edited != *roles {
        commands.push(Command::ReloadWithRoles(Box::new(edited)));
    }
}
