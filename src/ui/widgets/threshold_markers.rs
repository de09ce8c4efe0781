//! Dragging the threshold lines of the score-distribution chart.

use eframe::egui;
use egui_plot::PlotTransform;

use crate::model::{RuleEdit, Stages, ThresholdKind};
use crate::ui::app::command::{Command, EditPhase};

/// How close (in screen points) the pointer must be to grab a line.
const GRAB_DISTANCE: f32 = 10.0;

/// Turns drags near a threshold line into threshold commands.
pub fn threshold_markers_ui(
    ui: &egui::Ui,
    response: &egui::Response,
    transform: &PlotTransform,
    stages: &Stages,
    commands: &mut Vec<Command>,
) {
    let grabbed_id = response.id.with("grabbed_threshold");
    let markers = markers(stages);
    let nearest = |pos: egui::Pos2| {
        markers
            .iter()
            .map(|&(kind, value)| {
                let distance = (transform.position_from_point_x(value as f64) - pos.x).abs();
                (kind, distance)
            })
            .filter(|&(_, distance)| distance <= GRAB_DISTANCE)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(kind, _)| kind)
    };
    if response.hovered()
        && let Some(pos) = response.hover_pos()
        && nearest(pos).is_some()
    {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    // Where the button went down, not where the pointer is once the drag
    // is recognised (a few points further).
    if response.drag_started()
        && let Some(pos) = ui.input(|i| i.pointer.press_origin())
        && let Some(kind) = nearest(pos)
    {
        ui.data_mut(|data| data.insert_temp(grabbed_id, kind));
    }
    let grabbed = ui.data(|data| data.get_temp::<ThresholdKind>(grabbed_id));
    let Some(kind) = grabbed else {
        return;
    };
    if response.dragged()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let value = transform.value_from_position(pos).x.round() as i64;
        let current = markers.iter().find(|(k, _)| *k == kind).map(|(_, v)| *v);
        if current != Some(value) {
            commands.push(Command::Edit {
                edit: RuleEdit::SetThreshold {
                    kind,
                    value: Some(value),
                },
                phase: EditPhase::Ongoing,
            });
        }
    }
    if response.drag_stopped() {
        ui.data_mut(|data| data.remove::<ThresholdKind>(grabbed_id));
        commands.push(Command::FinishEdit);
    }
}

/// The lines that can be dragged, with their values.
fn markers(stages: &Stages) -> Vec<(ThresholdKind, i64)> {
    let mut markers = vec![
        (ThresholdKind::Mql, stages.mql_threshold),
        (ThresholdKind::Sql, stages.sql_threshold),
    ];
    if let Some(floor) = stages.disqualify_below {
        markers.push((ThresholdKind::Floor, floor));
    }
    markers
}
