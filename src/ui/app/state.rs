//! What the user set up in the app that outlives a session, apart from the
//! rule sets: persisted whole with serde and restored at start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ui::panels::backtest::BacktestForm;
use crate::ui::panels::evidence::EvidenceForm;
use crate::ui::panels::inspector::Inspector;

pub use super::look::{Theme, ZOOM_RANGE};

/// Key of the state in eframe's storage.
pub const STATE_KEY: &str = "leadscore_state";
/// Most recent files remembered.
pub const MAX_RECENT: usize = 8;

/// What the central panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum CentralView {
    /// The figures of the working rule set against the baseline.
    #[default]
    Figures,
    /// Point-in-time back-tests.
    Backtest,
    /// The working rule set beside another team's proposal.
    Workshop,
    /// Model quality, stability and jointly fitted points: the evidence
    /// for the working rule set against the baseline.
    Evidence,
}

impl CentralView {
    /// Every view, in tab order.
    pub const ALL: [CentralView; 4] = [
        CentralView::Figures,
        CentralView::Backtest,
        CentralView::Workshop,
        CentralView::Evidence,
    ];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            CentralView::Figures => "Figures",
            CentralView::Backtest => "Back-test",
            CentralView::Workshop => "Workshop",
            CentralView::Evidence => "Evidence",
        }
    }
}

/// The app's persisted state. Fields missing from an older save take their
/// defaults, so a new field never loses the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// What the central panel shows (the open tab).
    pub view: CentralView,
    /// The contact inspector: whether it is open and what was searched.
    pub inspector: Inspector,
    /// The back-test form (its cutoff and horizon serve the Evidence tab too).
    pub backtest_form: BacktestForm,
    /// The Evidence tab's own settings.
    pub evidence_form: EvidenceForm,
    /// Rule-set files opened or saved lately, newest first.
    pub recent: Vec<PathBuf>,
    /// The colours.
    pub theme: Theme,
    /// The zoom factor (1 = the studio's own sizes); `None` until changed.
    pub zoom: Option<f32>,
}

impl State {
    /// Puts `path` first in the recent files, once.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reads_older_saves() {
        let mut state = State {
            view: CentralView::Workshop,
            ..State::default()
        };
        state.inspector.open = true;
        state.inspector.query = "100042".to_owned();
        state.backtest_form.horizon_days = 60;
        state.evidence_form.capacity_per_month = "120".to_owned();
        state.theme = Theme::Light;
        state.zoom = Some(1.25);
        for name in ["a.ron", "b.ron", "a.ron"] {
            state.remember(Path::new(name));
        }
        assert_eq!(
            state.recent,
            [PathBuf::from("a.ron"), PathBuf::from("b.ron")]
        );
        let text = ron::to_string(&state).unwrap();
        assert_eq!(ron::from_str::<State>(&text).unwrap(), state);
        // A save from before the inspector was persisted still loads.
        let older: State = ron::from_str("(view: Backtest)").unwrap();
        assert_eq!(older.view, CentralView::Backtest);
        assert_eq!(older.inspector, Inspector::default());
        assert_eq!(older.theme, Theme::System);
        assert_eq!(older.evidence_form, EvidenceForm::default());
        // The fourth tab is remembered like the others.
        let evidence: State = ron::from_str("(view: Evidence)").unwrap();
        assert_eq!(evidence.view, CentralView::Evidence);
    }
}
