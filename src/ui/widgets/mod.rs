//! What the panels share: charts that read plain view models, number
//! formats, colours, the style, and small editing widgets.

pub mod chart_grid;
pub mod colors;
pub mod distribution_chart;
pub mod edit;
pub mod format;
pub mod funnel_chart;
pub mod leakage;
pub mod quality_charts;
pub mod style;
pub mod sweep_chart;
pub mod threshold_markers;
