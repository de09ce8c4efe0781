//! The baseline picker: what the working rule set is compared with. Every
//! choice is one undo step, so no baseline is ever lost.

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::dialogs::FilePurpose;
use crate::ui::app::workspace::{BaselineChoice, Workspace};

/// The menu's accessible name.
pub const MENU_LABEL: &str = "Choose the baseline";
/// The menu item that pins the working rule set.
pub const PIN_LABEL: &str = "Pin the working rule set as it is now";
/// The menu item that brings the production rule set back.
pub const PRODUCTION_LABEL: &str = "Production";
/// The menu item that takes the other team's proposal.
pub const OTHER_LABEL: &str = "The other team's proposal";
/// The menu item that reads a rule-set file.
pub const FILE_LABEL: &str = "From a file…";
/// Earlier versions listed, newest first.
const MAX_VERSIONS_LISTED: usize = 8;
/// Longest baseline name shown on the button itself.
const MAX_NAME_CHARS: usize = 28;

/// "Baseline: Current production ▾" and its choices.
pub fn baseline_menu_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let name = shortened(&workspace.baseline.name);
    let response = ui
        .menu_button(format!("Baseline: {name}"), |ui| {
            choices_ui(ui, workspace, commands);
        })
        .response;
    crate::ui::widgets::edit::name_widget(ui, &response, MENU_LABEL);
    response.on_hover_text(format!(
        "Every figure is compared with \"{}\". Choose another; Undo brings this one back.",
        workspace.baseline.name
    ));
}

fn choices_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let mut choose = |ui: &mut egui::Ui, enabled: bool, label: String, hover: &str, choice| {
        let response = ui
            .add_enabled(enabled, egui::Button::new(label))
            .on_hover_text(hover);
        if response.clicked() {
            commands.push(Command::SetBaseline(choice));
            ui.close();
        }
    };
    choose(
        ui,
        true,
        format!("{PRODUCTION_LABEL}: {}", workspace.production.name),
        "The rule set the session opened with as the baseline",
        BaselineChoice::Production,
    );
    choose(
        ui,
        true,
        PIN_LABEL.to_owned(),
        "Compare every later change with the working rule set as it is now",
        BaselineChoice::Working,
    );
    let other = workspace.other.as_ref().map(|o| o.rules.name.as_str());
    choose(
        ui,
        other.is_some(),
        match other {
            Some(name) => format!("{OTHER_LABEL}: {name}"),
            None => format!("{OTHER_LABEL} (load it in the Workshop tab)"),
        },
        "Compare with the proposal loaded in the Workshop tab",
        BaselineChoice::Other,
    );
    if !workspace.saved_versions.is_empty() {
        ui.separator();
        ui.weak("The working rule set as opened or saved:");
        let versions = workspace.saved_versions.iter().enumerate().rev();
        for (index, version) in versions.take(MAX_VERSIONS_LISTED) {
            choose(
                ui,
                true,
                version.label.clone(),
                "The working rule set as it was opened or saved then",
                BaselineChoice::Saved(index),
            );
        }
        ui.separator();
    }
    if ui
        .button(FILE_LABEL)
        .on_hover_text("A rule set (.ron, .json) to compare with")
        .clicked()
    {
        commands.push(Command::AskFile(FilePurpose::OpenBaseline));
        ui.close();
    }
}

/// The name cut to fit the toolbar, with an ellipsis.
fn shortened(name: &str) -> String {
    if name.chars().count() <= MAX_NAME_CHARS {
        return name.to_owned();
    }
    let kept: String = name.chars().take(MAX_NAME_CHARS - 1).collect();
    format!("{kept}…")
}
