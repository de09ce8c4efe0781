//! A deterministic mutation fuzzer over every path a user's file takes:
//! contacts, deals and events as CSV and Parquet (in memory and streamed),
//! and rule sets as RON and JSON. Seeds are the sample files and the files
//! in ../shared/bad_inputs; each case mutates one seed (bytes flipped,
//! ranges cut or repeated, quotes, delimiters, NULs, escapes and huge
//! numbers inserted, rule values replaced by hostile ones) and runs it
//! through loading, validation, scoring and the SQL export.
//!
//! Every case must end in a result or an error that names the file it
//! read, on one line without control characters — never a panic (an abort
//! would end the test binary). Successful scores must stay within the
//! bounds validation enforces, so that no sum wrapped silently.
//!
//! `LEADSCORE_FUZZ_CASES=N` runs N cases per target instead of the default
//! and `LEADSCORE_FUZZ_SEED=S` starts from another seed: the longer run the
//! README describes.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use leadscore::data::{DataSources, Dataset, LoadOptions, load_dataset};
use leadscore::engine::{score, score_in_batches};
use leadscore::export::{Dialect, SqlOptions, export_sql};
use leadscore::model::{RuleSet, load_rule_set, to_json};
use polars::prelude::*;

use super::engine::as_of;

/// Cases per target by default: ~3,000 in all, a few seconds in a release build.
const DEFAULT_CASES: u64 = 600;

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }
}

/// Byte strings real files and hostile users put into fields.
const INSERTS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"\x1b[2J\x1b[31m",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"1e309",
    b"-1e-400",
    b"NaN",
    b"inf",
    b"0x1F",
    b"1,000,000,000,000,000,000,000",
    b"$5,000",
    b"N/A",
    b"Select",
    b"1970-01-01",
    b"9999-12-31 23:59:59",
    b"0000-00-00",
    b"-99999-01-01",
    b"31/02/2025",
    b"\\",
    b"' OR TRUE --",
    b"\xe2\x80\xae",
    b"\xe2\x80\xa8",
];

/// One mutation of `bytes`, chosen by `rng`.
fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let at = rng.below(out.len() + 1);
        match rng.below(11) {
            0 => {
                if let Some(b) = out.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                if let Some(b) = out.get_mut(at) {
                    *b = [0, 0xff, 0x7f, 0x80, b'"', b',', b'\n'][rng.below(7)];
                }
            }
            2 => {
                let insert = INSERTS[rng.below(INSERTS.len())];
                out.splice(at..at, insert.iter().copied());
            }
            3 => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            4 => out.truncate(at),
            5 => {
                // A range repeated: duplicated rows, columns, footers.
                let end = (at + 1 + rng.below(256)).min(out.len());
                let copy = out[at.min(end)..end].to_vec();
                let times = 1 + rng.below(8);
                for _ in 0..times {
                    out.splice(end..end, copy.iter().copied());
                }
            }
            6 => {
                // A long run: a long cell, a long line, many delimiters.
                let fill = [b'a', b',', b'"', b' ', b'9'][rng.below(5)];
                let length = [100, 70_000, 300_000][rng.below(3)];
                out.splice(at..at, std::iter::repeat_n(fill, length));
            }
            7 => {
                // Binary metadata: a little-endian integer overwritten
                // with an extreme (sizes, counts, offsets in Parquet).
                let value: u64 =
                    [u64::MAX, i64::MAX as u64, u32::MAX as u64, 1 << 40, 0][rng.below(5)];
                let width = [1, 2, 4, 8][rng.below(4)];
                for (i, b) in value.to_le_bytes().iter().take(width).enumerate() {
                    if let Some(slot) = out.get_mut(at + i) {
                        *slot = *b;
                    }
                }
            }
            8 => {
                // The footer and its length are where Parquet readers trust
                // the file most: hit the last kilobyte harder.
                let len = out.len();
                if len > 8 {
                    let at = len - 1 - rng.below(len.min(1024));
                    out[at] = rng.next() as u8;
                }
            }
            9 => {
                // Thrift varints grown without end: 0x80 continues a number.
                let run = 1 + rng.below(12);
                out.splice(at..at, std::iter::repeat_n(0xff_u8, run));
            }
            _ => {
                // A digit run replaced by a huge or odd number.
                if let Some(start) = out.iter().skip(at).position(u8::is_ascii_digit) {
                    let start = at + start;
                    let end = out[start..]
                        .iter()
                        .position(|b| !b.is_ascii_digit())
                        .map_or(out.len(), |p| start + p);
                    let number: &[u8] = [
                        &b"9223372036854775807"[..],
                        b"99999999999999999999999",
                        b"-1",
                        b"0",
                        b"1e308",
                    ][rng.below(5)];
                    out.splice(start..end, number.iter().copied());
                }
            }
        }
    }
    out
}

