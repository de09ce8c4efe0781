//! The SLA summary both teams sign: thresholds, the expected monthly MQL/SQL
//! volumes and conversion with their intervals, the wins and revenue they
//! capture, every rule with its points, owner and origin, and both teams'
//! sign-off lines. Built once as blocks, rendered as Markdown or HTML.

mod html;
mod markdown;
mod origin;
mod volume;

use chrono::NaiveDate;

pub use html::sla_html;
pub use markdown::sla_markdown;
pub use origin::{OriginRole, RuleOrigin, origin_legend, origin_of};
pub use volume::{MonthlyVolume, monthly_volume};

use crate::analysis::{Rate, SimulationSummary};
use crate::format::{money, percent, thousands};
use crate::model::{Dimension, RuleSet, Stage};

/// What the document is made of.
pub struct SlaInput<'a> {
    /// The agreed rule set.
    pub rules: &'a RuleSet,
    /// Its figures on the loaded history.
    pub summary: &'a SimulationSummary,
    /// Length of the history in months (for monthly volumes), when known.
    pub months: Option<f64>,
    /// As-of date of the figures.
    pub as_of: NaiveDate,
    /// First and last creation date of the history's contacts, when known.
    pub history: Option<(NaiveDate, NaiveDate)>,
    /// The day the figures were computed, for the sign-off block.
    pub computed_on: Option<NaiveDate>,
    /// The baseline and the proposals each rule is traced back to; empty
    /// when unknown, and the document then leaves the origin out.
    pub origins: &'a [RuleOrigin<'a>],
}

/// A table column: its title, whether it holds numbers (right-aligned),
/// and its share of the page width, so that a printed table never runs off
/// an A4 or Letter page.
#[derive(Debug, Clone, Copy)]
struct Column {
    title: &'static str,
    numeric: bool,
    width_percent: u8,
}

const fn text_column(title: &'static str, width_percent: u8) -> Column {
    Column {
        title,
        numeric: false,
        width_percent,
    }
}

const fn number_column(title: &'static str, width_percent: u8) -> Column {
    Column {
        title,
        numeric: true,
        width_percent,
    }
}

/// The teams who sign, and the lines each fills in by hand.
const SIGNING_TEAMS: [&str; 2] = ["Marketing", "Sales"];
const SIGNATURE_LINES: [&str; 4] = ["Name", "Role", "Signature", "Date"];

/// One block of the document.
enum Block {
    Heading(u8, String),
    Paragraph(String),
    Bullets(Vec<String>),
    Table(Vec<Column>, Vec<Vec<String>>),
    /// The sign-off: where the figures come from, then a name, role,
    /// signature and date line per team. Kept on one printed page.
    SignOff(String),
}

/// "15.7–23.1%", or a dash for a stage without contacts.
fn rate_interval(rate: &Rate) -> String {
    if rate.n == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}–{:.1}%", rate.low * 100.0, rate.high * 100.0)
    }
}

/// The document, section by section: thresholds, volumes, wins, rules,
/// sign-off.
fn blocks(input: &SlaInput) -> Vec<Block> {
    let rules = input.rules;
    let mut out = vec![Block::Heading(
        1,
        format!("Lead scoring SLA: {}", rules.name),
    )];
    if !rules.description.is_empty() {
        out.push(Block::Paragraph(rules.description.clone()));
    }
    out.push(Block::Heading(2, "Thresholds".to_owned()));
    out.push(Block::Bullets(threshold_lines(rules)));
    out.extend(volume_blocks(input));
    out.extend(win_blocks(input));
    for dimension in [Dimension::Fit, Dimension::Engagement] {
        out.extend(rule_blocks(input, dimension));
    }
    out.push(Block::SignOff(basis(input)));
    out
}

/// Thresholds, criteria, exclusions and decay, one sentence each.
fn threshold_lines(rules: &RuleSet) -> Vec<String> {
    let stages = &rules.stages;
    let mut lines = vec![format!(
        "MQL from {} points; SQL from {} points.",
        stages.mql_threshold, stages.sql_threshold
    )];
    if let Some(floor) = stages.disqualify_below {
        lines.push(format!("Disqualified below {floor} points."));
    }
    for (kind, criteria) in [("SQL", &stages.sql_criteria), ("MQL", &stages.mql_criteria)] {
        for c in criteria.iter().filter(|c| c.enabled) {
            lines.push(format!(
                "{kind} whatever the score: {} ({}).",
                c.name,
                c.condition.describe()
            ));
        }
    }
    for e in rules.exclusions.iter().filter(|e| e.enabled) {
        lines.push(format!(
            "Never handed over: {} ({}).",
            e.name,
            e.condition.describe()
        ));
    }
    lines.push(rules.decay.describe());
    lines
}

/// One row of the volume table: a stage (or MQL and SQL together) with
/// its monthly volume, interval, share and conversion.
fn volume_row(
    label: &str,
    count: usize,
    share: f64,
    conversion: &Rate,
    months: Option<f64>,
) -> Vec<String> {
    let (per_month, interval) = months
        .and_then(|m| monthly_volume(count, m))
        .map_or(("–".to_owned(), "–".to_owned()), |v| v.texts());
    vec![
        label.to_owned(),
        per_month,
        interval,
        percent(share),
        if conversion.n == 0 {
            "–".to_owned()
        } else {
            percent(conversion.value)
        },
        rate_interval(conversion),
        thousands(count),
    ]
}

