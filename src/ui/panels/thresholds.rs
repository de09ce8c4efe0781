//! MQL, SQL and floor controls a room can follow: step buttons (±1, ±5), a
//! typed value, and a slider whose range stays put while it moves. A value
//! that would pass the other threshold is held at it, and a note says so.

use std::ops::RangeInclusive;

use eframe::egui;

use crate::model::{RuleEdit, Stages, ThresholdKind};
use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::{name_widget, phase_of};

/// Room left beyond the lowest and highest scores on the sliders.
const SLIDER_MARGIN_POINTS: i64 = 10;
/// Slider ends are rounded outward to a multiple of this.
const SLIDER_ROUNDING_POINTS: i64 = 10;
/// Width of each slider: with step buttons for fine moves, a short one is
/// enough and the row fits a 1280-point-wide window.
const SLIDER_WIDTH: f32 = 160.0;
/// The steps offered as buttons either side of each slider.
const STEPS: [i64; 2] = [5, 1];

/// The accessible name of a threshold's slider ("MQL threshold").
pub fn slider_label(kind: ThresholdKind) -> &'static str {
    match kind {
        ThresholdKind::Mql => "MQL threshold",
        ThresholdKind::Sql => "SQL threshold",
        ThresholdKind::Floor => "floor",
    }
}

/// The accessible name of a step button ("MQL +5", "SQL -1").
pub fn step_label(kind: ThresholdKind, step: i64) -> String {
    format!("{} {step:+}", kind.label())
}

/// The three threshold controls in one row, and `note` (why a threshold
/// was held) under them.
pub fn thresholds_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    note: Option<&str>,
    commands: &mut Vec<Command>,
) {
    let stages = &workspace.working.stages;
    let range = slider_range(workspace);
    ui.horizontal_wrapped(|ui| {
        for kind in [ThresholdKind::Mql, ThresholdKind::Sql] {
            if let Some(value) = stages.threshold(kind) {
                threshold_ui(ui, kind, value, range.clone(), commands);
            }
            ui.separator();
        }
        floor_ui(ui, stages, range, commands);
    });
    if let Some(note) = note {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
}

/// One threshold: −5 −1 [slider, typed value] +1 +5. The value asked for is
/// sent as it is: the rule set holds it at the other threshold, and the
/// studio says so.
pub fn threshold_ui(
    ui: &mut egui::Ui,
    kind: ThresholdKind,
    current: i64,
    range: RangeInclusive<i64>,
    commands: &mut Vec<Command>,
) {
    let mut asked = None;
    let mut phase = crate::ui::app::command::EditPhase::Done;
    ui.strong(kind.label());
    for step in STEPS.map(|s| -s) {
        if step_button(ui, kind, step) {
            asked = Some(current.saturating_add(step));
        }
    }
    let mut value = current;
    let response = ui
        .scope(|ui| {
            ui.spacing_mut().slider_width = SLIDER_WIDTH;
            ui.add(egui::Slider::new(&mut value, range).clamping(egui::SliderClamping::Never))
        })
        .inner
        .on_hover_text("Drag, or type a value in the box");
    name_widget(ui, &response, slider_label(kind));
    if response.changed() && value != current {
        asked = Some(value);
        phase = phase_of(&response);
    }
    if response.drag_stopped() {
        commands.push(Command::FinishEdit);
    }
    for step in STEPS.iter().rev() {
        if step_button(ui, kind, *step) {
            asked = Some(current.saturating_add(*step));
        }
    }
    if let Some(asked) = asked {
        commands.push(Command::Edit {
            edit: RuleEdit::SetThreshold {
                kind,
                value: Some(asked),
            },
            phase,
        });
    }
}

fn step_button(ui: &mut egui::Ui, kind: ThresholdKind, step: i64) -> bool {
    let text = if step < 0 {
        format!("−{}", -step)
    } else {
        format!("+{step}")
    };
    let response = ui
        .add(egui::Button::new(text).small())
        .on_hover_text(format!("{} by {step:+} points", slider_label(kind)));
    name_widget(ui, &response, &step_label(kind, step));
    response.clicked()
}

/// "MQL held at 55: it cannot pass the SQL threshold (asked 67)."
pub fn held_note(kind: ThresholdKind, asked: i64, held: i64) -> String {
    let (name, other) = match kind {
        ThresholdKind::Mql => ("MQL", "the SQL threshold; raise SQL first"),
        ThresholdKind::Sql => ("SQL", "the MQL threshold; lower MQL first"),
        ThresholdKind::Floor => ("The floor", "the MQL threshold"),
    };
    format!("{name} held at {held}: it cannot pass {other} (asked {asked}).")
}

fn floor_ui(
    ui: &mut egui::Ui,
    stages: &Stages,
    range: RangeInclusive<i64>,
    commands: &mut Vec<Command>,
) {
    let mut has_floor = stages.disqualify_below.is_some();
    if ui
        .checkbox(&mut has_floor, "Disqualify below")
        .on_hover_text("Contacts scoring below the floor are disqualified")
        .changed()
    {
        let value = has_floor.then(|| (*range.start()).max(0).min(stages.mql_threshold));
        commands.push(Command::edit(RuleEdit::SetThreshold {
            kind: ThresholdKind::Floor,
            value,
        }));
    }
    if let Some(floor) = stages.disqualify_below {
        threshold_ui(ui, ThresholdKind::Floor, floor, range, commands);
    }
}

/// The scores the data has under the working rule set, rounded outward and
/// with a margin; thresholds outside it widen it. Moving a threshold never
/// changes the scores, so the range stays put while a slider moves.
pub fn slider_range(workspace: &Workspace) -> RangeInclusive<i64> {
    let stages = &workspace.working.stages;
    let (low, high) = workspace
        .simulation
        .as_ref()
        .map(|s| &s.distribution)
        .and_then(|d| {
            let low = d.buckets.first()?.start;
            let high = d.buckets.last()?.start + d.bucket_width;
            Some((low, high))
        })
        .unwrap_or((0, 100));
    let round_down = |v: i64| v.div_euclid(SLIDER_ROUNDING_POINTS) * SLIDER_ROUNDING_POINTS;
    let round_up = |v: i64| round_down(v.saturating_add(SLIDER_ROUNDING_POINTS - 1));
    let low = round_down(low.min(0).saturating_sub(SLIDER_MARGIN_POINTS));
    let high = round_up(high.saturating_add(SLIDER_MARGIN_POINTS));
    let thresholds = [stages.disqualify_below, Some(stages.mql_threshold)];
    let low = thresholds.into_iter().flatten().fold(low, i64::min);
    let high = high.max(stages.sql_threshold);
    low..=high
}
