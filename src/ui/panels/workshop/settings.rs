//! Settings that differ (thresholds, floor, criteria, exclusions, decay,
//! grades, limits) in plain words, with a button to adopt each threshold
//! and all of them at once.

use eframe::egui;

use crate::model::{RuleEdit, SettingDifference, ThresholdKind, setting_differences};
use crate::ui::app::command::Command;
use crate::ui::app::other_proposal::OtherProposal;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::name_widget;
use crate::ui::widgets::format;

/// The accessible name of the button that adopts their value of a
/// setting ("MQL threshold"), or of all thresholds ("thresholds").
pub fn adopt_setting_label(topic: &str) -> String {
    format!("Adopt their {topic}")
}

/// One line per differing setting; thresholds with an Adopt button.
pub fn settings_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    other: &OtherProposal,
    commands: &mut Vec<Command>,
) {
    let differences = setting_differences(&workspace.working, &other.rules);
    ui.heading("Thresholds and other settings");
    if differences.is_empty() {
        ui.label("Thresholds and every other setting are the same on both sides.");
        return;
    }
    for setting in &differences {
        ui.horizontal_wrapped(|ui| {
            ui.label(format::plain(
                &setting.difference.in_words(&other.rules.name),
            ));
            if let Some(edit) = &setting.adopt {
                let adopt = ui.button(format!("Adopt {}", setting.difference.theirs));
                name_widget(ui, &adopt, &adopt_setting_label(&setting.difference.topic));
                if adopt.clicked() {
                    commands.push(Command::edit(edit.clone()));
                }
            }
        });
    }
    let thresholds: Vec<&RuleEdit> = differences
        .iter()
        .filter_map(|s| s.adopt.as_ref())
        .collect();
    if thresholds.len() > 1 {
        let all = ui.button("Adopt all their thresholds");
        name_widget(ui, &all, &adopt_setting_label("thresholds"));
        if all.clicked() {
            commands.extend(adopt_all(
                &differences,
                workspace.working.stages.sql_threshold,
            ));
        }
    }
}

/// Every threshold of theirs as one undo step, in an order that never
/// puts MQL above SQL on the way: SQL first when their MQL is above our
/// SQL, MQL first otherwise; the floor last.
fn adopt_all(differences: &[SettingDifference], our_sql: i64) -> Vec<Command> {
    let edit_of = |wanted: ThresholdKind| {
        differences.iter().find_map(|s| match &s.adopt {
            Some(edit @ RuleEdit::SetThreshold { kind, .. }) if *kind == wanted => {
                Some((edit.clone(), s))
            }
            _ => None,
        })
    };
    let their_mql_above_our_sql = matches!(
        edit_of(ThresholdKind::Mql),
        Some((RuleEdit::SetThreshold { value: Some(mql), .. }, _)) if mql > our_sql
    );
    let order = if their_mql_above_our_sql {
        [ThresholdKind::Sql, ThresholdKind::Mql, ThresholdKind::Floor]
    } else {
        [ThresholdKind::Mql, ThresholdKind::Sql, ThresholdKind::Floor]
    };
    let edits: Vec<RuleEdit> = order
        .into_iter()
        .filter_map(|kind| edit_of(kind).map(|(edit, _)| edit))
        .collect();
    Command::one_step(edits)
}
