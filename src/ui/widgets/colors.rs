//! Colours with a meaning, readable in dark and light mode.

use eframe::egui;
use eframe::egui::Color32;

/// A change for the better.
pub fn better(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(110, 210, 120)
    } else {
        Color32::from_rgb(20, 130, 40)
    }
}

/// A change for the worse.
pub fn worse(visuals: &egui::Visuals) -> Color32 {
    visuals.error_fg_color
}

/// The working rule set (the proposal) in charts that set it beside the
/// baseline.
pub const PROPOSAL: Color32 = SQL_LINE;

/// The baseline in charts that set it beside the working rule set.
pub const BASELINE: Color32 = NOT_WON;

/// How worrying a population stability index is, in the colour of its
/// band: stable reads as good news, watch as a warning, act as an error.
pub fn of_psi_band(visuals: &egui::Visuals, band: crate::analysis::PsiBand) -> Color32 {
    match band {
        crate::analysis::PsiBand::Stable => better(visuals),
        crate::analysis::PsiBand::Watch => visuals.warn_fg_color,
        crate::analysis::PsiBand::Act => visuals.error_fg_color,
    }
}

/// Won contacts in charts.
pub const WON: Color32 = Color32::from_rgb(60, 170, 90);

/// Contacts that did not convert, in charts.
pub const NOT_WON: Color32 = Color32::from_rgb(140, 140, 150);

/// The colour of a difference: better when it goes the way we want.
pub fn of_difference(visuals: &egui::Visuals, difference: f64, higher_is_better: bool) -> Color32 {
    if difference == 0.0 {
        visuals.weak_text_color()
    } else if (difference > 0.0) == higher_is_better {
        better(visuals)
    } else {
        worse(visuals)
    }
}

/// The MQL threshold line in charts: an orange dark enough to read on
/// white (the projector theme) and bright enough on black.
pub const MQL_LINE: Color32 = Color32::from_rgb(220, 120, 0);

/// The SQL threshold line in charts, readable on white and on black.
pub const SQL_LINE: Color32 = Color32::from_rgb(45, 115, 225);

/// The floor line in charts.
pub const FLOOR_LINE: Color32 = Color32::from_rgb(200, 80, 80);
