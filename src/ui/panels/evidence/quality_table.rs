//! The quality figures of the rule set beside the baseline's, with the
//! paired difference: AUC and Gini with their 95% intervals, KS, Brier
//! skill and, when a capacity was given, what sales would see at it.

use eframe::egui;

use crate::analysis::evaluation::{AtCapacity, ModelQuality, RankedQuality};
use crate::analysis::quality::{Auc, AucDifference};
use crate::ui::widgets::colors;
use crate::ui::widgets::format;

/// The names of the two rule sets compared.
pub(super) struct Names<'a> {
    /// The working rule set.
    pub rule_set: &'a str,
    /// The baseline.
    pub baseline: &'a str,
}

/// An AUC as the tab shows it: "0.897 [0.863…0.932]".
fn auc_text(auc: &Auc) -> String {
    format!("{:.3} [{:.3}…{:.3}]", auc.value, auc.low, auc.high)
}

fn gini_text(auc: &Auc) -> String {
    format!(
        "{} [{}…{}]",
        decimal(auc.gini),
        decimal(auc.gini_low),
        decimal(auc.gini_high)
    )
}

/// Three decimals with a typographic minus.
fn decimal(x: f64) -> String {
    let text = format!("{x:.3}");
    match text.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

/// A difference scaled by `factor` (2 for Gini) with its interval.
fn difference_text(difference: &AucDifference, factor: f64) -> String {
    format!(
        "{} [{}…{}]",
        format::signed_decimal(factor * difference.difference),
        format::signed_decimal(factor * difference.low),
        format::signed_decimal(factor * difference.high)
    )
}

/// What one row of the table says of one rule set.
type Cell = fn(&RankedQuality) -> String;

/// The rows: label, what it means, the cell.
const ROWS: [(&str, &str, Cell); 4] = [
    (
        "AUC [95% CI]",
        "The chance that a won contact scores above one that was not won (ties count half): \
         0.5 is a random order, 1 a perfect one.",
        |q| q.quality.auc.as_ref().map_or_else(dash, auc_text),
    ),
    (
        "Gini [95% CI]",
        "2 × AUC − 1: 0 is a random order, 1 a perfect one.",
        |q| q.quality.auc.as_ref().map_or_else(dash, gini_text),
    ),
    (
        "KS",
        "The largest gap between the share of the wins and the share of the others scoring \
         at or above a threshold, and the threshold where it is.",
        |q| {
            q.quality.ks.as_ref().map_or_else(dash, |ks| {
                format!("{:.3} at ≥ {}", ks.value, format::whole(ks.threshold))
            })
        },
    ),
    (
        "Brier skill",
        "How much better the calibrated score predicts winning than the overall conversion \
         given to everyone: 1 − Brier score / the reference's Brier score.",
        |q| {
            q.quality
                .calibration
                .as_ref()
                .map_or_else(dash, |c| format::percent(c.brier_skill))
        },
    ),
];

fn dash() -> String {
    "–".to_owned()
}

/// The table and a line on what it counts.
pub(super) fn quality_table_ui(
    ui: &mut egui::Ui,
    id: &str,
    quality: &ModelQuality,
    names: &Names<'_>,
) {
    let own = &quality.rule_set;
    let baseline = quality.baseline.as_ref();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new("Rule set:")
                .color(colors::PROPOSAL)
                .strong(),
        );
        ui.label(names.rule_set);
        if baseline.is_some() {
            ui.add_space(12.0);
            ui.label(
                egui::RichText::new("Baseline:")
                    .color(colors::BASELINE)
                    .strong(),
            );
            ui.label(names.baseline);
        }
    });
    // The figures' columns share the width beside the labels; on a narrow
    // window a figure's interval wraps under it rather than pushing the
    // table off the screen.
    let figure_columns = if baseline.is_some() { 3.0 } else { 1.0 };
    let column_width = ((ui.available_width() - LABEL_COLUMN_WIDTH - COLUMN_GAP * figure_columns)
        / figure_columns)
        .max(MIN_COLUMN_WIDTH);
    egui::Grid::new(id)
        .striped(true)
        .spacing([COLUMN_GAP, 6.0])
        .max_col_width(column_width)
        .show(ui, |ui| {
            ui.label("");
            ui.strong("Rule set");
            if baseline.is_some() {
                ui.strong("Baseline");
                ui.strong("Difference");
            }
            ui.end_row();
            for (index, (label, meaning, cell)) in ROWS.iter().enumerate() {
                ui.add(egui::Label::new(*label).wrap())
                    .on_hover_text(*meaning);
                wrapped(ui, cell(own));
                if let Some(baseline) = baseline {
                    wrapped(ui, cell(baseline));
                    let factor = match index {
                        0 => Some(1.0),
                        1 => Some(2.0),
                        _ => None,
                    };
                    match (factor, &quality.difference) {
                        (Some(factor), Some(difference)) => {
                            difference_ui(ui, difference, factor);
                        }
                        _ => {
                            ui.label("");
                        }
                    }
                }
                ui.end_row();
            }
            if own.capacity.is_some() || baseline.is_some_and(|b| b.capacity.is_some()) {
                ui.label("At capacity").on_hover_text(
                    "The lowest threshold whose contacts sales can follow up, what they would \
                     win and the conversion they would see (precision).",
                );
                wrapped(ui, capacity_text(own.capacity.as_ref()));
                if let Some(baseline) = baseline {
                    wrapped(ui, capacity_text(baseline.capacity.as_ref()));
                }
                ui.end_row();
            }
        });
    ui.add(egui::Label::new(counts_text(quality)).wrap());
}