/// The seed files of one target.
struct Seeds {
    /// (name, bytes, extension).
    files: Vec<(String, Vec<u8>, &'static str)>,
}

fn head_lines(path: &str, lines: usize) -> Vec<u8> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: String = text.lines().take(lines).collect::<Vec<_>>().join("\n");
    out.push('\n');
    out.into_bytes()
}

fn parquet_bytes(frame: &mut DataFrame) -> Vec<u8> {
    let mut out = Vec::new();
    ParquetWriter::new(&mut out).finish(frame).unwrap();
    out
}

fn csv_frame(bytes: &[u8]) -> DataFrame {
    CsvReadOptions::default()
        .with_infer_schema_length(Some(100))
        .into_reader_with_file_handle(std::io::Cursor::new(bytes.to_vec()))
        .finish()
        .unwrap()
}

fn bad_inputs(ends: &[&str], except: &[&str]) -> Vec<(String, Vec<u8>, &'static str)> {
    let folder = Path::new("../shared/bad_inputs");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        eprintln!("fuzz: no ../shared/bad_inputs here; seeding from the sample only");
        return out;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| ends.iter().any(|e| n.ends_with(e)) && !except.contains(&n.as_str()))
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(folder.join(&name)).unwrap();
        let extension = if name.ends_with(".parquet") {
            "parquet"
        } else if name.ends_with(".ron") {
            "ron"
        } else {
            "csv"
        };
        out.push((name, bytes, extension));
    }
    out
}

/// Small clean tables every case starts from.
struct Clean {
    contacts_csv: Vec<u8>,
    contacts_parquet: Vec<u8>,
    deals_csv: Vec<u8>,
    events_parquet: Vec<u8>,
    events_csv: Vec<u8>,
}

fn clean() -> Clean {
    let contacts_csv = head_lines("sample_data/contacts.csv", 120);
    let contacts_parquet = parquet_bytes(&mut csv_frame(&contacts_csv));
    let deals_csv = head_lines("sample_data/deals.csv", 60);
    let events = ParquetReader::new(std::fs::File::open("sample_data/events.parquet").unwrap())
        .finish()
        .unwrap();
    // The events of the first contacts, so that event rules match some.
    let ids = csv_frame(&contacts_csv)
        .column("Record ID")
        .unwrap()
        .cast(&DataType::String)
        .unwrap()
        .as_materialized_series()
        .clone();
    let id_column = events.get_column_names()[0].clone();
    let mut events = events
        .lazy()
        .filter(
            col(id_column.clone())
                .cast(DataType::String)
                .is_in(lit(ids).implode(false), false),
        )
        .limit(600)
        .collect()
        .unwrap();
    let events_parquet = parquet_bytes(&mut events);
    let mut events_csv = Vec::new();
    CsvWriter::new(&mut events_csv).finish(&mut events).unwrap();
    Clean {
        contacts_csv,
        contacts_parquet,
        deals_csv,
        events_parquet,
        events_csv,
    }
}

fn rule_sets() -> Vec<RuleSet> {
    [
        "sample_data/marketing_proposal.ron",
        "sample_data/sales_proposal.ron",
        "sample_data/current_production.ron",
    ]
    .iter()
    .map(|p| load_rule_set(Path::new(p)).unwrap())
    .collect()
}

/// What went wrong in one case.
#[derive(Debug)]
struct Finding {
    target: &'static str,
    case: u64,
    file: PathBuf,
    problem: String,
}

