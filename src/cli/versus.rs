//! `leadscore bench --against duckdb`: `leadscore score` side by side with
//! DuckDB running the SQL this tool exports, on the same typed files, runs
//! alternating (A B A B), each measured as a separate process: wall time,
//! CPU time and peak memory, and the ratios.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use polars::prelude::*;

use crate::data::{DataSources, Dataset, LoadOptions, load_dataset};
use crate::export::{Dialect, SqlOptions, export_sql};
use crate::model::{RuleSet, to_ron};

/// The DuckDB side: views over the same files, our exported query written
/// to Parquet with `COPY`, as a user of the SQL export would run it.
const DUCKDB_SCRIPT: &str = r#"
import sys
import duckdb
query_path, contacts, events, out = sys.argv[1:5]
con = duckdb.connect()
reader = "read_parquet" if contacts.endswith(".parquet") else "read_csv"
con.execute(f"CREATE VIEW contacts AS SELECT * FROM {reader}('{contacts}')")
if events != "-":
    con.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet('{events}')")
with open(query_path, encoding="utf-8") as f:
    query = f.read().strip().rstrip(";")
con.execute(f"COPY ({query}\n) TO '{out}' (FORMAT PARQUET)")
"#;

/// One measured run of a process.
#[derive(Debug, Clone, Copy)]
struct Measured {
    wall: Duration,
    cpu: Duration,
    peak_mb: f64,
}

/// One side-by-side case: a contacts file, with or without events.
struct Case {
    label: &'static str,
    contacts: PathBuf,
    events: Option<PathBuf>,
    rules: PathBuf,
    query: PathBuf,
}

/// Writes the typed files and queries, runs both sides `runs` times each,
/// alternating, and prints the table.
pub fn run(history: &DataSources, dir: &Path, rules: &RuleSet, runs: usize) -> anyhow::Result<()> {
    check_duckdb()?;
    let data = load_dataset(history, &LoadOptions::default())
        .context("cannot load the generated history")?;
    let as_of = data
        .latest_date
        .context("the generated history has no dates")?;
    let typed = write_typed_contacts(&data, dir)?;
    let events = history
        .events
        .clone()
        .context("the history has no events")?;
    let script = dir.join("duckdb_score.py");
    std::fs::write(&script, DUCKDB_SCRIPT)?;
    let no_events = without_events(rules);
    let mut cases = Vec::new();
    for (name, rule_set, with_events) in [("events", rules, true), ("no-events", &no_events, false)]
    {
        let rules_path = dir.join(format!("rules-{name}.ron"));
        std::fs::write(&rules_path, to_ron(rule_set)?)?;
        let query = dir.join(format!("query-{name}.sql"));
        let options = SqlOptions::for_dataset(Dialect::DuckDb, &data, "contacts", "events", as_of);
        std::fs::write(&query, export_sql(rule_set, &data.schema, &options)?)?;
        for (label, contacts) in [
            (
                if with_events {
                    "CSV contacts + events"
                } else {
                    "CSV contacts"
                },
                &typed.0,
            ),
            (
                if with_events {
                    "Parquet contacts + events"
                } else {
                    "Parquet contacts"
                },
                &typed.1,
            ),
        ] {
            cases.push(Case {
                label,
                contacts: contacts.clone(),
                events: with_events.then(|| events.clone()),
                rules: rules_path.clone(),
                query: query.clone(),
            });
        }
    }
    drop(data);
    println!();
    println!(
        "Side by side: leadscore score vs DuckDB running the exported SQL ({runs} runs each, alternating; as of {as_of})"
    );
    println!(
        "  {:<27} {:>9} {:>9} {:>9}   {:>9} {:>9} {:>9}   {:>6} {:>6}  agree",
        "case", "ours s", "CPU s", "peak MB", "DuckDB s", "CPU s", "peak MB", "wall×", "mem×"
    );
    for case in &cases {
        let (ours, theirs, agreement) = measure_case(case, dir, as_of, runs)?;
        println!(
            "  {:<27} {:>9.2} {:>9.2} {:>9.0}   {:>9.2} {:>9.2} {:>9.0}   {:>6.2} {:>6.2}  {agreement}",
            case.label,
            ours.wall.as_secs_f64(),
            ours.cpu.as_secs_f64(),
            ours.peak_mb,
            theirs.wall.as_secs_f64(),
            theirs.cpu.as_secs_f64(),
            theirs.peak_mb,
            ours.wall.as_secs_f64() / theirs.wall.as_secs_f64().max(1e-9),
            ours.peak_mb / theirs.peak_mb.max(1e-9),
        );
    }
    println!("  (medians; wall× and mem× are leadscore / DuckDB: below 1.00 is faster or smaller)");
    Ok(())
}

fn check_duckdb() -> anyhow::Result<()> {
    let found = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        bail!("the side-by-side bench needs DuckDB for Python 3: python3 -m pip install duckdb");
    }
    Ok(())
}

/// The contacts as typed by the loader, as CSV (plain numbers, ISO dates)
/// and as Parquet: files any engine reads with its own type detection.
fn write_typed_contacts(data: &Dataset, dir: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let csv = dir.join("contacts-typed.csv");
    let parquet = dir.join("contacts-typed.parquet");
    let mut frame = data.contacts.clone();
    CsvWriter::new(std::fs::File::create(&csv)?)
        .with_datetime_format(Some("%Y-%m-%d %H:%M:%S".into()))
        .finish(&mut frame)?;
    ParquetWriter::new(std::fs::File::create(&parquet)?).finish(&mut frame)?;
    Ok((csv, parquet))
}

