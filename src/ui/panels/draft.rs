//! "Draft from the data": the candidate rules the history suggests, with
//! their evidence and a leakage flag, ticked by the user; thresholds from
//! what sales can follow up a month.

use eframe::egui;

use crate::analysis::Candidate;
use crate::ui::app::command::Command;
use crate::ui::app::draft_form::{DraftForm, top_ticks};
use crate::ui::widgets::edit::name_widget;

/// The accessible name of a candidate's tick box.
pub fn tick_label(candidate_name: &str) -> String {
    format!("Use {candidate_name}")
}

/// The label of the button that builds the rule set.
pub const CREATE_LABEL: &str = "Create the rule set";
/// The accessible name of the capacity field.
pub const CAPACITY_LABEL: &str = "Leads sales can follow up per month";

/// The window, when open.
pub fn draft_ui(
    ui: &mut egui::Ui,
    form: &mut DraftForm,
    candidates: &[Candidate],
    commands: &mut Vec<Command>,
) {
    if !form.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Draft a rule set from your history")
        .open(&mut open)
        .default_width(760.0)
        .default_height(560.0)
        .vscroll(true)
        .show(ui.ctx(), |ui| {
            if candidates.is_empty() {
                ui.label("Your history suggests no rules: it needs won contacts (map an outcome or load deals) and values that convert markedly better or worse than the rest.");
                return;
            }
            ui.label("Rules your history suggests, strongest first. Points are what the history says they are worth (10 points double the odds). Values that almost always mean won probably record the outcome itself: they are left unticked.");
            ui.add_space(4.0);
            controls_ui(ui, form, candidates);
            ui.separator();
            candidates_ui(ui, form, candidates);
            ui.separator();
            ui.horizontal(|ui| {
                let picked = form.ticked.iter().filter(|t| **t).count();
                let create = ui.add_enabled(
                    picked > 0 && form.drafting.is_none(),
                    egui::Button::new(CREATE_LABEL),
                );
                name_widget(ui, &create, CREATE_LABEL);
                if create.clicked() {
                    commands.push(Command::Draft);
                }
                ui.weak(format!("{picked} rules; replaces the working rule set (Undo brings it back)"));
                if form.drafting.is_some() {
                    ui.spinner();
                }
            });
        });
    if !open {
        form.open = false;
    }
}

fn controls_ui(ui: &mut egui::Ui, form: &mut DraftForm, candidates: &[Candidate]) {
    ui.horizontal(|ui| {
        ui.label("Tick the strongest");
        let top = ui.add(egui::DragValue::new(&mut form.top).range(1..=candidates.len().max(1)));
        name_widget(ui, &top, "How many of the strongest to tick");
        if ui.button("Tick").clicked() {
            form.ticked = top_ticks(candidates, form.top);
        }
        ui.separator();
        ui.label("Sales can follow up");
        let response = ui.add(
            egui::DragValue::new(&mut form.monthly_capacity)
                .range(0.0..=1_000_000.0)
                .speed(5.0)
                .custom_formatter(|n, _| {
                    if n == 0.0 {
                        "(not known)".to_owned()
                    } else {
                        format!("{n:.0}")
                    }
                }),
        );
        name_widget(ui, &response, CAPACITY_LABEL);
        ui.label("leads a month");
    });
}

fn candidates_ui(ui: &mut egui::Ui, form: &mut DraftForm, candidates: &[Candidate]) {
    form.ticked.resize(candidates.len(), false);
    egui::Grid::new("draft_candidates")
        .striped(true)
        .num_columns(5)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for title in ["", "Rule", "Points", "Conversion when it holds", "Lift"] {
                ui.strong(title);
            }
            ui.end_row();
            for (candidate, ticked) in candidates.iter().zip(form.ticked.iter_mut()) {
                let response = ui.checkbox(ticked, "");
                name_widget(ui, &response, &tick_label(&candidate.name));
                ui.vertical(|ui| {
                    ui.add(egui::Label::new(&candidate.name).wrap_mode(egui::TextWrapMode::Extend));
                    if candidate.probable_leakage {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            candidate.note.as_deref().unwrap_or("probable leakage"),
                        );
                    }
                });
                ui.label(format!("{:+}", candidate.suggested_points));
                ui.label(candidate.matched_conversion.describe());
                ui.label(format!("{:.2}", candidate.lift));
                ui.end_row();
            }
        });
}
