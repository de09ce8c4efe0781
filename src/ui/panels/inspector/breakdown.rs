//! One contact's score rule by rule: whether each rule matched, the points
//! it gave, and the values that decided it; event rules list their events.

use eframe::egui;

use super::events;
use crate::engine::Scores;
use crate::model::{RulePath, RuleSet};
use crate::ui::app::workspace::Workspace;

/// Every enabled rule of the proposal for contact `row`, in rule-set order.
pub(super) fn rules_ui(ui: &mut egui::Ui, workspace: &Workspace, scores: &Scores, row: usize) {
    let rules = &workspace.working;
    ui.strong("Rule by rule");
    if let Some(as_of) = scores.as_of {
        ui.label(format!("As of {as_of}. {}", rules.decay.describe()));
    }
    let explanations = events::explanations(ui, workspace, scores, row);
    for result in &scores.rules {
        ui.separator();
        let matched = result.matched.get(row);
        ui.horizontal_wrapped(|ui| {
            if matched {
                ui.strong("yes");
                ui.strong(format!("{:+}", result.points_for(row)));
            } else {
                ui.label("no");
                ui.label("0");
            }
            let condition = rules
                .rule(result.path)
                .map(|r| r.condition.describe())
                .unwrap_or_default();
            ui.label(&result.name).on_hover_text(condition);
        });
        match explanations.iter().find(|(path, _)| *path == result.path) {
            Some((_, explanation)) => events::event_rule_ui(ui, explanation),
            None => {
                let values = deciding_values(workspace, rules, result.path, row);
                if !values.is_empty() {
                    ui.add(egui::Label::new(values).wrap());
                }
            }
        }
    }
}

/// "Seniority: VP; Department: Sales" for the fields a rule reads, plus a
/// word on events for conditions that combine events with other tests.
fn deciding_values(workspace: &Workspace, rules: &RuleSet, path: RulePath, row: usize) -> String {
    let Some(rule) = rules.rule(path) else {
        return String::new();
    };
    let mut fields: Vec<&str> = rule.condition.fields();
    fields.sort_unstable();
    fields.dedup();
    let mut parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let value = workspace.data.value_text(row, f).unwrap_or_default();
            format!("{f}: {value}")
        })
        .collect();
    if rule.condition.uses_events() {
        // Only a rule that is one event condition is explained event by
        // event; combined with other tests, its points are whole.
        parts.push("its events, with the other conditions".to_owned());
    }
    parts.join("; ")
}
