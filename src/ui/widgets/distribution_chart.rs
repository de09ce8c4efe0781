//! Score distribution: stacked bars of won and other contacts per bucket,
//! with the thresholds as labelled lines that can be dragged; under it, on
//! its own scale, the share of each bucket that was won — at a 4% win rate
//! the won layer of the bars is a sliver, while the share reads at once.

use eframe::egui;
use egui_plot::{Bar, BarChart, Corner, Legend, Plot};

use super::chart_grid;
use super::colors;
use super::threshold_markers::{name_chart, threshold_lines, threshold_markers_ui};
use crate::analysis::{SMALL_SAMPLE, ScoreDistribution};
use crate::model::Stages;
use crate::ui::app::command::Command;

/// The chart's accessible name.
pub const CHART_LABEL: &str = "Score distribution chart";

/// The accessible name of the won-share strip under it.
pub const WON_SHARE_LABEL: &str = "Share won per score band chart";

/// Height of the chart in the dashboard, in points.
pub const CHART_HEIGHT: f32 = 300.0;

/// Part of the height given to the counts; the rest is the won share,
/// which carries the score axis for both.
const COUNTS_SHARE_OF_HEIGHT: f32 = 0.6;

/// The share won in one score bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WonShare {
    /// The middle of the bucket, on the score axis.
    pub centre: f64,
    /// Won contacts as a percentage of the bucket's contacts.
    pub won_percent: f64,
    /// The bucket's contacts.
    pub contacts: usize,
}

/// The won share of every bucket with enough contacts to say something
/// (at least [`SMALL_SAMPLE`]); smaller buckets are left out rather than
/// drawn as 0% or 100%.
pub fn won_shares(distribution: &ScoreDistribution) -> Vec<WonShare> {
    let width = distribution.bucket_width as f64;
    distribution
        .buckets
        .iter()
        .filter_map(|b| {
            let contacts = b.won + b.not_won;
            (contacts >= SMALL_SAMPLE).then(|| WonShare {
                centre: b.start as f64 + width / 2.0,
                won_percent: 100.0 * b.won as f64 / contacts as f64,
                contacts,
            })
        })
        .collect()
}

/// The chart, `height` points tall with its won-share strip; dragging a
/// threshold line (on either) moves the threshold.
pub fn distribution_chart_ui(
    ui: &mut egui::Ui,
    distribution: &ScoreDistribution,
    stages: &Stages,
    height: f32,
    commands: &mut Vec<Command>,
) {
    let score_range = score_range(distribution);
    let counts_height = (height * COUNTS_SHARE_OF_HEIGHT).round();
    let share_height = (height - counts_height - ui.spacing().item_spacing.y).max(40.0);
    let counts = score_plot("score_distribution", score_range, stages, counts_height)
        .show_axes([false, true])
        .legend(Legend::default().position(Corner::LeftTop))
        .y_axis_label("contacts")
        .show(ui, |plot_ui| {
            let (not_won, won) = count_bars(distribution);
            plot_ui.bar_chart(not_won);
            plot_ui.bar_chart(won);
            threshold_lines(plot_ui, stages, Some(tallest_bucket(distribution)));
        });
    name_chart(ui, &counts.response, CHART_LABEL, stages);
    threshold_markers_ui(ui, &counts.response, &counts.transform, stages, commands);
    let shares = score_plot("score_won_share", score_range, stages, share_height)
        .include_y(0.0)
        .y_grid_spacer(chart_grid::sparse_grid)
        .y_axis_label("% won")
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(won_share_bars(distribution));
            threshold_lines(plot_ui, stages, None);
        });
    name_chart(ui, &shares.response, WON_SHARE_LABEL, stages);
    threshold_markers_ui(ui, &shares.response, &shares.transform, stages, commands);
}

/// A plot on the score axis, fixed (no pan or zoom: a drag moves a
/// threshold), showing every bucket and the thresholds. Both plots include
/// the same range, so that their score axes line up.
fn score_plot<'a>(id: &str, score_range: (f64, f64), stages: &Stages, height: f32) -> Plot<'a> {
    Plot::new(id)
        .height(height)
        .include_x(score_range.0)
        .include_x(score_range.1)
        .y_axis_min_width(super::style::PLOT_Y_AXIS_WIDTH)
        .y_grid_spacer(chart_grid::nice_grid)
        .x_grid_spacer(chart_grid::score_grid)
        .custom_x_axes(vec![chart_grid::score_axis("score")])
        .include_x(stages.mql_threshold as f64)
        .include_x(stages.sql_threshold as f64)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .allow_scroll(false)
}

/// Not-won bars with the won ones stacked on them.
fn count_bars(distribution: &ScoreDistribution) -> (BarChart, BarChart) {
    let width = distribution.bucket_width as f64;
    let centre = |start: i64| start as f64 + width / 2.0;
    let bars = |count: fn(&crate::analysis::ScoreBucket) -> usize, color| {
        distribution
            .buckets
            .iter()
            .map(|b| {
                Bar::new(centre(b.start), count(b) as f64)
                    .width(width * 0.9)
                    .fill(color)
            })
            .collect::<Vec<_>>()
    };
    let not_won =
        BarChart::new("Not won", bars(|b| b.not_won, colors::NOT_WON)).color(colors::NOT_WON);
    let won = BarChart::new("Won", bars(|b| b.won, colors::WON))
        .color(colors::WON)
        .stack_on(&[&not_won]);
    (not_won, won)
}

fn won_share_bars(distribution: &ScoreDistribution) -> BarChart {
    let width = distribution.bucket_width as f64;
    let bars = won_shares(distribution)
        .into_iter()
        .map(|share| {
            Bar::new(share.centre, share.won_percent)
                .width(width * 0.9)
                .fill(colors::WON)
                .name(format!("{} contacts", share.contacts))
        })
        .collect();
    BarChart::new("% won", bars).color(colors::WON)
}

/// From the lowest bucket's start to the highest bucket's end.
fn score_range(distribution: &ScoreDistribution) -> (f64, f64) {
    let starts = distribution.buckets.iter().map(|b| b.start);
    let low = starts.clone().min().unwrap_or(0);
    let high = starts.max().unwrap_or(0) + distribution.bucket_width;
    (low as f64, high as f64)
}

fn tallest_bucket(distribution: &ScoreDistribution) -> f64 {
    distribution
        .buckets
        .iter()
        .map(|b| (b.won + b.not_won) as f64)
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ScoreBucket;

    #[test]
    fn small_buckets_have_no_won_share() {
        let distribution = ScoreDistribution {
            bucket_width: 5,
            buckets: vec![
                ScoreBucket {
                    start: 0,
                    won: 4,
                    not_won: 96,
                },
                ScoreBucket {
                    start: 5,
                    won: 3,
                    not_won: 2,
                },
            ],
        };
        let shares = won_shares(&distribution);
        assert_eq!(shares.len(), 1);
        assert_eq!(shares[0].won_percent, 4.0);
        assert_eq!(shares[0].centre, 2.5);
    }
}
