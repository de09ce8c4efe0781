//! The "probable leakage" marker, the same in every table of rules: a
//! warning-coloured label whose hover says which sign of leakage it shows.

use eframe::egui;

use crate::analysis::{Leakage, PROBABLE_LEAKAGE};

/// Shows the marker; its hover text is the reason in a sentence.
pub fn leakage_marker(ui: &mut egui::Ui, leakage: &Leakage) -> egui::Response {
    let color = ui.visuals().warn_fg_color;
    ui.label(egui::RichText::new(PROBABLE_LEAKAGE).color(color).strong())
        .on_hover_text(format!(
            "{}. Points for it would reward the outcome, not predict it.",
            leakage.describe()
        ))
}
