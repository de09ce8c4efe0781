//! `leadscore bench`: the speed targets of the product, measured on
//! generated data in this process.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use polars::prelude::{SerReader, SerWriter};

use super::BenchArgs;
use crate::analysis::{StageCounter, Thresholds, rule_stats, summarize};
use crate::data::{DataSources, LoadOptions, load_dataset};
use crate::engine::{Scorer, resolve_as_of};
use crate::model::CheckedRuleSet;
use crate::model::{
    Condition, DomainOp, EventCondition, Group, NumberOp, Rule, RulePath, RuleSet, TextOp,
};

fn rule(name: &str, condition: Condition, points: i64) -> Rule {
    Rule {
        name: name.to_owned(),
        condition,
        points,
        ..Default::default()
    }
}

fn text(field: &str, op: TextOp) -> Condition {
    Condition::Text {
        field: field.to_owned(),
        op,
        case_sensitive: false,
    }
}

fn number(field: &str, op: NumberOp) -> Condition {
    Condition::Number {
        field: field.to_owned(),
        op,
    }
}

fn event(types: &[&str], detail: Option<TextOp>, within_days: Option<u32>) -> Condition {
    Condition::Event(EventCondition {
        event_types: types.iter().map(|t| (*t).to_owned()).collect(),
        detail,
        within_days,
        at_least: 1,
    })
}

