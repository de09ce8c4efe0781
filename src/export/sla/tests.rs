//! The document on a hand-built summary: volumes with intervals, wins,
//! origins, sign-off, escaping and the print style.

use chrono::NaiveDate;

use super::*;
use crate::analysis::{Rate, SimulationSummary, StageSummary};
use crate::model::{Condition, Group, Rule, TextOp};

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn stage(stage: Stage, count: usize, won: usize, contacts: usize) -> StageSummary {
    StageSummary {
        stage,
        count,
        share: count as f64 / contacts as f64,
        conversion: Rate::new(won, count),
        revenue: 0.0,
    }
}

/// 1,000 contacts over 10 months: 100 SQL (25 won), 300 MQL (30 won),
/// 600 in nurture (15 won).
fn summary(revenue: f64, revenue_captured: f64) -> SimulationSummary {
    let contacts = 1_000;
    SimulationSummary {
        contacts,
        won: 70,
        revenue,
        stages: vec![
            stage(Stage::Sql, 100, 25, contacts),
            stage(Stage::Mql, 300, 30, contacts),
            stage(Stage::Nurture, 600, 15, contacts),
            stage(Stage::Disqualified, 0, 0, contacts),
            stage(Stage::Excluded, 0, 0, contacts),
        ],
        qualified_conversion: Rate::new(55, 400),
        won_captured: 55,
        won_missed: 15,
        won_excluded: 0,
        revenue_captured,
        grade_matrix: None,
    }
}

fn rules_named(rule_name: &str) -> RuleSet {
    RuleSet {
        name: "Agreed SLA".to_owned(),
        fit: vec![Group {
            name: "Persona".to_owned(),
            cap: None,
            rules: vec![Rule {
                name: rule_name.to_owned(),
                condition: Condition::Text {
                    field: "Job Title".to_owned(),
                    op: TextOp::Contains("Director".to_owned()),
                    case_sensitive: false,
                },
                points: 15,
                ..Rule::default()
            }],
        }],
        ..RuleSet::default()
    }
}

fn input<'a>(
    rules: &'a RuleSet,
    summary: &'a SimulationSummary,
    origins: &'a [RuleOrigin<'a>],
) -> SlaInput<'a> {
    SlaInput {
        rules,
        summary,
        months: Some(10.0),
        as_of: day(2025, 12, 31),
        history: Some((day(2025, 3, 1), day(2025, 12, 31))),
        computed_on: Some(day(2026, 1, 5)),
        origins,
    }
}

#[test]
fn volumes_per_month_carry_their_poisson_intervals() {
    let rules = rules_named("Director");
    let summary = summary(0.0, 0.0);
    let markdown = sla_markdown(&input(&rules, &summary, &[]));
    // By hand, z = 1.959964: SQL 100 over 10 months gives 10 a month,
    // (100 + 1.92 ± 1.96·√100.96) / 10 = 8.2–12.2; MQL 300 gives 30,
    // (301.92 ± 34.00) / 10 = 26.8–33.6; together 400 gives 40,
    // (401.92 ± 39.25) / 10 = 36.3–44.1. Conversion 25/100 has the Wilson
    // interval 17.5–34.3%.
    for row in [
        "| SQL | 10 | 8–12 | 10.0% | 25.0% | 17.5–34.3% | 100 |",
        "| MQL | 30 | 27–34 | 30.0% | 10.0% |",
        "| MQL or SQL | 40 | 36–44 | 40.0% | 13.8% |",
    ] {
        assert!(markdown.contains(row), "{row} missing in\n{markdown}");
    }
    assert!(
        markdown.contains("95% Poisson (score) interval"),
        "{markdown}"
    );
}

#[test]
fn without_a_history_length_volumes_are_not_invented() {
    let rules = rules_named("Director");
    let summary = summary(0.0, 0.0);
    let mut sla = input(&rules, &summary, &[]);
    sla.months = None;
    let markdown = sla_markdown(&sla);
    assert!(markdown.contains("| SQL | – | – | 10.0% |"), "{markdown}");
    assert!(markdown.contains("no monthly volumes"), "{markdown}");
}

#[test]
fn wins_and_revenue_captured_are_stated() {
    let rules = rules_named("Director");
    let with_amounts = summary(2_000_000.0, 1_500_000.0);
    let markdown = sla_markdown(&input(&rules, &with_amounts, &[]));
    assert!(
        markdown.contains("MQL or SQL hold 55 of 70 won contacts (78.6%)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Revenue captured: 1,500,000 of 2,000,000 won revenue (75.0%)"),
        "{markdown}"
    );
    // 55 wins over 10 months: 5.5 a month.
    assert!(
        markdown.contains("Captured wins per month: 5.5"),
        "{markdown}"
    );
    let without_amounts = summary(0.0, 0.0);
    let markdown = sla_markdown(&input(&rules, &without_amounts, &[]));
    assert!(
        markdown.contains("the data has no deal amounts"),
        "{markdown}"
    );
}

