//! The workshop: the working rule set beside the other team's proposal —
//! headline figures against the baseline, rules paired with both sides'
//! points and figures, settings in words — and adopting from the other side,
//! which builds the merged proposal.

mod figures;
mod loader;
mod rules;
mod settings;

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;

pub use loader::{LOAD_OTHER_LABEL, OTHER_PATH_LABEL, SAVE_MERGED_LABEL, choice_label};
pub use rules::{adopt_points_label, adopt_rule_label, drop_rule_label};
pub use settings::adopt_setting_label;

/// The comparison, or how to load the other proposal.
pub fn workshop_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    // The tab sits in a scroll area that could scroll sideways; the tables
    // wrap to the visible width instead, so a projector shows every column.
    ui.set_max_width(ui.available_width());
    loader::loader_ui(ui, workspace, commands);
    let Some(other) = &workspace.other else {
        ui.add_space(8.0);
        ui.label(
            "Compare the working rule set with the other team's proposal: type its path, \
             pick one above or choose a file. Then adopt their rules, points or thresholds \
             one by one; the working rule set becomes the merged proposal.",
        );
        return;
    };
    ui.add_space(12.0);
    ui.heading("Headline figures");
    figures::figures_ui(ui, workspace, other);
    // Thresholds are the SLA itself: they come before the long rule table.
    ui.add_space(16.0);
    settings::settings_ui(ui, workspace, other, commands);
    ui.add_space(16.0);
    ui.heading(format!(
        "Rules: {} beside {}",
        workspace.working.name, other.rules.name
    ));
    rules::pairs_ui(ui, workspace, other, commands);
}
