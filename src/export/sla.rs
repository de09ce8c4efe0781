//! The SLA summary both teams sign: thresholds, every rule with its points
//! and owner, and the expected monthly MQL/SQL volumes and conversion from
//! the loaded history. Built once as blocks, rendered as Markdown or HTML.

use chrono::NaiveDate;

use crate::analysis::{Rate, SimulationSummary};
use crate::format::thousands;
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
}

/// One block of the document.
enum Block {
    Heading(u8, String),
    Paragraph(String),
    Bullets(Vec<String>),
    /// Headers, rows, and from which column on cells are numbers.
    Table(Vec<&'static str>, Vec<Vec<String>>, usize),
}

fn rate(r: &Rate) -> String {
    if r.n == 0 {
        "–".to_owned()
    } else {
        format!(
            "{:.1}% (95% CI {:.1}–{:.1}%, n={})",
            r.value * 100.0,
            r.low * 100.0,
            r.high * 100.0,
            thousands(r.n)
        )
    }
}

/// A monthly volume rounded to whole contacts: "1,250".
fn per_month(volume: f64) -> String {
    // A count over a positive span is never negative; `as` would saturate
    // a nonsense value rather than wrap.
    thousands(volume.round().max(0.0) as u64)
}

/// The document, section by section: thresholds, volumes, rules, sign-off.
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
    for dimension in [Dimension::Fit, Dimension::Engagement] {
        out.extend(rule_blocks(rules, dimension));
    }
    out.push(Block::Heading(2, "Sign-off".to_owned()));
    let sign = ["Marketing", "Sales"]
        .iter()
        .map(|t| vec![(*t).to_owned(), String::new(), String::new()])
        .collect();
    out.push(Block::Table(vec!["team", "name", "date"], sign, 9));
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

/// The expected volumes per month and their conversion.
fn volume_blocks(input: &SlaInput) -> Vec<Block> {
    let volumes = [Stage::Sql, Stage::Mql, Stage::Nurture]
        .into_iter()
        .filter_map(|stage| {
            let s = input.summary.stage(stage)?;
            Some(vec![
                stage.label().to_owned(),
                input
                    .months
                    .map_or("–".to_owned(), |m| per_month(s.count as f64 / m)),
                format!("{:.1}%", s.share * 100.0),
                rate(&s.conversion),
            ])
        })
        .collect();
    vec![
        Block::Heading(2, "Expected volumes".to_owned()),
        Block::Paragraph(format!(
            "From {} contacts of the loaded history, as of {}{}.",
            thousands(input.summary.contacts),
            input.as_of,
            input
                .months
                .map(|m| format!(", over {m:.1} months"))
                .unwrap_or_default()
        )),
        Block::Table(
            vec!["stage", "per month", "share", "conversion to won"],
            volumes,
            1,
        ),
    ]
}

/// The enabled rules of one dimension, group by group.
fn rule_blocks(rules: &RuleSet, dimension: Dimension) -> Vec<Block> {
    let title = match dimension {
        Dimension::Fit => "Fit rules",
        Dimension::Engagement => "Engagement rules",
    };
    let mut out = vec![Block::Heading(2, title.to_owned())];
    for group in rules.groups(dimension) {
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
                vec![
                    r.name.clone(),
                    r.condition.describe(),
                    format!("{:+}{per_event}", r.points),
                    r.owner.label().to_owned(),
                ]
            })
            .collect();
        out.push(Block::Table(
            vec!["rule", "condition", "points", "owner"],
            rows,
            2,
        ));
    }
    out
}

fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The SLA summary as Markdown.
pub fn sla_markdown(input: &SlaInput) -> String {
    let mut out = String::new();
    for block in blocks(input) {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!(
                    "{} {}\n\n",
                    "#".repeat(usize::from(level)),
                    md(&text)
                ));
            }
            Block::Paragraph(text) => out.push_str(&format!("{}\n\n", md(&text))),
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", md(&item)));
                }
                out.push('\n');
            }
            Block::Table(headers, rows, numeric_from) => {
                out.push_str(&format!("| {} |\n|", headers.join(" | ")));
                for i in 0..headers.len() {
                    out.push_str(if i >= numeric_from && i < 3 {
                        "---:|"
                    } else {
                        "---|"
                    });
                }
                out.push('\n');
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The SLA summary as a standalone HTML page.
pub fn sla_html(input: &SlaInput) -> String {
    let mut body = String::new();
    for block in blocks(input) {
        match block {
            Block::Heading(level, text) => {
                body.push_str(&format!("<h{level}>{}</h{level}>\n", html(&text)))
            }
            Block::Paragraph(text) => body.push_str(&format!("<p>{}</p>\n", html(&text))),
            Block::Bullets(items) => {
                body.push_str("<ul>\n");
                for item in items {
                    body.push_str(&format!("<li>{}</li>\n", html(&item)));
                }
                body.push_str("</ul>\n");
            }
            Block::Table(headers, rows, numeric_from) => {
                body.push_str("<table>\n<tr>");
                for h in &headers {
                    body.push_str(&format!("<th>{}</th>", html(h)));
                }
                body.push_str("</tr>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let class = if i >= numeric_from && i < 3 {
                            " class=\"n\""
                        } else {
                            ""
                        };
                        body.push_str(&format!("<td{class}>{}</td>", html(cell)));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</table>\n");
            }
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Lead scoring SLA: {}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 1.5; }}\ntable {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; }}\nth, td {{ border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }}\ntd.n {{ text-align: right; }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html(&input.rules.name)
    )
}
