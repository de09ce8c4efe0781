//! "Open your data": the contacts, deals and events files (typed or
//! chosen), a preview of each, the role of every column with why it was
//! chosen, and the choices a real export needs (an id column, date order,
//! what each deal status means, won deals only). Nothing already loaded is
//! replaced until "Load" succeeds.

use eframe::egui;

use crate::data::{ColumnOverride, DateFormat, RoleMapping, TableKind, TablePreview};
use crate::ui::app::command::Command;
use crate::ui::app::dialogs::FilePurpose;
use crate::ui::app::import::{ImportForm, TABLES, slot};
use crate::ui::widgets::edit::name_widget;

/// The accessible name of a table's path field ("contacts file").
pub fn path_label(table: TableKind) -> String {
    format!("{} file", table.label())
}

/// The accessible name of a role's column choice ("contacts contact id column").
pub fn role_label(table: TableKind, role: &str) -> String {
    format!("{} {role} column", table.label())
}

/// The accessible name of a status value's choice ("closed won means won").
pub fn status_label(value: &str, meaning: &str) -> String {
    format!("{value} means {meaning}")
}

/// The label of the button that loads the chosen files.
pub const LOAD_LABEL: &str = "Load the data";
/// The label of the "every row is a won deal" box.
pub const ALL_WON_LABEL: &str = "Every row is a won deal";

/// The window, when open.
pub fn data_import_ui(ui: &mut egui::Ui, form: &mut ImportForm, commands: &mut Vec<Command>) {
    if !form.open {
        return;
    }
    let mut open = true;
    // As tall as the screen allows: the roles are below the previews.
    let height = (ui.ctx().content_rect().height() - 80.0).max(300.0);
    egui::Window::new("Open your data")
        .open(&mut open)
        .default_width(920.0)
        .default_height(height)
        .min_height(height.min(560.0))
        .vscroll(true)
        .show(ui.ctx(), |ui| {
            if let Some(error) = &form.load_error {
                ui.colored_label(ui.visuals().error_fg_color, error);
                ui.add_space(6.0);
            }
            ui.label(
                "Choose your CRM export. Each column's role is detected from its name; check it, change it where it is wrong, then load.",
            );
            for table in TABLES {
                ui.separator();
                ui.push_id(table.label(), |ui| table_ui(ui, form, table, commands));
            }
            ui.separator();
            footer_ui(ui, form, commands);
        });
    if !open {
        form.open = false;
    }
}

fn table_title(table: TableKind) -> &'static str {
    match table {
        TableKind::Contacts => "Contacts (required): one row per contact",
        TableKind::Deals => "Deals (optional): won and lost deals, joined to the contacts",
        TableKind::Events => "Events (optional): page views, form submissions, email clicks…",
    }
}

fn table_ui(
    ui: &mut egui::Ui,
    form: &mut ImportForm,
    table: TableKind,
    commands: &mut Vec<Command>,
) {
    ui.strong(table_title(table));
    ui.horizontal(|ui| {
        let Some(text) = form.paths.get_mut(slot(table)) else {
            return;
        };
        let response = ui.add(
            egui::TextEdit::singleline(text)
                .hint_text("path to a .csv or .parquet file")
                .desired_width(560.0),
        );
        name_widget(ui, &response, &path_label(table));
        if response.lost_focus() {
            commands.push(Command::RefreshImport);
        }
        if ui.button("Browse…").clicked() {
            commands.push(Command::AskFile(FilePurpose::DataTable(table)));
        }
        if table != TableKind::Contacts && !text.is_empty() && ui.button("None").clicked() {
            text.clear();
            commands.push(Command::RefreshImport);
        }
    });
    match form.preview(table).cloned() {
        None => {}
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        Some(Ok(preview)) => preview_ui(ui, form, &preview, commands),
    }
}

fn preview_ui(
    ui: &mut egui::Ui,
    form: &mut ImportForm,
    preview: &TablePreview,
    commands: &mut Vec<Command>,
) {
    ui.weak(format!(
        "{} rows · {} columns",
        crate::ui::widgets::format::count(preview.row_count),
        preview.headers.len()
    ));
    for note in &preview.notes {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    rows_ui(ui, preview);
    ui.add_space(4.0);
    roles_ui(ui, form, preview, commands);
    if preview.table == TableKind::Deals {
        deals_ui(ui, form, preview, commands);
    }
    dates_ui(ui, form, preview, commands);
}

/// The first rows, as the file has them.
fn rows_ui(ui: &mut egui::Ui, preview: &TablePreview) {
    egui::ScrollArea::horizontal()
        .id_salt("rows")
        .max_height(170.0)
        .show(ui, |ui| {
            egui::Grid::new("rows").striped(true).show(ui, |ui| {
                for header in &preview.headers {
                    ui.strong(header);
                }
                ui.end_row();
                for row in &preview.rows {
                    for value in row {
                        let shown: String = value.chars().take(40).collect();
                        ui.label(shown);
                    }
                    ui.end_row();
                }
            });
        });
}

/// One line per role: the column (changeable), why, what is wrong.
fn roles_ui(
    ui: &mut egui::Ui,
    form: &mut ImportForm,
    preview: &TablePreview,
    commands: &mut Vec<Command>,
) {
    let table = preview.table;
    egui::Grid::new("roles")
        .num_columns(3)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for role in RoleMapping::role_names(table) {
                let current = form.column(table, role);
                ui.label(*role);
                let mut chosen = current.clone();
                let combo = egui::ComboBox::from_id_salt(("role", *role))
                    .selected_text(chosen.as_deref().unwrap_or("(none)"))
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut chosen, None, "(none)");
                        for header in &preview.headers {
                            ui.selectable_value(&mut chosen, Some(header.clone()), header);
                        }
                    });
                name_widget(ui, &combo.response, &role_label(table, role));
                if chosen != current {
                    form.options.roles.choose(table, role, chosen);
                    commands.push(Command::RefreshImport);
                }
                ui.vertical(|ui| {
                    if let Some(finding) = preview.findings.iter().find(|f| f.role == *role) {
                        let missing =
                            form.column(table, role).is_none() && is_required(form, table, role);
                        if missing {
                            ui.colored_label(ui.visuals().error_fg_color, &finding.why);
                        } else {
                            ui.weak(&finding.why);
                        }
                    }
                    for problem in preview.problems.iter().filter(|p| p.role == *role) {
                        ui.colored_label(ui.visuals().error_fg_color, &problem.message);
                    }
                });
                ui.end_row();
            }
        });
}

