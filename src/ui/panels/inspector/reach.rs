//! "What it would take": the points a contact lacks to reach MQL and SQL,
//! and the rules it does not match yet that would close the gap.

use eframe::egui;

use crate::analysis::{PathToThreshold, what_it_would_take};
use crate::engine::Scores;
use crate::model::RuleSet;

/// The heading of the section, found by tests.
pub(crate) const WHAT_IT_WOULD_TAKE: &str = "What it would take";

/// The gap to each threshold and how it could close.
pub(super) fn what_it_would_take_ui(
    ui: &mut egui::Ui,
    rules: &RuleSet,
    scores: &Scores,
    row: usize,
) {
    let take = what_it_would_take(rules, scores, row);
    ui.strong(WHAT_IT_WOULD_TAKE);
    if take.excluded {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "An exclusion holds: no score makes this contact MQL or SQL.",
        );
        return;
    }
    for (stage, path) in [("MQL", &take.mql), ("SQL", &take.sql)] {
        ui.add(egui::Label::new(gap_sentence(stage, path)).wrap());
    }
}

/// "To MQL (30): 12 points missing; matching Demo request (+25) would do
/// it." — or already there, or out of reach with what the rules offer.
pub(crate) fn gap_sentence(stage: &str, path: &PathToThreshold) -> String {
    let threshold = path.threshold;
    if path.missing_points == 0 {
        return format!("{stage} ({threshold}): already reached.");
    }
    let missing = format!(
        "{stage} ({threshold}): {} points missing",
        path.missing_points
    );
    let rules: Vec<String> = path
        .rules
        .iter()
        .map(|r| format!("{} ({:+})", r.name, r.added_points))
        .collect();
    match (path.reachable, rules.is_empty()) {
        (true, _) => format!("{missing}; matching {} would do it.", rules.join(", ")),
        (false, true) => format!("{missing}; no rule it lacks would add points."),
        (false, false) => {
            let most: i64 = path.rules.iter().map(|r| r.added_points).sum();
            format!(
                "{missing}; no combination of the rules it lacks reaches it \
                 (all of them: {most:+})."
            )
        }
    }
}
