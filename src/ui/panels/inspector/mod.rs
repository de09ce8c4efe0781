//! "Test a contact": find a contact by id, email or name and see its score
//! rule by rule under the proposal (event rules event by event), beside its
//! stage under the baseline, and what it would take to reach MQL and SQL.

mod breakdown;
mod events;
mod reach;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use eframe::egui;

use crate::analysis::{ContactSearch, Simulation, contact_label, search_contacts};
use crate::data::Outcome;
use crate::ui::app::workspace::Workspace;

/// Contacts offered while the search matches several.
const MAX_SUGGESTIONS: usize = 8;

/// What the user typed; kept by the studio between frames.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Inspector {
    /// Whether the panel is shown.
    pub open: bool,
    /// The contact id, email or name searched for.
    pub query: String,
}

/// The accessible name of the search field.
pub const SEARCH_LABEL: &str = "Contact id, email or name";

/// The search field and, once one contact matches, its breakdown.
pub fn inspector_ui(ui: &mut egui::Ui, inspector: &mut Inspector, workspace: &Workspace) {
    ui.heading("Test a contact");
    let label = ui.label(SEARCH_LABEL);
    ui.add(
        egui::TextEdit::singleline(&mut inspector.query)
            .hint_text("100042, ana@acme.com or Ana Ruiz")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let data = &workspace.data;
    let search = remembered(ui, "search", (&inspector.query, data.revision), || {
        search_contacts(data, &inspector.query, MAX_SUGGESTIONS)
    });
    match search.as_ref() {
        ContactSearch::Empty => {
            ui.label("Type a contact's id, email or name to see its score rule by rule.");
        }
        ContactSearch::Nothing => {
            ui.label("No contact has this id, email or name.");
        }
        ContactSearch::Suggestions(matches) => suggestions_ui(ui, inspector, matches),
        ContactSearch::Found(row) => {
            let Some(simulation) = &workspace.simulation else {
                ui.spinner();
                return;
            };
            egui::ScrollArea::vertical()
                .id_salt("inspector")
                .auto_shrink([false, false])
                .show(ui, |ui| contact_ui(ui, simulation, workspace, *row));
        }
    }
}

/// The contacts that match in part, each saying which field matched.
fn suggestions_ui(
    ui: &mut egui::Ui,
    inspector: &mut Inspector,
    matches: &[crate::analysis::ContactMatch],
) {
    ui.label("Several contacts match; pick one:");
    let mut picked = None;
    for found in matches {
        let text = format!("{} (by {})", found.label, found.field.label());
        if ui.button(text).clicked() {
            picked = Some(found.id.clone());
        }
    }
    if let Some(id) = picked {
        inspector.query = id;
    }
}

fn contact_ui(ui: &mut egui::Ui, simulation: &Simulation, workspace: &Workspace, row: usize) {
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
    ui.strong(contact_label(&workspace.data, row));
    ui.label(format!("Outcome: {outcome}"));
    ui.strong(format!(
        "Score {} = fit {} + engagement {}: {stage}",
        value(&scores.total),
        value(&scores.fit),
        value(&scores.engagement),
    ));
    ui.label(format!(
        "Baseline: score {}, {baseline_stage}",
        value(&baseline.total)
    ));
    for (name, matched) in &scores.exclusions {
        if matched.get(row) {
            ui.colored_label(ui.visuals().warn_fg_color, format!("Excluded: {name}"));
        }
    }
    ui.add_space(6.0);
    reach::what_it_would_take_ui(ui, &workspace.working, scores, row);
    ui.add_space(6.0);
    breakdown::rules_ui(ui, workspace, scores, row);
}

/// A value computed once per `key` and kept in egui's memory, so that a
/// search over a million contacts or a contact's event explanations are
/// not redone every frame. One slot per `salt`: a new key replaces it.
fn remembered<T: Send + Sync + 'static>(
    ui: &egui::Ui,
    salt: &str,
    key: impl Hash,
    compute: impl FnOnce() -> T,
) -> Arc<T> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    let key = hasher.finish();
    let id = egui::Id::unique(("inspector_memory", salt));
    if let Some((kept_key, value)) = ui.data(|d| d.get_temp::<(u64, Arc<T>)>(id))
        && kept_key == key
    {
        return value;
    }
    let value = Arc::new(compute());
    ui.data_mut(|d| d.insert_temp(id, (key, Arc::clone(&value))));
    value
}