/// How many cases per target, and the first seed.
fn settings() -> (u64, u64) {
    let cases = std::env::var("LEADSCORE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let seed = std::env::var("LEADSCORE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(14);
    (cases, seed)
}

/// Checks an error's text: the file named, one line once made safe, short.
fn check_error(text: &str, file: &Path, problems: &mut Vec<String>) {
    let name = file.file_name().unwrap().to_string_lossy();
    if !text.contains(name.as_ref()) {
        problems.push(format!("the error does not name the file: {text}"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        problems.push(format!(
            "the error repeats control characters: {}",
            text.escape_debug()
        ));
    }
    if text.chars().count() > 2_000 {
        problems.push(format!(
            "the error is {} characters long: {}…",
            text.chars().count(),
            text.chars().take(200).collect::<String>()
        ));
    }
    for internal in [
        "polars",
        "_duplicated_",
        "recursion_limit",
        "serde",
        "Arrow",
        "thrift",
    ] {
        if text.contains(internal) {
            problems.push(format!("the error speaks of {internal}: {text}"));
        }
    }
}

/// Scores `data` with each rule set and checks the sums stay in bounds.
fn score_all(data: &Dataset, rules: &[RuleSet], problems: &mut Vec<String>) {
    for r in rules {
        match score(data, r, as_of()) {
            Ok(scores) => {
                let wild = scores
                    .total
                    .iter()
                    .chain(&scores.fit)
                    .chain(&scores.engagement)
                    .any(|v| v.unsigned_abs() > 1_000_000_000_000);
                if wild {
                    problems.push(format!("a score out of bounds with \"{}\"", r.name));
                }
            }
            // The sample rule sets need columns a mutated header may lose:
            // a validation error is a right answer.
            Err(e) => {
                let text = leadscore::errors::chain(&e);
                if text.chars().any(|c| c.is_control()) {
                    problems.push(format!(
                        "the error repeats control characters: {}",
                        text.escape_debug()
                    ));
                }
            }
        }
    }
}

/// Runs `case` under catch_unwind; a panic is a finding.
fn run_case(
    findings: &mut Vec<Finding>,
    target: &'static str,
    case: u64,
    file: &Path,
    body: impl FnOnce(&mut Vec<String>),
) {
    let verbose = std::env::var_os("LEADSCORE_FUZZ_VERBOSE").is_some();
    if verbose {
        eprintln!("fuzz: {target} case {case}: {}", file.display());
    }
    let started = std::time::Instant::now();
    let mut problems = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| body(&mut problems)));
    if verbose {
        eprintln!(
            "fuzz: {target} case {case}: {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    if let Err(payload) = outcome {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        problems.push(format!(
            "panic: {}",
            message.chars().take(300).collect::<String>()
        ));
    }
    for problem in problems {
        findings.push(Finding {
            target,
            case,
            file: file.to_owned(),
            problem,
        });
    }
}

/// The data targets: which table the mutated file plays.
#[derive(Clone, Copy)]
enum Table {
    Contacts,
    Deals,
    Events,
}

