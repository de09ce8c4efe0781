//! Points fitted jointly beside the current and univariate ones: accepted
//! rule by rule (one undo step each) or all at once (one undo step), and
//! the held-out check said plainly.

use eframe::egui;

use super::rule_table::LeakageSigns;
use crate::analysis::evaluation::{HeldOut, JointFitReport};
use crate::analysis::joint_fit::{FeatureKind, JointFit, JointPoints};
use crate::analysis::quality::Auc;
use crate::model::{RuleEdit, RuleSet};
use crate::ui::app::command::Command;
use crate::ui::app::error::AppError;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::colors;
use crate::ui::widgets::edit::name_widget;
use crate::ui::widgets::format;

/// The label (and accessible name) of the button that sets every fitted
/// rule's points at once.
pub const APPLY_ALL_FITTED_LABEL: &str = "Apply all fitted points";

/// The accessible name of the button that sets one rule's fitted points.
pub fn accept_fitted_label(rule: &str) -> String {
    format!("Accept the fitted points for {rule}")
}

/// The edits that give every fitted rule still in `working` (same place,
/// same name) its fitted points, where they differ.
fn fitted_edits(working: &RuleSet, fit: &JointFit) -> Vec<RuleEdit> {
    fit.rules
        .iter()
        .filter(|p| {
            working
                .rule(p.path)
                .is_some_and(|r| r.name == p.name && r.points != p.fitted_points)
        })
        .map(|p| RuleEdit::SetPoints {
            path: p.path,
            points: p.fitted_points,
        })
        .collect()
}

/// How the fit was made, the table, Apply all, and the held-out check.
pub(super) fn fitted_points_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    joint_fit: &Result<JointFitReport, AppError>,
    leakage: &LeakageSigns<'_>,
    commands: &mut Vec<Command>,
) {
    let report = match joint_fit {
        Ok(report) => report,
        Err(error) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Not fitted: {}", error.message()),
            );
            return;
        }
    };
    let fit = &report.fit;
    ui.add(
        egui::Label::new(format!(
            "Fitted together on the back-test at {} ({} contacts, {} won): a regularised \
             logistic regression of winning on every rule at once, {} points doubling the odds, \
             rounded to 5. Univariate: each rule's own weight of evidence.",
            report.fit_window.cutoff,
            format::count(fit.contacts),
            format::count(fit.wins),
            fit.points_to_double_odds
        ))
        .wrap(),
    );
    if !fit.converged {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "The fit did not converge: some rules separate the wins perfectly, so the fitted \
             points mean little. Read them with care.",
        );
    }
    ui.add_space(4.0);
    points_table_ui(ui, workspace, fit, leakage, commands);
    for (name, why) in &fit.skipped {
        ui.weak(format!("\"{name}\" not fitted: {why}."));
    }
    let edits = fitted_edits(&workspace.working, fit);
    let apply = ui
        .add_enabled(!edits.is_empty(), egui::Button::new(APPLY_ALL_FITTED_LABEL))
        .on_hover_text(
            "Every fitted rule gets its fitted points, as one step: Undo takes them all back",
        );
    if apply.clicked() {
        commands.extend(Command::one_step(edits));
    }
    ui.add_space(6.0);
    if let Some(held_out) = &report.held_out {
        held_out_ui(ui, held_out);
    }
    if let Some(note) = &report.note {
        ui.add(egui::Label::new(egui::RichText::new(format!("{note}.")).weak()).wrap());
    }
}

/// One row per fitted rule: its points now, the suggestions, Accept.
fn points_table_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    fit: &JointFit,
    leakage: &LeakageSigns<'_>,
    commands: &mut Vec<Command>,
) {
    super::rule_table::rule_grid(ui, "evidence_fitted_points").show(ui, |ui| {
        for title in ["Rule", "Current", "Univariate", "Fitted [95% CI]", ""] {
            ui.strong(title);
        }
        ui.end_row();
        for points in &fit.rules {
            let per_event = (points.kind == FeatureKind::EventCount).then_some("per event");
            leakage.rule_name_ui(ui, points.path, &points.name, per_event);
            let now = workspace
                .working
                .rule(points.path)
                .filter(|rule| rule.name == points.name);
            ui.label(now.map_or_else(|| "–".to_owned(), |r| format::signed_count(r.points)));
            ui.label(
                points
                    .univariate_points
                    .map_or_else(|| "–".to_owned(), format::signed_count),
            );
            ui.label(fitted_text(points));
            match now {
                None => {
                    ui.weak("changed since the run");
                }
                Some(rule) if rule.points == points.fitted_points => {
                    ui.weak("in use");
                }
                Some(_) => accept_ui(ui, points, commands),
            }
            ui.end_row();
        }
    });
}

