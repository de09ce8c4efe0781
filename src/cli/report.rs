//! Reports of the command line: text tables, Markdown and JSON.

use crate::analysis::evaluation::ModelQuality;
use chrono::NaiveDate;
use serde::Serialize;

use super::Format;
use crate::analysis::{Comparison, RuleStat, Simulation, SimulationSummary};
use crate::data::Dataset;
/// `12,345`: re-exported so the other reports format counts the same way.
pub use crate::format::thousands;
use crate::model::{RuleSet, Stage};

/// What a report is about.
pub struct Context<'a> {
    /// The data.
    pub data: &'a Dataset,
    /// The simulated rule set.
    pub rules: &'a RuleSet,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// AUC, KS, gains and calibration beside the baseline's.
    pub quality: &'a ModelQuality,
}

/// A table that renders as aligned text or as Markdown.
pub(super) struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    pub(super) right_aligned_from: usize,
}

impl Table {
    pub(super) fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| crate::format::echo(h)).collect(),
            rows: Vec::new(),
            right_aligned_from: 1,
        }
    }

    /// A row; cells repeat user text (rule and column names), so each is
    /// escaped and shortened as every message shows user input.
    pub(super) fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|c| crate::format::echo(c)).collect());
    }

    pub(super) fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => self.markdown(),
            _ => self.text(),
        }
    }

    pub(super) fn text(&self) -> String {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|i| {
                std::iter::once(&self.headers)
                    .chain(&self.rows)
                    .filter_map(|r| r.get(i))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &Vec<String>| {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (c, w))| {
                    // Padded by hand: a format width is limited to 65,535.
                    let pad = " ".repeat(w.saturating_sub(c.chars().count()));
                    if i >= self.right_aligned_from {
                        format!("{pad}{c}")
                    } else {
                        format!("{c}{pad}")
                    }
                })
                .collect();
            format!("  {}\n", parts.join("  ").trim_end())
        };
        let mut out = line(&self.headers);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out.push_str(&format!("  {}\n", rule.join("  ")));
        for r in &self.rows {
            out.push_str(&line(r));
        }
        out
    }

    fn markdown(&self) -> String {
        let mut out = format!("| {} |\n", self.headers.join(" | "));
        let aligns: Vec<&str> = (0..self.headers.len())
            .map(|i| {
                if i >= self.right_aligned_from {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        out.push_str(&format!("|{}|\n", aligns.join("|")));
        for r in &self.rows {
            out.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        out
    }
}

/// `$1.2M`, `$340k`, `$900`.
pub fn money(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a >= 1e6 {
        format!("{sign}${:.2}M", a / 1e6)
    } else if a >= 1e3 {
        format!("{sign}${:.0}k", a / 1e3)
    } else {
        format!("{sign}${a:.0}")
    }
}

pub(super) fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

pub(super) fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn points_delta(a: f64, b: f64) -> String {
    let d = (a - b) * 100.0;
    if d.abs() < 0.05 {
        "±0.0 pp".to_owned()
    } else {
        format!("{d:+.1} pp")
    }
}

pub(super) fn stage_table(
    summary: &SimulationSummary,
    baseline: Option<&SimulationSummary>,
    format: Format,
) -> String {
    let mut headers = vec![
        "stage",
        "contacts",
        "share",
        "won",
        "conversion [95% CI]",
        "revenue",
    ];
    if baseline.is_some() {
        headers.extend(["baseline", "Δ contacts", "baseline conv.", "Δ conv."]);
    }
    let mut table = Table::new(&headers);
    for s in &summary.stages {
        let mut row = vec![
            s.stage.label().to_owned(),
            thousands(s.count),
            percent(s.share),
            thousands(s.conversion.successes),
            conversion_cell(&s.conversion),
            money(s.revenue),
        ];
        if let Some(b) = baseline.and_then(|b| b.stage(s.stage)) {
            row.extend([
                thousands(b.count),
                signed(s.count as i64 - b.count as i64),
                conversion_cell(&b.conversion),
                points_delta(s.conversion.value, b.conversion.value),
            ]);
        }
        table.row(row);
    }
    table.render(format)
}

pub(super) fn conversion_cell(rate: &crate::analysis::Rate) -> String {
    if rate.n == 0 {
        return "–".to_owned();
    }
    let small = if rate.is_small_sample() {
        " (small n)"
    } else {
        ""
    };
    format!(
        "{:.1}% [{:.1}–{:.1}]{small}",
        rate.value * 100.0,
        rate.low * 100.0,
        rate.high * 100.0
    )
}

pub(super) fn headline(summary: &SimulationSummary) -> String {
    format!(
        "{} contacts, {} won ({}), revenue {}. MQL+SQL convert at {}; they hold {} of {} wins ({}, {}); {} wins missed in nurture/disqualified, {} excluded.\n",
        thousands(summary.contacts),
        thousands(summary.won),
        percent(if summary.contacts == 0 {
            0.0
        } else {
            summary.won as f64 / summary.contacts as f64
        }),
        money(summary.revenue),
        summary.qualified_conversion.describe(),
        thousands(summary.won_captured),
        thousands(summary.won),
        percent(summary.capture_rate()),
        money(summary.revenue_captured),
        thousands(summary.won_missed),
        thousands(summary.won_excluded),
    )
}

pub(super) fn rule_table(stats: &[RuleStat], format: Format) -> String {
    let mut table = Table::new(&[
        "rule",
        "points",
        "matched",
        "share",
        "conv. matched",
        "conv. rest",
        "lift",
        "suggested",
        "flag",
    ]);
    for s in stats {
        table.row(vec![
            s.name.clone(),
            signed(s.points),
            thousands(s.matched),
            percent(s.share),
            conversion_cell(&s.matched_conversion),
            conversion_cell(&s.rest_conversion),
            s.lift.map_or("–".to_owned(), |l| format!("{l:.2}×")),
            s.suggested_points.map_or("–".to_owned(), signed),
            s.flag.unwrap_or("").to_owned(),
        ]);
    }
    let mut out = table.render(format);
    // Why a rule is flagged, in a sentence under the table (after a blank
    // line, which ends a Markdown table).
    if stats.iter().any(|s| s.leakage.is_some()) {
        out.push('\n');
    }
    for s in stats {
        if let Some(leakage) = &s.leakage {
            out.push_str(&format!("\"{}\": {}.\n", s.name, leakage.describe()));
        }
    }
    out
}

fn transition_table(c: &Comparison, format: Format) -> String {
    let mut headers = vec!["baseline ↓ / proposal →".to_owned()];
    headers.extend(Stage::ALL.iter().map(|s| s.label().to_owned()));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(&header_refs);
    for (i, stage) in Stage::ALL.iter().enumerate() {
        let mut row = vec![stage.label().to_owned()];
        row.extend(
            c.transition
                .get(i)
                .into_iter()
                .flatten()
                .map(|n| thousands(*n)),
        );
        table.row(row);
    }
    table.render(format)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    rule_set: &'a str,
    as_of: NaiveDate,
    summary: &'a SimulationSummary,
    rules: &'a [RuleStat],
    baseline: Option<JsonBaseline<'a>>,
    quality: &'a ModelQuality,
}

#[derive(Serialize)]
struct JsonBaseline<'a> {
    rule_set: &'a str,
    summary: &'a SimulationSummary,
    transition: &'a [Vec<usize>],
    stage_changes: usize,
}

/// The `simulate` report.
pub fn simulation(
    format: Format,
    context: &Context,
    simulation: &Simulation,
    baseline: Option<&RuleSet>,
) -> anyhow::Result<String> {
    let summary = &simulation.comparison.proposal;
    let stats = simulation.rule_stats.as_slice();
    // Without a baseline rule set the simulation compared the proposal
    // with itself; there is nothing to report against.
    let baseline = baseline.map(|rules| (rules, &simulation.comparison));
    if format == Format::Json {
        let report = JsonReport {
            rule_set: &context.rules.name,
            as_of: context.as_of,
            summary,
            rules: stats,
            quality: context.quality,
            baseline: baseline.map(|(b, c)| JsonBaseline {
                rule_set: &b.name,
                summary: &c.baseline,
                transition: &c.transition,
                stage_changes: c.changes.len(),
            }),
        };
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        return Ok(text);
    }
    Ok(simulation_text(format, context, simulation, baseline))
}

/// The `simulate` report as text or Markdown.
fn simulation_text(
    format: Format,
    context: &Context,
    simulation: &Simulation,
    baseline: Option<(&RuleSet, &Comparison)>,
) -> String {
    let summary = &simulation.comparison.proposal;
    let heading = |text: &str| match format {
        Format::Markdown => format!("\n## {text}\n\n"),
        _ => format!("\n{text}\n"),
    };
    let mut out = String::new();
    out.push_str(&match format {
        Format::Markdown => format!("# Simulation of \"{}\"\n\n", context.rules.name),
        _ => format!("Simulation of \"{}\"\n", context.rules.name),
    });
    out.push_str(&format!(
        "As of {}; MQL from {} points, SQL from {}{}.\n",
        context.as_of,
        context.rules.stages.mql_threshold,
        context.rules.stages.sql_threshold,
        context
            .rules
            .stages
            .disqualify_below
            .map(|f| format!(", disqualified below {f}"))
            .unwrap_or_default()
    ));
    if context.data.is_empty() {
        out.push_str("The contacts table has no rows: there is nothing to score.\n");
        return out;
    }
    if context.data.events.is_none() {
        out.push_str(
            "No events table: engagement comes only from columns of the contacts snapshot.\n",
        );
    }
    out.push_str(&headline(summary));
    let comparison = baseline.map(|(_, c)| c);
    out.push_str(&heading("Stages"));
    out.push_str(&stage_table(
        summary,
        comparison.map(|c| &c.baseline),
        format,
    ));
    if let Some((b, c)) = baseline {
        out.push_str(&heading(&format!("Against baseline \"{}\"", b.name)));
        out.push_str(&format!(
            "Baseline: {}Proposal captures {} more won contacts ({} vs {}); {} contacts change stage.\n\n",
            headline(&c.baseline),
            signed(c.proposal.won_captured as i64 - c.baseline.won_captured as i64),
            thousands(c.proposal.won_captured),
            thousands(c.baseline.won_captured),
            thousands(c.changes.len())
        ));
        out.push_str(&transition_table(c, format));
        out.push_str(&heading(&format!("What differs from \"{}\"", b.name)));
        out.push_str(&diff_text(b, context.rules, format));
    }
    out.push_str(&heading("Rules"));
    out.push_str(&rule_table(&simulation.rule_stats, format));
    out
}

fn diff_text(baseline: &RuleSet, proposal: &RuleSet, format: Format) -> String {
    let d = crate::model::diff(baseline, proposal);
    if d.is_empty() {
        return "The two rule sets score alike.\n".to_owned();
    }
    let mut table = Table::new(&["rule", "part", "change"]);
    table.right_aligned_from = 9;
    for r in &d.rules {
        let change = match &r.change {
            crate::model::RuleChange::Added => "added".to_owned(),
            crate::model::RuleChange::Removed => "removed".to_owned(),
            crate::model::RuleChange::Changed(c) => c.join("; "),
        };
        table.row(vec![r.name.clone(), r.dimension.to_owned(), change]);
    }
    for s in &d.settings {
        table.row(vec!["(settings)".to_owned(), String::new(), s.clone()]);
    }
    table.render(format)
}

/// What was loaded: rows, columns with types, problems.
pub fn load_report(data: &Dataset) -> String {
    let mut out = String::new();
    for r in &data.reports {
        out.push_str(&format!(
            "{} ({}): {} rows, {} columns\n",
            r.table.label(),
            r.path.display(),
            thousands(r.rows),
            r.columns.len()
        ));
        let mut table = Table::new(&[
            "column",
            "type",
            "present",
            "unreadable",
            "placeholders",
            "note",
        ]);
        table.right_aligned_from = 2;
        for c in &r.columns {
            let kind = match c.date_format {
                Some(f) => format!("{} ({})", c.kind.label(), f.label()),
                None => c.kind.label().to_owned(),
            };
            table.row(vec![
                c.name.clone(),
                kind,
                thousands(c.present),
                thousands(c.unreadable),
                thousands(c.placeholders),
                c.note.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&table.text());
        out.push_str("  roles:\n");
        for finding in &r.roles {
            let column = finding
                .column
                .as_deref()
                .map_or_else(|| "(none)".to_owned(), |c| format!("\"{c}\""));
            out.push_str(&format!(
                "    {:<14} {column} ({})\n",
                format!("{}:", finding.role),
                finding.why
            ));
        }
        for note in &r.notes {
            out.push_str(&format!("  note: {note}\n"));
        }
    }
    out.push_str(&outcome_line(data));
    out
}

/// "outcome: 3,559 won, 0 lost, 5,682 without a closed deal (from the
/// contacts' column "Converted")".
fn outcome_line(data: &Dataset) -> String {
    let counts = data.outcome_counts();
    let source = match (
        &data.deals,
        &data.roles.contacts.outcome,
        &data.roles.contacts.won_date,
    ) {
        (Some(_), _, _) => "from the deals".to_owned(),
        (None, Some(column), _) => format!("from the contacts' column \"{column}\""),
        (None, None, Some(column)) => format!("from the contacts' won date \"{column}\""),
        (None, None, None) => "no deals and no outcome column: nothing is won".to_owned(),
    };
    format!(
        "outcome: {} won, {} lost, {} without a closed deal ({source})\n",
        thousands(counts.won),
        thousands(counts.lost),
        thousands(counts.none)
    )
}