fn fuzz_data(
    table: Table,
    target: &'static str,
    seeds: &Seeds,
    clean: &Clean,
    rules: &[RuleSet],
    dir: &Path,
    findings: &mut Vec<Finding>,
) -> u64 {
    let (cases, seed) = settings();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let contacts = write("contacts.csv", &clean.contacts_csv);
    let deals = write("deals.csv", &clean.deals_csv);
    let events = write("events.parquet", &clean.events_parquet);
    for case in 0..cases {
        let mut rng = Rng(seed.wrapping_mul(1_000_003).wrapping_add(case) ^ target.len() as u64);
        let (name, bytes, extension) = &seeds.files[rng.below(seeds.files.len())];
        let mutated = if case == 0 {
            bytes.clone()
        } else {
            mutate(bytes, &mut rng)
        };
        let file = write(
            &format!("{target}-{case}-{}.{extension}", name.replace('.', "_")),
            &mutated,
        );
        let sources = match table {
            Table::Contacts => DataSources {
                contacts: file.clone(),
                deals: Some(deals.clone()),
                events: Some(events.clone()),
            },
            Table::Deals => DataSources {
                contacts: contacts.clone(),
                deals: Some(file.clone()),
                events: None,
            },
            Table::Events => DataSources {
                contacts: contacts.clone(),
                deals: None,
                events: Some(file.clone()),
            },
        };
        let streamed = case % 4 == 1;
        run_case(findings, target, case, &file, |problems| {
            let options = LoadOptions::default();
            match load_dataset(&sources, &options) {
                Ok(data) => {
                    if case % 3 == 0 {
                        score_all(&data, rules, problems);
                    }
                }
                Err(e) => check_error(&e.to_string(), &file, problems),
            }
            if streamed {
                let out = dir.join(format!("scores-{case}.csv"));
                let result =
                    score_in_batches(&sources, &options, &rules[2], &out, None, 37, |_, _| {});
                match result {
                    Ok(_) => {}
                    // A rule set that needs a column the mutation lost is
                    // refused by validation; the data errors name a file.
                    Err(leadscore::engine::BatchError::Engine(_)) => {}
                    Err(e) => {
                        let text = leadscore::errors::chain(&e);
                        let named = [&sources.contacts, &file, &out].iter().any(|p| {
                            text.contains(p.file_name().unwrap().to_string_lossy().as_ref())
                        });
                        if !named {
                            problems.push(format!("the streamed error names no file: {text}"));
                        }
                        check_error(&text, &file, &mut Vec::new());
                    }
                }
                let _ = std::fs::remove_file(&out);
            }
        });
        if std::env::var_os("LEADSCORE_FUZZ_VERBOSE").is_none() {
            let _ = std::fs::remove_file(&file);
        }
    }
    cases
}

/// Replaces values in a rule set's JSON with hostile ones: extreme
/// points, NaN and infinite bounds, huge lists, control characters and
/// very long names.
fn hostile_json(value: &mut serde_json::Value, rng: &mut Rng, grown: &mut bool) {
    use serde_json::Value;
    match value {
        Value::Number(_) if rng.chance(6) => {
            *value = match rng.below(7) {
                0 => Value::from(i64::MAX),
                1 => Value::from(i64::MIN),
                2 => Value::from(u64::MAX),
                3 => serde_json::json!(1e308),
                4 => serde_json::json!(-1e308),
                5 => Value::from(-1),
                _ => Value::from(4_000_000_000_u64),
            }
        }
        Value::String(s) if rng.chance(8) => {
            *s = match rng.below(6) {
                0 => "\u{1b}[2J\r\0".to_owned(),
                1 => "x".repeat(200_000),
                2 => String::new(),
                3 => "(".to_owned(),
                4 => "a{1000}{1000}".to_owned(),
                _ => "\u{202e}évil\u{2028}".to_owned(),
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                hostile_json(item, rng, grown);
            }
            // One list per rule set grown, after the walk, so that copies
            // are not grown again.
            if !*grown && rng.chance(40) && !items.is_empty() {
                *grown = true;
                let first = items[0].clone();
                // At most ~40 MB of copies: a rule with a long name
                // repeated 20,000 times would be 4 GB.
                let size = first.to_string().len().max(1);
                let copies = [2_000, 20_000][rng.below(2)].min(40_000_000 / size);
                items.extend(std::iter::repeat_n(first, copies));
            } else if rng.chance(30) {
                items.clear();
            }
        }
        Value::Object(map) => {
            for (_, v) in map.iter_mut() {
                hostile_json(v, rng, grown);
            }
        }
        _ => {}
    }
}

