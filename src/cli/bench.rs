//! `leadscore bench`: the speed targets of the product, measured on
//! generated data in this process.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use polars::prelude::{SerReader, SerWriter};

use super::BenchArgs;
use crate::analysis::{StageCounter, Thresholds, rule_stats, summarize};
use crate::data::{DataSources, Dataset, LoadOptions, Outcomes, load_dataset};
use crate::engine::{Scorer, Scores, resolve_as_of};
use crate::model::{CheckedRuleSet, RulePath, RuleSet, from_ron};

/// The benchmark's rule set: a realistic 30-rule model over the sample
/// columns, kept as a rule file of the same schema as those users write.
const BENCH_RULES_RON: &str = include_str!("../../assets/bench_rules.ron");

/// Parses the bundled benchmark rule set. It is checked by a test, so an
/// error here means a broken build, reported rather than panicked on.
fn bench_rule_set() -> anyhow::Result<RuleSet> {
    from_ron(BENCH_RULES_RON)
        .context("the bundled benchmark rules (assets/bench_rules.ron) are not a valid rule set")
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
    let dir: PathBuf = match &args.dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("leadscore-bench-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    println!("Lead Score Studio bench: {} contacts", args.contacts);

    let tables = generate_parquet(args.contacts, &dir)?;
    let data = measure_loading(&dir, tables.clone())?;
    let scores = measure_scoring(&data)?;
    measure_threshold_moves(&scores, &data.outcomes);
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

/// Generates a history of `contacts` and writes its tables as Parquet into
/// `dir`, timing both steps.
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
    let tables = DataSources {
        contacts: dir.join("contacts.parquet"),
        deals: Some(dir.join("deals.parquet")),
        events: Some(dir.join("events.parquet")),
    };
    for (frame, path) in [
        (&mut history.contacts, Some(&tables.contacts)),
        (&mut history.events, tables.events.as_ref()),
        (&mut history.deals, tables.deals.as_ref()),
    ] {
        let Some(path) = path else { continue };
        let file = std::fs::File::create(path)?;
        polars::prelude::ParquetWriter::new(file).finish(frame)?;
    }
    println!(
        "  write Parquet                    {:>10}",
        ms(started.elapsed())
    );
    Ok(tables)
}

/// Times loading the contacts from CSV (the product's target is a
/// 1,000,000-row export) and then all three tables from Parquet.
fn measure_loading(dir: &Path, tables: DataSources) -> anyhow::Result<Dataset> {
    let csv_path = dir.join("contacts.csv");
    {
        let mut contacts =
            polars::prelude::ParquetReader::new(std::fs::File::open(&tables.contacts)?).finish()?;
        polars::prelude::CsvWriter::new(std::fs::File::create(&csv_path)?).finish(&mut contacts)?;
    }
    let started = Instant::now();
    let csv_only = load_dataset(
        &DataSources {
            contacts: csv_path,
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
    let data = load_dataset(&tables, &LoadOptions::default())?;
    println!(
        "  load from Parquet (3 tables)     {:>10}",
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
}