/// "+20 [+10…+25]".
fn fitted_text(points: &JointPoints) -> String {
    format!(
        "{} [{}…{}]",
        format::signed_count(points.fitted_points),
        format::signed_count(points.low),
        format::signed_count(points.high)
    )
}

fn accept_ui(ui: &mut egui::Ui, points: &JointPoints, commands: &mut Vec<Command>) {
    let accept = ui.button("Accept").on_hover_text(format!(
        "Give \"{}\" its fitted {} points (one step to undo)",
        points.name,
        format::signed_count(points.fitted_points)
    ));
    name_widget(ui, &accept, &accept_fitted_label(&points.name));
    if accept.clicked() {
        commands.push(Command::edit(RuleEdit::SetPoints {
            path: points.path,
            points: points.fitted_points,
        }));
    }
}

/// "Held out at 2025-10-02: AUC 0.897 with the current points, 0.911 with
/// the fitted; gain +0.014 [−0.006…+0.033] — no clear gain", in the colour
/// of what it says.
fn held_out_ui(ui: &mut egui::Ui, held_out: &HeldOut) {
    let auc = |a: Option<&Auc>| a.map_or_else(|| "–".to_owned(), |a| format!("{:.3}", a.value));
    let visuals = ui.visuals();
    let (gain, verdict, color) = match &held_out.gain {
        Some(g) => {
            let gain = format!(
                "{} [{}…{}]",
                format::signed_decimal(g.difference),
                format::signed_decimal(g.low),
                format::signed_decimal(g.high)
            );
            if g.low > 0.0 {
                (
                    gain,
                    "the fitted points rank better",
                    colors::better(visuals),
                )
            } else if g.high < 0.0 {
                (gain, "keep the current points", colors::worse(visuals))
            } else {
                (gain, "no clear gain", visuals.text_color())
            }
        }
        None => ("–".to_owned(), "not measurable", visuals.text_color()),
    };
    ui.add(
        egui::Label::new(
            egui::RichText::new(format!(
                "Held out at {} ({} contacts, {} won): AUC {} with the current points, {} with \
                 the fitted; gain {gain} — {verdict}",
                held_out.window.cutoff,
                format::count(held_out.contacts),
                format::count(held_out.wins),
                auc(held_out.current.as_ref()),
                auc(held_out.fitted.as_ref()),
            ))
            .color(color)
            .strong(),
        )
        .wrap(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dimension, Group, Rule, RulePath};

    fn rules() -> RuleSet {
        let rule = |name: &str, points| Rule {
            name: name.to_owned(),
            points,
            ..Rule::default()
        };
        RuleSet {
            fit: vec![Group {
                rules: vec![rule("A", 10), rule("B", 5), rule("C", 0)],
                ..Group::default()
            }],
            ..RuleSet::default()
        }
    }

    fn fitted(rule: usize, name: &str, points: i64) -> JointPoints {
        JointPoints {
            path: RulePath {
                dimension: Dimension::Fit,
                group: 0,
                rule,
            },
            name: name.to_owned(),
            kind: FeatureKind::Matched,
            current_points: 0,
            univariate_points: None,
            fitted_points: points,
            low: points - 5,
            high: points + 5,
            coefficient: 0.0,
            std_error: 0.0,
        }
    }

    #[test]
    fn only_rules_still_in_place_and_with_other_points_are_edited() {
        let fit = JointFit {
            // A changes, B already has its points, the third place now
            // holds another rule than the one fitted.
            rules: vec![fitted(0, "A", 20), fitted(1, "B", 5), fitted(2, "Gone", 15)],
            skipped: Vec::new(),
            l2: 1.0,
            points_to_double_odds: 10.0,
            contacts: 0,
            wins: 0,
            converged: true,
        };
        let edits = fitted_edits(&rules(), &fit);
        assert_eq!(
            edits,
            vec![RuleEdit::SetPoints {
                path: fitted(0, "A", 20).path,
                points: 20,
            }]
        );
    }
}
