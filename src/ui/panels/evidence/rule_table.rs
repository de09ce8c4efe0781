//! What the Evidence tab's rule tables share: a grid that fits the
//! width, and each rule's name marked when it probably records the
//! outcome.

use eframe::egui;

use crate::analysis::{Leakage, RuleStat};
use crate::model::RulePath;
use crate::ui::widgets::leakage::leakage_marker;

/// Where this view finds probable leakage: the back-test's rule evidence
/// first, then the simulation's.
pub(super) struct LeakageSigns<'a> {
    /// The back-test's rule evidence.
    pub(super) backtest: &'a [RuleStat],
    /// The simulation's.
    pub(super) simulation: &'a [RuleStat],
}

impl<'a> LeakageSigns<'a> {
    /// Why the rule at `path` named `name` probably records the outcome.
    fn of(&self, path: RulePath, name: &str) -> Option<&'a Leakage> {
        let find = |stats: &'a [RuleStat]| {
            stats
                .iter()
                .find(|s| s.path == path && s.name == name)
                .and_then(|s| s.leakage.as_ref())
        };
        find(self.backtest).or_else(|| find(self.simulation))
    }

    /// The rule's name, wrapped to its column (see [`NAME_COLUMN_SHARE`]),
    /// with a detail after it ("per event"); marked below when it is
    /// probably leakage (why, on hover).
    pub(super) fn rule_name_ui(
        &self,
        ui: &mut egui::Ui,
        path: RulePath,
        name: &str,
        detail: Option<&str>,
    ) {
        let text = match detail {
            Some(detail) => format!("{name} ({detail})"),
            None => name.to_owned(),
        };
        let Some(leakage) = self.of(path, name) else {
            ui.add(egui::Label::new(text).wrap());
            return;
        };
        ui.vertical(|ui| {
            ui.add(egui::Label::new(text).wrap());
            leakage_marker(ui, leakage);
        });
    }
}

/// Share of the width a rule table's widest column (the names) may take
/// before its text wraps, so that the figures stay on screen.
const NAME_COLUMN_SHARE: f32 = 0.4;

/// A striped table of rules whose columns never push it off the screen.
pub(super) fn rule_grid(ui: &egui::Ui, id: &str) -> egui::Grid {
    egui::Grid::new(id)
        .striped(true)
        .spacing([16.0, 4.0])
        .max_col_width((ui.available_width() * NAME_COLUMN_SHARE).max(160.0))
}
