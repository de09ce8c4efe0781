//! Population stability between the back-test window and the latest
//! period: the score's PSI, then every rule's match rate before and now
//! with its PSI in the colour of its band.

use eframe::egui;

use super::rule_table::LeakageSigns;
use crate::analysis::evaluation::{Period, Stability};
use crate::analysis::stability::Psi;
use crate::ui::app::error::AppError;
use crate::ui::widgets::colors;
use crate::ui::widgets::format;

/// The periods compared, the score's PSI and the table of rules.
pub(super) fn stability_ui(
    ui: &mut egui::Ui,
    stability: &Result<Stability, AppError>,
    leakage: &LeakageSigns<'_>,
) {
    let stability = match stability {
        Ok(stability) => stability,
        Err(error) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Not measured: {}", error.message()),
            );
            return;
        }
    };
    ui.add(
        egui::Label::new(format!(
            "New contacts of {} against those of {}, each scored as of its period's last day. \
             PSI below 0.1 is stable, 0.1 to 0.25 worth watching, above 0.25 worth acting on.",
            period_text(&stability.latest),
            period_text(&stability.reference),
        ))
        .wrap(),
    );
    ui.horizontal(|ui| {
        ui.strong("Score PSI");
        psi_ui(ui, stability.score.as_ref());
    });
    ui.add_space(4.0);
    super::rule_table::rule_grid(ui, "evidence_stability").show(ui, |ui| {
        for title in ["Rule", "Matched before", "Matched latest", "PSI"] {
            ui.strong(title);
        }
        ui.end_row();
        for rule in &stability.rules {
            leakage.rule_name_ui(ui, rule.path, &rule.name, None);
            ui.label(format::percent(rule.reference_rate));
            ui.label(format::percent(rule.latest_rate));
            psi_ui(ui, rule.psi.as_ref());
            ui.end_row();
        }
    });
}

/// "2025-10-02 to 2025-12-31 (1,514)".
fn period_text(period: &Period) -> String {
    format!(
        "{} to {} ({})",
        period.from,
        period.to,
        format::count(period.contacts)
    )
}

/// "0.015 stable", the band in its colour; "–" without an index.
fn psi_ui(ui: &mut egui::Ui, psi: Option<&Psi>) {
    let Some(psi) = psi else {
        ui.weak("–");
        return;
    };
    ui.horizontal(|ui| {
        ui.label(format!("{:.3}", psi.value));
        ui.colored_label(
            colors::of_psi_band(ui.visuals(), psi.band),
            psi.band.label(),
        );
    });
}
