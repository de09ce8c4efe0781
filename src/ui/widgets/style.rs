//! Text large enough for a projector, the same spacing everywhere, and the
//! chosen theme: dark, or black on white with strong secondary text.

use eframe::egui;
use eframe::egui::{Color32, FontFamily, FontId, TextStyle};

use crate::ui::app::look::Theme;

/// Room for "10,000" beside every chart, so stacked charts line up.
pub const PLOT_Y_AXIS_WIDTH: f32 = 72.0;

/// Applies the studio's text sizes and spacing to both themes, and makes
/// the light theme one a projector does not wash out.
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(22.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(15.0, FontFamily::Monospace),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
        style.spacing.slider_width = 220.0;
    });
    ctx.style_mut_of(egui::Theme::Light, |style| {
        high_contrast(&mut style.visuals)
    });
    // Secondary text at egui's 60% of the text colour is too faint on a
    // dim screen; 75% still reads as secondary.
    ctx.style_mut_of(egui::Theme::Dark, |style| {
        style.visuals.weak_text_alpha = 0.75
    });
}

/// Shows the studio in `theme`.
pub fn set_theme(ctx: &egui::Context, theme: Theme) {
    ctx.set_theme(match theme {
        Theme::System => egui::ThemePreference::System,
        Theme::Dark => egui::ThemePreference::Dark,
        Theme::Light => egui::ThemePreference::Light,
    });
}

/// Black text on white, secondary text dark grey rather than pale grey,
/// and borders a projector still shows.
fn high_contrast(visuals: &mut egui::Visuals) {
    visuals.override_text_color = Some(Color32::BLACK);
    visuals.weak_text_color = Some(Color32::from_gray(70));
    visuals.panel_fill = Color32::WHITE;
    visuals.window_fill = Color32::WHITE;
    visuals.faint_bg_color = Color32::from_gray(236);
    visuals.extreme_bg_color = Color32::from_gray(250);
    visuals.error_fg_color = Color32::from_rgb(190, 0, 0);
    visuals.warn_fg_color = Color32::from_rgb(150, 80, 0);
    let border = egui::Stroke::new(1.0, Color32::from_gray(90));
    visuals.widgets.noninteractive.bg_stroke = border;
    visuals.widgets.inactive.bg_stroke = border;
    visuals.widgets.inactive.weak_bg_fill = Color32::from_gray(225);
    visuals.widgets.inactive.bg_fill = Color32::from_gray(225);
    visuals.selection.bg_fill = Color32::from_rgb(150, 190, 250);
    visuals.selection.stroke = egui::Stroke::new(1.0, Color32::BLACK);
}
