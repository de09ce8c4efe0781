//! Validation findings shown beside what they concern (a rule, a group,
//! an exclusion, a criterion).

use eframe::egui;

use crate::model::{Severity, Target};
use crate::ui::app::workspace::Workspace;

/// Validation findings whose target passes `concerns`, in red (errors) or
/// the warning colour.
pub fn issues_ui(ui: &mut egui::Ui, workspace: &Workspace, concerns: impl Fn(Target) -> bool) {
    for issue in workspace.issues().iter().filter(|i| concerns(i.target)) {
        let color = match issue.severity {
            Severity::Error => ui.visuals().error_fg_color,
            Severity::Warning => ui.visuals().warn_fg_color,
        };
        ui.colored_label(color, &issue.message);
    }
}
