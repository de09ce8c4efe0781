//! Contacts, conversion and revenue per stage; under each stage, the
//! baseline's figures with the differences coloured.

use eframe::egui;

use crate::analysis::{Comparison, Rate, SimulationSummary, StageSummary};
use crate::model::Stage;
use crate::ui::widgets::colors;
use crate::ui::widgets::format;

/// Two rows per stage: the proposal, then the baseline and the difference.
pub fn stage_table_ui(ui: &mut egui::Ui, comparison: &Comparison) {
    summaries_table_ui(
        ui,
        "stage_table",
        &comparison.proposal,
        Some(&comparison.baseline),
    );
}

/// The stages of one rule set, each with the baseline's figures below it
/// when there is a baseline. Revenue is left out when the data has none;
/// the columns are short enough for a 1280-point-wide window.
pub fn summaries_table_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    proposal: &SimulationSummary,
    baseline: Option<&SimulationSummary>,
) {
    let has_revenue = proposal.revenue > 0.0 || baseline.is_some_and(|b| b.revenue > 0.0);
    egui::Grid::new(id_salt)
        .spacing([20.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Stage");
            ui.strong("Contacts");
            ui.strong("Share");
            ui.strong("Conversion to won (95% interval)")
                .on_hover_text("Share of the stage's contacts with a won deal; the interval is the 95% Wilson interval");
            if has_revenue {
                ui.strong("Revenue");
            }
            ui.end_row();
            for stage in Stage::ALL {
                let Some(figures) = proposal.stage(stage) else {
                    continue;
                };
                // A stage nobody is in under either rule set (no floor
                // set: nobody disqualified) is left out.
                let base = baseline.and_then(|b| b.stage(stage));
                if figures.count == 0 && base.is_none_or(|b| b.count == 0) {
                    continue;
                }
                proposal_row_ui(ui, figures, has_revenue);
                ui.end_row();
                if let Some(base) = baseline.and_then(|b| b.stage(stage)) {
                    baseline_row_ui(ui, figures, base, has_revenue);
                    ui.end_row();
                }
            }
        });
}

fn proposal_row_ui(ui: &mut egui::Ui, proposal: &StageSummary, has_revenue: bool) {
    ui.strong(proposal.stage.label());
    ui.strong(format::count(proposal.count));
    ui.label(format::percent(proposal.share));
    rate_ui(ui, &proposal.conversion);
    if has_revenue {
        ui.label(format::compact_money(proposal.revenue));
    }
}

/// "baseline 715 −159": more contacts is better for MQL and SQL only; no
/// difference is shown when there is none.
fn baseline_row_ui(
    ui: &mut egui::Ui,
    proposal: &StageSummary,
    baseline: &StageSummary,
    has_revenue: bool,
) {
    let visuals = ui.visuals().clone();
    ui.weak("  baseline");
    ui.horizontal(|ui| {
        ui.weak(format::count(baseline.count));
        let difference = proposal.count as i64 - baseline.count as i64;
        if difference != 0 {
            let color =
                colors::of_difference(&visuals, difference as f64, proposal.stage.is_qualified());
            ui.colored_label(color, format::signed_count(difference));
        }
    });
    ui.weak(format::percent(baseline.share));
    ui.horizontal(|ui| {
        ui.weak(compact_rate(&baseline.conversion));
        if proposal.conversion.n > 0 && baseline.conversion.n > 0 {
            let difference = proposal.conversion.value - baseline.conversion.value;
            if difference.abs() >= 0.0005 {
                let color = colors::of_difference(&visuals, difference, true);
                ui.colored_label(color, format!("{:+.1} pts", difference * 100.0));
            }
        }
    });
    if has_revenue {
        ui.horizontal(|ui| {
            ui.weak(format::compact_money(baseline.revenue));
            let difference = proposal.revenue - baseline.revenue;
            if difference.abs() >= 0.5 {
                let color =
                    colors::of_difference(&visuals, difference, proposal.stage.is_qualified());
                let sign = if difference > 0.0 { "+" } else { "" };
                ui.colored_label(
                    color,
                    format!("{sign}{}", format::compact_money(difference)),
                );
            }
        });
    }
}

/// "19.2% (15.7–23.1)"; a stage nobody is in has no conversion: "–".
pub fn compact_rate(rate: &Rate) -> String {
    if rate.n == 0 {
        return "–".to_owned();
    }
    format!(
        "{:.1}% ({:.1}–{:.1})",
        rate.value * 100.0,
        rate.low * 100.0,
        rate.high * 100.0
    )
}

/// A rate with its interval; small samples are shown weak.
fn rate_ui(ui: &mut egui::Ui, rate: &Rate) {
    let text = compact_rate(rate);
    if rate.n == 0 {
        ui.weak(text).on_hover_text("Nobody is in this stage");
    } else if rate.is_small_sample() {
        ui.weak(text)
            .on_hover_text("Fewer than 30 contacts: do not trust this rate");
    } else {
        ui.label(text);
    }
}
