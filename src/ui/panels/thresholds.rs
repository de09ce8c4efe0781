//! MQL, SQL and floor sliders: moving one re-stages every contact.

use std::ops::RangeInclusive;

use eframe::egui;

use crate::model::{RuleEdit, ThresholdKind};
use crate::ui::app::command::Command;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::phase_of;

/// Room left beyond the lowest and highest scores on the sliders.
const SLIDER_MARGIN_POINTS: i64 = 10;

/// The three threshold sliders in one row.
pub fn thresholds_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    let stages = &workspace.working.stages;
    let range = slider_range(workspace);
    ui.horizontal_wrapped(|ui| {
        threshold_slider(
            ui,
            "MQL threshold",
            ThresholdKind::Mql,
            stages.mql_threshold,
            range.clone(),
            commands,
        );
        ui.separator();
        threshold_slider(
            ui,
            "SQL threshold",
            ThresholdKind::Sql,
            stages.sql_threshold,
            range.clone(),
            commands,
        );
        ui.separator();
        floor_ui(
            ui,
            stages.disqualify_below,
            stages.mql_threshold,
            range,
            commands,
        );
    });
}

fn threshold_slider(
    ui: &mut egui::Ui,
    label: &str,
    kind: ThresholdKind,
    current: i64,
    range: RangeInclusive<i64>,
    commands: &mut Vec<Command>,
) {
    let mut value = current;
    let response = ui.add(egui::Slider::new(&mut value, range).text(label));
    if response.changed() && value != current {
        commands.push(Command::Edit {
            edit: RuleEdit::SetThreshold {
                kind,
                value: Some(value),
            },
            phase: phase_of(&response),
        });
    }
    if response.drag_stopped() {
        commands.push(Command::FinishEdit);
    }
}

fn floor_ui(
    ui: &mut egui::Ui,
    floor: Option<i64>,
    mql_threshold: i64,
    range: RangeInclusive<i64>,
    commands: &mut Vec<Command>,
) {
    let mut has_floor = floor.is_some();
    if ui
        .checkbox(&mut has_floor, "Disqualify below")
        .on_hover_text("Contacts scoring below the floor are disqualified")
        .changed()
    {
        let value = has_floor.then(|| (*range.start()).max(0).min(mql_threshold));
        commands.push(Command::edit(RuleEdit::SetThreshold {
            kind: ThresholdKind::Floor,
            value,
        }));
    }
    if let Some(current) = floor {
        threshold_slider(ui, "floor", ThresholdKind::Floor, current, range, commands);
    }
}

/// From a little below the lowest score to a little above the highest
/// score or threshold.
fn slider_range(workspace: &Workspace) -> RangeInclusive<i64> {
    let stages = &workspace.working.stages;
    let buckets = workspace
        .simulation
        .as_ref()
        .map(|s| &s.distribution)
        .map(|d| {
            let low = d.buckets.first().map_or(0, |b| b.start);
            let high = d.buckets.last().map_or(100, |b| b.start + d.bucket_width);
            (low, high)
        })
        .unwrap_or((0, 100));
    let low = buckets.0.min(stages.disqualify_below.unwrap_or(0)).min(0) - SLIDER_MARGIN_POINTS;
    let high = buckets.1.max(stages.sql_threshold) + SLIDER_MARGIN_POINTS;
    low..=high
}
