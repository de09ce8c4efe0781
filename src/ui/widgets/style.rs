//! Text large enough for a projector, the same spacing everywhere, and the
//! system's dark or light theme.

use eframe::egui;
use eframe::egui::{FontFamily, FontId, TextStyle};

/// Room for "10,000" beside every chart, so stacked charts line up.
pub const PLOT_Y_AXIS_WIDTH: f32 = 72.0;

/// Applies the studio's text sizes and spacing to both themes.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::ThemePreference::System);
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
}
