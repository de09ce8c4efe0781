//! The back-test view: score the contacts as they were at a cutoff date and
//! count who won within the horizon, once or at every month.

use chrono::{Datelike, NaiveDate};
use eframe::egui;
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints};

use super::stage_table;
use crate::analysis::{Auc, BacktestResult, default_cutoff_range};
use crate::data::Dataset;
use crate::model::Stage;
use crate::ui::app::backtest_run::{BacktestOutcome, BacktestState, RunningBacktest};
use crate::ui::app::command::{BacktestKind, Command};
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::colors;
use crate::ui::widgets::edit::name_widget;
use crate::ui::widgets::format;

/// Horizon offered first: a quarter.
pub const DEFAULT_HORIZON_DAYS: u32 = 90;

/// What the user typed into the back-test form.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct BacktestForm {
    /// The cutoff date as typed (YYYY-MM-DD); filled from the data at first.
    pub cutoff: String,
    /// Days after the cutoff in which a win counts.
    pub horizon_days: u32,
}

impl Default for BacktestForm {
    fn default() -> Self {
        BacktestForm {
            cutoff: String::new(),
            horizon_days: DEFAULT_HORIZON_DAYS,
        }
    }
}

/// The cutoff offered first: one horizon before the end of the data.
pub fn default_cutoff(data: &Dataset, horizon_days: u32) -> Option<NaiveDate> {
    default_cutoff_range(data, horizon_days).map(|(_, last)| last)
}

impl BacktestForm {
    /// Fills an empty cutoff with the one offered first.
    pub fn fill_cutoff(&mut self, data: &Dataset) {
        if self.cutoff.is_empty()
            && let Some(date) = default_cutoff(data, self.horizon_days)
        {
            self.cutoff = date.to_string();
        }
    }

    /// The cutoff, when it reads as a date.
    pub fn cutoff_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.cutoff.trim(), "%Y-%m-%d").ok()
    }
}

/// The form, the progress and the last outcome.
pub fn backtest_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    form: &mut BacktestForm,
    state: &BacktestState,
    commands: &mut Vec<Command>,
) {
    form.fill_cutoff(&workspace.data);
    ui.label(
        "Score the contacts as they were on the cutoff date and count who won in the days after it.",
    );
    ui.add_space(6.0);
    form_ui(ui, form, state, commands);
    if let Some(running) = &state.running {
        ui.add_space(6.0);
        progress_ui(ui, running, commands);
    }
    ui.add_space(12.0);
    match &state.outcome {
        None => {}
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message.message());
        }
        Some(Ok(BacktestOutcome::Single(result))) => single_ui(ui, result),
        Some(Ok(BacktestOutcome::Rolling { results, complete })) => {
            rolling_ui(ui, results, *complete);
        }
    }
}

/// Cutoff, horizon and the two run buttons.
fn form_ui(
    ui: &mut egui::Ui,
    form: &mut BacktestForm,
    state: &BacktestState,
    commands: &mut Vec<Command>,
) {
    let parsed = form.cutoff_date();
    ui.horizontal_wrapped(|ui| {
        window_fields_ui(ui, form);
        ui.add_space(12.0);
        let idle = state.running.is_none();
        let run = ui
            .add_enabled(idle && parsed.is_some(), egui::Button::new("Run back-test"))
            .on_hover_text("Back-test the working rule set against the baseline at the cutoff");
        if run.clicked()
            && let Some(cutoff) = parsed
        {
            commands.push(Command::RunBacktest {
                kind: BacktestKind::Single(cutoff),
                horizon_days: form.horizon_days,
            });
        }
        let rolling = ui
            .add_enabled(idle, egui::Button::new("Run monthly back-tests"))
            .on_hover_text("One back-test on the first of every month the history allows");
        if rolling.clicked() {
            commands.push(Command::RunBacktest {
                kind: BacktestKind::Rolling,
                horizon_days: form.horizon_days,
            });
        }
    });
    if parsed.is_none() {
        cutoff_hint_ui(ui);
    }
}

