//! `leadscore bench`: the speed targets of the product, measured on
//! generated data in this process.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use polars::prelude::SerWriter;

use super::BenchArgs;
use crate::analysis::{StageCounter, Thresholds, rule_stats, summarize};
use crate::data::{DataSources, Dataset, LoadOptions, Outcomes, load_dataset};
use crate::engine::{Scorer, Scores, resolve_as_of};
use crate::model::{
    CheckedRuleSet, Condition, DateOp, DomainOp, NumberOp, RulePath, RuleSet, TextOp, from_ron,
};

/// The benchmark's rule set: a realistic 30-rule model over the sample
/// columns, kept as a rule file of the same schema as those users write.
const BENCH_RULES_RON: &str = include_str!("../../assets/bench_rules.ron");

/// Parses the bundled benchmark rule set. It is checked by a test, so an
/// error here means a broken build, reported rather than panicked on.
fn bench_rule_set() -> anyhow::Result<RuleSet> {
    from_ron(BENCH_RULES_RON)
        .context("the bundled benchmark rules (assets/bench_rules.ron) are not a valid rule set")
}

fn memory_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn peak_memory_mb() -> Option<f64> {
    memory_mb("VmHWM:")
}

fn resident_memory_mb() -> Option<f64> {
    memory_mb("VmRSS:")
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
    let dir: PathBuf = match &args.dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("leadscore-bench-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if args.generate_only {
        generate_parquet(args.contacts, &dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("Lead Score Studio bench: {} contacts", args.contacts);
    let tables = generate_in_child(args.contacts, &dir)?;
    let data = measure_loading(&dir, tables.clone())?;
    let scores = measure_scoring(&data)?;
    measure_threshold_moves(&scores, &data.outcomes);
    measure_scaling(&data)?;
    if let Some(mb) = peak_memory_mb() {
        println!("  peak memory                      {mb:>7.0} MB");
    }
    drop((scores, data));
    if args.against.is_some() {
        let rules = match &args.rules {
            Some(path) => super::commands::load_rules(path)?,
            None => bench_rule_set()?,
        };
        super::versus::run(&tables, &dir, &rules, args.runs)?;
    }
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ExitCode::SUCCESS)
}

/// Generates the history in a process of its own (`bench --generate-only`),
/// so that this process's memory is that of loading and scoring alone.
fn generate_in_child(contacts: usize, dir: &Path) -> anyhow::Result<DataSources> {
    let status = std::process::Command::new(std::env::current_exe()?)
        .args([
            "bench",
            "--generate-only",
            "--contacts",
            &contacts.to_string(),
            "--dir",
        ])
        .arg(dir)
        .status()
        .context("cannot start the generator")?;
    if !status.success() {
        anyhow::bail!("generating the bench history failed ({status})");
    }
    Ok(tables_in(dir))
}

/// The bench's files in `dir`.
fn tables_in(dir: &Path) -> DataSources {
    DataSources {
        contacts: dir.join("contacts.parquet"),
        deals: Some(dir.join("deals.parquet")),
        events: Some(dir.join("events.parquet")),
    }
}

/// Generates a history of `contacts` and writes its tables as Parquet into
/// `dir` (and the contacts as CSV too), timing both steps.
fn generate_parquet(contacts: usize, dir: &Path) -> anyhow::Result<DataSources> {
    let started = Instant::now();
    let options = crate::sample::SampleOptions {
        seed: 7,
        contacts,
        ..Default::default()
    };
    let mut history = crate::sample::generate(&options)?;
    let events = history.events.height();
    println!(
        "  generate history                 {:>10}  ({events} events)",
        ms(started.elapsed())
    );
    let started = Instant::now();
    let tables = tables_in(dir);
    for (frame, path) in [
        (&mut history.contacts, Some(&tables.contacts)),
        (&mut history.events, tables.events.as_ref()),
        (&mut history.deals, tables.deals.as_ref()),
    ] {
        let Some(path) = path else { continue };
        let file = std::fs::File::create(path)?;
        polars::prelude::ParquetWriter::new(file).finish(frame)?;
    }
    let mut contacts = history.contacts;
    polars::prelude::CsvWriter::new(std::fs::File::create(dir.join("contacts.csv"))?)
        .finish(&mut contacts)?;
    println!(
        "  write Parquet (and contacts CSV) {:>10}",
        ms(started.elapsed())
    );
    Ok(tables)
}

/// Times loading all three tables from Parquet (and says how much memory
/// the loaded data holds), then the contacts alone from CSV (the product's
/// target is a 1,000,000-row export).
fn measure_loading(dir: &Path, tables: DataSources) -> anyhow::Result<Dataset> {
    let started = Instant::now();
    let data = load_dataset(&tables, &LoadOptions::default())?;
    println!(
        "  load from Parquet (3 tables)     {:>10}  (target ≤ 3 s)",
        ms(started.elapsed())
    );
    if let Some(mb) = resident_memory_mb() {
        println!("  resident with the data loaded    {mb:>7.0} MB  (target ≤ 1,500 MB)");
    }
    let started = Instant::now();
    let csv_only = load_dataset(
        &DataSources {
            contacts: dir.join("contacts.csv"),
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
    Ok(data)
}

/// Times the first simulation of the bench rules and re-simulations after
/// an edit (which reuse the event aggregates and the other conditions);
/// returns the first scores.
fn measure_scoring(data: &Dataset) -> anyhow::Result<std::sync::Arc<Scores>> {
    let mut rules = bench_rule_set()?;
    let as_of = resolve_as_of(data, None);
    let mut scorer = Scorer::new();
    let started = Instant::now();
    let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
    let scores = scorer.score(data, &checked, as_of)?;
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
        let rescored = scorer.score(data, &checked, as_of)?;
        let _ = summarize(&rescored, &data.outcomes);
        let _ = rule_stats(&rescored, &data.outcomes);
        timings.push(started.elapsed());
    }
    timings.sort();
    let median = timings.get(timings.len() / 2).copied().unwrap_or_default();
    println!(
        "  re-simulation after a rule edit  {:>10}  (median of 5; target ≤ 100 ms)",
        ms(median)
    );
    Ok(scores)
}

/// Times first simulations of larger rule sets (the bench model copied 10
/// and 100 times, each copy testing other values) and of a target-account
/// list of 10,000 names.
fn measure_scaling(data: &Dataset) -> anyhow::Result<()> {
    let base = bench_rule_set()?;
    let as_of = resolve_as_of(data, None);
    for target in [300, 3000] {
        let rules = scaled_rule_set(&base, target);
        let started = Instant::now();
        let checked = CheckedRuleSet::new(rules, &data.schema);
        let scores = Scorer::new().score(data, &checked, as_of)?;
        let _ = summarize(&scores, &data.outcomes);
        println!(
            "  first simulation ({target} rules)  {:>10}",
            ms(started.elapsed())
        );
    }
    let mut rules = base.clone();
    if let Some(rule) = rules.rule_mut(RulePath {
        dimension: crate::model::Dimension::Fit,
        group: 0,
        rule: 0,
    }) {
        rule.condition = Condition::Text {
            field: "Email".to_owned(),
            op: TextOp::OneOf(
                (0..10_000)
                    .map(|i| format!("person{i}@account{i}.com"))
                    .collect(),
            ),
            case_sensitive: false,
        };
    }
    let started = Instant::now();
    let checked = CheckedRuleSet::new(rules, &data.schema);
    let _ = Scorer::new().score(data, &checked, as_of)?;
    println!(
        "  a list of 10,000 values          {:>10}  (first simulation with it; target ≤ 1 s)",
        ms(started.elapsed())
    );
    Ok(())
}

/// The bench model grown to `target` rules with copies of its rules that
/// do not read events, each copy's numbers shifted and texts given another
/// value, so that no two copies share a condition. Event rules are not
/// copied: each event condition costs a pass over the events and a feature
/// column, whatever the number of rules.
fn scaled_rule_set(base: &RuleSet, target: usize) -> RuleSet {
    let mut rules = base.clone();
    rules.name = format!("{} grown to {target} rules", base.name);
    let mut count = rules.rules().count();
    let mut copy = 0;
    while count < target {
        copy += 1;
        for (dimension, groups) in [(0, &base.fit), (1, &base.engagement)] {
            for group in groups {
                let mut group = group.clone();
                group.name = format!("{} {copy}", group.name);
                group.rules.retain(|r| !r.condition.uses_events());
                group.rules.truncate(target.saturating_sub(count));
                for rule in &mut group.rules {
                    rule.name = format!("{} {copy}", rule.name);
                    rule.condition = varied(&rule.condition, copy);
                }
                count += group.rules.len();
                if group.rules.is_empty() {
                    continue;
                }
                match dimension {
                    0 => rules.fit.push(group),
                    _ => rules.engagement.push(group),
                }
            }
        }
        if copy > target {
            break;
        }
    }
    rules
}

/// A condition like `condition` that tests other values.
fn varied(condition: &Condition, copy: usize) -> Condition {
    let shift = copy as f64;
    let other = |v: &str| format!("{v} {copy}");
    match condition {
        Condition::All(cs) => Condition::All(cs.iter().map(|c| varied(c, copy)).collect()),
        Condition::Any(cs) => Condition::Any(cs.iter().map(|c| varied(c, copy)).collect()),
        Condition::Not(c) => Condition::Not(Box::new(varied(c, copy))),
        Condition::Number { field, op } => Condition::Number {
            field: field.clone(),
            op: match *op {
                NumberOp::Eq(x) => NumberOp::Eq(x + shift),
                NumberOp::Ne(x) => NumberOp::Ne(x + shift),
                NumberOp::Lt(x) => NumberOp::Lt(x + shift),
                NumberOp::Le(x) => NumberOp::Le(x + shift),
                NumberOp::Gt(x) => NumberOp::Gt(x + shift),
                NumberOp::Ge(x) => NumberOp::Ge(x + shift),
                NumberOp::Between(lo, hi) => NumberOp::Between(lo + shift, hi + shift),
            },
        },
        Condition::Text {
            field,
            op,
            case_sensitive,
        } => Condition::Text {
            field: field.clone(),
            op: match op {
                TextOp::Equals(v) => TextOp::OneOf(vec![v.clone(), other(v)]),
                TextOp::OneOf(vs) => {
                    TextOp::OneOf(vs.iter().chain([&other("x")]).cloned().collect())
                }
                TextOp::Contains(v) => TextOp::ContainsAny(vec![v.clone(), other(v)]),
                TextOp::ContainsAny(vs) => {
                    TextOp::ContainsAny(vs.iter().chain([&other("x")]).cloned().collect())
                }
                TextOp::StartsWith(v) => TextOp::StartsWith(other(v)),
                TextOp::EndsWith(v) => TextOp::EndsWith(other(v)),
                TextOp::Matches(p) => TextOp::Matches(format!("{p}|{copy}x")),
            },
            case_sensitive: *case_sensitive,
        },
        Condition::Date { field, op } => Condition::Date {
            field: field.clone(),
            op: match *op {
                DateOp::WithinLastDays(n) => DateOp::WithinLastDays(n + copy as u32),
                DateOp::MoreThanDaysAgo(n) => DateOp::MoreThanDaysAgo(n + copy as u32),
                DateOp::Before(d) => DateOp::Before(d + chrono::Days::new(copy as u64)),
                DateOp::After(d) => DateOp::After(d - chrono::Days::new(copy as u64)),
            },
        },
        Condition::EmailDomain { field, .. } => Condition::Any(vec![
            condition.clone(),
            Condition::EmailDomain {
                field: field.clone(),
                op: DomainOp::OneOf(vec![format!("copy{copy}.invalid")]),
            },
        ]),
        // Flags, emptiness and events: the same test again.
        other_condition => other_condition.clone(),
    }
}

/// Times sorting the scores once and then moving the MQL threshold.
fn measure_threshold_moves(scores: &Scores, outcomes: &Outcomes) {
    let started = Instant::now();
    let counter = StageCounter::new(scores, outcomes);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Severity, validate};

    #[test]
    fn the_bundled_rule_set_parses_and_validates() {
        let rules = bench_rule_set().unwrap();
        let errors: Vec<_> = validate(&rules, None)
            .into_iter()
            .filter(|issue| issue.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rules.rules().count(), 30);
    }

    #[test]
    fn grown_rule_sets_have_the_rules_asked_for_all_different_and_valid() {
        let base = bench_rule_set().unwrap();
        let grown = scaled_rule_set(&base, 300);
        assert_eq!(grown.rules().count(), 300);
        let conditions: std::collections::HashSet<String> = grown
            .rules()
            .map(|(_, r)| format!("{:?}", r.condition))
            .collect();
        assert!(conditions.len() > 280, "{} distinct", conditions.len());
        let errors: Vec<_> = validate(&grown, None)
            .into_iter()
            .filter(|issue| issue.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}
