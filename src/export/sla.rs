//! The SLA summary both teams sign: thresholds, every rule with its points
//! and owner, and the expected monthly MQL/SQL volumes and conversion from
//! the loaded history.

use chrono::NaiveDate;

use crate::analysis::{Rate, SimulationSummary};
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

/// One line of the expectations table.
struct Expectation {
    stage: Stage,
    per_month: Option<f64>,
    share: f64,
    conversion: Rate,
}

fn expectations(input: &SlaInput) -> Vec<Expectation> {
    [Stage::Sql, Stage::Mql, Stage::Nurture]
        .into_iter()
        .filter_map(|stage| {
            let s = input.summary.stage(stage)?;
            Some(Expectation {
                stage,
                per_month: input.months.map(|m| s.count as f64 / m),
                share: s.share,
                conversion: s.conversion,
            })
        })
        .collect()
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
            r.n
        )
    }
}

fn cap(cap: Option<i64>) -> String {
    cap.map_or("no limit".to_owned(), |c| format!("limited to ±{c}"))
}

/// The SLA summary as Markdown.
pub fn sla_markdown(input: &SlaInput) -> String {
    let rules = input.rules;
    let stages = &rules.stages;
    let mut out = format!("# Lead scoring SLA: {}\n\n", md(&rules.name));
    if !rules.description.is_empty() {
        out.push_str(&format!("{}\n\n", md(&rules.description)));
    }
    out.push_str("## Thresholds\n\n");
    out.push_str(&format!(
        "- **MQL** from **{}** points; **SQL** from **{}** points.\n",
        stages.mql_threshold, stages.sql_threshold
    ));
    if let Some(floor) = stages.disqualify_below {
        out.push_str(&format!("- Disqualified below {floor} points.\n"));
    }
    for c in stages.sql_criteria.iter().filter(|c| c.enabled) {
        out.push_str(&format!(
            "- SQL whatever the score: {} ({}).\n",
            md(&c.name),
            md(&c.condition.describe())
        ));
    }
    for c in stages.mql_criteria.iter().filter(|c| c.enabled) {
        out.push_str(&format!(
            "- MQL whatever the score: {} ({}).\n",
            md(&c.name),
            md(&c.condition.describe())
        ));
    }
    for e in rules.exclusions.iter().filter(|e| e.enabled) {
        out.push_str(&format!(
            "- Never handed over: {} ({}).\n",
            md(&e.name),
            md(&e.condition.describe())
        ));
    }
    out.push_str(&format!("- {}\n", rules.decay.describe()));
    out.push_str(&format!(
        "\n## Expected volumes\n\nFrom {} contacts of the loaded history, as of {}{}.\n\n| stage | per month | share | conversion to won |\n|---|---:|---:|---|\n",
        input.summary.contacts,
        input.as_of,
        input.months.map(|m| format!(", over {m:.1} months")).unwrap_or_default()
    ));
    for e in expectations(input) {
        out.push_str(&format!(
            "| {} | {} | {:.1}% | {} |\n",
            e.stage.label(),
            e.per_month.map_or("–".to_owned(), |v| format!("{v:.0}")),
            e.share * 100.0,
            rate(&e.conversion)
        ));
    }
    for dimension in [Dimension::Fit, Dimension::Engagement] {
        out.push_str(&format!(
            "\n## {} rules\n",
            if dimension == Dimension::Fit {
                "Fit"
            } else {
                "Engagement"
            }
        ));
        for group in rules.groups(dimension) {
            out.push_str(&format!(
                "\n### {} ({})\n\n| rule | condition | points | owner |\n|---|---|---:|---|\n",
                md(&group.name),
                cap(group.cap)
            ));
            for r in group.rules.iter().filter(|r| r.enabled) {
                let per_event = r
                    .per_event_max
                    .map(|m| format!(" per event (max {m})"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "| {} | {} | {:+}{per_event} | {} |\n",
                    md(&r.name),
                    md(&r.condition.describe()),
                    r.points,
                    r.owner.label()
                ));
            }
        }
    }
    out.push_str("\n## Sign-off\n\n| team | name | date |\n|---|---|---|\n| Marketing | | |\n| Sales | | |\n");
    out
}

fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
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
    let rules = input.rules;
    let stages = &rules.stages;
    let mut body = format!("<h1>Lead scoring SLA: {}</h1>\n", html(&rules.name));
    if !rules.description.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", html(&rules.description)));
    }
    body.push_str("<h2>Thresholds</h2>\n<ul>\n");
    body.push_str(&format!(
        "<li><b>MQL</b> from <b>{}</b> points; <b>SQL</b> from <b>{}</b> points.</li>\n",
        stages.mql_threshold, stages.sql_threshold
    ));
    if let Some(floor) = stages.disqualify_below {
        body.push_str(&format!("<li>Disqualified below {floor} points.</li>\n"));
    }
    for c in stages.sql_criteria.iter().filter(|c| c.enabled) {
        body.push_str(&format!(
            "<li>SQL whatever the score: {} ({}).</li>\n",
            html(&c.name),
            html(&c.condition.describe())
        ));
    }
    for c in stages.mql_criteria.iter().filter(|c| c.enabled) {
        body.push_str(&format!(
            "<li>MQL whatever the score: {} ({}).</li>\n",
            html(&c.name),
            html(&c.condition.describe())
        ));
    }
    for e in rules.exclusions.iter().filter(|e| e.enabled) {
        body.push_str(&format!(
            "<li>Never handed over: {} ({}).</li>\n",
            html(&e.name),
            html(&e.condition.describe())
        ));
    }
    body.push_str(&format!(
        "<li>{}</li>\n</ul>\n",
        html(&rules.decay.describe())
    ));
    body.push_str(&format!(
        "<h2>Expected volumes</h2>\n<p>From {} contacts of the loaded history, as of {}{}.</p>\n<table>\n<tr><th>stage</th><th>per month</th><th>share</th><th>conversion to won</th></tr>\n",
        input.summary.contacts,
        input.as_of,
        input.months.map(|m| format!(", over {m:.1} months")).unwrap_or_default()
    ));
    for e in expectations(input) {
        body.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td><td>{}</td></tr>\n",
            e.stage.label(),
            e.per_month.map_or("–".to_owned(), |v| format!("{v:.0}")),
            e.share * 100.0,
            html(&rate(&e.conversion))
        ));
    }
    body.push_str("</table>\n");
    for dimension in [Dimension::Fit, Dimension::Engagement] {
        body.push_str(&format!(
            "<h2>{} rules</h2>\n",
            if dimension == Dimension::Fit {
                "Fit"
            } else {
                "Engagement"
            }
        ));
        for group in rules.groups(dimension) {
            body.push_str(&format!(
                "<h3>{} ({})</h3>\n<table>\n<tr><th>rule</th><th>condition</th><th>points</th><th>owner</th></tr>\n",
                html(&group.name),
                cap(group.cap)
            ));
            for r in group.rules.iter().filter(|r| r.enabled) {
                let per_event = r
                    .per_event_max
                    .map(|m| format!(" per event (max {m})"))
                    .unwrap_or_default();
                body.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td class=\"n\">{:+}{per_event}</td><td>{}</td></tr>\n",
                    html(&r.name),
                    html(&r.condition.describe()),
                    r.points,
                    r.owner.label()
                ));
            }
            body.push_str("</table>\n");
        }
    }
    body.push_str("<h2>Sign-off</h2>\n<table>\n<tr><th>team</th><th>name</th><th>date</th></tr>\n<tr><td>Marketing</td><td></td><td></td></tr>\n<tr><td>Sales</td><td></td><td></td></tr>\n</table>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Lead scoring SLA: {}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 1.5; }}\ntable {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; }}\nth, td {{ border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }}\ntd.n {{ text-align: right; }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html(&rules.name)
    )
}