/// The cutoff and horizon fields, in the row the caller lays out.
pub fn window_fields_ui(ui: &mut egui::Ui, form: &mut BacktestForm) {
    ui.label("Cutoff");
    let response = ui.add(egui::TextEdit::singleline(&mut form.cutoff).desired_width(110.0));
    name_widget(ui, &response, "Cutoff date");
    ui.add_space(12.0);
    ui.label("Horizon");
    let response = ui.add(
        egui::DragValue::new(&mut form.horizon_days)
            .range(1..=730)
            .suffix(" days"),
    );
    name_widget(ui, &response, "Horizon days");
}

/// What to type when the cutoff is not a date.
pub fn cutoff_hint_ui(ui: &mut egui::Ui) {
    ui.colored_label(
        ui.visuals().error_fg_color,
        "Type the cutoff as a date, e.g. 2025-06-30.",
    );
}

/// Cancel, a spinner and which cutoff is under way.
fn progress_ui(ui: &mut egui::Ui, running: &RunningBacktest, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        // First, so that it stays put while the progress text changes.
        if ui.button("Cancel").clicked() {
            commands.push(Command::CancelBacktest);
        }
        ui.spinner();
        let (done, total) = running.progress();
        if running.is_cancelled() {
            ui.label("Stopping after the current cutoff...");
        } else if total > 0 {
            ui.label(format!("Back-testing cutoff {} of {total}...", done + 1));
        } else {
            ui.label("Back-testing...");
        }
    });
}

fn single_ui(ui: &mut egui::Ui, result: &BacktestResult) {
    ui.heading(format!(
        "Back-test at {} with a {}-day horizon",
        result.window.cutoff, result.window.horizon_days
    ));
    ui.label(format!(
        "{} contacts scored; left out: {} already customers, {} created later",
        format::count(result.population),
        format::count(result.already_customers),
        format::count(result.not_yet_created)
    ));
    warnings_ui(ui, &result.warnings);
    ui.label(ranking_sentence(result));
    ui.add_space(8.0);
    stage_table::summaries_table_ui(
        ui,
        "backtest_stages",
        &result.summary,
        result.baseline.as_ref(),
    );
}

/// "Ranking: AUC 0.897 (95% 0.863–0.932); baseline 0.716 (…); difference
/// +0.183 (95% +0.131 to +0.235)".
fn ranking_sentence(result: &BacktestResult) -> String {
    let auc = |a: Option<&Auc>| {
        a.map_or_else(
            || "– (needs wins and others)".to_owned(),
            |a| format!("{:.3} (95% {:.3}–{:.3})", a.value, a.low, a.high),
        )
    };
    let quality = &result.quality;
    let mut text = format!(
        "Ranking: AUC {}",
        auc(quality.rule_set.quality.auc.as_ref())
    );
    if let Some(baseline) = &quality.baseline {
        text.push_str(&format!(
            "; baseline {}",
            auc(baseline.quality.auc.as_ref())
        ));
    }
    if let Some(d) = &quality.difference {
        text.push_str(&format!(
            "; difference {:+.3} (95% {:+.3} to {:+.3}). The Evidence tab has the rest",
            d.difference, d.low, d.high
        ));
    }
    text.push('.');
    text
}

/// The back-test's warnings, one line each in the warning colour.
pub(super) fn warnings_ui(ui: &mut egui::Ui, warnings: &[String]) {
    for warning in warnings {
        ui.colored_label(ui.visuals().warn_fg_color, format!("Warning: {warning}"));
    }
}

/// Conversion of a stage in percent, if anyone was in it.
fn conversion(result: &BacktestResult, stage: Stage, baseline: bool) -> Option<f64> {
    let summary = if baseline {
        result.baseline.as_ref()?
    } else {
        &result.summary
    };
    let stage = summary.stage(stage)?;
    (stage.conversion.n > 0).then_some(stage.conversion.value * 100.0)
}

/// The baseline's MQL conversion in the monthly chart: a hue of its own,
/// readable on dark and light backgrounds.
const BASELINE_MQL_LINE: egui::Color32 = egui::Color32::from_rgb(170, 100, 210);

/// The baseline's SQL conversion in the monthly chart.
const BASELINE_SQL_LINE: egui::Color32 = egui::Color32::from_rgb(30, 165, 160);