fn fuzz_rules(rules: &[RuleSet], data: &Dataset, dir: &Path, findings: &mut Vec<Finding>) -> u64 {
    let (cases, seed) = settings();
    let mut seeds: Vec<(String, Vec<u8>, &'static str)> = [
        "sample_data/marketing_proposal.ron",
        "sample_data/sales_proposal.ron",
        "sample_data/current_production.ron",
    ]
    .iter()
    .map(|p| (p.to_string(), std::fs::read(p).unwrap(), "ron"))
    .collect();
    for r in rules {
        seeds.push((
            format!("{}.json", r.name),
            to_json(r).unwrap().into_bytes(),
            "json",
        ));
    }
    seeds.extend(bad_inputs(&[".ron"], &[]));
    let schema = &data.schema;
    for case in 0..cases * 2 {
        let mut rng = Rng(seed.wrapping_mul(7_919).wrapping_add(case) ^ 0x5EED);
        let (_, bytes, extension) = &seeds[rng.below(seeds.len())];
        let mutated = if case % 2 == 0 || *extension != "json" {
            mutate(bytes, &mut rng)
        } else {
            // Structure kept, values hostile: what validation must catch.
            let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            hostile_json(&mut value, &mut rng, &mut false);
            serde_json::to_vec(&value).unwrap()
        };
        let file = dir.join(format!("rules-{case}.{extension}"));
        std::fs::write(&file, &mutated).unwrap();
        run_case(
            findings,
            "rules",
            case,
            &file,
            |problems| match load_rule_set(&file) {
                Ok(rule_set) => {
                    score_all(data, std::slice::from_ref(&rule_set), problems);
                    let options = SqlOptions::for_dataset(
                        Dialect::DuckDb,
                        data,
                        "contacts",
                        "events",
                        as_of(),
                    );
                    if let Err(e) = export_sql(&rule_set, schema, &options) {
                        let text = leadscore::errors::chain(&e);
                        if text.chars().any(|c| c.is_control()) {
                            problems.push(format!(
                                "the SQL error repeats control characters: {}",
                                text.escape_debug()
                            ));
                        }
                    }
                }
                Err(e) => check_error(&leadscore::errors::chain(&e), &file, problems),
            },
        );
        if std::env::var_os("LEADSCORE_FUZZ_VERBOSE").is_none() {
            let _ = std::fs::remove_file(&file);
        }
    }
    cases * 2
}

#[test]
fn mutated_files_end_in_a_result_or_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let clean = clean();
    let rules = rule_sets();
    let mut findings = Vec::new();
    let mut total = 0;

    let mut contacts = Seeds {
        files: vec![
            ("contacts.csv".to_owned(), clean.contacts_csv.clone(), "csv"),
            (
                "contacts.parquet".to_owned(),
                clean.contacts_parquet.clone(),
                "parquet",
            ),
        ],
    };
    contacts.files.extend(bad_inputs(
        &[".csv", ".parquet"],
        &[
            "huge_field.csv",
            "deals_bad_values.csv",
            "deals_unknown_contacts.csv",
            "events_bad_timestamps.csv",
        ],
    ));
    total += fuzz_data(
        Table::Contacts,
        "contacts",
        &contacts,
        &clean,
        &rules,
        dir.path(),
        &mut findings,
    );

    let mut deals = Seeds {
        files: vec![("deals.csv".to_owned(), clean.deals_csv.clone(), "csv")],
    };
    deals.files.extend(bad_inputs(
        &["deals_bad_values.csv", "deals_unknown_contacts.csv"],
        &[],
    ));
    total += fuzz_data(
        Table::Deals,
        "deals",
        &deals,
        &clean,
        &rules,
        dir.path(),
        &mut findings,
    );

    let mut events = Seeds {
        files: vec![
            (
                "events.parquet".to_owned(),
                clean.events_parquet.clone(),
                "parquet",
            ),
            ("events.csv".to_owned(), clean.events_csv.clone(), "csv"),
        ],
    };
    events.files.extend(bad_inputs(
        &["events_bad_timestamps.csv", "truncated.parquet"],
        &[],
    ));
    total += fuzz_data(
        Table::Events,
        "events",
        &events,
        &clean,
        &rules,
        dir.path(),
        &mut findings,
    );

    let sample = load_dataset(
        &DataSources {
            contacts: dir.path().join("contacts.csv"),
            deals: Some(dir.path().join("deals.csv")),
            events: Some(dir.path().join("events.parquet")),
        },
        &LoadOptions::default(),
    )
    .unwrap();
    total += fuzz_rules(&rules, &sample, dir.path(), &mut findings);

    eprintln!("fuzz: {total} cases, {} findings", findings.len());
    let shown: Vec<String> = findings
        .iter()
        .take(40)
        .map(|f| {
            format!(
                "{} case {} ({}): {}",
                f.target,
                f.case,
                f.file.display(),
                f.problem
            )
        })
        .collect();
    assert!(
        findings.is_empty(),
        "{} findings:\n{}",
        findings.len(),
        shown.join("\n")
    );
}
