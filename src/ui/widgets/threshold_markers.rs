//! The threshold lines of the score charts: drawn thick and labelled with
//! their values ("MQL 30"), and dragged on the score-distribution chart.

use eframe::egui;
use egui_plot::{PlotPoint, PlotTransform, PlotUi, Text, VLine};

use super::colors;

use crate::model::{RuleEdit, Stages, ThresholdKind};
use crate::ui::app::command::{Command, EditPhase};

/// How close (in screen points) the pointer must be to grab a line.
const GRAB_DISTANCE: f32 = 10.0;

/// Width of a threshold line, in points: visible from the back of a room.
const LINE_WIDTH: f32 = 3.5;

/// Size of a threshold's label on a chart, in points.
const LABEL_SIZE: f32 = 15.0;

/// "MQL 30", "SQL 55", "Floor 0": the label of every line, top to bottom.
fn marker_labels(stages: &Stages) -> Vec<String> {
    markers(stages)
        .into_iter()
        .map(|(kind, value)| format!("{} {value}", kind.label()))
        .collect()
}

fn kind_color(kind: ThresholdKind) -> egui::Color32 {
    match kind {
        ThresholdKind::Mql => colors::MQL_LINE,
        ThresholdKind::Sql => colors::SQL_LINE,
        ThresholdKind::Floor => colors::FLOOR_LINE,
    }
}

/// Draws the threshold lines; with `label_top` (the highest value the
/// chart shows, its floor being 0), each labelled from there down, one
/// below the other so that close lines stay legible. The data's top, not
/// the plot's bounds: a label is part of the bounds the plot fits, and
/// one placed at the bounds would push them up every frame.
pub fn threshold_lines(plot_ui: &mut PlotUi<'_>, stages: &Stages, label_top: Option<f64>) {
    for (index, ((kind, value), label)) in markers(stages)
        .into_iter()
        .zip(marker_labels(stages))
        .enumerate()
    {
        let color = kind_color(kind);
        // Unnamed: the label on the chart says what the line is, and a
        // legend entry would only take room from the bars.
        plot_ui.vline(VLine::new("", value as f64).color(color).width(LINE_WIDTH));
        if let Some(top) = label_top.filter(|top| top.is_finite() && *top > 0.0) {
            let text = egui::RichText::new(format!(" {label}"))
                .size(LABEL_SIZE)
                .strong()
                .color(color);
            let position = PlotPoint::new(value as f64, top * (1.0 - 0.14 * index as f64));
            plot_ui.text(Text::new("", position, text).anchor(egui::Align2::LEFT_TOP));
        }
    }
}

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

/// The chart's accessible name, and its thresholds as its value ("MQL 30,
/// SQL 55"): what a screen reader, or a test, can read of a painted chart.
pub fn name_chart(ui: &egui::Ui, response: &egui::Response, name: &str, stages: &Stages) {
    let name = name.to_owned();
    let value = marker_labels(stages).join(", ");
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(name);
        node.set_value(value);
    });
}
