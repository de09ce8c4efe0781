//! What the back-test evidence runs on (the Back-test tab's cutoff and
//! horizon, an optional capacity), the Run button, and the steps under way
//! with Cancel.

use eframe::egui;

use crate::ui::app::command::Command;
use crate::ui::app::evidence_run::{RunningEvidence, STEPS};
use crate::ui::app::workspace::Workspace;
use crate::ui::panels::backtest::{BacktestForm, cutoff_hint_ui, window_fields_ui};
use crate::ui::widgets::edit::name_widget;

/// The accessible name of the capacity field.
pub const CAPACITY_LABEL: &str = "Capacity in leads a month";

/// The label (and accessible name) of the button that gathers the evidence.
pub const RUN_LABEL: &str = "Run";

/// The Evidence tab's own settings, persisted with the app's state.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EvidenceForm {
    /// Leads sales can follow up a month, as typed; empty for none.
    pub capacity_per_month: String,
}

impl EvidenceForm {
    /// The capacity: `None` when the field is empty, or why what was typed
    /// is not one.
    pub fn capacity(&self) -> Result<Option<f64>, &'static str> {
        let typed: String = self
            .capacity_per_month
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' '))
            .collect();
        if typed.is_empty() {
            return Ok(None);
        }
        match typed.parse::<f64>() {
            Ok(leads) if leads.is_finite() && leads > 0.0 => Ok(Some(leads)),
            _ => {
                Err("Type the capacity as a number of leads a month (e.g. 100), or leave it empty.")
            }
        }
    }
}

/// The explanation, the fields and Run; Cancel and a spinner while a run
/// is under way.
pub(super) fn run_form_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    backtest_form: &mut BacktestForm,
    form: &mut EvidenceForm,
    running: Option<&RunningEvidence>,
    commands: &mut Vec<Command>,
) {
    backtest_form.fill_cutoff(&workspace.data);
    ui.add(
        egui::Label::new(
            "On a back-test window (the Back-test tab's cutoff and horizon): quality beside the \
             baseline, stability since, and points fitted jointly on the window before it.",
        )
        .wrap(),
    );
    ui.add_space(6.0);
    let cutoff = backtest_form.cutoff_date();
    let capacity = form.capacity();
    ui.horizontal_wrapped(|ui| {
        window_fields_ui(ui, backtest_form);
        ui.add_space(12.0);
        ui.label("Capacity");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut form.capacity_per_month)
                    .hint_text("leads a month")
                    .desired_width(130.0),
            )
            .on_hover_text(
                "Optional: the leads sales can follow up a month. The figures then say what \
                 sales would win at that capacity and the conversion they would see.",
            );
        name_widget(ui, &response, CAPACITY_LABEL);
        ui.add_space(12.0);
        let ready = running.is_none() && cutoff.is_some() && capacity.is_ok();
        let run = ui
            .add_enabled(ready, egui::Button::new(RUN_LABEL))
            .on_hover_text(
                "Back-test the working rule set against the baseline at the cutoff, measure \
                 stability since and fit the points jointly",
            );
        if run.clicked()
            && let (Some(cutoff), Ok(capacity_per_month)) = (cutoff, capacity)
        {
            commands.push(Command::RunEvidence {
                cutoff,
                horizon_days: backtest_form.horizon_days,
                capacity_per_month,
            });
        }
    });
    if cutoff.is_none() {
        cutoff_hint_ui(ui);
    }
    if let Err(message) = capacity {
        ui.colored_label(ui.visuals().error_fg_color, message);
    }
    if let Some(running) = running {
        progress_ui(ui, running, commands);
    }
}

/// Cancel first (it stays put while the text changes), a spinner, the step.
fn progress_ui(ui: &mut egui::Ui, running: &RunningEvidence, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button("Cancel").clicked() {
            commands.push(Command::CancelEvidence);
        }
        ui.spinner();
        let step = running.step();
        if running.is_cancelled() {
            ui.label("Stopping after the current step…");
        } else {
            let what = STEPS.get(step).copied().unwrap_or("Working");
            ui.label(format!("{what}… (step {} of {})", step + 1, STEPS.len()));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::EvidenceForm;

    fn typed(text: &str) -> Result<Option<f64>, &'static str> {
        EvidenceForm {
            capacity_per_month: text.to_owned(),
        }
        .capacity()
    }

    #[test]
    fn the_capacity_is_optional_and_a_positive_number() {
        assert_eq!(typed(""), Ok(None));
        assert_eq!(typed("  "), Ok(None));
        assert_eq!(typed("100"), Ok(Some(100.0)));
        assert_eq!(typed("1,200"), Ok(Some(1200.0)));
        assert!(typed("0").is_err());
        assert!(typed("-5").is_err());
        assert!(typed("lots").is_err());
        assert!(typed("inf").is_err());
    }
}