/// The monthly chart's lines: name, stage, whether the baseline's, colour.
/// One colour per line: a legend shows a colour, not a dash, so the
/// baseline's dashed lines need colours of their own.
const ROLLING_SERIES: [(&str, Stage, bool, egui::Color32); 4] = [
    ("proposal MQL", Stage::Mql, false, colors::MQL_LINE),
    ("proposal SQL", Stage::Sql, false, colors::SQL_LINE),
    ("baseline MQL (dashed)", Stage::Mql, true, BASELINE_MQL_LINE),
    ("baseline SQL (dashed)", Stage::Sql, true, BASELINE_SQL_LINE),
];

fn rolling_ui(ui: &mut egui::Ui, results: &[BacktestResult], complete: bool) {
    ui.heading(format!("Monthly back-tests: {} cutoffs", results.len()));
    if !complete {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Cancelled: only the cutoffs before the cancel are shown.",
        );
    }
    if results.is_empty() {
        return;
    }
    let x = |result: &BacktestResult| f64::from(result.window.cutoff.num_days_from_ce());
    let series = |stage: Stage, baseline: bool| -> PlotPoints<'static> {
        results
            .iter()
            .filter_map(|r| conversion(r, stage, baseline).map(|c| [x(r), c]))
            .collect()
    };
    ui.label("Conversion to won within the horizon (%), per cutoff");
    Plot::new("rolling_backtest")
        .height(220.0)
        .legend(Legend::default())
        .y_axis_min_width(crate::ui::widgets::style::PLOT_Y_AXIS_WIDTH)
        .y_grid_spacer(crate::ui::widgets::chart_grid::nice_grid)
        .x_axis_formatter(|mark, _| {
            NaiveDate::from_num_days_from_ce_opt(mark.value as i32)
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default()
        })
        .y_axis_label("conversion %")
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .show(ui, |plot_ui| {
            for (name, stage, baseline, color) in ROLLING_SERIES {
                let line = Line::new(name, series(stage, baseline))
                    .color(color)
                    .width(2.5);
                plot_ui.line(if baseline {
                    line.style(LineStyle::dashed_loose())
                } else {
                    line
                });
            }
        });
    ui.add_space(8.0);
    let mut warnings: Vec<&String> = results.iter().flat_map(|r| &r.warnings).collect();
    warnings.sort();
    warnings.dedup();
    for warning in warnings {
        ui.colored_label(ui.visuals().warn_fg_color, format!("Warning: {warning}"));
    }
    rolling_table_ui(ui, results);
}

/// One row per cutoff: contacts, MQL and SQL with their conversion.
fn rolling_table_ui(ui: &mut egui::Ui, results: &[BacktestResult]) {
    egui::Grid::new("rolling_table")
        .striped(true)
        .spacing([20.0, 4.0])
        .show(ui, |ui| {
            for title in [
                "Cutoff",
                "Contacts",
                "MQL",
                "MQL conv.",
                "SQL",
                "SQL conv.",
                "AUC",
                "Baseline conv. MQL / SQL",
                "Baseline AUC",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            let percent = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}%"));
            for result in results {
                let count = |stage| result.summary.stage(stage).map_or(0, |s| s.count);
                ui.label(result.window.cutoff.to_string());
                ui.label(format::count(result.population));
                ui.label(format::count(count(Stage::Mql)));
                ui.label(percent(conversion(result, Stage::Mql, false)));
                ui.label(format::count(count(Stage::Sql)));
                ui.label(percent(conversion(result, Stage::Sql, false)));
                let auc = |a: Option<&Auc>| {
                    a.map_or_else(|| "-".to_owned(), |a| format!("{:.3}", a.value))
                };
                ui.label(auc(result.quality.rule_set.quality.auc.as_ref()))
                    .on_hover_text(
                        "Area under the ROC curve: the chance a winner outranks a non-winner",
                    );
                ui.weak(format!(
                    "{} / {}",
                    percent(conversion(result, Stage::Mql, true)),
                    percent(conversion(result, Stage::Sql, true))
                ));
                ui.weak(auc(result
                    .quality
                    .baseline
                    .as_ref()
                    .and_then(|b| b.quality.auc.as_ref())));
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::ROLLING_SERIES;

    #[test]
    fn every_monthly_line_has_its_own_legend_entry() {
        for (i, a) in ROLLING_SERIES.iter().enumerate() {
            for b in ROLLING_SERIES.iter().skip(i + 1) {
                assert_ne!(a.0, b.0);
                assert_ne!(a.3, b.3, "{} and {} share a colour", a.0, b.0);
            }
        }
    }
}
