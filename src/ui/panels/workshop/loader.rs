//! Choosing the other team's proposal: a typed path, one click on a rule
//! set next to the working one, or the file dialog; and saving the merged
//! proposal under a new name.

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::dialogs::FilePurpose;
use crate::ui::app::other_proposal::rule_set_choices;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::name_widget;

/// The accessible name of the field for the other proposal's path.
pub const OTHER_PATH_LABEL: &str = "Path of the other team's proposal";
/// The accessible name of the button that loads the typed path.
pub const LOAD_OTHER_LABEL: &str = "Load the other team's proposal from the path";
/// The button that saves the working rule set as the merged proposal.
pub const SAVE_MERGED_LABEL: &str = "Save as merged proposal…";

/// The accessible name of the one-click choice of a rule-set file.
pub fn choice_label(file_name: &str) -> String {
    format!("Compare with {file_name}")
}

/// The typed path, the one-click choices, the dialog and the merged save.
pub fn loader_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Other team's proposal:");
        typed_path_ui(ui, commands);
        let choose = if workspace.other.is_some() {
            "Choose another file…"
        } else {
            "Choose a file…"
        };
        if ui
            .button(choose)
            .on_hover_text("Open a second rule set to compare with the working one")
            .clicked()
        {
            commands.push(Command::AskFile(FilePurpose::OpenOther));
        }
    });
    choices_ui(ui, workspace, commands);
    if workspace.other.is_some() {
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(SAVE_MERGED_LABEL)
                .on_hover_text(
                    "What you adopted is in the working rule set: save it as a new file, \
                     leaving both teams' files as they are",
                )
                .clicked()
            {
                commands.push(Command::AskFile(FilePurpose::SaveMerged));
            }
        });
    }
}

/// A path field kept in egui's memory until it is loaded; Enter or Load
/// opens it (errors reach the status bar).
fn typed_path_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let id = ui.make_persistent_id("workshop_other_path");
    let mut text: String = ui.data_mut(|d| d.get_temp(id).unwrap_or_default());
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .hint_text("/path/to/sales_proposal.ron")
            .desired_width(280.0),
    );
    name_widget(ui, &response, OTHER_PATH_LABEL);
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let load = ui.button("Load");
    name_widget(ui, &load, LOAD_OTHER_LABEL);
    let path = text.trim().trim_matches('"').to_owned();
    if (entered || load.clicked()) && !path.is_empty() {
        commands.push(Command::OpenOther(PathBuf::from(path)));
    }
    ui.data_mut(|d| d.insert_temp(id, text));
}

/// The rule sets beside the working one and the bundled samples, one
/// click each; the folder is read once per working file, not every frame.
fn choices_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let working = workspace.working_path.as_deref();
    let id = egui::Id::unique(("workshop_choices", working));
    let choices: Vec<PathBuf> = match ui.data(|d| d.get_temp(id)) {
        Some(choices) => choices,
        None => {
            let samples = crate::data::sample_data_dir();
            let mut folders: Vec<&Path> = working.and_then(Path::parent).into_iter().collect();
            folders.push(&samples);
            let choices = rule_set_choices(&folders, &working.into_iter().collect::<Vec<_>>());
            ui.data_mut(|d| d.insert_temp(id, choices.clone()));
            choices
        }
    };
    if choices.is_empty() {
        return;
    }
    let current = workspace.other.as_ref().and_then(|o| o.path.as_deref());
    ui.horizontal_wrapped(|ui| {
        ui.weak("Or compare with:");
        for path in &choices {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let selected = current.is_some_and(|c| c == path);
            let response = ui
                .selectable_label(selected, &name)
                .on_hover_text(path.display().to_string());
            name_widget(ui, &response, &choice_label(&name));
            if response.clicked() && !selected {
                commands.push(Command::OpenOther(path.clone()));
            }
        }
    });
}
