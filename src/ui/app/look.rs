//! How the studio looks: the theme and the zoom's bounds. Plain values,
//! persisted with the state and carried by commands.

use serde::{Deserialize, Serialize};

/// The colours the studio is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Whatever the system prefers.
    #[default]
    System,
    /// Light text on dark.
    Dark,
    /// Black on white with strong secondary text: for projectors.
    Light,
}

impl Theme {
    /// Every theme, in menu order.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Dark, Theme::Light];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "As the system",
            Theme::Dark => "Dark",
            Theme::Light => "Light, high contrast (projector)",
        }
    }
}

/// Smallest and largest zoom offered.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.6..=2.0;
