//! The back-test view: score the contacts as they were at a cutoff date and
//! count who won within the horizon, once or at every month, on a named
//! thread that the user can cancel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::{Datelike, NaiveDate};
use eframe::egui;
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints};

use super::command::Command;
use super::rule_editor::name_widget;
use super::workspace::Workspace;
use super::{colors, format, stage_table};
use crate::analysis::{
    BacktestResult, BacktestWindow, Step, backtest, cutoffs, default_cutoff_range, rolling_backtest,
};
use crate::data::Dataset;
use crate::engine::EventFeatureCache;
use crate::model::{RuleSet, Stage};

/// Horizon offered first: a quarter.
pub const DEFAULT_HORIZON_DAYS: u32 = 90;

/// What the user typed into the back-test form.
#[derive(Debug, Clone)]
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

/// One back-test or one per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacktestKind {
    /// At the cutoff only.
    Single(NaiveDate),
    /// At the first of every month the data allows.
    Rolling,
}

/// The figures of a finished back-test.
#[derive(Debug, Clone)]
pub enum BacktestOutcome {
    /// One cutoff.
    Single(Box<BacktestResult>),
    /// Every month; `complete` is false when cancelled part-way.
    Rolling {
        /// One result per cutoff, in date order.
        results: Vec<BacktestResult>,
        /// Whether every cutoff was run.
        complete: bool,
    },
}

/// A back-test under way.
#[derive(Debug)]
pub struct RunningBacktest {
    receiver: Receiver<Result<BacktestOutcome, String>>,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
}

impl RunningBacktest {
    /// Cutoffs done and cutoffs in all (0 of 0 for a single back-test).
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Asks the thread to stop after the cutoff it is working on.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether cancelling was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The outcome once the thread is done.
    pub fn try_finish(&self) -> Option<Result<BacktestOutcome, String>> {
        match self.receiver.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the back-test stopped unexpectedly".to_owned()))
            }
        }
    }

    /// Waits for the outcome (tests).
    pub fn wait(&self) -> Result<BacktestOutcome, String> {
        self.receiver
            .recv()
            .unwrap_or_else(|_| Err("the back-test stopped unexpectedly".to_owned()))
    }
}

/// The back-test under way and the last outcome.
#[derive(Debug, Default)]
pub struct BacktestState {
    /// The back-test running now.
    pub running: Option<RunningBacktest>,
    /// The last finished back-test, or why it failed.
    pub outcome: Option<Result<BacktestOutcome, String>>,
}

/// Starts a back-test of `rules` against `baseline` on a named thread;
/// `pause` between cutoffs slows it down for tests of Cancel.
pub fn spawn_backtest(
    data: Arc<Dataset>,
    rules: RuleSet,
    baseline: RuleSet,
    kind: BacktestKind,
    horizon_days: u32,
    repaint: Option<egui::Context>,
    pause: std::time::Duration,
) -> Result<RunningBacktest, String> {
    let (sender, receiver) = channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(AtomicUsize::new(0));
    let running = RunningBacktest {
        receiver,
        cancel: Arc::clone(&cancel),
        done: Arc::clone(&done),
        total: Arc::clone(&total),
    };
    std::thread::Builder::new()
        .name("leadscore-backtest".to_owned())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(&data, &rules, &baseline, kind, horizon_days, |i, n| {
                    if i > 0 && !pause.is_zero() {
                        std::thread::sleep(pause);
                    }
                    done.store(i, Ordering::Relaxed);
                    total.store(n, Ordering::Relaxed);
                    if let Some(ctx) = &repaint {
                        ctx.request_repaint();
                    }
                    !cancel.load(Ordering::Relaxed)
                })
            }))
            .unwrap_or_else(|_| Err("the back-test failed unexpectedly".to_owned()));
            let _ = sender.send(outcome);
            if let Some(ctx) = &repaint {
                ctx.request_repaint();
            }
        })
        .map_err(|e| format!("cannot start the back-test thread: {e}"))?;
    Ok(running)
}