/// The rule set without anything that reads events.
fn without_events(rules: &RuleSet) -> RuleSet {
    let mut rules = rules.clone();
    for group in rules.fit.iter_mut().chain(rules.engagement.iter_mut()) {
        group.rules.retain(|r| !r.condition.uses_events());
    }
    rules.engagement.retain(|g| !g.rules.is_empty());
    rules.exclusions.retain(|e| !e.condition.uses_events());
    let stages = &mut rules.stages;
    stages.mql_criteria.retain(|c| !c.condition.uses_events());
    stages.sql_criteria.retain(|c| !c.condition.uses_events());
    rules
}

/// Both sides of one case, alternating; the medians, and whether the two
/// outputs agree contact by contact.
fn measure_case(
    case: &Case,
    dir: &Path,
    as_of: NaiveDate,
    runs: usize,
) -> anyhow::Result<(Measured, Measured, String)> {
    let ours_out = dir.join("scores-leadscore.parquet");
    let theirs_out = dir.join("scores-duckdb.parquet");
    let exe = std::env::current_exe()?;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..runs.max(1) {
        let mut score = Command::new(&exe);
        score
            .arg("score")
            .arg("--contacts")
            .arg(&case.contacts)
            .arg("--rules")
            .arg(&case.rules)
            .arg("--as-of")
            .arg(as_of.to_string())
            .arg("--out")
            .arg(&ours_out);
        if let Some(events) = &case.events {
            score.arg("--events").arg(events);
        }
        ours.push(measure(&score, &dir.join("leadscore.log"))?);
        let mut duckdb = Command::new("python3");
        duckdb
            .arg(dir.join("duckdb_score.py"))
            .arg(&case.query)
            .arg(&case.contacts)
            .arg(case.events.as_deref().unwrap_or(Path::new("-")))
            .arg(&theirs_out);
        theirs.push(measure(&duckdb, &dir.join("duckdb.log"))?);
    }
    let agreement = compare(&ours_out, &theirs_out)?;
    Ok((median(&ours), median(&theirs), agreement))
}

fn median(runs: &[Measured]) -> Measured {
    let pick = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    Measured {
        wall: Duration::from_secs_f64(pick(runs.iter().map(|m| m.wall.as_secs_f64()).collect())),
        cpu: Duration::from_secs_f64(pick(runs.iter().map(|m| m.cpu.as_secs_f64()).collect())),
        peak_mb: pick(runs.iter().map(|m| m.peak_mb).collect()),
    }
}

/// "yes" when both outputs give every contact the same score and stage.
fn compare(ours: &Path, theirs: &Path) -> anyhow::Result<String> {
    let read = |path: &Path| -> anyhow::Result<DataFrame> {
        let frame = ParquetReader::new(std::fs::File::open(path)?).finish()?;
        Ok(frame
            .lazy()
            .select([
                col("id").cast(DataType::String),
                col("score").cast(DataType::Int64),
                col("stage").cast(DataType::String),
            ])
            .sort(["id"], SortMultipleOptions::default())
            .collect()?)
    };
    let (ours, theirs) = (read(ours)?, read(theirs)?);
    if ours.height() != theirs.height() {
        return Ok(format!("NO: {} vs {} rows", ours.height(), theirs.height()));
    }
    let differing = ours
        .column("score")?
        .as_materialized_series()
        .not_equal_missing(theirs.column("score")?.as_materialized_series())?
        | ours
            .column("stage")?
            .as_materialized_series()
            .not_equal_missing(theirs.column("stage")?.as_materialized_series())?
        | ours
            .column("id")?
            .as_materialized_series()
            .not_equal_missing(theirs.column("id")?.as_materialized_series())?;
    let differing = differing.sum().unwrap_or(0);
    Ok(if differing == 0 {
        "yes".to_owned()
    } else {
        format!("NO: {differing} contacts differ")
    })
}

/// Starts a command and reports what it used, from a small Python process
/// so that the kernel's peak-memory figure is the command's own: a child
/// forked from this (large) process would inherit its peak.
const MEASURE_SCRIPT: &str = r#"
import os, sys, time
log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
code = os.waitstatus_to_exitcode(status)
print(f"{code} {wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"#;

/// Runs a process to its end, its output into `log`, measuring wall time,
/// CPU time (user + system) and peak resident memory (Linux reports it in
/// kilobytes; macOS in bytes, which this bench does not convert).
fn measure(command: &Command, log: &Path) -> anyhow::Result<Measured> {
    let output = Command::new("python3")
        .arg("-c")
        .arg(MEASURE_SCRIPT)
        .arg(log)
        .arg(command.get_program())
        .args(command.get_args())
        .output()
        .with_context(|| format!("cannot start {command:?}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<f64> = text
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let [code, wall, cpu, peak_kb] = fields.as_slice() else {
        bail!(
            "cannot measure {command:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    if *code != 0.0 {
        let log_text = std::fs::read_to_string(log).unwrap_or_default();
        bail!("{command:?} failed:\n{log_text}");
    }
    Ok(Measured {
        wall: Duration::from_secs_f64(*wall),
        cpu: Duration::from_secs_f64(*cpu),
        peak_mb: peak_kb / 1024.0,
    })
}