/// Whether loading fails without a column for this role.
fn is_required(form: &ImportForm, table: TableKind, role: &str) -> bool {
    match (table, role) {
        (TableKind::Contacts, "contact id") => true,
        (TableKind::Deals, "contact id") => form.column(TableKind::Deals, "email").is_none(),
        (TableKind::Deals, "status") => !form.options.roles.deals.all_won,
        (TableKind::Events, "contact id" | "timestamp" | "event type") => true,
        _ => false,
    }
}

/// Won deals only, and what each status value means.
fn deals_ui(
    ui: &mut egui::Ui,
    form: &mut ImportForm,
    preview: &TablePreview,
    commands: &mut Vec<Command>,
) {
    let deals = &mut form.options.roles.deals;
    ui.add_space(4.0);
    let mut all_won = deals.all_won;
    let response = ui.checkbox(&mut all_won, ALL_WON_LABEL);
    name_widget(ui, &response, ALL_WON_LABEL);
    if response.changed() {
        deals.all_won = all_won;
        commands.push(Command::RefreshImport);
    }
    if preview.suggests_all_won && !deals.all_won {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "This file has a won or close date and no status column: probably won deals only. Tick the box above if so.",
        );
    }
    if deals.all_won || preview.status_values.is_empty() {
        return;
    }
    ui.label("What each status value means:");
    egui::Grid::new("status_values")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (value, count) in &preview.status_values {
                let shown = if value.is_empty() { "(empty)" } else { value };
                ui.label(format!("{shown} ({count})"));
                let meaning = if deals.is_won(value) {
                    "won"
                } else if deals.is_lost(value) {
                    "lost"
                } else {
                    "open"
                };
                ui.horizontal(|ui| {
                    for choice in ["won", "lost", "open"] {
                        let response = ui.selectable_label(meaning == choice, choice);
                        name_widget(ui, &response, &status_label(shown, choice));
                        if response.clicked() && meaning != choice {
                            set_status_meaning(deals, &preview.status_values, value, choice);
                            commands.push(Command::RefreshImport);
                        }
                    }
                });
                ui.end_row();
            }
        });
}

/// Makes the won and lost lists explicit (every value as it is read now)
/// and moves `value` to `meaning`.
fn set_status_meaning(
    deals: &mut crate::data::DealRoles,
    values: &[(String, usize)],
    value: &str,
    meaning: &str,
) {
    let won: Vec<String> = values
        .iter()
        .map(|(v, _)| v)
        .filter(|v| deals.is_won(v) && v.as_str() != value)
        .cloned()
        .collect();
    let lost: Vec<String> = values
        .iter()
        .map(|(v, _)| v)
        .filter(|v| deals.is_lost(v) && v.as_str() != value)
        .cloned()
        .collect();
    deals.won_values = won;
    deals.lost_values = lost;
    match meaning {
        "won" => deals.won_values.push(value.to_owned()),
        "lost" => deals.lost_values.push(value.to_owned()),
        _ => {}
    }
    deals.values_chosen = true;
}

/// Day-first or month-first, for date columns that could be either.
fn dates_ui(
    ui: &mut egui::Ui,
    form: &mut ImportForm,
    preview: &TablePreview,
    commands: &mut Vec<Command>,
) {
    if preview.ambiguous_dates.is_empty() || preview.table == TableKind::Events {
        return;
    }
    ui.add_space(4.0);
    ui.label("Dates that read either way (is 03/04 the 3rd of April or the 4th of March?):");
    let types = match preview.table {
        TableKind::Deals => &mut form.options.deals_column_types,
        _ => &mut form.options.column_types,
    };
    for (column, detected) in &preview.ambiguous_dates {
        ui.horizontal(|ui| {
            ui.label(column);
            let current = match types.get(column) {
                Some(ColumnOverride::Date(format)) => *format,
                _ => *detected,
            };
            for format in [DateFormat::MonthFirst, DateFormat::DayFirst] {
                let response = ui.selectable_label(current == format, format.label());
                name_widget(ui, &response, &format!("{column} as {}", format.label()));
                if response.clicked() && current != format {
                    types.insert(column.clone(), ColumnOverride::Date(format));
                    commands.push(Command::RefreshImport);
                }
            }
        });
    }
}

fn footer_ui(ui: &mut egui::Ui, form: &mut ImportForm, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let load = ui
            .add_enabled(form.can_load(), egui::Button::new(LOAD_LABEL))
            .on_disabled_hover_text("Choose a contacts file that reads, with an id column");
        name_widget(ui, &load, LOAD_LABEL);
        if load.clicked()
            && let Some(sources) = form.sources()
        {
            commands.push(Command::LoadDataWith {
                sources,
                options: Box::new(form.options.clone()),
            });
        }
        if ui.button("Cancel").clicked() {
            form.open = false;
        }
        if form.previewing.is_some() {
            ui.spinner();
            ui.label("Reading the files…");
        }
    });
}