/// The expected volumes per month and their conversion.
fn volume_blocks(input: &SlaInput) -> Vec<Block> {
    let summary = input.summary;
    let months = input.months;
    let row_of = |stage: Stage| {
        summary
            .stage(stage)
            .map(|s| volume_row(stage.label(), s.count, s.share, &s.conversion, months))
    };
    let qualified = summary.qualified_conversion.n;
    let qualified_share = if summary.contacts == 0 {
        0.0
    } else {
        qualified as f64 / summary.contacts as f64
    };
    let rows = [row_of(Stage::Sql), row_of(Stage::Mql)]
        .into_iter()
        .flatten()
        .chain([volume_row(
            "MQL or SQL",
            qualified,
            qualified_share,
            &summary.qualified_conversion,
            months,
        )])
        .chain(row_of(Stage::Nurture))
        .collect();
    let method = match months {
        Some(m) => format!(
            "Per month: the stage's contacts over the history's {m:.1} months. Its interval is the 95% Poisson (score) interval of that monthly average; single months vary more. Conversion to won has its 95% Wilson interval."
        ),
        None => "The history has no creation dates, so no monthly volumes; conversion to won has its 95% Wilson interval.".to_owned(),
    };
    vec![
        Block::Heading(2, "Expected volumes and conversion".to_owned()),
        Block::Table(
            vec![
                text_column("stage", 16),
                number_column("per month", 12),
                number_column("95% interval", 16),
                number_column("share", 10),
                number_column("conversion to won", 14),
                number_column("95% interval", 18),
                number_column("contacts", 14),
            ],
            rows,
        ),
        Block::Paragraph(method),
    ]
}

/// The wins and revenue that MQL and SQL hold.
fn win_blocks(input: &SlaInput) -> Vec<Block> {
    let summary = input.summary;
    let mut lines = vec![format!(
        "Wins captured: MQL or SQL hold {} of {} won contacts ({}); {} were left in nurture or disqualified and {} excluded.",
        thousands(summary.won_captured),
        thousands(summary.won),
        percent(summary.capture_rate()),
        thousands(summary.won_missed),
        thousands(summary.won_excluded),
    )];
    if let Some(volume) = input
        .months
        .and_then(|m| monthly_volume(summary.won_captured, m))
    {
        let (per_month, interval) = volume.texts();
        lines.push(format!(
            "Captured wins per month: {per_month} (95% interval {interval})."
        ));
    }
    // Exports without deal amounts sum to zero: a revenue of 0 would read
    // as "these leads earn nothing".
    if summary.revenue > 0.0 {
        lines.push(format!(
            "Revenue captured: {} of {} won revenue ({}).",
            money(summary.revenue_captured),
            money(summary.revenue),
            percent(summary.revenue_captured / summary.revenue),
        ));
    } else {
        lines.push("Revenue captured: the data has no deal amounts.".to_owned());
    }
    vec![
        Block::Heading(2, "Wins and revenue".to_owned()),
        Block::Bullets(lines),
    ]
}

/// The enabled rules of one dimension, group by group, with the origin
/// column when the origins are known.
fn rule_blocks(input: &SlaInput, dimension: Dimension) -> Vec<Block> {
    let title = match dimension {
        Dimension::Fit => "Fit rules",
        Dimension::Engagement => "Engagement rules",
    };
    let with_origin = !input.origins.is_empty();
    let columns = if with_origin {
        vec![
            text_column("rule", 20),
            text_column("condition", 34),
            number_column("points", 10),
            text_column("owner", 11),
            text_column("origin", 25),
        ]
    } else {
        vec![
            text_column("rule", 26),
            text_column("condition", 48),
            number_column("points", 13),
            text_column("owner", 13),
        ]
    };
    let mut out = vec![Block::Heading(2, title.to_owned())];
    let groups = input.rules.groups(dimension);
    if groups.is_empty() {
        out.push(Block::Paragraph("None.".to_owned()));
    } else if let Some(legend) = origin_legend(input.origins) {
        // Said once, above the first table with the origin column.
        let first_with_groups = [Dimension::Fit, Dimension::Engagement]
            .into_iter()
            .find(|d| !input.rules.groups(*d).is_empty());
        if first_with_groups == Some(dimension) {
            out.push(Block::Paragraph(legend));
        }
    }
    for group in groups {
        let cap = group
            .cap
            .map_or("no limit".to_owned(), |c| format!("limited to ±{c}"));
        out.push(Block::Heading(3, format!("{} ({cap})", group.name)));
        let rows = group
            .rules
            .iter()
            .filter(|r| r.enabled)
            .map(|r| {
                let per_event = r
                    .per_event_max
                    .map(|m| format!(" per event (max {m})"))
                    .unwrap_or_default();
                let mut row = vec![
                    r.name.clone(),
                    r.condition.describe(),
                    format!("{:+}{per_event}", r.points),
                    r.owner.label().to_owned(),
                ];
                row.extend(origin_of(r, input.origins));
                row
            })
            .collect();
        out.push(Block::Table(columns.clone(), rows));
    }
    out
}

/// The sentence above the signatures: when and from what the figures were
/// computed, so that a signed copy says what it was signed on.
fn basis(input: &SlaInput) -> String {
    let computed = input
        .computed_on
        .map(|day| format!("Figures computed on {day} from "))
        .unwrap_or_else(|| "Figures computed from ".to_owned());
    let span = match (input.history, input.months) {
        (Some((first, last)), Some(months)) => {
            format!(" created from {first} to {last} ({months:.1} months)")
        }
        (Some((first, last)), None) => format!(" created from {first} to {last}"),
        (None, _) => String::new(),
    };
    format!(
        "{computed}{} contacts{span}, {} of them won, scored as of {}, with the rule set \"{}\".",
        thousands(input.summary.contacts),
        thousands(input.summary.won),
        input.as_of,
        input.rules.name,
    )
}

#[cfg(test)]
mod tests;