#[test]
fn rules_carry_their_origin_only_when_origins_are_given() {
    let agreed = rules_named("Director");
    let summary = summary(0.0, 0.0);
    let mut sales = rules_named("Directors");
    sales.name = "Sales proposal".to_owned();
    let origins = [RuleOrigin {
        role: OriginRole::Proposal,
        rules: &sales,
    }];
    let with = sla_markdown(&input(&agreed, &summary, &origins));
    assert!(
        with.contains(
            "| Director | Job Title contains \"Director\" | +15 | Marketing | from Sales proposal |"
        ),
        "{with}"
    );
    assert!(with.contains("| rule | condition | points | owner | origin |"));
    let without = sla_markdown(&input(&agreed, &summary, &[]));
    assert!(
        without.contains("| rule | condition | points | owner |\n"),
        "{without}"
    );
    assert!(!without.contains("origin"), "{without}");
}

#[test]
fn both_formats_end_with_both_teams_sign_off_lines() {
    let rules = rules_named("Director");
    let summary = summary(0.0, 0.0);
    let sla = input(&rules, &summary, &[]);
    let basis = "Figures computed on 2026-01-05 from 1,000 contacts created from 2025-03-01 to 2025-12-31 (10.0 months), 70 of them won, scored as of 2025-12-31";
    let markdown = sla_markdown(&sla);
    let sign_off = markdown
        .split("## Sign-off")
        .nth(1)
        .expect("a sign-off section");
    assert!(sign_off.contains(basis), "{sign_off}");
    assert!(sign_off.contains("|  | Marketing | Sales |"), "{sign_off}");
    for line in ["Name", "Role", "Signature", "Date"] {
        assert!(
            sign_off.contains(&format!("| {line} | ____")),
            "{line}: {sign_off}"
        );
    }
    let html = sla_html(&sla);
    let section = html
        .split("<section class=\"sign-off\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a sign-off section");
    assert!(section.contains("<h2>Sign-off</h2>"), "{section}");
    assert!(section.contains(basis), "{section}");
    for team in ["Marketing", "Sales"] {
        assert!(section.contains(&format!("<th scope=\"col\">{team}</th>")));
    }
    for line in ["Name", "Role", "Signature", "Date"] {
        assert!(
            section.contains(&format!("<th scope=\"row\">{line}</th><td></td><td></td>")),
            "{line}: {section}"
        );
    }
}

#[test]
fn html_escapes_every_user_string() {
    let hostile = "<script>alert(\"x\")</script> & 'co'";
    let mut rules = rules_named(hostile);
    rules.name = format!("SLA {hostile}");
    rules.description = hostile.to_owned();
    for group in &mut rules.fit {
        group.name = hostile.to_owned();
    }
    let summary = summary(0.0, 0.0);
    let html = sla_html(&input(&rules, &summary, &[]));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("& 'co'"), "{html}");
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;";
    assert!(html.contains(&format!("<td>{escaped}</td>")), "{html}");
    assert!(html.contains(&format!("<title>Lead scoring SLA: SLA {escaped}</title>")));
    assert!(html.contains(&format!("<p>{escaped}</p>")));
    // In Markdown every "<" and "&" of the user's text is escaped, so a
    // renderer shows it rather than running it.
    let markdown = sla_markdown(&input(&rules, &summary, &[]));
    assert!(markdown.contains("\\<script\\>"), "{markdown}");
    for (index, _) in markdown.match_indices(['<', '&']) {
        assert_eq!(
            markdown.get(index.saturating_sub(1)..index),
            Some("\\"),
            "unescaped at {index} in\n{markdown}"
        );
    }
}

#[test]
fn html_prints_on_a4_and_letter() {
    let rules = rules_named("Director");
    let summary = summary(0.0, 0.0);
    let html = sla_html(&input(&rules, &summary, &[]));
    let style = html
        .split("<style>")
        .nth(1)
        .and_then(|rest| rest.split("</style>").next())
        .expect("a style sheet");
    // Margins but no page size, so the printer's A4 or Letter holds.
    let page = style
        .split("@page {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("an @page rule");
    assert!(page.contains("margin:"), "{page}");
    assert!(!page.contains("size"), "{page}");
    for rule in [
        "thead { display: table-header-group; }",
        "tr { break-inside: avoid;",
        ".sign-off { break-inside: avoid;",
        "table { width: 100%;",
        "@media print",
    ] {
        assert!(style.contains(rule), "{rule} missing in\n{style}");
    }
    // Every table's columns add up to the page width, no more.
    for table in html.split("<colgroup>").skip(1) {
        let widths: u32 = table
            .split("</colgroup>")
            .next()
            .unwrap_or_default()
            .split("width: ")
            .skip(1)
            .filter_map(|w| w.split('%').next()?.parse::<u32>().ok())
            .sum();
        assert_eq!(widths, 100, "{table}");
    }
    assert!(
        html.contains("<thead><tr>"),
        "tables have header rows to repeat"
    );
}