fn run(
    data: &Dataset,
    rules: &RuleSet,
    baseline: &RuleSet,
    kind: BacktestKind,
    horizon_days: u32,
    progress: impl FnMut(usize, usize) -> bool,
) -> Result<BacktestOutcome, String> {
    let mut cache = EventFeatureCache::default();
    match kind {
        BacktestKind::Single(cutoff) => {
            let window = BacktestWindow {
                cutoff,
                horizon_days,
            };
            backtest(data, rules, Some(baseline), window, &mut cache)
                .map(|r| BacktestOutcome::Single(Box::new(r)))
                .map_err(|e| e.to_string())
        }
        BacktestKind::Rolling => {
            let (first, last) = default_cutoff_range(data, horizon_days).ok_or_else(|| {
                "the history is too short for monthly back-tests with this horizon".to_owned()
            })?;
            let dates = cutoffs(first, last, Step::Monthly);
            let results = rolling_backtest(
                data,
                rules,
                Some(baseline),
                &dates,
                horizon_days,
                &mut cache,
                progress,
            )
            .map_err(|e| e.to_string())?;
            Ok(BacktestOutcome::Rolling {
                complete: results.len() == dates.len(),
                results,
            })
        }
    }
}

/// The cutoff offered first: one horizon before the end of the data.
pub fn default_cutoff(data: &Dataset, horizon_days: u32) -> Option<NaiveDate> {
    default_cutoff_range(data, horizon_days).map(|(_, last)| last)
}

/// The form, the progress and the last outcome.
pub fn backtest_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    form: &mut BacktestForm,
    state: &BacktestState,
    commands: &mut Vec<Command>,
) {
    if form.cutoff.is_empty()
        && let Some(date) = default_cutoff(&workspace.data, form.horizon_days)
    {
        form.cutoff = date.to_string();
    }
    ui.label(
        "Score the contacts as they were on the cutoff date and count who won in the days after it.",
    );
    ui.add_space(6.0);
    let parsed = NaiveDate::parse_from_str(form.cutoff.trim(), "%Y-%m-%d");
    ui.horizontal_wrapped(|ui| {
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
        ui.add_space(12.0);
        let idle = state.running.is_none();
        let run = ui
            .add_enabled(idle && parsed.is_ok(), egui::Button::new("Run back-test"))
            .on_hover_text("Back-test the working rule set against the baseline at the cutoff");
        if run.clicked()
            && let Ok(cutoff) = parsed
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
    if parsed.is_err() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "Type the cutoff as a date, e.g. 2025-06-30.",
        );
    }
    if let Some(running) = &state.running {
        ui.add_space(6.0);
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
    ui.add_space(12.0);
    match &state.outcome {
        None => {}
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        Some(Ok(BacktestOutcome::Single(result))) => single_ui(ui, result),
        Some(Ok(BacktestOutcome::Rolling { results, complete })) => {
            rolling_ui(ui, results, *complete);
        }
    }
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
    ui.add_space(8.0);
    stage_table::summaries_table_ui(
        ui,
        "backtest_stages",
        &result.summary,
        result.baseline.as_ref(),
    );
}

fn warnings_ui(ui: &mut egui::Ui, warnings: &[String]) {
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
        .y_axis_min_width(super::style::PLOT_Y_AXIS_WIDTH)
        .y_grid_spacer(super::chart_grid::nice_grid)
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
            plot_ui.line(
                Line::new("MQL", series(Stage::Mql, false))
                    .color(colors::MQL_LINE)
                    .width(2.0),
            );
            plot_ui.line(
                Line::new("SQL", series(Stage::Sql, false))
                    .color(colors::SQL_LINE)
                    .width(2.0),
            );
            plot_ui.line(
                Line::new("MQL baseline", series(Stage::Mql, true))
                    .color(colors::MQL_LINE)
                    .style(LineStyle::dashed_dense()),
            );
            plot_ui.line(
                Line::new("SQL baseline", series(Stage::Sql, true))
                    .color(colors::SQL_LINE)
                    .style(LineStyle::dashed_dense()),
            );
        });
    ui.add_space(8.0);
    let mut warnings: Vec<&String> = results.iter().flat_map(|r| &r.warnings).collect();
    warnings.sort();
    warnings.dedup();
    for warning in warnings {
        ui.colored_label(ui.visuals().warn_fg_color, format!("Warning: {warning}"));
    }
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
                "Baseline conv. MQL / SQL",
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
                ui.weak(format!(
                    "{} / {}",
                    percent(conversion(result, Stage::Mql, true)),
                    percent(conversion(result, Stage::Sql, true))
                ));
                ui.end_row();
            }
        });
}