/// Room between the table's columns.
const COLUMN_GAP: f32 = 14.0;

/// Room the row labels ("AUC [95% CI]") take.
const LABEL_COLUMN_WIDTH: f32 = 110.0;

/// Narrowest a column gets, whatever the window.
const MIN_COLUMN_WIDTH: f32 = 90.0;

fn wrapped(ui: &mut egui::Ui, text: String) {
    ui.add(egui::Label::new(text).wrap());
}

/// The difference in the colour of what it says: better or worse only
/// when its interval leaves out 0.
fn difference_ui(ui: &mut egui::Ui, difference: &AucDifference, factor: f64) {
    let visuals = ui.visuals();
    let color = if difference.low > 0.0 {
        colors::better(visuals)
    } else if difference.high < 0.0 {
        colors::worse(visuals)
    } else {
        visuals.weak_text_color()
    };
    let p = if difference.p_value < 0.0001 {
        "p < 0.0001".to_owned()
    } else {
        format!("p = {:.4}", difference.p_value)
    };
    ui.add(
        egui::Label::new(egui::RichText::new(difference_text(difference, factor)).color(color))
            .wrap(),
    )
    .on_hover_text(format!(
        "Rule set minus baseline, paired on the same contacts (DeLong); {p}. An interval \
             that includes 0 is no clear difference."
    ));
}

fn capacity_text(capacity: Option<&AtCapacity>) -> String {
    capacity.map_or_else(dash, |c| {
        format!(
            "≥ {}: {} of {} wins, precision {}",
            format::whole(c.threshold),
            format::count(c.wins_captured),
            format::count(c.wins),
            format::percent(c.precision.value)
        )
    })
}

/// "7,402 contacts ranked (71 won); …".
fn counts_text(quality: &ModelQuality) -> String {
    let own = &quality.rule_set.quality;
    let mut text = format!(
        "{} contacts ranked ({} won); contacts the rule set excludes are left out",
        format::count(own.contacts),
        format::count(own.wins)
    );
    if quality.baseline.is_some() {
        text.push_str(&format!(
            "; the difference is paired, on the {} contacts neither excludes",
            format::count(quality.paired_contacts)
        ));
    }
    if let Some(capacity) = &quality.rule_set.capacity {
        text.push_str(&format!(
            ". Capacity {} leads a month over {:.1} months: {} contacts",
            capacity.ask.per_month,
            capacity.ask.months,
            format::count(capacity.allowed)
        ));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_with_their_intervals_and_signs() {
        let auc = crate::analysis::quality::auc(
            &[9, 8, 7, 6, 5, 4, 3, 2],
            &[true, false, true, true, false, false, true, false],
        )
        .unwrap();
        let text = auc_text(&auc);
        assert!(text.starts_with(&format!("{:.3} [", auc.value)), "{text}");
        assert!(text.contains('…'));
        assert_eq!(decimal(-0.25), "−0.250");
        let difference = AucDifference {
            difference: 0.014,
            low: -0.006,
            high: 0.033,
            std_error: 0.01,
            p_value: 0.2,
        };
        assert_eq!(difference_text(&difference, 1.0), "+0.014 [−0.006…+0.033]");
        assert_eq!(difference_text(&difference, 2.0), "+0.028 [−0.012…+0.066]");
    }
}