fn words(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// A realistic 30-rule model over the sample columns.
pub fn bench_rule_set() -> RuleSet {
    let fit_rules = vec![
        rule(
            "Executive",
            text("Seniority", TextOp::Equals("Executive".into())),
            20,
        ),
        rule("VP", text("Seniority", TextOp::Equals("VP".into())), 15),
        rule(
            "Director",
            text("Seniority", TextOp::Equals("Director".into())),
            10,
        ),
        rule(
            "Student",
            text("Seniority", TextOp::Equals("Student".into())),
            -20,
        ),
        rule(
            "Marketing or Sales",
            text("Department", TextOp::OneOf(words(&["Marketing", "Sales"]))),
            10,
        ),
        rule(
            "Target industry",
            text(
                "Industry",
                TextOp::OneOf(words(&[
                    "Software",
                    "Financial Services",
                    "Professional Services",
                ])),
            ),
            10,
        ),
        rule(
            "Title says head",
            text(
                "Job Title",
                TextOp::ContainsAny(words(&["head", "chief", "vp"])),
            ),
            5,
        ),
        rule(
            "Title is intern",
            text("Job Title", TextOp::Matches(r"\b(intern|student)\b".into())),
            -10,
        ),
        rule(
            "200-5000 employees",
            number("Number of Employees", NumberOp::Between(200.0, 5000.0)),
            10,
        ),
        rule(
            "Over 5000 employees",
            number("Number of Employees", NumberOp::Gt(5000.0)),
            5,
        ),
        rule(
            "Revenue over 10M",
            number("Annual Revenue", NumberOp::Ge(10_000_000.0)),
            5,
        ),
        rule(
            "Core country",
            text(
                "Country/Region",
                TextOp::OneOf(words(&["United States", "United Kingdom", "Germany"])),
            ),
            5,
        ),
        rule(
            "Free mail",
            Condition::EmailDomain {
                field: "Email".into(),
                op: DomainOp::FreeMail,
            },
            -15,
        ),
        rule(
            "Education",
            Condition::EmailDomain {
                field: "Email".into(),
                op: DomainOp::Education,
            },
            -15,
        ),
        rule(
            "Partner referral",
            text("Referrer URL", TextOp::Contains("partner".into())),
            5,
        ),
    ];
    let engagement_rules = vec![
        rule(
            "Demo request",
            event(
                &["form_submission"],
                Some(TextOp::Equals("Demo request".into())),
                None,
            ),
            30,
        ),
        rule(
            "Pricing request",
            event(
                &["form_submission"],
                Some(TextOp::Equals("Pricing request".into())),
                None,
            ),
            25,
        ),
        rule(
            "Contact sales",
            event(
                &["form_submission"],
                Some(TextOp::Equals("Contact sales".into())),
                None,
            ),
            20,
        ),
        rule(
            "Webinar attended",
            event(&["webinar_attended"], None, Some(180)),
            10,
        ),
        rule(
            "Pricing page 30d",
            event(
                &["page_view"],
                Some(TextOp::Contains("/pricing".into())),
                Some(30),
            ),
            15,
        ),
        rule(
            "Case study",
            event(
                &["page_view"],
                Some(TextOp::StartsWith("/case-studies".into())),
                Some(90),
            ),
            5,
        ),
        rule("Email clicks", event(&["email_click"], None, Some(90)), 5),
        rule(
            "E-book",
            event(
                &["form_submission"],
                Some(TextOp::ContainsAny(words(&["e-book", "checklist"]))),
                None,
            ),
            5,
        ),
        rule(
            "Many page views",
            number("Number of Pageviews", NumberOp::Ge(20.0)),
            10,
        ),
        rule(
            "Some page views",
            number("Number of Pageviews", NumberOp::Between(5.0, 19.0)),
            5,
        ),
        rule(
            "Opens emails",
            number("Marketing Emails Opened", NumberOp::Ge(5.0)),
            5,
        ),
        rule(
            "Careers page",
            event(
                &["page_view"],
                Some(TextOp::Contains("/careers".into())),
                None,
            ),
            -10,
        ),
        rule(
            "Blog reader",
            event(
                &["page_view"],
                Some(TextOp::StartsWith("/blog".into())),
                Some(60),
            ),
            2,
        ),
        rule(
            "Recent activity",
            Condition::Date {
                field: "Last Activity Date".into(),
                op: crate::model::DateOp::WithinLastDays(30),
            },
            10,
        ),
        rule(
            "Opted out",
            Condition::Bool {
                field: "Email Opt Out".into(),
                is: true,
            },
            -5,
        ),
    ];
    RuleSet {
        name: "Bench (30 rules)".to_owned(),
        fit: vec![Group {
            name: "Fit".to_owned(),
            cap: Some(60),
            rules: fit_rules,
        }],
        engagement: vec![Group {
            name: "Engagement".to_owned(),
            cap: Some(80),
            rules: engagement_rules,
        }],
        ..Default::default()
    }
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the benchmark and prints one line per measurement.
pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!(
            "leadscore: warning: this is a debug build; measure with `cargo run --release -- bench`"
        );
    }
    let temp_dir;
    let dir: PathBuf = match &args.dir {
        Some(d) => d.clone(),
        None => {
            temp_dir = std::env::temp_dir().join(format!("leadscore-bench-{}", std::process::id()));
            temp_dir.clone()
        }
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    println!("Lead Score Studio bench: {} contacts", args.contacts);

    let started = Instant::now();
    let options = crate::sample::SampleOptions {
        seed: 7,
        contacts: args.contacts,
        ..Default::default()
    };
    let mut history = crate::sample::generate(&options)?;
    let events = history.events.height();
    println!(
        "  generate history                 {:>10}  ({events} events)",
        ms(started.elapsed())
    );
    let started = Instant::now();
    let contacts_path = dir.join("contacts.parquet");
    let events_path = dir.join("events.parquet");
    let deals_path = dir.join("deals.parquet");
    for (frame, path) in [
        (&mut history.contacts, &contacts_path),
        (&mut history.events, &events_path),
        (&mut history.deals, &deals_path),
    ] {
        let file = std::fs::File::create(path)?;
        polars::prelude::ParquetWriter::new(file).finish(frame)?;
    }
    drop(history);
    println!(
        "  write Parquet                    {:>10}",
        ms(started.elapsed())
    );

    // The product's CSV target: a 1,000,000-row contacts export.
    let csv_path = dir.join("contacts.csv");
    {
        let mut contacts =
            polars::prelude::ParquetReader::new(std::fs::File::open(&contacts_path)?).finish()?;
        polars::prelude::CsvWriter::new(std::fs::File::create(&csv_path)?).finish(&mut contacts)?;
    }
    let started = Instant::now();
    let csv_only = load_dataset(
        &DataSources {
            contacts: csv_path.clone(),
            deals: None,
            events: None,
        },
        &LoadOptions::default(),
    )?;
    println!(
        "  load contacts CSV ({} rows)   {:>10}  (target ≤ 3 s)",
        csv_only.len(),
        ms(started.elapsed())
    );
    drop(csv_only);

    let started = Instant::now();
    let data = load_dataset(
        &DataSources {
            contacts: contacts_path,
            deals: Some(deals_path),
            events: Some(events_path),
        },
        &LoadOptions::default(),
    )?;
    println!(
        "  load from Parquet (3 tables)     {:>10}",
        ms(started.elapsed())
    );

    let mut rules = bench_rule_set();
    let as_of = resolve_as_of(&data, None);
    let mut scorer = Scorer::new();
    let started = Instant::now();
    let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
    let scores = scorer.score(&data, &checked, as_of)?;
    let _ = summarize(&scores, &data.outcomes);
    println!(
        "  first simulation (30 rules)      {:>10}  (compile, event aggregates, score, summary)",
        ms(started.elapsed())
    );

    let mut timings = Vec::new();
    for i in 0..5 {
        if let Some(r) = rules.rule_mut(RulePath {
            dimension: crate::model::Dimension::Fit,
            group: 0,
            rule: 0,
        }) {
            r.points = 20 + i;
        }
        let started = Instant::now();
        // The app validates once per edit, then scores.
        let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
        let scores = scorer.score(&data, &checked, as_of)?;
        let _ = summarize(&scores, &data.outcomes);
        let _ = rule_stats(&scores, &data.outcomes);
        timings.push(started.elapsed());
    }
    timings.sort();
    let median = timings.get(timings.len() / 2).copied().unwrap_or_default();
    println!(
        "  re-simulation after a rule edit  {:>10}  (median of 5; target ≤ 100 ms)",
        ms(median)
    );

    let started = Instant::now();
    let counter = StageCounter::new(&scores, &data.outcomes);
    println!(
        "  sort scores for threshold moves  {:>10}",
        ms(started.elapsed())
    );
    let moves = 1000;
    let started = Instant::now();
    let mut checksum = 0usize;
    for t in 0..moves {
        let totals = counter.totals(Thresholds {
            mql: 20 + (t % 60) as i64,
            sql: 80,
            floor: None,
        });
        checksum += totals.first().map_or(0, |s| s.0);
    }
    let per_move = started.elapsed() / moves;
    println!(
        "  threshold move                   {:>10}  (mean of {moves}; target ≤ 5 ms; checksum {checksum})",
        format!("{:.3} ms", per_move.as_secs_f64() * 1000.0)
    );
    if let Some(mb) = peak_memory_mb() {
        println!("  peak memory                      {mb:>7.0} MB");
    }
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ExitCode::SUCCESS)
}
