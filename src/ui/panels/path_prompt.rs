//! A typed path, for when the native file dialog cannot be shown (no
//! desktop portal, a remote session): never a silent dead end.

use std::path::PathBuf;

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::dialogs::PathPrompt;
use crate::ui::widgets::edit::name_widget;

/// The accessible name of the path field.
pub const PATH_LABEL: &str = "File path";
/// The label of the button that takes the typed path.
pub const OK_LABEL: &str = "Use this file";

/// The prompt, while there is one; closed by OK or Cancel.
pub fn path_prompt_ui(
    ui: &mut egui::Ui,
    prompt: &mut Option<PathPrompt>,
    commands: &mut Vec<Command>,
) {
    let Some(current) = prompt else {
        return;
    };
    let mut close = false;
    egui::Window::new(current.purpose.title())
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ui.ctx(), |ui| {
            if let Some(reason) = &current.reason {
                ui.colored_label(ui.visuals().warn_fg_color, reason);
            }
            ui.label("Type the full path of the file:");
            let response = ui.add(
                egui::TextEdit::singleline(&mut current.text)
                    .desired_width(520.0)
                    .hint_text(current.purpose.example_path()),
            );
            name_widget(ui, &response, PATH_LABEL);
            // Typing goes into the field at once.
            if ui.memory(|m| m.focused().is_none()) {
                response.request_focus();
            }
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let path = current.text.trim().trim_matches('"').to_owned();
            let exists = std::path::Path::new(&path).is_file();
            if !path.is_empty() && !exists && !current.purpose.saves() {
                ui.colored_label(ui.visuals().error_fg_color, "No such file");
            }
            ui.horizontal(|ui| {
                let usable = !path.is_empty() && (exists || current.purpose.saves());
                let ok = ui.add_enabled(usable, egui::Button::new(OK_LABEL));
                name_widget(ui, &ok, OK_LABEL);
                if (ok.clicked() || entered) && usable {
                    commands.push(Command::for_file(current.purpose, PathBuf::from(&path)));
                    close = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    if close {
        *prompt = None;
    }
}
