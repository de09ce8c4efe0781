//! A group's heading: its name (renamed in place), a button that deletes
//! it with its rules, and its cap.

use eframe::egui;

use crate::model::{Dimension, Group, RuleEdit};
use crate::ui::app::command::Command;
use crate::ui::widgets::edit::{committed_text, name_widget, phase_of};

/// Where a group sits: its dimension and its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupPlace {
    /// Fit or engagement.
    pub dimension: Dimension,
    /// Index of the group within its dimension.
    pub index: usize,
}

/// Name, delete button and cap of one group, on one line.
pub fn group_header_ui(
    ui: &mut egui::Ui,
    place: GroupPlace,
    group: &Group,
    commands: &mut Vec<Command>,
) {
    let GroupPlace {
        dimension,
        index: group_index,
    } = place;
    ui.horizontal(|ui| {
        group_name_ui(ui, place, group, commands);
        ui.add_space(8.0);
        let mut capped = group.cap.is_some();
        let response = ui.checkbox(&mut capped, "capped at");
        name_widget(ui, &response, &format!("Cap {}", group.name));
        if response.changed() {
            commands.push(Command::edit(RuleEdit::SetGroupCap {
                dimension,
                group: group_index,
                cap: capped.then_some(group_cap_default(group)),
            }));
        }
        if let Some(cap) = group.cap {
            let mut value = cap;
            let response = ui.add(
                egui::DragValue::new(&mut value)
                    .speed(0.2)
                    .range(0..=1000)
                    .prefix("+/- ")
                    .suffix(" pts"),
            );
            name_widget(ui, &response, &format!("Cap of {}", group.name));
            if response.changed() && value != cap {
                commands.push(Command::Edit {
                    edit: RuleEdit::SetGroupCap {
                        dimension,
                        group: group_index,
                        cap: Some(value),
                    },
                    phase: phase_of(&response),
                });
            }
        }
    });
}

/// The accessible name of a group's name field.
pub fn group_name_label(group_name: &str) -> String {
    format!("Name of group {group_name}")
}

/// The accessible name of a group's Delete button.
pub fn delete_group_label(group_name: &str) -> String {
    format!("Delete group {group_name}")
}

/// The group's name, renamed in place (on Enter or when the field is
/// left), and a button that deletes the group with its rules.
fn group_name_ui(ui: &mut egui::Ui, place: GroupPlace, group: &Group, commands: &mut Vec<Command>) {
    let label = group_name_label(&group.name);
    if let Some(name) = committed_text(ui, "group_name", &group.name, &label, 260.0)
        && !name.trim().is_empty()
    {
        commands.push(Command::edit(RuleEdit::RenameGroup {
            dimension: place.dimension,
            group: place.index,
            name,
        }));
    }
    let delete = ui.small_button("Delete group").on_hover_text(format!(
        "Delete {} with its {} rules",
        group.name,
        group.rules.len()
    ));
    name_widget(ui, &delete, &delete_group_label(&group.name));
    if delete.clicked() {
        commands.push(Command::edit(RuleEdit::DeleteGroup {
            dimension: place.dimension,
            group: place.index,
        }));
    }
}

/// The cap a group gets when capping is switched on: its largest rule.
fn group_cap_default(group: &Group) -> i64 {
    group
        .rules
        .iter()
        .map(|r| r.points.abs())
        .max()
        .unwrap_or(10)
        .max(5)
}
