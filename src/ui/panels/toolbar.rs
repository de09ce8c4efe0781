//! The top bar: the rule set's name, file and history buttons, the
//! baseline, the contact inspector, the presentation view and the look;
//! then the thresholds.

use std::path::PathBuf;

use eframe::egui;

use super::baseline_menu;
use super::thresholds;
use super::view_menu;
use crate::export::ExportKind;
use crate::ui::app::command::Command;
use crate::ui::app::dialogs::FilePurpose;
use crate::ui::app::state::State;
use crate::ui::app::workspace::Workspace;

/// The menu of rule-set and project files.
pub const FILE_MENU_LABEL: &str = "File";
/// The label of the button that opens the presentation view.
pub const PRESENT_LABEL: &str = "Present";
/// The label of the button that opens the contact inspector.
pub const INSPECT_LABEL: &str = "Test a contact";
/// Width kept for the unsaved mark, so the buttons never move when it shows.
const UNSAVED_MARK_WIDTH: f32 = 76.0;

/// File, baseline and history buttons, and the threshold controls.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    state: &State,
    threshold_note: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.strong(&workspace.working.name);
        unsaved_mark_ui(ui, workspace.has_unsaved_changes());
        file_buttons_ui(ui, &state.recent, commands);
        export_menu_ui(ui, commands);
        ui.separator();
        history_ui(ui, workspace, commands);
        ui.separator();
        baseline_menu::baseline_menu_ui(ui, workspace, commands);
        if ui
            .button(INSPECT_LABEL)
            .on_hover_text("See one contact's score rule by rule")
            .clicked()
        {
            commands.push(Command::ToggleInspector);
        }
        if ui
            .button(PRESENT_LABEL)
            .on_hover_text("The big numbers and the score chart, for the room (F5; Esc leaves)")
            .clicked()
        {
            commands.push(Command::TogglePresentation);
        }
        view_menu::view_menu_ui(ui, state, commands);
    });
    ui.add_space(2.0);
    thresholds::thresholds_ui(ui, workspace, threshold_note, commands);
    ui.add_space(4.0);
}

/// "unsaved" in a slot of fixed width, empty when saved.
fn unsaved_mark_ui(ui: &mut egui::Ui, unsaved: bool) {
    let size = egui::vec2(UNSAVED_MARK_WIDTH, ui.spacing().interact_size.y);
    if unsaved {
        ui.add_sized(
            size,
            egui::Label::new(egui::RichText::new("unsaved").italics()),
        )
        .on_hover_text("The rule set differs from its file; Save… keeps it");
    } else {
        ui.allocate_space(size);
    }
}

/// The File menu (rule sets and projects), then Data… and Export.
fn file_buttons_ui(ui: &mut egui::Ui, recent: &[PathBuf], commands: &mut Vec<Command>) {
    ui.menu_button(FILE_MENU_LABEL, |ui| {
        let mut item = |ui: &mut egui::Ui, label: &str, hover: &str, command: Command| {
            if ui.button(label).on_hover_text(hover).clicked() {
                commands.push(command);
                ui.close();
            }
        };
        item(
            ui,
            "Open…",
            "Open a rule set (Ctrl+O)",
            Command::AskFile(FilePurpose::OpenRuleSet),
        );
        item(
            ui,
            "Save…",
            "Save the working rule set (Ctrl+S)",
            Command::AskFile(FilePurpose::SaveRuleSet),
        );
        ui.separator();
        item(
            ui,
            "Open project…",
            "A project: the data files, their roles and the three rule sets",
            Command::AskFile(FilePurpose::OpenProject),
        );
        item(
            ui,
            "Save project…",
            "The data files, their roles and the three rule sets, in one file",
            Command::AskFile(FilePurpose::SaveProject),
        );
        ui.separator();
        recent_ui(ui, recent, commands);
    })
    .response
    .on_hover_text("Open and save rule sets and projects (Ctrl+O, Ctrl+S)");
    if ui
        .button("Data…")
        .on_hover_text("Open your CRM export: contacts, deals and events (or drop the files here)")
        .clicked()
    {
        commands.push(Command::OpenImport);
    }
}

/// The rule sets opened lately, as a submenu.
fn recent_ui(ui: &mut egui::Ui, recent: &[PathBuf], commands: &mut Vec<Command>) {
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Recent", |ui| {
            for path in recent {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if ui
                    .button(name)
                    .on_hover_text(path.display().to_string())
                    .clicked()
                {
                    commands.push(Command::OpenRuleSet(path.clone()));
                    ui.close();
                }
            }
        });
    });
}

/// The Export menu.
fn export_menu_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.menu_button("Export", |ui| {
        for kind in ExportKind::ALL {
            if ui.button(kind.label()).clicked() {
                commands.push(Command::AskFile(FilePurpose::Export(kind)));
                ui.close();
            }
        }
    })
    .response
    .on_hover_text("Export the rule set, its SQL or its SLA summary");
}

/// Undo and redo.
fn history_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let undo = ui
        .add_enabled(workspace.history.can_undo(), egui::Button::new("Undo"))
        .on_hover_text("Undo the last change, a new baseline included (Ctrl+Z)");
    if undo.clicked() {
        commands.push(Command::Undo);
    }
    let redo = ui
        .add_enabled(workspace.history.can_redo(), egui::Button::new("Redo"))
        .on_hover_text("Redo (Ctrl+Shift+Z)");
    if redo.clicked() {
        commands.push(Command::Redo);
    }
}
