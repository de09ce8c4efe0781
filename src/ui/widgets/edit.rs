//! Small widgets and helpers shared by the panels.

use eframe::egui;

use crate::ui::app::command::EditPhase;

/// `Ongoing` while the widget is being dragged, `Done` otherwise: a drag is
/// one undo step, recorded when it stops.
pub fn phase_of(response: &egui::Response) -> EditPhase {
    if response.dragged() {
        EditPhase::Ongoing
    } else {
        EditPhase::Done
    }
}

/// Gives a widget the name screen readers (and the UI tests) find it by.
pub fn name_widget(ui: &egui::Ui, response: &egui::Response, label: &str) {
    let label = label.to_owned();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
}

/// A one-line text field whose text becomes a command only when the user
/// leaves it (Enter or a click elsewhere): typing is not one step per key.
/// Returns the new text when it differs from `current`.
pub fn committed_text(
    ui: &mut egui::Ui,
    id_salt: &str,
    current: &str,
    label: &str,
    width: f32,
) -> Option<String> {
    let id = ui.make_persistent_id(id_salt);
    let mut text = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.to_owned());
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id(id.with("edit"))
            .desired_width(width),
    );
    name_widget(ui, &response, label);
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(id));
        return (text != current).then_some(text);
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    None
}
