//! The View menu: the theme and the zoom, both remembered between runs.

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::state::{State, Theme};
use crate::ui::widgets::edit::name_widget;

/// The menu's label.
pub const MENU_LABEL: &str = "View";
/// Zoom step of the − and + buttons.
const ZOOM_STEP: f32 = 0.1;

/// The accessible name of a zoom button ("Zoom in", "Zoom out").
pub const ZOOM_IN_LABEL: &str = "Zoom in";
/// See [`ZOOM_IN_LABEL`].
pub const ZOOM_OUT_LABEL: &str = "Zoom out";

/// Theme choices and zoom buttons.
pub fn view_menu_ui(ui: &mut egui::Ui, state: &State, commands: &mut Vec<Command>) {
    // Zoom is clicked several times in a row: clicks inside keep it open.
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new(MENU_LABEL)
        .config(config)
        .ui(ui, |ui| {
            ui.strong("Theme");
            for theme in Theme::ALL {
                if ui.radio(state.theme == theme, theme.label()).clicked() {
                    commands.push(Command::SetTheme(theme));
                }
            }
            ui.separator();
            zoom_ui(ui, state.zoom.unwrap_or(1.0), commands);
            ui.weak("Ctrl + and Ctrl − zoom too; Ctrl 0 resets.");
        })
        .0
        .on_hover_text("Theme (a light one for projectors) and zoom");
}

fn zoom_ui(ui: &mut egui::Ui, zoom: f32, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label("Zoom");
        let out = ui.button("−").on_hover_text(ZOOM_OUT_LABEL);
        name_widget(ui, &out, ZOOM_OUT_LABEL);
        if out.clicked() {
            commands.push(Command::SetZoom(zoom - ZOOM_STEP));
        }
        ui.label(format!("{:.0}%", zoom * 100.0));
        let zoom_in = ui.button("+").on_hover_text(ZOOM_IN_LABEL);
        name_widget(ui, &zoom_in, ZOOM_IN_LABEL);
        if zoom_in.clicked() {
            commands.push(Command::SetZoom(zoom + ZOOM_STEP));
        }
        if ui.button("Reset").clicked() {
            commands.push(Command::SetZoom(1.0));
        }
    });
}
