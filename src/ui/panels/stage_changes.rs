//! The contacts whose stage differs between baseline and proposal: a
//! virtualised table (only the visible rows are laid out, so a hundred
//! thousand changes scroll as smoothly as ten) and its CSV export.

use std::path::Path;

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::analysis::Comparison;
use crate::data::Dataset;
use crate::ui::app::command::Command;
use crate::ui::app::error::AppError;
use crate::ui::widgets::format;

/// Height of one table row, in points.
const ROW_HEIGHT: f32 = 18.0;
/// Height of the scrolled part of the table, in points.
const TABLE_HEIGHT: f32 = 240.0;
/// Label of the export button.
pub const EXPORT_LABEL: &str = "Export changes to CSV";

/// Contact id, stages and scores under both rule sets.
pub fn stage_changes_ui(
    ui: &mut egui::Ui,
    comparison: &Comparison,
    data: &Dataset,
    commands: &mut Vec<Command>,
) {
    if comparison.changes.is_empty() {
        ui.weak("No contact changes stage.");
        return;
    }
    // The count is in the transitions above.
    if ui
        .button(EXPORT_LABEL)
        .on_hover_text("Write every contact that changes stage to a CSV file")
        .clicked()
    {
        commands.push(Command::AskFile(
            crate::ui::app::dialogs::FilePurpose::ExportChanges,
        ));
    }
    // The table fills what it is given; keep it to its own block.
    ui.allocate_ui(
        egui::vec2(ui.available_width(), TABLE_HEIGHT + 30.0),
        |ui| {
            changes_table_ui(ui, comparison, data, commands);
        },
    );
}

fn changes_table_ui(
    ui: &mut egui::Ui,
    comparison: &Comparison,
    data: &Dataset,
    commands: &mut Vec<Command>,
) {
    TableBuilder::new(ui)
        .id_salt("stage_changes")
        .striped(true)
        .vscroll(true)
        .min_scrolled_height(TABLE_HEIGHT)
        .max_scroll_height(TABLE_HEIGHT)
        .column(
            Column::initial(160.0)
                .at_least(80.0)
                .resizable(true)
                .clip(true),
        )
        .columns(Column::initial(110.0).resizable(true), 3)
        .column(Column::remainder())
        .header(ROW_HEIGHT + 4.0, |mut header| {
            for title in [
                "Contact",
                "Baseline stage",
                "Proposed stage",
                "Baseline score",
                "Proposed score",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, comparison.changes.len(), |mut row| {
                let Some(change) = comparison.changes.get(row.index()) else {
                    return;
                };
                let id = data.ids.get(change.row).map_or("?", String::as_str);
                row.col(|ui| {
                    if ui
                        .link(id)
                        .on_hover_text("Open this contact in the inspector")
                        .clicked()
                    {
                        commands.push(Command::InspectContact(id.to_owned()));
                    }
                });
                row.col(|ui| {
                    ui.label(change.baseline.label());
                });
                row.col(|ui| {
                    ui.strong(change.proposal.label());
                });
                row.col(|ui| {
                    ui.label(change.baseline_score.to_string());
                });
                row.col(|ui| {
                    ui.label(change.proposal_score.to_string());
                });
            });
        });
}

/// The stage changes as CSV text: a header, then one line per contact.
pub fn changes_csv(comparison: &Comparison, data: &Dataset) -> String {
    let mut csv =
        String::from("contact_id,baseline_stage,proposed_stage,baseline_score,proposed_score\n");
    for change in &comparison.changes {
        let id = data.ids.get(change.row).map_or("", String::as_str);
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            csv_field(id),
            change.baseline.label(),
            change.proposal.label(),
            change.baseline_score,
            change.proposal_score
        ));
    }
    csv
}

/// Quotes a field that holds a comma, a quote or a line break, and
/// defuses a leading formula character for spreadsheets.
fn csv_field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Writes the stage changes; the notice or the error names the file last.
pub fn write_changes(
    comparison: &Comparison,
    data: &Dataset,
    path: &Path,
) -> Result<String, AppError> {
    crate::files::write_atomic(path, changes_csv(comparison, data).as_bytes())
        .map(|()| {
            format!(
                "Exported {} stage changes: {}",
                format::count(comparison.changes.len()),
                path.display()
            )
        })
        .map_err(|source| AppError::Write {
            path: path.to_owned(),
            source: std::sync::Arc::new(source),
        })
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("C-17"), "C-17");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }
}
