//! "Test a contact": one contact's score, rule by rule, under the proposal,
//! beside its stage under the baseline.

use eframe::egui;

use crate::analysis::Simulation;
use crate::data::Outcome;
use crate::model::RuleSet;
use crate::ui::app::workspace::Workspace;

/// Ids offered while the search matches several contacts.
const MAX_SUGGESTIONS: usize = 8;

/// What the user typed; kept by the studio between frames.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Inspector {
    /// Whether the panel is shown.
    pub open: bool,
    /// The contact id searched for.
    pub query: String,
}

/// The accessible name of the search field.
pub const SEARCH_LABEL: &str = "Contact id";

/// The search field and, once one contact matches, its breakdown.
pub fn inspector_ui(ui: &mut egui::Ui, inspector: &mut Inspector, workspace: &Workspace) {
    ui.heading("Test a contact");
    ui.horizontal(|ui| {
        let label = ui.label(SEARCH_LABEL);
        ui.text_edit_singleline(&mut inspector.query)
            .labelled_by(label.id);
    });
    let query = inspector.query.trim();
    if query.is_empty() {
        ui.weak("Type a contact id to see its score rule by rule.");
        return;
    }
    let ids = &workspace.data.ids;
    let Some(row) = ids.iter().position(|id| id == query) else {
        suggestions_ui(ui, inspector, ids);
        return;
    };
    let Some(simulation) = &workspace.simulation else {
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .show(ui, |ui| {
            contact_ui(ui, simulation, &workspace.working, row, workspace)
        });
}

/// Ids that start with what was typed, as buttons.
fn suggestions_ui(ui: &mut egui::Ui, inspector: &mut Inspector, ids: &[String]) {
    let query = inspector.query.trim().to_lowercase();
    let matches: Vec<&String> = ids
        .iter()
        .filter(|id| id.to_lowercase().starts_with(&query))
        .take(MAX_SUGGESTIONS)
        .collect();
    if matches.is_empty() {
        ui.weak("No contact has this id.");
        return;
    }
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        for id in matches {
            if ui.button(id).clicked() {
                picked = Some(id.clone());
            }
        }
    });
    if let Some(id) = picked {
        inspector.query = id;
    }
}

fn contact_ui(
    ui: &mut egui::Ui,
    simulation: &Simulation,
    rules: &RuleSet,
    row: usize,
    workspace: &Workspace,
) {
    let scores = &simulation.proposal_scores;
    let baseline = &simulation.baseline_scores;
    let outcome = match workspace.data.outcomes.outcome.get(row) {
        Some(Outcome::Won) => "won",
        Some(Outcome::Lost) => "lost",
        Some(Outcome::None) | None => "no closed deal",
    };
    let stage = scores.stage.get(row).map_or("?", |s| s.label());
    let baseline_stage = baseline.stage.get(row).map_or("?", |s| s.label());
    let value = |values: &[i64]| values.get(row).copied().unwrap_or(0);
    ui.label(format!("Outcome: {outcome}"));
    ui.strong(format!(
        "Score {} = fit {} + engagement {}: {stage}",
        value(&scores.total),
        value(&scores.fit),
        value(&scores.engagement),
    ));
    ui.weak(format!(
        "Baseline: score {}, {baseline_stage}",
        value(&baseline.total)
    ));
    for (name, matched) in &scores.exclusions {
        if matched.get(row) {
            ui.colored_label(ui.visuals().warn_fg_color, format!("Excluded: {name}"));
        }
    }
    ui.add_space(8.0);
    egui::Grid::new("inspector_rules")
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Rule");
            ui.strong("Matched");
            ui.strong("Points");
            ui.strong("Values that decided it");
            ui.end_row();
            for result in &scores.rules {
                let matched = result.matched.get(row);
                let condition = rules
                    .rule(result.path)
                    .map(|r| r.condition.describe())
                    .unwrap_or_default();
                ui.label(&result.name).on_hover_text(condition);
                if matched {
                    ui.strong("yes");
                    ui.strong(format!("{:+}", result.points_for(row)));
                } else {
                    ui.weak("no");
                    ui.weak("0");
                }
                ui.label(deciding_values(workspace, rules, result.path, row));
                ui.end_row();
            }
        });
}

/// "Seniority: VP; Department: Sales" for the fields a rule reads, plus a
/// word on events for event conditions.
fn deciding_values(
    workspace: &Workspace,
    rules: &RuleSet,
    path: crate::model::RulePath,
    row: usize,
) -> String {
    let Some(rule) = rules.rule(path) else {
        return String::new();
    };
    let mut fields: Vec<&str> = rule.condition.fields();
    fields.dedup();
    let mut parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let value = workspace.data.value_text(row, f).unwrap_or_default();
            format!("{f}: {value}")
        })
        .collect();
    if rule.condition.uses_events() {
        parts.push("the contact's events".to_owned());
    }
    parts.join("; ")
}
